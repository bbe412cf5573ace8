"""Writing one batch of outcomes: the rows of each table gathered and written with one
``executemany`` each, the full-text indexes filled, the new documents placed in stories and trails."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..model import Attribution, Record
from ..pipeline import Failure, Outcome
from . import stories as _stories
from . import trails as _trails
from .columns import _INSERT_ATTRIBUTION, _attribution_row, _record_json, _to_json
from .rows import AddResult, Provenance

# Bound parameters per `sha256 IN (...)` query: far below SQLite's limit (32,766 since 3.32).
_IN_CHUNK = 500

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

