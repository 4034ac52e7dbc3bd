"""Comment-filter policies: small, declarative, testable rules a creator switches on.

A policy looks at one :class:`Comment` (and, optionally, a :class:`Context` the app fills
in: who the creator is, how the two accounts are related) and returns a
:class:`Decision`: one :class:`Action` out of ``ALLOW < NUDGE < HOLD < HIDE < REJECT``,
the policy that decided, human-readable reasons and the scorer's assessment when one
was needed.  The library stores nothing; every input is a plain frozen value.

>>> chain = PolicyChain([AllowList(["friend"]), KeywordFilter(["bitch", "🐍"]), FilterAll()])
>>> chain.decide(Comment("you b1tch", author_id="u1"), Context(creator_id="me")).action
<ModerationAction.HIDE: 'hide'>
>>> chain.decide(Comment("nice video", author_id="u1")).action
<ModerationAction.HOLD: 'hold'>
>>> chain.decide(Comment("you b1tch", author_id="friend")).action
<ModerationAction.ALLOW: 'allow'>

How a :class:`PolicyChain` combines its policies (the documented order):

1. The creator's own comments are always allowed (``Context.creator_id`` or the chain's
   ``creator_id``); nothing else is evaluated.
2. An author on an :class:`AllowList` skips every *filter* (:class:`FilterAll`,
   :class:`OffensiveFilter`, :class:`KeywordFilter`, :class:`Limits`) and is not nudged
   (:class:`RelationshipNudge`) unless the list says ``nudge=True``; account-level
   sanctions (:class:`BlockList`, :class:`Restrict`) still apply.
3. Every other policy gives its verdict; the **most restrictive action wins**
   (``REJECT > HIDE > HOLD > NUDGE > ALLOW``).  On a tie the policy listed first wins.
   A policy that can change neither the action nor the deciding policy is not evaluated
   (a blocked author's text is never read), so ``reasons`` lists the policies that fired
   among those evaluated, the deciding one first.
   The result therefore does not depend on the order of the policies, only the
   attribution of a tie does, and adding a policy never loosens a decision (except an
   :class:`AllowList`, whose whole job is to loosen).
4. Policies that need the scorer run last, only for comments whose outcome they can
   still change, in one ``score_many`` call per batch.
5. When the final action is ``NUDGE``, the prompt chooser picks the prompt, unless the
   author already answered a prompt for this comment with "post anyway"
   (``Context.prompt_outcome``): then the chain's ``after_posted_anyway`` action applies
   (``ALLOW`` by default; ``HOLD`` or ``HIDE`` if the app prefers), with no second nudge.
6. A ``HOLD`` or ``REJECT`` decision carries a message for its author
   (``Decision.notice``, from :mod:`nudge.notices`): why, and what they can do.
"""

from __future__ import annotations

import inspect
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, Self

from nudge import _core, _gcpause
from nudge.errors import ConfigError, InputError, LexiconError
from nudge.lexicon import Category
from nudge.matcher import Lexicon, compile_wordlist
from nudge.normalize import TokenKind, _default_core_facts, normalize
from nudge.scorer import _MATCHES_SLOT, _REASONS_SLOT, Assessment, Scorer

if TYPE_CHECKING:
    from nudge.notices import AuthorNotice, NoticeBook
    from nudge.prompts import AuthorHistory, Outcome, Prompt

__all__ = [
    "CONFIG_VERSION",
    "Action",
    "AllowList",
    "BatchScorerLike",
    "BlockList",
    "Comment",
    "Context",
    "Decision",
    "FilterAll",
    "KeywordFilter",
    "Limits",
    "ModerationAction",
    "OffensiveFilter",
    "Policy",
    "PolicyChain",
    "PromptChooserLike",
    "Relationship",
    "RelationshipNudge",
    "Restrict",
    "ScorerLike",
    "policy_from_config",
    "to_config",
]

CONFIG_VERSION: Final = 1
"""The version of the configuration format :func:`policy_from_config` reads."""


# --------------------------------------------------------------------- the values


class ModerationAction(StrEnum):
    """What happens to a comment, from the least to the most restrictive.

    >>> Action.HIDE.rank > Action.HOLD.rank > Action.NUDGE.rank
    True
    >>> max([Action.NUDGE, Action.REJECT, Action.HOLD], key=lambda a: a.rank)
    <ModerationAction.REJECT: 'reject'>
    """

    ALLOW = "allow"
    """Publish the comment."""
    NUDGE = "nudge"
    """Ask the author to reconsider before posting (the decision carries the prompt)."""
    HOLD = "hold"
    """Keep it pending until the creator approves it."""
    HIDE = "hide"
    """Publish it visible only to its author."""
    REJECT = "reject"
    """Refuse it."""

    @property
    def rank(self) -> int:
        """0 for ``ALLOW`` up to 4 for ``REJECT``: a larger rank is more restrictive.

        >>> Action.ALLOW.rank, Action.REJECT.rank
        (0, 4)
        """
        return _RANK[self]


Action = ModerationAction
"""The name ``nudge.Action`` has always had (prompt buttons are :class:`ButtonAction`)."""


_RANK: Final = {action: i for i, action in enumerate(Action)}
_NUDGE: Final = _RANK[Action.NUDGE]


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment as the app knows it; the library only reads it.

    >>> Comment("t'es nul", author_id="u1", thread_id="v9").author_id
    'u1'
    """

    text: str
    author_id: str
    thread_id: str = ""
    """The video, post or thread it was written under."""
    created_at: datetime | None = None
    parent_id: str | None = None
    """The comment it replies to, if any."""
    comment_id: str | None = None


@dataclass(frozen=True, slots=True)
class Relationship:
    """How the comment's author and the creator are related (filled in by the app).

    >>> r = Relationship(author_follows_creator=True, creator_follows_author=True)
    >>> r.mutual
    True
    """

    author_follows_creator: bool = False
    creator_follows_author: bool = False
    followed_at: datetime | None = None
    """When the author started following the creator (timezone-aware), if known."""
    account_age_days: float | None = None
    """Age of the author's account in days, if known."""
    prior_interactions: int = 0
    """Friendly interactions between the two accounts (replies, likes) the app counted."""
    blocked: bool = False
    """The creator has blocked the author."""
    restricted: bool = False
    """The creator has restricted the author."""

    @property
    def mutual(self) -> bool:
        """Both accounts follow each other.

        >>> Relationship(author_follows_creator=True).mutual
        False
        """
        return self.author_follows_creator and self.creator_follows_author


@dataclass(frozen=True, slots=True)
class Context:
    """What the app knows around a comment. Every field is optional.

    >>> Context(creator_id="me", relationship=Relationship(blocked=True)).relationship.blocked
    True
    """

    creator_id: str | None = None
    """The creator whose comment section this is (their own comments are never held)."""
    relationship: Relationship | None = None
    locale: str | None = None
    """The author's locale, for the nudge prompt."""
    prompt_history: AuthorHistory | None = None
    """The author's recent nudges (``nudge.prompts.AuthorHistory``), for the prompt chooser."""
    now: datetime | None = None
    """The current time (timezone-aware) for time-based policies; default: the clock."""
    prompt_outcome: Outcome | None = None
    """What the author answered to the prompt already shown for this very comment
    (``nudge.prompts.Outcome``): ``posted_anyway`` means "do not nudge it again"."""


_NO_CONTEXT: Final = Context()


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one comment.

    ``policy`` names the policy that decided (``None`` when no policy fired or for the
    creator's own comment); ``prompt`` is set only when ``action`` is ``NUDGE`` and a
    prompt chooser is available.

    >>> d = KeywordFilter(["spoiler"]).decide(Comment("SPOILER: he dies", author_id="u1"))
    >>> d.action, d.policy
    (<ModerationAction.HIDE: 'hide'>, 'keyword_filter')
    >>> d.reasons
    ('keyword_filter: matches the keyword "spoiler"',)
    """

    action: Action
    policy: str | None
    reasons: tuple[str, ...]
    assessment: Assessment | None = None
    prompt: Prompt | None = None
    notice: AuthorNotice | None = None
    """For ``HOLD`` and ``REJECT``: the message for the comment's author."""


_new: Final = object.__new__


class _Unfrozen:
    """A :class:`Decision`'s slots, the same names in the same order, and no frozen
    ``__setattr__``: a batch fills one with plain attribute stores, then turns it into the
    Decision it lays out (see :func:`_decision`)."""

    __slots__ = Decision.__slots__  # the same names in the same order: the same layout
    action: Action
    policy: str | None
    reasons: tuple[str, ...]
    assessment: Assessment | None
    prompt: Prompt | None
    notice: AuthorNotice | None


def _decision(
    action: Action,
    policy: str | None,
    reasons: tuple[str, ...],
    assessment: Assessment | None = None,
    *,
    prompt: Prompt | None = None,
    notice: AuthorNotice | None = None,
) -> Decision:
    """``Decision(action, policy, reasons, assessment, prompt, notice)``, made by filling
    its slots: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__`` (and a slot's own ``__set__`` is a call each too), and a batch
    makes one per comment.  The slots are filled on a class of the same layout, which
    the object then becomes (Python checks the layouts match, or raises ``TypeError``);
    the decision is the same value (``tests/test_policies_batch.py`` checks the field
    list)."""
    d = _Unfrozen()
    d.action = action
    d.policy = policy
    d.reasons = reasons
    d.assessment = assessment
    d.prompt = prompt
    d.notice = notice
    d.__class__ = Decision  # type: ignore[assignment]
    made: Decision = d  # type: ignore[assignment]
    return made


# -------------------------------------------------------------- what we consume


class BatchScorerLike(Protocol):
    """What a policy needs from a scorer (``nudge.Scorer`` fits; tests pass fakes)."""

    def score_many(self, texts: Sequence[str]) -> Sequence[Assessment]:
        """One assessment per text, in order."""
        ...


ScorerLike = BatchScorerLike
"""The former name of :class:`BatchScorerLike`, kept."""


class PromptChooserLike(Protocol):
    """What a policy needs from a prompt chooser (``nudge.prompts.PromptChooser`` fits)."""

    def choose(
        self,
        assessment: Any,
        locale: str | None = None,
        history: Any = None,
        key: str | None = None,
    ) -> Any:
        """The prompt to show, or ``None`` (a ``now=`` keyword, when accepted, gets the
        decision's ``Context.now``)."""
        ...


_lock = threading.Lock()
_defaults: dict[str, Any] = {}


def _default_scorer() -> ScorerLike:
    """The bundled ``nudge.Scorer``, loaded once on first need (thread-safe)."""
    with _lock:
        scorer = _defaults.get("scorer")
        if scorer is None:
            scorer = _defaults["scorer"] = Scorer.load()
        result: ScorerLike = scorer
        return result


def _default_chooser() -> PromptChooserLike:
    """``nudge.prompts.PromptChooser.load()``, built once."""
    # Imported here, not at the top: nudge.prompts is only needed once a comment is nudged.
    from nudge.prompts import PromptChooser

    with _lock:
        if "chooser" not in _defaults:
            _defaults["chooser"] = PromptChooser.load()
        chooser: PromptChooserLike = _defaults["chooser"]
        return chooser


def _default(cls: type, name: str) -> Any:
    """The default of a policy field, as its dataclass declares it (written only there)."""
    return cls.__dataclass_fields__[name].default  # type: ignore[attr-defined]


def _changed(policy: Policy, *names: str) -> dict[str, Any]:
    """The named fields of ``policy`` that differ from their declared default."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(policy, name)
        if value != _default(type(policy), name):
            out[name] = value
    return out


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ the policies


class _Probe:
    """Per-comment values shared by the policies of one evaluation."""

    __slots__ = ("assessment", "comment", "now")

    def __init__(self, comment: Comment, now: datetime | None) -> None:
        self.comment = comment
        self.now = now
        self.assessment: Assessment | None = None


_Verdict = tuple[Action, str]


class _Shown(dict[float, str]):
    """Scores and thresholds as reasons show them (two decimals), each formatted once: a
    batch's reasons repeat a few thresholds and many equal scores (0.0 and -0.0 would
    share a key, but no score nor threshold is negative)."""

    __slots__ = ()

    def __missing__(self, value: float) -> str:
        text = self[value] = f"{value:.2f}"
        return text


class Policy(ABC):
    """The base of every policy: one job, the same :meth:`decide` everywhere.

    >>> isinstance(FilterAll(), Policy)
    True
    """

    __slots__ = ()

    kind: ClassVar[str]
    """The ``type`` of the policy in a configuration."""
    exemptible: ClassVar[bool] = True
    """Whether an :class:`AllowList` lets trusted authors skip this policy."""
    needs_assessment: ClassVar[bool] = False

    @property
    def name(self) -> str:
        """The policy's label, or its kind: what :attr:`Decision.policy` shows.

        >>> FilterAll().name, FilterAll(label="approve-all").name
        ('filter_all', 'approve-all')
        """
        label: str = getattr(self, "label", "")
        return label or self.kind

    @property
    def max_action(self) -> Action:
        """The most restrictive action this policy can take.

        >>> BlockList(["u1"]).max_action
        <ModerationAction.REJECT: 'reject'>
        """
        action: Action = getattr(self, "action", Action.ALLOW)
        return action

    @abstractmethod
    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        """The action and its reason, or ``None`` when the policy has nothing to say."""

    @abstractmethod
    def _fields(self) -> dict[str, Any]:
        """The configuration fields that differ from their defaults."""

    @classmethod
    @abstractmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        """Build from a configuration entry (unknown keys are refused by the caller)."""

    def to_config(self) -> dict[str, Any]:
        """This policy as one entry of a configuration's ``policies`` list.

        >>> OffensiveFilter(0.7, categories={"threat": Action.HOLD}).to_config()
        {'type': 'offensive_filter', 'threshold': 0.7, 'categories': {'threat': 'hold'}}
        """
        out: dict[str, Any] = {"type": self.kind}
        out.update(self._fields())
        label: str = getattr(self, "label", "")
        if label:
            out["label"] = label
        return out

    def decide(
        self,
        comment: Comment,
        context: Context | None = None,
        *,
        assessment: Assessment | None = None,
    ) -> Decision:
        """Decide one comment (``assessment``: a precomputed one, else the scorer is asked).

        >>> BlockList(["troll"]).decide(Comment("hi", author_id="troll")).action
        <ModerationAction.REJECT: 'reject'>
        """
        assessments = None if assessment is None else [assessment]
        return self.decide_many([comment], [context], assessments=assessments)[0]

    def decide_many(
        self,
        comments: Sequence[Comment],
        contexts: Context | Sequence[Context | None] | None = None,
        *,
        assessments: Sequence[Assessment] | None = None,
        workers: int = 1,
    ) -> list[Decision]:
        """Decide a batch: one decision per comment, in order.

        ``contexts`` is one context for all, or one per comment.  Policies that need the
        scorer call its ``score_many`` once for the comments they can still change.
        ``workers`` threads share the compiled core's part of the batch (the keyword
        scan and the bundled scorer's); the decisions are those of one thread.

        >>> [d.action.value for d in FilterAll().decide_many(
        ...     [Comment("a", "u1"), Comment("b", "me")], Context(creator_id="me"))]
        ['hold', 'allow']
        """
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise InputError(f"workers: must be a positive int, got {workers!r}")
        return _evaluate(self._chain_parts(), comments, contexts, assessments, workers)

    def _chain_parts(self) -> _Parts:
        return _Parts((self,), None, None, None)


@dataclass(frozen=True, slots=True)
class FilterAll(Policy):
    """Hold every comment for the creator's approval (TikTok's "filter all comments").

    The creator's own comments and authors on an :class:`AllowList` are excepted.

    >>> FilterAll().decide(Comment("first!", author_id="u1")).action
    <ModerationAction.HOLD: 'hold'>
    >>> FilterAll().decide(Comment("thanks all", "me"), Context(creator_id="me")).action
    <ModerationAction.ALLOW: 'allow'>
    """

    kind: ClassVar[str] = "filter_all"
    label: str = ""

    @property
    def max_action(self) -> Action:
        """Always ``HOLD``.

        >>> FilterAll().max_action
        <ModerationAction.HOLD: 'hold'>
        """
        return Action.HOLD

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        return Action.HOLD, "every comment waits for the creator's approval"

    def _fields(self) -> dict[str, Any]:
        return {}

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(label=fields.label())


def _check_threshold(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"must be a number, got {type(value).__name__}", path=path)
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"must be between 0 and 1, got {value!r}", path=path)
    return float(value)


def _check_action(value: object, path: str) -> Action:
    if not isinstance(value, Action):
        raise ConfigError(f"must be an Action, got {type(value).__name__}", path=path)
    return value


_CATEGORIES: Final = frozenset(c.value for c in Category)


@dataclass(frozen=True, slots=True)
class OffensiveFilter(Policy):
    """Act on comments the scorer finds offensive: at or above ``threshold``.

    ``action`` applies by default; ``categories`` chooses per category (hold threats,
    hide slurs, allow mere profanity).  Among the categories of a comment that reach the
    threshold, the most restrictive choice wins.

    >>> f = OffensiveFilter(0.5, action=Action.HIDE, categories={"threat": Action.HOLD})
    >>> f.categories["threat"]
    <ModerationAction.HOLD: 'hold'>
    >>> f.max_action
    <ModerationAction.HIDE: 'hide'>
    """

    kind: ClassVar[str] = "offensive_filter"
    needs_assessment: ClassVar[bool] = True

    threshold: float = 0.5
    action: Action = Action.HIDE
    categories: Mapping[str, Action] = field(default_factory=lambda: MappingProxyType({}))
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", _check_threshold(self.threshold, "threshold"))
        _check_action(self.action, "action")
        if not isinstance(self.categories, Mapping):
            raise ConfigError("must be a mapping of category to action", path="categories")
        for name, action in self.categories.items():
            if name not in _CATEGORIES:
                raise ConfigError(
                    f"unknown category {name!r} (known: {', '.join(sorted(_CATEGORIES))})",
                    path=f"categories.{name}",
                )
            _check_action(action, f"categories.{name}")
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))

    def __reduce__(self) -> tuple[Any, ...]:
        # The read-only mapping proxy does not pickle; rebuild through the checks.
        return (OffensiveFilter, (self.threshold, self.action, dict(self.categories), self.label))

    @property
    def max_action(self) -> Action:
        """The most restrictive of ``action`` and the per-category actions.

        >>> OffensiveFilter(categories={"threat": Action.REJECT}).max_action
        <ModerationAction.REJECT: 'reject'>
        """
        return max((self.action, *self.categories.values()), key=_rank)

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        a = probe.assessment
        return None if a is None else self._judge(a, ctx, _Shown())

    @property
    def _floor(self) -> float:
        """A score under it gets no verdict from :meth:`_judge` (a batch skips it)."""
        return self.threshold

    def _judge(self, a: Assessment, ctx: Context, shown: _Shown) -> _Verdict | None:
        """The verdict on a comment's assessment (a chain's batch calls it directly)."""
        threshold = self.threshold
        score = a.score
        if score < threshold:
            return None
        cats = a.categories
        # Loops, not comprehensions: a comprehension is a function call of its own, and a
        # batch judges most of its comments here.
        hits = []
        for c, s in cats.items():
            if s >= threshold:
                hits.append(c)
        if not hits:
            for c, s in cats.items():
                if s > 0:
                    hits.append(c)
        if not hits:
            return self.action, f"score {shown[score]} >= {shown[threshold]}"
        if len(hits) == 1:  # most comments: one category, no choice to make
            named = hits[0]
            action = self.categories.get(named, self.action)
        else:
            chosen = {c: self.categories.get(c, self.action) for c in hits}
            action = max(chosen.values(), key=_rank)
            named = ", ".join(sorted(c for c, act in chosen.items() if act is action))
        return action, f"{named} (score {shown[score]} >= {shown[threshold]})"

    def _fields(self) -> dict[str, Any]:
        out = _changed(self, "threshold")
        if self.action is not _default(OffensiveFilter, "action"):
            out["action"] = self.action.value
        if self.categories:
            out["categories"] = {c: a.value for c, a in self.categories.items()}
        return out

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        cats = fields.mapping("categories")
        return cls(
            threshold=fields.number("threshold", _default(cls, "threshold")),
            action=fields.action("action", _default(cls, "action")),
            categories={c: fields.action_value(v, f"categories.{c}") for c, v in cats.items()},
            label=fields.label(),
        )


def _rank(action: Action) -> int:
    return _RANK[action]


@dataclass(frozen=True, slots=True)
class KeywordFilter(Policy):
    """The creator's own hidden words, phrases and emoji (Instagram's Hidden Words).

    The entries are compiled by the same matcher as the language packs' terms, and each
    comment is scanned by the compiled core as the scorer scans it: ``b1tch``, ``BITCH``,
    ``biiitch`` and ``bitch's`` in a comment meet the creator's ``bitch``, and ``🐍``
    meets ``🐍🏽``.  An entry of several words is a phrase of consecutive tokens, and
    ``...`` in it stands for a gap of up to three words, as in a pack (``go ... away``);
    a masked token (``f*ck``, ``fu*k``) matches a word of three or more letters with
    the same length and first letter.  No typo forms: a creator's list has no
    ``fuzzy`` option.  Entries are literal data, never patterns: ``.*`` is just the text
    ``.*``.  Matching is by whole token (``ass`` does not match ``class``).

    >>> kw = KeywordFilter(["bitch", "go away"], emoji=["🐍"])
    >>> [kw.decide(Comment(t, "u1")).action.value for t in ("b1tch", "GO   AWAY", "🐍🐍", "go")]
    ['hide', 'hide', 'hide', 'allow']
    >>> [kw.match(t) for t in ("biiiitch", "b*tch", "that bitch's", "🐍🏿", "go far away")]
    ['bitch', 'bitch', 'bitch', '🐍', None]
    >>> KeywordFilter(["go ... away"]).match("go far away")
    'go ... away'
    >>> KeywordFilter(["ok", "  "])
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: words[1]: an empty keyword
    """

    kind: ClassVar[str] = "keyword_filter"

    words: Collection[str] = ()
    emoji: Collection[str] = ()
    action: Action = Action.HIDE
    label: str = ""
    _lexicon: Lexicon | None = field(init=False, repr=False, compare=False)
    """The entries compiled like a pack's terms (``None``: no entries)."""

    def __post_init__(self) -> None:
        _check_action(self.action, "action")
        entries: list[str] = []
        paths: list[str] = []
        for name in ("words", "emoji"):
            values = getattr(self, name)
            if isinstance(values, str) or not isinstance(values, Iterable):
                raise ConfigError("must be a list of strings", path=name)
            values = tuple(values)
            object.__setattr__(self, name, values)
            for i, entry in enumerate(values):
                path = f"{name}[{i}]"
                if not isinstance(entry, str):
                    raise ConfigError(f"must be a string, got {type(entry).__name__}", path=path)
                if not entry.strip():
                    raise ConfigError("an empty keyword", path=path)
                tokens = normalize(entry).tokens()
                if not tokens:
                    raise ConfigError(f"{entry!r} normalises to nothing", path=path)
                if name == "emoji" and any(t.kind is not TokenKind.EMOJI for t in tokens):
                    raise ConfigError(f"{entry!r} is not an emoji", path=path)
                entries.append(entry)
                paths.append(path)
        lexicon = None
        if entries:
            try:
                lexicon = compile_wordlist(entries, name=self.kind)
            except LexiconError as exc:  # "... away": a gap must stand between words
                raise ConfigError(exc.message, path=paths[(exc.line or 1) - 1]) from None
        object.__setattr__(self, "_lexicon", lexicon)

    def match(self, text: str) -> str | None:
        """The creator's entry found in ``text`` (as they wrote it), or ``None``.

        >>> KeywordFilter(["connard", "🐍"]).match("t'es un c0nnard 🐍")
        'connard'
        """
        if not isinstance(text, str):
            raise TypeError(f"normalize() expects str, got {type(text).__name__}")
        lexicon = self._lexicon
        if lexicon is None:
            return None
        hit = _core.fold_and_find([text], _default_core_facts(), [self._core_lexicon()])[1][0]
        return None if hit < 0 else lexicon.terms[hit].term

    def _core_lexicon(self) -> Any:
        """The compiled core's lexicon of the entries (a filter with entries only)."""
        lexicon = self._lexicon
        if lexicon is None:
            raise ValueError("a keyword filter without entries has no lexicon")
        return lexicon._core_lexicon()

    def _reason(self, term_id: int) -> str:
        """The reason given when the entry ``term_id`` is met first (``_core.fold_and_find``
        answers with it: the entry met first in the comment; at one place, the one listed
        first)."""
        lexicon = self._lexicon
        if lexicon is None:
            raise ValueError("a keyword filter without entries meets nothing")
        return f'matches the keyword "{lexicon.terms[term_id].term}"'

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        # A chain reads a batch's comments at once (_evaluate_batch); this is one alone.
        hit = self.match(comment.text)
        if hit is None:
            return None
        return self.action, f'matches the keyword "{hit}"'

    def _fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.words:
            out["words"] = list(self.words)
        if self.emoji:
            out["emoji"] = list(self.emoji)
        if self.action is not Action.HIDE:
            out["action"] = self.action.value
        return out

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(
            words=fields.strings("words"),
            emoji=fields.strings("emoji"),
            action=fields.action("action", Action.HIDE),
            label=fields.label(),
        )


def _check_ids(self: Any, name: str = "author_ids") -> None:
    ids = getattr(self, name)
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        raise ConfigError("must be a list of account ids", path=name)
    ids = tuple(ids)
    seen: dict[str, int] = {}
    for i, value in enumerate(ids):
        path = f"{name}[{i}]"
        if not isinstance(value, str):
            raise ConfigError(f"must be a string, got {type(value).__name__}", path=path)
        if not value.strip():
            raise ConfigError("an empty account id", path=path)
        if value in seen:
            raise ConfigError(f"duplicate id {value!r} (first at [{seen[value]}])", path=path)
        seen[value] = i
    object.__setattr__(self, name, ids)
    object.__setattr__(self, "_ids", frozenset(ids))


def _accounts_config(policy: Any) -> dict[str, Any]:
    """The configuration of a policy about listed accounts (``author_ids``, and
    ``use_context`` where the policy has it), defaults left out."""
    out: dict[str, Any] = {}
    if policy.author_ids:
        out["author_ids"] = list(policy.author_ids)
    if not getattr(policy, "use_context", True):
        out["use_context"] = False
    return out


def _accounts_arguments(fields: _Fields, *, context: bool) -> dict[str, Any]:
    """The constructor arguments :func:`_accounts_config` wrote."""
    out: dict[str, Any] = {"author_ids": fields.strings("author_ids"), "label": fields.label()}
    if context:
        out["use_context"] = fields.boolean("use_context", True)
    return out


@dataclass(frozen=True, slots=True)
class AllowList(Policy):
    """Trusted authors skip the filters (their comments are never held or hidden by one).

    Their comments are not nudged either, unless the creator says so (``nudge=True``).

    >>> chain = PolicyChain([AllowList(["mod"]), FilterAll()])
    >>> chain.decide(Comment("hi", "mod")).action, chain.decide(Comment("hi", "u2")).action
    (<ModerationAction.ALLOW: 'allow'>, <ModerationAction.HOLD: 'hold'>)
    """

    kind: ClassVar[str] = "allow_list"
    exemptible: ClassVar[bool] = False

    author_ids: Collection[str] = ()
    label: str = ""
    nudge: bool = False
    """Still nudge these authors (a :class:`RelationshipNudge` applies to them)."""
    _ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_ids(self)
        if not isinstance(self.nudge, bool):
            raise ConfigError(f"must be true or false, got {self.nudge!r}", path="nudge")

    def allows(self, comment: Comment) -> bool:
        """Whether the comment's author is trusted.

        >>> AllowList(["mod"]).allows(Comment("x", "mod"))
        True
        """
        return comment.author_id in self._ids

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        return None

    def _fields(self) -> dict[str, Any]:
        out = _accounts_config(self)
        if self.nudge:
            out["nudge"] = True
        return out

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(
            **_accounts_arguments(fields, context=False), nudge=fields.boolean("nudge", False)
        )


@dataclass(frozen=True, slots=True)
class BlockList(Policy):
    """Reject comments from blocked accounts: those listed, and (``use_context``) those the
    app marks ``Relationship.blocked``.

    >>> blocked = Context(relationship=Relationship(blocked=True))
    >>> BlockList().decide(Comment("hi", "u1"), blocked).action
    <ModerationAction.REJECT: 'reject'>
    """

    kind: ClassVar[str] = "block_list"
    exemptible: ClassVar[bool] = False

    author_ids: Collection[str] = ()
    use_context: bool = True
    action: Action = Action.REJECT
    label: str = ""
    _ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_ids(self)
        _check_action(self.action, "action")

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        if comment.author_id in self._ids:
            return self.action, f"{comment.author_id} is on the block list"
        rel = ctx.relationship
        if self.use_context and rel is not None and rel.blocked:
            return self.action, f"{comment.author_id} is blocked"
        return None

    def _fields(self) -> dict[str, Any]:
        out = _accounts_config(self)
        if self.action is not Action.REJECT:
            out["action"] = self.action.value
        return out

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(
            **_accounts_arguments(fields, context=True),
            action=fields.action("action", Action.REJECT),
        )


@dataclass(frozen=True, slots=True)
class Restrict(Policy):
    """Instagram's Restrict: a restricted author's comments are visible only to them (HIDE).

    Listed authors, and (``use_context``) those the app marks ``Relationship.restricted``.

    >>> Restrict(["ex"]).decide(Comment("hey", "ex")).action
    <ModerationAction.HIDE: 'hide'>
    """

    kind: ClassVar[str] = "restrict"
    exemptible: ClassVar[bool] = False

    author_ids: Collection[str] = ()
    use_context: bool = True
    label: str = ""
    _ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_ids(self)

    @property
    def max_action(self) -> Action:
        """Always ``HIDE``.

        >>> Restrict().max_action
        <ModerationAction.HIDE: 'hide'>
        """
        return Action.HIDE

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        rel = ctx.relationship
        if comment.author_id in self._ids or (
            self.use_context and rel is not None and rel.restricted
        ):
            return Action.HIDE, f"{comment.author_id} is restricted: visible only to them"
        return None

    def _fields(self) -> dict[str, Any]:
        return _accounts_config(self)

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(**_accounts_arguments(fields, context=True))


@dataclass(frozen=True, slots=True)
class Limits(Policy):
    """Instagram's Limits for pile-ons: hide comments from non-followers and recent
    followers until a given time.

    Accounts the creator follows are never limited.  Without a
    :class:`Relationship` the author counts as a non-follower; a follower whose
    ``followed_at`` is unknown does not count as recent.  ``now`` comes from
    ``Context.now``, else from ``clock`` (injectable); ``until=None`` means "until
    switched off".

    >>> end = datetime(2030, 1, 8, tzinfo=UTC)
    >>> lim = Limits(recent_followers_days=7, until=end)
    >>> now = datetime(2030, 1, 5, tzinfo=UTC)
    >>> fan = Relationship(True, followed_at=datetime(2029, 6, 1, tzinfo=UTC))
    >>> new = Relationship(True, followed_at=datetime(2030, 1, 4, tzinfo=UTC))
    >>> [lim.decide(Comment("...", "u"), Context(relationship=r, now=now)).action.value
    ...  for r in (None, fan, new)]
    ['hide', 'allow', 'hide']
    """

    kind: ClassVar[str] = "limits"

    non_followers: bool = True
    recent_followers_days: float | None = None
    new_accounts_days: float | None = None
    until: datetime | None = None
    action: Action = Action.HIDE
    label: str = ""
    clock: Callable[[], datetime] = field(default=_utcnow, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_action(self.action, "action")
        for name in ("recent_followers_days", "new_accounts_days"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"must be a positive number of days, got {value!r}", path=name)
        if self.until is not None and (
            not isinstance(self.until, datetime) or self.until.utcoffset() is None
        ):
            raise ConfigError("must be a timezone-aware date and time", path="until")

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        now = probe.now if probe.now is not None else self.clock()
        if self.until is not None and now >= self.until:
            return None
        rel = ctx.relationship
        if rel is not None and rel.creator_follows_author:
            return None
        author = comment.author_id
        if rel is None or not rel.author_follows_creator:
            if self.non_followers:
                return self.action, f"limits: {author} does not follow the creator"
        elif (
            self.recent_followers_days is not None
            and rel.followed_at is not None
            and now - rel.followed_at < timedelta(days=self.recent_followers_days)
        ):
            return self.action, f"limits: {author} followed recently"
        if self.new_accounts_days is not None and rel is not None:
            age = rel.account_age_days
            if age is not None and age < self.new_accounts_days:
                return self.action, f"limits: {author}'s account is new"
        return None

    def _fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.non_followers:
            out["non_followers"] = False
        if self.recent_followers_days is not None:
            out["recent_followers_days"] = self.recent_followers_days
        if self.new_accounts_days is not None:
            out["new_accounts_days"] = self.new_accounts_days
        if self.until is not None:
            out["until"] = self.until.isoformat()
        if self.action is not Action.HIDE:
            out["action"] = self.action.value
        return out

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(
            non_followers=fields.boolean("non_followers", True),
            recent_followers_days=fields.days("recent_followers_days"),
            new_accounts_days=fields.days("new_accounts_days"),
            until=fields.when("until"),
            action=fields.action("action", Action.HIDE),
            label=fields.label(),
        )


@dataclass(frozen=True, slots=True)
class RelationshipNudge(Policy):
    """Ask the author to reconsider, with a threshold that depends on the relationship.

    Friends (mutual followers with at least ``min_friendly_interactions`` friendly
    interactions) get ``friends_threshold`` (banter between friends is not bullying);
    strangers (neither follows the other) get ``strangers_threshold``; everyone else,
    and authors whose relationship is unknown, get ``threshold``.  Requires
    ``strangers_threshold <= threshold <= friends_threshold``.

    >>> n = RelationshipNudge(threshold=0.5, friends_threshold=0.8, strangers_threshold=0.3)
    >>> friends = Relationship(True, True, prior_interactions=5)
    >>> n.threshold_for(Relationship()), n.threshold_for(None), n.threshold_for(friends)
    (0.3, 0.5, 0.8)
    """

    kind: ClassVar[str] = "relationship_nudge"
    exemptible: ClassVar[bool] = False
    needs_assessment: ClassVar[bool] = True

    threshold: float = 0.5
    friends_threshold: float = 0.8
    strangers_threshold: float = 0.35
    min_friendly_interactions: int = 3
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("threshold", "friends_threshold", "strangers_threshold"):
            object.__setattr__(self, name, _check_threshold(getattr(self, name), name))
        if self.friends_threshold < self.threshold:
            raise ConfigError("must be at least threshold", path="friends_threshold")
        if self.strangers_threshold > self.threshold:
            raise ConfigError("must be at most threshold", path="strangers_threshold")
        m = self.min_friendly_interactions
        if isinstance(m, bool) or not isinstance(m, int) or m < 0:
            raise ConfigError(
                f"must be a non-negative integer, got {m!r}", path="min_friendly_interactions"
            )

    @property
    def max_action(self) -> Action:
        """Always ``NUDGE``.

        >>> RelationshipNudge().max_action
        <ModerationAction.NUDGE: 'nudge'>
        """
        return Action.NUDGE

    def threshold_for(self, relationship: Relationship | None) -> float:
        """The nudge threshold for an author in this relationship with the creator.

        >>> RelationshipNudge().threshold_for(Relationship(author_follows_creator=True))
        0.5
        """
        return self._band(relationship)[0]

    def _band(self, rel: Relationship | None) -> tuple[float, str]:
        if rel is None:
            return self.threshold, "relationship unknown"
        if rel.mutual and rel.prior_interactions >= self.min_friendly_interactions:
            return self.friends_threshold, "friends"
        if not rel.author_follows_creator and not rel.creator_follows_author:
            return self.strangers_threshold, "strangers"
        return self.threshold, "acquaintances"

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        a = probe.assessment
        return None if a is None else self._judge(a, ctx, _Shown())

    @property
    def _floor(self) -> float:
        """A score under it gets no verdict from :meth:`_judge` (a batch skips it)."""
        return min(self.strangers_threshold, self.threshold, self.friends_threshold)

    def _judge(self, a: Assessment, ctx: Context, shown: _Shown) -> _Verdict | None:
        """The verdict on a comment's assessment (a chain's batch calls it directly)."""
        score = a.score
        # Under all three thresholds no band can fire: most comments stop here, without
        # working out the relationship (the lowest, strangers', is compared first).
        if (
            score < self.strangers_threshold
            and score < self.threshold
            and score < self.friends_threshold
        ):
            return None
        limit, band = self._band(ctx.relationship)
        if score < limit:
            return None
        return Action.NUDGE, f"score {shown[score]} >= {shown[limit]} ({band})"

    def _fields(self) -> dict[str, Any]:
        return _changed(
            self,
            "threshold",
            "friends_threshold",
            "strangers_threshold",
            "min_friendly_interactions",
        )

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        return cls(
            threshold=fields.number("threshold", _default(cls, "threshold")),
            friends_threshold=fields.number(
                "friends_threshold", _default(cls, "friends_threshold")
            ),
            strangers_threshold=fields.number(
                "strangers_threshold", _default(cls, "strangers_threshold")
            ),
            min_friendly_interactions=fields.integer(
                "min_friendly_interactions", _default(cls, "min_friendly_interactions")
            ),
            label=fields.label(),
        )


# --------------------------------------------------------------------- the chain


@dataclass(frozen=True, slots=True)
class _Parts:
    policies: tuple[Policy, ...]
    scorer: ScorerLike | None
    chooser: PromptChooserLike | None
    creator_id: str | None
    after_posted_anyway: Action = Action.ALLOW
    notices: NoticeBook | None = None


@dataclass(frozen=True, slots=True)
class PolicyChain(Policy):
    """Several policies evaluated together; the most restrictive action wins.

    ``scorer`` (default: the bundled ``nudge.Scorer``, loaded on first need),
    ``chooser`` (default: ``nudge.prompts``' chooser, if installed) and ``notices``
    (default: the bundled :class:`~nudge.notices.NoticeBook`) are not part of the
    configuration; ``after_posted_anyway`` (``allow``, ``hold`` or ``hide``) is.  See the
    module documentation for the exact order.

    >>> chain = PolicyChain([BlockList(["troll"]), FilterAll()], creator_id="me")
    >>> [chain.decide(Comment("hi", a)).action.value for a in ("troll", "u1", "me")]
    ['reject', 'hold', 'allow']
    """

    kind: ClassVar[str] = "chain"

    policies: Sequence[Policy] = ()
    creator_id: str | None = None
    scorer: ScorerLike | None = field(default=None, repr=False, compare=False)
    chooser: PromptChooserLike | None = field(default=None, repr=False, compare=False)
    after_posted_anyway: Action = Action.ALLOW
    notices: NoticeBook | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_action(self.after_posted_anyway, "after_posted_anyway")
        if self.after_posted_anyway not in _AFTER_POSTED_ANYWAY:
            raise ConfigError(
                f"must be one of allow, hold, hide, got {self.after_posted_anyway.value!r}",
                path="after_posted_anyway",
            )
        policies = tuple(self.policies)
        for i, p in enumerate(policies):
            if not isinstance(p, Policy):
                raise ConfigError(f"not a policy: {type(p).__name__}", path=f"policies[{i}]")
            if isinstance(p, PolicyChain):
                raise ConfigError("chains do not nest", path=f"policies[{i}]")
        object.__setattr__(self, "policies", policies)

    @property
    def max_action(self) -> Action:
        """The most restrictive action any of the policies can take.

        >>> PolicyChain([FilterAll(), RelationshipNudge()]).max_action
        <ModerationAction.HOLD: 'hold'>
        """
        return max((p.max_action for p in self.policies), key=_rank, default=Action.ALLOW)

    def _chain_parts(self) -> _Parts:
        return _Parts(
            tuple(self.policies),
            self.scorer,
            self.chooser,
            self.creator_id,
            self.after_posted_anyway,
            self.notices,
        )

    def _verdict(self, comment: Comment, ctx: Context, probe: _Probe) -> _Verdict | None:
        raise NotImplementedError  # pragma: no cover - chains decide through _evaluate

    def _fields(self) -> dict[str, Any]:
        return {}

    @classmethod
    def _from_fields(cls, fields: _Fields) -> Self:
        raise NotImplementedError  # pragma: no cover - see policy_from_config

    def to_config(self) -> dict[str, Any]:
        """The whole configuration document (``version``, ``policies``, ``creator_id``).

        >>> PolicyChain([FilterAll()], creator_id="me").to_config()
        {'version': 1, 'creator_id': 'me', 'policies': [{'type': 'filter_all'}]}
        """
        out: dict[str, Any] = {"version": CONFIG_VERSION}
        if self.creator_id is not None:
            out["creator_id"] = self.creator_id
        if self.after_posted_anyway is not Action.ALLOW:
            out["after_posted_anyway"] = self.after_posted_anyway.value
        out["policies"] = [p.to_config() for p in self.policies]
        return out


def _evaluate(
    parts: _Parts,
    comments: Sequence[Comment],
    contexts: Context | Sequence[Context | None] | None,
    assessments: Sequence[Assessment] | None,
    workers: int = 1,
) -> list[Decision]:
    """Decide a batch; see the module documentation for the order."""
    # A batch makes several small objects per comment (probes, verdicts, assessments,
    # decisions), none in a cycle: left on, the cyclic collector keeps rescanning
    # everything alive for them (a fifth of a chain's time in py-spy), as it would in
    # ``score_many``, which pauses it the same way.  Cycles made meanwhile elsewhere
    # are collected once it runs again.
    with _gcpause.paused():
        return _evaluate_batch(parts, comments, contexts, assessments, workers)


_Fired = tuple[int, int, Action, Policy, str]
"""A verdict in a chain: minus the rank of its action, the policy's place, the action, the
policy, and the reason as the decision lists it (``name: why``)."""

_FIRED_ORDER: Final = itemgetter(0, 1)
"""The most restrictive verdict first; on a tie, the policy listed first."""

_State = tuple[Context, AllowList | None, list[_Fired]]
"""A comment being decided: its context, the allow list it is on, the verdicts so far."""

_NO_COMMENT: Final = Comment("", "")
_NO_MATCH: Final = ("no policy matched",)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A chain's policies as one batch evaluates them (worked out once per batch)."""

    allow_lists: tuple[AllowList, ...]
    account: tuple[tuple[Policy, int, int, str], ...]
    """The policies that decide without the scorer nor a keyword scan, as ``(policy,
    place, rank of its most restrictive action, name)``, account-level checks first."""
    keywords: tuple[tuple[KeywordFilter, int, int, str], ...]
    """The keyword filters with entries (one without entries never fires), likewise."""
    scored: tuple[tuple[Policy, int, str], ...]
    """The policies that read the assessment, with their place and name."""

    @classmethod
    def of(cls, policies: Sequence[Policy]) -> _Plan:
        order = {id(p): i for i, p in enumerate(policies)}
        # Each policy's most restrictive action, once (some are computed properties).
        top = {id(p): _RANK[p.max_action] for p in policies}
        plain = [p for p in policies if not p.needs_assessment and not isinstance(p, AllowList)]
        return cls(
            allow_lists=tuple(p for p in policies if isinstance(p, AllowList)),
            account=tuple(
                (p, order[id(p)], top[id(p)], p.name)
                for p in plain
                if not isinstance(p, KeywordFilter)
            ),
            keywords=tuple(
                (p, order[id(p)], top[id(p)], p.name)
                for p in plain
                if isinstance(p, KeywordFilter) and p._lexicon is not None
            ),
            scored=tuple((p, order[id(p)], p.name) for p in policies if p.needs_assessment),
        )

    def scored_top(self, exempt: AllowList | None) -> int:
        """The most restrictive rank the scored policies an author meets can give (-1:
        none applies)."""
        ranks = [_RANK[p.max_action] for p, _, _ in self.scored if not _skips(exempt, p)]
        return max(ranks, default=-1)


def _evaluate_batch(
    parts: _Parts,
    comments: Sequence[Comment],
    contexts: Context | Sequence[Context | None] | None,
    assessments: Sequence[Assessment] | None,
    workers: int,
) -> list[Decision]:
    """The four passes of a batch: the policies that read no text (per comment), every
    keyword filter over the comments it can still change (one core call), the scorer
    over those the scored policies can still change (one call), then the decisions.

    The answers are those of evaluating each comment alone, policy by policy, in the
    order the module documentation gives; only the work is grouped.
    """
    size = len(comments)
    if contexts is None or isinstance(contexts, Context):
        ctxs: Sequence[Context | None] = [contexts] * size
    else:
        ctxs = contexts
        if len(ctxs) != size:
            raise InputError(f"{len(ctxs)} contexts for {size} comments")
    if assessments is not None and len(assessments) != size:
        raise InputError(f"{len(assessments)} assessments for {size} comments")
    plan = _Plan.of(parts.policies)

    # Pass 1: the creator's own comments, the allow lists, the account-level policies.
    # A policy that can change neither the action nor who decided is not evaluated.
    decisions: list[Decision | None] = [None] * size
    state: list[_State | None] = [None] * size
    assessed: list[Assessment | None] = [None] * size
    best_of = [0] * size
    best_at_of = [-1] * size
    to_read: list[int] = []
    creator = parts.creator_id
    own = Decision(Action.ALLOW, None, ("the creator's own comment",))
    allow_lists, account, keywords = plan.allow_lists, plan.account, plan.keywords
    # One probe, moved from comment to comment: a policy reads it only while it decides.
    probe = _Probe(_NO_COMMENT, None)
    # A comment no policy has judged yet, its author on no allow list (most of them), is
    # read when some keyword filter can act at all: worked out once, not per comment.
    read_unjudged = any(top > 0 for _, _, top, _ in keywords)
    for i, (comment, c) in enumerate(zip(comments, ctxs, strict=True)):
        if not isinstance(comment, Comment):
            raise InputError(f"expected Comment, got {type(comment).__name__}", index=i)
        ctx = c or _NO_CONTEXT
        author = comment.author_id
        if author == ctx.creator_id or (creator is not None and author == creator):
            decisions[i] = own
            continue
        exempt = None
        for allow in allow_lists:
            if author in allow._ids:
                exempt = allow
                break
        fired: list[_Fired] = []
        state[i] = (ctx, exempt, fired)
        best = 0
        best_at = -1
        for p, at, top, name in account:
            if top < best or (top == best and at > best_at):
                continue  # it can change neither the action nor who decided
            if exempt is not None and _skips(exempt, p):
                continue
            probe.comment = comment
            probe.now = ctx.now
            v = p._verdict(comment, ctx, probe)
            if v is not None:
                rank = _RANK[v[0]]
                fired.append((-rank, at, v[0], p, f"{name}: {v[1]}"))
                if rank > best or (rank == best and at < best_at):
                    best, best_at = rank, at
        if not fired and exempt is None:
            if read_unjudged:
                to_read.append(i)
            continue
        best_of[i] = best
        best_at_of[i] = best_at
        for p, at, top, _ in keywords:
            if (top > best or (top == best and at < best_at)) and not (
                exempt is not None and _skips(exempt, p)
            ):
                to_read.append(i)
                break

    # Pass 2: the keyword filters, all comments at once (folded once, kept for pass 3).
    folded: Any = None
    if to_read:
        folded, hits = _core.fold_and_find(
            [comments[i].text for i in to_read],
            _default_core_facts(),
            [p._core_lexicon() for p, _, _, _ in keywords],
            workers,
        )
        _apply_keywords(plan, to_read, hits, state=state, best_of=best_of, best_at_of=best_at_of)

    # Pass 3: the scorer, for the comments whose outcome a scored policy can still change
    # (and the nudged ones: the prompt chooser reads their assessment).
    top_all = plan.scored_top(None)
    tops: dict[int, int] = {}
    pending: list[int] = []
    for i, st in enumerate(state):
        if st is None:
            continue
        exempt = st[1]
        if exempt is None:
            top = top_all
        else:
            key = id(exempt)
            if key not in tops:
                tops[key] = plan.scored_top(exempt)
            top = tops[key]
        best = best_of[i]
        if best == _NUDGE or top > best:
            pending.append(i)
    if pending:
        results = _assess(
            parts, comments, pending, given=assessments, to_read=to_read, folded=folded,
            workers=workers,
        )  # fmt: skip
        for i, a in zip(pending, results, strict=True):
            assessed[i] = a
        # The bundled scored policies judge the assessment directly (no probe to fill),
        # their scores and thresholds shown through one cache for the batch, one policy
        # over all the comments after the other (each comment's verdicts still come in
        # the policies' order); a score under a policy's floor is not judged at all.
        shown = _Shown()
        for p, at, name in plan.scored:
            if not isinstance(p, OffensiveFilter | RelationshipNudge):
                for i, a in zip(pending, results, strict=True):
                    st = state[i]
                    assert st is not None  # a pending comment has its state
                    ctx, exempt, fired = st
                    if exempt is not None and _skips(exempt, p):
                        continue
                    comment = comments[i]
                    probe.comment = comment
                    probe.now = ctx.now
                    probe.assessment = a
                    v = p._verdict(comment, ctx, probe)
                    if v is not None:
                        fired.append((-_RANK[v[0]], at, v[0], p, f"{name}: {v[1]}"))
                continue
            judge = p._judge
            floor = p._floor
            for i, a in zip(pending, results, strict=True):
                if a.score < floor:
                    continue
                st = state[i]
                assert st is not None  # a pending comment has its state
                ctx, exempt, fired = st
                if exempt is not None and _skips(exempt, p):
                    continue
                v = judge(a, ctx, shown)
                if v is not None:
                    fired.append((-_RANK[v[0]], at, v[0], p, f"{name}: {v[1]}"))

    # Pass 4: the decisions.
    return _decisions(parts, comments, decisions, state, assessed)


def _apply_keywords(
    plan: _Plan,
    to_read: list[int],
    hits: list[int],
    *,
    state: list[_State | None],
    best_of: list[int],
    best_at_of: list[int],
) -> None:
    """The keyword filters' verdicts from the core's answer (``hits``: for each comment
    read then each filter, the first entry met or -1), each filter evaluated only where it
    can still change the outcome, as when evaluated alone."""
    keywords = plan.keywords
    width = len(keywords)
    # Each filter's reason for each entry met, made once per batch.
    reasons: list[dict[int, str]] = [{} for _ in keywords]
    # Only the entries met are visited (most comments meet none), in the order of the
    # answer: a comment's filters one after the other, each seeing the verdicts before.
    for at_hit, hit in enumerate(hits):
        if hit < 0:
            continue
        k, j = divmod(at_hit, width)
        i = to_read[k]
        p, at, top, name = keywords[j]
        best = best_of[i]
        best_at = best_at_of[i]
        if top < best or (top == best and at > best_at):
            continue
        st = state[i]
        assert st is not None  # a comment read has its state
        exempt = st[1]
        if exempt is not None and _skips(exempt, p):
            continue
        why = reasons[j].get(hit)
        if why is None:
            why = reasons[j][hit] = f"{name}: {p._reason(hit)}"
        action = p.action
        rank = _RANK[action]
        st[2].append((-rank, at, action, p, why))
        if rank > best or (rank == best and at < best_at):
            best_of[i] = rank
            best_at_of[i] = at


def _assess(
    parts: _Parts,
    comments: Sequence[Comment],
    pending: list[int],
    *,
    given: Sequence[Assessment] | None,
    to_read: list[int],
    folded: Any,
    workers: int,
) -> Sequence[Assessment]:
    """The assessments of the pending comments, in order: given, or from the scorer in
    one call (the bundled scorer starts from the keyword pass's folded comments)."""
    if given is not None:
        return [given[i] for i in pending]
    scorer = parts.scorer if parts.scorer is not None else _default_scorer()
    results: Sequence[Assessment]
    if not isinstance(scorer, Scorer):
        results = scorer.score_many([comments[i].text for i in pending])
        if len(results) != len(pending):
            raise InputError(f"the scorer returned {len(results)} results for {len(pending)}")
        return results
    core = scorer._core
    if folded is None:
        out: list[Assessment] = core.assess_many([comments[i].text for i in pending], None, workers)
        return out
    if pending == to_read:  # the usual chain: every comment read is scored
        picks = list(range(len(to_read)))
    else:
        place = {i: k for k, i in enumerate(to_read)}
        picks = [place.get(i, -1) for i in pending]
    if -1 not in picks:
        out = _core.assess_folded(core, folded, picks, workers)
        return out
    # Some pending comments were not read by a keyword filter (an allow-listed author
    # still nudged): score those from their text.
    read = [k for k in picks if k >= 0]
    unread = [comments[i].text for i, k in zip(pending, picks, strict=True) if k < 0]
    from_folded = iter(_core.assess_folded(core, folded, read, workers))
    from_text = iter(core.assess_many(unread, None, workers))
    return [next(from_folded) if k >= 0 else next(from_text) for k in picks]


def _decisions(
    parts: _Parts,
    comments: Sequence[Comment],
    decisions: list[Decision | None],
    state: list[_State | None],
    assessed: list[Assessment | None],
) -> list[Decision]:
    """Each comment's decision from the verdicts that fired: the most restrictive action,
    the prompt of a nudge, the notice of a hold or a rejection."""
    chooser: PromptChooserLike | None = parts.chooser
    chooser_known = chooser is not None
    # A notice depends only on the action, the deciding policy's kind and the locale.
    notices: dict[tuple[Action, str, str | None], AuthorNotice | None] = {}
    names = {id(p): p.name for p in parts.policies}
    alone: dict[str, tuple[str]] = {}
    several: dict[tuple[str, ...], tuple[str, ...]] = {}
    out: list[Decision] = []
    for i, (st, a) in enumerate(zip(state, assessed, strict=True)):
        if st is None:
            done = decisions[i]
            assert done is not None  # decided in the first pass
            out.append(done)
            continue
        ctx, exempt, fired = st
        if not fired:
            if exempt is not None:
                reason = f"{comments[i].author_id} is on the allow list: filters skipped"
                out.append(_decision(Action.ALLOW, exempt.name, (reason,), a))
            else:
                out.append(_decision(Action.ALLOW, None, _NO_MATCH, a))
            continue
        # The reasons' tuple is shared by the batch's decisions that give the same ones
        # (a keyword filter's, a score's): one object fewer each to keep, collect, free.
        reasons: tuple[str, ...]
        made: tuple[str, ...]
        if len(fired) == 1:
            first = fired[0]
            why = first[4]
            reasons = alone.get(why) or alone.setdefault(why, (why,))
        else:
            if len(fired) == 2:  # most verdicts that meet: a keyword's and a score's
                first, other = fired
                if other[0] < first[0] or (other[0] == first[0] and other[1] < first[1]):
                    first, other = other, first
                made = (first[4], other[4])
            else:
                fired.sort(key=_FIRED_ORDER)
                first = fired[0]
                made = tuple([f[4] for f in fired])
            reasons = several.setdefault(made, made)
        action = first[2]
        winner = first[3]
        prompt = notice = None
        if action is Action.NUDGE:
            if (
                ctx.prompt_outcome is not None
                and _outcome(ctx.prompt_outcome, i) == "posted_anyway"
            ):
                action = parts.after_posted_anyway
                reasons = (
                    *reasons,
                    f"posted anyway after a nudge: {action.value}, no second nudge",
                )
            elif a is not None:
                if not chooser_known:
                    chooser = _default_chooser()
                    chooser_known = True
                if chooser is not None:
                    prompt = _prompt(chooser, a, winner, ctx, comments[i].comment_id)
        if action is Action.HOLD or action is Action.REJECT:
            key = (action, winner.kind, ctx.locale)
            if key in notices:
                notice = notices[key]
            else:
                book = parts.notices if parts.notices is not None else _default_notices()
                notice = notices[key] = book.notice(action.value, winner.kind, ctx.locale)
        out.append(_decision(action, names[id(winner)], reasons, a, prompt=prompt, notice=notice))
    return out


def _prompt(
    chooser: PromptChooserLike, a: Assessment, winner: Policy, ctx: Context, key: str | None
) -> Any:
    """The chooser's prompt for a nudged comment."""
    nudged = _as_nudged(a, winner, ctx)
    if ctx.now is None or not _takes_now(chooser):
        return chooser.choose(nudged, locale=ctx.locale, history=ctx.prompt_history, key=key)
    # The decision's clock, so that a history recorded with the app's clock is judged
    # against that same clock (``now`` is beyond the protocol: _takes_now checked that
    # this chooser accepts it).
    with_clock: Any = chooser
    return with_clock.choose(
        nudged, locale=ctx.locale, history=ctx.prompt_history, key=key, now=ctx.now
    )


def _takes_now(chooser: PromptChooserLike) -> bool:
    """Whether ``chooser.choose`` accepts ``now=`` (nudge's chooser does; an app's own
    chooser written to the protocol may not)."""
    try:
        params = inspect.signature(chooser.choose).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "now" or p.kind is p.VAR_KEYWORD for p in params)


_AFTER_POSTED_ANYWAY: Final = frozenset({Action.ALLOW, Action.HOLD, Action.HIDE})


def _outcome(value: object, index: int) -> str:
    """``Context.prompt_outcome`` checked against ``nudge.prompts.Outcome``."""
    from nudge.prompts import Outcome

    try:
        return Outcome(str(value)).value
    except ValueError:
        known = ", ".join(o.value for o in Outcome)
        raise InputError(
            f"context.prompt_outcome: must be one of {known}, got {value!r}", index=index
        ) from None


def _skips(exempt: AllowList | None, p: Policy) -> bool:
    """Whether an allow-listed author skips ``p``: the filters, and the nudge unless the
    list keeps it."""
    if exempt is None:
        return False
    return p.exemptible or (isinstance(p, RelationshipNudge) and not exempt.nudge)


def _default_notices() -> NoticeBook:
    """The bundled notices, loaded once on first need (thread-safe)."""
    with _lock:
        book = _defaults.get("notices")
        if book is None:
            from nudge.notices import NoticeBook

            book = _defaults["notices"] = NoticeBook.load()
        result: NoticeBook = book
        return result


def _as_nudged(a: Assessment, winner: Policy, ctx: Context) -> Assessment:
    """The assessment as the nudge saw it: flagged at the threshold that fired.

    A stranger is nudged below the scorer's own threshold; the chooser, which only
    prompts for flagged assessments, must see it flagged too.
    """
    if a.flagged or not is_dataclass(a):
        return a
    limit = winner.threshold_for(ctx.relationship) if isinstance(winner, RelationshipNudge) else 0.0
    if type(a) is not Assessment:
        return replace(a, flagged=True, threshold=min(limit, a.score))
    # Copied slot by slot: ``replace`` reads every field, and reading ``reasons`` writes
    # the pending lines by scoring the text again (some 50 µs), lines the chooser never
    # reads.  The copy shares the pending value, which writes the same lines if read.
    nudged: Assessment = _new(Assessment)
    for get, put in _ASSESSMENT_SLOTS:
        put(nudged, get(a, Assessment))
    _SET_FLAGGED(nudged, True)
    _SET_THRESHOLD(nudged, min(limit, a.score))
    return nudged


def _raw_slots() -> tuple[tuple[Callable[..., Any], Callable[[Any, Any], None]], ...]:
    """Each field's slot of :class:`Assessment` as ``(get, set)``, the fields written on
    first read (``reasons``, ``matches``) through their raw slots, not their properties."""
    raw = {"reasons": _REASONS_SLOT, "matches": _MATCHES_SLOT}
    slots = [raw.get(f.name) or Assessment.__dict__[f.name] for f in fields(Assessment)]
    return tuple((slot.__get__, slot.__set__) for slot in slots)


_ASSESSMENT_SLOTS: Final = _raw_slots()
_SET_FLAGGED: Final = Assessment.__dict__["flagged"].__set__
_SET_THRESHOLD: Final = Assessment.__dict__["threshold"].__set__


# ------------------------------------------------------------------ configuration


class _Fields:
    """Typed access to one configuration entry; every error names its path."""

    __slots__ = ("data", "path", "used")

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        self.data = data
        self.path = path
        self.used: set[str] = {"type"}

    def _get(self, name: str) -> Any:
        self.used.add(name)
        return self.data.get(name)

    def error(self, name: str, message: str) -> ConfigError:
        return ConfigError(message, path=f"{self.path}.{name}")

    def label(self) -> str:
        value = self._get("label")
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.error("label", f"must be a string, got {type(value).__name__}")
        return value

    def number(self, name: str, default: float) -> float:
        value = self._get(name)
        if value is None:
            return default
        return _check_threshold(value, f"{self.path}.{name}")

    def integer(self, name: str, default: int) -> int:
        value = self._get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be an integer, got {type(value).__name__}")
        return value

    def days(self, name: str) -> float | None:
        value = self._get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise self.error(name, f"must be a number of days, got {type(value).__name__}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, f"must be true or false, got {type(value).__name__}")
        return value

    def strings(self, name: str) -> list[str]:
        value = self._get(name)
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            raise self.error(name, f"must be a list of strings, got {type(value).__name__}")
        return list(value)

    def mapping(self, name: str) -> Mapping[str, Any]:
        value = self._get(name)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.error(name, f"must be a table, got {type(value).__name__}")
        return value

    def action(self, name: str, default: Action) -> Action:
        value = self._get(name)
        if value is None:
            return default
        return self.action_value(value, name)

    def action_value(self, value: object, name: str) -> Action:
        if isinstance(value, str):
            try:
                return Action(value)
            except ValueError:
                pass
        known = ", ".join(a.value for a in Action)
        raise self.error(name, f"must be one of {known}, got {value!r}")

    def when(self, name: str) -> datetime | None:
        value = self._get(name)
        if value is None or isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            raise self.error(name, f"must be an ISO 8601 date and time, got {value!r}")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self.error(name, f"must be an ISO 8601 date and time, got {value!r}") from None


_KINDS: Final[dict[str, type[Policy]]] = {
    cls.kind: cls
    for cls in (
        FilterAll,
        OffensiveFilter,
        KeywordFilter,
        AllowList,
        BlockList,
        Restrict,
        Limits,
        RelationshipNudge,
    )
}

_TOP_KEYS: Final = frozenset({"version", "policies", "creator_id", "after_posted_anyway"})


def policy_from_config(
    config: Mapping[str, Any],
    *,
    scorer: ScorerLike | None = None,
    chooser: PromptChooserLike | None = None,
) -> PolicyChain:
    """Build a :class:`PolicyChain` from plain JSON/TOML data; errors name the bad field.

    >>> chain = policy_from_config({"version": 1, "policies": [
    ...     {"type": "keyword_filter", "words": ["spoiler"]},
    ...     {"type": "offensive_filter", "threshold": 0.7}]})
    >>> [p.kind for p in chain.policies]
    ['keyword_filter', 'offensive_filter']
    >>> policy_from_config({"version": 1, "policies": [{"type": "filter_all"},
    ...     {"type": "limits"}, {"type": "offensive_filter", "threshold": 2}]})
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: policies[2].threshold: must be between 0 and 1, got 2
    """
    if not isinstance(config, Mapping):
        raise ConfigError(f"must be a table, got {type(config).__name__}", path="config")
    for key in config:
        if key not in _TOP_KEYS:
            raise ConfigError(f"unknown field (known: {', '.join(sorted(_TOP_KEYS))})", path=key)
    version = config.get("version")
    if version != CONFIG_VERSION or isinstance(version, bool):
        raise ConfigError(f"must be {CONFIG_VERSION}, got {version!r}", path="version")
    creator = config.get("creator_id")
    if creator is not None and (not isinstance(creator, str) or not creator.strip()):
        raise ConfigError("must be a non-empty string", path="creator_id")
    entries = config.get("policies")
    if not isinstance(entries, list | tuple):
        raise ConfigError(f"must be a list, got {type(entries).__name__}", path="policies")
    policies: list[Policy] = []
    for i, entry in enumerate(entries):
        path = f"policies[{i}]"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"must be a table, got {type(entry).__name__}", path=path)
        kind = entry.get("type")
        cls = _KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            known = ", ".join(sorted(_KINDS))
            raise ConfigError(f"unknown policy {kind!r} (known: {known})", path=f"{path}.type")
        fields = _Fields(entry, path)
        try:
            policy = cls._from_fields(fields)
        except ConfigError as err:
            if err.path.startswith(path):
                raise
            raise ConfigError(err.message, path=f"{path}.{err.path}") from None
        unknown = sorted(set(entry) - fields.used)
        if unknown:
            raise ConfigError(f"unknown field for {kind}", path=f"{path}.{unknown[0]}")
        policies.append(policy)
    after = config.get("after_posted_anyway", "allow")
    if after not in ("allow", "hold", "hide"):
        raise ConfigError(
            f"must be one of allow, hold, hide, got {after!r}", path="after_posted_anyway"
        )
    return PolicyChain(
        policies,
        creator_id=creator,
        scorer=scorer,
        chooser=chooser,
        after_posted_anyway=Action(after),
    )


def to_config(policy: Policy) -> dict[str, Any]:
    """The configuration document of a policy or chain (the inverse of
    :func:`policy_from_config`: fields at their default are left out).

    >>> to_config(KeywordFilter(["spoiler"]))
    {'version': 1, 'policies': [{'type': 'keyword_filter', 'words': ['spoiler']}]}
    """
    if isinstance(policy, PolicyChain):
        return policy.to_config()
    return {"version": CONFIG_VERSION, "policies": [policy.to_config()]}
