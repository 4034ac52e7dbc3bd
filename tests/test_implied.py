"""Implicit derogation (issue 17, ``derog_impl_h``): the rules of ``score/implied.rs``.

A group demeaned with no slur, by the shape of the sentence: a lowly thing put above it
(``compared_to_lowly``), an animal's or rubbish's lot given to it (``treated_as_lowly``),
the group made a calamity (``group_as_calamity``), trust withheld from it
(``group_distrusted``).  The words come from the packs' ``lowly``, ``comparisons``,
``calamities`` and ``trust_verbs`` lists; the benign sides are negation, the group as
subject rather than object, praise, reported counter-speech and things described.
"""

from __future__ import annotations

import pytest

from nudge import Scorer

RULES = {"compared_to_lowly", "treated_as_lowly", "group_as_calamity", "group_distrusted"}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Any rat is worth more than the whole lot of those immigrants.", "compared_to_lowly"),
        ("Honestly, I'd rather sleep in a sewer than sit next to a Muslim.", "compared_to_lowly"),
        ("Refugees should be locked in a kennel.", "treated_as_lowly"),
        ("Disabled people are a drain on everyone.", "group_as_calamity"),
        ("Hiring women was the worst mistake this firm made.", "group_as_calamity"),
        ("Never rely on a black man for anything.", "group_distrusted"),
        ("Un cafard vaut mieux que n'importe quel musulman.", "compared_to_lowly"),
        ("Les réfugiés devraient être renvoyés à la poubelle.", "treated_as_lowly"),
        ("Les homos sont un fléau pour ce pays.", "group_as_calamity"),
        ("N'écoutez jamais une femme.", "group_distrusted"),
    ],
)
def test_a_group_demeaned_by_implication_is_flagged(scorer: Scorer, text: str, rule: str) -> None:
    a = scorer.score(text)
    assert a.flagged, a.reasons
    (match,) = [m for m in a.matches if rule in m.rules]
    assert match.category == "identity_attack"
    assert match.severity == 2


@pytest.mark.parametrize(
    "text",
    [
        "Women belong in every boardroom.",
        "Immigrants are a vital part of the economy.",
        "Immigrants are not a burden on anyone.",
        "Black people don't trust the police after what happened.",
        "I don't trust a word the minister says about immigrants.",
        "She said Muslims are a plague, and she was rightly banned for it.",
        "Old furniture should be taken to the landfill.",
        "Les réfugiés ne sont pas un fardeau.",
        "Les vieux meubles devraient être jetés à la décharge.",
        "Les noirs ne font plus confiance à la police.",
        "Les femmes ont confiance en elles.",
    ],
)
def test_the_benign_sides_stay_unflagged(scorer: Scorer, text: str) -> None:
    a = scorer.score(text)
    assert not a.flagged, a.reasons
    if "said" not in text:  # reported counter-speech keeps its match, lowered
        assert not [m for m in a.matches if set(m.rules) & RULES]


@pytest.mark.parametrize(
    "text",
    [
        # Flagged for their words ("animals", "trash" as insults), never by these rules.
        "Refugees are treated worse than animals in those camps.",
        "You'd rather live with trash than with a good woman.",
        # A more severe term inside the shape is the evidence ("cancer", severity 3).
        "Muslims are a cancer on this country.",
    ],
)
def test_the_group_compared_or_praised_makes_no_implied_match(scorer: Scorer, text: str) -> None:
    a = scorer.score(text)
    assert a.matches
    assert not [m for m in a.matches if set(m.rules) & RULES]


def test_the_reach_and_severity_come_from_scoring_toml() -> None:
    from nudge.scorer import _constants_for

    k = _constants_for("context")  # type: ignore[arg-type]
    assert 1 <= k.implied_near <= k.implied_reach
    assert 1 <= k.implied_severity <= 3
