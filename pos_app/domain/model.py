"""Value objects the rules work on: who shows what, to whom, with which money.

Identifiers get their own types so that a beneficiary key is never passed where a transaction id
is expected. Everything is immutable: a decision is a function of these values and `now`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, NewType

from pos_app.domain.money import Cents
from pos_app.domain.text import Text

BeneficiaryKey = NewType("BeneficiaryKey", str)
"""Pseudonymous key of a beneficiary (a keyed hash made by the Region): never a name."""
TxnId = NewType("TxnId", str)
PartnerId = NewType("PartnerId", str)


class SupportKind(StrEnum):
    APP = "app"
    PAPER = "paper"
    CARD = "card"
    TYPED = "typed"
    """The short code printed on a support, typed by the cashier: no name, no birth date."""
    VOUCHER = "voucher"
    """A paper voucher of fixed value (NUMÉRISAK, 2017 sport and first-aid vouchers)."""
    COUPON = "coupon"
    """A prepaid coupon the beneficiary reserved online for one partner (seeds 000/001 §4.3.1)."""


@dataclass(frozen=True, slots=True)
class CouponTerms:
    """A part of a wallet the beneficiary reserved for one partner: the Region already set the
    amount aside, so the coupon pays from the reservation, not from the wallet's balance."""

    coupon_id: str
    partner_id: str
    scheme_id: str
    category_id: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class VoucherTerms:
    """What a signed voucher adds to a credential: the one wallet it draws on, its value, its
    own last day, and the legal representative who collects for a minor (seed 003 art. 2)."""

    scheme_id: str
    category_id: str
    face_cents: int
    valid_until: date
    guardian_name: str | None = None


def voucher_code_expiry(valid_until: date) -> datetime:
    """When a voucher whose last day is `valid_until` stops being a valid code: a coarse bound
    (a day late in any time zone); the last day itself is checked in the scheme's time zone."""
    return datetime.combine(valid_until, time.max, UTC) + timedelta(days=1)


class TxnKind(StrEnum):
    DEBIT = "debit"
    VOID = "void"


@dataclass(frozen=True, slots=True)
class Credential:
    """What a verified code proves: which beneficiary, on which support, until when.

    The identity (name, birth date) comes from the signed code itself so that the till's own
    cache needs none; the cashier compares it with the ID document.
    """

    beneficiary: BeneficiaryKey
    serial: str
    support: SupportKind
    holder_name: str
    birth_date: date | None
    issued_at: datetime
    expires_at: datetime
    key_id: str
    region: str = ""
    holder_key: bytes | None = None
    """The phone app's public key, certified by the Region (app credentials only)."""
    presented_at: datetime | None = None
    """When the phone app signed this presentation (dynamic codes only)."""
    voucher: VoucherTerms | None = None
    coupon: CouponTerms | None = None

    @property
    def proves_freshness(self) -> bool:
        return self.presented_at is not None

    @property
    def identity(self) -> str:
        """Who the cashier must see on the ID document, as the code states it."""
        if self.support is SupportKind.TYPED:
            return Text("le nom imprimé sur le support")
        if self.birth_date is None:
            return self.holder_name
        return Text(
            "{name}, né(e) le {birth_date}", name=self.holder_name, birth_date=self.birth_date
        )


@dataclass(frozen=True, slots=True)
class Partner:
    id: PartnerId
    name: str
    kind: str
    accreditations: frozenset[str]
    region: str = ""
    siret: str = ""
    """The partner's SIRET as the Region knows it: printed on receipts, statements and letters."""
    address: str = ""
    """Postal address, one line per comma-free part joined by ", " (receipts, dispute letters)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "accreditations": sorted(self.accreditations),
            "region": self.region,
            "siret": self.siret,
            "address": self.address,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Partner:
        """The one reading of a partner sent by the Region (enrollment, snapshot, stored)."""
        return cls(
            id=PartnerId(str(data["id"])),
            name=str(data["name"]),
            kind=str(data["kind"]),
            accreditations=frozenset(str(a) for a in data["accreditations"]),
            region=str(data.get("region", "")),
            siret=str(data.get("siret", "")),
            address=str(data.get("address", "")),
        )


@dataclass(frozen=True, slots=True)
class WalletState:
    """One wallet as the till knows it: the snapshot's balance minus this till's unsynced debits."""

    scheme_id: str
    category_id: str
    balance_cents: Cents
    granted_cents: Cents
    units: int = 1
    """How many single-use vouchers the grant was made of (2017 sport: two vouchers of 15 €)."""


@dataclass(frozen=True, slots=True)
class UsableWallet:
    scheme_id: str
    category_id: str
    label: str
    balance_cents: Cents
    single_payment: bool
    voucher: bool
    item_kinds: tuple[tuple[str, str], ...]
    """(id, label) of the item kinds this wallet pays for; the first is the default."""
    face_cents: int = 0
    """Value of one single-use voucher (or the whole one-go balance); 0 for a divisible wallet."""
    needs_label: bool = False
    """The anti-theft label's number must be typed (NUMÉRISAK)."""
    needs_equipment_serial: bool = False
    """The sold equipment's serial must be typed (NUMÉRISAK)."""
    needs_guardian: bool = False
    """This holder is under the category's `guardian_consent_below_age`: the cashier confirms
    the legal representative's authorisation (RolloN) or presence (NUMÉRISAK)."""
    notes: str = ""
    """The scheme's short note on the benefit (what it pays for), shown where it is chosen."""
    voucher_valid_until: date | None = None
    """A paper voucher's last day (written in it, or extended by the Region)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer shown to the cashier after a scan, before any money moves."""

    accepted: bool
    reason: str
    """Stable machine code (e.g. `accepted`, `code_expired`): for logs, the CLI and tests."""
    message: str
    """French, for the cashier: what happened and what to do next."""
    credential: Credential | None = None
    wallets: tuple[UsableWallet, ...] = ()
    confirm_identity: bool = False
    """A static support (paper, PVC card) proves nothing about who holds it: the cashier must
    confirm the ID check before any charge."""
    cautions: tuple[str, ...] = ()
    """French notes that do not refuse but must be read before charging: a support expiring
    in a few days, an offline limit nearly reached, Region data about to become too old."""
    holder_age: int | None = None
    """The holder's age today (in the scheme's time), for the ID check at a glance."""
    unusable: tuple[tuple[str, str, str, str], ...] = ()
    """The holder's other wallets the rules keep out here: (scheme id, category id, reason
    code, French sentence), so that asking for one of them says why, not just "no"."""

    @property
    def tone(self) -> str:
        """`accepted`, `attention` (accepted, but something to check first) or `refused`:
        what the counter shows in green, amber or red (always with text and a symbol too)."""
        if not self.accepted:
            return "refused"
        return "attention" if self.confirm_identity or self.cautions else "accepted"


@dataclass(frozen=True, slots=True)
class Transaction:
    """One entry of the append-only ledger: a debit, or the void of an earlier debit."""

    id: TxnId
    kind: TxnKind
    created_at: datetime
    partner_id: PartnerId
    beneficiary: BeneficiaryKey
    scheme_id: str
    category_id: str
    item_kind: str
    amount_cents: Cents
    """Taken from the wallet (a void carries the amount it gives back)."""
    price_cents: Cents
    complement_cents: Cents
    """What the beneficiary pays on top, by other means."""
    forfeited_cents: int = 0
    """Part of a single-use voucher left unused: no change is given, so it is lost."""
    voucher_serial: str = ""
    """The paper voucher used (sent to the Region: a voucher pays once, wherever it is shown)."""
    equipment_serial: str = ""
    """The serial of the equipment sold (NUMÉRISAK PC), which the Region inventories."""
    coupon_id: str = ""
    """The prepaid coupon this debit settles (paid from the Region's reservation)."""
    guardian_checked: bool = False
    """The cashier confirmed the legal representative's authorisation or presence (a minor's
    RolloN transfer or NUMÉRISAK voucher): the Region pays such a debit only with it."""
    serial: str = ""
    holder_name: str = ""
    operator: str = ""
    voids: TxnId | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    """The Region's offline risk policy, sent with the snapshot (a card terminal's floor limits)."""

    max_snapshot_age_hours: int = 72
    void_window_hours: int = 24
    clock_skew_minutes: int = 5
    manual_entry_max_cents: int = 3000
    """Most a typed code may pay in one charge: a short code can be guessed or copied."""
    dynamic_code_max_age_seconds: int = 90
    """A phone code older than this is a screenshot or a copy (the app redraws every 30 s);
    the clock skew allowance applies to codes from the future only."""
    max_offline_per_beneficiary_cents: int = 35_000
    """Most this till may take from one beneficiary before the Region has seen it."""
    max_offline_per_device_cents: int = 200_000
    """Most this till may take in all before the Region has seen it."""
    max_queued_transactions: int = 2_000
    season_end_warning_days: int = 14
    """Warn this long before a season ends while transactions still wait to be sent."""
    support_expiry_caution_days: int = 7
    """Tell the cashier when a card or paper support expires within this many days."""
    offline_caution_percent: int = 80
    """Tell the cashier when this share of an offline limit is already taken."""
    snapshot_caution_hours: int = 12
    """Tell the cashier when the Region data will be too old to charge within this many hours."""


@dataclass(frozen=True, slots=True)
class OfflineExposure:
    """What this till has taken that the Region has not acknowledged yet."""

    beneficiary_cents: int = 0
    device_cents: int = 0
    queued: int = 0
