"""Charging an accepted code: which benefit, what item, the price, and the split shown before
the cashier confirms.

The split is `Till.quote`: the same rules as the charge, so the screen never promises what
the charge would refuse, and a quote's refusal says what is still missing (the ID not ticked,
the anti-theft label not typed). Nothing is decided here.

What the cashier checks comes in the order of the form, one key each: Space ticks the ID,
Space the minor's guardian (the written parental authorisation of a RolloN transfer, or the
legal representative named on a minor's voucher, there in person), then the label, the serial
and the price; each tick moves the focus to the next thing still missing. A one-go benefit
(RolloN) takes its whole balance only: the price is already there, Entrée is enough.
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
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.short_note import ShortNote
from pos_app.ui.tones import DONE, ERROR, TO_DO
from pos_app.ui.translations import DEFAULT_LANGUAGE
from pos_app.ui.wording import language, money, say

_TICKS = frozenset({"id_check_required", "guardian_consent_missing"})
"""Refusals that only wait for the cashier to tick a box."""


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

        self.notes_label = ShortNote(lines=2)
        """The scheme's note on the chosen benefit, in two lines; the whole of it in the
        tooltip and the accessible description."""
        self.notes_label.setAccessibleName(self.tr("Conditions de l'avantage"))
        notes_font = QFont()
        notes_font.setPointSize(10)
        self.notes_label.setFont(notes_font)
        self.notes_label.setStyleSheet("color:#333;")

        self.item_box = QComboBox()
        self.item_box.setAccessibleName(self.tr("Nature de l'article"))
        self.item_box.currentIndexChanged.connect(self.refresh_preview)
        self.id_checked_box = QCheckBox(self.tr("Pièce d'identité vérifiée (Espace)"))
        self.id_checked_box.setAccessibleName(self.tr("Pièce d'identité vérifiée"))
        self.id_checked_box.toggled.connect(self._id_checked)
        self.guardian_detail = QLabel()
        """What to check for this minor: a RolloN's written parental authorisation, or the
        legal representative named on the voucher, there with their own ID."""
        self.guardian_detail.setWordWrap(True)
        self.guardian_detail.setTextFormat(Qt.TextFormat.PlainText)
        detail_font = QFont()
        detail_font.setPointSize(11)
        self.guardian_detail.setFont(detail_font)
        self.guardian_detail.setStyleSheet(TO_DO)  # the amber of « À VÉRIFIER »
        self.guardian_box = QCheckBox()
        # Its words depend on the case (`_guardian_wording`), set when a minor's benefit is
        # chosen; this name only stands until then.
        self.guardian_box.setAccessibleName(self.tr("Représentant légal du mineur vérifié"))
        self.guardian_box.toggled.connect(self._guardian_checked)
        self.guardian_row = QWidget()
        guardian_layout = QVBoxLayout(self.guardian_row)
        guardian_layout.setContentsMargins(0, 0, 0, 0)
        guardian_layout.setSpacing(2)
        guardian_layout.addWidget(self.guardian_detail)
        guardian_layout.addWidget(self.guardian_box)
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
        form.addRow(self.tr("À savoir"), self.notes_label)
        form.addRow(self.tr("Article"), self.item_box)
        form.addRow(self.tr("Identité"), self.id_checked_box)
        form.addRow(self.tr("Mineur"), self.guardian_row)
        form.addRow(self.tr("Étiquette"), self.label_field)
        form.addRow(self.tr("Matériel"), self.equipment_field)
        form.addRow(self.tr("Prix"), self.amount_field)
        self._form = form
        self._prefilled = ""
        """The price this panel typed itself (a one-go benefit's whole balance)."""
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
        self._next_step()  # the ID if it must be checked: Space ticks it, then what follows

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
        self._prefilled = ""
        self.notes_label.set_note("")
        self._form.setRowVisible(self.notes_label, False)
        self._form.setRowVisible(self.id_checked_box, False)
        self._form.setRowVisible(self.guardian_row, False)
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
            # The price this panel typed is right: what is missing is a tick not reached yet
            # (amber), not a mistake (red).
            untouched = bool(self._prefilled) and self.amount_field.text() == self._prefilled
            self._say(say(exc.message), problem=True, to_do=untouched and exc.code in _TICKS)
            self.charge_button.setEnabled(False)
            return
        if self._whole_transfer(wallet):
            self._say(self._transfer_text(quoted.amount_cents), problem=False)
        else:
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
        """Tab follows the reading order (benefit, item, ID, guardian, label, serial, price,
        buttons),
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
        if self._whole_transfer(wallet):
            return (
                self.tr("Transfert de la totalité : %1, en une seule fois. Saisissez %2.")
                .replace("%1", money(wallet.balance_cents))
                .replace("%2", self._entry(wallet.balance_cents))
            )
        if wallet.voucher or wallet.single_payment:
            return self.tr(
                "Usage unique de %1 : saisissez le prix public de l'article. "
                "Pas de monnaie rendue sur la part non utilisée."
            ).replace("%1", money(wallet.face_cents or wallet.balance_cents))
        return self.tr("Saisissez le prix public de l'article (clavier ou pavé).")

    def _transfer_text(self, amount_cents: int) -> str:
        return self.tr(
            "Transfert de la totalité : %1, en une seule fois — Entrée pour valider"
        ).replace("%1", money(amount_cents))

    @staticmethod
    def _whole_transfer(wallet: UsableWallet) -> bool:
        """A one-go benefit that is not a voucher (RolloN): its whole balance, never a part,
        and nothing lost, since the price is the balance."""
        return wallet.single_payment and not wallet.voucher

    @staticmethod
    def _entry(cents: int) -> str:
        """An amount as the cashier types it: "10,00" (English window: "10.00")."""
        mark = "," if language() == DEFAULT_LANGUAGE else "."
        return f"{cents // 100}{mark}{cents % 100:02d}"

    def _guardian_wording(self, wallet: UsableWallet) -> tuple[str, str, str]:
        """(what to check, the box's text, the box's accessible name) for this minor."""
        credential = self.verdict.credential if self.verdict else None
        if wallet.voucher:
            guardian = credential.voucher.guardian_name if credential and credential.voucher else ""
            if guardian:
                detail = self.tr(
                    "Mineur : %1, représentant légal nommé sur le bon, retire lui-même "
                    "l'équipement avec sa propre pièce d'identité."
                ).replace("%1", guardian)
                name = self.tr(
                    "%1, représentant légal nommé sur le bon, présent avec sa pièce d'identité"
                ).replace("%1", guardian)
            else:
                detail = self.tr(
                    "Mineur : le représentant légal nommé sur le bon retire lui-même "
                    "l'équipement avec sa propre pièce d'identité."
                )
                name = self.tr(
                    "Représentant légal nommé sur le bon présent avec sa pièce d'identité"
                )
            return detail, self.tr("Représentant légal présent, sa pièce vue (Espace)"), name
        age = self.verdict.holder_age if self.verdict else None
        if age is not None:
            detail = self.tr(
                "Mineur de %1 ans : autorisation écrite d'un titulaire de l'autorité parentale."
            ).replace("%1", str(age))
        else:
            detail = self.tr("Mineur : autorisation écrite d'un titulaire de l'autorité parentale.")
        return (
            detail,
            self.tr("Autorisation parentale écrite vue (Espace)"),
            self.tr("Autorisation écrite d'un titulaire de l'autorité parentale vérifiée"),
        )

    def _next_step(self) -> None:
        """Focus on the first thing still to do: the ID, the guardian, the label, the serial,
        then the price (with a one-go benefit's balance already in it: Entrée charges)."""
        steps = (
            (self.id_checked_box, not self.id_checked_box.isChecked()),
            (self.guardian_row, not self.guardian_box.isChecked()),
            (self.label_field, not self.label_field.text().strip()),
            (self.equipment_field, not self.equipment_field.text().strip()),
        )
        for row, missing in steps:
            if missing and self._form.isRowVisible(row):
                (self.guardian_box if row is self.guardian_row else row).setFocus()
                return
        self.amount_field.setFocus()

    def _say(self, text: str, *, problem: bool, to_do: bool = False) -> None:
        self.preview.setText(text)
        style = TO_DO if to_do else ERROR if problem else DONE
        if self.preview.styleSheet() != style:  # re-polishing costs: only on a change
            self.preview.setStyleSheet(style)

    def _wallet_text(self, wallet: UsableWallet) -> str:
        """Short enough for one line at 1366×768; single use is said in the price hint."""
        amount = money(wallet.balance_cents)
        if self._whole_transfer(wallet):
            amount += " " + self.tr("(en une seule fois)")
        elif wallet.voucher or wallet.single_payment:
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
        self.notes_label.set_note(wallet.notes if wallet else "")
        self._form.setRowVisible(self.notes_label, bool(wallet and wallet.notes))
        self._show_guardian(wallet)
        self._form.setRowVisible(self.label_field, bool(wallet and wallet.needs_label))
        self._form.setRowVisible(
            self.equipment_field, bool(wallet and wallet.needs_equipment_serial)
        )
        self._prefill(wallet)
        self.refresh_preview()

    def _show_guardian(self, wallet: UsableWallet | None) -> None:
        needed = bool(wallet and wallet.needs_guardian)
        self._form.setRowVisible(self.guardian_row, needed)
        if not needed or wallet is None:
            return
        detail, box_text, name = self._guardian_wording(wallet)
        if box_text != self.guardian_box.text():
            self.guardian_box.setChecked(False)  # a tick meant for another check
        self.guardian_detail.setText(detail)
        self.guardian_box.setText(box_text)
        self.guardian_box.setAccessibleName(name)
        self.guardian_box.setAccessibleDescription(detail)

    def _prefill(self, wallet: UsableWallet | None) -> None:
        """A one-go benefit's price is its balance: typed here, selected (a key typed
        replaces it). Leaving that benefit takes away only what this panel typed."""
        if wallet is not None and self._whole_transfer(wallet):
            if self.amount_field.text() in ("", self._prefilled):
                self._prefilled = self._entry(wallet.balance_cents)
                self.amount_field.setText(self._prefilled)
                self.amount_field.selectAll()
            return
        if self._prefilled and self.amount_field.text() == self._prefilled:
            self.amount_field.clear()
        self._prefilled = ""

    @Slot(bool)
    def _id_checked(self, checked: bool) -> None:
        self.refresh_preview()
        if checked:
            self._next_step()

    @Slot(bool)
    def _guardian_checked(self, checked: bool) -> None:
        self.refresh_preview()
        if checked:
            self._next_step()
