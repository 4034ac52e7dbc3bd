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

import bisect
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache, lru_cache, reduce
from importlib import resources
from itertools import accumulate
from operator import or_
from pathlib import Path
from typing import Any, Final

from nudge.errors import ConfigError, InputError, PackNotFoundError
from nudge.lexicon import Category, Pack, load_pack
from nudge.matcher import (
    GAP,
    TARGET_ROLES,
    Entry,
    Lexicon,
    Role,
    TermRef,
    compile_packs,
    compile_wordlist,
)
from nudge.normalize import Normalized, normalize, plural_endings, possessive_suffixes

__all__ = ["DEFAULT_PACKS", "Assessment", "Match", "Scorer", "Severity"]

DEFAULT_PACKS: Final = ("en", "fr")
"""The packs ``Scorer.load()`` uses: every bundled base language (variants are opt-in)."""


class Severity(IntEnum):
    """How serious an assessment is."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True, slots=True)
class Match:
    """One piece of evidence: a pack entry found in the comment.

    ``start``/``end`` index the ORIGINAL text; ``text`` is what the person typed.
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


@dataclass(frozen=True, slots=True)
class Assessment:
    """The scorer's verdict on one comment.

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
    self_window: int
    high: float
    low: float


@cache
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
        self_window=win["self_reference"],
        high=sev["high"],
        low=sev["low"],
    )


def _logistic(k: _Constants, evidence: float) -> float:
    if evidence <= 0.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-(k.slope * evidence + k.intercept)))


# ------------------------------------------------------------------------ scoring

# Role bits as plain ints: IntFlag arithmetic is too slow for the per-token loop.
_SECOND: Final = int(Role.SECOND_PERSON)
_THIRD: Final = int(Role.THIRD_PERSON)
_PERSON: Final = int(Role.PERSON_NOUN)
_IDENT: Final = int(Role.IDENTITY)
_SELF: Final = int(Role.SELF)
_NEG: Final = int(Role.NEGATOR)
_REPORT: Final = int(Role.REPORTING)
_COUNTER: Final = int(Role.COUNTER)
_INTENS: Final = int(Role.INTENSIFIER)
_POSITIVE: Final = int(Role.POSITIVE)
_INTENT: Final = int(Role.INTENT)
_CONTRAST: Final = int(Role.CONTRAST)
_COPULA: Final = int(Role.COPULA)
_IN_GROUP: Final = int(Role.IN_GROUP)
_THING: Final = int(Role.THING)
_OBJECT: Final = int(Role.OBJECT)
_DEROG: Final = int(Role.DEROGATORY)
_POINTING: Final = int(Role.DEMONSTRATIVE)
_FACTIVE: Final = int(Role.FACTIVE)
# The target roles that name someone (a vocative only points at whoever follows it).
_NAMES_SOMEONE: Final = TARGET_ROLES & ~int(Role.VOCATIVE)
_VERBAL: Final = frozenset(
    {Category.THREAT, Category.SELF_HARM, Category.HARASSMENT, Category.PROFANITY}
)

# Marks that end a sentence; a clause also ends at the others.
_SENTENCE_MARKS: Final = frozenset(".!?;\n")
_CLAUSE_BREAK: Final = re.compile(
    "[" + re.escape("".join(sorted(_SENTENCE_MARKS | frozenset(",:()\u2013\u2014")))) + "]"
)
_LETTER_THEN_DIGIT: Final = re.compile(r"[^\W\d_]\d{1,2}\b")
_QUOTES: Final = re.compile(r"[\"“”«»„]")
_SEVERE: Final = frozenset({Category.THREAT, Category.SELF_HARM})
# Words that stand for a person when they come right before a single-word match of the
# kinds they can aim, being something else elsewhere: an object pronoun before a verb
# ("je le hais", "la tuer"; elsewhere "le", "la" are articles), a demonstrative before a
# name-calling noun ("c'est qui cet attardé", "ces connards"; a word with a benign sense
# still yields to a word of that sense nearby: "ce virus a été éradiqué").
_POINTERS: Final = (
    (_OBJECT, _VERBAL),
    (_POINTING, frozenset({Category.INSULT, Category.SLUR})),
)
_NO_CATEGORIES: Final[Mapping[str, float]] = {}


@dataclass(slots=True)
class _Hit:
    i: int
    j: int
    ref: TermRef
    step: str
    evidence: float = 0.0
    targeted: bool = False
    identity: bool = False
    full: bool = True
    """No context rule lowered it (a threat that is HIGH whatever else is there)."""
    mult: float = 1.0
    notes: list[str] = field(default_factory=list)
    start: int = 0
    """Offsets in the original text and the steps that found it, set once weighed."""
    end: int = 0
    how: tuple[str, ...] = ()


@dataclass(slots=True)
class _Context:
    """What the context rules read about one comment, token by token."""

    words: Sequence[str]
    roles: Sequence[int]
    sentence: Sequence[int]
    clause: Sequence[int]
    quoted: _Quotes
    proper: _ProperNames
    counter: bool
    others: bool


def _check_threshold(threshold: object) -> None:
    """A threshold is a number in [0, 1] (``nan`` is not), else a ConfigError."""
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ConfigError(
            f"must be a number between 0 and 1, got {type(threshold).__name__}", path="threshold"
        )
    if not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"must be between 0 and 1, got {threshold}", path="threshold")


class Scorer:
    """Scores comments against compiled language packs. Build once, share everywhere.

    >>> scorer = Scorer.load(["fr"], threshold=0.6)
    >>> scorer.threshold, scorer.languages
    (0.6, ('fr',))
    """

    __slots__ = (
        "_has_copulas",
        "_has_intent",
        "_k",
        "_lexicon",
        "_packs",
        "_plain",
        "_threshold",
    )

    _lexicon: Lexicon
    _packs: tuple[Pack, ...]
    _threshold: float
    _plain: bool
    _k: _Constants
    _has_intent: bool
    _has_copulas: bool

    def __init__(
        self,
        lexicon: Lexicon,
        packs: Sequence[Pack],
        threshold: float = 0.5,
        *,
        plain: bool = False,
    ) -> None:
        _check_threshold(threshold)
        for name, value in (
            ("_lexicon", lexicon),
            ("_packs", tuple(packs)),
            ("_threshold", float(threshold)),
            ("_plain", plain),
            ("_k", _constants()),
            ("_has_intent", any(p.context.get("intent") for p in packs)),
            ("_has_copulas", any(p.context.get("copulas") for p in packs)),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Scorer is immutable; use with_threshold() for another threshold")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_scorer, (self._lexicon, self._packs, self._threshold, self._plain))

    # ----------------------------------------------------------------- building

    @classmethod
    def load(
        cls,
        packs: Iterable[str] | None = None,
        *,
        paths: Iterable[str | Path] = (),
        threshold: float = 0.5,
    ) -> Scorer:
        """Load and compile packs by code (bundled or entry point) and/or folder path.

        >>> Scorer.load(paths=[]).languages
        ('en', 'fr')
        """
        _check_threshold(threshold)
        codes = list(DEFAULT_PACKS if packs is None and not paths else (packs or ()))
        if isinstance(packs, str):
            raise TypeError("packs must be a list of pack codes, e.g. ['fr'], not a string")
        loaded = tuple(load_pack(c) for c in codes) + tuple(load_pack(Path(p)) for p in paths)
        return cls(_compiled(loaded), loaded, threshold)

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
        return Scorer(self._lexicon, self._packs, threshold, plain=self._plain)

    @property
    def threshold(self) -> float:
        """Scores at or above this are flagged."""
        return self._threshold

    @property
    def packs(self) -> tuple[Pack, ...]:
        """The loaded packs."""
        return self._packs

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

    def score_many(self, texts: Iterable[str], lang: str | None = None) -> list[Assessment]:
        """Assess a batch, in order; a non-``str`` item raises ``InputError`` naming its index.

        >>> [a.flagged for a in Scorer.load().score_many(["merci !", "ta gueule"])]
        [False, True]
        """
        self._check_lang(lang)
        out = []
        assess = self._assess
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputError(f"expected str, got {type(text).__name__}", index=i)
            out.append(assess(text, lang))
        return out

    def _check_lang(self, lang: object) -> None:
        # A forced language no pack provides would silently score everything 0.
        if lang is None:
            return
        if not isinstance(lang, str):
            raise InputError(f"lang: expected a language code (str), got {type(lang).__name__}")
        known = [x for x in self._lexicon.languages if x]
        if known and lang not in known:
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
        return self._assess_normalized(normalize(text), lang)

    def _assess_normalized(self, n: Normalized, lang: str | None) -> Assessment:
        """Assess a comment already normalised (with the default configuration)."""
        text = n.original
        lex = self._lexicon
        raw = n._raw_words()  # the token scan, done once for both paths
        words = n._words_from(raw)
        if lex.triggers.isdisjoint(words) and not _fallback_possible(lex, n, words):
            return self._nothing_found(text, lang, ())
        return self._assess_slow(n, raw, lang)

    def _nothing_found(
        self, text: str, language: str | None, reasons: tuple[str, ...]
    ) -> Assessment:
        """The assessment of a comment with no match: score 0, judged like any score."""
        flagged, severity = self._verdict(0.0, severe=False)
        return Assessment(
            text, 0.0, flagged, severity, _NO_CATEGORIES, language, (), reasons, self._threshold
        )

    def _verdict(self, score: float, *, severe: bool) -> tuple[bool, Severity]:
        """Whether ``score`` is flagged, and its severity (a threat is HIGH regardless)."""
        flagged = score >= self._threshold
        if severe:
            return flagged, Severity.HIGH
        if flagged:
            return True, Severity.HIGH if score >= self._k.high else Severity.MEDIUM
        return False, Severity.LOW if score >= self._k.low else Severity.NONE

    def _assess_slow(self, n: Normalized, raw: list[str], lang: str | None) -> Assessment:
        k = self._k
        lex = self._lexicon
        scan = lex._scan(n, raw)
        words, starts, ends, kinds = scan.words, scan.starts, scan.ends, scan.kinds
        entries, steps = scan.entries, scan.steps
        # Language: function words vote; languages within half of the best all count.
        language, active = _guess_language(lex, entries, lang)
        # Context words count in the languages the comment is in: "son" is a person noun
        # in English but a possessive in French.
        if len(active) >= len(lex.languages):
            roles = [e.roles if e is not None else 0 for e in entries]
        else:
            roles = [_roles_in(e, active) if e is not None and e.roles else 0 for e in entries]
        if "mention" in kinds:
            for idx, kind in enumerate(kinds):
                if kind == "mention":
                    roles[idx] |= _SECOND

        hits: list[_Hit] = []
        last = len(words) - 1
        for i, e in enumerate(entries):
            if e is None:
                continue
            for ref, how in e.terms:
                hits.append(_Hit(i, i + 1, ref, how or steps[i]))
            if e.identity:
                roles[i] |= _IDENT
            phrases = e.phrases
            if not phrases or i == last or (words[i + 1] not in phrases and GAP not in phrases):
                continue  # the test phrases_at() would start with, without the call
            for p, end in lex.phrases_at(words, i, e):
                if p.term is not None:
                    # A phrase found through a mask or a typo says so ("f*ck you").
                    how = next((steps[q] for q in range(i, end) if steps[q]), "")
                    hits.append(_Hit(i, end, p.term, how))
                if p.roles and (not p.lang or p.lang in active):
                    for q in range(i, end):
                        roles[q] |= p.roles
        present = reduce(or_, roles, 0)
        if present & _DEROG:
            hits.extend(_derogatory_hits(words, roles, k.derogatory_severity))
        hits = [h for h in hits if not h.ref.lang or h.ref.lang in active]
        hits = _drop_nested(hits)
        if not hits:
            # Nothing to weigh: the sentence, clause, quote and name analyses below only
            # ever serve a hit (one Davidson tweet in eight ends here).
            said = (f"language: {language}",) if language is not None else ()
            return self._nothing_found(n.original, language, said)

        sentence, clause = _segments(n.text, starts, ends, roles)
        spans = _Spans(n, starts, ends)
        quoted = _Quotes(n, spans)
        proper = _ProperNames(n, spans, sentence)
        # Counter-speech words lower a match only when the comment quotes or reports
        # someone ("calling people that is not okay"); "arrête" alone is no counter-speech.
        counter = bool(present & _COUNTER) and (bool(present & _REPORT) or quoted.any)
        reasons: list[str] = []
        kept: list[_Hit] = []
        ctx = _Context(words, roles, sentence, clause, quoted, proper, counter, len(hits) > 1)
        for h in hits:
            h.start, h.end = spans.original(h.i, h.j)
            h.how = _match_steps(n, h.start, h.end, h.step)
            if self._plain:
                h.evidence = 10.0
                kept.append(h)
                continue
            self._weigh(h, ctx, k)
            if h.evidence > 0:
                kept.append(h)
            reasons.append(self._describe(h, n.original))

        if self._plain:
            score = 1.0 if kept else 0.0
            total = 10.0 * len(kept)
            categories = {h.ref.category: 1.0 for h in kept}
        else:
            total = _total(k, [h.evidence for h in kept])
            score = _logistic(k, total)
            by_cat: dict[str, list[float]] = {}
            for h in kept:
                by_cat.setdefault(h.ref.category, []).append(h.evidence)
                if h.identity and h.ref.category != Category.IDENTITY_ATTACK:
                    by_cat.setdefault(Category.IDENTITY_ATTACK.value, []).append(h.evidence)
            categories = {c: round(_combine(k, ev), 4) for c, ev in sorted(by_cat.items())}
        severe = any(h.full and h.ref.category in _SEVERE for h in kept)
        if severe:
            score = max(score, k.high)
        score = round(min(1.0, max(0.0, score)), 4)
        flagged, severity = self._verdict(score, severe=severe)
        matches = tuple(self._match(h, n.original) for h in kept)
        if language is not None:
            reasons.append(f"language: {language}")
        return Assessment(
            n.original, score, flagged, severity, categories, language, matches,
            tuple(reasons), self._threshold, round(total, 4),
        )  # fmt: skip

    def _weigh(self, h: _Hit, ctx: _Context, k: _Constants) -> None:
        """Set ``h.evidence`` from the context rules, noting each rule that applied."""
        words, roles, sentence, clause = ctx.words, ctx.roles, ctx.sentence, ctx.clause
        quoted, proper, counter, others = ctx.quoted, ctx.proper, ctx.counter, ctx.others
        ref = h.ref
        sid = sentence[h.i]
        size = len(words)
        # Words that count only when aimed ("animals", "disgusting") need their target
        # closer than words that are insults anyway.
        reach = k.targeted_window if ref.targeted else k.target_window
        lo = max(0, h.i - reach)
        hi = min(size, h.j + reach)
        # Sentence numbers never decrease, so the part of [lo, hi) in this sentence is
        # one range; the union of its roles tells which searches below can find anything.
        while sentence[lo] != sid:
            lo += 1
        while sentence[hi - 1] != sid:
            hi -= 1
        window = range(lo, hi)
        before = range(lo, h.i)
        present = reduce(or_, roles[lo:hi], 0)
        # A single word is not its own target ("gros" is also a vocative); a phrase's own
        # second-person or identity words are ("kill yourself"), its vocatives are not
        # ("shut up").
        target_at = (
            next(
                (
                    q
                    for q in window
                    if roles[q]
                    & (_NAMES_SOMEONE if h.i <= q < h.j and h.j - h.i > 1 else TARGET_ROLES)
                    and not (h.i <= q < h.j and h.j - h.i == 1)
                    and not _names_a_thing(roles, sentence, q)
                ),
                None,
            )
            if present & TARGET_ROLES
            else None
        )
        identity_at = (
            next((q for q in window if roles[q] & _IDENT), None) if present & _IDENT else None
        )
        if target_at is None and h.j - h.i == 1 and h.i > 0:
            prev = roles[h.i - 1]
            if any(prev & role and ref.category in kinds for role, kinds in _POINTERS):
                target_at = h.i - 1
        if target_at is None:
            # The subject of the sentence reaches its predicate however long the middle:
            # "Les femmes ne peuvent s'empêcher d'être absolument révoltantes".
            subject_at = _subject(sentence, roles, words, sid, h.i)
            if subject_at is not None:
                target_at = subject_at
                if roles[subject_at] & _IDENT:
                    identity_at = subject_at
        targeted = target_at is not None
        notes = h.notes

        # A word with a benign sense next to a word of that sense counts for nothing.
        if ref.ambiguous and ref.benign_context:
            # The benign sense may be told in the next sentence ("Can I bum a fag? I left
            # my cigarettes at home"), so this looks a little farther than the target.
            a, b = max(0, h.i - k.benign_window), min(size, h.j + k.benign_window)
            sense = (
                next(
                    (
                        words[q]
                        for q in range(a, b)
                        if words[q] in ref.benign_context and not h.i <= q < h.j
                    ),
                    None,
                )
                if not ref.benign_context.isdisjoint(words[a:b])
                else None
            )
            if sense is not None:
                notes.append(f"benign sense here ({sense!r})")
                h.evidence = 0.0
                return
        if ref.targeted and not targeted:
            notes.append("not aimed at a person")
            h.evidence = 0.0
            return
        if ref.targeted and ref.category == Category.THREAT and self._has_intent:
            # A bare violent verb is a threat when someone means to do it ("I will",
            # "they should be", "il faut") or orders it (it opens the sentence); in a
            # report ("three people were killed") it is news, not a threat.
            opens = h.i == 0 or sentence[h.i - 1] != sid
            cid = clause[h.i]
            reach_intent = range(max(0, h.i - k.intent_window), min(size, h.j + k.intent_window))
            intent_at = next(
                (
                    q
                    for q in reach_intent
                    if clause[q] == cid and roles[q] & _INTENT and not h.i <= q < h.j
                ),
                None,
            )
            if intent_at is None and not opens:
                notes.append("no intent to act (a report, not a threat)")
                h.evidence = 0.0
                return
        if proper[h.i] and h.j - h.i == 1:
            notes.append("part of a proper name")
            h.evidence = 0.0
            return

        weight = k.severity[ref.severity]
        mult = 1.0
        if targeted and target_at is not None:
            weight += k.targeted
            notes.append(f"aimed at a person ({words[target_at]!r})")
        if ref.category == Category.SLUR:
            weight += k.slur
        if identity_at is not None and ref.category not in (Category.PROFANITY, Category.SEXUAL):
            weight += k.identity_attack
            h.identity = True
            notes.append(f"attacks a group ({words[identity_at]!r})")
        if ref.category in _SEVERE:
            weight += k.threat
        if present & _INTENS and any(roles[q] & _INTENS for q in before if q >= h.i - 2):
            weight += k.intensifier
            notes.append("intensified")
        # Swearing at a group: an identity term, or people named in the plural
        # ("accountants are just shitty human beings"), not "my friend's shitty flat".
        group_at = (
            next(
                (
                    q
                    for q in window
                    if roles[q] & _IDENT
                    or (roles[q] & _PERSON and words[q].endswith(plural_endings()))
                ),
                None,
            )
            if present & (_IDENT | _PERSON)
            else None
        )
        if ref.category == Category.PROFANITY and group_at is not None and not ref.targeted:
            # Swearing at a group ("fuck all X", "X are shitty people") is an attack.
            notes.append(f"swearing at a group ({words[group_at]!r})")
        elif ref.category == Category.PROFANITY:
            mult *= k.profanity
            notes.append("profanity")
            near = range(max(0, h.i - 3), min(size, h.j + 3))
            if any(roles[q] & _POSITIVE and sentence[q] == sid for q in near):
                mult *= k.enthusiasm
                notes.append("as enthusiasm")
        if ref.category == Category.SLUR or ref.ambiguous:
            # Reclaimed use: the speaker counts themself in ("my niggas", "us faggots",
            # "bad bitches like me").
            # Before the word ("my", "us", "fellow"), or just after it ("like me").
            # (Not the window: these words may stand in the sentence before.)
            beside = [*range(max(0, h.i - 2), h.i), *([h.j] if h.j < size else [])]
            ingroup_at = next((q for q in beside if roles[q] & _IN_GROUP), None)
            if ingroup_at is not None:
                mult *= k.reclaimed
                notes.append(f"reclaimed, in-group use ({words[ingroup_at]!r})")
        if ref.category in (Category.INSULT, Category.PROFANITY) and _before_a_thing(
            roles, sentence, h.j - 1
        ):
            # Said of a thing, not a person: "a dumbass idea", "a scumbag move".
            mult *= k.attributive
            notes.append(f"describes a thing ({words[h.j]!r})")
        if ref.ambiguous and not targeted and not others:
            mult *= k.ambiguous_alone
            notes.append("has a benign sense and nothing supports the bad one")
        # "I'm such an idiot": a first-person word shortly before an insult, with no one
        # else named in between.  Verbs (threats, hostility) have the author as their
        # agent, not their target, so the rule leaves them alone.
        cid = clause[h.i]
        a = max(0, h.i - k.self_window)
        # Clause numbers never decrease either: the clause's part of [a, i) is a range.
        while a < h.i and clause[a] != cid:
            a += 1
        in_clause = range(a, h.i) if reduce(or_, roles[a : h.i], 0) & (_SELF | _NEG) else range(0)
        self_at = next((q for q in reversed(in_clause) if roles[q] & _SELF), None)
        if self_at is not None and ref.category not in _VERBAL:
            # The insult is about the author when a copula links it to the self word
            # ("I'm such an idiot", "am I a prick"), not in "I don't like that bitch".
            link = range(self_at, h.i) if self._has_copulas else range(0)
            linked = not self._has_copulas or any(roles[q] & _COPULA for q in link)
            if not linked and self_at > 0 and roles[self_at - 1] & _COPULA:
                linked = True  # "am I a prick"
            between = not linked or any(roles[q] & _NAMES_SOMEONE for q in range(self_at + 1, h.i))
        else:
            between = True
        if self_at is not None and not between:
            mult *= k.self_reference
            notes.append(f"about the author themself ({words[self_at]!r})")
        # Negation reaches a whole clause for verbs ("no one deserves to die", "I will
        # never tolerate the murder of") but only the words just before an insult
        # ("you're not stupid"), not "I don't like that bitch".
        neg_at = next(
            (q for q in reversed(in_clause) if q >= h.i - k.negation_window and roles[q] & _NEG),
            None,
        )
        # Farther than "not a loser", an insult is negated only through a copula
        # ("trying not to be a shithead", "you aren't really an idiot").
        if (
            neg_at is not None
            and ref.category not in _VERBAL
            and neg_at < h.i - k.negation_near
            and not any(roles[q] & _COPULA for q in range(neg_at, h.i))
        ):
            neg_at = None
        if neg_at is not None and any(roles[q] & _FACTIVE for q in range(neg_at + 1, h.i)):
            # "Isn't it obvious that I hate them?", "ne se rendent pas compte que...": the
            # negation falls on the word that presents what follows as a fact.
            neg_at = None
        if neg_at is not None:
            mult *= k.negated
            notes.append(f"negated ({words[neg_at]!r})")
        reported_at = (
            next((q for q in before if roles[q] & _REPORT), None) if present & _REPORT else None
        )
        if reported_at is not None or quoted[h.i]:
            mult *= k.reported
            notes.append(
                "quoted" if reported_at is None else f"reported speech ({words[reported_at]!r})"
            )
        if counter:
            mult *= k.counter_speech
            notes.append("counter-speech")
        h.targeted = targeted
        h.full = mult >= 1.0
        h.mult = mult
        h.evidence = round(weight * mult, 4)

    def _describe(self, h: _Hit, original: str) -> str:
        start, end, how = h.start, h.end, h.how
        line = (
            f"{h.ref.term} ({h.ref.category}, severity {h.ref.severity}) "
            f'"{original[start:end]}" at {start}-{end}'
        )
        if how:
            line += f" after {', '.join(how)}"
        if h.notes:
            line += ": " + "; ".join(h.notes)
        if h.evidence > 0:
            line += (f" x{h.mult:g}" if h.mult != 1.0 else "") + f" -> evidence {h.evidence:.2f}"
        else:
            line += " -> ignored"
        return line

    def _match(self, h: _Hit, original: str) -> Match:
        ref = h.ref  # (positional: keywords cost a third more here)
        return Match(
            ref.term, ref.category, ref.severity, h.start, h.end,
            original[h.start : h.end], h.how, h.targeted, ref.lang,
        )  # fmt: skip


def _rebuild_scorer(
    lexicon: Lexicon, packs: tuple[Pack, ...], threshold: float, plain: bool
) -> Scorer:
    return Scorer(lexicon, packs, threshold, plain=plain)


@cache
def _compiled(packs: tuple[Pack, ...]) -> Lexicon:
    return compile_packs(packs)


def _fallback_possible(lex: Lexicon, n: Normalized, words: Sequence[str]) -> bool:
    """Whether a token could match only through a fallback (mask, stretch, stem, hyphen,
    trailing leet digit)."""
    text = n.text
    if "*" in text or "-" in text or n._stretched:
        return True
    if _LETTER_THEN_DIGIT.search(text):
        return True
    if lex.stem_lengths:
        size = lex._min_stem
        prefixes = lex.stem_prefixes
        return any(w[:size] in prefixes for w in words)
    return False


class _Spans:
    """Maps token ranges to offsets in the original text (only for the tokens that matter)."""

    __slots__ = ("ends", "n", "starts")

    def __init__(self, n: Normalized, starts: list[int], ends: list[int]) -> None:
        self.n = n
        self.starts = starts
        self.ends = ends

    def original(self, i: int, j: int) -> tuple[int, int]:
        return self.n.to_original(self.starts[i], self.ends[j - 1])


def _before_a_thing(roles: Sequence[int], sentence: Sequence[int], q: int) -> bool:
    """Whether token ``q`` stands right before a word for a thing, in its sentence: it
    then describes that thing ("a dumbass idea", "customer service")."""
    return q + 1 < len(roles) and bool(roles[q + 1] & _THING) and sentence[q + 1] == sentence[q]


def _names_a_thing(roles: Sequence[int], sentence: Sequence[int], q: int) -> bool:
    """A person noun and nothing else, right before a word for a thing, modifies that
    thing: "horrible customer service" is said of the service, not of a customer."""
    return roles[q] & TARGET_ROLES == _PERSON and _before_a_thing(roles, sentence, q)


def _derogatory_hits(words: Sequence[str], roles: Sequence[int], severity: int) -> list[_Hit]:
    """A derogatory word right before an identity term: the pair is an identity attack
    ("sale arabe", "dirty jew") of ``severity``, named in explain() by its own words."""
    out = []
    size = len(words)
    for q in range(size - 1):
        if not roles[q] & _DEROG or roles[q] & _IDENT or not roles[q + 1] & _IDENT:
            continue
        a = q
        while a > 0 and roles[a - 1] & _DEROG and not roles[a - 1] & _IDENT:
            a -= 1  # "espèce de": the whole phrase
        b = q + 1
        while b < size and roles[b] & _IDENT:
            b += 1
        ref = TermRef(
            id=-1,
            term=" ".join(words[a:b]),
            category=Category.IDENTITY_ATTACK.value,
            severity=severity,
            targeted=False,
            ambiguous=False,
            benign_context=frozenset(),
            lang="",
            where="context.toml: derogatory",
        )
        out.append(_Hit(a, b, ref, ""))
    return out


def _subject(
    sentence: Sequence[int], roles: Sequence[int], words: Sequence[str], sid: int, i: int
) -> int | None:
    """A group among the first three words of the sentence holding token ``i`` (and
    before it): an identity term, or people named in the plural and linked to the word
    by a copula ("Les chefs de restaurant sont des pourritures").  The sentence is
    about them."""
    start = i
    while start > 0 and sentence[start - 1] == sid:
        start -= 1
    for q in range(start, min(start + 3, i)):
        if roles[q] & _IDENT:
            return q
        if (
            roles[q] & _PERSON
            and words[q].endswith(plural_endings())
            and any(roles[c] & _COPULA for c in range(q + 1, i))
        ):
            # People are named everywhere ("les gens ... leurs ordures"): they are what
            # the sentence says something of only when a copula links them to it.
            return q
    return None


def _roles_in(entry: Entry, active: frozenset[str]) -> int:
    out = 0
    for lang, mask in entry.lang_roles:
        if lang in active:
            out |= mask
    return out


def _guess_language(
    lex: Lexicon, entries: Sequence[Entry | None], forced: str | None
) -> tuple[str | None, frozenset[str]]:
    languages = lex.languages
    if forced is not None:
        base = forced.split("-")[0].lower()
        return forced, frozenset({base})
    if len(languages) <= 1:
        return (languages[0] if languages else None), frozenset(languages)
    # Few distinct language masks occur (one bit per language): count those, then bits.
    masks = [e.langs for e in entries if e is not None and e.langs]
    counts = [0] * len(languages)
    for mask in set(masks):
        times = masks.count(mask)
        for b in range(len(languages)):
            if mask >> b & 1:
                counts[b] += times
    best = max(counts)
    if best == 0:
        return None, _languages_among(languages, (1 << len(languages)) - 1)
    chosen = 0
    for b, c in enumerate(counts):
        if c * 2 >= best:
            chosen |= 1 << b
    return languages[counts.index(best)], _languages_among(languages, chosen)


@lru_cache(maxsize=256)
def _languages_among(languages: tuple[str, ...], chosen: int) -> frozenset[str]:
    """The languages whose bits are set in ``chosen`` (the same few sets, built once)."""
    return frozenset(lang for b, lang in enumerate(languages) if chosen >> b & 1)


def _drop_nested(hits: list[_Hit]) -> list[_Hit]:
    """A word inside a matched phrase is part of the phrase's evidence, not extra evidence."""
    if len(hits) < 2:
        return hits
    # Phrase spans by their first token: a hit is looked up against the few phrases
    # that start shortly before it, so long comments stay linear.
    ends_by_start: dict[int, list[int]] = {}
    longest = 0
    for h in hits:
        if h.j - h.i > 1:
            ends_by_start.setdefault(h.i, []).append(h.j)
            longest = max(longest, h.j - h.i)
    out = []
    for h in hits:
        inside = any(
            h.j <= b and (b - a) > (h.j - h.i)
            for a in range(max(0, h.i - longest), h.i + 1)
            for b in ends_by_start.get(a, ())
        )
        if not inside:
            out.append(h)
    # One place is one piece of evidence: the same emoji listed by two packs, or
    # "stupid" and French "stupide" when the language is unknown, count once (the most
    # severe entry, and among equals the first).
    best: dict[tuple[int, int, str], _Hit] = {}
    for h in out:
        key = (h.i, h.j, h.ref.category)
        kept = best.get(key)
        if kept is None or h.ref.severity > kept.ref.severity:
            best[key] = h
    return [h for h in out if best[(h.i, h.j, h.ref.category)] is h]


def _segments(
    text: str, starts: Sequence[int], ends: Sequence[int], roles: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Sentence and clause numbers of the tokens.

    A sentence ends at ``. ! ? ;`` or a line break between two tokens; a clause also at
    ``, : ( )`` and dashes, and before a contrast word ("but", "mais").  Punctuation inside
    a token ("u.s.", a link) ends nothing, and several marks in one gap count once.
    Breaks are few, so each is placed by bisection and the numbers are running sums.
    """
    size = len(starts)
    new_clause = [1 if r & _CONTRAST else 0 for r in roles]
    new_sentence = [0] * size
    for m in _CLAUSE_BREAK.finditer(text):
        p = m.start()
        t = bisect.bisect_right(starts, p)  # the first token after the mark
        if t == size or (t > 0 and p < ends[t - 1]):
            continue  # after the last token, or inside a token
        new_clause[t] = 1
        if m.group() in _SENTENCE_MARKS:
            new_sentence[t] = 1
    return list(accumulate(new_sentence)), list(accumulate(new_clause))


class _Quotes:
    """Whether a token stands inside quotation marks, worked out only when asked.

    A retweet wraps the tweet it repeats in quotes ('"@user: ...'): that is a repost,
    not someone's words being reported, so those marks do not count.
    """

    __slots__ = ("_marks", "_spans")

    def __init__(self, n: Normalized, spans: _Spans) -> None:
        self._spans = spans
        original = n.original
        marks = [m.start() for m in _QUOTES.finditer(original)] if _QUOTES.search(original) else []
        if marks and "@" in original:
            reposts = {p for p in marks if original.startswith("@", p + 1)}
            if reposts:
                keep = []
                skip_close = 0
                for p in marks:
                    if p in reposts:
                        skip_close += 1
                    elif skip_close and (p + 1 >= len(original) or not original[p + 1].isalnum()):
                        skip_close -= 1
                    else:
                        keep.append(p)
                marks = keep
        self._marks = marks

    @property
    def any(self) -> bool:
        """Whether the comment quotes anything at all."""
        return len(self._marks) >= 2

    def __getitem__(self, q: int) -> bool:
        marks = self._marks
        if len(marks) < 2:
            return False
        orig_start, orig_end = self._spans.original(q, q + 1)
        before = bisect.bisect_left(marks, orig_start)
        after = len(marks) - bisect.bisect_left(marks, orig_end)
        return before % 2 == 1 and after >= 1


class _ProperNames:
    """Which tokens belong to a proper name, worked out only for the tokens asked about.

    A proper name is a Title-case word beside another Title-case word, not merely opening
    a sentence ("Río Negro", "Moby Dick"), in text that is not itself written in Title
    Case or capitals.
    """

    __slots__ = ("_headline", "_n", "_sentence", "_spans", "_titled")

    def __init__(self, n: Normalized, spans: _Spans, sentence: Sequence[int]) -> None:
        self._n = n
        self._spans = spans
        self._sentence = sentence
        self._titled: dict[int, bool] = {}
        original = n.original
        # Known at once for text in one case; the Title-case count waits until asked.
        self._headline: bool | None = True if original.islower() or original.isupper() else None

    def _is_headline(self) -> bool:
        """Headlines and shouting: the rule would take every word for a name."""
        if self._headline is None:
            words = self._n.original.split()
            self._headline = sum(1 for w in words if w.istitle()) * 2 > len(words)
        return self._headline

    def _is_titled(self, q: int) -> bool:
        found = self._titled.get(q)
        if found is None:
            a, b = self._spans.original(q, q + 1)
            original = self._n.original
            if a < b and original[a].islower():
                found = False  # the common case: no Title-case word opens in lower case
            else:
                form = original[a:b].replace("’", "'")
                for suffix in possessive_suffixes():
                    if form.endswith(suffix):
                        form = form[: -len(suffix)]  # "Spastic's" is a Title-case word
                found = len(form) > 1 and form.istitle() and form[0].isalpha()
            self._titled[q] = found
        return found

    def __getitem__(self, q: int) -> bool:
        if self._headline or not self._is_titled(q) or self._is_headline():
            return False
        sentence = self._sentence
        size = len(sentence)
        first = q == 0 or sentence[q - 1] != sentence[q]
        prev_titled = q > 0 and not first and self._is_titled(q - 1)
        next_titled = q + 1 < size and sentence[q + 1] == sentence[q] and self._is_titled(q + 1)
        return (not first and (prev_titled or next_titled)) or (first and next_titled)


def _total(k: _Constants, evidence: Sequence[float]) -> float:
    """The strongest evidence plus a share of the rest."""
    if not evidence:
        return 0.0
    ordered = sorted(evidence, reverse=True)
    return ordered[0] + k.others_share * sum(ordered[1:])


def _combine(k: _Constants, evidence: Sequence[float]) -> float:
    return _logistic(k, _total(k, evidence))


@lru_cache(maxsize=8192)
def _steps_of(fragment: str) -> tuple[str, ...]:
    return tuple(s for s in normalize(fragment).steps if s not in ("casefold", "emoji"))


def _match_steps(n: Normalized, start: int, end: int, step: str) -> tuple[str, ...]:
    found = _steps_of(n.original[start:end]) if start < end and len(n.original) > 0 else ()
    return (*found, step) if step and step not in found else found
