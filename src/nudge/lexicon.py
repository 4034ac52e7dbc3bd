"""Language packs: read the TOML files of ``lexicons/<code>/`` into checked, frozen values.

A pack is data only (see ``docs/lexicon-format.md``).  This module reads one pack
folder, checks every field, and raises :class:`~nudge.errors.LexiconError` naming the
file, line and field of the first thing that is wrong.  Compiling packs into a matcher
is the job of :mod:`nudge.matcher`; checking a pack in depth (duplicates, shadowing,
examples) is the job of :mod:`nudge.validate`.

>>> pack = load_pack("en")
>>> pack.code, pack.language
('en', 'en')
>>> any(t.category is Category.THREAT for t in pack.terms)
True

Packs are found, in this order: a folder path; a third-party pack registered in the
entry-point group ``nudge.packs`` (the entry point names a folder, or a module whose
folder holds the pack files); a pack bundled with nudge.  Nothing is read at import time;
bundled packs are read once and cached.
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, cast

from nudge._toml_lines import TomlLines
from nudge.errors import LexiconError, PackNotFoundError, PackProblemsError
from nudge.facts import LanguageFacts, read_facts

_PLAIN_CODE: Final = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z"
"""A pack code or locale (``en``, ``fr-CA``, ``zh-Hant-TW``): nothing that can name a path.

Patterns are strings, compiled on first use by ``re`` (and kept in its cache): nothing is
compiled when nudge is imported."""

_loading = threading.local()
"""The pack folders being loaded in this thread, to catch a ``base`` that loops."""

__all__ = [
    "CONTEXT_KEYS",
    "PACK_FILES",
    "AllowEntry",
    "Category",
    "Example",
    "IdentityEntry",
    "MatchKind",
    "Pack",
    "Source",
    "Term",
    "available_packs",
    "bundled_packs_root",
    "load_pack",
]


class Category(StrEnum):
    """The closed set of categories a term can have."""

    INSULT = "insult"
    PROFANITY = "profanity"
    SEXUAL = "sexual"
    SLUR = "slur"
    IDENTITY_ATTACK = "identity_attack"
    THREAT = "threat"
    SELF_HARM = "self_harm"
    HARASSMENT = "harassment"
    BODY_SHAMING = "body_shaming"


class MatchKind(StrEnum):
    """How a term matches tokens."""

    WORD = "word"
    STEM = "stem"
    PHRASE = "phrase"
    SYMBOL = "symbol"
    """Found by a named recognizer of the compiled core, not by its tokens (the term is
    the recognizer's name, e.g. ``((( )))`` for the echo around a name)."""
    GLUED = "glued"
    """A verb found only with an object pronoun of the pack's ``clitics`` glued to it
    (``echar`` as ``echarlos``, ``echadlos``; ``mandar embora`` as ``mandem-nos embora``),
    never bare: the pronoun is its object, read by the rule ``clitic_object``."""


SYMBOL_RECOGNIZERS: Final = frozenset({"((( )))"})
"""The names of the core's symbol recognizers (``rust/core/src/score/symbols.rs``)."""

GLUED_CATEGORIES: Final = frozenset({Category.THREAT, Category.HARASSMENT})
"""The categories of the verbs that take the glued object pronouns of the packs'
``clitics``: a one-word term of these is also indexed with them glued, and a
``match = "glued"`` term must be one of them (the core's ``clitics::aims``)."""

PACK_FILES: Final = (
    "pack.toml",
    "terms.toml",
    "allow.toml",
    "identity.toml",
    "context.toml",
    "examples.toml",
    "messages.toml",
    "tokens.toml",
)
"""The file names every pack uses (all optional but ``pack.toml``)."""

CONTEXT_KEYS: Final = (
    "second_person",
    "vocatives",
    "third_person",
    "person_nouns",
    "self_reference",
    "negators",
    "reporting",
    "counter_speech",
    "intensifiers",
    "positive",
    "intent",
    "contrast",
    "copulas",
    "in_group",
    "things",
    "object_pronouns",
    "derogatory",
    "demonstratives",
    "factives",
    "number_before",
    "number_after",
    "harm_verbs",
    "first_person_intent",
    "coordinators",
    "merits",
    "subordinators",
    "lowly",
    "comparisons",
    "calamities",
    "trust_verbs",
    "self_after",
    "pronoun_subjects",
    "plural_copulas",
    "restrictives",
    "ambiguous_copulas",
    "plural_markers",
    "subject_articles",
    "number_endings",
    "closing_negators",
    "split_verbs",
    "split_particles",
    "split_places",
    "command_infinitives",
    "command_subjects",
    "capitalised_people",
    "split_place_prepositions",
    "compound_heads",
    "existentials",
    "clitics",
    "clitic_doubles",
    "function_words",
)
"""The word lists ``context.toml`` may hold."""

NOT_ROLES: Final = frozenset({"function_words", "clitics", "clitic_doubles", "number_endings"})
"""The context lists that give their words no role: the language guess's words, and the
object pronouns glued to a verb (read when compiling the terms and by the scorer)."""

ONE_WORD_KEYS: Final = frozenset(
    {
        "plural_copulas",
        "ambiguous_copulas",
        "plural_markers",
        "subject_articles",
        "pronoun_subjects",
        "closing_negators",
        "split_verbs",
        "split_particles",
        "split_places",
        "command_infinitives",
        "command_subjects",
        "capitalised_people",
        "split_place_prepositions",
        "compound_heads",
    }
)
"""The context lists whose entries must be single words: the rule reading them looks at
one token (a plural copula opening its sentence, a pronoun before a lower-case word),
which a phrase never is (an entry of several words would otherwise be dropped)."""

IDENTITY_GROUPS: Final = frozenset(
    {"religion", "ethnicity", "nationality", "gender", "sexuality", "disability", "age", "other"}
)
EXAMPLE_SEVERITIES: Final = ("none", "low", "medium", "high")


@dataclass(frozen=True, slots=True)
class Where:
    """The file and line an entry came from."""

    path: str
    line: int | None

    def error(self, message: str, field: str | None = None) -> LexiconError:
        """An error pointing here.

        >>> str(Where("terms.toml", 4).error("empty", "term"))
        'terms.toml:4: term: empty'
        """
        return LexiconError(message, path=self.path, line=self.line, field=field)

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Term:
    """One ``[[term]]`` entry of ``terms.toml``.

    >>> t = next(t for t in load_pack("fr").terms if t.term == "connard")
    >>> t.category, t.severity >= 2
    (<Category.INSULT: 'insult'>, True)
    """

    term: str
    category: Category
    severity: int
    match: MatchKind
    variants: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    targeted: bool = False
    ambiguous: bool = False
    benign_context: tuple[str, ...] = ()
    fuzzy: bool | None = None
    note: str = ""
    lang: str = ""
    where: Where = field(default=Where("<memory>", None), compare=False)

    def forms(self) -> tuple[str, ...]:
        """The term and its variants, as written.

        >>> Term("idiot", Category.INSULT, 1, MatchKind.WORD, ("idiots",)).forms()
        ('idiot', 'idiots')
        """
        return (self.term, *self.variants)


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One ``[[allow]]`` entry: a benign word that must never match."""

    word: str
    protects: str = ""
    note: str = ""
    where: Where = field(default=Where("<memory>", None), compare=False)


@dataclass(frozen=True, slots=True)
class IdentityEntry:
    """One ``[[identity]]`` entry: a word naming a group of people."""

    term: str
    group: str
    variants: tuple[str, ...] = ()
    note: str = ""
    lang: str = ""
    where: Where = field(default=Where("<memory>", None), compare=False)

    def forms(self) -> tuple[str, ...]:
        """The term and its variants, as written.

        >>> IdentityEntry("muslim", "religion", ("muslims",)).forms()
        ('muslim', 'muslims')
        """
        return (self.term, *self.variants)


@dataclass(frozen=True, slots=True)
class Example:
    """One ``[[example]]``: a sentence the pack must flag, or must leave alone."""

    text: str
    flag: bool
    reason: str
    severity: str | None = None
    xfail: str | None = None
    where: Where = field(default=Where("<memory>", None), compare=False)


@dataclass(frozen=True, slots=True)
class Source:
    """A public list or reference the maintainers consulted."""

    name: str
    url: str = ""
    licence: str = ""
    used_for: str = ""


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded (not yet compiled) language pack; a region variant already merged on its base.

    ``language`` is the base language (``fr`` for ``fr-CA``): terms carry it, and the
    scorer's language guess speaks in it.
    """

    code: str
    name: str
    version: str
    licence: str
    maintainers: tuple[str, ...]
    language: str
    path: str
    sources: tuple[Source, ...] = ()
    base: str | None = None
    terms: tuple[Term, ...] = ()
    allow: tuple[AllowEntry, ...] = ()
    identity: tuple[IdentityEntry, ...] = ()
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    removed: tuple[str, ...] = ()
    tokens: LanguageFacts = field(default_factory=LanguageFacts)
    """Tokenisation facts (``tokens.toml``), a variant's merged onto its base's."""

    def __hash__(self) -> int:
        return hash((self.code, self.version, self.path))


# --------------------------------------------------------------------- reading TOML

_TOML_LINE: Final = r"at line (\d+)"


class _File:
    """One TOML file of a pack with the line of every table-array entry."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(_TOML_LINE, str(exc))
            raise LexiconError(
                f"not valid TOML: {exc}", path=path, line=int(m.group(1)) if m else None
            ) from None
        self.lines = TomlLines(text)

    def entries(self, key: str) -> list[tuple[dict[str, Any], Where]]:
        """The ``[[key]]`` tables, each with the line where it starts."""
        raw = self.data.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            raise LexiconError(f"must be [[{key}]] tables", path=self.path, field=key)
        starts: list[int | None] = list(self.lines.entries(key))
        if len(starts) < len(raw):
            # inline tables (term = [{ ... }]) have no header: point at the array's line
            starts += [self.lines.key(key)] * (len(raw) - len(starts))
        return [(entry, Where(self.path, line)) for entry, line in zip(raw, starts, strict=True)]

    def field_where(self, where: Where, name: str) -> Where:
        """The line of ``name = ...`` inside the entry starting at ``where`` (at the top
        level when ``where`` has no line)."""
        if where.line is None:
            found = self.key_where(name)
            return where if found.line is None else found
        return Where(self.path, self.lines.key(name, where.line))

    def key_where(self, name: str) -> Where:
        """The line of a top-level ``name = ...``."""
        return Where(self.path, self.lines.key(name))


class _Problems:
    """The errors of one pack, collected entry by entry so that one run reports them all."""

    def __init__(self) -> None:
        self.errors: list[LexiconError] = []

    @contextmanager
    def entry(self) -> Iterator[None]:
        """Run one entry's checks; an error is kept and the next entry is read."""
        try:
            yield
        except PackProblemsError as many:
            self.errors.extend(many.errors)
        except LexiconError as err:
            self.errors.append(err)

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise PackProblemsError(self.errors)


def _did_you_mean(value: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, else nothing."""
    import difflib  # only an error needs it

    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Fields:
    """Typed access to one TOML table, with errors that name file, line and field."""

    def __init__(self, file: _File, entry: Mapping[str, Any], where: Where, allowed: set[str]):
        self.file = file
        self.entry = entry
        self.where = where
        for key in entry:
            if key not in allowed:
                raise file.field_where(where, key).error(
                    f"unknown field{_did_you_mean(key, allowed)} "
                    f"(allowed: {', '.join(sorted(allowed))})",
                    key,
                )

    def _error(self, name: str, message: str) -> LexiconError:
        return self.file.field_where(self.where, name).error(message, name)

    def string(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.entry.get(name)
        if value is None:
            if required:
                raise self.where.error("is required", name)
            return default
        if not isinstance(value, str):
            raise self._error(name, f"must be a string, got {type(value).__name__}")
        if required and not value.strip():
            raise self._error(name, "must not be empty")
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.entry.get(name, [])
        if not isinstance(value, list):
            raise self._error(name, f"must be an array of strings, got {type(value).__name__}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self._error(f"{name}[{i}]", "must be a non-empty string")
        return tuple(value)

    def boolean(self, name: str, default: bool | None) -> bool | None:
        value = self.entry.get(name, default)
        if value is not None and not isinstance(value, bool):
            raise self._error(name, f"must be true or false, got {value!r}")
        return value

    def choice(self, name: str, choices: Iterable[str], default: str | None = None) -> str:
        options = tuple(choices)
        value = self.string(name, required=default is None, default=default or "")
        if value not in options:
            hint = _did_you_mean(value, options)
            raise self._error(name, f"{value!r} is not one of: {', '.join(options)}{hint}")
        return value


_TERM_FIELDS: Final = {
    "term", "category", "severity", "match", "variants", "exceptions", "targeted",
    "ambiguous", "benign_context", "fuzzy", "note",
}  # fmt: skip


def _read_terms(file: _File, lang: str, problems: _Problems) -> tuple[Term, ...]:
    out = []
    for entry, where in file.entries("term"):
        with problems.entry():
            f = _Fields(file, entry, where, set(_TERM_FIELDS))
            term = f.string("term")
            category = Category(f.choice("category", (c.value for c in Category)))
            severity = entry.get("severity")
            if severity is None:
                raise where.error("is required", "severity")
            if type(severity) is not int or not 1 <= severity <= 3:
                raise f._error("severity", f"must be 1, 2 or 3, got {severity!r}")
            several_words = len(term.split()) > 1
            match = MatchKind(
                f.choice(
                    "match", (m.value for m in MatchKind), "phrase" if several_words else "word"
                )
            )
            if match is MatchKind.STEM and several_words:
                raise f._error("match", "a stem must be a single word")
            if match is MatchKind.SYMBOL and term not in SYMBOL_RECOGNIZERS:
                raise f._error("term", f"no symbol recognizer is named {term!r}")
            if match is MatchKind.GLUED and category not in GLUED_CATEGORIES:
                raise f._error("match", "a glued verb is a threat or harassment")
            exceptions = f.strings("exceptions")
            if exceptions and match is not MatchKind.STEM:
                raise f._error("exceptions", 'only a stem (match = "stem") has exceptions')
            benign = f.strings("benign_context")
            ambiguous = bool(f.boolean("ambiguous", False))
            if benign and not ambiguous:
                raise f._error("benign_context", "only an ambiguous term (ambiguous = true) has it")
            out.append(
                Term(
                    term=term,
                    category=category,
                    severity=severity,
                    match=match,
                    variants=f.strings("variants"),
                    exceptions=exceptions,
                    targeted=bool(f.boolean("targeted", False)),
                    ambiguous=ambiguous,
                    benign_context=benign,
                    fuzzy=f.boolean("fuzzy", None),
                    note=f.string("note", required=False),
                    lang=lang,
                    where=where,
                )
            )
    return tuple(out)


def _read_allow(file: _File, problems: _Problems) -> tuple[AllowEntry, ...]:
    out = []
    for entry, where in file.entries("allow"):
        with problems.entry():
            f = _Fields(file, entry, where, {"word", "protects", "note"})
            out.append(
                AllowEntry(
                    word=f.string("word"),
                    protects=f.string("protects", required=False),
                    note=f.string("note", required=False),
                    where=where,
                )
            )
    return tuple(out)


def _read_identity(file: _File, lang: str, problems: _Problems) -> tuple[IdentityEntry, ...]:
    out = []
    for entry, where in file.entries("identity"):
        with problems.entry():
            f = _Fields(file, entry, where, {"term", "group", "variants", "note"})
            out.append(
                IdentityEntry(
                    term=f.string("term"),
                    group=f.choice("group", sorted(IDENTITY_GROUPS)),
                    variants=f.strings("variants"),
                    note=f.string("note", required=False),
                    lang=lang,
                    where=where,
                )
            )
    return tuple(out)


def _read_context(file: _File) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, value in file.data.items():
        where = file.key_where(key)
        if key not in CONTEXT_KEYS:
            raise where.error(f"unknown context list (allowed: {', '.join(CONTEXT_KEYS)})", key)
        if not isinstance(value, list):
            raise where.error("must be an array of strings", key)
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise where.error("must be a non-empty string", f"{key}[{i}]")
            if item in seen:
                raise where.error(f"{item!r} is already {key}[{seen[item]}]", f"{key}[{i}]")
            if key == "clitics" and len(item.split()) != 2:
                raise where.error(
                    f"{item!r}: the verb's ending and the same with the pronoun glued, "
                    "two words ('r rlos', 'ar á-los')",
                    f"{key}[{i}]",
                )
            if key == "number_endings" and len(item.split()) != 3:
                raise where.error(
                    f"{item!r}: an ending, the singular's sibling and the plural's, "
                    "three endings ('e i a')",
                    f"{key}[{i}]",
                )
            if key in ONE_WORD_KEYS and len(item.split()) != 1:
                raise where.error(
                    f"{item!r}: one word only (the rule reads the word's own token)",
                    f"{key}[{i}]",
                )
            seen[item] = i
        out[key] = tuple(value)
    return out


def _read_examples(file: _File, problems: _Problems) -> tuple[Example, ...]:
    out = []
    for entry, where in file.entries("example"):
        with problems.entry():
            f = _Fields(file, entry, where, {"text", "flag", "reason", "severity", "xfail"})
            flag = f.boolean("flag", None)
            if flag is None:
                raise where.error("is required", "flag")
            severity = entry.get("severity")
            if severity is not None:
                severity = f.choice("severity", EXAMPLE_SEVERITIES)
            xfail = entry.get("xfail")
            if xfail is not None:
                xfail = f.string("xfail")
            out.append(
                Example(
                    text=f.string("text"),
                    flag=flag,
                    reason=f.string("reason"),
                    severity=severity,
                    xfail=xfail,
                    where=where,
                )
            )
    return tuple(out)


# --------------------------------------------------------------------- finding packs


def bundled_packs_root() -> Traversable:
    """The folder of the packs shipped with nudge (inside the wheel, or the source tree).

    >>> bundled_packs_root().joinpath("en", "pack.toml").is_file()
    True
    """
    inside = resources.files("nudge").joinpath("lexicons")
    if inside.is_dir():
        return inside
    # Running from a source checkout (editable install): the repository's lexicons/.
    return Path(__file__).resolve().parents[2] / "lexicons"


def _entry_point_packs() -> dict[str, Traversable]:
    if _known_without_entry_points():
        return {}
    # importlib.metadata (and the email package it reads metadata with) costs as much as
    # the rest of ``import nudge``: imported when packs are looked up, and only then.
    from importlib import metadata

    found: dict[str, Traversable] = {}
    for ep in metadata.entry_points(group="nudge.packs"):
        target = ep.value
        candidate: Traversable
        if "/" in target or target.endswith(".toml") or Path(target).is_dir():
            candidate = Path(target)
        else:
            candidate = resources.files(target.split(":")[0])
        found[ep.name] = candidate
    _remember_entry_points(len(found))
    return found


# Most installations have no third-party pack.  Finding that out means importing
# importlib.metadata and reading every installed distribution's entry points, which costs
# a tenth of the 150 ms a start may take (issue #12); so the answer "none" is remembered
# in the cache folder, keyed by the distributions on the import path (installing,
# upgrading or removing one adds, replaces or removes its ``.dist-info`` folder).  Only
# "none" is ever taken from the file (any other import path means looking again), so the
# file can never make nudge load a pack or import a module it names.
_ENTRY_POINTS_FILE: Final = "entry-points.json"


def _search_path_key() -> str:
    """A digest of the distributions importlib.metadata would find on ``sys.path``: the
    name and modification time of every ``*.dist-info`` and ``*.egg-info`` in each folder
    (a zip file on the path: its own time)."""
    import sys

    from nudge._cachedir import blake2b  # not hashlib, which loads OpenSSL (5 ms)

    h = blake2b(digest_size=16)
    for entry in sys.path:
        h.update(f"{entry}\0".encode("utf-8", "surrogatepass"))
        try:
            with os.scandir(entry or ".") as children:
                found = [
                    f"{c.name}:{c.stat().st_mtime_ns}"
                    for c in children
                    if c.name.endswith((".dist-info", ".egg-info"))
                ]
        except NotADirectoryError:  # a zip file on the path
            try:
                found = [f":{os.stat(entry).st_mtime_ns}"]
            except OSError:
                found = []
        except OSError:
            found = []
        h.update("\0".join(sorted(found)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _read_entry_points_memo() -> list[str]:
    """The import-path keys known to have no entry-point pack (most recent last)."""
    import json

    from nudge._cachedir import cache_dir, read_bounded

    folder = cache_dir()
    raw = None if folder is None else read_bounded(folder / _ENTRY_POINTS_FILE, 2**16)
    try:
        memo = json.loads(raw) if raw is not None else None
    except ValueError:
        return []
    keys = memo.get("none") if isinstance(memo, dict) else None
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def _known_without_entry_points() -> bool:
    return _search_path_key() in _read_entry_points_memo()


def _remember_entry_points(count: int) -> None:
    """Add the import path to the memo when it has no entry-point pack (the last 16 such
    paths are kept: a script's folder is on the path, so each script has its own)."""
    if count:
        return
    import json

    from nudge._cachedir import cache_dir, write_atomic

    key = _search_path_key()
    keys = [*[k for k in _read_entry_points_memo() if k != key][-15:], key]
    folder = cache_dir()
    if folder is not None:
        write_atomic(folder / _ENTRY_POINTS_FILE, json.dumps({"none": keys}).encode("ascii"))


def available_packs() -> dict[str, str]:
    """Codes of the packs that can be loaded by name, with where each comes from.

    >>> {"en", "fr", "fr-CA"} <= set(available_packs())
    True
    """
    out: dict[str, str] = {}
    root = bundled_packs_root()
    if root.is_dir():
        for child in sorted(root.iterdir(), key=lambda c: c.name):
            if child.joinpath("pack.toml").is_file():
                out[child.name] = "bundled"
    for name in _entry_point_packs():
        out[name] = "entry point"
    return out


def pack_folder(code: str) -> Traversable | None:
    """The folder of the pack registered under ``code`` (entry point first, then bundled),
    or ``None``; only plain codes are answered, so a code can never name a path.

    >>> pack_folder("fr").joinpath("pack.toml").is_file()
    True
    >>> pack_folder("../fr") is None
    True
    """
    if not isinstance(code, str) or not re.match(_PLAIN_CODE, code):
        return None
    plugins = _entry_point_packs()
    if code in plugins:
        return plugins[code]
    candidate = bundled_packs_root().joinpath(code)
    return candidate if candidate.joinpath("pack.toml").is_file() else None


def _locate(spec: str | Path) -> Traversable:
    # A code names a registered pack even where the working directory holds a folder of
    # that name (an app's own "en/" translations folder must not shadow the "en" pack);
    # a Path, or a string no pack answers to, is a folder.
    if isinstance(spec, str):
        plugins = _entry_point_packs()
        if spec in plugins:
            return plugins[spec]
        if spec not in ("", ".", "..") and "/" not in spec and os.sep not in spec:
            candidate = bundled_packs_root().joinpath(spec)
            if candidate.joinpath("pack.toml").is_file():
                return candidate
    path = Path(spec)
    if path.is_dir():
        return path
    raise PackNotFoundError(
        f"no language pack {str(spec)!r} (available: {', '.join(available_packs()) or 'none'})",
        path=str(spec),
    )


def _read(folder: Traversable, name: str, shown: str) -> _File | None:
    item = folder.joinpath(name)
    if not item.is_file():
        return None
    try:
        text = item.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"not UTF-8: {exc}", path=f"{shown}/{name}") from None
    return _File(f"{shown}/{name}", text)


def load_pack(spec: str | Path) -> Pack:
    """Read and check one pack, by code (``"fr"``) or folder path; variants merge on their base.

    >>> load_pack("fr-CA").language
    'fr'
    >>> load_pack("xx")
    Traceback (most recent call last):
    ...
    nudge.errors.PackNotFoundError: xx: no language pack 'xx' (available: de, en, es, fr, ...)
    """
    folder = _locate(spec)
    if isinstance(folder, Path):
        # The files' stat is part of the cache key, so a maintainer who edits a pack and
        # loads it again in the same process sees the edit: the change time and size too,
        # because an edit can keep the modification time (tools that restore it, coarse
        # file-system clocks) but not the change time, which no user call can set.
        stamp = tuple(_stamp(folder / name) for name in PACK_FILES)
        return _load_cached(str(folder), None, stamp)
    return _load_cached(str(folder), cast(Hashable, folder), ())


def _stamp(path: Path) -> tuple[int, ...]:
    try:
        st = path.stat()
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


@cache
def _load_cached(
    key: str, traversable: Hashable | None, stamp: tuple[tuple[int, ...], ...]
) -> Pack:
    # Traversables of importlib.resources are hashable in practice; typeshed does not say so.
    folder = cast(Traversable, traversable) if traversable is not None else Path(key)
    shown = key
    meta_file = _read(folder, "pack.toml", shown)
    if meta_file is None:
        raise LexiconError("pack.toml is missing", path=f"{shown}/pack.toml")
    meta = _Fields(
        meta_file,
        meta_file.data,
        Where(meta_file.path, None),
        {"code", "name", "version", "licence", "maintainers", "base", "remove", "source"},
    )
    code = meta.string("code")
    if traversable is None and Path(key).name != code:
        # a pack is found by its folder's name: a different code would load under two names
        raise meta_file.key_where("code").error(
            f"{code!r} differs from the pack's folder name {Path(key).name!r}", "code"
        )
    base_code = meta.string("base", required=False) or None
    base = None
    if base_code:
        # A base is a plain code, never a path: a pack must not load files from outside
        # the packs' folder (``../../tmp/x``, ``/etc``).
        if not re.match(_PLAIN_CODE, base_code):
            raise meta_file.key_where("base").error(
                f"must be a pack code such as 'fr', got {base_code!r}", "base"
            )
        if base_code == code:
            raise meta_file.key_where("base").error("a pack cannot be its own base", "base")
        stack: list[str] = _loading.__dict__.setdefault("stack", [])
        if key in stack:
            chain = " -> ".join([*stack[stack.index(key) :], key])
            raise meta_file.key_where("base").error(f"bases loop: {chain}", "base")
        # A variant in a folder finds its base beside it first (lexicons/fr-CA → lexicons/fr),
        # so that a maintainer validates the base they are editing, not an installed one.
        sibling = Path(key).parent / base_code if traversable is None else None
        is_pack = sibling is not None and (sibling / "pack.toml").is_file()
        stack.append(key)
        try:
            base = load_pack(sibling if is_pack and sibling is not None else base_code)
        finally:
            stack.pop()
    language = base.language if base else code.split("-")[0].lower()
    sources = []
    for entry, where in meta_file.entries("source"):
        f = _Fields(meta_file, entry, where, {"name", "url", "licence", "used_for"})
        sources.append(
            Source(
                f.string("name"),
                f.string("url", required=False),
                f.string("licence", required=False),
                f.string("used_for", required=False),
            )
        )
    for label in ("name", "version", "licence"):
        meta.string(label)
    maintainers = meta.strings("maintainers")
    if not maintainers:
        raise meta_file.key_where("maintainers").error("is required", "maintainers")

    # Every file is read even after an error, so that one run reports every problem.
    problems = _Problems()
    files: dict[str, _File | None] = {}
    for name in PACK_FILES[1:]:
        files[name] = None
        with problems.entry():
            files[name] = _read(folder, name, shown)
    terms: tuple[Term, ...] = ()
    allow: tuple[AllowEntry, ...] = ()
    identity: tuple[IdentityEntry, ...] = ()
    context: dict[str, tuple[str, ...]] = {}
    examples: tuple[Example, ...] = ()
    tokens = LanguageFacts()
    if (file := files["tokens.toml"]) is not None:
        with problems.entry():
            tokens = read_facts(file.data, file.lines, file.path)
    if (file := files["terms.toml"]) is not None:
        with problems.entry():
            terms = _read_terms(file, language, problems)
    if (file := files["allow.toml"]) is not None:
        with problems.entry():
            allow = _read_allow(file, problems)
    if (file := files["identity.toml"]) is not None:
        with problems.entry():
            identity = _read_identity(file, language, problems)
    if (file := files["context.toml"]) is not None:
        with problems.entry():
            context = _read_context(file)
    if (file := files["examples.toml"]) is not None:
        with problems.entry():
            examples = _read_examples(file, problems)
    problems.raise_any()
    removed = meta.strings("remove")
    if removed and base is None:
        raise meta_file.key_where("remove").error(
            "only a variant (with base) removes terms", "remove"
        )

    if base is not None:
        known = {t.term for t in base.terms}
        for word in removed:
            if word not in known:
                raise meta_file.key_where("remove").error(
                    f"{word!r} is not a term of the base pack {base.code!r}", "remove"
                )
        gone = set(removed)
        terms = tuple(t for t in base.terms if t.term not in gone) + terms
        allow = base.allow + allow
        identity = base.identity + identity
        merged = {k: tuple(v) for k, v in base.context.items()}
        for k, v in context.items():
            merged[k] = merged.get(k, ()) + v
        context = merged
        tokens = base.tokens.union(tokens)
    return Pack(
        code=code,
        name=meta.string("name"),
        version=meta.string("version"),
        licence=meta.string("licence"),
        maintainers=maintainers,
        language=language,
        path=shown,
        sources=tuple(sources),
        base=base_code,
        terms=terms,
        allow=allow,
        identity=identity,
        context=context,
        examples=examples,
        removed=removed,
        tokens=tokens,
    )
