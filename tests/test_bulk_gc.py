"""The cyclic collector is paused for a season's reading and always restarted after."""

from __future__ import annotations

import gc
import threading

import pytest

from pos_app.back_office.bulk import without_cyclic_gc


def test_the_collector_restarts_after_nested_readings_and_an_error() -> None:
    assert gc.isenabled()
    with without_cyclic_gc():
        assert not gc.isenabled()
        with pytest.raises(ValueError), without_cyclic_gc():
            raise ValueError("a reading failed")
        assert not gc.isenabled()  # the outer reading still runs
    assert gc.isenabled()


def test_a_collector_stopped_before_stays_stopped() -> None:
    gc.disable()
    try:
        with without_cyclic_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_threads_reading_at_once_restart_it_once_both_are_done() -> None:
    inside = threading.Barrier(2)
    release = threading.Event()

    def read() -> None:
        with without_cyclic_gc():
            inside.wait(5)
            release.wait(5)

    other = threading.Thread(target=read)
    other.start()
    with without_cyclic_gc():
        inside.wait(5)
        release.set()
        other.join(5)
        assert not gc.isenabled()  # the other thread ended first: still paused for this one
    assert gc.isenabled()
