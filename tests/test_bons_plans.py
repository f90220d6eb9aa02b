"""Bons plans (seed 001 §3.2.2, §4.4): the organiser's list comes with the snapshot, winners
check in with their QR code and ID, the organiser sees who came, attendance syncs back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.services import Till, TillError

PLAN = "BP-LUX-AVP"


def test_the_list_comes_with_the_snapshot_without_full_names(cinema_till: Till) -> None:
    [(plan, came)] = cinema_till.bons_plans()
    assert plan.id == PLAN and came == frozenset()
    assert sorted(plan.entries.values()) == ["Hugo B.", "Léa M.", "Noah P."]


def test_a_winner_checks_in_once_and_it_syncs_back(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    paper = state.qr_payload("B001", fixed_now)
    unconfirmed = cinema_till.check_in(PLAN, paper)
    assert unconfirmed.reason == "id_check_required" and unconfirmed.confirm_identity
    verdict = cinema_till.check_in(PLAN, paper, id_checked=True)
    assert verdict.accepted and "Présence enregistrée" in verdict.message
    again = cinema_till.check_in(PLAN, paper, id_checked=True)
    assert again.reason == "already_checked_in"
    phone = cinema_till.check_in(PLAN, state.qr_payload("B002", fixed_now))
    assert phone.accepted  # a live phone code needs no extra confirmation

    [(_, came)] = cinema_till.bons_plans()
    assert len(came) == 2
    report = cinema_till.sync()
    assert report.check_ins == 2
    assert state.attendance(PLAN) == {
        "bon_plan": PLAN, "came": ["B001", "B002"], "did_not_come": ["B004"],
    }  # fmt: skip
    assert cinema_till.sync().check_ins == 0  # sent once


def test_someone_not_on_the_list(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    paper = state.qr_payload(
        "B003",
        fixed_now,
    )
    assert cinema_till.check_in(PLAN, paper, id_checked=True).reason == "not_registered"


def test_the_code_checks_still_apply(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    screenshot = state.qr_payload("B002", fixed_now, static=True)
    assert cinema_till.check_in(PLAN, screenshot).reason == "dynamic_required"
    assert cinema_till.check_in(PLAN, "https://example.org").reason == "not_atouts_code"
    with pytest.raises(TillError) as unknown:
        cinema_till.check_in("BP-NOPE", state.qr_payload("B001", fixed_now))
    assert unknown.value.code == "bon_plan_unknown"


def test_a_check_in_at_another_till_shows_after_sync(
    cinema_till: Till, region, fixed_now, demo_seed, tmp_path: Path
) -> None:
    state, server = region
    code = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")["enrollment_code"]
    with Till(tmp_path / "second") as second:
        second.enroll(server.url, "P-CINE-LUX", code)
        second.sync()
        assert second.check_in(PLAN, state.qr_payload("B004", fixed_now), id_checked=True).accepted
        second.sync()
    cinema_till.sync()
    [(plan, came)] = cinema_till.bons_plans()
    assert [plan.entries[who] for who in came] == ["Noah P."]
    verdict = cinema_till.check_in(PLAN, state.qr_payload("B004", fixed_now), id_checked=True)
    assert verdict.reason == "already_checked_in"


def test_check_in_and_the_list_through_the_cli(
    cinema_till: Till, region, fixed_now, capsys: pytest.CaptureFixture[str]
) -> None:
    state, _ = region
    data_dir = str(cinema_till.data_dir)
    cinema_till.close()  # the CLI opens the till itself
    paper = state.qr_payload("B001", fixed_now)
    assert main(["checkin", PLAN, paper, "--data-dir", data_dir, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["reason"] == "id_check_required"
    assert main(["checkin", PLAN, paper, "--id-checked", "--data-dir", data_dir, "--json"]) == 0
    capsys.readouterr()
    assert main(["bons-plans", "--data-dir", data_dir, "--json"]) == 0
    [plan] = json.loads(capsys.readouterr().out)["bons_plans"]
    assert plan["came"] == ["Léa M."] and plan["not_yet"] == ["Hugo B.", "Noah P."]


def test_region_sim_creates_a_list_through_the_cli(
    cinema_till: Till, region, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    region_dir = str(tmp_path / "region")
    args = ["region-sim", "bon-plan", "BP-LUX-CONCERT", "--partner", "P-CINE-LUX",
            "--title", "Concert", "--starts", "2026-03-20T20:00:00+01:00",
            "--entries", "B001,B003", "--data-dir", region_dir]  # fmt: skip
    assert main(args) == 0
    assert main([*args[:2], "BP-X", *args[3:-4], "--entries", "B999", *args[-2:]]) == 2
    capsys.readouterr()
    cinema_till.sync()
    titles = sorted(plan.title for plan, _ in cinema_till.bons_plans())
    assert titles == ["Avant-première du 14 mars (places gagnées)", "Concert"]
