"""Negation after the verb (rule ``negated_after``, a pack's ``closing_negators``; issue
#18): German puts ``nicht`` at the end of the clause, after the verb and its object."""

from __future__ import annotations

import pytest

import nudge


@pytest.mark.parametrize(
    "text",
    [
        "Ich hasse Frauen nicht",
        "Nur damit das klar ist: Ich hasse Juden nicht.",
        "Wir hassen Flüchtlinge nicht, wir helfen ihnen",
        "ich hasse diese Leute nicht",
    ],
)
def test_a_negator_closing_the_clause_negates_the_verb(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert any("negated_after" in m.rules for m in a.matches), a.reasons
    assert any("negated by the word closing its clause ('nicht')" in r for r in a.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Ich hasse Frauen",  # the same without it
        "Ich hasse Frauen nicht nur, ich verachte sie",  # a word after it: "not only"
        "ich hasse die Juden nicht mehr nur ein bisschen",
        "Ich hasse Frauen, nicht wahr",  # in the next clause
        "Mit dummen Türken diskutiere ich nicht",  # an insult before the verb
        "ihr hasst Juden oder nicht",  # a question tag after a coordinator
    ],
)
def test_what_is_not_that_negation_stays(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, text
    assert all("negated_after" not in m.rules for m in a.matches)
