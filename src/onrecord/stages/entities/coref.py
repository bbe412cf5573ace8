"""Coreference of pronouns and descriptions: the third pass of the entities stage.

The walk goes through the document's mention candidates in text order,
keeping the mentions already attached to an entity. A pronoun takes the most
salient entity that agrees with it; salience follows Lappin & Leass (1994): a
mention counts 100 for being recent, more as a subject (80), object (50) or
speaker of a speech verb (40), and halves with every sentence back, so a
nearer agreeing candidate always has the better claim ("never across an
intervening better candidate"). Agreement comes from names and titles only
("Mr.", "the spokeswoman", a given name): a gender is never learnt from a
pronoun, so one wrong link cannot make every later "he" follow the wrong person. A relative pronoun ("who", "which") takes the
noun its clause hangs on. A definite description ("the senator", "the
Republican nominee", "the company") takes the latest entity whose titles and
roles include its head noun and whose roles do not contradict its modifiers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ...lexicon import people
from . import names
from .types import Cand, Ent

# How far back (in sentences) a pronoun looks before it falls back on the latest agreeing entity.
WINDOW = 3
# Extra weight for the subject of a main clause (Lappin & Leass's head-noun emphasis). Without it
# the speakers oracle (issue 15) loses 5 person sources on PolNeAR train (862 -> 857 of 946), none
# on dev, and 2 quotes on the quotes dev pages.
MAIN = 30.0
FALLBACK = 8
# An entity counts by its best mention in the window, not by the sum of its mentions: a name
# repeated in the sentences before does not outweigh the subject of the last one ("Voss said ...
# She said ... The board's chair, Dana Whitfield, called it a win. 'It is settled,' she said":
# Whitfield). Four tweaks tuned on dev were deleted because they lose on PolNeAR train (person
# sources of the speakers oracle, each added back alone; dev 386/397, train 862/946 without them):
# half the other mentions' weight added (dev 385, train 857); a x1.5 bonus for a known gender (dev
# 386, train 857); 60 for the previous speaker when the pronoun is a speech verb's subject (dev
# 384, train 862); a gender learnt from the first pronoun linked (dev 385, train 858).
_PARTY = {"republican": "r", "gop": "r", "conservative": "r", "democratic": "d", "democrat": "d",
          "liberal": "d"}
_SPECIFIC_ORG_NOUNS = frozenset({
    "court", "committee", "council", "campaign", "administration", "department", "bureau", "party",
    "foundation", "institute", "center", "university", "bank", "union", "association", "commission",
    "board", "ministry", "office", "panel",
})
# Roles of public figures that a writer uses for the person the story is about, even when no
# title introduced them ("the president", "the Republican nominee", "the Oregon senator").
_SALIENT_ROLES = frozenset({
    "president", "senator", "congressman", "congresswoman", "governor", "nominee", "candidate",
    "secretary", "mayor", "minister", "leader", "chairman", "chairwoman", "billionaire", "businessman",
    "frontrunner", "front-runner", "hopeful", "president-elect", "premier", "chancellor",
})
# Organization nouns that become their own entity when a person is named as their
# possessor ("her campaign" -> "Clinton campaign"), as PolNeAR's source mentions do.
_PERSON_ORG_NOUNS = frozenset({"campaign", "administration"})


def _weight(m: Cand, c: Cand) -> float:
    """Lappin & Leass's factors: recency 100, subject 80, object 50, not inside a prepositional
    phrase 50; a speaker of a speech verb 40 more. A mention inside a quotation counts a fifth
    for a pronoun outside one: the words a speaker quotes name others, not the speaker."""
    w = 100.0 + 80.0 * m.subj + 50.0 * m.obj + 50.0 * (not m.pobj) + 40.0 * m.speaker + MAIN * m.main
    if m.quoted and not c.quoted:
        w *= 0.2
    elif c.quoted and not m.quoted and m.speaker and m.para == c.para:
        w *= 0.2  # '"... he could leave," Arlen said': the one quoted says "I", not "he"
    return w


def _agrees(pron: str, e: Ent) -> bool:
    if pron in ("m", "f"):
        return e.label == "PERSON" and e.gender in (None, pron)
    if pron == "n":
        return e.label in ("ORG", "GPE")
    if pron == "p":
        return e.label == "NORP" or e.label == "ORG" and e.plural
    return False


def resolve_pronoun(c: Cand, history: Sequence[Cand]) -> Ent | None:
    """The entity a personal pronoun refers to, by agreement and salience, or None."""
    def fits(m: Cand, e: Ent) -> bool:
        if not _agrees(c.pron, e):
            return False
        if c.pron == "p" and m.modifier:
            return False  # "Two Democratic lawmakers objected. They said ...": the lawmakers, not "Democratic"
        # "Trump told him": not Trump (binding)
        return not (c.obj and m.subj and m.gov == c.gov and m.para == c.para and c.pron in ("m", "f", "n"))

    scores, ents = _salience(c, history, fits)
    if scores:
        return ents[max(scores, key=scores.__getitem__)]
    if c.pron not in ("m", "f"):
        return None
    for m in reversed(history):
        if c.sent - m.sent > FALLBACK:
            break
        if m.entity is not None and _agrees(c.pron, m.entity):
            return m.entity
    return None


def _salient_person(c: Cand, history: Sequence[Cand]) -> Ent | None:
    """A description of a public role that no entity was given ("the Oregon senator" where the
    article only said "Sanders"): the most salient person of the last sentences, as for "he",
    unless their party contradicts the description's."""
    def fits(m: Cand, e: Ent) -> bool:
        return (e.label == "PERSON" and not _conflicts(c.mods, e)
                and not (c.gender and e.gender and c.gender != e.gender)
                and not _holds_other_office(e))

    scores, ents = _salience(c, history, fits)
    return ents[max(scores, key=scores.__getitem__)] if scores else None


# Roles in a contest, not offices: "his Democratic opponent" does not stop her being "the
# Democratic presidential nominee" two lines on. (Family roles do: "his ex-wife" is not "the GOP
# nominee".)
_CONTEST_ROLES = frozenset({"opponent", "rival", "challenger", "contender", "incumbent"})


def _holds_other_office(e: Ent) -> bool:
    """Whether the article gave a person an office other than the public roles a writer uses
    loosely ("The port's director, Dov Arlen": not "the chairwoman" two lines on)."""
    return any(r in people.PERSON_ROLES and r not in _SALIENT_ROLES and r not in _CONTEST_ROLES for r in e.roles)


def _salience(c: Cand, history: Sequence[Cand],
              fits: Callable[[Cand, Ent], bool]) -> tuple[dict[int, float], dict[int, Ent]]:
    """Salience of each entity mentioned in the last ``WINDOW`` sentences before ``c`` that
    ``fits``: its best mention's weight, halved for every sentence back. (scores, entities) by id."""
    best: dict[int, float] = {}
    ents: dict[int, Ent] = {}
    for m in reversed(history):
        d = c.sent - m.sent
        if d > WINDOW:
            break
        e = m.entity
        if e is None or not fits(m, e):
            continue
        best[id(e)] = max(best.get(id(e), 0.0), _weight(m, c) * 0.5 ** d)
        ents[id(e)] = e
    return best, ents


def _conflicts(mods: frozenset[str], e: Ent) -> bool:
    parties = {_PARTY[w] for w in mods if w in _PARTY}
    theirs = {_PARTY[w] for w in e.roles if w in _PARTY}
    return bool(parties and theirs and parties != theirs)


def resolve_description(c: Cand, history: Sequence[Cand]) -> Ent | None:
    """The entity a definite description refers to ("the senator", "the company"), or None."""
    lemma = c.words[0]
    seen: set[int] = set()
    best: tuple[Any, ...] | None = None
    found = None
    if lemma in people.PERSON_ROLES:
        if c.poss >= 0:
            return None  # "his lawyer", "Obama's strategist": someone else's, unless an apposition says who
        for rank, m in enumerate(reversed(history)):
            e = m.entity
            if e is None or id(e) in seen or e.label != "PERSON":
                continue
            seen.add(id(e))
            if lemma not in e.roles or _conflicts(c.mods, e):
                continue
            if c.gender and e.gender and c.gender != e.gender:
                continue
            key = (len(c.mods & e.roles), -rank)
            if best is None or key > best:
                best, found = key, e
        if found is None and c.poss < 0 and c.subj and c.words[0] in _SALIENT_ROLES:
            found = _salient_person(c, history)
        return found
    kind = people.ORG_ROLES.get(lemma)
    if kind is None:
        return None
    # A writer who has called an organization "the group" goes on calling it so: in "The group,
    # Tenants United, wrote to the landlord. The landlord, Harbor Homes, refused. Later the group
    # said ..." the second "the group" is Tenants United, not the organization named last.
    # Places are left out: a story that compares states moves "the state" from one to the next.
    # The chain breaks where an organization of the kind that entered the story after the last
    # such description became the subject of a main clause ("The company confirmed it ... Brightline
    # is now selling tickets. The company said ...": Brightline, the new topic). One already on
    # stage when the writer chose the description does not break it.
    if kind != "GPE":
        for k in range(len(history) - 1, -1, -1):
            d = history[k]
            if c.sent - d.sent > 5:
                break
            if d.kind == "description" and d.words[:1] == (lemma,) and d.entity is not None:
                if not any(m.main and m.kind == "name" and m.entity is not None and m.entity is not d.entity
                           and _of_kind(kind, m.entity) and m.entity.mentions[0].sent > d.sent
                           for m in history[k + 1:]):
                    return d.entity
                break
    for m in reversed(history):
        e = m.entity
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if lemma in e.words:
            return e
        near = c.sent - m.sent <= 5
        if not near or lemma in _SPECIFIC_ORG_NOUNS:
            continue
        if _of_kind(kind, e):
            return e
    return None


# How far on (in sentences) a description looks for the person it introduces, and, when no title
# or apposition there gives its role, for the subject who is newly named.
AHEAD = 4
LEDE = 2


def introduced_person(c: Cand, cands: Sequence[Cand], first_seen: dict[int, tuple[int, int]]) -> Ent | None:
    """The person a description introduces before the text names them ("A city judge ruled ... Judge
    Dana Whitfield wrote", "Lawmaker backs ..." over "Rep. Ana Brill ..."): the first person named
    for the first time within ``AHEAD`` sentences after it whose titles or appositions give the
    description's role, of no other gender; None when there is none."""
    role = c.words[0]
    new: list[tuple[Cand, Ent]] = []
    for m, e in _named_ahead(c, cands, first_seen):
        if e.label != "PERSON" or (c.gender and e.gender and c.gender != e.gender) or _conflicts(c.mods, e):
            continue
        if role in e.roles and c.poss < 0:  # "Peru's ambassador, Kenji Sato" is not "Japan's ambassador"
            return e
        new.append((m, e))
    # A speaker described by an office, then named as the speaker of the next sentences, with no
    # other office: "The county's tax assessor says no file was opened. Dana Whitfield says she
    # checked ...". Words that keep a source unnamed ("an official", "a spokesman") are left out:
    # the next person to speak is as often someone else (a resident, a witness).
    if c.speaker and role not in people.ANONYMOUS_HEADS:
        for m, e in new:
            if m.sent - c.sent <= LEDE and m.main and m.speaker and not any(
                    r in people.PERSON_ROLES and r != role for r in e.roles):
                return e
    return None


def _introduced_org(c: Cand, cands: Sequence[Cand], first_seen: dict[int, tuple[int, int]]) -> Ent | None:
    """The first organization of the kind a headline's role word names ("Newspaper: ...") that the
    text names for the first time within ``AHEAD`` sentences after it."""
    kind = people.ORG_ROLES[c.words[0]]
    return next((e for _, e in _named_ahead(c, cands, first_seen) if _of_kind(kind, e)), None)


def _named_ahead(c: Cand, cands: Sequence[Cand], first_seen: dict[int, tuple[int, int]]) -> Iterator[tuple[Cand, Ent]]:
    """The names of ``cands`` (the document's candidates in text order) within ``AHEAD`` sentences
    after ``c`` that name their entity for the first time, with that entity."""
    for k in range(bisect_right(cands, c.pos, key=lambda x: x.pos), len(cands)):
        m = cands[k]
        if m.sent - c.sent > AHEAD:
            break
        if m.kind == "name" and m.entity is not None and first_seen.get(id(m.entity)) == m.pos:
            yield m, m.entity


def _of_kind(kind: str, e: Ent) -> bool:
    """Whether an entity is of the kind a description's noun names (a place, an outlet, another
    organization)."""
    if kind == "GPE":
        return e.label == "GPE"
    if kind == "OUTLET":
        return e.label == "ORG" and names.is_outlet(" ".join(e.words))
    return kind == "ORG" and e.label == "ORG" and not names.is_outlet(" ".join(e.words))


# Organization nouns a country or nationality owns ("Russia's foreign ministry"), as opposed to trade
# nouns it only describes ("the Swedish carmaker" is Volvo, not a new organization).
_INSTITUTIONS = _SPECIFIC_ORG_NOUNS | {"agency"}
_LEADING_DET = re.compile(r"^(?:the|The|THE)\s+")


def _place_owner(c: Cand, history: Sequence[Cand], at: dict[tuple[int, int], Cand]) -> Cand | None:
    """The country, organization or nationality that makes an institution of a description
    ("Russia's foreign ministry", "the French foreign ministry", "the Union's top court"): its
    possessor, or a name among its modifiers."""
    if c.poss >= 0:
        owner = at.get((c.para, c.poss))
        return owner if owner is not None and owner.entity is not None and owner.entity.label in ("GPE", "ORG") \
            else None
    for m in reversed(history[-6:]):
        if m.para == c.para and c.start <= m.start and m.end <= c.end and m.kind == "name" and m.entity is not None \
                and m.entity.label in ("GPE", "NORP"):
            return m
    return None


def resolve_references(cands: Sequence[Cand], ents: list[Ent], parsed: Sequence[Any]) -> list[Ent]:
    """Attach pronouns and descriptions to the named entities, walking the text in order.

    Returns the entities, with any made on the way ("her campaign" -> "Clinton campaign").
    """
    history: list[Cand] = []
    at: dict[tuple[int, int], Cand] = {}
    made: dict[str, Ent] = {" ".join(e.words): e for e in ents if e.label == "ORG"}
    made_here: set[int] = set()  # organizations made here from a person's "campaign" (ids)
    written_here: set[int] = set()  # those named as the text writes them
    first_seen: dict[int, tuple[int, int]] = {}
    for c in cands:
        if c.kind in ("name", "partial") and c.entity is not None:
            first_seen.setdefault(id(c.entity), c.pos)
    for c in cands:
        e: Ent | None = None
        if c.kind in ("name", "partial"):
            if c.entity is not None:
                history.append(c)
                at[(c.para, c.tok)] = c
                continue
            if c.label != "?" or len(c.words) != 1:
                continue
            # A role capitalized as a headline writes it ("Lawmaker Urges ...", "Newspaper: ..."),
            # taken for a name: a person the text names next, or an organization as "the newspaper"
            # would be, else the first of its kind the text names next.
            if c.words[0] in people.PERSON_ROLES:
                e = introduced_person(c, cands, first_seen)
            elif c.headline and c.words[0] in people.ORG_ROLES:
                e = resolve_description(c, history) or _introduced_org(c, cands, first_seen)
            else:
                continue
        elif c.kind == "description" and c.indefinite:
            e = introduced_person(c, cands, first_seen)
        elif c.kind == "description":
            if c.link is not None and c.link.entity is not None:
                e = c.link.entity
            elif c.poss >= 0 and c.words[0] in _PERSON_ORG_NOUNS:
                owner = at.get((c.para, c.poss))
                if owner is not None and owner.entity is not None and owner.entity.label == "PERSON":
                    words = (owner.entity.words[-1], c.words[0])
                    key = " ".join(words)
                    e = made.get(key)
                    if e is None:
                        e = Ent("ORG", words, "")
                        e.display = " ".join(
                            (owner.entity.display.split() or [words[0].capitalize()])[-1:] + [words[1]])
                        made[key] = e
                        made_here.add(id(e))
                        ents.append(e)
                    if id(e) in made_here and owner.kind in ("name", "partial"):
                        # named as the article writes it, the fullest form: "Ana Ruiz's campaign"
                        phrase = parsed[c.para].doc.text[c.start - parsed[c.para].start:c.end - parsed[c.para].start]
                        written = " ".join(_LEADING_DET.sub("", phrase).split())
                        if id(e) not in written_here or len(written) > len(e.display):
                            e.display = written
                            written_here.add(id(e))
            elif c.words[0] in _INSTITUTIONS and _place_owner(c, history, at) is not None:
                phrase = parsed[c.para].doc.text[c.start - parsed[c.para].start:c.end - parsed[c.para].start]
                display = " ".join(_LEADING_DET.sub("", phrase).split())
                owned = names.name_words(display, titles=False)
                e = made.get(" ".join(owned))
                if e is None:
                    e = Ent("ORG", owned, display)
                    made[" ".join(owned)] = e
                    ents.append(e)
            else:
                e = resolve_description(c, history)
                if e is None and c.words[0] in people.PERSON_ROLES:
                    e = introduced_person(c, cands, first_seen)
        elif c.pron in ("who", "which"):
            a = at.get((c.para, c.ante))
            # A "who" whose parsed antecedent is no person is left alone: taking the person named
            # last before it instead won 2 PolNeAR dev sources and lost 3 train ones (issue 15).
            if a is not None and a.entity is not None and (a.entity.label == "PERSON") == (c.pron == "who"):
                e = a.entity
        else:
            e = resolve_pronoun(c, history)
        if e is not None:
            e.add(c)
            history.append(c)
            at[(c.para, c.tok)] = c
    return ents
