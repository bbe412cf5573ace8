#!/usr/bin/env python3
"""How far PolNeAR's annotators agree with each other, measured as the reference scorer measures us.

    python scripts/agreement_attributions.py ../shared/data/polnear/train [--predictions oof.jsonl]

Some documents of a split were annotated by several annotators (one ``.ann`` file each). The
reference scorer reads the first file by name; here every other annotator's relations are scored
against that first file's as if they were predictions, one pair per extra annotator, and the
measures are summed over the pairs. With ``--predictions`` (the scorer's JSON lines, for example
from ``scripts/oof_attributions.py --predictions``) onrecord's relations on the same documents are
scored against the same first files, weighted the same way, so that the two can be compared: the
documents annotated several times need not be as easy as the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from onrecord.evaluation.attributions import read_gold_versions, score

MEASURES = ("relation/partial", "content/exact", "source/exact", "cue/exact")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--predictions", type=Path, default=None, help="onrecord's predictions for the split (JSON lines)")
    args = ap.parse_args(argv)
    versions = read_gold_versions(args.split)
    several = {doc: (text, rels) for doc, (text, rels) in versions.items() if len(rels) > 1}
    if not several:
        print(f"no document of {args.split} has more than one annotation", file=sys.stderr)
        return 1
    gold, human = {}, {}
    for doc, (text, rels) in several.items():
        for k, other in enumerate(rels[1:]):
            gold[f"{doc}#{k}"] = (text, rels[0])
            human[f"{doc}#{k}"] = other
    pairs = len(gold)
    rows = [("another annotator", score(gold, human))]
    if args.predictions is not None:
        preds = {}
        with args.predictions.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    preds[row["id"]] = row["attributions"]
        missing = sorted(set(several) - set(preds))
        if missing:
            print(f"{args.predictions} has no predictions for {len(missing)} of the documents, e.g. {missing[0]}",
                  file=sys.stderr)
            return 1
        rows.append(("onrecord", score(gold, {key: preds[key.split("#")[0]] for key in gold})))
    print(f"{len(several)} documents annotated more than once, {pairs} pairs against the first annotation")
    print(f"{'F1 against the first annotator':34s}" + "".join(f"{m:>18s}" for m in MEASURES))
    for name, measures in rows:
        print(f"{name:34s}" + "".join(f"{measures[m]['f1']:18.1f}" for m in MEASURES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
