"""Evaluation gate for layout and meta: the figures on the shared data must not fall below the
floors reached (see onrecord.evaluation.layout for how each is measured). Layout and meta need no
spaCy, so this runs in seconds; the floors sit a little under the measured figures, so that a
change that loses ground fails here rather than in a later evaluation.
"""

from __future__ import annotations

from pathlib import Path

from onrecord.evaluation.layout import evaluate_body, evaluate_meta, evaluate_retention

# Measured: body F1 0.939 (P 0.952, R 0.927; halves 0.939 and 0.939), each page on its own (no batch
# evidence), on the 121 article-extraction pages; PolNeAR
# headlines 100%, authors 90.4% (122) of the 135 articles whose text names the author, an author given
# for 9 of the 789 that do not (mostly Reuters stories whose notes credit reporters); body retention
# 99.6% (PolNeAR), 99.8% (BBC), 99.3% (TimeBank/AQUAINT; 99.85% body or headline).
BODY_F1 = 0.937  # 0.940 when pinned (2026-12-05)
BODY_HALF_F1 = 0.93
HEADLINE = 0.99
AUTHOR = 0.896  # one article under 122/135
AUTHOR_GUESSES = 0.02  # share of articles not naming their author that get one anyway
RETENTION = 0.99


def test_body_f1_on_article_extraction(shared: Path) -> None:
    r = evaluate_body(shared)
    assert r["predicted"] == r["docs"] == 121
    assert r["f1"] >= BODY_F1, r
    assert r["even"]["f1"] >= BODY_HALF_F1 and r["odd"]["f1"] >= BODY_HALF_F1, r


def test_headline_and_author_on_polnear(shared: Path) -> None:
    r = evaluate_meta(shared)
    assert r["articles"] == 924
    assert r["headline_accuracy"] >= HEADLINE, r["misses"][:10]
    assert r["author_accuracy"] >= AUTHOR, [m for m in r["misses"] if m["what"] == "author"]
    assert r["unnamed_with_author"] <= AUTHOR_GUESSES * r["unnamed_articles"]


def test_article_text_stays_body(shared: Path) -> None:
    r = evaluate_retention(shared)
    assert r["polnear"]["body_share"] >= RETENTION, r["polnear"]
    # 48 of 63,278 gold Source/Cue/Content spans start on a non-body line (0.08%): three are in an
    # op-ed's closing author note ("Rep. X, D-Ariz., was an early backer of ..."), labelled byline.
    assert r["polnear"]["gold_spans_outside"] <= 0.002 * r["polnear"]["gold_spans"], r["polnear"]
    assert r["bbc"]["body_share"] >= RETENTION, r["bbc"]
    assert r["tbaq"]["body_or_headline_share"] >= RETENTION, r["tbaq"]
