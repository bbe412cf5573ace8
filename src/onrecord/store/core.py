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

import csv
import hashlib
import json
import logging
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Self, TypeVar

from ..errors import StoreError, UsageError
from ..model import Attribution, Record, Span, entity_key
from ..pipeline import Failure, Input, Outcome
from . import stories as _stories
from . import trails as _trails
from .corrections import (
    CHANGES,
    Applied,
    Corrected,
    Correction,
    apply_corrections,
    check_span,
    corrected_dict,
    reviewer,
)
from .schema import EXPORT_SKIP, LINKED_SINCE, MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_TABLE, TABLES
from .stories import StoryRow
from .trails import Appearance, TrailRow

log = logging.getLogger(__name__)

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
DEFAULT_LIMIT = 50


def input_sha256(data: bytes | str) -> str:
    """The key of an input as given (before decoding), so a re-run can skip what it already holds."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# "lies OR crockery": the one piece of search syntax users type and expect to work. OR in capitals,
# standing alone between words ("this or that", "ORANGE" stay words).
_OR = re.compile(r"(?<!\S)OR(?!\S)")


def _fts_query(text: str) -> str:
    """``text`` as an FTS5 query: one phrase, as users type words, not FTS5 syntax ("interest rates",
    AT&T, a lone quote mark); or phrases joined by OR ("lies OR crockery", "pay rise OR pay cut").
    A NUL would end FTS5's string early ("unterminated string"): it searches as a space.

    Raises :class:`UsageError` for a search with no word to look for ("-", "...", "OR", "lies OR"):
    the index holds words (letters and digits) only, so it would find nothing, silently."""
    parts = _OR.split(text)
    empty = [p for p in parts if not any(ch.isalnum() for ch in p)]
    if empty:
        where = "" if len(parts) == 1 else " on one side of OR"
        raise UsageError(f"search {text!r} has no word to look for{where}: the full-text index holds words "
                         f"(letters and digits), not punctuation; search for words, a phrase (\"interest "
                         f"rates\") or alternatives joined by OR (\"lies OR crockery\")")
    return " OR ".join('"' + p.strip().replace('"', '""').replace("\x00", " ") + '"' for p in parts)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an outcome came from: the sha256 of the input bytes and the path or stream line."""

    input_sha256: str | None = None
    origin: str | None = None

    @classmethod
    def of(cls, inp: Input | Failure) -> Provenance:
        if isinstance(inp, Failure):
            return cls(None, inp.origin)
        return cls(input_sha256(inp.data), inp.origin)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`Store.add` did: documents added, already present (no-op), failures recorded."""

    added: int = 0
    skipped: int = 0
    failed: int = 0

    def __add__(self, other: AddResult) -> AddResult:
        return AddResult(self.added + other.added, self.skipped + other.skipped, self.failed + other.failed)


@dataclass(frozen=True, slots=True)
class ReprocessResult:
    """What one :meth:`Store.replace_batch` (``onrecord ingest --reprocess``) did: documents re-made,
    failed (kept as they were), and what became of their corrections: re-applied where they were,
    found again nearby (moved), and those that no longer apply (each with its reason in ``note``)."""

    documents: int = 0
    failed: int = 0
    applied: int = 0
    moved: int = 0
    not_applied: tuple[Correction, ...] = ()

    @property
    def corrections(self) -> int:
        return self.applied + self.moved + len(self.not_applied)

    def __add__(self, other: ReprocessResult) -> ReprocessResult:
        return ReprocessResult(self.documents + other.documents, self.failed + other.failed,
                               self.applied + other.applied, self.moved + other.moved,
                               self.not_applied + other.not_applied)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    sha256: str
    id: str
    published: str | None
    headline: str | None
    publisher: str | None
    url: str | None
    origin: str | None
    n_entities: int
    n_attributions: int
    n_quantities: int
    n_times: int
    added: str
    ids: tuple[str, ...]  # every id an input gave this text under (the same article in several files)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One attribution with the document it comes from and its speaker's names."""

    doc_id: str
    sha256: str
    published: str | None
    headline: str | None
    aid: str
    kind: str
    content: str
    cue: str | None
    source: str | None
    speaker_name: str | None
    speaker_key: str | None
    speaker_type: str
    hedged: bool
    confidence: float
    trail: int | None = None  # the quote's trail, when its words appear elsewhere too
    said_start: str | None = None  # when it was said (the record's said_at), ISO dates
    said_end: str | None = None
    said_from: str | None = None  # text | published
    corrections: tuple[int, ...] = ()  # the corrections that changed it (in the raw view: that superseded it)

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)

    @property
    def speaker(self) -> str | None:
        """The best name for who said it: the resolved entity's name, else the source as written."""
        return self.speaker_name or self.source

    def to_dict(self) -> dict[str, Any]:
        return dict(asdict(self), corrections=list(self.corrections), corrected=self.corrected)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity across the corpus: all document entities sharing one cross-document key."""

    key: str
    name: str
    type: str
    documents: int
    mentions: int
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FailureRow:
    id: str
    stage: str
    reason: str
    origin: str | None
    input_sha256: str | None
    time: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


# Bound parameters per `sha256 IN (...)` query: far below SQLite's limit (32,766 since 3.32).
_IN_CHUNK = 500

# One encoder for every row: json.dumps with options builds a new one per call.
_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _record_json(rd: dict[str, Any], attr_json: list[str]) -> str:
    """``_to_json(rd)``, with each attribution's JSON taken from ``attr_json`` (made for the
    attributions.json column) rather than encoded a second time: an object's JSON is its members'
    JSON in order, so the record is encoded in the pieces before and after "attributions"."""
    keys = list(rd)
    i = keys.index("attributions")
    head = _to_json({k: rd[k] for k in keys[:i]})[:-1]  # '{"schema":...' without its '}'
    tail = _to_json({k: rd[k] for k in keys[i + 1:]})[1:]  # '"quantities":...}' without its '{'
    return (head + ("," if i else "") + '"attributions":[' + ",".join(attr_json) + "]"
            + ("," + tail if len(tail) > 1 else tail))


# A record or attribution stored before 2026-12-04 holds a one-part content as a bare SPAN
# ("content":{"start":...}); an export gives today's contract, a list of SPANs, so such JSON is
# read and written again (anything else is written as stored, byte for byte).
_OLD_CONTENT = re.compile(r'"content":\s*\{')


def _current_json(js: str, kind: type[Record | Attribution]) -> str:
    """``js`` (a stored record's or attribution's JSON) in today's contract."""
    if not _OLD_CONTENT.search(js):
        return js
    return _to_json(kind.from_dict(json.loads(js)).to_dict())


def _shared_trail(raw: bool) -> str:
    """The trail of attribution ``a`` when that trail has another appearance in the same view (else NULL)."""
    other = "b.layer != 2" if raw else "b.layer != 1"
    return ("(SELECT MIN(t.trail) FROM trail_members t WHERE t.attr = a.pk AND EXISTS "
            "(SELECT 1 FROM trail_members u JOIN attributions b ON b.pk = u.attr "
            f"WHERE u.trail = t.trail AND u.pk != t.pk AND {other}))")


def _attribution_filters(speaker: str | None, search: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions on attributions ``a`` for a speaker (any of its names) and a phrase in the
    content, with their arguments (see :meth:`Store.quotes`)."""
    where: list[str] = []
    args: list[Any] = []
    if speaker:
        norm = entity_key(speaker, "").split(":", 1)[1]
        where.append(
            "(a.speaker_key = lower(?) OR substr(a.speaker_key, instr(a.speaker_key, ':') + 1) = ? "
            "OR a.speaker_name = ? OR a.source = ? OR EXISTS (SELECT 1 FROM mentions m JOIN entities e "
            "ON e.pk = m.entity WHERE e.doc = a.doc AND e.eid = a.speaker AND m.text = ?) "
            # a joined source's group ("Ana Ruiz and Tom Reyes") is a speaker of each member's quotes
            # (its name lists the members' canonical names with commas and a last "and")
            "OR a.speaker_type = 'group' AND ', ' || replace(a.speaker_name, ' and ', ', ') || ', ' LIKE ? ESCAPE '\\')"
        )
        member = re.sub(r"([\\%_])", r"\\\1", " ".join(speaker.split()))
        args += [speaker.strip(), norm, speaker.strip(), speaker.strip(), speaker.strip(), "%, " + member + ", %"]
    if search:
        where.append("a.pk IN (SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH ?)")
        args.append(_fts_query(search))
    return where, args


def _quote_filters(speaker: str | None, search: str | None, kind: str | None, about: str | None,
                   since: str | None, until: str | None, *, raw: bool = False) -> tuple[list[str], list[Any]]:
    """SQL conditions on attributions ``a`` for the filters of :meth:`Store.quotes`, with their
    arguments: in the corrected view, or with ``raw`` the pipeline's (:func:`_layer`)."""
    where, args = _attribution_filters(speaker, search)
    where.append(_layer(raw))
    if about:
        norm = entity_key(about, "").split(":", 1)[1]
        where.append(
            "a.pk IN (SELECT aa.attr FROM attribution_about aa JOIN entities e ON e.pk = aa.entity "
            "WHERE e.key = lower(?) OR substr(e.key, instr(e.key, ':') + 1) = ? OR e.name = ? "
            "OR EXISTS (SELECT 1 FROM mentions m WHERE m.entity = e.pk AND m.kind != 'pronoun' AND m.text = ?))")
        args += [about.strip(), norm, about.strip(), about.strip()]
    # When it was said (said_at: the text's date at the cue, else the publication date): a
    # statement whose interval meets [since, until]; one of unknown date is left out.
    if since:
        where.append("a.said_end >= ?")
        args.append(since)
    if until:
        where.append("a.said_start <= ?")
        args.append(until)
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    return where, args


_ATTRIBUTION_COLUMNS = (
    "pk, doc, aid, kind, content, content_start, content_end, cue, cue_start, cue_end, source, source_start, "
    "source_end, speaker, speaker_key, speaker_name, speaker_type, addressee, hedged, confidence, json, "
    "said_start, said_end, said_from, layer, corrections")
_INSERT_ATTRIBUTION = (f"INSERT INTO attributions({_ATTRIBUTION_COLUMNS}) VALUES ("
                       + ", ".join("?" * len(_ATTRIBUTION_COLUMNS.split(","))) + ")")


def _attribution_row(pk: int, doc: int, a: Attribution, ents: dict[str, tuple[str, str]], ajs: str, *,
                     layer: int = 0, corrections: str | None = None) -> tuple[Any, ...]:
    """The attributions row of ``a`` (columns :data:`_ATTRIBUTION_COLUMNS`); ``ents`` maps the
    record's entity ids to (cross-document key, canonical name); ``ajs`` is ``a``'s JSON."""
    sp = ents.get(a.speaker) if a.speaker else None
    cue, src, adr = a.cue, a.source, a.addressee
    return (
        pk, doc, a.id, a.kind, a.content_text, a.content[0].start if a.content else 0,
        a.content[-1].end if a.content else 0,
        cue.text if cue else None, cue.start if cue else None, cue.end if cue else None,
        src.text if src else None, src.start if src else None, src.end if src else None,
        a.speaker, sp[0] if sp else None, sp[1] if sp else None, a.speaker_type,
        adr.text if adr else None, int(a.hedged), float(a.confidence), ajs,
        a.said_at.start if a.said_at else None, a.said_at.end if a.said_at else None,
        a.said_at.source if a.said_at else None, layer, corrections,
    )


def _layer(raw: bool) -> str:
    """The condition on attributions ``a`` for one view: the pipeline's rows (raw) or the corrected
    ones (schema.py: ``layer``)."""
    return "a.layer != 2" if raw else "a.layer != 1"


def _ids(value: str | None) -> tuple[int, ...]:
    """Correction ids from an ``attributions.corrections`` cell ("3,7")."""
    return tuple(int(x) for x in value.split(",")) if value else ()


_CORRECTION_COLUMNS = ("pk, doc, doc_id, change, aid, anchor, value, who, at, reason, undone, status, note, "
                       "applied_to")


def _correction(row: Sequence[Any]) -> Correction:
    pk, doc, doc_id, change, aid, anchor, value, who, at, reason, undone, status, note, applied_to = row
    return Correction(id=int(pk), doc=doc, doc_id=doc_id, change=change, aid=aid,
                      anchor=tuple(Span.from_dict(x) for x in json.loads(anchor)),
                      **Correction.value_fields(json.loads(value)), who=who, at=at, reason=reason, undone=undone,
                      status=status, note=note, applied_to=applied_to)


def split_attribution(ref: str) -> tuple[str, str]:
    """``"DOC:a3"`` as (document key, attribution id): the document's sha256 or id, then the
    attribution's id in the corrected view, after the last colon."""
    doc, sep, aid = ref.rpartition(":")
    if not sep or not doc or not aid:
        raise UsageError(f"{ref!r} does not name an attribution; write DOC:ID, the document's id or sha256 and "
                         f"the attribution's id, e.g. sport/001:a3 (`onrecord query quotes --json` shows both)")
    return doc, aid


class _BatchWriter:
    """The rows of one batch, gathered table by table and written with one ``executemany`` each.

    Runs inside the batch's transaction, which holds SQLite's write lock (``BEGIN IMMEDIATE``),
    so the primary keys it hands out (the table's largest plus one, what SQLite itself would pick)
    cannot be taken by another writer before the commit.
    """

    def __init__(self, conn: sqlite3.Connection, now: str) -> None:
        self.conn = conn
        self.now = now
        self.documents: list[tuple[Any, ...]] = []
        self.sources: list[tuple[Any, ...]] = []
        self.entities: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        self.attributions: list[tuple[Any, ...]] = []
        self.quantities: list[tuple[Any, ...]] = []
        self.times: list[tuple[Any, ...]] = []
        self.about: list[tuple[int, int]] = []
        self.failures: list[tuple[Any, ...]] = []
        self.linkable: list[_Linkable] = []

    def write(self, items: Sequence[tuple[Outcome, Provenance | None]]) -> AddResult:
        now = self.now
        shas = [None if isinstance(out, Failure) else out.sha256 for out, _ in items]
        held = self._held({s for s in shas if s is not None})
        first_doc = doc = self._next_pk("documents")
        self.next_entity = self._next_pk("entities")
        first_attr = self.next_attr = self._next_pk("attributions")
        added = skipped = failed = 0
        for (out, prov), sha in zip(items, shas):
            prov = prov or Provenance()
            if isinstance(out, Failure):
                self.failures.append((out.id, out.stage, out.reason, out.origin or prov.origin, prov.input_sha256,
                                      now))
                failed += 1
                continue
            assert sha is not None
            pk = held.get(sha)
            if pk is None:  # a new text (the same text twice in one batch: the second is held by then)
                pk = held[sha] = doc
                doc += 1
                self._record(pk, sha, out, prov)
                added += 1
            else:
                skipped += 1
            self.sources.append((pk, out.id, prov.origin, prov.input_sha256, now))
        self._insert(first_doc, first_attr)
        return AddResult(added, skipped, failed)

    def rewrite(self, items: Sequence[tuple[int, Outcome]]) -> dict[int, str]:
        """Replace the pipeline's rows of held documents (documents.pk, new outcome) by those of the
        new outcome (``onrecord ingest --reprocess``); a failure is recorded and leaves the document
        as it was. Returns, for each document whose text itself changed (a new reader), its old sha256."""
        conn = self.conn
        # New pks above every held one, taken before any row is deleted, so none is reused.
        self.next_entity = self._next_pk("entities")
        first_attr = self.next_attr = self._next_pk("attributions")
        renamed: dict[int, str] = {}
        rows: list[tuple[Any, ...]] = []
        for pk, out in items:
            if isinstance(out, Failure):
                self.failures.append((out.id, out.stage, out.reason, out.origin, None, self.now))
                continue
            old = conn.execute("SELECT sha256, id, input_sha256, origin, added FROM documents WHERE pk = ?",
                               (pk,)).fetchone()
            sha = out.sha256
            if sha != old[0]:
                other = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
                if other is not None:
                    why = f"re-processed, its text became that of document {other[0]!r}; kept as it was"
                    self.failures.append((old[1], "store", why, None, old[2], self.now))
                    continue
                renamed[pk] = old[0]
            for table in ("entities", "attributions", "quantities", "times", "trail_members", "story_members",
                          "story_bands"):
                conn.execute(f"DELETE FROM {table} WHERE doc = ?", (pk,))
            self._record(pk, sha, out, Provenance(old[2], old[3]))
            d = self.documents.pop()
            rows.append((sha, d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], pk))
        for pk, old_sha in renamed.items():
            conn.execute("INSERT INTO documents_fts(documents_fts, rowid, text) SELECT 'delete', pk, text "
                         "FROM documents WHERE pk = ?", (pk,))
        conn.executemany(
            "UPDATE documents SET sha256 = ?, published = ?, headline = ?, publisher = ?, url = ?, text = ?, "
            "n_entities = ?, n_attributions = ?, n_quantities = ?, n_times = ?, record = ? WHERE pk = ?", rows)
        for pk, old_sha in renamed.items():
            conn.execute("INSERT INTO documents_fts(rowid, text) SELECT pk, text FROM documents WHERE pk = ?", (pk,))
            conn.execute("UPDATE corrections SET doc = (SELECT sha256 FROM documents WHERE pk = ?) WHERE doc = ?",
                         (pk, old_sha))
        self._insert(None, first_attr)
        return renamed

    def _insert(self, first_doc: int | None, first_attr: int | None) -> None:
        """Write the rows gathered; ``first_doc``/``first_attr``: the batch's first new pks, from which
        the full-text indexes are filled (None: nothing of that table to index)."""
        conn = self.conn
        conn.executemany(
            "INSERT INTO documents(pk, sha256, id, input_sha256, origin, published, headline, publisher, url, text, "
            "n_entities, n_attributions, n_quantities, n_times, record, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.documents)
        conn.executemany(
            "INSERT INTO sources(doc, id, origin, input_sha256, added) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING", self.sources)
        conn.executemany(
            "INSERT INTO entities(pk, doc, eid, key, name, type, n_mentions) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.entities)
        conn.executemany(
            'INSERT INTO mentions(doc, entity, start, "end", text, kind) VALUES (?, ?, ?, ?, ?, ?)', self.mentions)
        conn.executemany(_INSERT_ATTRIBUTION, self.attributions)
        conn.executemany(
            'INSERT INTO quantities(doc, start, "end", text, kind, low, high, value, approx, unit, counted) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.quantities)
        conn.executemany(
            'INSERT INTO times(doc, start, "end", text, type, value, tstart, tend, anchored, approx) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.times)
        conn.executemany("INSERT OR IGNORE INTO attribution_about(attr, entity) VALUES (?, ?)", self.about)
        conn.executemany(
            "INSERT INTO failures(id, stage, reason, origin, input_sha256, time) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id, stage, reason) DO UPDATE SET time = excluded.time, count = count + 1, "
            "origin = COALESCE(excluded.origin, origin), input_sha256 = COALESCE(excluded.input_sha256, input_sha256)",
            self.failures)
        # The full-text indexes, one statement each for the whole batch (schema.py says why).
        if self.documents and first_doc is not None:
            conn.execute("INSERT INTO documents_fts(rowid, text) SELECT pk, text FROM documents WHERE pk >= ?",
                         (first_doc,))
        if self.attributions and first_attr is not None:
            conn.execute("INSERT INTO attributions_fts(rowid, content) SELECT pk, content FROM attributions "
                         "WHERE pk >= ?", (first_attr,))
        # Stories and trails: the batch's new documents (those stored before the store had them
        # were linked by the migration to version 4, see migrate).
        _link(conn, self.linkable)

    def _held(self, shas: set[str]) -> dict[str, int]:
        """The documents.pk of each text in ``shas`` the store already holds."""
        held: dict[str, int] = {}
        todo = sorted(shas)
        for i in range(0, len(todo), _IN_CHUNK):
            chunk = todo[i:i + _IN_CHUNK]
            held.update(self.conn.execute(
                f"SELECT sha256, pk FROM documents WHERE sha256 IN ({', '.join('?' * len(chunk))})", chunk))
        return held

    def _next_pk(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COALESCE(MAX(pk), 0) + 1 FROM {table}").fetchone()[0])

    def _record(self, doc: int, sha: str, r: Record, prov: Provenance) -> None:
        # One to_dict per record: its entity keys and attribution dicts are reused for the columns.
        rd = r.to_dict()
        ents: dict[str, tuple[str, str]] = {}
        entity_pk: dict[str, int] = {}
        for e, ed in zip(r.entities, rd["entities"]):
            pk = entity_pk[e.id] = self.next_entity
            self.next_entity += 1
            key = ed["key"]
            ents[e.id] = (key, e.name)
            self.entities.append((pk, doc, e.id, key, e.name, e.type, len(e.mentions)))
            self.mentions.extend((doc, pk, mn.start, mn.end, mn.text, mn.kind) for mn in e.mentions)
        attr_json = [_to_json(ad) for ad in rd["attributions"]]
        self.linkable.append((doc, r.body or r.text, r.published, [
            (self.next_attr + k, a.kind, [(c.start, c.end, c.text) for c in a.content],
             ents[a.speaker][0] if a.speaker in ents else None) for k, a in enumerate(r.attributions)]))
        for a, ajs in zip(r.attributions, attr_json):
            self.attributions.append(_attribution_row(self.next_attr, doc, a, ents, ajs))
            self.about.extend((self.next_attr, entity_pk[e]) for e in a.about if e in entity_pk)
            self.next_attr += 1
        self.quantities.extend(
            (doc, q.span.start, q.span.end, q.span.text, q.kind, q.low, q.high, q.value, int(q.approx), q.unit,
             q.counted) for q in r.quantities)
        self.times.extend(
            (doc, t.span.start, t.span.end, t.span.text, t.type, t.value, t.start, t.end, int(t.anchored),
             int(t.approx)) for t in r.times)
        m = r.meta
        self.documents.append((
            doc, sha, r.id, prov.input_sha256, prov.origin, r.published, m.headline.text if m.headline else None,
            m.publisher.name if m.publisher else None, m.url, r.text, len(r.entities), len(r.attributions),
            len(r.quantities), len(r.times), _record_json(rd, attr_json), self.now,
        ))


# What linking needs of a document: its pk, body, publication date, and for each attribution its
# pk, kind, content parts (start, end, text) and speaker's cross-document key.
_Linkable = tuple[int, str, str | None, list[tuple[int, str, list[tuple[int, int, str]], str | None]]]


def _unlinked(conn: sqlite3.Connection) -> list[_Linkable]:
    """The documents not yet in a story (stored before version 4), read from their rows: a record
    JSON that cannot be read leaves the body to the document's text, an attribution's JSON that
    cannot be read leaves it out of the trails."""
    out: list[_Linkable] = []
    for pk, text, published, rec in conn.execute(
            "SELECT pk, text, published, record FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM story_members s WHERE s.doc = d.pk) ORDER BY pk"):
        try:
            body = json.loads(rec).get("body") or text
        except (ValueError, AttributeError):
            body = text
        attrs = []
        for apk, kind, ajs, key in conn.execute(
                "SELECT pk, kind, json, speaker_key FROM attributions WHERE doc = ? ORDER BY pk", (pk,)):
            try:
                content = Attribution.from_dict(json.loads(ajs)).content
            except (ValueError, KeyError, TypeError, AttributeError):
                content = ()
            attrs.append((int(apk), str(kind), [(c.start, c.end, c.text) for c in content], key))
        out.append((int(pk), str(body), published, attrs))
    return out


def _link(conn: sqlite3.Connection, docs: Sequence[_Linkable]) -> None:
    """Place documents in stories (by their bodies) and their quoted words in trails."""
    _stories.link(conn, [(pk, body) for pk, body, _, _ in docs])
    _trails.link(conn, [_trails.Quoted(apk, k, pk, start, end, text, key, published)
                        for pk, _, published, attrs in docs for apk, kind, parts, key in attrs
                        for k, (start, end, text) in enumerate(_trails.quoted_parts(kind, parts))])


# The speakers only a reviewer named (`onrecord correct speaker DOC:ID "Name"`), as entities rows
# (key, name, type, documents, mentions, quotes): no document's entities hold them, the corrected
# view's attributions do. Their type is their key's ("person:ana ruiz").
_NAMED_ONLY = (
    "SELECT a.speaker_key AS key, MAX(a.speaker_name), upper(substr(a.speaker_key, 1, instr(a.speaker_key, ':') - 1)) "
    "AS type, COUNT(DISTINCT a.doc) AS docs, 0 AS n, COUNT(*) FROM attributions a WHERE a.layer = 2 "
    "AND a.speaker_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.key = a.speaker_key) "
    "GROUP BY a.speaker_key")


_T = TypeVar("_T")


def batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they come: the store writes
    one transaction per list."""
    buf: list[_T] = []
    for item in items:
        buf.append(item)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


class Store:
    """An onrecord corpus in one SQLite file. Open with :meth:`Store.open`; use as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self._conn = conn
        self._ro: sqlite3.Connection | None = conn if readonly else None

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
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

    # ---------------------------------------------------------------- writing

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

    # ---------------------------------------------------------------- corrections

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

    def corrections(self, *, doc: str | None = None, status: str | None = None,
                    undone: bool = True, limit: int | None = None) -> list[Correction]:
        """Corrections, oldest first: of one document (sha256 or id), with one status (applied,
        moved, not_applied, undone), without the undone ones when ``undone`` is false."""
        where, args = [], []
        if doc is not None:
            where.append("doc = ?")
            args.append(self._doc(doc)[1])
        if status is not None:
            where.append("status = ?")
            args.append(status)
        if not undone:
            where.append("undone IS NULL")
        return [_correction(r) for r in self._conn.execute(
            f"SELECT {_CORRECTION_COLUMNS} FROM corrections" + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY pk" + _limit(limit), args)]

    def correction(self, id: int) -> Correction:
        """The correction with ``id``; :class:`UsageError` when there is none."""
        row = self._conn.execute(f"SELECT {_CORRECTION_COLUMNS} FROM corrections WHERE pk = ?", (id,)).fetchone()
        if row is None:
            raise UsageError(f"no correction {id} in {self.path}; `onrecord correct list --db {self.path}` lists them")
        return _correction(row)

    def correct_wrong(self, attribution: str, *, reason: str | None = None, who: str | None = None) -> Correction:
        """Mark the attribution ``"DOC:ID"`` as not one: the corrected view leaves it out."""
        return self._correct("wrong", attribution, reason=reason, who=who)

    def correct_speaker(self, attribution: str, *, name: str | None = None, entity: str | None = None,
                        reason: str | None = None, who: str | None = None) -> Correction:
        """Set the speaker of ``"DOC:ID"`` to the document's entity ``entity`` ("e3") or to ``name``."""
        if (name is None) == (entity is None):
            raise UsageError("give the speaker as a NAME or as --entity ID (one of the two)")
        if name is not None and not name.strip():
            raise UsageError("the speaker's name is empty; give a name, or --entity ID")
        return self._correct("speaker", attribution, name=name.strip() if name else None, entity=entity,
                             reason=reason, who=who)

    def correct_content(self, attribution: str, start: int, end: int, *, reason: str | None = None,
                        who: str | None = None) -> Correction:
        """Move the content of ``"DOC:ID"`` to the characters ``start..end`` of its document's text."""
        return self._correct("content", attribution, spans=[(start, end)], reason=reason, who=who)

    def correct_source(self, attribution: str, start: int, end: int, *, reason: str | None = None,
                       who: str | None = None) -> Correction:
        """Move the source mention of ``"DOC:ID"`` to ``start..end``; its speaker follows that mention's
        entity."""
        return self._correct("source", attribution, spans=[(start, end)], reason=reason, who=who)

    def correct_add(self, doc: str, content: tuple[int, int], *, cue: tuple[int, int] | None = None,
                    source: tuple[int, int] | None = None, name: str | None = None, entity: str | None = None,
                    kind: str | None = None, reason: str | None = None, who: str | None = None) -> Correction:
        """Add an attribution the pipeline missed to document ``doc`` (sha256 or id): its content at
        ``start, end``, and optionally its cue, source, speaker (``entity`` or ``name``) and kind
        (default: direct when the content opens with a quote mark, else indirect)."""
        if name is not None and entity is not None:
            raise UsageError("give the speaker as --speaker NAME or --entity ID, not both")
        return self._correct("add", None, doc=doc, spans=[content], cue=cue, source=source, name=name,
                             entity=entity, kind=kind, reason=reason, who=who)

    def undo_correction(self, id: int) -> Correction:
        """Undo correction ``id``: kept and listed, no longer applied."""
        self._writable()
        c = self.correction(id)
        if c.undone:
            raise UsageError(f"correction {id} was undone already, at {c.undone}")
        conn = self._conn
        with self._transaction(f"undoing correction {id}"):
            conn.execute("UPDATE corrections SET undone = ?, status = 'undone', note = NULL, applied_to = NULL "
                         "WHERE pk = ?", (_now(), id))
            pk = conn.execute("SELECT pk FROM documents WHERE sha256 = ?", (c.doc,)).fetchone()
            if pk is not None:
                self._refresh(int(pk[0]))
        return self.correction(id)

    def _correct(self, change: str, attribution: str | None, *, doc: str | None = None,
                 spans: Sequence[tuple[int, int]] = (), cue: tuple[int, int] | None = None,
                 source: tuple[int, int] | None = None, name: str | None = None, entity: str | None = None,
                 kind: str | None = None, reason: str | None = None, who: str | None = None) -> Correction:
        self._writable()
        if change not in CHANGES:
            raise UsageError(f"unknown correction {change!r}; use one of {', '.join(CHANGES)}")
        aid = None
        if attribution is not None:
            doc, aid = split_attribution(attribution)
        assert doc is not None
        with self._transaction("the correction"):
            pk, sha, doc_id = self._doc(doc)
            now = self.corrected(sha)
            assert now is not None
            rec = now.record
            anchor: tuple[Span, ...] = ()
            if aid is not None:
                a = next((x for x in rec.attributions if x.id == aid), None)
                if a is None:
                    raise UsageError(f"document {doc_id!r} has no attribution {aid!r} in its corrected view "
                                     f"(it has {', '.join(x.id for x in rec.attributions) or 'none'}; one "
                                     f"marked wrong is gone from it: undo that correction first)")
                anchor = a.content
            value: dict[str, Any] = {}
            if spans:
                value["spans"] = [check_span(rec, s, e, change if change != "add" else "content").to_dict()
                                  for s, e in spans]
            for what, se in (("cue", cue), ("source", source)):
                if se is not None:
                    value[what] = check_span(rec, se[0], se[1], what).to_dict()
            if entity is not None:
                ent = rec.entity(entity)
                if ent is None:
                    raise UsageError(f"document {doc_id!r} has no entity {entity!r} (it has "
                                     f"{', '.join(e.id + ' ' + e.name for e in rec.entities[:20]) or 'none'}"
                                     f"{', ...' if len(rec.entities) > 20 else ''}); or give the speaker by name")
                value.update(entity=entity, entity_name=ent.name, entity_type=ent.type)
            if name is not None:
                value["name"] = name
            if kind is not None:
                value["kind"] = kind
            cid = self._insert_correction(Correction(
                0, sha, doc_id, change, aid, anchor, **Correction.value_fields(value), who=reviewer(who),
                at=_now(), reason=reason))
            out = self._refresh(pk).get(cid)
            if out is None or out.status == "not_applied":
                raise UsageError(f"correction not made: {out.note if out else 'it does not apply'}")
        return self.correction(cid)

    def import_correction(self, c: Correction) -> Correction | None:
        """Add a correction made elsewhere (read back from `onrecord correct export`), keeping its
        reviewer, time and reason; its document is found by sha256, else by id. None when the store
        holds the same correction already (importing twice is a no-op). One that does not apply here
        is kept, with status not_applied and the reason, as a re-run would keep it."""
        self._writable()
        if c.change not in CHANGES:
            raise UsageError(f"unknown correction {c.change!r}; use one of {', '.join(CHANGES)}")
        conn = self._conn
        with self._transaction("the imported correction"):
            row = conn.execute("SELECT pk, sha256, id FROM documents WHERE sha256 = ?", (c.doc,)).fetchone()
            pk, sha, doc_id = (int(row[0]), str(row[1]), str(row[2])) if row else self._doc(c.doc_id)
            anchor, value = _to_json([s.to_dict() for s in c.anchor]), _to_json(c.value())
            if conn.execute("SELECT 1 FROM corrections WHERE doc = ? AND change = ? AND anchor = ? AND value = ? "
                            "AND who = ? AND at = ?", (sha, c.change, anchor, value, c.who, c.at)).fetchone():
                return None
            cid = self._insert_correction(replace(c, doc=sha, doc_id=doc_id, who=c.who or reviewer(None),
                                                  at=c.at or _now()))
            self._refresh(pk)
        return self.correction(cid)

    def _insert_correction(self, c: Correction) -> int:
        """Write ``c`` (its ``id`` ignored) into the corrections table; returns its new id."""
        cur = self._conn.execute(
            "INSERT INTO corrections(doc, doc_id, target, change, aid, anchor, value, who, at, reason, undone, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c.doc, c.doc_id, c.target, c.change, c.aid, _to_json([s.to_dict() for s in c.anchor]),
             _to_json(c.value()), c.who, c.at, c.reason, c.undone, "undone" if c.undone else "applied"))
        return int(cur.lastrowid or 0)

    def _refresh(self, pk: int) -> dict[int, Applied]:
        """Re-apply the corrections of document ``pk`` to its pipeline record and rewrite its rows of
        the corrected view (schema.py: ``attributions.layer``); inside the caller's transaction.
        Returns what became of each correction, as also written to its row."""
        conn = self._conn
        sha, js, published = conn.execute("SELECT sha256, record, published FROM documents WHERE pk = ?",
                                          (pk,)).fetchone()
        corrs = self._corrections_of(sha)
        raw = Record.from_dict(json.loads(js))
        done = apply_corrections(raw, corrs)
        conn.executemany("UPDATE corrections SET status = ?, note = ?, applied_to = ? WHERE pk = ?",
                         [(o.status, o.note, o.aid, cid) for cid, o in done.outcomes.items()])
        # Trails: the document's trails are flagged again below (which of its rows vote changes),
        # and the rows of its corrected view leave their trails before they are made again.
        trails = {int(t) for (t,) in conn.execute("SELECT DISTINCT trail FROM trail_members WHERE doc = ?", (pk,))}
        conn.execute("DELETE FROM trail_members WHERE attr IN (SELECT pk FROM attributions WHERE doc = ? AND "
                     "layer = 2)", (pk,))
        conn.execute("DELETE FROM attributions WHERE doc = ? AND layer = 2", (pk,))
        conn.execute("UPDATE attributions SET layer = 0, corrections = NULL WHERE doc = ? AND layer = 1", (pk,))
        by_id = {a.id: a for a in raw.attributions}
        after = {a.id: a for a in done.record.attributions}

        def ids(aid: str) -> str | None:
            return ",".join(str(c) for c in done.by_attribution.get(aid, ())) or None

        conn.executemany("UPDATE attributions SET layer = 1, corrections = ? WHERE doc = ? AND aid = ? AND layer = 0",
                         [(ids(aid), pk, aid) for aid, a in by_id.items() if after.get(aid) != a])
        made = [a for a in done.record.attributions if by_id.get(a.id) != a]
        if made:
            ents = {e.id: (e.key, e.name) for e in done.record.entities}
            entity_pk = {str(eid): int(epk) for eid, epk in conn.execute(
                "SELECT eid, pk FROM entities WHERE doc = ?", (pk,))}
            first = int(conn.execute("SELECT COALESCE(MAX(pk), 0) + 1 FROM attributions").fetchone()[0])
            conn.executemany(_INSERT_ATTRIBUTION, [
                _attribution_row(first + k, pk, a, ents, _to_json(a.to_dict()), layer=2, corrections=ids(a.id))
                for k, a in enumerate(made)])
            conn.executemany("INSERT OR IGNORE INTO attribution_about(attr, entity) VALUES (?, ?)",
                             [(first + k, entity_pk[e]) for k, a in enumerate(made) for e in a.about if e in entity_pk])
            conn.execute("INSERT INTO attributions_fts(rowid, content) SELECT pk, content FROM attributions "
                         "WHERE pk >= ?", (first,))
            trails -= _trails.link(conn, [  # flags the trails it places them in
                _trails.Quoted(first + k, n, pk, start, end, text, ents[a.speaker][0] if a.speaker in ents else None,
                               published)
                for k, a in enumerate(made)
                for n, (start, end, text) in enumerate(
                    _trails.quoted_parts(a.kind, [(c.start, c.end, c.text) for c in a.content]))])
        for trail in sorted(trails):
            _trails.reflag(conn, trail)
        return done.outcomes

    # ---------------------------------------------------------------- reading

    def known_inputs(self) -> set[str]:
        """The sha256 of every input whose document is held, for skipping them before parsing."""
        return {row[0] for row in self._conn.execute(
            "SELECT DISTINCT input_sha256 FROM sources WHERE input_sha256 IS NOT NULL")}

    def count(self) -> int:
        """How many documents the store holds."""
        return int(self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def record(self, key: str, *, raw: bool = False) -> Record | None:
        """The record whose sha256 is ``key``, else the first one whose id is ``key``; None if neither.
        Corrected (reviewers' corrections applied) unless ``raw``."""
        got = self.corrected(key, raw=raw)
        return None if got is None else got.record

    def corrected(self, key: str, *, raw: bool = False) -> Corrected | None:
        """Like :meth:`record`, with what the document's corrections did (which attributions each
        changed, and how each applied); with ``raw`` the pipeline's record and no corrections."""
        row = self._conn.execute(
            "SELECT record, sha256 FROM documents WHERE sha256 = ? UNION ALL "
            "SELECT record, sha256 FROM (SELECT record, sha256 FROM documents WHERE id = ? ORDER BY pk LIMIT 1) "
            "LIMIT 1", (key, key),
        ).fetchone()
        if row is None:
            return None
        rec = Record.from_dict(json.loads(row[0]))
        return Corrected(rec) if raw else apply_corrections(rec, self._corrections_of(row[1]))

    def records(self, *, raw: bool = False) -> Iterator[Record]:
        """Every record, in the order added; corrected unless ``raw``."""
        held = set() if raw else self._corrected_docs()
        for js, sha in self._conn.execute("SELECT record, sha256 FROM documents ORDER BY pk"):
            rec = Record.from_dict(json.loads(js))
            yield apply_corrections(rec, self._corrections_of(sha)).record if sha in held else rec

    def documents(self, *, search: str | None = None, id: str | None = None,
                  limit: int | None = DEFAULT_LIMIT, offset: int = 0,
                  entity: str | None = None, raw: bool = False) -> list[DocumentRow]:
        """Documents, newest publication first; ``search`` is a phrase looked up in the full text.

        ``offset`` skips that many rows (paging, as the web viewer's ``/api/docs`` does);
        ``entity`` keeps the documents that mention the entity with that cross-document key.
        ``n_attributions`` counts the corrected view's attributions (one marked wrong left out, one
        added in), or with ``raw`` the pipeline's.
        """
        where, args = [], []
        if search:
            where.append("pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            args.append(_fts_query(search))
        if id is not None:  # the document's own id, or that of another input that gave the same text
            where.append("(id = ? OR pk IN (SELECT doc FROM sources WHERE id = ?))")
            args += [id, id]
        if entity is not None:
            where.append("pk IN (SELECT doc FROM entities WHERE key = ?)")
            args.append(entity)
        # documents.n_attributions is the pipeline's count; the corrected view's differs only in a
        # document with corrections, counted from its rows then.
        n_attr = ("n_attributions" if raw else
                  "CASE WHEN sha256 IN (SELECT doc FROM corrections WHERE undone IS NULL) THEN (SELECT COUNT(*) "
                  "FROM attributions a WHERE a.doc = documents.pk AND a.layer != 1) ELSE n_attributions END")
        sql = (f"SELECT sha256, id, published, headline, publisher, url, origin, n_entities, {n_attr}, "
               "n_quantities, n_times, added, pk FROM documents"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY published IS NULL, published DESC, pk" + _limit(limit, offset))
        out = []
        for (sha, doc_id, published, headline, publisher, url, origin, n_ent, n_attr, n_qty, n_times, added,
             pk) in self._conn.execute(sql, args).fetchall():
            ids = tuple(i for (i,) in self._conn.execute(
                "SELECT DISTINCT id FROM sources WHERE doc = ? ORDER BY id", (pk,))) or (doc_id,)
            out.append(DocumentRow(sha, doc_id, published, headline, publisher, url, origin, n_ent, n_attr, n_qty,
                                   n_times, added, ids))
        return out

    def quotes(self, *, speaker: str | None = None, search: str | None = None, kind: str | None = None,
               about: str | None = None, since: str | None = None, until: str | None = None,
               min_confidence: float = 0.0, limit: int | None = DEFAULT_LIMIT, raw: bool = False) -> list[QuoteRow]:
        """Attributions, filtered by speaker and by a phrase in their content: the corrected view
        (reviewers' corrections applied), or with ``raw`` the pipeline's own output.

        ``speaker`` matches case-insensitively the speaker entity's cross-document
        key ("person:kim jong un") or canonical name, any mention of that entity
        in its document, or the source as written: so "Kim Jong Un" finds the
        quotes of a document that says only "Kim" once its entity is named Kim
        Jong Un, and "Kim" finds them too. ``min_confidence`` leaves out those
        of lower confidence (:meth:`quotes_under` counts them).
        """
        where, args = _quote_filters(speaker, search, kind, about, since, until, raw=raw)
        if min_confidence > 0:
            where.append("a.confidence >= ?")
            args.append(min_confidence)
        sql = ("SELECT d.id, d.sha256, d.published, d.headline, a.aid, a.kind, a.content, a.cue, a.source, "
               "a.speaker_name, a.speaker_key, a.speaker_type, a.hedged, a.confidence, " + _shared_trail(raw) + ", "
               "a.said_start, a.said_end, a.said_from, a.corrections "
               "FROM attributions a JOIN documents d ON d.pk = a.doc"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY d.published IS NULL, d.published DESC, d.pk, a.content_start" + _limit(limit))
        return [QuoteRow(doc_id=r[0], sha256=r[1], published=r[2], headline=r[3], aid=r[4], kind=r[5],
                         content=r[6], cue=r[7], source=r[8], speaker_name=r[9], speaker_key=r[10],
                         speaker_type=r[11], hedged=bool(r[12]), confidence=float(r[13]), trail=r[14],
                         said_start=r[15], said_end=r[16], said_from=r[17], corrections=_ids(r[18]))
                for r in self._conn.execute(sql, args)]

    def quotes_under(self, min_confidence: float, *, speaker: str | None = None, search: str | None = None,
                     kind: str | None = None, about: str | None = None, since: str | None = None,
                     until: str | None = None, raw: bool = False) -> int:
        """How many attributions the filters of :meth:`quotes` match whose confidence is under
        ``min_confidence``: what that floor hides, for a reader to be told. In the same view as
        :meth:`quotes`: the corrected one, or with ``raw`` the pipeline's."""
        if min_confidence <= 0:
            return 0
        where, args = _quote_filters(speaker, search, kind, about, since, until, raw=raw)
        where.append("a.confidence < ?")
        args.append(min_confidence)
        return int(self._conn.execute("SELECT COUNT(*) FROM attributions a WHERE " + " AND ".join(where),
                                      args).fetchone()[0])

    def trails(self, *, speaker: str | None = None, search: str | None = None, altered: bool = False,
               min_appearances: int = 2, limit: int | None = DEFAULT_LIMIT, raw: bool = False) -> list[TrailRow]:
        """Quote trails: the same or nearly the same quoted words across documents, most independent
        stories first. ``speaker`` and ``search`` filter as in :meth:`quotes` (a trail qualifies when
        one of its appearances does); ``altered`` keeps trails with a changed or re-credited variant.
        The corrected view's appearances (an attribution marked wrong left out, a corrected or added
        one in), or with ``raw`` the pipeline's; the flags are the corrected view's
        (:mod:`onrecord.store.trails`)."""
        where, args = _attribution_filters(speaker, search)
        return _trails.query_trails(self._conn, where, args, altered=altered, min_appearances=min_appearances,
                                   limit_sql=_limit(limit), view=_layer(raw))

    def trail(self, trail: int, *, raw: bool = False) -> list[Appearance]:
        """Every appearance of one trail (its id from :meth:`trails`), earliest first, in the corrected
        view or with ``raw`` the pipeline's; [] if unknown (or none in that view)."""
        return _trails.query_trail(self._conn, trail, view=_layer(raw))

    def trails_of(self, sha256: str, *, raw: bool = False) -> dict[str, int]:
        """The trail of each attribution (by id, "a3") of the document with ``sha256`` whose words
        appear elsewhere too, in the corrected view or with ``raw`` the pipeline's."""
        return {aid: int(trail) for aid, trail in self._conn.execute(
            "SELECT a.aid, " + _shared_trail(raw) + " AS trail FROM attributions a JOIN documents d ON d.pk = a.doc "
            "WHERE d.sha256 = ? AND " + _layer(raw) + " AND trail IS NOT NULL", (sha256,))}

    def stories(self, *, min_copies: int = 2, limit: int | None = DEFAULT_LIMIT) -> list[StoryRow]:
        """Stories held in several copies (syndicated, re-scraped, lightly edited), most copies first."""
        return _stories.query_stories(self._conn, min_copies=min_copies, limit_sql=_limit(limit))

    def entities(self, *, type: str | None = None, limit: int | None = DEFAULT_LIMIT,
                 raw: bool = False) -> list[EntityRow]:
        """Entities across the corpus, grouped by cross-document key, most widely mentioned first;
        ``quotes`` counts their attributions in the corrected view, or with ``raw`` the pipeline's.
        The corrected view also lists the speakers only a reviewer named (:meth:`entity`)."""
        layer = _layer(raw)
        args: list[Any] = [type.upper()] if type else []
        sql = ("SELECT e.key AS key, MAX(e.name), e.type, COUNT(DISTINCT e.doc) AS docs, SUM(e.n_mentions) AS n, "
               f"(SELECT COUNT(*) FROM attributions a WHERE a.speaker_key = e.key AND {layer}) "
               "FROM entities e" + (" WHERE e.type = ?" if type else "") + " GROUP BY e.key")
        if not raw:
            sql += " UNION ALL " + _NAMED_ONLY + (" HAVING type = ?" if type else "")
            args += [type.upper()] if type else []
        return [EntityRow(*row) for row in self._conn.execute(
            f"SELECT * FROM ({sql}) ORDER BY docs DESC, n DESC, key" + _limit(limit), args)]

    def speakers(self, *, limit: int | None = DEFAULT_LIMIT, raw: bool = False) -> list[EntityRow]:
        """Entities across the corpus that are speakers, most attributions first: in the corrected
        view (with the speakers only a reviewer named), or with ``raw`` the pipeline's."""
        sql = ("SELECT e.key AS key, MAX(e.name), e.type, COUNT(DISTINCT e.doc) AS docs, SUM(e.n_mentions), q.n AS n "
               "FROM entities e JOIN (SELECT speaker_key, COUNT(*) AS n FROM attributions a "
               f"WHERE speaker_key IS NOT NULL AND {_layer(raw)} GROUP BY speaker_key) q ON q.speaker_key = e.key "
               "GROUP BY e.key")
        if not raw:
            sql += " UNION ALL " + _NAMED_ONLY
        return [EntityRow(*row) for row in self._conn.execute(
            f"SELECT * FROM ({sql}) ORDER BY n DESC, docs DESC, key" + _limit(limit))]

    def entity(self, key: str) -> EntityRow | None:
        """The entity with cross-document ``key`` ("person:kim jong un") across the corpus; None if unknown."""
        row = self._conn.execute(
            "SELECT e.key, MAX(e.name), e.type, COUNT(DISTINCT e.doc), SUM(e.n_mentions), "
            "(SELECT COUNT(*) FROM attributions a WHERE a.speaker_key = e.key AND a.layer != 1) "
            "FROM entities e WHERE e.key = ? GROUP BY e.key", (key,)).fetchone()
        if row is None:
            row = self._conn.execute(f"SELECT * FROM ({_NAMED_ONLY}) WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
        return EntityRow(*row)

    def names(self, key: str) -> list[tuple[str, str, int]]:
        """How the entity with ``key`` is written across the corpus: (text, mention kind, count), most used first."""
        sql = ("SELECT MIN(m.text), m.kind, COUNT(*) FROM mentions m JOIN entities e ON e.pk = m.entity "
               "WHERE e.key = ? GROUP BY m.text, m.kind ORDER BY COUNT(*) DESC, MIN(m.text)")
        return [(str(t), str(k), int(n)) for t, k, n in self._conn.execute(sql, (key,))]

    def counts(self) -> dict[str, int]:
        """How much the store holds: documents, attributions, entities (distinct keys), quantities,
        times and failures."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM attributions WHERE layer != 1), "
            "(SELECT COUNT(DISTINCT key) FROM entities), (SELECT COUNT(*) FROM quantities), "
            "(SELECT COUNT(*) FROM times), (SELECT COUNT(*) FROM failures)").fetchone()
        return dict(zip(("documents", "attributions", "entities", "quantities", "times", "failures"),
                        (int(x) for x in row)))

    def failures(self, *, limit: int | None = None) -> list[FailureRow]:
        """Documents that could not be processed, latest first."""
        sql = ("SELECT id, stage, reason, origin, input_sha256, time, count FROM failures "
               "ORDER BY time DESC, pk" + _limit(limit))
        return [FailureRow(*row) for row in self._conn.execute(sql)]

    def sql(self, query: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run ``query`` on a read-only connection: (column names, rows). Writes are refused."""
        if self._ro is None:
            self._ro = _connect(self.path, readonly=True)
        try:
            cur = self._ro.execute(query, params)
            rows = cur.fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"query failed: {e} (the store is queried read-only; tables: {', '.join(TABLES)})") \
                from e
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, rows

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok" for a sound file."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    # ---------------------------------------------------------------- export

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


def _limit(limit: int | None, offset: int = 0) -> str:
    clause = "" if limit is None or limit <= 0 else f" LIMIT {int(limit)}"
    if offset > 0:
        # SQLite accepts OFFSET only after a LIMIT; -1 means no limit.
        clause = (clause or " LIMIT -1") + f" OFFSET {int(offset)}"
    return clause


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
