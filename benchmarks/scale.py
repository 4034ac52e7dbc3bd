"""Backlog throughput: ``nudge score`` on the local pool, Dask and Spark vs ``score_many``.

One corpus of ``--rows`` comments (synthetic by default: the deterministic generator of
``_corpus``; with ``--shared``, the Davidson tweets repeated) is written once as JSONL.
Then, in the same run and in this order, each is timed as a separate process:

* ``score_many``: one process reads the texts into memory, then times
  ``Scorer.load().score_many(texts)`` alone (the per-core ceiling, no I/O);
* ``nudge score --engine local --workers 1`` and ``--workers N``;
* ``nudge score --engine dask --workers N`` (Dask's threaded scheduler, N threads in the
  command's own process: its CPU and memory are the driver's);
* ``dask-processes``: the same job on a ``distributed.LocalCluster`` of N worker
  processes (one thread each, with their nannies, with the quiet monitors of
  ``nudge.engines._QUIET_DASK``), started by a small driver script that hands its address to
  ``nudge.backlog.run``, as ``nudge score --address`` does: what a cluster of worker
  processes adds (their start, their imports and Scorers, tasks and results serialised);
* ``nudge score --engine spark --workers N`` (``local[N]``).

The engines' times are wall-clock times of the whole command, start-up included
(the JVM, a cluster, the workers' imports), JSONL reading and Parquet writing; the
job's own time (from its summary) is reported beside.  The bars: an engine's overhead
per core over ``score_many``, ``1 - (rows/s of the engine / N) / (rows/s of score_many)``,
under 30 % for Dask and 50 % for Spark (judged on ``nudge score --engine dask``, the
command's own threads; the process cluster's figures are shown against the same limit);
and the same overhead in CPU time, the CPU seconds of the command's whole process tree
(driver, workers, scheduler, JVM; sampled every 0.1 s, so each process's last tenth of a
second is missed) over those of ``score_many``, which other people's work on a shared
machine does not inflate.  A timeline of each engine's run, from its parts' reports: when
the first part began and the last one ended, from the command's start, and how long the
command took to exit after it.  Peak memory (RSS) of every process of a run is sampled at
the same time (with ``psutil``, which ``distributed`` installs): the report gives the
driver's, the largest Python worker's and, for Spark, the JVM's.  It also says whether
Spark's JVM started from its class-data archive (``nudge._jvmarchive``: written by the
first Spark run on a machine, which then pays for writing it) or wrote it in this run.

A benchmark, not a test: nothing here asserts a time.  Run from the repository root::

    python benchmarks/scale.py                  # 1,000,000 comments, 2 workers
    python benchmarks/scale.py --rows 200000 --engines dask,spark --json scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _corpus

ENGINES = ("local", "dask", "dask-processes", "spark")
QUICK_ROWS = 2_000
BARS = {"dask": 30.0, "dask-processes": 30.0, "spark": 50.0}
"""Largest overhead per core over score_many, in %, that the issue allows."""

_SCORE_MANY = """
import json, sys, time
from nudge import Scorer
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
scorer = Scorer.load()
scorer.score_many(texts[:200])  # warm-up
cpu, start = time.process_time(), time.perf_counter()
scorer.score_many(texts)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": len(texts)}))
"""

_DASK_PROCESSES = """
import sys
import dask, distributed
from nudge.backlog import run
from nudge.engines import _QUIET_DASK
data, output, workers, part_rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with dask.config.set(_QUIET_DASK), distributed.LocalCluster(
    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
    silence_logs=40,
) as cluster:
    summary = run(data, output, engine="dask", workers=workers, part_rows=part_rows,
                  address=cluster.scheduler_address, progress=False)
sys.exit(0 if summary.complete else 1)
"""
"""The ``dask-processes`` run: a LocalCluster of worker processes, given by address."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="comments (default 1,000,000)")
    p.add_argument("--workers", type=int, default=2, help="workers of each engine (default 2)")
    p.add_argument("--part-rows", type=int, default=50_000, help="rows per part (default 50,000)")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    p.add_argument("--no-local-1", action="store_true", help="skip the one-worker local run")
    p.add_argument("--shared", action="store_true", help="repeat ../shared/data Davidson tweets")
    p.add_argument("--json", type=Path, default=None, help="write the result dict here")
    p.add_argument("--quick", action="store_true", help=f"smoke run on {QUICK_ROWS:,} rows")
    p.add_argument("--quiet", action="store_true", help="do not print the table")
    return p


def _corpus_texts(rows: int, shared: bool) -> tuple[list[str], str]:
    if shared:
        tweets = _corpus.davidson(synthetic=False).texts
        if tweets:
            return [tweets[i % len(tweets)] for i in range(rows)], "davidson repeated"
    return _corpus.synthetic_corpus(rows), "synthetic"


class _MemoryProbe:
    """Peak RSS and CPU time of a process and all its descendants, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}
        """CPU seconds of each process at its last sample (misses at most 0.1 s each)."""
        self.kinds: dict[int, str] = {}
        self._pid = pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> _MemoryProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        while not self._stop.wait(0.1):
            try:
                root = psutil.Process(self._pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                    kind = "java" if "java" in proc.name() else "python"
                    times = proc.cpu_times()
                except psutil.Error:
                    continue
                old = self.peaks.get(proc.pid, (kind, 0))
                self.peaks[proc.pid] = (kind, max(old[1], rss))
                self.cpu[proc.pid] = times.user + times.system
                self.kinds[proc.pid] = kind

    def summary(self) -> dict[str, float | None]:
        mib = 1 << 20
        driver = self.peaks.get(self._pid, ("python", 0))[1] / mib or None
        workers = [r for pid, (k, r) in self.peaks.items() if pid != self._pid and k == "python"]
        jvm = [r for k, r in self.peaks.values() if k == "java"]
        # Where the CPU goes (issue 15): the command's own process (the driver: planning,
        # Dask's scheduler and nannies, Spark's py4j client), its Python workers (reading,
        # scoring and writing the parts, and their start-up), and Spark's JVM.
        cpu = {"driver_cpu": 0.0, "workers_cpu": 0.0, "jvm_cpu": 0.0}
        for pid, seconds in self.cpu.items():
            kind = self.kinds.get(pid, "python")
            role = (
                "driver_cpu"
                if pid == self._pid
                else f"{'jvm' if kind == 'java' else 'workers'}_cpu"
            )
            cpu[role] += seconds
        return {
            **cpu,
            "driver_mib": driver,
            "worker_peak_mib": max(workers) / mib if workers else None,
            "worker_processes": len(workers),
            "jvm_mib": max(jvm) / mib if jvm else None,
        }


def _timed(command: list[str]) -> tuple[float, float, str, dict[str, float | None]]:
    """Wall seconds, CPU seconds of the whole process tree (the command and every process
    it starts: workers, the JVM, Spark's Python workers), stdout and memory peaks."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with _MemoryProbe(proc.pid) as probe:
        out, err = proc.communicate()
    seconds = time.perf_counter() - start
    cpu = sum(probe.cpu.values())
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}: {err[-2000:]}")
    return seconds, cpu, out, probe.summary()


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run the benchmark; returns the result dict (see the module's description)."""
    opts = build_parser().parse_args([]) if args is None else args
    defaults = vars(build_parser().parse_args([]))
    for name, value in defaults.items():
        if not hasattr(opts, name):
            setattr(opts, name, value)
    rows = QUICK_ROWS if opts.quick else opts.rows
    engines = [e for e in opts.engines.split(",") if e]
    env = _corpus.environment()
    texts, corpus = _corpus_texts(rows, opts.shared)
    nudge = [sys.executable, "-m", "nudge.cli", "score"]
    measured: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="nudge-scale-") as tmp:
        data = Path(tmp) / "comments.jsonl"
        with data.open("w", encoding="utf-8") as f:
            for i, text in enumerate(texts):
                f.write(json.dumps({"id": f"c{i}", "text": text}, ensure_ascii=False) + "\n")
        del texts
        _, _, out, memory = _timed([sys.executable, "-c", _SCORE_MANY, str(data)])
        inner = json.loads(out)
        measured.append({"name": "score_many (1 process)", "engine": None, "workers": 1,
                         "seconds": inner["seconds"], "job_seconds": inner["seconds"],
                         "cpu_seconds": inner["cpu_seconds"], **memory})  # fmt: skip
        # Whether Spark's JVM starts from a class-data archive (made by the first Spark
        # run on a machine, then kept in nudge's cache) or writes it during this run.
        archive = _spark_archive() if "spark" in engines else None
        runs = [("local", 1)] if not opts.no_local_1 and "local" in engines else []
        runs += [(e, opts.workers) for e in engines]
        for engine, workers in runs:
            output = Path(tmp) / f"out-{engine}-{workers}.parquet"
            command = [*nudge, str(data), str(output), "--engine", engine, "--workers",
                       str(workers), "--part-rows", str(opts.part_rows), "--quiet"]  # fmt: skip
            if engine == "dask-processes":
                command = [sys.executable, "-c", _DASK_PROCESSES, str(data), str(output),
                           str(workers), str(opts.part_rows)]  # fmt: skip
            started_at = time.time()  # the markers' clock, for the timeline
            try:
                seconds, cpu, _, memory = _timed(command)
            except RuntimeError as exc:
                measured.append({"name": f"{engine} ({workers})", "skipped": str(exc)[-300:]})
                continue
            summary = json.loads((output / "_summary.json").read_text())
            assert summary["rows_scored"] == rows, summary  # every row, exactly once
            name = f"nudge score --engine {engine} --workers {workers}"
            if engine == "dask-processes":
                name = f"dask LocalCluster of {workers} processes"
            measured.append({"name": name,
                             "engine": engine, "workers": workers, "seconds": seconds,
                             "job_seconds": summary["seconds"], "cpu_seconds": cpu,
                             **_timeline(output, started_at, seconds), **memory})  # fmt: skip
    base = rows / measured[0]["seconds"]
    base_cpu = measured[0]["cpu_seconds"]
    bars = []
    for m in measured:
        if "skipped" in m:
            continue
        m["rows_per_s"] = rows / m["seconds"]
        m["rows_per_s_per_core"] = m["rows_per_s"] / m["workers"]
        m["overhead_per_core_pct"] = 100 * (1 - m["rows_per_s_per_core"] / base)
        # On a shared machine the wall clock also counts other people's work; CPU time
        # of the whole process tree does not: the same overhead, measured in CPU.
        m["cpu_overhead_pct"] = 100 * (m["cpu_seconds"] / base_cpu - 1)
        if m["engine"] in BARS and m["workers"] == opts.workers:
            limit = BARS[m["engine"]]
            name = f"{m['engine']} overhead per core (wall clock)"
            bars.append(_corpus.bar(name, m["overhead_per_core_pct"], "<", limit, " %"))
            name = f"{m['engine']} overhead (CPU time)"
            bars.append(_corpus.bar(name, m["cpu_overhead_pct"], "<", limit, " %"))
    result = {
        "benchmark": "scale",
        "command": _corpus.command_line(),
        "environment": env,
        "corpus": corpus,
        "rows": rows,
        "part_rows": opts.part_rows,
        "measured": measured,
        "spark_archive": archive,
        "load_average_after": list(os.getloadavg()),
    }
    return _corpus.finish(result, bars, opts, _report)


def _timeline(output: Path, started_at: float, seconds: float) -> dict[str, float]:
    """When, in seconds from the command's start, the first part began and the last one
    ended (a part's report is written as it ends and holds how long it took), and the
    seconds of parts summed: what the engine spent before, between and after them."""
    spans = []
    for marker in (output / "_parts").glob("part-*.json"):
        end = marker.stat().st_mtime - started_at
        spans.append((end - json.loads(marker.read_text())["seconds"], end))
    if not spans:
        return {}
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    return {"first_part_s": first, "last_part_s": last, "after_parts_s": seconds - last,
            "parts_s": sum(e - s for s, e in spans)}  # fmt: skip


def _spark_archive() -> str:
    """Whether the local Spark JVM of ``nudge score`` will start from its class-data
    archive (``nudge._jvmarchive``), write it in this run, or run without one."""
    from nudge import _jvmarchive, engines

    path = _jvmarchive.archive_path(engines._LOCAL_JVM_OPTIONS)
    if path is None:
        return "none (no Java 17+, Spark jars or cache folder)"
    return f"present ({path})" if path.is_file() else f"written by this run ({path})"


def _report(result: dict[str, Any]) -> str:
    rows = []
    for m in result["measured"]:
        if "skipped" in m:
            rows.append((m["name"], "skipped", *[None] * 8))
            continue
        rows.append((m["name"], m["seconds"], m["job_seconds"], m["rows_per_s"],
                     m["rows_per_s_per_core"], m["overhead_per_core_pct"], m["cpu_seconds"],
                     m["cpu_overhead_pct"], m["driver_mib"], m["worker_peak_mib"]))  # fmt: skip
    head = (
        f"$ {result['command']}\n{result['rows']:,} comments ({result['corpus']}), parts of "
        f"{result['part_rows']:,} rows; load average before "
        f"{_corpus.load_text(result['environment'])}, after "
        f"{' '.join(f'{x:.2f}' for x in result['load_average_after'])}\n"
    )
    body = _corpus.table(
        ("run", "wall s", "job s", "rows/s", "rows/s/core", "overhead/core %", "CPU s",
         "CPU overhead %", "driver MiB", "worker MiB"),
        rows,
    )  # fmt: skip
    jvm = [m for m in result["measured"] if m.get("jvm_mib")]
    tail = "".join(f"\n{m['name']}: JVM peak {m['jvm_mib']:,.0f} MiB" for m in jvm)
    if result.get("spark_archive"):
        tail += f"\nSpark class-data archive: {result['spark_archive']}"
    base = result["measured"][0].get("cpu_seconds") or 1.0
    where = [
        (m["name"], m["driver_cpu"], m["workers_cpu"],
         100 * (m["workers_cpu"] / base - 1) if m["workers_cpu"] else None, m["jvm_cpu"] or None)
        for m in result["measured"][1:]
        if "skipped" not in m and "driver_cpu" in m
    ]  # fmt: skip
    split = _corpus.table(
        ("where the CPU goes", "driver CPU s", "workers CPU s", "workers over score_many %",
         "JVM CPU s"),
        where,
    )  # fmt: skip
    when = [
        (m["name"], m["first_part_s"], m["last_part_s"], m["after_parts_s"], m["parts_s"])
        for m in result["measured"][1:]
        if "first_part_s" in m
    ]
    timeline = _corpus.table(
        ("when (s from the command's start)", "first part began", "last part ended",
         "exit after it", "parts' seconds summed"),
        when,
    )  # fmt: skip
    return (
        head + body + tail + "\n\n" + split + "\n\n" + timeline + "\n\n"
        + _corpus.bars_table(result["bars"])
    )  # fmt: skip


def main() -> None:
    run(build_parser().parse_args())


if __name__ == "__main__":
    main()
