"""The labelling of a text's lines: one kind for every line, from the article's stretch, the
headline and its company above it, cue lines and authors' notes; and the body built from the
body lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ...model import Line
from .headline import _similar, looks_like_headline, title_core
from .lines import LineInfo, describe, norm_line, split_lines
from .notes import _is_bio, _is_closing_bio, _is_role_line
from .patterns import _CREDIT_NOTE, _HANDLE, _NAME, _SIGNOFF
from .stretch import _find_article
from .teasers import _is_page, _teaser_cards


def label_lines(text: str, *, repeated: frozenset[str] = frozenset(), html: bool = False,
                title: str | None = None) -> tuple[Line, ...]:
    """One :class:`Line` for every line of ``text``, each with its kind (see the module docstring).

    ``repeated`` holds normalized lines (:func:`norm_line`) known to recur across documents;
    ``html`` says the text is already a page's extracted article (trafilatura), so that only
    its cue lines are taken out and the rest is body; ``title`` is then the page's title, which
    the read stage puts first.
    """
    spans = split_lines(text)
    infos = [describe(text, s, e) for s, e in spans]
    kinds = label_infos(infos, repeated=repeated, html=html, title=title)
    return tuple(Line(i.start, i.end, k) for i, k in zip(infos, kinds))


def label_infos(infos: Sequence[LineInfo], *, repeated: frozenset[str] = frozenset(),
                html: bool = False, title: str | None = None) -> list[str]:
    """The kind of each line described by ``infos`` (see :func:`label_lines`)."""
    kinds = ["blank" if i.blank else "boilerplate" for i in infos]
    nonblank = [n for n, i in enumerate(infos) if not i.blank]
    if not nonblank:
        return kinds
    first = nonblank[0]
    in_doc: Counter[str] = Counter()
    norms: dict[int, str] = {}
    for n in nonblank:
        if infos[n].words <= 12:
            norms[n] = norm_line(infos[n].text)
            in_doc[norms[n]] += 1
    in_batch = {n for n, key in norms.items() if key in repeated}
    menu = {n for n, key in norms.items() if in_doc[key] > 1 and infos[n].navlike} | in_batch

    heads: list[int] = []
    if html:
        start, end = nonblank[0], nonblank[-1]
        if (title and norm_line(title) == norm_line(infos[first].text)) or looks_like_headline(infos[first]):
            heads = [first]
    else:
        start, end, heads = _find_article(infos, nonblank, menu)
    for h in heads:
        kinds[h] = "headline"
    if heads:
        start = max(start, heads[-1] + 1)
        start = _skip_head_zone(infos, heads, start, end)
    head_at = heads[-1] if heads else -1

    # Inside the article: body unless the line's own wording says otherwise.
    own = [norm_line(" ".join(infos[h].text for h in heads)), norm_line(title_core(infos[first].text))]
    # Only on a scraped page: a clean article may print a paragraph twice.
    cards = _teaser_cards(infos, nonblank, own) if _is_page(infos, nonblank) and not html else set()
    for n in range(start, end + 1):
        info = infos[n]
        if info.blank or n in heads:
            continue
        cue = info.cue
        if cue in ("label", "end") or n in cards:
            kinds[n] = "boilerplate"
        elif cue == "dateline" and info.prose:
            kinds[n] = "body"
        elif cue is not None:
            kinds[n] = cue
        elif n in menu and not info.prose:
            kinds[n] = "boilerplate"
        else:
            kinds[n] = "body"

    # rank[i]: how many non-blank lines come before line i (so that distances cost nothing).
    rank = [0] * (len(infos) + 1)
    for i, info in enumerate(infos):
        rank[i + 1] = rank[i] + (not info.blank)
    # Above the article: the headline's company (deck, byline, role, date) and the page's furniture.
    prev = None
    for n in range(start):
        info = infos[n]
        if info.blank or n in heads:
            continue
        near = head_at >= 0 and head_at < n and rank[n] - rank[head_at] - 1 <= 8
        if info.cue in ("byline", "dateline", "caption", "licence"):
            kinds[n] = info.cue
        elif near and prev in ("byline",) and (_NAME.match(info.text) or _is_role_line(info)):
            kinds[n] = "byline"
        elif (near and (_NAME.match(info.text) or _HANDLE.match(info.text)) and n not in menu
              and rank[start] - rank[n] - 1 <= 6):
            kinds[n] = "byline"  # a lone name just above the text (a menu under a page title is not)
        elif near and prev == "headline" and info.prose and info.words <= 60:
            kinds[n] = "headline"  # the deck under a headline
        else:
            kinds[n] = "boilerplate"
        prev = kinds[n]

    # Below the article: author notes, licences and the page's furniture.
    for n in range(end + 1, len(infos)):
        info = infos[n]
        if info.blank:
            continue
        if info.cue in ("licence", "caption"):
            kinds[n] = info.cue
        elif _is_bio(info) or _SIGNOFF.match(info.text) or _CREDIT_NOTE.match(info.text):
            kinds[n] = "byline"
        else:
            kinds[n] = "boilerplate"
    # The article's own last lines may be notes on its authors: "Mara Quint is a senior reporter
    # ...", "-- Mara Quint", "Dov Arlen contributed reporting."
    tail = [n for n in range(start, end + 1) if kinds[n] == "body"][-3:]
    for n in tail:
        info = infos[n]
        if info.words <= 60 and (_is_bio(info) or _SIGNOFF.match(info.text) or _CREDIT_NOTE.match(info.text)):
            kinds[n] = "byline"
    body = [n for n in range(start, end + 1) if kinds[n] == "body"]
    if body and _is_closing_bio(infos, body[-1]):
        kinds[body[-1]] = "byline"
    return kinds


def _skip_head_zone(infos: Sequence[LineInfo], heads: Sequence[int], start: int, end: int) -> int:
    """The first line of the article proper, past what sits between a headline and its text: the
    headline again, a deck, bylines, roles, handles, dates, captions and share buttons."""
    head_norm = norm_line(" ".join(infos[h].text for h in heads))
    n = start
    seen_deck = False
    while n <= end:
        info = infos[n]
        if info.blank:
            n += 1
            continue
        if (info.cue is not None or _HANDLE.match(info.text) or _NAME.match(info.text) or _is_role_line(info)
                or _similar(norm_line(info.text), head_norm)):
            n += 1
            continue
        if not seen_deck and info.prose and info.words <= 60 and _byline_follows(infos, n, end):
            seen_deck = True
            n += 1
            continue
        break
    return n if n <= end else start


def _byline_follows(infos: Sequence[LineInfo], n: int, end: int) -> bool:
    """Whether a byline, dateline or lone name comes within the next three lines (a deck precedes them)."""
    seen = 0
    for i in range(n + 1, end + 1):
        info = infos[i]
        if info.blank:
            continue
        if info.cue in ("byline", "dateline") or _NAME.match(info.text) or _HANDLE.match(info.text):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def build_body(text: str, lines: Sequence[Line]) -> str:
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
