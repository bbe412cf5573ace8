"""The command line: a thin layer over :func:`onrecord.process_many` and :mod:`onrecord.store`.

Records go to stdout; errors (one line each, naming the document and the
reason) and progress go to stderr. Exit status: 0 when every document
succeeded, 1 when some failed (the others are still written), 2 for a usage
error (a bad option, a missing path, a spaCy pipeline that is not
installed). No traceback unless ``--debug``.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn, Self

import click

from . import __version__
from .errors import ModelNotFound, OnrecordError, UsageError
from .inputs import INPUT_FORMATS, JSONL_SUFFIXES, SUFFIXES, find_documents, iter_inputs, parse_date
from .model import ATTRIBUTION_KINDS, DEFAULT_MIN_CONFIDENCE, Record
from .pipeline import Failure, Outcome, process_many
from .state import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MODEL, Input
from .summary import format_summary

log = logging.getLogger("onrecord")

DEFAULT_DB = "onrecord.db"


@dataclass
class Settings:
    """What the top-level options set, for the subcommands."""

    verbose: int = 0
    quiet: bool = False
    debug: bool = False


class _OnrecordFailure(click.ClickException):
    """An :class:`OnrecordError` on its way out: one line on stderr, no traceback, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"onrecord: error: {self.format_message()}", err=True)


class _OnrecordUsageFailure(_OnrecordFailure):
    """A usage or set-up error (bad option value, pipeline not installed): exit 2, as click's own."""

    exit_code = 2


class _Group(click.Group):
    """Turns onrecord's own errors, and unexpected ones, into one line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # Reader went away (`onrecord extract dir | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except (UsageError, ModelNotFound) as e:
            if _settings(ctx).debug:
                raise
            raise _OnrecordUsageFailure(str(e)) from e
        except OnrecordError as e:
            if _settings(ctx).debug:
                raise
            raise _OnrecordFailure(str(e)) from e
        except KeyboardInterrupt:
            click.echo("onrecord: interrupted", err=True)
            ctx.exit(130)
        except Exception as e:
            if _settings(ctx).debug:
                raise
            raise _OnrecordFailure(f"internal error: {type(e).__name__}: {e} (rerun with --debug for the "
                                   f"traceback, and report it)") from e


def _settings(ctx: click.Context) -> Settings:
    obj = ctx.find_object(Settings)
    return obj if obj is not None else Settings()


class _LineFormatter(logging.Formatter):
    """One line per log record; tracebacks only with --debug."""

    def __init__(self, debug: bool) -> None:
        super().__init__("onrecord: %(levelname)s: %(message)s")
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        # A copy: other handlers (a caller's own) must see the record unchanged.
        record = logging.makeLogRecord(record.__dict__)
        record.levelname = record.levelname.lower()
        if self.debug:
            return super().format(record)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record).replace("\n", " ")


def _setup_logging(settings: Settings) -> None:
    level = logging.DEBUG if settings.debug or settings.verbose > 1 else (
        logging.INFO if settings.verbose == 1 else (logging.ERROR if settings.quiet else logging.WARNING))
    root = logging.getLogger("onrecord")
    for h in list(root.handlers):
        if getattr(h, "_onrecord_cli", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._onrecord_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(_LineFormatter(settings.debug))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="onrecord")
@click.option("-v", "--verbose", count=True, help="Say more on stderr (-vv for debug messages).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; errors only.")
@click.option("--debug", is_flag=True, help="Debug messages, and a traceback for any error.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """onrecord: who said what, about whom, when, and on whose authority.

    Turns news articles (scraped text or HTML) into structured, sourced
    records, and keeps a corpus of them queryable.

    \b
    onrecord extract article.txt              one record, JSON, on stdout
    onrecord ingest articles/ --db news.db    a corpus into the store
    onrecord query quotes --speaker "Kim Jong Un" --search missile --db news.db
    """
    settings = Settings(verbose, quiet, debug)
    ctx.obj = settings
    _setup_logging(settings)


# ------------------------------------------------------------------ shared options


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and parse_date(value) is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2017-03-08")
    return value


_MAX_CHARS = click.option(
    "--max-chars", type=click.IntRange(1), default=DEFAULT_MAX_CHARS, show_default=True,
    help="Reject documents whose text (after decoding, and HTML to text) is longer than this: it bounds "
         "the memory of a worker (about 0.2 GB + 0.3 GB per million characters).")


def _input_options(f: Callable[..., Any], *, paths_required: bool = True) -> Callable[..., Any]:
    """The options `extract` and `ingest` share: same names, same defaults."""
    for opt in reversed([
        click.argument("paths", nargs=-1, required=paths_required, metavar="PATH..."),
        click.option("--published", callback=_check_published, metavar="YYYY-MM-DD",
                     help="Publication date, to resolve relative times (\"last month\") against."),
        click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="text", show_default=True,
                     help="text: a file per document (text or HTML); jsonl: one {id, text, published?, url?} "
                          "a line."),
        click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
                     help="Processes to parse in; each loads the spaCy pipeline once."),
        click.option("--model", default=DEFAULT_MODEL, show_default=True,
                     help="Any installed spaCy pipeline, by name."),
        click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Reject documents larger than this."),
        _MAX_CHARS,
        click.option("--batch-size", type=click.IntRange(1, 10_000), default=64, show_default=True,
                     help="Documents per batch (parse batch and store transaction)."),
    ]):
        f = opt(f)
    return f


def _read_boilerplate(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    from .stages.layout import parse_repeated_lines

    try:
        with open(value, encoding="utf-8") as f:
            return parse_repeated_lines(f.read())
    except (OSError, UnicodeDecodeError) as e:
        raise click.BadParameter(f"cannot read {value}: {e}; give a file written by "
                                 f"`onrecord boilerplate learn` (UTF-8 text, one line a line)") from e


def _boilerplate_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--boilerplate", "repeated_lines", metavar="FILE", callback=_read_boilerplate,
                        help="Lines known to be furniture on these pages, one a line, as "
                             "`onrecord boilerplate learn` writes them; layout labels them boilerplate. "
                             "Without it a record depends on its own document only.")(f)


def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONRECORD_DB",
                        type=click.Path(dir_okay=False), help="The store (SQLite file); $ONRECORD_DB.")(f)


def _load_model(name: str) -> None:
    """Fail before any work, with the fix in the message, when the pipeline is not installed."""
    from .stages import nlp

    nlp.load(name)


@dataclass
class _Progress:
    """Progress on stderr: a rich bar on a terminal, otherwise nothing until the closing summary;
    one line for each failed document, always."""

    total: int | None
    quiet: bool
    label: str
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    _bar: Any = None
    _task: Any = None

    def __enter__(self) -> Self:
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                                 transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def error(self, message: str) -> None:
        line = f"onrecord: error: {message}"
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=True)

    def __call__(self, out: Outcome | None) -> None:
        if out is None:
            self.skipped += 1
        elif isinstance(out, Failure):
            self.failed += 1
            self.error(str(out))
        else:
            self.ok += 1
        if self._bar is not None:
            self._bar.advance(self._task)

    def summary(self, what: str, *, merged: int = 0) -> None:
        """The closing line; ``merged``: documents whose text the store already held (the same
        article from another file), stored once with each input as a source."""
        if self.quiet:
            return
        n = self.ok + self.failed + self.skipped
        took = time.monotonic() - self.started
        parts = [f"{self.ok} ok", f"{self.failed} failed"] + ([f"{self.skipped} already in the store"]
                                                              if self.skipped else [])
        if merged:
            parts.append(f"{merged} identical to a text already stored, kept once with each input as a source "
                         f"(`onrecord query docs --id ID` lists them)")
        click.echo(f"onrecord: {n} document{'s' if n != 1 else ''} {what}: {', '.join(parts)} "
                   f"({took:.1f} s)", err=True)


def _inputs(paths: Sequence[str], input_format: str, published: str | None,
            max_bytes: int) -> tuple[Iterator[Input | Failure], int | None]:
    """The inputs named on the command line, and how many there are when that is known up front."""
    places = find_documents(paths, suffixes=JSONL_SUFFIXES if input_format == "jsonl" else SUFFIXES)
    total = len(places) if input_format == "text" else None
    return iter_inputs(places, input_format=input_format, published=published, max_bytes=max_bytes), total


# ------------------------------------------------------------------ extract


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


# ------------------------------------------------------------------ ingest


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
    from .engines.parquet import MANIFEST, ingest_output, is_output_dir, is_unfinished_output
    from .store import Store
    from .store import ingest as ingest_into

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
    from .store import Store
    from .store import reprocess as reprocess_store

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
    from .engines import ray_runner

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
    from .pipeline import learn_boilerplate
    from .stages.layout import format_repeated_lines

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


# ------------------------------------------------------------------ query


@cli.group(cls=_Group)
def query() -> None:
    """Look up documents, quotes, entities and failures in the store, or run read-only SQL."""


def _show(rows: Sequence[dict[str, Any]], columns: Sequence[str], as_json: bool, title: str) -> None:
    """Rows as JSON (--json) or as a table; a table wraps long cells rather than cutting them."""
    if as_json:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    if not rows:  # an empty table reads like a failure: say that nothing matched
        click.echo(f"onrecord: no {title or 'rows'} found", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD option, checked: a bad date is a usage error that says the form."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-05-17)") from None


def _open_ro(db: str) -> Any:
    from .store import Store

    return Store.open(db, readonly=True)


_MIN_CONFIDENCE = click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=DEFAULT_MIN_CONFIDENCE, show_default=True,
    metavar="P", help="Leave out attributions whose confidence (the model's probability that it is right) is "
                      "under P; the default shows all, see the README for what each floor costs.")


def _say_hidden(n: int, min_confidence: float, quiet: bool) -> None:
    """Tell the reader what a confidence floor left out, and how to see it."""
    if n and not quiet:
        click.echo(f"onrecord: {n} statement{'s' if n != 1 else ''} under confidence {min_confidence:g} hidden; "
                   f"--min-confidence 0 shows {'them' if n != 1 else 'it'}", err=True)


_LIMIT = click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
_JSON = click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
_RAW = click.option("--raw", is_flag=True, help="The pipeline's own output, without reviewers' corrections "
                    "(`onrecord correct`); by default every read shows the corrected view.")


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
        from . import web
    except ModuleNotFoundError as e:
        raise UsageError(f"the viewer needs {e.name}: install the web extra with "
                         f"`pip install 'onrecord[web]'`") from e
    settings = _settings(ctx)
    if review:
        from .store import Store

        Store.open(db).close()  # writable, and at the current schema, before the server starts
    if not settings.quiet:
        click.echo(f"onrecord: serving {db} ({'review: corrections are saved' if review else 'read-only'}) at "
                   f"http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    web.serve(db, host=host, port=port, log_level="debug" if settings.debug else
              ("info" if settings.verbose else "warning"), review=review)


# ------------------------------------------------------------------ eval


class _EvalGroup(_Group):
    """`onrecord eval`: its subcommands live beside the measures, as a list ``COMMANDS`` of click
    commands in ``onrecord.evaluation.commands``, and load only when `eval` is used, so that the
    evaluation code stays out of this module and out of every other command's start-up."""

    def _load(self) -> None:
        if getattr(self, "_loaded", False):
            return
        self._loaded = True
        try:
            mod = importlib.import_module("onrecord.evaluation.commands")
        except ModuleNotFoundError as e:
            if e.name != "onrecord.evaluation.commands":
                raise
            return
        for cmd in getattr(mod, "COMMANDS", ()):
            self.add_command(cmd)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, name)


@cli.group("eval", cls=_EvalGroup)
def eval_group() -> None:
    """Measure onrecord against gold data (attributions, body, times, speakers) with the
    measures of the reference scorers in ../shared/eval."""


# The review commands live in their own module, which reads this one's helpers: registered here, last.
from .cli_correct import correct, import_

cli.add_command(correct)
cli.add_command(import_)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="onrecord")
    raise SystemExit(0)  # cli.main exits itself in standalone mode; this keeps type checkers honest


__all__ = ["cli", "main"]
