"""Language gating never costs recall: true positives with and without the other packs.

For each language with a HateCheck set (HateCheck English; the French, Spanish, German,
Italian and Portuguese rows of Multilingual HateCheck) and a pack (bundled, or in
``--lexicons``), scores the hateful rows with that language's pack alone, then with
every available pack of the six loaded together, and prints the true positives of each
and the rows lost (flagged alone, not flagged with the others: issue #17, "loading any
extra pack never lowers true positives on any language's HateCheck set").  The benign
UD dev sentences of each language with a set are scored both ways too: the false alarms
the other packs add show beside the catches they keep.  The small
Spanish test pack (``tests/fixtures/packs/es``) beside en+fr is measured too when no
real Spanish pack is found.  See docs/scoring.md, "Language".

With ``--pairs`` it also scores each language's set with its pack and each single other
pack (``fr`` + ``es``, ``fr`` + ``it``...): "any extra pack" read one pack at a time.  The
bar row at the end says whether any of these loads lowers a set's true positives.

    python benchmarks/gating.py [--data ../shared/data] [--lexicons DIR] [--pairs]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.languages import Packs, load_bars
from nudge import Scorer

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    ("hatecheck_en", "en"),
    ("mhc_multi", "fr"),
    *(("mhc_multi", spec["code"]) for spec in load_bars()["languages"]),
)
"""Each language's HateCheck set: English and French, then the languages of issue 18
(``benchmarks/languages_bars.toml``)."""
TEST_PACK = ROOT / "tests" / "fixtures" / "packs" / "es"
BENIGN = ("en", "fr", "es", "de", "pt")
"""The languages with a benign UD dev set (``benign_ud_<code>``): a catch the other
packs add must not be paid for in false alarms on ordinary sentences."""


def _positives(data: Path, name: str, lang: str) -> Iterator[str]:
    with (data / name / "data.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if (name == "hatecheck_en" or row.get("lang") == lang) and row["label"] == 1:
                yield row["text"]


def _benign(data: Path, lang: str) -> list[str]:
    path = data / f"benign_ud_{lang}" / "data.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def _scorer(packs: Packs, codes: Sequence[str], extra: Sequence[Path] = ()) -> Scorer:
    found = [packs.find(c) for c in codes]
    return Scorer.load(
        [f for f in found if isinstance(f, str)],
        paths=[*(f for f in found if isinstance(f, Path)), *extra],
    )


def _compare(name: str, texts: list[str], alone: Scorer, together: Scorer) -> dict[str, Any]:
    before = [a.flagged for a in alone.score_many(texts)]
    after = [a.flagged for a in together.score_many(texts)]
    return {
        "set": name,
        "hateful": len(texts),
        "alone": sum(before),
        "together": sum(after),
        "lost": [t for t, b, a in zip(texts, before, after, strict=True) if b and not a],
    }


def _pairs(packs: Packs, lang: str, present: Sequence[str], texts: list[str]) -> dict[str, int]:
    """True positives with ``lang``'s pack and each single other pack."""
    return {
        other: sum(a.flagged for a in _scorer(packs, [lang, other]).score_many(texts))
        for other in present
        if other != lang
    }


def lowered(result: dict[str, Any]) -> list[str]:
    """Every load that lowers a set's true positives below its pack alone, as
    ``"<set> with <packs>: <alone> -> <with>"``; empty when the bar holds."""
    out = []
    for s in result["sets"]:
        if s["together"] < s["alone"]:
            out.append(f"{s['set']} with {s['packs']}: {s['alone']} -> {s['together']}")
        for other, found in s.get("pairs", {}).items():
            if found < s["alone"]:
                out.append(f"{s['set']} with +{other}: {s['alone']} -> {found}")
    return out


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """The true positives per set alone and with every pack (for ``python -m
    benchmarks``); nothing when the data is absent or ``synthetic`` is set."""
    data = Path(getattr(args, "data", None) or ROOT.parent / "shared" / "data")
    if getattr(args, "synthetic", False) or not (data / "hatecheck_en").is_dir():
        return {"sets": [], "packs": [], "benign": []}
    packs = Packs(getattr(args, "lexicons", None))
    present = [lang for _, lang in SETS if packs.find(lang) is not None]
    together = _scorer(packs, present)
    sets = []
    for name, lang in SETS:
        if lang not in present:
            continue
        texts = list(_positives(data, name, lang))
        found = _compare(f"{name} {lang}", texts, _scorer(packs, [lang]), together)
        found["packs"] = f"{lang} alone / {'+'.join(present)}"
        if getattr(args, "pairs", False):
            found["pairs"] = _pairs(packs, lang, present, texts)
        sets.append(found)
    benign = []
    for lang in (code for code in BENIGN if code in present):
        texts = _benign(data, lang)
        if not texts:
            continue
        alone = [a.flagged for a in _scorer(packs, [lang]).score_many(texts)]
        both = [a.flagged for a in together.score_many(texts)]
        benign.append(
            {
                "set": f"benign_ud_{lang}",
                "sentences": len(texts),
                "alone": sum(alone),
                "together": sum(both),
                "gained": [t for t, a, b in zip(texts, alone, both, strict=True) if b and not a],
            }
        )
    if TEST_PACK.name not in present:  # the gating tests' own Spanish pack, beside en+fr
        base = _scorer(packs, ["en", "fr"])
        more = _scorer(packs, ["en", "fr"], [TEST_PACK])
        for name, lang in [s for s in SETS if s[1] in ("en", "fr", TEST_PACK.name)]:
            found = _compare(f"{name} {lang}", list(_positives(data, name, lang)), base, more)
            found["packs"] = "en+fr / en+fr+es (test pack)"
            sets.append(found)
    return {"sets": sets, "packs": present, "benign": benign}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the true positives per set, alone and with every pack."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--lexicons", type=Path, default=None, metavar="DIR")
    parser.add_argument(
        "--pairs", action="store_true", help="also each language's pack with each single other"
    )
    result = run(parser.parse_args(argv))
    for s in result["sets"]:
        print(
            f"{s['set']}: {s['hateful']} hateful; true positives {s['packs']}: "
            f"{s['alone']} / {s['together']}, lost {len(s['lost'])}"
        )
        for text in s["lost"][:3]:
            print(f"    lost: {text!r}")
        if s.get("pairs"):
            print(
                "    with one other pack: " + ", ".join(f"+{o} {n}" for o, n in s["pairs"].items())
            )
    for b in result["benign"]:
        n = b["sentences"]
        print(
            f"{b['set']}: {n} sentences; flagged alone / with every pack: "
            f"{b['alone']} ({100 * b['alone'] / n:.2f} %) / "
            f"{b['together']} ({100 * b['together'] / n:.2f} %), gained {len(b['gained'])}"
        )
        for text in b["gained"][:3]:
            print(f"    gained: {text!r}")
    if result["sets"]:
        worse = lowered(result)
        loads = (
            "every pack, and each single other pack"
            if "pairs" in result["sets"][0]
            else ("every pack")
        )
        verdict = "PASS" if not worse else "FAIL"
        print(f"\nbar: an extra pack never lowers true positives ({loads}): {verdict}")
        for line in worse:
            print(f"    lowered: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
