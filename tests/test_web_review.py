"""The viewer's review mode (`onrecord serve --review`), over a store built by the real pipeline:
writes need the session's token and come from the viewer's own pages; the default viewer refuses
every write. In Chromium (Playwright, as test_web_browser.py): mark an attribution wrong, change a
speaker, add a missed quote from a selection, reload, re-process the store with
`onrecord ingest --reprocess`, and find the corrections still applied."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the viewer needs the web extra: pip install -e '.[test]'")

from click.testing import CliRunner
from live_viewer import live_viewer
from test_web_browser import CHIEF, HARBOR, browser  # noqa: F401 (the browser fixture)

from onrecord.cli import cli
from onrecord.pipeline import Failure, Input, process_many
from onrecord.store import Store


def _store(path: Path) -> Path:
    outcomes = list(process_many([Input("harbor", HARBOR, "2024-03-06"), Input("chief", CHIEF, "2024-03-12")]))
    assert not [o for o in outcomes if isinstance(o, Failure)]
    with Store.open(path) as store:
        store.add(outcomes)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("review") / "built.db")


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the store for each test (corrections are written to it)."""
    copy = tmp_path / "t.db"
    with sqlite3.connect(built) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    return copy


def request(url: str, method: str = "GET", body: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def token_of(base: str, doc: str = "harbor") -> str:
    """The session's token as a browser gets it: from the viewer's own page."""
    with urllib.request.urlopen(f"{base}/doc/{doc}", timeout=10) as r:
        html = r.read().decode()
    m = re.search(r'<meta name="onrecord-review-token" content="([^"]+)">', html)
    assert m, "the review page carries no token"
    return m.group(1)


def first_attribution(base: str) -> dict[str, Any]:
    return request(f"{base}/api/docs/harbor")[1]["attributions"][0]


# ---------------------------------------------------------------- the API's guard


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_default_viewer_refuses_every_write(db: Path, method: str) -> None:
    with live_viewer(db) as base:
        html = urllib.request.urlopen(f"{base}/doc/harbor", timeout=10).read().decode()
        assert "onrecord-review-token" not in html and "Mark wrong" not in html
        for path in ("/api/corrections", "/api/docs/harbor", "/doc/harbor"):
            status, body = request(base + path, method, {"doc": "harbor", "change": "wrong", "aid": "a1"},
                                   {"X-Onrecord-Token": "guess"})
            assert status == 403 and "read-only" in body["error"]["message"]
    with Store.open(db, readonly=True) as s:
        assert s.corrections() == []


@pytest.mark.parametrize(("headers", "message"), [
    ({}, "lacks the review session's token"),
    ({"X-Onrecord-Token": "not-the-token"}, "lacks the review session's token"),
    ({"Origin": "http://evil.example", "X-Onrecord-Token": "TOKEN"}, "from another site"),
])
def test_review_mode_refuses_a_write_without_the_token_or_from_another_site(
        db: Path, headers: dict[str, str], message: str) -> None:
    with live_viewer(db, review=True) as base:
        token = token_of(base)
        sent = {k: token if v == "TOKEN" else v for k, v in headers.items()}
        aid = first_attribution(base)["id"]
        status, body = request(f"{base}/api/corrections", "POST", {"doc": "harbor", "change": "wrong", "aid": aid},
                               sent)
        assert status == 403 and message in body["error"]["message"]
    with Store.open(db, readonly=True) as s:
        assert s.corrections() == []


def test_review_mode_writes_with_the_token_and_every_read_shows_it(db: Path) -> None:
    with live_viewer(db, review=True) as base:
        token = {"X-Onrecord-Token": token_of(base), "Origin": base}
        a = first_attribution(base)
        status, c = request(f"{base}/api/corrections", "POST",
                            {"doc": "harbor", "change": "speaker", "aid": a["id"], "name": "Mara Quint",
                             "reason": "the byline's author said it", "who": "checker"}, token)
        assert status == 201 and (c["change"], c["who"], c["status"]) == ("speaker", "checker", "applied")
        rec = request(f"{base}/api/docs/harbor")[1]
        assert rec["attributions"][0]["corrected"] == [c["id"]] and rec["corrections"][0]["id"] == c["id"]
        raw = request(f"{base}/api/docs/harbor?raw=true")[1]
        assert "corrections" not in raw and "corrected" not in raw["attributions"][0]
        quotes = request(f"{base}/api/quotes?speaker=Mara%20Quint")[1]["items"]
        assert [(q["aid"], q["corrected"]) for q in quotes] == [(a["id"], True)]
        assert request(f"{base}/api/quotes?speaker=Mara%20Quint&raw=true")[1]["items"] == []
        status, err = request(f"{base}/api/corrections", "POST",
                              {"doc": "harbor", "change": "content", "aid": a["id"], "start": 5, "end": 10 ** 6},
                              token)
        assert status == 422 and "is outside document 'harbor'" in err["error"]["message"]
        status, undone = request(f"{base}/api/corrections/{c['id']}/undo", "POST", {}, token)
        assert status == 200 and undone["status"] == "undone"
        assert request(f"{base}/api/quotes?speaker=Mara%20Quint")[1]["items"] == []


# ---------------------------------------------------------------- in the browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811 (the browser fixture of test_web_browser)
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield pg
    context.close()
    assert not problems, problems


_SELECT = """(words) => {
  // Select `words` in the article as a reader would with the mouse.
  const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
  let all = '', nodes = [];
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  const at = all.indexOf(words);
  const find = (pos) => { for (const [n, o] of nodes) if (pos <= o + n.data.length) return [n, pos - o]; };
  const [sn, so] = find(at), [en, eo] = find(at + words.length);
  const r = document.createRange(); r.setStart(sn, so); r.setEnd(en, eo);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
  return at;
}"""


def _attr_li(page: Any, words: str) -> Any:
    return page.locator("li.attr", has=page.locator("q.said", has_text=words))


def test_review_flow_in_the_browser_survives_reload_and_reprocessing(db: Path, page: Any) -> None:
    with Store.open(db, readonly=True) as st:
        raw = st.record("harbor")
    assert raw is not None
    by_content = {a.content_text: a for a in raw.attributions}
    wrong = next(a for t, a in by_content.items() if "cooperate fully" in t)
    respeak = next(a for t, a in by_content.items() if "Nobody here is hiding" in t)
    missed = "postponed a vote on Tuesday on a $40 million dredging contract"
    assert not any(missed in t for t in by_content)
    with live_viewer(db, review=True) as base:
        page.goto(f"{base}/doc/harbor")
        assert "(review)" in page.locator("header.top .db").inner_text()

        # mark an attribution wrong
        with page.expect_navigation():
            _attr_li(page, "cooperate fully").locator("button.r-wrong").click()
        assert _attr_li(page, "cooperate fully").count() == 0
        assert "wrong" in page.locator("ol.corrections").inner_text()

        # change a speaker
        li = _attr_li(page, "Nobody here is hiding")
        li.locator("input.r-speaker-name").fill("Mara Quint")
        with page.expect_navigation():
            li.locator("button.r-speaker").click()
        li = _attr_li(page, "Nobody here is hiding")
        assert li.locator(".who").inner_text() == "Mara Quint"
        assert li.locator(".corrected").is_visible()

        # add a missed quote by selecting its words
        assert page.evaluate(_SELECT, missed) >= 0
        page.locator("#r-add-speaker").fill("Audit office")
        with page.expect_navigation():
            page.locator("#r-add").click()
        added = _attr_li(page, missed)
        assert added.count() == 1 and added.locator(".who").inner_text() == "Audit office"

        def check() -> None:
            page.reload()
            assert _attr_li(page, "cooperate fully").count() == 0
            assert _attr_li(page, "Nobody here is hiding").locator(".who").inner_text() == "Mara Quint"
            assert _attr_li(page, missed).locator(".who").inner_text() == "Audit office"

        check()
        result = CliRunner().invoke(cli, ["ingest", "--reprocess", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert "corrections: 3 re-applied" in result.output
        check()

        # the page's own script, without the token, is refused too
        status = page.evaluate("""async () => (await fetch('/api/corrections', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({doc: 'harbor', change: 'wrong', aid: 'a1'})})).status""")
        assert status == 403
    with Store.open(db, readonly=True) as s:
        assert [(c.change, c.status) for c in s.corrections()] == [("wrong", "applied"), ("speaker", "applied"),
                                                                   ("add", "applied")]
        assert [c.applied_to for c in s.corrections()][:2] == [wrong.id, respeak.id]
        got = s.record("harbor")
        assert got is not None and any(a.content_text == missed for a in got.attributions)


def test_the_read_only_page_has_no_review_tools_and_its_script_cannot_write(db: Path, page: Any) -> None:
    with live_viewer(db) as base:
        page.goto(f"{base}/doc/harbor")
        assert page.locator("button.r-wrong").count() == 0 and page.locator("#review").count() == 0
        status = page.evaluate("""async () => (await fetch('/api/corrections', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-Onrecord-Token': 'x'},
            body: JSON.stringify({doc: 'harbor', change: 'wrong', aid: 'a1'})})).status""")
        assert status == 403


def test_a_form_posted_from_another_page_is_refused(db: Path, page: Any) -> None:
    # The classic cross-site request: a page elsewhere posts a form to the viewer (a "simple"
    # request, which the browser sends without asking). It has no token and another origin.
    with live_viewer(db, review=True) as base:
        aid = first_attribution(base)["id"]
        page.set_content(f"""<form id="f" method="post" action="{base}/api/corrections"
            enctype="text/plain"><input name='{{"doc": "harbor", "change": "wrong", "aid": "{aid}", "x": "'
            value='"}}'></form>""")
        with page.expect_navigation() as nav:
            page.evaluate("document.getElementById('f').submit()")
        response = nav.value
        assert response is not None and response.status == 403
    with Store.open(db, readonly=True) as s:
        assert s.corrections() == []
