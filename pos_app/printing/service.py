"""Issuing receipts: on a ticket printer, as a PDF, or (from the window) on a system printer.

Paper receipts are printed only when the beneficiary asks (anti-waste law): nothing here runs
on its own after a sale. The first receipt issued for a ticket is the original; every later one,
on any output, says DUPLICATA, because the till notes each receipt it hands out (migration 12)
once the printer or the file has taken it. A receipt that failed to print is not noted: the
next attempt is still the original.

The ticket number is the ledger's sequence number at this till: each sale and each void has its
own, in order, without gaps (the ledger is append-only and a refused write leaves no number
behind; `tests/test_receipts_paper.py`).

Slow steps (the printer, the disk) run outside the till's operation lock, so the counter is
never held behind a printer; the window calls this off its GUI thread. One print at a time per
till: a second one asked meanwhile is refused at once rather than queued behind a jammed printer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pos_app.counter_settings import CounterSettings
from pos_app.domain.model import Partner
from pos_app.domain.receipts import Receipt, ReceiptLine, TicketFacts, receipt, trial_page
from pos_app.domain.text import Text
from pos_app.printing.errors import PrintError
from pos_app.printing.target import PrinterTarget, no_printer, printer_target
from pos_app.services import REFUSAL, Till, TillError
from pos_app.store.db import StoreError
from pos_app.store.receipt_issues import issued_count, record_issue, ticket_of
from pos_app.store.till_store import TillStore

log = logging.getLogger(__name__)

PDF_WIDTH = 40


@dataclass(frozen=True, slots=True)
class Issued:
    txn_id: str
    ticket: int
    duplicate: bool
    output: str
    """escpos, system or pdf."""
    where: str
    """The printer's name or the file's path."""
    warning: str = ""
    """Said after the receipt came out: it could not be noted as issued (French)."""


def _refused(exc: PrintError) -> TillError:
    return TillError(exc.code, exc.message, REFUSAL)


class ReceiptService:
    """The receipts of one open till."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self._printing = threading.Lock()

    # --- what a receipt says --------------------------------------------------------------

    def resolve(self, reference: str) -> str:
        """The transaction id for a full id or its first 8 characters (or more)."""
        return self.till.resolve_reference(reference)

    def layout(
        self,
        reference: str,
        *,
        width: int = PDF_WIDTH,
        euro_sign: str = "€",
        duplicate: bool = False,
    ) -> Receipt:
        """The receipt as it would be issued now: DUPLICATA if one was already issued, or if
        `duplicate` asks for it."""
        txn_id = self.resolve(reference)

        def read(store: TillStore) -> Receipt:
            entry = store.entry(txn_id)
            assert entry is not None  # resolved above; the ledger never loses an entry
            transaction = entry.transaction
            voided = ticket_of(store.conn, transaction.voids) if transaction.voids else None
            facts = TicketFacts(
                ticket=entry.seq,
                till_id=self._device_id(store),
                voided_ticket=voided,
                duplicate=duplicate or issued_count(store.conn, txn_id) > 0,
            )
            partner = self._partner(store)
            return receipt(
                transaction, partner, self.till.schemes, facts, width=width, euro_sign=euro_sign
            )

        return self.till.with_store(read)

    def note_issued(self, txn_id: str, output: str, *, duplicate: bool, operator: str = "") -> str:
        """Note a receipt handed out; "" or the French warning if it could not be noted."""
        now = self.till.now()
        try:
            self.till.with_store(
                lambda store: record_issue(
                    store.conn, txn_id, now, output, duplicate=duplicate, operator=operator
                )
            )
        except StoreError as exc:
            return exc.message
        log.info("receipt of %s issued (%s%s)", txn_id, output, ", duplicate" if duplicate else "")
        return ""

    # --- outputs --------------------------------------------------------------------------

    def target(self, settings: CounterSettings) -> PrinterTarget:
        try:
            target = printer_target(settings)
        except PrintError as exc:
            raise _refused(exc) from exc
        if target is None:
            raise _refused(no_printer())
        return target

    def print_receipt(
        self,
        reference: str,
        settings: CounterSettings,
        *,
        operator: str = "",
        duplicate: bool = False,
    ) -> Issued:
        """On the ESC/POS ticket printer of the settings (a system printer is the window's)."""
        target = self.target(settings)
        if target.kind == "system":
            raise TillError(
                "system_printer_from_window",
                Text(
                    "L'imprimante choisie est une imprimante du système : imprimez depuis la "
                    "fenêtre de la caisse, ou enregistrez le reçu en PDF (atouts-pos receipt "
                    "pdf) et imprimez le fichier."
                ),
                REFUSAL,
            )
        from pos_app.printing.escpos_output import EURO_SIGN, receipt_bytes, send

        shown = self.layout(
            reference, width=target.columns, euro_sign=EURO_SIGN, duplicate=duplicate
        )
        txn_id = self.resolve(reference)
        with self._one_print():
            try:
                send(receipt_bytes(shown), target)
            except PrintError as exc:
                raise _refused(exc) from exc
        warning = self.note_issued(txn_id, "escpos", duplicate=shown.duplicate, operator=operator)
        return Issued(txn_id, shown.ticket, shown.duplicate, "escpos", target.label, warning)

    def print_document(
        self, make_lines: Callable[[int], list[str]], settings: CounterSettings
    ) -> str:
        """Any other ticket (a daily close): `make_lines(columns)` laid out for the ticket
        printer of the settings, printed; returns the printer's name."""
        target = self.target(settings)
        if target.kind == "system":
            raise TillError(
                "system_printer_from_window",
                Text(
                    "L'imprimante choisie est une imprimante du système : imprimez depuis la "
                    "fenêtre de la caisse, ou enregistrez le document en PDF et imprimez le "
                    "fichier."
                ),
                REFUSAL,
            )
        from pos_app.printing.escpos_output import receipt_bytes, send

        document = Receipt(
            lines=tuple(ReceiptLine(text) for text in make_lines(target.columns)),
            width=target.columns,
            ticket=0,
            duplicate=False,
        )
        with self._one_print():
            try:
                send(receipt_bytes(document), target)
            except PrintError as exc:
                raise _refused(exc) from exc
        return target.label

    def save_pdf(
        self,
        reference: str,
        path: Path | str,
        *,
        operator: str = "",
        duplicate: bool = False,
    ) -> Issued:
        from pos_app.printing.pdf import pdf_bytes, write_atomically

        path = Path(path).expanduser()
        shown = self.layout(reference, duplicate=duplicate)
        txn_id = self.resolve(reference)
        try:
            write_atomically(pdf_bytes(shown, author=self.partner().name), path)
        except PrintError as exc:
            raise _refused(exc) from exc
        warning = self.note_issued(txn_id, "pdf", duplicate=shown.duplicate, operator=operator)
        return Issued(txn_id, shown.ticket, shown.duplicate, "pdf", str(path), warning)

    def save_pdf_in(self, reference: str, folder: Path, *, operator: str = "") -> Issued:
        """In `folder` (made if need be), under a name of its own: the window's « PDF »."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.error("could not make %s: %s", folder, exc)
            raise TillError(
                "pdf_not_written",
                Text(
                    "Reçu PDF non enregistré : impossible de créer le dossier {folder}.",
                    folder=folder,
                ),
                REFUSAL,
            ) from exc
        shown = self.layout(reference)
        path = free_pdf_path(folder, shown.ticket, shown.duplicate)
        return self.save_pdf(reference, path, operator=operator)

    def trial(self, settings: CounterSettings) -> str:
        """The settings page's test print on the ESC/POS printer; the printer's name."""
        target = self.target(settings)
        from pos_app.printing.escpos_output import EURO_SIGN, receipt_bytes, send

        page = self.trial_layout(target.columns, euro_sign=EURO_SIGN)
        with self._one_print():
            try:
                send(receipt_bytes(page), target)
            except PrintError as exc:
                raise _refused(exc) from exc
        return target.label

    def trial_layout(self, width: int, *, euro_sign: str = "€") -> Receipt:
        partner, till_id = self.till.with_store(
            lambda store: (self._partner(store), self._device_id(store))
        )
        return trial_page(partner, till_id, self._local(self.till.now()), width=width,
                          euro_sign=euro_sign)  # fmt: skip

    def partner(self) -> Partner:
        return self.till.with_store(self._partner)

    # --- helpers --------------------------------------------------------------------------

    def _one_print(self) -> _OnePrint:
        return _OnePrint(self._printing)

    def _partner(self, store: TillStore) -> Partner:
        info = store.snapshot_info()
        if info is not None:
            return info.partner
        device = store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text("Cette caisse n'est pas encore activée : aucun reçu à imprimer."),
                REFUSAL,
            )
        return device.partner

    @staticmethod
    def _device_id(store: TillStore) -> str:
        device = store.device()
        return device.device_id if device else ""

    def _local(self, now: datetime) -> datetime:
        """The time in the partner's scheme zone (the first scheme of its region)."""
        region = self.partner().region
        zones = [s.zone for s in self.till.schemes.values() if s.region == region]
        return now.astimezone(zones[0]) if zones else now.astimezone()


class _OnePrint:
    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        if not self._lock.acquire(blocking=False):
            raise TillError(
                "printing_busy",
                Text("Une impression est déjà en cours : attendez qu'elle se termine."),
                REFUSAL,
            )

    def __exit__(self, *_: object) -> None:
        self._lock.release()


def receipts_folder() -> Path:
    """Where the window saves receipt PDFs: « Reçus Atouts » in the user's documents."""
    from platformdirs import user_documents_path

    return user_documents_path() / "Reçus Atouts"


def free_pdf_path(folder: Path, ticket: int, duplicate: bool) -> Path:
    """recu-atouts-000042.pdf, or …-duplicata.pdf, -duplicata-2.pdf…: never over another."""
    stem = f"recu-atouts-{ticket:06d}" + ("-duplicata" if duplicate else "")
    path, number = folder / f"{stem}.pdf", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.pdf"
    return path
