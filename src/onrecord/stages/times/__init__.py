"""times: dates, times, durations and sets, normalized against the publication date.

Expressions are found by onrecord's own grammar (:mod:`.candidates`) over
the text of each parsed paragraph, not by spaCy's DATE/TIME entities: the
entities' extents differ from TimeML's ("for the past three years" vs "the
past three years") and miss much of what TempEval-3 marks ("now",
"recently", "the quarter"). spaCy is used for one thing, the tense of the
verb an expression hangs on, which decides whether "Friday" or "December" is
the one before or after publication.

Values are TIMEX3 (see :mod:`.values` for the grammar, including the
symbolic form of relative values when no publication date is known); ``start``
and ``end`` give the interval in ISO dates, narrowed for "early", "mid" and
"late" ("late 2013" is September to December 2013) and stretched to the
publication date after "since".
"""

from __future__ import annotations

from ...state import Options, State
from .extract import extract_times
from .tense import tense_at, verb_tense

__all__ = ["ADDS", "NAME", "NEEDS", "extract_times", "run", "tense_at", "verb_tense"]

NAME = "times"
# "meta" for the publication date it completes from the text when the caller gave none.
NEEDS: tuple[str, ...] = ("parsed", "meta")
ADDS: tuple[str, ...] = ("times",)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    ts = extract_times(state.record.text, state.parsed, state.record.published)
    return state.advance(NAME, record=state.record.replace(times=ts))
