"""`onrecord query ...`, `export` and `serve`: reading the store, thin over
:class:`onrecord.store.Store`."""

from __future__ import annotations

import click

from ..errors import UsageError
from ..model import ATTRIBUTION_KINDS
from .group import _Group, _settings, cli
from .options import (
    _JSON,
    _LIMIT,
    _MIN_CONFIDENCE,
    _RAW,
    _date_option,
    _db_option,
    _open_ro,
    _say_hidden,
    _show,
)


@cli.group(cls=_Group)
def query() -> None:
    """Look up documents, quotes, entities and failures in the store, or run read-only SQL."""


@query.command("docs")
@_db_option
@click.option("--search", metavar="TEXT", help="A phrase in the document text.")
@click.option("--id", "doc_id", metavar="ID", help="Documents with this id.")
@_LIMIT
@_JSON
@_RAW
def query_docs(db: str, search: str | None, doc_id: str | None, limit: int, as_json: bool, raw: bool) -> None:
    """Documents, newest first; n_attributions counts the corrected view's attributions (--raw: the
    pipeline's)."""
    with _open_ro(db) as store:
        rows = [r.to_dict() for r in store.documents(search=search, id=doc_id, limit=limit, raw=raw)]
    if not as_json:
        for r in rows:
            r["ids"] = " ".join(r["ids"])
    _show(rows, ["id", "published", "headline", "publisher", "n_attributions", "ids", "sha256"], as_json, "documents")


@query.command("quotes")
@_db_option
@click.option("--speaker", metavar="NAME", help="Speaker: canonical name, any name used in the article, or key.")
@click.option("--search", metavar="TEXT", help="A phrase in what was said.")
@click.option("--about", metavar="NAME", help="What was said about this person or organization: its content "
              "names them or refers to them (canonical name, any name used, or key).")
@click.option("--kind", type=click.Choice(list(ATTRIBUTION_KINDS)), help="Only attributions of this kind.")
@click.option("--since", metavar="YYYY-MM-DD", callback=_date_option,
              help="Said on or after this day: the date the text gives at the cue ('said on Monday'), else "
                   "the publication date.")
@click.option("--until", metavar="YYYY-MM-DD", callback=_date_option, help="Said on or before this day.")
@_MIN_CONFIDENCE
@_LIMIT
@_JSON
@_RAW
@click.pass_context
def query_quotes(ctx: click.Context, db: str, speaker: str | None, search: str | None, about: str | None,
                 kind: str | None, since: str | None, until: str | None, min_confidence: float, limit: int,
                 as_json: bool, raw: bool) -> None:
    """Attributions (quotes, reported speech, beliefs) with their speakers, as reviewers corrected
    them (the `corrected` column names the corrections); --raw for the pipeline's own."""
    filters = {"speaker": speaker, "search": search, "kind": kind, "about": about, "since": since, "until": until}
    with _open_ro(db) as store:
        rows = [dict(r.to_dict(), speaker=r.speaker)
                for r in store.quotes(**filters, min_confidence=min_confidence, limit=limit, raw=raw)]
        hidden = store.quotes_under(min_confidence, **filters, raw=raw)
    if not as_json:
        for r in rows:
            r["corrected"] = " ".join(f"#{c}" for c in r["corrections"])
    _show(rows, ["doc_id", "aid", "published", "speaker", "cue", "kind", "content", "confidence", "corrected"],
          as_json, "quotes")
    _say_hidden(hidden, min_confidence, _settings(ctx).quiet)


@query.command("trails")
@_db_option
@click.option("--speaker", metavar="NAME", help="Trails with an appearance by this speaker (any of their names).")
@click.option("--search", metavar="TEXT", help="Trails whose words hold this phrase.")
@click.option("--altered", is_flag=True, help="Only trails with a variant whose words changed or that is "
              "credited to another speaker.")
@click.option("--min", "min_appearances", type=click.IntRange(1), default=2, show_default=True,
              help="Trails with at least this many appearances.")
@_LIMIT
@_JSON
@_RAW
def query_trails(db: str, speaker: str | None, search: str | None, altered: bool, min_appearances: int,
                 limit: int, as_json: bool, raw: bool) -> None:
    """Quote trails: the same or nearly the same quoted words across documents (trimmed, cut with an
    ellipsis, or with words changed), most independent stories first. `onrecord query trail ID` shows
    one trail's appearances and what changed. As reviewers corrected them (an attribution marked wrong
    is left out, a corrected or added quote is in); --raw for the pipeline's own."""
    with _open_ro(db) as store:
        rows = [r.to_dict() for r in store.trails(speaker=speaker, search=search, altered=altered,
                                                  min_appearances=min_appearances, limit=limit, raw=raw)]
    for r in rows:
        r["speakers"] = "; ".join(r["speakers"]) if not as_json else r["speakers"]
    _show(rows, ["trail", "appearances", "stories", "first_published", "speakers", "altered", "other_speaker",
                 "text"], as_json, "trails")


@query.command("trail")
@_db_option
@click.argument("trail_id", metavar="ID", type=click.IntRange(1, 2**63 - 1))
@_JSON
@_RAW
def query_trail(db: str, trail_id: int, as_json: bool, raw: bool) -> None:
    """Every appearance of one trail (ID from `onrecord query trails`), earliest first: document, outlet,
    date, span, speaker, and the words that differ from the trail's reference wording. As reviewers
    corrected them; --raw for the pipeline's own."""
    with _open_ro(db) as store:
        rows = [a.to_dict() for a in store.trail(trail_id, raw=raw)]
        other = [] if rows else store.trail(trail_id, raw=not raw)
    if not rows:
        if other:
            raise UsageError(f"trail {trail_id} has no appearance in the {'raw' if raw else 'corrected'} view "
                             f"(reviewers' corrections took them out or made them); "
                             f"`onrecord query trail {trail_id}{'' if raw else ' --raw'}` shows the "
                             f"{'corrected' if raw else 'raw'} one")
        raise UsageError(f"no trail {trail_id} in {db}; `onrecord query trails --db {db}` lists them")
    for r in rows:
        r["span"] = f"{r['start']}-{r['end']}"
        r["changes"] = "; ".join(f"{a or '∅'} → {b or '∅'}" for _, a, b in r["diff"]) if not as_json else None
        r["flags"] = ", ".join(f for f, on in (("altered", r["altered"]), ("other speaker", r["other_speaker"])) if on)
    if as_json:
        for r in rows:
            del r["span"], r["changes"], r["flags"]
    _show(rows, ["published", "doc_id", "publisher", "span", "speaker_name", "flags", "changes", "text"], as_json,
          f"trail {trail_id}")


@query.command("stories")
@_db_option
@click.option("--min", "min_copies", type=click.IntRange(1), default=2, show_default=True,
              help="Stories held in at least this many inputs.")
@_LIMIT
@_JSON
def query_stories(db: str, min_copies: int, limit: int, as_json: bool) -> None:
    """Stories held in several copies: the same text from several inputs, or nearly the same body
    (a syndicated copy in another outlet's page, a re-scrape, a lightly edited wire copy)."""
    with _open_ro(db) as store:
        rows = [r.to_dict() for r in store.stories(min_copies=min_copies, limit=limit)]
    if not as_json:
        for r in rows:
            r["outlets"] = "; ".join(r["outlets"])
            r["ids"] = " ".join(r["ids"])
    _show(rows, ["story", "inputs", "copies", "first_published", "first_doc_id", "outlets", "headline", "ids"],
          as_json, "stories")


@query.command("entities")
@_db_option
@click.option("--type", "type_", metavar="T", help="entity type: a spaCy label (PERSON, ORG, GPE, ...) or GROUP (joined sources)")
@_LIMIT
@_JSON
@_RAW
def query_entities(db: str, type_: str | None, limit: int, as_json: bool, raw: bool) -> None:
    """Entities across documents (joined on their cross-document key), most widespread first, with
    how many attributions each is the speaker of: as reviewers corrected them (a speaker only a
    reviewer named is listed too); --raw for the pipeline's own."""
    with _open_ro(db) as store:
        rows = [r.to_dict() for r in store.entities(type=type_, limit=limit, raw=raw)]
    _show(rows, ["name", "type", "documents", "mentions", "quotes", "key"], as_json, "entities")


@query.command("failures")
@_db_option
@_LIMIT
@_JSON
def query_failures(db: str, limit: int, as_json: bool) -> None:
    """Documents that could not be processed, and why."""
    with _open_ro(db) as store:
        rows = [r.to_dict() for r in store.failures(limit=limit)]
    _show(rows, ["id", "origin", "stage", "reason", "count", "time"], as_json, "failures")


@query.command("sql")
@_db_option
@click.argument("statement")
@_JSON
def query_sql(db: str, statement: str, as_json: bool) -> None:
    """Run one SQL statement on a read-only connection (schema: `onrecord.store.schema`)."""
    with _open_ro(db) as store:
        cols, rows = store.sql(statement)
    _show([dict(zip(cols, r)) for r in rows], cols, as_json, "")


# ------------------------------------------------------------------ export


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True,
              help="jsonl: the full records, one a line (as `onrecord extract` prints them); csv or parquet: "
                   "the store's flat tables.")
@click.option("--out", required=True, metavar="PATH",
              help="A file (jsonl, or one --table), a folder (csv/parquet of every table), or - for stdout.")
@click.option("--table", type=click.Choice(["documents", "entities", "mentions", "attributions", "quantities",
                                            "times", "failures", "corrections"]),
              help="One flat table instead of the default (full records for jsonl, every table for csv/parquet).")
@_RAW
@_MIN_CONFIDENCE
@click.pass_context
def export(ctx: click.Context, db: str, fmt: str, out: str, table: str | None, raw: bool,
           min_confidence: float) -> None:
    """Write the store out as JSON Lines (full records, corrected: a corrected attribution carries
    "corrected", a corrected record its "corrections"; --raw for the pipeline's), CSV or Parquet
    (flat tables, both views side by side: attributions.layer). Corrections as training data:
    `onrecord correct export`."""
    with _open_ro(db) as store:
        n = store.export(fmt, out, table=table, raw=raw, min_confidence=min_confidence)
        # Only the records and the attributions table hold attributions to leave out.
        hidden = store.quotes_under(min_confidence, raw=raw) if table in (None, "attributions") else 0
    quiet = _settings(ctx).quiet
    if not quiet:
        click.echo(f"onrecord: exported {n} rows to {out}", err=True)
    _say_hidden(hidden, min_confidence, quiet)


# ------------------------------------------------------------------ serve


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address (or name) to listen on, and a name requests may give the server; anything "
                   "but loopback lets other machines read the store.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="TCP port to listen on.")
@click.option("--review", is_flag=True,
              help="Review mode: the document page can mark an attribution wrong, change its speaker and add a "
                   "missed quote (`onrecord correct` in the browser). Each write needs this session's token, "
                   "which only the viewer's own pages carry. Off by default: the viewer is read-only.")
@click.pass_context
def serve(ctx: click.Context, db: str, host: str, port: int, review: bool) -> None:
    """Browse the store in a local web viewer (read-only unless --review): articles with their
    attributions marked in place, speakers across the corpus, search, and a JSON API under /api.

    Requests whose Host header names anything other than 127.0.0.1, localhost, [::1] or --host
    (any port) are refused with 400, so that a page on another site cannot read the store
    through DNS rebinding; to open the viewer under another name, start it with --host NAME.
    On a wildcard address (--host 0.0.0.0 or ::) it answers any name: the network reaches it anyway."""
    try:
        from .. import web
    except ModuleNotFoundError as e:
        raise UsageError(f"the viewer needs {e.name}: install the web extra with "
                         f"`pip install 'onrecord[web]'`") from e
    settings = _settings(ctx)
    if review:
        from ..store import Store

        Store.open(db).close()  # writable, and at the current schema, before the server starts
    if not settings.quiet:
        click.echo(f"onrecord: serving {db} ({'review: corrections are saved' if review else 'read-only'}) at "
                   f"http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    web.serve(db, host=host, port=port, log_level="debug" if settings.debug else
              ("info" if settings.verbose else "warning"), review=review)
