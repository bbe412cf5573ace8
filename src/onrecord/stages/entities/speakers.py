"""Speaker resolution: the entity an attribution's source mention stands for, and the kind of speaker
(person, organization, outlet, anonymous, group, document, author).

The attributions stage and the speakers evaluation call it through
:class:`.resolver.SpeakerResolver`, which builds the document's :class:`MentionIndex` once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ...lexicon import people
from ...model import Entity, Mention, Span
from . import names

# Words that end the head phrase of a source mention: what follows them is a
# postmodifier ("Richard Revesz, director of the Institute ...", "A 2014 study
# by ...", "experts who ..."), so the head is the last word before them.
_CUT_WORDS = frozenset({
    "of", "by", "from", "at", "for", "with", "in", "on", "to", "among", "including", "about", "who",
    "whom", "whose", "which", "that", "led", "like", "over", "under", "after", "before", "during",
    "since", "than", "within", "who's", "as", "via",
})
# A lower-case participle after the head starts a postmodifier ("judges handling ...", "the poll
# released Friday").
_PARTICIPLE = re.compile(r"^[a-z]{2,}(?:ing|ed)$")
_CUT_PUNCT = frozenset({",", "(", ")", "--", "—", "–", ";", ":", "["})
_SOURCE_TOKEN = re.compile(r"[\w@#][\w.@'’&/-]*[\w]|[\w@#]|--|[^\w\s]")
_KIND_RANK = {"name": 3, "partial": 3, "description": 2, "pronoun": 1}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                          "our", "my", "your", "new", "latest", "recent"})
PARTY_STATE = r"[RDI]-[A-Z][\w.]*"  # "D-Ore.", "R-Tenn."
# The type of the entity a source joining several names makes (see :mod:`.sources`).
GROUP_TYPE = "GROUP"
_SOMEONE = frozenset({"one", "another", "someone", "somebody", "you", "anyone", "whoever"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})


def speaker_type_of(entity: Entity) -> str:
    """The speaker type of an attribution whose source is ``entity``."""
    if entity.type == "PERSON":
        return "person"
    if entity.type in ("NORP", GROUP_TYPE):
        return "group"
    if entity.type == "ORG" and names.is_outlet(entity.name):
        return "outlet"
    return "organization"


class MentionIndex:
    """The mentions of a document's entities sorted by start, for the overlap queries each
    attribution's speaker makes: a scan of every mention per attribution made a page of 4,000
    quotes spend seconds here, so it is built once per document (see :class:`.resolver.SpeakerResolver`).
    Rows come back in entity order, as a scan would give them."""

    __slots__ = ("entities", "longest", "rows", "starts")

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        rows = sorted((m.start, m.end, k, j, m, e) for k, e in enumerate(entities) for j, m in enumerate(e.mentions))
        self.entities = entities
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.longest = max((r[1] - r[0] for r in rows), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """The mentions over any of text[start:end], with their entities, in entity order."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        hits = [(k, j, m, e) for s, en, k, j, m, e in self.rows[lo:hi] if en > start]
        hits.sort(key=lambda h: (h[0], h[1]))
        return [(m, e) for _, _, m, e in hits]


def _covering(index: MentionIndex, start: int, end: int) -> Entity | None:
    """The entity with a mention over text[start:end]; names before descriptions before pronouns,
    and the tightest mention first."""
    best: tuple[int, int] | None = None
    found = None
    for m, e in index.overlapping(start, end):
        key = (_KIND_RANK.get(m.kind, 0), -(m.end - m.start))
        if best is None or key > best:
            best, found = key, e
    return found


def _head_word(text: str, source: Span, index: MentionIndex) -> tuple[int, int, str, bool] | None:
    """The head of a source phrase: (start, end, word, coordinated). The phrase is cut at its
    first postmodifier (see ``_CUT_WORDS``) outside a name, and a possessive "'s" is dropped."""
    protected: list[tuple[int, int]] = [
        (m.start, m.end) for m, _ in index.overlapping(source.start, source.end)
        if m.kind in ("name", "partial")
    ]
    toks: list[tuple[int, int, str]] = []
    for mt in _SOURCE_TOKEN.finditer(source.text):
        s, e = source.start + mt.start(), source.start + mt.end()
        w = mt.group()
        inside = any(a <= s and e <= b for a, b in protected)
        if toks and not inside and (w.lower() in _CUT_WORDS or w in _CUT_PUNCT or (
                _PARTICIPLE.match(w) and toks[-1][2].lower() not in _DETERMINERS)):
            break
        if not inside and (w in ("'s", "’s", "'", "’") or w in _CUT_PUNCT or w in ('"', "“", "”", ".")):
            continue
        if w.lower().endswith(("'s", "’s")) and len(w) > 2:
            e -= 2
            w = w[:-2]
        toks.append((s, e, w))
    if not toks:
        return None
    free = [(s, e, w) for s, e, w in toks if not any(a <= s and e <= b for a, b in protected)]
    coordinated = any(w.lower() in ("and", "&") for s, e, w in free)
    if coordinated and toks[-1] not in free:
        # "his wife and current Democratic presidential nominee Hillary Clinton": two roles of
        # one named person, not two speakers
        before = [w for s, e, w in free]
        k = [x.lower() for x in before].index("and") if "and" in [x.lower() for x in before] else -1
        head_name = next(((a, b) for a, b in protected if a <= toks[-1][0] < b), None)
        # a party, a place or an owner among the roles ("Democratic", "the Oregon senator", "Ruiz's
        # pollster") names no second speaker
        adjectives = [(m.start, m.end) for m, e in index.overlapping(source.start, source.end)
                      if e.type in ("NORP", "GPE") or text.startswith(("'s", "’s"), m.end)]
        if k > 0 and before[k - 1].lower() in people.PERSON_ROLES and head_name is not None and all(
                head_name[0] <= s or any(a <= s < b for a, b in adjectives)
                for s, e, w in toks if (s, e, w) not in free):
            coordinated = False
    s, e, w = toks[-1]
    return s, e, w, coordinated


def speaker_of(text: str, index: MentionIndex, source: Span | None) -> tuple[str | None, str]:
    """The entity a source mention refers to, and the speaker type of the attribution.

    Returns (entity id or None, one of person|organization|outlet|anonymous|group|document|author).
    The source phrase may be longer than a mention ("longtime Democratic pollster Pat Caddell",
    "Richard Revesz, director of ..."): its head word decides, and an entity mention over that
    word gives the speaker. Sources no entity covers are typed by their head (PolNeAR's guidelines
    count documents, anonymous sources and groups as sources too): "a statement" is a document,
    "two people familiar with ..." anonymous, "critics" or "63 percent" a group, "I"/"we" outside a
    quote the author. An attribution with no source at all ("It is said that ...", "workers were
    told that ...") has an implicit one (guidelines, "Some attributions have no source"): unnamed,
    so anonymous; the author is a source only when the text says "I" or "we".
    """
    entities = index.entities
    if source is None:
        return None, "anonymous"
    titled = _titled_name(text, source, index)
    if titled is not None:
        return titled.id, "person"
    head = _head_word(text, source, index)
    if head is None:
        return None, "anonymous"
    s, e, word, coordinated = head
    low = word.lower()
    if coordinated:
        return None, "group"
    # "The company that runs the fair, Harlow Productions, said": the name in apposition says who
    # the description is, whatever the description's own coreference guessed
    ent = _appositive_name(text, source, index) or _covering(index, s, e)
    # Deleted as tuned on dev and losing on the second set (speakers oracle, issue 15): plural data
    # sources ("polls show") typed as a group (dev +5 sources, train -2), and a source naming two
    # entities of one type a comma or "and" apart typed as a group (dev +2, train -3).
    if ent is None and low.isalpha() and low not in people.DOCUMENT_HEADS and e == len(text[:source.end].rstrip(" ,")):
        ent = _organization_named_by(text, source, s, low, entities)
    if ent is None and people.ORG_ROLES.get(low) == "ORG":
        ent = _body_of(text, source, e, index)
    if ent is None and (low in people.PERSON_ROLES or people.ORG_ROLES.get(low) == "ORG"):
        ent = _named_later(text, source, low, index)
    if ent is None and low in people.DOCUMENT_HEADS:
        owner = _author_named_in(text, source, s, e, index)
        if owner is not None:
            return owner.id, "document"
    if ent is None:
        ent = _appositive_name(text, source, index)
    if ent is None and word[:1].isupper() and source.end - source.start == e - s:
        ent = _surname_of_one(word, entities)
    if ent is not None:
        return ent.id, speaker_type_of(ent)
    if s == source.start and sentence_initial(text, s):
        word = low  # "Polls show ...": a capital that only starts the sentence says nothing
    return None, _type_of_word(text, source, low, word, entities)


_PART_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _body_of(text: str, source: Span, at: int, index: MentionIndex) -> Entity | None:
    """The organization a source names as the whole its head is part of ("a review board of the
    Harbor Commission", "a committee of the Lakeport Council"): the part speaks for it. Only
    where the organization's name ends the source."""
    m = _PART_OF.match(text, at)
    if m is None:
        return None
    end = len(text[:source.end].rstrip(" ,.;:"))
    for mn, e in index.overlapping(m.end(), end):
        if e.type == "ORG" and mn.kind == "name" and mn.start == m.end() and mn.end == end:
            return e
    return None


def _surname_of_one(word: str, entities: Sequence[Entity]) -> Entity | None:
    """The one person whose name ends in ``word``, a source written as a bare surname that the
    tagger read as another word ("Soon still says ...", "Late added"), or None."""
    found = [e for e in entities if e.type == "PERSON" and len(e.name.split()) > 1 and e.name.split()[-1] == word]
    return found[0] if len(found) == 1 else None


_DEFINITE_OPENERS = re.compile(r"(?i)^(?:the|this|that|these|those|its|their)\s|^[^\s]+['’]s?\s")


# Nouns a writer uses for the members of an organization named by another ("the physicians" of
# "Doctors for Open Borders", "prosecutors" of "the U.S. Attorney's Office").
_SAME_ROLE: dict[str, tuple[str, ...]] = {
    "physician": ("doctor",), "doctor": ("physician",), "lawyer": ("attorney",), "attorney": ("lawyer",),
    "prosecutor": ("attorney",),
}


def _organization_named_by(text: str, source: Span, at: int, low: str, entities: Sequence[Entity]) -> Entity | None:
    """The organization a definite description names by a word of its name ("the doctors" after
    "Doctors Without Walls", "the city's police" after "Lakeport police"): the one named last
    before the source whose name holds the head word, in the singular or the plural. Only a
    description that ends at its head ("the nations of the region" is no "United Nations") and
    whose head is no document ("the research" is not the institute named for it)."""
    if at == source.start or not _DEFINITE_OPENERS.match(text[source.start:at]):
        return None
    stem = low.removesuffix("s")
    forms = {low, low + "s", stem}
    for other in _SAME_ROLE.get(stem, ()):
        forms |= {other, other + "s"}
    best: tuple[int, Entity] | None = None
    first: tuple[int, Entity] | None = None
    for e in entities:
        if e.type != "ORG" or not forms & set(names.norm(e.name).split()):
            continue
        named = [m.start for m in e.mentions if m.kind in ("name", "partial")]
        last = max((m.end for m in e.mentions if m.kind in ("name", "partial") and m.end <= source.start), default=-1)
        if last >= 0 and (best is None or last > best[0]):
            best = (last, e)
        later = min((x for x in named if x >= at), default=-1)
        if later >= 0 and (first is None or later < first[0]):
            first = (later, e)
    if best is None and first is not None and first[0] - at <= _NAMED_LATER_CHARS:
        # a lede's description of an organization the next paragraphs name ("the doctors wrote to
        # the agency ..." then "The doctors, members of Doctors for Safe Ports, ..."): forward
        return first[1]
    return None if best is None else best[1]


# Between a document's head and the name of its author: "by"/"from", then at most a few
# lower-case words that describe the author ("a study by the watchdog group Harbor Watch").
_BY_AUTHOR = re.compile(r"\s+(?:by|from)\s+(?:[a-z][\w-]*\s+){0,4}$")


def _author_named_in(text: str, source: Span, head_start: int, head_end: int,
                     index: MentionIndex) -> Entity | None:
    """The person or organization a document source names as its author: before the head ("a
    new Harbor Ledger survey", "the agency's guidelines") or after it with "by"/"from" ("a report
    from the Lakeport Gazette", "a 2019 study by Ana Ruiz of the state university"). The
    statement is the document's, and what the page credits it to is the one who wrote it; a place
    ("a Texas study") is no author."""
    before: Entity | None = None
    for m, e in index.overlapping(source.start, source.end):
        if e.type not in ("PERSON", "ORG") or m.kind not in ("name", "partial"):
            continue
        if m.start < source.start or m.end > source.end:
            continue
        if m.end <= head_start and "," not in text[m.end:head_start]:
            before = e
        elif m.start >= head_end and _BY_AUTHOR.fullmatch(text[head_end:m.start]):
            return e
    return before


def _appositive_name(text: str, source: Span, index: MentionIndex) -> Entity | None:
    """The person or organization named in apposition at the end of a source whose head no entity
    covers ("The company that runs the fair, Harlow Productions, said ..."): the description and the name
    are one speaker."""
    end = len(text[:source.end].rstrip(" ,.;:"))
    for m, e in index.overlapping(source.start, source.end):
        if e.type not in ("PERSON", "ORG") or m.kind not in ("name", "partial") or m.start <= source.start \
                or not (m.end == end or e.type == "PERSON" and _home_after(text, m.end, end, index)):
            continue
        if text[source.start:m.start].rstrip(" ").endswith(","):
            return e
        if e.type == "PERSON" and _TITLED_APPOSITION.search(text, source.start, m.start):
            return e
    return None


# What may follow a person's name inside a source and say only where they are from or whose party
# they belong to: "of Vermont", ", Republican of Ohio", " (D-Ore.)", ", R-Tenn.".
_HOME = re.compile(r"\s*(?:,\s*)?(?:\(\s*)?(?:(?P<party>[A-Z][\w.'’-]*)\s+)??(?:of\s+(?P<place>[A-Z][\w.'’ -]*?)"
                   r"|" + PARTY_STATE + r")(?:\s*\))?")


def _home_after(text: str, at: int, end: int, index: MentionIndex) -> bool:
    """Whether text[at:end], after a person's name, only gives their home state or party (see
    ``_HOME``): the name still ends the source ("a rival, Senator Tom Reyes of Ohio")."""
    m = _HOME.fullmatch(text, at, end)
    if m is None:
        return False
    kinds = {e.type for mn, e in index.overlapping(at, end) if mn.kind == "name"}
    if m.group("place") is not None and "GPE" not in kinds:
        return False
    return m.group("party") is None or "NORP" in kinds


# A person's title between the comma or dash and their name in apposition at the end of a source
# ("A longtime ally, Representative Ana Ruiz"; "a rival -- Sen. Tom Reyes").
_TITLED_APPOSITION = re.compile(r"(?:,\s+(?:[A-Z][\w.'’-]*\s+){1,3}|\s[-–—]{1,2}\s+(?:[A-Z][\w.'’-]*\s+){0,3})$")


# How far after an indefinite description ("A port official said ...") the person it announces may
# be named ("Dana Whitfield, the official, ..."): the lede and the paragraphs after it.
_NAMED_LATER_CHARS = 1500


def _named_later(text: str, source: Span, low: str, index: MentionIndex) -> Entity | None:
    """The person or organization an indefinite description announces before the text names them
    ("A port official said ..." then "Dana Whitfield, the official, ..."; "a group of tenants" then
    "The group, Tenants United, ..."): the first one named after it with the same role in apposition. A role written as a title ("Judge Ann Weller" after "a
    judge") is linked by the entities stage's walk instead (:func:`.coref.introduced_person`), for
    a person named there for the first time."""
    words = source.text.lower().replace("’", "'").split()
    if not words:
        return None
    if words[0] in ("a", "an"):
        opener = "the"
    elif words[0].endswith("'s") and len(words[0]) > 2:
        opener = words[0]  # "China's envoy said ..." then "China's envoy to Spain, Li Wei, ..."
    else:
        return None
    for start, _end, _k, _j, m, e in index.rows[bisect_left(index.starts, source.end):]:
        if start - source.end > _NAMED_LATER_CHARS:
            break
        if e.type != ("PERSON" if low in people.PERSON_ROLES else "ORG") or m.kind != "description":
            continue
        said = m.text.lower().replace("’", "'").split()
        if said[0] == opener and said[-1] == low and any(
                n.kind in ("name", "partial") and (text[n.end:m.start].strip() == "," or _named_after(text, m.end, n.start))
                for n in e.mentions):
            return e
    return None


def _named_after(text: str, end: int, name_start: int) -> bool:
    """Whether a name follows a description of the same entity with only the description's
    postmodifier between them ("China's envoy to Spain, Li Wei", "China's envoy to Spain Li Wei"):
    a short stretch of one clause, a comma at most at its end."""
    between = text[end:name_start].rstrip().removesuffix(",")
    return len(between) <= 60 and not any(ch in between for ch in ".;:,()\n\"“”")


# Lower-case words a title written before a name may hold ("Secretary of State Ana Ruiz",
# "Minister for the Environment Dana Reyes").
_TITLE_JOINS = frozenset({"of", "for", "the", "on"})


def _titled_name(text: str, source: Span, index: MentionIndex) -> Entity | None:
    """The person a source names at its end after a capitalized title that holds a postmodifier's
    word ("Secretary of State Ana Ruiz"): the title is no head to cut at "of"."""
    end = len(text[:source.end].rstrip(" ,.;:"))
    for m, e in index.overlapping(source.start, source.end):
        if e.type != "PERSON" or m.kind not in ("name", "partial") or m.start <= source.start \
                or not (m.end == end or _home_after(text, m.end, end, index)):
            continue
        before = text[source.start:m.start]
        words = before.split()
        if words and "," not in before and words[0][:1].isupper() and any(w in _TITLE_JOINS for w in words) and all(
                w[:1].isupper() or w in _TITLE_JOINS for w in words):
            return e
        if "," not in before and _office_of(words):
            return e
    return None


def _office_of(words: Sequence[str]) -> bool:
    """Whether the words before a name are an office written in lower case that holds "of" ("former
    secretary of state", "director of national intelligence"): one or two plain words after "of",
    none of them a role, so "the wife of former senator ..." is no office."""
    low = [w.lower() for w in words]
    if "of" not in low:
        return False
    k = low.index("of")
    after = words[k + 1:]
    return (k > 0 and low[k - 1] in people.PERSON_ROLES and 1 <= len(after) <= 2
            and all(w.isalpha() and w.islower() and w not in people.PERSON_ROLES for w in after))


_OPENERS = frozenset("\"“‘'([ \t")


def sentence_initial(text: str, at: int) -> bool:
    i = at - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\r\u2014-"


def _type_of_word(text: str, source: Span, low: str, word: str, entities: Sequence[Entity]) -> str:
    """The speaker type of a source whose head no entity covers."""
    if low in people.FIRST_PERSON:
        return "author"
    if low in _PERSON_PRONOUNS:
        return "person"
    if low in PLURAL_PRONOUNS:
        return "group"
    if low in ("it", "its", "itself"):
        return "document"
    if low in _RELATIVE:
        before = text[max(0, source.start - 60):source.start].rstrip(" ,")
        prev = _SOURCE_TOKEN.findall(before)
        if prev:
            return _type_of_word(text, Span.of(text, source.start, source.start), prev[-1].lower(),
                                 prev[-1], entities) if prev[-1].lower() not in _RELATIVE else "anonymous"
        return "anonymous"
    if low in people.DOCUMENT_HEADS:
        return "document"
    if low in people.ANONYMOUS_HEADS:
        return "anonymous"
    if low in people.GROUP_HEADS or low[:1].isdigit() or names.looks_plural(word):
        return "group"
    if low in people.PERSON_ROLES or low in _SOMEONE:
        return "anonymous"
    if low in people.ORG_ROLES:
        # an organization no entity names ("an arbitration panel", "a group of doctors"): PolNeAR's
        # speaker annotation calls these groups
        return "outlet" if people.ORG_ROLES[low] == "OUTLET" else "group"
    # (An acronym no entity holds was typed an organization; it changed no source on any set.)
    if word[:1].isupper():
        return "person"
    return "anonymous"

