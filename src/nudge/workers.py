"""The Scorer each worker process loads once, whatever engine runs it.

Loading and compiling the packs takes a noticeable fraction of a second; an engine that
scores a backlog part by part must not pay it per row, nor per part.  Engines ship only
the *options* (small, plain, picklable) to their workers; :func:`scorer_for` loads the
Scorer for those options the first time a process asks and keeps it for the life of the
process (a Spark Python worker, a Dask worker, a process of a local pool).

>>> a = scorer_for({"threshold": 0.6})
>>> a is scorer_for({"threshold": 0.6}), a.threshold
(True, 0.6)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nudge.errors import ConfigError
from nudge.scorer import Scorer

__all__ = ["options_key", "scorer_for"]

_ALLOWED = frozenset({"packs", "paths", "threshold"})
_CACHE: dict[tuple[Any, ...], Scorer] = {}
# Two threads of one worker may ask at once (Dask runs tasks in threads): load once.
_LOCK = threading.Lock()


def options_key(options: Mapping[str, Any]) -> tuple[Any, ...]:
    """A hashable key for scorer options (``packs``, ``paths``, ``threshold``).

    Unknown options are an error here, on the driver, before any work is shipped.

    >>> options_key({"packs": ["fr"], "threshold": 0.5})
    (('fr',), (), 0.5)
    >>> options_key({"treshold": 0.5})
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: treshold: unknown scorer option (expected packs, paths, threshold)
    """
    for name in options:
        if name not in _ALLOWED:
            raise ConfigError(
                f"unknown scorer option (expected {', '.join(sorted(_ALLOWED))})", path=name
            )
    packs = options.get("packs")
    if isinstance(packs, str):
        raise ConfigError("a list of pack codes, e.g. ['fr'], not a string", path="packs")
    paths = tuple(str(Path(p)) for p in options.get("paths") or ())
    threshold = options.get("threshold", 0.5)
    return (None if packs is None else tuple(packs), paths, threshold)


def scorer_for(options: Mapping[str, Any]) -> Scorer:
    """The Scorer for these options, loaded once per process.

    >>> scorer_for({}).languages
    ('en', 'fr')
    """
    key = options_key(options)
    scorer = _CACHE.get(key)
    if scorer is not None:
        return scorer
    with _LOCK:
        scorer = _CACHE.get(key)
        if scorer is None:
            packs, paths, threshold = key
            scorer = Scorer.load(packs, paths=paths, threshold=threshold)
            _CACHE[key] = scorer
    return scorer
