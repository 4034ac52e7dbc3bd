"""Bulk moderation: delete, report, block, approve or hide many comments at once.

:func:`plan` checks a request (a known action; ids that are non-empty strings, unique,
and at most ``limit`` of them) and returns a :class:`BulkPlan`.  The library performs
nothing itself: :meth:`BulkPlan.execute` calls the app's handler once per id and
returns a :class:`BulkResult` that accounts for every requested id exactly once, as
done, skipped (with a reason) or failed (with a reason).  Nothing is silently dropped.

>>> p = plan("delete", ["c1", "c2", "c3"])
>>> gone = set()
>>> def delete(comment_id):
...     if comment_id == "c2":
...         raise Skip("already deleted")
...     if comment_id == "c3":
...         raise PermissionError("not your comment")
...     gone.add(comment_id)
>>> for item in p.execute(delete).items:
...     print(item.id, item.status.value, item.reason or "-")
c1 done -
c2 skipped already deleted
c3 failed PermissionError: not your comment

A dry run calls nothing and marks every id skipped:

>>> plan("block_author", ["c1", "c2"], dry_run=True).execute().counts()
{'done': 0, 'skipped': 2, 'failed': 0}

More ids than the limit is an error; :func:`chunk` splits a big list explicitly:

>>> plan("report", [f"c{i}" for i in range(101)])
Traceback (most recent call last):
...
nudge.errors.BulkLimitError: ids: 101 ids is more than the limit of 100 (split them with chunk())
>>> [len(c) for c in chunk([f"c{i}" for i in range(250)], size=100)]
[100, 100, 50]
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from nudge.errors import BulkLimitError, ConfigError

__all__ = [
    "DEFAULT_LIMIT",
    "AsyncHandler",
    "BulkAction",
    "BulkItem",
    "BulkPlan",
    "BulkResult",
    "ItemStatus",
    "Skip",
    "chunk",
    "plan",
    "plan_chunks",
]

DEFAULT_LIMIT: Final = 100
"""At most this many ids per batch, unless the app asks otherwise (TikTok allows 100)."""


class BulkAction(StrEnum):
    """What to do to every id of a batch.

    >>> BulkAction("block_author")
    <BulkAction.BLOCK_AUTHOR: 'block_author'>
    """

    DELETE = "delete"
    REPORT = "report"
    BLOCK_AUTHOR = "block_author"
    APPROVE = "approve"
    HIDE = "hide"


class ItemStatus(StrEnum):
    """What happened to one id.

    >>> [s.value for s in ItemStatus]
    ['done', 'skipped', 'failed']
    """

    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"


class Skip(Exception):  # noqa: N818 - raised by handlers to say "skipped", not an error
    """Raise from a handler to mark an id skipped (with the message as its reason).

    >>> plan("approve", ["c1"]).execute(lambda cid: (_ for _ in ()).throw(Skip("approved"))).items
    (BulkItem(id='c1', status=<ItemStatus.SKIPPED: 'skipped'>, reason='approved'),)
    """


@dataclass(frozen=True, slots=True)
class BulkItem:
    """The outcome for one id: ``reason`` is empty for ``done``.

    >>> BulkItem("c1", ItemStatus.DONE).reason
    ''
    """

    id: str
    status: ItemStatus
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BulkResult:
    """One :class:`BulkItem` per requested id, in the order requested.

    >>> r = plan("hide", ["c1", "c2"]).execute(lambda cid: None)
    >>> r.done, r.failed, r.ok
    (('c1', 'c2'), (), True)
    """

    action: BulkAction
    items: tuple[BulkItem, ...]
    dry_run: bool = False

    def _ids(self, status: ItemStatus) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.status is status)

    @property
    def done(self) -> tuple[str, ...]:
        """The ids the handler processed.

        >>> plan("delete", ["c1"], dry_run=True).execute().done
        ()
        """
        return self._ids(ItemStatus.DONE)

    @property
    def skipped(self) -> tuple[str, ...]:
        """The ids skipped (dry run, or the handler raised :class:`Skip`).

        >>> plan("delete", ["c1"], dry_run=True).execute().skipped
        ('c1',)
        """
        return self._ids(ItemStatus.SKIPPED)

    @property
    def failed(self) -> tuple[str, ...]:
        """The ids whose handler raised an exception.

        >>> plan("delete", ["c1"]).execute(lambda cid: 1 / 0).failed
        ('c1',)
        """
        return self._ids(ItemStatus.FAILED)

    @property
    def ok(self) -> bool:
        """No id failed.

        >>> plan("delete", ["c1"]).execute(lambda cid: 1 / 0).ok
        False
        """
        return all(item.status is not ItemStatus.FAILED for item in self.items)

    def counts(self) -> dict[str, int]:
        """How many ids ended in each status.

        >>> plan("report", ["a", "b"]).execute(lambda cid: None).counts()
        {'done': 2, 'skipped': 0, 'failed': 0}
        """
        out = {status.value: 0 for status in ItemStatus}
        for item in self.items:
            out[item.status.value] += 1
        return out

    @classmethod
    def merge(cls, results: Iterable[BulkResult]) -> BulkResult:
        """Join the results of the chunks of one request (same action, distinct ids).

        >>> ids = [f"c{i}" for i in range(150)]
        >>> parts = [plan("delete", c).execute(lambda cid: None) for c in chunk(ids)]
        >>> len(BulkResult.merge(parts).done)
        150
        """
        results = list(results)
        if not results:
            raise BulkLimitError("no results to merge", path="results")
        action = results[0].action
        items: list[BulkItem] = []
        seen: set[str] = set()
        for i, r in enumerate(results):
            if r.action is not action:
                raise BulkLimitError(f"action {r.action} is not {action}", path=f"results[{i}]")
            for item in r.items:
                if item.id in seen:
                    raise BulkLimitError(f"id {item.id!r} appears twice", path=f"results[{i}]")
                seen.add(item.id)
                items.append(item)
        return cls(action, tuple(items), all(r.dry_run for r in results))


Handler = Callable[[str], object]
"""The app's callback: called with one id; return normally for done, raise
:class:`Skip` for skipped, any other exception for failed."""

AsyncHandler = Callable[[str], Awaitable[object]]
"""The same callback as an ``async def``, for :meth:`BulkPlan.execute_async`."""


def _describe(err: BaseException) -> str:
    """``"Type: message"``, even when the exception's ``str()`` itself fails."""
    name = type(err).__name__
    try:
        text = str(err)
    except Exception:
        return f"{name} (its message could not be read)"
    return f"{name}: {text}" if text else name


def _interrupted(
    plan: BulkPlan, out: list[BulkItem], current: str, err: BaseException
) -> BulkResult:
    """The account of a batch stopped by ``err`` (KeyboardInterrupt, SystemExit...): what
    ran is kept, the id running is failed (its outcome is unknown), the rest skipped."""
    out.append(BulkItem(current, ItemStatus.FAILED, f"interrupted ({_describe(err)})"))
    for rest in plan.ids[len(out) :]:
        out.append(BulkItem(rest, ItemStatus.SKIPPED, "not run: the batch was interrupted"))
    result = BulkResult(plan.action, tuple(out))
    # The partial result travels on the exception, which is re-raised unchanged.
    try:
        err.bulk_result = result  # type: ignore[attr-defined]
        err.add_note(f"nudge.bulk: partial result in .bulk_result ({result.counts()})")
    except (AttributeError, TypeError):  # pragma: no cover - exceptions with __slots__
        pass
    return result


@dataclass(frozen=True, slots=True)
class BulkPlan:
    """A checked request, ready to execute with the app's handler.

    >>> p = plan("delete", ["c1", "c2"])
    >>> p.action, p.ids, p.dry_run
    (<BulkAction.DELETE: 'delete'>, ('c1', 'c2'), False)
    """

    action: BulkAction
    ids: tuple[str, ...]
    limit: int = DEFAULT_LIMIT
    dry_run: bool = False

    def __post_init__(self) -> None:
        # A plan built directly, not through plan(), gets the same checks.
        limit = _check_limit(self.limit)
        ids = _check_ids(self.ids)
        if len(ids) > limit:
            raise BulkLimitError(
                f"{len(ids)} ids is more than the limit of {limit} (split them with chunk())",
                path="ids",
            )
        if not isinstance(self.dry_run, bool):
            raise ConfigError(f"must be True or False, got {self.dry_run!r}", path="dry_run")
        object.__setattr__(self, "action", _action(self.action))
        object.__setattr__(self, "ids", ids)

    def __len__(self) -> int:
        return len(self.ids)

    def execute(self, handler: Handler | None = None) -> BulkResult:
        """Call ``handler(id)`` for every id, in order, and account for each one.

        A dry run calls nothing (``handler`` may be omitted) and marks every id skipped
        ``"dry run"``.  An exception other than :class:`Skip` marks the id failed with
        ``"ExceptionType: message"`` and the batch goes on.  Any other ``BaseException``
        (``KeyboardInterrupt``, ``SystemExit``) stops the batch and is re-raised, carrying
        the partial result as ``.bulk_result``.  An ``async def`` handler is refused here:
        use :meth:`execute_async`.

        >>> def handler(cid):
        ...     if cid == "c2":
        ...         raise KeyboardInterrupt
        >>> try:
        ...     plan("delete", ["c1", "c2", "c3"]).execute(handler)
        ... except KeyboardInterrupt as stop:
        ...     [(i.id, i.status.value) for i in stop.bulk_result.items]
        [('c1', 'done'), ('c2', 'failed'), ('c3', 'skipped')]
        >>> plan("delete", ["c1"]).execute()
        Traceback (most recent call last):
        ...
        TypeError: execute() needs a handler unless the plan is a dry run
        """
        if self.dry_run:
            return self._dry()
        if handler is None:
            raise TypeError("execute() needs a handler unless the plan is a dry run")
        if inspect.iscoroutinefunction(handler):
            raise TypeError("the handler is async: use await plan.execute_async(handler)")
        out: list[BulkItem] = []
        for comment_id in self.ids:
            try:
                value = handler(comment_id)
                if inspect.isawaitable(value):
                    # Nothing ran yet: an awaitable returned by a plain function.
                    if inspect.iscoroutine(value):
                        value.close()
                    raise TypeError("the handler returned an awaitable: use execute_async")
            except Skip as skip:
                out.append(BulkItem(comment_id, ItemStatus.SKIPPED, _skip_reason(skip)))
            except Exception as err:
                out.append(BulkItem(comment_id, ItemStatus.FAILED, _describe(err)))
            except BaseException as err:
                _interrupted(self, out, comment_id, err)
                raise
            else:
                out.append(BulkItem(comment_id, ItemStatus.DONE))
        return BulkResult(self.action, tuple(out))

    async def execute_async(self, handler: AsyncHandler | None = None) -> BulkResult:
        """:meth:`execute` for an ``async def`` handler: each call is awaited in turn.

        >>> import asyncio
        >>> async def hide(cid):
        ...     return None
        >>> asyncio.run(plan("hide", ["c1", "c2"]).execute_async(hide)).done
        ('c1', 'c2')
        """
        if self.dry_run:
            return self._dry()
        if handler is None:
            raise TypeError("execute_async() needs a handler unless the plan is a dry run")
        out: list[BulkItem] = []
        for comment_id in self.ids:
            try:
                value = handler(comment_id)
                if inspect.isawaitable(value):
                    await value
            except Skip as skip:
                out.append(BulkItem(comment_id, ItemStatus.SKIPPED, _skip_reason(skip)))
            except Exception as err:
                out.append(BulkItem(comment_id, ItemStatus.FAILED, _describe(err)))
            except BaseException as err:  # including asyncio.CancelledError
                _interrupted(self, out, comment_id, err)
                raise
            else:
                out.append(BulkItem(comment_id, ItemStatus.DONE))
        return BulkResult(self.action, tuple(out))

    def _dry(self) -> BulkResult:
        items = tuple(BulkItem(i, ItemStatus.SKIPPED, "dry run") for i in self.ids)
        return BulkResult(self.action, items, dry_run=True)


def _skip_reason(skip: Skip) -> str:
    try:
        return str(skip) or "skipped"
    except Exception:
        return "skipped (its message could not be read)"


def _action(action: BulkAction | str) -> BulkAction:
    if isinstance(action, str):
        try:
            return BulkAction(action)
        except ValueError:
            pass
    known = ", ".join(a.value for a in BulkAction)
    raise ConfigError(f"must be one of {known}, got {action!r}", path="action")


def _check_ids(ids: Iterable[str]) -> tuple[str, ...]:
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        raise BulkLimitError(f"must be a list of ids, got {type(ids).__name__}", path="ids")
    out = tuple(ids)
    first: dict[str, int] = {}
    for i, value in enumerate(out):
        if not isinstance(value, str):
            raise BulkLimitError(f"must be a string, got {type(value).__name__}", path=f"ids[{i}]")
        if not value.strip():
            raise BulkLimitError("an empty id", path=f"ids[{i}]")
        if value in first:
            raise BulkLimitError(
                f"duplicate id {value!r} (first at ids[{first[value]}])", path=f"ids[{i}]"
            )
        first[value] = i
    return out


def _check_limit(limit: int, name: str = "limit") -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ConfigError(f"must be a positive integer, got {limit!r}", path=name)
    return limit


def plan(
    action: BulkAction | str,
    ids: Sequence[str],
    *,
    limit: int = DEFAULT_LIMIT,
    dry_run: bool = False,
) -> BulkPlan:
    """Check a bulk request and return the plan; errors name the bad id or field.

    >>> plan("delete", ["c1", "c1"])
    Traceback (most recent call last):
    ...
    nudge.errors.BulkLimitError: ids[1]: duplicate id 'c1' (first at ids[0])
    >>> plan("nuke", ["c1"])
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: action: must be one of delete, report, block_author, approve, \
hide, got 'nuke'
    """
    kind = _action(action)
    size = _check_limit(limit)
    checked = _check_ids(ids)
    if len(checked) > size:
        raise BulkLimitError(
            f"{len(checked)} ids is more than the limit of {size} (split them with chunk())",
            path="ids",
        )
    return BulkPlan(kind, checked, size, dry_run)


def chunk(ids: Sequence[str], size: int = DEFAULT_LIMIT) -> list[tuple[str, ...]]:
    """Split a checked list of ids into batches of at most ``size``, in order.

    The whole list is checked first, so a duplicate across two batches is refused.

    >>> chunk(["a", "b", "c"], size=2)
    [('a', 'b'), ('c',)]
    """
    size = _check_limit(size, "size")
    checked = _check_ids(ids)
    return [checked[i : i + size] for i in range(0, len(checked), size)]


def plan_chunks(
    action: BulkAction | str,
    ids: Sequence[str],
    *,
    limit: int = DEFAULT_LIMIT,
    dry_run: bool = False,
) -> list[BulkPlan]:
    """One plan per chunk of at most ``limit`` ids (the explicit way past the limit).

    >>> [len(p) for p in plan_chunks("delete", [f"c{i}" for i in range(120)])]
    [100, 20]
    """
    return [plan(action, c, limit=limit, dry_run=dry_run) for c in chunk(ids, limit)]
