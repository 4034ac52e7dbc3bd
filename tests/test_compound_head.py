"""Compounds read by their last word (a pack's ``compound_heads``, rule ``compound_head``;
issue #18): German glues any word before an insult and the compound keeps its sense."""

from __future__ import annotations

import pytest

import nudge


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Der Typ ist ein Riesentrottel.", "trottel"),
        ("Diese Bürokratenidioten haben keine Ahnung.", "idiot"),
        ("Die Quotenmusel in der Partei.", "musel"),
        ("Ihr seid alle Gutmenschenheuchler.", "heuchler"),
        ("Diese Scheißkanaken nerven.", "kanake"),  # a stem's word: read by its head too
    ],
)
def test_a_compound_ending_with_a_head_is_the_heads_term(
    six: nudge.Scorer, text: str, term: str
) -> None:
    a = six.score(text)
    assert a.flagged, a.reasons
    (m,) = [m for m in a.matches if "compound_head" in m.rules]
    assert m.term == term
    assert any("a compound read by its last word" in r for r in a.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Das Wildschwein lief über die Straße.",  # no head listed: `schwein`
        "Die Leseratte liest drei Bücher pro Woche.",
        "Der Antifaschist hielt eine Rede.",  # `faschist` is no head
        "Die Armbanduhren sind im Angebot.",  # `uhren` is no `huren`
        "Die Abidioten.",  # two letters before the head
        "Er ist ein Heuchlertyp.",  # the head not at the end
    ],
)
def test_no_head_at_the_end_is_nothing(six: nudge.Scorer, text: str) -> None:
    a = six.score(text)
    assert not any("compound_head" in m.rules for m in a.matches), a.reasons
    assert not a.flagged


def test_a_targeted_head_still_needs_its_target(six: nudge.Scorer) -> None:
    # `heuchler` counts only when aimed: the compound is weighed as the term.
    a = six.score("Das war ein Schauspielheuchler-Wettbewerb im Fernsehen.")
    assert not a.flagged


def test_only_in_a_comment_guessed_german(six: nudge.Scorer) -> None:
    # An English comment: the German heads are not read (no German term in it).
    a = six.score("What a stupid thing to say about the schoolidiot.")
    assert not any("compound_head" in m.rules for m in a.matches), a.reasons
