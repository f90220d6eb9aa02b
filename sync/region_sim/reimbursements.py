"""The reference Region's reimbursement batches: built, stored, stated, ordered and paid.

The rule of what a batch takes and how each line is counted is the domain's
(`pos_app.domain.batches.due_for` and `count_lines`, periods from `pos_app.domain.periods`): the
till and the Region decide with the same pure functions. This module only chooses which
transactions are not yet in a batch (the stored lines), calls the rule, and keeps what it says.

- One batch per (partner, scheme, period), built once the period is over on the scheme's local
  calendar (lazily when a till asks for its statement, or by `region-sim reimbursements count`).
  A period is built when it is over, holds transactions not yet in a batch and comes after the
  last period counted; the last period that ended is always a candidate too, so a late arrival
  whose period had its turn goes into the next batch built, with its own period as `origin`.
- The transactions of a partner are those its devices sent (a `wrong_partner` upload is the
  sending partner's refused line, never the named partner's).
- A line is never taken again: the stored lines are what "already in a batch" means, and the
  debits they counted are the `counted_before` of the next batches.
- Every change of a batch (built, payment ordered, paid) gives it the next value of one global
  revision counter, so `since=N` returns exactly the batches changed after N.
- NUMÉRISAK (`per_claim`) has no periods: a deposit slip (`claim_deposit`) builds its batch.

For the demo and the tests, `pay` can also pay a wrong amount, leave a transaction out
(`omit`: the line stays stored, hidden from the statement and never taken again) or pay a
transaction a second time (`twice`: a copy of a line another batch counted), so that the till's
checks have something to find.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pos_app.domain.batches import (
    Batch,
    BatchLine,
    BatchStatus,
    RegionTransaction,
    count_lines,
    due_for,
)
from pos_app.domain.periods import (
    Period,
    PeriodError,
    claim,
    is_over,
    local_day,
    parse_period,
    payment_due_by,
    period_of,
)
from pos_app.domain.schemes import ReimbursementRhythm, Scheme
from sync.region_sim import vouchers

PER_CLAIM = ReimbursementRhythm.PER_CLAIM

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, scheme_id TEXT NOT NULL,
    period_key TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
    status TEXT NOT NULL, revision INTEGER NOT NULL UNIQUE, counted_on TEXT NOT NULL,
    due_by TEXT, ordered_on TEXT, paid_on TEXT, paid_cents INTEGER,
    transfer_ref TEXT NOT NULL DEFAULT '',
    UNIQUE (partner_id, scheme_id, period_key));
CREATE INDEX IF NOT EXISTS batches_by_partner ON batches (partner_id, revision);
CREATE TABLE IF NOT EXISTS batch_lines (
    batch_id TEXT NOT NULL REFERENCES batches (id), position INTEGER NOT NULL,
    txn_id TEXT NOT NULL, device_id TEXT NOT NULL, kind TEXT NOT NULL,
    created_at TEXT NOT NULL, amount_cents INTEGER NOT NULL, counted INTEGER NOT NULL,
    reason TEXT NOT NULL, origin TEXT NOT NULL, omitted INTEGER NOT NULL DEFAULT 0,
    repeated_from TEXT, PRIMARY KEY (batch_id, txn_id));
CREATE INDEX IF NOT EXISTS batch_lines_by_txn ON batch_lines (txn_id);
CREATE TABLE IF NOT EXISTS claims (
    partner_id TEXT NOT NULL, deposit_id TEXT NOT NULL, handed_in TEXT NOT NULL,
    txn_ids TEXT NOT NULL, answer TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (partner_id, deposit_id));
"""

UNKNOWN_TRANSACTION = "unknown_transaction"
ALREADY_CLAIMED = "already_claimed"
NOT_PER_CLAIM = "not_per_claim"
NOT_A_VOUCHER_SALE = "not_a_sale"
AFTER_DEPOSIT = "after_deposit"
CLAIM_REASONS = {
    UNKNOWN_TRANSACTION: "transaction inconnue de la Région pour ce partenaire",
    ALREADY_CLAIMED: "déjà déposée dans un autre dépôt ou lot",
    NOT_PER_CLAIM: "ce dispositif est remboursé par période, pas sur dépôt",
    NOT_A_VOUCHER_SALE: "une annulation ne se dépose pas : déposez la vente",
    AFTER_DEPOSIT: "vente postérieure à la date du dépôt",
}
"""Refusals of a deposit slip's line that have no batch line (the Region cannot count them);
the reasons of the lines themselves are those of `pos_app.domain.batches`."""


class ReimbursementError(ValueError):
    """A reimbursement request or command the Region refuses; `message` is French."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Summary:
    """One batch for the `region-sim reimbursements list` command."""

    batch: Batch
    partner_id: str
    revision: int

    def to_json(self) -> dict[str, Any]:
        batch = self.batch
        return {
            "id": batch.id,
            "partner_id": self.partner_id,
            "scheme_id": batch.scheme_id,
            "period": batch.period.key,
            "status": batch.status.value,
            "revision": self.revision,
            "lines": len(batch.lines),
            "counted_cents": batch.counted_cents,
            "rejected_cents": batch.rejected_cents,
            "counted_on": batch.counted_on.isoformat(),
            "due_by": _iso(batch.due_by),
            "ordered_on": _iso(batch.ordered_on),
            "paid_on": _iso(batch.paid_on),
            "paid_cents": batch.paid_cents,
            "transfer_ref": batch.transfer_ref,
        }


# --- building ---------------------------------------------------------------------------------


def build_due(
    conn: sqlite3.Connection,
    schemes: Mapping[str, Scheme],
    now: datetime,
    partner_id: str | None = None,
) -> list[str]:
    """Build every batch whose period is over by `now` (one partner's, or all); the new ids."""
    partners = (
        [partner_id]
        if partner_id is not None
        else [row[0] for row in conn.execute("SELECT id FROM partners ORDER BY id")]
    )
    built = []
    for partner in partners:
        counted_before = _counted_before(conn, partner)
        for scheme_id in _pending_schemes(conn, partner):
            scheme = schemes.get(scheme_id)
            if scheme is None or scheme.reimbursement is ReimbursementRhythm.PER_CLAIM:
                continue  # unknown schemes are refused at upload; NUMÉRISAK waits for deposits
            built += _build_scheme(conn, scheme, partner, now, counted_before)
    return built


def _build_scheme(
    conn: sqlite3.Connection,
    scheme: Scheme,
    partner_id: str,
    now: datetime,
    counted_before: dict[str, int],
) -> list[str]:
    today = local_day(scheme, now)
    pending = _pending(conn, partner_id, scheme.id)
    current = period_of(scheme, now)
    assert current is not None  # not a per-claim scheme
    last_ended = period_of(scheme, _noon(scheme, current.start - timedelta(days=1)))
    existing = dict(
        conn.execute(
            "SELECT period_key, period_end FROM batches WHERE partner_id = ? AND scheme_id = ?",
            (partner_id, scheme.id),
        ).fetchall()
    )
    # A period before the last one counted had its turn (empty then): late ones go forward.
    counted_up_to = max(existing.values(), default="")
    candidates: set[Period] = {p for t in pending if (p := period_of(scheme, t.created_at))}
    if last_ended is not None:
        candidates.add(last_ended)
    built = []
    for period in sorted(candidates):
        if period.end.isoformat() <= counted_up_to or not is_over(period, today):
            continue
        taken = due_for(scheme, period, pending)
        if not taken:
            continue
        lines = count_lines(scheme, taken, counted_before)
        built.append(_insert_batch(conn, partner_id, scheme, period, lines, today))
        taken_ids = {t.txn_id for t in taken}
        pending = [t for t in pending if t.txn_id not in taken_ids]
        counted_before.update(_counted_debits(lines))
        counted_up_to = period.end.isoformat()
    return built


def _noon(scheme: Scheme, day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=scheme.zone)


def _pending_schemes(conn: sqlite3.Connection, partner_id: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT t.scheme_id FROM transactions t JOIN devices d ON d.id = t.device_id "
            "WHERE d.partner_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM batch_lines l WHERE l.txn_id = t.txn_id) ORDER BY t.scheme_id",
            (partner_id,),
        )
    ]


_TXN_COLUMNS = (
    "t.txn_id, t.device_id, t.kind, t.created_at, t.received_at, t.amount_cents, t.scheme_id, "
    "t.status, t.reason, t.voids, "
    # a printed voucher's own last day, for `RegionTransaction.usable_until` (seed 003 §3.3)
    f"(SELECT {vouchers.IN_FORCE_SQL} FROM issued_vouchers v "
    "WHERE t.voucher_serial != '' AND v.serial = t.voucher_serial)"
)
_TXN_WIDTH = 11
"""How many columns `_TXN_COLUMNS` selects."""


def _pending(conn: sqlite3.Connection, partner_id: str, scheme_id: str) -> list[RegionTransaction]:
    """The partner's transactions of a scheme that no batch has taken yet."""
    rows = conn.execute(
        f"SELECT {_TXN_COLUMNS} FROM transactions t JOIN devices d ON d.id = t.device_id "
        "WHERE d.partner_id = ? AND t.scheme_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM batch_lines l WHERE l.txn_id = t.txn_id) ORDER BY t.seq",
        (partner_id, scheme_id),
    ).fetchall()
    return [_region_transaction(row) for row in rows]


def _region_transaction(row: Sequence[Any]) -> RegionTransaction:
    txn_id, device_id, kind, created_at, received_at, amount, scheme_id, status, reason = row[:9]
    voids, usable_until = row[9], date.fromisoformat(row[10]) if row[10] else None
    accepted = status == "accepted"
    try:
        instant = datetime.fromisoformat(created_at)
        if instant.utcoffset() is None:
            raise ValueError(created_at)
    except ValueError:
        # A till time the Region cannot read: counted on the day it arrived, and refused.
        instant, accepted, reason = datetime.fromisoformat(received_at), False, "malformed"
    return RegionTransaction(
        txn_id=txn_id,
        device_id=device_id,
        kind=kind,
        created_at=instant,
        amount_cents=amount,
        scheme_id=scheme_id,
        accepted=accepted,
        reason=reason,
        voids=voids,
        usable_until=usable_until,
    )


def _counted_before(conn: sqlite3.Connection, partner_id: str) -> dict[str, int]:
    """The partner's debits a batch counted (and paid, unless left out), with their amount."""
    return dict(
        conn.execute(
            "SELECT l.txn_id, l.amount_cents FROM batch_lines l "
            "JOIN batches b ON b.id = l.batch_id WHERE b.partner_id = ? AND l.kind = 'debit' "
            "AND l.counted AND NOT l.omitted",
            (partner_id,),
        ).fetchall()
    )


def _counted_debits(lines: Iterable[BatchLine]) -> dict[str, int]:
    return {
        line.txn_id: line.amount_cents for line in lines if line.counted and line.kind == "debit"
    }


def _next_revision(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(revision), 0) + 1 FROM batches").fetchone()[0])


def current_version(conn: sqlite3.Connection) -> int:
    """The highest revision in the Region: what a till sends back as `since`."""
    return int(conn.execute("SELECT coalesce(max(revision), 0) FROM batches").fetchone()[0])


def _insert_batch(
    conn: sqlite3.Connection,
    partner_id: str,
    scheme: Scheme,
    period: Period,
    lines: Sequence[BatchLine],
    today: date,
) -> str:
    number = conn.execute("SELECT count(*) + 1 FROM batches").fetchone()[0]
    batch_id = f"RB-{number:06d}"
    due_by = payment_due_by(scheme, period)
    conn.execute(
        "INSERT INTO batches (id, partner_id, scheme_id, period_key, period_start, period_end, "
        "status, revision, counted_on, due_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            batch_id,
            partner_id,
            scheme.id,
            period.key,
            period.start.isoformat(),
            period.end.isoformat(),
            BatchStatus.COUNTED.value,
            _next_revision(conn),
            today.isoformat(),
            _iso(due_by),
        ),
    )
    conn.executemany(
        "INSERT INTO batch_lines (batch_id, position, txn_id, device_id, kind, created_at, "
        "amount_cents, counted, reason, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                batch_id,
                position,
                line.txn_id,
                line.device_id,
                line.kind,
                line.created_at.isoformat(),
                line.amount_cents,
                int(line.counted),
                line.reason,
                line.origin,
            )
            for position, line in enumerate(lines)
        ),
    )
    return batch_id


# --- reading ----------------------------------------------------------------------------------

_BATCH_COLUMNS = (
    "id, partner_id, scheme_id, period_key, period_start, status, revision, counted_on, "
    "due_by, ordered_on, paid_on, paid_cents, transfer_ref"
)


def _load(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], row: Sequence[Any]
) -> tuple[Batch, str, int]:
    (batch_id, partner_id, scheme_id, key, start, status, revision, counted_on, due_by,
     ordered_on, paid_on, paid_cents, transfer_ref) = row  # fmt: skip
    scheme = schemes[scheme_id]
    period = parse_period(scheme.reimbursement, key, handed_in=date.fromisoformat(start))
    lines = tuple(
        BatchLine(
            txn_id=txn_id,
            device_id=device_id,
            kind=kind,
            created_at=datetime.fromisoformat(created_at),
            amount_cents=amount,
            counted=bool(counted),
            reason=reason,
            origin=origin,
        )
        for txn_id, device_id, kind, created_at, amount, counted, reason, origin in conn.execute(
            "SELECT txn_id, device_id, kind, created_at, amount_cents, counted, reason, origin "
            "FROM batch_lines WHERE batch_id = ? AND NOT omitted ORDER BY position",
            (batch_id,),
        )
    )
    batch = Batch(
        id=batch_id,
        scheme_id=scheme_id,
        period=period,
        lines=lines,
        status=BatchStatus(status),
        counted_on=date.fromisoformat(counted_on),
        due_by=_day(due_by),
        ordered_on=_day(ordered_on),
        paid_on=_day(paid_on),
        paid_cents=paid_cents,
        transfer_ref=transfer_ref,
    )
    return batch, partner_id, revision


def changed_since(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], partner_id: str, since: int
) -> list[tuple[Batch, int]]:
    """The partner's batches whose revision is above `since`, each whole, oldest period first."""
    rows = conn.execute(
        f"SELECT {_BATCH_COLUMNS} FROM batches WHERE partner_id = ? AND revision > ? "
        "ORDER BY period_start, scheme_id, id",
        (partner_id, since),
    ).fetchall()
    return [(batch, revision) for batch, _, revision in (_load(conn, schemes, r) for r in rows)]


def summaries(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], partner_id: str | None = None
) -> list[Summary]:
    rows = conn.execute(
        f"SELECT {_BATCH_COLUMNS} FROM batches WHERE ? IS NULL OR partner_id = ? "
        "ORDER BY partner_id, period_start, scheme_id, id",
        (partner_id, partner_id),
    ).fetchall()
    return [
        Summary(batch, partner, rev)
        for batch, partner, rev in (_load(conn, schemes, r) for r in rows)
    ]


def _one(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], batch_id: str
) -> tuple[Batch, str]:
    row = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise KeyError(batch_id)
    batch, partner_id, _ = _load(conn, schemes, row)
    return batch, partner_id


# --- payment (region-sim commands) ------------------------------------------------------------


def order(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], batch_id: str, day: date
) -> Batch:
    """Counted → payment ordered, on `day`."""
    batch, _ = _one(conn, schemes, batch_id)
    if batch.status is not BatchStatus.COUNTED:
        raise ReimbursementError(
            409,
            "batch_not_counted",
            f"Le lot {batch_id} est déjà {_status_words(batch.status)} : "
            "seul un lot comptabilisé peut être mis en paiement.",
        )
    _check_after_period(batch, day)
    conn.execute(
        "UPDATE batches SET status = ?, ordered_on = ?, revision = ? WHERE id = ?",
        (BatchStatus.ORDERED.value, day.isoformat(), _next_revision(conn), batch_id),
    )
    return _one(conn, schemes, batch_id)[0]


def pay(
    conn: sqlite3.Connection,
    schemes: Mapping[str, Scheme],
    batch_id: str,
    day: date,
    *,
    transfer_ref: str = "",
    amount_cents: int | None = None,
    omit: Sequence[str] = (),
    twice: Sequence[str] = (),
) -> Batch:
    """Counted or payment ordered → paid on `day`: by default the batch's counted total, with
    a generated transfer reference. `amount_cents` pays another amount, `omit` leaves lines out
    of the batch, `twice` adds lines another batch already counted (demo of the till's checks)."""
    batch, partner_id = _one(conn, schemes, batch_id)
    if batch.status is BatchStatus.PAID:
        raise ReimbursementError(
            409, "batch_already_paid", f"Le lot {batch_id} est déjà payé ({batch.transfer_ref})."
        )
    _check_after_period(batch, day)
    if batch.ordered_on is not None and day < batch.ordered_on:
        raise ReimbursementError(
            422,
            "payment_before_order",
            f"Le lot {batch_id} a été mis en paiement le {batch.ordered_on:%d/%m/%Y} : "
            "il ne peut pas être payé avant.",
        )
    in_batch = {line.txn_id for line in batch.lines}
    for txn_id in omit:
        if txn_id not in in_batch:
            raise ReimbursementError(
                422,
                "not_in_batch",
                f"La transaction {txn_id} n'est pas une ligne du lot {batch_id}.",
            )
        conn.execute(
            "UPDATE batch_lines SET omitted = 1 WHERE batch_id = ? AND txn_id = ?",
            (batch_id, txn_id),
        )
    for txn_id in twice:
        _repeat_line(conn, batch_id, partner_id, txn_id, in_batch - set(omit))
    conn.execute(
        "UPDATE batches SET status = ?, ordered_on = coalesce(ordered_on, ?), revision = ? "
        "WHERE id = ?",
        (BatchStatus.PAID.value, day.isoformat(), _next_revision(conn), batch_id),
    )
    counted = _one(conn, schemes, batch_id)[0].counted_cents
    conn.execute(
        "UPDATE batches SET paid_on = ?, paid_cents = ?, transfer_ref = ? WHERE id = ?",
        (
            day.isoformat(),
            counted if amount_cents is None else amount_cents,
            transfer_ref or f"VIR-{day:%Y%m%d}-{batch_id.removeprefix('RB-')}",
            batch_id,
        ),
    )
    return _one(conn, schemes, batch_id)[0]


def _repeat_line(
    conn: sqlite3.Connection, batch_id: str, partner_id: str, txn_id: str, in_batch: set[str]
) -> None:
    if txn_id in in_batch:
        raise ReimbursementError(
            422,
            "already_in_batch",
            f"La transaction {txn_id} est déjà une ligne du lot {batch_id}.",
        )
    row = conn.execute(
        "SELECT l.batch_id, l.device_id, l.kind, l.created_at, l.amount_cents, l.origin "
        "FROM batch_lines l JOIN batches b ON b.id = l.batch_id WHERE l.txn_id = ? "
        "AND b.partner_id = ? AND l.batch_id != ? AND l.counted AND NOT l.omitted "
        "AND l.kind = 'debit' ORDER BY b.revision LIMIT 1",
        (txn_id, partner_id, batch_id),
    ).fetchone()
    if row is None:
        raise ReimbursementError(
            422,
            "not_counted_elsewhere",
            f"La transaction {txn_id} n'est une vente comptée dans aucun autre lot de ce "
            "partenaire : elle ne peut pas être payée deux fois.",
        )
    source, device_id, kind, created_at, amount, origin = row
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM batch_lines WHERE batch_id = ?", (batch_id,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO batch_lines (batch_id, position, txn_id, device_id, kind, created_at, "
        "amount_cents, counted, reason, origin, repeated_from) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?)",
        (batch_id, position, txn_id, device_id, kind, created_at, amount, origin, source),
    )


def _check_after_period(batch: Batch, day: date) -> None:
    if day <= batch.period.end and batch.period.rhythm is not ReimbursementRhythm.PER_CLAIM:
        raise ReimbursementError(
            422,
            "date_in_period",
            f"Le {day:%d/%m/%Y} est dans la période {batch.period.key} du lot {batch.id} : "
            "la mise en paiement et le virement viennent après sa fin.",
        )
    if day < batch.counted_on:
        raise ReimbursementError(
            422,
            "date_before_count",
            f"Le lot {batch.id} a été comptabilisé le {batch.counted_on:%d/%m/%Y} : "
            "choisissez une date postérieure.",
        )


def _status_words(status: BatchStatus) -> str:
    return {
        BatchStatus.COUNTED: "comptabilisé",
        BatchStatus.ORDERED: "mis en paiement",
        BatchStatus.PAID: "payé",
    }[status]


def scheme_today(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], batch_id: str, now: datetime
) -> date:
    """Today on the calendar of the batch's scheme (the default date of the commands)."""
    row = conn.execute("SELECT scheme_id FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise KeyError(batch_id)
    return local_day(schemes[row[0]], now)


# --- NUMÉRISAK deposits -----------------------------------------------------------------------


def claim_deposit(
    conn: sqlite3.Connection,
    schemes: Mapping[str, Scheme],
    partner_id: str,
    deposit_id: str,
    handed_in: date,
    txn_ids: Sequence[str],
    now: datetime,
) -> dict[str, Any]:
    """A retailer's deposit slip: the voucher sales it lists become the deposit's batch (one per
    scheme), and each gets the Region's acknowledgement. The same slip sent again gets the same
    answer; another slip under the same deposit id is refused."""
    ids = list(dict.fromkeys(txn_ids))
    try:
        period = claim(deposit_id, handed_in)
    except PeriodError as exc:
        raise ReimbursementError(
            422, "claim_invalid", f"Numéro de dépôt invalide : {deposit_id!r}."
        ) from exc
    known = conn.execute(
        "SELECT handed_in, txn_ids, answer FROM claims WHERE partner_id = ? AND deposit_id = ?",
        (partner_id, deposit_id),
    ).fetchone()
    if known is not None:
        if (known[0], json.loads(known[1])) == (handed_in.isoformat(), sorted(ids)):
            return json.loads(known[2])
        raise ReimbursementError(
            409,
            "claim_conflict",
            f"Le dépôt {deposit_id} a déjà été enregistré avec d'autres bons ou une autre date : "
            "donnez un autre numéro à ce dépôt.",
        )
    acks: dict[str, tuple[str, str]] = {}
    by_scheme: dict[str, list[RegionTransaction]] = {}
    for txn_id in ids:
        row = conn.execute(
            f"SELECT {_TXN_COLUMNS}, "
            "EXISTS (SELECT 1 FROM batch_lines l WHERE l.txn_id = t.txn_id) "
            "FROM transactions t JOIN devices d ON d.id = t.device_id "
            "WHERE t.txn_id = ? AND d.partner_id = ?",
            (txn_id, partner_id),
        ).fetchone()
        scheme = schemes.get(row[6]) if row else None
        if row is None or scheme is None:
            acks[txn_id] = ("refused", UNKNOWN_TRANSACTION)
        elif row[2] != "debit":
            acks[txn_id] = ("refused", NOT_A_VOUCHER_SALE)
        elif scheme.reimbursement is not ReimbursementRhythm.PER_CLAIM:
            acks[txn_id] = ("refused", NOT_PER_CLAIM)
        elif row[_TXN_WIDTH]:
            acks[txn_id] = ("refused", ALREADY_CLAIMED)
        else:
            by_scheme.setdefault(scheme.id, []).append(_region_transaction(row[:_TXN_WIDTH]))
    today = min(
        (local_day(s, now) for s in schemes.values() if s.reimbursement is PER_CLAIM),
        default=_latest_day(now),
    )
    if handed_in > today:
        raise ReimbursementError(
            422,
            "claim_in_future",
            f"Date de dépôt {handed_in:%d/%m/%Y} dans le futur : indiquez le jour où les bons "
            "ont été remis à la Région.",
        )
    batch_ids = []
    counted_before = _counted_before(conn, partner_id)
    for scheme_id, sales in by_scheme.items():
        scheme = schemes[scheme_id]
        voids = [
            _region_transaction(row)
            for row in conn.execute(
                f"SELECT {_TXN_COLUMNS} FROM transactions t JOIN devices d ON d.id = t.device_id "
                "WHERE d.partner_id = ? AND t.kind = 'void' AND t.status = 'accepted' "
                f"AND t.voids IN ({', '.join('?' * len(sales))}) AND NOT EXISTS "
                "(SELECT 1 FROM batch_lines l WHERE l.txn_id = t.txn_id)",
                (partner_id, *(t.txn_id for t in sales)),
            )
        ]
        taken = due_for(scheme, period, [*sales, *voids])
        taken_ids = {t.txn_id for t in taken}
        for sale in sales:
            if sale.txn_id not in taken_ids:
                acks[sale.txn_id] = ("refused", AFTER_DEPOSIT)
        if not any(t.kind == "debit" for t in taken):
            continue
        lines = count_lines(scheme, taken, counted_before)
        batch_ids.append(
            _insert_batch(conn, partner_id, scheme, period, lines, local_day(scheme, now))
        )
        for line in lines:
            if line.txn_id in {sale.txn_id for sale in sales}:  # a void taken along keeps its ack
                acks[line.txn_id] = ("accepted", "") if line.counted else ("refused", line.reason)
    answer = {
        "deposit_id": deposit_id,
        "handed_in": handed_in.isoformat(),
        "batch_ids": batch_ids,
        "acknowledgements": [
            {"txn_id": txn_id, "status": acks[txn_id][0], "reason": acks[txn_id][1]}
            for txn_id in ids
        ],
    }
    conn.execute(
        "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)",
        (partner_id, deposit_id, handed_in.isoformat(), json.dumps(sorted(ids)),
         json.dumps(answer), now.isoformat()),
    )  # fmt: skip
    return answer


def _latest_day(now: datetime) -> date:
    """Today where it is latest (UTC+14): a deposit dated later is in the future everywhere."""
    return (now.astimezone(UTC) + timedelta(hours=14)).date()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
