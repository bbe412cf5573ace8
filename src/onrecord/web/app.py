"""The viewer's FastAPI application: HTML pages over the store and a JSON API beside them.

Pages
-----
``/``                 search (full text and quotes, FTS5), the speakers most quoted, recent documents, counts
``/doc/{key}``        one article as written, its record marked in place (see :mod:`onrecord.web.render`)
``/speaker/{key}``    one entity across the corpus: names, attributions, a timeline by publication date
``/trail/{id}``       one quote's trail: its appearances on a timeline, its wordings side by side
                      with the changed words marked

JSON API
--------
``/api/docs?limit=&offset=&q=&raw=``       documents, paged, newest publication first
``/api/docs/{key}?min_confidence=&raw=``   the record (DESIGN.md's contract), corrected unless raw
``/api/quotes?speaker=&q=&kind=&min_confidence=&raw=&limit=``   attributions with their speakers, and how
                                           many the confidence floor hid
``/api/entities?type=&limit=&raw=``        entities across the corpus
``/api/trails?speaker=&q=&altered=&limit=&raw=`` quote trails (words printed in several documents)
``/api/trails/{id}?raw=``                  one trail's appearances
``/openapi.json``                          the API's OpenAPI description

Which document ``{key}`` names: documents are keyed by the sha256 of their
text, and record ids (file names) need not be unique across a store. So
``key`` is first looked up as a sha256 (64 hex digits); otherwise as an id
(which may contain "/", as ids from JSON Lines feeds sometimes do).
An id held by one document opens it; an id held by several is answered 409
with the sha256 of each in ``details``, and the page lists them. Every link
the viewer makes uses the sha256, so links never become ambiguous.

Errors, on every API path, have one shape with the matching HTTP status::

    {"error": {"status": 404, "title": "Not Found", "message": "...", "details": []}}

``message`` says what failed and how to fix it. HTML pages answer errors with
a page saying the same; other clients asking for non-API paths get the JSON.

Only requests addressed to this machine are answered: the Host header must
name 127.0.0.1, localhost or [::1] (any port), or a host given to
:func:`create_app` (``onrecord serve --host NAME`` gives its NAME); any other is
answered 400 in the error shape. A hostile page can point its own domain at
127.0.0.1 (DNS rebinding) and so read the viewer from its user's browser as
its own origin; its requests still carry its own domain as Host.

Every page and API path that lists attributions takes ``min_confidence`` (default
:data:`~onrecord.model.DEFAULT_MIN_CONFIDENCE`, as ``onrecord query``): those of
lower confidence are left out and counted ("3 statements under confidence 0.5
hidden"); the pages offer a select of :data:`CONFIDENCE_FLOORS`.

The store is opened read-only (:meth:`Store.open` with ``readonly=True``);
by default the app never writes, and answers every write (any method but GET,
HEAD and OPTIONS) with 403. Review mode (``create_app(..., review=True)``,
``onrecord serve --review``) adds the corrections API below; each write must
carry the session's token (``X-Onrecord-Token``), generated when the app is
made and given only to the viewer's own pages (a ``<meta>`` tag), so a page on
another site, which can send requests but cannot read the viewer's pages,
cannot correct anything. A request whose ``Origin`` names another site is
refused too. Every read shows the corrected view and marks what a reviewer
changed; ``?raw=1`` on ``/api/docs/{key}``, ``/api/docs``, ``/api/quotes``, the trails
(``/trail/{id}``, ``/api/trails``, ``/api/trails/{id}``) and ``/api/entities`` gives the
pipeline's own output.

``POST /api/corrections`` (review mode) ``{"doc", "change", "aid", "name" | "entity", "start", "end",
"kind", "reason", "who"}``: one correction (:mod:`onrecord.store.corrections`); 201 with it.
``POST /api/corrections/{id}/undo`` (review mode) undoes one; ``GET /api/corrections?doc=`` lists them. Swagger's /docs page is off because it loads scripts
from a CDN, and the viewer fetches nothing from outside the machine.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi import Path as Path_
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import OnrecordError, UsageError
from ..model import ATTRIBUTION_KINDS, DEFAULT_MIN_CONFIDENCE, Record
from ..store import Appearance, DocumentRow, EntityRow, Store, TrailRow
from ..store.corrections import CHANGES, Corrected, corrected_dict
from ..store.trails import segments, wording, words_of
from .render import parts, render

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_LIMIT = 1000
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
# SQLite's integers are 64-bit: a larger OFFSET is not a number it can take.
_MAX_OFFSET = 2**63 - 1
# The confidence floors the pages offer (any other one can be given in the URL): all, and the
# floors whose precision and found `onrecord eval quotes --min-confidence` reports (README).
CONFIDENCE_FLOORS: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9)
_MIN_CONFIDENCE = Query(DEFAULT_MIN_CONFIDENCE, ge=0, le=1, description="Leave out attributions whose "
                        "confidence is under this (0: show all).")


def floors(current: float) -> list[tuple[float, str, bool]]:
    """The choices of the pages' confidence select: (value, label, selected), ``current`` among them."""
    values = sorted({*CONFIDENCE_FLOORS, current})
    return [(v, "all" if v == 0 else f"≥ {v:g}", v == current) for v in values]


# Bidirectional formatting characters (embeddings and overrides U+202A-U+202E, isolates
# U+2066-U+2069): one in a speaker's name turns the rest of its row around, so that
# 'Mara \u202eQuint' followed by what she said reads backwards. The viewer shows them as
# their code points instead.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi(value: Any) -> Any:
    """``value`` with each bidirectional formatting character written out as [U+202E]; the
    templates' finalize, so that it applies to everything they print (Markup stays Markup: the
    replacement holds no markup characters)."""
    if isinstance(value, str) and _BIDI.search(value):
        shown = _BIDI.sub(lambda m: f"[U+{ord(m[0]):04X}]", value)
        return Markup(shown) if isinstance(value, Markup) else shown
    return value

# Defence in depth behind the escaping: no inline script or style, nothing from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# The names a browser uses for this machine. A page whose domain an attacker has pointed at
# 127.0.0.1 (DNS rebinding) sends that domain as Host, so answering only these defeats it.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# In ``allow_hosts``: answer whatever name a request gives (a server on 0.0.0.0 or ::).
ANY_HOST = "*"


def host_name(host: str) -> str:
    """The name in a Host header (or a ``--host`` address) in one spelling for comparing: lowercase,
    the port dropped, an IPv6 address compressed and bracketed as a Host header writes it.

    The port is not compared: an ``ssh -L 9000:localhost:8000`` tunnel or a proxy changes it, and a
    rebinding page is given away by its name whatever port it uses."""
    host = host.strip().lower()
    if host.startswith("["):
        name = host[1:].partition("]")[0]
    elif host.count(":") > 1:  # a bare IPv6 address, as --host takes it
        name = host
    else:
        return host.partition(":")[0]
    try:
        return f"[{ipaddress.IPv6Address(name).compressed}]"
    except ValueError:
        return f"[{name}]"


# ------------------------------------------------------------------ API models (for OpenAPI)


class ErrorDetail(BaseModel):
    status: int
    title: str
    message: str = Field(description="What failed, and how to fix it.")
    details: list[Any] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorDetail


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


_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 409: {"model": ErrorBody},
                                            422: {"model": ErrorBody}}


# ------------------------------------------------------------------ errors


class ViewerError(StarletteHTTPException):
    """An HTTP error with a message naming the fix, and optional details (candidates, invalid fields)."""

    def __init__(self, status: int, message: str, details: list[Any] | None = None) -> None:
        super().__init__(status, message)
        self.details = details or []


def error_body(status: int, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"error": {"status": status, "title": title, "message": message, "details": details or []}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path == "/api" or path.startswith(("/api/", "/openapi", "/static/")):
        return False
    return "text/html" in request.headers.get("accept", "")


# ------------------------------------------------------------------ helpers for templates


def doc_href(sha256: str, aid: str | None = None) -> str:
    return f"/doc/{sha256}" + (f"#attr-{urlquote(aid, safe='')}" if aid else "")


def speaker_href(key: str) -> str:
    return "/speaker/" + urlquote(key, safe="")


def trail_href(trail: int) -> str:
    return f"/trail/{int(trail)}"


@dataclass(frozen=True, slots=True)
class Wording:
    """One wording of a trail's words, against the reference: (op, text) segments, its appearances."""

    segments: list[tuple[str, str]]
    altered: bool
    appearances: list[Any]


def wordings(appearances: list[Any]) -> list[Wording]:
    """The distinct wordings of a trail (words compared case-folded), the reference first: the
    earliest unaltered appearance's."""
    if not appearances:
        return []
    ref = next((a for a in appearances if not a.altered), appearances[0])
    ref_words = words_of(ref.text)
    groups: dict[tuple[str, ...], list[Any]] = {}
    for a in appearances:
        groups.setdefault(wording(a.text), []).append(a)
    out = [Wording(segments(ref_words, words_of(g[0].text)), g[0].altered, g) for g in groups.values()]
    out.sort(key=lambda w: (w.appearances[0] is not ref and ref not in w.appearances, w.altered))
    return out


def safe_url(url: str | None) -> str | None:
    """A link target only for http(s) URLs: a record's url is input, and javascript: must not become a link."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One document on a speaker's timeline: its date (None when unknown) and the speaker's attributions in it."""

    published: str | None
    sha256: str
    headline: str
    quotes: int
    x: float = 0.0  # position on the timeline, 0..1


def timeline(points: list[TimelinePoint]) -> list[TimelinePoint]:
    """Documents in publication order, dated ones placed on a 0..1 axis between the first and last date."""
    dated = [p for p in points if p.published and _iso(p.published)]
    undated = [p for p in points if p not in dated]
    dated.sort(key=lambda p: (p.published or "", p.sha256))
    if not dated:
        return undated
    first = _iso(dated[0].published).toordinal()  # type: ignore[union-attr]
    span = max(1, _iso(dated[-1].published).toordinal() - first)  # type: ignore[union-attr]
    placed = [TimelinePoint(p.published, p.sha256, p.headline, p.quotes,
                            (_iso(p.published).toordinal() - first) / span)  # type: ignore[union-attr]
              for p in dated]
    return placed + undated


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat((s or "")[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------ the app


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


TOKEN_HEADER = "X-Onrecord-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(db: str | Path, *, allow_hosts: Iterable[str] = (), review: bool = False,
               token: str | None = None) -> FastAPI:
    """The viewer over the store at ``db``, opened read-only (raises StoreError when it cannot be);
    with ``review`` its corrections API takes writes that carry ``token`` (default: a new random
    one, ``app.state.token``), see the module docs.

    Requests must name the server in their Host header as one of :data:`LOOPBACK_HOSTS` or of
    ``allow_hosts`` (the name it was started for, when not loopback; a test client's name), any
    port, or any name at all when ``allow_hosts`` holds :data:`ANY_HOST` (a server on a wildcard address); others get 400, since they may come from a page on another site (see module docs)."""
    any_host = ANY_HOST in allow_hosts
    allowed = frozenset(host_name(h) for h in (*LOOPBACK_HOSTS, *allow_hosts) if h != ANY_HOST)
    if "" in allowed:
        raise ValueError(f"allow_hosts {list(allow_hosts)!r} holds an empty name; give host names or "
                         f"addresses such as 'viewer.lan' or '192.168.1.5'")
    names = ", ".join(sorted(allowed))
    store = Store.open(db, readonly=True)
    # One connection for the whole app: FastAPI runs plain handlers in a thread pool, and a
    # lock keeps their reads from interleaving on it (a local viewer has one user; reads are short).
    lock = threading.Lock()

    @contextmanager
    def reading() -> Iterator[Store]:
        with lock:
            yield store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()  # when the server stops

    app = FastAPI(title="onrecord viewer", version=__version__, docs_url=None, redoc_url=None,
                  description=__doc__, responses=_ERRORS, lifespan=lifespan)
    app.state.store = store
    app.state.review = review
    app.state.token = (token or secrets.token_urlsafe(32)) if review else None
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
    templates.env.finalize = show_bidi  # before any template is compiled: finalize is compiled in
    templates.env.globals.update(doc_href=doc_href, speaker_href=speaker_href, safe_url=safe_url,
                                 trail_href=trail_href, floors=floors,
                                 version=__version__, db_name=Path(db).name, review=review,
                                 review_token=app.state.token)

    def error_response(request: Request, status: int, message: str, details: list[Any] | None = None) -> Response:
        if _wants_html(request):
            return templates.TemplateResponse(request, "error.html", {
                "status": status, "title": error_body(status, message)["error"]["title"], "message": message,
                "details": details or []}, status_code=status)
        return JSONResponse(error_body(status, message, details), status_code=status)

    # Writes: refused in read-only mode; in review mode only with the session's token (module docs).
    # Registered before known_host, so it runs inside it (the last registered is outermost): a
    # request for another name is refused for that first.
    @app.middleware("http")
    async def guard_writes(request: Request, call_next: Any) -> Response:
        if request.method not in _SAFE_METHODS:
            if not review:
                return error_response(request, 403, "the viewer is read-only; to correct the store, start it "
                                                    "with `onrecord serve --review`")
            origin = request.headers.get("origin")
            sent = request.headers.get(TOKEN_HEADER, "")
            if origin and host_name(urlsplit(origin).netloc) != host_name(request.headers.get("host", "")):
                log.warning("viewer: refused %s %s from Origin %r", request.method, request.url.path, origin)
                return error_response(request, 403, f"a write from another site ({origin}) is refused; correct "
                                                    f"the store from the viewer's own pages")
            if not secrets.compare_digest(sent.encode(), str(app.state.token).encode()):
                return error_response(request, 403, f"this write lacks the review session's token ({TOKEN_HEADER} "
                                                    f"header); reload the viewer's page, which carries it")
        response: Response = await call_next(request)
        return response

    # Registered before security_headers, so that middleware (outermost) adds its headers here too.
    @app.middleware("http")
    async def known_host(request: Request, call_next: Any) -> Response:
        host = request.headers.get("host", "")
        if (any_host and host) or host_name(host) in allowed:
            response: Response = await call_next(request)
            return response
        log.warning("viewer: refused %s %s for Host %r (not one of %s)", request.method, request.url.path,
                    host, names)
        if not host:
            return error_response(request, 400, f"the request has no Host header; send one naming the server "
                                                f"({names})")
        return error_response(request, 400, (
            f"Host {host!r} is not a name this viewer was started for ({names}); a page on "
            f"another site may be trying to read it. To open the viewer under that name, start onrecord serve "
            f"with --host {host_name(host).strip('[]')} to allow it"))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, ViewerError):
            return error_response(request, exc.status_code, str(exc.detail), exc.details)
        if exc.status_code == 404:
            message = (f"no page at {request.url.path}; pages: /, /doc/{{sha256 or id}}, /speaker/{{key}}, "
                       f"API under /api (see /openapi.json)")
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; the viewer is read-only: use GET"
        else:
            message = str(exc.detail)
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(x) for x in e.get("loc", ())), "problem": e.get("msg", "")}
                   for e in exc.errors()]
        message = "; ".join(f"{d['where']}: {d['problem']}" for d in details) or "invalid request"
        return error_response(request, 422, f"invalid request: {message}", details)

    @app.exception_handler(UsageError)
    async def usage_error(request: Request, exc: UsageError) -> Response:
        return error_response(request, 422, str(exc))  # a search with no word in it, a correction that cannot be made

    @app.exception_handler(OnrecordError)
    async def store_error(request: Request, exc: OnrecordError) -> Response:
        log.error("viewer: %s", exc)
        return error_response(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("viewer: internal error on %s", request.url.path)
        return error_response(request, 500, f"internal error: {type(exc).__name__}; the server log has the "
                                            f"traceback (run with --debug), please report it")

    def resolve(key: str) -> Record:
        """The record ``key`` names: a sha256, else an id held by exactly one document (see module
        docs); corrected."""
        return resolve_corrected(key).record

    def resolve_corrected(key: str, *, raw: bool = False) -> Corrected:
        """:func:`resolve` with what the document's corrections did (``raw``: none applied)."""
        with reading() as st:
            if _SHA256.fullmatch(key):
                got = st.corrected(key, raw=raw)
                if got is not None and got.record.sha256 == key:
                    return got
            rows = st.documents(id=key, limit=None)
            if len(rows) == 1:
                got = st.corrected(rows[0].sha256, raw=raw)
                if got is not None:
                    return got
        if not rows:
            raise ViewerError(404, f"no document with sha256 or id {key!r}; list documents at /api/docs "
                                   f"or search at /")
        raise ViewerError(409, f"id {key!r} names {len(rows)} documents; open one by its sha256 "
                               f"(/doc/<sha256>)", [{"sha256": r.sha256, "id": r.id, "published": r.published,
                                                     "headline": r.headline, "href": doc_href(r.sha256)}
                                                    for r in rows])

    # -------------------------------------------------------------- pages

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

    # -------------------------------------------------------------- API

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

    return app


__all__ = ["ANY_HOST", "LOOPBACK_HOSTS", "TOKEN_HEADER", "CorrectionIn", "ErrorBody", "create_app", "error_body",
           "host_name"]
