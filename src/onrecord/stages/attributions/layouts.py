"""Attributions that the page's layout makes, with punctuation for a cue and no verb.

Three forms a reader takes as "this person said this" without any speech verb, all with
the colon or the dash as the cue (PolNeAR guidelines pp. 17-18, "Romeo: 'Is the day so
young?'"):

- a headline "Speaker: what was said" ("Pat Caddell: Democrat Voters Worried ...");
- a speaker label opening a paragraph of a transcript or interview ("PENCE: Well, look, ...",
  "Q: ...", "A: ..."): PolNeAR train has 119 such relations with the source at the start
  of the line;
- a credit after a quotation ('"We want our voice heard." ― Ana Ruiz', "'...' - Sen. Dale
  Fisk."), the way readers' comments, epigraphs and fact-check entries are set;
- an embedded post's signature line ("— Ana Ruiz (@anaruiz) May 3, 2019") under its text, in the
  same paragraph or the one before: the post is a statement by the one who signs it.

Each function returns an :class:`~onrecord.model.Attribution` with empty speaker fields, or
None; the caller resolves the speaker and the kind, knowing the document's entities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ...model import Attribution

# "Pat Caddell: Democrat Voters Worried ...", "Poll: Clinton and Trump in dead heat": a headline
# that opens with a short name and a colon attributes the rest to it.
# Only the start is matched by the patterns; the content runs to the end less what ``_content_end``
# strips (a lazy group before a trailing class would cost quadratic time on long runs of spaces).
_HEADLINE_COLON = re.compile(r"^(?P<source>[^:;,.!?\"“”‘’]{2,40}?)\s*(?P<cue>:)\s+(?=\S)")
_HEADLINE_SOURCE_WORDS = 4

# A paragraph opening "LABEL: ..." (an optional quote mark before it, as when a transcript is
# quoted whole): up to three capitalized words, "Mr." and "Sen." included.
_LABEL_COLON = re.compile(
    r"^\s*[\"“]?(?P<source>(?:[A-Z][\w’'.-]*\s){0,2}[A-Z][\w’'.-]*?)\s*(?P<cue>:)\s+(?=\S)")
# Labels that open a paragraph with a colon and are not speakers: the page's furniture and the
# reporter's own signposts (a transcript's labels must also recur, see ``speaker_labels``).
_NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor's note", "editor’s note", "editors note", "related", "watch", "read",
    "read more", "see", "see also", "also", "more", "photo", "photos", "video", "videos", "source", "sources",
    "correction", "clarification", "disclosure", "warning", "breaking", "exclusive", "analysis", "opinion",
    "listen", "bottom line", "the bottom line", "why it matters", "the big picture", "what's next", "what’s next",
    "background", "context", "credit", "credits", "caption", "tags", "topics", "filed under", "published",
    "posted", "share", "follow", "email", "contact", "tip", "tips", "fact", "facts", "verdict", "rating",
    "the claim", "claim", "the facts", "the ruling", "ruling", "our ruling", "the verdict", "summary", "live",
    "here", "there", "but", "and", "so", "yes", "no", "now", "then", "today", "tonight", "first", "second",
    "third", "finally", "plus", "meanwhile", "result", "results", "question", "answer", "example", "total",
    # headline kickers: "BREAKING: ...", "WATCH: ...", "BOOM: ..." announce the story, nobody says it
    "byline", "just in", "look", "boom", "busted", "bombshell", "wow", "must see", "must watch", "alert",
    "developing", "urgent", "report", "poll", "new", "q", "a",
})

# A credit after a quotation: the paragraph is quotation up to a dash, then a name (an optional
# ", place or role" after it, left out of the source) and at most a full stop.
_DASH_CREDIT = re.compile(
    r"^\s*(?P<content>[\"“”‘’'].*[\"”’'])\s*(?P<cue>―|—|–|--|-)\s*(?P<source>[A-Z][^,\n]{1,60}?)"
    r"(?:,[^\n]{0,60}?)?[\s.]*$", re.DOTALL)
_CREDIT_WORDS = 6

# The signature line of an embedded post as scraped pages keep it: "— Ana Ruiz (@anaruiz) May 3,
# 2019" (the form social networks' embed code prints under the post's text).
_POST_SIGNATURE = re.compile(
    r"^\s*(?P<cue>―|—|–|--|-)\s*(?P<source>[^\n()@―—–]{2,60}?)\s*\(@\w{1,30}\)(?:\s+\S[^\n]*)?\s*$")


def extract_headline_colon(text: str, para: Any) -> Attribution | None:
    """The attribution of a headline of the form "Speaker: what was said", or None."""
    doc = para.doc
    ptext = para.text_in(text)
    m = _HEADLINE_COLON.match(ptext)
    if m is None:
        return None
    src = doc.char_span(m.start("source"), m.end("source"), alignment_mode="contract")
    if src is None or not 0 < len(src) <= _HEADLINE_SOURCE_WORDS:
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") for t in src) or any(t.pos_ == "VERB" for t in src):
        return None  # "Why it matters: ...", "Here is what we know: ..." are not speakers
    if _label_key(m.group("source")) in _NOT_SPEAKERS:
        return None
    return _attribution(text, para, m, end=_content_end(ptext, "."))


def _label_key(label: str) -> str:
    return label.strip().lower()


def speaker_labels(text: str, parsed: Sequence[Any]) -> frozenset[str]:
    """The paragraph-opening labels of a document that name speakers (lowercased): a label that
    opens two paragraphs or more (a transcript's turns, "PENCE: ...", "WALLACE: ..."), never the
    page's furniture. PolNeAR's annotators mostly leave interviews' "Q:" and "A:" unattributed
    (train: 16 of the 65 lines opening with one are a relation), and a lone "Sanders: Win in a
    walk." in a list of what each candidate needs is the author's, not Sanders's."""
    counts: Counter[str] = Counter()
    for para in parsed:
        if para.kind != "headline":
            m = _LABEL_COLON.match(para.text_in(text))
            if m is not None:
                counts[_label_key(m.group("source"))] += 1
    return frozenset(label for label, n in counts.items() if n >= 2 and label not in _NOT_SPEAKERS)


def extract_speaker_label(text: str, para: Any, labels: frozenset[str]) -> Attribution | None:
    """The attribution of a paragraph opening with one of the document's speaker ``labels``
    ("WALLACE: If I may, sir, ..."), or None."""
    ptext = para.text_in(text)
    m = _LABEL_COLON.match(ptext)
    if m is None or _label_key(m.group("source")) not in labels:
        return None
    return _attribution(text, para, m, end=_content_end(ptext, "\"”"))


def extract_dash_credits(text: str, para: Any) -> tuple[Attribution, ...]:
    """The attributions of the lines of a paragraph that are quotations credited after a dash
    ('"..." ― Ana Ruiz', "'...' - Sen. Dale Fisk, Ohio."): readers' comments and fact-check
    entries are often set one to a line, with no blank line between them."""
    out = []
    at = 0
    for line in para.text_in(text).splitlines(keepends=True):
        att = _dash_credit(text, para, line.rstrip("\r\n"), at)
        if att is not None:
            out.append(att)
        at += len(line)
    return tuple(out)


def _dash_credit(text: str, para: Any, line: str, at: int) -> Attribution | None:
    """The attribution of one line of a paragraph (at offset ``at`` in it), or None."""
    m = _DASH_CREDIT.match(line)
    if m is None or not _credits_a_name(para, m, at):
        return None
    return _attribution(text, para, m, at)


def _credits_a_name(para: Any, m: re.Match[str], at: int) -> bool:
    """Whether a match's "source" group (at offset ``at`` in the paragraph) is a short name."""
    src = para.doc.char_span(at + m.start("source"), at + m.end("source"), alignment_mode="contract")
    return src is not None and 0 < len(src) <= _CREDIT_WORDS and _is_name(src)


def _is_name(words: Any) -> bool:
    """Whether a few words read as a name ("Ana Ruiz", "Sen. Dale Fisk"), not as a clause the
    author goes on with after a dash."""
    return all(t.is_title or t.is_upper or t.is_punct or t.lower_ in ("de", "del", "la", "van", "von")
               for t in words) and not any(t.pos_ in ("VERB", "AUX") for t in words)


def extract_post_signature(text: str, para: Any, previous: Any | None) -> Attribution | None:
    """The attribution of an embedded post whose paragraph ends with its signature line ("— Ana
    Ruiz (@anaruiz) May 3, 2019"): the lines above it, or, when the signature stands alone, the
    whole ``previous`` paragraph (None when there is none to take)."""
    ptext = para.text_in(text)
    last = ptext.splitlines(keepends=True)[-1]
    at = len(ptext) - len(last)
    m = _POST_SIGNATURE.match(last)
    if m is None or not _credits_a_name(para, m, at):
        return None
    if ptext[:at].strip():
        first = len(ptext) - len(ptext.lstrip())
        content = para.span(text, first, len(ptext[:at].rstrip()))
    elif previous is not None:
        prev = previous.text_in(text)
        content = previous.span(text, 0, len(prev.rstrip()))
    else:
        return None
    return Attribution(id="", kind="indirect", content=(content,),
                       cue=para.span(text, at + m.start("cue"), at + m.end("cue")),
                       source=para.span(text, at + m.start("source"), at + m.end("source")), confidence=0.6)


def _content_end(s: str, trailing: str) -> int:
    """Where a content that runs to the end of ``s`` stops: before trailing space and ``trailing``."""
    i = len(s)
    while i > 0 and (s[i - 1].isspace() or s[i - 1] in trailing):
        i -= 1
    return i


def _attribution(text: str, para: Any, m: re.Match[str], at: int = 0, end: int | None = None) -> Attribution | None:
    """The attribution a match's source, cue and content make (``at``: the offset in the paragraph
    of the string matched; ``end``: where the content ends when the pattern matched only its start),
    or None when nothing of the content is left."""
    start = m.start("content") if end is None else m.end()
    stop = m.end("content") if end is None else end
    if stop <= start:
        return None
    return Attribution(id="", kind="indirect",
                       content=(para.span(text, at + start, at + stop),),
                       cue=para.span(text, at + m.start("cue"), at + m.end("cue")),
                       source=para.span(text, at + m.start("source"), at + m.end("source")), confidence=0.6)
