"""The counter's own choices (camera, scanner, language, receipt printer), kept in the till's
data folder.

A small JSON file, `counter-settings.json`, written atomically (a temporary file in the same
folder, flushed to disk, then renamed over the old one: a power cut leaves the old file or the
new one, never half of one). Reading is tolerant: a missing file gives the defaults; a corrupt
file gives the defaults with a log entry; a field this version does not know is ignored and a
field with a wrong value falls back to its default, each with a log entry. The till never
refuses to start because of this file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from scanner.camera_types import RESOLUTIONS, CameraConfig

log = logging.getLogger(__name__)

FILE_NAME = "counter-settings.json"
LANGUAGES = ("fr", "en")
PRINTER_KINDS = ("", "system", "usb", "network", "serial")
"""No printer; a printer of the system (Qt's print system); an ESC/POS ticket printer on USB,
on the network (raw TCP, port 9100) or on a serial port."""
PAPER_WIDTHS = (58, 80)
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True, slots=True)
class CounterSettings:
    camera_index: int | None = None
    """OpenCV's index of the chosen camera; None: the first camera found."""
    camera_name: str = ""
    """Its name when chosen, to show it even while it is unplugged."""
    camera_width: int = 1280
    camera_height: int = 720
    scanner_kind: str = ""
    """'' : only keyboard-wedge scanners (automatic); else the kind `available_scanners()`
    gave (serial, HID-POS…) with its device path."""
    scanner_device: str = ""
    language: str = "fr"
    printer_kind: str = ""
    """One of PRINTER_KINDS; "" : no receipt printer (receipts shown, copied or saved as PDF)."""
    printer_name: str = ""
    """The system printer's name; "" : the system's default printer."""
    printer_usb: str = ""
    """An ESC/POS USB printer's vendor:product ids in hexadecimal, as `lsusb` shows them."""
    printer_host: str = ""
    """An ESC/POS network printer: host or host:port (port 9100 by default)."""
    printer_serial: str = ""
    """An ESC/POS serial printer's port: /dev/ttyUSB0, COM3…"""
    printer_baud: int = 9600
    paper_width: int = 80
    """Ticket printer paper, in mm: 58 or 80 (32 or 48 characters per line)."""
    api_enabled: bool = False
    """The local API for the partner's own till software runs with the window (local-api.md)."""
    api_port: int = 8780
    api_host: str = "127.0.0.1"
    """Another address than loopback is used only with `api_allow_network` (and a warning)."""
    api_allow_network: bool = False


_DEFAULTS = CounterSettings()


def settings_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / FILE_NAME


def _valid(name: str, value: Any) -> bool:
    if name == "camera_index":
        return value is None or (type(value) is int and value >= 0)
    if name in ("camera_width", "camera_height"):
        return type(value) is int and value > 0
    if name == "language":
        return value in LANGUAGES
    if name == "printer_kind":
        return value in PRINTER_KINDS
    if name == "printer_baud":
        return type(value) is int and value in BAUD_RATES
    if name == "paper_width":
        return type(value) is int and value in PAPER_WIDTHS
    if name in ("api_enabled", "api_allow_network"):
        return type(value) is bool
    if name == "api_port":
        return type(value) is int and 1024 <= value <= 65535
    return isinstance(value, str)


def load_settings(data_dir: Path | str) -> CounterSettings:
    """The saved choices, or the defaults (see the module's tolerance rules); never raises."""
    path = settings_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _DEFAULTS
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("counter settings %s unreadable, defaults used: %s", path, exc)
        return _DEFAULTS
    if not isinstance(data, dict):
        log.warning("counter settings %s is not an object, defaults used", path)
        return _DEFAULTS
    known = {f.name for f in fields(CounterSettings)}
    unknown = sorted(set(data) - known)
    if unknown:
        log.warning("counter settings %s: unknown fields ignored: %s", path, ", ".join(unknown))
    values = {}
    for name in known & set(data):
        if _valid(name, data[name]):
            values[name] = data[name]
        else:
            log.warning("counter settings %s: bad %s %r, default used", path, name, data[name])
    settings = replace(_DEFAULTS, **values)
    if (settings.camera_width, settings.camera_height) not in RESOLUTIONS:
        log.warning("counter settings %s: resolution not offered, default used", path)
        settings = replace(
            settings, camera_width=_DEFAULTS.camera_width, camera_height=_DEFAULTS.camera_height
        )
    return settings


def save_settings(data_dir: Path | str, settings: CounterSettings) -> None:
    """Write atomically; raises OSError if the folder cannot be written."""
    path = settings_path(data_dir)
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".counter-settings-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def camera_config(settings: CounterSettings) -> CameraConfig | None:
    """What the window's camera opens at start: the chosen camera at the chosen size, or None
    (no camera chosen yet: `pos_app.ui.camera.default_worker(None)` takes the first found)."""
    if settings.camera_index is None:
        return None
    return CameraConfig(
        index=settings.camera_index, width=settings.camera_width, height=settings.camera_height
    )
