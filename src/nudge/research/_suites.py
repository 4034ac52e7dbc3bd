"""The built-in benign suites (Scunthorpe and identity), read from ``_data/suites/*.toml``.

>>> suite = load_suite("scunthorpe")
>>> suite.name, len(suite.cases) >= 80, sorted({c.lang for c in suite.cases})
('scunthorpe', True, ['en', 'fr'])
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["SUITES", "Suite", "SuiteCase", "load_suite"]

SUITES: tuple[str, ...] = ("scunthorpe", "identity")
"""Names of the built-in suites."""


@dataclass(frozen=True, slots=True)
class SuiteCase:
    """One benign sentence of a suite (label 0).

    >>> SuiteCase("en", "Scunthorpe won.", "cunt").trap
    'cunt'
    """

    lang: str
    text: str
    trap: str = ""


@dataclass(frozen=True, slots=True)
class Suite:
    """A named list of benign cases.

    >>> Suite("x", "demo", (SuiteCase("en", "hello"),)).cases[0].text
    'hello'
    """

    name: str
    description: str
    cases: tuple[SuiteCase, ...]


@cache
def load_suite(name: str) -> Suite:
    """Load a built-in suite by name (one of :data:`SUITES`).

    >>> load_suite("identity").description
    'identity terms in neutral and positive sentences'
    """
    if name not in SUITES:
        raise ValueError(f"unknown suite {name!r}; choose from {list(SUITES)}")
    raw = tomllib.loads(
        resources.files("nudge").joinpath(f"_data/suites/{name}.toml").read_text(encoding="utf-8")
    )
    meta = raw["suite"]
    cases = tuple(
        SuiteCase(str(c["lang"]), str(c["text"]), str(c.get("trap", ""))) for c in raw["case"]
    )
    return Suite(str(meta["name"]), str(meta["description"]), cases)
