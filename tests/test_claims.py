"""NUMÉRISAK deposit slips at a real till against the real reference Region on loopback (seed
003 §3.4): the slip of the vouchers not yet claimed, sending it (at once, or after an offline
spell), the Region's acknowledgement per voucher kept on the slip, the deposit's batch
reconciled like any period, the PDF handed in, and every refusal."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from pos_app.back_office.claims import Claims
from pos_app.back_office.reimbursements import Reimbursements
from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.domain.claims import LineStatus, SlipState
from pos_app.domain.reconciliation import PeriodState
from pos_app.services import Till, TillError
from pos_app.store.db import StoreError
from sync.client import RegionClient

REUNION = ZoneInfo("Indian/Reunion")
IN_SEASON = datetime(2026, 10, 15, 10, 0, tzinfo=REUNION)
SERIALS = {"B005": "NUM2026-000005", "B006": "NUM2026-000006"}
DEAD = "http://127.0.0.1:9"
"""Nothing listens there: the Region out of reach."""


@pytest.fixture
def shop(tmp_path: Path, region, demo_seed, monkeypatch: pytest.MonkeyPatch) -> Iterator[Till]:
    """The demo's IT retailer in La Réunion, during the NUMÉRISAK school year."""
    monkeypatch.setenv(ENV_NOW, IN_SEASON.isoformat())
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-INFO-REUNION")
    with Till(tmp_path / "shop") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
        yield till


def sell(till: Till, region, who: str, pc: str = "PF3X9K") -> str:
    state, _ = region
    voucher = state.voucher_payload(who, "numerisak", 1, IN_SEASON)
    sale = till.charge(
        voucher, "numerisak", "599", "pc_convertible", id_checked=True,
        label_number=SERIALS[who], equipment_serial=pc,
        guardian_checked=True,  # a minor's PC is collected by the representative on the voucher
    )  # fmt: skip
    return sale.id


def offline(till: Till) -> str:
    """Point the till at nowhere; returns the Region's address to come back to."""
    url = till.store.device().server_url  # type: ignore[union-attr]
    till.relocate_server(DEAD)
    return url


def cli(till: Till, capsys, *args: str) -> tuple[int, dict]:
    """A CLI command on the same data folder, once the fixture's till has let it go."""
    till.close()
    code = main(["claims", *args, "--data-dir", str(till.data_dir), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


# --- the slip and the Region's acknowledgement -------------------------------------------------


def test_a_slip_lists_the_unclaimed_vouchers_and_each_gets_the_regions_acknowledgement(
    shop: Till, region
) -> None:
    state, _ = region
    first, second = sell(shop, region, "B005", "PC-A1"), sell(shop, region, "B006", "PC-B2")
    claims = Claims(shop)
    listed = [(s.txn_id, s.voucher_serial, s.label, s.equipment_serial) for s in claims.claimable()]
    assert listed == [
        (first, "NUM2026-000005", "NUM2026-000005", "PC-A1"),
        (second, "NUM2026-000006", "NUM2026-000006", "PC-B2"),
    ]
    slip = claims.deposit([first[:8]], operator="Nora")
    assert slip.deposit_id == f"DEP-{shop.store.device().device_id}-0001"  # type: ignore[union-attr]
    assert (slip.number, slip.handed_in, slip.state) == (1, date(2026, 10, 15), SlipState.WAITING)
    assert [s.txn_id for s in claims.claimable()] == [second]  # the claimed one is gone

    slip, sending = claims.send(slip)  # online: the sale goes first, then the slip
    assert sending.sent and slip.state is SlipState.ACKNOWLEDGED
    assert [(line.sale.txn_id, line.status, line.reason) for line in slip.lines] == [
        (first, LineStatus.ACCEPTED, "")
    ]
    assert slip.batch_ids == ("RB-000001",)
    assert state.reimbursement_batches("P-INFO-REUNION")[0]["period"] == (
        f"claim-{slip.deposit_id}"
    )
    # The deposit's batch came in the same round's signed statement, and is checked as a period.
    [period] = Reimbursements(shop).periods()
    assert (period.key, period.check.state, period.check.region_cents) == (
        f"claim-{slip.deposit_id}", PeriodState.PENDING, 35000,
    )  # fmt: skip
    # The second slip is numbered next, without a gap.
    assert claims.deposit().deposit_id.endswith("-0002")


def test_the_acknowledgements_are_kept_with_the_ledger_and_shown_by_the_cli(
    shop: Till, region, capsys: pytest.CaptureFixture[str]
) -> None:
    sold = sell(shop, region, "B005")
    slip, _ = Claims(shop).send(Claims(shop).deposit())
    data_dir = shop.data_dir
    shop.close()
    with Till(data_dir) as reopened:  # kept in the database, not in memory
        [kept] = Claims(reopened).slips()
        assert (kept.state, kept.lines[0].status, kept.lines[0].sale.txn_id) == (
            SlipState.ACKNOWLEDGED, LineStatus.ACCEPTED, sold,
        )  # fmt: skip
    assert main(["claims", "show", slip.deposit_id, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"Bordereau {slip.deposit_id}" in out and "accusé de réception reçu" in out
    assert "Accusé de la Région : accepté" in out and "PF3X9K" in out
    assert main(["claims", "--data-dir", str(data_dir), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["claimable"] == []
    [shown] = listed["slips"]
    assert (shown["state"], shown["accepted"], shown["lines"][0]["acknowledgement"]) == (
        "acknowledged", 1, "accepted",
    )  # fmt: skip


def test_a_voucher_already_on_a_slip_cannot_go_on_a_second(shop: Till, region, capsys) -> None:
    sold = sell(shop, region, "B005")
    Claims(shop).deposit()
    with pytest.raises(TillError) as refused:
        Claims(shop).deposit([sold])
    assert refused.value.code == "not_claimable" and refused.value.exit_code == 1
    with pytest.raises(TillError) as empty:
        Claims(shop).deposit()
    assert empty.value.code == "nothing_to_claim"
    # Below the service, the database itself refuses the same sale on two slips.
    [sale] = shop.store.claims.voucher_sales({"numerisak-2026-27"})
    with pytest.raises(StoreError) as twice:
        shop.store.claims.make(
            "D-x", lambda d, n: f"DEP-{n}", date(2026, 10, 15), [sale], IN_SEASON
        )
    assert twice.value.code == "claim_conflict_local"
    assert [s.number for s in Claims(shop).slips()] == [1]
    code, answer = cli(shop, capsys, "deposit", "--txn", sold)
    assert (code, answer["error"]) == (1, "not_claimable")


def test_a_voided_sale_is_not_claimable(shop: Till, region) -> None:
    sold = sell(shop, region, "B005")
    shop.void(sold, "erreur de saisie")
    assert Claims(shop).claimable() == []


def test_offline_the_slip_waits_then_goes_at_the_next_sync(shop: Till, region) -> None:
    state, _ = region
    sold = sell(shop, region, "B005")
    url = offline(shop)
    claims = Claims(shop)
    slip, sending = claims.send(claims.deposit())
    assert not sending.sent and "prochaine synchronisation" in sending.message
    assert slip.state is SlipState.WAITING
    assert slip.lines[0].status is LineStatus.AWAITING
    assert state.reimbursement_batches("P-INFO-REUNION") == []
    shop.relocate_server(url)
    report = shop.sync()  # the sale, then the slip, then the statement with its batch
    assert (report.accepted, report.claims, report.claim_errors) == (1, 1, [])
    [slip] = claims.slips()
    assert (slip.state, slip.lines[0].status, slip.lines[0].sale.txn_id) == (
        SlipState.ACKNOWLEDGED, LineStatus.ACCEPTED, sold,
    )  # fmt: skip
    assert shop.sync().claims == 0  # answered: never sent again


def test_a_slip_whose_answer_was_lost_is_counted_once(shop: Till, region) -> None:
    state, server = region
    sell(shop, region, "B005")
    shop.sync()
    server.faults.truncate_body = True  # the Region records the slip, the answer is cut
    server.faults.paths = ("/v1/claims",)
    slip, sending = Claims(shop).send(Claims(shop).deposit())
    assert not sending.sent and slip.state is SlipState.WAITING
    assert len(state.reimbursement_batches("P-INFO-REUNION")) == 1  # counted already
    server.faults.truncate_body = False
    assert shop.sync().claims == 1  # sent again: the same answer, nothing built twice
    [slip] = Claims(shop).slips()
    assert slip.state is SlipState.ACKNOWLEDGED and slip.batch_ids == ("RB-000001",)
    assert len(state.reimbursement_batches("P-INFO-REUNION")) == 1
    # The Region's idempotency, from the till's own client: the same slip, the same answer.
    device = shop.store.device()
    token = (shop.data_dir / "device-token").read_text().strip()
    with RegionClient(device.server_url, token) as client:  # type: ignore[union-attr]
        again = client.claim(slip.deposit_id, slip.handed_in, [slip.lines[0].sale.txn_id])
    assert again["batch_ids"] == ["RB-000001"]
    assert again["acknowledgements"][0]["status"] == "accepted"
    assert len(state.reimbursement_batches("P-INFO-REUNION")) == 1


def test_a_voucher_the_region_refuses_is_shown_refused_and_the_others_accepted(
    shop: Till, region, tmp_path: Path
) -> None:
    state, _ = region
    voided, kept = sell(shop, region, "B005"), sell(shop, region, "B006")
    url = offline(shop)
    slip = Claims(shop).deposit()  # both vouchers; offline, so it waits
    shop.void(voided, "erreur de saisie")  # then the first sale turns out to be a mistake
    shop.relocate_server(url)
    report = shop.sync()
    assert report.claims == 1
    [slip] = Claims(shop).slips()
    assert [(line.sale.txn_id, line.status, line.reason) for line in slip.lines] == [
        (voided, LineStatus.REFUSED, "annulee"),
        (kept, LineStatus.ACCEPTED, ""),
    ]
    assert slip.lines[0].status_text == "refusé : vente annulée"
    totals = slip.totals
    assert (totals.accepted_cents, totals.refused, totals.refused_cents) == (35000, 1, 35000)
    # The batch counts the kept voucher only; the sale and its void agree on nothing due.
    [period] = Reimbursements(shop).periods()
    assert (period.check.state, period.check.region_cents, period.check.till_cents) == (
        PeriodState.PENDING, 35000, 35000,
    )  # fmt: skip
    assert state.reimbursement_batches("P-INFO-REUNION")[0]["counted_cents"] == 35000
    # The PDF says it too, once the Region has answered.
    path = Claims(shop).write_pdf(slip, tmp_path / "bordereau.pdf")
    text = pdf_text(path)
    assert "Accusé de réception de la Région" in text
    assert "refusé : vente annulée" in text and "accepté" in text
    assert "1 bon(s) accepté(s) pour 350,00" in text and "RB-000001" in text


def test_a_slip_the_region_refuses_whole_does_not_block_the_next(shop: Till, region) -> None:
    first, second = sell(shop, region, "B005"), sell(shop, region, "B006")
    shop.sync()
    device = shop.store.device()
    token = (shop.data_dir / "device-token").read_text().strip()
    taken = f"DEP-{device.device_id}-0001"  # type: ignore[union-attr]
    with RegionClient(device.server_url, token) as client:  # type: ignore[union-attr]
        client.claim(taken, date(2026, 10, 15), ["not-this-tills"])  # its number, used already
    url = offline(shop)
    one = Claims(shop).deposit([first])
    two = Claims(shop).deposit([second])
    shop.relocate_server(url)
    report = shop.sync()
    assert report.claims == 1 and len(report.claim_errors) == 1
    assert one.deposit_id in report.claim_errors[0]
    one, two = Claims(shop).slips()
    assert one.state is SlipState.REFUSED and "autre numéro" in one.error
    assert (one.lines[0].status, one.lines[0].reason) == (LineStatus.REFUSED, "claim_conflict")
    assert "numéro de dépôt déjà utilisé" in one.lines[0].status_text
    assert two.state is SlipState.ACKNOWLEDGED
    assert (two.lines[0].sale.txn_id, two.lines[0].status) == (second, LineStatus.ACCEPTED)


def test_a_date_the_region_finds_in_the_future_keeps_the_slip_waiting(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The till's clock a day ahead of the Region's: the Region says 'in the future', the slip
    waits (with the reason) and goes once the Region's day has come."""
    sell(shop, region, "B005")
    shop.sync()
    ahead = IN_SEASON + timedelta(days=1)
    monkeypatch.setattr(shop, "_clock", lambda: ahead)
    slip, sending = Claims(shop).send(Claims(shop).deposit())
    assert slip.state is SlipState.WAITING and slip.handed_in == date(2026, 10, 16)
    assert "dans le futur" in sending.message and "dans le futur" in slip.error
    monkeypatch.setenv(ENV_NOW, ahead.isoformat())  # the Region's day comes
    assert shop.sync().claims == 1
    assert Claims(shop).slips()[0].state is SlipState.ACKNOWLEDGED


def test_an_answer_that_does_not_fit_the_slip_is_not_kept(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    sell(shop, region, "B005")
    real = RegionClient.claim

    def wrong(self, deposit_id, handed_in, transactions):  # type: ignore[no-untyped-def]
        answer = real(self, deposit_id, handed_in, transactions)
        return {**answer, "acknowledgements": []}

    monkeypatch.setattr(RegionClient, "claim", wrong)
    slip, sending = Claims(shop).send(Claims(shop).deposit())
    assert slip.state is SlipState.WAITING and not sending.sent
    assert "prochaine synchronisation" in sending.message
    monkeypatch.setattr(RegionClient, "claim", real)
    assert shop.sync().claims == 1  # asked again: the Region's same, well-formed answer


# --- dates --------------------------------------------------------------------------------------


def test_a_deposit_dated_in_the_future_or_before_the_sale_is_refused(
    shop: Till, region, capsys: pytest.CaptureFixture[str]
) -> None:
    sell(shop, region, "B005")
    with pytest.raises(TillError) as future:
        Claims(shop).deposit(handed_in=date(2026, 10, 16))
    assert future.value.code == "deposit_in_future" and future.value.exit_code == 2
    assert "futur" in future.value.message
    with pytest.raises(TillError) as before:
        Claims(shop).deposit(handed_in=date(2026, 10, 14))
    assert before.value.code == "sold_after_deposit" and "NUM2026-000005" in before.value.message
    assert Claims(shop).slips() == []
    data_dir = str(shop.data_dir)
    shop.close()
    for typed, code, error in [
        ("16/10/2026", 2, "deposit_in_future"),
        ("le 15", 2, "date_invalid"),
        ("31/02/2026", 2, "date_invalid"),
        ("15/10/26", 2, "date_invalid"),
    ]:
        assert (
            main(["claims", "deposit", "--date", typed, "--data-dir", data_dir, "--json"]) == code
        )
        assert json.loads(capsys.readouterr().out)["error"] == error
    # The scheme's day: 23:30 on 15 October in La Réunion is still the 15th there.
    assert main(["claims", "deposit", "--date", "15/10/2026", "--data-dir", data_dir]) == 0
    assert "remis le 15/10/2026" in capsys.readouterr().out


# --- the PDF ------------------------------------------------------------------------------------


def test_the_slip_pdf_has_what_the_region_needs(shop: Till, region, tmp_path: Path) -> None:
    sell(shop, region, "B005", "PC-A1")
    sell(shop, region, "B006", "PC-B2")
    url = offline(shop)
    slip = Claims(shop).deposit(operator="Nora")
    path = Claims(shop).write_pdf(slip, tmp_path / "bordereau.pdf")
    text = pdf_text(path)
    for expected in (
        "Bordereau de dépôt des bons NUMÉRISAK",
        "Informatique Réunion (Saint-Denis)",
        "SIRET 83977441100012",
        "Saint-Denis",
        f"Dépôt n° {slip.deposit_id}",
        "Remis à la Région le 15/10/2026",
        "par Nora",
        "NUM2026-000005",
        "NUM2026-000006",
        "PC-A1",
        "PC-B2",
        "15/10/2026",
        "700,00",
        "Cadre réservé à la Région",
        "Cachet du service NUMÉRISAK",
        "Signature",
        "Pas encore reçu",
    ):
        assert expected in text, expected
    assert "Accusé de la Région" not in text  # no column before the Region answered
    shop.relocate_server(url)
    shop.sync()
    answered = pdf_text(Claims(shop).write_pdf(Claims(shop).slips()[0], path))
    assert "Accusé de la Région" in answered and "2 bon(s) accepté(s) pour 700,00" in answered


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_a_pdf_that_cannot_be_written_says_so_and_leaves_no_half_file(
    shop: Till, region, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    sell(shop, region, "B005")
    offline(shop)
    target = tmp_path / "nulle-part" / "bordereau.pdf"
    if where == "a-folder":
        target = tmp_path / "dossier"
        target.mkdir()
    slip = Claims(shop).deposit()
    with pytest.raises(TillError) as refused:
        Claims(shop).write_pdf(slip, target)
    said = {"missing-folder": "n'existe pas", "a-folder": "est un dossier"}[where]
    assert refused.value.exit_code == 2 and said in refused.value.message
    assert not (tmp_path / "nulle-part").exists() or not any((tmp_path / "nulle-part").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # From the command line: pdf of the slip, and a deposit whose PDF fails (the slip is made).
    code, answer = cli(shop, capsys, "pdf", slip.deposit_id, "-o", str(target))
    assert (code, answer["ok"]) == (2, False) and said in answer["message"]


def test_a_deposit_whose_pdf_fails_is_made_all_the_same(
    shop: Till, region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sell(shop, region, "B005")
    offline(shop)
    code, answer = cli(shop, capsys, "deposit", "-o", str(tmp_path / "nulle-part" / "b.pdf"))
    assert code == 2 and answer["ok"] is False and answer["error"] == "export_failed"
    assert answer["slip"]["deposit_id"].endswith("-0001") and answer["sent"] is False
    assert main(["claims", "--data-dir", str(tmp_path / "shop"), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["slips"]) == 1


# --- the command line ---------------------------------------------------------------------------


def test_the_cli_deposit_sends_and_writes_the_pdf(
    shop: Till, region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sell(shop, region, "B005")
    data_dir = str(shop.data_dir)
    shop.close()
    target = tmp_path / "bordereau.pdf"
    assert main(["claims", "deposit", "-o", str(target), "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert "Bordereau DEP-" in out and "1 bon(s), 350,00" in out
    assert "Accusé de réception de la Région reçu." in out and "1 bon(s) accepté(s)" in out
    assert "PDF écrit" in out and target.exists()
    assert "accepté" in pdf_text(target)
    assert main(["claims", "--data-dir", data_dir]) == 0
    listing = capsys.readouterr().out
    assert "Bons NUMÉRISAK à déposer :\n  aucun" in listing
    assert "accusé de réception reçu : 1 accepté(s), 0 refusé(s)" in listing
    deposit_id = listing.split("Bordereaux :\n  ")[1].split()[0]
    again = tmp_path / "copie.pdf"
    assert (
        main(["claims", "pdf", deposit_id.lower(), "-o", str(again), "--data-dir", data_dir]) == 0
    )
    assert again.exists()


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (["show"], 2, "deposit_id_missing"),
        (["show", "DEP-inconnu"], 1, "unknown_slip"),
        (["pdf", "DEP-inconnu", "-o", "x.pdf"], 1, "unknown_slip"),
        (["list", "DEP-1"], 2, "claims_usage"),
        (["show", "DEP-1", "--txn", "abc"], 2, "claims_usage"),
        (["list", "-o", "x.pdf"], 2, "claims_usage"),
        (["deposit", "--txn", "zzzzzzzz"], 1, "not_claimable"),
        (["deposit"], 1, "nothing_to_claim"),
    ],
)
def test_cli_errors_are_french_with_their_exit_codes(
    shop: Till, capsys: pytest.CaptureFixture[str], args: list[str], code: int, error: str
) -> None:
    got, answer = cli(shop, capsys, *args)
    assert (got, answer["ok"], answer["error"]) == (code, False, error)
    assert answer["message"]


def test_the_pdf_action_needs_a_file(shop: Till, region, capsys) -> None:
    sell(shop, region, "B005")
    offline(shop)
    slip = Claims(shop).deposit()
    got, answer = cli(shop, capsys, "pdf", slip.deposit_id)
    assert (got, answer["error"]) == (2, "output_missing")


def test_a_till_not_enrolled_has_no_slip(tmp_path: Path, capsys, fixed_now) -> None:
    assert main(["claims", "--data-dir", str(tmp_path / "new"), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["error"] == "not_enrolled" and "pas activée" in answer["message"]


def test_a_cinema_has_no_voucher_to_deposit(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B002", fixed_now), "spectacle", "6")
    assert Claims(cinema_till).claimable() == []
    with pytest.raises(TillError) as refused:
        Claims(cinema_till).deposit()
    assert refused.value.code == "nothing_to_claim"


# --- storage ------------------------------------------------------------------------------------


def test_a_slip_never_changes_once_made_and_is_answered_once(shop: Till, region) -> None:
    import sqlite3

    sell(shop, region, "B005")
    slip, _ = Claims(shop).send(Claims(shop).deposit())
    conn = shop.store.conn
    for statement in (
        "UPDATE claim_slips SET handed_in = '2026-01-01'",
        "UPDATE claim_slips SET state = 'waiting'",
        "UPDATE claim_lines SET status = 'refused'",
        "UPDATE claim_lines SET txn_id = 'other'",
        "DELETE FROM claim_lines",
        "DELETE FROM claim_slips",
        "INSERT INTO claim_slips (number, deposit_id, handed_in, made_at) "
        "VALUES (3, 'DEP-3', '2026-10-15', '2026-10-15T10:00:00+04:00')",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(statement)
    assert Claims(shop).slips() == [slip]
