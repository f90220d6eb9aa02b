"""An on-screen keypad for a touch screen: digits, the decimal comma, erase, validate.

Its buttons never take the keyboard focus: the field being typed in keeps it, so a cashier
can mix the physical keyboard and the screen, and Enter still confirms. The counter's price
and the operator's PIN use the same keypad with different keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.ui.qt import (
    QFont,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    Qt,
    QWidget,
    Signal,
)

ERASE = "⌫"
CLEAR = "C"
ENTER = "OK"
DECIMAL = ","
DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")
"""1-2-3 on top, as on the card terminal beside the till (and a phone): the cashier types a
price or a PIN the way every French TPE has them type a card PIN, not the 7-8-9 of a computer's
numeric keypad or a calculator. Both keypads share it, digit for digit."""
PRICE_KEYS = (*DIGITS, DECIMAL, "0", ERASE)
PIN_KEYS = (*DIGITS, ERASE, "0", ENTER)


class Keypad(QWidget):
    pressed = Signal(str)
    submitted = Signal()
    """The OK key: what Enter does in the field."""

    def __init__(
        self,
        keys: Sequence[str] = PRICE_KEYS,
        parent: QWidget | None = None,
        *,
        font: QFont | None = None,
        minimum: tuple[int, int] = (64, 52),
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Pavé numérique"))
        self._target: QLineEdit | None = None
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, key in enumerate(keys):
            if key == DECIMAL:
                # The reader's decimal mark: "." in English (the till reads both).
                key = self.tr(",", "decimal mark key")
            button = QPushButton(key)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(*minimum)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAccessibleName(self._name(key))
            if font is None:
                key_font = button.font()
                key_font.setPointSize(18)
                button.setFont(key_font)
            else:
                button.setFont(font)
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button

    def attach(self, target: QLineEdit) -> None:
        """The field the keys type into (its length limit and validator apply)."""
        self._target = target

    def _name(self, key: str) -> str:
        if key == ERASE:
            return self.tr("Effacer le dernier chiffre")
        if key == ENTER:
            return self.tr("Valider")
        if key == CLEAR:
            return self.tr("Tout effacer")
        return self.tr("Touche %1").replace("%1", key)

    def _press(self, key: str) -> None:
        self.pressed.emit(key)
        if key == ENTER:
            self.submitted.emit()
            return
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
