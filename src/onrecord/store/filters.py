"""The SQL pieces of the store's queries: full-text search as users type it, the filters of
:meth:`Store.quotes` and :meth:`Store.trails`, the view (pipeline's or corrected), limits."""

from __future__ import annotations

import re
from typing import Any

from ..errors import UsageError
from ..model import entity_key

DEFAULT_LIMIT = 50

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


def _layer(raw: bool) -> str:
    """The condition on attributions ``a`` for one view: the pipeline's rows (raw) or the corrected
    ones (schema.py: ``layer``)."""
    return "a.layer != 2" if raw else "a.layer != 1"


# The speakers only a reviewer named (`onrecord correct speaker DOC:ID "Name"`), as entities rows
# (key, name, type, documents, mentions, quotes): no document's entities hold them, the corrected
# view's attributions do. Their type is their key's ("person:ana ruiz").
_NAMED_ONLY = (
    "SELECT a.speaker_key AS key, MAX(a.speaker_name), upper(substr(a.speaker_key, 1, instr(a.speaker_key, ':') - 1)) "
    "AS type, COUNT(DISTINCT a.doc) AS docs, 0 AS n, COUNT(*) FROM attributions a WHERE a.layer = 2 "
    "AND a.speaker_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.key = a.speaker_key) "
    "GROUP BY a.speaker_key")


def _limit(limit: int | None, offset: int = 0) -> str:
    clause = "" if limit is None or limit <= 0 else f" LIMIT {int(limit)}"
    if offset > 0:
        # SQLite accepts OFFSET only after a LIMIT; -1 means no limit.
        clause = (clause or " LIMIT -1") + f" OFFSET {int(offset)}"
    return clause
