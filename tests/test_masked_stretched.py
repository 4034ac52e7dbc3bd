"""Masked and stretched words that are no terms are still read (issue 17, item 2).

A mask or a stretch hides a letter of any word: the identity word, the verb of a
phrase, a function word the language guess counts.  The lexicon resolves such a token
against every word the packs know (and, for stretched letters, the general word lists),
so the rules see the words they need; text without masks or stretched letters is read
exactly as before.
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("masked", "clean"),
    [
        ("I h*te wo*en.", "I hate women."),
        ("I really can't st*nd wom*n like you.", "I really can't stand women like you."),
        ("Women are the abs*lute w*rst.", "Women are the absolute worst."),
        ("Wooooomen are the absoluuuuute wooooorst.", "Women are the absolute worst."),
        ("non maaaaais quel mooooongol", "non mais quel mongol"),
        (
            "It's in Musliiiiims's nature to be uncivilised.",
            "It's in Muslims's nature to be uncivilised.",
        ),
        # The phrase settles what the mask hides: "s*ck" alone is the term "suck".
        ("You women make me s*ck.", "You women make me sick."),
        ("There is nothing worse th*n a woman.", "There is nothing worse than a woman."),
    ],
)
def test_a_masked_or_stretched_comment_reads_as_the_clean_one(
    scorer: Scorer, masked: str, clean: str
) -> None:
    plain = scorer.score(clean)
    assert plain.flagged
    hidden = scorer.score(masked)
    assert hidden.flagged
    assert [m.term for m in hidden.matches] == [m.term for m in plain.matches]


@pytest.mark.parametrize(
    "text",
    [
        "I have a cooool coffee",  # "cool" is a word as squeezed: it stays
        "what a nice* day",  # a star closing a word is a footnote, no mask
        "*sigh* the w*rst day ever",  # a worst day is no insult
        "sooooo good",
    ],
)
def test_benign_masks_and_stretches_stay_benign(scorer: Scorer, text: str) -> None:
    assert not scorer.score(text).flagged


def test_a_masked_context_word_keeps_its_span_in_the_original(scorer: Scorer) -> None:
    text = "Wooooomen are the absoluuuuute wooooorst."
    (match,) = scorer.score(text).matches
    assert text[match.start : match.end] == "the absoluuuuute wooooorst"
    assert match.steps == ("stretched",)
