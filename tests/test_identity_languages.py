"""Identity words keep to their languages; insults said of things through a copula.

An identity word counts in the languages whose packs list it, and in a comment of
another language only when that language does not know the word (docs/languages.md,
"How the languages live together"). An insult right after a copula whose subject is a
word for a thing describes the thing (docs/scoring.md, "Insults said of things").
"""

from __future__ import annotations

from functools import cache

import pytest

from nudge import Scorer
from nudge.lexicon import load_pack
from nudge.matcher import Role, compile_packs


@cache
def _six() -> Scorer:
    return Scorer.load(["en", "fr", "es", "de", "it", "pt"])


def test_identity_words_carry_their_languages() -> None:
    lex = compile_packs([load_pack("en"), load_pack("de")])
    entry = lex.lookup("man")[0]
    assert entry is not None
    assert entry.identity == "gender"
    identity_in = {lang for lang, mask in entry.lang_roles if mask & Role.IDENTITY}
    assert identity_in == {"en"}


def test_another_languages_identity_word_is_no_group_where_the_word_is_known() -> None:
    # German "man" ("one") is no English "man": the threat is aimed at no one.
    text = "Man kann nur hoffen, dass jemand diesen Modetrends ein Ende setzt."
    a = _six().score(text)
    assert a.language == "de"
    assert not a.flagged
    assert all("'man'" not in r for r in a.reasons)


def test_a_group_of_the_comments_own_language_still_counts() -> None:
    a = _six().score("Man sollte diese Muslime alle umbringen.")
    assert a.flagged
    assert "identity_attack" in a.categories


def test_another_languages_identity_word_counts_where_the_word_is_unknown() -> None:
    # French knows no "muslim": the English group word still names the group.
    a = _six().score("un autre muslim de twitter attardé et incapable de débattre")
    assert a.language == "fr"
    assert a.flagged
    assert "identity_attack" in a.categories


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Meine Kopfhörer sind Abschaum.", False),
        ("Meine Nachbarn sind Abschaum.", True),
        ("This game is trash.", False),
        ("You are trash.", True),
        ("The idea of you is stupid.", True),
    ],
)
def test_an_insult_said_of_a_thing_through_a_copula(text: str, flagged: bool) -> None:
    assert _six().score(text).flagged is flagged
