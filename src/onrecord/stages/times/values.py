"""TIMEX3 values: the grammar the times stage emits, date arithmetic, and intervals.

The values follow TimeML's TIMEX3 ``value`` attribute (ISO-TimeML, Pustejovsky
et al. 2010; the TempEval-3 gold uses the same forms):

* calendar dates of any granularity: ``2013``, ``2016-12``, ``2017-03-07``,
  weeks ``1998-W17`` (and the weekend ``1998-W17-WE``), quarters ``1998-Q1``,
  halves ``1998-H2``, seasons ``2013-SU`` (SP, SU, FA, WI), decades ``199``,
  centuries ``19``; any digit may be ``X`` when unknown (``XXXX-12``,
  ``XXXX-WXX-2`` for "Tuesday", ``1989-QX``);
* a time of day after a day: ``1998-01-08T10:35``, ``1998-01-08T17``, with ``Z`` when
  given in UTC or GMT (``2009-06-01T12:00Z``), or a part of the day ``1998-01-08TEV``
  (MO, AF, EV, NI, DT);
* durations ``P3Y``, ``P2Y6M``, ``PT5H30M``, ``PXY`` ("years"), with the TimeML
  units E (decade), C (century) and L (millennium) besides the ISO ones;
* the vague references ``PRESENT_REF``, ``PAST_REF`` and ``FUTURE_REF``.

One form is onrecord's own, for relative expressions in a document whose
publication date is unknown (``anchored`` false in the record): an offset from
the unknown reference date at the offset's granularity, optionally followed by
``/`` and the pattern filled in inside that period:

* ``P-1Y`` "last year", ``P+0M`` "this month", ``P-2W`` "two weeks ago",
  ``P-1D`` "yesterday", ``P+1D`` "tomorrow", ``P+0Q`` "this quarter";
* ``P-1Y/XXXX-12`` "December last year", ``P-1D/XXXX-XX-XXTNI`` "last night".

The units are Y, Q (quarter), H (half-year), M, W, D, E (decade) and C (century):
``P-1E`` is "the last decade", ``P+0H`` "this half". The sign is always written
(``P+0M``), which keeps these apart from durations.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# One regular expression for every value form above; ``is_valid_value`` checks a value against it.
_X4 = r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)"
_MM = r"(?:0[1-9]|1[0-2]|XX)"
_DD = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WW = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_TOD = r"(?:T(?:(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?Z?|MO|AF|EV|NI|DT))"
_CAL = (
    rf"(?:{_X4}(?:-{_MM}(?:-{_DD}{_TOD}?)?|-W{_WW}(?:-(?:[1-7X]{_TOD}?|WE))?|-Q[1-4X]|-H[12X]"
    rf"|-(?:SP|SU|FA|WI))?|\d{{3}}|\d{{2}}|\d{{2}}X|\d{{2}}XX)"
)
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DUR = rf"(?:P(?:(?:{_NUM}[YQMWDECL])+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+))"
_REL = rf"(?:P[+-]\d+[YQHMWDEC](?:/{_CAL}|/{_TOD})?)"
_VALUE = re.compile(rf"(?:{_CAL}|{_DUR}|{_REL}|PRESENT_REF|PAST_REF|FUTURE_REF)")

SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def is_valid_value(value: str) -> bool:
    """Whether ``value`` is one of the TIMEX3 forms (or the documented relative form) above."""
    return _VALUE.fullmatch(value) is not None


def is_relative(value: str) -> bool:
    """Whether ``value`` is onrecord's unanchored relative form (``P-1Y``, ``P+0M/XXXX-12``)."""
    return len(value) > 2 and value[0] == "P" and value[1] in "+-"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clipped to the month's length."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def add_years(d: date, n: int) -> date:
    return add_months(d, 12 * n)


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def iso_week_monday(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


_Y = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?$")
_W = re.compile(r"^(\d{4})-W(\d\d)(?:-([1-7]|WE))?(?:T.*)?$")
_QHS = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_DEC = re.compile(r"^(\d{2,3})$")


def interval_of(value: str) -> tuple[date, date] | None:
    """The first and last day a DATE or TIME value covers, or None for one with unknown parts."""
    try:
        m = _Y.match(value)
        if m:
            y = int(m.group(1))
            if m.group(3):
                d = date(y, int(m.group(2)), int(m.group(3)))
                return d, d
            if m.group(2):
                mo = int(m.group(2))
                return date(y, mo, 1), month_end(y, mo)
            return date(y, 1, 1), date(y, 12, 31)
        m = _W.match(value)
        if m:
            mon = iso_week_monday(int(m.group(1)), int(m.group(2)))
            part = m.group(3)
            if part == "WE":
                return mon + timedelta(days=5), mon + timedelta(days=6)
            if part:
                d = mon + timedelta(days=int(part) - 1)
                return d, d
            return mon, mon + timedelta(days=6)
        m = _QHS.match(value)
        if m:
            y, p = int(m.group(1)), m.group(2)
            if p[0] == "Q":
                q = int(p[1])
                return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
            if p[0] == "H":
                h = int(p[1])
                return date(y, 6 * h - 5, 1), month_end(y, 6 * h)
            first, last = SEASONS[p]
            return date(y, first, 1), month_end(y + (last < first), last)
        m = _DEC.match(value)
        if m:
            digits = m.group(1)
            span = 10 if len(digits) == 3 else 100
            y0 = int(digits) * span
            if y0 < 1:
                return None
            return date(y0, 1, 1), date(y0 + span - 1, 12, 31)
    except ValueError:  # a day that does not exist ("February 30") or a week 53 in a 52-week year
        return None
    return None


def part_of(start: date, end: date, part: str) -> tuple[date, date]:
    """The early, middle or late third of an interval: "late 2013" is September to December 2013,
    "early March" the 1st to the 10th.

    TimeML marks these with ``mod`` START, MID and END and leaves the value
    alone; the interval is where the difference shows. An interval of whole
    months (a year, a quarter, a decade) is cut at month boundaries.
    """
    if part not in ("START", "MID", "END"):
        return start, end
    whole_months = start.day == 1 and end == month_end(end.year, end.month)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and months >= 3:
        third = months // 3
        if part == "START":
            return start, month_end(*_ym(add_months(start, third - 1)))
        if part == "END":
            return add_months(start, months - third), end
        return add_months(start, third), month_end(*_ym(add_months(start, months - third - 1)))
    days = (end - start).days + 1
    if days < 3:  # "late yesterday": a day has no thirds worth an interval
        return start, end
    third = days // 3
    if part == "START":
        return start, start + timedelta(days=third - 1)
    if part == "END":
        return max(start, end - timedelta(days=days - 2 * third - 1)), end
    return start + timedelta(days=third), max(start + timedelta(days=third), end - timedelta(days=days - 2 * third))


def _ym(d: date) -> tuple[int, int]:
    return d.year, d.month
