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

import gzip
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InputError, UsageError
from .pipeline import Failure
from .stages.read import check_size
from .state import DEFAULT_MAX_BYTES, Input

INPUT_FORMATS: tuple[str, ...] = ("text", "jsonl")
# What a directory walk picks up (DESIGN.md: plain text as scraped, or HTML), and the same gzipped
# (scrapers and web archives keep pages as page.html.gz): a .gz file is read through gzip.
GZIP = ".gz"
SUFFIXES = frozenset({".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Place:
    """One path to read (a file, or ``-`` for standard input) and the id its document gets."""

    path: str
    id: str
    # Why the place cannot be read, found while walking (an unreadable folder, a named pipe):
    # it becomes a Failure in its turn, so that nothing under a PATH goes missing unsaid.
    error: str | None = None


def printable(name: str) -> str:
    """``name`` made safe to print and store as UTF-8: a byte of a file name that is not UTF-8
    (Python keeps it as a lone surrogate, ``"caf\\udce9.txt"`` for a Latin-1 "café.txt") becomes
    ``\\xe9``, any other lone surrogate (a JSON ``"\\ud800"`` escape) U+FFFD. The file itself is
    still opened by its real name."""
    if not _SURROGATE.search(name):
        return name
    return _SURROGATE.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}" if 0xDC80 <= ord(m[0]) <= 0xDCFF
                          else "\ufffd", name)


def suffix_of(name: str) -> str:
    """The extension that says what a file holds, lowercase: ".txt", or ".html.gz" for a gzipped
    page (the one before .gz with it)."""
    p = Path(name)
    if p.suffix.lower() == GZIP:
        return (Path(p.stem).suffix + GZIP).lower()
    return p.suffix.lower()


def _place(path: Path, error: str | None = None, *, root: Path | None = None) -> Place:
    """The Place of ``path``. Its id is the file name without its extension (both of "page.html.gz"),
    or, for a file found by walking the folder ``root``, its path below ``root`` without the
    extension ("sport/001"): two folders of a corpus may each hold a "001.txt", and a store needs
    their ids apart."""
    rel = Path(path.name)
    if root is not None:
        try:
            rel = path.relative_to(root)
        except ValueError:
            pass
    if not rel.name:  # the walked folder itself (it could not be read): named by its own name
        rel = Path(path.name)
    name = rel.name[:len(rel.name) - len(suffix_of(rel.name))] if suffix_of(rel.name) else rel.name
    return Place(str(path), printable(rel.with_name(name or rel.name).as_posix()), error)


def _kind(mode: int) -> str:
    return ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")


def _walk(folder: Path, suffixes: frozenset[str]) -> list[Place]:
    """The documents under ``folder``, sorted, with a Place carrying the error for a subfolder that
    cannot be read and for a special file (a named pipe would block the read for ever)."""
    found: list[Place] = []

    def unreadable(e: OSError) -> None:
        where = Path(e.filename) if e.filename else folder
        found.append(_place(where, f"cannot read folder: {e.strerror or e}; its documents are not processed",
                            root=folder))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if suffix_of(f) not in suffixes or f.startswith("."):
                continue
            path = Path(root) / f
            try:
                mode = path.stat().st_mode
            except OSError:
                found.append(_place(path, root=folder))  # a dangling link or a loop: opening it says why
                continue
            found.append(_place(path, None if stat.S_ISREG(mode) else
                                f"{_kind(mode)}, not a file; a folder walk reads regular files only", root=folder))
    return sorted(found, key=lambda pl: pl.path)


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
            found = _walk(path, suffixes)
            if not found:
                plain = sorted(x for x in suffixes if not x.endswith(GZIP))
                log.warning("no %s files under %s%s", "/".join(plain), printable(p),
                            " (gzipped or not)" if len(plain) < len(suffixes) else "")
            places += found
        elif path.exists() or path.is_symlink():
            # Named on the command line, a pipe is read (`onrecord extract <(curl ...)`).
            places.append(_place(path))
        else:
            raise UsageError(f"no such file or directory: {printable(p)}")
    return places


def _read_place(place: Place, max_bytes: int) -> bytes:
    if place.path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = os.path.getsize(place.path)
        check_size(size, doc=place.path, max_bytes=max_bytes)  # before reading a huge file into memory
        if place.path.lower().endswith(GZIP):
            data = _gunzip(place, max_bytes)
        else:
            with open(place.path, "rb") as fh:
                data = fh.read(max_bytes + 1)
    check_size(len(data), doc=place.path if place.path != STDIN else "stdin", max_bytes=max_bytes,
               at_least=len(data) > max_bytes)
    return data


def _gunzip(place: Place, max_bytes: int) -> bytes:
    """The uncompressed bytes of a .gz file, at most ``max_bytes + 1`` of them (a small file that
    inflates to gigabytes stops at the limit); a file that is not gzip, or is cut short or
    damaged, raises :class:`InputError` saying so."""
    try:
        with gzip.open(place.path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        why = "it ends before its last block" if isinstance(e, EOFError) else str(e).rstrip(".") or type(e).__name__
        raise InputError(printable(place.path), f"not a readable gzip file ({why}); `gunzip -t` checks it, or "
                                                f"give the uncompressed file") from e


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
        origin = "stdin" if place.path == STDIN else printable(place.path)
        if place.error is not None:
            yield Failure(place.id, "read", place.error, origin=origin)
            continue
        if input_format == "jsonl":
            if place.path == STDIN:
                yield from parse_jsonl(sys.stdin.buffer, name=origin, published=published, max_bytes=max_bytes)
                continue
            try:
                with open(place.path, "rb") as stream:
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


def parse_jsonl(stream: IO[bytes] | IO[str], *, name: str, published: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Input | Failure]:
    """One Input per line ``{"id", "text", "published"?, "url"?}``; a Failure for a line that is
    not such an object. A line's own ``published`` wins over the caller's.

    Lines are decoded one by one, so that a byte that is not UTF-8 fails its own line and no other
    (decoding the stream as a whole lost the lines after it, and the buffer before it)."""
    for n, raw in enumerate(stream, 1):
        origin = f"{name}:{n}"
        if isinstance(raw, bytes):
            if n == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield Failure(origin, "read", f"line is not UTF-8 (byte 0x{raw[e.start]:02x} at column "
                                              f"{e.start + 1}); JSON Lines must be UTF-8", origin=origin)
                continue
        else:
            line = str(raw).removeprefix("\ufeff") if n == 1 else str(raw)
        if not line.strip():
            continue
        yield _jsonl_input(line, origin, published, max_bytes)


def _jsonl_input(line: str, origin: str, published: str | None, max_bytes: int) -> Input | Failure:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return Failure(origin, "read", f"not valid JSON ({e.msg.removesuffix(' at')} at column {e.colno})", origin=origin)
    except (ValueError, RecursionError) as e:  # an integer of over 4,300 digits; nesting too deep
        return Failure(origin, "read", f"not valid JSON here ({str(e).split(';')[0]})", origin=origin)
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return Failure(origin, "read", 'not an object with a "text" string', origin=origin)
    # A "\ud800" escape is valid JSON but no character: ids and urls are printed and stored as UTF-8.
    doc_id = printable(str(obj["id"])) if obj.get("id") not in (None, "") else origin
    pub = obj.get("published")
    if pub is not None and parse_date(str(pub)) is None:
        return Failure(doc_id, "read", f'"published" {printable(repr(pub))[:80]} is not a YYYY-MM-DD date',
                       origin=origin)
    url = obj.get("url")
    text = obj["text"]
    if len(text) > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return Failure(doc_id, "read", f"document is over the {max_bytes} byte limit (raise it with --max-bytes)",
                       origin=origin)
    return Input(doc_id, text, pub or published, printable(str(url)) if url else None, origin)
