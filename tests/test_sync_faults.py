"""The till through a bad network, over real HTTP on loopback: nothing recorded is lost,
nothing is counted twice, and the cashier is told the truth."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from pos_app.cli import build_parser
from pos_app.clock import ENV_NOW
from pos_app.demo import demo_seed_path
from pos_app.services import Till, TillError
from sync.client import RegionClient, RegionUnreachable
from sync.region_sim.cli import _faults, parse_offset
from sync.region_sim.faults import Faults
from sync.region_sim.runner import free_port, open_state

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


def test_a_snapshot_delivered_twice_still_arrives_and_the_server_keeps_serving(
    cinema_till: Till, region, fixed_now
) -> None:
    """A streamed answer behind a retrying proxy: the first delivery is thrown away, the second
    reaches the till (this once hung the reference server: the soak test found it)."""
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.handle_twice, server.faults.paths = True, ("/v1/snapshot",)
    for _ in range(3):
        cinema_till.sync()
    server.faults.clear()
    assert cinema_till.sync().uploaded == 0
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1500


def test_a_region_clock_far_ahead_is_caught_by_the_code_check(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    ahead = state.qr_payload("B001", fixed_now + timedelta(days=2))
    verdict = cinema_till.check(ahead)
    assert verdict.reason == "code_not_yet_valid" and "heure" in verdict.message


def test_latency_beyond_the_timeout_keeps_the_sale_queued(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    cinema_till._client_factory = lambda url, token: RegionClient(
        url, token, timeout=httpx.Timeout(0.2)
    )
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.latency_seconds, server.faults.paths = 0.6, ("/v1/transactions",)
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline" and "hors ligne" in failed.value.message
    assert cinema_till.status().pending == 1  # kept for the next round
    server.faults.clear()
    report = cinema_till.sync()
    # The server may or may not have handled the request the till gave up on: counted once.
    assert report.accepted + report.duplicates == 1
    assert cinema_balance(state) == 1500
    assert cinema_till.status().pending == 0
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1500


def test_a_connection_dropped_during_the_snapshot_download(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    version = cinema_till.status().snapshot_version
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    server.faults.drop_before_handling, server.faults.paths = True, ("/v1/snapshot",)
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == "offline"
    assert cinema_till.status().pending == 0  # the upload went through before the download
    assert cinema_till.status().snapshot_version == version  # the old snapshot is kept...
    assert cinema_balance(state) == 1500
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1500  # ...less
    server.faults.clear()
    report = cinema_till.sync()
    assert (report.uploaded, report.snapshot_version) == (0, version + 1)
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1500  # once
    assert cinema_balance(state) == 1500


@pytest.mark.parametrize(
    "offset", [timedelta(days=3), timedelta(hours=-2)], ids=["ahead", "behind"]
)
def test_a_region_clock_far_off_is_not_the_tills_clock(
    cinema_till: Till, region, fixed_now, monkeypatch: pytest.MonkeyPatch, offset: timedelta
) -> None:
    state, server = region
    server.faults.clock_offset = offset
    code = state.qr_payload("B001", fixed_now)
    cinema_till.charge(code, "cinema", "5", id_checked=True)
    report = cinema_till.sync()
    assert (report.accepted, report.duplicates, report.rejected) == (1, 0, [])
    assert cinema_till.sync().uploaded == 0
    assert cinema_balance(state) == 1500
    assert cinema_till.history()[0].state == "accepted"
    snapshot = cinema_till.store.snapshot_info()
    assert snapshot is not None
    assert snapshot.generated_at == fixed_now + offset  # shown for what it is, the Region's
    assert snapshot.received_at == fixed_now  # the age is measured from here, by the till

    # The snapshot's age counts from its reception by the till's own clock: a date in the
    # future does not keep it fresh, a date in the past does not age it early.
    limit = timedelta(hours=snapshot.policy.max_snapshot_age_hours)
    monkeypatch.setenv(ENV_NOW, (fixed_now + limit - timedelta(hours=1)).isoformat())
    assert cinema_till.check(code).accepted
    monkeypatch.setenv(ENV_NOW, (fixed_now + limit + timedelta(hours=1)).isoformat())
    verdict = cinema_till.check(code)
    assert verdict.reason == "snapshot_too_old" and "synchronisez" in verdict.message


def test_the_region_clock_offset_moves_its_now_and_its_date_header(region, fixed_now) -> None:
    _, server = region
    server.faults.clock_offset = timedelta(days=3)
    answer = httpx.get(f"{server.url}/v1/health", timeout=FAST)
    assert datetime.fromisoformat(answer.json()["time"]) == fixed_now + timedelta(days=3)
    assert parsedate_to_datetime(answer.headers["date"]) == fixed_now + timedelta(days=3)
    server.faults.clear()
    answer = httpx.get(f"{server.url}/v1/health", timeout=FAST)
    assert parsedate_to_datetime(answer.headers["date"]) == fixed_now
    assert len(answer.headers.get_list("date")) == 1


@pytest.mark.parametrize("offset", [timedelta(days=3), timedelta(days=-3)], ids=["ahead", "behind"])
def test_a_retry_after_date_is_read_on_the_regions_own_clock(region, offset: timedelta) -> None:
    """Measured against the till's clock, it would mean three days of silence (or none)."""
    _, server = region
    server.faults.clock_offset = offset
    server.faults.status, server.faults.retry_after_seconds = 503, 120
    server.faults.retry_after_as_date = True
    with RegionClient(server.url, timeout=FAST) as client, pytest.raises(RegionUnreachable) as busy:
        client.snapshot()
    assert busy.value.retry_after == 120


# --- a server in its own process, told to misbehave on its command line ---------------------


@contextmanager
def region_process(data_dir: Path, port: int, *fault_options: str) -> Iterator[str]:
    """`atouts-pos region-sim serve` in its own process; yields its stderr (read at the end)."""
    command = [sys.executable, "-m", "pos_app", "region-sim", "serve", "--seed",
               str(demo_seed_path()), "--port", str(port), "--data-dir", str(data_dir),
               *fault_options]  # fmt: skip
    process = subprocess.Popen(
        command, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    stderr: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=0.5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("reference server did not start") from None
                time.sleep(0.05)
        yield stderr  # type: ignore[misc]
    finally:
        process.terminate()
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        stderr.append(err.decode())


def test_faults_through_a_region_in_its_own_process(tmp_path: Path, fixed_now) -> None:
    region_dir, port = tmp_path / "region", free_port()
    with region_process(
        region_dir, port, "--truncate", "--paths", "/v1/transactions", "--clock-offset", "+3d"
    ) as stderr, Till(tmp_path / "till") as till:  # fmt: skip
        till.enroll(f"http://127.0.0.1:{port}", "P-CINE-LUX", "LUX-DEMO-2026")
        till.sync()
        assert till.status().snapshot_generated_at == fixed_now + timedelta(days=3)
        state = open_state(region_dir)
        try:
            till.charge(state.qr_payload("B001", fixed_now), "cinema", "12", id_checked=True)
            with pytest.raises(TillError) as failed:
                till.sync()
            assert failed.value.code == "offline"
            assert cinema_balance(state) == 800  # committed, answer lost
        finally:
            state.close()
    assert "PANNES SIMULÉES" in stderr[0] and "truncate" in stderr[0]
    with region_process(region_dir, port) as stderr, Till(tmp_path / "till") as till:
        assert till.status().pending == 1
        report = till.sync()
        assert (report.accepted, report.duplicates) == (0, 1)
        state = open_state(region_dir)
        try:
            assert cinema_balance(state) == 800  # not twice
        finally:
            state.close()
    assert "PANNES" not in stderr[0]  # a plain `serve` misbehaves in no way


def test_serve_has_no_fault_unless_asked(tmp_path: Path) -> None:
    args = build_parser().parse_args(["region-sim", "serve", "--port", "1"])
    faults = _faults(args)
    assert isinstance(faults, Faults) and faults.active() == []
    args = build_parser().parse_args(
        ["region-sim", "serve", "--port", "1", "--fail-status", "503", "--retry-after", "5",
         "--latency", "0.5", "--drop", "--handle-twice", "--clock-offset=-2h",
         "--paths", "/v1/snapshot", "--paths", "/v1/transactions"]
    )  # fmt: skip
    faults = _faults(args)
    assert isinstance(faults, Faults)
    assert (faults.status, faults.retry_after_seconds, faults.latency_seconds) == (503, 5, 0.5)
    assert faults.drop_before_handling and faults.handle_twice and not faults.truncate_body
    assert faults.clock_offset == timedelta(hours=-2)
    assert faults.paths == ("/v1/snapshot", "/v1/transactions")
    assert [parse_offset(t) for t in ("+3d", "90", "1.5m")] == [
        timedelta(days=3), timedelta(seconds=90), timedelta(seconds=90)
    ]  # fmt: skip
    no_status = build_parser().parse_args(
        ["region-sim", "serve", "--port", "1", "--retry-after", "5"]
    )
    assert isinstance(_faults(no_status), str)
