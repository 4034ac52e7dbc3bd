"""The exceptions nudge raises.

Every error the library raises on purpose derives from :class:`NudgeError`, so an app
can catch the whole family with one ``except``.  Errors that come from a data file say
where: :class:`LexiconError` carries the file, line and field.

>>> from nudge.errors import LexiconError, NudgeError
>>> err = LexiconError("must be 1, 2 or 3", path="fr/terms.toml", line=12, field="severity")
>>> str(err)
'fr/terms.toml:12: severity: must be 1, 2 or 3'
>>> isinstance(err, NudgeError)
True
"""

from __future__ import annotations

__all__ = [
    "BulkLimitError",
    "ConfigError",
    "DataError",
    "InputError",
    "LexiconError",
    "NudgeError",
    "PackNotFoundError",
    "PackProblemsError",
    "PromptError",
    "QuizError",
    "RecordError",
]


class NudgeError(Exception):
    """Base class of every error nudge raises on purpose.

    >>> issubclass(ConfigError, NudgeError)
    True
    """


class _LocatedError(NudgeError, ValueError):
    """An error about a place in a file: ``path``, ``line`` and ``field`` say where, the
    message says what is wrong, rendered ``path:line: field: message``."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        if self.field:
            where += f"{self.field}: "
        return where + self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments would be lost by the default pickling of exceptions.
        return (_rebuild_located, (type(self), self.message, self.path, self.line, self.field))


def _rebuild_located(
    cls: type[_LocatedError], message: str, path: str | None, line: int | None, field: str | None
) -> _LocatedError:
    return cls(message, path=path, line=line, field=field)


class LexiconError(_LocatedError):
    """A language pack (or a user-supplied word list) is malformed.

    ``path``, ``line`` and ``field`` say where; the message says what is wrong.

    >>> str(LexiconError("unknown category 'rude'", path="terms.toml", line=3, field="category"))
    "terms.toml:3: category: unknown category 'rude'"
    """


class PackNotFoundError(LexiconError, LookupError):
    """No language pack with that code or path could be found.

    >>> issubclass(PackNotFoundError, LexiconError)
    True
    """


class PackProblemsError(LexiconError):
    """Several problems in one pack: ``errors`` lists them all (the message is the first,
    with the count of the others); ``nudge pack validate`` prints every one.

    >>> e = PackProblemsError([LexiconError("a", path="t.toml", line=1), LexiconError("b")])
    >>> str(e), len(e.errors)
    ('t.toml:1: a (and 1 more problem)', 2)
    """

    def __init__(self, errors: list[LexiconError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        more = len(self.errors) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(first.message + tail, path=first.path, line=first.line, field=first.field)

    def __reduce__(self) -> tuple[object, ...]:
        return (PackProblemsError, (self.errors,))


class InputError(NudgeError, ValueError):
    """An item of a batch could not be processed; ``index`` says which one.

    >>> str(InputError("expected str, got int", index=3))
    'item 3: expected str, got int'
    """

    def __init__(self, message: str, *, index: int | None = None) -> None:
        self.message = message
        self.index = index
        super().__init__(message if index is None else f"item {index}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_input_error, (self.message, self.index))


def _rebuild_input_error(message: str, index: int | None) -> InputError:
    return InputError(message, index=index)


class ConfigError(NudgeError, ValueError):
    """A policy configuration is invalid; the message starts with the path of the bad field.

    >>> str(ConfigError("must be between 0 and 1", path="policies[2].threshold"))
    'policies[2].threshold: must be between 0 and 1'
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_config_error, (self.message, self.path))


def _rebuild_config_error(message: str, path: str) -> ConfigError:
    return ConfigError(message, path=path)


class BulkLimitError(ConfigError):
    """A bulk request has more ids than its limit, or a duplicate or empty id.

    >>> issubclass(BulkLimitError, ConfigError)
    True
    """


class PromptError(NudgeError, ValueError):
    """A message catalogue or a prompt request is invalid (names the message id or field).

    >>> issubclass(PromptError, NudgeError)
    True
    """


class RecordError(NudgeError, ValueError):
    """A report, a moderation event or a quiz answer is invalid; ``path`` names the field.

    >>> str(RecordError("must be timezone-aware", path="reports[3].at"))
    'reports[3].at: must be timezone-aware'
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_record_error, (type(self), self.message, self.path))


def _rebuild_record_error(cls: type[RecordError], message: str, path: str) -> RecordError:
    return cls(message, path=path)


class QuizError(RecordError):
    """A quiz answer is invalid (unknown question, choice out of range, answered twice).

    >>> issubclass(QuizError, RecordError)
    True
    """


class DataError(_LocatedError):
    """A row (or a whole part) of an input data file could not be read.

    ``path`` and ``line`` say where (``line`` is the row number, counted from 1, in a
    Parquet file, and ``None`` when the whole part is unreadable); ``field`` names the
    column when one is at fault.

    >>> str(DataError("null", path="comments.jsonl", line=7, field="text"))
    'comments.jsonl:7: text: null'
    >>> str(DataError("not a Parquet file", path="part-3.parquet"))
    'part-3.parquet: not a Parquet file'
    """
