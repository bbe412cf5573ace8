"""The attributions stage's training examples, drawn from a parsed PolNeAR split and its gold
relations: cue examples (every token of a cue part of speech), role examples (every candidate
part of a gold relation's cue head), the relation model's (the drafts of cue and role models
trained without the document's fold) and the trim model's (the trailing parts of the drafts'
contents). ``scripts/train_attributions.py`` fits and writes the models from them."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from ..evaluation.attributions import prediction_row, relation_matches, span_chars
from ..model import Attribution
from ..stages.attributions.assembly import extract_with_drafts
from ..stages.attributions.cues import CUE_THRESHOLD
from ..stages.attributions.draft import Draft
from ..stages.attributions.features import (
    DocView,
    candidate_features,
    cue_features,
    is_cue_candidate,
    quote_mask,
    trailing_parts,
    trim_features,
)
from ..stages.attributions.frames import Candidate, label_parts
from ..stages.attributions.models import ROLES, LinearModel, Models
from ..stages.attributions.quotes import extract_quotes
from .linear import Example, train

log = logging.getLogger(__name__)

# The training defaults (the shipped file's), also those of scripts/oof_attributions.py.
EPOCHS = 6
MIN_COUNT = 5
L2 = 1e-4
FOLDS = 4


def _gold_tokens(paras: Sequence[Any], frags: list[dict[str, int]] | None) -> dict[int, set[int]]:
    """id(doc) -> indices of the tokens a gold span's fragments overlap."""
    out: dict[int, set[int]] = defaultdict(set)
    if not frags:
        return out
    for p in paras:
        for f in frags:
            if f["end"] <= p.start or f["start"] >= p.end:
                continue
            for t in p.doc:
                s = p.start + t.idx
                if s < f["end"] and f["start"] < s + len(t.text):
                    out[id(p.doc)].add(t.i)
    return out


def _top(doc: Any, ids: set[int]) -> Any:
    """The token of ``ids`` highest in the parse tree (the first one on ties)."""
    def depth(t: Any) -> int:
        d = 0
        while t.head.i != t.i:
            t = t.head
            d += 1
        return d
    return min((doc[i] for i in ids), key=lambda t: (depth(t), t.i))


def _gold_role(cand: Candidate, doc: Any, gold: dict[str, set[int]]) -> str:
    if cand.kind == "child" and cand.token.i in gold["cue"]:
        return "cue"
    ids = [i for i in cand.tokens if not doc[i].is_punct] or list(cand.tokens)
    if not ids:
        return "none"
    best, frac = "none", 0.0
    for role in ("source", "content", "cue"):
        n = sum(1 for i in ids if i in gold[role])
        if n / len(ids) > frac:
            best, frac = role, n / len(ids)
    return best if frac >= 0.5 else "none"


def cue_head_lemmas(parsed: list[tuple[str, str, list[Any]]], gold: dict[str, Any]) -> list[str]:
    """The lemmas of the gold cue heads, sorted: the run-time filter for words other than verbs."""
    lemmas: set[str] = set()
    for doc_id, _text, paras in parsed:
        for rels in gold.get(doc_id, ("", []))[1]:
            for r in rels:
                toks = _gold_tokens(paras, r["cue"])
                for p in paras:
                    ids = toks.get(id(p.doc))
                    if ids:
                        lemmas.add(_top(p.doc, ids).lemma_.lower())
                        break
    return sorted(lemmas)


def examples(parsed: list[tuple[str, str, list[Any]]],
             gold: dict[str, Any], *, all_annotators: bool = True) -> tuple[list[Example], list[Example]]:
    """Cue examples (every token of a cue part of speech) and role examples (every candidate part
    of every gold relation whose cue head the parse finds)."""
    cue_ex: list[Example] = []
    role_ex: list[Example] = []
    role_idx = {r: k for k, r in enumerate(ROLES)}
    jobs: list[tuple[list[Any], list[dict[str, Any]]]] = []
    for doc_id, _text, paras in parsed:
        versions = gold.get(doc_id, ("", [[]]))[1]
        jobs.extend((paras, rels) for rels in (versions if all_annotators else versions[:1]))
    for paras, rels in jobs:
        heads: dict[tuple[int, int], dict[str, set[int]]] = {}
        for r in rels:
            toks = {role: _gold_tokens(paras, r[role]) for role in ("source", "cue", "content")}
            for p in paras:
                cue_ids = toks["cue"].get(id(p.doc))
                if cue_ids:
                    h = _top(p.doc, cue_ids)
                    heads[(id(p.doc), h.i)] = {role: toks[role].get(id(p.doc), set()) for role in toks}
                    break
        for p in paras:
            doc = p.doc
            view = DocView(doc)
            inq = quote_mask(view, extract_quotes(doc.text))
            for t in doc:
                if not is_cue_candidate(t.pos_, t.text):
                    continue
                g = heads.get((id(doc), t.i))
                cue_ex.append((cue_features(view, t.i, inq[t.i]), 1 if g is not None else 0))
                if g is None:
                    continue

                def label(cand: Candidate, g: dict[str, set[int]] = g, t: Any = t, doc: Any = doc,
                          inq: list[bool] = inq) -> str:
                    role = _gold_role(cand, doc, g)
                    role_ex.append((candidate_features(t, cand, inq), role_idx[role]))
                    return role
                for _ in label_parts(t, label):
                    pass
    return cue_ex, role_ex


def fold_models(parsed: list[tuple[str, str, list[Any]]], gold_versions: dict[str, Any], *, folds: int,
                epochs: int, l2: float, min_count: int) -> Iterator[tuple[list[tuple[str, str, list[Any]]], Models]]:
    """For each of ``folds`` folds of the split's documents (every ``folds``-th one), the documents
    held out and the cue and role models trained on the others (no relation or trim model)."""
    per_doc = {row[0]: examples([row], gold_versions) for row in parsed}
    for k in range(folds):
        held = [row for i, row in enumerate(parsed) if i % folds == k]
        rest = [row for i, row in enumerate(parsed) if i % folds != k]
        cue_ex = [e for row in rest for e in per_doc[row[0]][0]]
        role_ex = [e for row in rest for e in per_doc[row[0]][1]]
        yield held, Models(
            LinearModel(("no", "cue"), train(cue_ex, 2, epochs=epochs, lr=0.1, l2=l2, min_count=min_count)),
            LinearModel(ROLES, train(role_ex, len(ROLES), epochs=epochs, lr=0.1, l2=l2, min_count=min_count)),
            None, frozenset(cue_head_lemmas(rest, gold_versions)))


def relation_examples(parsed: list[tuple[str, str, list[Any]]], gold_versions: dict[str, Any],
                      gold_first: dict[str, Any], *, folds: int, epochs: int, l2: float,
                      min_count: int, draft_threshold: float) -> list[Example]:
    """The relation model's examples: every draft of cue and role models trained without the
    document's fold, labelled 1 when the reference scorer would match it to a gold relation."""
    out: list[Example] = []
    for k, (held, models) in enumerate(fold_models(parsed, gold_versions, folds=folds, epochs=epochs, l2=l2,
                                                   min_count=min_count)):
        hits = 0
        for doc_id, text, paras in held:
            gold = gold_first.get(doc_id, (text, []))[1]
            for att, draft in training_drafts(text, paras, models, threshold=draft_threshold):
                if not draft.features:
                    continue  # a cue introducing the next paragraph's quote: not judged
                ok = relation_matches(text, gold, prediction_row(att))
                hits += ok
                out.append((list(draft.features), int(ok)))
        log.info("fold %d: %d documents held out, %d drafts so far (%d right)", k + 1, len(held), len(out), hits)
    return out


def training_drafts(text: str, parsed: Sequence[Any], models: Models, *,
                    threshold: float = CUE_THRESHOLD) -> list[tuple[Attribution, Draft]]:
    """Each attribution the parse's drafts give, with its draft: the relation model's features and
    (:func:`draft_trailing`) the trailing parts of its content, which are labelled against the gold
    to train those models (run with ``models.relation`` or ``models.trim`` None, so that no draft
    is judged or trimmed). The page layout's attributions have no draft and are left out."""
    out, drafts = extract_with_drafts(text, parsed, (), threshold, models)
    return [(a, d) for a, d in zip(out, drafts, strict=True) if d is not None]


def draft_trailing(text: str, para: Any, d: Draft) -> list[tuple[int, int, tuple[str, ...]]]:
    """The trailing parts of a draft's content the trim model would be asked about, as (first
    token, last token, features): those the stage's trim step reads (``paragraph._trim_trailing``),
    for a draft made with no trim model, so that its content is whole. Parts inside quotation
    marks are never cut and never asked about."""
    doc = para.doc
    in_quote = quote_mask(DocView(doc), extract_quotes(para.text_in(text)))
    out = []
    for part in trailing_parts(doc, d.content, d.head):
        if in_quote[part.i]:
            continue
        feats = tuple(trim_features(doc, d.content, d.head, part, bool(d.quotes), in_quote))
        out.append((part.left_edge.i, part.right_edge.i, feats))
    return out


def trim_examples(parsed: list[tuple[str, str, list[Any]]], gold_first: dict[str, Any],
                  models: Models) -> list[Example]:
    """The trim model's examples: each trailing part of the content of a draft whose content overlaps
    a gold relation's (by a fifth at least: a content that runs on too long overlaps little), labelled
    1 (cut) when less than half of it lies in that gold content. Asking for half the overlap, as the
    scorer's partial match does, leaves out the contents that most need cutting: dev content/exact
    F1 59.9 with it, 60.3 with a fifth (a third: 60.1)."""
    out: list[Example] = []
    for doc_id, text, paras in parsed:
        golds = [span_chars(text, r["content"]) for r in gold_first.get(doc_id, (text, []))[1]]
        para_of = {id(p.doc): p for p in paras}
        for att, draft in training_drafts(text, paras, models):
            para = para_of[id(draft.head.doc)]
            trailing = draft_trailing(text, para, draft)
            if not trailing:
                continue
            mine = span_chars(text, prediction_row(att)["content"])
            if not mine:
                continue
            near = [g for g in golds if g and len(g & mine) / len(g | mine) >= 0.2]
            if not near:
                continue
            gold = max(near, key=lambda g: len(g & mine))
            doc = draft.head.doc
            for a, b, feats in trailing:
                part = span_chars(text, {"start": para.start + doc[a].idx,
                                         "end": para.start + doc[b].idx + len(doc[b].text)})
                if part:
                    out.append((list(feats), int(len(part & gold) < 0.5 * len(part))))
    log.info("%d trailing parts, %d of them outside the gold content", len(out), sum(y for _, y in out))
    return out
