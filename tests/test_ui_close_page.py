"""The close page (F7) driven like a partner would, and the unclosed-day notice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from close_fixtures import MovingClock, enrolled_till, paris, record_sale
from PySide6.QtCore import Qt

from pos_app.back_office.closes import DailyCloses
from pos_app.clock import ENV_NOW
from pos_app.ui.close_page import ClosePage
from pos_app.ui.main_window import MainWindow


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(paris("2026-03-10T18:00"))


@pytest.fixture
def page(qtbot, tmp_path: Path, clock: MovingClock):
    with enrolled_till(tmp_path / "till", clock) as till:
        record_sale(till, paris("2026-03-09T10:00"), 900)  # a day left unclosed
        record_sale(till, paris("2026-03-10T10:00"), 1250, operator="Noé")
        shown = ClosePage(till, tmp_path)
        qtbot.addWidget(shown)
        shown.resize(1366, 700)
        shown.show()
        yield shown


def test_the_day_left_open_first_then_today_each_in_two_presses(page: ClosePage, qtbot) -> None:
    # In the morning's view the day left open comes first.
    assert "09/03/2026" in page.today_title.text()
    summary = page.today_summary.text()
    assert summary.startswith("Non clôturée (journée passée) : 1 vente(s)") and "9,00" in summary
    assert page.close_button.text() == "Clôturer la journée du 09/03/2026"
    assert page.report.toPlainText().startswith("APERÇU — NON CLÔTURÉ")
    assert page.table.rowCount() == 0
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0 and "définitive" in page.close_button.text()
    assert page.cancel_button.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.cancel_button.isVisible()
    assert page.close_button.text() == "Clôturer la journée du 09/03/2026"
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert "Clôture faite : n° 1." in page.result.text()
    # Now today, running.
    assert "10/03/2026" in page.today_title.text()
    assert page.today_summary.text().startswith("En cours, non clôturée : 1 vente(s)")
    assert "12,50" in page.today_summary.text()
    page.on_close()
    page.on_close()
    assert "Clôture faite : n° 2." in page.result.text()
    assert [page.table.item(r, 0).text() for r in range(2)] == ["2", "1"]  # newest first
    assert not page.close_button.isEnabled() and "déjà clôturée" in page.close_button.text()
    assert "Clôture journalière n° 2" in page.report.toPlainText()


def test_pdf_export_and_an_unwritable_target(page: ClosePage, qtbot, tmp_path: Path) -> None:
    page.export_pdf()
    assert "Choisissez d'abord" in page.pdf_result.text()
    page.closes.close()
    page.refresh()
    page.table.selectRow(0)  # the newest: n° 2, the 10th
    assert page.pdf_path.text().endswith("cloture-J0002-2026-03-10.pdf")
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert page.pdf_result.text().startswith("✔ PDF écrit")
    written = tmp_path / "cloture-J0002-2026-03-10.pdf"
    assert "Journée du 10/03/2026" in pypdf.PdfReader(written).pages[0].extract_text()
    page.pdf_path.setText("/sys/z.pdf")
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert page.pdf_result.text().startswith("✖ Impossible d'écrire le fichier /sys/z.pdf")


def test_a_broken_chain_is_said_on_the_page(page: ClosePage) -> None:
    page.closes.close()
    conn = page.closes.store.conn
    conn.execute("DROP TRIGGER closes_no_update")
    conn.execute("UPDATE closes SET hash = 'x' WHERE chain = 1")
    page.refresh()
    assert "ont été modifiées" in page.today_summary.text()
    assert not page.close_button.isEnabled() and page.table.rowCount() == 0


def test_f7_opens_the_page_and_the_next_days_first_sale_says_the_day_is_unclosed(
    qtbot, cinema_till, region, fixed_now, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # offscreen, a shown window is not active: no shortcut without this
    qtbot.waitUntil(window.isActiveWindow)
    cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "4")
    window.refresh_status()
    assert "n'est pas clôturée" not in window.status_strip.warnings.text()
    tomorrow = fixed_now + timedelta(days=1)
    monkeypatch.setenv(ENV_NOW, tomorrow.isoformat())
    cinema_till.charge(state.qr_payload("B002", tomorrow), "cinema", "3")
    window.refresh_status()  # what the window does after each sale
    notice = window.status_strip.warnings.text()
    assert f"La journée du {fixed_now:%d/%m/%Y} n'est pas clôturée" in notice
    assert window.status_strip.warnings.isVisibleTo(window)
    qtbot.mouseClick(window._nav_buttons["close"], Qt.MouseButton.LeftButton)  # touch
    assert window.current_page() == "close"
    window.show_page("counter")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F7)  # keyboard
    assert window.current_page() == "close"
    close_page = window.page("close")
    assert f"{fixed_now:%d/%m/%Y}" in close_page.today_title.text()
    assert close_page.today_summary.text().startswith("Non clôturée (journée passée)")
    close_page.on_close()
    close_page.on_close()
    assert "n'est pas clôturée" not in window.status_strip.warnings.text()
    assert [c.period for c in DailyCloses(cinema_till).closes()] == [fixed_now.date().isoformat()]
    assert close_page.today_summary.text().startswith("En cours, non clôturée : 1 vente(s)")


def test_a_close_prints_on_the_ticket_printer_and_a_missing_one_is_said(
    page: ClosePage, qtbot, printer_server
) -> None:
    from printer_fakes import network

    from pos_app.counter_settings import save_settings

    page.on_close()
    page.on_close()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.printing.finished):
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert "Aucune imprimante de tickets" in page.pdf_result.text()
    save_settings(page.closes.till.data_dir, network(printer_server.port, 80))
    with qtbot.waitSignal(page.printing.finished, timeout=10_000):
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert (
        "Ticket de clôture n° 1" in page.pdf_result.text() and "127.0.0.1" in page.pdf_result.text()
    )
    [job] = printer_server.wait_jobs(1)
    assert b"Cl\x93ture journali\x8are n\xf8 1" in job
