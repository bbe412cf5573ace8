"""The attributions stage's learned parts: a sparse linear model and its loading (the features
it reads are in :mod:`.features`).

Four models, all trained on PolNeAR's train split by ``scripts/train_attributions.py``
and shipped as ``resources/attributions_model.json.gz``:

- ``cue``: is this token the head of an attribution cue? PolNeAR counts speech,
  writing, beliefs, intentions, decrees, evidence and perception (guidelines
  pp. 2-6), some 1,400 head lemmas in train, most of them cues only in some
  frames ("supported Sanders" is one, "supported by" rarely), so the model
  reads the lemma together with its dependency frame.
- ``role``: given a cue head, what is each of its dependents (and its
  governor): part of the cue, the source, the content, or none? The frames
  PolNeAR's annotators mark (nsubj + ccomp for "said that", dobj for "mocked
  Rubio", pobj for "according to", the governor for "X, he said, Y")
  are learned rather than listed.
- ``trim``: does a trailing clause or phrase set off by a comma (", which
  ...", ", the existing alliance", ", citing ...") belong to the content?
  PolNeAR's annotators leave some out and keep others (train: ", which/who"
  clauses about half the time, coordinated clauses nearly always).
- ``relation``: given a whole draft attribution (cue, source and content as the
  two models above put them together), is it one PolNeAR would annotate, with
  that source and about that content? It reads what neither model sees alone:
  the cue's probability beside the kind of source and of content it found
  ("he said" with a quotation, "the plan" with a noun phrase). It learns from
  the drafts of cue and role models trained without the document at hand
  (four folds), so that it sees the mistakes they make on unseen text.

Features are short strings; the model is a dict from feature to per-class
weights, loaded once per process. Everything here is plain Python: scoring
is a few dictionary lookups per token, far below the cost of the parse.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat
from typing import Any

MODEL_RESOURCE = "attributions_model.json.gz"

ROLES: tuple[str, ...] = ("none", "cue", "source", "content")


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multiclass linear model over sparse string features (softmax over ``classes``)."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    flat: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.binary and not self.flat:
            self.flat.update((f, ws[0]) for f, ws in self.weights.items())

    @property
    def binary(self) -> bool:
        """A two-class model keeps one weight a feature (the score of the second class)."""
        return len(self.classes) == 2

    def scores(self, features: Iterable[str]) -> list[float]:
        if self.binary:
            return [sum(map(self.flat.get, features, repeat(0.0)))]
        acc = [0.0] * len(self.classes)
        w = self.weights
        for f in features:
            ws = w.get(f)
            if ws is not None:
                for k, x in enumerate(ws):
                    acc[k] += x
        return acc

    def probs(self, features: Iterable[str]) -> list[float]:
        s = self.scores(features)
        if self.binary:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s[0]))))
            return [1.0 - p, p]
        top = max(s)
        ex = [math.exp(x - top) for x in s]
        z = sum(ex)
        return [x / z for x in ex]

    def to_json(self) -> dict[str, object]:
        return {"classes": list(self.classes),
                "weights": {f: list(ws) if len(ws) > 1 else ws[0] for f, ws in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinearModel:
        classes = tuple(str(c) for c in d["classes"])
        weights = {str(f): (float(ws),) if isinstance(ws, int | float) else tuple(float(x) for x in ws)
                   for f, ws in d["weights"].items()}
        return cls(classes, weights)


@cache
def _resource() -> dict[str, Any]:
    ref = resources.files("onrecord.resources").joinpath(MODEL_RESOURCE)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def load_models() -> dict[str, LinearModel]:
    """The shipped models, by name ("cue", "role", "relation", "trim"), read once per process."""
    return {name: LinearModel.from_json(m) for name, m in _resource()["models"].items()}


@dataclass(frozen=True, slots=True)
class Models:
    """The models one extraction runs with. ``relation`` None keeps every draft and ``trim`` None
    every trailing part (how those models' own training examples are drawn)."""

    cue: LinearModel
    role: LinearModel
    relation: LinearModel | None
    lemmas: frozenset[str]
    trim: LinearModel | None = None


def shipped_models() -> Models:
    """The models shipped with the package."""
    m = load_models()
    return Models(m["cue"], m["role"], m.get("relation"), cue_lemmas(), m.get("trim"))


@cache
def cue_lemmas() -> frozenset[str]:
    """The lemmas seen heading a cue in PolNeAR train (about 1,500), shipped with the models."""
    return frozenset(_resource().get("cue_lemmas", ()))
