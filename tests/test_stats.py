"""Moderation figures: the proactive share, times, reports by source, prompt outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nudge.errors import RecordError
from nudge.prompts import wilson_interval
from nudge.stats import ModerationEvent, figures, period_of, synthetic_log

T = datetime(2021, 4, 1, tzinfo=UTC)


def ev(hours: float, kind: str, cid: str, **kw: str | None) -> ModerationEvent:
    return ModerationEvent(T + timedelta(hours=hours), kind, cid, **kw)  # type: ignore[arg-type]


def test_proactive_share_times_and_sources() -> None:
    log = [
        ev(0, "posted", "a"),
        ev(0, "posted", "b"),
        ev(0, "posted", "c"),
        ev(0, "prompt", "a", outcome="posted_anyway", category="insult"),
        ev(1, "removal", "a", category="harassment"),
        ev(2, "report", "b", flagger="fr-3018"),
        ev(4, "removal", "b", category="harassment"),
        ev(5, "report", "c"),
    ]
    f = figures(log)
    row = f.removal("2021-Q2", "harassment")
    assert (row.removed, row.proactive.successes, row.proactive.trials) == (2, 1, 2)
    assert (row.median_hours, row.p90_hours) == (2.5, 3.7)
    assert (row.proactive.low, row.proactive.high) == wilson_interval(1, 2)
    by_source = {(r.source, r.reports, r.led_to_removal.successes) for r in f.reports}
    assert by_source == {("trusted", 1, 1), ("people", 1, 0)}
    (p,) = f.prompts
    assert (p.category, p.shown, p.posted_anyway.value, p.withdrawn_or_edited.value) == (
        "insult",
        1,
        1.0,
        0.0,
    )


def test_a_report_at_the_same_moment_is_before_the_removal() -> None:
    log = [ev(0, "posted", "a"), ev(1, "report", "a"), ev(1, "removal", "a", category="threat")]
    assert figures(log).removal("2021-Q2", "threat").proactive.value == 0.0


def test_periods() -> None:
    moment = datetime(2021, 12, 31, 23, 30, tzinfo=UTC)
    assert [period_of(moment, p) for p in ("day", "month", "quarter", "year")] == [
        "2021-12-31",
        "2021-12",
        "2021-Q4",
        "2021",
    ]
    log = [ev(0, "posted", "a"), ev(24 * 40, "removal", "a", category="insult")]
    assert [r.period for r in figures(log, period="month").removals] == ["2021-05"]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 1.0))
def test_synthetic_logs_recover_their_share(seed: int, share: float) -> None:
    log = synthetic_log(400, start=T, proactive_share=share, seed=seed)
    f = figures(log, period="year")
    total = sum(r.removed for r in f.removals)
    proactive = sum(r.proactive.successes for r in f.removals)
    assert total == sum(1 for e in log if e.kind == "removal")
    assert proactive == total - len(
        {e.content_id for e in log if e.kind == "report"}
        & {e.content_id for e in log if e.kind == "removal"}
    )
    for r in f.removals:
        assert r.proactive.low <= r.proactive.value <= r.proactive.high


def test_bad_events_name_the_field() -> None:
    with pytest.raises(RecordError, match=r"event\.at: must be a timezone-aware"):
        ModerationEvent(datetime(2021, 1, 1), "posted", "a")
    with pytest.raises(RecordError, match=r"event\.kind: must be one of"):
        ModerationEvent(T, "liked", "a")  # type: ignore[arg-type]
    with pytest.raises(RecordError, match=r"event\.category: a removal needs"):
        ModerationEvent(T, "removal", "a")
    with pytest.raises(RecordError, match=r"event\.category: unknown category"):
        ModerationEvent(T, "removal", "a", category="rudeness")
    with pytest.raises(RecordError, match=r"event\.outcome: a decision must be"):
        ModerationEvent(T, "decision", "a", outcome="ban")
    with pytest.raises(RecordError, match=r"event\.flagger: only a report"):
        ModerationEvent(T, "posted", "a", flagger="fr-3018")
    with pytest.raises(RecordError, match=r"events\[1\]\.at: .* time order"):
        figures([ev(1, "posted", "a"), ev(0, "posted", "b")])
    with pytest.raises(RecordError, match=r"events\[1\]\.content_id: 'a' was already posted"):
        figures([ev(0, "posted", "a"), ev(1, "posted", "a")])
    with pytest.raises(RecordError, match=r"events\[2\]\.content_id: 'a' was already removed"):
        figures(
            [
                ev(0, "posted", "a"),
                ev(1, "removal", "a", category="insult"),
                ev(2, "removal", "a", category="insult"),
            ]
        )
    with pytest.raises(RecordError, match=r"events\[0\]: expected a ModerationEvent"):
        figures(["posted"])  # type: ignore[list-item]
