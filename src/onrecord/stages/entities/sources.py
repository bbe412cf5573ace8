"""Entities for the speakers that sources name and the entities stage has none for: several
people or organizations joined in one source ("Ana Ruiz and Tom Reyes said"), a "they" or "the
two" that continues them, a group qualified by a proper word ("Senate Democrats"), a document's
title, a social-media handle, an organization's written-out name the tagger missed or cut. Read
off the attributions after speaker resolution (:mod:`.speakers`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from ...lexicon import people
from ...model import Attribution, Entity, Mention, Span
from . import names
from .speakers import GROUP_TYPE, PARTY_STATE, PLURAL_PRONOUNS, MentionIndex, sentence_initial, speaker_of

# A joined source's words around its names: what may stand before the first name ("both",
# "the", a title), between two names (a comma or "and", then a title: "Ana Ruiz and Deputy Mayor
# Tom Reyes"), after the last (nothing but punctuation).
_GROUP_BEFORE = re.compile(r"(?:(?:both|the|[A-Z][\w.-]*)\s+){0,4}|(?:[a-z]+\s+){0,2}[a-z]+s\s+")
_PARENTHESIS = r"(?:\s*\([^()]{1,30}\)|\s*,\s*" + PARTY_STATE + ")?"
_GROUP_BETWEEN = re.compile(_PARENTHESIS + r"\s*,?\s*(?:(?:and|&)\s+)?(?:(?:the|his|her|their|[A-Z][\w.-]*)\s+){0,4}")
_GROUP_JOIN = re.compile(r"(?:^|\s)(?:and|&)\s")
# after the last name: a party and state in brackets, an apposition about them all ("..., the
# parents of the two pilots")
_GROUP_AFTER = re.compile(_PARENTHESIS + r"[\s,.;:]*(?:,\s*(?:the|both|two|all)\s.*)?", re.DOTALL)
_TITLE_GAP = re.compile(r"\s+(?:[A-Z][\w.-]*\s+){1,3}")


def _joined_names(text: str, source: Span, index: MentionIndex) -> tuple[Entity, ...] | None:
    """The entities a source joins with commas and "and" when it is nothing but their names (with
    titles before them): "Ana Ruiz and Tom Reyes", "both the Red Cross and the United Nations".
    None when fewer than two distinct entities are joined or other words stand between them."""
    names_in = sorted(
        ((m.start, m.end, e) for m, e in index.overlapping(source.start, source.end)
         if e.type in ("PERSON", "ORG", "GPE") and m.kind in ("name", "partial")
         and source.start <= m.start and m.end <= source.end and not re.fullmatch(PARTY_STATE, m.text)),
        key=lambda r: (r[0], -r[1]))
    runs: list[tuple[int, int, Entity]] = []
    for start, end, e in names_in:
        if runs and start < runs[-1][1]:
            continue  # a shorter mention inside the one kept
        if runs and runs[-1][2].type != "PERSON" and e.type == "PERSON" and _TITLE_GAP.fullmatch(text[runs[-1][1]:start]):
            runs.pop()  # "Senate Leader Ana Ruiz": the body in her title is no member
        runs.append((start, end, e))
    members = tuple(dict.fromkeys(e for _, _, e in runs))
    if len(members) < 2 or len(members) != len(runs):
        return None
    before = text[source.start:runs[0][0]]
    if not (_GROUP_BEFORE.fullmatch(before) or before.strip() in people.PERSON_ROLES) \
            or not _GROUP_AFTER.fullmatch(text[runs[-1][1]:source.end]):
        return None
    gaps = [text[a[1]:b[0]] for a, b in itertools.pairwise(runs)]
    if not all(g.strip() and _GROUP_BETWEEN.fullmatch(g) for g in gaps) or not _GROUP_JOIN.search(gaps[-1]):
        return None  # "Ana Ruiz, Acme's lawyer": no list without "and" before its last name
    return members


def _group_name(members: Sequence[Entity]) -> str:
    named = [e.name for e in members]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


# An organization's name written out as a source that the tagger left out or cut ("the State
# Attorney's Office for the Northern District", "the Lakeport Harbor Commission for Fisheries"):
# capitalized words, the function words a name holds between them, a possessive.
_PROPER_SOURCE = re.compile(r"(?:[Tt]he\s+)?((?:[A-Z][\w.&'’-]*)(?:\s+(?:(?:of|for|on|and|the)\s+)*[A-Z][\w.&'’-]*)+)")


# A trade noun opening the sentence before an organization's name: "Developer Harbor Games",
# "Automaker Norrland".
_TRADE_NAME = re.compile(r"([A-Z][a-z]+)\s+([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,2})")


def _unlisted_name(text: str, source: Span, index: MentionIndex) -> Span | None:
    """The span of a proper name that is the whole source and that no entity holds: capitalized
    words with "of", "for", "on", "and", "the" between them, three at least, the first not only
    capitalized by the sentence start, no person named in it; or one to three capitalized words
    after a trade noun ("Developer Harbor Games")."""
    m = _PROPER_SOURCE.fullmatch(source.text.rstrip(" ,"))
    if m is None:
        return None
    start, end = source.start + m.start(1), source.start + m.end(1)
    trade = _TRADE_NAME.fullmatch(m.group(1))
    if trade is not None and people.ORG_ROLES.get(trade.group(1).lower()) == "ORG":
        start += trade.start(2)  # "Developer Harbor Games": the trade, then the organization's name
    elif sum(1 for w in m.group(1).split() if w[:1].isupper()) < 3:
        return None
    if any(e.type == "PERSON" or (mn.start <= start and end <= mn.end)
           for mn, e in index.overlapping(start, end) if mn.kind in ("name", "partial")):
        return None
    return Span.of(text, start, end)


def source_entities(text: str, index: MentionIndex, attributions: Sequence[Attribution]
                    ) -> tuple[tuple[Entity, ...], tuple[Attribution, ...]]:
    """Entities for the speakers that sources name and the entities stage has none for, and the
    attributions credited to them.

    "Ana Ruiz and Tom Reyes said the deal was off" is a statement of the two together: its speaker
    is one entity of type ``GROUP``, named by its members' canonical names ("Ana Ruiz and Tom
    Reyes"), whose mentions are the joined sources. The same members in another order or with
    other titles are the same group. A source that joins anything but names stays unnamed (a group
    without an entity, as :func:`.speakers.speaker_of` types it). A source that is an organization's
    written-out name the tagger missed or cut (:func:`_unlisted_name`) is that organization's."""
    entities = index.entities
    made: dict[object, tuple[str, list[Mention], str, str]] = {}  # key -> (id, mentions, name, type)
    out: list[Attribution] = []
    for a in attributions:
        key: object = None
        span = a.source
        if a.source is not None:
            # whatever the head gave: "Ana Ruiz, Tom Reyes and Li Wei" has the head "Ruiz"
            members = _joined_names(text, a.source, index)
            if members is not None:
                key, name, etype = frozenset(e.id for e in members), _group_name(members), GROUP_TYPE
            elif a.speaker is None and (a.source.text.strip().lower() in PLURAL_PRONOUNS or _PAIR.fullmatch(a.source.text.strip())):
                key = _group_before(a.source, made)
                if key is not None:
                    _, _, name, etype = made[key]
                elif (pair := _pair_before(text, a.source, index)) is not None:
                    key, name, etype = frozenset(e.id for e in pair), _group_name(pair), GROUP_TYPE
            elif a.speaker is not None and (phrase := _qualified_group(text, a.source, entities, a.speaker)):
                key, name, etype = ("NORP", names.norm(phrase)), phrase, "NORP"
            elif a.speaker is None and (a.speaker_type == "document" or _OWNED_TITLE.match(a.source.text)):
                span = _document_title(text, a.source)
                title = None if span is None else span.text
                if span is None:
                    title = _document_named_before(text, a.source)
                    span = a.source if title is not None else None
                if span is not None and title is not None:
                    title = " ".join(title.split())
                    key, name, etype = ("WORK_OF_ART", names.norm(title)), title, "WORK_OF_ART"
            elif a.speaker is None and (handle := _HANDLE.search(a.source.text)) is not None:
                # "one Twitter user, @harbor_watch, wrote": the account is the speaker
                span = Span.of(text, a.source.start + handle.start(), a.source.start + handle.end())
                key, name, etype = ("PERSON", handle.group().lower()), handle.group(), "PERSON"
            elif a.speaker is None:
                span = _unlisted_name(text, a.source, index)
                if span is not None:
                    key, name, etype = ("ORG", names.norm(span.text)), " ".join(span.text.split()), "ORG"
        if key is None or span is None:
            out.append(a)
            continue
        if key not in made:
            made[key] = (f"e{len(entities) + len(made) + 1}", [], name, etype)
        eid, mentions, _, etype = made[key]
        if all(m.start != span.start or m.end != span.end for m in mentions):
            kind = "pronoun" if span.text.strip().lower() in PLURAL_PRONOUNS else "name"
            mentions.append(Mention(span.start, span.end, span.text, kind))
        stype = {GROUP_TYPE: "group", "NORP": "group", "WORK_OF_ART": "document", "PERSON": "person"}.get(
            etype, "organization")
        out.append(replace(a, speaker=eid, speaker_type=stype))
    made_orgs = {eid: mentions for eid, mentions, _, etype in made.values() if etype == "ORG"}
    if made_orgs:
        out = _described_later(text, MentionIndex(entities + _made_entities(made)), made_orgs, out)
    return entities + _made_entities(made), tuple(out)


def _made_entities(made: dict[object, tuple[str, list[Mention], str, str]]) -> tuple[Entity, ...]:
    return tuple(Entity(eid, name, etype, tuple(sorted(mentions, key=lambda m: m.start)))
                 for eid, mentions, name, etype in made.values())


def _described_later(text: str, grown: MentionIndex, made_orgs: dict[str, list[Mention]],
                     atts: list[Attribution]) -> list[Attribution]:
    """``atts`` with the sources that describe an organization only a source wrote out ("the
    State Attorney's Office for the Northern District said ... the office said") credited to it: the
    entities stage could not link them, as the tagger had not named it. ``grown`` indexes the
    document's entities and those the sources made."""
    out = []
    for a in atts:
        if a.speaker is None and a.source is not None:
            eid, kind = speaker_of(text, grown, a.source)
            if eid in made_orgs:
                made_orgs[eid].append(Mention(a.source.start, a.source.end, a.source.text, "description"))
                a = replace(a, speaker=eid, speaker_type=kind)
        out.append(a)
    return out


_QUALIFIED = re.compile(r"(?:[Tt]he\s+)?((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]*)\W*")


def _qualified_group(text: str, source: Span, entities: Sequence[Entity], speaker: str) -> str | None:
    """The name of a group a source qualifies by a proper word before a party or nationality
    ("Senate Democrats", "Oregon Republicans"), where the tagger named only "Democrats"; None
    for any other source."""
    m = _QUALIFIED.fullmatch(source.text)
    if m is None:
        return None
    ent = next((e for e in entities if e.id == speaker), None)
    if ent is None or ent.type != "NORP":
        return None
    phrase = " ".join(m.group(1).split())
    last = phrase.split()[-1]
    if not any(mn.text.split()[-1:] == [last] and source.start <= mn.start < source.end for mn in ent.mentions):
        return None
    return phrase if len(phrase.split()) > len(ent.name.split()) else None


# A quoted title its maker owns: 'Ana Ruiz's "Harbor Lights"'.
_OWNED_TITLE = re.compile(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s\s+[\"“]")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,30}\b")

# A document's title in quotation marks inside its source ('the film "Harbor Lights"', 'the ad,
# titled "Rising Tide,"'), or a document's proper name ending the source ("the 2019 Harbor Safety
# Review", "the Lakeport Accord").
_QUOTED_TITLE = re.compile(r"[\"“]([^\"“”]{1,80}?)[,.]?[\"”]")
_PROPER_DOCUMENT = re.compile(r"((?:(?:19|20)\d\d\s+)?(?:[A-Z][\w.&'’-]*\s+){1,6}([A-Z][a-z]+))\W*$")


def _document_title(text: str, source: Span) -> Span | None:
    """The span of the title a document source gives, or None: a quoted title of eight words at
    most, or a proper name of two capitalized words or more whose last word is a document's
    ("Review", "Accord", "Convention")."""
    m = _QUOTED_TITLE.search(source.text)
    if m is not None and len(m.group(1).split()) <= 8:
        return Span.of(text, source.start + m.start(1), source.start + m.end(1))
    m = _PROPER_DOCUMENT.search(source.text)
    if m is not None and m.group(2).lower() in people.DOCUMENT_HEADS:
        start = source.start + m.start(1)
        if sentence_initial(text, start) and len(m.group(1).split()) < 3:
            return None  # "Polls show ...": a capital the sentence start gives
        return Span.of(text, start, source.start + m.end(1))
    return None


# A document the text names before a source that describes it: a quoted title after its noun
# ('the documentary "Harbor Lights"', 'a book, "Tides,"'), or a name that opens with a proper
# noun and ends with the noun ("the Lakeport harbor accord", "the 2019 Harbor Safety Review").
_TITLED_DOCUMENT = re.compile(
    r"\b([a-z]+)[,:]?\s+(?:titled\s+|called\s+)?[\"“]([^\"“”]{1,80}?)[,.]?[\"”]"
    r"|\b((?:(?:19|20)\d\d\s+)?(?!(?:The|This|That|These|Those|A|An|Its|Their|His|Her)\b)[A-Z][\w.&'’/-]*"
    r"(?:\s+[A-Z][\w.&'’/-]*){0,5}(?:\s+[a-z]+){0,2}?\s+(?i:(" + "|".join(sorted(people.DOCUMENT_HEADS)) + r")))\b")
# Nouns a writer uses for one document in turn ("the documentary" ... "the film").
_SAME_DOCUMENT = ({"film", "documentary", "movie"}, {"agreement", "accord", "deal", "treaty", "pact"},
                  {"poll", "survey"}, {"study", "report", "paper", "research"})
# How far back a described document looks for its name.
_DOCUMENT_REACH = 3000
_DESCRIBED = re.compile(r"(?i)^(?:the|this|that)\s+(?:[a-z]+\s+){0,2}([a-z]+)\W*$")


def _document_nouns(noun: str) -> set[str]:
    noun = noun.lower()
    for group in _SAME_DOCUMENT:
        if noun in group:
            return set(group)
    return {noun}


def _document_named_before(text: str, source: Span) -> str | None:
    """The name of the document a definite description of one refers to ("the film" after 'the
    documentary "Harbor Lights"', "this poll" after "the Harbor Ledger tracking poll"): the last
    one named before the source, within ``_DOCUMENT_REACH`` characters, by the same noun or another
    for the same kind of document; None when there is none."""
    m = _DESCRIBED.match(source.text.strip())
    if m is None or m.group(1).lower() not in people.DOCUMENT_HEADS:
        return None
    nouns = _document_nouns(m.group(1))
    lo = max(0, source.start - _DOCUMENT_REACH)
    found = None
    for t in _TITLED_DOCUMENT.finditer(text, lo, source.start):
        if t.group(2) is not None and t.group(1) in nouns and len(t.group(2).split()) <= 8:
            found = t.group(2)
        elif (t.group(3) is not None and t.group(4).lower() in nouns and not sentence_initial(text, t.start(3))
              and _one_phrase(t.group(3))):
            found = t.group(3)
    return found


# Words that never stand inside a document's name between its proper words and its noun.
_NOT_IN_NAME = frozenset({"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from",
                          "as", "that", "this", "his", "her", "their", "its", "who", "which", "is", "was"})


def _one_phrase(name: str) -> bool:
    """Whether a document name the pattern found is one phrase: no sentence end inside it ("Ruiz.
    The survey"), and no function word or past form between its proper words and its noun ("Ana
    Ruiz called a report")."""
    if re.search(r"[.!?]\s", name):
        return False
    lows = [w for w in name.split()[:-1] if w[:1].islower()]
    return not any(w in _NOT_IN_NAME or w.endswith("ed") for w in lows)


# How far a "they" looks back for the joined source it continues ("Ana Ruiz and Tom Reyes said
# ... They added ..."): about the two sentences after it.
_GROUP_REACH = 400


def _group_before(source: Span, made: dict[object, tuple[str, list[Mention], str, str]]) -> object | None:
    """The key of the group a "they" source continues: the group whose joined source ends last
    before it, within ``_GROUP_REACH`` characters. The entities stage cannot link that "they": the
    group is made here, from the sources."""
    best: tuple[int, object] | None = None
    for key, (_, mentions, _, etype) in made.items():
        if etype != GROUP_TYPE:
            continue
        end = max((m.end for m in mentions if m.end <= source.start), default=-1)
        if end >= 0 and source.start - end <= _GROUP_REACH and (best is None or end > best[0]):
            best = (end, key)
    return None if best is None else best[1]


# A source that speaks of two people the text has just named together: "the two", "the couple",
# "the pair". ("Both" and "each" were tried too: as often a pair named further back.)
_PAIR = re.compile(r"(?i)the (?:two|couple|pair)(?:\s+(?:men|women))?")
_PAIR_JOIN = re.compile(r"\s+(?:and|&)\s+(?:[A-Z][\w.'’-]*\s+){0,3}")


def _pair_before(text: str, source: Span, index: MentionIndex) -> tuple[Entity, Entity] | None:
    """The two people the text joined with "and" last before a plural source that no entity holds
    ("Ana Ruiz and Tom Reyes met on Monday. They said ..."), within ``_GROUP_REACH`` characters."""
    named = sorted(((m.start, m.end, e) for m, e in index.overlapping(
        max(0, source.start - _GROUP_REACH), source.start)
        if e.type == "PERSON" and m.kind in ("name", "partial") and m.end <= source.start), key=lambda r: r[0])
    for (_, end, a), (start, _, b) in reversed(list(itertools.pairwise(named))):
        if a is not b and _PAIR_JOIN.fullmatch(text, end, start):
            return a, b
    return None


