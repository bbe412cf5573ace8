"""The local web viewer: ``onrecord serve --db FILE`` (needs the ``web`` extra: ``pip install 'onrecord[web]'``).

:func:`create_app` builds the FastAPI application over a store opened
read-only; :func:`serve` runs it with uvicorn, on 127.0.0.1 unless told
otherwise, since the store may hold material its owner has not published.
Requests must name the server (the Host header) as a loopback name or the
address it was started on, so that a page on another site cannot read it
through DNS rebinding (a server on a wildcard address, 0.0.0.0 or ::, is open
to the network anyway and answers any name).
Routes, the document-key rule and the error shape are documented in
:mod:`onrecord.web.app`; the highlighted article is built in
:mod:`onrecord.web.render`.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from .app import ANY_HOST, LOOPBACK_HOSTS, create_app, error_body, host_name

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


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "[::]"})


def serve(db: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "warning",
          review: bool = False) -> None:
    """Serve the viewer over the store at ``db`` until interrupted; ``review``: with its corrections
    API and the review page (see :mod:`onrecord.web.app`)."""
    import uvicorn

    # The address it listens on is a name browsers may use for it too; other names are refused,
    # except on a wildcard address ("0.0.0.0", "::"): whoever serves there means the viewer to be
    # reached under whatever name the network gives the machine, and it is open to the network anyway.
    app = create_app(db, allow_hosts=(ANY_HOST,) if host in WILDCARD_HOSTS else (host,), review=review)
    if not is_loopback(host):
        log.warning("serving %s on %s: anyone who can reach this address can %s the store", db, host,
                    "read and correct" if review else "read")
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


__all__ = ["ANY_HOST", "DEFAULT_HOST", "DEFAULT_PORT", "LOOPBACK_HOSTS", "create_app", "error_body", "host_name", "is_loopback",
           "serve"]
