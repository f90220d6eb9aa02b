"""A fake camera for tests, the bench and training: the `cv2.VideoCapture` interface fed with
recorded frames, and frames holding real QR codes rendered with segno.

`FakeCapture` plays a list of frames (BGR uint8 arrays; `None` is a failed read, as an unplugged
camera gives). It can pace itself like a real camera (`fps`) or run in lockstep with the decoder
(`gate`: each read waits for a token the test's decode function releases), which makes the tests
deterministic. Each frame handed out is a fresh copy with its sequence number stamped in its first
two pixels (`frame_number`), so a test can tell which frame a decoder got.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Literal

import numpy as np
import segno

__all__ = ["FakeCapture", "FakeOpener", "blank_frame", "frame_number", "qr_frame"]


def _scene(width: int, height: int, seed: int) -> np.ndarray:
    """A dull counter top: mid-light gray with sensor noise and a soft gradient."""
    rng = np.random.default_rng(seed)
    gradient = np.linspace(150, 200, width, dtype=np.float32)[None, :]
    noise = rng.normal(0, 6, (height, width)).astype(np.float32)
    gray = np.clip(gradient + noise, 0, 255).astype(np.uint8)
    return np.repeat(gray[:, :, None], 3, axis=2)


def blank_frame(width: int = 1280, height: int = 720, *, seed: int = 0) -> np.ndarray:
    """A BGR frame with no code in it."""
    return _scene(width, height, seed)


def qr_frame(
    payload: str,
    width: int = 1280,
    height: int = 720,
    *,
    fill: float = 0.6,
    offset: tuple[int, int] = (0, 0),
    seed: int = 0,
) -> np.ndarray:
    """A BGR frame holding `payload` as a QR code (error level M) on a phone-like white screen
    whose side is `fill` × the frame height, centred then moved by `offset` (x, y) pixels."""
    modules = np.array(segno.make(payload, error="m").matrix, dtype=bool)
    modules = np.pad(modules, 4, constant_values=False)  # the quiet zone
    scale = max(1, int(fill * height) // modules.shape[0])
    dark = np.kron(modules, np.ones((scale, scale), dtype=bool))
    code = np.where(dark, 20, 235).astype(np.uint8)
    frame = _scene(width, height, seed)
    size = code.shape[0]
    if size > min(width, height):
        raise ValueError(f"a {size}-pixel code does not fit a {width}×{height} frame")
    top = (height - size) // 2 + offset[1]
    left = (width - size) // 2 + offset[0]
    frame[top : top + size, left : left + size] = code[:, :, None]
    return frame


def frame_number(frame: np.ndarray) -> int:
    """The sequence number `FakeCapture` stamped in a frame (BGR or gray)."""
    first = frame[0, :2] if frame.ndim == 2 else frame[0, :2, 0]
    return int(first[0]) + 256 * int(first[1])


class FakeCapture:
    """`cv2.VideoCapture` look-alike playing `frames` (None = a failed read).

    `after`: what reads give once the frames are played: "fail" (False, as an unplugged camera),
    "loop" (start again) or "hold" (the last frame again).
    """

    def __init__(
        self,
        frames: Sequence[np.ndarray | None] = (),
        *,
        opened: bool = True,
        fps: float | None = None,
        gate: threading.Semaphore | None = None,
        gate_timeout: float = 1.0,
        after: Literal["fail", "loop", "hold"] = "fail",
    ) -> None:
        self.frames = list(frames)
        self.opened = opened
        self.fps = fps
        self.gate = gate
        self.gate_timeout = gate_timeout
        self.after = after
        self.position = 0
        self.frames_served = 0
        self.released = False
        self.props: dict[int, float] = {}
        self._next_due: float | None = None
        self._grabbed: np.ndarray | None = None
        self._lock = threading.Lock()

    def isOpened(self) -> bool:
        return self.opened and not self.released

    def _pace(self) -> None:
        if not self.fps:
            return
        now = time.perf_counter()
        if self._next_due is None:
            self._next_due = now
        if self._next_due > now:
            time.sleep(self._next_due - now)
        # A real camera does not catch up on frames nobody read: it drops them.
        self._next_due = max(self._next_due, time.perf_counter() - 1 / self.fps) + 1 / self.fps

    def _next(self) -> np.ndarray | None:
        if not self.isOpened():
            return None
        if self.position >= len(self.frames):
            if self.after == "fail" or not self.frames:
                return None
            if self.after == "loop":
                self.position = 0
            else:
                self.position = len(self.frames) - 1
        frame = self.frames[self.position]
        self.position += 1
        return frame

    def grab(self) -> bool:
        if self.gate is not None and not self.gate.acquire(timeout=self.gate_timeout):
            return False
        self._pace()
        with self._lock:
            frame = self._next()
            if frame is None:
                self._grabbed = None
                if self.gate is not None:
                    self.gate.release()  # a failed read does not wait for the decoder
                return False
            self.frames_served += 1
            frame = frame.copy()
            number = self.frames_served
            frame[0, 0] = number % 256
            frame[0, 1] = (number // 256) % 256
            self._grabbed = frame
            return True

    def retrieve(self) -> tuple[bool, np.ndarray | None]:
        frame, self._grabbed = self._grabbed, None
        return (frame is not None, frame)

    def read(self) -> tuple[bool, np.ndarray | None]:
        if not self.grab():
            return (False, None)
        return self.retrieve()

    def release(self) -> None:
        self.released = True

    def set(self, prop: int, value: float) -> bool:
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        return self.props.get(prop, 0.0)


class FakeOpener:
    """Hands out `captures` one per open, as successive plug-ins of a camera; once they are all
    used, every open gives a capture that is not opened (the camera is gone)."""

    def __init__(self, captures: Sequence[FakeCapture]) -> None:
        self.captures = list(captures)
        self.opened: list[FakeCapture] = []

    def __call__(self, config: object) -> FakeCapture:
        capture = self.captures.pop(0) if self.captures else FakeCapture(opened=False)
        self.opened.append(capture)
        return capture
