"""when: the time each statement was made, where the text gives one, else the publication date.

A reporting sentence often dates its own speech act: "Okafor said on Monday that ...", "On
Tuesday, the ministry announced ...", "she told the station in an interview aired Friday that
...". The time of the statement is then a time expression of the times stage, a date or a time
of day (not a duration or a frequency), outside the content (a time inside it is what was said,
not when: "said the plant would close in March"), that the parse hangs on the cue's verb:
climbing from the expression's head to the first verb, through a participle that modifies a
noun ("an interview aired Friday"), reaches the cue. A time that dates another verb of the
sentence ("resigned on Friday, two weeks after auditors questioned the contract") or a relative
clause ("Feld, who ordered the audit last year, said") does not date the statement. Of several,
the one nearest the cue wins. Without one, the statement is dated by the
article's publication date, marked as such (``source`` "published"): news reports speech of
the days before it, so that date is an upper bound, not a finding. With neither, ``said_at`` is
None: unknown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import Attribution, SaidAt, Span, Time
from ..state import Options, State

NAME = "when"
NEEDS: tuple[str, ...] = ("parsed", "attributions", "times", "meta")
ADDS: tuple[str, ...] = ("said_at",)

_POINT_TYPES = frozenset({"DATE", "TIME"})
_VERBS = frozenset({"VERB", "AUX"})


def resolve_said_at(attributions: Sequence[Attribution], times: Sequence[Time], parsed: Sequence[Any],
                    published: str | None) -> tuple[Attribution, ...]:
    """``attributions`` with ``said_at`` set (see the module docstring)."""
    starts = [p.start for p in parsed]
    points = [t for t in times if t.type in _POINT_TYPES]
    fallback = SaidAt("published", published, published) if published else None
    out = []
    for a in attributions:
        said = _from_text(a, points, parsed, starts) or fallback
        out.append(replace(a, said_at=said) if said != a.said_at else a)
    return tuple(out)


def _tokens(parsed: Sequence[Any], starts: Sequence[int], span: Span) -> tuple[Any, Any] | None:
    """(paragraph, spaCy span) covering ``span``, or None when it lies outside the parsed text."""
    k = bisect_right(starts, span.start) - 1
    if k < 0:
        return None
    p = parsed[k]
    sp = p.doc.char_span(span.start - p.start, span.end - p.start, alignment_mode="expand")
    return None if sp is None or not len(sp) else (p, sp)


def _governor(tok: Any) -> Any:
    """The verb a time expression's head hangs on: its heads climbed to the first verb, through a
    participle that modifies a noun on the way ("in an interview aired Friday": told)."""
    t = tok.head
    while t.head.i != t.i:
        if t.pos_ in _VERBS and t.dep_ != "acl":
            return t
        t = t.head
    return t


def _from_text(a: Attribution, points: Sequence[Time], parsed: Sequence[Any], starts: Sequence[int]) -> SaidAt | None:
    if a.cue is None:
        return None
    cue = _tokens(parsed, starts, a.cue)
    if cue is None:
        return None
    cue_p, cue_sp = cue
    cue_ids = {t.i for t in cue_sp}
    best: tuple[int, Time] | None = None
    for t in points:
        sp = t.span
        if _inside(sp, a.content) or _inside(sp, (a.cue,)):
            continue
        found = _tokens(parsed, starts, sp)
        if found is None or found[0] is not cue_p or found[1].sent.start != cue_sp.sent.start:
            continue
        if _governor(found[1].root).i not in cue_ids:
            continue
        gap = abs(sp.start - a.cue.start)
        if best is None or gap < best[0]:
            best = (gap, t)
    if best is None:
        return None
    t = best[1]
    return SaidAt("text", t.start, t.end, t.span)


def _inside(span: Span, parts: Sequence[Span]) -> bool:
    return any(p.start < span.end and span.start < p.end for p in parts)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    r = state.record
    said = resolve_said_at(r.attributions, r.times, state.parsed, r.published)
    return state.advance(NAME, record=r.replace(attributions=said))
