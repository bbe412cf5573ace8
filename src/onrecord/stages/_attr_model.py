"""The attributions stage's learned parts: a sparse linear model and the features it reads.

Two models, both trained on PolNeAR's train split by ``scripts/train_attributions.py``
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

Features are short strings; the model is a dict from feature to per-class
weights, loaded once per process. Everything here is plain Python: scoring
is a few dictionary lookups per token, far below the cost of the parse.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL_RESOURCE = "attributions_model.json.gz"

# Parts of speech a cue head can have: 99.7% of PolNeAR train cue heads (VERB 89%, NOUN 5%,
# AUX, ADP for "according to", PUNCT for colons, PROPN/ADJ for mis-tagged verbs).
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADP", "PUNCT", "PROPN", "ADJ"})
ROLES: tuple[str, ...] = ("none", "cue", "source", "content")
# Dependents whose lemma says something about the frame ("called for", "went on to say").
_LEXICAL_DEPS = frozenset({"prep", "xcomp", "dobj", "prt", "acomp", "agent", "dative", "advmod", "ccomp", "attr"})
# Relations over which an attribution's content embeds another clause: a cue below one of these
# under another cue is a nested attribution, which PolNeAR does not annotate (guidelines p. 23).
_EMBEDDING_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "parataxis", "pobj", "dobj"})


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multiclass linear model over sparse string features (softmax over ``classes``)."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: Iterable[str]) -> list[float]:
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
        top = max(s)
        ex = [math.exp(x - top) for x in s]
        z = sum(ex)
        return [x / z for x in ex]

    def to_json(self) -> dict[str, object]:
        return {"classes": list(self.classes),
                "weights": {f: [round(x, 4) for x in ws] for f, ws in self.weights.items()}}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> LinearModel:
        classes = tuple(d["classes"])  # type: ignore[arg-type]
        weights = {str(f): tuple(float(x) for x in ws) for f, ws in d["weights"].items()}  # type: ignore[union-attr]
        return cls(classes, weights)


@cache
def load_models() -> dict[str, LinearModel]:
    """The shipped models, by name ("cue", "role"), read once per process."""
    ref = resources.files("onrecord.resources").joinpath(MODEL_RESOURCE)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return {name: LinearModel.from_json(m) for name, m in data["models"].items()}


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def embedding_cue(t: Token) -> Token | None:
    """The nearest governor of ``t`` reached over clause-embedding relations, or None at the root."""
    cur = t
    while cur.dep_ in _EMBEDDING_DEPS and cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ in ("VERB", "NOUN", "ADP"):
            return cur
    return None


def cue_features(t: Token, in_quote: bool) -> list[str]:
    """Features of ``t`` as a candidate cue head: its lemma in its frame (dependents, governor,
    neighbours), and where it sits (inside a quote, below another verb)."""
    lem = _lemma(t)
    pos, dep = t.pos_, t.dep_
    f = ["bias", "l=" + lem, "w=" + t.lower_, "p=" + pos, "t=" + t.tag_, "d=" + dep,
         "lp=" + lem + "|" + pos, "ld=" + lem + "|" + dep, "s3=" + lem[-3:] + "|" + pos]
    deps = []
    for c in t.children:
        cd = c.dep_
        deps.append(cd)
        f.append("cd=" + cd)
        f.append("lcd=" + lem + "|" + cd)
        if cd in _LEXICAL_DEPS:
            f.append("lcl=" + lem + "|" + cd + "|" + _lemma(c))
        if cd == "punct" and c.text in ("\"", "“", "”", "''", ":", "‘", "’"):
            f.append("qmark=" + ("L" if c.i < t.i else "R"))
            f.append("lqmark=" + lem)
    f.append("frame=" + lem + "|" + "+".join(sorted(set(d for d in deps if d not in ("punct", "det", "cc", "aux")))))
    h = t.head
    if h.i != t.i:
        f.append("hl=" + _lemma(h) + "|" + dep)
        f.append("hp=" + h.pos_ + "|" + dep)
        f.append("lhl=" + lem + "|" + _lemma(h))
    else:
        f.append("root")
    doc = t.doc
    nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else "</s>"
    prv = doc[t.i - 1].lower_ if t.i > 0 else "<s>"
    f.append("nx=" + nxt)
    f.append("lnx=" + lem + "|" + nxt)
    f.append("pv=" + prv)
    f.append("lpv=" + lem + "|" + prv)
    if in_quote:
        f.append("inq")
        f.append("linq=" + lem)
    anc = embedding_cue(t)
    if anc is not None:
        f.append("anc=" + _lemma(anc))
        f.append("ancd=" + dep + "|" + _lemma(anc))
    if t.is_sent_start:
        f.append("first")
    return f


def role_features(head: Token, kind: str, cand: Token, depth: int, span_len: int,
                  quote_overlap: bool, first_child: bool) -> list[str]:
    """Features of one candidate part of the attribution headed by ``head``.

    ``kind`` says what the candidate is: a dependent's subtree ("child"), the
    governor's subtree less the cue's ("up"), or the governor's subject
    ("upsubj", for "Trump tweeted, saying ..."). ``depth`` is 1 for the cue
    head's own dependents and 2 for those of a dependent that is part of the cue.
    """
    lem = _lemma(head)
    cd = cand.dep_ if kind == "child" else head.dep_
    side = "L" if cand.i < head.i else "R"
    clem = _lemma(cand)
    key = kind + "|" + cd
    f = ["bias", "k=" + key, "ks=" + key + "|" + side, "kl=" + key + "|" + lem, "kls=" + key + "|" + lem + "|" + side,
         "cp=" + key + "|" + cand.pos_, "cl=" + key + "|" + clem, "klc=" + key + "|" + lem + "|" + clem,
         "hp=" + head.pos_ + "|" + key, "hd=" + head.dep_ + "|" + key, "dep" + str(depth) + "=" + key,
         "len=" + key + "|" + str(min(span_len, 6) if span_len < 6 else (6 if span_len < 12 else 12))]
    if quote_overlap:
        f.append("q=" + key)
    if first_child:
        f.append("first=" + key)
    if cand.tag_ in ("PRP", "PRP$", "WP"):
        f.append("pron=" + key)
    for c in cand.children:
        if c.dep_ in ("mark", "aux", "case", "det", "prep"):
            f.append("cc=" + key + "|" + c.dep_ + "|" + c.lower_)
    return f


def candidate_roles(model: LinearModel, feats: Sequence[str]) -> dict[str, float]:
    """Role name -> probability for one candidate."""
    return dict(zip(model.classes, model.probs(feats)))


def quote_mask(doc: object, quotes: Sequence[object]) -> list[bool]:
    """For each token of ``doc``, whether it lies inside one of ``quotes`` (marks excluded)."""
    mask = [False] * len(doc)  # type: ignore[arg-type]
    if not quotes:
        return mask
    for t in doc:  # type: ignore[attr-defined]
        for q in quotes:
            if q.inner_start <= t.idx < q.inner_end:  # type: ignore[attr-defined]
                mask[t.i] = True
                break
    return mask


def candidate_features(head: Token, cand: object, in_quote: Sequence[bool]) -> list[str]:
    """Role features of a :class:`~._attr_frames.Candidate` of the attribution at ``head``."""
    tok = cand.token  # type: ignore[attr-defined]
    kind = cand.kind  # type: ignore[attr-defined]
    ids = cand.tokens  # type: ignore[attr-defined]
    gov = tok.head if kind == "child" else head
    q = any(in_quote[i] for i in ids)
    first = kind == "child" and tok.i == min((c.i for c in gov.children), default=-1)
    return role_features(gov, kind, tok, cand.depth, len(ids), q, first)  # type: ignore[attr-defined]
