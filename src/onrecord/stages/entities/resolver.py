"""The speaker resolution of one document: :class:`SpeakerResolver` holds the document's text,
its entities and the index of their mentions, built once, and answers each attribution's speaker
and the entities its sources name. The plain functions build one per call, for a caller with a
single source."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Attribution, Entity, Span
from .sources import source_entities
from .speakers import MentionIndex, speaker_of


class SpeakerResolver:
    """Speaker resolution for one document: build it once, after the entities stage, and ask it
    for every attribution (:meth:`speaker`), then for the entities the sources name
    (:meth:`source_entities`). The mention index it holds is what makes a page of thousands of
    quotes cheap to resolve."""

    __slots__ = ("entities", "index", "text")

    def __init__(self, text: str, entities: tuple[Entity, ...]) -> None:
        self.text = text
        self.entities = entities
        self.index = MentionIndex(entities)

    def speaker(self, source: Span | None) -> tuple[str | None, str]:
        """The entity id a source mention refers to (or None), and the speaker type of the
        attribution (see :func:`.speakers.speaker_of`)."""
        return speaker_of(self.text, self.index, source)

    def source_entities(self, attributions: Sequence[Attribution]
                        ) -> tuple[tuple[Entity, ...], tuple[Attribution, ...]]:
        """The document's entities with those for the speakers that sources name and no entity
        holds, and the attributions credited to them (see :func:`.sources.source_entities`)."""
        return source_entities(self.text, self.index, attributions)


def resolve_speaker(text: str, entities: tuple[Entity, ...], source: Span | None) -> tuple[str | None, str]:
    """The speaker of one source mention: :meth:`SpeakerResolver.speaker`, for a single call."""
    return SpeakerResolver(text, entities).speaker(source)


def resolve_source_entities(text: str, entities: tuple[Entity, ...], attributions: Sequence[Attribution]
                            ) -> tuple[tuple[Entity, ...], tuple[Attribution, ...]]:
    """The entities that sources name: :meth:`SpeakerResolver.source_entities`, for a single call."""
    return SpeakerResolver(text, entities).source_entities(attributions)
