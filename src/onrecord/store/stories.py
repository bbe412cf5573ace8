"""Stories: the copies of one article (syndicated, re-scraped, lightly edited) grouped as one.

The store keeps one row per distinct text; the same text from several inputs is already one
document with several sources. A story goes further: documents whose bodies are nearly the
same, with another outlet's furniture around them or a few words changed, a paragraph dropped.

Each document's body is reduced to its word 5-shingles and a MinHash signature of them
(:data:`N_HASHES` multiply-shift hashes, Broder 1997); locality-sensitive hashing splits
the signature into :data:`BANDS` bands of :data:`ROWS` values (Leskovec, Rajaraman & Ullman,
*Mining of Massive Datasets*, ch. 3), and a new document is compared only with the documents
that share a band with it (``story_bands``): about linear in the corpus, never all pairs. Two
documents are copies when the signatures estimate a Jaccard similarity of :data:`MIN_JACCARD`
or more, or when the smaller is contained in the larger for :data:`MIN_CONTAINED` of its
shingles (a trimmed wire copy). A story is the closure of copies; its id is its first
document's key.

The SQL here runs inside the store's batch transaction (:meth:`Store.add_batch`).
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

N_HASHES = 96
BANDS, ROWS = 32, 3
SHINGLE = 5
MIN_JACCARD = 0.5
MIN_CONTAINED = 0.8
MIN_SHINGLES = 8  # a body of a few words (a photo page, a stub) is no evidence of a copy
_WORD = re.compile(r"[^\W_]+")
_IN_CHUNK = 500
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _hash_parameters() -> tuple[np.ndarray, np.ndarray]:
    """The hash functions: fixed odd multipliers and offsets, from a seeded generator, so every
    process and every version of the store computes the same signatures."""
    rng = np.random.default_rng(20261204)
    a = (rng.integers(1, 1 << 63, N_HASHES, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
    b = rng.integers(0, 1 << 63, N_HASHES, dtype=np.uint64)
    a.flags.writeable = b.flags.writeable = False  # constants: every signature depends on them
    return a, b


_A, _B = _hash_parameters()
_SHINGLE_MULT = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                                              0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD))

STORIES_DDL = """
CREATE TABLE story_members (
    doc INTEGER PRIMARY KEY,
    story INTEGER NOT NULL,
    n_shingles INTEGER NOT NULL,
    signature BLOB
);
CREATE INDEX story_members_story ON story_members(story);
CREATE TABLE story_bands (
    band INTEGER NOT NULL,
    doc INTEGER NOT NULL
);
CREATE INDEX story_bands_band ON story_bands(band);
"""


def shingles(text: str) -> np.ndarray:
    """The distinct word 5-shingles of ``text`` (case-folded), as 32-bit hashes: each word hashed
    once, a shingle's hash the 5 word hashes combined with fixed odd multipliers."""
    crc = zlib.crc32
    words = np.fromiter((crc(w.encode("utf-8")) for w in _WORD.findall(text.casefold())), dtype=np.uint64)
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = sum(words[k:k + n] * _SHINGLE_MULT[k] for k in range(SHINGLE))
    return np.unique(h >> np.uint64(32))


def signature(sh: np.ndarray) -> np.ndarray:
    """The MinHash signature of a non-empty shingle set: for each hash function
    ``h(x) = (a*x + b) mod 2**64 >> 32``, the least value over the set."""
    with np.errstate(over="ignore"):
        h = (np.multiply.outer(_A, sh) + _B[:, None]) & _MASK
    return (h >> np.uint64(32)).min(axis=1).astype(np.uint32)


def bands(sig: np.ndarray) -> list[int]:
    """The LSH band keys of a signature (band number folded in, signed 63-bit for SQLite)."""
    out = []
    for b in range(BANDS):
        raw = sig[b * ROWS:(b + 1) * ROWS].tobytes()
        out.append(zlib.crc32(raw, b) | (b << 32))
    return out


def copies(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> bool:
    """Whether two documents (signatures and shingle counts) are copies of one story."""
    j = float(np.mean(sig_a == sig_b))
    if j >= MIN_JACCARD:
        return True
    inter = j * (n_a + n_b) / (1 + j)  # |A ∩ B| from J = |A ∩ B| / |A ∪ B|
    return inter >= MIN_CONTAINED * min(n_a, n_b)


def _chunks(items: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i:i + _IN_CHUNK]


def link(conn: sqlite3.Connection, docs: Iterable[tuple[int, str]]) -> None:
    """Place each (document key, body) in a story, joining and merging stories as it finds
    copies. Runs in the caller's transaction."""
    for doc, body in docs:
        sh = shingles(body)
        if len(sh) < MIN_SHINGLES:
            conn.execute("INSERT INTO story_members(doc, story, n_shingles, signature) VALUES (?, ?, ?, NULL)",
                         (doc, doc, len(sh)))
            continue
        sig = signature(sh)
        keys = bands(sig)
        cands: set[int] = set()
        for chunk in _chunks(keys):
            cands.update(d for (d,) in conn.execute(
                f"SELECT DISTINCT doc FROM story_bands WHERE band IN ({', '.join('?' * len(chunk))})", chunk))
        found: set[int] = set()
        for chunk in _chunks(sorted(cands)):
            for story, n, blob in conn.execute(
                    "SELECT story, n_shingles, signature FROM story_members "
                    f"WHERE doc IN ({', '.join('?' * len(chunk))})", chunk):
                if story not in found and copies(sig, len(sh), np.frombuffer(blob, dtype=np.uint32), n):
                    found.add(story)
        story = min(found | {doc})
        merged = sorted(found - {story})
        if merged:
            conn.execute(f"UPDATE story_members SET story = ? WHERE story IN ({', '.join('?' * len(merged))})",
                         [story, *merged])
        conn.execute("INSERT INTO story_members(doc, story, n_shingles, signature) VALUES (?, ?, ?, ?)",
                     (doc, story, len(sh), sig.tobytes()))
        conn.executemany("INSERT INTO story_bands(band, doc) VALUES (?, ?)", [(k, doc) for k in keys])


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: its copies (documents with nearly the same body), first published, outlets."""

    story: int
    headline: str | None
    copies: int  # distinct documents
    inputs: int  # inputs that gave them (the same text twice is one document, two inputs)
    first_published: str | None
    first_doc_id: str
    outlets: tuple[str, ...]
    ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


def query_stories(conn: sqlite3.Connection, *, min_copies: int = 2, limit_sql: str = "") -> list[StoryRow]:
    """Stories with at least ``min_copies`` inputs, most copied first."""
    sql = ("SELECT s.story, COUNT(DISTINCT d.pk), (SELECT COUNT(*) FROM sources x JOIN story_members y "
           "ON y.doc = x.doc WHERE y.story = s.story), MIN(d.published), GROUP_CONCAT(DISTINCT d.publisher) "
           "FROM story_members s JOIN documents d ON d.pk = s.doc GROUP BY s.story "
           "HAVING (SELECT COUNT(*) FROM sources x JOIN story_members y ON y.doc = x.doc "
           "WHERE y.story = s.story) >= ? ORDER BY 3 DESC, 2 DESC, s.story" + limit_sql)
    out = []
    for story, copies, inputs, first, outlets in conn.execute(sql, (min_copies,)):
        ids = tuple(i for (i,) in conn.execute(
            "SELECT x.id FROM sources x JOIN story_members y ON y.doc = x.doc WHERE y.story = ? "
            "ORDER BY x.id", (story,)))
        (doc_id,) = conn.execute(
            "SELECT d.id FROM story_members s JOIN documents d ON d.pk = s.doc WHERE s.story = ? "
            "ORDER BY d.published IS NULL, d.published, d.pk LIMIT 1", (story,)).fetchone()
        # The headline most copies give: one outlet's page may have lent its menu to the headline.
        row = conn.execute(
            "SELECT d.headline FROM story_members s JOIN documents d ON d.pk = s.doc WHERE s.story = ? "
            "AND d.headline IS NOT NULL GROUP BY d.headline ORDER BY COUNT(*) DESC, MIN(d.pk) LIMIT 1",
            (story,)).fetchone()
        headline = row[0] if row else None
        out.append(StoryRow(story, headline, copies, inputs, first, doc_id,
                            tuple(sorted(set((outlets or "").split(",")) - {""})), ids))
    return out
