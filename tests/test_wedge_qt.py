"""The wedge event filter on real widgets: scans caught whatever has the focus, typing untouched.

Keys are sent as the window system would (press and release through `QApplication.sendEvent`,
which runs the application's event filters) at times from a fake clock; the test polls the
filter after moving the clock instead of waiting for its timer. No sleeps.
"""

from __future__ import annotations

import random

import pytest
from bench_modules import load_bench_module
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QVBoxLayout, QWidget

from pos_app.services import Till
from pos_app.ui.main_window import MainWindow
from pos_app.ui.wedge_filter import WedgeFilter
from scanner.events import ScanSource
from scanner.wedge import QWERTY_ON_AZERTY

samples = load_bench_module("wedge_samples.py")

_SPECIAL = {"enter": Qt.Key.Key_Return, "tab": Qt.Key.Key_Tab, "other": Qt.Key.Key_Left}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key_code(text: str) -> int:
    if text == " ":
        return int(Qt.Key.Key_Space)
    char = text.upper()
    return ord(char) if char.isascii() else int(Qt.Key.Key_unknown)


def send(keys, wedge: WedgeFilter, clock: FakeClock, shift_for_capitals: bool = False) -> None:
    """Deliver `samples.Key`s to the focus widget at their times, polling the filter whenever a
    deadline passes in between (what its timer does), and at the end."""
    start = clock.now
    for key in keys:
        settle(wedge, clock, start + key.at)
        clock.now = start + key.at
        target = QApplication.focusWidget()
        assert target is not None
        if key.kind == "key":
            code, text = _key_code(key.text), key.text
        else:
            code, text = _SPECIAL[key.kind], {"enter": "\r", "tab": "\t"}.get(key.kind, "")
        capital = shift_for_capitals and text.isupper()
        modifiers = Qt.KeyboardModifier.ShiftModifier if capital else Qt.KeyboardModifier.NoModifier
        if capital:
            QApplication.sendEvent(
                target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, modifiers)
            )
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, text))
        if capital:
            QApplication.sendEvent(
                target,
                QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier),
            )
    settle(wedge, clock, float("inf"))


def settle(wedge: WedgeFilter, clock: FakeClock, until: float) -> None:
    deadline = wedge.detector.deadline()
    while deadline is not None and deadline < until:
        clock.now = deadline + 1e-6
        wedge.poll()
        deadline = wedge.detector.deadline()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wedge(qtbot, clock: FakeClock):
    installed = WedgeFilter(clock=clock)
    installed.install()
    yield installed
    installed.uninstall()


@pytest.fixture
def form(qtbot):
    widget = QWidget()
    layout = QVBoxLayout(widget)
    line, other, box = QLineEdit(), QLineEdit(), QCheckBox("Pièce d'identité vérifiée")
    for child in (line, other, box):
        layout.addWidget(child)
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    line.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is line)
    return widget, line, other, box


def test_a_human_typing_into_a_line_edit_gets_every_character(qtbot, wedge, clock, form) -> None:
    _, line, _, _ = form
    rng = random.Random(11)
    scans = []
    wedge.scanned.connect(scans.append)
    for _ in range(40):
        line.clear()
        keys = samples.human_sample(rng)
        keys = [key for key in keys if key.kind == "key"]
        send(keys, wedge, clock, shift_for_capitals=True)
        assert line.text() == "".join(key.text for key in keys)
        clock.now += 1.0
    assert scans == []


def test_a_fast_typist_entering_a_code_keeps_every_digit(qtbot, wedge, clock, form) -> None:
    _, line, _, _ = form
    rng = random.Random(12)
    for _ in range(30):
        line.clear()
        code = samples.typed_code(rng, spaced=False)
        send(samples.human_typing(rng, code, mean=0.040, jitter=0.6), wedge, clock)
        assert line.text() == code
        clock.now += 1.0


def test_a_scan_lands_in_no_widget_and_is_signalled_once(qtbot, wedge, clock, form) -> None:
    _, line, _, _ = form
    line.setText("12,5")
    rng = random.Random(13)
    payload = samples.at2_payload(rng, 331)
    scans = []
    wedge.scanned.connect(scans.append)
    returns = []
    line.returnPressed.connect(lambda: returns.append(line.text()))
    send(
        samples.scanner_burst(rng, payload, terminator="enter"),
        wedge,
        clock,
        shift_for_capitals=True,
    )
    assert [scan.payload for scan in scans] == [payload]
    assert scans[0].source is ScanSource.WEDGE
    assert line.text() == "12,5"
    assert returns == []  # the scanner's Enter did not reach the field


def test_a_human_space_still_ticks_a_checkbox(qtbot, wedge, clock, form) -> None:
    _, _, _, box = form
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    send([samples.Key(0.0, " ")], wedge, clock)
    assert box.isChecked()


@pytest.fixture
def window(qtbot, cinema_till: Till, clock: FakeClock, wedge: WedgeFilter) -> MainWindow:
    shown = MainWindow(cinema_till)
    shown.attach_wedge(wedge)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitExposed(shown)
    return shown


def _focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


@pytest.mark.parametrize("terminator", ["enter", "tab", None])
def test_a_scan_while_the_amount_field_has_focus_checks_the_code(
    qtbot, window: MainWindow, wedge, clock, region, fixed_now, terminator
) -> None:
    state, _ = region
    window.scan_field.setText(state.qr_payload("B002", fixed_now))
    window.on_scan()
    assert "Hugo Bernard" in window.verdict_panel.text()
    _focus(qtbot, window.charge_panel.amount_field)  # the cashier is about to type the price…
    send(samples.human_typing(random.Random(14), "8"), wedge, clock)
    assert window.charge_panel.amount_field.text() == "8"
    payload = state.qr_payload("B001", fixed_now)  # …and the next young person's code is scanned
    send(
        samples.scanner_burst(random.Random(15), payload, terminator=terminator),
        wedge,
        clock,
        shift_for_capitals=True,
    )
    assert window.verdict is not None and window.verdict.accepted
    assert "Léa Martin-Lefèvre" in window.verdict_panel.text()
    assert window.charge_panel.amount_field.text() in ("", "8")  # none of the code landed there
    assert window.scan_field.text() == ""
    assert window.result_label.text() == ""  # no Enter reached the amount field: no charge


def test_an_azerty_scan_in_the_window_is_corrected(
    qtbot, window: MainWindow, wedge, clock, region, fixed_now
) -> None:
    state, _ = region
    payload = state.qr_payload("B002", fixed_now)
    typed = "".join(QWERTY_ON_AZERTY.get(c, c) for c in payload)
    _focus(qtbot, window.scan_field)
    send(samples.scanner_burst(random.Random(15), typed), wedge, clock)
    assert window.verdict_panel.text().startswith("✔"), window.verdict_panel.text()
    assert window.scan_field.text() == ""


def test_a_mis_set_scanner_is_explained_in_french(qtbot, window: MainWindow, wedge, clock) -> None:
    _focus(qtbot, window.scan_field)
    typed = "".join(QWERTY_ON_AZERTY.get(c, c) for c in "9782070612758")
    send(samples.scanner_burst(random.Random(16), typed), wedge, clock)
    assert "AZERTY" in window.verdict_panel.text()
    assert "manuel" in window.verdict_panel.text()


def test_a_double_read_is_checked_once(
    qtbot, window: MainWindow, wedge, clock, region, fixed_now
) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    checks = []
    wedge.scanned.connect(checks.append)
    rng = random.Random(17)
    first = samples.scanner_burst(rng, payload, hiccup=False)
    again = samples.scanner_burst(rng, payload, start=first[-1].at + 0.25, hiccup=False)
    _focus(qtbot, window.scan_field)
    send(first + again, wedge, clock)
    assert len(checks) == 1
    assert window.scan_field.text() == ""


def test_keys_from_the_window_system_are_counted_once(qtbot, wedge, clock, form) -> None:
    """A real key press reaches the window first, then the focus widget: one key, not two."""
    from PySide6.QtTest import QTest

    _, line, _, _ = form
    fed: list[str] = []
    feed = wedge.detector.key

    def spy(text, at, token, autorepeat=False):
        fed.append(text)
        return feed(text, at, token, autorepeat)

    wedge.detector.key = spy  # type: ignore[method-assign]
    scans = []
    wedge.scanned.connect(scans.append)
    digits = "123456789012"
    for index, char in enumerate(digits):
        clock.now += 0.005 if index else 0.0
        QTest.keyClick(line.windowHandle(), Qt.Key(ord(char)))
    clock.now += 0.005
    QTest.keyClick(line.windowHandle(), Qt.Key.Key_Return)
    assert fed == list(digits)
    assert [scan.payload for scan in scans] == [digits]
    assert line.text() == ""
    for char in "42":
        clock.now += 0.2
        wedge.poll()
        QTest.keyClick(line.windowHandle(), Qt.Key(ord(char)))
    clock.now += 1.0
    wedge.poll()
    assert line.text() == "42"


def test_the_timer_is_armed_for_the_detectors_deadline(qtbot, wedge, clock, form) -> None:
    send_one = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    QApplication.sendEvent(QApplication.focusWidget(), send_one)
    assert wedge.detector.holding
    assert wedge._timer.isActive()
    assert 0 < wedge._timer.interval() <= 32  # max_key_gap (30 ms), rounded up
    clock.now += 0.031
    wedge.poll()
    assert not wedge._timer.isActive()
    assert form[1].text() == "1"


def test_no_shortcut_fires_on_a_character_of_a_scan(qtbot, wedge, clock) -> None:
    """A letter shortcut (the window of issue 7 may have some) must not fire mid-burst."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    button = QPushButton("Encaisser")
    qtbot.addWidget(button)
    button.show()
    button.activateWindow()
    qtbot.waitExposed(button)
    _focus(qtbot, button)
    fired = []
    QShortcut(QKeySequence("B"), button, activated=lambda: fired.append("B"))
    scans = []
    wedge.scanned.connect(scans.append)
    for index, char in enumerate("1234567890BB12"):
        clock.now += 0.005 if index else 0.0
        QTest.keyClick(button.windowHandle(), Qt.Key(ord(char)))
    clock.now += 0.005
    QTest.keyClick(button.windowHandle(), Qt.Key.Key_Return)
    assert fired == []
    assert [scan.payload.upper() for scan in scans] == ["1234567890BB12"]


def test_a_busy_gui_thread_does_not_split_a_burst(qtbot, wedge, clock, form) -> None:
    """The keys are timed by the window system's stamps: 200 ms of GUI stall in the middle of a
    burst (the keys queue, then arrive together) is not a pause."""
    _, line, _, _ = form
    payload = samples.typed_code(random.Random(18), spaced=False) * 3
    scans = []
    wedge.scanned.connect(scans.append)
    stamp = 5_000_000  # milliseconds, another origin than the clock
    for index, char in enumerate(payload):
        clock.now += 0.200 if index == 5 else 0.0002  # delivery: a stall, then a flood
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, _key_code(char), Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(stamp + 5 * index)
            QApplication.sendEvent(line, event)
    clock.now += 0.001
    enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    enter.setTimestamp(stamp + 5 * len(payload))
    QApplication.sendEvent(line, enter)
    assert [scan.payload for scan in scans] == [payload]
    assert line.text() == ""


def test_a_late_timer_looks_again_before_releasing(qtbot, wedge, clock, form) -> None:
    _, line, _, _ = form
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    QApplication.sendEvent(line, press)
    clock.now += 0.030 + 0.050  # the timer comes 50 ms late: the GUI thread was busy
    wedge._on_timer()
    assert wedge.detector.holding and wedge._timer.isActive()
    wedge._on_timer()  # nothing came in meanwhile: a human's key
    assert not wedge.detector.holding
    assert line.text() == "1"
