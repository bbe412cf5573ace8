"""The corpus store: records in one SQLite file (WAL, FTS5), safe to re-run and to kill.

>>> from onrecord.store import Store
>>> with Store.open("corpus.db") as store:          # doctest: +SKIP
...     store.add(process_many(inputs))
...     store.quotes(speaker="Kim Jong Un", search="missile")

Only this package writes SQL; the schema is documented in :mod:`onrecord.store.schema`.
"""

from .core import (
    EXPORT_FORMATS,
    AddResult,
    DocumentRow,
    EntityRow,
    FailureRow,
    Provenance,
    QuoteRow,
    Store,
    input_sha256,
    migrate,
)
from .ingest import ingest
from .schema import SCHEMA_VERSION, TABLES
from .stories import StoryRow
from .trails import Appearance, TrailRow

__all__ = [
    "EXPORT_FORMATS", "SCHEMA_VERSION", "TABLES", "AddResult", "Appearance", "DocumentRow", "EntityRow",
    "FailureRow", "Provenance", "QuoteRow", "Store", "StoryRow", "TrailRow", "ingest", "input_sha256", "migrate",
]
