"""attributions: quotes, reports, beliefs and intentions, each with its source, cue and content.

What counts follows the PolNeAR annotation guidelines (Newell, Margolin &
Ruths 2018; ``polnear/guidelines.pdf``): an attribution ties a content
(something said, written, believed, intended, decreed, shown or perceived) to
a source through one contiguous cue; sources may be absent ("It is said
that ..."), pronouns ("he") or documents ("the report"); only the outermost
of nested attributions counts; a quote continued in the next sentence or
paragraph without a new cue belongs to the same attribution.

How it is found, paragraph by paragraph over the nlp stage's parse:

1. quoted stretches (:mod:`.quotes`);
2. cue heads: a linear model over each token's lemma in its dependency frame
   (:mod:`.cues`, :mod:`.models`, :mod:`.features`), trained on PolNeAR train;
3. the parts around each cue head (:mod:`.frames`, :mod:`.parts`): every dependent,
   the governor and the governor's subject are labelled cue, source, content
   or none by a second linear model;
4. contents that reach into a quotation take the whole quotation, and words
   after the cue of a quotation modify the cue ('"...," she said about the
   plan'); a cue with no content of its own takes the quote next to it
   ('"...?" the mayor asked.', "He said:" and the quotation paragraphs after
   it); "X was quoted as saying Y" is read as X's;
5. a third model judges each draft as a whole (its cue's probability, its kind
   of source and of content) and keeps those likely to be right, its
   probability the attribution's confidence; a fourth cuts a trailing part
   set off by a comma (", which ...") that PolNeAR leaves out of contents; a
   quotation no cue claims continues the direct quote (or the content ending in
   a quotation) before it, in the same paragraph or in the paragraphs after it,
   and one that ends its paragraph after a sentence about a named person is
   that person's;
6. the page's own layout (:mod:`.layouts`): a headline "Speaker: what
   was said", a transcript's "SPEAKER: ..." turns, quotations credited after a
   dash, each one attribution with the punctuation as its cue;
7. kind, addressee, hedging and the speaker (through
   :meth:`..entities.SpeakerResolver.speaker`) are read off the result; a content that
   names what was spoken about rather than stating something ("criticized the
   deal", "asked whether ...") is of kind topic, which PolNeAR counts and a
   list of statements does not; a source that joins names ("Ana Ruiz and Tom
   Reyes said ...") is credited to a group entity the stage adds to the
   record's entities (:meth:`..entities.SpeakerResolver.source_entities`).

On PolNeAR dev (84 articles, reference scorer) this gives relation/partial F1
69.6, content/exact 61.1, source/exact 78.9, cue/exact 72.8 (2026-12-05); the stage costs
about an eighth of the parse (``scripts/bench_attributions.py``).

Where: a paragraph's drafts (:class:`.draft.Draft`) are made in :mod:`.paragraph`, finished and
joined across paragraphs in :mod:`.assembly` (their spans by :mod:`.spans`, their kind by
:mod:`.kinds`); :mod:`.encoder` holds the encoder tagger and its loading (issue 17, not yet part
of the stage). The speech verbs the rules read are in :mod:`onrecord.lexicon.speech`.
"""

from __future__ import annotations

import logging

from ...state import Options, State
from ..entities import SpeakerResolver
from .assembly import extract_attributions
from .cues import CUE_THRESHOLD, extract_cues
from .kinds import resolve_hedged, resolve_kind
from .parts import extract_parts
from .spans import source_extent

__all__ = ["ADDS", "CUE_THRESHOLD", "NAME", "NEEDS", "extract_attributions", "extract_cues", "extract_parts",
           "resolve_hedged", "resolve_kind", "run", "source_extent"]

log = logging.getLogger(__name__)

NAME = "attributions"
NEEDS: tuple[str, ...] = ("parsed", "entities")
ADDS: tuple[str, ...] = ("attributions", "entities")


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    rec = state.record
    atts = extract_attributions(rec.text, state.parsed, rec.entities)
    ents, atts = SpeakerResolver(rec.text, rec.entities).source_entities(atts)
    return state.advance(NAME, record=rec.replace(entities=ents, attributions=atts))
