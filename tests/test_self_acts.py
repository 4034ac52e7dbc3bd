"""`self_reference` before the insult: an action between the author's copula and the
insult (an intent word, a harm verb) makes the insult what the author acts on."""

from __future__ import annotations

from functools import cache

import pytest

from nudge.scorer import Scorer


@cache
def _scorer() -> Scorer:
    return Scorer.load()


def _rules(text: str) -> set[str]:
    return {rule for m in _scorer().score(text).matches for rule in m.rules}


@pytest.mark.parametrize(
    "text",
    [
        "I'm gonna slap a bitch",
        "I'm about to punch a faggot",
        "im finna beat a hoe",
        "I'm boutta hit that hoe",
        "I'm going to kill bitches today",
    ],
)
def test_an_action_after_the_copula_is_no_self_reference(text: str) -> None:
    assessment = _scorer().score(text)
    assert "self_reference" not in _rules(text)
    assert assessment.flagged


@pytest.mark.parametrize(
    "text",
    [
        "I'm such a bitch",
        "I'm gonna be a loser forever",  # a copula after the intent links them again
        "I want to be a slut",
        "I'm going to be a bitch about it",
    ],
)
def test_what_the_author_is_stays_a_self_reference(text: str) -> None:
    assert "self_reference" in _rules(text)
    assert not _scorer().score(text).flagged
