"""The phrasing of ``Assessment.reasons`` / ``explain()``: ``_data/reasons.toml`` read
once and handed to the compiled core, which renders each match's line from the
structured records of the rules that applied to it (``docs/scoring.md``, "explain()").

The core checks every template (the keys it knows, the fields each may fill in); this
module turns its complaint into a :class:`~nudge.errors.LexiconError` naming the file,
the line and the key.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from nudge import _core
from nudge._datafile import read_data_text
from nudge._toml_lines import TomlLines
from nudge.errors import LexiconError

__all__ = ["phrasing", "phrasing_from"]

_SHOWN = "nudge/_data/reasons.toml"


@cache
def phrasing() -> _core.CorePhrasing:
    """The bundled phrasing, parsed once per process.

    >>> type(phrasing()).__name__
    'CorePhrasing'
    """
    item = resources.files("nudge").joinpath("_data/reasons.toml")
    return phrasing_from(read_data_text(item, _SHOWN), _SHOWN)


def phrasing_from(text: str, shown: str) -> _core.CorePhrasing:
    """The phrasing of a ``reasons.toml`` text (``shown`` names it in errors).

    >>> phrasing_from("[line]\\nmatch = '{nope}'\\n[notes]\\n", "r.toml")
    Traceback (most recent call last):
    ...
    nudge.errors.LexiconError: r.toml:2: line.match: unknown field {nope}
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"not valid TOML: {exc}", path=shown) from None
    lines = TomlLines(text)
    tables: dict[str, list[tuple[str, str]]] = {}
    for name in ("line", "notes"):
        table = data.get(name)
        if not isinstance(table, dict):
            raise LexiconError("missing table", path=shown, field=f"[{name}]")
        pairs = []
        for key, value in table.items():
            if not isinstance(value, str):
                at = lines.key(key, lines.table(name))
                raise LexiconError(
                    f"expected a string, got {type(value).__name__}",
                    path=shown,
                    line=at,
                    field=f"{name}.{key}",
                )
            pairs.append((key, value))
        tables[name] = pairs
    try:
        return _core.CorePhrasing(tables["line"], tables["notes"])
    except ValueError as exc:
        # The core's message starts with the key: "notes.negated: unknown field {x}".
        field, _, message = str(exc).partition(": ")
        table, _, key = field.partition(".")
        at = lines.key(key, lines.table(table)) if table in tables else None
        raise LexiconError(message, path=shown, line=at, field=field) from None
