"""General word lists of the packs' languages, handed to the compiled core's segmenter.

A language keeps its lists in its pack folder: ``lexicons/<code>/words.txt.gz``, one
folded word a line, most frequent first (the pieces a split may use), and
``words-rare.txt.gz``, the rest of the source list, sorted (words all the same, never
split).  Both are built by ``tools/build_words.py``; the source and licence are named in
the pack's ``pack.toml``.  A language without the file simply
has no segmentation.  Lists are read on first use and cached: the core copies them once
per compiled lexicon.
"""

from __future__ import annotations

import gzip
import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

from nudge.errors import LexiconError

__all__ = [
    "RARE_FILE",
    "WORDS_FILE",
    "SegmentLimits",
    "segment_limits",
    "segmenter_data",
    "word_text",
    "words",
]

WORDS_FILE: Final = "words.txt.gz"
RARE_FILE: Final = "words-rare.txt.gz"

SegmentLimits = tuple[int, int, int, int, int, int, int, int, int, int, int]
"""(max_word, max_token, short_rank, short_size, known_percent, typo_known_percent,
max_run, unknown_piece, unknown_letter, mask_word_rank, foreign_letters):
``_data/segment.toml``."""


def word_text(code: str, file: str = WORDS_FILE, folder: str = "") -> str:
    """One list of language ``code`` as its text, one folded word a line (empty when
    it has none): ``WORDS_FILE``, the frequent words, most frequent first, or
    ``RARE_FILE``, the others, sorted.  Not cached: the core keeps its own copy, and
    some 200,000 Python strings would double the memory of a loaded scorer.

    >>> word_text("en").split()[:3]
    ['the', 'you', 'i']
    >>> "rattachees" in word_text("fr", RARE_FILE).split()
    True
    >>> word_text("xx")
    ''

    ``folder``: the folder of a pack loaded by path (a maintainer's work in progress),
    whose own list is read when it has one; otherwise the bundled pack's.
    """
    base = code.split("-", 1)[0]
    if not base.isalpha():  # a code from data never names a path outside lexicons/
        return ""
    own = Path(folder, file) if folder else None
    if own is not None and own.is_file():
        path: Traversable | Path = own
    else:
        path = resources.files("nudge").joinpath("lexicons", base, file)
    if not path.is_file():
        return ""
    try:
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise LexiconError(
            f"unreadable word list: {exc}",
            path=str(own) if path is own else f"lexicons/{base}/{file}",
            field="words",
        ) from exc


def words(code: str, file: str = WORDS_FILE) -> tuple[str, ...]:
    """The words of one list (see :func:`word_text`), for tools and tests.

    >>> words("en")[:3]
    ('the', 'you', 'i')
    >>> words("../en")
    ()
    """
    return tuple(line for line in word_text(code, file).split("\n") if line)


@cache
def segment_limits() -> SegmentLimits:
    """The segmenter's bounds from ``_data/segment.toml``.

    >>> segment_limits()
    (20, 60, 40, 3, 60, 85, 400, 200, 50, 1000, 5)
    """
    raw = resources.files("nudge").joinpath("_data/segment.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    out = []
    keys = ("max_word", "max_token", "short_rank", "short_size", "known_percent")
    rest = ("typo_known_percent", "max_run", "unknown_piece", "unknown_letter", "mask_word_rank")
    last = ("foreign_letters",)
    for key in (*keys, *rest, *last):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise LexiconError(
                f"a positive integer is needed, got {value!r}",
                path="_data/segment.toml",
                field=key,
            )
        out.append(value)
    a, b, c, d, e, f, g, h, i, j, k = out
    return a, b, c, d, e, f, g, h, i, j, k


def segmenter_data(
    languages: tuple[str, ...], folders: tuple[str, ...] = ()
) -> tuple[list[tuple[str, str]], SegmentLimits]:
    """What the core's segmenter is built from: each language's frequent and rare
    words (as texts, from the pack's own folder when ``folders`` names one), and the
    bounds.

    >>> lists, limits = segmenter_data(("en", "xx"))
    >>> [len(frequent) > 1000 for frequent, _ in lists], limits
    ([True, False], (20, 60, 40, 3, 60, 85, 400, 200, 50, 1000, 5))
    """
    where = dict(zip(languages, folders, strict=False))
    lists = [
        (
            word_text(code, folder=where.get(code, "")),
            word_text(code, RARE_FILE, where.get(code, "")),
        )
        for code in languages
    ]
    return lists, segment_limits()
