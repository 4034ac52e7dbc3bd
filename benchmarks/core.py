"""The compiled core alone: lexicon scan and scorer in Rust on pre-normalised comments.

While the normaliser is still Python (the temporary bridge, until branch
``core-normalize`` lands), ``throughput.py`` times normalising in Python plus the bridge;
this script times what runs in Rust: the comments are normalised once, handed over, and
``nudge._core.time_core`` scores them again and again with the GIL released.  It also
times the worst cases of issue #12 (scan + score only) at growing sizes.

    python benchmarks/core.py [--repeat N] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from typing import Any

from nudge import _core
from nudge.matcher import bridge_parts
from nudge.normalize import Normalized, normalize
from nudge.scorer import Scorer, _steps_of

try:
    from benchmarks import _corpus
except ImportError:  # run as a script from the repository root
    import _corpus  # type: ignore[import-not-found, no-redef]


def parts_of(n: Normalized) -> tuple[Any, ...]:
    """The bridge's view of a normalised comment."""
    return bridge_parts(n)


def core_seconds(scorer: Scorer, texts: Sequence[str], repeat: int) -> float:
    """Median seconds of one pass of the Rust scan + score over ``texts``."""
    parts = [parts_of(normalize(t)) for t in texts]
    return statistics.median(_core.time_core(scorer._core, parts, _steps_of, repeat))


WORST = {
    "connard- repeated": "connard-",
    "🖕🏿 repeated": "🖕🏿",
    "unpunctuated prose": "you are such an idiot and nobody likes you ",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print comments/s of the Rust part and the worst cases' times per size."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--limit", type=int, default=None)
    opts = p.parse_args(argv)
    scorer = Scorer.load()
    corpus = _corpus.davidson(synthetic=False, limit=opts.limit)
    texts = list(corpus.texts)
    secs = core_seconds(scorer, texts, opts.repeat)
    print(f"$ python benchmarks/core.py --repeat {opts.repeat}")
    print(f"{corpus.name}: {len(texts):,} comments; Rust scan+score alone (normalised in Python)")
    print(f"  {len(texts) / secs:,.0f} comments/s, {secs / len(texts) * 1e6:.2f} µs/comment")
    print("worst cases, scan + score in Rust (normalised in Python beforehand, not timed):")
    for name, piece in WORST.items():
        for size in (10_000, 100_000, 1_000_000):
            text = (piece * (size // len(piece) + 1))[:size]
            t0 = time.perf_counter()
            parts = [parts_of(normalize(text))]
            norm = time.perf_counter() - t0
            s = statistics.median(_core.time_core(scorer._core, parts, _steps_of, 3))
            print(f"  {name:20s} {size:>9,} chars: core {s * 1e3:8.1f} ms "
                  f"({s / size * 1e9:6.1f} ns/char); Python normaliser {norm:6.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
