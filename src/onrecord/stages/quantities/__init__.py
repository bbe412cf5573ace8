"""quantities: numbers, money, percentages, measures, vague counts and ordinals as low/high ranges
with what is counted.

Each parsed paragraph's text is read by one regular expression (:mod:`.patterns`) for whole
quantity phrases, then the spaCy parse of the paragraph is consulted only where a match needs it:
to find the thing counted (the noun the number modifies, or the object of "of" in "dozens of
invoices"), and to tell a count from a number that is part of a name or a date ("Route 66", "March 7",
"2002", "3:14 PM"). The pattern is tried only near digits and number words (:func:`.patterns.scan`)
and the per-match work is a few token look-ups: on 200 BBC articles the stage took 0.8% of the time of
the spaCy parse (measured by parsing the articles once, then timing ``run`` on the parsed states).

Readings (DESIGN.md: ``value`` is the conservative point reading of conflict-event coders, ``low`` and
``high`` the honest range, ``approx`` true when the text does not give the exact number):

- exact "300", "three hundred", "2.5 million", "a dozen": low = high = value, approx false.
- vague "dozens" 12..99, "hundreds" 100..999, "tens of thousands" 10000..99999, "several" 3..9, "a few"
  2..9, "scores of" 20..99 (see ``lexicon.numbers.VAGUE``): value = low, approx true.
- "over 300", "more than a dozen": low = value = 301 / 13, high none. For whole-number counts the bound
  is strict (+1); for money, percentages and measures (and fractional counts) the number itself.
- "at least 12", "12 or more", "300-plus": low = value = 12, high none.
- "nearly 50", "almost nine years", "just under 50": high = value = 49 (whole counts) or 50 (other kinds),
  low none: the nearest value the text allows, as for "over".
- "fewer than 50", "under 50": high = 49 (whole counts) or 50, low and value none.
- "up to 1,000", "as many as 1,000", "no more than": high = 1000, low and value none: the text gives no
  point reading, only the ceiling.
- "about/around/some/roughly 40", "40 or so", "40-odd": low = high = value = 40, approx true (the text
  gives no range; callers may widen it).
- ranges "between 200 and 300", "200 to 300", "200-300", "two or three": low 200, high 300, value = low.
- money: ``unit`` is the ISO 4217 code ("$" read as USD, "£" GBP, "€" EUR, see
  ``resources/quantities_currencies.tsv``), cents and pence given in the main unit (0.26 USD).
- percent: unit "percent" or "percentage point". Measures: the canonical unit ("km", "year", "inch").
  Durations ("nine years") are measures with a time unit, unless they place an event ("two weeks ago").
- ordinals ("third", "21st") get kind ordinal; low = high = value = the rank.
- ``counted``: the surface form of the noun counted, lower-cased unless a proper noun ("people",
  "officials", "invoices", "Dreamliners"): the plural as written, because that is what a reader
  searches for and what DESIGN.md's record example shows.

Not quantities: years ("in 2002"), days of the month ("March 7"), times of day ("3:14 PM", "3 pm"),
telephone numbers, numbers that name something ("No. 10", "Route 66", "Office 39", "Boeing 737",
"S&P 500"), numbers glued to letters or joined by hyphens to letters ("A320", "G20", "FTSE-100"),
scores and votes ("beat them 3-1", "52-35") and list numbering.
"""

from __future__ import annotations

from ...state import Options, State
from .atoms import apply_bound
from .extract import extract_quantities

__all__ = ["ADDS", "NAME", "NEEDS", "apply_bound", "extract_quantities", "run"]

NAME = "quantities"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("quantities",)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    qs = extract_quantities(state.record.text, state.parsed)
    return state.advance(NAME, record=state.record.replace(quantities=qs))
