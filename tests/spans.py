"""Spans of hand-written test records, found by their text: shared by the tests that build records."""

from __future__ import annotations

import json

from onrecord.model import Record, Span


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` (from 0) occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span.of(text, start, start + len(needle))


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of :func:`at`."""
    s = at(text, needle, nth)
    return s.start, s.end


def prefixed(rec: Record, prefix: str) -> dict:
    """``rec`` as JSON with ``prefix`` put before its text, every span of its entities and
    attributions moved to stay on its words (as a re-read that finds a line above the article would)."""
    k = len(prefix)
    d = json.loads(json.dumps(rec.to_dict()))

    def move(x: object) -> None:
        if isinstance(x, dict):
            if isinstance(x.get("start"), int) and isinstance(x.get("end"), int):
                x["start"] += k
                x["end"] += k
            for v in x.values():
                move(v)
        elif isinstance(x, list):
            for v in x:
                move(v)

    move(d["entities"])
    move(d["attributions"])
    d["text"] = prefix + d["text"]
    return d
