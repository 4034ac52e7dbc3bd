"""PySpark's worker daemon, started with what every nudge task needs already loaded.

Spark starts one daemon per executor (``python -m pyspark.daemon``), which forks a Python
worker for each concurrent task slot; each worker then imports ``pyspark.worker``,
unpickles the task, imports nudge and loads the Scorer.  Measured on a 400,000-row
``nudge score --engine spark`` run, a worker's first part cost 1.4 CPU seconds more than
its later ones: every worker paid those imports and the Scorer's load again.  Started as
``spark.python.daemon.module``, this module does that work once, in the daemon, then runs
PySpark's own daemon unchanged: the forked workers inherit the loaded modules and the
Scorer (copy-on-write) and start scoring at once.

Only modules that start no thread are loaded before the fork (forking a process with
other threads running is unsafe): ``pyspark.worker``, nudge's own modules and its
compiled core; ``pyarrow`` (and the ``numpy`` it imports) only in the environment of
:data:`QUIET_ARROW`, where they start none (which ``nudge score``'s local Spark gives its
daemon), else every worker imports them itself.  The loaded objects are then frozen out of the
garbage collector's reach (``gc.freeze``), so that neither the collections PySpark runs
between tasks nor the workers' own rescan them or write to their pages.

Spark puts the zip archives of PySpark and py4j (``$SPARK_HOME/python/lib``) first on its
Python workers' path.  Python compiles a module imported from a zip archive every time
(it writes no bytecode there), so importing ``pyspark.worker`` from them cost the daemon
0.75 CPU s instead of 0.13 from the installed package.  When those archives are the ones
shipped inside the very PySpark package this interpreter has installed (a PySpark
installed with pip, as in local mode), they are the same files: the daemon drops them
from its path (:func:`installed_path`) and imports the installed, compiled copy.  Spark
also puts its ``spark-core`` jar there (for builds that shipped PySpark inside it); one of
the installed package's own jars that holds no Python is dropped too, since PySpark's
workers read every archive's listing again at their first task.

The Scorer's options come from ``NUDGE_SPARK_SCORER`` (JSON of the options
:func:`nudge.workers.scorer_for` takes), which :func:`nudge.engines.run_spark` sets; a
worker whose task asks for other options loads its own Scorer as before.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import runpy
import sys
import zipfile
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

from nudge import _sparkwarm
from nudge._sparkwarm import WARM_VARIABLE

__all__ = ["QUIET_ARROW", "arrow_is_quiet", "installed_path", "preload", "prepare"]

OPTIONS_VARIABLE = "NUDGE_SPARK_SCORER"
"""The environment variable holding the JSON options of the Scorer to load."""

QUIET_ARROW: dict[str, str] = {
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
    "OPENBLAS_NUM_THREADS": "1",
}
"""The environment in which importing ``pyarrow`` starts no thread, so that the daemon
may import it before it forks its workers (measured: one thread after importing
``pyarrow``, its ``compute``, ``json`` and ``parquet`` modules, and the ``numpy`` that
``pyarrow`` imports).  Without it, ``pyarrow`` starts jemalloc's background thread and
``numpy`` an OpenBLAS thread.  Arrow's buffers then come from the C library's allocator:
with mimalloc, Arrow's default, each worker's first parts read and wrote several times
slower while its heaps warmed up (round 11, the Dask command's threads)."""


def preload(environ: Any = os.environ) -> bool:
    """Import what a task needs and load the Scorer named by ``environ``; whether a
    Scorer was loaded.  Anything going wrong here is left for the workers to meet and
    report in their tasks, where Spark shows it against the task (a daemon that fails
    to start only says that it could not).

    >>> preload({OPTIONS_VARIABLE: '{"threshold": 0.5}'})
    True
    >>> preload({OPTIONS_VARIABLE: '{"treshold": 0.5}'})  # the task will say what is wrong
    False
    """
    with contextlib.suppress(ImportError):  # the daemon imports it in every forked worker
        import pyspark.worker  # noqa: F401
    # score_part's module, and through it nudge.columns, readers, scorer and the core.
    import nudge.backlog  # noqa: F401

    if arrow_is_quiet(os.environ):  # the process's own: what the libraries will read
        # What every worker's first part imported (0.2 CPU s), imported once here.
        with contextlib.suppress(ImportError):
            import pyarrow.compute
            import pyarrow.json
            import pyarrow.parquet  # noqa: F401  (imported for the parts, not used here)
    from nudge.workers import scorer_for

    raw = environ.get(OPTIONS_VARIABLE)
    if raw is None:
        return False
    try:
        scorer_for(json.loads(raw))
    except Exception:  # reported by the task that loads it (see above)
        return False
    return True


def arrow_is_quiet(environ: Any) -> bool:
    """Whether ``environ`` is :data:`QUIET_ARROW`'s (then ``pyarrow`` may be imported
    before a fork).

    >>> arrow_is_quiet(QUIET_ARROW), arrow_is_quiet({**QUIET_ARROW, "OPENBLAS_NUM_THREADS": "2"})
    (True, False)
    """
    return all(environ.get(name) == value for name, value in QUIET_ARROW.items())


def installed_path(path: list[str]) -> list[str]:
    """``path`` (``sys.path``) without Spark's zip archives of PySpark and py4j when they
    are copies of the packages installed on the rest of ``path``: ``pyspark.zip`` when it
    is the one inside the installed ``pyspark`` package (``pyspark/python/lib``), the
    ``py4j-*-src.zip`` beside it when its ``py4j/version.py`` is the installed one's; and
    without a jar of that package's ``jars`` folder that holds no Python.

    >>> installed_path(["/elsewhere/python/lib/pyspark.zip", "/elsewhere/jars/a.jar"])
    ['/elsewhere/python/lib/pyspark.zip', '/elsewhere/jars/a.jar']
    """
    plain = [p for p in path if not p.endswith(".zip")]
    pyspark = PathFinder.find_spec("pyspark", plain)
    if pyspark is None or pyspark.origin is None:
        return list(path)
    lib = Path(pyspark.origin).parent / "python" / "lib"
    py4j = PathFinder.find_spec("py4j", plain)
    installed_py4j = None
    if py4j is not None and py4j.origin is not None:
        with contextlib.suppress(OSError):
            installed_py4j = (Path(py4j.origin).parent / "version.py").read_bytes()
    kept = []
    for entry in path:
        where = Path(entry)
        if entry.endswith(".zip") and _same_folder(where.parent, lib):
            if where.name == "pyspark.zip":
                continue
            if (
                where.name.startswith("py4j-")
                and installed_py4j is not None
                and _zipped(where, "py4j/version.py") == installed_py4j
            ):
                continue
        if (
            entry.endswith(".jar")
            and _same_folder(where.parent, lib.parent.parent / "jars")
            and not _holds_python(where)
        ):
            continue
        kept.append(entry)
    return kept


def _holds_python(archive: Path) -> bool:
    """Whether a jar holds anything Python could import (Spark puts the jar of its own
    classes on the path for builds that shipped PySpark inside it; a PySpark installed
    with pip ships none there).  Unreadable: assumed to."""
    try:
        with zipfile.ZipFile(archive) as opened:
            names = opened.namelist()
    except (OSError, zipfile.BadZipFile):
        return True
    return any(name.endswith((".py", ".pyc", ".so", ".pyd")) for name in names)


def _zipped(archive: Path, name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(archive) as opened:
            return opened.read(name)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def prepare() -> None:
    """What the daemon does before running PySpark's own: its path without Spark's
    copies of installed packages (:func:`installed_path`, before anything of PySpark is
    imported), :func:`preload`, and the loaded objects frozen out of the collector's
    reach.  Run by the daemon Spark launched, or ahead of it by a warm process
    (:mod:`nudge._sparkwarm`)."""
    kept = installed_path(sys.path)
    dropped = tuple(set(sys.path) - set(kept))
    sys.path[:] = kept
    preload()
    # Their importers too, made before or while preloading (``copy`` asks for Jython's
    # ``org.python``, found as a namespace in the jar): PySpark's workers invalidate every
    # cached importer at their first task, which for an archive means reading its
    # listing again (23 ms for Spark's spark-core jar, each time).
    for entry in [e for e in sys.path_importer_cache if dropped and e.startswith(dropped)]:
        del sys.path_importer_cache[entry]
    gc.collect()
    gc.freeze()


def _run_daemon() -> None:
    # PySpark's daemon, exactly as ``python -m pyspark.daemon`` runs it (it reads the
    # worker module's name from sys.argv, which Spark passes to this module).
    runpy.run_module("pyspark.daemon", run_name="__main__", alter_sys=True)


def _main() -> None:
    if sys.argv[1:2] == ["--warm"]:  # started by the driver, ahead of Spark's daemon
        sys.exit(_sparkwarm.serve(sys.argv[2], prepare, _run_daemon))
    code = _sparkwarm.hand_over(os.environ.get(WARM_VARIABLE), installed_path(sys.path))
    if code is not None:  # a warm process was this daemon
        sys.exit(code)
    prepare()
    _run_daemon()


if __name__ == "__main__":
    _main()
