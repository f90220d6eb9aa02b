"""Activating a till: one-time codes, the enrollment QR code, re-enrollment, a revoked till."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.services import Till, TillError

CINEMA = "P-CINE-LUX"


def test_a_one_time_code_activates_one_till(region, fixed_now, tmp_path: Path) -> None:
    state, server = region
    code = state.issue_enrollment_code(CINEMA, fixed_now)
    with Till(tmp_path / "one") as first:
        assert first.enroll(server.url, CINEMA, code).partner.id == CINEMA
    with Till(tmp_path / "two") as second, pytest.raises(TillError) as used:
        second.enroll(server.url, CINEMA, code)
    assert used.value.code == "enrollment_code_used" and "déjà servi" in used.value.message


def test_an_expired_code_is_refused(
    region, fixed_now, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, server = region
    code = state.issue_enrollment_code(CINEMA, fixed_now, days=7)
    monkeypatch.setenv(ENV_NOW, (fixed_now + timedelta(days=8)).isoformat())
    with Till(tmp_path / "late") as till, pytest.raises(TillError) as expired:
        till.enroll(server.url, CINEMA, code)
    assert expired.value.code == "enrollment_code_expired" and "expiré" in expired.value.message


def test_the_enrollment_qr_code_in_one_scan(
    region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, server = region
    region_dir = str(tmp_path / "region")
    png = tmp_path / "activation.png"
    assert main(["region-sim", "enrollment-code", CINEMA, "--server", server.url,
                 "--png", str(png), "--data-dir", region_dir, "--json"]) == 0  # fmt: skip
    issued = json.loads(capsys.readouterr().out)
    assert issued["qr"].startswith("atouts-enroll:?")
    assert main(["enroll", "--image", str(png), "--data-dir", str(tmp_path / "till"),
                 "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["partner"]["id"] == CINEMA
    assert main(["enroll", "--qr", "https://example.org", "--data-dir",
                 str(tmp_path / "other"), "--json"]) == 2  # fmt: skip
    assert json.loads(capsys.readouterr().out)["error"] == "enrollment_qr_invalid"
    assert main(["enroll", "--partner", CINEMA, "--data-dir", str(tmp_path / "x"), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "enrollment_incomplete"


def test_re_enrollment_forgets_the_old_token(
    region, fixed_now, tmp_path: Path, memory_keyring, demo_seed
) -> None:
    state, server = region
    training = next(p for p in demo_seed["partners"] if p["id"] == CINEMA)["enrollment_code"]
    with Till(tmp_path / "till") as till:
        first = till.enroll(server.url, CINEMA, training)
        second = till.enroll(server.url, CINEMA, state.issue_enrollment_code(CINEMA, fixed_now))
        assert first.device_id != second.device_id
        assert [account for _, account in memory_keyring.secrets] == [
            f"{second.device_id}@{till.data_dir}"
        ]
        till.sync()


def test_a_revoked_till_is_told_in_french(cinema_till: Till, region) -> None:
    state, _ = region
    state.revoke_device(cinema_till.status().device_id)
    with pytest.raises(TillError) as revoked:
        cinema_till.sync()
    assert revoked.value.code == "device_revoked" and "désactivée" in revoked.value.message
