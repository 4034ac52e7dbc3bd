"""The normaliser: undo the obfuscation people use to slip insults past a filter.

``normalize(text)`` runs an ordered pipeline of small, pure, named steps over the text
and returns a frozen :class:`Normalized` that keeps a map from every position of the
folded text back to the characters the person typed.  Each step is a function of its
own, listed in :data:`STEPS` in the order it runs, and each can be switched off through
:class:`NormalizeConfig`.  ``Normalized.steps`` names the steps that changed something,
so the scorer can say "matched after undoing leetspeak" and a test can replay the plan.

>>> n = normalize("T'es qu'un b0uff0n")
>>> n.text
"t'es qu'un bouffon"
>>> n.steps
('casefold', 'leet')
>>> [t.text for t in n.tokens()]
["t'", 'es', "qu'", 'un', 'bouffon']
>>> n.to_original(11, 18)
(11, 18)

Every step is at most linear in the length of its input, and most comments (plain
ASCII with nothing to undo) take a fast path whose offset map is the identity.
"""

from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cache, lru_cache
from importlib import resources
from typing import Final

import regex
from unidecode import unidecode

__all__ = [
    "STEPS",
    "NormalizeConfig",
    "Normalized",
    "Token",
    "TokenKind",
    "normalize",
]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Tables:
    leet: dict[str, str]
    homoglyphs: dict[str, str]
    standalone_letters: frozenset[str]
    elisions: tuple[str, ...]


@cache
def _tables() -> _Tables:
    """Character tables from ``_data/normalizer.toml``, read once, on first use."""
    raw = tomllib.loads(
        resources.files("nudge").joinpath("_data/normalizer.toml").read_text(encoding="utf-8")
    )
    return _Tables(
        leet=dict(raw["leet"]),
        homoglyphs=dict(raw["homoglyphs"]),
        standalone_letters=frozenset(raw["tokens"]["standalone_letters"]),
        elisions=tuple(raw["tokens"]["elisions"]),
    )


# ------------------------------------------------------------------------- config


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """Which steps run. Every step is on by default; switch one off by name.

    >>> cfg = NormalizeConfig(leet=False)
    >>> normalize("b1tch", cfg).text
    'b1tch'
    >>> NormalizeConfig.only("casefold").enabled()
    ('casefold',)
    """

    invisible: bool = True
    """Remove zero-width, bidi, soft-hyphen, tag and control characters (not inside emoji)."""
    nfkc: bool = True
    """Unicode NFKC: fullwidth and mathematical letters (ｆｕｃｋ, 𝐟𝐮𝐜𝐤) become plain letters."""
    casefold: bool = True
    """Unicode case folding (``str.casefold``)."""
    zalgo: bool = True
    """Drop stacks of three or more combining marks (Zalgo text)."""
    accents: bool = True
    """Fold accented Latin letters (é→e, ß→ss, œ→oe) and typographic apostrophes."""
    homoglyphs: bool = True
    """Map Cyrillic/Greek look-alikes to Latin inside words that mix scripts."""
    leet: bool = True
    """Undo leetspeak (b1tch, $hit, sh!t) inside words that mix letters and symbols."""
    masks: bool = True
    """Keep masked letters (f*ck, sh#t) as ``*`` wildcards for the matcher."""
    split_letters: bool = True
    """Join runs of three or more single letters (f u c k, f.u.c.k)."""
    stretched: bool = True
    """Squeeze runs of three or more identical letters to two, and remember where."""
    emoji: bool = True
    """Recognise emoji (ZWJ sequences, skin tones, flags, keycaps) as single tokens."""

    @classmethod
    def only(cls, *names: str) -> NormalizeConfig:
        """A config with only the named steps on (used to replay ``Normalized.steps``).

        >>> NormalizeConfig.only("leet", "casefold").leet
        True
        """
        known = {f.name for f in fields(cls)}
        unknown = set(names) - known
        if unknown:
            raise ValueError(f"unknown normaliser steps: {sorted(unknown)}")
        return cls(**{name: name in names for name in known})

    def enabled(self) -> tuple[str, ...]:
        """Names of the steps that are on, in pipeline order.

        >>> len(NormalizeConfig().enabled()) == len(STEPS)
        True
        """
        return tuple(name for name, _ in STEPS if getattr(self, name))


_DEFAULT_CONFIG: Final = NormalizeConfig()


# ------------------------------------------------------------------------ results


class TokenKind(Enum):
    """What a token is."""

    WORD = "word"
    NUMBER = "number"
    EMOJI = "emoji"
    MENTION = "mention"
    HASHTAG = "hashtag"
    URL = "url"


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number, emoji, mention, hashtag or URL of a normalised text.

    ``text`` is the folded form (for an emoji, its name such as ``:middle_finger:``);
    ``start``/``end`` index ``Normalized.text``; ``orig_start``/``orig_end`` index the
    original text; ``stretched`` holds the positions (in ``text``) of doubled letters
    that were squeezed from a longer run, so the matcher may also try them single.

    >>> normalize("fuuuuck 🖕🏽").tokens()[1].text
    ':middle_finger:'
    """

    text: str
    kind: TokenKind
    start: int
    end: int
    orig_start: int
    orig_end: int
    stretched: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of :func:`normalize`: folded text, the steps that ran, and the offset map.

    >>> n = normalize("ＦＵＣＫ")
    >>> n.original, n.text, n.steps
    ('ＦＵＣＫ', 'fuck', ('nfkc', 'casefold'))
    """

    original: str
    text: str
    steps: tuple[str, ...]
    _starts: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    _ends: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    _stretched: frozenset[int] = field(default=frozenset(), repr=False, compare=False)
    _emoji: bool = field(default=True, repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of ``.text`` to the span of ``.original`` it came from.

        >>> n = normalize("con\\u200bnard")
        >>> n.text, n.to_original(0, 7)
        ('connard', (0, 8))
        """
        size = len(self.text)
        if not 0 <= start <= end <= size:
            raise IndexError(f"span ({start}, {end}) is outside the text (length {size})")
        if self._starts is None or self._ends is None:
            return start, end
        if start == end:
            point = self._starts[start] if start < size else len(self.original)
            return point, point
        return self._starts[start], self._ends[end - 1]

    def tokens(self) -> tuple[Token, ...]:
        """Words, numbers, emoji, mentions, hashtags and URLs, with both kinds of offsets.

        French elisions are split the way French readers read them.

        >>> [t.text for t in normalize("J'te dis: l'école, c'est nul 😡").tokens()]
        ["j'", 'te', 'dis', "l'", 'ecole', "c'", 'est', 'nul', ':enraged_face:']
        """
        return tuple(self._iter_tokens())

    def words(self) -> list[str]:
        """Just the folded texts of the tokens: the cheap form the scorer's fast path uses.

        >>> normalize("You are a b1tch!").words()
        ['you', 'are', 'a', 'bitch']
        """
        if self.text.isascii():
            ascii_found: list[str] = _ascii_word_pattern().findall(self.text)
            return ascii_found
        found: list[str] = _word_pattern().findall(self.text)
        if not self._emoji:
            return [w for w in found if w.isascii() or not _EMOJI_START.match(w)]
        return [w if w.isascii() or not _EMOJI_START.match(w) else emoji_name(w) for w in found]

    def scan(self) -> tuple[list[str], list[int], list[int], list[str]]:
        """Tokens as parallel lists: folded texts, starts and ends in ``.text``, kinds.

        The allocation-free form of :meth:`tokens` for hot loops; kinds are
        :class:`TokenKind` values.

        >>> words, starts, ends, kinds = normalize("@bob t'es nul").scan()
        >>> words, starts, kinds
        (['@bob', "t'", 'es', 'nul'], [0, 5, 7, 10], ['mention', 'word', 'word', 'word'])
        """
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        kinds: list[str] = []
        emoji_on = self._emoji
        pattern = _ascii_token_pattern() if self.text.isascii() else _token_pattern()
        for m in pattern.finditer(self.text):
            kind = _KIND_VALUE[m.lastgroup or "word"]
            text = m.group()
            if kind == "emoji":
                if not emoji_on:
                    continue
                text = emoji_name(text)
            a, b = m.span()
            words.append(text)
            starts.append(a)
            ends.append(b)
            kinds.append(kind)
        return words, starts, ends, kinds

    def stretched_in(self, start: int, end: int) -> tuple[int, ...]:
        """Positions in ``[start, end)`` of ``.text`` that hold letters squeezed from a run.

        >>> normalize("fuuuuck").stretched_in(0, 5)
        (1, 2)
        """
        marks = self._stretched
        if not marks:
            return ()
        return tuple(i for i in range(start, end) if i in marks)

    def _iter_tokens(self) -> Iterator[Token]:
        words, starts, ends, kinds = self.scan()
        for text, start, end, kind in zip(words, starts, ends, kinds, strict=True):
            orig_start, orig_end = self.to_original(start, end)
            yield Token(
                text,
                TokenKind(kind),
                start,
                end,
                orig_start,
                orig_end,
                self.stretched_in(start, end),
            )


# -------------------------------------------------------------------- the offsets


class _Work:
    """The text being folded and, for each of its characters, the original span.

    ``starts is None`` means the map is the identity (the common case).
    Private and mutable, but never escapes ``normalize``.
    """

    __slots__ = ("ends", "starts", "stretched", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None
        self.ends: list[int] | None = None
        self.stretched: set[int] = set()

    def _span(self, i: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return i, i + 1
        return self.starts[i], self.ends[i]

    def rewrite(
        self,
        pattern: regex.Pattern[str] | re.Pattern[str],
        repl: Callable[[regex.Match[str] | re.Match[str]], str | None],
        *,
        protect: bool = False,
    ) -> bool:
        """Replace each match of ``pattern`` by ``repl(match)`` (``None``: leave it).

        A replacement as long as its match maps character to character; any other maps
        each of its characters to the whole span of the match.  With ``protect``, matches
        that start inside a URL or an e-mail address are left alone.  Returns whether
        the text changed.
        """
        text = self.text
        guarded = _protected_spans(text) if protect else []
        edits: list[tuple[int, int, str]] = []
        same_length = True
        for m in pattern.finditer(text):
            a, b = m.span()
            if guarded and _inside(guarded, a):
                continue
            new = repl(m)
            if new is None or new == m.group():
                continue
            edits.append((a, b, new))
            same_length = same_length and len(new) == b - a
        if not edits:
            return False
        pieces: list[str] = []
        pos = 0
        for a, b, new in edits:
            pieces.append(text[pos:a])
            pieces.append(new)
            pos = b
        pieces.append(text[pos:])
        self.text = "".join(pieces)
        if same_length:
            # Character for character: the offset map does not move.
            return True
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for a, b, new in edits:
            self._copy_map(pos, a, starts, ends)
            if len(new) == b - a:
                self._copy_map(a, b, starts, ends)
            elif new:
                lo = self._span(a)[0]
                hi = self._span(b - 1)[1]
                starts.extend([lo] * len(new))
                ends.extend([hi] * len(new))
            pos = b
        self._copy_map(pos, len(text), starts, ends)
        self.starts, self.ends = starts, ends
        self.stretched = set()
        return True

    def join(self, keep: list[tuple[int, int]]) -> None:
        """Keep only the listed ``[a, b)`` slices of the text (in order), dropping the rest."""
        starts: list[int] = []
        ends: list[int] = []
        for a, b in keep:
            self._copy_map(a, b, starts, ends)
        self.text = "".join(self.text[a:b] for a, b in keep)
        self.starts, self.ends = starts, ends

    def _copy_map(self, a: int, b: int, starts: list[int], ends: list[int]) -> None:
        if a >= b:
            return
        if self.starts is None or self.ends is None:
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            starts.extend(self.starts[a:b])
            ends.extend(self.ends[a:b])


_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"']+")
# Anchored on the "@" so the scan stays cheap; the local part is found by walking back.
_EMAIL_DOMAIN = regex.compile(r"(?<=[\p{L}\p{N}._%+\-])@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+")
_EMAIL_LOCAL = frozenset("._%+-")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, which no folding step may touch."""
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if "@" in text:
        for m in _EMAIL_DOMAIN.finditer(text):
            a = m.start()
            while a > 0 and (text[a - 1].isalnum() or text[a - 1] in _EMAIL_LOCAL):
                a -= 1
            spans.append((a, m.end()))
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, len(spans) + 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# -------------------------------------------------------------------------- steps
#
# Each step takes the work in progress and returns whether it changed the text.  A
# step first asks a cheap question ("is there anything for me here?") so that a step
# with nothing to do costs one scan at C speed.

_EMOJI_SEQ = (
    r"(?:[\U0001F1E6-\U0001F1FF]{2}"  # flags: two regional indicators
    r"|[#*0-9]\uFE0F?\u20E3"  # keycaps
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # subdivision flags (tag sequences)
    r"|\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?"
    r"(?:\u200D\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?)*"
    r"|[\U0001F1E6-\U0001F1FF])"
)

# Invisible and format characters, controls but tab/newline/CR, lone surrogates and
# variation selectors.  Emoji sequences are matched first so that the ZWJ, variation
# selectors and tags inside them survive.
_INVISIBLE = regex.compile(
    _EMOJI_SEQ + r"|(?P<x>[\p{Cf}\p{Cs}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F"
    r"\uFE00-\uFE0F\U000E0100-\U000E01EF\u034F\u115F\u1160\u3164\uFFA0\u180E]+)",
    regex.V1,
)
_INVISIBLE_ANY = regex.compile(
    r"[\p{Cf}\p{Cs}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFE00-\uFE0F"
    r"\U000E0100-\U000E01EF\u034F\u115F\u1160\u3164\uFFA0\u180E]"
)


# Cheap probes for ASCII text, with the standard library's engine.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")
_ASCII_SPLIT = re.compile(r"(?<![A-Za-z0-9*'])[A-Za-z]([ .\-_])[A-Za-z]\1[A-Za-z](?![A-Za-z0-9*'])")
_ASCII_STRETCH = re.compile(r"([A-Za-z])\1\1")


def step_invisible(work: _Work) -> bool:
    """1. Remove invisible and format characters outside emoji sequences.

    Zero-width space/non-joiner/joiner, soft hyphen, word joiner, bidi controls,
    variation selectors, tag characters, C0/C1 controls (not tab, newline, CR), lone
    surrogates.

    >>> normalize("con\\u200bnard\\u202e").text
    'connard'
    """
    text = work.text
    if not (_ASCII_CONTROL if text.isascii() else _INVISIBLE_ANY).search(text):
        return False
    return work.rewrite(_INVISIBLE, lambda m: "" if m.group("x") else None)


_GRAPHEME = regex.compile(r"\X")
_NON_ASCII_RUN = regex.compile(r"[\x00-\x7F]?[^\x00-\x7F]+")


def step_nfkc(work: _Work) -> bool:
    """2. Unicode NFKC, grapheme by grapheme so the offset map stays exact.

    >>> normalize("𝐟𝐮𝐜𝐤 ｆｕｃｋ").text
    'fuck fuck'
    """
    text = work.text
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return False

    def fold_run(m: regex.Match[str] | re.Match[str]) -> str | None:
        run = m.group()
        if unicodedata.is_normalized("NFKC", run):
            return None
        return unicodedata.normalize("NFKC", run)

    # Fold whole runs when the result keeps the length (the map is unchanged); else
    # fold grapheme by grapheme, which keeps each output character tied to its source.
    def by_length(m: regex.Match[str] | re.Match[str]) -> str | None:
        folded = fold_run(m)
        if folded is None or len(folded) == len(m.group()):
            return folded
        return None

    changed = work.rewrite(_NON_ASCII_RUN, by_length)
    if not unicodedata.is_normalized("NFKC", work.text):
        changed = work.rewrite(_GRAPHEME, fold_run) or changed
    return changed


_UPPER_OR_NON_ASCII = regex.compile(r"[A-Z]|[^\x00-\x7F]")


def step_casefold(work: _Work) -> bool:
    """3. Unicode case folding.

    >>> normalize("STRASSE Straße").text
    'strasse strasse'
    """
    text = work.text
    folded = text.casefold()
    if folded == text:
        return False
    if len(folded) == len(text):
        # Case folding never shortens a character, so equal lengths mean one to one.
        work.text = folded
        return True
    return work.rewrite(_UPPER_OR_NON_ASCII, lambda m: m.group().casefold())


_ZALGO = regex.compile(r"\p{M}{3,}")


def step_zalgo(work: _Work) -> bool:
    """4. Drop stacks of three or more combining marks (Zalgo text).

    >>> normalize("z\\u0351\\u0352\\u0353\\u0354a\\u0300\\u0301\\u0302lgo").text
    'zalgo'
    """
    if work.text.isascii():
        return False
    return work.rewrite(_ZALGO, lambda m: "")


_LATIN_FOLD = regex.compile(
    r"[\p{Latin}--[a-zA-Z]]+|(?<=\p{Latin})\p{Mn}+|[\u2018\u2019\u02BC\u00B4\u0060\u2032]", regex.V1
)
_APOSTROPHES = frozenset("\u2018\u2019\u02bc\u00b4\u0060\u2032")


@lru_cache(maxsize=4096)
def _fold_latin(chunk: str) -> str:
    out = []
    for ch in chunk:
        if unicodedata.category(ch).startswith("M"):
            continue
        folded = unidecode(ch)
        # unidecode turns a few letters into punctuation or nothing: keep those as they are.
        if not (folded.isalpha() and folded.isascii()):
            out.append(ch)
        else:
            # Keep the letter's case: a lower-case letter must not come out upper case.
            out.append(folded if ch.isupper() else folded.lower())
    return "".join(out)


def step_accents(work: _Work) -> bool:
    """5. Fold accented Latin letters with unidecode, and typographic apostrophes to ``'``.

    >>> normalize("Pétasse, cœur, naïve, Straße, l’école").text
    "petasse, coeur, naive, strasse, l'ecole"
    """
    if work.text.isascii() and "`" not in work.text:
        return False

    def fold(m: regex.Match[str] | re.Match[str]) -> str:
        chunk = m.group()
        if chunk[0] in _APOSTROPHES:
            return "'"
        return (
            _fold_latin(chunk)
            if len(chunk) < 64
            else "".join(_fold_latin(chunk[i : i + 32]) for i in range(0, len(chunk), 32))
        )

    return work.rewrite(_LATIN_FOLD, fold)


# A "leet word": letters, digits and the symbols people put in words.  Used by the
# homoglyph and leet steps to decide what counts as one word.
_LEET_WORD = regex.compile(r"[\p{L}\p{M}\p{N}@$!€]+")
_HAS_NON_LATIN_LETTER = regex.compile(r"[^\p{Latin}\P{L}]")


def step_homoglyphs(work: _Work) -> bool:
    """6. Map look-alike letters to Latin inside words that mix scripts.

    >>> normalize("рussy Москва").text  # Cyrillic р in the first word only
    'pussy москва'
    """
    if work.text.isascii():
        return False
    table = _tables().homoglyphs

    def fold(m: regex.Match[str] | re.Match[str]) -> str | None:
        word = m.group()
        if word.isascii() or not _HAS_LATIN.search(word):
            return None
        if not _HAS_NON_LATIN_LETTER.search(word):
            return None
        return "".join(table.get(ch, ch) for ch in word)

    return work.rewrite(_LEET_WORD, fold)


_HAS_LATIN = regex.compile(r"[a-z]")
_LEET_CANDIDATE = re.compile(r"[a-z][0-9@$!€]|[0-9@$!€][a-z]")
# Only words holding a leet character next to a letter are handed to Python; the
# lookbehind anchors each try at a word start, which keeps the scan linear.
_LEET_SPAN = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}@$!€])[\p{L}\p{M}\p{N}@$!€]*?"
    r"(?:\p{L}[0-9@$!€]|[0-9@$!€]\p{L})[\p{L}\p{M}\p{N}@$!€]*"
)


def _leet_word(word: str, table: dict[str, str]) -> str | None:
    """Decode the leet characters of one word, or ``None`` when it is not leet."""
    if not _HAS_LATIN.search(word) or word.isdigit():
        return None
    n = len(word)
    out = list(word)
    changed = False
    i = 0
    while i < n:
        ch = word[i]
        if ch not in table:
            i += 1
            continue
        j = i
        while j < n and word[j] in table:
            j += 1
        before = i > 0 and word[i - 1].isalpha()
        after = j < n and word[j].isalpha()
        letters_after = sum(1 for c in word[j:] if c.isalpha())
        inside = before and after
        # "3nculé": a lone leading digit before a word of three or more letters.
        leading = i == 0 and j - i == 1 and ch.isdigit() and letters_after >= 3 and after
        # "$hit", "@ss": a leading $ or @ before letters (a longer @name is a mention).
        leading_symbol = i == 0 and ch in "$@" and after and (ch == "$" or letters_after <= 2)
        # "a$$": trailing symbols after letters.
        trailing_symbol = before and j == n and all(c in "$" for c in word[i:j])
        if inside or leading or leading_symbol or trailing_symbol:
            for k in range(i, j):
                out[k] = table[word[k]]
            changed = True
        i = j
    return "".join(out) if changed else None


def step_leet(work: _Work) -> bool:
    """7. Undo leetspeak inside words that mix letters with digits or symbols.

    Numbers standing alone (``2019``, ``3018``, ``100%``) and ordinals (``1st``) stay.

    >>> normalize("b1tch $hit sh!t @ss ph0que 3nculé 2019 1st mp3").text
    'bitch shit shit ass phoque encule 2019 1st mp3'
    """
    text = work.text
    if not _LEET_CANDIDATE.search(text):
        return False
    table = _tables().leet
    return work.rewrite(_LEET_SPAN, lambda m: _leet_word(m.group(), table), protect=True)


_MASK = regex.compile(r"(?<=\p{L})(?:[*]+(?=\p{L})|#+(?=\p{L})|[*]{2,}(?![\p{L}\p{N}]))")
_MASK_WORD_START = regex.compile(r"(?:^|(?<=\s))\*")


def step_masks(work: _Work) -> bool:
    """8. Keep masked letters as ``*`` wildcards: ``f*ck``, ``f**k``, ``sh#t``, ``sh**``.

    A ``*`` that opens a word (``*bold*``) is emphasis, not a mask, and ``C#`` stays.

    >>> normalize("f*ck sh#t c*nnard C# *bold*").text
    'f*ck sh*t c*nnard c# *bold*'
    """
    text = work.text
    if "*" not in text and "#" not in text:
        return False

    def mask(m: regex.Match[str] | re.Match[str]) -> str | None:
        # Emphasis: the word this run belongs to opens with "*".
        start = text.rfind(" ", 0, m.start()) + 1
        if text.startswith("*", start):
            return None
        return "*" * len(m.group())

    return work.rewrite(_MASK, mask, protect=True)


_SPLIT = regex.compile(
    r"(?<![\p{L}\p{N}*'])(\p{L})([ .\-_])\p{L}(?![\p{L}\p{N}*'])(?:\2\p{L}(?![\p{L}\p{N}*']))+"
)


def step_split_letters(work: _Work) -> bool:
    """9. Join runs of three or more single letters with one kind of separator.

    A run made only of letters that are words by themselves (``à a y``) stays apart.

    A leading letter that is a word by itself stays apart when three letters follow
    it (``a c u n t`` → ``a cunt``).

    >>> normalize("f u c k, f.u.c.k, c o n n a r d, I am a cat, il y a à a y").text
    'fuck, fuck, connard, i am a cat, il y a a a y'
    """
    text = work.text
    if not (_ASCII_SPLIT if text.isascii() else _SPLIT).search(text):
        return False
    standalone = _tables().standalone_letters
    keep: list[tuple[int, int]] = []
    pos = 0
    changed = False
    for m in _SPLIT.finditer(text):
        run = m.group()
        sep = m.group(2)
        letters = run.split(sep) if sep != " " or "  " not in run else run.split()
        if all(letter in standalone for letter in letters):
            continue
        start = m.start()
        if letters[0] in standalone and len(letters) >= 4:
            # "you're a c u n t": the leading article stays a word of its own.
            start += 1 + len(sep)
        changed = True
        keep.append((pos, start))
        keep.extend((i, i + 1) for i in range(start, m.end()) if text[i] != sep)
        pos = m.end()
    if not changed:
        return False
    keep.append((pos, len(text)))
    work.join(keep)
    return True


_STRETCH = regex.compile(r"(\p{L})\1{2,}")


def step_stretched(work: _Work) -> bool:
    """10. Squeeze runs of three or more identical letters to two, remembering where.

    ``ass`` and ``connard`` are untouched; the matcher tries a squeezed double both as
    two letters (``connnnard`` → ``connard``) and as one (``fuuuuck`` → ``fuck``).

    >>> normalize("fuuuuck connnnard biiiitch as ass").text
    'fuuck connard biitch as ass'
    """
    text = work.text
    if not (_ASCII_STRETCH if text.isascii() else _STRETCH).search(text):
        return False
    marks: list[int] = []

    def squeeze(m: regex.Match[str] | re.Match[str]) -> str:
        return m.group(1) * 2

    # Positions in the new text are found after the rewrite, by replaying the matches.
    shift = 0
    for m in _STRETCH.finditer(text):
        marks.append(m.start() - shift)
        shift += len(m.group()) - 2
    changed = work.rewrite(_STRETCH, squeeze, protect=True)
    work.stretched = set(marks) | {i + 1 for i in marks}
    return changed


def step_emoji(work: _Work) -> bool:
    """11. Recognise emoji; they become single tokens named as in the ``emoji`` package.

    The text keeps the emoji; skin tones and variation selectors are ignored in names.

    >>> [t.text for t in normalize("👍🏽 🇫🇷 👨‍👩‍👧 #️⃣").tokens()]
    [':thumbs_up:', ':France:', ':family_man_woman_girl:', ':keycap_#:']
    """
    return not work.text.isascii() and _EMOJI_ANY.search(work.text) is not None


_EMOJI_ANY = regex.compile(_EMOJI_SEQ, regex.V1)

STEPS: tuple[tuple[str, Callable[[_Work], bool]], ...] = (
    ("invisible", step_invisible),
    ("nfkc", step_nfkc),
    ("casefold", step_casefold),
    ("zalgo", step_zalgo),
    ("accents", step_accents),
    ("homoglyphs", step_homoglyphs),
    ("leet", step_leet),
    ("masks", step_masks),
    ("split_letters", step_split_letters),
    ("stretched", step_stretched),
    ("emoji", step_emoji),
)
"""The pipeline, in order: ``(name, function)``; names match :class:`NormalizeConfig` fields."""


# ----------------------------------------------------------------------- emoji names

_MODIFIERS = regex.compile(r"[\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]")


@lru_cache(maxsize=4096)
def emoji_name(sequence: str) -> str:
    """The ``emoji`` package's name of an emoji sequence, ignoring skin tones.

    >>> emoji_name("🖕🏿"), emoji_name("❤️"), emoji_name("❤")
    (':middle_finger:', ':red_heart:', ':red_heart:')
    """
    import emoji as emoji_pkg  # imported lazily: the package builds large tables on import

    data = emoji_pkg.EMOJI_DATA
    for candidate in (_MODIFIERS.sub("", sequence), sequence):
        for form in (candidate, candidate + "\ufe0f"):
            entry = data.get(form)
            if entry is not None:
                return str(entry["en"])
    base = _MODIFIERS.sub("", sequence)
    names = [unicodedata.name(ch, f"U+{ord(ch):04X}").lower().replace(" ", "_") for ch in base]
    return ":" + "_".join(n for n in names if n != "zero_width_joiner") + ":"


# --------------------------------------------------------------------- tokenising


def _token_source(letter: str, digit: str, mark: str, emoji: bool) -> str:
    """The token pattern, written once for two alphabets (Unicode classes, or plain ASCII)."""
    elisions = "|".join(
        sorted((regex.escape(e) for e in _tables().elisions), key=len, reverse=True)
    )
    lm = letter + mark
    word = rf"[{lm}{digit}*]+(?:['\-][{lm}{digit}*]+)*(?:\+\+?|\#(?![{letter}{digit}]))?"
    return (
        r"(?P<url>(?:https?://|www\.)[^\s<>\"']+"
        rf"|[{letter}{digit}._%+\-]++@[{letter}{digit}\-]+(?:\.[{letter}{digit}\-]+)+)"
        rf"|(?P<mention>@[{letter}{digit}_.]*[{letter}{digit}_])"
        rf"|(?P<hashtag>\#[{letter}{digit}_]+)"
        + (rf"|(?P<emoji>{_EMOJI_SEQ})" if emoji else "")
        + rf"|(?P<elision>(?<![{lm}{digit}'])(?:{elisions})'(?=[{letter}{digit}]|\s|$))"
        rf"|(?P<number>[{digit}]+(?:[.,:/][{digit}]+)*%?(?![{letter}*]))"
        rf"|(?P<word>{word})"
    )


@cache
def _token_pattern() -> regex.Pattern[str]:
    return regex.compile(_token_source(r"\p{L}", r"\p{N}", r"\p{M}", True), regex.V1)


@cache
def _ascii_token_pattern() -> re.Pattern[str]:
    """The same tokens for ASCII text, with the standard library's faster engine."""
    return re.compile(_token_source("A-Za-z", "0-9", "", False))


_KIND_BY_GROUP: Final = {
    "url": TokenKind.URL,
    "mention": TokenKind.MENTION,
    "hashtag": TokenKind.HASHTAG,
    "emoji": TokenKind.EMOJI,
    "elision": TokenKind.WORD,
    "number": TokenKind.NUMBER,
    "word": TokenKind.WORD,
}


@cache
def _word_pattern() -> regex.Pattern[str]:
    """The token pattern without named groups, so that ``findall`` returns plain strings."""
    return regex.compile(regex.sub(r"\(\?P<\w+>", "(?:", _token_pattern().pattern), regex.V1)


@cache
def _ascii_word_pattern() -> re.Pattern[str]:
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", _ascii_token_pattern().pattern))


_KIND_VALUE: Final = {group: kind.value for group, kind in _KIND_BY_GROUP.items()}
_EMOJI_START = regex.compile(_EMOJI_SEQ, regex.V1)


# ----------------------------------------------------------------------- the entry


_ASCII_WORK = re.compile(
    r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F`]"  # controls, backtick apostrophe
    r"|[a-zA-Z][0-9@$*#]|[0-9$*][a-zA-Z]|[a-zA-Z]![a-zA-Z]"  # leet and masks
    r"|(?<![\w@#])@[a-zA-Z]{1,2}\b"  # "@ss" (a longer @name is a mention)
    r"|([a-zA-Z])\1\1"  # stretched letters
    r"|(?<![A-Za-z0-9])[A-Za-z]([ .\-_])[A-Za-z]\2[A-Za-z](?![A-Za-z0-9])"  # split letters
)


def normalize(text: str, config: NormalizeConfig | None = None) -> Normalized:
    """Fold ``text`` through every enabled step of :data:`STEPS`.

    Accepts any ``str`` (empty, huge, lone surrogates, Zalgo, bidi controls, NUL);
    anything else raises ``TypeError``.

    >>> normalize("F.U.C.K y0u").text
    'fuck you'
    >>> normalize(b"bytes")
    Traceback (most recent call last):
    ...
    TypeError: normalize() expects str, got bytes
    """
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"normalize() expects str, got {type(text).__name__}")
        text = str(text)
    cfg = _DEFAULT_CONFIG if config is None else config
    # Fast path: plain ASCII with nothing to undo but case.
    if text.isascii() and not _ASCII_WORK.search(text):
        if cfg.casefold:
            folded = text.lower()
            if folded != text:
                return Normalized(text, folded, _CASEFOLD_ONLY, _emoji=cfg.emoji)
        return Normalized(text, text, (), _emoji=cfg.emoji)
    work = _Work(text)
    done: list[str] = []
    for name, step in STEPS:
        if getattr(cfg, name) and step(work):
            done.append(name)
    starts = None if work.starts is None else tuple(work.starts)
    ends = None if work.ends is None else tuple(work.ends)
    return Normalized(
        text,
        work.text,
        tuple(done),
        starts,
        ends,
        frozenset(work.stretched),
        cfg.emoji,
    )


_CASEFOLD_ONLY: Final = ("casefold",)


def replay(normalized: Normalized) -> Normalized:
    """Run only the steps ``normalized.steps`` names on its original: the same text results.

    >>> n = normalize("Ｔ'ｅｓ  un c*nnard")
    >>> replay(n).text == n.text
    True
    """
    return normalize(normalized.original, NormalizeConfig.only(*normalized.steps))
