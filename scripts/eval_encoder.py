#!/usr/bin/env python3
"""Score an exported encoder tagger on a PolNeAR split, as ``../shared/eval/score_attributions.py``
scores predictions: the tagger's own relations over each whole text, with the runtime that
extraction would use (ONNX Runtime, the int8 model ``scripts/export_encoder.py`` wrote).

    python scripts/eval_encoder.py ../shared/data/polnear/dev /tmp/encoder/export [--predictions P.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time

from onrecord.evaluation.attributions import format_table, read_gold, score
from onrecord.stages.attributions.encoder import EncoderTagger


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("folder", help="a folder written by scripts/export_encoder.py")
    ap.add_argument("--predictions", help="also write the predictions as score_attributions.py reads them")
    args = ap.parse_args()
    tagger = EncoderTagger(args.folder)
    gold = read_gold(args.split)
    t0 = time.perf_counter()
    preds = {doc: tagger.relations(text) for doc, (text, _) in gold.items()}
    secs = time.perf_counter() - t0
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": d, "attributions": preds[d]}) + "\n" for d in gold)
    print(format_table(score(gold, preds)))
    chars = sum(len(text) for text, _ in gold.values())
    print(f"{len(gold)} documents, {chars:,} characters in {secs:.1f} s (one thread)")


if __name__ == "__main__":
    main()
