"""Build the general word lists the segmenter reads: ``lexicons/<code>/words.txt.gz``.

Source: the word-frequency lists shipped in the PyPI package ``pyspellchecker``
(MIT licence, Tyler Barrus), counted on OpenSubtitles 2018: conversational text, the
register of comment sections, with the everyday words people glue together ("you",
"stupid", "ugly") near the top.  This keeps the ``--top`` most frequent alphabetic
entries (less the tie at the cut), folds each with nudge's own normaliser (so a word
reads as a comment's token does: ``réputation`` -> ``reputation``), drops duplicates,
and writes one word a line in
frequency order, gzip-compressed with a fixed timestamp (reproducible bytes); the rest
of the list goes to ``words-rare.txt.gz`` (sorted): words too rare to be a piece of a
split, but words all the same, which a glued token must not be cut from (``rattachées``
holds ``rat``).

    pip install pyspellchecker==0.9.1
    python tools/build_words.py en fr --top 40000
"""

from __future__ import annotations

import argparse
import gzip
import json
from importlib import resources
from pathlib import Path

from nudge.normalize import normalize

PACKS = Path(__file__).resolve().parents[1] / "src" / "nudge" / "lexicons"


def folded_words(code: str, top: int) -> tuple[list[str], list[str]]:
    """The ``top`` most frequent alphabetic words of ``code``, folded, in rank order, and
    every other word of the list, folded and sorted (known words, but too rare to be
    pieces of a split)."""
    data = resources.files("spellchecker") / "resources" / f"{code}.json.gz"
    counts: dict[str, int] = json.loads(gzip.decompress(data.read_bytes()))
    ranked = sorted(((w, n) for w, n in counts.items() if w.isalpha()), key=lambda kv: -kv[1])
    # Cut where the count drops below the ``top``-th one, never inside a run of equal
    # counts: the list's rare words share counts, and cutting a tie would keep an
    # arbitrary (alphabetical) part of them.
    floor = ranked[min(top, len(ranked)) - 1][1]
    out: dict[str, None] = {}
    rare: set[str] = set()
    for word, n in ranked:
        folded = normalize(word).words()
        if len(folded) != 1 or not folded[0].isalpha():
            continue
        if n > floor:
            out.setdefault(folded[0], None)
        else:
            rare.add(folded[0])
    return list(out), sorted(rare - set(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="+")
    parser.add_argument("--top", type=int, default=40_000)
    args = parser.parse_args()
    for code in args.codes:
        frequent, rare = folded_words(code, args.top)
        for name, words in (("words.txt.gz", frequent), ("words-rare.txt.gz", rare)):
            body = ("\n".join(words) + "\n").encode("utf-8")
            target = PACKS / code / name
            target.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
            print(f"{target}: {len(words)} words, {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
