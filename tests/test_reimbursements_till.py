"""The till keeps the Region's signed statements, reconciles them, exports them for the
accountant, and refuses a statement it cannot trust (keeping the previous one).

The statements are built with the domain's batch rule and signed with the reference Region's
own key; the sync fetches them over a client whose other calls go to the live server.
"""

from __future__ import annotations

import csv
import errno
import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from pos_app.atomic_files import FileWriteError, write_atomically
from pos_app.back_office.exports import COLUMNS, export_csv
from pos_app.back_office.reimbursements import Reimbursements
from pos_app.cli import main
from pos_app.domain.batches import Batch, BatchStatus, RegionTransaction, count_lines, due_for
from pos_app.domain.periods import month_of
from pos_app.domain.reconciliation import Difference, PeriodState
from pos_app.domain.signing import canonical_json, key_id, public_bytes, sign
from pos_app.domain.statements import signed, statement_to_json
from pos_app.services import Till, TillError
from sync.client import RegionClient

CULTURE = "atouts-culture-sport-2025-26"
MARCH = month_of(date(2026, 3, 1))


class StatementServer:
    """Serves the next statement body the test sets; everything else is the live server."""

    def __init__(self) -> None:
        self.body: dict[str, Any] | None = None
        self.asked: list[int] = []

    def factory(self) -> Callable[[str, str | None], RegionClient]:
        server = self

        class Client(RegionClient):
            def reimbursements(self, since: int = 0) -> dict[str, Any]:
                if server.body is None:  # not set yet: the live server's own answer
                    return super().reimbursements(since)
                server.asked.append(since)
                return server.body

        return Client


@pytest.fixture
def statements(cinema_till: Till) -> StatementServer:
    server = StatementServer()
    cinema_till._client_factory = server.factory()  # the other calls still go to the server
    return server


def region_lines(till: Till, device: str | None = None) -> list[RegionTransaction]:
    status = till.status(token_location=False)
    return [
        RegionTransaction(
            txn_id=entry.transaction.id,
            device_id=device or status.device_id,
            kind=entry.transaction.kind.value,
            created_at=entry.transaction.created_at,
            amount_cents=entry.transaction.amount_cents,
            scheme_id=entry.transaction.scheme_id,
            accepted=True,
            voids=entry.transaction.voids,
        )
        for entry in till.history()
    ]


def statement(
    till: Till,
    region,
    lines: list[RegionTransaction],
    *,
    paid: int | None = None,
    revision: int = 1,
    version: int = 1,
    tamper: bool = False,
    device: str | None = None,
) -> dict[str, Any]:
    state, _ = region
    scheme = till.schemes[CULTURE]
    counted = count_lines(scheme, due_for(scheme, MARCH, lines), {})
    total = sum(line.amount_cents for line in counted if line.counted)
    batch = Batch(
        id="B-P-CINE-LUX-2026-03",
        scheme_id=CULTURE,
        period=MARCH,
        lines=counted,
        status=BatchStatus.PAID,
        counted_on=date(2026, 4, 1),
        due_by=date(2026, 4, 16),
        ordered_on=date(2026, 4, 1),
        paid_on=date(2026, 4, 10),
        paid_cents=total if paid is None else paid,
        transfer_ref="VIR-2026-0410-LUX",
    )
    status = till.status(token_location=False)
    data = statement_to_json(
        "P-CINE-LUX",
        device or status.device_id,
        version,
        datetime.fromisoformat("2026-04-10T09:00:00+02:00"),
        [(batch, revision)],
    )
    key = state.signing_key(datetime.fromisoformat(os.environ["ATOUTS_POS_NOW"]))
    signature = sign(key, canonical_json(data))
    if tamper:
        data["batches"][0]["paid_cents"] += 100
    return signed(data, key_id(public_bytes(key)), signature)


def sell(till: Till, region, fixed_now: datetime, *amounts: str, category="spectacle") -> None:
    state, _ = region
    for amount in amounts:
        till.charge(state.qr_payload("B002", fixed_now), category, amount)


def test_a_statement_paid_as_recorded_settles_the_period(
    cinema_till: Till, region, fixed_now, statements: StatementServer
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    statements.body = statement(cinema_till, region, region_lines(cinema_till))
    report = cinema_till.sync()
    assert report.statements == 1 and report.statement_error == ""
    [march] = Reimbursements(cinema_till).periods()
    assert (march.key, march.check.state, march.check.till_cents, march.check.paid_cents) == (
        "2026-03",
        PeriodState.SETTLED,
        1050,
        1050,
    )
    # The same statement again changes nothing, and the till asks from its version.
    assert cinema_till.sync().statements == 0
    assert statements.asked == [0, 1]


def test_a_short_payment_is_shown_with_its_gap_and_its_dispute_deadline(
    cinema_till: Till, region, fixed_now, statements: StatementServer, monkeypatch
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    lines = region_lines(cinema_till)
    statements.body = statement(cinema_till, region, lines[:1])  # the Region left one out
    cinema_till.sync()
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-05-05T10:00:00+02:00")
    [march] = Reimbursements(cinema_till).periods()
    assert march.check.state is PeriodState.WRONG
    [missing] = march.check.differences
    assert missing.difference is Difference.UNKNOWN_TO_REGION
    assert march.check.gap_cents == lines[1].amount_cents
    assert march.dispute is not None and march.dispute.deadline == date(2026, 5, 10)
    assert march.dispute.days_left == 5
    # The partner says the transfer reached its account on 12 April: the deadline moves.
    Reimbursements(cinema_till).confirm_receipt("B-P-CINE-LUX-2026-03", date(2026, 4, 12))
    [march] = Reimbursements(cinema_till).periods()
    assert march.dispute is not None and march.dispute.deadline == date(2026, 5, 12)
    with pytest.raises(TillError) as refused:
        Reimbursements(cinema_till).confirm_receipt("B-P-CINE-LUX-2026-03", date(2026, 4, 9))
    assert refused.value.code == "receipt_date_invalid"


@pytest.mark.parametrize("flaw", ["tampered", "another_till", "foreign_lines", "unknown_period"])
def test_a_statement_the_till_cannot_trust_is_refused_and_the_previous_kept(
    cinema_till: Till, region, fixed_now, statements: StatementServer, flaw: str
) -> None:
    sell(cinema_till, region, fixed_now, "6")
    cinema_till.sync()
    good = statement(cinema_till, region, region_lines(cinema_till))
    statements.body = good
    cinema_till.sync()
    lines = region_lines(cinema_till)
    if flaw == "tampered":
        bad = statement(cinema_till, region, lines, paid=1, revision=2, version=2, tamper=True)
    elif flaw == "another_till":
        bad = statement(cinema_till, region, lines, revision=2, version=2, device="D-other")
    elif flaw == "foreign_lines":
        ghost = RegionTransaction(
            "ghost", lines[0].device_id, "debit", lines[0].created_at, 900, CULTURE, True
        )
        bad = statement(cinema_till, region, [*lines, ghost], revision=2, version=2)
    else:
        bad = json.loads(json.dumps(good))
        bad["statement"]["batches"][0]["period"]["key"] = "2026-13"
    statements.body = bad
    report = cinema_till.sync()  # the sync itself goes through
    assert report.statements == 0 and "refusé" in report.statement_error
    [march] = Reimbursements(cinema_till).periods()
    assert march.check.state is PeriodState.SETTLED  # the previous statement stands
    assert statements.asked[-1] == 1
    assert cinema_till.store.statements.version() == 1


def test_the_csv_opens_in_a_french_spreadsheet(
    cinema_till: Till, region, fixed_now, statements: StatementServer, tmp_path: Path
) -> None:
    sell(cinema_till, region, fixed_now, "8,50", category="cinema")  # 6 € left on cinema
    sell(cinema_till, region, fixed_now, "12")
    cinema_till.sync()
    statements.body = statement(cinema_till, region, region_lines(cinema_till))
    cinema_till.sync()
    target = tmp_path / "mars.csv"
    done = export_csv(cinema_till, target, "2026-03")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == list(COLUMNS) and done.rows == 2 == len(rows) - 1
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Période"] == "2026-03"
    assert first["Référence du virement"] == "VIR-2026-0410-LUX"
    assert first["SIRET"] == "90112233300015"
    assert first["Date"] == "14/03/2026" and first["Heure"] == "20:30"
    assert (first["Prix"], first["Payé par l'avantage"], first["Payé par le bénéficiaire"]) == (
        "8,50",
        "6,00",
        "2,50",
    )
    assert (first["Avantage"], first["Statut Région"]) == ("Cinéma", "payé")
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["Avantage"], second["Payé par l'avantage"], second["Compté par la Région"]) == (
        "Spectacle",
        "12,00",
        "12,00",
    )
    assert first["Bénéficiaire"].endswith(".") and len(first["Bénéficiaire"].split()) == 2


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (errno.ENOSPC, "Disque plein"),
        (errno.EACCES, "Écriture refusée"),
        (errno.EROFS, "Écriture refusée"),
        (errno.EIO, "Impossible d'écrire"),
    ],
)
def test_a_file_that_cannot_be_written_leaves_the_previous_one_and_no_half(
    tmp_path: Path, error: int, words: str
) -> None:
    previous = tmp_path / "mars.csv"
    previous.write_text("ancien export\n", encoding="utf-8")

    def half_then_fail(file: BinaryIO) -> None:
        file.write(b"Periode;Lot\r\n2026-03;")
        raise OSError(error, os.strerror(error))

    with pytest.raises(FileWriteError) as failed:
        write_atomically(previous, half_then_fail)
    assert words in failed.value.message
    assert previous.read_text(encoding="utf-8") == "ancien export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mars.csv"]


def test_the_cli_lists_periods_and_exports_for_a_script(
    cinema_till: Till,
    region,
    fixed_now,
    statements: StatementServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    statements.body = statement(cinema_till, region, region_lines(cinema_till), paid=600)
    cinema_till.sync()
    data_dir = str(cinema_till.data_dir)
    cinema_till.close()
    assert main(["reimbursements", "--data-dir", data_dir, "--json"]) == 0
    [period] = json.loads(capsys.readouterr().out)["periods"]
    assert (period["period"], period["state"], period["gap_cents"]) == ("2026-03", "wrong", 450)
    assert main(["reimbursements", "show", "2026-03", "--data-dir", data_dir]) == 0
    text = capsys.readouterr().out
    assert (
        "mars 2026" in text
        and "Paiement inférieur au décompte" in text
        and "VIR-2026-0410-LUX" in text
    )
    assert main(["reimbursements", "show", "2026-13", "--data-dir", data_dir, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "unknown_period"
    out = tmp_path / "tout.csv"
    assert main(["export", "csv", "-o", str(out), "--data-dir", data_dir, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 2
    bad = main(["export", "csv", "-o", str(tmp_path / "nope" / "x.csv"), "--data-dir", data_dir])
    assert bad == 2 and "n'existe pas" in capsys.readouterr().err
    assert (
        main(
            [
                *("reimbursements", "received", "B-P-CINE-LUX-2026-03"),
                *("--date", "31/02/2026", "--data-dir", data_dir),
            ]
        )
        == 2
    )
    assert "illisible" in capsys.readouterr().err


def pdf_text_of(path: Path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return " ".join(text.split())  # a cell's text may wrap over lines


def render_first_page(path: Path, png: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        document[0].render(scale=1.5).to_pil().save(png)
    finally:
        document.close()


def test_the_statement_pdf_has_the_periods_the_chart_and_the_differences(
    cinema_till: Till, region, fixed_now, statements: StatementServer, tmp_path: Path
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    lines = region_lines(cinema_till)
    statements.body = statement(cinema_till, region, lines[:1], paid=500)
    cinema_till.sync()
    target = tmp_path / "releve.pdf"
    from pos_app.back_office.statement_pdf import write_statement_pdf

    write_statement_pdf(cinema_till, target)
    text = pdf_text_of(target)
    for expected in (
        "Relevé des remboursements Atouts",
        "Cinéma Lux (Caen)",
        "SIRET 90112233300015",
        "mars 2026",
        "VIR-2026-0410-LUX",
        "10,50",  # the till's total
        "absente du décompte de la Région",
        "Compté par la Région",  # the chart's legend
        "Paiement supérieur au décompte de la Région : 0,50",
    ):
        assert expected in text, expected
    assert "\u25a0" not in text  # no black box for a character the font lacks
    render_first_page(target, tmp_path / "releve.png")
    assert (tmp_path / "releve.png").stat().st_size > 10_000


def test_the_dispute_letter_names_the_transfer_the_transactions_and_the_deadline(
    cinema_till: Till, region, fixed_now, statements: StatementServer, tmp_path: Path, monkeypatch
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    lines = region_lines(cinema_till)
    statements.body = statement(cinema_till, region, lines[:1])
    cinema_till.sync()
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-04-20T10:00:00+02:00")
    from pos_app.back_office.dispute_letter import write_dispute_letter

    target = tmp_path / "contestation.pdf"
    write_dispute_letter(cinema_till, target, "2026-03")
    text = pdf_text_of(target)
    for expected in (
        "Lettre recommandée avec accusé de réception",
        "SIRET 90112233300015",
        "Abbaye aux Dames",
        "VIR-2026-0410-LUX",
        "10/04/2026",
        "au plus tard le 10/05/2026",
        lines[1].txn_id[:20],
        "4,50",
        "Caen, le 20/04/2026",
    ):
        assert expected in text, expected
    # Past the deadline the letter is refused with the reason, and no file is written.
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-05-11T10:00:00+02:00")
    late = tmp_path / "trop-tard.pdf"
    with pytest.raises(TillError) as refused:
        write_dispute_letter(cinema_till, late, "2026-03")
    assert refused.value.code == "dispute_closed" and "irrecevable" in refused.value.message
    assert not late.exists()


def test_nothing_to_dispute_when_the_region_paid_what_the_till_says(
    cinema_till: Till, region, fixed_now, statements: StatementServer, tmp_path: Path
) -> None:
    sell(cinema_till, region, fixed_now, "6")
    cinema_till.sync()
    statements.body = statement(cinema_till, region, region_lines(cinema_till))
    cinema_till.sync()
    from pos_app.back_office.dispute_letter import write_dispute_letter

    with pytest.raises(TillError) as refused:
        write_dispute_letter(cinema_till, tmp_path / "x.pdf", "2026-03")
    assert refused.value.code == "nothing_to_dispute"


def test_an_export_of_a_period_without_transactions_is_refused_and_writes_nothing(
    cinema_till: Till, region, fixed_now, tmp_path: Path
) -> None:
    sell(cinema_till, region, fixed_now, "6")
    target = tmp_path / "janvier.csv"
    with pytest.raises(TillError) as refused:
        export_csv(cinema_till, target, "2026-01")
    assert refused.value.code == "unknown_period"
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".janvier")]
