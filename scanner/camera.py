"""The webcam: OpenCV capture and QR decoding off the GUI thread, one `ScanEvent` per code shown.

Qt-free (the window wraps the callbacks in signals, `pos_app.ui.camera`). A `CameraWorker` runs
two plain Python threads and calls back from them, never from the caller's thread:

- the **capture thread** owns the `cv2.VideoCapture`: it opens it, reads frames as fast as the
  camera delivers them and puts each one in a one-frame slot, overwriting the frame the decoder
  has not taken yet. It also notices a camera that stops giving frames, says so, and reopens it.
- the **decode thread** takes the newest frame from that slot, turns it to gray, decodes it and
  reports new codes. **Stale-frame rule**: when decoding is slower than the camera, the frames
  that arrived meanwhile are dropped, not queued: the decoder always works on the newest frame,
  so the delay between a code shown and a code read never grows (`CameraStats.frames_skipped`
  counts the dropped ones).

**Debounce rule** (`Debouncer`): a payload is reported the first time a frame shows it, at once.
It is then silent while it stays in front of the lens, and is re-armed only once it has been
absent from `absent_frames` consecutive decoded frames (default 5) **and** for at least
`absent_seconds` (default 0.5 s), both: a frame or two lost to glare does not read a code twice,
and a slow decoder does not re-arm a code the cashier is still holding. Another payload is
independent: two different codes are two events, without waiting.

**Reopen rule**: `read()` failing `fail_limit` times in a row (default 3) means the camera was
unplugged or stopped (status `UNPLUGGED`, French message); the capture is released and reopened
after a backoff of `backoff[0]`, `backoff[1]`… seconds (default 0.5, 1, 2, 4, 5, then 5 s each
time) until it gives frames again (status `RUNNING`, "Caméra reconnectée") or `stop()` is called.
A camera that will not open is `NO_CAMERA` when no such device exists, `BUSY` when it does
(another application holds it); one that opens but gives no frame is `BUSY` too. Both are retried
with the same backoff, so plugging the camera in or closing the other application is enough.
A status is reported when it changes, not at every retry.

The decoding seam is one function, `decode(gray) -> list[str]` (2-D uint8 frame in, payload
texts out); by default the frame pipeline (`scanner.pipeline`) over `choose_decoder()`.
Another pipeline is another function.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from pos_app.domain.text import Text
from scanner.camera_types import (
    RESOLUTIONS,
    CameraConfig,
    CameraInfo,
    CameraState,
    CameraStatus,
    StatusCallback,
)
from scanner.decoders import Decoder, DecoderUnavailable, choose_decoder
from scanner.events import ScanCallback, ScanEvent, ScanSource
from scanner.pipeline import FramePipeline

log = logging.getLogger(__name__)

__all__ = [
    "RESOLUTIONS",
    "CameraConfig",
    "CameraInfo",
    "CameraState",
    "CameraStats",
    "CameraStatus",
    "CameraWorker",
    "Capture",
    "Debouncer",
    "StatusCallback",
    "decode_texts",
    "list_cameras",
    "open_capture",
    "preview_frame",
]

DecodeFunction = Callable[[np.ndarray], list[str]]


class Capture(Protocol):
    """The part of `cv2.VideoCapture` the worker uses (a fake camera implements the same)."""

    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, np.ndarray | None]: ...
    def grab(self) -> bool: ...
    def retrieve(self) -> tuple[bool, np.ndarray | None]: ...
    def release(self) -> None: ...
    def set(self, prop: int, value: float) -> bool: ...
    def get(self, prop: int) -> float: ...


# --- choosing a camera ---------------------------------------------------------------------


_VIDIOC_QUERYCAP = 0x80685600  # _IOR('V', 0, struct v4l2_capability), 104 bytes
_V4L2_CAP_VIDEO_CAPTURE = 0x00000001
_V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000
_V4L2_CAP_DEVICE_CAPS = 0x80000000


def _v4l2_can_capture(device: Path) -> bool | None:
    """Ask the driver whether this node captures video (UVC cameras also expose metadata-only
    nodes). None when the node cannot be asked (absent, no permission, not Linux)."""
    try:
        import fcntl  # POSIX only: not at the top, the module is imported on Windows too

        fd = os.open(device, os.O_RDWR | os.O_NONBLOCK)
    except (ImportError, OSError):
        return None
    try:
        buffer = bytearray(104)
        fcntl.ioctl(fd, _VIDIOC_QUERYCAP, buffer)
    except OSError:
        return None
    finally:
        os.close(fd)
    capabilities, device_caps = struct.unpack_from("<II", buffer, 84)
    caps = device_caps if capabilities & _V4L2_CAP_DEVICE_CAPS else capabilities
    return bool(caps & (_V4L2_CAP_VIDEO_CAPTURE | _V4L2_CAP_VIDEO_CAPTURE_MPLANE))


def _linux_cameras(sys_root: Path, dev_root: Path) -> list[CameraInfo]:
    found: list[CameraInfo] = []
    nodes = sorted(
        (path for path in sys_root.glob("video*") if path.name[5:].isdigit()),
        key=lambda path: int(path.name[5:]),
    )
    for node in nodes:
        index = int(node.name[5:])
        can_capture = _v4l2_can_capture(dev_root / node.name)
        if can_capture is None:
            # Cannot ask the driver: a UVC camera's capture node has index 0, its metadata
            # node index 1.
            try:
                can_capture = (node / "index").read_text().strip() in ("", "0")
            except OSError:
                can_capture = True
        if not can_capture:
            continue
        try:
            name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            name = ""
        found.append(CameraInfo(index=index, name=name or Text("Caméra {index}", index=index)))
    return found


def list_cameras(
    *,
    sys_root: Path = Path("/sys/class/video4linux"),
    dev_root: Path = Path("/dev"),
    probe: int = 4,
    opener: Callable[[CameraConfig], Capture] | None = None,
) -> list[CameraInfo]:
    """The cameras of this machine, for the chooser; [] when there is none.

    Linux: the V4L2 nodes named in sysfs, without metadata-only nodes, with their driver names.
    Elsewhere the OS gives OpenCV no names: the first `probe` indexes are tried and the ones that
    open are listed as "Caméra N" (this can take a second or two on Windows).
    """
    if sys.platform.startswith("linux"):
        return _linux_cameras(sys_root, dev_root) if sys_root.is_dir() else []
    opener = opener or open_capture
    found = []
    for index in range(probe):
        capture = opener(CameraConfig(index=index))
        try:
            if capture.isOpened():
                found.append(CameraInfo(index=index, name=Text("Caméra {index}", index=index)))
        finally:
            capture.release()
    return found


def camera_present(index: int, dev_root: Path = Path("/dev")) -> bool | None:
    """Whether a camera with this index exists (Linux); None when the OS cannot tell."""
    if sys.platform.startswith("linux"):
        return (dev_root / f"video{index}").exists()
    return None


def _backend() -> int:
    if sys.platform.startswith("linux"):
        return cv2.CAP_V4L2
    if sys.platform == "win32":
        return cv2.CAP_DSHOW  # MSMF can take seconds to open a camera (FIELD-NOTES)
    return cv2.CAP_ANY


def open_capture(config: CameraConfig) -> Capture:
    """Open a real camera: MJPG at the asked size and rate, a one-frame driver buffer."""
    capture = cv2.VideoCapture(config.index, _backend())
    if capture.isOpened():
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, config.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, config.height)
        capture.set(cv2.CAP_PROP_FPS, config.fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
    return capture  # type: ignore[return-value]


# --- status --------------------------------------------------------------------------------


def _messages(index: int) -> dict[CameraState, str]:
    return {
        CameraState.STARTING: Text("Ouverture de la caméra {index}…", index=index),
        CameraState.RUNNING: Text("Caméra prête : présentez le QR code devant l'objectif."),
        CameraState.NO_CAMERA: Text(
            "Aucune caméra détectée. Branchez une webcam (elle sera prise dès qu'elle est "
            "branchée) ou scannez avec la douchette, ou tapez le code."
        ),
        CameraState.BUSY: Text(
            "La caméra est utilisée par une autre application (visioconférence, autre "
            "logiciel de caisse…). Fermez cette application : la caméra sera reprise toute seule."
        ),
        CameraState.UNPLUGGED: Text(
            "La caméra ne répond plus (débranchée ?). Rebranchez-la : nouvelle tentative "
            "automatique. En attendant, scannez avec la douchette ou tapez le code."
        ),
        CameraState.STOPPED: Text("Caméra arrêtée."),
    }


RECONNECTED_MESSAGE = Text("Caméra reconnectée : présentez le QR code devant l'objectif.")


@dataclass(slots=True)
class CameraStats:
    """Counters for tests and the bench (written by the worker threads, read by anyone)."""

    frames_read: int = 0
    frames_decoded: int = 0
    frames_skipped: int = 0
    """Frames overwritten in the slot before the decoder took them (the stale-frame rule)."""
    read_failures: int = 0
    opens: int = 0
    decoded_sequence: list[int] = field(default_factory=list)
    """Sequence numbers of the frames decoded (kept for the last 10 000)."""
    previews: int = 0
    preview_seconds: float = 0.0
    """Time the capture thread spent making and handing out preview frames."""


# --- debounce ------------------------------------------------------------------------------


class Debouncer:
    """Which payloads of a decoded frame are new (see the module's debounce rule)."""

    def __init__(self, *, absent_frames: int = 5, absent_seconds: float = 0.5) -> None:
        self.absent_frames = absent_frames
        self.absent_seconds = absent_seconds
        self._last_seen: dict[str, tuple[int, float]] = {}
        """payload → (decoded-frame number, time) when it was last in a frame."""
        self._frame = 0

    def feed(self, payloads: Iterable[str], now: float) -> list[str]:
        self._frame += 1
        new = []
        for payload in dict.fromkeys(payloads):
            if payload not in self._last_seen:
                new.append(payload)
            self._last_seen[payload] = (self._frame, now)
        for payload, (frame, seen) in list(self._last_seen.items()):
            if self._frame - frame >= self.absent_frames and now - seen >= self.absent_seconds:
                del self._last_seen[payload]  # re-armed: the next sighting is a new event
        return new

    def reset(self) -> None:
        self._last_seen.clear()


# --- the worker ----------------------------------------------------------------------------


def decode_texts(decoder: Decoder) -> DecodeFunction:
    """`decoder.decode_gray` as the worker's seam: a gray frame in, payload texts out."""

    def decode(gray: np.ndarray) -> list[str]:
        return [found.text for found in decoder.decode_gray(gray)]

    return decode


def to_gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return frame
    if frame.shape[2] == 1:
        return frame[:, :, 0]
    code = cv2.COLOR_BGRA2GRAY if frame.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(frame, code)


PreviewCallback = Callable[[np.ndarray], None]
"""Gets a small BGR (or gray) copy of a camera frame, for a live preview."""

PREVIEW_WIDTH = 320
PREVIEW_INTERVAL = 0.1
"""At most 10 preview frames a second: enough to aim a camera, cheap for a 2-core till."""


def preview_frame(frame: np.ndarray, max_width: int = PREVIEW_WIDTH) -> np.ndarray:
    """`frame` shrunk to at most `max_width` pixels wide, a new contiguous array.

    Bilinear, not area averaging: a little aliasing on a preview meant only to aim the camera,
    for 0.4 ms instead of 4 ms a 1280×720 frame on a 2-core till (measured)."""
    height, width = frame.shape[:2]
    if width <= max_width:
        return frame.copy()
    size = (max_width, max(1, round(height * max_width / width)))
    return cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)


class CameraWorker:
    """Capture + decode threads for one camera; callbacks run on those threads.

    `on_scan` gets a `ScanEvent(payload, ScanSource.CAMERA, at)` whose `at` is the `clock()`
    time the frame arrived from the camera (so `clock() - event.at` is frame→event latency).
    `on_status` gets every change of `CameraStatus`. Neither may block for long: they run on the
    decode and capture threads (the Qt adapter only emits a signal).

    **Preview**: while a `PreviewCallback` is set (`set_preview`), the capture thread hands it a
    copy of a frame shrunk to `preview_width` pixels wide, at most once every `preview_interval`
    seconds. The shrinking runs on the capture thread, which otherwise waits for the camera,
    never on the decode thread: a preview does not slow decoding. No callback, no work.
    """

    def __init__(
        self,
        config: CameraConfig,
        on_scan: ScanCallback,
        on_status: StatusCallback = lambda status: None,
        *,
        decode: DecodeFunction | None = None,
        opener: Callable[[CameraConfig], Capture] = open_capture,
        present: Callable[[int], bool | None] = camera_present,
        debouncer: Debouncer | None = None,
        fail_limit: int = 3,
        first_frame_timeout: float = 3.0,
        backoff: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 5.0),
        clock: Callable[[], float] = time.monotonic,
        on_preview: PreviewCallback | None = None,
        preview_width: int = PREVIEW_WIDTH,
        preview_interval: float = PREVIEW_INTERVAL,
    ) -> None:
        self.config = config
        self.on_preview = on_preview
        self.preview_width = preview_width
        self.preview_interval = preview_interval
        self._last_preview = float("-inf")
        self.on_scan = on_scan
        self.on_status = on_status
        self._decode = decode
        self._opener = opener
        self._present = present
        self.debouncer = debouncer or Debouncer()
        self.fail_limit = fail_limit
        self.first_frame_timeout = first_frame_timeout
        self.backoff = tuple(backoff)
        self.clock = clock
        self.stats = CameraStats()
        self.status: CameraStatus | None = None
        self._messages = _messages(config.index)
        self._stop = threading.Event()
        self._slot_lock = threading.Condition()
        self._slot: tuple[int, float, np.ndarray] | None = None
        self._threads: list[threading.Thread] = []

    # --- control ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the threads and return at once (opening a camera can take seconds)."""
        if self.running:
            return
        self._stop.clear()
        # Chosen before the threads start, so a fallback's warning is in the "ready" message.
        self._decode = self._decode_function()
        self._threads = [
            threading.Thread(target=self._capture_loop, name="camera-capture", daemon=True),
            threading.Thread(target=self._decode_loop, name="camera-decode", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def set_preview(self, on_preview: PreviewCallback | None) -> None:
        """Start (a callback) or stop (None) the preview frames; takes effect at the next frame."""
        self._last_preview = float("-inf")
        self.on_preview = on_preview

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop both threads and release the camera; False if a thread did not end in time
        (a driver blocked in `read()`: the daemon thread then ends with the process)."""
        self._stop.set()
        with self._slot_lock:
            self._slot_lock.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stopped = not self.running
        if stopped and self._threads:
            self._threads = []
            self._report(CameraState.STOPPED)
        return stopped

    # --- capture thread --------------------------------------------------------------------

    def _report(self, state: CameraState, message: str | None = None) -> None:
        status = CameraStatus(state, message or self._messages.get(state, ""))
        if status == self.status:
            return
        self.status = status
        (
            log.info
            if state in (CameraState.STARTING, CameraState.RUNNING, CameraState.STOPPED)
            else log.warning
        )("camera %d: %s", self.config.index, state)
        try:
            self.on_status(status)
        except Exception:
            log.exception("camera status callback failed")

    def _wait_backoff(self, attempt: int) -> None:
        delay = self.backoff[min(attempt, len(self.backoff) - 1)] if self.backoff else 0.0
        self._stop.wait(delay)

    def _open(self) -> Capture | None:
        """Open the camera and wait for its first frame; None (status said why) if it fails."""
        self.stats.opens += 1
        try:
            capture = self._opener(self.config)
        except Exception:
            log.exception("camera %d: open failed", self.config.index)
            capture = None
        if capture is None or not capture.isOpened():
            if capture is not None:
                capture.release()
            present = self._present(self.config.index)
            self._report(CameraState.NO_CAMERA if present is False else CameraState.BUSY)
            return None
        return capture

    def _capture_loop(self) -> None:
        attempt = 0
        sequence = 0
        had_frames = False
        self._report(CameraState.STARTING)
        while not self._stop.is_set():
            capture = self._open()
            if capture is None:
                self._wait_backoff(attempt)
                attempt += 1
                continue
            failures = 0
            got_frame = False
            opened_at = time.monotonic()
            try:
                while not self._stop.is_set():
                    ok, frame = capture.read()
                    arrived = self.clock()
                    if not ok or frame is None or frame.size == 0:
                        failures += 1
                        self.stats.read_failures += 1
                        if got_frame and failures >= self.fail_limit:
                            self._report(CameraState.UNPLUGGED)
                            break
                        if not got_frame and (
                            failures >= self.fail_limit
                            and time.monotonic() - opened_at >= self.first_frame_timeout
                        ):
                            self._report(CameraState.BUSY)
                            break
                        if not got_frame:
                            self._stop.wait(0.05)
                        continue
                    failures = 0
                    if not got_frame:
                        got_frame = True
                        attempt = 0
                        self._report(
                            CameraState.RUNNING,
                            RECONNECTED_MESSAGE if had_frames else None,
                        )
                        had_frames = True
                    sequence += 1
                    self.stats.frames_read += 1
                    with self._slot_lock:
                        if self._slot is not None:
                            self.stats.frames_skipped += 1
                        self._slot = (sequence, arrived, frame)
                        self._slot_lock.notify()
                    self._preview(frame)
            finally:
                capture.release()
            if not self._stop.is_set():
                self._wait_backoff(attempt)
                attempt += 1

    def _preview(self, frame: np.ndarray) -> None:
        callback = self.on_preview
        if callback is None:
            return
        now = time.monotonic()
        if now - self._last_preview < self.preview_interval:
            return
        self._last_preview = now
        started = time.perf_counter()
        try:
            callback(preview_frame(frame, self.preview_width))
        except Exception:
            log.exception("camera preview callback failed")
        self.stats.previews += 1
        self.stats.preview_seconds += time.perf_counter() - started

    # --- decode thread ---------------------------------------------------------------------

    def _decode_function(self) -> DecodeFunction | None:
        """The frame pipeline over the best decoder this machine loads; a fallback decoder's
        warning is added to the "camera ready" message, so the partner sees it."""
        if self._decode is not None:
            return self._decode
        try:
            choice = choose_decoder()
        except DecoderUnavailable as exc:
            self._report(CameraState.NO_DECODER, exc.args[0])
            return None
        if choice.warning:
            ready = self._messages[CameraState.RUNNING]
            self._messages[CameraState.RUNNING] = Text.joined(" ", (ready, choice.warning))
        return decode_texts(FramePipeline(choice.decoder))

    def _decode_loop(self) -> None:
        decode = self._decode
        if decode is None:
            self._stop.set()
            return
        while True:
            with self._slot_lock:
                while self._slot is None and not self._stop.is_set():
                    self._slot_lock.wait(0.5)
                if self._stop.is_set():
                    return
                assert self._slot is not None
                sequence, arrived, frame = self._slot
                self._slot = None
            try:
                payloads = decode(to_gray(frame))
            except Exception:
                log.exception("camera: decoding a frame failed")
                payloads = []
            self.stats.frames_decoded += 1
            if len(self.stats.decoded_sequence) < 10_000:
                self.stats.decoded_sequence.append(sequence)
            for payload in self.debouncer.feed(payloads, arrived):
                self._emit(ScanEvent(payload, ScanSource.CAMERA, arrived))

    def _emit(self, event: ScanEvent) -> None:
        try:
            self.on_scan(event)
        except Exception:
            log.exception("camera scan callback failed")
