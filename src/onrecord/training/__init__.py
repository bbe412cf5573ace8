"""Training: what only the fitting of onrecord's learned parts uses, kept apart from extraction.

The attributions stage's four linear models (cue, role, relation, trim; see
:mod:`onrecord.stages.attributions.models`) are fitted by ``scripts/train_attributions.py`` from
a PolNeAR split: :mod:`.polnear` parses the split with onrecord's own stages, :mod:`.attributions`
draws each model's examples from the parse and the gold relations, and :mod:`.linear` fits them.
The encoder tagger (:mod:`onrecord.stages.attributions.encoder`, not yet part of the stage) is
trained by ``scripts/train_encoder.py`` on the word-piece examples of :mod:`.encoder`.
Scripts import from here; extraction code never imports this package.
"""

from __future__ import annotations

from ..stages.attributions.models import MODEL_RESOURCE, ROLES, LinearModel, Models, shipped_models
from .attributions import (
    EPOCHS,
    FOLDS,
    L2,
    MIN_COUNT,
    cue_head_lemmas,
    draft_trailing,
    examples,
    fold_models,
    relation_examples,
    training_drafts,
    trim_examples,
)
from .encoder import char_labels, window_examples
from .linear import Example, train
from .polnear import parse_split, polnear_lines

__all__ = [
    "EPOCHS",
    "FOLDS",
    "L2",
    "MIN_COUNT",
    "MODEL_RESOURCE",
    "ROLES",
    "Example",
    "LinearModel",
    "Models",
    "char_labels",
    "cue_head_lemmas",
    "draft_trailing",
    "examples",
    "fold_models",
    "parse_split",
    "polnear_lines",
    "relation_examples",
    "shipped_models",
    "train",
    "training_drafts",
    "trim_examples",
    "window_examples",
]
