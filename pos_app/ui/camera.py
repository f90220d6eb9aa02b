"""The webcam on the Qt side: the Qt-free `scanner.camera.CameraWorker` behind two signals.

The worker calls back from its own threads. `_CameraBridge` re-emits those callbacks as signals
and `CameraController`, which lives in the GUI thread, receives them in `@Slot`s through queued
connections (PySide6 ≥ 6.8 can crash on signals from plain Python threads received by anything
else, PYSIDE-3124) and re-emits them there: whoever connects to `CameraController.scanned` and
`status_changed` runs on the GUI thread and may touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from pos_app.counter_settings import CounterSettings, camera_config
from pos_app.ui.qt import QImage, QObject, Qt, Signal, Slot
from scanner.camera_types import CameraConfig, CameraStatus, StatusCallback
from scanner.events import ScanCallback, ScanEvent

if TYPE_CHECKING:  # OpenCV and NumPy load when the first worker is built, not at start
    import numpy as np

    from scanner.camera import CameraWorker

log = logging.getLogger(__name__)

WorkerFactory = Callable[[ScanCallback, StatusCallback], "CameraWorker"]


def default_worker(
    config: CameraConfig | None = None, size: tuple[int, int] | None = None
) -> WorkerFactory:
    """Builds a worker for `config`, or for the first camera found (index 0 if none is: the
    worker then says "Aucune caméra détectée" and takes the camera as soon as it is plugged),
    at `size` if given."""

    def build(on_scan: ScanCallback, on_status: StatusCallback) -> CameraWorker:
        from scanner.camera import CameraWorker, list_cameras

        chosen = config
        if chosen is None:
            cameras = list_cameras()
            chosen = CameraConfig(index=cameras[0].index if cameras else 0)
            if size is not None:
                chosen = replace(chosen, width=size[0], height=size[1])
        return CameraWorker(chosen, on_scan, on_status)

    return build


def settings_worker(settings: CounterSettings) -> WorkerFactory:
    """The camera the partner chose in the settings page (`pos_app.counter_settings`), at the
    chosen size; the first camera found when none was chosen. For the window, at start:
    `CameraController(settings_worker(load_settings(till.data_dir)))`."""
    return default_worker(
        camera_config(settings), size=(settings.camera_width, settings.camera_height)
    )


def to_qimage(frame: np.ndarray) -> QImage:
    """A BGR or gray uint8 frame as a QImage that owns its pixels (safe to send to the GUI
    thread; QPixmaps are made there only)."""
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        image_format = QImage.Format.Format_Grayscale8
    else:
        image_format = QImage.Format.Format_BGR888
    image = QImage(frame.data, width, height, frame.strides[0], image_format)
    return image.copy()


class _CameraBridge(QObject):
    """Emitted from the worker's threads; only `CameraController`'s slots receive these."""

    scanned = Signal(object)
    status_changed = Signal(object)
    preview = Signal(object)

    def send_preview(self, frame: np.ndarray) -> None:
        """Runs on the capture thread: the QImage is made there, off the GUI thread."""
        self.preview.emit(to_qimage(frame))


class CameraController(QObject):
    """Start/stop the webcam; its codes and status changes arrive as signals on the GUI thread."""

    scanned = Signal(object)
    """A `ScanEvent` (source CAMERA), on the GUI thread."""
    status_changed = Signal(object)
    """A `scanner.camera.CameraStatus` (French message), on the GUI thread."""
    preview = Signal(object)
    """A small `QImage` of what the camera sees (≤ 10 a second), on the GUI thread, only while
    `set_preview(True)`."""

    def __init__(self, factory: WorkerFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory or default_worker()
        self._bridge = _CameraBridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.scanned.connect(self._deliver_scan, queued)
        self._bridge.status_changed.connect(self._deliver_status, queued)
        self._bridge.preview.connect(self._deliver_preview, queued)
        self.worker: CameraWorker | None = None
        self._preview_wanted = False

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.running

    def start(self) -> None:
        if self.running:
            return
        self.worker = self._factory(self._bridge.scanned.emit, self._bridge.status_changed.emit)
        self.worker.set_preview(self._bridge.send_preview if self._preview_wanted else None)
        self.worker.start()

    def use(self, factory: WorkerFactory) -> None:
        """Take another camera (or size): the next start builds its worker with `factory`;
        a running camera is restarted with it at once."""
        was_running = self.running
        self.stop()
        self._factory = factory
        if was_running:
            self.start()

    @property
    def preview_enabled(self) -> bool:
        return self._preview_wanted

    def set_preview(self, wanted: bool) -> None:
        """Send `preview` images (True) or stop making them (False: no cost at all)."""
        self._preview_wanted = wanted
        if self.worker is not None:
            self.worker.set_preview(self._bridge.send_preview if wanted else None)

    def stop(self) -> None:
        """Ask the worker to stop and wait for it (at most a few seconds for a stuck driver)."""
        if self.worker is not None:
            if not self.worker.stop():
                log.warning("camera thread did not stop in time; left to end with the process")
            self.worker = None

    @Slot(object)
    def _deliver_scan(self, event: ScanEvent) -> None:
        self.scanned.emit(event)

    @Slot(object)
    def _deliver_status(self, status: CameraStatus) -> None:
        self.status_changed.emit(status)

    @Slot(object)
    def _deliver_preview(self, image: QImage) -> None:
        if self._preview_wanted:  # frames still in flight after set_preview(False) are dropped
            self.preview.emit(image)
