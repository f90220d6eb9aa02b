"""The partner's money, as the window and the CLI ask for it: each period's check of the
Region's batches, the dispute deadlines, the confirmation of a payment's receipt.

Only wiring: what changed in the ledger and the stored statements since the kept checks is read
once per question (`period_cache`), the pure `pos_app.domain.reconciliation` decides, and the
answer is a value the callers show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pos_app.back_office import period_cache
from pos_app.back_office.bulk import without_cyclic_gc
from pos_app.domain.batches import Batch, BatchStatus, rejection_text
from pos_app.domain.disputes import DisputeWindow, dispute_window
from pos_app.domain.reconciliation import (
    Difference,
    LineCheck,
    PeriodCheck,
    PeriodState,
    TillLine,
    period_checks,
)
from pos_app.domain.text import Euros, Text, template
from pos_app.services import INPUT_ERROR, REFUSAL, Till, TillError

STATE_WORDS = {
    PeriodState.OPEN: template("en cours"),
    PeriodState.PENDING: template("en attente"),
    PeriodState.SETTLED: template("réglée"),
    PeriodState.WRONG: template("écart"),
}
DIFFERENCE_WORDS = {
    Difference.REFUSED: template("refusée par la Région"),
    Difference.NOT_SENT: template("pas encore envoyée à la Région"),
    Difference.NOT_YET_COUNTED: template("pas encore comptée par la Région"),
    Difference.COUNTED_LATER: template("comptée dans un lot suivant"),
    Difference.UNKNOWN_TO_REGION: template("absente du décompte de la Région"),
    Difference.AMOUNT_DIFFERS: template("montant différent"),
    Difference.PAID_TWICE: template("payée deux fois"),
}
BATCH_WORDS = {
    BatchStatus.COUNTED: template("comptabilisé"),
    BatchStatus.ORDERED: template("mis en paiement"),
    BatchStatus.PAID: template("payé"),
}


def difference_text(line: LineCheck) -> Text:
    words = Text(DIFFERENCE_WORDS[line.difference])
    if line.difference is Difference.REFUSED and line.reason:
        return Text("{words} : {reason}", words=words, reason=rejection_text(line.reason))
    return words


def payment_gap_text(gap_cents: int) -> Text:
    """The batch's count less what was paid, in words: short or over."""
    if gap_cents > 0:
        return Text(
            "Paiement inférieur au décompte de la Région : {gap} manquent.", gap=Euros(gap_cents)
        )
    return Text(
        "Paiement supérieur au décompte de la Région : {gap} de trop.", gap=Euros(-gap_cents)
    )


@dataclass(frozen=True, slots=True)
class PeriodView:
    """One period as the partner sees it: the check, and the dispute window of its payment."""

    check: PeriodCheck
    dispute: DisputeWindow | None
    """Only for a paid period that differs from the ledger (errors or refusals)."""

    @property
    def key(self) -> str:
        return self.check.period.key

    @property
    def state_text(self) -> Text:
        return Text(STATE_WORDS[self.check.state])


@dataclass(frozen=True, slots=True)
class Facts:
    device_id: str
    lines: list[TillLine]
    batches: list[Batch]
    receipts: dict[str, date]
    """The day the partner confirmed receiving each paid batch."""
    today: dict[str, date]
    """The local day in each scheme's zone."""


class Reimbursements:
    """The back office's reimbursement questions, on one open `Till`."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self.checked_again: int | None = None
        """How many kept periods the last `periods()` checked again (None: every period)."""

    def facts(self) -> Facts:
        """What every reimbursement question starts from, read once (every entry, every
        batch line: the export's reading; `periods` reads only what changed)."""
        store = self.till.store
        with self.till.operation():
            device = self._device_id()
            lines = store.statements.ledger_lines()
            batches = store.statements.batches(self.till.schemes)
            receipts = store.statements.receipts()
        return Facts(device, lines, batches, receipts, self._today())

    def periods(self) -> list[PeriodView]:
        """Every period this till or the Region knows of, oldest first.

        Each period's check of its entries is kept in the till's file with what it was
        computed from (`pos_app.back_office.period_cache`): only the periods whose entries,
        outbox rows or batch lines changed since are checked again. The state (which depends
        on the batch's payment and the day) and the dispute windows are worked out afresh."""
        store, schemes = self.till.store, self.till.schemes
        with without_cyclic_gc():
            with self.till.operation():
                device_id = self._device_id()
                period_cache.prepare(store)
                with store.period_checks.reading():
                    plan = period_cache.read(store, schemes, device_id)
                    receipts = store.statements.receipts()
            lines = period_cache.compute(plan, schemes)
            with self.till.operation():
                period_cache.keep(store, schemes, plan, lines)
            today = self._today()
            checks = period_checks(lines.values(), [s.summary for s in plan.stored], today)
        self.checked_again = plan.checked_again
        return [self._view(check, receipts, today) for check in checks]

    def _device_id(self) -> str:
        device = self.till.store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text("Cette caisse n'est pas activée : aucun remboursement à suivre."),
                INPUT_ERROR,
            )
        return device.device_id

    def _today(self) -> dict[str, date]:
        """The local day in each scheme's zone."""
        now = self.till.now()
        return {sid: now.astimezone(s.zone).date() for sid, s in self.till.schemes.items()}

    def _view(
        self, check: PeriodCheck, receipts: dict[str, date], today: dict[str, date]
    ) -> PeriodView:
        batch = check.batch
        dispute = None
        if (
            (check.state is PeriodState.WRONG or check.refused_cents)
            and batch is not None
            and batch.status is BatchStatus.PAID
            and batch.paid_on is not None
        ):
            scheme = self.till.schemes[check.scheme_id]
            dispute = dispute_window(
                scheme.dispute_delay_days,
                batch.paid_on,
                receipts.get(batch.id),
                today[check.scheme_id],
            )
        return PeriodView(check, dispute)

    def period(self, key: str, scheme_id: str | None = None) -> PeriodView:
        matches = [
            view
            for view in self.periods()
            if view.key == key and scheme_id in (None, view.check.scheme_id)
        ]
        if not matches:
            raise TillError(
                "unknown_period",
                Text("Période inconnue : {key} (voir « atouts-pos reimbursements »).", key=key),
                INPUT_ERROR,
            )
        if len(matches) > 1:
            raise TillError(
                "ambiguous_period",
                Text("Période {key} de plusieurs dispositifs : précisez --scheme.", key=key),
                INPUT_ERROR,
            )
        return matches[0]

    def confirm_receipt(self, batch_id: str, received_on: date, operator: str = "") -> None:
        """The partner says on which day the transfer reached its account: the dispute
        deadline runs from then (never before the Region's payment, never in the future)."""
        with self.till.operation():
            stored = self.till.store.statements.headers(self.till.schemes)
        batch = next((s.batch for s in stored if s.batch.id == batch_id), None)
        if batch is None or batch.status is not BatchStatus.PAID or batch.paid_on is None:
            raise TillError(
                "batch_not_paid",
                Text("Aucun paiement de la Région n'a la référence {ref}.", ref=batch_id),
                REFUSAL,
            )
        now = self.till.now()
        today = now.astimezone(self.till.schemes[batch.scheme_id].zone).date()
        if not batch.paid_on <= received_on <= today:
            raise TillError(
                "receipt_date_invalid",
                Text(
                    "Date de réception impossible : entre le {paid} (paiement de la Région) "
                    "et aujourd'hui.",
                    paid=batch.paid_on,
                ),
                INPUT_ERROR,
            )
        with self.till.operation():
            self.till.store.statements.confirm_receipt(batch_id, received_on, now, operator)
