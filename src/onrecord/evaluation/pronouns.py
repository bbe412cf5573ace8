"""Third-person pronouns on GUM's news and interviews: a second set for the speakers work.

GUM (``../shared/data/coref/gum/conll``, CC BY 4.0) marks every mention of
every entity, in 25 genres; its Wikinews news articles and interviews are
apart from the PolNeAR speakers and the quotes pages the entities stage is
tuned on (issue 15). Each document's tokens are joined back into text (a space
between tokens, none before closing punctuation), cut into paragraphs after
each sentence end outside quotation marks, parsed as the nlp stage parses, and
run through the entities stage. Every "he", "him", "his", "she", "her",
"hers", "they", "them" or "their" whose gold chain holds a name (a mention
whose words are all capitalized, such as "Ana Ruiz") is scored:

* linked: the stage put the pronoun into an entity;
* right: that entity also holds a mention that overlaps one of the chain's
  names (precision = right / linked, accuracy = right / all).
"""


from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..stages import entities, nlp
from ..state import DEFAULT_MODEL

PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their"})
_OPEN = re.compile(r"\(([a-z]+-\d+)")
_CLOSE = re.compile(r"([a-z]+-\d+)(?:-[^()|]*)?\)")
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "'s", "n't", "'", "%", "'re", "'ve", "'ll", "'d", "'m"})


def read_conll(path: Path) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Tokens and mentions (first token, last token, chain id) of one CoNLL file."""
    tokens: list[str] = []
    mentions: list[tuple[int, int, str]] = []
    open_: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        i = len(tokens)
        tokens.append(cols[1])
        col = cols[-1]
        if col == "_":
            continue
        for m in _OPEN.finditer(col):
            open_.setdefault(m.group(1), []).append(i)
        # a mention of one token opens and closes in one column: "(person-3)"
        for m in _CLOSE.finditer(col):
            starts = open_.get(m.group(1))
            if starts:
                mentions.append((starts.pop(), i, m.group(1)))
    return tokens, mentions


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text and each token's (start, end) in it; a blank line after each sentence end."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    quoted = False  # inside a quotation, which a paragraph break would cut
    for k, t in enumerate(tokens):
        if k:
            prev = tokens[k - 1]
            sep = "" if t in _NO_SPACE_BEFORE or prev in ("(", "[", "$") else " "
            if prev in (".", "?", "!") and t[:1].isupper() and not quoted:
                sep = "\n\n"
            out.append(sep)
            pos += len(sep)
        if t in ('"', "“", "”"):
            quoted = t == "“" or (t == '"' and not quoted)
        spans.append((pos, pos + len(t)))
        out.append(t)
        pos += len(t)
    return "".join(out), spans


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    for m in re.finditer(r"[^\n]+", text):
        yield m.start(), m.group()


def score_document(path: Path, model: object) -> Counter[str]:
    tokens, mentions = read_conll(path)
    text, spans = detokenize(tokens)
    pieces = list(paragraphs(text))
    docs = model.pipe([p for _, p in pieces])  # type: ignore[attr-defined]
    parsed = tuple(nlp.Paragraph(s, d, "body") for (s, _), d in zip(pieces, docs, strict=True))
    ents = entities.extract_entities(text, parsed)
    chains: dict[str, list[tuple[int, int]]] = {}
    for a, b, cid in mentions:
        chains.setdefault(cid, []).append((spans[a][0], spans[b][1]))
    names = {cid: [(s, e) for s, e in ms if _is_name(text[s:e])] for cid, ms in chains.items()}
    counts: Counter[str] = Counter()
    for a, b, cid in mentions:
        if a != b or tokens[a].lower() not in PRONOUNS or not names[cid]:
            continue
        s, e = spans[a]
        counts["pronouns"] += 1
        holder = next((x for x in ents for m in x.mentions if m.start <= s and e <= m.end), None)
        if holder is None:
            continue
        counts["linked"] += 1
        if any(m.start < ne and ns < m.end for m in holder.mentions for ns, ne in names[cid]):
            counts["right"] += 1
    return counts


def _is_name(s: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", s)
    return bool(words) and all(w[0].isupper() for w in words) and s.split()[0].lower() not in PRONOUNS | {"the", "a", "i"}


def evaluate(conll_dir: str | Path, genres: Sequence[str] = ("news", "interview"), *,
             model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Counts and shares per genre and over all (see the module docstring)."""
    nlp_model = nlp.load(model)
    result: dict[str, Any] = {"genres": {}}
    total: Counter[str] = Counter()
    for genre in genres:
        got: Counter[str] = Counter()
        paths = sorted(Path(conll_dir).glob(f"GUM_{genre}_*.conll"))
        for path in paths:
            got += score_document(path, nlp_model)
        result["genres"][genre] = _shares(got) | {"documents": len(paths)}
        total += got
    result.update(_shares(total))
    return result


def _shares(c: Counter[str]) -> dict[str, Any]:
    n, linked, right = c["pronouns"], c["linked"], c["right"]
    return {"pronouns": n, "linked": round(100 * linked / max(n, 1), 1), "right": round(100 * right / max(n, 1), 1),
            "precision": round(100 * right / max(linked, 1), 1)}


def format_table(result: dict[str, Any]) -> str:
    """The figures of :func:`evaluate` as a small plain-text table."""
    rows = [f"{'genre':<10}{'pronouns':>9}{'linked':>9}{'right':>8}{'right of linked':>17}"]
    for name, r in [*result["genres"].items(), ("all", result)]:
        rows.append(f"{name:<10}{r['pronouns']:>9}{r['linked']:>8.1f}%{r['right']:>7.1f}%{r['precision']:>16.1f}%")
    return "\n".join(rows)
