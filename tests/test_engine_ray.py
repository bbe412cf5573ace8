"""The Ray runner against the local path: same records, failures kept as rows, flat tables that add up.

Runs a real local Ray instance (2 CPUs) on a handful of articles written for
this test; skipped when the ``ray`` extra is not installed
(``pip install -e '.[ray,test]'``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("ray")
pytest.importorskip("ray.data")

import pyarrow.parquet as pq

from onrecord import Input, Record, process_many
from onrecord.engines import parquet, ray_runner
from onrecord.errors import UsageError

ARTICLES = {
    "harbor": (
        "Port Authority Chief Resigns Amid Dredging Inquiry\n\n"
        "The head of the Lakeport port authority resigned on Friday, two weeks after auditors "
        "questioned a $40 million dredging contract.\n\n"
        "\"I have done nothing wrong,\" Dov Arlen told reporters outside his home. \"But the port "
        "deserves a leader without a cloud over him.\"\n\n"
        "Arlen, who ran the authority for almost nine years, said that he would cooperate with the "
        "inquiry. The Lakeport Gazette reported last month that dozens of invoices had been paid twice.\n"
    ),
    "transit": (
        "City Council Approves Bus Fare Freeze\n\n"
        "The Riverton city council voted 7-2 on Tuesday to freeze bus fares at $2.50 until the end of 2026.\n\n"
        "\"Working families cannot absorb another increase,\" said council member Ines Calloway, who "
        "sponsored the measure. Transit director Paul Brenner warned that the freeze would cost the "
        "agency about 3 percent of its annual revenue.\n\n"
        "According to the agency's budget office, ridership has grown by 12% since 2022.\n"
    ),
    "flood": (
        "Hundreds Evacuated as River Breaks Its Banks\n\n"
        "More than 300 residents of Millbrook were moved to emergency shelters overnight after the "
        "Carran River rose four metres in six hours.\n\n"
        "\"We have never seen water come up this fast,\" fire chief Odette Varga said on Sunday. She "
        "told local radio that crews had rescued 41 people from rooftops.\n\n"
        "The regional government said it would release 5 million euros in emergency aid next week.\n"
    ),
    "chips": (
        "Chipmaker Delays New Plant by a Year\n\n"
        "Norvale Semiconductor said on Wednesday it would open its Arizona factory in 2027, a year "
        "later than planned, citing a shortage of skilled workers.\n\n"
        "\"We would rather be late than be wrong,\" chief executive Hana Okafor told analysts on a call. "
        "Shares fell 4.2 percent in early trading.\n"
    ),
}


@pytest.fixture(scope="module")
def ray_local():  # type: ignore[no-untyped-def]
    """One local Ray instance for the module: starting Ray costs seconds, so the runs share it."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield ray
    ray.shutdown()


def _by_id(records: object) -> dict[str, dict[str, object]]:
    return {r.id: r.to_dict() for r in records}  # type: ignore[attr-defined]


def _rows(out: Path, table: str) -> list[dict[str, object]]:
    return pq.read_table(out / table).to_pylist()  # type: ignore[no-any-return]


def test_folder_of_files_matches_local_path(ray_local, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (src / "notes.csv").write_text("not,an,article\n")  # not walked, as `onrecord extract DIR` skips it
    out = tmp_path / "out"

    summary = ray_runner.run(src, out, workers=2, batch_size=16)

    local = list(process_many(
        [Input(p.stem, p.read_bytes()) for p in sorted(src.glob("*.txt"))], batch_size=16))
    local_records = [o for o in local if isinstance(o, Record)]
    local_failures = {o.id: o for o in local if not isinstance(o, Record)}
    ray_records = list(parquet.read_records(out))
    assert _by_id(ray_records) == _by_id(local_records)
    assert sorted(ARTICLES) == sorted(r.id for r in ray_records)

    # Failures are rows with the same stage and reason as the local path, never lost.
    failures = {f.id: f for f in parquet.read_failures(out)}
    assert sorted(failures) == ["empty", "logo"] == sorted(local_failures)
    for key, f in failures.items():
        assert (f.stage, f.reason) == (local_failures[key].stage, local_failures[key].reason)
    assert summary.records == 4 and summary.failures == 2 and summary.documents == 6

    # The flat tables add up to the records' items, row for row.
    assert len(_rows(out, "attributions")) == sum(len(r.attributions) for r in ray_records) == summary.attributions
    assert len(_rows(out, "entities")) == sum(len(r.entities) for r in ray_records)
    assert len(_rows(out, "mentions")) == sum(len(m.mentions) for r in ray_records for m in r.entities)
    assert len(_rows(out, "quantities")) == sum(len(r.quantities) for r in ray_records)
    assert len(_rows(out, "times")) == sum(len(r.times) for r in ray_records)
    texts = {r.id: r.text for r in ray_records}
    for row in _rows(out, "quantities") + _rows(out, "times"):
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]  # type: ignore[index]
    harbor = next(r for r in _rows(out, "records") if r["id"] == "harbor")
    assert harbor["headline"] == "Port Authority Chief Resigns Amid Dredging Inquiry"
    assert harbor["origin"] == str(src / "harbor.txt")
    manifest = json.loads((out / parquet.MANIFEST).read_text())
    assert manifest["counts"]["records"] == 4 and manifest["workers"] == 2


def test_jsonl_input_with_dates_matches_local_path(ray_local, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [{"id": name, "text": text, "published": f"2024-03-0{n}"}
            for n, (name, text) in enumerate(sorted(ARTICLES.items()), 1)]
    src = tmp_path / "feed.jsonl"
    # Lines a feed should not have, each of which once failed the whole job: a number for a text,
    # a broken line, a byte that is not UTF-8, a lone surrogate in an id.
    bad = [b'{"id": "typed", "text": 7}', b'{"id": "cut", "text": "The mayor sa', b'{"id": "x", "text": "caf\xe9"}']
    lone = b'{"id": "\\ud800wire", "text": ' + json.dumps(ARTICLES["flood"]).encode() + b"}"
    src.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in rows) + b"\n".join(bad + [lone]) + b"\n")
    out = tmp_path / "out"

    summary = ray_runner.run(src, out, workers=1)

    local = process_many([Input(r["id"], r["text"], r["published"]) for r in rows])
    ray_records = list(parquet.read_records(out))
    assert _by_id(ray_records[:4]) == _by_id(local)
    assert {r.id: r.published for r in ray_records[:4]} == {r["id"]: r["published"] for r in rows}
    assert ray_records[4].id == "\ufffdwire"
    failures = list(parquet.read_failures(out))
    assert [f.origin for f in failures] == [f"{src}:{n}" for n in (5, 6, 7)]
    assert all(f.stage == "read" for f in failures)
    assert summary.records == 5 and summary.failures == 3


def test_parquet_input_with_date_column_matches_local_path(ray_local, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime

    import pyarrow as pa

    names = sorted(ARTICLES)
    table = pa.table({
        "id": names, "text": [ARTICLES[n] for n in names],
        "published": pa.array([datetime.date(2023, 11, n) for n in range(1, len(names) + 1)], pa.date32()),
        "url": [f"https://news.example/{n}" for n in names],
    })
    src = tmp_path / "docs"
    src.mkdir()
    pq.write_table(table.slice(0, 2), src / "part-0.parquet")
    pq.write_table(table.slice(2), src / "part-1.parquet")
    out = tmp_path / "out"

    summary = ray_runner.run(src, out, workers=1)

    local = process_many([Input(n, ARTICLES[n], f"2023-11-0{k}", f"https://news.example/{n}")
                          for k, n in enumerate(names, 1)])
    assert _by_id(parquet.read_records(out)) == _by_id(local)
    assert summary.records == 4 and summary.failures == 0
    assert _rows(out, "failures") == []


def test_a_folder_with_a_latin1_name_a_pipe_and_a_link_loop(ray_local, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each fails (or is read) alone, as `onrecord extract` does, and a failed run keeps the last output."""
    import os

    src = tmp_path / "in"
    src.mkdir()
    (src / "harbor.txt").write_text(ARTICLES["harbor"], encoding="utf-8")
    with open(os.path.join(os.fsencode(src), b"transit-caf\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(ARTICLES["transit"])
    os.mkfifo(src / "pipe.txt")
    (src / "loop.txt").symlink_to("loop.txt")
    out = tmp_path / "out"

    summary = ray_runner.run(src, out, workers=2, batch_size=2)

    assert sorted(r.id for r in parquet.read_records(out)) == ["harbor", "transit-caf\\xe9"]
    reasons = {f.id: f.reason for f in parquet.read_failures(out)}
    assert sorted(reasons) == ["loop", "pipe"] and "named pipe" in reasons["pipe"]
    assert summary.documents == 4

    with pytest.raises(UsageError, match="does not exist"):
        ray_runner.run(tmp_path / "nowhere", out, workers=1)
    assert parquet.is_output_dir(out) and summary.records == len(list(parquet.read_records(out)))


def test_run_prints_onrecord_s_lines_only_and_ray_s_with_v(tmp_path: Path) -> None:
    """A fresh Ray instance through the real command line: Ray's start-up warnings, its C++
    core's lines and Ray Data's notes stay off the terminal unless -v."""
    import os
    import subprocess
    import sys

    for name in ("harbor", "chips"):
        (tmp_path / f"{name}.txt").write_text(ARTICLES[name], encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "onrecord", "run", "--input", str(tmp_path), "--output",
                          str(tmp_path / "out"), "--workers", "1"], capture_output=True, text=True, timeout=300,
                         check=False, env={k: v for k, v in os.environ.items() if k != "RAY_BACKEND_LOG_LEVEL"})
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("onrecord: 2 documents on 1 Ray workers: 2 ok"), run.stderr
