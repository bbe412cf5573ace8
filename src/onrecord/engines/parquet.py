"""The Parquet layout of a distributed run's output folder, and readers for it.

A run (:mod:`onrecord.engines.ray_runner`) writes one folder::

    DIR/_onrecord.json     the manifest: format, record schema, model, counts
    DIR/records/*.parquet  one row per processed document: key fields + the record JSON
    DIR/failures/*.parquet one row per document that could not be processed
    DIR/attributions/  DIR/entities/  DIR/mentions/  DIR/quantities/  DIR/times/
                           flat tables, one row per item, keyed by doc_id and sha256

Every table is a folder of Parquet files with one fixed schema (below), so
that DuckDB (``SELECT * FROM 'DIR/attributions/*.parquet'``), Spark or pandas
(``pd.read_parquet("DIR/attributions")``) read it without onrecord. Column
names follow the store's (:mod:`onrecord.store.schema`) so that a query
moves between the two unchanged; ``doc_id``/``sha256`` stand in for the
store's ``doc`` key, since ``id`` alone may repeat across a corpus (two
folders each holding ``001.txt``).

This module needs only pyarrow (a core dependency): reading an output folder
back, e.g. for ``onrecord ingest DIR``, works without Ray installed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..errors import UsageError
from ..model import Record

if TYPE_CHECKING:
    from ..pipeline import Failure, Outcome
    from ..store import AddResult, Store

log = logging.getLogger(__name__)

FORMAT = "onrecord-parquet/1"
MANIFEST = "_onrecord.json"

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_DOC = [("doc_id", _S), ("sha256", _S)]

SCHEMAS: dict[str, pa.Schema] = {
    "records": pa.schema([
        ("id", _S), ("sha256", _S), ("input_sha256", _S), ("origin", _S), ("published", _S),
        ("headline", _S), ("publisher", _S), ("url", _S), ("n_entities", _I), ("n_attributions", _I),
        ("n_quantities", _I), ("n_times", _I), ("record", _S),
    ]),
    "failures": pa.schema([
        ("id", _S), ("stage", _S), ("reason", _S), ("origin", _S), ("input_sha256", _S), ("sha256", _S),
    ]),
    "attributions": pa.schema(_DOC + [
        ("aid", _S), ("kind", _S), ("content", _S), ("content_start", _I), ("content_end", _I),
        ("cue", _S), ("cue_start", _I), ("cue_end", _I), ("source", _S), ("source_start", _I),
        ("source_end", _I), ("speaker", _S), ("speaker_key", _S), ("speaker_name", _S),
        ("speaker_type", _S), ("addressee", _S), ("hedged", _B), ("confidence", _F), ("json", _S),
    ]),
    "entities": pa.schema(_DOC + [
        ("eid", _S), ("key", _S), ("name", _S), ("type", _S), ("n_mentions", _I),
    ]),
    "mentions": pa.schema(_DOC + [
        ("eid", _S), ("start", _I), ("end", _I), ("text", _S), ("kind", _S),
    ]),
    "quantities": pa.schema(_DOC + [
        ("start", _I), ("end", _I), ("text", _S), ("kind", _S), ("low", _F), ("high", _F), ("value", _F),
        ("approx", _B), ("unit", _S), ("counted", _S),
    ]),
    "times": pa.schema(_DOC + [
        ("start", _I), ("end", _I), ("text", _S), ("type", _S), ("value", _S), ("tstart", _S), ("tend", _S),
        ("anchored", _B), ("approx", _B),
    ]),
}
# The tables derived from each record, in the order they are written.
ITEM_TABLES: tuple[str, ...] = ("attributions", "entities", "mentions", "quantities", "times")
TABLES: tuple[str, ...] = ("records", "failures") + ITEM_TABLES


def input_sha256(data: bytes | str) -> str:
    """The hash of an input as read (bytes as given, str as UTF-8), the store's ``input_sha256``."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def record_json(record: Record) -> str:
    """The record as one JSON string (DESIGN.md's contract).

    Non-ASCII stays readable; a text holding lone surrogates (possible for str
    input) cannot be UTF-8 and falls back to ASCII escapes, so that no record
    is lost to the Parquet writer.
    """
    s = json.dumps(record.to_dict(), ensure_ascii=False)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = json.dumps(record.to_dict(), ensure_ascii=True)
    return s


def _span(s: Any) -> tuple[str | None, int | None, int | None]:
    return (None, None, None) if s is None else (s.text, s.start, s.end)


def record_rows(record: Record, *, origin: str | None = None,
                input_hash: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows ``record`` adds to each table: one in ``records``, one per item in the flat tables."""
    sha = record.sha256
    doc = {"doc_id": record.id, "sha256": sha}
    ents = {e.id: e for e in record.entities}
    pub = record.meta.publisher
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["records"].append({
        "id": record.id, "sha256": sha, "input_sha256": input_hash, "origin": origin,
        "published": record.published,
        "headline": record.meta.headline.text if record.meta.headline else None,
        "publisher": pub.name if pub else None, "url": record.meta.url,
        "n_entities": len(record.entities), "n_attributions": len(record.attributions),
        "n_quantities": len(record.quantities), "n_times": len(record.times),
        "record": record_json(record),
    })
    for a in record.attributions:
        cue, cue_s, cue_e = _span(a.cue)
        src, src_s, src_e = _span(a.source)
        adr, _, _ = _span(a.addressee)
        spk = ents.get(a.speaker) if a.speaker else None
        rows["attributions"].append({
            **doc, "aid": a.id, "kind": a.kind, "content": a.content_text,
            "content_start": a.content[0].start if a.content else None,
            "content_end": a.content[-1].end if a.content else None,
            "cue": cue, "cue_start": cue_s, "cue_end": cue_e,
            "source": src, "source_start": src_s, "source_end": src_e, "speaker": a.speaker,
            "speaker_key": spk.key if spk else None, "speaker_name": spk.name if spk else None,
            "speaker_type": a.speaker_type, "addressee": adr, "hedged": a.hedged,
            "confidence": float(a.confidence), "json": json.dumps(a.to_dict(), ensure_ascii=False),
        })
    for e in record.entities:
        rows["entities"].append({**doc, "eid": e.id, "key": e.key, "name": e.name, "type": e.type,
                                 "n_mentions": len(e.mentions)})
        for m in e.mentions:
            rows["mentions"].append({**doc, "eid": e.id, "start": m.start, "end": m.end, "text": m.text,
                                     "kind": m.kind})
    for q in record.quantities:
        rows["quantities"].append({
            **doc, "start": q.span.start, "end": q.span.end, "text": q.span.text, "kind": q.kind,
            "low": q.low, "high": q.high, "value": q.value, "approx": q.approx, "unit": q.unit,
            "counted": q.counted,
        })
    for t in record.times:
        rows["times"].append({
            **doc, "start": t.span.start, "end": t.span.end, "text": t.span.text, "type": t.type,
            "value": t.value, "tstart": t.start, "tend": t.end, "anchored": t.anchored, "approx": t.approx,
        })
    return rows


def failure_row(failure: Failure, *, input_hash: str | None = None) -> dict[str, Any]:
    """The ``failures`` row of a document that could not be processed."""
    return {
        "id": failure.id, "stage": failure.stage, "reason": failure.reason,
        "origin": failure.origin, "input_sha256": input_hash, "sha256": failure.sha256,
    }


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """``rows`` as an Arrow table with the fixed schema of table ``name`` (also when empty)."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


# -- reading an output folder back ------------------------------------------------------------------


def is_output_dir(path: str | Path) -> bool:
    """True when ``path`` is a folder written by a distributed run (it holds the manifest)."""
    return (Path(path) / MANIFEST).is_file()


def is_unfinished_output(path: str | Path) -> bool:
    """True for a folder with a run's tables but no manifest: a run that was stopped or is still going
    (before this version, a run wrote straight into its output folder)."""
    p = Path(path)
    return p.is_dir() and not is_output_dir(p) and any((p / t).is_dir() for t in ("records", "failures"))


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of an output folder; raises :class:`UsageError` when ``path`` is not one."""
    p = Path(path)
    if not is_output_dir(p):
        raise UsageError(f"{p} is not an onrecord run output (no {MANIFEST} in it); "
                         f"give the DIR that `onrecord run --engine ray --output DIR` wrote")
    manifest: dict[str, Any] = json.loads((p / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise UsageError(f"{p} holds output in format {manifest.get('format')!r}; this onrecord reads "
                         f"{FORMAT!r}: upgrade onrecord, or re-run the job with this version")
    return manifest


def _batches(path: Path, table: str, columns: list[str], batch_size: int) -> Iterator[pa.RecordBatch]:
    import pyarrow.dataset as ds

    folder = path / table
    if not folder.is_dir():
        return
    files = sorted(str(f) for f in folder.glob("*.parquet"))
    if not files:
        return
    yield from ds.dataset(files, format="parquet").to_batches(columns=columns, batch_size=batch_size)


def read_records(path: str | Path, *, batch_size: int = 256) -> Iterator[Record]:
    """Every record of an output folder, streamed (memory stays flat on any corpus size)."""
    p = Path(path)
    read_manifest(p)
    for batch in _batches(p, "records", ["record"], batch_size):
        for js in batch.column(0).to_pylist():
            yield Record.from_dict(json.loads(js))


def read_record_rows(path: str | Path, *, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """The ``records`` rows (key fields, ``origin``, ``input_sha256`` and the record JSON) as dicts."""
    p = Path(path)
    read_manifest(p)
    for batch in _batches(p, "records", SCHEMAS["records"].names, batch_size):
        yield from batch.to_pylist()


def read_failures(path: str | Path) -> Iterator[Failure]:
    """Every failure row of an output folder, as :class:`~onrecord.pipeline.Failure` values."""
    from ..pipeline import Failure

    p = Path(path)
    read_manifest(p)
    for batch in _batches(p, "failures", SCHEMAS["failures"].names, 1024):
        for row in batch.to_pylist():
            yield Failure(row["id"], row["stage"], row["reason"], row["sha256"], row["origin"])


def read_outcomes(path: str | Path) -> Iterator[Outcome]:
    """Records, then failures: what ``process_many`` would have yielded, for a store to ingest."""
    yield from read_records(path)
    yield from read_failures(path)


def ingest_output(store: Store, path: str | Path, *, batch_size: int = 512,
                  on_result: Callable[[Outcome | None], None] | None = None) -> AddResult:
    """Add an output folder's records and failures to ``store``, ``batch_size`` per transaction.

    Each record keeps its origin and input hash, as a local ``onrecord ingest``
    would store them; a record the store already holds is skipped, so
    ingesting the same folder twice is safe. ``on_result`` is called once per
    document (for a progress display).
    """
    from ..pipeline import Failure
    from ..store import AddResult, Provenance

    p = Path(path)
    read_manifest(p)
    total = AddResult()
    buf: list[tuple[Outcome, Provenance | None]] = []

    def flush() -> None:
        nonlocal total, buf
        if buf:
            total += store.add_batch(buf)
            buf = []

    for row in read_record_rows(p, batch_size=batch_size):
        rec = Record.from_dict(json.loads(row["record"]))
        buf.append((rec, Provenance(row["input_sha256"], row["origin"])))
        if on_result:
            on_result(rec)
        if len(buf) >= batch_size:
            flush()
    for batch in _batches(p, "failures", SCHEMAS["failures"].names, batch_size):
        for f in batch.to_pylist():
            fail = Failure(f["id"], f["stage"], f["reason"], f["sha256"], f["origin"])
            buf.append((fail, Provenance(f["input_sha256"], f["origin"])))
            if on_result:
                on_result(fail)
            if len(buf) >= batch_size:
                flush()
    flush()
    return total


def write_table(rows: Iterable[dict[str, Any]], name: str, path: Path) -> None:
    """Write ``rows`` as one Parquet file of table ``name`` (used for empty tables and small runs)."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table(name, list(rows)), path)


__all__ = [
    "FORMAT", "ITEM_TABLES", "MANIFEST", "SCHEMAS", "TABLES", "failure_row", "ingest_output", "input_sha256",
    "is_output_dir",
    "read_failures", "read_manifest", "read_outcomes", "read_record_rows", "read_records", "record_json",
    "record_rows", "to_table", "write_table",
]
