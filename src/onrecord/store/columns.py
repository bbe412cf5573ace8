"""How records, attributions and corrections become the store's rows and columns, and back: the
JSON encoder of every row, the attributions row, the corrections row."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..errors import UsageError
from ..model import Attribution, Record, Span
from .corrections import Correction


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
