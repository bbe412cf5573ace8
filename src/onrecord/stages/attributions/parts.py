"""The parts around one cue head: the role model labels each candidate (:mod:`.frames`) cue,
source, content or none, and the rules here mend what the parse hides (a clause split in two,
"X was quoted as saying Y", a clause fronted before its source, a name tagged as an adverb)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ...lexicon.speech import ADDRESSING, SAID_TO, SAYING_LEMMAS
from .draft import Draft
from .features import candidate_features
from .frames import MAX_DEPTH, Candidate, label_parts, subtree_ids
from .models import Models, shipped_models
from .quotes import QUOTE_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Token


# An attribution nearly always has a source (PolNeAR train: 93% of relations); when the role model
# labels no candidate "source" outright, its likeliest source candidate is still taken above this
# probability (set on PolNeAR train and dev: relation/partial +0.4 and +0.6; 0.15 to 0.3 alike).
SOURCE_FALLBACK = 0.25

_TIME_ENTS = frozenset({"DATE", "TIME"})

# Relations over which a clause with a cue of its own is a second attribution beside the first,
# not part of its content: "said X and warned against Y", "said X, arguing that Y" (PolNeAR dev:
# the coordinated or adverbial cue is annotated as its own relation, and the first relation's
# content stops before it).
_SIBLING_DEPS = frozenset({"conj", "advcl"})
# Relations by which the parse strands a cue's "that" complement on another word.
_STRANDED_DEPS = frozenset({"ccomp", "acl", "relcl", "advcl", "appos"})


def extract_parts(head: Token, p_cue: float, in_quote: Sequence[bool],
                  cue_heads: frozenset[int] = frozenset(), models: Models | None = None) -> Draft:
    """Label the parts around one cue head with the role model and gather them. A dependent
    clause headed by another of ``cue_heads`` over conj or advcl is left to its own attribution."""
    quoted_as = _quoted_as(head)
    if quoted_as is not None:
        return _quoted_as_draft(head, quoted_as, p_cue)
    model = (models or shipped_models()).role
    best_source: tuple[float, Candidate | None] = (0.0, None)
    runner_up: tuple[float, Candidate | None] = (0.0, None)  # the likeliest source labelled none
    cue: set[int] = {head.i}
    content: set[int] = set()
    p_content = 0.0
    labelled: list[tuple[Candidate, str]] = []
    addressed = head.lemma_.lower() in ADDRESSING

    def label(cand: Candidate) -> str:
        nonlocal best_source, runner_up, p_content
        probs = dict(zip(model.classes, model.probs(candidate_features(head, cand, in_quote))))
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
        if role == "cue" and (cand.token.ent_type_ in _TIME_ENTS or time_phrase(cand.token)):
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
    draft = Draft(head, p_cue, cue, src, best_source[0], content, p_content, fronted=fronted)
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
            or c.is_sent_start or doc[k - 1].text in QUOTE_CHARS or not head.left_edge.i <= k:
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


def _quoted_as(head: Token) -> Token | None:
    """The verb after "as" when ``head`` is a passive "quoted" ("X was quoted as saying ..."), else None."""
    if head.lemma_.lower() != "quote" or not any(c.dep_ == "auxpass" for c in head.children):
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            for g in c.children:
                if g.dep_ in ("pcomp", "pobj") and g.lemma_.lower() in SAYING_LEMMAS:
                    return g
    return None


def _quoted_as_draft(head: Token, verb: Token, p_cue: float) -> Draft:
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
    draft = Draft(head, p_cue, cue, source, 1.0 if source is not None else 0.0, content - cue, 0.5 if content else 0.0)
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


def time_phrase(t: Token) -> bool:
    """Whether a preposition introduces a time ("on Monday", "in June")."""
    return t.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in _TIME_ENTS for c in t.children)


def opened_by_that(t: Token) -> bool:
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
        if not opened_by_that(t):
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
    if not all(k in sub for k in stretch) or any(doc[k].text in QUOTE_CHARS for k in stretch):
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
    return t.dep_ == "relcl" and t.lemma_.lower() not in ADDRESSING and any(c.dep_ == "dobj" for c in t.children)


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
        if t.dep_ == "dative" or (t.dep_ in ("dobj", "nsubjpass") and lem in ADDRESSING) or (
                lem in ADDRESSING and _second_subject(head, t)):
            return t  # "told reporters", "reporters were told" (train: the passive subject of
            # "tell", "ask", "warn" is never the source)
        if t.dep_ == "prep" and t.lower_ == "to" and lem in SAID_TO:
            for c in t.children:
                if c.dep_ == "pobj":
                    return c
    return None
