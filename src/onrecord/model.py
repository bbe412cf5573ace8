"""The record: onrecord's output contract ("onrecord/1", see DESIGN.md).

Every type here is a frozen, slotted dataclass; collections are tuples; links
between parts go by id (``Attribution.speaker == "e3"``). Everything extracted
carries a :class:`Span` whose offsets index :attr:`Record.text` (Python str
offsets, end exclusive), so that ``record.text[s.start:s.end] == s.text``.

``to_dict``/``from_dict`` give the JSON shape of DESIGN.md and round-trip.

Contract note: an attribution's ``content`` is always a list of SPANs, one per
part (a quote split around its cue has two). Records written before 2026-12-04
gave a one-part content as a bare SPAN; ``from_dict`` still reads that form, so
stores and JSON Lines files made then keep working.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

SCHEMA = "onrecord/1"

LineKind = Literal["headline", "byline", "dateline", "body", "caption", "boilerplate", "licence", "blank"]
LINE_KINDS: tuple[str, ...] = ("headline", "byline", "dateline", "body", "caption", "boilerplate", "licence", "blank")
MENTION_KINDS: tuple[str, ...] = ("name", "partial", "pronoun", "description")
ATTRIBUTION_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "according_to", "report", "belief", "topic")
SPEAKER_TYPES: tuple[str, ...] = (
    "person", "organization", "outlet", "anonymous", "group", "document", "author",
)
QUANTITY_KINDS: tuple[str, ...] = ("count", "money", "percent", "measure", "ordinal")
TIME_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text: ``text == record.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``, its text taken from the source so it can never disagree."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


def _span(d: dict[str, Any] | None) -> Span | None:
    return None if d is None else Span.from_dict(d)


def _opt(s: Span | None) -> dict[str, Any] | None:
    return None if s is None else s.to_dict()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input and what it is (headline, byline, body, boilerplate ...)."""

    start: int
    end: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(int(d["start"]), int(d["end"]), str(d["kind"]))


@dataclass(frozen=True, slots=True)
class Author:
    name: Span
    role: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name.to_dict(), "role": _opt(self.role)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Author:
        return cls(Span.from_dict(d["name"]), _span(d.get("role")))


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": _opt(self.span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Publisher:
        return cls(str(d["name"]), _span(d.get("span")))


@dataclass(frozen=True, slots=True)
class Meta:
    headline: Span | None = None
    authors: tuple[Author, ...] = ()
    publisher: Publisher | None = None
    dateline: Span | None = None
    licence: Span | None = None
    # A publication date written in the text ("Updated Nov. 8, 2016"), ISO form.
    published_in_text: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": _opt(self.headline),
            "authors": [a.to_dict() for a in self.authors],
            "publisher": None if self.publisher is None else self.publisher.to_dict(),
            "dateline": _opt(self.dateline),
            "licence": _opt(self.licence),
            "published_in_text": self.published_in_text,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meta:
        pub = d.get("publisher")
        return cls(
            headline=_span(d.get("headline")),
            authors=tuple(Author.from_dict(a) for a in d.get("authors", ())),
            publisher=None if pub is None else Publisher.from_dict(pub),
            dateline=_span(d.get("dateline")),
            licence=_span(d.get("licence")),
            published_in_text=d.get("published_in_text"),
            url=d.get("url"),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"  # name | partial | pronoun | description

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), str(d.get("kind", "name")))


def entity_key(name: str, type_: str) -> str:
    """The cross-document key of an entity: type and normalized canonical name.

    ``entity_key("The New York Times", "ORG") == "org:new york times"``; the
    store joins the same speaker across articles on it.
    """
    n = " ".join(name.replace("\u2019", "'").split()).lower().strip(" .,")
    n = n.removesuffix("'s")
    n = n.removeprefix("the ")
    return f"{type_.lower()}:{n}"


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | ... (spaCy's labels)
    mentions: tuple[Mention, ...] = ()

    @property
    def key(self) -> str:
        return entity_key(self.name, self.type)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "type": self.type, "key": self.key,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(str(d["id"]), str(d["name"]), str(d["type"]),
                   tuple(Mention.from_dict(m) for m in d.get("mentions", ())))


@dataclass(frozen=True, slots=True)
class SaidAt:
    """When a statement was made: the interval a time expression at its cue gives ("said on
    Monday", ``source`` "text", with its ``span``), else the publication date (``source``
    "published", no span). ``start``/``end`` are ISO dates, None when a time given in the text
    could not be placed (no publication date to resolve "on Monday" against)."""

    source: str  # text | published
    start: str | None = None
    end: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"span": _opt(self.span), "start": self.start, "end": self.end, "from": self.source}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SaidAt:
        return cls(str(d.get("from", "text")), d.get("start"), d.get("end"), _span(d.get("span")))


# The floor on an attribution's confidence under which reads (`onrecord query quotes`, export, the
# viewer and its API) leave it out unless asked. 0, measured (2026-12-04, `onrecord eval quotes
# --min-confidence P`): the attributions stage already drops drafts its relation model scores
# under 0.3, and on the quotes dev pages every higher floor loses found quotes for little
# precision (0.35: found 92.9 -> 92.7, precision 91.5 -> 91.9; 0.5: found 90.9, precision 92.5;
# 0.7: found 87.5, precision 96.5); PolNeAR dev agrees (0.5: relation/partial F1 69.4 -> 68.2, 0.7: 62.0).
DEFAULT_MIN_CONFIDENCE = 0.0


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    kind: str  # direct | indirect | mixed | according_to | report | belief | topic
    content: tuple[Span, ...]  # more than one part when a quote is split around its cue
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None  # an Entity id
    speaker_type: str = "person"
    addressee: Span | None = None
    hedged: bool = False
    confidence: float = 0.5
    about: tuple[str, ...] = ()  # Entity ids the content names or refers to, in order of first mention
    said_at: SaidAt | None = None  # when the statement was made, where the text or the date tells

    @property
    def content_text(self) -> str:
        return " ".join(s.text for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "content": [s.to_dict() for s in self.content], "cue": _opt(self.cue),
            "source": _opt(self.source), "speaker": self.speaker, "speaker_type": self.speaker_type,
            "addressee": _opt(self.addressee), "hedged": self.hedged,
            "confidence": round(float(self.confidence), 3), "about": list(self.about),
            "said_at": self.said_at.to_dict() if self.said_at else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        c = d["content"]
        # Records written before 2026-12-04 gave a one-part content as a bare SPAN, not a list of one.
        content = tuple(Span.from_dict(x) for x in c) if isinstance(c, list) else (Span.from_dict(c),)
        return cls(
            id=str(d["id"]), kind=str(d["kind"]), content=content, cue=_span(d.get("cue")),
            source=_span(d.get("source")), speaker=d.get("speaker"),
            speaker_type=str(d.get("speaker_type", "person")), addressee=_span(d.get("addressee")),
            hedged=bool(d.get("hedged", False)), confidence=float(d.get("confidence", 0.5)),
            about=tuple(str(x) for x in d.get("about", ())),
            said_at=SaidAt.from_dict(d["said_at"]) if d.get("said_at") else None,
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    kind: str  # count | money | percent | measure | ordinal
    low: float | None = None
    high: float | None = None
    value: float | None = None
    approx: bool = False
    unit: str | None = None
    counted: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(), "kind": self.kind, "low": _num(self.low), "high": _num(self.high),
            "value": _num(self.value), "approx": self.approx, "unit": self.unit, "counted": self.counted,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(Span.from_dict(d["span"]), str(d["kind"]), d.get("low"), d.get("high"), d.get("value"),
                   bool(d.get("approx", False)), d.get("unit"), d.get("counted"))


def _num(x: float | None) -> float | int | None:
    """Whole numbers print as ints (``300``, not ``300.0``)."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


@dataclass(frozen=True, slots=True)
class Time:
    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str
    start: str | None = None
    end: str | None = None
    anchored: bool = True
    approx: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(), "type": self.type, "value": self.value, "start": self.start,
            "end": self.end, "anchored": self.anchored, "approx": self.approx,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Time:
        return cls(Span.from_dict(d["span"]), str(d["type"]), str(d["value"]), d.get("start"), d.get("end"),
                   bool(d.get("anchored", True)), bool(d.get("approx", False)))


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    published: str | None = None
    lines: tuple[Line, ...] = ()
    body: str = ""
    meta: Meta = field(default_factory=Meta)
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[Time, ...] = ()
    warnings: tuple[str, ...] = ()
    schema: str = SCHEMA

    @property
    def sha256(self) -> str:
        return sha256_of(self.text)

    def entity(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def replace(self, **changes: Any) -> Record:
        return replace(self, **changes)

    def with_min_confidence(self, min_confidence: float) -> Record:
        """This record without the attributions whose confidence is under ``min_confidence``
        (the record itself when none is): what a reader asking for a floor is shown."""
        kept = tuple(a for a in self.attributions if a.confidence >= min_confidence)
        return self if len(kept) == len(self.attributions) else replace(self, attributions=kept)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema, "id": self.id, "sha256": self.sha256, "text": self.text,
            "published": self.published, "lines": [x.to_dict() for x in self.lines], "body": self.body,
            "meta": self.meta.to_dict(), "entities": [x.to_dict() for x in self.entities],
            "attributions": [x.to_dict() for x in self.attributions],
            "quantities": [x.to_dict() for x in self.quantities], "times": [x.to_dict() for x in self.times],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(
            id=str(d["id"]), text=str(d["text"]), published=d.get("published"),
            lines=tuple(Line.from_dict(x) for x in d.get("lines", ())), body=str(d.get("body", "")),
            meta=Meta.from_dict(d.get("meta") or {}),
            entities=tuple(Entity.from_dict(x) for x in d.get("entities", ())),
            attributions=tuple(Attribution.from_dict(x) for x in d.get("attributions", ())),
            quantities=tuple(Quantity.from_dict(x) for x in d.get("quantities", ())),
            times=tuple(Time.from_dict(x) for x in d.get("times", ())),
            warnings=tuple(d.get("warnings", ())), schema=str(d.get("schema", SCHEMA)),
        )

    def spans(self) -> Iterator[Span]:
        """Every span in the record, for checking the offset invariant."""
        m = self.meta
        for s in (m.headline, m.dateline, m.licence, m.publisher.span if m.publisher else None):
            if s is not None:
                yield s
        for a in m.authors:
            yield a.name
            if a.role is not None:
                yield a.role
        for e in self.entities:
            for mention in e.mentions:
                yield mention.span
        for at in self.attributions:
            yield from at.content
            for s in (at.cue, at.source, at.addressee):
                if s is not None:
                    yield s
        for q in self.quantities:
            yield q.span
        for t in self.times:
            yield t.span


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_spans(record: Record) -> list[str]:
    """The spans of ``record`` whose text disagrees with the input: empty when all is well."""
    bad = []
    for s in record.spans():
        if not (0 <= s.start <= s.end <= len(record.text)) or record.text[s.start:s.end] != s.text:
            bad.append(f"span {s.start}-{s.end} {s.text!r} does not match the text")
    return bad
