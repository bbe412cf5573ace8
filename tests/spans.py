"""Spans of hand-written test records, found by their text: shared by the tests that build records."""

from __future__ import annotations

from onrecord.model import Span


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
