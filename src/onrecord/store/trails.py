"""Quote trails: one quote's appearances across the corpus, and the variants whose words changed.

A quote travels: a wire story is printed by many outlets, a later article trims it or cuts
a stretch out with an ellipsis, and sometimes a word changes on the way. A **trail** groups
the quoted words (direct quotes, and the quoted fragments of mixed ones) that are the same or
nearly the same, whatever the document; each appearance keeps its document and exact span.

Matching, incremental and about linear in the corpus:

- a quote's **words** are its word tokens, compared case-folded; punctuation, quotation
  marks and ellipses are not words, so "…" and "," never make a difference;
- **candidates** come from an index of the word trigrams of each trail (``trail_grams``): a
  new quote is compared only with the trails that share a trigram with it (two, for a quote
  of more than six trigrams, and at least half as many as the trail sharing the most), at
  most :data:`MAX_CANDIDATES` of them, each through its :data:`WORDINGS_COMPARED` longest wordings; a trigram held by more than
  :data:`COMMON_GRAM` trails ("i don't think") is not used to find them (a trail printed a
  thousand times is one trail in the index, so its own trigrams stay usable);
- two quotes **match** when the words they share in order (difflib's matching blocks) are
  :data:`MATCH_SHARE` of the shorter one's words, :data:`MIN_MATCH` of them in runs of two
  or more: a trimmed or ellipsed quote shares all its words, a quote with a
  word or two changed most of them, two quotes that share a stock phrase few. A quote under
  :data:`FUZZY_WORDS` words matches only as a cut (all its words in order in the other):
  "this is a very expensive deal" and "this is a very big company" share five words of six,
  and are two quotes;
- a trail is the closure of matches (union of groups).

Within a trail, the **reference** wording is the one most appearances can be cut from (each
appearance that is the reference with words deleted, as trimming and ellipsis do, supports
it); ties go to the earliest published (a quote travels from where it was first printed),
then the longer. An appearance is **altered** when its words are
not the reference's with words deleted, nor the reference the appearance's: a word was
changed, added or reordered; its ``diff`` gives the word-level changes. An appearance is
**credited elsewhere** when its speaker differs from the trail's most frequent speaker.

Trails hold the appearances of both views of the store (schema.py: ``attributions.layer``):
the pipeline's attributions, and the rows a reviewer's correction made (a corrected content or
speaker, an added quote), linked when the correction is made or undone and when a document is
re-processed. A read shows one view's appearances (:func:`query_trails`, :func:`query_trail`): an
attribution marked wrong is left out of the corrected view and stays in the raw one. A trail's
flags are those of the corrected view (:func:`reflag`). A trail joined only through an appearance
one view leaves out stays one trail in both (trails are never split, as on re-processing).

The SQL here runs inside the store's write transactions (:meth:`Store.add_batch`, a correction).
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

MIN_WORDS = 5  # shorter quoted words ("a disaster", "very good news") are phrases, not trails
MIN_MATCH = 4
FUZZY_WORDS = 8  # a changed word is told from a different quote only in quotes this long or longer
MATCH_SHARE = 0.75
COMMON_GRAM = 20
MAX_CANDIDATES = 8
CACHE_KIB = 262144
WORDINGS_COMPARED = 3  # a trail's longest wordings: the others are mostly cuts of them
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’")

TRAILS_DDL = """
CREATE TABLE trail_members (
    pk INTEGER PRIMARY KEY,
    attr INTEGER NOT NULL,
    part INTEGER NOT NULL DEFAULT 0,
    doc INTEGER NOT NULL,
    trail INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    words TEXT NOT NULL,
    speaker TEXT,
    published TEXT,
    altered INTEGER NOT NULL DEFAULT 0,
    other_speaker INTEGER NOT NULL DEFAULT 0,
    diff TEXT
);
CREATE INDEX trail_members_trail ON trail_members(trail);
CREATE INDEX trail_members_doc ON trail_members(doc);
CREATE UNIQUE INDEX trail_members_attr ON trail_members(attr, part);
CREATE TABLE trail_grams (
    gram INTEGER NOT NULL,
    trail INTEGER NOT NULL,
    PRIMARY KEY (gram, trail)
) WITHOUT ROWID;
CREATE INDEX trail_grams_trail ON trail_grams(trail);
"""


@dataclass(frozen=True, slots=True)
class Quoted:
    """Quoted words to place in a trail: the ``part``-th quoted stretch of attribution ``attr``
    (the store's attributions.pk) in document ``doc``, ``start``/``end`` its span in the text."""

    attr: int
    part: int
    doc: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    published: str | None = None


def words_of(text: str) -> tuple[str, ...]:
    """The words of a quote as written (case kept): what trails compare, case-folded."""
    return tuple(_WORD.findall(text))


def _folded(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.casefold().replace("’", "'") for w in words)


def wording(text: str) -> tuple[str, ...]:
    """The words of a quote as trails compare them (case-folded, one apostrophe): two appearances
    with the same wording differ only in case, punctuation and quotation marks."""
    return _folded(words_of(text))


def grams(folded: Sequence[str]) -> set[int]:
    """The word trigrams of ``folded`` (words case-folded), hashed to 32 bits (stable across processes)."""
    return {zlib.crc32(" ".join(folded[i:i + 3]).encode("utf-8")) for i in range(len(folded) - 2)}


def _shared(fa: Sequence[str], fb: Sequence[str]) -> tuple[int, int]:
    """How many words ``fa`` and ``fb`` (case-folded) share in order: in all, and in runs of two or more."""
    blocks = SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks), sum(m.size for m in blocks if m.size >= 2)


def matches(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether ``a`` and ``b`` are the same quote: one is the other trimmed or ellipsed, or (both
    of :data:`FUZZY_WORDS` words or more) they share most of the shorter's words in runs."""
    return _matches(_folded(a), _folded(b))


def _matches(fa: Sequence[str], fb: Sequence[str]) -> bool:
    """:func:`matches` of words already case-folded."""
    short = min(len(fa), len(fb))
    if short < MIN_WORDS:
        return False
    # The words in common, in any order, bound those in order: most pairs stop here, cheaply.
    if sum((Counter(fa) & Counter(fb)).values()) < MATCH_SHARE * short:
        return False
    n, in_runs = _shared(fa, fb)
    if in_runs < MIN_MATCH or n < MATCH_SHARE * short:
        return False
    return short >= FUZZY_WORDS or _cut(fa, fb) or _cut(fb, fa)


def cut_from(full: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` is ``full`` with words deleted (trimmed at its ends, ellipsed inside)."""
    return _cut(_folded(full), _folded(part))


def _cut(full: Sequence[str], part: Sequence[str]) -> bool:
    if len(part) > len(full):
        return False
    sm = SequenceMatcher(None, full, part, autojunk=False)
    return all(op in ("equal", "delete") for op, *_ in sm.get_opcodes())


def segments(ref: Sequence[str], words: Sequence[str]) -> list[tuple[str, str]]:
    """``words`` against ``ref`` as a run of (op, text) to show side by side: "equal" words,
    "delete" (the reference's words missing here) and "insert" (words here, not in the reference)."""
    sm = SequenceMatcher(None, _folded(ref), _folded(words), autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            out.append(("delete", " ".join(ref[i1:i2])))
        if op in ("equal", "insert", "replace"):
            out.append(("equal" if op == "equal" else "insert", " ".join(words[j1:j2])))
    return out


def diff(ref: Sequence[str], words: Sequence[str]) -> list[list[str]]:
    """The word-level changes from ``ref`` to ``words``: [op, reference words, these words] for
    each replaced, inserted or deleted run (op: replace | insert | delete)."""
    sm = SequenceMatcher(None, _folded(ref), _folded(words), autojunk=False)
    return [[op, " ".join(ref[i1:i2]), " ".join(words[j1:j2])]
            for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speakers (cross-document keys or names) can be one: equal, or the same last
    word ("person:kim" and "person:kim jong un"); an unknown speaker conflicts with none."""
    if not a or not b:
        return True
    wa, wb = a.split(":", 1)[-1].split(), b.split(":", 1)[-1].split()
    return wa == wb or bool(wa and wb and wa[-1] == wb[-1] and (len(wa) == 1 or len(wb) == 1 or wa[0] == wb[0]))


@dataclass(frozen=True, slots=True)
class Flags:
    """What a trail says of one appearance."""

    altered: bool
    other_speaker: bool
    diff: tuple[tuple[str, str, str], ...] = ()


def flag(members: Sequence[tuple[Sequence[str], str | None, str | None]], *,
         voting: Sequence[bool] | None = None) -> list[Flags]:
    """The flags of each of a trail's (words, speaker, published) members, in order (see the
    module doc); an unknown publication date counts as later than any known one. ``voting``
    (one bool a member, default all) says which members choose the reference wording and the most
    frequent speaker; every member is flagged against them. When none votes (a trail of
    superseded appearances only), all do."""
    votes = list(voting) if voting is not None and any(voting) else [True] * len(members)
    # Support is counted over distinct wordings (syndicated copies repeat one), each weighed by
    # how often it appears: a trail printed 500 times in 3 wordings costs 9 comparisons, not 250,000.
    by_wording: dict[tuple[str, ...], list[int]] = {}
    for i, (words, _, _) in enumerate(members):
        if votes[i]:
            by_wording.setdefault(_folded(words), []).append(i)
    keys = list(by_wording)
    firsts = [min(ix, key=lambda i: (members[i][2] or "9999", i)) for ix in by_wording.values()]
    counts = [len(ix) for ix in by_wording.values()]
    support = [sum(c for k, c in zip(keys, counts) if _cut(ref, k)) for ref in keys]
    best = min(range(len(keys)), key=lambda k: (-support[k], members[firsts[k]][2] or "9999",
                                                 -len(keys[k]), firsts[k]))
    rw, rkey = members[firsts[best]][0], keys[best]
    cut = {k: _cut(rkey, k) or _cut(k, rkey) for k in {_folded(w) for w, _, _ in members}}
    speakers = Counter(s for (_, s, _), v in zip(members, votes) if s and v)
    top = speakers.most_common(1)[0][0] if speakers else None
    diffs: dict[tuple[str, ...], tuple[tuple[str, str, str], ...]] = {}  # syndicated copies: once
    out = []
    for words, speaker, _ in members:
        altered = not cut[_folded(words)]
        if altered and tuple(words) not in diffs:
            diffs[tuple(words)] = tuple((op, a, b) for op, a, b in diff(rw, words))
        out.append(Flags(altered, not same_speaker(speaker, top), diffs[tuple(words)] if altered else ()))
    return out


def quoted_parts(kind: str, content: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The quoted words of an attribution's content parts ((start, end, text) each): a direct
    quote's parts whole, a mixed one's stretches inside quotation marks; others have none."""
    if kind == "direct":
        return [p for p in content if len(words_of(p[2])) >= MIN_WORDS]
    if kind != "mixed":
        return []
    out = []
    for start, _, text in content:
        for m in _QUOTED.finditer(text):
            g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
            if len(words_of(m.group(g))) >= MIN_WORDS:
                out.append((start + m.start(g), start + m.end(g), m.group(g)))
    return out


def link(conn: sqlite3.Connection, quoted: Iterable[Quoted]) -> set[int]:
    """Place each of ``quoted`` in a trail (joining and merging trails as it matches them), then
    re-flag the trails it touched; returns those trails' ids. Runs in the caller's transaction."""
    # The trigram index is read at random: a page cache of up to 256 MB keeps the index of a
    # corpus of a few hundred thousand quotes in memory (SQLite's default is 2 MB; the cache
    # grows only as pages are read).
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    touched: set[int] = set()
    for q in quoted:
        words = words_of(q.text)
        if len(words) < MIN_WORDS:
            continue
        folded = _folded(words)
        gs = sorted(grams(folded))
        trails = _matching_trails(conn, folded, gs)
        pk = conn.execute(
            'INSERT INTO trail_members(attr, part, doc, trail, start, "end", words, speaker, published) '
            "VALUES (?, ?, ?, -1, ?, ?, ?, ?, ?)",
            (q.attr, q.part, q.doc, q.start, q.end, " ".join(words), q.speaker, q.published)).lastrowid
        assert pk is not None
        trail = min(trails | {pk})
        merged = sorted(trails - {trail})
        if merged:
            marks = ", ".join("?" * len(merged))
            conn.execute(f"UPDATE trail_members SET trail = ? WHERE trail IN ({marks})", [trail, *merged])
            conn.execute(f"UPDATE OR IGNORE trail_grams SET trail = ? WHERE trail IN ({marks})", [trail, *merged])
            conn.execute(f"DELETE FROM trail_grams WHERE trail IN ({marks})", merged)
            touched -= set(merged)
        conn.execute("UPDATE trail_members SET trail = ? WHERE pk = ?", (trail, pk))
        conn.executemany("INSERT OR IGNORE INTO trail_grams(gram, trail) VALUES (?, ?)", [(g, trail) for g in gs])
        touched.add(trail)
    for trail in touched:
        reflag(conn, trail)
    return touched


def _matching_trails(conn: sqlite3.Connection, folded: Sequence[str], gs: Sequence[int]) -> set[int]:
    """The trails the words ``folded`` (case-folded, trigrams ``gs``) match: among those sharing the
    most trigrams with them, those with a wording that :func:`matches` them."""
    hits: Counter[int] = Counter()
    for g in gs:  # one index seek a trigram, never more than COMMON_GRAM + 1 rows read
        ts = [t for (t,) in conn.execute("SELECT trail FROM trail_grams WHERE gram = ? LIMIT ?", (g, COMMON_GRAM + 1))]
        if len(ts) <= COMMON_GRAM:
            hits.update(ts)
    # A quote a word or two away shares most trigrams; a long one sharing a single trigram is
    # another quote. At most MAX_CANDIDATES trails are compared, those sharing the most trigrams.
    ranked = hits.most_common(MAX_CANDIDATES)
    # ... and one sharing less than half as many as the best candidate is another quote that
    # shares a phrase with it.
    need = max(1 if len(gs) <= 6 else 2, (ranked[0][1] + 1) // 2 if ranked else 0)
    found: set[int] = set()
    for trail, h in ranked:
        if h < need:
            break
        if any(_matches(folded, _folded(other.split(" "))) for (other,) in conn.execute(
                "SELECT DISTINCT words FROM trail_members WHERE trail = ? ORDER BY length(words) DESC LIMIT ?",
                (trail, WORDINGS_COMPARED))):
            found.add(trail)
    return found


def reflag(conn: sqlite3.Connection, trail: int) -> None:
    """Recompute the flags of one trail's members (its reference may change as it grows).

    A trail holds the appearances of both views of the store (schema.py: ``attributions.layer``):
    the reference wording and the most frequent speaker are those of the corrected view (an
    attribution a reviewer superseded, layer 1, does not vote), and every member, superseded ones
    too, is flagged against them: one set of flags, the default view's."""
    # Outside a store (trail tables alone, as bench/trails.py links them) every appearance is the pipeline's.
    layered = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attributions'").fetchone()
    rows = conn.execute(
        "SELECT t.pk, t.words, t.speaker, t.published, "
        + ("COALESCE(a.layer, 0) FROM trail_members t LEFT JOIN attributions a ON a.pk = t.attr" if layered else
           "0 FROM trail_members t") + " WHERE t.trail = ? ORDER BY t.pk", (trail,)).fetchall()
    if not rows:  # merged into another, or its last appearance gone
        return
    if len(rows) == 1:
        conn.execute("UPDATE trail_members SET altered = 0, other_speaker = 0, diff = NULL WHERE pk = ?",
                     (rows[0][0],))
        return
    flags = flag([(w.split(" "), s, d) for _, w, s, d, _ in rows], voting=[layer != 1 for *_, layer in rows])
    conn.executemany(
        "UPDATE trail_members SET altered = ?, other_speaker = ?, diff = ? WHERE pk = ?",
        [(int(f.altered), int(f.other_speaker), json.dumps(f.diff) if f.diff else None, pk)
         for (pk, *_), f in zip(rows, flags)])


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class TrailRow:
    """A trail across the corpus: how often and where its words appear, and what changed."""

    trail: int
    text: str  # the reference wording as printed (the earliest unaltered appearance)
    appearances: int
    documents: int
    stories: int  # independent stories: copies of one article count once
    first_published: str | None
    first_doc_id: str
    speakers: tuple[str, ...]
    altered: int
    other_speaker: int

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass(frozen=True, slots=True)
class Appearance:
    """One appearance of a trail's words: its document, outlet, date and exact span."""

    trail: int
    doc_id: str
    sha256: str
    published: str | None
    publisher: str | None
    headline: str | None
    aid: str
    start: int
    end: int
    text: str
    speaker_name: str | None
    speaker_key: str | None
    story: int
    altered: bool
    other_speaker: bool
    diff: tuple[tuple[str, str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        d = {f: getattr(self, f) for f in self.__slots__}
        d["diff"] = [list(x) for x in self.diff]
        return d


def query_trails(conn: sqlite3.Connection, where: Sequence[str], args: Sequence[Any], *, altered: bool = False,
                 min_appearances: int = 2, limit_sql: str = "", view: str = "a.layer != 1") -> list[TrailRow]:
    """Trails with a member whose attribution ``a`` meets every condition of ``where``, most
    independent stories first; only the appearances whose attribution ``a`` meets ``view`` (the
    store's condition for the corrected or the raw view) are counted and shown."""
    cond = [*where, view] + (["t.altered = 1 OR t.other_speaker = 1"] if altered else [])
    inner = ("SELECT t.trail FROM trail_members t JOIN attributions a ON a.pk = t.attr WHERE "
             + " AND ".join(f"({c})" for c in cond))
    sql = ("SELECT t.trail, COUNT(*), COUNT(DISTINCT t.doc), COUNT(DISTINCT COALESCE(s.story, t.doc)), "
           "MIN(t.published), SUM(t.altered), SUM(t.other_speaker), "
           "GROUP_CONCAT(DISTINCT COALESCE(a.speaker_name, a.source)) "
           "FROM trail_members t JOIN attributions a ON a.pk = t.attr "
           "LEFT JOIN story_members s ON s.doc = t.doc "
           f"WHERE t.trail IN ({inner}) AND ({view}) GROUP BY t.trail HAVING COUNT(*) >= ? "
           "ORDER BY COUNT(DISTINCT COALESCE(s.story, t.doc)) DESC, COUNT(*) DESC, t.trail" + limit_sql)
    out = []
    for trail, n, docs, n_stories, first, n_alt, n_oth, speakers in conn.execute(sql, [*args, min_appearances]):
        (doc_id,) = conn.execute(
            "SELECT d.id FROM trail_members t JOIN documents d ON d.pk = t.doc JOIN attributions a ON a.pk = t.attr "
            f"WHERE t.trail = ? AND ({view}) ORDER BY t.published IS NULL, t.published, t.pk LIMIT 1",
            (trail,)).fetchone()
        (text,) = conn.execute(
            'SELECT substr(d.text, t.start + 1, t."end" - t.start) FROM trail_members t '
            "JOIN documents d ON d.pk = t.doc JOIN attributions a ON a.pk = t.attr "
            f"WHERE t.trail = ? AND ({view}) "
            "ORDER BY t.altered, t.published IS NULL, t.published, t.pk LIMIT 1", (trail,)).fetchone()
        out.append(TrailRow(trail, text, n, docs, n_stories, first, doc_id,
                            tuple(sorted(set((speakers or "").split(",")) - {""})), n_alt, n_oth))
    return out


def query_trail(conn: sqlite3.Connection, trail: int, *, view: str = "a.layer != 1") -> list[Appearance]:
    """Every appearance of one trail whose attribution ``a`` meets ``view`` (see
    :func:`query_trails`), earliest first."""
    sql = ('SELECT t.trail, d.id, d.sha256, d.published, d.publisher, d.headline, a.aid, t.start, t."end", '
           'substr(d.text, t.start + 1, t."end" - t.start), a.speaker_name, a.speaker_key, '
           "COALESCE(s.story, t.doc), t.altered, t.other_speaker, t.diff "
           "FROM trail_members t JOIN attributions a ON a.pk = t.attr JOIN documents d ON d.pk = t.doc "
           f"LEFT JOIN story_members s ON s.doc = t.doc WHERE t.trail = ? AND ({view}) "
           "ORDER BY d.published IS NULL, d.published, t.pk")
    out = []
    for (t, doc_id, sha, published, publisher, headline, aid, start, end, text, name, key, story, altered,
         other, diff) in conn.execute(sql, (trail,)):
        out.append(Appearance(t, doc_id, sha, published, publisher, headline, aid, start, end, text, name, key,
                              story, bool(altered), bool(other),
                              tuple((op, a, b) for op, a, b in json.loads(diff)) if diff else ()))
    return out
