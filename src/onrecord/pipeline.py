"""The ordered stages of DESIGN.md and the two entry points, :func:`process` and :func:`process_many`.

Each stage is a module under ``onrecord.stages`` that declares the state it
``NEEDS`` and ``ADDS`` and offers ``run(state, options) -> state`` (and, when
batching pays, ``run_batch``). Stages never mutate the state they are given:
they return a new one. The pipeline checks at build time that every stage
comes after the stages that add what it needs, as spaCy's pipeline does.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from .errors import InputError, OnrecordError, PipelineOrderError, StageError
from .model import Record
from .stages import attributions, entities, layout, meta, nlp, quantities, read, times
from .state import DEFAULT_MAX_BYTES, DEFAULT_MODEL, Input, Options, State

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

STAGES: tuple[ModuleType, ...] = (read, layout, meta, nlp, entities, attributions, quantities, times)


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


def _process_batch(inputs: Sequence[Input | Failure], options: Options) -> list[Outcome]:
    # A Failure among the inputs (a file that could not even be opened) passes straight through,
    # so callers get one outcome per item, in order.
    results: list[State | Failure] = [State(i) if isinstance(i, Input) else i for i in inputs]
    for stage in STAGES:
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
    final: list[Outcome] = []
    for r in results:
        if isinstance(r, Failure):
            final.append(r)
        else:
            assert r.record is not None
            final.append(r.record)
    return final


def process(
    data: bytes | str,
    *,
    id: str = "doc",
    published: str | None = None,
    url: str | None = None,
    model: str = DEFAULT_MODEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    repeated_lines: Iterable[str] = (),
) -> Record:
    """Turn one article (bytes in any common encoding, or str; plain text or HTML) into a Record.

    ``repeated_lines`` are a publisher's furniture lines learnt from a corpus
    (:func:`learn_boilerplate`); layout labels them boilerplate.
    Raises :class:`InputError` for input that cannot be read and
    :class:`StageError` when a stage fails on it.
    """
    options = Options(model=model, max_bytes=max_bytes, repeated_lines=_normalized(repeated_lines))
    (out,) = _process_batch([Input(id, data, published, url)], options)
    if isinstance(out, Failure):
        if out.stage == "read":
            raise InputError(out.id, out.reason)
        raise StageError(out.id, out.stage, out.reason)
    return out


def _chunks(items: Iterable[Input | Failure], size: int) -> Iterator[list[Input | Failure]]:
    chunk: list[Input | Failure] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_worker_options: Options | None = None


def _worker_init(options: Options) -> None:
    global _worker_options
    _worker_options = options
    nlp.load(options.model)  # once per worker process, before the first batch


def _worker_batch(chunk: list[Input | Failure]) -> list[Outcome]:
    assert _worker_options is not None
    return _process_batch(chunk, _worker_options)


def process_many(
    inputs: Iterable[Input | Failure],
    *,
    model: str = DEFAULT_MODEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
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
    options = Options(model=model, max_bytes=max_bytes, batch_size=batch_size,
                      repeated_lines=_normalized(repeated_lines))
    nlp.load(model)  # fail early, in the caller's process, if the model is missing
    if workers <= 1:
        for chunk in _chunks(inputs, batch_size):
            for out in _process_batch(chunk, options):
                if on_result:
                    on_result(out)
                yield out
        return
    ctx = multiprocessing.get_context("fork")
    # Smaller chunks keep every worker busy to the end of the corpus.
    chunk_size = max(4, min(batch_size, 32))
    with ctx.Pool(workers, initializer=_worker_init, initargs=(options,)) as pool:
        for batch in pool.imap(_worker_batch, _chunks(inputs, chunk_size)):
            for out in batch:
                if on_result:
                    on_result(out)
                yield out


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
    "learn_boilerplate",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MODEL",
    "STAGES",
    "Failure",
    "Input",
    "Options",
    "Outcome",
    "State",
    "check_order",
    "process",
    "process_many",
]
