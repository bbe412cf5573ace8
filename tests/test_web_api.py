"""The viewer without a browser: JSON API and its error shape, document keys (sha256 or a unique
id), escaping of hostile articles, the store left untouched, the highlighted article built from
offsets (overlapping spans included, checked by parsing the HTML), and ``onrecord serve``.

The store here is built from records written by hand, so these tests do not depend on how well
the stages do today; tests/test_web_browser.py runs the real pipeline."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason="the viewer needs the web extra: pip install -e '.[test]'")

from click.testing import CliRunner
from live_viewer import live_viewer
from spans import at as _at
from spans import pos as _pos

from onrecord.cli import cli
from onrecord.model import (
    Attribution,
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
from onrecord.store import DocumentRow, EntityRow, QuoteRow, Store
from onrecord.web.app import host_name
from onrecord.web.render import Mark, article_html, quantity_title, render, time_title

# ------------------------------------------------------------------ records written for these tests


def _lines(text: str, kinds: dict[int, str]) -> tuple[Line, ...]:
    """A Line per line of ``text``: kind from ``kinds`` by line number, else body (blank when empty)."""
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        out.append(Line(pos, pos + len(line), kinds.get(i, "body" if line else "blank")))
        pos += len(line) + 1
    return tuple(out)


def summit() -> Record:
    """Two speakers; an indirect quote with a mixed quote and a quantity inside it (overlapping spans)."""
    text = ("Envoys Meet as Talks Resume\n"
            "By Ana Ruiz\n"
            "Share this article\n"
            "\n"
            '"We will not give up the weapons," Kim Jong Un told envoys on Tuesday.\n'
            "\n"
            'Moon Jae-in said the talks had produced a "very serious" offer of 300 tonnes of rice.\n'
            "\n"
            "Kim later said he was pleased.")
    he = text.index(" he ") + 1
    kim = Entity("e1", "Kim Jong Un", "PERSON", (
        Mention(*_pos(text, "Kim Jong Un"), "Kim Jong Un", "name"),
        Mention(*_pos(text, "Kim", 1), "Kim", "partial"),
        Mention(he, he + 2, "he", "pronoun")))
    moon = Entity("e2", "Moon Jae-in", "PERSON", (Mention(*_pos(text, "Moon Jae-in"), "Moon Jae-in", "name"),))
    indirect = _at(text, 'the talks had produced a "very serious" offer of 300 tonnes of rice')
    return Record(
        id="summit", text=text, published="2018-06-12", lines=_lines(text, {0: "headline", 1: "byline",
                                                                           2: "boilerplate"}),
        meta=Meta(headline=_at(text, "Envoys Meet as Talks Resume"), publisher=Publisher("Harbor Ledger")),
        entities=(kim, moon),
        attributions=(
            Attribution("a1", "direct", (_at(text, "We will not give up the weapons,"),), cue=_at(text, "told"),
                        source=_at(text, "Kim Jong Un"), speaker="e1", addressee=_at(text, "envoys"),
                        confidence=0.9),
            Attribution("a2", "indirect", (indirect,), cue=_at(text, "said"), source=_at(text, "Moon Jae-in"),
                        speaker="e2", hedged=True, confidence=0.7),
            Attribution("a3", "mixed", (_at(text, "very serious"),), cue=_at(text, "said"),
                        source=_at(text, "Moon Jae-in"), speaker="e2", confidence=0.55),
            Attribution("a4", "indirect", (_at(text, "he was pleased"),), cue=_at(text, "said", 1),
                        source=_at(text, "Kim", 1), speaker="e1", confidence=0.8, about=("e1",)),
        ),
        quantities=(Quantity(_at(text, "300 tonnes"), "measure", 300, 300, 300, unit="tonne", counted="rice"),),
        times=(Time(_at(text, "on Tuesday"), "DATE", "2018-06-12", "2018-06-12", "2018-06-12"),),
    )


def twins() -> list[Record]:
    """Two different articles that share the id "brief" (two feeds, one file name)."""
    out = []
    for day, who in (("2018-06-10", "Moon Jae-in"), ("2018-06-11", "Kim Jong Un")):
        text = f"Brief\n\n{who} arrived in Singapore on {day}.\n"
        ent = Entity("e1", who, "PERSON", (Mention(*_pos(text, who), who, "name"),))
        out.append(Record(id="brief", text=text, published=day, lines=_lines(text, {0: "headline"}),
                          entities=(ent,)))
    return out


PAYLOADS = ("<script>window.pwned=1</script>", '<img src=x onerror="window.pwned=2">')


def hostile() -> Record:
    """An article whose text, headline, speaker name and URL carry markup and script; its id has a
    slash, as ids from JSON Lines feeds may."""
    text = (f"Mayor {PAYLOADS[0]} Answers Critics\n"
            "\n"
            f'"Our city is {PAYLOADS[1]} safe," Ruth <b>Okafor</b> told supporters & friends.\n')
    name = "Ruth <b>Okafor</b>"
    ent = Entity("e1", name, "PERSON", (Mention(*_pos(text, name), name, "name"),))
    return Record(
        id="wire/hostile", text=text, published="2024-03-15", lines=_lines(text, {0: "headline"}),
        meta=Meta(headline=_at(text, f"Mayor {PAYLOADS[0]} Answers Critics"), url="javascript:alert(3)"),
        entities=(ent,),
        attributions=(Attribution("a1", "direct", (_at(text, f"Our city is {PAYLOADS[1]} safe,"),),
                                  cue=_at(text, "told"), source=_at(text, name), speaker="e1"),),
    )


# ------------------------------------------------------------------ a live server over them


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    with Store.open(path) as store:
        store.add([summit(), *twins(), hostile()])
    return path


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    with live_viewer(db) as url:
        yield url


def get(url: str, *, accept: str = "application/json", method: str = "GET",
        host: str | None = None) -> tuple[int, dict[str, str], str]:
    """GET ``url``; ``host`` replaces the Host header urllib would send (the URL's host and port)."""
    req = urllib.request.Request(url, headers={"Accept": accept} | ({"Host": host} if host else {}), method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def get_json(url: str) -> tuple[int, Any]:
    status, headers, body = get(url)
    assert headers["content-type"].startswith("application/json"), (url, headers["content-type"])
    return status, json.loads(body)


def sha_of(doc_id: str) -> str:
    return next(r for r in [summit(), *twins(), hostile()] if r.id == doc_id).sha256


# ------------------------------------------------------------------ JSON API


def test_docs_are_paged_and_complete(base: str) -> None:
    seen = []
    offset = 0
    while True:
        status, page = get_json(f"{base}/api/docs?limit=2&offset={offset}")
        assert status == 200 and page["total"] == 4 and page["limit"] == 2 and page["offset"] == offset
        if not page["items"]:
            break
        seen += [item["sha256"] for item in page["items"]]
        offset += 2
    assert sorted(seen) == sorted(r.sha256 for r in [summit(), *twins(), hostile()])
    status, page = get_json(f"{base}/api/docs?q=Singapore")
    assert page["total"] == 2 and {i["id"] for i in page["items"]} == {"brief"}


def test_doc_by_sha256_or_unique_id_returns_the_record(base: str) -> None:
    rec = summit()
    for key in (rec.sha256, "summit"):
        status, body = get_json(f"{base}/api/docs/{key}")
        assert status == 200
        assert Record.from_dict(body) == rec


def test_ambiguous_id_is_409_listing_each_sha256(base: str) -> None:
    status, body = get_json(f"{base}/api/docs/brief")
    assert status == 409
    assert {d["sha256"] for d in body["error"]["details"]} == {r.sha256 for r in twins()}
    assert "sha256" in body["error"]["message"]
    for r in twins():
        assert get_json(f"{base}/api/docs/{r.sha256}")[1]["text"] == r.text
    # The page says the same, with a link to each.
    status, _, html = get(f"{base}/doc/brief", accept="text/html")
    assert status == 409 and all(f'href="/doc/{r.sha256}"' in html for r in twins())


def test_quotes_by_speaker_any_name_and_phrase(base: str) -> None:
    status, body = get_json(f"{base}/api/quotes?speaker=Kim")
    assert status == 200
    assert {(q["aid"], q["speaker"]) for q in body["items"]} == {("a1", "Kim Jong Un"), ("a4", "Kim Jong Un")}
    a1 = next(q for q in body["items"] if q["aid"] == "a1")
    assert a1["href"] == f"/doc/{sha_of('summit')}#attr-a1" and a1["cue"] == "told"
    _, body = get_json(f"{base}/api/quotes?q=very%20serious")
    assert {q["aid"] for q in body["items"]} == {"a2", "a3"}
    _, body = get_json(f"{base}/api/quotes?speaker=person:moon%20jae-in&limit=1")
    assert len(body["items"]) == 1 and body["items"][0]["speaker_key"] == "person:moon jae-in"
    # About whom: the content refers to Kim ("he"), by any of his names or his key.
    for who in ("Kim%20Jong%20Un", "Kim", "person:kim%20jong%20un"):
        _, body = get_json(f"{base}/api/quotes?about={who}")
        assert [q["aid"] for q in body["items"]] == ["a4"]
    _, body = get_json(f"{base}/api/quotes?about=Moon%20Jae-in")
    assert body["items"] == []


def test_entities_by_type(base: str) -> None:
    status, body = get_json(f"{base}/api/entities?type=person")
    assert status == 200
    keys = {e["key"]: e for e in body["items"]}
    assert keys["person:kim jong un"]["documents"] == 2 and keys["person:kim jong un"]["quotes"] == 2
    assert keys["person:kim jong un"]["href"] == "/speaker/person%3Akim%20jong%20un"
    assert get_json(f"{base}/api/entities?type=ORG")[1]["items"] == []


@pytest.mark.parametrize("path, status", [
    ("/api/docs/no-such-doc", 404),
    ("/api/docs/" + "0" * 64, 404),
    ("/api/nothing-here", 404),
    ("/api/docs?limit=0", 422),
    ("/api/docs?offset=-1", 422),
    ("/api/quotes?limit=100000", 422),
    ("/api/quotes?kind=rumour", 422),
    ("/doc/no-such-doc", 404),
    ("/speaker/person:nobody", 404),
])
def test_errors_have_one_json_shape(base: str, path: str, status: int) -> None:
    got, body = get_json(base + path)
    assert got == status
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["message"]


def test_writes_are_refused_in_the_error_shape(base: str) -> None:
    # The read-only viewer refuses any write before routing it (403, saying how to correct instead).
    status, _, body = get(f"{base}/api/docs", method="POST")
    err = json.loads(body)["error"]
    assert status == 403 and err["status"] == 403 and "onrecord serve --review" in err["message"]


def test_unknown_document_page_is_an_html_404_for_browsers(base: str) -> None:
    status, headers, html = get(f"{base}/doc/no-such-doc", accept="text/html")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert "no document with sha256 or id" in html


def test_openapi_describes_the_api(base: str) -> None:
    status, spec = get_json(f"{base}/openapi.json")
    assert status == 200
    assert {"/api/docs", "/api/docs/{key}", "/api/quotes", "/api/entities"} <= set(spec["paths"])
    assert "404" in spec["paths"]["/api/docs/{key}"]["get"]["responses"]
    # Swagger's page loads scripts from a CDN; the viewer fetches nothing from outside.
    assert get(f"{base}/docs")[0] == 404


# One row of the store, one schema: the API's list items are the store's rows plus their links.
@pytest.mark.parametrize("schema, row, added", [
    ("DocumentItem", DocumentRow, ["href"]),
    ("EntityItem", EntityRow, ["href"]),
    ("QuoteItem", QuoteRow, ["speaker", "corrected", "href"]),
])
def test_openapi_item_schemas_have_the_store_rows_fields(base: str, schema: str, row: type, added: list[str]) -> None:
    _, spec = get_json(f"{base}/openapi.json")
    props = spec["components"]["schemas"][schema]["properties"]
    assert sorted(props) == sorted([f.name for f in dataclasses.fields(row)] + added)


# ------------------------------------------------------------------ Host header (DNS rebinding)


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example", "[::2]:{port}"])
def test_a_foreign_host_is_refused_in_the_error_shape(base: str, host: str) -> None:
    host = host.format(port=_port(base))
    status, headers, body = get(f"{base}/api/docs", host=host)
    assert status == 400 and headers["content-type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert set(error) == {"status", "title", "message", "details"} and error["status"] == 400
    assert repr(host) in error["message"] and "start onrecord serve with --host" in error["message"]
    assert "items" not in body and "Kim" not in body
    assert headers["x-content-type-options"] == "nosniff"  # the security headers too
    # A browser gets the same as a page; static files and the schema are refused as well.
    status, headers, html = get(f"{base}/doc/summit", accept="text/html", host=host)
    assert status == 400 and headers["content-type"].startswith("text/html") and "--host" in html
    assert "We will not give up" not in html
    for path in ("/openapi.json", "/static/viewer.css"):
        assert get(base + path, host=host)[0] == 400


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LocalHost:{port}",
                                  "localhost", "127.0.0.1:9000"])  # any port: ssh -L tunnels change it
def test_loopback_names_pass_with_their_port(base: str, host: str) -> None:
    status, _, body = get(f"{base}/api/docs?limit=1", host=host.format(port=_port(base)))
    assert status == 200 and json.loads(body)["total"] == 4


def test_a_host_given_to_the_factory_passes(db: Path) -> None:
    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    # TestClient sends "Host: testserver": refused unless the app is told the name.
    with TestClient(create_app(db)) as client:
        refused = client.get("/api/docs")
        assert refused.status_code == 400 and "--host testserver" in refused.json()["error"]["message"]
    with TestClient(create_app(db, allow_hosts=["testserver", "viewer.lan"])) as client:
        assert client.get("/api/docs").json()["total"] == 4
        assert client.get("/api/docs", headers={"Host": "viewer.lan:8000"}).status_code == 200
        assert client.get("/api/docs", headers={"Host": "evil.example"}).status_code == 400
    with pytest.raises(ValueError, match="empty name"):
        create_app(db, allow_hosts=[""])


@pytest.mark.parametrize("given, name", [
    ("LOCALHOST:8000", "localhost"), ("127.0.0.1", "127.0.0.1"), ("[::1]:8000", "[::1]"), ("::1", "[::1]"),
    ("[0:0:0:0:0:0:0:1]", "[::1]"), ("Viewer.LAN", "viewer.lan"), ("", ""), ("[fe80::1%eth0]:80", "[fe80::1%eth0]"),
])
def test_host_names_are_compared_in_one_spelling(given: str, name: str) -> None:
    assert host_name(given) == name


# ------------------------------------------------------------------ pages


def test_document_page_marks_attributions_quantities_and_times(base: str) -> None:
    status, headers, html = get(f"{base}/doc/summit", accept="text/html")
    assert status == 200 and "script-src 'self'" in headers["content-security-policy"]
    assert 'id="attr-a1"' in html and 'id="side-a4"' in html
    assert 'class="line k-boilerplate dim"' in html and '<span class="label">boilerplate</span>' in html
    assert 'class="m-qty"' in html and "measure: 300 tonne rice" in html
    assert "DATE 2018-06-12" in html
    assert 'href="/speaker/person%3Amoon%20jae-in"' in html


def test_speaker_page_lists_names_attributions_and_timeline(base: str) -> None:
    status, _, html = get(f"{base}/speaker/person%3Akim%20jong%20un", accept="text/html")
    assert status == 200
    assert "Kim Jong Un" in html and "partial × 1" in html
    assert f'href="/doc/{sha_of("summit")}#attr-a1"' in html and f'href="/doc/{sha_of("summit")}#attr-a4"' in html
    # The timeline: both documents that mention him, oldest first, the undated none.
    brief = next(r for r in twins() if "Kim" in r.text)
    first, second = html.index(f'/doc/{brief.sha256}"'), html.index(f'/doc/{sha_of("summit")}"')
    assert first < second  # 2018-06-11 before 2018-06-12
    assert '<svg class="timeline"' in html


def test_index_searches_text_and_quotes(base: str) -> None:
    status, _, html = get(f"{base}/?q=weapons", accept="text/html")
    assert status == 200
    assert f'href="/doc/{sha_of("summit")}#attr-a1"' in html  # the quote hit
    assert 'data-count="documents"><b>4</b>' in html
    assert "Most quoted" in html and "/speaker/person%3Akim%20jong%20un" in html


# The summit's confidences: a1 0.9, a2 0.7, a3 0.55, a4 0.8.
@pytest.mark.parametrize("query, aids, hidden", [
    ("q=very%20serious", {"a2", "a3"}, 0),
    ("q=very%20serious&min_confidence=0.6", {"a2"}, 1),
    ("speaker=Kim&min_confidence=0.85", {"a1"}, 1),
    ("speaker=Kim&min_confidence=0.95", set(), 2),
])
def test_quotes_api_takes_a_confidence_floor_and_counts_what_it_hides(
        base: str, query: str, aids: set[str], hidden: int) -> None:
    status, body = get_json(f"{base}/api/quotes?{query}")
    assert status == 200
    assert {q["aid"] for q in body["items"]} == aids and body["hidden"] == hidden


@pytest.mark.parametrize("path, status, aids", [
    ("/api/quotes?q=weapons%20OR%20pleased", 200, {"a1", "a4"}),  # alternatives joined by OR
    ("/api/quotes?q=-", 422, None),  # punctuation alone: said, not an empty list or a 500
    ("/api/docs?q=Singapore%20OR", 422, None),
])
def test_a_search_works_or_is_refused_with_the_reason(base: str, path: str, status: int,
                                                      aids: set[str] | None) -> None:
    got, body = get_json(base + path)
    assert got == status
    if aids is not None:
        assert {q["aid"] for q in body["items"]} == aids
    else:
        assert "has no word to look for" in body["error"]["message"]
    page_status, _, html = get(f"{base}/?q=-", accept="text/html")
    assert page_status == 422 and "has no word to look for" in html


def test_a_record_and_its_pages_leave_out_attributions_under_the_floor(base: str) -> None:
    _, body = get_json(f"{base}/api/docs/summit?min_confidence=0.75")
    assert [a["id"] for a in body["attributions"]] == ["a1", "a4"]
    status, _, html = get(f"{base}/doc/summit?min_confidence=0.75", accept="text/html")
    assert status == 200 and 'id="side-a1"' in html and 'id="side-a2"' not in html
    assert "2 statements under confidence 0.75 hidden" in html and 'href="?min_confidence=0"' in html
    assert '<option value="0.75" selected>' in html  # a floor from the URL is among the choices
    _, _, html = get(f"{base}/speaker/person%3Amoon%20jae-in?min_confidence=0.6", accept="text/html")
    assert "1 statement under confidence 0.6 hidden" in html and "#attr-a3" not in html and "#attr-a2" in html
    _, _, html = get(f"{base}/?q=serious&min_confidence=0.6", accept="text/html")
    assert "1 statement under confidence 0.6 hidden" in html and "&amp;q=serious" in html
    _, _, html = get(f"{base}/doc/summit", accept="text/html")  # the default shows all
    assert 'id="side-a3"' in html and "hidden ·" not in html and '<option value="0.0" selected>all' in html
    assert get_json(f"{base}/api/quotes?min_confidence=1.5")[0] == 422


@pytest.mark.parametrize("path", [
    "/doc/wire/hostile", "/speaker/person%3Aruth%20%3Cb%3Eokafor%3C%2Fb%3E", "/?q=%3Cscript%3Ewindow.pwned%3D1",
    "/doc/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/",
])
def test_hostile_text_is_escaped_everywhere(base: str, path: str) -> None:
    status, _, html = get(base + path, accept="text/html")
    assert status in (200, 404)
    for bad in ("<script>window", "<script>alert", "<img", "<b>Okafor", 'href="javascript:'):
        assert bad not in html, (path, bad)
    if path == "/doc/wire/hostile":
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
        assert "onerror=&#34;window.pwned=2&#34;" in html
        assert "javascript:alert(3)" in html  # shown, but not as a link


def test_the_store_is_opened_read_only_and_left_untouched(db: Path, base: str) -> None:
    def digest() -> str:
        return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(db.parent.glob(db.name + "*"))
                                       if not p.name.endswith("-shm"))).hexdigest()

    before = digest()
    for path in ("/", "/?q=talks", "/doc/summit", "/api/docs", "/api/quotes?speaker=Kim", "/api/entities"):
        get(base + path)
    assert digest() == before


# ------------------------------------------------------------------ the highlighted article


class _Pieces(HTMLParser):
    """The article's text as the browser gets it: each character with the classes and
    attribution ids of the elements around it; end tags must close what they open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str], set[str]]] = []
        self.chars: list[tuple[str, set[str], set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.stack.append((tag, set((a.get("class") or "").split()), set((a.get("data-a") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        classes = set().union(*(s[1] for s in self.stack)) if self.stack else set()
        if "label" in classes:  # the line's kind, our own text
            return
        aids = set().union(*(s[2] for s in self.stack)) if self.stack else set()
        self.chars += [(ch, classes, aids) for ch in data]


def _parse(html: str) -> list[tuple[str, set[str], set[str]]]:
    p = _Pieces()
    p.feed(html)
    p.close()
    assert not p.stack
    return p.chars


ROLE_CLASS = {"content": "m-content", "cue": "m-cue", "source": "m-source", "quantity": "m-qty", "time": "m-time"}


@st.composite
def marked_texts(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    # Tokens that are markup when left unescaped, so a missing escape breaks the parse.
    tokens = st.sampled_from(["a", "b", " ", "<", ">", "&", '"', "'", "=", "\n", "<b>", "</i>", "&amp;", "<!--"])
    text = draw(st.lists(tokens, min_size=1, max_size=30).map("".join))
    marks = []
    for i in range(draw(st.integers(0, 6))):
        a, b = sorted(draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
        if a == b:
            continue
        role = draw(st.sampled_from(sorted(ROLE_CLASS)))
        attr = role in ("content", "cue", "source")
        marks.append(Mark(a, b, role, str(i % 3) if attr else None, f"a{i}" if attr else None, f"t{i}"))
    return text, marks


@settings(max_examples=150, deadline=None)
@given(marked_texts())
def test_every_character_appears_once_with_the_marks_that_cover_it(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    rec = Record(id="p", text=text, lines=_lines(text, {}))
    chars = _parse(str(article_html(rec, marks)))
    offsets = [i for i, ch in enumerate(text) if ch != "\n"]  # lines are blocks: no newline characters
    assert "".join(c for c, _, _ in chars) == text.replace("\n", "")
    for (ch, classes, aids), off in zip(chars, offsets):
        covering = [m for m in marks if m.start <= off < m.end]
        assert {ROLE_CLASS[m.role] for m in covering} == classes & set(ROLE_CLASS.values()), (off, classes)
        assert {m.aid for m in covering if m.aid} == aids


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab <>&\n", max_size=60))
def test_text_outside_the_lines_is_still_shown(text: str) -> None:
    # A record with no lines (or lines that miss some text) must not hide any of it.
    chars = _parse(str(article_html(Record(id="p", text=text), [])))
    assert "".join(c for c, _, _ in chars if not c.isspace()) == "".join(c for c in text if not c.isspace())


def test_one_color_per_speaker_and_innermost_content_wins() -> None:
    rec = summit()
    view = render(rec)
    colors = {a.id: a.color for a in view.attributions}
    assert colors["a1"] == colors["a4"] != colors["a2"] == colors["a3"]
    assert [a.id for a in view.attributions] == ["a1", "a2", "a3", "a4"]
    chars = _parse(str(view.article))
    text = rec.text.replace("\n", "")
    very = text.index("very serious")
    _, classes, aids = chars[very]
    assert aids == {"a2", "a3"} and "m-content" in classes
    _, outer, _ = chars[text.index("offer")]
    assert "m-qty" not in outer and "m-content" in outer
    assert "m-qty" in chars[text.index("300 tonnes")][1]


@pytest.mark.parametrize("q, title", [
    (Quantity(Span(0, 1, "x"), "money", 4e7, 4e7, 4e7, unit="USD"), "money: 40,000,000 USD"),
    (Quantity(Span(0, 1, "x"), "count", 12, 99, 12, approx=True, counted="invoices"),
     "count: 12 (12–99) invoices, approximate"),
    (Quantity(Span(0, 1, "x"), "count", 301, None, 301, approx=True), "count: 301 (301–?), approximate"),
    (Quantity(Span(0, 1, "x"), "percent", 2.5, 2.5, 2.5, unit="percent"), "percent: 2.5 percent"),
])
def test_quantity_titles(q: Quantity, title: str) -> None:
    assert quantity_title(q) == title


@pytest.mark.parametrize("t, title", [
    (Time(Span(0, 1, "x"), "DATE", "2016-12", "2016-12-01", "2016-12-31"), "DATE 2016-12, 2016-12-01 … 2016-12-31"),
    (Time(Span(0, 1, "x"), "DURATION", "P9Y", approx=True), "DURATION P9Y, approximate"),
    (Time(Span(0, 1, "x"), "DATE", "P-1Y/XXXX-12", anchored=False), "DATE P-1Y/XXXX-12, relative: no publication date"),
])
def test_time_titles(t: Time, title: str) -> None:
    assert time_title(t) == title


# ------------------------------------------------------------------ onrecord serve


def test_serve_defaults_to_loopback_and_names_a_missing_store(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text and "8000" in help_text
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store at" in result.output and "onrecord ingest" in result.output
    assert not (tmp_path / "none.db").exists()


def test_serve_help_explains_which_hosts_are_answered() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["serve", "--help"]).output.split())
    assert "DNS rebinding" in help_text and "--host NAME" in help_text and "localhost" in help_text


def test_serve_answers_to_the_host_it_was_started_for(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from fastapi.testclient import TestClient

    from onrecord import web

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    web.serve(db, host="viewer.lan", port=8123)
    assert started["host"] == "viewer.lan" and started["port"] == 8123
    with TestClient(started["app"], base_url="http://viewer.lan:8123") as client:
        assert client.get("/api/docs").status_code == 200
        assert client.get("/api/docs", headers={"Host": "localhost:8123"}).status_code == 200
        assert client.get("/api/docs", headers={"Host": "other.lan:8123"}).status_code == 400


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_serve_on_a_wildcard_address_answers_any_name(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      wildcard: str) -> None:
    """Serving on 0.0.0.0 is meant for other machines, which reach it by the machine's own name
    or address: the Host check would lock them out."""
    import uvicorn
    from fastapi.testclient import TestClient

    from onrecord import web

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    web.serve(db, host=wildcard, port=8123)
    with TestClient(started["app"], base_url="http://newsroom-box.lan:8123") as client:
        assert client.get("/api/docs").status_code == 200
        assert client.get("/api/docs", headers={"Host": "192.168.1.5:8123"}).status_code == 200


def test_serve_command_serves_the_store(db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "onrecord", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get_json(f"http://127.0.0.1:{port}/api/docs?limit=1")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((proc.stdout.read() if proc.stdout else b"").decode())
                time.sleep(0.1)
        assert status == 200 and body["total"] == 4
    finally:
        proc.terminate()
        proc.wait(10)


# ------------------------------------------------------------------ hostile records (issue 21)


def _bidi_and_long() -> list[Record]:
    """A speaker whose name holds a right-to-left override, and an article of 250,000 characters
    with a quote near its start and one near its end."""
    text = '"The tunnel opens in May," said Mara \u202eQuint\u202c at the site.\n'
    name = "Mara \u202eQuint\u202c"
    ent = Entity("e1", name, "PERSON", (Mention(*_pos(text, name), name, "name"),))
    bidi = Record(id="bidi", text=text, lines=_lines(text, {}), entities=(ent,), attributions=(
        Attribution("a1", "direct", (_at(text, "The tunnel opens in May,"),), cue=_at(text, "said"),
                    source=_at(text, name), speaker="e1"),))
    filler = "The council met again and read the minutes of the previous meeting aloud.\n" * 3300
    long_text = '"We start on Monday," the engineer said.\n' + filler + '"We finish in June," the engineer said.\n'
    long = Record(id="long", text=long_text, lines=_lines(long_text, {}), attributions=(
        Attribution("a1", "direct", (_at(long_text, "We start on Monday,"),), cue=_at(long_text, "said")),
        Attribution("a2", "direct", (_at(long_text, "We finish in June,"),), cue=_at(long_text, "said", 1)),
    ))
    return [bidi, long]


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    path = tmp_path_factory.mktemp("web-hostile") / "corpus.db"
    with Store.open(path) as store:
        store.add(_bidi_and_long())
    with TestClient(create_app(path, allow_hosts=["testserver"]), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("url, status", [
    ("/api/docs?offset=9223372036854775807", 200),
    ("/api/docs?offset=9223372036854775808", 422),  # past SQLite's integers: said, not a 500
    ("/api/docs?offset=99999999999999999999999", 422),
    ("/api/docs?q=tunnel%00opens", 200),  # a NUL searches as a space
    ("/api/quotes?q=a%00b", 200),
    ("/?q=a%00b", 200),
])
def test_hostile_query_values_are_answered_not_500(hostile_client: Any, url: str, status: int) -> None:
    assert hostile_client.get(url).status_code == status


def test_bidi_overrides_are_shown_not_obeyed(hostile_client: Any) -> None:
    sha = _bidi_and_long()[0].sha256
    for url in (f"/doc/{sha}", "/", "/speaker/" + hostile_client.get("/api/entities").json()["items"][0]["key"]):
        page = hostile_client.get(url, headers={"accept": "text/html"}).text
        assert "\u202e" not in page and "\u202c" not in page
        assert "Mara [U+202E]Quint[U+202C]" in page
    # The API gives the data as it is.
    assert hostile_client.get(f"/api/docs/{sha}").json()["entities"][0]["name"] == "Mara \u202eQuint\u202c"


def test_a_long_article_is_shown_in_parts(hostile_client: Any) -> None:
    rec = _bidi_and_long()[1]
    first = hostile_client.get(f"/doc/{rec.sha256}", headers={"accept": "text/html"})
    last = hostile_client.get(f"/doc/{rec.sha256}?part=3", headers={"accept": "text/html"})
    assert first.status_code == last.status_code == 200
    assert len(first.text) < 400_000  # the whole article marked up is over 1 MB
    assert "Part 1 of 3" in first.text and "We start on Monday," in first.text and "We finish in June" not in first.text
    assert "Part 3 of 3" in last.text and "We finish in June," in last.text and "We start on Monday" not in last.text
    assert "1 in this part, 2 in all" in first.text
    assert hostile_client.get(f"/doc/{rec.sha256}?part=4", headers={"accept": "text/html"}).status_code == 404
