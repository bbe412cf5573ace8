"""Ingest: run the pipeline over inputs and write the outcomes into a store, batch by batch.

Inputs whose bytes the store already holds are skipped before parsing, and
each batch is one transaction, so an ingest that was killed (SIGKILL, power
cut of the process, Ctrl-C) is completed by running the same command again:
every document ends up in the store exactly once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypedDict, Unpack

from ..pipeline import Failure, Outcome, batches, process_many
from ..state import Input
from .core import Store
from .rows import AddResult, Provenance, ReprocessResult, input_sha256


class RunOptions(TypedDict, total=False):
    """The pipeline's options that :func:`ingest` and :func:`reprocess` pass on to
    :func:`onrecord.process_many`, with its defaults when left out."""

    model: str
    max_bytes: int
    max_chars: int
    workers: int
    repeated_lines: Iterable[str]


def ingest(
    store: Store,
    inputs: Iterable[Input | Failure],
    *,
    batch_size: int = 64,
    on_result: Callable[[Outcome | None], None] | None = None,
    **options: Unpack[RunOptions],
) -> AddResult:
    """Process ``inputs`` and add them to ``store``, committing every ``batch_size`` documents.

    ``on_result`` is called once per input: with its Record or Failure, or
    with None for an input skipped because the store already holds it.
    Returns the counts; ``skipped`` includes inputs skipped before parsing.
    ``options`` (:class:`RunOptions`) go to :func:`onrecord.process_many` as they are: ``model``,
    ``max_bytes``, ``max_chars``, ``workers``, and ``repeated_lines`` (furniture lines learnt from a
    corpus).
    """
    known = store.known_inputs()
    pending: deque[Provenance] = deque()
    # Inputs skipped because the store holds their bytes: recorded as sources of their document
    # (they may come from another path), between batches, by the loop that writes: the feed is
    # read by the pipeline as it needs inputs, and may run ahead of the writes.
    seen: deque[tuple[str, Provenance]] = deque()

    def feed() -> Iterator[Input | Failure]:
        for inp in inputs:
            if isinstance(inp, Input):
                sha = input_sha256(inp.data)
                if sha in known:
                    seen.append((inp.id, Provenance(sha, inp.origin)))
                    continue
                # The same bytes twice in one run are both parsed: the second is a no-op that adds
                # a source row, and if the first fails the second gets its own failure row.
                pending.append(Provenance(sha, inp.origin))
            else:
                pending.append(Provenance(None, inp.origin))
            yield inp

    def flush_seen() -> int:
        items = [seen.popleft() for _ in range(len(seen))]
        if items:
            store.add_sources(items)
            if on_result:
                for _ in items:
                    on_result(None)
        return len(items)

    def made() -> Iterator[tuple[Outcome, Provenance | None]]:
        for out in process_many(feed(), batch_size=batch_size, **options):
            if on_result:
                on_result(out)
            yield out, pending.popleft()

    total = AddResult()
    skipped = 0
    for batch in batches(made(), batch_size):
        total += store.add_batch(batch)
        skipped += flush_seen()
    skipped += flush_seen()
    return total + AddResult(skipped=skipped)


def reprocess(
    store: Store,
    *,
    batch_size: int = 64,
    on_result: Callable[[Outcome | None], None] | None = None,
    **options: Unpack[RunOptions],
) -> ReprocessResult:
    """Run the pipeline again over every document ``store`` holds (a new model, a new onrecord) and
    replace what it made, one transaction per ``batch_size`` documents, re-applying each document's
    corrections (:mod:`onrecord.store.corrections`): the result counts those re-applied, found
    again nearby, and lists those that no longer apply. A document that fails now keeps its old
    record and gets a failure row. Interrupted, it leaves every batch done re-made and the rest as
    they were; running it again re-makes them all. ``options`` as for :func:`ingest`."""
    held = list(store.held())
    outs = process_many((inp for _, inp in held), batch_size=batch_size, **options)

    def made() -> Iterator[tuple[int, Outcome]]:
        for (pk, _), out in zip(held, outs, strict=True):
            if on_result:
                on_result(out)
            yield pk, out

    total = ReprocessResult()
    for batch in batches(made(), batch_size):
        total += store.replace_batch(batch)
    return total
