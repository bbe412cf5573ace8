"""Where documents come from: names made printable, and JSON Lines read one line at a time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from onrecord.inputs import _place, find_documents, iter_inputs, parse_jsonl, printable, suffix_of
from onrecord.pipeline import Failure
from onrecord.state import Input


@pytest.mark.parametrize("name, shown", [
    ("harbour-report", "harbour-report"),
    ("caf\udce9 report", "caf\\xe9 report"),  # a Latin-1 byte of a file name, as os.listdir gives it
    ("\ud800wire-17", "\ufffdwire-17"),  # a JSON "\ud800" escape: no character at all
    ("\u00e9t\u00e9 \u2014 r\u00e9sum\u00e9", "\u00e9t\u00e9 \u2014 r\u00e9sum\u00e9"),
])
def test_printable_names_encode_as_utf8(name: str, shown: str) -> None:
    assert printable(name) == shown
    shown.encode("utf-8")


ARTICLE = '"The bridge reopens on Monday," the mayor said.'


@pytest.mark.parametrize("line, outcome, why", [
    (b'{"id": "ok", "text": "' + ARTICLE.replace('"', '\\"').encode() + b'"}', "ok", None),
    (b'{"id": 7, "text": "The mayor spoke."}', "7", None),
    (b'{"id": "x", "text": 7}', None, 'not an object with a "text" string'),
    (b'{"id": "x", "text": "caf\xe9"}', None, "line is not UTF-8 (byte 0xe9 at column 25)"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "x"}', None, "4300 digits"),
    (b"[" * 50_000 + b"]" * 50_000, None, "recursion"),
    (b'{"id": "x", "text": "unterminated', None, "not valid JSON"),
    (b'{"id": "x", "text": "A.", "published": "last week"}', None, "is not a YYYY-MM-DD date"),
])
def test_each_json_line_is_a_document_or_a_failure_of_its_own(line: bytes, outcome: str | None,
                                                              why: str | None) -> None:
    feed = b'{"id": "before", "text": "The council met."}\n' + line + b'\n{"id": "after", "text": "It rained."}\n'
    out = list(parse_jsonl(io.BytesIO(feed), name="feed.jsonl"))
    assert len(out) == 3
    assert isinstance(out[0], Input) and out[0].id == "before"
    assert isinstance(out[2], Input) and out[2].id == "after" and out[2].origin == "feed.jsonl:3"
    if outcome is not None:
        assert isinstance(out[1], Input) and out[1].id == outcome
    else:
        assert isinstance(out[1], Failure) and out[1].origin == "feed.jsonl:2" and why in out[1].reason


@pytest.mark.parametrize(("path", "root", "doc_id"), [
    ("/corpus/sport/001.txt", "/corpus", "sport/001"),  # found by a walk: its path below the folder
    ("/corpus/brief.v2.txt", "/corpus", "brief.v2"),
    ("/corpus", "/corpus", "corpus"),  # the walked folder itself (unreadable): its own name
    ("/elsewhere/note.txt", None, "note"),  # named on the command line: its file name
    ("/corpus/sport/002.html.gz", "/corpus", "sport/002"),  # gzipped: both extensions go
    ("/elsewhere/Page.HTM.GZ", None, "Page"),
    ("/elsewhere/notes.gz", None, "notes"),
])
def test_document_ids(path: str, root: str | None, doc_id: str) -> None:
    assert _place(Path(path), root=Path(root) if root else None).id == doc_id


@pytest.mark.parametrize(("name", "suffix"), [
    ("a.txt", ".txt"), ("a.HTML", ".html"), ("a.html.gz", ".html.gz"), ("a.Txt.Gz", ".txt.gz"),
    ("report.2024.txt", ".txt"), ("archive.tar.gz", ".tar.gz"), ("README", ""),
])
def test_suffix_of(name: str, suffix: str) -> None:
    assert suffix_of(name) == suffix


PAGE = ("<html><body><h1>Ferry Strike Ends</h1><p>\u201cWe sail again on Friday,\u201d the union's "
        "chair said after the vote.</p></body></html>")


def _gz(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, mtime=0)


@pytest.mark.parametrize(("name", "data", "outcome"), [
    ("page.html.gz", _gz(PAGE.encode("utf-8")), PAGE.encode("utf-8")),
    ("story.txt.gz", _gz(b"Ferry strike ends.\n"), b"Ferry strike ends.\n"),
    ("old.htm.gz", _gz(PAGE.encode("cp1252")), PAGE.encode("cp1252")),  # decoding stays the read stage's job
    ("cut.txt.gz", _gz(b"Ferry strike ends. " * 200)[:-30], "not a readable gzip file (it ends before its last block)"),
    ("plain.txt.gz", b"Ferry strike ends.\n", "not a readable gzip file (Not a gzipped file"),
    ("mangled.html.gz", _gz(PAGE.encode())[:12] + b"\xff" * 40 + _gz(PAGE.encode())[52:], "not a readable gzip file"),
    ("bomb.txt.gz", _gz(b"\0" * 3_000_000), "document is over"),  # 3 MB of zeros in 3 kB: stops at the limit
])
def test_gzipped_documents_are_read_and_a_bad_one_fails_alone(
        tmp_path: Path, name: str, data: bytes, outcome: bytes | str) -> None:
    (tmp_path / "ok.txt").write_bytes(b"Ferry strike ends.\n")
    (tmp_path / name).write_bytes(data)
    got = list(iter_inputs(find_documents([str(tmp_path)]), max_bytes=1_000_000))
    stem = name.split(".")[0]
    assert sorted(g.id for g in got) == sorted([stem, "ok"])
    (doc,) = [g for g in got if g.id == stem]
    if isinstance(outcome, bytes):
        assert isinstance(doc, Input) and doc.data == outcome
    else:
        assert isinstance(doc, Failure) and outcome in doc.reason and "\n" not in doc.reason
        assert str(tmp_path / name) in str(doc)  # the one line names the document
    assert any(isinstance(g, Input) and g.id == "ok" for g in got)  # the batch goes on
