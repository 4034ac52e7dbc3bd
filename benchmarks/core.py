"""The compiled core alone: normalise, scan and score in Rust, no Python result built.

``throughput.py`` times ``Scorer.score`` as an app calls it (one crossing into Rust per
comment, the Python ``Assessment`` built from its answer); this script times what runs
in Rust: ``nudge._core.time_texts`` scores the comments again and again with the GIL
released.  It also times ``score_many`` with one and two workers (wall and CPU time, so
a run on a busy machine shows whether the second core was there to use), and the worst
cases of issue #12 (whole ``Scorer.score`` calls) at growing sizes, to show the time per
character stays flat.

    python benchmarks/core.py [--repeat N] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence

from nudge import _core
from nudge.scorer import Scorer

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
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print comments/s of the Rust part and the worst cases' times per size."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--sizes", default="10000,100000,1000000")
    opts = p.parse_args(argv)
    scorer = Scorer.load()
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
    print("worst cases, whole Scorer.score calls:")
    for name, piece in WORST.items():
        for size in (int(s) for s in opts.sizes.split(",")):
            text = (piece * (size // len(piece) + 1))[:size]
            # The previous answer (up to 500,000 matches) is freed before the clock starts.
            a = None
            t0 = time.perf_counter()
            a = scorer.score(text)
            s = time.perf_counter() - t0
            print(f"  {name:20s} {size:>9,} chars: {s * 1e3:8.1f} ms "
                  f"({s / size * 1e9:6.1f} ns/char), {len(a.matches):,} matches")  # fmt: skip
    return 0


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
