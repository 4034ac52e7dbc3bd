"""What the compiled core shares between results (a comment's one-line reasons, the 0.0
and threshold floats) is what it would have written for that comment alone."""

from __future__ import annotations

import pickle

import pytest

from nudge.scorer import Scorer

TEXTS = [
    "thank you so much",
    "you made my day",
    "merci beaucoup, bonne journée",
    "t'es qu'un con",
    "you are an idiot",
    "",
    "🖕🏿",
    "Moby Dick is a novel",
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize("lang", [None, "en", "fr-CA"])
def test_reasons_are_the_lines_written_for_the_comment_alone(
    scorer: Scorer, lang: str | None
) -> None:
    forced = None if lang is None else (lang, lang.split("-")[0])
    for text, a in zip(TEXTS, scorer.score_many(TEXTS, lang=lang), strict=True):
        written = tuple(scorer._core.score(text, forced)[6])
        assert a.reasons == written, text
        assert scorer.score(text, lang=lang).reasons == written, text


def test_a_comment_with_no_match_weighed_has_its_language_line(scorer: Scorer) -> None:
    first, second = scorer.score_many(["thank you so much", "you made my day"])
    assert first.reasons == second.reasons == ("language: en",)
    assert first.matches == second.matches == ()


def test_shared_floats_are_the_values_and_survive_pickling(scorer: Scorer) -> None:
    for a in scorer.score_many(TEXTS):
        assert a.threshold == scorer.threshold
        assert a.score == scorer._core.score(a.text)[0]
        again = pickle.loads(pickle.dumps(a))
        assert again == a
        assert again.reasons == a.reasons
