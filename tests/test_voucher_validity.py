"""A NUMÉRISAK voucher's own validity date (seed 003 §3.3, art. 7): the till and the Region go by
the date written in the signed voucher, or by the Region's later extension announced in the
snapshot (full or delta), never by a window derived from the season alone.

Real SQLite, the real reference server on loopback, the till's own client and the CLI."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pos_app.back_office.claims import Claims
from pos_app.back_office.reimbursements import Reimbursements
from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.demo import demo_seed_path
from pos_app.domain.claims import LineStatus, SlipState
from pos_app.domain.credentials import read_code
from pos_app.domain.manual_codes import keyed_hash
from pos_app.domain.reconciliation import PeriodState
from pos_app.domain.snapshot import SnapshotError, keys_from_json, read_snapshot
from pos_app.services import Till, TillError
from pos_app.store import snapshot_store
from sync.client import RegionClient
from sync.region_sim.runner import open_state
from sync.region_sim.state import DB_NAME, SCHEMA_VERSION, RegionState
from sync.region_sim.vouchers import ExtensionRefused

REUNION = ZoneInfo("Indian/Reunion")
IN_SEASON = datetime(2026, 10, 15, 10, 0, tzinfo=REUNION)
LATE = datetime(2027, 9, 15, 10, 0, tzinfo=REUNION)
"""Six weeks after the last day written in the demo's vouchers (31/07/2027, the season's end)."""
SERIAL = "NUM2026-000005"
NUMERISAK = "numerisak-2026-27"
SHOP = "P-INFO-REUNION"


@pytest.fixture
def shop(tmp_path: Path, region, demo_seed, monkeypatch: pytest.MonkeyPatch) -> Iterator[Till]:
    """The demo's IT retailer in La Réunion, enrolled and synced during the school year."""
    monkeypatch.setenv(ENV_NOW, IN_SEASON.isoformat())
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == SHOP)
    with Till(tmp_path / "shop") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
        yield till


@pytest.fixture
def device(region, demo_seed) -> Iterator[tuple[RegionClient, dict[str, Any]]]:
    """Another till of the retailer, spoken for by hand: what it uploads is what the test says."""
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == SHOP)
    with RegionClient(server.url) as anonymous:
        enrollment = anonymous.enroll(SHOP, partner["enrollment_code"], "Caisse manuelle")
    with RegionClient(server.url, enrollment["device_token"]) as client:
        yield client, enrollment


def sell_pc(till: Till, voucher: str) -> Any:
    return till.charge(
        voucher, "numerisak", "599", "pc_convertible", id_checked=True, label_number=SERIAL,
        equipment_serial="PF3X9K",
    )  # fmt: skip


def voucher_debit(state: RegionState, at: datetime) -> dict[str, Any]:
    """B005's voucher paying 350 € of a 599 € PC, as `sync.engine.transaction_payload` sends it."""
    return {
        "id": str(uuid.uuid4()), "kind": "debit", "created_at": at.isoformat(),
        "partner_id": SHOP, "beneficiary": state.pseudonym("B005"), "scheme_id": NUMERISAK,
        "category_id": "numerisak", "item_kind": "pc_convertible", "amount_cents": 35000,
        "price_cents": 59900, "complement_cents": 24900, "forfeited_cents": 0,
        "operator": "", "voids": None, "reason": "", "voucher_serial": SERIAL,
        "equipment_serial": "PF3X9K", "guardian_checked": False,
    }  # fmt: skip


def region_sim(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["region-sim", *args, "--data-dir", str(tmp_path / "region")])
    out = capsys.readouterr()
    return code, out.out + out.err


def outbox_states(till: Till) -> list[tuple[str, str]]:
    return till.store.conn.execute("SELECT state, reason FROM outbox ORDER BY txn_id").fetchall()


# --- the date written, then the Region's extension ------------------------------------------


def test_a_voucher_past_its_date_is_refused_until_the_region_extends_it(
    shop: Till, region, device, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    client, _ = device
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    monkeypatch.setenv(ENV_NOW, LATE.isoformat())
    shop.sync()

    # Refused at the till, with the voucher's own date, and at the Region.
    verdict = shop.check(voucher)
    assert verdict.reason == "voucher_expired" and "31/07/2027" in verdict.message
    with pytest.raises(TillError) as refused:
        sell_pc(shop, voucher)
    assert refused.value.code == "voucher_expired"
    [answer] = client.upload([voucher_debit(state, LATE)])
    assert (answer["status"], answer["reason"]) == ("rejected", "voucher_expired")

    # The Region extends it (a written request instructed by the DEVL), then the till syncs.
    code, out = region_sim(
        tmp_path, capsys, "voucher", "extend", SERIAL, "--until", "2027-10-31",
        "--reason", "hospitalisation, demande instruite par la DEVL",
    )  # fmt: skip
    assert code == 0, out
    assert f"Bon {SERIAL} prorogé jusqu'au 31/10/2027 inclus" in out and "31/07/2027" in out
    shop.sync()
    verdict = shop.check(voucher)
    assert verdict.accepted, verdict.message
    assert verdict.wallets[0].voucher_valid_until == date(2027, 10, 31)
    sale = sell_pc(shop, voucher)
    assert sale.amount_cents == 35000
    shop.sync()
    assert outbox_states(shop) == [("accepted", "")]
    assert state.balances("B005")["wallets"][0]["balance_cents"] == 0


def test_a_voucher_sold_within_its_extension_after_the_season_is_paid(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch goes by the voucher's own last day too: a sale the till and the upload check
    accepted under an extension past the season's end is paid, not left out as `hors_saison`."""
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    state.extend_voucher(SERIAL, date(2027, 10, 31), "retard de livraison", IN_SEASON)
    monkeypatch.setenv(ENV_NOW, LATE.isoformat())
    shop.sync()
    sale = sell_pc(shop, voucher)
    claims = Claims(shop)
    slip, sending = claims.send(claims.deposit([sale.id[:8]]))
    assert sending.sent and slip.state is SlipState.ACKNOWLEDGED
    assert [(line.status, line.reason) for line in slip.lines] == [(LineStatus.ACCEPTED, "")]
    [period] = Reimbursements(shop).periods()
    assert (period.check.state, period.check.region_cents) == (PeriodState.PENDING, 35000)


def test_after_its_extension_a_voucher_is_refused_again(
    shop: Till, region, device, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    client, _ = device
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    state.extend_voucher(SERIAL, date(2027, 10, 31), "retard de livraison", IN_SEASON)
    after = datetime(2027, 11, 1, 0, 30, tzinfo=REUNION)  # 00:30 in La Réunion, 31/10 in UTC
    monkeypatch.setenv(ENV_NOW, after.isoformat())
    shop.sync()
    verdict = shop.check(voucher)
    assert verdict.reason == "voucher_expired" and "31/10/2027" in verdict.message
    [answer] = client.upload([voucher_debit(state, after)])
    assert (answer["status"], answer["reason"]) == ("rejected", "voucher_expired")
    [answer] = client.upload([voucher_debit(state, datetime(2027, 10, 31, 23, 0, tzinfo=REUNION))])
    assert answer["status"] == "accepted"


def test_a_voucher_written_beyond_the_season_is_good_after_the_season_ends(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own date rules, not the season's end (31/07/2027): at the till and at the Region."""
    state, _ = region
    voucher = state.voucher_payload(
        "B005", "numerisak", 1, IN_SEASON, valid_until=date(2027, 12, 31)
    )
    assert read_code(voucher, shop.store.region_keys()).voucher.valid_until == date(2027, 12, 31)  # type: ignore[union-attr]
    monkeypatch.setenv(ENV_NOW, LATE.isoformat())
    shop.sync()
    assert shop.check(voucher).accepted
    sell_pc(shop, voucher)
    shop.sync()
    assert outbox_states(shop) == [("accepted", "")]
    assert state.balances("B005")["wallets"][0]["balance_cents"] == 0


def test_printing_a_voucher_again_keeps_the_date_first_written(region) -> None:
    state, _ = region
    first = state.voucher_payload("B005", "numerisak", 1, IN_SEASON, valid_until=date(2027, 9, 30))
    again = state.voucher_payload("B005", "numerisak", 1, LATE)  # the season would say 31/07
    keys = keys_from_json(state.public_keys())
    assert read_code(first, keys).voucher.valid_until == date(2027, 9, 30)  # type: ignore[union-attr]
    assert read_code(again, keys).voucher.valid_until == date(2027, 9, 30)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="voucher extend"):
        state.voucher_payload("B005", "numerisak", 1, LATE, valid_until=date(2028, 1, 31))
    record = state.voucher_record(SERIAL)
    assert (record["written_valid_until"], record["prints"], record["extensions"]) == (
        "2027-09-30", 2, [],
    )  # fmt: skip


def test_an_extension_is_refused_before_the_written_date_or_for_an_unknown_voucher(
    region, tmp_path: Path, capsys
) -> None:
    state, _ = region
    state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    code, out = region_sim(tmp_path, capsys, "voucher", "extend", SERIAL, "--until", "2027-07-30")
    assert code == 1 and "Prorogation refusée" in out and "31/07/2027" in out
    code = main(["region-sim", "voucher", "extend", SERIAL, "--until", "2027-07-30", "--json",
                 "--data-dir", str(tmp_path / "region")])  # fmt: skip
    refused = json.loads(capsys.readouterr().out)
    assert code == 1 and refused["refusals"][0]["code"] == "extension_before_written_date"
    code, out = region_sim(
        tmp_path, capsys, "voucher", "extend", "NUM2026-999999", "--until", "2027-10-31"
    )
    assert code == 2 and "Bon inconnu de la Région" in out and "NUM2026-999999" in out
    code, out = region_sim(tmp_path, capsys, "voucher", "extend", SERIAL)
    assert code == 2 and "--until" in out
    with pytest.raises(ExtensionRefused):
        state.extend_voucher(SERIAL, date(2027, 1, 1), "", IN_SEASON)
    assert state.voucher_record(SERIAL)["extensions"] == []
    code = main(["region-sim", "voucher", "extend", SERIAL, "--until", "2027-10-31", "--json",
                 "--reason", "DEVL", "--data-dir", str(tmp_path / "region")])  # fmt: skip
    recorded = json.loads(capsys.readouterr().out)
    assert code == 0 and recorded["valid_until"] == "2027-10-31"
    assert recorded["extensions"][0]["reason"] == "DEVL"


# --- the snapshot: full, delta, signed, sealed ----------------------------------------------


def test_an_extension_reaches_a_till_in_a_delta(
    shop: Till, region, device, caplog: pytest.LogCaptureFixture
) -> None:
    state, _ = region
    client, enrollment = device
    state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    keys = keys_from_json(enrollment["region_keys"])
    first = read_snapshot(client.snapshot(), keys).header
    assert first.voucher_extensions == {}
    state.extend_voucher(SERIAL, date(2027, 10, 31), "DEVL", IN_SEASON)

    delta = read_snapshot(client.snapshot(since=first.version), keys).header
    assert (delta.kind, delta.base_version) == ("delta", first.version)
    assert delta.voucher_extensions == {keyed_hash(delta.salt, SERIAL): date(2027, 10, 31)}
    full = read_snapshot(client.snapshot(), keys).header
    assert full.kind == "full" and full.voucher_extensions == delta.voucher_extensions

    with caplog.at_level(logging.INFO, logger="sync.engine"):
        shop.sync()
    assert any("(delta," in record.getMessage() for record in caplog.records)
    assert shop.store.voucher_extended_until(SERIAL) == date(2027, 10, 31)


def test_an_extension_is_only_sent_to_the_partners_of_its_category(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    state.extend_voucher(SERIAL, date(2027, 10, 31), "DEVL", IN_SEASON)
    cinema_till.sync()
    rows = cinema_till.store.conn.execute("SELECT count(*) FROM snapshot_voucher_extensions")
    assert rows.fetchone()[0] == 0


def test_a_tampered_extension_is_refused_on_the_wire_and_on_disk(
    shop: Till, region, device, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    client, enrollment = device
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    state.extend_voucher(SERIAL, date(2027, 10, 31), "DEVL", IN_SEASON)
    body = client.snapshot()
    tampered = body.replace(b'"2027-10-31"', b'"2029-10-31"', 1)
    assert tampered != body
    with pytest.raises(SnapshotError) as error:
        read_snapshot(tampered, keys_from_json(enrollment["region_keys"]))
    assert error.value.code == "bad_signature"

    shop.sync()
    database = shop.data_dir / "till.sqlite3"
    with sqlite3.connect(database) as conn:  # a later day written with a SQLite browser
        conn.execute("UPDATE snapshot_voucher_extensions SET valid_until = '2029-10-31'")
    conn.close()
    monkeypatch.setenv(ENV_NOW, datetime(2028, 3, 1, 10, 0, tzinfo=REUNION).isoformat())
    with pytest.raises(TillError) as refused:
        shop.check(voucher)
    assert refused.value.code == "snapshot_tampered"


def test_an_extension_added_on_disk_is_refused(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table is left out of the seal while empty (a snapshot sealed before till migration
    19 stays good); a row slipped into it is still seen."""
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    monkeypatch.setenv(ENV_NOW, LATE.isoformat())
    assert shop.check(voucher).reason == "voucher_expired"
    with sqlite3.connect(shop.data_dir / "till.sqlite3") as conn:
        conn.execute(
            "INSERT INTO snapshot_voucher_extensions VALUES (?, '2027-12-31')",
            (shop.store.serial_key(SERIAL),),
        )
    conn.close()
    with pytest.raises(TillError) as refused:
        shop.check(voucher)
    assert refused.value.code == "snapshot_tampered"


def test_a_snapshot_sealed_before_till_migration_19_stays_trusted(
    shop: Till, region, tmp_path: Path
) -> None:
    """The upgrade adds an empty sealed table: no cashier is told the data were tampered with."""
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    with pytest.MonkeyPatch.context() as before:  # the seal as the previous version made it
        before.delitem(snapshot_store.SEALED_TABLES, "snapshot_voucher_extensions")
        seal = shop.store.snapshots._tables_digest()
    with shop.store._transaction():
        shop.store.conn.execute("UPDATE snapshot_meta SET seal = ?", (seal,))
    shop.close()
    with sqlite3.connect(tmp_path / "shop" / "till.sqlite3") as conn:  # the till before this change
        conn.executescript("DROP TABLE snapshot_voucher_extensions; PRAGMA user_version = 18;")
    conn.close()
    with Till(tmp_path / "shop") as upgraded:
        assert upgraded.store.conn.execute("PRAGMA user_version").fetchone()[0] == 19
        assert upgraded.check(voucher).accepted


# --- the CLI, and the Region's schema -------------------------------------------------------


def test_check_and_charge_an_extended_voucher_through_the_cli(
    region, demo_seed, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, server = region
    monkeypatch.setenv(ENV_NOW, IN_SEASON.isoformat())
    till = str(tmp_path / "till")
    partner = next(p for p in demo_seed["partners"] if p["id"] == SHOP)
    assert main(["enroll", "--server", server.url, "--partner", SHOP, "--code",
                 partner["enrollment_code"], "--data-dir", till, "--json"]) == 0  # fmt: skip
    capsys.readouterr()
    code, voucher = region_sim(tmp_path, capsys, "voucher", "B005", "--category", "numerisak")
    assert code == 0
    voucher = voucher.strip()
    monkeypatch.setenv(ENV_NOW, LATE.isoformat())
    assert main(["sync", "--data-dir", till, "--json"]) == 0
    capsys.readouterr()

    assert main(["check", voucher, "--data-dir", till, "--json"]) != 0
    assert json.loads(capsys.readouterr().out)["reason"] == "voucher_expired"

    code, out = region_sim(
        tmp_path, capsys, "voucher", "extend", SERIAL, "--until", "2027-10-31", "--reason", "DEVL"
    )
    assert code == 0, out
    assert main(["sync", "--data-dir", till, "--json"]) == 0
    capsys.readouterr()
    assert main(["check", voucher, "--data-dir", till, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] is True
    code = main(["charge", voucher, "--category", "numerisak", "--amount", "599", "--item",
                 "pc_convertible", "--label", SERIAL, "--equipment-serial", "PF3X9K",
                 "--id-checked", "--data-dir", till, "--json"])  # fmt: skip
    sale = json.loads(capsys.readouterr().out)
    assert code == 0 and sale["transaction"]["amount_cents"] == 35000
    assert main(["sync", "--data-dir", till, "--json"]) == 0
    assert state.balances("B005")["wallets"][0]["balance_cents"] == 0


def test_a_version_13_region_is_migrated_and_its_unprinted_vouchers_keep_the_season_date(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "region"
    open_state(data_dir, demo_seed_path()).close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:  # what main wrote before this change
        conn.executescript(
            "DROP TABLE voucher_extensions; DROP TABLE issued_vouchers; PRAGMA user_version = 13;"
        )
    conn.close()
    state = open_state(data_dir)
    try:
        scheme = state.schemes[NUMERISAK]
        category = scheme.category("numerisak")
        with state._lock:  # the upload check's own question
            assert state.voucher_valid_until(state._conn, scheme, category, SERIAL) == date(
                2027, 7, 31
            )
        state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
        state.extend_voucher(SERIAL, date(2027, 10, 31), "DEVL", IN_SEASON)
        with state._lock:
            assert state.voucher_valid_until(state._conn, scheme, category, SERIAL) == date(
                2027, 10, 31
            )
    finally:
        state.close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 14
    conn.close()
