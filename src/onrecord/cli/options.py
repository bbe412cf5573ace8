"""What the commands share: the input options of `extract` and `ingest`, ``--db``, the read
options of `query` (``--limit``, ``--json``, ``--raw``, ``--min-confidence``), the progress line,
and the table or JSON a read prints."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Self

import click

from ..inputs import INPUT_FORMATS, JSONL_SUFFIXES, SUFFIXES, find_documents, iter_inputs, parse_date
from ..model import DEFAULT_MIN_CONFIDENCE
from ..pipeline import Failure, Outcome
from ..state import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MODEL, Input

DEFAULT_DB = "onrecord.db"

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
    from ..stages.layout import parse_repeated_lines

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
    from ..stages import nlp

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
    from ..store import Store

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
