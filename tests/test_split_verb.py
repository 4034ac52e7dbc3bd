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
        # A place word closing the clause after the particle (``split_places``).
        "schmeißt sie raus aus dem Land",
        "sperrt sie weg in den Knast",
        "schickt die zurück in ihre Heimat, alle",
        "werft solche Leute raus aus Deutschland",
        # A Title-case word right after ``split_place_prepositions`` (``aus``, ``nach``).
        "jagt sie raus aus Sachsen",
        "schmeißt die raus aus Köln",
        "schiebt die alle ab nach Kabul",
        "schickt die zurück nach Hause, und zwar alle",
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
        "schmeißt die alten Sachen raus aus dem Keller",  # no one between
        "schickt die Pakete zurück in die Heimat",
        "schmeißt sie raus aus dem Zimmer",  # no place word
        "sperrt sie weg in den Knast der Nachbarstadt mit allen",  # the place not last
        "Die Schuhe sind alt, werft die raus aus dem Land",  # "die" is the shoes
        "schickt das Paket zurück nach Berlin",  # no one named
        "schmeißt sie raus aus köln",  # lower case: not read as a name
        "schmeißt sie raus aus Köln am Rhein und weiter",  # the place not last
        "Die Linke Spur, schmeißt die raus aus dem Zimmer",  # an article before the room
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
