"""The cyclic garbage collector paused for a batch that builds many acyclic objects.

Compiling packs, decoding a cache file, scoring a part or deciding a batch of comments
each make tens of thousands of small objects that hold no reference cycle; the
collector would only rescan them while they are built (up to half as much time again
as the work). Cycles made meanwhile elsewhere are collected once it runs again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The collector's switch is one per process, so the pauses of threads scoring parts at
# once (Dask's worker threads, ``score_many(workers=N)`` callers) must be counted: the
# first pause records whether the collector ran and turns it off, the last one to end
# restores that. Without the count, the first thread to finish turned the collector
# back on under the others' batches.


class _Pauses:
    """How many pauses are open, and whether the collector ran before the first."""

    __slots__ = ("depth", "lock", "was_enabled")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = False


_PAUSES = _Pauses()


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the ``with`` block, then restore it as it was.

    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    pauses = _PAUSES
    with pauses.lock:
        if pauses.depth == 0:
            pauses.was_enabled = gc.isenabled()
            gc.disable()
        pauses.depth += 1
    try:
        yield
    finally:
        with pauses.lock:
            pauses.depth -= 1
            if pauses.depth == 0 and pauses.was_enabled:
                gc.enable()
