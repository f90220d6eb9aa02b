"""NUMÉRISAK deposit slips (seed 003 §3.4): which voucher sales a retailer may still claim, the
slip it hands in with the vouchers, and the Region's acknowledgement of each voucher.

The retailer deposits its vouchers at the Region for reimbursement; the voucher's second part
is an acknowledgement the Region signs and the retailer keeps as proof of deposit. The till
writes the slip (bordereau de dépôt) listing the sales claimed, sends it (`POST /v1/claims`),
and keeps the Region's answer per voucher on the slip's lines.

Pure: the sales, the slips already made and `today` are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pos_app.domain.batches import rejection_text
from pos_app.domain.periods import local_day
from pos_app.domain.schemes import ReimbursementRhythm, Scheme
from pos_app.domain.text import Text, template

MAX_VOUCHERS = 1000
"""The most a slip may list (the Region's `POST /v1/claims` takes 1 to 1000 ids)."""

CLAIM_REASONS: Mapping[str, str] = {
    "unknown_transaction": template("vente inconnue de la Région pour ce partenaire"),
    "already_claimed": template("bon déjà déposé dans un autre bordereau"),
    "not_per_claim": template("dispositif remboursé par période, pas sur dépôt"),
    "not_a_sale": template("une annulation ne se dépose pas"),
    "after_deposit": template("vendu après la date de dépôt"),
    "claim_conflict": template("numéro de dépôt déjà utilisé à la Région pour un autre bordereau"),
}


def acknowledgement_text(reason: str) -> Text:
    """The Region's reason for refusing one voucher of a slip, in French words."""
    known = CLAIM_REASONS.get(reason)
    return Text(known) if known else rejection_text(reason)


class ClaimRefusal(Exception):
    """A slip the till will not make: French `message`, stable `code`."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class LineStatus(StrEnum):
    AWAITING = "pending"
    """Not acknowledged yet: the slip has not reached the Region."""
    ACCEPTED = "accepted"
    REFUSED = "refused"


class SlipState(StrEnum):
    WAITING = "waiting"
    """Made at the till, not yet answered by the Region (offline: it waits in the queue)."""
    ACKNOWLEDGED = "acknowledged"
    """The Region answered: each line carries its acknowledgement."""
    REFUSED = "refused"
    """The Region refused the slip as a whole (its number was used for another slip)."""


LINE_WORDS: Mapping[LineStatus, str] = {
    LineStatus.AWAITING: template("en attente de l'accusé de la Région"),
    LineStatus.ACCEPTED: template("accepté"),
    LineStatus.REFUSED: template("refusé"),
}
SLIP_WORDS: Mapping[SlipState, str] = {
    SlipState.WAITING: template("en attente d'envoi à la Région"),
    SlipState.ACKNOWLEDGED: template("accusé de réception reçu"),
    SlipState.REFUSED: template("refusé par la Région"),
}


@dataclass(frozen=True, slots=True)
class VoucherSale:
    """A NUMÉRISAK voucher sale of this till's ledger, as a slip lists it."""

    txn_id: str
    sold_at: datetime
    scheme_id: str
    voucher_serial: str
    equipment_serial: str
    amount_cents: int
    """What the voucher paid (what the Region reimburses)."""
    price_cents: int
    voided: bool = False
    region_state: str = "pending"
    """The upload's outcome: pending, accepted, duplicate or rejected."""
    region_reason: str = ""

    @property
    def label(self) -> str:
        """The anti-theft label stuck on the PC: the till refuses a sale whose label does not
        carry the voucher's serial (`rules._check_equipment`), so it is that serial."""
        return self.voucher_serial


@dataclass(frozen=True, slots=True)
class SlipLine:
    sale: VoucherSale
    status: LineStatus = LineStatus.AWAITING
    reason: str = ""
    """The Region's code when refused (`annulee`, `already_claimed`...)."""

    @property
    def reason_text(self) -> str:
        return acknowledgement_text(self.reason) if self.reason else ""

    @property
    def status_text(self) -> Text:
        if self.status is LineStatus.REFUSED:
            return Text("refusé : {why}", why=self.reason_text)
        return Text(LINE_WORDS[self.status])


@dataclass(frozen=True, slots=True)
class Slip:
    number: int
    deposit_id: str
    handed_in: date
    made_at: datetime
    lines: tuple[SlipLine, ...]
    operator: str = ""
    state: SlipState = SlipState.WAITING
    answered_at: datetime | None = None
    batch_ids: tuple[str, ...] = ()
    error: str = ""
    """French: why the last sending failed or why the Region refused the slip."""

    @property
    def state_text(self) -> Text:
        return Text(SLIP_WORDS[self.state])

    @property
    def totals(self) -> SlipTotals:
        return slip_totals(self.lines)


@dataclass(frozen=True, slots=True)
class SlipTotals:
    vouchers: int
    total_cents: int
    accepted: int
    accepted_cents: int
    refused: int
    refused_cents: int
    awaiting: int


def slip_totals(lines: Iterable[SlipLine]) -> SlipTotals:
    """What a slip claims, and what the Region accepted and refused of it."""
    counts = {status: [0, 0] for status in LineStatus}
    for line in lines:
        counts[line.status][0] += 1
        counts[line.status][1] += line.sale.amount_cents
    return SlipTotals(
        vouchers=sum(n for n, _ in counts.values()),
        total_cents=sum(c for _, c in counts.values()),
        accepted=counts[LineStatus.ACCEPTED][0],
        accepted_cents=counts[LineStatus.ACCEPTED][1],
        refused=counts[LineStatus.REFUSED][0],
        refused_cents=counts[LineStatus.REFUSED][1],
        awaiting=counts[LineStatus.AWAITING][0],
    )


def per_claim(schemes: Mapping[str, Scheme]) -> set[str]:
    """The schemes whose vouchers are reimbursed on deposit (NUMÉRISAK)."""
    return {s.id for s in schemes.values() if s.reimbursement is ReimbursementRhythm.PER_CLAIM}


def claimable(
    sales: Iterable[VoucherSale], on_slips: set[str], schemes: Mapping[str, Scheme]
) -> list[VoucherSale]:
    """The voucher sales a new slip may list, oldest first: a debit with a voucher of a
    per-claim scheme, not voided, on no slip yet (a voucher is deposited once)."""
    wanted = per_claim(schemes)
    return sorted(
        (
            sale
            for sale in sales
            if sale.scheme_id in wanted
            and sale.voucher_serial
            and not sale.voided
            and sale.txn_id not in on_slips
        ),
        key=lambda sale: sale.sold_at,  # stable: ledger order within the same instant
    )


def choose(
    candidates: Sequence[VoucherSale],
    wanted: Sequence[str] | None,
    handed_in: date,
    today: date,
    schemes: Mapping[str, Scheme],
) -> list[VoucherSale]:
    """The sales a slip handed in on `handed_in` lists: `wanted` ids (full or their first 8
    characters) or, when None, every claimable one; a sale's day is its scheme's. Refuses a
    date in the future, a sale that is not claimable, one sold after the deposit, an empty or
    oversized slip."""
    if handed_in > today:
        raise ClaimRefusal(
            "deposit_in_future",
            Text(
                "Date de dépôt dans le futur ({day}) : indiquez le jour où les bons sont remis "
                "à la Région (aujourd'hui au plus tard, {today}).",
                day=handed_in,
                today=today,
            ),
        )
    if wanted is None:
        chosen = list(candidates)
    else:
        chosen = []
        for reference in dict.fromkeys(r.strip() for r in wanted):
            matches = [
                s for s in candidates if s.txn_id == reference or _short_match(s.txn_id, reference)
            ]
            if len(matches) != 1:
                raise ClaimRefusal(
                    "not_claimable" if not matches else "ambiguous_reference",
                    Text(
                        "La vente {ref} n'est pas un bon NUMÉRISAK à déposer (inconnue, annulée "
                        "ou déjà sur un bordereau) : voir « atouts-pos claims ».",
                        ref=reference,
                    )
                    if not matches
                    else Text("Référence {ref} ambiguë : donnez-la en entier.", ref=reference),
                )
            if matches[0] not in chosen:
                chosen.append(matches[0])
    if not chosen:
        raise ClaimRefusal(
            "nothing_to_claim",
            Text(
                "Aucun bon NUMÉRISAK à déposer : tous les bons vendus sont déjà sur un bordereau."
            ),
        )
    late = [s for s in chosen if local_day(schemes[s.scheme_id], s.sold_at) > handed_in]
    if late:
        raise ClaimRefusal(
            "sold_after_deposit",
            Text(
                "Le bon {serial} a été vendu le {sold}, après la date de dépôt ({day}) : "
                "choisissez une date de dépôt plus récente ou retirez ce bon.",
                serial=late[0].voucher_serial,
                sold=local_day(schemes[late[0].scheme_id], late[0].sold_at),
                day=handed_in,
            ),
        )
    if len(chosen) > MAX_VOUCHERS:
        raise ClaimRefusal(
            "too_many_vouchers",
            Text(
                "Un bordereau liste au plus {most} bons ({count} choisis) : faites-en plusieurs.",
                most=MAX_VOUCHERS,
                count=len(chosen),
            ),
        )
    return chosen


def _short_match(txn_id: str, reference: str) -> bool:
    return len(reference) >= 8 and txn_id.lower().startswith(reference.lower())


def deposit_id(device_id: str, number: int) -> str:
    """The slip's number at the Region: unique per till (its device id), gapless per till."""
    return f"DEP-{device_id}-{number:04d}"


def read_acknowledgements(
    answer: Mapping[str, object], slip: Slip
) -> tuple[tuple[str, ...], dict[str, tuple[LineStatus, str]]]:
    """The Region's answer to `slip`, checked: it must name the slip and acknowledge each of its
    sales, in order. Returns the batch ids and each sale's (status, reason); raises ValueError
    for an answer that does not fit."""
    if answer.get("deposit_id") != slip.deposit_id:
        raise ValueError(f"answer for {answer.get('deposit_id')!r}, not {slip.deposit_id!r}")
    if answer.get("handed_in") != slip.handed_in.isoformat():
        raise ValueError(f"answer dated {answer.get('handed_in')!r}")
    acks = answer.get("acknowledgements")
    ids = [line.sale.txn_id for line in slip.lines]
    if (
        not isinstance(acks, list)
        or [a.get("txn_id") if isinstance(a, dict) else None for a in acks] != ids
    ):
        raise ValueError("acknowledgements do not match the slip's sales")
    found: dict[str, tuple[LineStatus, str]] = {}
    for ack in acks:
        status = ack.get("status")
        if status not in ("accepted", "refused"):
            raise ValueError(f"acknowledgement status {status!r}")
        reason = str(ack.get("reason") or "")
        found[ack["txn_id"]] = (LineStatus(status), "" if status == "accepted" else reason)
    batch_ids = answer.get("batch_ids")
    if not isinstance(batch_ids, list) or not all(isinstance(b, str) for b in batch_ids):
        raise ValueError("batch_ids is not a list of ids")
    return tuple(batch_ids), found
