"""Merits denied to a group (issue 17, item 3, ``negate_pos_h``): the rule ``negated_merit``.

One negator, a word of the packs' ``merits`` within ``windows.merit_reach`` tokens of it,
and an identity word, in one clause: "women are never attractive", "les vies des
réfugiés n'ont pas d'importance".  The benign sides: no group, two negators, reported
counter-speech, negated hate ("I don't hate gay people").
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("By their nature, immigrants are never attractive.", "never attractive"),
        ("Of course human rights should not apply to Muslims.", "human rights should not"),
        ("No woman can ever be a valuable member of society.", None),
        ("Il n'existe pas de musulmans intelligents.", "pas de musulmans intelligents"),
        ("Les vies des femmes ne devraient compter pour personne.", "compter pour personne"),
        ("De par leur nature, les homos ne sont jamais attirants.", "jamais attirants"),
    ],
)
def test_a_merit_denied_to_a_group_is_flagged(scorer: Scorer, text: str, term: str | None) -> None:
    a = scorer.score(text)
    assert a.flagged
    (match,) = [m for m in a.matches if "negated_merit" in m.rules]
    assert match.category == "identity_attack"
    if term is not None:
        assert match.term == term


@pytest.mark.parametrize(
    "text",
    [
        "I am not smart enough for this exam.",
        "Nobody says women are not intelligent.",
        "I do not hate gay people.",
        "Women are attractive and intelligent.",
        "Ça fait mal de voir des gens dire que les vies des femmes n'ont aucune valeur.",
        "Je ne suis pas assez intelligent pour cet examen.",
        "It doesn't matter that he is gay.",
    ],
)
def test_the_benign_sides_stay_benign(scorer: Scorer, text: str) -> None:
    assert not scorer.score(text).flagged


def test_the_reach_and_severity_come_from_scoring_toml() -> None:
    from nudge.scorer import _constants_for

    k = _constants_for("context")  # type: ignore[arg-type]
    assert k.merit_reach >= 1 and 1 <= k.merit_severity <= 3
