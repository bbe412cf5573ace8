"""The regular expressions of the quantities stage, built once per process from the word lists in
``onrecord/resources/quantities_*.tsv`` and the number and month words of :mod:`onrecord.lexicon`.

One pattern (:func:`quantity_pattern`) reads a whole quantity phrase left to right:

    [bound] [currency] (vague count | digits [scale] | number words) [-odd/+] [percent | currency | unit] [or more]

e.g. "more than $40 million", "about 2.5 million dollars", "dozens", "tens of thousands", "12 percent",
"3.5-inch", "nearly nine years", "12 or more". Ranges ("between 200 and 300", "15-20%") are two
matches the stage joins; ordinals have a pattern of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType

from ...lexicon.calendar import MONTH_PATTERN
from ...lexicon.numbers import ONES, ORDINALS, SCALES, SMALL, TENS

#: Bound words before a number, by reading (see ``atoms.apply_bound``). Longer phrases are tried first.
BOUNDS: dict[str, str] = {
    # more than: "over 300" is 301 or more (DESIGN.md)
    "over": "gt", "more than": "gt", "above": "gt", "greater than": "gt", "in excess of": "gt",
    "upwards of": "gt", "upward of": "gt", "exceeding": "gt", "well over": "gt", "just over": "gt",
    "slightly over": "gt", "well above": "gt", "just above": "gt", "slightly more than": "gt",
    "well more than": "gt", "far more than": "gt", "much more than": "gt",
    # at least
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "not fewer than": "ge",
    "not less than": "ge", "a minimum of": "ge",
    # just under: "nearly 50", "almost nine years"
    "nearly": "near", "almost": "near", "close to": "near", "just under": "near", "just below": "near",
    "just shy of": "near", "just short of": "near", "approaching": "near", "not quite": "near",
    "slightly less than": "near", "slightly under": "near", "slightly below": "near",
    # fewer than
    "fewer than": "lt", "less than": "lt", "under": "lt", "below": "lt",
    # up to
    "up to": "le", "as many as": "le", "as much as": "le", "as high as": "le", "no more than": "le",
    "not more than": "le", "at most": "le", "a maximum of": "le",
    # about
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx", "some": "approx",
    "an estimated": "approx", "estimated": "approx", "circa": "approx", "just about": "approx",
    "more or less": "approx", "in the region of": "approx", "on the order of": "approx",
    "an approximate": "approx", "approx.": "approx",
    # the first half of a range: "between 200 and 300"
    "between": "between",
}
#: Bound words after a number: "12 or more", "40-odd", "300-plus", "290+".
POST_BOUNDS: dict[str, str] = {
    "or more": "ge", "or so": "approx", "or fewer": "le", "or less": "le", "-odd": "approx", "odd": "approx",
    "-plus": "ge", "+": "ge",
}
#: Scale abbreviations allowed after any number ("7.2 bn", "50k") and only after a currency ("$3m", "$2b"),
#: where "m" cannot be a metre.
_SCALE_ABBR_ANY = ("bn", "bln", "mn", "mln", "tn", "trn")
_SCALE_ABBR_CURRENCY = ("bn", "bln", "mn", "mln", "tn", "trn", "m", "b", "k")

MONTHS = re.compile(MONTH_PATTERN, re.IGNORECASE)


def _load_table(name: str) -> list[tuple[str, ...]]:
    """Rows of a tab-separated resource file, comments and blank lines skipped."""
    text = resources.files("onrecord").joinpath("resources", name).read_text(encoding="utf-8")
    return [tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#")]


# The loaders below read a resource file once per process; what they return is read-only, so the one
# cached copy cannot be changed by a caller.
@cache
def units() -> Mapping[str, str]:
    """Unit surface (lower-cased unless case matters) -> canonical unit."""
    return MappingProxyType(
        {(s if case == "s" else s.lower()): u for s, u, case in _load_table("quantities_units.tsv")})


@cache
def _unit_rows() -> tuple[tuple[str, str, str], ...]:
    return tuple((s, u, case) for s, u, case in _load_table("quantities_units.tsv"))


@cache
def currencies() -> Mapping[tuple[str, str], str]:
    """(surface, "pre" | "post") -> ISO 4217 code; surfaces lower-cased unless all capitals."""
    return MappingProxyType(
        {(_fold(s), where): code for s, code, where in _load_table("quantities_currencies.tsv")})


def _fold(s: str) -> str:
    """Currency codes ("USD", "RMB") match only in capitals; everything else in any case."""
    return s if s.isupper() and s.isalpha() else s.lower()


def _alternation(words: Sequence[str], *, sensitive: Sequence[str] = ()) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of white space;
    ``sensitive`` phrases match only as written."""
    def lit(w: str) -> str:
        return r"\s+".join(re.escape(p) for p in w.split(" "))
    loose = sorted(set(words), key=len, reverse=True)
    exact = sorted(set(sensitive), key=len, reverse=True)
    parts = []
    if exact:
        parts.append("(?-i:" + "|".join(lit(w) for w in exact) + ")")
    if loose:
        parts.append("|".join(lit(w) for w in loose))
    return "(?:" + "|".join(parts) + ")"


_UNITS_1_9 = "|".join(w for w in ONES if w != "zero")  # "one|two|...|nine"
_SCALE_WORDS = "|".join(SCALES)  # "hundred|thousand|million|billion|trillion|dozen"


def _word_number() -> str:
    """Numbers in words: "three hundred and twenty", "twenty-five", "a dozen", "half a million",
    "two and a half million", "a score (of)"; checked word by word by ``parse_words``."""
    tens = "|".join(TENS)
    small = "|".join(sorted(SMALL, key=len, reverse=True))
    w1 = rf"(?:(?:{tens})(?:[-\s](?:{_UNITS_1_9}))?|{small})(?![\w-])"
    fraction = r"(?:a|one|two|three)\s+(?:quarters?|thirds?)\s+of\s+an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b)"
    start = (rf"(?:{fraction}"
             rf"|{w1}|an?(?=\s+(?:{_SCALE_WORDS})\b)"
             rf"|half\s+an?(?=\s+(?:{_SCALE_WORDS}|percent|per\s+cent)\b)|a\s+score(?=\s+of\b))")
    half = r"(?:\s+and\s+a\s+half)?"
    more = rf"(?:(?:\s+and\s+|\s+|-)(?:{_SCALE_WORDS})\b(?:(?:\s+and\s+|\s+|-){w1})?)*"
    return rf"{start}{half}{more}"


_VAGUE = r"""
    (?:tens|dozens|hundreds)\s+of\s+(?:thousands|millions|billions)
  | (?:several|a\s+few|a\s+couple(?:\s+of)?|a\s+handful(?:\s+of)?)\s+(?:dozen|hundred|thousand|million|billion)\b
  | (?:dozens|hundreds|thousands|millions|billions|trillions)\b
  | (?:scores|tens|a\s+couple|a\s+handful)(?=\s+of\b)
  | several\b | a\s+few\b
"""


@cache
def quantity_pattern() -> re.Pattern[str]:
    """The pattern of one quantity phrase (see the module docstring); named groups say what was read."""
    bound = _alternation(list(BOUNDS))
    cur_rows = _load_table("quantities_currencies.tsv")
    pre = [s for s, _, w in cur_rows if w == "pre"]
    post = [s for s, _, w in cur_rows if w == "post"]
    cur_pre = _alternation([s for s in pre if _fold(s) != s], sensitive=[s for s in pre if _fold(s) == s])
    cur_post = _alternation([s for s in post if _fold(s) != s], sensitive=[s for s in post if _fold(s) == s])
    rows = _unit_rows()
    unit = _alternation([s for s, _, c in rows if c == "i"], sensitive=[s for s, _, c in rows if c == "s"])
    abbr_cur = "|".join(_SCALE_ABBR_CURRENCY)
    abbr_any = "|".join(_SCALE_ABBR_ANY)
    pattern = rf"""
    (?<![\w.,$£€¥#@/\\'\u2019])
    (?:(?P<bound>{bound})\s+)?
    (?:(?P<preunit>magnitude)[\s-])?
    (?:(?P<cur>{cur_pre})\s?)?
    (?P<num>
        (?P<vague>{_VAGUE})
      | (?P<digits>[-\u2212]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[-\u2212]?\.\d+)(?!\d|[.,:/]\d)
        (?: (?P<abbr>(?(cur)\s?(?:{abbr_cur})|(?:\s?(?:{abbr_any})|k|[mb](?=\s+{cur_post}))))(?![^\W\d_])
          | \s+(?P<scale>{_SCALE_WORDS})(?:\s+and\s+a\s+half)?\b )?
      | (?P<words>{_word_number()})
    )
    (?P<postbound1>-odd|-plus|\+)?
    (?P<post>
        (?P<pct>\s?%|\s?(?:per\s?cent|percent)(?:age)?(?:\s+points?)?|\s+pct\b|\s+percentage\s+points?)
      | (?P<curpost>(?(vague)(?:\s+of)?)\s+{cur_post})(?![^\W\d_])
      | (?P<unit>(?:\s?|-)(?:{unit})(?![^\W\d_]))(?P<old>-old|\s+old\b)?
      | (?(digits)(?P<inch>''|"|\u2033)(?=\s+(?-i:[a-z])))
    )?
    (?P<postbound2>\s+or\s+(?:more|so|fewer|less)\b)?
    (?(post)(?![^\W\d_])|(?![^\W\d_]|[-\u2010\u2011][^\W\d_]))
    """
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


@cache
def ordinal_pattern() -> re.Pattern[str]:
    """Ordinals: "21st", "15,599th", "third", "twenty-first"."""
    words = "|".join(sorted(ORDINALS, key=len, reverse=True))
    tens = "|".join(TENS)
    return re.compile(
        rf"(?<![\w.,#/-])(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:st|nd|rd|th)|(?:(?:{tens})-)?(?:{words}))(?![\w-])",
        re.IGNORECASE)


#: Telephone numbers ("(212) 555-0134", "555-0134", "+44 20 7946 0000"): never counts.
PHONE = re.compile(r"\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}|(?:\(\d{3}\)\s?|\b\d{3}[.-])?\b\d{3}-\d{4}\b")
#: After a number: a time of day ("3 p.m.", "9 o'clock", "10 GMT"), a date ("7th of March") or "ago".
TIME_AFTER = re.compile(r"\s?(?:[ap]\.m\.|[ap]m\b|o'clock\b|\s(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|ET)\b)")
DURATION_AGO = re.compile(r"\s+(?:ago|earlier|later|before|after|prior|previously|hence|from\s+now)\b", re.IGNORECASE)
MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{MONTHS.pattern}(?!\w)", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"(?<!\w){MONTHS.pattern}\s+$", re.IGNORECASE)
FROM_BEFORE = re.compile(r"(?<!\w)from\s+$", re.IGNORECASE)
#: Words after which a number is a name or a label, not a count: "No. 10", "Route 66", "Chapter 11".
NAME_MARKERS = frozenset({
    "no", "no.", "nos", "nos.", "number", "#", "vol", "vol.", "volume", "art", "art.", "article", "sec", "sec.",
    "section", "chapter", "ch.", "route", "highway", "interstate", "flight", "room", "office", "suite",
    "apartment", "apt", "apt.", "platform", "gate", "terminal", "channel", "page", "p.", "pp.", "level",
    "grade", "form", "proposition", "prop.", "resolution", "bill", "amendment", "rule", "psalm", "line",
    "bus", "track", "exit", "district", "ward", "precinct", "lot", "unit", "building", "block", "pier",
    "version", "v.", "season", "episode", "series", "model", "type", "mark", "mk", "mk.", "phase", "stage",
})


# --- scanning only where a number can be ---------------------------------------------------------------
# The quantity pattern tried at every word start costs more than the rest of the stage together (its
# leading alternations of bound words, currencies and number words are tried in turn). Every match holds
# a digit or one of the words below within a few words of its start, and ``str.find`` locates those words
# far faster than the regex engine, so the pattern runs only in short windows before such "triggers".

_TRIGGER_WORDS: tuple[str, ...] = tuple(sorted(
    set(SMALL) | set(TENS) | set(SCALES) | {"score", "tens", "several", "few", "couple", "handful", "half"}
))
_ORDINAL_TRIGGERS: tuple[str, ...] = tuple(sorted(set(ORDINALS) | set(TENS)))
_DIGIT_RUN = re.compile(r"\d+")
#: Longest lead from a match's start to the number word or digit in it: "slightly more than magnitude US$".
_LEAD = 48
#: Room after a trigger for the rest of a match (a longer one is searched again without the window).
_TAIL = 160


def ordinal_triggers(text: str) -> list[int]:
    """Where a digit run or an ordinal word ("third", "twenty-first") begins a word in ``text``."""
    return trigger_positions(text, _ORDINAL_TRIGGERS)


def trigger_positions(text: str, words: tuple[str, ...] = _TRIGGER_WORDS) -> list[int]:
    """Where a digit run or one of ``words`` begins a word in ``text``, in order."""
    low = text.lower()
    found = {m.start() for m in _DIGIT_RUN.finditer(text)}
    for w in words:
        i = low.find(w)
        while i != -1:
            if i == 0 or not low[i - 1].isalpha():
                found.add(i)
            i = low.find(w, i + 1)
    return sorted(found)


def _lead_words() -> frozenset[str]:
    """Words that can stand right before the number of a match: the last word of a bound ("than", "least"),
    "magnitude", "a"/"an"/"half" ("a dozen"), currency symbols and codes written apart ("US$ 40")."""
    words = {b.split()[-1] for b in BOUNDS} | {"magnitude", "a", "an", "half"}
    words |= {s.lower() for s, _, where in _load_table("quantities_currencies.tsv") if where == "pre"}
    return frozenset(words)


_LEAD_WORDS = _lead_words()


def scan(text: str, triggers: list[int] | None = None) -> list[re.Match[str]]:
    """The matches of :func:`quantity_pattern` in ``text``, as ``finditer`` gives them, found by trying the
    pattern only at each trigger (``trigger_positions``), or in a short window before it when the word
    before it could begin the match ("more than 300", "US$ 40", "a dozen")."""
    pattern = quantity_pattern()
    out: list[re.Match[str]] = []
    last = 0
    n = len(text)
    for p in trigger_positions(text) if triggers is None else triggers:
        if p < last:
            continue
        m: re.Match[str] | None
        if p == last or (text[p - 1].isspace() and _word_before(text, p, last) not in _LEAD_WORDS):
            m = pattern.match(text, p)
        else:
            end = min(n, p + _TAIL)
            m = pattern.search(text, max(last, p - _LEAD), end)
            if m is not None and end < n and m.end() > end - _LEAD:
                m = pattern.search(text, m.start())  # the window may have cut it short: read it whole
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def _word_before(text: str, p: int, floor: int) -> str:
    """The lower-cased word that ends in the white space before position ``p`` (not reaching before ``floor``)."""
    end = p - 1
    while end > floor and text[end - 1].isspace():
        end -= 1
    start = end
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"'([{<\u201c\u2018\u2014\u2013-").lower()


def scan_ordinals(text: str, triggers: list[int] | None = None) -> list[re.Match[str]]:
    """The matches of :func:`ordinal_pattern` in ``text``, tried only where a digit run or an ordinal word
    begins a word (``ordinal_triggers``)."""
    pattern = ordinal_pattern()
    out: list[re.Match[str]] = []
    last = 0
    for p in ordinal_triggers(text) if triggers is None else triggers:
        if p < last:
            continue
        m = pattern.match(text, p)
        if m is not None:
            out.append(m)
            last = m.end()
    return out
