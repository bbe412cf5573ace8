"""entities: the people and organizations of a document, each mention grouped under one entity."""

from __future__ import annotations

from ..model import Entity, Mention, Span
from ..state import Options, State

NAME = "entities"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("entities",)

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def extract_entities(text: str, parsed) -> tuple[Entity, ...]:  # type: ignore[no-untyped-def]
    """Named mentions grouped by type; a person's later surname-only mention joins the full name."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    names: dict[tuple[str, str], str] = {}
    for para in parsed:
        for ent in para.doc.ents:
            if ent.label_ not in KEPT_LABELS:
                continue
            span = para.token_span(text, ent)
            label = ent.label_
            key = (label, span.text.lower())
            kind = "name"
            if label == "PERSON" and len(ent) == 1:
                for (lab, full), _ in groups.items():
                    if lab == "PERSON" and full.split()[-1] == span.text.lower() and full != key[1]:
                        key, kind = (lab, full), "partial"
                        break
            groups.setdefault(key, []).append(Mention(span.start, span.end, span.text, kind))
            names.setdefault(key, span.text)
    return tuple(
        Entity(f"e{n}", names[k], k[0], tuple(ms)) for n, (k, ms) in enumerate(groups.items(), 1)
    )


def resolve_speaker(text: str, entities: tuple[Entity, ...], source: Span | None) -> tuple[str | None, str]:
    """The entity a source mention refers to, and the speaker type of the attribution.

    Returns (entity id or None, one of person|organization|outlet|anonymous|group|document|author).
    """
    if source is None:
        return None, "author"
    for e in entities:
        for m in e.mentions:
            if m.start < source.end and source.start < m.end:
                return e.id, "person" if e.type == "PERSON" else "organization"
    return None, "person"


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    ents = extract_entities(state.record.text, state.parsed)
    return state.advance(NAME, record=state.record.replace(entities=ents))
