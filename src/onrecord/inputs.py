"""Where documents come from: files, directories, standard input, JSON Lines.

:func:`find_documents` turns the command line's PATH arguments into a list of
places to read (cheap: nothing is opened yet, so a progress bar knows its
total); :func:`iter_inputs` opens them one at a time and yields an
:class:`~onrecord.state.Input` per document, or a
:class:`~onrecord.pipeline.Failure` for one that cannot even be opened
(unreadable file, oversized file, bad JSON line), so a batch never stops on
one bad document. Decoding the bytes is the read stage's job, not this one's.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InputError, UsageError
from .pipeline import Failure
from .stages.read import check_size
from .state import DEFAULT_MAX_BYTES, Input

INPUT_FORMATS: tuple[str, ...] = ("text", "jsonl")
# What a directory walk picks up (DESIGN.md: plain text as scraped, or HTML).
SUFFIXES = frozenset({".txt", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Place:
    """One path to read (a file, or ``-`` for standard input) and the id its document gets."""

    path: str
    id: str


def parse_date(value: str | None) -> str | None:
    """``value`` when it is a real YYYY-MM-DD date, else None."""
    if value is None or not _DATE.match(value):
        return None
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def find_documents(paths: Sequence[str], *, suffixes: frozenset[str] = SUFFIXES) -> list[Place]:
    """The documents named by ``paths``: files as given, directories walked (sorted) for files
    with one of ``suffixes`` (.txt/.html/.htm; .jsonl/.ndjson for JSON Lines input), ``-`` for
    standard input. Raises :class:`UsageError` for a path that does not exist."""
    places: list[Place] = []
    for p in paths:
        if p == STDIN:
            places.append(Place(STDIN, "stdin"))
            continue
        path = Path(p)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root) / f for f in files
                          if Path(f).suffix.lower() in suffixes and not f.startswith(".")]
            if not found:
                log.warning("no %s files under %s", "/".join(sorted(suffixes)), p)
            places += [Place(str(f), f.stem) for f in sorted(found)]
        elif path.exists():
            places.append(Place(str(path), path.stem))
        else:
            raise UsageError(f"no such file or directory: {p}")
    return places


def _read_place(place: Place, max_bytes: int) -> bytes:
    if place.path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = os.path.getsize(place.path)
        check_size(size, doc=place.path, max_bytes=max_bytes)  # before reading a huge file into memory
        with open(place.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    check_size(len(data), doc=place.path if place.path != STDIN else "stdin", max_bytes=max_bytes,
               at_least=len(data) > max_bytes)
    return data


def iter_inputs(
    places: Iterable[Place],
    *,
    input_format: str = "text",
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Input | Failure]:
    """An Input for every document in ``places`` (one per file, or one per line of JSON Lines),
    or a Failure naming the document and the reason when it cannot be opened."""
    if input_format not in INPUT_FORMATS:
        raise UsageError(f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
    for place in places:
        origin = "stdin" if place.path == STDIN else place.path
        if input_format == "jsonl":
            if place.path == STDIN:
                yield from parse_jsonl(sys.stdin, name=origin, published=published, max_bytes=max_bytes)
                continue
            try:
                with open(place.path, encoding="utf-8-sig") as stream:
                    yield from parse_jsonl(stream, name=origin, published=published, max_bytes=max_bytes)
            except OSError as e:
                yield Failure(place.id, "read", f"cannot open: {e.strerror or e}", origin=origin)
            continue
        try:
            data = _read_place(place, max_bytes)
        except InputError as e:
            yield Failure(place.id, "read", e.reason, origin=origin)
            continue
        except OSError as e:
            yield Failure(place.id, "read", f"cannot open: {e.strerror or e}", origin=origin)
            continue
        yield Input(place.id, data, published, None, origin)


def parse_jsonl(stream: IO[str], *, name: str, published: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Input | Failure]:
    """One Input per line ``{"id", "text", "published"?, "url"?}``; a Failure for a line that is
    not such an object. A line's own ``published`` wins over the caller's."""
    try:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            origin = f"{name}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield Failure(origin, "read", f"not valid JSON ({e.msg} at column {e.colno})", origin=origin)
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield Failure(origin, "read", 'not an object with a "text" string', origin=origin)
                continue
            doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else origin
            pub = obj.get("published")
            if pub is not None and parse_date(str(pub)) is None:
                yield Failure(doc_id, "read", f'"published" {pub!r} is not a YYYY-MM-DD date', origin=origin)
                continue
            url = obj.get("url")
            text = obj["text"]
            if len(text) > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                yield Failure(doc_id, "read", f"document is over the {max_bytes} byte limit "
                                              f"(raise it with --max-bytes)", origin=origin)
                continue
            yield Input(doc_id, text, pub or published, str(url) if url else None, origin)
    except UnicodeDecodeError as e:
        yield Failure(name, "read", f"JSON Lines input is not UTF-8 ({e.reason})", origin=name)
