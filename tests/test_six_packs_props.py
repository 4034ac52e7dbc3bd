"""Any text scored with the six packs: the other languages' context rules (German pronoun
subjects, split verbs and negation after the verb; Romance dropped subjects, restrictives,
glued clitics, the author after the insult) keep the scorer's promises on random
sentences of the words they read: no exception, a score in [0, 1], spans inside the text,
a batch (on two threads) answering as one comment at a time."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_text, rule_word_text

from nudge import Scorer


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_word_text() | any_text())
def test_any_text_is_scored_safely_with_six_packs(six: Scorer, text: str) -> None:
    a = six.score(text)
    assert 0.0 <= a.score <= 1.0
    assert a.flagged == (a.score >= six.threshold)
    for m in a.matches:
        assert 0 <= m.start <= m.end <= len(text)
        assert m.text == text[m.start : m.end]
    a.explain()


@settings(max_examples=40, deadline=None)
@given(st.lists(rule_word_text(), min_size=2, max_size=12))
def test_a_batch_answers_as_one_comment_at_a_time_with_six_packs(
    six: Scorer, texts: list[str]
) -> None:
    alone = [six.score(t) for t in texts]
    assert six.score_many(texts) == alone
    assert six.score_many(texts, workers=2) == alone
