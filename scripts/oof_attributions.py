#!/usr/bin/env python3
"""Out-of-fold attribution figures on a PolNeAR split, for tuning on more than dev's 84 articles.

    python scripts/oof_attributions.py ../shared/data/polnear/train [--cache /tmp/attr] [--folds 4]
        [--predictions oof.jsonl]

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
import json
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from onrecord import training as T
from onrecord.evaluation.attributions import (
    format_table,
    prediction_row,
    read_gold,
    read_gold_versions,
    score,
)
from onrecord.stages import attributions as A

log = logging.getLogger("oof_attributions")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--cache", type=Path, default=None, help="folder to keep the parse in between runs")
    ap.add_argument("--folds", type=int, default=T.FOLDS)
    ap.add_argument("--predictions", type=Path, default=None,
                    help="also write the predictions here, in the reference scorer's JSON lines")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.time()
    parsed = T.parse_split(args.split, args.cache)
    versions = read_gold_versions(args.split)
    shipped = T.shipped_models()
    preds = {}
    folds = T.fold_models(parsed, versions, folds=args.folds, epochs=T.EPOCHS, l2=T.L2, min_count=T.MIN_COUNT)
    for k, (held, models) in enumerate(folds):
        models = replace(models, relation=shipped.relation, trim=shipped.trim)
        for doc_id, text, paras in held:
            preds[doc_id] = [prediction_row(a) for a in A.extract_attributions(text, paras, (), models=models)]
        log.info("fold %d of %d: %d documents (%.0fs)", k + 1, args.folds, len(held), time.time() - t0)
    if args.predictions is not None:
        with args.predictions.open("w", encoding="utf-8") as f:
            for doc_id, rows in preds.items():
                f.write(json.dumps({"id": doc_id, "attributions": rows}) + "\n")
    print(format_table({"measures": score(read_gold(args.split), preds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
