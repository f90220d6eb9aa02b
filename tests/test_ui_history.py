"""The history page driven like a cashier would, on a real till holding real sales."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from pos_app.clock import ENV_NOW
from pos_app.domain.model import TxnKind
from pos_app.services import Till
from pos_app.ui.history_page import (
    AMOUNT,
    BENEFIT,
    CASHIER,
    LEFT,
    NAME,
    PRICE,
    STATE,
    TIME,
    HistoryPage,
)


@pytest.fixture
def today(fixed_now):
    """The day the history is looked at: the day after the training date."""
    return fixed_now + timedelta(days=1)


@pytest.fixture
def sales(cinema_till: Till, region, fixed_now, today, monkeypatch: pytest.MonkeyPatch) -> Till:
    """Yesterday one sale; today two (Hugo's cinema, then Léa's paper support)."""
    state, _ = region
    cinema_till.charge(state.qr_payload("B002", fixed_now), "spectacle", "5", operator="Noé")
    monkeypatch.setenv(ENV_NOW, today.isoformat())
    cinema_till.charge(state.qr_payload("B002", today), "cinema", "4", operator="Camille")
    cinema_till.charge(
        state.qr_payload("B001", today), "cinema", "7,50", operator="Noé", id_checked=True
    )
    return cinema_till


def make_page(qtbot, till: Till, who: str = "Camille") -> HistoryPage:
    page = HistoryPage(till, lambda: who)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.activateWindow()  # offscreen, a shown window is not active: no focus without this
    qtbot.waitUntil(page.isActiveWindow)
    return page


def column(page: HistoryPage, index: int) -> list[str]:
    return [page.table.item(row, index).text() for row in range(page.table.rowCount())]


def shot(page: QWidget, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ATOUTS_SHOTS_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let the layout settle, as it does on screen
    assert page.grab().save(str(folder / f"{name}.png"))


def test_today_newest_first_then_all_days(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales)
    assert column(page, NAME) == ["Léa Martin-Lefèvre", "Hugo Bernard"]
    assert column(page, AMOUNT) == ["7,50\xa0€", "4,00\xa0€"]
    assert column(page, BENEFIT) == ["Cinéma", "Cinéma"]
    assert column(page, CASHIER) == ["Noé", "Camille"]
    assert set(column(page, STATE)) == {"○ En attente d'envoi"}
    assert page.count_label.text() == "Aujourd'hui : 2 vente(s)"
    page.all_days_box.setFocus()
    qtbot.keyClick(page.all_days_box, Qt.Key.Key_Space)
    assert page.table.rowCount() == 3 and "/" in column(page, TIME)[2]  # day shown too
    assert column(page, CASHIER)[2] == "Noé"


def test_each_row_shows_price_benefit_part_and_left_to_pay_and_the_totals_in_euros(
    qtbot, sales: Till, region, today
) -> None:
    """Issue 15 item 10: not only the benefit's part, and totals in euros for what is listed."""
    state, _ = region
    sales.charge(state.qr_payload("B002", today), "cinema", "5", operator="Noé")  # 2 € left
    page = make_page(qtbot, sales)
    assert page.table.horizontalHeaderItem(PRICE).text() == "Prix"
    assert page.table.horizontalHeaderItem(LEFT).text() == "Reste à payer"
    assert column(page, NAME)[0] == "Hugo Bernard"
    assert column(page, PRICE)[0] == "5,00\xa0€"
    assert column(page, AMOUNT)[0] == "2,00\xa0€"
    assert column(page, LEFT)[0] == "3,00\xa0€"
    totals = page.totals_label.text()
    assert page.totals_label.isVisible()
    assert "3 vente(s)" in totals and "prix 16,50\xa0€" in totals
    assert "payé par les avantages 13,50\xa0€" in totals and "reste à payer 3,00\xa0€" in totals

    page.select(column_id(page, "Léa Martin-Lefèvre"))
    page.ask_void()
    page.reason_field.setText("Erreur de montant")
    page.confirm_void()
    totals = page.totals_label.text()  # the void takes its sale back
    assert "2 vente(s)" in totals and "prix 9,00\xa0€" in totals
    assert "payé par les avantages 6,00\xa0€" in totals and "reste à payer 3,00\xa0€" in totals

    qtbot.keyClicks(page.search_field, "zzz-personne")
    qtbot.waitUntil(lambda: page.table.rowCount() == 0)
    assert not page.totals_label.isVisible()


def column_id(page: HistoryPage, name: str) -> str:
    row = column(page, NAME).index(name)
    return page.entries[row].transaction.id


def test_search_filters_as_you_type_and_says_when_nothing_matches(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales)
    qtbot.keyClicks(page.search_field, "camil")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert column(page, NAME) == ["Hugo Bernard"]
    assert "Bernard" not in page.receipt_view.toPlainText()  # the family name's initial only
    assert "Hugo B." in page.receipt_view.toPlainText()
    qtbot.keyClicks(page.search_field, "le dupont")
    qtbot.waitUntil(lambda: page.empty_label.isVisible())
    assert not page.table.isVisible()
    assert "Aucune vente ne correspond à « camille dupont »" in page.empty_label.text()
    assert "Tous les jours" in page.empty_label.text()
    assert not page.void_button.isEnabled() and page.receipt_view.toPlainText() == ""
    qtbot.keyClick(page.search_field, Qt.Key.Key_Escape)  # clears the search
    assert page.search_field.text() == "" and page.table.rowCount() == 2
    qtbot.keyClicks(page.search_field, "7,50")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)  # straight to the table
    assert page.table.rowCount() == 1 and page.table.hasFocus()


def test_a_refresh_reads_the_selected_sale_once(
    qtbot, sales: Till, region, today, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing in the search refreshes the table each time: the selected sale's receipt and
    void check are read once per refresh, not once per signal."""
    page = make_page(qtbot, sales)
    reads: list[str] = []
    for name in ("receipt", "can_void"):
        original = getattr(sales, name)
        monkeypatch.setattr(
            sales, name, lambda txn_id, _f=original, _n=name: reads.append(_n) or _f(txn_id)
        )
    page.refresh_table()  # the same row stays selected
    assert sorted(reads) == ["can_void", "receipt"]
    selected = page.selected_id()
    state, _ = region
    sales.charge(state.qr_payload("B002", today), "cinema", "1", operator="Camille")
    reads.clear()
    page.refresh_table()  # a new sale on top: the selected one moves down a row
    assert page.selected_id() == selected and page.table.currentRow() == 1
    assert sorted(reads) == ["can_void", "receipt"]


def test_the_receipt_is_shown_and_copied(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales)
    page.table.selectRow(1)
    entry = page.selected_entry()
    assert entry is not None and entry.transaction.holder_name == "Hugo Bernard"
    receipt = sales.receipt(entry.transaction.id)
    shown = page.receipt_view.toPlainText()  # Qt shows the no-break spaces as spaces
    assert shown.replace("\xa0", " ") == "\n".join(receipt).replace("\xa0", " ")
    assert page.receipt_view.font().fixedPitch() or page.receipt_view.font().family()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.replace("\xa0", " ") == "\n".join(receipt).replace("\xa0", " ")
    assert page.message_label.text().startswith("✔ Reçu")


def test_void_by_keyboard_with_a_listed_reason(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales, who="Camille")
    page.table.setFocus()
    page.table.selectRow(1)  # Hugo's 4 €
    original = page.selected_id()
    qtbot.keyClick(page.void_button, Qt.Key.Key_Space)
    assert page.void_panel.isVisible() and page.reason_field.hasFocus()
    assert "4,00" in page.void_question.text()
    qtbot.mouseClick(page.reason_buttons[0], Qt.MouseButton.LeftButton)
    assert page.reason_field.text() == "Erreur de montant" and page.reason_field.hasFocus()
    with qtbot.waitSignal(page.voided) as signal:
        qtbot.keyClick(page.reason_field, Qt.Key.Key_Return)
    undo = signal.args[0]
    assert undo.kind is TxnKind.VOID and undo.voids == original and undo.operator == "Camille"
    assert not page.void_panel.isVisible()
    assert page.selected_id() == undo.id  # the void's own receipt is shown
    assert "ANNULATION" in page.receipt_view.toPlainText()
    assert "4,00" in page.message_label.text()
    assert column(page, BENEFIT)[0] == "↩ Annulation" and column(page, AMOUNT)[0][0] == "-"
    assert "↩ Annulée" in column(page, STATE)
    assert page.table.item(0, BENEFIT).toolTip().startswith("Annulation — Cinéma")
    [(entry)] = [e for e in sales.history() if e.transaction.id == original]
    assert entry.voided_by == undo.id


def test_void_with_free_text_and_escape_gives_up(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales)
    page.table.selectRow(0)
    page.ask_void()
    qtbot.keyClicks(page.reason_field, "client parti")
    qtbot.keyClick(page.reason_field, Qt.Key.Key_Escape)
    assert not page.void_panel.isVisible() and page.table.hasFocus()
    assert all(e.voided_by is None for e in sales.history())
    page.ask_void()
    qtbot.keyClicks(page.reason_field, "client parti")
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert sales.history()[0].transaction.reason == "client parti"


def test_escape_in_the_page_beats_the_window_shortcut(qtbot, sales: Till) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = HistoryPage(sales, lambda: "")
    window.setCentralWidget(page)
    fired = []
    QShortcut(QKeySequence(Qt.Key.Key_Escape), window, activated=lambda: fired.append(1))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.table.selectRow(0)
    page.ask_void()
    qtbot.keyClick(page.reason_field, Qt.Key.Key_Escape)
    assert not page.void_panel.isVisible() and fired == []


def refusal_shown(page: HistoryPage) -> str:
    """What the page tells of a refused void beside its greyed button ("" when it may)."""
    text = page.void_refusal_label.text() if page.void_refusal_label.isVisible() else ""
    assert page.void_button.toolTip() == text
    assert page.void_button.accessibleDescription() == text
    assert page.void_button.isEnabled() is (text == "")
    return text


def test_the_void_button_says_beforehand_when_the_rules_refuse(
    qtbot, sales: Till, today, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_NOW, (today + timedelta(minutes=1)).isoformat())
    page = make_page(qtbot, sales)
    page.all_days_box.setChecked(True)
    assert column(page, CASHIER) == ["Noé", "Camille", "Noé"]
    read = []
    entries = sales.store.entries
    monkeypatch.setattr(sales.store, "entries", lambda *a: read.append(a) or entries(*a))
    page.table.selectRow(2)  # yesterday's sale, 24 h and a minute ago
    assert refusal_shown(page).startswith("Annulation impossible après 24 h : faites un avoir")
    shot(page, "history-void-too-late", tmp_path)
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert not page.void_panel.isVisible()
    page.table.selectRow(1)  # Hugo's 4 € of today
    assert refusal_shown(page) == ""
    assert read == []  # a row picked reads that row, never the whole ledger
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.reason_field, "doublon")
    with qtbot.waitSignal(page.voided) as signal:
        qtbot.keyClick(page.reason_field, Qt.Key.Key_Return)
    assert page.selected_id() == signal.args[0].id  # the void itself
    assert refusal_shown(page) == "Seul un encaissement peut être annulé."
    assert page.message_label.text().startswith("✔ Vente annulée")
    page.select(signal.args[0].voids)
    assert refusal_shown(page) == "Cette transaction est déjà annulée."
    assert not page.message_label.text()  # not an error: nothing failed
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # Léa's 7,50 €
    assert page.selected_entry().transaction.holder_name == "Léa Martin-Lefèvre"
    assert refusal_shown(page) == ""


def test_a_missing_reason_is_said_inline(qtbot, sales: Till) -> None:
    page = make_page(qtbot, sales)
    page.table.selectRow(0)
    page.ask_void()
    qtbot.keyClick(page.reason_field, Qt.Key.Key_Return)  # no reason
    assert "Indiquez le motif" in page.message_label.text()
    assert page.void_panel.isVisible() and page.reason_field.hasFocus()
    assert sum(e.transaction.kind is TxnKind.VOID for e in sales.history()) == 0


def test_a_sale_that_ages_while_its_reason_is_typed_is_refused_inline(
    qtbot, sales: Till, today, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules decide at the confirmation too: the page may have been open for a while."""
    page = make_page(qtbot, sales)
    page.table.selectRow(0)
    page.ask_void()
    monkeypatch.setenv(ENV_NOW, (today + timedelta(days=2)).isoformat())
    qtbot.keyClicks(page.reason_field, "trop tard")
    qtbot.keyClick(page.reason_field, Qt.Key.Key_Return)
    assert page.message_label.text().startswith("✖ Annulation impossible après 24 h")
    assert not page.void_panel.isVisible() and page.table.hasFocus()
    assert refusal_shown(page).startswith("Annulation impossible après 24 h")
    assert sum(e.transaction.kind is TxnKind.VOID for e in sales.history()) == 0


def test_a_button_left_enabled_asks_again_before_opening(
    qtbot, sales: Till, today, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, sales)
    page.table.selectRow(1)
    assert refusal_shown(page) == ""
    monkeypatch.setenv(ENV_NOW, (today + timedelta(days=2)).isoformat())
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)  # picked two days ago
    assert not page.void_panel.isVisible()
    assert refusal_shown(page).startswith("Annulation impossible après 24 h")


def test_an_empty_till_says_so(qtbot, cinema_till: Till, tmp_path: Path) -> None:
    page = make_page(qtbot, cinema_till)
    assert page.empty_label.isVisible() and "Aucune vente aujourd'hui" in page.empty_label.text()
    assert not page.conflicts_box.isVisible()
    assert not page.void_button.isEnabled() and not page.copy_button.isEnabled()
    shot(page, "history-empty", tmp_path)


# --- the Region's refusals ---------------------------------------------------------------------


@pytest.fixture
def refused(cinema_till: Till, region, fixed_now, demo_seed, tmp_path: Path) -> Iterator[Till]:
    """A second till of the cinema spent Hugo's 6 € offline; the first till's sale won."""
    state, server = region
    hugo = state.qr_payload("B002", fixed_now)
    code = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")["enrollment_code"]
    with Till(tmp_path / "second") as second:
        second.enroll(server.url, "P-CINE-LUX", code)
        second.sync()
        server.stop()
        cinema_till.charge(hugo, "cinema", "6")
        second.charge(hugo, "cinema", "7", operator="Noé")
        second.charge(state.qr_payload("B001", fixed_now), "cinema", "3", id_checked=True)
        restarted = type(server)(state, server.port).start()
        try:
            cinema_till.sync()
            second.sync()
        finally:
            restarted.stop()
        yield second


def test_refusals_are_shown_apart_until_seen(qtbot, refused: Till, tmp_path: Path) -> None:
    counts: list[int] = []
    page = HistoryPage(refused, lambda: "Camille")
    page.conflicts_changed.connect(counts.append)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert page.conflicts_box.isVisible() and page.conflict_count == 1 and counts[-1] == 1
    assert "1 vente(s)" in page.conflicts_title.text()
    [(entry, message)] = refused.conflicts()
    texts = " ".join(
        label.text() for label in page.conflicts_box.findChildren(type(page.count_label))
    )
    assert "6,00\xa0€ non remboursés" in texts and message in texts and "Hugo Bernard" in texts
    assert "⚠ Refusée par la Région" in column(page, STATE)
    shot(page, "history-conflict", tmp_path)
    with qtbot.waitSignal(page.conflicts_changed) as signal:
        qtbot.mouseClick(page.ack_buttons[entry.transaction.id], Qt.MouseButton.LeftButton)
    assert signal.args == [0] and not page.conflicts_box.isVisible()
    assert refused.conflicts() == []
    by = refused.store.conn.execute(
        "SELECT acknowledged_by FROM outbox WHERE txn_id = ?", (entry.transaction.id,)
    ).fetchone()[0]
    assert by == "Camille"
    assert "⚠ Refusée par la Région (vu)" in column(page, STATE)  # still in the history
    page.select(entry.transaction.id)
    assert message in page.detail_label.text().replace("&amp;", "&")


def test_acknowledging_twice_is_said_inline(qtbot, refused: Till) -> None:
    page = make_page(qtbot, refused)
    [(entry, _)] = refused.conflicts()
    button = page.ack_buttons[entry.transaction.id]
    refused.acknowledge(entry.transaction.id, "Noé")  # seen meanwhile, elsewhere
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "rien à confirmer" in page.message_label.text()
    assert not page.conflicts_box.isVisible() and page.conflict_count == 0


def test_keyboard_reaches_every_action_and_each_has_a_name(qtbot, refused: Till) -> None:
    page = make_page(qtbot, refused)
    page.table.selectRow(0)
    page.ask_void()
    interactive = [page.search_field, page.all_days_box, page.table, page.void_button,
                   *page.receipt_buttons, page.reason_field, page.confirm_button,
                   page.cancel_button,
                   *page.ack_buttons.values(), *page.reason_buttons]  # fmt: skip
    assert all(w.accessibleName() for w in interactive)
    [ack] = page.ack_buttons.values()
    assert tab_chain(ack, 12)[:10] == [
        ack, page.search_field, page.all_days_box, page.table, page.void_button,
        page.print_button, page.dialog_button, page.pdf_button, page.copy_button,
        page.reason_field,
    ]  # fmt: skip


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab visits from `start`, in order (what a keyboard-only cashier meets)."""
    chain, widget = [start], start
    while len(chain) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(widget)
    return chain


def test_screenshots_of_each_state(qtbot, sales: Till, tmp_path: Path) -> None:
    page = make_page(qtbot, sales)
    shot(page, "history-today", tmp_path)
    page.table.selectRow(1)
    page.ask_void()
    qtbot.mouseClick(page.reason_buttons[1], Qt.MouseButton.LeftButton)
    shot(page, "history-void-asked", tmp_path)
    qtbot.keyClick(page.reason_field, Qt.Key.Key_Return)
    shot(page, "history-voided", tmp_path)
    page.select(next(e.transaction.id for e in sales.history() if e.voided_by))
    assert not page.void_button.isEnabled() and page.void_refusal_label.isVisible()
    shot(page, "history-void-refused", tmp_path)
    page.all_days_box.setChecked(True)
    qtbot.keyClicks(page.search_field, "personne")
    qtbot.waitUntil(lambda: page.empty_label.isVisible())
    shot(page, "history-no-result", tmp_path)
    page.resize(1920, 1000)
    page.search_field.clear()
    page.refresh_table()
    shot(page, "history-1920", tmp_path)
