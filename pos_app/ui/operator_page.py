"""The operator page: who is at the till, in about two seconds (a name, a PIN, Enter).

A page of the counter window, usable alone. It only calls the till's services (`operators`,
`sign_in`, `add_operator`): how many tries a PIN gets and how long a lock lasts are the rules'
business, told here in their own French words. The PIN is typed on the keyboard or on an
on-screen keypad for touch screens; the keypad never takes the focus from the PIN field.
"""

from __future__ import annotations

from typing import Any

from pos_app.services import Till, TillError
from pos_app.ui.keypad import PIN_KEYS, Keypad
from pos_app.ui.keys import KeyFilter
from pos_app.ui.qt import (
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRegularExpression,
    QRegularExpressionValidator,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.wording import say

PIN_MAX = 8
CLI_HINT = "atouts-pos operator add « Prénom Nom »"


class OperatorPage(QWidget):
    """Sign in at the till; add a cashier; or, with none yet, use the till anonymously.

    Wiring: connect `signed_in(name)`, keep the name and pass it as `operator=` to the sales
    and as the history page's `operator()`. Showing the page starts over (list re-read, PIN
    cleared, focus on the names, or on the PIN when there is a single operator).
    """

    signed_in = Signal(str)
    """Who now holds the till (the name to record with each sale); "" for nobody in particular,
    offered only while the till has no operator at all."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setAccessibleName(self.tr("Changer de caissier"))
        big = QFont()
        big.setPointSize(15)

        self.title = QLabel(self.tr("Qui tient la caisse ?"))
        title_font = QFont()
        title_font.setPointSize(18)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setAccessibleName(self.tr("Qui tient la caisse ?"))
        self.hint = QLabel(
            self.tr(
                "Touchez votre nom (ou tapez sa première lettre), tapez votre code, puis Entrée."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Comment prendre la caisse"))

        # --- the names: big tiles, arrows or first letter, or a touch -------------------------
        self.operator_list = QListWidget()
        self.operator_list.setAccessibleName(self.tr("Caissiers de cette caisse"))
        self.operator_list.setFont(big)
        self.operator_list.setFlow(QListWidget.Flow.LeftToRight)
        self.operator_list.setWrapping(True)
        self.operator_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.operator_list.setSpacing(6)
        self.operator_list.setUniformItemSizes(True)
        self.operator_list.setMinimumHeight(150)
        self.operator_list.setStyleSheet(
            "QListWidget::item { border:2px solid #8a949e; border-radius:8px;"
            " background:#f4f6f8; color:#111; }"
            "QListWidget::item:selected { border-color:#0b57d0; background:#0b57d0;"
            " color:white; }"
        )
        self.operator_list.itemClicked.connect(self._name_picked)
        self.operator_list.itemActivated.connect(self._name_picked)
        self.operator_list.currentItemChanged.connect(self._show_who)
        digits = {getattr(Qt.Key, f"Key_{d}"): self._typed_into_pin(str(d)) for d in range(10)}
        self.operator_list.installEventFilter(KeyFilter(self, digits))

        # --- the PIN ----------------------------------------------------------------------------
        self.pin_label = QLabel()
        self.pin_label.setAccessibleName(self.tr("Code personnel de"))
        self.pin_label.setWordWrap(True)
        pin_label_font = QFont()
        pin_label_font.setPointSize(12)
        self.pin_label.setFont(pin_label_font)
        self.pin_field = QLineEdit()
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(PIN_MAX)
        self.pin_field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"), self)
        )
        self.pin_field.setPlaceholderText(self.tr("4 à 8 chiffres"))
        self.pin_field.setAccessibleName(self.tr("Code personnel"))
        self.pin_field.setFont(big)
        self.pin_field.setMinimumHeight(48)
        self.pin_field.returnPressed.connect(self.sign_in)
        self.pin_field.installEventFilter(KeyFilter(self, {Qt.Key.Key_Escape: self._clear_pin}))
        self.keypad = Keypad(PIN_KEYS, font=big, minimum=(84, 56))
        self.keypad.attach(self.pin_field)  # the field's length limit and digits-only apply
        self.keypad.submitted.connect(self.sign_in)
        self.keypad_buttons = self.keypad.buttons
        self.sign_in_button = QPushButton(self.tr("Prendre la caisse (Entrée)"))
        self.sign_in_button.setAccessibleName(self.tr("Prendre la caisse"))
        self.sign_in_button.setFont(big)
        self.sign_in_button.setMinimumHeight(52)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Résultat de la connexion"))
        message_font = QFont()
        message_font.setPointSize(13)
        self.message_label.setFont(message_font)
        pin_column = QVBoxLayout()
        pin_column.addWidget(self.pin_label)
        pin_column.addWidget(self.pin_field)
        pin_column.addWidget(self.keypad)
        pin_column.addWidget(self.sign_in_button)
        pin_column.addWidget(self.message_label)  # under the keypad: no key moves when it shows
        pin_column.addStretch(1)
        self.pin_box = QWidget()
        self.pin_box.setLayout(pin_column)
        self.pin_box.setMaximumWidth(340)
        self.pin_box.setAccessibleName(self.tr("Saisie du code personnel"))

        # --- no operator yet -------------------------------------------------------------------
        self.empty_label = QLabel(
            self.tr(
                "<p><b>Aucun caissier n'est enregistré sur cette caisse.</b></p>"
                "<p>Vous pouvez l'utiliser sans nom : les ventes n'indiqueront pas qui les a "
                "encaissées.</p><p>Pour nommer les caissiers, ajoutez-les avec le bouton "
                "« Ajouter un caissier » ci-dessous, ou sur cet ordinateur avec la commande :"
                "<br><tt>%1</tt></p>"
            ).replace("%1", CLI_HINT)
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label.setAccessibleName(self.tr("Aucun caissier enregistré"))
        self.empty_label.setFont(message_font)
        self.anonymous_button = QPushButton(self.tr("Utiliser la caisse sans nom de caissier"))
        self.anonymous_button.setAccessibleName(self.tr("Utiliser la caisse sans nom de caissier"))
        self.anonymous_button.setFont(big)
        self.anonymous_button.setMinimumHeight(52)
        self.anonymous_button.clicked.connect(self.use_anonymously)
        self.anonymous_button.setMaximumWidth(560)
        empty = QVBoxLayout()
        empty.addWidget(self.empty_label)
        empty.addWidget(self.anonymous_button)
        empty.addStretch(1)
        self.empty_box = QFrame()
        self.empty_box.setLayout(empty)
        self.empty_box.setAccessibleName(self.tr("Caisse sans caissier nommé"))

        # --- adding a cashier -------------------------------------------------------------------
        self.admin_button = QPushButton(self.tr("Ajouter un caissier…"))
        self.admin_button.setAccessibleName(self.tr("Ajouter un caissier"))
        self.admin_button.setCheckable(True)
        self.admin_button.setMinimumHeight(40)
        self.admin_button.toggled.connect(self._show_admin)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Prénom Nom"))
        self.new_name.setAccessibleName(self.tr("Nom du nouveau caissier"))
        self.new_pin = self._pin_entry(self.tr("Code personnel, 4 à 8 chiffres"))
        self.new_pin.setAccessibleName(self.tr("Code personnel du nouveau caissier"))
        self.new_pin_again = self._pin_entry(self.tr("Le même code, une seconde fois"))
        self.new_pin_again.setAccessibleName(self.tr("Code personnel, une seconde fois"))
        self.add_button = QPushButton(self.tr("Ajouter (Entrée)"))
        self.add_button.setAccessibleName(self.tr("Ajouter ce caissier"))
        self.add_button.setMinimumHeight(40)
        self.add_button.clicked.connect(self.add_operator)
        for field in (self.new_name, self.new_pin, self.new_pin_again):
            field.setMinimumHeight(36)
            field.returnPressed.connect(self.add_operator)
            field.installEventFilter(
                KeyFilter(self, {Qt.Key.Key_Escape: lambda: self.admin_button.setChecked(False)})
            )
        self.admin_message = QLabel()
        self.admin_message.setWordWrap(True)
        self.admin_message.setAccessibleName(self.tr("Résultat de l'ajout"))
        admin = QGridLayout()
        admin.addWidget(QLabel(self.tr("Nom")), 0, 0)
        admin.addWidget(self.new_name, 0, 1)
        admin.addWidget(QLabel(self.tr("Code")), 1, 0)
        admin.addWidget(self.new_pin, 1, 1)
        admin.addWidget(QLabel(self.tr("Confirmer")), 2, 0)
        admin.addWidget(self.new_pin_again, 2, 1)
        admin.addWidget(self.add_button, 3, 1)
        admin.addWidget(self.admin_message, 4, 0, 1, 2)
        for row in range(3):
            label = admin.itemAtPosition(row, 0).widget()
            label.setAccessibleName(label.text())
        self.admin_box = QFrame()
        self.admin_box.setObjectName("admin")
        self.admin_box.setStyleSheet(
            "QFrame#admin { border:1px solid #c9ced3; border-radius:6px; background:#f7f8f9; }"
        )
        self.admin_box.setLayout(admin)
        self.admin_box.setMaximumWidth(520)
        self.admin_box.setAccessibleName(self.tr("Ajout d'un caissier"))
        self.admin_box.hide()

        names = QVBoxLayout()
        names.addWidget(self.operator_list, 1)
        names.addWidget(self.empty_box)
        body = QHBoxLayout()
        body.addLayout(names, 1)
        body.addWidget(self.pin_box)
        admin_row = QHBoxLayout()
        admin_row.addWidget(self.admin_button)
        admin_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(body, 1)
        layout.addLayout(admin_row)
        layout.addWidget(self.admin_box)

        QWidget.setTabOrder(self.operator_list, self.pin_field)
        QWidget.setTabOrder(self.pin_field, self.sign_in_button)
        QWidget.setTabOrder(self.sign_in_button, self.anonymous_button)
        QWidget.setTabOrder(self.anonymous_button, self.admin_button)
        QWidget.setTabOrder(self.admin_button, self.new_name)
        QWidget.setTabOrder(self.new_name, self.new_pin)
        QWidget.setTabOrder(self.new_pin, self.new_pin_again)
        QWidget.setTabOrder(self.new_pin_again, self.add_button)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the operators again and start over: no PIN, no message (call when shown)."""
        try:
            names = self.till.operators()
        except TillError as exc:
            names = []
            self._say(say(exc.message), ok=False)
        else:
            self.message_label.clear()
        self.operator_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setSizeHint(QSize(230, 64))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.operator_list.addItem(item)
        self.pin_field.clear()
        has_operators = bool(names)
        self.operator_list.setVisible(has_operators)
        self.hint.setVisible(has_operators)
        self.pin_box.setVisible(has_operators)
        self.empty_box.setVisible(not has_operators)
        self.title.setText(
            self.tr("Qui tient la caisse ?") if has_operators else self.tr("Caissiers")
        )
        if len(names) == 1:
            self.operator_list.setCurrentRow(0)  # the only one: straight to the PIN
        else:
            self.operator_list.setCurrentRow(-1)  # never guess: a wrong PIN counts against them
        self._show_who()
        self.focus_first()

    def focus_first(self) -> None:
        """Where the keyboard starts: the names, the PIN if there is one name, or the way out."""
        if not self.operator_list.count():
            self.anonymous_button.setFocus()
        elif self.operator_list.count() == 1:
            self.pin_field.setFocus()
        else:
            self.operator_list.setFocus()

    def selected_name(self) -> str:
        item = self.operator_list.currentItem()
        return item.text() if item is not None and item.isSelected() else ""

    def select(self, name: str) -> bool:
        found = self.operator_list.findItems(name, Qt.MatchFlag.MatchExactly)
        if not found:
            return False
        self.operator_list.setCurrentItem(found[0])
        return True

    # --- acting -------------------------------------------------------------------------------

    @Slot()
    def sign_in(self) -> None:
        name = self.selected_name()
        if not name:
            self._say(self.tr("Choisissez d'abord votre nom dans la liste."), ok=False)
            self.operator_list.setFocus()
            return
        pin = self.pin_field.text()
        if not pin:
            self._say(self.tr("Tapez votre code personnel, puis Entrée."), ok=False)
            self.pin_field.setFocus()
            return
        try:
            who = self.till.sign_in(name, pin)
        except TillError as exc:
            self.pin_field.clear()
            self._say("✖ " + say(exc.message), ok=False)
            self.pin_field.setFocus()
            return
        self.pin_field.clear()
        self._say(self.tr("✔ %1 tient la caisse.").replace("%1", who), ok=True)
        self.signed_in.emit(who)

    @Slot()
    def use_anonymously(self) -> None:
        """Only while the till has no operator: the counter works, sales name nobody."""
        try:
            if self.till.operators():
                self.refresh()
                return
        except TillError as exc:
            self._say(say(exc.message), ok=False)
            return
        self._say(self.tr("✔ Caisse utilisée sans nom de caissier."), ok=True)
        self.signed_in.emit("")

    @Slot()
    def add_operator(self) -> None:
        name = self.new_name.text()
        pin = self.new_pin.text()
        if pin != self.new_pin_again.text():
            self._say_admin(self.tr("✖ Les deux codes ne sont pas identiques : retapez-les."))
            self.new_pin.clear()
            self.new_pin_again.clear()
            self.new_pin.setFocus()
            return
        try:
            added = self.till.add_operator(name, pin)
        except TillError as exc:
            self._say_admin("✖ " + say(exc.message))
            if exc.code.startswith("operator_pin"):
                self.new_pin.clear()
                self.new_pin_again.clear()
                self.new_pin.setFocus()
            else:
                self.new_name.setFocus()
            return
        for field in (self.new_name, self.new_pin, self.new_pin_again):
            field.clear()
        self.admin_button.setChecked(False)
        self.refresh()
        self.select(added)
        self._say(
            self.tr("✔ %1 est ajouté(e) : choisissez son nom et tapez son code.").replace(
                "%1", added
            ),
            ok=True,
        )
        self.pin_field.setFocus()

    # --- helpers ------------------------------------------------------------------------------

    def _pin_entry(self, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(PIN_MAX)
        field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"), field)
        )
        field.setPlaceholderText(placeholder)
        return field

    def _typed_into_pin(self, digit: str) -> Any:
        def forward() -> None:
            self.pin_field.insert(digit)  # the field's own limit (PIN_MAX) applies
            self.pin_field.setFocus()

        return forward

    @Slot()
    def _name_picked(self, *_: object) -> None:
        self.pin_field.clear()
        self.pin_field.setFocus()

    @Slot()
    def _show_who(self, *_: object) -> None:
        name = self.selected_name()
        self.pin_label.setText(
            self.tr("Code personnel de %1").replace("%1", name)
            if name
            else self.tr("Choisissez votre nom, puis tapez votre code")
        )

    @Slot()
    def _clear_pin(self) -> None:
        self.pin_field.clear()
        self.message_label.clear()

    @Slot(bool)
    def _show_admin(self, shown: bool) -> None:
        self.admin_box.setVisible(shown)
        self.admin_message.clear()
        if shown:
            self.new_name.setFocus()
        else:
            for field in (self.new_name, self.new_pin, self.new_pin_again):
                field.clear()
            self.admin_button.setFocus()

    def _say(self, text: str, *, ok: bool) -> None:
        self.message_label.setStyleSheet(DONE if ok else ERROR)
        self.message_label.setText(text)

    def _say_admin(self, text: str) -> None:
        self.admin_message.setStyleSheet(ERROR)
        self.admin_message.setText(text)

    def showEvent(self, event: Any) -> None:
        self.refresh()  # a PIN half-typed by the previous cashier does not stay
        super().showEvent(event)
