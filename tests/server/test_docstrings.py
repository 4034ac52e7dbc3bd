"""The docstring examples of the server modules (tests/test_doctests.py sees only the
top-level modules of nudge)."""

from __future__ import annotations

import doctest
import importlib

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

MODULES = ["app", "config", "openapi", "serialize", "storage", "_factory"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"nudge.server.{name}")
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
