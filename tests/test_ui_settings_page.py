"""The settings page driven like a partner would, with the fake camera for the live preview."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QListWidget, QPushButton

from pos_app.counter_settings import (
    CounterSettings,
    camera_config,
    load_settings,
    save_settings,
    settings_path,
)
from pos_app.services import Till
from pos_app.ui.camera import CameraController, WorkerFactory, settings_worker
from pos_app.ui.settings_page import SettingsPage
from scanner.camera import CameraConfig, CameraInfo, CameraWorker
from scanner.events import ScanEvent, ScanSource
from scanner.fake_camera import FakeCapture, FakeOpener, qr_frame

SHOTS = Path("/tmp/shots-settings")
CODE = "ATP1:settings-page-test-0123456789"
CAMERAS = [CameraInfo(0, "Webcam intégrée"), CameraInfo(2, "Logitech C920")]


def shoot(widget, name: str, size: tuple[int, int] = (1366, 768)) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    QTest.qWait(150)  # the posted layout requests run, as they would before the next paint
    widget.grab().save(str(SHOTS / f"{name}.png"))


def fake_cameras(plan: dict[int, str]) -> Callable[[CameraConfig], WorkerFactory]:
    """Per camera index: "qr" (shows CODE), "busy" (held by another application), "unplugged"
    (gives frames, then none), anything else: no such camera."""

    def worker_for(config: CameraConfig) -> WorkerFactory:
        def build(on_scan, on_status) -> CameraWorker:
            kind = plan.get(config.index, "absent")
            frames = [qr_frame(CODE, 640, 480)]
            captures = {
                "qr": [FakeCapture(frames, fps=30, after="hold")],
                "unplugged": [FakeCapture(frames * 15, fps=30, after="fail")],
            }.get(kind, [])
            return CameraWorker(
                config,
                on_scan,
                on_status,
                opener=FakeOpener(captures),
                present=lambda index: kind in ("qr", "busy"),
                backoff=(5.0,) if kind == "unplugged" else (0.05,),
            )

        return build

    return worker_for


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    with Till(tmp_path / "till") as fresh:
        yield fresh


@pytest.fixture
def camera() -> Iterator[CameraController]:
    controller = CameraController(fake_cameras({0: "qr"})(CameraConfig()))
    yield controller
    controller.stop()


def open_page(qtbot, till: Till, camera: CameraController, **kwargs) -> SettingsPage:
    kwargs.setdefault("list_cameras", lambda: list(CAMERAS))
    kwargs.setdefault("worker_for", fake_cameras({0: "qr", 2: "qr"}))
    page = SettingsPage(till, camera, **kwargs)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.find_cameras_button.isEnabled())
    qtbot.waitUntil(lambda: page.refresh_status_button.isEnabled())
    return page


def test_every_control_has_an_accessible_name(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    for kind in (QComboBox, QPushButton, QListWidget):
        for widget in page.findChildren(kind):
            assert widget.accessibleName(), widget


def test_live_preview_and_codes_read_while_testing(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    assert [page.camera_box.itemText(i) for i in range(2)] == ["Webcam intégrée", "Logitech C920"]
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert page.testing and camera.running and camera.preview_enabled
    qtbot.waitUntil(lambda: page.codes_list.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not page.preview_label.pixmap().isNull(), timeout=5_000)
    assert CODE in page.codes_list.item(0).text()
    assert page.preview_label.pixmap().width() <= 320
    assert "Caméra prête" in page.camera_status_label.text()
    qtbot.wait(1000)
    stats = camera.worker.stats
    assert 1 <= stats.previews <= 15  # at most 10 a second, whatever the camera's rate
    shoot(page, "settings-camera-test")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert not page.testing and not camera.running  # the page started it: it stops it
    assert page.preview_label.pixmap().isNull() and "Aperçu" in page.preview_label.text()


def test_the_counter_camera_keeps_running_but_stops_making_previews(
    qtbot, till: Till, camera
) -> None:
    page = open_page(qtbot, till, camera)
    camera.start()  # the counter was using the camera
    page.start_test()
    qtbot.waitUntil(lambda: not page.preview_label.pixmap().isNull(), timeout=10_000)
    page.hide()  # leaving the page ends the test
    assert not page.testing and camera.running
    assert camera.worker.on_preview is None and not camera.preview_enabled
    previews = camera.worker.stats.previews
    qtbot.wait(400)
    assert camera.worker.stats.previews == previews


def test_the_choices_are_saved_and_used_at_next_start(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    assert not settings_path(till.data_dir).exists()  # nothing chosen yet: nothing written
    page.camera_box.setFocus()
    qtbot.keyClick(page.camera_box, Qt.Key.Key_Down)
    qtbot.keyClick(page.resolution_box, Qt.Key.Key_Up)  # 1280×720 → 640×480
    qtbot.keyClick(page.language_box, Qt.Key.Key_Down)
    assert "prochain démarrage" in page.saved_label.text()
    saved = load_settings(till.data_dir)
    assert saved == CounterSettings(camera_index=2, camera_name="Logitech C920",
                                    camera_width=640, camera_height=480, language="en")  # fmt: skip
    assert camera_config(saved) == CameraConfig(index=2, width=640, height=480)
    worker = settings_worker(saved)(lambda event: None, lambda status: None)
    assert worker.config == CameraConfig(index=2, width=640, height=480)

    again = open_page(qtbot, till, CameraController(fake_cameras({})(CameraConfig())))
    assert again.camera_box.currentText() == "Logitech C920"
    assert again.resolution_box.currentData() == (640, 480)
    assert again.language_box.currentText() == "English"


def test_the_test_uses_the_chosen_camera(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera, worker_for=fake_cameras({0: "absent", 2: "qr"}))
    page.camera_box.setCurrentIndex(1)
    page.start_test()
    qtbot.waitUntil(lambda: page.codes_list.count() == 1, timeout=10_000)
    assert camera.worker.config.index == 2


def test_no_camera_at_all_is_said_and_the_test_is_off(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera, list_cameras=lambda: [])
    assert "Aucune caméra détectée" in page.cameras_note.text()
    assert "douchette" in page.cameras_note.text()
    assert not page.test_button.isEnabled() and not page.camera_box.isEnabled()
    shoot(page, "settings-no-camera")


def test_a_camera_held_by_another_application(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera, worker_for=fake_cameras({0: "busy"}))
    page.start_test()
    qtbot.waitUntil(lambda: "autre application" in page.camera_status_label.text(), timeout=10_000)
    assert "autre application" in page.preview_label.text()
    shoot(page, "settings-camera-busy")


def test_a_camera_unplugged_during_the_test(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera, worker_for=fake_cameras({0: "unplugged"}))
    page.start_test()
    qtbot.waitUntil(lambda: "ne répond plus" in page.camera_status_label.text(), timeout=10_000)
    assert "Rebranchez" in page.preview_label.text()
    shoot(page, "settings-camera-unplugged")


def test_the_chosen_camera_missing_at_start_is_kept_and_said(qtbot, till: Till, camera) -> None:
    save_settings(till.data_dir, CounterSettings(camera_index=4, camera_name="Logitech C920"))
    page = open_page(qtbot, till, camera, list_cameras=lambda: [CAMERAS[0]])
    assert page.camera_box.currentText() == "Logitech C920 (débranchée)"
    assert "n'est pas branchée" in page.cameras_note.text()
    assert load_settings(till.data_dir).camera_index == 4  # not forgotten


def test_a_corrupt_settings_file_opens_with_defaults(
    qtbot, till: Till, camera, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path(till.data_dir).write_bytes(b'{"camera_index": 2, "lang')
    with caplog.at_level(logging.WARNING):
        page = open_page(qtbot, till, camera)
    assert "unreadable" in caplog.text
    assert page.settings == CounterSettings()
    assert page.language_box.currentText() == "Français"
    assert page.camera_box.currentText() == "Webcam intégrée"
    qtbot.keyClick(page.language_box, Qt.Key.Key_Down)
    assert load_settings(till.data_dir).language == "en"  # a good file replaces it


def test_a_settings_folder_that_cannot_be_written_is_said(
    qtbot, till: Till, camera, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_page(qtbot, till, camera)

    def refuse(*_: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr("pos_app.ui.settings_page.save_settings", refuse)
    qtbot.keyClick(page.language_box, Qt.Key.Key_Down)
    assert "non enregistrés" in page.saved_label.text()
    assert page.settings.language == "en"


def test_scanners_listed_by_the_scanner_module_can_be_chosen(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    qtbot.waitUntil(lambda: page.scanner_box.count() == 1)
    assert "douchette clavier" in page.scanner_box.itemText(0)  # the default: no list

    listed = [("serial", "/dev/ttyACM0", "Douchette série Honeywell (ttyACM0)")]
    page = open_page(qtbot, till, camera, list_scanners=lambda: listed)
    qtbot.waitUntil(lambda: page.scanner_box.count() == 2)
    qtbot.keyClick(page.scanner_box, Qt.Key.Key_Down)
    saved = load_settings(till.data_dir)
    assert (saved.scanner_kind, saved.scanner_device) == ("serial", "/dev/ttyACM0")

    page = open_page(qtbot, till, camera)  # unplugged since: kept, and said
    qtbot.waitUntil(lambda: page.scanner_box.count() == 2)
    assert page.scanner_box.currentText() == "/dev/ttyACM0 (non branchée)"


def test_a_usb_scanner_can_be_tried_on_the_page(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    page.on_scan_event(ScanEvent("ATP1:from-the-usb-scanner", ScanSource.WEDGE, 0.0))
    assert "[douchette]  ATP1:from-the-usb-scanner" in page.codes_list.item(0).text()
    assert page.settings == CounterSettings()  # a scan changes no choice


def test_partner_and_device_information(qtbot, cinema_till: Till, camera) -> None:
    page = open_page(qtbot, cinema_till, camera)
    status = cinema_till.status()
    assert page.info["partner"].text() == "Cinéma Lux (Caen) — identifiant P-CINE-LUX"
    assert page.info["device"].text() == status.device_id
    assert page.info["enrolled"].text() == "✔ Activée"
    assert page.info["server"].text() == status.server_url
    assert "fichier protégé" in page.info["token"].text()  # no keyring in the tests
    assert page.info["snapshot"].text().startswith("produites")
    assert page.info["data"].text().startswith(f"version {status.snapshot_version} — ")
    assert page.info["pending"].text() == "0 transaction(s)"
    shoot(page, "settings-enrolled")
    shoot(page, "settings-enrolled-1920", (1920, 1080))


def test_an_unenrolled_till_says_so(qtbot, till: Till, camera) -> None:
    page = open_page(qtbot, till, camera)
    assert page.info["enrolled"].text() == "✖ Non activée"
    assert "pas encore reçues" in page.info["snapshot"].text()
    shoot(page, "settings-not-enrolled")


def visible_text(page: SettingsPage) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    widgets = [*page.findChildren(QLabel), *page.findChildren(QAbstractButton)]
    return "\n".join(w.text() for w in widgets if w.isVisibleTo(page))


def test_a_cashier_sees_no_token_file_nor_wallet_count(qtbot, cinema_till: Till, camera) -> None:
    """Issue 15 item 12: those are for the support, under « Détails techniques »."""
    page = open_page(qtbot, cinema_till, camera)
    shown = visible_text(page)
    assert "porte-monnaie" not in shown and "Jeton" not in shown
    assert "fichier protégé" not in shown and str(cinema_till.data_dir) not in shown
    assert "Détails techniques" in page.details_button.text()
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    shown = visible_text(page)
    assert "porte-monnaie" in shown and "fichier protégé" in shown  # still there for support
    assert page.info["journal"].isVisibleTo(page)


def test_the_language_box_says_the_language_the_window_is_in(qtbot, qapp, till, camera) -> None:
    """Issue 15 item 12: `--lang en` over a saved French choice shows English."""
    from pos_app.ui import translations

    assert load_settings(till.data_dir).language == "fr"
    translations.install_translator(qapp, "en")
    try:
        page = open_page(qtbot, till, camera)
        assert page.language_box.currentText() == "English"
        assert not settings_path(till.data_dir).exists()  # shown, not saved
    finally:
        translations.remove_translators(qapp)


def test_an_unreadable_status_says_where_the_journal_is(
    qtbot, till: Till, camera, tmp_path: Path
) -> None:
    from pos_app.logs import setup_logging

    journal = setup_logging(tmp_path / "elsewhere")
    try:
        page = open_page(qtbot, till, camera)
        page._status_failed(RuntimeError("disk"))
        assert "erreur notée dans le journal : " in page.till_warning_label.text()
        assert str(journal) in page.till_warning_label.text()
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_atouts", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
