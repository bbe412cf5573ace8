"""Finding and resolving every time expression of an article, paragraph by paragraph: candidates from the
grammar, the tense of their verb, the quarter an earnings report is about, "since" and deadlines."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ...model import Span, Time
from .candidates import find_candidates
from .grammar_spans import in_quarter_context
from .reading import Candidate
from .resolve import parse_anchor, resolve
from .tense import tense_at

_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
# How far (characters) after a named quarter "a year ago" still compares with that quarter: about
# two short WSJ paragraphs.
_QUARTER_REACH = 600
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:until|till|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|by)\s+(?:next\s+)?$",
                       re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\b(?![^.;]*[.;])", re.IGNORECASE)


def extract_times(text: str, parsed: Sequence[Any], published: str | None) -> tuple[Time, ...]:
    """Every time expression in the parsed paragraphs of ``text``, resolved against ``published``."""
    anchor = parse_anchor(published)
    focus: str | None = None
    focus_at = -_QUARTER_REACH
    reference: date | None = None
    out: list[Time] = []
    for para in parsed:
        doc = para.doc
        if len(doc) == 0:
            continue
        # The paragraph's text from the record: Doc.text joins every token anew on each call.
        last = doc[-1]
        ptext = text[para.start:para.start + last.idx + len(last.text_with_ws)]
        for cand in find_candidates(ptext):
            r = cand.reading
            if r.name == "quarterish" and (para.start + cand.start - focus_at < _QUARTER_REACH
                                           or in_quarter_context(ptext, cand.start, cand.end)):
                # Earnings reports compare a quarter with "a year ago", "the year-earlier" one; TimeBank's
                # gold gives the quarter a year back (1988-Q3), not the year.
                r = dataclasses.replace(r, kind="focus", n=-1, value="XXXX-QX", name="")
            tense = 0
            if anchor is not None and r.kind == "nearest" and not r.direction:
                tense = tense_at(doc, cand.start, cand.end, modal_ahead=r.unit != "weekday")
                if _DEADLINE.search(ptext, max(0, cand.start - 20), cand.start) and not _PAST_PERFECT.search(
                        ptext, max(0, cand.start - 120), cand.start):
                    # "extended its deadline until Tuesday", "as early as Friday": a deadline or a plan, ahead
                    # of the report even when told in the past tense; "until Thursday they had not" is not
                    tense = 1
            res = resolve(r, anchor, tense=tense, focus=focus, reference=reference)
            if r.kind in ("abs", "nearest") and r.type in ("DATE", "TIME") and res.start is not None:
                reference = res.start
            if _QUARTER_VALUE.match(res.value) and r.kind != "focus" and r.name != "prior":
                focus, focus_at = res.value, para.start + cand.start
            start, end = res.start, res.end
            if (start is not None and end is not None and anchor is not None and end < anchor
                    and r.type == "DATE" and _SINCE.search(ptext, max(0, cand.start - 12), cand.start)):
                end = anchor  # "since 2011": from then to the day of writing
            out.append(_time(text, para, cand, res.value, start, end, res.anchored))
    return tuple(out)


def _time(text: str, para: Any, cand: Candidate, value: str, start: date | None, end: date | None,
          anchored: bool) -> Time:
    span: Span = para.span(text, cand.start, cand.end)
    return Time(span, cand.reading.type, value, start.isoformat() if start else None,
                end.isoformat() if end else None, anchored, cand.reading.approx)
