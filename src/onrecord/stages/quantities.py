"""quantities: numbers, money, percentages and vague counts as low/high ranges."""

from __future__ import annotations

import re

from ..model import Quantity
from ..state import Options, State

NAME = "quantities"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("quantities",)

_KIND = {"CARDINAL": "count", "MONEY": "money", "PERCENT": "percent", "QUANTITY": "measure"}
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def parse_number(s: str) -> float | None:
    """The first number written in digits in ``s``; None when there is none."""
    m = _NUM.search(s)
    return float(m.group().replace(",", "")) if m else None


def extract_quantities(text: str, parsed) -> tuple[Quantity, ...]:  # type: ignore[no-untyped-def]
    out = []
    for para in parsed:
        for ent in para.doc.ents:
            kind = _KIND.get(ent.label_)
            if kind is None:
                continue
            v = parse_number(ent.text)
            counted = ent.root.head.lemma_ if kind == "count" and ent.root.head.pos_ == "NOUN" else None
            out.append(Quantity(para.token_span(text, ent), kind, v, v, v, v is None, None, counted))
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    qs = extract_quantities(state.record.text, state.parsed)
    return state.advance(NAME, record=state.record.replace(quantities=qs))
