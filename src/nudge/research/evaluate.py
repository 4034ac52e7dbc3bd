"""The research toolkit: compare nudge, any word list and peer filters on labelled data.

One call (or one ``nudge eval`` command) streams each dataset once, scores every row with
every system side by side, and reports per dataset, per language and per ``--by`` group:
precision, recall, F1, accuracy, ROC-AUC, PR-AUC, the threshold sweep, confusion
counts, throughput, and seeded bootstrap 95 % intervals.  Optional parts:

* robustness: the positives a system catches in clean form, re-scored after each
  obfuscation (:class:`Obfuscation`), as the share still caught;
* benign text: the false-alarm rate on presumed-clean files with every false alarm
  listed, plus the built-in Scunthorpe and identity suites;
* an errors file (JSONL, written while streaming): every false positive and false
  negative with the system's explanation, for lexicon authors.

Systems: nudge with its packs; each word list through nudge's normaliser and matcher
(``Scorer.from_wordlist``) *and* naively (:class:`NaiveMatcher`), so the value of
normalisation is visible; and the peers ``alt-profanity-check`` and ``better_profanity``
when installed (the ``bench`` extra).

>>> naive = NaiveSystem(Wordlist("demo", ("idiot", "shut up"), ()))
>>> [v.flagged for v in naive.assess(["You IDIOT", "1d10t", "shut up!", "idiotic"])]
[True, False, True, False]
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import random
import re
import shlex
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from importlib import import_module
from importlib import metadata as importlib_metadata
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

from nudge.errors import NudgeError
from nudge.research._datasets import (
    DatasetReader,
    DatasetSpec,
    EvalInputError,
    Row,
    RowIssue,
    Wordlist,
    load_wordlist,
    parse_where,
)
from nudge.research._metrics import (
    Confusion,
    CurvePoint,
    Metrics,
    ScoreTable,
    binary_metrics,
    thin_curve,
)
from nudge.research._robustness import Obfuscation, eligible_spans, obfuscate_text
from nudge.research._suites import SUITES, load_suite

if TYPE_CHECKING:  # the scorer is imported lazily at run time
    from nudge.scorer import Assessment, Scorer

__all__ = [
    "BenignResult",
    "DatasetResult",
    "DatasetSpec",
    "EvalInputError",
    "EvalReport",
    "FalseAlarm",
    "GroupMetrics",
    "NaiveMatcher",
    "NaiveSystem",
    "NudgeSystem",
    "Obfuscation",
    "PeerSystem",
    "RobustnessResult",
    "System",
    "SystemInfo",
    "SystemKind",
    "Verdict",
    "Wordlist",
    "build_systems",
    "cli_main",
    "evaluate",
    "load_wordlist",
    "plot_report",
    "preset",
    "render_markdown",
]

_log = logging.getLogger(__name__)

_BATCH: Final = 256
_MAX_LISTED: Final = 10_000


# =========================================================================== systems


class SystemKind(Enum):
    """What kind of system a column of the report is."""

    NUDGE = "nudge"
    """nudge with its language packs (context rules and all)."""
    WORDLIST = "wordlist"
    """An external word list through nudge's normaliser and matcher."""
    NAIVE = "naive"
    """An external word list as a casefolded token match, no normalisation."""
    PEER = "peer"
    """Another library (alt-profanity-check, better_profanity)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One system's verdict on one text.

    ``spans`` are the offsets (in the original text) of what matched, or ``None`` when the
    system cannot say; ``detail`` is the nudge :class:`~nudge.scorer.Assessment` if any.

    >>> Verdict(1.0, True, ((0, 5),), ("idiot",)).explain()
    'matched: idiot'
    """

    score: float
    flagged: bool
    spans: tuple[tuple[int, int], ...] | None = None
    terms: tuple[str, ...] = ()
    detail: Assessment | None = None

    def explain(self) -> str:
        """Why: the assessment's explanation, else the matched terms, else the score.

        >>> Verdict(0.25, False).explain()
        'score 0.250: not flagged'
        """
        if self.detail is not None:
            return self.detail.explain()
        if self.terms:
            return "matched: " + ", ".join(self.terms)
        return f"score {self.score:.3f}: {'flagged' if self.flagged else 'not flagged'}"


class System(Protocol):
    """Anything that scores a batch of texts; one column of the report.

    >>> system: System = NaiveSystem(Wordlist("w", ("x",), ()))
    >>> system.kind
    <SystemKind.NAIVE: 'naive'>
    """

    @property
    def name(self) -> str:
        """Column name."""

    @property
    def kind(self) -> SystemKind:
        """What kind of system this is."""

    @property
    def version(self) -> str:
        """Version of the system (package or list)."""

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        """One verdict per text, in order."""


_WORD_RE: Final = re.compile(r"\w+")


class NaiveMatcher:
    """The baseline: casefold, split into Unicode words, look each up in a set.

    Terms that are not a single word (``"shut up"``, ``"a$$"``) are found as substrings of
    the casefolded text, with word boundaries where the term starts or ends with a word
    character.  No regular expression is ever built from a term.

    >>> m = NaiveMatcher(["Connard", "ta gueule", "a$$"])
    >>> m.find("CONNARD! ta gueule, grosse a$$")
    [(0, 7, 'connard'), (9, 18, 'ta gueule'), (27, 30, 'a$$')]
    >>> m.find("connards, class")
    []
    """

    def __init__(self, terms: Iterable[str]) -> None:
        words: set[str] = set()
        phrases: dict[str, None] = {}
        for term in terms:
            folded = term.strip().casefold()
            if not folded:
                continue
            if _WORD_RE.fullmatch(folded):
                words.add(folded)
            else:
                phrases.setdefault(folded, None)
        self.words = frozenset(words)
        self.phrases = tuple(phrases)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Matched ``(start, end, term)`` in the original text's offsets, in order.

        >>> NaiveMatcher(["strasse"]).find("Die STRAẞE")
        [(4, 10, 'strasse')]
        """
        folded = text.casefold()
        starts: list[int] | None = None
        if len(folded) != len(text):
            starts = []
            for i, ch in enumerate(text):
                starts.extend([i] * len(ch.casefold()))

        def original(a: int, b: int) -> tuple[int, int]:
            if starts is None:
                return a, b
            return starts[a], (starts[b - 1] + 1)

        found: list[tuple[int, int, str]] = []
        words = self.words
        for m in _WORD_RE.finditer(folded):
            if m.group() in words:
                found.append((*original(*m.span()), m.group()))
        for phrase in self.phrases:
            check_start = _WORD_RE.match(phrase[0]) is not None
            check_end = _WORD_RE.match(phrase[-1]) is not None
            pos = folded.find(phrase)
            while pos >= 0:
                end = pos + len(phrase)
                ok_start = not check_start or pos == 0 or not _WORD_RE.match(folded[pos - 1])
                ok_end = not check_end or end == len(folded) or not _WORD_RE.match(folded[end])
                if ok_start and ok_end:
                    found.append((*original(pos, end), phrase))
                pos = folded.find(phrase, pos + 1)
        found.sort()
        return found


class NaiveSystem:
    """A word list as :class:`NaiveMatcher`: score 1.0 if any term matches, else 0.0.

    >>> NaiveSystem(Wordlist("w", ("idiot",), ())).name
    'w (naive)'
    """

    kind = SystemKind.NAIVE

    def __init__(self, wordlist: Wordlist, *, threshold: float = 0.5) -> None:
        self.wordlist = wordlist
        self.matcher = NaiveMatcher(wordlist.terms)
        self.threshold = threshold
        self.name = f"{wordlist.name} (naive)"
        self.version = f"{len(wordlist.terms)} terms"

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        """Verdicts for a batch.

        >>> NaiveSystem(Wordlist("w", ("idiot",), ())).assess(["idiot"])[0].score
        1.0
        """
        out = []
        for text in texts:
            hits = self.matcher.find(text)
            score = 1.0 if hits else 0.0
            out.append(
                Verdict(
                    score,
                    score >= self.threshold,
                    tuple((a, b) for a, b, _ in hits),
                    tuple(dict.fromkeys(t for _, _, t in hits)),
                )
            )
        return out


class NudgeSystem:
    """A nudge :class:`~nudge.scorer.Scorer` (packs or word list) as a report column.

    >>> from nudge.scorer import Scorer
    >>> s = NudgeSystem(Scorer.from_wordlist(["idiot"], name="w"), name="w (nudge)")
    >>> s.assess(["iDi0t"])[0].flagged
    True
    """

    def __init__(
        self,
        scorer: Scorer,
        *,
        name: str,
        kind: SystemKind = SystemKind.WORDLIST,
        version: str = "",
    ) -> None:
        self.scorer = scorer
        self.name = name
        self.kind = kind
        self.version = version or _package_version("nudge")

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        """Verdicts for a batch (``Scorer.score_many``).

        >>> from nudge.scorer import Scorer
        >>> NudgeSystem(Scorer.from_wordlist(["idiot"], name="w"), name="w").assess(["hi"])[0].score
        0.0
        """
        out = []
        for a in self.scorer.score_many(texts):
            spans = tuple((m.start, m.end) for m in a.matches)
            terms = tuple(dict.fromkeys(m.term for m in a.matches))
            out.append(Verdict(a.score, a.flagged, spans, terms, a))
        return out


class PeerSystem:
    """Another library, wrapped as a batch scoring function.

    >>> p = PeerSystem("demo", "1.0", lambda texts: [float("x" in t) for t in texts])
    >>> [v.flagged for v in p.assess(["x", "y"])]
    [True, False]
    """

    kind = SystemKind.PEER

    def __init__(
        self,
        name: str,
        version: str,
        scores: Callable[[Sequence[str]], Sequence[float]],
        *,
        threshold: float = 0.5,
    ) -> None:
        self.name = name
        self.version = version
        self._scores = scores
        self.threshold = threshold

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        """Verdicts for a batch (no spans: a peer cannot say what matched).

        >>> PeerSystem("d", "1", lambda ts: [0.7 for _ in ts]).assess(["a"])[0].spans is None
        True
        """
        return [Verdict(float(s), float(s) >= self.threshold) for s in self._scores(list(texts))]


def _package_version(name: str) -> str:
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


def _peer_alt_profanity_check(threshold: float) -> PeerSystem:
    module = import_module("profanity_check")
    predict_prob = module.predict_prob

    def scores(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in predict_prob(list(texts))]

    return PeerSystem(
        "alt-profanity-check", _package_version("alt-profanity-check"), scores, threshold=threshold
    )


def _peer_better_profanity(threshold: float) -> PeerSystem:
    module = import_module("better_profanity")
    profanity = module.profanity
    profanity.load_censor_words()

    def scores(texts: Sequence[str]) -> list[float]:
        return [1.0 if profanity.contains_profanity(t) else 0.0 for t in texts]

    return PeerSystem(
        "better_profanity", _package_version("better_profanity"), scores, threshold=threshold
    )


_PEERS: Final[dict[str, Callable[[float], PeerSystem]]] = {
    "alt-profanity-check": _peer_alt_profanity_check,
    "better_profanity": _peer_better_profanity,
}


def build_systems(
    *,
    packs: Sequence[str] | None = ("en", "fr"),
    lexicons: Sequence[Wordlist] = (),
    threshold: float = 0.5,
    peers: bool | Sequence[str] = True,
    naive: bool = True,
) -> tuple[list[System], list[str]]:
    """The systems to compare, and notes on what was skipped (peers not installed).

    ``peers`` is ``True`` (every known peer that is installed), ``False``, or the names
    of the peers wanted (``"alt-profanity-check"``, ``"better_profanity"``).

    >>> systems, notes = build_systems(packs=None, lexicons=[Wordlist("w", ("idiot",), ())],
    ...                                peers=False)
    >>> [s.name for s in systems]
    ['w (nudge)', 'w (naive)']
    """
    from nudge.scorer import Scorer

    systems: list[System] = []
    notes: list[str] = []
    if packs:
        scorer = Scorer.load(list(packs), threshold=threshold)
        versions = ", ".join(f"{p.code} {p.version}" for p in scorer.packs)
        systems.append(
            NudgeSystem(
                scorer, name=f"nudge ({','.join(packs)})", kind=SystemKind.NUDGE, version=versions
            )
        )
    for wordlist in lexicons:
        scorer = Scorer.from_wordlist(wordlist.terms, name=wordlist.name, threshold=threshold)
        systems.append(
            NudgeSystem(
                scorer,
                name=f"{wordlist.name} (nudge)",
                version=f"{len(wordlist.terms)} terms",
            )
        )
        if naive:
            systems.append(NaiveSystem(wordlist, threshold=threshold))
    wanted = list(_PEERS) if peers is True else [] if peers is False else list(peers)
    unknown = [n for n in wanted if n not in _PEERS]
    if unknown:
        raise EvalInputError(f"unknown peer(s) {unknown}; known: {list(_PEERS)}")
    if wanted:
        for name, make in _PEERS.items():
            if name not in wanted:
                continue
            try:
                systems.append(make(threshold))
                notes.append(f"peer {name} runs (peers can be much slower than nudge)")
            except ImportError:
                notes.append(f"{name} skipped: not installed (pip install 'nudge[bench]')")
                _log.warning("peer %s skipped: not installed", name)
            except Exception as exc:  # a broken peer must not stop the comparison
                notes.append(f"{name} skipped: {type(exc).__name__}: {exc}")
                _log.warning("peer %s skipped: %s: %s", name, type(exc).__name__, exc)
    return systems, notes


# =========================================================================== results


@dataclass(frozen=True, slots=True)
class SystemInfo:
    """A column of the report: name, kind and version.

    >>> SystemInfo("w (naive)", SystemKind.NAIVE, "12 terms").kind.value
    'naive'
    """

    name: str
    kind: SystemKind
    version: str


@dataclass(frozen=True, slots=True)
class GroupMetrics:
    """The metrics of one system on one group of a dataset.

    ``field`` is ``"all"`` for the whole dataset, ``"lang"`` for a language, or the
    ``--by`` field name.

    >>> g = GroupMetrics("all", "", "w", binary_metrics([1, 0], [1.0, 0.0]))
    >>> g.metrics.f1
    1.0
    """

    field: str
    value: str
    system: str
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class RobustnessResult:
    """How many of the positives a system caught clean it still catches after one obfuscation.

    ``tested`` counts caught positives the obfuscation changed (a word of 4+ letters was
    there to transform); ``caught`` how many of those are still flagged.

    >>> RobustnessResult("w", Obfuscation.LEET, 10, 7).share
    0.7
    """

    system: str
    obfuscation: Obfuscation
    tested: int
    caught: int

    @property
    def share(self) -> float | None:
        """``caught / tested``, ``None`` when nothing could be tested.

        >>> RobustnessResult("w", Obfuscation.LEET, 0, 0).share is None
        True
        """
        return self.caught / self.tested if self.tested else None


@dataclass(frozen=True, slots=True)
class DatasetResult:
    """Everything measured on one labelled dataset.

    >>> DatasetResult("d", "d.jsonl", "", 0, 0, 0, 0, ()).positives
    0
    """

    name: str
    path: str
    sha256: str
    rows_read: int
    rows_used: int
    positives: int
    issue_count: int
    issues: tuple[RowIssue, ...]
    where: tuple[tuple[str, str], ...] = ()
    by: str | None = None
    groups: tuple[GroupMetrics, ...] = ()
    throughput: tuple[tuple[str, float], ...] = ()
    curves: tuple[tuple[str, tuple[CurvePoint, ...]], ...] = ()
    robustness: tuple[RobustnessResult, ...] = ()
    robustness_clean: tuple[tuple[str, int], ...] = ()
    robustness_sampled: int = 0
    missing_by: int = 0
    """Rows that lack the ``by`` field: counted overall, grouped as ``(missing)``."""

    def metrics(self, system: str, field: str = "all", value: str = "") -> Metrics | None:
        """The metrics of ``system`` on a group (the whole set by default).

        >>> DatasetResult("d", "", "", 0, 0, 0, 0, ()).metrics("nudge") is None
        True
        """
        for g in self.groups:
            if g.system == system and g.field == field and g.value == value:
                return g.metrics
        return None


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A presumed-clean text a system flagged.

    >>> FalseAlarm(3, "en", "Scunthorpe", "matched: cunt").line
    3
    """

    line: int
    lang: str
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class BenignResult:
    """False alarms of one system on one presumed-clean source (a file or a built-in suite).

    >>> BenignResult("scunthorpe", "suite", "", "w", 100, 2, ()).rate
    0.02
    """

    source: str
    path: str
    sha256: str
    system: str
    n: int
    false_alarm_count: int
    false_alarms: tuple[FalseAlarm, ...]
    by_lang: tuple[tuple[str, int, int], ...] = ()

    @property
    def rate(self) -> float | None:
        """False-alarm rate; ``None`` for an empty source.

        >>> BenignResult("s", "", "", "w", 0, 0, ()).rate is None
        True
        """
        return self.false_alarm_count / self.n if self.n else None


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The whole comparison: systems, datasets, benign sources, versions and notes.

    >>> EvalReport(command="nudge eval x.jsonl").to_dict()["command"]
    'nudge eval x.jsonl'
    """

    command: str = ""
    systems: tuple[SystemInfo, ...] = ()
    datasets: tuple[DatasetResult, ...] = ()
    benign: tuple[BenignResult, ...] = ()
    versions: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    threshold: float = 0.5
    seed: int = 0
    bootstrap: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (metrics include their derived figures).

        >>> sorted(EvalReport().to_dict())[:3]
        ['benign', 'bootstrap', 'command']
        """
        out = _jsonable(self)
        assert isinstance(out, dict)
        return out

    def to_json(self) -> str:
        """The report as indented JSON.

        >>> EvalReport().to_json().startswith("{")
        True
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _jsonable(obj: object) -> object:
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, Metrics):
        base = {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj)}
        base.update(
            n=obj.n,
            precision=_jsonable(obj.precision),
            recall=_jsonable(obj.recall),
            f1=_jsonable(obj.f1),
            accuracy=_jsonable(obj.accuracy),
            precision_at_recall={str(r): _jsonable(p) for r, p in obj.precision_at_recall},
        )
        return base
    if isinstance(obj, Confusion):
        return {"tp": obj.tp, "fp": obj.fp, "fn": obj.fn, "tn": obj.tn}
    if isinstance(obj, RobustnessResult):
        return {
            "system": obj.system,
            "obfuscation": obj.obfuscation.value,
            "tested": obj.tested,
            "caught": obj.caught,
            "share": _jsonable(obj.share),
        }
    if isinstance(obj, BenignResult):
        d = {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj)}
        d["rate"] = _jsonable(obj.rate)
        return d
    if isinstance(obj, RowIssue):
        return str(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


# =========================================================================== engine


def _seed_for(seed: int, *parts: str) -> int:
    """A stable per-(dataset, group, system) seed, independent of run order."""
    return (seed * 1_000_003) ^ zlib.crc32("|".join(parts).encode("utf-8", "surrogatepass"))


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class _ErrorsWriter:
    """Streams false positives, false negatives and false alarms as JSONL."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.count = 0

    def write(self, **record: object) -> None:
        if self.stream is None:
            return
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1


@dataclass(slots=True)
class _Options:
    threshold: float
    seed: int
    bootstrap: int
    robustness: bool
    robustness_sample: int
    strict: bool
    progress: bool


def _evaluate_dataset(
    spec: DatasetSpec,
    systems: Sequence[System],
    opts: _Options,
    errors: _ErrorsWriter,
    pool: _Pool | None,
) -> DatasetResult:
    name = spec.display_name
    reader = DatasetReader(spec, strict=opts.strict, progress=opts.progress)
    labels = array("B")
    scores = {s.name: array("d") for s in systems}
    elapsed = dict.fromkeys(scores, 0.0)
    lang_ids: array[int] = array("I")
    group_ids: array[int] = array("I")
    langs: dict[str, int] = {}
    groups: dict[str, int] = {}
    rng = random.Random(_seed_for(opts.seed, name, "reservoir"))
    reservoir: list[str] = []
    positives_seen = 0
    for batch in _batches(reader, _BATCH):
        texts = [r.text for r in batch]
        for system in systems:
            started = time.perf_counter()
            verdicts = system.assess(texts)
            elapsed[system.name] += time.perf_counter() - started
            column = scores[system.name]
            for row, verdict in zip(batch, verdicts, strict=True):
                column.append(verdict.score)
                if verdict.flagged != bool(row.label):
                    errors.write(
                        dataset=name,
                        line=row.line,
                        system=system.name,
                        error="false_positive" if verdict.flagged else "false_negative",
                        label=row.label,
                        score=round(verdict.score, 6),
                        lang=row.lang,
                        group=row.group,
                        text=row.text,
                        explanation=verdict.explain(),
                    )
            if pool is not None:
                pool.scores.setdefault(system.name, array("d")).extend(v.score for v in verdicts)
        for row in batch:
            labels.append(row.label)
            lang_ids.append(langs.setdefault(row.lang, len(langs)))
            group_ids.append(groups.setdefault(row.group, len(groups)))
            if pool is not None:
                pool.labels.append(row.label)
            if opts.robustness and row.label == 1:
                positives_seen += 1
                if len(reservoir) < opts.robustness_sample:
                    reservoir.append(row.text)
                else:
                    j = rng.randrange(positives_seen)
                    if j < opts.robustness_sample:
                        reservoir[j] = row.text

    n = len(labels)
    results: list[GroupMetrics] = []
    selections: list[tuple[str, str, list[int] | None]] = [("all", "", None)]
    if len(langs) > 1:
        by_lang: dict[int, list[int]] = {}
        for i, lid in enumerate(lang_ids):
            by_lang.setdefault(lid, []).append(i)
        for lang, lid in sorted(langs.items()):
            selections.append(("lang", lang, by_lang.get(lid, [])))
    if spec.by is not None:
        by_group: dict[int, list[int]] = {}
        for i, gid in enumerate(group_ids):
            by_group.setdefault(gid, []).append(i)
        for value, gid in sorted(groups.items()):
            selections.append((spec.by, value, by_group.get(gid, [])))
    curves: list[tuple[str, tuple[CurvePoint, ...]]] = []
    for system in systems:
        column = scores[system.name]
        for field_name, value, index in selections:
            ys: Sequence[int] = labels if index is None else [labels[i] for i in index]
            xs: Sequence[float] = column if index is None else [column[i] for i in index]
            metrics = binary_metrics(
                ys,
                xs,
                threshold=opts.threshold,
                resamples=opts.bootstrap,
                seed=_seed_for(opts.seed, name, field_name, value, system.name),
            )
            results.append(GroupMetrics(field_name, value, system.name, metrics))
        curves.append((system.name, tuple(thin_curve(ScoreTable.build(labels, column).curve()))))
    robustness: list[RobustnessResult] = []
    clean: list[tuple[str, int]] = []
    if opts.robustness:
        for system in systems:
            caught, rows = _robustness(system, reservoir, opts.seed, name)
            clean.append((system.name, caught))
            robustness.extend(rows)
    return DatasetResult(
        name=name,
        path=str(spec.path),
        sha256=reader.sha256,
        rows_read=reader.rows_read,
        rows_used=n,
        positives=sum(labels),
        issue_count=reader.issue_count,
        issues=tuple(reader.issues),
        where=spec.where,
        by=spec.by,
        groups=tuple(results),
        throughput=tuple(
            (s.name, n / elapsed[s.name] if elapsed[s.name] > 0 else 0.0) for s in systems
        ),
        curves=tuple(curves),
        robustness=tuple(robustness),
        robustness_clean=tuple(clean),
        robustness_sampled=len(reservoir),
        missing_by=reader.missing_by,
    )


def _robustness(
    system: System, texts: Sequence[str], seed: int, dataset: str
) -> tuple[int, list[RobustnessResult]]:
    """Re-score the positives ``system`` catches clean after each obfuscation.

    Every word of four or more letters is obfuscated, not only the words the system
    matched (issue 17's bar): a person disguising a comment disguises all of it, and
    the same variant is then scored by every system.
    """
    caught_clean: list[tuple[int, str, list[tuple[int, int]]]] = []
    for start in range(0, len(texts), _BATCH):
        chunk = texts[start : start + _BATCH]
        for offset, verdict in enumerate(system.assess(chunk)):
            if verdict.flagged:
                text = chunk[offset]
                caught_clean.append((start + offset, text, eligible_spans(text)))
    out: list[RobustnessResult] = []
    for kind in Obfuscation:
        variants: list[str] = []
        for index, text, spans in caught_clean:
            if not spans:
                continue
            rng = random.Random(f"{seed}|{dataset}|{kind.value}|{index}")
            variant = obfuscate_text(text, spans, kind, rng)
            if variant != text:
                variants.append(variant)
        still = 0
        for start in range(0, len(variants), _BATCH):
            still += sum(v.flagged for v in system.assess(variants[start : start + _BATCH]))
        out.append(RobustnessResult(system.name, kind, len(variants), still))
    return len(caught_clean), out


@dataclass(slots=True)
class _Pool:
    labels: array[int] = field(default_factory=lambda: array("B"))
    scores: dict[str, array[float]] = field(default_factory=dict)


def _benign_rows(
    source: DatasetSpec | str,
    strict: bool,
    progress: bool,
) -> tuple[str, str, Iterator[Row], Callable[[], str]]:
    if isinstance(source, str) and source in SUITES:
        suite = load_suite(source)
        rows = (Row(i, c.text, 0, c.lang, "") for i, c in enumerate(suite.cases, 1))
        return f"suite: {suite.name}", f"nudge/_data/suites/{suite.name}.toml", rows, str
    spec = source if isinstance(source, DatasetSpec) else DatasetSpec(source, label_field=None)
    reader = DatasetReader(spec, strict=strict, progress=progress)
    return spec.display_name, str(spec.path), iter(reader), lambda: reader.sha256


def _evaluate_benign(
    source: DatasetSpec | str,
    systems: Sequence[System],
    opts: _Options,
    errors: _ErrorsWriter,
) -> list[BenignResult]:
    name, path, rows, checksum = _benign_rows(source, opts.strict, opts.progress)
    alarms: dict[str, list[FalseAlarm]] = {s.name: [] for s in systems}
    counts = dict.fromkeys(alarms, 0)
    per_lang: dict[str, dict[str, list[int]]] = {s.name: {} for s in systems}
    n = 0
    for batch in _batches(rows, _BATCH):
        n += len(batch)
        texts = [r.text for r in batch]
        for system in systems:
            langs = per_lang[system.name]
            for row, verdict in zip(batch, system.assess(texts), strict=True):
                tally = langs.setdefault(row.lang, [0, 0])
                tally[0] += 1
                if not verdict.flagged:
                    continue
                tally[1] += 1
                counts[system.name] += 1
                why = verdict.explain()
                if len(alarms[system.name]) < _MAX_LISTED:
                    alarms[system.name].append(FalseAlarm(row.line, row.lang, row.text, why))
                errors.write(
                    dataset=name,
                    line=row.line,
                    system=system.name,
                    error="false_alarm",
                    label=0,
                    score=round(verdict.score, 6),
                    lang=row.lang,
                    group="",
                    text=row.text,
                    explanation=why,
                )
    sha = checksum()
    return [
        BenignResult(
            source=name,
            path=path,
            sha256=sha if sha != "str" else "",
            system=s.name,
            n=n,
            false_alarm_count=counts[s.name],
            false_alarms=tuple(alarms[s.name]),
            by_lang=tuple((lang, t[0], t[1]) for lang, t in sorted(per_lang[s.name].items())),
        )
        for s in systems
    ]


def _pooled_result(pool: _Pool, systems: Sequence[System], opts: _Options) -> DatasetResult:
    groups = tuple(
        GroupMetrics(
            "all",
            "",
            s.name,
            binary_metrics(
                pool.labels,
                pool.scores.get(s.name, array("d")),
                threshold=opts.threshold,
                resamples=opts.bootstrap,
                seed=_seed_for(opts.seed, "pooled", s.name),
            ),
        )
        for s in systems
    )
    n = len(pool.labels)
    return DatasetResult(
        "pooled (all datasets)", "", "", n, n, sum(pool.labels), 0, (), groups=groups
    )


def evaluate(
    datasets: Sequence[DatasetSpec | str | Path] = (),
    *,
    systems: Sequence[System] | None = None,
    packs: Sequence[str] | None = ("en", "fr"),
    lexicons: Sequence[Wordlist | str | Path] = (),
    threshold: float = 0.5,
    peers: bool | Sequence[str] = True,
    robustness: bool = False,
    robustness_sample: int = 1000,
    benign: Sequence[DatasetSpec | str | Path] = (),
    suites: bool = False,
    seed: int = 0,
    bootstrap: int = 1000,
    errors: TextIO | None = None,
    strict: bool = False,
    pool: bool = False,
    progress: bool = False,
    command: str = "",
    naive: bool = True,
) -> EvalReport:
    """Compare systems on labelled datasets (and presumed-clean text); see the module doc.

    ``systems`` replaces the systems built from ``packs``, ``lexicons`` and ``peers``.
    Each dataset is read once, streaming; only labels and scores are kept.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.jsonl")
    >>> rows = ['{"text": "you idiot", "label": 1}', '{"text": "hello", "label": 0}']
    >>> _ = Path(path).write_text("\\n".join(rows))
    >>> report = evaluate([path], packs=None, lexicons=[Wordlist("w", ("idiot",), ())],
    ...                   peers=False, bootstrap=0)
    >>> report.datasets[0].metrics("w (naive)").f1
    1.0
    """
    notes: list[str] = []
    wordlists: list[Wordlist] = []
    for lexicon in lexicons:
        wordlist = lexicon if isinstance(lexicon, Wordlist) else load_wordlist([lexicon])
        notes.extend(f"{wordlist.name}: {issue}" for issue in wordlist.skipped)
        wordlists.append(wordlist)
    if systems is None:
        built, more = build_systems(
            packs=packs, lexicons=wordlists, threshold=threshold, peers=peers, naive=naive
        )
        systems = built
        notes.extend(more)
    if not systems:
        raise EvalInputError("nothing to evaluate: no packs, word lists or systems")
    names = [s.name for s in systems]
    if len(set(names)) != len(names):
        raise EvalInputError(f"system names must be unique, got {names}")
    opts = _Options(threshold, seed, bootstrap, robustness, robustness_sample, strict, progress)
    writer = _ErrorsWriter(errors)
    pooled = _Pool() if pool else None
    results = [
        _evaluate_dataset(
            d if isinstance(d, DatasetSpec) else DatasetSpec(d), systems, opts, writer, pooled
        )
        for d in datasets
    ]
    if pooled is not None and results:
        results.append(_pooled_result(pooled, systems, opts))
    benign_results: list[BenignResult] = []
    sources: list[DatasetSpec | str] = [
        b if isinstance(b, DatasetSpec) else DatasetSpec(b, label_field=None) for b in benign
    ]
    if suites:
        sources.extend(SUITES)
    for source in sources:
        benign_results.extend(_evaluate_benign(source, systems, opts, writer))
    for result in results:
        if result.issue_count:
            notes.append(f"{result.name}: {result.issue_count} row(s) skipped (see issues)")
        if result.missing_by:
            notes.append(
                f"{result.name}: {result.missing_by} of {result.rows_used} row(s) lack the "
                f"field {result.by!r} (--by): counted overall, grouped as '(missing)'"
            )
    return EvalReport(
        command=command,
        systems=tuple(SystemInfo(s.name, s.kind, s.version) for s in systems),
        datasets=tuple(results),
        benign=tuple(benign_results),
        versions=_versions(systems),
        notes=tuple(notes),
        threshold=threshold,
        seed=seed,
        bootstrap=bootstrap,
    )


def _versions(systems: Sequence[System]) -> tuple[tuple[str, str], ...]:
    out = [
        ("python", platform.python_version()),
        ("nudge", _package_version("nudge")),
    ]
    for system in systems:
        if system.kind is SystemKind.NUDGE:
            out.append(("packs", system.version))
        elif system.kind is SystemKind.PEER:
            out.append((system.name, system.version))
    for dep in ("regex", "unidecode", "emoji"):
        out.append((dep, _package_version(dep)))
    return tuple(out)


# =========================================================================== markdown


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _fmt_ci(value: float | None, ci: Any) -> str:
    text = _fmt(value)
    if ci is None or value is None:
        return text
    return f"{text} [{ci.low:.3f}, {ci.high:.3f}]"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render_markdown(report: EvalReport, *, max_listed: int = 200) -> str:
    """The report as Markdown tables (per dataset, robustness, benign, versions).

    >>> print(render_markdown(EvalReport(command="nudge eval x")).splitlines()[0])
    # nudge eval report
    """
    out: list[str] = ["# nudge eval report", ""]
    if report.command:
        out += ["Generated by (from the repository root):", "", "```sh", report.command, "```", ""]
    out.append(
        f"Threshold {report.threshold}; bootstrap {report.bootstrap} resamples "
        f"(95 % percentile intervals in brackets), seed {report.seed}. "
        "`n/a` marks a figure that is undefined on the data (e.g. AUC with one class)."
    )
    out.append("")
    out += ["## Systems", "", "| system | kind | version |", "|---|---|---|"]
    out += [f"| {s.name} | {s.kind.value} | {_cell(s.version)} |" for s in report.systems]
    out.append("")
    for dataset in report.datasets:
        out += _dataset_markdown(dataset, report)
    robust = [d for d in report.datasets if d.robustness]
    if robust:
        out += ["## Robustness to obfuscation", ""]
        out.append(
            "Share of the positives each system catches in clean form that it still "
            "catches after one obfuscation of the matched words of 4+ letters (all words "
            "of 4+ letters for systems that cannot say what matched). `tested` counts "
            "texts the obfuscation changed."
        )
        out.append("")
        for dataset in robust:
            out += _robustness_markdown(dataset)
    if report.benign:
        out += _benign_markdown(report, max_listed)
    out += ["## Versions", "", "| component | version |", "|---|---|"]
    out += [f"| {k} | {_cell(v)} |" for k, v in report.versions]
    out.append("")
    if report.notes:
        out += ["## Notes", ""]
        out += [f"- {_cell(n)}" for n in report.notes]
        out.append("")
    return "\n".join(out)


_HEADER = (
    "| system | precision | recall | F1 [95 % CI] | accuracy | ROC-AUC [95 % CI] | PR-AUC "
    "| best-F1 threshold (F1) | P @ R=0.8 | TP / FP / FN / TN |"
)


def _metrics_row(label: str, m: Metrics) -> str:
    c = m.confusion
    best = "n/a" if m.best_f1 is None else f"{m.best_f1.threshold:.2f} ({m.best_f1.f1:.3f})"
    p_at = dict(m.precision_at_recall).get(0.8)
    return (
        f"| {label} | {_fmt(m.precision)} | {_fmt(m.recall)} | {_fmt_ci(m.f1, m.f1_ci)} "
        f"| {_fmt(m.accuracy)} | {_fmt_ci(m.roc_auc, m.roc_auc_ci)} | {_fmt(m.pr_auc)} "
        f"| {best} | {_fmt(p_at)} | {c.tp} / {c.fp} / {c.fn} / {c.tn} |"
    )


def _dataset_markdown(d: DatasetResult, report: EvalReport) -> list[str]:
    out = [f"## {d.name}", ""]
    facts = [f"`{d.path}`"] if d.path else []
    if d.sha256:
        facts.append(f"sha256 `{d.sha256[:16]}…`")
    facts.append(f"{d.rows_used:,} rows ({d.positives:,} positive)")
    if d.where:
        facts.append("where " + ", ".join(f"{k}={v}" for k, v in d.where))
    if d.issue_count:
        facts.append(f"{d.issue_count:,} row(s) skipped")
    out += [" · ".join(facts), "", _HEADER, "|---" * 10 + "|"]
    systems = [s.name for s in report.systems]
    for name in systems:
        m = d.metrics(name)
        if m is not None:
            out.append(_metrics_row(name, m))
    out.append("")
    if d.throughput:
        out.append(
            "Throughput (texts/s): "
            + ", ".join(f"{name} {rate:,.0f}" for name, rate in d.throughput)
            + "."
        )
        out.append("")
    langs = sorted({g.value for g in d.groups if g.field == "lang"})
    for lang in langs:
        out += [f"### {d.name}, lang = {lang}", "", _HEADER, "|---" * 10 + "|"]
        for name in systems:
            m = d.metrics(name, "lang", lang)
            if m is not None:
                out.append(_metrics_row(name, m))
        out.append("")
    if d.by:
        values = sorted({g.value for g in d.groups if g.field == d.by})
        out += [
            f"### {d.name} by {d.by}",
            "",
            "Accuracy per group (F1 where the group has both classes); n and positives.",
            "",
            "| " + d.by + " | n | positives | " + " | ".join(systems) + " |",
            "|---|---|---|" + "---|" * len(systems),
        ]
        for value in values:
            cells = []
            first: Metrics | None = None
            for name in systems:
                m = d.metrics(name, d.by, value)
                first = first or m
                if m is None:
                    cells.append("n/a")
                elif m.positives and m.negatives:
                    cells.append(f"{_fmt(m.accuracy)} (F1 {_fmt(m.f1)})")
                else:
                    cells.append(_fmt(m.accuracy))
            n = first.n if first else 0
            pos = first.positives if first else 0
            out.append(f"| {_cell(value)} | {n} | {pos} | " + " | ".join(cells) + " |")
        out.append("")
    if d.issues:
        out += ["<details><summary>skipped rows</summary>", ""]
        out += [f"- {_cell(str(i))}" for i in d.issues[:50]]
        if d.issue_count > 50:
            out.append(f"- … and {d.issue_count - 50} more (JSON report lists up to 1000)")
        out += ["", "</details>", ""]
    return out


def _robustness_markdown(d: DatasetResult) -> list[str]:
    systems = [name for name, _ in d.robustness_clean]
    out = [
        f"### {d.name}",
        "",
        f"{d.robustness_sampled} positives sampled; caught clean: "
        + ", ".join(f"{name} {n}" for name, n in d.robustness_clean)
        + ".",
        "",
        "| obfuscation | " + " | ".join(systems) + " |",
        "|---|" + "---|" * len(systems),
    ]
    for kind in Obfuscation:
        cells = []
        for name in systems:
            r = next((r for r in d.robustness if r.system == name and r.obfuscation is kind), None)
            if r is None or r.share is None:
                cells.append("n/a")
            else:
                cells.append(f"{100 * r.share:.1f} % ({r.caught}/{r.tested})")
        out.append(f"| {kind.value} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def _benign_markdown(report: EvalReport, max_listed: int) -> list[str]:
    out = ["## False alarms on benign text", ""]
    out += [
        "| source | system | n | false alarms | rate | by language (alarms/n) |",
        "|---|---|---|---|---|---|",
    ]
    for b in report.benign:
        langs = ", ".join(f"{lang or '?'} {fa}/{n}" for lang, n, fa in b.by_lang)
        out.append(
            f"| {_cell(b.source)} | {b.system} | {b.n} | {b.false_alarm_count} "
            f"| {_fmt(None if b.rate is None else 100 * b.rate, 1)} % | {langs} |"
        )
    out.append("")
    for b in report.benign:
        if not b.false_alarms:
            continue
        out += [
            f"<details><summary>{_cell(b.source)}: {b.system}, "
            f"{b.false_alarm_count} false alarm(s)</summary>",
            "",
        ]
        for alarm in b.false_alarms[:max_listed]:
            why = alarm.why.splitlines()[0] if alarm.why else ""
            out.append(
                f"- line {alarm.line} ({alarm.lang or '?'}): {_cell(alarm.text)} — *{_cell(why)}*"
            )
        if b.false_alarm_count > max_listed:
            out.append(f"- … {b.false_alarm_count - max_listed} more in the JSON report")
        out += ["", "</details>", ""]
    return out


# =========================================================================== plots


def plot_report(report: EvalReport, path: str | Path) -> None:
    """Draw PR curves per dataset and robustness bars into one image (needs matplotlib).

    >>> try:
    ...     plot_report(EvalReport(), "/nonexistent/x.png")
    ... except (NudgeError, OSError):
    ...     pass
    """
    try:
        matplotlib = import_module("matplotlib")
        matplotlib.use("Agg")
        plt = import_module("matplotlib.pyplot")
    except ImportError as exc:
        raise NudgeError("--plot needs matplotlib: pip install 'nudge[plot]'") from exc
    datasets = [d for d in report.datasets if d.curves]
    robust = [d for d in report.datasets if d.robustness]
    panels = len(datasets) + len(robust)
    if panels == 0:
        raise NudgeError("nothing to plot: no dataset in the report")
    cols = min(3, panels)
    rows = (panels + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4 * rows), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax, d in zip(flat, datasets, strict=False):
        for name, curve in d.curves:
            if curve:
                ax.step(
                    [p.recall for p in curve],
                    [p.precision for p in curve],
                    where="post",
                    label=name,
                )
        ax.set_title(f"{d.name}: precision-recall")
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize="small")
    for ax, d in zip(flat[len(datasets) :], robust, strict=False):
        systems = [name for name, _ in d.robustness_clean]
        kinds = list(Obfuscation)
        width = 0.8 / max(1, len(systems))
        for k, name in enumerate(systems):
            shares = []
            for kind in kinds:
                r = next(
                    (r for r in d.robustness if r.system == name and r.obfuscation is kind),
                    None,
                )
                shares.append(0.0 if r is None or r.share is None else r.share)
            ax.bar([i + k * width for i in range(len(kinds))], shares, width, label=name)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(kinds))])
        ax.set_xticklabels([k.value for k in kinds], rotation=45, ha="right", fontsize="small")
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{d.name}: share still caught")
        ax.legend(fontsize="small")
    for ax in flat[panels:]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(str(path), dpi=110)
    plt.close(fig)


# =========================================================================== presets


_SHARED_CANDIDATES: Final = (
    Path("../shared/data"),
    Path(__file__).resolve().parents[3] / "shared" / "data",
)


def _shared_root(root: str | None) -> Path:
    if root:
        return Path(root)
    for candidate in _SHARED_CANDIDATES:
        if (candidate / "MANIFEST.md").exists():
            return candidate
    raise EvalInputError("cannot find ../shared/data; pass --data-root")


@dataclass(frozen=True, slots=True)
class Preset:
    """A ready-made comparison: datasets, benign files and word lists.

    >>> preset("shared", "/data").datasets[0].display_name
    'davidson_en'
    """

    datasets: tuple[DatasetSpec, ...]
    benign: tuple[DatasetSpec, ...]
    lexicons: tuple[tuple[str, tuple[Path, ...]], ...]


def preset(name: str, root: str | Path | None = None) -> Preset:
    """The named preset (``"shared"``: the sets of ``../shared/data`` behind docs/accuracy.md).

    >>> [d.display_name for d in preset("shared", "/data").datasets][-2:]
    ['hatecheck_en', 'mhc_fr']
    """
    if name != "shared":
        raise EvalInputError(f"unknown preset {name!r}; known: ['shared']")
    base = Path(root) if root is not None else _shared_root(None)
    return Preset(
        datasets=(
            DatasetSpec(base / "davidson_en" / "data.jsonl"),
            DatasetSpec(base / "mlma_en" / "data.jsonl"),
            DatasetSpec(base / "mlma_fr" / "data.jsonl"),
            DatasetSpec(base / "hatecheck_en" / "data.jsonl", by="functionality"),
            DatasetSpec(
                base / "mhc_multi" / "data.jsonl",
                name="mhc_fr",
                where=(("lang", "fr"),),
                by="functionality",
            ),
        ),
        benign=(
            DatasetSpec(base / "benign_ud_en" / "data.jsonl", label_field=None),
            DatasetSpec(base / "benign_ud_fr" / "data.jsonl", label_field=None),
        ),
        lexicons=(
            (
                "ldnoobw-en+fr",
                (
                    base / "lexicons" / "ldnoobw" / "en.txt",
                    base / "lexicons" / "ldnoobw" / "fr.txt",
                ),
            ),
        ),
    )


# =========================================================================== the command


def _parser() -> argparse.ArgumentParser:
    from nudge.cli import _unit_interval

    p = argparse.ArgumentParser(
        prog="nudge eval",
        description=(
            "Compare nudge, word lists and peer filters on labelled data (JSONL, CSV, TSV): "
            "metrics per dataset, language and group, robustness to obfuscation, false "
            "alarms on benign text."
        ),
    )
    p.add_argument("data", nargs="*", metavar="DATA", help="labelled data files")
    p.add_argument("--text-field", default="text", help="the field holding the comment")
    p.add_argument("--label-field", default="label", help="0/1 labels (also true/false)")
    p.add_argument("--lang-field", default="lang", help="per-language metrics ('' to skip)")
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="keep only rows where FIELD equals VALUE (repeatable)",
    )
    p.add_argument("--by", metavar="FIELD", help="also report per value of FIELD")
    p.add_argument("--packs", default="en,fr", help="nudge packs, comma-separated ('' for none)")
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="[NAME=]PATH[,PATH]",
        help="external word list (one term a line, or CSV/TSV with a term column); "
        "several files joined by commas make one list",
    )
    p.add_argument("--no-naive", action="store_true", help="skip the naive word-list baseline")
    p.add_argument(
        "--peers",
        metavar="NAMES",
        help="peer libraries, comma-separated: alt-profanity-check, better_profanity, "
        "'all' (installed ones) or 'none' (default: none; the shared preset: "
        "alt-profanity-check)",
    )
    p.add_argument("--no-peers", action="store_true", help="same as --peers none")
    p.add_argument(
        "--threshold", type=_unit_interval, default=0.5, help="flag at this score (0..1)"
    )
    p.add_argument(
        "--robustness", action="store_true", help="re-score caught positives after obfuscations"
    )
    p.add_argument(
        "--robustness-sample",
        type=int,
        default=1000,
        metavar="N",
        help="positives sampled per dataset for --robustness (default 1000)",
    )
    p.add_argument(
        "--benign",
        nargs="*",
        metavar="PATH",
        help="presumed-clean files (none: only the built-in Scunthorpe and identity suites)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the samples and resamples")
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the 95 %% intervals (0 to skip)",
    )
    p.add_argument("--pool", action="store_true", help="also report all datasets pooled")
    p.add_argument("--strict", action="store_true", help="stop at the first bad row")
    p.add_argument("--errors", metavar="PATH", help="write false positives/negatives (JSONL)")
    p.add_argument("--json", metavar="PATH", help="write the JSON report")
    p.add_argument("--markdown", metavar="PATH", help="write the Markdown report")
    p.add_argument(
        "--plot", metavar="PATH", help="write PR curves and robustness bars (matplotlib)"
    )
    p.add_argument(
        "--preset",
        choices=["shared"],
        help="'shared': the datasets of ../shared/data behind docs/accuracy.md",
    )
    p.add_argument("--data-root", metavar="DIR", help="where the preset's data lives")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on standard error (default: when it is a terminal)",
    )
    return p


def _lexicon_arg(value: str) -> Wordlist:
    name: str | None = None
    head, sep, tail = value.partition("=")
    if sep and head and "/" not in head and "\\" not in head:
        name, value = head, tail
    paths = [p for p in value.split(",") if p]
    return load_wordlist(paths, name=name)


def cli_main(argv: list[str]) -> int:
    """Run ``nudge eval`` with ``argv`` (without the program name); return the exit code.

    >>> cli_main(["--packs", "", "--no-peers"])  # prints the reason on standard error
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    command = "nudge eval " + shlex.join(argv)
    try:
        return _run(args, command)
    except NudgeError as exc:
        print(f"nudge eval: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, command: str) -> int:
    where = parse_where(args.where)
    lang_field = args.lang_field or None
    specs = [
        DatasetSpec(
            path,
            text_field=args.text_field,
            label_field=args.label_field,
            lang_field=lang_field,
            where=where,
            by=args.by,
        )
        for path in args.data
    ]
    benign = [
        DatasetSpec(path, text_field=args.text_field, label_field=None, lang_field=lang_field)
        for path in (args.benign or [])
    ]
    suites = args.benign is not None
    robustness = args.robustness
    wordlists = [_lexicon_arg(v) for v in args.lexicon]
    if args.preset:
        chosen = preset(args.preset, args.data_root)
        specs = [*chosen.datasets, *specs]
        benign = [*chosen.benign, *benign]
        wordlists = [load_wordlist(list(paths), name=n) for n, paths in chosen.lexicons] + wordlists
        suites = True
        robustness = True
    if not specs and not benign and not suites:
        raise EvalInputError("nothing to evaluate: give DATA files, --benign or --preset")
    for wordlist in wordlists:
        for issue in wordlist.skipped:
            print(f"warning: {issue}", file=sys.stderr)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    # Peers are opt-in: an installed peer can make a run many times slower (better_profanity
    # scores about 40 texts/s), which nobody should get without asking.
    peers: bool | list[str] = False
    if args.peers == "all":
        peers = True
    if args.preset and args.peers is None:
        # better_profanity scores about 40 texts/s: too slow for the whole preset.
        peers = ["alt-profanity-check"]
    if args.peers is not None and args.peers != "all":
        peers = [p.strip() for p in args.peers.split(",") if p.strip() and p.strip() != "none"]
    if args.no_peers:
        peers = False
    packs = [p.strip() for p in args.packs.split(",") if p.strip()]
    for option in ("json", "markdown", "errors", "plot"):  # before the long run, not after it
        target = getattr(args, option)
        if not target:
            continue
        try:
            folder_exists = Path(target).resolve().parent.is_dir()
        except (OSError, ValueError) as exc:  # a NUL byte, a name the system refuses
            raise EvalInputError(f"--{option} {target!r}: not a usable path ({exc})") from None
        if not folder_exists:
            raise EvalInputError(f"--{option} {target}: its folder does not exist")
    if args.plot:  # fail before the long run, not after it
        try:
            import_module("matplotlib")
        except ImportError as exc:
            raise NudgeError("--plot needs matplotlib: pip install 'nudge[plot]'") from exc
    try:
        errors_stream = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    except OSError as exc:  # a folder of that name, no permission
        raise EvalInputError(f"--errors {args.errors}: cannot be written ({exc})") from None
    try:
        report = evaluate(
            specs,
            packs=packs or None,
            lexicons=wordlists,
            threshold=args.threshold,
            peers=peers,
            robustness=robustness,
            robustness_sample=args.robustness_sample,
            benign=benign,
            suites=suites,
            seed=args.seed,
            bootstrap=args.bootstrap,
            errors=errors_stream,
            strict=args.strict,
            pool=args.pool,
            progress=progress,
            command=command,
            naive=not args.no_naive,
        )
    finally:
        if errors_stream is not None:
            errors_stream.close()
    for dataset in report.datasets:
        for issue in dataset.issues[:20]:
            print(f"warning: {issue}", file=sys.stderr)
        if dataset.issue_count > 20:
            print(f"warning: … {dataset.issue_count - 20} more in the JSON report", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    markdown = render_markdown(report)
    if args.json:
        Path(args.json).write_text(report.to_json() + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    if args.plot:
        plot_report(report, args.plot)
    if not (args.json or args.markdown):
        print(markdown)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli_main(sys.argv[1:]))
