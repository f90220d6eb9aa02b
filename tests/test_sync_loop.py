"""Background sync: soon after a sale, backing off while offline, never before Retry-After."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest

from pos_app.services import Till
from pos_app.sync_loop import Backoff, SyncLoop, SyncOutcome, next_delay
from sync.client import RegionClient
from sync.region_sim.runner import BackgroundServer

QUICK = Backoff(interval=30.0, first_retry=0.05, max_delay=0.2, after_sale=0.05)


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("failures", "retry_after", "low", "high"),
    [
        (0, None, 60.0, 60.0),
        (1, None, 2.5, 5.0),
        (3, None, 10.0, 20.0),
        (20, None, 300.0, 600.0),  # capped
        (1, 120.0, 120.0, 120.0),  # the Region asked for quiet
        (20, 30.0, 300.0, 600.0),
        (1, 3 * 86400.0, 3600.0, 3600.0),  # "come back in 3 days" is capped at an hour
    ],
)
def test_next_delay(failures: int, retry_after: float | None, low: float, high: float) -> None:
    rng = random.Random(7)
    for _ in range(200):
        assert low <= next_delay(failures, retry_after, Backoff(), rng) <= high


def test_a_sale_is_sent_soon_and_offline_backs_off(cinema_till: Till, region, fixed_now) -> None:
    state, server = region
    outcomes: list[SyncOutcome] = []
    loop = SyncLoop(cinema_till, outcomes.append, QUICK, random.Random(1)).start()
    try:
        wait_until(lambda: len(outcomes) >= 1)  # the first sync, at once
        assert outcomes[0].error is None and outcomes[0].next_in == QUICK.interval

        cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "4")
        loop.nudge()
        wait_until(lambda: cinema_till.status().pending == 0)  # long before the 30 s tick

        server.faults.status, server.faults.retry_after_seconds = 503, 1
        cinema_till.charge(state.qr_payload("B002", fixed_now), "spectacle", "4")
        loop.nudge()
        wait_until(lambda: any(o.error for o in outcomes))
        failed = next(o for o in outcomes if o.error)
        assert failed.error.code == "offline" and failed.next_in >= 1.0  # Retry-After honoured
        assert cinema_till.status().pending == 1  # kept

        server.faults.clear()
        wait_until(lambda: cinema_till.status().pending == 0)  # back online: sent
        # The status answers during the sync now (it no longer waits for the round to end).
        wait_until(lambda: loop.failures == 0)
    finally:
        loop.stop()
    balances = {w["category"]: w["balance_cents"] for w in state.balances("B002")["wallets"]}
    assert balances == {"cinema": 200, "spectacle": 2600}  # each sale counted once


def test_the_network_coming_back_is_noticed_before_the_backoff_ends(
    cinema_till: Till, region, fixed_now
) -> None:
    """Offline for real (nothing listens): the loop probes the Region's health every 0.1 s
    and syncs as soon as it answers, not at the end of its 30–60 s backoff."""
    state, server = region
    slow = Backoff(interval=300.0, first_retry=60.0, max_delay=60.0, after_sale=0.01,
                   probe_every=0.1)  # fmt: skip
    outcomes: list[SyncOutcome] = []
    loop = SyncLoop(cinema_till, outcomes.append, slow, random.Random(3)).start()
    restarted = None
    try:
        wait_until(lambda: len(outcomes) >= 1)
        server.stop()
        cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "4")
        loop.nudge()
        wait_until(lambda: any(o.error for o in outcomes))
        assert next(o for o in outcomes if o.error).next_in >= 30.0
        restarted = BackgroundServer(state, server.port).start()
        started = time.monotonic()
        wait_until(lambda: cinema_till.status().pending == 0, seconds=10)
        assert time.monotonic() - started < 10  # far sooner than the backoff
    finally:
        loop.stop()
        if restarted is not None:
            restarted.stop()
    balances = {w["category"]: w["balance_cents"] for w in state.balances("B002")["wallets"]}
    assert balances["cinema"] == 200


def test_a_region_that_answers_but_refuses_is_not_probed(cinema_till: Till, region) -> None:
    """A 503 on sync while the health check answers: the backoff alone decides."""
    _, server = region
    probes: list[bool] = []
    real = cinema_till.region_reachable

    def counted() -> bool:
        probes.append(real())
        return probes[-1]

    cinema_till.region_reachable = counted  # type: ignore[method-assign]
    server.faults.status, server.faults.paths = 503, ("/v1/transactions", "/v1/snapshot")
    slow = Backoff(interval=300.0, first_retry=60.0, max_delay=60.0, probe_every=0.05)
    outcomes: list[SyncOutcome] = []
    loop = SyncLoop(cinema_till, outcomes.append, slow, random.Random(3)).start()
    try:
        wait_until(lambda: any(o.error for o in outcomes))
        time.sleep(0.5)
    finally:
        loop.stop()
    assert probes == [True]  # asked once, right after the failure, then left alone
    assert len(outcomes) == 1


class _HeldUpload(RegionClient):
    """A Region client whose upload waits until the test lets it go (a slow 4G upload)."""

    started = threading.Event()
    release = threading.Event()
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def upload(self, transactions):  # type: ignore[override]
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
        cls.started.set()
        try:
            assert cls.release.wait(10)
            return super().upload(transactions)
        finally:
            with cls.lock:
                cls.in_flight -= 1


def _held() -> type[_HeldUpload]:
    """A fresh subclass: its events and counters belong to one test."""
    fresh = {"started": threading.Event(), "release": threading.Event(), "most_in_flight": 0}
    return type("Held", (_HeldUpload,), fresh)


def test_a_slow_sync_never_holds_up_a_scan_or_a_sale(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    held = _held()
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "2", id_checked=True)
    cinema_till._client_factory = held
    syncing = threading.Thread(target=cinema_till.sync)
    syncing.start()
    try:
        assert held.started.wait(10)  # the upload is under way, and held
        verdict = cinema_till.check(state.qr_payload("B002", fixed_now))
        assert verdict.accepted
        sale = cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "3")
        assert sale.amount_cents == 300
        assert not held.release.is_set() and syncing.is_alive()  # all that while it was held
    finally:
        held.release.set()
        syncing.join(10)
    cinema_till._client_factory = RegionClient
    cinema_till.sync()
    assert cinema_till.status().pending == 0


def test_two_syncs_never_overlap(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    held = _held()
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "2", id_checked=True)
    cinema_till._client_factory = held
    threads = [threading.Thread(target=cinema_till.sync) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert held.started.wait(10)
    time.sleep(0.2)  # give the other two every chance to start an upload of their own
    held.release.set()
    for thread in threads:
        thread.join(10)
    assert held.most_in_flight == 1
    assert cinema_till.status().pending == 0
    balances = {w["category"]: w["balance_cents"] for w in state.balances("B001")["wallets"]}
    assert balances["cinema"] == 1800  # sent once
