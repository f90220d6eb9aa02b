"""The reference Region's reimbursement batches over real HTTP on loopback, and its commands.

Each test starts its own server on a fresh data folder seeded with the demo seed, with a clock
the test moves (a batch is built once its period is over on the scheme's calendar). The till's
side of the contract is `pos_app.domain.statements.read_statement`, used here as the till will.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from pos_app.cli import main
from pos_app.demo import demo_seed_path
from pos_app.domain.batches import Batch
from pos_app.domain.snapshot import keys_from_json
from pos_app.domain.statements import Statement, StatementError, read_statement
from pos_app.scheme_files import load_schemes
from sync.region_sim import reimbursements
from sync.region_sim.app import SignedStatementOut
from sync.region_sim.runner import BackgroundServer, open_state
from sync.region_sim.state import DB_NAME, SCHEMA_VERSION, RegionState

PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
SCHEMES = load_schemes()
SEED: dict[str, Any] = json.loads(demo_seed_path().read_text(encoding="utf-8"))
CODES = {partner["id"]: partner["enrollment_code"] for partner in SEED["partners"]}
CULTURE = "atouts-culture-sport-2025-26"
LIVRES = "atouts-livres-ep-2025-26"
NUMERISAK = "numerisak-2026-27"
CINEMA = "P-CINE-LUX"
LIBRAIRIE = "P-LIB-ROUEN"
REVENDEUR = "P-INFO-REUNION"


def paris(month: int, day: int, hour: int = 20, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Till:
    enrollment: dict[str, Any]
    http: httpx.Client

    @property
    def device_id(self) -> str:
        return str(self.enrollment["device_id"])

    @property
    def partner_id(self) -> str:
        return str(self.enrollment["partner"]["id"])

    def upload(self, *transactions: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.http.post("/v1/transactions", json={"transactions": list(transactions)})
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def statement_body(self, since: int = 0) -> dict[str, Any]:
        response = self.http.get("/v1/reimbursements", params={"since": since})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def statement(self, since: int = 0) -> Statement:
        body = self.statement_body(since)
        return read_statement(
            body,
            keys_from_json(self.enrollment["region_keys"]),
            SCHEMES,
            partner_id=self.partner_id,
            device_id=self.device_id,
        )


@dataclass
class Region:
    state: RegionState
    server: BackgroundServer
    clock: Clock
    data_dir: Path
    _clients: list[httpx.Client]

    def http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.server.url, headers=headers, timeout=5.0)
        self._clients.append(client)
        return client

    def enroll(self, partner_id: str) -> Till:
        response = self.http().post(
            "/v1/enrollments",
            json={"partner_id": partner_id, "code": CODES[partner_id], "device_name": "Caisse"},
        )
        assert response.status_code == 201, response.text
        enrollment = response.json()
        return Till(enrollment, self.http(enrollment["device_token"]))

    def sale(
        self,
        when: datetime,
        amount: int = 600,
        *,
        beneficiary: str = "B001",
        partner_id: str = CINEMA,
        scheme: str = CULTURE,
        category: str = "cinema",
        item_kind: str = "place_cinema",
        **changes: Any,
    ) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "kind": "debit",
            "created_at": when.isoformat(),
            "partner_id": partner_id,
            "beneficiary": self.state.pseudonym(beneficiary),
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

    def sim(self, *args: str) -> int:
        """`atouts-pos region-sim ...` on this server's data folder, at its clock."""
        return main(["region-sim", *args, "--data-dir", str(self.data_dir)])


def cancel(sale: dict[str, Any], when: datetime) -> dict[str, Any]:
    return {
        **sale,
        "id": str(uuid.uuid4()),
        "kind": "void",
        "voids": sale["id"],
        "created_at": when.isoformat(),
        "reason": "erreur de saisie",
    }


@pytest.fixture(scope="module")
def stopping() -> Iterator[list[threading.Thread]]:
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join(15)
    assert not any(thread.is_alive() for thread in threads), "a reference server did not stop"


@pytest.fixture
def region(
    tmp_path: Path, stopping: list[threading.Thread], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Region]:
    clock = Clock(paris(3, 10))
    data_dir = tmp_path / "region"
    state = open_state(data_dir, demo_seed_path())
    server = BackgroundServer(state, clock=clock).start()
    clients: list[httpx.Client] = []
    monkeypatch.setenv("ATOUTS_POS_NOW", clock.now.isoformat())
    result = Region(state, server, clock, data_dir, clients)

    def at(instant: datetime) -> None:
        clock.now = instant
        monkeypatch.setenv("ATOUTS_POS_NOW", instant.isoformat())  # the commands' clock

    result.at = at  # type: ignore[attr-defined]
    yield result
    for client in clients:
        client.close()

    def stop() -> None:
        server.stop()
        state.close()

    stopping.append(threading.Thread(target=stop, name="region-sim-stop"))
    stopping[-1].start()


def at(region: Region, instant: datetime) -> None:
    region.at(instant)  # type: ignore[attr-defined]


@pytest.fixture
def cinema(region: Region) -> Till:
    return region.enroll(CINEMA)


def lines_of(batch: Batch) -> list[tuple[str, bool, str, int, str]]:
    return [
        (line.txn_id, line.counted, line.reason, line.amount_cents, line.origin)
        for line in batch.lines
    ]


# --- batches per rhythm, in the scheme's zone -------------------------------------------------


def test_a_monthly_batch_is_built_once_the_month_is_over_in_paris(
    region: Region, cinema: Till
) -> None:
    early = region.sale(paris(3, 2), 800)
    last_evening = region.sale(paris(3, 31, 23, 30), 600)  # 21:30 UTC
    first_minutes = region.sale(paris(4, 1, 0, 30), 500)  # still 31 March in UTC
    at(region, paris(4, 1, 0, 45))
    assert [r["status"] for r in cinema.upload(early, last_evening, first_minutes)] == [
        "accepted"
    ] * 3
    at(region, paris(3, 31, 23, 59))  # March is not over in Paris: nothing to state yet
    statement = cinema.statement()
    assert (statement.version, statement.batches) == (0, ())
    at(region, paris(4, 1, 9))
    statement = cinema.statement()
    [(batch, revision)] = statement.batches
    assert (batch.scheme_id, batch.period.key, batch.status.value) == (
        CULTURE,
        "2026-03",
        "counted",
    )
    assert lines_of(batch) == [
        (early["id"], True, "", 800, "2026-03"),
        (last_evening["id"], True, "", 600, "2026-03"),
    ]
    assert (batch.counted_cents, batch.rejected_cents) == (1400, 0)
    assert (batch.counted_on, batch.due_by) == (date(2026, 4, 1), date(2026, 4, 16))
    assert revision == statement.version == 1
    assert statement.partner_id == CINEMA and statement.device_id == cinema.device_id


def test_weekly_batches_run_monday_to_sunday_in_paris(region: Region) -> None:
    shop = region.enroll(LIBRAIRIE)
    book = {"scheme": LIVRES, "category": "livres", "item_kind": "manuel_scolaire"}
    sunday = region.sale(paris(3, 29, 23, 30), 1200, partner_id=LIBRAIRIE, **book)  # DST night
    monday = region.sale(paris(3, 30, 0, 30), 900, partner_id=LIBRAIRIE, **book)
    assert {r["status"] for r in shop.upload(sunday, monday)} == {"accepted"}
    at(region, paris(4, 6, 8))
    statement = shop.statement()
    assert [
        (b.period.key, b.period.start, b.period.end, b.due_by) for b, _ in statement.batches
    ] == [
        ("2026-W13", date(2026, 3, 23), date(2026, 3, 29), date(2026, 4, 14)),
        ("2026-W14", date(2026, 3, 30), date(2026, 4, 5), date(2026, 4, 21)),
    ]
    assert [lines_of(b)[0][0] for b, _ in statement.batches] == [sunday["id"], monday["id"]]


def test_a_late_arrival_is_counted_in_the_next_batch_with_its_own_period(
    region: Region, cinema: Till
) -> None:
    on_time = region.sale(paris(3, 5), 700)
    cinema.upload(on_time)
    at(region, paris(4, 2))
    [(march, _)] = cinema.statement().batches
    offline_till = region.enroll(CINEMA)  # a till that was offline for weeks
    late = region.sale(paris(3, 20), 450)
    later_still = region.sale(paris(2, 20), 350)  # February had no batch: it is not built now
    at(region, paris(4, 20))
    offline_till.upload(late, later_still)
    assert cinema.statement(since=1).batches == ()  # April is not over: it waits
    at(region, paris(5, 3))
    statement = cinema.statement(since=1)
    [(april, _)] = statement.batches
    assert april.period.key == "2026-04" and april.id != march.id
    assert lines_of(april) == [
        (later_still["id"], True, "", 350, "2026-02"),
        (late["id"], True, "", 450, "2026-03"),
    ]
    assert april.lines[0].device_id == offline_till.device_id
    # The late sale is never taken again, and March is unchanged.
    at(region, paris(6, 3))
    assert cinema.statement(since=statement.version).batches == ()
    assert lines_of(march) == [(on_time["id"], True, "", 700, "2026-03")]


def test_a_sale_voided_across_a_period_boundary_is_taken_back_next_month(
    region: Region, cinema: Till
) -> None:
    sale = region.sale(paris(3, 31, 23, 30), 600)
    cinema.upload(sale)
    at(region, paris(4, 1, 0, 15))
    [(march, _)] = cinema.statement().batches
    undo = cancel(sale, paris(4, 1, 0, 20))
    assert cinema.upload(undo)[0]["status"] == "accepted"
    at(region, paris(5, 1, 8))
    [(april, _)] = cinema.statement(since=1).batches
    assert lines_of(march) == [(sale["id"], True, "", 600, "2026-03")]
    assert lines_of(april) == [(undo["id"], True, "", -600, "2026-04")]
    assert april.counted_cents == -600


def test_a_sale_voided_within_the_month_is_shown_and_not_paid(region: Region, cinema: Till) -> None:
    sale, other = region.sale(paris(3, 10), 600), region.sale(paris(3, 11), 450)
    undo = cancel(sale, paris(3, 10, 20, 5))
    cinema.upload(sale, undo, other)
    at(region, paris(4, 1, 8))
    [(batch, _)] = cinema.statement().batches
    assert lines_of(batch) == [
        (sale["id"], False, "annulee", 600, "2026-03"),
        (undo["id"], False, "annulee", -600, "2026-03"),
        (other["id"], True, "", 450, "2026-03"),
    ]
    assert (batch.counted_cents, batch.rejected_cents) == (450, 600)


def test_refused_out_of_season_and_malformed_lines_carry_their_reason(
    region: Region, cinema: Till
) -> None:
    books = region.sale(paris(6, 30, 12), 500, scheme=LIVRES, category="livres")
    last_evening = region.sale(paris(6, 30, 23, 30), 600)
    garbled = region.sale(paris(6, 12), 300, created_at="samedi soir")
    too_much = region.sale(paris(6, 13), 99_000)
    after_season = region.sale(paris(7, 1, 0, 30), 400)
    at(region, paris(6, 30, 23, 45))
    results = cinema.upload(books, last_evening, garbled, too_much)
    # The rulebook refuses at the upload what the Region will not pay: an unreadable time...
    assert [r["reason"] for r in results] == [
        "not_accredited",
        "",
        "malformed",
        "insufficient_balance",
    ]
    at(region, paris(7, 1, 1))
    # ... and a sale made after the season's last evening in Paris.
    assert cinema.upload(after_season)[0]["reason"] == "season_over"
    at(region, paris(8, 1, 8))
    batches = {(b.scheme_id, b.period.key): b for b, _ in cinema.statement().batches}
    assert sorted(batches) == [(CULTURE, "2026-06"), (CULTURE, "2026-07"), (LIVRES, "2026-W27")]
    june = batches[CULTURE, "2026-06"]
    assert {line.txn_id: (line.counted, line.reason) for line in june.lines} == {
        last_evening["id"]: (True, ""),
        garbled["id"]: (False, "malformed"),  # its time unreadable: counted the day it came
        too_much["id"]: (False, "insufficient_balance"),
    }
    assert (june.counted_cents, june.rejected_cents) == (600, 300 + 99_000)
    assert lines_of(batches[CULTURE, "2026-07"]) == [
        (after_season["id"], False, "season_over", 400, "2026-07")
    ]
    assert lines_of(batches[LIVRES, "2026-W27"]) == [
        (books["id"], False, "not_accredited", 500, "2026-W27")
    ]


def test_a_refusal_of_another_scheme_is_in_that_schemes_batch(region: Region, cinema: Till) -> None:
    books = region.sale(paris(3, 12), 500, scheme=LIVRES, category="livres")
    assert cinema.upload(books)[0]["reason"] == "not_accredited"
    at(region, paris(3, 23, 8))  # weeks 11 and 12 are over
    [(batch, _)] = cinema.statement().batches
    assert (batch.scheme_id, batch.period.key) == (LIVRES, "2026-W11")
    assert lines_of(batch) == [(books["id"], False, "not_accredited", 500, "2026-W11")]


# --- the statement: signature, since, scope ---------------------------------------------------


def test_the_statement_is_signed_and_a_tampered_one_is_refused(
    region: Region, cinema: Till
) -> None:
    cinema.upload(region.sale(paris(3, 2), 800))
    at(region, paris(4, 2))
    body = cinema.statement_body()
    assert SignedStatementOut.model_validate(body).model_dump() == body  # the documented shape
    keys = keys_from_json(cinema.enrollment["region_keys"])
    read_statement(body, keys, SCHEMES, partner_id=CINEMA, device_id=cinema.device_id)
    tampered = copy.deepcopy(body)
    tampered["statement"]["batches"][0]["lines"][0]["amount_cents"] = 8000
    tampered["statement"]["batches"][0]["counted_cents"] = 8000
    with pytest.raises(StatementError) as refused:
        read_statement(tampered, keys, SCHEMES, partner_id=CINEMA, device_id=cinema.device_id)
    assert refused.value.code == "statement_signature"
    with pytest.raises(StatementError) as refused:
        read_statement(body, keys, SCHEMES, partner_id=CINEMA, device_id="D-other")
    assert refused.value.code == "statement_wrong_till"


def test_since_returns_only_the_batches_changed_and_is_repeatable(
    region: Region, cinema: Till
) -> None:
    cinema.upload(region.sale(paris(2, 10), 800), region.sale(paris(3, 10), 500))
    at(region, paris(4, 2))
    first = cinema.statement_body()
    assert cinema.statement_body() == first  # the same request twice: the same answer
    version = first["statement"]["version"]
    assert [b["period"]["key"] for b in first["statement"]["batches"]] == ["2026-02", "2026-03"]
    assert [b["revision"] for b in first["statement"]["batches"]] == [1, 2] and version == 2
    unchanged = cinema.statement_body(since=version)["statement"]
    assert (unchanged["version"], unchanged["batches"]) == (version, [])
    february = first["statement"]["batches"][0]["id"]
    assert region.sim("reimbursements", "order", february, "--date", "2026-04-02") == 0
    changed = cinema.statement_body(since=version)["statement"]
    assert [(b["id"], b["status"], b["revision"]) for b in changed["batches"]] == [
        (february, "payment_ordered", 3)
    ]
    assert changed["version"] == 3
    assert changed["batches"][0]["ordered_on"] == "2026-04-02"
    # A version the Region never issued (its data was reset): every batch again.
    assert len(cinema.statement_body(since=999)["statement"]["batches"]) == 2


def test_a_batch_holds_every_till_of_the_partner_and_no_other_partner(region: Region) -> None:
    till_1, till_2, shop = region.enroll(CINEMA), region.enroll(CINEMA), region.enroll(LIBRAIRIE)
    first, second = region.sale(paris(3, 3), 800), region.sale(paris(3, 4), 500, beneficiary="B002")
    till_1.upload(first)
    till_2.upload(second)
    book = region.sale(paris(3, 3), 1500, partner_id=LIBRAIRIE, scheme=LIVRES, category="livres")
    shop.upload(book)
    stolen_id = region.sale(paris(3, 5), 300, partner_id=LIBRAIRIE, scheme=LIVRES,
                            category="livres")  # fmt: skip
    assert till_1.upload(stolen_id)[0]["reason"] == "wrong_partner"  # named another partner
    at(region, paris(4, 2))
    for till in (till_1, till_2):
        statement = till.statement()
        assert statement.device_id == till.device_id
        txns = {line.txn_id: line.device_id for b, _ in statement.batches for line in b.lines}
        assert txns == {
            first["id"]: till_1.device_id,
            second["id"]: till_2.device_id,
            stolen_id["id"]: till_1.device_id,  # the sender's refused line
        }
    shop_lines = {line.txn_id for b, _ in shop.statement().batches for line in b.lines}
    assert shop_lines == {book["id"]}
    assert {b["partner_id"] for b in region.state.reimbursement_batches(LIBRAIRIE)} == {LIBRAIRIE}


@pytest.mark.parametrize(
    ("token", "status", "code"),
    [(None, 401, "unknown_device"), ("not-a-token", 401, "unknown_device")],
    ids=["no-token", "bad-token"],
)
def test_the_statement_needs_an_enrolled_device(
    region: Region, token: str | None, status: int, code: str
) -> None:
    response = region.http(token).get("/v1/reimbursements")
    assert response.status_code == status
    assert response.json()["error"] == code
    assert "activez-la" in response.json()["message"]


def test_a_revoked_device_gets_no_statement(region: Region, cinema: Till) -> None:
    region.state.revoke_device(cinema.device_id)
    response = cinema.http.get("/v1/reimbursements")
    assert (response.status_code, response.json()["error"]) == (403, "device_revoked")
    assert response.json()["message"] == "Cette caisse a été désactivée par la Région."


def test_a_negative_since_is_an_invalid_request(cinema: Till) -> None:
    response = cinema.http.get("/v1/reimbursements", params={"since": -1})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"].startswith("query.since")


# --- payment: order, paid, wrong amount, omitted and repeated lines ---------------------------


def test_order_then_pay_with_a_wrong_amount_and_an_omitted_line(
    region: Region, cinema: Till, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, left_out = region.sale(paris(3, 3), 800), region.sale(paris(3, 4), 500)
    cinema.upload(kept, left_out)
    at(region, paris(4, 1, 9))
    [(batch, _)] = cinema.statement().batches
    at(region, paris(4, 1, 10))
    assert region.sim("reimbursements", "order", batch.id, "--json") == 0
    ordered = json.loads(capsys.readouterr().out)
    assert (ordered["status"], ordered["ordered_on"]) == ("payment_ordered", "2026-04-01")
    args = ["pay", batch.id, "--date", "2026-04-09", "--ref", "VIR-2026-0042",
            "--amount", "7,50", "--omit", left_out["id"], "--json"]  # fmt: skip
    assert region.sim("reimbursements", *args) == 0
    paid = json.loads(capsys.readouterr().out)
    assert (paid["status"], paid["paid_cents"], paid["counted_cents"]) == ("paid", 750, 800)
    [(stated, revision)] = cinema.statement(since=2).batches
    assert revision == 3
    assert (stated.status.value, stated.paid_on, stated.paid_cents, stated.transfer_ref) == (
        "paid", date(2026, 4, 9), 750, "VIR-2026-0042"
    )  # fmt: skip
    assert [line.txn_id for line in stated.lines] == [kept["id"]]  # the omitted one is gone
    # ... and never taken again by a later batch.
    at(region, paris(6, 1))
    assert cinema.statement(since=3).batches == ()


def test_pay_without_order_pays_the_counted_total_with_a_generated_reference(
    region: Region, cinema: Till, capsys: pytest.CaptureFixture[str]
) -> None:
    cinema.upload(region.sale(paris(3, 3), 800), region.sale(paris(3, 4), 450))
    at(region, paris(4, 5, 12))
    [(batch, _)] = cinema.statement().batches
    assert region.sim("reimbursements", "pay", batch.id) == 0
    out = capsys.readouterr().out
    assert f"{batch.id} {CINEMA} 2026-03" in out and "payé" in out and "12,50" in out
    [(paid, _)] = cinema.statement().batches
    assert (paid.status.value, paid.ordered_on, paid.paid_on, paid.paid_cents) == (
        "paid", date(2026, 4, 5), date(2026, 4, 5), 1250
    )  # fmt: skip
    assert paid.transfer_ref == f"VIR-20260405-{batch.id.removeprefix('RB-')}"


def test_a_sale_paid_twice_appears_in_a_second_batch(
    region: Region, cinema: Till, capsys: pytest.CaptureFixture[str]
) -> None:
    march_sale = region.sale(paris(3, 3), 800)
    cinema.upload(march_sale)
    at(region, paris(4, 2))
    [(march, _)] = cinema.statement().batches
    assert region.sim("reimbursements", "pay", march.id) == 0
    capsys.readouterr()
    cinema.upload(region.sale(paris(4, 3), 300))
    at(region, paris(5, 2))
    assert region.sim("reimbursements", "count", "--json") == 0
    [april_id] = json.loads(capsys.readouterr().out)["built"]
    assert region.sim("reimbursements", "pay", april_id, "--twice", march_sale["id"]) == 0
    april = next(b for b, _ in cinema.statement().batches if b.id == april_id)
    assert [(line.txn_id, line.counted, line.origin) for line in april.lines][-1] == (
        march_sale["id"], True, "2026-03"
    )  # fmt: skip
    assert (april.counted_cents, april.paid_cents) == (1100, 1100)


def test_the_count_command_builds_every_partner_and_list_shows_them(
    region: Region, cinema: Till, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = region.enroll(LIBRAIRIE)
    cinema.upload(region.sale(paris(3, 3), 800))
    shop.upload(region.sale(paris(3, 3), 1500, partner_id=LIBRAIRIE, scheme=LIVRES,
                            category="livres", item_kind="manuel_scolaire"))  # fmt: skip
    at(region, paris(4, 2))
    assert region.sim("reimbursements", "list") == 0
    assert capsys.readouterr().out.strip() == "Aucun lot de remboursement."
    assert region.sim("reimbursements", "count") == 0
    assert capsys.readouterr().out.strip() == "2 lot(s) comptabilisé(s) : RB-000001, RB-000002."
    assert region.sim("reimbursements", "count") == 0  # nothing twice
    assert capsys.readouterr().out.strip() == "0 lot(s) comptabilisé(s)."
    assert region.sim("reimbursements", "list", "--partner", LIBRAIRIE, "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)["batches"]
    assert (listed["partner_id"], listed["period"], listed["counted_cents"]) == (
        LIBRAIRIE, "2026-W10", 1500
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["order", "RB-999999"], 2, "Introuvable : RB-999999"),
        (["pay", "RB-999999"], 2, "Introuvable : RB-999999"),
        (["count", "--partner", "P-NOPE"], 2, "Introuvable : P-NOPE"),
        (["order", "RB-000001", "--date", "2026-03-31"], 1, "est dans la période 2026-03"),
        (["pay", "RB-000001", "--omit", "not-a-line"], 1, "n'est pas une ligne du lot"),
        (["pay", "RB-000001", "--twice", "SALE"], 1, "déjà une ligne du lot"),
        (["pay", "RB-000001", "--twice", "unknown-id"], 1, "comptée dans aucun autre lot"),
        (["pay", "RB-000001", "--date", "2026-04-01"], 1, "comptabilisé le 02/04/2026"),
    ],
)
def test_payment_commands_refuse_what_makes_no_sense(
    region: Region,
    cinema: Till,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    sale = region.sale(paris(3, 3), 800)
    cinema.upload(sale)
    at(region, paris(4, 2))
    assert region.sim("reimbursements", "count") == 0
    capsys.readouterr()
    args = [sale["id"] if arg == "SALE" else arg for arg in args]
    assert region.sim("reimbursements", *args) == code
    assert message in capsys.readouterr().err
    [batch] = region.state.reimbursement_batches()
    assert (batch["status"], batch["revision"]) == ("counted", 1)  # nothing changed


def test_a_batch_is_ordered_once_paid_once_and_not_paid_before_its_order(
    region: Region, cinema: Till, capsys: pytest.CaptureFixture[str]
) -> None:
    cinema.upload(region.sale(paris(3, 3), 800))
    at(region, paris(4, 5))
    assert region.sim("reimbursements", "count") == 0
    assert region.sim("reimbursements", "order", "RB-000001", "--date", "2026-04-06") == 0
    at(region, paris(4, 10))
    capsys.readouterr()
    assert region.sim("reimbursements", "order", "RB-000001") == 1
    assert "déjà mis en paiement" in capsys.readouterr().err
    assert region.sim("reimbursements", "pay", "RB-000001", "--date", "2026-04-05") == 1
    assert "mis en paiement le 06/04/2026" in capsys.readouterr().err
    assert region.sim("reimbursements", "pay", "RB-000001", "--ref", "VIR-1") == 0
    assert region.sim("reimbursements", "pay", "RB-000001") == 1
    assert "déjà payé (VIR-1)" in capsys.readouterr().err
    assert region.sim("reimbursements", "order", "RB-000001") == 1
    assert "déjà payé" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [["--date", "le 3 avril"], ["--amount", "douze"], ["--amount", "-5"]],
    ids=["date", "amount", "negative"],
)
def test_a_malformed_date_or_amount_is_a_usage_error(
    region: Region, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        region.sim("reimbursements", "pay", "RB-000001", *args)
    assert exit_.value.code == 2
    assert "invalide" in capsys.readouterr().err


# --- NUMÉRISAK deposits -----------------------------------------------------------------------


def reunion(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=REUNION)


@pytest.fixture
def retailer(region: Region) -> Till:
    at(region, reunion(9, 1))
    return region.enroll(REVENDEUR)


def voucher_sale(region: Region, beneficiary: str, when: datetime) -> dict[str, Any]:
    serial = {"B005": "NUM2026-000005", "B006": "NUM2026-000006"}[beneficiary]
    return region.sale(
        when, 35000, beneficiary=beneficiary, partner_id=REVENDEUR, scheme=NUMERISAK,
        category="numerisak", item_kind="pc_convertible", price_cents=59900,
        complement_cents=24900, voucher_serial=serial, equipment_serial="PF3X9K",
        guardian_checked=True,  # B006 is a minor: their representative collected the PC
    )  # fmt: skip


def deposit(till: Till, deposit_id: str, handed_in: str, *txn_ids: str) -> httpx.Response:
    return till.http.post(
        "/v1/claims",
        json={"deposit_id": deposit_id, "handed_in": handed_in, "transactions": list(txn_ids)},
    )


def test_a_deposit_slip_builds_its_batch_with_an_acknowledgement_per_voucher(
    region: Region, retailer: Till
) -> None:
    sold, voided = (
        voucher_sale(region, "B005", reunion(9, 2)),
        voucher_sale(region, "B006", reunion(9, 3)),
    )
    undo = cancel(voided, reunion(9, 3, 11))
    late = voucher_sale(region, "B006", reunion(9, 20))
    retailer.upload(sold, voided, undo, late)
    at(region, reunion(10, 5))
    assert retailer.statement().batches == ()  # per claim: nothing is built without a deposit
    response = deposit(retailer, "DEP-0001", "2026-09-15", sold["id"], voided["id"],
                       late["id"], undo["id"], "never-sent-id")  # fmt: skip
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["batch_ids"] == ["RB-000001"]
    assert [(a["txn_id"], a["status"], a["reason"]) for a in answer["acknowledgements"]] == [
        (sold["id"], "accepted", ""),
        (voided["id"], "refused", "annulee"),
        (late["id"], "refused", "after_deposit"),
        (undo["id"], "refused", "not_a_sale"),
        ("never-sent-id", "refused", "unknown_transaction"),
    ]
    [(batch, _)] = retailer.statement().batches  # signed, verified as the till will
    assert (batch.period.key, batch.period.start, batch.due_by) == (
        "claim-DEP-0001", date(2026, 9, 15), None
    )  # fmt: skip
    assert lines_of(batch) == [
        (sold["id"], True, "", 35000, ""),
        (voided["id"], False, "annulee", 35000, ""),
        (undo["id"], False, "annulee", -35000, ""),
    ]
    # The same slip again: the same answer, no second batch.
    again = deposit(retailer, "DEP-0001", "2026-09-15", late["id"], sold["id"], voided["id"],
                    undo["id"], "never-sent-id")  # fmt: skip
    assert again.json() == answer
    # A voucher already claimed is refused in another deposit; the late one can go now.
    second = deposit(retailer, "DEP-0002", "2026-10-01", sold["id"], late["id"]).json()
    assert [(a["status"], a["reason"]) for a in second["acknowledgements"]] == [
        ("refused", "already_claimed"),
        ("accepted", ""),
    ]
    assert len(region.state.reimbursement_batches(REVENDEUR)) == 2


@pytest.mark.parametrize(
    ("deposit_id", "handed_in", "status", "code"),
    [
        ("DEP-0001", "2026-09-20", 409, "claim_conflict"),
        ("DEP-0002", "2026-10-06", 422, "claim_in_future"),
        ("../etc", "2026-09-20", 422, "invalid_request"),
        ("DEP-0003", "le 20", 422, "invalid_request"),
    ],
)
def test_a_deposit_slip_that_makes_no_sense_is_refused(
    region: Region, retailer: Till, deposit_id: str, handed_in: str, status: int, code: str
) -> None:
    sold = voucher_sale(region, "B005", reunion(9, 2))
    retailer.upload(sold)
    at(region, reunion(10, 5, 23))
    assert deposit(retailer, "DEP-0001", "2026-09-15", sold["id"]).status_code == 200
    response = deposit(retailer, deposit_id, handed_in, sold["id"])
    assert (response.status_code, response.json()["error"]) == (status, code)
    assert response.json()["message"]
    assert len(region.state.reimbursement_batches()) == 1


def test_a_deposit_needs_an_enrolled_device_and_claims_only_the_partners_own(
    region: Region, retailer: Till, cinema: Till
) -> None:
    sold = voucher_sale(region, "B005", reunion(9, 2))
    retailer.upload(sold)
    ticket = region.sale(reunion(9, 2), 600)
    cinema.upload(ticket)
    at(region, reunion(10, 5))
    assert deposit(Till({}, region.http("nope")), "D1", "2026-09-15", sold["id"]).status_code == 401
    answer = deposit(cinema, "D1", "2026-09-15", sold["id"], ticket["id"]).json()
    assert [(a["status"], a["reason"]) for a in answer["acknowledgements"]] == [
        ("refused", "unknown_transaction"),  # the retailer's, not the cinema's
        ("refused", "not_per_claim"),  # Culture & Sport is counted monthly
    ]
    assert answer["batch_ids"] == []
    assert deposit(cinema, "D2", "2026-09-15").status_code == 422  # an empty slip


# --- storage ----------------------------------------------------------------------------------


def test_a_version_10_region_is_migrated_in_place(tmp_path: Path) -> None:
    data_dir = tmp_path / "region"
    state = open_state(data_dir, demo_seed_path())
    state.close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:  # what main wrote before batches
        conn.executescript(
            "DROP TABLE batch_lines; DROP TABLE batches; DROP TABLE claims; PRAGMA user_version=10;"
        )
    state = RegionState(data_dir, SCHEMES)
    try:
        assert state.is_seeded()
        assert state.reimbursement_batches() == []
        assert state.count_reimbursements(paris(4, 2)) == []
    finally:
        state.close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 14


def test_the_batches_come_from_the_domain_rule_alone() -> None:
    """The module calls the domain's rule; it holds no rule of its own to drift from it."""
    source = Path(reimbursements.__file__).read_text(encoding="utf-8")
    assert "count_lines(" in source and "due_for(" in source
    for rule_word in ("hors_saison", "annulee", "season"):
        assert rule_word not in source
