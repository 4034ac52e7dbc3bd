"""The subject only in the verb (docs/scoring.md, "Targeting"; rule ``dropped_subject``).

Spanish, Portuguese and Italian drop the subject: a third person plural copula of the
packs' ``plural_copulas`` opening its sentence says its predicate of a group, with the
weight an explicit "they are" gets. A word before the copula is its subject, read as
before (a thing stays a thing); a later clause, another copula in between or a verb
(a threat) are left alone. A phrase that holds its plural copula ("son escoria") is read
by ``attributive`` and ``negated`` as if the copula stood before it. Sentences written
for this test.
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.mark.parametrize(
    ("text", "copula"),
    [
        ("son parásitos que no quieren trabajar", "son"),
        ("Y encima son asquerosos.", "son"),
        ("Ya lo decía mi abuelo. Eran unos canallas.", "eran"),
        ("são inúteis, nunca fizeram nada", "são"),
        ("Eram uns canalhas.", "eram"),
        ("erano dei bastardi, tutti quanti", "erano"),
    ],
)
def test_a_plural_copula_opening_the_sentence_aims_at_a_group(
    six: Scorer, text: str, copula: str
) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert any("dropped_subject" in m.rules and m.targeted for m in a.matches), a.reasons
    # The reason names the copula as folded ("são" -> "sao").
    shown = copula.replace("ã", "a")
    assert f"named only by the verb ('{shown}')" in " ".join(a.reasons)
    # The explicit subject gets the same weight through the targeting rule.
    explicit = {"son": "ellos son", "eran": "ellos eran", "são": "eles são"}.get(copula)
    if explicit is not None and text.lower().startswith(copula):
        b = six.score(explicit + text[len(copula) :])
        assert b.flagged and round(b.score, 4) == round(a.score, 4), (a.reasons, b.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # A noun before the copula is its subject: a thing.
        "estos móviles son basura",
        "estes celulares são lixo",
        # Not opening the sentence: the subject is in the clause before.
        "compré los cascos nuevos, son una basura",
        # Another copula between: the predicate is its.
        "son las diez y esto es asqueroso",
        # Too far from the copula to be its predicate.
        "son las diez de la mañana del domingo y qué asqueroso",
        # Italian "sono" is also the author ("(io) sono"): not listed.
        "sono un idiota, scusate",
    ],
)
def test_other_subjects_are_left_alone(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert all("dropped_subject" not in m.rules for m in a.matches)


def test_a_phrase_holding_its_copula_is_read_after_it(six: Scorer) -> None:
    # Said of a thing: the subject right before the held copula.
    a = six.score("Las reglas son una escoria")
    assert not a.flagged and a.matches[0].rules == ("attributive",), a.reasons
    # Negated through the held copula, the negator farther than two words.
    a = six.score("Eu nunca falei que eles são a escória")
    assert not a.flagged and "negated" in a.matches[0].rules, a.reasons
    # Opening the sentence, the phrase is said of a group.
    a = six.score("son escoria")
    assert a.flagged and a.matches[0].rules == ("dropped_subject",), a.reasons


@pytest.mark.parametrize(
    "text",
    [
        "no son más que unos sinvergüenzas",
        "No son nada más que escoria.",
        "non sono altro che dei buffoni",
        "não são mais do que uns canalhas",
    ],
)
def test_a_restricting_negation_denies_nothing(six: Scorer, text: str) -> None:
    # "no ... más que" is "nothing but": the predicate is read through the restrictive
    # words (the packs' restrictives), and the negator before them does not lower it.
    a = six.score(text)
    assert a.flagged, a.reasons
    assert not any("negated" in m.rules for m in a.matches), a.reasons
    # Nor is the restrictive "más" an intensifier.
    assert not any("intensifier" in m.rules for m in a.matches), a.reasons


def test_a_plain_negation_still_denies(six: Scorer) -> None:
    a = six.score("no son unos sinvergüenzas")
    assert not a.flagged, a.reasons
    assert any("negated" in m.rules for m in a.matches), a.reasons


@pytest.mark.parametrize(
    "text",
    ["sono degli sciacalli", "Sono proprio delle bestie.", "sono tutti sciacalli"],
)
def test_italian_sono_before_a_plural_marker_is_they_are(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert any("dropped_subject" in m.rules for m in a.matches), a.reasons


@pytest.mark.parametrize("text", ["sono un buffone", "sono una bestia, lo ammetto"])
def test_italian_sono_before_a_singular_stays_the_authors(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not any("dropped_subject" in m.rules for m in a.matches), a.reasons


@pytest.mark.parametrize(
    "text", ["son una plaga las polillas", "são uma praga as formigas este ano"]
)
def test_a_subject_after_the_predicate_naming_no_one_is_a_thing(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons


@pytest.mark.parametrize("text", ["son una plaga los refugiados", "são uma praga os refugiados"])
def test_a_subject_after_the_predicate_naming_people_stays_aimed(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons


def test_the_number_of_a_word_comes_from_the_packs_forms(six: Scorer) -> None:
    # Italian "imbecille" ends like a plural, but the pack also has "imbecilli": it is
    # singular (number_endings "e i a"), so "che imbecille sono" is the author's, and
    # "sono imbecilli" (plural) is "they are"; "stronze" stays plural ("stronza").
    s = six
    assert not s.score("che imbecille sono stato").flagged
    assert s.score("che imbecilli sono").flagged
    a = s.score("sono imbecilli")
    assert any("dropped_subject" in m.rules for m in a.matches), a.reasons
    a = s.score("sono stronze")
    assert any("dropped_subject" in m.rules for m in a.matches), a.reasons
    a = s.score("sono imbecille")
    assert not any("dropped_subject" in m.rules for m in a.matches), a.reasons


# A copula of any person through "nothing but" (rule ``restricted_subject``): a term with
# no benign sense is said of someone the verb alone names; Portuguese "passar de" is a
# restrictive that is its own copula.
@pytest.mark.parametrize(
    ("text", "copula"),
    [
        ("no es más que un gilipollas", "es"),
        ("no es más que un hijo de puta", "es"),
        ("pero no era más que un imbécil", "era"),
    ],
)
def test_a_copula_through_nothing_but_names_someone(six: Scorer, text: str, copula: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert "restricted_subject" in a.matches[0].rules, a.reasons
    assert f"through \"nothing but\" ('{copula}')" in a.reasons[0], a.reasons


@pytest.mark.parametrize("text", ["não passa de um imbecil", "não passam de uns canalhas"])
def test_portuguese_passar_de_is_restrictive_and_denies_nothing(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    assert all("negated" not in m.rules for m in a.matches), a.reasons


@pytest.mark.parametrize(
    "text",
    [
        "no es más que un juego",  # no insult
        "no es más que basura",  # a thing word (ambiguous in the pack)
        "no es más que una película de mierda",  # a thing between
        "non è altro che un gioco",
        "não passa de uma gripe",
        "no soy más que un pringado",  # the author's own copula
    ],
)
def test_nothing_but_said_of_things_or_the_author_names_no_one(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert all("restricted_subject" not in m.rules for m in a.matches), a.reasons
    assert not a.flagged, a.reasons


# Literal animals: an animal qualifier is a benign sense of the animal term ("randagi").
@pytest.mark.parametrize("text", ["sono dei cani randagi", "erano dei cani abbandonati"])
def test_stray_dogs_are_dogs(six: Scorer, text: str) -> None:
    assert not six.score(text).flagged
    assert six.score(text.split(" cani", maxsplit=1)[0] + " cani").flagged


# After an existential (rule ``existential``): what there is, a thing, for a term with a
# benign sense; a person-only insult there still says it of the people there.
@pytest.mark.parametrize(
    "text",
    [
        "en el parque no había más que basura",
        "non c'è nient'altro che spazzatura in giro",
        "ali não havia mais que lixo",
        "ya no quedaba más que basura",
    ],
)
def test_after_an_existential_a_benign_sense_is_a_thing(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    # Italian's restrictive "altro che" ends in "che", a demonstrative that aims: only
    # the existential leaves it alone; elsewhere nothing aims the thing word first.
    reason = "what there is, no one" if "c'è" in text else "not aimed at a person"
    assert reason in a.reasons[0], a.reasons


def test_after_an_existential_a_person_only_insult_stays(six: Scorer) -> None:
    assert six.score("non c'erano altro che imbecilli alla riunione").flagged
    assert six.score("non siete altro che spazzatura").flagged
