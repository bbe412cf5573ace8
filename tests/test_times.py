"""The times stage: table tests for every form the issue lists (sentences written for these tests),
the value grammar and its validator, resolution without a publication date, and properties (no crash
on any text; every value parses; start <= end; spans index the text)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.model import Time
from onrecord.stages import times
from onrecord.stages.nlp import Paragraph, load
from onrecord.stages.times.candidates import find_candidates
from onrecord.stages.times.parse import duration_value, parse_number, parse_year
from onrecord.stages.times.resolve import nearest_weekday, parse_anchor, resolve
from onrecord.stages.times.values import interval_of, is_valid_value, part_of
from onrecord.state import DEFAULT_MODEL, Input, Options, State

# Wednesday 8 March 2017: the publication date of every table sentence below.
PUBLISHED = "2017-03-08"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load(DEFAULT_MODEL)


def extract(nlp: Any, text: str, published: str | None = PUBLISHED) -> tuple[Time, ...]:
    return times.extract_times(text, (Paragraph(0, nlp(text), "body"),), published)


def find(ts: tuple[Time, ...], span: str) -> Time:
    hits = [t for t in ts if t.span.text == span]
    assert hits, f"no time {span!r} among {[t.span.text for t in ts]}"
    return hits[0]


# sentence, span, type, value, start, end
CASES: list[tuple[str, str, str, str, str | None, str | None]] = [
    # calendar dates, absolute
    ("Prices rose 4 percent in December 2016.", "December 2016", "DATE", "2016-12", "2016-12-01", "2016-12-31"),
    ("The deal was signed on March 7, 2017, in Geneva.", "March 7, 2017", "DATE", "2017-03-07", "2017-03-07",
     "2017-03-07"),
    ("The treaty dates from 8 January 1998.", "8 January 1998", "DATE", "1998-01-08", "1998-01-08", "1998-01-08"),
    ("Sales doubled in 2013.", "2013", "DATE", "2013", "2013-01-01", "2013-12-31"),
    ("The company was founded in fiscal 1989.", "fiscal 1989", "DATE", "1989", "1989-01-01", "1989-12-31"),
    ("The filing is dated 2016-11-30.", "2016-11-30", "DATE", "2016-11-30", "2016-11-30", "2016-11-30"),
    ("The memo, dated 3/7/2017, was leaked.", "3/7/2017", "DATE", "2017-03-07", "2017-03-07", "2017-03-07"),
    ("Crime fell sharply in the 1990s.", "the 1990s", "DATE", "199", "1990-01-01", "1999-12-31"),
    ("The town was built in the 19th century.", "the 19th century", "DATE", "18", "1800-01-01", "1899-12-31"),
    ("Earnings fell in the first quarter of 1998.", "the first quarter of 1998", "DATE", "1998-Q1", "1998-01-01",
     "1998-03-31"),
    ("Tourism peaked in the summer of 2013.", "the summer of 2013", "DATE", "2013-SU", "2013-06-01",
     "2013-08-31"),
    ("The strike began in the winter of 2013.", "the winter of 2013", "DATE", "2013-WI", "2013-12-01",
     "2014-02-28"),
    ("Exports slowed in the second half of 2015.", "the second half of 2015", "DATE", "2015-H2", "2015-07-01",
     "2015-12-31"),
    # parts of a year and of a decade
    ("The plant closed in late 2013.", "late 2013", "DATE", "2013", "2013-09-01", "2013-12-31"),
    ("Talks resumed in early 2014.", "early 2014", "DATE", "2014", "2014-01-01", "2014-04-30"),
    ("Rents soared in mid-2015.", "mid-2015", "DATE", "2015", "2015-05-01", "2015-08-31"),
    ("Growth stalled in the mid-1990s.", "the mid-1990s", "DATE", "199", "1993-05-01", "1996-08-31"),
    ("The ferry stopped running in late November 2016.", "late November 2016", "DATE", "2016-11", "2016-11-21",
     "2016-11-30"),
    ("Work stopped at the end of 2015.", "the end of 2015", "DATE", "2015", "2015-09-01", "2015-12-31"),
    # relative to the publication date
    ("Inflation was high last year.", "last year", "DATE", "2016", "2016-01-01", "2016-12-31"),
    ("The attack took place in December last year.", "December last year", "DATE", "2016-12", "2016-12-01",
     "2016-12-31"),
    ("The law passed in March of last year.", "March of last year", "DATE", "2016-03", "2016-03-01", "2016-03-31"),
    ("Unemployment fell this month.", "this month", "DATE", "2017-03", "2017-03-01", "2017-03-31"),
    ("The rebels attacked two weeks ago.", "two weeks ago", "DATE", "2017-W08", "2017-02-20", "2017-02-26"),
    ("The mine flooded three days ago.", "three days ago", "DATE", "2017-03-05", "2017-03-05", "2017-03-05"),
    ("Rents rose 3% five years ago.", "five years ago", "DATE", "2012", "2012-01-01", "2012-12-31"),
    ("The firm was founded almost three years ago.", "almost three years ago", "DATE", "2014", "2014-01-01",
     "2014-12-31"),
    ("Violence has grown over the past decade.", "the past decade", "DATE", "200", "2007-03-08", "2017-03-08"),
    ("Attendance fell over the past year.", "the past year", "DATE", "2016", "2016-03-08", "2017-03-08"),
    ("Inflation will peak next year.", "next year", "DATE", "2018", "2018-01-01", "2018-12-31"),
    ("The talks continue next week.", "next week", "DATE", "2017-W11", "2017-03-13", "2017-03-19"),
    ("The minister quit last week.", "last week", "DATE", "2017-W09", "2017-02-27", "2017-03-05"),
    ("Sales slumped last month.", "last month", "DATE", "2017-02", "2017-02-01", "2017-02-28"),
    ("Orders rose earlier this year.", "earlier this year", "DATE", "2017", "2017-01-01", "2017-03-08"),
    ("The talks broke down late yesterday.", "late yesterday", "DATE", "2017-03-07", "2017-03-07", "2017-03-07"),
    ("The bank raised rates this quarter.", "this quarter", "DATE", "2017-Q1", "2017-01-01", "2017-03-31"),
    ("Yesterday the court ruled on the case.", "Yesterday", "DATE", "2017-03-07", "2017-03-07", "2017-03-07"),
    ("The vote is tomorrow.", "tomorrow", "DATE", "2017-03-09", "2017-03-09", "2017-03-09"),
    ("Markets are calm today.", "today", "DATE", "2017-03-08", "2017-03-08", "2017-03-08"),
    ("The council met the day before yesterday.", "the day before yesterday", "DATE", "2017-03-06",
     "2017-03-06", "2017-03-06"),
    ("Protests continued over the weekend.", "the weekend", "DATE", "2017-W09-WE", "2017-03-04", "2017-03-05"),
    ("Demand should recover this summer.", "this summer", "DATE", "2017-SU", "2017-06-01", "2017-08-31"),
    ("The mill reopened last fall.", "last fall", "DATE", "2016-FA", "2016-09-01", "2016-11-30"),
    ("Stocks rallied in the final weeks of the year, and the gains held until year-end.", "year-end", "DATE",
     "2017", "2017-09-01", "2017-12-31"),
    # weekdays: the last one on or before publication, unless the verb looks ahead
    ("The minister resigned on Friday.", "Friday", "DATE", "2017-03-03", "2017-03-03", "2017-03-03"),
    ("He spoke to reporters Wednesday.", "Wednesday", "DATE", "2017-03-08", "2017-03-08", "2017-03-08"),
    ("The committee will meet on Tuesday.", "Tuesday", "DATE", "2017-03-14", "2017-03-14", "2017-03-14"),
    ("The board is to vote Thursday on the plan.", "Thursday", "DATE", "2017-03-09", "2017-03-09", "2017-03-09"),
    ("The offer was extended until Friday.", "Friday", "DATE", "2017-03-10", "2017-03-10", "2017-03-10"),
    ("Rebels shelled the town last Monday.", "last Monday", "DATE", "2017-03-06", "2017-03-06", "2017-03-06"),
    # month and day without a year: the nearest one, weighed by tense
    ("The bill was signed on Dec. 5.", "Dec. 5", "DATE", "2016-12-05", "2016-12-05", "2016-12-05"),
    ("The vote is scheduled for April 2.", "April 2", "DATE", "2017-04-02", "2017-04-02", "2017-04-02"),
    ("The dividend is payable March 20.", "March 20", "DATE", "2017-03-20", "2017-03-20", "2017-03-20"),
    ("Exports collapsed in January.", "January", "DATE", "2017-01", "2017-01-01", "2017-01-31"),
    ("The store closed on Christmas Day.", "Christmas Day", "DATE", "2016-12-25", "2016-12-25", "2016-12-25"),
    # times of day
    ("The bomb went off at 10:35 a.m. near the station.", "10:35 a.m.", "TIME", "2017-03-08T10:35",
     "2017-03-08", "2017-03-08"),
    ("Polls close at 8 p.m. EST Friday.", "8 p.m. EST Friday", "TIME", "2017-03-03T20:00", "2017-03-03",
     "2017-03-03"),
    ("The vote was held Thursday evening.", "Thursday evening", "TIME", "2017-03-02TEV", "2017-03-02",
     "2017-03-02"),
    ("Last night, rebels shelled the city.", "Last night", "TIME", "2017-03-07TNI", "2017-03-07", "2017-03-07"),
    ("Shares slipped this morning.", "this morning", "TIME", "2017-03-08TMO", "2017-03-08", "2017-03-08"),
    ("The convoy left at noon Tuesday.", "noon Tuesday", "TIME", "2017-03-07T12:00", "2017-03-07", "2017-03-07"),
    ("Firing resumed yesterday morning.", "yesterday morning", "TIME", "2017-03-07TMO", "2017-03-07",
     "2017-03-07"),
    # durations
    ("He has lived there for 30 years.", "30 years", "DURATION", "P30Y", None, None),
    ("The war lasted three years.", "three years", "DURATION", "P3Y", None, None),
    ("He ruled the party for over thirty years.", "over thirty years", "DURATION", "P30Y", None, None),
    ("Output has fallen in the past three years.", "the past three years", "DURATION", "P3Y", "2014-03-08",
     "2017-03-08"),
    ("Prices should stabilize over the next two months.", "the next two months", "DURATION", "P2M",
     "2017-03-08", "2017-05-08"),
    ("It has been a year and a half since the flood.", "a year and a half", "DURATION", "P1Y6M", None, None),
    ("The talks went on for 5 1/2 hours.", "5 1/2 hours", "DURATION", "PT5H30M", None, None),
    ("He signed a two-year contract.", "two-year", "DURATION", "P2Y", None, None),
    ("The hearing lasted nearly two decades.", "nearly two decades", "DURATION", "P20Y", None, None),
    ("Sales rose 9% in the first nine months.", "the first nine months", "DURATION", "P9M", None, None),
    ("The fighting lasted for days.", "days", "DURATION", "PXD", None, None),
    ("Repairs could take several weeks.", "several weeks", "DURATION", "PXW", None, None),
    ("They waited for a few minutes.", "a few minutes", "DURATION", "PTXM", None, None),
    # sets
    ("The club meets every Tuesday.", "every Tuesday", "SET", "XXXX-WXX-2", None, None),
    ("The office is open daily.", "daily", "SET", "P1D", None, None),
    ("The firm grew 8 percent annually.", "annually", "SET", "P1Y", None, None),
    ("The board meets twice a year.", "twice a year", "SET", "P1Y", None, None),
    ("Inspectors visit each month.", "each month", "SET", "P1M", None, None),
    ("The fair is held each July.", "each July", "SET", "XXXX-07", None, None),
    # vague references
    ("Prices are falling now.", "now", "DATE", "PRESENT_REF", "2017-03-08", "2017-03-08"),
    ("Shares have fallen recently.", "recently", "DATE", "PAST_REF", None, "2017-03-08"),
    ("Investors worry about the future.", "the future", "DATE", "FUTURE_REF", "2017-03-08", None),
    ("The current plan was drafted by aides.", "current", "DATE", "PRESENT_REF", "2017-03-08", "2017-03-08"),
]


@pytest.mark.parametrize(("sentence", "span", "type_", "value", "start", "end"), CASES,
                         ids=[c[1] for c in CASES])
def test_table(nlp: Any, sentence: str, span: str, type_: str, value: str, start: str | None,
               end: str | None) -> None:
    t = find(extract(nlp, sentence), span)
    assert (t.type, t.value, t.start, t.end) == (type_, value, start, end)
    assert t.anchored
    assert sentence[t.span.start:t.span.end] == t.span.text


def test_between_late_and_early_gives_two_parts_of_years(nlp: Any) -> None:
    ts = extract(nlp, "The purge ran between late 2013 and early 2014.")
    late, early = find(ts, "late 2013"), find(ts, "early 2014")
    assert (late.value, late.start, late.end) == ("2013", "2013-09-01", "2013-12-31")
    assert (early.value, early.start, early.end) == ("2014", "2014-01-01", "2014-04-30")


def test_since_stretches_to_publication(nlp: Any) -> None:
    t = find(extract(nlp, "The regime has killed thousands since 2011."), "2011")
    assert (t.value, t.start, t.end) == ("2011", "2011-01-01", "2017-03-08")


@pytest.mark.parametrize(("sentence", "span"), [
    ("He was almost three years old when the war began.", "almost three years ago"),
    ("The firm was founded almost three years ago.", "almost three years ago"),
    ("He ruled the party for over thirty years.", "over thirty years"),
])
def test_approximate_expressions_say_so(nlp: Any, sentence: str, span: str) -> None:
    ts = extract(nlp, sentence)
    hits = [t for t in ts if t.span.text == span]
    if "old" in sentence:
        assert not hits  # an age is not a time expression
    else:
        assert hits[0].approx


@pytest.mark.parametrize("sentence", [
    "May I ask a question?",
    "Protesters will march to the capital.",
    "She is 52 years old.",
    "The fall of Saigon changed everything.",
    "Prices may fall sharply.",
    "About 2000 troops were sent.",
    "The survey was published by China Daily.",
    "He hosted Saturday Night Live twice.",
    "At the end of the day, voters decide.",
])
def test_not_time_expressions(nlp: Any, sentence: str) -> None:
    assert extract(nlp, sentence) == ()


# Without a publication date relative expressions keep a symbolic value (documented in times.values)
UNANCHORED = [
    ("Inflation was high last year.", "last year", "P-1Y"),
    ("The attack took place in December last year.", "December last year", "P-1Y/XXXX-12"),
    ("The rebels attacked two weeks ago.", "two weeks ago", "P-2W"),
    ("Unemployment fell this month.", "this month", "P+0M"),
    ("Last night, rebels shelled the city.", "Last night", "P-1D/XXXX-XX-XXTNI"),
    ("The minister resigned on Friday.", "Friday", "XXXX-WXX-5"),
    ("Exports collapsed in January.", "January", "XXXX-01"),
    ("The bill was signed on Dec. 5.", "Dec. 5", "XXXX-12-05"),
]


@pytest.mark.parametrize(("sentence", "span", "value"), UNANCHORED, ids=[c[1] for c in UNANCHORED])
def test_unanchored_relative_values(nlp: Any, sentence: str, span: str, value: str) -> None:
    t = find(extract(nlp, sentence, published=None), span)
    assert (t.value, t.anchored, t.start, t.end) == (value, False, None, None)
    assert is_valid_value(t.value)


def test_absolute_values_need_no_anchor(nlp: Any) -> None:
    ts = extract(nlp, "The deal was signed on March 7, 2017, after three years of talks.", published=None)
    d, y = find(ts, "March 7, 2017"), find(ts, "three years")
    assert (d.value, d.anchored, d.start) == ("2017-03-07", True, "2017-03-07")
    assert (y.value, y.anchored) == ("P3Y", True)


def test_timestamp_publication_date_is_read(nlp: Any) -> None:
    t = find(extract(nlp, "Inflation was high last year.", published="1998-02-13T14:26:00"), "last year")
    assert t.value == "1997"


def test_run_adds_times_without_touching_the_input(nlp: Any) -> None:
    from onrecord.model import Line, Record

    text = "The minister resigned on Friday."
    record = Record(id="t", text=text, published=PUBLISHED, lines=(Line(0, len(text), "body"),))
    state = State(Input("t", text, PUBLISHED), record=record, parsed=(Paragraph(0, nlp(text), "body"),),
                  done=("read", "layout", "meta", "nlp"))
    out = times.run(state, Options())
    assert out.record is not None and [t.value for t in out.record.times] == ["2017-03-03"]
    assert state.record is not None and state.record.times == ()
    assert out.done[-1] == "times"


def test_quarter_comparisons_in_earnings_reports(nlp: Any) -> None:
    text = ("Net income in the third quarter rose 12% to $40 million from $35.7 million a year ago. "
            "Sales in the quarter climbed 5%.")
    ts = extract(nlp, text, published="1989-10-26")
    assert find(ts, "the third quarter").value == "1989-Q3"
    assert find(ts, "a year ago").value == "1988-Q3"
    assert find(ts, "the quarter").value == "1989-Q3"
    plain = find(extract(nlp, "The mayor took office a year ago.", published="1989-10-26"), "a year ago")
    assert plain.value == "1988"
    share = find(extract(nlp, "A quarter of voters backed him a year ago.", published="1989-10-26"), "a year ago")
    assert share.value == "1988"


def test_narrative_following_year(nlp: Any) -> None:
    ts = extract(nlp, "He was promoted in 1995, and the following year he retired.")
    assert find(ts, "the following year").value == "1996"


# --- the value grammar ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "2016-12", "2017-03-07", "P30Y", "P3Y", "2013", "XXXX-WXX-2", "PRESENT_REF", "PAST_REF", "FUTURE_REF",
    "2013-SU", "1998-Q1", "1998-01-08TEV", "199", "19", "P1D", "PT5H30M", "P2Y6M", "PXY", "PTXM", "1998-W17",
    "1998-W17-WE", "XXXX-07", "1998-01-08T10:35", "1989-11-06T17", "1989-10-27T24", "2015-H2", "P-1Y",
    "P+0M", "P-1Y/XXXX-12", "P-1D/XXXX-XX-XXTNI", "XXXX-WXX-2TNI", "1989-QX", "P1E", "XXXX-XX-XX",
])
def test_valid_values(value: str) -> None:
    assert is_valid_value(value)


@pytest.mark.parametrize("value", [
    "", "2016-13", "2017-02-32", "P", "PT", "P3", "1998-Q5", "yesterday", "2013-SUMMER", "P-1", "1998-W54",
    "P1Y/XXXX-12", "T10:35", "2017-03-07T25:00",
])
def test_invalid_values(value: str) -> None:
    assert not is_valid_value(value)


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2016-12", date(2016, 12, 1), date(2016, 12, 31)),
    ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
    ("1998-Q1", date(1998, 1, 1), date(1998, 3, 31)),
    ("1998-W01", date(1997, 12, 29), date(1998, 1, 4)),
    ("2013-WI", date(2013, 12, 1), date(2014, 2, 28)),
    ("199", date(1990, 1, 1), date(1999, 12, 31)),
    ("1998-01-08TEV", date(1998, 1, 8), date(1998, 1, 8)),
])
def test_interval_of(value: str, start: date, end: date) -> None:
    assert interval_of(value) == (start, end)


def test_interval_of_unknown_parts_is_none() -> None:
    assert interval_of("XXXX-12") is None and interval_of("PRESENT_REF") is None
    assert interval_of("2017-02-30") is None


@pytest.mark.parametrize(("text", "n"), [
    ("twenty four", 24), ("2 1/2", 2.5), ("a dozen", 12), ("one and a half", 1.5), ("a couple of", 2),
    ("1,200", 1200), ("two thousand", 2000), ("a", 1), ("thirty", 30), ("several", None), ("a few", None),
])
def test_parse_number(text: str, n: float | None) -> None:
    assert parse_number(text) == n


@pytest.mark.parametrize(("text", "year"), [
    ("1996", 1996), ("nineteen ninety-six", 1996), ("two thousand", 2000), ("two thousand and one", 2001),
    ("nineteen hundred", 1900), ("nineteen oh five", 1905),
])
def test_parse_year(text: str, year: int) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize(("n", "unit", "value"), [
    (3, "years", "P3Y"), (1.5, "year", "P1Y6M"), (5.5, "hours", "PT5H30M"), (None, "weeks", "PXW"),
    (2, "decades", "P20Y"), (1, "century", "P100Y"), (1.5, "minutes", "PT1M30S"), (None, "hours", "PTXH"),
])
def test_duration_value(n: float | None, unit: str, value: str) -> None:
    assert duration_value(n, unit) == value


def test_weekday_on_or_before_and_after() -> None:
    wed = date(2017, 3, 8)
    assert nearest_weekday(wed, 3, -1, False) == wed
    assert nearest_weekday(wed, 3, -1, True) == date(2017, 3, 1)
    assert nearest_weekday(wed, 2, 1, False) == date(2017, 3, 14)
    assert nearest_weekday(wed, 5, -1, False) == date(2017, 3, 3)


def test_parse_anchor() -> None:
    assert parse_anchor("2017-03-08") == date(2017, 3, 8)
    assert parse_anchor("1998-02-13T14:26:00") == date(1998, 2, 13)
    assert parse_anchor("soon") is None and parse_anchor(None) is None


# --- properties ----------------------------------------------------------------------------

_WORDS = st.sampled_from([
    "last", "next", "this", "the", "past", "early", "late", "mid-", "end", "of", "ago", "earlier", "since",
    "year", "years", "month", "months", "week", "weekend", "day", "days", "quarter", "decade", "century",
    "January", "May", "Sept.", "December", "Friday", "Tuesday", "Mondays", "summer", "fall", "2013", "1990s",
    "'80s", "31", "5", "twenty", "three", "a", "few", "several", "half", "and", "nearly", "over", "every",
    "daily", "now", "recently", "future", "today", "yesterday", "tonight", "morning", "night", "noon",
    "10:35", "p.m.", "EST", "fiscal", "first", "third", "Q3", "year-ago", "1/2", "o'clock", "Christmas",
    "nineteen", "ninety-six", "thousand", ",", ".", "-", "'s", "\n", "2/30/2017", "2017-02-30",
])
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_WORDS, max_size=14).map(" ".join))
_ANCHORS = st.one_of(st.none(), st.dates(min_value=date(1000, 1, 1), max_value=date(9990, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(_TEXTS, _ANCHORS, st.sampled_from([-1, 0, 1]))
def test_grammar_and_resolution_properties(text: str, anchor: date | None, tense: int) -> None:
    for c in find_candidates(text):
        assert 0 <= c.start < c.end <= len(text)
        res = resolve(c.reading, anchor, tense=tense)
        assert is_valid_value(res.value), (text, res.value)
        if res.start is not None and res.end is not None:
            assert res.start <= res.end, (text, res)
        if anchor is None and res.value.startswith("P") and res.value[1:2] in ("+", "-"):
            assert not res.anchored


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXTS, st.sampled_from([None, "2017-03-08", "1989-10-26", "2000-02-29"]))
def test_stage_properties(nlp: Any, text: str, published: str | None) -> None:
    ts = extract(nlp, text, published) if text.strip() else ()
    for t in ts:
        assert text[t.span.start:t.span.end] == t.span.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert is_valid_value(t.value)
        if t.start is not None and t.end is not None:
            assert t.start <= t.end
        assert Time.from_dict(t.to_dict()) == t


def test_part_of_is_inside_the_interval() -> None:
    for value in ("2013", "2016-02", "1998-W17", "199", "1998-Q1", "2017-03-08", "2017-W09-WE"):
        iv = interval_of(value)
        assert iv is not None
        for part in ("START", "MID", "END"):
            s, e = part_of(*iv, part)
            assert iv[0] <= s <= e <= iv[1], (value, part)
