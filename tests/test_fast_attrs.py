"""The fast attribute_ruler gives, token for token, what spaCy's own gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from onrecord.stages import nlp
from onrecord.stages.nlp import fast_attrs
from onrecord.state import DEFAULT_MODEL

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]

# Written to hit the model's exception rules: pronouns, negation, contractions, "ai n't", "y'all",
# "nothin'", determiners as pronouns, auxiliaries, whitespace tokens, "it" as an object.
TEXTS = [
    "I don't know what they want, but it isn't something we can give them.",
    "\"We ain't going anywhere,\" she said. Y'all know that nothin' changes here.",
    "That is what those who voted for this bill wanted; which of them said so?",
    "He has been told   that the   report, which was published\n\n on Monday, gets it wrong.",
    "  \n  ",
    "Me, myself and I: you yourselves saw it; they'd've said 'em twice.",
    "The minister's aides were n't available, and nobody else was.",
    "Ms. O'Neill, 54, told The Times she got 3.5% of the vote.",
]


@pytest.fixture(scope="module")
def pipelines() -> tuple[object, object]:
    stock = spacy.load(DEFAULT_MODEL)
    fast = nlp.load(DEFAULT_MODEL)
    return stock, fast


def _same(stock: object, fast: object, texts: list[str]) -> None:
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):  # type: ignore[attr-defined]
        if not np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)):
            diffs = [(ta.text, ta.pos_, tb.pos_, str(ta.morph), str(tb.morph), ta.lemma_, tb.lemma_)
                     for ta, tb in zip(a, b) if (ta.pos, ta.morph.key, ta.lemma, ta.tag, ta.dep)
                     != (tb.pos, tb.morph.key, tb.lemma, tb.tag, tb.dep)]
            pytest.fail(f"annotations differ on {a.text!r}: {diffs[:5]}")


def test_the_default_model_gets_the_fast_ruler_in_place(pipelines: tuple[object, object]) -> None:
    stock, fast = pipelines
    assert isinstance(fast.get_pipe("attribute_ruler"), fast_attrs.FastAttributeRuler)  # type: ignore[attr-defined]
    assert fast.pipe_names == stock.pipe_names  # type: ignore[attr-defined]


def test_written_texts_annotate_the_same(pipelines: tuple[object, object]) -> None:
    _same(*pipelines, TEXTS)
    # One Doc at a time (nlp(text)) as well as batched.
    stock, fast = pipelines
    for text in TEXTS:
        assert np.array_equal(stock(text).to_array(ATTRS), fast(text).to_array(ATTRS))  # type: ignore[operator]


_WORDS = st.sampled_from([
    "I", "it", "It", "n't", "not", "ai", "ain't", "y'all", "y", "all", "nothin'", "nuthin'", "that", "which",
    "who", "what", "this", "those", "gets", "got", "be", "been", "is", "'s", "'m", "'re", "'ve", "'d", "me",
    "him", "her", "them", "us", "said", "told", "the", "a", "report", "Mr.", "Smith", ",", ".", "\"", "'",
    "?", ";", "-", "3", "%", "$", "\n", "\n\n", "  ", "\t", "something", "nothing", "anything", "yourself",
])


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30).map(" ".join))
def test_any_mix_of_exception_words_annotates_the_same(pipelines: tuple[object, object], text: str) -> None:
    _same(*pipelines, [text])


def test_shared_news_paragraphs_annotate_the_same(pipelines: tuple[object, object], shared: Path) -> None:
    files = sorted((shared / "data" / "bbc-news").rglob("*.txt"))[:: 40]  # 56 articles across the topics
    paras = [p.strip() for f in files for p in f.read_bytes().decode("utf-8", "replace").split("\n\n")
             if p.strip()]
    assert len(paras) > 200
    _same(*pipelines, paras)


def test_rules_it_cannot_reproduce_leave_the_stock_component() -> None:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    assert fast_attrs.install(blank) is False
    assert blank.get_pipe("attribute_ruler") is ruler


def test_a_pipeline_without_the_component_is_left_alone() -> None:
    assert fast_attrs.install(spacy.blank("en")) is False
