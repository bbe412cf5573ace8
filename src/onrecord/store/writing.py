"""The store's writes: adding outcomes batch by batch, recording further sources of a text held,
and replacing held documents' output by a new run's (re-applying their corrections)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import StoreError
from ..pipeline import Failure, Input, Outcome, batches
from .batch import _BatchWriter
from .columns import _now
from .correcting import _Correcting
from .corrections import Applied
from .rows import AddResult, Provenance, ReprocessResult, input_sha256


class _Writing(_Correcting):
    """The writes of :class:`onrecord.store.Store`."""

    def add(self, outcomes: Iterable[Outcome], *, batch_size: int = 256) -> AddResult:
        """Add records (and failures) in transactions of ``batch_size``; returns the counts.

        256 rather than :func:`ingest`'s 64 (which follows the pipeline's batches): each commit
        writes one segment per FTS index for FTS5 to merge later, and on all of BBC (2,225
        records) 256 per transaction took ~8 % less time than 64."""
        total = AddResult()
        for batch in batches(((out, None) for out in outcomes), batch_size):
            total += self.add_batch(batch)
        return total

    def add_batch(self, items: Sequence[tuple[Outcome, Provenance | None]]) -> AddResult:
        """Add (outcome, provenance or None) pairs in ONE transaction: all of them or none.

        The batch is written table by table with ``executemany``, and the full-text indexes are
        filled in the same transaction from the batch's new rows (see :mod:`onrecord.store.schema`
        for why there are no insert triggers).
        """
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only; open it with readonly=False to add to it")
        conn = self._conn
        with self._transaction(f"a batch of {len(items)} documents"):
            result = _BatchWriter(conn, _now()).write(items)
        return result

    def _add_source(self, doc: int, id: str, prov: Provenance, now: str) -> None:
        self._conn.execute(
            "INSERT INTO sources(doc, id, origin, input_sha256, added) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING", (doc, id, prov.origin, prov.input_sha256, now))

    def add_sources(self, items: Sequence[tuple[str, Provenance]]) -> int:
        """Record (id, provenance) inputs whose bytes the store already holds (an ingest skips
        them before parsing) as further sources of that document; returns how many were new."""
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only; open it with readonly=False to add to it")
        conn = self._conn
        now = _now()
        n = 0
        with self._transaction(f"the sources of {len(items)} documents already held"):
            for id, prov in items:
                row = conn.execute("SELECT doc FROM sources WHERE input_sha256 = ? LIMIT 1",
                                   (prov.input_sha256,)).fetchone()
                if row is not None:
                    before = conn.total_changes
                    self._add_source(row[0], id, prov, now)
                    n += conn.total_changes - before
        return n

    def held(self) -> Iterator[tuple[int, Input]]:
        """Every document held, as (documents.pk, the input to process it again): the original bytes
        when its origin is a file that still holds them (so an HTML page keeps its metadata), else
        the record's text, with the publication date and URL the store has."""
        for pk, doc_id, text, published, url, origin, sha in self._conn.execute(
                "SELECT pk, id, text, published, url, origin, input_sha256 FROM documents ORDER BY pk").fetchall():
            data: bytes | str = text
            if origin and sha:
                try:
                    raw = Path(origin).read_bytes()
                except (OSError, ValueError):
                    raw = None
                if raw is not None and input_sha256(raw) == sha:
                    data = raw
            yield int(pk), Input(doc_id, data, published=published, url=url, origin=origin)

    def replace_batch(self, items: Sequence[tuple[int, Outcome]]) -> ReprocessResult:
        """Replace held documents' pipeline output by new outcomes ((documents.pk, outcome) pairs, from
        :meth:`held` run through the pipeline again) in ONE transaction, and re-apply their
        corrections; a failure is recorded and leaves its document as it was."""
        self._writable()
        conn = self._conn
        with self._transaction(f"a batch of {len(items)} re-processed documents"):
            _BatchWriter(conn, _now()).rewrite(items)
            done = [pk for pk, out in items if not isinstance(out, Failure)]
            outcomes: dict[int, Applied] = {}
            corrected = {int(pk) for (pk,) in conn.execute(
                "SELECT d.pk FROM documents d JOIN (SELECT DISTINCT doc FROM corrections WHERE undone IS NULL) c "
                "ON c.doc = d.sha256")}
            for pk in done:
                if pk in corrected:
                    outcomes.update(self._refresh(pk))
        status = [o.status for o in outcomes.values()]
        missed = tuple(self.correction(cid) for cid, o in sorted(outcomes.items()) if o.status == "not_applied")
        return ReprocessResult(len(done), len(items) - len(done), status.count("applied"), status.count("moved"),
                               missed)
