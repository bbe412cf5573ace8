"""Export: the full records as JSON Lines (corrected or raw), or the flat tables as CSV or
Parquet, with an optional confidence floor."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..model import Attribution, Record
from .base import _StoreBase
from .columns import _current_json, _to_json
from .corrections import apply_corrections, corrected_dict
from .schema import EXPORT_SKIP, TABLES

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")


class _Exporting(_StoreBase):
    """The export of :class:`onrecord.store.Store`."""

    def export(self, format: str, out: str | Path | IO[str], *, table: str | None = None, raw: bool = False,
               min_confidence: float = 0.0) -> int:
        """Write the store out; returns the number of rows (records) written.

        ``jsonl`` with no table writes the full records, one a line (the
        format ``onrecord extract`` prints): corrected, with the corrected attributions marked and the
        record's ``corrections`` listed (:func:`onrecord.store.corrections.corrected_dict`), or with
        ``raw`` as the pipeline made them. The flat tables hold both views side by side (the
        ``attributions.layer`` column; see :mod:`onrecord.store.schema`). ``csv`` and ``parquet`` with no
        table write every table of the schema into the folder ``out``
        (``attributions.csv``, ...); with ``table`` they write that one table to
        ``out``. ``out`` may be an open text stream for jsonl and csv.
        ``min_confidence`` leaves out the attributions of lower confidence: from
        each record, and from the attributions table and the tables that point
        at its rows (``quotes_under(min_confidence)`` counts them).
        """
        if format not in EXPORT_FORMATS:
            raise UsageError(f"unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")
        if table is not None and table not in TABLES:
            raise UsageError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
        if format == "jsonl" and table is None:
            with _text_out(out) as fh:
                n = 0
                held = set() if raw else self._corrected_docs()
                for js, sha in self._conn.execute("SELECT record, sha256 FROM documents ORDER BY pk"):
                    if sha in held:  # corrected, then the floor
                        corrs = self._corrections_of(sha, undone=True)
                        done = apply_corrections(Record.from_dict(json.loads(js)), corrs)
                        if min_confidence > 0:
                            done = replace(done, record=done.record.with_min_confidence(min_confidence))
                        js = _to_json(corrected_dict(done, corrs))
                    elif min_confidence > 0:
                        js = _to_json(Record.from_dict(json.loads(js)).with_min_confidence(min_confidence).to_dict())
                    fh.write(_current_json(js, Record) + "\n")
                    n += 1
            return n
        if table is None:
            if not isinstance(out, (str, Path)):
                raise UsageError(f"{format} export of all tables needs a folder for --out, or pick one --table")
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            return sum(self._export_table(t, format, folder / f"{t}.{format}", min_confidence) for t in TABLES)
        return self._export_table(table, format, out, min_confidence)

    def _export_table(self, table: str, format: str, out: str | Path | IO[str], min_confidence: float = 0.0) -> int:
        info = self._conn.execute(f"PRAGMA table_info({table})").fetchall()
        skip = EXPORT_SKIP.get(table, frozenset())
        cols = [(c[1], str(c[2]).upper()) for c in info if c[1] not in skip]
        names = ", ".join(f'"{c}"' for c, _ in cols)
        where, args = "", []
        if min_confidence > 0 and table == "attributions":
            where, args = " WHERE confidence >= ?", [min_confidence]
        elif min_confidence > 0 and "attr" in {c for c, _ in cols}:  # attribution_about, trail_members
            where, args = " WHERE attr IN (SELECT pk FROM attributions WHERE confidence >= ?)", [min_confidence]
        cur: Iterable[tuple[Any, ...]] = self._conn.execute(f"SELECT {names} FROM {table}{where} ORDER BY rowid", args)
        if table == "attributions":  # its json column, in today's contract
            at = [c for c, _ in cols].index("json")
            cur = (row[:at] + (_current_json(row[at], Attribution),) + row[at + 1:] for row in cur)
        if format == "parquet":
            return _write_parquet(cols, cur, out)
        n = 0
        with _text_out(out) as fh:
            if format == "csv":
                w = csv.writer(fh)
                w.writerow([c for c, _ in cols])
                for row in cur:
                    w.writerow(row)
                    n += 1
            else:
                keys = [c for c, _ in cols]
                for row in cur:
                    fh.write(json.dumps(dict(zip(keys, row)), ensure_ascii=False) + "\n")
                    n += 1
        return n


class _text_out:
    """A text stream for ``out``: the stream itself, stdout for "-", or a file opened (and closed) here."""

    def __init__(self, out: str | Path | IO[str]) -> None:
        self._out = out
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if isinstance(self._out, (str, Path)):
            if str(self._out) == "-":
                return sys.stdout
            Path(self._out).parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self._out, "w", encoding="utf-8", newline="")
            return self._fh
        return self._out

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()


def _write_parquet(cols: list[tuple[str, str]], rows: Iterable[tuple[Any, ...]], out: str | Path | IO[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not isinstance(out, (str, Path)) or str(out) == "-":
        raise UsageError("parquet export needs a file path for --out")
    types = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    schema = pa.schema([(c, types.get(t, pa.string())) for c, t in cols])
    data = list(rows)
    columns = [[r[i] for r in data] for i in range(len(cols))]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema),
                   str(out))
    return len(data)
