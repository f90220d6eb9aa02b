"""The Region's reimbursement batches: which transactions a period's batch counts, which it refuses.

One rule, used by the reference Region to build its batches and by the till to understand them:

- A batch is built once its period is over. It takes every transaction of the partner not yet in
  a batch whose local day is on or before the period's last day: those of the period, and those
  of earlier periods that reached the Region late (a till offline for days), counted now with
  their own period noted (`origin`), as pass Culture's cash-flow batches do with their cut-off.
- A debit is counted for its amount (what the benefit paid), unless the Region refused it at
  upload (its reason is kept), it was made outside the season (`hors_saison`: seeds 000 and 001
  §4.3.2, "non enregistrées dans le délai … de fin de saison"; a paper voucher's season ends on
  its own last day, written in it or extended, seed 003 §3.3), or it is voided by a void in the
  same batch (`annulee`: both lines are shown, neither is paid).
- A void whose debit an earlier batch counted is counted negative: the Region takes back what it
  paid. A void of a debit that was never counted pays nothing (`annulee`).

So the same ledger always gives the same batches, whatever the order the uploads came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from pos_app.domain.periods import Period, local_day, period_of
from pos_app.domain.rulebook import REASONS as RULE_REASONS
from pos_app.domain.schemes import Scheme
from pos_app.domain.text import Text, template

VOIDED = "annulee"
OUT_OF_SEASON = "hors_saison"
MALFORMED = "malformed"

REJECTION_REASONS: Mapping[str, str] = {
    **RULE_REASONS,
    VOIDED: template("vente annulée"),
    OUT_OF_SEASON: template("enregistrée hors de la saison du dispositif"),
    MALFORMED: template("transaction mal renseignée"),
    "not_accredited": template("catégorie pour laquelle le partenaire n'est pas agréé"),
    "insufficient_balance": template("solde du jeune insuffisant à la Région"),
    "unknown_wallet": template("avantage inconnu de la Région"),
    "voucher_used": template("bon déjà utilisé"),
    "coupon_invalid": template("coupon de prépaiement non valable"),
    "void_invalid": template("annulation non valable"),
    "wrong_partner": template("transaction d'un autre partenaire"),
    "wrong_region": template("bénéficiaire d'une autre région"),
}


def rejection_text(reason: str) -> Text:
    """The French words for a Region's refusal code (an unknown code is shown as it is)."""
    known = REJECTION_REASONS.get(reason)
    return Text(known) if known else Text("refusée par la Région ({code})", code=reason)


class BatchStatus(StrEnum):
    COUNTED = "counted"  # comptabilisé
    ORDERED = "payment_ordered"  # mis en paiement
    PAID = "paid"  # payé (date, montant, référence du virement)


@dataclass(frozen=True, slots=True)
class RegionTransaction:
    """A transaction as the Region holds it, for counting."""

    txn_id: str
    device_id: str
    kind: str  # "debit" or "void"
    created_at: datetime
    amount_cents: int
    scheme_id: str
    accepted: bool
    reason: str = ""
    voids: str | None = None
    usable_until: date | None = None
    """A debit's own last day when it is not the season's end: a paper voucher pays until the
    date written in it or the Region's extension of it (seed 003 §3.3), which the Region looks
    up. None: the season's."""


class BatchLine(NamedTuple):
    """One line of a batch (a tuple: a busy cinema's season is 100 000 of them)."""

    txn_id: str
    device_id: str
    kind: str
    created_at: datetime
    amount_cents: int
    """Signed: what this line adds to the batch when counted (a void is negative)."""
    counted: bool
    reason: str
    """'' when counted; otherwise a code of `REJECTION_REASONS` (or the Region's own)."""
    origin: str
    """Key of the period the transaction belongs to (differs from the batch's when it came late)."""


def due_for(
    scheme: Scheme, period: Period, pending: Iterable[RegionTransaction]
) -> list[RegionTransaction]:
    """Of the transactions not yet in a batch, those the batch of `period` takes."""
    return [t for t in pending if local_day(scheme, t.created_at) <= period.end]


def count_lines(
    scheme: Scheme,
    taken: Iterable[RegionTransaction],
    counted_before: Mapping[str, int],
) -> tuple[BatchLine, ...]:
    """The lines of one batch. `taken` are the transactions the batch takes (`due_for`);
    `counted_before` maps the debits earlier batches counted to the amount they counted."""
    taken = sorted(taken, key=lambda t: (t.created_at, t.txn_id))
    voided_here = {
        t.voids for t in taken if t.kind == "void" and t.accepted and t.voids is not None
    }
    ids_here = {t.txn_id for t in taken}
    lines = []
    for txn in taken:
        origin = _origin(scheme, txn.created_at)
        reason = _refusal(scheme, txn, voided_here, ids_here, counted_before)
        if reason:
            amount = -txn.amount_cents if txn.kind == "void" else txn.amount_cents
            lines.append(_line(txn, amount, False, reason, origin))
        elif txn.kind == "void":
            lines.append(_line(txn, -counted_before[txn.voids or ""], True, "", origin))
        else:
            lines.append(_line(txn, txn.amount_cents, True, "", origin))
    return tuple(lines)


def _refusal(
    scheme: Scheme,
    txn: RegionTransaction,
    voided_here: set[str | None],
    ids_here: set[str],
    counted_before: Mapping[str, int],
) -> str:
    if not txn.accepted:
        return txn.reason or MALFORMED
    if txn.kind == "debit":
        if txn.amount_cents <= 0:
            return MALFORMED
        day = local_day(scheme, txn.created_at)
        if not scheme.season.start <= day <= (txn.usable_until or scheme.season.end):
            return OUT_OF_SEASON
        return VOIDED if txn.txn_id in voided_here else ""
    if txn.kind == "void":
        if txn.voids in ids_here or txn.voids not in counted_before:
            return VOIDED  # its debit is in this batch, or was never paid: nothing to take back
        return ""
    return MALFORMED


def _origin(scheme: Scheme, created_at: datetime) -> str:
    period = period_of(scheme, created_at)
    return period.key if period else ""


def _line(
    txn: RegionTransaction, amount: int, counted: bool, reason: str, origin: str
) -> BatchLine:
    return BatchLine(
        txn_id=txn.txn_id,
        device_id=txn.device_id,
        kind=txn.kind,
        created_at=txn.created_at,
        amount_cents=amount,
        counted=counted,
        reason=reason,
        origin=origin,
    )


@dataclass(frozen=True, slots=True)
class Batch:
    """One batch as the Region states it to the partner."""

    id: str
    scheme_id: str
    period: Period
    lines: tuple[BatchLine, ...]
    status: BatchStatus
    counted_on: date
    due_by: date | None
    ordered_on: date | None = None
    paid_on: date | None = None
    paid_cents: int | None = None
    transfer_ref: str = ""

    @property
    def counted_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines if line.counted)

    @property
    def rejected_cents(self) -> int:
        """What the Region refused to pay (debits only: a refused void takes nothing back)."""
        return sum(
            line.amount_cents for line in self.lines if not line.counted and line.kind == "debit"
        )

    def summary(self) -> BatchSummary:
        return BatchSummary(
            id=self.id,
            scheme_id=self.scheme_id,
            period=self.period,
            status=self.status,
            counted_on=self.counted_on,
            due_by=self.due_by,
            ordered_on=self.ordered_on,
            paid_on=self.paid_on,
            paid_cents=self.paid_cents,
            transfer_ref=self.transfer_ref,
            counted_cents=self.counted_cents,
            rejected_cents=self.rejected_cents,
        )


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A batch without its lines, with their totals: what a period's check shows of it (read
    from the stored statement without its 10 000 lines)."""

    id: str
    scheme_id: str
    period: Period
    status: BatchStatus
    counted_on: date
    due_by: date | None
    ordered_on: date | None
    paid_on: date | None
    paid_cents: int | None
    transfer_ref: str
    counted_cents: int
    rejected_cents: int
