"""Notes on an article's authors that layout labels byline: a role line under a name, an author's
bio ("Mara Quint is a senior reporter ..."), an op-ed's closing tagline."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import LineInfo
from .patterns import _ABBREVIATIONS, _BIO, _BIO_ROLE, _NOT_NAME, _SENTENCE_END, CLOSING_BIO, ROLE_PATTERN


def _is_role_line(info: LineInfo) -> bool:
    return 1 <= info.words <= 6 and ROLE_PATTERN.search(info.text) is not None and not info.prose


def _is_bio(info: LineInfo) -> bool:
    """An author's note: "Mara Quint is a senior reporter at the Ledger." (a name, "is", a role)."""
    if info.words > 60 or _BIO.match(info.text) is None or _BIO_ROLE.search(info.text) is None:
        return False
    return info.text.split(None, 1)[0] not in _NOT_NAME


def _is_closing_bio(infos: Sequence[LineInfo], n: int) -> bool:
    """Whether line ``n``, the article's last body line, is its author's note in a form _BIO misses
    (see CLOSING_BIO)."""
    info = infos[n]
    m = CLOSING_BIO.match(info.text)
    if m is None or info.words > 50 or info.text[-1] not in ".!?" or info.text.split(None, 1)[0] in _NOT_NAME:
        return False
    if any(e.group("word") not in _ABBREVIATIONS for e in _SENTENCE_END.finditer(info.text, m.end("name"))):
        return False  # one sentence only
    surname = re.compile(r"(?<![\w'’-])" + re.escape(m.group("name").split()[-1]) + r"(?![\w'’-])")
    return not any(surname.search(infos[k].text) for k in range(n))
