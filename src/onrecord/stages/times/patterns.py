"""The building blocks of the time grammar: the units of time and the regular-expression pieces (numbers,
units, modifiers, months, weekdays, years, days, parts of a period) the rules of ``grammar_*`` are made of.

Number words and calendar words come from :mod:`onrecord.lexicon`; the units of time and their TIMEX3
letters are this stage's own.
"""

from __future__ import annotations

import re

from ...lexicon.calendar import HOLIDAYS, MONTHS, WEEKDAYS
from ...lexicon.numbers import ONES, ORDINALS, SCALES, TEENS, TENS

# The scale words a time phrase counts with ("two hundred years", "a dozen weeks"): not "million".
TIME_SCALES = {w: SCALES[w] for w in ("hundred", "thousand", "dozen")}
# The ordinals of centuries and quarters: words up to "twentieth", "twenty-first" and the digit forms
# quarters are written with ("3rd quarter").
TIME_ORDINALS = {**{w: n for w, n in ORDINALS.items() if n <= 20}, "twenty-first": 21, "1st": 1, "2nd": 2,
                 "3rd": 3, "4th": 4}

# Unit words to the TIMEX3 duration letter and whether it belongs after the T.
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("E", False), "century": ("C", False),
    "millennium": ("L", False), "weekend": ("D", False),
}
PLURAL_UNITS = {
    "seconds": "second", "minutes": "minute", "hours": "hour", "days": "day", "nights": "night",
    "weeks": "week", "fortnights": "fortnight", "months": "month", "quarters": "quarter", "years": "year",
    "decades": "decade", "centuries": "century", "millennia": "millennium", "weekends": "weekend",
}


def alternation(words: object) -> str:
    """A regex alternation of ``words``, longest first so that "sept" is not read as "sep"."""
    ws = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "[- ]") for w in ws)


# --- building blocks -------------------------------------------------------------------------

_B = r"(?<![\w'’$.-])"  # a word starts here (and is no part of a number, "$1990", "1.1990")
_E = r"(?![\w'’-])"  # a word ends here

_ONES = alternation(ONES)
_TEENS = alternation(TEENS)
_TENS = alternation(TENS)
_NUMWORD = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES})"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_NUM = (
    rf"(?:(?:{_DIGITS})(?:\s+1/2|½)?"
    rf"|{_NUMWORD}(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?"
    r"|an?\s+(?:hundred|thousand|dozen)|a\s+couple(?:\s+of)?|couple\s+of|a\s+half|half\s+an?"
    r"|a\s+few|few|several|many|some|a\s+number\s+of|numerous|a|an)"
)
_UNIT_SG = alternation(u for u in UNITS if u != "weekend")
_UNIT_PL = alternation(u for u in PLURAL_UNITS if u != "weekends")
_UNIT = rf"(?:{_UNIT_PL}|{_UNIT_SG})"
_MOD = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|over"
    r"|under|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|well\s+under|only|just"
    r"|no\s+more\s+than|no\s+less\s+than|not\s+quite|barely|within|close\s+to|upwards\s+of|an\s+estimated"
    r"|the\s+better\s+part\s+of|a\s+little\s+(?:more|less)\s+than|fully|another|an\s+additional)"
)
_APPROX_MODS = ("about", "around", "approx", "roughly", "nearly", "almost", "some", "more", "less", "fewer",
                "over", "under", "at least", "at most", "up to", "just", "well", "no ", "not", "barely",
                "within", "close", "upwards", "an estimated", "the better", "a little")
_MONTH = r"(?:" + alternation(MONTHS) + r")"
_WEEKDAY = r"(?:" + alternation(WEEKDAYS) + r")"
# A year in digits, or as broadcast transcripts spell it ("nineteen ninety-six", "two thousand").
_SPOKEN_YEAR = (
    rf"(?:(?:nineteen|eighteen)\s+(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|hundred|oh[- ](?:{_ONES}))"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}))?)(?![\w-])"
)
_YEAR = rf"(?:(?:1[0-9]\d\d|20\d\d)(?![\d,]\d|\.\d|%|-\d|[\w'’])|{_SPOKEN_YEAR})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|:\d)"
_PART = (
    r"(?:early|earlier|late|later|mid|middle|"
    r"the\s+(?:very\s+)?(?:beginning|start|middle|end|close|turn)\s+of(?:\s+the)?|"
    r"(?:the\s+)?(?:early|late|latter|last)\s+part\s+of(?:\s+the)?)"
)
_POD = r"(?:morning|afternoon|evening|night)"
_HOLIDAY = alternation(HOLIDAYS).replace("'", "['’]")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


_SHIFT_WORDS = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "this": 0, "current": 0,
                "present": 0, "next": 1, "coming": 1, "following": 1, "upcoming": 1}
