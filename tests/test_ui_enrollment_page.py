"""The activation page driven like a partner would: typed, scanned, refused, offline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from pos_app.clock import ENV_NOW
from pos_app.enrollment_links import enrollment_uri
from pos_app.services import Till, TillError
from pos_app.ui.enrollment_page import EnrollmentPage
from scanner.events import ScanEvent, ScanSource
from sync.region_sim.runner import free_port

CINEMA = "P-CINE-LUX"
SHOTS = Path("/tmp/shots-settings")


def shoot(widget, name: str, size: tuple[int, int] = (1366, 768)) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    QTest.qWait(150)  # the posted layout requests run, as they would before the next paint
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    with Till(tmp_path / "new-till") as fresh:
        yield fresh


@pytest.fixture
def page(qtbot, till: Till) -> EnrollmentPage:
    shown = EnrollmentPage(till)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def type_in(qtbot, page: EnrollmentPage, server: str, partner: str, code: str) -> None:
    """Keyboard only: the server field has the focus, Tab to the next, Enter at the end."""
    page.server_field.setFocus()
    qtbot.keyClicks(page.server_field, server)
    qtbot.keyClick(page.server_field, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.focusWidget(), partner)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(page.focusWidget(), code)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Return)


def wait_error(qtbot, page: EnrollmentPage) -> str:
    qtbot.waitUntil(lambda: not page.busy and page.error_label.isVisible(), timeout=15_000)
    return page.error_label.text()


def test_every_input_has_an_accessible_name_and_tab_goes_in_order(
    qtbot, page: EnrollmentPage
) -> None:
    for field in page.findChildren(QLineEdit):
        assert field.accessibleName()
    assert page.submit_button.accessibleName()
    page.server_field.setFocus()
    chain = [page.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        chain.append(page.focusWidget())
    assert chain == [page.server_field, page.partner_field, page.code_field, page.submit_button]
    shoot(page, "enrollment-empty")
    shoot(page, "enrollment-empty-1920", (1920, 1080))


def test_typed_with_the_keyboard_then_enter_activates(
    qtbot, page: EnrollmentPage, till: Till, region, fixed_now
) -> None:
    state, server = region
    code = state.issue_enrollment_code(CINEMA, fixed_now)
    with qtbot.waitSignal(page.enrolled, timeout=15_000) as done:
        type_in(qtbot, page, server.url, CINEMA, code)
        assert page.busy and page.progress.isVisible() and not page.submit_button.isEnabled()
        shoot(page, "enrollment-busy")
    device = done.args[0]
    assert device.partner.id == CINEMA
    status = till.status()
    assert status.enrolled and status.device_id == device.device_id
    assert status.snapshot_version is not None  # the first sync came with it
    assert "Caisse activée pour Cinéma Lux" in page.status_label.text()
    assert page.code_field.text() == "" and not page.error_label.isVisible()
    shoot(page, "enrollment-done")


def test_a_scanned_activation_qr_code_activates_in_one_go(
    qtbot, page: EnrollmentPage, till: Till, region, fixed_now
) -> None:
    state, server = region
    link = enrollment_uri(server.url, CINEMA, state.issue_enrollment_code(CINEMA, fixed_now))
    with qtbot.waitSignal(page.enrolled, timeout=15_000):
        page.on_scan_event(ScanEvent(link, ScanSource.CAMERA, 0.0))
    assert page.server_field.text() == server.url and page.partner_field.text() == CINEMA
    assert till.status().enrolled


def test_a_usb_scanner_typing_the_link_into_a_field_activates(
    qtbot, page: EnrollmentPage, till: Till, region, fixed_now
) -> None:
    state, server = region
    link = enrollment_uri(server.url, CINEMA, state.issue_enrollment_code(CINEMA, fixed_now))
    page.partner_field.setFocus()
    with qtbot.waitSignal(page.enrolled, timeout=15_000):
        qtbot.keyClicks(page.partner_field, link)
        qtbot.keyClick(page.partner_field, Qt.Key.Key_Return)
    assert page.partner_field.text() == CINEMA and till.status().enrolled


def test_a_qr_code_that_is_not_an_activation_code_is_explained(
    qtbot, page: EnrollmentPage, till: Till
) -> None:
    page.on_scan_event(ScanEvent("ATP1:some-young-persons-code", ScanSource.CAMERA, 0.0))
    assert "n'est pas un code d'activation" in page.error_label.text()
    assert page.error_label.isVisible() and not page.busy
    assert not till.status().enrolled
    shoot(page, "enrollment-not-an-activation-qr")


def test_a_wrong_code_is_told_inline_and_the_code_is_selected(
    qtbot, page: EnrollmentPage, till: Till, region
) -> None:
    _, server = region
    type_in(qtbot, page, server.url, CINEMA, "WRONG-CODE")
    assert "incorrect" in wait_error(qtbot, page)
    assert page.code_field.hasFocus() and page.code_field.selectedText() == "WRONG-CODE"
    assert not till.status().enrolled
    shoot(page, "enrollment-wrong-code")
    qtbot.keyClicks(page.code_field, "x")  # typing again clears the message
    assert not page.error_label.isVisible()


def test_an_expired_code_is_told_inline(
    qtbot, page: EnrollmentPage, region, fixed_now, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, server = region
    code = state.issue_enrollment_code(CINEMA, fixed_now, days=7)
    monkeypatch.setenv(ENV_NOW, (fixed_now + timedelta(days=8)).isoformat())
    type_in(qtbot, page, server.url, CINEMA, code)
    assert "expiré" in wait_error(qtbot, page)


def test_a_server_that_does_not_answer_is_told_inline(
    qtbot, page: EnrollmentPage, till: Till
) -> None:
    type_in(qtbot, page, f"http://127.0.0.1:{free_port()}", CINEMA, "ABC-123")
    message = wait_error(qtbot, page)
    assert "injoignable" in message and "vérifiez l'adresse" in message
    assert page.server_field.hasFocus()
    assert not till.status().enrolled
    shoot(page, "enrollment-server-down")


def test_an_address_without_https_and_missing_fields_are_told_before_any_network(
    qtbot, page: EnrollmentPage
) -> None:
    type_in(qtbot, page, "atouts.region.fr", CINEMA, "ABC")
    assert "https://" in wait_error(qtbot, page)
    page.server_field.clear()
    page.code_field.clear()
    qtbot.keyClick(page.partner_field, Qt.Key.Key_Return)
    message = wait_error(qtbot, page)
    assert "adresse du serveur" in message and "code d'activation" in message
    assert page.server_field.hasFocus()  # the first empty field


def test_a_revoked_till_says_why_and_activates_again(
    qtbot, cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    state.revoke_device(cinema_till.status().device_id)
    with pytest.raises(TillError) as revoked:
        cinema_till.sync()
    page = EnrollmentPage(cinema_till, reason=revoked.value.message)
    qtbot.addWidget(page)
    page.show()
    assert page.reason_label.isVisible() and "désactivée" in page.reason_label.text()
    qtbot.waitUntil(lambda: page.partner_field.text() == CINEMA)  # known: only the code is new
    assert page.server_field.text() == server.url and page.code_field.hasFocus()
    shoot(page, "enrollment-revoked")
    old_device = cinema_till.status().device_id
    with qtbot.waitSignal(page.enrolled, timeout=15_000) as done:
        qtbot.keyClicks(page.code_field, state.issue_enrollment_code(CINEMA, fixed_now))
        qtbot.keyClick(page.code_field, Qt.Key.Key_Return)
    assert done.args[0].device_id != old_device
    cinema_till.sync()  # the new device is not revoked
