"""What every code source hands the counter: the payload text, where it came from, and when.

A webcam, a USB scanner typing into the window, a typed code, an image file or the clipboard all
end in a `ScanEvent`, so the counter reacts the same whatever the source (issue 6, item 5). Qt-free:
the window wraps the callback in a signal; tests and the CLI call it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class ScanSource(StrEnum):
    CAMERA = "camera"
    WEDGE = "wedge"
    """A USB barcode scanner that types the code as keystrokes (keyboard wedge)."""
    SERIAL = "serial"
    """A serial or HID-POS scanner."""
    KEYBOARD = "keyboard"
    """A code the cashier typed."""
    IMAGE = "image"
    CLIPBOARD = "clipboard"


@dataclass(frozen=True, slots=True)
class ScanEvent:
    payload: str
    source: ScanSource
    at: float
    """`time.monotonic()` when the code was read: for debounce and latency, not the calendar."""


ScanCallback = Callable[[ScanEvent], None]
