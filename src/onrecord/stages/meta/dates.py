"""Dates: a written date as ISO ``YYYY-MM-DD`` (:func:`parse_date`) and the publication date
written above the article (:func:`extract_published`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...lexicon.calendar import MONTHS
from ...model import Line
from ..layout.patterns import MONTH_PATTERN

_MDY = re.compile(rf"\b(?P<m>{MONTH_PATTERN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH_PATTERN}),?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|released|date)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|last updated)\b", re.IGNORECASE)


def parse_date(s: str) -> str | None:
    """The first full date written in ``s`` as ISO ``YYYY-MM-DD`` ("Tue March 7, 2017",
    "20 November 2019", "2019-11-20", "20/11/2019"), or None. A numeric date whose day and month
    could be swapped (03/04/2019) is not one."""
    found: list[tuple[int, str]] = []
    for rx in (_MDY, _DMY):
        m = rx.search(s)
        if m:
            month = MONTHS.get(m.group("m").lower().rstrip("."))
            if month:
                iso = _iso(int(m.group("y")), month, int(m.group("d")))
                if iso:
                    found.append((m.start(), iso))
    m = _ISO.search(s)
    if m:
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso:
            found.append((m.start(), iso))
    m = _NUMERIC.search(s)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        iso = _iso(y, b, a) if a > 12 >= b else _iso(y, a, b) if b > 12 >= a else None
        if iso:
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def _iso(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if d > (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def extract_published(text: str, lines: Sequence[Line]) -> str | None:
    """The publication date written above the article (see the module docstring), ISO, or None."""
    head: list[Line] = []
    for ln in lines:
        if ln.kind == "body":
            break
        if ln.kind in ("dateline", "byline", "boilerplate", "headline", "caption"):
            head.append(ln)
    published = first = updated = None
    for ln in head:
        seg = text[ln.start:ln.end]
        if len(seg) > 200:
            continue
        iso = parse_date(seg)
        if iso is None:
            continue
        if _UPDATED.search(seg) and not _PUBLISHED.search(seg):
            updated = updated or iso
        elif _PUBLISHED.search(seg):
            published = published or iso
        elif ln.kind in ("dateline", "byline"):
            first = first or iso
    return published or first or updated
