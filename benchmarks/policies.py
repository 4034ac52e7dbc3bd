"""Benchmark: decisions per second of a realistic creator policy chain, with decide_many.

The chain: an allow list (50 accounts), a block list (500 accounts), a keyword filter
of 200 creator words and phrases, an offensive-content filter with per-category
choices, and relationship-aware nudging.  The comments are the Davidson et al. tweets
(``../shared/data/davidson_en``), or the benchmarks' synthetic corpus of the same size
when that folder is absent (``benchmarks/_corpus.py``).  Each comment gets a seeded
random relationship with the creator.  Beside the chain, the same run times the scorer
alone, the policies given precomputed assessments and the keyword filter alone: where
the time goes; and the chain again with ``workers=2`` (the compiled core's part of the
batch, keyword scan and scoring, shared by two threads).  Each figure is the median of
``--repeat`` interleaved repetitions after one warm-up run.

Bar: at least 50,000 decisions per second.

    python benchmarks/policies.py [--repeat N] [--limit N] [--json PATH] [--synthetic]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus
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

RATE_BAR: Final = 50_000.0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/policies.py", description=__doc__.splitlines()[0]
    )
    _corpus.add_common_arguments(parser)
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run the benchmark and return every figure, the bar and PASS/FAIL as a dict."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    corpus = _corpus.davidson(synthetic=opts.synthetic, limit=opts.limit)
    texts = corpus.texts
    rng = random.Random(42)
    scorer = Scorer.load()
    keyword_filter = KeywordFilter(keywords(), emoji=["🐍", "🤡"])
    chain = PolicyChain(
        [
            AllowList([f"u{i}" for i in range(50)]),
            BlockList([f"u{i}" for i in range(1000, 1500)]),
            keyword_filter,
            OffensiveFilter(0.7, categories={"threat": Action.HOLD, "slur": Action.REJECT}),
            RelationshipNudge(),
        ],
        creator_id="creator",
        scorer=scorer,
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
    decisions = chain.decide_many(comments, contexts)
    assessments = scorer.score_many(texts)
    timings = _corpus.measure(
        {
            "chain": lambda: chain.decide_many(comments, contexts),
            "chain_workers2": lambda: chain.decide_many(comments, contexts, workers=2),
            "scorer": lambda: scorer.score_many(texts),
            "policies": lambda: chain.decide_many(comments, contexts, assessments=assessments),
            # The keyword filter by itself (normalising each comment, then matching).
            "keywords": lambda: [keyword_filter.match(t) for t in texts],
        },
        opts.repeat,
    )
    n = len(comments)
    rates = {name: n / t.median for name, t in timings.items()}
    actions = {a.value: 0 for a in Action}
    for d in decisions:
        actions[d.action.value] += 1
    bars = [_corpus.bar("decisions per second", rates["chain"], ">=", RATE_BAR)]
    result: dict[str, Any] = {
        "benchmark": "policies",
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {"repeat": opts.repeat, "limit": opts.limit, "synthetic": opts.synthetic},
        "corpus": {"name": corpus.name, "source": corpus.source, "comments": n},
        "actions": actions,
        "per_second": rates,
        "timings": {name: t.as_dict(n) for name, t in timings.items()},
    }
    return _corpus.finish(result, bars, opts, report)


def report(result: dict[str, Any]) -> str:
    """The result as a readable table, with the command that produced it."""
    rows = [
        ("policy chain, decide_many", result["per_second"]["chain"]),
        ("policy chain, decide_many(workers=2)", result["per_second"]["chain_workers2"]),
        ("scorer.score_many alone", result["per_second"]["scorer"]),
        ("policies, precomputed assessments", result["per_second"]["policies"]),
        ("keyword filter alone, match", result["per_second"]["keywords"]),
    ]
    corpus = result["corpus"]
    return "\n".join(
        [
            f"$ {result['command']}",
            f"corpus: {corpus['name']} ({corpus['comments']:,} comments)",
            "chain: allow list (50), block list (500), keyword filter (200 entries + 2 emoji),",
            "       offensive filter (0.7, threat -> hold, slur -> reject), relationship nudge",
            f"actions: {result['actions']}",
            "",
            _corpus.table(("", "per second (median)"), rows),
            "",
            _corpus.bars_table(result["bars"]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
