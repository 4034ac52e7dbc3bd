"""The compiled core alone: normalise, scan and score in Rust, no Python result built.

``throughput.py`` times ``Scorer.score`` as an app calls it (one crossing into Rust per
comment, the Python ``Assessment`` built from its answer); this script times what runs
in Rust: ``nudge._core.time_texts`` scores the comments again and again with the GIL
released.  It also times ``score_many`` with one and two workers (wall and CPU time, so
a run on a busy machine shows whether the second core was there to use), and the worst
cases of issue #12 (whole ``Scorer.score`` calls) at growing sizes, to show the time per
character stays flat.  ``--memory`` adds, for each worst case, the peak resident memory
it takes over the loaded scorer, measured in a fresh process (the peak is a high-water
mark: one case per process), and its ratio to the text's size in UTF-8 (issue #12: under
20x); then the same with the answer's ``matches`` read (a long comment's are built on
first read), and the ratio to the Python ``str`` itself (``sys.getsizeof``: one byte a
character for ASCII, four for emoji).  ``--only-worst`` skips the corpus timings.

    python benchmarks/core.py [--repeat N] [--limit N] [--sizes N,N] [--memory] [--only-worst]
        [--worst-best N]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from nudge import _core
from nudge.scorer import Assessment, Scorer

try:
    from benchmarks import _corpus
except ImportError:  # run as a script from the repository root
    import _corpus  # type: ignore[import-not-found, no-redef]


def core_seconds(scorer: Scorer, texts: Sequence[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds of one pass of the Rust part over ``texts``, and the CPU
    seconds of a pass (the mean over the passes; on a machine other work loads, CPU
    time is the steadier figure)."""
    c0 = time.process_time()
    passes = _core.time_texts(scorer._core, list(texts), repeat)
    cpu = (time.process_time() - c0) / max(repeat, 1)
    return statistics.median(passes), cpu


WORST = {
    "connard- repeated": "connard-",
    "🖕🏿 repeated": "🖕🏿",
    "unpunctuated prose": "you are such an idiot and nobody likes you ",
    "masked glued words": "massiv*scumbagsandmore ",
    "spaced letter runs": " ".join("youstupidbitch") + " ! ",
}

# Worst cases made of different tokens, not one piece repeated (the segmenter's memo
# answers a repeated token): name -> the pattern each token follows, filled with two
# ordinary words drawn at random (``b1``: the second without its first letter, which
# the mask stands for).
DISTINCT = {
    "masked distinct": "{a}*{b1} ",
    "masked across _": "{a}_*{b1} ",
    "masked across .": "{a}.*{b1} ",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print comments/s of the Rust part and the worst cases' times per size."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--memory", action="store_true", help="peak memory of each worst case")
    p.add_argument("--only-worst", action="store_true", help="skip the corpus timings")
    p.add_argument(
        "--worst-best", type=int, default=1, help="score each worst case N times, show the best"
    )
    p.add_argument("--one", nargs=3, metavar=("CASE", "SIZE", "READ"), help=argparse.SUPPRESS)
    opts = p.parse_args(argv)
    if opts.one:
        return _one_case(opts.one[0], int(opts.one[1]), opts.one[2] == "read")
    scorer = Scorer.load()
    sizes = [int(s) for s in opts.sizes.split(",")]
    if opts.only_worst:
        _worst(scorer, sizes, opts.memory, opts.worst_best)
        return 0
    corpus = _corpus.davidson(synthetic=False, limit=opts.limit)
    texts = list(corpus.texts)
    secs, cpu = core_seconds(scorer, texts, opts.repeat)
    print(f"$ python benchmarks/core.py --repeat {opts.repeat}")
    print(f"{corpus.name}: {len(texts):,} comments; Rust normalise + scan + score alone")
    print(f"  {len(texts) / secs:,.0f} comments/s, {secs / len(texts) * 1e6:.2f} µs/comment "
          f"(CPU {cpu / len(texts) * 1e6:.2f} µs/comment)")  # fmt: skip
    print("score_many, one call per pass (wall and CPU seconds: CPU/wall near 2 means two cores):")
    for workers in (1, 2):
        wall, cpu = _batch_seconds(scorer, texts, workers, opts.repeat)
        print(f"  workers={workers}: {len(texts) / wall:,.0f} comments/s, "
              f"{wall / len(texts) * 1e6:.2f} µs/comment, CPU/wall {cpu / wall:.2f}, "
              f"CPU {cpu / len(texts) * 1e6:.2f} µs/comment")  # fmt: skip
    _worst(scorer, sizes, opts.memory, opts.worst_best)
    return 0


def worst_text(name: str, size: int) -> str:
    """``size`` characters of the worst case ``name`` (of :data:`WORST` or :data:`DISTINCT`)."""
    if name in DISTINCT:
        return _distinct_text(DISTINCT[name], size)
    piece = WORST[name]
    return (piece * (size // len(piece) + 1))[:size]


def _distinct_text(pattern: str, size: int) -> str:
    """``size`` characters of tokens following ``pattern``, from the English words of
    more than three letters of the synthetic corpus's lists (seed 1: the same text on
    every run)."""
    words = [w for w in _corpus.word_lists()["en"] if len(w) > 3]
    rng = random.Random(1)
    out: list[str] = []
    n = 0
    while n < size:
        a, b = rng.choice(words), rng.choice(words)
        piece = pattern.format(a=a, b1=b[1:])
        out.append(piece)
        n += len(piece)
    return "".join(out)[:size]


def _worst(scorer: Scorer, sizes: Sequence[int], memory: bool, best: int = 1) -> None:
    """Time each worst case at each size (wall and CPU; the best of ``best`` calls, as a
    loaded machine makes single calls vary), and its peak memory if asked."""
    print(f"worst cases, whole Scorer.score calls (best of {max(best, 1)}):")
    for name in [*WORST, *DISTINCT]:
        for size in sizes:
            text = worst_text(name, size)
            s = cpu = float("inf")
            for _ in range(max(best, 1)):
                # The previous answer (up to 500,000 matches) is freed before the clock.
                a: Assessment | None = None
                c0, t0 = time.process_time(), time.perf_counter()
                a = scorer.score(text)
                s = min(s, time.perf_counter() - t0)
                cpu = min(cpu, time.process_time() - c0)
            # A long comment's matches are built when first read: timed apart.
            c1 = time.process_time()
            assert a is not None  # `best` is at least one pass
            count = len(a.matches)
            built = time.process_time() - c1
            line = (f"  {name:20s} {size:>10,} chars: {s * 1e3:8.1f} ms "
                    f"({s / size * 1e9:6.1f} ns/char, CPU {cpu * 1e3:8.1f} ms), "
                    f"{count:,} matches (read: CPU +{built * 1e3:.1f} ms)")  # fmt: skip
            if memory:
                a = None
                peak, read = _peak_in_child(name, size, False), _peak_in_child(name, size, True)
                ratio = peak / len(text.encode("utf-8"))
                line += (f", peak +{peak / 1e6:,.1f} MB ({ratio:.1f}x the UTF-8 text), "
                         f"matches read +{read / 1e6:,.1f} MB "
                         f"({read / sys.getsizeof(text):.1f}x the str)")  # fmt: skip
            print(line, flush=True)


def _peak_in_child(name: str, size: int, read: bool) -> int:
    """Bytes of resident memory ``Scorer.score`` of one worst case takes at its peak, over
    the loaded scorer and the text (a fresh process: the peak is a high-water mark), with
    the answer's matches read if ``read``."""
    cmd = [sys.executable, __file__, "--one", name, str(size), "read" if read else "score"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1])


def _one_case(name: str, size: int, read: bool) -> int:
    """Score one worst case (and read its matches if ``read``) and print the growth of the
    peak resident memory in bytes."""
    scorer = Scorer.load()
    scorer.score("warm up, you idiot")
    text = worst_text(name, size)
    before = _peak_rss()
    a = scorer.score(text)
    if read:
        len(a.matches)
    print(_peak_rss() - before)
    return 0


def _peak_rss() -> int:
    """The process's peak resident memory in bytes: ``VmHWM``, which starts afresh at
    ``exec`` (``ru_maxrss`` keeps the peak of the parent this process was forked from)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass  # not Linux: the fallback below
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _batch_seconds(
    scorer: Scorer, texts: Sequence[str], workers: int, repeat: int
) -> tuple[float, float]:
    """Median wall seconds of ``score_many(texts, workers=...)`` and the CPU seconds of
    that pass (all threads of the process)."""
    runs = []
    scorer.score_many(texts, workers=workers)  # warm-up
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        scorer.score_many(texts, workers=workers)
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    runs.sort()
    return runs[len(runs) // 2]


if __name__ == "__main__":
    raise SystemExit(main())
