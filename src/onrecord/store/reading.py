"""The store's reads: records (corrected or as the pipeline made them), documents, quotes,
trails, stories, entities and speakers, counts, failures, and any read-only SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import StoreError
from ..model import Record
from . import stories as _stories
from . import trails as _trails
from .base import _StoreBase
from .columns import _ids
from .connection import _connect
from .corrections import Corrected, apply_corrections
from .filters import (
    _NAMED_ONLY,
    DEFAULT_LIMIT,
    _attribution_filters,
    _fts_query,
    _layer,
    _limit,
    _quote_filters,
    _shared_trail,
)
from .rows import DocumentRow, EntityRow, FailureRow, QuoteRow
from .schema import TABLES
from .stories import StoryRow
from .trails import Appearance, TrailRow


class _Reading(_StoreBase):
    """The reads of :class:`onrecord.store.Store`."""

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
