"""The tense of the verb a time expression hangs on: whether a bare "Friday" or "December" is the one
before publication or the one after."""

from __future__ import annotations

from typing import Any

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
