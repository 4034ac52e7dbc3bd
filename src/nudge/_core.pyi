"""Types of the compiled core (``rust/python``): private to the ``nudge`` package."""

from collections.abc import Callable
from typing import Any, final

__version__: str

_Look = tuple[str | None, list[int] | None]

@final
class CoreLexicon:
    def lookup(self, word: str, stretched: bool) -> tuple[_Look, str]: ...
    def canonical(self, word: str) -> str: ...
    def find(self, parts: tuple[Any, ...]) -> list[tuple[int, int, int, str]]: ...
    def scan(
        self, parts: tuple[Any, ...]
    ) -> tuple[list[str], list[int], list[int], list[str], list[_Look], list[str]]: ...

@final
class CoreScorer:
    def __init__(
        self,
        lexicon: CoreLexicon,
        constants_: dict[str, Any],
        threshold: float,
        plain: bool,
        has_intent: bool,
        has_copulas: bool,
    ) -> None: ...

def build_lexicon(
    lex: Any, plurals: list[str], standalone: list[str], leet: dict[str, str]
) -> CoreLexicon: ...
def assess_bridge(
    scorer: CoreScorer,
    parts: tuple[Any, ...],
    forced: tuple[str, str] | None,
    steps_of: Callable[[str], tuple[str, ...]],
) -> tuple[Any, ...]: ...
def reject_bridge(
    scorer: CoreScorer, text: str, stretched: bool, words: list[str], forced: str | None
) -> tuple[Any, ...] | None: ...
def time_core(
    scorer: CoreScorer,
    parts_list: list[tuple[Any, ...]],
    steps_of: Callable[[str], tuple[str, ...]],
    repeat: int,
) -> list[float]: ...
