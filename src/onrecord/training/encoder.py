"""The encoder tagger's training examples (:mod:`onrecord.stages.attributions.encoder`): a PolNeAR
split's gold relations as BIO labels of the encoder's word pieces, one example per window.
``scripts/train_encoder.py`` trains the tagger on them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..evaluation.attributions import read_gold
from ..stages.attributions.encoder import (
    ROLE_LABELS,
    STRIDE,
    TOKEN_LABELS,
    Pieces,
    best_window,
    pieces,
    windows,
)


def char_labels(p: Pieces, spans: Sequence[tuple[str, Sequence[tuple[int, int]]]],
                labels: Sequence[str]) -> np.ndarray:
    """BIO label ids for each piece from labelled character spans ``(kind, fragments)`` (kind
    "SRC", "CUE" or "CON"); an earlier span wins where two overlap (its pieces are skipped), and
    each fragment of a discontinuous span begins with a B."""
    index = {name: i for i, name in enumerate(labels)}
    out = np.zeros(len(p.ids), dtype=np.int64)
    for kind, frags in spans:
        for s, e in frags:
            inside = np.nonzero((p.starts < e) & (p.ends > s) & (out == 0))[0]
            first = True
            for i in inside:
                out[i] = index[("B-" if first else "I-") + kind]
                first = False
    return out


def _frags(span: Any) -> list[tuple[int, int]]:
    return [(int(f["start"]), int(f["end"])) for f in span] if span else []


def window_examples(split: str, tok: Any, stride: int = STRIDE) -> list[dict[str, Any]]:
    """One example per window: piece ids, token labels, and each gold cue inside it with the role
    labels of its source and content."""
    out = []
    for doc, (text, rels) in read_gold(split).items():
        p = pieces(tok, text)
        spans = [("CUE", _frags(r["cue"])) for r in rels] + [("SRC", _frags(r["source"])) for r in rels] \
            + [("CON", _frags(r["content"])) for r in rels]
        labels = char_labels(p, spans, TOKEN_LABELS)
        cues = []
        for r in rels:
            cue = _frags(r["cue"])
            if not cue:
                continue
            inside = np.nonzero((p.starts < max(e for _, e in cue)) & (p.ends > min(s for s, _ in cue)))[0]
            if not len(inside):
                continue
            roles = char_labels(p, [("SRC", _frags(r["source"])), ("CON", _frags(r["content"]))], ROLE_LABELS)
            cues.append((int(inside[0]), int(inside[-1]) + 1, roles))
        ws = windows(len(p.ids), stride=stride)
        for a, b in ws:
            win_cues = [(ca - a, cb - a, roles[a:b]) for ca, cb, roles in cues
                        if a <= ca and cb <= b and ws[best_window(ws, (ca + cb) / 2)] == (a, b)]
            out.append({"doc": doc, "ids": p.ids[a:b], "labels": labels[a:b], "cues": win_cues})
    return out
