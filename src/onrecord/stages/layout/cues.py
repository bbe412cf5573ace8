"""What a line's own wording says it is (its cue): boilerplate, licence, caption, byline, dateline,
a label or a heading that ends the article, judged from the line alone."""

from __future__ import annotations

from .patterns import (
    _BARE_CREDIT,
    _BYLINE,
    _CAPTION,
    _CAPTION_KEYS,
    _CLOSING_CREDIT,
    _COOKIES,
    _DATE_FILLER,
    _DATE_RE,
    _END,
    _END_KEYS,
    _END_RESPONSES,
    _HAS_DIGIT,
    _LABEL,
    _LICENCE,
    _LICENCE_KEYS,
    _NAME_CREDIT,
    _NAME_DATE,
    _NAME_ROLE,
    _PLACE_DATELINE,
    _STRONG,
    _STRONG_KEYS,
    _TAG,
    _WEAK,
    _WEAK_KEYS,
    _WORD,
    _WRITE_TO,
)

# Lines longer than this are prose whatever words they contain: the cue lists (patterns.py) are for
# page furniture, which is short ("Follow Ryan on Twitter", "Font Size:"), while an article
# paragraph may well say "subscribe" or "copyright".
_CUE_MAX_WORDS = 40


def is_date_line(s: str) -> bool:
    """True for a line that gives a date (and maybe a time) and little else: "Nov. 19, 2019 8:03 am ET",
    "Published 3:14 PM ET, Tue March 7, 2017", "Updated: Nov 20 2019, 15:24pm IST"."""
    if len(s) > 90 or not _HAS_DIGIT.search(s) or not _DATE_RE.search(s):
        return False
    rest = _DATE_FILLER.sub(" ", s).split()
    return len(rest) <= 1


def classify_cue(s: str, words: int, lows: frozenset[str] | None = None) -> str | None:
    """The kind a line's own wording gives it, or None: boilerplate, licence, caption, byline,
    dateline, label or end (a heading that ends the article). Only short lines are judged (see
    ``_CUE_MAX_WORDS``). ``lows`` is the set of the line's words in lower case, when known."""
    if s[:1] == "<" and s[-1:] == ">" and not any(c.isalnum() for c in _TAG.sub("", s)):
        return "boilerplate"  # markup left in a page's text ('<img src="data:...">'), no words of its own
    if ":" in s[-80:] and _CLOSING_CREDIT.search(s[-80:]):
        return "caption"  # of any length: the credit closes it
    if s[-1:].isalpha() and _BARE_CREDIT.search(s[-60:]):
        return "caption"
    if words > _CUE_MAX_WORDS:
        return "boilerplate" if "cookie" in s[:200].lower() and _COOKIES.search(s[:200]) else None
    if lows is None:
        lows = frozenset(w.lower() for w in _WORD.findall(s))
    if ("©" in s or not lows.isdisjoint(_LICENCE_KEYS)) and _LICENCE.search(s):
        return "licence"
    if is_byline(s) or _NAME_CREDIT.match(s) or (words <= 10 and _NAME_ROLE.match(s)) or _WRITE_TO.match(s):
        return "byline"
    if is_date_line(s) or (words <= 10 and s[-1:] in "-—–_)" and _PLACE_DATELINE.match(s)
                           and not any(c.islower() for c in s) and not s.isdigit()):
        return "dateline"
    if _LABEL.match(s):
        return "label"
    if words <= 16 and not lows.isdisjoint(_END_KEYS) and (words <= 6 or _END_RESPONSES.search(s)) and _END.search(s):
        return "end"
    if words <= 30 and ("/" in s or "(" in s or not lows.isdisjoint(_CAPTION_KEYS)) and _CAPTION.search(s):
        return "caption"
    if not lows.isdisjoint(_STRONG_KEYS) and _STRONG.search(s):
        return "boilerplate"
    too_short_for_a_sentence = (words <= 12 and s[-1] not in ".!?\"”") or words <= 4
    if too_short_for_a_sentence and (words <= 4 or not lows.isdisjoint(_WEAK_KEYS)) and _WEAK.search(s):
        return "boilerplate"
    return None


def is_byline(s: str) -> bool:
    """A "By ..." line: "By Mara Quint", "BY MARA QUINT AND DOV ARLEN", "By Matthew Digby, Minh Do on
    Monday, November 18th, 2019 at 11:08 a.m.", a name and a date ("Mara Quint - Nov 19, 2019, 10:31
    pm CST"), but not the sentence "By Monday, the board had left."."""
    m = _BYLINE.match(s)
    if m is None:
        return _NAME_DATE.match(s) is not None and len(s) <= 80
    if not s[m.end() - 1].isupper():
        return False
    d = _DATE_RE.search(s)
    head = s[:d.start()] if d else s
    n = len(_WORD.findall(head))
    return n <= 12 and (d is not None or n <= 6 or not s.endswith((".", "?", "!")))
