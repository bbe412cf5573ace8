"""The record model: JSON round trip, the span invariant, and the cross-document entity key."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from strategies import records  # tests/ is on sys.path (pytest rootdir-relative import)

from onrecord.model import SCHEMA, Attribution, Entity, Record, Span, check_spans, entity_key


@settings(max_examples=200, deadline=None)
@given(records())
def test_records_round_trip_through_json(record: Record) -> None:
    text = json.dumps(record.to_dict(), ensure_ascii=False)
    back = Record.from_dict(json.loads(text))
    assert back == record
    assert back.to_dict() == record.to_dict()


@settings(max_examples=100, deadline=None)
@given(records())
def test_generated_records_keep_the_span_invariant(record: Record) -> None:
    assert check_spans(record) == []
    assert all(record.text[s.start:s.end] == s.text for s in record.spans())


def test_check_spans_reports_a_span_that_disagrees_with_the_text() -> None:
    text = "Arlen said no."
    good = Attribution("a1", "indirect", (Span.of(text, 11, 13),), cue=Span.of(text, 6, 10))
    bad = Attribution("a2", "indirect", (Span(0, 5, "Arlan"),), cue=Span(6, 40, "said"))
    assert check_spans(Record("d", text, attributions=(good,))) == []
    problems = check_spans(Record("d", text, attributions=(good, bad)))
    assert len(problems) == 2 and "Arlan" in problems[0]


def test_record_dict_has_the_contract_fields() -> None:
    d = Record("x", "Hello.").to_dict()
    assert d["schema"] == SCHEMA == "onrecord/1"
    assert set(d) >= {"schema", "id", "sha256", "text", "published", "lines", "body", "meta", "entities",
                      "attributions", "quantities", "times", "warnings"}
    assert set(d["meta"]) >= {"headline", "authors", "publisher", "dateline", "licence"}


@pytest.mark.parametrize(("parts", "texts"), [
    (((1, 5),), ["Yes,"]),                      # one part: still a list, of one
    (((1, 5), (18, 25)), ["Yes,", "and no."]),  # a quote split around its cue
])
def test_content_is_always_a_list_of_spans(parts: tuple[tuple[int, int], ...], texts: list[str]) -> None:
    text = '"Yes," she said, "and no."'
    a = Attribution("a1", "direct", tuple(Span.of(text, s, e) for s, e in parts))
    content = a.to_dict()["content"]
    assert isinstance(content, list)
    assert [c["text"] for c in content] == texts
    assert a.content_text == " ".join(texts)


def test_a_record_of_the_old_contract_with_a_bare_span_content_is_still_read() -> None:
    # Before 2026-12-04 a one-part content was written as a bare SPAN; stores and JSON Lines
    # files from then must still load, and write back in today's form.
    text = "The mayor said the bridge would reopen."
    old = {"id": "a1", "kind": "indirect", "content": {"start": 15, "end": 38, "text": text[15:38]},
           "cue": {"start": 10, "end": 14, "text": "said"}}
    a = Attribution.from_dict(old)
    assert a.content == (Span.of(text, 15, 38),)
    assert a.to_dict()["content"] == [old["content"]]


@pytest.mark.parametrize("name, type_, key", [
    ("The New York Times", "ORG", "org:new york times"),
    ("Kim Jong Un", "PERSON", "person:kim jong un"),
    ("  Kim   Jong\nUn ", "PERSON", "person:kim jong un"),
    ("Trump\u2019s", "PERSON", "person:trump"),
    ("U.S.", "GPE", "gpe:u.s"),
])
def test_entity_key_normalizes_case_space_article_and_possessive(name: str, type_: str, key: str) -> None:
    assert entity_key(name, type_) == key
    assert Entity("e1", name, type_).key == key
