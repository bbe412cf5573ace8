"""Finding time expressions: the table of rules in priority order, the key words that tell which rules
can match where, and :func:`find_candidates`, which runs them over a text and keeps the longest match
where two overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from ...lexicon.calendar import MONTHS, SEASONS, WEEKDAYS
from . import grammar_clock, grammar_dates, grammar_spans
from .reading import Candidate, Reader, Reading

_BY_NAME = {**grammar_spans.RULES, **grammar_dates.RULES, **grammar_clock.RULES}

# Each rule with the key words one of which every match holds, and how far before its key a
# match may start. Rules run only at their keys: scanning every rule over every character of
# the text cost half a second per 500 kB; trying each at a few word starts before a key is
# twenty times cheaper (measured on TBAQ).
RULES: tuple[tuple[str, re.Pattern[str], Reader, frozenset[str], int], ...] = (
    ("ago", *_BY_NAME["ago"], frozenset({"ago", "ref"}), 90),
    ("clock", *_BY_NAME["clock"], frozenset({"clock", "digits"}), 40),
    ("numeric", *_BY_NAME["numeric"], frozenset({"digits"}), 8),
    ("month_date", *_BY_NAME["month_date"], frozenset({"month"}), 50),
    ("day_month", *_BY_NAME["day_month"], frozenset({"month"}), 12),
    ("quarter", *_BY_NAME["quarter"], frozenset({"quarter", "half", "q"}), 40),
    ("decade", *_BY_NAME["decade"], frozenset({"decade"}), 40),
    ("century", *_BY_NAME["century"], frozenset({"century"}), 50),
    ("relative", *_BY_NAME["relative"], frozenset({"unit", "quarter", "half", "century"}), 60),
    ("deictic", *_BY_NAME["deictic"], frozenset({"deictic"}), 30),
    ("narrative", *_BY_NAME["narrative"], frozenset({"unit"}), 20),
    ("weekend", *_BY_NAME["weekend"], frozenset({"unit"}), 6),
    ("the_day", *_BY_NAME["the_day"], frozenset({"unit"}), 30),
    ("short_year", *_BY_NAME["short_year"], frozenset({"short_year"}), 7),
    ("year_end", *_BY_NAME["year_end"], frozenset({"unit"}), 16),
    ("part_of_day", *_BY_NAME["part_of_day"], frozenset({"clock", "night", "deictic"}), 30),
    ("weekday", *_BY_NAME["weekday"], frozenset({"weekday"}), 30),
    ("season", *_BY_NAME["season"], frozenset({"season"}), 50),
    ("holiday", *_BY_NAME["holiday"], frozenset({"holiday", "unit", "weekday", "month"}), 24),
    ("set", *_BY_NAME["set"], frozenset({"set"}), 2),
    ("duration", *_BY_NAME["duration"], frozenset({"unit", "quarter", "night", "century"}), 90),
    ("vague_duration", *_BY_NAME["vague_duration"], frozenset({"unit", "century"}), 50),
    ("focus", *_BY_NAME["focus"], frozenset({"quarter", "unit", "period"}), 30),
    ("the_unit", *_BY_NAME["the_unit"], frozenset({"unit"}), 30),
    ("year", *_BY_NAME["year"], frozenset({"digits", "spoken_year"}), 50),
    ("ref", *_BY_NAME["ref"], frozenset({"ref"}), 20),
)


def trie_pattern(words: object) -> str:
    """A regex matching exactly ``words``, written as a trie ("to(?:day|morrow|night)") so that the
    engine tests one branch per character instead of every word at every position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:  # type: ignore[attr-defined]
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


_KEY_CLASSES: dict[str, tuple[str, ...]] = {
    "ago": ("ago", "earlier", "hence"),
    "deictic": ("today", "yesterday", "tomorrow", "tonight"),
    "unit": ("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
             "weekend", "weekends", "fortnight", "fortnights", "month", "months", "year", "years", "decade",
             "decades", "millennium", "millennia", "generation", "generations"),
    "century": ("century", "centuries"),
    "quarter": ("quarter", "quarters", "quarterly"),
    "half": ("half",),
    "period": ("period",),
    "night": ("night", "nights", "overnight"),
    "season": tuple(SEASONS),
    "set": ("every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly",
            "bimonthly", "semiannually", "once", "twice", "times"),
    "ref": ("now", "current", "currently", "recent", "recently", "present", "presently", "past", "future",
            "soon", "term", "formerly", "lately", "previously", "nowadays", "moment", "these"),
    "clock": ("noon", "midnight", "midday", "morning", "afternoon", "evening", "o'clock", "o’clock"),
    "month": tuple(MONTHS),
    "weekday": tuple(WEEKDAYS),
    "holiday": ("christmas", "thanksgiving", "easter", "halloween", "election"),
    "decade": tuple(grammar_dates.DECADE_WORDS),
    "q": ("q1", "q2", "q3", "q4"),
    "spoken_year": ("nineteen", "eighteen", "thousand"),
}
_KEY_OF = {w: k for k, ws in _KEY_CLASSES.items() for w in ws}
# The key words of every rule, found in one pass: numbers (and "1990s", "'80s"), "a.m."/"p.m.", and
# the words above.
_KEYS = re.compile(
    r"(?<![\w'’])(?:(?P<digits>\d+(?:[:/.,-]\d+)*)(?P<decs>['’]?s)?|(?P<apos>['’]\d0['’]?s)|(?P<yy>['’]\d\d)"
    r"|(?P<clock>[ap]\.\s?m\b\.?|[ap]m\b)|(?P<word>" + trie_pattern(_KEY_OF) + r"))(?![\w])",
    re.IGNORECASE,
)


def _key_class(m: re.Match[str]) -> str:
    if m["word"]:
        return _KEY_OF.get(m["word"].lower(), "")
    if m["digits"]:
        return "decade" if m["decs"] else "digits"
    if m["yy"]:
        return "short_year"
    return "decade" if m["apos"] else "clock"


_WORD_START = re.compile(r"(?<![\w'’])[\w'’$]")


def find_candidates(text: str) -> list[Candidate]:
    """Every time expression in ``text``, longest match first where two overlap, in text order."""
    hits = [(_key_class(m), m.start(), m.end()) for m in _KEYS.finditer(text)]
    if not hits:
        return []
    starts = [m.start() for m in _WORD_START.finditer(text)]
    seen: set[tuple[int, int, int]] = set()
    found: list[tuple[int, int, int, Reading]] = []
    for key, ks, ke in hits:
        for prio in _RULES_BY_KEY.get(key or "", ()):
            _, rx, reader, _, before = RULES[prio]
            lo = bisect_left(starts, ks - before)
            hi = bisect_right(starts, ks)
            for pos in starts[lo:hi]:
                m = rx.match(text, pos)
                if m is None or m.end() < ke:
                    continue
                sig = (prio, m.start(), m.end())
                if sig in seen:
                    break
                seen.add(sig)
                got = reader(m, text)
                if got is not None:
                    r, s, e = got if isinstance(got, tuple) else (got, m.start(), m.end())
                    found.append((s, e, prio, r))
                    break
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []
    for s, e, _, r in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(Candidate(s, e, r))
    out.sort(key=lambda c: c.start)
    return out


def _rules_by_key() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for n, (_, _, _, keys, _) in enumerate(RULES):
        for k in keys:
            out.setdefault(k, []).append(n)
    return {k: tuple(v) for k, v in out.items()}


_RULES_BY_KEY = _rules_by_key()


def iter_rules() -> Iterator[str]:
    """The rule names, in priority order (for tests and the docs)."""
    return (name for name, *_ in RULES)