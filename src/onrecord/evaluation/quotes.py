"""Who said what on whole scraped pages, scored as ``../shared/eval/score_quotes.py`` scores it.

The gold (``data/quotes/dev/quotes.jsonl``) holds one line per quoted stretch or reported
clause of the article body, with its speaker's canonical name and aliases. :func:`score` is a
faithful reimplementation of the reference scorer (the test suite checks that both give the same
figures on the same records):

- a gold quote is *found* when one predicted statement's content parts cover at least half of
  its characters (the statement covering most is taken);
- its speaker is *right* when that statement's speaker entity is named as the gold speaker or an
  alias, honorifics, case, punctuation and a leading "the" aside, or shares the last word and is
  that word alone or starts with the same first word; a null gold speaker wants no entity;
- a predicted statement (kinds direct, indirect, mixed, according_to, report: beliefs and topics
  are not statements) is *true* when it covers half of some gold quote or half of its own
  characters lie inside gold quotes.

OVERALL is the gold quotes found with the right speaker over all gold quotes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..state import DEFAULT_MODEL

STATEMENT_KINDS = frozenset({"direct", "indirect", "mixed", "according_to", "report"})
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "sen",
    "senator", "rep", "representative", "gov", "governor", "president", "gen", "general", "col",
    "capt", "lt", "sgt", "rev", "judge", "justice", "mayor", "minister", "prime", "chancellor",
    "secretary", "the", "jr", "sr",
})


def name_words(name: str | None) -> list[str]:
    """A name's words as the scorer compares them: case folded, no "'s", no leading honorifics or
    "the", no trailing "Jr."/"Sr."."""
    if not name:
        return []
    s = re.sub(r"'s\b", "", name.casefold().replace("’", "'"))
    words = re.findall(r"[^\W_]+", s)
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    while words and words[-1] in {"jr", "sr"}:
        words = words[:-1]
    return words


def same_speaker(pred: str | None, gold: str | None, aliases: Sequence[str]) -> bool:
    """Whether a predicted speaker name is the gold speaker (or one of its aliases)."""
    if gold is None:
        return pred is None
    p = name_words(pred)
    if not p:
        return False
    for g in (gold, *aliases):
        gw = name_words(g)
        if gw and (p == gw or (p[-1] == gw[-1] and (len(p) == 1 or p[0] == gw[0]))):
            return True
    return False


def _parts(att: Mapping[str, Any]) -> list[tuple[int, int]]:
    c = att.get("content")
    if c is None:
        return []
    if isinstance(c, dict):
        c = [c]
    return [(int(s["start"]), int(s["end"])) for s in c if s and s.get("end", 0) > s.get("start", 0)]


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


def read_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """doc id -> its gold quotes, in file order."""
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                g = json.loads(line)
                gold[g["id"]].append(g)
    return dict(gold)


def score(gold: Mapping[str, Sequence[Mapping[str, Any]]], records: Mapping[str, Mapping[str, Any]],
          *, errors: list[str] | None = None) -> dict[str, Any]:
    """The reference scorer's counts and figures for ``records`` (doc id -> an onrecord/1 record
    as a dict). With ``errors``, each missed quote, wrong speaker and extra statement is appended
    to it as the scorer's ``--errors`` prints it."""
    n_gold = n_found = n_right = n_pred = n_true = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc, quotes in sorted(gold.items()):
        rec = records.get(doc, {"attributions": [], "entities": [], "text": ""})
        text = rec.get("text", "")
        names = {e["id"]: e.get("name") for e in rec.get("entities", [])}
        preds = [a for a in rec.get("attributions", []) if a.get("kind") in STATEMENT_KINDS]
        gold_spans = [(q["start"], q["end"]) for q in quotes]
        for q in quotes:
            n_gold += 1
            k = by_kind[q.get("kind", "?")]
            k[0] += 1
            best, best_cov = None, 0
            for a in preds:
                cov = _covered(_parts(a), q["start"], q["end"])
                if cov > best_cov:
                    best, best_cov = a, cov
            if best is None or best_cov * 2 < max(1, q["end"] - q["start"]):
                if errors is not None:
                    errors.append(f"MISSED  {doc} [{q['start']}:{q['end']}] {q.get('speaker')!r}: {q['content'][:90]!r}")
                continue
            n_found += 1
            k[1] += 1
            pred_name = names.get(best.get("speaker")) if best.get("speaker") else None
            if same_speaker(pred_name, q.get("speaker"), q.get("aliases") or []):
                n_right += 1
                k[2] += 1
            elif errors is not None:
                src = best.get("source")
                src_text = src.get("text") if isinstance(src, dict) else None
                errors.append(f"WRONG   {doc} [{q['start']}:{q['end']}] gold {q.get('speaker')!r} got {pred_name!r} "
                              f"(source {src_text!r}): {q['content'][:70]!r}")
        for a in preds:
            ps = _parts(a)
            own = sum(e - s for s, e in ps)
            if own == 0:
                continue
            n_pred += 1
            hit = any(_covered(ps, s, e) * 2 >= (e - s) for s, e in gold_spans)
            inside = sum(_covered(ps, s, e) for s, e in gold_spans)
            if hit or inside * 2 >= own:
                n_true += 1
            elif errors is not None:
                errors.append(f"EXTRA   {doc} {a.get('kind')} {text[ps[0][0]:ps[0][1]][:90]!r}")

    def pct(a: int, b: int) -> float:
        return 100.0 * a / b if b else 0.0

    found, precision = pct(n_found, n_gold), pct(n_true, n_pred)
    return {
        "documents": len(gold), "without_record": sum(1 for d in gold if d not in records),
        "gold": n_gold, "predicted": n_pred, "found": found, "n_found": n_found,
        "precision": precision, "n_true": n_true,
        "f1": 2 * found * precision / (found + precision) if found + precision else 0.0,
        "speaker_right": pct(n_right, n_found), "n_right": n_right,
        "by_kind": {kind: {"gold": g, "found": pct(f, g), "right": pct(r, g)} for kind, (g, f, r) in sorted(by_kind.items())},
        "overall": pct(n_right, n_gold),
    }


def format_table(r: Mapping[str, Any]) -> str:
    """The figures as the reference scorer prints them."""
    lines = [
        f"documents {r['documents']} (without a record: {r['without_record']})",
        f"gold quotes {r['gold']}, predicted statements {r['predicted']}",
        f"found      {r['found']:5.1f}  ({r['n_found']}/{r['gold']})",
        f"precision  {r['precision']:5.1f}  ({r['n_true']}/{r['predicted']})",
        f"F1         {r['f1']:5.1f}",
        f"speaker right among found {r['speaker_right']:5.1f}  ({r['n_right']}/{r['n_found']})",
    ]
    for kind, k in r["by_kind"].items():
        lines.append(f"  {kind:13s} gold {k['gold']:4d}  found {k['found']:5.1f}  right {k['right']:5.1f}")
    lines.append(f"OVERALL (found with the right speaker / gold) {r['overall']:5.1f}")
    return "\n".join(lines)


def extract_records(pages: str | Path, *, model: str = DEFAULT_MODEL, workers: int = 1) -> dict[str, dict[str, Any]]:
    """doc id -> record dict for every page under ``pages``, as ``onrecord extract PAGES`` makes them."""
    from ..inputs import find_documents, iter_inputs
    from ..pipeline import Failure, process_many

    records: dict[str, dict[str, Any]] = {}
    for out in process_many(iter_inputs(find_documents([str(pages)])), model=model, workers=workers):
        if not isinstance(out, Failure):
            records[out.id] = out.to_dict()
    return records


def read_records(lines: Iterable[str]) -> dict[str, dict[str, Any]]:
    """doc id -> record from JSON Lines (as ``onrecord extract --format jsonl`` prints them)."""
    out: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.strip():
            r = json.loads(line)
            out[r["id"]] = r
    return out
