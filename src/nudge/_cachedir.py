"""Where nudge keeps its per-user cache files, and how it writes them.

``$NUDGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/nudge``, else ``~/.cache/nudge``.  Files are
written to a temporary name and renamed, so a reader never sees half a file; a folder
that cannot be created or written is not an error (the caller simply has no cache).

>>> cache_dir().is_absolute()
True
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

__all__ = ["cache_dir", "write_atomic"]


def cache_dir() -> Path:
    """The folder cache files go to (see the module's docstring).

    >>> cache_dir().name in ("nudge", Path(os.environ.get("NUDGE_CACHE_DIR", "nudge")).name)
    True
    """
    explicit = os.environ.get("NUDGE_CACHE_DIR")
    if explicit:
        return Path(explicit).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative value is ignored
        return Path(xdg) / "nudge"
    return Path.home() / ".cache" / "nudge"


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
    # One temporary name per process and thread: two writers never share one.
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        # Private to the user: other users must not be able to swap the files.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return False
    return True
