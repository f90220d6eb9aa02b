"""A till with a ledger written directly (no Region needed) and a clock the test moves."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pos_app.domain.model import BeneficiaryKey, Partner, PartnerId, Transaction, TxnId, TxnKind
from pos_app.domain.money import Cents
from pos_app.services import Till
from pos_app.store.till_store import Device

PARIS = ZoneInfo("Europe/Paris")
CINEMA = Partner(
    PartnerId("P-CINE-LUX"),
    "Cinéma Lux (Caen)",
    "cinema",
    frozenset({"cinema", "spectacle"}),
    siret="41234567800012",
    address="6 avenue Sainte-Thérèse, 14000 Caen",
)
SCHEME = "atouts-culture-sport-2025-26"


class MovingClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def enrolled_till(data_dir: Path, clock: MovingClock, partner: Partner = CINEMA) -> Till:
    till = Till(data_dir, clock=clock)
    till.store.save_device(Device("http://127.0.0.1:9", "D1", partner, {}, "2026-01-01"))
    return till


def record_sale(
    till: Till,
    when: datetime,
    cents: int = 1000,
    *,
    category: str = "cinema",
    item: str = "place_cinema",
    operator: str = "Camille",
    scheme: str = SCHEME,
) -> Transaction:
    sale = Transaction(
        id=TxnId(uuid.uuid4().hex),
        kind=TxnKind.DEBIT,
        created_at=when,
        partner_id=PartnerId("P-CINE-LUX"),
        beneficiary=BeneficiaryKey("b-1"),
        scheme_id=scheme,
        category_id=category,
        item_kind=item,
        amount_cents=Cents(cents),
        price_cents=Cents(cents + 200),
        complement_cents=Cents(200),
        operator=operator,
    )
    till.store.record(sale)
    return sale


def record_void(till: Till, sale: Transaction, when: datetime) -> Transaction:
    undo = Transaction(
        id=TxnId(uuid.uuid4().hex),
        kind=TxnKind.VOID,
        created_at=when,
        partner_id=sale.partner_id,
        beneficiary=sale.beneficiary,
        scheme_id=sale.scheme_id,
        category_id=sale.category_id,
        item_kind=sale.item_kind,
        amount_cents=sale.amount_cents,
        price_cents=sale.price_cents,
        complement_cents=sale.complement_cents,
        operator=sale.operator,
        voids=sale.id,
        reason="erreur de saisie",
    )
    till.store.record(undo)
    return undo


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)
