"""Reports and trusted flaggers: merging, ordering, service levels, bad input."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import reports

from nudge.errors import LexiconError, RecordError
from nudge.reports import (
    FlaggerRegistry,
    Report,
    ReportQueue,
    ReportTarget,
    load_flaggers,
    validate_flaggers,
)
from nudge.scorer import Severity

T = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeAssessment:
    text: str
    score: float
    flagged: bool
    severity: Severity


class FakeScorer:
    """Severity from the text, so the property tests do not load the real scorer."""

    TABLE = {  # noqa: RUF012 - a test table
        "you are an idiot": (0.7, Severity.MEDIUM),
        "t'es qu'un bouffon": (0.7, Severity.MEDIUM),
        "I will kill you": (0.95, Severity.HIGH),
        "what a loser": (0.55, Severity.LOW),
    }

    def score_many(self, texts: Sequence[str]) -> list[Any]:
        out = []
        for t in texts:
            score, sev = self.TABLE.get(t, (0.0, Severity.NONE))
            out.append(FakeAssessment(t, score, score >= 0.5, sev))
        return out


QUEUE = ReportQueue(scorer=FakeScorer())


@settings(max_examples=150, deadline=None)
@given(reports())
def test_every_report_is_accounted_for_exactly_once(rs: list[Report]) -> None:
    review = QUEUE.build(rs, now=T)
    placed = [r.id for item in review.items for r in item.reports]
    placed += [r.id for r in review.duplicates]
    assert Counter(placed) == Counter(r.id for r in rs)
    assert review.report_count() == len(rs)
    # one item per target, and every report of an item is about that target
    assert len({(i.target, i.target_id) for i in review.items}) == len(review.items)
    for item in review.items:
        assert all((r.target, r.target_id) == (item.target, item.target_id) for r in item.reports)
        assert item.reporters == len({r.reporter_id for r in item.reports})


@settings(max_examples=100, deadline=None)
@given(reports(), st.integers(0, 2**32))
def test_order_is_deterministic_whatever_the_arrival_order(rs: list[Report], seed: int) -> None:
    shuffled = list(rs)
    random.Random(seed).shuffle(shuffled)
    a = QUEUE.build(rs, now=T)
    b = QUEUE.build(shuffled, now=T)
    assert [(i.target, i.target_id) for i in a.items] == [(i.target, i.target_id) for i in b.items]
    assert [i.reports for i in a.items] == [i.reports for i in b.items]


@settings(max_examples=150, deadline=None)
@given(reports())
def test_trusted_never_behind_untrusted_of_the_same_severity(rs: list[Report]) -> None:
    items = QUEUE.build(rs, now=T).items
    for i, earlier in enumerate(items):
        for later in items[i + 1 :]:
            if later.trusted and later.severity == earlier.severity:
                assert earlier.trusted
            # and within the same trust, severity never increases down the queue
            if later.trusted == earlier.trusted:
                assert later.severity <= earlier.severity


def test_merge_counts_distinct_people_and_marks_missed_detection() -> None:
    rs = [
        Report("r1", "u1", "comment", "c1", "bullying", T, text="you are an idiot"),
        Report(
            "r2",
            "u1",
            "comment",
            "c1",
            "bullying",
            T + timedelta(minutes=1),
            text="you are an idiot",
        ),
        Report("r3", "u2", "comment", "c1", "hate", T, text="you are an idiot"),
        Report("r4", "u3", "comment", "c2", "other", T, text="nice video"),
    ]
    review = QUEUE.build(rs, now=T)
    c1, c2 = review.items
    assert (c1.target_id, len(c1.reports), c1.reporters, c1.missed_proactive) == ("c1", 3, 2, True)
    assert (c2.target_id, c2.missed_proactive) == ("c2", False)


def test_the_most_recent_text_is_scored() -> None:
    rs = [
        Report("r1", "u1", "comment", "c1", "bullying", T, text="nice video"),
        Report(
            "r2", "u2", "comment", "c1", "bullying", T + timedelta(hours=1), text="I will kill you"
        ),
    ]
    assert QUEUE.build(rs, now=T).items[0].severity is Severity.HIGH


def test_service_level_breaches() -> None:
    late = Report(
        "r1", "3018", "comment", "c1", "bullying", T - timedelta(hours=7), flagger="fr-3018"
    )
    fresh = Report(
        "r2", "3018", "comment", "c2", "bullying", T - timedelta(hours=1), flagger="fr-3018"
    )
    plain = Report("r3", "u1", "comment", "c3", "bullying", T - timedelta(days=3))
    review = QUEUE.build([late, fresh, plain], now=T)
    assert [i.target_id for i in review.breaches] == ["c1"]
    strict = ReportQueue(
        scorer=FakeScorer(),
        deadlines={"fr-3018": timedelta(minutes=30)},
        untrusted_within=timedelta(days=1),
    )
    assert [i.target_id for i in strict.build([late, fresh, plain], now=T).breaches] == [
        "c3",
        "c1",
        "c2",
    ]


def test_bulk_plans_take_ids_in_review_order() -> None:
    rs = [
        Report(f"r{n}", f"u{n}", "comment", f"c{n:03}", "bullying", T, text="you are an idiot")
        for n in range(150)
    ]
    plans = QUEUE.build(rs, now=T).plan("delete", min_severity=Severity.MEDIUM)
    assert [len(p) for p in plans] == [100, 50]
    assert plans[0].ids[0] == "c000"
    assert QUEUE.build(rs, now=T).plan("delete", ReportTarget.ACCOUNT) == []


def test_bad_reports_name_the_field() -> None:
    with pytest.raises(RecordError, match=r"report\.at: must be timezone-aware"):
        Report("r1", "u1", "comment", "c1", "hate", datetime(2026, 1, 1))
    with pytest.raises(RecordError, match=r"report\.reason: must be one of"):
        Report("r1", "u1", "comment", "c1", "rude", T)
    with pytest.raises(RecordError, match=r"report\.target_id"):
        Report("r1", "u1", "comment", " ", "hate", T)
    with pytest.raises(RecordError, match=r"reports\[1\]\.flagger: unknown trusted flagger"):
        QUEUE.build(
            [
                Report("r1", "u", "comment", "c", "hate", T),
                Report("r2", "x", "comment", "c", "hate", T, flagger="nobody"),
            ]
        )
    with pytest.raises(RecordError, match=r"reports\[0\]: expected a Report"):
        QUEUE.build(["r1"])  # type: ignore[list-item]
    with pytest.raises(RecordError, match=r"deadlines\['nobody'\]"):
        ReportQueue(deadlines={"nobody": timedelta(hours=1)})
    with pytest.raises(RecordError, match=r"untrusted_within"):
        ReportQueue(untrusted_within=timedelta(0))


def test_bundled_flaggers_cite_a_source_and_a_date() -> None:
    registry = load_flaggers()
    assert registry.ids
    for f in registry.flaggers.values():
        assert f.source and f.service_level and f.checked.year >= 2026
        assert f.respond_within > timedelta(0)


def test_flagger_file_errors_have_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "flaggers.toml"
    path.write_text(
        '[[flagger]]\nid = "a"\nname = "A"\nregion = "FR"\nservice_level = "fast"\n'
        'source = "s"\nrespond_within_hours = 4\nchecked = 2026-01-01\n\n'
        '[[flagger]]\nid = "a"\nname = "B"\nregion = "FR"\nservice_level = "x"\n'
        'source = "s"\nrespond_within_hours = 4\nchecked = "yesterday"\ncolour = "red"\n',
        encoding="utf-8",
    )
    problems = validate_flaggers(path)
    assert f"{path}:11: id: duplicate id 'a'" in problems
    assert any(p.startswith(f"{path}:17: checked:") for p in problems)
    assert any(p.startswith(f"{path}:18: colour: unknown field") for p in problems)
    with pytest.raises(LexiconError):
        load_flaggers([path])
    ok = tmp_path / "ok" / "flaggers.toml"
    ok.parent.mkdir()
    ok.write_text(
        '[[flagger]]\nid = "xx-helpline"\nname = "X"\nregion = "XX"\nservice_level = "1 day"\n'
        'source = "s"\nrespond_within_hours = 24\nchecked = 2026-01-01\n',
        encoding="utf-8",
    )
    assert load_flaggers([ok.parent]).ids == ("fr-3018", "xx-helpline")
    with pytest.raises(RecordError, match="duplicate trusted flagger"):
        FlaggerRegistry.of([*load_flaggers().flaggers.values()] * 2)
