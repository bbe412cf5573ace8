"""The quantities stage: table tests for every form (sentences written for these tests), the number
parsers, exclusions (names, dates, times, phone numbers), and properties (no crash on any text;
low <= value <= high; spans index the text)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.model import Quantity
from onrecord.stages import quantities
from onrecord.stages.nlp import Paragraph, load
from onrecord.stages.quantities.numbers import parse_number, parse_ordinal, parse_vague, parse_words
from onrecord.state import DEFAULT_MODEL, Input, Options, State

INF = None  # an open bound


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load(DEFAULT_MODEL)


def extract(nlp: Any, text: str, kind: str = "body") -> tuple[Quantity, ...]:
    return quantities.extract_quantities(text, (Paragraph(0, nlp(text), kind),))


def find(qs: tuple[Quantity, ...], span: str) -> Quantity:
    hits = [q for q in qs if q.span.text == span]
    assert hits, f"no quantity {span!r} among {[q.span.text for q in qs]}"
    return hits[0]


# sentence, span, kind, low, high, value, approx, unit, counted
CASES: list[tuple[str, str, str, float | None, float | None, float | None, bool, str | None, str | None]] = [
    # exact numbers, digits and words
    ("Police said 300 people were detained.", "300", "count", 300, 300, 300, False, None, "people"),
    ("The regime executed three hundred prisoners.", "three hundred", "count", 300, 300, 300, False, None, "prisoners"),
    ("About 2.5 million voters stayed home.", "About 2.5 million", "count", 2.5e6, 2.5e6, 2.5e6, True, None, "voters"),
    ("The farm lost 1,200 sheep in the storm.", "1,200", "count", 1200, 1200, 1200, False, None, "sheep"),
    ("She bought a dozen eggs at the market.", "a dozen", "count", 12, 12, 12, False, None, "eggs"),
    ("Twenty-five officials signed the letter.", "Twenty-five", "count", 25, 25, 25, False, None, "officials"),
    ("The city hired two thousand and fifty teachers.", "two thousand and fifty", "count", 2050, 2050, 2050,
     False, None, "teachers"),
    ("The scheme cost a quarter of a million dollars.", "a quarter of a million dollars", "money", 2.5e5, 2.5e5,
     2.5e5, False, "USD", None),
    ("Half a million refugees crossed the border.", "Half a million", "count", 5e5, 5e5, 5e5, False, None,
     "refugees"),
    ("Rebels freed 14 hostages on Sunday.", "14", "count", 14, 14, 14, False, None, "hostages"),
    ("Inspectors found 40 invoices paid twice.", "40", "count", 40, 40, 40, False, None, "invoices"),
    ("The agency employs 12,400 staff.", "12,400", "count", 12400, 12400, 12400, False, None, "staff"),
    ("Ten of its plants will close.", "Ten", "count", 10, 10, 10, False, None, "plants"),
    ("The fire destroyed 3 thousand homes.", "3 thousand", "count", 3000, 3000, 3000, False, None, "homes"),
    # money
    ("Auditors questioned a $40 million dredging contract.", "$40 million", "money", 4e7, 4e7, 4e7, False, "USD",
     None),
    ("The club was sold for £1.2bn last week.", "£1.2bn", "money", 1.2e9, 1.2e9, 1.2e9, False, "GBP", None),
    ("The council paid 40 million dollars for the land.", "40 million dollars", "money", 4e7, 4e7, 4e7, False,
     "USD", None),
    ("Tickets cost €3 each.", "€3", "money", 3, 3, 3, False, "EUR", None),
    ("The fine was US$5 per car.", "US$5", "money", 5, 5, 5, False, "USD", None),
    ("The bank lent 9.9 billion yuan to the airline.", "9.9 billion yuan", "money", 9.9e9, 9.9e9, 9.9e9, False,
     "CNY", None),
    ("Shares closed at 26 cents on Friday.", "26 cents", "money", 0.26, 0.26, 0.26, False, "USD", None),
    ("The state granted AU$52.5 million to the plant.", "AU$52.5 million", "money", 52.5e6, 52.5e6, 52.5e6, False,
     "AUD", None),
    ("The sale raised 253m euros for the group.", "253m euros", "money", 253e6, 253e6, 253e6, False, "EUR", None),
    ("Donors gave $3m to the campaign.", "$3m", "money", 3e6, 3e6, 3e6, False, "USD", None),
    ("The firm spent billions of dollars on pensions.", "billions of dollars", "money", 1e9, 1e12 - 1, 1e9, True,
     "USD", None),
    ("The fund holds $7.2 bn in bonds.", "$7.2 bn", "money", 7.2e9, 7.2e9, 7.2e9, False, "USD", None),
    # percentages
    ("Sales fell 12% in March.", "12%", "percent", 12, 12, 12, False, "percent", None),
    ("Turnout rose 12 percent this year.", "12 percent", "percent", 12, 12, 12, False, "percent", None),
    ("Unemployment rose by 0.4 per cent.", "0.4 per cent", "percent", 0.4, 0.4, 0.4, False, "percent", None),
    ("Her lead shrank by six percentage points.", "six percentage points", "percent", 6, 6, 6, False,
     "percentage point", None),
    ("Prices rose by half a percent.", "half a percent", "percent", 0.5, 0.5, 0.5, False, "percent", None),
    # measures
    ("The convoy drove 5 km before dawn.", "5 km", "measure", 5, 5, 5, False, "km", None),
    ("Customs seized 30 tons of cocaine.", "30 tons", "measure", 30, 30, 30, False, "ton", "cocaine"),
    ("The road runs 2 miles along the coast.", "2 miles", "measure", 2, 2, 2, False, "mile", None),
    ("The phone has a 3.5-inch screen.", "3.5-inch", "measure", 3.5, 3.5, 3.5, False, "inch", "screen"),
    ("A magnitude 7.2 earthquake struck the coast.", "magnitude 7.2", "measure", 7.2, 7.2, 7.2, False,
     "magnitude", "earthquake"),
    ("The plant produces 500 megawatts of power.", "500 megawatts", "measure", 500, 500, 500, False, "MW", "power"),
    ("He ran the authority for almost nine years.", "almost nine years", "measure", INF, 9, 9, True, "year", None),
    ("The strike lasted 18 months in all.", "18 months", "measure", 18, 18, 18, False, "month", None),
    # vague counts
    ("Dozens of invoices had been paid twice.", "Dozens", "count", 12, 99, 12, True, None, "invoices"),
    ("The regime killed hundreds of people.", "hundreds", "count", 100, 999, 100, True, None, "people"),
    ("Thousands of workers marched in the capital.", "Thousands", "count", 1000, 9999, 1000, True, None, "workers"),
    ("Tens of thousands of residents fled the city.", "Tens of thousands", "count", 1e4, 99999, 1e4, True, None,
     "residents"),
    ("Hundreds of thousands of people lost power.", "Hundreds of thousands", "count", 1e5, 999999, 1e5, True, None,
     "people"),
    ("Millions of viewers watched the debate.", "Millions", "count", 1e6, 1e9 - 1, 1e6, True, None, "viewers"),
    ("Scores of police officers lined the street.", "Scores", "count", 20, 99, 20, True, None, "officers"),
    ("Several officials resigned after the audit.", "Several", "count", 3, 9, 3, True, None, "officials"),
    ("A few reporters waited outside.", "A few", "count", 2, 9, 2, True, None, "reporters"),
    ("Several hundred protesters gathered at noon.", "Several hundred", "count", 300, 999, 300, True, None,
     "protesters"),
    ("A couple of journalists were hurt.", "A couple", "count", 2, 3, 2, True, None, "journalists"),
    # bounds
    ("The regime executed over 300 people.", "over 300", "count", 301, INF, 301, True, None, "people"),
    ("More than 40 soldiers were wounded.", "More than 40", "count", 41, INF, 41, True, None, "soldiers"),
    ("At least 12 people died in the blast.", "At least 12", "count", 12, INF, 12, True, None, "people"),
    ("Nearly 50 families were evacuated.", "Nearly 50", "count", INF, 49, 49, True, None, "families"),
    ("The flood displaced up to 1,000 villagers.", "up to 1,000", "count", INF, 1000, INF, True, None, "villagers"),
    ("More than a dozen soldiers deserted.", "More than a dozen", "count", 13, INF, 13, True, None, "soldiers"),
    ("Between 200 and 300 protesters were arrested.", "Between 200 and 300", "count", 200, 300, 200, True, None,
     "protesters"),
    ("Some 40 lawmakers signed the petition.", "Some 40", "count", 40, 40, 40, True, None, "lawmakers"),
    ("Around 400 guests attended the ceremony.", "Around 400", "count", 400, 400, 400, True, None, "guests"),
    ("Fewer than 50 ballots were missing.", "Fewer than 50", "count", INF, 49, INF, True, None, "ballots"),
    ("The bill costs more than $4 billion.", "more than $4 billion", "money", 4e9, INF, 4e9, True, "USD", None),
    ("The party won 12 or more seats.", "12 or more", "count", 12, INF, 12, True, None, "seats"),
    ("The firm shed 25,000 to 30,000 jobs.", "25,000 to 30,000", "count", 25000, 30000, 25000, True, None, "jobs"),
    ("Growth of 15-20% is expected.", "15-20%", "percent", 15, 20, 15, True, "percent", None),
    ("The city will spend between $12 million and $20 million on roads.", "between $12 million and $20 million",
     "money", 12e6, 20e6, 12e6, True, "USD", None),
    ("The charity needs between 12 and 20 million dollars.", "between 12 and 20 million dollars", "money", 12e6,
     20e6, 12e6, True, "USD", None),
    ("Two or three witnesses saw the car.", "Two or three", "count", 2, 3, 2, True, None, "witnesses"),
    ("Stocks fell as much as 3% on Monday.", "as much as 3%", "percent", INF, 3, INF, True, "percent", None),
    # ordinals
    ("It was the third attack this month.", "third", "ordinal", 3, 3, 3, False, None, None),
    ("She finished 21st in the race.", "21st", "ordinal", 21, 21, 21, False, None, None),
]


@pytest.mark.parametrize("sentence,span,kind,low,high,value,approx,unit,counted", CASES)
def test_quantity_forms(nlp: Any, sentence: str, span: str, kind: str, low: float | None, high: float | None,
                        value: float | None, approx: bool, unit: str | None, counted: str | None) -> None:
    q = find(extract(nlp, sentence), span)
    assert (q.kind, q.unit, q.counted, q.approx) == (kind, unit, counted, approx)
    for got, want in ((q.low, low), (q.high, high), (q.value, value)):
        assert (got is None and want is None) or (got is not None and want is not None and math.isclose(got, want))


# sentence, text that must not be read as a count (nor overlap any quantity)
NOT_COUNTS = [
    ("The defector worked for Office 39 in Pyongyang.", "39"),
    ("The crisis began in 2002 and deepened.", "2002"),
    ("The prime minister returned to No. 10 on Monday.", "10"),
    ("The talks ended on March 7 without a deal.", "7"),
    ("The motel stands on Route 66 near the border.", "66"),
    ("Call the hotline at 555-0134 for details.", "555"),
    ("The meeting started at 3:14 PM sharp.", "3:14"),
    ("The vote is set for 9 p.m. on Tuesday.", "9"),
    ("Airbus delivered its first A380 to the airline.", "380"),
    ("Apple unveiled the iPhone 4 in June.", "4"),
    ("The FTSE-100 index rose sharply.", "100"),
    ("Boeing delayed the 737 replacement again.", "737"),
    ("Analysts at Standard & Poor's 500 desk disagreed.", "500"),
    ("The Senate vote was 52-35 in favour.", "52"),
    ("No one expected the result.", "one"),
    ("The attack happened three years ago.", "three years"),
    ("The company was founded between 2014 and 2016 by students.", "2014"),
    ("Chapter 11 protection was granted to the firm.", "11"),
]


@pytest.mark.parametrize("sentence,text", NOT_COUNTS)
def test_not_counts(nlp: Any, sentence: str, text: str) -> None:
    start = sentence.index(text)
    end = start + len(text)
    for q in extract(nlp, sentence):
        overlap = q.span.start < end and start < q.span.end
        assert not (overlap and q.kind in ("count", "measure")), f"{q.span.text!r} read as {q.kind}"


def test_design_example_paragraphs(nlp: Any) -> None:
    """The invented article of DESIGN.md: "$40 million" (money), "almost nine years" (a duration just
    under 9 years), "dozens of invoices" (12..99); "two weeks after" is a time, not a quantity."""
    text = ("The head of the Lakeport port authority resigned on Friday, two weeks after auditors questioned "
            "a $40 million dredging contract.\n\nArlen, who ran the authority for almost nine years, said that "
            "he would cooperate with the inquiry. The Lakeport Gazette reported last month that dozens of "
            "invoices had been paid twice, according to two people familiar with the audit.")
    paras = []
    for chunk in text.split("\n\n"):
        start = text.index(chunk)
        paras.append(Paragraph(start, nlp(chunk)))
    qs = quantities.extract_quantities(text, tuple(paras))
    got = [(q.span.text, q.kind, q.low, q.high, q.value, q.unit, q.counted) for q in qs]
    assert got == [
        ("$40 million", "money", 4e7, 4e7, 4e7, "USD", None),
        ("almost nine years", "measure", None, 9, 9, "year", None),
        ("dozens", "count", 12, 99, 12, None, "invoices"),
        ("two", "count", 2, 2, 2, None, "people"),
    ]


def test_overlong_digit_strings_give_no_infinite_values(nlp: Any) -> None:
    qs = extract(nlp, "The code was " + "9" * 400 + " and 12 people saw it.")
    assert all(q.value is None or math.isfinite(q.value) for q in qs)
    assert find(qs, "12").counted == "people"


def test_from_to_is_two_figures_not_a_range(nlp: Any) -> None:
    qs = extract(nlp, "The share rose from 14% to 17% in a year.")
    assert [(q.span.text, q.low, q.high) for q in qs if q.kind == "percent"] == [("14%", 14, 14), ("17%", 17, 17)]


def test_pounds_weight_and_pounds_money(nlp: Any) -> None:
    qs = extract(nlp, "Police seized 30 pounds of heroin and £200 in cash.")
    assert find(qs, "30 pounds").kind == "measure" and find(qs, "30 pounds").unit == "lb"
    assert find(qs, "£200").kind == "money" and find(qs, "£200").unit == "GBP"


def test_title_case_headline_keeps_counts(nlp: Any) -> None:
    qs = extract(nlp, "Regime Executes 300 Officials In Purge", kind="headline")
    assert find(qs, "300").kind == "count"


def test_spans_carry_record_offsets(nlp: Any) -> None:
    text = "Headline here\n\nRebels freed 14 hostages."
    start = text.index("Rebels")
    para = Paragraph(start, nlp(text[start:]), "body")
    (q,) = quantities.extract_quantities(text, (para,))
    assert (q.span.start, q.span.end, q.span.text) == (text.index("14"), text.index("14") + 2, "14")


def test_run_does_not_mutate_state(nlp: Any) -> None:
    from onrecord.model import Record

    text = "Dozens of invoices were paid twice."
    state = State(Input("d", text), record=Record(id="d", text=text), parsed=(Paragraph(0, nlp(text)),))
    out = quantities.run(state, Options())
    assert state.record is not None and state.record.quantities == ()
    assert out.record is not None and [q.span.text for q in out.record.quantities] == ["Dozens"]
    assert out.done[-1] == quantities.NAME


# --- parsers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("three hundred and twenty", 320), ("twenty-five", 25), ("a dozen", 12), ("half a million", 5e5),
    ("two and a half million", 2.5e6), ("ninety nine", 99), ("three quarters of a billion", 7.5e8), ("twenty-five hundred", 2500), ("a score", 20),
    ("one two", None), ("eleven twelve", None), ("and", None), ("", None), ("hundred", None),
])
def test_parse_words(text: str, value: float | None) -> None:
    assert parse_words(text) == value


@pytest.mark.parametrize("text,value", [
    ("2.5 million", 2.5e6), ("15bn", 15e9), ("1,200", 1200), ("-36", -36), (".5", 0.5), ("2 dozen", 24),
    ("7.2 bn", 7.2e9), ("50k", 5e4), ("3 thousand", 3000), ("x", None), ("12 apples", None),
])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text,rng", [
    ("dozens", (12, 99)), ("tens of thousands", (1e4, 99999)), ("several hundred", (300, 999)),
    ("a few dozen", (24, 99)), ("a couple hundred", (200, 399)), ("hundreds of millions", (1e8, 1e9 - 1)),
    ("many", None),
])
def test_parse_vague(text: str, rng: tuple[float, float] | None) -> None:
    assert parse_vague(text) == rng


@pytest.mark.parametrize("text,n", [("third", 3), ("21st", 21), ("twenty-first", 21), ("15,599th", 15599),
                                     ("thirds", None), ("21", None)])
def test_parse_ordinal(text: str, n: int | None) -> None:
    assert parse_ordinal(text) == n


@given(st.integers(0, 10**12))
def test_parse_number_reads_digits_back(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.text(max_size=60))
def test_parsers_never_crash(s: str) -> None:
    for parse in (parse_words, parse_number, parse_vague, parse_ordinal):
        parse(s)


# --- properties of the stage -------------------------------------------------------------------------

_WORDS = st.sampled_from([
    "over", "more than", "about", "nearly", "up to", "at least", "between", "and", "to", "or", "-", "$", "£", "%",
    "percent", "million", "bn", "m", "km", "years", "dozens", "hundreds", "of", "thousands", "several", "a few",
    "people", "No.", "Route", "March", "2002", "3:14", "PM", "555-0134", "third", "21st", "one", "two", "twenty-five",
    "1,200", "2.5", "12", "300", "-", "–", "'", '"', "\n", "A320", "ago", "per cent", "a dozen", "half a",
    '"about', "(US$", "slightly more than", "in the region of", "magnitude", "US$", "euros", "first", "twenty-",
])
_TEXTS = st.one_of(st.text(max_size=120), st.lists(_WORDS, max_size=25).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS)
def test_trigger_scan_finds_what_a_full_scan_finds(text: str) -> None:
    """The stage tries its pattern only near number words and digits; that must lose nothing."""
    from onrecord.stages.quantities import patterns as P

    assert [m.span() for m in P.scan(text)] == [m.span() for m in P.quantity_pattern().finditer(text)]
    assert [m.span() for m in P.scan_ordinals(text)] == [m.span() for m in P.ordinal_pattern().finditer(text)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXTS)
def test_any_text_gives_valid_quantities(nlp: Any, text: str) -> None:
    if not text.strip():
        return
    for q in extract(nlp, text):
        assert text[q.span.start:q.span.end] == q.span.text and q.span.start < q.span.end
        assert q.kind in ("count", "money", "percent", "measure", "ordinal")
        if q.low is not None and q.value is not None:
            assert q.low <= q.value
        if q.value is not None and q.high is not None:
            assert q.value <= q.high
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        assert q.to_dict() == Quantity.from_dict(q.to_dict()).to_dict()
