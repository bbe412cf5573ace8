"""The MEANTIME check of the quantities stage: the share of gold VALUE markables found with the right kind.

MEANTIME (NewsReader; Minard et al. 2016) annotates 120 English Wikinews
articles, each given as its tokens (``<token t_id sentence>``), with VALUE
markables typed QUANTITY, MONEY or PERCENT (418 of them, all in the first
six sentences or so of each article). We rebuild an article's text from its
tokens, run the whole onrecord pipeline on it (with the document's creation
time as publication date), and count a gold markable as found when a
predicted quantity overlaps it and has the kind that corresponds to its type:

    QUANTITY -> count or measure,  MONEY -> money,  PERCENT -> percent

This is a recall figure, as the issue asks for ("find >= 90% of them with
the right kind"). MEANTIME does not mark every number (dates are TIMEX3, and
some counts are left out), so predictions that overlap no VALUE are only
reported as an indication of over-generation, not scored.

Text reconstruction. The XML keeps no whitespace, so tokens are joined with
one space, except that no space goes before closing punctuation (``,`` ``.``
``)`` ``%`` ``'s`` ...) and none after opening punctuation and currency
symbols (``(`` ``$`` ``US$``). The PTB quote tokens ``````/``''`` become
``"``, and ``#`` becomes ``£``: the corpus lost the pound sign in conversion
(all 11 ``#`` tokens stand before a pound amount, e.g. "GB # 20.1 billion"),
so this gives back the article's own text rather than the converter's. The
headline (sentence 0) is the first line and the date line (sentence 1, when
the creation time is anchored there) the second, each followed by a blank
line, as in a scraped Wikinews page; the body sentences follow as one
paragraph.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Record
from ..pipeline import STAGES, Failure, _run_batch
from ..stages import quantities
from ..state import DEFAULT_MODEL, Input, Options, State

log = logging.getLogger(__name__)

#: Gold VALUE type -> the quantity kinds that count as right for it.
RIGHT_KINDS: dict[str, frozenset[str]] = {
    "QUANTITY": frozenset({"count", "measure"}),
    "MONEY": frozenset({"money"}),
    "PERCENT": frozenset({"percent"}),
}

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re", "'ve",
                              "'ll", "'d", "'m", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "$", "£", "€", "¥", "#"})
_TOKEN_TEXT = {"``": '"', "''": '"', "#": "£", "-LRB-": "(", "-RRB-": ")"}


@dataclass(frozen=True, slots=True)
class Gold:
    """One VALUE markable: character offsets in the rebuilt text and its MEANTIME type."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A MEANTIME article rebuilt as text, with its gold VALUE markables."""

    id: str
    text: str
    published: str | None
    gold: tuple[Gold, ...]
    annotated_end: int  # end of the last sentence holding any markable: the annotated part


def _joins(prev: str | None, tok: str) -> bool:
    """Whether ``tok`` is written against ``prev`` with no space between them."""
    if prev is None:
        return True
    return tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER or prev.endswith("$")


def read_document(path: Path) -> Document:
    """Rebuild one MEANTIME XML file as text and gold markables (see the module docstring)."""
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")]
    markables = root.find("Markables")
    creation: str | None = None
    creation_tids: set[str] = set()
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            value = tx.get("value") or ""
            creation = value[:10] if len(value) >= 10 and value[4] == "-" else None
            creation_tids = {a.get("t_id", "") for a in tx.iter("token_anchor")}
    date_sentence = {s for tid, s, _ in tokens if tid in creation_tids}
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_end: dict[int, int] = {}
    pos = 0
    prev: str | None = None
    prev_sentence = 0
    for tid, sent, raw in tokens:
        if sent != prev_sentence and prev is not None and (prev_sentence == 0 or prev_sentence in date_sentence):
            parts.append("\n\n")  # the headline and the date line stand on lines of their own
            pos += 2
            prev = None
        tok = _TOKEN_TEXT.get(raw, raw)
        if not _joins(prev, raw):
            parts.append(" ")
            pos += 1
        offsets[tid] = (pos, pos + len(tok))
        parts.append(tok)
        pos += len(tok)
        sentence_end[sent] = pos
        prev, prev_sentence = raw, sent
    text = "".join(parts)
    sentence_of = {tid: s for tid, s, _ in tokens}
    gold: list[Gold] = []
    last_sentence = 0
    for m in (markables if markables is not None else root).iter():
        tids = [a.get("t_id", "") for a in m.iter("token_anchor") if a.get("t_id", "") in offsets]
        if not tids:
            continue
        last_sentence = max(last_sentence, max(sentence_of[t] for t in tids))
        if m.tag == "VALUE":
            s = min(offsets[t][0] for t in tids)
            e = max(offsets[t][1] for t in tids)
            gold.append(Gold(s, e, m.get("type", ""), text[s:e]))
    return Document(path.stem, text, creation, tuple(gold), sentence_end.get(last_sentence, len(text)))


def read_corpus(meantime_dir: str | Path) -> list[Document]:
    """Every article under ``meantime_dir`` (the folder holding the corpus_* folders, or any folder above it)."""
    paths = sorted(Path(meantime_dir).rglob("*.xml"))
    # The release holds each article twice, with document-level and with cross-document annotation; their VALUE
    # markables are the same (418 in each), so one copy is read.
    intra = [p for p in paths if "intra-doc_annotation" in p.parts]
    paths = intra or paths
    if not paths:
        raise UsageError(f"no MEANTIME .xml files under {meantime_dir}; pass the meantime-en folder of the shared data")
    return [read_document(p) for p in paths]


def score(documents: Sequence[Document], records: Sequence[Record]) -> dict[str, Any]:
    """Recall of the gold VALUE markables with the right kind, by type and overall.

    ``records[i]`` is the pipeline's record for ``documents[i]``. Besides the
    figures, the result lists the misses (for error analysis) and counts the
    predictions inside the annotated part that overlap neither a VALUE nor a
    TIMEX3-free region (``unmatched``: an indication of over-generation only).
    """
    gold_n: Counter[str] = Counter()
    found: Counter[str] = Counter()
    overlap_any: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    unmatched = 0
    predicted = 0
    for doc, rec in zip(documents, records, strict=True):
        qs = [(q.span.start, q.span.end, q.kind) for q in rec.quantities]
        for g in doc.gold:
            gold_n[g.type] += 1
            hits = [k for s, e, k in qs if s < g.end and g.start < e]
            if hits:
                overlap_any[g.type] += 1
            if any(k in RIGHT_KINDS.get(g.type, ()) for k in hits):
                found[g.type] += 1
            else:
                misses.append({"doc": doc.id, "type": g.type, "text": g.text, "predicted": hits,
                               "context": doc.text[max(0, g.start - 40):g.end + 40].replace("\n", " ")})
        for s, e, _ in qs:
            if e <= doc.annotated_end:
                predicted += 1
                if not any(s < g.end and g.start < e for g in doc.gold):
                    unmatched += 1
    by_type = {
        t: {"gold": gold_n[t], "found": found[t], "overlap_any_kind": overlap_any[t],
            "recall": found[t] / gold_n[t] if gold_n[t] else 0.0}
        for t in sorted(gold_n)
    }
    total, hit = sum(gold_n.values()), sum(found.values())
    return {
        "documents": len(documents),
        "gold": total,
        "found": hit,
        "recall": hit / total if total else 0.0,
        "overlap_any_kind": sum(overlap_any.values()),
        "by_type": by_type,
        "predicted_in_annotated_part": predicted,
        "unmatched_in_annotated_part": unmatched,
        "misses": misses,
    }


def run_pipeline(documents: Iterable[Document], *, model: str = DEFAULT_MODEL) -> list[Record]:
    """The onrecord record of each document, in order, with its quantities.

    The pipeline's stages run in order up to ``nlp``, then the quantities stage: the stages between
    (entities, attributions) add nothing the quantities stage reads, so its output is what the whole
    pipeline gives, and a failure elsewhere cannot move this figure. A document the pipeline fails
    on gets an empty record (and a warning in the log), which counts its markables as missed.
    """
    docs = list(documents)
    options = Options(model=model)
    names = [st.NAME for st in STAGES]
    stages = [*STAGES[:names.index("nlp") + 1], quantities]
    states: list[State | Failure] = [State(Input(d.id, d.text, d.published)) for d in docs]
    for stage in stages:
        live = [s for s in states if isinstance(s, State)]
        out = iter(_run_batch(stage, live, options))
        states = [next(out) if isinstance(s, State) else s for s in states]
    records = []
    for doc, st in zip(docs, states):
        if isinstance(st, Failure) or st.record is None:
            log.warning("pipeline failed on %s: %s", doc.id, st)
            records.append(Record(id=doc.id, text=doc.text))
        else:
            records.append(st.record)
    return records


def evaluate(meantime_dir: str | Path, *, model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Run the pipeline on every MEANTIME article under ``meantime_dir`` and score its quantities."""
    documents = read_corpus(meantime_dir)
    return score(documents, run_pipeline(documents, model=model))


def format_table(result: dict[str, Any]) -> str:
    """The figures of :func:`evaluate` as a small plain-text table."""
    rows = [f"{'type':<10}{'gold':>6}{'found':>7}{'recall':>9}{'any kind':>10}"]
    for t, r in result["by_type"].items():
        rows.append(f"{t:<10}{r['gold']:>6}{r['found']:>7}{r['recall']:>9.1%}{r['overlap_any_kind']:>10}")
    rows.append(f"{'all':<10}{result['gold']:>6}{result['found']:>7}{result['recall']:>9.1%}"
                f"{result['overlap_any_kind']:>10}")
    rows.append(f"documents: {result['documents']}; predictions in the annotated part: "
                f"{result['predicted_in_annotated_part']}, overlapping no VALUE: "
                f"{result['unmatched_in_annotated_part']}")
    return "\n".join(rows)
