"""Other stories' teasers on a page: runs of headline links, teaser cards set into an article, and
whether a text is a scraped page at all (where such context rules apply)."""

from __future__ import annotations

from collections.abc import Sequence

from .headline import _similar
from .lines import LineInfo, _item_kind, norm_line


def _teaser_cards(infos: Sequence[LineInfo], nonblank: Sequence[int], own: Sequence[str]) -> set[int]:
    """Lines of teaser cards set into an article: another story's headline printed twice in a row
    (its link and its picture's text, maybe with a section name between: "Ferry fares to rise in
    spring" / "Business" / "Ferry fares to rise in spring"), and the summary under it. An article
    never prints one of its lines twice in a row; the headline has no full stop (a caption
    printed twice has one, and the text under it is the article's). The article's ``own``
    headline (normalized), printed twice above its first paragraph, is no teaser."""
    out: set[int] = set()
    # Words as a headline has them: a table's header row printed twice is no headline.
    norms = [norm_line(infos[n].text) if 3 <= infos[n].words <= 30 and (infos[n].stops or infos[n].lowers >= 2)
             else "" for n in nonblank]
    for k, key in enumerate(norms):
        if not key or any(_similar(key, o) for o in own):
            continue
        if infos[nonblank[k]].text[-1] in ".!?)":
            # A caption (or a paragraph) printed again at once: the copy is furniture, the text
            # under it the article's.
            if k + 1 < len(norms) and norms[k + 1] == key:
                out.add(nonblank[k + 1])
            continue
        for gap in (1, 2):
            j = k + gap
            if j >= len(norms) or norms[j] != key or (gap == 2 and infos[nonblank[k + 1]].words > 3):
                continue
            out.update(nonblank[k:j + 1])
            if j + 1 < len(nonblank):
                summary = infos[nonblank[j + 1]]
                if summary.prose and summary.words <= 50 and summary.cue is None:
                    out.add(nonblank[j + 1])
            break
    return out


def _is_page(infos: Sequence[LineInfo], nonblank: Sequence[int]) -> bool:
    """Whether the text is a scraped page (five or more menu items or furniture lines) rather than
    an already clean article, where context rules about teasers and repeats do not apply."""
    return sum(1 for n in nonblank if infos[n].navlike or infos[n].cue in ("boilerplate", "end")) >= 5


# A run of this many headline-shaped lines in a row is a list of links to other stories.
_TEASER_RUN = 3
_HEADLINE_END = frozenset(".!\"”’'):;…")


def _teaser_runs(infos: Sequence[LineInfo], nonblank: Sequence[int]) -> list[int]:
    """Indices (into ``nonblank``) of lines in runs of headline teasers: ``_TEASER_RUN`` or more
    lines in a row, each of 3 to 20 words and none ending like a sentence ("Ferry fares to rise
    in spring", "Council backs new harbor wall", "Why the pier closed early").

    A page lists other stories as their headlines, one a line, under or above the article ("Most
    read", "More from the Ledger", a video playlist); an article's own short lines come one at a
    time (a subhead, then its paragraphs) or as a list whose items end like sentences or start
    with a marker (see ``_extend_list``). Such a headline may be dense in function words ("Why
    you can't trust the board on the harbor"), so alone it would weigh as prose.
    """
    out: list[int] = []
    run: list[int] = []
    for k, n in enumerate([*nonblank, -1]):
        info = infos[n] if n >= 0 else None
        if (info is not None and 5 <= info.words <= 20 and not _ends_like_sentence(info.text)
                and info.cue is None and _item_kind(info.text) is None):
            run.append(k)
            continue
        if len(run) >= _TEASER_RUN and not _lead_in(infos, nonblank, run[0]):
            out.extend(run)
        run = []
    return out


def _ends_like_sentence(text: str) -> bool:
    """Whether a line ends as a sentence does: a stop, a colon, or a closing quotation mark or
    bracket after a stop ('... he said.', '"We will reopen."'). A headline may end with a quoted
    phrase ("Mayor on the pier: 'We will reopen'"), which has no stop before its mark."""
    stripped = text.rstrip("\"”’')]")
    if len(stripped) < len(text):
        return bool(stripped) and stripped[-1] in ".!?…,;:"
    return text[-1] in _HEADLINE_END


def _lead_in(infos: Sequence[LineInfo], nonblank: Sequence[int], k: int) -> bool:
    """Whether the line before ``nonblank[k]`` introduces a list of the article's own ("The new
    version adds:", "Three things to know:"): a line of text, not a heading cue, ending in a colon."""
    if k == 0:
        return False
    prev = infos[nonblank[k - 1]]
    return prev.cue is None and prev.text.endswith(":")
