"""The history page: the day's sales, the Region's refusals, and undoing a handling mistake.

A page of the counter window, usable alone. It only calls the till's services (`history`,
`receipt`, `can_void`, `void`, `conflicts`, `acknowledge`) and shows their answers: whether a
sale may be voided is the rules' decision, told here in their own French words as soon as the
sale is picked (the void button greys, the reason is written under it). Nothing here is modal: a
void asks its reason inline, so the next scan is never blocked behind a dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import tzinfo
from itertools import pairwise
from typing import Any

from pos_app.domain.conflicts import conflict_message
from pos_app.domain.model import Transaction, TxnKind
from pos_app.services import LedgerEntry, Till, TillError
from pos_app.ui.keys import KeyFilter
from pos_app.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QBrush,
    QCheckBox,
    QColor,
    QFont,
    QFontDatabase,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.receipt_printing import ReceiptPrinting
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.wording import moment, money, say

log = logging.getLogger(__name__)

AMBER = "background:#fff4d6; color:#5c3b00; border:2px solid #c98a00; border-radius:6px;"
AMBER_ROW = "#ffe7a3"
"""A refused sale's row in the table: the amber of the box above, readable with black text."""
VOID_REFUSED = "color:#333; background:#f0f0f0; border-left:4px solid #767676; padding:4px 8px;"
"""Why the void button is greyed: a note, not an error (nothing failed), in dark text."""
COLUMNS = 9
TIME, REFERENCE, NAME, BENEFIT, PRICE, AMOUNT, LEFT, STATE, CASHIER = range(COLUMNS)
"""AMOUNT: the benefit's part; LEFT: what the young person paid on top (« reste à payer »)."""
MONEY_COLUMNS = (PRICE, AMOUNT, LEFT)
ALL_DAYS_LIMIT = 500
"""Rows shown with « tous les jours »: a season's worth is searched, the newest are listed."""
SEARCH_DELAY_MS = 150
"""Filter as the cashier types, without reading the ledger again on every key of a word."""


class HistoryPage(QWidget):
    """The history of this till, its refusals by the Region, receipts and voids.

    `operator()` names who is at the till now: it is recorded with a void or an acknowledgement.

    Wiring: connect `voided` and `conflicts_changed`, then read `conflict_count` once (the
    first count is emitted while constructing, before anyone listens); call `refresh()` after
    a sale or a sync (the page also refreshes itself each time it is shown).
    """

    voided = Signal(object)
    """A sale was voided: carries the void `Transaction` (the window refreshes its status)."""
    conflicts_changed = Signal(int)
    """How many of the Region's refusals still wait for « J'ai vu » (the window's badge)."""

    def __init__(
        self,
        till: Till,
        operator: Callable[[], str],
        parent: QWidget | None = None,
        *,
        printing: ReceiptPrinting | None = None,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.operator = operator
        self.printing = printing or ReceiptPrinting(till, self)
        """Receipts on paper or PDF, shared with the counter (one print at a time)."""
        self.printing.finished.connect(self._printed)
        self.entries: list[LedgerEntry] = []
        """The rows of the table, in order."""
        self.conflict_count = 0
        self._messages: dict[str, str] = {}
        """The Region's refusal, in French, for each refused transaction (seen or not)."""
        self._zone: tzinfo | None = None
        self._shown_id: str | None = None
        self.setAccessibleName(self.tr("Historique des ventes"))

        # --- the Region's refusals, apart, on top ---------------------------------------------
        self.conflicts_title = QLabel()
        self.conflicts_title.setWordWrap(True)
        self.conflicts_title.setAccessibleName(self.tr("Ventes refusées par la Région"))
        title_font = QFont()
        title_font.setPointSize(13)
        title_font.setBold(True)
        self.conflicts_title.setFont(title_font)
        self.conflict_rows = QVBoxLayout()
        self.conflict_note = QLabel()
        self.conflict_note.setWordWrap(True)
        self.conflict_note.setAccessibleName(self.tr("Résultat de la confirmation"))
        self.conflict_note.hide()
        rows_widget = QWidget()
        rows_widget.setObjectName("rows")
        rows_widget.setStyleSheet("QWidget#rows { background: transparent; }")
        rows_widget.setLayout(self.conflict_rows)
        self.conflict_rows.setContentsMargins(0, 0, 0, 0)
        self.conflict_scroll = QScrollArea()
        self.conflict_scroll.setWidget(rows_widget)
        self.conflict_scroll.setWidgetResizable(True)
        self.conflict_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.conflict_scroll.viewport().setAutoFillBackground(False)
        self.conflict_scroll.setAccessibleName(self.tr("Liste des refus de la Région"))
        box = QVBoxLayout()
        box.addWidget(self.conflicts_title)
        box.addWidget(self.conflict_scroll)
        box.addWidget(self.conflict_note)
        self.conflicts_box = QFrame()
        self.conflicts_box.setObjectName("conflicts")
        self.conflicts_box.setStyleSheet("QFrame#conflicts {" + AMBER + "}")
        self.conflicts_box.setLayout(box)
        self.conflicts_box.setAccessibleName(self.tr("Refus de la Région à voir"))
        self.ack_buttons: dict[str, QPushButton] = {}

        # --- search ---------------------------------------------------------------------------
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(
            self.tr("Rechercher : nom, référence, montant (12,50), caissier…")
        )
        self.search_field.setAccessibleName(self.tr("Rechercher dans l'historique"))
        self.search_field.setClearButtonEnabled(True)
        for clear in self.search_field.findChildren(QAbstractButton):
            clear.setAccessibleName(self.tr("Effacer la recherche"))
        self.search_field.setMinimumHeight(40)
        search_font = QFont()
        search_font.setPointSize(12)
        self.search_field.setFont(search_font)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh_table)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.search_field.returnPressed.connect(self._to_table)
        search_keys = {Qt.Key.Key_Escape: self._clear_search, Qt.Key.Key_Down: self._to_table}
        self.search_field.installEventFilter(KeyFilter(self, search_keys))
        self.all_days_box = QCheckBox(self.tr("Tous les jours"))
        self.all_days_box.setAccessibleName(
            self.tr("Montrer tous les jours (sinon seulement aujourd'hui)")
        )
        self.all_days_box.toggled.connect(self.refresh_table)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Nombre de ventes affichées"))
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.all_days_box)
        search_row.addWidget(self.count_label)

        # --- the table ------------------------------------------------------------------------
        self.table = QTableWidget(0, COLUMNS)
        self.table.setCornerButtonEnabled(False)  # "select all" means nothing here
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Heure"),
                self.tr("Référence"),
                self.tr("Bénéficiaire"),
                self.tr("Avantage"),
                self.tr("Prix"),
                self.tr("Part avantage"),
                self.tr("Reste à payer"),
                self.tr("État"),
                self.tr("Caissier"),
            ]
        )
        self.table.setAccessibleName(self.tr("Ventes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the actions
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        for column in range(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        table_font = QFont()
        table_font.setPointSize(11)
        self.table.setFont(table_font)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.empty_label = QLabel()
        self.empty_label.setAccessibleName(self.tr("Aucune vente"))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color:#555; font-size:15px; padding:24px;")

        # --- the detail: receipt and actions ---------------------------------------------------
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setAccessibleName(self.tr("Vente choisie"))
        self.receipt_view = QPlainTextEdit()
        self.receipt_view.setReadOnly(True)
        self.receipt_view.setAccessibleName(self.tr("Reçu de la vente choisie"))
        self.receipt_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(11)
        self.receipt_view.setFont(mono)
        self.receipt_view.setMinimumWidth(
            self.receipt_view.fontMetrics().horizontalAdvance("M" * 42) + 24
        )
        self.receipt_view.setTabChangesFocus(True)
        self.void_button = QPushButton(self.tr("&Annuler cette vente…"))
        self.void_button.setAccessibleName(self.tr("Annuler cette vente"))
        self.void_button.setMinimumHeight(40)
        self.void_button.clicked.connect(self.ask_void)
        self.print_button = QPushButton(self.tr("&Imprimer le reçu"))
        self.print_button.setAccessibleName(
            self.tr("Imprimer le reçu sur l'imprimante des réglages")
        )
        self.print_button.clicked.connect(self.print_receipt)
        self.dialog_button = QPushButton(self.tr("Imprimer &sur…"))
        self.dialog_button.setAccessibleName(self.tr("Choisir l'imprimante puis imprimer le reçu"))
        self.dialog_button.clicked.connect(self.print_with_dialog)
        self.pdf_button = QPushButton(self.tr("&PDF"))
        self.pdf_button.setAccessibleName(self.tr("Enregistrer le reçu en PDF"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.copy_button = QPushButton(self.tr("&Copier"))
        self.copy_button.setAccessibleName(self.tr("Copier le reçu"))
        self.copy_button.clicked.connect(self.copy_receipt)
        self.receipt_buttons = (
            self.print_button, self.dialog_button, self.pdf_button, self.copy_button
        )  # fmt: skip
        for button in (self.void_button, *self.receipt_buttons):
            button.setMinimumHeight(40)
        receipt_row = QHBoxLayout()
        for button in self.receipt_buttons:
            receipt_row.addWidget(button)
        actions = QVBoxLayout()
        actions.addLayout(receipt_row)
        actions.addWidget(self.void_button)
        self.void_refusal_label = QLabel()
        """Why the chosen sale cannot be voided (the rules' words), under the greyed button."""
        self.void_refusal_label.setWordWrap(True)
        self.void_refusal_label.setAccessibleName(
            self.tr("Pourquoi la vente ne peut pas être annulée")
        )
        self.void_refusal_label.setStyleSheet(VOID_REFUSED)
        refusal_font = QFont()
        refusal_font.setPointSize(11)
        self.void_refusal_label.setFont(refusal_font)
        self.void_refusal_label.hide()

        # --- the void, asked inline -----------------------------------------------------------
        self.void_question = QLabel()
        self.void_question.setWordWrap(True)
        self.void_question.setAccessibleName(self.tr("Annulation demandée"))
        self.reason_field = QLineEdit()
        self.reason_field.setPlaceholderText(self.tr("Motif de l'annulation"))
        self.reason_field.setAccessibleName(self.tr("Motif de l'annulation"))
        self.reason_field.setMinimumHeight(36)
        self.reason_field.returnPressed.connect(self.confirm_void)
        self.reason_buttons: list[QPushButton] = []
        reasons = QGridLayout()
        for index, reason in enumerate(self.common_reasons()):
            button = QPushButton(reason)
            button.setAccessibleName(self.tr("Motif : %1").replace("%1", reason))
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, text=reason: self._pick_reason(text))
            reasons.addWidget(button, index // 2, index % 2)
            self.reason_buttons.append(button)
        self.confirm_button = QPushButton(self.tr("Confirmer l'annulation (Entrée)"))
        self.confirm_button.setAccessibleName(self.tr("Confirmer l'annulation"))
        self.confirm_button.setMinimumHeight(40)
        self.confirm_button.clicked.connect(self.confirm_void)
        self.cancel_button = QPushButton(self.tr("Ne pas annuler (Échap)"))
        self.cancel_button.setAccessibleName(self.tr("Ne pas annuler la vente"))
        self.cancel_button.setMinimumHeight(40)
        self.cancel_button.clicked.connect(self.cancel_void)
        decide = QHBoxLayout()
        decide.addWidget(self.confirm_button)
        decide.addWidget(self.cancel_button)
        panel = QVBoxLayout()
        panel.addWidget(self.void_question)
        panel.addLayout(reasons)
        panel.addWidget(self.reason_field)
        panel.addLayout(decide)
        self.void_panel = QFrame()
        self.void_panel.setObjectName("void")
        self.void_panel.setStyleSheet(
            "QFrame#void { border:2px solid #b3261e; border-radius:6px; background:#fff7f6; }"
        )
        self.void_panel.setLayout(panel)
        self.void_panel.setAccessibleName(self.tr("Annuler la vente : motif"))
        self.void_panel.hide()
        escape = KeyFilter(self, {Qt.Key.Key_Escape: self.cancel_void})
        for widget in (self.reason_field, self.confirm_button, self.cancel_button):
            widget.installEventFilter(escape)
        for button in self.reason_buttons:
            button.installEventFilter(escape)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Résultat de l'action"))
        message_font = QFont()
        message_font.setPointSize(12)
        self.message_label.setFont(message_font)

        detail = QVBoxLayout()
        detail.addWidget(self.detail_label)
        detail.addWidget(self.receipt_view, 1)
        detail.addLayout(actions)
        detail.addWidget(self.void_refusal_label)
        detail.addWidget(self.message_label)
        detail.addWidget(self.void_panel)
        detail_widget = QWidget()
        detail_widget.setLayout(detail)
        detail_widget.setMaximumWidth(520)

        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setAccessibleName(self.tr("Totaux des ventes affichées"))
        self.totals_label.setStyleSheet(
            "background:#eef1f4; border:1px solid #c9ced3; padding:6px 10px; font-size:15px;"
        )
        self.totals_label.hide()

        left = QVBoxLayout()
        left.addWidget(self.empty_label)
        left.addWidget(self.table, 1)
        left.addWidget(self.totals_label)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(detail_widget)

        layout = QVBoxLayout(self)
        layout.addWidget(self.conflicts_box)
        layout.addLayout(search_row)
        layout.addLayout(body, 1)

        self.refresh()

    def _set_tab_order(self) -> None:
        """The refusals first (they need an answer), then search, list, receipt, void."""
        chain = [
            *self.ack_buttons.values(),
            self.search_field,
            self.all_days_box,
            self.table,
            self.void_button,
            *self.receipt_buttons,
            self.reason_field,
            *self.reason_buttons,
            self.confirm_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def common_reasons(self) -> list[str]:
        """The handling mistakes a cashier voids most, offered as one touch each."""
        return [
            self.tr("Erreur de montant"),
            self.tr("Mauvais avantage choisi"),
            self.tr("Achat abandonné par le jeune"),
            self.tr("Encaissé deux fois"),
        ]

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the refusals and the history again (after a sale, a sync, or when shown)."""
        self.refresh_conflicts()
        self.refresh_table()

    @Slot()
    def refresh_conflicts(self) -> None:
        try:
            waiting = self.till.conflicts()
            self._messages = {
                entry.transaction.id: message
                for entry, message in self.till.conflicts(acknowledged=True)
            }
            self._zone = self.till.now().tzinfo
        except TillError as exc:
            self._say(self.conflict_note, say(exc.message), ok=False)
            return
        while self.conflict_rows.count():
            item = self.conflict_rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.ack_buttons = {}
        for entry, message in waiting:
            self.conflict_rows.addWidget(self._conflict_row(entry, message))
        count = len(waiting)
        self._fit_conflicts()
        self._set_tab_order()
        self.conflicts_title.setText(
            self.tr("⚠ La Région a refusé %1 vente(s) : elles ne seront pas remboursées.").replace(
                "%1", str(count)
            )
        )
        self.conflicts_box.setVisible(count > 0)
        self.conflict_count = count
        self.conflicts_changed.emit(count)

    def _fit_conflicts(self) -> None:
        """As tall as the refusals need (wrapped at the page's width), three at most."""
        width = max(self.width() - 60, 400)
        rows = (self.conflict_rows.itemAt(i) for i in range(self.conflict_rows.count()))
        heights = [
            item.widget().heightForWidth(width) if item.widget().hasHeightForWidth()
            else item.widget().sizeHint().height()
            for item in rows if item.widget() is not None
        ]  # fmt: skip
        spacing = self.conflict_rows.spacing()
        self.conflict_scroll.setFixedHeight(sum(heights[:3]) + spacing * len(heights[:3]) + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_conflicts()

    def _conflict_row(self, entry: LedgerEntry, message: str) -> QWidget:
        t = entry.transaction
        summary = QLabel(
            "<b>"
            + self.tr("%1 non remboursés").replace("%1", money(t.amount_cents))
            + "</b> — "
            + " · ".join(
                _escape(part)
                for part in (
                    self._when(t, with_day=True),
                    t.holder_name,
                    self._benefit(t),
                    self.tr("caissier : %1").replace("%1", t.operator) if t.operator else "",
                    self.tr("réf. %1").replace("%1", t.id[:8]),
                )
                if part
            )
        )
        summary.setWordWrap(True)
        summary.setAccessibleName(self.tr("Vente refusée"))
        why = QLabel(say(message))
        why.setWordWrap(True)
        row_font = QFont()
        row_font.setPointSize(11)
        summary.setFont(row_font)
        why.setFont(row_font)
        why.setAccessibleName(self.tr("Motif du refus de la Région"))
        seen = QPushButton(self.tr("J'ai vu"))
        seen.setAccessibleName(
            self.tr("J'ai vu le refus de %1").replace("%1", money(t.amount_cents))
        )
        seen.setMinimumSize(110, 40)
        seen.clicked.connect(lambda _=False, txn_id=t.id: self.acknowledge(txn_id))
        self.ack_buttons[t.id] = seen
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(summary)
        text.addWidget(why)
        row = QHBoxLayout()
        row.setContentsMargins(4, 4, 4, 4)
        row.addLayout(text, 1)
        row.addWidget(seen)
        widget = QFrame()
        widget.setObjectName("conflict")
        widget.setStyleSheet(
            "QFrame#conflict { background:#fffaf0; border:1px solid #c98a00; border-radius:4px; }"
        )
        widget.setLayout(row)
        widget.setAccessibleName(self.tr("Refus de la Région"))
        return widget

    @Slot()
    def refresh_table(self) -> None:
        self._search_timer.stop()
        search = self.search_field.text().strip()
        all_days = self.all_days_box.isChecked()
        try:
            entries = self.till.history(
                ALL_DAYS_LIMIT if all_days else None, today_only=not all_days, search=search
            )
            self._zone = self.till.now().tzinfo
        except TillError as exc:
            self._say(self.message_label, say(exc.message), ok=False)
            return
        kept = self.selected_id()
        self.entries = entries
        self.table.blockSignals(True)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, (text, tip) in enumerate(self._cells(entry, all_days)):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip)
                if column in MONEY_COLUMNS:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if entry.state == "rejected":
                    item.setBackground(QBrush(QColor(AMBER_ROW)))
                    item.setForeground(QBrush(QColor("#3d2700")))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._show_count(len(entries), search, all_days)
        self._show_totals(entries)
        ids = [e.transaction.id for e in entries]
        if entries:
            # Silently: the detail (a receipt and a void check, each a read) is shown once below,
            # whether or not the selected row changed.
            self.table.blockSignals(True)
            self.table.selectRow(ids.index(kept) if kept in ids else 0)
            self.table.blockSignals(False)
        self._show_detail()

    def _show_count(self, count: int, search: str, all_days: bool) -> None:
        if count:
            text = (
                self.tr("%1 vente(s)") if all_days else self.tr("Aujourd'hui : %1 vente(s)")
            ).replace("%1", str(count))
            if all_days and count >= ALL_DAYS_LIMIT:
                text = self.tr("Les %1 plus récentes").replace("%1", str(count))
            self.count_label.setText(text)
            self.empty_label.hide()
            self.table.show()
            return
        self.count_label.setText(self.tr("0 vente"))
        if search:
            empty = self.tr("Aucune vente ne correspond à « %1 »").replace("%1", search)
            empty += (
                "."
                if all_days
                else self.tr(" aujourd'hui. Cochez « Tous les jours » pour chercher plus loin.")
            )
        elif all_days:
            empty = self.tr("Aucune vente enregistrée sur cette caisse.")
        else:
            empty = self.tr("Aucune vente aujourd'hui. Cochez « Tous les jours » pour les autres.")
        self.empty_label.setText(empty)
        self.empty_label.show()
        self.table.hide()

    def _show_totals(self, entries: list[LedgerEntry]) -> None:
        """What the listed rows add up to, in euros: a void takes its sale back; a sale the
        Region refused is left out (it will not be paid) and counted apart."""
        sales = price = benefit = left = refused = 0
        for entry in entries:
            t = entry.transaction
            if entry.state == "rejected":
                refused += t.kind is TxnKind.DEBIT
                continue
            sign = -1 if t.kind is TxnKind.VOID else 1
            sales += sign
            price += sign * t.price_cents
            benefit += sign * t.amount_cents
            left += sign * t.complement_cents
        if not entries:
            self.totals_label.hide()
            return
        text = (
            self.tr(
                "Total de %1 vente(s), annulations déduites : prix %2 · payé par les avantages "
                "%3 · reste à payer %4"
            )
            .replace("%1", str(max(0, sales)))
            .replace("%2", money(price))
            .replace("%3", money(benefit))
            .replace("%4", money(left))
        )
        if refused:
            text += self.tr(" (sans les %1 refusée(s) par la Région)").replace("%1", str(refused))
        self.totals_label.setText(text)
        self.totals_label.show()

    def _cells(self, entry: LedgerEntry, all_days: bool) -> list[tuple[str, str]]:
        t = entry.transaction
        sign = -1 if t.kind is TxnKind.VOID else 1
        benefit, tip = self._benefit(t), t.reason
        if t.kind is TxnKind.VOID:  # short, so that the names keep their room at 1366×768
            tip = self.tr("Annulation — %1").replace("%1", benefit)
            tip += self.tr(" — motif : %1").replace("%1", t.reason) if t.reason else ""
            benefit = self.tr("↩ Annulation")
        return [
            (self._when(t, with_day=all_days), ""),
            (t.id[:8], t.id),
            (t.holder_name or "—", t.holder_name),  # whole, should the column be narrow
            (benefit, tip),
            (money(sign * t.price_cents), ""),
            (money(sign * t.amount_cents), ""),
            (money(sign * t.complement_cents), ""),
            (self.state_text(entry), say(self._messages.get(t.id, ""))),
            (t.operator or "—", ""),
        ]

    def state_text(self, entry: LedgerEntry) -> str:
        """What became of a transaction, in words (with a symbol: never colour alone)."""
        if entry.state == "rejected":
            if entry.acknowledged_at is not None:
                return self.tr("⚠ Refusée par la Région (vu)")
            return self.tr("⚠ Refusée par la Région")
        if entry.voided_by is not None:
            return self.tr("↩ Annulée")
        if entry.state == "pending":
            return self.tr("○ En attente d'envoi")
        return self.tr("✔ Envoyée")

    def selected_entry(self) -> LedgerEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def selected_id(self) -> str | None:
        entry = self.selected_entry()
        return entry.transaction.id if entry else None

    def select(self, txn_id: str) -> bool:
        """Show this transaction (searching all days if need be); False if unknown."""
        ids = [e.transaction.id for e in self.entries]
        if txn_id not in ids and not self.all_days_box.isChecked():
            self.all_days_box.setChecked(True)  # refreshes
            ids = [e.transaction.id for e in self.entries]
        if txn_id not in ids:
            return False
        self.table.selectRow(ids.index(txn_id))
        return True

    @Slot()
    def _show_detail(self) -> None:
        entry = self.selected_entry()
        self.cancel_void(quiet=True)
        shown = entry.transaction.id if entry else None
        if shown != self._shown_id:  # a message about another sale would mislead
            self._shown_id = shown
            self._say(self.message_label, "", ok=True)
        for button in self.receipt_buttons:
            button.setEnabled(entry is not None)
        self._show_void_refusal(entry)
        if entry is None:
            self.detail_label.setText(self.tr("Choisissez une vente dans la liste."))
            self.receipt_view.clear()
            return
        t = entry.transaction
        lines = [
            "<b>"
            + self.tr("%1 — %2")
            .replace("%1", self._when(t, with_day=True))
            .replace("%2", self.state_text(entry))
            + "</b>"
        ]
        if t.id in self._messages:
            lines.append(say(self._messages[t.id]))
        elif entry.state == "rejected":  # why, in the Region's rule words
            lines.append(say(conflict_message(entry.server_reason, t.amount_cents)))
        if t.voids:
            lines.append(
                self.tr("Annule la vente %1 — motif : %2")
                .replace("%1", t.voids[:8])
                .replace("%2", t.reason)
            )
        if entry.voided_by is not None:
            lines.append(
                self.tr("Annulée par la transaction %1.").replace("%1", entry.voided_by[:8])
            )
        self.detail_label.setText(lines[0] + "".join("<br>" + _escape(x) for x in lines[1:]))
        try:
            receipt = self.till.receipt(t.id)
        except TillError as exc:
            self.receipt_view.setPlainText(say(exc.message))
            return
        self.receipt_view.setPlainText("\n".join(receipt))

    def _show_void_refusal(self, entry: LedgerEntry | None) -> str | None:
        """Ask the till whether this sale may be voided now (one row read, not the ledger):
        if not, grey the button and say why, in words beside it, in its tooltip and its
        accessible description. Returns that reason, or None."""
        refusal = None
        if entry is not None:
            try:
                refusal = self.till.can_void(entry.transaction.id)
            except TillError as exc:
                refusal = exc.message
            refusal = say(refusal) if refusal is not None else None
        self.void_button.setEnabled(entry is not None and refusal is None)
        self.void_button.setToolTip(refusal or "")
        self.void_button.setAccessibleDescription(refusal or "")
        self.void_refusal_label.setText(refusal or "")
        self.void_refusal_label.setVisible(refusal is not None)
        return refusal

    # --- acting -------------------------------------------------------------------------------

    @Slot()
    def ask_void(self) -> None:
        """Open the inline question: which reason? (Enter confirms, Esc gives up.) Not when
        the rules refuse this sale whatever the reason (it may have aged since it was picked):
        the button greys and says why instead."""
        entry = self.selected_entry()
        if entry is None or self._show_void_refusal(entry) is not None:
            return
        t = entry.transaction
        self.void_question.setText(
            self.tr("Annuler la vente de %1 (%2) ? Le montant sera rendu à l'avantage du jeune.")
            .replace("%1", money(t.amount_cents))
            .replace("%2", " · ".join(p for p in (self._when(t), t.holder_name) if p))
        )
        self.reason_field.clear()
        self.message_label.clear()
        self.void_panel.show()
        self.reason_field.setFocus()

    @Slot()
    def confirm_void(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.void_panel.isVisible():
            return
        try:
            transaction: Transaction = self.till.void(
                entry.transaction.id, self.reason_field.text(), self.operator()
            )
        except TillError as exc:
            self._say(self.message_label, "✖ " + say(exc.message), ok=False)
            if exc.code == "void_reason_missing":
                self.reason_field.setFocus()
            else:
                self.cancel_void(quiet=True)
                self._show_void_refusal(entry)
                self.table.setFocus()
            return
        self.cancel_void(quiet=True)
        self.refresh_table()
        self.select(transaction.id)
        self._say(
            self.message_label,
            self.tr(
                "✔ Vente annulée : %1 rendus à l'avantage. Voici le reçu d'annulation."
            ).replace("%1", money(transaction.amount_cents)),
            ok=True,
        )
        self.table.setFocus()
        self.voided.emit(transaction)

    @Slot()
    def cancel_void(self, quiet: bool = False) -> None:
        was_open = self.void_panel.isVisible()
        self.void_panel.hide()
        self.reason_field.clear()
        if not quiet:
            self.message_label.clear()
            if was_open:
                self.table.setFocus()

    def _pick_reason(self, reason: str) -> None:
        self.reason_field.setText(reason)
        self.reason_field.setFocus()

    @Slot()
    def print_receipt(self) -> None:
        """On the printer of the settings, off the GUI thread: only because the beneficiary
        asked (paper receipts are on request)."""
        if (txn_id := self.selected_id()) is not None:
            self.message_label.clear()
            self.printing.print_receipt(txn_id, self.operator())

    @Slot()
    def print_with_dialog(self) -> None:
        """The system's print dialog, because the cashier asked for it."""
        if (txn_id := self.selected_id()) is not None:
            self.message_label.clear()
            self.printing.print_with_dialog(txn_id, self.operator(), self)

    @Slot()
    def save_pdf(self) -> None:
        if (txn_id := self.selected_id()) is not None:
            self.message_label.clear()
            self.printing.save_pdf(txn_id, self.operator())

    @Slot()
    def copy_receipt(self) -> None:
        """Copy the receipt to the clipboard (to paste it in an e-mail: no paper)."""
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            lines = self.till.receipt(entry.transaction.id)
        except TillError as exc:
            self._say(self.message_label, "✖ " + say(exc.message), ok=False)
            return
        QApplication.clipboard().setText("\n".join(lines))
        self._say(
            self.message_label,
            self.tr("✔ Reçu copié : collez-le (Ctrl+V) dans un courriel ou un document."),
            ok=True,
        )

    @Slot(str, bool)
    def _printed(self, message: str, ok: bool) -> None:
        if self.isVisible():
            self._say(self.message_label, message, ok=ok)

    @Slot()
    def acknowledge(self, txn_id: str) -> None:
        """« J'ai vu »: the partner has seen this refusal; it stays in the history."""
        self.conflict_note.hide()
        try:
            self.till.acknowledge(txn_id, self.operator())
        except TillError as exc:
            self.refresh()  # seen meanwhile at another till, perhaps: show what is left
            target = self.conflict_note if self.conflict_count else self.message_label
            self._say(target, "✖ " + say(exc.message), ok=False)
            return
        self.refresh()
        self._say(
            self.message_label,
            self.tr("✔ Refus noté : il reste visible dans l'historique."),
            ok=True,
        )
        next_button = next(iter(self.ack_buttons.values()), None)
        (next_button or self.search_field).setFocus()

    # --- helpers ------------------------------------------------------------------------------

    @Slot()
    def _to_table(self) -> None:
        if self._search_timer.isActive():  # Enter before the pause: search now
            self.refresh_table()
        if self.entries:
            if not self.table.selectionModel().selectedRows():
                self.table.selectRow(0)
            self.table.setFocus()

    @Slot()
    def _clear_search(self) -> None:
        self.search_field.clear()
        self.refresh_table()

    def _when(self, t: Transaction, with_day: bool = False) -> str:
        scheme = self.till.schemes.get(t.scheme_id)
        local = t.created_at.astimezone(scheme.zone if scheme else self._zone)
        return moment(local) if with_day else f"{local:%H:%M}"

    def _benefit(self, t: Transaction) -> str:
        scheme = self.till.schemes.get(t.scheme_id)
        category = scheme.category(t.category_id) if scheme else None
        return category.label if category else t.category_id

    def _say(self, label: QLabel, text: str, *, ok: bool) -> None:
        label.setStyleSheet(DONE if ok else ERROR)
        label.setText(text)
        label.setVisible(bool(text))

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
