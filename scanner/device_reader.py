"""A scanner behind a device node (a serial tty, a hidraw node): read it on a thread, survive
unplugging, and say in French what is wrong.

Qt-free. `DeviceReader` owns one plain Python thread that opens the node, reads it with
`select` (so `stop()` is honoured within `POLL_SECONDS`), hands each chunk to a *feeder* that
turns bytes into `ScanEvent`s (`scanner.serial_scanner.SerialFramer`,
`scanner.hid_pos.HidPosAssembler`), and calls `on_scan` / `on_status` **from that thread**: a
Qt caller hands them over to the GUI thread (`pos_app.ui.scanner_sources`).

Same rules as the webcam (`scanner.camera`), so the cashier sees the same behaviour:

- **Open in the thread**: `start()` never raises and never blocks; a device that cannot be
  opened is a status, not an exception.
- **Reopen rule**: a read error or an end of file means the device went away (unplugged, the
  scanner rebooted); the node is closed and reopened after `backoff[0]`, `backoff[1]`… seconds
  (0.5, 1, 2, 4, then 5 s each time) until it opens again or `stop()` is called. Missing nodes
  and refused permissions are retried the same way: plugging the scanner in, or installing the
  udev rule and replugging, is enough, no restart of the till.
- **Status on change**: `on_status` gets a `DeviceStatus` when the state changes, not at every
  retry. `DeviceUnusable` from the opener (not a tty, an OS without support) is final: the
  thread ends with state `UNUSABLE`.
- A feeder or callback that raises is logged and the reading goes on: a garbage report never
  ends the session.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pos_app.domain.text import Text
from scanner.events import ScanCallback, ScanEvent

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_BACKOFF",
    "DeviceReader",
    "DeviceState",
    "DeviceStatus",
    "DeviceStatusCallback",
    "DeviceUnusable",
    "Feeder",
    "Opener",
]

DEFAULT_BACKOFF: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 5.0)
POLL_SECONDS = 0.2
"""How long a `select` waits: the bound on how late `stop()` is noticed."""


class DeviceState(StrEnum):
    RUNNING = "running"
    ABSENT = "absent"
    """The node does not exist (yet): never plugged in, or a wrong path."""
    UNPLUGGED = "unplugged"
    """It was read, then went away; retried."""
    NO_PERMISSION = "no_permission"
    UNUSABLE = "unusable"
    """Final: this node cannot be a scanner here (not a tty, unsupported OS)."""
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """What the till shows about one scanner: the state, a French message, and which node."""

    state: DeviceState
    message: str
    path: str


DeviceStatusCallback = Callable[[DeviceStatus], None]
Opener = Callable[[str], int]
"""Opens a node and returns a non-blocking file descriptor; raises `OSError` (classified by
errno: missing, permission...) or `DeviceUnusable` (final)."""


class DeviceUnusable(RuntimeError):
    """The node can never be read as a scanner here; the message is French, for the partner."""


class Feeder(Protocol):
    """Turns the bytes of one read into the codes they complete (maybe none)."""

    def feed(self, data: bytes, at: float) -> list[ScanEvent]: ...


class DeviceReader:
    """Read one scanner node on a daemon thread; see the module docstring for the rules."""

    def __init__(
        self,
        path: str,
        opener: Opener,
        feeder: Feeder,
        on_scan: ScanCallback,
        on_status: DeviceStatusCallback,
        *,
        label: str,
        permission_help: Callable[[str], str],
        read_size: int = 4096,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`label` names the device in messages ("Lecteur série"); `permission_help(path)` is
        the French advice shown when the node is refused (group, udev rule)."""
        self.path = path
        self.label = label
        self._opener = opener
        self._feeder = feeder
        self._on_scan = on_scan
        self._on_status = on_status
        self._permission_help = permission_help
        self._read_size = read_size
        self._backoff = tuple(backoff) or DEFAULT_BACKOFF
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: DeviceState | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def state(self) -> DeviceState | None:
        """The last state reported (None before the first)."""
        return self._state

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"scanner-{os.path.basename(self.path)}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the thread to end and wait for it; False if it did not end within `timeout`."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # --- the thread ----------------------------------------------------------------------

    def _report(self, state: DeviceState, message: str) -> None:
        if state == self._state:
            return
        self._state = state
        log.info("%s %s: %s", self.label, self.path, state)
        try:
            self._on_status(DeviceStatus(state, message, self.path))
        except Exception:
            log.exception("status callback failed")

    def _run(self) -> None:
        attempt = 0
        was_read = False
        while not self._stop.is_set():
            try:
                fd = self._opener(self.path)
            except DeviceUnusable as exc:
                self._report(DeviceState.UNUSABLE, exc.args[0])
                return
            except OSError as exc:
                self._report(*self._open_failure(exc, was_read))
                delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                attempt += 1
                self._stop.wait(delay)
                continue
            attempt = 0
            ready = (
                Text("{label} reconnecté ({path}).", label=self.label, path=self.path)
                if was_read
                else Text("{label} prêt ({path}).", label=self.label, path=self.path)
            )
            self._report(DeviceState.RUNNING, ready)
            was_read = True
            try:
                self._read_until_gone(fd)
            finally:
                os.close(fd)
            if not self._stop.is_set():
                self._report(
                    DeviceState.UNPLUGGED,
                    self._unplugged(),
                )
        self._report(DeviceState.STOPPED, Text("{label} arrêté.", label=self.label))

    def _unplugged(self) -> Text:
        return Text(
            "{label} {path} débranché : rebranchez-le, la caisse le reprendra d'elle-même.",
            label=self.label,
            path=self.path,
        )

    def _open_failure(self, exc: OSError, was_read: bool) -> tuple[DeviceState, str]:
        if exc.errno in (errno.EACCES, errno.EPERM):
            return DeviceState.NO_PERMISSION, self._permission_help(self.path)
        if was_read:
            return DeviceState.UNPLUGGED, self._unplugged()
        if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
            return (
                DeviceState.ABSENT,
                Text(
                    "{label} {path} introuvable : branchez-le, la caisse le prendra dès qu'il "
                    "apparaît.",
                    label=self.label,
                    path=self.path,
                ),
            )
        return (
            DeviceState.ABSENT,
            Text(
                "{label} {path} inaccessible ({error}) : nouvelle tentative dans quelques "
                "secondes.",
                label=self.label,
                path=self.path,
                error=exc.strerror or exc,
            ),
        )

    def _read_until_gone(self, fd: int) -> None:
        """Read until `stop()` (returns) or the device goes away (returns too, logged)."""
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
                if not ready:
                    continue
                data = os.read(fd, self._read_size)
            except BlockingIOError:
                continue  # woken with nothing to read (another reader took it)
            except OSError as exc:  # ENODEV, EIO: unplugged
                log.info("%s %s: read failed (%s), device gone", self.label, self.path, exc)
                return
            if not data:
                log.info("%s %s: end of file, device gone", self.label, self.path)
                return
            self._deliver(data)

    def _deliver(self, data: bytes) -> None:
        try:
            scans = self._feeder.feed(data, self._clock())
        except Exception:
            log.exception("%s %s: %d bytes ignored", self.label, self.path, len(data))
            return
        for scan in scans:
            try:
                self._on_scan(scan)
            except Exception:
                log.exception("scan callback failed")
