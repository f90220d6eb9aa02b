"""Codes checked offline against what the snapshot says: revocation, replacement, suspension,
key rotation and retirement, region, and the phone app's freshness (screenshots, replays)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos_app.clock import ENV_NOW
from pos_app.domain.model import SupportKind
from pos_app.services import Till, TillError


def reason(till: Till, payload: str) -> str:
    return till.check(payload).reason


def test_a_lost_card_is_refused_after_the_next_sync(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    assert reason(cinema_till, payload) == "accepted"
    state.revoke("AT25-000001", "lost", fixed_now)
    assert reason(cinema_till, payload) == "accepted"  # offline, the till cannot know yet
    cinema_till.sync()
    verdict = cinema_till.check(payload)
    assert verdict.reason == "support_revoked" and "perdu ou volé" in verdict.message
    with pytest.raises(TillError) as refused:
        cinema_till.charge(payload, "cinema", "5", id_checked=True)
    assert refused.value.code == "support_revoked"


def test_a_replaced_card_old_serial_refused_new_one_accepted(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    old = state.qr_payload("B001", fixed_now)
    new_serial = state.replace_support("B001", fixed_now)
    new = state.qr_payload("B001", fixed_now)
    cinema_till.sync()
    assert reason(cinema_till, old) == "support_replaced"
    verdict = cinema_till.check(new)
    assert verdict.accepted and verdict.credential.serial == new_serial


def test_a_suspended_beneficiary_and_back(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    payload = state.qr_payload("B002", fixed_now)
    state.set_suspended("B002", True)
    cinema_till.sync()
    assert reason(cinema_till, payload) == "beneficiary_suspended"
    state.set_suspended("B002", False)
    cinema_till.sync()
    assert reason(cinema_till, state.qr_payload("B002", fixed_now)) == "accepted"


def test_key_rotation_without_a_failed_scan(
    cinema_till: Till, region, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    old_paper = state.qr_payload("B001", fixed_now)
    starts = fixed_now + timedelta(days=1)
    new_kid = state.rotate_key(starts)
    cinema_till.sync()  # the till learns the next key before it signs anything

    later = starts + timedelta(hours=2)
    monkeypatch.setenv(ENV_NOW, later.isoformat())
    new_paper = state.qr_payload("B001", later)
    assert cinema_till.check(new_paper).credential.key_id == new_kid
    assert reason(cinema_till, new_paper) == "accepted"
    assert reason(cinema_till, old_paper) == "accepted"  # issued in the old key's period
    cinema_till.sync()  # a snapshot signed by the new key is trusted
    assert cinema_till.status().snapshot_version is not None
    assert reason(cinema_till, old_paper) == "accepted"


def test_a_retired_key_refuses_all_its_codes(
    cinema_till: Till, region, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    old_paper = state.qr_payload("B001", fixed_now)
    old_kid = cinema_till.check(old_paper).credential.key_id
    starts = fixed_now + timedelta(minutes=1)
    state.rotate_key(starts)
    cinema_till.sync()
    monkeypatch.setenv(ENV_NOW, (starts + timedelta(minutes=1)).isoformat())
    state.retire_key(old_kid)
    cinema_till.sync()
    verdict = cinema_till.check(old_paper)
    assert verdict.reason == "key_retired"
    now = starts + timedelta(minutes=1)
    assert reason(cinema_till, state.qr_payload("B001", now)) == "accepted"


def test_a_code_of_another_region_opens_nothing_here(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    assert reason(cinema_till, state.qr_payload("B005", fixed_now)) == "wrong_region"


def test_the_phone_code_is_fresh_a_screenshot_is_not(
    cinema_till: Till, region, fixed_now: datetime
) -> None:
    state, _ = region
    assert reason(cinema_till, state.qr_payload("B002", fixed_now)) == "accepted"
    frozen = state.qr_payload("B002", fixed_now, static=True)
    assert reason(cinema_till, frozen) == "dynamic_required"
    five_minutes_ago = state.qr_payload("B002", fixed_now - timedelta(minutes=5))
    assert reason(cinema_till, five_minutes_ago) == "code_stale"
    from_the_future = state.qr_payload("B002", fixed_now + timedelta(minutes=30))
    assert reason(cinema_till, from_the_future) == "code_not_yet_valid"


def test_an_older_presentation_after_a_newer_one_is_a_replayed_copy(
    cinema_till: Till, region, fixed_now: datetime
) -> None:
    state, _ = region
    earlier = state.qr_payload("B002", fixed_now - timedelta(seconds=40))
    latest = state.qr_payload("B002", fixed_now - timedelta(seconds=5))
    assert reason(cinema_till, latest) == "accepted"
    assert reason(cinema_till, latest) == "accepted"  # the same presentation, scanned again
    assert reason(cinema_till, earlier) == "code_replayed"


def test_a_paper_support_of_the_app_holder_still_works(
    cinema_till: Till, region, fixed_now: datetime
) -> None:
    state, _ = region
    paper = state.qr_payload("B002", fixed_now, SupportKind.PAPER)
    verdict = cinema_till.check(paper)
    assert verdict.accepted and verdict.confirm_identity
