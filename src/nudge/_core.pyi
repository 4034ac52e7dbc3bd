"""Types of the compiled core ``nudge._core`` (built from ``rust/python`` by maturin):
private to the ``nudge`` package."""

from typing import Any, final

__version__: str
GAP: str
MAX_GAP: int
STEPS: tuple[str, ...]

_Look = tuple[str | None, list[int] | None]
# (score, flagged, severity, categories, language, matches, reasons, evidence)
_Outcome = tuple[Any, ...]

@final
class Normalized:
    """The core's result of ``normalize``; wrapped by ``nudge.normalize.Normalized``."""

    def to_original(self, start: int, end: int) -> tuple[int, int] | None: ...
    def words(self) -> list[str]: ...
    def scan(self) -> tuple[list[str], list[int], list[int], list[str]]: ...
    def tokens(
        self,
    ) -> list[tuple[str, str, int, int, int, int, tuple[int, ...]]]: ...
    def stretched_in(self, start: int, end: int) -> list[int]: ...

@final
class Facts:
    """The normaliser's tables with the language facts of a set of packs."""

    def __init__(
        self,
        standalone: list[str],
        elisions: list[str],
        ordinals: list[str],
        elided: list[str] | None = None,
    ) -> None: ...

def normalize(
    text: str, config: int, facts: Facts | None = None
) -> tuple[Normalized, str, tuple[str, ...], tuple[int, ...]]: ...
def emoji_name(sequence: str) -> str: ...
def nfkc(text: str) -> str: ...
def casefold(text: str) -> str: ...
def grapheme_ends(text: str) -> list[int]: ...

@final
class CoreLexicon:
    def lookup(self, word: str, stretched: bool) -> tuple[_Look, str]: ...
    def canonical(self, word: str) -> str: ...
    def segmenter_bytes(self) -> bytes: ...
    def piece_filters_bytes(self) -> bytes: ...
    def has_piece_filters(self) -> bool: ...
    def word_tables_bytes(self) -> bytes: ...
    def typo(self, word: str) -> str | None: ...
    def typo_items(self) -> list[tuple[str, str]]: ...
    def typo_count(self) -> int: ...
    def is_trigger(self, word: str) -> bool: ...
    def trigger_list(self) -> list[str]: ...
    def trigger_count(self) -> int: ...
    def phrase_keys(self) -> list[str]: ...
    def phrases_of(
        self, key: str
    ) -> list[tuple[str, list[tuple[list[str], int | None, int, str | None, str]]]]: ...
    def find(self, normalized: Normalized) -> list[tuple[int, int, int, str]]: ...
    def guess(self, text: str) -> tuple[str | None, list[str]]: ...
    def scan(
        self, normalized: Normalized
    ) -> tuple[list[str], list[int], list[int], list[str], list[_Look], list[str]]: ...

@final
class PendingReasons:
    def render(self) -> tuple[str, ...]: ...

class PendingMatches:
    def render(self) -> tuple[Any, ...]: ...
    def __len__(self) -> int: ...

class CorePhrasing:
    def __init__(self, line: list[tuple[str, str]], notes: list[tuple[str, str]]) -> None: ...

class CoreScorer:
    def __init__(
        self,
        lexicon: CoreLexicon,
        constants_: dict[str, Any],
        threshold: float,
        plain: bool,
        has_intent: bool,
        has_copulas: bool,
        phrasing: CorePhrasing,
        clitics: list[str] = ...,
        doubles: list[list[str]] = ...,
    ) -> None: ...
    def score(self, text: str, forced: tuple[str, str] | None = None) -> _Outcome: ...
    def score_normalized(
        self, normalized: Normalized, forced: tuple[str, str] | None = None
    ) -> _Outcome: ...
    # The same, answered as ``nudge.scorer.Assessment`` objects (see ``result_types``).
    def assess(self, text: str, forced: tuple[str, str] | None = None) -> Any: ...
    def assess_many(
        self, texts: list[str], forced: tuple[str, str] | None = None, workers: int = 1
    ) -> list[Any]: ...

def result_types(
    assessment: type, match: type, categories: type, no_categories: Any, severities: Any
) -> None: ...
def build_lexicon(
    lex: Any,
    plurals: list[str],
    standalone: list[str],
    leet: dict[str, str],
    facts: Facts | None = None,
    words: list[tuple[str, str]] | None = None,
    limits: tuple[int, int, int, int, int, int, int, int, int, int, int] = (
        20,
        60,
        40,
        3,
        60,
        85,
        400,
        200,
        50,
        1000,
        5,
    ),
    segmenter: bytes | None = None,
    word_tables: bytes | None = None,
    mask_letters: list[str] = ...,
    filters: bytes | None = None,
) -> CoreLexicon: ...
def time_texts(scorer: CoreScorer, texts: list[str], repeat: int) -> list[float]: ...
def score_columns(
    scorer: CoreScorer,
    data: bytes,
    offsets: bytes,
    wide: bool,
    validity: bytes | None,
    offset: int,
    length: int,
    forced: tuple[str, str] | None = None,
) -> dict[str, Any]: ...
def line_feeds(data: bytes, at: int, need: int) -> tuple[int, int | None]: ...
def score_jsonl(
    scorer: CoreScorer,
    data: bytes,
    text_field: str,
    id_field: str,
    source: str,
    first_line: int,
    int_digits: int,
    forced: tuple[str, str] | None = None,
) -> dict[str, Any] | None: ...

class Folded:
    """A policy chain's batch of comments, folded once (``fold_and_find``)."""

    def __len__(self) -> int: ...

def fold_and_find(
    texts: list[str], facts: Facts | None, lexicons: list[CoreLexicon], workers: int = 1
) -> tuple[Folded, list[int]]: ...
def assess_folded(
    scorer: CoreScorer, folded: Folded, picks: list[int], workers: int = 1
) -> list[Any]: ...
