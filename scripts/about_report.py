#!/usr/bin/env python3
"""How ``onrecord query quotes --about`` does on real pages: the statements about people.

    python scripts/about_report.py [/work/shared/data/quotes/dev/pages] [--seed 18] [--sample 15] [--top 5]

Extracts the pages with onrecord's own pipeline, ingests them into a temporary store (deleted at
the end), and prints:

- how many statements (attributions) there are, and how many have at least one ``about`` entity
  of type PERSON (the record's ``about``: entities whose mention, a pronoun resolved to them
  included, lies inside the content);
- for the people most talked about (in the most statements), how many statements
  ``onrecord query quotes --about NAME`` finds, run as a user would (the command line, on the
  store, by the person's canonical name), against how many have that person in ``about``, and
  whether every statement it finds has them there;
- a seeded random sample of statements, each with its content and the people of its ``about``
  (and the words of the content that name or refer to them), for a person to check by hand:
  that each listed person is named or referred to in the content, and that no one named there is
  missing.

Nothing here is a gold standard: the checks are of consistency (the query against the records)
and the sample is for a human reader.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from onrecord.inputs import find_documents, iter_inputs
from onrecord.model import Attribution, Record, entity_key
from onrecord.store import Store, ingest

DEFAULT_PAGES = "/work/shared/data/quotes/dev/pages"


@dataclass(frozen=True, slots=True)
class Statement:
    doc_id: str
    sha256: str
    attribution: Attribution
    # (key, name, the content's mentions of them as (text, kind: name | partial | pronoun | ...))
    people: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    others: tuple[str, ...]  # the names of the other entities it is about (organizations, places, ...)


def statements(record: Record) -> list[Statement]:
    """Each attribution of ``record`` with whom its ``about`` names."""
    out = []
    for a in record.attributions:
        people, others = [], []
        for eid in a.about:
            e = record.entity(eid)
            if e is None:
                continue
            if e.type != "PERSON":
                others.append(f"{e.name} ({e.type})")
                continue
            words = tuple((m.text, m.kind) for m in e.mentions
                          if any(c.start <= m.start and m.end <= c.end for c in a.content))
            people.append((entity_key(e.name, e.type), e.name, words))
        out.append(Statement(record.id, record.sha256, a, tuple(people), tuple(others)))
    return out


def query_about(db: str, name: str) -> list[dict[str, object]]:
    """What ``onrecord query quotes --about NAME`` finds (all of it, as JSON), run as a user runs it."""
    res = subprocess.run([sys.executable, "-m", "onrecord", "-q", "query", "quotes", "--about", name, "--limit", "0",
                          "--json", "--db", db], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"onrecord query quotes --about {name!r} failed ({res.returncode}): {res.stderr.strip()}")
    rows: list[dict[str, object]] = json.loads(res.stdout) if res.stdout.strip() else []
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="?", default=DEFAULT_PAGES, help="A folder of pages (.txt/.html).")
    ap.add_argument("--seed", type=int, default=18, help="Seed of the sample (default 18).")
    ap.add_argument("--sample", type=int, default=15, help="Statements in the sample (default 15).")
    ap.add_argument("--top", type=int, default=5, help="People most talked about to query (default 5).")
    ap.add_argument("--workers", type=int, default=1, help="Pipeline worker processes (default 1).")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="onrecord-about-") as tmp:
        db = str(Path(tmp) / "about.db")
        with Store.open(db) as store:
            added = ingest(store, iter_inputs(find_documents([args.pages])), workers=args.workers)
            records = list(store.records())
        every = [s for r in records for s in statements(r)]
        about_people = [s for s in every if s.people]
        print(f"pages: {args.pages}: {added.added} documents stored ({added.failed} failed, {added.skipped} "
              f"skipped as copies)")
        print(f"statements: {len(every)}; with at least one PERSON in `about`: {len(about_people)} "
              f"({100 * len(about_people) / max(1, len(every)):.1f}%)")
        print(f"  of those, each person referred to by a pronoun only: "
              f"{sum(1 for s in about_people if all(w and all(k == 'pronoun' for _, k in w) for *_, w in s.people))}")

        talked: Counter[str] = Counter(k for s in about_people for k in {k for k, _, _ in s.people})
        names = {k: n for s in about_people for k, n, _ in s.people}
        print(f"\nthe {args.top} people most talked about: `onrecord query quotes --about NAME`")
        print(f"  {'name':<28} {'in about':>8} {'found':>6} {'found with them in about':>25}")
        by_aid = {(s.sha256, s.attribution.id): s for s in every}
        for key, n in talked.most_common(args.top):
            rows = query_about(db, names[key])
            found = [by_aid[(str(r["sha256"]), str(r["aid"]))] for r in rows]
            having = sum(1 for s in found if key in {k for k, _, _ in s.people})
            # --about takes any name an entity goes by: another entity with a mention so written is found too.
            via = Counter(n for s in found if key not in {k for k, _, _ in s.people}
                          for n in [n for _, n, _ in s.people] + list(s.others))
            print(f"  {names[key]:<28} {n:>8} {len(rows):>6} {having:>25}"
                  + ("" if having == len(rows) else "   the others are about: "
                     + ", ".join(f"{name} ({c})" for name, c in via.most_common()) if via else
                     "   <- found without them in about"))

        rng = random.Random(args.seed)
        print(f"\na random sample of {args.sample} statements (seed {args.seed}), for a human to check:")
        for k, s in enumerate(rng.sample(every, min(args.sample, len(every))), 1):
            a = s.attribution
            print(f"\n{k:>2}. {s.doc_id} {a.id} ({a.kind})")
            print(textwrap.fill(a.content_text, 100, initial_indent="    content: ", subsequent_indent="    "))
            people = "; ".join(f"{n} (via {', '.join(repr(w) for w, _ in dict.fromkeys(words)) or 'no mention'})"
                               for _, n, words in s.people) or "(none)"
            print(f"    about people: {people}")
            if s.others:
                print(f"    about others: {'; '.join(s.others)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
