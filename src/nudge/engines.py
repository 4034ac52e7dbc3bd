"""Run the parts of a ``nudge score`` job on a local pool, a Dask cluster or Spark.

Each engine only maps :func:`nudge.backlog.score_part` over the pending parts (a local
Spark a few consecutive parts a task, :func:`spark_batches`); reading, scoring, writing
and marking a part done all happen inside that one function, so a task an engine
retries (a lost worker) rewrites the same files and nothing is counted twice.
A part whose task fails for good is left unmarked: the job reports it unfinished, and
the next run of the same command picks it up.

>>> import tempfile, pathlib
>>> from nudge.backlog import OutputFormat, PartTask
>>> from nudge.readers import plan
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "c.jsonl").write_text('{"text": "bonjour"}\\n')
>>> run_local([PartTask(plan(d / "c.jsonl")[0], str(d), OutputFormat.JSONL, "text", "id")], 1)
[]
>>> sorted(p.name for p in d.glob("part-*"))
['part-00000.jsonl']
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any

from nudge import _jvmarchive, _sparkwarm
from nudge._sparkdaemon import OPTIONS_VARIABLE, QUIET_ARROW
from nudge._sparkwarm import WARM_VARIABLE
from nudge.backlog import PartTask, score_part, score_parts
from nudge.errors import ConfigError

__all__ = ["SparkStart", "run_dask", "run_local", "run_spark", "spark_batches", "start_spark"]


def run_local(tasks: Sequence[PartTask], workers: int) -> list[str]:
    """Score the parts here (one worker) or in a pool of ``workers`` processes; returns
    the failures of parts that could not be finished.

    >>> run_local([], 2)
    []
    """
    if not tasks:
        return []
    if workers == 1 or len(tasks) == 1:
        for task in tasks:
            score_part(task)
        return []
    failures = []
    # "spawn": a fresh interpreter per worker, safe whatever threads the caller runs.
    with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(score_part, t): t for t in tasks}
        for future in as_completed(futures):
            if future.exception() is not None:
                failures.append(_failure(futures[future], future.exception()))
    return failures


def run_dask(
    tasks: Sequence[PartTask], workers: int, address: str | None = None, *, tuned: bool = True
) -> list[str]:
    """Score the parts on a Dask cluster (``address``'s, which retries the task of a
    worker that dies), or here on Dask's threaded scheduler with ``workers`` threads
    (see :func:`_dask_threads`).  ``tuned=False`` runs them here on a
    ``distributed.LocalCluster`` with Dask's own settings instead (see :data:`_LOCAL_DASK`).

    >>> run_dask([], 2)
    []
    """
    if not tasks:
        return []
    if not address and tuned:
        return _dask_threads(tasks, workers)
    distributed = _import("distributed", "dask")
    if address:
        return _dask_map(distributed, distributed.Client(address), tasks)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=workers, **_LOCAL_DASK
    ) as cluster:
        return _dask_map(distributed, distributed.Client(cluster), tasks)


def _dask_threads(tasks: Sequence[PartTask], workers: int) -> list[str]:
    """Score the parts on Dask's threaded scheduler (``dask.compute`` with
    ``dask.threaded.get``), ``workers`` at a time; the failures of parts that could not be
    finished.

    Dask's documentation recommends this scheduler for work that releases the GIL, which a
    part does nearly all the time (Arrow's JSON reader, the compiled core scoring the whole
    part, the Parquet writer), so the threads score in parallel as processes would.  It
    needs no ``distributed``: no import of it (0.34 s of wall clock, 0.45 CPU s), no
    scheduler, worker or event loop to start and keep ticking, no task or report to
    serialise; the threads share this process's Scorer.  A part that fails is caught in its
    own task and reported, so the other parts go on (the threaded scheduler would stop the
    job at the first exception); a cluster given by address also retries a lost worker's.

    >>> _dask_threads([], 2)
    []
    """
    if not tasks:
        return []
    _import("dask", "dask")
    import dask
    import dask.threaded

    work = [
        dask.delayed(_part_or_failure, pure=False)(t, dask_key_name=f"nudge-part-{t.part.index}")
        for t in tasks
    ]
    # The threaded scheduler's own function, not its name: given "threads", dask.compute
    # first looks for a distributed Client, which imports distributed (and tornado, numpy,
    # ...: 0.28-0.30 CPU s) when it is installed.
    done = dask.compute(*work, scheduler=dask.threaded.get, num_workers=workers)
    return [failure for failure in done if failure is not None]


def _part_or_failure(task: PartTask) -> str | None:
    """Score one part; ``None``, or the failure of a part that could not be finished."""
    try:
        score_part(task)
    except Exception as exc:  # reported as a part failure; the other parts go on
        return _failure(task, exc)
    return None


def _dask_map(distributed: Any, client: Any, tasks: Sequence[PartTask]) -> list[str]:
    """Map :func:`score_part` over the tasks with ``client`` (then closed); the failures."""
    try:
        futures = client.map(
            score_part, list(tasks), key=[f"nudge-part-{t.part.index}" for t in tasks]
        )
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        failures = []
        for future in distributed.as_completed(futures):
            if future.status != "finished":
                failures.append(_failure(by_key[future.key], future.exception()))
        return failures
    finally:
        client.close()


def run_spark(
    tasks: Sequence[PartTask],
    workers: int,
    master: str | None = None,
    *,
    tuned: bool = True,
    started: SparkStart | None = None,
) -> list[str]:
    """Score the parts as Spark tasks (:func:`spark_batches`): on ``master``, or
    ``local[workers]``.
    ``tuned=False`` starts Spark with its own defaults, without the settings below.
    ``started`` is the context :func:`start_spark` began making for this job (it is
    used, or closed when there is nothing to run).

    >>> run_spark([], 2)
    []
    """
    if not tasks:
        if started is not None:
            started.close(unused=True)
        return []
    if started is None:
        started = SparkStart(workers, master, tuned=tuned, options=dict(tasks[0].options))
        started.make()
    context = started.context()
    batches = spark_batches(tasks, _local_slots(context) if tuned else None)
    try:
        context.parallelize(batches, len(batches)).map(score_parts).count()
    except Exception as exc:  # Spark gave up on a task: the unmarked parts say which
        return [f"spark job failed: {type(exc).__name__}: {str(exc).splitlines()[0]}"]
    finally:
        started.close()
    return []


def spark_batches(tasks: Sequence[PartTask], slots: int | None) -> list[list[PartTask]]:
    """The parts as Spark tasks, each a run of consecutive parts: one part a task on a
    cluster (``slots`` ``None``: a lost executor's task is one part to redo, and
    executors that run at different speeds share the parts out as they finish them); on
    a local Spark of ``slots`` task slots, :data:`LOCAL_TASKS_PER_SLOT` tasks a slot, of
    sizes that differ by one part at most, the larger first, so that the slots still end
    together.  Spark takes some 40 ms between one task of a reused Python worker and its
    next (its scheduler, then the task's set-up and data on the socket), which one part
    a task paid nine times a worker on twenty parts.

    >>> [len(b) for b in spark_batches(list(range(22)), 2)]
    [6, 6, 5, 5]
    >>> [len(b) for b in spark_batches(list(range(3)), 2)], spark_batches([7], None)
    ([1, 1, 1], [[7]])
    """
    count = len(tasks) if slots is None else min(len(tasks), slots * LOCAL_TASKS_PER_SLOT)
    size, larger = divmod(len(tasks), max(count, 1))
    batches, start = [], 0
    for index in range(count):
        stop = start + size + (index < larger)
        batches.append(list(tasks[start:stop]))
        start = stop
    return batches


LOCAL_TASKS_PER_SLOT = 2
"""Spark tasks a task slot of a local Spark runs (:func:`spark_batches`): two rather
than one, so that a worker slowed by something else on the machine leaves the other a
task to take over."""


def _local_slots(context: Any) -> int | None:
    """The task slots of a local Spark (``local``, ``local[N]``, ``local[*]``, ...:
    one process, its executor's threads), ``None`` for any other master."""
    master = str(context.master)
    if master == "local" or master.startswith("local["):
        return int(context.defaultParallelism)
    return None


def start_spark(
    workers: int,
    master: str | None = None,
    *,
    tuned: bool = True,
    options: dict[str, Any] | None = None,
) -> SparkStart | None:
    """Begin making the SparkContext of a ``nudge score`` job in a thread, so that Spark's
    JVM starts (seconds) while the caller plans the job's parts; ``None`` with
    ``tuned=False`` (the context is then made by :func:`run_spark`, as Spark would).
    Hand the result to :func:`run_spark`, or :meth:`SparkStart.close` it.

    >>> start_spark(2, tuned=False) is None
    True
    """
    if not tuned:
        return None
    start = SparkStart(workers, master, tuned=tuned, options=dict(options or {}))
    start.thread = threading.Thread(target=start.make, name="nudge-spark-start")
    start.thread.start()
    return start


class SparkStart:
    """The SparkContext of one ``nudge score`` job: made here (:meth:`make`, in a thread
    of :func:`start_spark` or by :func:`run_spark`), used by :func:`run_spark`, then
    closed (:meth:`close`).

    >>> SparkStart(2, None, tuned=True, options={}).close()  # never made: nothing to do
    """

    def __init__(
        self, workers: int, master: str | None, *, tuned: bool, options: dict[str, Any]
    ) -> None:
        self.workers = workers
        self.master = master
        self.tuned = tuned
        self.options = options
        self.thread: threading.Thread | None = None
        self._context: Any = None
        self._error: BaseException | None = None
        self._archive: _jvmarchive.Archive | None = None
        self._made = False
        self._warm: _sparkwarm.Warm | None = None
        """Whether the context was made here (not one the caller had made before)."""

    def make(self) -> None:
        """Make (or get, if one is active) the SparkContext; an error is kept for
        :meth:`context` to raise in the caller's thread.

        >>> start = SparkStart(2, "local[2]", tuned=False, options={})
        >>> start.make()  # doctest: +SKIP
        >>> start.context().defaultParallelism  # doctest: +SKIP
        2
        """
        try:
            self._context = self._make()
        except BaseException as exc:  # raised again by context(), where it belongs
            self._error = exc

    def context(self) -> Any:
        """The SparkContext, once made; what making it raised, raised here.

        >>> SparkStart(2, None, tuned=True, options={}).context() is None  # never made
        True
        """
        if self.thread is not None:
            self.thread.join()
        if self._error is not None:
            raise self._error
        return self._context

    def close(self, *, unused: bool = False) -> None:
        """After the job, or instead of it (``unused``): a context that writes the
        class-data archive is stopped with its JVM and the archive kept (once per
        machine); one made here for a job that did not run is stopped; the local Spark
        made here for a job that ran is let go with its JVM now (see below); any other
        is left to Spark, as before (it stops with this process).

        >>> SparkStart(2, None, tuned=True, options={}).close(unused=True)  # never made
        """
        if self.thread is not None:
            self.thread.join()
        if self._warm is not None:
            self._warm.close()
        context, archive = self._context, self._archive
        if context is None:
            return
        if archive is not None and archive.writing is not None:
            _jvmarchive.stop_and_keep(context, archive)
        elif unused and self._made:
            context.stop()
        elif self._made and self.master is None and self.tuned:
            # Its JVM takes half a second to exit (the shutdown hooks stop the context,
            # then HotSpot waits 300 ms for threads in native code), which it only began
            # when this process exited: ended now, it exits while the job's summary is
            # written (0.1 s of the command's wall clock).  Nothing of the job is in it:
            # every part is written, and marked, by its task.
            from pyspark import SparkContext

            _jvmarchive.let_jvm_go(SparkContext)

    def _make(self) -> Any:
        _import("pyspark", "spark")
        from pyspark import SparkConf, SparkContext

        master, tuned = self.master, self.tuned
        # Local Python workers must run this interpreter (the one nudge is installed in).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        conf = SparkConf().setMaster(master or f"local[{self.workers}]")
        conf = conf.setAppName("nudge score").set("spark.ui.enabled", "false")
        if tuned:
            # The daemon that forks the Python workers loads nudge and the job's Scorer
            # once, before forking, instead of every worker loading them
            # (nudge._sparkdaemon).  A daemon module the user chose (spark-submit
            # --conf) is theirs to keep.
            ours = not conf.contains("spark.python.daemon.module")
            if ours:
                conf = conf.set("spark.python.daemon.module", "nudge._sparkdaemon")
            scorer = json.dumps(self.options, default=str)
            conf = conf.setExecutorEnv(OPTIONS_VARIABLE, scorer)
            if ours and master is None and SparkContext._gateway is None:
                # Local mode, a JVM to start: the daemon is made ready meanwhile, with
                # pyarrow loaded (in Arrow's quiet environment, but for what the user set).
                quiet = {k: v for k, v in QUIET_ARROW.items() if k not in os.environ}
                for name, value in quiet.items():
                    conf = conf.setExecutorEnv(name, value)
                environ = {**os.environ, OPTIONS_VARIABLE: scorer, **quiet}
                self._warm = _sparkwarm.start(environ)
                if self._warm is not None:
                    conf = conf.setExecutorEnv(WARM_VARIABLE, self._warm.socket_path)
            # Options for a JVM this starts in local mode (an existing one keeps its
            # own); Java options the user gave (spark-submit --conf) are theirs to keep.
            if (
                master is None
                and SparkContext._gateway is None
                and not conf.contains("spark.driver.extraJavaOptions")
            ):
                java = _LOCAL_JVM_OPTIONS
                self._archive = _jvmarchive.plan(java)
                if self._archive is not None:
                    java = f"{java} {self._archive.java_options()}"
                conf = conf.set("spark.driver.extraJavaOptions", java)
            if SparkContext._gateway is None:  # the JVM is to start: seconds to use
                _import_meanwhile(_FIRST_CALL_IMPORT)
        # A SparkContext, not a SparkSession: the parts are an RDD of tasks, and a
        # session makes the JVM load and set up Spark SQL (its catalyst, its session
        # state) for nothing: 4.1-4.2 instead of 6.6-6.7 CPU s of JVM on a 2,000-row
        # job.  An active context (a session the caller made) is used as it is.
        self._made = SparkContext._active_spark_context is None
        return SparkContext.getOrCreate(conf)


_QUIET_DASK: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    # The event loop's tick (every 20 ms) only watches for a blocked loop.
    "distributed.admin.tick.interval": "1s",
}
"""Dask settings for a local ``distributed`` cluster that does only part tasks (round 10:
they were those of ``run_dask``'s own cluster, which is now the threaded scheduler;
``benchmarks/scale.py`` starts its ``LocalCluster`` of worker processes with them): its
periodic callbacks serve dashboards that nobody looks at here, and take CPU the scorer
could use.  A cluster given by address is configured by whoever runs it."""

_LOCAL_DASK: dict[str, Any] = {
    "processes": False,
    "dashboard_address": None,
    "silence_logs": 40,
}
"""How ``run_dask(..., tuned=False)`` starts its local cluster: one worker with a thread
per requested worker, in this process, with Dask's own settings (what ``tuned=True``
did before round 11, without nudge's settings for it).  A cluster given by
``address`` is configured by whoever runs it."""

_LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
"""JVM options for the local Spark that ``run_spark`` starts: it only hands part tasks to
the Python workers, so its start-up compiling and parallel collector threads were most of
its CPU (compile less eagerly, collect in one thread).  A class-data archive of Spark's
classes is added when there is one, or written (:mod:`nudge._jvmarchive`)."""


_FIRST_CALL_IMPORT = "pyspark.testing.utils"
"""What PySpark 4 imports on its first call into the JVM, while the SparkContext is made:
its numpy converter (``NumpyArrayConverter.can_convert``, asked about every argument)
imports ``pyspark.testing.utils`` to learn whether numpy is there, and that module imports
pandas and numpy: 0.34 CPU s, with the JVM waiting for the call."""


def _import_meanwhile(module: str) -> threading.Thread | None:
    """Import ``module`` in a thread while Spark's JVM starts (``SparkContext`` waits
    for it seconds, doing nothing), when PySpark's converter would import it on its first
    call anyway (the converter's own import then finds it done, or waits for it); the
    thread, if one was started.  A failing import is left for PySpark's own to meet.

    >>> _import_meanwhile("not.imported.by.pyspark") is None
    True
    """
    try:
        from pyspark.sql.types import NumpyArrayConverter
    except ImportError:
        return None
    if module not in NumpyArrayConverter.can_convert.__code__.co_names:
        return None

    def run() -> None:
        try:
            importlib.import_module(module)
        except Exception:  # PySpark's own import raises it again, where it belongs
            return

    thread = threading.Thread(target=run, name="nudge-import")
    thread.start()
    return thread


def _failure(task: PartTask, exc: BaseException | None) -> str:
    return f"part {task.part.index} ({task.part.source}) failed: {type(exc).__name__}: {exc}"


def _import(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise ConfigError(f"needs {module}: pip install 'nudge[{extra}]'", path="engine") from None
