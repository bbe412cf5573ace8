"""What an attribution is, read off its finished parts: its kind (direct, mixed, indirect,
report, belief, according_to, topic), whether its content states a claim, whether it is hedged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...lexicon.speech import (
    BELIEF_LEMMAS,
    CLAUSE_CUES,
    HEDGED_PASSIVES,
    HEDGES,
    MESSAGE_OBJECT_CUES,
    REPORT_CUES,
)
from ...model import Span
from .draft import Draft
from .parts import opened_by_that
from .quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Sources that are outlets or documents make the attribution a report ("CNN reported", "the report
# found"); a cue of reporting with no source does too ("Reports emerged that", "it was reported").
REPORT_TYPES = frozenset({"outlet", "document"})


def quote_share(text: str, spans: Sequence[Span]) -> float:
    """The share of a content's word characters that lie inside quotation marks."""
    inside = total = 0
    for s in spans:
        for q in extract_quotes(text[s.start:s.end]) if s.text else ():
            inside += sum(1 for ch in s.text[q.inner_start:q.inner_end] if ch.isalnum())
        total += sum(1 for ch in s.text if ch.isalnum())
    return inside / total if total else 0.0


def resolve_kind(cue_lemmas: Sequence[str], content_quote_share: float, speaker_type: str,
                 has_source: bool, claim: bool = True) -> str:
    """The DESIGN.md kind of an attribution from the lemmas of its cue words, the share of its
    content inside quotation marks, its source and whether its content states a ``claim`` (see
    :func:`states_claim`): according_to, direct, mixed, belief or topic (no claim), report,
    belief or indirect, in that order of precedence."""
    if "accord" in cue_lemmas:
        return "according_to"
    if content_quote_share >= 0.9:
        return "direct"
    if content_quote_share > 0.0:
        return "mixed"
    if not claim:
        return "belief" if any(lem in BELIEF_LEMMAS for lem in cue_lemmas) else "topic"
    if speaker_type in REPORT_TYPES or (not has_source and any(lem in REPORT_CUES for lem in cue_lemmas)):
        return "report"
    if any(lem in BELIEF_LEMMAS for lem in cue_lemmas):
        return "belief"
    return "indirect"


def resolve_hedged(head: Token, cue: Span) -> bool:
    """Whether the attribution keeps its distance: "reportedly", "allegedly", or a passive report
    verb with no agent ("is said to", "was reportedly accused")."""
    for t in (head, *head.children, *head.head.children):
        if t.lower_ in HEDGES:
            return True
    if head.lemma_ in HEDGED_PASSIVES and head.tag_ == "VBN" \
            and any(c.dep_ == "auxpass" for c in head.children) and not any(c.dep_ == "agent" for c in head.children):
        return True
    return any(w in HEDGES for w in cue.text.lower().split())


# How a content that states something hangs off the rest of the sentence: a clause of its own (its
# top word a verb: "said that the plant will close", "urged them to leave", "The plan, she said, is
# final") or a predicate of the object ("called the plan a sham", "considers the ban legal").
_PREDICATE_DEPS = frozenset({"oprd", "ccomp", "acomp", "xcomp"})


def states_claim(doc: Doc, d: Draft) -> bool:
    """Whether a draft's content says something that can be true or false, rather than naming what
    the speech was about: "criticized the deal", "announced a penalty", "asked how much and when"
    (what the statement concerns, not what it says; a question, :func:`_asks`, asserts nothing
    either). PolNeAR annotates both as attributions (its dev relation/partial F1 falls from 69.4
    to 66.2 without the second), but a reader's list of statements holds only the first (the
    quotes pages' guide: "the content is the reported clause"), so the second are kept with their
    own kind, topic. A quotation is always a claim."""
    if d.quotes or d.fronted:
        return True
    if _asks(doc, d.content):
        return False
    lemma = d.head.lemma_.lower()
    if lemma in MESSAGE_OBJECT_CUES:
        return True  # "reported a loss of $3 million", "denied the charges": the object is what is said
    if lemma in CLAUSE_CUES and any(doc[i].pos_ in ("VERB", "AUX") for i in d.content):
        return True  # "said more than 300 people signed up": the parse hung the clause's verb on its subject
    for i in d.content:
        t = doc[i]
        if t.dep_ in _PREDICATE_DEPS and t.head.i not in d.content:
            return True  # "called the plan a sham", "considers the ban legal"
        if t.pos_ in ("VERB", "AUX") and not _modifies_noun(t, d.content):
            return True
    return False


def _asks(doc: Doc, content: set[int]) -> bool:
    """Whether a content is a question, which asserts nothing: "asked whether the dam was safe",
    "wanted to know how the money was spent", "how many rockets would be needed". It opens with
    "whether", with "if" marking its main clause, or with a question word that belongs to its main
    clause (not to a clause before it: "When prices rise, firms pass the cost on" states)."""
    words = sorted(i for i in content if not (doc[i].is_punct or doc[i].is_space))
    if not words:
        return False
    w = doc[words[0]]
    if w.lower_ == "if":
        return w.dep_ == "mark" and w.head.i in content and w.head.head.i not in content
    if w.lower_ != "whether" and (w.tag_ not in ("WRB", "WP", "WDT", "WP$") or w.lower_ == "that"):
        return False  # "that" is tagged WDT where the parse takes it for a relative pronoun
    t = w
    while t.head.i in content and t.head.i != t.i:
        if t.dep_ in ("advcl", "relcl", "acl", "csubj", "csubjpass"):
            return False  # a clause before the question's, or the question is the subject of what is stated
        t = t.head
    # A clause of the content after the question, hung beside it (:func:`.parts._split_clause`), is its
    # predicate: "said whether the port reopens depends on the weather" states.
    return not any(c.i > t.i and c.i in content and c.dep_ == "ccomp" for c in t.head.children)


# Relations by which a verb describes a noun rather than stating something: "the plan approved in
# April", "a lander that the company unveiled", "a blog appearing online", "the right to appeal".
_NOUN_MODIFIER_DEPS = frozenset({"acl", "relcl", "amod", "compound", "nmod", "appos", "poss"})


def _modifies_noun(t: Token, content: set[int]) -> bool:
    """Whether verb ``t`` sits, within ``content``, inside a modifier of a noun, except a "that"
    clause hung off a noun outside the content, which is the content itself: "said in a statement
    on Monday that the bridge would stay closed", as the parse attaches it ("a decision to cut
    rates", hung the same way, names a decision)."""
    while True:
        if t.dep_ in _NOUN_MODIFIER_DEPS and (t.head.i in content or not opened_by_that(t)):
            return True
        if t.head.i == t.i or t.head.i not in content:
            return False
        t = t.head
