"""Properties of the normaliser and the scorer under any pack's language facts."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from strategies import any_text, language_facts, obfuscated_text

import nudge
from nudge.normalize import replay


@settings(max_examples=200, deadline=None)
@given(text=any_text(), facts=language_facts())
def test_any_facts_keep_the_normaliser_total_and_its_offsets_inside(text: str, facts: Any) -> None:
    n = nudge.normalize(text, facts=facts)
    for token in n.tokens():
        assert 0 <= token.start < token.end <= len(n.text)
        assert 0 <= token.orig_start <= token.orig_end <= len(text)
    assert replay(n).text == n.text


@settings(max_examples=100, deadline=None)
@given(text=obfuscated_text(), facts=language_facts())
def test_folding_twice_with_the_same_facts_changes_nothing(text: str, facts: Any) -> None:
    once = nudge.normalize(text, facts=facts).text
    assert nudge.normalize(once, facts=facts).text == once


@settings(max_examples=100, deadline=None)
@given(text=obfuscated_text())
def test_a_comment_normalised_elsewhere_scores_as_the_text(text: str) -> None:
    en = _english()
    assert en._assess_normalized(nudge.normalize(text), None) == en.score(text)


_SCORER: list[nudge.Scorer] = []


def _english() -> nudge.Scorer:
    if not _SCORER:
        _SCORER.append(nudge.Scorer.load(["en"]))
    return _SCORER[0]
