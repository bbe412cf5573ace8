"""The store's connection and lifetime: opening (and migrating) the file, closing it, write
transactions that report a failing disk, and finding a document or its corrections."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from ..errors import StoreError, UsageError
from .columns import _CORRECTION_COLUMNS, _correction
from .connection import _connect, _version, _why, migrate
from .corrections import Correction
from .schema import SCHEMA_VERSION


class _StoreBase:
    """What every part of :class:`onrecord.store.Store` stands on: the connection and its transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self._conn = conn
        self._ro: sqlite3.Connection | None = conn if readonly else None

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Self:
        """Open (creating and migrating when writable) the store at ``path``.

        Raises :class:`StoreError` when the file is not an onrecord store, is
        newer than this onrecord, or (read-only) does not exist or needs a migration.
        """
        p = Path(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(p, readonly=readonly)
            if readonly:
                version = _version(conn)
                if version == 0:
                    conn.close()
                    raise StoreError(f"{p} is not an onrecord store (no schema_version table)")
                if version < SCHEMA_VERSION:
                    conn.close()
                    raise StoreError(f"store {p} has schema version {version}; open it writable once "
                                     f"(e.g. `onrecord ingest` into it) to migrate it to {SCHEMA_VERSION}")
                if version > SCHEMA_VERSION:
                    conn.close()
                    raise StoreError(f"store {p} has schema version {version}, newer than this onrecord's "
                                     f"{SCHEMA_VERSION}; upgrade onrecord")
            else:
                migrate(conn)
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            raise StoreError(f"cannot open store {p}: {e}{_why(e, p, readonly)}") from e
        return cls(p, conn, readonly=readonly)

    def close(self) -> None:
        if self._ro is not None and self._ro is not self._conn:
            self._ro.close()
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return _version(self._conn)

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), rolled back on any error, a
        store-side failure reported as :meth:`_writing` says."""
        conn = self._conn
        with self._writing(what):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """A write that fails on the store's side (disk full, read-only file, I/O error) as a
        :class:`StoreError` saying so, and that nothing of ``what`` was kept."""
        try:
            yield
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot write to store {self.path}: {e}; {what} was rolled back and everything "
                             f"committed before it is kept{_why(e, self.path, False)}; run the same command again "
                             f"once fixed (documents already stored are skipped)") from e


    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only; open it with readonly=False to correct it")

    def _doc(self, key: str) -> tuple[int, str, str]:
        """(pk, sha256, id) of the document ``key`` names: its sha256, else an id held by one document."""
        row = self._conn.execute("SELECT pk, sha256, id FROM documents WHERE sha256 = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0]), str(row[1]), str(row[2])
        rows = self._conn.execute(
            "SELECT pk, sha256, id FROM documents WHERE id = ? OR pk IN (SELECT doc FROM sources WHERE id = ?) "
            "ORDER BY pk", (key, key)).fetchall()
        if not rows:
            raise UsageError(f"no document with sha256 or id {key!r} in {self.path}; "
                             f"`onrecord query docs --db {self.path}` lists them")
        if len(rows) > 1:
            raise UsageError(f"id {key!r} names {len(rows)} documents ({', '.join(r[1][:12] for r in rows)}...); "
                             f"name one by its sha256")
        return int(rows[0][0]), str(rows[0][1]), str(rows[0][2])

    def _corrections_of(self, sha: str, *, undone: bool = False) -> list[Correction]:
        return [_correction(r) for r in self._conn.execute(
            f"SELECT {_CORRECTION_COLUMNS} FROM corrections WHERE doc = ?"
            + ("" if undone else " AND undone IS NULL") + " ORDER BY pk", (sha,))]

    def _corrected_docs(self) -> set[str]:
        """The sha256 of every document with a correction (undone ones too: they are listed)."""
        return {r[0] for r in self._conn.execute("SELECT DISTINCT doc FROM corrections")}
