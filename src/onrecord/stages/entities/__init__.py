"""entities: the people and organizations of a document, each mention grouped under one entity.

Three passes over the parsed paragraphs (spaCy stays inside this package):

1. :mod:`.mentions` (:func:`extract_candidates`) finds the mentions: named
   entities (with the titles and role words written before them, and
   proper-noun runs the tagger missed), pronouns, relative pronouns and
   definite descriptions ("the senator", "the company", appositions such as
   "Hope Hicks, Trump's spokeswoman").
2. :mod:`.grouping` (:func:`resolve_names`) groups the names: full and
   shortened forms of one person ("Loretta E. Lynch" ... "Loretta Lynch" ...
   "Lynch"), family-name-first names ("Kim Jong Un" ... "Kim", never with "Kim
   Jong Il"), given-name-only references, organizations with their acronyms and
   short forms ("Voice of America" = "VOA", "The New York Times" = "the
   Times"); it also corrects the tagger through the group (a surname tagged as
   a place or an organization).
3. :mod:`.coref` walks the document in order and attaches pronouns and
   descriptions by agreement and salience.

The working types of the passes are in :mod:`.types`, the name functions in
:mod:`.names`, the word lists in :mod:`onrecord.lexicon.people`.

:class:`SpeakerResolver` (:mod:`.resolver`, built once per document) then tells
the attributions stage which entity (and which kind of speaker) an
attribution's source mention stands for (:mod:`.speakers`), and makes entities
for the speakers that sources name and no entity holds (:mod:`.sources`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...lexicon.speech import SPEECH_LEMMAS
from ...model import Entity, Mention
from ...state import Options, State
from .coref import resolve_references
from .grouping import display_name, place_taken_for_person, resolve_names
from .mentions import NAME_ORG_NOUNS, PRONOUN_CLASS, extract_candidates
from .resolver import SpeakerResolver, resolve_source_entities, resolve_speaker
from .speakers import GROUP_TYPE, speaker_type_of
from .types import Cand, Ent

NAME = "entities"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("entities",)


def extract_entities(text: str, parsed: Sequence[Any]) -> tuple[Entity, ...]:
    """The document's entities: names grouped, then pronouns and descriptions attached."""
    cands = extract_candidates(text, parsed)
    ents = resolve_names(cands, text)
    for e in ents:
        if place_taken_for_person(e, parsed):
            e.label = "GPE"
    ents = resolve_references(cands, ents, parsed)
    out = []
    for n, e in enumerate(ents, 1):
        display = display_name(text, e)
        seen: set[tuple[int, int]] = set()
        ms = []
        for m in sorted(e.mentions, key=lambda m: (m.start, m.end)):
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            ms.append(Mention(m.start, m.end, text[m.start:m.end], m.kind))
        out.append(Entity(f"e{n}", display, e.label, tuple(ms)))
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    ents = extract_entities(state.record.text, state.parsed)
    return state.advance(NAME, record=state.record.replace(entities=ents))


__all__ = [
    "ADDS", "GROUP_TYPE", "NAME", "NAME_ORG_NOUNS", "NEEDS", "PRONOUN_CLASS", "SPEECH_LEMMAS", "Cand", "Ent",
    "SpeakerResolver", "extract_candidates", "extract_entities", "resolve_names", "resolve_source_entities",
    "resolve_speaker", "run", "speaker_type_of",
]
