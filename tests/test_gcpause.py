"""The collector's pause is counted across threads: it stays off until the last ends."""

from __future__ import annotations

import gc
import threading

from nudge._gcpause import paused


def test_overlapping_pauses_keep_the_collector_off_until_the_last_ends() -> None:
    assert gc.isenabled()
    first_in = threading.Event()
    first_may_leave = threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with paused():
            first_in.set()
            first_may_leave.wait(5)

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with paused():
        first_may_leave.set()
        worker.join(5)
        # The other thread's pause ended while this one is open.
        seen.append(gc.isenabled())
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exception_inside_still_restores_the_collector() -> None:
    try:
        with paused():
            raise ValueError("inside")
    except ValueError:
        pass
    assert gc.isenabled()
