"""Stories and quote trails (store/stories.py, store/trails.py): the matching rules on sentences
written for these tests, and the store built by the real pipeline from three articles: a wire
story, another outlet's copy of it, and a column that quotes the same words with one changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.pipeline import Failure, Input, process_many
from onrecord.store import Store, stories, trails

QUOTE = "We will not reopen the harbour until every pier has been inspected by engineers we trust"


@pytest.mark.parametrize(("a", "b", "same"), [
    (QUOTE, QUOTE, True),
    (QUOTE, QUOTE.lower().replace(",", ""), True),  # case and punctuation are no difference
    (QUOTE, "until every pier has been inspected by engineers", True),  # trimmed
    (QUOTE, "We will not reopen the harbour … by engineers we trust", True),  # ellipsis
    (QUOTE, QUOTE.replace("inspected", "checked"), True),  # one word changed
    (QUOTE, QUOTE.replace("inspected", "checked").replace("trust", "know"), True),  # two
    # A stock phrase shared, and a short quote that is not a cut of the other: two quotes.
    (QUOTE, "We will not reopen the school until the heating works again next winter", False),
    ("This is a very expensive deal", "This is a very big company with many owners", False),
    ("We have to get it right", "We have to get it right this weekend against the leaders", True),
    ("Too short to say", "Too short to say", False),  # under MIN_WORDS: no trail
])
def test_matches(a: str, b: str, same: bool) -> None:
    assert trails.matches(trails.words_of(a), trails.words_of(b)) is same
    assert trails.matches(trails.words_of(b), trails.words_of(a)) is same


@pytest.mark.parametrize(("full", "part", "cut"), [
    (QUOTE, "the harbour until every pier", True),
    (QUOTE, "We will not reopen ... engineers we trust.", True),
    (QUOTE, QUOTE.replace("inspected", "checked"), False),
    (QUOTE, QUOTE + " at all", False),
])
def test_cut_from(full: str, part: str, cut: bool) -> None:
    assert trails.cut_from(trails.words_of(full), trails.words_of(part)) is cut


def test_flags_take_the_wording_most_appearances_support_as_the_reference() -> None:
    w = trails.words_of
    changed = QUOTE.replace("inspected", "checked")
    members = [(w(changed), "person:lena ostrova", "2024-05-01"),  # earliest, but alone
               (w(QUOTE), "person:lena ostrova", "2024-05-02"),
               (w(QUOTE), None, "2024-05-03"),
               (w("until every pier has been inspected"), "person:ostrova", "2024-05-04"),
               (w(QUOTE), "person:kieran doyle", "2024-05-05")]
    flags = trails.flag(members)
    assert [f.altered for f in flags] == [True, False, False, False, False]
    assert flags[0].diff == (("replace", "inspected", "checked"),)
    # "person:ostrova" can be Lena Ostrova; Kieran Doyle is someone else.
    assert [f.other_speaker for f in flags] == [False, False, False, False, True]


def test_an_earlier_wording_is_the_reference_when_support_ties() -> None:
    w = trails.words_of
    later = QUOTE.replace("engineers", "people")
    flags = trails.flag([(w(later), None, "2024-06-02"), (w(QUOTE), None, "2024-06-01")])
    assert [f.altered for f in flags] == [True, False]


def test_members_that_do_not_vote_are_flagged_against_the_others() -> None:
    w = trails.words_of
    changed = QUOTE.replace("inspected", "checked")
    members = [(w(changed), "person:kieran doyle", "2024-05-01"), (w(changed), "person:kieran doyle", "2024-05-02"),
               (w(QUOTE), "person:lena ostrova", "2024-05-03")]
    assert [f.altered for f in trails.flag(members)] == [False, False, True]
    # The two first superseded (a reviewer corrected them): the third alone sets the reference.
    flags = trails.flag(members, voting=[False, False, True])
    assert [(f.altered, f.other_speaker) for f in flags] == [(True, True), (True, True), (False, False)]
    assert trails.flag(members, voting=[False] * 3) == trails.flag(members)  # none votes: all do


def test_quoted_parts_of_a_mixed_attribution_are_its_quoted_stretches() -> None:
    text = 'called the plan "a slow-motion disaster for everyone who fishes here" and said "no"'
    parts = trails.quoted_parts("mixed", [(100, 100 + len(text), text)])
    assert [(p[2], p[0] - 100) for p in parts] == [
        ("a slow-motion disaster for everyone who fishes here", text.index("a slow"))]
    assert trails.quoted_parts("indirect", [(0, len(text), text)]) == []


def _trail_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(trails.TRAILS_DDL)
    return conn


def test_linking_is_the_same_in_one_batch_or_in_several() -> None:
    quotes = [QUOTE, "We will not reopen the school until the heating works again next winter",
              QUOTE.replace("inspected", "checked"), "every pier has been inspected by engineers we trust",
              "The piers on the north side were never touched by the storm at all"]
    items = [trails.Quoted(n + 1, 0, n + 1, 0, len(q), q, None, f"2024-01-0{n + 1}") for n, q in enumerate(quotes)]
    one, several = _trail_db(), _trail_db()
    trails.link(one, items)
    for item in items:
        trails.link(several, [item])
    get = "SELECT attr, trail, altered FROM trail_members ORDER BY attr"
    assert one.execute(get).fetchall() == several.execute(get).fetchall()
    groups = {t for _, t, _ in one.execute(get)}
    assert len(groups) == 3  # the harbour quote (3 wordings), the school, the north piers
    assert [a for a, _, alt in one.execute(get) if alt] == [3]


def test_a_trail_that_two_quotes_bridge_is_merged() -> None:
    left = "The board has known about the cracks in the north pier since last spring"
    right = "since last spring and it chose to say nothing to the crews who moor there"
    whole = left + " " + right.removeprefix("since last spring ")
    conn = _trail_db()
    trails.link(conn, [trails.Quoted(1, 0, 1, 0, 1, left), trails.Quoted(2, 0, 2, 0, 1, right)])
    assert conn.execute("SELECT COUNT(DISTINCT trail) FROM trail_members").fetchone()[0] == 2
    trails.link(conn, [trails.Quoted(3, 0, 3, 0, 1, whole)])
    assert conn.execute("SELECT COUNT(DISTINCT trail) FROM trail_members").fetchone()[0] == 1


BODY = ("The harbour at Port Ellis will remain closed for at least two more weeks after last weekend's "
        "storm tore away sections of three piers, officials said on Tuesday. Fishing crews said the closure "
        "was costing them thousands of pounds a day, and the town council agreed to pay for moorings.")


@pytest.mark.parametrize(("other", "copy"), [
    (BODY, True),
    ("Valley Gazette | Home | Sport\nSubscribe\n\n" + BODY + "\n\nCopyright Coastal Wire.", True),
    (BODY.replace("thousands", "hundreds").replace("Tuesday", "Monday"), True),
    (BODY.split(". Fishing")[0] + ".", True),  # a trimmed copy: its shingles are all in the first
    (("The council of Port Ellis met on Tuesday to discuss the budget for next year, and agreed to "
      "raise parking charges at the seafront by ten percent from the spring onwards."), False),
])
def test_copies(other: str, copy: bool) -> None:
    a, b = stories.shingles(BODY), stories.shingles(other)
    assert stories.copies(stories.signature(a), len(a), stories.signature(b), len(b)) is copy


def test_signatures_are_the_same_in_every_process() -> None:
    # Fixed hash parameters: a store written by one process is read and extended by others.
    sig = stories.signature(stories.shingles(BODY))
    assert sig.dtype.name == "uint32" and len(sig) == stories.N_HASHES
    assert int(sig.sum()) == int(stories.signature(stories.shingles(BODY)).sum())
    assert len(set(stories.bands(sig))) == stories.BANDS


WIRE = f"""Harbour to Stay Shut After Storm Damage

By Tomas Verga, Coastal Wire

PORT ELLIS — The harbour at Port Ellis will remain closed for at least two more weeks after last weekend's storm tore away sections of three piers, officials said on Tuesday.

"{QUOTE}," Harbour Master Lena Ostrova told reporters at the quayside. "Nobody is going to put a ferry against a wall that might not be there tomorrow."

Fishing crews said the closure was costing them thousands of pounds a day. Ostrova said the town council had agreed to pay for temporary moorings in the outer bay.

The storm also flooded dozens of homes along the seafront road, where residents spent the week pumping water from cellars.
"""

COPY = "Valley Gazette | News | Sport | Weather\nSubscribe\n\n" + WIRE + "\nCopyright Coastal Wire. All rights reserved.\n"

COLUMN = f"""Port Ellis Counts the Cost

By Anna Brill

Two weeks on, the ferries still sit idle in the outer bay, and the town's patience is wearing thin.

Lena Ostrova, the harbour master, has made her position plain. "{QUOTE.replace("inspected", "checked")}," she said last week.

Not everyone agrees. "The piers on the north side were never touched by the storm," said Kieran Doyle, who runs a boat repair yard near the old customs house. "We could be working tomorrow."
"""


@pytest.fixture(scope="module")
def outcomes() -> list:
    out = list(process_many([Input("wire", WIRE, "2024-05-14"), Input("copy", COPY, "2024-05-15"),
                             Input("column", COLUMN, "2024-05-20")]))
    assert not [o for o in out if isinstance(o, Failure)]
    return out


def test_the_store_groups_copies_and_trails_and_flags_the_changed_word(outcomes: list, tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        store.add(outcomes)
        (story,) = store.stories()
        assert (story.copies, story.inputs, story.ids, story.first_doc_id) == (2, 2, ("copy", "wire"), "wire")
        assert story.first_published == "2024-05-14"
        rows = store.trails()
        top = rows[0]
        assert QUOTE in top.text and (top.appearances, top.stories, top.altered) == (3, 2, 1)
        assert top.first_doc_id == "wire"
        apps = store.trail(top.trail)
        assert [a.doc_id for a in apps] == ["wire", "copy", "column"]
        column = apps[2]
        assert column.altered and column.diff == (("replace", "inspected", "checked"),)
        assert WIRE[apps[0].start:apps[0].end] == apps[0].text
        assert store.trails(altered=True)[0].trail == top.trail
        assert store.trails(search="reopen the harbour")[0].trail == top.trail
        assert store.trails(search="north side") == []  # printed once: not a trail
        quotes = store.quotes(search="reopen the harbour")
        assert {q.trail for q in quotes} == {top.trail}


def test_a_store_linked_batch_by_batch_equals_one_linked_at_once(outcomes: list, tmp_path: Path) -> None:
    with Store.open(tmp_path / "one.db") as one, Store.open(tmp_path / "each.db") as each:
        one.add(outcomes)
        for o in outcomes:
            each.add([o])
        for sql in (("SELECT d.id, (SELECT id FROM documents WHERE pk = s.story) FROM story_members s "
                     "JOIN documents d ON d.pk = s.doc ORDER BY d.id"),
                    ("SELECT d.id, a.aid, t.part, t.altered FROM trail_members t JOIN attributions a "
                     "ON a.pk = t.attr JOIN documents d ON d.pk = t.doc ORDER BY d.id, a.aid, t.part")):
            assert one.sql(sql)[1] == each.sql(sql)[1]


def test_documents_stored_before_version_4_are_linked_by_the_migration(outcomes: list, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        store.add(outcomes[:2])
    # Take the store back to version 3: the documents held, no stories, trails or said_at (nor version
    # 5's corrections; its attributions.layer column may stay: version 5 copies the columns it names).
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP TABLE corrections; DROP TABLE story_members; DROP TABLE story_bands; DROP TABLE trail_members; DROP TABLE trail_grams; "
        "DROP TABLE attribution_about; DROP INDEX attributions_said; ALTER TABLE attributions DROP COLUMN said_start; "
        "ALTER TABLE attributions DROP COLUMN said_end; ALTER TABLE attributions DROP COLUMN said_from; "
        "DELETE FROM schema_version WHERE version >= 4;")
    conn.commit()
    conn.close()
    with Store.open(db) as store:  # migrates to version 4, linking what it holds
        assert len(store.stories()) == 1
        assert store.trails()[0].appearances == 2
        store.add(outcomes[2:])
        assert len(store.stories()) == 1
        assert store.trails()[0].appearances == 3


def test_cli_lists_trails_stories_and_one_trail(outcomes: list, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with Store.open(db) as store:
        store.add(outcomes)
    run = CliRunner().invoke
    res = run(cli, ["query", "trails", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows[0]["appearances"] == 3
    res = run(cli, ["query", "trail", str(rows[0]["trail"]), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert [a["altered"] for a in json.loads(res.output)] == [False, False, True]
    res = run(cli, ["query", "stories", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["copies"] == 2
    res = run(cli, ["query", "trail", "999", "--db", str(db)])
    assert res.exit_code == 2 and "no trail 999" in res.output


def test_a_ray_runs_output_is_grouped_as_its_ingest_stores_it(outcomes: list, tmp_path: Path) -> None:
    # The Ray runner writes Parquet; `onrecord ingest OUTPUT` adds it through the same batches.
    from test_engine_parquet import _write_output

    from onrecord.engines import parquet

    out = tmp_path / "run"
    _write_output(out, outcomes, [])
    with Store.open(tmp_path / "ray.db") as ray_store, Store.open(tmp_path / "local.db") as local:
        parquet.ingest_output(ray_store, out)
        local.add(outcomes)
        assert [s.ids for s in ray_store.stories()] == [s.ids for s in local.stories()] == [("copy", "wire")]
        assert [(t.appearances, t.altered) for t in ray_store.trails()] == \
            [(t.appearances, t.altered) for t in local.trails()]


def test_an_empty_query_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with Store.open(db):
        pass
    res = CliRunner().invoke(cli, ["query", "quotes", "--about", "Nobody", "--db", str(db)])
    assert res.exit_code == 0 and res.stdout == "" and "no quotes found" in res.stderr


def test_reprocessing_with_the_same_output_keeps_stories_and_trails(outcomes: list, tmp_path: Path) -> None:
    # `onrecord ingest --reprocess` deletes a document's rows and links it again.
    with Store.open(tmp_path / "r.db") as store:
        store.add(outcomes)

        def summary() -> tuple[object, ...]:
            return ([(s.copies, s.ids) for s in store.stories()],
                    [(t.text, t.appearances, t.stories, t.altered) for t in store.trails()])

        before = summary()
        pks = [pk for (pk,) in store.sql("SELECT pk FROM documents ORDER BY pk")[1]]
        result = store.replace_batch(list(zip(pks, outcomes)))
        assert (result.documents, result.failed) == (3, 0)
        assert summary() == before
