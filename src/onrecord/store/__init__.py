"""The corpus store: records in one SQLite file (WAL, FTS5), safe to re-run and to kill.

>>> from onrecord.store import Store
>>> with Store.open("corpus.db") as store:          # doctest: +SKIP
...     store.add(process_many(inputs))
...     store.quotes(speaker="Kim Jong Un", search="missile")

Only this package writes SQL; the schema is documented in :mod:`onrecord.store.schema`.
"""

from .connection import migrate
from .core import Store
from .corrections import Correction, apply_corrections
from .exporting import EXPORT_FORMATS
from .ingest import ingest, reprocess
from .rows import (
    AddResult,
    DocumentRow,
    EntityRow,
    FailureRow,
    Provenance,
    QuoteRow,
    ReprocessResult,
    input_sha256,
)
from .schema import SCHEMA_VERSION, TABLES
from .stories import StoryRow
from .trails import Appearance, TrailRow

__all__ = [
    "EXPORT_FORMATS",
    "SCHEMA_VERSION",
    "TABLES",
    "AddResult",
    "Appearance",
    "Correction",
    "DocumentRow",
    "EntityRow",
    "FailureRow",
    "Provenance",
    "QuoteRow",
    "ReprocessResult",
    "Store",
    "StoryRow",
    "TrailRow",
    "apply_corrections",
    "ingest",
    "input_sha256",
    "migrate",
    "reprocess",
]
