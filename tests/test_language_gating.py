"""Language gating never costs recall (docs/scoring.md, "Language").

A small Spanish test pack (tests/fixtures/packs/es) is loaded beside en and fr: it may
only add catches. A language switches another's term off only on a word its own pack
knows; on a word it does not know the term still counts, for less.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from nudge import Scorer
from nudge.lexicon import load_pack

ES = Path(__file__).parent / "fixtures" / "packs" / "es"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@cache
def _base() -> Scorer:
    return Scorer.load(["en", "fr"])


@cache
def _with_es() -> Scorer:
    return Scorer.load(["en", "fr"], paths=[ES])


# Written for this test: offensive comments in the loaded languages and in Spanish with
# an English or French slur in them.  (Not "negros": it is the Spanish word, which the
# Spanish list knows since it holds plurals, so no English or French term is read on it;
# the bundled Spanish pack reads it as the group.)
OFFENSIVE = [
    "you are such an idiot",
    "gay people are vermin",
    "t'es qu'un gros con",
    "les juifs sont des rats",
    "Odio a los niggers",
    "los niggers me dan asco",
]


@pytest.mark.parametrize("text", OFFENSIVE)
def test_an_extra_pack_only_adds_catches(text: str) -> None:
    assert _base().score(text).flagged
    assert _with_es().score(text).flagged


def test_the_extra_pack_catches_its_own_terms() -> None:
    assert not _base().score("eres un idiota").flagged
    assert _with_es().score("eres un idiota").flagged


def test_a_term_of_another_language_counts_for_less_and_says_so() -> None:
    a = _with_es().score("Odio a los niggers")
    assert a.language == "es"
    (m,) = a.matches
    assert "other_language" in m.rules
    assert "in a comment guessed otherwise" in a.explain()


@pytest.mark.parametrize(
    "text",
    [
        "the pros and cons of the plan",  # English knows `cons`: French `con` is off
        "what a con",
        "il est arrivé en retard",  # French knows `retard`
    ],
)
def test_a_language_still_switches_off_terms_on_words_it_knows(text: str) -> None:
    assert not _base().score(text).flagged
    assert not _with_es().score(text).flagged


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # Code-mixed comments: the phrase of another language is read whole, though the
        # comment's language knows some of its words (English lists `de` and `puta`).
        ("this guy is a hijo de puta", "hijo de puta"),
        ("lol this guy es un hijo de puta", "hijo de puta"),
        ("this guy is a fils de pute", "fils de pute"),
    ],
)
def test_a_phrase_of_another_language_counts_unless_every_word_is_known(
    text: str, phrase: str
) -> None:
    a = _six().score(text)
    assert a.language == "en"
    assert a.flagged
    assert [m.term for m in a.matches] == [phrase]
    assert "other_language" in a.matches[0].rules


def test_a_language_forced_by_the_caller_keeps_only_its_terms() -> None:
    assert not _with_es().score("Odio a los niggers", lang="es").flagged


def _positives(name: str, lang: str) -> list[str]:
    with (SHARED / name / "data.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    every = name == "hatecheck_en"  # one language: its rows carry no `lang`
    return [r["text"] for r in rows if (every or r.get("lang") == lang) and r["label"] == 1]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("hatecheck_en", "en"),
        ("mhc_multi", "fr"),
    ],
)
def test_loading_spanish_loses_no_true_positive_on_hatecheck(name: str, lang: str) -> None:
    texts = _positives(name, lang)
    lost = [t for t in texts if _base().score(t).flagged and not _with_es().score(t).flagged]
    assert lost == []


@pytest.mark.parametrize("text", ["J'e m m e r d e tous les profs", "l'e n f o i r é de voisin"])
def test_another_packs_letters_do_not_change_how_spaced_french_is_joined(text: str) -> None:
    # Facts are unioned over the loaded packs: a stand-alone letter of English must not
    # stop a French elision's spaced word from being joined (`j'e m m e r d e`).
    alone = Scorer.load(["fr"]).score(text)
    both = _base().score(text)
    assert alone.flagged
    assert [m.term for m in both.matches] == [m.term for m in alone.matches]


def test_the_leading_language_keeps_its_own_words() -> None:
    # Spanish `con` ("with") is no French insult in a Spanish sentence, though French,
    # sharing `de` and `la`, stays active; in French it still is one.
    scorer = Scorer.load(["en", "fr", "es"])
    spanish = "Limita al norte con la provincia de Paucartambo y al sur con el distrito."
    assert scorer.score(spanish).language == "es"
    assert not scorer.score(spanish).flagged
    assert scorer.score("t'es vraiment qu'un gros con").flagged


@pytest.mark.parametrize("text", ["you're such a looooser", "what a loooooser lol"])
def test_a_stretched_word_is_read_as_a_term_of_the_comments_language(text: str) -> None:
    # Squeezed to two letters, `looooser` is French's variant `looser`, which a comment
    # read as English does not read: another squeeze of it, English `loser`, is read.
    english = Scorer.load(["en"]).score(text)
    both = _base().score(text)
    assert both.language == "en"
    assert both.flagged
    assert both.score == english.score
    assert [(m.term, m.steps) for m in both.matches] == [("loser", ("stretched",))]


# Every bundled pack with a general word list: the six languages of the gating bar.
SIX = ("en", "fr", "es", "de", "it", "pt")


@cache
def _alone(code: str) -> Scorer:
    return Scorer.load([code])


@cache
def _six() -> Scorer:
    return Scorer.load(list(SIX))


def _lost(code: str, texts: list[str]) -> list[str]:
    alone = [a.flagged for a in _alone(code).score_many(texts)]
    every = [a.flagged for a in _six().score_many(texts)]
    return [t for t, a, b in zip(texts, alone, every, strict=True) if a and not b]


@pytest.mark.parametrize(
    "code",
    [
        *("en", "es", "de", "it", "pt"),
        pytest.param(
            "fr",
            marks=pytest.mark.xfail(
                strict=True,
                reason="'tu pues la merde' is guessed Spanish (`pues`, `tu`, `la`): French "
                "falls out of the active languages and its phrase `tu pues` is read as "
                "Spanish words",
            ),
        ),
    ],
)
def test_the_other_packs_never_unflag_an_example_of_a_pack(code: str) -> None:
    # Property over each pack's own examples (no ../shared needed): whatever its pack
    # alone flags, the six packs loaded together flag too.
    texts = [e.text for e in load_pack(code).examples]
    assert any(_alone(code).score(t).flagged for t in texts)
    assert _lost(code, texts) == []


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("hatecheck_en", "en"),
        ("mhc_multi", "fr"),
        ("mhc_multi", "es"),
        ("mhc_multi", "de"),
        pytest.param(
            "mhc_multi",
            "it",
            marks=pytest.mark.xfail(
                strict=True,
                reason="'Oido le donne' may be Spanish, Italian or French (a tie; French "
                "knows `le` and `donne` as well as Italian does): Spanish refuses `oido` as "
                "a typo, its own word (1 row; with Spanish alone beside Italian it is read)",
            ),
        ),
        ("mhc_multi", "pt"),
    ],
)
def test_loading_every_pack_loses_no_true_positive_on_hatecheck(name: str, code: str) -> None:
    assert _lost(code, _positives(name, code)) == []


def test_a_typo_is_refused_only_by_the_comments_own_languages() -> None:
    # `futre` is a Spanish word and a French typo of `foutre`: Spanish refuses it in a
    # Spanish comment, French reads it in a French one.
    lexicon = _six().lexicon
    refused, forms = lexicon.typo_langs["futre"]
    es, fr = (1 << lexicon.languages.index(c) for c in ("es", "fr"))
    assert refused & es and not refused & fr
    assert forms == ((fr, "foutre"),)
    assert _six().score("Les trans peuvent tous aller se faire futre.").flagged
    spanish = _six().score("El futre llegó a la plaza con su sombrero.")
    assert spanish.language == "es"
    assert not spanish.flagged


def test_a_typo_two_languages_read_differently_takes_the_comments_reading() -> None:
    # `assassinr` leaves a letter out of French `assassiner` and Portuguese `assassinar`.
    scorer = _six()
    (pt,) = scorer.score("Eu realmente vou assassinr aquele gay.").matches
    assert (pt.term, pt.steps) == ("assassinar", ("fuzzy",))
    (fr,) = scorer.score("Je vais vraiment assassinr ce gay.").matches
    assert (fr.term, fr.steps) == ("assassiner", ("fuzzy",))


@cache
def _italian_spanish() -> Scorer:
    return Scorer.load(["it", "es"])


def test_a_typo_one_tied_language_refuses_is_read_when_the_other_words_are_the_readers() -> None:
    # `le` is a function word of both languages (a tie); Spanish refuses `oido` (its
    # `oído`), Italian reads it as `odio` (`odiare`).  `donne` is an Italian word, not a
    # Spanish one: the comment is Italian, and the Italian pack alone flags it too.
    text = "Oido le donne."
    assert Scorer.load(["it"]).score(text).flagged
    (match,) = _italian_spanish().score(text).matches
    assert (match.term, match.lang, match.steps) == ("odiare", "it", ("fuzzy",))
    # Words that Spanish knows and Italian does not: Spanish, which refuses the reading.
    assert _italian_spanish().score("No he oido nada de ella en toda la semana.").matches == ()


def test_elided_letters_pair_each_packs_elisions_with_its_own_letters() -> None:
    facts = _six().lexicon.facts
    assert "j'y" in facts.elided_letters  # French
    assert "j'e" not in facts.elided_letters  # `e` stands alone in Italian, `j'` is French
    assert "l'e" in facts.elided_letters  # Italian pairs its own `l'` and `e`


# Written for this test: glued words that are words only of languages the comment is
# not in (Spanish `tuerce`, "twists"; Italian `morta`, "dead", which also starts the
# Italian phrase "morta di fame"), and the same words in their own languages.
FOREIGN_GLUED = [
    ("Je vais vraiment juste tuerce voisin trans.", "tuerce"),
    ("Mortà tous les homos.", "Mortà"),
]


@pytest.mark.parametrize(("text", "glued"), FOREIGN_GLUED)
def test_a_word_only_other_languages_know_is_split_in_the_comments_language(
    text: str, glued: str
) -> None:
    assert _alone("fr").score(text).flagged
    every = _six().score(text)
    assert every.language == "fr"
    assert every.flagged
    assert any(glued in m.text for m in every.matches)


@pytest.mark.parametrize(
    "text",
    [
        "El viento tuerce las ramas del olivo.",
        "La pianta del balcone è morta di sete.",
    ],
)
def test_a_word_of_the_comments_own_language_stays_whole(text: str) -> None:
    assert not _six().score(text).flagged


def test_a_foreign_word_is_cut_only_into_words_of_the_comments_lists() -> None:
    # English `captain` in a French sentence: "ca" + the French slang spelling `ptain`
    # would be a split, but `ptain` is a key of the pack, no word of the French list.
    text = "Captain America est envoyé au front pour redonner du courage aux troupes."
    assert Scorer.load(["en", "fr"]).score(text).matches == ()
    assert _six().score(text).matches == ()


@pytest.mark.parametrize("text", ["well connasses then", "you are connasses"])
def test_a_term_of_another_language_is_read_whole_not_split_in_the_comments(text: str) -> None:
    # English votes for these comments; French `connasses` (a plural of the term
    # `connasse`) is a word only French knows, but it is a term there: it is read as that
    # term, not cut into English `conn` + `asses`.
    (match,) = _base().score(text).matches
    assert (match.term, match.lang, match.steps) == ("connard", "fr", ())


# Written for this test (round 28): a word the leading language's list has among its
# frequent words is that word, not another language's term typed without its accents;
# with no leading language the term stands.
@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Pede confirmação interativamente antes de matar.", False),
        ("Ele pede desculpa a toda a gente.", False),
        ("sale pede", True),
        ("Sale pede de merde.", True),
    ],
)
def test_a_frequent_word_of_the_leading_language_is_no_foreign_term(
    text: str, flagged: bool
) -> None:
    assert _six().score(text).flagged is flagged


def test_a_tie_the_lists_leave_goes_to_the_language_whose_pack_knows_more() -> None:
    # `les` is French and Spanish, and both lists know `adore`: the French elision
    # `j'` (a self-reference word of the French pack) names French.
    assert _six().guess_language("J'adore les homos.")[0] == "fr"
    assert not _six().score("J'adore les homos.").flagged
