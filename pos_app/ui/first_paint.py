"""Work that can wait for the window to be on screen: run it once the first paint is done."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.ui.qt import QEvent, QObject, QTimer, QWidget


class AfterFirstPaint(QObject):
    """Calls `then` once, when `window`'s first paint is done, or after `fallback_ms` if no
    paint comes (a platform that never exposes the window).

    The window's first `Paint` event posts a zero-timer: the whole widget tree is painted within
    the event that delivered that paint, so the timer fires once the window is on screen. A
    zero-timer posted before `app.exec()` is not enough: it fired before the first paint in
    every run of `bench/bench_window.py`."""

    def __init__(self, window: QWidget, then: Callable[[], None], fallback_ms: int = 3000) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._then is not None and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._window.removeEventFilter(self)
            then()
