"""``@`` typed for ``a`` at the start of a word (issue 17, item 2): ``@sshole``.

The tokeniser reads ``@sshole`` as a mention; the scan reads it as the word ``asshole``
when that is a term of the packs.  Handles that form no term stay mentions.
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_an_at_sign_before_a_term_is_an_a(scorer: Scorer) -> None:
    text = "@user you @sshole"
    (match,) = scorer.score(text).matches
    assert (match.term, match.steps) == ("asshole", ("leet",))
    assert text[match.start : match.end] == "@sshole"


@pytest.mark.parametrize("text", ["@user thanks", "hey @bob", "cc @asshole_fan", "@alice @anna"])
def test_handles_stay_mentions(scorer: Scorer, text: str) -> None:
    assert scorer.score(text).matches == ()
