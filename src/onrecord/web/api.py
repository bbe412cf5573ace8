"""The viewer's JSON API: its models (for OpenAPI) and its routes, the corrections API of review
mode among them (listed in :mod:`onrecord.web.app`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi import Path as Path_
from pydantic import BaseModel, Field

from ..model import ATTRIBUTION_KINDS
from ..store import Appearance, DocumentRow, EntityRow, Store, TrailRow
from ..store.corrections import CHANGES, Corrected, corrected_dict
from .errors import ViewerError
from .views import _ISO_DAY, _MAX_OFFSET, _MIN_CONFIDENCE, MAX_LIMIT, doc_href, speaker_href, trail_href


# The list items are the store's row dataclasses with the link added, so the schema cannot drift
# from the rows the handlers return (FastAPI and pydantic take stdlib dataclasses as models).
@dataclass(frozen=True, slots=True)
class DocumentItem(DocumentRow):
    href: Annotated[str, Field(description="The record in this API: /api/docs/{sha256}.")]


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentItem]


class QuoteItem(BaseModel):
    doc_id: str
    sha256: str
    published: str | None
    headline: str | None
    aid: str
    kind: str
    content: str
    cue: str | None
    source: str | None
    speaker: str | None = Field(description="The speaker entity's name, else the source as written.")
    speaker_name: str | None
    speaker_key: str | None
    speaker_type: str
    hedged: bool
    confidence: float
    trail: int | None = Field(None, description="The quote's trail when its words appear in other documents too.")
    said_start: str | None = Field(None, description="When it was said: first day (ISO), from said_at.")
    said_end: str | None = Field(None, description="When it was said: last day (ISO).")
    said_from: str | None = Field(None, description="Where that date comes from: text (at the cue) or published.")
    corrections: list[int] = Field([], description="The reviewers' corrections that changed it (in the raw "
                                                   "view: that superseded it).")
    corrected: bool = Field(False, description="Whether a reviewer's correction changed it.")
    href: str = Field(description="The attribution in place: /doc/{sha256}#attr-{aid}.")


class QuoteList(BaseModel):
    items: list[QuoteItem]
    hidden: int = Field(0, description="How many attributions matched but are under min_confidence.")


@dataclass(frozen=True, slots=True)
class TrailItem(TrailRow):
    href: Annotated[str, Field(description="The trail's page: /trail/{id}.")]


class TrailList(BaseModel):
    items: list[TrailItem]


@dataclass(frozen=True, slots=True)
class AppearanceItem(Appearance):
    href: Annotated[str, Field(description="The appearance in place: /doc/{sha256}#attr-{aid}.")]


class AppearanceList(BaseModel):
    items: list[AppearanceItem]


@dataclass(frozen=True, slots=True)
class EntityItem(EntityRow):
    href: Annotated[str, Field(description="The entity's page: /speaker/{key}.")]


class EntityList(BaseModel):
    items: list[EntityItem]



class CorrectionIn(BaseModel):
    """One correction sent by the review page (or any client holding the session's token)."""

    doc: str = Field(description="The document: sha256 or id.")
    change: str = Field(description="One of " + ", ".join(CHANGES) + ".")
    aid: str | None = Field(None, description="The attribution's id in the corrected view (not for add).")
    name: str | None = Field(None, max_length=500, description="speaker/add: the speaker by name.")
    entity: str | None = Field(None, max_length=100, description="speaker/add: the speaker, an entity id (e3).")
    start: int | None = Field(None, ge=0, description="content/source/add: first character of the span.")
    end: int | None = Field(None, ge=0, description="content/source/add: end of the span (exclusive).")
    kind: str | None = Field(None, description="add: the attribution's kind.")
    reason: str | None = Field(None, max_length=2000, description="Why (free text).")
    who: str | None = Field(None, max_length=200, description="Who corrects; default the server's reviewer.")



def add_api(app: FastAPI, db: str | Path, lock: threading.Lock, reading: Callable[[], AbstractContextManager[Store]],
            resolve_corrected: Callable[..., Corrected]) -> None:
    """Add the JSON API to ``app``: read through ``reading()``, documents found by
    ``resolve_corrected``; corrections written through a store of their own on ``db``, under ``lock``."""

    @app.get("/api/docs", response_model=DocumentPage, tags=["documents"])
    def api_docs(limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=_MAX_OFFSET),
                 q: str | None = Query(None, description="A phrase in the text (FTS5)."),
                 raw: bool = Query(False, description="n_attributions counts the pipeline's own attributions, "
                                                      "not the corrected view's.")) -> dict[str, Any]:
        """Documents, newest publication first, ``limit`` at a time from ``offset``; ``n_attributions``
        counts the corrected view's attributions, with ``raw`` the pipeline's."""
        with reading() as st:
            rows = st.documents(search=q, limit=limit, offset=offset, raw=raw)
            total = len(st.documents(search=q, limit=None)) if q else st.count()
        return {"total": total, "limit": limit, "offset": offset,
                "items": [dict(r.to_dict(), href=f"/api/docs/{r.sha256}") for r in rows]}

    @app.get("/api/docs/{key:path}", tags=["documents"],
             responses={200: {"description": "The record (DESIGN.md's JSON contract, schema onrecord/1)."}})
    def api_doc(key: str, raw: bool = Query(False, description="The pipeline's own record, without "
                                                              "reviewers' corrections."),
                min_confidence: float = _MIN_CONFIDENCE) -> dict[str, Any]:
        """The record of one document, by sha256 or (when it is unique) by id: corrected, each
        corrected attribution marked ``corrected`` and the record's ``corrections`` listed; with
        ``min_confidence``, without the attributions under it."""
        got = resolve_corrected(key, raw=raw)
        got = replace(got, record=got.record.with_min_confidence(min_confidence))
        if raw:
            return got.record.to_dict()
        with reading() as st:
            return corrected_dict(got, st.corrections(doc=got.record.sha256))

    @app.get("/api/quotes", response_model=QuoteList, tags=["quotes"])
    def api_quotes(speaker: str | None = Query(None, description="Entity key, canonical name or any name used."),
                   q: str | None = Query(None, description="A phrase in what was said (FTS5)."),
                   kind: str | None = Query(None, description="One of " + ", ".join(ATTRIBUTION_KINDS)),
                   about: str | None = Query(None, description="Whom the content names or refers to: entity key, "
                                                               "canonical name or any name used."),
                   since: str | None = Query(None, pattern=_ISO_DAY, description="Said on or after this day "
                                                                                 "(YYYY-MM-DD)."),
                   until: str | None = Query(None, pattern=_ISO_DAY, description="Said on or before this day."),
                   min_confidence: float = _MIN_CONFIDENCE,
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   raw: bool = Query(False, description="The pipeline's own output, without reviewers' "
                                                        "corrections.")) -> dict[str, Any]:
        """Attributions (quotes, reported speech, beliefs) with their speakers, newest document first;
        corrected (``corrected`` marks what a reviewer changed); ``hidden`` counts those that matched
        but are under ``min_confidence``."""
        if kind is not None and kind not in ATTRIBUTION_KINDS:
            raise ViewerError(422, f"unknown kind {kind!r}; use one of {', '.join(ATTRIBUTION_KINDS)}")
        filters = {"speaker": speaker, "search": q, "kind": kind, "about": about, "since": since, "until": until}
        with reading() as st:
            rows = st.quotes(**filters, min_confidence=min_confidence, limit=limit, raw=raw)
            hidden = st.quotes_under(min_confidence, **filters, raw=raw)
        return {"items": [dict(r.to_dict(), speaker=r.speaker, href=doc_href(r.sha256, r.aid)) for r in rows],
                "hidden": hidden}

    @app.get("/api/trails", response_model=TrailList, tags=["quotes"])
    def api_trails(speaker: str | None = Query(None, description="Entity key, canonical name or any name used."),
                   q: str | None = Query(None, description="A phrase in the trail's words (FTS5)."),
                   altered: bool = Query(False, description="Only trails with a changed or re-credited variant."),
                   limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   raw: bool = Query(False, description="The pipeline's own appearances, without reviewers' "
                                                        "corrections.")) -> dict[str, Any]:
        """Quote trails: the same or nearly the same quoted words in several documents, most
        independent stories first; the corrected view's appearances (one marked wrong left out, a
        corrected or added quote in), with ``raw`` the pipeline's."""
        with reading() as st:
            rows = st.trails(speaker=speaker, search=q, altered=altered, limit=limit, raw=raw)
        return {"items": [dict(r.to_dict(), href=trail_href(r.trail)) for r in rows]}

    @app.get("/api/trails/{trail_id}", response_model=AppearanceList, tags=["quotes"])
    def api_trail(trail_id: int, raw: bool = Query(False, description="The pipeline's own appearances, without "
                                                                      "reviewers' corrections.")) -> dict[str, Any]:
        """Every appearance of one trail, earliest first, with what changed: the corrected view's,
        with ``raw`` the pipeline's."""
        with reading() as st:
            apps = st.trail(trail_id, raw=raw) if 0 < trail_id <= _MAX_OFFSET else []
        if not apps:
            raise ViewerError(404, f"no trail {trail_id}; trails are listed at /api/trails")
        return {"items": [dict(a.to_dict(), href=doc_href(a.sha256, a.aid)) for a in apps]}

    @app.get("/api/entities", response_model=EntityList, tags=["entities"])
    def api_entities(type: str | None = Query(None, description="a spaCy label (PERSON, ORG, GPE, ...) or GROUP (joined sources)"),
                     limit: int = Query(50, ge=1, le=MAX_LIMIT),
                     raw: bool = Query(False, description="The pipeline's own speakers, without reviewers' "
                                                          "corrections.")) -> dict[str, Any]:
        """Entities across documents (joined on their cross-document key), most widespread first; a
        speaker only a reviewer named is listed too (not with ``raw``)."""
        with reading() as st:
            rows = st.entities(type=type, limit=limit, raw=raw)
        return {"items": [dict(r.to_dict(), href=speaker_href(r.key)) for r in rows]}

    # -------------------------------------------------------------- corrections (review mode)

    @app.get("/api/corrections", tags=["corrections"])
    def api_corrections(doc: str | None = Query(None, description="One document's: sha256 or id.")
                        ) -> dict[str, Any]:
        """Reviewers' corrections, oldest first, with what became of each."""
        with reading() as st:
            return {"items": [c.to_dict() for c in st.corrections(doc=doc)]}

    def writing() -> Store:
        """A writable store for one correction (the app's own connection stays read-only)."""
        return Store.open(db)

    @app.post("/api/corrections", status_code=201, tags=["corrections"])
    def api_correct(body: CorrectionIn) -> dict[str, Any]:
        """Make one correction (review mode; the session's token in the X-Onrecord-Token header)."""
        if body.change not in CHANGES:
            raise ViewerError(422, f"unknown change {body.change!r}; use one of {', '.join(CHANGES)}")
        span = (body.start, body.end) if body.start is not None and body.end is not None else None
        ref = f"{body.doc}:{body.aid}"
        with lock, writing() as st:
            if body.change == "wrong":
                c = st.correct_wrong(ref, reason=body.reason, who=body.who)
            elif body.change == "speaker":
                c = st.correct_speaker(ref, name=body.name, entity=body.entity, reason=body.reason, who=body.who)
            elif span is None:
                raise ViewerError(422, f"a {body.change} correction needs start and end (character offsets)")
            elif body.change == "add":
                c = st.correct_add(body.doc, span, name=body.name or None, entity=body.entity, kind=body.kind,
                                   reason=body.reason, who=body.who)
            else:
                c = getattr(st, f"correct_{body.change}")(ref, span[0], span[1], reason=body.reason, who=body.who)
        return c.to_dict()

    @app.post("/api/corrections/{correction_id}/undo", tags=["corrections"])
    def api_undo(correction_id: int = Path_(ge=1, le=_MAX_OFFSET)) -> dict[str, Any]:
        """Undo one correction (review mode): kept and listed, no longer applied."""
        with lock, writing() as st:
            return st.undo_correction(correction_id).to_dict()
