"""Words that name people only as capitalised nouns (a pack's ``capitalised_people``;
issue #18): German ``Linke``, ``Grüne`` are the camps' people as nouns and adjectives in
lower case."""

from __future__ import annotations

import pytest

import nudge


@pytest.mark.parametrize(
    "text",
    [
        "Die Grünen sind einfach nur dumm.",
        "Die Linken sind Ratten.",
        "Linke sind dumm.",
        "Diese Linken sind einfach widerlich.",
    ],
)
def test_a_title_case_camp_is_a_target(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert any(
        "aimed at a person ('grunen')" in r or "aimed at a person ('linke" in r for r in a.reasons
    )


@pytest.mark.parametrize(
    "text",
    [
        "die linke Spur ist dumm",
        "Grüne Bohnen sind eklig.",  # the adjective of the noun after it
        "die grünen Bohnen sind eklig",
        "Die Linke Hand ist dumm verletzt.",
        "Die Grünen sind seit 1983 im Bundestag.",  # no insult
    ],
)
def test_an_adjective_or_no_insult_is_nothing(six: nudge.Scorer, text: str) -> None:
    assert not six.score(text).flagged
