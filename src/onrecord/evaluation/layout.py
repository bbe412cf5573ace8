"""Checks of the layout and meta stages on the shared data; ``onrecord eval body|meta`` prints them.

**Body** (:func:`evaluate_body`). The public article-extraction benchmark: 121 real pages given
as their whole visible text (``plain-text.json``, as a scraper that keeps every line gives it)
and the true article body of each (``ground-truth.json``). Layout runs on each page's text alone
(a record never depends on the other documents of its batch, and no boilerplate file is given)
and the body it builds is scored exactly as ``../shared/eval/score_body.py`` scores it: word
tokens (``\\w+``), 4-token shingles, per-document true/false positives and false negatives over
the shingle multisets normalized to sum to one, precision and recall averaged over documents,
F1 from the two averages. The figures are also given on the two halves of the pages (keys whose
first hex digit is even / odd), which tells a rule that generalizes from one fitted to a page.

**Meta** (:func:`evaluate_meta`). PolNeAR's ``metadata.tsv`` (train and dev: 924 articles; the
texts are ``polnear/{train,dev}/text/<filename>.txt``, line 1 the headline):

* headline: right when the predicted headline equals the gold title once spaces are collapsed
  and a final full stop is dropped (PolNeAR's texts add one to every title: "... Bad Optics." for
  "... Bad Optics", also inside a closing quote or bracket: "... in Their Heads.’");
* author: the gold ``author`` field is cut into names at commas, "and" and "&", leaving out the
  parts that name the publisher ("Heidi M. Przybyla, USA TODAY"); an article counts when its text
  contains at least one of those names (as words, case ignored). Its author is right when the set
  of predicted author names equals the set of gold names found in the text (case, spacing and
  punctuation ignored). Also reported: how often an author is predicted for articles whose
  text does not name the gold author (where any prediction is a guess at best);
* body retention (:func:`evaluate_retention`): the share of the non-headline characters of the
  PolNeAR texts (and other clean-article sets) that layout labels body, since only headline and
  body lines reach the parser and the attribution stage.

Layout and meta need no spaCy: the stage functions are called on the text directly.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Line
from ..stages import layout, meta

TOKEN = re.compile(r"\w+")


# ------------------------------------------------------------------ body


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text`` (score_body.py's ``shingles``)."""
    toks = TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def doc_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one document, normalized to sum to one (score_body.py's ``doc_counts``)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score_bodies(gold: dict[str, str], pred: dict[str, str]) -> dict[str, Any]:
    """score_body.py's ``score``: F1 from averaged precision and recall, exact matches, counts."""
    counts = [doc_counts(gold[k], pred.get(k, "")) for k in sorted(gold)]
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    exact = sum(TOKEN.findall(gold[k]) == TOKEN.findall(pred.get(k, "")) for k in gold)
    return {"f1": round(f, 3), "precision": round(p, 3), "recall": round(r, 3),
            "exact": exact, "docs": len(gold), "predicted": sum(k in pred for k in gold)}


def layout_texts(texts: Sequence[str], *, repeated: frozenset[str] = frozenset()) -> list[tuple[Line, ...]]:
    """The lines of each text as the pipeline's layout stage labels them: each text on its own,
    with ``repeated`` (learnt furniture lines) as the only evidence from outside it."""
    return [layout.label_lines(t, repeated=repeated) for t in texts]


def _data(shared: Path | str, *parts: str) -> Path:
    path = Path(shared).joinpath("data", *parts)
    if not path.exists():
        raise UsageError(f"{path} not found: pass the shared folder that holds data/{'/'.join(parts)}")
    return path


def predict_bodies(shared: Path | str) -> dict[str, str]:
    """Each article-extraction page's body as layout builds it, by page key."""
    pages = json.loads(_data(shared, "article-extraction", "plain-text.json").read_text("utf-8"))
    keys = sorted(pages)
    texts = [pages[k] for k in keys]
    lines = layout_texts(texts)
    return {k: layout.build_body(t, ls) for k, t, ls in zip(keys, texts, lines)}


def evaluate_body(shared: Path | str) -> dict[str, Any]:
    """Body F1, precision and recall on the article-extraction pages (all, and each half),
    with the CPU time layout took per page."""
    gt = json.loads(_data(shared, "article-extraction", "ground-truth.json").read_text("utf-8"))
    gold = {k: v.get("articleBody", "") for k, v in gt.items()}
    t0 = time.process_time()
    pred = predict_bodies(shared)
    seconds = time.process_time() - t0
    out = score_bodies(gold, pred)
    for name, parity in (("even", 0), ("odd", 1)):
        half = {k: v for k, v in gold.items() if int(k[0], 16) % 2 == parity}
        out[name] = score_bodies(half, pred)
    out["ms_per_doc"] = round(1000 * seconds / max(1, len(pred)), 2)
    out["predictions"] = pred
    return out


def format_body(result: dict[str, Any]) -> str:
    """The body result as score_body.py prints it, and the halves and timing under it."""
    lines = [(f"F1 {result['f1']:.3f}  P {result['precision']:.3f}  R {result['recall']:.3f}  "
             f"exact {result['exact']}/{result['docs']}  predicted {result['predicted']}/{result['docs']}")]
    for name in ("even", "odd"):
        if name in result:
            h = result[name]
            lines.append(f"  {name} half: F1 {h['f1']:.3f}  P {h['precision']:.3f}  R {h['recall']:.3f}  ({h['docs']} pages)")
    if "ms_per_doc" in result:
        lines.append(f"  layout: {result['ms_per_doc']:.2f} ms per page")
    return "\n".join(lines)


def write_predictions(pred: dict[str, str], path: Path | str) -> None:
    """The bodies as JSON Lines of ``{"id", "body"}``, the form score_body.py reads."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": k, "body": pred[k]}, ensure_ascii=False) + "\n" for k in sorted(pred))


# ------------------------------------------------------------------ meta

_FINAL_STOP = re.compile(r"\.([’'\"”)\]]*)$")
_NORM = re.compile(r"[\W_]+")


def norm_title(s: str) -> str:
    """A title for comparison: spaces collapsed, a final full stop dropped (also before a closing
    quote or bracket: PolNeAR adds one to every title)."""
    s = " ".join(s.split())
    return _FINAL_STOP.sub(r"\1", s)


def norm_name(s: str) -> str:
    """A name for comparison: case, spacing and punctuation ignored."""
    return _NORM.sub(" ", s.casefold()).strip()


def gold_names(author: str, publisher: str) -> list[str]:
    """The names in a metadata.tsv ``author`` field, without parts naming the publisher."""
    if not author or author.strip() in ("None", "NA"):
        return []
    pub = norm_name(publisher.replace("-", " "))
    out: list[str] = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", author):
        part = part.strip()
        if not part or norm_name(part) == pub or norm_name(part).replace(" ", "") == pub.replace(" ", ""):
            continue
        if norm_name(part) and norm_name(part) not in (norm_name(x) for x in out):
            out.append(part)
    return out


def names_in_text(names: Iterable[str], text: str) -> list[str]:
    """Those of ``names`` that the text contains as words, case ignored."""
    low = text.casefold()
    out: list[str] = []
    for name in names:
        rx = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.casefold().split()) + r"(?!\w)"
        if re.search(rx, low):
            out.append(name)
    return out


def _read_metadata(shared: Path | str, splits: Sequence[str]) -> list[dict[str, str]]:
    path = _data(shared, "polnear", "metadata.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r for r in rows if r["compartment"] in splits]


def evaluate_meta(shared: Path | str, *, splits: Sequence[str] = ("train", "dev")) -> dict[str, Any]:
    """Headline and author accuracy on PolNeAR (see the module docstring), and the time the
    layout and meta stages took per article."""
    rows = _read_metadata(shared, splits)
    texts = [_data(shared, "polnear", r["compartment"], "text", r["filename"] + ".txt").read_text("utf-8")
             for r in rows]
    t0 = time.process_time()
    all_lines = layout_texts(texts)
    metas = [meta.extract_meta(t, ls) for t, ls in zip(texts, all_lines)]
    seconds = time.process_time() - t0
    head_ok = 0
    named = author_ok = guessed = unnamed = 0
    misses: list[dict[str, Any]] = []
    for r, t, m in zip(rows, texts, metas):
        pred_head = m.headline.text if m.headline else ""
        if norm_title(pred_head) == norm_title(r["title"]):
            head_ok += 1
        else:
            misses.append({"id": r["filename"], "what": "headline", "gold": r["title"], "pred": pred_head})
        pred = {norm_name(a.name.text) for a in m.authors}
        gold_in = names_in_text(gold_names(r["author"], r["publisher"]), t)
        if gold_in:
            named += 1
            if pred == {norm_name(x) for x in gold_in}:
                author_ok += 1
            else:
                misses.append({"id": r["filename"], "what": "author", "gold": gold_in,
                               "pred": [a.name.text for a in m.authors]})
        else:
            unnamed += 1
            guessed += bool(pred)
    n = len(rows)
    return {
        "articles": n, "headline_ok": head_ok, "headline_accuracy": round(head_ok / n, 4) if n else 0.0,
        "author_articles": named, "author_ok": author_ok,
        "author_accuracy": round(author_ok / named, 4) if named else 0.0,
        "unnamed_articles": unnamed, "unnamed_with_author": guessed,
        "ms_per_doc": round(1000 * seconds / max(1, n), 2), "misses": misses,
    }


def format_meta(result: dict[str, Any]) -> str:
    """The meta result in a few lines."""
    return "\n".join([
        f"headline {result['headline_accuracy']:.2%}  ({result['headline_ok']}/{result['articles']} articles)",
        (f"author   {result['author_accuracy']:.2%}  ({result['author_ok']}/{result['author_articles']} articles "
        f"whose text names the gold author)"),
        (f"         an author given for {result['unnamed_with_author']}/{result['unnamed_articles']} articles "
        f"whose text does not name the gold author"),
        f"layout+meta: {result['ms_per_doc']:.2f} ms per article",
    ])


# ------------------------------------------------------------------ retention


def retention(texts: Sequence[str], *, headline_first: bool = True) -> dict[str, Any]:
    """The share of article characters (non-space) that layout labels body, and where the rest
    went. With ``headline_first`` the texts' first line is their headline and is left out (as
    are the lines layout joins to it)."""
    kept = total = 0
    lost: Counter[str] = Counter()
    for t, lines in zip(texts, layout_texts(texts)):
        first = True
        for ln in lines:
            seg = t[ln.start:ln.end]
            n = len("".join(seg.split()))
            if not n:
                continue
            if headline_first and (first or ln.kind == "headline" and t.count("\n", 0, ln.start) == 1):
                first = False
                continue
            first = False
            total += n
            if ln.kind == "body":
                kept += n
            else:
                lost[ln.kind] += n
    return {"chars": total, "body_share": round(kept / total, 4) if total else 1.0, "lost": dict(lost)}


def evaluate_retention(shared: Path | str) -> dict[str, Any]:
    """Body retention on clean article sets: PolNeAR (train+dev) and BBC News (line 1 the headline),
    TimeBank/AQUAINT (no headline; a first line taken as headline still reaches the parser, so
    its share of body or headline is given too)."""
    out: dict[str, Any] = {}
    pol = sorted(_data(shared, "polnear").glob("*/text/*.txt"))
    pol_texts = [p.read_text("utf-8") for p in pol]
    out["polnear"] = retention(pol_texts)
    out["polnear"].update(_gold_spans_kept(pol, pol_texts))
    bbc = sorted(_data(shared, "bbc-news").glob("*/*.txt"))
    out["bbc"] = retention([p.read_bytes().decode("utf-8", "replace") for p in bbc])
    tb = [json.loads(x)["text"] for x in _data(shared, "tempeval3", "tbaq.jsonl").read_text("utf-8").splitlines()
          if x.strip()]
    r = retention(tb, headline_first=False)
    r["body_or_headline_share"] = round(r["body_share"] + r["lost"].get("headline", 0) / max(1, r["chars"]), 4)
    out["tbaq"] = r
    return out


def _gold_spans_kept(paths: Sequence[Path], texts: Sequence[str]) -> dict[str, Any]:
    """How many PolNeAR gold attribution spans (Source, Cue, Content of the first annotation file
    of each article, by name) start on a line that is not headline or body, and so never reach
    the parser."""
    total = lost = 0
    for path, text, lines in zip(paths, texts, layout_texts(texts)):
        anns = sorted(path.parent.parent.joinpath("attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        starts = [ln.start for ln in lines]
        for row in anns[0].read_text("utf-8").splitlines():
            cols = row.split("\t")
            if not row.startswith("T") or len(cols) < 3:
                continue
            label, where = cols[1].split(" ", 1)
            if label not in ("Source", "Cue", "Content"):
                continue
            at = int(where.split()[0])
            total += 1
            if lines[bisect.bisect_right(starts, at) - 1].kind not in ("headline", "body"):
                lost += 1
    return {"gold_spans": total, "gold_spans_outside": lost}


def format_retention(result: dict[str, Any]) -> str:
    rows = []
    for name, r in result.items():
        extra = f", body or headline {r['body_or_headline_share']:.2%}" if "body_or_headline_share" in r else ""
        if "gold_spans" in r:
            extra += (f"; gold attribution spans starting outside headline/body lines: "
                      f"{r['gold_spans_outside']}/{r['gold_spans']}")
        rows.append(f"{name}: body {r['body_share']:.2%} of {r['chars']} characters{extra}; elsewhere {r['lost']}")
    return "\n".join(rows)


__all__ = [
    "doc_counts", "evaluate_body", "evaluate_meta", "evaluate_retention", "format_body", "format_meta",
    "format_retention", "gold_names", "names_in_text", "norm_name", "norm_title", "predict_bodies",
    "retention", "score_bodies", "shingles", "write_predictions",
]
