"""An article as HTML with its record marked in place: the one place the viewer turns text into markup.

Articles are untrusted input (a scraped page may contain ``<script>`` or
``onerror=``), so the highlighted article is built here, server-side, from
the record's offsets, and every character of article text goes through
:func:`markupsafe.escape` before it is wrapped in markup of our own. Nothing
in the templates marks article text as safe except what this module returns.

Spans may overlap (a mixed quote inside an indirect one, a quantity inside a
quote, a time that is also a measure): the text is cut at every span and line
boundary into elementary pieces, and each piece carries the classes of every
span that covers it, so no tag ever has to cross another.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from ..model import Attribution, Quantity, Record, Span, Time

# Line kinds shown dimmed: the page's furniture rather than the article (DESIGN.md, layout).
DIM_KINDS = frozenset({"boilerplate", "caption", "licence"})
# One color per speaker, in order of first attribution; static/viewer.css defines bg-N and fg-N.
PALETTE_SIZE = 10
UNKNOWN_COLOR = "x"


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch of the text: a part of an attribution, a quantity or a time."""

    start: int
    end: int
    role: str  # content | cue | source | quantity | time
    color: str | None = None  # palette index as text, or UNKNOWN_COLOR; attributions only
    aid: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class AttributionView:
    """What the side list and the popover show of one attribution."""

    id: str
    kind: str
    color: str
    speaker: str  # the entity's name, else the source as written, else "(unknown)"
    speaker_key: str | None  # for the link to /speaker/{key}; None when not resolved to an entity
    speaker_type: str
    source: str | None
    cue: str | None
    content: str
    addressee: str | None
    hedged: bool
    confidence: float


@dataclass(frozen=True, slots=True)
class SpeakerView:
    name: str
    key: str | None
    color: str
    count: int


@dataclass(frozen=True, slots=True)
class Rendered:
    article: Markup
    attributions: tuple[AttributionView, ...]
    speakers: tuple[SpeakerView, ...]
    part: int = 1  # which part of a long article this is (see parts()), and of how many
    parts: int = 1
    total_attributions: int = 0  # in the whole article, when this is one part


# A long article is shown in parts of about this many characters, each with the attributions
# that begin in it: a 4 MB record made one page of 77 MB (and 600 MB of server memory).
PART_CHARS = 100_000


def parts(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """``text`` cut into (start, end) parts of about ``size`` characters, each ending at a line end
    when there is one within another ``size``, else cut where it reaches ``size``."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = start + size
        if end < n:
            nl = text.find("\n", end, end + size)
            end = nl + 1 if nl >= 0 else end
        out.append((start, min(end, n)))
        start = end
    return out or [(0, 0)]


def _speaker_group(a: Attribution) -> str:
    """Attributions of one speaker share a color: by entity when resolved, else by the source as written."""
    if a.speaker:
        return "e:" + a.speaker
    if a.source is not None:
        return "s:" + a.source.text.casefold()
    return ""


def _first_offset(a: Attribution) -> int:
    return min([s.start for s in a.content] + [s.start for s in (a.source, a.cue) if s is not None] or [0])


def ordered_attributions(record: Record) -> list[Attribution]:
    """Attributions in reading order (where each begins), the order of the side list."""
    return sorted(record.attributions, key=lambda a: (_first_offset(a), a.id))


def speaker_colors(record: Record) -> dict[str, str]:
    """Palette index per speaker group, in order of each speaker's first attribution."""
    colors: dict[str, str] = {}
    n = 0
    for a in ordered_attributions(record):
        g = _speaker_group(a)
        if g in colors:
            continue
        if not g:
            colors[g] = UNKNOWN_COLOR
        else:
            colors[g] = str(n % PALETTE_SIZE)
            n += 1
    return colors


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def quantity_title(q: Quantity) -> str:
    """The normalized reading of a quantity, as its hover text shows it: "count: 12 (12–99) invoices, approximate"."""
    head = f"{q.kind}: {_num(q.value)}" + (f" {q.unit}" if q.unit else "")
    if q.low != q.high or q.low is None:
        head += f" ({_num(q.low)}–{_num(q.high)})"
    if q.counted:
        head += f" {q.counted}"
    return head + (", approximate" if q.approx else "")


def time_title(t: Time) -> str:
    """The normalized value of a time expression and the interval it denotes."""
    parts = [f"{t.type} {t.value}"]
    if t.start or t.end:
        parts.append(f"{t.start or '?'} … {t.end or '?'}")
    if not t.anchored:
        parts.append("relative: no publication date")
    if t.approx:
        parts.append("approximate")
    return ", ".join(parts)


def attribution_title(v: AttributionView) -> str:
    bits = [f"{v.kind} · {v.speaker}"]
    if v.addressee:
        bits.append(f"to {v.addressee}")
    bits.append("hedged" if v.hedged else "not hedged")
    bits.append(f"confidence {v.confidence:.2f}")
    return " · ".join(bits)


def attribution_views(record: Record, colors: dict[str, str] | None = None) -> list[AttributionView]:
    colors = speaker_colors(record) if colors is None else colors
    views = []
    for a in ordered_attributions(record):
        ent = record.entity(a.speaker)
        name = ent.name if ent else (a.source.text if a.source else "(unknown)")
        views.append(AttributionView(
            id=a.id, kind=a.kind, color=colors[_speaker_group(a)], speaker=name,
            speaker_key=ent.key if ent else None, speaker_type=a.speaker_type,
            source=a.source.text if a.source else None, cue=a.cue.text if a.cue else None,
            content=a.content_text, addressee=a.addressee.text if a.addressee else None,
            hedged=a.hedged, confidence=a.confidence,
        ))
    return views


def marks(record: Record, views: Sequence[AttributionView]) -> list[Mark]:
    """Every highlighted stretch of ``record``, clamped to the text; empty spans dropped."""
    by_id = {v.id: v for v in views}
    out: list[Mark] = []
    for a in record.attributions:
        v = by_id[a.id]
        title = attribution_title(v)
        roles: list[tuple[str, Span | None]] = [("content", s) for s in a.content]
        roles += [("cue", a.cue), ("source", a.source)]
        for role, span in roles:
            if span is not None:
                out.append(Mark(span.start, span.end, role, v.color, a.id, title))
    out += [Mark(q.span.start, q.span.end, "quantity", title=quantity_title(q)) for q in record.quantities]
    out += [Mark(t.span.start, t.span.end, "time", title=time_title(t)) for t in record.times]
    n = len(record.text)
    return [Mark(max(0, m.start), min(n, m.end), m.role, m.color, m.aid, m.title)
            for m in out if max(0, m.start) < min(n, m.end)]


def _lines(record: Record) -> list[tuple[int, int, str]]:
    """The lines to render, covering every non-blank character of the text once.

    The record's lines, in order; stretches they leave out (a record with no
    lines, or gaps between them) become lines of kind "unlabelled", so no
    article text can vanish from the page.
    """
    text = record.text
    n = len(text)
    known = sorted((max(0, ln.start), min(n, ln.end), ln.kind) for ln in record.lines)
    out: list[tuple[int, int, str]] = []
    pos = 0

    def gap(a: int, b: int) -> None:
        start = a
        for i in range(a, b + 1):
            if i == b or text[i] == "\n":
                if text[start:i].strip():
                    out.append((start, i, "unlabelled"))
                start = i + 1

    for s, e, kind in known:
        s = max(s, pos)  # overlapping line ranges: keep what is new of this one
        if s > pos:
            gap(pos, s)
        if e > s or kind == "blank":
            out.append((s, max(s, e), kind))
        pos = max(pos, e)
    gap(pos, n)
    return out


def _segment_html(piece: str, active: Iterable[Mark]) -> str:
    act = list(active)
    if not act:
        return str(escape(piece))
    attrs = [m for m in act if m.aid is not None]
    classes: list[str] = []
    # Content background from the innermost content span covering the piece; cue and source
    # color from the (innermost) cue or source mark, so nested attributions stay legible.
    contents = sorted((m for m in attrs if m.role == "content"), key=lambda m: m.end - m.start)
    if contents:
        classes += ["m-content", f"bg-{contents[0].color}"]
    heads = sorted((m for m in attrs if m.role in ("cue", "source")), key=lambda m: m.end - m.start)
    if heads:
        classes += [f"m-{r}" for r in sorted({m.role for m in heads})] + [f"fg-{heads[0].color}"]
    if any(m.role == "quantity" for m in act):
        classes.append("m-qty")
    if any(m.role == "time" for m in act):
        classes.append("m-time")
    aids = " ".join(dict.fromkeys(m.aid for m in sorted(attrs, key=lambda m: m.end - m.start) if m.aid))
    title = "\n".join(dict.fromkeys(m.title for m in act if m.title))
    data = f' data-a="{escape(aids)}"' if aids else ""
    return (f'<span class="{" ".join(classes)}"{data} title="{escape(title)}">' + str(escape(piece)) + "</span>")


def article_html(record: Record, all_marks: Sequence[Mark], window: tuple[int, int] | None = None) -> Markup:
    """The article (or its ``window`` of characters), line by line, with every mark in place; all
    text escaped.

    One sweep: lines come in text order and are cut at every mark boundary
    inside them; a piece carries every mark that covers it.
    """
    text = record.text
    by_start = sorted(all_marks, key=lambda m: m.start)
    cuts = sorted({m.start for m in all_marks} | {m.end for m in all_marks})
    # The anchor of an attribution sits where its first content part begins (links from /speaker).
    firsts: dict[str, int] = {}
    for m in by_start:
        if m.role == "content" and m.aid is not None:
            firsts.setdefault(m.aid, m.start)
    anchors = sorted((pos, aid) for aid, pos in firsts.items())
    html: list[str] = []
    active: list[Mark] = []
    nxt = anc = 0
    lines = _lines(record)
    if window is not None:
        w0, w1 = window
        lines = [(max(s, w0), min(e, w1), k) for s, e, k in lines if s < w1 and (e > w0 or s == e == w0)]
    for s, e, kind in lines:
        html.append(_line_open(kind, s))
        points = [s] + cuts[bisect_right(cuts, s):bisect_left(cuts, e)] + [e]
        for a, b in pairwise(points):
            if a >= b:
                continue
            while nxt < len(by_start) and by_start[nxt].start <= a:
                active.append(by_start[nxt])
                nxt += 1
            active = [m for m in active if m.end > a]
            while anc < len(anchors) and anchors[anc][0] <= a:
                html.append(f'<span class="anchor" id="attr-{escape(anchors[anc][1])}"></span>')
                anc += 1
            html.append(_segment_html(text[a:b], active))
        html.append("</span></div>")
    return Markup("".join(html))


def _line_open(kind: str, start: int) -> str:
    """A line's opening tags; its text goes in ``span.t``, whose ``data-o`` is the offset of the line's
    first character, so the review page can turn a selection into the record's offsets."""
    cls = f"line k-{escape(kind)}" + (" dim" if kind in DIM_KINDS else "")
    label = "" if kind in ("body", "blank") else f'<span class="label">{escape(kind)}</span>'
    return f'<div class="{cls}" data-kind="{escape(kind)}">{label}<span class="t" data-o="{int(start)}">'


def render(record: Record, *, part: int = 1) -> Rendered:
    """The article with its attributions, quantities and times marked, and the side list; for a
    text longer than :data:`PART_CHARS`, part ``part`` of it (from 1) and the attributions that
    begin there. Raises IndexError for a part the article does not have."""
    colors = speaker_colors(record)
    views = attribution_views(record, colors)
    # The legend groups as the colors do (views come in the order of ordered_attributions).
    counts: dict[str, int] = {}
    first: dict[str, AttributionView] = {}
    for a, v in zip(ordered_attributions(record), views, strict=True):
        g = _speaker_group(a)
        counts[g] = counts.get(g, 0) + 1
        first.setdefault(g, v)
    speakers = tuple(SpeakerView(v.speaker, v.speaker_key, v.color, counts[g]) for g, v in first.items())
    cuts = parts(record.text)
    if not 1 <= part <= len(cuts):
        raise IndexError(part)
    if len(cuts) == 1:
        return Rendered(article_html(record, marks(record, views)), tuple(views), speakers,
                        total_attributions=len(views))
    w0, w1 = cuts[part - 1]
    shown = [v for a, v in zip(ordered_attributions(record), views, strict=True) if w0 <= _first_offset(a) < w1
             or (part == len(cuts) and _first_offset(a) >= w1)]
    inside = [m for m in marks(record, views) if m.start < w1 and m.end > w0]
    return Rendered(article_html(record, inside, (w0, w1)), tuple(shown), speakers, part, len(cuts), len(views))


__all__ = [
    "DIM_KINDS", "PALETTE_SIZE", "PART_CHARS", "AttributionView", "Mark", "Rendered", "SpeakerView",
    "article_html", "attribution_views", "marks", "parts", "quantity_title", "render", "speaker_colors", "time_title",
]
