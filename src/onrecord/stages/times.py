"""times: dates, times, durations and sets, normalized against the publication date.

Expressions are found by onrecord's own grammar (:mod:`._time_grammar`) over
the text of each parsed paragraph, not by spaCy's DATE/TIME entities: the
entities' extents differ from TimeML's ("for the past three years" vs "the
past three years") and miss much of what TempEval-3 marks ("now",
"recently", "the quarter"). spaCy is used for one thing, the tense of the
verb an expression hangs on, which decides whether "Friday" or "December" is
the one before or after publication.

Values are TIMEX3 (see :mod:`._time_values` for the grammar, including the
symbolic form of relative values when no publication date is known); ``start``
and ``end`` give the interval in ISO dates, narrowed for "early", "mid" and
"late" ("late 2013" is September to December 2013) and stretched to the
publication date after "since".
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import Span, Time
from ..state import Options, State
from ._time_grammar import Candidate, find_candidates, in_quarter_context
from ._time_resolve import parse_anchor, resolve

log = logging.getLogger(__name__)

NAME = "times"
# "meta" for the publication date it completes from the text when the caller gave none.
NEEDS: tuple[str, ...] = ("parsed", "meta")
ADDS: tuple[str, ...] = ("times",)

_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
# How far (characters) after a named quarter "a year ago" still compares with that quarter: about
# two short WSJ paragraphs.
_QUARTER_REACH = 600
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:until|till|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|by)\s+(?:next\s+)?$",
                       re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\b(?![^.;]*[.;])", re.IGNORECASE)
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "’ll"})
_PAST_AUX = frozenset({"did", "had", "has", "have", "'d", "’d"})
_PLAN_WORDS = frozenset({"scheduled", "schedule", "expected", "expect", "due", "set", "planned", "plan", "plans",
                         "intend", "intends", "going", "hope", "aim", "prepare", "prepared", "poised", "slated"})


def tense_at(doc: Any, start: int, end: int, *, modal_ahead: bool = False) -> int:
    """-1, 0 or +1: the tense (past, present or unknown, future) of the verb the expression at
    ``doc.text[start:end]`` depends on.

    The rule of news writing (and TimeML's anchoring practice) is that a bare
    "Friday" is the last one; only a verb in the future ("will meet",
    "is going to", "is scheduled to") or a present progressive ("is
    meeting Tuesday") moves it forward.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return 0
    return verb_tense(tok, modal_ahead=modal_ahead)


def verb_tense(verb: Any, *, modal_ahead: bool = False) -> int:
    """The tense of a spaCy verb token: its auxiliaries first, then its own tag.

    With ``modal_ahead`` a modal ("should be completed in October") points ahead: right for
    months (MEANTIME), wrong for weekdays (TBAQ lost 0.2 value F1 when weekdays took it too).
    """
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if words & _FUTURE_AUX:
        return 1  # "will meet Tuesday"
    if any(c.tag_ == "MD" for c in aux):
        return 1 if modal_ahead and not words & {"would", "could", "might"} else 0
    if "going" in words or (verb.lower_ in _PLAN_WORDS and words & {"is", "are"}):
        return 1
    head = verb.head
    if "to" in words and verb.tag_ == "VB" and head.i != verb.i and (
            head.lemma_ in _PLAN_WORDS or head.lemma_ == "be" or head.lower_ == "going"):
        # "is to resume trading Tuesday", "set to meet Monday", "plans to vote Friday"; but "had
        # been due to expire Friday" lies in the past
        return -1 if _own_tense(head) < 0 else 1
    if words & _PAST_AUX or verb.tag_ == "VBD":
        return -1
    if verb.tag_ == "VBN" and words & {"was", "were"}:
        return -1
    if verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:
        return 1  # "is meeting Tuesday": the news present progressive is a plan
    return 0


def _own_tense(verb: Any) -> int:
    """-1 when a verb is itself in a past tense ("had been due", "was set"), else 0."""
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ == "VBD" or words & {"had", "was", "were", "did"}:
        return -1
    return 0


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


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    ts = extract_times(state.record.text, state.parsed, state.record.published)
    return state.advance(NAME, record=state.record.replace(times=ts))
