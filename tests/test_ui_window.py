"""The counter window driven like a cashier would, on a till enrolled to a live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView, QTableWidget

from pos_app.services import Till
from pos_app.ui.main_window import MainWindow
from sync.region_sim.runner import BackgroundServer
from sync.region_sim.state import RegionState


@pytest.fixture
def window(qtbot, cinema_till: Till) -> MainWindow:
    shown = MainWindow(cinema_till)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def scan(qtbot, window: MainWindow, payload: str) -> None:
    window.scan_field.setText(payload)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)


def wallet_labels(window: MainWindow) -> list[str]:
    return [button.text() for button in window.charge_panel.wallet_group.buttons()]


def choose_wallet(window: MainWindow, prefix: str) -> None:
    button = next(
        b for b in window.charge_panel.wallet_group.buttons() if b.text().startswith(prefix)
    )
    button.click()


def test_accept_then_partial_payment(qtbot, window: MainWindow, region, fixed_now) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))  # cinema 6 €, spectacle 30 €
    assert window.verdict_panel.text().startswith("✔ ACCEPTÉ")
    assert "Hugo Bernard" in window.verdict_panel.text()
    assert window.sounds.played[-1] == "accepted"
    assert any(label.startswith("Cinéma — 6,00") for label in wallet_labels(window))
    choose_wallet(window, "Cinéma")
    qtbot.keyClicks(window.charge_panel.amount_field, "8,50")
    preview = window.charge_panel.preview.text()
    assert "Atouts : 6,00" in preview and "reste à payer : 2,50" in preview  # before confirming
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert "Atouts : 6,00" in window.result_label.text()
    assert "reste à payer : 2,50" in window.result_label.text()
    assert "en attente d'envoi : 1" in window.header.text()
    assert not any(label.startswith("Cinéma") for label in wallet_labels(window))  # spent


def test_forged_code_is_refused_in_words_and_colour(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    from pos_app.demo import forge_identity

    state, _ = region
    scan(qtbot, window, forge_identity(state.qr_payload("B001", fixed_now), "Léo Martin"))
    assert window.verdict_panel.text().startswith("✖ REFUSÉ")
    assert "falsifié" in window.verdict_panel.text()
    assert not window.charge_panel.charge_button.isEnabled()
    assert window.scan_field.hasFocus()


def test_excluded_item_is_refused_and_nothing_recorded(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B001", fixed_now))
    choose_wallet(window, "Cinéma")
    confiserie = window.charge_panel.item_box.findData("confiserie")
    assert confiserie == -1  # excluded items are not even offered
    qtbot.keyClicks(window.charge_panel.amount_field, "abc")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert window.result_label.text().startswith("✖ Montant illisible")
    assert cinema_till.history() == []


def test_sync_runs_in_the_background_and_reports(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "7", id_checked=True)
    window.on_sync()
    assert not window.sync_button.isEnabled()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=10_000)
    assert "Synchronisé : 1" in window.statusBar().currentMessage()
    assert "en attente d'envoi : 0" in window.header.text()
    assert state.balances("B001")["wallets"][0]["balance_cents"] == 1300


def test_sync_offline_says_so_and_keeps_the_queue(
    qtbot,
    window: MainWindow,
    region: tuple[RegionState, BackgroundServer],
    fixed_now,
    cinema_till: Till,
) -> None:
    state, server = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "7", id_checked=True)
    server.stop()
    window.on_sync()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=15_000)
    assert "injoignable" in window.statusBar().currentMessage()
    assert "en attente d'envoi : 1" in window.header.text()


def test_screenshot_of_each_state(
    qtbot, window: MainWindow, region, fixed_now, tmp_path: Path
) -> None:
    state, _ = region
    window.resize(1366, 768)
    shots = {"idle": None, "accepted": "B001", "refused": "B004"}
    for name, beneficiary in shots.items():
        if beneficiary:
            scan(qtbot, window, state.qr_payload(beneficiary, fixed_now))
        assert window.grab().save(str(tmp_path / f"{name}.png"))
        assert (tmp_path / f"{name}.png").stat().st_size > 1000


def test_paper_support_needs_the_id_box_ticked_before_charging(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B001", fixed_now))  # paper
    assert (
        window.charge_panel.id_checked_box.isVisible()
        and window.charge_panel.id_checked_box.hasFocus()
    )
    window.charge_panel.id_checked_box.setFocus()
    qtbot.keyClicks(window.charge_panel.amount_field, "5")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert "pièce d'identité" in window.result_label.text()
    assert cinema_till.history() == []
    qtbot.keyClick(window.charge_panel.id_checked_box, Qt.Key.Key_Space)
    assert (
        window.charge_panel.id_checked_box.isChecked()
        and window.charge_panel.amount_field.hasFocus()
    )
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert "Atouts : 5,00" in window.result_label.text()
    window.again_button.click()  # another purchase, asked for
    assert window.charge_panel.id_checked_box.isChecked()  # the same person again: no second tick


def test_phone_code_needs_no_extra_tick(qtbot, window: MainWindow, region, fixed_now) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))  # the phone app, drawn now
    assert not window.charge_panel.id_checked_box.isVisible()
    assert window.charge_panel.amount_field.hasFocus()


def test_screenshot_of_the_phone_credential_is_refused(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now, static=True))
    assert window.verdict_panel.text().startswith("✖ REFUSÉ")
    assert "capture d'écran" in window.verdict_panel.text()


def test_a_numerisak_voucher_asks_for_the_label_and_the_pc_serial(
    qtbot, region, demo_seed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pos_app.clock import ENV_NOW

    when = datetime(2026, 10, 15, 10, 0, tzinfo=ZoneInfo("Indian/Reunion"))
    monkeypatch.setenv(ENV_NOW, when.isoformat())
    state, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-INFO-REUNION")
    with Till(tmp_path / "shop") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
        shop = MainWindow(till)
        qtbot.addWidget(shop)
        shop.show()
        assert not shop.charge_panel.label_field.isVisible()
        scan(qtbot, shop, state.voucher_payload("B006", "numerisak", 1, when))
        assert "Sandrine Payet" in shop.verdict_panel.text()
        assert (
            shop.charge_panel.label_field.isVisible()
            and shop.charge_panel.equipment_field.isVisible()
        )
        qtbot.keyClick(shop.charge_panel.id_checked_box, Qt.Key.Key_Space)
        # B006 is a minor: the representative named on the voucher collects, in person.
        assert shop.charge_panel.guardian_box.isVisible()
        shop.charge_panel.label_field.setText("NUM2026-000006")
        shop.charge_panel.equipment_field.setText("PF3X9K")
        qtbot.keyClicks(shop.charge_panel.amount_field, "599")
        assert "représentant légal" in shop.charge_panel.preview.text()
        shop.charge_panel.amount_field.clear()
        qtbot.mouseClick(shop.charge_panel.guardian_box, Qt.MouseButton.LeftButton)
        shop.charge_panel.label_field.setText("NUM2026-000006")
        shop.charge_panel.equipment_field.setText("PF3X9K")
        qtbot.keyClicks(shop.charge_panel.amount_field, "599")
        qtbot.keyClick(shop.charge_panel.amount_field, Qt.Key.Key_Return)
        assert "Atouts : 350,00" in shop.result_label.text()
        assert "reste à payer : 249,00" in shop.result_label.text()
        assert shop.verdict_panel.text().startswith(
            "✔ VENTE ENREGISTRÉE"
        )  # not a red "already used"
        assert "249,00" in shop.verdict_panel.text()
        shop.resize(1366, 768)
        assert shop.grab().save(str(tmp_path / "voucher.png"))


def test_a_sale_in_the_window_is_sent_by_the_background_sync(
    qtbot, region, fixed_now, cinema_till: Till
) -> None:
    from pos_app.sync_loop import Backoff, SyncLoop
    from pos_app.ui.main_window import SyncBridge

    state, _ = region
    bridge = SyncBridge()
    loop = SyncLoop(cinema_till, bridge.outcome.emit, Backoff(interval=30, after_sale=0.05))
    window = MainWindow(cinema_till, None, loop.nudge, bridge)
    qtbot.addWidget(window)
    window.show()
    loop.start()
    try:
        scan(qtbot, window, state.qr_payload("B002", fixed_now))
        qtbot.keyClicks(window.charge_panel.amount_field, "3")
        qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "en attente d'envoi : 0" in window.header.text(), timeout=10_000)
    finally:
        loop.stop()
    assert state.balances("B002")["wallets"][0]["balance_cents"] == 300


# --- the counter's flows, as a cashier drives them -----------------------------------------------


def test_a_paper_support_is_amber_with_the_age_and_its_own_sound(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B001", fixed_now))  # paper: the ID must be checked
    text = window.verdict_panel.text()
    assert text.startswith("⚠ À VÉRIFIER") and "17 ans" in text and "né(e) le 12/05/2008" in text
    assert window.verdict_panel.tone == "attention"
    assert window.sounds.played[-1] == "attention"
    scan(qtbot, window, state.qr_payload("B004", fixed_now))
    assert window.verdict_panel.tone == "refused" and window.sounds.played[-1] == "refused"


def test_the_keypad_types_the_price_and_the_split_follows(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    choose_wallet(window, "Spectacle")
    keys = {b.text(): b for b in window.charge_panel.keypad.findChildren(QPushButton)}
    for key in "45,5⌫0":
        qtbot.mouseClick(keys[key], Qt.MouseButton.LeftButton)
    assert window.charge_panel.amount_field.text() == "45,0"
    assert window.charge_panel.amount_field.hasFocus()  # the keypad never steals the focus
    assert "Atouts : 30,00" in window.charge_panel.preview.text()
    assert "reste à payer : 15,00" in window.charge_panel.preview.text()
    assert window.charge_panel.charge_button.isEnabled()
    qtbot.mouseClick(window.charge_panel.charge_button, Qt.MouseButton.LeftButton)
    assert [e.transaction.amount_cents for e in cinema_till.history()] == [3000]


def test_escape_cancels_and_nothing_is_recorded(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    qtbot.keyClicks(window.charge_panel.amount_field, "7")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Escape)
    assert window.verdict_panel.tone == "idle"
    assert not window.charge_panel.isEnabled() and window.charge_panel.amount_field.text() == ""
    assert window.scan_field.hasFocus()
    assert cinema_till.history() == []


def test_a_new_scan_wins_over_a_sale_in_progress(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    qtbot.keyClicks(window.charge_panel.amount_field, "7")
    window.check_payload(state.qr_payload("B001", fixed_now))  # the scanner, mid-typing
    assert "Léa Martin-Lefèvre" in window.verdict_panel.text()
    assert window.charge_panel.amount_field.text() == ""  # not Hugo's price for Léa
    assert cinema_till.history() == []


def test_after_a_restart_the_idle_screen_recalls_the_last_sale(
    qtbot, region, fixed_now, cinema_till: Till
) -> None:
    """A till killed right after a sale: the cashier must see it went through before charging
    the same young person again."""
    state, _ = region
    cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "6")
    reopened = MainWindow(cinema_till)
    qtbot.addWidget(reopened)
    shown = reopened.verdict_panel.text().replace("\xa0", " ")
    assert "Dernière opération enregistrée : vente de 6,00 € (payée par l'avantage" in shown


def test_the_receipt_is_offered_after_a_sale(qtbot, window: MainWindow, region, fixed_now) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    qtbot.keyClicks(window.charge_panel.amount_field, "8,50")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert window.receipt_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    receipt = window.receipt_view.toPlainText()
    assert window.receipt_view.isVisible() and "Reste à payer" in receipt and "2,50" in receipt


def test_bon_plan_check_in_asks_for_the_id_then_records_the_presence(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    window.mode_box.setCurrentIndex(window.mode_box.findData("BP-LUX-AVP"))
    assert not window.charge_panel.isVisible() and "venus : 0 sur 3" in window.bon_plan_list.text()
    scan(qtbot, window, state.qr_payload("B001", fixed_now))  # paper: ID first
    assert window.verdict_panel.tone == "attention" and window.check_in_button.hasFocus()
    qtbot.keyClick(window.check_in_button, Qt.Key.Key_Space)
    assert window.verdict_panel.text().startswith("✔ PRÉSENCE ENREGISTRÉE")
    assert "venus : 1 sur 3" in window.bon_plan_list.text()
    scan(qtbot, window, state.qr_payload("B001", fixed_now))
    assert window.verdict_panel.tone == "refused" and "déjà" in window.verdict_panel.text()
    scan(qtbot, window, state.qr_payload("B003", fixed_now))  # not a winner
    assert "pas sur la liste" in window.verdict_panel.text()
    assert cinema_till.history() == []  # a check-in moves no money


def test_a_prepaid_coupon_is_charged_in_one_go(
    qtbot, region, fixed_now, demo_seed, tmp_path: Path
) -> None:
    state, server = region
    coupon = state.issue_coupon("B001", "P-CLUB-HAVRE", "pratique", 2000, fixed_now)
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-CLUB-HAVRE")
    with Till(tmp_path / "club") as club:
        club.enroll(server.url, partner["id"], partner["enrollment_code"])
        club.sync()
        desk = MainWindow(club)
        qtbot.addWidget(desk)
        desk.show()
        scan(qtbot, desk, coupon)
        assert desk.verdict is not None and desk.verdict.accepted
        assert "un seul encaissement" in desk.charge_panel.preview.text()
        qtbot.keyClick(desk.charge_panel.id_checked_box, Qt.Key.Key_Space)
        qtbot.keyClicks(desk.charge_panel.amount_field, "25")
        assert "reste à payer : 5,00" in desk.charge_panel.preview.text()
        qtbot.keyClick(desk.charge_panel.amount_field, Qt.Key.Key_Return)
        assert desk.verdict_panel.text().startswith("✔ VENTE ENREGISTRÉE")
        scan(qtbot, desk, coupon)
        assert desk.verdict_panel.tone == "refused"  # a coupon pays once


def test_an_operator_must_sign_in_before_charging(
    qtbot, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    cinema_till.add_operator("Camille", "2468")
    counter = MainWindow(cinema_till)
    qtbot.addWidget(counter)
    counter.show()
    assert "identifiez-vous" in counter.status_strip.operator_button.text()
    scan(qtbot, counter, state.qr_payload("B002", fixed_now))
    assert counter.verdict is not None and counter.verdict.accepted  # the scan still answers
    assert not counter.charge_panel.isEnabled() and "identifiez-vous" in counter.result_label.text()
    counter.set_operator(cinema_till.sign_in("Camille", "2468"))
    assert counter.charge_panel.isEnabled()
    qtbot.keyClicks(counter.charge_panel.amount_field, "6")
    qtbot.keyClick(counter.charge_panel.amount_field, Qt.Key.Key_Return)
    assert cinema_till.history()[0].transaction.operator == "Camille"


def test_every_control_has_an_accessible_name(qtbot, window: MainWindow, region, fixed_now) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    state, _ = region
    scan(qtbot, window, state.qr_payload("B001", fixed_now))  # every row of the charge shown
    controls = [
        widget
        for kind in (QAbstractButton, QLineEdit, QComboBox)
        for widget in window.findChildren(kind)
    ]
    nameless = [
        widget
        for widget in controls
        if not widget.objectName().startswith("qt_")  # Qt's own parts (a table's corner)
        and not widget.accessibleName()
        and not (isinstance(widget, QAbstractButton) and widget.text().strip())
    ]
    assert nameless == []


def test_the_counter_works_with_the_keyboard_alone(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    """Scan field → (type, Enter) → ID (Space) → price (Enter): a paper support charged without
    the mouse; Tab walks the charge in reading order."""
    state, _ = region
    window.activateWindow()
    scan(qtbot, window, state.qr_payload("B001", fixed_now))
    visited = []
    for _ in range(8):
        visited.append(QApplication.focusWidget().accessibleName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    order = [
        "Pièce d'identité vérifiée",
        "Prix public en euros",
        "Annuler et attendre le code suivant",
    ]
    positions = [visited.index(name) for name in order]
    assert positions == sorted(positions), visited
    window.charge_panel.id_checked_box.setFocus()
    qtbot.keyClick(window.charge_panel.id_checked_box, Qt.Key.Key_Space)
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [e.transaction.amount_cents for e in cinema_till.history()] == [400]
    assert window.scan_field.hasFocus()  # ready for the next young person


def test_a_sync_shows_its_progress_then_hides_it(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    seen: list[tuple[str, int, int]] = []
    window._bridge.progress.connect(lambda stage, done, total: seen.append((stage, done, total)))
    window.on_sync()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=10_000)
    assert {stage for stage, _, _ in seen} >= {"download", "apply"}
    assert not window.status_strip.progress.isVisible()
    window.status_strip.show_progress("download", 250, 1000)
    assert window.status_strip.progress.isVisible() and window.status_strip.progress.value() == 250


# --- the other pages, reached from the counter ----------------------------------------------------


def test_first_start_opens_on_the_activation_then_the_counter(
    qtbot, region, fixed_now, tmp_path: Path
) -> None:
    state, server = region
    with Till(tmp_path / "new-till") as till:
        first = MainWindow(till)
        qtbot.addWidget(first)
        first.show()
        assert first.current_page() == "enrollment"
        qtbot.keyClick(first, Qt.Key.Key_Escape)
        assert first.current_page() == "enrollment"  # Esc does not skip the activation
        page = first.enrollment_page
        page.server_field.setText(server.url)
        page.partner_field.setText("P-CINE-LUX")
        page.code_field.setText(state.issue_enrollment_code("P-CINE-LUX", fixed_now))
        with qtbot.waitSignal(page.enrolled, timeout=15_000):
            qtbot.keyClick(page.code_field, Qt.Key.Key_Return)
        assert first.current_page() == "counter"
        assert "Cinéma Lux" in first.header.text()
        scan(qtbot, first, state.qr_payload("B002", fixed_now))
        assert first.verdict is not None and first.verdict.accepted


def test_switching_operator_from_the_counter(qtbot, region, fixed_now, cinema_till: Till) -> None:
    state, _ = region
    cinema_till.add_operator("Camille", "2468")
    cinema_till.add_operator("Noé", "5555")
    counter = MainWindow(cinema_till)
    qtbot.addWidget(counter)
    counter.show()
    counter.activateWindow()  # shortcuts (F2) reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter)
    assert counter.current_page() == "operator"
    page = counter.operator_page
    qtbot.keyClicks(page.operator_list, "n")
    qtbot.keyClicks(page.operator_list, "5555")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert counter.current_page() == "counter" and counter.operator == "Noé"
    assert "Noé" in counter.status_strip.operator_button.text()
    qtbot.keyClick(counter, Qt.Key.Key_F2)
    assert counter.current_page() == "operator"
    scan(qtbot, counter, state.qr_payload("B002", fixed_now))  # a scan wins over the page
    assert counter.current_page() == "counter" and counter.verdict.accepted


def test_a_void_from_the_history_page_updates_the_counter(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    qtbot.keyClicks(window.charge_panel.amount_field, "6")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    history = window.history_page
    assert window.current_page() == "history"
    history.table.selectRow(0)
    history.ask_void()
    history.reason_field.setText("Erreur de montant")
    with qtbot.waitSignal(history.voided):
        qtbot.keyClick(history.reason_field, Qt.Key.Key_Return)
    assert "en attente d'envoi : 2" in window.header.text()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    window.reset()
    assert "annulation (6,00" in window.verdict_panel.text()


def test_scans_go_to_the_settings_page_while_it_is_open(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.current_page() == "settings"
    window.check_payload(state.qr_payload("B002", fixed_now))
    assert window.current_page() == "settings" and window.verdict is None
    qtbot.keyClick(window, Qt.Key.Key_F1)
    window.check_payload(state.qr_payload("B002", fixed_now))
    assert window.verdict is not None and window.verdict.accepted


def test_after_a_charge_the_sale_is_done_and_what_is_left_stands_out(
    qtbot, window: MainWindow, region, fixed_now, cinema_till: Till
) -> None:
    """Issue 15 item 1: not a green ACCEPTÉ ready for another charge, but the sale done, the
    money still to collect in large letters; a second charge only when asked for."""
    state, _ = region
    window.resize(1366, 768)
    scan(qtbot, window, state.qr_payload("B002", fixed_now))  # cinema 6 €, spectacle 30 €
    choose_wallet(window, "Cinéma")
    qtbot.keyClicks(window.charge_panel.amount_field, "8,50")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    shown = window.verdict_panel.text().replace("\xa0", " ")
    assert shown.startswith("✔ VENTE ENREGISTRÉE"), shown
    assert "ACCEPTÉ" not in shown and "Hugo Bernard" in shown
    assert "Prix : 8,50 € · payé par l'avantage : 6,00 €" in shown
    due = window.verdict_panel.due
    assert due.isVisible() and due.text().replace("\xa0", " ") == "Reste à payer : 2,50 €"
    assert due.font().pointSize() >= window.verdict_panel.title.font().pointSize()
    assert not window.charge_panel.isVisible()  # no form ready for another charge
    assert window.verdict is None
    assert window.scan_field.hasFocus()
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # Enter again, by reflex
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Space)
    assert len(cinema_till.history()) == 1 and not window.charge_panel.isVisible()
    assert window.again_button.isVisible()  # the spectacle benefit is left: on request
    window.again_button.click()
    assert window.charge_panel.isVisible() and not window.verdict_panel.due.isVisible()
    assert any(label.startswith("Spectacle") for label in wallet_labels(window))
    window.reset()
    assert "vente de 8,50 € (avantage : 6,00 €, reste payé par le jeune : 2,50 €)" in (
        window.verdict_panel.text().replace("\xa0", " ")
    )


def test_a_sale_paid_whole_says_nothing_is_left_to_collect(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    choose_wallet(window, "Cinéma")
    qtbot.keyClicks(window.charge_panel.amount_field, "6")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    assert window.verdict_panel.due.text() == "Rien à encaisser en plus"
    assert window.verdict_panel.due.objectName() == "paid"


def test_an_accepted_phone_code_says_no_id_check_and_lists_balances_once(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    """Issue 15 item 9: a signed phone code needs no ID check, and says so; the balances are
    written once (the lines under the sentence)."""
    state, _ = region
    scan(qtbot, window, state.qr_payload("B002", fixed_now))  # the phone app, drawn now
    shown = window.verdict_panel.text().replace("\xa0", " ")
    assert shown.startswith("✔ ACCEPTÉ"), shown
    assert "pas de pièce d'identité à demander" in shown
    assert "Vérifiez la pièce" not in shown
    assert not window.charge_panel.id_checked_box.isVisible()
    assert shown.count("6,00 €") == 1 and "Disponible" not in shown, shown


def test_an_accepted_paper_code_asks_for_the_id_and_its_box(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    scan(qtbot, window, state.qr_payload("B001", fixed_now))  # paper
    shown = window.verdict_panel.text().replace("\xa0", " ")
    assert shown.startswith("⚠ À VÉRIFIER"), shown
    assert "vérifiez la pièce d'identité (" in shown and "et cochez la case" in shown
    assert window.charge_panel.id_checked_box.isVisible()
    assert "Disponible" not in shown


def test_the_price_and_pin_keypads_share_the_card_terminal_layout(window: MainWindow) -> None:
    """Issue 15 item 4: 1-2-3 on top on both, as on the card terminal beside the till."""

    def positions(keypad) -> dict[str, tuple[int, int]]:
        grid = keypad.layout()
        return {
            key: grid.getItemPosition(grid.indexOf(button))[:2]
            for key, button in keypad.buttons.items()
            if key.isdigit()
        }

    price = positions(window.charge_panel.keypad)
    pin = positions(window.operator_page.keypad)
    assert price == pin
    assert [key for key, (row, _) in sorted(price.items()) if row == 0] == ["1", "2", "3"]
    assert price["0"] == (3, 1)


def test_the_window_names_the_cashier_one_way(qtbot, region, fixed_now, cinema_till: Till) -> None:
    """Issue 15 item 7: « Caissier » in the page's button, the strip, the sign-in prompt, the
    operator page and the history, never « Opérateur »."""
    cinema_till.add_operator("Noé", "5555")
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    state, _ = region
    words = [window._nav_buttons["operator"].text(), window.status_strip.operator_button.text()]
    scan(qtbot, window, state.qr_payload("B002", fixed_now))
    words.append(window.result_label.text())
    window.operator_page.select("Noé")
    window.operator_page.pin_field.setText("5555")
    window.operator_page.sign_in()
    words.append(window.status_strip.operator_button.text())
    page = window.operator_page
    words += [label.text() for label in page.findChildren(QLabel)]
    words += [button.text() for button in page.findChildren(QPushButton)]
    shown = " ".join(words)
    assert "pérateur" not in shown and "Identifiez-vous" not in shown, shown
    assert words[0] == "Caissier (F2)"
    assert words[1] == "Caissier : identifiez-vous (F2)"
    assert words[3] == "Caissier : Noé — changer (F2)"
    history = window.history_page
    headers = history.findChildren(QTableWidget) or history.findChildren(QTableView)
    assert headers and "pérateur" not in " ".join(
        str(view.model().headerData(column, Qt.Orientation.Horizontal))
        for view in headers
        for column in range(view.model().columnCount())
    )


def test_nothing_is_cut_on_the_counter_at_1366x768(
    qtbot, window: MainWindow, region, fixed_now
) -> None:
    """Issue 15 item 8: the scan field's placeholder and the bon plan's title whole, and the
    mode list named (it leads to the bons plans check-in)."""
    window.resize(1366, 768)
    index = window.mode_box.findData("BP-LUX-AVP")
    assert index > 0
    window.mode_box.setCurrentIndex(index)
    qtbot.waitExposed(window)
    QApplication.processEvents()
    field = window.scan_field
    room = field.contentsRect().width() - 2 * field.style().pixelMetric(
        field.style().PixelMetric.PM_DefaultFrameWidth
    )
    assert field.fontMetrics().horizontalAdvance(field.placeholderText()) < room - 8
    box = window.mode_box
    arrow = box.style().pixelMetric(box.style().PixelMetric.PM_ScrollBarExtent) + 16
    assert box.fontMetrics().horizontalAdvance(box.currentText()) < box.width() - arrow
    assert window.mode_label.isVisible() and window.mode_label.buddy() is box
    assert "Mode" in window.mode_label.text()
    window.mode_box.setCurrentIndex(0)
    scan(qtbot, window, state_payload := region[0].qr_payload("B002", fixed_now))
    assert state_payload
    choose_wallet(window, "Cinéma")
    qtbot.keyClicks(window.charge_panel.amount_field, "8,50")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    QApplication.processEvents()
    label = window.result_label
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()  # one line
