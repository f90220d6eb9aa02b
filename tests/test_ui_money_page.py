"""The reimbursements page (F8) driven like a partner would: a real till, statements signed with
the real Region key (`test_reimbursements_till`) or built by the real reference server."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit
from test_reimbursements_till import StatementServer, region_lines, sell, statement

from pos_app.back_office.reimbursements import Reimbursements
from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.services import Till
from pos_app.ui.main_window import MainWindow
from pos_app.ui.money_page import PERIOD, MoneyPage

BATCH = "B-P-CINE-LUX-2026-03"


@pytest.fixture
def statements(cinema_till: Till) -> StatementServer:
    server = StatementServer()
    cinema_till._client_factory = server.factory()  # the other calls still go to the server
    return server


def short_paid(till: Till, region, fixed_now, statements: StatementServer) -> None:
    """March: 6,00 € and 4,50 € sold; the Region counted only the 6,00 € one and paid it."""
    sell(till, region, fixed_now, "6", "4,50")
    till.sync()
    statements.body = statement(till, region, region_lines(till)[:1])
    till.sync()


def open_page(qtbot, till: Till, folder: Path) -> MoneyPage:
    page = MoneyPage(till, folder)
    qtbot.addWidget(page)
    page.resize(1366, 650)
    page.show()
    settle(qtbot, page)
    return page


def settle(qtbot, page: MoneyPage) -> None:
    """Wait for the page's reading and files (they run off the GUI thread)."""
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def text(widget) -> str:
    """What the widget says, its no-break spaces (12,50 €) as spaces."""
    return widget.text().replace("\u00a0", " ")


def row(page: MoneyPage, index: int) -> list[str]:
    return [text(page.table.item(index, c)) for c in range(page.table.columnCount())]


def test_a_short_payment_shows_its_gap_its_differences_and_a_deadline_a_week_away(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch, tmp_path: Path
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-05-05T10:00:00+02:00")  # 5 days left
    page = open_page(qtbot, cinema_till, tmp_path)
    assert page.table.rowCount() == 1
    assert row(page, 0) == [
        "mars 2026",
        "Atouts Culture et Sport",
        "⚠ écart",
        "10,50 €",
        "4,50 €",
        "4,50 €",
        "",
        "6,00 €",
    ]
    assert page.table.item(0, 2).background().color().name() == "#fbe3e3"  # and a word
    assert "1 avec écart" in text(page.summary) and "vous doit encore 6,00 €" in text(page.summary)
    # The wrong period is chosen at once: its batch, its difference with why, its deadline.
    assert page.selected() is page.views[0]
    assert text(page.detail_title) == "mars 2026 — Atouts Culture et Sport 2025-2026"
    batch = text(page.batch_label)
    assert BATCH in batch and "payé 4,50 € le 10/04/2026" in batch and "VIR-2026-0410-LUX" in batch
    assert "à confirmer" in batch
    assert page.differences.rowCount() == 1
    assert text(page.differences.item(0, 0)) == "14/03/2026 20:30"
    assert text(page.differences.item(0, 4)) == "6,00 €"
    assert text(page.differences.item(0, 5)) == "absente du décompte de la Région"
    assert "au plus tard le 10/05/2026 (encore 5 jour(s))" in text(page.deadline)
    assert text(page.deadline).startswith("⚠") and "#fff4d6" in page.deadline.styleSheet()
    assert page.letter_button.isVisible() and page.receipt_button.isVisible()
    assert page.chart.bars == [("03/26", 450, 450, 0)]
    assert "compté 4,50 €, payé 4,50 €" in page.chart.accessibleDescription().replace("\u00a0", " ")


def test_the_letter_is_written_then_past_the_deadline_no_longer_offered(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch, tmp_path: Path
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-04-20T10:00:00+02:00")
    page = open_page(qtbot, cinema_till, tmp_path / "Remboursements Atouts")
    assert "(encore 20 jour(s))" in text(page.deadline)
    assert not text(page.deadline).startswith("⚠")  # not yet a warning
    qtbot.mouseClick(page.letter_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert text(page.period_result).startswith("✔ Lettre écrite"), text(page.period_result)
    letter = tmp_path / "Remboursements Atouts" / "contestation-2026-03.pdf"
    written = pypdf.PdfReader(letter).pages[0].extract_text()
    assert "VIR-2026-0410-LUX" in written and "6,00" in written
    assert "au plus tard le 10/05/2026" in written
    page.write_letter()  # a second letter never replaces the first
    settle(qtbot, page)
    assert (tmp_path / "Remboursements Atouts" / "contestation-2026-03-2.pdf").exists()

    monkeypatch.setenv(ENV_NOW, "2026-05-11T10:00:00+02:00")
    page.refresh()
    settle(qtbot, page)
    assert not page.letter_button.isVisible()
    assert text(page.deadline).startswith("✖ Contestation plus recevable.")
    assert "irrecevable" in text(page.deadline)
    assert row(page, 0)[2] == "⚠ écart"  # still wrong, said so, nothing to send


def test_a_letter_asked_for_after_the_deadline_passed_says_why(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch, tmp_path: Path
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-05-10T10:00:00+02:00")  # the last day
    page = open_page(qtbot, cinema_till, tmp_path)
    assert "Dernier jour pour contester" in text(page.deadline)
    monkeypatch.setenv(ENV_NOW, "2026-05-11T00:10:00+02:00")  # the page stayed open overnight
    page.write_letter()
    settle(qtbot, page)
    assert "irrecevable" in text(page.period_result)
    assert not list(tmp_path.glob("*.pdf"))
    assert not page.letter_button.isVisible()  # read again: no longer offered


def test_confirming_the_day_of_receipt_moves_the_deadline(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch, tmp_path: Path
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-05-05T10:00:00+02:00")
    page = open_page(qtbot, cinema_till, tmp_path)
    assert not page.receipt_row.isVisible()
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    assert page.receipt_row.isVisible()  # inline, no dialog
    assert page.receipt_date.date() == QDate(2026, 4, 10)  # the Region's payment date
    assert page.receipt_date.minimumDate() == QDate(2026, 4, 10)
    assert page.receipt_date.maximumDate() == QDate(2026, 5, 5)
    page.receipt_date.setDate(QDate(2026, 4, 12))
    qtbot.mouseClick(page.receipt_save, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert text(page.period_result) == "✔ Réception du virement notée au 12/04/2026."
    assert not page.receipt_row.isVisible()
    assert "au plus tard le 12/05/2026 (encore 7 jour(s))" in text(page.deadline)
    assert "Reçu sur le compte le 12/04/2026 (date confirmée)" in text(page.batch_label)
    [march] = Reimbursements(cinema_till).periods()
    assert march.dispute is not None and march.dispute.deadline == date(2026, 5, 12)


def test_csv_and_pdf_go_to_the_folder_and_an_unwritable_one_is_said_in_french(
    qtbot, cinema_till: Till, region, fixed_now, statements, tmp_path: Path
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    folder = tmp_path / "Documents" / "Remboursements Atouts"  # made on first use
    page = open_page(qtbot, cinema_till, folder)
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    assert text(page.file_result) == "Export CSV en cours…"
    settle(qtbot, page)
    written = folder / "remboursements-2026-03.csv"
    assert text(page.file_result) == f"✔ CSV écrit (2 transaction(s)) : {written}"
    rows = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) == 3 and rows[1][0] == "2026-03"
    page.all_periods.setChecked(True)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    statement_pdf = folder / "releve-remboursements-toutes-periodes.pdf"
    assert text(page.file_result) == f"✔ Relevé PDF écrit : {statement_pdf}"
    assert (
        "Relevé des remboursements Atouts" in pypdf.PdfReader(statement_pdf).pages[0].extract_text()
    )

    page.folder_field.setText("/sys")  # exists, refuses writing (even to root)
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert text(page.file_result).startswith("✖ Écriture refusée dans /sys"), text(page.file_result)
    page.folder_field.setText(str(written / "sub"))  # a file where the folder should be
    page.export_pdf()
    settle(qtbot, page)
    assert text(page.file_result).startswith("✖ Impossible de créer le dossier")
    assert sorted(p.name for p in folder.iterdir()) == [
        "releve-remboursements-toutes-periodes.pdf",
        "remboursements-2026-03.csv",
    ]  # nothing half-written beside them


def test_the_states_of_a_real_region_pending_settled_and_open(
    qtbot, cinema_till: Till, region, fixed_now, monkeypatch, tmp_path: Path
) -> None:
    state, _ = region
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    now = "2026-04-10T10:00:00+02:00"
    monkeypatch.setenv(ENV_NOW, now)  # till and Region: March is counted
    cinema_till.sync()
    cinema_till.charge(
        state.qr_payload("B001", fixed_now.fromisoformat(now)), "spectacle", "3", id_checked=True
    )
    cinema_till.sync()
    page = open_page(qtbot, cinema_till, tmp_path)
    assert [row(page, r)[:3] for r in range(2)] == [
        ["avril 2026", "Atouts Culture et Sport", "… en cours"],  # newest first
        ["mars 2026", "Atouts Culture et Sport", "◷ en attente"],
    ]
    page.select_period("2026-03")
    assert "comptabilisé" in text(page.batch_label) or "mis en paiement" in text(page.batch_label)
    assert "paiement attendu au plus tard le" in text(page.batch_label)
    batch_id = page.views[1].check.batch.id
    region_dir = str(tmp_path / "region")
    assert main(["region-sim", "reimbursements", "pay", batch_id, "--data-dir", region_dir]) == 0
    cinema_till.sync()
    page.refresh()
    settle(qtbot, page)
    assert row(page, 1)[2:6] == ["✔ réglée", "10,50 €", "10,50 €", "10,50 €"]
    assert page.selected() is page.views[1]  # the chosen period stays chosen
    assert "Aucune transaction ne diffère" in text(page.no_difference)
    assert not page.letter_button.isVisible() and not page.receipt_button.isVisible()


def test_nothing_yet(qtbot, cinema_till: Till, tmp_path: Path) -> None:
    page = open_page(qtbot, cinema_till, tmp_path)
    assert page.table.rowCount() == 0
    assert text(page.summary).startswith("Aucune période pour l'instant")
    assert text(page.detail_title) == ""
    assert not page.csv_button.isEnabled() and not page.pdf_button.isEnabled()
    assert not page.letter_button.isVisible() and not page.receipt_button.isVisible()


def test_f8_the_badge_the_notice_the_tab_order_and_the_names(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch
) -> None:
    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-05-05T10:00:00+02:00")
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()  # offscreen, a shown window is not active: no shortcut without this
    qtbot.waitUntil(window.isActiveWindow)
    button = window._nav_buttons["money"]
    qtbot.waitUntil(lambda: window.money_notice.count == 1, timeout=10_000)  # after first paint
    assert button.text() == "⚠ Remboursements (F8) · 1"
    notice = text(window.status_strip.warnings)
    assert "contestation de mars 2026 possible jusqu'au 10/05/2026 seulement" in notice
    assert "(écart 6,00 €)" in notice and window.status_strip.warnings.isVisibleTo(window)
    assert window.current_page() == "counter"  # nothing stands between the cashier and a scan
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F8)  # keyboard
    assert window.current_page() == "money"
    page = window.page("money")
    settle(qtbot, page)
    assert page.table.hasFocus()
    visited = []
    for _ in range(6):
        visited.append(QApplication.focusWidget().accessibleName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert visited[:4] == [
        "Périodes de remboursement, la plus récente d'abord",
        "Transactions qui diffèrent",
        "Écrire la lettre de contestation en PDF, à envoyer en recommandé",
        "Indiquer le jour où le virement est arrivé sur le compte",
    ], visited
    controls = [
        w for kind in (QAbstractButton, QLineEdit, QComboBox) for w in page.findChildren(kind)
    ]
    nameless = [
        w
        for w in controls
        if not w.objectName().startswith("qt_")
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text().strip())
    ]
    assert nameless == []
    window.show_page("counter")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # touch
    assert window.current_page() == "money"
    # The partner confirms a later receipt: the deadline leaves the week, the strip goes quiet.
    page.ask_receipt()
    page.receipt_date.setDate(QDate(2026, 4, 20))
    page.confirm_receipt()
    qtbot.waitUntil(lambda: "Remboursements" not in window.status_strip.warnings.text())
    assert button.text() == "⚠ Remboursements (F8) · 1"  # still a gap to dispute


def test_a_new_statement_at_sync_refreshes_the_page(
    qtbot, cinema_till: Till, region, fixed_now, statements, monkeypatch
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    window.show_page("money")
    page = window.page("money")
    settle(qtbot, page)
    assert row(page, 0)[2] == "… en cours"
    statements.body = statement(cinema_till, region, region_lines(cinema_till)[:1])
    window.on_sync()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: row(page, 0)[2] == "⚠ écart", timeout=10_000)
    assert window._nav_buttons["money"].text().startswith("⚠")


def test_the_page_in_english(
    qtbot, qapp, cinema_till: Till, region, fixed_now, statements, monkeypatch, tmp_path: Path
) -> None:
    from pos_app.ui import translations

    short_paid(cinema_till, region, fixed_now, statements)
    monkeypatch.setenv(ENV_NOW, "2026-05-05T10:00:00+02:00")
    assert translations.install_translator(qapp, "en")
    try:
        page = open_page(qtbot, cinema_till, tmp_path)
        assert row(page, 0)[PERIOD] == "March 2026"
        assert row(page, 0)[2:4] == ["⚠ gap", "€10.50"]
        assert text(page.letter_button) == "Dispute letter (PDF)"
        assert "by 10 May 2026" in text(page.deadline)
    finally:
        translations.install_translator(qapp, "fr")
