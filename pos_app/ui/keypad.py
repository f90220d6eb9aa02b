"""An on-screen keypad for a touch screen: digits, the decimal comma, erase.

Its buttons never take the keyboard focus: the field being typed in keeps it, so a cashier
can mix the physical keyboard and the screen, and Enter still confirms.
"""

from __future__ import annotations

from pos_app.ui.qt import QGridLayout, QLineEdit, QPushButton, QSizePolicy, Qt, QWidget, Signal

ERASE = "⌫"
CLEAR = "C"


class Keypad(QWidget):
    pressed = Signal(str)

    def __init__(self, keys: str = "789456123,0", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Pavé numérique"))
        self._target: QLineEdit | None = None
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        labels = [*keys, ERASE]
        for index, key in enumerate(labels):
            button = QPushButton(key)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(64, 52)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAccessibleName(
                self.tr("Effacer un chiffre")
                if key == ERASE
                else self.tr("Touche %1").replace("%1", key)
            )
            font = button.font()
            font.setPointSize(18)
            button.setFont(font)
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, index // 3, index % 3)

    def attach(self, target: QLineEdit) -> None:
        """The field the keys type into (the one with the focus is the cashier's intent)."""
        self._target = target

    def _press(self, key: str) -> None:
        self.pressed.emit(key)
        target = self._target
        if target is None or not target.isEnabled():
            return
        if key == ERASE:
            target.backspace()
        elif key == CLEAR:
            target.clear()
        else:
            target.insert(key)
        target.setFocus()
