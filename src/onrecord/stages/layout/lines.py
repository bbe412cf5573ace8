"""One line as layout sees it: the lines of a text, their features (:class:`LineInfo`, from
:func:`describe`), a line's identity for repetition (:func:`norm_line`) and the kind of list item
it starts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .cues import classify_cue
from .patterns import _CJK, _ITEM, _LINE, _NORM, _TERMINAL, _TRUNCATED, _WORD


@cache
def stopwords() -> frozenset[str]:
    """The function words of ``resources/layout_stopwords.txt``, loaded once per process."""
    raw = resources.files("onrecord.resources").joinpath("layout_stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What layout knows of one line before labelling it."""

    start: int
    end: int
    text: str  # stripped
    words: int
    stops: int  # function words (``stopwords()``)
    lowers: int  # words that start with a lower-case letter or a digit
    caps_head: int  # capitalized words among the first ten
    first_stop: int  # index of the first lower-case function word (99 when none in the first ten)
    cue: str | None  # boilerplate | licence | caption | byline | dateline | label | end | None

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def prose(self) -> bool:
        """Shaped like running text: enough words, ending like a sentence or dense in function words."""
        if self.words < 8:
            return False
        return self.text[-1] in _TERMINAL or self.stops >= 0.3 * self.words

    @property
    def truncated(self) -> bool:
        """A teaser cut short: "Hillary Clinton on Monday called for […]", "Read the story..."."""
        return self.text.endswith(_TRUNCATED)

    @property
    def teaser(self) -> bool:
        """A linked headline run into its summary ("Police: 2 In Custody After Death Of ... A 24-year-old
        woman ..."): eight or more of its first ten words capitalized and no lower-case function word
        among the first eight, which prose seldom has (even "New York (AFP) -- Vice President Joe
        Biden on Monday ..." has its "on")."""
        return self.words >= 12 and self.caps_head >= 8 and self.first_stop >= 8

    @property
    def navlike(self) -> bool:
        """A menu item: a few words, none of them lower case ("Business", "Real Estate Video")."""
        return self.words <= 6 and self.lowers == 0 and self.text[-1] not in ".!?"


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the line break excluded; an empty text has one empty line."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        out.append((s, e))
    return out


def norm_line(s: str) -> str:
    """A line's identity for repetition: case, spacing and punctuation ignored."""
    return _NORM.sub(" ", s.casefold()).strip()


def describe(text: str, start: int, end: int) -> LineInfo:
    """The features of the line ``text[start:end]``."""
    seg = text[start:end].strip()
    if not seg:
        return LineInfo(start, end, "", 0, 0, 0, 0, 99, None)
    toks = _WORD.findall(seg)
    n = len(toks)
    cjk = len(_CJK.findall(seg)) if not seg.isascii() else 0
    if cjk:
        # Chinese and Japanese write no spaces: about two characters make a word.
        n = max(n, cjk // 2)
    stop = stopwords()
    n_stop = sum(1 for t in toks if t.lower() in stop)
    lowers = sum(1 for t in toks if not t[0].isupper())
    caps_head = sum(1 for t in toks[:10] if t[0].isupper())
    first_stop = next((i for i, t in enumerate(toks[:10]) if t in stop), 99)
    if cjk and seg[-1] in "。！？」":
        n_stop = max(n_stop, n // 3)  # a sentence of Chinese or Japanese prose
    lows = frozenset(t.lower() for t in toks)
    return LineInfo(start, end, seg, n, n_stop, lowers, caps_head, first_stop, classify_cue(seg, n, lows))


def _item_kind(s: str) -> str | None:
    """The kind of list item a line starts: "num" ("3) ...", "3. ..."), "bullet" or "date" ("June 9 -- ...")."""
    m = _ITEM.match(s)
    if m is None:
        return None
    return "num" if m.group(1) else "bullet" if m.group(2) else "date"
