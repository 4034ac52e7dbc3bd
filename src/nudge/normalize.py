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
    ordinals: frozenset[str]
    possessives: tuple[str, ...]
    plurals: tuple[str, ...]


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
        ordinals=frozenset(raw["tokens"]["ordinal_suffixes"]),
        possessives=tuple(raw["tokens"]["possessive_suffixes"]),
        plurals=tuple(raw["tokens"]["plural_endings"]),
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
    leet: bool = True
    """Undo leetspeak (b1tch, $hit, sh!t) inside words that mix letters and symbols."""
    masks: bool = True
    """Keep masked letters (f*ck, sh#t) as ``*`` wildcards for the matcher."""
    split_letters: bool = True
    """Join runs of three or more single letters (f u c k, f.u.c.k)."""
    homoglyphs: bool = True
    """Map Cyrillic/Greek look-alikes to Latin inside words that mix scripts."""
    accents: bool = True
    """Fold accented Latin letters (é→e, ß→ss, œ→oe) and typographic apostrophes."""
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
    _layers: tuple[_Layer, ...] = field(default=(), repr=False, compare=False)
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
        if not self._layers:
            return start, end
        if start == end:
            if start >= size:
                return len(self.original), len(self.original)
            point = self._back(start, end=False)
            return point, point
        return self._back(start, end=False), self._back(end - 1, end=True)

    def _back(self, pos: int, *, end: bool) -> int:
        """Where the character at ``pos`` of ``.text`` started (or ended) in the original."""
        if not end:
            for layer in reversed(self._layers):
                pos = layer.back(pos, end=False)
            return pos
        # An end is carried back as an exclusive end: each layer maps its last character.
        stop = pos + 1
        for layer in reversed(self._layers):
            stop = layer.back(stop - 1, end=True)
        return stop

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
        text = self.text
        if text.isascii():  # the common case, without a detour: no emoji to name
            found = _ascii_token_texts(text)
            return found
        return self._words_from(self._raw_words())

    def _words_from(self, found: list[str]) -> list[str]:
        """:meth:`words` from the token texts :meth:`_raw_words` gave."""
        if self.text.isascii():
            return found
        if not self._emoji:
            return [w for w in found if not _is_emoji_token(w)]
        return [emoji_name(w) if _is_emoji_token(w) else w for w in found]

    def scan(self) -> tuple[list[str], list[int], list[int], list[str]]:
        """Tokens as parallel lists: folded texts, starts and ends in ``.text``, kinds.

        The allocation-free form of :meth:`tokens` for hot loops; kinds are
        :class:`TokenKind` values.

        >>> words, starts, ends, kinds = normalize("@bob t'es nul").scan()
        >>> words, starts, kinds
        (['@bob', "t'", 'es', 'nul'], [0, 5, 7, 10], ['mention', 'word', 'word', 'word'])
        """
        return self._scan(self._raw_words())

    def _raw_words(self) -> list[str]:
        """The token texts as the pattern finds them (emoji as typed, not named)."""
        text = self.text
        if text.isascii():
            found = _ascii_token_texts(text)
        else:
            found = _word_pattern(_features(text)).findall(text)
        return found

    def _scan(self, raw: list[str]) -> tuple[list[str], list[int], list[int], list[str]]:
        """:meth:`scan` from the token texts ``raw`` that :meth:`_raw_words` gave.

        ``findall`` builds no match objects, which makes it several times faster than
        ``finditer``; the offsets are then found again with ``str.find``.  That is exact:
        what lies between two tokens holds no letter, digit, "@" or "#" (each would open a
        token), so a token's text cannot occur there, and its first occurrence after the
        previous token is the token itself.
        """
        text = self.text
        find = text.find
        words = raw[:]
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for w in raw:
            pos = find(w, pos)
            starts.append(pos)
            pos += len(w)
            ends.append(pos)
        kinds = ["word"] * len(raw)
        ascii_text = text.isascii()
        # Most tokens are plain words; only the others need a closer look.
        for q, w in enumerate(raw):
            if w.isalpha() and (ascii_text or not _opens_emoji(w[0])):
                continue
            kinds[q] = _token_kind(text, starts[q], w, ascii_text)
        if "emoji" in kinds:
            keep = [q for q, kind in enumerate(kinds) if kind != "emoji" or self._emoji]
            for q in keep:
                if kinds[q] == "emoji":
                    words[q] = emoji_name(words[q])
            if len(keep) < len(kinds):
                words = [words[q] for q in keep]
                starts = [starts[q] for q in keep]
                ends = [ends[q] for q in keep]
                kinds = [kinds[q] for q in keep]
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


@dataclass(frozen=True, slots=True)
class _Layer:
    """The edits one step made that changed lengths, in the coordinates of its output.

    Positions outside an edit shift by what the edits before them added or removed; a
    position inside an edit maps to the whole span the edit replaced.  Steps that only
    swap characters one for one add no layer, and the ASCII fast path has none at all, so
    the map costs nothing until ``to_original`` is asked.
    """

    new_starts: tuple[int, ...]
    new_ends: tuple[int, ...]
    old_starts: tuple[int, ...]
    old_ends: tuple[int, ...]

    def back(self, pos: int, *, end: bool) -> int:
        i = bisect.bisect_right(self.new_starts, pos) - 1
        if i < 0:
            return pos + 1 if end else pos
        if pos < self.new_ends[i]:
            if end:
                return self.old_ends[i]
            return self.old_starts[i]
        shifted = pos - self.new_ends[i] + self.old_ends[i]
        return shifted + 1 if end else shifted


class _Work:
    """The text being folded and the layers of edits that map it back to the original.

    Private and mutable, but never escapes ``normalize``.
    """

    __slots__ = ("last_edits", "layers", "stretched", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.layers: list[_Layer] = []
        self.stretched: set[int] = set()
        self.last_edits: list[tuple[int, int, str]] = []

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
        that start inside a URL, an e-mail address or a mention are left alone.  Returns
        whether the text changed.
        """
        text = self.text
        guarded = _protected_spans(text) if protect else []
        edits: list[tuple[int, int, str]] = []
        for m in pattern.finditer(text):
            a, b = m.span()
            if guarded and _overlaps(guarded, a, b):
                continue
            new = repl(m)
            if new is None or new == m.group():
                continue
            edits.append((a, b, new))
        self.apply(edits)
        return bool(edits)

    def rewrite_words(
        self,
        probe: regex.Pattern[str] | re.Pattern[str],
        repl: Callable[[str], str | None],
        *,
        protect: bool,
        check: Callable[[str, int, int], bool] | None = None,
    ) -> bool:
        """Like :meth:`rewrite`, for the words (runs of ``_LEET_WORD`` characters) that
        contain a match of ``probe``: the cheap probe finds them, Python widens each to
        its word, so the scan stays linear and fast however long the text.
        """
        text = self.text
        guarded = _protected_spans(text) if protect else []
        edits: list[tuple[int, int, str]] = []
        done = 0
        for m in probe.finditer(text):
            if m.start() < done:
                continue
            if check is not None and not check(text, m.start(), m.end()):
                continue
            a = m.start()
            while a > 0 and _is_word_char(text[a - 1]):
                a -= 1
            word = _LEET_WORD.match(text, a)
            b = word.end() if word else m.end()
            done = b
            if guarded and _overlaps(guarded, a, b):
                continue
            new = repl(text[a:b])
            if new is not None and new != text[a:b]:
                edits.append((a, b, new))
        self.apply(edits)
        return bool(edits)

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Apply ordered, non-overlapping ``(start, end, replacement)`` edits."""
        self.last_edits = edits
        if not edits:
            return
        text = self.text
        pieces: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        old_starts: list[int] = []
        old_ends: list[int] = []
        pos = 0
        out = 0
        for a, b, new in edits:
            pieces.append(text[pos:a])
            out += a - pos
            pieces.append(new)
            if len(new) != b - a:
                new_starts.append(out)
                new_ends.append(out + len(new))
                old_starts.append(a)
                old_ends.append(b)
            out += len(new)
            pos = b
        pieces.append(text[pos:])
        self.text = "".join(pieces)
        if new_starts:
            self.layers.append(
                _Layer(tuple(new_starts), tuple(new_ends), tuple(old_starts), tuple(old_ends))
            )
            self.stretched = set()


_URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\u02bc\u00b4`]+"
)
# Anchored on the "@" so the scan stays cheap; the local part is found by walking back.
_EMAIL_DOMAIN = regex.compile(r"(?<=[\p{L}\p{N}._%+\-])@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+")
_EMAIL_LOCAL = frozenset("._%+-")
# A mention of three or more characters is a user name, not text ("@ss" is leet).
_MENTION = regex.compile(r"(?<![\p{L}\p{M}\p{N}_@$!€])@[\p{L}\p{N}_.]{3,}")


# The same three for ASCII text, with the standard library's faster engine.
_ASCII_URL = re.compile(r"(?:https?://|www\.)[^\t\n\x0b\x0c\r <>\"'`]+")  # regex's \s
_ASCII_EMAIL_DOMAIN = re.compile(r"(?<=[A-Za-z0-9._%+\-])@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_ASCII_MENTION = re.compile(r"@(?<![A-Za-z0-9_@$!]@)[A-Za-z0-9_.]{3,}")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, which no folding step may touch."""
    spans: list[tuple[int, int]] = []
    plain = text.isascii()
    if "://" in text or "www." in text:
        spans.extend(m.span() for m in (_ASCII_URL if plain else _URL).finditer(text))
    if "@" in text:
        spans.extend(m.span() for m in (_ASCII_MENTION if plain else _MENTION).finditer(text))
        for m in (_ASCII_EMAIL_DOMAIN if plain else _EMAIL_DOMAIN).finditer(text):
            a = m.start()
            while a > 0 and (text[a - 1].isalnum() or text[a - 1] in _EMAIL_LOCAL):
                a -= 1
            spans.append((a, m.end()))
    spans.sort()
    # Merge overlapping spans (an address inside a URL), so each position has one span.
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether ``[a, b)`` shares a character with a protected span (sorted, disjoint)."""
    i = bisect.bisect_left(spans, (b, -1)) - 1
    return i >= 0 and spans[i][1] > a


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
# Cheap probes for ASCII text, with the standard library's engine.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")
_ASCII_SPLIT = re.compile(
    r"(?<![A-Za-z0-9*'@$!])[A-Za-z]( +|[.\-_])[A-Za-z]\1[A-Za-z](?![A-Za-z0-9*'])"
)
# Three or more of one letter: the stretched-letter step's probe and pattern on ASCII
# text, and the fast path's question.
_ASCII_STRETCH = re.compile(r"([A-Za-z])\1{2,}")
# Probes for other text with the standard library's faster engine. ``[^\W\d_]`` holds
# every letter (and a few number signs), so a probe may say yes where the exact pattern
# then finds nothing, never the other way round.
_STRETCH_PROBE = re.compile(r"([^\W\d_])\1\1")
# Split letters have a middle one standing alone: a separator, a letter (and its marks),
# separators, a letter.  The pattern opens with the separator, so the engine skips from
# one to the next.
_SPLIT_PROBE = re.compile(r"[ .\-_][^\W\d_][^\w\s]*[ .\-_]+[^\W\d_]")


def step_invisible(work: _Work) -> bool:
    """1. Remove invisible and format characters outside emoji sequences.

    Zero-width space/non-joiner/joiner, soft hyphen, word joiner, bidi controls,
    variation selectors, tag characters, C0/C1 controls (not tab, newline, CR), lone
    surrogates.

    >>> normalize("con\\u200bnard\\u202e").text
    'connard'
    """
    text = work.text
    if text.isascii():
        if not _ASCII_CONTROL.search(text):
            return False
        return work.rewrite(_INVISIBLE_RUN, lambda m: "")
    emoji_spans: list[tuple[int, int]] | None = None
    edits: list[tuple[int, int, str]] = []
    for m in _INVISIBLE_RUN.finditer(text):
        a, b = m.span()
        if _EMOJI_GLUE.fullmatch(m.group()) is None:
            edits.append((a, b, ""))
            continue
        # Joiners, variation selectors and tags may belong to an emoji sequence: those
        # stay. The sequences are found once, and only for text that has such glue.
        if emoji_spans is None:
            emoji_spans = sorted(e.span() for e in _EMOJI_ANY.finditer(text))
        for k in range(a, b):
            if not _inside(emoji_spans, k):
                edits.append((k, k + 1, ""))
    work.apply(_merge_deletions(edits))
    return bool(edits)


def _merge_deletions(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join adjacent deletions, so one invisible run is one edit."""
    out: list[tuple[int, int, str]] = []
    for a, b, new in edits:
        if out and out[-1][1] == a and not new and not out[-1][2]:
            out[-1] = (out[-1][0], b, "")
        else:
            out.append((a, b, new))
    return out


_INVISIBLE_RUN = regex.compile(
    r"[\p{Cf}\p{Cs}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F"
    r"\uFE00-\uFE0F\U000E0100-\U000E01EF\u034F\u115F\u1160\u3164\uFFA0\u180E]+"
)
# What may glue an emoji sequence together: ZWJ, variation selectors, tag characters.
_EMOJI_GLUE = regex.compile(r"[\u200D\uFE0E\uFE0F\U000E0020-\U000E007F]+")


_GRAPHEME = regex.compile(r"\X")
_NON_ASCII_RUN = re.compile(r"[\x00-\x7F]?[^\x00-\x7F]+")


def step_nfkc(work: _Work) -> bool:
    """2. Unicode NFKC, grapheme by grapheme so the offset map stays exact.

    >>> normalize("𝐟𝐮𝐜𝐤 ｆｕｃｋ").text
    'fuck fuck'
    """
    text = work.text
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return False
    # Fold whole runs of non-ASCII text when that keeps their length (the offset map does
    # not move); a run whose length changes is folded grapheme by grapheme, so that each
    # output character stays tied to the grapheme it came from.
    edits: list[tuple[int, int, str]] = []
    normalized = unicodedata.is_normalized
    fold = unicodedata.normalize
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group()
        if normalized("NFKC", run):
            continue
        folded = fold("NFKC", run)
        if len(folded) == len(run):
            edits.append((m.start(), m.end(), folded))
            continue
        for g in _GRAPHEME.finditer(text, m.start(), m.end()):
            cluster = g.group()
            if not normalized("NFKC", cluster):
                edits.append((g.start(), g.end(), fold("NFKC", cluster)))
    work.apply(edits)
    return bool(edits)


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
    # Some letters grow (ß → ss). Edit just those, then fold the rest one for one; a
    # letter the table does not know (a newer Unicode) falls back to run by run.
    grow = _growing_letters()
    edits = [(m.start(), m.end(), m.group().casefold()) for m in grow.finditer(text)]
    if len(text) + sum(len(new) - 1 for _, _, new in edits) == len(folded):
        work.apply(edits)
        work.text = work.text.casefold()
        return True
    edits = []
    for m in _NON_ASCII_ONLY.finditer(text):
        run = m.group()
        run_folded = run.casefold()
        if len(run_folded) == len(run):
            if run_folded != run:
                edits.append((m.start(), m.end(), run_folded))
            continue
        for k, ch in enumerate(run, m.start()):
            ch_folded = ch.casefold()
            if ch_folded != ch:
                edits.append((k, k + 1, ch_folded))
    work.apply(edits)
    work.text = work.text.translate(_ASCII_LOWER)
    return True


_NON_ASCII_ONLY = re.compile(r"[^\x00-\x7F]+")


@cache
def _growing_letters() -> re.Pattern[str]:
    """The characters whose case folding is longer than one character (ß, ŉ, ﬀ...: all
    in the Basic Multilingual Plane as of Unicode 15), one per match."""
    grow = "".join(re.escape(chr(c)) for c in range(0x10000) if len(chr(c).casefold()) != 1)
    return re.compile(f"[{grow}]")


_ASCII_LOWER: Final = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})


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
_MARK = regex.compile(r"\p{M}")


class _AccentTable(dict[int, str]):
    """``str.translate`` table that folds each Latin letter the first time it is seen.

    Its entries are pure functions of the character, so sharing it between threads is
    safe (at worst two threads compute the same entry).
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _APOSTROPHES:
            out = "'"
        elif _IS_FOLDABLE_LATIN.match(ch):
            out = _fold_latin(ch)
        else:
            out = ch
        if len(self) < 65536:
            self[code] = out
        return out


_IS_FOLDABLE_LATIN = regex.compile(r"[\p{Latin}--[a-zA-Z]]", regex.V1)
_ACCENT_TABLE: Final = _AccentTable()


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
    """9. Fold accented Latin letters with unidecode, and typographic apostrophes to ``'``.

    >>> normalize("Pétasse, cœur, naïve, Straße, l’école").text
    "petasse, coeur, naive, strasse, l'ecole"
    """
    text = work.text
    if text.isascii() and "`" not in text:
        return False
    # Most accents fold one letter to one letter (é→e): a C-speed translate does those,
    # and the offset map does not move.  Only text with a mark left over after a letter,
    # or a letter that expands (ß→ss, œ→oe), goes through the rewrite below.
    if not _MARK.search(text):
        folded = text.translate(_ACCENT_TABLE)
        if len(folded) == len(text):
            if folded == text:
                return False
            work.text = folded
            return True

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
    """8. Map look-alike letters to Latin inside words that mix scripts.

    >>> normalize("рussy Москва").text  # Cyrillic р in the first word only
    'pussy москва'
    """
    if work.text.isascii():
        return False
    pattern = _homoglyph_words()

    def fold(word: str) -> str | None:
        if not _HAS_LATIN_LETTER.search(word) or not _HAS_NON_LATIN_LETTER.search(word):
            return None
        return word.translate(_homoglyph_translation())

    if not pattern.search(work.text):
        return False
    return work.rewrite_words(pattern, fold, protect=False)


@cache
def _homoglyph_words() -> re.Pattern[str]:
    """A probe for the look-alike letters; the words holding them are widened from it."""
    chars = "".join(re.escape(c) for c in _tables().homoglyphs)
    return re.compile(rf"[{chars}]+")


@cache
def _homoglyph_translation() -> dict[int, str]:
    return {ord(k): v for k, v in _tables().homoglyphs.items()}


_HAS_LATIN_LETTER = regex.compile(r"\p{Latin}")
_LEET_CANDIDATE = re.compile(r"[a-z][0-9@$!€]|[0-9@$!€][a-z]")
# Leet characters are rare: find them, and let Python look at their neighbours.
_LEET_PROBE = re.compile(r"[0-9@$!€]+")


def _is_word_char(ch: str) -> bool:
    """Whether ``ch`` belongs to a "leet word" (the class of ``_LEET_WORD``)."""
    return ch.isalnum() or ch in "@$!€" or unicodedata.category(ch)[0] in "LMN"


# Only words holding a leet character next to a letter are handed to Python; the
# lookbehind anchors each try at a word start, which keeps the scan linear.
def _letterish(ch: str) -> bool:
    """A letter, or a combining mark that belongs to one (accents are folded later)."""
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _leet_word(word: str, table: dict[str, str], ordinals: frozenset[str]) -> str | None:
    """Decode the leet characters of one word, or ``None`` when it is not leet."""
    if not _HAS_LATIN_LETTER.search(word) or word.isdigit():
        return None
    n = len(word)
    # How many letters or leet characters follow each position, counted as the later
    # steps will write them, so that a second pass decides the same (one pass: linear).
    rest = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        ch = word[k]
        if ch.isascii() or ch in table:
            size = int(ch.isalpha() or ch in table)
        elif _IS_FOLDABLE_LATIN.match(ch):
            size = len(_fold_latin(ch))  # accent folding: "œ" is two letters, "oe"
        else:
            size = int(ch.isalpha())  # other scripts, look-alikes: one letter; marks: none
        if k + 2 < n and ch.isalpha() and word[k + 1] == ch and word[k + 2] == ch:
            size = 0  # a run of three or more is squeezed to two: count two of it
        rest[k] = rest[k + 1] + size
    out = list(word)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if word[i] not in table:
            i += 1
            continue
        j = i
        while j < n and word[j] in table:
            j += 1
        runs.append((i, j))
        i = j
    inside_any = False
    decode: list[tuple[int, int]] = []
    for i, j in runs:
        ch = word[i]
        before = i > 0 and _letterish(word[i - 1])
        after = j < n and _letterish(word[j])
        if before and after:
            decode.append((i, j))
            inside_any = True
        elif i == 0 and after:
            tail = word[j:]
            if ch in "$@":
                # "$hit", "@ss": a leading $ or @ (a longer @name is a mention).
                if ch == "$" or rest[j] <= 2:
                    decode.append((i, j))
            elif (
                (ch.isdigit() or ch == "€") and j - i == 1 and rest[j] >= 3 and tail not in ordinals
            ):
                # "3nculé": one leading digit or € before three or more letters, but
                # not an ordinal ("2ème", "1st").
                decode.append((i, j))
    for i, j in runs:
        if j == n and i > 0 and _letterish(word[i - 1]) and (i, j) not in decode:
            # Trailing: "a$$" always; "m3rd3" when the word has leet inside too.
            run = word[i:j]
            if all(c == "$" for c in run) or (inside_any and "!" not in run and "@" not in run):
                decode.append((i, j))
    if not decode:
        return None
    for i, j in decode:
        for k in range(i, j):
            out[k] = table[word[k]]
    return "".join(out)


def step_leet(work: _Work) -> bool:
    """5. Undo leetspeak inside words that mix letters with digits or symbols.

    Numbers standing alone (``2019``, ``3018``, ``100%``) and ordinals (``1st``) stay.

    >>> normalize("b1tch $hit sh!t @ss ph0que 3nculé 2019 1st mp3").text
    'bitch shit shit ass phoque encule 2019 1st mp3'
    """
    text = work.text
    # Leet characters are rare: most text has none, and then there is nothing to do.
    if not (_LEET_CANDIDATE if text.isascii() else _LEET_PROBE).search(text):
        return False
    tables = _tables()
    table, ordinals = tables.leet, tables.ordinals
    return work.rewrite_words(
        _LEET_PROBE,
        lambda word: _leet_word(word, table, ordinals),
        protect=True,
        check=_next_to_letter,
    )


def _next_to_letter(text: str, a: int, b: int) -> bool:
    """Whether the run ``text[a:b]`` touches a letter (or a letter's combining mark)."""
    return (a > 0 and _letterish(text[a - 1])) or (b < len(text) and text[b].isalpha())


_MASK = regex.compile(r"(?<=[\p{L}\p{M}])(?:[*]+(?=\p{L})|#+(?=\p{L})|[*]{2,}(?![\p{L}\p{N}]))")


def step_masks(work: _Work) -> bool:
    """6. Keep masked letters as ``*`` wildcards: ``f*ck``, ``f**k``, ``sh#t``, ``sh**``.

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
    r"(?<![\p{L}\p{M}\p{N}*'@$!€])(\p{L}\p{M}*)( +|[.\-_])\p{L}\p{M}*(?![\p{L}\p{N}*'])"
    r"(?:\2\p{L}\p{M}*(?![\p{L}\p{N}*']))+"
)


def step_split_letters(work: _Work) -> bool:
    """7. Join runs of three or more single letters with one kind of separator.

    A run made only of letters that are words by themselves (``à a y``) stays apart.
    (``a c u n t`` becomes ``acunt``: the matcher tries it without the article.)

    >>> normalize("f u c k, f.u.c.k, c o n n a r d, I am a cat, il y a à a y").text
    'fuck, fuck, connard, i am a cat, il y a a a y'
    """
    text = work.text
    if not (_ASCII_SPLIT if text.isascii() else _SPLIT_PROBE).search(text):
        return False
    standalone = _tables().standalone_letters
    edits: list[tuple[int, int, str]] = []
    for m in _SPLIT.finditer(text):
        letters = m.group().split(m.group(2))
        if all(letter in standalone for letter in letters):
            continue
        edits.append((m.start(), m.end(), "".join(letters)))
    work.apply(edits)
    return bool(edits)


_STRETCH = regex.compile(r"(\p{L})\1{2,}")


def step_stretched(work: _Work) -> bool:
    """10. Squeeze runs of three or more identical letters to two, remembering where.

    ``ass`` and ``connard`` are untouched; the matcher tries a squeezed double both as
    two letters (``connnnard`` → ``connard``) and as one (``fuuuuck`` → ``fuck``).

    >>> normalize("fuuuuck connnnard biiiitch as ass").text
    'fuuck connard biitch as ass'
    """
    text = work.text
    if not (_ASCII_STRETCH if text.isascii() else _STRETCH_PROBE).search(text):
        return False

    def squeeze(m: regex.Match[str] | re.Match[str]) -> str:
        return m.group(1) * 2

    if not work.rewrite(_ASCII_STRETCH if text.isascii() else _STRETCH, squeeze, protect=True):
        return False
    # Each squeezed run now starts where its match started, less what earlier runs lost.
    marks: set[int] = set()
    shift = 0
    for a, b, new in work.last_edits:
        marks.update((a - shift, a - shift + 1))
        shift += (b - a) - len(new)
    work.stretched = marks
    return True


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
    ("leet", step_leet),
    ("masks", step_masks),
    ("split_letters", step_split_letters),
    ("homoglyphs", step_homoglyphs),
    ("accents", step_accents),
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


# Which token kinds a text can hold at all: a URL needs "://" or "www.", a mention or an
# e-mail address an "@", a hashtag a "#", an elision an apostrophe.  Leaving out the
# alternatives a text cannot match makes the scan several times faster; the tokens are
# the same.
_URLS, _ATS, _HASHES, _APOSTROPHE = 1, 2, 4, 8


def _features(text: str) -> int:
    return (
        (_URLS if "://" in text or "www." in text else 0)
        | (_ATS if "@" in text else 0)
        | (_HASHES if "#" in text else 0)
        | (_APOSTROPHE if "'" in text else 0)
    )


def _number_source(letter: str, digit: str) -> str:
    return rf"[{digit}]++(?:[.,:/][{digit}]++)*+%?(?![{letter}*])"


def _token_source(letter: str, digit: str, mark: str, emoji: bool, features: int) -> str:
    """The token pattern, written once for two alphabets (Unicode classes, or plain ASCII)."""
    elisions = "|".join(
        sorted((regex.escape(e) for e in _tables().elisions), key=len, reverse=True)
    )
    lm = letter + mark
    word = rf"[{lm}{digit}*]+(?:['\-][{lm}{digit}*]+)*(?:\+\+?|\#(?![{letter}{digit}]))?"
    url = r"(?:https?://|www\.)[^\s<>\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\u02bc\u00b4`]+"
    email = rf"[{letter}{digit}._%+\-]++@[{letter}{digit}\-]+(?:\.[{letter}{digit}\-]+)+"
    parts = []
    if features & (_URLS | _ATS):
        both = [p for p, f in ((url, _URLS), (email, _ATS)) if features & f]
        parts.append(f"(?:{'|'.join(both)})")
    if features & _ATS:
        parts.append(rf"(?:@[{letter}{digit}_.]*[{letter}{digit}_])")
    if features & _HASHES:
        parts.append(rf"(?:\#[{letter}{digit}_]+)")
    if emoji:
        parts.append(rf"(?:{_EMOJI_SEQ})")
    if features & _APOSTROPHE:
        parts.append(rf"(?:(?<![{lm}{digit}'])(?:{elisions})'(?=[{letter}{digit}]|\s|$))")
    parts.append(rf"(?:{_number_source(letter, digit)})")
    parts.append(rf"(?:{word})")
    return "|".join(parts)


@cache
def _word_pattern(features: int = 15) -> regex.Pattern[str]:
    """The token pattern; ``findall`` gives the token texts (the kinds are told from
    them, :func:`_token_kind`)."""
    return regex.compile(_token_source(r"\p{L}", r"\p{N}", r"\p{M}", True, features), regex.V1)


def _ascii_token_texts(text: str) -> list[str]:
    """The token texts of ASCII text (what the token pattern's ``findall`` gives)."""
    features = _features(text)
    if not features and _NOT_PLAIN.search(text) is None:
        # Letters, spaces and punctuation only: every token is a run of letters, and
        # the simplest pattern finds them nearly twice as fast (a quarter of comments).
        plain: list[str] = _PLAIN_WORDS.findall(text)
        return plain
    found: list[str] = (_ASCII_WORDS or _ascii_words())[features].findall(text)
    return found


# What the token pattern does with more than letters: numbers, masks ("f*ck"), inner
# hyphens and apostrophes, "C++", "C#" (the rest is in the feature mask).
_NOT_PLAIN = re.compile(r"[0-9*+\-#']")
_PLAIN_WORDS = re.compile(r"[A-Za-z]+")

_ASCII_WORDS: list[re.Pattern[str]] = []
"""The token pattern for ASCII text (the standard library's faster engine), one per
feature mask, built on first use: the hot path indexes a list instead of calling
through a cache."""


def _ascii_words() -> list[re.Pattern[str]]:
    # Filled once; a race only compiles the same patterns twice.
    if not _ASCII_WORDS:
        _ASCII_WORDS.extend(
            re.compile(_token_source("A-Za-z", "0-9", "", False, features))
            for features in range(16)
        )
    return _ASCII_WORDS


_EMOJI_START = regex.compile(_EMOJI_SEQ, regex.V1)
_EMOJI_OPENER = regex.compile(
    r"[#*0-9\U0001F1E6-\U0001F1FF\U0001F3F4\p{Extended_Pictographic}]", regex.V1
)


@lru_cache(maxsize=4096)
def _opens_emoji(char: str) -> bool:
    """Whether an emoji sequence may open with ``char`` (a few letters may: "ℹ")."""
    return _EMOJI_OPENER.match(char) is not None


def _is_emoji_token(token: str) -> bool:
    """Whether a token the token pattern found is an emoji sequence."""
    return (
        not token.isascii() and _opens_emoji(token[0]) and _EMOJI_START.fullmatch(token) is not None
    )


_ASCII_NUMBER = re.compile(_number_source("A-Za-z", "0-9"))
_NUMBER = regex.compile(_number_source(r"\p{L}", r"\p{N}"), regex.V1)
_URL_STARTS: Final = ("http://", "https://", "www.")


def _token_kind(text: str, start: int, token: str, ascii_text: bool) -> str:
    """The kind of the token ``token`` the token pattern found at ``start`` of ``text``.

    Each kind of token opens in its own way: "@" a mention, "#" a hashtag, a scheme or
    "www." a URL (an e-mail address holds an "@" after its first character), an emoji
    with an emoji.  A token that opens with a digit is a number when the pattern's number
    branch, tried first, takes exactly it there (in "2day" and "10:30h" it does not).
    """
    if not ascii_text and not token.isascii() and _EMOJI_START.fullmatch(token):
        return "emoji"  # before "#" and digits: keycaps ("#️⃣", "1️⃣") open with them
    first = token[0]
    if first == "@":
        return "mention"
    if first == "#":
        return "hashtag"
    if "@" in token or token.startswith(_URL_STARTS):
        return "url"
    number = (_ASCII_NUMBER if ascii_text else _NUMBER).match(text, start)
    return "number" if number is not None and number.end() == start + len(token) else "word"


# ----------------------------------------------------------------------- the entry


# The fast path's questions.  Most ASCII comments have nothing to undo but case, and
# asking costs more than any other part of the fast path, so the questions are put to a
# copy of the text in which every character is replaced by its class (bytes.translate
# runs at C speed), with patterns that start on the rare classes: the engine skips
# everything else without entering the pattern.
_CONTROLS: Final = (*range(0, 9), 11, 12, *range(14, 32), 127)


_CLASS_TABLES: list[bytes] = []
"""The two class tables (plain, and with the span mark as a letter), built on first use."""


def _class_tables() -> list[bytes]:
    # Filled once; a race only builds the same two tables twice.
    if not _CLASS_TABLES:
        _CLASS_TABLES.extend((_class_table(None), _class_table(_SPAN_MARK)))
    return _CLASS_TABLES


def _class_table(mark: str | None) -> bytes:
    """Byte classes of ASCII text for the fast path's questions.

    A letter is "a", a digit "1"; "$", "@", "*" and "#" stay themselves (each has rules
    of its own), any other leet character of the data is "!"; an apostrophe is "q", a
    control or a backtick "x", anything else a space.  ``mark``, the stand-in for a
    protected span, counts as a letter.
    """
    table = bytearray(b" " * 256)
    leet = _tables().leet
    for code in range(128):
        char = chr(code)
        if char.isalpha():
            table[code] = ord("a")
        elif char.isdigit():
            table[code] = ord("1")
        elif char in "$@*#":
            table[code] = code
        elif char in leet:
            table[code] = ord("!")
        elif char == "'":
            table[code] = ord("q")
        elif char == "`" or code in _CONTROLS:
            table[code] = ord("x")
    if mark is not None:
        table[ord(mark)] = ord("a")
    return bytes(table)


# What may be three single letters apart ("f u c k", "f.u.c.k": separators are spaces
# here), which _ASCII_SPLIT then confirms on the text.  A pattern that opens with a
# literal (or, below, with one class) lets the engine skip to where it may match.
_MAYBE_SPLIT = re.compile(rb" a( +)a\1a")
_MAYBE_SPLIT_AFTER_HASH = re.compile(rb"#a( +)a\1a")
# What the leet and mask steps would rewrite, or a little more (never less), each
# alternative opening on the leet or mask character it is about:
_LEET_NEXT = re.compile(
    rb"[1$@!*#](?:"
    # a run of leet or mask characters between letters ("b1tch", "sh!t", "f*ck", "sh#t");
    rb"(?<=a[1$@!*#])[1$@!*#]*a"
    # one digit opening a word of four or more ("3ncule"; not "2nd", "70s", "15mins");
    rb"|(?<=1)(?<![a1$@!]1)a[a1$@!]{2}"
    # "$" touching a letter ("$hit", "a$$"); stars closing a word ("sh**").
    rb"|(?<=a\$)|(?<=\$)a|(?<=a\*)\*(?![a1]))"
)
# A word opening with "$" or "@" and more leet before its letters ("$hit", "@!ss"), or
# "@" before one or two letters ("@ss"); a longer @name is a mention.  For lower case.
_SHORT_AT = re.compile(
    r"[@$](?:(?<=@)@|(?<![a-z0-9@$!][@$])[0-9@$!]+[a-z]"
    r"|(?<=@)(?<![a-z0-9@$!]@)@*[a-z][a-z0-9@$!]?(?![a-z0-9@$!]))"
)
_TRIPLE = re.compile(r"(.)\1\1", re.DOTALL)
# What the leet, mask and stretched-letter steps protect, as the pipeline finds it:
# URLs and mentions of three or more characters.  (An e-mail address is not protected
# here: its "@" after a letter sends the text down the full pipeline, which knows it.)
_ASCII_URL_OR_MENTION = re.compile(f"{_ASCII_URL.pattern}|{_ASCII_MENTION.pattern}")
_SPAN_MARK: Final = "\x01"  # a control character: a letter to the classes, not to regexes


# What plain ASCII text needs: nothing but case, stretched letters only (the commonest
# work: "sooo", "lmaooo"), or the whole pipeline.
_NO_WORK, _STRETCH_ONLY, _FULL = 0, 1, 2


def _ascii_needs_work(text: str, lowered: str) -> bool:
    """Whether plain ASCII text holds anything but case for the pipeline to undo."""
    return _ascii_work(text, lowered) != _NO_WORK


def _ascii_work(text: str, lowered: str) -> int:
    """What plain ASCII text needs of the pipeline: _NO_WORK, _STRETCH_ONLY or _FULL."""
    tables = _CLASS_TABLES or _class_tables()
    # A space before the text stands for its start (a letter opening it opens a word).
    classes = b" " + lowered.encode("ascii").translate(tables[0])
    # (bytes.find, not the "in" operator: "in" goes through the buffer protocol and
    # costs twice as much on short bytes.)
    if classes.find(b"x") >= 0:
        return _FULL  # a control character or a backtick, undone even inside URLs
    if (
        _MAYBE_SPLIT.search(classes)
        or (classes.find(b"#a") >= 0 and _MAYBE_SPLIT_AFTER_HASH.search(classes))
    ) and _ASCII_SPLIT.search(text):
        return _FULL
    probe = lowered
    # URLs and mentions are left alone by leet, masks and stretched letters
    # ("@mleew17", "t.co/x1y2"): each becomes one letter-like mark, so what touches
    # it still counts.
    if "://" in lowered or "www." in lowered:
        probe = _ASCII_URL_OR_MENTION.sub(_SPAN_MARK, lowered)
    elif "@" in lowered:
        probe = _ASCII_MENTION.sub(_SPAN_MARK, lowered)
    if probe is not lowered:
        classes = probe.encode("ascii").translate(tables[1])
    if _LEET_NEXT.search(classes) or (("@" in probe or "$" in probe) and _SHORT_AT.search(probe)):
        return _FULL
    # Any character three times running is a cheaper question than a letter three times;
    # only when the first such run is not letters ("...", "!!!") is the exact one asked.
    run = _TRIPLE.search(probe)
    if run is not None and not "a" <= run.group(1) <= "z":
        run = _ASCII_STRETCH.search(probe, run.start())
    if run is None:
        return _NO_WORK
    # A stretched run counts as two letters for the leet step ("_@aaa" is "@" before
    # two letters: "aaa"), so with an "@" or "$" left the whole pipeline decides.
    return _FULL if "@" in probe or "$" in probe else _STRETCH_ONLY


def leet_table() -> dict[str, str]:
    """The characters read as letters in leetspeak, from the normaliser's data.

    >>> leet_table()["3"]
    'e'
    """
    return dict(_tables().leet)


def possessive_suffixes() -> tuple[str, ...]:
    """Endings that make a noun possessive ("'s"), from the normaliser's data.

    >>> possessive_suffixes()
    ("'s",)
    """
    return _tables().possessives


def plural_endings() -> tuple[str, ...]:
    """Endings of nouns in the plural ("s", "x"), from the normaliser's data.

    >>> "s" in plural_endings()
    True
    """
    return _tables().plurals


def standalone_letters() -> frozenset[str]:
    """Letters that are words by themselves ("a", "i", "y", "à"), from the normaliser's data.

    >>> "a" in standalone_letters()
    True
    """
    return _tables().standalone_letters


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
    steps = STEPS
    if text.isascii():
        folded = text.lower()
        needs = _ascii_work(text, folded)
        if not needs:  # _NO_WORK
            if cfg.casefold and folded != text:
                return _unmapped(text, folded, _CASEFOLD_ONLY, cfg.emoji)
            return _unmapped(text, text, (), cfg.emoji)
        if needs == _STRETCH_ONLY:
            # Every other step would find nothing: skip their questions.
            steps = _CASE_AND_STRETCH
    work = _Work(text)
    done: list[str] = []
    for name, step in steps:
        if getattr(cfg, name) and step(work):
            done.append(name)
    return Normalized(
        text, work.text, tuple(done), tuple(work.layers), frozenset(work.stretched), cfg.emoji
    )


_CASEFOLD_ONLY: Final = ("casefold",)
# The fast path builds its result by writing the slots directly: the same object the
# dataclass's __init__ makes, without its six calls through object.__setattr__, which
# cost as much as the rest of the fast path's bookkeeping.
_new_normalized = object.__new__
_slot = {name: Normalized.__dict__[name].__set__ for name in Normalized.__slots__}
_set_original, _set_text, _set_steps = _slot["original"], _slot["text"], _slot["steps"]
_set_layers, _set_stretched, _set_emoji = _slot["_layers"], _slot["_stretched"], _slot["_emoji"]


def _unmapped(original: str, text: str, steps: tuple[str, ...], emoji: bool) -> Normalized:
    """A :class:`Normalized` whose offset map is the identity (the ASCII fast path)."""
    n: Normalized = _new_normalized(Normalized)
    _set_original(n, original)
    _set_text(n, text)
    _set_steps(n, steps)
    _set_layers(n, ())
    _set_stretched(n, _NONE)
    _set_emoji(n, emoji)
    return n


_CASE_AND_STRETCH: Final = tuple(
    (name, step) for name, step in STEPS if name in ("casefold", "stretched")
)
_NONE: Final[frozenset[int]] = frozenset()


def replay(normalized: Normalized) -> Normalized:
    """Run only the steps ``normalized.steps`` names on its original: the same text results.

    >>> n = normalize("Ｔ'ｅｓ  un c*nnard")
    >>> replay(n).text == n.text
    True
    """
    return normalize(normalized.original, NormalizeConfig.only(*normalized.steps))
