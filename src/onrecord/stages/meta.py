"""meta: headline, authors and roles, publisher, dateline, licence, a publication date in the text."""

from __future__ import annotations

from ..model import Meta, Span
from ..state import Options, State

NAME = "meta"
NEEDS: tuple[str, ...] = ("text", "lines")
ADDS: tuple[str, ...] = ("meta",)


def extract_meta(text: str, lines) -> Meta:  # type: ignore[no-untyped-def]
    headline = None
    for line in lines:
        if line.kind == "headline":
            seg = text[line.start:line.end]
            lead = len(seg) - len(seg.lstrip())
            headline = Span.of(text, line.start + lead, line.start + len(seg.rstrip()))
            break
    return Meta(headline=headline)


def run(state: State, options: Options) -> State:
    assert state.record is not None
    rec = state.record
    meta = extract_meta(rec.text, rec.lines)
    return state.advance(NAME, record=rec.replace(meta=meta))
