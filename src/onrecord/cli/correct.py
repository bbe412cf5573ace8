"""`onrecord correct ...` and `onrecord import`: a reviewer's corrections, thin over the store's API
(:meth:`onrecord.store.Store.correct_wrong` and its siblings, :mod:`onrecord.store.training`).

Registered on the ``onrecord`` group by :mod:`onrecord.cli`.
An attribution is named ``DOC:ID``: the document's id (or sha256) and the attribution's id in the
corrected view, as ``onrecord query quotes --json`` shows them (``sport/001:a3``).
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import UsageError
from ..model import ATTRIBUTION_KINDS
from .group import _settings
from .options import _JSON, _db_option, _show

_ATTR = click.argument("attribution", metavar="DOC:ID")
_REASON = click.option("--reason", metavar="TEXT", help="Why: kept with the correction (free text).")
_WHO = click.option("--who", metavar="NAME", help="Who corrects; default $ONRECORD_REVIEWER, else the login name.")


def _open(db: str) -> Any:
    import os

    from ..store import Store

    if not os.path.exists(db):
        raise UsageError(f"no store at {db}; give --db the store to correct (made by `onrecord ingest`)")
    return Store.open(db)


def _done(c: Any) -> None:
    """One line on stdout for a correction made: its id (for `correct undo`) and what it did."""
    where = f"{c.doc_id}:{c.applied_to}" if c.applied_to else c.doc_id
    click.echo(f"correction {c.id}: {c.change} {where} ({c.status}{'; ' + c.note if c.note else ''})")


@click.group("correct")
def correct() -> None:
    """Correct what the pipeline produced: mark an attribution wrong, set its speaker, move its
    content or source, add one it missed; list and undo corrections; export them as training data.
    Corrections are kept apart from the pipeline's output, survive `onrecord ingest --reprocess`,
    and every read shows them (`--raw` shows the pipeline's own)."""


@correct.command("wrong")
@_ATTR
@_REASON
@_WHO
@_db_option
def correct_wrong(attribution: str, reason: str | None, who: str | None, db: str) -> None:
    """Mark an attribution as not one: reads leave it out."""
    with _open(db) as store:
        _done(store.correct_wrong(attribution, reason=reason, who=who))


@correct.command("speaker")
@_ATTR
@click.argument("name", required=False)
@click.option("--entity", metavar="ID", help="The speaker is this entity of the document (e.g. e3; "
              "`onrecord query sql \"SELECT eid, name FROM entities ...\"` lists them) instead of a NAME.")
@_REASON
@_WHO
@_db_option
def correct_speaker(attribution: str, name: str | None, entity: str | None, reason: str | None, who: str | None,
                    db: str) -> None:
    """Set who said it: a NAME (a new speaker if the document names nobody so), or --entity ID."""
    with _open(db) as store:
        _done(store.correct_speaker(attribution, name=name, entity=entity, reason=reason, who=who))


def _span_command(change: str, summary: str) -> None:
    """`correct content` and `correct source`: ``Store.correct_<change>(DOC:ID, START, END)``."""

    @correct.command(change, help=summary)
    @_ATTR
    @click.argument("start", type=click.IntRange(0))
    @click.argument("end", type=click.IntRange(0))
    @_REASON
    @_WHO
    @_db_option
    def command(attribution: str, start: int, end: int, reason: str | None, who: str | None, db: str) -> None:
        with _open(db) as store:
            _done(getattr(store, f"correct_{change}")(attribution, start, end, reason=reason, who=who))


_span_command("content", "Move what was said to the characters START..END of the document's text (end exclusive).")
_span_command("source", "Move the source mention to START..END; the speaker follows the entity it names.")


def _pair(name: str, help: str, *, required: bool = False) -> Any:
    return click.option(name, type=click.IntRange(0), nargs=2, metavar="START END", required=required,
                        default=None, help=help)


@correct.command("add")
@click.argument("doc", metavar="DOC")
@_pair("--content", "What was said: characters START..END of the document's text.", required=True)
@_pair("--cue", "The cue ('said', 'told'): START..END.")
@_pair("--source", "The source mention ('the minister'): START..END; the speaker is the entity it names "
       "unless --speaker or --entity says.")
@click.option("--speaker", metavar="NAME", help="Who said it, by name.")
@click.option("--entity", metavar="ID", help="Who said it: an entity of the document (e.g. e3).")
@click.option("--kind", type=click.Choice(list(ATTRIBUTION_KINDS)),
              help="Its kind; default direct when the content opens with a quote mark, else indirect.")
@_REASON
@_WHO
@_db_option
def correct_add(doc: str, content: tuple[int, int], cue: tuple[int, int] | None, source: tuple[int, int] | None,
                speaker: str | None, entity: str | None, kind: str | None, reason: str | None, who: str | None,
                db: str) -> None:
    """Add an attribution the pipeline missed to DOC (its id or sha256)."""
    with _open(db) as store:
        _done(store.correct_add(doc, content, cue=cue, source=source, name=speaker, entity=entity, kind=kind,
                                reason=reason, who=who))


@correct.command("list")
@click.option("--doc", metavar="DOC", help="Only the corrections of this document (id or sha256).")
@click.option("--status", type=click.Choice(["applied", "moved", "not_applied", "undone"]),
              help="Only those with this status, as of the latest time they were applied.")
@_JSON
@_db_option
def correct_list(doc: str | None, status: str | None, as_json: bool, db: str) -> None:
    """Corrections, oldest first: what, who, when, why, and whether they apply."""
    from ..store import Store

    with Store.open(db, readonly=True) as store:
        rows = [c.to_dict() for c in store.corrections(doc=doc, status=status)]
    if not as_json:
        for r in rows:
            r["document"] = r["document"]["id"]
            r["on"] = r["applied_to"] or r["attribution"] or ""
            r["value"] = r.get("name") or r.get("entity_name") or " ".join(
                f"{s['start']}..{s['end']}" for s in r.get("spans", ()))
    _show(rows, ["id", "document", "change", "on", "value", "who", "at", "reason", "status", "note"], as_json,
          "corrections")


@correct.command("undo")
@click.argument("correction_id", metavar="ID", type=int)
@_db_option
def correct_undo(correction_id: int, db: str) -> None:
    """Undo correction ID: it is kept (and listed as undone) but no longer applied."""
    with _open(db) as store:
        c = store.undo_correction(correction_id)
    click.echo(f"correction {c.id}: undone")


@correct.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "brat"]), default="jsonl", show_default=True,
              help="jsonl: one correction a line in the record's span terms, with the attribution it gave "
                   "(`onrecord import` reads it back); brat: a .txt and .ann per corrected document, for "
                   "annotation tools.")
@click.option("--out", required=True, metavar="PATH", help="A file or - (jsonl), a folder (brat).")
@_db_option
@click.pass_context
def correct_export(ctx: click.Context, fmt: str, out: str, db: str) -> None:
    """Write the corrections out as training data."""
    from ..store import Store
    from ..store.training import export_corrections

    with Store.open(db, readonly=True) as store:
        n = export_corrections(store, fmt, out)
    if not _settings(ctx).quiet:
        what = "corrections" if fmt == "jsonl" else "documents"
        click.echo(f"onrecord: exported {n} {what} to {out}", err=True)


@click.command("import")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@_db_option
@click.pass_context
def import_(ctx: click.Context, path: str, db: str) -> None:
    """Read corrections (JSON Lines from `onrecord correct export`) into the store: each lands on the
    same attribution by its spans and their text; one already held is skipped, one whose document
    the store lacks is reported."""
    from ..store.training import import_corrections

    with _open(db) as store:
        result = import_corrections(store, path)
    for line in result.refused:
        click.echo(f"onrecord: error: {line}", err=True)
    for c in result.not_applied:
        click.echo(f"onrecord: correction {c.id} ({c.doc_id}: {c.change}) does not apply here: {c.note}", err=True)
    if not _settings(ctx).quiet:
        click.echo(f"onrecord: imported {result.added} corrections from {path} into {db}: {result.duplicates} "
                   f"already held, {len(result.refused)} refused, {len(result.not_applied)} do not apply here",
                   err=True)
    ctx.exit(1 if result.refused else 0)
