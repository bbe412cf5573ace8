"""Lines repeated across a corpus as evidence of a publisher's furniture: the separate learning
pass (:func:`repeated_lines`, ``onrecord boilerplate learn``) and the file it writes and
``--boilerplate`` reads."""

from __future__ import annotations

from collections.abc import Iterable

from .lines import norm_line, split_lines
from .patterns import _WORD


def repeated_lines(texts: Iterable[str], *, min_docs: int = 3, max_words: int = 15) -> frozenset[str]:
    """Short lines (normalized by :func:`norm_line`) found in at least ``min_docs`` different
    stories among ``texts``.

    A line that several articles of a corpus share is a publisher's furniture ("Follow us on ...",
    a section name, a newsletter prompt). Long lines are left out: two papers printing the same wire
    story share whole paragraphs, and those are article text. For the same reason copies of one
    story (documents that share a paragraph of 20 words or more) count once: three outlets
    printing one wire story share its headline and subheads too, which are not furniture.

    This is a separate pass over a corpus (``onrecord boilerplate learn``); its result is passed to
    each document as ``Options.repeated_lines``, never taken from the batch a document is
    processed in. The result does not depend on the order of ``texts``.
    """
    parent: list[int] = []  # union-find over documents: copies of one story end in one set

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}  # a long line and the first document that had it
    shorts: list[set[str]] = []
    for text in texts:
        doc = len(parent)
        parent.append(doc)
        keys: set[str] = set()
        for s, e in split_lines(text):
            seg = text[s:e].strip()
            if not seg:
                continue
            n = len(_WORD.findall(seg))
            if len(seg) < 200 and n <= max_words:
                keys.add(norm_line(seg))
            elif n >= _COPY_WORDS:
                key = norm_line(seg)
                other = owner.setdefault(key, doc)
                if other != doc:
                    parent[find(doc)] = find(other)
        shorts.append(keys)
    stories: dict[str, set[int]] = {}
    for doc, keys in enumerate(shorts):
        for k in keys:
            if k:
                stories.setdefault(k, set()).add(find(doc))
    return frozenset(k for k, groups in stories.items() if len(groups) >= min_docs)


# A paragraph this long found in two documents makes them copies of one story (see repeated_lines).
_COPY_WORDS = 20


# The file `onrecord boilerplate learn` writes and `--boilerplate` reads: a comment header, then
# one normalized line (norm_line) a line, sorted, so that the same corpus gives the same bytes.
BOILERPLATE_HEADER = "# onrecord boilerplate lines"


def format_repeated_lines(lines: Iterable[str], *, docs: int, min_docs: int) -> str:
    """The text of a boilerplate file: a header that says how it was learnt, then the lines."""
    body = sorted(set(lines))
    head = (f"{BOILERPLATE_HEADER}: {len(body)} short lines found in at least {min_docs} stories "
            f"of {docs} documents\n"
            "# (case, spacing and punctuation ignored; lines starting with # are comments)\n")
    return head + "".join(f"{ln}\n" for ln in body)


def parse_repeated_lines(text: str) -> frozenset[str]:
    """The lines of a boilerplate file (comments and blank lines skipped), normalized as
    :func:`norm_line` normalizes a page's lines, so that a hand-written file works too."""
    out = (norm_line(ln) for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    return frozenset(ln for ln in out if ln)
