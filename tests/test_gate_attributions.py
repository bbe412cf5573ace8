"""Evaluation gate: attribution figures on PolNeAR dev must not drop below the floors reached.

Runs the whole pipeline over ``polnear/dev`` (84 articles, about a minute of parsing on two
cores) and scores it as ``../shared/eval/score_attributions.py`` does. The floors sit a little
under the figures measured when they were set, so that a change elsewhere in the pipeline (which
lines layout keeps, for instance) can move them slightly without failing the gate, while a real
regression cannot pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.evaluation.attributions import evaluate, format_table

# F1 floors on polnear/dev, about a point under the figures measured when they were set
# (relation/partial 69.3, content/exact 60.7, source/exact 79.1, cue/exact 72.8; at the fifth
# session's end 69.3, 60.9, 78.9, 72.7).
FLOORS: dict[str, float] = {
    "relation/partial": 68.2,
    "content/exact": 59.6,
    "source/exact": 78.0,
    "cue/exact": 71.7,
}


@pytest.fixture(scope="module")
def dev_result(shared: Path) -> dict:  # type: ignore[type-arg]
    return evaluate(shared / "data" / "polnear" / "dev")


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_dev_floor(dev_result: dict, measure: str) -> None:  # type: ignore[type-arg]
    got = dev_result["measures"][measure]["f1"]
    assert got >= FLOORS[measure], f"{measure} F1 {got} < floor {FLOORS[measure]}\n{format_table(dev_result)}"


def test_every_dev_document_processed(dev_result: dict) -> None:  # type: ignore[type-arg]
    assert dev_result["documents"] == 84
    assert dev_result["failed"] == 0
