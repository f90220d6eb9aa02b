"""End of partnership: `atouts-pos purge` leaves nothing personal in the till's data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.services import PURGE_RECEIPT, Till, TillError


def personal_data(state, beneficiary_ids: list[str]) -> list[bytes]:
    """Everything that could name or single out a beneficiary, as bytes to look for."""
    seed = {b: state.balances(b) for b in beneficiary_ids}
    found = []
    for beneficiary_id in seed:
        row = state._conn.execute(
            "SELECT pkey, name, birth_date, serial FROM beneficiaries WHERE id = ?",
            (beneficiary_id,),
        ).fetchone()
        found += [value.encode() for value in row]
        found += [part.encode() for part in row[1].replace("-", " ").split() if len(part) > 3]
    return found


def every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_purge_refuses_while_transactions_wait(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    with pytest.raises(TillError) as refused:
        cinema_till.purge()
    assert refused.value.code == "purge_pending" and "synchronisez" in refused.value.message
    assert cinema_till.history()  # nothing destroyed


def test_purge_leaves_nothing_personal(
    tmp_path: Path, region, fixed_now, demo_seed, memory_keyring, capsys
) -> None:
    state, server = region
    till_dir = tmp_path / "till"
    code = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")["enrollment_code"]
    with Till(till_dir) as till:
        till.enroll(server.url, "P-CINE-LUX", code)
        till.sync()
        till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
        till.charge(state.qr_payload("B002", fixed_now), "spectacle", "12")
        till.check(state.manual_code("B004"))
        till.sync()
    assert memory_keyring.secrets  # the device token was in the keyring
    secrets = personal_data(state, state.beneficiary_ids())
    before = b"".join(path.read_bytes() for path in every_file(till_dir))
    assert any(secret in before for secret in secrets)  # the check below can fail

    assert main(["purge", "--data-dir", str(till_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["transactions_destroyed"] == 2 and report["unsent_destroyed"] == 0

    left = every_file(till_dir)
    assert {path.name for path in left} <= {PURGE_RECEIPT, "till.lock", "training-clock"}
    after = b"".join(path.read_bytes() for path in left)
    assert [secret for secret in secrets if secret in after] == []
    assert memory_keyring.secrets == {}


def test_forced_purge_says_what_unsent_work_it_destroyed(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    report = cinema_till.purge(force=True)
    assert (report.transactions, report.unsent) == (1, 1)
    receipt = json.loads((cinema_till.data_dir / PURGE_RECEIPT).read_text())
    assert receipt["unsent_destroyed"] == 1
