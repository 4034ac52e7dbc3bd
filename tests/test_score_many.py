"""``score_many`` in one crossing: chunks, Rust worker threads, the paused collector.

A batch is cut into chunks (a few hundred comments, fewer when they are long) and, with
``workers > 1``, scored on Rust threads while the calling thread builds the results in
order; these tests check that every path gives the answers of ``score`` one by one.
"""

from __future__ import annotations

import gc
import random

import pytest

from nudge.errors import InputError
from nudge.scorer import Scorer

_PIECES = (
    "you", "are", "an", "idiot", "stupid", "b1tch", "f*ck", "connard", "t'es", "qu'un",
    "not", "never", "i'm", "he", "called", "me", "kill", "yourself", "merci", "bravo",
    "🖕🏿", "👍", "\u200b", "\ud800", "@bob", "#tag", "http://x.co/a", ",", ".", "!", "\n",
    "f.u.c.k", "fuuuuck", "Moby", "Dick", "ß", "é", "ѕ", "«", "»", '"',
)  # fmt: skip


def _batch(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 25))) for _ in range(count)]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_batch_over_several_chunks_equals_one_by_one(scorer: Scorer) -> None:
    texts = _batch(700, seed=20261204)
    one_by_one = [scorer.score(t) for t in texts]
    assert scorer.score_many(texts) == one_by_one
    assert scorer.score_many(texts, workers=2) == one_by_one
    assert scorer.score_many(texts, workers=3) == one_by_one


def test_long_texts_cut_the_batch_by_size(scorer: Scorer) -> None:
    long = "you are such an idiot and nobody likes you " * 2_000  # 86,000 characters
    texts = [long, "merci", long + "!", "ta gueule", long]
    one_by_one = [scorer.score(t) for t in texts]
    assert scorer.score_many(texts, workers=2) == one_by_one
    assert [a.text for a in scorer.score_many(texts, workers=2)] == texts


def test_forced_language_reaches_every_worker(scorer: Scorer) -> None:
    texts = _batch(600, seed=7)
    assert scorer.score_many(texts, lang="fr", workers=2) == [
        scorer.score(t, lang="fr") for t in texts
    ]


def test_collector_state_is_restored(scorer: Scorer) -> None:
    texts = _batch(300, seed=3)
    assert gc.isenabled()
    scorer.score_many(texts, workers=2)
    scorer.score(texts[0])
    assert gc.isenabled()
    gc.disable()
    try:
        scorer.score_many(texts)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_results_are_the_public_frozen_types(scorer: Scorer) -> None:
    a = scorer.score_many(["you stupid b1tch"] * 300, workers=2)[-1]
    assert type(a).__name__ == "Assessment" and type(a.matches[0]).__name__ == "Match"
    with pytest.raises(AttributeError):
        a.score = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.categories["insult"] = 0.0  # type: ignore[index]


def test_bad_items_and_workers_are_refused(scorer: Scorer) -> None:
    with pytest.raises(InputError, match="item 2"):
        scorer.score_many(["a", "b", 3] + ["c"] * 400, workers=2)  # type: ignore[list-item]
    with pytest.raises(InputError):
        scorer.score_many(["a"], workers=0)
