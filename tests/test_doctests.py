"""Run the examples in every public docstring of the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import nudge

# Modules of optional extras: their examples run where the extra is installed (CI).
OPTIONAL = {"nudge.spark": "pyspark", "nudge.dask": "distributed", "nudge.columns": "pyarrow"}
# Every module of the server subpackage needs the `server` extra (its examples use the
# in-process client of `server-test`).
OPTIONAL_PACKAGES = {"nudge.server": ("starlette", "httpx2")}


def _modules() -> list[str]:
    names = ["nudge"]
    # walk_packages: the research toolkit is a subpackage (nudge.research).
    for info in pkgutil.walk_packages(nudge.__path__, "nudge."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    for package, needs in OPTIONAL_PACKAGES.items():
        if name == package or name.startswith(package + "."):
            for extra in needs:
                pytest.importorskip(extra)
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
