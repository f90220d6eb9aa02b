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

from pos_app.ui.qt import QObject, Qt, Signal, Slot
from scanner.camera import (
    CameraConfig,
    CameraStatus,
    CameraWorker,
    StatusCallback,
    list_cameras,
)
from scanner.events import ScanCallback, ScanEvent

log = logging.getLogger(__name__)

WorkerFactory = Callable[[ScanCallback, StatusCallback], CameraWorker]


def default_worker(config: CameraConfig | None = None) -> WorkerFactory:
    """Builds a worker for `config`, or for the first camera found (index 0 if none is: the
    worker then says "Aucune caméra détectée" and takes the camera as soon as it is plugged)."""

    def build(on_scan: ScanCallback, on_status: StatusCallback) -> CameraWorker:
        chosen = config
        if chosen is None:
            cameras = list_cameras()
            chosen = CameraConfig(index=cameras[0].index if cameras else 0)
        return CameraWorker(chosen, on_scan, on_status)

    return build


class _CameraBridge(QObject):
    """Emitted from the worker's threads; only `CameraController`'s slots receive these."""

    scanned = Signal(object)
    status_changed = Signal(object)


class CameraController(QObject):
    """Start/stop the webcam; its codes and status changes arrive as signals on the GUI thread."""

    scanned = Signal(object)
    """A `ScanEvent` (source CAMERA), on the GUI thread."""
    status_changed = Signal(object)
    """A `scanner.camera.CameraStatus` (French message), on the GUI thread."""

    def __init__(self, factory: WorkerFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory or default_worker()
        self._bridge = _CameraBridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.scanned.connect(self._deliver_scan, queued)
        self._bridge.status_changed.connect(self._deliver_status, queued)
        self.worker: CameraWorker | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.running

    def start(self) -> None:
        if self.running:
            return
        self.worker = self._factory(self._bridge.scanned.emit, self._bridge.status_changed.emit)
        self.worker.start()

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
