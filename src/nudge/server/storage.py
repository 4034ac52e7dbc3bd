"""Where ``nudge serve`` keeps its state: a small interface and its SQLite implementation.

The server needs little state: each author's recent nudges (for escalation and fatigue),
each creator's settings, and the comments a creator's policies held, hid or let through
(the approval queue and the thread).  :class:`Storage` is that interface; a platform can
plug in its own.  :class:`SqliteStorage` keeps it in one SQLite file, created on first
use, with versioned migrations (``nudge/server/migrations/NNNN_name.sql``, applied in
order, each in its own transaction, the version kept in ``PRAGMA user_version``).

A bulk action is one transaction: a server killed in the middle of one leaves every id of
the batch either done (and journalled) or untouched, never half-recorded.

>>> from datetime import datetime, UTC
>>> store = SqliteStorage(":memory:")
>>> now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
>>> store.save_comment(StoredComment("c1", "me", "v1", "fan", "first!", CommentStatus.PENDING, now))
>>> [c.id for c in store.comments("me", status=CommentStatus.PENDING)]
['c1']
>>> store.bulk("me", "approve", ["c1", "c2"], now=now).counts()
{'done': 1, 'skipped': 0, 'failed': 1}
>>> store.comments("me")[0].status
<CommentStatus.VISIBLE: 'visible'>
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from nudge import bulk
from nudge.errors import NudgeError
from nudge.prompts import AuthorHistory, EditVerdict, NudgeRecord, Outcome, PromptKind

__all__ = [
    "CommentStatus",
    "NotFoundError",
    "SqliteStorage",
    "Storage",
    "StorageError",
    "StoredComment",
    "migrations",
]


class StorageError(NudgeError):
    """The database cannot be used (a newer schema, a corrupt file...).

    >>> issubclass(StorageError, NudgeError)
    True
    """


class NotFoundError(StorageError, LookupError):
    """A record asked for by id does not exist.

    >>> issubclass(NotFoundError, LookupError)
    True
    """


class CommentStatus(StrEnum):
    """Where a stored comment stands.

    >>> [s.value for s in CommentStatus]
    ['visible', 'pending', 'hidden', 'rejected', 'deleted', 'reported']
    """

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"
    REJECTED = "rejected"
    DELETED = "deleted"
    REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class StoredComment:
    """A comment as the server keeps it (``created_at`` is timezone-aware UTC).

    >>> StoredComment("c1", "me", "v1", "fan", "hi", CommentStatus.VISIBLE,
    ...               datetime(2026, 1, 1, tzinfo=UTC)).status.value
    'visible'
    """

    id: str
    creator_id: str
    thread_id: str
    author_id: str
    text: str
    status: CommentStatus
    created_at: datetime


class Storage(Protocol):
    """What the server needs from a store; every method is safe to call from any thread."""

    def history(self, author_id: str, since: datetime) -> AuthorHistory:
        """The author's nudges at or after ``since``, oldest first."""

    def add_nudge(self, author_id: str, record: NudgeRecord) -> int:
        """Keep one shown prompt; returns its id."""

    def set_outcome(self, nudge_id: int, outcome: Outcome, verdict: EditVerdict | None) -> None:
        """Record what the author did after a prompt (raises :class:`NotFoundError`)."""

    def nudge_records(self) -> list[NudgeRecord]:
        """Every kept nudge (for the outcome figures)."""

    def settings(self, creator_id: str) -> dict[str, Any] | None:
        """A creator's policy settings (``policy_from_config`` data), or ``None``."""

    def save_settings(self, creator_id: str, config: Mapping[str, Any], now: datetime) -> None:
        """Replace a creator's settings."""

    def save_comment(self, comment: StoredComment) -> None:
        """Insert a comment, or replace the one with the same creator and id."""

    def comments(
        self,
        creator_id: str,
        *,
        status: CommentStatus | None = None,
        thread_id: str | None = None,
        limit: int = 500,
    ) -> list[StoredComment]:
        """A creator's comments, oldest first, optionally of one status and thread."""

    def bulk(
        self, creator_id: str, action: str, ids: Sequence[str], *, now: datetime
    ) -> bulk.BulkResult:
        """Apply one bulk action atomically; every id is accounted for once."""

    def close(self) -> None:
        """Release the store."""


# ------------------------------------------------------------------------------ migrations


def migrations() -> list[tuple[int, str, str]]:
    """The bundled migrations as ``(version, name, sql)``, in order.

    >>> [(v, name) for v, name, _ in migrations()][:2]
    [(1, '0001_initial.sql'), (2, '0002_bulk_log.sql')]
    """
    folder = resources.files("nudge.server") / "migrations"
    out: list[tuple[int, str, str]] = []
    for item in folder.iterdir():
        name = item.name
        if not name.endswith(".sql"):
            continue
        head = name.split("_", 1)[0]
        if not head.isdigit():
            raise StorageError(f"{name}: a migration name starts with its number (0001_...)")
        out.append((int(head), name, item.read_text(encoding="utf-8")))
    out.sort()
    for expected, (version, name, _) in enumerate(out, start=1):
        if version != expected:
            raise StorageError(f"{name}: expected migration number {expected}")
    return out


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements (``executescript`` would commit on its own)."""
    current: list[str] = []
    for line in sql.splitlines(keepends=True):
        current.append(line)
        text = "".join(current)
        if sqlite3.complete_statement(text):
            yield text
            current = []
    rest = "".join(current).strip()
    if rest and not all(x.strip().startswith("--") for x in rest.splitlines() if x.strip()):
        raise StorageError(f"migration ends with an incomplete statement: {rest[:60]!r}")


# ------------------------------------------------------------------------------ sqlite

_TRANSITIONS: dict[str, tuple[CommentStatus, frozenset[CommentStatus]]] = {
    # action -> (new status, statuses from which the action is a no-op "skipped")
    "approve": (CommentStatus.VISIBLE, frozenset({CommentStatus.VISIBLE, CommentStatus.DELETED})),
    "delete": (CommentStatus.DELETED, frozenset({CommentStatus.DELETED})),
    "report": (CommentStatus.REPORTED, frozenset({CommentStatus.REPORTED, CommentStatus.DELETED})),
    "hide": (CommentStatus.HIDDEN, frozenset({CommentStatus.HIDDEN, CommentStatus.DELETED})),
}
BULK_ACTIONS = tuple(_TRANSITIONS)
"""The bulk actions the server applies to stored comments."""


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class SqliteStorage:
    """:class:`Storage` in one SQLite file (``":memory:"`` for tests).

    The file is created on first use and migrated to the newest schema; a file from a
    newer nudge is refused.  Write-ahead logging lets several server processes share one
    file (writes are serialised by SQLite, each waits up to ``busy_timeout`` seconds).
    ``on_bulk_item`` (for fault-injection tests) is called inside the bulk transaction
    after each id is written.

    >>> SqliteStorage(":memory:").version
    2
    """

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 10.0,
        on_bulk_item: Callable[[int, str], None] | None = None,
    ) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._on_bulk_item = on_bulk_item
        try:
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a transaction reported committed survives a power cut, not only a crash.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self.version = self._migrate()
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: {exc}") from None

    def _migrate(self) -> int:
        known = migrations()
        with self._lock, self._transaction():
            current = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if current > len(known):
                raise StorageError(
                    f"{self.path}: schema version {current} is newer than this nudge "
                    f"({len(known)}); upgrade nudge"
                )
            for version, _name, sql in known[current:]:
                for statement in _statements(sql):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {int(version)}")
            return len(known)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two processes never both read and
        # then fail to upgrade their lock half-way through.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection.

        >>> SqliteStorage(":memory:").close()
        """
        with self._lock:
            self._db.close()

    # -------------------------------------------------------------------- nudges

    def history(self, author_id: str, since: datetime) -> AuthorHistory:
        """The author's nudges since ``since`` (the newest ``AuthorHistory.KEEP``).

        >>> SqliteStorage(":memory:").history("u1", datetime(2026, 1, 1)).records
        ()
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT at, message_id, kind, variant, outcome, verdict FROM nudges"
                " WHERE author_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?",
                (author_id, _iso(since), AuthorHistory.KEEP),
            ).fetchall()
        return AuthorHistory(tuple(self._record(row) for row in reversed(rows)))

    @staticmethod
    def _record(row: Sequence[Any]) -> NudgeRecord:
        at, message_id, kind, variant, outcome, verdict = row
        return NudgeRecord(
            _parse_time(at),
            message_id,
            PromptKind(kind),
            variant,
            Outcome(outcome),
            None if verdict is None else EditVerdict(verdict),
        )

    def add_nudge(self, author_id: str, record: NudgeRecord) -> int:
        """Keep a shown prompt; returns its id.

        >>> from nudge.prompts import NudgeRecord
        >>> s = SqliteStorage(":memory:")
        >>> s.add_nudge("u1", NudgeRecord(datetime(2026, 1, 1), "reconsider.ask", "reconsider"))
        1
        """
        with self._lock, self._transaction():
            cur = self._db.execute(
                "INSERT INTO nudges (author_id, at, message_id, kind, variant, outcome, verdict)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    author_id,
                    _iso(record.at),
                    record.message_id,
                    record.kind.value,
                    record.variant,
                    record.outcome.value,
                    None if record.verdict is None else record.verdict.value,
                ),
            )
            return int(cur.lastrowid or 0)

    def set_outcome(self, nudge_id: int, outcome: Outcome, verdict: EditVerdict | None) -> None:
        """Record the author's choice after a prompt.

        >>> SqliteStorage(":memory:").set_outcome(7, Outcome.WITHDRAWN, None)
        Traceback (most recent call last):
        ...
        nudge.server.storage.NotFoundError: nudge_id: no nudge 7
        """
        with self._lock, self._transaction():
            cur = self._db.execute(
                "UPDATE nudges SET outcome = ?, verdict = ? WHERE id = ?",
                (outcome.value, None if verdict is None else verdict.value, nudge_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"nudge_id: no nudge {nudge_id}")

    def nudge_records(self) -> list[NudgeRecord]:
        """Every kept nudge, oldest first.

        >>> SqliteStorage(":memory:").nudge_records()
        []
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT at, message_id, kind, variant, outcome, verdict FROM nudges ORDER BY id"
            ).fetchall()
        return [self._record(row) for row in rows]

    # -------------------------------------------------------------------- settings

    def settings(self, creator_id: str) -> dict[str, Any] | None:
        """A creator's settings, or ``None``.

        >>> s = SqliteStorage(":memory:")
        >>> s.save_settings("me", {"version": 1, "policies": []}, datetime(2026, 1, 1))
        >>> s.settings("me"), s.settings("you")
        ({'version': 1, 'policies': []}, None)
        """
        with self._lock:
            row = self._db.execute(
                "SELECT config FROM settings WHERE creator_id = ?", (creator_id,)
            ).fetchone()
        if row is None:
            return None
        value: dict[str, Any] = json.loads(row[0])
        return value

    def save_settings(self, creator_id: str, config: Mapping[str, Any], now: datetime) -> None:
        """Replace a creator's settings (stored as JSON text).

        >>> s = SqliteStorage(":memory:")
        >>> s.save_settings("me", {"version": 1}, datetime(2026, 1, 1))
        >>> s.save_settings("me", {"version": 1, "policies": []}, datetime(2026, 1, 2))
        >>> s.settings("me")
        {'version': 1, 'policies': []}
        """
        data = json.dumps(dict(config), ensure_ascii=False)
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO settings (creator_id, config, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (creator_id) DO UPDATE SET config = excluded.config,"
                " updated_at = excluded.updated_at",
                (creator_id, data, _iso(now)),
            )

    # -------------------------------------------------------------------- comments

    def save_comment(self, comment: StoredComment) -> None:
        """Insert or replace a comment (same creator and id).

        >>> s = SqliteStorage(":memory:")
        >>> at = datetime(2026, 1, 1, tzinfo=UTC)
        >>> shown = CommentStatus.VISIBLE
        >>> for text in ("hi", "hello"):
        ...     s.save_comment(StoredComment("c1", "me", "v1", "fan", text, shown, at))
        >>> [c.text for c in s.comments("me")]
        ['hello']
        """
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO comments (creator_id, id, thread_id, author_id, text, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (creator_id, id) DO UPDATE SET thread_id = excluded.thread_id,"
                " author_id = excluded.author_id, text = excluded.text,"
                " status = excluded.status, updated_at = excluded.updated_at",
                (
                    comment.creator_id,
                    comment.id,
                    comment.thread_id,
                    comment.author_id,
                    comment.text,
                    comment.status.value,
                    _iso(comment.created_at),
                    _iso(comment.created_at),
                ),
            )

    def comments(
        self,
        creator_id: str,
        *,
        status: CommentStatus | None = None,
        thread_id: str | None = None,
        limit: int = 500,
    ) -> list[StoredComment]:
        """A creator's comments, oldest first.

        >>> s = SqliteStorage(":memory:")
        >>> at = datetime(2026, 1, 1, tzinfo=UTC)
        >>> for n, status in enumerate([CommentStatus.PENDING, CommentStatus.VISIBLE]):
        ...     s.save_comment(StoredComment(f"c{n}", "me", "v1", "fan", "hi", status, at))
        >>> visible = s.comments("me", status=CommentStatus.VISIBLE)
        >>> [c.id for c in s.comments("me")], [c.id for c in visible]
        (['c0', 'c1'], ['c1'])
        """
        query = (
            "SELECT id, creator_id, thread_id, author_id, text, status, created_at"
            " FROM comments WHERE creator_id = ?"
        )
        args: list[Any] = [creator_id]
        if status is not None:
            query += " AND status = ?"
            args.append(status.value)
        if thread_id is not None:
            query += " AND thread_id = ?"
            args.append(thread_id)
        query += " ORDER BY created_at, rowid LIMIT ?"
        args.append(limit)
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        return [
            StoredComment(r[0], r[1], r[2], r[3], r[4], CommentStatus(r[5]), _parse_time(r[6]))
            for r in rows
        ]

    # -------------------------------------------------------------------- bulk

    def bulk(
        self, creator_id: str, action: str, ids: Sequence[str], *, now: datetime
    ) -> bulk.BulkResult:
        """Apply ``action`` (approve, delete, report, hide) to up to 100 comment ids.

        One transaction: the comments and the journal (``bulk_log``) change together or
        not at all.  Unknown ids fail, ids already in the target state are skipped.

        >>> SqliteStorage(":memory:").bulk("me", "block_author", ["c1"], now=datetime(2026, 1, 1))
        Traceback (most recent call last):
        ...
        nudge.errors.ConfigError: action: 'block_author' is not applied by the server (known: ...)
        """
        from nudge.errors import ConfigError

        the_plan = bulk.plan(action, ids)  # checks the limit, empty and duplicate ids
        name = the_plan.action.value
        if name not in _TRANSITIONS:
            known = ", ".join(_TRANSITIONS)
            raise ConfigError(
                f"{name!r} is not applied by the server (known: {known})", path="action"
            )
        target, noop = _TRANSITIONS[name]
        stamp = _iso(now)
        items: list[bulk.BulkItem] = []
        with self._lock, self._transaction():
            batch = self._db.execute(
                "INSERT INTO bulk_batches (creator_id, action, size, at) VALUES (?, ?, ?, ?)",
                (creator_id, name, len(the_plan.ids), stamp),
            ).lastrowid
            for i, cid in enumerate(the_plan.ids):
                row = self._db.execute(
                    "SELECT status FROM comments WHERE creator_id = ? AND id = ?",
                    (creator_id, cid),
                ).fetchone()
                if row is None:
                    item = bulk.BulkItem(cid, bulk.ItemStatus.FAILED, "no such comment")
                elif CommentStatus(row[0]) in noop:
                    item = bulk.BulkItem(cid, bulk.ItemStatus.SKIPPED, f"already {row[0]}")
                else:
                    self._db.execute(
                        "UPDATE comments SET status = ?, updated_at = ?"
                        " WHERE creator_id = ? AND id = ?",
                        (target.value, stamp, creator_id, cid),
                    )
                    item = bulk.BulkItem(cid, bulk.ItemStatus.DONE)
                self._db.execute(
                    "INSERT INTO bulk_log (batch_id, creator_id, comment_id, action, status,"
                    " reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (batch, creator_id, cid, name, item.status.value, item.reason, stamp),
                )
                items.append(item)
                if self._on_bulk_item is not None:
                    self._on_bulk_item(i, cid)
        return bulk.BulkResult(the_plan.action, tuple(items))

    def bulk_log(self, creator_id: str) -> list[tuple[int, str, str, str]]:
        """The journal of bulk actions: ``(batch_id, comment_id, action, status)``.

        >>> SqliteStorage(":memory:").bulk_log("me")
        []
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT batch_id, comment_id, action, status FROM bulk_log"
                " WHERE creator_id = ? ORDER BY batch_id, rowid",
                (creator_id,),
            ).fetchall()
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]
