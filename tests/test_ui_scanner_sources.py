"""Serial and HID POS scanners on the Qt side: a real pty, a FIFO for the hidraw node, a fake
sysfs tree; codes and statuses must reach the GUI thread."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from hid_fakes import HID_POS_DESCRIPTOR, fake_sysfs, open_writer, report, reports_for
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from pos_app.ui.scanner_sources import (
    ScannerChoice,
    ScannerKind,
    ScannerSourcesController,
    available_scanners,
    default_reader_factory,
)
from scanner.device_reader import DeviceState, DeviceStatus
from scanner.events import ScanEvent, ScanSource

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty, hidraw")

CODE = "AT2:6BF+CV%R3$:K1.-/*"
LONG_CODE = "AT2:" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" * 5


@pytest.fixture
def hidraw(tmp_path: Path) -> tuple[Path, Path]:
    sys_root = fake_sysfs(tmp_path / "sys", {"hidraw4": (HID_POS_DESCRIPTOR, "Honeywell")})
    node = tmp_path / "dev" / "hidraw4"
    node.parent.mkdir()
    os.mkfifo(node)
    return node, sys_root


def _states(statuses: list[DeviceStatus], path: str) -> list[DeviceState]:
    return [status.state for status in statuses if status.path == path]


def test_a_serial_scanner_delivers_on_the_gui_thread(qtbot) -> None:
    master, slave = os.openpty()
    path = os.ttyname(slave)
    controller = ScannerSourcesController()
    statuses: list[DeviceStatus] = []
    threads: list[str] = []
    controller.status_changed.connect(statuses.append)
    controller.scanned.connect(lambda event: threads.append(threading.current_thread().name))
    try:
        controller.start("serial", path)
        qtbot.waitUntil(lambda: _states(statuses, path) == [DeviceState.RUNNING], timeout=5000)
        with qtbot.waitSignal(controller.scanned, timeout=5000) as blocker:
            os.write(master, CODE.encode() + b"\r\n")
        assert QThread.currentThread() is QApplication.instance().thread()
    finally:
        controller.stop()
        os.close(master)
        os.close(slave)
    event: ScanEvent = blocker.args[0]
    assert (event.payload, event.source) == (CODE, ScanSource.SERIAL)
    assert threads == ["MainThread"]
    assert controller.active() == [] and not controller.running
    qtbot.waitUntil(lambda: _states(statuses, path)[-1] is DeviceState.STOPPED, timeout=5000)


def test_a_hid_pos_scanner_split_code_and_unplug_reach_the_window(qtbot, hidraw) -> None:
    node, sys_root = hidraw
    controller = ScannerSourcesController(
        default_reader_factory(hid_sys_root=sys_root, backoff=(0.02, 0.05))
    )
    statuses: list[DeviceStatus] = []
    controller.status_changed.connect(statuses.append)
    controller.start(ScannerKind.HID_POS, str(node))
    writer = open_writer(node)
    try:
        with qtbot.waitSignal(controller.scanned, timeout=5000) as blocker:
            for part in reports_for(LONG_CODE):
                os.write(writer, part)
        assert blocker.args[0].payload == LONG_CODE
        assert controller.active() == [(ScannerKind.HID_POS, str(node))]
        node.unlink()
        os.close(writer)
        qtbot.waitUntil(lambda: DeviceState.UNPLUGGED in _states(statuses, str(node)), timeout=5000)
        assert "débranché" in statuses[-1].message
        os.mkfifo(node)
        writer = open_writer(node)
        with qtbot.waitSignal(controller.scanned, timeout=5000) as blocker:
            os.write(writer, report(CODE.encode()))
        assert blocker.args[0].payload == CODE
    finally:
        os.close(writer)
        controller.stop()
    assert _states(statuses, str(node))[:3] == [
        DeviceState.RUNNING,
        DeviceState.UNPLUGGED,
        DeviceState.RUNNING,
    ]


def test_two_scanners_at_once_and_one_stopped(qtbot, hidraw) -> None:
    node, sys_root = hidraw
    master, slave = os.openpty()
    tty = os.ttyname(slave)
    controller = ScannerSourcesController(default_reader_factory(hid_sys_root=sys_root))
    got: list[str] = []
    running: set[str] = set()
    controller.scanned.connect(lambda event: got.append(event.payload))
    controller.status_changed.connect(
        lambda status: running.add(status.path) if status.state is DeviceState.RUNNING else None
    )
    controller.start(ScannerKind.SERIAL, tty)
    controller.start(ScannerKind.HID_POS, str(node))
    controller.start(ScannerKind.HID_POS, str(node))  # already running: nothing happens
    writer = open_writer(node)
    try:
        # Both devices opened (and the serial line set up) before anything is typed: a code
        # sent before the reader has set the line up is not what this test is about.
        qtbot.waitUntil(lambda: running >= {tty, str(node)}, timeout=5000)
        os.write(writer, report(b"from-hid"))
        os.write(master, b"from-serial\r")
        qtbot.waitUntil(lambda: sorted(got) == ["from-hid", "from-serial"], timeout=5000)
        controller.stop(tty)
        assert controller.active() == [(ScannerKind.HID_POS, str(node))]
        assert controller.running
        controller.stop("/dev/not-started")  # nothing to stop: no error
    finally:
        controller.stop()
        os.close(writer)
        os.close(master)
        os.close(slave)
    assert not controller.running


def test_a_missing_device_is_a_status_not_an_exception(qtbot, tmp_path: Path) -> None:
    controller = ScannerSourcesController(default_reader_factory(backoff=(0.05,)))
    missing = str(tmp_path / "ttyACM7")
    with qtbot.waitSignal(controller.status_changed, timeout=5000) as blocker:
        controller.start(ScannerKind.SERIAL, missing)
    controller.stop()
    status: DeviceStatus = blocker.args[0]
    assert (status.state, status.path) == (DeviceState.ABSENT, missing)
    assert "introuvable" in status.message
    with pytest.raises(ValueError):
        controller.start("bluetooth", missing)


def test_available_scanners_for_the_settings_page(tmp_path: Path) -> None:
    hid_root = fake_sysfs(tmp_path / "hidraw", {"hidraw2": (HID_POS_DESCRIPTOR, "Honeywell 1950g")})
    tty_root = tmp_path / "tty"
    (tty_root / "ttyACM0").mkdir(parents=True)
    choices = available_scanners(hid_sys_root=hid_root, tty_sys_root=tty_root)
    assert choices == [
        ScannerChoice(
            ScannerKind.HID_POS, "/dev/hidraw2", "Lecteur HID-POS — Honeywell 1950g (/dev/hidraw2)"
        ),
        ScannerChoice(ScannerKind.SERIAL, "/dev/ttyACM0", "Lecteur série (/dev/ttyACM0)"),
    ]
    # a plain (kind, path, label) tuple too
    assert tuple(choices[1]) == ("serial", "/dev/ttyACM0", "Lecteur série (/dev/ttyACM0)")
    assert available_scanners(hid_sys_root=tmp_path / "x", tty_sys_root=tmp_path / "y") == []
