"""Digits ending a word (issue 17, item 2): ``j3 vais t3 tu3r`` is ``je vais te tuer``.

One or two digits closing a word are read as leet when the letters with the digits
decoded form a word the packs know (or, after two letters or more, a word of a general
list); numbers, units, models and grades are left alone.
"""

from __future__ import annotations

import pytest

from nudge import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("typed", "clean"),
    [("j3 vais t3 tu3r", "je vais te tuer"), ("v4 t3 p3ndr3", "va te pendre")],
)
def test_digits_at_word_edges_are_decoded(scorer: Scorer, typed: str, clean: str) -> None:
    plain = scorer.score(clean)
    assert plain.flagged
    (match,) = scorer.score(typed).matches
    assert match.term == plain.matches[0].term
    assert match.steps == ("leet",)
    assert typed[match.start : match.end] == typed


@pytest.mark.parametrize(
    "text",
    ["the 3rd at 10h, B2B sales", "an mp3 on A4 paper", "room 4 at 5pm, version v2, w8 for me"],
)
def test_numbers_and_units_stay(scorer: Scorer, text: str) -> None:
    assert scorer.score(text).matches == ()
