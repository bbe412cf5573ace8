"""The store: records and failures in one SQLite file (schema in :mod:`onrecord.store.schema`).

Writes go through :meth:`Store.add` / :meth:`Store.add_batch`, one
transaction per batch, so an ingest killed at any moment (even by SIGKILL)
leaves every batch either fully in or fully out; SQLite's WAL journal keeps
the file consistent. A document is keyed by the sha256 of its text: adding
the same text again is a no-op, which makes re-running an ingest safe.

Reads (:meth:`Store.documents`, :meth:`Store.quotes`, ...) return small
frozen row types with ``to_dict`` for JSON; :meth:`Store.sql` runs any
query on a connection opened read-only, whatever mode the store is in.
"""

from __future__ import annotations

from .exporting import _Exporting
from .writing import _Writing


class Store(_Writing, _Exporting):
    """An onrecord corpus in one SQLite file. Open with :meth:`Store.open`; use as a context manager.

    Its parts, by job: :mod:`~onrecord.store.base` (the connection and its transactions),
    :mod:`~onrecord.store.writing`, :mod:`~onrecord.store.correcting`, :mod:`~onrecord.store.reading`
    and :mod:`~onrecord.store.exporting`."""
