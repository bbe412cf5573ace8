"""Small helpers of the meta stage: trimming a span of the text, and whether words read as a
person's name."""

from __future__ import annotations

import re
from collections.abc import Sequence

_PARTICLES = frozenset(["de", "van", "von", "der", "da", "del", "la", "le", "di", "bin", "al", "el", "du", "dos", "das", "ter", "ten"])
_NOT_NAMES = frozenset(
    ["the", "a", "an", "and", "staff", "news", "editor", "editors", "reporter", "reporters", "writer", "correspondent", "contributor", "opinion", "columnist", "by", "from", "with", "in", "on", "at", "of", "for", "follow", "twitter", "facebook", "share", "updated", "published", "posted", "press", "wire", "wires", "report", "reports", "team", "desk", "bureau", "agency", "agencies", "read", "more", "learn", "view", "biography", "bio", "profile", "courtesy", "sharing", "buttons", "skip", "navigation", "menu", "search", "home", "subscribe", "login", "sign", "business", "archive", "photo", "photos", "image", "video", "getty"]
)
_INITIAL = re.compile(r"^[A-Z]\.$")
_POSSESSIVE = re.compile(r"['’]s$")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int, chars: str = " \t,;:|-–—·•.") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars and not (text[end - 1] == "." and _ends_with_initial(text, end)):
        end -= 1
    return start, end


def _ends_with_initial(text: str, end: int) -> bool:
    """True when the full stop at ``end - 1`` closes an initial or "Jr." rather than the line."""
    word = text[max(0, end - 4):end].split()[-1] if text[max(0, end - 4):end].split() else ""
    return bool(re.fullmatch(r"(?:[A-Z]\.|Jr\.|Sr\.)", word))


def _is_name(tokens: Sequence[str], *, alone: bool = False) -> bool:
    """Whether ``tokens`` read as a person's name: capitalized words (or initials, particles),
    two to five of them, or one when ``alone`` (a "By Regan" byline)."""
    if not tokens or len(tokens) > 5 or (len(tokens) < 2 and not alone):
        return False
    for t in tokens:
        if t.lower() in _PARTICLES or _INITIAL.match(t):
            continue
        if not t[0].isupper() or any(c.isdigit() for c in t) or t.lower().strip(".,") in _NOT_NAMES \
                or _POSSESSIVE.search(t):
            return False  # "Howl's Moving Castle is the follow-up to ...": a possessive names a thing
    return True


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
