"""Run nudge's benchmarks: ``python -m benchmarks [name ...] [--json out.json]``.

Each benchmark module (see :func:`benchmarks.discover`) exposes ``run(args) -> dict``.
A module that fails to import or to run is reported as skipped with the reason; the
others still run.  The JSON output records the machine, Python and nudge versions and
a timestamp, so runs can be compared over time.

>>> callable(main)
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import platform
import sys
import time
import traceback
from importlib import metadata
from typing import Any

from benchmarks import discover


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run nudge's benchmarks (all of them, or the ones named).",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    p.add_argument("--json", metavar="PATH", help="write the results as JSON")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--quick", action="store_true", help="smaller inputs (for CI smoke runs)")
    p.add_argument("--repeat", type=int, help="repetitions per measurement (module default)")
    p.add_argument("--seed", type=int, help="random seed (module default)")
    return p


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def environment() -> dict[str, Any]:
    """Where the numbers were measured.

    >>> sorted(environment())[:2]
    ['implementation', 'machine']
    """
    return {
        "machine": platform.machine(),
        "nudge": _version("nudge"),
        "platform": platform.platform(),
        "processor": platform.processor(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def module_args(module: object, common: argparse.Namespace) -> argparse.Namespace:
    """The namespace handed to ``module.run``: the module's own defaults (from its
    ``build_parser()`` when it has one), overridden by the common options given.

    >>> module_args(object(), argparse.Namespace(names=[], json=None, list=False, quick=True,
    ...                                          repeat=None, seed=3))
    Namespace(quick=True, seed=3)
    """
    build = getattr(module, "build_parser", None)
    ns = argparse.Namespace()
    if callable(build):
        parser = build()
        if isinstance(parser, argparse.ArgumentParser):
            ns = parser.parse_args([])
    for key, value in vars(common).items():
        if key not in {"names", "json", "list"} and value is not None:
            setattr(ns, key, value)
    return ns


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 0, or 1 when a requested benchmark is unknown or failed.

    >>> main(["no-such-benchmark"])
    1
    """
    args = _parser().parse_args(argv)
    available = discover()
    if args.list:
        for name in available:
            print(name)
        return 0
    unknown = [n for n in args.names if n not in available]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}",
            file=sys.stderr,
        )
        return 1
    names = args.names or list(available)
    results: dict[str, Any] = {}
    failed = False
    for name in names:
        started = time.perf_counter()
        try:
            module = importlib.import_module(available[name])
            run = getattr(module, "run", None)
            if not callable(run):
                results[name] = {"skipped": "no run(args) function"}
                continue
            print(f"running {name} ...", file=sys.stderr)
            outcome = run(module_args(module, args))
            results[name] = outcome if isinstance(outcome, dict) else {"result": outcome}
        except ImportError as exc:
            results[name] = {"skipped": f"import failed: {exc}"}
        except Exception as exc:  # one broken benchmark must not lose the others
            failed = True
            results[name] = {
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=5),
            }
        results[name].setdefault("wall_seconds", round(time.perf_counter() - started, 3))
    report = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
        "environment": environment(),
        "results": results,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
