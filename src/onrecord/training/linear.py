"""Fitting the attributions stage's linear models: multinomial logistic regression over sparse
string features, trained with AdaGrad for a fixed number of epochs, the examples in a fixed
order, so that the same inputs give the same weights."""

from __future__ import annotations

import logging
from collections import Counter

log = logging.getLogger(__name__)

# One training example: its features and its class's index.
Example = tuple[list[str], int]


def train(exs: list[Example], n_classes: int, *, epochs: int, lr: float, l2: float, min_count: int,
          batch: int = 64, seed: int = 13) -> dict[str, tuple[float, ...]]:
    """Multinomial logistic regression by minibatch AdaGrad over sparse binary features (numpy)."""
    import numpy as np

    counts: Counter[str] = Counter(f for feats, _ in exs for f in set(feats))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(names)}
    rows = [[index[f] for f in dict.fromkeys(feats) if f in index] for feats, _ in exs]
    y = np.array([lab for _, lab in exs], dtype=np.int64)
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    flat = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    w = np.zeros((len(names), n_classes))
    g2 = np.full((len(names), n_classes), 1e-8)
    rng = np.random.default_rng(seed)
    onehot = np.eye(n_classes)
    for epoch in range(epochs):
        order = rng.permutation(len(rows))
        loss = 0.0
        for b in range(0, len(order), batch):
            ex = order[b:b + batch]
            idx = np.concatenate([flat[starts[e]:starts[e] + lengths[e]] for e in ex])
            owner = np.repeat(np.arange(len(ex)), lengths[ex])
            s = np.zeros((len(ex), n_classes))
            np.add.at(s, owner, w[idx])
            s -= s.max(axis=1, keepdims=True)
            p = np.exp(s)
            p /= p.sum(axis=1, keepdims=True)
            loss -= float(np.log(np.maximum(p[np.arange(len(ex)), y[ex]], 1e-12)).sum())
            grad = p - onehot[y[ex]]
            feats, inv = np.unique(idx, return_inverse=True)
            g = np.zeros((len(feats), n_classes))
            np.add.at(g, inv, grad[owner])
            g += l2 * w[feats]
            g2[feats] += g * g
            w[feats] -= lr * g / np.sqrt(g2[feats])
        log.info("epoch %d: mean loss %.4f over %d examples", epoch + 1, loss / max(1, len(rows)), len(rows))
    if n_classes == 2:  # a binary model keeps one weight a feature: the second class's score less the first's
        w = w[:, 1:] - w[:, :1]
    return {f: tuple(round(float(x), 3) for x in w[k]) for f, k in index.items() if np.abs(w[k]).max() >= 0.005}
