"""layout: one kind for every line of the input, and the clean body built from the body lines.

Kinds (``model.LINE_KINDS``): headline, byline, dateline, body, caption,
boilerplate, licence, blank. ``record.lines`` covers every line of the text
exactly once, in order, its offsets excluding the line break; ``record.body``
is the text of the body lines, one paragraph (a run of body lines) per block,
blocks separated by one blank line.

How a line is judged, from the evidence a reader of a scraped page uses:

* **Where the article is.** A scraped page is navigation, the article, then
  more navigation. Prose lines (long, ending like sentences, dense in function
  words: jusText's cues, Pomikálek 2011) count for the article, short lines,
  menu items and cue lines count against it; the article is the stretch of
  lines with the highest total (a maximum-sum segment, as in Kohlschütter et
  al. 2010's observation that main text comes in one dense run). Everything
  outside that stretch is page furniture, unless it is the headline, a byline,
  a dateline, a caption or a licence. The stretch ends before a footer heavy
  enough that the prose below it (a disclaimer, a mission statement, teaser
  summaries) does not outweigh it twice over (``_barrier``), and does not open
  with a run of other stories' headlines (``_teaser_runs``); a teaser card set
  into the article (a headline printed twice, its summary) is furniture
  (``_teaser_cards``).
* **Line shape.** A headline is short, has no sentence-final full stop on a
  web page, and repeats the page title (the first line of a scraped page is
  the HTML ``<title>``, "Headline - Site"); a byline starts with "By" or is a
  lone name next to the headline; a dateline is a date or "PLACE (AP) --".
* **Lexical cues.** share/follow/subscribe/cookie/copyright/font size/
  advertisement/read more/logo, photo credits: such a line is never body.
* **Repetition.** A short line that recurs within one page is a menu item; one
  that recurs across a corpus is a publisher's furniture, when the caller passes
  such lines (``Options.repeated_lines``, learnt by :func:`repeated_lines` in a
  separate pass: ``onrecord boilerplate learn``). The other documents of a batch
  are never evidence, so a record does not depend on its batch.

An already clean article (a headline line, then paragraphs) comes out as
headline + body; a clean body with no headline comes out all body unless its
first line is shaped like a headline (short, one sentence, no reporting verb
such as "said"): such a line is labelled headline, which the nlp stage still
parses, so no attribution or time in it is lost.

The package's files: ``patterns`` (the patterns and keyword sets), ``cues`` (what a line's own
wording says), ``lines`` (a line's features, :class:`LineInfo`), ``headline``, ``notes`` (authors'
notes), ``teasers`` (other stories' teasers), ``stretch`` (where the article is), ``labels``
(:func:`label_lines`, :func:`build_body`), ``repeated`` (lines repeated across a corpus, and the
boilerplate file); this ``__init__`` is the stage's face.
"""

from __future__ import annotations

import logging

from ...state import Options, State
from .cues import classify_cue, is_byline, is_date_line
from .headline import looks_like_headline, title_core, title_hits, with_continuation
from .labels import build_body, label_infos, label_lines
from .lines import LineInfo, describe, norm_line, split_lines, stopwords
from .patterns import CLOSING_BIO, DATE_PATTERN, MONTH_PATTERN, ROLE_PATTERN
from .repeated import BOILERPLATE_HEADER, format_repeated_lines, parse_repeated_lines, repeated_lines
from .stretch import best_region, line_weight

__all__ = [
    "ADDS", "BOILERPLATE_HEADER", "CLOSING_BIO", "DATE_PATTERN", "MONTH_PATTERN", "NAME", "NEEDS", "ROLE_PATTERN",
    "LineInfo", "best_region", "build_body", "classify_cue", "describe", "format_repeated_lines", "is_byline",
    "is_date_line", "label_infos", "label_lines", "line_weight", "looks_like_headline", "norm_line",
    "parse_repeated_lines", "repeated_lines", "run", "split_lines", "stopwords", "title_core", "title_hits",
    "with_continuation",
]

log = logging.getLogger(__name__)


NAME = "layout"
NEEDS: tuple[str, ...] = ("text",)
ADDS: tuple[str, ...] = ("lines", "body")


def _layout(state: State, repeated: frozenset[str]) -> State:
    assert state.record is not None
    text = state.record.text
    html = bool(getattr(state.source, "html", False))
    lines = label_lines(text, repeated=repeated, html=html, title=getattr(state.source, "title", None))
    body = build_body(text, lines)
    return state.advance(NAME, record=state.record.replace(lines=lines, body=body))


def run(state: State, options: Options) -> State:
    """Label the lines of one document, with ``options.repeated_lines`` as repetition evidence.

    There is no ``run_batch``: a record depends on its document and on the options given, never
    on the other documents that happen to share its batch (one article gives the same record
    alone, with its syndicated copies, with ``--workers 2`` or through Ray). Lines repeated
    across a corpus are evidence only when learnt in a separate pass (:func:`repeated_lines`,
    ``onrecord boilerplate learn``) and passed in (``--boilerplate FILE``).
    """
    return _layout(state, options.repeated_lines)
