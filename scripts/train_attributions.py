#!/usr/bin/env python3
"""Train the attributions stage's two linear models on a PolNeAR split and write them to
``src/onrecord/resources/attributions_model.json.gz``.

    python scripts/train_attributions.py ../shared/data/polnear/train \
        [--cache /tmp/attr] [--out src/onrecord/resources/attributions_model.json.gz]

The split is parsed with onrecord's own stages (read, then nlp over the lines
labelled from PolNeAR's format: line 1 the headline, the rest body), so the
features seen in training are those seen at run time; ``--cache`` keeps
the parse (a spaCy DocBin) for the next run. Gold relations come from every
``.ann`` file of a document (79 train documents have a second annotator's:
learning from both raised dev relation/partial F1 from 64.4 to 65.0);
``--first-annotator`` keeps to the file the reference scorer reads.

The relation model judges whole drafts. Its examples are the drafts that cue
and role models trained on three quarters of the split make on the fourth
(four folds, ``--folds``), each labelled by whether the reference scorer would
match it (content and source overlapping a gold relation's by half), so that it
learns the mistakes those models make on text they have not seen.

The trim model judges the trailing parts of contents (", which ..."): its
examples are those of the drafts the other three models make on the split,
each labelled by whether it lies outside the gold content.

All four models are multinomial logistic regressions over sparse string
features, trained with AdaGrad for a fixed number of epochs, the examples in
a fixed order: the same inputs give the same weights. Features seen fewer
than ``--min-count`` times are dropped, and weights are rounded to four
decimals so that the shipped file stays small.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from onrecord.evaluation.attributions import (
    prediction_row,
    read_gold,
    read_gold_versions,
    relation_matches,
    span_chars,
)
from onrecord.model import Line
from onrecord.stages import _attr_model as M
from onrecord.stages import attributions as A
from onrecord.stages import nlp, read
from onrecord.stages._attr_frames import Candidate, label_parts
from onrecord.stages._attr_quotes import extract_quotes
from onrecord.state import Input, Options, State

log = logging.getLogger("train_attributions")

Example = tuple[list[str], int]


def parse_split(split_dir: Path, cache: Path | None) -> list[tuple[str, str, list[Any]]]:
    """(doc id, text, paragraphs) for every document of the split, parsed by onrecord's nlp stage."""
    from spacy.tokens import DocBin

    opts = Options()
    vocab = nlp.load(opts.model).vocab
    name = split_dir.name
    if cache is not None and (cache / f"{name}.pkl").exists():
        rows = pickle.loads((cache / f"{name}.pkl").read_bytes())
        docs = iter(DocBin().from_disk(cache / f"{name}.spacy").get_docs(vocab))
        return [(d, rec.text, [nlp.Paragraph(s, next(docs), k) for s, k in paras]) for d, rec, paras in rows]
    states = []
    for p in sorted((split_dir / "text").glob("*.txt")):
        st = read.run(State(Input(p.stem, p.read_bytes())), opts)
        assert st.record is not None
        # PolNeAR's texts are clean articles, line 1 the headline: the lines are labelled from that
        # documented format rather than by the layout stage, so that the training parse does not
        # move when layout's heuristics do.
        st = st.advance("layout", record=st.record.replace(lines=polnear_lines(st.record.text)))
        states.append(st)
    out, rows = [], []
    db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH",
                       "SENT_START", "SPACY"])
    for i in range(0, len(states), 32):
        for st in nlp.run_batch(states[i:i + 32], opts):
            assert st.record is not None and st.parsed is not None
            out.append((st.input.id, st.record.text, list(st.parsed)))
            rows.append((st.input.id, st.record, [(p.start, p.kind) for p in st.parsed]))
            for p in st.parsed:
                db.add(p.doc)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{name}.pkl").write_bytes(pickle.dumps(rows))
        db.to_disk(cache / f"{name}.spacy")
    return out


def polnear_lines(text: str) -> tuple[Line, ...]:
    """Every line of a PolNeAR text: the first non-blank one the headline, the others body or blank."""
    lines = []
    seen_headline = False
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if not body.strip():
            kind = "blank"
        elif not seen_headline:
            kind, seen_headline = "headline", True
        else:
            kind = "body"
        lines.append(Line(pos, pos + len(body), kind))
        pos += len(raw)
    return tuple(lines)


def _gold_tokens(paras: Sequence[Any], frags: list[dict[str, int]] | None) -> dict[int, set[int]]:
    """id(doc) -> indices of the tokens a gold span's fragments overlap."""
    out: dict[int, set[int]] = defaultdict(set)
    if not frags:
        return out
    for p in paras:
        for f in frags:
            if f["end"] <= p.start or f["start"] >= p.end:
                continue
            for t in p.doc:
                s = p.start + t.idx
                if s < f["end"] and f["start"] < s + len(t.text):
                    out[id(p.doc)].add(t.i)
    return out


def _top(doc: Any, ids: set[int]) -> Any:
    """The token of ``ids`` highest in the parse tree (the first one on ties)."""
    def depth(t: Any) -> int:
        d = 0
        while t.head.i != t.i:
            t = t.head
            d += 1
        return d
    return min((doc[i] for i in ids), key=lambda t: (depth(t), t.i))


def _gold_role(cand: Candidate, doc: Any, gold: dict[str, set[int]]) -> str:
    if cand.kind == "child" and cand.token.i in gold["cue"]:
        return "cue"
    ids = [i for i in cand.tokens if not doc[i].is_punct] or list(cand.tokens)
    if not ids:
        return "none"
    best, frac = "none", 0.0
    for role in ("source", "content", "cue"):
        n = sum(1 for i in ids if i in gold[role])
        if n / len(ids) > frac:
            best, frac = role, n / len(ids)
    return best if frac >= 0.5 else "none"


def cue_head_lemmas(parsed: list[tuple[str, str, list[Any]]], gold: dict[str, Any]) -> list[str]:
    """The lemmas of the gold cue heads, sorted: the run-time filter for words other than verbs."""
    lemmas: set[str] = set()
    for doc_id, _text, paras in parsed:
        for rels in gold.get(doc_id, ("", []))[1]:
            for r in rels:
                toks = _gold_tokens(paras, r["cue"])
                for p in paras:
                    ids = toks.get(id(p.doc))
                    if ids:
                        lemmas.add(_top(p.doc, ids).lemma_.lower())
                        break
    return sorted(lemmas)


def examples(parsed: list[tuple[str, str, list[Any]]],
             gold: dict[str, Any], *, all_annotators: bool = True) -> tuple[list[Example], list[Example]]:
    """Cue examples (every token of a cue part of speech) and role examples (every candidate part
    of every gold relation whose cue head the parse finds)."""
    cue_ex: list[Example] = []
    role_ex: list[Example] = []
    role_idx = {r: k for k, r in enumerate(M.ROLES)}
    jobs: list[tuple[list[Any], list[dict[str, Any]]]] = []
    for doc_id, _text, paras in parsed:
        versions = gold.get(doc_id, ("", [[]]))[1]
        jobs.extend((paras, rels) for rels in (versions if all_annotators else versions[:1]))
    for paras, rels in jobs:
        heads: dict[tuple[int, int], dict[str, set[int]]] = {}
        for r in rels:
            toks = {role: _gold_tokens(paras, r[role]) for role in ("source", "cue", "content")}
            for p in paras:
                cue_ids = toks["cue"].get(id(p.doc))
                if cue_ids:
                    h = _top(p.doc, cue_ids)
                    heads[(id(p.doc), h.i)] = {role: toks[role].get(id(p.doc), set()) for role in toks}
                    break
        for p in paras:
            doc = p.doc
            view = M.DocView(doc)
            inq = M.quote_mask(view, extract_quotes(doc.text))
            for t in doc:
                if not M.is_cue_candidate(t.pos_, t.text):
                    continue
                g = heads.get((id(doc), t.i))
                cue_ex.append((M.cue_features(view, t.i, inq[t.i]), 1 if g is not None else 0))
                if g is None:
                    continue

                def label(cand: Candidate, g: dict[str, set[int]] = g, t: Any = t, doc: Any = doc,
                          inq: list[bool] = inq) -> str:
                    role = _gold_role(cand, doc, g)
                    role_ex.append((M.candidate_features(t, cand, inq), role_idx[role]))
                    return role
                for _ in label_parts(t, label):
                    pass
    return cue_ex, role_ex


def fold_models(parsed: list[tuple[str, str, list[Any]]], gold_versions: dict[str, Any], *, folds: int,
                epochs: int, l2: float, min_count: int) -> Iterator[tuple[list[tuple[str, str, list[Any]]], M.Models]]:
    """For each of ``folds`` folds of the split's documents (every ``folds``-th one), the documents
    held out and the cue and role models trained on the others (no relation or trim model)."""
    per_doc = {row[0]: examples([row], gold_versions) for row in parsed}
    for k in range(folds):
        held = [row for i, row in enumerate(parsed) if i % folds == k]
        rest = [row for i, row in enumerate(parsed) if i % folds != k]
        cue_ex = [e for row in rest for e in per_doc[row[0]][0]]
        role_ex = [e for row in rest for e in per_doc[row[0]][1]]
        yield held, M.Models(
            M.LinearModel(("no", "cue"), train(cue_ex, 2, epochs=epochs, lr=0.1, l2=l2, min_count=min_count)),
            M.LinearModel(M.ROLES, train(role_ex, len(M.ROLES), epochs=epochs, lr=0.1, l2=l2, min_count=min_count)),
            None, frozenset(cue_head_lemmas(rest, gold_versions)))


def relation_examples(parsed: list[tuple[str, str, list[Any]]], gold_versions: dict[str, Any],
                      gold_first: dict[str, Any], *, folds: int, epochs: int, l2: float,
                      min_count: int, draft_threshold: float) -> list[Example]:
    """The relation model's examples: every draft of cue and role models trained without the
    document's fold, labelled 1 when the reference scorer would match it to a gold relation."""
    out: list[Example] = []
    for k, (held, models) in enumerate(fold_models(parsed, gold_versions, folds=folds, epochs=epochs, l2=l2,
                                                   min_count=min_count)):
        hits = 0
        for doc_id, text, paras in held:
            gold = gold_first.get(doc_id, (text, []))[1]
            for att, draft in A.training_drafts(text, paras, models, threshold=draft_threshold):
                if not draft.features:
                    continue  # a cue introducing the next paragraph's quote: not judged
                ok = relation_matches(text, gold, prediction_row(att))
                hits += ok
                out.append((list(draft.features), int(ok)))
        log.info("fold %d: %d documents held out, %d drafts so far (%d right)", k + 1, len(held), len(out), hits)
    return out


def trim_examples(parsed: list[tuple[str, str, list[Any]]], gold_first: dict[str, Any],
                  models: M.Models) -> list[Example]:
    """The trim model's examples: each trailing part of the content of a draft whose content overlaps
    a gold relation's (by a fifth at least: a content that runs on too long overlaps little), labelled
    1 (cut) when less than half of it lies in that gold content. Asking for half the overlap, as the
    scorer's partial match does, leaves out the contents that most need cutting: dev content/exact
    F1 59.9 with it, 60.3 with a fifth (a third: 60.1)."""
    out: list[Example] = []
    for doc_id, text, paras in parsed:
        golds = [span_chars(text, r["content"]) for r in gold_first.get(doc_id, (text, []))[1]]
        for att, draft in A.training_drafts(text, paras, models):
            if not draft.trailing:
                continue
            mine = span_chars(text, prediction_row(att)["content"])
            if not mine:
                continue
            near = [g for g in golds if g and len(g & mine) / len(g | mine) >= 0.2]
            if not near:
                continue
            gold = max(near, key=lambda g: len(g & mine))
            doc = draft.head.doc
            for a, b, feats in draft.trailing:
                part = span_chars(text, {"start": draft.offset + doc[a].idx,
                                         "end": draft.offset + doc[b].idx + len(doc[b].text)})
                if part:
                    out.append((list(feats), int(len(part & gold) < 0.5 * len(part))))
    log.info("%d trailing parts, %d of them outside the gold content", len(out), sum(y for _, y in out))
    return out


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


# The training defaults (the shipped file's), also those of scripts/oof_attributions.py.
EPOCHS = 6
MIN_COUNT = 5
L2 = 1e-4
FOLDS = 4


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--cache", type=Path, default=None, help="folder to keep the parse in between runs")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent / "src/onrecord/resources" / M.MODEL_RESOURCE)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--min-count", type=int, default=MIN_COUNT)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--folds", type=int, default=FOLDS, help="folds for the relation model's examples")
    ap.add_argument("--draft-threshold", type=float, default=0.15,
                    help="cue probability above which drafts become the relation model's examples: a little "
                         "below the run-time CUE_THRESHOLD, so that it learns the cues near that edge too "
                         "(dev relation/partial 68.6 with drafts from 0.2, 68.9 from 0.15)")
    ap.add_argument("--first-annotator", action="store_true",
                    help="learn from the first .ann file of each document only (the scorer's gold), "
                         "not from every annotator's")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.time()
    parsed = parse_split(args.split, args.cache)
    gold = read_gold_versions(args.split)
    log.info("parsed %d documents in %.0fs", len(parsed), time.time() - t0)
    cue_ex, role_ex = examples(parsed, gold, all_annotators=not args.first_annotator)
    log.info("%d cue examples (%d positive), %d role examples",
             len(cue_ex), sum(y for _, y in cue_ex), len(role_ex))
    cue = M.LinearModel(("no", "cue"), train(cue_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2, min_count=args.min_count))
    role = M.LinearModel(M.ROLES, train(role_ex, len(M.ROLES), epochs=args.epochs, lr=0.1, l2=args.l2,
                                        min_count=args.min_count))
    first_gold = read_gold(args.split)  # the scorer's: the first annotator's relations
    rel_ex = relation_examples(parsed, gold, first_gold, folds=args.folds, epochs=args.epochs,
                               l2=args.l2, min_count=args.min_count, draft_threshold=args.draft_threshold)
    relation = M.LinearModel(("no", "yes"), train(rel_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2,
                                                  min_count=3))
    lemmas = frozenset(cue_head_lemmas(parsed, gold))
    trim_ex = trim_examples(parsed, first_gold, M.Models(cue, role, relation, lemmas))
    trim = M.LinearModel(("keep", "cut"), train(trim_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2, min_count=3))
    payload = {"trained_on": args.split.name, "documents": len(parsed),
               "cue_lemmas": sorted(lemmas),
               "models": {"cue": cue.to_json(), "role": role.to_json(), "relation": relation.to_json(),
                          "trim": trim.to_json()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(args.out, "wb") as fh, gzip.GzipFile(filename="", fileobj=fh, mode="wb", compresslevel=9,
                                                   mtime=0) as gz:
        gz.write(raw)  # no name, no time in the header: the same weights give the same bytes
    log.info("wrote %s (%d + %d + %d + %d features, %.0f KiB) in %.0fs", args.out, len(cue.weights),
             len(role.weights), len(relation.weights), len(trim.weights), os.path.getsize(args.out) / 1024,
             time.time() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
