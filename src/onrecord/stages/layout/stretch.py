"""Where the article is on a page: the weight of each line for or against being inside it, the
maximum-sum stretch of lines (anchored below the repeated headline when there is one), and the
cuts and extensions at its ends (end-of-article headings, footers, closing lines, lists)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .headline import looks_like_headline, title_hits, with_continuation
from .lines import LineInfo, _item_kind, norm_line
from .notes import _is_bio
from .patterns import _COMMENTS_HEAD, _NAME, _TERMINAL, _URL_LINE
from .teasers import _is_page, _teaser_runs

# Line weights (see line_weight). Set on the article-extraction pages, checked on both halves of
# them (pages whose key starts with an even or an odd hex digit) so as not to fit one half.
W_END = 25.0  # an end-of-article heading: "Related stories", "Comments"
W_FURNITURE = 8.0  # a cue or repeated line, plus its words
W_MARK = 2.0  # a caption, byline, dateline or label line inside the text
W_TEASER = 2.0  # a linked headline run into its summary
W_MENU = 4.0  # a menu item
W_SHORT = 2.0  # a subhead or list item
W_LONG = 0.6  # per word, a long line that is not prose (a title, a table row)
W_POOR = 0.5  # per word, prose poor in function words


def line_weight(info: LineInfo, *, repeated: bool) -> float:
    """How much a line speaks for (positive) or against (negative) being inside the article.

    Prose counts by its words (half when it is poor in function words, as tag lists are); cue
    lines, repeated lines, teasers and menu items cost; other short lines (subheads, list items
    such as "Eat every 2-3 hours") cost a little, so that a few inside an article are bridged
    while a menu is not.
    """
    if info.blank:
        return 0.0
    if info.cue == "end":
        return -(W_END + info.words)
    if info.cue in ("boilerplate", "licence") or repeated:
        return -(W_FURNITURE + info.words)
    if info.cue in ("caption", "byline", "dateline", "label"):
        return -W_MARK
    if info.truncated:
        return -(W_MARK + W_POOR * info.words)
    if info.prose:
        return float(info.words) if info.stops >= 0.2 * info.words else W_POOR * info.words
    if info.navlike:
        return -W_MENU
    if info.words >= 8:
        return -W_LONG * info.words
    return -W_SHORT


def best_region(weights: Sequence[float], lo: int = 0, last_start: int | None = None) -> tuple[float, int, int] | None:
    """(sum, first, last) of the maximum-sum run of ``weights`` that starts between ``lo`` and
    ``last_start`` (default: anywhere from ``lo``), or None when no such run is positive.

    With prefix sums P, the best run from s ends where P is largest after s: one pass from the end.
    """
    n = len(weights)
    if last_start is None or last_start >= n:
        last_start = n - 1
    if lo > last_start:
        return None
    prefix = [0.0] * (n + 1)
    for i, w in enumerate(weights):
        prefix[i + 1] = prefix[i] + w
    best: tuple[float, int, int] | None = None
    top, top_at = float("-inf"), n
    for s in range(n - 1, lo - 1, -1):
        if prefix[s + 1] > top:
            top, top_at = prefix[s + 1], s
        if s <= last_start:
            gain = top - prefix[s]
            if gain > 0 and (best is None or gain >= best[0]):
                best = (gain, s, top_at)
    return best


# How far below the repeated headline the article may start: bylines, dates, share buttons,
# a picture and its caption lie between (up to 60 lines on the article-extraction pages).
_ANCHOR_WINDOW = 80
# An anchored run wins unless the best run anywhere is this many times heavier.
ANCHOR_SHARE = 0.3


def _find_article(infos: Sequence[LineInfo], nonblank: Sequence[int],
                  menu: set[int]) -> tuple[int, int, list[int]]:
    """(first line, last line, headline lines) of the article on a page.

    The article is the maximum-sum run of line weights; where the page title's headline is
    repeated further down, the run must start within ``_ANCHOR_WINDOW`` lines below a repetition
    (the headline a reader sees above the text), and the best-scoring repetition is the headline.
    """
    weights = [line_weight(infos[n], repeated=n in menu) for n in nonblank]
    page = _is_page(infos, nonblank)
    _weigh_context(infos, nonblank, weights, page=page)
    teasers = set(_teaser_runs(infos, nonblank)) if page else set()
    pos = {n: k for k, n in enumerate(nonblank)}
    first = nonblank[0]
    free = best_region(weights)
    anchored = None
    for h in title_hits(infos, first)[:20]:
        k = pos[h]
        r = best_region(weights, lo=k + 1, last_start=k + _ANCHOR_WINDOW)
        if r is not None and (anchored is None or r[0] > anchored[0][0]):
            anchored = (r, h)
    if anchored is not None and (free is None or anchored[0][0] >= ANCHOR_SHARE * free[0]):
        (_, s, e), h = anchored
        e = _cut_at_end(infos, nonblank, weights, s, e, teasers)
        s = _extend_back(infos, nonblank, _past_teasers(s, e, teasers), pos[h], menu)
        return nonblank[s], nonblank[_extend(infos, nonblank, e, menu)], with_continuation(infos, h)
    if free is None:
        s, e = 0, len(nonblank) - 1
    else:
        _, s, e = free
    e = _cut_at_end(infos, nonblank, weights, s, e, teasers)
    s = _past_teasers(s, e, teasers)
    start, end = nonblank[s], nonblank[_extend(infos, nonblank, e, menu)]
    heads: list[int] = []
    head = _first_unmarked(infos, nonblank)
    if looks_like_headline(infos[head]) or (head < start and infos[head].words <= 40 and infos[head].cue is None):
        heads = with_continuation(infos, head)
    return start, end, heads


def _past_teasers(s: int, e: int, teasers: set[int]) -> int:
    """The run's first index moved past the headline teasers it opens with (see _teaser_runs)."""
    while s < e and s in teasers:
        s += 1
    return s


def _first_unmarked(infos: Sequence[LineInfo], nonblank: Sequence[int], *, within: int = 3) -> int:
    """The first line that could be the headline: a page may open with a share button or a logo
    caption above it ("Share this article", "Harbor Ledger logo"), which its cue marks."""
    for n in nonblank[:within]:
        if infos[n].cue not in ("boilerplate", "caption"):
            return n
    return nonblank[0]


def _weigh_context(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: list[float], *,
                   page: bool) -> None:
    """Weights that a line's neighbours change, in place:

    * on a scraped ``page`` (one with menus and furniture), a teaser (a linked headline run into
      its summary) weighs against the article; in a clean article the same shape is a lead
      ("Billionaire Donald Trump praised ...");
    * on a page, a paragraph printed again (a print
      copy, an AMP copy) counts once: its later copies weigh as furniture, so that the run ends
      with the first copy (a clean article that repeats a paragraph keeps both);
    * on a page, a summary under a title that the page shows twice (a linked title and its
      picture's caption) is a teaser;
    * a teaser block of related stories, a title, its writer's name and a summary ("Joker killed
      at the box office." under "What made Joker so popular?" / "Madeline Fry"), weighs its
      summary as a teaser: such a name line never stands between two parts of an article.
    """
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    keys: dict[int, str] = {}
    if page:
        for k, n in enumerate(nonblank):
            if 3 <= infos[n].words <= 25:
                keys[k] = norm_line(infos[n].text)
                counts[keys[k]] += 1
    for k, n in enumerate(nonblank):
        info = infos[n]
        if page and info.teaser and info.prose:
            weights[k] = -W_TEASER
        if page and k >= 1 and info.prose and weights[k] > 0:
            title = infos[nonblank[k - 1]]
            if not title.prose and k - 1 in keys and counts[keys[k - 1]] > 1:
                weights[k] = -W_TEASER  # a summary under a linked title the page shows twice
        if page and info.words >= 10:
            key = norm_line(info.text)
            if key in seen:
                weights[k] = -(W_FURNITURE + info.words)
            seen.add(key)
        if k >= 2 and info.prose and weights[k] > 0:
            name, title = infos[nonblank[k - 1]], infos[nonblank[k - 2]]
            # A byline ("By Ana Brill") is the article's own, under its headline: the paragraph
            # after it is the lede, never a teaser's summary.
            if (name.words <= 4 and _NAME.match(name.text) and name.cue is None and not title.prose
                    and title.words >= 3 and title.cue is None):
                weights[k] = -W_TEASER


# Words of article a run must have before a heading such as "Comments" or "Related stories" ends it.
_END_AFTER = 50.0
# A stretch of furniture this heavy inside the run ends the article, whatever prose follows it.
W_BARRIER = 40.0
BARRIER_RATIO = 2.0


def _cut_at_end(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: Sequence[float],
                s: int, e: int, teasers: set[int]) -> int:
    """The run's last index, cut before the first end-of-article heading ("34 responses to ...",
    "More from the Ledger") met once the run holds an article's worth of text: comments and
    teasers below it are prose too, and enough of them would otherwise pull the run along.
    Then cut before a barrier (see :func:`_barrier`) that the rest of the run does not outweigh."""
    total = 0.0
    last_good = s
    for k in range(s, e + 1):
        info = infos[nonblank[k]]
        if total >= _END_AFTER and (info.cue == "end" and _COMMENTS_HEAD.search(info.text)
                                    or _author_box(infos, nonblank, k)):
            e = last_good
            break
        if weights[k] > 0:
            total += weights[k]
            last_good = k
    cut = _barrier(infos, nonblank, weights, s, e, teasers)
    return e if cut is None else cut


def _barrier(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: Sequence[float],
             s: int, e: int, teasers: set[int]) -> int | None:
    """The last index of the article before the heaviest stretch of furniture inside the run
    ``s..e`` (a footer's menus, social buttons, link lists), or None when none ends it.

    A maximum-sum run crosses any stretch of furniture that the prose beyond it outweighs, and a
    page's footer is often followed by prose that is no article: a disclaimer, a mission
    statement, the summaries of related stories. A widget inside an article (a photo gallery, a
    box of related links) is followed by the rest of the article, which weighs several times
    more. So the stretch ends the article when it weighs at least ``W_BARRIER`` and the rest of
    the run less than ``BARRIER_RATIO`` times as much.
    """
    total = 0.0
    last_good = s
    low, low_from, low_at = 0.0, s, s  # the current minimum-sum stretch (Kadane), ending at k
    worst = (0.0, s, s)  # the heaviest stretch: (sum, article's last index before it, its last index)
    for k in range(s, e + 1):
        info = infos[nonblank[k]]
        if low >= 0:
            low, low_from = 0.0, last_good
        # Prose that its context marks down (a gallery's caption printed twice, a teaser's
        # summary) counts as little here: the stretch is made of menus, link lists and cue lines.
        # Headline teasers count as menu items, however dense in function words.
        if k in teasers:
            low += min(weights[k], -W_MENU)
        else:
            low += weights[k] if weights[k] > 0 or not info.prose else -W_TEASER
        low_at = k
        if total >= _END_AFTER and low < worst[0]:
            worst = (low, low_from, low_at)
        if weights[k] > 0:
            total += weights[k]
            last_good = k
    weight, before, at = worst
    if weight > -W_BARRIER:
        return None
    rest = sum(weights[at + 1:e + 1])
    if rest >= BARRIER_RATIO * -weight:
        return None
    return before


def _author_box(infos: Sequence[LineInfo], nonblank: Sequence[int], k: int) -> bool:
    """Whether line ``k`` opens an author box: a lone name, then (within two lines) a note on the
    same person ("Mara Quint" / "Follow" / "Mara Quint is a senior reporter ..."). The box ends
    the article."""
    name = infos[nonblank[k]]
    if name.words > 4 or not _NAME.match(name.text):
        return False
    for j in range(k + 1, min(k + 3, len(nonblank))):
        note = infos[nonblank[j]]
        if note.text.startswith(name.text) and _is_bio(note):
            return True
    return False


def _extend(infos: Sequence[LineInfo], nonblank: Sequence[int], e: int, menu: set[int]) -> int:
    """The article's last line, moved past up to two short closing sentences ("“You tell me,” he
    said.") that a maximum-sum run leaves out because short lines weigh against it."""
    for _ in range(2):
        if e + 1 >= len(nonblank):
            break
        n = nonblank[e + 1]
        info = infos[n]
        if (info.cue is not None or n in menu or info.navlike or info.truncated or info.words < 3
                or info.text[-1] not in ".!?\"”’" or info.lowers < 2):
            break
        e += 1
    return _extend_list(infos, nonblank, e)


def _extend_list(infos: Sequence[LineInfo], nonblank: Sequence[int], e: int) -> int:
    """The article's last line, moved past a list that continues it: items of one kind (numbered,
    bulleted or dated, such as a tour's dates), maybe each followed by its link. Items are short
    and not prose, so the maximum-sum run stops at the first of them."""
    kind = None
    k = e + 1
    items = 0
    last = e
    if k + 1 < len(nonblank):
        intro = infos[nonblank[k]]
        if intro.cue is None and intro.text.endswith(":") and intro.words <= 25 and _item_kind(infos[nonblank[k + 1]].text):
            k += 1  # "The new stops are:"
    while k < len(nonblank):
        info = infos[nonblank[k]]
        if info.cue in ("boilerplate", "licence", "end") or info.words > 60:
            break
        if _URL_LINE.match(info.text) and items:
            k += 1
            continue
        this = _item_kind(info.text)
        if this is None or (kind is not None and this != kind):
            break
        kind = this
        items += 1
        last = k
        k += 1
    return last if items >= 2 else e


def _extend_back(infos: Sequence[LineInfo], nonblank: Sequence[int], s: int, lo: int, menu: set[int]) -> int:
    """The article's first line, moved back over up to eight lines of text between the headline and
    the run (a short opening paragraph, lines of code or a list) that a maximum-sum run leaves out."""
    for _ in range(8):
        if s - 1 <= lo:
            break
        n = nonblank[s - 1]
        info = infos[n]
        if (info.cue is not None or n in menu or info.navlike or info.truncated or info.teaser
                or info.words < 3 or info.lowers < 2 or info.text[-1] not in _TERMINAL):
            break
        s -= 1
    return s
