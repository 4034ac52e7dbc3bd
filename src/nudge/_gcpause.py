"""The cyclic garbage collector paused for a batch that builds many acyclic objects.

Compiling packs, decoding a cache file, scoring a part or deciding a batch of comments
each make tens of thousands of small objects that hold no reference cycle; the
collector would only rescan them while they are built (up to half as much time again
as the work). Cycles made meanwhile elsewhere are collected once it runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the ``with`` block, then restore it as it was.

    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
