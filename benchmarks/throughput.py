"""Benchmark: how many comments per second the scorer assesses, single process.

Scores the Davidson tweets (or the synthetic corpus) with ``Scorer.load()`` (both base
packs) through ``scorer.score_many`` and prints comments per second and microseconds
per comment, beside, in the same run on the same texts, a floor that does the least a
word-list filter can do: ``casefold`` + a ``regex`` word split + a set lookup over the
1,000 most frequent words of the corpus.  It also prints:

* scaling with comment length (pieces of 100 B, 10 kB and 1 MB cut from the corpus
  text, at least 100 kB of each length): time per character, and the ratio max/min,
  which should stay within 2x;
* the share of comments taking the normaliser's ASCII fast path;
* memory of a loaded Scorer: resident memory (which counts the compiled core's heap)
  and tracemalloc current/peak of ``Scorer.load()`` in a fresh
  interpreter, and ``len(pickle.dumps(scorer))``;
* with ``--peers``: alt-profanity-check (``predict_prob`` over the whole list, and per
  item) and better_profanity (``contains_profanity`` per item), when installed.

It also scores the benign Universal Dependencies sentences (``../shared/data/benign_ud_en``
and ``benign_ud_fr``, all of them in one ``score_many`` batch, the floor beside it on the
same texts with the frequent words of those texts); the row is N/A when they are absent.

Bars (issue #12): >= 150,000 comments/s on the Davidson tweets; within 2x of the floor;
>= 300,000 comments/s on the benign UD sentences; a loaded Scorer under 20 MB; time per
character flat within 1.5x; ``score_many(workers=2)`` at least 1.7x one thread.  Kept from
issue #4, the first speed issue: >= 1.2x alt-profanity-check's batch ``predict_prob``
(with ``--peers``).  ``score_many`` crosses into the compiled core once per batch: it normalises,
scans and scores in Rust with the GIL released (on Rust threads with ``workers``), and
the core builds the Python ``Assessment`` objects; ``benchmarks/core.py`` times the Rust
part alone.

    python benchmarks/throughput.py [--peers] [--repeat N] [--limit N] [--json PATH]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import regex

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus
from nudge import _core
from nudge.errors import NudgeError
from nudge.normalize import normalize
from nudge.scorer import DEFAULT_PACKS, Scorer

NAME: Final = "throughput"
RATE_BAR: Final = 150_000.0
BENIGN_RATE_BAR: Final = 300_000.0
BENIGN_FOLDERS: Final = ("benign_ud_en", "benign_ud_fr")
FLOOR_BAR: Final = 2.0
PEER_BAR: Final = 1.2
MEMORY_BAR_MB: Final = 20.0
SCALING_BAR: Final = 1.5
WORKERS_BAR: Final = 1.7
SCALING_SIZES: Final = (100, 10_000, 1_000_000)
FLOOR_WORDS: Final = 1_000

_MEMORY_PROBE: Final = """
import gc, json, pickle, sys, tracemalloc
texts = None
if len(sys.argv) > 2:  # read before tracing: the corpus is not the Scorer's memory
    with open(sys.argv[2], encoding="utf-8") as f:
        texts = json.load(f)
tracemalloc.start()
from nudge.scorer import Scorer
import nudge._cache, nudge.matcher  # what load() imports lazily is not the Scorer
imported, _ = tracemalloc.get_traced_memory()
tracemalloc.reset_peak()
packs = json.loads(sys.argv[1])
scorer = Scorer.load() if packs is None else Scorer.load(packs)
gc.collect()  # what the Scorer holds, not the garbage compiling it left behind
current, peak = tracemalloc.get_traced_memory()
used = None
if texts is not None:
    # The same Scorer after scoring the corpus once (its lookup memo filled), results
    # dropped: what a long-running app holds.
    scorer.score_many(texts)
    gc.collect()
    used, _ = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({
    "import_bytes": imported,
    "load_current_bytes": current - imported,
    "load_peak_bytes": peak - imported,
    "total_current_bytes": current,
    "used_current_bytes": None if used is None else used - imported,
    "pickle_bytes": len(pickle.dumps(scorer)),
}))
"""

_RESIDENT_PROBE: Final = """
import ctypes, gc, json, os, sys
def resident():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
from nudge.scorer import Scorer
import nudge._cache, nudge.matcher  # what load() imports lazily is not the Scorer
gc.collect()
before = resident()
packs = json.loads(sys.argv[1])
scorer = Scorer.load() if packs is None else Scorer.load(packs)
gc.collect()
try:  # give back what compiling freed, so the figure is what the Scorer holds
    ctypes.CDLL("libc.so.6").malloc_trim(0)
except (OSError, AttributeError):
    pass
loaded = resident() - before
for text in json.loads(sys.argv[2]):
    scorer.score(text)
gc.collect()
try:
    ctypes.CDLL("libc.so.6").malloc_trim(0)
except (OSError, AttributeError):
    pass
print(json.dumps({"load_resident_bytes": loaded, "first_resident_bytes": resident() - before}))
"""
"""Resident memory of ``Scorer.load()`` in a fresh interpreter without tracemalloc (its
own bookkeeping would be counted): unlike tracemalloc, it counts the compiled core's
Rust heap, where the compiled lexicon and the word lists live."""


# ------------------------------------------------------------------------ loading


def load_scorer(chosen: Sequence[str] | None = None) -> tuple[Scorer, dict[str, Any]]:
    """``Scorer.load()``; if a default pack is missing, the default packs that load.
    ``chosen``: these packs instead (``--packs``; issue #18 measures all six)."""
    if chosen:
        scorer = Scorer.load(list(chosen))
        return scorer, {
            "requested": list(chosen),
            "loaded": list(scorer.languages),
            "load_error": None,
            "complete": True,
            "chosen": True,
        }
    try:
        scorer = Scorer.load()
        return scorer, {
            "requested": list(DEFAULT_PACKS),
            "loaded": list(scorer.languages),
            "load_error": None,
            "complete": True,
        }
    except NudgeError as exc:
        error = f"{type(exc).__name__}: {exc}"
    usable = []
    for code in DEFAULT_PACKS:
        try:
            Scorer.load([code])
        except NudgeError:
            continue
        usable.append(code)
    if not usable:
        raise RuntimeError(f"no default pack loads ({error})")
    scorer = Scorer.load(usable)
    info = {
        "requested": list(DEFAULT_PACKS),
        "loaded": usable,
        "load_error": error,
        "complete": False,
    }
    return scorer, info


def scorer_memory(packs: Sequence[str] | None, texts: Sequence[str] = ()) -> dict[str, Any]:
    """tracemalloc figures of ``Scorer.load()`` in a fresh interpreter (a subprocess), and
    of the same Scorer after scoring ``texts`` once when some are given."""
    argv = [sys.executable, "-c", _MEMORY_PROBE, json.dumps(None if packs is None else list(packs))]
    with tempfile.TemporaryDirectory() as folder:
        if texts:
            corpus_file = Path(folder) / "texts.json"
            corpus_file.write_text(json.dumps(list(texts)), encoding="utf-8")
            argv.append(str(corpus_file))
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            cwd=_corpus.REPO_ROOT,
            check=False,
            timeout=600,
        )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    # Resident memory as an installed wheel has it, with bytecode (pip compiles it): a
    # first run writes it to a private folder, whatever PYTHONDONTWRITEBYTECODE says
    # here, and the second is measured (compiling the sources on import leaves freed
    # memory that the load then reuses, and the figure would read some 2 MB low).
    with tempfile.TemporaryDirectory() as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        for _ in range(2):
            resident = subprocess.run(
                [argv[0], "-c", _RESIDENT_PROBE, argv[3], json.dumps(_corpus.FIRST_COMMENTS)],
                capture_output=True,
                text=True,
                cwd=_corpus.REPO_ROOT,
                env=env,
                check=False,
                timeout=600,
            )
    if resident.returncode == 0 and sys.platform.startswith("linux"):
        figures.update(json.loads(resident.stdout.strip().splitlines()[-1]))
    return figures


# ------------------------------------------------------------------------- passes


def benign_texts(limit: int | None = None) -> dict[str, list[str]]:
    """The benign UD sentences of each folder of :data:`BENIGN_FOLDERS` that is present
    (the first ``limit`` of each); an empty dict when none is."""
    found: dict[str, list[str]] = {}
    for folder in BENIGN_FOLDERS:
        texts = _corpus.read_texts(folder)
        if texts is not None:
            found[folder] = texts if limit is None else texts[:limit]
    return found


def _score_pass(scorer: Scorer, texts: list[str]) -> Callable[[], object]:
    def run() -> object:
        return scorer.score_many(texts)

    return run


def _workers_pass(scorer: Scorer, texts: list[str], workers: int) -> Callable[[], object]:
    def run() -> object:
        return scorer.score_many(texts, workers=workers)

    return run


def _score_each_pass(scorer: Scorer, texts: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        score = scorer.score
        return [score(t) for t in texts]

    return run


def _stage_passes(scorer: Scorer, texts: Sequence[str]) -> dict[str, Callable[[], object]]:
    """The first stages of scoring, each from the raw text (the last stage is the whole
    ``score_many``, timed as "nudge"): where the time goes."""

    def normalise() -> object:
        return [normalize(t) for t in texts]

    items = list(texts)

    def rust() -> object:
        # Normalise, scan and score in Rust with no Python result built.
        return _core.time_texts(scorer._core, items, 1)

    return {
        "normalise (Rust, and the Python Normalized)": normalise,
        "normalise + scan + score in Rust, no result objects": rust,
    }


_LAST_STAGE: Final = "+ Python Assessment objects (score_many)"


def _floor_pass(texts: Sequence[str], words: frozenset[str]) -> Callable[[], list[bool]]:
    def run() -> list[bool]:
        findall = regex.findall
        isdisjoint = words.isdisjoint
        return [not isdisjoint(findall(r"\w+", t.casefold())) for t in texts]

    return run


def _each_pass(fn: Callable[[str], object], inputs: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        for text in inputs:
            fn(text)
        return None

    return run


# -------------------------------------------------------------------------- peers


def _peers(
    texts: list[str], sample: list[str], scorer: Scorer, repeat: int, budget: float
) -> dict[str, Any]:
    """alt-profanity-check and better_profanity, when installed, on the same texts."""
    fns: dict[str, Callable[[], object]] = {}
    counts: dict[str, int] = {}
    installed: dict[str, str | None] = {}
    try:
        predict_prob = importlib.import_module("profanity_check").predict_prob
        installed["alt-profanity-check"] = _version("alt-profanity-check")
    except ImportError:
        installed["alt-profanity-check"] = None
    else:
        fns["alt-profanity-check predict_prob (batch)"] = lambda: predict_prob(texts)
        counts["alt-profanity-check predict_prob (batch)"] = len(texts)
        fns["alt-profanity-check predict_prob (per item)"] = lambda: [
            predict_prob([t]) for t in sample
        ]
        counts["alt-profanity-check predict_prob (per item)"] = len(sample)
    try:
        profanity = importlib.import_module("better_profanity").profanity
        installed["better-profanity"] = _version("better-profanity")
    except ImportError:
        installed["better-profanity"] = None
    else:
        profanity.load_censor_words()  # its word list loads lazily; keep that out of timing
        fns["better_profanity contains_profanity (per item)"] = lambda: [
            profanity.contains_profanity(t) for t in sample
        ]
        counts["better_profanity contains_profanity (per item)"] = len(sample)
    if fns:
        fns["nudge score (per item, same sample)"] = _score_each_pass(scorer, sample)
        counts["nudge score (per item, same sample)"] = len(sample)
    timings = _corpus.measure(fns, repeat, budget=budget)
    rows = {
        name: {
            "comments": counts[name],
            "us_per_comment": timings[name].median / counts[name] * 1e6,
            "comments_per_s": counts[name] / timings[name].median,
            "timing": timings[name].as_dict(counts[name]),
        }
        for name in fns
    }
    return {"installed": installed, "sample": len(sample), "results": rows}


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


# ---------------------------------------------------------------------------- run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/throughput.py",
        description="Comments per second of Scorer.score_many, against a word-list floor.",
    )
    _corpus.add_common_arguments(parser)
    parser.add_argument(
        "--peers", action="store_true",
        help="also time alt-profanity-check and better_profanity when installed",
    )  # fmt: skip
    parser.add_argument(
        "--peer-sample", type=int, default=200, metavar="N",
        help="comments for the per-item peer timings, which are slow (default 200)",
    )  # fmt: skip
    parser.add_argument(
        "--budget", type=float, default=30.0, metavar="S",
        help="skip the repetitions of a measurement whose warm-up takes longer than S "
        "seconds, and stop it after 5*S (default 30)",
    )  # fmt: skip
    parser.add_argument(
        "--no-memory", action="store_true",
        help="skip the memory probe (a fresh interpreter loading the packs under tracemalloc)",
    )  # fmt: skip
    parser.add_argument(
        "--no-scaling", action="store_true", help="skip the 100 B / 10 kB / 1 MB scaling runs"
    )
    parser.add_argument(
        "--packs", default=None, metavar="CODES",
        help="comma-separated packs to load instead of the default ones (e.g. "
        "en,fr,es,de,it,pt: a comment should pay for its languages, not for every pack)",
    )  # fmt: skip
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run the benchmark and return every figure, bar and PASS/FAIL as a dict."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    corpus = _corpus.davidson(synthetic=opts.synthetic, limit=opts.limit)
    texts = corpus.texts
    if opts.quick:
        opts.no_scaling = opts.no_memory = True
    n = len(texts)
    chosen = [c for c in (opts.packs or "").split(",") if c]
    scorer, packs = load_scorer(chosen)
    words = _corpus.frequent_words(texts, FLOOR_WORDS)

    stage_passes = {} if opts.quick else _stage_passes(scorer, texts)
    # --synthetic means no shared data at all: the benign row is N/A then too.
    benign = {} if opts.synthetic else benign_texts(opts.limit)
    benign_all = [t for folder_texts in benign.values() for t in folder_texts]
    benign_words = _corpus.frequent_words(benign_all, FLOOR_WORDS)
    benign_passes: dict[str, Callable[[], object]] = {}
    if benign_all:
        benign_passes["benign UD"] = _score_pass(scorer, benign_all)
        benign_passes["benign UD floor"] = _floor_pass(benign_all, benign_words)
        for folder, folder_texts in benign.items():
            benign_passes[folder] = _score_pass(scorer, folder_texts)
    timings = _corpus.measure(
        {
            "nudge": _score_pass(scorer, texts),
            "floor": _floor_pass(texts, words),
            "workers=2": _workers_pass(scorer, list(texts), 2),
            **benign_passes,
            **stage_passes,
        },
        opts.repeat,
        budget=opts.budget,
    )
    ours, floor = timings["nudge"], timings["floor"]
    floor_hits = sum(_floor_pass(texts, words)())
    flagged = sum(1 for a in scorer.score_many(texts) if a.flagged)
    figures: dict[str, Any] = {
        "comments": n,
        "characters": sum(len(t) for t in texts),
        **_rates(n, ours, floor, "nudge_"),
        "nudge_flagged_share": flagged / n if n else 0.0,
        "floor_hit_share": floor_hits / n if n else 0.0,
        "floor_words": len(words),
        "workers2_comments_per_s": n / timings["workers=2"].median,
        "workers2_speedup": ours.median / timings["workers=2"].median,
        "benign_ud": _benign_figures(benign, timings),
    }

    peers: dict[str, Any] | None = None
    if opts.peers:
        sample = texts[: opts.peer_sample]
        peers = _peers(texts, sample, scorer, opts.repeat, opts.budget)

    scaling = None if opts.no_scaling else _scaling(scorer, texts, words, opts)
    stages: dict[str, float] | None = None
    if stage_passes:
        stages = {name: timings[name].median / n * 1e6 for name in [*stage_passes, "nudge"]}
        stages[_LAST_STAGE] = stages.pop("nudge")
    memory: dict[str, Any] = {}
    if not opts.no_memory:
        memory = scorer_memory(chosen or (None if packs["complete"] else packs["loaded"]), texts)
    memory["pickle_bytes_here"] = len(pickle.dumps(scorer))

    apc_rate = None
    if peers is not None:
        batch = peers["results"].get("alt-profanity-check predict_prob (batch)")
        if batch is not None:
            apc_rate = figures["nudge_comments_per_s"] / batch["comments_per_s"]
    # The bar reads resident memory (it counts the core's Rust heap, which tracemalloc
    # does not see); tracemalloc's figure is printed beside it.
    load_mb = memory.get("load_resident_bytes", memory.get("load_current_bytes"))
    corpus_note = "Davidson tweets" if corpus.name == "davidson_en" else f"{corpus.name} corpus"
    bars = [
        _corpus.bar(
            f"comments/s on the {corpus_note}", figures["nudge_comments_per_s"], ">=", RATE_BAR
        ),
        _corpus.bar(
            "nudge / floor (time per comment)", figures["ratio_to_floor"], "<=", FLOOR_BAR, "x"
        ),
        _corpus.bar(
            "comments/s on the benign UD sentences",
            None if figures["benign_ud"] is None else figures["benign_ud"]["comments_per_s"],
            ">=",
            BENIGN_RATE_BAR,
        ),
        _corpus.bar(
            "nudge / alt-profanity-check batch (comments/s)", apc_rate, ">=", PEER_BAR, "x"
        ),
        _corpus.bar(
            "loaded Scorer, resident memory (MB)",
            None if load_mb is None else load_mb / 1e6,
            "<",
            MEMORY_BAR_MB,
            " MB",
        ),
        _corpus.bar(
            "score_many workers=2 / one thread", figures["workers2_speedup"], ">=", WORKERS_BAR, "x"
        ),
        _corpus.bar(
            "scaling: max/min µs per character",
            None if scaling is None else scaling["ratio_max_min"],
            "<=",
            SCALING_BAR,
            "x",
        ),
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
            "peers": opts.peers,
            "peer_sample": opts.peer_sample,
            "budget_s": opts.budget,
        },
        "corpus": {"name": corpus.name, "source": corpus.source, "comments": n},
        "packs": packs,
        "timed": "scorer.score_many(texts)",
        "floor": 'not words.isdisjoint(regex.findall(r"\\w+", t.casefold())) for t in texts',
        "throughput": figures,
        "fast_path_share": _corpus.fast_path_share(texts),
        "peers": peers,
        "scaling": scaling,
        "stages_us_per_comment": stages,
        "memory": memory,
    }
    return _corpus.finish(result, bars, opts, report)


def _benign_figures(
    benign: dict[str, list[str]], timings: dict[str, _corpus.Timing]
) -> dict[str, Any] | None:
    """Comments/s on all the benign UD sentences and on each folder, the floor beside
    them; None when no folder is present."""
    n = sum(len(folder_texts) for folder_texts in benign.values())
    if not n:
        return None
    ours, floor = timings["benign UD"], timings["benign UD floor"]
    return {
        "folders": {
            folder: {
                "comments": len(folder_texts),
                "comments_per_s": len(folder_texts) / timings[folder].median,
                "us_per_comment": timings[folder].median / len(folder_texts) * 1e6,
            }
            for folder, folder_texts in benign.items()
        },
        "comments": n,
        "characters": sum(len(t) for folder_texts in benign.values() for t in folder_texts),
        **_rates(n, ours, floor),
    }


def _rates(n: int, ours: _corpus.Timing, floor: _corpus.Timing, prefix: str = "") -> dict[str, Any]:
    """Comments/s, µs a comment and the timings of nudge (keys after ``prefix``) and of
    the floor on the same ``n`` comments, and the ratio of their times."""
    return {
        f"{prefix}comments_per_s": n / ours.median,
        f"{prefix}us_per_comment": ours.median / n * 1e6,
        "floor_comments_per_s": n / floor.median,
        "floor_us_per_comment": floor.median / n * 1e6,
        "ratio_to_floor": ours.median / floor.median,
        f"{prefix}timing": ours.as_dict(n),
        "floor_timing": floor.as_dict(n),
    }


def _scaling(
    scorer: Scorer, texts: Sequence[str], words: frozenset[str], opts: argparse.Namespace
) -> dict[str, Any]:
    """Time per character of comments of 100 B, 10 kB and 1 MB cut from the same text.

    The corpus, joined and repeated, is cut into consecutive pieces of each size, at
    least 100 kB in all (a thousand 100 B comments, ten of 10 kB, one of 1 MB), so that
    every length sees the same mix of words: one 100 B piece alone would time whatever
    those hundred bytes happen to hold (a hit, or none).
    """
    rows: list[dict[str, Any]] = []
    findall = regex.findall

    def floor_one(text: str) -> object:
        return not words.isdisjoint(findall(r"\w+", text.casefold()))

    for size in SCALING_SIZES:
        inputs = _corpus.pieces(texts, size)
        count = len(inputs)
        timing = _corpus.measure(
            {"nudge": _each_pass(scorer.score, inputs), "floor": _each_pass(floor_one, inputs)},
            opts.repeat,
            budget=opts.budget,
        )
        chars = sum(len(text) for text in inputs)
        rows.append(
            {
                "bytes": size,
                "characters": chars // count,
                "loops": count,  # inputs of this length, each scored once per repetition
                "nudge_us_per_char": timing["nudge"].median / chars * 1e6,
                "floor_us_per_char": timing["floor"].median / chars * 1e6,
                "nudge_s_per_input": timing["nudge"].median / count,
                "nudge_timing": timing["nudge"].as_dict(count),
                "floor_timing": timing["floor"].as_dict(count),
            }
        )
    per_char = [r["nudge_us_per_char"] for r in rows]
    return {
        "inputs": rows,
        "ratio_max_min": max(per_char) / min(per_char),
        "lower_bound": any(r["nudge_timing"]["timed_out"] for r in rows),
    }


# ------------------------------------------------------------------------- report


def report(result: dict[str, Any]) -> str:
    """The result as readable tables, with the command that produced it."""
    env = result["environment"]
    figures = result["throughput"]
    packs = result["packs"]
    lines = [
        f"$ {result['command']}",
        f"nudge {result['nudge_version']}, Python {env['python']}, {env['platform']}, "
        f"{env['cpu_count']} CPUs, {env['date']}, load average {_corpus.load_text(env)}",
        f"corpus: {result['corpus']['name']} ({result['corpus']['comments']:,} comments); "
        f"packs: {', '.join(packs['loaded'])}",
    ]
    if not packs["complete"]:
        lines.append(
            f"WARNING: Scorer.load() failed ({packs['load_error']}); measured with "
            f"{', '.join(packs['loaded'])} only, NOT the configuration the bars are for"
        )
    lines += [
        f"single process; median of {result['options']['repeat']} repetitions after one "
        "warm-up, interleaved",
        "",
        _corpus.table(
            ("", "comments/s", "µs/comment", "min-max µs", "first pass µs", "ratio"),
            [
                (
                    "nudge scorer.score_many",
                    figures["nudge_comments_per_s"],
                    figures["nudge_us_per_comment"],
                    _corpus.spread(figures["nudge_timing"]),
                    figures["nudge_timing"]["first_s"] * 1e6,
                    figures["ratio_to_floor"],
                ),
                (
                    f"floor: casefold + regex \\w+ + {figures['floor_words']:,}-word set",
                    figures["floor_comments_per_s"],
                    figures["floor_us_per_comment"],
                    _corpus.spread(figures["floor_timing"]),
                    figures["floor_timing"]["first_s"] * 1e6,
                    1.0,
                ),
            ],
        ),
        f"flagged by nudge: {figures['nudge_flagged_share']:.1%}; floor set hit: "
        f"{figures['floor_hit_share']:.1%}; ASCII fast path: {result['fast_path_share']:.1%}",
        "",
        _benign_report(figures["benign_ud"]),
    ]
    peers = result["peers"]
    if peers is not None:
        lines += ["", f"peers (per-item rows on the first {peers['sample']} comments):"]
        for dist, version in peers["installed"].items():
            if version is None:
                lines.append(f"  {dist}: not installed (pip install {dist})")
        peer_rows = [
            (name, r["comments"], r["comments_per_s"], r["us_per_comment"])
            for name, r in peers["results"].items()
        ]
        if peer_rows:
            lines.append(_corpus.table(("", "comments", "comments/s", "µs/comment"), peer_rows))
    scaling = result["scaling"]
    if scaling is not None:
        rows = [
            (
                f"{r['bytes']:,} B",
                r["characters"],
                r["loops"],
                r["nudge_s_per_input"] * 1e3,
                r["nudge_us_per_char"],
                r["floor_us_per_char"],
                r["nudge_timing"]["repetitions"],
            )
            for r in scaling["inputs"]
        ]
        lines += [
            "",
            "scaling with comment length (pieces of the repeated corpus text):",
            _corpus.table(
                (
                    "input",
                    "chars/input",
                    "inputs",
                    "nudge ms/input",
                    "nudge µs/char",
                    "floor µs/char",
                    "reps",
                ),
                rows,
            ),
            f"max/min nudge µs per character: {scaling['ratio_max_min']:.2f}"
            + (" (lower bound: a run was stopped)" if scaling["lower_bound"] else ""),
        ]
    stages = result.get("stages_us_per_comment")
    if stages:
        full = list(stages.values())[-1]
        rows_s = []
        previous = 0.0
        for name, us in stages.items():
            share = f"{(us - previous) / full:.0%}" if full else "-"
            rows_s.append((name, us, us - previous, share))
            previous = us
        lines += [
            "",
            "where the time goes (cumulative stages, each from the raw text; medians):",
            _corpus.table(("stage", "µs/comment", "added µs", "share"), rows_s),
        ]
    memory = result["memory"]
    lines.append("")
    if "error" in memory:
        lines.append(f"memory probe failed: {memory['error']}")
    elif "load_current_bytes" not in memory:
        lines.append(
            f"memory probe skipped (--no-memory); pickle.dumps: "
            f"{memory['pickle_bytes_here'] / 1e6:.2f} MB"
        )
    else:
        lines.append(
            f"loaded Scorer (fresh interpreter, tracemalloc): current "
            f"{memory['load_current_bytes'] / 1e6:.1f} MB, peak "
            f"{memory['load_peak_bytes'] / 1e6:.1f} MB (import of nudge.scorer: "
            f"{memory['import_bytes'] / 1e6:.1f} MB); pickle.dumps: "
            f"{memory['pickle_bytes'] / 1e6:.2f} MB"
        )
        if "load_resident_bytes" in memory:
            lines.append(
                f"resident memory of Scorer.load() (Python and the compiled core's heap, "
                f"no tracemalloc): +{memory['load_resident_bytes'] / 1e6:.1f} MB"
            )
        if "first_resident_bytes" in memory:
            lines.append(
                f"the same, after its first ten comments (_corpus.FIRST_COMMENTS: tables "
                f"worked out on first use): +{memory['first_resident_bytes'] / 1e6:.1f} MB"
            )
        if memory.get("used_current_bytes") is not None:
            lines.append(
                f"the same Scorer after scoring the corpus once (lookup memo filled): "
                f"{memory['used_current_bytes'] / 1e6:.1f} MB"
            )
    lines += ["", _corpus.bars_table(result["bars"])]
    return "\n".join(lines)


def _benign_report(benign: dict[str, Any] | None) -> str:
    """The benign UD rows: all sentences in one batch, each folder, and the floor."""
    if benign is None:
        return f"benign UD sentences: N/A ({', '.join(BENIGN_FOLDERS)} absent from ../shared/data)"
    rows: list[tuple[object, ...]] = [
        (
            f"nudge score_many, benign UD ({benign['comments']:,} sentences)",
            benign["comments_per_s"],
            benign["us_per_comment"],
            _corpus.spread(benign["timing"]),
            benign["ratio_to_floor"],
        ),
    ]
    rows += [
        (
            f"  of which {folder} ({row['comments']:,})",
            row["comments_per_s"],
            row["us_per_comment"],
            "",
            "",
        )
        for folder, row in benign["folders"].items()
    ]
    rows.append(
        (
            "floor on the same sentences",
            benign["floor_comments_per_s"],
            benign["floor_us_per_comment"],
            _corpus.spread(benign["floor_timing"]),
            1.0,
        )
    )
    return _corpus.table(("", "comments/s", "µs/comment", "min-max µs", "ratio"), rows)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
