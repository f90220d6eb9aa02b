"""Starting the window: one QApplication, one open till, in the language chosen (French by
default; `--lang en`, else `ATOUTS_POS_LANG=en`, else the settings page's saved choice)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from pos_app.counter_settings import load_settings
from pos_app.display import NO_DISPLAY, no_display_message
from pos_app.services import Till, TillError
from pos_app.sync_loop import SyncLoop
from pos_app.ui.camera import CameraController, settings_worker
from pos_app.ui.first_paint import AfterFirstPaint
from pos_app.ui.jobs import run_in_background
from pos_app.ui.main_window import MainWindow, SyncBridge
from pos_app.ui.qt import QApplication, QMessageBox, QTimer
from pos_app.ui.translations import install_translator, language_from_environment
from pos_app.ui.wedge_filter import WedgeFilter
from pos_app.ui.wording import say

log = logging.getLogger(__name__)


def _warm_up_failed(exc: Exception) -> None:
    log.warning("warm-up after the first paint failed (the first charge will load it): %s", exc)


def run_window(data_dir: Path, codes_dir: Path | None = None, language: str | None = None) -> int:
    """`language`: "fr" or "en" (the command line); None: `ATOUTS_POS_LANG`, else the saved
    settings."""
    missing = no_display_message(demo=codes_dir is not None)
    if missing:  # before Qt, which would abort in English (exit 134)
        print(missing, file=sys.stderr)
        return NO_DISPLAY
    # The audio stack logs every backend it does not find (pipewire, VA-API…): not our news.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Atouts POS")
    settings = load_settings(data_dir)
    install_translator(app, language or language_from_environment() or settings.language)
    try:
        till = Till(data_dir)
    except TillError as exc:
        QMessageBox.critical(None, "Atouts POS", say(exc.message))
        return exc.exit_code
    try:
        till.check_integrity()
    except TillError as exc:
        till.close()
        QMessageBox.critical(None, "Atouts POS", say(exc.message))
        return exc.exit_code
    bridge = SyncBridge()
    loop = SyncLoop(till, bridge.outcome.emit, on_progress=bridge.progress.emit)
    started = False
    try:
        window = MainWindow(
            till,
            str(codes_dir) if codes_dir else None,
            loop.nudge,
            bridge,
            camera=CameraController(settings_worker(settings)),
        )
        wedge = WedgeFilter(parent=window)
        window.attach_wedge(wedge)

        def after_first_paint() -> None:
            # The wedge filter sees every event of the application: before the first paint,
            # each new kind of event it was handed made PySide6 build that class's Python type
            # and enums (~45 ms between show() and the first paint in bench/bench_window.py).
            # No scanner types into a window that is not on screen yet.
            wedge.install(app)
            # The first sync (a thread, but it holds the GIL and imports httpx) and the audio
            # stack (~35 ms on the GUI thread, 0.5 s on a busy machine) wait for the counter to
            # be on screen: queued before app.exec(), the sounds loaded before its first paint
            # in every run of bench/bench_window.py, and the sync competed with it.
            nonlocal started
            loop.start()
            started = True
            window.local_api.start_from_settings()  # the partner's till software's API
            QTimer.singleShot(0, window.sounds.load)
            # The store's sqlite-utils is imported on first use, not at start: pay it now, off
            # the GUI thread, so the first charge does not.
            run_in_background(till.warm_up, lambda _: None, _warm_up_failed)

        AfterFirstPaint(window, after_first_paint)
        window.showMaximized()  # a till's screen is the till's: use all of it
        if settings.scanner_kind and settings.scanner_device:
            window.scanners.start(settings.scanner_kind, settings.scanner_device)
        return int(app.exec())
    finally:
        if started:
            window.local_api.stop()
            loop.stop()
        till.close()
