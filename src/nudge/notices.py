"""Messages for the author of a held or rejected comment: why, and what they can do.

The wordings are data in the packs (``lexicons/<code>/notices.toml``), validated with
file, line and field.  A :class:`PolicyChain <nudge.policies.PolicyChain>` attaches an
:class:`AuthorNotice` to every ``HOLD`` or ``REJECT`` decision (``Decision.notice``);
hidden comments, visible only to their author, get none on purpose.

>>> book = NoticeBook.load(guidelines_url="https://example.org/rules")
>>> n = book.notice("hold", "offensive_filter", locale="fr-CA")
>>> n.id, n.locale, n.url
('hold.review', 'fr', 'https://example.org/rules')
>>> book.notice("hide", "restrict") is None
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from nudge._datafile import read_data_text
from nudge._toml_lines import TomlLines
from nudge.errors import ConfigError, LexiconError
from nudge.prompts import _ID, _tags

__all__ = ["NOTICE_ACTIONS", "AuthorNotice", "NoticeBook", "validate_notices"]

NOTICE_ACTIONS: Final = frozenset({"hold", "reject"})
"""The decisions whose author is told: held (waiting) and rejected (not posted)."""

_KEYS: Final = frozenset({"locale", "notice"})
_NOTICE_KEYS: Final = frozenset({"id", "action", "policies", "text", "next", "note"})


@dataclass(frozen=True, slots=True)
class AuthorNotice:
    """What to tell the author: ``text`` (why) and ``next`` (what they can do).

    ``url`` is the app's Community Guidelines, when it gave one.
    """

    id: str
    action: str
    policies: frozenset[str]
    text: str
    next: str
    locale: str
    url: str | None = None
    line: int | None = None


def _policy_kinds() -> frozenset[str]:
    from nudge.policies import _KINDS

    return frozenset(_KINDS)


def _parse(text: str, path: str) -> tuple[list[AuthorNotice], str, list[LexiconError]]:
    errors: list[LexiconError] = []

    def add(message: str, line: int | None, name: str) -> None:
        errors.append(LexiconError(message, path=path, line=line, field=name))

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], "", [LexiconError(f"not valid TOML: {exc}", path=path)]
    lines = TomlLines(text)
    for key in data:
        if key not in _KEYS:
            add(f"unknown key (allowed: {', '.join(sorted(_KEYS))})", lines.key(key), key)
    locale = data.get("locale")
    if not isinstance(locale, str) or not locale.strip():
        add("is required (the locale of the file)", lines.key("locale"), "locale")
        locale = ""
    raw = data.get("notice", [])
    if not isinstance(raw, list) or not all(isinstance(n, dict) for n in raw):
        add("must be [[notice]] tables", lines.key("notice"), "notice")
        return [], locale, errors
    starts = lines.entries("notice")
    kinds = _policy_kinds()
    out: list[AuthorNotice] = []
    seen: set[str] = set()
    for i, n in enumerate(raw):
        start = starts[i] if i < len(starts) else None

        def at(name: str, start: int | None = start) -> int | None:
            return lines.key(name, start) if start is not None else None

        before = len(errors)
        for key in n:
            if key not in _NOTICE_KEYS:
                add(f"unknown field (allowed: {', '.join(sorted(_NOTICE_KEYS))})", at(key), key)
        nid = n.get("id")
        if not isinstance(nid, str) or not _ID.match(nid):
            add("must be lower-case letters, digits, '.', '_' or '-'", at("id"), "id")
        elif nid in seen:
            add(f"duplicate id {nid!r}", at("id"), "id")
        if n.get("action") not in NOTICE_ACTIONS:
            add(f"must be one of {', '.join(sorted(NOTICE_ACTIONS))}", at("action"), "action")
        for name in ("text", "next"):
            value = n.get(name)
            if not isinstance(value, str) or not value.strip():
                add("is required (a non-empty string)", at(name), name)
            elif "{" in value or "}" in value:
                add("notices hold no placeholders (the link is AuthorNotice.url)", at(name), name)
        policies = n.get("policies", [])
        if not isinstance(policies, list) or any(p not in kinds for p in policies):
            add(
                f"must be an array of policy kinds ({', '.join(sorted(kinds))})",
                at("policies"),
                "policies",
            )
        if len(errors) > before:
            continue
        seen.add(nid)
        out.append(
            AuthorNotice(
                nid, n["action"], frozenset(policies), n["text"], n["next"], locale, line=start
            )
        )
    for action in sorted({n.action for n in out}):
        if not any(n.action == action and not n.policies for n in out):
            add(f"action {action!r} needs a fallback notice without 'policies'", None, "notice")
    return out, locale, errors


def validate_notices(path: str | Path) -> list[str]:
    """Every problem of one ``notices.toml``, as ``"file:line: field: message"`` lines.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "notices.toml"
    ...     _ = p.write_text('locale = "en"\\n[[notice]]\\nid = "a"\\naction = "hide"\\n'
    ...                      'text = "x"\\nnext = "y"\\n', encoding="utf-8")
    ...     [line.replace(str(p), "notices.toml") for line in validate_notices(p)]
    ['notices.toml:4: action: must be one of hold, reject']
    """
    shown = str(path)
    try:
        text = read_data_text(Path(path), shown)
    except LexiconError as exc:
        return [str(exc)]
    return [str(e) for e in _parse(text, shown)[2]]


@cache
def _bundled() -> Mapping[str, tuple[AuthorNotice, ...]]:
    from nudge.lexicon import bundled_packs_root

    out: dict[str, tuple[AuthorNotice, ...]] = {}
    for child in sorted(bundled_packs_root().iterdir(), key=lambda c: c.name):
        item = child.joinpath("notices.toml")
        if item.is_file():
            found, locale, errors = _parse(
                item.read_text(encoding="utf-8"), f"{child.name}/notices.toml"
            )
            if errors:
                raise errors[0]
            out[locale] = tuple(found)
    return MappingProxyType(out)


@dataclass(frozen=True, slots=True)
class NoticeBook:
    """The notices of every locale, and the app's guidelines link; immutable.

    >>> NoticeBook.load().locales
    ('de', 'en', 'es', 'fr', 'it', 'pt')
    """

    notices: Mapping[str, tuple[AuthorNotice, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    guidelines_url: str | None = None
    default_locale: str = "en"

    def __post_init__(self) -> None:
        object.__setattr__(self, "notices", MappingProxyType(dict(self.notices)))
        if self.default_locale not in self.notices:
            raise ConfigError(f"no notices for {self.default_locale!r}", path="default_locale")
        url = self.guidelines_url
        if url is not None and (not isinstance(url, str) or not url.strip()):
            raise ConfigError("must be a non-empty string or None", path="guidelines_url")

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle: rebuild from a plain dict.
        return (NoticeBook, (dict(self.notices), self.guidelines_url, self.default_locale))

    @classmethod
    def load(
        cls, paths: Iterable[str | Path] = (), *, guidelines_url: str | None = None
    ) -> NoticeBook:
        """The bundled notices plus those in ``paths`` (a file's locale replaces a bundled one).

        >>> NoticeBook.load(guidelines_url="").guidelines_url
        Traceback (most recent call last):
        ...
        nudge.errors.ConfigError: guidelines_url: must be a non-empty string or None
        """
        books = dict(_bundled())
        for p in paths:
            path = Path(p)
            if path.is_dir():
                path = path / "notices.toml"
            found, locale, errors = _parse(read_data_text(path, str(path)), str(path))
            if errors:
                raise errors[0]
            books[locale] = tuple(found)
        return cls(MappingProxyType(books), guidelines_url)

    @property
    def locales(self) -> tuple[str, ...]:
        """The locales with notices, sorted."""
        return tuple(sorted(self.notices))

    def notice(
        self, action: str, policy: str | None, locale: str | None = None
    ) -> AuthorNotice | None:
        """The notice for a decision (``None`` for actions whose author is not told).

        The locale falls back to its language, then to the default locale; within a locale
        the first notice naming ``policy`` wins, then the action's fallback.

        >>> NoticeBook.load().notice("reject", "block_list").id
        'reject.other'
        """
        if str(action) not in NOTICE_ACTIONS:
            return None
        lower = {c.lower(): c for c in self.notices}
        chain = [lower[t.lower()] for t in _tags(locale or "") if t.lower() in lower]
        chain.append(self.default_locale)
        for code in chain:
            fitting = [n for n in self.notices[code] if n.action == str(action)]
            chosen = next((n for n in fitting if policy in n.policies), None) or next(
                (n for n in fitting if not n.policies), None
            )
            if chosen is not None:
                return replace(chosen, url=self.guidelines_url)
        return None
