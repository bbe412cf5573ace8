"""The quantities of an article, paragraph by paragraph: the atoms read from the text, then the spaCy parse
consulted where a match needs it, to tell a count from a name, a year, a date or list numbering, and to
find the thing counted; ordinals apart."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...model import Quantity, Span
from . import patterns as P
from .atoms import Atom, extract_atoms, join_ranges
from .numbers import parse_ordinal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: spaCy entity labels of names: a number inside one is part of the name ("Nikkei 225", "10 Downing Street").
_NAME_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "PERSON", "NORP"})
_PLACE_LABELS = frozenset({"FAC", "GPE", "LOC", "WORK_OF_ART", "LAW", "EVENT"})
_MODIFIER_DEPS = frozenset({"nummod", "amod", "compound", "det", "quantmod", "nmod", "npadvmod", "poss"})
_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
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
    ``triggers`` the positions of number words and of ordinal words in it (:mod:`.patterns`)."""
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
