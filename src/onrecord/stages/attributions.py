"""attributions: quotes, reports and beliefs, each with its source, cue and content."""

from __future__ import annotations

import re

from ..model import Attribution, Entity
from .entities import resolve_speaker
from ..state import Options, State

NAME = "attributions"
NEEDS: tuple[str, ...] = ("parsed", "entities")
ADDS: tuple[str, ...] = ("attributions",)

SPEECH_LEMMAS = frozenset({"say", "tell", "add", "ask", "write", "state", "explain", "claim", "insist"})
_QUOTE = re.compile(r"[\"“”]([^\"“”]{2,}?)[\"“”]")


def extract_attributions(text: str, parsed, entities: tuple[Entity, ...]) -> tuple[Attribution, ...]:  # type: ignore[no-untyped-def]
    """Direct quotes in quotation marks, with the nearest speech verb in the sentence and its subject."""
    out: list[Attribution] = []
    for para in parsed:
        doc = para.doc
        for m in _QUOTE.finditer(doc.text):
            content = para.span(text, m.start(1), m.end(1))
            sent = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if sent is None:
                continue
            cue = source = None
            best = None
            for tok in sent.sent:
                if tok.lemma_ in SPEECH_LEMMAS and tok.pos_ == "VERB" and not (m.start() <= tok.idx < m.end()):
                    dist = min(abs(tok.idx - m.start()), abs(tok.idx - m.end()))
                    if best is None or dist < best[0]:
                        best = (dist, tok)
            if best is None:
                continue
            verb = best[1]
            cue = para.token_span(text, verb)
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                st = subj[0]
                source = para.token_span(text, doc[st.left_edge.i: st.i + 1])
            speaker, speaker_type = resolve_speaker(text, entities, source)
            out.append(Attribution(
                id=f"a{len(out) + 1}", kind="direct", content=(content,), cue=cue, source=source,
                speaker=speaker, speaker_type=speaker_type, confidence=0.6 if source else 0.4,
            ))
    return tuple(out)


def run(state: State, options: Options) -> State:
    assert state.record is not None and state.parsed is not None
    rec = state.record
    atts = extract_attributions(rec.text, state.parsed, rec.entities)
    return state.advance(NAME, record=rec.replace(attributions=atts))
