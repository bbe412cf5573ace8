"""From token indices to the record's spans: a source's extent, contiguous runs of a content
with their edge punctuation trimmed, the one contiguous cue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ...model import Span
from .frames import Candidate
from .parts import time_phrase
from .quotes import QUOTE_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DASHES = frozenset({"—", "–", "--", "―"})


def source_extent(cand: Candidate) -> tuple[int, int]:
    """First and last token of a source: the contiguous stretch of the candidate around its head
    word, starting after a dash ("WASHINGTON (AP) — Senator X said": the dateline is not the source),
    and after the preposition of a passive's agent ("was told by the director": PolNeAR's sources
    leave the "by" out, 234 times in 245 in train)."""
    head = cand.token
    ids = cand.tokens
    if head.dep_ == "agent" or head.pos_ == "ADP":
        obj = next((c for c in head.children if c.dep_ == "pobj"), None)
        if obj is not None:
            head = obj
            ids = ids & frozenset(range(obj.left_edge.i, obj.right_edge.i + 1))
    # A time the parse hangs on the source's head ("a review panel in 2019 found ...") is the
    # statement's, not the source's: PolNeAR's sources leave it out, as its cues do.
    ids = ids - frozenset(i for c in head.children if c.i > head.i and time_phrase(c)
                          for i in range(c.i, c.right_edge.i + 1))
    a = b = head.i
    while a - 1 in ids and head.doc[a - 1].text not in _DASHES:
        a -= 1
    while b + 1 in ids:
        b += 1
    return _after_dateline(head.doc, a, b), b


def _after_dateline(doc: Doc, a: int, b: int) -> int:
    """Where a source starts once a dateline the parse took into it is cut off: "WASHINGTON --
    President Obama, ..., said" makes the place the subject and the speaker its apposition."""
    if not (a == 0 or doc[a].is_sent_start):
        return a
    for k in range(a + 1, min(b, a + 8)):
        if doc[k].text in _DASHES or doc[k].text == "-":
            dateline = all(t.is_upper or t.is_punct or t.is_space for t in doc[a:k])
            return k + 1 if dateline and k + 1 <= b else a
    return a


def token_runs(doc: Doc, ids: Iterable[int], conjunctions: bool = False) -> list[tuple[int, int]]:
    """Contiguous runs of token indices (gaps of punctuation alone are bridged), each with its edge
    punctuation trimmed except quote marks, as (first, last) token index pairs. With
    ``conjunctions`` (a content), a coordinating conjunction counts as punctuation: between two
    parts it joins them ("that X but Y"), at an edge it is cut ("that X and", when what follows the
    "and" is another attribution's)."""
    def loose(t: Token) -> bool:
        return t.is_punct or t.is_space or (conjunctions and t.pos_ == "CCONJ")

    def edge(t: Token) -> bool:
        return loose(t) and t.text not in QUOTE_CHARS and t.text != "''"

    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and (i == runs[-1][-1] + 1 or all(loose(doc[j]) for j in range(runs[-1][-1] + 1, i))):
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        a, b = run[0], run[-1]
        while a < b and edge(doc[a]):
            a += 1
        while b > a and edge(doc[b]):
            b -= 1
        if loose(doc[a]) and a == b and doc[a].text not in ":—–-":
            continue
        out.append((a, b))
    return out


def char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def contiguous_cue(doc: Doc, ids: set[int], head: int) -> tuple[int, int]:
    """The single contiguous stretch of cue tokens around the head (guidelines p. 17: one cue span)."""
    a = b = head
    while a - 1 in ids:
        a -= 1
    while b + 1 in ids:
        b += 1
    return a, b


def span_of(text: str, para: Any, first: int, last: int) -> Span:
    """The record span from token ``first`` to token ``last`` of a paragraph's Doc."""
    return para.span(text, *char_range(para.doc, first, last))
