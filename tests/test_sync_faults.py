"""The till through a bad network, over real HTTP on loopback: nothing recorded is lost,
nothing is counted twice, and the cashier is told the truth."""

from __future__ import annotations

import httpx
import pytest

from pos_app.services import Till, TillError
from sync.client import RegionClient, RegionUnreachable

FAST = httpx.Timeout(0.5, connect=0.5)


def impatient(base_url: str, token: str | None) -> RegionClient:
    return RegionClient(base_url, token, timeout=FAST)


def cinema_balance(state, beneficiary: str = "B001") -> int:
    return next(
        w["balance_cents"] for w in state.balances(beneficiary)["wallets"]
        if w["category"] == "cinema"
    )  # fmt: skip


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_keeps_the_queue_and_says_offline(
    cinema_till: Till, region, fixed_now, status: int
) -> None:
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.status = status
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline"
    assert cinema_till.status().pending == 1
    server.faults.clear()
    assert cinema_till.sync().accepted == 1
    assert cinema_balance(state) == 1500


def test_retry_after_reaches_the_client(region) -> None:
    _, server = region
    server.faults.status, server.faults.retry_after_seconds = 503, 120
    with RegionClient(server.url, timeout=FAST) as client, pytest.raises(RegionUnreachable) as busy:
        client.snapshot()
    assert busy.value.retry_after == 120


def test_a_slow_link_times_out_and_the_counter_keeps_working(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    cinema_till._client_factory = impatient
    server.faults.latency_seconds = 1.5
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline"
    assert cinema_till.charge(
        state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True
    ).amount_cents == 500  # fmt: skip


def test_an_answer_lost_after_the_server_committed_is_counted_once(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "12", id_checked=True)
    server.faults.truncate_body, server.faults.paths = True, ("/v1/transactions",)
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline"
    assert cinema_balance(state) == 800  # the Region did record it...
    assert cinema_till.status().pending == 1  # ...but the till could not know
    server.faults.clear()
    report = cinema_till.sync()
    assert (report.accepted, report.duplicates) == (0, 1)
    assert cinema_balance(state) == 800  # not twice
    assert cinema_till.history()[0].state == "duplicate"
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 800


def test_a_truncated_snapshot_is_not_used(cinema_till: Till, region, fixed_now) -> None:
    state, server = region
    version = cinema_till.status().snapshot_version
    server.faults.truncate_body, server.faults.paths = True, ("/v1/snapshot",)
    with pytest.raises(TillError):
        cinema_till.sync()
    assert cinema_till.status().snapshot_version == version
    assert cinema_till.check(state.qr_payload("B001", fixed_now)).accepted


def test_a_connection_dropped_before_the_server_saw_anything(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.drop_before_handling, server.faults.paths = True, ("/v1/transactions",)
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline"
    assert cinema_balance(state) == 2000  # nothing reached the Region
    server.faults.clear()
    assert cinema_till.sync().accepted == 1
    assert cinema_balance(state) == 1500


def test_a_request_delivered_twice_is_counted_once(cinema_till: Till, region, fixed_now) -> None:
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.handle_twice, server.faults.paths = True, ("/v1/transactions",)
    report = cinema_till.sync()
    assert report.duplicates == 1  # the answer to the second delivery
    assert cinema_balance(state) == 1500  # once
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1500


def test_a_region_clock_far_ahead_is_caught_by_the_code_check(
    cinema_till: Till, region, fixed_now
) -> None:
    from datetime import timedelta

    state, _ = region
    ahead = state.qr_payload("B001", fixed_now + timedelta(days=2))
    verdict = cinema_till.check(ahead)
    assert verdict.reason == "code_not_yet_valid" and "heure" in verdict.message
