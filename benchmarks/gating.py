"""Language gating never costs recall: true positives with and without an extra pack.

Scores the hateful rows of HateCheck English and of Multilingual HateCheck (French and
Spanish rows) with the bundled en+fr packs, then with the small Spanish test pack
(``tests/fixtures/packs/es``) loaded beside them, and prints the true positives of each,
the ones lost and a few of them (docs/scoring.md, "Language").

    python benchmarks/gating.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from nudge import Scorer

ROOT = Path(__file__).resolve().parents[1]
SETS = (("hatecheck_en", "en"), ("mhc_multi", "fr"), ("mhc_multi", "es"))


def _positives(data: Path, name: str, lang: str) -> Iterator[str]:
    with (data / name / "data.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("lang") == lang and row["label"] == 1:
                yield row["text"]


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """The true positives per set without and with the Spanish test pack (for
    ``python -m benchmarks``); nothing when the data is absent or ``synthetic`` is set."""
    data = Path(getattr(args, "data", None) or ROOT.parent / "shared" / "data")
    if getattr(args, "synthetic", False) or not (data / "hatecheck_en").is_dir():
        return {"sets": []}
    base = Scorer.load(["en", "fr"])
    more = Scorer.load(["en", "fr"], paths=[ROOT / "tests" / "fixtures" / "packs" / "es"])
    sets = []
    for name, lang in SETS:
        texts = list(_positives(data, name, lang))
        before = [base.score(t).flagged for t in texts]
        after = [more.score(t).flagged for t in texts]
        lost = [t for t, b, a in zip(texts, before, after, strict=True) if b and not a]
        sets.append(
            {
                "set": f"{name} {lang}",
                "hateful": len(texts),
                "en+fr": sum(before),
                "en+fr+es": sum(after),
                "lost": lost,
            }
        )
    return {"sets": sets}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the true positives per set, without and with the Spanish test pack."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    for s in run(parser.parse_args(argv))["sets"]:
        print(
            f"{s['set']}: {s['hateful']} hateful, true positives en+fr {s['en+fr']}, "
            f"en+fr+es {s['en+fr+es']}, lost {len(s['lost'])}"
        )
        for text in s["lost"][:3]:
            print(f"    lost: {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
