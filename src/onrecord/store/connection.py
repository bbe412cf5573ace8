"""Opening a store's SQLite file (writable in WAL mode, or read-only and unable to create or
attach files), bringing its schema up to date, and the likely cause of a SQLite error."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import StoreError
from .batch import _link, _unlinked
from .columns import _now
from .schema import LINKED_SINCE, MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_TABLE

log = logging.getLogger(__name__)


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        if not path.exists():
            raise StoreError(f"no store at {path}; create one with `onrecord ingest PATH --db {path}`")
        conn = _connect_ro(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        if not readonly:
            _refuse_foreign(conn, path)  # before WAL mode: that alone would change another program's file
            # WAL: readers never block the writer and a killed writer leaves a consistent file;
            # synchronous=NORMAL is durable against process death (only power loss may drop the
            # last commits, never corrupt the file).
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("store %s: journal mode is %s, not WAL", path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()  # a store that cannot be opened is not held open (a read-only mount stays unmountable)
        raise
    return conn


def _connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that cannot create or attach files.

    A store in WAL mode is read through its shared-memory file, which SQLite creates beside the
    store: on read-only media or in another user's folder it cannot, and the store is then opened
    ``immutable`` (SQLite reads the main file as it is, without locks). ``ATTACH`` is refused,
    because it creates the file it names and ``VACUUM INTO`` writes one.
    """
    uri = path.resolve().as_uri()
    # check_same_thread off: a read-only connection is safe to share (sqlite3 is serialized
    # here), and the web viewer serves requests from a thread pool.
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as e:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            log.warning("store %s cannot be opened for reading normally (%s) and has a write-ahead log that "
                        "is read only with write access: its last commits may not show", path, e)
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.set_authorizer(_read_only_authorizer)
    return conn


# VACUUM INTO writes a file (an empty one, even when query_only refuses the rest); ATTACH creates
# the file it names. Neither is a query.
_DENIED = frozenset({sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH})


def _read_only_authorizer(action: int, arg1: str | None, arg2: str | None, db: str | None,
                          trigger: str | None) -> int:
    return sqlite3.SQLITE_DENY if action in _DENIED else sqlite3.SQLITE_OK


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`StoreError` when ``path`` is a database of another program: one with tables,
    none of them onrecord's ``schema_version``. Its owner would find onrecord's tables and WAL mode
    in it."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    if tables and "schema_version" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{path} is a SQLite database of another program (tables: {shown}), not an onrecord "
                         f"store; onrecord leaves it as it is: give --db a new file or an onrecord store")


def _version(conn: sqlite3.Connection) -> int:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
    if not has:
        return 0
    return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION`, one transaction per migration; returns the version."""
    version = _version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(f"store has schema version {version}, newer than this onrecord's {SCHEMA_VERSION}; "
                         f"upgrade onrecord (pip install -U onrecord)")
    for n in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if _version(conn) > n:
                conn.execute("COMMIT")
                continue
            conn.execute(SCHEMA_VERSION_TABLE)
            for stmt in _statements(MIGRATIONS[n]):
                conn.execute(stmt)
            if n + 1 == LINKED_SINCE:  # the documents already held join stories and trails, once
                _link(conn, _unlinked(conn))
            conn.execute("INSERT INTO schema_version(version, applied) VALUES (?, ?)", (n + 1, _now()))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("store migrated to schema version %d", n + 1)
    return SCHEMA_VERSION


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, split where sqlite3 says a statement is complete
    (so trigger bodies with their inner semicolons stay whole). ``executescript`` is not used
    because it commits the open transaction first."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


def _why(e: sqlite3.DatabaseError, path: Path, readonly: bool) -> str:
    """The likely cause and fix of a SQLite error, for the message."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        try:
            free = shutil.disk_usage(path.resolve().parent).free
        except OSError:
            free = None
        if code & 0xFF == sqlite3.SQLITE_FULL or (free is not None and free < 1024 * 1024):
            return f" (the disk holding {path} is full: {free or 0} bytes free; free some space)"
        return f" ({getattr(e, 'sqlite_errorname', 'an I/O error')}: a failing disk, or a limit on file size?)"
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return (" (the store or its folder is read-only here: query it with `onrecord query`, which reads it "
                "as it is, or give --db a writable copy)" if not readonly else "")
    if code == sqlite3.SQLITE_NOTADB:
        return " (it is not a SQLite database: give --db an onrecord store or a new file)"
    return ""
