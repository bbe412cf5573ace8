"""Cue heads: the tokens the cue model takes as the heads of attribution cues."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .features import DocView, cue_features, is_scored
from .models import Models, shipped_models

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Below this probability a token is not taken as a cue head; the relation model then judges the
# drafts (RELATION_THRESHOLD). Set on PolNeAR dev (see tests/test_gate_attributions.py for the
# figures it gives).
CUE_THRESHOLD = 0.2


def extract_cues(doc: Doc, view: DocView, in_quote: Sequence[bool], *,
                 threshold: float = CUE_THRESHOLD, models: Models | None = None) -> list[tuple[Token, float]]:
    """The tokens of ``doc`` the cue model takes as cue heads, with their probabilities."""
    ms = models or shipped_models()
    model = ms.cue
    lemmas = ms.lemmas
    out = []
    for i in range(view.n):
        if not is_scored(view, i, lemmas):
            continue
        if _discourse_said(doc, i):
            continue
        p = model.probs(cue_features(view, i, in_quote[i]))[1]
        if p >= threshold:
            out.append((doc[i], p))
    return out


def _discourse_said(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the "said" of "That said," or "This said," opening a sentence: a
    connective ("however"), no one's statement ("That said, the agency says ...")."""
    t = doc[i]
    return (t.lower_ == "said" and 0 < i < len(doc) - 1 and doc[i + 1].text == ","
            and doc[i - 1].lower_ in ("that", "this") and doc[i - 1].is_sent_start is True)
