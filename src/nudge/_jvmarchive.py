"""A class-data-sharing archive of Spark's classes for the JVM of ``nudge score --engine
spark`` in local mode, made once per machine and kept in nudge's cache folder.

A local Spark job's JVM spends most of its CPU starting: loading, verifying and linking
several thousand classes of Spark, Hadoop and Scala.  Java 13 and later can write, when a
JVM exits, an archive of every class it loaded (``-XX:ArchiveClassesAtExit``); a JVM
started with that archive (``-XX:SharedArchiveFile``) maps the classes ready to use.
Measured on a 2,000-row ``local[2]`` job here (the JVM and its Python workers): 5.5-5.9
CPU seconds without the archive, 3.3-3.5 with it; writing it, once, costs about 5 CPU
seconds more and some 70 MB of disk.  On a million rows the JVM took 2.5-2.7 CPU seconds
instead of 3.8-4.6.

An archive is only good for the JVM and the class path that wrote it (the JVM checks and
ignores one that does not match), so its name hashes the Java installation's ``release``
file, Spark's jars (their folder, names and sizes) and the JVM options: another Java or
Spark gets an archive of its own.  It is written under a temporary name and renamed once
the JVM has exited, so a JVM never maps half an archive.  Only Java 17 and later are used (the
versions this was measured on; Spark 4 needs them anyway).  Where: the ``spark-cds``
folder of nudge's cache (``$NUDGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/nudge``, else
``~/.cache/nudge``); deleting it is always safe.

>>> archive = plan("-XX:+UseSerialGC")
>>> archive is None or archive.path.suffix == ".jsa"
True
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from nudge._cachedir import blake2b, cache_dir

__all__ = ["Archive", "archive_path", "let_jvm_go", "plan", "stop_and_keep"]

MIN_JAVA: Final = 17
"""The oldest Java whose archive is used (see the module's description)."""

_FOLDER: Final = "spark-cds"
_QUIET: Final = "-Xlog:cds=off -Xlog:cds+dynamic=off"
"""The JVM's notes about classes it cannot archive (old class files, generated ones)
would go to the command's standard output: they are expected and harmless."""
_SAFE_PATH: Final = re.compile(r"[\w./+-]+")
"""Paths put in the JVM options unquoted (Spark splits them on white space and quotes):
any other cache folder goes without an archive."""
_STALE_SECONDS: Final = 24 * 3600


@dataclass(frozen=True, slots=True)
class Archive:
    """Where the archive for one JVM and class path is, and whether this run writes it."""

    path: Path
    writing: Path | None
    """The temporary file the JVM writes the archive to at exit, when there is none yet."""

    def java_options(self) -> str:
        """The JVM options that use the archive, or write it.

        >>> Archive(Path("/c/a.jsa"), None).java_options()
        '-XX:SharedArchiveFile=/c/a.jsa -Xlog:cds=off -Xlog:cds+dynamic=off'
        """
        if self.writing is not None:
            return f"-XX:ArchiveClassesAtExit={self.writing} {_QUIET}"
        return f"-XX:SharedArchiveFile={self.path} {_QUIET}"

    def keep(self) -> bool:
        """Once the JVM that wrote the archive has exited: put it in place; whether one
        was written.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> Archive(folder / "a.jsa", folder / ".a.jsa.tmp").keep()
        False
        """
        if self.writing is None:
            return False
        try:
            if self.writing.stat().st_size > 0:
                os.replace(self.writing, self.path)
                return True
        except OSError:
            pass
        _unlink(self.writing)
        return False


def plan(java_options: str) -> Archive | None:
    """The archive for the JVM Spark would start here with ``java_options``: there, to
    be used, or to be written by this run; ``None`` without a Java of at least
    :data:`MIN_JAVA`, Spark's jars or a cache folder to keep it in.

    >>> archive = plan("")
    >>> archive is None or archive.path.parent.name == "spark-cds"
    True
    """
    path = archive_path(java_options)
    if path is None:
        return None
    if path.is_file():
        return Archive(path, None)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    _remove_stale(folder)
    return Archive(path, folder / f".{path.name}.{os.getpid()}.tmp")


def archive_path(java_options: str) -> Path | None:
    """Where the archive for the JVM Spark would start here with ``java_options`` is or
    would be (whether or not it exists yet); ``None`` when there is none to have.

    >>> path = archive_path("")
    >>> path is None or path.name.startswith("spark-")
    True
    """
    release = _java_release()
    jars = _spark_jars()
    folder = cache_dir()
    if release is None or jars is None or folder is None:
        return None
    digest = blake2b(digest_size=12)
    for piece in (release, jars, java_options):
        digest.update(piece.encode("utf-8", "surrogateescape") + b"\0")
    path = folder / _FOLDER / f"spark-{digest.hexdigest()}.jsa"
    return path if _SAFE_PATH.fullmatch(str(path)) else None


def _java_release() -> str | None:
    """The ``release`` file of the Java that Spark's launcher runs (``$JAVA_HOME``'s,
    else the first ``java`` on the path), if its version is at least :data:`MIN_JAVA`."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java:
        return None
    try:
        release = (Path(os.path.realpath(java)).parent.parent / "release").read_text(
            "utf-8", "replace"
        )[:10_000]
    except OSError:
        return None
    version = re.search(r'^JAVA_VERSION="(\d+)', release, re.MULTILINE)
    if version is None or int(version.group(1)) < MIN_JAVA:
        return None
    return f"{os.path.realpath(java)}\n{release}"


def _spark_jars() -> str | None:
    """Spark's jars, names and sizes (the class path the archive is valid for)."""
    try:
        from pyspark.find_spark_home import _find_spark_home

        jars = Path(_find_spark_home()).absolute() / "jars"
        listing = sorted(f"{p.name} {p.stat().st_size}" for p in jars.glob("*.jar"))
    except (Exception, SystemExit):  # no pyspark or no Spark home (it exits): no archive
        return None
    # The folder too: the archive holds the class path, another folder does not match.
    return "\n".join([str(jars), *listing]) if listing else None


def _remove_stale(folder: Path) -> None:
    """Temporary archives of runs killed before they could rename theirs."""
    now = time.time()
    for path in folder.glob(".*.tmp"):
        try:
            if now - path.stat().st_mtime > _STALE_SECONDS:
                path.unlink()
        except OSError:
            pass


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def let_jvm_go(spark: Any) -> subprocess.Popen[bytes] | None:
    """End the JVM this process started for PySpark (``spark``: the ``SparkContext``
    class, which holds its gateway), without waiting for it: the gateway's connections
    are closed, then our end of the pipe the JVM's launcher watches, and the JVM runs its
    shutdown hooks (which stop a context still running and delete Spark's folders) and
    exits on its own.  PySpark forgets the JVM and its context, so a later context in
    this process starts a JVM of its own.  The JVM's process, or ``None`` when there was
    none to end.

    >>> class NoJvm:  # what SparkContext is before a JVM is started
    ...     _gateway = None
    >>> let_jvm_go(NoJvm) is None
    True
    """
    gateway = spark._gateway
    proc = getattr(gateway, "proc", None)
    if gateway is None or proc is None or proc.stdin is None:
        return None
    gateway.shutdown()
    proc.stdin.close()
    spark._gateway = None
    spark._jvm = None
    spark._active_spark_context = None
    return proc  # type: ignore[no-any-return]


def stop_and_keep(context: Any, archive: Archive) -> bool:
    """Stop ``context`` and the JVM this process started for it, wait for the JVM to
    write the archive as it exits, and put the archive in place; whether one was kept.
    The archive only saves time: anything going wrong here leaves none (and the next
    run tries again), never an error.

    PySpark stops the JVM only when this interpreter exits (its launcher watches our end
    of a pipe), too late to rename the archive: closing that pipe ourselves ends the JVM
    now.  A later context in this process starts a JVM of its own."""
    try:
        kept = _stop_and_keep(context, archive)
    except Exception:  # py4j or the JVM failing as it stops: no archive, nothing lost
        kept = False
    if not kept and archive.writing is not None:
        _unlink(archive.writing)
    return kept


def _stop_and_keep(context: Any, archive: Archive) -> bool:
    from pyspark import SparkContext

    context.stop()
    proc = let_jvm_go(SparkContext)
    if proc is None:
        return False
    try:
        proc.wait(timeout=600)
    except subprocess.TimeoutExpired:  # a JVM that does not exit keeps no archive
        proc.kill()
        proc.wait()
        return False
    return archive.keep()
