"""Run onrecord over the hostile corpus and say, per case, what each document became.

    python bench/hostile/run.py                 # extract, ingest, extract --workers 2
    python bench/hostile/run.py --ray           # and `onrecord run --engine ray` (slow to start)
    python bench/hostile/run.py --work DIR      # keep the corpus and outputs in DIR (default: a temp folder)

Each run is the `onrecord` command as a user types it, in its own process with a time limit (a
run that hangs is reported, not waited for). For every document of every case it prints what was
expected (record or failure) and what came out: ``record`` (a record with its id, or a stored
document with its origin), ``failure`` (an error line or a failure row naming it), ``missing``
(neither: the document vanished) or ``both``. The last line counts the documents unaccounted
for, over all runs; the exit status is 0 only when that is 0 and every document came out as
expected.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus

TIMEOUT = 600


def onrecord(*args: str, timeout: float = TIMEOUT) -> tuple[int | None, str, str]:
    """(exit status or None when it hung, stdout, stderr) of ``onrecord ARGS``."""
    try:
        run = subprocess.run([sys.executable, "-m", "onrecord", *args], capture_output=True, text=True,
                             timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), "hung"
    return run.returncode, run.stdout, run.stderr


def _at(origin: str | None, key: str) -> bool:
    """True when ``origin`` (a path, or a feed's path:line) is the document ``key`` or lies under it."""
    return bool(origin) and (origin.endswith("/" + key) or f"/{key}/" in origin)  # type: ignore[union-attr]


Outcome = tuple[set[str], list[str | None], list[str | None]]  # record ids, record origins, failure origins


def _from_extract(stdout: str, stderr: str) -> Outcome:
    ids = {json.loads(line)["id"] for line in stdout.splitlines() if line.strip()}
    failures: list[str | None] = [line[len("onrecord: error: "):].split(": ")[0]
                                  for line in stderr.splitlines() if line.startswith("onrecord: error: ")]
    return ids, [], failures


def _from_store(db: Path) -> Outcome:
    import sqlite3

    if not db.exists():
        return set(), [], []
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    docs = conn.execute("SELECT id, origin FROM sources").fetchall()
    fails = [r[0] for r in conn.execute("SELECT origin FROM failures")]
    conn.close()
    return {d[0] for d in docs}, [d[1] for d in docs], fails


def _from_ray(out: Path) -> Outcome:
    import pyarrow.parquet as pq

    if not (out / "_onrecord.json").exists():  # no finished run: nothing came out
        return set(), [], []
    recs = pq.read_table(out / "records", columns=["id", "origin"]).to_pylist()
    fails = pq.read_table(out / "failures", columns=["origin"]).to_pylist()
    return {r["id"] for r in recs}, [r["origin"] for r in recs], [f["origin"] for f in fails]


def judge(doc: dict[str, str], got: Outcome) -> str:
    ids, rec_origins, fail_origins = got
    record = any(_at(o, doc["key"]) for o in rec_origins) or (not rec_origins and doc["id"] in ids)
    failure = any(_at(o, doc["key"]) for o in fail_origins)
    return "both" if record and failure else "record" if record else "failure" if failure else "missing"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ray", action="store_true", help="also run the Ray engine (a minute on 2 cores)")
    ap.add_argument("--work", type=Path, help="folder for the corpus and outputs (default: a temp folder)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds after which a run counts as hung")
    args = ap.parse_args()
    run_onrecord = functools.partial(onrecord, timeout=args.timeout)
    work = args.work or Path(tempfile.mkdtemp(prefix="onrecord-hostile-"))
    corpus = work / "corpus"
    shutil.rmtree(work / "out", ignore_errors=True)
    if not (corpus / "cases.json").exists():
        make_corpus.make(corpus)
    (work / "out").mkdir(parents=True)
    cases: list[dict[str, Any]] = json.loads((corpus / "cases.json").read_text())
    docs, feed = str(corpus / "docs"), str(corpus / "feed")

    def extract(*extra: str) -> Callable[[str], tuple[int | None, Outcome, str]]:
        def go(mode: str) -> tuple[int | None, Outcome, str]:
            src = ["--input-format", "jsonl", feed] if mode == "jsonl" else [docs]
            rc, out, err = run_onrecord("extract", "--format", "jsonl", *extra, *src)
            return rc, _from_extract(out, err), err
        return go

    def ingest(mode: str) -> tuple[int | None, Outcome, str]:
        db = work / "out" / f"{mode}.db"
        src = ["--input-format", "jsonl", feed] if mode == "jsonl" else [docs]
        rc, _, err = run_onrecord("ingest", "--db", str(db), *src)
        return rc, _from_store(db), err

    def ray(mode: str) -> tuple[int | None, Outcome, str]:
        out = work / "out" / f"ray-{mode}"
        rc, _, err = run_onrecord("-q", "run", "--workers", "2", "--input", feed if mode == "jsonl" else docs,
                              "--output", str(out))
        return rc, _from_ray(out), err

    runs: list[tuple[str, Callable[[str], tuple[int | None, Outcome, str]]]] = [
        ("extract", extract()), ("ingest", ingest), ("extract --workers 2", extract("--workers", "2"))]
    if args.ray:
        runs.append(("run --engine ray", ray))
    unaccounted = wrong = 0
    for name, go in runs:
        for mode in ("text", "jsonl"):
            rc, got, err = go(mode)
            tracebacks = err.count("Traceback")
            print(f"== {name} ({mode}): exit status {rc if rc is not None else 'none: it hung'}"
                  f"{f', {tracebacks} tracebacks' if tracebacks else ''}")
            if rc != 1 or tracebacks:
                wrong += 1
            for case in (c for c in cases if c["mode"] == mode):
                for doc in case["docs"]:
                    result = judge(doc, got)
                    ok = result == doc["expect"]
                    unaccounted += result == "missing"
                    wrong += not ok
                    print(f"  {'ok ' if ok else 'BAD'} {case['case']:<48} expected {doc['expect']:<8} got {result}")
    print(f"{unaccounted} documents unaccounted for (every input is a record or a failure row); "
          f"{wrong} outcomes or exit statuses not as expected")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if unaccounted == 0 and wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
