"""The layout stage: every line gets one kind, the body is the body lines.

All pages here are invented, in the styles of several kinds of publisher (a regional paper's
scraped page, a wire story, a blog, an op-ed, a clean article); none is taken from the shared data.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import design_page

from onrecord.model import LINE_KINDS, Line, Record
from onrecord.stages import layout
from onrecord.stages.layout import (
    best_region,
    build_body,
    classify_cue,
    describe,
    is_date_line,
    label_lines,
    repeated_lines,
    split_lines,
    title_core,
)
from onrecord.stages.layout.teasers import _ends_like_sentence
from onrecord.state import Input, Options, State

PARAS = [
    ("The head of the Lakeport port authority resigned on Friday, two weeks after auditors questioned a "
    "$40 million dredging contract that had been awarded without a public tender."),
    ("\u201cI have done nothing wrong,\u201d Dov Arlen told reporters outside his home. \u201cBut the port "
    "deserves a leader without a cloud over him.\u201d"),
    ("Arlen, who ran the authority for almost nine years, said that he would cooperate with the inquiry. "
    "The Lakeport Gazette reported last month that dozens of invoices had been paid twice."),
    ("Some board members have called the contract \u201ca disaster\u201d and want the state to step in "
    "before the next budget is written, according to two people familiar with the audit."),
]

MENU = ["Home", "News", "Business", "Sports", "Opinion", "Obituaries", "Real Estate", "Subscribe"]


def kinds_of(text: str, **kw: object) -> dict[str, str]:
    """The kind of each non-blank line, by its stripped text."""
    return {text[ln.start:ln.end].strip(): ln.kind for ln in label_lines(text, **kw) if ln.kind != "blank"}


# ------------------------------------------------------------------ single lines


@pytest.mark.parametrize("line, kind", [
    ("Advertisement", "boilerplate"),
    ('<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" alt="">', "boilerplate"),
    ("<div class='share-bar'></div>", "boilerplate"),
    ("<tweet author=\"@harborledger\">The vote is set for Monday.</tweet>", None),
    ("Font Size:", "boilerplate"),
    ("Follow Ryan on Twitter", "boilerplate"),
    ("Follow Ledger reporter Mara Quint on Twitter @mquint.", "boilerplate"),
    ("Send tips to tips@harborledger.example", "boilerplate"),
    ("Sign up for our daily newsletter", "boilerplate"),
    ("We use cookies to give you the best experience on our website.", "boilerplate"),
    ("Share this article", "boilerplate"),
    ("Continue reading the main story", "boilerplate"),
    ("Read more: Port budget passes after long night", "boilerplate"),
    ("Related stories", "end"),
    ("34 responses to \u201cPort chief resigns\u201d", "end"),
    ("\u00a9 2019 Harbor Ledger. All rights reserved.", "licence"),
    ("Copyright 2018 Lakeport Media Group", "licence"),
    ("All content created by Harbor Ledger is available without charge to any eligible news publisher.",
     "licence"),
    ("(Reed Saxon / Associated Press)", "caption"),
    ("Credit... Mara Quint/Harbor Ledger", "caption"),
    ("Harbor Ledger logo", "caption"),
    ("Dredgers at work in the outer harbor. (AP Photo/Lee Chen)", "caption"),
    ("By Mara Quint and Dov Arlen", "byline"),
    ("BY MARA QUINT", "byline"),
    ("By Lee Chen, Associated Press", "byline"),
    ("Posted by Mara Quint on November 19, 2019, 6:21 AM EST", "byline"),
    ("Mara Quint - Nov 19, 2019, 10:31 pm CST", "byline"),
    ("Lee Chen, Associated Press", "byline"),
    ("Nov. 19, 2019 8:03 am ET", "dateline"),
    ("Published 3:14 PM ET, Tue March 7, 2017", "dateline"),
    ("Updated Nov. 8, 2016", "dateline"),
    ("20/11/2019 / 11:54 am", "dateline"),
    ("BUFFALO, N.Y. (AP) --", "dateline"),
    ("FULL TEXT.", "label"),
    # Rights and syndication notices, in a wire's words and in a non-profit newsroom's.
    ("Copyright 2024 Harbor Wire. This material may not be published, broadcast, rewritten or redistributed.",
     "licence"),
    ("You are free to republish this story under our terms; please include our logo and byline.", "licence"),
    # Newsletter boxes.
    ("Lakeport Morning Newsletter", "boilerplate"),
    ("Thanks for signing up!", "boilerplate"),
    ("Please tick the opt-in box to confirm that you want our emails.", "boilerplate"),
    ("I agree that the Harbor Ledger may send me the Morning Briefing newsletter.", "boilerplate"),
    # Sharing and shopping notes.
    ("Share to twitter", "boilerplate"),
    ("Enjoyed this? Share it with a friend!", "boilerplate"),
    ("Click to print this page (Opens in new window)", "boilerplate"),
    ("If you buy something through our links, the Ledger may earn a small commission.", "boilerplate"),
    # Comment policies.
    ("Comments are moderated and may take a few hours to appear.", "boilerplate"),
    ("We reserve the right to remove any comment that is abusive or off topic.", "boilerplate"),
    ("Please read our community guidelines before posting.", "boilerplate"),
    # Teasers of other stories, by their opening label.
    ("See more: Ferry fares to rise in spring as fuel costs climb", "boilerplate"),
    ("[Related: Harbor budget passes after a long night]", "boilerplate"),
    ("Also on harborledger.com Ferry fares to rise in spring", "boilerplate"),
    # Captions closed by a credit, labelled as a picture's or a player's, or a wire's file photo.
    ("Crowds gathered on the pier for the last boat (Image: Harbor Ledger)", "caption"),
    ("Image caption The old pier was closed in June", "caption"),
    ("In this June 3, 2023, file photo, ferries wait at the Lakeport terminal.", "caption"),
    ("Lakeport County Sheriff's Office via AP", "caption"),
    # A caption closed by its credit, however long (a diagram's legend).
    (("The new terminal seen from the water: (1) ticket hall, (2) waiting room, (3) bicycle store, (4) cafe, "
      "(5) the two berths for the night boats, which the county wants open by the spring of next year, and "
      "(6) the car park that the council still has to approve. Credit: Harbor Ledger"), "caption"),
    ("Ferries wait at the Lakeport terminal before the storm. Photo: Mara Quint/Harbor Ledger", "caption"),
    # ... or by a bare credit of one or two names after its last sentence
    ("A crane lifts the old ferry out of the water on Monday. Reuters", "caption"),
    ("The pier after the storm. Getty Images", "caption"),
    # Newsletter boxes, video players and picture galleries.
    ("Want the tide tables early? Join the Harbor Ledger Morning Newsletter.", "boilerplate"),
    ("The day's ferry news, delivered to your inbox.", "boilerplate"),
    ("Top stories from the coast, delivered every weekday.", "boilerplate"),
    ("Thanks for watching the harbor report!", "boilerplate"),
    ("Media playback is not supported in this browser", "boilerplate"),
    ("Photo 3 of 12", "caption"),
    ("3 / 12", "caption"),
    ("Back to gallery", "caption"),
    ("View all (7)", "boilerplate"),
    ("Copied!", "boilerplate"),
    # Prose stays unlabelled, even when it says "more on", "subscribe" or "by".
    ("The parcels were delivered to the harbor office every weekday until the strike.", None),
    ("Nine of the 12 ferries were back in service by Friday, the operator said.", None),
    ("Only one of those posts involves running a budget, and her record there is thin (more on that later).", None),
    ("By Monday, the board had voted to reopen the harbor to the largest ships.", None),
    ("The Ledger's subscribers were told that the paper would move to three print days a week.", None),
    ("The council said it would remove the old comment boxes from the library next month.", None),
    ("Riders said the timetable had been posted on the ferry's own site without any warning.", None),
    ("He said the paper could not afford to republish the old photos without permission.", None),
    ("Riders had one complaint. Credit cards are still not accepted on the night boats.", None),
    ("The boats will be back by May, according to Dr. Ruiz", None),
    (("She said the company had agreed to reduce its cookies and sweets in school vending machines "
     "across the state by the end of next year, after parents complained to the board."), None),
])
def test_classify_cue(line: str, kind: str | None) -> None:
    assert classify_cue(line, len(line.split())) == kind


@pytest.mark.parametrize("line, expected", [
    ("Nov 18, 2019 at 9:24 pm ET \u2022 2 min read", True),
    ("Monday, November 18th, 2019", True),
    ("2019-11-20T10:00:00Z", True),
    ("The vote was held on Nov. 18, 2019 in the town hall.", False),
    ("Lakeport", False),
])
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


@pytest.mark.parametrize("title, core", [
    ("Port Chief Resigns Amid Dredging Inquiry - Harbor Ledger", "Port Chief Resigns Amid Dredging Inquiry"),
    ("Opinion | The Harbor Deserves Better - The Lakeport Gazette", "The Harbor Deserves Better"),
    ("Port Chief Resigns", "Port Chief Resigns"),
])
def test_title_core(title: str, core: str) -> None:
    assert title_core(title) == core


def test_describe_counts_words_and_function_words() -> None:
    text = "xx The head of the port resigned on Friday. yy"
    info = describe(text, 3, len(text) - 3)
    assert info.text == "The head of the port resigned on Friday."
    assert info.words == 8 and info.stops == 4 and info.prose


@pytest.mark.parametrize("weights, expected", [
    ([-1, 5, -2, 6, -10, 3], (9.0, 1, 3)),
    ([-1, -2], None),
    ([4], (4.0, 0, 0)),
])
def test_best_region(weights: list[float], expected: tuple[float, int, int] | None) -> None:
    assert best_region(weights) == expected


def test_best_region_with_a_bounded_start() -> None:
    # The best run overall starts at 0; starting at 2 or later, the best is [3, 3].
    assert best_region([9, -1, -1, 2], lo=2) == (2.0, 3, 3)


# ------------------------------------------------------------------ whole pages


def test_design_example_page() -> None:
    text = design_page(PARAS)
    k = kinds_of(text)
    assert k["Port Authority Chief Resigns Amid Dredging Inquiry"] == "headline"
    assert k["Harbor Ledger logo"] == "caption"
    assert k["Mara Quint Senior Business Reporter"] == "byline"
    assert k["Font Size:"] == "boilerplate"
    assert all(k[p] == "body" for p in PARAS[:3])
    assert k["Follow Mara on Twitter"] == "boilerplate"
    assert k[text.splitlines()[-1]] == "licence"


def scraped_page() -> str:
    """A regional paper's page as a scraper that keeps every line gives it."""
    return "\n".join([
        "Port Chief Resigns Amid Dredging Inquiry - Harbor Ledger", "",
        *MENU, "", "Search", "Sign In", "",
        "Business", "Port Chief Resigns Amid Dredging Inquiry", "",
        "Auditors had questioned a $40 million contract.", "",
        "By Mara Quint", "Senior Business Reporter", "Nov. 19, 2019 8:03 am ET", "",
        "Share", "Tweet", "Email", "",
        PARAS[0], "", PARAS[1], "", "Advertisement", "", PARAS[2], "", PARAS[3], "",
        "Related stories", "Harbor budget passes after long night", "Ferry fares to rise in spring",
        "Dredging firm wins second contract", "",
        *MENU, "",
        "\u00a9 2019 Harbor Ledger. All rights reserved.", "Privacy Policy", "Terms of Service",
    ])


def test_scraped_page_keeps_the_article_and_labels_the_rest() -> None:
    text = scraped_page()
    k = kinds_of(text)
    lines = label_lines(text)
    heads = [text[ln.start:ln.end] for ln in lines if ln.kind == "headline"]
    assert heads[0] == "Port Chief Resigns Amid Dredging Inquiry"  # the repeated title above the text
    assert k["By Mara Quint"] == "byline"
    assert k["Senior Business Reporter"] == "byline"
    assert k["Nov. 19, 2019 8:03 am ET"] == "dateline"
    assert k["Advertisement"] == "boilerplate"
    assert k["Related stories"] == "boilerplate"
    assert k["\u00a9 2019 Harbor Ledger. All rights reserved."] == "licence"
    for item in MENU + ["Harbor budget passes after long night", "Share", "Tweet"]:
        assert k[item] != "body", item
    assert build_body(text, lines) == "\n\n".join(PARAS)


def test_wire_story_keeps_its_dateline_in_the_body() -> None:
    first = ("LAKEPORT, Ore. (AP) \u2014 The head of the Lakeport port authority resigned on Friday, two weeks "
             "after auditors questioned a dredging contract.")
    text = "Port chief resigns\n\n" + first + "\n\n" + PARAS[1] + "\n"
    k = kinds_of(text)
    assert k["Port chief resigns"] == "headline"
    assert k[first] == "body" and k[PARAS[1]] == "body"


def test_standalone_dateline_line() -> None:
    text = "\n\nBUFFALO, N.Y. (AP) --\n\n" + "\n\n".join(PARAS)
    k = kinds_of(text)
    assert k["BUFFALO, N.Y. (AP) --"] == "dateline"
    assert all(k[p] == "body" for p in PARAS)


def test_op_ed_tagline_is_a_byline() -> None:
    tagline = "Mara Quint, a former harbor pilot, is a member of the Ledger's board of contributors."
    text = "The harbor deserves better\n\n" + "\n\n".join(PARAS) + "\n\n" + tagline
    k = kinds_of(text)
    assert k[tagline] == "byline"
    assert all(k[p] == "body" for p in PARAS)


@pytest.mark.parametrize("last, kind", [
    # An author's note in the past tense or with another verb, about someone the story never named.
    ("Rep. Mara Quint, D-Ore., was an early backer of the dredging plan.", "byline"),
    ("M. Lee Chen, a retired harbor pilot, taught navigation at the Lakeport Maritime Academy.", "byline"),
    ("Lee Chen served as harbor master of Salem for a decade.", "byline"),
    ("Lee Chen, who chairs the residents' association, is the author of a history of the U.S. Coast Guard.",
     "byline"),
    # The story's own people, and closing sentences that only look like notes, stay body.
    ("Arlen was a harbor pilot for twenty years before he ran the authority.", "body"),
    ("Dov Arlen was the second director to resign since 2009.", "body"),
    ("Lee Chen was the first director of the port. She retired in 1990 and still lives in Lakeport.", "body"),
    ("Lee Chen, a spokeswoman for the governor, was not available for comment on Friday.", "body"),
    ("Lee Chen was once asked how the port would survive the recession.", "body"),
])
def test_closing_author_note_in_other_forms(last: str, kind: str) -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(PARAS) + "\n\n" + last
    k = kinds_of(text)
    assert k[last] == kind
    assert all(k[p] == "body" for p in PARAS)


def test_closing_author_note_only_as_the_last_paragraph() -> None:
    note = "Lee Chen served as harbor master of Salem for a decade."
    text = "Port chief resigns\n\n" + "\n\n".join([*PARAS[:2], note, *PARAS[2:]])
    assert kinds_of(text)[note] == "body"


def test_closing_sentence_and_credit_note() -> None:
    text = "\n\n".join(["Port chief resigns", *PARAS, "\u201cYou tell me,\u201d he said.",
                       "Lee Chen contributed reporting."])
    k = kinds_of(text)
    assert k["\u201cYou tell me,\u201d he said."] == "body"
    assert k["Lee Chen contributed reporting."] == "byline"


@pytest.mark.parametrize("note", [
    "Mara Quint (mara.quint@harborledger.com) is the editor of the Harbor Ledger and covers the port.",
    "Mara Quint (@mquint) is a senior reporter at the Harbor Ledger.",
])
def test_author_note_with_an_address_is_a_byline(note: str) -> None:
    text = "\n\n".join(["Port chief resigns", *PARAS, note])
    k = kinds_of(text)
    assert k[note] == "byline"
    assert all(k[p] == "body" for p in PARAS)


def test_two_deck_headline() -> None:
    text = "Port chief resigns; \nAuditors questioned a dredging contract.\n\n" + "\n\n".join(PARAS)
    lines = [ln for ln in label_lines(text) if ln.kind != "blank"]
    assert [ln.kind for ln in lines[:3]] == ["headline", "headline", "body"]


def test_comment_section_ends_the_article() -> None:
    comments = ["harborwatcher says:", "Nov 19, 2019 at 6:34 am",
                "It is a good thing somebody finally looked at those invoices, this was overdue for years.",
                "portfan says:", "Nov 19, 2019 at 6:44 am",
                "The whole board should go with him, they signed every one of those payments without a look."]
    text = "\n\n".join(["Port chief resigns", *PARAS, "2 comments", *comments])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in PARAS)
    assert all(k[c] != "body" for c in comments)


# What a page prints under its footer: prose, but no article's ("About us" boxes, disclaimers).
DISCLAIMER = [
    ("The Harbor Ledger has covered the lakefront since 1921 and is owned by its readers, who fund our "
     "reporting on the port, the council and the courts through their memberships every year."),
    ("The information on this site is provided for general news purposes only and is not legal, "
     "financial or medical advice; consult a professional before acting on anything you read here."),
    ("Our newsroom follows the code of ethics of the state press association, and we correct our errors "
     "promptly; write to the standards editor if you believe that we have made one in our reporting."),
]
FOOTER = [*MENU, "Facebook", "Twitter", "Instagram", "Sign up for our newsletter", "Contact Us",
          "Privacy Policy"]


@pytest.mark.parametrize("footer", [
    ["Facebook", "Twitter", "Instagram", "Sign up for our newsletter", "Privacy Policy"],
    ["Share this story", "Most Read", "Contact Us", "Terms of Use", "Privacy Policy"],
])
def test_footer_ends_the_article_before_the_prose_below_it(footer: list[str]) -> None:
    """The prose under a footer outweighs the footer (so a maximum-sum run would take it in), but
    not twice over: a footer that heavy ends the article."""
    text = "\n\n".join(["Port chief resigns", *PARAS, *footer, *DISCLAIMER])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in PARAS)
    assert all(k[p] == "boilerplate" for p in DISCLAIMER)


def test_a_gallery_inside_the_article_does_not_end_it() -> None:
    """A widget in the middle (a gallery's controls, its captions) is a stretch of furniture too,
    but the rest of the article after it outweighs it many times."""
    gallery = ["Image 1 of 6", "Caption", "Close", "Photo: Mara Quint / Harbor Ledger", "Back to Gallery",
               "Image 2 of 6", "Expand", "Share", "Tweet", "Email"]
    more = [
        ("The authority's board will meet on Tuesday to name an acting director, a spokeswoman said, and the "
        "state comptroller has asked for every contract signed since 2019."),
        ("Dredging in the outer harbor stopped in August, when the contractor said it had not been paid for "
        "two months of work, and the channel has been closed to the largest ships since then."),
        ("Fishermen who use the inner basin said the silt had made the mornings dangerous, and two boats ran "
        "aground in October while waiting for the tide to come in at the old pier."),
        ("The mayor, who appoints three of the seven board members, said she would wait for the audit before "
        "saying whether the authority should be folded into the city's public works department."),
    ]
    text = "\n\n".join(["Port chief resigns", *PARAS[:3], *gallery, PARAS[3], *more])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in [*PARAS, *more])


TEASERS = [  # other stories' headlines, some as dense in function words as a sentence
    "Why the ferry will not run on Sundays this winter",
    "What the council said about the harbor wall on Monday",
    "Lakeport schools to close early for the storm",
    "How a bakery on the pier won over the whole town",
]


@pytest.mark.parametrize("text, expected", [
    ("Ferry captain on the storm: 'We had no choice'", False),
    ("\u201cWe had no choice,\u201d the captain said.", True),
    ("\u201cWe had no choice.\u201d", True),
    ("The captain said the storm had left them no choice (see the map below).", True),
    ("Where the new ferry will stop", False),
    ("The new stops are:", True),
])
def test_ends_like_sentence(text: str, expected: bool) -> None:
    assert _ends_like_sentence(text) is expected


QUOTED_TEASERS = [  # headlines that end with the words they quote
    "Ferry captain on the storm: 'We had no choice'",
    "Council leader says harbor wall plan is 'dead in the water'",
    "Lakeport baker: 'I sold out before noon'",
]


@pytest.mark.parametrize("teasers", [TEASERS, QUOTED_TEASERS])
def test_a_run_of_headline_teasers_above_the_article(teasers: list[str]) -> None:
    body = [PARAS[0], PARAS[1], PARAS[2], PARAS[3]]
    text = "\n\n".join(["Port Chief Resigns - Harbor Ledger", *MENU, "Search", "Most Watched", *teasers, *body,
                         *FOOTER])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in body)
    assert all(k[t] == "boilerplate" for t in teasers)


@pytest.mark.parametrize("where", ["above", "below"])
def test_a_run_of_headline_teasers_is_not_the_article(where: str) -> None:
    page = [*MENU, "Search", "Most Watched"] if where == "above" else []
    tail = ["More stories", *TEASERS, *FOOTER, *DISCLAIMER] if where == "below" else FOOTER
    body = [PARAS[0], PARAS[1], PARAS[2], PARAS[3]]
    text = "\n\n".join(["Port Chief Resigns - Harbor Ledger", *page,
                         *(TEASERS if where == "above" else []), *body, *tail])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in body)
    assert all(k[t] == "boilerplate" for t in TEASERS)


@pytest.mark.parametrize("label", [[], ["Courts"]])
def test_teaser_card_inside_the_article_is_furniture(label: list[str]) -> None:
    """Another story's card set between paragraphs: its headline twice (link and picture text),
    maybe a section name between, and its summary."""
    title = "Ferry operator sues the county over the cancelled night boats"
    summary = "The company says the county broke a ten-year contract when it cut the late crossings."
    card = [title, *label, title, summary]
    text = "\n\n".join(["Port Chief Resigns - Harbor Ledger", *MENU, "Port Chief Resigns", PARAS[0], PARAS[1],
                         *card, PARAS[2], PARAS[3], *FOOTER])
    lines = [(text[ln.start:ln.end], ln.kind) for ln in label_lines(text) if ln.kind != "blank"]
    assert [k for t, k in lines if t in card] == ["boilerplate"] * len(card)
    assert all(k == "body" for t, k in lines if t in PARAS)


def test_a_caption_printed_twice_in_a_row_keeps_one_copy_out_of_the_body() -> None:
    caption = "Dredgers at work in the outer harbor on Friday morning. (Photo: Mara Quint/Harbor Ledger)"
    text = "\n\n".join(["Port Chief Resigns - Harbor Ledger", *MENU, "Port Chief Resigns", PARAS[0], PARAS[1],
                         caption, caption, PARAS[2], PARAS[3], *FOOTER])
    lines = [(text[ln.start:ln.end], ln.kind) for ln in label_lines(text) if ln.kind != "blank"]
    assert sum(1 for t, k in lines if t == caption and k == "body") <= 1
    assert all(k == "body" for t, k in lines if t in PARAS)


@pytest.mark.parametrize("twice", [
    "Port Chief Resigns Amid Dredging Inquiry",  # the article's own headline, printed twice
    "Dredgers at work in the outer harbor on Friday morning.",  # a caption printed twice ends like one
])
def test_a_line_printed_twice_is_not_always_a_teaser_card(twice: str) -> None:
    text = "\n\n".join(["Port Chief Resigns Amid Dredging Inquiry - Harbor Ledger", *MENU, twice, twice, *PARAS,
                         *FOOTER])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in PARAS)


@pytest.mark.parametrize("items", [
    # an article's own list after a lead-in line ending in a colon
    ["The new ferry timetable adds:", "A late boat from the harbor every Friday night",
     "Two more crossings on market days in summer", "A stop at the old pier by the museum"],
    # list items of four words or fewer (an ingredient list, a schedule)
    ["Two cups of flour", "One spoon of salt", "Warm water as needed"],
])
def test_an_article_list_is_not_a_teaser_run(items: list[str]) -> None:
    text = "\n\n".join(["Port Chief Resigns - Harbor Ledger", *MENU, "Port Chief Resigns", PARAS[0], PARAS[1],
                         *items, PARAS[2], PARAS[3], *FOOTER])
    k = kinds_of(text)
    assert all(k[p] == "body" for p in [*PARAS, *items])


def test_numbered_list_continues_the_article() -> None:
    items = [f"{n}) Stop {n} -- Harbor Street pier, Lakeport" for n in range(1, 7)]
    text = "\n\n".join(["Ferry timetable changes", *PARAS[:2], "The new stops are:", *items,
                        "Privacy Policy", "Contact Us"])
    k = kinds_of(text)
    assert all(k[i] == "body" for i in items)
    assert k["Privacy Policy"] == "boilerplate"


def test_repeated_lines_learns_short_lines_shared_by_documents() -> None:
    footer = "Harbor Ledger newsroom"
    # Four different stories (copies of one story, which share paragraphs, count once).
    texts = ["\n\n".join([f"Story {n} headline", *[f"In town {n}: {p}" for p in PARAS[n % 2:n % 2 + 2]],
                           footer]) for n in range(4)]
    rep = repeated_lines(texts)
    assert layout.norm_line(footer) in rep
    assert not any(layout.norm_line(p) in rep for p in PARAS)  # long lines never count as repeated
    assert repeated_lines(texts[:2]) == frozenset()  # found in two documents: not enough
    assert repeated_lines(texts[:2], min_docs=2) >= {layout.norm_line(footer)}
    copies = [texts[0]] * 2 + [texts[1]] * 2  # two stories, two copies each
    assert layout.norm_line(footer) not in repeated_lines(copies)


def test_layout_has_no_batch_evidence() -> None:
    """The pipeline runs layout document by document: no ``run_batch`` that could let one
    document's neighbours in its batch change its lines."""
    assert not hasattr(layout, "run_batch")


@pytest.mark.parametrize("file_text, expected", [
    ("# comment\nFollow us on Facebook\n\n  Most Read  \n", {"follow us on facebook", "most read"}),
    ("Sign up, for our NEWSLETTER!\n", {"sign up for our newsletter"}),
    ("# only comments\n\n", set()),
])
def test_parse_repeated_lines(file_text: str, expected: set[str]) -> None:
    assert layout.parse_repeated_lines(file_text) == expected


def test_boilerplate_file_round_trips_and_is_sorted() -> None:
    lines = frozenset({"most read", "follow us on facebook", "harbor ledger newsroom"})
    text = layout.format_repeated_lines(lines, docs=12, min_docs=3)
    assert text.startswith(layout.BOILERPLATE_HEADER)
    body = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert body == sorted(lines)
    assert layout.parse_repeated_lines(text) == lines


def test_run_does_not_mutate_its_input() -> None:
    text = scraped_page()
    state = State(Input("d", text), Record(id="d", text=text))
    out = layout.run(state, Options())
    assert state.record is not None and state.record.lines == ()
    assert out.record is not None and out.record.lines and out.record.body


def test_html_text_keeps_everything_but_cues() -> None:
    text = "Port chief resigns\n\n" + "\n\n".join(PARAS) + "\n\nAdvertisement"
    k = kinds_of(text, html=True, title="Port chief resigns")
    assert k["Port chief resigns"] == "headline"
    assert all(k[p] == "body" for p in PARAS)
    assert k["Advertisement"] == "boilerplate"


def test_crlf_line_endings() -> None:
    text = "Port chief resigns\r\n\r\n" + "\r\n\r\n".join(PARAS) + "\r\n"
    lines = label_lines(text)
    assert [ln.kind for ln in lines if ln.kind != "blank"] == ["headline"] + ["body"] * len(PARAS)
    assert build_body(text, lines) == "\n\n".join(PARAS)


# ------------------------------------------------------------------ properties

LINE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=80)


def assert_covers(text: str, lines: tuple[Line, ...]) -> None:
    """Lines are in order, cover every character but the line breaks, each exactly once."""
    assert [(ln.start, ln.end) for ln in lines] == split_lines(text)
    pos = 0
    for ln in lines:
        assert ln.start == pos and ln.kind in LINE_KINDS
        assert "\n" not in text[ln.start:ln.end] and "\r" not in text[ln.start:ln.end]
        assert (ln.kind == "blank") == (not text[ln.start:ln.end].strip())
        pos = ln.end
        for brk in ("\r\n", "\n", "\r"):
            if text.startswith(brk, pos):
                pos += len(brk)
                break
    assert pos == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_lines_covering_it(text: str) -> None:
    lines = label_lines(text)
    assert_covers(text, lines)
    build_body(text, lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINE_TEXT, st.sampled_from(MENU + PARAS + ["", "Advertisement", "By Mara Quint"])),
                max_size=40),
       st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_pages_of_mixed_lines(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    lines = label_lines(text)
    assert_covers(text, lines)
    body = build_body(text, lines)
    assert body == "\n\n".join("\n".join(text[ln.start:ln.end].strip() for ln in run)
                               for run in _runs(lines)) if body else True


def _runs(lines: tuple[Line, ...]) -> list[list[Line]]:
    runs: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.kind == "body":
            cur.append(ln)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


SENTENCES = st.sampled_from([
    "The council met on Tuesday to discuss the harbor budget and the ferry timetable for the spring.",
    "Residents said they had waited years for the new pier, which was first promised in 2009.",
    "\u201cWe will not let this go,\u201d said Lee Chen, who chairs the residents' association.",
    "Officials did not say when the work would begin, or how much of it the state would pay for.",
    "The harbor master has asked for two more tugboats, citing the growing size of cargo ships.",
])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=8))
def test_clean_article_is_headline_and_body(paras: list[str]) -> None:
    """A clean article (a headline line, then paragraphs) is labelled headline, then all body:
    nothing of its text is lost to the parser."""
    text = "Harbor council weighs new pier\n\n" + "\n\n".join(paras) + "\n"
    lines = [ln for ln in label_lines(text) if ln.kind != "blank"]
    assert lines[0].kind == "headline"
    assert [ln.kind for ln in lines[1:]] == ["body"] * len(paras)
    assert build_body(text, label_lines(text)) == "\n\n".join(paras)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(SENTENCES, min_size=2, max_size=4).map(" ".join), min_size=1, max_size=8))
def test_clean_body_without_headline_is_all_body(paras: list[str]) -> None:
    """A clean body whose first paragraph is a lead of two or more sentences is all body (a short
    first line would be taken for a headline, which the parser still reads: see the module)."""
    text = "\n\n".join(paras)
    assert {ln.kind for ln in label_lines(text) if ln.kind != "blank"} == {"body"}


def test_run_takes_repeated_lines_from_options() -> None:
    text = "\n\n".join(["Port chief resigns", PARAS[0], PARAS[1], "Harbor Ledger newsroom", PARAS[2], PARAS[3]])
    state = State(Input("d", text), Record(id="d", text=text))
    plain = layout.run(state, Options())
    told = layout.run(state, Options(repeated_lines=frozenset({layout.norm_line("Harbor Ledger newsroom")})))

    def kind(s: State) -> str:
        assert s.record is not None
        return next(ln.kind for ln in s.record.lines if text[ln.start:ln.end] == "Harbor Ledger newsroom")

    assert kind(plain) == "body"  # a short line inside the article is a subhead ...
    assert kind(told) == "boilerplate"  # ... unless learnt lines passed in say it is furniture


@pytest.mark.parametrize("line, expected", [
    ("Port Chief Resigns Amid Dredging Inquiry", True),
    ("Port chief resigns; board may follow.", True),
    ("Game over. Will the harbor board come down off its pique?", True),
    ("The Port Chief’s Claim That The Audit Cleared Him Isn’t True. Not Yet, At Least.", True),
    ("Harbor Holdings Inc. said it sold 750,000 shares of its common stock to the Quint family for $1 million.",
     False),  # a lead: it reports in the past tense
    (("The ferry company's third-quarter profit rose 11%, even though storms cut sailings. Analysts had "
     "expected a loss after a weak summer season."), False),  # two sentences of some length
    ("Advertisement", False),
])
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert layout.looks_like_headline(describe(line, 0, len(line))) is expected


@pytest.mark.parametrize("opener", ["Share this article", "Kestrel Valley Sentinel logo"])
def test_headline_below_a_share_button_or_logo(opener: str) -> None:
    text = (f"{opener}\nMill Town Votes to Reopen Its Shuttered Library\n\nBy Ada Pell, Staff Writer\n\n"
            "The town council voted 5-2 on Monday to reopen the library, which closed in 2019.\n\n"
            "\u201cWe owe our children this,\u201d said council member Ray Oduya.\n")
    kinds = [(line.kind, text[line.start:line.end]) for line in layout.label_lines(text)]
    assert ("headline", "Mill Town Votes to Reopen Its Shuttered Library") in kinds
    assert kinds[0][0] in ("boilerplate", "caption")


def test_the_paragraph_after_a_byline_is_the_lede_not_a_teaser() -> None:
    # Headline, "By" byline, dateline lede: the shape of most wire copy. The byline is no
    # related-story writer's name, so the lede under it is no teaser summary.
    text = ("Council Leader Hits Back at Port Chief\n\nBy Ana Brill\n\n"
            "LAKEPORT — Maria Okafor, the council leader, said on Tuesday that the port chief had ignored "
            "three warnings about the dredging contract.\n\n"
            '"He knew, and he chose to say nothing," Okafor told reporters outside City Hall.\n')
    kinds = [(ln.kind, text[ln.start:ln.end][:8]) for ln in label_lines(text) if ln.kind != "blank"]
    assert kinds == [("headline", "Council "), ("byline", "By Ana B"), ("body", "LAKEPORT"), ("body", '"He knew')]
