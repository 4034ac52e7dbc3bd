"""Reports from people and trusted flaggers, ordered for human review.

A :class:`Report` says who reported what (a comment or an account), why, and when.
A :class:`ReportQueue` turns a batch of reports into a :class:`ReviewQueue`: reports on
the same target are merged into one :class:`ReviewItem`, and items are ordered for the
moderators:

1. reports from a **trusted flagger** first (the registry is data in the packs,
   ``lexicons/<code>/flaggers.toml``: the 3018 helpline for France), then
2. by the scorer's **severity** of the reported text, then
3. by the number of **distinct people** who reported it, then by score, then oldest
   first; the target id breaks the last ties, so the order is deterministic.

Every report is accounted for exactly once: in one item, or (the same report delivered
twice) in :attr:`ReviewQueue.duplicates`.  Items past their deadline (a flagger's
documented service level, or the app's own) are listed in :attr:`ReviewQueue.breaches`.
A report on a text that the scorer flags is marked ``missed_proactive``: proactive
detection should have caught it before anyone had to report it.

>>> from datetime import datetime, UTC
>>> t = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
>>> queue = ReportQueue()
>>> review = queue.build([
...     Report("r1", "u7", ReportTarget.COMMENT, "c1", ReportReason.BULLYING, t, text="nice hat"),
...     Report("r2", "e-enfance", ReportTarget.COMMENT, "c2", ReportReason.BULLYING, t,
...            text="t'es qu'un bouffon", flagger="fr-3018"),
... ], now=t)
>>> [(i.target_id, i.trusted, i.missed_proactive) for i in review.items]
[('c2', True, True), ('c1', False, False)]
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, Protocol

from nudge._datafile import read_data_text
from nudge._toml_lines import TomlLines
from nudge.bulk import DEFAULT_LIMIT, BulkAction, BulkPlan, plan_chunks
from nudge.errors import LexiconError, RecordError
from nudge.prompts import _REGION
from nudge.scorer import Assessment, Severity

__all__ = [
    "FlaggerRegistry",
    "Report",
    "ReportQueue",
    "ReportReason",
    "ReportTarget",
    "ReviewItem",
    "ReviewQueue",
    "TrustedFlagger",
    "load_flaggers",
    "validate_flaggers",
]


class ReportTarget(StrEnum):
    """What a report is about.

    >>> ReportTarget("account") is ReportTarget.ACCOUNT
    True
    """

    COMMENT = "comment"
    ACCOUNT = "account"


class ReportReason(StrEnum):
    """Why it was reported (the reasons a report form offers).

    >>> ReportReason("hate").value
    'hate'
    """

    BULLYING = "bullying"
    HATE = "hate"
    THREAT = "threat"
    SELF_HARM = "self_harm"
    SEXUAL = "sexual"
    SPAM = "spam"
    OTHER = "other"


# ----------------------------------------------------------------------------- flaggers


@dataclass(frozen=True, slots=True)
class TrustedFlagger:
    """An organisation whose reports go first, with its documented service level and source.

    >>> f = load_flaggers().get("fr-3018")
    >>> f.region, f.respond_within.total_seconds() / 3600, f.checked.year >= 2026
    ('FR', 6.0, True)
    """

    id: str
    name: str
    region: str
    service_level: str
    respond_within: timedelta
    source: str
    checked: date
    contact: str = ""
    url: str = ""
    source_url: str = ""
    respond_within_note: str = ""
    path: str = ""
    line: int | None = None


_FLAGGER_KEYS: Final = frozenset(
    {
        "id", "name", "region", "service_level", "respond_within_hours", "source", "checked",
        "contact", "url", "source_url", "respond_within_note", "note",
    }
)  # fmt: skip
_FLAGGER_REQUIRED: Final = ("id", "name", "region", "service_level", "source")
_FLAGGER_OPTIONAL: Final = ("contact", "url", "source_url", "respond_within_note", "note")


def _string(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse_flaggers(text: str, path: str) -> tuple[list[TrustedFlagger], list[LexiconError]]:
    """Every flagger of one ``flaggers.toml`` and every problem, with file and line."""
    errors: list[LexiconError] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [LexiconError(f"not valid TOML: {exc}", path=path)]
    lines = TomlLines(text)
    for key in data:
        if key != "flagger":
            errors.append(
                LexiconError(
                    "unknown key (allowed: flagger)", path=path, line=lines.key(key), field=key
                )
            )
    raw = data.get("flagger", [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        errors.append(LexiconError("must be [[flagger]] tables", path=path, field="flagger"))
        return [], errors
    starts = lines.entries("flagger")
    out: list[TrustedFlagger] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        start = starts[i] if i < len(starts) else None

        def add(message: str, name: str, start: int | None = start) -> None:
            line = lines.key(name, start) if start is not None else None
            errors.append(LexiconError(message, path=path, line=line, field=name))

        before = len(errors)
        for key in entry:
            if key not in _FLAGGER_KEYS:
                add(f"unknown field (allowed: {', '.join(sorted(_FLAGGER_KEYS))})", key)
        for name in _FLAGGER_REQUIRED:
            if not _string(entry.get(name)):
                add("is required (a non-empty string)", name)
        for name in _FLAGGER_OPTIONAL:
            if name in entry and not _string(entry[name]):
                add("must be a non-empty string", name)
        fid = entry.get("id")
        if isinstance(fid, str) and fid in seen:
            add(f"duplicate id {fid!r}", "id")
        region = entry.get("region")
        if isinstance(region, str) and not (_REGION.match(region) and region == region.upper()):
            add("must be an upper-case ISO 3166 code (FR, CA)", "region")
        hours = entry.get("respond_within_hours")
        if (
            isinstance(hours, bool)
            or not isinstance(hours, int | float)
            or not (math.isfinite(hours) and hours > 0)
        ):
            add(
                "is required: a positive number of hours (the deadline the queue checks)",
                "respond_within_hours",
            )
        checked = entry.get("checked")
        if not isinstance(checked, date) or isinstance(checked, datetime):
            add("must be a TOML date (2026-11-22): when the source was last checked", "checked")
        if len(errors) > before:
            continue
        seen.add(fid)
        out.append(
            TrustedFlagger(
                id=fid,
                name=entry["name"],
                region=region,
                service_level=entry["service_level"],
                respond_within=timedelta(hours=hours),
                source=entry["source"],
                checked=checked,
                contact=entry.get("contact", ""),
                url=entry.get("url", ""),
                source_url=entry.get("source_url", ""),
                respond_within_note=entry.get("respond_within_note", ""),
                path=path,
                line=start,
            )
        )
    return out, errors


def validate_flaggers(path: str | Path) -> list[str]:
    """Every problem of one ``flaggers.toml`` as ``"file:line: field: message"`` lines.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "flaggers.toml"
    ...     _ = p.write_text('[[flagger]]\\nid = "x"\\nname = "X"\\nregion = "fr"\\n'
    ...                      'service_level = "fast"\\nsource = "me"\\n'
    ...                      'respond_within_hours = 0\\nchecked = 2026-01-01\\n')
    ...     [line.split(": ", 1)[1] for line in validate_flaggers(p)]
    ['region: must be an upper-case ISO 3166 code (FR, CA)', 'respond_within_hours: is \
required: a positive number of hours (the deadline the queue checks)']
    """
    p = Path(path)
    try:
        text = read_data_text(p, str(p))
    except LexiconError as exc:
        return [str(exc)]
    return [str(e) for e in _parse_flaggers(text, str(p))[1]]


@dataclass(frozen=True, slots=True)
class FlaggerRegistry:
    """The trusted flaggers an app recognises, by id.

    >>> reg = load_flaggers()
    >>> reg.get("nobody")
    Traceback (most recent call last):
    ...
    nudge.errors.RecordError: flagger: unknown trusted flagger 'nobody' (known: fr-3018)
    """

    flaggers: Mapping[str, TrustedFlagger] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "flaggers", MappingProxyType(dict(self.flaggers)))

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle: rebuild from a plain dict.
        return (FlaggerRegistry, (dict(self.flaggers),))

    @classmethod
    def of(cls, flaggers: Iterable[TrustedFlagger]) -> FlaggerRegistry:
        """A registry of these flaggers (ids must be unique).

        >>> FlaggerRegistry.of([]).ids
        ()
        """
        out: dict[str, TrustedFlagger] = {}
        for f in flaggers:
            if f.id in out:
                raise RecordError(f"duplicate trusted flagger {f.id!r}", path="flaggers")
            out[f.id] = f
        return cls(MappingProxyType(out))

    @property
    def ids(self) -> tuple[str, ...]:
        """The known ids, sorted."""
        return tuple(sorted(self.flaggers))

    def get(self, flagger_id: str, path: str = "flagger") -> TrustedFlagger:
        """The flagger with this id; :class:`~nudge.errors.RecordError` if unknown.

        >>> load_flaggers().get("fr-3018").region
        'FR'
        """
        found = self.flaggers.get(flagger_id)
        if found is None:
            raise RecordError(
                f"unknown trusted flagger {flagger_id!r} (known: {', '.join(self.ids) or 'none'})",
                path=path,
            )
        return found


@cache
def _bundled_flaggers() -> tuple[TrustedFlagger, ...]:
    from nudge.lexicon import bundled_packs_root

    root = bundled_packs_root()
    out: list[TrustedFlagger] = []
    for child in sorted(root.iterdir(), key=lambda c: c.name):
        item = child.joinpath("flaggers.toml")
        if item.is_file():
            shown = f"{child.name}/flaggers.toml"
            found, errors = _parse_flaggers(item.read_text(encoding="utf-8"), shown)
            if errors:
                raise errors[0]
            out += found
    return tuple(out)


def load_flaggers(paths: Iterable[str | Path] = (), *, bundled: bool = True) -> FlaggerRegistry:
    """The bundled trusted flaggers (every pack's ``flaggers.toml``) plus those in ``paths``.

    >>> load_flaggers().ids
    ('fr-3018',)
    """
    found = list(_bundled_flaggers()) if bundled else []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            path = path / "flaggers.toml"
        more, errors = _parse_flaggers(read_data_text(path, str(path)), str(path))
        if errors:
            raise errors[0]
        found += more
    return FlaggerRegistry.of(found)


# ----------------------------------------------------------------------------- reports


def _aware(value: object, path: str) -> datetime:
    if not isinstance(value, datetime):
        raise RecordError(f"expected a datetime, got {type(value).__name__}", path=path)
    if value.utcoffset() is None:
        raise RecordError("must be timezone-aware (e.g. tzinfo=UTC)", path=path)
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Report:
    """One report: who (``reporter_id``), what (``target`` and ``target_id``), why, when.

    ``text`` is the reported comment's text (what the scorer reads), ``note`` the
    reporter's own words, ``flagger`` the trusted flagger's id when the report comes
    from one.  Bad fields raise :class:`~nudge.errors.RecordError` naming the field.

    >>> from datetime import datetime, UTC
    >>> Report("r1", "u1", "comment", "c1", "hate", datetime(2026, 1, 1, tzinfo=UTC)).reason
    <ReportReason.HATE: 'hate'>
    >>> Report("r1", "u1", "video", "c1", "hate", datetime(2026, 1, 1, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    nudge.errors.RecordError: report.target: must be one of comment, account, got 'video'
    """

    id: str
    reporter_id: str
    target: ReportTarget
    target_id: str
    reason: ReportReason
    at: datetime
    text: str = ""
    note: str = ""
    flagger: str | None = None

    def __post_init__(self) -> None:
        for name in ("id", "reporter_id", "target_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise RecordError("must be a non-empty string", path=f"report.{name}")
        for name, enum in (("target", ReportTarget), ("reason", ReportReason)):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, enum(value))
            except ValueError:
                known = ", ".join(e.value for e in enum)
                raise RecordError(
                    f"must be one of {known}, got {value!r}", path=f"report.{name}"
                ) from None
        object.__setattr__(self, "at", _aware(self.at, "report.at"))
        for name in ("text", "note"):
            if not isinstance(getattr(self, name), str):
                raise RecordError("must be a string", path=f"report.{name}")
        if self.flagger is not None and not _string(self.flagger):
            raise RecordError("must be a flagger id or None", path="report.flagger")


# ----------------------------------------------------------------------------- the queue


class ScorerLike(Protocol):
    """What the queue needs of a scorer (``nudge.Scorer`` fits)."""

    def score_many(self, texts: Sequence[str]) -> Sequence[Assessment]:
        """One assessment per text, in order."""
        ...


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Every report on one target, merged, with what the queue concluded.

    ``reporters`` counts distinct people; ``due`` is the earliest deadline (``None`` when
    no service level applies); ``missed_proactive`` says the scorer flags the text.
    """

    target: ReportTarget
    target_id: str
    reports: tuple[Report, ...]
    flaggers: tuple[str, ...]
    reporters: int
    first_at: datetime
    text: str
    assessment: Assessment | None
    due: datetime | None
    breached: bool

    @property
    def trusted(self) -> bool:
        """Whether a trusted flagger reported it."""
        return bool(self.flaggers)

    @property
    def severity(self) -> Severity:
        """The scorer's severity of the reported text (``NONE`` without a text)."""
        return Severity.NONE if self.assessment is None else self.assessment.severity

    @property
    def score(self) -> float:
        """The scorer's score of the reported text (0.0 without a text)."""
        return 0.0 if self.assessment is None else self.assessment.score

    @property
    def missed_proactive(self) -> bool:
        """The scorer flags the reported text: proactive detection should have acted."""
        return self.assessment is not None and self.assessment.flagged

    def sort_key(self) -> tuple[int, int, int, float, datetime, str, str]:
        """The review order: trusted, severity, distinct reporters, score, oldest, target.

        >>> t = datetime(2026, 3, 1, tzinfo=UTC)
        >>> report = Report("r1", "u1", "account", "a9", "spam", t)
        >>> item = ReportQueue().build([report], now=t).items[0]
        >>> item.sort_key()[:3], item.sort_key()[-2:]
        ((1, 0, -1), ('account', 'a9'))
        """
        return (
            0 if self.trusted else 1,
            -int(self.severity),
            -self.reporters,
            -self.score,
            self.first_at,
            self.target.value,
            self.target_id,
        )


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    """The ordered items, the duplicate deliveries, and when the queue was built."""

    items: tuple[ReviewItem, ...]
    duplicates: tuple[Report, ...]
    now: datetime

    @property
    def breaches(self) -> tuple[ReviewItem, ...]:
        """Items past their deadline at :attr:`now`, most overdue first."""
        late = [i for i in self.items if i.breached]
        return tuple(sorted(late, key=lambda i: (i.due, i.sort_key())))

    def report_count(self) -> int:
        """Every report received: merged into items plus duplicate deliveries.

        >>> t = datetime(2026, 3, 1, tzinfo=UTC)
        >>> r = Report("r1", "u1", "account", "a9", "spam", t)
        >>> ReportQueue().build([r, r], now=t).report_count()
        2
        """
        return sum(len(i.reports) for i in self.items) + len(self.duplicates)

    def ids(
        self,
        target: ReportTarget = ReportTarget.COMMENT,
        *,
        min_severity: Severity = Severity.NONE,
        trusted_only: bool = False,
    ) -> list[str]:
        """The target ids of one kind, in review order, filtered.

        >>> ReviewQueue((), (), datetime(2026, 1, 1, tzinfo=UTC)).ids()
        []
        """
        return [
            i.target_id
            for i in self.items
            if i.target is ReportTarget(target)
            and i.severity >= min_severity
            and (i.trusted or not trusted_only)
        ]

    def plan(
        self,
        action: BulkAction | str,
        target: ReportTarget = ReportTarget.COMMENT,
        *,
        min_severity: Severity = Severity.NONE,
        trusted_only: bool = False,
        limit: int = DEFAULT_LIMIT,
        dry_run: bool = False,
    ) -> list[BulkPlan]:
        """Bulk plans (:mod:`nudge.bulk`) for the selected ids, at most ``limit`` each.

        >>> ReviewQueue((), (), datetime(2026, 1, 1, tzinfo=UTC)).plan("delete")
        []
        """
        ids = self.ids(target, min_severity=min_severity, trusted_only=trusted_only)
        return plan_chunks(action, ids, limit=limit, dry_run=dry_run)


@dataclass(frozen=True, slots=True)
class ReportQueue:
    """Builds :class:`ReviewQueue` values; immutable and safe to share.

    * ``registry``: the trusted flaggers (default: the bundled ones);
    * ``scorer``: scores the reported texts (default: ``nudge.Scorer.load()``);
    * ``deadlines``: per-flagger deadlines that replace the documented ones;
    * ``untrusted_within``: a deadline for other reports (default: none).
    """

    registry: FlaggerRegistry | None = None
    scorer: ScorerLike | None = field(default=None, compare=False)
    deadlines: Mapping[str, timedelta] = field(default_factory=lambda: MappingProxyType({}))
    untrusted_within: timedelta | None = None

    def __post_init__(self) -> None:
        registry = load_flaggers() if self.registry is None else self.registry
        if not isinstance(registry, FlaggerRegistry):
            raise RecordError("expected a FlaggerRegistry", path="registry")
        object.__setattr__(self, "registry", registry)
        for fid, limit in dict(self.deadlines).items():
            registry.get(fid, path=f"deadlines[{fid!r}]")
            if not isinstance(limit, timedelta) or limit <= timedelta(0):
                raise RecordError("must be a positive timedelta", path=f"deadlines[{fid!r}]")
        object.__setattr__(self, "deadlines", MappingProxyType(dict(self.deadlines)))
        u = self.untrusted_within
        if u is not None and (not isinstance(u, timedelta) or u <= timedelta(0)):
            raise RecordError("must be a positive timedelta or None", path="untrusted_within")

    def __reduce__(self) -> tuple[object, ...]:
        args = (self.registry, self.scorer, dict(self.deadlines), self.untrusted_within)
        return (ReportQueue, args)

    def _scorer(self) -> ScorerLike:
        if self.scorer is not None:
            return self.scorer
        from nudge.policies import _default_scorer

        return _default_scorer()

    def build(self, reports: Iterable[Report], *, now: datetime | None = None) -> ReviewQueue:
        """Merge, score and order ``reports``; every report is accounted for once.

        A report id seen twice with the same content is a duplicate delivery (kept in
        ``duplicates``); with different content it is an error, as is an unknown flagger.

        >>> t = datetime(2026, 3, 1, tzinfo=UTC)
        >>> r = Report("r1", "u1", "account", "a9", "spam", t)
        >>> q = ReportQueue().build([r, r], now=t)
        >>> len(q.items), len(q.duplicates), q.report_count()
        (1, 1, 2)
        >>> ReportQueue().build([r, Report("r1", "u2", "account", "a9", "spam", t)], now=t)
        Traceback (most recent call last):
        ...
        nudge.errors.RecordError: reports[1].id: 'r1' was already used by another report
        """
        moment = datetime.now(UTC) if now is None else _aware(now, "now")
        registry = self.registry
        assert registry is not None
        by_id: dict[str, Report] = {}
        duplicates: list[Report] = []
        groups: dict[tuple[ReportTarget, str], list[Report]] = {}
        for i, r in enumerate(reports):
            if not isinstance(r, Report):
                raise RecordError(
                    f"expected a Report, got {type(r).__name__}", path=f"reports[{i}]"
                )
            if r.flagger is not None:
                registry.get(r.flagger, path=f"reports[{i}].flagger")
            seen = by_id.get(r.id)
            if seen is not None:
                if seen != r:
                    raise RecordError(
                        f"{r.id!r} was already used by another report", path=f"reports[{i}].id"
                    )
                duplicates.append(r)
                continue
            by_id[r.id] = r
            groups.setdefault((r.target, r.target_id), []).append(r)

        keys = sorted(groups, key=lambda k: (k[0].value, k[1]))
        texts: dict[tuple[ReportTarget, str], str] = {}
        for k in keys:
            with_text = [r for r in groups[k] if r.text.strip()]
            if with_text:
                # The most recent text: a comment may have been edited between reports.
                texts[k] = max(with_text, key=lambda r: (r.at, r.id)).text
        scored_keys = [k for k in keys if k in texts]
        assessments: dict[tuple[ReportTarget, str], Assessment] = {}
        if scored_keys:
            results = self._scorer().score_many([texts[k] for k in scored_keys])
            if len(results) != len(scored_keys):
                raise RecordError(
                    f"the scorer returned {len(results)} results for {len(scored_keys)}",
                    path="scorer",
                )
            assessments = dict(zip(scored_keys, results, strict=True))

        items = []
        for k in keys:
            rs = tuple(sorted(groups[k], key=lambda r: (r.at, r.id)))
            flaggers = tuple(sorted({r.flagger for r in rs if r.flagger is not None}))
            dues = []
            for r in rs:
                if r.flagger is not None:
                    limit = self.deadlines.get(r.flagger, registry.get(r.flagger).respond_within)
                    dues.append(r.at + limit)
                elif self.untrusted_within is not None:
                    dues.append(r.at + self.untrusted_within)
            due = min(dues) if dues else None
            items.append(
                ReviewItem(
                    target=k[0],
                    target_id=k[1],
                    reports=rs,
                    flaggers=flaggers,
                    reporters=len({r.reporter_id for r in rs}),
                    first_at=rs[0].at,
                    text=texts.get(k, ""),
                    assessment=assessments.get(k),
                    due=due,
                    breached=due is not None and moment > due,
                )
            )
        items.sort(key=ReviewItem.sort_key)
        return ReviewQueue(tuple(items), tuple(duplicates), moment)
