"""What one byline line says: its authors, their roles and the outlet it credits
(:func:`parse_byline`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Author, Span
from ..layout.patterns import DATE_PATTERN, MONTH_PATTERN, ROLE_PATTERN
from .publisher import parse_outlet
from .spans import _INITIAL, _is_name, _strip, _trim

_BY_PREFIX = re.compile(
    r"^(?:(?:written|story|reported|words|text|posted|compiled|reporting|photos?\s+and\s+text)\s+)?by\s*:?\s+",
    re.IGNORECASE,
)
# Where a byline's names end: a date, "on Monday", "Published", "Updated", "|" before a date.
_BYLINE_TAIL = re.compile(
    rf"(?:\s+(?:on|at)\s+(?={MONTH_PATTERN}|\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)))|(?:[\s,|·•\-–—]*\b(?:published|updated|posted)\b)"
    rf"|(?:[\s,|·•\-–—]*(?:{DATE_PATTERN}|\d{{1,2}}:\d\d))",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|\||&|\s/\s|·|•|\s-\s|\s–\s|\s—\s|\band\b|\bwith\b)\s*", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
# "By Harbor Ledger's Mara Quint", "Reuters' Mara Quint": the outlet's possessive before its
# reporter's name credits the outlet (the publisher) and leaves the person as the author; "By the
# Harbor Ledger's staff" credits the outlet alone.
_OUTLET_OWNS = re.compile(
    r"(?:[Tt]he\s+)?(?P<outlet>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})(?:['’]s|(?<=s)['’])\s+(?=\w)"
)


_ROLE_NOUN = re.compile(
    r"\b(?:reporter|writer|correspondent|columnist|editor|contributor|producer|journalist|analyst|critic|"
    r"chief|photographer|author|anchor|host|fellow|intern|blogger|staff|director)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Byline:
    """What one byline line says: its authors and the outlet it credits."""

    authors: tuple[Author, ...]
    outlet: Span | None = None


def parse_byline(text: str, start: int, end: int) -> Byline | None:
    """The authors (with roles) and credited outlet of the byline ``text[start:end]``, or None.

    Handles "By Mara Quint and Dov Arlen", "By Mara Quint, Dov Arlen, Lee Chen", "By Mara Quint |
    Reuters", "Mara Quint, Associated Press", "By Meg James Staff Writer", "Mara Quint Senior
    Business Reporter", "Posted by Mara Quint on November 19, 2019", "By Regan December 6, 2017",
    "By Harbor Ledger's Mara Quint" (outlet and author).
    """
    start, end = _strip(text, start, end)
    line = text[start:end]
    m = _BY_PREFIX.match(line)
    by = m is not None
    s0 = start + (m.end() if m else 0)
    tail = _BYLINE_TAIL.search(text, s0, end)
    stop = tail.start() if tail else end
    s0, stop = _trim(text, s0, stop)
    if s0 >= stop:
        return None
    authors: list[Author] = []
    outlet: Span | None = None
    pos = s0
    parts: list[tuple[int, int]] = []
    for sep in _SPLIT.finditer(text, s0, stop):
        parts.append((pos, sep.start()))
        pos = sep.end()
    parts.append((pos, stop))
    for ps, pe in parts:
        ps, pe = _trim(text, ps, pe)
        if ps >= pe:
            continue
        part = text[ps:pe]
        if parse_outlet(part):
            outlet = outlet or Span.of(text, ps, pe)
            continue
        own = _OUTLET_OWNS.match(text, ps, pe)
        if own:
            rest = text[own.end():pe]
            person = _is_name(rest.split()[:2])
            if person or _ROLE_NOUN.match(rest):
                outlet = outlet or Span.of(text, own.start("outlet"), own.end("outlet"))
                if not person:
                    continue  # "By Harbor Ledger's staff": the outlet's credit, no person
                ps, part = own.end(), rest
        toks = [(t.start() + ps, t.end() + ps) for t in _TOKEN.finditer(part)]
        words = [text[a:b] for a, b in toks]
        if authors and authors[-1].role is None and _ROLE_NOUN.search(part) and not _is_name(words):
            authors[-1] = Author(authors[-1].name, Span.of(text, ps, pe))
            continue
        name_n = len(words)
        if _ROLE_NOUN.search(part) and len(words) >= 3:
            name_n = _name_length(words, by=by)
        if not _is_name(words[:name_n], alone=by and len(parts) == 1):
            continue
        name = Span.of(text, *_trim(text, toks[0][0], toks[name_n - 1][1], " ,;:|"))
        role = Span.of(text, toks[name_n][0], toks[-1][1]) if name_n < len(words) else None
        authors.append(Author(name, role))
    if not authors and outlet is None:
        return None
    return Byline(tuple(authors), outlet)


def _name_length(words: Sequence[str], *, by: bool) -> int:
    """How many of ``words`` are the name when a role follows it on the same line: up to the first
    role word after a "By" ("By Meg James Staff Writer"), else a first and a last name and the
    initials between ("Ryan Pickrell China/Asia Pacific Reporter", "Heidi M. Przybyla Reporter")."""
    if by:
        for i in range(2, len(words)):
            if ROLE_PATTERN.search(words[i]):
                return i
    n = 2
    while n < len(words) - 1 and _INITIAL.match(words[n - 1]):
        n += 1
    return n
