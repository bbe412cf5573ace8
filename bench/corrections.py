"""Do corrections survive re-processing? Issue 18's target, measured on a real corpus.

    python bench/corrections.py ../shared/data/bbc-news --db /tmp/bbc.db --corrections 500

1. Ingests the articles into ``--db`` (skipped for those it holds already).
2. Makes ``--corrections`` random corrections (seeded) through the store's API, of every kind:
   an attribution marked wrong, its speaker set to a new name or to another entity of its
   document, its content trimmed by a word at either end, its source moved to another mention, a
   missed attribution added over a sentence no attribution covers.
3. Re-processes the whole store as ``onrecord ingest --reprocess`` does (same model: every
   correction should land where it was).
4. Re-processes it again with the texts changed as a new reader might change them, to exercise the
   anchoring by text: in every third document a furniture line is added above the text (every
   offset moves), and in every fifth a word of the body is replaced (a quote that held it is no
   longer the same text).

After each re-run it counts the corrections re-applied where they were, found again nearby, and
reported as no longer applying, and checks that the first two really show in the corrected view
(each change's effect, looked up in the corrected record) and that no correction is missing from
the counts: "re-applied or reported" for all of them. The articles are read at run time from the
shared data; nothing of them is copied here.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from onrecord.inputs import SUFFIXES, find_documents, iter_inputs
from onrecord.model import Record
from onrecord.pipeline import Outcome, process_many
from onrecord.state import Input
from onrecord.store import Correction, ReprocessResult, Store, ingest, reprocess

CHANGES = ("wrong", "speaker", "entity", "content", "source", "add")


def make_corrections(store: Store, n: int, rng: random.Random) -> list[Correction]:
    """``n`` corrections of random attributions (and missed ones) of random documents."""
    docs = [d.sha256 for d in store.documents(limit=None)]
    made: list[Correction] = []
    # One correction an attribution, so that each can be checked on its own (a second speaker
    # correction of the same attribution would rightly override the first).
    taken: set[tuple[str, str]] = set()
    tries = 0
    while len(made) < n and tries < 20 * n:
        tries += 1
        rec = store.record(rng.choice(docs))
        if rec is None or not rec.attributions:
            continue
        change = rng.choice(CHANGES)
        a = rng.choice(rec.attributions)
        if (rec.sha256, a.id) in taken:
            continue
        ref = f"{rec.sha256}:{a.id}"
        try:
            c = _one(store, rec, a.id, ref, change, rng)
        except Exception as e:  # a random pick that does not make a valid correction: pick again
            if "UsageError" not in type(e).__name__:
                raise
            continue
        if c is not None:
            made.append(c)
            taken.add((rec.sha256, c.applied_to or ""))
    return made


def _one(store: Store, rec: Record, aid: str, ref: str, change: str, rng: random.Random) -> Correction | None:
    a = next(x for x in rec.attributions if x.id == aid)
    if change == "wrong":
        return store.correct_wrong(ref, reason="bench", who="bench")
    if change == "speaker":
        return store.correct_speaker(ref, name=rng.choice(["Ana Ruiz", "Tom Okafor", "The ministry"]), who="bench")
    if change == "entity":
        others = [e for e in rec.entities if e.id != a.speaker and e.type in ("PERSON", "ORG")]
        return store.correct_speaker(ref, entity=rng.choice(others).id, who="bench") if others else None
    if change == "content":
        first, last = a.content[0], a.content[-1]
        if len(a.content) != 1 or " " not in first.text.strip():
            return None
        words = first.text.split(" ")
        if rng.random() < 0.5:
            return store.correct_content(ref, first.start + len(words[0]) + 1, last.end, who="bench")
        return store.correct_content(ref, first.start, last.end - len(words[-1]) - 1, who="bench")
    if change == "source":
        mentions = [m for e in rec.entities for m in e.mentions if a.source is None or m.start != a.source.start]
        if not mentions:
            return None
        m = rng.choice(mentions)
        return store.correct_source(ref, m.start, m.end, who="bench")
    # add: a body sentence that no attribution touches
    covered = {i for x in rec.attributions for s in x.content for i in range(s.start, s.end)}
    body_start = rec.text.find(rec.body[:40]) if rec.body else -1
    if body_start < 0:
        return None
    sentences = [(body_start + i, body_start + j) for i, j in _sentences(rec.body)]
    free = [(s, e) for s, e in sentences if e - s > 20 and not any(k in covered for k in range(s, e))
            and rec.text[s:e] == rec.text[s:e].strip()]
    if not free:
        return None
    s, e = rng.choice(free)
    return store.correct_add(rec.sha256, (s, e), name="Unnamed official", kind="indirect", who="bench")


def _sentences(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(body):
        if ch in ".\n" and i > start:
            piece = body[start:i]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                out.append((start + lead, start + len(piece.rstrip())))
            start = i + 1
    return out


def check(store: Store) -> tuple[int, int, int, int]:
    """(applied, moved, not applied, shown wrongly): the last counts applied corrections whose effect
    is not in the corrected view (should be 0)."""
    counts = {"applied": 0, "moved": 0, "not_applied": 0}
    bad = 0
    for c in store.corrections(undone=False):
        counts[c.status] += 1
        if c.status == "not_applied":
            continue
        got = store.corrected(c.doc)
        assert got is not None
        attrs = {a.id: a for a in got.record.attributions}
        a = attrs.get(c.applied_to or "")
        if c.change == "wrong":
            ok = a is None
        elif c.change == "speaker":
            # By name, ignoring case: a re-read may change a name's case ("MATTHEW Taylor").
            e = got.record.entity(a.speaker) if a is not None else None
            ok = e is not None and e.name.casefold() == (c.name or c.entity_name or "").casefold()
        elif c.change == "source":
            ok = a is not None and a.source is not None and a.source.text == c.spans[0].text
        else:  # content, add
            ok = a is not None and [s.text for s in a.content] == [s.text for s in c.spans]
        bad += not ok
    return counts["applied"], counts["moved"], counts["not_applied"], bad


def perturbed(store: Store) -> list[tuple[int, Input]]:
    """The held documents as a changed reader might give them (module docs, step 4)."""
    out = []
    for k, (pk, inp) in enumerate(store.held()):
        text = inp.data.decode("utf-8", "replace") if isinstance(inp.data, bytes) else inp.data
        if k % 3 == 0:
            text = "Share this page\n\n" + text
        if k % 5 == 0:
            words = [w for w in text.split() if len(w) > 6 and w.isalpha()]
            if words:
                w = words[len(words) // 2]
                text = text.replace(w, w.upper(), 1)
        out.append((pk, Input(inp.id, text, published=inp.published, url=inp.url, origin=None)))
    return out


def rerun(store: Store, held: list[tuple[int, Input]], *, workers: int) -> ReprocessResult:
    pks = [pk for pk, _ in held]
    total = ReprocessResult()
    buf: list[tuple[int, Outcome]] = []
    for pk, out in zip(pks, process_many((i for _, i in held), workers=workers)):
        buf.append((pk, out))
        if len(buf) >= 64:
            total += store.replace_batch(buf)
            buf = []
    if buf:
        total += store.replace_batch(buf)
    return total


def report(label: str, store: Store, result: ReprocessResult, took: float, n: int) -> None:
    applied, moved, missed, bad = check(store)
    print(f"{label}: {result.documents} documents re-processed ({result.failed} failed) in {took:.0f} s; "
          f"corrections: {applied} re-applied where they were, {moved} found again nearby, {missed} reported as "
          f"no longer applying; {applied + moved + missed} of {n} accounted for; {bad} applied but not shown")
    for c in result.not_applied[:10]:
        print(f"    correction {c.id} ({c.change} in {c.doc_id}): {c.note}")
    if len(result.not_applied) > 10:
        print(f"    ... and {len(result.not_applied) - 10} more")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="A folder of articles (the BBC News corpus of the shared data).")
    ap.add_argument("--db", required=True, help="The store to build (or reuse).")
    ap.add_argument("--corrections", type=int, default=500, help="How many corrections to make.")
    ap.add_argument("--limit", type=int, default=0, help="Only the first N articles (0: all).")
    ap.add_argument("--workers", type=int, default=1, help="Processes to parse in.")
    ap.add_argument("--seed", type=int, default=18, help="Seed of the random picks.")
    args = ap.parse_args(argv)

    places = find_documents([args.corpus], suffixes=SUFFIXES)
    if args.limit:
        places = places[:args.limit]
    with Store.open(args.db) as store:
        t = time.monotonic()
        added = ingest(store, iter_inputs(places, input_format="text"), workers=args.workers)
        print(f"ingest: {len(places)} articles ({added.added} added, {added.skipped} held or identical) in "
              f"{time.monotonic() - t:.0f} s; {store.counts()['attributions']} attributions", flush=True)
        if store.corrections():
            print(f"the store holds {len(store.corrections())} corrections already: give a new --db", file=sys.stderr)
            return 2
        made = make_corrections(store, args.corrections, random.Random(args.seed))
        kinds = {k: sum(c.change == k for c in made) for k in ("wrong", "speaker", "content", "source", "add")}
        print(f"made {len(made)} corrections: {kinds}", flush=True)
        applied, moved, missed, bad = check(store)
        print(f"before re-processing: {applied} applied, {moved} moved, {missed} not applied, {bad} not shown",
              flush=True)
        t = time.monotonic()
        result = reprocess(store, workers=args.workers)
        report("re-processed (same pipeline)", store, result, time.monotonic() - t, len(made))
        t = time.monotonic()
        result = rerun(store, perturbed(store), workers=args.workers)
        report("re-processed (texts changed)", store, result, time.monotonic() - t, len(made))
        print(f"store integrity: {store.integrity()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
