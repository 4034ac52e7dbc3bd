"""Threats read from their structure: the ``intent_harm`` rule (docs/scoring.md).

First-person intent + a harm verb + a person as its object, in one clause; the words
come from the packs' ``context.toml`` (``intent``, ``self_reference``, ``harm_verbs``).
"""

from __future__ import annotations

import pytest

from nudge import Scorer, Severity


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


THREATS = [
    "I will find you and hurt you",
    "I am going to beat you up after school",
    "if you post that again imma hurt you",
    "we'll hunt you down",
    "jvais te démolir à la sortie",
    "on va lui casser les dents",
    "si tu recommences je vais te fracasser",
]


@pytest.mark.parametrize("text", THREATS)
def test_a_threat_by_its_structure_is_high_and_named(scorer: Scorer, text: str) -> None:
    a = scorer.score(text)
    assert a.flagged and a.severity is Severity.HIGH
    assert any("intent_harm" in m.rules for m in a.matches)
    assert "a threat by its structure" in a.explain()


NOT_THREATS = [
    "I would never hurt you",
    "I will kill this exam",
    "I will hurt your feelings if I say it",
    "I'll beat you at chess tonight",
    "he will hurt you",  # not the author's intent: not this rule's business
    "je vais pas te frapper, calme-toi",
    "je vais tuer la bête ce soir dans le jeu",
]


@pytest.mark.parametrize("text", NOT_THREATS)
def test_negations_things_and_other_agents_make_no_structural_threat(
    scorer: Scorer, text: str
) -> None:
    a = scorer.score(text)
    assert not any("intent_harm" in m.rules for m in a.matches)
    assert not a.flagged


def test_reported_speech_still_lowers_a_structural_threat(scorer: Scorer) -> None:
    a = scorer.score("he said I will find you and hurt you, and I reported him")
    (m,) = a.matches
    assert {"intent_harm", "reported"} <= set(m.rules)
    assert not a.flagged


def test_the_match_spans_the_threat_in_the_original_text(scorer: Scorer) -> None:
    text = "ok. I'm gonna punch that guy tomorrow"
    (m,) = scorer.score(text).matches
    assert text[m.start : m.end] == "I'm gonna punch that guy"
    assert m.category == "threat"


def test_a_word_list_scorer_has_no_structure_to_read() -> None:
    words = Scorer.from_wordlist(["hurt"], name="mini")
    (m,) = words.score("I will find you and hurt you").matches
    assert m.term == "hurt"


@pytest.mark.parametrize(
    "text",
    [
        "keep talking. you'll regret this",
        "it would be a shame if something happened to you",
        "continue comme ça, tu perds rien pour attendre",
        "ce serait dommage qu'il t'arrive quelque chose",
    ],
)
def test_veiled_threats_are_high(scorer: Scorer, text: str) -> None:
    a = scorer.score(text)
    assert a.severity is Severity.HIGH
    assert [m.category for m in a.matches] == ["threat"]


def test_a_veiled_phrase_used_as_advice_is_benign(scorer: Scorer) -> None:
    assert not scorer.score("you'll be sorry you missed this sale").flagged
