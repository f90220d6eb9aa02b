"""The webcam's plain data types, without OpenCV or NumPy.

The counter's settings and the window need these names at start; importing `scanner.camera`
for them would load OpenCV and NumPy (~0.2 s) before the window's first paint. `scanner.camera`
re-exports every name here, so either import works.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "RESOLUTIONS",
    "CameraConfig",
    "CameraInfo",
    "CameraState",
    "CameraStatus",
    "StatusCallback",
]

RESOLUTIONS: tuple[tuple[int, int], ...] = ((640, 480), (1280, 720), (1920, 1080))
"""What the chooser offers. 1280×720 reads the small codes of phone screens; 640×480 decodes
about four times faster on a slow till."""


@dataclass(frozen=True, slots=True)
class CameraInfo:
    """One camera the till can open: OpenCV's index, and a name to show the cashier."""

    index: int
    name: str


@dataclass(frozen=True, slots=True)
class CameraConfig:
    index: int = 0
    width: int = 1280
    height: int = 720
    fps: int = 30


class CameraState(enum.StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    NO_CAMERA = "no_camera"
    BUSY = "busy"
    UNPLUGGED = "unplugged"
    NO_DECODER = "no_decoder"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class CameraStatus:
    state: CameraState
    message: str
    """French, for the cashier."""


StatusCallback = Callable[[CameraStatus], None]
