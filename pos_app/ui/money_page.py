"""The reimbursements page (F8): what the Region counted, paid and refused, period by period,
checked against this till's ledger; the differences, the dispute deadlines, the letter and the
accountant's files.

It only calls the back office (`pos_app.back_office.reimbursements`, `exports`,
`statement_pdf`, `dispute_letter`) and shows their answers. Reading the periods (a season can
be 100 000 transactions) and writing files run off the GUI thread (`pos_app.ui.jobs`); nothing
is modal: files go to « Remboursements Atouts » in the documents folder under a name of their
own, the day a transfer was received is typed in the page, and a scan at any moment goes to
the counter as usual. Each state is a word and a symbol as well as a colour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from pos_app.back_office.reimbursements import (
    BATCH_WORDS,
    PeriodView,
    Reimbursements,
    difference_text,
    payment_gap_text,
)
from pos_app.domain.batches import BatchStatus
from pos_app.domain.disputes import DisputeState
from pos_app.domain.reconciliation import PeriodState
from pos_app.services import Till, TillError
from pos_app.ui.jobs import run_in_background
from pos_app.ui.money_files import (
    FolderError,
    Written,
    _folder_ready,
    free_path,
    reimbursements_folder,
)
from pos_app.ui.money_notice import needs_attention
from pos_app.ui.period_chart import (
    CHART_PERIODS,
    PeriodChart,
    period_label,
    scheme_short_name,
    short_label,
)
from pos_app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QCheckBox,
    QColor,
    QDate,
    QDateEdit,
    QFont,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.wording import day, language, moment, money, say

log = logging.getLogger(__name__)

WARNING = "color:#5c3b00; background:#fff4d6; border:1px solid #b7791f; padding:6px;"
CLOSED = "color:#7a1111; background:#fbe3e3; border:1px solid #a33; padding:6px;"
PLAIN = "padding:6px 0;"

BADGES = {
    # symbol, text colour, background: the word comes from the service (never colour alone)
    PeriodState.SETTLED: ("✔", "#0b4f1c", "#dff3e4"),
    PeriodState.PENDING: ("◷", "#1d3f7a", "#e3ecfa"),
    PeriodState.OPEN: ("…", "#333333", "#ececec"),
    PeriodState.WRONG: ("⚠", "#7a1111", "#fbe3e3"),
}
PERIOD, SCHEME, STATE, TILL, COUNTED, PAID, REFUSED, GAP = range(8)
WHEN, REFERENCE, TILL_AMOUNT, REGION_AMOUNT, LINE_GAP, WHY = range(6)


class MoneyPage(QWidget):
    loaded = Signal(object)
    """The periods were read (the window's notice takes them: one reading for both)."""

    def __init__(
        self,
        till: Till,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.service = Reimbursements(till)
        self.views: list[PeriodView] = []
        """Newest first, as in the table."""
        self.loading = False
        self._again = False
        self._busy_files = 0
        self._selected_key: tuple[str, str] | None = None
        self.setAccessibleName(self.tr("Remboursements de la Région"))
        heading = QFont()
        heading.setPointSize(14)
        heading.setBold(True)

        title = QLabel(self.tr("Remboursements de la Région"))
        title.setFont(heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Résumé des remboursements"))
        self.statement_note = QLabel()
        self.statement_note.setWordWrap(True)
        self.statement_note.setStyleSheet(WARNING)
        self.statement_note.setAccessibleName(self.tr("Relevé de la Région refusé"))
        self.statement_note.hide()

        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Période"),
                self.tr("Dispositif"),
                self.tr("Statut"),
                self.tr("Caisse"),
                self.tr("Compté"),
                self.tr("Payé"),
                self.tr("Refusé"),
                self.tr("Écart"),
            ]
        )
        self.table.setAccessibleName(self.tr("Périodes de remboursement, la plus récente d'abord"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # arrows choose a period, Tab goes on
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)  # a finger's row
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PERIOD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SCHEME, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(SCHEME, 150)
        self.table.itemSelectionChanged.connect(self._selected)
        self.chart = PeriodChart()

        # --- the chosen period --------------------------------------------------------------
        self.detail_title = QLabel()
        self.detail_title.setFont(heading)
        self.detail_title.setWordWrap(True)
        self.detail_state = QLabel()
        self.detail_state.setWordWrap(True)
        self.detail_state.setAccessibleName(self.tr("Montants de la période"))
        self.batch_label = QLabel()
        self.batch_label.setWordWrap(True)
        self.batch_label.setAccessibleName(self.tr("Lot de la Région"))
        self.payment_gap = QLabel()
        self.payment_gap.setWordWrap(True)
        self.payment_gap.setStyleSheet(ERROR + "font-weight:bold;")
        self.payment_gap.setAccessibleName(self.tr("Écart de paiement"))
        self.differences = QTableWidget(0, 6)
        self.differences.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Réf."),
                self.tr("Caisse"),
                self.tr("Région"),
                self.tr("Écart"),
                self.tr("Pourquoi"),
            ]
        )
        self.differences.setAccessibleName(self.tr("Transactions qui diffèrent"))
        self.differences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.differences.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.differences.verticalHeader().hide()
        self.differences.setWordWrap(True)
        self.differences.setTabKeyNavigation(False)
        lines_header = self.differences.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lines_header.setSectionResizeMode(WHY, QHeaderView.ResizeMode.Stretch)
        self.differences.setMinimumHeight(120)
        self.no_difference = QLabel()
        self.no_difference.setWordWrap(True)
        self.no_difference.setAccessibleName(self.tr("Transactions qui diffèrent"))
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.deadline.setAccessibleName(self.tr("Délai de contestation"))

        self.letter_button = QPushButton(self.tr("Lettre de contestation (PDF)"))
        self.letter_button.setAccessibleName(
            self.tr("Écrire la lettre de contestation en PDF, à envoyer en recommandé")
        )
        self.letter_button.setMinimumHeight(44)
        self.letter_button.clicked.connect(self.write_letter)
        self.receipt_button = QPushButton(self.tr("Date de réception du virement…"))
        self.receipt_button.setAccessibleName(
            self.tr("Indiquer le jour où le virement est arrivé sur le compte")
        )
        self.receipt_button.setMinimumHeight(44)
        self.receipt_button.clicked.connect(self.ask_receipt)
        self.receipt_row = QWidget()
        self.receipt_date = QDateEdit()
        self.receipt_date.setCalendarPopup(True)
        self.receipt_date.setMinimumHeight(40)
        self.receipt_date.setAccessibleName(self.tr("Jour de réception du virement"))
        self.receipt_save = QPushButton(self.tr("Enregistrer la date"))
        self.receipt_save.setMinimumHeight(40)
        self.receipt_save.clicked.connect(self.confirm_receipt)
        self.receipt_cancel = QPushButton(self.tr("Annuler"))
        self.receipt_cancel.setAccessibleName(self.tr("Ne pas changer la date de réception"))
        self.receipt_cancel.setMinimumHeight(40)
        self.receipt_cancel.clicked.connect(self.hide_receipt)
        receipt_layout = QHBoxLayout(self.receipt_row)
        receipt_layout.setContentsMargins(0, 0, 0, 0)
        receipt_hint = QLabel(self.tr("Reçu sur le compte le :"))
        receipt_layout.addWidget(receipt_hint)
        receipt_layout.addWidget(self.receipt_date, 1)
        receipt_layout.addWidget(self.receipt_save)
        receipt_layout.addWidget(self.receipt_cancel)
        self.receipt_row.hide()
        self.period_result = QLabel()
        self.period_result.setWordWrap(True)
        self.period_result.setAccessibleName(self.tr("Résultat pour la période"))
        self.period_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- files ------------------------------------------------------------------------
        self.folder_field = QLineEdit(str(folder or reimbursements_folder()))
        self.folder_field.setAccessibleName(self.tr("Dossier des fichiers"))
        self.all_periods = QCheckBox(self.tr("Toutes les périodes"))
        self.all_periods.setAccessibleName(
            self.tr("Exporter toutes les périodes plutôt que la période choisie")
        )
        self.csv_button = QPushButton(self.tr("Exporter CSV"))
        self.csv_button.setAccessibleName(self.tr("Exporter les transactions en CSV"))
        self.csv_button.setMinimumHeight(44)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button = QPushButton(self.tr("Relevé PDF"))
        self.pdf_button.setAccessibleName(self.tr("Écrire le relevé des remboursements en PDF"))
        self.pdf_button.setMinimumHeight(44)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.file_result = QLabel()
        self.file_result.setWordWrap(True)
        self.file_result.setAccessibleName(self.tr("Résultat de l'export"))
        self.file_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- layout -----------------------------------------------------------------------
        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(self.summary)
        left.addWidget(self.statement_note)
        left.addWidget(self.table, 3)
        left.addWidget(self.chart, 2)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 4, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_state)
        detail_layout.addWidget(self.batch_label)
        detail_layout.addWidget(self.payment_gap)
        detail_layout.addWidget(self.differences, 1)
        detail_layout.addWidget(self.no_difference)
        detail_layout.addWidget(self.deadline)
        period_actions = QHBoxLayout()
        period_actions.addWidget(self.letter_button)
        period_actions.addWidget(self.receipt_button)
        detail_layout.addLayout(period_actions)
        detail_layout.addWidget(self.receipt_row)
        detail_layout.addWidget(self.period_result)
        self.scroll = QScrollArea()
        self.scroll.setWidget(detail)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        files = QFrame()
        files.setObjectName("files")
        files.setStyleSheet("QFrame#files { border-top:1px solid #c9ced3; }")
        files_layout = QVBoxLayout(files)
        files_layout.setContentsMargins(0, 6, 0, 0)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Dossier :")))
        folder_row.addWidget(self.folder_field, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.csv_button)
        buttons_row.addWidget(self.pdf_button)
        buttons_row.addWidget(self.all_periods)
        buttons_row.addStretch(1)
        files_layout.addLayout(folder_row)
        files_layout.addLayout(buttons_row)
        files_layout.addWidget(self.file_result)

        right = QVBoxLayout()
        right.addWidget(self.scroll, 1)
        right.addWidget(files)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 8)
        row.addLayout(left, 11)
        row.addLayout(right, 9)

        # Tab: the periods, then what can be done with the chosen one, then the files.
        QWidget.setTabOrder(self.table, self.differences)
        chain = [
            self.differences,
            self.letter_button,
            self.receipt_button,
            self.receipt_date,
            self.receipt_save,
            self.receipt_cancel,
            self.folder_field,
            self.csv_button,
            self.pdf_button,
            self.all_periods,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)
        self._show_period(None)
        self.refresh()

    # --- reading ----------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Read the periods again, off the GUI thread (shown, after a sync, after a change)."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        if not self.views:
            self.summary.setText(self.tr("Lecture des remboursements…"))
        run_in_background(self.service.periods, self._loaded, self._load_failed)

    def show_statement_error(self, message: str) -> None:
        """The last sync refused the Region's statement (the previous one stands)."""
        self.statement_note.setText(
            "⚠ " + self.tr("Dernier relevé de la Région refusé : %1").replace("%1", message)
            if message
            else ""
        )
        self.statement_note.setVisible(bool(message))

    @Slot(object)
    def _loaded(self, views: list[PeriodView]) -> None:
        self.loading = False
        self.views = list(reversed(views))
        self._fill()
        self.loaded.emit(views)
        if self._again:
            self._again = False
            self.refresh()

    @Slot(object)
    def _load_failed(self, error: Exception) -> None:
        self.loading = False
        self.views = []
        self._fill()
        if isinstance(error, TillError):
            self.summary.setText(say(error.message))
        else:
            log.error("reimbursements could not be read", exc_info=error)
            self.summary.setText(self.tr("Erreur inattendue en lisant les remboursements."))
        self.summary.setStyleSheet(ERROR)
        if self._again:
            self._again = False
            self.refresh()

    def _fill(self) -> None:
        self.summary.setStyleSheet("")
        self.summary.setText(self._summary_text())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.views))
        chosen_row = None
        for row, view in enumerate(self.views):
            check = view.check
            scheme = self.till.schemes.get(check.scheme_id)
            scheme_name = scheme.name if scheme else check.scheme_id
            symbol, colour, background = BADGES[check.state]
            gap = check.gap_cents
            cells = {
                PERIOD: period_label(check.period),
                SCHEME: scheme_short_name(scheme_name),
                STATE: f"{symbol} {say(view.state_text)}",
                TILL: money(check.till_cents),
                COUNTED: money(check.region_cents) if check.batch else "—",
                PAID: money(check.paid_cents) if check.paid_cents is not None else "—",
                REFUSED: money(check.refused_cents) if check.refused_cents else "",
                GAP: money(gap) if gap else "",
            }
            for column, value in cells.items():
                item = QTableWidgetItem(value)
                if column >= TILL:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == SCHEME:
                    item.setToolTip(scheme_name)
                if column == STATE:
                    item.setForeground(QBrush(QColor(colour)))
                    item.setBackground(QBrush(QColor(background)))
                    bold = QFont()
                    bold.setBold(True)
                    item.setFont(bold)
                if column == GAP and gap:
                    item.setForeground(QBrush(QColor("#7a1111")))
                self.table.setItem(row, column, item)
            if self._selected_key == (check.scheme_id, check.period.key):
                chosen_row = row
        if chosen_row is None and self.views:
            chosen_row = self._first_to_look_at()
        self.table.blockSignals(False)
        if chosen_row is not None:
            self.table.selectRow(chosen_row)
        self._selected()
        self.chart.show_periods(
            [
                (
                    short_label(view.check.period),
                    view.check.region_cents if view.check.batch else 0,
                    view.check.paid_cents or 0,
                    view.check.refused_cents,
                )
                for view in reversed(self.views[:CHART_PERIODS])
            ]
        )

    def _first_to_look_at(self) -> int:
        """The period to open on: the first needing attention, else the newest."""
        return next((row for row, view in enumerate(self.views) if needs_attention(view)), 0)

    def _summary_text(self) -> str:
        if not self.views:
            return self.tr(
                "Aucune période pour l'instant : la caisse n'a rien enregistré et la Région n'a "
                "rien compté. Les relevés de la Région arrivent avec la synchronisation."
            )
        counts = {state: 0 for state in PeriodState}
        for view in self.views:
            counts[view.check.state] += 1
        owed = sum(view.check.gap_cents for view in self.views if view.check.gap_cents > 0)
        parts = [
            self.tr("%1 réglée(s)").replace("%1", str(counts[PeriodState.SETTLED])),
            self.tr("%1 en attente").replace("%1", str(counts[PeriodState.PENDING])),
            self.tr("%1 en cours").replace("%1", str(counts[PeriodState.OPEN])),
            self.tr("%1 avec écart").replace("%1", str(counts[PeriodState.WRONG])),
        ]
        text = " · ".join(parts)
        if owed:
            text += " — " + self.tr("la Région vous doit encore %1 d'après la caisse.").replace(
                "%1", money(owed)
            )
        return text

    # --- the chosen period ------------------------------------------------------------------

    def selected(self) -> PeriodView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows and rows[0].row() < len(self.views) else None

    @Slot()
    def _selected(self) -> None:
        view = self.selected()
        key = (view.check.scheme_id, view.check.period.key) if view else None
        if key != self._selected_key:
            self.period_result.clear()
            self.receipt_row.hide()
        self._selected_key = key
        self._show_period(view)

    def select_period(self, key: str) -> None:
        """Choose the period of this key (the newest scheme's, if two schemes share it)."""
        row = next((r for r, view in enumerate(self.views) if view.key == key), None)
        if row is not None:
            self.table.selectRow(row)

    def _show_period(self, view: PeriodView | None) -> None:
        has = view is not None
        for widget in (self.detail_state, self.batch_label, self.deadline):
            widget.setVisible(has)
        self.csv_button.setEnabled(bool(self.views))
        self.pdf_button.setEnabled(bool(self.views))
        if view is None:
            self.detail_title.setText(
                self.tr("Choisissez une période dans la liste.") if self.views else ""
            )
            for widget in (
                self.payment_gap,
                self.differences,
                self.no_difference,
                self.letter_button,
                self.receipt_button,
                self.receipt_row,
            ):
                widget.hide()
            return
        check = view.check
        scheme = self.till.schemes.get(check.scheme_id)
        self.detail_title.setText(
            f"{period_label(check.period)} — {scheme.name if scheme else check.scheme_id}"
        )
        symbol, colour, background = BADGES[check.state]
        amounts = (
            self.tr("Enregistré par la caisse %1 · compté par la Région %2 · payé %3")
            .replace("%1", money(check.till_cents))
            .replace("%2", money(check.region_cents) if check.batch else "—")
            .replace("%3", money(check.paid_cents) if check.paid_cents is not None else "—")
        )
        if check.refused_cents:
            amounts += " · " + self.tr("refusé %1").replace("%1", money(check.refused_cents))
        gap = check.gap_cents
        if gap > 0:
            amounts += " · " + self.tr("manque %1").replace("%1", money(gap))
        elif gap < 0:
            amounts += " · " + self.tr("trop payé %1").replace("%1", money(-gap))
        self.detail_state.setText(
            f'<span style="color:{colour}; background:{background}; font-weight:bold;">'
            f"&nbsp;{symbol} {say(view.state_text)}&nbsp;</span>&nbsp; {amounts}"
        )
        self.batch_label.setText(self._batch_text(view))
        self.payment_gap.setText(
            say(payment_gap_text(check.payment_gap_cents)) if check.payment_gap_cents else ""
        )
        self.payment_gap.setVisible(bool(check.payment_gap_cents))
        self._fill_differences(view)
        self._show_dispute(view)

    def _batch_text(self, view: PeriodView) -> str:
        check = view.check
        batch = check.batch
        if batch is None:
            if check.state is PeriodState.OPEN:
                return (
                    self.tr("Période en cours : la Région la comptera après sa fin (du %1 au %2).")
                    .replace("%1", day(check.period.start))
                    .replace("%2", day(check.period.end))
                )
            return (
                self.tr(
                    "La Région n'a pas encore envoyé son décompte de cette période (du %1 au %2)."
                )
                .replace("%1", day(check.period.start))
                .replace("%2", day(check.period.end))
            )
        parts = [
            self.tr("Lot %1 : compté le %2")
            .replace("%1", batch.id)
            .replace("%2", day(batch.counted_on))
        ]
        if batch.paid_on is not None:
            parts.append(
                self.tr("payé %1 le %2")
                .replace("%1", money(batch.paid_cents or 0))
                .replace("%2", day(batch.paid_on))
            )
        else:
            parts.append(say(BATCH_WORDS[batch.status]))
            if batch.due_by is not None:
                parts.append(
                    self.tr("paiement attendu au plus tard le %1").replace("%1", day(batch.due_by))
                )
        if batch.transfer_ref:
            parts.append(self.tr("virement %1").replace("%1", batch.transfer_ref))
        text = " · ".join(parts)
        if view.dispute is not None:
            text += "\n" + (
                self.tr("Reçu sur le compte le %1 (date confirmée).")
                if view.dispute.confirmed
                else self.tr("Reçu le %1 ? Date du paiement de la Région, à confirmer.")
            ).replace("%1", day(view.dispute.received_on))
        return text

    def _fill_differences(self, view: PeriodView) -> None:
        lines = view.check.differences
        scheme = self.till.schemes.get(view.check.scheme_id)
        self.differences.setRowCount(len(lines))
        for row, line in enumerate(lines):
            when = line.created_at.astimezone(scheme.zone) if scheme else line.created_at
            cells = {
                WHEN: moment(when),
                REFERENCE: line.txn_id[:8],
                TILL_AMOUNT: money(line.till_cents),
                REGION_AMOUNT: money(line.region_cents),
                LINE_GAP: money(line.gap_cents) if line.gap_cents else "",
                WHY: say(difference_text(line)),
            }
            for column, value in cells.items():
                item = QTableWidgetItem(value)
                if column == REFERENCE:
                    item.setToolTip(line.txn_id)
                if column in (TILL_AMOUNT, REGION_AMOUNT, LINE_GAP):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.differences.setItem(row, column, item)
        self.differences.resizeRowsToContents()
        self.differences.setVisible(bool(lines))
        self.no_difference.setVisible(not lines)
        self.no_difference.setText(
            self.tr("Aucune transaction ne diffère : la Région et la caisse sont d'accord.")
            if view.check.batch is not None
            else self.tr("Rien à comparer tant que la Région n'a pas compté la période.")
        )

    def _show_dispute(self, view: PeriodView) -> None:
        dispute = view.dispute
        batch = view.check.batch
        paid = batch is not None and batch.status is BatchStatus.PAID
        self.receipt_button.setVisible(paid and dispute is not None)
        if not (paid and dispute is not None):
            self.receipt_row.hide()
        if dispute is None:
            self.deadline.setText(
                self.tr("Rien à contester pour cette période.")
                if paid
                else self.tr("Un écart se conteste une fois le paiement reçu.")
                if view.check.state is PeriodState.WRONG
                else ""
            )
            self.deadline.setStyleSheet(PLAIN)
            self.deadline.setVisible(bool(self.deadline.text()))
            self.letter_button.hide()
            return
        self.deadline.show()
        if dispute.state is DisputeState.CLOSED:
            self.deadline.setText(
                "✖ " + self.tr("Contestation plus recevable.") + " " + say(dispute.message)
            )
            self.deadline.setStyleSheet(CLOSED)
            self.letter_button.hide()
            return
        if dispute.state is DisputeState.CLOSING:
            self.deadline.setText("⚠ " + say(dispute.message))
            self.deadline.setStyleSheet(WARNING + "font-weight:bold;")
        else:
            self.deadline.setText(say(dispute.message))
            self.deadline.setStyleSheet(PLAIN)
        self.letter_button.show()  # a scheme without a deadline: the letter all the same

    # --- confirming the day of receipt --------------------------------------------------------

    @Slot()
    def ask_receipt(self) -> None:
        view = self.selected()
        if view is None or view.dispute is None or view.check.batch is None:
            return
        batch = view.check.batch
        assert batch.paid_on is not None
        today = self.till.now().astimezone(self.till.schemes[view.check.scheme_id].zone).date()
        self.receipt_date.setDisplayFormat("dd/MM/yyyy" if language() == "fr" else "d MMM yyyy")
        self.receipt_date.setDateRange(_qdate(batch.paid_on), _qdate(max(today, batch.paid_on)))
        self.receipt_date.setDate(_qdate(view.dispute.received_on))
        self.receipt_row.show()
        self.period_result.setText(
            self.tr(
                "Le délai de contestation court à partir du jour où le virement est arrivé sur "
                "votre compte (relevé bancaire)."
            )
        )
        self.period_result.setStyleSheet("")
        self.receipt_date.setFocus()

    @Slot()
    def hide_receipt(self) -> None:
        self.receipt_row.hide()
        self.period_result.clear()
        self.receipt_button.setFocus()

    @Slot()
    def confirm_receipt(self) -> None:
        view = self.selected()
        if view is None or view.check.batch is None:
            return
        chosen = self.receipt_date.date()
        received = date(chosen.year(), chosen.month(), chosen.day())
        try:
            self.service.confirm_receipt(view.check.batch.id, received)
        except TillError as exc:
            self._say(self.period_result, "✖ " + say(exc.message), ok=False)
            return
        self.receipt_row.hide()
        self._say(
            self.period_result,
            "✔ " + self.tr("Réception du virement notée au %1.").replace("%1", day(received)),
            ok=True,
        )
        self.refresh()

    # --- files --------------------------------------------------------------------------------

    def folder(self) -> Path:
        text = self.folder_field.text().strip()
        return Path(text).expanduser() if text else reimbursements_folder()

    @Slot()
    def write_letter(self) -> None:
        view = self.selected()
        if view is None or not self.letter_button.isVisible():
            return
        from pos_app.back_office.dispute_letter import write_dispute_letter

        folder = self.folder()
        key, scheme_id = view.key, view.check.scheme_id

        def work() -> Written:
            target = free_path(_folder_ready(folder), f"contestation-{key}", ".pdf")
            return Written(write_dispute_letter(self.till, target, key, scheme_id))

        self._start_file(
            self.period_result,
            self.tr("Écriture de la lettre…"),
            work,
            lambda done: self.tr(
                "Lettre écrite : %1 — à imprimer, signer et envoyer en recommandé avec accusé "
                "de réception."
            ).replace("%1", str(done.path)),
        )

    @Slot()
    def export_csv(self) -> None:
        from pos_app.back_office.exports import export_csv

        key = self._export_key()
        if key is False:
            return
        folder = self.folder()

        def work() -> Written:
            stem = f"remboursements-{key or 'toutes-periodes'}"
            target = free_path(_folder_ready(folder), stem, ".csv")
            done = export_csv(self.till, target, key)
            return Written(done.path, done.rows)

        self._start_file(
            self.file_result,
            self.tr("Export CSV en cours…"),
            work,
            lambda done: (
                self.tr("CSV écrit (%1 transaction(s)) : %2")
                .replace("%1", str(done.rows))
                .replace("%2", str(done.path))
            ),
        )

    @Slot()
    def export_pdf(self) -> None:
        from pos_app.back_office.statement_pdf import write_statement_pdf

        key = self._export_key()
        if key is False:
            return
        folder = self.folder()

        def work() -> Written:
            stem = f"releve-remboursements-{key or 'toutes-periodes'}"
            target = free_path(_folder_ready(folder), stem, ".pdf")
            return Written(write_statement_pdf(self.till, target, key))

        self._start_file(
            self.file_result,
            self.tr("Écriture du relevé…"),
            work,
            lambda done: self.tr("Relevé PDF écrit : %1").replace("%1", str(done.path)),
        )

    def _export_key(self) -> str | bool | None:
        """The chosen period's key, None for every period, False (said) when none is chosen."""
        if self.all_periods.isChecked():
            return None
        view = self.selected()
        if view is None:
            self._say(
                self.file_result,
                self.tr("Choisissez une période, ou cochez « Toutes les périodes »."),
                ok=False,
            )
            return False
        return view.key

    def _start_file(
        self,
        label: QLabel,
        waiting: str,
        work: Callable[[], Written],
        said: Callable[[Written], str],
    ) -> None:
        label.setText(waiting)
        label.setStyleSheet("color:#444;")
        self._busy_files += 1

        def done(written: Written) -> None:
            self._busy_files -= 1
            self._say(label, "✔ " + said(written), ok=True)

        def failed(error: Exception) -> None:
            self._busy_files -= 1
            self._say(label, "✖ " + self._why(error), ok=False)
            if isinstance(error, TillError) and error.code == "dispute_closed":
                self.refresh()  # the deadline passed while the page was open

        run_in_background(work, done, failed)

    @property
    def busy(self) -> bool:
        """A reading or a file still being written (tests wait on it)."""
        return self.loading or self._busy_files > 0

    def _why(self, error: Exception) -> str:
        if isinstance(error, TillError):
            return say(error.message)
        if isinstance(error, FolderError):
            return self.tr(
                "Impossible de créer le dossier %1 : choisissez un dossier où vous pouvez écrire."
            ).replace("%1", str(error.folder))
        log.error("a reimbursement file could not be written", exc_info=error)
        return self.tr("Erreur inattendue : le fichier n'a pas été écrit.")

    @staticmethod
    def _say(label: QLabel, text: str, *, ok: bool) -> None:
        label.setText(text)
        label.setStyleSheet(DONE if ok else ERROR)


def _qdate(value: date) -> Any:
    return QDate(value.year, value.month, value.day)
