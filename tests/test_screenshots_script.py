"""Issue 15 item 13: the screenshot script shows the window as a cashier sees it, online once
its first sync round has answered (not « Connexion : vérification… » on every screen)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pos_app.services import Till
from pos_app.ui.main_window import MainWindow

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_shows_the_online_state_then_offline_when_meant(
    qtbot, cinema_till: Till, region
) -> None:
    _, server = region
    script = load_script()
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    assert "vérification" in window.status_strip.connection.text()  # before any answer
    script.online(window)
    assert window.status_strip.connection.text() == "● En ligne"
    assert not window.status_strip.offline_banner.isVisible()
    assert window.statusBar().currentMessage() == ""
    server.stop()
    window.on_sync()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=20_000)
    assert window.status_strip.offline_banner.isVisible()
