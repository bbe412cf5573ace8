"""Quoted stretches of a paragraph, for the attributions stage.

News prose marks direct speech with straight (") or curly (“ ”) double
quotes, with doubled apostrophes ('' ... '') in some archives (the New York
Times' wire text in PolNeAR), and nests quotes inside quotes with single marks
(‘ ’), which some outlets also use for quotes in headlines. A quote that runs
over several paragraphs opens each of them and closes only in the last one
(the convention of the AP Stylebook), so a quote still open at the end of a
paragraph runs to that end, and a straight mark that opens a sentence while a
quote is open opens a new quote (the same convention with the paragraphs run
together, or a closing mark left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Double quote marks in every form seen in scraped news; '' and `` are the doubled forms.
_MARK = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = frozenset({"“", "„", "«", "``"})
_CLOSERS = frozenset({"”", "»"})
# Single curly quotes: ‘ opens at the start of a word, ’ closes at the end of one (a ’ before a letter
# is an apostrophe: "it’s", "Clintons’ campaign" ends a word and is ambiguous, so it needs an opener).
_SINGLE = re.compile(r"(?<![\w’'])‘(?=\S)(?P<body>[^‘’\n]*?(?:’\w[^‘’\n]*?)*?)(?<=\S)’(?!\w)")
# Every character that opens or closes a quotation, double or single: the author's words stop at them.
QUOTE_CHARS = "\"“”‘’'`«»„"


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted stretch: ``start``/``end`` include the marks; ``inner_*`` exclude them.

    ``closed`` is False for a quote whose closing mark never came before the paragraph ended.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    single: bool = False


def _opening_like(text: str, i: int, width: int) -> bool:
    """A straight mark that starts a word (after a space, a bracket or a dash) opens a quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _reopens(text: str, inner_start: int, i: int, width: int) -> bool:
    """Whether a straight mark at ``i``, met while a quote is open since ``inner_start``, opens a new
    quote instead of closing that one: it starts a word after a sentence end or a colon ('... a
    bold move. "But it shows ...', "... on its own. He added: "The ..."). That is the multi-paragraph convention (each paragraph of a long quote
    opens with a mark and only the last closes it) where the paragraphs were run together, or a
    closing mark the page left out; pairing by alternation would then swap quote and narration."""
    if not _opening_like(text, i, width) or text[i - 1] in "([{—–-/":
        return False
    before = text[inner_start:i].rstrip()
    return len(before) < i - inner_start and before.rstrip("'’")[-1:] in (".", "?", "!", ":")


def extract_quotes(text: str) -> tuple[Quote, ...]:
    """The double-quoted stretches of one paragraph, in order; single-quoted ones where no double
    quote surrounds them (headlines quote with single marks)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    open_w = 0
    for m in _MARK.finditer(text):
        mark, i, w = m.group(), m.start(), m.end() - m.start()
        if open_at is None:
            if mark in _CLOSERS and not _opening_like(text, i, w):
                continue  # a stray closing mark
            open_at, open_w = i, w
            continue
        if mark in _OPENERS or _reopens(text, open_at + open_w, i, w):
            # A new opening mark while one is open: the first quote ran unclosed up to here.
            end = i
            while end > open_at + open_w and text[end - 1].isspace():
                end -= 1
            quotes.append(Quote(open_at, end, open_at + open_w, end, closed=False))
            open_at, open_w = i, w
            continue
        quotes.append(Quote(open_at, i + w, open_at + open_w, i))
        open_at = None
    if open_at is not None:
        end = len(text.rstrip())
        quotes.append(Quote(open_at, end, open_at + open_w, end, closed=False))
    # A mark with no words inside (a lone '"' left at a paragraph's end) quotes nothing.
    quotes = [q for q in quotes if any(ch.isalnum() for ch in text[q.inner_start:q.inner_end])]
    covered = [(q.start, q.end) for q in quotes]
    for m in _SINGLE.finditer(text):
        if not any(s <= m.start() < e for s, e in covered):
            quotes.append(Quote(m.start(), m.end(), m.start() + 1, m.end() - 1, single=True))
    quotes.sort(key=lambda q: q.start)
    return tuple(quotes)
