"""Tests of nudge.bulk: validation, execution, dry runs, chunking, and the accounting."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nudge import bulk
from nudge.bulk import BulkAction, BulkItem, BulkResult, ItemStatus, Skip, chunk, plan
from nudge.errors import BulkLimitError, ConfigError


def test_every_action_is_supported() -> None:
    for name in ("delete", "report", "block_author", "approve", "hide"):
        p = plan(name, ["c1"])
        assert p.action is BulkAction(name)
        assert p.execute(lambda cid: None).done == ("c1",)
    assert plan(BulkAction.REPORT, ["c1"]).action is BulkAction.REPORT


def test_execute_records_done_skipped_and_failed_in_order() -> None:
    seen: list[str] = []

    def handler(cid: str) -> None:
        seen.append(cid)
        if cid == "s":
            raise Skip("already hidden")
        if cid == "f":
            raise RuntimeError("server said no")
        if cid == "e":
            raise ValueError

    r = plan("hide", ["a", "s", "f", "e", "b"]).execute(handler)
    assert seen == ["a", "s", "f", "e", "b"]
    assert r.items == (
        BulkItem("a", ItemStatus.DONE),
        BulkItem("s", ItemStatus.SKIPPED, "already hidden"),
        BulkItem("f", ItemStatus.FAILED, "RuntimeError: server said no"),
        BulkItem("e", ItemStatus.FAILED, "ValueError"),
        BulkItem("b", ItemStatus.DONE),
    )
    assert r.counts() == {"done": 2, "skipped": 1, "failed": 2}
    assert not r.ok
    assert r.action is BulkAction.HIDE and not r.dry_run


def test_keyboard_interrupt_is_not_swallowed() -> None:
    def handler(cid: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        plan("delete", ["a"]).execute(handler)


def test_dry_run_calls_nothing() -> None:
    called: list[str] = []
    p = plan("delete", ["a", "b"], dry_run=True)
    r = p.execute(called.append)
    assert called == []
    assert r.dry_run
    assert r.items == (
        BulkItem("a", ItemStatus.SKIPPED, "dry run"),
        BulkItem("b", ItemStatus.SKIPPED, "dry run"),
    )
    assert plan("delete", ["a"], dry_run=True).execute().skipped == ("a",)


def test_live_plan_needs_a_handler() -> None:
    with pytest.raises(TypeError):
        plan("delete", ["a"]).execute()


@pytest.mark.parametrize(
    ("ids", "path"),
    [
        (["a", "b", "a"], "ids[2]"),
        (["a", ""], "ids[1]"),
        (["a", "  "], "ids[1]"),
        (["a", 3], "ids[1]"),
        (["a", None], "ids[1]"),
        ("abc", "ids"),
        ([f"c{i}" for i in range(101)], "ids"),
    ],
)
def test_bad_ids_are_refused_with_the_offender(ids: Any, path: str) -> None:
    with pytest.raises(BulkLimitError) as err:
        plan("delete", ids)
    assert err.value.path == path
    assert isinstance(err.value, ConfigError)


def test_limit() -> None:
    ids = [f"c{i}" for i in range(100)]
    assert len(plan("delete", ids)) == 100
    assert len(plan("delete", ids[:5], limit=5)) == 5
    with pytest.raises(BulkLimitError, match="more than the limit of 5"):
        plan("delete", ids[:6], limit=5)
    assert len(plan("delete", [*ids, "x"], limit=1000)) == 101
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ConfigError) as err:
            plan("delete", ["a"], limit=bad)  # type: ignore[arg-type]
        assert err.value.path == "limit"


def test_unknown_action() -> None:
    with pytest.raises(ConfigError) as err:
        plan("ban_forever", ["a"])
    assert err.value.path == "action"
    with pytest.raises(ConfigError):
        plan(3, ["a"])  # type: ignore[arg-type]


def test_empty_request_is_an_empty_result() -> None:
    r = plan("delete", []).execute(lambda cid: None)
    assert r.items == () and r.ok


def test_chunk_and_plan_chunks() -> None:
    ids = [f"c{i}" for i in range(205)]
    parts = chunk(ids)
    assert [len(p) for p in parts] == [100, 100, 5]
    assert [x for p in parts for x in p] == ids
    with pytest.raises(BulkLimitError) as err:
        chunk([*ids, "c3"])
    assert err.value.path == "ids[205]"
    with pytest.raises(ConfigError):
        chunk(ids, size=0)
    plans = bulk.plan_chunks("report", ids, limit=50, dry_run=True)
    assert [len(p) for p in plans] == [50, 50, 50, 50, 5]
    merged = BulkResult.merge(p.execute() for p in plans)
    assert [i.id for i in merged.items] == ids and merged.dry_run


def test_merge_refuses_mixed_requests() -> None:
    a = plan("delete", ["a"]).execute(lambda cid: None)
    b = plan("report", ["b"]).execute(lambda cid: None)
    with pytest.raises(BulkLimitError):
        BulkResult.merge([a, b])
    with pytest.raises(BulkLimitError):
        BulkResult.merge([a, a])
    with pytest.raises(BulkLimitError):
        BulkResult.merge([])


outcomes = st.sampled_from(["ok", "skip", "fail", "return"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=8).filter(str.strip), unique=True, max_size=250),
    st.lists(outcomes, min_size=1, max_size=20),
    st.booleans(),
    st.integers(1, 120),
)
def test_every_id_is_accounted_for_exactly_once(
    ids: list[str], script: list[str], dry_run: bool, size: int
) -> None:
    def handler(cid: str) -> object:
        what = script[hash(cid) % len(script)]
        if what == "skip":
            raise Skip("nothing to do")
        if what == "fail":
            raise OSError("boom")
        return what

    results = [
        p.execute(handler) for p in bulk.plan_chunks("delete", ids, limit=size, dry_run=dry_run)
    ]
    merged = BulkResult.merge(results) if results else BulkResult(BulkAction.DELETE, ())
    assert [i.id for i in merged.items] == ids
    assert sorted(merged.done + merged.skipped + merged.failed) == sorted(ids)
    for item in merged.items:
        assert (item.status is ItemStatus.DONE) == (item.reason == "")
    if dry_run:
        assert merged.skipped == tuple(ids)
