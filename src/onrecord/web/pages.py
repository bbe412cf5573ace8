"""The viewer's HTML pages: search, one article marked in place, one speaker, one quote trail
(routes listed in :mod:`onrecord.web.app`)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..store import Store
from ..store.corrections import Corrected
from .errors import ViewerError
from .render import parts, render
from .views import _MAX_OFFSET, _MIN_CONFIDENCE, TimelinePoint, timeline, wordings


def add_pages(app: FastAPI, templates: Jinja2Templates, reading: Callable[[], AbstractContextManager[Store]],
              resolve_corrected: Callable[..., Corrected]) -> None:
    """Add the HTML pages to ``app``: read through ``reading()``, documents found by ``resolve_corrected``."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: str | None = Query(None, max_length=500),
              min_confidence: float = _MIN_CONFIDENCE) -> Response:
        q = (q or "").strip() or None
        with reading() as st:
            ctx = {
                "q": q, "min_confidence": min_confidence,
                "counts": st.counts(),
                "speakers": st.speakers(limit=15),
                "recent": st.documents(limit=20),
                "doc_hits": st.documents(search=q, limit=50) if q else [],
                "quote_hits": st.quotes(search=q, min_confidence=min_confidence, limit=100) if q else [],
                "hidden": st.quotes_under(min_confidence, search=q) if q else 0,
            }
        return templates.TemplateResponse(request, "index.html", ctx)

    @app.get("/doc/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def doc_page(request: Request, key: str, part: int = Query(1, ge=1, le=_MAX_OFFSET),
                 min_confidence: float = _MIN_CONFIDENCE) -> Response:
        got = resolve_corrected(key)
        full = got.record
        rec = full.with_min_confidence(min_confidence)
        try:
            view = render(rec, part=part)
        except IndexError:
            raise ViewerError(404, f"this article has {len(parts(rec.text))} parts, not {part}; "
                                   f"open /doc/{rec.sha256}?part=1") from None
        with reading() as st:
            trails = st.trails_of(rec.sha256)
            corrections = st.corrections(doc=rec.sha256)
        return templates.TemplateResponse(request, "doc.html", {
            "rec": rec, "view": view, "meta": rec.meta, "trails": trails, "corrected": got.by_attribution,
            "corrections": corrections, "min_confidence": min_confidence,
            "hidden": len(full.attributions) - len(rec.attributions)})

    @app.get("/trail/{trail_id}", response_class=HTMLResponse, include_in_schema=False)
    def trail_page(request: Request, trail_id: int, raw: bool = Query(False)) -> Response:
        with reading() as st:
            apps = st.trail(trail_id, raw=raw) if 0 < trail_id <= _MAX_OFFSET else []
        if not apps:
            raise ViewerError(404, f"no trail {trail_id}; trails are listed at /api/trails")
        points = timeline([TimelinePoint(a.published, a.sha256, a.headline or a.doc_id, 1) for a in apps])
        return templates.TemplateResponse(request, "trail.html", {
            "trail": trail_id, "appearances": apps, "points": points, "wordings": wordings(apps),
            "stories": len({a.story for a in apps}), "max_quotes": 1, "raw": raw})

    @app.get("/speaker/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, key: str, min_confidence: float = _MIN_CONFIDENCE) -> Response:
        with reading() as st:
            ent = st.entity(key)
            if ent is None:
                raise ViewerError(404, f"no entity with key {key!r}; keys look like 'person:dov arlen': "
                                       f"list them at /api/entities")
            names = st.names(key)
            every = [q for q in st.quotes(speaker=key, limit=None) if q.speaker_key == key]
            every_about = [q for q in st.quotes(about=key, limit=None) if q.speaker_key != key]
            docs = st.documents(entity=key, limit=None)
        quotes = [q for q in every if q.confidence >= min_confidence]
        about = [q for q in every_about if q.confidence >= min_confidence]
        hidden = len(every) + len(every_about) - len(quotes) - len(about)
        per_doc: dict[str, int] = {}
        said: dict[str, str] = {}  # the earliest day the text dates one of the speaker's statements in a document
        for qr in quotes:
            per_doc[qr.sha256] = per_doc.get(qr.sha256, 0) + 1
            if qr.said_start and qr.said_from == "text":
                said[qr.sha256] = min(said.get(qr.sha256, qr.said_start), qr.said_start)
        # A document stands on the timeline on the day its statements were made when the text says
        # so ("said on Monday"), else on its publication date.
        points = timeline([TimelinePoint(said.get(d.sha256, d.published), d.sha256, d.headline or d.id,
                                         per_doc.get(d.sha256, 0)) for d in docs])
        quotes.sort(key=lambda qr: (qr.said_start is None, qr.said_start or "", qr.sha256))
        return templates.TemplateResponse(request, "speaker.html", {
            "ent": ent, "names": names, "quotes": quotes, "about": about, "points": points,
            "max_quotes": max([p.quotes for p in points] + [1]), "min_confidence": min_confidence, "hidden": hidden})
