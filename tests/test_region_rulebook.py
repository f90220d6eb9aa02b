"""An altered till is not paid for what the rules forbid (issue 16).

A till that is buggy, old or altered may send anything. Here debits are posted straight to the
reference Region's API over HTTP, bypassing every check of the till, and each rule of the
rulebook refuses its own with its own reason code; then a till whose ledger holds such a sale
(recorded behind the rules' back) syncs, and its history says why in French.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE, demo_seed_path
from pos_app.domain.model import TxnId
from pos_app.services import Till
from sync.client import RegionClient
from sync.region_sim.runner import BackgroundServer, open_state
from sync.region_sim.state import RegionState

PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
NOW = DEMO_TRAINING_DATE
CULTURE = "atouts-culture-sport-2025-26"
NUMERISAK = "numerisak-2026-27"


def seed() -> dict[str, Any]:
    """The demo seed, plus a RolloN partner, a Réunion cinema and a 15-year-old member."""
    data = copy.deepcopy(json.loads(demo_seed_path().read_text(encoding="utf-8")))
    data["partners"] += [
        {"id": "P-ROLLON", "name": "Relais RolloN", "kind": "structure_jeunesse",
         "accreditations": ["rollon", "cinema"], "enrollment_code": "ROLLON-1"},
        {"id": "P-CINE-REU", "name": "Ciné Réunion", "kind": "cinema",
         "accreditations": ["cinema"], "enrollment_code": "REU-CINE-1", "region": "REU"},
    ]  # fmt: skip
    data["beneficiaries"].append(
        {"id": "B101", "name": "Noé Lefèvre", "birth_date": "2010-10-01", "serial": "S-101",
         "support": "card",
         "wallets": [{"scheme": CULTURE, "category": "rollon"},
                     {"scheme": CULTURE, "category": "cinema"}]}
    )  # fmt: skip
    return data


@dataclass
class Region:
    state: RegionState
    url: str


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Region]:
    monkeypatch.setenv(ENV_NOW, NOW.isoformat())
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed()), encoding="utf-8")
    state = open_state(tmp_path / "region", path)
    running = BackgroundServer(state, clock=lambda: NOW).start()
    yield Region(state, running.url)
    running.stop()
    state.close()


def token(server: Region, partner_id: str, code: str) -> str:
    with RegionClient(server.url, None) as anonymous:
        return str(anonymous.enroll(partner_id, code, "Caisse altérée")["device_token"])


def sale(
    state: RegionState,
    who: str,
    category: str,
    item: str,
    price: int,
    *,
    partner: str,
    at: datetime = NOW - timedelta(minutes=5),
    scheme: str = CULTURE,
    **changes: Any,
) -> dict[str, Any]:
    """A debit as an altered till would post it: whatever it likes, no check made."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "debit",
        "created_at": at.isoformat(),
        "partner_id": partner,
        "beneficiary": state.pseudonym(who),
        "scheme_id": scheme,
        "category_id": category,
        "item_kind": item,
        "amount_cents": price,
        "price_cents": price,
        "complement_cents": 0,
        "forfeited_cents": 0,
        **changes,
    }


def test_each_rule_refuses_an_altered_tills_debit_with_its_own_reason(
    server: Region,
) -> None:
    state = server.state
    cases = {
        "P-CINE-LUX": [
            (sale(state, "B001", "cinema", "confiserie", 500, partner="P-CINE-LUX"),
             "item_excluded"),
            (sale(state, "B001", "cinema", "licence_sportive", 500, partner="P-CINE-LUX"),
             "item_not_covered"),
            # 00:30 on 1 July in Paris is after the season, whatever UTC says.
            (sale(state, "B001", "cinema", "place_cinema", 500, partner="P-CINE-LUX",
                  at=datetime(2026, 7, 1, 0, 30, tzinfo=PARIS)), "season_over"),
            (sale(state, "B001", "cinema", "place_cinema", 500, partner="P-CINE-LUX",
                  at=datetime(2025, 6, 30, 23, 30, tzinfo=PARIS)), "season_not_started"),
            (sale(state, "B001", "cinema", "place_cinema", 5000, partner="P-CINE-LUX"),
             "insufficient_balance"),
            # 5 € charged, 5 € "lost": a divisible wallet loses nothing.
            (sale(state, "B001", "cinema", "place_cinema", 500, partner="P-CINE-LUX",
                  forfeited_cents=500), "amount_mismatch"),
            (sale(state, "B001", "cinema", "place_cinema", 800, partner="P-CINE-LUX",
                  amount_cents=800, complement_cents=300), "amount_mismatch"),
            (sale(state, "B001", "pratique", "licence_sportive", 500, partner="P-CINE-LUX"),
             "not_accredited"),
            (sale(state, "B004", "cinema", "place_cinema", 500, partner="P-CINE-LUX"),
             "wallet_empty"),
        ],
        "P-ROLLON": [
            (sale(state, "B101", "rollon", "transfert_rollon", 1000, partner="P-ROLLON",
                  guardian_checked=True), "too_young"),
            (sale(state, "B001", "rollon", "transfert_rollon", 1000, partner="P-ROLLON"),
             "guardian_consent_missing"),
            (sale(state, "B001", "rollon", "transfert_rollon", 400, partner="P-ROLLON",
                  guardian_checked=True), "whole_transfer_required"),
            (sale(state, "B001", "rollon", "transfert_rollon", 400, partner="P-ROLLON",
                  guardian_checked=True, price_cents=1000, complement_cents=600,
                  forfeited_cents=0), "amount_mismatch"),
            # The whole 10 RolloNs, the guardian's authorisation seen: paid.
            (sale(state, "B001", "rollon", "transfert_rollon", 1000, partner="P-ROLLON",
                  guardian_checked=True), ""),
        ],
        "P-CINE-REU": [
            (sale(state, "B001", "cinema", "place_cinema", 500, partner="P-CINE-REU"),
             "wrong_region"),
        ],
        "P-INFO-REUNION": [
            (sale(state, "B005", "numerisak", "pc_convertible", 35000, partner="P-INFO-REUNION",
                  scheme=NUMERISAK, at=datetime(2026, 10, 15, 10, tzinfo=REUNION),
                  voucher_serial="NUM2026-000005", equipment_serial=""),
             "equipment_serial_missing"),
            (sale(state, "B005", "numerisak", "accessoire", 35000, partner="P-INFO-REUNION",
                  scheme=NUMERISAK, at=datetime(2026, 10, 15, 10, tzinfo=REUNION),
                  voucher_serial="NUM2026-000005", equipment_serial="PF3X9K"),
             "item_excluded"),
        ],
    }  # fmt: skip
    codes = {p["id"]: p["enrollment_code"] for p in seed()["partners"]}
    for partner, debits in cases.items():
        with RegionClient(server.url, token(server, partner, codes[partner])) as till:
            results = till.upload([debit for debit, _ in debits])
        assert [(r["status"], r["reason"]) for r in results] == [
            ("rejected", code) if code else ("accepted", "") for _, code in debits
        ], partner
    wallets = {
        (w["scheme"], w["category"]): w["balance_cents"] for w in state.balances("B001")["wallets"]
    }
    assert wallets[CULTURE, "rollon"] == 0 and wallets[CULTURE, "cinema"] == 2000


def test_the_till_shows_the_regions_refusal_of_a_forbidden_sale_in_french(
    server: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sale recorded behind the rules' back (a confiserie from the cinema wallet) is sent,
    refused by the Region, kept, and explained in the history, CLI and window alike."""
    data_dir = tmp_path / "till"
    with Till(data_dir) as till:
        till.enroll(server.url, "P-CINE-LUX", "LUX-DEMO-2026")
        till.sync()
        sold = till.charge(server.state.qr_payload("B001", NOW), "cinema", "5", id_checked=True)
        # What an altered program would write: the same sale, for sweets.
        forged = replace(sold, id=TxnId(str(uuid.uuid4())), item_kind="confiserie")
        till.store.record(forged)
        report = till.sync()
        assert [r.reason for r in report.rejected] == ["item_excluded"]
        [(entry, message)] = till.conflicts()
        assert entry.transaction.id == forged.id
        assert "article exclu de l'avantage" in message and "5,00" in message
    assert main(["history", "--data-dir", str(data_dir), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["transactions"]}
    assert rows[forged.id]["server_reason"] == "item_excluded"
    assert "article exclu de l'avantage" in rows[forged.id]["server_reason_text"]
    assert rows[sold.id]["server_reason_text"] == ""
    assert main(["history", "--data-dir", str(data_dir)]) == 0
    assert "non remboursés) : article exclu de l'avantage" in (capsys.readouterr().out)


def test_a_rollon_holder_under_16_is_refused_through_the_cli(
    server: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The age is the holder's on the scheme's day; the refusal says the rule, in French."""
    data_dir = str(tmp_path / "relais")
    common = ["--data-dir", data_dir]
    assert main(["enroll", "--server", server.url, "--partner", "P-ROLLON",
                 "--code", "ROLLON-1", *common]) == 0  # fmt: skip
    capsys.readouterr()
    young = server.state.qr_payload("B101", NOW)  # 15 in March 2026
    code = main(["charge", young, "--category", "rollon", "--amount", "10", "--id-checked",
                 "--guardian-checked", "--json", *common])  # fmt: skip
    answer = json.loads(capsys.readouterr().out)
    assert code != 0 and answer["ok"] is False
    assert answer["error"] == "too_young"
    assert "au moins 16 ans" in answer["message"]
    # The cinema wallet of the same young person is not concerned by RolloN's age.
    assert main(["charge", young, "--category", "cinema", "--amount", "5", "--id-checked",
                 "--json", *common]) == 0  # fmt: skip
