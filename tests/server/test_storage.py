"""SQLite storage: migrations, atomic bulk actions, and a server killed mid-bulk."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

import contextlib

from nudge.server.storage import (
    CommentStatus,
    SqliteStorage,
    StorageError,
    StoredComment,
    migrations,
)

from . import _launch

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _seed(store: SqliteStorage, n: int, creator: str = "me") -> list[str]:
    ids = [f"c{i:03d}" for i in range(n)]
    for cid in ids:
        store.save_comment(
            StoredComment(cid, creator, "v1", "fan", cid, CommentStatus.PENDING, NOW)
        )
    return ids


def test_migrations_upgrade_an_old_file_and_refuse_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    version, _name, sql = migrations()[0]
    with sqlite3.connect(path) as db:
        db.executescript(sql)
        db.execute(f"PRAGMA user_version = {version}")
    store = SqliteStorage(path)
    assert store.version == len(migrations())
    assert store.bulk_log("me") == []  # the table of migration 2 exists
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StorageError, match="schema version 99 is newer"):
        SqliteStorage(path)


def test_state_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = SqliteStorage(path)
    _seed(store, 3)
    store.save_settings("me", {"version": 1, "policies": [{"type": "filter_all"}]}, NOW)
    store.close()
    again = SqliteStorage(path)
    assert [c.id for c in again.comments("me", status=CommentStatus.PENDING)] == [
        "c000",
        "c001",
        "c002",
    ]
    assert again.settings("me") == {"version": 1, "policies": [{"type": "filter_all"}]}
    again.close()


def test_a_failure_mid_bulk_rolls_everything_back(tmp_path: Path) -> None:
    def explode(i: int, cid: str) -> None:
        if i == 50:
            raise OSError("disk unplugged")

    path = tmp_path / "bulk.db"
    store = SqliteStorage(path, on_bulk_item=explode)
    ids = _seed(store, 100)
    with pytest.raises(OSError, match="unplugged"):
        store.bulk("me", "delete", ids, now=NOW)
    assert len(store.comments("me", status=CommentStatus.PENDING)) == 100
    assert store.bulk_log("me") == []
    store.close()


def _status_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT status, count(*) FROM comments GROUP BY status").fetchall()
    return {status: n for status, n in rows}


def test_a_server_killed_mid_bulk_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    slow = _launch.start(db, slow_bulk=0.02)
    try:
        settings = {"version": 1, "policies": [{"type": "filter_all"}]}
        assert slow.call("PUT", "/v1/creators/me/settings", settings)[0] == 200
        ids = [f"c{i:03d}" for i in range(100)]
        for cid in ids:
            body = {"creator_id": "me", "comment": {"id": cid, "text": "hello", "author_id": "fan"}}
            assert slow.call("POST", "/v1/decide", body)[1]["stored"] == "pending"

        def request_bulk() -> None:
            # The connection dies with the server: the client sees an error, never an answer.
            with contextlib.suppress(OSError):
                slow.call("POST", "/v1/creators/me/bulk", {"action": "approve", "ids": ids})

        caller = threading.Thread(target=request_bulk)
        caller.start()
        assert slow.proc.stdout is not None
        deadline = time.monotonic() + 30
        seen = ""
        while time.monotonic() < deadline and seen != "item 50":
            seen = slow.proc.stdout.readline().strip()
        assert seen == "item 50", "the bulk action never reached its middle"
        slow.kill()
        caller.join(timeout=30)
    finally:
        slow.kill()

    # Every id is either done or still pending: here, the transaction was not committed,
    # so all 100 are still pending and the journal has no row of the batch.
    assert _status_counts(db) == {"pending": 100}
    restarted = _launch.start(db)
    try:
        status, queue = restarted.call("GET", "/v1/creators/me/comments?status=pending")
        assert status == 200 and [c["id"] for c in queue["comments"]] == ids
        status, result = restarted.call(
            "POST", "/v1/creators/me/bulk", {"action": "approve", "ids": ids}
        )
        assert status == 200 and result["counts"] == {"done": 100, "skipped": 0, "failed": 0}
    finally:
        restarted.stop()
    assert _status_counts(db) == {"visible": 100}
    store = SqliteStorage(db)
    log = store.bulk_log("me")
    store.close()
    assert [row[1] for row in log] == ids
    assert {row[3] for row in log} == {"done"}


def test_two_workers_share_one_database(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    server = _launch.start(db, workers=2)
    try:
        settings = {"version": 1, "policies": [{"type": "filter_all"}]}
        assert server.call("PUT", "/v1/creators/me/settings", settings)[0] == 200
        ids = [f"w{i:03d}" for i in range(60)]

        answers: list[tuple[int, object]] = []

        def post(cid: str) -> None:
            body = {"creator_id": "me", "comment": {"id": cid, "text": "hi", "author_id": "fan"}}
            status, answer = server.call("POST", "/v1/decide", body)
            answers.append((status, answer["stored"]))

        threads = [threading.Thread(target=post, args=(cid,)) for cid in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert answers == [(200, "pending")] * len(ids)
        status, result = server.call(
            "POST", "/v1/creators/me/bulk", {"action": "delete", "ids": ids}
        )
        assert status == 200 and result["counts"] == {"done": 60, "skipped": 0, "failed": 0}
    finally:
        server.stop()
    assert _status_counts(db) == {"deleted": 60}
