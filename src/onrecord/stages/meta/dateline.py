"""The dateline's place and wire: "WASHINGTON (AP) --", "MEXICO CITY, Feb. 8 (UPI) --"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Line, Span
from ..layout.patterns import MONTH_PATTERN
from .publisher import parse_outlet
from .spans import _strip, _trim

# Used with .match(text, pos): no "^", which would only match at the start of the whole text.
# "WASHINGTON (AP) --", "HEMPSTEAD, N.Y., Sept. 26 (UPI) --", "New York (AFP) --", "TALLAHASSEE --".
_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s*[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*)*)*?)"
    rf"(?:,\s*{MONTH_PATTERN}\s+\d{{1,2}})?\s*(?:\((?P<wire>[A-Za-z][\w .&-]{{0,30}})\))?\s*(?:--|—|–|-|_|:)(?:\s|$)"
)
_DATELINE_TITLE = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?:,\s*[A-Z][A-Za-z.]+)?)(?:,\s*{MONTH_PATTERN}\s+\d{{1,2}})?\s*"
    r"\((?P<wire>[A-Za-z][\w .&-]{0,30})\)\s*(?:--|—|–|-|_)(?:\s|$)"
)


# "Dec 29 (Reuters) - ": a wire's dateline with a date and no place.
_DATELINE_DATE = re.compile(rf"{MONTH_PATTERN}\s+\d{{1,2}}\s*\((?P<wire>[A-Za-z][\w .&-]{{0,30}})\)\s*(?:--|—|–|-|_)(?:\s|$)")


def extract_dateline(text: str, lines: Sequence[Line]) -> tuple[Span | None, Span | None]:
    """(place, wire) of the article's dateline: "WASHINGTON (AP) --" gives ("WASHINGTON", "AP")."""
    first_body = next((ln for ln in lines if ln.kind == "body"), None)
    cands = [ln for ln in lines if ln.kind == "dateline"][:3]
    if first_body is not None:
        cands.append(first_body)
    for ln in cands:
        s, e = _strip(text, ln.start, ln.end)
        e = min(e, s + 200)
        for rx in (_DATELINE, _DATELINE_TITLE):
            m = rx.match(text, s, e)
            if m is None:
                continue
            place = m.group("place")
            wire = m.group("wire")
            if rx is _DATELINE and not wire and not re.search(r"[A-Z]{3,}", place):
                continue
            if wire and not parse_outlet(wire) and rx is _DATELINE_TITLE:
                continue
            ps, pe = _trim(text, m.start("place"), m.end("place"), " ,")
            wire_span = Span.of(text, m.start("wire"), m.end("wire")) if wire and parse_outlet(wire) else None
            return Span.of(text, ps, pe), wire_span
        m = _DATELINE_DATE.match(text, s, e)
        if m and parse_outlet(m.group("wire")):
            return None, Span.of(text, m.start("wire"), m.end("wire"))
    return None, None
