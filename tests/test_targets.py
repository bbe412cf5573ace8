"""targets (about whom): the entities an attribution's content names or refers to, on records
built here by hand and on an article written for this test through the pipeline and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.model import Attribution, Entity, Mention, Span
from onrecord.pipeline import process
from onrecord.stages.targets import resolve_about
from onrecord.store import Store

TEXT = ("Maria Okafor said on Monday that the council had misled Dov Arlen. "
        "Arlen said she was wrong. The harbor board declined to comment.")


def _span(text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def _mention(text: str, kind: str, nth: int = 0) -> Mention:
    s = _span(text, nth)
    return Mention(s.start, s.end, s.text, kind)


ENTITIES = (
    Entity("e1", "Maria Okafor", "PERSON", (_mention("Maria Okafor", "name"), _mention("she", "pronoun"))),
    Entity("e2", "Dov Arlen", "PERSON", (_mention("Dov Arlen", "name"), _mention("Arlen", "partial", 1))),
    Entity("e3", "the council", "ORG", (_mention("the council", "description"),)),
)


@pytest.mark.parametrize(("content", "about"), [
    (["that the council had misled Dov Arlen"], ("e3", "e2")),  # in the order the content names them
    (["she was wrong"], ("e1",)),  # a pronoun the entities stage resolved
    (["The harbor board declined to comment"], ()),  # no entity of the document in it
    (["that the council", "had misled Dov Arlen"], ("e3", "e2")),  # a content in parts
    (["Maria Okafor said on Monday"], ("e1",)),
])
def test_about_lists_the_entities_mentioned_inside_the_content(content: list[str], about: tuple[str, ...]) -> None:
    a = Attribution("a1", "indirect", tuple(_span(c) for c in content))
    (got,) = resolve_about(ENTITIES, (a,))
    assert got.about == about


def test_a_mention_that_only_overlaps_the_content_is_not_inside_it() -> None:
    part = _span("said on Monday that the council had misled Dov")  # cuts "Dov Arlen" in two
    (got,) = resolve_about(ENTITIES, (Attribution("a1", "indirect", (part,)),))
    assert got.about == ("e3",)


def test_about_round_trips_through_the_record() -> None:
    a = Attribution("a1", "indirect", (_span("she was wrong"),), about=("e1",))
    assert a.to_dict()["about"] == ["e1"]
    assert Attribution.from_dict(a.to_dict()) == a
    assert Attribution.from_dict({k: v for k, v in a.to_dict().items() if k != "about"}).about == ()


ARTICLE = """Council Leader Hits Back at Port Chief

By Ana Brill

LAKEPORT — Maria Okafor, the council leader, said on Tuesday that Dov Arlen had ignored three warnings about the dredging contract.

"He knew, and he chose to say nothing," Okafor told reporters outside City Hall.

Arlen, who resigned last week, said the council had never raised the contract with him.
"""


def test_store_and_cli_find_what_was_said_about_a_person(tmp_path: Path) -> None:
    rec = process(ARTICLE, id="leader", published="2024-05-21")
    ents = {e.id: e.name for e in rec.entities}
    said_about = {a.id: [ents[e] for e in a.about] for a in rec.attributions}
    assert any("Dov Arlen" in names for names in said_about.values())
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        store.add([rec])
        about_arlen = store.quotes(about="Dov Arlen")
        assert about_arlen and all("Dov Arlen" in said_about[q.aid] for q in about_arlen)
        assert {q.aid for q in store.quotes(about="Arlen")} == {q.aid for q in about_arlen}  # any name used
        assert {q.aid for q in store.quotes(about="person:dov arlen")} == {q.aid for q in about_arlen}
        assert store.quotes(about="Nobody Here") == []
    res = CliRunner().invoke(cli, ["query", "quotes", "--about", "Dov Arlen", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert {r["aid"] for r in json.loads(res.output)} == {q.aid for q in about_arlen}
