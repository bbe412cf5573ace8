"""Small parsers of the time grammar: numbers, years, months, weekdays, parts of a period ("early",
"the end of") and TIMEX3 durations, each from the text a rule matched."""

from __future__ import annotations

import re

from ...lexicon.calendar import MONTHS, WEEKDAYS
from ...lexicon.numbers import ONES, TEENS, TENS, VAGUE_NUMBERS
from .patterns import _APPROX_MODS, PLURAL_UNITS, TIME_SCALES, UNITS

_SPACES = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s.lower().replace("’", "'")).strip()


def parse_number(text: str) -> float | None:
    """The number a phrase of digits or words gives ("twenty four" 24, "2 1/2" 2.5, "a dozen" 12,
    "one and a half" 1.5), or None for a vague one ("several", "a few") or none at all."""
    s = _norm(text).replace("-", " ")
    if not s or s in VAGUE_NUMBERS:
        return None
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    if s.endswith((" 1/2", "½")):
        s, half = s.rstrip("½").removesuffix(" 1/2").strip(), 0.5
    if s in ("a", "an", "one"):
        return 1.0 + half
    if s in ("a half", "half a", "half an"):
        return 0.5
    if s in ("a couple", "a couple of", "couple of"):
        return 2.0
    digits = s.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total, current = 0.0, 0.0
    for w in s.split():
        if w in ("a", "an", "and"):
            current = current or (1.0 if w != "and" else current)
            continue
        if w in ONES:
            current += ONES[w]
        elif w in TEENS:
            current += TEENS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in TIME_SCALES:
            current = (current or 1.0) * TIME_SCALES[w]
            if TIME_SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current + half


def parse_year(text: str) -> int:
    """The year of "1996", "nineteen ninety-six" or "two thousand and one"."""
    t = _norm(text)
    if t[:1].isdigit():
        return int(t)
    words = t.replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(parse_number(" ".join(rest)) or 0) if rest else 2000
    century = (TEENS.get(words[0]) or 19) * 100
    rest = [w for w in words[1:] if w != "oh"]
    if rest == ["hundred"]:
        return century
    return century + int(parse_number(" ".join(rest)) or 0)


def parse_month(word: str) -> int | None:
    """The month number of "March", "Sept." or "dec"; None for anything else."""
    return MONTHS.get(_norm(word).rstrip("."))


def parse_weekday(word: str) -> int | None:
    """The ISO weekday (1 Monday .. 7 Sunday) of "Tuesday" or "Tues."; None for anything else."""
    w = _norm(word).rstrip(".")
    w = w.removesuffix("'s")
    return WEEKDAYS.get(w) or WEEKDAYS.get(w.rstrip("s"))


def parse_part(text: str | None) -> str:
    """START, MID or END for "early", "mid", "the end of" ...; EARLIER and LATER for "earlier"/"later"."""
    if not text:
        return ""
    t = _norm(text)
    if t.startswith("earlier"):
        return "EARLIER"
    if t.startswith("later"):
        return "LATER"
    if any(w in t for w in ("mid", "middle")):
        return "MID"
    if any(w in t for w in ("late", "end", "close", "latter", "last")):
        return "END"
    return "START"


def duration_value(n: float | None, unit_word: str) -> str | None:
    """The TIMEX3 duration of ``n`` units ("P3Y", "PT5H30M", "P2Y6M", "PXY" when n is None)."""
    unit = PLURAL_UNITS.get(unit_word, unit_word)
    if unit not in UNITS:
        return None
    letter, timed = UNITS[unit]
    if unit == "fortnight" and n is not None:
        n *= 2
    if unit == "weekend":
        return "P2D" if n is None or n == 1 else f"P{int(2 * n)}D"
    if n is None:
        return f"PTX{letter}" if timed else f"PX{letter}"
    if letter in ("E", "C", "L"):  # decades and centuries in years: "two decades" is P20Y
        years = n * {"E": 10, "C": 100, "L": 1000}[letter]
        return f"P{_fmt(years)}Y" if years == int(years) else None
    whole, frac = int(n), n - int(n)
    if frac == 0:
        return f"PT{whole}{letter}" if timed else f"P{whole}{letter}"
    lower = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False), "D": ("H", 24, True),
             "H": ("M", 60, True), "Q": ("M", 3, False)}
    if letter == "M" and timed:
        sub: tuple[str, int, bool] | None = ("S", 60, True)
    elif letter == "S":
        sub = None
    else:
        sub = lower.get(letter)
    if sub is None or (frac * sub[1]) != int(frac * sub[1]):
        return f"PT{_fmt(n)}{letter}" if timed else f"P{_fmt(n)}{letter}"
    rest = int(frac * sub[1])
    head = f"{whole}{letter}" if whole else ""
    if timed:
        return f"PT{head}{rest}{sub[0]}"
    if sub[2]:
        return f"P{head}T{rest}{sub[0]}"
    return f"P{head}{rest}{sub[0]}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _approx(mod: str | None) -> bool:
    return mod is not None and _norm(mod).startswith(_APPROX_MODS)


def _cap(word: str) -> bool:
    """Month and weekday names are capitalized in news text; "may" and "march" in lower case are verbs."""
    return word[:1].isupper()

