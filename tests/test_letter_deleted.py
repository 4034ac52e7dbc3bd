"""A letter left out inside a word (issue 17, item 1): ``stupd`` is ``stupid``.

The typo index holds, beside one swapped pair, each term and identity word of five or
more letters with one inner letter left out (four-letter words only when phrases alone
use them).  A typo form is never a word of its own: no pack word, no word of the
general lists of the lexicon's languages, and in a comment too few of whose words those
lists know (Spanish, Portuguese, German) it is left as typed.
"""

from __future__ import annotations

import pytest

from nudge import Scorer
from nudge.lexicon import load_pack
from nudge.matcher import _deletions, compile_packs


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_deletions_keep_the_first_and_last_letters() -> None:
    assert _deletions("stupid") == ["supid", "stpid", "stuid", "stupd"]
    assert _deletions("femme") == ["fmme", "feme"]  # the doubled letter once
    assert _deletions("abc") == ["ac"]


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("Typical of a black person to be that stupd.", "stupid"),
        ("Women are absolutely despicble.", "despicable"),
        ("Les musulmans sont absolument ignbles.", "ignoble"),
        ("Les réfugiés comme vous sont un cancr pour la société.", "cancer"),
    ],
)
def test_a_term_less_an_inner_letter_is_the_term(scorer: Scorer, typed: str, clean: str) -> None:
    a = scorer.score(typed)
    assert a.flagged
    assert [m.term for m in a.matches] == [clean]
    assert a.matches[0].steps[-1] == "fuzzy"


def test_an_identity_word_less_a_letter_is_still_the_group(scorer: Scorer) -> None:
    # "belong in a zoo" is flagged only when it is aimed at people: here "Immigrnts".
    assert not scorer.score("Pandas belong in a zoo.").flagged
    a = scorer.score("Immigrnts belong in a zoo.")
    assert a.flagged
    assert "attacks a group ('immigrants')" in a.explain()


def test_a_phrase_word_of_four_letters_needs_its_phrase(scorer: Scorer) -> None:
    a = scorer.score("Ce type va souffrir d'une mrt atroce entre mes mains.")
    assert a.flagged and a.matches[0].term == "mort atroce entre mes mains"
    # "dnt" (chat for "don't") is not the negator "dont", nor "pls" the French "plus":
    # a short word read alone gets no typo forms.
    lex = compile_packs([load_pack("en"), load_pack("fr")])
    assert "dnt" not in lex.typos and "pls" not in lex.typos
    assert lex.typos["mrt"] == "mort"


@pytest.mark.parametrize("word", ["back", "tans", "voiler", "polka", "brune", "heat", "casos"])
def test_a_word_of_the_general_lists_is_no_typo(word: str) -> None:
    lex = compile_packs([load_pack("en"), load_pack("fr")])
    if word == "casos":  # Spanish: no list says so; the comment's language decides
        assert lex.typos.get(word) == "cassos"
    else:
        assert word not in lex.typos


def test_a_phrase_word_keeps_its_swap_even_when_listed() -> None:
    # "rein" is a word, but only the phrase "ne valent rien" reads it as "rien".
    lex = compile_packs([load_pack("fr")])
    assert lex.typos["rein"] == "rien"


def test_two_readings_that_say_the_same_are_one(scorer: Scorer) -> None:
    lex = compile_packs([load_pack("en")])
    # "womn" leaves a letter out of "woman" and of "women", both the group "gender".
    assert lex.typos["womn"] in {"woman", "women"}


@pytest.mark.parametrize(
    "text",
    [
        "Éste fue el 14 º país en reportar casos de gripe A en el continente europeo.",
        "Allerdings sollte man abends damit rechnen das die Frischware knapp ist.",
        "o anta quer só colocar terror.",
        "We sat at the back of the bus and laughed the whole way.",
        "Il faut voiler la statue avant l'inauguration.",
    ],
)
def test_other_languages_and_real_words_stay_benign(scorer: Scorer, text: str) -> None:
    a = scorer.score(text)
    assert not a.flagged
    assert "fuzzy" not in {step for m in a.matches for step in m.steps}


def test_a_stretched_listed_word_is_not_a_typo(scorer: Scorer) -> None:
    # "baaaaars" squeezes to "bars", a word: not "batars" less its "t".
    a = scorer.score("y u not on the monkey baaaaars too lol")
    assert all(m.term != "bâtard" for m in a.matches)
