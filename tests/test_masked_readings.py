"""A masked letter read in the comment's languages (issue 17, robustness bars).

A mask hides a letter of any word: ``th*t`` is "that" far more often than the slang
term "thot", ``ha*e`` is "have".  A token with one masked letter is read as the
everyday word it makes in the comment's languages (``_data/segment.toml``,
``mask_word_rank``); a token that makes no everyday word keeps its term reading
(``c*nt``, ``ho*s``); a mask over a typo reads the typo (``h*trd``); the letters a
mask may hide come from each pack's ``tokens.toml`` (``mask_letters``).
"""

from __future__ import annotations

import pytest

from nudge import Scorer
from nudge.facts import default_facts


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_the_mask_letters_come_from_the_packs() -> None:
    letters = default_facts().mask_letters
    # English and French together: each letter once, "e" (first in both) first.
    assert letters[0] == "e"
    assert len(letters) == len(set(letters))
    assert {"é", "z", "q"} <= set(letters)


@pytest.mark.parametrize(
    "text",
    [
        "It seems clear to me th*t the manhunt is being done wrong.",
        "Is it possible t*at you marked the vacation time?",
        "I'd like to know wh*re the meeting is.",
        "He reports t*at the party is wavering.",
        "Today is my last day in the office he*e.",
    ],
)
def test_a_masked_everyday_word_is_no_term(scorer: Scorer, text: str) -> None:
    assert not scorer.score(text).flagged


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("I kn*w these ho*s", "hoe"),
        ("sarcastic c*nt, yes", "cunt"),
        ("you are a b*tch", "bitch"),
        # A term that is an everyday word itself keeps its reading: "ha*e" could be
        # "have", but a writer masks a letter to hide the taboo word.
        ("I ha*e them all.", "hate"),
        # A mask over a typo form: "h*trd" filled is "hatrd", a typo of "hatred".
        ("I have so much h*trd for you immigrants.", "hatred"),
        # The everyday word the rules need: "th*n" is "than" (not the French "thon").
        ("My dog is smarter th*n any immigrant could ever be.", "than any immigrant"),
        # In a French comment "sa*e" is "sale".
        ("@user sa*e ar*be", ""),
    ],
)
def test_a_masked_term_or_rule_word_is_read(scorer: Scorer, text: str, term: str) -> None:
    a = scorer.score(text)
    assert a.flagged, text
    if term:
        assert term in {m.term for m in a.matches}


def test_a_typo_in_a_spaced_run_is_read_between_known_words(scorer: Scorer) -> None:
    a = scorer.score("Typical of a woman to be t h a t s t u p d.")
    assert a.flagged
    assert "stupid" in {m.term for m in a.matches}
    # A phrase sees the word a typo piece stands for.
    b = scorer.score("Muslims s h o u l d all be k i l l d.")
    assert b.flagged


def test_a_masked_glued_run_is_read_in_every_repeat(scorer: Scorer) -> None:
    # Its time per character is measured by ``benchmarks/core.py`` ("masked glued
    # words"), not here.
    piece = "massiv*scumbagsandmore "
    assert [m.term for m in scorer.score(piece).matches] == ["scumbag"]
    assert [m.term for m in scorer.score(piece * 2000).matches] == ["scumbag"] * 2000
