"""The assessment a nudge hands the chooser (``_as_nudged``): copied slot by slot, it is
the one ``dataclasses.replace`` makes, and the original keeps its pending lines."""

from __future__ import annotations

from dataclasses import replace

from nudge.policies import Context, Relationship, RelationshipNudge, _as_nudged
from nudge.scorer import _REASONS_SLOT, Assessment, Scorer


def test_a_nudge_below_the_threshold_copies_the_assessment_as_replace_would() -> None:
    scorer = Scorer.load()
    nudge = RelationshipNudge(threshold=0.5, strangers_threshold=0.01)
    strangers = Context(relationship=Relationship())
    texts = ["you are kind of an idiot sometimes", "what a stupid idea", "damn"]
    seen = 0
    for a in scorer.score_many(texts):
        if a.flagged or a.score < 0.01:
            continue
        seen += 1
        pending = _REASONS_SLOT.__get__(a, Assessment)
        got = _as_nudged(a, nudge, strangers)
        # The original's lines are still pending: the copy did not write them.
        assert _REASONS_SLOT.__get__(a, Assessment) is pending
        assert got.flagged and got.threshold == min(0.01, a.score)
        assert got == replace(a, flagged=True, threshold=min(0.01, a.score))
        assert got.reasons == a.reasons
    assert seen >= 1
