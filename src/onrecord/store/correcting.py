"""Reviewers' corrections in the store: making, importing, undoing and listing them, and
rewriting a document's corrected view (its layer-2 attribution rows) after each."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..errors import UsageError
from ..model import Record, Span
from . import trails as _trails
from .columns import (
    _CORRECTION_COLUMNS,
    _INSERT_ATTRIBUTION,
    _attribution_row,
    _correction,
    _now,
    _to_json,
    split_attribution,
)
from .corrections import CHANGES, Applied, Correction, apply_corrections, check_span, reviewer
from .filters import _limit
from .reading import _Reading


class _Correcting(_Reading):
    """The corrections of :class:`onrecord.store.Store`."""

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
