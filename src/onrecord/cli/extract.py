"""`onrecord extract`, `ingest`, `run` and `boilerplate learn`: documents through the pipeline,
to stdout, into the store, over a Ray cluster, or to learn a publisher's furniture lines."""

from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import sys
import time
from typing import NoReturn

import click

from ..errors import UsageError
from ..inputs import INPUT_FORMATS
from ..model import Record
from ..pipeline import process_many
from ..state import DEFAULT_MAX_BYTES, DEFAULT_MODEL
from ..summary import format_summary
from .group import _Group, _settings, cli
from .options import (
    _MAX_CHARS,
    _boilerplate_option,
    _db_option,
    _input_options,
    _inputs,
    _load_model,
    _Progress,
)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _terminal_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _write(data: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:
        out.write(data.encode("utf-8"))
        out.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


@cli.command()
@_input_options
@_boilerplate_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default=None,
              help="text: a summary to read (headline, byline, each statement: speaker, cue, content, kind, "
                   "confidence); json: one record, indented (a JSON array for several); jsonl: one record a "
                   "line. Default: text on a terminal; piped, json for one document and jsonl for several.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], published: str | None, input_format: str, workers: int,
            model: str, max_bytes: int, max_chars: int, batch_size: int, repeated_lines: frozenset[str],
            fmt: str | None) -> None:
    """Print the record of each document: PATH is a file, a folder (walked for .txt, .html,
    .htm, and those gzipped) or - for standard input. On a terminal, a summary to read; piped or
    with --format json, the JSON record."""
    settings = _settings(ctx)
    started = time.monotonic()
    inputs, total = _inputs(paths, input_format, published, max_bytes)
    # Peek two inputs: JSON for one document, JSON Lines for several.
    head = list(itertools.islice(inputs, 2))
    inputs = itertools.chain(head, inputs)
    # A person at a terminal reads a summary; a pipe or a file gets the records, as before.
    fmt = fmt or ("text" if _stdout_is_terminal() else "json" if len(head) <= 1 else "jsonl")
    _load_model(model)
    array = fmt == "json" and len(head) > 1
    written = 0
    with _Progress(total, settings.quiet, "extract", started=started) as progress:
        for out in process_many(inputs, model=model, max_bytes=max_bytes, max_chars=max_chars, workers=workers,
                                batch_size=batch_size, repeated_lines=repeated_lines):
            progress(out)
            if isinstance(out, Record) and fmt == "text":
                click.echo(("\n" if written else "") + format_summary(out, width=_terminal_width()), nl=False)
                written += 1
            elif isinstance(out, Record):
                d = out.to_dict()
                if fmt == "jsonl":
                    _write(json.dumps(d, ensure_ascii=False) + "\n")
                else:
                    sep = ("[\n" if written == 0 else ",\n") if array else ""
                    _write(sep + json.dumps(d, ensure_ascii=False, indent=2) + ("" if array else "\n"))
                written += 1
        if array:
            _write(("[" if written == 0 else "") + "\n]\n")
    progress.summary("extracted")
    ctx.exit(1 if progress.failed else 0)


@cli.command()
@functools.partial(_input_options, paths_required=False)
@_boilerplate_option
@_db_option
@click.option("--reprocess", is_flag=True,
              help="Run the pipeline again over every document the store holds (after a new model or onrecord "
                   "version), instead of reading PATHs: each document's output is replaced and its reviewers' "
                   "corrections re-applied; one that no longer applies is reported.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], published: str | None, input_format: str, workers: int,
           model: str, max_bytes: int, max_chars: int, batch_size: int, repeated_lines: frozenset[str],
           db: str, reprocess: bool) -> None:
    """Process documents into the store: one transaction per batch, safe to re-run (documents
    already held are skipped) and to interrupt. A PATH that is the output DIR of `onrecord run`
    is loaded as it is, without parsing again. With --reprocess (and no PATH), run the documents
    already held through the pipeline again."""
    from ..engines.parquet import MANIFEST, ingest_output, is_output_dir, is_unfinished_output
    from ..store import Store
    from ..store import ingest as ingest_into

    settings = _settings(ctx)
    started = time.monotonic()
    if reprocess or not paths:
        _reprocess(ctx, paths, db=db, workers=workers, model=model, max_bytes=max_bytes, max_chars=max_chars,
                   batch_size=batch_size, repeated_lines=repeated_lines, reprocess=reprocess)
    for p in paths:
        if is_unfinished_output(p):
            raise UsageError(f"{p} holds the tables of an `onrecord run` that did not finish (no {MANIFEST}); "
                             f"run it again to completion, then ingest its output")
    if len(paths) == 1 and is_output_dir(paths[0]):  # the Parquet tables of `onrecord run --engine ray`
        with Store.open(db) as store, _Progress(None, settings.quiet, f"ingest → {db}", started=started) as progress:
            ingest_output(store, paths[0], batch_size=batch_size, on_result=progress)
        progress.summary(f"into {db}")
        ctx.exit(1 if progress.failed else 0)
    inputs, total = _inputs(paths, input_format, published, max_bytes)
    _load_model(model)
    with Store.open(db) as store, _Progress(total, settings.quiet, f"ingest → {db}", started=started) as progress:
        result = ingest_into(store, inputs, model=model, max_bytes=max_bytes, max_chars=max_chars, workers=workers,
                             batch_size=batch_size, on_result=progress, repeated_lines=repeated_lines)
    progress.summary(f"into {db}", merged=result.skipped)
    ctx.exit(1 if progress.failed else 0)


def _reprocess(ctx: click.Context, paths: tuple[str, ...], *, db: str, workers: int, model: str, max_bytes: int,
               max_chars: int, batch_size: int, repeated_lines: frozenset[str], reprocess: bool) -> NoReturn:
    """`ingest --reprocess`: every held document through the pipeline again, corrections re-applied;
    one line for each correction that no longer applies, and the counts in the closing line."""
    from ..store import Store
    from ..store import reprocess as reprocess_store

    if not reprocess:
        raise UsageError("ingest needs PATH... (files, folders, - for stdin), or --reprocess to run the documents "
                         "already in the store through the pipeline again")
    if paths:
        raise UsageError("--reprocess runs the documents already in the store again and reads no PATH; ingest "
                         "new documents in a separate run (`onrecord ingest PATH... --db FILE`)")
    # Both options say how to read PATHs, and --reprocess reads none: each document is run again from
    # the bytes it was read from (or its stored text) with the publication date the store holds.
    given = [f"--{name.replace('_', '-')}" for name in ("published", "input_format")
             if ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT,
                                                          click.core.ParameterSource.DEFAULT_MAP)]
    if given:
        raise UsageError(f"{' and '.join(given)} cannot be used with --reprocess: it reads no PATH, and runs each "
                         f"document again as the store holds it (its bytes or text, its publication date); "
                         f"leave {'them' if len(given) > 1 else 'it'} out")
    if not os.path.exists(db):
        raise UsageError(f"no store at {db} to re-process; give --db an existing store")
    settings = _settings(ctx)
    _load_model(model)
    with Store.open(db) as store, _Progress(store.count(), settings.quiet, f"reprocess {db}") as progress:
        result = reprocess_store(store, model=model, max_bytes=max_bytes, max_chars=max_chars, workers=workers,
                                 batch_size=batch_size, on_result=progress, repeated_lines=repeated_lines)
        for c in result.not_applied:
            what = c.change + (f" {c.aid}" if c.aid else "")
            progress.error(f"correction {c.id} ({c.doc_id}: {what}) no longer applies: {c.note}")
    progress.summary(f"re-processed in {db}")
    if not settings.quiet:
        click.echo(f"onrecord: corrections: {result.applied} re-applied, {result.moved} found again nearby, "
                   f"{len(result.not_applied)} no longer apply"
                   + (" (listed above; `onrecord correct list --status not_applied` lists them)"
                      if result.not_applied else ""), err=True)
    ctx.exit(1 if progress.failed else 0)


# ------------------------------------------------------------------ run


@cli.command()
@click.option("--engine", type=click.Choice(["ray"]), default="ray", show_default=True,
              help="The distributed engine (Ray Data; `pip install 'onrecord[ray]'`).")
@click.option("--input", "input_path", required=True, metavar="PATH",
              help="A folder of article files (.txt, .html, .htm, gzipped or not), or JSON Lines / Parquet "
                   "with id and text columns (a file, or a folder of them).")
@click.option("--output", required=True, metavar="DIR",
              help="Folder for the Parquet tables (records, failures, attributions, entities, mentions, "
                   "quantities, times); a previous run's output there is replaced.")
@click.option("--address", default=None, metavar="ADDR",
              help="Ray cluster to join (e.g. auto, ray://head:10001); default: start a local Ray instance.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Ray actors, each with one spaCy pipeline and one CPU; default: one per CPU of the cluster.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Any installed spaCy pipeline, by name.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Reject documents larger than this.")
@_MAX_CHARS
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=64, show_default=True,
              help="Documents per batch handed to an actor.")
@click.pass_context
def run(ctx: click.Context, engine: str, input_path: str, output: str, address: str | None, workers: int | None,
        model: str, max_bytes: int, max_chars: int, batch_size: int) -> None:
    """Process a corpus on Ray (a local instance, or the cluster at --address) into Parquet tables
    under DIR; load them into the store with `onrecord ingest DIR`."""
    from ..engines import ray_runner

    settings = _settings(ctx)
    ray_runner.import_ray()  # says how to install Ray, before any work
    summary = ray_runner.run(input_path, output, address=address, workers=workers, model=model,
                             batch_size=batch_size, max_bytes=max_bytes, max_chars=max_chars,
                             progress=not settings.quiet and sys.stderr.isatty(),
                             verbose=settings.verbose > 0 or settings.debug)
    if not settings.quiet:
        click.echo(f"onrecord: {summary.documents} documents on {summary.workers} Ray workers: "
                   f"{summary.records} ok, {summary.failures} failed ({summary.seconds:.1f} s) → {output}",
                   err=True)
    ctx.exit(1 if summary.failures else 0)


# ------------------------------------------------------------------ boilerplate


@cli.group(cls=_Group)
def boilerplate() -> None:
    """Learn a publisher's furniture lines from a corpus, for `extract`/`ingest --boilerplate`."""


@boilerplate.command("learn")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="text", show_default=True,
              help="As for extract: text (a file per document) or jsonl.")
@click.option("--min-docs", type=click.IntRange(2), default=3, show_default=True,
              help="A short line must appear in at least this many documents.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Skip documents larger than this.")
@click.option("--out", required=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="Where to write the lines (- for standard output).")
@click.pass_context
def boilerplate_learn(ctx: click.Context, paths: tuple[str, ...], input_format: str, min_docs: int,
                      max_bytes: int, out: str) -> None:
    """Write the short lines (15 words at most) that recur in --min-docs or more of the documents
    under PATH: menus, section names, newsletter prompts. The file is sorted, so the same corpus
    gives the same file; pass it to `extract` or `ingest` with --boilerplate."""
    from ..pipeline import learn_boilerplate
    from ..stages.layout import format_repeated_lines

    settings = _settings(ctx)
    inputs, _ = _inputs(paths, input_format, None, max_bytes)
    lines, docs = learn_boilerplate(inputs, max_bytes=max_bytes, min_docs=min_docs)
    text = format_repeated_lines(lines, docs=docs, min_docs=min_docs)
    if out == "-":
        _write(text)
    else:
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if not settings.quiet:
        click.echo(f"onrecord: {len(lines)} boilerplate lines from {docs} documents → {out}", err=True)
