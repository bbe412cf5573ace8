"""What the pages and the JSON API share: query parameters and their limits, the confidence
floors, links, and the helpers the templates call."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

from fastapi import Query
from markupsafe import Markup

from ..model import DEFAULT_MIN_CONFIDENCE
from ..store.trails import segments, wording, words_of

MAX_LIMIT = 1000
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
# SQLite's integers are 64-bit: a larger OFFSET is not a number it can take.
_MAX_OFFSET = 2**63 - 1
# The confidence floors the pages offer (any other one can be given in the URL): all, and the
# floors whose precision and found `onrecord eval quotes --min-confidence` reports (README).
CONFIDENCE_FLOORS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9)
_MIN_CONFIDENCE = Query(DEFAULT_MIN_CONFIDENCE, ge=0, le=1, description="Leave out attributions whose "
                        "confidence is under this (0: show all).")


def floors(current: float) -> list[tuple[float, str, bool]]:
    """The choices of the pages' confidence select: (value, label, selected), ``current`` among them."""
    values = sorted({*CONFIDENCE_FLOORS, current})
    return [(v, "all" if v == 0 else f"≥ {v:g}", v == current) for v in values]


# Bidirectional formatting characters (embeddings and overrides U+202A-U+202E, isolates
# U+2066-U+2069): one in a speaker's name turns the rest of its row around, so that
# 'Mara \u202eQuint' followed by what she said reads backwards. The viewer shows them as
# their code points instead.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi(value: Any) -> Any:
    """``value`` with each bidirectional formatting character written out as [U+202E]; the
    templates' finalize, so that it applies to everything they print (Markup stays Markup: the
    replacement holds no markup characters)."""
    if isinstance(value, str) and _BIDI.search(value):
        shown = _BIDI.sub(lambda m: f"[U+{ord(m[0]):04X}]", value)
        return Markup(shown) if isinstance(value, Markup) else shown
    return value


def doc_href(sha256: str, aid: str | None = None) -> str:
    return f"/doc/{sha256}" + (f"#attr-{urlquote(aid, safe='')}" if aid else "")


def speaker_href(key: str) -> str:
    return "/speaker/" + urlquote(key, safe="")


def trail_href(trail: int) -> str:
    return f"/trail/{int(trail)}"


@dataclass(frozen=True, slots=True)
class Wording:
    """One wording of a trail's words, against the reference: (op, text) segments, its appearances."""

    segments: list[tuple[str, str]]
    altered: bool
    appearances: list[Any]


def wordings(appearances: list[Any]) -> list[Wording]:
    """The distinct wordings of a trail (words compared case-folded), the reference first: the
    earliest unaltered appearance's."""
    if not appearances:
        return []
    ref = next((a for a in appearances if not a.altered), appearances[0])
    ref_words = words_of(ref.text)
    groups: dict[tuple[str, ...], list[Any]] = {}
    for a in appearances:
        groups.setdefault(wording(a.text), []).append(a)
    out = [Wording(segments(ref_words, words_of(g[0].text)), g[0].altered, g) for g in groups.values()]
    out.sort(key=lambda w: (w.appearances[0] is not ref and ref not in w.appearances, w.altered))
    return out


def safe_url(url: str | None) -> str | None:
    """A link target only for http(s) URLs: a record's url is input, and javascript: must not become a link."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One document on a speaker's timeline: its date (None when unknown) and the speaker's attributions in it."""

    published: str | None
    sha256: str
    headline: str
    quotes: int
    x: float = 0.0  # position on the timeline, 0..1


def timeline(points: list[TimelinePoint]) -> list[TimelinePoint]:
    """Documents in publication order, dated ones placed on a 0..1 axis between the first and last date."""
    dated = [p for p in points if p.published and _iso(p.published)]
    undated = [p for p in points if p not in dated]
    dated.sort(key=lambda p: (p.published or "", p.sha256))
    if not dated:
        return undated
    first = _iso(dated[0].published).toordinal()  # type: ignore[union-attr]
    span = max(1, _iso(dated[-1].published).toordinal() - first)  # type: ignore[union-attr]
    placed = [TimelinePoint(p.published, p.sha256, p.headline, p.quotes,
                            (_iso(p.published).toordinal() - first) / span)  # type: ignore[union-attr]
              for p in dated]
    return placed + undated


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat((s or "")[:10])
    except ValueError:
        return None
