"""Benchmark: false alarms on ordinary prose of each language, from translated manual pages.

The development data has benign sentences (Universal Dependencies) for English, French,
Spanish, German and Portuguese, none for Italian, and all of them news, reviews and
encyclopedic prose.  Debian's ``manpages-<lang>`` packages hold the manual pages of
everyday commands translated by volunteers: technical prose with many words the packs'
general lists do not hold (``pianificate``, ``autentificación``, ``monousuario``), which
is what makes the segmenter cut a word into pieces and the typo readings reach for a
term.  Nothing in them is offensive, so every sentence flagged is a false alarm.

Each language's pages (``/usr/share/man/<folder>/man*/*.gz``) are read in sorted order,
their roff markup stripped, cut into sentences of 6 to 40 words that are mostly letters,
deduplicated, sorted, shuffled with a fixed seed and cut to ``--limit``: the same
sentences on every machine with the same package version.  Even places (0-based) are
the *study* half, odd ones the *check* half, so that data work can read one half and
only measure the other.  The scorer loads English, French and the languages of issue
#18's bars file (``benchmarks/languages_bars.toml``, whose benign share is also this
benchmark's bar; ``--packs`` to change), and every flagged sentence is listed with the
words that matched and how.

A language whose pages are not installed is N/A, with the package to install
(``apt-get install manpages-it``).  Nothing is timed.

    python benchmarks/manpages.py [--lang it ...] [--limit 3000] [--root /usr/share/man]
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus
from benchmarks.languages import BASE, load_bars
from nudge.scorer import Assessment, Scorer

NAME: Final = "manpages"
SEED: Final = 7
LANGUAGES: Final = {
    "it": ("it", "manpages-it"),
    "es": ("es", "manpages-es"),
    "de": ("de", "manpages-de"),
    "pt": ("pt_BR", "manpages-pt-br"),
    "fr": ("fr", "manpages-fr"),
    "en": (".", "manpages"),
}
"""A language's folder under the manual root and the Debian package that fills it.
English pages are the originals, installed by every package that has any: their
sentences depend on what the machine has installed, not on one package."""

# roff: a request or comment line, and the escapes that are markup, not text.
_REQUEST: Final = re.compile(r"^[.']")
_ESCAPE: Final = re.compile(r"\\f[BIRP]|\\f\(..|\\\(..|\\[-&e]|\\s[-+]?\d")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")
_FEWEST_WORDS: Final = 6
_MOST_WORDS: Final = 40
_LETTER_SHARE: Final = 0.7


def _text_of(page: str) -> str:
    """The running text of a roff page: request lines dropped, font and size escapes
    removed, lines joined."""
    lines = (line for line in page.splitlines() if not _REQUEST.match(line))
    return " ".join(_ESCAPE.sub("", line).replace("\\", "") for line in lines)


def _is_prose(sentence: str) -> bool:
    words = sentence.split()
    if not _FEWEST_WORDS <= len(words) <= _MOST_WORDS:
        return False
    # Spaces are no characters of the sentence here; tabs (table columns) are.
    characters = sentence.replace(" ", "")
    return sum(c.isalpha() for c in characters) > _LETTER_SHARE * len(characters)


def _pages(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("man*/*.gz")):
        try:
            yield gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        except (OSError, EOFError):
            continue  # a page that is no gzip file (a link left dangling): not prose


def sentences(folder: Path, limit: int, seed: int = SEED) -> list[str]:
    """Up to ``limit`` prose sentences of the manual pages under ``folder``, the same
    ones on every run (sorted, then shuffled with ``seed``).

    >>> sentences(Path("/nonexistent"), 10)
    []
    """
    found = {
        s.strip()
        for page in _pages(folder)
        for s in _SENTENCE_END.split(_text_of(page))
        if _is_prose(s.strip())
    }
    chosen = sorted(found)
    random.Random(seed).shuffle(chosen)
    return chosen[:limit]


def _words(a: Assessment) -> str:
    return ", ".join(f"{m.term} ({'+'.join(m.steps) or 'as typed'})" for m in a.matches)


def _half(scorer: Scorer, texts: Sequence[str], parity: int) -> dict[str, Any]:
    part = list(texts[parity::2])
    flagged = [
        {"text": t, "matched": _words(a)}
        for t, a in zip(part, scorer.score_many(part), strict=True)
        if a.flagged
    ]
    share = len(flagged) / len(part) if part else None
    return {"n": len(part), "flagged": len(flagged), "share": share, "texts": flagged}


def measure(scorer: Scorer, root: Path, code: str, limit: int) -> dict[str, Any]:
    """One language's figures: both halves' flagged sentences (none when its pages are
    not installed)."""
    folder, package = LANGUAGES[code]
    texts = sentences(root / folder, limit)
    row: dict[str, Any] = {"lang": code, "folder": str(root / folder), "package": package}
    row["n"] = len(texts)
    row["study"] = _half(scorer, texts, 0)
    row["check"] = _half(scorer, texts, 1)
    flagged = row["study"]["flagged"] + row["check"]["flagged"]
    row["flagged"] = flagged
    row["share"] = flagged / len(texts) if texts else None
    return row


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/manpages.py",
        description="False alarms on the translated manual pages of each language.",
    )
    parser.add_argument(
        "--lang", action="append", default=None, choices=sorted(LANGUAGES), metavar="CODE",
        help="measure only this language (repeatable; default: every one)",
    )  # fmt: skip
    parser.add_argument(
        "--limit", type=int, default=3000, metavar="N",
        help="sentences a language (default 3000)",
    )  # fmt: skip
    parser.add_argument(
        "--root", type=Path, default=Path("/usr/share/man"), metavar="PATH",
        help="where the manual pages are installed (default /usr/share/man)",
    )  # fmt: skip
    parser.add_argument(
        "--packs", default=None, metavar="CODES",
        help="packs to load, comma-separated (default: en, fr and the languages of "
        "benchmarks/languages_bars.toml)",
    )  # fmt: skip
    parser.add_argument(
        "--json", type=Path, default=None, metavar="PATH", help="write the result dict to PATH"
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the tables")
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Measure every language asked for and return the figures and bars as a dict."""
    opts = _corpus.with_defaults(build_parser(), args)
    if opts.limit < 1:
        raise SystemExit("--limit must be at least 1")
    # The bar and the default packs are issue #18's, read where languages.py reads them.
    bars_file = load_bars()
    below = bars_file["benign"]["below"]
    packs = (
        opts.packs.split(",")
        if opts.packs
        else [*BASE, *(c["code"] for c in bars_file["languages"])]
    )
    scorer = Scorer.load([p for p in packs if p])
    codes = opts.lang or list(LANGUAGES)
    rows = [measure(scorer, Path(opts.root), code, opts.limit) for code in codes]
    bars = [
        _corpus.bar(
            f"{r['lang']} manual pages: % flagged",
            None if r["share"] is None else 100 * r["share"],
            "<",
            100 * below,
            " %",
        )
        for r in rows
    ]
    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": {"root": str(opts.root), "limit": opts.limit, "seed": SEED},
        "packs": [f"{p.code} {p.version}" for p in scorer.packs],
        "languages": rows,
    }
    return _corpus.finish(result, bars, opts, report)


def report(result: dict[str, Any]) -> str:
    """The result as readable lines, with the command that produced it."""
    env = result["environment"]
    lines = [
        f"$ {result['command']}",
        f"nudge {result['nudge_version']} (packs {', '.join(result['packs'])}), "
        f"Python {env['python']}, {env['date']}",
    ]
    for r in result["languages"]:
        if not r["n"]:
            install = f"apt-get install {r['package']}"
            lines.append(f"\n{r['lang']}: no pages in {r['folder']} ({install})")
            continue
        lines.append(f"\n{r['lang']}: {r['flagged']}/{r['n']} flagged ({100 * r['share']:.2f} %)")
        for half in ("study", "check"):
            h = r[half]
            lines.append(f"  {half} half: {h['flagged']}/{h['n']}")
            lines += [f"    flagged: {t['text']}  [{t['matched']}]" for t in h["texts"]]
    lines += _corpus.bars_summary(result["bars"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
