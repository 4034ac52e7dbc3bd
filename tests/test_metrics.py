"""Metrics of nudge.evaluate against hand-computed values (and scikit-learn when installed)."""

from __future__ import annotations

import random

import pytest

from nudge.research._metrics import Confusion, ScoreTable, binary_metrics, bootstrap, thin_curve

LABELS = [1, 1, 1, 0, 0, 0, 1, 0]
SCORES = [0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.3, 0.3]


def test_confusion_by_hand() -> None:
    m = binary_metrics(LABELS, SCORES, threshold=0.5)
    # flagged: 0.9 (1), 0.8 (1), 0.7 (0) -> tp 2, fp 1; missed: two 0.3 positives.
    assert m.confusion == Confusion(tp=2, fp=1, fn=2, tn=3)
    assert m.precision == pytest.approx(2 / 3)
    assert m.recall == pytest.approx(0.5)
    assert m.f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))
    assert m.accuracy == pytest.approx(5 / 8)
    assert (m.positives, m.negatives, m.n) == (4, 4, 8)


def test_roc_auc_by_hand() -> None:
    # 16 (pos, neg) pairs.  Positives 0.9, 0.8 beat all 4 negatives: 8.
    # Positives 0.3, 0.3 beat 0.2 and 0.1 (2 each: 4) and tie 0.3 (0.5 each: 1).  Total 13.
    assert binary_metrics(LABELS, SCORES).roc_auc == pytest.approx(13 / 16)


def test_average_precision_by_hand() -> None:
    # Thresholds 0.9: P=1 R=.25; 0.8: P=1 R=.5; 0.7: no new positive;
    # 0.3: tp=4 fp=2 P=4/6 R=1 -> AP = .25 + .25 + .5 * 4/6.
    assert binary_metrics(LABELS, SCORES).pr_auc == pytest.approx(0.5 + 0.5 * 4 / 6)


def test_threshold_sweep_by_hand() -> None:
    m = binary_metrics(LABELS, SCORES)
    assert m.best_f1 is not None
    # F1 at 0.9: 2/5=.4; 0.8: 4/6=.667; 0.7: 4/7; 0.3: 8/10=.8; 0.2: 8/11; 0.1: 8/12.
    assert m.best_f1.threshold == 0.3
    assert m.best_f1.f1 == pytest.approx(0.8)
    assert dict(m.precision_at_recall) == pytest.approx({0.5: 1.0, 0.8: 4 / 6, 0.9: 4 / 6})


def test_score_table_counts() -> None:
    t = ScoreTable.build(LABELS, SCORES)
    assert t.scores == (0.9, 0.8, 0.7, 0.3, 0.2, 0.1)
    assert t.pos == (1, 1, 0, 2, 0, 0)
    assert t.neg == (0, 0, 1, 1, 1, 1)


def test_one_class_is_undefined_not_a_crash() -> None:
    m = binary_metrics([1, 1, 1], [1.0, 0.0, 1.0], resamples=50)
    assert m.roc_auc is None
    assert m.roc_auc_ci is None
    assert m.pr_auc == pytest.approx(1.0)
    assert m.recall == pytest.approx(2 / 3)
    negatives = binary_metrics([0, 0], [0.0, 1.0], resamples=50)
    assert negatives.roc_auc is None and negatives.pr_auc is None
    assert negatives.recall is None and negatives.best_f1 is None
    assert negatives.precision == 0.0


def test_empty_and_nothing_flagged() -> None:
    m = binary_metrics([], [], resamples=10)
    assert m.n == 0 and m.f1 is None and m.accuracy is None and m.roc_auc is None
    quiet = binary_metrics([1, 0], [0.0, 0.0])
    assert quiet.precision is None and quiet.f1 == 0.0


def test_length_mismatch() -> None:
    with pytest.raises(ValueError, match="labels"):
        binary_metrics([1, 0], [0.5])


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    rng = random.Random(7)
    labels = [rng.random() < 0.4 for _ in range(400)]
    ys = [int(v) for v in labels]
    xs = [min(1.0, max(0.0, 0.35 * y + rng.random() * 0.7)) for y in ys]
    first = bootstrap(ys, xs, resamples=200, seed=3)
    again = bootstrap(ys, xs, resamples=200, seed=3)
    other = bootstrap(ys, xs, resamples=200, seed=4)
    assert first == again
    assert first != other
    m = binary_metrics(ys, xs, resamples=200, seed=3)
    assert m.f1_ci is not None and m.roc_auc_ci is not None and m.pr_auc_ci is not None
    assert m.f1 is not None and m.roc_auc is not None
    assert m.f1_ci.low <= m.f1 <= m.f1_ci.high
    assert m.roc_auc_ci.low <= m.roc_auc <= m.roc_auc_ci.high
    assert m.f1_ci.level == 0.95


def test_thin_curve_keeps_ends() -> None:
    curve = ScoreTable.build([1, 0] * 500, [i / 1000 for i in range(1000)]).curve()
    thin = thin_curve(curve, 50)
    assert len(thin) == 50 and thin[0] == curve[0] and thin[-1] == curve[-1]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_against_scikit_learn(seed: int) -> None:
    sk = pytest.importorskip("sklearn.metrics")
    rng = random.Random(seed)
    ys = [int(rng.random() < 0.3) for _ in range(300)]
    xs = [round(rng.random() * 0.6 + 0.4 * y * rng.random(), 2) for y in ys]
    m = binary_metrics(ys, xs, threshold=0.5)
    pred = [int(x >= 0.5) for x in xs]
    assert m.roc_auc == pytest.approx(sk.roc_auc_score(ys, xs))
    assert m.pr_auc == pytest.approx(sk.average_precision_score(ys, xs))
    assert m.f1 == pytest.approx(sk.f1_score(ys, pred))
    assert m.precision == pytest.approx(sk.precision_score(ys, pred))
    assert m.recall == pytest.approx(sk.recall_score(ys, pred))
    assert m.accuracy == pytest.approx(sk.accuracy_score(ys, pred))
