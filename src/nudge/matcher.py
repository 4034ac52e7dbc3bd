"""Compile language packs into one immutable, picklable, hash-based matcher.

Every term, variant, allow entry, identity term and context word goes through the same
normaliser as the comments, so a pack's ``"Pétasse"`` and a comment's ``p3tasse`` meet
as ``petasse``.  Lookups are dictionary and set look-ups; nothing is a regular
expression and nothing scans the term list:

* single words: one ``dict`` from folded form to an :class:`Entry`;
* phrases: indexed by their first token, checked token by token from there;
* stems: a prefix index (``dict`` by stem, probed for the few stem lengths that exist),
  with exceptions and the allow list as a stop list;
* masked tokens (``f*ck``): an index by (length, first letter), checked letter by letter;
* typos: each word of five or more letters (shorter ones when the entry opts in), and
  each word of a phrase, also indexes its forms with one pair of adjacent inner letters
  swapped (``bullsiht``); words of five or more letters, identity words included, also
  their forms with one inner letter left out (``stupd``, ``womn``).  A typo
  form is never a word of its own: not a pack word, and (unless only a phrase word
  yields it, which its neighbours must confirm) no word of the languages' general lists
  (``voiler`` is not ``violer``, ``back`` is not ``black``).  Each language reads and
  refuses by its own words: a form only some languages refuse goes to
  ``Lexicon.typo_langs`` and is read by the comment's languages (Spanish ``futre`` is
  French ``foutre`` in a French comment).

>>> lex = compile_packs([load_pack("en"), load_pack("fr")])
>>> lex.lookup("connard")[0].terms[0][0].category
'insult'
>>> lex.lookup("f*ck")[1]
'masks'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from enum import IntFlag
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from nudge import _core, _gcpause, _vocabulary
from nudge.errors import LexiconError
from nudge.facts import LanguageFacts, default_facts, letter_spellings
from nudge.lexicon import (
    GLUED_CATEGORIES,
    NOT_ROLES,
    Category,
    MatchKind,
    Pack,
    Term,
    Where,
    bundled_packs_root,
    load_pack,
)
from nudge.normalize import Normalized, _ascii_needs_work, leet_table, normalize

__all__ = [
    "GAP",
    "MAX_GAP",
    "Entry",
    "Found",
    "Lexicon",
    "Phrase",
    "Role",
    "Scan",
    "TermRef",
    "compile_packs",
    "compile_wordlist",
    "load_pack",
]


class Role(IntFlag):
    """What a context word says about the words around it."""

    NONE = 0
    SECOND_PERSON = 1
    VOCATIVE = 2
    THIRD_PERSON = 4
    PERSON_NOUN = 8
    SELF = 16
    NEGATOR = 32
    REPORTING = 64
    COUNTER = 128
    INTENSIFIER = 256
    POSITIVE = 512
    IDENTITY = 1024
    INTENT = 2048
    CONTRAST = 4096
    COPULA = 8192
    IN_GROUP = 16384
    THING = 32768
    OBJECT = 65536
    DEROGATORY = 131072
    DEMONSTRATIVE = 262144
    FACTIVE = 524288
    NUMBER_BEFORE = 1048576
    NUMBER_AFTER = 2097152
    HARM = 4194304
    FIRST_INTENT = 8388608
    COORDINATOR = 16777216
    MERIT = 33554432
    SUBORDINATOR = 67108864
    LOWLY = 134217728
    COMPARISON = 268435456
    CALAMITY = 536870912
    TRUST = 1073741824
    SELF_AFTER = 2147483648
    PLURAL_COPULA = 4294967296
    RESTRICTIVE = 8589934592
    AMBIGUOUS_COPULA = 17179869184
    PLURAL_MARKER = 34359738368
    SUBJECT_ARTICLE = 68719476736
    SINGULAR = 137438953472
    CLOSING_NEGATOR = 1099511627776
    SPLIT_VERB = 2199023255552
    SPLIT_PARTICLE = 4398046511104
    SPLIT_PLACE = 1125899906842624
    COMMAND_INFINITIVE = 2251799813685248
    COMMAND_SUBJECT = 4503599627370496
    CAPITALISED_PEOPLE = 9007199254740992
    SPLIT_PLACE_PREPOSITION = 18014398509481984
    COMPOUND_HEAD = 36028797018963968
    EXISTENTIAL = 8796093022208


ROLE_OF_KEY: Final = {
    "second_person": Role.SECOND_PERSON,
    "vocatives": Role.VOCATIVE,
    "third_person": Role.THIRD_PERSON,
    "person_nouns": Role.PERSON_NOUN,
    "self_reference": Role.SELF,
    "negators": Role.NEGATOR,
    "reporting": Role.REPORTING,
    "counter_speech": Role.COUNTER,
    "intensifiers": Role.INTENSIFIER,
    "positive": Role.POSITIVE,
    "intent": Role.INTENT,
    "contrast": Role.CONTRAST,
    "copulas": Role.COPULA,
    "in_group": Role.IN_GROUP,
    "things": Role.THING,
    "object_pronouns": Role.OBJECT,
    "derogatory": Role.DEROGATORY,
    "demonstratives": Role.DEMONSTRATIVE,
    "factives": Role.FACTIVE,
    "number_before": Role.NUMBER_BEFORE,
    "number_after": Role.NUMBER_AFTER,
    "harm_verbs": Role.HARM,
    "first_person_intent": Role.FIRST_INTENT,
    "coordinators": Role.COORDINATOR,
    "merits": Role.MERIT,
    "subordinators": Role.SUBORDINATOR,
    "lowly": Role.LOWLY,
    "comparisons": Role.COMPARISON,
    "calamities": Role.CALAMITY,
    "trust_verbs": Role.TRUST,
    "self_after": Role.SELF_AFTER,
    "plural_copulas": Role.PLURAL_COPULA,
    "restrictives": Role.RESTRICTIVE,
    "ambiguous_copulas": Role.AMBIGUOUS_COPULA,
    "plural_markers": Role.PLURAL_MARKER,
    "subject_articles": Role.SUBJECT_ARTICLE,
    "closing_negators": Role.CLOSING_NEGATOR,
    "split_verbs": Role.SPLIT_VERB,
    "split_particles": Role.SPLIT_PARTICLE,
    "split_places": Role.SPLIT_PLACE,
    "command_infinitives": Role.COMMAND_INFINITIVE,
    "command_subjects": Role.COMMAND_SUBJECT,
    "capitalised_people": Role.CAPITALISED_PEOPLE,
    "split_place_prepositions": Role.SPLIT_PLACE_PREPOSITION,
    "compound_heads": Role.COMPOUND_HEAD,
    "existentials": Role.EXISTENTIAL,
}

TARGET_ROLES: Final = int(
    Role.SECOND_PERSON | Role.VOCATIVE | Role.THIRD_PERSON | Role.PERSON_NOUN | Role.IDENTITY
)


@dataclass(frozen=True, slots=True)
class TermRef:
    """The compiled view of one term: what the scorer needs, nothing more."""

    id: int
    term: str
    category: str
    severity: int
    targeted: bool
    ambiguous: bool
    benign_context: frozenset[str]
    """Each ``benign_context`` entry's folded tokens joined by a space: an entry of several
    tokens is a phrase, present only when all its tokens stand together, in order."""
    lang: str
    """The language the term counts in; ``""`` for language-neutral entries (emoji)."""
    where: str
    letters: tuple[str, ...] = ()
    """The spellings (:func:`nudge.facts.letter_spellings`) of its language's distinct
    letters that none of its written forms has: a match whose original text has one is
    another word (Spanish ``moños`` is no ``mono``).  Empty for most terms, and for a
    phrase with a gap (the words in the gap are any words)."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-token entry, found through the index of its first two tokens."""

    tokens: tuple[str, ...]
    term: TermRef | None = None
    roles: int = 0
    """A :class:`Role` bit mask, stored as a plain ``int`` for speed in the scorer's loop."""
    identity: str | None = None
    lang: str = ""
    """The language whose context word this is (``""``: any language)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """Everything one folded token form means to the scorer."""

    terms: tuple[tuple[TermRef, str], ...] = ()
    """(term, step) pairs; step is ``""`` for an exact form or ``"fuzzy"`` for a typo form."""
    roles: int = 0
    """A :class:`Role` bit mask (a plain ``int``): the union over all languages."""
    lang_roles: tuple[tuple[str, int], ...] = ()
    """The roles by language: "son" is a person noun in English, a possessive in French."""
    langs: int = 0
    """Bit mask of the languages (``Lexicon.languages`` order) this word is a function word of."""
    identity: str | None = None
    phrases: Mapping[str, tuple[Phrase, ...]] = field(default_factory=dict)
    """Phrases starting with this token, keyed by their second token (a read-only view of
    the core's table in a lexicon read from the compiled-pack cache: ``nudge._corewords``)."""


@dataclass(slots=True)
class Scan:
    """A comment's tokens, each with its entry and the matcher step that found it.

    ``words`` holds the forms the entries were found under (a stretched ``fuuck`` is
    ``fuck`` here, so phrases see it); hyphenated words are split into their parts
    unless the whole word is an entry.
    """

    words: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[str]
    entries: list[Entry | None]
    steps: list[str]


@dataclass(frozen=True, slots=True)
class Found:
    """A term found in a text by :meth:`Lexicon.find` (no context rules applied)."""

    term: TermRef
    first: int
    """Index of the first token."""
    last: int
    """Index of the token after the last one."""
    step: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled matcher: immutable, picklable, safe to share across threads.

    Its one lazily set part is ``_core``, the compiled core's copy of it, left out of
    equality and pickles.
    """

    languages: tuple[str, ...]
    index: dict[str, Entry]
    stems: dict[str, tuple[TermRef, ...]]
    stem_lengths: tuple[int, ...]
    stem_stop: frozenset[str]
    masked: dict[tuple[int, str], tuple[tuple[str, TermRef], ...]]
    allow: frozenset[str]
    triggers: AbstractSet[str]
    """Every key that can start a term or identity match: the scorer's quick reject."""
    stem_prefixes: frozenset[str]
    terms: tuple[TermRef, ...]
    packs: tuple[str, ...] = ()
    _min_stem: int = field(default=0)
    typos: Mapping[str, str] = field(default_factory=dict)
    """Typo forms (one swapped pair of inner letters, or one inner letter left out) and
    the form each stands for, in a comment of any language."""
    typo_langs: dict[str, tuple[int, tuple[tuple[int, str], ...]]] = field(default_factory=dict)
    """Typo forms whose reading depends on the comment's languages: (the bit mask of the
    languages that refuse it, ((bit mask of languages, form it stands for), ...)).  A
    language refuses a typo form that is one of its words (Spanish ``futre`` is no
    French ``foutre`` in Spanish, and is one in French)."""
    facts: LanguageFacts = field(default_factory=default_facts)
    """The union of the packs' ``tokens.toml``: comments are read by these facts."""
    word_folders: tuple[str, ...] = ()
    """For each language, the folder of a pack loaded by path whose general word lists
    are read ("": the bundled pack's)."""
    capitalised: tuple[str, ...] = ()
    """The languages whose packs say every noun is capitalised (``nouns_capitalised``
    in ``tokens.toml``): the proper-name rule stands down for their terms and comments."""
    pronoun_subjects: tuple[tuple[str, str], ...] = ()
    """(folded word, language) of the packs' ``pronoun_subjects``: in a language that
    capitalises its nouns, such a word before a lower-case word is a pronoun subject
    ("die haben hier nichts zu suchen"), not an article (the core's ``pronouns``)."""
    _core: Any = field(default=None, compare=False, repr=False)
    """The compiled core's copy (``nudge._core.CoreLexicon``), built on first use and
    never pickled: every lookup and scan goes through it."""

    def __reduce__(self) -> tuple[Any, ...]:
        values = [getattr(self, f.name) for f in fields(self) if f.name != "_core"]
        return (Lexicon, tuple(values))

    @property
    def possessives(self) -> tuple[str, ...]:
        """Endings that make a noun possessive, from the packs' facts.

        >>> compile_packs([load_pack("en")]).possessives
        ("'s",)
        """
        return self.facts.possessive_suffixes

    def _core_lexicon(
        self,
        segmenter: bytes | None = None,
        word_tables: bytes | None = None,
        filters: bytes | None = None,
    ) -> Any:
        """The compiled core's copy of this lexicon (built once; a race builds it twice).
        ``segmenter``: the segmenter's tables a compiled-pack cache file kept (``nudge._cache``),
        read instead of building them from the word lists; ``word_tables``: the typo forms
        and triggers it kept, read instead of ``typos`` and ``triggers``; ``filters``: the
        segmenter's piece filters it kept, read instead of derived on the first comment."""
        core = self._core
        if core is None:
            facts = self.facts
            lists, limits = (
                _vocabulary.segmenter_data(self.languages, self.word_folders)
                if segmenter is None
                else (None, _vocabulary.segment_limits())
            )
            core = _core.build_lexicon(
                self,
                list(facts.plural_endings),
                sorted(facts.standalone_letters),
                leet_table(),
                facts._core(),
                lists,
                limits,
                segmenter,
                word_tables,
                list(facts.mask_letters),
                filters,
            )
            object.__setattr__(self, "_core", core)
        return core

    def lookup(self, word: str, stretched: bool = False) -> tuple[Entry | None, str]:
        """The entry for one folded token and the matcher step that found it (``""``: exact).

        >>> lex = compile_packs([load_pack("en")])
        >>> lex.lookup("fuuck", stretched=True)[1]
        'stretched'
        >>> lex.lookup("unrelatedword")
        (None, '')
        """
        (key, stem), step = self._core_lexicon().lookup(word, stretched)
        return self._entry_of(key, stem), step

    def _entry_of(self, key: str | None, stem: list[int] | None) -> Entry | None:
        """The Python entry the core named: an index key, or a stem's term ids."""
        if key is not None:
            return self.index[key]
        if stem is not None:
            return Entry(terms=tuple((self.terms[t], "stem") for t in stem))
        return None

    def scan(self, n: Normalized) -> Scan:
        """Look up every token of a normalised text.

        >>> lex = compile_packs([load_pack("en")])
        >>> s = lex.scan(normalize("fuuuuck off"))
        >>> s.words, s.steps
        (['fuck', 'off'], ['stretched', ''])
        """
        words, starts, ends, kinds, looks, steps = self._core_lexicon().scan(n._core)
        entries = [self._entry_of(key, stem) for key, stem in looks]
        return Scan(words, starts, ends, kinds, entries, steps)

    def find(self, text: str) -> list[Found]:
        """Every term in ``text``, words and phrases, with no context rules.

        >>> lex = compile_packs([load_pack("fr")])
        >>> [(f.term.term, f.step) for f in lex.find("Va te p e n d r e, c0nnard")]
        [('va te pendre', ''), ('pendre', ''), ('connard', '')]
        """
        return self.find_in(normalize(text, facts=self.facts))

    def find_in(self, n: Normalized) -> list[Found]:
        """Every term in a text already normalised (a policy chain normalises each comment
        once for every policy), words and phrases, with no context rules.

        >>> lex = compile_wordlist(["go ... away", "f*ck"], name="mine")
        >>> [(f.term.term, f.step) for f in lex.find_in(normalize("GO right AWAY, f**k"))]
        [('go ... away', ''), ('f*ck', 'masks')]
        """
        found = self._core_lexicon().find(n._core)
        return [Found(self.terms[t], first, last, step) for t, first, last, step in found]

    def canonical(self, word: str) -> str:
        """The index key a stretched or mistyped word stands for (``fuuck`` → ``fuck``).

        >>> compile_packs([load_pack("en")]).canonical("fuuck")
        'fuck'
        """
        canonical: str = self._core_lexicon().canonical(word)
        return canonical


GAP: Final[str] = _core.GAP
"""A gap in a phrase (``make ... suffer``): up to :data:`MAX_GAP` words of any kind (both
defined once, in the compiled core that matches phrases)."""
MAX_GAP: Final[int] = _core.MAX_GAP


def _union(masks: Iterable[int]) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out


def _by_second(phrases: list[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    out: dict[str, list[Phrase]] = {}
    for p in phrases:
        if len(p.tokens) > 1:
            # Phrases with a gap are tried one by one; the others by their second word.
            out.setdefault(GAP if GAP in p.tokens else p.tokens[1], []).append(p)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def fold(text: str, facts: LanguageFacts | None = None) -> list[str]:
    """The tokens a pack entry becomes: the same normaliser as comments, with the
    language facts of the packs being compiled (by default the default packs').

    >>> fold("Nique ta mère"), fold("t'es"), fold("🖕🏿")
    (['nique', 'ta', 'mere'], ["t'", 'es'], [':middle_finger:'])
    >>> fold("t'es", LanguageFacts())
    ["t'es"]
    """
    return list(_fold(text, facts))


@lru_cache(maxsize=65536)
def _fold(text: str, facts: LanguageFacts | None) -> tuple[str, ...]:
    # Packs repeat words (in variants, phrases, context lists): fold each once.  Most
    # entries are plain lower-case words: for those the normaliser's fast path would
    # return the text unchanged and its tokens are the words, so split them directly.
    if re.fullmatch(_PLAIN, text) and not _needs_normalizer(text, facts):
        return tuple(text.split(" "))
    return tuple(normalize(text, facts=facts).words())


_PLAIN = r"[a-z]+(?:-[a-z]+)*(?: [a-z]+(?:-[a-z]+)*)*"
"""Compiled on first use (``re`` keeps it): compiling packs needs it, importing does not."""


def _needs_normalizer(text: str, facts: LanguageFacts | None = None) -> bool:
    """Stretched letters or single-letter runs: the normaliser would change them."""
    if facts is None:
        return _ascii_needs_work(text, text)
    return normalize(text, facts=facts).steps not in ((), ("casefold",))


def clitic_rewrite(entry: str, facts: LanguageFacts | None = None) -> tuple[str, str]:
    """A ``clitics`` entry as folded (the verb's ending, the same with the pronoun glued).

    >>> clitic_rewrite("ar á-los")
    ('ar', 'a-los')
    """
    ending, glued = entry.split()
    return "".join(fold(ending, facts)), "".join(fold(glued, facts))


def glued_forms(verb: str, rewrites: Sequence[tuple[str, str]]) -> list[str]:
    """The folded ``verb`` with each pronoun the rewrites (from :func:`clitic_rewrite`)
    glue to its ending; none for a word shorter than an ending and three letters.

    >>> glued_forms("echar", [("r", "rlos"), ("r", "dlos"), ("re", "rli")])
    ['echarlos', 'echadlos']
    """
    return [
        verb[: -len(ending)] + glued
        for ending, glued in rewrites
        if verb.endswith(ending) and len(verb) > len(ending) + 2
    ]


def clitic_pronoun(entry: str, facts: LanguageFacts | None = None) -> str:
    """The glued pronoun of a ``clitics`` entry: what follows the part the two endings
    share (``rli`` after ``re``: ``li``; ``á-los`` after ``ar``: ``-los``).

    >>> clitic_pronoun("r rlos"), clitic_pronoun("re rli"), clitic_pronoun("ar á-los")
    ('los', 'li', '-los')
    """
    ending, glued = clitic_rewrite(entry, facts)
    shared = next(
        (k for k, (a, b) in enumerate(zip(ending, glued, strict=False)) if a != b),
        min(len(ending), len(glued)),
    )
    return glued[shared:]


def _fold_entry(
    text: str, where: Where, field_name: str, facts: LanguageFacts | None = None
) -> list[str]:
    if GAP in text:
        parts = [fold(part, facts) for part in text.split(GAP)]
        if any(not part for part in parts):
            raise where.error(f"{text!r}: a gap (...) must stand between words", field_name)
        tokens: list[str] = []
        for part in parts:
            if tokens:
                tokens.append(GAP)
            tokens.extend(part)
        return tokens
    tokens = fold(text, facts)
    if not tokens:
        raise where.error(f"{text!r} normalises to nothing", field_name)
    return tokens


def _deletions(word: str) -> list[str]:
    """One inner letter left out (a doubled letter once).  The first and the last stay:
    a word less its last letter is too often a word of another language (``putes``,
    ``pute``; ``raton``, Spanish ``rato``; ``tocard``, ``tocar``) or a name (``Melo``).

    >>> _deletions("femme")
    ['fmme', 'feme']
    """
    out = []
    for i in range(1, len(word) - 1):
        typo = word[:i] + word[i + 1 :]
        if word[i].isalpha() and typo not in out:
            out.append(typo)
    return out


def _swaps(word: str) -> list[str]:
    """One pair of adjacent inner letters swapped; the first letter stays."""
    out = []
    for i in range(1, len(word) - 1):
        a, b = word[i], word[i + 1]
        if a != b and a.isalpha() and b.isalpha():
            out.append(word[:i] + b + a + word[i + 2 :])
    return out


def _letters_not_written(term: Term, distinct: tuple[str, ...]) -> tuple[str, ...]:
    """The spellings of the ``distinct`` letters that no written form of ``term`` has
    (:attr:`TermRef.letters`)."""
    forms = [unicodedata.normalize("NFC", form).casefold() for form in term.forms()]
    if not distinct or any(GAP in form for form in forms):
        return ()
    return _spellings(tuple(letter for letter in distinct if not any(letter in f for f in forms)))


@lru_cache(maxsize=64)
def _spellings(letters: tuple[str, ...]) -> tuple[str, ...]:
    """Every spelling of ``letters``, one tuple shared by the terms that lack the same."""
    return tuple(spelling for letter in letters for spelling in letter_spellings(letter))


class _Builder:
    def __init__(self, languages: tuple[str, ...], facts: LanguageFacts | None = None) -> None:
        self.languages = languages
        self.word_folders: tuple[str, ...] = ()
        self.capitalised: tuple[str, ...] = ()
        self.pronoun_subjects: list[tuple[str, str]] = []
        self.facts = default_facts() if facts is None else facts
        """The packs' facts (a word list, with no pack, reads by the default packs')."""
        self.terms: dict[str, list[tuple[TermRef, str]]] = {}
        self.roles: dict[str, dict[str, int]] = {}
        self.langs: dict[str, int] = {}
        self.identity: dict[str, str] = {}
        self.identity_langs: dict[str, set[str]] = {}
        """The languages whose packs list an identity word: the scorer reads it as one in
        those languages only when the guess is strong (English ``man`` is no group in
        German "Man kann nur hoffen")."""
        self.phrases: dict[str, list[Phrase]] = {}
        self.stems: dict[str, list[TermRef]] = {}
        self.stem_exceptions: set[str] = set()
        self.allow: set[str] = set()
        self.refs: list[TermRef] = []
        self.fuzzy_candidates: list[tuple[str, str, int]] = []
        """(typo form, the form it stands for, language bit): one swapped pair."""
        self.typo_sources: set[tuple[str, int]] = set()
        self.deletion_candidates: list[tuple[str, str, int]] = []
        """(typo form, the form it stands for, language bit): one letter left out."""
        self.deletion_sources: set[tuple[str, int]] = set()
        self._lists: dict[str, frozenset[str]] | None = None
        self.own: dict[int, set[str]] = {}
        """Per language bit, the words of its pack that are no index key (allowed words,
        stem exceptions; the words of its phrases are added when building): a typo form
        that is one of them is that word in that language."""

    def add_term(self, term: Term, pack: Pack) -> None:
        facts = self.facts
        neutral = all(
            t.startswith(":") and t.endswith(":") for t in fold(term.term, facts) or ["x"]
        )
        ref = TermRef(
            id=len(self.refs),
            term=term.term,
            category=term.category.value,
            severity=term.severity,
            targeted=term.targeted,
            ambiguous=term.ambiguous,
            benign_context=frozenset(
                joined for b in term.benign_context if (joined := " ".join(fold(b, facts)))
            ),
            lang="" if neutral else pack.language,
            where=str(term.where),
            letters=() if neutral else _letters_not_written(term, pack.tokens.distinct_letters),
        )
        self.refs.append(ref)
        bit = self._bit(pack.language)
        if term.match is MatchKind.SYMBOL:
            return  # found by the core's recognizer of that name, not through the index
        if term.match is MatchKind.GLUED:
            self._add_clitic_forms(term, pack, ref)
            return  # found only with a pronoun glued, never bare
        for form in term.forms():
            field_name = "variants" if form != term.term else "term"
            tokens = _fold_entry(form, term.where, field_name, facts)
            if term.match is MatchKind.STEM:
                self.stems.setdefault(tokens[0], []).append(ref)
            elif len(tokens) > 1:
                self.phrases.setdefault(tokens[0], []).append(Phrase(tuple(tokens), term=ref))
                if term.fuzzy is not False:
                    for token in tokens:
                        if token != GAP:
                            self.add_typos(token, bit, force=term.fuzzy is True)
            else:
                self.terms.setdefault(tokens[0], []).append((ref, ""))
                parts = [part for part in tokens[0].split("-") if part]
                if len(parts) > 1:  # "casse-toi" also matches "casse toi"
                    self.phrases.setdefault(parts[0], []).append(Phrase(tuple(parts), term=ref))
                if term.fuzzy is not False:
                    self.add_typos(tokens[0], bit, force=term.fuzzy is True)
        if term.category in GLUED_CATEGORIES and term.match is MatchKind.WORD:
            self._add_clitic_forms(term, pack, ref)
        for exc in term.exceptions:
            forms = _fold_entry(exc, term.where, "exceptions", facts)
            self.stem_exceptions.update(forms)
            self.own.setdefault(bit, set()).update(forms)

    def _add_clitic_forms(self, term: Term, pack: Pack, ref: TermRef) -> None:
        """Index a violent or hostile verb's infinitive with the object pronouns its
        language glues to it (the pack's ``clitics``: Spanish ``matar`` -> ``matarlos``,
        Italian ``uccidere`` -> ``ucciderli``, Portuguese ``matar`` -> ``matá-los``), as
        forms of the same term: still counted only when aimed (rule ``clitic_object``)."""
        rewrites = [clitic_rewrite(c, self.facts) for c in pack.context.get("clitics", ())]
        for form in term.forms():
            tokens = fold(form, self.facts)
            # A phrase only for a glued verb ("mandar embora": the pronoun on its first word).
            if not tokens or (len(tokens) > 1 and term.match is not MatchKind.GLUED):
                continue
            first, rest = tokens[0], tuple(tokens[1:])
            for word in glued_forms(first, rewrites):
                if rest:
                    self.phrases.setdefault(word, []).append(Phrase((word, *rest), term=ref))
                    continue
                if any(r is ref for r, _ in self.terms.get(word, ())):
                    continue
                self.terms.setdefault(word, []).append((ref, ""))
                parts = [part for part in word.split("-") if part]
                if len(parts) > 1:  # "matá-los" also matches "matá los"
                    self.phrases.setdefault(parts[0], []).append(Phrase(tuple(parts), term=ref))

    def _bit(self, language: str) -> int:
        """The bit of a language of the lexicon (``0``: none, a plain word list)."""
        return 1 << self.languages.index(language) if language in self.languages else 0

    def add_typos(self, form: str, bit: int, *, force: bool = False) -> None:
        """Index ``form`` (a word of the language of ``bit``) with one swapped pair of
        adjacent inner letters, and with one inner letter left out.

        Swaps: words of five or more letters by default; shorter ones only when the entry
        asks (``fuzzy = true``), since a swap in a short word often makes another real
        word.  Deletions: words of five or more letters, and four-letter words that only
        phrases use (``mrt`` in ``mrt atroce``: its phrase must confirm it; a three-letter
        token read alone is too often an abbreviation or chat: ``pls``, ``dnt``).
        """
        if not form.isalpha():
            return
        if (force or len(form) >= 5) and (form, bit) not in self.typo_sources:
            self.typo_sources.add((form, bit))
            self.fuzzy_candidates.extend((typo, form, bit) for typo in _swaps(form))
        if len(form) >= 4 and (form, bit) not in self.deletion_sources:
            self.deletion_sources.add((form, bit))
            self.deletion_candidates.extend((typo, form, bit) for typo in _deletions(form))

    def _typos(
        self, taken: set[str]
    ) -> tuple[dict[str, str], dict[str, tuple[int, tuple[tuple[int, str], ...]]]]:
        """The typo forms and the form each stands for in a comment of any language,
        and those whose reading depends on the comment's languages (see the module's
        docstring and :attr:`Lexicon.typo_langs`).

        Each language reads the typos of its own words by itself (two words of one
        language a typo could stand for: neither), and each language refuses a typo
        form that is one of its general words, or that would stand for a short word its
        pack reads alone.  A comment of all the languages gets only what all of them
        agree on: the old rule of one table for every loaded pack.
        """
        bits = sorted({bit for *_, bit in self.fuzzy_candidates + self.deletion_candidates})
        readings: dict[str, dict[str, int]] = {}
        """typo -> {form: bit mask of the languages reading it so}"""
        refused: dict[str, int] = {}
        for bit in bits:
            seen, clashes = self._typos_of(taken, bit)
            for typo, form in seen.items():
                if typo in clashes:
                    refused[typo] = refused.get(typo, 0) | bit
                else:
                    forms = readings.setdefault(typo, {})
                    forms[form] = forms.get(form, 0) | bit
        every = self._bit_mask()
        if readings:
            for typo, forms in readings.items():
                refused[typo] = refused.get(typo, 0) | self._refusers(typo, forms)
        typos: dict[str, str] = {}
        langs: dict[str, tuple[int, tuple[tuple[int, str], ...]]] = {}
        for typo, forms in readings.items():
            no = refused.get(typo, 0)
            if not no & every and len(forms) == 1:
                typos[typo] = next(iter(forms))
            elif no & every != every:  # some language may read it
                langs[typo] = (no, tuple(sorted((m, f) for f, m in forms.items())))
        return typos, langs

    def _bit_mask(self) -> int:
        """The bit mask of every language of the lexicon."""
        return (1 << max(len(self.languages), 1)) - 1

    def _typos_of(self, taken: set[str], bit: int) -> tuple[dict[str, str], set[str]]:
        """The typo forms of the words of one language (``bit``): each with the form it
        stands for, and those that stand for two words of that language (clashes)."""
        seen: dict[str, str] = {}
        clashes: set[str] = set()
        own = self._own_words(bit)
        for typo, form, b in self.fuzzy_candidates:
            if b != bit or typo in taken or typo in own:
                continue  # a typo form that is a word of its own is that word
            if seen.setdefault(typo, form) != form:
                clashes.add(typo)  # one typo, two words it could stand for: neither
        swapped = set(seen)
        meaning: dict[str, tuple[object, ...]] = {}
        for typo, form, b in self.deletion_candidates:
            if b != bit or typo in taken or typo in own or typo in swapped:
                continue  # a word, or already the typo of another word
            if len(form) < 5 and self._standalone_in(form) & bit:
                continue  # a short word read alone: no phrase to confirm the typo
            known = seen.setdefault(typo, form)
            if known == form:
                continue
            # "womn" leaves a letter out of "woman" and of "women": both say the same
            # (an identity word of one group), so either reads it; otherwise neither.
            if self._meaning(known, bit, meaning) != self._meaning(form, bit, meaning):
                clashes.add(typo)
            elif form < known:
                seen[typo] = form
        return seen, clashes

    def _lang_roles(self, key: str) -> dict[str, int]:
        """The roles of ``key`` by language, with the identity role in the languages
        that list it as an identity word (kept apart from ``roles`` until here so that
        the typo forms are worked out as before)."""
        out = dict(self.roles.get(key, {}))
        for lang in self.identity_langs.get(key, ()):
            out[lang] = out.get(lang, 0) | int(Role.IDENTITY)
        return out

    def _own_words(self, bit: int) -> set[str]:
        """The words of the language of ``bit`` that are no index key (see ``own``)."""
        return set().union(*(words for b, words in self.own.items() if b & bit))

    def _refusers(self, typo: str, forms: dict[str, int]) -> int:
        """The languages that refuse a typo form: those that read one of the words it
        stands for alone when it is short (a deletion from a four-letter word needs a
        phrase to confirm it: ``odo`` is Spanish ``odio`` in ``siento ... odio por``,
        and no Italian ``odio``, a term), and those whose general list has the typo form
        as a word (unless only a phrase word yields it by a swap, which its neighbours
        confirm)."""
        out = _union(bit for bit, words in self.own.items() if typo in words)
        for form in forms:
            deletion = len(typo) < len(form)
            if deletion and len(form) < 5:
                out |= self._standalone_in(form)
            if deletion or form in self.terms or form in self.identity:
                out |= self._general_in(typo)
        return out

    def _standalone_in(self, form: str) -> int:
        """The languages in which ``form`` counts by itself: a term of theirs, a context
        role or a function word of theirs, or an identity word (of every language)."""
        every = self._bit_mask()
        if form in self.identity:
            return every
        out = self.langs.get(form, 0)
        out |= _union(self._bit(lang) for lang in self.roles.get(form, {}))
        for ref, _ in self.terms.get(form, ()):
            out |= self._bit(ref.lang) if ref.lang else every
        return out

    def _meaning(
        self, form: str, bit: int, cache: dict[str, tuple[object, ...]]
    ) -> tuple[object, ...]:
        """What ``form`` means in the language of ``bit``: its terms, roles, function
        word bit, identity group and phrases there (Portuguese ``tarados`` is no other
        meaning of Spanish ``tarados``)."""
        if form not in cache:
            ours = self._ours(bit)
            cache[form] = (
                tuple(ref.id for ref, _ in self.terms.get(form, ()) if ours(ref.lang)),
                tuple(sorted((k, v) for k, v in self.roles.get(form, {}).items() if ours(k))),
                self.langs.get(form, 0) & bit,
                self.identity.get(form),
                tuple(p.tokens for p in self.phrases.get(form, ()) if ours(self._phrase_lang(p))),
            )
        return cache[form]

    def _ours(self, bit: int) -> Any:
        """Whether an entry of language ``code`` (``""``: of every language) is of the
        language of ``bit``."""
        return lambda code: not code or bool(self._bit(code) & bit)

    @staticmethod
    def _phrase_lang(p: Phrase) -> str:
        """The language of a phrase: its own, or its term's (``""``: every language)."""
        return p.lang or (p.term.lang if p.term is not None else "")

    def _general_in(self, typo: str) -> int:
        """The languages whose general lists have ``typo`` as a word: a typo form that
        is one of them is that word in that language (read only while compiling)."""
        lists = self._general_words()
        return _union(self._bit(code) for code, words in lists.items() if typo in words)

    def _general_words(self) -> dict[str, frozenset[str]]:
        """Each language's general word lists, read once while compiling."""
        if self._lists is None:
            where = dict(zip(self.languages, self.word_folders, strict=False))
            self._lists = {
                code: frozenset(
                    word
                    for file in (_vocabulary.WORDS_FILE, _vocabulary.RARE_FILE)
                    for word in _vocabulary.word_text(code, file, where.get(code, "")).split("\n")
                )
                for code in self.languages
            }
        return self._lists

    def build(self, packs: tuple[str, ...]) -> Lexicon:
        # An index key is that word in every language (the lookup finds it first).
        taken = set(self.terms) | set(self.roles) | set(self.langs) | set(self.identity)
        taken |= set(self.phrases)
        # Every word of a phrase is a word of its pack: "mueras" of "ojalá te mueras"
        # is no typo of "muertas" of "mejor muertas".
        every = self._bit_mask()
        for phrases in self.phrases.values():
            for p in phrases:
                bit = self._bit(self._phrase_lang(p)) or every
                self.own.setdefault(bit, set()).update(p.tokens)
        typos, typo_langs = self._typos(taken)
        keys = set(self.terms) | set(self.roles) | set(self.langs) | set(self.identity)
        keys |= set(self.phrases)
        index = {
            key: Entry(
                terms=tuple(dict.fromkeys(self.terms.get(key, ()))),
                roles=_union(self._lang_roles(key).values()),
                lang_roles=tuple(sorted(self._lang_roles(key).items())),
                langs=self.langs.get(key, 0),
                identity=self.identity.get(key),
                phrases=_by_second(self.phrases.get(key, [])),
            )
            for key in keys
        }
        triggers = (
            frozenset(
                k
                for k, e in index.items()
                if e.terms
                or e.identity
                or e.roles & Role.HARM  # a harm verb can start a threat read from its structure
                or any(
                    p.term is not None or p.identity or p.roles & Role.HARM
                    for ps in e.phrases.values()
                    for p in ps
                )
            )
            | frozenset(typos)
            | frozenset(typo_langs)
        )
        stem_lengths = tuple(sorted({len(s) for s in self.stems}))
        min_stem = stem_lengths[0] if stem_lengths else 0
        masked: dict[tuple[int, str], list[tuple[str, TermRef]]] = {}
        for key, pairs in self.terms.items():
            for ref, step in pairs:
                if step == "" and len(key) >= 3 and not key.startswith(":"):
                    masked.setdefault((len(key), key[0]), []).append((key, ref))
        return Lexicon(
            languages=self.languages,
            index=index,
            stems={k: tuple(v) for k, v in self.stems.items()},
            stem_lengths=stem_lengths,
            stem_stop=frozenset(self.stem_exceptions | self.allow),
            masked={k: tuple(v) for k, v in masked.items()},
            allow=frozenset(self.allow),
            triggers=triggers,
            stem_prefixes=frozenset(s[:min_stem] for s in self.stems),
            terms=tuple(self.refs),
            packs=packs,
            _min_stem=min_stem,
            typos=typos,
            typo_langs=typo_langs,
            facts=self.facts,
            word_folders=self.word_folders,
            capitalised=self.capitalised,
            pronoun_subjects=tuple(self.pronoun_subjects),
        )


def compile_packs(packs: Iterable[Pack]) -> Lexicon:
    """Compile loaded packs into one :class:`Lexicon`.

    >>> lex = compile_packs([load_pack("fr")])
    >>> lex.languages
    ('fr',)
    """
    # Compiling makes tens of thousands of small objects and no reference cycles: the
    # cyclic garbage collector would only rescan them, so it waits until the end.
    with _gcpause.paused():
        return _compile(list(packs))


def _word_folder(language: str, packs: list[Pack]) -> str:
    """The folder whose general word lists a language reads: that of a pack of the
    language loaded by path, or its base's beside it (``lexicons/pt-BR`` reads
    ``lexicons/pt``), when it has them; "" for the bundled pack's."""
    bundled = Path(str(bundled_packs_root())).resolve()
    for pack in packs:
        if pack.language != language or not pack.path:
            continue
        where = Path(pack.path).resolve()
        if where.is_relative_to(bundled):
            continue  # a bundled pack: its lists are the bundle's
        for folder in (where, where.parent / language):
            if (folder / _vocabulary.WORDS_FILE).is_file():
                return str(folder)
    return ""


def _compile(pack_list: list[Pack]) -> Lexicon:
    languages = tuple(dict.fromkeys(p.language for p in pack_list))
    b = _Builder(languages, LanguageFacts().union(*(p.tokens for p in pack_list)))
    folders = tuple(_word_folder(lang, pack_list) for lang in languages)
    b.word_folders = folders if any(folders) else ()
    b.capitalised = tuple(
        dict.fromkeys(p.language for p in pack_list if p.tokens.nouns_capitalised)
    )
    fold_facts = b.facts
    for pack in pack_list:
        bit = 1 << languages.index(pack.language)
        for term in pack.terms:
            b.add_term(term, pack)
        for allow in pack.allow:
            allowed = _fold_entry(allow.word, allow.where, "word", fold_facts)
            b.allow.update(allowed)
            b.own.setdefault(bit, set()).update(allowed)
        for ident in pack.identity:
            for form in ident.forms():
                tokens = _fold_entry(form, ident.where, "term", fold_facts)
                if len(tokens) == 1:
                    b.identity[tokens[0]] = ident.group
                    b.identity_langs.setdefault(tokens[0], set()).add(pack.language)
                    b.add_typos(tokens[0], bit)  # "womn", "Muslm": still the group
                else:
                    b.phrases.setdefault(tokens[0], []).append(
                        Phrase(
                            tuple(tokens),
                            identity=ident.group,
                            roles=int(Role.IDENTITY),
                            lang=pack.language,
                        )
                    )
        where = Where(f"{pack.path}/context.toml", None)
        for key, words in pack.context.items():
            for word in words:
                tokens = _fold_entry(word, where, key, fold_facts)
                if key == "function_words":
                    if len(tokens) == 1:
                        b.langs[tokens[0]] = b.langs.get(tokens[0], 0) | bit
                    continue
                if key == "pronoun_subjects":
                    if len(tokens) == 1:
                        b.pronoun_subjects.append((tokens[0], pack.language))
                    continue
                if key == "number_endings":
                    continue  # read below, once the pack's terms are all in
                if key in NOT_ROLES:
                    continue
                role = int(ROLE_OF_KEY[key])
                if len(tokens) == 1:
                    by_lang = b.roles.setdefault(tokens[0], {})
                    by_lang[pack.language] = by_lang.get(pack.language, 0) | role
                else:
                    b.phrases.setdefault(tokens[0], []).append(
                        Phrase(tuple(tokens), roles=role, lang=pack.language)
                    )
        _mark_singulars(b, pack.language, pack.context.get("number_endings", ()))
    return b.build(tuple(p.code for p in pack_list))


def _mark_singulars(b: _Builder, lang: str, rules: Iterable[str]) -> None:
    """Give :attr:`Role.SINGULAR` to the pack's one-word term forms that end in a plural
    ending yet are singular by the pack's own forms (``number_endings``: "e i a"): Italian
    ``deficiente`` is singular as the pack also has ``deficienti``, ``puttane`` stays
    plural as it has ``puttana``.

    >>> b = _Builder(("it",))
    >>> ref = TermRef(0, "x", "insult", 2, False, False, frozenset(), "it", "")
    >>> for w in ("deficiente", "deficienti", "puttane", "puttana", "puttani"):
    ...     b.terms[w] = [(ref, "")]
    >>> _mark_singulars(b, "it", ["e i a"])
    >>> sorted(b.roles)
    ['deficiente']
    """
    forms = {w for w, refs in b.terms.items() if any(r.lang == lang and not s for r, s in refs)}
    for rule in rules:
        # "e i a": a form in -e is singular when its -i form is the pack's (the plural
        # of a singular in -e) and its -a form is not (then -e is the plural of -a).
        ending, if_plural, unless_singular = rule.split()
        for w in forms:
            if not w.endswith(ending):
                continue
            stem = w[: len(w) - len(ending)]
            if stem + if_plural in forms and stem + unless_singular not in forms:
                by_lang = b.roles.setdefault(w, {})
                by_lang[lang] = by_lang.get(lang, 0) | int(Role.SINGULAR)


def compile_wordlist(words: Iterable[str], *, name: str, lang: str = "") -> Lexicon:
    """Compile a plain word list (one term per entry) with no context data.

    Each term becomes an insult of severity 2; blank entries must be removed by the
    caller; an entry that normalises to nothing raises :class:`LexiconError`.

    >>> lex = compile_wordlist(["bad word", "ugh"], name="mine")
    >>> lex.lookup("ugh")[0].terms[0][0].term
    'ugh'
    """
    b = _Builder((lang,) if lang else ())
    for i, word in enumerate(words):
        where = Where(name, i + 1)
        if not word.strip():
            raise LexiconError("empty term", path=name, line=i + 1, field="term")
        term = Term(word, Category.INSULT, 2, MatchKind.WORD, fuzzy=False, lang=lang, where=where)
        tokens = _fold_entry(word, where, "term", b.facts)
        ref = TermRef(
            len(b.refs), word, term.category.value, 2, False, False, frozenset(), "", str(where)
        )
        b.refs.append(ref)
        if len(tokens) > 1:
            b.phrases.setdefault(tokens[0], []).append(Phrase(tuple(tokens), term=ref))
        else:
            b.terms.setdefault(tokens[0], []).append((ref, ""))
    return b.build((name,))
