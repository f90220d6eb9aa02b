"""The local API's request and answer models (pydantic, strict: a string where a number is
expected is refused, not converted; every string and number bounded; unknown fields refused).

The answers are the command line's `--json` objects (docs/cli.md); the models here describe
them for the OpenAPI document (`pos_app/local_api/openapi.json`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_PRICE_CENTS = 1_000_000
"""10 000,00 €: above any public price the schemes pay for (a NUMÉRISAK PC is 350 €)."""

Code = Annotated[
    str,
    Field(
        min_length=1,
        max_length=8192,
        description="What the scanner read (the QR code's content) or the support's short "
        "code typed by the cashier",
    ),
]
Name = Annotated[str, Field(max_length=80)]
Short = Annotated[str, Field(min_length=1, max_length=64)]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class CheckIn(_In):
    code: Code


class ChargeIn(_In):
    """A debit, with the cashier's facts (the same as the window's and `atouts-pos charge`)."""

    code: Code
    category: Short = Field(
        description="The benefit to debit: `cinema`, `livres`… or `scheme:category` when "
        "two schemes have it (the `scheme` and `category` of a wallet of `check`)"
    )
    price_cents: Annotated[int, Field(gt=0, le=MAX_PRICE_CENTS)] = Field(
        description="The real public price, in cents; the benefit pays what it can, the young "
        "person the rest (`complement_cents`)"
    )
    item_kind: Short | None = Field(
        None, description="What is sold (`place_cinema`…), one of the wallet's `item_kinds`"
    )
    operator: Name = Field("", description="Who is at the till (the cashier's name)")
    id_checked: bool = Field(
        False,
        description="The cashier compared the ID document with the name on the code: required "
        "for a paper support or a card (`id_check_required` otherwise)",
    )
    guardian_checked: bool = Field(
        False,
        description="The legal representative's authorisation (RolloN) or presence "
        "(NUMÉRISAK) was checked: required for a minor (`guardian_consent_missing`)",
    )
    label_number: Short | None = Field(
        None, description="The anti-theft label's number stuck on the PC (NUMÉRISAK voucher)"
    )
    equipment_serial: Short | None = Field(
        None, description="The serial number of the equipment sold (the PC's)"
    )


class VoidIn(_In):
    reason: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="Why the sale is cancelled (a handling mistake)"
    )
    operator: Name = ""


class CloseIn(_In):
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = Field(
        None, description="The day to close (AAAA-MM-JJ); by default today"
    )


class ErrorOut(BaseModel):
    """Every refusal: a stable code to compare, a French message safe to show the cashier."""

    ok: bool = False
    error: str
    message: str
    detail: str | None = Field(None, description="For `invalid_request`: where and what")


class TransactionOut(BaseModel):
    id: str
    kind: Literal["debit", "void"]
    created_at: str
    partner_id: str
    beneficiary: str
    scheme_id: str
    category_id: str
    item_kind: str
    amount_cents: int
    price_cents: int
    complement_cents: int
    forfeited_cents: int
    voucher_serial: str
    equipment_serial: str
    coupon_id: str
    guardian_checked: bool
    serial: str
    holder_name: str
    operator: str
    voids: str | None
    reason: str


class HolderOut(BaseModel):
    name: str
    birth_date: str | None
    support: str
    serial: str


class WalletOut(BaseModel):
    scheme: str
    category: str
    label: str
    balance_cents: int
    single_use: bool
    item_kinds: list[str]


class VerdictOut(BaseModel):
    """`accepted` false is a refused code (still 200: the verdict is the answer)."""

    ok: bool
    accepted: bool
    reason: str | None
    message: str
    holder: HolderOut | None
    confirm_identity: bool
    wallets: list[WalletOut]


class ChargeOut(BaseModel):
    ok: bool
    transaction: TransactionOut
    reference: str
    benefit: str
    balance_left_cents: int | None
    receipt: list[str]


class VoidOut(BaseModel):
    ok: bool
    transaction: TransactionOut
    voids: str | None


class ReceiptOut(BaseModel):
    ok: bool
    transaction: str
    reference: str
    receipt: list[str]


class HistoryItemOut(TransactionOut):
    reference: str
    benefit: str
    signed_amount_cents: int
    sync_state: Literal["pending", "accepted", "duplicate", "rejected"]
    sync_state_label: str
    server_reason: str
    server_reason_text: str
    voided_by: str | None


class TotalsOut(BaseModel):
    sales: int
    voids: int
    benefit_cents: int
    price_cents: int
    complement_cents: int
    rejected: int


class HistoryOut(BaseModel):
    ok: bool
    transactions: list[HistoryItemOut]
    totals: TotalsOut


class StatusOut(BaseModel):
    ok: bool
    enrolled: bool
    partner: str | None
    server_url: str
    device_id: str
    pending: int
    last_sync: str | None
    snapshot_version: int | None
    wallets_known: int
    token_location: str
    warnings: list[str]
    error: str | None = None
    message: str | None = None


class CloseOut(BaseModel):
    ok: bool
    closes: list[dict[str, Any]] = Field(
        description="The closes made (missed days first, then the month and year completed): "
        "`kind`, `number`, `period`, `totals`, `grand_total`, `hash`… as `atouts-pos close`"
    )


class HealthOut(BaseModel):
    status: Literal["ok"]
