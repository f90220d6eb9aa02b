"""The accountant's CSV: one row per transaction, with the Region's word on each.

Written for French spreadsheets as they open a file by double-click: `;` between fields, UTF-8
with a byte-order mark (Excel reads it as UTF-8 only then), decimal comma without thousands
separator or currency sign (so the cells are numbers), dates dd/mm/yyyy in the scheme's zone.
The beneficiary appears only as the receipt shows it (first name and initial, docs/privacy.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pos_app.atomic_files import FileWriteError, write_atomically
from pos_app.back_office.reimbursements import (
    BATCH_WORDS,
    Reimbursements,
    difference_text,
)
from pos_app.domain.batches import VOIDED, Batch, BatchLine
from pos_app.domain.periods import period_of
from pos_app.domain.receipts import short_name
from pos_app.domain.reconciliation import LineCheck, reconcile
from pos_app.domain.text import Text
from pos_app.services import INPUT_ERROR, Till, TillError

COLUMNS = (
    "Période",
    "Lot de la Région",
    "Référence du virement",
    "Partenaire",
    "SIRET",
    "Dispositif",
    "Avantage",
    "Nature de l'article",
    "Ticket",
    "Référence",
    "Date",
    "Heure",
    "Opération",
    "Prix",
    "Payé par l'avantage",
    "Payé par le bénéficiaire",
    "Compté par la Région",
    "Statut Région",
    "Bénéficiaire",
    "Caissier",
)


def decimal_comma(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


@dataclass(frozen=True, slots=True)
class Export:
    path: Path
    rows: int


def export_csv(till: Till, path: Path, period_key: str | None = None) -> Export:
    """Write the CSV of every transaction (or one period's) to `path`, atomically."""
    rows = list(_rows(till, period_key))
    if period_key is not None and not rows:
        raise TillError(
            "unknown_period",
            Text("Aucune transaction pour la période {key}.", key=period_key),
            INPUT_ERROR,
        )

    def write(file: BinaryIO) -> None:
        text = io.StringIO(newline="")
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        file.write(text.getvalue().encode("utf-8-sig"))

    try:
        write_atomically(Path(path), write)
    except FileWriteError as exc:
        raise TillError("export_failed", exc.message, INPUT_ERROR) from exc
    return Export(Path(path), len(rows))


def _rows(till: Till, period_key: str | None) -> Iterable[list[str]]:
    facts = Reimbursements(till).facts()
    with till.operation():
        details = till.store.statements.export_rows()
        device = till.store.device()
    assert device is not None  # facts() refused a till not enrolled
    checks = reconcile(
        till.schemes, facts.lines, facts.batches, device_id=facts.device_id, today=facts.today
    )
    differences: dict[str, LineCheck] = {
        line.txn_id: line for check in checks for line in check.differences
    }
    found = _lines_by_txn(facts.batches, facts.device_id)
    partner = device.partner
    for row in details:
        scheme = till.schemes.get(str(row["scheme_id"]))
        created = datetime.fromisoformat(str(row["created_at"]))
        local = created.astimezone(scheme.zone) if scheme else created
        period = period_of(scheme, created) if scheme else None
        batch_line = found.get(str(row["txn_id"]))
        batch = batch_line[0] if batch_line else None
        key = period.key if period else (batch.period.key if batch else "")
        if period_key is not None and key != period_key:
            continue
        category = scheme.category(str(row["category_id"])) if scheme else None
        voided = row["kind"] == "void"
        sign = -1 if voided else 1
        counted = batch_line[1].amount_cents if batch_line and batch_line[1].counted else 0
        yield [
            key,
            batch.id if batch else "",
            batch.transfer_ref if batch else "",
            partner.name,
            partner.siret,
            scheme.name if scheme else str(row["scheme_id"]),
            category.label if category else str(row["category_id"]),
            scheme.item_label(str(row["item_kind"])) if scheme and row["item_kind"] else "",
            str(row["seq"]),
            str(row["txn_id"]),
            f"{local:%d/%m/%Y}",
            f"{local:%H:%M}",
            "Annulation" if voided else "Vente",
            "" if voided else decimal_comma(int(row["price_cents"])),  # type: ignore[arg-type]
            decimal_comma(sign * int(row["amount_cents"])),  # type: ignore[arg-type]
            "" if voided else decimal_comma(int(row["complement_cents"])),  # type: ignore[arg-type]
            decimal_comma(counted) if batch_line else "",
            _status(differences.get(str(row["txn_id"])), batch_line),
            short_name(str(row["holder_name"])),
            str(row["operator"]),
        ]


def _lines_by_txn(batches: Iterable[Batch], device_id: str) -> dict[str, tuple[Batch, BatchLine]]:
    """Each of this till's transactions in the batch that counted it (else the one that
    listed it last)."""
    found: dict[str, tuple[Batch, BatchLine]] = {}
    for batch in batches:
        for line in batch.lines:
            if line.device_id != device_id:
                continue
            previous = found.get(line.txn_id)
            if previous is None or not previous[1].counted:
                found[line.txn_id] = (batch, line)
    return found


def _status(difference: LineCheck | None, found: tuple[Batch, BatchLine] | None) -> str:
    if difference is not None:
        return difference_text(difference)
    if found is None:
        return Text("en attente du décompte de la Région")
    batch, line = found
    if not line.counted and line.reason == VOIDED:
        return Text("annulée (rien à payer)")
    return Text(BATCH_WORDS[batch.status])
