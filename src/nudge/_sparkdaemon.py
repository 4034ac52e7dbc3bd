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
compiled core, never ``pyarrow`` or ``numpy`` (each starts a thread when imported), which
every worker still imports itself.  The loaded objects are then frozen out of the
garbage collector's reach (``gc.freeze``), so that neither the collections PySpark runs
between tasks nor the workers' own rescan them or write to their pages.

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
from typing import Any

__all__ = ["preload"]

OPTIONS_VARIABLE = "NUDGE_SPARK_SCORER"
"""The environment variable holding the JSON options of the Scorer to load."""


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
    from nudge.workers import scorer_for

    raw = environ.get(OPTIONS_VARIABLE)
    if raw is None:
        return False
    try:
        scorer_for(json.loads(raw))
    except Exception:  # reported by the task that loads it (see above)
        return False
    return True


def _main() -> None:
    preload()
    gc.collect()
    gc.freeze()
    # PySpark's daemon, exactly as ``python -m pyspark.daemon`` runs it (it reads the
    # worker module's name from sys.argv, which Spark passes to this module).
    runpy.run_module("pyspark.daemon", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _main()
