"""The store: round trip, idempotent adds, speaker and phrase queries, read-only SQL, export,
migrations, and an ingest killed with SIGKILL then completed by re-running it."""

from __future__ import annotations

import csv
import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import records  # tests/ is on sys.path (pytest rootdir-relative import)

from onrecord.errors import StoreError, UsageError
from onrecord.model import Attribution, Entity, Mention, Record, Span
from onrecord.pipeline import Failure
from onrecord.store import SCHEMA_VERSION, TABLES, AddResult, Provenance, Store, input_sha256
from onrecord.store.schema import MIGRATIONS


def _quote_record(doc_id: str = "summit") -> Record:
    """A short invented article whose entity is named in full once and by surname later."""
    text = ('Kim Jong Un arrived on Tuesday.\n\n"We will not give up the weapons," Kim told envoys. '
            "He said interest rates were not his concern.\n")
    full = text.index("Kim Jong Un")
    kim = text.index("Kim told")
    he = text.index("He said")
    q = text.index("We will")
    ent = Entity("e1", "Kim Jong Un", "PERSON", (
        Mention(full, full + 11, "Kim Jong Un", "name"), Mention(kim, kim + 3, "Kim", "partial"),
        Mention(he, he + 2, "He", "pronoun"),
    ))
    content2 = text.index("interest rates were")
    a1 = Attribution("a1", "direct", (Span.of(text, q, q + 34),), cue=Span.of(text, kim + 4, kim + 8),
                     source=Span.of(text, kim, kim + 3), speaker="e1", confidence=0.9)
    a2 = Attribution("a2", "indirect", (Span.of(text, content2, text.index(".", content2)),),
                     cue=Span.of(text, he + 3, he + 7), source=Span.of(text, he, he + 2), speaker="e1")
    return Record(id=doc_id, text=text, published="2018-06-12", entities=(ent,), attributions=(a1, a2))


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "t.db") as s:
        yield s


def test_open_sets_wal_and_schema_version(store: Store) -> None:
    assert store.version == SCHEMA_VERSION
    assert store.sql("PRAGMA journal_mode")[1][0][0] == "wal"
    names = {r[0] for r in store.sql("SELECT name FROM sqlite_master")[1]}
    assert set(TABLES) | {"documents_fts", "attributions_fts", "schema_version", "sources"} <= names


def test_adding_the_same_text_twice_is_a_no_op_that_records_the_new_source(store: Store) -> None:
    r = _quote_record()
    first = store.add([r])
    again = store.add([r, r.replace(id="other-name")])
    assert (first.added, again.added, again.skipped) == (1, 0, 2)
    assert store.count() == 1
    assert store.sql("SELECT COUNT(*) FROM attributions")[1] == [(2,)]
    assert store.sql("SELECT id FROM sources ORDER BY pk")[1] == [("summit",), ("other-name",)]


def test_migration_from_version_1_backfills_sources(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
    conn.execute("INSERT INTO documents(sha256, id, input_sha256, origin, text, record, added) "
                 "VALUES ('abc', 'old', 'in1', 'a/old.txt', 'Old text.', '{}', 'then')")
    conn.close()
    with Store.open(path) as s:
        assert s.version == SCHEMA_VERSION
        assert s.sql("SELECT id, origin, input_sha256 FROM sources")[1] == [("old", "a/old.txt", "in1")]
        assert s.known_inputs() == {"in1"}



def _fts_in_step(db: Path) -> None:
    """FTS5's own check that both external-content indexes match their tables row for row."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for t in ("documents_fts", "attributions_fts"):
            conn.execute(f"INSERT INTO {t}({t}, rank) VALUES ('integrity-check', 1)")  # raises when not
    finally:
        conn.close()


def test_released_migration_scripts_stay_the_same_text() -> None:
    # MIGRATIONS[n] is never edited once released (schema.py); the pieces they share (the
    # attributions table of versions 1 and 5) are written once, so pin what they add up to.
    assert [hashlib.sha256(m.encode()).hexdigest()[:16] for m in MIGRATIONS] == [
        "0a292d964fe02fc4", "a7d9bab0421e6147", "2d106a98d5861b31", "0f5939200776cf64", "edd6dfa0d39fb161"]


def test_migration_from_version_2_keeps_old_rows_searchable_and_indexes_new_ones(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    for v, script in enumerate(MIGRATIONS[:2], 1):
        conn.executescript(script)
        conn.execute("INSERT INTO schema_version VALUES (?, 'then')", (v,))
    conn.execute("INSERT INTO documents(sha256, id, text, record, added) "
                 "VALUES ('abc', 'old', 'Old text about interest rates.', '{}', 'then')")  # indexed by v2's trigger
    conn.close()
    with Store.open(path) as s:
        assert s.version == SCHEMA_VERSION
        triggers = {r[0] for r in s.sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")[1]}
        assert triggers == {"documents_fts_delete", "attributions_fts_delete"}
        s.add([_quote_record()])
        assert sorted(d.id for d in s.documents(search="interest rates")) == ["old", "summit"]
        assert [q.aid for q in s.quotes(search="interest rates")] == ["a2"]
    _fts_in_step(path)


def test_one_batch_with_repeats_and_failures_writes_each_text_once_and_indexes_it(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    r = _quote_record()
    other = _quote_record("other").replace(text=r.text + " More.")
    f = Failure("bad", "read", "empty document")
    with Store.open(db) as s:
        first = s.add_batch([(r, Provenance("in1", "a.txt")), (f, None), (r.replace(id="copy"),
                             Provenance("in2", "b.txt")), (f, None)])
        assert first == AddResult(added=1, skipped=1, failed=2)
        second = s.add([other, r])  # a batch after the first: pks continue, the held text is found
        assert second == AddResult(added=1, skipped=1, failed=0)
        assert s.sql("SELECT id FROM sources ORDER BY pk")[1] == [("summit",), ("copy",), ("other",), ("summit",)]
        assert s.sql("SELECT count FROM failures")[1] == [(2,)]
        assert s.sql("SELECT COUNT(*), COUNT(DISTINCT doc) FROM attributions")[1] == [(4, 2)]
        assert s.sql("SELECT COUNT(*) FROM mentions m JOIN entities e ON e.pk = m.entity AND e.doc = m.doc")[1] \
            == [(6,)]
        assert [d.id for d in s.documents(search="arrived on Tuesday")] == ["summit", "other"]
        assert [(q.doc_id, q.aid) for q in s.quotes(search="interest rates")] == [("summit", "a2"), ("other", "a2")]
        # The stored record and attribution JSON are what to_dict gives.
        (js,) = s.sql("SELECT record FROM documents WHERE id = 'other'")[1][0]
        assert json.loads(js) == other.to_dict()
        assert Record.from_dict(json.loads(js)) == other
        (ajs,) = s.sql("SELECT json FROM attributions a JOIN documents d ON d.pk = a.doc "
                       "WHERE d.id = 'other' AND aid = 'a1'")[1][0]
        assert json.loads(ajs) == other.attributions[0].to_dict()
    _fts_in_step(db)


@pytest.mark.parametrize("speaker", ["Kim Jong Un", "kim jong un", "KIM", "person:kim jong un", "He", "Kim Jong Un's"])
def test_quotes_by_speaker_match_key_name_and_any_mention(store: Store, speaker: str) -> None:
    store.add([_quote_record()])
    found = store.quotes(speaker=speaker)
    assert [q.aid for q in found] == ["a1", "a2"]
    assert all(q.speaker == "Kim Jong Un" and q.speaker_key == "person:kim jong un" for q in found)


def test_quotes_by_unknown_speaker_find_nothing(store: Store) -> None:
    store.add([_quote_record()])
    assert store.quotes(speaker="Moon Jae-in") == []


def _group_record() -> Record:
    """Two people quoted together (a GROUP entity) and one of them alone."""
    text = ("Ana Ruiz and Tom Reyes said the pier would reopen in May.\n\n"
            "Ruiz said the repairs had cost less than planned.\n")
    ana, tom, ruiz = text.index("Ana Ruiz"), text.index("Tom Reyes"), text.index("Ruiz said")
    pair = text.index("Ana Ruiz and Tom Reyes")
    ents = (Entity("e1", "Ana Ruiz", "PERSON", (Mention(ana, ana + 8, "Ana Ruiz", "name"),
                                                Mention(ruiz, ruiz + 4, "Ruiz", "partial"))),
            Entity("e2", "Tom Reyes", "PERSON", (Mention(tom, tom + 9, "Tom Reyes", "name"),)),
            Entity("e3", "Ana Ruiz and Tom Reyes", "GROUP", (Mention(pair, pair + 22, "Ana Ruiz and Tom Reyes", "name"),)))
    c1, c2 = text.index("the pier"), text.index("the repairs")
    a1 = Attribution("a1", "indirect", (Span.of(text, c1, text.index(".", c1)),), source=Span.of(text, pair, pair + 22),
                     speaker="e3", speaker_type="group")
    a2 = Attribution("a2", "indirect", (Span.of(text, c2, text.index(".", c2)),), source=Span.of(text, ruiz, ruiz + 4),
                     speaker="e1")
    return Record(id="pier", text=text, entities=ents, attributions=(a1, a2))


@pytest.mark.parametrize("speaker, found", [
    ("Ana Ruiz", ["a1", "a2"]),  # her own quote and the pair's
    ("Tom Reyes", ["a1"]),
    ("Ana Ruiz and Tom Reyes", ["a1"]),
    ("Reyes", []),  # a member is found by the full name the group's name holds
    ("Ana", []),
])
def test_quotes_of_a_group_are_found_by_each_member(store: Store, speaker: str, found: list[str]) -> None:
    store.add([_group_record()])
    assert [q.aid for q in store.quotes(speaker=speaker)] == found


def test_quotes_search_is_a_phrase_over_content(store: Store) -> None:
    store.add([_quote_record()])
    assert [q.aid for q in store.quotes(search="interest rates")] == ["a2"]
    assert store.quotes(search="rates interest") == []
    assert [q.aid for q in store.quotes(search='the "weapons')] == ["a1"]  # quotes in user text are not syntax
    assert [d.id for d in store.documents(search="arrived on Tuesday")] == ["summit"]


def test_entities_group_across_documents_by_key(store: Store) -> None:
    r1 = _quote_record("one")
    r2 = _quote_record("two").replace(text=r1.text + " ")  # another text, same entity
    store.add([r1, r2])
    (row,) = store.entities(type="person")
    assert (row.key, row.documents, row.mentions, row.quotes) == ("person:kim jong un", 2, 6, 4)
    assert store.entities(type="ORG") == []


def test_failures_are_recorded_once_per_document_and_reason(store: Store) -> None:
    f = Failure("empty", "read", "empty document", origin="in/empty.txt")
    store.add([f])
    store.add([f])
    (row,) = store.failures()
    assert (row.id, row.stage, row.reason, row.origin, row.count) == ("empty", "read", "empty document",
                                                                      "in/empty.txt", 2)


def test_provenance_lets_a_rerun_skip_known_inputs(store: Store) -> None:
    data = b"some bytes"
    store.add_batch([(_quote_record(), Provenance(input_sha256(data), "a.txt"))])
    assert store.known_inputs() == {input_sha256(data)}
    assert store.documents()[0].origin == "a.txt"
    # The same bytes met again under another path become another source of that document.
    assert store.add_sources([("copy", Provenance(input_sha256(data), "b/copy.txt"))]) == 1
    assert store.add_sources([("copy", Provenance(input_sha256(data), "b/copy.txt"))]) == 0
    assert store.sql("SELECT origin FROM sources ORDER BY pk")[1] == [("a.txt",), ("b/copy.txt",)]


def test_sql_is_read_only(store: Store) -> None:
    store.add([_quote_record()])
    cols, rows = store.sql("SELECT id, published FROM documents")
    assert cols == ["id", "published"] and rows == [("summit", "2018-06-12")]
    with pytest.raises(StoreError, match="read-only|readonly"):
        store.sql("DELETE FROM documents")
    assert store.count() == 1


def test_readonly_store_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="onrecord ingest"):
        Store.open(tmp_path / "missing.db", readonly=True)
    Store.open(tmp_path / "s.db").close()
    with Store.open(tmp_path / "s.db", readonly=True) as ro, pytest.raises(StoreError, match="read-only"):
        ro.add([_quote_record()])


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite, just a text file of some length" * 20)
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(bad)


def test_newer_schema_is_refused_and_older_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)
    # A database at version 0 (empty file) is brought up to the current version.
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with Store.open(empty) as s:
        assert s.version == SCHEMA_VERSION == len(MIGRATIONS)


def test_export_jsonl_csv_parquet(store: Store, tmp_path: Path) -> None:
    r = _quote_record()
    store.add([r, Failure("bad", "read", "binary file")])
    assert store.export("jsonl", tmp_path / "r.jsonl") == 1
    (line,) = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert Record.from_dict(json.loads(line)) == r
    n = store.export("csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "attributions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["speaker_name"] for row in rows] == ["Kim Jong Un", "Kim Jong Un"]
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8") as fh:
        assert "record" not in fh.readline()
    assert n >= 1 + 1 + 1 + 3 + 2 + 1
    import pyarrow.parquet as pq

    assert store.export("parquet", tmp_path / "a.parquet", table="attributions") == 2
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column("speaker_key").to_pylist() == ["person:kim jong un"] * 2
    assert table.schema.field("confidence").type == "double"
    with pytest.raises(UsageError):
        store.export("xml", tmp_path / "x")


def test_a_record_stored_in_the_old_contract_is_read_and_exported_with_content_as_a_list(
        tmp_path: Path) -> None:
    # A store written before 2026-12-04 holds a one-part content as a bare SPAN, in the record
    # and in attributions.json: reads and exports give today's list of SPANs.
    r = _quote_record()
    path = tmp_path / "old.db"
    with Store.open(path) as s:
        s.add([r])
    conn = sqlite3.connect(path, isolation_level=None)
    old = r.to_dict()
    for a in old["attributions"]:
        a["content"] = a["content"][0]
    conn.execute("UPDATE documents SET record = ?", (json.dumps(old, ensure_ascii=False),))
    for (pk, js) in conn.execute("SELECT pk, json FROM attributions").fetchall():
        a = json.loads(js)
        conn.execute("UPDATE attributions SET json = ? WHERE pk = ?", (json.dumps(dict(a, content=a["content"][0])), pk))
    conn.close()
    with Store.open(path, readonly=True) as s:
        assert s.record(r.sha256) == r
        s.export("jsonl", tmp_path / "r.jsonl")
        s.export("csv", tmp_path / "a.csv", table="attributions")
    (line,) = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == r.to_dict()
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as fh:
        assert [json.loads(row["json"])["content"] for row in csv.DictReader(fh)] == \
            [a["content"] for a in r.to_dict()["attributions"]]


@settings(max_examples=40, deadline=None)
@given(records())
def test_records_round_trip_through_the_store(record: Record) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "rt.db") as s:
        s.add([record])
        assert s.record(record.sha256) == record
        # Stored byte for byte as `onrecord extract` prints it (the store splices the attributions' JSON in).
        assert s.sql("SELECT record FROM documents WHERE sha256 = ?", (record.sha256,))[1] == \
            [(json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")),)]
        assert s.sql("SELECT COUNT(*) FROM attributions WHERE doc = (SELECT pk FROM documents WHERE sha256 = ?)",
                     (record.sha256,))[1] == [(len(record.attributions),)]


# ------------------------------------------------------------------ kill and re-run

N_DOCS = 160
N_DUPLICATES = 5

_INGEST = textwrap.dedent("""
    import sys
    from onrecord.inputs import find_documents, iter_inputs
    from onrecord.store import Store, ingest
    with Store.open(sys.argv[1]) as store:
        ingest(store, iter_inputs(find_documents([sys.argv[2]])), batch_size=4)
""")


def _write_corpus(folder: Path) -> None:
    """Invented one-paragraph items, each with a quote, so every document gives rows in every table."""
    folder.mkdir()
    for n in range(N_DUPLICATES):  # copies of items under other names sort before them
        (folder / f"copy{n:03d}.txt").write_text(
            f"Council approves budget number {n}\n\n"
            f'"We have {n + 3} new buses," Mayor Ada Lind{n} told reporters on Monday. '
            f"She said fares would rise by {n % 7} percent next year.\n",
            encoding="utf-8",
        )
    for n in range(N_DOCS):
        (folder / f"item{n:03d}.txt").write_text(
            f"Council approves budget number {n}\n\n"
            f'"We have {n + 3} new buses," Mayor Ada Lind{n} told reporters on Monday. '
            f"She said fares would rise by {n % 7} percent next year.\n",
            encoding="utf-8",
        )


def _run_and_kill(db: Path, corpus: Path, *, when) -> int:
    """Start an ingest in a child process and SIGKILL it when ``when(db)`` holds; its exit status."""
    proc = subprocess.Popen([sys.executable, "-c", _INGEST, str(db), str(corpus)])
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if when(db):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        return proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_ingest_killed_with_sigkill_is_sound_and_a_rerun_completes_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    db = tmp_path / "kill.db"
    # First kill: right as the store file appears (schema creation, model loading).
    rc1 = _run_and_kill(db, corpus, when=lambda p: p.exists())
    # Second kill: in the middle of writing batches.
    rc2 = _run_and_kill(db, corpus, when=lambda p: _count(p) >= 24)
    assert rc2 == -signal.SIGKILL, "the ingest finished before it could be killed; make the corpus larger"
    assert rc1 in (-signal.SIGKILL, 0)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    killed_at = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    conn.close()
    assert 0 < killed_at < N_DOCS
    # Re-running the same ingest completes it: every document exactly once, children intact.
    done = subprocess.run([sys.executable, "-c", _INGEST, str(db), str(corpus)], timeout=300, check=False)
    assert done.returncode == 0
    with Store.open(db) as s:
        assert s.integrity() == "ok"
        _, rows = s.sql("SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT sha256) FROM documents")
        assert rows == [(N_DOCS, N_DOCS, N_DOCS)]
        _, rows = s.sql("SELECT COUNT(*), COUNT(DISTINCT origin) FROM sources")
        assert rows == [(N_DOCS + N_DUPLICATES, N_DOCS + N_DUPLICATES)]
        _, orphans = s.sql("SELECT COUNT(*) FROM attributions WHERE doc NOT IN (SELECT pk FROM documents)")
        assert orphans == [(0,)]
        # Every document got its child rows in the same transaction as itself.
        _, rows = s.sql("SELECT COUNT(*) FROM documents d WHERE n_times != (SELECT COUNT(*) FROM times t "
                        "WHERE t.doc = d.pk) OR n_attributions != (SELECT COUNT(*) FROM attributions a "
                        "WHERE a.doc = d.pk)")
        assert rows == [(0,)]
        _, fts = s.sql("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH 'buses'")
        assert fts == [(N_DOCS,)]
    _fts_in_step(db)  # the full-text indexes were written in the batches' transactions
