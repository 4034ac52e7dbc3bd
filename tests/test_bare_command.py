"""Bare infinitive commands (rule ``bare_command``, a pack's ``command_infinitives`` and
``command_subjects``; issue #18): German writes a demand as an infinitive closing a
short first clause, with no finite verb ("Alle Flüchtlinge abschieben!")."""

from __future__ import annotations

import pytest

import nudge


@pytest.mark.parametrize(
    "text",
    [
        "Alle Flüchtlinge abschieben!",
        "Die ganzen Ausländer rauswerfen, sofort!",
        "Alle Türken ausweisen!",
        "Solche Leute sofort ausweisen.",
        "Die sind kriminell. Alle Asylanten einsperren!",
        "Diese Typen sofort einsperren!",
    ],
)
def test_an_infinitive_closing_a_short_first_clause_is_a_demand(
    six: nudge.Scorer, text: str
) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert any("bare_command" in m.rules for m in a.matches), a.reasons
    assert any("a demand: an infinitive closing its clause" in r for r in a.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Kartoffeln schälen!",  # not a listed infinitive, no one named
        "Alte Möbel abholen lassen",
        "Der Hund gehört eingesperrt, wenn Besuch kommt",  # a participle, and a dog
        "Er konnte sie umbringen.",  # a subject: a finite verb between
        "Wir können doch nicht alle Flüchtlinge abschieben.",  # the author, negated
        "Ich weiß nicht, ob wir die Flüchtlinge abschieben.",  # a subordinate clause
        "Es gibt Beduinen, die wehrlose Menschen töten.",  # a clause after a comma
        "Die Polizei konnte den Täter erschießen.",  # the police: the benign sense
        "Sie müssen sich ausweisen.",  # showing one's papers
        "Die Stadt will das Gebiet als Bauland ausweisen.",
        "Bitte am Eingang ausweisen!",
        "Die Flüchtlinge abschieben lassen und dann weiter",  # not closing its clause
    ],
)
def test_no_demand_where_a_verb_or_a_benign_sense_stands(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert all("bare_command" not in m.rules for m in a.matches)
