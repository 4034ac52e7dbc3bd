"""Language facts of tokenisation, read from each pack's ``tokens.toml``.

The normaliser and the matcher need a few facts about each language that are not words
of its lexicon: letters that are words on their own, endings that make a number an
ordinal or a unit, elided forms (French ``t'``, ``qu'``), possessive suffixes and plural
endings.  Each pack states its own in ``lexicons/<code>/tokens.toml``, so a new
language needs no change outside its folder; a regional pack inherits its base's facts
and may add to them.  The normaliser runs before the language guess, so a scorer uses
the union over the packs it loaded; :func:`nudge.normalize` without a scorer uses the
facts of the default packs (English and French), read on first use and cached.

>>> facts = default_facts()
>>> "qu" in facts.elisions, "'s" in facts.possessive_suffixes
(True, True)
>>> LanguageFacts(elisions=("l",)).union(LanguageFacts(elisions=("qu", "l"))).elisions
('l', 'qu')
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Final

from nudge import _core
from nudge._toml_lines import TomlLines
from nudge.errors import LexiconError

__all__ = ["FACT_KEYS", "LanguageFacts", "default_facts", "letter_spellings", "read_facts"]

FACT_KEYS: Final = (
    "standalone_letters",
    "ordinal_suffixes",
    "elisions",
    "possessive_suffixes",
    "plural_endings",
    "mask_letters",
    "distinct_letters",
    "nouns_capitalised",
)
"""The keys a ``tokens.toml`` may hold (each optional: an array of strings, but
``nouns_capitalised``, a boolean)."""


_FIELDS: Final = (
    "standalone_letters",
    "ordinal_suffixes",
    "elisions",
    "possessive_suffixes",
    "plural_endings",
    "elided_letters",
    "mask_letters",
    "distinct_letters",
)
"""The fields of :class:`LanguageFacts`, in their order."""


@dataclass(frozen=True, slots=True)
class LanguageFacts:
    """The tokenisation facts of one pack, or the union over several.

    >>> LanguageFacts(plural_endings=("s",)).plural_endings
    ('s',)
    """

    standalone_letters: tuple[str, ...] = ()
    """Letters that are words on their own: a run of them is never joined into a word."""
    ordinal_suffixes: tuple[str, ...] = ()
    """Endings after a number that make it an ordinal or a unit ("1st", "2ème"), not leet."""
    elisions: tuple[str, ...] = ()
    """Elided forms, without the apostrophe ("qu" reads "qu'un" as "qu'" + "un")."""
    possessive_suffixes: tuple[str, ...] = ()
    """Endings that make a noun possessive ("'s"): the matcher also tries the noun."""
    plural_endings: tuple[str, ...] = ()
    """Plural endings of nouns ("s", "x"): insulting people in the plural targets a group."""
    elided_letters: tuple[str, ...] = ()
    """Worked out, not written: each elision of a pack followed by each stand-alone letter
    of the same pack ("j'y", "m'a").  After an elision only a letter of its own language
    stands alone, so the union over several packs keeps them paired (the Italian "e"
    does not stop the French "j'e m m e r d e" from being read)."""
    mask_letters: tuple[str, ...] = ()
    """The letters a mask (``*``) may hide, most frequent first: the fillings the
    segmenter and the matcher try for a masked letter (``massiv*scumbags``, ``h*trd``).
    Unlike the other facts, a union keeps an order: each letter at its best rank in any
    pack, ties alphabetical."""
    distinct_letters: tuple[str, ...] = ()
    """Letters of the language's alphabet that are not accented forms of another letter
    (Spanish ``ñ``: ``moño`` is no ``mono``).  The normaliser still folds them (``c0ño``
    is read as ``cono``); a match of one of the pack's terms whose original text has one
    of them where none of the term's written forms has it is not that term
    (:attr:`nudge.matcher.TermRef.letters`)."""
    nouns_capitalised: bool = False
    """Whether the language writes every noun with a capital (German): a Title-case word
    beside another is then no sign of a proper name, and the scorer's proper-name rule
    stands down for the language's terms and its comments (``Lexicon.capitalised``).  A
    union has it when one of its packs has it."""
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    """The hash, worked out once: compiling a pack folds thousands of entries, each
    looked up in a cache by (text, facts)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self._values()))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Rebuilt from the values: a string's hash differs from one process to another.
        return LanguageFacts, self._values()

    def _values(self) -> tuple[Any, ...]:
        return (*(getattr(self, key) for key in _FIELDS), self.nouns_capitalised)

    def union(self, *others: LanguageFacts) -> LanguageFacts:
        """Every fact of these and ``others``, each once, sorted (the order packs load in
        changes nothing).

        >>> one = LanguageFacts(plural_endings=("s",))
        >>> both = one.union(LanguageFacts(("y",), plural_endings=("x", "s")))
        >>> both.standalone_letters, both.plural_endings
        (('y',), ('s', 'x'))
        >>> en, fr = LanguageFacts(mask_letters=("e", "a")), LanguageFacts(mask_letters=("a", "é"))
        >>> en.union(fr).mask_letters
        ('a', 'e', 'é')
        """
        values = {
            key: tuple(sorted({v for facts in (self, *others) for v in getattr(facts, key)}))
            for key in _FIELDS
        }
        # The mask letters keep their frequency order (it settles ties between fillings).
        rank: dict[str, int] = {}
        for facts in (self, *others):
            for i, letter in enumerate(facts.mask_letters):
                rank[letter] = min(rank.get(letter, i), i)
        values["mask_letters"] = tuple(sorted(rank, key=lambda letter: (rank[letter], letter)))
        capitalised = any(facts.nouns_capitalised for facts in (self, *others))
        return LanguageFacts(**values, nouns_capitalised=capitalised)

    def _core(self) -> _core.Facts:
        """The compiled core's tables with these facts (built once per distinct facts)."""
        return _core_facts(self)


@lru_cache(maxsize=64)
def _core_facts(facts: LanguageFacts) -> _core.Facts:
    return _core.Facts(
        list(facts.standalone_letters),
        list(facts.elisions),
        list(facts.ordinal_suffixes),
        # No pairs (facts written by hand, packs without elisions): any stand-alone
        # letter stands alone after an elision.
        list(facts.elided_letters) or None,
    )


def read_facts(data: Mapping[str, Any], lines: TomlLines, path: str) -> LanguageFacts:
    """The facts of one parsed ``tokens.toml``; a bad entry raises ``LexiconError`` with
    the file, line and field.

    >>> text = 'elisions = ["l", "qu"]\\n'
    >>> import tomllib
    >>> read_facts(tomllib.loads(text), TomlLines(text), "xx/tokens.toml").elisions
    ('l', 'qu')
    >>> bad = 'plural_endings = ["s"]\\nelisions = ["l", "l"]\\n'
    >>> read_facts(tomllib.loads(bad), TomlLines(bad), "xx/tokens.toml")
    Traceback (most recent call last):
    ...
    nudge.errors.LexiconError: xx/tokens.toml:2: elisions[1]: 'l' is listed twice (first at [0])
    >>> bad = 'elisions = []\\nnouns_capitalised = "yes"\\n'
    >>> read_facts(tomllib.loads(bad), TomlLines(bad), "xx/tokens.toml")
    Traceback (most recent call last):
    ...
    nudge.errors.LexiconError: xx/tokens.toml:2: nouns_capitalised: must be true or false, got str
    """
    for key in data:
        if key not in FACT_KEYS:
            raise LexiconError(
                f"unknown key (allowed: {', '.join(FACT_KEYS)})",
                path=path,
                line=lines.key(key),
                field=key,
            )
    values: dict[str, tuple[str, ...]] = {}
    for key in FACT_KEYS:
        if key in data and key != "nouns_capitalised":
            values[key] = _strings(data[key], key, path, lines)
    letters = values.get("standalone_letters", ())
    values["elided_letters"] = tuple(
        sorted(f"{e}'{letter}" for e in values.get("elisions", ()) for letter in letters)
    )
    capitalised = data.get("nouns_capitalised", False)
    if not isinstance(capitalised, bool):
        raise LexiconError(
            f"must be true or false, got {type(capitalised).__name__}",
            path=path,
            line=lines.key("nouns_capitalised"),
            field="nouns_capitalised",
        )
    return LanguageFacts(**values, nouns_capitalised=capitalised)


def _item_lines(lines: TomlLines, start: int | None) -> list[int]:
    """The line of each item of the array whose key is on line ``start`` (1-based): an
    array of strings may span lines, and an error points at its item."""
    if start is None:
        return []
    out: list[int] = []
    depth = 0
    for number in range(start, len(lines.lines) + 1):
        line = lines.lines[number - 1]
        i = line.find("=") + 1 if number == start else 0
        while i < len(line):
            c = line[i]
            if c == "#":
                break
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth <= 0:
                    return out
            elif c in "\"'" and depth == 1:
                out.append(number)
                i += 1
                while i < len(line) and line[i] != c:
                    i += 2 if c == '"' and line[i] == "\\" else 1
            elif c not in " ,\t" and depth == 1:
                out.append(number)  # a value that is not a string: skip to its end
                while i + 1 < len(line) and line[i + 1] not in ",]#":
                    i += 1
            i += 1
    return out


def _strings(value: object, key: str, path: str, lines: TomlLines) -> tuple[str, ...]:
    line = lines.key(key)
    items = _item_lines(lines, line)

    def error(message: str, name: str = key, index: int | None = None) -> LexiconError:
        at = items[index] if index is not None and index < len(items) else line
        return LexiconError(message, path=path, line=at, field=name)

    if not isinstance(value, list):
        raise error(f"must be an array of strings, got {type(value).__name__}")
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        name = f"{key}[{i}]"
        if not isinstance(item, str):
            raise error(f"must be a string, got {type(item).__name__}", name, i)
        if not item or item != item.strip() or any(c.isspace() for c in item):
            raise error(f"{item!r}: must be a non-empty string without spaces", name, i)
        if item != item.casefold():
            # Comments are case-folded before these facts are asked about.
            raise error(f"{item!r}: must be lower case (write {item.casefold()!r})", name, i)
        if key in ("standalone_letters", "mask_letters") and len(item) != 1:
            raise error(f"{item!r}: must be a single letter", name, i)
        if key == "distinct_letters":
            _distinct_letter(item, error, name, i)
        if key == "elisions" and "'" in item:
            raise error(f"{item!r}: write the elided form without its apostrophe", name, i)
        if item in seen:
            raise error(f"{item!r} is listed twice (first at [{seen[item]}])", name, i)
        seen[item] = i
    return tuple(value)


def _distinct_letter(
    item: str, error: Callable[[str, str, int], LexiconError], name: str, i: int
) -> None:
    """Raise ``error`` unless ``item`` is one composed letter outside ASCII: an ASCII
    letter is never folded, so it could not be told from another one anyway."""
    composed = unicodedata.normalize("NFC", item)
    if len(composed) != 1 or not composed.isalpha():
        raise error(f"{item!r}: must be a single letter", name, i)
    if composed != item:
        raise error(f"{item!r}: write the composed letter {composed!r}", name, i)
    if composed.isascii():
        raise error(f"{item!r}: an ASCII letter is never folded into another", name, i)


def letter_spellings(letter: str) -> tuple[str, ...]:
    """The ways a comment may write a distinct letter: composed or as a letter and its
    combining marks, lower or upper case.

    >>> [len(s) for s in letter_spellings("ñ")]
    [1, 1, 2, 2]
    """
    forms = (letter, letter.upper())
    decomposed = tuple(unicodedata.normalize("NFD", f) for f in forms)
    return tuple(dict.fromkeys((*forms, *decomposed)))


@cache
def default_facts() -> LanguageFacts:
    """The union of the default packs' facts (what :func:`nudge.normalize` uses without a
    scorer), read on first use.

    >>> "à" in default_facts().standalone_letters
    True
    """
    # Imported here: the scorer imports the normaliser.
    from nudge.scorer import DEFAULT_PACKS

    return LanguageFacts().union(*(_pack_facts(code, ()) for code in DEFAULT_PACKS))


def _pack_facts(code: str, seen: tuple[str, ...]) -> LanguageFacts:
    """The facts of the installed pack ``code`` and of its bases, reading only their
    ``pack.toml`` and ``tokens.toml`` (a whole pack is not loaded for them)."""
    from nudge.lexicon import load_pack, pack_folder

    folder = pack_folder(code)
    if folder is None or code in seen:
        # Not a plain installed pack, or a loop of bases: the pack reader says what is wrong.
        return load_pack(code).tokens
    # Only the line of ``base`` is parsed: a pack.toml is mostly its list of sources.
    meta = TomlLines(folder.joinpath("pack.toml").read_text(encoding="utf-8"))
    line = meta.key("base")
    try:
        base = tomllib.loads(meta.lines[line - 1]).get("base") if line else None
    except tomllib.TOMLDecodeError:
        return load_pack(code).tokens  # the pack reader says what is wrong, and where
    own = LanguageFacts()
    item = folder.joinpath("tokens.toml")
    if item.is_file():
        path = f"{code}/tokens.toml"
        text = item.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"not valid TOML: {exc}", path=path) from None
        own = read_facts(data, TomlLines(text), path)
    if isinstance(base, str) and base:
        return _pack_facts(base, (*seen, code)).union(own)
    return own
