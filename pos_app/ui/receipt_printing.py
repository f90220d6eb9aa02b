"""Receipts from the window: on the printer chosen in the settings, on a system printer picked
in Qt's print dialog (only when the cashier asks for it), or as a PDF in « Reçus Atouts ».

Nothing prints on its own after a sale: paper receipts are on request (anti-waste law). Every
print runs off the GUI thread (`pos_app.ui.jobs`): a printer that is off, missing or jammed gives
a French message in `finished`, never a frozen counter. The system printers are drawn by Qt
(QPrinter, a paint device Qt lets a worker thread paint on); ticket printers and PDFs by
`pos_app.printing.service`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos_app.counter_settings import CounterSettings, load_settings
from pos_app.domain.receipts import Receipt, ReceiptLine, Style
from pos_app.printing.service import Issued, ReceiptService, receipts_folder
from pos_app.services import Till, TillError
from pos_app.ui.jobs import run_in_background
from pos_app.ui.qt import (
    QFont,
    QFontDatabase,
    QObject,
    QTextDocument,
    QWidget,
    Signal,
    print_dialog_class,
    print_support,
)
from pos_app.ui.wording import noted_in_journal, say

log = logging.getLogger(__name__)

SYSTEM_WIDTH = 40
"""Characters per line on a system printer (an office printer or a ticket printer's driver)."""


class PrinterMissing(Exception):
    """No system printer to print on (French message for the cashier)."""


def receipt_document(receipt: Receipt) -> QTextDocument:
    """The receipt as Qt draws it: fixed-pitch lines, the title bold and twice as large."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(10)
    document = QTextDocument()
    document.setDefaultFont(font)
    rows = []
    for line in receipt.lines:
        text = html.escape(line.text)
        if line.style is Style.TITLE:
            text = f'<span style="font-size:20pt; font-weight:bold">{text}</span>'
        elif line.style is Style.BOLD:
            text = f"<b>{text}</b>"
        rows.append(text)
    family = html.escape(QFont(font).family())
    document.setHtml(
        f"<div style=\"font-family:'{family}'; white-space:pre\">" + "<br>".join(rows) + "</div>"
    )
    return document


def system_printer(name: str) -> Any:
    """A QPrinter on the named system printer, or on the default one; PrinterMissing if none."""
    printer_class, printer_info = print_support()
    info = printer_info.printerInfo(name) if name else printer_info.defaultPrinter()
    if info.isNull():
        raise PrinterMissing(name)
    return printer_class(info)


PrinterFactory = Callable[[str], Any]


class ReceiptPrinting(QObject):
    """The window's receipt outputs. `finished(message, ok)` says how each request ended, in
    the window's language, on the GUI thread. One request at a time."""

    finished = Signal(str, bool)

    def __init__(
        self,
        till: Till,
        parent: QObject | None = None,
        *,
        printer_for: PrinterFactory = system_printer,
        pdf_folder: Callable[[], Path] = receipts_folder,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.service = ReceiptService(till)
        self._printer_for = printer_for
        self._pdf_folder = pdf_folder
        self.busy = False

    # --- requests -------------------------------------------------------------------------

    def print_receipt(self, txn_id: str, operator: str = "") -> bool:
        """On the printer of the settings; False (and `finished` says why) if not started."""
        settings = load_settings(self.till.data_dir)
        if not settings.printer_kind:
            self._say(
                self.tr(
                    "Aucune imprimante de reçus n'est choisie : choisissez-la dans les Réglages "
                    "(F4), ou enregistrez le reçu en PDF."
                ),
                ok=False,
            )
            return False
        if settings.printer_kind == "system":
            return self._print_on_system(txn_id, operator, settings.printer_name)
        return self._start(
            lambda: self.service.print_receipt(txn_id, settings, operator=operator),
            self._issued,
        )

    def print_with_dialog(self, txn_id: str, operator: str, parent: QWidget) -> bool:
        """Qt's print dialog (the cashier asked for it), then the chosen system printer."""
        if self.busy:
            return self._say_busy()
        try:
            printer = self._printer_for(load_settings(self.till.data_dir).printer_name)
        except PrinterMissing:
            try:
                printer = self._printer_for("")
            except PrinterMissing:
                return self._no_system_printer("")
        dialog = print_dialog_class()(printer, parent)
        dialog.setWindowTitle(self.tr("Imprimer le reçu"))
        if not dialog.exec():
            return False
        return self._print_on_system(txn_id, operator, "", printer=printer)

    def save_pdf(self, txn_id: str, operator: str = "") -> bool:
        folder = self._pdf_folder()
        return self._start(
            lambda: self.service.save_pdf_in(txn_id, folder, operator=operator), self._issued
        )

    def print_document(self, make_lines: Callable[[int], list[str]], name: str) -> bool:
        """Another ticket (a daily close) on the printer of the settings: `make_lines(columns)`
        gives its plain lines at the printer's width; `name` is said when it is sent."""
        settings = load_settings(self.till.data_dir)
        if not settings.printer_kind:
            self._say(
                self.tr(
                    "Aucune imprimante de tickets n'est choisie : choisissez-la dans les "
                    "Réglages (F4), ou exportez le document en PDF."
                ),
                ok=False,
            )
            return False
        sent = self.tr("✔ %1 envoyé à l'imprimante %2.").replace("%1", name)
        if settings.printer_kind == "system":
            if self.busy:
                return self._say_busy()
            try:
                printer = self._printer_for(settings.printer_name)
            except PrinterMissing:
                return self._no_system_printer(settings.printer_name)
            page = Receipt(
                lines=tuple(ReceiptLine(text) for text in make_lines(SYSTEM_WIDTH)),
                width=SYSTEM_WIDTH,
                ticket=0,
                duplicate=False,
            )
            return self._start(
                lambda: self._draw(page, printer),
                lambda _: self._say(sent.replace("%2", _name(printer)), ok=True),
            )
        return self._start(
            lambda: self.service.print_document(make_lines, settings),
            lambda where: self._say(sent.replace("%2", say(where)), ok=True),
        )

    def trial(self, settings: CounterSettings) -> bool:
        """The settings page's test print on the printer being set up."""
        if not settings.printer_kind:
            self._say(self.tr("Choisissez d'abord une imprimante."), ok=False)
            return False
        if settings.printer_kind == "system":
            if self.busy:
                return self._say_busy()
            try:
                printer = self._printer_for(settings.printer_name)
            except PrinterMissing:
                return self._no_system_printer(settings.printer_name)
            page = self.service.trial_layout(SYSTEM_WIDTH)
            return self._start(
                lambda: self._draw(page, printer), lambda _: self._trial_done(_name(printer))
            )
        return self._start(lambda: self.service.trial(settings), self._trial_done)

    # --- system printers ------------------------------------------------------------------

    def _print_on_system(
        self, txn_id: str, operator: str, name: str, *, printer: Any = None
    ) -> bool:
        if self.busy:
            return self._say_busy()
        if printer is None:
            try:
                printer = self._printer_for(name)
            except PrinterMissing:
                return self._no_system_printer(name)
        try:
            shown = self.service.layout(txn_id, width=SYSTEM_WIDTH)
        except TillError as exc:
            self._say("✖ " + say(exc.message), ok=False)
            return False

        def work() -> Issued:
            self._draw(shown, printer)
            warning = self.service.note_issued(
                txn_id, "system", duplicate=shown.duplicate, operator=operator
            )
            return Issued(txn_id, shown.ticket, shown.duplicate, "system", _name(printer), warning)

        return self._start(work, self._issued)

    @staticmethod
    def _draw(receipt: Receipt, printer: Any) -> None:
        """Runs on the worker thread: Qt lets a thread paint on a QPrinter."""
        printer_class, _ = print_support()
        printer.setDocName(f"Reçu Atouts {receipt.ticket:06d}")
        document = receipt_document(receipt)
        document.print_(printer)
        if printer.printerState() == printer_class.PrinterState.Error:
            raise PrinterMissing(_name(printer))

    def _no_system_printer(self, name: str) -> bool:
        log.warning("system printer %r not found: receipt not printed", name or "(default)")
        if name:
            text = self.tr(
                "Imprimante « %1 » introuvable : rien n'a été imprimé. Vérifiez qu'elle est "
                "installée et allumée, ou choisissez-en une autre dans les Réglages (F4)."
            ).replace("%1", name)
        else:
            text = self.tr(
                "Aucune imprimante n'est installée sur cet ordinateur : rien n'a été imprimé. "
                "Enregistrez le reçu en PDF, ou installez une imprimante."
            )
        self._say("✖ " + text, ok=False)
        return False

    # --- outcomes -------------------------------------------------------------------------

    def _start(self, work: Callable[[], Any], done: Callable[[Any], None]) -> bool:
        if self.busy:
            return self._say_busy()
        self.busy = True

        def succeeded(result: Any) -> None:
            self.busy = False
            done(result)

        run_in_background(work, succeeded, self._failed)
        return True

    def _issued(self, issued: Issued) -> None:
        kind = self.tr("Duplicata du reçu") if issued.duplicate else self.tr("Reçu")
        if issued.output == "pdf":
            text = self.tr("✔ %1 n° %2 enregistré : %3")
        else:
            text = self.tr("✔ %1 n° %2 envoyé à l'imprimante %3.")
        text = text.replace("%1", kind).replace("%2", f"{issued.ticket:06d}")
        text = text.replace("%3", say(issued.where))
        if issued.warning:
            text += "\n" + say(issued.warning)
        self._say(text, ok=not issued.warning)

    def _trial_done(self, where: str) -> None:
        self._say(
            self.tr("✔ Ticket d'essai envoyé à %1 : vérifiez qu'il est lisible et complet.")
            .replace("%1", say(where)),
            ok=True,
        )  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        if isinstance(exc, TillError):
            self._say("✖ " + say(exc.message), ok=False)
        elif isinstance(exc, PrinterMissing):
            log.error("system printer %s failed: receipt not printed", exc)
            self._say(
                "✖ "
                + self.tr(
                    "L'imprimante %1 a refusé le reçu : rien n'a été imprimé. Vérifiez-la "
                    "(papier, allumée), ou enregistrez le reçu en PDF."
                ).replace("%1", str(exc) or "?"),
                ok=False,
            )
        else:
            log.error("printing failed", exc_info=exc)
            self._say(
                "✖ " + self.tr("L'impression a échoué (%1).").replace("%1", noted_in_journal()),
                ok=False,
            )

    def _say_busy(self) -> bool:
        self._say(self.tr("Une impression est déjà en cours : attendez qu'elle se termine."),
                  ok=False)  # fmt: skip
        return False

    def _say(self, text: str, *, ok: bool) -> None:
        self.finished.emit(text, ok)


def _name(printer: Any) -> str:
    return printer.printerName() or printer.outputFileName() or "?"
