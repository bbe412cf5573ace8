"""The time grammar's rules for days and hours: "today" and "yesterday morning", parts of the day,
clock times ("10:35 a.m.", "noon Thursday"), sets ("every Tuesday", "daily", "twice a year") and the
vague present, past and future ("now", "recently", "the future").
"""

from __future__ import annotations

import re

from ...lexicon.calendar import PARTS_OF_DAY, SEASONS
from .parse import _cap, _norm, parse_month, parse_number, parse_part, parse_weekday, parse_year
from .patterns import (
    _B,
    _DAY,
    _E,
    _MONTH,
    _NUMWORD,
    _POD,
    _UNIT,
    _UNIT_SG,
    _WEEKDAY,
    _YEAR,
    PLURAL_UNITS,
    UNITS,
    _rx,
)
from .reading import Reader, Reading

# "today", "yesterday morning", "late yesterday", "tonight", "the day before yesterday"
_DEICTIC = _rx(rf"""{_B}(?:(?P<part>early|earlier|late|later|mid)[\s-]+)?
    (?:the\s+day\s+(?P<ba>before|after)\s+)?(?P<w>today|yesterday|tomorrow|tonight)(?:['’]s)?
    (?:\s+(?P<pod>{_POD}))?{_E}""")


def read_deictic(m: re.Match[str], text: str) -> Reading:
    w = _norm(m["w"])
    k = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    if m["ba"]:
        k += -1 if _norm(m["ba"]) == "before" else 1
    pod = _norm(m["pod"]) if m["pod"] else ("night" if w == "tonight" else "")
    if pod:
        fill = "T" + PARTS_OF_DAY[pod]
        return Reading("TIME", f"P{k:+d}D/XXXX-XX-XX{fill}", kind="shift", unit="D", n=k, fill=fill)
    return Reading("DATE", f"P{k:+d}D", kind="shift", unit="D", n=k, part=parse_part(m["part"]))


# "this morning", "last night", "later this afternoon"
_POD_RULE = _rx(rf"""{_B}(?:(?P<part>early|earlier|late|later|mid)[\s-]*)?(?:(?P<rel>this|last|yesterday|tomorrow)\s+)?
    (?P<pod>{_POD})(?:\s+(?P<dx>yesterday|today|tomorrow))?{_E}""")


def read_part_of_day(m: re.Match[str], text: str) -> Reading | None:
    if not (m["rel"] or m["dx"] or (m["part"] and _norm(m["part"]) in ("mid", "late", "early"))):
        return None  # "the morning", "evening": which one is anyone's guess
    rel = _norm(m["rel"] or m["dx"] or "")
    pod = _norm(m["pod"])
    k = -1 if (rel == "last" and pod in ("night", "evening")) or rel == "yesterday" else 1 if rel == "tomorrow" else 0
    fill = "T" + PARTS_OF_DAY[pod]
    return Reading("TIME", f"P{k:+d}D/XXXX-XX-XX{fill}", kind="shift", unit="D", n=k, fill=fill)

# "10:35 a.m.", "6 a.m. EST Nov. 9", "noon Thursday", "midnight Friday", "around 7:15 p.m.", "4 in the morning"
_CLOCK = _rx(rf"""{_B}(?:(?P<mod>around|about|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?
    (?:(?P<h>[012]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\b\.?|[ap]m\b)
      |(?P<h2>[012]?\d):?(?P<mi2>[0-5]\d)(?=\s*(?:hours|GMT|UTC|[ECMP][SD]T|local|o['’]clock))
      |(?P<noon>noon|midnight|midday)
      |(?P<h3>{_NUMWORD}|\d{{1,2}})\s+o['’]clock
      |(?P<h4>\d{{1,2}}|{_NUMWORD})\s+in\s+the\s+(?P<pod4>morning|afternoon|evening|night))
    (?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time|Greenwich\s+Mean\s+Time)(?![\w]))?
    (?:,?\s+(?:on\s+)?(?:(?P<wd>{_WEEKDAY})|(?P<dx>today|yesterday|tomorrow)
       |(?P<mon>{_MONTH})\.?\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?)(?![\w]))?""")


def read_clock(m: re.Match[str], text: str) -> Reading | None:
    if m["noon"]:
        w = _norm(m["noon"])
        hh, mm = ("24", "") if w == "midnight" else ("12", "00")
    else:
        raw = m["h"] or m["h2"] or m["h3"] or m["h4"]
        n = parse_number(raw) if raw else None
        if n is None or n > 24:
            return None
        h = int(n)
        minute = m["mi"] or m["mi2"]
        ap = (m["ap"] or "").lower()
        pod = _norm(m["pod4"] or "")
        if ap.startswith("p") or pod in ("afternoon", "evening", "night") and h < 12:
            if h < 12:
                h += 12
        elif (ap.startswith("a") or pod == "morning") and h == 12:
            h = 0
        hh = f"{h:02d}"
        mm = minute or ("00" if (m["ap"] or m["h3"] or m["h4"]) else "")
        if m["h2"] and h > 23:
            return None
    tod = f"T{hh}:{mm}" if mm else f"T{hh}"
    if m["tz"] and _norm(m["tz"]) in ("utc", "gmt", "greenwich mean time"):
        tod += "Z"  # ISO 8601: a time in UTC carries Z
    approx = bool(m["mod"]) and _norm(m["mod"]) in ("around", "about", "approximately")
    if m["mon"] and _cap(m["mon"]):
        mon = parse_month(m["mon"])
        day = int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
        if mon is None:
            return None
        if m["year"]:
            return Reading("TIME", f"{parse_year(m['year']):04d}-{mon:02d}-{day:02d}{tod}", approx=approx)
        return Reading("TIME", f"XXXX-{mon:02d}-{day:02d}{tod}", kind="nearest", unit="month", n=mon, day=day,
                       fill=tod, approx=approx)
    if m["wd"] and _cap(m["wd"]):
        wd = parse_weekday(m["wd"])
        if wd is not None:
            return Reading("TIME", f"XXXX-WXX-{wd}{tod}", kind="nearest", unit="weekday", n=wd, fill=tod,
                           approx=approx)
    k = {"yesterday": -1, "tomorrow": 1}.get(_norm(m["dx"] or ""), 0)
    return Reading("TIME", f"P{k:+d}D/XXXX-XX-XX{tod}", kind="shift", unit="D", n=k, fill=tod, approx=approx)


# "every Tuesday", "each month", "daily", "twice a year", "every three years"
_SET = _rx(rf"""{_B}(?:(?P<every>every|each)\s+(?:(?P<other>other|second)\s+)?(?:(?P<num>{_NUMWORD}|\d+)\s+)?
       (?P<what>{_UNIT}|{_WEEKDAY}|{_MONTH}|{_POD}|weekend|spring|summer|fall|autumn|winter)
    |(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|bimonthly|semiannually|semi-annually)
    |(?P<times>once|twice|three\s+times|four\s+times|{_NUMWORD}\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+
       (?P<unit2>{_UNIT_SG}))(?![\w-])""")

_ADVERB_SET = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
               "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "bimonthly": "P2M", "semiannually": "P6M",
               "semi-annually": "P6M"}


def read_set(m: re.Match[str], text: str) -> Reading | None:
    if m["adv"]:
        word = m["adv"]
        if word[0].isupper() and m.start() > 0 and text[m.start() - 1] not in "\n\"“" and \
                not text[:m.start()].rstrip().endswith((".", "!", "?", ":")):
            return None  # "China Daily", "Business Weekly": a name
        return Reading("SET", _ADVERB_SET[_norm(word)])
    if m["times"]:
        unit = _norm(m["unit2"])
        letter, timed = UNITS.get(unit, ("", False))
        return Reading("SET", f"PT1{letter}" if timed else f"P1{letter}") if letter else None
    what = _norm(m["what"])
    wd = parse_weekday(what) if _cap(m["what"]) else None
    if wd is not None and what not in ("sat", "sun", "wed", "mon"):
        return Reading("SET", f"XXXX-WXX-{wd}")
    mon = parse_month(what) if _cap(m["what"]) else None
    if mon is not None and len(what) > 3:
        return Reading("SET", f"XXXX-{mon:02d}")
    if what in SEASONS:
        return Reading("SET", f"XXXX-{SEASONS[what]}")
    if what in ("morning", "afternoon", "evening", "night"):
        return Reading("SET", "XXXX-XX-XXT" + PARTS_OF_DAY[what])
    if what == "weekend":
        return Reading("SET", "XXXX-WXX-WE")
    unit = PLURAL_UNITS.get(what, what)
    if unit not in UNITS:
        return None
    n = parse_number(m["num"]) if m["num"] else 1.0
    if m["other"]:
        n = (n or 1.0) * 2
    if n is None or n != int(n):
        return None
    letter, timed = UNITS[unit]
    if letter in ("E", "C"):
        return Reading("SET", f"P{int(n) * (10 if letter == 'E' else 100)}Y")
    return Reading("SET", f"PT{int(n)}{letter}" if timed else f"P{int(n)}{letter}")


# "now", "currently", "recently", "the past", "the future", "soon"
_REF = _rx(r"""(?<![\w'’-])(?:(?P<present>right\s+now|just\s+now|now|currently|presently|nowadays|these\s+days
       |at\s+present|at\s+the\s+moment|the\s+present\s+time|the\s+present(?!\s+(?:value|case|system|law|government|regime))|current)
    |(?P<past>(?:more\s+|most\s+|until\s+|only\s+|very\s+)?recently|recent|lately
       |the\s+past(?!\s+(?:\d|few|several|many|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|year|month|week|day|decade|century|quarter|summer|winter|spring|fall|weekend|hour)))
    |(?P<future>the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|the\s+(?:near|short|long)\s+term|soon(?!\s+(?:as|after|afterward|thereafter)))
    )(?![\w-])""")


def read_ref(m: re.Match[str], text: str) -> Reading | None:
    word = _norm(m.group())
    if m["present"]:
        after = text[m.end():m.end() + 10].lower()
        if word == "now" and re.match(r"\s*(?:that|,?\s*the)\b", after):
            return Reading("DATE", "PRESENT_REF", kind="ref")
        if word == "current" and re.match(r"\s*account", after):
            return None
        return Reading("DATE", "PRESENT_REF", kind="ref")
    if m["past"]:
        if word == "recent" and re.match(r"\s*(?:years|months|weeks|days|decades)\b", text[m.end():m.end() + 10], re.IGNORECASE):
            return None
        return Reading("DATE", "PAST_REF", kind="ref")
    return Reading("DATE", "FUTURE_REF", kind="ref")


#: The rules of this module by name: the pattern and its reader (:mod:`.candidates` runs them).
RULES: dict[str, tuple[re.Pattern[str], Reader]] = {
    "clock": (_CLOCK, read_clock),
    "deictic": (_DEICTIC, read_deictic),
    "part_of_day": (_POD_RULE, read_part_of_day),
    "set": (_SET, read_set),
    "ref": (_REF, read_ref),
}
