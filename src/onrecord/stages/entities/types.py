"""The working types of the entities stage: a mention candidate (:class:`Cand`) and an entity
being built (:class:`Ent`). Mutable while the stage runs and never leave it: the record gets
:class:`onrecord.model.Entity`. Every pass imports them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, eq=False)
class Cand:
    """A mention found in the text, before it is grouped (internal, mutable while the stage runs)."""

    start: int
    end: int
    para: int
    tok: int  # index of the mention's head token in its paragraph's Doc
    sent: int  # sentence number in the document
    kind: str  # name | partial | pronoun | description
    label: str = ""  # PERSON, ORG, GPE, NORP; "?" for an untagged proper noun
    words: tuple[str, ...] = ()
    gender: str | None = None
    roles: frozenset[str] = frozenset()
    mods: frozenset[str] = frozenset()
    subj: bool = False
    obj: bool = False
    pobj: bool = False  # object of a preposition
    speaker: bool = False
    main: bool = False  # subject of the sentence's main verb
    modifier: bool = False  # a name that modifies a noun ("Democratic" in "Democratic lawmakers")
    plural: bool = False  # an organization's name as the subject of a plural verb ("Acme have ...")
    gov: int = -1  # index of the governing token (for binding)
    pron: str = ""  # pronoun class (m, f, n, p, who, which)
    ante: int = -1  # antecedent token of a relative pronoun
    poss: int = -1  # the possessor token of a description ("her" in "her campaign")
    quoted: bool = False  # inside quotation marks
    headline: bool = False
    indefinite: bool = False  # a description without a definite determiner ("a city judge", "Lawmaker")
    link: Cand | None = None  # a mention this one is known to corefer with (apposition)
    entity: Ent | None = None

    @property
    def pos(self) -> tuple[int, int]:
        return (self.para, self.tok)


@dataclass(slots=True, eq=False)
class Ent:
    """An entity being built: its mentions, the names seen, gender and roles."""

    label: str
    words: tuple[str, ...]
    display: str
    mentions: list[Cand] = field(default_factory=list)
    names: list[tuple[str, ...]] = field(default_factory=list)
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    plural: bool = False  # written with plural verbs, so "they" may refer to it (see _plural_verb)

    def add_name(self, words: tuple[str, ...]) -> None:
        """Keep a form of the name once: the matching loops go over the forms, and a page that
        names one person thousands of times should not make them longer."""
        if words not in self.names:
            self.names.append(words)

    def add(self, c: Cand) -> None:
        c.entity = self
        self.mentions.append(c)
        self.roles |= c.roles
        if c.gender and not self.gender:
            self.gender = c.gender
        self.plural = self.plural or c.plural

