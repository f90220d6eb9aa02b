"""The accountant's CSV: one row per transaction, with the Region's word on each.

Written for French spreadsheets as they open a file by double-click: `;` between fields, UTF-8
with a byte-order mark (Excel reads it as UTF-8 only then), decimal comma without thousands
separator or currency sign (so the cells are numbers), dates dd/mm/yyyy in the scheme's zone.
The beneficiary appears only as the receipt shows it (first name and initial, docs/privacy.md).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple
from zoneinfo import ZoneInfo

from pos_app.atomic_files import FileWriteError, write_atomically
from pos_app.back_office.bulk import without_cyclic_gc
from pos_app.back_office.reimbursements import (
    BATCH_WORDS,
    Reimbursements,
    difference_text,
)
from pos_app.domain.batches import VOIDED, Batch
from pos_app.domain.model import Partner
from pos_app.domain.periods import Period, period_of
from pos_app.domain.receipts import short_name
from pos_app.domain.reconciliation import LineCheck
from pos_app.domain.schemes import Scheme
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
    """Write the CSV of every transaction (or one period's) to `path`, atomically. The rows
    stream to the file as they are made: a season is 100 000 of them."""
    with without_cyclic_gc():
        rows = _rows(till, period_key)  # reads and checks now, before any file is made
    written = 0

    def write(file: BinaryIO) -> None:
        nonlocal written
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(row)
            written += 1
        if period_key is not None and not written:
            raise _NothingToExport()
        text.flush()
        text.detach()  # the file is the caller's to flush and close

    try:
        with without_cyclic_gc():
            write_atomically(Path(path), write)
    except _NothingToExport:
        raise TillError(
            "unknown_period",
            Text("Aucune transaction pour la période {key}.", key=period_key),
            INPUT_ERROR,
        ) from None
    except FileWriteError as exc:
        raise TillError("export_failed", exc.message, INPUT_ERROR) from exc
    return Export(Path(path), written)


class _NothingToExport(Exception):
    """No row for the period asked: no file is left behind."""


def _rows(till: Till, period_key: str | None) -> Iterator[list[str]]:
    """The CSV's rows; the till is read (and a till not enrolled refused) at once, the rows
    are made as they are written. The Region's word on each transaction is the periods'
    checks (`Reimbursements.periods`, kept between questions) and the batch line that listed
    it (read without its dates: the export shows the ledger's). Labels, zones and status words
    are worked out once per kind, not once per row."""
    views = Reimbursements(till).periods()
    with till.operation():
        device = till.store.device()
        assert device is not None  # periods() refused a till not enrolled
        stored = till.store.statements.headers(till.schemes)
        listed = till.store.statements.device_lines(device.device_id)
        details = till.store.statements.export_rows()
    differences: dict[str, LineCheck] = {
        line.txn_id: line for view in views for line in view.check.differences
    }
    found = _lines_by_txn([s.batch for s in stored], listed)
    return _made_rows(till, details, differences, found, device.partner, period_key)


class _Listed(NamedTuple):
    """What the export shows of a batch's line."""

    amount_cents: int
    counted: bool
    reason: str


def _made_rows(
    till: Till,
    details: list[tuple[Any, ...]],
    differences: dict[str, LineCheck],
    found: dict[str, tuple[Batch, _Listed]],
    partner: Partner,
    period_key: str | None,
) -> Iterator[list[str]]:
    labels = _Labels(till)
    statuses: dict[object, str] = {}
    names: dict[str, str] = {}
    written: dict[int, str] = {}  # prices repeat: each amount written once per export

    def euros(cents: int) -> str:
        text = written.get(cents)
        if text is None:
            text = written[cents] = decimal_comma(cents)
        return text

    for seq, txn_id, kind, created_at, scheme_id, category_id, item_kind, price, amount, rest, \
            holder, operator, _ in details:  # fmt: skip
        scheme = till.schemes.get(scheme_id)
        created = datetime.fromisoformat(created_at)
        local = created.astimezone(labels.zone(scheme_id)) if scheme else created
        period = labels.period(scheme, local.date(), created) if scheme else None
        batch_line = found.get(txn_id)
        batch = batch_line[0] if batch_line else None
        key = period.key if period else (batch.period.key if batch else "")
        if period_key is not None and key != period_key:
            continue
        voided = kind == "void"
        counted = batch_line[1].amount_cents if batch_line and batch_line[1].counted else 0
        difference = differences.get(txn_id)
        status_key = (
            (difference.difference, difference.reason)
            if difference is not None
            else (None if batch_line is None else (batch_line[0].status, batch_line[1].reason))
        )
        if status_key not in statuses:
            statuses[status_key] = _status(difference, batch_line)
        yield [
            key,
            batch.id if batch else "",
            batch.transfer_ref if batch else "",
            partner.name,
            partner.siret,
            *labels.names(scheme_id, category_id, item_kind),
            str(seq),
            txn_id,
            f"{local.day:02d}/{local.month:02d}/{local.year}",
            f"{local.hour:02d}:{local.minute:02d}",
            "Annulation" if voided else "Vente",
            "" if voided else euros(price),
            euros(-amount if voided else amount),
            "" if voided else euros(rest),
            euros(counted) if batch_line else "",
            statuses[status_key],
            names[holder] if holder in names else names.setdefault(holder, short_name(holder)),
            operator,
        ]


class _Labels:
    """The scheme data's words and zones, looked up once per key."""

    def __init__(self, till: Till) -> None:
        self._schemes = till.schemes
        self._zones = {scheme_id: s.zone for scheme_id, s in till.schemes.items()}
        self._names: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._periods: dict[tuple[str, date], Period | None] = {}

    def zone(self, scheme_id: str) -> ZoneInfo:
        return self._zones[scheme_id]

    def period(self, scheme: Scheme, local_day: date, created: datetime) -> Period | None:
        """The period of a transaction whose local day (in the scheme's zone) is known."""
        day = (scheme.id, local_day)
        if day not in self._periods:
            self._periods[day] = period_of(scheme, created)
        return self._periods[day]

    def names(self, scheme_id: str, category_id: str, item_kind: str) -> tuple[str, str, str]:
        key = (scheme_id, category_id, item_kind)
        if key not in self._names:
            scheme = self._schemes.get(scheme_id)
            category = scheme.category(category_id) if scheme else None
            self._names[key] = (
                scheme.name if scheme else scheme_id,
                category.label if category else category_id,
                scheme.item_label(item_kind) if scheme and item_kind else "",
            )
        return self._names[key]


def _lines_by_txn(
    batches: Iterable[Batch], listed: Iterable[tuple[str, str, int, int, str]]
) -> dict[str, tuple[Batch, _Listed]]:
    """Each of this till's transactions in the batch that counted it (else the one that
    listed it last), batches in their order. `listed`: (batch, txn, amount, counted, reason)
    of this till's lines, each batch's in its order."""
    by_batch: dict[str, list[tuple[str, _Listed]]] = defaultdict(list)
    for batch_id, txn_id, amount, counted, reason in listed:
        by_batch[batch_id].append((txn_id, _Listed(amount, bool(counted), reason)))
    found: dict[str, tuple[Batch, _Listed]] = {}
    for batch in batches:
        for txn_id, line in by_batch.get(batch.id, ()):
            previous = found.get(txn_id)
            if previous is None or not previous[1].counted:
                found[txn_id] = (batch, line)
    return found


def _status(difference: LineCheck | None, found: tuple[Batch, _Listed] | None) -> str:
    if difference is not None:
        return difference_text(difference)
    if found is None:
        return Text("en attente du décompte de la Région")
    batch, line = found
    if not line.counted and line.reason == VOIDED:
        return Text("annulée (rien à payer)")
    return Text(BATCH_WORDS[batch.status])
