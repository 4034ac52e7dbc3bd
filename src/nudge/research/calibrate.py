"""Refit the two constants of the score formula on labelled development data.

The scorer turns a comment's total evidence ``x`` into ``1 / (1 + exp(-(slope·x +
intercept)))`` and flags it at ``threshold``.  Whatever the two constants, the decision
is "flag when ``x`` reaches a cut point", so the fit has two parts:

1. the cut point that maximises the mean F1 over the development sets (each set counts
   the same, never pooled);
2. the slope with the least weighted log-loss among curves that cross the threshold at
   that cut (the intercept follows), giving every set the same total weight and, within
   a set, both classes the same weight, so keyword-sampled sets (80 % positive) do not
   decide alone.

Comments with no evidence are left out: the formula gives them 0 whatever the constants.
An unconstrained logistic regression (Newton's method) is printed for reference.

    python -m nudge.research.calibrate ../shared/data [--sets davidson_en,mlma_en,...] [--write]

prints the fitted constants beside the shipped ones (``_data/scoring.toml``) and, for
each set, F1 at the threshold with both; ``--write`` stores the fitted values.

>>> fit_logistic([0.5, 1.0, 3.0, 4.0], [0, 0, 1, 1], [1.0, 1.0, 1.0, 1.0]).slope > 0
True
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from nudge.scorer import Scorer

__all__ = ["DEFAULT_SETS", "Fit", "best_cut", "fit_logistic", "fit_slope", "main"]

DEFAULT_SETS = ("hatecheck_en", "mhc_multi:fr", "benign_ud_en", "benign_ud_fr")
"""Sets whose labels say what a nudge is for: HateCheck's functional tests (with abuse of
individuals and non-protected groups counted as nudge-worthy) and presumed-clean text.
The keyword-sampled sets (Davidson, MLMA) reward flagging every keyword, so they are
reported, not fitted on."""
REPORT_SETS = ("davidson_en", "mlma_en", "mlma_fr")


@dataclass(frozen=True, slots=True)
class Fit:
    """Fitted constants and the weighted log-loss they reach."""

    slope: float
    intercept: float
    loss: float


def _loss(xs: Sequence[float], ys: Sequence[int], ws: Sequence[float], a: float, b: float) -> float:
    total = 0.0
    for x, y, w in zip(xs, ys, ws, strict=True):
        z = a * x + b
        # log(1 + exp(-z)) for y = 1, log(1 + exp(z)) for y = 0, computed stably.
        t = -z if y else z
        total += w * (max(t, 0.0) + math.log1p(math.exp(-abs(t))))
    return total / sum(ws)


def fit_logistic(
    xs: Sequence[float], ys: Sequence[int], ws: Sequence[float], iterations: int = 50
) -> Fit:
    """Weighted logistic regression of ``ys`` on ``xs`` by Newton's method.

    >>> fit = fit_logistic([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1], [1] * 6)
    >>> round(fit.slope, 2), round(fit.intercept, 2)
    (1.21, -4.25)
    """
    a, b = 1.0, 0.0
    for _ in range(iterations):
        ga = gb = haa = hab = hbb = 0.0
        for x, y, w in zip(xs, ys, ws, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            r = w * (p - y)
            ga += r * x
            gb += r
            v = w * p * (1.0 - p)
            haa += v * x * x
            hab += v * x
            hbb += v
        det = haa * hbb - hab * hab
        if abs(det) < 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        # Backtracking: take the Newton step only as far as it lowers the loss.
        current = _loss(xs, ys, ws, a, b)
        step = 1.0
        while step > 1e-6 and _loss(xs, ys, ws, a - step * da, b - step * db) > current:
            step /= 2
        a, b = a - step * da, b - step * db
        if abs(step * da) < 1e-9 and abs(step * db) < 1e-9:
            break
    return Fit(a, b, _loss(xs, ys, ws, a, b))


def best_cut(sets: Iterable[tuple[list[float], list[int]]], threshold: float) -> float:
    """The evidence from which to flag that maximises the mean balanced accuracy.

    Whatever slope and intercept, a comment is flagged when its evidence reaches one cut
    point, so the decision is fitted here and the slope only shapes the probabilities.

    >>> best_cut([([0.5, 1.0, 2.0, 3.0], [0, 0, 1, 1]), ([0.4, 0.0], [0, 0])], 0.5)
    1.5
    """
    data = [(list(x), list(y)) for x, y in sets]
    candidates = sorted({round(v, 2) for xs, _ in data for v in xs if v > 0})
    mids = [(lo + hi) / 2 for lo, hi in itertools.pairwise(candidates)]
    best, best_score = 0.0, -1.0
    for cut in mids or candidates:
        score = sum(_balanced_accuracy([x >= cut for x in xs], ys) for xs, ys in data)
        if score > best_score + 1e-12:
            best, best_score = cut, score
    return round(best, 3)


def fit_slope(
    xs: Sequence[float], ys: Sequence[int], ws: Sequence[float], cut: float, threshold: float
) -> Fit:
    """The slope with the least weighted log-loss whose curve crosses ``threshold`` at ``cut``.

    >>> fit = fit_slope([0.5, 1.0, 2.0, 3.0], [0, 0, 1, 1], [1.0] * 4, 1.5, 0.5)
    >>> fit.intercept == -1.5 * fit.slope
    True
    """
    at = math.log(threshold / (1.0 - threshold))
    lo, hi = 0.01, 20.0
    # The loss is convex in the slope: a golden-section search finds its minimum.
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        m1 = hi - ratio * (hi - lo)
        m2 = lo + ratio * (hi - lo)
        if _loss(xs, ys, ws, m1, at - m1 * cut) < _loss(xs, ys, ws, m2, at - m2 * cut):
            hi = m2
        else:
            lo = m1
    slope = round((lo + hi) / 2, 3)
    intercept = round(at - slope * cut, 3)
    return Fit(slope, intercept, _loss(xs, ys, ws, slope, intercept))


# HateCheck labels hate; a kindness nudge also wants abuse aimed at a person or at a
# non-protected group (the bars), so those two functionalities count as 1.
NUDGE_WORTHY_NH = frozenset({"target_indiv_nh", "target_group_nh"})


def _read(path: Path, lang: str | None) -> Iterable[tuple[str, int]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if lang is not None and row.get("lang") != lang:
                continue
            label = int(row["label"])
            if row.get("functionality") in NUDGE_WORTHY_NH:
                label = 1
            yield row["text"], label


def _balanced_accuracy(flags: Sequence[bool], ys: Sequence[int]) -> float:
    pos = [f for f, y in zip(flags, ys, strict=True) if y]
    neg = [not f for f, y in zip(flags, ys, strict=True) if not y]
    parts = [sum(p) / len(p) for p in (pos, neg) if p]
    return sum(parts) / len(parts)


def _f1(scores: Sequence[float], ys: Sequence[int], threshold: float) -> float:
    tp = sum(1 for s, y in zip(scores, ys, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, ys, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, ys, strict=True) if s < threshold and y)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _sigmoid(a: float, b: float, x: float) -> float:
    return 0.0 if x <= 0 else 1.0 / (1.0 + math.exp(-(a * x + b)))


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and report; ``--write`` updates ``_data/scoring.toml`` in a source checkout.

    Returns the exit status: 2 when the folder holds none of the sets.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     main([empty, "--sets", "davidson_en"])
    2
    """
    parser = argparse.ArgumentParser(prog="python -m nudge.research.calibrate", description=__doc__)
    parser.add_argument("data", type=Path, help="folder holding <set>/data.jsonl")
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--write", action="store_true", help="store the fitted constants")
    args = parser.parse_args(argv)

    scorer = Scorer.load()
    k = scorer._k
    xs: list[float] = []
    ys: list[int] = []
    ws: list[float] = []
    per_set: dict[str, tuple[list[float], list[int]]] = {}
    fit_names = [s for s in args.sets.split(",") if s]
    for name in fit_names + [r for r in REPORT_SETS if r not in fit_names]:
        folder, _, lang = name.partition(":")
        path = args.data / folder / "data.jsonl"
        if not path.is_file():
            print(f"{name}: {path} not found, skipped", file=sys.stderr)
            continue
        evidence: list[float] = []
        labels: list[int] = []
        for text, label in _read(path, lang or None):
            evidence.append(scorer.score(text).evidence)
            labels.append(label)
        per_set[name] = (evidence, labels)
        if name not in fit_names:
            continue
        kept = [(x, y) for x, y in zip(evidence, labels, strict=True) if x > 0]
        pos = sum(y for _, y in kept) or 1
        neg = (len(kept) - sum(y for _, y in kept)) or 1
        for x, y in kept:
            xs.append(x)
            ys.append(y)
            # Each set weighs 1 in all, each class half of it.
            ws.append(0.5 / pos if y else 0.5 / neg)
        print(f"{name}: {len(labels)} comments, {len(kept)} with evidence", file=sys.stderr)
    if not xs:
        print("no data", file=sys.stderr)
        return 2
    cut = best_cut([per_set[n] for n in fit_names if n in per_set], scorer.threshold)
    fit = fit_slope(xs, ys, ws, cut, scorer.threshold)
    free = fit_logistic(xs, ys, ws)
    shipped = _loss(xs, ys, ws, k.slope, k.intercept)
    print(
        f"free logistic fit (for reference): slope {free.slope:.3f} intercept "
        f"{free.intercept:.3f} (weighted log-loss {free.loss:.4f})"
    )
    print(f"cut: flag from evidence {cut:.3f} (best mean balanced accuracy over the sets)")
    for which, slope, intercept, loss in (
        ("shipped:", k.slope, k.intercept, shipped),
        ("fitted: ", fit.slope, fit.intercept, fit.loss),
    ):
        print(f"{which} slope {slope:.3f} intercept {intercept:.3f} (weighted log-loss {loss:.4f})")
    t = scorer.threshold
    print(f"{'set':14} {'F1/acc shipped':>15} {'F1/acc fitted':>14}   (threshold {t})")
    for name, (evidence, labels) in per_set.items():
        old = [_sigmoid(k.slope, k.intercept, x) for x in evidence]
        new = [_sigmoid(fit.slope, fit.intercept, x) for x in evidence]
        if any(labels):
            a_old, a_new = _f1(old, labels, t), _f1(new, labels, t)
        else:  # presumed-clean text: the share left alone
            a_old = sum(v < t for v in old) / len(old)
            a_new = sum(v < t for v in new) / len(new)
        print(f"{name:14} {a_old:15.3f} {a_new:14.3f}")
    if args.write:
        target = Path(str(resources.files("nudge").joinpath("_data/scoring.toml")))
        text = target.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^slope = .*$", f"slope = {fit.slope:.3f}", text)
        text = re.sub(r"(?m)^intercept = .*$", f"intercept = {fit.intercept:.3f}", text)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
