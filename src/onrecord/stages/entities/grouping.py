"""Grouping names into entities, the second pass of the entities stage: full and shortened forms of
one person ("Loretta E. Lynch" ... "Loretta Lynch" ... "Lynch"), family-name-first names ("Kim
Jong Un" ... "Kim", never with "Kim Jong Il"), given-name-only references, organizations with
their acronyms and short forms ("Voice of America" = "VOA", "The New York Times" = "the Times");
it also corrects the tagger through the group (a surname tagged as a place or an organization),
and gives each entity the name the article most often writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ...lexicon import people
from . import names
from .mentions import ORG_HEADS
from .types import Cand, Ent

_GPE_ALIASES = {"us": "united states", "usa": "united states", "america": "united states",
                "uk": "united kingdom", "britain": "united kingdom", "greatbritain": "united kingdom",
                "un": "united nations"}


def _recent(e: Ent, pos: tuple[int, int]) -> tuple[int, int, int]:
    """Sort key for choosing among entities: mentions before ``pos``, then the latest of them."""
    before = [m.pos for m in e.mentions if m.pos < pos]
    return (len(before), max(before) if before else (-1, -1)) if before else (0, (-1, -1))  # type: ignore[return-value]


def resolve_names(cands: Sequence[Cand], text: str = "") -> list[Ent]:
    """Group the name candidates into entities (see the module docstring); returns them in order of
    first mention. Candidates that match nothing and were never tagged as names are dropped.

    Headline names are matched last and narrowed to the part the body names: a title-case
    headline misleads the tagger ("Obama Says", "Rip Donald Trump"), and the body's form is the
    one a reader would use.
    """
    ents: list[Ent] = []
    person: list[Ent] = []
    named = [c for c in cands if c.kind == "name"]
    body = [c for c in named if not c.headline]
    heads = [c for c in named if c.headline]
    # full person names first, so that a surname in the headline finds the body's full name
    for c in body:
        if c.label == "PERSON" and len(c.words) >= 2:
            _add_full(c, person, ents)
    orgs: dict[str, Ent] = {}
    single: dict[tuple[str, ...], Ent] = {}
    for c in body:  # one-word person names before the organizations the tagger confuses them with
        if c.entity is None and c.label == "PERSON":
            _add_other(c, person, ents, orgs, single)
    # the tagged names before the proper-noun runs it left out, so that a run finds the organization
    # the tagger named elsewhere ("Harbor Records" untagged here, ORG three lines on)
    for c in body:
        if c.entity is None and c.label != "?":
            _add_other(c, person, ents, orgs, single)
    for c in body:
        if c.entity is None:
            _add_other(c, person, ents, orgs, single)
    for c in heads:
        if text:
            _narrow(c, text, person, orgs)
        if c.entity is None and text and _common_words(c, text):
            continue  # "Chipmaker Halts Work": the tagger misled by title case, the body says "work"
        if c.entity is None and c.label == "PERSON" and len(c.words) >= 2:
            _add_full(c, person, ents)
        elif c.entity is None:
            _add_other(c, person, ents, orgs, single)
    # short forms of organization names: "the Times" for "The New York Times"
    for e in ents:
        if e.label not in ("ORG",) or len(e.words) != 1 or not e.mentions:
            continue
        longer = [o for o in ents if o is not e and o.label == "ORG" and len(o.words) > 1 and o.words[-1] == e.words[0]]
        if len(longer) == 1:
            for m in e.mentions:
                m.kind = "partial"
                longer[0].add(m)
            e.mentions.clear()
    _join_people_taken_for_organizations(ents)
    ents = [e for e in ents if e.mentions]
    for e in ents:
        _name_entity(e)
    ents.sort(key=lambda e: min(m.start for m in e.mentions))
    return ents


def _join_people_taken_for_organizations(ents: list[Ent]) -> None:
    """A two- or three-word "organization" whose last word is the surname of a person named alone
    elsewhere is that person ("Montell Figgins, who represents ..." tagged ORG, then "Figgins
    said"): its mentions move to the person, who takes the full name."""
    alone = {e.words[0]: e for e in ents if e.label == "PERSON" and len(e.names) == 1 and len(e.words) == 1}
    for e in ents:
        if e.label != "ORG" or not 2 <= len(e.words) <= 3 or not e.mentions or names.is_outlet(" ".join(e.words)):
            continue
        if any(w in ORG_HEADS or w in people.ORG_ROLES or not w.isalpha() for w in e.words):
            continue
        p = alone.get(e.words[-1])
        if p is None:
            continue
        for m in e.mentions:
            m.label = "PERSON"
            p.add(m)
        p.add_name(e.words)
        p.words = e.words
        e.mentions.clear()


def _common_words(c: Cand, text: str) -> bool:
    """Whether a headline name the body does not name has a word the body writes in lower case
    (a common word the headline's capitals made look like a name)."""
    return any(len(w) > 2 and re.compile(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])").search(text, c.end) is not None
               for w in c.words if w.isalpha())


def _add_full(c: Cand, person: list[Ent], ents: list[Ent]) -> None:
    for e in person:
        if any(names.same_person(c.words, w) or names.same_person(w, c.words) for w in e.names):
            if c.gender and e.gender and c.gender != e.gender:
                continue
            break
    else:
        e = Ent("PERSON", c.words, "")
        person.append(e)
        ents.append(e)
    e.add(c)
    e.add_name(c.words)


def _org_key(words: tuple[str, ...]) -> str:
    comp = names.compact(" ".join(words))
    return _GPE_ALIASES.get(comp, comp)


def _find_org(words: tuple[str, ...], orgs: dict[str, Ent]) -> Ent | None:
    comp = _org_key(words)
    e = orgs.get(comp)
    if e is not None:
        return e
    for o in orgs.values():
        if comp in names.acronyms(o.words) or (len(words) > 1 and _org_key(o.words) in names.acronyms(words)):
            return o
    return None


def _add_other(c: Cand, person: list[Ent], ents: list[Ent], orgs: dict[str, Ent],
               single: dict[tuple[str, ...], Ent]) -> None:
    """A one-word person name, an untagged proper noun, or an organization, place or group."""
    one = len(c.words) == 1
    if one and c.label in ("PERSON", "?", "ORG", "GPE", "NORP"):
        e = _match_single(c, person)
        if e is None and c.label != "PERSON" and c.words in single:
            e = single[c.words]  # "Trump" tagged ORG here and PERSON elsewhere: the tagger wavers
        if e is not None and (c.label in ("PERSON", "?") or _person_not_place(c, e)):
            c.label = "PERSON"
            c.kind = "partial"
            e.add(c)
            return
    if c.label == "PERSON":
        e = single.get(c.words)
        if e is not None and c.gender and e.gender and c.gender != e.gender:
            # "Mrs Howard" after "Mr Howard": two people who share a surname, kept apart
            e = next((p for p in reversed(person) if p.names == [c.words] and p.gender in (None, c.gender)), None)
        if e is None:
            e = Ent("PERSON", c.words, "")
            single.setdefault(c.words, e)
            person.append(e)
            ents.append(e)
        e.add(c)
        e.add_name(c.words)
        return
    e = _find_org(c.words, orgs)
    if c.label == "?":
        # an acronym the tagger missed ("RT" for "Russia Today"), or the very name it tagged elsewhere
        if e is not None and (one or _org_key(c.words) == _org_key(e.words)):
            e.add(c)
        return
    if e is None:
        e = Ent(c.label, c.words, "")
        orgs[_org_key(c.words)] = e
        ents.append(e)
    e.add(c)
    e.add_name(c.words)


_WORD = re.compile(r"\S+")


def _narrow(c: Cand, text: str, person: Sequence[Ent], orgs: dict[str, Ent]) -> None:
    """Shrink a headline name to its longest part that names a body entity, and join that entity."""
    toks = [(m.start(), m.end()) for m in _WORD.finditer(text, c.start, c.end)]
    for size in range(len(toks), 0, -1):
        for i in range(len(toks) - size + 1):
            s, e = toks[i][0], toks[i + size - 1][1]
            words = names.name_words(text[s:e])
            if not words:
                continue
            found = None
            if len(words) >= 2:
                found = next((p for p in person if any(names.same_person(words, w) for w in p.names)), None)
            else:
                probe = Cand(s, e, c.para, c.tok, c.sent, "name", "PERSON", words, c.gender)
                found = _match_single(probe, person)
                if found is None:
                    found = next((p for p in person if words in p.names), None)
            if found is None and c.label != "PERSON":
                found = _find_org(words, orgs)
            if found is None:
                continue
            c.start, c.end, c.words = s, e, words
            c.label = found.label
            if found.label == "PERSON" and words != found.words:
                c.kind = "partial"
            found.add(c)
            return


def _person_not_place(c: Cand, e: Ent) -> bool:
    """A surname tagged as an organization is the person; one tagged as a place is when it is a
    subject or speaker there, or too short to be a common place name ("Ri" as GPE); one tagged as
    a nationality when it is a subject or speaker there."""
    if c.label == "ORG":
        return True  # one-word organizations that are a person's surname are the tagger wavering
    if c.label == "NORP":
        return c.subj or c.speaker  # "Irish said ...": a surname, where "Irish farmers" is a nationality
    return c.subj or c.speaker or c.gender is not None or len(c.words[0]) <= 3


def _match_single(c: Cand, person: Sequence[Ent]) -> Ent | None:
    """The person a one-word name refers to: a surname match before a given-name (or
    family-name-first) match, agreeing in gender, the most mentioned and then most recent."""
    w = c.words[0]
    best: tuple[Any, ...] | None = None
    found = None
    for e in person:
        if c.gender and e.gender and c.gender != e.gender:
            continue
        rank = 0
        for n in map(names.core, e.names):
            if len(n) < 2:
                continue
            if n[-1] == w:
                rank = max(rank, 2)
            elif n[0] == w:
                rank = max(rank, 1)
        if not rank:
            continue
        key = (rank, *_recent(e, c.pos))
        if best is None or key > best:
            best, found = key, e
    return found


def _name_entity(e: Ent) -> None:
    """The canonical name: the first of the fullest names (most words) the article gives."""
    counts: dict[tuple[str, ...], int] = {}
    for m in e.mentions:
        if m.kind in ("name", "partial"):
            counts[m.words] = counts.get(m.words, 0) + 1
    best = None
    for m in e.mentions:  # the fullest, then the most frequent (a typo "HIllary" loses), then the first
        if m.kind in ("name", "partial") and (
                best is None or (len(m.words), counts[m.words]) > (len(best.words), counts[best.words])):
            best = m
    if best is not None:
        e.words = best.words
        for m in e.mentions:
            if m.kind == "name" and m.words != best.words and len(m.words) < len(best.words):
                m.kind = "partial"



# Prepositions of place: a one-word "person" found after one, and never as a subject, is a place ("a
# plant outside Dunmore", "jobs in Dunmore"); "from", "at" and "around" also take people ("a call
# from Voss").
_PLACE_PREPS = frozenset({"in", "outside", "near", "across", "throughout", "inside"})


def place_taken_for_person(e: Ent, parsed: Sequence[Any]) -> bool:
    """Whether the tagger took a place for a person: a one-word name with no title, role or known
    given name, never a subject, and the object of a preposition of place at least once."""
    if e.label != "PERSON" or len(e.words) != 1 or e.roles or e.gender is not None:
        return False
    if any(m.subj or m.speaker or m.kind not in ("name", "partial") for m in e.mentions):
        return False
    return any(m.pobj and parsed[m.para].doc[m.gov].lower_ in _PLACE_PREPS for m in e.mentions)


_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mr\.|Mrs\.|Ms\.)\s+\Z")


def display_name(text: str, e: Ent) -> str:
    """The canonical name as the article most often writes it ("HIllary Clinton" once is a typo)."""
    if e.display:
        return e.display
    forms: dict[str, int] = {}
    for m in e.mentions:
        if m.kind == "name" and m.words == e.words:
            form = " ".join(_LEADING_THE.sub("", text[m.start:m.end]).split())  # no-break and doubled spaces
            forms[form] = forms.get(form, 0) + 1
    if forms:
        best = max(forms, key=forms.__getitem__)  # the first of the most frequent
        if e.label == "PERSON" and len(e.words) == 1:
            # a surname alone keeps its honorific, so that "Mr Howard" and "Mrs Howard" stay two
            # people across documents too (their key is made from this name)
            titles = [m.group(1) for m in (_HONORIFIC_BEFORE.search(text, 0, x.start) for x in e.mentions
                                           if x.kind == "name") if m is not None]
            if titles:
                return f"{max(titles, key=titles.count)} {best}"
        return best
    return " ".join(w.capitalize() for w in e.words)


