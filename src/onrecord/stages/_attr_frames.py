"""The parts of one attribution around its cue head, read off the dependency parse.

An attribution's source, cue and content hang off the cue head in a handful
of frames (PolNeAR train, 19,800 relations, spaCy's small English parse):
the source is the head's subject in 69% of relations (its full subtree
matches the gold source exactly in 96% of those), the governor's subject when
the cue is a participle or a coordinated verb ("Trump tweeted, saying ...",
5%), the object of "according to" or "by"; the content is a clausal
complement (25%), a direct object (16%; "mocked Rubio for ...", which runs
on into the following dependents), a quotation (the quote marks hang off
the head), a preposition's object, or the governing clause itself when the
cue is parenthetical ("The plan, he said, is final"). Each candidate part
is a dependent's subtree, the governor's subtree less the cue's, or the
governor's subject; the role model labels each one (none, cue, source,
content), and a dependent labelled as cue ("went on to say") opens its own
dependents as candidates in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Token

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Governors whose subject a subjectless cue borrows: participles and coordinated verbs
# ("Trump tweeted, saying ...", "He stood and said ..."), infinitives and gerunds after prepositions.
_BORROWS_SUBJECT = frozenset({"advcl", "conj", "xcomp", "pcomp", "ccomp", "acl", "relcl"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate part: ``kind`` is child, up or upsubj; ``tokens`` the token indices it covers."""

    kind: str
    token: Token
    tokens: frozenset[int]
    depth: int


def subtree_ids(t: Token) -> frozenset[int]:
    return frozenset(range(t.left_edge.i, t.right_edge.i + 1))


def first_candidates(head: Token) -> list[Candidate]:
    """The head's dependents, its governor (less the head's subtree) and the governor's subject."""
    out = [Candidate("child", c, subtree_ids(c), 1) for c in head.children]
    gov = head.head
    if gov.i != head.i:
        own = subtree_ids(head)
        out.append(Candidate("up", gov, subtree_ids(gov) - own, 1))
        if head.dep_ in _BORROWS_SUBJECT and not any(c.dep_ in _SUBJECTS for c in head.children):
            for c in gov.children:
                if c.dep_ in _SUBJECTS and c.i != head.i:
                    out.append(Candidate("upsubj", c, subtree_ids(c), 1))
                    break
    return out


def label_parts(head: Token, label: Callable[[Candidate], str]) -> Iterator[tuple[Candidate, str]]:
    """Every candidate part of the attribution at ``head`` with the role ``label`` gives it;
    the dependents of a dependent labelled "cue" are candidates too (one level down)."""
    for cand in first_candidates(head):
        role = label(cand)
        yield cand, role
        if role == "cue" and cand.kind == "child":
            for c in cand.token.children:
                sub = Candidate("child", c, subtree_ids(c), 2)
                yield sub, label(sub)
