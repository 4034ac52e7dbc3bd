"""Read-only views of the compiled core's typo forms and triggers.

A lexicon read from the compiled-pack cache (``nudge._cache``) has some 36,000 typo
forms and triggers: the core reads them from the cache's bytes and keeps the only copy,
and the Python :class:`~nudge.matcher.Lexicon` answers ``typos`` and ``triggers`` through
these views instead of holding its own dict and frozenset (some 7 MB of small strings).
A view compares equal to the dict or set it stands for, and pickles as one.

>>> from nudge._cache import load_compiled
>>> lexicon = load_compiled(("fr",))[1]
>>> lexicon.typos["connrad"], "connrad" in lexicon.triggers
('connard', True)
>>> dict(lexicon.typos) == lexicon.typos, set(lexicon.triggers) == lexicon.triggers
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from typing import Any, TypeVar

from nudge import _core

__all__ = ["CoreTriggers", "CoreTypos"]

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
