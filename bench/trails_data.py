"""The quote-trail benchmark's data: real quotes, and variants of them made by fixed rules.

Written before the matcher it measures (issue #19), so its rules say what a trail and an
altered quote are, not what the matcher happens to do:

- a **base** is a real quoted stretch of six or more words: the quoted sentences of the BBC
  articles (``../shared/data/bbc-news``) and the direct quotes of the quotes dev pages
  (``../shared/data/quotes/dev/quotes.jsonl``), read at run time, never copied here;
- each base appears again as **variants**, each in a document of its own and published on the
  base's day or later (a quote travels from where it was first printed), made by one rule:

  ===========  =========================================================  =======  ========
  rule         what it does                                               altered  speaker
  ===========  =========================================================  =======  ========
  copy         the same words (a syndicated copy)                         no       same
  trim         words cut at the start and/or the end (keeps >= 60 %)      no       same
  ellipsis     an inner run of words replaced by "..." or "…"             no       same
  punct_case   commas, full stop, first letter's case, quote style        no       same
  sub1         one word (of 4+ letters) replaced by another               yes      same
  sub2         two words replaced                                         yes      same
  speaker      the same words credited to another speaker                 no       other
  ===========  =========================================================  =======  ========

- **distractors**: a real quote that is not among the bases (a share of the quotes is kept
  aside for them) with a three-word run of a base spliced into it; it shares words with that
  base's trail but is not part of it.

The truth: a base and its variants form one trail; every distractor is a trail of its own.
A variant made by sub1 or sub2 is altered; one made by the speaker rule is credited to another
speaker. Two bases that share a run of five words are treated as one quote: the later is dropped.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

RULES: tuple[str, ...] = ("copy", "trim", "ellipsis", "punct_case", "sub1", "sub2", "speaker")
ALTERING: frozenset[str] = frozenset({"sub1", "sub2"})
MIN_WORDS = 6
_CURLY = re.compile(r"“([^”]{20,600})”")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Item:
    """One appearance of a quote: its text and speaker, its document, and what the truth says."""

    n: int  # item number (its attribution key in the benchmark)
    doc: int
    text: str
    speaker: str
    published: str
    trail: int  # the true trail (the base's number; a distractor has its own)
    rule: str  # base | one of RULES | distractor

    @property
    def altered(self) -> bool:
        return self.rule in ALTERING

    @property
    def other_speaker(self) -> bool:
        return self.rule == "speaker"


def _norm_words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def _quoted(line: str) -> list[str]:
    """The quoted stretches of one line: curly pairs, or straight marks paired in order (a line
    with an odd number of straight marks is skipped: which ones pair is unknown)."""
    out = [m.group(1).strip() for m in _CURLY.finditer(line)]
    marks = [i for i, c in enumerate(line) if c == '"']
    if len(marks) % 2 == 0:
        out += [line[a + 1:b].strip() for a, b in zip(marks[::2], marks[1::2]) if 20 <= b - a <= 600]
    return out


def bases(shared: Path) -> list[tuple[str, str]]:
    """(quote, speaker) pairs from the shared data: BBC quoted stretches, quotes dev direct quotes."""
    out: list[tuple[str, str]] = []
    gold = shared / "data" / "quotes" / "dev" / "quotes.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["kind"] == "direct" and row.get("speaker"):
                out.append((row["content"], row["speaker"]))
    bbc = shared / "data" / "bbc-news"
    for n, path in enumerate(sorted(bbc.glob("*/*.txt"))):
        text = path.read_bytes().decode("utf-8", "replace")
        for line in text.splitlines():
            out.extend((q, f"bbc speaker {n}") for q in _quoted(line))
    kept: list[tuple[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for quote, speaker in out:
        words = _norm_words(quote)
        if len(words) < MIN_WORDS:
            continue
        grams = {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
        if grams & seen:
            continue
        seen |= grams
        kept.append((quote, speaker))
    return kept


def _tokens(text: str) -> list[str]:
    return text.split()


def _trim(rng: random.Random, toks: list[str]) -> list[str]:
    n = len(toks)
    cut = rng.randint(1, max(1, int(n * 0.4)))
    front = rng.randint(0, cut)
    out = toks[front:n - (cut - front)]
    return out if len(out) >= max(MIN_WORDS - 1, int(n * 0.6)) else toks[1:]


def _ellipsis(rng: random.Random, toks: list[str]) -> list[str]:
    n = len(toks)
    if n < 8:
        return toks[:-2] + ["..."]
    size = rng.randint(2, max(2, n // 3))
    at = rng.randint(2, n - size - 1)
    return toks[:at] + [rng.choice(["...", "…", "[...]"])] + toks[at + size:]


def _punct_case(rng: random.Random, toks: list[str]) -> list[str]:
    out = [t.replace(",", "") if rng.random() < 0.5 else t for t in toks]
    out = [t.replace("'", "’") if rng.random() < 0.5 else t for t in out]
    out[0] = out[0][:1].swapcase() + out[0][1:]
    if out[-1][-1:] in ".!?":
        out[-1] = out[-1][:-1]
    else:
        out[-1] += "."
    return out


def _sub(rng: random.Random, toks: list[str], k: int, vocab: list[str]) -> list[str]:
    out = list(toks)
    slots = [i for i, t in enumerate(out) if len(_WORD.findall(t)) == 1 and len(_WORD.findall(t)[0]) >= 4]
    for i in rng.sample(slots, min(k, len(slots))):
        word = _WORD.findall(out[i])[0]
        new = word
        while new.casefold() == word.casefold():
            new = rng.choice(vocab)
        out[i] = out[i].replace(word, new)
    return out


def vocabulary(pairs: list[tuple[str, str]]) -> list[str]:
    """The words substitutions draw from: the quotes' lower-case words of four letters or more."""
    return sorted({w for q, _ in pairs for w in _WORD.findall(q) if len(w) >= 4 and w.isalpha() and w.islower()})


def generate(pairs: list[tuple[str, str]], *, seed: int = 19, distractor_share: float = 0.3,
             vocab: list[str] | None = None) -> list[Item]:
    """The benchmark's items: each base, 1 to 4 variants of it, and distractors."""
    rng = random.Random(seed)
    vocab = vocab or vocabulary(pairs)
    items: list[Item] = []
    doc = 0

    def add(text: str, speaker: str, trail: int, rule: str, after: date | None = None) -> date:
        nonlocal doc
        doc += 1
        day = (after + timedelta(days=rng.randint(0, 400)) if after
               else date(2005, 1, 1) + timedelta(days=rng.randint(0, 7000)))
        items.append(Item(len(items) + 1, doc, text, speaker, day.isoformat(), trail, rule))
        return day

    n_aside = int(len(pairs) * distractor_share / (1 + distractor_share))
    aside, pairs = pairs[len(pairs) - n_aside:], pairs[:len(pairs) - n_aside]
    for b, (quote, speaker) in enumerate(pairs):
        toks = _tokens(quote)
        first = add(quote, speaker, b, "base")
        for rule in rng.sample(RULES, rng.randint(1, 4)):
            if rule == "copy":
                add(quote, speaker, b, rule, first)
            elif rule == "trim":
                add(" ".join(_trim(rng, toks)), speaker, b, rule, first)
            elif rule == "ellipsis":
                add(" ".join(_ellipsis(rng, toks)), speaker, b, rule, first)
            elif rule == "punct_case":
                add(" ".join(_punct_case(rng, toks)), speaker, b, rule, first)
            elif rule in ("sub1", "sub2"):
                changed = _sub(rng, toks, 1 if rule == "sub1" else 2, vocab)
                add(" ".join(changed), speaker, b, rule if changed != toks else "copy", first)
            else:
                add(quote, f"{speaker} (other)", b, rule, first)
    n_bases = len(pairs)
    for d, (other, other_speaker) in enumerate(aside):
        b = rng.randrange(n_bases)
        btoks, otoks = _tokens(pairs[b][0]), _tokens(other)
        at = rng.randint(0, len(btoks) - 3)
        run = btoks[at:at + 3]
        where = rng.randint(0, len(otoks))
        add(" ".join(otoks[:where] + run + otoks[where:]), other_speaker, n_bases + d, "distractor")
    return items


def scale_items(pairs: list[tuple[str, str]], n: int, *, seed: int = 7) -> Iterator[Item]:
    """``n`` items for the scale measure: new bases written by a word-bigram chain trained on the
    real quotes (new sentences with the real quotes' stock phrases, as a larger corpus brings;
    reusing the real quotes themselves would make a pool of 100,000 out of 7,000), no two sharing
    a run of five words (the rule :func:`bases` applies to the real ones), each with variants as
    :func:`generate` makes."""
    rng = random.Random(seed)
    vocab = vocabulary(pairs)
    follows: dict[str, list[str]] = {}
    lengths = []
    for quote, _ in pairs:
        toks = _tokens(quote)
        lengths.append(len(toks))
        for a, b in zip(["<s>", *toks], toks):
            follows.setdefault(a, []).append(b)
    made = 0
    b = 0
    seen: set[tuple[str, ...]] = set()
    while made < n:
        size = rng.choice(lengths)
        toks = []
        word = "<s>"
        while len(toks) < size:
            word = rng.choice(follows.get(word) or follows["<s>"])
            toks.append(word)
        # As for the real bases: two that share a run of five words would be one quote.
        words = _norm_words(" ".join(toks))
        fives = {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
        if len(words) < MIN_WORDS or fives & seen:
            continue
        seen |= fives
        quote = " ".join(toks)
        for item in generate([(quote, f"speaker {b}")], seed=rng.randint(0, 1 << 30), distractor_share=0,
                             vocab=vocab):
            if made >= n:
                return
            made += 1
            yield Item(made, made, item.text, item.speaker, item.published, b, item.rule)
        b += 1
