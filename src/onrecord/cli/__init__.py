"""The command line: a thin layer over :func:`onrecord.process_many` and :mod:`onrecord.store`.

Records go to stdout; errors (one line each, naming the document and the
reason) and progress go to stderr. Exit status: 0 when every document
succeeded, 1 when some failed (the others are still written), 2 for a usage
error (a bad option, a missing path, a spaCy pipeline that is not
installed). No traceback unless ``--debug``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

from . import evaluate, extract, query  # noqa: F401 -- importing them registers their commands on `cli`
from .correct import correct, import_
from .group import cli

cli.add_command(correct)
cli.add_command(import_)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="onrecord")
    raise SystemExit(0)  # cli.main exits itself in standalone mode; this keeps type checkers honest


__all__ = ["cli", "main"]
