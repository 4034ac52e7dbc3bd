"""Binary-classification metrics in pure Python, for :mod:`nudge.evaluate`.

Everything is computed from a *score table*: the distinct scores in decreasing order with
the number of positive and negative rows at each.  Lexicon systems give a handful of
distinct scores, so the table is tiny and a bootstrap resample costs one pass over the
row codes (counted at C speed) plus one pass over the table.

Definitions follow scikit-learn: a row is flagged when ``score >= threshold``; ROC-AUC is
the trapezoidal area over the distinct thresholds (ties count one half); PR-AUC is the
*average precision* ``sum((R_k - R_{k-1}) * P_k)`` over the distinct thresholds.  A
metric that is undefined (no positive rows for recall, one class only for AUC) is
``None``, never a crash and never a silent zero.

>>> m = binary_metrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], threshold=0.5)
>>> m.confusion.tp, m.confusion.fp, m.f1, m.roc_auc
(1, 1, 0.5, 0.75)
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "RECALL_LEVELS",
    "Confusion",
    "CurvePoint",
    "Interval",
    "Metrics",
    "ScoreTable",
    "binary_metrics",
]

RECALL_LEVELS: tuple[float, ...] = (0.5, 0.8, 0.9)
"""The recall levels at which :class:`Metrics` reports the best precision."""


@dataclass(frozen=True, slots=True)
class Confusion:
    """Confusion counts at one threshold.

    >>> c = Confusion(tp=3, fp=1, fn=2, tn=4)
    >>> c.precision, c.recall, c.f1, c.accuracy
    (0.75, 0.6, 0.6666666666666666, 0.7)
    """

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        """Number of rows.

        >>> Confusion(1, 2, 3, 4).n
        10
        """
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float | None:
        """``tp / (tp + fp)``; ``None`` when nothing was flagged.

        >>> Confusion(0, 0, 2, 2).precision is None
        True
        """
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        """``tp / (tp + fn)``; ``None`` when there is no positive row.

        >>> Confusion(1, 0, 1, 0).recall
        0.5
        """
        positives = self.tp + self.fn
        return self.tp / positives if positives else None

    @property
    def f1(self) -> float | None:
        """``2tp / (2tp + fp + fn)``; ``None`` when there is no positive and nothing flagged.

        >>> Confusion(0, 0, 2, 2).f1
        0.0
        """
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    @property
    def accuracy(self) -> float | None:
        """Share of rows classified right; ``None`` for no rows.

        >>> Confusion(1, 1, 1, 1).accuracy
        0.5
        """
        return (self.tp + self.tn) / self.n if self.n else None

    @property
    def false_positive_rate(self) -> float | None:
        """``fp / (fp + tn)``; ``None`` when there is no negative row.

        >>> Confusion(0, 1, 0, 3).false_positive_rate
        0.25
        """
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else None


@dataclass(frozen=True, slots=True)
class Interval:
    """A bootstrap percentile confidence interval.

    >>> Interval(0.61, 0.7, 0.95, 200)
    Interval(low=0.61, high=0.7, level=0.95, resamples=200)
    """

    low: float
    high: float
    level: float
    resamples: int


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One threshold of the sweep: flag rows with ``score >= threshold``.

    >>> CurvePoint(0.5, 1.0, 0.5, 0.6666666666666666).f1
    0.6666666666666666
    """

    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Metrics:
    """All the figures for one system on one group of rows.

    >>> m = binary_metrics([1, 0], [1.0, 0.0])
    >>> (m.precision, m.recall, m.roc_auc, m.pr_auc)
    (1.0, 1.0, 1.0, 1.0)
    """

    threshold: float
    confusion: Confusion
    positives: int
    negatives: int
    roc_auc: float | None
    pr_auc: float | None
    best_f1: CurvePoint | None
    precision_at_recall: tuple[tuple[float, float | None], ...]
    f1_ci: Interval | None = None
    roc_auc_ci: Interval | None = None
    pr_auc_ci: Interval | None = None

    @property
    def n(self) -> int:
        """Number of rows.

        >>> binary_metrics([1, 0, 0], [1, 0, 1]).n
        3
        """
        return self.confusion.n

    @property
    def precision(self) -> float | None:
        """Precision at the threshold (``None`` when nothing was flagged).

        >>> binary_metrics([1, 0], [1, 1]).precision
        0.5
        """
        return self.confusion.precision

    @property
    def recall(self) -> float | None:
        """Recall at the threshold (``None`` without positive rows).

        >>> binary_metrics([0, 0], [1, 0]).recall is None
        True
        """
        return self.confusion.recall

    @property
    def f1(self) -> float | None:
        """F1 at the threshold.

        >>> binary_metrics([1, 0], [1, 1]).f1
        0.6666666666666666
        """
        return self.confusion.f1

    @property
    def accuracy(self) -> float | None:
        """Accuracy at the threshold.

        >>> binary_metrics([1, 0], [1, 1]).accuracy
        0.5
        """
        return self.confusion.accuracy


class ScoreTable:
    """Distinct scores (decreasing) with positive and negative counts at each.

    >>> t = ScoreTable.build([1, 0, 1, 0], [0.9, 0.9, 0.2, 0.1])
    >>> t.scores, t.pos, t.neg
    ((0.9, 0.2, 0.1), (1, 1, 0), (1, 0, 1))
    """

    __slots__ = ("neg", "pos", "scores")

    def __init__(self, scores: Sequence[float], pos: Sequence[int], neg: Sequence[int]) -> None:
        self.scores = tuple(scores)
        self.pos = tuple(pos)
        self.neg = tuple(neg)

    @classmethod
    def build(cls, labels: Iterable[int], scores: Iterable[float]) -> ScoreTable:
        """Tally ``labels`` (0/1) by score.

        >>> ScoreTable.build([], []).scores
        ()
        """
        counts: Counter[tuple[float, int]] = Counter(zip(scores, labels, strict=True))
        levels = sorted({s for s, _ in counts}, reverse=True)
        return cls(
            levels,
            [counts.get((s, 1), 0) for s in levels],
            [counts.get((s, 0), 0) for s in levels],
        )

    @property
    def positives(self) -> int:
        """Number of positive rows.

        >>> ScoreTable.build([1, 0, 1], [0.0, 0.0, 1.0]).positives
        2
        """
        return sum(self.pos)

    @property
    def negatives(self) -> int:
        """Number of negative rows.

        >>> ScoreTable.build([1, 0, 1], [0.0, 0.0, 1.0]).negatives
        1
        """
        return sum(self.neg)

    def confusion(self, threshold: float) -> Confusion:
        """Counts when rows with ``score >= threshold`` are flagged.

        >>> ScoreTable.build([1, 0, 1, 0], [0.9, 0.9, 0.2, 0.1]).confusion(0.5)
        Confusion(tp=1, fp=1, fn=1, tn=1)
        """
        tp = fp = 0
        for score, p, q in zip(self.scores, self.pos, self.neg, strict=True):
            if score < threshold:
                break
            tp += p
            fp += q
        return Confusion(tp, fp, self.positives - tp, self.negatives - fp)

    def roc_auc(self) -> float | None:
        """Area under the ROC curve; ``None`` when only one class is present.

        >>> ScoreTable.build([1, 0, 1, 0], [0.9, 0.9, 0.2, 0.1]).roc_auc()
        0.625
        """
        total_pos, total_neg = self.positives, self.negatives
        if not total_pos or not total_neg:
            return None
        area = 0.0
        tp_before = 0
        for p, q in zip(self.pos, self.neg, strict=True):
            area += q * (tp_before + p / 2)
            tp_before += p
        return area / (total_pos * total_neg)

    def pr_auc(self) -> float | None:
        """Average precision; ``None`` when there is no positive row.

        >>> ScoreTable.build([1, 0, 1, 0], [0.9, 0.9, 0.2, 0.1]).pr_auc()
        0.5833333333333333
        """
        total_pos = self.positives
        if not total_pos:
            return None
        ap = 0.0
        tp = fp = 0
        for p, q in zip(self.pos, self.neg, strict=True):
            tp += p
            fp += q
            if p:
                ap += (p / total_pos) * (tp / (tp + fp))
        return ap

    def curve(self) -> list[CurvePoint]:
        """Precision, recall and F1 at each distinct score used as the threshold.

        >>> [(c.threshold, c.precision, c.recall) for c in ScoreTable.build([1, 0], [1, 0]).curve()]
        [(1, 1.0, 1.0), (0, 0.5, 1.0)]
        """
        total_pos = self.positives
        if not total_pos:
            return []
        points: list[CurvePoint] = []
        tp = fp = 0
        for score, p, q in zip(self.scores, self.pos, self.neg, strict=True):
            tp += p
            fp += q
            precision = tp / (tp + fp)
            recall = tp / total_pos
            f1 = 2 * tp / (tp + fp + total_pos)
            points.append(CurvePoint(score, precision, recall, f1))
        return points


def _best_f1(curve: Sequence[CurvePoint]) -> CurvePoint | None:
    best: CurvePoint | None = None
    for point in curve:
        if best is None or point.f1 > best.f1:
            best = point
    return best


def _precision_at(curve: Sequence[CurvePoint], recall: float) -> float | None:
    eligible = [p.precision for p in curve if p.recall >= recall - 1e-12]
    return max(eligible) if eligible else None


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default) of already sorted values."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap(
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    threshold: float = 0.5,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[Interval | None, Interval | None, Interval | None]:
    """Percentile bootstrap intervals for (F1 at ``threshold``, ROC-AUC, PR-AUC), seeded.

    Resamples where a metric is undefined are left out of that metric's interval; when
    more than half are undefined the interval is ``None``.

    >>> f1, roc, pr = bootstrap([1, 0, 1, 0, 1], [0.9, 0.1, 0.8, 0.7, 0.3], resamples=50)
    >>> 0.0 <= f1.low <= f1.high <= 1.0 and roc.resamples <= 50
    True
    """
    n = len(labels)
    if n == 0 or resamples <= 0:
        return None, None, None
    table = ScoreTable.build(labels, scores)
    index = {s: i for i, s in enumerate(table.scores)}
    codes = array("l", (index[s] * 2 + y for s, y in zip(scores, labels, strict=True)))
    levels = len(table.scores)
    rng = random.Random(seed)
    f1s: list[float] = []
    rocs: list[float] = []
    prs: list[float] = []
    for _ in range(resamples):
        counts = Counter(rng.choices(codes, k=n))
        pos = [counts.get(2 * i + 1, 0) for i in range(levels)]
        neg = [counts.get(2 * i, 0) for i in range(levels)]
        sample = ScoreTable(table.scores, pos, neg)
        f1 = sample.confusion(threshold).f1
        if f1 is not None:
            f1s.append(f1)
        roc = sample.roc_auc()
        if roc is not None:
            rocs.append(roc)
        pr = sample.pr_auc()
        if pr is not None:
            prs.append(pr)
    tail = (1 - level) / 2

    def interval(values: list[float]) -> Interval | None:
        if len(values) * 2 < resamples:
            return None
        values.sort()
        return Interval(
            _percentile(values, tail), _percentile(values, 1 - tail), level, len(values)
        )

    return interval(f1s), interval(rocs), interval(prs)


def binary_metrics(
    labels: Sequence[int],
    scores: Sequence[float],
    *,
    threshold: float = 0.5,
    resamples: int = 0,
    seed: int = 0,
) -> Metrics:
    """Every metric of one system on one set of rows (``resamples > 0`` adds bootstrap CIs).

    >>> m = binary_metrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1])
    >>> m.pr_auc, m.best_f1.threshold, m.precision_at_recall[0]
    (0.8333333333333333, 0.4, (0.5, 1.0))
    >>> binary_metrics([0, 0], [0.2, 0.8]).roc_auc is None
    True
    """
    if len(labels) != len(scores):
        raise ValueError(f"{len(labels)} labels but {len(scores)} scores")
    table = ScoreTable.build(labels, scores)
    curve = table.curve()
    f1_ci = roc_ci = pr_ci = None
    if resamples > 0:
        f1_ci, roc_ci, pr_ci = bootstrap(
            labels, scores, threshold=threshold, resamples=resamples, seed=seed
        )
    return Metrics(
        threshold=threshold,
        confusion=table.confusion(threshold),
        positives=table.positives,
        negatives=table.negatives,
        roc_auc=table.roc_auc(),
        pr_auc=table.pr_auc(),
        best_f1=_best_f1(curve),
        precision_at_recall=tuple((r, _precision_at(curve, r)) for r in RECALL_LEVELS),
        f1_ci=f1_ci,
        roc_auc_ci=roc_ci,
        pr_auc_ci=pr_ci,
    )


def thin_curve(curve: Sequence[CurvePoint], limit: int = 200) -> list[CurvePoint]:
    """At most ``limit`` points of a curve, evenly spaced, first and last kept.

    >>> len(thin_curve([CurvePoint(i, 1.0, 1.0, 1.0) for i in range(1000)], 10))
    10
    """
    if len(curve) <= limit:
        return list(curve)
    step = (len(curve) - 1) / (limit - 1)
    return [curve[round(i * step)] for i in range(limit)]
