"""Number words: cardinals, scale words, fractions, ordinals and vague counts, with their values.

The one place these words are written; the times stage (durations, spoken years, clock hours) and the
quantities stage (counts, money, ordinals) read them from here, each taking the part it uses.
"""

from __future__ import annotations

ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
#: The numbers below twenty that are one word: ``ONES`` and ``TEENS``.
SMALL: dict[str, int] = {**ONES, **TEENS}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12,
}
#: Fractions of a scale word: "a quarter of a million" is 250,000.
FRACTIONS: dict[str, float] = {"quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
#: Abbreviated scales written after digits ("15bn", "$3m", "50k", "7.2 bn"). "m" and "b" only count as
#: million/billion after a currency (otherwise "100m" is a distance), see the quantities stage's pattern.
SCALE_ABBR: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000, "millionth": 1_000_000,
}

#: Words that stand for a number nobody gave: TimeML writes it as X ("several years" is PXY).
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "some", "many", "a number of", "numerous", "multiple"})

#: Vague counts: (low, high) of the honest range; the point value is ``low``, the conservative reading
#: of conflict-event coders (ACLED codes "dozens" as 12 and "hundreds" as 100; DESIGN.md). The rest
#: follow the same rule: the smallest number the word allows, and the largest before the next word up
#: ("hundreds" ends at 999, where "thousands" begins). "scores" is read like "dozens", on its own unit
#: (20). "a few" and "a couple of" start at 2, "several" at 3 (two would be "a couple"); all three stop
#: at 9, beyond which writers say "dozens" or "a dozen". Multiplied forms ("several hundred") scale the
#: range: several hundred = 300..999.
VAGUE: dict[str, tuple[float, float]] = {
    "tens": (10, 99),
    "dozens": (12, 99),
    "scores": (20, 99),
    "hundreds": (100, 999),
    "thousands": (1_000, 9_999),
    "millions": (1e6, 1e9 - 1),
    "billions": (1e9, 1e12 - 1),
    "trillions": (1e12, 1e15 - 1),
    "several": (3, 9),
    "a few": (2, 9),
    "a couple": (2, 3),
    "a handful": (2, 9),
}
#: "tens of thousands", "hundreds of millions": the first word counts units of the second.
VAGUE_OF: dict[str, float] = {"tens": 10, "dozens": 12, "hundreds": 100}
VAGUE_UNIT: dict[str, float] = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
