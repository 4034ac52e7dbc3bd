"""A Scorer loaded by pack codes pickles as its codes and the packs' content digest
(``nudge._cache.pickled_as``): small, and a new process (a Dask or Spark worker) loads
the packs from its compiled-pack cache instead of compiling them; an installation whose
packs differ refuses it with a clear error instead of giving other answers."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from nudge import _cache
from nudge.errors import ConfigError
from nudge.scorer import Scorer

TEXTS = ("you idiot", "t'es qu'un connard", "#stupidbitch", "merci beaucoup")


def test_a_scorer_loaded_by_codes_pickles_small_and_gives_the_same_answers(cache: Path) -> None:
    scorer = Scorer.load(["en", "fr"], threshold=0.6, profanity="always")
    data = pickle.dumps(scorer)
    assert len(data) < 1000
    clone = pickle.loads(data)
    assert (clone.threshold, clone.profanity, clone.languages) == (
        scorer.threshold,
        scorer.profanity,
        scorer.languages,
    )
    assert [clone.score(t) for t in TEXTS] == [scorer.score(t) for t in TEXTS]
    assert len(pickle.dumps(scorer.with_threshold(0.7))) < 1000


def test_other_scorers_still_pickle_whole(cache: Path) -> None:
    packs, lexicon = _cache.load_compiled(("fr",), memo=False)  # not this process's memo
    scorer = Scorer(lexicon, packs)
    data = pickle.dumps(scorer)
    assert len(data) > 100_000
    assert [pickle.loads(data).score(t) for t in TEXTS] == [scorer.score(t) for t in TEXTS]


def test_a_new_process_unpickles_from_its_cache_without_compiling(cache: Path) -> None:
    scorer = Scorer.load(["fr"])
    data = pickle.dumps(scorer)
    code = (
        "import pickle, sys\n"
        "from nudge import _cache\n"
        "def refuse(codes):\n"
        "    raise AssertionError('compiled instead of read from the cache')\n"
        "_cache._compile_now = refuse\n"
        "scorer = pickle.loads(sys.stdin.buffer.read())\n"
        "print(scorer.score(\"t'es qu'un connard\").flagged)\n"
    )
    env = {**os.environ, "NUDGE_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, env=env, capture_output=True, check=True
    )
    assert out.stdout == b"True\n"


def test_packs_that_differ_are_refused_with_a_clear_error(cache: Path) -> None:
    scorer = Scorer.load(["fr"])
    reducer, args = scorer.__reduce__()
    codes, content, *rest = args
    with pytest.raises(ConfigError, match="not the ones the Scorer was pickled with"):
        reducer(codes, "0" * 40, *rest)
    assert reducer(codes, content, *rest).score("connard") == scorer.score("connard")
