"""Ingest: run the pipeline over inputs and write the outcomes into a store, batch by batch.

Inputs whose bytes the store already holds are skipped before parsing, and
each batch is one transaction, so an ingest that was killed (SIGKILL, power
cut of the process, Ctrl-C) is completed by running the same command again:
every document ends up in the store exactly once.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..pipeline import Failure, Outcome, process_many
from ..state import DEFAULT_MAX_BYTES, DEFAULT_MODEL, Input
from .core import AddResult, Provenance, Store, input_sha256


def ingest(
    store: Store,
    inputs: Iterable[Input | Failure],
    *,
    model: str = DEFAULT_MODEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    batch_size: int = 64,
    on_result: Callable[[Outcome | None], None] | None = None,
) -> AddResult:
    """Process ``inputs`` and add them to ``store``, committing every ``batch_size`` documents.

    ``on_result`` is called once per input: with its Record or Failure, or
    with None for an input skipped because the store already holds it.
    Returns the counts; ``skipped`` includes inputs skipped before parsing.
    """
    known = store.known_inputs()
    pending: deque[Provenance] = deque()
    skipped = 0
    lock = threading.Lock()  # the feed runs in a pool thread when workers > 1

    def feed() -> Iterator[Input | Failure]:
        nonlocal skipped
        for inp in inputs:
            if isinstance(inp, Input):
                sha = input_sha256(inp.data)
                if sha in known:
                    with lock:
                        skipped += 1
                    if on_result:
                        on_result(None)
                    continue
                known.add(sha)  # the same bytes twice in one run are parsed once
                pending.append(Provenance(sha, inp.origin))
            else:
                pending.append(Provenance(None, inp.origin))
            yield inp

    total = AddResult()
    buf: list[tuple[Outcome, Provenance | None]] = []
    for out in process_many(feed(), model=model, max_bytes=max_bytes, workers=workers, batch_size=batch_size):
        buf.append((out, pending.popleft()))
        if on_result:
            on_result(out)
        if len(buf) >= batch_size:
            total += store.add_batch(buf)
            buf = []
    if buf:
        total += store.add_batch(buf)
    return total + AddResult(skipped=skipped)
