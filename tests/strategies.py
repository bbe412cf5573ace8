"""Hypothesis strategies for whole records whose spans all index their text."""

from __future__ import annotations

from hypothesis import strategies as st

from onrecord.model import (
    ATTRIBUTION_KINDS,
    LINE_KINDS,
    MENTION_KINDS,
    QUANTITY_KINDS,
    SPEAKER_TYPES,
    TIME_TYPES,
    Attribution,
    Author,
    Entity,
    Line,
    Mention,
    Meta,
    Publisher,
    Quantity,
    Record,
    Span,
    Time,
)

# Printable text with the characters that trip up offsets and storage: curly quotes, accents,
# astral-plane emoji, CR/LF line ends.
TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from("\u201c\u201d\u2019\r\n\t é😀")),
    min_size=1, max_size=200,
)
NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def spans(draw: st.DrawFn, text: str) -> Span:
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    return Span.of(text, a, b)


def _opt_span(text: str) -> st.SearchStrategy[Span | None]:
    return st.none() | spans(text)


NUM = st.none() | st.integers(-10**9, 10**9).map(float) | st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def records(draw: st.DrawFn) -> Record:
    text = draw(TEXT)
    sp = lambda: draw(spans(text))
    osp = lambda: draw(_opt_span(text))
    entities = []
    for n in range(draw(st.integers(0, 3))):
        mentions = tuple(Mention(s.start, s.end, s.text, draw(st.sampled_from(MENTION_KINDS)))
                         for s in (sp() for _ in range(draw(st.integers(0, 3)))))
        entities.append(Entity(f"e{n + 1}", draw(NAMES), draw(st.sampled_from(("PERSON", "ORG", "GPE"))), mentions))
    attributions = []
    for n in range(draw(st.integers(0, 3))):
        attributions.append(Attribution(
            id=f"a{n + 1}", kind=draw(st.sampled_from(ATTRIBUTION_KINDS)),
            content=tuple(sp() for _ in range(draw(st.integers(1, 2)))), cue=osp(), source=osp(),
            speaker=draw(st.none() | st.sampled_from([e.id for e in entities] or [None])),
            speaker_type=draw(st.sampled_from(SPEAKER_TYPES)), addressee=osp(), hedged=draw(st.booleans()),
            confidence=draw(st.integers(0, 1000)) / 1000,
        ))
    quantities = tuple(
        Quantity(sp(), draw(st.sampled_from(QUANTITY_KINDS)), draw(NUM), draw(NUM), draw(NUM), draw(st.booleans()),
                 draw(st.none() | NAMES), draw(st.none() | NAMES))
        for _ in range(draw(st.integers(0, 2))))
    times = tuple(
        Time(sp(), draw(st.sampled_from(TIME_TYPES)), draw(NAMES), draw(st.none() | NAMES), draw(st.none() | NAMES),
             draw(st.booleans()), draw(st.booleans()))
        for _ in range(draw(st.integers(0, 2))))
    cut = draw(st.integers(0, len(text)))
    lines = (Line(0, cut, draw(st.sampled_from(LINE_KINDS))), Line(cut, len(text), "body"))
    meta = Meta(
        headline=osp(), authors=tuple(Author(sp(), osp()) for _ in range(draw(st.integers(0, 2)))),
        publisher=draw(st.none() | st.builds(Publisher, NAMES, _opt_span(text))), dateline=osp(), licence=osp(),
        published_in_text=draw(st.none() | st.just("2016-11-08")), url=draw(st.none() | st.just("https://example.org/a")),
    )
    return Record(
        id=draw(NAMES), text=text, published=draw(st.none() | st.just("2017-03-08")), lines=lines,
        body=draw(st.text(max_size=50)), meta=meta, entities=tuple(entities), attributions=tuple(attributions),
        quantities=quantities, times=times, warnings=tuple(draw(st.lists(NAMES, max_size=2))),
    )
