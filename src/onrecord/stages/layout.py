"""layout: one kind for every line of the input (headline, byline, dateline, body, caption,
boilerplate, licence, blank), and the clean body built from the body lines."""

from __future__ import annotations

import re

from ..model import Line
from ..state import Options, State

NAME = "layout"
NEEDS: tuple[str, ...] = ("text",)
ADDS: tuple[str, ...] = ("lines", "body")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the line break excluded."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        out.append((s, e))
    return out


def label_lines(text: str) -> tuple[Line, ...]:
    lines = []
    seen_headline = False
    for s, e in split_lines(text):
        seg = text[s:e].strip()
        if not seg:
            kind = "blank"
        elif not seen_headline:
            kind, seen_headline = "headline", True
        else:
            kind = "body"
        lines.append(Line(s, e, kind))
    return tuple(lines)


def build_body(text: str, lines: tuple[Line, ...]) -> str:
    """Body lines, paragraphs (runs of body lines) separated by one blank line."""
    paras: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.kind == "body":
            cur.append(text[line.start:line.end].strip())
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return "\n\n".join("\n".join(p) for p in paras)


def run(state: State, options: Options) -> State:
    assert state.record is not None
    lines = label_lines(state.record.text)
    body = build_body(state.record.text, lines)
    return state.advance(NAME, record=state.record.replace(lines=lines, body=body))
