"""Read-only views of the compiled core's typo forms, triggers and phrases.

A lexicon read from the compiled-pack cache (``nudge._cache``) has some 36,000 typo
forms and triggers and 4,300 phrases: the core reads them from the cache's bytes and
keeps the only copy, and the Python :class:`~nudge.matcher.Lexicon` answers ``typos``,
``triggers`` and each entry's ``phrases`` through these views instead of holding its own
dict, frozenset and ``Phrase`` objects (some 7 MB of small strings, and 3 MB of
phrases). A view compares equal to the dict or set it stands for, and pickles as one.

>>> from nudge._cache import load_compiled
>>> lexicon = load_compiled(("fr",))[1]
>>> lexicon.typos["connrad"], "connrad" in lexicon.triggers
('connard', True)
>>> dict(lexicon.typos) == lexicon.typos, set(lexicon.triggers) == lexicon.triggers
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from typing import TYPE_CHECKING, Any, TypeVar

from nudge import _core

if TYPE_CHECKING:
    from nudge.matcher import Phrase, TermRef

__all__ = ["NO_PHRASES", "CorePhrases", "CoreTriggers", "CoreTypos"]

_S = TypeVar("_S")


class CoreTypos(Mapping[str, str]):
    """The core's typo forms as a read-only mapping (form -> the form it stands for).

    >>> from nudge._cache import load_compiled
    >>> typos = load_compiled(("fr",))[1].typos
    >>> typos.get("connrad"), typos.get("merci"), len(typos) > 1000
    ('connard', None, True)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.CoreLexicon) -> None:
        self._core = core

    def __getitem__(self, word: str) -> str:
        found = self._core.typo(word) if isinstance(word, str) else None
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._core.typo(word) is not None

    def __iter__(self) -> Iterator[str]:
        return (form for form, _ in self._core.typo_items())

    def __len__(self) -> int:
        return self._core.typo_count()

    def items(self) -> Any:
        """Every (form, stands for) pair, sorted by form (one crossing into the core).

        >>> from nudge._cache import load_compiled
        >>> ("connrad", "connard") in load_compiled(("fr",))[1].typos.items()
        True
        """
        return dict(self._core.typo_items()).items()

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._core.typo_items(),))

    def __repr__(self) -> str:
        return f"<CoreTypos of {len(self)} forms>"


class CoreTriggers(Set[str]):
    """The core's triggers (every key that can start a term or identity match) as a
    read-only set.

    >>> from nudge._cache import load_compiled
    >>> triggers = load_compiled(("fr",))[1].triggers
    >>> "connard" in triggers, "merci" in triggers, triggers - {"connard"} < triggers
    (True, False, True)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.CoreLexicon) -> None:
        self._core = core

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._core.is_trigger(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._core.trigger_list())

    def __len__(self) -> int:
        return self._core.trigger_count()

    @classmethod
    def _from_iterable(cls, it: Iterable[_S]) -> frozenset[_S]:
        # What set operators (``-``, ``|``, ``&``) return: a plain frozenset.
        return frozenset(it)

    __hash__ = Set._hash

    def __reduce__(self) -> tuple[Any, ...]:
        return (frozenset, (self._core.trigger_list(),))

    def __repr__(self) -> str:
        return f"<CoreTriggers of {len(self)} keys>"


class CorePhrases(Mapping[str, tuple["Phrase", ...]]):
    """The phrases starting with one index key, as the core keeps them: a read-only
    mapping from the token they are filed under (their second, or ``...`` for those
    with a gap) to the phrases, equal to the dict a compiled lexicon holds.

    Each access builds the ``Phrase`` objects again (equality, pickles and the cache
    file read them; the scan never does), so none is kept.

    >>> from nudge._cache import load_compiled
    >>> phrases = load_compiled(("en",))[1].index["fuck"].phrases
    >>> [p.term.term for p in phrases["you"]][:1], "you" in phrases, "zzz" in phrases
    (['fuck you'], True, False)
    """

    __slots__ = ("_core", "_key", "_terms")

    def __init__(
        self, core: _core.CoreLexicon | None, key: str, terms: tuple[TermRef, ...]
    ) -> None:
        self._core = core
        self._key = key
        self._terms = terms

    def _table(self) -> dict[str, tuple[Phrase, ...]]:
        from nudge.matcher import Phrase

        if self._core is None:
            return {}
        terms = self._terms
        return {
            second: tuple(
                [
                    Phrase(tuple(tokens), None if t is None else terms[t], roles, group, lang)
                    for tokens, t, roles, group, lang in phrases
                ]
            )
            for second, phrases in self._core.phrases_of(self._key)
        }

    def __getitem__(self, second: str) -> tuple[Phrase, ...]:
        return self._table()[second]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def items(self) -> Any:
        """Every (filed under, phrases) pair (one crossing into the core).

        >>> from nudge._cache import load_compiled
        >>> dict(load_compiled(("en",))[1].index["fuck"].phrases.items())["you"][0].tokens
        ('fuck', 'you')
        """
        return self._table().items()

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (list(self._table().items()),))

    def __repr__(self) -> str:
        return f"<CorePhrases of {self._key!r}: {len(self)} keys>"


NO_PHRASES: CorePhrases = CorePhrases(None, "", ())
"""The phrases of every entry that starts none, in a lexicon read from the cache: one
shared, empty and immutable mapping (equal to ``{}``, pickled as one) rather than an
empty dict for each of some 40,000 entries."""
