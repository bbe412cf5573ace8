"""Corrections: kept apart from the pipeline's output, shown by every read (and --raw shows the
pipeline's), re-applied after re-processing by span and text or reported, through the real store
and command line; exported as training data and imported back."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from spans import prefixed
from test_store import _quote_record  # tests/ is on sys.path (pytest rootdir-relative import)

from onrecord.cli import cli
from onrecord.errors import UsageError
from onrecord.model import Record, Span
from onrecord.store import SCHEMA_VERSION, Store
from onrecord.store.corrections import Correction, relocate
from onrecord.store.schema import MIGRATIONS
from onrecord.store.training import export_corrections, import_corrections


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "t.db") as s:
        s.add([_quote_record()])
        yield s


def _views(s: Store, *, raw: bool = False) -> list[tuple[str, str | None, bool]]:
    return [(q.aid, q.speaker, q.corrected) for q in s.quotes(raw=raw)]


# ---------------------------------------------------------------- finding a span again

TEXT = "The mayor spoke first.\n\nTaxes will not rise, the mayor said. Taxes will not rise, she said later."


@pytest.mark.parametrize(("text", "start", "want"), [
    (TEXT, TEXT.index("Taxes"), TEXT.index("Taxes")),                       # still where it was
    ("Breaking: " + TEXT, TEXT.index("Taxes"), TEXT.index("Taxes") + 10),  # a line above moved it
    (TEXT, TEXT.rindex("Taxes") - 5, TEXT.rindex("Taxes")),                # the nearest of two copies
    (TEXT.replace("Taxes", "Fees"), TEXT.index("Taxes"), None),            # its words are gone
])
def test_relocate_finds_the_same_text_nearest_to_where_it_was(text: str, start: int, want: int | None) -> None:
    got = relocate(text, Span(start, start + 20, "Taxes will not rise,"))
    assert (got.start if got else None) == want
    if got:
        assert text[got.start:got.end] == got.text


def test_relocate_does_not_look_far_away() -> None:
    text = "Taxes will not rise," + " filler" * 1000 + " end"
    assert relocate(text, Span(len(text) - 10, len(text) + 10, "Taxes will not rise,"), nearby=100) is None


# ---------------------------------------------------------------- each change, through the store


def test_wrong_leaves_the_corrected_view_and_stays_in_the_raw_one(store: Store) -> None:
    c = store.correct_wrong("summit:a2", reason="a policy view, not a claim", who="Ana")
    assert (c.change, c.target, c.who, c.reason, c.status, c.applied_to) == (
        "wrong", "attribution", "Ana", "a policy view, not a claim", "applied", "a2")
    assert _views(store) == [("a1", "Kim Jong Un", False)]
    assert _views(store, raw=True) == [("a1", "Kim Jong Un", False), ("a2", "Kim Jong Un", True)]
    rec = store.record("summit")
    assert rec is not None and [a.id for a in rec.attributions] == ["a1"]
    raw = store.record("summit", raw=True)
    assert raw is not None and [a.id for a in raw.attributions] == ["a1", "a2"]
    assert store.counts()["attributions"] == 1
    # the pipeline's own rows are untouched: the record JSON and the row of a2 are still there
    assert store.sql("SELECT aid, layer FROM attributions ORDER BY pk")[1] == [("a1", 0), ("a2", 1)]


def test_speaker_by_name_is_found_by_that_name_and_not_by_the_old_one(store: Store) -> None:
    store.correct_speaker("summit:a1", name="Moon Jae-in")
    assert [q.aid for q in store.quotes(speaker="Moon Jae-in")] == ["a1"]
    assert [q.aid for q in store.quotes(speaker="Kim Jong Un")] == ["a2"]
    assert [q.aid for q in store.quotes(speaker="Kim Jong Un", raw=True)] == ["a1", "a2"]
    rec = store.record("summit")
    assert rec is not None
    a1 = rec.attributions[0]
    assert rec.entity(a1.speaker) is not None and rec.entity(a1.speaker).name == "Moon Jae-in"  # type: ignore[union-attr]
    assert a1.confidence == 1.0
    ent = store.entity("person:moon jae-in")  # the viewer's speaker page of a speaker only a reviewer named
    assert ent is not None and (ent.name, ent.type, ent.documents, ent.quotes) == ("Moon Jae-in", "PERSON", 1, 1)


@pytest.mark.parametrize("name", ["Kim Jong Un", "kim", "KIM JONG UN"])
def test_a_name_the_documents_entity_goes_by_is_that_entity(store: Store, name: str) -> None:
    store.correct_speaker("summit:a1", name=name)
    rec = store.record("summit")
    assert rec is not None and rec.attributions[0].speaker == "e1" and len(rec.entities) == 1


def test_speaker_by_entity_and_content_and_source_moves(store: Store) -> None:
    text = _quote_record().text
    store.correct_content("summit:a2", text.index("interest"), text.index(" were"))
    store.correct_source("summit:a1", text.index("Kim Jong Un"), text.index(" arrived"))
    store.correct_speaker("summit:a2", entity="e1")
    rec = store.record("summit")
    assert rec is not None
    a1, a2 = rec.attributions
    assert a2.content_text == "interest rates" and a2.speaker == "e1"
    assert a1.source is not None and a1.source.text == "Kim Jong Un" and a1.speaker == "e1"
    assert [q.content for q in store.quotes(search="interest rates")] == ["interest rates"]
    assert [q.content for q in store.quotes(search="not his concern")] == []
    assert [q.content for q in store.quotes(search="not his concern", raw=True)] == [
        "interest rates were not his concern"]
    assert [c.applied_to for c in store.corrections()] == ["a2", "a1", "a2"]


def test_add_a_missed_attribution_then_correct_it_then_undo(store: Store) -> None:
    text = _quote_record().text
    s, e = text.index("Kim Jong Un arrived"), text.index(" on Tuesday")
    c = store.correct_add("summit", (s, e), name="State media", kind="report", reason="missed report")
    assert (c.target, c.applied_to) == ("document", f"c{c.id}")
    assert [q.aid for q in store.quotes(speaker="State media")] == [f"c{c.id}"]
    assert [q.aid for q in store.quotes(speaker="State media", raw=True)] == []
    w = store.correct_wrong(f"summit:c{c.id}")
    assert store.quotes(speaker="State media") == []
    store.undo_correction(w.id)
    assert [q.aid for q in store.quotes(speaker="State media")] == [f"c{c.id}"]
    assert [x.status for x in store.corrections()] == ["applied", "undone"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: s.correct_wrong("summit:a9"), "has no attribution 'a9'"),
    (lambda s: s.correct_wrong("nowhere:a1"), "no document with sha256 or id 'nowhere'"),
    (lambda s: s.correct_wrong("summit"), "write DOC:ID"),
    (lambda s: s.correct_content("summit:a1", 50, 10_000), "is outside document 'summit'"),
    (lambda s: s.correct_speaker("summit:a1", entity="e7"), "has no entity 'e7'"),
    (lambda s: s.correct_speaker("summit:a1"), "a NAME or as --entity ID"),
    (lambda s: s.undo_correction(42), "no correction 42"),
    (lambda s: s.correct_add("summit", (34, 68)), "the pipeline now gives this attribution itself (a1)"),
])
def test_errors_name_the_fix_and_write_nothing(store: Store, call, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(store)
    assert store.corrections() == []
    assert store.sql("SELECT COUNT(*) FROM attributions WHERE layer != 0")[1] == [(0,)]


def test_reviewer_defaults_to_the_environment(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_REVIEWER", "desk editor")
    assert store.correct_wrong("summit:a1").who == "desk editor"


def test_read_only_store_refuses_corrections(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as s:
        s.add([_quote_record()])
    with Store.open(tmp_path / "t.db", readonly=True) as s, pytest.raises(Exception, match="read-only"):
        s.correct_wrong("summit:a1")


# ---------------------------------------------------------------- re-processing


def _shifted(rec: Record, prefix: str, *, drop: str | None = None) -> Record:
    """``rec`` as a new reader or model might give it: text with ``prefix`` before it, offsets moved,
    attributions renumbered in reverse, the one whose content holds ``drop`` gone."""
    d = prefixed(rec, prefix)
    attrs = [a for a in d["attributions"] if not (drop and drop in json.dumps(a["content"]))]
    for n, a in enumerate(reversed(attrs), 1):
        a["id"] = f"a{n}"
    d["attributions"] = attrs
    return Record.from_dict(d)


def test_reprocess_reapplies_moved_corrections_and_reports_those_that_no_longer_apply(store: Store) -> None:
    text = _quote_record().text
    wrong = store.correct_wrong("summit:a1", reason="not said")
    moved = store.correct_content("summit:a2", text.index("interest"), text.index(" were"))
    added = store.correct_add("summit", (text.index("Kim Jong Un arrived"), text.index(" on Tuesday")),
                              name="State media", kind="report")
    new = _shifted(_quote_record(), "PYONGYANG (Wire) -\n", drop="not give up")  # a1's quote no longer found
    result = store.replace_batch([(1, new)])
    assert (result.documents, result.applied, result.moved) == (1, 0, 2)
    assert [(c.id, c.status) for c in result.not_applied] == [(wrong.id, "not_applied")]
    assert "still in the document" in (result.not_applied[0].note or "")  # its attribution, not its text, is gone
    rec = store.record("summit")
    assert rec is not None and rec.text.startswith("PYONGYANG")
    assert sorted(a.content_text for a in rec.attributions) == ["Kim Jong Un arrived", "interest rates"]
    assert store.correction(moved.id).applied_to == "a1"  # renumbered by the new run, found by its text
    assert store.correction(added.id).status == "moved"
    assert [d.id for d in store.documents(search="PYONGYANG")] == ["summit"]  # the text's index follows it
    assert store.integrity() == "ok"


@pytest.mark.parametrize(("old", "new", "why"), [
    ("interest", "interest", "its text is still in the document"),  # the re-run no longer finds it
    ("interest", "INTEREST", "is no longer in the document, nor within 2000 characters"),  # a re-read changed it
])
def test_a_correction_that_no_longer_applies_says_why(store: Store, old: str, new: str, why: str) -> None:
    c = store.correct_speaker("summit:a2", name="Moon Jae-in")
    rec = _quote_record()
    rec = rec.replace(text=rec.text.replace(old, new), attributions=rec.attributions[:1])
    result = store.replace_batch([(1, rec)])
    assert [x.id for x in result.not_applied] == [c.id]
    assert why in (result.not_applied[0].note or "")
    assert store.correction(c.id).status == "not_applied"


def test_reprocess_with_the_same_output_reapplies_everything_where_it_was(store: Store) -> None:
    store.correct_wrong("summit:a2")
    store.correct_speaker("summit:a1", name="Moon Jae-in")
    before = _views(store), _views(store, raw=True)
    result = store.replace_batch([(1, _quote_record())])
    assert (result.applied, result.moved, result.not_applied) == (2, 0, ())
    assert (_views(store), _views(store, raw=True)) == before


# ---------------------------------------------------------------- migration


def test_migration_from_version_4_keeps_rows_whom_they_are_about_and_their_index(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    for v, script in enumerate(MIGRATIONS[:4], 1):
        conn.executescript(script)
        conn.execute("INSERT INTO schema_version VALUES (?, 'then')", (v,))
    conn.execute("INSERT INTO documents(pk, sha256, id, text, record, added) VALUES (1, 'abc', 'old', 't', '{}', 'x')")
    conn.execute("INSERT INTO entities(pk, doc, eid, key, name, type) VALUES (1, 1, 'e1', 'person:ann', 'Ann', 'PERSON')")
    conn.execute("INSERT INTO attributions(pk, doc, aid, kind, content, content_start, content_end, speaker_type, "
                 "confidence, json) VALUES (7, 1, 'a1', 'direct', 'rates will fall', 0, 1, 'person', 0.9, '{}')")
    conn.execute("INSERT INTO attributions_fts(rowid, content) VALUES (7, 'rates will fall')")
    conn.execute("INSERT INTO attribution_about VALUES (7, 1)")
    conn.close()
    with Store.open(path) as s:
        assert s.version == SCHEMA_VERSION == len(MIGRATIONS)
        assert s.sql("SELECT pk, layer, corrections FROM attributions")[1] == [(7, 0, None)]
        assert s.sql("SELECT attr, entity FROM attribution_about")[1] == [(7, 1)]
        assert [q.aid for q in s.quotes(search="rates will fall")] == ["a1"]
        assert s.integrity() == "ok"


# ---------------------------------------------------------------- export, training data, import


def test_export_marks_corrected_attributions_and_lists_the_corrections(store: Store) -> None:
    c = store.correct_speaker("summit:a1", name="Moon Jae-in", reason="misread")
    out = io.StringIO()
    store.export("jsonl", out)
    rec = json.loads(out.getvalue())
    assert [a.get("corrected") for a in rec["attributions"]] == [[c.id], None]
    assert [(x["id"], x["change"], x["reason"], x["status"]) for x in rec["corrections"]] == [
        (c.id, "speaker", "misread", "applied")]
    raw = io.StringIO()
    store.export("jsonl", raw, raw=True)
    assert "corrections" not in json.loads(raw.getvalue())
    assert Record.from_dict(rec).attributions[0].confidence == 1.0


def test_a_confidence_floor_applies_to_the_view_shown(store: Store, tmp_path: Path) -> None:
    """--min-confidence and --raw together: the floor hides what is under it in the corrected view
    (a corrected attribution has confidence 1.0), or in the pipeline's with raw; quotes_under and
    the export count and leave out the same; through the store, the command line and the API."""
    c = store.correct_speaker("summit:a2", name="Moon Jae-in")  # a1 0.9, a2 0.5 -> 1.0 corrected
    assert [q.aid for q in store.quotes(min_confidence=0.95)] == ["a2"]
    assert store.quotes_under(0.95) == 1
    assert [q.aid for q in store.quotes(min_confidence=0.7, raw=True)] == ["a1"]
    assert store.quotes_under(0.7, raw=True) == 1 and store.quotes_under(0.7) == 0
    out = io.StringIO()
    store.export("jsonl", out, min_confidence=0.95)
    rec = json.loads(out.getvalue())
    assert [(a["id"], a.get("corrected")) for a in rec["attributions"]] == [("a2", [c.id])]
    assert [x["id"] for x in rec["corrections"]] == [c.id]
    raw = io.StringIO()
    store.export("jsonl", raw, raw=True, min_confidence=0.7)
    rec = json.loads(raw.getvalue())
    assert [a["id"] for a in rec["attributions"]] == ["a1"] and "corrections" not in rec
    db = str(tmp_path / "t.db")
    run = CliRunner().invoke
    res = run(cli, ["query", "quotes", "--db", db, "--min-confidence", "0.95"])
    assert res.exit_code == 0, res.output
    head = res.stdout.splitlines()[2]  # the table's title, its top rule, then its header
    assert [h.strip() for h in head.strip("┃").split("┃")] == ["doc_id", "aid", "published", "speaker", "cue",
                                                               "kind", "content", "confidence", "corrected"]
    assert f"#{c.id}" in res.stdout and "Moon Jae-in" in res.stdout
    assert "1 statement under confidence 0.95 hidden" in res.stderr
    res = run(cli, ["query", "quotes", "--json", "--db", db, "--min-confidence", "0.7", "--raw"])
    assert [q["aid"] for q in json.loads(res.stdout)] == ["a1"]
    assert "1 statement under confidence 0.7 hidden" in res.stderr
    res = run(cli, ["export", "--db", db, "--format", "jsonl", "--out", "-", "--raw", "--min-confidence", "0.7"])
    assert res.exit_code == 0 and [a["id"] for a in json.loads(res.stdout)["attributions"]] == ["a1"]
    pytest.importorskip("fastapi", reason="the viewer needs the web extra: pip install -e '.[test]'")
    from fastapi.testclient import TestClient

    from onrecord.web import create_app
    with TestClient(create_app(db, allow_hosts=["testserver"])) as client:
        body = client.get("/api/quotes?min_confidence=0.95").json()
        assert [(q["aid"], q["corrected"]) for q in body["items"]] == [("a2", True)] and body["hidden"] == 1
        body = client.get("/api/quotes?min_confidence=0.7&raw=true").json()
        assert [(q["aid"], q["corrected"]) for q in body["items"]] == [("a1", False)] and body["hidden"] == 1
        rec = client.get("/api/docs/summit?min_confidence=0.95").json()
        assert [a["id"] for a in rec["attributions"]] == ["a2"] and rec["corrections"][0]["id"] == c.id
        rec = client.get("/api/docs/summit?min_confidence=0.7&raw=true").json()
        assert [a["id"] for a in rec["attributions"]] == ["a1"] and "corrections" not in rec
        html = client.get("/doc/summit?min_confidence=0.95", headers={"Accept": "text/html"}).text
        assert "1 statement under confidence 0.95 hidden" in html and 'class="corrected"' in html


def test_training_jsonl_round_trips_into_another_store(store: Store, tmp_path: Path) -> None:
    text = _quote_record().text
    store.correct_wrong("summit:a2", reason="opinion")
    store.correct_add("summit", (text.index("Kim Jong Un arrived"), text.index(" on Tuesday")), name="State media")
    path = tmp_path / "corrections.jsonl"
    assert export_corrections(store, "jsonl", path) == 2
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert lines[0]["result"] is None and lines[1]["result"]["content"][0]["text"] == "Kim Jong Un arrived"
    for line in lines:
        for span in line["anchor"] + line.get("spans", []):
            assert text[span["start"]:span["end"]] == span["text"]
    with Store.open(tmp_path / "other.db") as other:
        other.add([_quote_record()])
        first = import_corrections(other, path)
        again = import_corrections(other, path)
        assert (first.added, first.duplicates, again.added, again.duplicates) == (2, 0, 0, 2)
        assert _views(other) == _views(store)
        assert [c.who for c in other.corrections()] == [c.who for c in store.corrections()]


def test_brat_standoff_spans_match_the_text(store: Store, tmp_path: Path) -> None:
    store.correct_wrong("summit:a2")
    store.correct_speaker("summit:a1", name="Moon Jae-in")
    assert export_corrections(store, "brat", tmp_path / "brat") == 1
    txt = (tmp_path / "brat" / "summit.txt").read_text(encoding="utf-8")
    ann = (tmp_path / "brat" / "summit.ann").read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "brat" / "annotation.conf").exists()
    bound = [line.split("\t") for line in ann if line.startswith("T")]
    for _, head, shown in bound:
        frags = [tuple(map(int, f.split())) for f in head.split(" ", 1)[1].split(";")]
        assert " ".join(txt[a:b] for a, b in frags) == shown
        assert all("\n" not in txt[a:b] for a, b in frags)
    assert {line.split("\t")[1].split()[0] for line in ann if line.startswith("A")} == {"Corrected", "Wrong", "Kind"}
    assert any("speaker: Moon Jae-in" in line for line in ann)


def test_import_reports_a_line_it_cannot_read_and_goes_on(store: Store, tmp_path: Path) -> None:
    good = Correction(0, _quote_record().sha256, "summit", "wrong", "a1", _quote_record().attributions[0].content,
                      who="Ana", at="2026-01-01T00:00:00+00:00")
    path = tmp_path / "in.jsonl"
    path.write_text("{not json\n" + json.dumps({"schema": "onrecord-correction/1", **good.to_dict()}) + "\n"
                    + json.dumps({"document": {"id": "gone", "sha256": "0"}, "change": "wrong"}) + "\n")
    result = import_corrections(store, path)
    assert result.added == 1 and len(result.refused) == 2
    assert "in.jsonl:1" in result.refused[0] and "no document with sha256 or id 'gone'" in result.refused[1]


# ---------------------------------------------------------------- the command line, with the real pipeline

ARTICLE = """Harbour Board Votes to Close Old Pier

The harbour board voted on Monday to close the old pier to traffic.

"The timbers are rotten and we cannot wait another winter," said Lena Ostrova, the board's chair.

Fishermen who tie up at the pier said they had not been told where to go. The board will meet them next week, Ostrova said.
"""


def test_cli_correct_then_reprocess_keeps_the_corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "t.db")
    monkeypatch.setenv("ONRECORD_REVIEWER", "night desk")
    run = CliRunner().invoke
    assert run(cli, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    res = run(cli, ["query", "quotes", "--json", "--db", db])
    quotes = json.loads(res.output)
    by_content = {q["content"]: q["aid"] for q in quotes}
    rotten = next(aid for content, aid in by_content.items() if "timbers are rotten" in content)
    first = run(cli, ["correct", "speaker", f"pier:{rotten}", "Mara Quint", "--reason", "misattributed", "--db", db])
    assert first.exit_code == 0, first.output
    s, e = ARTICLE.index("The harbour board voted"), ARTICLE.index(" to close")
    added = run(cli, ["correct", "add", "pier", "--content", str(s), str(e), "--speaker", "Port office",
                      "--kind", "report", "--db", db])
    assert added.exit_code == 0, added.output
    bad = run(cli, ["correct", "content", f"pier:{rotten}", "5", "99999", "--db", db])
    assert bad.exit_code == 2 and "is outside document 'pier'" in bad.output
    again = run(cli, ["ingest", "--reprocess", "--db", db])
    assert again.exit_code == 0, again.output
    assert "corrections: 2 re-applied, 0 found again nearby, 0 no longer apply" in again.output
    with Store.open(db, readonly=True) as st:
        assert [q.speaker for q in st.quotes(search="timbers are rotten")] == ["Mara Quint"]
        assert [q.speaker for q in st.quotes(search="timbers are rotten", raw=True)] != ["Mara Quint"]
        assert [q.kind for q in st.quotes(speaker="Port office")] == ["report"]
        assert {c.who for c in st.corrections()} == {"night desk"}
        assert {c.status for c in st.corrections()} == {"applied"}
    listed = run(cli, ["correct", "list", "--json", "--db", db])
    assert [c["change"] for c in json.loads(listed.output)] == ["speaker", "add"]
    out = tmp_path / "c.jsonl"
    assert run(cli, ["correct", "export", "--format", "jsonl", "--out", str(out), "--db", db]).exit_code == 0
    assert len(out.read_text().splitlines()) == 2
    assert run(cli, ["import", str(out), "--db", db]).exit_code == 0  # already held: a no-op
    with Store.open(db, readonly=True) as st:
        assert len(st.corrections()) == 2
    assert run(cli, ["ingest", "--db", db]).exit_code == 2  # neither PATH nor --reprocess
