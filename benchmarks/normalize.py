"""Benchmark: the normaliser against ``str.casefold`` plus a ``regex`` word split.

For each data set this times ``normalize(text).words()`` (nudge's folded tokens) and,
in the same run on the same texts, the baseline ``regex.findall(r"\\w+", text.casefold())``,
and prints microseconds per comment and the ratio:

* ASCII comments of 20-300 characters (the Davidson tweets, or the synthetic corpus),
* non-ASCII comments of 20-300 characters (MLMA French + French UD, or synthetic),
* one 1 MB input mixing emoji, Cyrillic, accents, leetspeak and Zalgo.

Bars: ASCII within 1.5x of the baseline, non-ASCII within 6x, the 1 MB input under 1 s.
Each figure is the median of ``--repeat`` timed passes after one warm-up pass.

    python benchmarks/normalize.py [--repeat N] [--limit N] [--json PATH] [--synthetic]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import regex

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus
from nudge.normalize import normalize

NAME: Final = "normalize"
ASCII_BAR: Final = 1.5
NON_ASCII_BAR: Final = 6.0
MEGABYTE_BAR_S: Final = 1.0


def _nudge_pass(texts: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        norm = normalize
        for t in texts:
            norm(t).words()
        return None

    return run


def _baseline_pass(texts: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        findall = regex.findall
        for t in texts:
            findall(r"\w+", t.casefold())
        return None

    return run


def _compiled_baseline_pass(texts: Sequence[str]) -> Callable[[], object]:
    word = regex.compile(r"\w+")

    def run() -> object:
        findall = word.findall
        for t in texts:
            findall(t.casefold())
        return None

    return run


def _compare(label: str, texts: Sequence[str], repeat: int, budget: float) -> dict[str, Any]:
    """Time nudge and the baselines over ``texts``, all per comment."""
    n = len(texts)
    timings = _corpus.measure(
        {
            "nudge": _nudge_pass(texts),
            "baseline": _baseline_pass(texts),
            "compiled": _compiled_baseline_pass(texts),
        },
        repeat,
        budget=budget,
    )
    ours, base, compiled = timings["nudge"], timings["baseline"], timings["compiled"]
    ratio = ours.median / base.median if base.median > 0 else None
    return {
        "label": label,
        "comments": n,
        "characters": sum(len(t) for t in texts),
        "nudge_us": ours.median / n * 1e6,
        "baseline_us": base.median / n * 1e6,
        "baseline_compiled_us": compiled.median / n * 1e6,
        "ratio": ratio,
        "ratio_to_compiled": ours.median / compiled.median if compiled.median > 0 else None,
        "nudge_timing": ours.as_dict(n),
        "baseline_timing": base.as_dict(n),
        "baseline_compiled_timing": compiled.as_dict(n),
        "fast_path_share": _corpus.fast_path_share(texts),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/normalize.py",
        description="Time normalize(text).words() against casefold + a regex word split.",
    )
    _corpus.add_common_arguments(parser)
    parser.add_argument(
        "--big-size", type=int, default=1_000_000, metavar="BYTES",
        help="size of the long mixed input in bytes of UTF-8 (default 1,000,000: the 1 MB bar)",
    )  # fmt: skip
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        metavar="S",
        help="skip the repetitions of a measurement whose warm-up takes longer than S "
        "seconds, and stop it after 5*S (default 30)",
    )
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run the benchmark and return every figure, bar and PASS/FAIL as a dict."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    ascii_corpus = _corpus.ascii_comments(synthetic=opts.synthetic, limit=opts.limit)
    other_corpus = _corpus.non_ascii_comments(synthetic=opts.synthetic, limit=opts.limit)
    if opts.quick and opts.big_size == 1_000_000:
        opts.big_size = 100_000
    big = _corpus.mixed_megabyte(opts.big_size)

    ascii_row = _compare("ASCII comments", ascii_corpus.texts, opts.repeat, opts.budget)
    other_row = _compare("non-ASCII comments", other_corpus.texts, opts.repeat, opts.budget)
    one_mb = opts.big_size == 1_000_000
    big_label = "1 MB mixed input" if one_mb else f"{opts.big_size:,} B mixed input"
    big_row = _compare(big_label, [big], opts.repeat, opts.budget)
    big_row["bytes"] = len(big.encode("utf-8"))
    # A lower bound if it timed out; no figure for the bar when the input is not 1 MB.
    big_seconds = big_row["nudge_timing"]["median_s"] if one_mb else None
    all_texts = ascii_corpus.texts + other_corpus.texts

    bars = [
        _corpus.bar("ASCII comments: nudge / baseline", ascii_row["ratio"], "<=", ASCII_BAR, "x"),
        _corpus.bar(
            "non-ASCII comments: nudge / baseline", other_row["ratio"], "<=", NON_ASCII_BAR, "x"
        ),
        _corpus.bar("1 MB mixed input: nudge seconds", big_seconds, "<", MEGABYTE_BAR_S, " s"),
    ]

    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {
            "repeat": opts.repeat,
            "limit": opts.limit,
            "synthetic": opts.synthetic,
            "budget_s": opts.budget,
        },
        "timed": "normalize(text).words()",
        "baseline": 'regex.findall(r"\\w+", text.casefold())',
        "corpora": {
            "ascii": {"name": ascii_corpus.name, "source": ascii_corpus.source},
            "non_ascii": {"name": other_corpus.name, "source": other_corpus.source},
            "megabyte": {
                "name": "synthetic mixed (emoji, Cyrillic, accents, leet, Zalgo)",
                "characters": len(big),
                "bytes": big_row["bytes"],
            },
        },
        "ascii": ascii_row,
        "non_ascii": other_row,
        "megabyte": big_row,
        "fast_path_share": _corpus.fast_path_share(all_texts),
    }
    return _corpus.finish(result, bars, opts, report)


def report(result: dict[str, Any]) -> str:
    """The result as a readable table, with the command that produced it."""
    env = result["environment"]
    rows = []
    for key in ("ascii", "non_ascii", "megabyte"):
        row = result[key]
        unit = "per input" if key == "megabyte" else "per comment"
        rows.append(
            (
                row["label"],
                row["comments"],
                row["nudge_us"],
                _corpus.spread(row["nudge_timing"]),
                row["baseline_us"],
                row["ratio"],
                row["baseline_compiled_us"],
                f"{row['fast_path_share']:.1%}",
                unit,
            )
        )
    corpora = result["corpora"]
    lines = [
        f"$ {result['command']}",
        f"nudge {result['nudge_version']}, Python {env['python']}, {env['platform']}, "
        f"{env['cpu_count']} CPUs, {env['date']}, load average {_corpus.load_text(env)}",
        f"timed: {result['timed']}  vs  baseline: {result['baseline']}",
        f"median of {result['options']['repeat']} repetitions after one warm-up; times in µs",
        f"ASCII: {corpora['ascii']['name']}; non-ASCII: {corpora['non_ascii']['name']}; "
        f"1 MB: {corpora['megabyte']['characters']:,} characters, "
        f"{corpora['megabyte']['bytes']:,} bytes",
        "",
        _corpus.table(
            (
                "input",
                "n",
                "nudge µs",
                "nudge min-max",
                "baseline µs",
                "ratio",
                "compiled µs",
                "fast path",
                "",
            ),
            rows,
        ),
        "",
        f"ASCII fast path taken by {result['fast_path_share']:.1%} of all comments",
        "",
        _corpus.bars_table(result["bars"]),
    ]
    for key in ("ascii", "non_ascii", "megabyte"):
        timing = result[key]["nudge_timing"]
        if timing["timed_out"] or timing["repetitions"] == 0:
            lines.append(
                f"note: {result[key]['label']}: one run only "
                f"({'stopped, too slow' if timing['timed_out'] else 'over the time budget'})"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
