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
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
