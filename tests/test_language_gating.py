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

ES = Path(__file__).parent / "fixtures" / "packs" / "es"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@cache
def _base() -> Scorer:
    return Scorer.load(["en", "fr"])


@cache
def _with_es() -> Scorer:
    return Scorer.load(["en", "fr"], paths=[ES])


# Written for this test: offensive comments in the loaded languages and in Spanish with
# an English or French slur in them.
OFFENSIVE = [
    "you are such an idiot",
    "gay people are vermin",
    "t'es qu'un gros con",
    "les juifs sont des rats",
    "Odio a los negros",
    "los negros me dan asco",
]


@pytest.mark.parametrize("text", OFFENSIVE)
def test_an_extra_pack_only_adds_catches(text: str) -> None:
    assert _base().score(text).flagged
    assert _with_es().score(text).flagged


def test_the_extra_pack_catches_its_own_terms() -> None:
    assert not _base().score("eres un idiota").flagged
    assert _with_es().score("eres un idiota").flagged


def test_a_term_of_another_language_counts_for_less_and_says_so() -> None:
    a = _with_es().score("Odio a los negros")
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


def test_a_language_forced_by_the_caller_keeps_only_its_terms() -> None:
    assert not _with_es().score("Odio a los negros", lang="es").flagged


def _positives(name: str, lang: str) -> list[str]:
    with (SHARED / name / "data.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r["text"] for r in rows if r.get("lang") == lang and r["label"] == 1]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("hatecheck_en", "en"),
        pytest.param(
            "mhc_multi",
            "fr",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a letter-left-out typo that is a word of any loaded language's "
                "general list is no typo (Spanish 'futre' is no longer French 'foutre'); "
                "the guard should ask only the comment's languages (13 rows lost)",
            ),
        ),
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
