"""Starting the window: the work that can wait (first sync, audio stack) waits for the first
paint, and runs once (`bench/bench_window.py` measures what it saves)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from pos_app.ui.first_paint import AfterFirstPaint


def test_runs_once_after_the_first_paint(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    calls: list[bool] = []
    AfterFirstPaint(window, lambda: calls.append(window.isVisible()), fallback_ms=60_000)
    qtbot.wait(20)
    assert calls == []  # not before the window is shown and painted
    window.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    window.update()
    window.repaint()
    qtbot.wait(50)
    assert calls == [True]  # later paints do not run it again


def test_runs_after_the_fallback_when_no_paint_comes(qtbot) -> None:
    window = QMainWindow()  # never shown: never painted
    qtbot.addWidget(window)
    calls: list[str] = []
    AfterFirstPaint(window, lambda: calls.append("ran"), fallback_ms=50)
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=3000)
    qtbot.wait(100)
    assert calls == ["ran"]
