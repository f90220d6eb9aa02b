"""The close page (F7): today's running totals, closing the day, past closes, PDF export.

It only calls `DailyCloses` (pos_app/back_office/closes.py) and shows its answers. Closing is
final, so it takes two presses of the same button (the second says so); nothing is modal: a
scan at any moment goes to the counter as usual. The Z report itself is shown as the plain
lines a ticket printer prints (French, like the receipts).
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from pos_app.back_office.closes import DailyCloses
from pos_app.domain.closes import Close, CloseKind
from pos_app.services import Till, TillError
from pos_app.ui.qt import (
    QAbstractItemView,
    QFont,
    QFontDatabase,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.receipt_printing import ReceiptPrinting
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.wording import day, moment, money, say

log = logging.getLogger(__name__)

NUMBER, KIND, PERIOD, SALES, VOIDS, BENEFIT, GRAND, MADE = range(8)


class ClosePage(QWidget):
    closed = Signal()
    """A close was made (the window refreshes its status strip: the notice goes)."""

    def __init__(
        self,
        till: Till,
        export_dir: Path,
        parent: QWidget | None = None,
        *,
        printing: ReceiptPrinting | None = None,
    ) -> None:
        super().__init__(parent)
        self.closes = DailyCloses(till)
        self.printing = printing or ReceiptPrinting(till, self)
        self.printing.finished.connect(self._printed)
        self.export_dir = export_dir
        self.shown: list[Close] = []
        self._armed = False
        self._target = None
        self.setAccessibleName(self.tr("Clôture de caisse"))
        heading = QFont()
        heading.setPointSize(14)
        heading.setBold(True)

        self.today_title = QLabel()
        self.today_title.setFont(heading)
        self.today_summary = QLabel()
        self.today_summary.setWordWrap(True)
        self.today_summary.setAccessibleName(self.tr("Totaux de la journée en cours"))
        self.close_button = QPushButton()
        self.close_button.setMinimumHeight(52)
        self.close_button.setAccessibleName(self.tr("Clôturer la journée"))
        self.close_button.clicked.connect(self.on_close)
        self.cancel_button = QPushButton(self.tr("Ne pas clôturer"))
        self.cancel_button.setMinimumHeight(52)
        self.cancel_button.clicked.connect(self.disarm)
        self.cancel_button.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Résultat de la clôture"))

        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("N°"),
                self.tr("Type"),
                self.tr("Période"),
                self.tr("Ventes"),
                self.tr("Annul."),
                self.tr("Payé par les avantages"),
                self.tr("Grand total"),
                self.tr("Faite le"),
            ]
        )
        self.table.setAccessibleName(self.tr("Clôtures faites"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PERIOD, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Ticket de clôture"))
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setMinimumWidth(380)
        self.pdf_path = QLineEdit()
        self.pdf_path.setAccessibleName(self.tr("Fichier PDF"))
        self.pdf_button = QPushButton(self.tr("Exporter en PDF"))
        self.pdf_button.setMinimumHeight(44)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton(self.tr("Imprimer le ticket"))
        self.print_button.setMinimumHeight(44)
        self.print_button.setAccessibleName(self.tr("Imprimer la clôture choisie"))
        self.print_button.clicked.connect(self.print_ticket)
        self.pdf_result = QLabel()
        self.pdf_result.setWordWrap(True)
        self.pdf_result.setAccessibleName(self.tr("Résultat de l'export"))

        actions = QHBoxLayout()
        actions.addWidget(self.close_button, 2)
        actions.addWidget(self.cancel_button, 1)
        left = QVBoxLayout()
        left.addWidget(self.today_title)
        left.addWidget(self.today_summary)
        left.addLayout(actions)
        left.addWidget(self.result)
        past = QLabel(self.tr("Clôtures faites (inaltérables)"))
        past.setFont(heading)
        left.addWidget(past)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(self.report, 1)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.pdf_path, 1)
        pdf_row.addWidget(self.pdf_button)
        pdf_row.addWidget(self.print_button)
        right.addLayout(pdf_row)
        right.addWidget(self.pdf_result)
        row = QHBoxLayout(self)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        self.refresh()

    # --- showing --------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        self.disarm()
        try:
            today = self.closes.today()
            running = self.closes.running()
            self.shown = list(reversed(self.closes.closes()))
        except TillError as exc:
            self.today_title.setText(self.tr("Clôture de caisse"))
            self.today_summary.setText(say(exc.message))
            self.today_summary.setStyleSheet(ERROR)
            self.close_button.setEnabled(False)
            self.shown = []
            self._fill_table()
            return
        self.today_summary.setStyleSheet("")
        days = [c for c in running if c.kind is CloseKind.DAY]
        # A day left open comes first: in the morning, the partner closes yesterday.
        current = days[-2] if len(days) > 1 else (days[-1] if days else None)
        self._target = current.day if current is not None else None
        shown_day = current.day if current is not None else today
        self.today_title.setText(self.tr("Journée du %1").replace("%1", day(shown_day)))
        if current is None:
            self.today_summary.setText(
                self.tr(
                    "Cette journée est clôturée. Les opérations faites depuis iront dans la "
                    "prochaine clôture."
                )
            )
            self.close_button.setText(self.tr("Journée déjà clôturée"))
            self.close_button.setEnabled(False)
            self.report.setPlainText("")
        else:
            totals = current.totals
            state = (
                self.tr("Non clôturée (journée passée)")
                if current.day < today
                else self.tr("En cours, non clôturée")
            )
            text = (
                self.tr(
                    "%1 : %2 vente(s), %3 annulation(s) ; payé par les avantages %4 (prix "
                    "publics %5). En attente d'envoi : %6. Refusées par la Région : %7."
                )
                .replace("%1", state)
                .replace("%2", str(totals.sales))
                .replace("%3", str(totals.voids))
                .replace("%4", money(totals.benefit_cents))
                .replace("%5", money(totals.price_cents))
                .replace("%6", str(current.pending))
                .replace("%7", str(current.rejected))
            )
            earlier = [c.day for c in days if c.day < current.day]
            if earlier:
                text += " " + self.tr(
                    "Journées restées ouvertes avant elle, clôturées d'abord : %1."
                ).replace("%1", ", ".join(day(d) for d in earlier))
            self.today_summary.setText(text)
            self.close_button.setEnabled(True)
            self._button_text()
            self.report.setPlainText(
                self.tr("APERÇU — NON CLÔTURÉ") + "\n" + "\n".join(self.closes.lines(current))
            )
        self._fill_table()

    def _fill_table(self) -> None:
        kinds = {
            CloseKind.DAY: self.tr("journalière"),
            CloseKind.MONTH: self.tr("mensuelle"),
            CloseKind.YEAR: self.tr("annuelle"),
        }
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.shown))
        for row, close in enumerate(self.shown):
            zone_time = close.closed_at
            cells = {
                NUMBER: str(close.number),
                KIND: kinds[close.kind],
                PERIOD: self._period(close),
                SALES: str(close.totals.sales),
                VOIDS: str(close.totals.voids),
                BENEFIT: money(close.totals.benefit_cents),
                GRAND: money(close.grand_total.benefit_cents),
                MADE: moment(zone_time.astimezone(ZoneInfo(close.time_zone))),
            }
            for column, value in cells.items():
                item = QTableWidgetItem(value)
                if column in (NUMBER, SALES, VOIDS, BENEFIT, GRAND):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def _period(self, close: Close) -> str:
        if close.kind is CloseKind.DAY:
            return day(close.day)
        return close.period

    @Slot()
    def _selected(self) -> None:
        close = self.selected()
        if close is None:
            return
        self.report.setPlainText("\n".join(self.closes.lines(close)))
        self.pdf_path.setText(str(self.export_dir / _file_name(close)))
        self.pdf_result.clear()

    def selected(self) -> Close | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    # --- closing --------------------------------------------------------------------------

    @Slot()
    def on_close(self) -> None:
        if not self.close_button.isEnabled():
            return
        if not self._armed:
            self._armed = True
            self.close_button.setText(self.tr("Confirmer la clôture (définitive)"))
            self.close_button.setStyleSheet("background:#fff4d6; font-weight:bold;")
            self.cancel_button.show()
            self.result.setText(
                self.tr("Une clôture ne se modifie plus : appuyez encore pour confirmer.")
            )
            self.result.setStyleSheet("")
            return
        try:
            made = self.closes.close(self._target)
        except TillError as exc:
            self.refresh()
            self.result.setText("✖ " + say(exc.message))
            self.result.setStyleSheet(ERROR)
            return
        self.refresh()
        numbers = ", ".join(str(c.number) for c in made if c.kind is CloseKind.DAY)
        self.result.setText("✔ " + self.tr("Clôture faite : n° %1.").replace("%1", numbers))
        self.result.setStyleSheet(DONE)
        newest_day = max(i for i, c in enumerate(made) if c.kind is CloseKind.DAY)
        self.table.clearSelection()
        self.table.selectRow(len(made) - 1 - newest_day)  # the table is newest first
        self._selected()
        self.closed.emit()

    @Slot()
    def disarm(self) -> None:
        self._armed = False
        self.close_button.setStyleSheet("")
        self.cancel_button.hide()
        if self.close_button.isEnabled():
            self._button_text()
        self.result.clear()

    def _button_text(self) -> None:
        self.close_button.setText(
            self.tr("Clôturer la journée du %1").replace("%1", day(self._target))
            if self._target is not None
            else self.tr("Clôturer la journée")
        )

    @Slot()
    def export_pdf(self) -> None:
        close = self.selected()
        if close is None:
            self.pdf_result.setText(self.tr("Choisissez d'abord une clôture dans la liste."))
            self.pdf_result.setStyleSheet(ERROR)
            return
        target = self.pdf_path.text().strip() or str(self.export_dir / _file_name(close))
        try:
            written = self.closes.write_pdf(close, Path(target).expanduser())
        except TillError as exc:
            self.pdf_result.setText("✖ " + say(exc.message))
            self.pdf_result.setStyleSheet(ERROR)
            return
        self.pdf_result.setText("✔ " + self.tr("PDF écrit : %1").replace("%1", str(written)))
        self.pdf_result.setStyleSheet(DONE)

    def print_ticket(self) -> None:
        """The chosen close on the printer of the settings, off the window's thread."""
        close = self.selected()
        if close is None:
            self.pdf_result.setText(self.tr("Choisissez d'abord une clôture dans la liste."))
            self.pdf_result.setStyleSheet(ERROR)
            return
        name = self.tr("Ticket de clôture n° %1").replace("%1", str(close.number))
        self.printing.print_document(lambda columns: self.closes.lines(close, columns), name)

    def _printed(self, message: str, ok: bool) -> None:
        self.pdf_result.setText(message)
        self.pdf_result.setStyleSheet(DONE if ok else ERROR)


def _file_name(close: Close) -> str:
    kind = {CloseKind.DAY: "J", CloseKind.MONTH: "M", CloseKind.YEAR: "A"}[close.kind]
    return f"cloture-{kind}{close.number:04d}-{close.period}.pdf"
