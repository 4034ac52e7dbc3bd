"""Moderation figures from a log of events, in the style platforms publish them.

The app keeps a log of :class:`ModerationEvent` values (a comment posted, scored, a prompt
shown and what its author did, a policy decision, a report received, a removal);
:func:`figures` reads it, in time order, and computes per period and category:

* the **proactive share**: removals made before anyone reported the comment (TikTok:
  "73.3 % of the videos removed for harassment were removed before any report");
* the time from posting to removal (median and 90th percentile, in hours);
* reports by source (a trusted flagger, or people), and how many led to a removal;
* prompt outcomes (withdrawn, edited, posted anyway).

Every share is a :class:`~nudge.prompts.Rate`, with its Wilson confidence interval.
Events out of order, about a comment never posted, or with unknown values raise
:class:`~nudge.errors.RecordError` naming the event and the field: nothing is skipped.

>>> from datetime import datetime, timedelta, UTC
>>> t = datetime(2021, 5, 3, 12, 0, tzinfo=UTC)
>>> log = [
...     ModerationEvent(t, "posted", "c1"),
...     ModerationEvent(t, "posted", "c2"),
...     ModerationEvent(t + timedelta(hours=1), "removal", "c1", category="harassment"),
...     ModerationEvent(t + timedelta(hours=2), "report", "c2"),
...     ModerationEvent(t + timedelta(hours=3), "removal", "c2", category="harassment"),
... ]
>>> row = figures(log).removal("2021-Q2", "harassment")
>>> row.removed, row.proactive.value, row.median_hours
(2, 0.5, 2.0)
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from nudge.errors import RecordError
from nudge.lexicon import Category
from nudge.prompts import Outcome, Rate

__all__ = [
    "EventKind",
    "ModerationEvent",
    "ModerationFigures",
    "Period",
    "PromptRow",
    "RemovalRow",
    "ReportRow",
    "figures",
    "period_of",
    "synthetic_log",
]


class EventKind(StrEnum):
    """What happened to a comment.

    >>> EventKind("removal") is EventKind.REMOVAL
    True
    """

    POSTED = "posted"
    SCORED = "scored"
    PROMPT = "prompt"
    DECISION = "decision"
    REPORT = "report"
    REMOVAL = "removal"


class Period(StrEnum):
    """How events are grouped in time.

    >>> period_of(datetime(2021, 6, 30, tzinfo=UTC), Period.QUARTER)
    '2021-Q2'
    """

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_of(moment: datetime, period: Period | str) -> str:
    """The label of the period ``moment`` (UTC) falls in: ``2021-06-30``, ``2021-06``,
    ``2021-Q2`` or ``2021``.

    >>> period_of(datetime(2021, 6, 30, 23, 0, tzinfo=UTC), "month")
    '2021-06'
    """
    m = moment.astimezone(UTC)
    p = Period(period)
    if p is Period.DAY:
        return m.strftime("%Y-%m-%d")
    if p is Period.MONTH:
        return m.strftime("%Y-%m")
    if p is Period.QUARTER:
        return f"{m.year}-Q{(m.month - 1) // 3 + 1}"
    return str(m.year)


_CATEGORIES: Final = frozenset(c.value for c in Category)
_OUTCOMES: Final = frozenset(o.value for o in Outcome if o is not Outcome.PENDING)
_PROMPT_OUTCOMES: Final = ("withdrawn", "edited", "posted_anyway")
_DECISIONS: Final = frozenset({"allow", "nudge", "hold", "hide", "reject"})


@dataclass(frozen=True, slots=True)
class ModerationEvent:
    """One line of the moderation log.

    * ``category``: for ``scored``, ``prompt`` and ``removal`` events, the category
      (``harassment``, ``insult``...; the reason of a removal is required);
    * ``outcome``: for ``prompt`` events what the author did (``withdrawn``, ``edited``,
      ``posted_anyway``), for ``decision`` events the action (``hold``, ``hide``...);
    * ``flagger``: for ``report`` events, the trusted flagger's id (``None``: a person).

    >>> ModerationEvent(datetime(2021, 1, 1, tzinfo=UTC), "prompt", "c1", outcome="maybe")
    Traceback (most recent call last):
    ...
    nudge.errors.RecordError: event.outcome: a prompt outcome must be one of edited, \
posted_anyway, withdrawn, got 'maybe'
    """

    at: datetime
    kind: EventKind
    content_id: str
    category: str = ""
    outcome: str = ""
    flagger: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime) or self.at.utcoffset() is None:
            raise RecordError("must be a timezone-aware datetime", path="event.at")
        object.__setattr__(self, "at", self.at.astimezone(UTC))
        try:
            object.__setattr__(self, "kind", EventKind(self.kind))
        except ValueError:
            known = ", ".join(k.value for k in EventKind)
            raise RecordError(
                f"must be one of {known}, got {self.kind!r}", path="event.kind"
            ) from None
        if not isinstance(self.content_id, str) or not self.content_id.strip():
            raise RecordError("must be a non-empty string", path="event.content_id")
        kind = self.kind
        if self.category and self.category not in _CATEGORIES:
            raise RecordError(
                f"unknown category {self.category!r} (known: {', '.join(sorted(_CATEGORIES))})",
                path="event.category",
            )
        if kind is EventKind.REMOVAL and not self.category:
            raise RecordError(
                "a removal needs its category (the rule it broke)", path="event.category"
            )
        if kind is EventKind.PROMPT and self.outcome not in _OUTCOMES:
            raise RecordError(
                f"a prompt outcome must be one of {', '.join(sorted(_OUTCOMES))}, "
                f"got {self.outcome!r}",
                path="event.outcome",
            )
        if kind is EventKind.DECISION and self.outcome not in _DECISIONS:
            raise RecordError(
                f"a decision must be one of {', '.join(sorted(_DECISIONS))}, got {self.outcome!r}",
                path="event.outcome",
            )
        if kind not in (EventKind.PROMPT, EventKind.DECISION) and self.outcome:
            raise RecordError(f"a {kind} event has no outcome", path="event.outcome")
        if self.flagger is not None and (
            kind is not EventKind.REPORT or not isinstance(self.flagger, str) or not self.flagger
        ):
            raise RecordError("only a report has a flagger (a non-empty id)", path="event.flagger")


@dataclass(frozen=True, slots=True)
class RemovalRow:
    """Removals of one period and category: how many, the proactive share, how fast."""

    period: str
    category: str
    removed: int
    proactive: Rate
    median_hours: float
    p90_hours: float

    def sentence(self) -> str:
        """The figure as a platform would publish it.

        >>> r = RemovalRow("2021-Q2", "harassment", 4, Rate.of(3, 4), 1.0, 2.0)
        >>> r.sentence()
        '2021-Q2: 75.0% of the comments removed for harassment were removed before any \
report (95% CI 30.1-95.4%, 3/4); median time to removal 1.0 h.'
        """
        r = self.proactive
        return (
            f"{self.period}: {r.value:.1%} of the comments removed for {self.category} were "
            f"removed before any report ({r.confidence:.0%} CI {r.low * 100:.1f}-"
            f"{r.high:.1%}, {r.successes}/{r.trials}); median time to removal "
            f"{self.median_hours:.1f} h."
        )


@dataclass(frozen=True, slots=True)
class ReportRow:
    """Reports of one period from one source (``trusted`` or ``people``)."""

    period: str
    source: str
    reports: int
    led_to_removal: Rate


@dataclass(frozen=True, slots=True)
class PromptRow:
    """Prompt outcomes of one period and category (``""``: no category given)."""

    period: str
    category: str
    shown: int
    withdrawn: Rate
    edited: Rate
    posted_anyway: Rate
    withdrawn_or_edited: Rate


@dataclass(frozen=True, slots=True)
class ModerationFigures:
    """Every figure of a log, rows sorted by period then category or source."""

    period: Period
    removals: tuple[RemovalRow, ...]
    reports: tuple[ReportRow, ...]
    prompts: tuple[PromptRow, ...]

    def removal(self, period: str, category: str) -> RemovalRow:
        """The removal row of one period and category.

        >>> figures([]).removal("2021-Q2", "threat")
        Traceback (most recent call last):
        ...
        nudge.errors.RecordError: period: no removal for threat in 2021-Q2
        """
        for row in self.removals:
            if (row.period, row.category) == (period, category):
                return row
        raise RecordError(f"no removal for {category} in {period}", path="period")

    def table(self) -> str:
        """The removal rows as a text table.

        >>> print(figures([]).table())
        period category removed proactive median_h p90_h
        """
        lines = ["period category removed proactive median_h p90_h"]
        for r in self.removals:
            lines.append(
                f"{r.period} {r.category} {r.removed} {r.proactive} "
                f"{r.median_hours:.1f} {r.p90_hours:.1f}"
            )
        return "\n".join(lines)


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile by linear interpolation (0.0 for no values)."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def figures(
    events: Iterable[ModerationEvent],
    *,
    period: Period | str = Period.QUARTER,
    confidence: float = 0.95,
) -> ModerationFigures:
    """Compute the figures of a log read in time order (equal times keep the log's order).

    >>> t = datetime(2021, 1, 1, tzinfo=UTC)
    >>> figures([ModerationEvent(t, "removal", "c1", category="insult")])
    Traceback (most recent call last):
    ...
    nudge.errors.RecordError: events[0].content_id: 'c1' has no 'posted' event before it
    """
    p = Period(period)
    posted: dict[str, datetime] = {}
    reported: dict[str, int] = {}
    removed: set[str] = set()
    report_rows: dict[tuple[str, str], list[str]] = {}
    removal_rows: dict[tuple[str, str], list[tuple[bool, float]]] = {}
    prompt_rows: dict[tuple[str, str], list[str]] = {}
    last: datetime | None = None
    for i, e in enumerate(events):
        if not isinstance(e, ModerationEvent):
            raise RecordError(
                f"expected a ModerationEvent, got {type(e).__name__}", path=f"events[{i}]"
            )
        if last is not None and e.at < last:
            raise RecordError(
                f"{e.at.isoformat()} is before the previous event ({last.isoformat()}): "
                "the log must be in time order",
                path=f"events[{i}].at",
            )
        last = e.at
        cid = e.content_id
        if e.kind is EventKind.POSTED:
            if cid in posted:
                raise RecordError(f"{cid!r} was already posted", path=f"events[{i}].content_id")
            posted[cid] = e.at
            continue
        if cid not in posted:
            raise RecordError(
                f"{cid!r} has no 'posted' event before it", path=f"events[{i}].content_id"
            )
        label = period_of(e.at, p)
        if e.kind is EventKind.REPORT:
            reported[cid] = reported.get(cid, 0) + 1
            source = "trusted" if e.flagger is not None else "people"
            report_rows.setdefault((label, source), []).append(cid)
        elif e.kind is EventKind.REMOVAL:
            if cid in removed:
                raise RecordError(f"{cid!r} was already removed", path=f"events[{i}].content_id")
            removed.add(cid)
            hours = (e.at - posted[cid]).total_seconds() / 3600
            removal_rows.setdefault((label, e.category), []).append((cid not in reported, hours))
        elif e.kind is EventKind.PROMPT:
            prompt_rows.setdefault((label, e.category), []).append(e.outcome)

    removals = []
    for (label, cat), rows in sorted(removal_rows.items()):
        delays = sorted(h for _, h in rows)
        removals.append(
            RemovalRow(
                label,
                cat,
                len(rows),
                Rate.of(sum(1 for pro, _ in rows if pro), len(rows), confidence),
                _quantile(delays, 0.5),
                _quantile(delays, 0.9),
            )
        )
    reports = [
        ReportRow(
            label,
            source,
            len(ids),
            Rate.of(sum(1 for c in ids if c in removed), len(ids), confidence),
        )
        for (label, source), ids in sorted(report_rows.items())
    ]
    prompts = []
    for (label, cat), outcomes in sorted(prompt_rows.items()):
        n = len(outcomes)
        w, ed, pa = (
            outcomes.count(o.value)
            for o in (Outcome.WITHDRAWN, Outcome.EDITED, Outcome.POSTED_ANYWAY)
        )
        prompts.append(
            PromptRow(
                label,
                cat,
                n,
                Rate.of(w, n, confidence),
                Rate.of(ed, n, confidence),
                Rate.of(pa, n, confidence),
                Rate.of(w + ed, n, confidence),
            )
        )
    return ModerationFigures(p, tuple(removals), tuple(reports), tuple(prompts))


def synthetic_log(
    comments: int,
    *,
    start: datetime,
    days: int = 91,
    removal_share: float = 0.05,
    proactive_share: float = 0.75,
    trusted_share: float = 0.1,
    prompt_share: float = 0.04,
    seed: int = 0,
) -> list[ModerationEvent]:
    """A made-up log for examples and tests (nothing in it comes from a real platform).

    ``comments`` are posted over ``days``; ``removal_share`` of them are removed for
    harassment, ``proactive_share`` of those before any report, the rest after one (from
    a trusted flagger with probability ``trusted_share``); ``prompt_share`` of them got a
    prompt (withdrawn, edited or posted anyway in the ratio 2:2:6).  Deterministic for a ``seed``.

    >>> log = synthetic_log(100, start=datetime(2021, 4, 1, tzinfo=UTC), seed=1)
    >>> log == sorted(log, key=lambda e: e.at), log[0].kind
    (True, <EventKind.POSTED: 'posted'>)
    """
    rng = random.Random(seed)
    events: list[tuple[datetime, int, ModerationEvent]] = []
    order = 0

    def add(
        at: datetime, kind: EventKind, cid: str, category: str = "", flagger: str | None = None
    ) -> None:
        nonlocal order
        outcome = ""
        if kind is EventKind.PROMPT:
            outcome = rng.choices(_PROMPT_OUTCOMES, weights=(2, 2, 6))[0]
        events.append((at, order, ModerationEvent(at, kind, cid, category, outcome, flagger)))
        order += 1

    for n in range(comments):
        cid = f"c{n}"
        at = start + timedelta(seconds=rng.uniform(0, days * 86400 * 0.95))
        add(at, EventKind.POSTED, cid)
        if rng.random() < prompt_share:
            add(at, EventKind.PROMPT, cid, category="insult")
        if rng.random() >= removal_share:
            if rng.random() < removal_share / 4:  # a report that leads nowhere
                add(at + timedelta(hours=rng.expovariate(1 / 6)), EventKind.REPORT, cid)
            continue
        delay = timedelta(hours=rng.expovariate(1 / 6))
        if rng.random() < proactive_share:
            add(at + delay, EventKind.REMOVAL, cid, category="harassment")
        else:
            flagger = "fr-3018" if rng.random() < trusted_share else None
            add(at + delay, EventKind.REPORT, cid, flagger=flagger)
            add(at + delay * 2, EventKind.REMOVAL, cid, category="harassment")
    events.sort(key=lambda x: (x[0], x[1]))
    return [e for _, _, e in events]
