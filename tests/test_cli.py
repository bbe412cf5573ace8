"""The command line, asserted through the store it writes (not by scraping its tables), and the
issue's mixed batch: every readable document gives a record, every bad one one named line."""

from __future__ import annotations

import base64
import codecs
import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.model import Record, check_spans
from onrecord.store import Store

ARTICLE = ("Council Approves Harbour Budget\n\n"
           '"We will finish the pier by spring," Mayor Ada Lind told reporters on Monday.\n\n'
           "Lind said that interest rates would decide the cost of the loan.\n")


def _invented(n: int) -> str:
    return (f"Ferry Service Resumes On Route {n}\n\n"
            f'"Boats will run every {n + 10} minutes," said Captain Ola Berg{n}.\n')


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The issue's mixed batch: empty, binary, Latin-1, UTF-16, HTML, NUL bytes, a 2 MB line."""
    d = tmp_path_factory.mktemp("batch")
    files = {
        "empty": (d / "empty.txt", b""),
        "binary": (d / "scan.txt", b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(4000)),
        "latin1": (d / "latin1.txt", ("Caf\u00e9 Owner Wins Appeal\n\n\u201cJustice was done,\u201d "
                                      "the owner, Ren\u00e9 Dupr\u00e9, said on Tuesday.\n").encode("cp1252")),
        "utf16": (d / "utf16.txt", ARTICLE.encode("utf-16")),
        "page": (d / "page.html", (
            "<!DOCTYPE html><html><head><title>Dam Repairs Begin</title></head><body><article>"
            "<h1>Dam Repairs Begin</h1><p>Repairs to the old dam began on Wednesday after months of delay, "
            "the water board said in a statement.</p><p>\u201cIt is safe,\u201d said engineer Tove Lund, "
            "who leads the work on the site.</p></article></body></html>").encode("utf-8")),
        "nul": (d / "nul.txt", _invented(1).encode().replace(b"Ferry", b"Fer\x00ry", 1)),
        # A scraped one-line data dump of 2 MB: more text than --max-chars lets the parser take.
        "long": (d / "long.txt", b"Dump: " + base64.b64encode(random.Random(1).randbytes(1_500_000))
                 .replace(b"/", b"y").replace(b"+", b"x")),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {k: p for k, (p, _) in files.items()}


READABLE = {"latin1", "utf16", "page", "nul"}
BAD = {"empty": "empty document", "binary": "binary file",
       "long": "characters, over the 1,000,000 the parser is given (parsing takes about 0.3 GB per million"}


def _ids(batch: dict[str, Path], keys: set[str]) -> set[str]:
    return {batch[k].stem for k in keys}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_extract_one_file_prints_one_json_record(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path), "--published", "2021-03-08"])
    assert result.exit_code == 0, result.output
    record = Record.from_dict(json.loads(result.stdout))
    assert (record.id, record.published, record.text) == ("budget", "2021-03-08", ARTICLE)
    assert check_spans(record) == []


def test_mixed_batch_extract_prints_records_and_one_named_line_per_bad_document(
        runner: CliRunner, batch: dict[str, Path]) -> None:
    result = runner.invoke(cli, ["extract", *map(str, batch.values())])
    assert result.exit_code == 1
    records = [Record.from_dict(json.loads(line)) for line in result.stdout.splitlines()]
    assert {r.id for r in records} == _ids(batch, READABLE)
    assert all(check_spans(r) == [] for r in records)
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == len(BAD)
    for key, reason in BAD.items():
        assert any(str(batch[key]) in line and reason in line for line in errors)
    assert "Traceback" not in result.output


def test_mixed_batch_ingest_stores_every_readable_document_and_a_failure_row_per_bad_one(
        runner: CliRunner, batch: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "batch.db"
    args = ["ingest", *map(str, batch.values()), "--db", str(db), "--batch-size", "2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    with Store.open(db, readonly=True) as store:
        assert store.integrity() == "ok"
        docs = store.documents(limit=None)
        assert {d.id for d in docs} == _ids(batch, READABLE)
        assert {d.origin for d in docs} == {str(batch[k]) for k in READABLE}
        failures = store.failures()
        assert {(f.id, f.stage) for f in failures} == {(batch[k].stem, "read") for k in BAD}
        assert all(BAD[k] in f.reason for k in BAD for f in failures if f.id == batch[k].stem)
        latin1 = store.record(batch["latin1"].stem)
        assert latin1 is not None and "Ren\u00e9 Dupr\u00e9" in latin1.text
    # Running the same ingest again adds nothing and keeps one failure row per document.
    again = runner.invoke(cli, args)
    assert again.exit_code == 1
    with Store.open(db, readonly=True) as store:
        assert store.count() == len(READABLE)
        assert [f.count for f in store.failures()] == [2, 2, 2]


def test_mixed_batch_via_the_real_console_entry_shows_no_traceback(batch: dict[str, Path]) -> None:
    small = [str(batch[k]) for k in ("empty", "binary", "nul")]
    proc = subprocess.run([sys.executable, "-m", "onrecord", "extract", *small], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["id"] == "nul"  # one readable document: plain JSON
    lines = proc.stderr.strip().splitlines()
    assert [ln for ln in lines if ln.startswith("onrecord: error:")] == [
        f"onrecord: error: {batch['empty']}: empty document",
        f"onrecord: error: {batch['binary']}: binary file (an image, archive, document or executable), not text",
    ]
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "sub").mkdir()
    (d / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    for n in range(3):
        (d / "sub" / f"ferry{n}.txt").write_text(_invented(n), encoding="utf-8")
    (d / "notes.md").write_text("not an article", encoding="utf-8")  # not walked: not .txt/.html/.htm
    return d


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "corpus.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(path), "--published", "2021-03-08"])
    assert result.exit_code == 0, result.output
    return path


def test_directory_walk_and_jsonl_output(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(cli, ["extract", str(corpus)])
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    # A file found by walking a folder is named by its path below it: two folders may hold a "001".
    assert ids == ["budget", "sub/ferry0", "sub/ferry1", "sub/ferry2"]


def test_two_workers_give_the_same_records_as_one(runner: CliRunner, corpus: Path) -> None:
    one = runner.invoke(cli, ["extract", str(corpus), "--format", "jsonl"])
    two = runner.invoke(cli, ["extract", str(corpus), "--format", "jsonl", "--workers", "2", "--batch-size", "1"])
    assert two.exit_code == 0 and one.stdout == two.stdout


def test_json_format_for_several_documents_is_an_array(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(cli, ["extract", str(corpus), "--format", "json"])
    assert [d["id"] for d in json.loads(result.stdout)] == ["budget", "sub/ferry0", "sub/ferry1", "sub/ferry2"]


def test_stdin_and_jsonl_input(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", "-"], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "stdin"
    lines = "\n".join([
        json.dumps({"id": "a1", "text": ARTICLE, "published": "2020-02-02", "url": "https://example.org/a1"}),
        "{not json",
        json.dumps({"id": "a3", "text": _invented(3), "published": "yesterday"}),
        json.dumps({"text": _invented(4)}),
    ])
    result = runner.invoke(cli, ["extract", "-", "--input-format", "jsonl"], input=lines)
    assert result.exit_code == 1
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["id"], r["published"]) for r in records] == [("a1", "2020-02-02"), ("stdin:4", None)]
    assert records[0]["meta"]["url"] in (None, "https://example.org/a1")
    errors = [x for x in result.stderr.splitlines() if "error:" in x]
    assert len(errors) == 2 and "stdin:2: not valid JSON" in errors[0] and "stdin:3" in errors[1]


def test_jsonl_files_in_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "day1.jsonl").write_text(json.dumps({"id": "x1", "text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "feed" / "notes.txt").write_text("not JSON Lines", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path / "feed"), "--input-format", "jsonl"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "x1"
    (tmp_path / "none").mkdir()
    empty = runner.invoke(cli, ["extract", str(tmp_path / "none")])
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "onrecord: warning: no .htm/.html/.txt files under" in empty.stderr


def test_ingest_then_query_through_the_same_store(runner: CliRunner, db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        assert {d.id for d in store.documents()} == {"budget", "sub/ferry0", "sub/ferry1", "sub/ferry2"}
        assert all(d.published == "2021-03-08" for d in store.documents())
        expected = [q.to_dict() for q in store.quotes(search="interest rates")]
        entities = [e.to_dict() for e in store.entities(type="PERSON")]
    result = runner.invoke(cli, ["query", "quotes", "--search", "interest rates", "--db", str(db), "--json"])
    assert result.exit_code == 0
    assert [{k: v for k, v in q.items() if k != "speaker"} for q in json.loads(result.stdout)] == expected
    result = runner.invoke(cli, ["query", "entities", "--type", "PERSON", "--db", str(db), "--json"])
    assert json.loads(result.stdout) == entities
    table = runner.invoke(cli, ["query", "docs", "--db", str(db)])
    assert table.exit_code == 0 and "budget" in table.stdout
    for sub in ("failures", "entities", "quotes"):
        assert runner.invoke(cli, ["query", sub, "--db", str(db)]).exit_code == 0


def test_query_sql_is_read_only(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["query", "sql", "SELECT COUNT(*) AS n FROM documents", "--db", str(db), "--json"])
    assert json.loads(result.stdout) == [{"n": 4}]
    result = runner.invoke(cli, ["query", "sql", "DELETE FROM documents", "--db", str(db)])
    assert result.exit_code == 1 and "read-only" in result.stderr
    with Store.open(db, readonly=True) as store:
        assert store.count() == 4


def test_export_writes_what_the_store_holds(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out)]).exit_code == 0
    with Store.open(db, readonly=True) as store:
        assert [Record.from_dict(json.loads(x)) for x in out.read_text(encoding="utf-8").splitlines()] == \
            list(store.records())
        n_attr = store.sql("SELECT COUNT(*) FROM attributions")[1][0][0]
    folder = tmp_path / "csv"
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--out", str(folder)]).exit_code == 0
    with open(folder / "attributions.csv", encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == n_attr
    pq_path = tmp_path / "a.parquet"
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "parquet", "--table", "attributions",
                                 "--out", str(pq_path)])
    assert result.exit_code == 0
    import pyarrow.parquet as pq

    assert pq.read_table(pq_path).num_rows == n_attr


@pytest.mark.parametrize("args, message", [
    (["extract", "no/such/file.txt"], "no such file or directory: no/such/file.txt"),
    (["extract", "--published", "08/03/2021", "-"], "YYYY-MM-DD"),
    (["extract", "--format", "xml", "-"], "xml"),
    (["extract", "--model", "xx_not_installed", "-"], "pip install"),
    (["extract"], "Missing argument"),
    (["query", "docs", "--db", "no/such.db"], "onrecord ingest"),
    (["extract", "--boilerplate", "no/such/lines.txt", "-"], "onrecord boilerplate learn"),
])
def test_usage_errors_exit_2_with_one_line_naming_the_fix(runner: CliRunner, args: list[str],
                                                          message: str) -> None:
    result = runner.invoke(cli, args, input=b"")
    expected = 1 if args[0] == "query" else 2
    assert result.exit_code == expected
    assert message in result.stderr and "Traceback" not in result.output


_PROMO = "Listen to the harbour hour"  # a line one outlet prints inside every story


def _outlet_story(n: int) -> str:
    return (f"Ferry Route {n} Gets a Night Boat | Harbour Daily\nHome\nNews\nSport\n\n"
            f"Ferry Route {n} Gets a Night Boat\n\n"
            f"The harbour board added a night crossing on route {n} from Friday, after riders who work "
            f"late shifts asked for one at three meetings in a row this autumn.\n\n{_PROMO}\n\n"
            f'"The late boat was the one thing we kept asking for," said Mira Holt{n}, who runs a '
            f"bakery on the pier and crosses the bay twice a day.\n\nPrivacy Policy\n")


def test_boilerplate_learn_then_extract_and_ingest_with_it(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(4):
        (corpus / f"story{n}.txt").write_text(_outlet_story(n), encoding="utf-8")
    lines = tmp_path / "lines.txt"
    learn = runner.invoke(cli, ["boilerplate", "learn", str(corpus), "--out", str(lines)])
    assert learn.exit_code == 0, learn.output
    first = lines.read_bytes()
    assert runner.invoke(cli, ["boilerplate", "learn", str(corpus), "--out", str(lines)]).exit_code == 0
    assert lines.read_bytes() == first  # reproducible
    learnt = [x for x in first.decode().splitlines() if not x.startswith("#")]
    assert learnt == sorted(learnt) and "listen to the harbour hour" in learnt and "home" in learnt
    target = str(corpus / "story0.txt")
    plain = json.loads(runner.invoke(cli, ["extract", target]).stdout)
    told = json.loads(runner.invoke(cli, ["extract", target, "--boilerplate", str(lines)]).stdout)
    assert _PROMO in plain["body"] and _PROMO not in told["body"]
    db = tmp_path / "b.db"
    result = runner.invoke(cli, ["ingest", target, "--boilerplate", str(lines), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store.open(db, readonly=True) as store:
        (rec,) = list(store.records())
    assert rec.body == told["body"]


def test_version_and_help(runner: CliRunner) -> None:
    from onrecord import __version__

    assert __version__ in runner.invoke(cli, ["--version"]).stdout
    for args in (["-h"], ["extract", "--help"], ["query", "-h"], ["eval", "-h"]):
        assert runner.invoke(cli, args).exit_code == 0
    proc = subprocess.run([sys.executable, "-m", "onrecord", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_extract_is_quiet_with_q(runner: CliRunner, batch: dict[str, Path]) -> None:
    result = runner.invoke(cli, ["-q", "extract", str(batch["nul"]), str(batch["empty"])])
    assert result.exit_code == 1
    assert [x for x in result.stderr.splitlines() if x] == [f"onrecord: error: {batch['empty']}: empty document"]


def test_utf16_bom_file_keeps_the_same_text_as_utf8(runner: CliRunner, batch: dict[str, Path]) -> None:
    result = runner.invoke(cli, ["extract", str(batch["utf16"])])
    assert json.loads(result.stdout)["text"] == ARTICLE
    assert codecs.BOM_UTF16_LE in batch["utf16"].read_bytes()[:2] or codecs.BOM_UTF16_BE in \
        batch["utf16"].read_bytes()[:2]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    root = Path(__file__).resolve().parent.parent
    ci_lines = (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = next(line for line in ci_lines if "pytest" in line and not line.startswith("#"))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"    {command}\n" in readme
    assert "onrecord extract examples/port-authority.txt" in readme
    assert (root / "examples" / "port-authority.txt").exists()


def test_one_text_in_two_folders_is_stored_once_under_both_ids(runner: CliRunner, tmp_path: Path) -> None:
    article = (Path(__file__).parents[1] / "examples" / "port-authority.txt").read_bytes()
    for folder in ("business", "sport"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "001.txt").write_bytes(article)
    db = tmp_path / "c.db"
    result = runner.invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == 0
    assert "1 identical to a text already stored" in result.stderr
    docs = json.loads(runner.invoke(cli, ["query", "docs", "--db", str(db), "--json"]).stdout)
    assert [(d["id"], d["ids"]) for d in docs] == [("business/001", ["business/001", "sport/001"])]
    by_other = json.loads(runner.invoke(cli, ["query", "docs", "--id", "sport/001", "--db", str(db), "--json"]).stdout)
    assert [d["sha256"] for d in by_other] == [docs[0]["sha256"]]
