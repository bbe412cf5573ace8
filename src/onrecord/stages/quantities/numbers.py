"""Numbers as written in news text, read into values: digits ("1,200", "2.5"), words ("three hundred",
"twenty-five", "a dozen", "half a million"), scale words and abbreviations ("million", "bn", "k"),
ordinals ("third", "21st") and the vague counts ("dozens", "tens of thousands", "several hundred").

Pure functions; ``parse_*`` return None for "not one". The number words and their values are
:mod:`onrecord.lexicon.numbers`'s; the ranges vague counts stand for are documented there.
"""

from __future__ import annotations

import re

from ...lexicon.numbers import (
    FRACTIONS,
    ORDINALS,
    SCALE_ABBR,
    SCALES,
    SMALL,
    TENS,
    VAGUE,
    VAGUE_OF,
    VAGUE_UNIT,
)

#: The largest number a multiplied vague count reaches before the next scale word takes over.
_NEXT_UP: dict[float, float] = {12: 99, 100: 999, 1e3: 9_999, 1e6: 1e9 - 1, 1e9: 1e12 - 1}

_WS = re.compile(r"[\s\-\u2010-\u2015]+")
_DIGITS = re.compile(r"[-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-\u2212]?\.\d+")


def parse_digits(s: str) -> float | None:
    """The number written in digits at the start of ``s`` ("1,200" -> 1200, "-36" -> -36); None if none."""
    m = _DIGITS.match(s)
    if m is None:
        return None
    return float(m.group().replace(",", "").replace("\u2212", "-"))


def parse_words(s: str) -> float | None:
    """A number written in words: "three hundred and twenty", "twenty-five", "a dozen", "half a million",
    "two and a half million"; None when ``s`` is not one well-formed number."""
    words = [w for w in _WS.split(s.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current: float | None = None
    last = ""  # "small", "tens", "scale": what the previous word was, to refuse "one two"
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("a", "an") and i + 1 < len(words) and words[i + 1] == "half":
            pass  # "two and a half million": the article belongs to "half"
        elif w in FRACTIONS and last == "small" and current is not None:
            current *= FRACTIONS[w]  # "a quarter of a million", "three quarters of a billion"
            last = "fraction"
        elif w == "of" and last == "fraction":
            if i + 1 < len(words) and words[i + 1] in ("a", "an"):
                i += 1
            last = "of"
        elif w in ("a", "an") and i == 0:
            current, last = 1, "small"
        elif w == "half" and (i == 0 or last in ("small", "tens")):
            # "half a million" (0.5 of the scale), "two and a half million" (2.5 of it)
            if i + 1 < len(words) and words[i + 1] in ("a", "an"):
                i += 1
            current = (current or 0) + 0.5
            last = "small"
        elif w in SMALL:
            if last == "small" or (last == "tens" and SMALL[w] >= 10):
                return None
            current = (current or 0) + SMALL[w]
            last = "small"
        elif w in TENS:
            if last in ("small", "tens"):
                return None
            current = (current or 0) + TENS[w]
            last = "tens"
        elif w in SCALES or w == "score":
            scale = SCALES.get(w, 20.0)
            if last == "of":
                total += (current or 0) * scale  # "a quarter of a million": the fraction of the scale
                current, last = None, "scale"
                i += 1
                continue
            if current is None:
                return None
            if scale in (100, 12, 20):
                current *= scale
            else:
                total += current * scale
                current = None
            last = "scale"
        else:
            return None
        i += 1
    if current is None and total == 0:
        return None
    return total + (current or 0)


def parse_number(s: str) -> float | None:
    """A number in digits, words or both ("2.5 million", "15bn", "3 thousand", "a dozen"); None if not one."""
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit() or s[0] in "-.\u2212":
        head = _DIGITS.match(s)
        if head is None:
            return None
        value = float(head.group().replace(",", "").replace("\u2212", "-"))
        rest = s[head.end():].strip().lower()
        if not rest:
            return value
        if rest in SCALE_ABBR:
            return value * SCALE_ABBR[rest]
        more = parse_words("one " + rest) if rest.split()[0] in SCALES else None
        return value * more if more is not None else None
    return parse_words(s)


def parse_ordinal(s: str) -> int | None:
    """An ordinal: "third" -> 3, "21st" -> 21, "twenty-first" -> 21, "15,599th" -> 15599; None if not one."""
    w = s.strip().lower()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)", w)
    if m:
        return int(m.group(1).replace(",", ""))
    if w in ORDINALS:
        return ORDINALS[w]
    parts = _WS.split(w)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS and ORDINALS[parts[1]] < 10:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return None


def parse_vague(s: str) -> tuple[float, float] | None:
    """The (low, high) range of a vague count: "dozens" -> (12, 99), "tens of thousands" -> (10000, 99999),
    "several hundred" -> (300, 999), "a few dozen" -> (24, 99); None when ``s`` is not one."""
    w = " ".join(s.lower().split())
    if w in VAGUE:
        return VAGUE[w]
    m = re.fullmatch(r"(tens|dozens|hundreds) of (thousands|millions|billions)", w)
    if m:
        unit = VAGUE_UNIT[m.group(2)]
        base = VAGUE_OF[m.group(1)] * unit
        return (base, unit * 1000 - 1) if m.group(1) == "hundreds" else (base, unit * 100 - 1)
    m = re.fullmatch(r"(several|a few|a couple(?: of)?|a handful(?: of)?) (dozen|hundred|thousand|million|billion)", w)
    if m:
        det = " ".join(m.group(1).split()[:2])
        lo, hi = VAGUE[det]
        unit = SCALES[m.group(2)]
        upper = _NEXT_UP[unit]
        return lo * unit, min((hi + 1) * unit - 1, upper)
    return None
