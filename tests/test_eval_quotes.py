"""`onrecord eval quotes`: the same figures as ../shared/eval/score_quotes.py on the same records
(records and gold written here, for an invented page), and its speaker-name matching rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.evaluation import quotes

PAGE = ('Harbor board backs dredging plan\n\n'
        '"We have waited long enough," said Mara Quint, the board chair. "The port needs this."\n\n'
        'Ms. Quint told reporters that the vote was unanimous. Critics said the cost was too high.\n\n'
        'According to the Lakeport Gazette, the contract was paid twice.\n')


def _span(text: str, s: str, start: int = 0) -> dict[str, Any]:
    i = text.index(s, start)
    return {"start": i, "end": i + len(s), "text": s}


def _gold() -> list[dict[str, Any]]:
    rows = []
    for s, kind, speaker, aliases in [
        ("We have waited long enough,", "direct", "Mara Quint", ["Quint", "Ms. Quint"]),
        ("The port needs this.", "direct", "Mara Quint", ["Quint"]),
        ("the vote was unanimous", "indirect", "Mara Quint", ["Quint"]),
        ("the cost was too high", "indirect", None, []),
        ("the contract was paid twice", "according_to", "Lakeport Gazette", []),
    ]:
        sp = _span(PAGE, s)
        rows.append({"id": "harbor", "start": sp["start"], "end": sp["end"], "content": s, "kind": kind,
                     "speaker": speaker, "aliases": aliases, "speaker_type": "person", "source_text": "", "cue": ""})
    return rows


def _records() -> list[dict[str, Any]]:
    """One record with a right speaker, a wrong one, a speaker for an unnamed source, a miss, a
    topic (never counted) and an extra statement."""
    ents = [{"id": "e1", "name": "Mara Quint", "type": "PERSON", "mentions": []},
            {"id": "e2", "name": "Port Authority", "type": "ORG", "mentions": []}]
    atts = [
        {"id": "a1", "kind": "direct", "content": [_span(PAGE, '"We have waited long enough,"'),
                                                  _span(PAGE, '"The port needs this."')], "speaker": "e1"},
        {"id": "a2", "kind": "indirect", "content": [_span(PAGE, "that the vote was unanimous")], "speaker": "e2"},
        {"id": "a3", "kind": "indirect", "content": _span(PAGE, "the cost was too high"), "speaker": "e1"},
        {"id": "a4", "kind": "topic", "content": [_span(PAGE, "dredging plan")], "speaker": None},
        {"id": "a5", "kind": "report", "content": [_span(PAGE, "Harbor board backs")], "speaker": None},
    ]
    return [{"id": "harbor", "text": PAGE, "entities": ents, "attributions": atts},
            {"id": "other", "text": "Nothing said here.", "entities": [], "attributions": []}]


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold, recs = tmp_path / "gold.jsonl", tmp_path / "records.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in _gold()), encoding="utf-8")
    recs.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    return gold, recs


def test_counts_on_an_invented_page(files: tuple[Path, Path]) -> None:
    gold, recs = files
    with recs.open(encoding="utf-8") as f:
        r = quotes.score(quotes.read_gold(gold), quotes.read_records(f))
    assert (r["gold"], r["n_found"], r["n_right"]) == (5, 4, 2)  # the Gazette's is missed; a2, a3 wrong
    assert (r["predicted"], r["n_true"]) == (4, 3)  # the topic is no statement; the headline is extra
    assert r["overall"] == pytest.approx(40.0)


def test_the_command_prints_what_the_reference_scorer_prints(shared: Path, files: tuple[Path, Path]) -> None:
    gold, recs = files
    for extra in ([], ["--errors"]):
        ref = subprocess.run([sys.executable, str(shared / "eval/score_quotes.py"), str(gold), str(recs), *extra],
                             capture_output=True, text=True, check=True).stdout
        ours = CliRunner().invoke(cli, ["eval", "quotes", str(gold), "--records", str(recs), *extra])
        assert ours.exit_code == 0, ours.output
        assert ours.output == ref


@pytest.mark.parametrize(("pred", "gold", "aliases", "right"), [
    ("Mara Quint", "Mara Quint", [], True),
    ("Quint", "Mara Quint", [], True),  # the last name alone
    ("Mara J. Quint", "Mara Quint", [], True),  # same first and last word
    ("Dov Quint", "Mara Quint", [], False),
    ("Sen. Mara Quint", "Mara Quint", [], True),  # honorifics aside
    ("the Lakeport Gazette", "Lakeport Gazette", [], True),
    ("LPG", "Lakeport Gazette", ["LPG"], True),
    (None, None, [], True),  # an unnamed source wants no entity
    ("Mara Quint", None, [], False),
    (None, "Mara Quint", [], False),
])
def test_same_speaker(pred: str | None, gold: str | None, aliases: list[str], right: bool) -> None:
    assert quotes.same_speaker(pred, gold, aliases) is right


@pytest.mark.parametrize(("floor", "predicted", "true", "found"), [
    ("0", 4, 3, 4),
    ("0.5", 3, 3, 4),  # the extra statement (confidence 0.4) goes; nothing found is lost
    ("0.85", 1, 1, 2),  # only a1 (0.9) is left: it covers two gold quotes
])
def test_a_confidence_floor_scores_what_a_reader_with_that_floor_sees(
        tmp_path: Path, floor: str, predicted: int, true: int, found: int) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in _gold()), encoding="utf-8")
    confidence = {"a1": 0.9, "a2": 0.8, "a3": 0.7, "a4": 0.6, "a5": 0.4}
    recs = tmp_path / "records.jsonl"
    recs.write_text("".join(json.dumps(dict(r, attributions=[dict(a, confidence=confidence[a["id"]])
                                                             for a in r["attributions"]])) + "\n"
                            for r in _records()), encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", "quotes", str(gold), "--records", str(recs), "--json",
                                   "--min-confidence", floor])
    assert out.exit_code == 0, out.output
    r = json.loads(out.stdout)
    assert (r["predicted"], r["n_true"], r["n_found"]) == (predicted, true, found)
