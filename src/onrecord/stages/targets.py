"""targets: about whom each attribution speaks, the entities its content names or refers to.

An attribution's ``about`` lists the document entities with a mention inside one of its content
parts: a name ("said that Okafor had resigned"), a shortened name, a pronoun or a description
resolved by the entities stage ("said that she had resigned", "the council leader"), in the
order the content first mentions them. Mentions are the entities stage's own, so a content is
about whom the entities stage says its words refer to, no more.

The speaker is kept when the content refers to them ("Arlen said that he would cooperate" is
about Arlen too): what people say about themselves is part of what is said about them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from ..model import Attribution, Entity
from ..state import Options, State

NAME = "targets"
NEEDS: tuple[str, ...] = ("entities", "attributions")
ADDS: tuple[str, ...] = ("about",)


def resolve_about(entities: Sequence[Entity], attributions: Sequence[Attribution]) -> tuple[Attribution, ...]:
    """``attributions`` with ``about`` set: the ids of the entities mentioned inside their content."""
    mentions = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
    starts = [m[0] for m in mentions]
    out = []
    for a in attributions:
        found: list[tuple[int, str]] = []
        for part in a.content:
            for start, end, eid in mentions[bisect_left(starts, part.start):]:
                if start >= part.end:
                    break
                if end <= part.end:
                    found.append((start, eid))
        about = tuple(dict.fromkeys(eid for _, eid in sorted(found)))
        out.append(replace(a, about=about) if about != a.about else a)
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None
    r = state.record
    return state.advance(NAME, record=r.replace(attributions=resolve_about(r.entities, r.attributions)))
