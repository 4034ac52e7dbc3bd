"""The normaliser: undo the obfuscation people use to slip insults past a filter.

``normalize(text)`` runs an ordered pipeline of small, pure, named steps over the text
and returns a frozen :class:`Normalized` that keeps a map from every position of the
folded text back to the characters the person typed.  The steps run in the compiled
core (``rust/core/src/normalize/``, reached through the private module ``nudge._core``);
:data:`STEPS` names them in the order they run, and each can be switched off through
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

Every step is linear in the length of its input; offsets are indices into the Python
string as given (code points, lone surrogates included).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any, Final

from nudge import _core
from nudge.facts import LanguageFacts, default_facts

__all__ = [
    "STEPS",
    "NormalizeConfig",
    "Normalized",
    "Token",
    "TokenKind",
    "emoji_name",
    "normalize",
    "replay",
]

STEPS: Final[tuple[str, ...]] = tuple(_core.STEPS)
"""The pipeline's step names, in the order the steps run (each a :class:`NormalizeConfig`
field).

>>> STEPS[:3]
('invisible', 'nfkc', 'casefold')
"""


# --------------------------------------------------------------------------- data


@cache
def _leet() -> dict[str, str]:
    """The leet table of ``_data/normalizer.toml``, read once (the core reads the same
    file for its own tables: one source of data; the language facts are the packs')."""
    raw = tomllib.loads(
        resources.files("nudge").joinpath("_data/normalizer.toml").read_text(encoding="utf-8")
    )
    return dict(raw["leet"])


@cache
def _default_core_facts() -> _core.Facts:
    """The core's tables with the default packs' facts (a comment normalised without a
    scorer is read by them)."""
    return default_facts()._core()


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
        return tuple(name for name in STEPS if getattr(self, name))

    def _bits(self) -> int:
        """The core's form: bit ``k`` for the step ``STEPS[k]``."""
        bits = _CONFIG_BITS.get(self)
        if bits is None:
            bits = sum(1 << k for k, name in enumerate(STEPS) if getattr(self, name))
            if len(_CONFIG_BITS) < 4096:
                _CONFIG_BITS[self] = bits
        return bits


_CONFIG_BITS: dict[NormalizeConfig, int] = {}
_ALL_STEPS: Final = (1 << len(STEPS)) - 1


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


_KINDS: Final = {kind.value: kind for kind in TokenKind}
_NONE: Final[frozenset[int]] = frozenset()


class Normalized:
    """The result of :func:`normalize`: folded text, the steps that ran, and the offset map.

    Immutable; equal when ``original``, ``text`` and ``steps`` are; picklable (it is
    rebuilt by normalising the original again with the same steps and facts).

    >>> n = normalize("ＦＵＣＫ")
    >>> n.original, n.text, n.steps
    ('ＦＵＣＫ', 'fuck', ('nfkc', 'casefold'))
    """

    __slots__ = ("_bits", "_core", "_emoji", "_facts", "_stretched", "original", "steps", "text")

    original: str
    text: str
    steps: tuple[str, ...]
    _core: Any
    _bits: int
    _emoji: bool
    _stretched: frozenset[int]
    _facts: LanguageFacts | None

    def __init__(
        self,
        original: str,
        config: NormalizeConfig | None = None,
        facts: LanguageFacts | None = None,
    ) -> None:
        """Normalise ``original`` (the same as :func:`normalize`).

        >>> Normalized("Ｈｉ").text
        'hi'
        """
        bits = _ALL_STEPS if config is None else config._bits()
        core_facts = _default_core_facts() if facts is None else facts._core()
        core, text, steps, marks = _core.normalize(original, bits, core_facts)
        setattr_ = object.__setattr__
        setattr_(self, "original", original)
        setattr_(self, "text", text)
        setattr_(self, "steps", steps)
        setattr_(self, "_core", core)
        setattr_(self, "_bits", bits)
        setattr_(self, "_emoji", bool(bits >> _EMOJI_BIT & 1))
        setattr_(self, "_stretched", frozenset(marks) if marks else _NONE)
        setattr_(self, "_facts", facts)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Normalized is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Normalized is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"Normalized(original={self.original!r}, text={self.text!r}, steps={self.steps!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalized):
            return NotImplemented
        return (self.original, self.text, self.steps) == (other.original, other.text, other.steps)

    def __hash__(self) -> int:
        return hash((self.original, self.text, self.steps))

    def __reduce__(self) -> tuple[Any, tuple[str, int, LanguageFacts | None]]:
        return _restore, (self.original, self._bits, self._facts)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of ``.text`` to the span of ``.original`` it came from.

        >>> n = normalize("con\\u200bnard")
        >>> n.text, n.to_original(0, 7)
        ('connard', (0, 8))
        """
        size = len(self.text)
        if not 0 <= start <= end <= size:
            raise IndexError(f"span ({start}, {end}) is outside the text (length {size})")
        span: tuple[int, int] = self._core.to_original(start, end)
        return span

    def tokens(self) -> tuple[Token, ...]:
        """Words, numbers, emoji, mentions, hashtags and URLs, with both kinds of offsets.

        French elisions are split the way French readers read them.

        >>> [t.text for t in normalize("J'te dis: l'école, c'est nul 😡").tokens()]
        ["j'", 'te', 'dis', "l'", 'ecole', "c'", 'est', 'nul', ':enraged_face:']
        """
        return tuple(
            Token(text, _KINDS[kind], start, end, orig_start, orig_end, marks)
            for text, kind, start, end, orig_start, orig_end, marks in self._core.tokens()
        )

    def words(self) -> list[str]:
        """Just the folded texts of the tokens: the cheap form the scorer's fast path uses.

        >>> normalize("You are a b1tch!").words()
        ['you', 'are', 'a', 'bitch']
        """
        words: list[str] = self._core.words()
        return words

    def scan(self) -> tuple[list[str], list[int], list[int], list[str]]:
        """Tokens as parallel lists: folded texts, starts and ends in ``.text``, kinds.

        The allocation-light form of :meth:`tokens` for hot loops; kinds are
        :class:`TokenKind` values.

        >>> words, starts, ends, kinds = normalize("@bob t'es nul").scan()
        >>> words, starts, kinds
        (['@bob', "t'", 'es', 'nul'], [0, 5, 7, 10], ['mention', 'word', 'word', 'word'])
        """
        scanned: tuple[list[str], list[int], list[int], list[str]] = self._core.scan()
        return scanned

    def stretched_in(self, start: int, end: int) -> tuple[int, ...]:
        """Positions in ``[start, end)`` of ``.text`` that hold letters squeezed from a run.

        >>> normalize("fuuuuck").stretched_in(0, 5)
        (1, 2)
        """
        if not self._stretched:
            return ()
        return tuple(self._core.stretched_in(start, end))


_EMOJI_BIT: Final = STEPS.index("emoji")


def _restore(original: str, bits: int, facts: LanguageFacts | None = None) -> Normalized:
    """Unpickle a :class:`Normalized`: normalise its original again with the same steps
    and language facts."""
    config = NormalizeConfig(**{name: bool(bits >> k & 1) for k, name in enumerate(STEPS)})
    return Normalized(original, config, facts)


# ----------------------------------------------------------------------- the entry


def normalize(
    text: str, config: NormalizeConfig | None = None, facts: LanguageFacts | None = None
) -> Normalized:
    """Fold ``text`` through every enabled step of :data:`STEPS`.

    ``facts`` are the language facts of tokenisation (stand-alone letters, ordinal
    suffixes, elisions): by default those of the default packs (English and French); a
    scorer passes the union over its own packs' ``tokens.toml``.

    Accepts any ``str`` (empty, huge, lone surrogates, Zalgo, bidi controls, NUL);
    anything else raises ``TypeError``.

    >>> normalize("F.U.C.K y0u").text
    'fuck you'
    >>> [t.text for t in normalize("qu'un").tokens()]
    ["qu'", 'un']
    >>> from nudge.facts import LanguageFacts
    >>> [t.text for t in normalize("qu'un", facts=LanguageFacts()).tokens()]
    ["qu'un"]
    >>> normalize(b"bytes")
    Traceback (most recent call last):
    ...
    TypeError: normalize() expects str, got bytes
    """
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"normalize() expects str, got {type(text).__name__}")
        text = str(text)
    return Normalized(text, config, facts)


def replay(normalized: Normalized) -> Normalized:
    """Run only the steps ``normalized.steps`` names on its original: the same text results.

    >>> n = normalize("Ｔ'ｅｓ  un c*nnard")
    >>> replay(n).text == n.text
    True
    """
    return normalize(
        normalized.original, NormalizeConfig.only(*normalized.steps), normalized._facts
    )


def emoji_name(sequence: str) -> str:
    """The ``emoji`` package's name of an emoji sequence, ignoring skin tones.

    >>> emoji_name("🖕🏿"), emoji_name("❤️"), emoji_name("❤")
    (':middle_finger:', ':red_heart:', ':red_heart:')
    """
    name: str = _core.emoji_name(sequence)
    return name


def _ascii_needs_work(text: str, lowered: str) -> bool:
    """Whether the pipeline would change ``text`` beyond its case (the matcher asks this
    of lexicon entries; ``lowered`` is kept for its callers and not needed).

    >>> _ascii_needs_work("fuuuck", "fuuuck"), _ascii_needs_work("Hello", "hello")
    (True, False)
    """
    return normalize(text).steps not in ((), ("casefold",))


def leet_table() -> dict[str, str]:
    """The characters read as letters in leetspeak, from the normaliser's data.

    >>> leet_table()["3"]
    'e'
    """
    return dict(_leet())
