"""The store's row types: what its reads return (documents, quotes, entities, failures, each
with ``to_dict`` for JSON), what its writes report, and where an input came from."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from ..pipeline import Failure, Input
from .corrections import Correction


def input_sha256(data: bytes | str) -> str:
    """The key of an input as given (before decoding), so a re-run can skip what it already holds."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an outcome came from: the sha256 of the input bytes and the path or stream line."""

    input_sha256: str | None = None
    origin: str | None = None

    @classmethod
    def of(cls, inp: Input | Failure) -> Provenance:
        if isinstance(inp, Failure):
            return cls(None, inp.origin)
        return cls(input_sha256(inp.data), inp.origin)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`Store.add` did: documents added, already present (no-op), failures recorded."""

    added: int = 0
    skipped: int = 0
    failed: int = 0

    def __add__(self, other: AddResult) -> AddResult:
        return AddResult(self.added + other.added, self.skipped + other.skipped, self.failed + other.failed)


@dataclass(frozen=True, slots=True)
class ReprocessResult:
    """What one :meth:`Store.replace_batch` (``onrecord ingest --reprocess``) did: documents re-made,
    failed (kept as they were), and what became of their corrections: re-applied where they were,
    found again nearby (moved), and those that no longer apply (each with its reason in ``note``)."""

    documents: int = 0
    failed: int = 0
    applied: int = 0
    moved: int = 0
    not_applied: tuple[Correction, ...] = ()

    @property
    def corrections(self) -> int:
        return self.applied + self.moved + len(self.not_applied)

    def __add__(self, other: ReprocessResult) -> ReprocessResult:
        return ReprocessResult(self.documents + other.documents, self.failed + other.failed,
                               self.applied + other.applied, self.moved + other.moved,
                               self.not_applied + other.not_applied)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    sha256: str
    id: str
    published: str | None
    headline: str | None
    publisher: str | None
    url: str | None
    origin: str | None
    n_entities: int
    n_attributions: int
    n_quantities: int
    n_times: int
    added: str
    ids: tuple[str, ...]  # every id an input gave this text under (the same article in several files)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One attribution with the document it comes from and its speaker's names."""

    doc_id: str
    sha256: str
    published: str | None
    headline: str | None
    aid: str
    kind: str
    content: str
    cue: str | None
    source: str | None
    speaker_name: str | None
    speaker_key: str | None
    speaker_type: str
    hedged: bool
    confidence: float
    trail: int | None = None  # the quote's trail, when its words appear elsewhere too
    said_start: str | None = None  # when it was said (the record's said_at), ISO dates
    said_end: str | None = None
    said_from: str | None = None  # text | published
    corrections: tuple[int, ...] = ()  # the corrections that changed it (in the raw view: that superseded it)

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)

    @property
    def speaker(self) -> str | None:
        """The best name for who said it: the resolved entity's name, else the source as written."""
        return self.speaker_name or self.source

    def to_dict(self) -> dict[str, Any]:
        return dict(asdict(self), corrections=list(self.corrections), corrected=self.corrected)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity across the corpus: all document entities sharing one cross-document key."""

    key: str
    name: str
    type: str
    documents: int
    mentions: int
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FailureRow:
    id: str
    stage: str
    reason: str
    origin: str | None
    input_sha256: str | None
    time: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
