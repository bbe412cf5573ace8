"""nlp: sentences, tokens, parse and named entities (spaCy), paragraph by paragraph.

The text is split into paragraphs on blank lines first, and only headline and
body lines are parsed, so that no sentence ever spans a paragraph break (the
stock model otherwise merges "...dangerous man.”" with the next paragraph's
"Reports emerged...") and boilerplate never reaches the parser. Each
paragraph is parsed on its own with ``nlp.pipe``; a :class:`Paragraph` keeps
the offset of its Doc in the record's text. spaCy objects stay inside the
stages: the record only ever holds :class:`~onrecord.model.Span` values.

This module is the stage's face (the spaCy pipeline's loading and the batch parse);
:mod:`.paragraphs` says which stretches are parsed, and :mod:`.fast_attrs` replaces the
pipeline's attribute ruler with a faster one giving the same annotations.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ...errors import ModelNotFound
from ...state import Options, State
from .fast_attrs import install
from .paragraphs import (
    MAX_PARAGRAPH,
    MAX_RUN,
    PARSED_KINDS,
    Paragraph,
    _pieces,
    _without_long_runs,
    paragraphs,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["ADDS", "MAX_PARAGRAPH", "MAX_RUN", "NAME", "NEEDS", "PARSED_KINDS", "Paragraph", "_pieces",
           "_without_long_runs", "iter_batch", "load", "paragraphs", "run", "run_batch"]

NAME = "nlp"
NEEDS: tuple[str, ...] = ("text", "lines")
ADDS: tuple[str, ...] = ("parsed",)


@lru_cache(maxsize=4)
def load(model: str) -> Language:
    """The spaCy pipeline ``model``, loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotFound(model) from e
    install(nlp)  # the same annotations, with a fraction of the attribute_ruler's time (see fast_attrs)
    return nlp


def iter_batch(states: Sequence[State], options: Options) -> Iterator[State]:
    """The states parsed, in order, each yielded as soon as its last paragraph is: the paragraphs
    of the whole batch go through one ``nlp.pipe`` (batching is what makes spaCy fast), and a
    caller can finish, store and count each document while the parser is still on the next ones
    (the progress bar moves per document, not per batch)."""
    nlp = load(options.model)
    jobs: list[tuple[int, int, str]] = []
    texts: list[str] = []
    for n, st in enumerate(states):
        assert st.record is not None
        for s, e, k in paragraphs(st.record.text, st.record.lines):
            jobs.append((n, s, k))
            texts.append(st.record.text[s:e])
    parsed: list[Paragraph] = []
    current = 0  # the document whose paragraphs come next; those before it are yielded
    for (n, s, k), doc in zip(jobs, nlp.pipe(texts, batch_size=max(options.batch_size, 32))):
        while current < n:  # document `current` has no more paragraphs (or had none)
            yield states[current].advance(NAME, parsed=tuple(parsed))
            parsed, current = [], current + 1
        parsed.append(Paragraph(s, doc, k))
    while current < len(states):
        yield states[current].advance(NAME, parsed=tuple(parsed))
        parsed, current = [], current + 1


def run_batch(states: Sequence[State], options: Options) -> list[State]:
    return list(iter_batch(states, options))


def run(state: State, options: Options) -> State:
    return run_batch([state], options)[0]
