"""Choose the nudge an app shows before a comment is posted, review the edit, count outcomes.

The flow is *score -> prompt -> edit -> review -> stats* (``docs/prompts.md``):

* :class:`PromptChooser` turns an :class:`~nudge.scorer.Assessment` into a :class:`Prompt`
  (or ``None`` below the threshold), from the message catalogues that ship with the language
  packs (``lexicons/<code>/messages.toml``).  The choice is deterministic: the same
  assessment, history, key and time always give the same prompt.
* :meth:`PromptChooser.review_edit` re-scores the edited comment and says whether it became
  acceptable, stayed offensive, or was only disguised (``idiot`` -> ``id1ot``).
* :class:`NudgeStats` counts what authors did, per message and variant, with Wilson
  confidence intervals.

Every word shown to people lives in the catalogues; this module holds none.  Catalogues are
read lazily, on first use, and cached; every value here is immutable and thread-safe.

>>> chooser = PromptChooser.load()
>>> sorted(chooser.locales)
['de', 'en', 'es', 'fr', 'fr-CA', 'it', 'pt', 'pt-BR']
>>> chooser.chain("fr-BE")
('fr', 'en')
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from statistics import NormalDist
from types import MappingProxyType
from typing import Any, Final, Protocol

from nudge._datafile import read_data_text
from nudge._toml_lines import TomlLines
from nudge.errors import LexiconError, PromptError

__all__ = [
    "DISGUISE_STEPS",
    "PLACEHOLDERS",
    "Action",
    "AuthorHistory",
    "ButtonAction",
    "CatalogueError",
    "ChooserConfig",
    "Counts",
    "EditReview",
    "EditVerdict",
    "Message",
    "MessageCatalogue",
    "NudgeRecord",
    "NudgeStats",
    "Outcome",
    "Prompt",
    "PromptAction",
    "PromptChooser",
    "PromptKind",
    "Rate",
    "Resource",
    "StatsRow",
    "TextScorerLike",
    "load_catalogue",
    "validate_catalogue",
    "wilson_interval",
]


# ----------------------------------------------------------------------------- closed sets


class PromptKind(StrEnum):
    """What a prompt is for; every catalogue's ``kind`` is one of these.

    >>> PromptKind("self_harm_support") is PromptKind.SELF_HARM_SUPPORT
    True
    """

    RECONSIDER = "reconsider"
    GUIDELINES = "guidelines"
    TARGETED = "targeted"
    IDENTITY = "identity"
    THREAT = "threat"
    SELF_HARM_SUPPORT = "self_harm_support"
    REPEAT = "repeat"
    THANKS = "thanks"


class ButtonAction(StrEnum):
    """A button the app should offer with a prompt.

    ``guidelines`` opens the app's Community Guidelines: it is offered only when the app
    gives a ``guidelines_url``, on the kinds :attr:`ChooserConfig.guidelines_button` names.

    >>> [a.value for a in ButtonAction]
    ['edit', 'post_anyway', 'delete', 'learn_more', 'guidelines']
    """

    EDIT = "edit"
    POST_ANYWAY = "post_anyway"
    DELETE = "delete"
    LEARN_MORE = "learn_more"
    GUIDELINES = "guidelines"


Action = ButtonAction
"""The former name of :class:`ButtonAction`, kept (moderation actions are
``nudge.policies.ModerationAction``)."""


class Outcome(StrEnum):
    """What the author did after seeing a prompt (``pending``: not known yet).

    >>> Outcome("withdrawn") is Outcome.WITHDRAWN
    True
    """

    PENDING = "pending"
    EDITED = "edited"
    WITHDRAWN = "withdrawn"
    POSTED_ANYWAY = "posted_anyway"


class EditVerdict(StrEnum):
    """What :meth:`PromptChooser.review_edit` concluded about an edit.

    >>> EditVerdict.DISGUISED.value
    'disguised'
    """

    ACCEPTABLE = "acceptable"
    STILL_OFFENSIVE = "still_offensive"
    DISGUISED = "disguised"


PLACEHOLDERS: Final = frozenset({"guidelines_url", "helpline", "author"})
"""The placeholders a message may use; their values come from the app (or, for
``helpline``, from the catalogue's support resources for the author's region)."""

DISGUISE_STEPS: Final = frozenset(
    {
        "invisible",
        "zalgo",
        "homoglyphs",
        "leet",
        "masks",
        "split_letters",
        "stretched",
        "fuzzy",
        "segment",
    }
)
"""Normaliser and matcher steps that undo a disguise (``id1ot``, ``i d i o t``, ``id*ot``,
and words glued together or into a hashtag, ``stupidbitch``, read by the segmenter).
Case, accents and Unicode compatibility folding are not disguises."""

_ESCALATING: Final = frozenset(
    {PromptKind.RECONSIDER, PromptKind.GUIDELINES, PromptKind.TARGETED, PromptKind.IDENTITY}
)
_NUDGE_KINDS: Final = tuple(k for k in PromptKind if k is not PromptKind.THANKS)
_log = logging.getLogger(__name__)
"""Fallbacks are logged on the ``nudge`` logger tree (nudge adds no handler: the app's
logging configuration decides what is shown)."""

_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_REGION = re.compile(r"(?:[A-Za-z]{2}|[0-9]{3})\Z")
_MIN_PLAIN: Final = 2


# ----------------------------------------------------------------------------- the scorer side


class MatchLike(Protocol):
    """What the chooser reads of a :class:`nudge.scorer.Match`."""

    @property
    def term(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def steps(self) -> tuple[str, ...]: ...
    @property
    def targeted(self) -> bool: ...


class AssessmentLike(Protocol):
    """What the chooser reads of a :class:`nudge.scorer.Assessment`."""

    @property
    def text(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def flagged(self) -> bool: ...
    @property
    def language(self) -> str | None: ...
    @property
    def matches(self) -> Sequence[MatchLike]: ...
    @property
    def threshold(self) -> float: ...


class TextScorerLike(Protocol):
    """What :meth:`PromptChooser.review_edit` needs of a :class:`nudge.scorer.Scorer`."""

    def score(self, text: str, lang: str | None = None) -> AssessmentLike: ...


ScorerLike = TextScorerLike
"""The former name of :class:`TextScorerLike`, kept."""


class CatalogueError(PromptError, LexiconError):
    """A message catalogue is malformed: names the file, line and field (and message id).

    It is both a :class:`~nudge.errors.PromptError` and a :class:`~nudge.errors.LexiconError`.

    >>> err = CatalogueError("unknown placeholder {x}", path="m.toml", line=7, field="text")
    >>> str(err), isinstance(err, PromptError), isinstance(err, LexiconError)
    ('m.toml:7: text: unknown placeholder {x}', True, True)
    """


# ----------------------------------------------------------------------------- catalogue values


@dataclass(frozen=True, slots=True)
class Resource:
    """A support resource (a helpline) for one region, with where it was checked.

    >>> r = next(r for r in load_catalogue("fr").resources if r.contact == "3018")
    >>> r.region, r.checked.year >= 2026
    ('FR', True)
    """

    id: str
    region: str
    name: str
    contact: str
    description: str
    kinds: tuple[PromptKind, ...]
    source: str
    checked: date
    url: str = ""
    hours: str = ""
    source_url: str = ""
    locale: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One wording of one kind; ``variant`` is its A/B arm, ``weight`` its share.

    >>> m = Message("thanks.plain", PromptKind.THANKS, "plain", 1.0, "Thanks, {author}!",
    ...             frozenset({"author"}), "en")
    >>> m.render({"author": "Sam"})
    'Thanks, Sam!'
    """

    id: str
    kind: PromptKind
    variant: str
    weight: float
    text: str
    placeholders: frozenset[str]
    locale: str
    line: int | None = None

    def render(self, values: Mapping[str, str]) -> str:
        """The text with its placeholders filled (values are inserted verbatim, never parsed).

        >>> Message("a.b", PromptKind.REPEAT, "b", 1.0, "See {guidelines_url}",
        ...         frozenset({"guidelines_url"}), "en").render({"guidelines_url": "x.org/g"})
        'See x.org/g'
        """
        missing = self.placeholders - {k for k, v in values.items() if v}
        if missing:
            raise PromptError(f"message {self.id!r}: no value for {', '.join(sorted(missing))}")
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)


@dataclass(frozen=True, slots=True, eq=False)
class MessageCatalogue:
    """The messages, action labels and support resources of one locale.

    >>> cat = load_catalogue("fr-CA")
    >>> cat.locale, cat.fallback
    ('fr-CA', 'fr')
    >>> len(cat.wordings(PromptKind.RECONSIDER)) >= 2
    True
    """

    locale: str
    path: str
    messages: tuple[Message, ...]
    fallback: str | None = None
    labels: Mapping[Action, str] = field(default_factory=lambda: MappingProxyType({}))
    kind_actions: Mapping[PromptKind, tuple[Action, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    resources: tuple[Resource, ...] = ()
    _by_kind: Mapping[PromptKind, tuple[Message, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # The messages of each kind, grouped once: the chooser asks for them on every
        # nudge, and the catalogue never changes.
        by_kind: dict[PromptKind, list[Message]] = {}
        for m in self.messages:
            by_kind.setdefault(m.kind, []).append(m)
        grouped = {kind: tuple(found) for kind, found in by_kind.items()}
        object.__setattr__(self, "_by_kind", MappingProxyType(grouped))

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only mapping proxies do not pickle: send plain dicts, wrap them again.
        state = {
            name: getattr(self, name) for name, f in self.__dataclass_fields__.items() if f.init
        }
        state["labels"] = dict(self.labels)
        state["kind_actions"] = dict(self.kind_actions)
        return (_rebuild_catalogue, (state,))

    def wordings(self, kind: PromptKind) -> tuple[Message, ...]:
        """The messages of one kind, in file order.

        >>> [m.variant for m in load_catalogue("en").wordings(PromptKind.THANKS)][:2]
        ['plain', 'kind']
        """
        return self._by_kind.get(kind, ())

    def kinds(self) -> frozenset[PromptKind]:
        """The kinds this catalogue has messages for.

        >>> PromptKind.THREAT in load_catalogue("en").kinds()
        True
        """
        return frozenset(m.kind for m in self.messages)


def _rebuild_catalogue(state: dict[str, Any]) -> MessageCatalogue:
    state["labels"] = MappingProxyType(state["labels"])
    state["kind_actions"] = MappingProxyType(state["kind_actions"])
    return MessageCatalogue(**state)


# ----------------------------------------------------------------------------- reading TOML


class _Problems:
    """Collects every problem of a file instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[CatalogueError] = []

    def add(self, message: str, line: int | None, field_name: str | None) -> None:
        self.errors.append(CatalogueError(message, path=self.path, line=line, field=field_name))


_TOP_KEYS: Final = frozenset(
    {"locale", "fallback", "name", "version", "actions", "kinds", "message", "resource"}
)
_MESSAGE_KEYS: Final = frozenset({"id", "kind", "variant", "weight", "text", "note"})
_RESOURCE_KEYS: Final = frozenset(
    {
        "id", "region", "name", "contact", "description", "kinds", "source", "checked",
        "url", "hours", "source_url", "note",
    }
)  # fmt: skip
_TOML_LINE = re.compile(r"at line (\d+)")


def _placeholders(text: str) -> tuple[set[str], list[str]]:
    """The placeholders of a text, and what is wrong with its braces."""
    names = set()
    problems = []
    for m in _PLACEHOLDER.finditer(text):
        name = m.group(1)
        if name not in PLACEHOLDERS:
            problems.append(
                f"unknown placeholder {{{name}}} (known: {', '.join(sorted(PLACEHOLDERS))})"
            )
        names.add(name)
    rest = _PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append("unbalanced or nested brace (messages hold no braces but placeholders)")
    return names, problems


def _string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse(text: str, path: str) -> tuple[MessageCatalogue | None, list[CatalogueError]]:
    """Read one catalogue, collecting every problem."""
    out = _Problems(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        out.add(f"not valid TOML: {exc}", int(m.group(1)) if m else None, None)
        return None, out.errors
    lines = TomlLines(text)
    for key in data:
        if key not in _TOP_KEYS:
            out.add(f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})", lines.key(key), key)

    raw_locale = data.get("locale")
    locale = raw_locale if isinstance(raw_locale, str) and raw_locale.strip() else ""
    if not locale:
        out.add("is required: the locale of the catalogue (en, fr, fr-CA)", lines.key("locale"),
                "locale")  # fmt: skip
    fallback = data.get("fallback")
    if fallback is not None and not _string(fallback):
        out.add("must be a locale string", lines.key("fallback"), "fallback")
        fallback = None
    if fallback is not None and fallback == locale:
        out.add("a catalogue cannot fall back to itself", lines.key("fallback"), "fallback")
        fallback = None

    labels: dict[Action, str] = {}
    raw_labels = data.get("actions", {})
    if not isinstance(raw_labels, dict):
        out.add("must be a table of button labels", lines.key("actions"), "actions")
        raw_labels = {}
    labels_table = lines.table("actions")
    for name, label in raw_labels.items():
        # an inline table (actions = { edit = "..." }) has no header: its own line
        where = lines.key(name, labels_table) if labels_table else lines.key("actions")
        if name not in Action.__members__.values():
            out.add(f"unknown action (known: {', '.join(Action)})", where, f"actions.{name}")
        elif not _string(label):
            out.add("must be a non-empty string", where, f"actions.{name}")
        else:
            labels[Action(name)] = label

    kind_actions: dict[PromptKind, tuple[Action, ...]] = {}
    raw_kinds = data.get("kinds", {})
    if not isinstance(raw_kinds, dict):
        out.add("must be a table of [kinds.<kind>] tables", lines.key("kinds"), "kinds")
        raw_kinds = {}
    kinds_table = lines.table("kinds")
    for name, table in raw_kinds.items():
        start = lines.table(f"kinds.{name}")
        if start is None:  # written inline: [kinds] threat = {...}, or kinds = {...}
            start = lines.key(name, kinds_table) if kinds_table else lines.key("kinds")
        if name not in PromptKind.__members__.values():
            out.add(f"unknown kind (known: {', '.join(PromptKind)})", start, f"kinds.{name}")
            continue
        if not isinstance(table, dict) or set(table) - {"actions"}:
            out.add("must be a table with only 'actions'", start, f"kinds.{name}")
            continue
        acts = table.get("actions", [])
        where = lines.key("actions", start)
        if not isinstance(acts, list) or any(a not in Action.__members__.values() for a in acts):
            out.add(f"must be an array of: {', '.join(Action)}", where, f"kinds.{name}.actions")
            continue
        if len(set(acts)) != len(acts):
            out.add("lists an action twice", where, f"kinds.{name}.actions")
        kind_actions[PromptKind(name)] = tuple(Action(a) for a in acts)

    messages = _parse_messages(data, lines, out, locale)
    resources = _parse_resources(data, lines, out, locale)
    if not out.errors and not messages and fallback is None:
        # With a fallback, an empty catalogue is a language being written (nudge pack new):
        # its prompts come from the fallback, and the pack validator says so.
        out.add("the catalogue has no [[message]] entries and no fallback", None, "message")
    if out.errors:
        return None, out.errors
    return (
        MessageCatalogue(
            locale=locale,
            path=path,
            messages=tuple(messages),
            fallback=fallback,
            labels=MappingProxyType(labels),
            kind_actions=MappingProxyType(kind_actions),
            resources=tuple(resources),
        ),
        [],
    )


def _parse_messages(
    data: Mapping[str, Any], lines: TomlLines, out: _Problems, locale: str
) -> list[Message]:
    raw = data.get("message", [])
    starts = lines.entries("message")
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        out.add("must be [[message]] tables", lines.key("message"), "message")
        return []
    messages: list[Message] = []
    seen: dict[str, int | None] = {}
    variants: set[tuple[PromptKind, str]] = set()
    for i, entry in enumerate(raw):
        start = starts[i] if i < len(starts) else None

        def at(name: str, start: int | None = start) -> int | None:
            return lines.key(name, start) if start is not None else None

        before = len(out.errors)
        for key in entry:
            if key not in _MESSAGE_KEYS:
                out.add(f"unknown field (allowed: {', '.join(sorted(_MESSAGE_KEYS))})",
                        at(key), key)  # fmt: skip
        mid = entry.get("id")
        label = f"message {mid!r}: " if isinstance(mid, str) else f"message #{i + 1}: "
        if not isinstance(mid, str) or not _ID.match(mid):
            out.add(
                label + "id must be lower-case letters, digits, '.', '_' or '-'", at("id"), "id"
            )
        elif mid in seen:
            out.add(label + f"duplicate id (first at line {seen[mid]})", at("id"), "id")
        else:
            seen[mid] = start
        kind_name = entry.get("kind")
        if kind_name not in PromptKind.__members__.values():
            out.add(label + f"kind must be one of: {', '.join(PromptKind)}", at("kind"), "kind")
        text = entry.get("text")
        names: set[str] = set()
        if not _string(text):
            out.add(label + "text is required", at("text"), "text")
        else:
            names, problems = _placeholders(text)
            for p in problems:
                out.add(label + p, at("text"), "text")
        variant = entry.get("variant", mid.rsplit(".", 1)[-1] if isinstance(mid, str) else "")
        if not _string(variant):
            out.add(label + "variant must be a non-empty string", at("variant"), "variant")
        weight = entry.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            out.add(label + "weight must be a number", at("weight"), "weight")
        elif not (math.isfinite(weight) and weight > 0):
            out.add(label + "weight must be a positive number", at("weight"), "weight")
        if len(out.errors) > before:
            continue
        kind = PromptKind(kind_name)
        if (kind, variant) in variants:
            out.add(label + f"variant {variant!r} is used twice in kind {kind}", at("variant"),
                    "variant")  # fmt: skip
            continue
        variants.add((kind, variant))
        messages.append(
            Message(mid, kind, variant, float(weight), text, frozenset(names), locale, start)
        )
    for kind in sorted({m.kind for m in messages}):
        plain = [m for m in messages if m.kind is kind and not m.placeholders]
        if len(plain) < _MIN_PLAIN:
            first = next(m for m in messages if m.kind is kind)
            out.add(
                f"kind {kind} needs at least {_MIN_PLAIN} wordings without placeholders "
                f"(has {len(plain)}), so it can be shown when the app gives no values and "
                "never twice in a row",
                first.line,
                "kind",
            )
    return messages


def _parse_resources(
    data: Mapping[str, Any], lines: TomlLines, out: _Problems, locale: str
) -> list[Resource]:
    raw = data.get("resource", [])
    starts = lines.entries("resource")
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        out.add("must be [[resource]] tables", lines.key("resource"), "resource")
        return []
    resources: list[Resource] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        start = starts[i] if i < len(starts) else None

        def at(name: str, start: int | None = start) -> int | None:
            return lines.key(name, start) if start is not None else None

        before = len(out.errors)
        rid = entry.get("id")
        label = f"resource {rid!r}: " if isinstance(rid, str) else f"resource #{i + 1}: "
        for key in entry:
            if key not in _RESOURCE_KEYS:
                out.add(label + f"unknown field (allowed: {', '.join(sorted(_RESOURCE_KEYS))})",
                        at(key), key)  # fmt: skip
        for name in ("id", "region", "name", "contact", "description", "source"):
            if not _string(entry.get(name)):
                out.add(label + "is required (a non-empty string)", at(name), name)
        for name in ("url", "hours", "source_url", "note"):
            if name in entry and not _string(entry[name]):
                out.add(label + "must be a non-empty string", at(name), name)
        if isinstance(rid, str) and rid in seen:
            out.add(label + "duplicate id", at("id"), "id")
        region = entry.get("region")
        if isinstance(region, str) and not (_REGION.match(region) and region == region.upper()):
            out.add(label + "region must be an upper-case ISO 3166 code (FR, CA)", at("region"),
                    "region")  # fmt: skip
        checked = entry.get("checked")
        if not isinstance(checked, date) or isinstance(checked, datetime):
            out.add(label + "checked must be a TOML date (2026-11-22): when the source was "
                    "last checked", at("checked"), "checked")  # fmt: skip
        kinds = entry.get("kinds")
        if (
            not isinstance(kinds, list)
            or not kinds
            or any(k not in PromptKind.__members__.values() for k in kinds)
        ):
            out.add(label + f"kinds must be a non-empty array of: {', '.join(PromptKind)}",
                    at("kinds"), "kinds")  # fmt: skip
        if len(out.errors) > before:
            continue
        seen.add(rid)
        assert isinstance(checked, date)
        resources.append(
            Resource(
                id=rid,
                region=region,
                name=entry["name"],
                contact=entry["contact"],
                description=entry["description"],
                kinds=tuple(PromptKind(k) for k in kinds),
                source=entry["source"],
                checked=checked,
                url=entry.get("url", ""),
                hours=entry.get("hours", ""),
                source_url=entry.get("source_url", ""),
                locale=locale,
            )
        )
    return resources


def _read_text(item: Traversable | Path, shown: str) -> str:
    return read_data_text(item, shown, CatalogueError)


def validate_catalogue(path: str | Path) -> list[str]:
    """Every problem of one ``messages.toml``, as ``"file:line: field: message"`` lines.

    An empty list means the catalogue loads.  The pack validator prints these lines.

    >>> validate_catalogue(_bundled_file("fr"))
    []
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "messages.toml"
    ...     _ = p.write_text('locale = "en"\\n', encoding="utf-8")
    ...     [line.split(": ", 1)[1] for line in validate_catalogue(p)]
    ['message: the catalogue has no [[message]] entries and no fallback']
    """
    shown = str(path)
    try:
        text = _read_text(Path(path), shown)
    except CatalogueError as exc:
        return [str(exc)]
    return [str(e) for e in _parse(text, shown)[1]]


def _bundled_file(locale: str) -> Traversable | None:
    from nudge.lexicon import pack_folder

    # pack_folder answers only plain codes (never "../x"), and finds the packs registered
    # through the ``nudge.packs`` entry point as well as the bundled ones.
    folder = pack_folder(locale)
    return None if folder is None else folder.joinpath("messages.toml")


def _bundled_locales() -> tuple[str, ...]:
    from nudge.lexicon import available_packs

    return tuple(
        sorted(
            code
            for code in available_packs()
            if (item := _bundled_file(code)) is not None and item.is_file()
        )
    )


@cache
def _load_bundled(locale: str) -> MessageCatalogue:
    item = _bundled_file(locale)
    if item is None or not item.is_file():
        raise PromptError(
            f"locale: no bundled message catalogue {locale!r} "
            f"(available: {', '.join(_bundled_locales()) or 'none'})"
        )
    return _from_text(_read_text(item, f"{locale}/messages.toml"), f"{locale}/messages.toml")


def _from_text(text: str, shown: str) -> MessageCatalogue:
    catalogue, errors = _parse(text, shown)
    if errors:
        raise errors[0]
    assert catalogue is not None
    return catalogue


def load_catalogue(spec: str | Path) -> MessageCatalogue:
    """One catalogue: a bundled locale (``"fr-CA"``), a ``messages.toml`` path or its folder.

    Bundled catalogues are read once and cached; raises :class:`CatalogueError` (the first
    problem) on a malformed file, :class:`~nudge.errors.PromptError` on an unknown locale.

    >>> load_catalogue("fr").locale
    'fr'
    >>> load_catalogue("xx")
    Traceback (most recent call last):
    ...
    nudge.errors.PromptError: locale: no bundled message catalogue 'xx' (available: de, ...)
    """
    # A bundled locale's code names it even where the working directory holds a folder
    # of that name (an app's own "es/" folder must not shadow the "es" catalogue).
    if isinstance(spec, str) and spec in _bundled_locales():
        return _load_bundled(spec)
    path = Path(spec)
    if path.is_dir():
        path = path / "messages.toml"
    if isinstance(spec, Path) or path.is_file() or path.suffix == ".toml":
        return _from_text(_read_text(path, str(path)), str(path))
    return _load_bundled(str(spec))


# ----------------------------------------------------------------------------- prompts


@dataclass(frozen=True, slots=True)
class PromptAction:
    """A button to show: the action, its label in the prompt's language, and a link if any.

    >>> PromptAction(Action.EDIT, "Edit").label
    'Edit'
    """

    action: Action
    label: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Prompt:
    """A nudge to show: its kind, message, filled text, buttons, resources and reasons.

    >>> p = PromptChooser.load().thanks(locale="en", key="c1")
    >>> p.kind, "{" in p.text
    (<PromptKind.THANKS: 'thanks'>, False)
    """

    kind: PromptKind
    message_id: str
    text: str
    actions: tuple[PromptAction, ...]
    locale: str
    variant: str
    resources: tuple[Resource, ...] = ()
    reasons: tuple[str, ...] = ()


def _utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class NudgeRecord:
    """One prompt an author saw: when, which message and variant, and what they did.

    >>> r = NudgeRecord(datetime(2026, 1, 5, 12, 0), "reconsider.ask", PromptKind.RECONSIDER)
    >>> r.outcome, r.at.tzinfo
    (<Outcome.PENDING: 'pending'>, datetime.timezone.utc)
    """

    at: datetime
    message_id: str
    kind: PromptKind
    variant: str = ""
    outcome: Outcome = Outcome.PENDING
    verdict: EditVerdict | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime):
            raise PromptError(f"at: expected a datetime, got {type(self.at).__name__}")
        if not isinstance(self.message_id, str) or not self.message_id:
            raise PromptError("message_id: expected a non-empty string")
        object.__setattr__(self, "at", _utc(self.at))
        object.__setattr__(self, "kind", PromptKind(self.kind))
        object.__setattr__(self, "outcome", Outcome(self.outcome))
        if self.verdict is not None:
            object.__setattr__(self, "verdict", EditVerdict(self.verdict))
            if self.outcome is not Outcome.EDITED:
                raise PromptError("verdict: only an edited nudge has an edit verdict")

    @classmethod
    def of(
        cls,
        prompt: Prompt,
        at: datetime,
        outcome: Outcome = Outcome.PENDING,
        verdict: EditVerdict | None = None,
    ) -> NudgeRecord:
        """The record of showing ``prompt`` at ``at``.

        >>> p = PromptChooser.load().thanks(locale="en", key="k")
        >>> NudgeRecord.of(p, datetime(2026, 1, 1)).kind
        <PromptKind.THANKS: 'thanks'>
        """
        return cls(at, prompt.message_id, prompt.kind, prompt.variant, outcome, verdict)


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    """The recent nudges of one author, oldest first: a small value the app stores.

    Only the last ``AuthorHistory.KEEP`` records are kept.

    >>> h = AuthorHistory().add(NudgeRecord(datetime(2026, 1, 1), "reconsider.ask", "reconsider"))
    >>> len(h.records), h.last().message_id
    (1, 'reconsider.ask')
    >>> h.with_outcome(Outcome.EDITED).last().outcome
    <Outcome.EDITED: 'edited'>
    """

    records: tuple[NudgeRecord, ...] = ()

    KEEP = 50

    def __post_init__(self) -> None:
        records = tuple(self.records)
        for i, r in enumerate(records):
            if not isinstance(r, NudgeRecord):
                raise PromptError(
                    f"history.records[{i}]: expected a NudgeRecord, got {type(r).__name__}"
                )
        ordered = tuple(sorted(records, key=lambda r: r.at))
        object.__setattr__(self, "records", ordered[-self.KEEP :])

    def add(self, record: NudgeRecord) -> AuthorHistory:
        """A new history with ``record`` added.

        >>> AuthorHistory().add(NudgeRecord(datetime(2026, 1, 1), "a.b", "threat")).records[0].kind
        <PromptKind.THREAT: 'threat'>
        """
        return AuthorHistory((*self.records, record))

    def last(self) -> NudgeRecord | None:
        """The most recent record, or ``None``.

        >>> AuthorHistory().last() is None
        True
        """
        return self.records[-1] if self.records else None

    def with_outcome(self, outcome: Outcome, verdict: EditVerdict | None = None) -> AuthorHistory:
        """A new history where the most recent record has this outcome (and edit verdict).

        >>> AuthorHistory().with_outcome(Outcome.EDITED)
        Traceback (most recent call last):
        ...
        nudge.errors.PromptError: history: no record to update
        """
        last = self.last()
        if last is None:
            raise PromptError("history: no record to update")
        updated = NudgeRecord(last.at, last.message_id, last.kind, last.variant, outcome, verdict)
        return AuthorHistory((*self.records[:-1], updated))


@dataclass(frozen=True, slots=True)
class _RenderPlan:
    """What a prompt of one kind, locale chain and region shows besides its message
    (``PromptChooser._plan``)."""

    cat: MessageCatalogue
    candidates: tuple[Message, ...]
    resources: tuple[Resource, ...]
    filled: Mapping[str, str]
    helpline_from: Resource | None
    buttons: tuple[PromptAction, ...]


_NO_HISTORY: Final = AuthorHistory()
"""The history of an author without one (immutable: one shared value, not one a call)."""


@dataclass(frozen=True, slots=True)
class ChooserConfig:
    """How often and how strongly to nudge.

    * ``max_prompts`` prompts at most per author in any ``window`` (thanks are not counted);
    * ``repeat_after``: an author with that many nudges in ``repeat_window`` sees ``repeat``;
    * ``guidelines_share``: share of ``reconsider`` cases shown ``guidelines`` instead;
    * ``default_locale``: the last catalogue of every fallback chain;
    * ``experiment``: salt of the variant hash (a new name reshuffles the A/B arms);
    * ``clock_skew``: how far a history record may lie after ``now`` (two clocks of one
      app drift apart by milliseconds) before it is refused as a wrong clock.
    * ``guidelines_button``: the kinds that offer a "Community Guidelines" button when
      the app gives a ``guidelines_url`` (default: every kind but ``thanks``; ``()``: none).

    >>> ChooserConfig(max_prompts=0)
    Traceback (most recent call last):
    ...
    nudge.errors.PromptError: config.max_prompts: must be a positive integer, got 0
    """

    max_prompts: int = 3
    window: timedelta = timedelta(days=1)
    repeat_after: int = 3
    repeat_window: timedelta = timedelta(days=30)
    guidelines_share: float = 0.0
    default_locale: str = "en"
    experiment: str = ""
    clock_skew: timedelta = timedelta(seconds=5)
    guidelines_button: frozenset[PromptKind] = frozenset(
        k for k in PromptKind if k is not PromptKind.THANKS
    )

    def __post_init__(self) -> None:
        if not isinstance(self.clock_skew, timedelta) or self.clock_skew < timedelta(0):
            raise PromptError(
                f"config.clock_skew: must be a timedelta >= 0, got {self.clock_skew!r}"
            )
        for name in ("max_prompts", "repeat_after"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise PromptError(f"config.{name}: must be a positive integer, got {value!r}")
        for name in ("window", "repeat_window"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value <= timedelta(0):
                raise PromptError(f"config.{name}: must be a positive timedelta, got {value!r}")
        share = self.guidelines_share
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise PromptError(f"config.guidelines_share: must be in [0, 1], got {share!r}")
        if not isinstance(self.default_locale, str) or not self.default_locale:
            raise PromptError("config.default_locale: must be a locale string")
        if not isinstance(self.experiment, str):
            raise PromptError("config.experiment: must be a string")
        kinds = self.guidelines_button
        if isinstance(kinds, str) or not isinstance(kinds, Iterable):
            raise PromptError("config.guidelines_button: must be a collection of prompt kinds")
        try:
            object.__setattr__(self, "guidelines_button", frozenset(PromptKind(k) for k in kinds))
        except ValueError as exc:
            raise PromptError(f"config.guidelines_button: {exc}") from None


def _unit(*parts: str) -> float:
    """A stable number in [0, 1) from strings (BLAKE2b, not Python's salted hash)."""
    # surrogatepass: a lone surrogate (text decoded with errors="surrogateescape", or a
    # broken JS string) must pick a variant like any other text, not raise.
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _tags(locale: str) -> list[str]:
    """``"fr_ca"`` -> ``["fr-CA", "fr"]``: the tag, then shorter and shorter."""
    parts = [p for p in locale.replace("_", "-").strip().split("-") if p]
    if not parts:
        return []
    parts[0] = parts[0].lower()
    for i in range(1, len(parts)):
        if _REGION.match(parts[i]):
            parts[i] = parts[i].upper()
        elif len(parts[i]) == 4:
            parts[i] = parts[i].title()
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _region(locale: str | None) -> str | None:
    if not locale:
        return None
    for part in locale.replace("_", "-").split("-")[1:]:
        if _REGION.match(part):
            return part.upper()
    return None


def _check_values(values: Mapping[str, str] | None, field_name: str) -> dict[str, str]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise PromptError(f"{field_name}: expected a mapping of placeholder values")
    out = {}
    for name, value in values.items():
        if name not in PLACEHOLDERS:
            raise PromptError(
                f"{field_name}[{name!r}]: unknown placeholder "
                f"(known: {', '.join(sorted(PLACEHOLDERS))})"
            )
        if value is None:
            continue
        if not isinstance(value, str):
            raise PromptError(
                f"{field_name}[{name!r}]: expected a string, got {type(value).__name__}"
            )
        if value.strip():
            out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class EditReview:
    """What :meth:`PromptChooser.review_edit` concluded, with the two assessments.

    ``surviving_terms`` are the lexicon terms found both before and after the edit;
    ``disguise_steps`` the disguises the after-text needed for them (``("leet",)``).
    ``thanks`` is a thank-you prompt when the edit became acceptable.
    """

    verdict: EditVerdict
    before: AssessmentLike
    after: AssessmentLike
    surviving_terms: tuple[str, ...] = ()
    disguise_steps: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    thanks: Prompt | None = None

    @property
    def acceptable(self) -> bool:
        """Whether the edit became acceptable."""
        return self.verdict is EditVerdict.ACCEPTABLE


class PromptChooser:
    """Chooses the prompt to show for an assessment, from the message catalogues.

    Build it with :meth:`load`.  It is immutable (the scorer used by :meth:`review_edit` is
    loaded once, lazily, under a lock) and safe to share between threads.

    >>> chooser = PromptChooser.load(guidelines_url="https://example.org/rules")
    >>> chooser.default_locale, chooser.config.max_prompts
    ('en', 3)
    """

    __slots__ = ("_catalogues", "_chains", "_config", "_lock", "_plans", "_scorer", "_values")

    _catalogues: Mapping[str, MessageCatalogue]
    _chains: Mapping[str | None, tuple[str, ...]]
    _config: ChooserConfig
    _values: Mapping[str, str]
    _scorer: ScorerLike | None
    _lock: threading.Lock
    _plans: dict[tuple[PromptKind, tuple[str, ...], str | None], _RenderPlan]

    def __init__(
        self,
        catalogues: Iterable[MessageCatalogue],
        *,
        config: ChooserConfig | None = None,
        values: Mapping[str, str] | None = None,
        scorer: ScorerLike | None = None,
    ) -> None:
        config = ChooserConfig() if config is None else config
        if not isinstance(config, ChooserConfig):
            raise PromptError("config: expected a ChooserConfig")
        by_locale: dict[str, MessageCatalogue] = {}
        for cat in catalogues:
            if cat.locale in by_locale:
                raise PromptError(f"locale: two catalogues for {cat.locale!r} ({cat.path})")
            by_locale[cat.locale] = cat
        if not by_locale:
            raise PromptError("catalogues: no message catalogue to choose from")
        default = config.default_locale
        if default not in by_locale:
            raise PromptError(
                f"config.default_locale: no catalogue for {default!r} "
                f"(loaded: {', '.join(sorted(by_locale))})"
            )
        for cat in by_locale.values():
            if cat.fallback is not None and cat.fallback not in by_locale:
                raise PromptError(f"{cat.path}: fallback: catalogue {cat.fallback!r} is not loaded")
        object.__setattr__(self, "_catalogues", MappingProxyType(by_locale))
        object.__setattr__(self, "_config", config)
        object.__setattr__(self, "_values", MappingProxyType(_check_values(values, "values")))
        object.__setattr__(self, "_scorer", scorer)
        object.__setattr__(self, "_lock", threading.Lock())
        # What a prompt of one kind, chain and region shows besides its message, worked
        # out on first need (``_render``): a few dozen entries at most.
        object.__setattr__(self, "_plans", {})
        # The chains of the locales asked most (none, and each catalogue's own code as
        # written), worked out once; any other locale is worked out when asked.
        common: list[str | None] = [None, "", *by_locale]
        chains = {code: self._chain(code) for code in common}
        object.__setattr__(self, "_chains", MappingProxyType(chains))
        self._check_complete()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PromptChooser is immutable (cannot set {name})")

    def __reduce__(self) -> tuple[Any, ...]:
        # For process pools: rebuilt from its parts (the lock and the mapping proxies do
        # not pickle), so the copy checks its catalogues like the original did.
        return (
            _rebuild_chooser,
            (tuple(self._catalogues.values()), self._config, dict(self._values), self._scorer),
        )

    def _check_complete(self) -> None:
        """Every kind and every label must resolve along the default chain."""
        chain = [self._catalogues[c] for c in self._follow(self._config.default_locale)]
        for kind in PromptKind:
            if not any(cat.wordings(kind) for cat in chain):
                raise PromptError(
                    f"{chain[0].path}: kind: no message of kind {kind.value!r} in the default "
                    f"catalogue {self._config.default_locale!r}"
                )
            if not any(kind in cat.kind_actions for cat in chain):
                raise PromptError(
                    f"{chain[0].path}: kinds.{kind}.actions: not set in the default catalogue"
                )
        for action in Action:
            if action is Action.GUIDELINES:
                continue  # optional: without a label the button is simply not offered
            if not any(action in cat.labels for cat in chain):
                raise PromptError(
                    f"{chain[0].path}: actions.{action}: no label in the default catalogue"
                )

    @classmethod
    def load(
        cls,
        locales: Iterable[str] | None = None,
        *,
        paths: Iterable[str | Path] = (),
        scorer: ScorerLike | None = None,
        guidelines_url: str | None = None,
        helpline: str | None = None,
        author: str | None = None,
        values: Mapping[str, str] | None = None,
        config: ChooserConfig | None = None,
    ) -> PromptChooser:
        """A chooser over the bundled catalogues (all, or ``locales`` and their fallbacks)
        plus catalogues read from ``paths`` (``messages.toml`` files or their folders).

        Placeholder values given here apply to every prompt; ``choose(values=...)`` adds to
        them per call.

        >>> PromptChooser.load(["fr-CA"]).locales
        ('en', 'fr', 'fr-CA')
        >>> PromptChooser.load(values={"name": "x"})
        Traceback (most recent call last):
        ...
        nudge.errors.PromptError: values['name']: unknown placeholder (known: author, ...)
        """
        config = ChooserConfig() if config is None else config
        path_list = list(paths)
        if isinstance(locales, str):
            locales = [locales]
        wanted: list[str] = list(_bundled_locales()) if locales is None else list(locales)
        if locales is None and path_list:
            wanted = []
        loaded: dict[str, MessageCatalogue] = {}
        for p in path_list:
            cat = load_catalogue(Path(p))
            loaded[cat.locale] = cat
        bundled = set(_bundled_locales())
        todo = [*wanted]
        todo += [c.fallback for c in loaded.values() if c.fallback and c.fallback in bundled]
        if config.default_locale not in loaded and config.default_locale in bundled:
            todo.append(config.default_locale)
        while todo:
            code = todo.pop(0)
            if not isinstance(code, str):
                raise PromptError(f"locales: expected strings, got {type(code).__name__}")
            if code in loaded:
                continue
            cat = _load_bundled(code)
            loaded[code] = cat
            if cat.fallback is not None:
                todo.append(cat.fallback)
        merged = dict(_check_values(values, "values"))
        for name, value in (
            ("guidelines_url", guidelines_url),
            ("helpline", helpline),
            ("author", author),
        ):
            if value is not None:
                merged.update(_check_values({name: value}, name))
        return cls(loaded.values(), config=config, values=merged, scorer=scorer)

    # ----------------------------------------------------------------- properties

    @property
    def locales(self) -> tuple[str, ...]:
        """The locales of the loaded catalogues, sorted.

        >>> PromptChooser.load(["en"]).locales
        ('en',)
        """
        return tuple(sorted(self._catalogues))

    @property
    def default_locale(self) -> str:
        """The locale every fallback chain ends with."""
        return self._config.default_locale

    @property
    def config(self) -> ChooserConfig:
        """The chooser's :class:`ChooserConfig`."""
        return self._config

    @property
    def values(self) -> Mapping[str, str]:
        """The placeholder values given at load time."""
        return self._values

    def catalogue(self, locale: str) -> MessageCatalogue:
        """The loaded catalogue of exactly ``locale``.

        >>> PromptChooser.load().catalogue("fr").fallback
        'en'
        """
        try:
            return self._catalogues[locale]
        except KeyError:
            raise PromptError(f"locale: no catalogue {locale!r} loaded") from None

    def _follow(self, locale: str) -> list[str]:
        out: list[str] = []
        code: str | None = locale
        while code is not None and code in self._catalogues and code not in out:
            out.append(code)
            code = self._catalogues[code].fallback
        return out

    def chain(self, locale: str | None) -> tuple[str, ...]:
        """The catalogues tried for ``locale``, in order: the locale, its language, their
        fallbacks, then the default.  Unknown or empty locales end at the default.

        >>> chooser = PromptChooser.load()
        >>> chooser.chain("fr_ca"), chooser.chain("nl-BE"), chooser.chain(None)
        (('fr-CA', 'fr', 'en'), ('en',), ('en',))
        """
        if locale is not None and not isinstance(locale, str):
            raise PromptError(f"locale: expected a string, got {type(locale).__name__}")
        known = self._chains.get(locale)
        return known if known is not None else self._chain(locale)

    def _chain(self, locale: str | None) -> tuple[str, ...]:
        lower = {c.lower(): c for c in self._catalogues}
        out: list[str] = []
        for tag in _tags(locale or ""):
            code = lower.get(tag.lower())
            if code is not None:
                out += [c for c in self._follow(code) if c not in out]
        out += [c for c in self._follow(self._config.default_locale) if c not in out]
        return tuple(out)

    # ----------------------------------------------------------------- choosing

    def _kind(self, assessment: AssessmentLike, key: str, reasons: list[str]) -> PromptKind:
        categories = {m.category for m in assessment.matches}
        raw = getattr(assessment, "categories", None)
        # A plain ``dict`` (the scorer's categories are one) answers before the ABC check.
        if isinstance(raw, (dict, Mapping)):
            categories |= {c for c, s in raw.items() if isinstance(s, int | float) and s > 0}
        if "self_harm" in categories:
            reasons.append("self_harm -> self_harm_support (support, not a scolding)")
            return PromptKind.SELF_HARM_SUPPORT
        if "threat" in categories:
            reasons.append("threat -> threat")
            return PromptKind.THREAT
        attack = sorted(categories & {"slur", "identity_attack"})
        if attack:
            reasons.append(f"{'/'.join(attack)} -> identity")
            return PromptKind.IDENTITY
        aimed = [m.term for m in assessment.matches if m.targeted]
        if aimed:
            reasons.append(f"aimed at a person ({', '.join(sorted(set(aimed)))}) -> targeted")
            return PromptKind.TARGETED
        share = self._config.guidelines_share
        if share and _unit(self._config.experiment, "guidelines", key) < share:
            reasons.append(f"guidelines for variety ({share:.0%} of reconsider cases)")
            return PromptKind.GUIDELINES
        reasons.append("no target or special category -> reconsider")
        return PromptKind.RECONSIDER

    def _history(self, history: AuthorHistory | None, now: datetime) -> AuthorHistory:
        if history is None:
            return _NO_HISTORY
        if not isinstance(history, AuthorHistory):
            raise PromptError(f"history: expected an AuthorHistory, got {type(history).__name__}")
        for i, r in enumerate(history.records):
            if r.at > now + self._config.clock_skew:
                raise PromptError(
                    f"history.records[{i}].at: {r.at.isoformat()} is after now "
                    f"({now.isoformat()}); pass now= or fix the clock"
                )
        return history

    def _render(
        self,
        kind: PromptKind,
        *,
        chain: Sequence[str],
        key: str,
        history: AuthorHistory,
        values: Mapping[str, str],
        region: str | None,
        reasons: list[str],
    ) -> Prompt:
        # Without per-call values, a prompt's plan depends only on the kind, the chain and
        # the region: worked out once each (a nudge costs about half), the catalogues
        # never change.  Calls with values work theirs out, and keep none (no unbounded
        # cache of apps' values).
        if values:
            plan = self._plan(kind, chain, values, region)
        else:
            at = (kind, tuple(chain), region)
            found = self._plans.get(at)
            if found is None:
                found = self._plans[at] = self._plan(kind, chain, values, region)
            plan = found
        cat = plan.cat
        if cat.locale != chain[0]:
            reasons.append(f"no {kind} message in {chain[0]!r}: using {cat.locale!r}")
            _log.debug("no %s message in %r: falling back to %r", kind.value, chain[0], cat.locale)
        candidates = list(plan.candidates)
        last = history.last()
        if last is not None and len(candidates) > 1:
            fresh = [m for m in candidates if m.id != last.message_id]
            if len(fresh) < len(candidates):
                reasons.append(f"not {last.message_id!r} again (shown last time)")
            candidates = fresh
        total = sum(m.weight for m in candidates)
        # ``kind`` is a ``StrEnum``: its text is its value (``.value`` goes through the
        # enum's descriptor, a cost paid on every nudge).
        point = _unit(self._config.experiment, kind, key) * total
        chosen = candidates[-1]
        for m in candidates:
            if point < m.weight:
                chosen = m
                break
            point -= m.weight
        reasons.append(f"variant {chosen.variant!r} of {len(candidates)} (stable hash of key)")
        helpline_from = plan.helpline_from
        if helpline_from is not None and "helpline" in chosen.placeholders:
            reasons.append(f"helpline from resource {helpline_from.id!r} ({region})")
        return Prompt(
            kind=kind,
            message_id=chosen.id,
            text=chosen.render(plan.filled),
            actions=plan.buttons,
            locale=cat.locale,
            variant=chosen.variant,
            resources=plan.resources,
            reasons=tuple(reasons),
        )

    def _plan(
        self,
        kind: PromptKind,
        chain: Sequence[str],
        values: Mapping[str, str],
        region: str | None,
    ) -> _RenderPlan:
        """What a prompt of ``kind`` shows besides its message: the catalogue it comes
        from, the candidate messages, the resources, the filled values and the buttons."""
        cats = [self._catalogues[c] for c in chain]
        resources: list[Resource] = []
        if region is not None:
            seen: set[str] = set()
            for cat in cats:
                for r in cat.resources:
                    if r.region == region and kind in r.kinds and r.id not in seen:
                        seen.add(r.id)
                        resources.append(r)
        filled = {**self._values, **values}
        helpline_from = None
        if "helpline" not in filled and resources:
            filled["helpline"] = resources[0].contact
            helpline_from = resources[0]
        cat = next(c for c in cats if c.wordings(kind))
        candidates = tuple(m for m in cat.wordings(kind) if m.placeholders <= filled.keys())
        actions = next((c.kind_actions[kind] for c in cats if kind in c.kind_actions), ())
        guidelines = filled.get("guidelines_url")
        if guidelines and kind in self._config.guidelines_button:
            actions = (*actions, Action.GUIDELINES) if Action.GUIDELINES not in actions else actions
        elif Action.GUIDELINES in actions:
            actions = tuple(a for a in actions if a is not Action.GUIDELINES)
        buttons = []
        for action in actions:
            if action is Action.GUIDELINES:
                g_label = next((c.labels[action] for c in cats if action in c.labels), None)
                if g_label is not None:
                    buttons.append(PromptAction(action, g_label, guidelines))
                continue
            label = next((c.labels[action] for c in cats if action in c.labels), action.value)
            url = None
            if action is Action.LEARN_MORE:
                # support first for self-harm; otherwise the app's guidelines
                links = [r.url for r in resources if r.url]
                if kind is PromptKind.SELF_HARM_SUPPORT:
                    url = next(iter(links), None) or filled.get("guidelines_url")
                else:
                    url = filled.get("guidelines_url") or next(iter(links), None)
            buttons.append(PromptAction(action, label, url))
        return _RenderPlan(
            cat=cat,
            candidates=candidates,
            resources=tuple(resources),
            filled=MappingProxyType(filled),
            helpline_from=helpline_from,
            buttons=tuple(buttons),
        )

    @staticmethod
    def _key(key: object, fallback: str) -> str:
        if key is None:
            return fallback
        if not isinstance(key, str):
            raise PromptError(
                f"key: expected a string (e.g. the comment id), got {type(key).__name__}"
            )
        return key

    @staticmethod
    def _now(now: datetime | None) -> datetime:
        if now is None:
            return datetime.now(UTC)
        if not isinstance(now, datetime):
            raise PromptError(f"now: expected a datetime, got {type(now).__name__}")
        return _utc(now)

    def choose(
        self,
        assessment: AssessmentLike,
        locale: str | None = None,
        history: AuthorHistory | None = None,
        key: str | None = None,
        *,
        values: Mapping[str, str] | None = None,
        region: str | None = None,
        now: datetime | None = None,
    ) -> Prompt | None:
        """The prompt to show for ``assessment``, or ``None`` (not flagged, or the author's
        prompt cap for the window is reached).

        * ``locale``: the app's locale (``"fr-CA"``); when ``None``, the comment's language.
        * ``history``: the author's :class:`AuthorHistory` (escalation, cap, no repeats).
        * ``key``: a stable id (the comment id) that picks the A/B variant; default: the text.
        * ``values``: placeholder values for this prompt (``{"author": "Sam"}``).
        * ``region``: the region for support resources when ``locale`` has none (``"FR"``).

        >>> from types import SimpleNamespace as NS
        >>> kys = NS(text="kys", score=0.9, flagged=True, language="en", threshold=0.5,
        ...          matches=(NS(term="kys", category="self_harm", steps=(), targeted=False),))
        >>> p = PromptChooser.load().choose(kys, locale="fr-FR", key="c-1")
        >>> p.kind, p.locale, [r.contact for r in p.resources]
        (<PromptKind.SELF_HARM_SUPPORT: 'self_harm_support'>, 'fr', ['3114', '3018'])
        """
        now = self._now(now)
        key = self._key(key, getattr(assessment, "text", ""))
        history = self._history(history, now)
        extra = _check_values(values, "values")
        if region is not None and (not isinstance(region, str) or not _REGION.match(region)):
            raise PromptError(f"region: expected an ISO 3166 code such as 'FR', got {region!r}")
        if not isinstance(getattr(assessment, "flagged", None), bool):
            raise PromptError(
                f"assessment: expected a nudge Assessment, got {type(assessment).__name__}"
            )
        if not assessment.flagged:
            return None
        reasons = [f"flagged: score {assessment.score:.2f} >= {assessment.threshold:.2f}"]
        nudges = [r for r in history.records if r.kind is not PromptKind.THANKS]
        recent = [r for r in nudges if now - r.at < self._config.window]
        if len(recent) >= self._config.max_prompts:
            return None
        kind = self._kind(assessment, key, reasons)
        if kind in _ESCALATING:
            often = [r for r in nudges if now - r.at < self._config.repeat_window]
            if len(often) >= self._config.repeat_after:
                days = self._config.repeat_window.days
                reasons.append(f"{len(often)} nudges in {days} days -> repeat (was {kind})")
                kind = PromptKind.REPEAT
        asked = locale if locale else assessment.language
        chain = self.chain(asked)
        reasons.append(f"locale {asked!r} -> {' -> '.join(chain)}")
        return self._render(
            kind,
            chain=chain,
            key=key,
            history=history,
            values=extra,
            region=region or _region(locale),
            reasons=reasons,
        )

    def thanks(
        self,
        locale: str | None = None,
        history: AuthorHistory | None = None,
        key: str = "",
        *,
        values: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> Prompt:
        """A thank-you prompt, for an author who edited toward kindness (never capped).

        >>> PromptChooser.load().thanks(locale="fr-CA", key="c-9").locale
        'fr-CA'
        """
        now = self._now(now)
        key = self._key(key, "")
        history = self._history(history, now)
        chain = self.chain(locale)
        return self._render(
            PromptKind.THANKS,
            chain=chain,
            key=key,
            history=history,
            values=_check_values(values, "values"),
            region=_region(locale),
            reasons=["the edit became acceptable -> thanks"],
        )

    # ----------------------------------------------------------------- after the nudge

    @property
    def scorer(self) -> ScorerLike:
        """The scorer :meth:`review_edit` uses (``nudge.Scorer.load()`` unless given)."""
        if self._scorer is None:
            with self._lock:
                if self._scorer is None:
                    from nudge.scorer import Scorer

                    object.__setattr__(self, "_scorer", Scorer.load())
        assert self._scorer is not None
        return self._scorer

    def review_edit(
        self,
        before: AssessmentLike | str,
        after: str,
        *,
        locale: str | None = None,
        history: AuthorHistory | None = None,
        key: str | None = None,
        values: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> EditReview:
        """Re-score an edited comment: acceptable, still offensive, or only disguised.

        An edit is *disguised* when a term of the original survives in the edit only through
        a disguise (:data:`DISGUISE_STEPS`: leet, homoglyphs, split letters, masks...) it did
        not need before, even if the score fell under the threshold.  An acceptable edit
        comes with a thank-you prompt (``review.thanks``).

        >>> from types import SimpleNamespace as NS
        >>> def a(text, flagged, *ms):
        ...     return NS(text=text, score=0.9 if flagged else 0.1, flagged=flagged,
        ...               language="en", threshold=0.5, matches=ms)
        >>> idiot = NS(term="idiot", category="insult", steps=(), targeted=True)
        >>> id1ot = NS(term="idiot", category="insult", steps=("leet",), targeted=True)
        >>> scorer = NS(score=lambda text, lang=None: a(text, True, id1ot))
        >>> chooser = PromptChooser.load(scorer=scorer)
        >>> r = chooser.review_edit(a("you idiot", True, idiot), "you id1ot")
        >>> r.verdict, r.surviving_terms, r.disguise_steps
        (<EditVerdict.DISGUISED: 'disguised'>, ('idiot',), ('leet',))
        """
        if not isinstance(after, str):
            raise PromptError(f"after: expected the edited text (str), got {type(after).__name__}")
        scorer = self.scorer
        if isinstance(before, str):
            before_a = scorer.score(before)
        elif isinstance(getattr(before, "flagged", None), bool):
            before_a = before
        else:
            raise PromptError(f"before: expected an Assessment or str, got {type(before).__name__}")
        after_a = scorer.score(after)
        steps_before: dict[str, set[str]] = {}
        for m in before_a.matches:
            steps_before.setdefault(m.term, set()).update(m.steps)
        surviving = sorted({m.term for m in after_a.matches if m.term in steps_before})
        disguised_terms: set[str] = set()
        disguise: set[str] = set()
        for m in after_a.matches:
            if m.term in steps_before:
                new = (set(m.steps) & DISGUISE_STEPS) - steps_before[m.term]
                if new:
                    disguised_terms.add(m.term)
                    disguise |= new
        reasons = [
            f"before: score {before_a.score:.2f}, after: score {after_a.score:.2f} "
            f"(threshold {after_a.threshold:.2f})"
        ]
        thanks = None
        if disguise:
            verdict = EditVerdict.DISGUISED
            reasons.append(
                f"{', '.join(sorted(disguised_terms))} survived, disguised by "
                f"{', '.join(sorted(disguise))}"
            )
        elif after_a.flagged:
            verdict = EditVerdict.STILL_OFFENSIVE
            reasons.append(
                "still over the threshold" + (f"; kept {', '.join(surviving)}" if surviving else "")
            )
        else:
            verdict = EditVerdict.ACCEPTABLE
            reasons.append("under the threshold, no disguised term")
            thanks = self.thanks(
                locale=locale if locale else (after_a.language or before_a.language),
                history=history,
                key=self._key(key, after),
                values=values,
                now=now,
            )
        return EditReview(
            verdict=verdict,
            before=before_a,
            after=after_a,
            surviving_terms=tuple(surviving),
            disguise_steps=tuple(sorted(disguise)),
            reasons=tuple(reasons),
            thanks=thanks,
        )


# ----------------------------------------------------------------------------- statistics


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; ``(0.0, 1.0)`` when there are no trials.

    >>> low, high = wilson_interval(40, 100)
    >>> round(low, 3), round(high, 3)
    (0.309, 0.498)
    """
    if type(successes) is not int or type(trials) is not int or not 0 <= successes <= trials:
        raise PromptError(f"need 0 <= successes <= trials, got {successes!r}/{trials!r}")
    if not 0 < confidence < 1:
        raise PromptError(f"confidence: must be in (0, 1), got {confidence!r}")
    if trials == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True, slots=True)
class Rate:
    """A proportion with its Wilson confidence interval.

    >>> str(Rate.of(40, 100))
    '40.0% (95% CI 30.9-49.8%, 40/100)'
    """

    successes: int
    trials: int
    low: float
    high: float
    confidence: float = 0.95

    @classmethod
    def of(cls, successes: int, trials: int, confidence: float = 0.95) -> Rate:
        """The rate ``successes / trials`` with its Wilson interval.

        >>> str(Rate.of(4, 10))
        '40.0% (95% CI 16.8-68.7%, 4/10)'
        """
        low, high = wilson_interval(successes, trials, confidence)
        return cls(successes, trials, low, high, confidence)

    @property
    def value(self) -> float:
        """``successes / trials`` (0.0 when there are no trials)."""
        return self.successes / self.trials if self.trials else 0.0

    def __str__(self) -> str:
        return (
            f"{self.value:.1%} ({self.confidence:.0%} CI {self.low * 100:.1f}-"
            f"{self.high:.1%}, {self.successes}/{self.trials})"
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """What happened after the prompts of one message and variant (or of a whole group).

    >>> c = Counts(shown=10, edited=3, withdrawn=1, posted_anyway=6, edit_became_acceptable=2)
    >>> c.withdrawn_or_edited().value, c.edits_acceptable().value
    (0.4, 0.6666666666666666)
    """

    shown: int = 0
    edited: int = 0
    withdrawn: int = 0
    posted_anyway: int = 0
    edit_became_acceptable: int = 0
    edit_disguised: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.shown + other.shown,
            self.edited + other.edited,
            self.withdrawn + other.withdrawn,
            self.posted_anyway + other.posted_anyway,
            self.edit_became_acceptable + other.edit_became_acceptable,
            self.edit_disguised + other.edit_disguised,
        )

    def withdrawn_or_edited(self, confidence: float = 0.95) -> Rate:
        """Share of prompts after which the comment was withdrawn or edited (TikTok's 4 in 10).

        >>> Counts(shown=5, withdrawn=2).withdrawn_or_edited().value
        0.4
        """
        return Rate.of(self.edited + self.withdrawn, self.shown, confidence)

    def edits_acceptable(self, confidence: float = 0.95) -> Rate:
        """Share of edits that became acceptable (OpenWeb: about half).

        >>> Counts(shown=4, edited=2, edit_became_acceptable=1).edits_acceptable().value
        0.5
        """
        return Rate.of(self.edit_became_acceptable, self.edited, confidence)


@dataclass(frozen=True, slots=True)
class StatsRow:
    """The counts of one (message, variant)."""

    message_id: str
    variant: str
    kind: PromptKind
    counts: Counts


@dataclass(frozen=True, slots=True)
class NudgeStats:
    """Outcome counts per message and variant: an immutable value.

    :meth:`record` returns a new ``NudgeStats`` (the old one is unchanged); rows are kept
    sorted by message id and variant, so equal histories give equal values.

    >>> p = PromptChooser.load().thanks(locale="en", key="k")
    >>> s = NudgeStats().record(p, Outcome.EDITED, EditVerdict.ACCEPTABLE).record(p)
    >>> s.total().shown, s.total().edits_acceptable().value
    (2, 1.0)
    """

    rows: tuple[StatsRow, ...] = ()

    def record(
        self,
        nudge: Prompt | NudgeRecord,
        outcome: Outcome | None = None,
        verdict: EditVerdict | EditReview | None = None,
    ) -> NudgeStats:
        """Count one shown prompt and what the author did (default: the record's outcome, or
        ``pending`` for a prompt).  ``verdict`` (or an :class:`EditReview`) is for edits.

        >>> NudgeStats().record(PromptChooser.load().thanks(key="k"), Outcome.WITHDRAWN,
        ...                     EditVerdict.ACCEPTABLE)
        Traceback (most recent call last):
        ...
        nudge.errors.PromptError: verdict: only an edited nudge has an edit verdict
        """
        if isinstance(nudge, NudgeRecord):
            outcome = nudge.outcome if outcome is None else outcome
            verdict = nudge.verdict if verdict is None else verdict
        elif not isinstance(nudge, Prompt):
            raise PromptError(
                f"nudge: expected a Prompt or NudgeRecord, got {type(nudge).__name__}"
            )
        outcome = Outcome.PENDING if outcome is None else Outcome(outcome)
        if isinstance(verdict, EditReview):
            verdict = verdict.verdict
        if verdict is not None:
            verdict = EditVerdict(verdict)
            if outcome is not Outcome.EDITED:
                raise PromptError("verdict: only an edited nudge has an edit verdict")
        add = Counts(
            shown=1,
            edited=int(outcome is Outcome.EDITED),
            withdrawn=int(outcome is Outcome.WITHDRAWN),
            posted_anyway=int(outcome is Outcome.POSTED_ANYWAY),
            edit_became_acceptable=int(verdict is EditVerdict.ACCEPTABLE),
            edit_disguised=int(verdict is EditVerdict.DISGUISED),
        )
        return self._add(StatsRow(nudge.message_id, nudge.variant, nudge.kind, add))

    def _add(self, new: StatsRow) -> NudgeStats:
        rows = list(self.rows)
        for i, row in enumerate(rows):
            if (row.message_id, row.variant) == (new.message_id, new.variant):
                rows[i] = StatsRow(row.message_id, row.variant, row.kind, row.counts + new.counts)
                return NudgeStats(tuple(rows))
        rows.append(new)
        return NudgeStats(tuple(sorted(rows, key=lambda r: (r.message_id, r.variant))))

    def merge(self, other: NudgeStats) -> NudgeStats:
        """The sum of two stats (e.g. from two servers).

        >>> NudgeStats().merge(NudgeStats()).rows
        ()
        """
        out = self
        for row in other.rows:
            out = out._add(row)
        return out

    @classmethod
    def from_records(cls, records: Iterable[NudgeRecord]) -> NudgeStats:
        """Stats of many records (e.g. every author's history).

        >>> r = NudgeRecord(datetime(2026, 1, 1), "reconsider.ask", "reconsider", "ask",
        ...                 Outcome.WITHDRAWN)
        >>> NudgeStats.from_records([r, r]).total().withdrawn
        2
        """
        out = cls()
        for r in records:
            out = out.record(r)
        return out

    def total(
        self,
        *,
        kind: PromptKind | None = None,
        message_id: str | None = None,
        variant: str | None = None,
    ) -> Counts:
        """The counts of every row matching the filters (all rows by default).

        >>> NudgeStats().total(kind=PromptKind.THREAT).shown
        0
        """
        out = Counts()
        for row in self.rows:
            if kind is not None and row.kind is not kind:
                continue
            if message_id is not None and row.message_id != message_id:
                continue
            if variant is not None and row.variant != variant:
                continue
            out = out + row.counts
        return out

    def report(self, confidence: float = 0.95) -> str:
        """One line per (message, variant): shown, withdrawn-or-edited rate, acceptable edits.

        >>> print(NudgeStats().report())
        message variant shown withdrawn_or_edited edits_acceptable
        """
        lines = ["message variant shown withdrawn_or_edited edits_acceptable"]
        for row in self.rows:
            c = row.counts
            lines.append(
                f"{row.message_id} {row.variant} {c.shown} "
                f"{c.withdrawn_or_edited(confidence)} {c.edits_acceptable(confidence)}"
            )
        return "\n".join(lines)


def _rebuild_chooser(
    catalogues: tuple[MessageCatalogue, ...],
    config: ChooserConfig,
    values: dict[str, str],
    scorer: ScorerLike | None,
) -> PromptChooser:
    return PromptChooser(catalogues, config=config, values=values, scorer=scorer)
