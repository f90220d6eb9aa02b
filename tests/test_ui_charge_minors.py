"""Issue 16 at the counter: a minor's benefit says what to check for the case at hand (RolloN
from 16 to 18: a written parental authorisation; a minor's NUMÉRISAK voucher: the legal
representative named on it, there in person), one key per check; a RolloN takes its whole
balance, already typed; the category's note is shown, short, where the benefit is chosen.
Driven through the window's own widgets, on tills enrolled to a live reference server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.clock import ENV_NOW
from pos_app.domain.model import UsableWallet
from pos_app.domain.money import Cents
from pos_app.services import Till
from pos_app.ui import translations
from pos_app.ui.main_window import MainWindow
from pos_app.ui.tones import ERROR, TO_DO

ROLLON_NOTE_START = "10 RolloNs (1 RolloN = 1 €) transférés en une seule fois"
REUNION_DAY = datetime(2026, 10, 15, 10, 0, tzinfo=ZoneInfo("Indian/Reunion"))


def enrolled_window(qtbot, region, demo_seed, folder: Path, partner_id: str) -> Iterator:
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == partner_id)
    with Till(folder) as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
        window = MainWindow(till)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        yield window
        window.close()
        QThreadPool.globalInstance().waitForDone(10_000)  # its background reads, before closing


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    assert translations.install_translator(qapp, "en"), "atouts_en.qm did not load"
    yield qapp
    translations.remove_translators(qapp)  # the other tests expect the French window


@pytest.fixture
def rollon_window(qtbot, region, demo_seed, fixed_now, tmp_path: Path) -> Iterator[MainWindow]:
    """The demo's RolloN partner (accredited `rollon` only), on the training Saturday."""
    yield from enrolled_window(qtbot, region, demo_seed, tmp_path / "rollon", "P-ROLLON-CAEN")


@pytest.fixture
def shop_window(
    qtbot, region, demo_seed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The demo's NUMÉRISAK retailer in La Réunion, in the 2026-27 school year."""
    monkeypatch.setenv(ENV_NOW, REUNION_DAY.isoformat())
    yield from enrolled_window(qtbot, region, demo_seed, tmp_path / "shop", "P-INFO-REUNION")


def scan(qtbot, window: MainWindow, payload: str) -> None:
    window.scan_field.setText(payload)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)


def fully_on_screen(window: MainWindow, widget: QWidget) -> bool:
    """The widget is shown and its whole rectangle lies inside the window."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    bottom_right = widget.mapTo(window, QPoint(widget.width() - 1, widget.height() - 1))
    return (
        widget.isVisible()
        and window.rect().contains(top_left)
        and window.rect().contains(bottom_right)
    )


def test_a_17_year_old_s_rollon_asks_for_the_parental_authorisation_then_enter_charges(
    qtbot, rollon_window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    panel = rollon_window.charge_panel
    scan(qtbot, rollon_window, state.qr_payload("B001", fixed_now))  # Léa, 17, paper
    assert [b.text() for b in panel.wallet_group.buttons()] == [
        "RolloN — 10,00\u00a0€ (en une seule fois)"
    ]
    # The verdict says it too, before anything is ticked.
    assert (
        "RolloN : jeune de 17 ans, demandez l'autorisation écrite d'un titulaire de "
        "l'autorité parentale." in rollon_window.verdict_panel.text()
    )
    # The whole balance is already the price: nothing to type, nothing lost.
    assert panel.amount_field.text() == "10,00"
    assert panel.amount_field.selectedText() == "10,00"  # a key typed replaces it
    assert panel.guardian_row.isVisible()
    assert panel.guardian_detail.text() == (
        "Mineur de 17 ans : autorisation écrite d'un titulaire de l'autorité parentale."
    )
    assert panel.guardian_box.text() == "Autorisation parentale écrite vue (Espace)"
    assert panel.guardian_box.accessibleName() == (
        "Autorisation écrite d'un titulaire de l'autorité parentale vérifiée"
    )
    assert panel.guardian_box.accessibleDescription() == panel.guardian_detail.text()
    # Space, Space, Entrée: the ID, the authorisation, the transfer. Until then the preview
    # says what is missing in amber: nothing is wrong yet.
    assert panel.id_checked_box.hasFocus()
    assert "pièce d'identité" in panel.preview.text() and panel.preview.styleSheet() == TO_DO
    qtbot.keyClick(panel.id_checked_box, Qt.Key.Key_Space)
    assert panel.guardian_box.hasFocus()
    assert "autorisation du représentant légal" in panel.preview.text()
    assert not panel.charge_button.isEnabled()
    qtbot.keyClick(panel.guardian_box, Qt.Key.Key_Space)
    assert panel.amount_field.hasFocus()
    assert panel.preview.text() == (
        "Transfert de la totalité : 10,00\u00a0€, en une seule fois — Entrée pour valider"
    )
    qtbot.keyClick(panel.amount_field, Qt.Key.Key_Return)
    sale = rollon_window.last_sale
    assert sale is not None and sale.category_id == "rollon"
    assert sale.amount_cents == 1000 and sale.complement_cents == 0 and sale.forfeited_cents == 0
    assert sale.guardian_checked and rollon_window.verdict_panel.tone == "accepted"


def test_a_rollon_part_is_refused_and_the_hint_gives_the_whole_amount(
    qtbot, rollon_window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    panel = rollon_window.charge_panel
    scan(qtbot, rollon_window, state.qr_payload("B001", fixed_now))
    qtbot.keyClick(panel.id_checked_box, Qt.Key.Key_Space)
    qtbot.keyClick(panel.guardian_box, Qt.Key.Key_Space)
    qtbot.keyClicks(panel.amount_field, "4")  # replaces the selected balance
    assert panel.amount_field.text() == "4"
    assert "Saisissez 10,00\u00a0€" in panel.preview.text()
    assert panel.preview.styleSheet() == ERROR  # a wrong price is a mistake: red
    assert not panel.charge_button.isEnabled()
    panel.amount_field.clear()
    assert panel.preview.text() == (
        "Transfert de la totalité : 10,00\u00a0€, en une seule fois. Saisissez 10,00."
    )
    assert "monnaie" not in panel.preview.text()  # nothing is forfeited on a RolloN
    qtbot.keyClick(panel.amount_field, Qt.Key.Key_Return)
    assert rollon_window.last_sale is None


def test_the_category_note_is_shown_where_the_benefit_is_chosen(
    qtbot, rollon_window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    scan(qtbot, rollon_window, state.qr_payload("B001", fixed_now))
    note = rollon_window.charge_panel.notes_label
    assert note.isVisible() and note.text().startswith(ROLLON_NOTE_START)
    assert note.toolTip().endswith("autorisation d'un titulaire de l'autorité parentale.")
    assert note.accessibleDescription() == note.toolTip()
    assert note.accessibleName() == "Conditions de l'avantage"
    rollon_window.charge_panel.cancel_button.click()
    assert not note.isVisible()


def test_a_long_category_note_is_two_lines_with_the_whole_of_it_in_the_tooltip(
    qtbot, shop_window: MainWindow, region
) -> None:
    state, _ = region
    # NUMÉRISAK's note is 430 characters: two lines, the end elided, all of it in the tooltip.
    scan(qtbot, shop_window, state.voucher_payload("B006", "numerisak", 1, REUNION_DAY))
    long_note = shop_window.charge_panel.notes_label
    assert len(long_note.toolTip()) > 400
    assert long_note.text().count("\n") == 1 and long_note.text().endswith("…")
    assert long_note.elided()
    assert long_note.height() <= 2 * long_note.fontMetrics().lineSpacing() + 4
    assert all(
        long_note.fontMetrics().horizontalAdvance(line) <= long_note.contentsRect().width()
        for line in long_note.text().split("\n")
    )


def test_a_minor_s_numerisak_voucher_names_the_representative_who_collects(
    qtbot, shop_window: MainWindow, region
) -> None:
    state, _ = region
    panel = shop_window.charge_panel
    scan(qtbot, shop_window, state.voucher_payload("B006", "numerisak", 1, REUNION_DAY))
    assert (
        "Sandrine Payet, représentant légal nommé sur le bon, retire lui-même l'équipement "
        "avec sa propre pièce d'identité." in shop_window.verdict_panel.text()
    )
    assert panel.guardian_detail.text() == (
        "Mineur : Sandrine Payet, représentant légal nommé sur le bon, retire lui-même "
        "l'équipement avec sa propre pièce d'identité."
    )
    assert panel.guardian_box.text() == "Représentant légal présent, sa pièce vue (Espace)"
    assert panel.guardian_box.accessibleName() == (
        "Sandrine Payet, représentant légal nommé sur le bon, présent avec sa pièce d'identité"
    )
    assert panel.amount_field.text() == ""  # a voucher's price is the PC's, not its value
    assert "Pas de monnaie rendue" in panel.preview.text()
    # One key per check, in the order of the form: ID, representative, label, serial, price.
    qtbot.keyClick(panel.id_checked_box, Qt.Key.Key_Space)
    assert panel.guardian_box.hasFocus()
    qtbot.keyClick(panel.guardian_box, Qt.Key.Key_Space)
    assert panel.label_field.hasFocus()
    qtbot.keyClicks(panel.label_field, "NUM2026-000006")
    qtbot.keyClick(panel.label_field, Qt.Key.Key_Return)
    assert panel.equipment_field.hasFocus()
    qtbot.keyClicks(panel.equipment_field, "PF3X9K")
    qtbot.keyClick(panel.equipment_field, Qt.Key.Key_Return)
    assert panel.amount_field.hasFocus()
    qtbot.keyClicks(panel.amount_field, "599")
    qtbot.keyClick(panel.amount_field, Qt.Key.Key_Return)
    sale = shop_window.last_sale
    assert sale is not None and sale.guardian_checked and sale.amount_cents == 35_000


def test_tab_goes_through_the_guardian_box_in_reading_order(
    qtbot, shop_window: MainWindow, region
) -> None:
    state, _ = region
    panel = shop_window.charge_panel
    scan(qtbot, shop_window, state.voucher_payload("B006", "numerisak", 1, REUNION_DAY))
    order = []
    widget = panel.id_checked_box
    for _ in range(4):
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == [panel.guardian_box, panel.label_field, panel.equipment_field,
                     panel.amount_field]  # fmt: skip


@pytest.mark.parametrize("case", ["rollon", "numerisak"])
def test_at_1366x768_nothing_is_cut_and_the_button_stays_on_screen(
    qtbot, request: pytest.FixtureRequest, region, case: str
) -> None:
    state, _ = region
    if case == "rollon":
        window = request.getfixturevalue("rollon_window")
        scan(qtbot, window, state.qr_payload("B001", request.getfixturevalue("fixed_now")))
    else:
        window = request.getfixturevalue("shop_window")
        scan(qtbot, window, state.voucher_payload("B006", "numerisak", 1, REUNION_DAY))
    QApplication.processEvents()
    panel = window.charge_panel
    for widget in (panel.amount_field, panel.charge_button, panel.cancel_button, panel.preview):
        assert fully_on_screen(window, widget), widget.accessibleName()
    for box in (panel.id_checked_box, panel.guardian_box):  # a check box does not wrap
        assert box.width() >= box.sizeHint().width(), box.text()
    assert fully_on_screen(window, panel.guardian_detail)
    detail = panel.guardian_detail
    assert detail.height() >= detail.heightForWidth(detail.width())  # wrapped, not clipped


def test_the_english_window_says_what_to_check_and_prefills_with_its_decimal_mark(
    qtbot, english: QApplication, rollon_window: MainWindow, region, fixed_now
) -> None:
    state, _ = region
    panel = rollon_window.charge_panel
    scan(qtbot, rollon_window, state.qr_payload("B001", fixed_now))
    assert panel.amount_field.text() == "10.00"
    assert panel.guardian_detail.text() == (
        "Minor aged 17: written authorisation from a holder of parental authority."
    )
    assert panel.guardian_box.text() == "Written parental authorisation seen (Space)"
    assert (
        "RolloN: 17 years old, ask for the written authorisation of a holder of parental "
        "authority." in rollon_window.verdict_panel.text()
    )
    qtbot.keyClick(panel.id_checked_box, Qt.Key.Key_Space)
    qtbot.keyClick(panel.guardian_box, Qt.Key.Key_Space)
    assert (
        panel.preview.text() == "Transfer of the whole amount: €10.00, in one go — Enter to confirm"
    )
    qtbot.keyClick(panel.amount_field, Qt.Key.Key_Return)
    assert rollon_window.last_sale is not None and rollon_window.last_sale.amount_cents == 1000


def test_choosing_another_benefit_takes_away_only_the_price_the_panel_typed(
    qtbot, rollon_window: MainWindow, region, fixed_now
) -> None:
    """A partner accredited for RolloN and another benefit (none in the demo seed: the
    verdict gets a second wallet here): the whole balance typed for RolloN goes with it."""
    state, _ = region
    panel = rollon_window.charge_panel
    payload = state.qr_payload("B001", fixed_now)
    verdict = rollon_window.till.check(payload)
    cinema = UsableWallet(
        scheme_id="atouts-culture-sport-2025-26",
        category_id="cinema",
        label="Cinéma",
        balance_cents=Cents(2000),
        single_payment=False,
        voucher=False,
        item_kinds=(("place_cinema", "Place de cinéma"),),
    )
    panel.start(payload, replace(verdict, wallets=(*verdict.wallets, cinema)))
    rollon, other = panel.wallet_group.buttons()
    assert panel.amount_field.text() == "10,00"
    panel.id_checked_box.setChecked(True)
    panel.guardian_box.setChecked(True)
    other.click()
    assert panel.amount_field.text() == "" and not panel.guardian_row.isVisibleTo(panel)
    qtbot.keyClicks(panel.amount_field, "7")
    rollon.click()
    assert panel.amount_field.text() == "7"  # typed by the cashier: kept, and refused
    assert panel.guardian_box.isChecked()  # the same check as before: still ticked
    assert "Saisissez 10,00\u00a0€" in panel.preview.text()
