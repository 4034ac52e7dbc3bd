"""A Spark daemon made ready while Spark's JVM starts (local mode, ``nudge score``).

Spark starts its Python daemon (:mod:`nudge._sparkdaemon`) only when the job's first task
runs, seconds after the JVM was launched, and every worker waits for that daemon to
import PySpark and nudge and to load the Scorer.  In local mode the driver knows all of
that in advance: :func:`start` launches a *warm* process before the JVM, which does that
work (:func:`nudge._sparkdaemon.prepare`) while the JVM starts and then waits on a Unix
socket in a private folder.  When Spark launches its daemon, that process
(:func:`hand_over`) passes its standard input, output and error and its environment to
the warm process, which forks a child that becomes the daemon with them: it talks to
the JVM exactly as the process Spark launched would have, and already has everything
loaded.  The launched process stays as the child's stand-in (Spark watches it and may
stop it), forwarding a ``SIGTERM`` and exiting with the child's status.

The warm process serves one daemon, and only one whose Python path (after
:func:`nudge._sparkdaemon.installed_path`) and interpreter are its own; a daemon it
cannot serve starts as before.  Without a hand-over it exits when the driver closes its
standard input (:meth:`Warm.close`, or the driver's exit).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["WARM_VARIABLE", "Warm", "hand_over", "serve", "start", "startup_variables"]

WARM_VARIABLE: Final = "NUDGE_SPARK_WARM"
"""The environment variable of Spark's daemon naming the warm process's socket."""

_KEEP: list[subprocess.Popen[bytes]] = []
"""Warm processes of this interpreter: held, so that none is collected while it may still
be serving Spark's daemon (it ends with the JVM's daemon, after this process's job)."""


@dataclass(frozen=True, slots=True)
class Warm:
    """A warm process started by :func:`start`."""

    socket_path: str
    process: subprocess.Popen[bytes]

    def close(self) -> None:
        """No daemon to serve any more (the job is over or never ran): a warm process
        that has not handed over exits; one that has ends with its daemon."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()


def start(environ: dict[str, str]) -> Warm | None:
    """Launch a warm process with ``environ`` (which names the Scorer to load,
    :data:`nudge._sparkdaemon.OPTIONS_VARIABLE`); ``None`` where Unix sockets cannot
    pass file descriptors.

    >>> warm = start({**os.environ, "NUDGE_SPARK_SCORER": "{}"})
    >>> warm is None or warm.socket_path.endswith("daemon.sock")
    True
    >>> warm is None or (warm.close(), warm.process.wait(timeout=60))[1] == 0  # no daemon
    True
    """
    if not hasattr(socket, "send_fds") or not hasattr(socket, "AF_UNIX"):
        return None
    folder = tempfile.mkdtemp(prefix="nudge-spark-")  # 0700: only this user connects
    path = os.path.join(folder, "daemon.sock")
    # What Spark gives its Python daemon that the interpreter reads as it starts (the
    # hash seed decides how workers partition keys): the warm one must start with it.
    # PySpark passes the driver's PYTHONHASHSEED, else "0"; Spark sets PYTHONUNBUFFERED.
    environ = {
        **environ,
        "PYTHONHASHSEED": environ.get("PYTHONHASHSEED", "0"),
        "PYTHONUNBUFFERED": "YES",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "nudge._sparkdaemon", "--warm", path],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=environ,
    )
    _KEEP.append(process)
    return Warm(path, process)


def serve(path: str, prepare: Any, run_daemon: Any) -> int:
    """The warm process: ``prepare()`` (imports, the Scorer), then serve one daemon on
    the socket ``path`` with ``run_daemon()`` in a forked child; its exit status."""
    # As the JVM's children do (PySpark starts the JVM ignoring it): a Ctrl-C meant for
    # the driver is not the daemon's, and PySpark's workers set their own handler.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    own_path = list(sys.path)
    own_startup = startup_variables(os.environ)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        # Listening first: a daemon launched before the work is done waits for it.
        listener.bind(path)
        listener.listen(1)
        try:
            prepare()
        except Exception:  # the daemon Spark launches meets it and reports it
            return 1
        ready, _, _ = select.select([listener, sys.stdin.fileno()], [], [])
        if listener not in ready:  # the driver is done with us
            return 0
        conn, _ = listener.accept()
    finally:
        listener.close()
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)
    with conn:
        _, fds, _, _ = socket.recv_fds(conn, 1, 3)
        request = json.loads(conn.makefile("rb").readline() or b"null")
        if (
            len(fds) != 3
            or not isinstance(request, dict)
            or request.get("executable") != sys.executable
            or request.get("path") != own_path
            or startup_variables(request.get("environ") or {}) != own_startup
        ):
            for fd in fds:
                os.close(fd)
            conn.sendall(b'{"pid": null}\n')
            return 0
        pid = os.fork()
        if pid == 0:  # the daemon Spark launched, with its pipes and environment
            conn.close()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.environ.clear()
            os.environ.update(request["environ"])
            os.chdir(request["cwd"])
            sys.argv = list(request["argv"])
            run_daemon()
            return 0
        for fd in fds:
            os.close(fd)
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        conn.sendall(f"{code}\n".encode())
        return 0


def startup_variables(environ: Any) -> dict[str, str]:
    """The variables of ``environ`` that Python reads as it starts (``PYTHONHASHSEED``,
    ``PYTHONUNBUFFERED``, ...), but ``PYTHONPATH`` (compared as the path itself):
    a forked interpreter keeps those of its parent, so they must be the daemon's.

    >>> startup_variables({"PYTHONHASHSEED": "0", "PYTHONPATH": "/x", "PYTHON_UDF_X": "1"})
    {'PYTHONHASHSEED': '0'}
    """
    return {
        k: v
        for k, v in environ.items()
        if (k.startswith("PYTHON") and k[6:7].isalpha() and k != "PYTHONPATH")
        or k in _STARTUP_UNDERSCORED
    }


_STARTUP_UNDERSCORED: Final = frozenset(
    {"PYTHON_GIL", "PYTHON_CPU_COUNT", "PYTHON_FROZEN_MODULES", "PYTHON_JIT",
     "PYTHON_PERF_JIT_SUPPORT", "PYTHON_PRESITE"}
)  # fmt: skip
"""The interpreter's own variables whose name has an underscore after ``PYTHON`` (the
others of that form, ``PYTHON_WORKER_FACTORY_SECRET`` and the like, are Spark's)."""


def hand_over(path: str | None, own_path: list[str]) -> int | None:
    """In the daemon Spark launched: have the warm process at ``path`` become this
    daemon (``own_path``: this process's Python path, as the daemon would use it);
    the daemon's exit status, or ``None`` when there is no warm process to serve it
    (then this process becomes the daemon itself).

    >>> hand_over(None, sys.path) is None
    True
    """
    if not path:
        return None
    # The warm process listens once it has started (about 0.1 s after the driver
    # launched it, the JVM's start takes seconds): until then its folder is empty.
    for _ in range(100):
        if os.path.exists(path) or not os.path.isdir(os.path.dirname(path)):
            break
        time.sleep(0.01)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError:
        conn.close()
        return None
    with conn:
        request = {
            "executable": sys.executable,
            "path": own_path,
            "environ": dict(os.environ),
            "cwd": os.getcwd(),
            "argv": sys.argv,
        }
        socket.send_fds(conn, [b"\0"], [0, 1, 2])
        conn.sendall(json.dumps(request).encode() + b"\n")
        replies = conn.makefile("rb")
        pid = json.loads(replies.readline() or b'{"pid": null}')["pid"]
        if pid is None:
            return None
        # Spark stops its daemon with SIGTERM (to this process): the daemon gets it.
        signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
        status = replies.readline()
    return int(status) if status.strip() else 1
