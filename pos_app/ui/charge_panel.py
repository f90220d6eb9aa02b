"""Charging an accepted code: which benefit, what item, the price, and the split shown before
the cashier confirms.

The split is `Till.quote`: the same rules as the charge, so the screen never promises what
the charge would refuse, and a quote's refusal says what is still missing (the ID not ticked,
the anti-theft label not typed). Nothing is decided here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from pos_app.domain.model import Transaction, UsableWallet, Verdict
from pos_app.services import Till, TillError
from pos_app.ui.keypad import Keypad
from pos_app.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.wording import money, say


class ChargePanel(QWidget):
    charged = Signal(object)
    """A `Transaction` was recorded."""
    refused = Signal(str)
    """The charge was refused: the French message (the verdict may have changed meanwhile)."""

    def __init__(
        self, till: Till, operator: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.till = till
        self._operator = operator
        self.payload = ""
        self.verdict: Verdict | None = None

        self.wallet_area = QWidget()
        self.wallet_area.setAccessibleName(self.tr("Avantage à utiliser"))
        self._wallet_layout = QVBoxLayout(self.wallet_area)
        self._wallet_layout.setContentsMargins(0, 0, 0, 0)
        self.wallet_group = QButtonGroup(self)
        self.wallet_group.buttonToggled.connect(self._wallet_changed)

        self.item_box = QComboBox()
        self.item_box.setAccessibleName(self.tr("Nature de l'article"))
        self.item_box.currentIndexChanged.connect(self.refresh_preview)
        self.id_checked_box = QCheckBox(self.tr("Pièce d'identité vérifiée (Espace)"))
        self.id_checked_box.setAccessibleName(self.tr("Pièce d'identité vérifiée"))
        self.id_checked_box.toggled.connect(self._id_checked)
        self.guardian_box = QCheckBox(self.tr("Autorisation du représentant légal vue"))
        self.guardian_box.setAccessibleName(
            self.tr("Autorisation ou présence du représentant légal vérifiée")
        )
        self.guardian_box.toggled.connect(self.refresh_preview)
        self.label_field = QLineEdit()
        self.label_field.setPlaceholderText(
            self.tr("Numéro de l'étiquette antivol collée sur le PC")
        )
        self.label_field.setAccessibleName(self.tr("Étiquette antivol"))
        self.equipment_field = QLineEdit()
        self.equipment_field.setPlaceholderText(self.tr("Numéro de série du PC remis"))
        self.equipment_field.setAccessibleName(self.tr("Numéro de série du matériel"))
        self.amount_field = QLineEdit()
        self.amount_field.setPlaceholderText(self.tr("Prix public, ex. 12,50"))
        self.amount_field.setAccessibleName(self.tr("Prix public en euros"))
        big = QFont()
        big.setPointSize(20)
        self.amount_field.setFont(big)
        self.amount_field.setMinimumHeight(48)
        for field in (self.label_field, self.equipment_field, self.amount_field):
            field.textChanged.connect(self.refresh_preview)
        self.label_field.returnPressed.connect(self.focusNextChild)
        self.equipment_field.returnPressed.connect(self.focusNextChild)
        self.amount_field.returnPressed.connect(self.confirm)
        self.keypad = Keypad()
        self.keypad.setMaximumWidth(300)
        self.keypad.setMaximumHeight(320)
        self.keypad.attach(self.amount_field)

        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Répartition du paiement"))
        self.preview.setWordWrap(True)
        preview_font = QFont()
        preview_font.setPointSize(17)
        preview_font.setBold(True)
        self.preview.setFont(preview_font)
        self.preview.setMinimumHeight(56)

        self.charge_button = QPushButton(self.tr("Encaisser (Entrée)"))
        self.charge_button.setAccessibleName(self.tr("Encaisser"))
        self.charge_button.setMinimumHeight(52)
        self.charge_button.setFont(preview_font)
        self.charge_button.setStyleSheet(
            "QPushButton:enabled { background:#1e7b34; color:white; border-radius:6px; }"
        )
        self.charge_button.clicked.connect(self.confirm)
        self.cancel_button = QPushButton(self.tr("Annuler (Échap)"))
        self.cancel_button.setAccessibleName(self.tr("Annuler et attendre le code suivant"))
        self.cancel_button.setMinimumHeight(52)

        form = QFormLayout()
        form.addRow(self.tr("Avantage"), self.wallet_area)
        form.addRow(self.tr("Article"), self.item_box)
        form.addRow(self.tr("Identité"), self.id_checked_box)
        form.addRow(self.tr("Mineur"), self.guardian_box)
        form.addRow(self.tr("Étiquette"), self.label_field)
        form.addRow(self.tr("Matériel"), self.equipment_field)
        form.addRow(self.tr("Prix"), self.amount_field)
        self._form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.charge_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.preview)
        left.addLayout(buttons)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.keypad, 2)
        self.clear()

    # --- what the window calls ------------------------------------------------------------

    def start(self, payload: str, verdict: Verdict) -> None:
        """An accepted code: offer its wallets, focus where the cashier acts first."""
        self.clear()
        self.payload = payload
        self.verdict = verdict
        for index, wallet in enumerate(verdict.wallets):
            button = QRadioButton(self._wallet_text(wallet))
            button.setAccessibleName(self._wallet_text(wallet))
            font = button.font()
            font.setPointSize(13)
            button.setFont(font)
            button.setMinimumHeight(34)
            self.wallet_group.addButton(button, index)
            self._wallet_layout.addWidget(button)
        first = self.wallet_group.button(0)
        if first is not None:
            first.setChecked(True)
            self._chain_tab_order(first)
        self._form.setRowVisible(self.id_checked_box, verdict.confirm_identity)
        self.setEnabled(True)
        self.show()
        self.refresh_preview()
        if verdict.confirm_identity:
            self.id_checked_box.setFocus()  # Space ticks it, then the price
        else:
            self.amount_field.setFocus()

    def keep_identity(self, checked: bool) -> None:
        """Same person right after a sale: the ID was already checked."""
        self.id_checked_box.setChecked(checked)

    def clear(self) -> None:
        self.payload = ""
        self.verdict = None
        for button in list(self.wallet_group.buttons()):
            self.wallet_group.removeButton(button)
            self._wallet_layout.removeWidget(button)
            button.hide()  # gone now, not at the next turn of the event loop
            button.deleteLater()
        self.item_box.clear()
        self.id_checked_box.setChecked(False)
        self.guardian_box.setChecked(False)
        for field in (self.label_field, self.equipment_field, self.amount_field):
            field.clear()
        self._form.setRowVisible(self.id_checked_box, False)
        self._form.setRowVisible(self.guardian_box, False)
        self._form.setRowVisible(self.item_box, False)
        self._form.setRowVisible(self.label_field, False)
        self._form.setRowVisible(self.equipment_field, False)
        self.preview.clear()
        self.setEnabled(False)
        self.hide()  # nothing to charge: an idle counter shows only what matters

    def wallet(self) -> UsableWallet | None:
        if self.verdict is None:
            return None
        index = self.wallet_group.checkedId()
        return self.verdict.wallets[index] if 0 <= index < len(self.verdict.wallets) else None

    @Slot()
    def confirm(self) -> None:
        wallet = self.wallet()
        if wallet is None:
            return
        try:
            transaction = self.till.charge(
                self.payload,
                f"{wallet.scheme_id}:{wallet.category_id}",
                self.amount_field.text(),
                self.item_box.currentData(),
                self._operator(),
                **self._answers(),
            )
        except TillError as exc:
            self._say(say(exc.message), problem=True)
            self.refused.emit(say(exc.message))
            return
        self.charged.emit(transaction)

    @Slot()
    def refresh_preview(self) -> None:
        """The split as it would be recorded now, or what is still missing to charge."""
        wallet = self.wallet()
        if wallet is None:
            return
        if not self.amount_field.text().strip():
            self._say(self._price_hint(wallet), problem=False)
            self.charge_button.setEnabled(False)
            return
        try:
            quoted = self.till.quote(
                self.payload,
                f"{wallet.scheme_id}:{wallet.category_id}",
                self.amount_field.text(),
                self.item_box.currentData(),
                **self._answers(),
            )
        except TillError as exc:
            self._say(say(exc.message), problem=True)
            self.charge_button.setEnabled(False)
            return
        self._say(self.split_text(quoted), problem=False)
        self.charge_button.setEnabled(True)

    def split_text(self, transaction: Transaction) -> str:
        """ "Atouts : 20,00 € — reste à payer : 4,50 €", plus what a single-use support loses."""
        text = (
            self.tr("Atouts : %1 — reste à payer : %2")
            .replace("%1", money(transaction.amount_cents))
            .replace("%2", money(transaction.complement_cents))
        )
        if transaction.forfeited_cents:
            text += " " + self.tr("(non utilisé, perdu : %1)").replace(
                "%1", money(transaction.forfeited_cents)
            )
        return text

    def _chain_tab_order(self, first_wallet: QWidget) -> None:
        """Tab follows the reading order (benefit, item, ID, label, serial, price, buttons),
        though the wallet choices are created after the rest; arrows move between choices."""
        chain = [
            first_wallet,
            self.item_box,
            self.id_checked_box,
            self.guardian_box,
            self.label_field,
            self.equipment_field,
            self.amount_field,
            self.charge_button,
            self.cancel_button,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- inside ---------------------------------------------------------------------------

    def _answers(self) -> dict[str, object]:
        return {
            "id_checked": self.id_checked_box.isChecked(),
            "guardian_checked": self.guardian_box.isChecked(),
            "label_number": self.label_field.text() or None,
            "equipment_serial": self.equipment_field.text() or None,
        }

    def _price_hint(self, wallet: UsableWallet) -> str:
        credential = self.verdict.credential if self.verdict else None
        if credential is not None and credential.coupon is not None:
            return self.tr(
                "Coupon de prépaiement de %1 réservé pour votre structure : un seul "
                "encaissement. Saisissez le prix public de l'article."
            ).replace("%1", money(wallet.balance_cents))
        if wallet.voucher or wallet.single_payment:
            return self.tr(
                "Usage unique de %1 : saisissez le prix public de l'article. "
                "Pas de monnaie rendue sur la part non utilisée."
            ).replace("%1", money(wallet.face_cents or wallet.balance_cents))
        return self.tr("Saisissez le prix public de l'article (clavier ou pavé).")

    def _say(self, text: str, *, problem: bool) -> None:
        self.preview.setText(text)
        style = ERROR if problem else DONE
        if self.preview.styleSheet() != style:  # re-polishing costs: only on a change
            self.preview.setStyleSheet(style)

    def _wallet_text(self, wallet: UsableWallet) -> str:
        """Short enough for one line at 1366×768; single use is said in the price hint."""
        amount = money(wallet.balance_cents)
        if wallet.voucher or wallet.single_payment:
            amount += " " + self.tr("(usage unique)")
        separator = "\n" if len(wallet.label) > 28 else " — "
        return f"{wallet.label}{separator}{amount}"

    @Slot(object, bool)
    def _wallet_changed(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        wallet = self.wallet()
        self.item_box.blockSignals(True)
        self.item_box.clear()
        for item_id, label in wallet.item_kinds if wallet else ():
            self.item_box.addItem(label, item_id)
        self.item_box.blockSignals(False)
        self._form.setRowVisible(self.item_box, bool(wallet and len(wallet.item_kinds) > 1))
        self._form.setRowVisible(self.guardian_box, bool(wallet and wallet.needs_guardian))
        self._form.setRowVisible(self.label_field, bool(wallet and wallet.needs_label))
        self._form.setRowVisible(
            self.equipment_field, bool(wallet and wallet.needs_equipment_serial)
        )
        self.refresh_preview()

    @Slot(bool)
    def _id_checked(self, checked: bool) -> None:
        self.refresh_preview()
        if checked:
            self.amount_field.setFocus()
