"""The headline: its shape, the headline inside a page title (:func:`title_core`, also used by the
meta stage) and the lines that repeat it further down the page."""

from __future__ import annotations

from collections.abc import Sequence

from .lines import LineInfo, norm_line
from .patterns import _REPORTING, _SITE_SEP, _TWO_SENTENCES


def title_core(title: str) -> str:
    """The headline inside a page title: "Opinion | Port Chief Resigns - Harbor Ledger" gives
    "Port Chief Resigns" (the longest part between site separators)."""
    parts = [p for p in _SITE_SEP.split(title) if p.strip()]
    return max(parts, key=len).strip() if parts else title.strip()


def looks_like_headline(info: LineInfo) -> bool:
    """A line shaped like a headline: a few words, one sentence, no reporting verb.

    News headlines run 5 to 22 words (PolNeAR's 924 headlines: median 9, max 22; BBC: median 5)
    while an article's first sentence runs 29 words at the median (TimeBank/AQUAINT) and reports
    in the past tense ("said"), which headlines avoid ("says").
    """
    s = info.text
    if not (1 <= info.words <= 25) or len(s) > 220 or info.cue is not None:
        return False
    if _REPORTING.search(s):
        return False
    # Two sentences of some length ("... fell to a 14-year low. Analysts expect more cuts.") are a
    # lead paragraph; a headline may have two short ones ("Game over. Will Sanders come down?").
    title_case = info.caps_head >= min(8, info.words)  # "... Isn’t True. Not Yet, At Least."
    return info.words <= 16 or title_case or _TWO_SENTENCES.search(s) is None


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 20 and short in long_ and len(short) >= 0.6 * len(long_)


def title_hits(infos: Sequence[LineInfo], first: int) -> list[int]:
    """Lines after the first that repeat the headline part of the first (the page title)."""
    title = infos[first].text
    if infos[first].words > 30 or infos[first].cue is not None or not (
            looks_like_headline(infos[first]) or _SITE_SEP.search(title)):
        return []  # a paragraph, not a page title
    core = norm_line(title_core(title))
    whole = norm_line(title)
    hits = []
    begin = first + 1
    if title.endswith((";", ":")):
        begin += 1  # the next line completes the headline (see with_continuation), even if it repeats it
    for i in range(begin, len(infos)):
        info = infos[i]
        if info.blank or info.words > 40:
            continue
        n = norm_line(info.text)
        if _similar(n, core) or _similar(n, whole):
            hits.append(i)
    return hits


def with_continuation(infos: Sequence[LineInfo], head: int) -> list[int]:
    """The headline line and, when it ends in ";" or ":", the next line that completes it (PolNeAR's
    two-deck headlines: "Council backs new ferry line; \nMember of harbor board says ...")."""
    out = [head]
    nxt = head + 1
    text = infos[head].text
    if (nxt < len(infos) and not infos[nxt].blank and text.endswith((";", ":"))
            and infos[nxt].words <= (80 if text.endswith(";") else 25)):
        out.append(nxt)
    return out
