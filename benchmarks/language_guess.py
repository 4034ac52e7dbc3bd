"""The language guess on short comments, with six languages loaded.

Loads en and fr (bundled) beside four guess-only packs, es, de, it and pt
(``tests/fixtures/guess/<code>``: about 150 function words each), or the real packs of
a folder (``--lexicons DIR``: every language the folder holds replaces the default
one; the others stay). Then, per language and data set, prints how often
``Scorer.guess_language`` names the comment's language, how often it names another
(and which), how often it names none (no function word, or a tie nothing breaks), and
how often the comment's language is *not among the active ones* (its terms then count
only as another language's, and its context words not at all): that last figure is the
one that can cost recall.

Data (``../shared/data``; nothing is printed when it is absent): every row of
Multilingual HateCheck in the loaded languages (one-liners, hateful and not), HateCheck
English, and the benign UD sentences (en, fr, es, de, pt).

    python benchmarks/language_guess.py [--data ../shared/data] [--lexicons DIR]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from nudge import Scorer
from nudge.errors import NudgeError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "guess"
BUNDLED = ("en", "fr")
EXTRA = ("es", "de", "it", "pt")
# (folder, language field or None for a one-language set, language)
SETS = (
    *(("mhc_multi", lang) for lang in ("fr", "es", "de", "it", "pt")),
    ("hatecheck_en", "en"),
    *(("benign_ud_" + lang, lang) for lang in ("en", "fr", "es", "de", "pt")),
)
# The confusions a one-line comment is most exposed to (languages sharing many words).
PAIRS = (
    ("pt", "es"),
    ("pt", "it"),
    ("es", "pt"),
    ("es", "it"),
    ("it", "es"),
    ("it", "pt"),
    ("fr", "it"),
    ("fr", "es"),
    ("de", "en"),
    ("en", "de"),
)


def _rows(data: Path, name: str, lang: str, *, hateful: bool = False) -> Iterator[str]:
    with (data / name / "data.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("lang", lang) == lang and (not hateful or row.get("label") == 1):
                yield row["text"]


def load_scorer(lexicons: Path | None = None) -> tuple[Scorer, dict[str, str]]:
    """en, fr and the four guess-only packs, each replaced by ``lexicons/<code>`` when
    that folder holds a pack that loads; returns the scorer and where each came from.

    >>> scorer, sources = load_scorer()
    >>> scorer.languages, sources["pt"]
    (('en', 'fr', 'es', 'de', 'it', 'pt'), 'tests/fixtures/guess/pt')
    """
    codes: list[str] = []
    paths: list[Path] = []
    sources: dict[str, str] = {}
    for code in BUNDLED + EXTRA:
        mine = lexicons / code if lexicons is not None else None
        if mine is not None and (mine / "pack.toml").is_file():
            try:
                Scorer.load([], paths=[mine])
            except NudgeError as e:
                sources[code] = f"{FIXTURES.relative_to(ROOT)}/{code} ({mine} does not load: {e})"
            else:
                paths.append(mine)
                sources[code] = str(mine)
                continue
        if code in BUNDLED:
            codes.append(code)
            sources.setdefault(code, "bundled")
        else:
            paths.append(FIXTURES / code)
            sources.setdefault(code, f"{FIXTURES.relative_to(ROOT)}/{code}")
    return Scorer.load(codes, paths=paths), sources


def measure(scorer: Scorer, texts: Sequence[str], lang: str) -> dict[str, Any]:
    """The guess's figures on comments written in ``lang``.

    >>> scorer, _ = load_scorer()
    >>> m = measure(scorer, ["Eu não gosto de você", "Odeio gays"], "pt")
    >>> m["right"], m["unnamed"], m["not_active"]
    (1, 1, 0)
    """
    read_as: Counter[str] = Counter()
    not_active = 0
    active_sizes = 0
    for text in texts:
        best, active = scorer.guess_language(text)
        read_as[best or "-"] += 1
        not_active += lang not in active
        active_sizes += len(active)
    n = len(texts)
    return {
        "language": lang,
        "comments": n,
        "right": read_as[lang],
        "unnamed": read_as["-"],
        "wrong": n - read_as[lang] - read_as["-"],
        "not_active": not_active,
        "mean_active": round(active_sizes / n, 2) if n else 0.0,
        "read_as": dict(read_as.most_common()),
    }


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """The figures per data set (for ``python -m benchmarks``); nothing when the data is
    absent or ``synthetic`` is set."""
    data = Path(getattr(args, "data", None) or ROOT.parent / "shared" / "data")
    lexicons = getattr(args, "lexicons", None)
    if getattr(args, "synthetic", False) or not data.is_dir():
        return {"sets": [], "sources": {}, "recall": []}
    scorer, sources = load_scorer(Path(lexicons) if lexicons else None)
    sets = []
    for name, lang in SETS:
        if not (data / name / "data.jsonl").is_file() or lang not in scorer.languages:
            continue
        texts = list(_rows(data, name, lang))
        if texts:
            sets.append({"set": name, **measure(scorer, texts, lang)})
    # The guess must never cost recall: the hateful rows caught with en and fr alone
    # stay caught with the four packs beside them.
    base = Scorer.load(["en", "fr"])
    recall = []
    for name, lang in SETS:
        if name.startswith("benign") or not (data / name / "data.jsonl").is_file():
            continue
        texts = list(_rows(data, name, lang, hateful=True))
        before = [a.flagged for a in base.score_many(texts)]
        after = [a.flagged for a in scorer.score_many(texts)]
        lost = [t for t, b, a in zip(texts, before, after, strict=True) if b and not a]
        if texts:
            recall.append(
                {"set": f"{name} {lang}", "hateful": len(texts), "en+fr": sum(before),
                 "six": sum(after), "lost": lost}
            )  # fmt: skip
    return {"sets": sets, "sources": sources, "recall": recall}


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def main(argv: Sequence[str] | None = None) -> int:
    """Print the guess's accuracy per language and data set, and the confusions."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--lexicons", type=Path, help="a folder of real packs (lexicons/)")
    result = run(parser.parse_args(argv))
    if not result["sets"]:
        print("no data: nothing measured")
        return 0
    for code, source in result["sources"].items():
        print(f"{code}: {source}")
    print(
        f"{'set':<14} {'lang':<4} {'comments':>8} {'right':>8} {'none':>8} "
        f"{'wrong':>8} {'right of named':>14} {'not active':>10} {'active':>6}"
    )
    for s in result["sets"]:
        n, named = s["comments"], s["comments"] - s["unnamed"]
        print(
            f"{s['set']:<14} {s['language']:<4} {n:>8} {_pct(s['right'], n):>8} "
            f"{_pct(s['unnamed'], n):>8} {_pct(s['wrong'], n):>8} "
            f"{_pct(s['right'], named):>14} {_pct(s['not_active'], n):>10} "
            f"{s['mean_active']:>6}"
        )
    print("confusions (comments of the first language read as the second):")
    for truth, other in PAIRS:
        sets = [s for s in result["sets"] if s["language"] == truth]
        n = sum(s["comments"] for s in sets)
        wrong = sum(s["read_as"].get(other, 0) for s in sets)
        if n:
            print(f"  {truth} as {other}: {wrong} of {n} ({_pct(wrong, n).strip()})")
    print("hateful rows caught with en+fr alone, and with the six languages loaded:")
    for r in result["recall"]:
        print(f"  {r['set']}: {r['hateful']} hateful, en+fr {r['en+fr']}, six {r['six']}, "
              f"lost {len(r['lost'])}")  # fmt: skip
        for text in r["lost"][:2]:
            print(f"      lost: {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
