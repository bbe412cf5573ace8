#!/usr/bin/env python3
"""Check that no direct quote's content holds a sentence of the author's narration.

    python scripts/check_direct_attributions.py ../shared/data/bbc-news [--workers 2] [--records R.jsonl]
        [--show 20]

Runs onrecord over every .txt under the folder (or reads records already made, ``--records``) and
prints, for each content part of a direct attribution that holds an unquoted sentence, its
document and text, then the count. A part holds one when, independently of how the attributions
stage paired the marks:

- after a sentence closed inside a quotation mark (``." ``, ``?" ``, ``!" ``, curly or straight),
  the part goes on with a word rather than a new opening mark: that word starts a sentence
  outside the marks ('"We will win." The club has lost four games in a row.');
- or the part does not open with a quotation mark and ends a sentence before its first mark: it
  starts with a sentence of the author's ('He paused. "We will win."');
- or the part opens with a straight mark followed by a space: a closing mark was read as an
  opening one, so what follows it is the author's ('win." The club ...' paired from the second
  mark on).

Nothing of the stage's own quote pairing is used, so that a wrong pairing cannot hide itself.
The BBC News articles (2,225, 2004-2005) print quotes with straight marks and, as the
collection stores them, a quote that ran over several paragraphs as one paragraph whose
sentences each reopen the quote, only the last closing it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

_OPEN = "\"“‘'«„"
# A sentence end closed by a quotation mark, then space and something other than a new opening
# mark (or the end of the part).
_CLOSED_THEN_WORDS = re.compile(r"[.?!][\"”](?=\s+[^\s\"“‘'«„])")
_SENTENCE_END = re.compile(r"[.?!]\s")


def narration_in(part: str) -> bool:
    """Whether one content part of a direct quote holds a sentence outside its quotation marks."""
    s = part.strip()
    if not s:
        return False
    if _CLOSED_THEN_WORDS.search(s):
        return True
    if s[0] == '"' and s[1:2].isspace():
        return True  # a closing mark read as an opening one: '" The club has lost ...'
    if s[0] not in _OPEN:
        first_mark = min((i for i, ch in enumerate(s) if ch in "\"“”"), default=len(s))
        if _SENTENCE_END.search(s, 0, first_mark):
            return True
    return False


def offending_parts(record: Mapping[str, Any]) -> Iterator[str]:
    """The content parts of a record's direct attributions that hold narration."""
    for a in record.get("attributions", ()):
        if a.get("kind") != "direct":
            continue
        parts = a.get("content") or []
        for p in parts if isinstance(parts, list) else [parts]:
            if narration_in(p["text"]):
                yield p["text"]


def _records(folder: Path, workers: int) -> Iterable[dict[str, Any]]:
    from onrecord.inputs import find_documents, iter_inputs
    from onrecord.pipeline import Failure, process_many

    for out in process_many(iter_inputs(find_documents([str(folder)])), workers=workers):
        if isinstance(out, Failure):
            print(f"failed: {out.id}: {out.reason}", file=sys.stderr)
            continue
        yield out.to_dict()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="articles (.txt), e.g. ../shared/data/bbc-news")
    ap.add_argument("--records", type=Path, default=None, help="check these records (JSON Lines) instead")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", type=int, default=20, help="print at most this many offending parts")
    args = ap.parse_args(argv)
    if args.records is not None:
        records: Iterable[dict[str, Any]] = (json.loads(line) for line in args.records.open(encoding="utf-8")
                                             if line.strip())
    else:
        records = _records(args.folder, args.workers)
    n_docs = n_direct = bad = 0
    for rec in records:
        n_docs += 1
        n_direct += sum(1 for a in rec.get("attributions", ()) if a.get("kind") == "direct")
        for text in offending_parts(rec):
            bad += 1
            if bad <= args.show:
                print(f"{rec['id']}: {text[:160]!r}")
    print(f"{n_docs} documents, {n_direct} direct attributions, {bad} content parts with narration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
