"""Issue 16 from the command line: a minor's RolloN needs `--guardian-checked` (the message
names it), takes the whole balance only, and `check --json` carries each wallet's note and
whether its holder needs the guardian, on the demo's RolloN partner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.services import Till
from sync.region_sim.runner import BackgroundServer
from sync.region_sim.state import RegionState


@pytest.fixture
def rollon_dir(tmp_path: Path, region: tuple[RegionState, BackgroundServer], demo_seed) -> Path:
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-ROLLON-CAEN")
    with Till(tmp_path / "rollon") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
    return tmp_path / "rollon"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_17_year_old_s_rollon_needs_the_guardian_flag_which_the_message_names(
    rollon_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)  # Léa, 17
    common = (
        "--category",
        "rollon",
        "--amount",
        "10",
        "--id-checked",
        "--data-dir",
        str(rollon_dir),
    )
    code, _, err = cli(capsys, "charge", payload, *common)
    assert code == 1
    assert "bénéficiaire mineur" in err and "--guardian-checked" in err
    code, out, _ = cli(capsys, "charge", payload, *common, "--json")
    data = json.loads(out)
    assert code == 1 and data["error"] == "guardian_consent_missing"
    assert "--guardian-checked" in data["message"]
    code, out, _ = cli(capsys, "charge", payload, *common, "--guardian-checked", "--json")
    data = json.loads(out)
    assert code == 0 and data["transaction"]["amount_cents"] == 1000
    assert data["transaction"]["guardian_checked"] is True
    assert data["balance_left_cents"] == 0


def test_a_part_of_a_rollon_is_refused_with_the_whole_amount_to_type(
    rollon_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    code, out, _ = cli(capsys, "charge", payload, "--category", "rollon", "--amount", "4",
                       "--id-checked", "--guardian-checked", "--data-dir", str(rollon_dir),
                       "--json")  # fmt: skip
    data = json.loads(out)
    assert code == 1 and data["error"] == "whole_transfer_required"
    assert "Saisissez 10,00\u00a0€" in data["message"]
    code, _, err = cli(capsys, "charge", payload, "--category", "rollon", "--amount", "4",
                       "--id-checked", "--guardian-checked",
                       "--data-dir", str(rollon_dir))  # fmt: skip
    assert code == 1 and "en une seule fois" in err


def test_check_json_carries_the_notes_and_the_guardian_need(
    rollon_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    code, out, _ = cli(capsys, "check", state.qr_payload("B001", fixed_now),
                       "--data-dir", str(rollon_dir), "--json")  # fmt: skip
    data = json.loads(out)
    assert code == 0
    [rollon] = data["wallets"]
    assert rollon["category"] == "rollon" and rollon["needs_guardian"] is True
    assert rollon["whole_transfer"] is True
    assert rollon["notes"].startswith("10 RolloNs (1 RolloN = 1 €)")
    assert "autorisation d'un titulaire de l'autorité parentale" in rollon["notes"]
    assert data["cautions"] == [
        "RolloN : jeune de 17 ans, demandez l'autorisation écrite d'un titulaire de "
        "l'autorité parentale."
    ]


def test_check_json_of_an_adult_needs_no_guardian(
    tmp_path: Path, region, fixed_now, demo_seed, capsys
) -> None:
    state, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-LYCEE-CAEN")
    with Till(tmp_path / "lycee") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
    code, out, _ = cli(capsys, "check", state.qr_payload("B003", fixed_now),
                       "--data-dir", str(tmp_path / "lycee"), "--json")  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["cautions"] == []
    assert {w["category"]: w["needs_guardian"] for w in data["wallets"]} == {
        "livres": False,
        "equipement_pro": False,
    }
    assert all(w["notes"] and w["whole_transfer"] is False for w in data["wallets"])
