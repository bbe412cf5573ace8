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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import OnrecordError, UsageError
from ..model import Record
from ..store import Store
from ..store.corrections import Corrected
from .api import CorrectionIn, add_api
from .errors import _ERRORS, ErrorBody, ViewerError, _wants_html, error_body
from .pages import add_pages
from .views import doc_href, floors, safe_url, show_bidi, speaker_href, trail_href

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
_SHA256 = re.compile(r"[0-9a-f]{64}")

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

# ------------------------------------------------------------------ the app

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

    add_pages(app, templates, reading, resolve_corrected)
    add_api(app, db, lock, reading, resolve_corrected)
    return app


__all__ = ["ANY_HOST", "LOOPBACK_HOSTS", "TOKEN_HEADER", "CorrectionIn", "ErrorBody", "create_app", "error_body",
           "host_name"]
