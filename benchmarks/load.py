"""Benchmark: ``import nudge`` plus ``Scorer.load()`` in a fresh process (issue #12 item 6).

Each run starts a new Python process that times, with ``time.perf_counter``, the import
of nudge and a ``Scorer.load()`` of the default packs, and reports both; the parent also
times the whole process (interpreter start and exit included).  Two conditions:

* **cold**: an empty cache folder (``NUDGE_CACHE_DIR`` set to a new temporary folder
  for every run): the packs' TOML is parsed and compiled, then the cache file written;
* **warm**: the cache file written by one untimed run is present: it is read instead.

Both with bytecode present, as after ``pip install`` (the untimed first run writes it to
a private ``PYTHONPYCACHEPREFIX``, even where ``PYTHONDONTWRITEBYTECODE`` is set).

Bar: import + load under 150 ms, warm (the median of ``--repeat`` runs), for the default
packs; ``--packs en,fr,es,de,it,pt`` times other packs (reported, no bar).  Each process
then scores ten short comments of different kinds (``_corpus.FIRST_COMMENTS``: a glued
word, a masked one, a spaced-out one, French...) and the time they take is reported
beside the load: what a core table worked out on first use costs the first comments,
which the load alone would not show (no bar).  On a shared
machine the figures move with the load average, which the report quotes.

    python benchmarks/load.py [--repeat N] [--packs CODES] [--json PATH] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus

NAME: Final = "load"
BAR_MS: Final = 150.0

_CHILD: Final = """\
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import nudge
t1 = time.perf_counter()
scorer = nudge.Scorer.load(sys.argv[2].split(",") if len(sys.argv) > 2 else None)
t2, c2 = time.perf_counter(), time.process_time()
for text in json.loads(sys.argv[1]):
    scorer.score(text)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, c2 - c0, t3 - t2)
"""
"""What each fresh process runs: it prints the import and load times and the CPU time
both took, in seconds (the CPU time moves less with the other work on a shared machine),
then the time of its first ten comments."""


def _one(
    cache: Path, pycache: Path, source: Path | None = None, packs: str | None = None
) -> dict[str, float]:
    # Bytecode as an installed wheel has it (pip compiles it): written once to a private
    # folder by the untimed first run, whatever PYTHONDONTWRITEBYTECODE says here.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"NUDGE_CACHE_DIR": str(cache), "PYTHONPYCACHEPREFIX": str(pycache)}
    if source is not None:  # another checkout's nudge, first on the path
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            json.dumps(_corpus.FIRST_COMMENTS),
            *([packs] if packs else []),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    imported, loaded, cpu, first = (float(x) for x in out.stdout.split())
    return {
        "import_s": imported,
        "load_s": loaded,
        "total_s": imported + loaded,
        "cpu_s": cpu,
        "process_s": wall,
        "first_s": first,
    }


def _median(runs: list[dict[str, float]]) -> dict[str, Any]:
    row: dict[str, Any] = {
        key: statistics.median(r[key] for r in runs) * 1000
        for key in ("import_s", "load_s", "total_s", "cpu_s", "process_s", "first_s")
    }
    row = {k.replace("_s", "_ms"): v for k, v in row.items()}
    row["total_min_ms"] = min(r["total_s"] for r in runs) * 1000
    row["total_max_ms"] = max(r["total_s"] for r in runs) * 1000
    row["runs"] = len(runs)
    return row


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/load.py",
        description="import nudge + Scorer.load() in fresh processes, cold and warm cache",
    )
    _corpus.add_common_arguments(parser)
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        metavar="DIR",
        help="time the nudge package found in DIR instead (e.g. an older checkout's src/, "
        "with its compiled core copied in) for a before/after comparison",
    )
    parser.add_argument(
        "--packs",
        default=None,
        metavar="CODES",
        help="comma-separated pack codes to load (default: Scorer.load()'s; the bar is "
        "for those only)",
    )
    parser.set_defaults(repeat=11)
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run the benchmark and return every figure, bar and PASS/FAIL as a dict."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    repeat = min(opts.repeat, 3) if opts.quick else opts.repeat
    with tempfile.TemporaryDirectory(prefix="nudge-load-") as tmp:
        root = Path(tmp)
        pycache = root / "pycache"
        warm_dir = root / "warm"
        source = opts.source.resolve() if opts.source else None
        packs = opts.packs
        _one(warm_dir, pycache, source, packs)  # writes the bytecode and the cache file
        cold = [_one(root / f"cold-{i}", pycache, source, packs) for i in range(repeat)]
        warm = [_one(warm_dir, pycache, source, packs) for _ in range(repeat)]
    cold_row, warm_row = _median(cold), _median(warm)
    label = "warm: import nudge + Scorer.load()"
    bars = [] if packs else [_corpus.bar(label, warm_row["total_ms"], "<", BAR_MS, " ms")]
    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {
            "repeat": repeat,
            "source": str(opts.source) if opts.source else None,
            "packs": packs,
        },
        "timed": f"import nudge; nudge.Scorer.load({packs or ''}) in a new process",
        "cold": cold_row,
        "warm": warm_row,
    }
    return _corpus.finish(result, bars, opts, report)


def report(result: dict[str, Any]) -> str:
    """The result as a readable table, with the command that produced it."""
    env = result["environment"]
    rows = [
        (
            label,
            row["import_ms"],
            row["load_ms"],
            row["total_ms"],
            f"{row['total_min_ms']:.0f}-{row['total_max_ms']:.0f}",
            row["cpu_ms"],
            row["process_ms"],
            row["first_ms"],
        )
        for label, row in (("cold (no cache)", result["cold"]), ("warm (cache)", result["warm"]))
    ]
    return "\n".join(
        [
            f"$ {result['command']}",
            f"nudge {result['nudge_version']}, Python {env['python']}, {env['platform']}, "
            f"{env['cpu_count']} CPUs, {env['date']}, load average {_corpus.load_text(env)}",
            f"timed: {result['timed']}; median of {result['options']['repeat']} processes, ms"
            + (
                f"; nudge from {result['options']['source']}" if result["options"]["source"] else ""
            ),
            "",
            _corpus.table(
                (
                    "cache",
                    "import",
                    "load",
                    "import+load",
                    "min-max",
                    "CPU",
                    "whole process",
                    "first 10 comments",
                ),
                rows,
            ),
            "",
            _corpus.bars_table(result["bars"]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
