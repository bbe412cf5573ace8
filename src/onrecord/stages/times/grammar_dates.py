"""The time grammar's rules for calendar dates: weekdays, months and days ("March 7, 2017", "late
November"), numeric dates, years, decades, centuries, quarters and halves, the quarter a report is
about, seasons, holidays, "'82" and "the weekend". Each rule is a pattern and a ``read_*`` function
(see :mod:`.candidates` for how they are run and :class:`.reading.Reading` for what they return).
"""

from __future__ import annotations

import re

from ...lexicon.calendar import HOLIDAYS, MONTH_NAMES, PARTS_OF_DAY, SEASONS
from .parse import _cap, _norm, parse_month, parse_part, parse_weekday, parse_year
from .patterns import (
    _B,
    _DAY,
    _E,
    _HOLIDAY,
    _MONTH,
    _PART,
    _POD,
    _SHIFT_WORDS,
    _WEEKDAY,
    _YEAR,
    TIME_ORDINALS,
    _rx,
    alternation,
)
from .reading import Reader, Reading

# "since '82", "in '98": a year in two digits
_SHORT_YEAR = _rx(r"""(?<![\w'’-])(?:in|since|of|until|from)\s+(?P<y>['’](?P<yy>\d\d))(?![\w'’-])""")


def read_short_year(m: re.Match[str], text: str) -> tuple[Reading, int, int]:
    yy = int(m["yy"])
    return Reading("DATE", f"{1900 + yy if yy >= 30 else 2000 + yy:04d}"), m.start("y"), m.end("y")


# "the weekend", "over the weekend"
_WEEKEND = _rx(r"""(?<![\w'’-])the\s+weekend(?![\w'’-])""")


def read_weekend(m: re.Match[str], text: str) -> Reading:
    return Reading("DATE", "XXXX-WXX-WE", kind="nearest", unit="weekend")


# "Friday", "last Tuesday", "Wednesday night", "early Tuesday", "Mondays"
_WD = _rx(rf"""{_B}(?:(?P<part>early|late|mid)[\s-]+)?
    (?:(?P<rel>last|this|next|this\s+past|this\s+coming|coming|previous|past)\s+)?
    (?P<wd>{_WEEKDAY})(?P<pl>s)?(?:['’]s)?(?:\s+(?P<pod>{_POD})(?P<podpl>s)?)?{_E}""")


def read_weekday(m: re.Match[str], text: str) -> Reading | None:
    if not _cap(m["wd"]):
        return None
    wd = parse_weekday(m["wd"])
    if wd is None:
        return None
    word = _norm(m["wd"])
    if word in ("sat", "sun", "wed", "mon") and not m["rel"]:  # "sun", "wed" are words; only with "last"/"next"
        return None
    if m["pod"] and m["pod"][0].isupper():
        return None  # "Saturday Night Live", "Monday Night Football": a name
    pod = _norm(m["pod"]) if m["pod"] else ""
    fill = ("T" + PARTS_OF_DAY[pod]) if pod else ""
    if m["pl"] or m["podpl"]:
        return Reading("SET", f"XXXX-WXX-{wd}{fill}")
    rel = _norm(m["rel"] or "").replace("this past", "last").replace("this coming", "next")
    direction = -1 if rel in ("last", "previous", "past") else 1 if rel in ("next", "coming") else 0
    typ = "TIME" if fill else "DATE"
    return Reading(typ, f"XXXX-WXX-{wd}{fill}", kind="nearest", unit="weekday", n=wd, fill=fill,
                   direction=direction, strict=rel in ("last", "next", "previous", "past"),
                   part=parse_part(m["part"]) if not fill else "")


# "March 7, 2017", "Aug. 7", "late November", "December last year", "Thursday, April 6", "July 1997"
_MD = _rx(rf"""{_B}(?:(?P<wd>{_WEEKDAY})\.?,?\s+)?(?:(?P<part>{_PART})[\s-]*)?
    (?:(?P<rel>last|this|next|past|coming|this\s+past|this\s+coming)\s+)?
    (?P<mon>{_MONTH})(?P<dot>\.)?
    (?:\s+(?P<day>{_DAY})(?:\s*,?\s*(?P<year>{_YEAR}))?
      |,?\s+(?:of\s+)?(?P<year2>{_YEAR})
      |\s+(?:of\s+)?(?P<ly>last|this|next)\s+year
    )?(?:['’]s)?{_E}""")

_MONTH_CONTEXT = re.compile(r"(?:\b(?:in|since|until|till|by|through|during|from|to|before|after|of|last|this|the|"
                            r"next|early|late|mid|and|or|between)\s*$)", re.IGNORECASE)


def read_month_date(m: re.Match[str], text: str) -> Reading | tuple[Reading, int, int] | None:
    r = _read_month_date(m, text)
    if r is not None and m["dot"] and m.end() == m.end("dot") and parse_month(m["mon"]) is not None \
            and _norm(m["mon"]) in _FULL_MONTHS:
        return r, m.start(), m.end() - 1  # "in January." : the full stop ends the sentence
    return r


_FULL_MONTHS = frozenset(MONTH_NAMES)


def _read_month_date(m: re.Match[str], text: str) -> Reading | None:
    if not _cap(m["mon"]):
        return None
    mon = parse_month(m["mon"])
    if mon is None:
        return None
    word = _norm(m["mon"]).rstrip(".")
    full = word in _FULL_MONTHS and word not in ("march", "may")
    has_more = bool(m["day"] or m["year"] or m["year2"] or m["ly"])
    if not has_more:
        before = text[max(0, m.start() - 12):m.start()]
        # "May", "March" and abbreviations alone are names or verbs unless a preposition or modifier says otherwise
        if not full and not (m["rel"] or m["part"] or (m["dot"] and word != "may" and _MONTH_CONTEXT.search(before))
                             or (word in ("may", "march") and _MONTH_CONTEXT.search(before))):
            return None
    part = parse_part(m["part"])
    year = m["year"] or m["year2"]
    if m["day"]:
        day = int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
        if year:
            return Reading("DATE", f"{parse_year(year):04d}-{mon:02d}-{day:02d}")
        return Reading("DATE", f"XXXX-{mon:02d}-{day:02d}", kind="nearest", unit="month", n=mon, day=day)
    if year:
        return Reading("DATE", f"{parse_year(year):04d}-{mon:02d}", part=part)
    if m["ly"]:
        k = _SHIFT_WORDS[_norm(m["ly"])]
        return Reading("DATE", f"P{k:+d}Y/XXXX-{mon:02d}", kind="shift", unit="Y", n=k, fill=f"-{mon:02d}",
                       part=part)
    rel = _norm(m["rel"] or "").replace("this past", "last").replace("this coming", "next")
    direction = -1 if rel in ("last", "past") else 1 if rel in ("next", "coming") else 0
    if rel == "this":
        return Reading("DATE", f"P+0Y/XXXX-{mon:02d}", kind="shift", unit="Y", n=0, fill=f"-{mon:02d}", part=part)
    return Reading("DATE", f"XXXX-{mon:02d}", kind="nearest", unit="month", n=mon, direction=direction,
                   strict=bool(rel), part=part)


# "7 March 2017", "the 5th of May"
_DM = _rx(rf"""{_B}(?:the\s+)?(?P<day>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})\.?(?:,?\s+(?P<year>{_YEAR}))?{_E}""")


def read_day_month(m: re.Match[str], text: str) -> Reading | None:
    if not _cap(m["mon"]):
        return None
    mon = parse_month(m["mon"])
    day = int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
    if mon is None:
        return None
    if _norm(m["mon"]) in ("may", "march", "mar", "jun", "jan") and not m["year"]:
        return None
    if m["year"]:
        return Reading("DATE", f"{parse_year(m['year']):04d}-{mon:02d}-{day:02d}")
    return Reading("DATE", f"XXXX-{mon:02d}-{day:02d}", kind="nearest", unit="month", n=mon, day=day)


# "2017-03-07", "3/7/2017"
_NUMERIC = _rx(r"""(?<![\w/.-])(?:(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])
    |(?P<m2>1[0-2]|0?[1-9])/(?P<d2>3[01]|[12]\d|0?[1-9])/(?P<y2>(?:19|20)\d\d|\d\d))(?![\w/-]|\.\d)""")


def read_numeric(m: re.Match[str], text: str) -> Reading | None:
    if m["y"]:
        return Reading("DATE", f"{m['y']}-{m['m']}-{m['d']}")
    y = m["y2"]
    if len(y) == 2:
        y = ("19" if int(y) > 30 else "20") + y
    return Reading("DATE", f"{y}-{int(m['m2']):02d}-{int(m['d2']):02d}")


# "2013", "fiscal 1989", "late 2013", "mid-1996", "the end of 1990"
_YEAR_RULE = _rx(rf"""(?:(?P<part>{_PART})[\s-]*)?(?:(?P<fy>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|FY)\s*)?
    (?<![\w'’$.,/])(?<![\d$.,/]-)(?P<y>{_YEAR})(?:['’]s(?!\w))?""")


def read_year(m: re.Match[str], text: str) -> Reading | None:
    y = parse_year(m["y"])
    if _norm(m["y"]).startswith("two thousand") and not (m["fy"] or m["part"]) and not re.search(
            r"\b(?:in|since|of|year|by|until|from|and|to|through|before|after)\s+$", text[max(0, m.start() - 9):m.start()], re.IGNORECASE):
        return None  # "two thousand" alone is a number
    after = text[m.end():m.end() + 14]
    if re.match(r"s\b", after):
        return None
    if not (m["fy"] or m["part"]) and _COUNT_BEFORE.search(text, max(0, m.start() - 14), m.start()):
        return None  # "some 2000 troops", "more than 1500 people": a count, not a year
    before = text[max(0, m.start() - 3):m.start()]
    if before.endswith(("#", "No. ", "No.")):
        return None
    if y < 1500 and not m["fy"] and not re.search(r"\b(?:in|since|of|year|by|until|from)\s+$",
                                                  text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
        return None
    return Reading("DATE", f"{y:04d}", part=parse_part(m["part"]))


_COUNT_BEFORE = re.compile(r"\b(?:about|some|nearly|almost|around|over|than|least|only|just|roughly|all|another|"
                           r"estimated|approximately)\s+$", re.IGNORECASE)


# "the 1990s", "the early '80s", "the nineties"
_DECADE = _rx(rf"""{_B}(?:(?P<part>{_PART})[\s-]*)?(?:the\s+)?(?:(?P<part2>early|mid|late)[\s-]*)?
    (?:(?P<cen>1\d|20)(?P<dec>\d)0['’]?s|['’](?P<dec2>\d)0['’]?s
      |(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){_E}""")

DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def read_decade(m: re.Match[str], text: str) -> Reading | None:
    part = parse_part(m["part"] or m["part2"])
    if m["cen"]:
        return Reading("DATE", f"{m['cen']}{m['dec']}", part=part)
    d = int(m["dec2"]) if m["dec2"] else DECADE_WORDS[_norm(m["w"])]
    if m["w"] and not (m["part"] or m["part2"] or re.match(r"the\s", m.group(), re.IGNORECASE)):
        return None  # "in his forties" is an age
    return Reading("DATE", f"19{d}", part=part)  # "the '80s" in news of the 1980s-2010s: the 20th century


# "the 20th century", "this century"
_CENTURY = _rx(rf"""{_B}(?:(?P<part>{_PART})[\s-]*)?(?:the\s+)?(?:(?P<part2>early|mid|late)[\s-]*)?
    (?P<ord>{alternation(TIME_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century{_E}""")


def read_century(m: re.Match[str], text: str) -> Reading | None:
    o = _norm(m["ord"])
    n = TIME_ORDINALS.get(o)
    if n is None:
        digits = re.match(r"\d+", o)
        n = int(digits.group()) if digits else None
    if not n or n > 21:
        return None
    return Reading("DATE", f"{n - 1:02d}", part=parse_part(m["part"] or m["part2"]))


# "the third quarter", "third-quarter", "the fiscal first quarter", "1998's first half", "Q3"
_QUARTER = _rx(rf"""{_B}(?:the\s+)?(?:(?P<ago>year[- ](?:ago|earlier)|prior[- ]year|comparable|year[- ]ago\s+comparable)\s+)?
    (?:(?P<rel>this|last|next)\s+year['’]s\s+)?(?:(?P<y0>{_YEAR})['’]?s?\s+)?(?:(?:fiscal|calendar)[\s-]+)?
    (?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+(?:(?:fiscal|calendar)[\s-]+)?
    (?P<kind>quarter|half)(?P<pl>s)?(?:['’]s)?(?![\w-])
    (?:,?\s+(?:of\s+|ended\s+|ending\s+)?(?:(?:fiscal|calendar)\s+)?(?P<y>{_YEAR})|\s+of\s+(?P<rel2>last|this|next)\s+year)?
    |{_B}(?P<q>Q[1-4])(?:\s+(?P<qy>{_YEAR}))?{_E}""")


def read_quarter(m: re.Match[str], text: str) -> Reading | None:
    if m["q"]:
        if not m["q"].isupper():
            return None
        q = int(m["q"][1])
        if m["qy"]:
            return Reading("DATE", f"{parse_year(m['qy']):04d}-Q{q}")
        return Reading("DATE", f"XXXX-Q{q}", kind="nearest", unit="quarter", n=q)
    kind = _norm(m["kind"])
    o = _norm(m["ord"])
    year = m["y"] or m["y0"]
    if o in ("final", "last"):
        if not year:
            return None
        n = 4 if kind == "quarter" else 2
    else:
        n = TIME_ORDINALS[o]
    if kind == "half" and n > 2:
        return None
    letter = "Q" if kind == "quarter" else "H"
    if m["pl"]:
        return Reading("SET", f"XXXX-{letter}{n}")
    if kind == "half":
        # "the second half" alone is as often a game's as a year's
        after = text[m.end():m.end() + 12].lower()
        if not year and not re.match(r"\s+of\s+(?:this|next|last|the)\s+year", after) and not _HALF_CONTEXT.search(
                text, max(0, m.start() - 80), m.end() + 80):
            return None
    if year:
        return Reading("DATE", f"{parse_year(year):04d}-{letter}{n}")
    if m["rel"] or m["rel2"]:
        k = _SHIFT_WORDS[_norm(m["rel"] or m["rel2"])]
        return Reading("DATE", f"P{k:+d}Y/XXXX-{letter}{n}", kind="shift", unit="Y", n=k, fill=f"-{letter}{n}")
    if m["ago"]:
        return Reading("DATE", f"P-1Y/XXXX-{letter}{n}", kind="shift", unit="Y", n=-1, fill=f"-{letter}{n}",
                       name="prior")
    return Reading("DATE", f"XXXX-{letter}{n}", kind="nearest", unit="quarter" if letter == "Q" else "half", n=n)


_HALF_CONTEXT = re.compile(r"\b(?:sales|earnings|profit|revenue|growth|economy|year)", re.IGNORECASE)


# "the quarter", "the latest quarter", "the year-ago period", "year-earlier"
_FOCUS = _rx(rf"""{_B}(?:(?:the\s+)?(?P<ago>year[- ](?:ago|earlier)|prior[- ]year|previous[- ]year|same)\s+(?P<what>quarter|period)
    |the\s+(?:(?P<latest>latest|current|most\s+recent|recent|just[- ]ended|just[- ]completed)\s+)?(?:fiscal\s+)?(?P<q>quarter|period)
    |the\s+(?P<y>{_YEAR})\s+(?:fiscal\s+)?(?:quarter|period)
    |(?P<this>this|last|next)\s+quarter
    |(?P<adj>year[- ](?:ago|earlier)))(?:['’]s)?{_E}""")


def read_focus(m: re.Match[str], text: str) -> Reading | None:
    if m["y"]:
        return Reading("DATE", f"{parse_year(m['y']):04d}-QX", kind="focus", name=str(parse_year(m["y"])))
    if m["this"]:
        k = _SHIFT_WORDS[_norm(m["this"])]
        return Reading("DATE", f"P{k:+d}Q", kind="shift", unit="Q", n=k)
    if m["ago"] or m["adj"]:
        if m["adj"]:
            return Reading("DATE", "P-1Y", kind="shift", unit="Y", n=-1, name="quarterish")
        if m["ago"] and _norm(m["ago"]) == "same":
            return None
        return Reading("DATE", "XXXX-QX", kind="focus", n=-1)
    if _norm(m["q"]) == "period" and not m["latest"]:
        return None
    return Reading("DATE", "XXXX-QX", kind="focus", n=0)


# "this summer", "last fall", "the winter of 1994", "early spring"
_SEASON = _rx(rf"""{_B}(?:(?P<part>{_PART})[\s-]*)?(?:(?P<rel>last|this|next|past|coming|this\s+past|this\s+coming|the)\s+)?
    (?:(?P<part2>early|late|mid)[\s-]+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?{_E}""")


def read_season(m: re.Match[str], text: str) -> Reading | None:
    s = SEASONS[_norm(m["s"])]
    rel = _norm(m["rel"] or "").replace("this past", "last").replace("this coming", "next")
    part = parse_part(m["part"] or m["part2"])
    if m["y"]:
        return Reading("DATE", f"{parse_year(m['y']):04d}-{s}", part=part)
    after = text[m.end():m.end() + 12].lower()
    if re.match(r"\s*(?:wheat|crops?|olympics|games|session|collection|semester|term|school)", after):
        return None
    if s == "FA" and rel in ("", "the") and not part:
        # "fall" alone is mostly the verb, "the fall of Saigon" an event: only "in (the) fall" is the season
        before = text[max(0, m.start() - 8):m.start()].lower()
        if not re.search(r"\b(?:in|during|by|until|through)\s+$", before) or re.match(r"\s+of\b", after):
            return None
    if rel == "this":
        return Reading("DATE", f"P+0Y/XXXX-{s}", kind="shift", unit="Y", n=0, fill=f"-{s}", part=part)
    direction = -1 if rel in ("last", "past") else 1 if rel in ("next", "coming") else 0
    return Reading("DATE", f"XXXX-{s}", kind="nearest", unit="season", n=0, name=s, direction=direction,
                   strict=rel in ("last", "past", "next", "coming"), part=part)


# "Christmas", "last Thanksgiving", "Easter week"
_HOLIDAY_RULE = _rx(rf"""{_B}(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<h>{_HOLIDAY})(?:\s+(?P<y>{_YEAR}))?{_E}""")


def read_holiday(m: re.Match[str], text: str) -> Reading | None:
    if not _cap(m["h"]):
        return None
    name = _norm(m["h"])
    if m["y"]:
        return Reading("DATE", HOLIDAYS[name](parse_year(m["y"])).isoformat())
    rel = _norm(m["rel"] or "")
    direction = -1 if rel in ("last", "past") else 1 if rel in ("next", "coming") else 0
    return Reading("DATE", "XXXX-XX-XX", kind="nearest", unit="holiday", name=name, direction=direction,
                   strict=bool(rel) and rel != "this")


#: The rules of this module by name: the pattern and its reader (:mod:`.candidates` runs them).
RULES: dict[str, tuple[re.Pattern[str], Reader]] = {
    "numeric": (_NUMERIC, read_numeric),
    "month_date": (_MD, read_month_date),
    "day_month": (_DM, read_day_month),
    "quarter": (_QUARTER, read_quarter),
    "decade": (_DECADE, read_decade),
    "century": (_CENTURY, read_century),
    "weekend": (_WEEKEND, read_weekend),
    "short_year": (_SHORT_YEAR, read_short_year),
    "weekday": (_WD, read_weekday),
    "season": (_SEASON, read_season),
    "holiday": (_HOLIDAY_RULE, read_holiday),
    "focus": (_FOCUS, read_focus),
    "year": (_YEAR_RULE, read_year),
}
