"""The scorer: how strongly a careful moderator would want the author to reconsider.

A :class:`Scorer` is built once from language packs and shared everywhere: it is
immutable and thread-safe.  ``score(text)`` normalises the comment, finds the pack
entries in it, weighs each one by its context (is it aimed at someone, negated,
quoted, self-directed, next to an identity term, a benign sense of the word?) and turns
the evidence into a calibrated score with a documented logistic formula whose
constants live in ``_data/scoring.toml``.

>>> scorer = Scorer.load()
>>> a = scorer.score("t'es qu'un b0uffon")
>>> a.flagged, a.language, a.matches[0].term, a.matches[0].steps
(True, 'fr', 'bouffon', ('leet',))
>>> scorer.score("Scunthorpe United won the cup").flagged
False
>>> scorer.censor("you stupid b1tch")
'you ****** *****'
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import Enum, IntEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from nudge import _core, _reasons
from nudge.errors import ConfigError, InputError, PackNotFoundError
from nudge.lexicon import Pack, load_pack
from nudge.matcher import Lexicon, compile_packs, compile_wordlist

if TYPE_CHECKING:
    from nudge._cache import CachedPacks, PackView

__all__ = ["DEFAULT_PACKS", "Assessment", "Match", "Profanity", "Scorer", "Severity"]

DEFAULT_PACKS: Final = ("en", "fr")
"""The packs ``Scorer.load()`` uses: every bundled base language (variants are opt-in)."""


class Profanity(Enum):
    """How untargeted swearing counts (``Scorer.load(profanity=...)``).

    ``CONTEXT`` (the default) discounts swearing that is aimed at nobody and swearing
    next to praise: right for a nudge in a general comment section. ``ALWAYS`` counts
    every swear word as if it were aimed at someone: for apps that hold all swearing
    (children's apps, classrooms).

    >>> Profanity("always")
    <Profanity.ALWAYS: 'always'>
    """

    CONTEXT = "context"
    ALWAYS = "always"


class Severity(IntEnum):
    """How serious an assessment is."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True, slots=True)
class Match:
    """One piece of evidence: a pack entry found in the comment.

    ``start``/``end`` index the ORIGINAL text; ``text`` is what the person typed;
    ``rules`` names the context rules that changed its evidence, in the order they
    applied (see the rules table of ``docs/scoring.md``; empty for a word-list scorer).

    >>> Scorer.load().score("you idiot").matches[0].rules
    ('targeted',)
    """

    term: str
    category: str
    severity: int
    start: int
    end: int
    text: str
    steps: tuple[str, ...]
    targeted: bool
    lang: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """The scorer's verdict on one comment.

    ``reasons`` (one line per match weighed, then the language) are written when first
    read, from the records the context rules left (phrasing: ``_data/reasons.toml``).

    >>> a = Scorer.load().score("you are an idiot")
    >>> a.flagged, a.severity >= Severity.MEDIUM, sorted(a.categories)
    (True, True, ['insult'])
    """

    text: str
    score: float
    flagged: bool
    severity: Severity
    categories: Mapping[str, float] = field(hash=False, compare=True)
    language: str | None
    matches: tuple[Match, ...]
    reasons: tuple[str, ...]
    threshold: float
    evidence: float = 0.0
    """The total evidence the score was computed from (what calibration fits)."""

    def explain(self) -> str:
        """Short human-readable reasons, one line per piece of evidence, then the verdict.

        >>> print(Scorer.load().score("I'm such an idiot").explain())  # doctest: +ELLIPSIS
        idiot (insult, severity 1) "idiot" at 12-17: ... about the author themself ("i'm") ...
        language: en
        score 0... < 0.50: not flagged (severity ...)
        """
        verdict = "flagged" if self.flagged else "not flagged"
        sign = ">=" if self.flagged else "<"
        lines = [*self.reasons]
        lines.append(
            f"score {self.score:.2f} {sign} {self.threshold:.2f}: {verdict} "
            f"(severity {self.severity.name})"
        )
        return "\n".join(lines)


# --------------------------------------------------------------------- constants


@dataclass(frozen=True, slots=True)
class _Constants:
    severity: tuple[float, ...]
    targeted: float
    slur: float
    identity_attack: float
    threat: float
    intensifier: float
    others_share: float
    derogatory_severity: int
    threat_severity: int
    merit_severity: int
    split_verb_severity: int
    implied_severity: int
    profanity: float
    enthusiasm: float
    ambiguous_alone: float
    self_reference: float
    negated: float
    reported: float
    counter_speech: float
    reclaimed: float
    attributive: float
    slope: float
    intercept: float
    target_window: int
    targeted_window: int
    benign_window: int
    intent_window: int
    negation_window: int
    negation_near: int
    negation_after: int
    subject_leads: int
    subject_between: int
    pronoun_adjectives: int
    pronoun_antecedent: int
    split_verb_window: int
    split_place_window: int
    command_lead: int
    compound_modifier: int
    self_window: int
    intensifier_window: int
    enthusiasm_window: int
    in_group_window: int
    threat_reach: int
    threat_object: int
    coordination: int
    merit_reach: int
    implied_near: int
    implied_reach: int
    other_language: float
    high: float
    low: float


@cache
def _constants_for(profanity: Profanity) -> _Constants:
    """The constants, with the ``[profanity_always]`` multipliers when asked."""
    k = _constants()
    if profanity is Profanity.CONTEXT:
        return k
    raw: dict[str, Any] = tomllib.loads(
        resources.files("nudge").joinpath("_data/scoring.toml").read_text(encoding="utf-8")
    )
    always = raw["profanity_always"]
    return replace(k, profanity=always["profanity"], enthusiasm=always["enthusiasm"])


def _profanity(value: object) -> Profanity:
    """``value`` as a :class:`Profanity`, else a ConfigError naming the choices."""
    try:
        return value if isinstance(value, Profanity) else Profanity(value)
    except ValueError:
        choices = ", ".join(repr(p.value) for p in Profanity)
        raise ConfigError(f"must be one of {choices}, got {value!r}", path="profanity") from None


def _constants() -> _Constants:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("nudge").joinpath("_data/scoring.toml").read_text(encoding="utf-8")
    )
    w, m, lg, win, sev = (
        raw["weights"],
        raw["multipliers"],
        raw["logistic"],
        raw["windows"],
        raw["severity"],
    )
    return _Constants(
        severity=tuple(float(x) for x in w["severity"]),
        targeted=w["targeted"],
        slur=w["slur"],
        identity_attack=w["identity_attack"],
        threat=w["threat"],
        intensifier=w["intensifier"],
        others_share=w["others_share"],
        derogatory_severity=int(w["derogatory_severity"]),
        threat_severity=int(w["threat_severity"]),
        merit_severity=int(w["merit_severity"]),
        split_verb_severity=int(w["split_verb_severity"]),
        implied_severity=int(w["implied_severity"]),
        profanity=m["profanity"],
        enthusiasm=m["enthusiasm"],
        ambiguous_alone=m["ambiguous_alone"],
        self_reference=m["self_reference"],
        negated=m["negated"],
        reported=m["reported"],
        counter_speech=m["counter_speech"],
        reclaimed=m["reclaimed"],
        attributive=m["attributive"],
        slope=lg["slope"],
        intercept=lg["intercept"],
        target_window=win["target"],
        targeted_window=win["targeted"],
        benign_window=win["benign"],
        intent_window=win["intent"],
        negation_window=win["negation"],
        negation_near=win["negation_near"],
        negation_after=win["negation_after"],
        subject_leads=win["subject_leads"],
        subject_between=win["subject_between"],
        pronoun_adjectives=win["pronoun_adjectives"],
        pronoun_antecedent=win["pronoun_antecedent"],
        split_verb_window=win["split_verb"],
        split_place_window=win["split_place"],
        command_lead=win["command_lead"],
        compound_modifier=win["compound_modifier"],
        self_window=win["self_reference"],
        intensifier_window=win["intensifier"],
        enthusiasm_window=win["enthusiasm"],
        in_group_window=win["in_group"],
        threat_reach=win["threat_reach"],
        threat_object=win["threat_object"],
        coordination=win["coordination"],
        merit_reach=win["merit_reach"],
        implied_near=win["implied_near"],
        implied_reach=win["implied_reach"],
        other_language=m["other_language"],
        high=sev["high"],
        low=sev["low"],
    )


def _constants_table(k: _Constants) -> dict[str, Any]:
    """The constants as the compiled core reads them (by field name)."""
    table: dict[str, Any] = {f.name: getattr(k, f.name) for f in fields(k)}
    table["severity"] = list(k.severity)
    return table


class _Categories(dict[str, float]):
    """An assessment's categories: a mapping that compares equal to a ``dict`` and pickles
    as one, but cannot be changed (one empty instance is shared by every assessment
    without a match).

    >>> c = _Categories({"insult": 0.9})
    >>> c == {"insult": 0.9}, dict(c)
    (True, {'insult': 0.9})
    >>> c["slur"] = 1.0
    Traceback (most recent call last):
    ...
    TypeError: an assessment's categories cannot be changed
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("an assessment's categories cannot be changed")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Categories, (dict(self),))


_NO_CATEGORIES: Final = _Categories()
_SEVERITIES: Final = tuple(Severity)


def _check_threshold(threshold: object) -> None:
    """A threshold is a number in [0, 1] (``nan`` is not), else a ConfigError."""
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ConfigError(
            f"must be a number between 0 and 1, got {type(threshold).__name__}", path="threshold"
        )
    if not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"must be between 0 and 1, got {threshold}", path="threshold")


def _clitics(packs: Sequence[Pack | PackView]) -> tuple[list[str], list[list[str]]]:
    """The object pronouns the packs glue to verbs (their ``clitics``) and the words that
    double them with people (``clitic_doubles``), folded as the comments' words are."""
    from nudge.facts import LanguageFacts
    from nudge.matcher import clitic_pronoun, fold

    facts = LanguageFacts().union(*(p.tokens for p in packs))
    pronouns = {clitic_pronoun(e, facts) for p in packs for e in p.context.get("clitics", ())}
    doubles = {tuple(fold(d, facts)) for p in packs for d in p.context.get("clitic_doubles", ())}
    # The longest doubles first: "tutti quanti" is read whole, not as "tutti".
    ordered = sorted((d for d in doubles if d), key=lambda d: (-len(d), d))
    return sorted(p for p in pronouns if p), [list(d) for d in ordered]


class Scorer:
    """Scores comments against compiled language packs. Build once, share everywhere.

    >>> scorer = Scorer.load(["fr"], threshold=0.6)
    >>> scorer.threshold, scorer.languages
    (0.6, ('fr',))
    """

    __slots__ = (
        "_core",
        "_has_copulas",
        "_has_intent",
        "_k",
        "_lexicon",
        "_packs",
        "_plain",
        "_profanity",
        "_threshold",
    )

    _lexicon: Lexicon
    _packs: tuple[Pack, ...] | CachedPacks
    """The packs, or (loaded through the compiled-pack cache) their views and the means
    to decode them on first use (:class:`nudge._cache.CachedPacks`)."""
    _threshold: float
    _plain: bool
    _profanity: Profanity
    _k: _Constants
    _has_intent: bool
    _has_copulas: bool
    _core: _core.CoreScorer

    def __init__(
        self,
        lexicon: Lexicon,
        packs: Sequence[Pack] | CachedPacks,
        threshold: float = 0.5,
        *,
        plain: bool = False,
        profanity: Profanity | str = Profanity.CONTEXT,
    ) -> None:
        _check_threshold(threshold)
        setting = _profanity(profanity)
        kept: tuple[Pack, ...] | CachedPacks
        views: Sequence[Pack | PackView]
        if isinstance(packs, Sequence):
            kept = tuple(packs)
            views = kept
        else:  # the cache's packs: what the core needs of them is in their views
            kept, views = packs, packs.views
        for name, value in (
            ("_lexicon", lexicon),
            ("_packs", kept),
            ("_threshold", float(threshold)),
            ("_plain", plain),
            ("_profanity", setting),
            ("_k", _constants_for(setting)),
            ("_has_intent", any(p.context.get("intent") for p in views)),
            ("_has_copulas", any(p.context.get("copulas") for p in views)),
        ):
            object.__setattr__(self, name, value)
        core = _core.CoreScorer(
            lexicon._core_lexicon(),
            _constants_table(self._k),
            self._threshold,
            plain,
            self._has_intent,
            self._has_copulas,
            _reasons.phrasing(),
            *_clitics(views),
        )
        object.__setattr__(self, "_core", core)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Scorer is immutable; use with_threshold() for another threshold")

    def __reduce__(self) -> tuple[Any, ...]:
        # Packs loaded by code pickle as their codes and content digest (a few hundred
        # bytes): the unpickling worker reads its own compiled-pack cache (nudge._cache).
        from nudge._cache import pickled_as

        named = None if self._plain else pickled_as(self._packs, self._lexicon)
        if named is not None:
            return (_load_pickled, (*named, self._threshold, self._profanity.value))
        return (
            _rebuild_scorer,
            (self._lexicon, self.packs, self._threshold, self._plain, self._profanity.value),
        )

    # ----------------------------------------------------------------- building

    @classmethod
    def load(
        cls,
        packs: Iterable[str] | None = None,
        *,
        paths: Iterable[str | Path] = (),
        threshold: float = 0.5,
        profanity: Profanity | str = Profanity.CONTEXT,
    ) -> Scorer:
        """Load and compile packs by code (bundled or entry point) and/or folder path.

        ``profanity="always"`` counts every swear word as if it were aimed at someone
        (see :class:`Profanity`); the default, ``"context"``, discounts untargeted
        swearing.

        >>> Scorer.load(paths=[]).languages
        ('en', 'fr')
        >>> Scorer.load(profanity="always").score("back on my bullshit").flagged
        True
        """
        _check_threshold(threshold)
        setting = _profanity(profanity)
        codes = list(DEFAULT_PACKS if packs is None and not paths else (packs or ()))
        if isinstance(packs, str):
            raise TypeError("packs must be a list of pack codes, e.g. ['fr'], not a string")
        folders = tuple(paths)
        if not folders:
            # Packs named by code come from the compiled-pack cache (nudge._cache): a new
            # process reads one file instead of parsing TOML and compiling.
            # The packs themselves are decoded on first use (``Scorer.packs``).
            from nudge._cache import load_lazily

            cached = load_lazily(tuple(codes))
            return cls(cached.lexicon, cached, threshold, profanity=setting)
        loaded = tuple(load_pack(c) for c in codes) + tuple(load_pack(Path(p)) for p in folders)
        return cls(_compiled(loaded), loaded, threshold, profanity=setting)

    @classmethod
    def from_wordlist(
        cls, words: Iterable[str], *, name: str, threshold: float = 0.5, lang: str = ""
    ) -> Scorer:
        """A scorer for a plain word list: flagged iff an entry matches, no context rules.

        >>> s = Scorer.from_wordlist(["crap"], name="mini")
        >>> s.score("CR4P!").flagged, s.score("crapaud").flagged
        (True, False)
        """
        return cls(compile_wordlist(words, name=name, lang=lang), (), threshold, plain=True)

    def with_threshold(self, threshold: float) -> Scorer:
        """The same compiled packs with another threshold.

        >>> Scorer.load().with_threshold(0.8).threshold
        0.8
        """
        return Scorer(
            self._lexicon, self._packs, threshold, plain=self._plain, profanity=self._profanity
        )

    @property
    def profanity(self) -> Profanity:
        """How untargeted swearing counts (``Scorer.load(profanity=...)``).

        >>> Scorer.load().profanity
        <Profanity.CONTEXT: 'context'>
        """
        return self._profanity

    @property
    def threshold(self) -> float:
        """Scores at or above this are flagged."""
        return self._threshold

    @property
    def packs(self) -> tuple[Pack, ...]:
        """The loaded packs."""
        packs = self._packs
        return packs if isinstance(packs, tuple) else packs.packs()

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of the loaded packs, in load order."""
        return self._lexicon.languages

    @property
    def lexicon(self) -> Lexicon:
        """The compiled matcher."""
        return self._lexicon

    # ------------------------------------------------------------------ scoring

    def score(self, text: str, lang: str | None = None) -> Assessment:
        """Assess one comment. ``lang`` forces the language instead of guessing it.

        >>> Scorer.load().score("kys").severity.name
        'HIGH'
        >>> Scorer.load().score(42)
        Traceback (most recent call last):
        ...
        nudge.errors.InputError: expected str, got int
        >>> Scorer.load().score("salut", lang="xx")
        Traceback (most recent call last):
        ...
        nudge.errors.PackNotFoundError: lang: no loaded pack for language 'xx' (loaded: en, fr)
        """
        # One rule for score() and score_many(): a non-str is an InputError.
        if not isinstance(text, str):
            raise InputError(f"expected str, got {type(text).__name__}")
        self._check_lang(lang)
        return self._assess(text, lang)

    def score_many(
        self, texts: Iterable[str], lang: str | None = None, *, workers: int = 1
    ) -> list[Assessment]:
        """Assess a batch, in order; a non-``str`` item raises ``InputError`` naming its index.

        ``workers`` threads share the batch (the compiled core releases the GIL while it
        scores); the answers and their order are those of one thread.

        >>> [a.flagged for a in Scorer.load().score_many(["merci !", "ta gueule"])]
        [False, True]
        >>> len(Scorer.load().score_many(["merci"] * 10, workers=2))
        10
        """
        self._check_lang(lang)
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise InputError(f"workers: must be a positive int, got {workers!r}")
        items = list(texts)
        # One call into the compiled core for the whole batch: it scores in chunks with
        # the GIL released (on ``workers`` threads) and builds every Assessment.  It
        # checks that every item is a ``str`` before scoring any (a ``TypeError``), so
        # the batch is not read twice here: the item at fault is looked for only then.
        try:
            return self._core.assess_many(items, _forced(lang), workers)
        except TypeError:
            for i, text in enumerate(items):
                if not isinstance(text, str):
                    raise InputError(f"expected str, got {type(text).__name__}", index=i) from None
            raise

    def guess_language(self, text: str) -> tuple[str | None, tuple[str, ...]]:
        """The language guess ``score`` makes: the language guessed (``None`` when no
        function word votes, or on a tie nothing breaks) and the languages whose terms
        and context words count in full, in load order (docs/scoring.md, "Language").
        ``score`` names no language for a comment its quick reject skips (no word that
        could start a match), which this still guesses.

        >>> Scorer.load().guess_language("les gens sont comme ça")
        ('fr', ('fr',))
        >>> Scorer.load().guess_language("lol")
        ('en', ('en',))
        >>> Scorer.load().guess_language("Scunthorpe")
        (None, ('en', 'fr'))
        """
        if not isinstance(text, str):
            raise InputError(f"expected str, got {type(text).__name__}")
        best, active = self._lexicon._core_lexicon().guess(text)
        return best, tuple(active)

    def _check_lang(self, lang: object) -> None:
        # A forced language no pack provides would silently score everything 0.
        if lang is None:
            return
        if not isinstance(lang, str):
            raise InputError(f"lang: expected a language code (str), got {type(lang).__name__}")
        known = [x for x in self._lexicon.languages if x]
        # A region ("fr-CA") is scored with its language's words, as before.
        if known and lang.split("-")[0].lower() not in known:
            raise PackNotFoundError(
                f"no loaded pack for language {lang!r} (loaded: {', '.join(known)})",
                path="lang",
            )

    def censor(self, text: str, mask: str = "*") -> str:
        """Mask every matched span of the original text, keeping its length and spacing.

        >>> Scorer.load().censor("t'es un c o n n a r d !")
        "t'es un * * * * * * * !"
        """
        if not isinstance(mask, str) or len(mask) != 1:
            raise ValueError("mask must be a single character")
        assessment = self.score(text)
        chars = list(text)
        for m in assessment.matches:
            for k in range(m.start, m.end):
                if not chars[k].isspace():
                    chars[k] = mask
        return "".join(chars)

    # ----------------------------------------------------------------- internals

    def _assess(self, text: str, lang: str | None) -> Assessment:
        # One call into the compiled core: normalise, scan, score (the GIL released), and
        # the Assessment built there (the classes below are handed over at import).
        return self._core.assess(text, _forced(lang))  # type: ignore[no-any-return]


# The compiled core builds the result objects itself (filling the slots as
# ``object.__setattr__`` does): one crossing per comment or per batch, no per-field
# interpreter work.  Its answer's strings are shared (category, step, rule names).
_core.result_types(Assessment, Match, _Categories, _NO_CATEGORIES, _SEVERITIES)

# ``Assessment.reasons`` is written on first use: the compiled core counts the lines of
# explain() while scoring and leaves them pending in the field's slot (most assessments
# are never explained; a long comment can have hundreds of thousands of lines).  The
# field reads through a property, which writes them once (scoring the text again,
# deterministically) and keeps the tuple in the slot.  Equality, hashing, ``repr`` and
# pickling read fields by name, so they see the tuple; the core fills the slot by its
# place, read above while the slot was still the class attribute.
#
# ``Assessment.matches`` of a long comment is built on first use the same way: from
# ``_core``'s ``LAZY_FROM`` matches on (16), the core leaves compact records (24 bytes a
# match) pending in the slot instead of one ``Match`` object each (about 230 bytes).  The
# tuple built then is the one built at once for a shorter comment: same ``Match``
# objects, equal, hashable and picklable as before.
_REASONS_SLOT: Any = Assessment.__dict__["reasons"]
_MATCHES_SLOT: Any = Assessment.__dict__["matches"]


def _built_on_first_read(slot: Any, doc: str) -> property:
    """A property over ``slot`` that renders a pending value once and keeps the tuple."""
    # Bound once: every read of ``a.matches`` goes through ``read``.
    get, put = slot.__get__, slot.__set__

    def read(self: Assessment) -> tuple[Any, ...]:
        value = get(self, Assessment)
        if not isinstance(value, tuple):
            value = value.render()
            put(self, value)
        return value  # type: ignore[no-any-return]

    def store(self: Assessment, value: tuple[Any, ...]) -> None:
        # Reached only through ``object.__setattr__`` (the dataclass's ``__init__`` and
        # unpickling): the frozen class refuses ``a.reasons = ...``.
        put(self, value)

    return property(read, store, doc=doc)


for _name, _slot, _doc in (
    ("reasons", _REASONS_SLOT, "One line per piece of evidence, then the language."),
    ("matches", _MATCHES_SLOT, "The pieces of evidence, in the comment's order."),
):
    # A dataclass field: mypy would refuse a plain assignment.
    setattr(Assessment, _name, _built_on_first_read(_slot, _doc))


def _rebuild_scorer(
    lexicon: Lexicon,
    packs: tuple[Pack, ...],
    threshold: float,
    plain: bool,
    profanity: str = Profanity.CONTEXT.value,
) -> Scorer:
    return Scorer(lexicon, packs, threshold, plain=plain, profanity=profanity)


def _load_pickled(codes: tuple[str, ...], content: str, threshold: float, profanity: str) -> Scorer:
    from nudge._cache import load_pickled

    loaded = load_pickled(codes, content)
    return Scorer(loaded.lexicon, loaded, threshold, profanity=profanity)


@cache
def _compiled(packs: tuple[Pack, ...]) -> Lexicon:
    return compile_packs(packs)


def _forced(lang: str | None) -> tuple[str, str] | None:
    """A forced language as the core takes it: its code and its base ("fr-CA" -> "fr")."""
    return None if lang is None else (lang, lang.split("-")[0].lower())
