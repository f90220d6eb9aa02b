"""Keys a page handles itself, before the window's shortcuts see them.

The counter window binds Esc to « start over »; inside a page, Esc means « cancel what I was
typing » (a void's reason, a PIN). Accepting the shortcut override hands the key to the widget,
then the handler runs: the page wins while it has the focus, the window everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.ui.qt import QEvent, QKeyEvent, QObject, Qt

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class KeyFilter(QObject):
    """Run `handlers[key]` on that key in the watched widgets (install it on each)."""

    def __init__(self, parent: QObject, handlers: dict[int, Callable[[], None]]) -> None:
        super().__init__(parent)
        self.handlers = handlers

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or event.key() not in self.handlers:
            return False
        if event.modifiers() not in _PLAIN:
            return False  # Ctrl+Enter and the like stay the window's
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # ours, not the window's shortcut
            return True
        self.handlers[event.key()]()
        return True
