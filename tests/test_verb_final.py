"""German word order the context rules read (docs/scoring.md, "Verb-final clauses").

A wish or a normative word closing the clause before a threat's clause reaches it; a
reporting verb or a copula that ends a clause opened by one of the pack's
``subordinators`` reads as if it came before the insult; a second-person word or a
demonstrative beside a capitalised noun does not make it a proper name. English, with no
subordinators listed, keeps its verb after its subject. Sentences written for this test.
"""

from __future__ import annotations

from functools import cache

import pytest

from nudge import Scorer


@cache
def _de() -> Scorer:
    return Scorer.load(["de"])


@cache
def _en() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # A wish closing the main clause, the threat in its complement.
        ("Ich hoffe, dass endlich jemand diese Typen erschießt.", True),
        ("Es wäre am besten, diese Leute einfach zu ertränken.", True),
        # A denied wish is no intent; a report is no threat.
        ("Sie haben es nicht verdient, so gefoltert zu werden.", False),
        ("Die Polizei sagt, dass der Mann erschossen wurde.", False),
        # Reporting verb and copula at the end of a subordinate clause.
        ("Warum findest du es okay, mich einen Vollidioten zu nennen?", False),
        ("Sorry, dass ich gestern so ein Idiot war.", False),
        ("Ich glaube, dass du ein Idiot bist.", True),
        # Capitalised nouns beside a pronoun or a demonstrative.
        ("Du Vollidiot, lies doch erstmal den Artikel", True),
        ("Diese Fotze soll die Klappe halten", True),
    ],
)
def test_german_word_order(text: str, flagged: bool) -> None:
    assert _de().score(text).flagged is flagged, _de().score(text).explain()


@pytest.mark.parametrize(
    "text",
    [
        "this dumb bitch said she was coming",
        "What that bitch tryna say",
        "I don't care how hot a bitch is, she is rude.",
    ],
)
def test_english_keeps_its_verb_after_its_subject(text: str) -> None:
    # No English subordinators: a verb right after an insult is its predicate.
    a = _en().score(text)
    assert a.flagged, a.explain()
    assert not any(r in ("reported", "self_reference") for m in a.matches for r in m.rules)
