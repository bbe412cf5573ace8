"""The drafts of one paragraph: cue heads, their parts, quotations taken whole, nested
attributions dropped, each draft judged whole by the relation model and its trailing parts
trimmed by the trim model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .cues import extract_cues
from .draft import Draft
from .features import DocView, relation_features, trailing_parts, trim_features
from .models import Models
from .parts import extract_parts
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Below this probability (the relation model's: that a draft is a relation PolNeAR annotates, with
# its source and content) a draft is dropped. The cue model alone kept cues above 0.4: judging whole
# drafts instead raised PolNeAR dev relation/partial F1 from 67.8 to 68.9, content/exact from 58.6
# to 59.6 (train, out of fold: +0.6 and +0.7 on its two halves). Set on dev: 0.25 to 0.35 are within
# 0.3 of each other; 0.3 keeps recall near where it was.
RELATION_THRESHOLD = 0.3
# A cue that introduces the next paragraph's quotation ("He said:") has no content for the relation
# model to judge where it is found: the cue model alone decides, at its own former threshold.
INTRODUCING_THRESHOLD = 0.4

# A cue with no source must be surer than this: 7% of PolNeAR's relations have none, and a doubtful
# cue that finds none is more often an action than a report (PolNeAR dev: relation/partial 67.4 ->
# 67.7, cue/exact 72.0 -> 72.4; train 71.9 -> 72.1; 0.5 to 0.8 alike).
SOURCELESS_THRESHOLD = 0.6


def _apply_quotes(draft: Draft, doc: Doc, quotes: Sequence[Quote]) -> None:
    """A content that reaches into a quotation takes all of it: the parse splits a quote of
    several sentences, the annotators never do (guidelines p. 22: everything within quotes)."""
    if not draft.content or not quotes:
        return
    chars = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in draft.content]
    lo, hi = min(s for s, _ in chars), max(e for _, e in chars)
    cue_lo = min(doc[i].idx for i in draft.cue)
    # A content that is nothing but an opening mark reaches into the quotation it opens: in 'Reyes
    # told the station: "Although the inspectors reported that the ferry was safe, ..."' the parse
    # hangs the quoted clause on "told" as a clause with a cue of its own ("reported", left to its
    # own attribution), and "told" keeps only the '"'.
    only_mark = all(doc[i].is_punct or doc[i].is_space for i in draft.content)
    for q in quotes:
        if q.single:
            continue
        reaches = q.inner_start < hi and lo < q.inner_end
        opens = only_mark and lo <= q.start < hi
        if (reaches or opens) and not (q.start <= cue_lo < q.end):
            draft.quotes.append(q)
    if not draft.quotes:
        return
    for q in draft.quotes:
        for t in doc.char_span(q.start, q.end, alignment_mode="expand") or ():
            if t.i not in draft.cue and (draft.source is None or t.i not in draft.source.tokens):
                draft.content.add(t.i)


def _drop_trailing_modifiers(draft: Draft, doc: Doc) -> None:
    """A quotation before the cue is the content; the words after the cue that are not quoted
    modify the cue, they are not more of what was said: '"...," Tester said of prospects for gun
    measures', '"...," McCain said, asked about the vagueness'. A clause after the cue stays
    ('"...," Rubio said: That Cruz is ...'), as does a content quoted on both sides ('"A," he said,
    "B."'). PolNeAR dev content/exact 60.7 -> 61.0, out of fold on train 58.6 -> 58.9 (before the
    models were retrained with the rule)."""
    if not draft.quotes or not draft.content:
        return
    cue_start = min(doc[i].idx for i in draft.cue)
    if not any(q.end <= cue_start for q in draft.quotes):
        return
    last_cue = max(draft.cue)
    inside = quoted_tokens(doc, draft)
    after = {i for i in draft.content if i > last_cue}
    if not after or after & inside or after == draft.content:
        return
    if any(doc[i].dep_ == "ccomp" and doc[i].head.i not in after for i in after):
        return
    draft.content -= after


def quoted_tokens(doc: Doc, d: Draft) -> set[int]:
    """The tokens inside a draft's quotations, their marks included."""
    return {t.i for q in d.quotes for t in doc.char_span(q.start, q.end, alignment_mode="expand") or ()}


def whole_sentences(text: str, q: Quote) -> bool:
    """Whether a quotation stands as sentences of its own (begins after a sentence end or the
    paragraph start), as a continued quote does, rather than inside a sentence of the author's."""
    before = text[:q.start].rstrip()
    return not before or before[-1] in ".?!:\"”'’)"


def _adjacent_quote(ptext: str, view: DocView, d: Draft, quotes: Sequence[Quote],
                    claimed: set[Quote]) -> Quote | None:
    """The quotation a cue with no content of its own introduces or closes: the parse often makes
    a sentence of "Clinton said." after a quote ending in "?" or "!", or of "He added:" before one."""
    a, b = view.sentence(d.head.i)
    start_char = view.idx[a]
    end_char = view.idx[b - 1] + len(view.text[b - 1])
    before = ptext[:start_char].rstrip()
    after_start = len(ptext) - len(ptext[end_char:].lstrip())
    ends_open = ptext[start_char:end_char].rstrip().endswith((":", ","))
    for q in quotes:
        if q in claimed or q.single:
            continue
        if q.end == len(before) or (q.start == after_start and ends_open):
            return q
    return None


def _introduces_next(ptext: str, view: DocView, d: Draft) -> bool:
    """Whether a cue with no content ends its paragraph with a colon ("He said:"), introducing a
    quote in the next paragraph."""
    return ptext.rstrip().endswith(":") and view.sentence(d.head.i)[1] == view.n


def _judged(doc: Doc, d: Draft, in_quote: Sequence[bool], models: Models) -> bool:
    """Whether the relation model keeps a finished draft (every draft, without one)."""
    d.features = tuple(relation_features(doc, d, in_quote))
    if models.relation is None:
        return True
    d.p_relation = models.relation.probs(d.features)[1]
    if d.certain:
        d.p_relation = max(d.p_relation, d.p_cue)
    return d.p_relation >= RELATION_THRESHOLD


def paragraph_drafts(doc: Doc, ptext: str, view: DocView, quotes: Sequence[Quote], in_quote: Sequence[bool],
                     threshold: float, dangling: list[Draft], models: Models) -> list[Draft]:
    """The attributions of one paragraph: cue heads, their parts, nested ones dropped, each draft
    judged whole by the relation model. A cue that introduces the next paragraph ("He said:") goes
    to ``dangling``."""
    cues = extract_cues(doc, view, in_quote, threshold=threshold, models=models)
    cues.sort(key=lambda c: -c[1])
    drafts: list[Draft] = []
    taken: set[int] = set()
    claimed: set[Quote] = set()
    pending: list[Draft] = []
    heads = frozenset(h.i for h, _ in cues)
    for head, p in cues:
        # "according to" after a clause with a cue of its own is the outer attribution, not a part
        # of the inner one: in 'They worry that the mayor may cut jobs, according to people familiar
        # with their thinking' the people say that they worry, so both are kept.
        outer = head.lower_ == "according" and not in_quote[head.i]
        if head.i in taken and not outer:
            continue  # part of a stronger attribution's cue or content: nested, not annotated
        d = extract_parts(head, p, in_quote, heads, models)
        if not d.content:
            pending.append(d)
            continue
        _points_back(view, d)
        _apply_quotes(d, doc, quotes)
        _drop_trailing_modifiers(d, doc)
        if any(i in taken for i in d.cue) and not outer:
            continue
        if d.source is None and p < SOURCELESS_THRESHOLD:
            continue  # a weak cue with no source is more often a verb of action than a passive report
        if not _judged(doc, d, in_quote, models):
            continue
        if outer:
            said_by = d.cue | (d.source.tokens if d.source is not None else frozenset())
            for e in drafts:
                e.content -= said_by
        drafts.append(d)
        claimed.update(d.quotes)
        taken |= d.cue | d.content
    for d in pending:
        q = _adjacent_quote(ptext, view, d, quotes, claimed)
        if q is None and any(i in taken for i in d.cue):
            continue
        if q is None:
            if _introduces_next(ptext, view, d) and d.p_cue >= INTRODUCING_THRESHOLD:
                dangling.append(d)
            continue
        d.quotes.append(q)
        claimed.add(q)
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        d.content = {t.i for t in span or ()} - d.cue
        if not _judged(doc, d, in_quote, models):
            continue
        drafts.append(d)
        taken |= d.cue | d.content
    drafts.sort(key=lambda d: d.head.i)
    for d in drafts:
        _trim_trailing(doc, d, in_quote, models)
    return drafts


_POINTERS = frozenset({"that", "this"})


def _points_back(view: DocView, d: Draft) -> None:
    """An "according to" whose content is only "That's" or "This is" credits the sentence before
    it: 'Teenagers love wireless earbuds. That's according to a new survey from a Chicago bank.'
    A sentence that opens its paragraph has nothing before it to credit and is left as it is."""
    if d.head.lower_ != "according":
        return
    doc = d.head.doc
    words = [doc[i] for i in sorted(d.content) if not (doc[i].is_punct or doc[i].is_space)]
    if not words or words[0].lower_ not in _POINTERS or any(w.pos_ != "AUX" for w in words[1:]):
        return
    start, _ = view.sentence(d.head.i)
    if start == 0:
        return
    before, _ = view.sentence(start - 1)
    d.content = set(range(before, start))


# Above this probability (the trim model's), a trailing part is cut from a content: more likely out
# than in (PolNeAR dev content/exact F1 59.6 -> 60.2, relation/partial 68.8 -> 69.2).
TRIM_THRESHOLD = 0.5


def _trim_trailing(doc: Doc, d: Draft, in_quote: Sequence[bool], models: Models) -> None:
    """Cut the first trailing part of the content (", which ...", ", the alliance that ...") the trim
    model judges outside it (guidelines p. 16: the content is what was said, not the author's
    comment on it). Words inside quotation marks are the speaker's and are never cut."""
    if models.trim is None:
        return  # every part kept: how the trim model's own examples are drawn (onrecord.training)
    for part in trailing_parts(doc, d.content, d.head):
        if in_quote[part.i]:
            continue
        feats = tuple(trim_features(doc, d.content, d.head, part, bool(d.quotes), in_quote))
        if models.trim.probs(feats)[1] >= TRIM_THRESHOLD:
            d.content -= set(range(part.left_edge.i - 1, part.right_edge.i + 1))
            return
