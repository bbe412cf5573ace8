"""Speaker resolution against the gold speakers of PolNeAR dev (``shared/data/speakers``).

Two measures, both scored exactly as ``shared/eval/score_speakers.py`` scores
(:func:`score` is a faithful reimplementation; the gate test checks that the
two agree):

- :func:`evaluate`, end to end: the whole pipeline runs, and each gold source
  mention must be found among the attributions' sources and resolve to the
  right speaker. This is the figure of the issue, and depends on the
  attributions stage finding the sources.
- :func:`oracle`: the pipeline runs up to the entities stage, then every gold
  source span becomes an attribution whose speaker comes from
  :func:`onrecord.stages.entities.resolve_speaker`. Found is 100% by
  construction, so the score measures the entities stage alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..model import Attribution, Record, Span
from ..state import DEFAULT_MODEL, Input, Options, State

# ---------------------------------------------------------------------------
# the reference scorer's logic


def _chars(text: str, span: dict[str, Any] | list[dict[str, Any]]) -> set[int]:
    parts = span if isinstance(span, list) else [span]
    out: set[int] = set()
    for p in parts:
        for i in range(p["start"], min(p["end"], len(text))):
            c = text[i]
            if not (c.isspace() or unicodedata.category(c)[0] in "PZS"):
                out.add(i)
    return out


def norm(name: str | None) -> str:
    """The scorer's name normalization: lower case, no leading "the", no "'s"."""
    n = unicodedata.normalize("NFKC", name or "").lower().replace("\u2019", "'")
    n = re.sub(r"'s$", "", n.strip())
    n = re.sub(r"^the\s+", "", n)
    return re.sub(r"\s+", " ", n).strip(" .,")


def judge(gold: dict[str, Any], record: dict[str, Any] | None) -> tuple[bool, bool, dict[str, Any] | None]:
    """(found, resolved, the matched attribution) for one gold source mention, as the scorer decides."""
    if not record:
        return False, False, None
    text = record["text"]
    gc = _chars(text, gold["source"])
    best, best_j = None, 0.0
    for a in record.get("attributions", []):
        if not a.get("source"):
            continue
        pc = _chars(text, a["source"])
        j = len(gc & pc) / len(gc | pc) if gc | pc else 0.0
        if j > best_j:
            best, best_j = a, j
    if best is None or best_j < 0.5:
        return False, False, None
    ents = {e["id"]: e for e in record.get("entities", [])}
    name = norm(ents.get(best.get("speaker"), {}).get("name"))
    aliases = {norm(x) for x in (gold.get("aliases") or []) + [gold.get("canonical") or ""] if x}
    if gold.get("canonical"):
        ok = bool(name) and name in aliases
    elif gold["type"] in ("anonymous", "group"):
        ok = best.get("speaker_type") in ("anonymous", "group")
    else:
        ok = best.get("speaker_type") == gold["type"]
    return True, ok, best


def score(gold_rows: Sequence[dict[str, Any]], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """found%, accuracy% and overall% with counts by gold type: the reference scorer's result."""
    found = resolved = 0
    by_type: dict[str, list[int]] = {}
    for g in gold_rows:
        t = by_type.setdefault(g["type"], [0, 0, 0])
        t[0] += 1
        f, ok, _ = judge(g, records.get(g["id"]))
        found += f
        resolved += ok
        t[1] += f
        t[2] += ok
    n = len(gold_rows)

    def pct(a: int, b: int) -> float:
        return round(100 * a / b, 1) if b else 0.0

    return {"gold": n, "found": pct(found, n), "accuracy": pct(resolved, found), "overall": pct(resolved, n),
            "by_type": {k: {"gold": v[0], "found": v[1], "resolved": v[2]} for k, v in sorted(by_type.items())}}


def format_table(result: dict[str, Any]) -> str:
    """The result as the reference scorer prints it (documents the pipeline failed on first)."""
    lines = [f"failed: {f}" for f in result.get("failures", ())]
    lines += [f"{k:13} gold {v['gold']:4}  found {v['found']:4}  resolved {v['resolved']:4}"
              for k, v in result["by_type"].items()]
    lines.append(f"found {result['found']}%  accuracy {result['accuracy']}%  overall {result['overall']}%"
                 f"  (gold {result['gold']})")
    return "\n".join(lines)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------------------
# running the pipeline on the gold documents


def _inputs(ids: Iterable[str], polnear_dir: Path) -> list[Input]:
    text_dir = polnear_dir / "text" if (polnear_dir / "text").is_dir() else polnear_dir
    return [Input(i, (text_dir / f"{i}.txt").read_bytes()) for i in ids]


def run_until(inputs: Sequence[Input], last: str, *, model: str = DEFAULT_MODEL) -> list[State]:
    """The states of ``inputs`` after the pipeline's stages up to and including ``last``."""
    from ..pipeline import STAGES, Failure, _run_batch

    options = Options(model=model)
    states: list[Any] = [State(i) for i in inputs]
    for stage in STAGES:
        live = [s for s in states if isinstance(s, State)]
        out = iter(_run_batch(stage, live, options))
        states = [next(out) if isinstance(s, State) else s for s in states]
        if stage.NAME == last:
            break
    bad = [s for s in states if isinstance(s, Failure)]
    if bad:
        raise RuntimeError(f"the pipeline failed on {len(bad)} gold documents, first: {bad[0]}")
    return states


def oracle_record(record: Record, gold_rows: Sequence[dict[str, Any]], *, parsed: Any = None) -> Record:
    """``record`` with one attribution per gold source mention: the gold source span, the speaker
    from the document's :class:`SpeakerResolver`. Several gold parts become the span that covers them."""
    from ..stages.entities import SpeakerResolver

    text = record.text
    speakers = SpeakerResolver(text, record.entities)
    atts = []
    for n, g in enumerate(gold_rows, 1):
        src = Span.of(text, min(p["start"] for p in g["source"]), max(p["end"] for p in g["source"]))
        speaker, kind = speakers.speaker(src)
        atts.append(Attribution(f"a{n}", "direct", (src,), source=src, speaker=speaker, speaker_type=kind))
    ents, with_groups = speakers.source_entities(atts)
    return record.replace(entities=ents, attributions=with_groups)


def oracle_from_records(gold: Sequence[dict[str, Any]], records: dict[str, Record]) -> dict[str, Any]:
    """The oracle score over records that have been through the entities stage."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        rows.setdefault(g["id"], []).append(g)
    out = {i: oracle_record(records[i], rs).to_dict() for i, rs in rows.items() if i in records}
    return score(gold, out)


def oracle(speakers_jsonl: str | Path, polnear_dev_dir: str | Path, *, model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Speaker resolution on the gold source spans (the entities stage alone, see module docstring)."""
    gold = read_jsonl(speakers_jsonl)
    ids = sorted({g["id"] for g in gold})
    states = run_until(_inputs(ids, Path(polnear_dev_dir)), "entities", model=model)
    return oracle_from_records(gold, {s.record.id: s.record for s in states if s.record is not None})


def evaluate(speakers_jsonl: str | Path, polnear_dev_dir: str | Path, *, model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """End-to-end speaker resolution: the whole pipeline's attributions scored against the gold.

    The result is the scorer's, plus ``failures``: the documents the pipeline failed on (their
    gold mentions count as not found)."""
    from ..pipeline import Failure, process_many

    gold = read_jsonl(speakers_jsonl)
    ids = sorted({g["id"] for g in gold})
    records = {}
    failures = []
    for out in process_many(_inputs(ids, Path(polnear_dev_dir)), model=model):
        if isinstance(out, Failure):
            failures.append(str(out))  # scored as not found, and said so
        else:
            records[out.id] = out.to_dict()
    result = score(gold, records)
    result["failures"] = failures
    return result


__all__ = ["evaluate", "format_table", "judge", "norm", "oracle", "oracle_from_records", "oracle_record",
           "read_jsonl", "run_until", "score"]
