"""The ordered stages of DESIGN.md and the two entry points, :func:`process` and :func:`process_many`.

Each stage is a module under ``onrecord.stages`` that declares the state it
``NEEDS`` and ``ADDS`` and offers ``run(state, options) -> state`` (and, when
batching pays, ``run_batch``). Stages never mutate the state they are given:
they return a new one. The pipeline checks at build time that every stage
comes after the stages that add what it needs, and that every name in NEEDS and ADDS is a real
field of the state or the record, as spaCy's pipe analysis does.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from difflib import get_close_matches
from types import ModuleType
from typing import TypeVar

from .errors import InputError, OnrecordError, PipelineOrderError, StageDeclarationError, StageError
from .model import Attribution, Record
from .stages import attributions, entities, layout, meta, nlp, quantities, read, targets, times, when
from .state import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MODEL, Input, Options, State

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be processed, and why."""

    id: str
    stage: str
    reason: str
    sha256: str | None = None
    origin: str | None = None  # the path or stream line the document came from, when known

    def __str__(self) -> str:
        name = self.origin or self.id
        return f"{name}: {self.reason}" if self.stage == "read" else f"{name}: stage {self.stage}: {self.reason}"


Outcome = Record | Failure

STAGES: tuple[ModuleType, ...] = (
    read, layout, meta, nlp, entities, attributions, targets, quantities, times, when,
)


def check_order(stages: Sequence[ModuleType]) -> None:
    """Raise :class:`PipelineOrderError` when a stage needs what no earlier stage adds."""
    have: set[str] = {"input"}
    for st in stages:
        missing = set(st.NEEDS) - have
        if missing:
            raise PipelineOrderError(
                f"stage {st.NAME!r} needs {sorted(missing)}, which no earlier stage adds; "
                f"move it after the stage that adds them"
            )
        have |= set(st.ADDS)


# What a stage may name in NEEDS/ADDS: a field of the state passed along, of the record it builds, or
# of the record's attributions (the stages after attributions fill in `about` and `said_at`).
FIELDS: frozenset[str] = frozenset(f.name for cls in (State, Record, Attribution) for f in fields(cls))

def check_fields(stages: Sequence[ModuleType]) -> None:
    """Raise :class:`StageDeclarationError` when a stage's NEEDS or ADDS holds a name that is no field
    of :class:`State`, :class:`Record` or :class:`Attribution` (:data:`FIELDS`), naming the stage, the
    name, the closest field and the known ones."""
    for st in stages:
        for what in ("NEEDS", "ADDS"):
            for name in getattr(st, what):
                if name in FIELDS:
                    continue
                close = get_close_matches(name, sorted(FIELDS), n=1, cutoff=0.5)
                fix = f"did you mean {close[0]!r}? " if close else ""
                raise StageDeclarationError(
                    f"stage {st.NAME!r} declares {what} {name!r}, which is no field of State, Record or "
                    f"Attribution; {fix}name one of {', '.join(sorted(FIELDS))}"
                )


check_fields(STAGES)
check_order(STAGES)

# An optional observer of where the time goes (bench/bench.py's profile): called after each stage
# with (stage name, seconds it took on the batch, documents in the batch). Off (None) it costs one
# test per stage and batch. Set it with set_stage_timer(); in this process only, not in workers.
_stage_timer: Callable[[str, float, int], None] | None = None


def set_stage_timer(timer: Callable[[str, float, int], None] | None) -> Callable[[str, float, int], None] | None:
    """Install ``timer`` as the stage-timing observer (None to remove it); returns the previous one."""
    global _stage_timer
    previous, _stage_timer = _stage_timer, timer
    return previous


def _run_one(stage: ModuleType, state: State, options: Options) -> State | Failure:
    inp = state.input
    try:
        return stage.run(state, options)
    except InputError as e:
        return Failure(inp.id, stage.NAME, e.reason, origin=inp.origin)
    except OnrecordError as e:
        return Failure(inp.id, stage.NAME, str(e), state.record.sha256 if state.record else None, inp.origin)
    except Exception as e:  # a bug on one document must not end the batch
        # The Failure carries the message to the caller; the traceback is for --debug.
        log.debug("stage %s failed on %s", stage.NAME, inp.origin or inp.id, exc_info=True)
        return Failure(inp.id, stage.NAME, f"{type(e).__name__}: {e}",
                       state.record.sha256 if state.record else None, inp.origin)


def _run_batch(stage: ModuleType, states: list[State], options: Options) -> list[State | Failure]:
    batch = getattr(stage, "run_batch", None)
    if batch is not None and len(states) > 1:
        try:
            return list(batch(states, options))
        except Exception:  # noqa: BLE001 -- find the document at fault by running them one by one
            log.warning("batched stage %s failed; retrying document by document", stage.NAME)
    return [_run_one(stage, s, options) for s in states]


def _run_stages(stages: Sequence[ModuleType], results: list[State | Failure], options: Options) -> None:
    """Run ``stages`` in order over the states of ``results`` (a stage's batch is the states still
    alive), replacing each by its next state or its Failure."""
    for stage in stages:
        live = [(n, s) for n, s in enumerate(results) if isinstance(s, State)]
        if not live:
            break
        timer = _stage_timer
        t0 = time.perf_counter() if timer is not None else 0.0
        out = _run_batch(stage, [s for _, s in live], options)
        if timer is not None:
            timer(stage.NAME, time.perf_counter() - t0, len(live))
        for (n, _), s in zip(live, out):
            results[n] = s


def _outcome(r: State | Failure) -> Outcome:
    if isinstance(r, Failure):
        return r
    assert r.record is not None
    return r.record


# The stage whose batch pays (spaCy's nlp.pipe over the paragraphs of the whole batch): the
# stages before it run over the batch, those after it on each document as the parser hands it
# over, so that outcomes come out one by one (a progress bar moves per document).
_PARSE = STAGES.index(nlp)


def _iter_batch(inputs: Sequence[Input | Failure], options: Options) -> Iterator[Outcome]:
    """The outcome of each of ``inputs``, in order, each as soon as it is ready. A Failure among
    the inputs (a file that could not even be opened) passes straight through in its place."""
    results: list[State | Failure] = [State(i) if isinstance(i, Input) else i for i in inputs]
    _run_stages(STAGES[:_PARSE], results, options)
    live = [n for n, s in enumerate(results) if isinstance(s, State)]
    ready = [isinstance(r, Failure) for r in results]
    shown = 0

    def flush() -> Iterator[Outcome]:
        nonlocal shown
        while shown < len(results) and ready[shown]:
            yield _outcome(results[shown])
            shown += 1

    for n, parsed in zip(live, _parse_stream([s for s in results if isinstance(s, State)], options)):
        one: list[State | Failure] = [parsed]
        _run_stages(STAGES[_PARSE + 1:], one, options)
        results[n], ready[n] = one[0], True
        yield from flush()
    ready = [True] * len(results)
    yield from flush()


def _parse_stream(states: list[State], options: Options) -> Iterator[State | Failure]:
    """The parse stage over ``states``, each yielded as parsed. When the batch fails (a document
    no other stage foresaw), the documents not yet yielded are parsed one by one, so that only the
    one at fault fails."""
    if not states:
        return
    timer = _stage_timer
    spent, done = 0.0, 0
    stream = nlp.iter_batch(states, options)
    try:
        while True:
            t0 = time.perf_counter()
            try:
                st = next(stream)
            except StopIteration:
                break
            finally:
                spent += time.perf_counter() - t0
            done += 1
            yield st
    except Exception:  # noqa: BLE001 -- as _run_batch: find the document at fault one by one
        log.warning("batched stage %s failed; retrying document by document", nlp.NAME)
        for s in states[done:]:
            t0 = time.perf_counter()
            out = _run_one(nlp, s, options)
            spent += time.perf_counter() - t0
            yield out
    if timer is not None:
        timer(nlp.NAME, spent, len(states))


def _process_batch(inputs: Sequence[Input | Failure], options: Options) -> list[Outcome]:
    return list(_iter_batch(inputs, options))


def process(
    data: bytes | str,
    *,
    id: str = "doc",
    published: str | None = None,
    url: str | None = None,
    model: str = DEFAULT_MODEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    repeated_lines: Iterable[str] = (),
) -> Record:
    """Turn one article (bytes in any common encoding, or str; plain text or HTML) into a Record.

    ``repeated_lines`` are a publisher's furniture lines learnt from a corpus
    (:func:`learn_boilerplate`); layout labels them boilerplate.
    Raises :class:`InputError` for input that cannot be read and
    :class:`StageError` when a stage fails on it.
    """
    options = Options(model=model, max_bytes=max_bytes, max_chars=max_chars,
                      repeated_lines=_normalized(repeated_lines))
    (out,) = _process_batch([Input(id, data, published, url)], options)
    if isinstance(out, Failure):
        if out.stage == "read":
            raise InputError(out.id, out.reason)
        raise StageError(out.id, out.stage, out.reason)
    return out


_T = TypeVar("_T")


def batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they come: a batch of inputs
    for one parse or one worker, a batch of outcomes for one store transaction."""
    buf: list[_T] = []
    for item in items:
        buf.append(item)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


_worker_options: Options | None = None


def _worker_init(options: Options) -> None:
    global _worker_options
    _worker_options = options
    # Ctrl-C reaches the whole process group: the parent stops the pool; a worker that took it too
    # would print its own traceback in the middle of the parent's one-line message.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    nlp.load(options.model)  # once per worker process, before the first batch


def _worker_batch(chunk: list[Input | Failure]) -> list[Outcome]:
    assert _worker_options is not None
    return _process_batch(chunk, _worker_options)


def process_many(
    inputs: Iterable[Input | Failure],
    *,
    model: str = DEFAULT_MODEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 64,
    workers: int = 1,
    on_result: Callable[[Outcome], None] | None = None,
    repeated_lines: Iterable[str] = (),
) -> Iterator[Outcome]:
    """Process documents in batches, yielding a Record or a Failure for each, in input order.

    One bad document yields a :class:`Failure` and the rest go on; a Failure
    given among the inputs is passed through in its place. With
    ``workers > 1`` batches are spread over that many processes, each loading
    the spaCy pipeline once. Each record depends on its document and these
    options only (``repeated_lines`` as in :func:`process`), not on the batch
    or the worker it went through.
    """
    options = Options(model=model, max_bytes=max_bytes, batch_size=batch_size, max_chars=max_chars,
                      repeated_lines=_normalized(repeated_lines))
    nlp.load(model)  # fail early, in the caller's process, if the model is missing
    if workers <= 1:
        for chunk in batches(inputs, batch_size):
            for out in _iter_batch(chunk, options):
                if on_result:
                    on_result(out)
                yield out
        return
    # Smaller chunks keep every worker busy to the end of the corpus.
    chunk_size = max(4, min(batch_size, 32))
    for out in _in_workers(batches(inputs, chunk_size), options, workers):
        if on_result:
            on_result(out)
        yield out


def _pool(options: Options, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init, initargs=(options,))


# What a document that took its worker process down gets: the kernel's out-of-memory killer is
# the usual cause (a 4 MB page of one unbroken paragraph parsed into 1.5 GB).
WORKER_DIED = ("its worker process died while processing it (killed, e.g. by the out-of-memory killer); "
               "lower --max-chars or give the machine more memory")


def _in_workers(chunks: Iterator[list[Input | Failure]], options: Options, workers: int) -> Iterator[Outcome]:
    """The outcomes of ``chunks`` processed in ``workers`` processes, in order.

    A worker that dies (SIGKILL from the out-of-memory killer, a crash in a C extension) breaks
    the whole pool: :class:`concurrent.futures.ProcessPoolExecutor` says so, where
    ``multiprocessing.Pool`` waited for ever. The chunks that were in flight are then run again
    one document at a time in a fresh pool, so that the document that kills its worker again is
    the one that gets the Failure, and the others their records.
    """
    pool = _pool(options, workers)
    window: deque[tuple[list[Input | Failure], Future[list[Outcome]]]] = deque()
    try:
        while True:
            while len(window) < 2 * workers:  # a bounded window: inputs are read as work is done
                chunk = next(chunks, None)
                if chunk is None:
                    break
                window.append((chunk, pool.submit(_worker_batch, chunk)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                yield from future.result()
                continue
            except BrokenProcessPool:
                pass
            pool.shutdown(wait=True, cancel_futures=True)
            pool = _pool(options, workers)
            lost = [chunk] + [c for c, _ in window]
            window.clear()
            log.warning("a worker process died; running the %d documents it may have held one by one",
                        sum(len(c) for c in lost))
            for c in lost:
                for item in c:
                    out, pool = _alone(item, pool, options, workers)
                    yield out
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(item: Input | Failure, pool: ProcessPoolExecutor, options: Options,
           workers: int) -> tuple[Outcome, ProcessPoolExecutor]:
    """One document alone in ``pool``: its outcome, or the Failure saying its worker died; and the
    pool to go on with (a fresh one when this one broke)."""
    if isinstance(item, Failure):  # could not even be opened: nothing to run
        return item, pool
    try:
        (out,) = pool.submit(_worker_batch, [item]).result()
        return out, pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        log.debug("worker died on %s", item.origin or item.id)
        return Failure(item.id, "worker", WORKER_DIED, origin=item.origin), _pool(options, workers)


def _normalized(lines: Iterable[str]) -> frozenset[str]:
    """Furniture lines as layout compares them (case, spacing and punctuation ignored)."""
    return frozenset(k for k in (layout.norm_line(ln) for ln in lines) if k)


def learn_boilerplate(inputs: Iterable[Input | Failure], *, max_bytes: int = DEFAULT_MAX_BYTES,
                      min_docs: int = 3) -> tuple[frozenset[str], int]:
    """(short lines found in at least ``min_docs`` documents, documents read): the evidence of a
    publisher's furniture, learnt in a pass of its own over a corpus and then passed to
    :func:`process_many` as ``repeated_lines``. Documents are decoded as the read stage decodes
    them (HTML to text included), so the lines are those layout will see; documents that cannot
    be read are left out. The same documents give the same lines, in any order."""
    options = Options(max_bytes=max_bytes)
    read_ok = 0

    def texts() -> Iterator[str]:  # one document in memory at a time
        nonlocal read_ok
        for inp in inputs:
            if isinstance(inp, Failure):
                continue
            out = _run_one(read, State(inp), options)
            if isinstance(out, State) and out.record is not None:
                read_ok += 1
                yield out.record.text

    lines = layout.repeated_lines(texts(), min_docs=min_docs)
    return lines, read_ok


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MODEL",
    "FIELDS",
    "STAGES",
    "Failure",
    "Input",
    "Options",
    "Outcome",
    "State",
    "check_fields",
    "check_order",
    "learn_boilerplate",
    "process",
    "process_many",
]
