#!/usr/bin/env python3
"""Train the attributions stage's four linear models on a PolNeAR split and write them to
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
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from onrecord import training as T
from onrecord.evaluation.attributions import read_gold, read_gold_versions

log = logging.getLogger("train_attributions")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--cache", type=Path, default=None, help="folder to keep the parse in between runs")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent / "src/onrecord/resources" / T.MODEL_RESOURCE)
    ap.add_argument("--epochs", type=int, default=T.EPOCHS)
    ap.add_argument("--min-count", type=int, default=T.MIN_COUNT)
    ap.add_argument("--l2", type=float, default=T.L2)
    ap.add_argument("--folds", type=int, default=T.FOLDS, help="folds for the relation model's examples")
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
    parsed = T.parse_split(args.split, args.cache)
    gold = read_gold_versions(args.split)
    log.info("parsed %d documents in %.0fs", len(parsed), time.time() - t0)
    cue_ex, role_ex = T.examples(parsed, gold, all_annotators=not args.first_annotator)
    log.info("%d cue examples (%d positive), %d role examples",
             len(cue_ex), sum(y for _, y in cue_ex), len(role_ex))
    cue = T.LinearModel(("no", "cue"), T.train(cue_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2,
                                               min_count=args.min_count))
    role = T.LinearModel(T.ROLES, T.train(role_ex, len(T.ROLES), epochs=args.epochs, lr=0.1, l2=args.l2,
                                          min_count=args.min_count))
    first_gold = read_gold(args.split)  # the scorer's: the first annotator's relations
    rel_ex = T.relation_examples(parsed, gold, first_gold, folds=args.folds, epochs=args.epochs,
                                 l2=args.l2, min_count=args.min_count, draft_threshold=args.draft_threshold)
    relation = T.LinearModel(("no", "yes"), T.train(rel_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2,
                                                    min_count=3))
    lemmas = frozenset(T.cue_head_lemmas(parsed, gold))
    trim_ex = T.trim_examples(parsed, first_gold, T.Models(cue, role, relation, lemmas))
    trim = T.LinearModel(("keep", "cut"), T.train(trim_ex, 2, epochs=args.epochs, lr=0.1, l2=args.l2,
                                                  min_count=3))
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
