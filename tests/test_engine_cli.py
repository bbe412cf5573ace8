"""The command line's side of the Ray engine: the install hint without Ray, and ingest of a run's folder.

Neither needs Ray: the run's output folder is written here with the Parquet layout's own writer.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.engines import parquet
from onrecord.model import Record, Span
from onrecord.pipeline import Failure

TEXT = "Mayor Quits\n\n\"It is time,\" Mayor Lena Ortiz said on Monday."


def test_run_without_ray_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    (tmp_path / "a.txt").write_text(TEXT)
    result = CliRunner().invoke(cli, ["run", "--engine", "ray", "--input", str(tmp_path),
                                      "--output", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "pip install 'onrecord[ray]'" in result.output
    assert not (tmp_path / "out").exists()


def test_ingest_loads_a_run_folder_into_the_store(tmp_path: Path) -> None:
    rec = Record(id="mayor", text=TEXT, published="2024-01-08")
    rec = rec.replace(meta=rec.meta.__class__(headline=Span.of(TEXT, 0, 11)))
    run = tmp_path / "run"
    rows: dict[str, list[dict[str, object]]] = parquet.record_rows(rec, origin="in/mayor.txt", input_hash="00")
    rows["failures"] = [parquet.failure_row(Failure("blank", "read", "empty document", origin="in/blank.txt"))]
    for table in parquet.TABLES:
        parquet.write_table(rows[table], table, run / table / "part-0.parquet")
    (run / parquet.MANIFEST).write_text(json.dumps({"format": parquet.FORMAT}))
    db = tmp_path / "c.db"

    result = CliRunner().invoke(cli, ["ingest", str(run), "--db", str(db)])

    assert result.exit_code == 1, result.output  # one document failed in the run: said by the exit status
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, origin, headline FROM documents").fetchall() == [
            ("mayor", "in/mayor.txt", "Mayor Quits")]
        assert conn.execute("SELECT id, stage, origin FROM failures").fetchall() == [
            ("blank", "read", "in/blank.txt")]


@pytest.mark.parametrize("verbose, to_driver, level", [
    (False, False, "ERROR"),  # the user's terminal gets onrecord's lines only
    (True, True, "INFO"),  # -v: Ray's own logs, the actors' included
])
def test_ray_is_quiet_unless_verbose(verbose: bool, to_driver: bool, level: str) -> None:
    import logging

    from onrecord.engines.ray_runner import ray_log_options

    options, env, data_level = ray_log_options(verbose)
    assert options["log_to_driver"] is to_driver
    assert logging.getLevelName(options["logging_level"]) == logging.getLevelName(data_level) == level
    assert ("RAY_BACKEND_LOG_LEVEL" in env) is not verbose


@pytest.mark.parametrize("quiet, shown", [(True, "after\n"), (False, "during\nafter\n")])
def test_ray_start_up_lines_written_to_the_stderr_descriptor_are_dropped_when_quiet(
        capfd: pytest.CaptureFixture[str], quiet: bool, shown: str) -> None:
    import os

    from onrecord.engines.ray_runner import _quiet_stderr

    with _quiet_stderr(quiet):
        os.write(2, b"during\n")  # as Ray's C++ core writes, below Python's sys.stderr
    os.write(2, b"after\n")
    assert capfd.readouterr().err == shown
