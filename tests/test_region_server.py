"""The reference Region server over real HTTP on loopback, spoken to by the till's own client.

Each test starts its own server (`BackgroundServer`) on a fresh data folder seeded with the demo
seed (`resources/demo/region-seed.json`), with a frozen clock, and talks to it through
`RegionClient` with short timeouts, as a till would.
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from pos_app.demo import demo_seed_path
from pos_app.domain.credentials import RegionKey, read_code
from pos_app.domain.model import SupportKind
from pos_app.domain.snapshot import SnapshotError, keys_from_json, read_snapshot
from pos_app.scheme_files import load_schemes
from sync.client import RegionClient, RegionRefused
from sync.region_sim.app import MAX_BATCH
from sync.region_sim.runner import BackgroundServer, open_state
from sync.region_sim.state import APP_CREDENTIAL_DAYS, RegionState

NOW = datetime(2026, 3, 14, 19, 30, tzinfo=UTC)
"""A Saturday evening inside the 2025-26 season of the demo's schemes."""

TIMEOUT = httpx.Timeout(5.0, connect=2.0)
SEED: dict[str, Any] = json.loads(demo_seed_path().read_text(encoding="utf-8"))
PARTNERS = {partner["id"]: partner for partner in SEED["partners"]}

CULTURE = "atouts-culture-sport-2025-26"
LIVRES = "atouts-livres-ep-2025-26"
NUMERISAK = "numerisak-2026-27"
CINEMA = "P-CINE-LUX"
LIBRAIRIE = "P-LIB-ROUEN"


@dataclass
class Region:
    state: RegionState
    server: BackgroundServer

    def client(self, token: str | None = None) -> RegionClient:
        return RegionClient(self.server.url, token, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def stopping() -> Iterator[list[threading.Thread]]:
    """Servers stop in the background (uvicorn takes ~0.2 s), all joined before the module ends."""
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join(15)
    assert not any(thread.is_alive() for thread in threads), "a reference server did not stop"


@pytest.fixture
def region_server(tmp_path: Path, stopping: list[threading.Thread]) -> Iterator[Region]:
    state = open_state(tmp_path / "region", demo_seed_path())
    server = BackgroundServer(state, clock=lambda: NOW).start()
    yield Region(state, server)

    def stop() -> None:
        server.stop()
        state.close()

    stopping.append(threading.Thread(target=stop, name="region-sim-stop"))
    stopping[-1].start()


@dataclass
class Device:
    """An enrolled till: its enrollment answer and an authenticated client."""

    enrollment: dict[str, Any]
    client: RegionClient

    @property
    def keys(self) -> dict[str, RegionKey]:
        return keys_from_json(self.enrollment["region_keys"])


@pytest.fixture
def enroll(region_server: Region) -> Iterator[Callable[[str], Device]]:
    clients: list[RegionClient] = []

    def enroll_partner(partner_id: str) -> Device:
        partner = PARTNERS[partner_id]
        with region_server.client() as anonymous:
            enrollment = anonymous.enroll(partner_id, partner["enrollment_code"], "Caisse 1")
        clients.append(region_server.client(enrollment["device_token"]))
        return Device(enrollment, clients[-1])

    yield enroll_partner
    for client in clients:
        client.close()


@pytest.fixture
def cinema(enroll: Callable[[str], Device]) -> Device:
    return enroll(CINEMA)


def pkey(region: Region, beneficiary_id: str) -> str:
    return region.state.pseudonym(beneficiary_id)


def balance(region: Region, beneficiary_id: str, scheme: str, category: str) -> int:
    wallets = region.state.balances(beneficiary_id)["wallets"]
    return next(
        w["balance_cents"] for w in wallets if (w["scheme"], w["category"]) == (scheme, category)
    )


def debit(
    region: Region,
    beneficiary_id: str,
    amount: int,
    *,
    partner_id: str = CINEMA,
    scheme: str = CULTURE,
    category: str = "cinema",
    item_kind: str = "place_cinema",
    **changes: Any,
) -> dict[str, Any]:
    """An upload payload as `sync.engine.transaction_payload` builds it."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "debit",
        "created_at": (NOW - timedelta(minutes=5)).isoformat(),
        "partner_id": partner_id,
        "beneficiary": pkey(region, beneficiary_id),
        "scheme_id": scheme,
        "category_id": category,
        "item_kind": item_kind,
        "amount_cents": amount,
        "price_cents": max(amount, 1),
        "complement_cents": 0,
        "forfeited_cents": 0,
        "operator": "caisse",
        "voids": None,
        "reason": "",
        **changes,
    }


def void(original: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        **original,
        "id": str(uuid.uuid4()),
        "kind": "void",
        "voids": original["id"],
        "reason": "erreur de saisie",
        **changes,
    }


def upload_one(till: Device, transaction: dict[str, Any]) -> dict[str, Any]:
    [result] = till.client.upload([transaction])
    assert result["id"] == transaction["id"]
    return result


# --- enrollment ----------------------------------------------------------------------------


def test_enrollment_gives_a_device_token_the_partner_and_the_region_keys(
    region_server: Region, cinema: Device
) -> None:
    enrollment = cinema.enrollment
    assert enrollment["device_id"]
    assert len(enrollment["device_token"]) >= 32
    assert enrollment["partner"] == {
        "id": CINEMA,
        "name": PARTNERS[CINEMA]["name"],
        "kind": "cinema",
        "accreditations": ["cinema", "spectacle"],
        "region": "NOR",
        "siret": "90112233300015",
        "address": "6 avenue Sainte-Thérèse, 14000 Caen",
    }
    assert enrollment["region_keys"] == region_server.state.public_keys()


def test_two_enrollments_are_two_devices(enroll: Callable[[str], Device]) -> None:
    first, second = enroll(CINEMA), enroll(CINEMA)
    assert first.enrollment["device_id"] != second.enrollment["device_id"]
    assert first.enrollment["device_token"] != second.enrollment["device_token"]


@pytest.mark.parametrize(
    ("partner_id", "code"),
    [(CINEMA, "LUX-DEMO-2025"), (CINEMA, PARTNERS[LIBRAIRIE]["enrollment_code"]), ("P-X", "x")],
    ids=["wrong-code", "another-partners-code", "unknown-partner"],
)
def test_enrollment_refused_with_a_french_message(
    region_server: Region, partner_id: str, code: str
) -> None:
    with region_server.client() as client, pytest.raises(RegionRefused) as refused:
        client.enroll(partner_id, code, "Caisse 1")
    assert refused.value.status == 403
    assert refused.value.code == "bad_enrollment_code"
    assert refused.value.message == "Identifiant de partenaire ou code d'activation incorrect."


def test_enrollment_with_an_empty_code_is_refused(region_server: Region) -> None:
    with region_server.client() as client, pytest.raises(RegionRefused) as refused:
        client.enroll(CINEMA, "", "Caisse 1")
    assert refused.value.status == 422


# --- snapshot ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "not-a-token"], ids=["no-token", "bad-token"])
def test_snapshot_needs_an_enrolled_device(region_server: Region, token: str | None) -> None:
    with region_server.client(token) as client, pytest.raises(RegionRefused) as refused:
        client.snapshot()
    assert refused.value.status == 401
    assert refused.value.code == "unknown_device"
    assert "activez-la" in refused.value.message


def test_snapshot_is_signed_and_scoped_to_the_partners_accreditations(
    region_server: Region, cinema: Device
) -> None:
    snapshot = read_snapshot(cinema.client.snapshot(), cinema.keys)
    header = snapshot.header

    assert header.kind == "full"
    assert header.partner.id == CINEMA
    assert header.partner.accreditations == frozenset({"cinema", "spectacle"})
    assert header.generated_at == NOW
    assert header.keys == cinema.keys
    assert header.policy.max_snapshot_age_hours == SEED["policy"]["max_snapshot_age_hours"]
    categories = {(w.scheme_id, w.category_id) for w in snapshot.wallets}
    assert categories == {(CULTURE, "cinema"), (CULTURE, "spectacle")}
    assert not any(w.category_id == "livres" for w in snapshot.wallets)
    cinema_wallets = {w.beneficiary: w for w in snapshot.wallets if w.category_id == "cinema"}
    assert {key: w.balance_cents for key, w in cinema_wallets.items()} == {
        pkey(region_server, "B001"): 2000,
        pkey(region_server, "B002"): 600,
        pkey(region_server, "B004"): 0,
    }
    assert cinema_wallets[pkey(region_server, "B001")].granted_cents == 2000


def test_snapshot_of_a_bookshop_holds_only_books(
    region_server: Region, enroll: Callable[[str], Device]
) -> None:
    till = enroll(LIBRAIRIE)
    snapshot = read_snapshot(till.client.snapshot(), till.keys)
    assert {(w.scheme_id, w.category_id) for w in snapshot.wallets} == {(LIVRES, "livres")}
    assert {w.beneficiary: w.balance_cents for w in snapshot.wallets} == {
        pkey(region_server, "B001"): 5000,  # profile "general"
        pkey(region_server, "B003"): 4000,  # profile "vocational"
    }


def test_snapshot_leaks_no_identity(cinema: Device) -> None:
    """No name, birth date, serial or Region id; the one exception is the first name and
    initial of the winners on the partner's own bon plan lists, which the organiser calls."""
    body = cinema.client.snapshot()
    text = body.decode("utf-8")
    on_lists = {
        b for plan in SEED["bons_plans"] if plan["partner"] == CINEMA for b in plan["entries"]
    }
    for person in SEED["beneficiaries"]:
        for secret in (person["name"], person["birth_date"], person["serial"], person["id"]):
            assert secret not in text
            assert secret.encode("utf-8") not in body
        assert json.dumps(person["name"]).strip('"') not in text  # nor \u-escaped
        first, *others = person["name"].replace("-", " ").split()
        for part in others if person["id"] in on_lists else [first, *others]:
            assert part not in text


def test_snapshot_signature_covers_the_header_and_the_header_the_records(
    cinema: Device,
) -> None:
    body = cinema.client.snapshot()
    _, signature, *records = body.split(b"\n")
    kid, _, _ = signature.decode().partition(".")
    assert kid in cinema.keys
    for tampered, code in [
        (body.replace(b'"cinema",2000', b'"cinema",9000', 1), "records_mismatch"),  # a balance
        (body.replace(b'"max_snapshot_age_hours":', b'"max_snapshot_age_hours":9', 1),
         "bad_signature"),  # the policy
        (body[: len(body) - 40], "records_mismatch"),  # cut short
        (body + records[0] + b"\n", "records_mismatch"),  # one line too many
    ]:  # fmt: skip
        assert tampered != body
        with pytest.raises(SnapshotError) as error:
            read_snapshot(tampered, cinema.keys)
        assert error.value.code == code
    with pytest.raises(SnapshotError) as error:
        read_snapshot(body, {})
    assert error.value.code == "unknown_key"


def test_snapshot_versions_increase_and_include_accepted_debits(
    region_server: Region, cinema: Device
) -> None:
    first = read_snapshot(cinema.client.snapshot(), cinema.keys).header
    result = upload_one(cinema, debit(region_server, "B001", 800))
    second = read_snapshot(cinema.client.snapshot(), cinema.keys)
    assert second.header.version > first.version
    assert (first.server_seq, second.header.server_seq) == (0, result["server_seq"])
    wallet = next(
        w
        for w in second.wallets
        if (w.beneficiary, w.category_id) == (pkey(region_server, "B001"), "cinema")
    )
    assert wallet.balance_cents == 1200


def test_a_delta_holds_only_what_changed_since_the_tills_version(
    region_server: Region, cinema: Device
) -> None:
    first = read_snapshot(cinema.client.snapshot(), cinema.keys).header
    assert first.kind == "full" and first.beneficiaries == 3
    upload_one(cinema, debit(region_server, "B001", 800))
    delta = read_snapshot(cinema.client.snapshot(since=first.version), cinema.keys)
    assert (delta.header.kind, delta.header.base_version) == ("delta", first.version)
    assert delta.header.version > first.version
    assert [(w.beneficiary, w.category_id, w.balance_cents) for w in delta.wallets] == [
        (pkey(region_server, "B001"), "cinema", 1200),
        (pkey(region_server, "B001"), "spectacle", 3000),
    ]
    assert delta.manual_codes == {}  # B001's support did not change: no typed-code line
    # Nothing changed since: an empty delta, still with a fresh signed header.
    empty = read_snapshot(cinema.client.snapshot(since=delta.header.version), cinema.keys)
    assert (empty.header.kind, empty.wallets) == ("delta", ())
    # A version the server never issued (its data was reset): a full snapshot.
    reset = read_snapshot(cinema.client.snapshot(since=10**9), cinema.keys)
    assert reset.header.kind == "full" and reset.header.beneficiaries == 3


# --- upload --------------------------------------------------------------------------------


def test_upload_needs_an_enrolled_device(region_server: Region) -> None:
    with region_server.client("not-a-token") as client, pytest.raises(RegionRefused) as refused:
        client.upload([debit(region_server, "B001", 800)])
    assert refused.value.status == 401
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


def test_accepted_debit_decreases_the_balance(region_server: Region, cinema: Device) -> None:
    result = upload_one(cinema, debit(region_server, "B001", 800))
    assert result["status"] == "accepted"
    assert isinstance(result["server_seq"], int)
    assert result["reason"] == ""
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200
    assert balance(region_server, "B001", CULTURE, "spectacle") == 3000
    assert region_server.state.transaction_count() == 1


def test_the_same_upload_twice_is_counted_once(region_server: Region, cinema: Device) -> None:
    batch = [debit(region_server, "B001", 800), debit(region_server, "B001", 300)]
    first = cinema.client.upload(batch)
    second = cinema.client.upload(batch)  # e.g. the first answer was lost on the way back
    assert [r["status"] for r in first] == ["accepted", "accepted"]
    assert [r["status"] for r in second] == ["duplicate", "duplicate"]
    assert [r["server_seq"] for r in second] == [r["server_seq"] for r in first]
    assert balance(region_server, "B001", CULTURE, "cinema") == 900
    assert region_server.state.transaction_count() == 2


def test_a_retry_from_another_device_of_the_partner_is_a_duplicate(
    region_server: Region, enroll: Callable[[str], Device]
) -> None:
    transaction = debit(region_server, "B001", 800)
    first = upload_one(enroll(CINEMA), transaction)
    again = upload_one(enroll(CINEMA), transaction)
    assert (again["status"], again["server_seq"]) == ("duplicate", first["server_seq"])
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200


def test_the_same_id_twice_in_one_batch_is_counted_once(
    region_server: Region, cinema: Device
) -> None:
    transaction = debit(region_server, "B001", 800)
    first, second = cinema.client.upload([transaction, transaction])
    assert (first["status"], second["status"]) == ("accepted", "duplicate")
    assert second["server_seq"] == first["server_seq"]
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200


@pytest.mark.parametrize(
    ("beneficiary_id", "held", "reason"),
    [("B002", 600, "insufficient_balance"), ("B004", 0, "wallet_empty")],
)
def test_insufficient_balance_is_rejected_and_stays_rejected(
    region_server: Region, cinema: Device, beneficiary_id: str, held: int, reason: str
) -> None:
    """Some left but not enough, or nothing left at all: the rulebook's two words."""
    transaction = debit(region_server, beneficiary_id, 800)
    for _ in range(2):  # the retry of a rejected id is answered the same, never applied
        result = upload_one(cinema, transaction)
        assert result == {
            "id": transaction["id"],
            "status": "rejected",
            "server_seq": None,
            "reason": reason,
        }
    assert balance(region_server, beneficiary_id, CULTURE, "cinema") == held
    assert region_server.state.transaction_count() == 0


def test_the_whole_balance_can_be_spent(region_server: Region, cinema: Device) -> None:
    assert upload_one(cinema, debit(region_server, "B002", 600))["status"] == "accepted"
    assert balance(region_server, "B002", CULTURE, "cinema") == 0
    result = upload_one(cinema, debit(region_server, "B002", 1))
    assert (result["status"], result["reason"]) == ("rejected", "wallet_empty")


def test_a_batch_is_judged_transaction_by_transaction(
    region_server: Region, cinema: Device
) -> None:
    results = cinema.client.upload(
        [
            debit(region_server, "B001", 1500),
            debit(region_server, "B001", 1000),  # only 500 left
            debit(region_server, "B001", 500),
        ]
    )
    assert [(r["status"], r["reason"]) for r in results] == [
        ("accepted", ""),
        ("rejected", "insufficient_balance"),
        ("accepted", ""),
    ]
    assert balance(region_server, "B001", CULTURE, "cinema") == 0


def test_a_transaction_for_another_partner_is_rejected(
    region_server: Region, cinema: Device
) -> None:
    result = upload_one(cinema, debit(region_server, "B001", 800, partner_id=LIBRAIRIE))
    assert (result["status"], result["reason"]) == ("rejected", "wrong_partner")
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


def test_another_partners_transaction_id_is_not_reported_as_ours(
    region_server: Region, enroll: Callable[[str], Device]
) -> None:
    """A library till must never be told "duplicate" (= already counted) for an id the cinema
    used: its own debit would be marked as paid by the Region while it never was."""
    cinema, library = enroll(CINEMA), enroll(LIBRAIRIE)
    cinema_debit = debit(region_server, "B001", 800)
    assert upload_one(cinema, cinema_debit)["status"] == "accepted"
    reused = debit(
        region_server,
        "B001",
        1200,
        id=cinema_debit["id"],
        partner_id=LIBRAIRIE,
        scheme=LIVRES,
        category="livres",
        item_kind="manuel_scolaire",
    )
    result = upload_one(library, reused)
    assert result["status"] == "rejected"
    assert result["server_seq"] is None
    assert result["reason"] == "wrong_partner"
    assert balance(region_server, "B001", LIVRES, "livres") == 5000
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200


@pytest.mark.parametrize(
    "beneficiary_id", [None, "B003"], ids=["unknown-beneficiary", "no-such-wallet"]
)
def test_an_unknown_wallet_is_rejected(
    region_server: Region, cinema: Device, beneficiary_id: str | None
) -> None:
    changes = {} if beneficiary_id else {"beneficiary": "0" * 32}
    transaction = debit(region_server, beneficiary_id or "B001", 800, **changes)
    result = upload_one(cinema, transaction)
    assert (result["status"], result["reason"]) == ("rejected", "unknown_wallet")


def test_an_unknown_scheme_is_an_unknown_wallet(region_server: Region, cinema: Device) -> None:
    result = upload_one(cinema, debit(region_server, "B001", 800, scheme="no-such-scheme"))
    assert (result["status"], result["reason"]) == ("rejected", "unknown_wallet")


def test_a_category_the_partner_is_not_accredited_for_is_rejected(
    region_server: Region, cinema: Device
) -> None:
    transaction = debit(
        region_server, "B001", 800, scheme=LIVRES, category="livres", item_kind="manuel_scolaire"
    )
    result = upload_one(cinema, transaction)
    assert (result["status"], result["reason"]) == ("rejected", "not_accredited")
    assert balance(region_server, "B001", LIVRES, "livres") == 5000


def test_void_of_an_accepted_debit_restores_the_balance(
    region_server: Region, cinema: Device
) -> None:
    original = debit(region_server, "B001", 800)
    upload_one(cinema, original)
    result = upload_one(cinema, void(original))
    assert result["status"] == "accepted"
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000
    assert region_server.state.transaction_count() == 2


def test_debit_and_its_void_in_one_batch(region_server: Region, cinema: Device) -> None:
    original = debit(region_server, "B001", 2000)
    results = cinema.client.upload([original, void(original)])
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


def test_void_twice_is_rejected(region_server: Region, cinema: Device) -> None:
    original = debit(region_server, "B001", 800)
    upload_one(cinema, original)
    assert upload_one(cinema, void(original))["status"] == "accepted"
    again = upload_one(cinema, void(original))
    assert (again["status"], again["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


@pytest.mark.parametrize(
    "changes",
    [
        {"voids": "00000000-0000-0000-0000-000000000000"},
        {"voids": None},
        {"amount_cents": 900},
        {"amount_cents": 700},
        {"forfeited_cents": 100},
    ],
    ids=["unknown", "nothing", "more", "less", "forfeited"],
)
def test_invalid_void_is_rejected(
    region_server: Region, cinema: Device, changes: dict[str, Any]
) -> None:
    original = debit(region_server, "B001", 800)
    upload_one(cinema, original)
    result = upload_one(cinema, void(original, **changes))
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200


def test_void_of_a_rejected_debit_is_rejected(region_server: Region, cinema: Device) -> None:
    original = debit(region_server, "B002", 800)
    assert upload_one(cinema, original)["status"] == "rejected"
    result = upload_one(cinema, void(original))
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B002", CULTURE, "cinema") == 600


def test_void_of_a_void_is_rejected(region_server: Region, cinema: Device) -> None:
    original = debit(region_server, "B001", 800)
    cancel = void(original)
    cinema.client.upload([original, cancel])
    result = upload_one(cinema, void(cancel))
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


def test_void_of_another_partners_debit_is_rejected(
    region_server: Region, enroll: Callable[[str], Device]
) -> None:
    school, library = enroll("P-LYCEE-CAEN"), enroll(LIBRAIRIE)  # both accredited for books
    original = debit(
        region_server,
        "B001",
        800,
        partner_id="P-LYCEE-CAEN",
        scheme=LIVRES,
        category="livres",
        item_kind="manuel_scolaire",
    )
    assert upload_one(school, original)["status"] == "accepted"
    result = upload_one(library, void(original, partner_id=LIBRAIRIE))
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B001", LIVRES, "livres") == 4200


def test_void_must_credit_the_wallet_that_was_debited(
    region_server: Region, cinema: Device
) -> None:
    original = debit(region_server, "B001", 800)
    upload_one(cinema, original)
    elsewhere = void(original, beneficiary=pkey(region_server, "B002"))
    result = upload_one(cinema, elsewhere)
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    other_category = void(original, category_id="spectacle", item_kind="billet_spectacle")
    result = upload_one(cinema, other_category)
    assert (result["status"], result["reason"]) == ("rejected", "void_invalid")
    assert balance(region_server, "B002", CULTURE, "cinema") == 600
    assert balance(region_server, "B001", CULTURE, "spectacle") == 3000
    assert balance(region_server, "B001", CULTURE, "cinema") == 1200
    assert upload_one(cinema, void(original))["status"] == "accepted"


def test_a_debit_naming_a_voided_id_does_not_block_the_real_void(
    region_server: Region, cinema: Device
) -> None:
    original = debit(region_server, "B001", 800)
    upload_one(cinema, original)
    stray = debit(region_server, "B001", 100, voids=original["id"])
    assert upload_one(cinema, stray)["status"] == "accepted"
    assert upload_one(cinema, void(original))["status"] == "accepted"
    assert balance(region_server, "B001", CULTURE, "cinema") == 1900


def test_a_batch_of_the_maximum_size_is_accepted(region_server: Region, cinema: Device) -> None:
    batch = [debit(region_server, "B001", 1) for _ in range(MAX_BATCH)]
    results = cinema.client.upload(batch)
    assert len(results) == MAX_BATCH == 1000
    assert {r["status"] for r in results} == {"accepted"}
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000 - MAX_BATCH


def test_a_batch_over_the_maximum_is_refused_whole(region_server: Region, cinema: Device) -> None:
    batch = [debit(region_server, "B001", 1) for _ in range(MAX_BATCH + 1)]
    with pytest.raises(RegionRefused) as refused:
        cinema.client.upload(batch)
    assert 400 <= refused.value.status < 500
    assert refused.value.message
    assert region_server.state.transaction_count() == 0
    assert balance(region_server, "B001", CULTURE, "cinema") == 2000


def test_malformed_json_body_is_refused(region_server: Region, cinema: Device) -> None:
    # Through the client's own request path, so the answer is mapped as any other refusal.
    with pytest.raises(RegionRefused) as refused:
        cinema.client._request(
            "POST",
            "/v1/transactions",
            content=b'{"transactions": [',
            headers={"Content-Type": "application/json"},
        )
    assert refused.value.status == 422
    assert refused.value.code == "invalid_request"
    assert "données invalides" in refused.value.message  # French, safe to show
    assert region_server.state.transaction_count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "refund"},
        {"amount_cents": -100},
        {"price_cents": 0},
        {"id": "short"},
        {"scheme_id": None},
    ],
    ids=["kind", "negative", "free", "short-id", "no-scheme"],
)
def test_an_invalid_transaction_refuses_the_batch(
    region_server: Region, cinema: Device, changes: dict[str, Any]
) -> None:
    batch = [debit(region_server, "B001", 800), debit(region_server, "B001", 800, **changes)]
    with pytest.raises(RegionRefused) as refused:
        cinema.client.upload(batch)
    assert refused.value.status == 422
    assert region_server.state.transaction_count() == 0


# --- QR payloads ---------------------------------------------------------------------------


def test_app_code_is_a_fresh_presentation_of_a_weekly_credential(
    region_server: Region, cinema: Device
) -> None:
    payload = region_server.state.qr_payload("B002", NOW)
    credential = read_code(payload, cinema.keys)
    assert credential.presented_at == NOW
    assert credential.holder_key is not None
    assert credential.support is SupportKind.APP
    assert credential.beneficiary == pkey(region_server, "B002")
    assert credential.holder_name == "Hugo Bernard"
    assert credential.birth_date == date(2010, 9, 3)
    assert credential.serial == "AT25-000002"
    assert credential.issued_at == NOW
    assert credential.expires_at == NOW + timedelta(days=APP_CREDENTIAL_DAYS)
    static = read_code(region_server.state.qr_payload("B002", NOW, static=True), cinema.keys)
    assert static.presented_at is None  # what a screenshot of the credential would be


def test_paper_code_lasts_until_the_seasons_end_in_paris(
    region_server: Region, cinema: Device
) -> None:
    credential = read_code(region_server.state.qr_payload("B001", NOW), cinema.keys)
    assert credential.support is SupportKind.PAPER
    assert credential.holder_name == "Léa Martin-Lefèvre"
    # Season 2025-26 ends on 30 June 2026: valid through that day, Paris time (UTC+2 in summer).
    end = datetime(2026, 7, 1, 0, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert credential.expires_at == end
    assert credential.expires_at == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_paper_code_lasts_until_the_seasons_end_in_reunion(
    region_server: Region, cinema: Device
) -> None:
    credential = read_code(region_server.state.qr_payload("B005", NOW), cinema.keys)
    # Numerisak 2026-27 ends on 31 July 2027, Réunion time (UTC+4).
    assert credential.expires_at == datetime(2027, 7, 31, 20, 0, tzinfo=UTC)


def test_support_can_be_chosen(region_server: Region, cinema: Device) -> None:
    state = region_server.state
    paper = read_code(state.qr_payload("B002", NOW, SupportKind.PAPER), cinema.keys)
    assert paper.support is SupportKind.PAPER
    assert paper.expires_at == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    app = read_code(state.qr_payload("B001", NOW, SupportKind.APP), cinema.keys)
    assert app.expires_at == NOW + timedelta(days=APP_CREDENTIAL_DAYS)
    card = read_code(state.qr_payload("B003", NOW), cinema.keys)
    assert card.support is SupportKind.CARD
    assert card.expires_at == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_qr_of_an_unknown_beneficiary(region_server: Region) -> None:
    with pytest.raises(KeyError):
        region_server.state.qr_payload("B999", NOW)
    with pytest.raises(KeyError):
        region_server.state.balances("B999")


# --- seed ----------------------------------------------------------------------------------


def test_seed_balances_default_to_the_schemes_allowance(region_server: Region) -> None:
    state = region_server.state
    assert state.beneficiary_ids() == [person["id"] for person in SEED["beneficiaries"]]
    assert balance(region_server, "B001", LIVRES, "livres") == 5000  # general
    assert balance(region_server, "B003", LIVRES, "livres") == 4000  # vocational
    assert balance(region_server, "B003", LIVRES, "equipement_pro") == 10000
    assert balance(region_server, "B002", CULTURE, "cinema") == 600  # explicit balance_cents
    assert balance(region_server, "B005", NUMERISAK, "numerisak") == 35000
    wallets = state.balances("B002")["wallets"]
    assert [w["granted_cents"] for w in wallets] == [2000, 3000]


def test_open_state_seeds_only_once(tmp_path: Path) -> None:
    state = open_state(tmp_path, demo_seed_path())
    key = state.public_keys()
    state.close()
    state = open_state(tmp_path, demo_seed_path())  # a restart keeps key, balances, ledger
    try:
        assert state.public_keys() == key
        assert len(state.beneficiary_ids()) == len(SEED["beneficiaries"])
    finally:
        state.close()


def _seed_with(**wallet_changes: Any) -> dict[str, Any]:
    seed = copy.deepcopy(SEED)
    seed["beneficiaries"][0]["wallets"][0].update(wallet_changes)
    return seed


@pytest.mark.parametrize(
    "seed",
    [
        _seed_with(scheme="atouts-culture-sport-2099-00"),
        _seed_with(category="bowling"),
        _seed_with(profile="apprentice"),
        _seed_with(scheme=LIVRES, category="livres", profile="retired"),
    ],
    ids=["unknown-scheme", "unknown-category", "unknown-profile", "unknown-livres-profile"],
)
def test_seed_loader_refuses_unknown_names(tmp_path: Path, seed: dict[str, Any]) -> None:
    state = RegionState(tmp_path, load_schemes())
    try:
        with pytest.raises(ValueError, match="unknown"):
            state.load_seed(seed)
        assert not state.is_seeded()  # nothing half-loaded
        assert state.beneficiary_ids() == []
    finally:
        state.close()


def test_seed_loader_refuses_a_misspelt_policy(tmp_path: Path) -> None:
    seed = copy.deepcopy(SEED)
    seed["policy"] = {"max_snapshot_age_hour": 72}  # missing "s": every till would refuse it
    state = RegionState(tmp_path, load_schemes())
    try:
        with pytest.raises(TypeError, match="max_snapshot_age_hour"):
            state.load_seed(seed)
        assert not state.is_seeded()
    finally:
        state.close()


def test_seed_loader_refuses_a_siret_with_a_wrong_check_digit(tmp_path: Path) -> None:
    seed = copy.deepcopy(SEED)
    seed["partners"][0]["siret"] = "90112233300016"  # last digit changed: Luhn fails
    state = RegionState(tmp_path, load_schemes())
    try:
        with pytest.raises(ValueError, match="SIRET"):
            state.load_seed(seed)
        assert not state.is_seeded()
    finally:
        state.close()
