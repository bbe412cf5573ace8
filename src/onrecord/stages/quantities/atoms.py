"""Quantity phrases read from text alone: each match of the quantity pattern as an :class:`Atom` (number,
range, bound, unit, currency), and ranges joined from two matches ("between 200 and 300", "15-20%").
No parse is consulted here."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import patterns as P
from .numbers import parse_number, parse_vague, parse_words

_RANGE_DASH = re.compile(r"[-\u2010-\u2013]|\s*\u2014\s*|\s+\u2013\s+")
_RANGE_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_RANGE_OR = re.compile(r"\s+or\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Atom:
    """One quantity phrase the pattern matched in a paragraph, before ranges are joined.

    ``start``/``end`` are offsets in the paragraph's text; ``number`` is the figure as written
    (scale applied), ``scale`` the scale word or abbreviation's factor when one was written (a range
    lends it to its first half: "between 12 and 20 million").
    """

    start: int
    end: int
    kind: str
    number: float | None
    low: float | None
    high: float | None
    value: float | None
    approx: bool
    unit: str | None
    bound: str | None = None
    scale: float | None = None
    vague: bool = False
    words: bool = False  # the number is written in words
    bare: bool = True  # a plain number: no bound, currency, unit, percent or scale
    text: str = ""
    num_start: int = -1  # where the number itself begins, after any bound word or currency


def apply_bound(bound: str | None, number: float, kind: str, low: float | None = None,
                high: float | None = None) -> tuple[float | None, float | None, float | None, bool]:
    """(low, high, value, approx) of ``number`` under a bound word (readings in the module docstring).

    ``low``/``high`` default to ``number``; a vague count passes its own range ("more than dozens").
    """
    lo = number if low is None else low
    hi = number if high is None else high
    step = 1.0 if kind == "count" and float(number).is_integer() else 0.0
    if bound is None:
        return lo, hi, lo, low is not None and low != high
    if bound == "gt":
        return lo + step, None, lo + step, True
    if bound == "ge":
        return lo, None, lo, True
    if bound == "near":
        return None, lo - step, lo - step, True
    if bound == "lt":
        return None, lo - step, None, True
    if bound == "le":
        return None, hi, None, True
    return lo, hi, lo, True  # approx; "between" is settled when its range is joined


def _currency(surface: str, where: str) -> str | None:
    table = P.currencies()
    key = " ".join(surface.split())
    return table.get((key, where)) or table.get((key.lower(), where))


def read_atom(m: re.Match[str]) -> Atom | None:
    """The :class:`Atom` of one match of ``quantity_pattern``; None when the words do not make a number."""
    g = m.groupdict()
    vague = g["vague"] is not None
    scale: float | None = None
    rng: tuple[float, float] | None = None
    if vague:
        rng = parse_vague(g["vague"])
        if rng is None:
            return None
        number: float | None = rng[0]
    elif g["digits"] is not None:
        number = parse_number(g["num"])
        if g["abbr"]:
            scale = parse_number("1" + g["abbr"].strip())
        elif g["scale"]:
            scale = parse_number("1 " + g["scale"])
    else:
        number = parse_words(g["num"])
        if number is not None and re.search(r"hundred|thousand|million|billion|trillion|dozen|score", g["num"], re.IGNORECASE):
            scale = 1.0  # written with a scale word: "two million" is not a bare count
    if number is None or not math.isfinite(number * (scale or 1.0)):
        return None  # a digit string too long for a float ("999...9"): no value to give
    kind, unit = "count", None
    if g["pct"]:
        kind = "percent"
        unit = "percentage point" if "point" in g["pct"].lower() else "percent"
    elif g["curpost"]:
        word = re.sub(r"^\s*(?:of\s+)?", "", g["curpost"], flags=re.IGNORECASE)
        unit = _currency(word, "post")
        kind = "money"
        if re.search(r"(?:cents?|pence)$", word, re.IGNORECASE):
            number /= 100
            if rng:
                rng = (rng[0] / 100, rng[1] / 100)
    elif g["unit"] or g["preunit"]:
        kind = "measure"
        u = (g["unit"] or g["preunit"]).lstrip(" -\t\n")
        units = P.units()
        unit = units.get(u) or units.get(u.lower()) or units.get(" ".join(u.lower().split()))
    elif g["inch"]:
        kind, unit = "measure", "inch"
    if g["cur"]:
        code = _currency(g["cur"], "pre")
        if kind in ("count", "money"):
            kind, unit = "money", code or unit
    bound = P.BOUNDS.get(" ".join(g["bound"].lower().split())) if g["bound"] else None
    start = m.start()
    if bound == "gt" and number == 1 and g["bound"].lower().endswith("over"):
        bound, start = None, m.start("num")  # "stepping over one line": the preposition, not a bound
    post = (g["postbound1"] or g["postbound2"] or "").strip().lower()
    if post:
        bound = bound or P.POST_BOUNDS.get(" ".join(post.split()))
    if rng is not None:
        low, high, value, approx = apply_bound(bound, number, kind, rng[0], rng[1])
        approx = True
    else:
        low, high, value, approx = apply_bound(bound, number, kind)
    return Atom(
        start=start, end=m.end(), kind=kind, number=number, low=low, high=high, value=value, approx=approx,
        unit=unit, bound=bound, scale=scale, vague=vague, words=g["words"] is not None,
        bare=kind == "count" and not vague and bound is None and scale is None, text=m.group()[start - m.start():],
        num_start=m.start("num"),
    )


def extract_atoms(text: str, triggers: list[int] | None = None) -> list[Atom]:
    """Every quantity phrase of ``text`` (one paragraph), left to right, telephone numbers left out.

    ``triggers`` are ``patterns.trigger_positions(text)`` when the caller has them."""
    out = []
    for m in P.scan(text, triggers):
        if _near_phone(text, m.start(), m.end()):
            continue
        atom = read_atom(m)
        if atom is not None:
            out.append(atom)
    return out


def _near_phone(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` belong to a telephone number ("555-0134", "+44 20 7946 0000")."""
    if text[end:end + 1] not in ("-", ".", ")", " ") and text[max(0, start - 1):start] not in ("-", "(", "+", " "):
        return False
    window = text[max(0, start - 18):end + 18]
    if "-" not in window and "+" not in window and ")" not in window:
        return False
    offset = max(0, start - 18)
    return any(p.start() + offset < end and start < p.end() + offset for p in P.PHONE.finditer(window))


def _join(a: Atom, b: Atom, text: str) -> Atom | None:
    """The range "a .. b" when the text between them makes one ("200 to 300", "15-20%", "between 12 and
    20 million", "two or three"); None when it does not."""
    gap = text[a.end:b.start]
    if a.number is None or b.number is None or a.vague or b.vague:
        return None
    if _RANGE_DASH.fullmatch(gap) or _RANGE_TO.fullmatch(gap):
        if P.FROM_BEFORE.search(text[max(0, a.start - 8):a.start]):
            return None  # "rose from 14% to 17%": two figures, not a range
        if a.bound not in (None, "approx"):
            return None
    elif _RANGE_AND.fullmatch(gap):
        if a.bound != "between":
            return None
    elif _RANGE_OR.fullmatch(gap):
        if not (a.bare and a.words == b.words and b.bound is None and not b.vague):
            return None  # "two or three", "two or three months"; not "$381 million or $0.67"
    else:
        return None
    if a.kind != b.kind and a.kind != "count":
        return None
    first = a.number
    if a.scale is None and b.scale and b.scale != 1.0 and a.number <= b.number / b.scale:
        first = a.number * b.scale  # "between 12 and 20 million", "$12-15bn"
    last = b.high if b.high is not None else b.number
    if not first < last:
        return None
    return Atom(
        start=a.start, end=b.end, kind=b.kind, number=first, low=first, high=last, value=first, approx=True,
        unit=b.unit or a.unit, bound=None, scale=b.scale, bare=False, text=a.text + gap + b.text,
        num_start=a.num_start,
    )


def join_ranges(atoms: Sequence[Atom], text: str) -> list[Atom]:
    """Atoms with ranges joined; halves of a dash that do not make a range ("52-35", "A330-200") dropped."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            joined = _join(a, atoms[i + 1], text)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        if _dash_glued(a, text):
            i += 1
            continue
        if i + 1 < len(atoms) and a.bare and atoms[i + 1].kind in ("percent", "money"):
            b = atoms[i + 1]
            if _RANGE_TO.fullmatch(text, a.end, b.start) or _RANGE_DASH.fullmatch(text, a.end, b.start):
                a = replace(a, kind=b.kind, unit=b.unit, bare=False)  # "50 to 48 percent": a score in percent
        out.append(a)
        i += 1
    return out


def _dash_glued(a: Atom, text: str) -> bool:
    """A number hyphenated to a word or number without making a range: "A330-200", "FTSE-100", "52-35"."""
    before = text[a.start - 1] if a.start > 0 else ""
    after = text[a.end:a.end + 2]
    if before in "-\u2010\u2011\u2013" and a.start > 1 and text[a.start - 2].isalnum():
        return True
    return a.bare and len(after) == 2 and after[0] in "-\u2010\u2011\u2013" and after[1].isdigit()
