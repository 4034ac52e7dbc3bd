"""Run the examples in every public docstring of the installed package."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
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


def _import_or_skip(name: str) -> ModuleType:
    """The module, or the test skipped when an extra it needs is not installed."""
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    for package, needs in OPTIONAL_PACKAGES.items():
        if name == package or name.startswith(package + "."):
            for extra in needs:
                pytest.importorskip(extra)
    return importlib.import_module(name)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = _import_or_skip(name)
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


def _public_functions(module: ModuleType) -> list[tuple[str, object]]:
    """The functions of ``module.__all__`` and the methods of its classes (not of
    protocols, whose methods only name what an implementation provides), by name."""
    out: list[tuple[str, object]] = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if not getattr(obj, "__module__", "").startswith("nudge"):
            continue  # re-exported from elsewhere
        if inspect.isfunction(obj):
            out.append((name, obj))
        elif inspect.isclass(obj) and not getattr(obj, "_is_protocol", False):
            for attr, value in vars(obj).items():
                func = value.__func__ if isinstance(value, classmethod | staticmethod) else value
                if not attr.startswith("_") and inspect.isfunction(func):
                    out.append((f"{name}.{attr}", func))
    return out


@pytest.mark.parametrize("name", [n for n in _modules() if "._" not in n])
def test_every_public_function_has_an_example(name: str) -> None:
    """The project's rule: every public function has a docstring with a short example."""
    module = _import_or_skip(name)
    missing = [n for n, f in _public_functions(module) if ">>>" not in (inspect.getdoc(f) or "")]
    assert not missing, f"{name}: no example in the docstring of {', '.join(missing)}"
