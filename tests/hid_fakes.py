"""Stand-ins for HID POS hardware, shared by the scanner and UI tests: real bytes, real files.

A report descriptor as a HID POS scanner sends it, a fake `/sys/class/hidraw` tree in a
temporary folder, Scanned Data Reports, a FIFO standing in for `/dev/hidrawN` (one 64-byte write
is one read, as hidraw gives one report per read), and a thread-safe recorder of callbacks.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HONEYWELL = 0x0C2E

# Usage Page 0x8C, Usage Bar Code Scanner, Collection(Application), Usage Scanned Data Report,
# Collection(Logical), Report ID 2, 8-bit fields: length, 3 symbology ids (0xFB-0xFD), 56 data
# bytes (0xFE, buffered bytes), further id + reserved, then 1 bit Decode Data Continued (0xFF)
# and 7 bits of padding: 63 bytes + the report id = 64.
HID_POS_DESCRIPTOR = bytes.fromhex(
    "058c 0902 a101 0912 a102 8502 1500 26ff00"
    "7508 9501 8102"
    "9503 09fb 09fc 09fd 8102"
    "9538 09fe 820201"
    "9502 8102"
    "7501 9501 09ff 8102"
    "7507 9501 8103"
    "c0 c0".replace(" ", "")
)
KEYBOARD_DESCRIPTOR = bytes.fromhex(
    "0501 0906 a101 0507 19e0 29e7 1500 2501 7501 9508 8102 9501 7508 8101 c0".replace(" ", "")
)


def report(
    data: bytes, *, more: bool = False, symbology: bytes = b"]Q1", report_id: int = 2
) -> bytes:
    """One 64-byte Scanned Data Report carrying `data` (at most 56 bytes)."""
    assert len(data) <= 56
    head = bytes([report_id, len(data)]) + symbology
    return head + data.ljust(56, b"\x00") + b"\x00\x00" + bytes([1 if more else 0])


def reports_for(text: str) -> list[bytes]:
    """A code split as a scanner splits it: 56 bytes a report, the flag on all but the last."""
    raw = text.encode()
    chunks = [raw[i : i + 56] for i in range(0, len(raw), 56)] or [b""]
    return [report(chunk, more=i < len(chunks) - 1) for i, chunk in enumerate(chunks)]


def fake_sysfs(
    root: Path, nodes: dict[str, tuple[bytes | None, str]], vendor: int = HONEYWELL
) -> Path:
    """`root/hidrawN/device/{report_descriptor,uevent}` for each node (None: no descriptor)."""
    for name, (descriptor, hid_name) in nodes.items():
        device = root / name / "device"
        device.mkdir(parents=True)
        if descriptor is not None:
            (device / "report_descriptor").write_bytes(descriptor)
        (device / "uevent").write_text(
            f"DRIVER=hid-generic\nHID_ID=0003:{vendor:08X}:00000B61\nHID_NAME={hid_name}\n"
        )
    return root


def open_writer(path: Path, timeout: float = 5.0) -> int:
    """Open the FIFO's writing end once the reader has opened it (the "scanner" side)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno not in (errno.ENXIO, errno.ENOENT) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class Recorder:
    """Collects scans and statuses from the reader's thread; waits for a condition on them."""

    def __init__(self) -> None:
        self.scans: list[Any] = []
        self.statuses: list[Any] = []
        self._changed = threading.Condition()

    def on_scan(self, scan: Any) -> None:
        with self._changed:
            self.scans.append(scan)
            self._changed.notify_all()

    def on_status(self, status: Any) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def wait(self, condition: Callable[[Recorder], bool], timeout: float = 5.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: condition(self), timeout):
                raise AssertionError(f"timed out: scans={self.payloads()} states={self.states()}")

    def payloads(self) -> list[str]:
        return [scan.payload for scan in self.scans]

    def states(self) -> list[str]:
        return [str(status.state) for status in self.statuses]
