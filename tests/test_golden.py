"""Golden records of the example articles (examples/, written for onrecord).

Each article's whole record is kept in ``tests/golden/<name>.json``. The test
compares a readable view of it (:func:`view`): the text, the line labels, the
metadata, and every entity, attribution, quantity and time by its text and
values. Offsets are covered by the span invariant, ids and confidences are
left out, so that a renumbering does not fail it but a changed reading does.

When a stage improves, regenerate and review the change:

    ONRECORD_UPDATE_GOLDEN=1 pytest tests/test_golden.py && git diff tests/golden
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from onrecord import process
from onrecord.model import Record, check_spans
from onrecord.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("ONRECORD_UPDATE_GOLDEN") == "1"

# Each example with the publication date a caller would pass (None: relative times stay symbolic).
EXAMPLES: dict[str, str | None] = {
    "port-authority.txt": "2024-05-17",
    "school-board.txt": "2017-03-08",
    "flood-relief.html": "2019-06-14",
    "chip-plant.txt": None,
}


def _span(s: dict[str, Any] | None) -> str | None:
    return None if s is None else s["text"]


def view(d: dict[str, Any]) -> dict[str, Any]:
    """The parts of a record a reader checks, keyed by text rather than by offset or id."""
    text = d["text"]
    names = {e["id"]: e["name"] for e in d["entities"]}
    return {
        "id": d["id"], "published": d["published"], "sha256": d["sha256"], "text": text,
        "lines": [f"{x['kind']}: {text[x['start']:x['end']]}" for x in d["lines"] if x["kind"] != "blank"],
        "body": d["body"],
        "meta": {
            "headline": _span(d["meta"]["headline"]),
            "authors": [[_span(a["name"]), _span(a.get("role"))] for a in d["meta"]["authors"]],
            "publisher": (d["meta"]["publisher"] or {}).get("name"),
            "dateline": _span(d["meta"]["dateline"]),
            "licence": _span(d["meta"]["licence"]),
        },
        "entities": sorted(f"{e['type']} {e['name']}: " + " | ".join(m["text"] for m in e["mentions"])
                           for e in d["entities"]),
        "attributions": [
            {"kind": a["kind"], "source": _span(a["source"]), "cue": _span(a["cue"]),
             "content": [_span(x) for x in a["content"]], "speaker": names.get(a["speaker"]),
             "speaker_type": a["speaker_type"], "addressee": _span(a.get("addressee")), "hedged": a["hedged"]}
            for a in d["attributions"]
        ],
        "quantities": [f"{_span(q['span'])}: {q['kind']} {q['low']}..{q['high']} value={q['value']} "
                       f"counted={q['counted']}" for q in d["quantities"]],
        "times": [f"{_span(t['span'])}: {t['type']} {t['value']} {t['start']}..{t['end']}" for t in d["times"]],
        "warnings": d["warnings"],
    }


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return {name: process((ROOT / "examples" / name).read_bytes(), id=Path(name).stem, published=pub)
            for name, pub in EXAMPLES.items()}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_golden_record(records: dict[str, Record], name: str) -> None:
    record = records[name]
    assert check_spans(record) == []
    got = record.to_dict()
    path = GOLDEN / f"{Path(name).stem}.json"
    if UPDATE or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing golden file {path}; review and commit it")
        return
    want = json.loads(path.read_text(encoding="utf-8"))
    if view(got) != view(want):
        diff = difflib.unified_diff(_lines(view(want)), _lines(view(got)), "golden", "now", lineterm="", n=1)
        pytest.fail(f"{name}: the record changed; if the change is an improvement, regenerate with "
                    f"`ONRECORD_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review `git diff tests/golden`\n"
                    + "\n".join(diff))


def _lines(v: dict[str, Any]) -> list[str]:
    return json.dumps(v, ensure_ascii=False, indent=1).splitlines()


def test_golden_files_are_valid_records_that_round_trip_through_the_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "golden.db") as store:
        for path in sorted(GOLDEN.glob("*.json")):
            record = Record.from_dict(json.loads(path.read_text(encoding="utf-8")))
            assert check_spans(record) == []
            store.add([record])
            assert store.record(record.sha256) == record


def test_the_example_article_has_what_the_readme_promises(records: dict[str, Record]) -> None:
    """Not a golden snapshot: the boilerplate the example was written to show stays out of the body."""
    body = records["port-authority.txt"].body
    for line in ("Font Size:", "Follow Mara on Twitter", "Harbor Ledger logo"):
        assert line not in body
    assert "I have done nothing wrong" in body
