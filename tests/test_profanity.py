"""The profanity setting: ``Scorer.load(profanity="context" | "always")``."""

from __future__ import annotations

import pickle

import pytest

from nudge.errors import ConfigError
from nudge.scorer import Profanity, Scorer

SWEARING = [
    "back on my bullshit",
    "first fucking fight",
    "that was fucking brilliant",
    "merde alors",
]
CLEAN = ["what a lovely day", "Scunthorpe United won the cup", "la réunion du conseil"]


def test_context_is_the_default_and_discounts_untargeted_swearing() -> None:
    scorer = Scorer.load()
    assert scorer.profanity is Profanity.CONTEXT
    assert not any(scorer.score(t).flagged for t in SWEARING)


def test_always_holds_every_swear_word_and_nothing_else() -> None:
    always = Scorer.load(profanity="always")
    assert always.profanity is Profanity.ALWAYS
    assert all(always.score(t).flagged for t in SWEARING)
    assert not any(always.score(t).flagged for t in CLEAN)
    # Insults and context rules are untouched: a negated insult stays discounted.
    context = Scorer.load()
    for text in ("you are an idiot", "you're not stupid", "I'm such an idiot"):
        assert always.score(text).score == context.score(text).score


def test_the_setting_survives_pickling_and_with_threshold() -> None:
    always = Scorer.load(profanity=Profanity.ALWAYS)
    again = pickle.loads(pickle.dumps(always))
    assert again.profanity is Profanity.ALWAYS and again.score("merde alors").flagged
    assert always.with_threshold(0.9).profanity is Profanity.ALWAYS


@pytest.mark.parametrize("bad", ["sometimes", "", None, 1])
def test_a_bad_setting_is_a_config_error(bad: object) -> None:
    with pytest.raises(ConfigError, match="profanity: must be one of 'context', 'always'"):
        Scorer.load(profanity=bad)  # type: ignore[arg-type]
