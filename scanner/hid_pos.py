"""USB scanners in HID POS mode on Linux: found through sysfs, read from `/dev/hidrawN`.

Why: a scanner in HID POS mode ("USB HID POS", "HID COM" in the manuals) is not a keyboard.
Nothing is typed into a widget, no keyboard layout scrambles the code (the AZERTY problem of
`scanner.wedge`), the focus does not matter, and the till knows the code came from a scanner.
Qt-free; the reading thread, the reopen-on-unplug rule and the status messages are
`scanner.device_reader.DeviceReader`'s.

**Finding the scanners** (`find_hid_pos_devices`): every `/sys/class/hidraw/hidrawN` has
`device/report_descriptor` (the HID report descriptor, binary, readable by everyone) and
`device/uevent` (`HID_NAME=`, `HID_ID=bus:vendor:product` in hex). A node is a HID POS scanner
when its descriptor uses usage page 0x8C (Bar Code Scanner). The descriptor also gives the input
report sizes and whether reports are numbered (`parse_report_descriptor`).

**What a report holds.** Source: "HID Point of Sale Usage Tables" 1.02 (usb.org, pos1_02.pdf)
names the usages of page 0x8C: 0x02 Bar Code Scanner (application collection), 0x12 Scanned Data
Report (logical collection), 0xFB-0xFD Symbology Identifier 1-3, 0xFE Decoded Data, 0xFF Decode
Data Continued. The table does not fix byte positions; the layout below is the one the vendors'
HID POS manuals document (Honeywell "USB HID POS"; Access-IS LSR116/ATR110 product manuals,
appendix "HID reports", whose example splits a 60-byte boarding pass over two reports), written
here from those manuals and memory, **not yet checked against a physical scanner**. For the
usual 64-byte report with report id 2:

    byte 0        report id (2: the Scanned Data Report)
    byte 1        length of the data in this report (0-56)
    bytes 2-4     AIM symbology identifier: "]", code letter, modifier ("]Q1" for a QR code)
    bytes 5-60    decoded data, left-justified, padded with 0x00
    byte 61       further (vendor) symbology identifier
    byte 62       reserved
    byte 63       bit 0: Decode Data Continued (1 = more reports follow for this code)

A report of another size keeps the same head and the same three-byte tail (data capacity =
size - 8). Without report ids (a descriptor with no Report ID item) everything moves one byte
left. A long code arrives as several reports, the flag set on all but the last; `HidPosAssembler`
joins them. Reports with another id (status, trigger) are skipped; malformed ones (too short, a
length beyond the report) are logged and dropped, and a code whose continuation never comes is
dropped after `part_timeout`.

**Permissions**: `/dev/hidraw*` is root-only on most distributions; a refused node gets
`permission_help()`, which gives the udev rule (`installers/linux/70-atouts-scanners.rules`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.text import Text
from scanner.device_reader import (
    DEFAULT_BACKOFF,
    DeviceReader,
    DeviceStatusCallback,
    DeviceUnusable,
    Opener,
)
from scanner.events import ScanCallback, ScanEvent, ScanSource

log = logging.getLogger(__name__)

__all__ = [
    "BARCODE_SCANNER_PAGE",
    "DescriptorInfo",
    "HidPosAssembler",
    "HidPosDevice",
    "find_hid_pos_devices",
    "hid_pos_reader",
    "open_hidraw",
    "parse_report_descriptor",
    "permission_help",
    "udev_rule",
]

BARCODE_SCANNER_PAGE = 0x8C
SCANNED_DATA_REPORT_ID = 2
DEFAULT_REPORT_SIZE = 64
_HEAD = 4  # length, 3 symbology bytes (after the report id, if any)
_TAIL = 3  # further symbology id, reserved, flags
MAX_PAYLOAD = 8192
"""Bytes of one code beyond which its parts are dropped (a stuck "continued" flag)."""
SYS_HIDRAW = Path("/sys/class/hidraw")
RULES_FILE = "70-atouts-scanners.rules"
LABEL = Text("Lecteur HID-POS")


# --- the report descriptor ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DescriptorInfo:
    """What the till needs from a report descriptor."""

    usage_pages: frozenset[int]
    input_reports: dict[int, int]
    """Report id (0 when reports are not numbered) → input report size in bytes, id included."""

    @property
    def numbered(self) -> bool:
        return any(report_id != 0 for report_id in self.input_reports)


def parse_report_descriptor(data: bytes) -> DescriptorInfo:
    """Walk the short items of a HID report descriptor (HID 1.11, section 6.2.2).

    Collects every usage page (Usage Page items, and extended 4-byte Usage items whose high
    half is a page) and adds up Report Size × Report Count of the Input items per report id.
    Long items are skipped; a truncated descriptor gives what was read before the cut.
    """
    pages: set[int] = set()
    bits: dict[int, int] = {}
    report_id = report_size = report_count = 0
    stack: list[tuple[int, int, int, int]] = []
    page = 0
    index = 0
    while index < len(data):
        prefix = data[index]
        if prefix == 0xFE:  # long item: size, tag, data
            if index + 1 >= len(data):
                break
            index += 3 + data[index + 1]
            continue
        size = (0, 1, 2, 4)[prefix & 0x03]
        kind, tag = (prefix >> 2) & 0x03, prefix >> 4
        if index + 1 + size > len(data):
            break
        value = int.from_bytes(data[index + 1 : index + 1 + size], "little")
        index += 1 + size
        if kind == 1:  # global
            if tag == 0x0:
                page = value
                pages.add(value)
            elif tag == 0x7:
                report_size = value
            elif tag == 0x8:
                report_id = value
            elif tag == 0x9:
                report_count = value
            elif tag == 0xA:
                stack.append((page, report_size, report_id, report_count))
            elif tag == 0xB and stack:
                page, report_size, report_id, report_count = stack.pop()
        elif kind == 2 and tag == 0x0 and size == 4:  # extended usage: page in the high half
            pages.add(value >> 16)
        elif kind == 0 and tag == 0x8:  # Input
            bits[report_id] = bits.get(report_id, 0) + report_size * report_count
    sizes = {rid: (total + 7) // 8 + (1 if rid else 0) for rid, total in bits.items()}
    return DescriptorInfo(frozenset(pages), sizes)


# --- finding the scanners ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HidPosDevice:
    """One hidraw node speaking HID POS, with what the reader and the chooser need."""

    path: str
    name: str
    vendor_id: int | None
    product_id: int | None
    report_id: int
    """The Scanned Data Report's id (0: reports are not numbered)."""
    report_size: int
    """Bytes to read at once: the largest input report."""

    @property
    def label(self) -> str:
        """For the settings page, in French."""
        return Text("{label} — {name} ({path})", label=LABEL, name=self.name, path=self.path)


def _uevent(node: Path) -> dict[str, str]:
    try:
        text = (node / "device" / "uevent").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def _ids(hid_id: str) -> tuple[int | None, int | None]:
    """`HID_ID=0003:00000C2E:00000B61` → (0x0C2E, 0x0B61)."""
    parts = hid_id.split(":")
    try:
        return int(parts[1], 16), int(parts[2], 16)
    except (IndexError, ValueError):
        return None, None


def describe_node(node: Path, dev_root: Path = Path("/dev")) -> HidPosDevice | None:
    """The HID POS scanner behind one `/sys/class/hidraw/hidrawN`, or None if it is not one."""
    try:
        descriptor = (node / "device" / "report_descriptor").read_bytes()
    except OSError as exc:
        log.debug("%s: no readable report descriptor (%s)", node.name, exc)
        return None
    info = parse_report_descriptor(descriptor)
    if BARCODE_SCANNER_PAGE not in info.usage_pages:
        return None
    uevent = _uevent(node)
    vendor, product = _ids(uevent.get("HID_ID", ""))
    name = uevent.get("HID_NAME", "").strip() or node.name
    if not info.numbered:
        report_id = 0
    elif SCANNED_DATA_REPORT_ID in info.input_reports or len(info.input_reports) != 1:
        report_id = SCANNED_DATA_REPORT_ID
    else:
        report_id = next(iter(info.input_reports))
    size = max(info.input_reports.values(), default=DEFAULT_REPORT_SIZE)
    return HidPosDevice(str(dev_root / node.name), name, vendor, product, report_id, size)


def find_hid_pos_devices(
    sys_root: Path = SYS_HIDRAW, dev_root: Path = Path("/dev")
) -> list[HidPosDevice]:
    """The HID POS scanners plugged in, by node number; [] when none or not Linux."""
    if not sys_root.is_dir():
        return []
    nodes = sorted(
        (node for node in sys_root.glob("hidraw*") if node.name[6:].isdigit()),
        key=lambda node: int(node.name[6:]),
    )
    return [device for node in nodes if (device := describe_node(node, dev_root)) is not None]


# --- permissions ---------------------------------------------------------------------------


def udev_rule(vendor_id: int | None) -> str:
    """The udev line giving the seated user (and group plugdev) this scanner's hidraw node."""
    match = f', ATTRS{{idVendor}}=="{vendor_id:04x}"' if vendor_id is not None else ""
    return f'SUBSYSTEM=="hidraw"{match}, MODE="0660", GROUP="plugdev", TAG+="uaccess"'


def permission_help(path: str, sys_root: Path = SYS_HIDRAW) -> str:
    """French advice for a refused hidraw node, with the rule for this scanner's maker."""
    vendor, _ = _ids(_uevent(sys_root / os.path.basename(path)).get("HID_ID", ""))
    return Text(
        "Accès refusé au lecteur HID-POS {path} : sous Linux, ces périphériques sont réservés "
        "à l'administrateur. Installez la règle udev fournie avec Atouts POS ({rules}) : "
        "« sudo cp {rules} /etc/udev/rules.d/ », ou écrivez dans un fichier de "
        "/etc/udev/rules.d/ la ligne : {rule} ; puis « sudo udevadm control "
        "--reload-rules && sudo udevadm trigger » et rebranchez le lecteur.",
        path=path,
        rules=RULES_FILE,
        rule=udev_rule(vendor),
    )


# --- the reports ---------------------------------------------------------------------------


class HidPosAssembler:
    """Scanned Data Reports in, `ScanEvent`s (source SERIAL) out; pure and clock-injected.

    One report per `feed` (hidraw gives exactly one per read). A double read of the same code
    within `repeat_window` seconds is dropped, as for the wedge and serial scanners.
    """

    def __init__(
        self,
        report_id: int = SCANNED_DATA_REPORT_ID,
        *,
        repeat_window: float = 1.0,
        part_timeout: float = 0.5,
    ) -> None:
        self.report_id = report_id
        self.repeat_window = repeat_window
        self.part_timeout = part_timeout
        self.symbology = ""
        """The AIM identifier of the last code read ("]Q1": QR code), for the log."""
        self._parts = bytearray()
        self._parts_at = float("-inf")
        self._last: str | None = None
        self._last_at = float("-inf")

    def feed(self, report: bytes, at: float) -> list[ScanEvent]:
        offset = 1 if self.report_id else 0
        if self.report_id and report[:1] != bytes([self.report_id]):
            log.debug("HID POS: report %s skipped (not scanned data)", report[:1].hex())
            return []
        capacity = len(report) - offset - _HEAD - _TAIL
        if capacity <= 0:
            log.warning("HID POS: report of %d bytes ignored (too short)", len(report))
            return []
        length = report[offset]
        if length > capacity:
            log.warning(
                "HID POS: report ignored, it announces %d bytes in a %d-byte field",
                length,
                capacity,
            )
            return []
        if self._parts and at - self._parts_at > self.part_timeout:
            log.warning("HID POS: %d bytes of an unfinished code dropped", len(self._parts))
            self._parts.clear()
        start = offset + _HEAD
        self._parts += report[start : start + length]
        self._parts_at = at
        if len(self._parts) > MAX_PAYLOAD:
            log.warning("HID POS: code longer than %d bytes dropped", MAX_PAYLOAD)
            self._parts.clear()
            return []
        if report[-1] & 0x01:  # Decode Data Continued
            return []
        self.symbology = report[offset + 1 : offset + _HEAD].decode("latin-1").strip("\x00")
        raw = bytes(self._parts)
        self._parts.clear()
        return self._code(raw, at)

    def _code(self, raw: bytes, at: float) -> list[ScanEvent]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # the verdict refuses it in words
        text = text.strip("\r\n\x00")
        if not text:
            return []
        repeat = text == self._last and at - self._last_at <= self.repeat_window
        self._last, self._last_at = text, at
        if repeat:
            return []
        log.debug("HID POS: %d characters, symbology %r", len(text), self.symbology)
        return [ScanEvent(text, ScanSource.SERIAL, at)]


# --- reading a node ------------------------------------------------------------------------


def open_hidraw(path: str) -> int:
    """Open a hidraw node for reading, non-blocking; `OSError` as the OS gives it."""
    if not sys.platform.startswith("linux"):
        raise DeviceUnusable(
            Text(
                "Les lecteurs HID-POS ne sont pris en charge que sous Linux pour l'instant : "
                "réglez le lecteur en mode clavier USB (HID keyboard)."
            )
        )
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)


def hid_pos_reader(
    path: str,
    on_scan: ScanCallback,
    on_status: DeviceStatusCallback,
    *,
    sys_root: Path = SYS_HIDRAW,
    opener: Opener = open_hidraw,
    backoff: Sequence[float] = DEFAULT_BACKOFF,
    clock: Callable[[], float] | None = None,
) -> DeviceReader:
    """A reader for one HID POS node; its report id and size come from sysfs when known."""
    device = describe_node(sys_root / os.path.basename(path))
    report_id = device.report_id if device else SCANNED_DATA_REPORT_ID
    size = device.report_size if device else DEFAULT_REPORT_SIZE
    extra = {"clock": clock} if clock is not None else {}
    return DeviceReader(
        path,
        opener,
        HidPosAssembler(report_id),
        on_scan,
        on_status,
        label=LABEL,
        permission_help=lambda node: permission_help(node, sys_root),
        read_size=size,
        backoff=backoff,
        **extra,
    )
