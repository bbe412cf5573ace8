"""TempEval-3 evaluation of the times stage, agreeing with ``../shared/eval/score_times.py``.

The gold is TimeBank and AQUAINT as converted by ``timeml_to_jsonl.py`` (one
document a line: ``{"id", "dct", "text", "timexes": [{"start", "end", "type",
"value"}]}``). Each document's text goes through the whole pipeline with its
``dct`` as the publication date; the records' ``times`` are scored as the
reference scorer does: strict span F1 (same offsets), relaxed span F1 (any
overlap), and type and value F1, where a prediction counts when it overlaps a
gold expression and carries the same type (value, compared as strings); each
gold expression is matched to at most one prediction, preferring the one with
the same offsets, then one with the same value.

Besides the whole set the result gives a development/held-out split (every
fifth document held out, in file order): TBAQ has no dev split of its own,
and the held-out fifth is how the stage was checked for over-fitting while
its rules were tuned.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import UsageError
from ..pipeline import STAGES, Failure, _run_batch, process_many
from ..stages import nlp
from ..state import DEFAULT_MODEL, Input, Options, State

HELD_OUT_EVERY = 5
MEASURES = ("strict", "relaxed", "type", "value")


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold documents of a TempEval-3 JSON Lines file."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no TempEval-3 gold at {p}; pass ../shared/data/tempeval3/tbaq.jsonl")
    with p.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(100 * f, 1), "p": round(100 * p, 1), "r": round(100 * r, 1)}


def score(gold: Mapping[str, Mapping[str, Any]], pred: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """The reference scorer's figures: ``gold`` maps a document id to its gold document, ``pred``
    to the ``times`` of its record (``[{"span": {"start", "end"}, "type", "value"}]``)."""
    c = {"strict": 0, "relaxed": 0, "type": 0, "value": 0}
    npred = ngold = 0
    for doc, g in gold.items():
        gs = [(t["start"], t["end"], t.get("type"), t.get("value")) for t in g["timexes"]]
        ps = []
        for t in pred.get(doc, []):
            s = t.get("span", t)
            ps.append((s["start"], s["end"], t.get("type"), t.get("value")))
        ngold += len(gs)
        npred += len(ps)
        used: set[int] = set()
        for gt in gs:
            best: int | None = None
            for j, p in enumerate(ps):
                if j in used or p[1] <= gt[0] or p[0] >= gt[1]:
                    continue
                if best is None or (p[:2] == gt[:2]) or (p[3] == gt[3] and ps[best][3] != gt[3]):
                    best = j
            if best is None:
                continue
            used.add(best)
            p = ps[best]
            c["relaxed"] += 1
            c["strict"] += p[:2] == gt[:2]
            c["type"] += p[2] == gt[2]
            c["value"] += p[3] == gt[3]
    out: dict[str, Any] = {k: _prf(v, npred, ngold) for k, v in c.items()}
    out["gold"] = ngold
    out["pred"] = npred
    return out


def needed_stages(target: str = "times") -> tuple[ModuleType, ...]:
    """The pipeline's stages that ``target`` depends on (through NEEDS/ADDS), in pipeline order, and
    ``target`` itself: for ``times`` that is read, layout, meta, nlp, times."""
    by_name = {st.NAME: st for st in STAGES}
    want = set(by_name[target].NEEDS)
    keep = {target}
    for st in reversed(STAGES[:[s.NAME for s in STAGES].index(target)]):
        if want & set(st.ADDS):
            keep.add(st.NAME)
            want |= set(st.NEEDS)
    return tuple(st for st in STAGES if st.NAME in keep)


def _run_chunk(args: tuple[list[Input], tuple[str, ...], Options]) -> list[Any]:
    chunk, names, options = args
    results: list[Any] = [State(i) for i in chunk]
    for stage in (st for st in STAGES if st.NAME in names):
        live = [(n, s) for n, s in enumerate(results) if isinstance(s, State)]
        for (n, _), out in zip(live, _run_batch(stage, [s for _, s in live], options)):
            results[n] = out
    return [r if isinstance(r, Failure) else r.record for r in results]


def run_pipeline(documents: Iterable[Mapping[str, Any]], *, model: str = DEFAULT_MODEL, workers: int = 1,
                 full: bool = False) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Process each gold document with its ``dct`` as publication date: (times by id, failures).

    By default only the stages the times stage depends on run (read, layout, meta,
    nlp, times; see :func:`needed_stages`): the records' times are the same as
    the whole pipeline's, the run is faster, and a fault in an unrelated stage
    cannot fail a document here. ``full=True`` runs :func:`onrecord.pipeline.process_many`.
    """
    docs = list(documents)
    inputs = [Input(str(d["id"]), str(d["text"]), d.get("dct")) for d in docs]
    outs: Iterable[Any]
    if full:
        outs = process_many(inputs, model=model, workers=workers)
    else:
        options = Options(model=model)
        stages = tuple(st.NAME for st in needed_stages("times"))
        nlp.load(model)  # before forking, so that workers share the loaded pipeline
        chunks = [(inputs[i:i + 16], stages, options) for i in range(0, len(inputs), 16)]
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                outs = [r for batch in pool.imap(_run_chunk, chunks) for r in batch]
        else:
            outs = [r for c in chunks for r in _run_chunk(c)]
    times: dict[str, list[dict[str, Any]]] = {}
    failures: list[str] = []
    for out in outs:
        if isinstance(out, Failure):
            failures.append(str(out))
            times[out.id] = []
        else:
            times[out.id] = [t.to_dict() for t in out.times]
    return times, failures


def evaluate(gold_jsonl: str | Path, *, model: str = DEFAULT_MODEL, workers: int = 1,
             records_out: str | Path | None = None, full: bool = False) -> dict[str, Any]:
    """Run the pipeline on the TempEval-3 gold and score it (see the module docstring).

    ``records_out``, when given, receives one ``{"id", "times"}`` line per
    document, which ``score_times.py`` reads as its predictions.
    """
    docs = read_gold(gold_jsonl)
    pred, failures = run_pipeline(docs, model=model, workers=workers, full=full)
    if records_out is not None:
        with Path(records_out).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": d["id"], "times": pred.get(d["id"], [])}, ensure_ascii=False) + "\n" for d in docs)
    gold = {d["id"]: d for d in docs}
    held = {d["id"] for n, d in enumerate(docs) if n % HELD_OUT_EVERY == HELD_OUT_EVERY - 1}
    result = score(gold, pred)
    result["documents"] = len(docs)
    result["failures"] = failures
    result["splits"] = {
        "dev": score({k: v for k, v in gold.items() if k not in held}, pred),
        "held_out": score({k: v for k, v in gold.items() if k in held}, pred),
    }
    return result


def format_table(result: Mapping[str, Any]) -> str:
    """The figures as the reference scorer prints them, then the dev and held-out split."""
    lines = []
    for k in MEASURES:
        v = result[k]
        lines.append(f"{k:8} F1 {v['f1']:5.1f}  P {v['p']:5.1f}  R {v['r']:5.1f}")
    lines.append(f"gold {result['gold']}  predicted {result['pred']}")
    for name, part in result.get("splits", {}).items():
        figures = "  ".join(f"{k} {part[k]['f1']:5.1f}" for k in MEASURES)
        lines.append(f"{name:9} {figures}  (gold {part['gold']})")
    if result.get("failures"):
        lines.append(f"{len(result['failures'])} documents failed: " + "; ".join(result["failures"][:5]))
    return "\n".join(lines)


__all__ = ["HELD_OUT_EVERY", "evaluate", "format_table", "needed_stages", "read_gold", "run_pipeline", "score"]
