"""nudge: kindness nudges for comment sections.

Undo obfuscation (:func:`normalize`), score a comment in context (:class:`Scorer`),
choose a localized prompt (:class:`PromptChooser`), and apply a creator's filter
policies (:class:`PolicyChain`, :mod:`nudge.bulk`).  Researchers benchmark lexicons with
:func:`evaluate`.

>>> import nudge
>>> scorer = nudge.Scorer.load()
>>> scorer.score("t'es qu'un b0uffon").flagged
True
"""

from typing import TYPE_CHECKING, Any

from nudge import bulk
from nudge.errors import (
    BulkLimitError,
    ConfigError,
    InputError,
    LexiconError,
    NudgeError,
    PackNotFoundError,
    PackProblemsError,
    PromptError,
    QuizError,
    RecordError,
)
from nudge.lexicon import Category, Pack, available_packs, load_pack
from nudge.normalize import NormalizeConfig, Normalized, Token, TokenKind, normalize
from nudge.policies import (
    Action,
    AllowList,
    BatchScorerLike,
    BlockList,
    Comment,
    Context,
    Decision,
    FilterAll,
    KeywordFilter,
    Limits,
    ModerationAction,
    OffensiveFilter,
    Policy,
    PolicyChain,
    Relationship,
    RelationshipNudge,
    Restrict,
    policy_from_config,
    to_config,
)
from nudge.prompts import (
    AuthorHistory,
    ButtonAction,
    EditReview,
    EditVerdict,
    NudgeRecord,
    NudgeStats,
    Outcome,
    Prompt,
    PromptAction,
    PromptChooser,
    PromptKind,
    TextScorerLike,
)
from nudge.scorer import Assessment, Match, Scorer, Severity

if TYPE_CHECKING:
    from nudge import notices, quiz, reports, stats
    from nudge.research.evaluate import evaluate

# The anti-bullying toolkit around the nudge (issue #13): reports and trusted flaggers,
# moderation figures, the safety quiz, messages for the author of a held comment.
_LAZY_MODULES = frozenset({"notices", "quiz", "reports", "stats"})


def __getattr__(name: str) -> Any:
    # The research toolkit (nudge.research) is a third of the code and only researchers
    # need it: it is imported on first use of nudge.evaluate, not by ``import nudge``.
    if name == "evaluate":
        from nudge.research.evaluate import evaluate

        return evaluate
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"nudge.{name}")
    raise AttributeError(f"module 'nudge' has no attribute {name!r}")


__all__ = [
    "Action",
    "AllowList",
    "Assessment",
    "AuthorHistory",
    "BatchScorerLike",
    "BlockList",
    "BulkLimitError",
    "ButtonAction",
    "Category",
    "Comment",
    "ConfigError",
    "Context",
    "Decision",
    "EditReview",
    "EditVerdict",
    "FilterAll",
    "InputError",
    "KeywordFilter",
    "LexiconError",
    "Limits",
    "Match",
    "ModerationAction",
    "NormalizeConfig",
    "Normalized",
    "NudgeError",
    "NudgeRecord",
    "NudgeStats",
    "OffensiveFilter",
    "Outcome",
    "Pack",
    "PackNotFoundError",
    "PackProblemsError",
    "Policy",
    "PolicyChain",
    "Prompt",
    "PromptAction",
    "PromptChooser",
    "PromptError",
    "PromptKind",
    "QuizError",
    "RecordError",
    "Relationship",
    "RelationshipNudge",
    "Restrict",
    "Scorer",
    "Severity",
    "TextScorerLike",
    "Token",
    "TokenKind",
    "__version__",
    "available_packs",
    "bulk",
    "evaluate",
    "load_pack",
    "normalize",
    "notices",
    "policy_from_config",
    "quiz",
    "reports",
    "stats",
    "to_config",
]

__version__ = "0.1.0"
