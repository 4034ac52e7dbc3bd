"""nudge: kindness nudges for comment sections.

Undo obfuscation (:func:`normalize`), score a comment in context (:class:`Scorer`),
choose a localized prompt, and apply a creator's filter policies.

>>> import nudge
>>> scorer = nudge.Scorer.load()
>>> scorer.score("t'es qu'un b0uffon").flagged
True
"""

from nudge.errors import (
    BulkLimitError,
    ConfigError,
    InputError,
    LexiconError,
    NudgeError,
    PackNotFoundError,
    PromptError,
)
from nudge.lexicon import Category, Pack, available_packs, load_pack
from nudge.normalize import NormalizeConfig, Normalized, Token, TokenKind, normalize
from nudge.scorer import Assessment, Match, Scorer, Severity

__all__ = [
    "Assessment",
    "BulkLimitError",
    "Category",
    "ConfigError",
    "InputError",
    "LexiconError",
    "Match",
    "NormalizeConfig",
    "Normalized",
    "NudgeError",
    "Pack",
    "PackNotFoundError",
    "PromptError",
    "Scorer",
    "Severity",
    "Token",
    "TokenKind",
    "__version__",
    "available_packs",
    "load_pack",
    "normalize",
]

__version__ = "0.1.0"
