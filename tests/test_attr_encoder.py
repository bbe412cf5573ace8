"""The encoder tagger's reading of text: windows, labels, spans and their way back to characters."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from onrecord.stages.attributions import encoder as E
from onrecord.training import char_labels


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    return E.shipped_tokenizer()


@pytest.mark.parametrize(("n", "size", "stride", "expected"), [
    (0, 10, 8, [(0, 0)]),
    (10, 10, 8, [(0, 10)]),
    (11, 10, 8, [(0, 10), (8, 11)]),
    (30, 10, 8, [(0, 10), (8, 18), (16, 26), (24, 30)]),
])
def test_windows_cover_every_piece_with_overlap(n: int, size: int, stride: int, expected: list) -> None:  # type: ignore[type-arg]
    assert E.windows(n, size, stride) == expected


def test_each_piece_is_read_in_the_window_where_it_sits_most_centrally() -> None:
    spans = [(0, 10), (8, 18)]
    own = E.owners(spans, 18)
    assert list(own[:9]) == [0] * 9 and list(own[9:]) == [1] * 9


@pytest.mark.parametrize(("offset", "expected"), [(0, 0), (1, 1), (8, 8), (9, 9), (16, 10), (17, 10), (32, 11), (300, 14),
                                                  (-1, 15), (-8, 22), (-300, 28)])
def test_distance_buckets(offset: int, expected: int) -> None:
    assert E.bucket(offset) == expected
    assert 0 <= E.bucket(offset) < E.N_BUCKETS


def test_cue_offsets_are_zero_inside_the_cue() -> None:
    got = E.cue_offsets(6, 2, 4)
    assert list(got) == [E.bucket(-2), E.bucket(-1), 0, 0, E.bucket(1), E.bucket(2)]


def test_labels_follow_character_spans_and_bio_spans_read_them_back(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Ms Okafor said the ballots were counted twice."
    p = E.pieces(tokenizer, text)
    spans = [("CUE", [(10, 14)]), ("SRC", [(0, 9)]), ("CON", [(15, 45)])]
    tags = char_labels(p, spans, E.TOKEN_LABELS)
    found = {kind: [(int(p.starts[a]), int(p.ends[b - 1])) for a, b in E.bio_spans(list(tags), E.TOKEN_LABELS, kind)]
             for kind in ("SRC", "CUE", "CON")}
    assert found == {"SRC": [(0, 9)], "CUE": [(10, 14)], "CON": [(15, 45)]}


def test_an_earlier_span_wins_where_two_overlap(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor insisted, aides said, that the budget was sound."
    p = E.pieces(tokenizer, text)
    tags = char_labels(p, [("CUE", [(26, 30)]), ("CON", [(0, 57)])], E.TOKEN_LABELS)
    cons = E.bio_spans(list(tags), E.TOKEN_LABELS, "CON")
    assert len(cons) == 2  # the content is read in two parts, around the other cue


def test_pieces_keep_exact_character_offsets(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Naïve “quotes” — and a reportedly\u00a0unprecedented vote."
    p = E.pieces(tokenizer, text)
    assert all(text[s:e].strip() for s, e in zip(p.starts, p.ends, strict=True))
    for i in range(len(p.ids)):
        a, b = E.whole_words(p, i, i + 1)
        word = text[int(p.starts[a]):int(p.ends[b - 1])]
        assert " " not in word and "\u00a0" not in word


def test_whole_words_widen_a_tag_on_part_of_a_word(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "It was unprecedentedly quiet."
    p = E.pieces(tokenizer, text)
    inner = next(i for i in range(len(p.ids)) if p.words[i] == p.words[i - 1])  # a continuation piece
    a, b = E.whole_words(p, inner, inner + 1)
    assert text[int(p.starts[a]):int(p.ends[b - 1])] == "unprecedentedly"


def test_decode_makes_one_relation_per_cue_with_its_roles(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said the port would reopen on Friday."
    p = E.pieces(tokenizer, text)
    tags = char_labels(p, [("CUE", [(13, 17)])], E.TOKEN_LABELS)
    roles = char_labels(p, [("SRC", [(0, 12)]), ("CON", [(18, 49)])], E.ROLE_LABELS)

    def role_probs(w: int, a: int, b: int) -> np.ndarray:
        return np.eye(len(E.ROLE_LABELS))[roles]

    (rel,) = E.decode(p, tags, E.windows(len(p.ids)), role_probs)
    assert rel["cue"] == [{"start": 13, "end": 17}]
    assert rel["source"] == [{"start": 0, "end": 12}]
    assert rel["content"] == [{"start": 18, "end": 49}]


def test_a_cue_without_content_is_dropped(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said nothing."
    p = E.pieces(tokenizer, text)
    tags = char_labels(p, [("CUE", [(13, 17)])], E.TOKEN_LABELS)
    assert E.decode(p, tags, E.windows(len(p.ids)), lambda w, a, b: np.eye(len(E.ROLE_LABELS))[np.zeros(len(p.ids), int)]) == []


def _folder(tmp_path: Path, *names: str) -> Path:
    """A model folder holding the shipped tokenizer and empty stand-ins for ``names``."""
    tok = Path(str(resources.files("onrecord.resources") / "encoder" / E.TOKENIZER))
    (tmp_path / E.TOKENIZER).write_bytes(tok.read_bytes())
    for name in names:
        (tmp_path / name).write_bytes(b"")
    return tmp_path


@pytest.mark.parametrize(("present", "missing"), [
    ((), "encoder.onnx, roles.npz"),
    (("encoder.onnx",), "roles.npz"),
    (("roles.npz",), "encoder.onnx"),
])
def test_a_missing_model_file_names_the_fix(tmp_path: Path, present: tuple[str, ...], missing: str) -> None:
    with pytest.raises(E.EncoderMissing, match="missing " + missing + r".*export_encoder\.py"):
        E.EncoderTagger(_folder(tmp_path, *present))


def test_a_corrupt_model_file_names_the_fix(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "roles.npz")
    (folder / "encoder.onnx").write_bytes(b"\x08\x07not a model at all")
    with pytest.raises(E.EncoderMissing, match="cannot be loaded.*train_encoder"):
        E.EncoderTagger(folder)


@pytest.mark.parametrize(("scores", "lo", "hi", "expected"), [
    ([-1.0, 2.0, -0.5, 1.0, -3.0], 0, None, (1, 4, 2.5)),
    ([-1.0, -2.0], 0, None, (0, 0, 0.0)),
    ([3.0, -5.0, 1.0, 1.0], 0, None, (0, 1, 3.0)),
    ([3.0, -5.0, 1.0, 1.0], 1, 4, (2, 4, 2.0)),
])
def test_best_run_is_the_run_with_the_largest_sum(scores: list[float], lo: int, hi: int | None,
                                                  expected: tuple[int, int, float]) -> None:
    assert E.best_run(np.asarray(scores), lo, hi) == expected


def test_a_content_is_one_run_without_holes_and_may_have_a_second_part_beyond_its_cue(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "\"We will appeal,\" she said, \"and we will win.\""
    p = E.pieces(tokenizer, text)
    tags = char_labels(p, [("CUE", [(22, 26)])], E.TOKEN_LABELS)
    roles = char_labels(p, [("SRC", [(18, 21)]), ("CON", [(0, 17), (28, 46)])], E.ROLE_LABELS)
    probs = np.eye(len(E.ROLE_LABELS))[roles] * 0.9 + 0.02
    probs[roles == 0, 0] = 0.9
    hole = next(i for i in range(len(p.ids)) if p.starts[i] == text.index("will"))
    probs[hole] = [0.6, 0.0, 0.0, 0.0, 0.4]  # one unsure piece inside the quote
    (rel,) = E.decode(p, tags, E.windows(len(p.ids)), lambda w, a, b: probs)
    parts = [text[c["start"]:c["end"]] for c in rel["content"]]
    assert parts == ["\"We will appeal,\"", "\"and we will win.\""]
    assert rel["source"] == [{"start": 18, "end": 21}]
