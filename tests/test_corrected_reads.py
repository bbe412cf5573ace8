"""The reads that follow reviewers' corrections beyond quotes and records: quote trails (a wrong
attribution leaves its trail, a corrected or added quote joins one, undo puts things back, and
--raw / ?raw= show the pipeline's), the entities and speakers a reviewer named, the documents'
attribution counts; and ``ingest --reprocess`` refusing the options it cannot honour. Through the
real store, command line and API, on articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spans import prefixed
from test_store import _quote_record  # tests/ is on sys.path (pytest rootdir-relative import)

from onrecord.cli import cli
from onrecord.model import Record
from onrecord.store import Store

QUOTE = "We will not give up the weapons"


def _copy(doc_id: str, lead: str, published: str) -> Record:
    """The summit story as another outlet printed it: another opening line, the same quote of Kim's."""
    d = prefixed(_quote_record(doc_id), lead)
    d["published"] = published
    return Record.from_dict(d)


def _unquoted(doc_id: str) -> Record:
    """A column that repeats Kim's words, which the pipeline did not take for a quote."""
    text = f'A week on, the line still rings: "{QUOTE}," as the envoys heard it.\n'
    return Record(id=doc_id, text=text, published="2018-06-20")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "t.db"
    with Store.open(path) as s:
        s.add([_quote_record("wire"), _copy("paper", "From our correspondent.\n\n", "2018-06-13"),
               _copy("weekly", "Weekly digest.\n\n", "2018-06-14"), _unquoted("column")])
    return str(path)


def _trail(st: Store, *, raw: bool = False) -> list[tuple[str, str | None]]:
    (row,) = st.trails(raw=raw)
    return [(a.doc_id, a.speaker_name) for a in st.trail(row.trail, raw=raw)]


def test_a_wrong_attribution_leaves_its_trail_and_undo_puts_it_back(db: str) -> None:
    with Store.open(db) as st:
        assert _trail(st) == [("wire", "Kim Jong Un"), ("paper", "Kim Jong Un"), ("weekly", "Kim Jong Un")]
        w = st.correct_wrong("paper:a1")
        assert _trail(st) == [("wire", "Kim Jong Un"), ("weekly", "Kim Jong Un")]
        assert [r.appearances for r in st.trails()] == [2]
        assert _trail(st, raw=True) == [("wire", "Kim Jong Un"), ("paper", "Kim Jong Un"), ("weekly", "Kim Jong Un")]
        assert [q.trail is not None for q in st.quotes(search=QUOTE)] == [True, True]
        assert st.trails_of(st.documents(id="paper")[0].sha256) == {}
        st.correct_wrong("weekly:a1")  # one appearance left: no trail any more in the corrected view
        assert st.trails() == [] and len(st.trails(raw=True)) == 1
        assert [q.trail for q in st.quotes(search=QUOTE)] == [None]
        st.undo_correction(w.id)
        assert _trail(st) == [("wire", "Kim Jong Un"), ("paper", "Kim Jong Un")]


def test_a_corrected_speaker_is_in_the_trail_and_flagged_as_another_speaker(db: str) -> None:
    with Store.open(db) as st:
        st.correct_speaker("weekly:a1", name="Moon Jae-in")
        assert _trail(st) == [("wire", "Kim Jong Un"), ("paper", "Kim Jong Un"), ("weekly", "Moon Jae-in")]
        (row,) = st.trails()
        assert (row.appearances, row.other_speaker, row.speakers) == (3, 1, ("Kim Jong Un", "Moon Jae-in"))
        assert [a.other_speaker for a in st.trail(row.trail)] == [False, False, True]
        assert _trail(st, raw=True) == [("wire", "Kim Jong Un"), ("paper", "Kim Jong Un"), ("weekly", "Kim Jong Un")]
        assert [a.other_speaker for a in st.trail(row.trail, raw=True)] == [False, False, False]
        assert [r.trail for r in st.trails(speaker="Moon Jae-in")] == [row.trail]
        assert st.trails(speaker="Moon Jae-in", raw=True) == []


def test_an_added_quote_joins_the_trail_and_leaves_it_on_undo(db: str) -> None:
    text = _unquoted("column").text
    with Store.open(db) as st:
        c = st.correct_add("column", (text.index(QUOTE), text.index(QUOTE) + len(QUOTE)), name="Kim Jong Un",
                           kind="direct")
        (row,) = st.trails()
        assert [a.doc_id for a in st.trail(row.trail)] == ["wire", "paper", "weekly", "column"]
        assert [a.doc_id for a in st.trail(row.trail, raw=True)] == ["wire", "paper", "weekly"]
        st.undo_correction(c.id)
        assert [a.doc_id for a in st.trail(row.trail)] == ["wire", "paper", "weekly"]
        assert st.integrity() == "ok"


def test_a_moved_content_is_linked_by_its_new_words(db: str) -> None:
    text = _quote_record().text
    with Store.open(db) as st:
        # The wire's quote cut to its first words, too short for a trail: it leaves the trail.
        st.correct_content("wire:a1", text.index("We will"), text.index(" give"))
        assert [a.doc_id for a in st.trail(st.trails()[0].trail)] == ["paper", "weekly"]
        assert [a.doc_id for a in st.trail(st.trails(raw=True)[0].trail, raw=True)] == ["wire", "paper", "weekly"]


def test_reprocessing_keeps_the_corrected_trails(db: str) -> None:
    with Store.open(db) as st:
        st.correct_speaker("weekly:a1", name="Moon Jae-in")
        st.correct_wrong("paper:a1")
        before = _trail(st), _trail(st, raw=True)
        pks = {d.id: int(st.sql("SELECT pk FROM documents WHERE id = ?", (d.id,))[1][0][0]) for d in st.documents()}
        result = st.replace_batch([(pks["paper"], _copy("paper", "From our correspondent.\n\n", "2018-06-13")),
                                   (pks["weekly"], _copy("weekly", "Weekly digest.\n\n", "2018-06-14"))])
        assert (result.applied, result.not_applied) == (2, ())
        assert (_trail(st), _trail(st, raw=True)) == before


def test_cli_and_api_trails_show_the_corrected_view_and_raw_the_pipelines(db: str) -> None:
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    with Store.open(db) as st:
        st.correct_wrong("paper:a1")
        trail = st.trails()[0].trail
    run = CliRunner().invoke
    listed = json.loads(run(cli, ["query", "trails", "--json", "--db", db]).output)
    assert [t["appearances"] for t in listed] == [2]
    assert [t["appearances"] for t in json.loads(run(cli, ["query", "trails", "--raw", "--json", "--db", db]).output)] == [3]
    one = json.loads(run(cli, ["query", "trail", str(trail), "--json", "--db", db]).output)
    assert [a["doc_id"] for a in one] == ["wire", "weekly"]
    raw = json.loads(run(cli, ["query", "trail", str(trail), "--raw", "--json", "--db", db]).output)
    assert [a["doc_id"] for a in raw] == ["wire", "paper", "weekly"]
    with TestClient(create_app(db, allow_hosts=["testserver"])) as client:
        assert [t["appearances"] for t in client.get("/api/trails").json()["items"]] == [2]
        assert [t["appearances"] for t in client.get("/api/trails?raw=true").json()["items"]] == [3]
        assert [a["doc_id"] for a in client.get(f"/api/trails/{trail}").json()["items"]] == ["wire", "weekly"]
        assert len(client.get(f"/api/trails/{trail}?raw=1").json()["items"]) == 3
        page, raw_page = client.get(f"/trail/{trail}").text, client.get(f"/trail/{trail}?raw=1").text
        assert "/doc/" + _sha(db, "paper") not in page and "/doc/" + _sha(db, "paper") in raw_page
        assert "without reviewers" not in page and "without reviewers" in raw_page


def test_query_trail_says_when_only_the_other_view_has_it(db: str) -> None:
    with Store.open(db) as st:
        st.correct_wrong("paper:a1")
        st.correct_wrong("weekly:a1")
        st.correct_wrong("wire:a1")
        trail = st.trails(raw=True)[0].trail
    res = CliRunner().invoke(cli, ["query", "trail", str(trail), "--db", db])
    assert res.exit_code == 2 and "no appearance in the corrected view" in res.output and "--raw" in res.output


def _sha(db: str, doc_id: str) -> str:
    with Store.open(db, readonly=True) as st:
        return st.documents(id=doc_id)[0].sha256


# ---------------------------------------------------------------- entities, speakers, documents


def test_a_speaker_only_a_reviewer_named_is_listed(db: str) -> None:
    with Store.open(db) as st:
        st.correct_speaker("weekly:a1", name="Moon Jae-in")
        st.correct_speaker("paper:a1", name="Moon Jae-in")
        moon = ("person:moon jae-in", "Moon Jae-in", "PERSON", 2, 0, 2)
        assert [tuple(r.to_dict().values()) for r in st.entities() if r.name == "Moon Jae-in"] == [moon]
        assert [r.key for r in st.entities(type="person")] == ["person:kim jong un", "person:moon jae-in"]
        assert [r.key for r in st.entities(type="ORG")] == []
        assert [(r.key, r.quotes) for r in st.speakers()] == [("person:kim jong un", 4), ("person:moon jae-in", 2)]
        assert [r.key for r in st.speakers(raw=True)] == ["person:kim jong un"]
        assert [r.key for r in st.entities(raw=True)] == ["person:kim jong un"]
        assert st.entity("person:moon jae-in") is not None
    res = CliRunner().invoke(cli, ["query", "entities", "--json", "--db", db])
    assert [e["name"] for e in json.loads(res.output)] == ["Kim Jong Un", "Moon Jae-in"]
    raw = CliRunner().invoke(cli, ["query", "entities", "--raw", "--json", "--db", db])
    assert [e["name"] for e in json.loads(raw.output)] == ["Kim Jong Un"]
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    with TestClient(create_app(db, allow_hosts=["testserver"])) as client:
        assert [e["name"] for e in client.get("/api/entities").json()["items"]] == ["Kim Jong Un", "Moon Jae-in"]
        assert [e["name"] for e in client.get("/api/entities?raw=1").json()["items"]] == ["Kim Jong Un"]
        assert "/speaker/person%3Amoon%20jae-in" in client.get("/").text  # the index: the most quoted speakers


def test_documents_count_the_attributions_of_the_view_shown(db: str) -> None:
    text = _unquoted("column").text
    with Store.open(db) as st:
        st.correct_wrong("paper:a2")
        st.correct_speaker("paper:a1", name="Moon Jae-in")  # changed, not added: counted once
        st.correct_add("column", (text.index(QUOTE), text.index(QUOTE) + len(QUOTE)), name="Kim Jong Un")
        counts = {d.id: d.n_attributions for d in st.documents()}
        assert counts == {"wire": 2, "paper": 1, "weekly": 2, "column": 1}
        assert {d.id: d.n_attributions for d in st.documents(raw=True)} == {"wire": 2, "paper": 2, "weekly": 2,
                                                                            "column": 0}
    run = CliRunner().invoke
    docs = json.loads(run(cli, ["query", "docs", "--json", "--db", db]).output)
    assert {d["id"]: d["n_attributions"] for d in docs} == counts
    raw = json.loads(run(cli, ["query", "docs", "--raw", "--json", "--db", db]).output)
    assert {d["id"]: d["n_attributions"] for d in raw}["paper"] == 2


# ---------------------------------------------------------------- ingest --reprocess


@pytest.mark.parametrize(("args", "named"), [
    (["--published", "2020-01-02"], "--published cannot"),
    (["--input-format", "jsonl"], "--input-format cannot"),
    (["--input-format", "text"], "--input-format cannot"),  # given, even as the default: refused, not ignored
    (["--published", "2020-01-02", "--input-format", "jsonl"], "--published and --input-format cannot"),
])
def test_reprocess_refuses_the_options_that_read_paths(db: str, args: list[str], named: str) -> None:
    res = CliRunner().invoke(cli, ["ingest", "--reprocess", *args, "--db", db])
    assert res.exit_code == 2, res.output
    assert named in res.output and "leave" in res.output
    assert len([line for line in res.output.splitlines() if line.strip()]) == 1
