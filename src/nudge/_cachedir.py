"""Where nudge keeps its per-user cache files, and how it writes them.

``$NUDGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/nudge``, else ``~/.cache/nudge``.  Files are
written to a temporary name and renamed, so a reader never sees half a file; a folder
that cannot be created or written is not an error (the caller simply has no cache).

>>> cache_dir() is None or cache_dir().is_absolute()
True
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

try:  # the hash alone: ``hashlib`` would load OpenSSL too (some 5 ms of start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

__all__ = ["blake2b", "cache_dir", "open_bounded", "read_bounded", "write_atomic"]


def cache_dir() -> Path | None:
    """The folder cache files go to (see the module's docstring); ``None`` when there is
    no home folder to put it in (then nothing is cached).

    >>> cache_dir() is None or cache_dir().is_absolute()
    True
    """
    explicit = os.environ.get("NUDGE_CACHE_DIR")
    if explicit:
        return Path(explicit).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative value is ignored
        return Path(xdg) / "nudge"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None
    # Python 3.11 returns "~" itself when it cannot expand it: never a relative folder.
    return home / ".cache" / "nudge" if home.is_absolute() else None


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; ``False`` (and
    nothing left behind) when the folder cannot be created or written.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "sub" / "x.json", b"{}"), (folder / "sub" / "x.json").read_bytes()
    (True, b'{}')
    >>> write_atomic(folder / "sub" / "x.json" / "y", b"{}")
    False
    """
    import tempfile  # only writers need it

    temp: str | None = None
    try:
        # Private to the user: other users must not be able to swap the files.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A new file with a random name (O_EXCL): never a link someone left there.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return False
    return True


def open_bounded(path: Path, limit: int) -> tuple[BinaryIO, int] | None:
    """The regular file ``path`` opened for reading, and its size, if it has at most
    ``limit`` bytes; else ``None`` (a device or pipe that would never end, or too big).
    Raises ``OSError`` as ``open`` does (missing, unreadable); the caller closes the file.

    >>> open_bounded(Path("/dev/zero"), 10) is None
    True
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        return None  # checked before opening: opening a pipe would wait for a writer
    f = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    try:
        info = os.fstat(f.fileno())
    except OSError:
        f.close()
        raise
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        f.close()
        return None
    return f, info.st_size


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` if it has at most ``limit`` of them, else
    ``None`` (missing, unreadable, too big, or a device or pipe that would never end).

    >>> read_bounded(Path("/dev/zero"), 10) is None, read_bounded(Path("/nonexistent"), 10)
    (True, None)
    """
    try:
        opened = open_bounded(path, limit)
        if opened is None:
            return None
        f, size = opened
        with f:
            # Ask for the size the file says it has, plus one byte: ``read(limit + 1)``
            # would allocate the whole limit up front, and a file that grew meanwhile
            # (a byte more than it said) is refused.
            data = f.read(size + 1)
    except OSError:
        return None
    return data if len(data) <= size else None
