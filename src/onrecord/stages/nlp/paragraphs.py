"""The nlp stage's paragraphs: which stretches of the text are parsed (headline and body runs,
split at blank lines, long runs of non-space left out, over-long paragraphs cut in pieces), and
:class:`Paragraph`, a parsed stretch with its offset in the record's text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...model import Line, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

PARSED_KINDS = frozenset({"headline", "body"})


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A parsed stretch of the text: ``doc.text == record.text[start:start + len(doc.text)]``."""

    start: int
    doc: Doc
    kind: str = "body"

    @property
    def end(self) -> int:
        return self.start + self._length()

    def _length(self) -> int:
        if not len(self.doc):
            return 0
        last = self.doc[-1]
        return last.idx + len(last.text_with_ws)

    def text_in(self, text: str) -> str:
        """This paragraph's text, sliced out of the record's ``text``: equal to ``doc.text``, which
        spaCy builds anew from every token on each access."""
        return text[self.start:self.start + self._length()]

    def span(self, text: str, start_char: int, end_char: int) -> Span:
        """A record Span from character offsets within this paragraph's Doc."""
        return Span.of(text, self.start + start_char, self.start + end_char)

    def token_span(self, text: str, tokens: Any) -> Span:
        """A record Span covering a spaCy Span or Token."""
        if hasattr(tokens, "start_char"):
            return self.span(text, tokens.start_char, tokens.end_char)
        return self.span(text, tokens.idx, tokens.idx + len(tokens.text))


def paragraphs(text: str, lines: Sequence[Line]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each run of consecutive headline or body lines, split at blank lines
    and where the kind changes; leading and trailing whitespace trimmed."""
    runs: list[tuple[int, int, str]] = []
    cur: list[int] | None = None
    cur_kind = ""
    for line in lines:
        blank = not text[line.start:line.end].strip()
        if blank or line.kind not in PARSED_KINDS or (cur is not None and line.kind != cur_kind):
            if cur is not None:
                runs.append((cur[0], cur[1], cur_kind))
                cur = None
            if blank or line.kind not in PARSED_KINDS:
                continue
        if cur is None:
            cur, cur_kind = [line.start, line.end], line.kind
        else:
            cur[1] = line.end
    if cur is not None:
        runs.append((cur[0], cur[1], cur_kind))
    out = []
    for s, e, k in runs:
        for a0, b0 in _without_long_runs(text, s, e):  # trimmed, and none when blank
            out += [(a, b, k) for a, b in _pieces(text, a0, b0)]
    return out


# A run of this many characters with no space is no word of prose (a data URI, a wall of
# punctuation); spaCy's tokenizer takes quadratic time on such a run when it is punctuation
# (20,000 quote marks: over a minute), so it is left out of the parse, like a boilerplate line.
MAX_RUN = 1_000
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN},}}")


def _without_long_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) stretches of ``text[start:end]`` around its runs of MAX_RUN or more
    non-space characters, each trimmed; none when nothing else is left."""
    out = []
    for m in _LONG_RUN.finditer(text, start, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    trimmed = []
    for a, b in out:
        seg = text[a:b]
        a2, b2 = a + len(seg) - len(seg.lstrip()), b - (len(seg) - len(seg.rstrip()))
        if b2 > a2:
            trimmed.append((a2, b2))
    return trimmed


# spaCy refuses texts over nlp.max_length (1,000,000) and its parser needs about 1 GB per
# 100,000 characters; a scraped "paragraph" can be a 2 MB line. Longer runs are parsed in
# pieces cut at a sentence end (else at a space), which no real paragraph reaches.
MAX_PARAGRAPH = 20_000
_CUT = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text[start:end]`` no longer than MAX_PARAGRAPH, cut after a
    sentence end where there is one, else at whitespace, else anywhere; pieces are trimmed."""
    out = []
    while end - start > MAX_PARAGRAPH:
        window = text[start:start + MAX_PARAGRAPH]
        cut = 0
        for m in _CUT.finditer(window, MAX_PARAGRAPH // 2):
            cut = m.end()
        if not cut:
            cut = window.rfind(" ", MAX_PARAGRAPH // 2) + 1 or MAX_PARAGRAPH
        piece = text[start:start + cut].rstrip()
        if piece:
            out.append((start, start + len(piece)))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out
