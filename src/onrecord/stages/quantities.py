"""quantities: numbers, money, percentages, measures, vague counts and ordinals as low/high ranges
with what is counted.

Each parsed paragraph's text is read by one regular expression (``_quant_patterns``) for whole
quantity phrases, then the spaCy parse of the paragraph is consulted only where a match needs it:
to find the thing counted (the noun the number modifies, or the object of "of" in "dozens of
invoices"), and to tell a count from a number that is part of a name or a date ("Route 66", "March 7",
"2002", "3:14 PM"). The pattern is tried only near digits and number words (``_quant_patterns.scan``)
and the per-match work is a few token look-ups: on 200 BBC articles the stage took 0.8% of the time of
the spaCy parse (measured by parsing the articles once, then timing ``run`` on the parsed states).

Readings (DESIGN.md: ``value`` is the conservative point reading of conflict-event coders, ``low`` and
``high`` the honest range, ``approx`` true when the text does not give the exact number):

- exact "300", "three hundred", "2.5 million", "a dozen": low = high = value, approx false.
- vague "dozens" 12..99, "hundreds" 100..999, "tens of thousands" 10000..99999, "several" 3..9, "a few"
  2..9, "scores of" 20..99 (see ``_quant_numbers.VAGUE``): value = low, approx true.
- "over 300", "more than a dozen": low = value = 301 / 13, high none. For whole-number counts the bound
  is strict (+1); for money, percentages and measures (and fractional counts) the number itself.
- "at least 12", "12 or more", "300-plus": low = value = 12, high none.
- "nearly 50", "almost nine years", "just under 50": high = value = 49 (whole counts) or 50 (other kinds),
  low none: the nearest value the text allows, as for "over".
- "fewer than 50", "under 50": high = 49 (whole counts) or 50, low and value none.
- "up to 1,000", "as many as 1,000", "no more than": high = 1000, low and value none: the text gives no
  point reading, only the ceiling.
- "about/around/some/roughly 40", "40 or so", "40-odd": low = high = value = 40, approx true (the text
  gives no range; callers may widen it).
- ranges "between 200 and 300", "200 to 300", "200-300", "two or three": low 200, high 300, value = low.
- money: ``unit`` is the ISO 4217 code ("$" read as USD, "£" GBP, "€" EUR, see
  ``resources/quantities_currencies.tsv``), cents and pence given in the main unit (0.26 USD).
- percent: unit "percent" or "percentage point". Measures: the canonical unit ("km", "year", "inch").
  Durations ("nine years") are measures with a time unit, unless they place an event ("two weeks ago").
- ordinals ("third", "21st") get kind ordinal; low = high = value = the rank.
- ``counted``: the surface form of the noun counted, lower-cased unless a proper noun ("people",
  "officials", "invoices", "Dreamliners"): the plural as written, because that is what a reader
  searches for and what DESIGN.md's record example shows.

Not quantities: years ("in 2002"), days of the month ("March 7"), times of day ("3:14 PM", "3 pm"),
telephone numbers, numbers that name something ("No. 10", "Route 66", "Office 39", "Boeing 737",
"S&P 500"), numbers glued to letters or joined by hyphens to letters ("A320", "G20", "FTSE-100"),
scores and votes ("beat them 3-1", "52-35") and list numbering.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..model import Quantity, Span
from ..state import Options, State
from . import _quant_patterns as P
from ._quant_numbers import parse_number, parse_ordinal, parse_vague, parse_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

log = logging.getLogger(__name__)

NAME = "quantities"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("quantities",)

#: spaCy entity labels of names: a number inside one is part of the name ("Nikkei 225", "10 Downing Street").
_NAME_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "PERSON", "NORP"})
_PLACE_LABELS = frozenset({"FAC", "GPE", "LOC", "WORK_OF_ART", "LAW", "EVENT"})
_MODIFIER_DEPS = frozenset({"nummod", "amod", "compound", "det", "quantmod", "nmod", "npadvmod", "poss"})
_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
_RANGE_DASH = re.compile(r"[-\u2010-\u2013]|\s*\u2014\s*|\s+\u2013\s+")
_RANGE_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_RANGE_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_NUMBERS = re.compile(r"\d[\d,.]*")
#: Nouns spaCy tags singular that count things in the plural too ("five new aircraft").
_INVARIANT_PLURALS = frozenset({
    "aircraft", "spacecraft", "craft", "sheep", "deer", "fish", "cattle", "livestock", "personnel", "staff",
    "police", "series", "species", "offspring", "people", "crew", "headcount", "family", "percent",
})
#: Nouns that name the number itself: "the 5000 mark", "the 10,000 level" are quantities.
_NUMBER_NOUNS = frozenset({"mark", "level", "barrier", "threshold", "milestone", "figure", "point", "total"})
_UNIT_SECOND = re.compile(r"(?:every|each|per|a|one|split|another)\s+$", re.IGNORECASE)
_PREV_WORD = re.compile(r"(\S+)\s*$")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_ENUM_AFTER = re.compile(r"[.)]\s")


@dataclass(frozen=True, slots=True)
class Atom:
    """One quantity phrase the pattern matched in a paragraph, before ranges are joined.

    ``start``/``end`` are offsets in the paragraph's text; ``number`` is the figure as written
    (scale applied), ``scale`` the scale word or abbreviation's factor when one was written (a range
    lends it to its first half: "between 12 and 20 million").
    """

    start: int
    end: int
    kind: str
    number: float | None
    low: float | None
    high: float | None
    value: float | None
    approx: bool
    unit: str | None
    bound: str | None = None
    scale: float | None = None
    vague: bool = False
    words: bool = False  # the number is written in words
    bare: bool = True  # a plain number: no bound, currency, unit, percent or scale
    text: str = ""
    num_start: int = -1  # where the number itself begins, after any bound word or currency


def apply_bound(bound: str | None, number: float, kind: str, low: float | None = None,
                high: float | None = None) -> tuple[float | None, float | None, float | None, bool]:
    """(low, high, value, approx) of ``number`` under a bound word (readings in the module docstring).

    ``low``/``high`` default to ``number``; a vague count passes its own range ("more than dozens").
    """
    lo = number if low is None else low
    hi = number if high is None else high
    step = 1.0 if kind == "count" and float(number).is_integer() else 0.0
    if bound is None:
        return lo, hi, lo, low is not None and low != high
    if bound == "gt":
        return lo + step, None, lo + step, True
    if bound == "ge":
        return lo, None, lo, True
    if bound == "near":
        return None, lo - step, lo - step, True
    if bound == "lt":
        return None, lo - step, None, True
    if bound == "le":
        return None, hi, None, True
    return lo, hi, lo, True  # approx; "between" is settled when its range is joined


def _currency(surface: str, where: str) -> str | None:
    table = P.currencies()
    key = " ".join(surface.split())
    return table.get((key, where)) or table.get((key.lower(), where))


def read_atom(m: re.Match[str]) -> Atom | None:
    """The :class:`Atom` of one match of ``quantity_pattern``; None when the words do not make a number."""
    g = m.groupdict()
    vague = g["vague"] is not None
    scale: float | None = None
    rng: tuple[float, float] | None = None
    if vague:
        rng = parse_vague(g["vague"])
        if rng is None:
            return None
        number: float | None = rng[0]
    elif g["digits"] is not None:
        number = parse_number(g["num"])
        if g["abbr"]:
            scale = parse_number("1" + g["abbr"].strip())
        elif g["scale"]:
            scale = parse_number("1 " + g["scale"])
    else:
        number = parse_words(g["num"])
        if number is not None and re.search(r"hundred|thousand|million|billion|trillion|dozen|score", g["num"], re.IGNORECASE):
            scale = 1.0  # written with a scale word: "two million" is not a bare count
    if number is None or not math.isfinite(number * (scale or 1.0)):
        return None  # a digit string too long for a float ("999...9"): no value to give
    kind, unit = "count", None
    if g["pct"]:
        kind = "percent"
        unit = "percentage point" if "point" in g["pct"].lower() else "percent"
    elif g["curpost"]:
        word = re.sub(r"^\s*(?:of\s+)?", "", g["curpost"], flags=re.IGNORECASE)
        unit = _currency(word, "post")
        kind = "money"
        if re.search(r"(?:cents?|pence)$", word, re.IGNORECASE):
            number /= 100
            if rng:
                rng = (rng[0] / 100, rng[1] / 100)
    elif g["unit"] or g["preunit"]:
        kind = "measure"
        u = (g["unit"] or g["preunit"]).lstrip(" -\t\n")
        units = P.units()
        unit = units.get(u) or units.get(u.lower()) or units.get(" ".join(u.lower().split()))
    elif g["inch"]:
        kind, unit = "measure", "inch"
    if g["cur"]:
        code = _currency(g["cur"], "pre")
        if kind in ("count", "money"):
            kind, unit = "money", code or unit
    bound = P.BOUNDS.get(" ".join(g["bound"].lower().split())) if g["bound"] else None
    start = m.start()
    if bound == "gt" and number == 1 and g["bound"].lower().endswith("over"):
        bound, start = None, m.start("num")  # "stepping over one line": the preposition, not a bound
    post = (g["postbound1"] or g["postbound2"] or "").strip().lower()
    if post:
        bound = bound or P.POST_BOUNDS.get(" ".join(post.split()))
    if rng is not None:
        low, high, value, approx = apply_bound(bound, number, kind, rng[0], rng[1])
        approx = True
    else:
        low, high, value, approx = apply_bound(bound, number, kind)
    return Atom(
        start=start, end=m.end(), kind=kind, number=number, low=low, high=high, value=value, approx=approx,
        unit=unit, bound=bound, scale=scale, vague=vague, words=g["words"] is not None,
        bare=kind == "count" and not vague and bound is None and scale is None, text=m.group()[start - m.start():],
        num_start=m.start("num"),
    )


def extract_atoms(text: str, triggers: list[int] | None = None) -> list[Atom]:
    """Every quantity phrase of ``text`` (one paragraph), left to right, telephone numbers left out.

    ``triggers`` are ``_quant_patterns.trigger_positions(text)`` when the caller has them."""
    out = []
    for m in P.scan(text, triggers):
        if _near_phone(text, m.start(), m.end()):
            continue
        atom = read_atom(m)
        if atom is not None:
            out.append(atom)
    return out


def _near_phone(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` belong to a telephone number ("555-0134", "+44 20 7946 0000")."""
    if text[end:end + 1] not in ("-", ".", ")", " ") and text[max(0, start - 1):start] not in ("-", "(", "+", " "):
        return False
    window = text[max(0, start - 18):end + 18]
    if "-" not in window and "+" not in window and ")" not in window:
        return False
    offset = max(0, start - 18)
    return any(p.start() + offset < end and start < p.end() + offset for p in P.PHONE.finditer(window))


def _join(a: Atom, b: Atom, text: str) -> Atom | None:
    """The range "a .. b" when the text between them makes one ("200 to 300", "15-20%", "between 12 and
    20 million", "two or three"); None when it does not."""
    gap = text[a.end:b.start]
    if a.number is None or b.number is None or a.vague or b.vague:
        return None
    if _RANGE_DASH.fullmatch(gap) or _RANGE_TO.fullmatch(gap):
        if P.FROM_BEFORE.search(text[max(0, a.start - 8):a.start]):
            return None  # "rose from 14% to 17%": two figures, not a range
        if a.bound not in (None, "approx"):
            return None
    elif _RANGE_AND.fullmatch(gap):
        if a.bound != "between":
            return None
    elif _RANGE_OR.fullmatch(gap):
        if not (a.bare and a.words == b.words and b.bound is None and not b.vague):
            return None  # "two or three", "two or three months"; not "$381 million or $0.67"
    else:
        return None
    if a.kind != b.kind and a.kind != "count":
        return None
    first = a.number
    if a.scale is None and b.scale and b.scale != 1.0 and a.number <= b.number / b.scale:
        first = a.number * b.scale  # "between 12 and 20 million", "$12-15bn"
    last = b.high if b.high is not None else b.number
    if not first < last:
        return None
    return Atom(
        start=a.start, end=b.end, kind=b.kind, number=first, low=first, high=last, value=first, approx=True,
        unit=b.unit or a.unit, bound=None, scale=b.scale, bare=False, text=a.text + gap + b.text,
        num_start=a.num_start,
    )


def join_ranges(atoms: Sequence[Atom], text: str) -> list[Atom]:
    """Atoms with ranges joined; halves of a dash that do not make a range ("52-35", "A330-200") dropped."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            joined = _join(a, atoms[i + 1], text)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        if _dash_glued(a, text):
            i += 1
            continue
        if i + 1 < len(atoms) and a.bare and atoms[i + 1].kind in ("percent", "money"):
            b = atoms[i + 1]
            if _RANGE_TO.fullmatch(text, a.end, b.start) or _RANGE_DASH.fullmatch(text, a.end, b.start):
                a = replace(a, kind=b.kind, unit=b.unit, bare=False)  # "50 to 48 percent": a score in percent
        out.append(a)
        i += 1
    return out


def _dash_glued(a: Atom, text: str) -> bool:
    """A number hyphenated to a word or number without making a range: "A330-200", "FTSE-100", "52-35"."""
    before = text[a.start - 1] if a.start > 0 else ""
    after = text[a.end:a.end + 2]
    if before in "-\u2010\u2011\u2013" and a.start > 1 and text[a.start - 2].isalnum():
        return True
    return a.bare and len(after) == 2 and after[0] in "-\u2010\u2011\u2013" and after[1].isdigit()


def entity_around(span: SpacySpan) -> tuple[str, bool, bool] | None:
    """spaCy's named entity holding every token of ``span``: (label, begins before them, goes on after
    them); None when they are not all inside one. Read from the tokens, because building ``doc.ents``
    for every paragraph costs more than this whole stage."""
    first = span[0]
    label = first.ent_type_
    if not label or any(t.ent_iob_ != "I" for t in span[1:]):
        return None
    doc = span.doc
    return label, first.ent_iob_ == "I", span.end < len(doc) and doc[span.end].ent_iob_ == "I"


def _head_noun(tok: Token) -> Token | None:
    """The noun a number modifies, through compounds ("10,000 job cuts" -> "cuts"); None if it modifies none."""
    if tok.dep_ not in _MODIFIER_DEPS or tok.head.i <= tok.i or tok.head.pos_ not in ("NOUN", "PROPN"):
        return None
    head = tok.head
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    return head


def _is_year(atom: Atom, text: str, tok: Token, head: Token | None) -> bool:
    """A year or a range of years: four digits from 1000 to 2100, unless they count a plural common noun
    ("2000 people", not "the 2008 Olympic Games")."""
    if atom.scale is not None or atom.words:
        return False
    nums = _NUMBERS.findall(text, atom.num_start, atom.end)
    if not nums or not all(len(n) == 4 and n.isdigit() and 1000 <= int(n) <= 2100 for n in nums):
        return False
    if head is None or head.tag_ != "NNS":
        return True
    # "2000 people" counts; "the 2016 presidential contests" is a year: a count's noun follows it directly
    return any(t.dep_ != "compound" for t in head.doc[tok.i + 1:head.i])


def _is_name_part(atom: Atom, text: str, doc: Doc, span: SpacySpan, head: Token | None, headline: bool,
                  ent: tuple[str, bool, bool] | None) -> bool:
    """A number that names or labels something ("Route 66", "Boeing 737", "iPhone 4", "the 737 replacement",
    "S&P 500"), not a count. Only plain digits and bare numbers are suspects."""
    num_start = atom.num_start
    if ent is not None and ent[0] in _NAME_LABELS and (ent[1] or (ent[2] and (ent[0] in _PLACE_LABELS or atom.words))):
        return True  # "Nikkei 225", "10 Downing Street", "Zero Hedge"; a name of the number alone is spaCy's slip
    if atom.bound is not None:
        return False
    before = _PREV_WORD.search(text, max(0, num_start - 24), num_start)
    if before is not None and before.group(1).lower() in P.NAME_MARKERS:
        return True  # "No. 10", "Route 66", "Office 39", "version 10.4"
    tok = span[-1]
    prev = doc[span.start - 1] if span.start > 0 else None
    plural = head is not None and head.tag_ == "NNS"
    if prev is not None:
        if any(c.isupper() for c in prev.text[1:]) and prev.text[:1].isalpha():
            return True  # "iPhone 4", "iOS 5": a camel-cased name is always a name
        if prev.text == "'s" and span.start > 1 and doc[span.start - 2].pos_ == "PROPN" and not plural:
            return True  # "Boeing's 787", "Standard & Poor's 500"
        if (not headline and prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.is_sent_start
                and not plural):
            return True  # "Boeing 737", "Windows 7", "Ford Five Hundred"
    if atom.words or atom.scale or head is None:
        return False
    if (head.tag_ in ("NN", "NNP") and head.lower_ not in _INVARIANT_PLURALS and head.lower_ not in _NUMBER_NOUNS
            and prev is not None and prev.tag_ in ("DT", "PRP$", "JJ", "POS", "NNP")):
        return True  # "the 737 replacement", "their 717 jet", "the S&P 500 index": a model, not a count
    return any(c.i < tok.i and c.dep_ == "nummod" and c.like_num for c in head.children)  # "five new 737 aircraft"


def is_not_count(atom: Atom, text: str, doc: Doc, headline: bool) -> bool:
    """Whether a count-kind atom is really part of a date, a time, a name or a label (module docstring).

    ``text`` is ``doc.text``, passed in because spaCy builds that string anew on every access.
    """
    if atom.kind != "count" or atom.vague:
        return False
    num_start = atom.num_start
    first = text[num_start:atom.end]
    if first[:1] == "0" and first[1:2].isdigit():
        return True  # "01", "007": a code or a day, never a count
    if P.TIME_AFTER.match(text, atom.end):
        return True  # "3 pm", "9 o'clock"
    if P.MONTH_BEFORE.search(text, max(0, num_start - 12), num_start) or P.MONTH_AFTER.match(text, atom.end):
        return True  # "March 7", "7 March", "7th of March"
    if atom.bare and _LINE_START.search(text, 0, num_start) and _ENUM_AFTER.match(text, atom.end):
        return True  # list numbering: "1. ..."
    span = doc.char_span(num_start, atom.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    ent = entity_around(span)
    if ent is not None and ent[0] == "TIME":
        return True  # "9 this morning"
    tok = span[-1]
    head = _head_noun(tok)
    if _is_year(atom, text, tok, head):
        return True  # "in 2002", "the 2008 crisis", "between 2014 and 2016"
    if _is_name_part(atom, text, doc, span, head, headline, ent):
        return True
    # "one" the pronoun ("one of the", "no one"), unless it modifies a noun ("one man")
    return bool(atom.words and atom.number == 1 and atom.bare and tok.dep_ != "nummod")


def _surface(tok: Token) -> str:
    """Proper nouns as written ("Iowans", "Dreamliners"), common nouns lower-cased ("People" at a sentence start)."""
    return tok.text if tok.pos_ == "PROPN" else tok.lower_


def resolve_counted(span: SpacySpan) -> str | None:
    """The noun counted by the number in ``span``: the noun it modifies ("300 people", "several
    officials") or the object of its "of" ("dozens of invoices", "20 of its plants", "tens of thousands
    of people"); None when the number stands alone ("1,600 in the UK")."""
    root = span.root
    head = root.head
    if head.i >= span.end and head.pos_ in ("NOUN", "PROPN") and root.dep_ in _MODIFIER_DEPS:
        return _surface(head)
    tok = root
    for _ in range(3):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i >= span.start), None)
        if of is None:
            return None
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        if obj.i >= span.end:
            return _surface(obj) if obj.pos_ != "NUM" else None
        tok = obj
    return None


def _pounds_weight(atom: Atom, doc: Doc) -> bool:
    """"30 pounds" of something is a weight unless spaCy reads the phrase as money (no "£" written)."""
    if not re.search(r"pounds?\s*$", atom.text, re.IGNORECASE) or "£" in atom.text or atom.scale:
        return False
    span = doc.char_span(atom.start, atom.end, alignment_mode="expand")
    return span is None or not any(t.ent_type_ == "MONEY" for t in span)


def extract_ordinals(text: str, doc: Doc, taken: list[tuple[int, int]],
                     triggers: list[int] | None = None) -> list[Atom]:
    """Ordinals ("third", "21st") outside dates ("March 7th", "the 21st century", "the third quarter")."""
    out = []
    for m in P.scan_ordinals(text, triggers):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        n = parse_ordinal(m.group())
        if n is None:
            continue
        if P.MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start()) or P.MONTH_AFTER.match(text, m.end()):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span[-1].ent_type_ in ("DATE", "TIME"):
            continue  # "the 21st century", "the third quarter"
        if m.group()[0].isalpha():
            if not (span[-1].ent_type_ == "ORDINAL" or span[-1].tag_ == "JJ"):
                continue  # "second" the unit of time, "first" the adverb
            if _UNIT_SECOND.search(text, max(0, m.start() - 8), m.start()) and m.group().lower() == "second":
                continue  # "every second", "a split second"
        out.append(Atom(m.start(), m.end(), "ordinal", n, n, n, n, False, None, bare=False, text=m.group()))
    return out


def extract_paragraph(doc: Doc, *, text: str | None = None, headline: bool = False,
                      triggers: tuple[list[int], list[int]] | None = None) -> list[tuple[int, int, Quantity]]:
    """The quantities of one parsed paragraph as (start, end, Quantity-without-span) in Doc offsets.

    ``text`` is the Doc's text when the caller has it (spaCy rebuilds ``doc.text`` on each access);
    ``triggers`` the positions of number words and of ordinal words in it (``_quant_patterns``)."""
    if text is None:
        text = doc.text
    num_triggers, ord_triggers = triggers if triggers is not None else (None, None)
    atoms = join_ranges(extract_atoms(text, num_triggers), text)
    out: list[tuple[int, int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for a in atoms:
        if is_not_count(a, text, doc, headline):
            continue
        kind, unit = a.kind, a.unit
        if kind == "money" and _pounds_weight(a, doc):
            kind, unit = "measure", "lb"
        if kind == "measure" and unit in _TIME_UNITS and P.DURATION_AGO.match(text, a.end):
            continue  # "two weeks ago", "three days after": a point in time (the times stage)
        lead = len(a.text) - len(a.text.lstrip())
        start, end = a.start + lead, a.end
        counted = None
        if kind in ("count", "measure"):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                counted = resolve_counted(span)
                if kind == "measure" and counted is not None and counted.lower() in _TIME_UNITS:
                    counted = None
        q = Quantity(Span(start, end, ""), kind, a.low, a.high, a.value, a.approx, unit, counted)
        out.append((start, end, q))
        taken.append((start, end))
    for o in extract_ordinals(text, doc, taken, ord_triggers):
        out.append((o.start, o.end, Quantity(Span(o.start, o.end, ""), "ordinal", o.low, o.high, o.value)))
    out.sort(key=lambda t: t[0])
    return out


def _within(positions: list[int], start: int, end: int) -> list[int]:
    """The sorted ``positions`` in ``start:end``, made relative to ``start``."""
    return [p - start for p in positions[bisect_left(positions, start):bisect_left(positions, end)]]


def is_title_case(doc: Doc) -> bool:
    """Whether a headline capitalises its words ("Boeing Delivers Final Jet"): there spaCy tags most words
    PROPN, so a proper noun before a number says nothing. Sentence-case headlines (Wikinews, most wires)
    are read like body text."""
    words = [t.text for t in doc if t.is_alpha and len(t.text) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def extract_quantities(text: str, parsed: Iterable[Any]) -> tuple[Quantity, ...]:
    """Every quantity in the parsed paragraphs (``nlp.Paragraph``) of ``text``, in text order."""
    out: list[Quantity] = []
    # Trigger words are found once in the whole text (a few dozen str.find calls), then shared out.
    num_triggers = P.trigger_positions(text)
    ord_triggers = P.ordinal_triggers(text)
    for para in parsed:
        doc = para.doc
        if not len(doc):
            continue
        ptext = para.text_in(text)
        titled = para.kind == "headline" and is_title_case(doc)
        pend = para.start + len(ptext)
        trig = (_within(num_triggers, para.start, pend), _within(ord_triggers, para.start, pend))
        for s, e, q in extract_paragraph(doc, text=ptext, headline=titled, triggers=trig):
            out.append(replace(q, span=para.span(text, s, e)))
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    qs = extract_quantities(state.record.text, state.parsed)
    return state.advance(NAME, record=state.record.replace(quantities=qs))
