"""The grammar of time expressions: patterns over plain text and what each one means.

Each rule is a compiled regular expression and a ``read_*`` function turning a
match into a :class:`Reading`: what the expression denotes, either outright
("March 7, 2017", "P3Y") or as a recipe to apply to the publication date
("last year" = the anchor's year minus one). The stage resolves the recipes.

Extents follow the TimeML/TempEval-3 conventions seen in the TimeBank and
AQUAINT gold: modifiers belong to the expression ("nearly forty years", "the
past three years", "late November", "a year ago", "each of the past three
years"), prepositions do not ("for", "in", "on", "since"). Where two rules
match overlapping text, the longest match wins.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ._time_lexicon import (
    HOLIDAYS,
    MONTHS,
    ONES,
    ORDINALS,
    PLURAL_UNITS,
    SCALES,
    SEASONS,
    TEENS,
    TENS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    alternation,
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one expression means.

    ``kind`` says how to get its value:

    * ``abs``: ``value`` is the value ("2013", "P3Y", "PRESENT_REF", "XXXX-WXX-2");
    * ``shift``: the anchor moved by ``n`` units of ``unit`` (Y, Q, M, W, D, E for
      decades, C for centuries), written at that granularity, then ``fill`` appended
      ("December last year": unit Y, n -1, fill "-12");
    * ``nearest``: the occurrence of a month, month and day, weekday, season, quarter,
      half or holiday (``unit``; number ``n``, ``day``) nearest the anchor in
      ``direction`` (-1 on or before, +1 on or after, 0 left to the verb's tense);
      ``strict`` excludes the anchor's own period ("last Friday");
    * ``focus``: the quarter the document is talking about ("the quarter", "the
      year-ago quarter": ``n`` -1 years back);
    * ``ref``: PRESENT_REF, PAST_REF or FUTURE_REF in ``value``.

    ``part`` narrows the interval (START, MID, END for early/mid/late; EARLIER,
    LATER for "earlier this year"); ``span_dir`` places a duration before (-1,
    "the past three years") or after (+1, "the next two weeks") the anchor.
    """

    type: str
    value: str = ""
    kind: str = "abs"
    unit: str = ""
    n: int = 0
    day: int = 0
    fill: str = ""
    direction: int = 0
    strict: bool = False
    approx: bool = False
    part: str = ""
    span_dir: int = 0
    name: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    reading: Reading


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


# --- small parsers ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s.lower().replace("’", "'")).strip()


def parse_number(text: str) -> float | None:
    """The number a phrase of digits or words gives ("twenty four" 24, "2 1/2" 2.5, "a dozen" 12,
    "one and a half" 1.5), or None for a vague one ("several", "a few") or none at all."""
    s = _norm(text).replace("-", " ")
    if not s or s in VAGUE_NUMBERS:
        return None
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    if s.endswith((" 1/2", "½")):
        s, half = s.rstrip("½").removesuffix(" 1/2").strip(), 0.5
    if s in ("a", "an", "one"):
        return 1.0 + half
    if s in ("a half", "half a", "half an"):
        return 0.5
    if s in ("a couple", "a couple of", "couple of"):
        return 2.0
    digits = s.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total, current = 0.0, 0.0
    for w in s.split():
        if w in ("a", "an", "and"):
            current = current or (1.0 if w != "and" else current)
            continue
        if w in ONES:
            current += ONES[w]
        elif w in TEENS:
            current += TEENS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            current = (current or 1.0) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current + half


def parse_year(text: str) -> int:
    """The year of "1996", "nineteen ninety-six" or "two thousand and one"."""
    t = _norm(text)
    if t[:1].isdigit():
        return int(t)
    words = t.replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(parse_number(" ".join(rest)) or 0) if rest else 2000
    century = (TEENS.get(words[0]) or 19) * 100
    rest = [w for w in words[1:] if w != "oh"]
    if rest == ["hundred"]:
        return century
    return century + int(parse_number(" ".join(rest)) or 0)


def parse_month(word: str) -> int | None:
    """The month number of "March", "Sept." or "dec"; None for anything else."""
    return MONTHS.get(_norm(word).rstrip("."))


def parse_weekday(word: str) -> int | None:
    """The ISO weekday (1 Monday .. 7 Sunday) of "Tuesday" or "Tues."; None for anything else."""
    w = _norm(word).rstrip(".")
    w = w.removesuffix("'s")
    return WEEKDAYS.get(w) or WEEKDAYS.get(w.rstrip("s"))


def parse_part(text: str | None) -> str:
    """START, MID or END for "early", "mid", "the end of" ...; EARLIER and LATER for "earlier"/"later"."""
    if not text:
        return ""
    t = _norm(text)
    if t.startswith("earlier"):
        return "EARLIER"
    if t.startswith("later"):
        return "LATER"
    if any(w in t for w in ("mid", "middle")):
        return "MID"
    if any(w in t for w in ("late", "end", "close", "latter", "last")):
        return "END"
    return "START"


def duration_value(n: float | None, unit_word: str) -> str | None:
    """The TIMEX3 duration of ``n`` units ("P3Y", "PT5H30M", "P2Y6M", "PXY" when n is None)."""
    unit = PLURAL_UNITS.get(unit_word, unit_word)
    if unit not in UNITS:
        return None
    letter, timed = UNITS[unit]
    if unit == "fortnight" and n is not None:
        n *= 2
    if unit == "weekend":
        return "P2D" if n is None or n == 1 else f"P{int(2 * n)}D"
    if n is None:
        return f"PTX{letter}" if timed else f"PX{letter}"
    if letter in ("E", "C", "L"):  # decades and centuries in years: "two decades" is P20Y
        years = n * {"E": 10, "C": 100, "L": 1000}[letter]
        return f"P{_fmt(years)}Y" if years == int(years) else None
    whole, frac = int(n), n - int(n)
    if frac == 0:
        return f"PT{whole}{letter}" if timed else f"P{whole}{letter}"
    lower = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False), "D": ("H", 24, True),
             "H": ("M", 60, True), "Q": ("M", 3, False)}
    if letter == "M" and timed:
        sub: tuple[str, int, bool] | None = ("S", 60, True)
    elif letter == "S":
        sub = None
    else:
        sub = lower.get(letter)
    if sub is None or (frac * sub[1]) != int(frac * sub[1]):
        return f"PT{_fmt(n)}{letter}" if timed else f"P{_fmt(n)}{letter}"
    rest = int(frac * sub[1])
    head = f"{whole}{letter}" if whole else ""
    if timed:
        return f"PT{head}{rest}{sub[0]}"
    if sub[2]:
        return f"P{head}T{rest}{sub[0]}"
    return f"P{head}{rest}{sub[0]}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _approx(mod: str | None) -> bool:
    return mod is not None and _norm(mod).startswith(_APPROX_MODS)


def _cap(word: str) -> bool:
    """Month and weekday names are capitalized in news text; "may" and "march" in lower case are verbs."""
    return word[:1].isupper()


# --- rules -----------------------------------------------------------------------------------

Reader = Callable[[re.Match[str], str], "Reading | tuple[Reading, int, int] | None"]

_SHIFT_WORDS = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "this": 0, "current": 0,
                "present": 0, "next": 1, "coming": 1, "following": 1, "upcoming": 1}

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


# "since '82", "in '98": a year in two digits
_SHORT_YEAR = _rx(r"""(?<![\w'’-])(?:in|since|of|until|from)\s+(?P<y>['’](?P<yy>\d\d))(?![\w'’-])""")


def read_short_year(m: re.Match[str], text: str) -> tuple[Reading, int, int]:
    yy = int(m["yy"])
    return Reading("DATE", f"{1900 + yy if yy >= 30 else 2000 + yy:04d}"), m.start("y"), m.end("y")


# "the weekend", "over the weekend"
_WEEKEND = _rx(r"""(?<![\w'’-])the\s+weekend(?![\w'’-])""")


def read_weekend(m: re.Match[str], text: str) -> Reading:
    return Reading("DATE", "XXXX-WXX-WE", kind="nearest", unit="weekend")


# "year-end", "year's end", "the end of the year" (the latter by the unit rule)
_YEAR_END = _rx(r"""(?<![\w'’-])(?:(?P<mod>around|about|by|at|since|before|after)\s+)?(?P<w>year[- ]end|year['’]s\s+end)(?![\w'’-])""")


def read_year_end(m: re.Match[str], text: str) -> tuple[Reading, int, int]:
    r = Reading("DATE", "P+0Y", kind="shift", unit="Y", n=0, part="END")
    if m["mod"] and _norm(m["mod"]) in ("around", "about"):
        return dataclasses.replace(r, approx=True), m.start(), m.end()
    return r, m.start("w"), m.end("w")


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
        fill = "T" + {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[pod]
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
    fill = "T" + {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[pod]
    return Reading("TIME", f"P{k:+d}D/XXXX-XX-XX{fill}", kind="shift", unit="D", n=k, fill=fill)


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
    fill = ("T" + {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[pod]) if pod else ""
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


_FULL_MONTHS = frozenset(w for w in MONTHS if len(w) > 4 or w in ("may", "june", "july"))


def _read_month_date(m: re.Match[str], text: str) -> Reading | None:
    if not _cap(m["mon"]):
        return None
    mon = parse_month(m["mon"])
    if mon is None:
        return None
    word = _norm(m["mon"]).rstrip(".")
    full = word in ("january", "february", "april", "june", "july", "august", "september", "october",
                    "november", "december")
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

_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def read_decade(m: re.Match[str], text: str) -> Reading | None:
    part = parse_part(m["part"] or m["part2"])
    if m["cen"]:
        return Reading("DATE", f"{m['cen']}{m['dec']}", part=part)
    d = int(m["dec2"]) if m["dec2"] else _DECADE_WORDS[_norm(m["w"])]
    if m["w"] and not (m["part"] or m["part2"] or re.match(r"the\s", m.group(), re.IGNORECASE)):
        return None  # "in his forties" is an age
    return Reading("DATE", f"19{d}", part=part)  # "the '80s" in news of the 1980s-2010s: the 20th century


# "the 20th century", "this century"
_CENTURY = _rx(rf"""{_B}(?:(?P<part>{_PART})[\s-]*)?(?:the\s+)?(?:(?P<part2>early|mid|late)[\s-]*)?
    (?P<ord>{alternation(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century{_E}""")


def read_century(m: re.Match[str], text: str) -> Reading | None:
    o = _norm(m["ord"])
    n = ORDINALS.get(o)
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
        n = ORDINALS[o]
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
        return Reading("SET", "XXXX-XX-XXT" + {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[what])
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


# Each rule with the key words one of which every match holds, and how far before its key a
# match may start. Rules run only at their keys: scanning every rule over every character of
# the text cost half a second per 500 kB; trying each at a few word starts before a key is
# twenty times cheaper (measured on TBAQ).
RULES: tuple[tuple[str, re.Pattern[str], Reader, frozenset[str], int], ...] = (
    ("ago", _AGO, read_ago, frozenset({"ago", "ref"}), 90),
    ("clock", _CLOCK, read_clock, frozenset({"clock", "digits"}), 40),
    ("numeric", _NUMERIC, read_numeric, frozenset({"digits"}), 8),
    ("month_date", _MD, read_month_date, frozenset({"month"}), 50),
    ("day_month", _DM, read_day_month, frozenset({"month"}), 12),
    ("quarter", _QUARTER, read_quarter, frozenset({"quarter", "half", "q"}), 40),
    ("decade", _DECADE, read_decade, frozenset({"decade"}), 40),
    ("century", _CENTURY, read_century, frozenset({"century"}), 50),
    ("relative", _REL, read_relative, frozenset({"unit", "quarter", "half", "century"}), 60),
    ("deictic", _DEICTIC, read_deictic, frozenset({"deictic"}), 30),
    ("narrative", _NARRATIVE, read_narrative, frozenset({"unit"}), 20),
    ("weekend", _WEEKEND, read_weekend, frozenset({"unit"}), 6),
    ("the_day", _THE_DAY, read_the_day, frozenset({"unit"}), 30),
    ("short_year", _SHORT_YEAR, read_short_year, frozenset({"short_year"}), 7),
    ("year_end", _YEAR_END, read_year_end, frozenset({"unit"}), 16),
    ("part_of_day", _POD_RULE, read_part_of_day, frozenset({"clock", "night", "deictic"}), 30),
    ("weekday", _WD, read_weekday, frozenset({"weekday"}), 30),
    ("season", _SEASON, read_season, frozenset({"season"}), 50),
    ("holiday", _HOLIDAY_RULE, read_holiday, frozenset({"holiday", "unit", "weekday", "month"}), 24),
    ("set", _SET, read_set, frozenset({"set"}), 2),
    ("duration", _DUR, read_duration, frozenset({"unit", "quarter", "night", "century"}), 90),
    ("vague_duration", _VAGUE_DUR, read_vague_duration, frozenset({"unit", "century"}), 50),
    ("focus", _FOCUS, read_focus, frozenset({"quarter", "unit", "period"}), 30),
    ("the_unit", _THE_UNIT, read_the_unit, frozenset({"unit"}), 30),
    ("year", _YEAR_RULE, read_year, frozenset({"digits", "spoken_year"}), 50),
    ("ref", _REF, read_ref, frozenset({"ref"}), 20),
)

def trie_pattern(words: object) -> str:
    """A regex matching exactly ``words``, written as a trie ("to(?:day|morrow|night)") so that the
    engine tests one branch per character instead of every word at every position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:  # type: ignore[attr-defined]
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


_KEY_CLASSES: dict[str, tuple[str, ...]] = {
    "ago": ("ago", "earlier", "hence"),
    "deictic": ("today", "yesterday", "tomorrow", "tonight"),
    "unit": ("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
             "weekend", "weekends", "fortnight", "fortnights", "month", "months", "year", "years", "decade",
             "decades", "millennium", "millennia", "generation", "generations"),
    "century": ("century", "centuries"),
    "quarter": ("quarter", "quarters", "quarterly"),
    "half": ("half",),
    "period": ("period",),
    "night": ("night", "nights", "overnight"),
    "season": tuple(SEASONS),
    "set": ("every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly",
            "bimonthly", "semiannually", "once", "twice", "times"),
    "ref": ("now", "current", "currently", "recent", "recently", "present", "presently", "past", "future",
            "soon", "term", "formerly", "lately", "previously", "nowadays", "moment", "these"),
    "clock": ("noon", "midnight", "midday", "morning", "afternoon", "evening", "o'clock", "o’clock"),
    "month": tuple(MONTHS),
    "weekday": tuple(WEEKDAYS),
    "holiday": ("christmas", "thanksgiving", "easter", "halloween", "election"),
    "decade": tuple(_DECADE_WORDS),
    "q": ("q1", "q2", "q3", "q4"),
    "spoken_year": ("nineteen", "eighteen", "thousand"),
}
_KEY_OF = {w: k for k, ws in _KEY_CLASSES.items() for w in ws}
# The key words of every rule, found in one pass: numbers (and "1990s", "'80s"), "a.m."/"p.m.", and
# the words above.
_KEYS = re.compile(
    r"(?<![\w'’])(?:(?P<digits>\d+(?:[:/.,-]\d+)*)(?P<decs>['’]?s)?|(?P<apos>['’]\d0['’]?s)|(?P<yy>['’]\d\d)"
    r"|(?P<clock>[ap]\.\s?m\b\.?|[ap]m\b)|(?P<word>" + trie_pattern(_KEY_OF) + r"))(?![\w])",
    re.IGNORECASE,
)


def _key_class(m: re.Match[str]) -> str:
    if m["word"]:
        return _KEY_OF.get(m["word"].lower(), "")
    if m["digits"]:
        return "decade" if m["decs"] else "digits"
    if m["yy"]:
        return "short_year"
    return "decade" if m["apos"] else "clock"


_WORD_START = re.compile(r"(?<![\w'’])[\w'’$]")


def find_candidates(text: str) -> list[Candidate]:
    """Every time expression in ``text``, longest match first where two overlap, in text order."""
    hits = [(_key_class(m), m.start(), m.end()) for m in _KEYS.finditer(text)]
    if not hits:
        return []
    starts = [m.start() for m in _WORD_START.finditer(text)]
    seen: set[tuple[int, int, int]] = set()
    found: list[tuple[int, int, int, Reading]] = []
    for key, ks, ke in hits:
        for prio in _RULES_BY_KEY.get(key or "", ()):
            _, rx, reader, _, before = RULES[prio]
            lo = bisect_left(starts, ks - before)
            hi = bisect_right(starts, ks)
            for pos in starts[lo:hi]:
                m = rx.match(text, pos)
                if m is None or m.end() < ke:
                    continue
                sig = (prio, m.start(), m.end())
                if sig in seen:
                    break
                seen.add(sig)
                got = reader(m, text)
                if got is not None:
                    r, s, e = got if isinstance(got, tuple) else (got, m.start(), m.end())
                    found.append((s, e, prio, r))
                    break
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []
    for s, e, _, r in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(Candidate(s, e, r))
    out.sort(key=lambda c: c.start)
    return out


def _rules_by_key() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for n, (_, _, _, keys, _) in enumerate(RULES):
        for k in keys:
            out.setdefault(k, []).append(n)
    return {k: tuple(v) for k, v in out.items()}


_RULES_BY_KEY = _rules_by_key()


def iter_rules() -> Iterator[str]:
    """The rule names, in priority order (for tests and the docs)."""
    return (name for name, *_ in RULES)
