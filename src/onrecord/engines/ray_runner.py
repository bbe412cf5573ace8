"""The distributed runner: :func:`onrecord.process_many` over a Ray cluster, output as Parquet.

Ray Data does the distribution (reading, scheduling, retries, back-pressure);
onrecord only supplies the work: a callable class that loads the spaCy
pipeline once per Ray actor and turns a batch of inputs into outcome rows
(``map_batches`` with ``concurrency=workers``). The outcome rows carry each
record's key fields, its JSON and its items as nested lists; after one pass
of the pipeline they are split into the flat tables of
:mod:`onrecord.engines.parquet`, so that spaCy runs once per document.

Without ``address`` a local Ray instance is started (a laptop is a cluster of
one); with it, the job joins that cluster, whose nodes must have onrecord
and its model installed and must all see ``output_dir`` (a shared file
system). Ray is an optional extra: ``pip install 'onrecord[ray]'``.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ModelNotFound, UsageError
from ..inputs import SUFFIXES as DOCUMENT_SUFFIXES
from ..inputs import Place, find_documents, iter_inputs, printable
from ..model import SCHEMA, Record
from ..pipeline import Failure
from ..state import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MODEL, Input
from . import parquet

if TYPE_CHECKING:
    import ray.data

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'onrecord[ray]'"
TABLE_SUFFIXES = frozenset({".parquet"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# One outcome row per input document: the records columns, the failure's stage and reason, and the
# document's items as nested lists (the flat tables without their doc_id/sha256 columns).
_ITEM_STRUCTS = {
    t: pa.list_(pa.struct([f for f in parquet.SCHEMAS[t] if f.name not in ("doc_id", "sha256")]))
    for t in parquet.ITEM_TABLES
}
OUTCOME_SCHEMA = pa.schema(
    list(parquet.SCHEMAS["records"])
    + [pa.field("stage", pa.string()), pa.field("reason", pa.string())]
    + [pa.field(t, typ) for t, typ in _ITEM_STRUCTS.items()]
)


class RayNotInstalled(UsageError):
    """Ray is an optional extra and is not installed here (a usage error: the fix is one install)."""

    def __init__(self) -> None:
        super().__init__(f"the Ray engine needs Ray, which is not installed; install it with `{INSTALL_HINT}`")


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run wrote: rows per table, and how long it took."""

    output: Path
    workers: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return self.counts.get("records", 0)

    @property
    def failures(self) -> int:
        return self.counts.get("failures", 0)

    @property
    def documents(self) -> int:
        return self.records + self.failures

    @property
    def attributions(self) -> int:
        return self.counts.get("attributions", 0)


def import_ray() -> Any:
    """The ``ray`` module, or :class:`RayNotInstalled` saying how to get it."""
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise RayNotInstalled() from e
    return ray


# -- input --------------------------------------------------------------------------------------------


def doc_id(path: str | Path) -> str:
    """A document's id from its path: the file name without its extension (DESIGN.md)."""
    return Path(path).stem


def _places(path: Path) -> tuple[list[Place], str]:
    """The documents at ``path`` as ``onrecord extract`` finds them, and their input format."""
    if path.is_dir():
        names = [f for f in path.rglob("*") if not any(part.startswith(".") for part in f.relative_to(path).parts)]
        suffixes = {f.suffix.lower() for f in names if f.is_file() or f.is_fifo()}
        if suffixes and suffixes <= TABLE_SUFFIXES:
            return [Place(str(f), f.stem) for f in sorted(names) if f.is_file()], "parquet"
        if suffixes and suffixes <= JSONL_SUFFIXES:
            return find_documents([str(path)], suffixes=JSONL_SUFFIXES), "jsonl"
        return find_documents([str(path)], suffixes=DOCUMENT_SUFFIXES), "text"
    if path.exists() or path.is_symlink():
        suffix = path.suffix.lower()
        fmt = "parquet" if suffix in TABLE_SUFFIXES else "jsonl" if suffix in JSONL_SUFFIXES else "text"
        return find_documents([str(path)]), fmt
    raise UsageError(f"input {printable(str(path))!r} does not exist; give a folder of files, a .jsonl or a "
                     f".parquet file")


def read_input(path: str | Path) -> ray.data.Dataset:
    """A Ray dataset of the documents at ``path``.

    ``path`` is a folder of article files (walked for .txt, .html and .htm
    files as ``onrecord extract`` walks one; each file one document, its id
    the file name without extension), or JSON Lines / Parquet (a file, or a
    folder of them) with ``id`` and ``text`` columns and optionally
    ``published`` and ``url``.

    Article files and JSON Lines are not read by Ray's readers but listed here, one row per file
    (its path as bytes, so that a file name that is not UTF-8 still opens), and opened by the
    actors with the local path's own reader: a named pipe, a link loop, a bad JSON line or a byte
    that is not UTF-8 then fails its document alone, with the local path's reason, where Ray's
    readers failed the whole job. (A JSON Lines file is one actor's work: split a large feed into
    several files to spread it.)
    """
    import_ray()
    import ray.data

    places, fmt = _places(Path(path))
    if not places:
        raise UsageError(f"input {printable(str(path))!r} holds no {', '.join(sorted(DOCUMENT_SUFFIXES))}, "
                         f".jsonl or .parquet files")
    if fmt == "parquet":
        return ray.data.read_parquet([p.path for p in places], include_paths=True, **_io(ray.data.read_parquet))
    rows = [{"place": os.fsencode(p.path), "place_id": p.id, "place_error": p.error, "format": fmt} for p in places]
    return ray.data.from_items(rows)


def _io(reader: Any) -> dict[str, Any]:
    """Remote arguments for a read: reading is light I/O and takes no CPU slot, so that it can never
    wait behind actors that hold every CPU and wait for its blocks (a deadlock met on 2 CPUs with
    2 workers). Newer Ray names the argument; older Ray takes ``ray_remote_args``."""
    if "num_cpus" in inspect.signature(reader).parameters:
        return {"num_cpus": 0}
    return {"ray_remote_args": {"num_cpus": 0}}


def _text_of(value: Any) -> Any:
    """A ``published`` cell as ISO text: Parquet may hold a date or timestamp."""
    if value is None or isinstance(value, str):
        return value
    iso = getattr(value, "isoformat", None)
    return iso()[:10] if iso else str(value)


def inputs_from_batch(batch: pa.Table, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Input | Failure]:
    """An Input or a Failure for each document of an input batch, whatever form it came in: a row per
    file (read here, as the local path reads it), or a Parquet row with id and text."""
    cols = set(batch.column_names)
    rows = batch.to_pylist()
    if "place" in cols:
        for row in rows:
            place = Place(os.fsdecode(row["place"]), row["place_id"], row["place_error"])
            yield from iter_inputs([place], input_format=row["format"], max_bytes=max_bytes)
        return
    for n, row in enumerate(rows):
        origin = printable(str(row.get("path") or "input"))
        ident, text = row.get("id"), row.get("text")
        where = f"{origin}:{n + 1}"
        if ident is None or ident == "":
            yield Failure(where, "read", "row has no id; give every row an `id` column value", origin=where)
        elif not isinstance(text, (str, bytes)):
            yield Failure(printable(str(ident)), "read", "row has no text; give every row a `text` column value"
                          if text is None else f"row's text is {type(text).__name__}, not a string", origin=origin)
        else:
            url = row.get("url")
            yield Input(printable(str(ident)), text, _text_of(row.get("published")),
                        printable(str(url)) if url else None, origin)


# -- the work of one actor ---------------------------------------------------------------------------


class Processor:
    """The Ray actor's callable: the spaCy pipeline loaded once, then batch after batch.

    Every input row yields exactly one outcome row (a record or a failure):
    a document is never dropped, whatever goes wrong with it.
    """

    def __init__(self, model: str = DEFAULT_MODEL, max_bytes: int = DEFAULT_MAX_BYTES,
                 batch_size: int = 64, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        from ..stages import nlp

        self.model = model
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        self.batch_size = batch_size
        nlp.load(model)  # once per actor, before the first batch

    def __call__(self, batch: pa.Table) -> Iterator[pa.Table]:
        from ..pipeline import process_many

        # The input hash and origin of each document on its way into the pipeline, taken in order
        # as process_many reads its inputs (one outcome comes back for each, in the same order).
        seen: deque[tuple[str | None, str | None]] = deque()

        def feed() -> Iterator[Input | Failure]:
            for item in inputs_from_batch(batch, max_bytes=self.max_bytes):
                seen.append((parquet.input_sha256(item.data) if isinstance(item, Input) else None, item.origin))
                yield item

        rows: list[dict[str, Any]] = []
        for out in process_many(feed(), model=self.model, max_bytes=self.max_bytes, max_chars=self.max_chars,
                                batch_size=self.batch_size):
            hashed, origin = seen.popleft()
            if isinstance(out, Record):
                try:
                    assert hashed is not None
                    rows.append(_record_row(out, origin, hashed))
                except Exception as e:  # a record Arrow cannot hold is a failure row, not a lost document
                    log.exception("record %s cannot be written as Parquet", out.id)
                    rows.append(_failure_row(Failure(out.id, "write", f"{type(e).__name__}: {e}", out.sha256),
                                             hashed, origin))
            else:
                rows.append(_failure_row(out, hashed, origin))
            if len(rows) >= self.batch_size:  # a JSON Lines file makes many rows: hand them on as they come
                yield pa.Table.from_pylist(rows, schema=OUTCOME_SCHEMA)
                rows = []
        if rows:
            yield pa.Table.from_pylist(rows, schema=OUTCOME_SCHEMA)


def _record_row(record: Record, origin: str | None, hashed: str) -> dict[str, Any]:
    tables = parquet.record_rows(record, origin=origin, input_hash=hashed)
    row: dict[str, Any] = dict(tables["records"][0])
    row["stage"] = row["reason"] = None
    for t in parquet.ITEM_TABLES:
        row[t] = [{k: v for k, v in r.items() if k not in ("doc_id", "sha256")} for r in tables[t]]
    # Check now, row by row, that Arrow takes it, so a bad record fails alone and not its whole batch.
    pa.Table.from_pylist([row], schema=OUTCOME_SCHEMA)
    return row


def _failure_row(failure: Any, hashed: str | None, origin: str | None = None) -> dict[str, Any]:
    f = parquet.failure_row(failure, input_hash=hashed)
    if origin and not f.get("origin"):
        f["origin"] = origin
    return {"id": f["id"], "sha256": f["sha256"], "input_sha256": f["input_sha256"], "origin": f["origin"],
            "stage": f["stage"], "reason": f["reason"]}


# -- splitting the outcome rows into the output tables ------------------------------------------------


def _records(t: pa.Table) -> pa.Table:
    return t.filter(pc.is_valid(t["record"])).select(parquet.SCHEMAS["records"].names)


def _failures(t: pa.Table) -> pa.Table:
    return t.filter(pc.is_valid(t["stage"])).select(parquet.SCHEMAS["failures"].names)


def _explode(t: pa.Table, name: str) -> pa.Table:
    """The rows of flat table ``name``: the nested list column unnested, each row keyed by its document."""
    lists = t[name].combine_chunks()
    if isinstance(lists, pa.ChunkedArray):  # an empty table combines to an empty ChunkedArray
        lists = pa.array([], type=_ITEM_STRUCTS[name])
    items = lists.flatten()
    parents = pc.list_parent_indices(lists)
    cols = [pc.take(t["id"], parents), pc.take(t["sha256"], parents)]
    cols += [items.field(i) for i in range(items.type.num_fields)]
    return pa.Table.from_arrays(cols, schema=parquet.SCHEMAS[name])


def _splitter(name: str) -> Any:
    if name == "records":
        return _records
    if name == "failures":
        return _failures
    return lambda t: _explode(t, name)


def _check_output(out: Path) -> None:
    """Refuse an ``out`` that is a file, or a folder holding something else than a previous run."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"output {str(out)!r} is a file; give a folder for the Parquet tables")
    if out.is_dir() and any(out.iterdir()) and not parquet.is_output_dir(out):
        raise UsageError(f"output folder {str(out)!r} is not empty and holds no onrecord run; "
                         f"give an empty or new folder (or a previous run's output to replace it)")


def _replace_output(partial: Path, out: Path) -> None:
    """Put the finished run at ``out``, in place of a previous run's output, which is kept until then
    (a run that fails or is interrupted leaves the previous output as it was)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    partial.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _count_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.read_metadata(f).num_rows for f in folder.glob("*.parquet"))


def _check_model(model: str) -> None:
    """Fail at once, here, when the pipeline is not installed, rather than in every actor.

    Only looked up, not loaded: the driver does no parsing and, on a cluster,
    should not hold a model in memory. (The actors' nodes need it installed too.)
    """
    import spacy.util

    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise ModelNotFound(model)


def ray_log_options(verbose: bool) -> tuple[dict[str, Any], dict[str, str], int]:
    """How loud Ray may be: (``ray.init`` options, environment for its C++ core, level of the
    ``ray.data`` logger).

    Unless ``verbose``, the user's terminal gets onrecord's lines only: Ray's own start-up
    warnings (token authentication, an actor's constructor arguments in the object store) and
    Ray Data's notes ("Progress bars disabled") are about Ray, not the run, and the actors' logs
    are not forwarded to the driver (``log_to_driver``); they stay in Ray's session logs
    (/tmp/ray/session_latest/logs). A failure still reaches the user: as a failure row, or as the
    exception ``run`` raises. ``onrecord -v run`` shows it all."""
    if verbose:
        return {"logging_level": logging.INFO, "configure_logging": True, "log_to_driver": True}, {}, logging.INFO
    return ({"logging_level": logging.ERROR, "configure_logging": True, "log_to_driver": False},
            {"RAY_BACKEND_LOG_LEVEL": "fatal"}, logging.ERROR)


@contextmanager
def _quiet_stderr(quiet: bool) -> Iterator[None]:
    """Standard error (the file descriptor, which Ray's C++ core writes to, not only Python's
    ``sys.stderr``) sent to /dev/null while ``quiet``: Ray's core says as it starts that it read
    RAY_BACKEND_LOG_LEVEL, and no option silences that line. Ray's own processes write to their
    session logs, not to this descriptor; an error still comes back as the exception raised."""
    if not quiet:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _connect(ray: Any, address: str | None, workers: int | None, verbose: bool) -> bool:
    """Join the cluster at ``address``, or start a local instance; True when this call started Ray."""
    if ray.is_initialized():
        return False
    options, env, _ = ray_log_options(verbose)
    for name, value in env.items():  # read by Ray's C++ core as it starts; a value the user set wins
        os.environ.setdefault(name, value)
    with _quiet_stderr(not verbose):
        if address:
            ray.init(address=address, **options)
        else:
            # Enough CPUs for the actors asked for: an actor that can never be placed would stall the job.
            ray.init(num_cpus=max(os.cpu_count() or 1, workers or 1), include_dashboard=False, **options)
    return True


def run(
    input_path: str | Path,
    output_dir: str | Path,
    *,
    address: str | None = None,
    workers: int | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool = False,
    verbose: bool = False,
) -> RunSummary:
    """Process every document under ``input_path`` on Ray and write the Parquet tables to ``output_dir``.

    ``workers`` is the number of actors (each one spaCy pipeline, one CPU);
    by default, one per CPU of the cluster. Re-running into the same
    ``output_dir`` replaces the previous run's tables once the new run is complete.
    Ray's own logs reach stderr only when ``verbose`` (see :func:`ray_log_options`).
    """
    ray = import_ray()
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {workers}")
    _check_model(model)
    out = Path(output_dir)
    _check_output(out)
    # The run is written beside ``out`` and moved there when it is complete (see _replace_output).
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    final, out = out, partial
    t0 = time.perf_counter()
    started = _connect(ray, address, workers, verbose)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = progress
        # Ray Data logs every stage of every pass at INFO, and a note that its bars are off.
        logging.getLogger("ray.data").setLevel(ray_log_options(verbose)[2])
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        ds = read_input(input_path)
        outcomes = ds.map_batches(
            Processor,
            fn_constructor_kwargs={"model": model, "max_bytes": max_bytes, "batch_size": batch_size,
                                   "max_chars": max_chars},
            batch_size=batch_size, batch_format="pyarrow", num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
        ).materialize()  # the pipeline runs once; each table below is a cheap pass over its result
        for name in parquet.TABLES:
            outcomes.map_batches(_splitter(name), batch_format="pyarrow").write_parquet(str(out / name))
            if not any((out / name).glob("*.parquet")):  # an empty table still gets its schema on disk
                parquet.write_table([], name, out / name / "empty.parquet")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        if started:
            ray.shutdown()
    seconds = time.perf_counter() - t0
    counts = {t: _count_rows(out / t) for t in parquet.TABLES}
    manifest = {
        "format": parquet.FORMAT, "schema": SCHEMA, "model": model, "input": printable(str(input_path)),
        "workers": workers, "address": address, "seconds": round(seconds, 3), "counts": counts,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    # Written last: a folder without it is an unfinished run, which ingest refuses.
    (out / parquet.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    _replace_output(partial, final)
    out = final
    log.info("ray run: %d records, %d failures in %.1f s with %d workers",
             counts["records"], counts["failures"], seconds, workers)
    return RunSummary(out, workers, seconds, counts)


__all__ = ["INSTALL_HINT", "OUTCOME_SCHEMA", "Processor", "RayNotInstalled", "RunSummary", "doc_id",
           "import_ray", "inputs_from_batch", "ray_log_options", "read_input", "run"]
