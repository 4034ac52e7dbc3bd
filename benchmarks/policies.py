"""Benchmark: decisions per second of a realistic creator policy chain, with decide_many.

The chain: an allow list (50 accounts), a block list (500 accounts), a keyword filter
of 200 creator words and phrases, an offensive-content filter with per-category
choices, and relationship-aware nudging.  The comments are the Davidson et al. tweets
(``../shared/data/davidson_en/data.jsonl`` relative to the repository root) or, when
that folder is absent, a synthetic corpus of the same size.  Each comment gets a
seeded random relationship with the creator.

Run:  /work/venv/bin/python benchmarks/policies.py [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nudge.lexicon import load_pack
from nudge.policies import (
    Action,
    AllowList,
    BlockList,
    Comment,
    Context,
    KeywordFilter,
    OffensiveFilter,
    PolicyChain,
    Relationship,
    RelationshipNudge,
)
from nudge.scorer import Scorer

ROOT = Path(__file__).resolve().parents[1]
DAVIDSON = ROOT.parent / "shared" / "data" / "davidson_en" / "data.jsonl"


def corpus(limit: int | None) -> tuple[str, list[str]]:
    """The Davidson tweets, or a synthetic corpus when ../shared is absent."""
    if DAVIDSON.exists():
        with DAVIDSON.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f]
        source = str(DAVIDSON)
    else:
        rng = random.Random(7)
        words = [
            "you",
            "are",
            "such",
            "a",
            "nice",
            "idiot",
            "video",
            "lol",
            "love",
            "this",
            "b1tch",
            "trash",
            "go",
            "home",
            "😂",
            "🐍",
            "wow",
        ]
        texts = [" ".join(rng.choices(words, k=rng.randint(3, 25))) for _ in range(24_783)]
        source = "synthetic corpus (../shared/data is absent)"
    return source, texts[:limit] if limit else texts


def keywords() -> list[str]:
    """200 creator entries: words from the English pack, then made-up phrases."""
    seen: dict[str, None] = {}
    for term in load_pack("en").terms:
        if len(seen) >= 150:
            break
        seen.setdefault(term.term, None)
    i = 0
    while len(seen) < 200:
        seen.setdefault(f"stop posting number {i}", None)
        i += 1
    return list(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    source, texts = corpus(args.limit)
    rng = random.Random(42)
    allow = [f"u{i}" for i in range(50)]
    block = [f"u{i}" for i in range(1000, 1500)]
    chain = PolicyChain(
        [
            AllowList(allow),
            BlockList(block),
            KeywordFilter(keywords(), emoji=["🐍", "🤡"]),
            OffensiveFilter(0.7, categories={"threat": Action.HOLD, "slur": Action.REJECT}),
            RelationshipNudge(),
        ],
        creator_id="creator",
        scorer=Scorer.load(),
        chooser=None,
    )
    comments = [Comment(t, f"u{rng.randrange(5000)}", "v1") for t in texts]
    contexts: list[Context | None] = [
        Context(
            creator_id="creator",
            relationship=Relationship(
                author_follows_creator=rng.random() < 0.5,
                creator_follows_author=rng.random() < 0.2,
                prior_interactions=rng.randrange(10),
            ),
        )
        for _ in texts
    ]
    chain.decide_many(comments[:200], contexts[:200])  # warm up: packs, caches

    def timed(run: Callable[[], object]) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        return best

    decisions = chain.decide_many(comments, contexts)
    assert len(decisions) == len(comments)
    best = timed(lambda: chain.decide_many(comments, contexts))
    # Where the time goes: the scorer alone, and the policies given the assessments.
    scorer = Scorer.load()
    scoring = timed(lambda: scorer.score_many(texts))
    assessments = scorer.score_many(texts)
    policies_only = timed(lambda: chain.decide_many(comments, contexts, assessments=assessments))
    counts = {a.value: 0 for a in Action}
    for d in decisions:
        counts[d.action.value] += 1
    rate = len(comments) / best
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"corpus:  {source} ({len(comments)} comments)")
    print("chain:   allow list (50), block list (500), keyword filter (200 entries + 2 emoji),")
    print("         offensive filter (0.7, threat→hold, slur→reject), relationship nudge")
    print(f"actions: {counts}")
    print(f"best of {args.repeat}: {best:.3f} s -> {rate:,.0f} decisions per second")
    n = len(comments)
    print(f"  of which: scorer.score_many alone {n / scoring:,.0f} texts/s;")
    print(f"  policies with precomputed assessments {n / policies_only:,.0f} decisions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
