"""Run the examples in every public docstring of the installed package."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from types import ModuleType

import pytest

import nudge

# Modules of optional extras: their examples run where the extra is installed (CI).
OPTIONAL = {"nudge.spark": "pyspark", "nudge.dask": "distributed", "nudge.columns": "pyarrow"}
# Functions of core modules whose examples need an extra (their module's others run
# everywhere): each runs where its extra is installed, and is left out elsewhere.
OPTIONAL_EXAMPLES = {"nudge.readers.line_numbers": "pyarrow"}
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
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    for test in doctest.DocTestFinder().find(module):
        needed = OPTIONAL_EXAMPLES.get(test.name)
        if needed is not None and importlib.util.find_spec(needed) is None:
            continue
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
