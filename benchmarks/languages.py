"""Benchmark: the bars of issue 18 (Spanish, German, Italian, Portuguese) in one run.

Loads English and French with every pack of the measured languages (bundled, or the
folders of ``--lexicons``: a maintainer's work in progress) and prints, each with
PASS/FAIL against its bar (``benchmarks/languages_bars.toml``):

* multilingual HateCheck, per language and functionality: the share of rows flagged
  (the listed hateful ones) or left alone (the non-hateful ones);
* benign UD sentences of each language: the share flagged, every flagged sentence
  listed with the words that matched; English and French with every pack loaded beside
  en+fr alone;
* the comment sets (``germeval2018_de``, ``told_br_pt``): precision, recall and F1 of
  nudge beside the LDNOOBW word list of the same language, scored in the same run;
* the language guess: the share of each language's HateCheck rows guessed right.

A language whose pack is nowhere to be found is skipped with a line saying so; without
``../shared/data`` every data bar is N/A.  Nothing is timed.

    python benchmarks/languages.py [--lexicons DIR] [--lang CODE ...] [--data-root PATH]
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
from nudge.lexicon import available_packs
from nudge.scorer import Assessment, Scorer

NAME: Final = "languages"
BARS_FILE: Final = Path(__file__).resolve().with_name("languages_bars.toml")
BASE: Final = ("en", "fr")


def load_bars(path: Path = BARS_FILE) -> dict[str, Any]:
    """The bars, as written in ``languages_bars.toml``."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _rows(path: Path, lang: str = "") -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not lang or row.get("lang") == lang:
                yield row


class Packs:
    """Where each measured pack comes from: a folder of ``--lexicons`` or the bundle."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.bundled = set(available_packs())

    def find(self, code: str) -> str | Path | None:
        if self.folder is not None and (self.folder / code / "pack.toml").is_file():
            return self.folder / code
        return code if code in self.bundled else None

    def scorer(self, codes: Sequence[str]) -> Scorer:
        found = [self.find(c) for c in codes]
        named = [f for f in found if isinstance(f, str)]
        paths = [f for f in found if isinstance(f, Path)]
        return Scorer.load([*BASE, *named], paths=paths)


def _words(a: Assessment) -> str:
    return ", ".join(sorted({m.term for m in a.matches})) or "-"


def _hatecheck(
    scorer: Scorer, data: Path, lang: str, bars: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], float | None]:
    rows = list(_rows(data / "mhc_multi" / "data.jsonl", lang))
    found = scorer.score_many([r["text"] for r in rows])
    total: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for row, a in zip(rows, found, strict=True):
        total[row["functionality"]] += 1
        hits[row["functionality"]] += a.flagged
    guessed = sum(a.language == lang for a in found) / len(found) if found else None
    out = []
    for bar in bars:
        for functionality in bar["functionalities"]:
            n = total[functionality]
            if not n:
                continue  # the set has no such rows for this language
            caught = hits[functionality] / n
            out.append(
                {
                    "lang": lang,
                    "functionality": functionality,
                    "kind": bar["kind"],
                    "n": n,
                    "share": caught if bar["kind"] == "catch" else 1 - caught,
                    "at_least": bar["at_least"],
                }
            )
    return out, guessed


def _benign(scorer: Scorer, data: Path, name: str, below: float) -> dict[str, Any]:
    texts = [r["text"] for r in _rows(data / name / "data.jsonl")]
    flagged = [
        f"{t}  [{_words(a)}]"
        for t, a in zip(texts, scorer.score_many(texts), strict=True)
        if a.flagged
    ]
    return {
        "set": name,
        "n": len(texts),
        "flagged": len(flagged),
        "share": len(flagged) / len(texts) if texts else None,
        "below": below,
        "flagged_texts": flagged,
    }


def _prf(flags: Sequence[bool], labels: Sequence[int]) -> dict[str, float]:
    tp = sum(f and y == 1 for f, y in zip(flags, labels, strict=True))
    fp = sum(f and y == 0 for f, y in zip(flags, labels, strict=True))
    fn = sum(not f and y == 1 for f, y in zip(flags, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _comments(
    scorers: dict[str, Scorer], data: Path, name: str, wordlist: Path, lang: str
) -> dict[str, Any]:
    rows = list(_rows(data / name / "data.jsonl"))
    texts = [r["text"] for r in rows]
    labels = [int(r["label"]) for r in rows]
    words = [w.strip() for w in wordlist.read_text(encoding="utf-8").splitlines()]
    baseline = Scorer.from_wordlist([w for w in words if w], name=f"ldnoobw-{lang}", lang=lang)
    systems = {label: s for label, s in scorers.items()} | {"LDNOOBW": baseline}
    return {
        "set": name,
        "n": len(rows),
        "positives": sum(labels),
        "systems": {
            label: _prf([a.flagged for a in s.score_many(texts)], labels)
            for label, s in systems.items()
        },
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/languages.py",
        description="Print every bar of issue 18 (es, de, it, pt) with PASS/FAIL.",
    )
    parser.add_argument(
        "--data-root", type=Path, default=_corpus.SHARED_DATA, metavar="PATH",
        help="the development data (default: ../shared/data next to the repository)",
    )  # fmt: skip
    parser.add_argument(
        "--lexicons", type=Path, default=None, metavar="DIR",
        help="load the measured packs from DIR/<code> when there (default: bundled)",
    )  # fmt: skip
    parser.add_argument(
        "--lang", action="append", default=None, metavar="CODE",
        help="measure only this language (repeatable; default: every one in the bars file)",
    )  # fmt: skip
    parser.add_argument(
        "--json", type=Path, default=None, metavar="PATH", help="write the result dict to PATH"
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the tables")
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Measure every bar and return the figures, bars and PASS/FAIL as a dict."""
    opts = _corpus.with_defaults(build_parser(), args)
    config = load_bars()
    data = Path(opts.data_root)
    present = (data / "mhc_multi" / "data.jsonl").is_file()
    packs = Packs(opts.lexicons)
    wanted = [c for c in config["languages"] if not opts.lang or c["code"] in opts.lang]
    langs = [c for c in wanted if packs.find(c["code"]) is not None]
    missing = [c["code"] for c in wanted if packs.find(c["code"]) is None]
    codes = [c["code"] for c in langs]
    everything = packs.scorer(codes)
    plain = Scorer.load(list(BASE))

    hatecheck: list[dict[str, Any]] = []
    guess: dict[str, float | None] = {}
    benign: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    below = config["benign"]["below"]
    if present:
        for spec in langs:
            code = spec["code"]
            found, guess[code] = _hatecheck(everything, data, code, config["hatecheck"])
            hatecheck += found
            if "benign" in spec:
                benign.append(_benign(everything, data, spec["benign"], below))
            if "comments" in spec:
                scorers = {"nudge (all packs)": everything, "nudge (en, fr)": plain}
                variant = spec.get("variant")
                if variant and packs.find(variant) is not None:
                    others = [c for c in codes if c != code]
                    scorers[f"nudge ({variant} for {code})"] = packs.scorer([*others, variant])
                wordlist = data / "lexicons" / "ldnoobw" / spec["ldnoobw"]
                comments.append(_comments(scorers, data, spec["comments"], wordlist, code))
        for name in config["benign"]["unchanged"]:
            alone = _benign(plain, data, name, below)
            alone["set"] = f"{name} (en, fr)"
            benign += [alone, _benign(everything, data, name, below)]

    bars: list[dict[str, Any]] = []
    if not present:
        bars.append(_corpus.bar("../shared/data absent: data bars", None, ">=", 0))
    for h in hatecheck:
        verb = "flagged" if h["kind"] == "catch" else "left alone"
        name = f"mhc_{h['lang']} {h['functionality']}: % {verb}"
        bars.append(_corpus.bar(name, 100 * h["share"], ">=", 100 * h["at_least"], " %"))
    for b in benign:
        if b["set"] in config["benign"]["unchanged"] or b["set"].endswith("(en, fr)"):
            continue  # printed beside each other, not a bar of this issue
        value = None if b["share"] is None else 100 * b["share"]
        bars.append(_corpus.bar(f"{b['set']}: % flagged", value, "<", 100 * below, " %"))
    margin = config["comments"]["precision_margin"]
    for c in comments:
        base = c["systems"]["LDNOOBW"]
        ours = c["systems"]["nudge (all packs)"]
        bars.append(_corpus.bar(f"{c['set']}: F1 - LDNOOBW F1", ours["f1"] - base["f1"], ">=", 0))
        gain = ours["precision"] - base["precision"]
        bars.append(_corpus.bar(f"{c['set']}: precision - LDNOOBW's", gain, ">=", margin))

    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {"data_root": str(data), "data_present": present},
        "packs": [f"{p.code} {p.version}" for p in everything.packs],
        "missing": missing,
        "hatecheck": hatecheck,
        "guess": guess,
        "benign": benign,
        "comments": comments,
    }
    return _corpus.finish(result, bars, opts, report)


def report(result: dict[str, Any]) -> str:
    """The result as readable tables, with the command that produced it."""
    env = result["environment"]
    lines = [
        f"$ {result['command']}",
        f"nudge {result['nudge_version']} (packs {', '.join(result['packs'])}), "
        f"Python {env['python']}, {env['date']}",
        "",
    ]
    lines += [f"no pack for {code}: skipped" for code in result["missing"]]
    if not result["options"]["data_present"]:
        lines += [f"{result['options']['data_root']} is absent: no data bars.", ""]
    for code, share in result["guess"].items():
        shown = "n/a" if share is None else f"{100 * share:.1f} %"
        lines.append(f"language guess on mhc_{code}: {shown} guessed {code}")
    for c in result["comments"]:
        lines += ["", f"{c['set']}: {c['n']} rows, {c['positives']} positive"]
        rows = [
            [label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}"]
            for label, m in c["systems"].items()
        ]
        lines.append(_corpus.table(["system", "precision", "recall", "F1"], rows))
    for b in result["benign"]:
        share = "n/a" if b["share"] is None else f"{100 * b['share']:.2f} %"
        lines.append(f"\n{b['set']}: {b['flagged']}/{b['n']} flagged ({share})")
        lines += [f"  flagged: {t}" for t in b["flagged_texts"]]
    lines += _corpus.bars_summary(result["bars"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
