#!/usr/bin/env python3
"""Time the attributions stage against the spaCy parse on a folder of articles.

    python scripts/bench_attributions.py ../shared/data/polnear/dev/text [--repeat 3] [--limit N]

Both are timed in the same process on the same documents, each the best of ``--repeat`` runs
(the machine is shared, so the minimum is the fairest reading). The parse is the nlp stage
(``nlp.run_batch``); the stage is ``attributions.run`` given the parse and the entities, its model
loaded beforehand. The issue's budget: the stage costs at most 20% of the parse.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from onrecord.stages import attributions, entities, layout, meta, nlp, read
from onrecord.stages.attributions.models import load_models
from onrecord.state import Input, Options, State


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    opts = Options()
    paths = sorted(args.folder.glob("*.txt"))
    if args.limit:
        paths = paths[:args.limit]
    states = []
    for p in paths:
        st = State(Input(p.stem, p.read_bytes()))
        for stage in (read, layout, meta):
            st = stage.run(st, opts)
        states.append(st)
    nlp.load(opts.model)
    load_models()
    parse_times, stage_times = [], []
    parsed: list[State] = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        parsed = []
        for i in range(0, len(states), opts.batch_size):
            parsed.extend(nlp.run_batch(states[i:i + opts.batch_size], opts))
        parse_times.append(time.perf_counter() - t)
    with_entities = [entities.run(st, opts) for st in parsed]
    for _ in range(args.repeat):
        t = time.perf_counter()
        for st in with_entities:
            attributions.run(st, opts)
        stage_times.append(time.perf_counter() - t)
    parse, stage = min(parse_times), min(stage_times)
    n_tokens = sum(len(p.doc) for st in parsed for p in st.parsed or ())
    print(f"{len(states)} documents, {n_tokens} tokens")
    print(f"parse (nlp stage):   {parse:7.2f} s  ({n_tokens / parse:,.0f} tokens/s)")
    print(f"attributions stage:  {stage:7.2f} s  ({100 * stage / parse:.1f}% of the parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
