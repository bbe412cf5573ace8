"""The viewer in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium, from apt;
nothing here downloads a browser) over a store built by the real pipeline from articles written
for this test. Open a document and check its marks and speaker colors, click through to a speaker
and back, search, prove a hostile article stays text, and save a screenshot to look at.

Skipped where playwright or /usr/bin/chromium is missing, except in CI (CI set), where that is
a failure: .ci/run installs both."""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the viewer needs the web extra: pip install -e '.[test]'")

from live_viewer import live_viewer

from onrecord.pipeline import Failure, Input, process_many
from onrecord.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
SCREENSHOT = Path(os.environ.get("ONRECORD_SCREENSHOT", "/tmp/onrecord-viewer-doc.png"))

# Articles written for this test in the shape scraped pages come in: logo caption, byline with a
# role, font and share furniture, quotes whose speakers are named once and then by surname or pronoun.
HARBOR = """\
Harbor Board Delays Vote on Dredging Contract

Lakeport Ledger logo
By Mara Quint, Senior Business Reporter
Font Size:

LAKEPORT — The Lakeport harbor board postponed a vote on Tuesday on a $40 million dredging contract, two weeks after auditors questioned how it was awarded.

"We will not sign anything until the audit is finished," Dov Arlen told reporters outside the board's offices. "The port deserves a clean process."

Arlen, who has chaired the board for almost nine years, said that he would cooperate fully with the inquiry.

Helga Brandt, the city's finance director, said the contract had already cost taxpayers more than 300 hours of staff time. "Nobody here is hiding anything," she said.

According to two people familiar with the audit, dozens of invoices were paid twice last year.

Follow Mara on Twitter
Share this article
"""

CHIEF = """\
Port Chief Says Audit Will Clear Him

Lakeport Ledger logo
By Tomas Reyes
Share this article

LAKEPORT — Dov Arlen, the chairman of the Lakeport harbor board, said on Monday that the audit of the dredging contract would clear him within a month.

"I have done nothing wrong," Arlen said in an interview. "Every invoice was checked twice."

Helga Brandt, the city's finance director, disagreed. "The numbers do not add up," Brandt told the council on Monday evening.

Follow us on Twitter
"""

HOSTILE = """\
Mayor <script>window.pwned = 1</script> Answers Critics

By Staff Reporter

The mayor of Lakeport, Ruth Okafor, spoke at a rally on Friday.

"Our city is <img src=x onerror="window.pwned = 2"> safe and getting safer," Okafor told supporters. "Ask anyone & you'll hear the same."

She said that crime had fallen by 12 percent since 2019.
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    inputs = [Input("harbor", HARBOR, "2024-03-06"), Input("chief", CHIEF, "2024-03-12"),
              Input("hostile", HOSTILE, "2024-03-15")]
    outcomes = list(process_many(inputs))
    failed = [str(o) for o in outcomes if isinstance(o, Failure)]
    assert not failed, f"the pipeline failed on articles written for this test: {failed}"
    with Store.open(db) as store:
        store.add(outcomes)
    with live_viewer(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need {' and '.join(missing)}; .ci/run installs them")
        pytest.skip(f"browser tests need {' and '.join(missing)}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that fails the test on any script error or console error (CSP violations included)."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)

    def on_dialog(dialog: Any) -> None:  # alert() from an article that escaped its escaping
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()
    assert not problems, problems


def record(base: str, doc_id: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/api/docs/{doc_id}", timeout=10) as r:
        return json.loads(r.read())


def _speaker(a: dict[str, Any]) -> str:
    return a["speaker"] or (a["source"] or {}).get("text", "").lower()


# The color of each attribution's own marks (the first id in data-a is the innermost attribution).
_MARK_COLORS = """(aid) => {
  const own = [...document.querySelectorAll('#text [data-a]')].filter(e => e.dataset.a.split(' ')[0] === aid);
  const pick = (cls, prop) => own.filter(e => e.classList.contains(cls)).map(e => getComputedStyle(e)[prop]);
  return {content: pick('m-content', 'backgroundColor'), source: pick('m-source', 'color'),
          cue: pick('m-cue', 'color')};
}"""


def test_document_marks_each_speaker_in_one_color_of_its_own(base: str, page: Any) -> None:
    rec = record(base, "harbor")
    page.goto(f"{base}/doc/harbor")
    assert page.locator("h1.headline").inner_text() == "Harbor Board Delays Vote on Dredging Contract"
    assert page.locator("li.attr").count() == len(rec["attributions"])
    colors: dict[str, set[str]] = {}
    for a in rec["attributions"]:
        got = page.evaluate(_MARK_COLORS, a["id"])
        for role in ("content", "source", "cue"):
            if a[role] is not None:
                assert got[role], f"{a['id']} has a {role} but no {role} mark"
        colors.setdefault(_speaker(a), set()).update(got["content"])
    speakers = {s: c for s, c in colors.items() if c}
    assert len(speakers) >= 2, f"want quotes of at least two speakers (Arlen, Brandt), got {colors}"
    for s, c in speakers.items():
        assert len(c) == 1, f"speaker {s} drawn in several colors {c}"
    assert len({next(iter(c)) for c in speakers.values()}) == len(speakers), "two speakers share a color"
    assert all(c != "rgba(0, 0, 0, 0)" for cs in speakers.values() for c in cs)

    # Furniture is dimmed and labelled; numbers and times carry their normalized value.
    furniture = page.locator(".line.dim", has_text="Share this article")
    assert furniture.locator(".label").inner_text().lower() == "boilerplate"
    assert page.locator(".m-qty", has_text="$40 million").get_attribute("title").startswith("money: 40,000,000")
    assert "2024-03-05" in page.locator(".m-time", has_text="Tuesday").get_attribute("title")


def test_hover_and_click_show_an_attributions_details(base: str, page: Any) -> None:
    rec = record(base, "harbor")
    a = rec["attributions"][0]
    page.goto(f"{base}/doc/harbor")
    mark = page.locator(f'#text .m-content[data-a~="{a["id"]}"]').first
    mark.hover()
    assert "hot" in (page.locator(f"#side-{a['id']}").get_attribute("class") or "")
    mark.click()
    pop = page.locator("#popover")
    assert pop.is_visible()
    details = pop.inner_text()
    for word in ("kind", a["kind"], "speaker", "addressee", "hedged", "confidence", f"{a['confidence']:.2f}"):
        assert word in details
    page.keyboard.press("Escape")
    assert not pop.is_visible()


def test_click_through_to_a_speaker_and_back_into_the_article(base: str, page: Any) -> None:
    page.goto(f"{base}/doc/harbor")
    page.locator("li.attr a.who", has_text="Dov Arlen").first.click()
    page.wait_for_url(re.compile(r"/speaker/person%3Adov%20arlen$"))
    assert page.locator("h1.entity-name").inner_text() == "Dov Arlen"
    names = page.locator("ul.names .name").all_inner_texts()
    assert "Dov Arlen" in names and "Arlen" in names
    # He is quoted in both articles: the timeline has both dates, oldest first; the second article
    # (published 2024-03-12) says he spoke "on Monday", and that is the day it stands on.
    dates = page.locator("ol.timeline-list .date").all_inner_texts()
    assert dates == ["2024-03-06", "2024-03-11"]
    assert page.locator("svg.timeline circle").count() == 2
    quotes = page.locator("ol.quotes li.quote")
    assert quotes.count() >= 2
    link = quotes.filter(has_text="I have done nothing wrong").locator("a.said")
    link.click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{64}#attr-a\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{anchor}").count() == 1
    assert page.locator("h1.headline").inner_text() == "Port Chief Says Audit Will Clear Him"


def test_search_box_finds_quotes_and_documents(base: str, page: Any) -> None:
    page.goto(base + "/")
    assert page.locator('[data-count="documents"] b').inner_text() == "3"
    page.fill('input[name="q"]', "audit")
    page.press('input[name="q"]', "Enter")
    page.wait_for_selector("#results")
    assert page.locator("li.doc-hit").count() == 2
    hit = page.locator("li.quote-hit", has_text="until the audit is finished")
    assert hit.locator(".who").inner_text() == "Dov Arlen"
    hit.locator("a.said").click()
    page.wait_for_url(re.compile(r"#attr-a\d+$"))
    assert page.locator("h1.headline").inner_text().startswith("Harbor Board")


def test_the_confidence_select_hides_the_less_sure_attributions_and_show_all_brings_them_back(
        base: str, page: Any) -> None:
    confidences = [a["confidence"] for a in record(base, "harbor")["attributions"]]
    floor = 0.9
    kept, hidden = sum(c >= floor for c in confidences), sum(c < floor for c in confidences)
    assert kept and hidden, f"the floor should fall among this article's confidences {confidences}"
    page.goto(f"{base}/doc/harbor")
    assert page.locator("li.attr").count() == len(confidences)
    page.select_option('form.floor select[name="min_confidence"]', "0.9")
    page.locator("form.floor button").click()
    page.wait_for_url(re.compile(r"min_confidence=0\.9"))
    assert page.locator("li.attr").count() == kept
    assert page.locator(".hidden-note").inner_text().startswith(f"{hidden} statement")
    page.locator("a.show-all").click()
    page.wait_for_url(re.compile(r"min_confidence=0$"))
    assert page.locator("li.attr").count() == len(confidences)


def test_hostile_article_is_shown_as_text(base: str, page: Any) -> None:
    page.goto(f"{base}/doc/hostile")
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#text script, #text img, h1 script, aside script, aside img").count() == 0
    assert "<script>window.pwned = 1</script>" in page.locator("h1.headline").inner_text()
    text = page.locator("#text").inner_text()
    assert '<img src=x onerror="window.pwned = 2">' in text and "Ask anyone & you'll" in text
    # The speaker page and a search for the payload are safe too.
    page.goto(f"{base}/?q=" + urllib.parse.quote('<img src=x onerror="window.pwned = 3">'))
    assert page.evaluate("() => window.pwned") is None
    assert page.locator('input[name="q"]').input_value() == '<img src=x onerror="window.pwned = 3">'


def test_screenshot_of_a_document(base: str, page: Any) -> None:
    page.goto(f"{base}/doc/harbor")
    page.locator("#text .m-content").first.click()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.fixture(scope="module")
def trail_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_trails import COLUMN, COPY, WIRE

    db = tmp_path_factory.mktemp("trail") / "corpus.db"
    outcomes = list(process_many([Input("wire", WIRE, "2024-05-14"), Input("copy", COPY, "2024-05-15"),
                                  Input("column", COLUMN, "2024-05-20")]))
    assert not [o for o in outcomes if isinstance(o, Failure)]
    with Store.open(db) as store:
        store.add(outcomes)
    with live_viewer(db) as url:
        yield url


def test_a_quote_links_to_its_trail_and_the_trail_marks_the_changed_word(trail_base: str, page: Any) -> None:
    page.goto(f"{trail_base}/doc/column")
    link = page.locator("li.attr a.trail-link")
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/trail/\d+$"))
    assert "We will not reopen the harbour" in page.locator("h1.trail-title").inner_text()
    assert "3 appearances in 2 independent stories" in page.locator("section.trail p.muted").first.inner_text()
    assert "first printed 2024-05-14" in page.locator("section.trail p.muted").first.inner_text()
    # Three appearances on the timeline, oldest first; the column's is flagged.
    assert page.locator("svg.timeline circle").count() == 3
    assert page.locator("ol.appearances .date").all_inner_texts() == ["2024-05-14", "2024-05-15", "2024-05-20"]
    assert page.locator("li.appearance.altered").count() == 1
    # Two wordings side by side: the reference, then the altered one with its change marked.
    wordings = page.locator("li.wording")
    assert wordings.count() == 2
    altered = page.locator("li.wording.altered")
    assert altered.locator("del").all_inner_texts() == ["inspected"]
    assert altered.locator("ins").all_inner_texts() == ["checked"]
    assert page.locator("li.wording").first.locator("del, ins").count() == 0
    # Each appearance opens its document at the quote.
    page.locator("li.appearance a.said").first.click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{64}#attr-a\d+$"))
    assert page.locator("h1.headline").inner_text() == "Harbour to Stay Shut After Storm Damage"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{trail_base}/api/trails/987654", timeout=10)
    assert e.value.code == 404 and "no trail 987654" in e.value.read().decode()
    with urllib.request.urlopen(f"{trail_base}/api/trails?altered=true", timeout=10) as r:
        (row,) = json.loads(r.read())["items"]
    assert row["appearances"] == 3 and row["href"] == f"/trail/{row['trail']}"
    with urllib.request.urlopen(f"{trail_base}/api/trails/{row['trail']}", timeout=10) as r:
        apps = json.loads(r.read())["items"]
    assert [a["altered"] for a in apps] == [False, False, True]
    assert apps[2]["diff"] == [["replace", "inspected", "checked"]] and apps[2]["href"].startswith("/doc/")


def test_pages_fit_a_narrow_screen(trail_base: str, page: Any) -> None:
    page.set_viewport_size({"width": 400, "height": 800})
    for path in ("/", "/doc/column", "/trail/1", "/speaker/person%3Alena%20ostrova"):
        page.goto(trail_base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, path
