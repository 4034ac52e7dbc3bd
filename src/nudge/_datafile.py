"""Reading one data file of a pack (``messages.toml``, ``quiz.toml``, ``notices.toml``,
``flaggers.toml``...): one way to turn a missing, unreadable or non-UTF-8 file into an
error that names it, for every loader and validator.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

from nudge.errors import LexiconError

__all__ = ["read_data_text"]


def read_data_text(
    item: Traversable | Path, shown: str, error: type[LexiconError] = LexiconError
) -> str:
    """The text of ``item``; any failure to read it raises ``error`` naming ``shown``.

    >>> read_data_text(Path("/nonexistent/quiz.toml"), "xx/quiz.toml")
    Traceback (most recent call last):
    ...
    nudge.errors.LexiconError: xx/quiz.toml: cannot read: no such file
    """
    try:
        return item.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("cannot read: no such file", path=shown) from None
    except UnicodeDecodeError as exc:
        raise error(f"cannot read: not UTF-8: {exc}", path=shown) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
