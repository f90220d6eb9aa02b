"""Serial and HID POS scanners on the Qt side: the Qt-free readers behind two signals.

The readers (`scanner.device_reader.DeviceReader`, built by `scanner.serial_scanner` and
`scanner.hid_pos`) call back from their own threads. As for the webcam (`pos_app.ui.camera`),
`_SourcesBridge` re-emits those callbacks as signals and `ScannerSourcesController`, which lives
in the GUI thread, receives them in `@Slot`s through queued connections (PySide6 ≥ 6.8 can crash
on signals from plain Python threads received by anything else, PYSIDE-3124) and re-emits them:
whoever connects to `scanned` and `status_changed` runs on the GUI thread and may touch widgets.

Several scanners can run at once (one per device node): a till may have a HID POS scanner on the
counter and a serial one at the entrance. `available_scanners()` lists what can be chosen on the
settings page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from pos_app.ui.qt import QObject, Qt, Signal, Slot
from scanner.device_reader import (
    DEFAULT_BACKOFF,
    DeviceReader,
    DeviceStatus,
    DeviceStatusCallback,
)
from scanner.events import ScanCallback, ScanEvent
from scanner.hid_pos import SYS_HIDRAW, find_hid_pos_devices, hid_pos_reader
from scanner.serial_scanner import list_serial_ports, serial_reader

log = logging.getLogger(__name__)

__all__ = [
    "ReaderFactory",
    "ScannerChoice",
    "ScannerKind",
    "ScannerSourcesController",
    "available_scanners",
    "default_reader_factory",
]


class ScannerKind(StrEnum):
    SERIAL = "serial"
    HID_POS = "hid-pos"


class ScannerChoice(NamedTuple):
    """One scanner the settings page can offer: (kind, device path, label in French)."""

    kind: ScannerKind
    path: str
    label: str


def available_scanners(
    *,
    hid_sys_root: Path = SYS_HIDRAW,
    tty_sys_root: Path = Path("/sys/class/tty"),
    dev_root: Path = Path("/dev"),
) -> list[ScannerChoice]:
    """HID POS scanners first (they need no setting), then USB serial ports; [] when none.

    Reads sysfs only (Linux; elsewhere the list is empty): quick, opens no device, needs no
    permission, so it may run on the GUI thread when the settings page opens.
    """
    choices = [
        ScannerChoice(ScannerKind.HID_POS, device.path, device.label)
        for device in find_hid_pos_devices(hid_sys_root, dev_root)
    ]
    choices += [
        ScannerChoice(ScannerKind.SERIAL, port.path, port.label)
        for port in list_serial_ports(tty_sys_root, dev_root)
    ]
    return choices


ReaderFactory = Callable[[ScannerKind, str, ScanCallback, DeviceStatusCallback], DeviceReader]


def default_reader_factory(
    *,
    baud: int = 9600,
    hid_sys_root: Path = SYS_HIDRAW,
    backoff: Sequence[float] = DEFAULT_BACKOFF,
) -> ReaderFactory:
    """Builds the till's readers: `serial_reader` or `hid_pos_reader` for the node."""

    def build(
        kind: ScannerKind, path: str, on_scan: ScanCallback, on_status: DeviceStatusCallback
    ) -> DeviceReader:
        if kind is ScannerKind.SERIAL:
            return serial_reader(path, on_scan, on_status, baud=baud, backoff=backoff)
        return hid_pos_reader(path, on_scan, on_status, sys_root=hid_sys_root, backoff=backoff)

    return build


class _SourcesBridge(QObject):
    """Emitted from the readers' threads; only `ScannerSourcesController`'s slots receive these."""

    scanned = Signal(object)
    status_changed = Signal(object)


class ScannerSourcesController(QObject):
    """Start/stop serial and HID POS scanners; their codes and statuses arrive on the GUI thread."""

    scanned = Signal(object)
    """A `ScanEvent` (source SERIAL), on the GUI thread."""
    status_changed = Signal(object)
    """A `scanner.device_reader.DeviceStatus` (state, French message, device path)."""

    def __init__(self, factory: ReaderFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory or default_reader_factory()
        self._bridge = _SourcesBridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.scanned.connect(self._deliver_scan, queued)
        self._bridge.status_changed.connect(self._deliver_status, queued)
        self._readers: dict[str, tuple[ScannerKind, DeviceReader]] = {}

    @property
    def running(self) -> bool:
        return any(reader.running for _, reader in self._readers.values())

    def active(self) -> list[tuple[ScannerKind, str]]:
        """The (kind, path) of each scanner started and not stopped, in starting order."""
        return [(kind, path) for path, (kind, _) in self._readers.items()]

    def start(self, kind: ScannerKind | str, path: str) -> None:
        """Read the scanner at `path`. Returns at once: opening happens on the reader's thread
        and its outcome arrives as `status_changed`. Starting a path already read with the same
        kind does nothing; with another kind, the old reader is stopped first."""
        kind = ScannerKind(kind)  # ValueError for an unknown kind
        current = self._readers.get(path)
        if current is not None:
            if current[0] is kind and current[1].running:
                return
            self.stop(path)
        reader = self._factory(
            kind, path, self._bridge.scanned.emit, self._bridge.status_changed.emit
        )
        self._readers[path] = (kind, reader)
        reader.start()

    def stop(self, path: str | None = None) -> None:
        """Stop one scanner, or all of them (None); waits at most a couple of seconds each."""
        paths = list(self._readers) if path is None else [path]
        for key in paths:
            entry = self._readers.pop(key, None)
            if entry is not None and not entry[1].stop():
                log.warning("scanner thread for %s did not stop in time", key)

    @Slot(object)
    def _deliver_scan(self, event: ScanEvent) -> None:
        self.scanned.emit(event)

    @Slot(object)
    def _deliver_status(self, status: DeviceStatus) -> None:
        self.status_changed.emit(status)
