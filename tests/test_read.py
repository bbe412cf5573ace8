"""The read stage: encodings, cleaning that keeps offsets, HTML, and refusing what is not a document."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.errors import InputError
from onrecord.stages.read import clean, looks_like_html, read_text

SENTENCE = "The mayor said on Monday that the caf\u00e9 would \u201creopen soon\u201d, and \u00a340 was raised."


@pytest.mark.parametrize("data, encoding", [
    (SENTENCE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8"),
    (SENTENCE.encode("utf-16"), "utf-16"),  # Python writes the BOM
    (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "utf-16"),
    (SENTENCE.encode("utf-32"), "utf-32"),
    (SENTENCE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognized by where its NULs fall
    (SENTENCE.encode("cp1252"), "cp1252"),
])
def test_common_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    text, source = read_text(data)
    assert text == SENTENCE
    assert source.encoding == encoding


@pytest.mark.parametrize("text, encoding", [
    # Latin-1 prose: charset-normalizer ranks cp1250 first; Windows-1252 is as good and wins.
    (("Le pr\u00e9sident a d\u00e9clar\u00e9 jeudi que l'\u00e9conomie \u00e9tait tr\u00e8s r\u00e9sistante "
      "\u00e0 Paris, o\u00f9 les \u00e9l\u00e8ves ont manifest\u00e9."), "latin-1"),
    (("Der B\u00fcrgermeister sagte am Montag, die Stra\u00dfe werde gesperrt; \u00c4rger gab es "
      "\u00fcberall."), "latin-1"),
    (("Prezydent powiedzia\u0142 w czwartek, \u017ce gospodarka jest stabilna. \u0141\u00f3d\u017a "
      "i Krak\u00f3w \u015bwi\u0119tuj\u0105 zwyci\u0119stwo dru\u017cyny."), "cp1250"),
    (("\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b "
     "\u0432 \u0447\u0435\u0442\u0432\u0435\u0440\u0433, \u0447\u0442\u043e \u044d\u043a\u043e\u043d"
     "\u043e\u043c\u0438\u043a\u0430 \u0443\u0441\u0442\u043e\u0439\u0447\u0438\u0432\u0430."), "cp1251"),
])
def test_legacy_single_byte_encodings_are_detected(text: str, encoding: str) -> None:
    decoded, source = read_text(text.encode(encoding))
    assert decoded == text
    assert source.encoding not in ("utf-8", "str")


def test_english_with_one_pound_sign_in_cp1252_is_not_read_as_shift_jis() -> None:
    # The shape of the BBC corpus's one non-UTF-8 article: ASCII prose and a single 0xA3 byte.
    data = ("The club could recoup part of a \u00a315.8m fee, the manager said. " * 5).encode("cp1252")
    text, source = read_text(data)
    assert "\u00a315.8m" in text and source.encoding == "cp1252"


def test_utf8_with_stray_cp1252_bytes_keeps_its_utf8_characters() -> None:
    data = "Caf\u00e9 owner said \u201cno\u201d ".encode("utf-8") + b"\x93maybe\x94 later."
    text, source = read_text(data)
    assert text == "Caf\u00e9 owner said \u201cno\u201d \u201cmaybe\u201d later."
    assert source.encoding == "utf-8+cp1252"


@pytest.mark.parametrize("utf8, legacy", [
    # A UTF-8 article with one paragraph pasted in from a Windows document: as a whole file it was
    # read as Cyrillic or Mac text and the pasted quote lost its quotation marks.
    ("The chamber\u2019s chair called the levy \u201cunfair\u201d.\n\n",
     "\u201cWe were never asked about the caf\u00e9 levy,\u201d said Ana Ru\u00edz, who runs a p\u00e2tisserie.\n"),
    ("Z\u00fcrich police said on Friday that the road would stay closed.\n",
     "\u201cIt is not safe,\u201d a spokesman said \u2013 \u201cnot until the rock face is secured.\u201d\n"),
    ("Caf\u00e9 owners met on Monday.\n", "\u00c0 bient\u00f4t, said the na\u00efve \u00e9l\u00e8ve.\n"),
])
def test_utf8_with_a_windows_1252_paragraph_is_read_line_by_line(utf8: str, legacy: str) -> None:
    data = utf8.encode("utf-8") + legacy.encode("cp1252") + utf8.encode("utf-8")
    text, source = read_text(data)
    assert text == utf8 + legacy + utf8
    assert source.encoding == "utf-8+cp1252"


@pytest.mark.parametrize("depth", [10, 300, 1000])
def test_html_nested_deeper_than_libxml2s_limit_keeps_its_body(depth: int) -> None:
    body = ("<p>The harbour board delayed its vote on the dredging contract on Tuesday.</p>"
            "<p>\u201cWe need another month,\u201d the chair, Mara Quint, told reporters.</p>")
    html = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    text, source = read_text(html.encode("utf-8"))
    assert "We need another month" in text and "dredging contract" in text and source.html


def test_text_over_max_chars_is_refused_with_the_fix() -> None:
    from onrecord.pipeline import process

    with pytest.raises(InputError, match=r"text is 1,100 characters, over the 1,000 .*--max-chars"):
        process("The mayor said so. " * 55 + "Then she left. " * 3 + "x" * 10, max_chars=1000)


def test_controls_become_one_character_each_and_line_endings_stay() -> None:
    data = b"Headline\r\n\r\nBody\x00with NUL\x07 and bell.\rOld Mac line.\n"
    text, _ = read_text(data)
    assert len(text) == len(data)
    assert text == "Headline\r\n\r\nBody with NUL  and bell.\rOld Mac line.\n"


def test_c1_controls_become_their_windows_1252_characters() -> None:
    # cp1252 quotes decoded as Latin-1 and saved as UTF-8 arrive as U+0093/U+0094.
    assert clean("\u0093Yes,\u0094 he said.\u0081") == "\u201cYes,\u201d he said. "


def test_bom_is_dropped_and_offsets_index_the_rest() -> None:
    text, _ = read_text(codecs.BOM_UTF8 + b"Hello")
    assert text == "Hello"
    assert read_text("\ufeffHello")[0] == "Hello"


def test_lone_surrogates_in_str_input_become_replacement_characters() -> None:
    assert read_text("a\ud800b")[0] == "a\ufffdb"


def test_html_becomes_paragraphs_with_the_title_first() -> None:
    html = (b"<!DOCTYPE html><html><head><title>Port Chief Resigns</title></head><body><article>"
            b"<h1>Port Chief Resigns</h1><p>The head of the port authority resigned on Friday, two weeks "
            b"after auditors questioned a contract.</p><p>\"I have done nothing wrong,\" he told reporters "
            b"outside his home on the hill.</p></article></body></html>")
    text, source = read_text(html)
    assert source.html and source.title == "Port Chief Resigns"
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Port Chief Resigns"
    assert any(p.startswith('"I have done nothing wrong,"') for p in paragraphs)
    assert "<p>" not in text


@pytest.mark.parametrize("text, html", [
    ("<!doctype html><p>x</p>", True),
    ("  <html lang='en'><body>x", True),
    ("<p>one</p><p>two</p><div>3</div><span>4</span><a href=x>5</a>", True),
    ('He wrote "<b>" in the chat and left.', False),
    ("Shares rose 3% <and> fell.", False),
])
def test_html_recognition(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\r\n\t ", "empty"),
    (b"\x00\x00\x00", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file"),
    (b"%PDF-1.7\n" + bytes(range(256)), "binary file"),
    (bytes(range(256)) * 20, "binary"),
    (codecs.BOM_UTF16_LE + b"a", "byte-order mark"),
    (b"<html><body></body></html>", "no readable text"),
])
def test_not_a_document_is_one_line_input_error_naming_it(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as e:
        read_text(data, doc="inbox/item7.txt")
    assert e.value.doc == "inbox/item7.txt" and reason in e.value.reason
    assert "\n" not in str(e.value) and str(e.value).startswith("inbox/item7.txt: ")


def test_oversized_input_is_refused_with_the_fix() -> None:
    with pytest.raises(InputError, match="--max-bytes"):
        read_text(b"word " * 300, doc="big", max_bytes=1000)
    with pytest.raises(InputError, match="--max-bytes"):
        read_text("word " * 300, doc="big", max_bytes=1000)
    assert read_text(b"word " * 300, max_bytes=2000)[0].startswith("word")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_text_or_an_input_error(data: bytes) -> None:
    try:
        text, _ = read_text(data, doc="fuzz")
    except InputError as e:
        assert e.doc == "fuzz" and "\n" not in e.reason
        return
    assert text.strip()
    assert not any(0xD800 <= ord(c) < 0xE000 for c in text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_utf8_text_reads_back_with_the_same_length(text: str) -> None:
    """Cleaning never moves an offset: the decoded text is as long as the input text."""
    try:
        out, _ = read_text(text.encode("utf-8"))
    except InputError:
        return
    if looks_like_html(text) or text.count("\x00") * 3 > len(text):
        return  # HTML is re-flowed; NUL-interleaved text is UTF-16 by the evidence
    assert len(out) == len(text.removeprefix("\ufeff"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400).map(lambda b: b"<html><body><p>" + b + b"</p></body></html>"))
def test_arbitrary_html_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        read_text(data, doc="page")
    except InputError:
        pass
