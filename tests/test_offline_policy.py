"""The Region's offline risk policy, like a card terminal's floor limits: how old the snapshot
may be, how much one till may take unseen, and the warning before a season ends unsent."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.clock import ENV_NOW
from pos_app.domain.model import BeneficiaryKey, Credential, OfflineExposure, Policy, SupportKind
from pos_app.domain.rules import cautions, offline_refusal, season_warnings
from pos_app.scheme_files import load_schemes
from pos_app.services import Till, TillError
from sync.region_sim.runner import BackgroundServer
from sync.region_sim.state import RegionState

STRICT = {
    "max_snapshot_age_hours": 1,
    "max_offline_per_beneficiary_cents": 1000,
    "max_offline_per_device_cents": 1500,
    "max_queued_transactions": 3,
}
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("amount", "exposure", "code"),
    [
        (500, OfflineExposure(0, 0, 0), None),
        (1000, OfflineExposure(0, 0, 0), None),
        (1001, OfflineExposure(0, 0, 0), "offline_limit_beneficiary"),
        (400, OfflineExposure(700, 700, 1), "offline_limit_beneficiary"),
        (400, OfflineExposure(0, 1200, 2), "offline_limit_device"),
        (100, OfflineExposure(0, 0, 3), "queue_full"),
    ],
)
def test_floor_limits(amount: int, exposure: OfflineExposure, code: str | None) -> None:
    refusal = offline_refusal(amount, exposure, Policy(**STRICT))
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    ("day", "queued", "warned"),
    [
        (datetime(2026, 6, 20, 12, 0, tzinfo=PARIS), 2, True),
        (datetime(2026, 6, 30, 23, 30, tzinfo=PARIS), 1, True),
        (datetime(2026, 6, 10, 12, 0, tzinfo=PARIS), 2, False),
        (datetime(2026, 6, 20, 12, 0, tzinfo=PARIS), 0, False),
        (datetime(2026, 7, 1, 0, 30, tzinfo=PARIS), 2, False),  # over: nothing left to do
    ],
)
def test_the_season_end_warning(day: datetime, queued: int, warned: bool) -> None:
    warnings = season_warnings(load_schemes(), {"atouts-culture-sport-2025-26": queued}, day)
    assert bool(warnings) is warned
    if warned:
        assert "30/06/2026" in warnings[0] and "pas remboursées" in warnings[0]


@pytest.fixture
def strict_till(tmp_path: Path, fixed_now, demo_seed) -> Iterator[tuple[Till, RegionState]]:
    seed = copy.deepcopy(demo_seed)
    seed["policy"].update(STRICT)
    state = RegionState(tmp_path / "region", load_schemes())
    state.load_seed(seed)
    server = BackgroundServer(state).start()
    code = next(p for p in seed["partners"] if p["id"] == "P-CINE-LUX")["enrollment_code"]
    with Till(tmp_path / "till") as till:
        till.enroll(server.url, "P-CINE-LUX", code)
        till.sync()
        yield till, state
    server.stop()
    state.close()


def test_what_one_till_may_take_unseen(strict_till, fixed_now) -> None:
    till, state = strict_till
    lea, hugo = state.qr_payload("B001", fixed_now), state.qr_payload("B002", fixed_now)
    till.charge(lea, "cinema", "8", id_checked=True)
    with pytest.raises(TillError) as per_person:
        till.charge(lea, "spectacle", "3", id_checked=True)
    assert per_person.value.code == "offline_limit_beneficiary"
    till.charge(hugo, "cinema", "6")
    with pytest.raises(TillError) as per_device:
        till.charge(hugo, "spectacle", "2")
    assert per_device.value.code == "offline_limit_device"
    assert len(till.history()) == 2  # nothing recorded by the refusals
    till.sync()
    assert till.charge(lea, "spectacle", "3", id_checked=True).amount_cents == 300


def test_an_old_snapshot_asks_to_go_online(
    strict_till, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    till, state = strict_till
    later = fixed_now + timedelta(hours=2)
    monkeypatch.setenv(ENV_NOW, later.isoformat())
    verdict = till.check(state.qr_payload("B001", later))
    assert verdict.reason == "snapshot_too_old" and "synchronisez" in verdict.message
    till.sync()
    assert till.check(state.qr_payload("B001", later)).accepted


def test_a_clock_set_back_after_the_sync_does_not_make_the_snapshot_fresh(
    strict_till, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Received at 20:30; the till's clock now says 19:00 the same day: how old the snapshot
    really is cannot be known, so it is not used (a few minutes back are tolerated)."""
    till, state = strict_till
    earlier = fixed_now - timedelta(minutes=90)
    monkeypatch.setenv(ENV_NOW, earlier.isoformat())
    verdict = till.check(state.qr_payload("B001", earlier))
    assert verdict.reason == "clock_went_back" and "horloge" in verdict.message
    slightly = fixed_now - timedelta(minutes=2)
    monkeypatch.setenv(ENV_NOW, slightly.isoformat())
    assert till.check(state.qr_payload("B001", slightly)).accepted


def test_status_warns_before_the_season_ends_with_unsent_work(
    cinema_till: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, server = region
    june = datetime(2026, 6, 25, 18, 0, tzinfo=PARIS)
    monkeypatch.setenv(ENV_NOW, june.isoformat())
    cinema_till.sync()
    assert cinema_till.status().warnings == ()
    cinema_till.charge(state.qr_payload("B001", june), "cinema", "5", id_checked=True)
    server.stop()  # the shop's line is down
    [warning] = cinema_till.status().warnings
    assert "30/06/2026" in warning


def test_an_accepted_code_warns_when_an_offline_limit_is_near(strict_till, fixed_now) -> None:
    """Amber, not red: the first sale is fine, the second one tells the cashier what is left
    before the limit refuses, and the verdict's tone asks for attention."""
    till, state = strict_till
    lea = state.qr_payload("B001", fixed_now)
    first = till.check(lea)
    assert first.accepted and first.cautions == ()
    till.charge(lea, "cinema", "8", id_checked=True)
    second = till.check(state.qr_payload("B001", fixed_now))
    assert second.accepted and second.tone == "attention"
    assert any("il reste 2,00\xa0€" in note for note in second.cautions), second.cautions


@pytest.mark.parametrize(
    ("exposure", "expected"),
    [
        (OfflineExposure(0, 0, 0), []),
        (OfflineExposure(799, 0, 0), []),
        (OfflineExposure(800, 800, 1), ["il reste 2,00\xa0€"]),
        (OfflineExposure(0, 1200, 1), ["presque atteint (reste 3,00\xa0€)"]),
        (OfflineExposure(0, 0, 3), ["3 transactions attendent"]),
    ],
)
def test_cautions_near_the_floor_limits(exposure: OfflineExposure, expected: list[str]) -> None:
    policy = Policy(
        max_offline_per_beneficiary_cents=1000,
        max_offline_per_device_cents=1500,
        max_queued_transactions=3,
    )
    now = datetime(2026, 1, 10, 15, 0, tzinfo=PARIS)
    notes = cautions(_paper_card(now, now + timedelta(days=300)), now, policy, exposure)
    assert len(notes) == len(expected)
    for note, part in zip(notes, expected, strict=True):
        assert part in note


def test_cautions_for_a_support_about_to_expire_and_old_region_data() -> None:
    now = datetime(2026, 1, 10, 15, 0, tzinfo=PARIS)
    policy = Policy(max_snapshot_age_hours=72, snapshot_caution_hours=12)
    soon = _paper_card(now, now + timedelta(days=3))
    assert any("valable jusqu'au 13/01/2026" in n for n in cautions(soon, now, policy))
    later = _paper_card(now, now + timedelta(days=30))
    assert cautions(later, now, policy) == ()
    synced = now - timedelta(hours=65)  # 7 h left before the data is too old
    (note,) = cautions(later, now, policy, snapshot_taken_at=synced)
    assert "dans 7 h" in note
    assert cautions(later, now, policy, snapshot_taken_at=now - timedelta(hours=10)) == ()


def _paper_card(now: datetime, expires_at: datetime) -> Credential:
    return Credential(
        beneficiary=BeneficiaryKey("bk-1"),
        serial="S-1",
        support=SupportKind.CARD,
        holder_name="Léa Martin",
        birth_date=None,
        issued_at=now - timedelta(days=30),
        expires_at=expires_at,
        key_id="k",
    )


def test_status_warns_when_the_till_nears_its_offline_limit(strict_till, fixed_now) -> None:
    till, state = strict_till
    assert not any("Plafond hors ligne" in w for w in till.status().warnings)
    till.charge(state.qr_payload("B002", fixed_now), "cinema", "6")
    till.charge(state.qr_payload("B001", fixed_now), "cinema", "6,50", id_checked=True)
    warnings = till.status().warnings
    assert any("Plafond hors ligne de la caisse presque atteint" in w for w in warnings), warnings
    till.sync()
    assert not any("Plafond hors ligne" in w for w in till.status().warnings)
