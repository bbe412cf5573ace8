"""when (said_at): the time a statement was made, from a time expression the parse hangs on its
cue, else the publication date; and the store's date filters on it. Sentences written for these
tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.model import Attribution, SaidAt, Span
from onrecord.pipeline import process
from onrecord.store import Store


@pytest.mark.parametrize(("text", "source", "span", "start"), [
    ("Maria Okafor said on Monday that the council had misled the port.", "text", "Monday", "2024-05-13"),
    ("On Tuesday, the ministry announced that the plant would close.", "text", "Tuesday", "2024-05-14"),
    ("She told the station in an interview aired Friday that the company had hidden the losses.",
     "text", "Friday", "2024-05-17"),
    # A time inside the content is what was said, not when.
    ("Dov Arlen said the plant would close in March.", "published", None, "2024-05-17"),
    # A time that dates another verb of the sentence does not date the statement.
    ("The mayor resigned on Friday, two weeks after auditors said the contract was flawed.",
     "published", None, "2024-05-17"),
    ("Ira Feld, who ordered the audit last year, said the findings would be public.",
     "published", None, "2024-05-17"),
])
def test_said_at(text: str, source: str, span: str | None, start: str) -> None:
    rec = process(text, id="t", published="2024-05-17")
    said = [a.said_at for a in rec.attributions if a.kind != "topic"]
    assert said and said[-1] is not None
    got = said[-1]
    assert (got.source, got.span.text if got.span else None, got.start) == (source, span, start)
    if got.span:
        assert rec.text[got.span.start:got.span.end] == got.span.text


def test_without_a_publication_date_a_time_in_the_text_is_kept_unplaced() -> None:
    rec = process("Maria Okafor said on Monday that the council had misled the port.", id="t")
    (a,) = rec.attributions
    assert a.said_at is not None and a.said_at.source == "text" and a.said_at.span is not None
    rec = process("Dov Arlen said the audit was unfair.", id="t")
    assert rec.attributions[0].said_at is None  # neither the text nor a date tells: unknown


def test_said_at_round_trips() -> None:
    a = Attribution("a1", "indirect", (Span(0, 3, "abc"),),
                    said_at=SaidAt("text", "2024-05-13", "2024-05-13", Span(4, 10, "Monday")))
    d = a.to_dict()
    assert d["said_at"] == {"span": {"start": 4, "end": 10, "text": "Monday"}, "start": "2024-05-13",
                            "end": "2024-05-13", "from": "text"}
    assert Attribution.from_dict(d) == a
    assert Attribution.from_dict({**d, "said_at": None}).said_at is None


def test_store_and_cli_filter_by_when_it_was_said(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with Store.open(db) as store:
        store.add([process("Maria Okafor said on Monday that the council had misled the port.", id="a",
                           published="2024-05-17"),
                   process("Dov Arlen said the audit was unfair.", id="b", published="2024-06-03"),
                   process("Dov Arlen said he would appeal.", id="c")])
        assert {(q.doc_id, q.said_start, q.said_from) for q in store.quotes()} == {
            ("a", "2024-05-13", "text"), ("b", "2024-06-03", "published"), ("c", None, None)}
        assert [q.doc_id for q in store.quotes(since="2024-05-14")] == ["b"]
        assert [q.doc_id for q in store.quotes(until="2024-05-14")] == ["a"]
        assert [q.doc_id for q in store.quotes(since="2024-05-13", until="2024-05-13")] == ["a"]
    run = CliRunner().invoke
    res = run(cli, ["query", "quotes", "--since", "2024-06-01", "--db", str(db), "--json"])
    assert res.exit_code == 0 and '"doc_id": "b"' in res.output and '"doc_id": "a"' not in res.output
    res = run(cli, ["query", "quotes", "--since", "2024-13-01", "--db", str(db)])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
