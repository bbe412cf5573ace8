"""The pipeline: stage order checked, one bad document never ends a batch, outcomes in input order,
records whose spans index their text."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from onrecord import pipeline
from onrecord.errors import InputError, PipelineOrderError, StageDeclarationError, StageError
from onrecord.model import Record, check_spans
from onrecord.pipeline import (
    FIELDS,
    STAGES,
    Failure,
    Input,
    check_fields,
    check_order,
    process,
    process_many,
)
from onrecord.stages import layout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLE = ('Bridge Reopens After Repairs\n\n"It is safe again," engineer Tove Lund told reporters on Monday. '
           "She said about 40 workers had finished early.\n")


def _stage(name: str, needs: tuple[str, ...], adds: tuple[str, ...]) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.NAME, mod.NEEDS, mod.ADDS = name, needs, adds  # type: ignore[attr-defined]
    return mod


def test_stages_are_in_design_order_and_declare_needs_and_adds() -> None:
    assert [s.NAME for s in STAGES] == ["read", "layout", "meta", "nlp", "entities", "attributions", "targets",
                                        "quantities", "times", "when"]
    check_order(STAGES)
    for s in STAGES:
        assert callable(s.run) and isinstance(s.NEEDS, tuple) and isinstance(s.ADDS, tuple)


def test_a_stage_before_what_it_needs_is_refused_with_the_fix() -> None:
    with pytest.raises(PipelineOrderError, match="move it after"):
        check_order([_stage("a", ("input",), ("x",)), _stage("b", ("y",), ()), _stage("c", ("x",), ("y",))])


def test_a_stage_naming_no_field_is_refused_with_the_stage_the_name_and_the_fix() -> None:
    stages = [_stage("read", ("input",), ("text",)), _stage("tagger", ("text",), ("entites",))]
    with pytest.raises(StageDeclarationError) as e:
        check_fields(stages)
    message = str(e.value)
    assert "'tagger'" in message and "ADDS 'entites'" in message and "did you mean 'entities'" in message
    assert all(name in message for name in ("text", "parsed", "attributions", "said_at"))
    check_fields(stages[:1])


def test_the_real_stages_name_fields() -> None:
    assert {"input", "parsed", "text", "lines", "body", "entities", "about", "said_at"} <= FIELDS
    check_fields(STAGES)


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


@pytest.mark.parametrize("batch_size", [3, 64])
def test_each_outcome_comes_out_as_soon_as_its_document_is_parsed(
        monkeypatch: pytest.MonkeyPatch, batch_size: int) -> None:
    # The parser takes the paragraphs of a whole batch at once; the documents still come out one
    # by one, so that a progress bar moves per document, not per batch of 64.
    from onrecord.stages import nlp

    parsed: list[str] = []
    real = nlp.iter_batch

    def counting(states, options):  # type: ignore[no-untyped-def]
        for st in real(states, options):
            parsed.append(st.input.id)
            yield st

    monkeypatch.setattr(nlp, "iter_batch", counting)
    inputs = [Input("one", ARTICLE), Input("bad", b"\x00" * 5), Input("two", ARTICLE.replace("Monday", "Friday")),
              Input("three", ARTICLE.replace("40", "50")), Input("four", ARTICLE.replace("Tove", "Tora"))]
    seen: list[tuple[str, int]] = []
    for out in process_many(inputs, batch_size=batch_size):
        seen.append((out.id, len(parsed)))
    # Each record is out when its own parse is done, before the next document's.
    assert seen == [("one", 1), ("bad", 1), ("two", 2), ("three", 3), ("four", 4)]


def test_a_document_that_breaks_the_batched_parse_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from onrecord.stages import nlp

    real = nlp.iter_batch

    def fragile(states, options):  # type: ignore[no-untyped-def]
        for st in real(states, options):
            if "parser-breaker" in st.record.text:
                raise RuntimeError("parser broke")
            yield st

    monkeypatch.setattr(nlp, "iter_batch", fragile)
    inputs = [Input("one", ARTICLE), Input("breaker", ARTICLE + "parser-breaker\n"), Input("two", ARTICLE + "Fine.\n")]
    out = list(process_many(inputs, batch_size=64))
    assert [(o.id, type(o).__name__) for o in out] == [("one", "Record"), ("breaker", "Failure"), ("two", "Record")]
    assert out[1].stage == "nlp" and "parser broke" in out[1].reason  # type: ignore[union-attr]
    assert out[2] == process(ARTICLE + "Fine.\n", id="two")


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


# One wire story as three outlets print it: each page has its own menu and footer, and all three
# carry the story's short subhead and the wire's sign-off, lines that a batch-wide count would take
# for furniture as soon as three copies meet in one batch.
_WIRE = ("Ferry Service Cut as Fuel Costs Climb\n\n"
         "LAKEPORT (Harbor Wire) -- The county ferry will stop running its late boats from next month, "
         "the transit board said on Tuesday, after fuel costs rose for the third quarter in a row.\n\n"
         "\u201cWe cannot keep a half-empty boat on the water at midnight,\u201d board chair Ines Varga "
         "told a packed meeting at the harbor office.\n\n"
         "What comes next\n\n"
         "Riders who work night shifts said they would lose their only way home, and a petition asking "
         "the board to keep one late crossing had gathered about 1,200 signatures by Tuesday evening.\n\n"
         "Harbor Wire staff\n")


_OWN_STORY = [
    "Harbor Street will be closed to cars on Saturday for the autumn market, the police said on Thursday.",
    "The library on Mill Street will open on Sundays from March, the city council decided on Monday night.",
    "A new bakery on the pier sold out of bread before noon on its first day, its owner said on Saturday.",
    "Two lanes of the coast road will close for resurfacing next week, the highways office announced today.",
    "The school board voted to move the spring concert to the harbor hall after the gym roof leaked again.",
]


def _outlet_page(n: int) -> str:
    menu = "\n".join(["Home", "Local", f"Outlet {n} Sports", "Weather", "Subscribe"])
    footer = f"\u00a9 2024 Outlet {n} Media. All rights reserved.\nPrivacy Policy\nContact Us"
    return f"Ferry Service Cut as Fuel Costs Climb | Outlet {n}\n{menu}\n\n{_WIRE}\n{footer}\n"


_PROMO = "Tonight on the waterfront podcast"  # a promo line each outlet puts inside every story


def _wire_page(n: int) -> Input:
    return Input(f"w{n}", _outlet_page(n).replace("What comes next", f"{_PROMO}\n\nWhat comes next"))


def _own_page(n: int) -> Input:
    return Input(f"o{n}", f"Home\nSubscribe\n\n{_OWN_STORY[n]}\n\n{_PROMO}\n\n{_OWN_STORY[n + 1]}\n")


def test_a_record_does_not_depend_on_its_batch() -> None:
    """The same page alone, among its syndicated copies and other stories in batches of several
    sizes, and through two worker processes gives the same record (issue 16: the batch is never
    evidence, even where three stories of one batch share a line)."""
    target = _wire_page(0)
    others = [_wire_page(1), _own_page(0), _own_page(1), _wire_page(2), _own_page(2)]
    alone = process(target.data, id="w0").to_dict()
    assert _PROMO in alone["body"] and "What comes next" in alone["body"]
    runs = [
        list(process_many([target])),
        list(process_many([target, *others[:3]])),
        list(process_many([*others, target], batch_size=6)),
        list(process_many([*others, target], batch_size=4)),  # the target in a batch of two
        list(process_many([*others[:3], target, *others[3:]], workers=2, batch_size=3)),
    ]
    for outs in runs:
        (rec,) = [r for r in outs if isinstance(r, Record) and r.id == "w0"]
        assert rec.to_dict() == alone


def test_learnt_boilerplate_is_an_option_that_every_batch_sees() -> None:
    """Lines learnt from a corpus in a pass of their own are passed in; then a line they name is
    boilerplate in the page processed alone and in any batch, and the pass is reproducible."""
    corpus = [_wire_page(n) for n in range(4)] + [_own_page(n) for n in range(3)]
    lines, docs = pipeline.learn_boilerplate(corpus)
    assert docs == 7
    assert lines == pipeline.learn_boilerplate(list(reversed(corpus)))[0]  # order does not matter
    assert {"home", "subscribe", layout.norm_line(_PROMO)} <= lines
    # The wire story's headline, subhead and sign-off are in four pages, but as one story (its
    # copies share paragraphs): not furniture. Paragraphs are never learnt.
    assert not {"ferry service cut as fuel costs climb", "what comes next", "harbor wire staff"} & lines
    assert not any("board" in ln for ln in lines)
    plain = process(corpus[0].data, id="w0")
    alone = process(corpus[0].data, id="w0", repeated_lines=lines)
    assert _PROMO in plain.body and _PROMO not in alone.body
    assert "What comes next" in alone.body and "late boats" in alone.body
    for size in (1, 3, 7):
        batched = [r for r in process_many(corpus, repeated_lines=lines, batch_size=size)
                   if isinstance(r, Record) and r.id == "w0"]
        assert [r.to_dict() for r in batched] == [alone.to_dict()]


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
