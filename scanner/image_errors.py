"""`ScanImageError`, without OpenCV: the window catches it from start, `scanner.images` (which
loads OpenCV and NumPy) raises it and re-exports it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ScanImageError"]


class ScanImageError(Exception):
    """An image that cannot be read; `message` is for the user (French), `path` may be None."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
