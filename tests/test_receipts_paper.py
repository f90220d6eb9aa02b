"""Receipts on paper: the mentions, ESC/POS bytes for 58 and 80 mm, PDF text, DUPLICATA,
ticket numbers without gaps, and printers or folders that fail without blocking anything."""

from __future__ import annotations

import errno
import json
import os
import re
import time
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from escpos.printer import Dummy
from printer_fakes import PrinterServer, closed_port, network

from pos_app import atomic_files
from pos_app.cli import main
from pos_app.counter_settings import CounterSettings, save_settings
from pos_app.domain.receipts import PAPER_COLUMNS, Style
from pos_app.printing.escpos_output import EURO_SIGN, receipt_bytes, render
from pos_app.printing.service import ReceiptService
from pos_app.services import Till, TillError
from pos_app.store.receipt_issues import issued_count

ESC, GS = b"\x1b", b"\x1d"


@pytest.fixture
def sale(cinema_till: Till, region, fixed_now):
    state, _ = region
    return cinema_till.charge(
        state.qr_payload("B002", fixed_now), "cinema", "12,50", operator="Camille"
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_the_receipt_carries_the_mentions_of_a_french_receipt(cinema_till: Till, sale) -> None:
    shown = ReceiptService(cinema_till).layout(sale.id)
    text = "\n".join(shown.plain())
    assert shown.lines[0].style is Style.TITLE and "CINÉMA LUX (CAEN)" in shown.lines[0].text
    assert "6 avenue Sainte-Thérèse" in text and "14000 Caen" in text
    assert "SIRET 901 122 333 00015" in text
    assert "Ticket n° 000001" in text
    device_id = cinema_till.status().device_id
    assert device_id and f"Caisse : {device_id}" in text
    assert "Article : Place de cinéma" in text and "Avantage : Cinéma" in text
    assert "Caissier : Camille" in text
    assert "12,50 €" in text and "Payé par l'avantage" in text
    assert "Reste à payer" in text and "autre moyen de paiement" in " ".join(text.split())
    assert sale.id in text.replace("-\n", "-") and "DUPLICATA" not in text
    assert "Bernard" not in text and "Hugo B." in text  # the family name's initial only


def test_the_time_is_the_schemes_to_the_minute(cinema_till: Till, sale) -> None:
    local = sale.created_at.astimezone(cinema_till.schemes[sale.scheme_id].zone)
    text = "\n".join(ReceiptService(cinema_till).layout(sale.id).plain())
    assert f"Le {local:%d/%m/%Y} à {local:%H:%M}" in text


@pytest.mark.parametrize("paper", [58, 80])
def test_escpos_bytes_for_58_and_80_mm(cinema_till: Till, sale, paper: int) -> None:
    columns = PAPER_COLUMNS[paper]
    shown = ReceiptService(cinema_till).layout(sale.id, width=columns, euro_sign=EURO_SIGN)
    for line in shown.lines:
        limit = columns // 2 if line.style is Style.TITLE else columns
        assert len(line.text) <= limit, line
    data = receipt_bytes(shown)
    assert data.startswith(ESC + b"@" + ESC + b"t\x02")  # initialise, code page 850
    title = ESC + b"!\x00" + ESC + b"!\x30" + ESC + b"E\x01"  # double size, bold
    assert re.search(re.escape(title) + b" *CIN\x90MA LUX", data)
    assert "SIRET 901 122 333 00015\n".encode("cp850") in data
    assert ESC + b"E\x01" + "Ticket n° 000001".encode("cp850") + b"\n" + ESC + b"E\x00" in data
    price = "Prix" + " " * (columns - 4 - len("12,50 EUR")) + "12,50 EUR"
    assert (price + "\n").encode("cp850") in data
    assert "Payé".encode("cp850") == b"Pay\x82"
    assert data.endswith(ESC + b"d\x06" + GS + b"V\x01")  # feed, then partial cut
    # The same bytes as escpos's own Dummy printer gets (what a real device is sent).
    dummy = Dummy()
    render(shown, dummy)
    assert dummy.output == data


def test_a_receipt_prints_on_a_network_printer_and_a_reprint_says_duplicata(
    cinema_till: Till, sale, printer_server: PrinterServer
) -> None:
    service = ReceiptService(cinema_till)
    first = service.print_receipt(sale.id[:8], network(printer_server.port, 58))
    assert (first.txn_id, first.duplicate, first.warning) == (sale.id, False, "")
    again = service.print_receipt(sale.id, network(printer_server.port, 58), operator="Noé")
    assert again.duplicate
    jobs = printer_server.wait_jobs(2)
    assert b"DUPLICATA" not in jobs[0] and b"Ticket n\xf8 000001" in jobs[0]
    assert b"*** DUPLICATA ***" in jobs[1]
    assert cinema_till.with_store(lambda store: issued_count(store.conn, sale.id)) == 2


def test_an_unreachable_printer_says_so_in_french_quickly_and_loses_nothing(
    cinema_till: Till, sale
) -> None:
    service = ReceiptService(cinema_till)
    started = time.monotonic()
    with pytest.raises(TillError) as refused:
        service.print_receipt(sale.id, network(closed_port()))
    assert time.monotonic() - started < 2
    assert refused.value.code == "printer_unreachable" and refused.value.exit_code == 1
    assert "injoignable" in refused.value.message and "127.0.0.1" in refused.value.message
    assert "bien enregistrée" in refused.value.message
    assert cinema_till.history()[0].transaction.id == sale.id  # the sale is still there
    assert cinema_till.with_store(lambda store: issued_count(store.conn, sale.id)) == 0
    assert not service.layout(sale.id).duplicate  # the next try is still the original


def test_no_printer_or_a_bad_setting_is_refused_in_french(cinema_till: Till, sale) -> None:
    service = ReceiptService(cinema_till)
    with pytest.raises(TillError) as none:
        service.print_receipt(sale.id, CounterSettings())
    assert none.value.code == "no_printer" and "Réglages" in none.value.message
    with pytest.raises(TillError) as bad:
        service.print_receipt(sale.id, CounterSettings(printer_kind="usb", printer_usb="epson"))
    assert bad.value.code == "printer_setting_invalid" and "04b8:0202" in bad.value.message


def test_the_pdf_reads_back_with_its_mentions_and_a_second_one_is_a_duplicata(
    cinema_till: Till, sale, tmp_path: Path
) -> None:
    service = ReceiptService(cinema_till)
    first = service.save_pdf(sale.id, tmp_path / "recu.pdf")
    text = pdf_text(tmp_path / "recu.pdf")
    for mention in ("CINÉMA LUX (CAEN)", "SIRET 901 122 333 00015", "Ticket n° 000001",
                    "12,50 €", "Reste à payer", "Caissier : Camille", sale.id):  # fmt: skip
        assert mention in text
    assert "DUPLICATA" not in text and not first.duplicate
    second = service.save_pdf(sale.id, tmp_path / "recu-2.pdf")
    assert second.duplicate and "DUPLICATA" in pdf_text(tmp_path / "recu-2.pdf")
    assert sorted(p.name for p in tmp_path.glob("*.pdf*")) == ["recu-2.pdf", "recu.pdf"]


def test_a_void_has_its_own_ticket_that_names_the_sale_it_cancels(
    cinema_till: Till, sale, tmp_path: Path
) -> None:
    undo = cinema_till.void(sale.id, "erreur de tarif")
    text = "\n".join(ReceiptService(cinema_till).layout(undo.id).plain())
    assert "ANNULATION" in text and "Ticket n° 000002" in text
    assert "Annule le ticket n° 000001" in text and "erreur de tarif" in text


def test_ticket_numbers_have_no_gaps_even_after_a_refused_write(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    payload = state.qr_payload("B002", fixed_now)
    first = cinema_till.charge(payload, "cinema", "1")
    undo = cinema_till.void(first.id, "erreur")
    with pytest.raises(TillError):  # the same transaction twice: refused, rolled back
        cinema_till._record(first)
    second = cinema_till.charge(payload, "cinema", "2")
    third = cinema_till.charge(payload, "spectacle", "3")
    service = ReceiptService(cinema_till)
    tickets = [service.layout(t.id).ticket for t in (first, undo, second, third)]
    assert tickets == [1, 2, 3, 4]
    assert [e.seq for e in cinema_till.history()] == [4, 3, 2, 1]


def test_an_unwritable_folder_gives_a_french_error_and_leaves_no_file(
    cinema_till: Till, sale, tmp_path: Path
) -> None:
    service = ReceiptService(cinema_till)
    with pytest.raises(TillError) as protected:  # /sys refuses new files, even to root
        service.save_pdf(sale.id, "/sys/recu.pdf")
    assert protected.value.code == "pdf_not_written" and "protégé" in protected.value.message
    assert not Path("/sys/recu.pdf").exists()
    with pytest.raises(TillError) as missing:
        service.save_pdf(sale.id, tmp_path / "nulle-part" / "recu.pdf")
    assert "n'existe pas" in missing.value.message
    assert cinema_till.with_store(lambda store: issued_count(store.conn, sale.id)) == 0


def test_a_full_disk_leaves_no_half_written_pdf(
    cinema_till: Till, sale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "recus"
    folder.mkdir()
    (folder / "recu.pdf").write_bytes(b"the previous file")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_files.os, "fsync", disk_full)
    with pytest.raises(TillError) as full:
        ReceiptService(cinema_till).save_pdf(sale.id, folder / "recu.pdf")
    assert "disque est plein" in full.value.message
    assert os.listdir(folder) == ["recu.pdf"]  # no temporary file left beside it
    assert (folder / "recu.pdf").read_bytes() == b"the previous file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_folder_leaves_no_file(cinema_till: Till, sale, tmp_path: Path) -> None:
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(TillError):
            ReceiptService(cinema_till).save_pdf(sale.id, folder / "recu.pdf")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_short_reference_finds_the_sale_and_an_unknown_one_is_refused(
    cinema_till: Till, sale
) -> None:
    service = ReceiptService(cinema_till)
    assert service.resolve(sale.id[:8]) == sale.id
    assert service.resolve(sale.id[:8].upper()) == sale.id
    for wrong in ("1234", "zzzzzzzz", "00000000"):
        with pytest.raises(TillError) as unknown:
            service.resolve(wrong)
        assert unknown.value.code == "unknown_transaction"


def test_the_cli_saves_and_prints_receipts(
    cinema_till: Till, sale, tmp_path: Path, printer_server: PrinterServer, capsys
) -> None:
    data_dir = str(cinema_till.data_dir)
    cinema_till.close()  # the CLI opens the till itself
    out = tmp_path / "r.pdf"
    assert main(["receipt", "pdf", sale.id[:8], "-o", str(out), "--data-dir", data_dir,
                 "--json"]) == 0  # fmt: skip
    answer = json.loads(capsys.readouterr().out)
    assert answer == {"ok": True, "transaction": sale.id, "ticket": 1, "duplicate": False,
                      "output": "pdf", "file": str(out)}  # fmt: skip
    assert "SIRET" in pdf_text(out)
    assert main(["receipt", "print", sale.id, "--data-dir", data_dir]) == 1
    assert "Aucune imprimante" in capsys.readouterr().err
    save_settings(data_dir, network(printer_server.port, 58))
    assert main(["receipt", "print", sale.id, "--duplicate", "--data-dir", data_dir]) == 0
    said = capsys.readouterr().out
    assert "DUPLICATA" in said and "127.0.0.1" in said
    assert b"DUPLICATA" in printer_server.wait_jobs(1)[0]
    assert main(["receipt", "pdf", "nope", "-o", str(out), "--data-dir", data_dir]) == 2
    assert "Transaction inconnue" in capsys.readouterr().err
    assert main(["receipt", "pdf", sale.id, "--data-dir", data_dir]) == 2  # -o is required
    capsys.readouterr()
    save_settings(data_dir, replace(network(closed_port()), paper_width=80))
    assert main(["receipt", "print", sale.id, "--data-dir", data_dir, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "printer_unreachable"
