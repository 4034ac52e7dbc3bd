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

# Imported now, not on first use: the function ``nudge.normalize`` must be bound before
# anything imports the submodule of the same name (which would take the attribute).
from nudge.normalize import NormalizeConfig, Normalized, Token, TokenKind, normalize

if TYPE_CHECKING:
    from nudge import bulk, notices, quiz, reports, stats
    from nudge.lexicon import Category, Pack, available_packs, load_pack
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
    from nudge.research.evaluate import evaluate
    from nudge.scorer import Assessment, Match, Scorer, Severity

# ``import nudge`` imports the errors and the normaliser: every other public name is
# imported from its module on first use (PEP 562), so a process that scores comments never
# pays for the policies, prompts, bulk moderation or research toolkit it does not use (#12:
# import and load under 150 ms).  The table says where each name lives.
_LAZY_NAMES: dict[str, str] = {
    **dict.fromkeys(("Category", "Pack", "available_packs", "load_pack"), "nudge.lexicon"),
    **dict.fromkeys(
        (
            "Action", "AllowList", "BatchScorerLike", "BlockList", "Comment", "Context",
            "Decision", "FilterAll", "KeywordFilter", "Limits", "ModerationAction",
            "OffensiveFilter", "Policy", "PolicyChain", "Relationship", "RelationshipNudge",
            "Restrict", "policy_from_config", "to_config",
        ),
        "nudge.policies",
    ),
    **dict.fromkeys(
        (
            "AuthorHistory", "ButtonAction", "EditReview", "EditVerdict", "NudgeRecord",
            "NudgeStats", "Outcome", "Prompt", "PromptAction", "PromptChooser", "PromptKind",
            "TextScorerLike",
        ),
        "nudge.prompts",
    ),
    **dict.fromkeys(("Assessment", "Match", "Scorer", "Severity"), "nudge.scorer"),
    # The research toolkit (nudge.research) is a third of the code and only researchers
    # need it.
    "evaluate": "nudge.research.evaluate",
}  # fmt: skip

# Submodules offered as attributes: the anti-bullying toolkit around the nudge (issue
# #13: reports and trusted flaggers, moderation figures, the safety quiz, messages for
# the author of a held comment) and bulk moderation.
_LAZY_MODULES = frozenset({"bulk", "notices", "quiz", "reports", "stats"})


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    elif name in _LAZY_MODULES:
        value = importlib.import_module(f"nudge.{name}")
    else:
        raise AttributeError(f"module 'nudge' has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
