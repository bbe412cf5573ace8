"""Turning a :class:`Reading` into a value and an interval, given the publication date (the anchor).

News dates its events by the day it appears: "Friday" is the Friday on or
before publication unless the verb says the event is still to come; "last
year" is the year before the publication's. Without an anchor, a relative
reading keeps its symbolic value (see :mod:`.values`) and is marked
unanchored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...lexicon.calendar import HOLIDAYS
from .reading import Reading
from .values import (
    SEASONS,
    add_months,
    interval_of,
    month_end,
    part_of,
    quarter_of,
    week_value,
)


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    start: date | None
    end: date | None
    anchored: bool


def parse_anchor(published: str | None) -> date | None:
    """The publication day of an ISO date or timestamp ("2017-03-08", "1998-02-13T14:26:00"); None if none."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def shift_value(anchor: date, unit: str, n: int) -> str | None:
    """The anchor moved by ``n`` units, written at the unit's granularity ("last year" -> "2016")."""
    if unit == "Y":
        y = anchor.year + n
        return f"{y:04d}" if 0 < y < 10000 else None
    if unit == "Q":
        q = anchor.year * 4 + quarter_of(anchor) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "H":
        h = anchor.year * 2 + (anchor.month > 6) + n
        return f"{h // 2:04d}-H{h % 2 + 1}"
    if unit == "M":
        d = add_months(anchor.replace(day=1), n)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "W":
        return week_value(anchor + timedelta(weeks=n))
    if unit == "D":
        return (anchor + timedelta(days=n)).isoformat()
    if unit == "E":
        return f"{anchor.year // 10 + n:03d}"
    if unit == "C":
        return f"{anchor.year // 100 + n:02d}"
    return None


def _occurrences(r: Reading, year: int) -> tuple[date, date] | None:
    """The interval of the month, day, season, quarter, half or holiday ``r`` names in ``year``."""
    try:
        if r.unit == "month":
            if r.day:
                d = date(year, r.n, r.day)
                return d, d
            return date(year, r.n, 1), month_end(year, r.n)
        if r.unit == "season":
            return interval_of(f"{year:04d}-{r.name}")
        if r.unit == "quarter":
            return date(year, 3 * r.n - 2, 1), month_end(year, 3 * r.n)
        if r.unit == "half":
            return date(year, 6 * r.n - 5, 1), month_end(year, 6 * r.n)
        if r.unit == "holiday":
            d = HOLIDAYS[r.name](year)
            return d, d
    except (ValueError, KeyError):
        return None
    return None


def nearest(r: Reading, anchor: date, direction: int) -> tuple[int, date, date] | None:
    """The occurrence of ``r`` before (-1), after (+1) or nearest (0) the anchor: (year, start, end).

    Quarters and halves without a tense default to the anchor's own year: an
    earnings report in October speaks of "the third quarter" just ended and
    "the fourth quarter" to come, both of this year.
    """
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        iv = _occurrences(r, y)
        if iv is not None:
            cands.append((y, iv[0], iv[1]))
    if not cands:
        return None
    if r.strict:
        # "last June" in June is a year ago; "next June" in June is a year ahead
        if direction < 0:
            before = [c for c in cands if c[2] < anchor and not (c[1] <= anchor <= c[2])]
            return before[-1] if before else None
        after = [c for c in cands if c[1] > anchor and not (c[1] <= anchor <= c[2])]
        return after[0] if after else None
    if r.unit in ("quarter", "half"):
        # Companies report a quarter in the weeks after it ends: "will report third-quarter results" in
        # October is this year's third quarter, not next year's. So a future tense reaches back one
        # reporting season, a past one is the latest begun by the anchor, and with no tense the
        # nearest (in February "the fourth quarter" is last year's, in August this year's).
        if direction > 0:
            return next((c for c in cands if c[2] >= anchor - timedelta(days=100)), None)
        if direction < 0:
            return next((c for c in reversed(cands) if c[1] <= anchor), None)
    for c in cands:
        if c[1] <= anchor <= c[2]:
            return c
    # The nearest occurrence, distances on the side the tense speaks against counted four times
    # and, with no tense, future ones twice: news reports mostly what has happened, but a past
    # tense does not move "payable Dec. 15" in late October to the year before (TimeBank).
    past_weight, future_weight = {-1: (1, 4), 1: (4, 1)}.get(direction, (1, 2))

    def cost(c: tuple[int, date, date]) -> int:
        middle = c[1] + (c[2] - c[1]) / 2
        if middle < anchor:
            return (anchor - middle).days * past_weight
        return (middle - anchor).days * future_weight

    return min(cands, key=cost)


def nearest_weekday(anchor: date, weekday: int, direction: int, strict: bool) -> date:
    """The ``weekday`` on or before the anchor (-1 or 0) or on or after it (+1); ``strict`` skips the
    anchor's own day."""
    if direction > 0:
        k = (weekday - anchor.isoweekday()) % 7
        if strict and k == 0:
            k = 7
        return anchor + timedelta(days=k)
    k = (anchor.isoweekday() - weekday) % 7
    if strict and k == 0:
        k = 7
    return anchor - timedelta(days=k)


def _value_of_occurrence(r: Reading, year: int, start: date) -> str:
    if r.unit == "month":
        return f"{year:04d}-{r.n:02d}-{r.day:02d}" if r.day else f"{year:04d}-{r.n:02d}"
    if r.unit == "season":
        return f"{year:04d}-{r.name}"
    if r.unit == "quarter":
        return f"{year:04d}-Q{r.n}"
    if r.unit == "half":
        return f"{year:04d}-H{r.n}"
    return start.isoformat()


_DURATION = re.compile(r"^P(\d+)([YQMWD])$")


def _duration_interval(value: str, anchor: date, span_dir: int) -> tuple[date, date] | None:
    """Where a duration that ends (span_dir -1) or starts (+1) at the anchor lies."""
    m = _DURATION.match(value)
    if not m or not span_dir:
        return None
    n, unit = int(m.group(1)), m.group(2)
    months = {"Y": 12 * n, "Q": 3 * n, "M": n}.get(unit)
    try:
        if months is not None:
            other = add_months(anchor, -months if span_dir < 0 else months)
        else:
            days = n * (7 if unit == "W" else 1)
            other = anchor + timedelta(days=-days if span_dir < 0 else days)
    except (ValueError, OverflowError):
        return None
    return (other, anchor) if span_dir < 0 else (anchor, other)


def resolve(r: Reading, anchor: date | None, *, tense: int = 0, focus: str | None = None,
            reference: date | None = None) -> Resolved:
    """The value and interval of ``r``: absolute readings as they are, relative ones against ``anchor``.

    ``tense`` is -1, 0 or +1 for the verb the expression modifies (past, none
    or present, future); ``focus`` is the quarter the document last named
    ("1989-Q3"), which "the quarter" and "a year ago" in earnings reports refer to;
    ``reference`` the day the story last named, from which "the following year" counts.
    """
    if r.kind == "ref":
        if anchor is None:
            return Resolved(r.value, None, None, True)
        if r.value == "PRESENT_REF":
            return Resolved(r.value, anchor, anchor, True)
        if r.value == "PAST_REF":
            return Resolved(r.value, None, anchor, True)
        return Resolved(r.value, anchor, None, True)
    if r.kind == "abs":
        if r.type == "DURATION":
            iv = _duration_interval(r.value, anchor, r.span_dir) if anchor else None
            return Resolved(r.value, iv[0], iv[1], True) if iv else Resolved(r.value, None, None, True)
        return _finish(r, r.value, anchor)
    if anchor is None:
        return Resolved(r.value, None, None, False)
    value: str | None = None
    if r.kind == "shift":
        value = shift_value(anchor, r.unit, r.n)
        if value is not None:
            value += r.fill
    elif r.kind == "narrative":
        value = shift_value(reference or anchor, r.unit, r.n)
    elif r.kind == "nearest":
        direction = r.direction or tense
        if r.unit == "weekend":
            saturday = nearest_weekday(anchor, 6, direction if direction > 0 else -1, False)
            if direction <= 0 and anchor.isoweekday() == 7:
                saturday = anchor - timedelta(days=1)
            value = week_value(saturday) + "-WE"
        elif r.unit == "weekday":
            d = nearest_weekday(anchor, r.n, direction if direction > 0 else -1, r.strict)
            value = d.isoformat() + r.fill
        else:
            found = nearest(r, anchor, direction)
            if found is not None:
                value = _value_of_occurrence(r, found[0], found[1]) + r.fill
    elif r.kind == "focus":
        q = focus or shift_value(anchor, "Q", -1)
        if q is not None:
            year, quarter = q.split("-")
            # "the 1988 quarter": the quarter in focus, in the year named
            value = f"{int(r.name or year) + r.n:04d}-{quarter}"
    if value is None:
        return Resolved(r.value, None, None, False)
    return _finish(r, value, anchor)


def _finish(r: Reading, value: str, anchor: date | None) -> Resolved:
    iv = interval_of(value)
    if iv is None:
        return Resolved(value, None, None, True)
    start, end = iv
    if r.span_dir and anchor is not None and r.type == "DATE" and r.kind == "shift":
        # "the past year": the value is last year (TempEval-3), the interval the twelve months to the anchor
        months = {"Y": 12, "Q": 3, "M": 1, "E": 120, "C": 1200}.get(r.unit)
        if months:
            start, end = add_months(anchor, -months), anchor
        elif r.unit in ("W", "D"):
            start, end = anchor - timedelta(days=7 if r.unit == "W" else 1), anchor
        return Resolved(value, start, end, True)
    if r.part in ("START", "MID", "END"):
        start, end = part_of(start, end, r.part)
    elif r.part == "EARLIER" and anchor is not None and start <= anchor <= end:
        end = anchor
    elif r.part == "LATER" and anchor is not None and start <= anchor <= end:
        start = anchor
    return Resolved(value, start, end, True)


__all__ = ["SEASONS", "Resolved", "nearest", "nearest_weekday", "parse_anchor", "resolve", "shift_value"]
