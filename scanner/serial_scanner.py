"""Serial scanners (RS-232, or USB in "virtual COM port" / CDC-ACM mode): one code per line.

A scanner set to serial mode sends the code's bytes followed by CR, LF or CR LF (some wrap it
in STX ... ETX), with no keyboard layout in the way: no AZERTY problem, nothing typed into a
widget. `SerialFramer` (pure, clock-injected) cuts the byte stream into `ScanEvent`s (source
SERIAL) and drops a double read of the same code within `repeat_window` (1 s, as the wedge).
`SerialReader` reads a POSIX tty (`/dev/ttyACM0`, `/dev/ttyUSB0`) in a thread with the standard
library only; on Windows (COM ports) it needs pyserial, which the till does not ship yet.

`serial_reader()` builds the reader the till uses: a `scanner.device_reader.DeviceReader`
(reopens the port after an unplug, French status messages) around a `SerialFramer`;
`pos_app.ui.scanner_sources` wires it to the window and `list_serial_ports()` feeds the settings
page. `SerialReader` is the bare reader (no reopen), kept for scripts. HID POS scanners (USB
usage page 0x8C) are `scanner.hid_pos`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.text import Text
from scanner.device_reader import (
    DEFAULT_BACKOFF,
    DeviceReader,
    DeviceStatusCallback,
    DeviceUnusable,
)
from scanner.events import ScanCallback, ScanEvent, ScanSource

_ENDS = b"\r\n\x03"
_STX = b"\x02"
MAX_LINE = 4096
"""Bytes without a line end after which the buffer is dropped (noise on the line)."""


class SerialFramer:
    def __init__(self, repeat_window: float = 1.0) -> None:
        self.repeat_window = repeat_window
        self._buffer = bytearray()
        self._last: str | None = None
        self._last_at = float("-inf")

    def feed(self, data: bytes, at: float) -> list[ScanEvent]:
        scans: list[ScanEvent] = []
        for byte in data:
            if byte in _ENDS:
                scan = self._line(at)
                if scan is not None:
                    scans.append(scan)
            elif byte in _STX:
                self._buffer.clear()
            else:
                self._buffer.append(byte)
                if len(self._buffer) > MAX_LINE:
                    self._buffer.clear()
        return scans

    def _line(self, at: float) -> ScanEvent | None:
        raw = bytes(self._buffer)
        self._buffer.clear()
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # the verdict refuses it in words
        text = text.strip()
        if not text:
            return None  # the LF of a CR LF, or an empty read
        repeat = text == self._last and at - self._last_at <= self.repeat_window
        self._last, self._last_at = text, at
        if repeat:
            return None
        return ScanEvent(text, ScanSource.SERIAL, at)


class SerialUnavailable(RuntimeError):
    """The port cannot be used here; the message is French, for the partner."""


class SerialReader:
    """Read a serial scanner on a POSIX tty in a daemon thread; `on_scan` runs in that thread
    (a Qt window must hand it over to the GUI thread through a queued signal)."""

    def __init__(
        self,
        path: str,
        on_scan: ScanCallback,
        baud: int = 9600,
        clock: Callable[[], float] = time.monotonic,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.baud = baud
        self._on_scan = on_scan
        self._on_error = on_error
        self._clock = clock
        self._framer = SerialFramer()
        self._fd: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._fd = _open_raw(self.path, self.baud)
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _run(self) -> None:
        import select

        assert self._fd is not None
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(self._fd, 1024)
            except OSError as exc:  # unplugged
                if self._on_error is not None:
                    self._on_error(
                        Text(
                            "Lecteur série {path} débranché ou illisible ({error}).",
                            path=self.path,
                            error=exc,
                        )
                    )
                return
            if not data:
                continue
            for scan in self._framer.feed(data, self._clock()):
                self._on_scan(scan)


def _open_raw(path: str, baud: int) -> int:
    try:
        import termios
        import tty
    except ImportError as exc:  # Windows
        raise SerialUnavailable(
            Text(
                "Les lecteurs série (port COM) ne sont pas encore pris en charge sous Windows : "
                "réglez le lecteur en mode clavier USB (HID keyboard)."
            )
        ) from exc
    speed = getattr(termios, f"B{baud}", None)
    if speed is None:
        raise SerialUnavailable(
            Text("Vitesse {baud} bauds non prise en charge par ce système.", baud=baud)
        )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as exc:
        raise SerialUnavailable(
            Text(
                "Impossible d'ouvrir le lecteur série {path} ({error}). Vérifiez qu'il est "
                "branché et que l'utilisateur a le droit de le lire (groupe dialout).",
                path=path,
                error=exc.strerror,
            )
        ) from exc
    try:
        tty.setraw(fd)
        attrs = termios.tcgetattr(fd)
        attrs[4] = attrs[5] = speed  # ispeed, ospeed
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    except termios.error as exc:
        os.close(fd)
        raise SerialUnavailable(
            Text("{path} n'est pas un port série ({error}).", path=path, error=exc)
        ) from exc
    return fd


LABEL = Text("Lecteur série")


def open_serial(path: str, baud: int = 9600) -> int:
    """`_open_raw` for `DeviceReader`: the OS error itself (missing, refused: retried, and
    classified by errno), `DeviceUnusable` when the node is no serial port (final)."""
    try:
        return _open_raw(path, baud)
    except SerialUnavailable as exc:
        if isinstance(exc.__cause__, OSError):
            raise exc.__cause__ from None
        raise DeviceUnusable(exc.args[0]) from exc


def serial_permission_help(path: str) -> str:
    return Text(
        "Accès refusé au lecteur série {path} : ajoutez l'utilisateur de la caisse au groupe "
        "dialout (« sudo usermod -aG dialout $USER »), puis fermez la session et rouvrez-la.",
        path=path,
    )


def serial_reader(
    path: str,
    on_scan: ScanCallback,
    on_status: DeviceStatusCallback,
    *,
    baud: int = 9600,
    backoff: Sequence[float] = DEFAULT_BACKOFF,
    clock: Callable[[], float] = time.monotonic,
) -> DeviceReader:
    """The reader the till uses for a serial scanner (reopens it after an unplug)."""
    return DeviceReader(
        path,
        lambda node: open_serial(node, baud),
        SerialFramer(),
        on_scan,
        on_status,
        label=LABEL,
        permission_help=serial_permission_help,
        backoff=backoff,
        clock=clock,
    )


@dataclass(frozen=True, slots=True)
class SerialPort:
    """A USB serial port that may be a scanner: its node and a name for the chooser."""

    path: str
    name: str

    @property
    def label(self) -> str:
        return f"{LABEL} — {self.name} ({self.path})" if self.name else f"{LABEL} ({self.path})"


def _usb_name(node: Path) -> str:
    """Maker and product of the USB device behind a tty (sysfs), or ""."""
    try:
        device = (node / "device").resolve()
    except OSError:
        return ""
    for folder in (device, *device.parents[:3]):
        try:
            product = (folder / "product").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        try:
            maker = (folder / "manufacturer").read_text(encoding="utf-8", errors="replace")
        except OSError:
            maker = ""
        return " ".join(part for part in (maker.strip(), product) if part)
    return ""


def list_serial_ports(
    sys_root: Path = Path("/sys/class/tty"), dev_root: Path = Path("/dev")
) -> list[SerialPort]:
    """USB serial ports (`ttyACM*`: CDC-ACM scanners, `ttyUSB*`: USB-serial adapters) on Linux;
    [] elsewhere (COM ports need pyserial, see `_open_raw`)."""
    if not sys.platform.startswith("linux") or not sys_root.is_dir():
        return []
    nodes = sorted(
        (node for pattern in ("ttyACM*", "ttyUSB*") for node in sys_root.glob(pattern)),
        key=lambda node: (node.name[:6], int(node.name[6:]) if node.name[6:].isdigit() else 0),
    )
    return [SerialPort(str(dev_root / node.name), _usb_name(node)) for node in nodes]
