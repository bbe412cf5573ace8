"""The time grammar's rules for stretches and shifts of time: "two weeks ago", durations ("the past
three years", "nearly forty years", "years"), "last year" and "next week", "the following day",
"ended the day", "year-end" and "the year"; and the earnings-report context in which "a year ago"
means the quarter a year back.
"""

from __future__ import annotations

import dataclasses
import re

from ...lexicon.numbers import VAGUE_NUMBERS
from .parse import _approx, _norm, duration_value, parse_number, parse_part
from .patterns import (
    _B,
    _DIGITS,
    _E,
    _MOD,
    _NUM,
    _NUMWORD,
    _PART,
    _SHIFT_WORDS,
    _UNIT,
    PLURAL_UNITS,
    UNITS,
    _rx,
)
from .reading import Reader, Reading

# "N units ago", "a year earlier", "two weeks from now"
_AGO = _rx(rf"""{_B}(?:(?P<mod>{_MOD})\s+)?(?P<num>{_NUM})\s+(?P<unit>{_UNIT})(?:\s+or\s+so)?
    \s+(?P<dir>ago|earlier|from\s+now|hence){_E}""")


def read_ago(m: re.Match[str], text: str) -> Reading | None:
    """ "two weeks ago" is the anchor minus two weeks, at the granularity of the unit (TimeML:
    "six weeks ago" 1998-W02, "two months ago" 1999-11, "five years ago" 1984)."""
    n = parse_number(m["num"])
    unit = PLURAL_UNITS.get(_norm(m["unit"]), _norm(m["unit"]))
    back = -1 if _norm(m["dir"]) in ("ago", "earlier") else 1
    approx = _approx(m["mod"])
    if n is None:  # "several years ago", "months ago"
        return Reading("DATE", "PAST_REF" if back < 0 else "FUTURE_REF", kind="ref", approx=True)
    if n != int(n):
        return None
    k = int(n) * back
    letter, timed = UNITS.get(unit, ("", False))
    if timed:
        return None
    if letter == "E":
        return Reading("DATE", f"P{k * 10:+d}Y", kind="shift", unit="Y", n=k * 10, approx=approx)
    if letter == "C":
        return Reading("DATE", f"P{k * 100:+d}Y", kind="shift", unit="Y", n=k * 100, approx=approx)
    if letter in ("Y", "Q", "M", "W", "D"):
        if unit == "fortnight":
            k *= 2
        # "a year ago" in an earnings report is the same quarter a year back; the stage decides
        quarterish = unit == "year" and k == -1 and not approx
        return Reading("DATE", f"P{k:+d}{letter}", kind="shift", unit=letter, n=k, approx=approx,
                       name="quarterish" if quarterish else "")
    return None


# Earnings-report words: a named quarter, "quarterly", "the period"; not "a quarter of the voters".
_QUARTER_WORD = re.compile(
    r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th|latest|current|fiscal|the|that|this|year-earlier|year-ago)"
    r"[\s-]+quarter\b|\bquarterly\b|\b(?:the|same|comparable|latest|year-earlier|year-ago)\s+period\b",
    re.IGNORECASE,
)


def in_quarter_context(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``start:end`` speaks of a quarter (earnings-report comparisons)."""
    s = max(text.rfind(". ", 0, start), 0)
    e = text.find(". ", end)
    return _QUARTER_WORD.search(text, s, e if e >= 0 else len(text)) is not None


# "the past three years", "nearly forty years", "two-year", "5 1/2 hours", "the first nine months"
_DUR = _rx(rf"""{_B}(?:(?P<mod>{_MOD})\s+)?(?P<each>each\s+of\s+|all\s+of\s+)?(?:the\s+)?
    (?:(?P<dir>past|last|next|previous|coming|first|final|latest|following|ensuing|preceding|remaining
       |initial|same|recent|year[- ]earlier|year[- ]ago|comparable|full|entire|whole|current)\s+)?
    (?P<num>{_NUM})(?:\s*(?:to|or|-|–)\s*(?P<num2>{_DIGITS}|{_NUMWORD}))?
    (?:\s+(?:more|additional|straight|consecutive|full|long|successive|further|other))?
    (?:(?P<hy>-)|\s+(?:(?:trading|business|working|calendar|school|fiscal)\s+)?)
    (?P<unit>{_UNIT})(?P<half>\s+and\s+a\s+half)?(?:-(?P<old>old|long))?(?:\s+or\s+so)?(?P<age>\s+old\b)?{_E}""")


def read_duration(m: re.Match[str], text: str) -> Reading | tuple[Reading, int, int] | None:
    unit = _norm(m["unit"])
    num = _norm(m["num"])
    if m["hy"] and unit in PLURAL_UNITS:  # "two-years" is not English; "decades-long" is read elsewhere
        return None
    if m["age"] or (m["old"] and _norm(m["old"]) == "old" and unit in ("year", "years")):
        return None  # "52 years old", "a 136-year-old institution": an age, which TimeBank does not mark
    if re.fullmatch(r"\d{4}", num) and unit not in PLURAL_UNITS:
        return None  # "the 1988 quarter" is a date, not 1988 quarters
    if num in ("a", "an") and m["dir"]:  # "the past a year" cannot happen; "last a week" is not a duration
        return None
    if unit in PLURAL_UNITS and num in ("a", "an", "one"):
        return None
    if unit == "second" and num in ("a", "an"):  # "a second" is mostly "another one"
        return None
    n = parse_number(num)
    if m["num2"]:
        # "two to three weeks": TempEval-3 gold keeps the first number; the range is vague
        n2 = parse_number(m["num2"])
        if n is None or n2 is None or n2 <= n:
            return None
    if n is not None and m["half"]:
        n += 0.5
    if n is not None and (n <= 0 or n > 10000):
        return None
    if n is None and num not in VAGUE_NUMBERS and num not in ("few",):
        return None
    value = duration_value(n, unit)
    if value is None:
        return None
    d = _norm(m["dir"] or "")
    span_dir = -1 if d in ("past", "last", "previous", "preceding", "recent") else 1 if d in (
        "next", "coming", "following", "ensuing", "remaining") else 0
    if num in ("a", "an") and not m["mod"] and not m["dir"]:
        before = text[max(0, m.start() - 24):m.start()]
        if _RATE.search(before):  # "$5 a year", "twice a day": a rate, not a stretch of time
            return Reading("SET", f"P1{UNITS[unit][0]}" if not UNITS[unit][1] else f"PT1{UNITS[unit][0]}")
    r = Reading("DURATION", value, approx=_approx(m["mod"]) or bool(m["num2"]), span_dir=span_dir)
    return _without_preposition(m, r)


def _without_preposition(m: re.Match[str], r: Reading) -> Reading | tuple[Reading, int, int]:
    """ "over the next two months": "over" is the preposition here, not "more than" ("over thirty years")."""
    if m["mod"] and _norm(m["mod"]) in ("over", "under") and re.match(r"\s+the\s", m.string[m.end("mod"):]):
        start = m.end("mod") + len(m.string[m.end("mod"):]) - len(m.string[m.end("mod"):].lstrip())
        return dataclasses.replace(r, approx=False), start, m.end()
    return r


_RATE = re.compile(r"(?:\d|%|percent|cents?|dollars?|million|billion|once|twice|times|\bper|barrels|tons"
                   r"|a\s+share)\W*(?:\s+[a-z]+){0,2}\s*$",
                   re.IGNORECASE)

# "years", "the past few weeks", "recent months", "decades-long"
_VAGUE_DUR = _rx(rf"""{_B}(?:(?P<mod>{_MOD})\s+)?(?:the\s+)?
    (?:(?P<dir>past|last|next|coming|recent|previous|following|ensuing|early|first|final|later|intervening)\s+)?
    (?P<unit>years|months|weeks|days|decades|centuries|hours|minutes|quarters|generations)(?:-(?P<long>long|old))?
    (?P<ahead>\s+ahead)?(?!\s+old\b){_E}""")


def read_vague_duration(m: re.Match[str], text: str) -> Reading | tuple[Reading, int, int] | None:
    unit = _norm(m["unit"])
    if unit == "generations":
        return None
    before = text[max(0, m.start() - 12):m.start()].lower()
    if re.match(r"\s+(?:before|after|following|preceding|leading\s+up|prior)\b", text[m.end():m.end() + 14], re.IGNORECASE) \
            and not m["dir"]:
        return None  # "in the weeks before the shooting": a stretch placed by an event, not a length
    if unit == "quarters" and not m["dir"] and not m["mod"]:
        return None  # "living quarters", "headquarters"
    if not m["dir"] and not m["mod"] and not m["ahead"] and re.search(r"(?:those|these|the|of|early|old|his|her|their|its)\s+$", before):
        # "in those days", "the early years", "his teen years": not a stretch of time
        return None
    d = _norm(m["dir"] or "")
    span_dir = -1 if d in ("past", "last", "recent", "previous") else 1 if (
        d in ("next", "coming", "following") or m["ahead"]) else 0
    letter, timed = UNITS[PLURAL_UNITS[unit]]
    value = f"PTX{letter}" if timed else f"PX{letter}"
    if unit == "years" and d in ("recent", "past") and not m["mod"]:
        # "in recent years", "in past years": TimeBank and AQUAINT mark a vague past (PAST_REF), not a length
        return _without_preposition(m, Reading("DATE", "PAST_REF", kind="ref", approx=True))
    return _without_preposition(m, Reading("DURATION", value, approx=True, span_dir=span_dir))


# "last year", "this month", "the past decade", "next week", "early next year", "the end of this week"
_REL = _rx(rf"""{_B}(?:(?P<part>{_PART})[\s-]+)?
    (?P<the>the\s+)?(?P<rel>this\s+past|this\s+coming|last|past|previous|preceding|this|current|present|next|coming
       |following|upcoming)\s+
    (?P<fiscal>fiscal\s+|calendar\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|season|half)(?:['’]s)?{_E}""")


def read_relative(m: re.Match[str], text: str) -> Reading | None:
    rel = _norm(m["rel"]).replace("this past", "last").replace("this coming", "next")
    unit = _norm(m["unit"])
    shift = _SHIFT_WORDS[rel]
    part = parse_part(m["part"])
    if rel in ("following", "previous", "preceding") and m["the"]:
        # "the following year": the year after the one the story is telling, not after publication
        letter = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E", "century": "C",
                  "half": "H", "weekend": "", "season": ""}[unit]
        return Reading("DATE", f"P{shift:+d}{letter}", kind="narrative", unit=letter, n=shift) if letter else None
    # "the past year", "the last decade": TempEval-3 gives the previous year (decade) as a DATE; the
    # interval is the stretch that ends at the anchor (span_dir), which is what the phrase means.
    span_dir = -1 if (rel in ("past", "last") and (m["the"] or rel == "past") and not part) else 0
    if unit == "weekend":
        return Reading("DATE", f"P{shift:+d}W/XXXX-WXX-WE", kind="shift", unit="W", n=shift, fill="-WE", part=part)
    if unit == "season":
        return None
    letter = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E", "century": "C",
              "half": "H"}[unit]
    return Reading("DATE", f"P{shift:+d}{letter}", kind="shift", unit=letter, n=shift, part=part, span_dir=span_dir)


# "the following day", "that year", "the same month": the time the story is telling
_NARRATIVE = _rx(rf"""{_B}(?:(?P<the>the)\s+(?P<rel>following|next|previous|preceding|same)|(?P<that>that))\s+
    (?P<unit>day|week|month|year)(?![\w'’-])""")


def read_narrative(m: re.Match[str], text: str) -> Reading | None:
    rel = _norm(m["rel"] or "same")
    if rel == "next" and _norm(m["unit"]) != "day":
        return None  # "the next year" is read as a deictic date by the relative rule
    if m["that"] and re.match(r"\s*(?:,|when|after|before|\d)", text[m.end():m.end() + 8]) is None and \
            _norm(m["unit"]) == "day":
        pass
    letter = {"day": "D", "week": "W", "month": "M", "year": "Y"}[_norm(m["unit"])]
    n = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0}[rel]
    return Reading("DATE", f"P{n:+d}{letter}", kind="narrative", unit=letter, n=n)


# "ended the day up 2%", "later in the day": in market and court reports, the day of the report
_THE_DAY = _rx(r"""(?<![\w'’-])(?P<pre>(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|clos(?:e|ed|ing)|for|start(?:ed|ing|s)?)\s+
    |(?P<part>(?:late|later|early|earlier)\s+in\s+|(?:the\s+)?(?:start|end|rest|remainder)\s+of\s+))the\s+day(?![\w'’-])""")


_AT_THE_END = re.compile(r"\bat\s+the\s+end\s+of\s+$", re.IGNORECASE)


def read_the_day(m: re.Match[str], text: str) -> tuple[Reading, int, int] | None:
    day_at = m.start() + re.search(r"the\s+day$", m.group(), re.IGNORECASE).start()  # type: ignore[union-attr]
    if _AT_THE_END.search(text, max(0, day_at - 20), day_at):
        return None  # "at the end of the day": "in the end", not a day
    r = Reading("DATE", "P+0D", kind="shift", unit="D", n=0)
    start = m.start("part") if m["part"] and _norm(m["part"]).startswith(("late", "early")) else m.end(1)
    return r, start, m.end()



# "year-end", "year's end", "the end of the year" (the latter by the unit rule)
_YEAR_END = _rx(r"""(?<![\w'’-])(?:(?P<mod>around|about|by|at|since|before|after)\s+)?(?P<w>year[- ]end|year['’]s\s+end)(?![\w'’-])""")


def read_year_end(m: re.Match[str], text: str) -> tuple[Reading, int, int]:
    r = Reading("DATE", "P+0Y", kind="shift", unit="Y", n=0, part="END")
    if m["mod"] and _norm(m["mod"]) in ("around", "about"):
        return dataclasses.replace(r, approx=True), m.start(), m.end()
    return r, m.start("w"), m.end("w")


# "the year", "the week", "the month": the one the document is in, unless a duration ("for the year")
_THE_UNIT = _rx(rf"""{_B}(?:(?P<part>{_PART})\s+)?the\s+(?:(?P<adj>full|entire|whole|fiscal|current|calendar)\s+)?(?:fiscal\s+)?(?P<unit>year|month|week)(?![\w'’-])""")


def read_the_unit(m: re.Match[str], text: str) -> Reading | None:
    unit = _norm(m["unit"])
    after = text[m.end():m.end() + 20]
    if re.match(r"\s*(?:\d|of\b|before|after|earlier|ago|when|in which|that|'s|’s)", after, re.IGNORECASE):
        return None
    before = text[max(0, m.start() - 12):m.start()].lower()
    adj = _norm(m["adj"] or "")
    letter = {"year": "Y", "month": "M", "week": "W"}[unit]
    if adj == "current" or m["part"]:
        return Reading("DATE", f"P+0{letter}", kind="shift", unit=letter, n=0, part=parse_part(m["part"]))
    if adj in ("full", "entire", "whole") and unit == "year":
        # "sales for the full year": the year the story reports on (TimeBank, MEANTIME: a DATE)
        return Reading("DATE", "P+0Y", kind="narrative", unit="Y", n=0)
    if re.search(r"\b(?:for|over|during|throughout|through)\s+$", before) or adj in ("full", "entire", "whole", "fiscal"):
        return Reading("DURATION", f"P1{letter}")
    if unit == "year":
        return Reading("DATE", "P+0Y", kind="shift", unit="Y", n=0)
    return None


#: The rules of this module by name: the pattern and its reader (:mod:`.candidates` runs them).
RULES: dict[str, tuple[re.Pattern[str], Reader]] = {
    "ago": (_AGO, read_ago),
    "relative": (_REL, read_relative),
    "narrative": (_NARRATIVE, read_narrative),
    "the_day": (_THE_DAY, read_the_day),
    "year_end": (_YEAR_END, read_year_end),
    "duration": (_DUR, read_duration),
    "vague_duration": (_VAGUE_DUR, read_vague_duration),
    "the_unit": (_THE_UNIT, read_the_unit),
}
