"""Obfuscations people use to slip a word past a filter, as deterministic transforms.

Each transform takes one word and a seeded :class:`random.Random` and returns the
obfuscated word; :func:`obfuscate_text` applies one to chosen spans of a text.  Only
words of four or more letters are transformed (shorter words are returned unchanged).
The transforms are written from the attacker's side, not from the normaliser's tables,
so a gap in the normaliser shows up as a drop in the share still caught.

>>> rng = random.Random(0)
>>> obfuscate("connard", Obfuscation.FULLWIDTH, rng)
'ｃｏｎｎａｒｄ'
>>> obfuscate("con", Obfuscation.FULLWIDTH, rng)
'con'
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Final

__all__ = ["MIN_LETTERS", "STRETCH", "Obfuscation", "eligible_spans", "obfuscate", "obfuscate_text"]

MIN_LETTERS: Final = 4
"""Words shorter than this are never transformed."""

STRETCH: Final = 5
"""How many times :attr:`Obfuscation.STRETCHED` types its one letter."""


class Obfuscation(Enum):
    """The obfuscations ``--robustness`` applies, one at a time."""

    LEET = "leet"
    HOMOGLYPHS = "homoglyphs"
    ZERO_WIDTH = "zero_width"
    SPACED = "spaced"
    DOTTED = "dotted"
    STRETCHED = "stretched"
    MASKED = "masked"
    ACCENTS_ADDED = "accents_added"
    ACCENTS_REMOVED = "accents_removed"
    FULLWIDTH = "fullwidth"


# Letter -> characters a person types for it.  Only the usual ones.
_LEET: Final[dict[str, str]] = {
    "a": "4@",
    "e": "3",
    "i": "1!",
    "o": "0",
    "s": "5$",
    "t": "7",
    "b": "8",
    "g": "9",
}

# Latin letter -> Cyrillic or Greek look-alikes (lower case; Unicode confusables).
_HOMOGLYPHS: Final[dict[str, str]] = {
    "a": "аα",  # CYRILLIC A, GREEK ALPHA
    "c": "с",  # CYRILLIC ES
    "d": "ԁ",  # CYRILLIC KOMI DE
    "e": "е",  # CYRILLIC IE
    "h": "һ",  # CYRILLIC SHHA
    "i": "іι",  # CYRILLIC BYELORUSSIAN-UKRAINIAN I, GREEK IOTA
    "j": "ј",  # CYRILLIC JE
    "l": "ӏ",  # CYRILLIC PALOCHKA
    "o": "оο",  # CYRILLIC O, GREEK OMICRON
    "p": "рρ",  # CYRILLIC ER, GREEK RHO
    "q": "ԛ",  # CYRILLIC QA
    "s": "ѕ",  # CYRILLIC DZE
    "v": "ν",  # GREEK NU
    "w": "ԝ",  # CYRILLIC WE
    "x": "х",  # CYRILLIC HA
    "y": "у",  # CYRILLIC U
}

_ZERO_WIDTH: Final = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad")

# Letter -> accented forms that fold back to it with one character.
_ACCENTED: Final[dict[str, str]] = {
    "a": "àâäáã",
    "e": "éèêë",
    "i": "îïíì",
    "o": "ôöóò",
    "u": "ùûüú",
    "c": "ç",
    "n": "ñ",
    "y": "ÿý",
}

_WORD: Final = re.compile(r"[^\W\d_]+")

# Handles and links are not words a writer types: the platform writes a mention when a
# name is picked and a link when one is pasted, and spacing or masking their letters
# breaks them. Their letters are never obfuscated (``@u s e r`` is no disguise anyone
# uses, and it glues the mention to the spaced words after it).
_NOT_WRITTEN: Final = re.compile(r"@\w+|\bhttps?://\S+|\bwww\.\S+")


def _is_letter_word(word: str) -> bool:
    return len(word) >= MIN_LETTERS and all(ch.isalpha() for ch in word)


def _inner(word: str) -> range:
    """Positions strictly inside the word (never the first or last letter)."""
    return range(1, len(word) - 1)


def _substitute(word: str, spots: list[int], table: dict[str, str], rng: random.Random) -> str:
    """``word`` with a random non-empty subset of ``spots`` replaced from ``table``."""
    if not spots:
        return word
    chosen = set(rng.sample(spots, rng.randint(1, len(spots))))
    return "".join(
        rng.choice(table[ch.lower()]) if i in chosen else ch for i, ch in enumerate(word)
    )


def _leet(word: str, rng: random.Random) -> str:
    return _substitute(word, [i for i in _inner(word) if word[i].lower() in _LEET], _LEET, rng)


def _homoglyphs(word: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(word) if ch.lower() in _HOMOGLYPHS]
    latin = sum(1 for ch in word if "a" <= ch.lower() <= "z")
    # Keep at least one Latin letter: a word wholly in Cyrillic is a Cyrillic word.
    spots = spots[: max(0, latin - 1)] if len(spots) >= latin else spots
    return _substitute(word, spots, _HOMOGLYPHS, rng)


def _zero_width(word: str, rng: random.Random) -> str:
    gaps = list(range(1, len(word)))
    chosen = set(rng.sample(gaps, rng.randint(1, len(gaps))))
    return "".join(
        (rng.choice(_ZERO_WIDTH) + ch) if i in chosen else ch for i, ch in enumerate(word)
    )


def _spaced(word: str, rng: random.Random) -> str:
    return " ".join(word)


def _dotted(word: str, rng: random.Random) -> str:
    return ".".join(word)


def _stretched(word: str, rng: random.Random) -> str:
    # One letter typed five times (issue 17's bar), a vowel when there is one: "fuuuuck".
    vowels = [i for i, ch in enumerate(word) if ch.lower() in "aeiouy"]
    i = rng.choice(vowels or list(range(len(word))))
    return word[:i] + word[i] * STRETCH + word[i + 1 :]


def _masked(word: str, rng: random.Random) -> str:
    i = rng.choice(list(_inner(word)))
    return word[:i] + "*" + word[i + 1 :]


def _accents_added(word: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(word) if ch in _ACCENTED]
    if not spots:
        return word
    chosen = set(rng.sample(spots, rng.randint(1, len(spots))))
    return "".join(rng.choice(_ACCENTED[ch]) if i in chosen else ch for i, ch in enumerate(word))


def _accents_removed(word: str, rng: random.Random) -> str:
    out = []
    for ch in word:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isalpha() and len(base) == 1 else ch)
    return "".join(out)


def _fullwidth(word: str, rng: random.Random) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in word)


_TRANSFORMS: Final[dict[Obfuscation, Callable[[str, random.Random], str]]] = {
    Obfuscation.LEET: _leet,
    Obfuscation.HOMOGLYPHS: _homoglyphs,
    Obfuscation.ZERO_WIDTH: _zero_width,
    Obfuscation.SPACED: _spaced,
    Obfuscation.DOTTED: _dotted,
    Obfuscation.STRETCHED: _stretched,
    Obfuscation.MASKED: _masked,
    Obfuscation.ACCENTS_ADDED: _accents_added,
    Obfuscation.ACCENTS_REMOVED: _accents_removed,
    Obfuscation.FULLWIDTH: _fullwidth,
}


def obfuscate(word: str, kind: Obfuscation, rng: random.Random) -> str:
    """Obfuscate one word (letters only, four or more) the way ``kind`` says.

    Words that are shorter or hold anything but letters come back unchanged, and so
    does a word the obfuscation has nothing to do to (no accent to remove).

    >>> rng = random.Random(1)
    >>> obfuscate("bitch", Obfuscation.SPACED, rng)
    'b i t c h'
    >>> obfuscate("pénible", Obfuscation.ACCENTS_REMOVED, rng)
    'penible'

    """
    if not _is_letter_word(word):
        return word
    return _TRANSFORMS[kind](word, rng)


def eligible_spans(
    text: str, spans: Iterable[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """The words of four or more letters in ``text`` that overlap ``spans`` (all when ``None``).

    >>> eligible_spans("you are a stupid idiot", [(10, 16)])
    [(10, 16)]
    >>> eligible_spans("you are a stupid idiot")
    [(10, 16), (17, 22)]

    The letters of a handle or a link are left as they are:

    >>> eligible_spans("@user what an idiot https://t.co/abcd")
    [(6, 10), (14, 19)]
    """
    wanted = None if spans is None else _SpanIndex(spans)
    kept = _SpanIndex(m.span() for m in _NOT_WRITTEN.finditer(text))
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        a, b = m.span()
        if b - a < MIN_LETTERS or kept.overlaps(a, b):
            continue
        if wanted is None or wanted.overlaps(a, b):
            out.append((a, b))
    return out


class _SpanIndex:
    """Spans (possibly overlapping, any order) asked "does any overlap [a, b)?" in
    O(log n) each: a long text with many handles or matches stays near-linear."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the furthest end among the spans starting at or before each one
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self._starts, b)  # spans starting before b
        return k > 0 and self._reach[k - 1] > a


def obfuscate_text(
    text: str, spans: Iterable[tuple[int, int]], kind: Obfuscation, rng: random.Random
) -> str:
    """Obfuscate the words of ``text`` at ``spans`` (non-overlapping, any order).

    Under :attr:`Obfuscation.SPACED`, two obfuscated words with only white space between
    them run together: a person who spaces out every letter does not keep a wider gap
    between words, so ``stupid bitch`` becomes ``s t u p i d b i t c h``.

    >>> obfuscate_text("you idiot", [(4, 9)], Obfuscation.DOTTED, random.Random(0))
    'you i.d.i.o.t'
    >>> obfuscate_text("you stupid bitch", [(4, 10), (11, 16)], Obfuscation.SPACED,
    ...                random.Random(0))
    'you s t u p i d b i t c h'
    """
    pieces: list[str] = []
    pos = 0
    previous_changed = False
    for a, b in sorted(set(spans)):
        if a < pos:
            continue
        gap = text[pos:a]
        word = text[a:b]
        out = obfuscate(word, kind, rng)
        changed = out != word
        if kind is Obfuscation.SPACED and changed and previous_changed and gap.isspace():
            gap = " "
        pieces.append(gap)
        pieces.append(out)
        previous_changed = changed
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)
