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


def test_split_quote_content_is_a_list_and_a_single_one_is_a_span() -> None:
    text = '"Yes," she said, "and no."'
    one = Attribution("a1", "direct", (Span.of(text, 1, 5),))
    two = Attribution("a2", "direct", (Span.of(text, 1, 5), Span.of(text, 18, 25)))
    assert isinstance(one.to_dict()["content"], dict)
    assert [c["text"] for c in two.to_dict()["content"]] == ["Yes,", "and no."]
    assert two.content_text == "Yes, and no."


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
