"""The assembly of a document's attributions: paragraph by paragraph, the drafts finished into
the record's Attributions, the page layout's own attributions beside them, and quotations with
no cue of their own given to the speaker they continue (in the same paragraph or after it)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ...model import Attribution, Entity, Span
from ..entities import SpeakerResolver
from .cues import CUE_THRESHOLD
from .draft import Draft
from .features import DocView, quote_mask
from .kinds import quote_share, resolve_hedged, resolve_kind, states_claim
from .layouts import (
    extract_dash_credits,
    extract_headline_colon,
    extract_post_signature,
    extract_speaker_label,
    speaker_labels,
)
from .models import Models, shipped_models
from .paragraph import paragraph_drafts, quoted_tokens, whole_sentences
from .quotes import Quote, extract_quotes
from .spans import contiguous_cue, source_extent, span_of, token_runs

if TYPE_CHECKING:
    from spacy.tokens import Doc


# A quotation shorter than this many words with no cue of its own is a scare quote or a title
# ("the so-called 'Human Lizard'", guidelines p. 24), not the continuation of a speaker's quote,
# unless it ends a sentence inside its marks ('... Graham asked. "Neither do I."').
MIN_CONTINUATION_WORDS = 4


def _continue_quotes(doc: Doc, ptext: str, quotes: Sequence[Quote], drafts: Sequence[Draft], offset: int) -> None:
    """Give each quotation no cue claims to the direct quote before it in the paragraph, or after
    it when the paragraph opens with it, or to a content that ends in a quotation or comes before
    its cue (:func:`_fronted`) before it
    (guidelines p. 20: content continuations belong to the same attribution). Only quotes that
    stand as sentences of their own count: a short quoted phrase inside the author's sentence is a
    scare quote or a title (guidelines p. 24)."""
    claimed = {q for d in drafts for q in d.quotes}
    cue_chars = [doc[i].idx for d in drafts for i in d.cue]
    direct = [d for d in drafts if d.quotes and (_quote_only(doc, d) or _ends_with_quote(doc, d))]
    for q in quotes:
        if q.single or q in claimed or any(q.start <= c < q.end for c in cue_chars):
            continue
        if not whole_sentences(ptext, q):
            continue
        inner = ptext[q.inner_start:q.inner_end].rstrip(" ,")
        if len(inner.split()) < MIN_CONTINUATION_WORDS and inner[-1:] not in ".?!":
            continue  # short and no sentence of its own ('"Neither do I."' is one)
        before = [d for d in drafts if (d in direct or _fronted(d)) and _draft_end(doc, d) <= q.start]
        after = [d for d in direct if d.quotes[0].start >= q.end]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None:
            target.extra.append((offset + q.start, offset + q.end))


def _fronted(d: Draft) -> bool:
    """Whether a statement with a source gives what was said before its cue ("Sometimes the pumps
    fail, he said."), as a quote does; then a quotation after it goes on with the same speaker."""
    return d.source is not None and bool(d.content) and max(d.content) < min(d.cue)


def _draft_end(doc: Doc, d: Draft) -> int:
    """Where a draft ends in its paragraph: after its last quotation or token."""
    ids = d.cue | d.content | (d.source.tokens if d.source is not None else frozenset())
    return max([doc[i].idx + len(doc[i].text) for i in ids] + [q.end for q in d.quotes])


def _all_quotation(text: str, quotes: Sequence[Quote]) -> bool:
    """Whether a paragraph is quotation from end to end (nothing of the author's outside the marks)."""
    doubles = [q for q in quotes if not q.single]
    if not doubles or text[:doubles[0].start].strip():
        return False
    outside = "".join(text[a.end:b.start] for a, b in itertools.pairwise(doubles)) + text[doubles[-1].end:]
    return not any(ch.isalnum() for ch in outside)


def _ends_with_quote(doc: Doc, d: Draft) -> bool:
    """Whether a draft's content ends inside its last quotation: 'are "not meeting the demand,"'
    goes on in a quotation after it as a direct quote does (PolNeAR dev relation/partial +0.2,
    train +0.1)."""
    words = [i for i in d.content if not (doc[i].is_punct or doc[i].is_space)]
    if not words:
        return False
    last = max(words)
    q = d.quotes[-1]
    return q.start <= doc[last].idx < q.end


def _quote_only(doc: Doc, d: Draft) -> bool:
    """Whether a draft's content is its quotations and nothing else of substance."""
    inside = quoted_tokens(doc, d)
    return all(doc[i].is_punct or doc[i].is_space or i in inside for i in d.content)


def _laid_out(text: str, para: Any, labels: frozenset[str], previous: Any | None) -> tuple[Attribution, ...]:
    """The attributions the paragraph's layout makes (:mod:`.layouts`): a headline
    "Speaker: ...", a transcript's "SPEAKER: ..." turn, an embedded post's signature line (with
    the ``previous`` paragraph as the post when the signature stands alone; None when that one
    has attributions of its own), or quotations credited after a dash."""
    if para.kind == "headline":
        one = extract_headline_colon(text, para)
    else:
        one = extract_speaker_label(text, para, labels) or extract_post_signature(text, para, previous)
    return (one,) if one is not None else extract_dash_credits(text, para)


def _covers(a: Attribution, at: int) -> bool:
    """Whether record offset ``at`` lies within an attribution, from its first part to its last."""
    parts = [*a.content, *(s for s in (a.cue, a.source) if s is not None)]
    return min(s.start for s in parts) <= at < max(s.end for s in parts)


def extract_attributions(text: str, parsed: Sequence[Any], entities: tuple[Entity, ...], *,
                         threshold: float = CUE_THRESHOLD, models: Models | None = None) -> tuple[Attribution, ...]:
    """Every attribution in the parsed paragraphs, in text order."""
    out, _ = extract_with_drafts(text, parsed, entities, threshold, models or shipped_models())
    return tuple(out)


def extract_with_drafts(text: str, parsed: Sequence[Any], entities: tuple[Entity, ...], threshold: float,
                        models: Models) -> tuple[list[Attribution], list[Draft | None]]:
    """The attributions in text order, and beside each the draft it was made from (None for the
    page layout's and for quotes credited by the sentence before them). The pairing exists only
    here, where a draft may be finished paragraphs after it was made; :mod:`onrecord.training`
    labels the drafts by their attributions."""
    walk = _Walk(text, SpeakerResolver(text, entities), speaker_labels(text, parsed))
    for para in parsed:
        walk.paragraph(para, threshold, models)
    return walk.out, walk.made_from


@dataclass(slots=True)
class _Walk:
    """A document's attributions as its paragraphs are read in order, with what one paragraph
    leaves to the next: a direct quote still open or just ended (a paragraph of quotation with no
    cue goes on with it), a cue that ended its paragraph with a colon (the next paragraph's quote
    is its content), the paragraph before while none of its words is a cue (page-layout labels)."""

    text: str
    speakers: SpeakerResolver  # one mention index for the document's speakers
    labels: Any  # the page layout's speaker labels (:func:`.layouts.speaker_labels`)
    out: list[Attribution] = field(default_factory=list)
    made_from: list[Draft | None] = field(default_factory=list)  # beside out
    open_direct: int | None = None  # index in out of the last direct quote, while its quote is left open
    last_direct: int | None = None  # index in out of a direct quote or a statement that ended the paragraph before
    introducing: tuple[Any, Draft] | None = None  # a cue ending its paragraph with a colon
    previous: Any | None = None  # the paragraph before, while none of its words is a cue

    def add(self, att: Attribution, draft: Draft | None) -> None:
        self.out.append(att)
        self.made_from.append(draft)

    def finish(self, para: Any, d: Draft) -> Attribution | None:
        """``d`` finished and added, or None when nothing of its content is left."""
        att = _finish(self.text, para, d, self.speakers, len(self.out) + 1)
        if att is not None:
            self.add(att, d)
        return att

    def paragraph(self, para: Any, threshold: float, models: Models) -> None:
        text = self.text
        if self.previous is not None and any(a.cue is not None and self.previous.start <= a.cue.start < para.start
                                             for a in self.out):
            self.previous = None
        doc = para.doc
        ptext = para.text_in(text)
        quotes = extract_quotes(ptext)
        view = DocView(doc)
        in_quote = quote_mask(view, quotes)
        dangling: list[Draft] = []
        drafts = paragraph_drafts(doc, ptext, view, quotes, in_quote, threshold, dangling, models)
        previous = self.previous
        laid = _laid_out(text, para, self.labels, previous if previous is not None and previous.kind == "body" else None)
        self.previous = para
        if laid:
            # What the speaker said is theirs: cues inside it are nested, not annotated.
            drafts = [d for d in drafts if not any(_covers(a, para.start + doc[d.head.i].idx) for a in laid)]
            for a in laid:
                assert a.source is not None and a.cue is not None
                speaker, speaker_type = self.speakers.speaker(a.source)
                kind = resolve_kind((a.cue.text,), quote_share(text, a.content), speaker_type, True)
                self.add(replace(a, id=f"a{len(self.out) + 1}", kind=kind, speaker=speaker,
                                 speaker_type=speaker_type), None)
            if not drafts:
                self.open_direct = self.last_direct = None  # the paragraph is the speakers' turns, not a continuation
                self.introducing = None
                return
        if self.introducing is not None and quotes and not ptext[:quotes[0].start].strip() \
                and not any(quotes[0] in d.quotes for d in drafts):
            # "He said:" at the end of the paragraph before, and this one opens with the quote.
            intro_para, intro = self.introducing
            # A paragraph that is all quotation gives all its quotations, one with drafts of its own the first.
            given = [q for q in quotes if not q.single] if not drafts and _all_quotation(ptext, quotes) else [quotes[0]]
            intro.extra.extend((para.start + q.start, para.start + q.end) for q in given)
            if self.finish(intro_para, intro) is not None:
                self.last_direct = len(self.out) - 1
                if not given[-1].closed and given[-1] is quotes[-1]:
                    self.open_direct = len(self.out) - 1
            if not drafts:
                self.introducing = None
                return
        elif self.introducing is not None and not quotes and not drafts and not laid \
                and self.introducing[1].source is not None:
            # "The governor added:" and then a paragraph of the speaker's words without quotation
            # marks and no cue of its own: a block quotation (PolNeAR train has 17 such paragraphs as
            # a colon cue's content; the rule adds 2 attributions in train, 1 right, and 2 in dev, both).
            intro_para, intro = self.introducing
            intro.extra.append((para.start, para.end))
            self.finish(intro_para, intro)
            self.introducing = None
            return
        self.introducing = (para, dangling[-1]) if dangling else None
        if not drafts:
            self._quotation_only(para, ptext, quotes)
            return
        _continue_quotes(doc, ptext, quotes, drafts, para.start)
        claimed = {q for d in drafts for q in d.quotes} | {q for d in drafts for q in quotes
                                                           if (para.start + q.start, para.start + q.end) in d.extra}
        topical = _topic_quotes(text, para, quotes, claimed, self.speakers)
        self.open_direct = self.last_direct = None
        for d in drafts:
            att = self.finish(para, d)
            if att is None:
                continue
            continued = att.kind == "direct" or (bool(d.quotes) and _ends_with_quote(doc, d))
            # A paragraph all quotation after a reported statement goes on with the same speaker
            # ('Erekat said it was a ploy.' then '"They wanted us on our knees ..."').
            told = att.source is not None and att.kind in ("indirect", "mixed", "report")
            self.last_direct = len(self.out) - 1 if continued or told else None
            if continued and d.quotes and not d.quotes[-1].closed:
                self.open_direct = len(self.out) - 1
        for att in topical:
            self.add(replace(att, id=f"a{len(self.out) + 1}"), None)

    def _quotation_only(self, para: Any, ptext: str, quotes: Sequence[Quote]) -> None:
        """A paragraph with no cue. All quotation, it continues the last speaker's quote
        (guidelines p. 20): the quote left open at the end of the paragraph before (AP style), or a
        direct quote that ended it. Else its quotes may be the person's a sentence is about."""
        if self.open_direct is None and self.last_direct is not None and quotes and _all_quotation(ptext, quotes):
            self.open_direct = self.last_direct
        if self.open_direct is not None and quotes and not ptext[:quotes[0].start].strip():
            extra = tuple(para.span(self.text, q.start, q.end) for q in quotes if not q.single)
            prev = self.out[self.open_direct]
            self.out[self.open_direct] = replace(prev, content=prev.content + extra)
            self.last_direct = self.open_direct
            if quotes[-1].closed:
                self.open_direct = None
            return
        self.open_direct = self.last_direct = None
        for att in _topic_quotes(self.text, para, quotes, set(), self.speakers):
            self.add(replace(att, id=f"a{len(self.out) + 1}"), None)


def _topic_quotes(text: str, para: Any, quotes: Sequence[Quote], claimed: set[Quote],
                  speakers: SpeakerResolver) -> list[Attribution]:
    """Direct quotes no cue claims that follow, in their paragraph, a sentence about a named person:
    "Arlen has run the port for ten years. 'We will not sell the north pier.'" News prints a quote of the
    person a sentence is about after it with no "she said": the sentence's main subject, a person
    the text names, is its speaker. Only a quotation of whole sentences that ends the paragraph.
    Their ids are left for the caller to give."""
    doc = para.doc
    ptext = para.text_in(text)
    out: list[Attribution] = []
    for q in quotes:
        if q.single or q in claimed or not q.closed or ptext[q.end:].strip() or not whole_sentences(ptext, q):
            continue
        inner = ptext[q.inner_start:q.inner_end]
        if len(inner.split()) < MIN_CONTINUATION_WORDS or '"' in inner or "“" in inner:
            continue
        before = doc.char_span(0, len(ptext[:q.start].rstrip()), alignment_mode="contract")
        if before is None or not len(before):
            continue
        last = before[-1].sent
        if any(quote.start <= last.start_char < quote.end for quote in quotes):
            continue
        subj = next((t for t in last.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ != "PROPN":
            continue
        src = para.span(text, subj.left_edge.idx, subj.idx + len(subj.text))
        speaker, speaker_type = speakers.speaker(src)
        if speaker is None or speaker_type != "person":
            continue
        content = (para.span(text, q.start, q.end),)
        out.append(Attribution("", "direct", content, source=src, speaker=speaker,
                               speaker_type=speaker_type, confidence=0.5))
    return out


def _finish(text: str, para: Any, d: Draft, speakers: SpeakerResolver, n: int) -> Attribution | None:
    """The record's Attribution for a draft, or None when nothing of its content is left."""
    doc = para.doc
    runs = token_runs(doc, d.content, conjunctions=True)
    if not runs and not d.extra:
        return None
    content = [span_of(text, para, a, b) for a, b in runs]
    content += [Span.of(text, s, e) for s, e in d.extra]
    content.sort(key=lambda s: s.start)
    cue_first, cue_last = contiguous_cue(doc, d.cue, d.head.i)
    cue = span_of(text, para, cue_first, cue_last)
    source = None
    if d.source is not None:
        first, last = source_extent(d.source)
        srun = token_runs(doc, range(first, last + 1))
        if srun:
            source = span_of(text, para, srun[0][0], srun[-1][1])
    addressee = None
    if d.addressee is not None:
        arun = token_runs(doc, range(d.addressee.left_edge.i, d.addressee.right_edge.i + 1))
        if arun:
            addressee = span_of(text, para, arun[0][0], arun[-1][1])
    speaker, speaker_type = speakers.speaker(source)
    lemmas = [doc[i].lemma_.lower() for i in range(cue_first, cue_last + 1)]
    kind = resolve_kind(lemmas, quote_share(text, content), speaker_type, source is not None,
                        claim=bool(d.extra) or states_claim(doc, d))
    # The relation model's probability that the draft is right; without it (a cue introducing the
    # next paragraph's quote), the cue model's, lowered when the role model was unsure of the content.
    confidence = d.p_relation if d.p_relation is not None else d.p_cue * (0.5 + 0.5 * d.p_content)
    return Attribution(
        id=f"a{n}", kind=kind, content=tuple(content), cue=cue, source=source, speaker=speaker,
        speaker_type=speaker_type, addressee=addressee, hedged=resolve_hedged(d.head, cue),
        confidence=round(confidence, 3),
    )
