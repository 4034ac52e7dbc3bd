"""Spaced runs beside French elisions and term phrases spread over a run (issue 17,
branch ``runs``): the pieces the segmenter reads, and the words kept whole."""

from __future__ import annotations

from functools import cache

import pytest

from nudge.matcher import Lexicon
from nudge.normalize import normalize
from nudge.scorer import Scorer


@cache
def scorer() -> Scorer:
    return Scorer.load()


def pieces(text: str) -> list[str]:
    """The words the scan reads in ``text`` with the default packs."""
    lexicon: Lexicon = scorer()._lexicon
    return lexicon.scan(normalize(text)).words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The elision typed whole, its neighbours spaced: "d'" is a piece of its own
        # and the words before it are read whole ("peuple", not "peu" + "pled").
        ("q u e l p e u p l e d'a t t a r d é", ["quel", "peuple", "d'", "attarde"]),
        ("e s p è c e d'a t t a r d é", ["espece", "d'", "attarde"]),
        # No term in the run: the elision is still peeled when the rest are known words.
        ("t e m p s d'en f i n i r", ["temps", "d'", "en", "finir"]),
        # ... and one of the runs beside it is a known word: an unknown name stays whole.
        ("v a s y l e n o c'est un", ["vasyleno", "c'", "est", "un"]),
        # A term phrase over a run: "chong" is only ever a word of the phrase.
        ("ces c h i n g c h o n g ne", ["ces", "ching", "chong", "ne"]),
        # A term opening at the letter after an elision, whatever the run alone holds.
        ("f a i t d'a t t a r d é m e n t a l", ["fait", "d'", "attarde", "mental"]),
    ],
)
def test_spaced_runs_beside_elisions_and_phrases(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "M u s l i m l i v e s a r e n't w o r t h s h i t.",  # a contraction, not "n'"
        "y o u d i d n't",
        "w h a t's u p",
    ],
)
def test_a_contraction_is_no_elision(text: str) -> None:
    assert not any(w.endswith("'") for w in pieces(text)), pieces(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("quel peuple d'attardé", "attardé"),
        ("ces ching chong ne méritent rien", "ching chong"),
        ("il est temps d'en finir avec eux", "en finir avec"),
    ],
)
def test_spaced_variants_stay_caught(text: str, term: str) -> None:
    spaced = " ".join(" ".join(w) if len(w) >= 4 and "'" not in w else w for w in text.split())
    a = scorer().score(spaced)
    assert a.flagged, (spaced, a.reasons)
    assert term in [m.term for m in a.matches]


def test_scunthorpe_words_beside_an_elision_stay_benign() -> None:
    for text in ("l e s c l a s s e s d'a s s a s s i n s", "u n c o c k t a i l d'été"):
        assert not scorer().score(text).flagged, text
