"""Benchmark: every detection-quality bar of issue 17 (and the scorer issue's) in one run.

On the development data in ``../shared/data`` this prints, each with PASS/FAIL against
its bar (the bars live in ``benchmarks/quality_bars.toml``):

* HateCheck English and multilingual HateCheck French, per functionality: the share of
  rows flagged (``*_h`` and the ``target_*_nh`` groups a kindness filter should catch) or
  left alone (the other ``*_nh`` groups);
* robustness (``nudge eval --robustness``) on ``davidson_en``, ``mlma_fr`` and
  ``hatecheck_en``: of the sampled positives caught clean, the share still caught after
  each obfuscation of every word of four or more letters;
* benign UD sentences (en, fr): the share flagged;
* the built-in Scunthorpe and identity suites: how many sentences are flagged.

Without ``../shared/data`` (or with ``--synthetic``) every data bar is N/A and only the
suites run.  Nothing is timed: the figures are deterministic for a given ``--seed``.

    python benchmarks/quality.py [--data-root PATH] [--sample N] [--seed N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus
from nudge.research._robustness import Obfuscation
from nudge.research._suites import load_suite
from nudge.research.evaluate import DatasetSpec, NudgeSystem, SystemKind, evaluate
from nudge.scorer import Scorer

NAME: Final = "quality"
BARS_FILE: Final = Path(__file__).resolve().with_name("quality_bars.toml")


def load_bars(path: Path = BARS_FILE) -> dict[str, Any]:
    """The bars, as written in ``quality_bars.toml``."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _rows(data: Path, folder: str, lang: str = "") -> Iterator[dict[str, Any]]:
    with (data / folder / "data.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not lang or row.get("lang") == lang:
                yield row


def _hatecheck(scorer: Scorer, data: Path, bars: dict[str, Any]) -> list[dict[str, Any]]:
    """One figure per set and barred functionality."""
    out: list[dict[str, Any]] = []
    for spec in bars["sets"]:
        rows = list(_rows(data, spec["folder"], spec["lang"]))
        flagged = [a.flagged for a in scorer.score_many([r["text"] for r in rows])]
        total: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for row, is_flagged in zip(rows, flagged, strict=True):
            total[row["functionality"]] += 1
            hits[row["functionality"]] += is_flagged
        for bar in bars["bars"]:
            for functionality in bar["functionalities"]:
                n = total[functionality]
                share = None
                if n:
                    caught = hits[functionality] / n
                    share = caught if bar["kind"] == "catch" else 1 - caught
                out.append(
                    {
                        "set": spec["name"],
                        "functionality": functionality,
                        "kind": bar["kind"],
                        "n": n,
                        "share": share,
                        "at_least": bar["at_least"],
                        "source": bar["source"],
                    }
                )
    return out


def _robustness(
    scorer: Scorer, data: Path, bars: dict[str, Any], sample: int, seed: int
) -> list[dict[str, Any]]:
    """``nudge eval --robustness`` on each set, with nudge alone."""
    system = NudgeSystem(scorer, name="nudge", kind=SystemKind.NUDGE, version="")
    barred = set(bars["obfuscations"])
    out: list[dict[str, Any]] = []
    for name in bars["sets"]:
        report = evaluate(
            [DatasetSpec(data / name / "data.jsonl")],
            systems=[system],
            robustness=True,
            robustness_sample=sample,
            bootstrap=0,
            seed=seed,
        )
        (d,) = report.datasets
        clean = dict(d.robustness_clean)["nudge"]
        for r in d.robustness:
            out.append(
                {
                    "set": name,
                    "obfuscation": r.obfuscation.value,
                    "sampled": d.robustness_sampled,
                    "caught_clean": clean,
                    "tested": r.tested,
                    "still_caught": r.caught,
                    "share": r.share,
                    "at_least": bars["at_least"] if r.obfuscation.value in barred else None,
                }
            )
    return out


def _benign(scorer: Scorer, data: Path, bars: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name in bars["sets"]:
        texts = [r["text"] for r in _rows(data, name)]
        flagged = [t for t, a in zip(texts, scorer.score_many(texts), strict=True) if a.flagged]
        out.append(
            {
                "set": name,
                "n": len(texts),
                "flagged": len(flagged),
                "share": len(flagged) / len(texts) if texts else None,
                "below": bars["below"],
                "flagged_texts": flagged,
            }
        )
    return out


def _suites(scorer: Scorer, bars: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name in bars["names"]:
        suite = load_suite(name)
        texts = [c.text for c in suite.cases]
        flagged = [t for t, a in zip(texts, scorer.score_many(texts), strict=True) if a.flagged]
        out.append(
            {
                "suite": name,
                "n": len(texts),
                "flagged": len(flagged),
                "at_most": bars["at_most"],
                "flagged_texts": flagged,
            }
        )
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/quality.py",
        description="Print every detection-quality bar of issue 17 with PASS/FAIL.",
    )
    parser.add_argument(
        "--data-root", type=Path, default=_corpus.SHARED_DATA, metavar="PATH",
        help="the development data (default: ../shared/data next to the repository)",
    )  # fmt: skip
    parser.add_argument(
        "--sample", type=int, default=None, metavar="N",
        help="positives sampled per set for robustness (default: the bars file's, 1000)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="robustness seed (default 0)")
    parser.add_argument(
        "--json", type=Path, default=None, metavar="PATH", help="write the result dict to PATH"
    )
    parser.add_argument(
        "--synthetic", action="store_true", help="ignore ../shared/data (every data bar N/A)"
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the tables")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 100 robustness positives per set"
    )
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Measure every bar and return the figures, bars and PASS/FAIL as a dict."""
    opts = _corpus.with_defaults(build_parser(), args)
    config = load_bars()
    sample = opts.sample or (100 if opts.quick else config["robustness"]["sample"])
    data = Path(opts.data_root)
    present = not opts.synthetic and (data / "hatecheck_en" / "data.jsonl").is_file()
    scorer = Scorer.load()
    hatecheck = _hatecheck(scorer, data, config["hatecheck"]) if present else []
    robustness = (
        _robustness(scorer, data, config["robustness"], sample, opts.seed) if present else []
    )
    benign = _benign(scorer, data, config["benign"]) if present else []
    suites = _suites(scorer, config["suites"])

    bars: list[dict[str, Any]] = []
    if present:
        for h in hatecheck:
            verb = "flagged" if h["kind"] == "catch" else "left alone"
            value = None if h["share"] is None else 100 * h["share"]
            name = f"{h['set']} {h['functionality']}: % {verb} ({h['source']})"
            bars.append(_corpus.bar(name, value, ">=", 100 * h["at_least"], " %"))
        for r in robustness:
            if r["at_least"] is None:
                continue
            value = None if r["share"] is None else 100 * r["share"]
            name = f"{r['set']} {r['obfuscation']}: % of clean catches kept (#17)"
            bars.append(_corpus.bar(name, value, ">=", 100 * r["at_least"], " %"))
        for b in benign:
            value = None if b["share"] is None else 100 * b["share"]
            bars.append(
                _corpus.bar(f"{b['set']}: % flagged (#4)", value, "<", 100 * b["below"], " %")
            )
    else:
        bars.append(_corpus.bar("../shared/data absent: data bars", None, ">=", 0))
    for s in suites:
        bars.append(_corpus.bar(f"suite {s['suite']}: flagged", s["flagged"], "<=", s["at_most"]))

    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {"data_root": str(data), "data_present": present, "sample": sample},
        "packs": [f"{p.code} {p.version}" for p in scorer.packs],
        "seed": opts.seed,
        "hatecheck": hatecheck,
        "robustness": robustness,
        "benign": benign,
        "suites": suites,
    }
    return _corpus.finish(result, bars, opts, report)


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.1f} %"


def report(result: dict[str, Any]) -> str:
    """The result as readable tables, with the command that produced it."""
    env = result["environment"]
    lines = [
        f"$ {result['command']}",
        f"nudge {result['nudge_version']} (packs {', '.join(result['packs'])}), "
        f"Python {env['python']}, {env['date']}, seed {result['seed']}",
        "",
    ]
    if not result["options"]["data_present"]:
        lines += [f"{result['options']['data_root']} is absent: only the suites ran.", ""]
    if result["robustness"]:
        sets = list(dict.fromkeys(r["set"] for r in result["robustness"]))
        header = ["obfuscation", *sets]
        by = {(r["set"], r["obfuscation"]): r for r in result["robustness"]}
        rows = []
        for kind in Obfuscation:
            cells: list[object] = [kind.value]
            for s in sets:
                r = by.get((s, kind.value))
                counts = "" if r is None else f" ({r['still_caught']}/{r['tested']})"
                cells.append("n/a" if r is None else _pct(r["share"]) + counts)
            rows.append(cells)
        clean = ", ".join(
            f"{s} {by[(s, 'leet')]['caught_clean']}/{by[(s, 'leet')]['sampled']}" for s in sets
        )
        lines += [
            f"Robustness: positives caught clean of those sampled: {clean}",
            _corpus.table(header, rows),
            "",
        ]
    for b in result["benign"]:
        lines.append(f"{b['set']}: {b['flagged']}/{b['n']} flagged ({_pct(b['share'])})")
    for s in result["suites"]:
        lines.append(f"suite {s['suite']}: {s['flagged']}/{s['n']} flagged")
        lines += [f"  flagged: {t}" for t in s["flagged_texts"]]
    lines += _corpus.bars_summary(result["bars"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
