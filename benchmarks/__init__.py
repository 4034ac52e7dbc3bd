"""nudge's benchmarks, gathered behind one entry point: ``python -m benchmarks``.

Every module ``benchmarks/<name>.py`` (not starting with ``_``) that defines
``run(args: argparse.Namespace) -> dict`` is a benchmark; :func:`discover` finds them at
run time, so a benchmark is added by dropping a file here.  ``args`` carries the common
options (``quick``, ``repeat``, ``seed``); results are plain JSON-ready dicts.

>>> isinstance(discover(), dict)
True
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

__all__ = ["discover"]


def discover() -> dict[str, str]:
    """Benchmark names and their module paths, sorted by name.

    >>> all(not name.startswith("_") for name in discover())
    True
    """
    here = str(Path(__file__).parent)
    return {
        info.name: f"benchmarks.{info.name}"
        for info in sorted(pkgutil.iter_modules([here]), key=lambda i: i.name)
        if not info.name.startswith("_") and not info.ispkg
    }
