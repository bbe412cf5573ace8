"""Attribution relations scored against PolNeAR-style brat standoff gold.

The figures agree exactly with ``../shared/eval/score_attributions.py`` on the
same input: the same reading of the gold (the first ``.ann`` file per document
by name, ``E`` lines tying Source, Cue and Content), the same span matching
(character positions, whitespace, punctuation and symbols ignored; a span of
punctuation alone keeps its raw positions), the same deduplicated role sets and
the same greedy one-to-one relation matching. :func:`evaluate` runs the
pipeline over a split's ``text/`` folder and scores what it finds;
:func:`score` scores predictions already made.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from ..model import Attribution, Record
from ..state import DEFAULT_MODEL

log = logging.getLogger(__name__)

ROLES: tuple[str, ...] = ("source", "cue", "content")
MODES: tuple[str, ...] = ("exact", "partial")

# A prediction or gold span in the scorer's terms: {"start", "end"} or a list of such.
SpanLike = Mapping[str, int] | Sequence[Mapping[str, int]] | None
Chars = frozenset[int]


def _significant(text: str, start: int, end: int) -> Chars:
    return frozenset(
        i for i in range(start, end)
        if not (text[i].isspace() or unicodedata.category(text[i]).startswith(("P", "Z", "S")))
    )


def span_chars(text: str, span: Any) -> Chars | None:
    """The positions a span covers, whitespace and punctuation left out (raw positions when nothing is left)."""
    if span is None:
        return None
    parts = span if isinstance(span, list | tuple) else [span]
    chars: set[int] = set()
    for p in parts:
        s, e = int(p["start"]), int(p["end"])
        if not (0 <= s <= e <= len(text)):
            raise ValueError(f"span {s}-{e} outside text of length {len(text)}")
        chars |= _significant(text, s, e)
    if not chars:  # a cue can be punctuation alone (a colon, a dash)
        for p in parts:
            chars |= set(range(int(p["start"]), int(p["end"])))
    return frozenset(chars)


def read_gold(split_dir: str | os.PathLike[str]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """doc id -> (text, relations), each relation {"source", "cue", "content"} as lists of
    {"start", "end"} fragments (None where the role is absent), from the first ``.ann`` file of
    each document by name, as the reference scorer reads them."""
    return {doc: (text, versions[0]) for doc, (text, versions) in read_gold_versions(split_dir).items()}


def read_gold_versions(split_dir: str | os.PathLike[str]) -> dict[str, tuple[str, list[list[dict[str, Any]]]]]:
    """doc id -> (text, one list of relations per ``.ann`` file, by file name): some PolNeAR
    documents were annotated by two annotators; training may learn from both."""
    text_dir = os.path.join(split_dir, "text")
    ann_dir = os.path.join(split_dir, "attributions")
    anns: dict[str, list[str]] = defaultdict(list)
    for name in sorted(os.listdir(ann_dir)):
        if name.endswith(".ann"):
            anns[name.rsplit("_", 1)[0]].append(name)
    docs: dict[str, tuple[str, list[list[dict[str, Any]]]]] = {}
    for doc in sorted(anns):
        with open(os.path.join(text_dir, doc + ".txt"), encoding="utf-8") as f:
            text = f.read()
        versions = []
        for name in anns[doc]:
            with open(os.path.join(ann_dir, name), encoding="utf-8") as f:
                versions.append(_relations(f.read()))
        docs[doc] = (text, versions)
    return docs


def _relations(ann: str) -> list[dict[str, Any]]:
    """The relations of one brat standoff file: T lines are labelled spans, E lines tie them."""
    spans: dict[str, tuple[str, list[dict[str, int]]]] = {}
    rels: list[list[str]] = []
    for line in ann.split("\n"):
        if line[:1] == "T" and "\t" in line:
            tid, rest = line.split("\t", 1)
            label, offs = rest.split("\t", 1)[0].split(" ", 1)
            frags = []
            for frag in offs.split(";"):
                s, e = frag.split()
                frags.append({"start": int(s), "end": int(e)})
            spans[tid] = (label, frags)
        elif line[:1] == "E" and "\t" in line:
            rels.append(line.split("\t", 1)[1].split())
    relations = []
    for args in rels:
        role = dict(a.split(":", 1) for a in args)
        if "Content" not in role:
            continue
        relations.append({
            "source": spans[role["Source"]][1] if "Source" in role else None,
            "cue": spans[role["Cue"]][1] if "Cue" in role else None,
            "content": spans[role["Content"]][1],
        })
    return relations


def _match(a: Chars | None, b: Chars | None, mode: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if not a or not b:
        return False
    if mode == "exact":
        return a == b
    return len(a & b) / len(a | b) >= 0.5


def _same(a: dict[str, Chars | None], b: dict[str, Chars | None], *, roles: tuple[str, ...], mode: str) -> bool:
    return all(_match(a[k], b[k], mode) for k in roles)


def _greedy(golds: Sequence[Any], preds: Sequence[Any], ok: Callable[[Any, Any], bool]) -> int:
    used: set[int] = set()
    hits = 0
    for g in golds:
        for j, p in enumerate(preds):
            if j not in used and ok(g, p):
                used.add(j)
                hits += 1
                break
    return hits


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 in percent, rounded to one decimal as the reference scorer prints them."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1),
            "tp": tp, "pred": n_pred, "gold": n_gold}


def score(gold: Mapping[str, tuple[str, list[dict[str, Any]]]],
          preds: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, dict[str, float | int]]:
    """Every measure of the reference scorer: role/mode and relation[+cue]/mode -> P, R, F1 and counts."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc, (text, grels) in gold.items():
        prels = preds.get(doc, [])
        g = [{k: span_chars(text, r[k]) for k in ROLES} for r in grels]
        p = [{k: span_chars(text, r.get(k)) for k in ROLES} for r in prels]
        for mode in MODES:
            ok = partial(_match, mode=mode)
            for role in ROLES:
                gs = list({x[role] for x in g if x[role]})
                ps = list({x[role] for x in p if x[role]})
                c = counts[f"{role}/{mode}"]
                c[0] += _greedy(gs, ps, ok)
                c[1] += len(ps)
                c[2] += len(gs)
            for name, roles in (("relation", ("content", "source")), ("relation+cue", ("content", "source", "cue"))):
                c = counts[f"{name}/{mode}"]
                c[0] += _greedy(g, p, partial(_same, roles=roles, mode=mode))
                c[1] += len(p)
                c[2] += len(g)
    return {k: prf(*v) for k, v in sorted(counts.items())}


def prediction_row(a: Attribution) -> dict[str, Any]:
    """One attribution in the scorer's prediction format."""
    return {
        "source": None if a.source is None else {"start": a.source.start, "end": a.source.end},
        "cue": None if a.cue is None else {"start": a.cue.start, "end": a.cue.end},
        "content": [{"start": s.start, "end": s.end} for s in a.content],
    }


def prediction_rows(record: Record) -> list[dict[str, Any]]:
    """A record's attributions in the scorer's prediction format."""
    return [prediction_row(a) for a in record.attributions]


def relation_matches(text: str, gold: Sequence[Mapping[str, Any]], row: Mapping[str, Any]) -> bool:
    """Whether a predicted relation (a :func:`prediction_row`) matches one of ``gold`` as the
    scorer's relation/partial measure counts it: content and source each overlapping by half."""
    p = {k: span_chars(text, row.get(k)) for k in ROLES}
    return any(_same({k: span_chars(text, g[k]) for k in ROLES}, p, roles=("content", "source"), mode="partial")
               for g in gold)


def predict(gold_dir: str | os.PathLike[str], doc_ids: Iterable[str], *, model: str = DEFAULT_MODEL,
            workers: int = 1, min_confidence: float = 0.0) -> dict[str, list[dict[str, Any]]]:
    """Run the pipeline over ``text/<doc>.txt`` of each document and collect its attributions
    (those of ``min_confidence`` or more, as a reader with that floor sees them)."""
    from ..pipeline import Failure, process_many
    from ..state import Input

    text_dir = Path(gold_dir) / "text"
    ids = list(doc_ids)
    inputs = (Input(d, (text_dir / f"{d}.txt").read_bytes()) for d in ids)
    preds: dict[str, list[dict[str, Any]]] = {}
    for out in process_many(inputs, model=model, workers=workers):
        if isinstance(out, Failure):
            log.warning("no attributions for %s: %s", out.id, out.reason)
            continue
        preds[out.id] = prediction_rows(out.with_min_confidence(min_confidence))
    return preds


def evaluate(gold_dir: str | os.PathLike[str], *, model: str = DEFAULT_MODEL,
             workers: int = 1) -> dict[str, Any]:
    """Run the pipeline on a PolNeAR split folder and score its attributions.

    Returns ``{"measures": {name: {p, r, f1, tp, pred, gold}}, "documents": n, "failed": n}``;
    the measures are those of ``score_attributions.py GOLD_DIR PRED.jsonl``.
    """
    gold = read_gold(gold_dir)
    preds = predict(gold_dir, gold, model=model, workers=workers)
    return {"measures": score(gold, preds), "documents": len(gold), "failed": len(gold) - len(preds)}


def format_table(result: Mapping[str, Any]) -> str:
    """The measures as the reference scorer prints them."""
    measures = result.get("measures", result)
    lines = [f"{'measure':24} {'P':>6} {'R':>6} {'F1':>6}"]
    for k, v in measures.items():
        lines.append(f"{k:24} {v['p']:6.1f} {v['r']:6.1f} {v['f1']:6.1f}")
    return "\n".join(lines)
