"""The webcam on the Qt side: events reach the GUI thread, the window reads a code shown to the
camera exactly as a typed one, and works the same with no camera at all."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from pos_app.services import Till
from pos_app.ui.camera import CameraController
from pos_app.ui.main_window import MainWindow
from scanner.camera import CameraConfig, CameraState, CameraWorker
from scanner.events import ScanEvent, ScanSource
from scanner.fake_camera import FakeCapture, FakeOpener, qr_frame


def fake_camera(*frames, present: bool = True):
    """A worker factory playing `frames` in a loop at 30 fps (none: no camera at all)."""

    def build(on_scan, on_status) -> CameraWorker:
        captures = [FakeCapture(list(frames), fps=30, after="hold")] if frames else []
        return CameraWorker(
            CameraConfig(index=0, width=640, height=480),
            on_scan,
            on_status,
            opener=FakeOpener(captures),
            present=lambda index: present,
            backoff=(0.05,),
        )

    return build


def test_controller_delivers_events_on_the_gui_thread(qtbot) -> None:
    controller = CameraController(
        fake_camera(qr_frame("ATP1:hello-camera-test-0123456789", 640, 480))
    )
    threads: list[object] = []
    worker_threads: list[str] = []

    def receive(event: ScanEvent) -> None:
        threads.append(QThread.currentThread())
        worker_threads.append(threading.current_thread().name)

    controller.scanned.connect(receive)
    try:
        with qtbot.waitSignal(controller.scanned, timeout=10_000) as blocker:
            controller.start()
    finally:
        controller.stop()
    event = blocker.args[0]
    assert (event.payload, event.source) == ("ATP1:hello-camera-test-0123456789", ScanSource.CAMERA)
    assert threads == [QApplication.instance().thread()]
    assert worker_threads == ["MainThread"]
    assert not controller.running


def test_window_reads_a_code_shown_to_the_camera(qtbot, cinema_till: Till, region, fixed_now):
    state, _ = region
    code = state.qr_payload("B002", fixed_now)
    camera = CameraController(fake_camera(qr_frame(code, 640, 480)))
    window = MainWindow(cinema_till, camera=camera)
    qtbot.addWidget(window)
    window.show()
    window.camera_button.click()
    qtbot.waitUntil(lambda: window.verdict_panel.text().startswith("✔"), timeout=10_000)
    assert "Hugo Bernard" in window.verdict_panel.text()
    assert window.payload == code
    assert "Caméra prête" in window.camera_label.text()
    window.camera_button.click()
    assert not camera.running


def test_window_without_camera_says_so_and_still_takes_typed_codes(
    qtbot, cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    camera = CameraController(fake_camera(present=False))
    window = MainWindow(cinema_till, camera=camera)
    qtbot.addWidget(window)
    window.show()
    window.camera_button.click()
    qtbot.waitUntil(lambda: "Aucune caméra détectée" in window.camera_label.text())
    assert camera.worker is not None and camera.worker.status.state is CameraState.NO_CAMERA
    window.scan_field.setText(state.qr_payload("B002", fixed_now))
    window.on_scan()
    assert window.verdict_panel.text().startswith("✔")
    window.close()
    assert not camera.running
