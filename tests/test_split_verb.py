"""Split (separable) verbs (rule ``split_verb``, a pack's ``split_verbs`` and
``split_particles``; issue #18): German puts the particle at the end of the clause, the
object between ("schmeißt die alle raus")."""

from __future__ import annotations

import pytest

import nudge


@pytest.mark.parametrize(
    "text",
    [
        "schmeißt die alle raus",
        "schiebt sie endlich ab",
        "sperrt solche leute weg",
        "Wir schieben die alle ab",
        "werft die raus, alle",
        "schiebt die Ausländer endlich ab",
    ],
)
def test_the_whole_verb_is_read_with_people_between(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert any("split_verb" in m.rules for m in a.matches), a.reasons
    assert any("a split verb read whole, with people between" in r for r in a.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "schmeißt die alten Sachen raus",  # no one between
        "sperrt die Tür ab",
        "Die Blumen sind welk, schmeißt die raus",  # "die" is the flowers
        "schiebt sie raus aus dem Hof und dann weiter",  # the particle is not last
        "die Schüler werfen die Bälle raus",
    ],
)
def test_no_one_between_or_no_closing_particle_is_nothing(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert all("split_verb" not in m.rules for m in a.matches)


def test_a_slur_between_keeps_its_own_match(six: nudge.Scorer) -> None:
    a = six.score("schiebt die kanaken ab")
    rules = {rule for m in a.matches for rule in m.rules}
    assert {"slur", "split_verb"} <= rules, a.reasons
