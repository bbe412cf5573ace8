"""The local web viewer: ``onrecord serve --db FILE`` (needs the ``web`` extra: ``pip install 'onrecord[web]'``).

:func:`create_app` builds the FastAPI application over a store opened
read-only; :func:`serve` runs it with uvicorn, on 127.0.0.1 unless told
otherwise, since the store may hold material its owner has not published.
Routes, the document-key rule and the error shape are documented in
:mod:`onrecord.web.app`; the highlighted article is built in
:mod:`onrecord.web.render`.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from .app import create_app, error_body

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(db: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "warning") -> None:
    """Serve the viewer over the store at ``db`` until interrupted."""
    import uvicorn

    app = create_app(db)
    if not is_loopback(host):
        log.warning("serving %s on %s: anyone who can reach this address can read the store", db, host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "error_body", "is_loopback", "serve"]
