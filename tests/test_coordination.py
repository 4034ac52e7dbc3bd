"""A target carries over coordinated words (docs/scoring.md, "Targeting")."""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("you are so ugly and fat", "fat"),
        ("you are lazy, rude, ugly and fat", "fat"),
        ("t'es vraiment moche, bête et grosse", "gros"),
    ],
)
def test_the_last_of_coordinated_words_is_aimed_too(scorer: Scorer, text: str, last: str) -> None:
    a = scorer.score(text)
    assert a.flagged
    (m,) = [m for m in a.matches if m.term == last]
    assert m.targeted and "targeted" in m.rules


def test_coordination_runs_only_through_words_that_describe_a_person(scorer: Scorer) -> None:
    a = scorer.score("thanks to you for the chips and fat free milk")
    assert not a.flagged and not a.matches


def test_a_word_far_from_any_target_and_coordinated_with_nothing_stays_unaimed(
    scorer: Scorer,
) -> None:
    # Same distance from `you` as in "you are so ugly and fat", with no insult before.
    assert not scorer.score("you are so happy and fat").flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("you're a scam artist", True),
        ("what a vile excuse for a journalist", True),
        ("ce journaliste est un escroc", True),
        ("the gig was a sellout", False),
        ("la maison est vendue depuis mai", False),
    ],
)
def test_insults_of_people_without_slurs(scorer: Scorer, text: str, flagged: bool) -> None:
    assert scorer.score(text).flagged is flagged
