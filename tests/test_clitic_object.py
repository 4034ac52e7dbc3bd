"""Object pronouns glued to the verb (docs/scoring.md, "Targeting"; rule ``clitic_object``).

The packs' ``clitics`` make the glued forms of their violent and hostile verbs forms of
the same term (Spanish ``fusilar`` -> ``fusilarlos``, Italian ``strangolare`` ->
``strangolarli``, Portuguese ``enforcar`` -> ``enforcá-los``), counted only when aimed;
words of ``clitic_doubles`` right after the verb make the pronoun people. The pronoun
alone is nobody: said of things, the verb stays unaimed. Sentences written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge import Scorer
from nudge.errors import LexiconError
from nudge.lexicon import load_pack


@pytest.mark.parametrize(
    ("text", "verb", "double"),
    [
        ("deberían fusilarlos a todos", "fusilar", "a todos"),
        ("quiero ahorcarlas a todas, sin excepción", "ahorcar", "a todas"),
        ("temos que enforcá-los todos na praça", "enforcar", "todos"),
        ("bisognerebbe strangolarli tutti quanti", "strangolare", "tutti quanti"),
        ("dovremmo linciarli uno per uno", "linciare", "uno per uno"),
    ],
)
def test_a_glued_pronoun_doubled_by_people_aims_the_verb(
    six: Scorer, text: str, verb: str, double: str
) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    m = a.matches[0]
    assert m.term == verb and m.targeted and "clitic_object" in m.rules, a.reasons
    assert f"glued to the verb, is people ('{double}')" in a.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        # The pronoun alone: things.
        "mejor quemarlos en la chimenea, los papeles",
        "bisogna bruciarli nel camino, i giornali vecchi",
        "tem que queimá-los na lareira, os papéis velhos",
        # Not a verb of harm: left as it was.
        "hay que sacarlos del horno a todos a la vez",
        # A double past a clause mark is no double.
        "mejor quemarlos, todos los papeles",
    ],
)
def test_a_glued_pronoun_alone_aims_nothing(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert all("clitic_object" not in m.rules for m in a.matches)


def test_a_person_named_near_the_verb_aims_it_as_before(six: Scorer) -> None:
    a = six.score("a los gitanos deberían fusilarlos")
    assert a.flagged and a.matches[0].term == "fusilar", a.reasons
    assert "targeted" in a.matches[-1].rules


def test_a_clitics_entry_must_be_two_words(tmp_path: Path) -> None:
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "pack.toml").write_text(
        'code = "xx"\nname = "Test"\nversion = "0.0.1"\nlicence = "CC0-1.0"\n'
        'maintainers = ["tests"]\n',
        encoding="utf-8",
    )
    (folder / "context.toml").write_text('clitics = ["r rlos", "rlas"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"clitics\[1\]: 'rlas': the verb's ending"):
        load_pack(folder)


# Verbs of throwing people out (match = "glued"): found only with a pronoun glued, the
# infinitive ("expulsarlos") or the imperative ("echadlas", "espelleteli", "deportem-nos",
# the pack's clitics "r dlos", "re teli", "ar em-nos"), never bare.
@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("lo mejor sería deportarlas a todas", "deportar"),
        ("echadlas a todas de una vez", "echar"),
        ("espelleteli tutti quanti", "espellere"),
        ("andrebbe fatto: deportarle tutte", "deportare"),
        ("deportem-nos todos amanhã", "deportar"),
        ("mandem-nas embora todas", "mandar embora"),
    ],
)
def test_a_glued_expulsion_verb_doubled_by_people_is_aimed(
    six: Scorer, text: str, verb: str
) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    m = next(m for m in a.matches if m.term == verb)
    assert m.category == "harassment" and "clitic_object" in m.rules, a.reasons


@pytest.mark.parametrize(
    "text",
    [
        # Bare: the verb is no match without its pronoun.
        "el árbitro va a expulsar a tu jugador",
        "vão deportar o teu vizinho",
        # Things, and people sent off a pitch or out of a class.
        "los macarrones, hay que echarlos al agua hirviendo",
        "gli ospiti del torneo? l'arbitro ha dovuto espellerli",
        "o professor teve de expulsá-los da aula",
        # A person before the verb in its clause is its subject, not its object.
        "il mister ha deciso di cacciarli dalla rosa",
    ],
)
def test_a_glued_expulsion_verb_without_people_is_no_match(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert not a.flagged, a.reasons
    assert all(m.category != "harassment" for m in a.matches), a.reasons


def test_a_group_named_before_a_glued_expulsion_verb_aims_it(six: Scorer) -> None:
    a = six.score("i rumeni bisogna espellerli dal paese")
    assert a.flagged, a.reasons
    m = next(m for m in a.matches if m.term == "espellere")
    assert "targeted" in m.rules, a.reasons
