"""Corrections: a reviewer's changes to what the pipeline produced, kept apart from it.

A correction names what it changes by character spans **and** the text they
cover (its *anchor*: the attribution's content when it was made), never only by
the attribution's id, because a re-run of the pipeline (a new model, a new
version: ``onrecord ingest --reprocess``) numbers attributions afresh and may
move offsets. :func:`apply_corrections` is pure: it takes a record as the
pipeline made it and the corrections of its document, in the order they were
made, and gives the corrected record and what became of each correction:
``applied`` (found where it was), ``moved`` (its text found nearby, or the
attribution found with a slightly different content), or ``not_applied`` with
the reason. Nothing is dropped silently: the store keeps every outcome
(:meth:`onrecord.store.Store.corrections`) and the reprocess summary counts them.

The changes (``change``):

``wrong``     the attribution is not one: the corrected view leaves it out.
``speaker``   its speaker is set to an entity of the document (``entity``) or to a
              ``name``: the entity that goes by it, else a new entity ``c<ID>``.
``content``   its content moves to other spans (``spans``).
``source``    its source mention moves to another span (``spans``, one); the speaker
              follows the entity that mention belongs to, if any.
``add``       a missed attribution: content ``spans``, optional ``cue``, ``source``,
              speaker (``entity`` or ``name``) and ``kind``; its id is ``c<ID>``.

A corrected or added attribution gets confidence 1.0: a person vouched for it.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import UsageError
from ..model import Attribution, Entity, Record, Span, entity_key

CHANGES: tuple[str, ...] = ("wrong", "speaker", "content", "source", "add")
# What each change is about: the document (a missed attribution), an attribution, or a span of one.
TARGETS: dict[str, str] = {"wrong": "attribution", "speaker": "attribution", "content": "span", "source": "span",
                           "add": "document"}
STATUSES: tuple[str, ...] = ("applied", "moved", "not_applied", "undone")
# How far (in characters, either way) an anchor's text is looked for when it is no longer at its
# offsets: a re-read that adds or drops a line of furniture above a paragraph shifts it by tens
# or hundreds of characters; a quote found thousands of characters away is more likely another one.
NEARBY = 2000
# Entity types a speaker's type follows when a reviewer names the entity (the pipeline's own labels).
_SPEAKER_TYPES = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "organization"}


def reviewer(who: str | None = None) -> str:
    """Who makes a correction: ``who`` when given, else ``$ONRECORD_REVIEWER``, else the login name."""
    if who and who.strip():
        return who.strip()
    env = os.environ.get("ONRECORD_REVIEWER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "unknown"


def _spans(value: Any) -> tuple[Span, ...]:
    if not value:
        return ()
    return tuple(Span.from_dict(s) for s in value)


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction as stored (the ``corrections`` table; schema.py documents the columns)."""

    id: int
    doc: str  # the document's sha256
    doc_id: str
    change: str
    aid: str | None = None  # the attribution's id in the corrected view when it was made ("a3", "c12")
    anchor: tuple[Span, ...] = ()  # that attribution's content then: what finds it again
    spans: tuple[Span, ...] = ()  # content (content, add) or source (source) spans
    cue: Span | None = None  # add
    source: Span | None = None  # add
    kind: str | None = None  # add
    entity: str | None = None  # speaker, add: an entity id of the document ...
    entity_name: str | None = None  # ... with its name and type, to find it again after a re-run
    entity_type: str | None = None
    name: str | None = None  # speaker, add: a name the document's entities lack
    who: str = ""
    at: str = ""
    reason: str | None = None
    undone: str | None = None
    status: str = "applied"
    note: str | None = None  # why not applied, or how it was found again
    applied_to: str | None = None  # the attribution it applies to in the latest corrected view

    @property
    def target(self) -> str:
        return TARGETS[self.change]

    def value(self) -> dict[str, Any]:
        """The change's own values, as the ``value`` column holds them (JSON)."""
        out: dict[str, Any] = {}
        if self.spans:
            out["spans"] = [s.to_dict() for s in self.spans]
        for k in ("cue", "source"):
            s = getattr(self, k)
            if s is not None:
                out[k] = s.to_dict()
        for k in ("kind", "entity", "entity_name", "entity_type", "name"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        return out

    @staticmethod
    def value_fields(value: dict[str, Any]) -> dict[str, Any]:
        """The dataclass fields a ``value`` column gives (the inverse of :meth:`value`)."""
        out: dict[str, Any] = {"spans": _spans(value.get("spans"))}
        for k in ("cue", "source"):
            out[k] = Span.from_dict(value[k]) if value.get(k) else None
        for k in ("kind", "entity", "entity_name", "entity_type", "name"):
            out[k] = value.get(k)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "document": {"id": self.doc_id, "sha256": self.doc}, "change": self.change,
            "target": self.target, "attribution": self.aid, "anchor": [s.to_dict() for s in self.anchor],
            **self.value(), "who": self.who, "at": self.at, "reason": self.reason, "undone": self.undone,
            "status": self.status, "note": self.note, "applied_to": self.applied_to,
        }


@dataclass(frozen=True, slots=True)
class Applied:
    """What became of one correction on one record."""

    status: str  # applied | moved | not_applied
    aid: str | None = None  # the attribution it now applies to (None when not applied, or "wrong" left it out)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Corrected:
    """A record with its document's corrections applied."""

    record: Record
    outcomes: dict[int, Applied] = field(default_factory=dict)
    # Which corrections changed each attribution, by its id in the corrected record; those marked
    # wrong (absent from the record) are listed too, under their id in the record as given.
    by_attribution: dict[str, tuple[int, ...]] = field(default_factory=dict)


# ---------------------------------------------------------------- finding an anchor again


def relocate(text: str, span: Span, *, nearby: int = NEARBY) -> Span | None:
    """``span`` in ``text``: where it was when its text is still there, else the nearest occurrence
    of its text within ``nearby`` characters of where it was; None when there is none."""
    if 0 <= span.start <= span.end <= len(text) and text[span.start:span.end] == span.text:
        return span
    if not span.text:
        return None
    lo = max(0, span.start - nearby)
    hi = min(len(text), span.end + nearby)
    best: int | None = None
    i = text.find(span.text, lo, hi)
    while i != -1:
        if best is None or abs(i - span.start) < abs(best - span.start):
            best = i
        i = text.find(span.text, i + 1, hi)
    return None if best is None else Span(best, best + len(span.text), span.text)


def _overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> float:
    """Characters both cover over characters either covers (0..1)."""
    ca = {i for s in a for i in range(s.start, s.end)}
    cb = {i for s in b for i in range(s.start, s.end)}
    union = len(ca | cb)
    return len(ca & cb) / union if union else 0.0


# An attribution found again only by overlap must share at least this share of characters with the
# anchor: a re-run that trims a closing clause or a quote mark differently keeps well above it,
# while a neighbouring attribution in the same sentence shares little.
MIN_OVERLAP = 0.5


def find_attribution(record: Record, anchor: tuple[Span, ...]) -> tuple[Attribution | None, str]:
    """The attribution of ``record`` an anchor names, and how it was found: "exact" (the same
    spans), "moved" (the same text nearby, or most of it), or "" with None when it is not there."""
    key = [(s.start, s.end, s.text) for s in anchor]
    for a in record.attributions:
        if [(s.start, s.end, s.text) for s in a.content] == key:
            return a, "exact"
    moved = tuple(m for m in (relocate(record.text, s) for s in anchor) if m is not None)
    if len(moved) != len(anchor):
        return None, ""
    best: tuple[float, Attribution] | None = None
    for a in record.attributions:
        ov = _overlap(a.content, moved)
        if ov >= MIN_OVERLAP and (best is None or ov > best[0]):
            best = (ov, a)
    return (best[1], "moved") if best else (None, "")


def _why_not_found(record: Record, anchor: tuple[Span, ...], change: str) -> str:
    """Why :func:`find_attribution` found nothing: the text is gone, or the pipeline no longer
    gives an attribution over it."""
    moved = [relocate(record.text, s) for s in anchor]
    if anchor and all(m is not None for m in moved):
        then = ("nothing is left to mark wrong" if change == "wrong" else
                "add it again with `onrecord correct add` if it is one")
        return (f"its text is still in the document ({anchor[0].text[:40]!r} at {moved[0].start if moved[0] else '?'}) "
                f"but the pipeline no longer gives an attribution over it: {then}")
    return (f"its text ({anchor[0].text[:40]!r}...) is no longer in the document, nor within {NEARBY} characters "
            f"of where it was" if anchor else "it names no attribution")


# ---------------------------------------------------------------- applying


def _about(record: Record, content: tuple[Span, ...]) -> tuple[str, ...]:
    """The entities with a mention inside ``content``, in order of first mention: whom a content a
    reviewer drew is about (the entities stage's own ``about`` also follows pronouns it resolved;
    those are mentions of their entity too)."""
    found: list[tuple[int, str]] = []
    for e in record.entities:
        starts = [m.start for m in e.mentions if any(c.start <= m.start and m.end <= c.end for c in content)]
        if starts:
            found.append((min(starts), e.id))
    return tuple(eid for _, eid in sorted(found))


def _speaker_of(record: Record, source: Span | None) -> Entity | None:
    """The entity whose mention is exactly ``source``, else one whose mention lies inside it."""
    if source is None:
        return None
    inside = None
    for e in record.entities:
        for m in e.mentions:
            if (m.start, m.end) == (source.start, source.end):
                return e
            if inside is None and source.start <= m.start and m.end <= source.end:
                inside = e
    return inside


def _resolve_speaker(record: Record, c: Correction) -> tuple[Record, Entity | None, str | None]:
    """The entity a speaker correction names in ``record`` (adding one for a new name), the record
    with it, and a note when the entity named was found again only by its name."""
    if c.entity is not None:
        e = record.entity(c.entity)
        if e is not None and (c.entity_name is None or entity_key(e.name, e.type)
                              == entity_key(c.entity_name, c.entity_type or e.type)):
            return record, e, None
        # A re-run numbers entities afresh: find it by its cross-document key (type and name).
        if c.entity_name is not None:
            want = entity_key(c.entity_name, c.entity_type or "")
            for e in record.entities:
                if entity_key(e.name, e.type) == want:
                    return record, e, f"entity {c.entity} is now {e.id}"
            # Gone from the entities (a new model did not find it): the name still says who.
            name, type_ = c.entity_name, c.entity_type or "PERSON"
        else:
            return record, None, f"entity {c.entity} is not in the document"
    else:
        name, type_ = c.name or "", "PERSON"
        # A name one of the document's entities goes by is that entity ("Ruiz" when the article
        # calls her so, "Ana Ruiz"): the speaker joins its mentions and cross-document key.
        for e in record.entities:
            if entity_key(name, e.type) == e.key or any(m.text.casefold() == name.casefold() and m.kind != "pronoun"
                                                        for m in e.mentions):
                return record, e, None
    new = Entity(id=f"c{c.id}", name=name, type=type_, mentions=())
    note = None if c.entity is None else f"entity {c.entity} not found; speaker kept by name {name!r}"
    return record.replace(entities=record.entities + (new,)), new, note


def _speaker_type(e: Entity, default: str) -> str:
    return _SPEAKER_TYPES.get(e.type, default)


def apply_one(record: Record, c: Correction) -> tuple[Record, Applied]:
    """``record`` with correction ``c`` applied, and its outcome (pure: ``record`` is not changed)."""
    text = record.text
    if c.change == "add":
        parts = tuple(relocate(text, s) for s in c.spans)
        if not parts or any(p is None for p in parts):
            return record, Applied("not_applied", note="the added content's text is no longer in the document")
        content = tuple(p for p in parts if p is not None)
        moved = content != c.spans
        for a in record.attributions:
            if a.content == content:
                return record, Applied("not_applied", a.id, f"the pipeline now gives this attribution itself ({a.id})")
        cue = relocate(text, c.cue) if c.cue else None
        source = relocate(text, c.source) if c.source else None
        rec, ent, note = (record, None, None)
        if c.entity is not None or c.name:
            rec, ent, note = _resolve_speaker(record, c)
        elif source is not None:
            ent = _speaker_of(record, source)
        kind = c.kind or ("direct" if content[0].text[:1] in "\"“‘'" else "indirect")
        new = Attribution(id=f"c{c.id}", kind=kind, content=content, cue=cue, source=source,
                          speaker=ent.id if ent else None,
                          speaker_type=_speaker_type(ent, "person") if ent else "person",
                          confidence=1.0, about=_about(rec, content))
        return (rec.replace(attributions=_in_order(rec.attributions + (new,))),
                Applied("moved" if moved else "applied", new.id, note))

    found_a, how = find_attribution(record, c.anchor)
    if found_a is None:
        return record, Applied("not_applied", note=_why_not_found(record, c.anchor, c.change))
    a = found_a
    status = "applied" if how == "exact" else "moved"
    note = None if how == "exact" else f"found again as {a.id}"
    if c.change == "wrong":
        return (record.replace(attributions=tuple(x for x in record.attributions if x is not a)),
                Applied(status, a.id, note))
    if c.change == "speaker":
        rec, ent, n2 = _resolve_speaker(record, c)
        if ent is None:
            return record, Applied("not_applied", a.id, n2)
        new = replace(a, speaker=ent.id, speaker_type=_speaker_type(ent, a.speaker_type), confidence=1.0)
        return _swap(rec, a, new), Applied(status, a.id, "; ".join(x for x in (note, n2) if x) or None)
    spans = tuple(relocate(text, s) for s in c.spans)
    if not spans or any(s is None for s in spans):
        return record, Applied("not_applied", a.id, f"the new {c.change} span's text is no longer in the document")
    found = tuple(s for s in spans if s is not None)
    if found != c.spans:
        status, note = "moved", "; ".join(x for x in (note, f"the new {c.change} span moved") if x)
    if c.change == "content":
        new = replace(a, content=found, about=_about(record, found), confidence=1.0)
    elif c.change == "source":
        ent = _speaker_of(record, found[0])
        new = replace(a, source=found[0], speaker=ent.id if ent else None,
                      speaker_type=_speaker_type(ent, a.speaker_type) if ent else a.speaker_type, confidence=1.0)
    else:
        raise UsageError(f"unknown correction {c.change!r}; use one of {', '.join(CHANGES)}")
    return _swap(record, a, new), Applied(status, a.id, note)


def _swap(record: Record, old: Attribution, new: Attribution) -> Record:
    return record.replace(attributions=_in_order(tuple(new if x is old else x for x in record.attributions)))


def _in_order(attrs: tuple[Attribution, ...]) -> tuple[Attribution, ...]:
    """Attributions in reading order, as the pipeline gives them (by where their content starts)."""
    return tuple(sorted(attrs, key=lambda a: a.content[0].start if a.content else 0))


def apply_corrections(record: Record, corrections: list[Correction]) -> Corrected:
    """``record`` with ``corrections`` (those of its document, not undone) applied in order.

    Each finds its attribution in the record as corrected so far, so a content moved and then
    given another speaker, or a missed quote added and then corrected, chain as they were made."""
    outcomes: dict[int, Applied] = {}
    by_attr: dict[str, list[int]] = {}
    rec = record
    for c in sorted(corrections, key=lambda x: x.id):
        if c.undone:
            continue
        rec, out = apply_one(rec, c)
        outcomes[c.id] = out
        if out.aid is not None and out.status != "not_applied":
            by_attr.setdefault(out.aid, []).append(c.id)
    return Corrected(rec, outcomes, {k: tuple(v) for k, v in by_attr.items()})


def corrected_dict(corrected: Corrected, corrections: list[Correction]) -> dict[str, Any]:
    """The corrected record as JSON: each attribution a correction changed carries
    ``"corrected": [correction ids]``, and the record lists its document's ``corrections`` (with
    what became of each); a record without corrections is the pipeline's record unchanged."""
    d = corrected.record.to_dict()
    if not corrections:
        return d
    for ad in d["attributions"]:
        if ad["id"] in corrected.by_attribution:
            ad["corrected"] = list(corrected.by_attribution[ad["id"]])
    d["corrections"] = [dict(c.to_dict(), **_outcome_fields(corrected.outcomes.get(c.id)))
                        for c in sorted(corrections, key=lambda x: x.id)]
    return d


def _outcome_fields(out: Applied | None) -> dict[str, Any]:
    if out is None:
        return {}
    return {"status": out.status, "note": out.note, "applied_to": out.aid}


def check_span(record: Record, start: int, end: int, what: str) -> Span:
    """The span ``start..end`` of ``record``'s text, or a :class:`UsageError` naming the fix."""
    n = len(record.text)
    if not (0 <= start < end <= n):
        raise UsageError(f"{what} span {start}..{end} is outside document {record.id!r} (its text has {n} "
                         f"characters: give 0 <= START < END <= {n}; `onrecord query quotes --json` shows "
                         f"the offsets of what was found)")
    return Span.of(record.text, start, end)
