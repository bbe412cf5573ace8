"""The ``onrecord`` command group: its top-level options, the logging they set, and how an error
leaves it (one line on stderr and an exit status, no traceback unless ``--debug``)."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

import click

from .. import __version__
from ..errors import ModelNotFound, OnrecordError, UsageError

log = logging.getLogger("onrecord")

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
