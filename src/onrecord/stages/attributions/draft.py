"""One attribution being built within a paragraph, before it becomes a record's Attribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .frames import Candidate
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class Draft:
    """One attribution being built within a paragraph (token indices into the paragraph's Doc)."""

    head: Token
    p_cue: float
    cue: set[int]
    source: Candidate | None
    p_source: float
    content: set[int]
    p_content: float
    addressee: Token | None = None
    quotes: list[Quote] = field(default_factory=list)
    extra: list[tuple[int, int]] = field(default_factory=list)  # continuation fragments (record offsets)
    features: tuple[str, ...] = ()  # the relation model's, as read when it judged the draft
    p_relation: float | None = None
    certain: bool = False  # a frame that is an attribution whatever the relation model says ("quoted as saying")
    fronted: bool = False  # the content is a clause before the source (:func:`.parts._fronted_clause`), a claim
