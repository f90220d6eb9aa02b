"""NUMÉRISAK deposit slips of an open till (seed 003 §3.4): the vouchers still to claim, the
slip the retailer hands in with them (a PDF with a place for the Region's stamp), sending it to
the Region at once or at the next sync, and the Region's acknowledgement of each voucher.

The rules are `pos_app.domain.claims` (pure), the SQL `pos_app.store.claims_store`; sending is
the sync round's (`sync.engine.push_claims`). This module reads the clock once per operation,
works under the till's operation lock, and turns every failure into a `TillError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pos_app.domain.claims import (
    ClaimRefusal,
    Slip,
    SlipState,
    VoucherSale,
    choose,
    claimable,
    deposit_id,
    per_claim,
)
from pos_app.domain.model import Partner
from pos_app.domain.periods import local_day
from pos_app.domain.text import Text
from pos_app.services import INPUT_ERROR, REFUSAL, Till, TillError
from pos_app.store.db import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Sending:
    """What became of sending a slip right after making it."""

    sent: bool
    """The Region answered (the slip now carries its acknowledgements)."""
    message: str
    """French: what happened, for the retailer."""


class Claims:
    """The deposit slips of one open `Till`."""

    def __init__(self, till: Till) -> None:
        self.till = till

    # --- reading ----------------------------------------------------------------------------

    def _enrolled(self) -> str:
        device = self.till.store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text("Cette caisse n'est pas activée : aucun bon NUMÉRISAK à déposer."),
                REFUSAL,
            )
        return device.device_id

    def partner(self) -> Partner:
        """The partner as the Region last described it (name, SIRET, address)."""
        with self.till.operation():
            self._enrolled()
            device = self.till.store.device()
            assert device is not None
            try:
                info = self.till.store.snapshot_info()
            except StoreError:
                info = None
            return info.partner if info else device.partner

    def device_id(self) -> str:
        with self.till.operation():
            return self._enrolled()

    def today(self) -> date:
        """Today on the calendar of the per-claim schemes (La Réunion for NUMÉRISAK); where
        several zones apply, the earliest (a deposit is never dated after anyone's today)."""
        now = self.till.now()
        zones = [self.till.schemes[sid] for sid in per_claim(self.till.schemes)]
        return min((local_day(scheme, now) for scheme in zones), default=now.date())

    def claimable(self) -> list[VoucherSale]:
        """The voucher sales no slip lists yet (not voided), oldest first."""
        with self.till.operation():
            self._enrolled()
            store = self.till.store.claims
            sales = store.voucher_sales(per_claim(self.till.schemes))
            return claimable(sales, store.claimed_ids(), self.till.schemes)

    def slips(self) -> list[Slip]:
        with self.till.operation():
            self._enrolled()
            return self.till.store.claims.slips()

    def slip(self, reference: str) -> Slip:
        """A slip by its deposit id (`DEP-…`, any case) or its number at this till."""
        wanted = reference.strip()
        for slip in self.slips():
            if slip.deposit_id.casefold() == wanted.casefold() or wanted == str(slip.number):
                return slip
        raise TillError(
            "unknown_slip",
            Text(
                "Aucun bordereau {ref} dans cette caisse (voir « atouts-pos claims »).", ref=wanted
            ),
            REFUSAL,
        )

    # --- making and sending -----------------------------------------------------------------

    def deposit(
        self,
        txn_ids: list[str] | None = None,
        handed_in: date | None = None,
        operator: str = "",
    ) -> Slip:
        """Make a slip of these sales (default: every claimable one), handed in on
        `handed_in` (default: today in the scheme's zone; never in the future), and keep it.
        It goes to the Region at the next sync (`send` tries at once)."""
        now = self.till.now()
        today = self.today()
        with self.till.operation():
            device_id = self._enrolled()
            store = self.till.store.claims
            sales = store.voucher_sales(per_claim(self.till.schemes))
            candidates = claimable(sales, store.claimed_ids(), self.till.schemes)
            try:
                chosen = choose(
                    candidates, txn_ids or None, handed_in or today, today, self.till.schemes
                )
                number = store.make(
                    device_id, deposit_id, handed_in or today, chosen, now, operator
                )
            except ClaimRefusal as exc:
                code = INPUT_ERROR if exc.code == "deposit_in_future" else REFUSAL
                raise TillError(exc.code, exc.message, code) from exc
            except StoreError as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            slip = next(s for s in store.slips() if s.number == number)
        log.info("deposit slip %s made: %d voucher(s)", slip.deposit_id, len(slip.lines))
        return slip

    def send(self, slip: Slip) -> tuple[Slip, Sending]:
        """Try a sync round now, which sends the waiting slips after the sales they list; the
        slip waits for the next round if the Region cannot be reached."""
        try:
            report = self.till.sync()
        except TillError as exc:
            message = Text(
                "Bordereau gardé dans la caisse : il partira à la prochaine synchronisation "
                "({why})",
                why=exc.message,
            )
            return self.slip(slip.deposit_id), Sending(False, message)
        fresh = self.slip(slip.deposit_id)
        if fresh.state is SlipState.REFUSED:
            return fresh, Sending(True, fresh.error)
        if fresh.state is SlipState.WAITING:
            problem = next((e for e in report.claim_errors if slip.deposit_id in e), "")
            return fresh, Sending(
                False,
                problem
                or Text(
                    "Bordereau gardé dans la caisse : il partira à la prochaine synchronisation."
                ),
            )
        return fresh, Sending(True, Text("Accusé de réception de la Région reçu."))

    def write_pdf(self, slip: Slip, path: Path | str) -> Path:
        """The slip as the PDF handed in with the vouchers (with the Region's acknowledgement
        once received); written aside then renamed: a failure leaves no half file."""
        from pos_app.back_office.claim_slip_pdf import slip_story
        from pos_app.back_office.pdf_layout import write_pdf

        partner = self.partner()
        story = slip_story(slip, partner, self.device_id(), self.till.schemes)
        return write_pdf(Path(path), story, f"Bordereau de dépôt {slip.deposit_id}", partner.name)


def parse_handed_in(text: str) -> date:
    """`JJ/MM/AAAA` (or ISO `AAAA-MM-JJ`); anything else is an input error."""
    try:
        if "/" in text:
            day, month, year = text.strip().split("/")
            if len(year) != 4:
                raise ValueError(text)
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise TillError(
            "date_invalid",
            Text(
                "Date de dépôt illisible : « {typed} ». Écrivez-la JJ/MM/AAAA, ex. 15/09/2026.",
                typed=text,
            ),
            INPUT_ERROR,
        ) from exc
