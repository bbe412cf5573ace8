#!/usr/bin/env python3
"""Out-of-fold attribution figures on a PolNeAR split, for tuning on more than dev's 84 articles.

    python scripts/oof_attributions.py ../shared/data/polnear/train [--cache /tmp/attr] [--folds 4]

Each fold of the split's documents is extracted with cue and role models trained on the other
folds (as ``train_attributions.py`` trains them for the relation model's examples) and with the
shipped relation and trim models, then every prediction is scored as
``../shared/eval/score_attributions.py`` scores it. Train read this way is four times dev's size,
without the in-sample bias of scoring train with the shipped cue and role models. It is the
yardstick for rules and thresholds that work on the models' output. The shipped relation and trim
models did learn from these documents' drafts, so the figures are a little optimistic about them.
They are not comparable to dev's: on 2026-11-27 train read 66.5 relation/partial out of fold
where dev read 69.3.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_attributions as T  # the script beside this one

from onrecord.evaluation.attributions import format_table, prediction_row, read_gold, score
from onrecord.stages import _attr_model as M
from onrecord.stages import attributions as A

log = logging.getLogger("oof_attributions")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--cache", type=Path, default=None, help="folder to keep the parse in between runs")
    ap.add_argument("--folds", type=int, default=4)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.time()
    parsed = T.parse_split(args.split, args.cache)
    versions = T.read_gold_versions(args.split)
    shipped = M.shipped_models()
    per_doc = {row[0]: T.examples([row], versions) for row in parsed}
    preds = {}
    for k in range(args.folds):
        held = [row for i, row in enumerate(parsed) if i % args.folds == k]
        rest = [row for i, row in enumerate(parsed) if i % args.folds != k]
        cue_ex = [e for row in rest for e in per_doc[row[0]][0]]
        role_ex = [e for row in rest for e in per_doc[row[0]][1]]
        models = M.Models(
            M.LinearModel(("no", "cue"), T.train(cue_ex, 2, epochs=6, lr=0.1, l2=1e-4, min_count=5)),
            M.LinearModel(M.ROLES, T.train(role_ex, len(M.ROLES), epochs=6, lr=0.1, l2=1e-4, min_count=5)),
            shipped.relation, frozenset(T.cue_head_lemmas(rest, versions)), shipped.trim)
        for doc_id, text, paras in held:
            preds[doc_id] = [prediction_row(a) for a in A.extract_attributions(text, paras, (), models=models)]
        log.info("fold %d of %d: %d documents (%.0fs)", k + 1, args.folds, len(held), time.time() - t0)
    print(format_table({"measures": score(read_gold(args.split), preds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
