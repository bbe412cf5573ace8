"""The meta stage: headline, authors and roles, publisher, dateline, licence, date in the text.

Every page and line here is invented; none is taken from the shared data.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import design_page

from onrecord.model import Record, check_spans
from onrecord.stages import layout, meta
from onrecord.stages.meta import extract_meta, parse_byline, parse_date, parse_outlet
from onrecord.stages.read import Source
from onrecord.state import Input, Options, State

BODY = [
    ("The head of the Lakeport port authority resigned on Friday, two weeks after auditors questioned a "
    "$40 million dredging contract that had been awarded without a public tender."),
    ("\u201cI have done nothing wrong,\u201d Dov Arlen told reporters outside his home. \u201cBut the port "
    "deserves a leader without a cloud over him.\u201d"),
    ("Arlen, who ran the authority for almost nine years, said that he would cooperate with the inquiry "
    "and that he expected to be cleared of any wrongdoing by the end of the year."),
]


def meta_of(text: str, **kw: object) -> meta.Meta:
    m = extract_meta(text, layout.label_lines(text), **kw)  # type: ignore[arg-type]
    rec = Record(id="t", text=text, meta=m)
    assert check_spans(rec) == []
    return m


def names(m: meta.Meta) -> list[tuple[str, str | None]]:
    return [(a.name.text, a.role.text if a.role else None) for a in m.authors]


# ------------------------------------------------------------------ parsers


@pytest.mark.parametrize("line, authors, outlet", [
    ("By Mara Quint", [("Mara Quint", None)], None),
    ("BY MARA QUINT AND DOV ARLEN", [("MARA QUINT", None), ("DOV ARLEN", None)], None),
    ("By Mara Quint, Dov Arlen and Lee Chen", [("Mara Quint", None), ("Dov Arlen", None), ("Lee Chen", None)], None),
    ("By Mara Quint | Reuters", [("Mara Quint", None)], "Reuters"),
    ("Mara Quint, Associated Press", [("Mara Quint", None)], "Associated Press"),
    ("By Meg Lanning Staff Writer", [("Meg Lanning", "Staff Writer")], None),
    ("Mara Quint Senior Business Reporter", [("Mara Quint", "Senior Business Reporter")], None),
    ("Ryan Pickrell China/Asia Pacific Reporter", [("Ryan Pickrell", "China/Asia Pacific Reporter")], None),
    ("By Mara Quint, Staff Writer", [("Mara Quint", "Staff Writer")], None),
    ("Posted by Mara J. Quint on November 19, 2019, 6:21 AM EST", [("Mara J. Quint", None)], None),
    ("By Regan December 6, 2017", [("Regan", None)], None),
    ("By Mara Quint and Dov Arlen Updated 3:14 PM ET", [("Mara Quint", None), ("Dov Arlen", None)], None),
    ("By Heidi M. Przyb, USA Today", [("Heidi M. Przyb", None), ("USA Today", None)], None),
])
def test_parse_byline(line: str, authors: list[tuple[str, str | None]], outlet: str | None) -> None:
    b = parse_byline(line, 0, len(line))
    assert b is not None
    assert [(a.name.text, a.role.text if a.role else None) for a in b.authors] == authors
    assert (parse_outlet(b.outlet.text) if b.outlet else None) == outlet


@pytest.mark.parametrize("line", ["By the end of the week", "Share this", "By 2019", "Mara Quint's Notebook"])
def test_parse_byline_none(line: str) -> None:
    assert parse_byline(line, 0, len(line)) is None


@pytest.mark.parametrize("line, authors, outlet", [
    ("By Harbor Ledger's Mara Quint", ["Mara Quint"], "Harbor Ledger"),
    ("Lakeport Daily Star\u2019s Mara Quint and Dov Arlen", ["Mara Quint", "Dov Arlen"], "Lakeport Daily Star"),
    ("By Port Times' Mara Quint, Staff Writer", ["Mara Quint"], "Port Times"),
    ("By the Harbor Ledger's staff", [], "Harbor Ledger"),  # the outlet's credit names no person
])
def test_parse_byline_possessive_outlet(line: str, authors: list[str], outlet: str) -> None:
    b = parse_byline(line, 0, len(line))
    assert b is not None and b.outlet is not None
    assert [a.name.text for a in b.authors] == authors and b.outlet.text == outlet


@pytest.mark.parametrize("s, iso", [
    ("Published 3:14 PM ET, Tue March 7, 2017", "2017-03-07"),
    ("Updated Nov. 8, 2016", "2016-11-08"),
    ("20 November 2019, 11:54", "2019-11-20"),
    ("2019-11-20T10:00:00Z", "2019-11-20"),
    ("20/11/2019 / 11:54 am", "2019-11-20"),
    ("11/20/2019", "2019-11-20"),
    ("03/04/2019", None),  # day and month could be either
    ("Feb. 30, 2019", None),
    ("March 7", None),  # no year: not a full date
    ("no date here", None),
])
def test_parse_date(s: str, iso: str | None) -> None:
    assert parse_date(s) == iso


@pytest.mark.parametrize("credit, name", [
    ("AP", "Associated Press"), ("The Associated Press", "Associated Press"), ("reuters", "Reuters"),
    ("AFP", "Agence France-Presse"), ("UPI", "United Press International"), ("Harbor Ledger", None),
])
def test_parse_outlet(credit: str, name: str | None) -> None:
    assert parse_outlet(credit) == name


# ------------------------------------------------------------------ whole articles


def test_design_example() -> None:
    text = design_page(BODY)
    m = meta_of(text)
    assert m.headline is not None and m.headline.text == "Port Authority Chief Resigns Amid Dredging Inquiry"
    assert names(m) == [("Mara Quint", "Senior Business Reporter")]
    assert m.publisher is not None and m.publisher.name == "Harbor Ledger"
    assert m.licence is not None and m.licence.text.startswith("All content created by Harbor Ledger")


def test_wire_dateline_gives_place_author_and_publisher() -> None:
    text = "Port chief resigns\n\nLAKEPORT, Ore. (AP) \u2014 " + BODY[0] + "\n\n" + BODY[1]
    m = meta_of(text)
    assert m.dateline is not None and m.dateline.text == "LAKEPORT, Ore."
    assert names(m) == [("AP", None)]
    assert m.publisher is not None and m.publisher.name == "Associated Press"


@pytest.mark.parametrize("first, place, wire", [
    ("MEXICO CITY, Feb. 8 (UPI) \u2014 ", "MEXICO CITY", "UPI"),
    ("New York (AFP) \u2013 ", "New York", "AFP"),
    ("TALLAHASSEE \u2014 ", "TALLAHASSEE", None),
    ("Dec 29 (Reuters) - ", None, "Reuters"),
])
def test_datelines(first: str, place: str | None, wire: str | None) -> None:
    text = "Port chief resigns\n\n" + first + BODY[0]
    lines = layout.label_lines(text)
    p, w = meta.extract_dateline(text, lines)
    assert (p.text if p else None) == place
    assert (w.text if w else None) == wire


def test_scraped_page_title_byline_date_and_copyright() -> None:
    text = "\n".join([
        "Port Chief Resigns Amid Dredging Inquiry | The Lakeport Gazette", "",
        "Home", "News", "Business", "Sports", "Opinion", "",
        "Port Chief Resigns Amid Dredging Inquiry", "",
        "By Mara Quint and Dov Arlen", "Published 3:14 PM ET, Tue March 7, 2017", "Updated 5:02 PM ET, Tue March 7, 2017", "",
        BODY[0], "", BODY[1], "", BODY[2], "",
        "\u00a9 2017 The Lakeport Gazette Company. All rights reserved.",
    ])
    m = meta_of(text)
    assert m.headline is not None and m.headline.text == "Port Chief Resigns Amid Dredging Inquiry"
    assert text[:m.headline.start].count("\n") == 8  # the headline above the text, not the page title
    assert names(m) == [("Mara Quint", None), ("Dov Arlen", None)]
    assert m.published_in_text == "2017-03-07"
    assert m.publisher is not None and m.publisher.name == "The Lakeport Gazette"


def test_page_title_suffix_is_the_publisher_when_the_page_names_it() -> None:
    text = "\n".join([
        "Port Chief Resigns Amid Dredging Inquiry - Harbor Ledger", "",
        BODY[0], "", BODY[1], "", BODY[2], "", "About Harbor Ledger",
    ])
    m = meta_of(text)
    assert m.headline is not None and m.headline.text == "Port Chief Resigns Amid Dredging Inquiry"
    assert m.publisher is not None and m.publisher.name == "Harbor Ledger"
    assert m.publisher.span is not None and m.publisher.span.start < 60


def test_headline_dash_clause_is_not_a_site() -> None:
    text = "Port chief resigns - and the board may follow\n\n" + "\n\n".join(BODY)
    m = meta_of(text)
    assert m.headline is not None and m.headline.text == "Port chief resigns - and the board may follow"


def test_two_line_headline_spans_both() -> None:
    text = "Port chief resigns; \nAuditors questioned a dredging contract.\n\n" + "\n\n".join(BODY)
    m = meta_of(text)
    assert m.headline is not None
    assert " ".join(m.headline.text.split()) == "Port chief resigns; Auditors questioned a dredging contract."


@pytest.mark.parametrize("note, author, role", [
    ("Mara Quint is a senior reporter at the Harbor Ledger.", "Mara Quint", "a senior reporter at the Harbor Ledger"),
    ("Rep. Mara Quint, D-Ore., chairs the House harbor committee.", "Mara Quint", "the House harbor committee"),
    ("Mara Quint, a former harbor pilot, is director of the Port Institute.", "Mara Quint",
     "director of the Port Institute"),
    ("\u2014 Mara Quint", "Mara Quint", None),
    ("Follow Mara Quint on Twitter @mquint.", "Mara Quint", None),
    ("Follow Ledger investigative reporter Mara Quint on Twitter at @mquint.", "Mara Quint", None),
    ("Mara Quint reported from Lakeport.", "Mara Quint", None),
    ("Story by Mara Quint\u00a0Video produced by Lee Chen", "Mara Quint", None),
    ("Rep. Mara Quint, D-Ore., was an early backer of the dredging plan.", "Mara Quint",
     "an early backer of the dredging plan"),
    ("M. Lee Chen, a retired harbor pilot, taught navigation at the Lakeport Maritime Academy.", "M. Lee Chen",
     "a retired harbor pilot"),
    ("This piece first appeared on Harbor Policy Review.", "Harbor Policy Review", None),
    ("This article was originally published by The Lakeport Ledger.", "The Lakeport Ledger", None),
    ("This commentary originally appeared in Harbor Policy Review on March 3, 2016.", "Harbor Policy Review", None),
])
def test_authors_from_notes_under_the_article(note: str, author: str, role: str | None) -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(BODY) + "\n\n" + note
    assert names(meta_of(text)) == [(author, role)]


def test_reporters_of_a_wire_story_beat_the_wire() -> None:
    last = BODY[2] + " (Reporting by Mara Quint in Lakeport and Dov Arlen; Editing by Lee Chen)"
    text = "Port chief resigns\n\nLAKEPORT, Ore. (Reuters) - " + BODY[0] + "\n\n" + last
    assert names(meta_of(text)) == [("Mara Quint", None), ("Dov Arlen", None)]


def test_contributors_are_not_authors() -> None:
    text = ("Port chief resigns\n\n" + "\n\n".join(BODY)
            + "\n\nLee Chen contributed reporting from Salem. Mara Quint reported from Lakeport.")
    assert names(meta_of(text)) == [("Mara Quint", None)]


@pytest.mark.parametrize("last", [
    "This story was first published on March 3, 2016.",
    "This article was originally published in print under a different headline.",
    "Lee Chen was the first director of the port. She retired in 1990 and still lives in Lakeport.",
    "Arlen was a harbor pilot for twenty years before he ran the authority.",
    "The port defended the contract in a letter, written by Lee Chen, its general counsel, on Monday.",
])
def test_closing_lines_that_name_no_author(last: str) -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(BODY) + "\n\n" + last
    assert names(meta_of(text)) == []


def test_a_named_author_beats_the_first_outlet() -> None:
    text = ("Port chief resigns\n\nBy Mara Quint\n\n" + "\n\n".join(BODY)
            + "\n\nThis piece first appeared on Harbor Policy Review.")
    assert names(meta_of(text)) == [("Mara Quint", None)]


def test_possessive_byline_gives_author_and_publisher() -> None:
    text = "Port chief resigns\n\nBy Harbor Ledger\u2019s Mara Quint\n\n" + "\n\n".join(BODY)
    m = meta_of(text)
    assert names(m) == [("Mara Quint", None)]
    assert m.publisher is not None and m.publisher.name == "Harbor Ledger"


COLUMN = [
    "I have lived in Lakeport for thirty years, and I have never seen the port run as badly as it is now.",
    "My neighbors ask me why the board waited so long. \u201cThey were asleep,\u201d one of them told me.",
    "The inquiry will take months. The harbor cannot wait for it, and neither can the people who work there.",
]


@pytest.mark.parametrize("headline, body, author", [
    ("Mara Quint: Why Lakeport Needs a New Port Chief", COLUMN, "Mara Quint"),
    # A speaker's words as the headline: the report names the speaker again.
    ("Dov Arlen: I Did Nothing Wrong", BODY, None),
    # Not a person: no given name leads the headline.
    ("Harbor Watch: Why Lakeport Needs a New Port Chief", COLUMN, None),
    # The first person only inside quotes: a report, not a column.
    ("Nina Hale: The Port Must Change", [BODY[0], "\u201cI saw it myself, and my crew saw it too,\u201d a pilot said.",
                                        BODY[2].replace("Arlen", "The chief")], None),
])
def test_columnist_named_in_the_headline(headline: str, body: list[str], author: str | None) -> None:
    text = headline + "\n\n" + "\n\n".join(body)
    assert names(meta_of(text)) == ([(author, None)] if author else [])


def test_no_author_is_guessed_from_a_clean_article() -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(BODY)
    m = meta_of(text)
    assert m.authors == () and m.publisher is None and m.dateline is None and m.published_in_text is None


def test_html_source_metadata() -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(BODY) + "\n\nMara Quint covers the harbor."
    src = Source(encoding="utf-8", html=True, title="Port chief resigns", author="Mara Quint",
                 sitename="Harbor Ledger", date="2017-03-07", url="https://www.harborledger.example/port")
    state = State(Input("d", text), Record(id="d", text=text), source=src)
    state = layout.run(state, Options())
    out = meta.run(state, Options())
    assert out.record is not None
    m = out.record.meta
    assert m.publisher is not None and m.publisher.name == "Harbor Ledger" and m.publisher.span is None
    assert [a.name.text for a in m.authors] == ["Mara Quint"]
    assert m.url == "https://www.harborledger.example/port"
    assert out.record.published == "2017-03-07"


def test_url_site_is_the_publisher_when_nothing_else_is() -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(BODY)
    m = meta_of(text, url="https://www.harborledger.example/2017/port")
    assert m.publisher is not None and m.publisher.name == "harborledger.example"


def test_run_sets_published_from_the_text_only_when_the_caller_gave_none() -> None:
    text = "Port chief resigns\n\nUpdated Nov. 8, 2016\n\n" + "\n\n".join(BODY)
    for given_date, expected in ((None, "2016-11-08"), ("2016-11-09", "2016-11-09")):
        state = State(Input("d", text, published=given_date), Record(id="d", text=text, published=given_date))
        out = meta.run(layout.run(state, Options()), Options())
        assert out.record is not None
        assert out.record.published == expected
        assert out.record.meta.published_in_text == "2016-11-08"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.lists(st.sampled_from(
    ["By Mara Quint", "WASHINGTON (AP) \u2014 Officials said.", "\u00a9 2019 Ledger", "Mara Quint is a reporter.",
     "Follow Mara Quint on Twitter", "Published Nov. 8, 2016", "Harbor Ledger logo", BODY[0], ""]), max_size=12))
def test_any_text_gives_valid_spans(noise: str, parts: list[str]) -> None:
    text = "\n".join([noise, *parts])
    meta_of(text)


def test_masthead_line_beside_a_byline_is_not_an_author() -> None:
    text = ("Ferry Fares to Rise in Spring\n\nBy Lena Ortiz, Transport Reporter\n\nIsland Gazette\n\n"
            "Fares on the harbor ferry will rise by 10 percent in April, the operator said on Monday.\n\n"
            "\u00a9 2024 Island Gazette. All rights reserved.\n")
    meta = extract_meta(text, layout.label_lines(text))
    assert [a.name.text for a in meta.authors] == ["Lena Ortiz"]
    assert meta.publisher is not None and meta.publisher.name == "Island Gazette"
