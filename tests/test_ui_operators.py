"""The operator page driven like a cashier would: a name, a PIN, Enter — by keys or by touch."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.domain.operators import FREE_TRIES
from pos_app.services import Till
from pos_app.ui.operator_page import CLI_HINT, OperatorPage


@pytest.fixture
def till(tmp_path: Path, fixed_now) -> Till:
    """A till of its own (operators need no enrollment, no server)."""
    with Till(tmp_path / "till") as opened:
        yield opened


@pytest.fixture
def staffed(till: Till) -> Till:
    till.add_operator("Camille Durand", "2468")
    till.add_operator("Noé", "5555")
    return till


def make_page(qtbot, till: Till) -> OperatorPage:
    page = OperatorPage(till)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.activateWindow()  # offscreen, a shown window is not active: no focus without this
    qtbot.waitUntil(page.isActiveWindow)
    page.focus_first()
    return page


def shot(page: QWidget, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ATOUTS_SHOTS_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert page.grab().save(str(folder / f"{name}.png"))


def test_switching_operator_by_keyboard_a_letter_a_pin_enter(qtbot, staffed: Till) -> None:
    page = make_page(qtbot, staffed)
    assert page.operator_list.hasFocus() and page.selected_name() == ""  # never a guess
    started = time.monotonic()
    qtbot.keyClicks(page.operator_list, "n")  # the first letter finds Noé
    assert page.selected_name() == "Noé" and "Noé" in page.pin_label.text()
    qtbot.keyClicks(page.operator_list, "5555")  # digits go to the PIN field
    assert page.pin_field.hasFocus() and page.pin_field.text() == "5555"
    assert page.pin_field.echoMode() == page.pin_field.EchoMode.Password
    with qtbot.waitSignal(page.signed_in) as signal:
        qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert signal.args == ["Noé"] and time.monotonic() - started < 2
    assert page.pin_field.text() == "" and "Noé tient la caisse" in page.message_label.text()


def test_signing_in_by_touch_on_the_keypad(qtbot, staffed: Till, tmp_path: Path) -> None:
    page = make_page(qtbot, staffed)
    shot(page, "operators-choose", tmp_path)
    item = page.operator_list.findItems("Camille Durand", Qt.MatchFlag.MatchExactly)[0]
    rect = page.operator_list.visualItemRect(item)
    qtbot.mouseClick(page.operator_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_name() == "Camille Durand" and page.pin_field.hasFocus()
    for digit in "2468":
        qtbot.mouseClick(page.keypad_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad_buttons["⌫"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad_buttons["8"], Qt.MouseButton.LeftButton)
    assert page.pin_field.hasFocus()  # the keypad never takes the keyboard's focus
    shot(page, "operators-pin", tmp_path)
    with qtbot.waitSignal(page.signed_in) as signal:
        qtbot.mouseClick(page.keypad_buttons["OK"], Qt.MouseButton.LeftButton)
    assert signal.args == ["Camille Durand"]


def test_the_pin_field_takes_digits_only(qtbot, staffed: Till) -> None:
    page = make_page(qtbot, staffed)
    qtbot.keyClicks(page.pin_field, "12a3b4 567890")
    assert page.pin_field.text() == "12345678"  # 8 digits at most, letters ignored


def test_wrong_pin_then_locked_are_said_inline(qtbot, staffed: Till, tmp_path: Path) -> None:
    page = make_page(qtbot, staffed)
    page.select("Noé")
    signed: list[str] = []
    page.signed_in.connect(signed.append)
    qtbot.keyClicks(page.pin_field, "0000")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert page.message_label.text().startswith("✖ Code personnel incorrect")
    assert f"encore {FREE_TRIES - 1} essai(s)" in page.message_label.text()
    assert page.pin_field.text() == "" and page.pin_field.hasFocus()
    shot(page, "operators-wrong-pin", tmp_path)
    for _ in range(FREE_TRIES - 1):
        qtbot.keyClicks(page.pin_field, "0000")
        qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    qtbot.keyClicks(page.pin_field, "5555")  # the right one, but too late
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert "Trop de codes erronés pour Noé : réessayez dans 1 min" in page.message_label.text()
    shot(page, "operators-locked", tmp_path)
    assert signed == []
    page.select("Camille Durand")  # the others are not locked
    qtbot.keyClicks(page.pin_field, "2468")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert signed == ["Camille Durand"]


def test_a_pin_without_a_name_or_a_name_without_a_pin(qtbot, staffed: Till) -> None:
    page = make_page(qtbot, staffed)
    qtbot.keyClicks(page.pin_field, "2468")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert "Choisissez d'abord votre nom" in page.message_label.text()
    assert page.operator_list.hasFocus()
    page.select("Noé")
    page.pin_field.clear()
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert "Tapez votre code personnel" in page.message_label.text()
    qtbot.keyClicks(page.pin_field, "12")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert "4 à 8 chiffres" in page.message_label.text()
    qtbot.keyClicks(page.pin_field, "99")
    qtbot.keyClick(page.pin_field, Qt.Key.Key_Escape)  # Esc clears the PIN
    assert page.pin_field.text() == "" and page.message_label.text() == ""


def test_one_operator_goes_straight_to_the_pin(qtbot, till: Till) -> None:
    till.add_operator("Lou", "1357")
    page = make_page(qtbot, till)
    assert page.selected_name() == "Lou" and page.pin_field.hasFocus()
    qtbot.keyClicks(page.pin_field, "1357")
    with qtbot.waitSignal(page.signed_in) as signal:
        qtbot.keyClick(page.pin_field, Qt.Key.Key_Return)
    assert signal.args == ["Lou"]


def test_no_operator_yet_explains_and_offers_the_anonymous_counter(
    qtbot, till: Till, tmp_path: Path
) -> None:
    page = make_page(qtbot, till)
    assert page.empty_box.isVisible() and not page.pin_box.isVisible()
    assert CLI_HINT in page.empty_label.text() and "atouts-pos operator add" in CLI_HINT
    assert page.anonymous_button.hasFocus()
    shot(page, "operators-none", tmp_path)
    with qtbot.waitSignal(page.signed_in) as signal:
        qtbot.keyClick(page.anonymous_button, Qt.Key.Key_Space)
    assert signal.args == [""]


def test_the_anonymous_counter_is_not_offered_once_there_are_operators(
    qtbot, staffed: Till
) -> None:
    page = make_page(qtbot, staffed)
    assert not page.anonymous_button.isVisible()
    signed: list[str] = []
    page.signed_in.connect(signed.append)
    page.use_anonymously()  # even if called
    assert signed == []


def test_adding_an_operator_with_the_pin_twice(qtbot, till: Till, tmp_path: Path) -> None:
    page = make_page(qtbot, till)
    qtbot.keyClick(page.admin_button, Qt.Key.Key_Space)
    assert page.admin_box.isVisible() and page.new_name.hasFocus()
    qtbot.keyClicks(page.new_name, "Camille")
    qtbot.keyClicks(page.new_pin, "2468")
    qtbot.keyClicks(page.new_pin_again, "2469")
    qtbot.keyClick(page.new_pin_again, Qt.Key.Key_Return)
    assert "pas identiques" in page.admin_message.text() and page.new_pin.hasFocus()
    assert till.operators() == []
    qtbot.keyClicks(page.new_pin, "12")
    qtbot.keyClicks(page.new_pin_again, "12")
    qtbot.keyClick(page.new_pin_again, Qt.Key.Key_Return)
    assert "4 à 8 chiffres" in page.admin_message.text()
    assert page.new_pin.text() == "" and page.new_pin.hasFocus()  # typed again from scratch
    shot(page, "operators-add-refused", tmp_path)
    qtbot.keyClicks(page.new_pin, "2468")
    qtbot.keyClicks(page.new_pin_again, "2468")
    qtbot.keyClick(page.new_pin_again, Qt.Key.Key_Return)
    assert till.operators() == ["Camille"] and not page.admin_box.isVisible()
    assert page.selected_name() == "Camille" and page.pin_field.hasFocus()
    assert "Camille est ajouté(e)" in page.message_label.text()
    assert not page.empty_box.isVisible()
    qtbot.keyClick(page.admin_button, Qt.Key.Key_Space)
    qtbot.keyClicks(page.new_name, "camille")
    qtbot.keyClicks(page.new_pin, "1111")
    qtbot.keyClicks(page.new_pin_again, "1111")
    qtbot.keyClick(page.new_pin_again, Qt.Key.Key_Return)
    assert "existe déjà" in page.admin_message.text()
    qtbot.keyClick(page.new_name, Qt.Key.Key_Escape)  # Esc closes the admin area
    assert not page.admin_box.isVisible() and page.new_name.text() == ""


def test_every_control_has_a_name_and_tab_reaches_them(qtbot, staffed: Till) -> None:
    page = make_page(qtbot, staffed)
    page.admin_button.setChecked(True)
    controls = [page.operator_list, page.pin_field, page.sign_in_button, page.admin_button,
                page.new_name, page.new_pin, page.new_pin_again, page.add_button,
                *page.keypad_buttons.values()]  # fmt: skip
    assert all(c.accessibleName() for c in controls)
    chain, widget = [], page.operator_list
    for _ in range(40):
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    order = [page.operator_list, page.pin_field, page.sign_in_button, page.admin_button,
             page.new_name, page.new_pin, page.new_pin_again, page.add_button]  # fmt: skip
    assert [w for w in chain if w in order][: len(order)] == order


def test_showing_the_page_again_forgets_a_half_typed_pin(qtbot, staffed: Till) -> None:
    page = make_page(qtbot, staffed)
    page.select("Noé")
    qtbot.keyClicks(page.pin_field, "55")
    page.hide()
    page.show()
    assert page.pin_field.text() == "" and page.selected_name() == ""


def test_screenshot_at_full_hd(qtbot, staffed: Till, tmp_path: Path) -> None:
    staffed.add_operator("Inès Benali-Durand", "8642")
    page = make_page(qtbot, staffed)
    page.resize(1920, 1000)
    page.admin_button.setChecked(True)
    shot(page, "operators-1920-admin", tmp_path)
