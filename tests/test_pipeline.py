"""The pipeline: stage order checked, one bad document never ends a batch, outcomes in input order,
records whose spans index their text."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from onrecord import pipeline
from onrecord.errors import InputError, PipelineOrderError, StageError
from onrecord.model import Record, check_spans
from onrecord.pipeline import STAGES, Failure, Input, check_order, process, process_many

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLE = ('Bridge Reopens After Repairs\n\n"It is safe again," engineer Tove Lund told reporters on Monday. '
           "She said about 40 workers had finished early.\n")


def _stage(name: str, needs: tuple[str, ...], adds: tuple[str, ...]) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.NAME, mod.NEEDS, mod.ADDS = name, needs, adds  # type: ignore[attr-defined]
    return mod


def test_stages_are_in_design_order_and_declare_needs_and_adds() -> None:
    assert [s.NAME for s in STAGES] == ["read", "layout", "meta", "nlp", "entities", "attributions",
                                        "quantities", "times"]
    check_order(STAGES)
    for s in STAGES:
        assert callable(s.run) and isinstance(s.NEEDS, tuple) and isinstance(s.ADDS, tuple)


def test_a_stage_before_what_it_needs_is_refused_with_the_fix() -> None:
    with pytest.raises(PipelineOrderError, match="move it after"):
        check_order([_stage("a", ("input",), ("x",)), _stage("b", ("y",), ()), _stage("c", ("x",), ("y",))])


def test_process_gives_a_record_whose_spans_index_its_text() -> None:
    record = process(ARTICLE.encode("utf-8"), id="bridge", published="2020-06-01")
    assert isinstance(record, Record)
    assert (record.id, record.text, record.published) == ("bridge", ARTICLE, "2020-06-01")
    assert check_spans(record) == []
    assert record.lines and record.lines[0].start == 0


def test_process_raises_input_error_for_unreadable_input() -> None:
    with pytest.raises(InputError, match="empty"):
        process(b"   ", id="blank")


def test_process_many_keeps_order_and_goes_on_after_a_bad_document() -> None:
    inputs = [Input("one", ARTICLE), Input("bad", b"\x00" * 5), Failure("gone", "read", "cannot open"),
              Input("two", ARTICLE.replace("Monday", "Tuesday"))]
    out = list(process_many(inputs, batch_size=2))
    assert [o.id for o in out] == ["one", "bad", "gone", "two"]
    assert [type(o) for o in out] == [Record, Failure, Failure, Record]
    assert out[1].stage == "read"


def test_a_bug_in_a_stage_fails_that_document_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(state, options):
        if "boom" in state.record.text:
            raise ZeroDivisionError("division by zero")
        return state.advance("fragile")

    fragile = _stage("fragile", ("text",), ())
    fragile.run = run  # type: ignore[attr-defined]
    monkeypatch.setattr(pipeline, "STAGES", (*STAGES, fragile))
    out = list(process_many([Input("ok", ARTICLE), Input("b", ARTICLE + "boom\n", origin="in/b.txt")]))
    assert isinstance(out[0], Record)
    assert isinstance(out[1], Failure) and out[1].stage == "fragile"
    assert str(out[1]) == "in/b.txt: stage fragile: ZeroDivisionError: division by zero"
    with pytest.raises(StageError, match="fragile"):
        process(ARTICLE + "boom\n")


def test_workers_give_the_same_records_in_the_same_order() -> None:
    inputs = [Input(p.stem, p.read_bytes()) for p in sorted(EXAMPLES.glob("*.txt"))] * 2
    one = list(process_many(inputs))
    two = list(process_many(inputs, workers=2, batch_size=1))
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]  # type: ignore[union-attr]


def test_paragraph_break_is_never_inside_a_sentence() -> None:
    from onrecord.stages import nlp
    from onrecord.state import Options, State

    text = 'Title\n\n"He is the most dangerous man."\n\nReports emerged on Friday of a deal.\n'
    state = State(Input("p", text))
    for stage in STAGES[:4]:
        state = stage.run(state, Options())
    for para in state.parsed:
        assert "\n\n" not in para.doc.text
        for sent in para.doc.sents:
            assert "\n\n" not in sent.text
    assert nlp.NAME in state.done


def test_overlong_paragraph_is_parsed_in_pieces_at_sentence_ends() -> None:
    from onrecord.stages.nlp import MAX_PARAGRAPH, _pieces

    text = "The board met. " * (MAX_PARAGRAPH // 5)
    pieces = _pieces(text, 0, len(text.rstrip()))
    assert all(b - a <= MAX_PARAGRAPH for a, b in pieces)
    assert all(text[b - 1] == "." for a, b in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text.rstrip())


def test_a_run_too_long_for_a_word_is_left_out_of_the_parse() -> None:
    """A data URI or a wall of punctuation in a body paragraph is not parsed (spaCy's tokenizer is
    quadratic on a long punctuation run); the prose around it is, and every span still indexes
    the text."""
    from onrecord.stages.nlp import MAX_RUN, _without_long_runs

    blob = '"' * (MAX_RUN + 5)
    text = f"The mayor resigned. {blob} \"It was time,\" she said."
    parts = _without_long_runs(text, 0, len(text))
    assert [text[a:b] for a, b in parts] == ["The mayor resigned.", "\"It was time,\" she said."]
    assert _without_long_runs("x" * 10, 0, 10) == [(0, 10)]
    assert _without_long_runs(blob, 0, len(blob)) == []
    record = process(f"Mayor Quits\n\n{text}\n".encode(), id="blob")
    assert [a.cue.text for a in record.attributions if a.cue] == ["said"]
    check_spans(record)
