"""attributions: quotes, reports, beliefs and intentions, each with its source, cue and content.

What counts follows the PolNeAR annotation guidelines (Newell, Margolin &
Ruths 2018; ``polnear/guidelines.pdf``): an attribution ties a content
(something said, written, believed, intended, decreed, shown or perceived) to
a source through one contiguous cue; sources may be absent ("It is said
that ..."), pronouns ("he") or documents ("the report"); only the outermost
of nested attributions counts; a quote continued in the next sentence or
paragraph without a new cue belongs to the same attribution.

How it is found, paragraph by paragraph over the nlp stage's parse:

1. quoted stretches (:mod:`._attr_quotes`);
2. cue heads: a linear model over each token's lemma in its dependency frame
   (:mod:`._attr_model`), trained on PolNeAR train;
3. the parts around each cue head (:mod:`._attr_frames`): every dependent,
   the governor and the governor's subject are labelled cue, source, content
   or none by a second linear model;
4. contents that reach into a quotation take the whole quotation, and words
   after the cue of a quotation modify the cue ('"...," she said about the
   plan'); a cue with no content of its own takes the quote next to it
   ('"...?" the mayor asked.', "He said:" and the quotation paragraphs after
   it); "X was quoted as saying Y" is read as X's;
5. a third model judges each draft as a whole (its cue's probability, its kind
   of source and of content) and keeps those likely to be right, its
   probability the attribution's confidence; a fourth cuts a trailing part
   set off by a comma (", which ...") that PolNeAR leaves out of contents; a
   quotation no cue claims continues the direct quote (or the content ending in
   a quotation) before it, in the same paragraph or in the paragraphs after it,
   and one that ends its paragraph after a sentence about a named person is
   that person's;
6. the page's own layout (:mod:`._attr_layouts`): a headline "Speaker: what
   was said", a transcript's "SPEAKER: ..." turns, quotations credited after a
   dash, each one attribution with the punctuation as its cue;
7. kind, addressee, hedging and the speaker (through
   :func:`.entities.resolve_speaker`) are read off the result; a content that
   names what was spoken about rather than stating something ("criticized the
   deal", "asked whether ...") is of kind topic, which PolNeAR counts and a
   list of statements does not; a source that joins names ("Ana Ruiz and Tom
   Reyes said ...") is credited to a group entity the stage adds to the
   record's entities (:func:`.entities.resolve_source_entities`).

On PolNeAR dev (84 articles, reference scorer) this gives relation/partial F1
69.6, content/exact 61.1, source/exact 78.9, cue/exact 72.8 (2026-12-05); the stage costs
about an eighth of the parse (``scripts/bench_attributions.py``).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..model import Attribution, Entity, Span
from ..state import Options, State
from . import _attr_layouts as L
from . import _attr_model as M
from ._attr_frames import MAX_DEPTH, Candidate, label_parts, subtree_ids
from ._attr_quotes import Quote, extract_quotes
from .entities import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

NAME = "attributions"
NEEDS: tuple[str, ...] = ("parsed", "entities")
ADDS: tuple[str, ...] = ("attributions", "group entities")

# Below this probability a token is not taken as a cue head; the relation model then judges the
# drafts (RELATION_THRESHOLD). Set on PolNeAR dev (see tests/test_gate_attributions.py for the
# figures it gives).
CUE_THRESHOLD = 0.2
# Below this probability (the relation model's: that a draft is a relation PolNeAR annotates, with
# its source and content) a draft is dropped. The cue model alone kept cues above 0.4: judging whole
# drafts instead raised PolNeAR dev relation/partial F1 from 67.8 to 68.9, content/exact from 58.6
# to 59.6 (train, out of fold: +0.6 and +0.7 on its two halves). Set on dev: 0.25 to 0.35 are within
# 0.3 of each other; 0.3 keeps recall near where it was.
RELATION_THRESHOLD = 0.3
# A cue that introduces the next paragraph's quotation ("He said:") has no content for the relation
# model to judge where it is found: the cue model alone decides, at its own former threshold.
INTRODUCING_THRESHOLD = 0.4
# An attribution nearly always has a source (PolNeAR train: 93% of relations); when the role model
# labels no candidate "source" outright, its likeliest source candidate is still taken above this
# probability (set on PolNeAR train and dev: relation/partial +0.4 and +0.6; 0.15 to 0.3 alike).
SOURCE_FALLBACK = 0.25
# A cue with no source must be surer than this: 7% of PolNeAR's relations have none, and a doubtful
# cue that finds none is more often an action than a report (PolNeAR dev: relation/partial 67.4 ->
# 67.7, cue/exact 72.0 -> 72.4; train 71.9 -> 72.1; 0.5 to 0.8 alike).
SOURCELESS_THRESHOLD = 0.6
# A quotation shorter than this many words with no cue of its own is a scare quote or a title
# ("the so-called 'Human Lizard'", guidelines p. 24), not the continuation of a speaker's quote,
# unless it ends a sentence inside its marks ('... Graham asked. "Neither do I."').
MIN_CONTINUATION_WORDS = 4

# Cue words that attribute a belief, a perception, an attitude or an intention rather than a
# statement (guidelines pp. 3-6: "thinks", "felt", "knows", "saw that", "plans", "hopes to",
# "intends", "dislikes", "was shocked that", support and opposition; issue #8 adds "wants",
# "pledged", "fears"). Declining and refusing express an intention (guidelines p. 27).
BELIEF_LEMMAS = frozenset({
    # beliefs, knowledge, perception
    "think", "believe", "feel", "know", "doubt", "suspect", "assume", "consider", "understand", "realize",
    "remember", "recall", "imagine", "envision", "see", "view", "regard", "expect", "trust", "belief",
    "opinion", "aware", "sure", "certain", "confident", "convinced", "skeptical",
    # how things look to someone: "They seem intent on ...", "he appears to be right" (PolNeAR marks
    # them, with no source more often than not; a reader's list of statements does not)
    "seem", "appear",
    # feelings about a fact, attitudes, support
    "fear", "worry", "hope", "wish", "like", "dislike", "love", "hate", "dread", "enjoy", "welcome", "prefer",
    "afraid", "happy", "glad", "concerned", "concern", "agree", "disagree", "support", "oppose", "favor",
    "back", "endorse", "reject", "opposition", "endorsement",
    # intentions and commitments
    "want", "plan", "intend", "seek", "aim", "decide", "determine", "vow", "pledge", "promise", "desire",
    "intention", "determined", "eager", "ready", "willing", "refuse", "decline",
    # commitments to act, like "promise" and "pledge": "offered to run the clinic", "threatened to strike"
    "offer", "threaten",
})
# Sources that are outlets or documents make the attribution a report ("CNN reported", "the report
# found"); a cue of reporting with no source does too ("Reports emerged that", "it was reported").
REPORT_TYPES = frozenset({"outlet", "document"})
REPORT_CUES = frozenset({"report", "reportedly", "publish", "poll", "survey", "show", "find", "reveal"})
# Hedges that put the attribution at a distance (issue #8: "reportedly", "allegedly", "is said to").
_HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "reputedly",
                     "ostensibly", "rumored", "rumoured"})
# Verbs whose object is whom the speaker addresses, not what is said ("told reporters that ...").
_ADDRESSING = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "urge", "advise", "notify",
                         "brief", "caution", "promise", "convince", "persuade", "write", "email", "text"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_DASHES = frozenset({"—", "–", "--", "―"})
_QUOTE_CHARS = "\"“”‘’'`«»„"


@dataclass(slots=True)
class _Draft:
    """One attribution being built within a paragraph (token indices into the paragraph's Doc)."""

    head: Token
    p_cue: float
    cue: set[int]
    source: Candidate | None
    p_source: float
    content: set[int]
    p_content: float
    addressee: Token | None = None
    quotes: list[Quote] = field(default_factory=list)
    extra: list[tuple[int, int]] = field(default_factory=list)  # continuation fragments (record offsets)
    features: tuple[str, ...] = ()  # the relation model's
    p_relation: float | None = None
    certain: bool = False  # a frame that is an attribution whatever the relation model says ("quoted as saying")
    fronted: bool = False  # the content is a clause before the source (:func:`_fronted_clause`), a claim
    # Trailing parts of the content the trim model was not asked about: (first token, last token,
    # features), kept when there is no trim model, as its training examples.
    trailing: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    offset: int = 0  # the paragraph's start in the record


def extract_cues(doc: Doc, view: M.DocView, in_quote: Sequence[bool], *,
                 threshold: float = CUE_THRESHOLD, models: M.Models | None = None) -> list[tuple[Token, float]]:
    """The tokens of ``doc`` the cue model takes as cue heads, with their probabilities."""
    ms = models or M.shipped_models()
    model = ms.cue
    lemmas = ms.lemmas
    out = []
    for i in range(view.n):
        if not M.is_scored(view, i, lemmas):
            continue
        if _discourse_said(doc, i):
            continue
        p = model.probs(M.cue_features(view, i, in_quote[i]))[1]
        if p >= threshold:
            out.append((doc[i], p))
    return out


def _discourse_said(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the "said" of "That said," or "This said," opening a sentence: a
    connective ("however"), no one's statement ("That said, the agency says ...")."""
    t = doc[i]
    return (t.lower_ == "said" and 0 < i < len(doc) - 1 and doc[i + 1].text == ","
            and doc[i - 1].lower_ in ("that", "this") and doc[i - 1].is_sent_start is True)


# Relations over which a clause with a cue of its own is a second attribution beside the first,
# not part of its content: "said X and warned against Y", "said X, arguing that Y" (PolNeAR dev:
# the coordinated or adverbial cue is annotated as its own relation, and the first relation's
# content stops before it).
_SIBLING_DEPS = frozenset({"conj", "advcl"})
# Relations by which the parse strands a cue's "that" complement on another word.
_STRANDED_DEPS = frozenset({"ccomp", "acl", "relcl", "advcl", "appos"})


def extract_parts(head: Token, p_cue: float, in_quote: Sequence[bool],
                  cue_heads: frozenset[int] = frozenset(), models: M.Models | None = None) -> _Draft:
    """Label the parts around one cue head with the role model and gather them. A dependent
    clause headed by another of ``cue_heads`` over conj or advcl is left to its own attribution."""
    quoted_as = _quoted_as(head)
    if quoted_as is not None:
        return _quoted_as_draft(head, quoted_as, p_cue)
    model = (models or M.shipped_models()).role
    best_source: tuple[float, Candidate | None] = (0.0, None)
    runner_up: tuple[float, Candidate | None] = (0.0, None)  # the likeliest source labelled none
    cue: set[int] = {head.i}
    content: set[int] = set()
    p_content = 0.0
    labelled: list[tuple[Candidate, str]] = []
    addressed = head.lemma_.lower() in _ADDRESSING

    def label(cand: Candidate) -> str:
        nonlocal best_source, runner_up, p_content
        probs = dict(zip(model.classes, model.probs(M.candidate_features(head, cand, in_quote))))
        role = max(probs, key=probs.__getitem__)
        if addressed and cand.kind == "child" and (cand.token.dep_ == "nsubjpass" or _second_subject(head, cand.token)):
            return "none"  # "workers were told that ...": whom it was said to, the addressee (below)
        if role == "source" and probs["source"] > best_source[0]:
            best_source = (probs["source"], cand)
        elif role == "none" and probs["source"] > runner_up[0]:
            runner_up = (probs["source"], cand)
        if role == "content":
            p_content = max(p_content, probs["content"])
        return role

    for cand, role in label_parts(head, label):
        labelled.append((cand, role))
    for cand, role in labelled:
        if role == "cue" and (cand.token.ent_type_ in _TIME_ENTS or _time_phrase(cand.token)):
            continue  # "said Tuesday", "vowed on Monday": PolNeAR's cues leave the time out 3 times in 4 (train)
        if role == "cue" and in_quote[cand.token.i] and not in_quote[head.i]:
            continue  # the author's cue words are outside the speaker's quotation marks
        if role == "cue":
            if cand.depth == 1 or (cand.kind == "child" and cand.depth < MAX_DEPTH):
                cue.add(cand.token.i)  # its dependents were labelled in turn
            else:
                cue |= cand.tokens
        elif role == "content":
            if cand.kind == "child" and cand.token.i in cue_heads and cand.token.dep_ in _SIBLING_DEPS:
                continue
            content |= cand.tokens
    content |= _split_clause(head, labelled, content, cue_heads)
    content |= _after_colon(head, labelled, content)
    if not content:
        clause = _stranded_complement(head)
        if clause is not None:
            content = set(range(clause.left_edge.i, clause.right_edge.i + 1))
            p_content = 0.5
    around = _clause_around_subject(head)
    if around is not None:
        content = set(around)
    if best_source[1] is None and runner_up[0] >= SOURCE_FALLBACK:
        best_source = runner_up
    if best_source[1] is None or best_source[1].kind == "upsubj":
        # A subject borrowed from the clause before is a guess; a name just before the verb is its own.
        name = _name_as_adverb(head)
        if name is not None:
            best_source = (SOURCE_FALLBACK, Candidate("child", name, frozenset({name.i}), 1))
            cue.discard(name.i)
    src = best_source[1]
    fronted = False
    if not content:
        content = _fronted_clause(head, src)
        fronted = bool(content)
        p_content = 0.5 if fronted else p_content
    if src is not None:
        content -= src.tokens
    content -= cue
    draft = _Draft(head, p_cue, cue, src, best_source[0], content, p_content, fronted=fronted)
    draft.addressee = _addressee(head, labelled)
    return draft


def _name_as_adverb(head: Token) -> Token | None:
    """A surname the tagger took for an adverb and so never offered as the subject: in ", Soon
    says the game ships in May" or "Soon still insists ..." the capital inside the sentence shows
    a name, where the adverb would be written small. Only a cue with no subject of its own, and a
    word just before it (lowercase adverbs between), in a sentence not set in title case."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in head.children):
        return None
    doc = head.doc
    k = head.i - 1
    while k > 0 and doc[k].is_lower and doc[k].pos_ == "ADV":
        k -= 1
    c = doc[k]
    if k <= 0 or c.dep_ != "advmod" or c.tag_ != "RB" or not c.text[:1].isupper() or c.is_upper \
            or c.is_sent_start or doc[k - 1].text in _QUOTE_CHARS or not head.left_edge.i <= k:
        return None
    if c.head.i != head.i and not (c.head.dep_ == "advmod" and c.head.head.i == head.i):
        return None  # "Soon still says": the parse may hang the name on the adverb after it
    words = [t for t in c.sent if t.is_alpha]
    if sum(t.text[:1].isupper() for t in words) * 2 > len(words):
        return None  # a headline's title case capitalizes adverbs too
    return c


def _after_colon(head: Token, labelled: Sequence[tuple[Candidate, str]], content: set[int]) -> set[int]:
    """What a content goes on to say after a colon, when the parse took that part for the main
    clause and hung the cue's clause on it: in "suggested that the fleet is too small: that is,
    the navy relies on charter ships", the part after the colon spells out the suggestion."""
    gov = head.head
    if not content or head.dep_ != "ccomp" or gov.i <= head.i:
        return set()
    colon = max(content) + 1
    doc = head.doc
    if colon >= len(doc) or doc[colon].text != ":" or doc[colon].head.i != gov.i:
        return set()
    for cand, role in labelled:
        if cand.kind == "up" and role == "none":
            return {i for i in cand.tokens if i > colon}
    return set()


def _split_clause(head: Token, labelled: Sequence[tuple[Candidate, str]], content: set[int],
                  cue_heads: frozenset[int]) -> set[int]:
    """The rest of a reported clause the parse split in two, both halves hung on the cue: a clause
    complement after the content, which the role model (judging each part alone) left out. In
    "recommends all drivers carry a spare wheel" the object and the clause are one statement ("all
    drivers carry a spare wheel"), and in "said whether the port reopens depends on the weather" the second clause
    completes the first. A clause with a cue of its own is left to its own attribution."""
    after = [i for i in content if i > head.i]
    if not after:
        return set()
    out: set[int] = set()
    for cand, role in labelled:
        t = cand.token
        if role == "none" and cand.kind == "child" and t.dep_ == "ccomp" and t.i not in cue_heads \
                and min(cand.tokens) > min(after):
            out |= cand.tokens
    return out


_SAYING_LEMMAS = frozenset({"say", "call", "describe", "tell", "add", "warn", "claim", "state", "insist", "write"})


def _quoted_as(head: Token) -> Token | None:
    """The verb after "as" when ``head`` is a passive "quoted" ("X was quoted as saying ..."), else None."""
    if head.lemma_.lower() != "quote" or not any(c.dep_ == "auxpass" for c in head.children):
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            for g in c.children:
                if g.dep_ in ("pcomp", "pobj") and g.lemma_.lower() in _SAYING_LEMMAS:
                    return g
    return None


def _quoted_as_draft(head: Token, verb: Token, p_cue: float) -> _Draft:
    """'X was quoted as saying Y': the passive's subject is the source, "was quoted as saying" the
    cue and what the saying verb governs the content (guidelines p. 12: the source is who is
    quoted, not who quotes). A quotation before it ('"...," the agency was quoted as saying') is
    taken up as the content of a cue with none, as for any other."""
    src = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    cue = {head.i, verb.i, verb.head.i}
    cue |= {c.i for c in head.children if c.dep_ in ("auxpass", "aux", "neg")}
    content: set[int] = set()
    for c in verb.children:
        if c.dep_ not in ("punct", "aux", "neg", "advmod", "prt", "agent") and not (c.dep_ == "prep" and c.lower_ == "by"):
            content |= subtree_ids(c)  # "by the magazine": who quotes, not what was said
    for c in head.children:
        if c.dep_ == "ccomp" and c.i < head.i:  # '"...," he is quoted as saying': the parse hangs the quote here
            content |= subtree_ids(c)
    source = None if src is None else Candidate("child", src, subtree_ids(src), 1)
    if source is not None:
        content -= source.tokens
    draft = _Draft(head, p_cue, cue, source, 1.0 if source is not None else 0.0, content - cue, 0.5 if content else 0.0)
    draft.certain = True
    return draft


def _clause_around_subject(head: Token) -> frozenset[int] | None:
    """The clause an "according to" set off by commas after its subject reports, which the parse
    hangs on the subject ("One of the guards, according to court records, had worked three
    shifts": the content is the whole clause, not "One of the guards"); None for any other cue."""
    subj = head.head
    if head.lemma_.lower() != "accord" or subj.dep_ not in ("nsubj", "nsubjpass") or head.i == 0:
        return None
    if head.doc[head.i - 1].text != "," or subj.i > head.i:
        return None
    return subtree_ids(subj.head) - subtree_ids(head)


def _time_phrase(t: Token) -> bool:
    """Whether a preposition introduces a time ("on Monday", "in June")."""
    return t.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in _TIME_ENTS for c in t.children)


def _opened_by_that(t: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)


def _stranded_complement(head: Token) -> Token | None:
    """The "that" clause a cue with no complement of its own says, which the parse has hung off a
    noun or phrase in between ("told a meeting of island leaders that ...", "reported at the time
    that ...", "tweeted in the early hours that ...", "told the station in an interview aired
    Friday that ..."): the first clause after the head, opened by "that", reached from the head
    through nouns, prepositions and participles that describe a noun ("aired Friday", "released on
    Monday") only (another verb on the way would make it another clause's)."""
    for t in head.subtree:
        if t.i <= head.i or t.dep_ not in _STRANDED_DEPS:
            continue
        if not _opened_by_that(t):
            continue
        cur = t.head
        while cur.i != head.i and (cur.pos_ in ("NOUN", "PROPN", "ADP", "NUM", "ADJ", "DET", "PRON")
                                   or (cur.dep_ == "acl" and cur.tag_ in ("VBN", "VBG"))
                                   or _describes_with_object(cur)):
            cur = cur.head
        return t if cur.i == head.i else None
    return None


def _fronted_clause(head: Token, src: Candidate | None) -> set[int]:
    """A reported clause set before its source and cue and hung on the cue by a relation the role
    model does not take for a content ("The ferry runs at a loss every winter, an official told
    us.", where the parse may make "way" or "loss" a modifier of "told"): the whole stretch from the
    sentence's start to the comma before the source, when it holds a finite verb, the parse hangs
    all of it on the cue, and the sentence ends after the cue's own words. A participle opening
    the sentence ("Asked about the plan, he said ...") is no clause of its own, and neither is a
    clause of time or reason ("When the vote came, ...")."""
    if src is None:
        return set()
    doc = head.doc
    first = min(src.tokens)
    start = head.sent.start
    while start < first and (doc[start].dep_ == "cc" or doc[start].is_punct):
        start += 1  # "But ...": the connective is the author's
    if first - 1 <= start or doc[first - 1].text != "," or first > head.i:
        return set()
    stretch = range(start, first - 1)
    if head.sent.end - 1 <= head.i or doc[head.sent.end - 1].text not in (".", "!"):
        return set()
    if any(doc[k].pos_ in ("VERB", "AUX") for k in range(head.i + 1, head.sent.end)):
        return set()
    sub = subtree_ids(head)
    if not all(k in sub for k in stretch) or any(doc[k].text in _QUOTE_CHARS for k in stretch):
        return set()
    if not any(doc[k].tag_ in ("VBZ", "VBD", "VBP", "MD") for k in stretch):
        return set()
    top = doc[start]
    while top.head.i in stretch and top.head.i != top.i:
        top = top.head
    if top.dep_ in _SETTING_DEPS:
        return set()  # "When the vote came, the board backed out": it opens with a time or a reason
    return set(stretch)


# How a stretch before the subject sets the scene of the main clause rather than being what is said.
_SETTING_DEPS = frozenset({"advcl", "prep", "mark", "advmod"})


def _describes_with_object(t: Token) -> bool:
    """Whether ``t`` is a relative clause's verb that already has its object, so that a "that"
    clause after it cannot be its complement: in "told the nurses who staffed the ward that the
    wing would close" the parse hangs the clause on "staffed", but what was told is the closing
    (a verb that takes both, "told", "warned", is a cue of its own)."""
    return t.dep_ == "relcl" and t.lemma_.lower() not in _ADDRESSING and any(c.dep_ == "dobj" for c in t.children)


def _second_subject(head: Token, t: Token) -> bool:
    """Whether ``t`` is a subject the parse gave ``head`` after the verb when another stands before
    it: '"...," Ana Ruiz, the mayor, tells the Harbor Ledger.' has two; the one after "tells" is
    whom she told."""
    return t.dep_ == "nsubj" and t.i > head.i and any(
        c.dep_ == "nsubj" and c.i < head.i for c in head.children)


def _addressee(head: Token, labelled: Iterable[tuple[Candidate, str]]) -> Token | None:
    """Whom the statement is made to: "told reporters", "said to CNN" (guidelines p. 19 keeps the
    recipient out of the content)."""
    lem = head.lemma_.lower()
    for cand, role in labelled:
        if cand.kind != "child" or cand.depth != 1 or role in ("content", "source"):
            continue
        t = cand.token
        if t.dep_ == "dative" or (t.dep_ in ("dobj", "nsubjpass") and lem in _ADDRESSING) or (
                lem in _ADDRESSING and _second_subject(head, t)):
            return t  # "told reporters", "reporters were told" (train: the passive subject of
            # "tell", "ask", "warn" is never the source)
        if t.dep_ == "prep" and t.lower_ == "to" and lem in ("say", "speak", "explain", "write", "complain",
                                                              "admit", "announce", "confide", "tweet"):
            for c in t.children:
                if c.dep_ == "pobj":
                    return c
    return None


def source_extent(cand: Candidate) -> tuple[int, int]:
    """First and last token of a source: the contiguous stretch of the candidate around its head
    word, starting after a dash ("WASHINGTON (AP) — Senator X said": the dateline is not the source),
    and after the preposition of a passive's agent ("was told by the director": PolNeAR's sources
    leave the "by" out, 234 times in 245 in train)."""
    head = cand.token
    ids = cand.tokens
    if head.dep_ == "agent" or head.pos_ == "ADP":
        obj = next((c for c in head.children if c.dep_ == "pobj"), None)
        if obj is not None:
            head = obj
            ids = ids & frozenset(range(obj.left_edge.i, obj.right_edge.i + 1))
    # A time the parse hangs on the source's head ("a review panel in 2019 found ...") is the
    # statement's, not the source's: PolNeAR's sources leave it out, as its cues do.
    ids = ids - frozenset(i for c in head.children if c.i > head.i and _time_phrase(c)
                          for i in range(c.i, c.right_edge.i + 1))
    a = b = head.i
    while a - 1 in ids and head.doc[a - 1].text not in _DASHES:
        a -= 1
    while b + 1 in ids:
        b += 1
    return _after_dateline(head.doc, a, b), b


def _after_dateline(doc: Doc, a: int, b: int) -> int:
    """Where a source starts once a dateline the parse took into it is cut off: "WASHINGTON --
    President Obama, ..., said" makes the place the subject and the speaker its apposition."""
    if not (a == 0 or doc[a].is_sent_start):
        return a
    for k in range(a + 1, min(b, a + 8)):
        if doc[k].text in _DASHES or doc[k].text == "-":
            dateline = all(t.is_upper or t.is_punct or t.is_space for t in doc[a:k])
            return k + 1 if dateline and k + 1 <= b else a
    return a


def _trim(doc: Doc, ids: Iterable[int], conjunctions: bool = False) -> list[tuple[int, int]]:
    """Contiguous runs of token indices (gaps of punctuation alone are bridged), each with its edge
    punctuation trimmed except quote marks, as (first, last) token index pairs. With
    ``conjunctions`` (a content), a coordinating conjunction counts as punctuation: between two
    parts it joins them ("that X but Y"), at an edge it is cut ("that X and", when what follows the
    "and" is another attribution's)."""
    def loose(t: Token) -> bool:
        return t.is_punct or t.is_space or (conjunctions and t.pos_ == "CCONJ")

    def edge(t: Token) -> bool:
        return loose(t) and t.text not in _QUOTE_CHARS and t.text != "''"

    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and (i == runs[-1][-1] + 1 or all(loose(doc[j]) for j in range(runs[-1][-1] + 1, i))):
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        a, b = run[0], run[-1]
        while a < b and edge(doc[a]):
            a += 1
        while b > a and edge(doc[b]):
            b -= 1
        if loose(doc[a]) and a == b and doc[a].text not in ":—–-":
            continue
        out.append((a, b))
    return out


def _char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def _contiguous_cue(doc: Doc, ids: set[int], head: int) -> tuple[int, int]:
    """The single contiguous stretch of cue tokens around the head (guidelines p. 17: one cue span)."""
    a = b = head
    while a - 1 in ids:
        a -= 1
    while b + 1 in ids:
        b += 1
    return a, b


def _apply_quotes(draft: _Draft, doc: Doc, quotes: Sequence[Quote]) -> None:
    """A content that reaches into a quotation takes all of it: the parse splits a quote of
    several sentences, the annotators never do (guidelines p. 22: everything within quotes)."""
    if not draft.content or not quotes:
        return
    chars = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in draft.content]
    lo, hi = min(s for s, _ in chars), max(e for _, e in chars)
    cue_lo = min(doc[i].idx for i in draft.cue)
    # A content that is nothing but an opening mark reaches into the quotation it opens: in 'Reyes
    # told the station: "Although the inspectors reported that the ferry was safe, ..."' the parse
    # hangs the quoted clause on "told" as a clause with a cue of its own ("reported", left to its
    # own attribution), and "told" keeps only the '"'.
    only_mark = all(doc[i].is_punct or doc[i].is_space for i in draft.content)
    for q in quotes:
        if q.single:
            continue
        reaches = q.inner_start < hi and lo < q.inner_end
        opens = only_mark and lo <= q.start < hi
        if (reaches or opens) and not (q.start <= cue_lo < q.end):
            draft.quotes.append(q)
    if not draft.quotes:
        return
    for q in draft.quotes:
        for t in doc.char_span(q.start, q.end, alignment_mode="expand") or ():
            if t.i not in draft.cue and (draft.source is None or t.i not in draft.source.tokens):
                draft.content.add(t.i)


def _drop_trailing_modifiers(draft: _Draft, doc: Doc) -> None:
    """A quotation before the cue is the content; the words after the cue that are not quoted
    modify the cue, they are not more of what was said: '"...," Tester said of prospects for gun
    measures', '"...," McCain said, asked about the vagueness'. A clause after the cue stays
    ('"...," Rubio said: That Cruz is ...'), as does a content quoted on both sides ('"A," he said,
    "B."'). PolNeAR dev content/exact 60.7 -> 61.0, out of fold on train 58.6 -> 58.9 (before the
    models were retrained with the rule)."""
    if not draft.quotes or not draft.content:
        return
    cue_start = min(doc[i].idx for i in draft.cue)
    if not any(q.end <= cue_start for q in draft.quotes):
        return
    last_cue = max(draft.cue)
    inside = _quoted_tokens(doc, draft)
    after = {i for i in draft.content if i > last_cue}
    if not after or after & inside or after == draft.content:
        return
    if any(doc[i].dep_ == "ccomp" and doc[i].head.i not in after for i in after):
        return
    draft.content -= after


def _quote_share(text: str, spans: Sequence[Span]) -> float:
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
    :func:`_states_claim`): according_to, direct, mixed, belief or topic (no claim), report,
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
        if t.lower_ in _HEDGES:
            return True
    if head.lemma_ in ("say", "report", "believe", "think", "rumor", "understand") and head.tag_ == "VBN" \
            and any(c.dep_ == "auxpass" for c in head.children) and not any(c.dep_ == "agent" for c in head.children):
        return True
    return any(w in _HEDGES for w in cue.text.lower().split())


# How a content that states something hangs off the rest of the sentence: a clause of its own (its
# top word a verb: "said that the plant will close", "urged them to leave", "The plan, she said, is
# final") or a predicate of the object ("called the plan a sham", "considers the ban legal").
_PREDICATE_DEPS = frozenset({"oprd", "ccomp", "acomp", "xcomp"})


def _states_claim(doc: Doc, d: _Draft) -> bool:
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
    if lemma in _MESSAGE_OBJECT_CUES:
        return True  # "reported a loss of $3 million", "denied the charges": the object is what is said
    if lemma in _CLAUSE_CUES and any(doc[i].pos_ in ("VERB", "AUX") for i in d.content):
        return True  # "said more than 300 people signed up": the parse hung the clause's verb on its subject
    for i in d.content:
        t = doc[i]
        if t.dep_ in _PREDICATE_DEPS and t.head.i not in d.content:
            return True  # "called the plan a sham", "considers the ban legal"
        if t.pos_ in ("VERB", "AUX") and not _modifies_noun(t, d.content):
            return True
    return False


# Cues whose object is the message itself, not what the message is about: to report a loss is to
# state that there was one, to deny the charges is to state that they are false ("announced the
# deal", "criticized the plan" name a topic).
_MESSAGE_OBJECT_CUES = frozenset({"report", "deny"})
# Cues that take a clause and never a noun phrase as what is said: a verb in the content is the
# clause's, even where the parse made it a modifier of its subject ("people signed up" read as
# "people who signed up").
_CLAUSE_CUES = frozenset({"say"})


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
    # A clause of the content after the question, hung beside it (:func:`_split_clause`), is its
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
        if t.dep_ in _NOUN_MODIFIER_DEPS and (t.head.i in content or not _opened_by_that(t)):
            return True
        if t.head.i == t.i or t.head.i not in content:
            return False
        t = t.head


def _whole_sentences(text: str, q: Quote) -> bool:
    """Whether a quotation stands as sentences of its own (begins after a sentence end or the
    paragraph start), as a continued quote does, rather than inside a sentence of the author's."""
    before = text[:q.start].rstrip()
    return not before or before[-1] in ".?!:\"”'’)"


def _adjacent_quote(ptext: str, view: M.DocView, d: _Draft, quotes: Sequence[Quote],
                    claimed: set[Quote]) -> Quote | None:
    """The quotation a cue with no content of its own introduces or closes: the parse often makes
    a sentence of "Clinton said." after a quote ending in "?" or "!", or of "He added:" before one."""
    a, b = view.sentence(d.head.i)
    start_char = view.idx[a]
    end_char = view.idx[b - 1] + len(view.text[b - 1])
    before = ptext[:start_char].rstrip()
    after_start = len(ptext) - len(ptext[end_char:].lstrip())
    ends_open = ptext[start_char:end_char].rstrip().endswith((":", ","))
    for q in quotes:
        if q in claimed or q.single:
            continue
        if q.end == len(before) or (q.start == after_start and ends_open):
            return q
    return None


def _introduces_next(ptext: str, view: M.DocView, d: _Draft) -> bool:
    """Whether a cue with no content ends its paragraph with a colon ("He said:"), introducing a
    quote in the next paragraph."""
    return ptext.rstrip().endswith(":") and view.sentence(d.head.i)[1] == view.n


def _judged(doc: Doc, d: _Draft, in_quote: Sequence[bool], models: M.Models) -> bool:
    """Whether the relation model keeps a finished draft (every draft, without one)."""
    d.features = tuple(M.relation_features(doc, d, in_quote))
    if models.relation is None:
        return True
    d.p_relation = models.relation.probs(d.features)[1]
    if d.certain:
        d.p_relation = max(d.p_relation, d.p_cue)
    return d.p_relation >= RELATION_THRESHOLD


def _paragraph_drafts(doc: Doc, ptext: str, view: M.DocView, quotes: Sequence[Quote], in_quote: Sequence[bool],
                      threshold: float, dangling: list[_Draft], models: M.Models) -> list[_Draft]:
    """The attributions of one paragraph: cue heads, their parts, nested ones dropped, each draft
    judged whole by the relation model. A cue that introduces the next paragraph ("He said:") goes
    to ``dangling``."""
    cues = extract_cues(doc, view, in_quote, threshold=threshold, models=models)
    cues.sort(key=lambda c: -c[1])
    drafts: list[_Draft] = []
    taken: set[int] = set()
    claimed: set[Quote] = set()
    pending: list[_Draft] = []
    heads = frozenset(h.i for h, _ in cues)
    for head, p in cues:
        # "according to" after a clause with a cue of its own is the outer attribution, not a part
        # of the inner one: in 'They worry that the mayor may cut jobs, according to people familiar
        # with their thinking' the people say that they worry, so both are kept.
        outer = head.lower_ == "according" and not in_quote[head.i]
        if head.i in taken and not outer:
            continue  # part of a stronger attribution's cue or content: nested, not annotated
        d = extract_parts(head, p, in_quote, heads, models)
        if not d.content:
            pending.append(d)
            continue
        _points_back(view, d)
        _apply_quotes(d, doc, quotes)
        _drop_trailing_modifiers(d, doc)
        if any(i in taken for i in d.cue) and not outer:
            continue
        if d.source is None and p < SOURCELESS_THRESHOLD:
            continue  # a weak cue with no source is more often a verb of action than a passive report
        if not _judged(doc, d, in_quote, models):
            continue
        if outer:
            said_by = d.cue | (d.source.tokens if d.source is not None else frozenset())
            for e in drafts:
                e.content -= said_by
        drafts.append(d)
        claimed.update(d.quotes)
        taken |= d.cue | d.content
    for d in pending:
        q = _adjacent_quote(ptext, view, d, quotes, claimed)
        if q is None and any(i in taken for i in d.cue):
            continue
        if q is None:
            if _introduces_next(ptext, view, d) and d.p_cue >= INTRODUCING_THRESHOLD:
                dangling.append(d)
            continue
        d.quotes.append(q)
        claimed.add(q)
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        d.content = {t.i for t in span or ()} - d.cue
        if not _judged(doc, d, in_quote, models):
            continue
        drafts.append(d)
        taken |= d.cue | d.content
    drafts.sort(key=lambda d: d.head.i)
    for d in drafts:
        _trim_trailing(doc, d, in_quote, models)
    return drafts


_POINTERS = frozenset({"that", "this"})


def _points_back(view: M.DocView, d: _Draft) -> None:
    """An "according to" whose content is only "That's" or "This is" credits the sentence before
    it: 'Teenagers love wireless earbuds. That's according to a new survey from a Chicago bank.'
    A sentence that opens its paragraph has nothing before it to credit and is left as it is."""
    if d.head.lower_ != "according":
        return
    doc = d.head.doc
    words = [doc[i] for i in sorted(d.content) if not (doc[i].is_punct or doc[i].is_space)]
    if not words or words[0].lower_ not in _POINTERS or any(w.pos_ != "AUX" for w in words[1:]):
        return
    start, _ = view.sentence(d.head.i)
    if start == 0:
        return
    before, _ = view.sentence(start - 1)
    d.content = set(range(before, start))


# Above this probability (the trim model's), a trailing part is cut from a content: more likely out
# than in (PolNeAR dev content/exact F1 59.6 -> 60.2, relation/partial 68.8 -> 69.2).
TRIM_THRESHOLD = 0.5


def _trim_trailing(doc: Doc, d: _Draft, in_quote: Sequence[bool], models: M.Models) -> None:
    """Cut the first trailing part of the content (", which ...", ", the alliance that ...") the trim
    model judges outside it (guidelines p. 16: the content is what was said, not the author's
    comment on it). Words inside quotation marks are the speaker's and are never cut."""
    for part in M.trailing_parts(doc, d.content, d.head):
        if in_quote[part.i]:
            continue
        feats = tuple(M.trim_features(doc, d.content, d.head, part, bool(d.quotes), in_quote))
        if models.trim is None:
            d.trailing.append((part.left_edge.i, part.right_edge.i, feats))
        elif models.trim.probs(feats)[1] >= TRIM_THRESHOLD:
            d.content -= set(range(part.left_edge.i - 1, part.right_edge.i + 1))
            return


def _continue_quotes(doc: Doc, ptext: str, quotes: Sequence[Quote], drafts: Sequence[_Draft], offset: int) -> None:
    """Give each quotation no cue claims to the direct quote before it in the paragraph, or after
    it when the paragraph opens with it, or to a content that ends in a quotation or comes before
    its cue (:func:`_fronted`) before it
    (guidelines p. 20: content continuations belong to the same attribution). Only quotes that
    stand as sentences of their own count: a short quoted phrase inside the author's sentence is a
    scare quote or a title (guidelines p. 24)."""
    claimed = {q for d in drafts for q in d.quotes}
    cue_chars = [doc[i].idx for d in drafts for i in d.cue]
    direct = [d for d in drafts if d.quotes and (_quote_only(doc, d) or _ends_with_quote(doc, d))]
    for q in quotes:
        if q.single or q in claimed or any(q.start <= c < q.end for c in cue_chars):
            continue
        if not _whole_sentences(ptext, q):
            continue
        inner = ptext[q.inner_start:q.inner_end].rstrip(" ,")
        if len(inner.split()) < MIN_CONTINUATION_WORDS and inner[-1:] not in ".?!":
            continue  # short and no sentence of its own ('"Neither do I."' is one)
        before = [d for d in drafts if (d in direct or _fronted(d)) and _draft_end(doc, d) <= q.start]
        after = [d for d in direct if d.quotes[0].start >= q.end]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None:
            target.extra.append((offset + q.start, offset + q.end))


def _fronted(d: _Draft) -> bool:
    """Whether a statement with a source gives what was said before its cue ("Sometimes the pumps
    fail, he said."), as a quote does; then a quotation after it goes on with the same speaker."""
    return d.source is not None and bool(d.content) and max(d.content) < min(d.cue)


def _draft_end(doc: Doc, d: _Draft) -> int:
    """Where a draft ends in its paragraph: after its last quotation or token."""
    ids = d.cue | d.content | (d.source.tokens if d.source is not None else frozenset())
    return max([doc[i].idx + len(doc[i].text) for i in ids] + [q.end for q in d.quotes])


def _all_quotation(text: str, quotes: Sequence[Quote]) -> bool:
    """Whether a paragraph is quotation from end to end (nothing of the author's outside the marks)."""
    doubles = [q for q in quotes if not q.single]
    if not doubles or text[:doubles[0].start].strip():
        return False
    outside = "".join(text[a.end:b.start] for a, b in itertools.pairwise(doubles)) + text[doubles[-1].end:]
    return not any(ch.isalnum() for ch in outside)


def _ends_with_quote(doc: Doc, d: _Draft) -> bool:
    """Whether a draft's content ends inside its last quotation: 'are "not meeting the demand,"'
    goes on in a quotation after it as a direct quote does (PolNeAR dev relation/partial +0.2,
    train +0.1)."""
    words = [i for i in d.content if not (doc[i].is_punct or doc[i].is_space)]
    if not words:
        return False
    last = max(words)
    q = d.quotes[-1]
    return q.start <= doc[last].idx < q.end


def _quoted_tokens(doc: Doc, d: _Draft) -> set[int]:
    """The tokens inside a draft's quotations, their marks included."""
    return {t.i for q in d.quotes for t in doc.char_span(q.start, q.end, alignment_mode="expand") or ()}


def _quote_only(doc: Doc, d: _Draft) -> bool:
    """Whether a draft's content is its quotations and nothing else of substance."""
    inside = _quoted_tokens(doc, d)
    return all(doc[i].is_punct or doc[i].is_space or i in inside for i in d.content)


def _laid_out(text: str, para: Any, labels: frozenset[str], previous: Any | None) -> tuple[Attribution, ...]:
    """The attributions the paragraph's layout makes (:mod:`._attr_layouts`): a headline
    "Speaker: ...", a transcript's "SPEAKER: ..." turn, an embedded post's signature line (with
    the ``previous`` paragraph as the post when the signature stands alone; None when that one
    has attributions of its own), or quotations credited after a dash."""
    if para.kind == "headline":
        one = L.extract_headline_colon(text, para)
    else:
        one = L.extract_speaker_label(text, para, labels) or L.extract_post_signature(text, para, previous)
    return (one,) if one is not None else L.extract_dash_credits(text, para)


def _covers(a: Attribution, at: int) -> bool:
    """Whether record offset ``at`` lies within an attribution, from its first part to its last."""
    parts = [*a.content, *(s for s in (a.cue, a.source) if s is not None)]
    return min(s.start for s in parts) <= at < max(s.end for s in parts)


def extract_attributions(text: str, parsed: Sequence[Any], entities: tuple[Entity, ...], *,
                         threshold: float = CUE_THRESHOLD, models: M.Models | None = None) -> tuple[Attribution, ...]:
    """Every attribution in the parsed paragraphs, in text order."""
    out, _ = _extract(text, parsed, entities, threshold, models or M.shipped_models())
    return tuple(out)


def training_drafts(text: str, parsed: Sequence[Any], models: M.Models, *,
                    threshold: float = CUE_THRESHOLD) -> list[tuple[Attribution, _Draft]]:
    """Each attribution the parse's drafts give, with its draft: the relation model's features and
    the trailing parts of its content, which ``scripts/train_attributions.py`` labels against the
    gold to train those models (run with ``models.relation`` or ``models.trim`` None, so that no
    draft is judged or trimmed). The page layout's attributions have no draft and are left out."""
    out, drafts = _extract(text, parsed, (), threshold, models)
    return [(a, d) for a, d in zip(out, drafts, strict=True) if d is not None]


def _extract(text: str, parsed: Sequence[Any], entities: tuple[Entity, ...], threshold: float,
             models: M.Models) -> tuple[list[Attribution], list[_Draft | None]]:
    """The attributions in text order, and beside each the draft it was made from."""
    out: list[Attribution] = []
    made_from: list[_Draft | None] = []  # beside out
    open_direct: int | None = None  # index in out of the last direct quote, while its quote is left open
    last_direct: int | None = None  # index in out of a direct quote or a statement that ended the paragraph before
    introducing: tuple[Any, _Draft] | None = None  # a cue ending its paragraph with a colon
    labels = L.speaker_labels(text, parsed)
    speakers = SpeakerResolver(text, entities)  # one mention index for the document's speakers
    previous: Any | None = None  # the paragraph before, while none of its words is a cue
    for para in parsed:
        if previous is not None and any(a.cue is not None and previous.start <= a.cue.start < para.start
                                        for a in out):
            previous = None
        doc = para.doc
        ptext = para.text_in(text)
        quotes = extract_quotes(ptext)
        view = M.DocView(doc)
        in_quote = M.quote_mask(view, quotes)
        dangling: list[_Draft] = []
        drafts = _paragraph_drafts(doc, ptext, view, quotes, in_quote, threshold, dangling, models)
        for d in (*drafts, *dangling):
            d.offset = para.start
        laid = _laid_out(text, para, labels, previous if previous is not None and previous.kind == "body" else None)
        previous = para
        if laid:
            # What the speaker said is theirs: cues inside it are nested, not annotated.
            drafts = [d for d in drafts if not any(_covers(a, para.start + doc[d.head.i].idx) for a in laid)]
            for a in laid:
                assert a.source is not None and a.cue is not None
                speaker, speaker_type = speakers.speaker(a.source)
                kind = resolve_kind((a.cue.text,), _quote_share(text, a.content), speaker_type, True)
                out.append(replace(a, id=f"a{len(out) + 1}", kind=kind, speaker=speaker, speaker_type=speaker_type))
                made_from.append(None)
            if not drafts:
                open_direct = last_direct = None  # the paragraph is the speakers' turns, not a continuation
                introducing = None
                continue
        if introducing is not None and quotes and not ptext[:quotes[0].start].strip() \
                and not any(quotes[0] in d.quotes for d in drafts):
            # "He said:" at the end of the paragraph before, and this one opens with the quote.
            intro_para, intro = introducing
            # A paragraph that is all quotation gives all its quotations, one with drafts of its own the first.
            given = [q for q in quotes if not q.single] if not drafts and _all_quotation(ptext, quotes) else [quotes[0]]
            intro.extra.extend((para.start + q.start, para.start + q.end) for q in given)
            att = _finish(text, intro_para, intro, speakers, len(out) + 1)
            if att is not None:
                out.append(att)
                made_from.append(intro)
                last_direct = len(out) - 1
                if not given[-1].closed and given[-1] is quotes[-1]:
                    open_direct = len(out) - 1
            if not drafts:
                introducing = None
                continue
        elif introducing is not None and not quotes and not drafts and not laid and introducing[1].source is not None:
            # "The governor added:" and then a paragraph of the speaker's words without quotation
            # marks and no cue of its own: a block quotation (PolNeAR train has 17 such paragraphs as
            # a colon cue's content; the rule adds 2 attributions in train, 1 right, and 2 in dev, both).
            intro_para, intro = introducing
            intro.extra.append((para.start, para.end))
            att = _finish(text, intro_para, intro, speakers, len(out) + 1)
            if att is not None:
                out.append(att)
                made_from.append(intro)
            introducing = None
            continue
        introducing = (para, dangling[-1]) if dangling else None
        if not drafts:
            # A paragraph that is all quotation, with no cue, continues the last speaker's quote
            # (guidelines p. 20): the quote left open at the end of the paragraph before (AP style),
            # or a direct quote that ended it.
            if open_direct is None and last_direct is not None and quotes and _all_quotation(ptext, quotes):
                open_direct = last_direct
            if open_direct is not None and quotes and not ptext[:quotes[0].start].strip():
                extra = tuple(para.span(text, q.start, q.end) for q in quotes if not q.single)
                prev = out[open_direct]
                out[open_direct] = replace(prev, content=prev.content + extra)
                last_direct = open_direct
                if quotes[-1].closed:
                    open_direct = None
                continue
            open_direct = last_direct = None
            for att in _topic_quotes(text, para, quotes, set(), speakers):
                out.append(replace(att, id=f"a{len(out) + 1}"))
                made_from.append(None)
            continue
        _continue_quotes(doc, ptext, quotes, drafts, para.start)
        claimed = {q for d in drafts for q in d.quotes} | {q for d in drafts for q in quotes
                                                           if (para.start + q.start, para.start + q.end) in d.extra}
        topical = _topic_quotes(text, para, quotes, claimed, speakers)
        open_direct = last_direct = None
        for d in drafts:
            att = _finish(text, para, d, speakers, len(out) + 1)
            if att is None:
                continue
            out.append(att)
            made_from.append(d)
            continued = att.kind == "direct" or (bool(d.quotes) and _ends_with_quote(doc, d))
            # A paragraph all quotation after a reported statement goes on with the same speaker
            # ('Erekat said it was a ploy.' then '"They wanted us on our knees ..."').
            told = att.source is not None and att.kind in ("indirect", "mixed", "report")
            last_direct = len(out) - 1 if continued or told else None
            if continued and d.quotes and not d.quotes[-1].closed:
                open_direct = len(out) - 1
        for att in topical:
            out.append(replace(att, id=f"a{len(out) + 1}"))
            made_from.append(None)
    return out, made_from


def _topic_quotes(text: str, para: Any, quotes: Sequence[Quote], claimed: set[Quote],
                  speakers: SpeakerResolver) -> list[Attribution]:
    """Direct quotes no cue claims that follow, in their paragraph, a sentence about a named person:
    "Arlen has run the port for ten years. 'We will not sell the north pier.'" News prints a quote of the
    person a sentence is about after it with no "she said": the sentence's main subject, a person
    the text names, is its speaker. Only a quotation of whole sentences that ends the paragraph.
    Their ids are left for the caller to give."""
    doc = para.doc
    ptext = para.text_in(text)
    out: list[Attribution] = []
    for q in quotes:
        if q.single or q in claimed or not q.closed or ptext[q.end:].strip() or not _whole_sentences(ptext, q):
            continue
        inner = ptext[q.inner_start:q.inner_end]
        if len(inner.split()) < MIN_CONTINUATION_WORDS or '"' in inner or "“" in inner:
            continue
        before = doc.char_span(0, len(ptext[:q.start].rstrip()), alignment_mode="contract")
        if before is None or not len(before):
            continue
        last = before[-1].sent
        if any(quote.start <= last.start_char < quote.end for quote in quotes):
            continue
        subj = next((t for t in last.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ != "PROPN":
            continue
        src = para.span(text, subj.left_edge.idx, subj.idx + len(subj.text))
        speaker, speaker_type = speakers.speaker(src)
        if speaker is None or speaker_type != "person":
            continue
        content = (para.span(text, q.start, q.end),)
        out.append(Attribution("", "direct", content, source=src, speaker=speaker,
                               speaker_type=speaker_type, confidence=0.5))
    return out


def _span_of(text: str, para: Any, first: int, last: int) -> Span:
    """The record span from token ``first`` to token ``last`` of a paragraph's Doc."""
    return para.span(text, *_char_range(para.doc, first, last))


def _finish(text: str, para: Any, d: _Draft, speakers: SpeakerResolver, n: int) -> Attribution | None:
    """The record's Attribution for a draft, or None when nothing of its content is left."""
    doc = para.doc
    runs = _trim(doc, d.content, conjunctions=True)
    if not runs and not d.extra:
        return None
    content = [_span_of(text, para, a, b) for a, b in runs]
    content += [Span.of(text, s, e) for s, e in d.extra]
    content.sort(key=lambda s: s.start)
    cue_first, cue_last = _contiguous_cue(doc, d.cue, d.head.i)
    cue = _span_of(text, para, cue_first, cue_last)
    source = None
    if d.source is not None:
        first, last = source_extent(d.source)
        srun = _trim(doc, range(first, last + 1))
        if srun:
            source = _span_of(text, para, srun[0][0], srun[-1][1])
    addressee = None
    if d.addressee is not None:
        arun = _trim(doc, range(d.addressee.left_edge.i, d.addressee.right_edge.i + 1))
        if arun:
            addressee = _span_of(text, para, arun[0][0], arun[-1][1])
    speaker, speaker_type = speakers.speaker(source)
    lemmas = [doc[i].lemma_.lower() for i in range(cue_first, cue_last + 1)]
    kind = resolve_kind(lemmas, _quote_share(text, content), speaker_type, source is not None,
                        claim=bool(d.extra) or _states_claim(doc, d))
    # The relation model's probability that the draft is right; without it (a cue introducing the
    # next paragraph's quote), the cue model's, lowered when the role model was unsure of the content.
    confidence = d.p_relation if d.p_relation is not None else d.p_cue * (0.5 + 0.5 * d.p_content)
    return Attribution(
        id=f"a{n}", kind=kind, content=tuple(content), cue=cue, source=source, speaker=speaker,
        speaker_type=speaker_type, addressee=addressee, hedged=resolve_hedged(d.head, cue),
        confidence=round(confidence, 3),
    )


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    rec = state.record
    atts = extract_attributions(rec.text, state.parsed, rec.entities)
    ents, atts = SpeakerResolver(rec.text, rec.entities).source_entities(atts)
    return state.advance(NAME, record=rec.replace(entities=ents, attributions=atts))
