"""The validator of scheme files (pydantic): a broken file names its field and says why.

`pos_app.scheme_files` runs it on a file whose exact bytes it has not validated before, then
turns the validated, normalised form (`normalised`) into the domain's read-only view
(`pos_app.domain.schemes`). Importing this module costs ~0.15 s (pydantic, and building these
models): the window's cold start does not pay it when the files are the ones already validated.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pos_app.domain.schemes import CategoryForm, ReimbursementRhythm

CATEGORY_ID = r"^[a-z][a-z0-9_]*$"


class Frozen(BaseModel):
    """Scheme data never changes once loaded; unknown keys are typos, so they are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemKind(Frozen):
    """A kind of article a partner may sell (schoolbook, cinema ticket, confectionery...)."""

    id: Annotated[str, Field(pattern=CATEGORY_ID)]
    label: str


class Allowance(Frozen):
    """One amount a category grants, for one beneficiary profile (e.g. general vs vocational)."""

    profile: Annotated[str, Field(pattern=CATEGORY_ID)]
    label: str
    amount_cents: Annotated[int, Field(gt=0, le=1_000_000)]
    count: Annotated[int, Field(ge=1, le=20)] = 1


class Category(Frozen):
    id: Annotated[str, Field(pattern=CATEGORY_ID)]
    label: str
    form: CategoryForm
    allowances: Annotated[tuple[Allowance, ...], Field(min_length=1)]
    accepted_by: Annotated[tuple[str, ...], Field(min_length=1)]
    """Partner accreditations under which a partner may debit this category."""
    item_kinds: Annotated[tuple[str, ...], Field(min_length=1)]
    """Item kinds this category pays for; the first is the default at the till."""
    excluded_item_kinds: tuple[str, ...] = ()
    """Item kinds the regulation excludes: the till refuses them with their own reason."""
    single_payment: bool = False
    """The whole balance must be spent in one go (e.g. RolloN: one transfer)."""
    min_age: Annotated[int | None, Field(ge=0, le=120)] = None
    guardian_consent_below_age: Annotated[int | None, Field(ge=0, le=120)] = None
    once_per_school_career: bool = False
    valid_until: date | None = None
    """Last day of use when it differs from the season's end (e.g. a voucher valid longer)."""
    label_must_match_voucher: bool = False
    """NUMÉRISAK: the anti-theft label stuck on the PC carries the voucher's serial."""
    records_equipment_serial: bool = False
    """NUMÉRISAK: the sold PC's serial is recorded (the Region inventories the equipment)."""
    notes: str = ""

    @model_validator(mode="after")
    def _items_are_disjoint(self) -> Category:
        overlap = set(self.item_kinds) & set(self.excluded_item_kinds)
        if overlap:
            raise ValueError(f"item kinds both accepted and excluded: {sorted(overlap)}")
        return self


class Season(Frozen):
    start: date
    end: date
    request_deadline: date

    @model_validator(mode="after")
    def _ordered(self) -> Season:
        if not self.start <= self.request_deadline <= self.end:
            raise ValueError("expected start <= request_deadline <= end")
        return self


class CouponRule(Frozen):
    """Prepaid coupons (seeds 000/001 §4.3.1): which partner kinds take them, for which categories.

    Seed 000 gives two rules: school partners for books and work equipment, parents'
    associations for books only.
    """

    partner_kinds: Annotated[tuple[str, ...], Field(min_length=1)]
    categories: Annotated[tuple[str, ...], Field(min_length=1)]


class Scheme(Frozen):
    format: int = Field(1, ge=1, le=1)
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    name: str
    region: str
    region_code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    """The Region's code, as on its partners and beneficiaries (`NOR`, `REU`)."""
    time_zone: str
    season: Season
    reimbursement: ReimbursementRhythm
    payment_delay_days: Annotated[int, Field(ge=0, le=120)] | None = None
    dispute_delay_days: Annotated[int, Field(ge=1, le=365)] | None = None
    dispute_address: Annotated[str, Field(max_length=300)] = ""
    membership_fee_cents: Annotated[int, Field(ge=0)] = 0
    eligible_ages: tuple[int, int] | None = None
    young_lyceens_admitted: bool = False
    """Lycéens below `eligible_ages`' minimum who are eligible to the Livres/EP scheme are
    admitted (seed 001 §3.1, the Region's waiver at issuance)."""
    item_kinds: Annotated[tuple[ItemKind, ...], Field(min_length=1)]
    categories: Annotated[tuple[Category, ...], Field(min_length=1)]
    coupons: tuple[CouponRule, ...] = ()
    source: str = ""

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _ages_ordered(self) -> Scheme:
        if (
            self.eligible_ages is not None
            and not 0 <= self.eligible_ages[0] <= self.eligible_ages[1]
        ):
            raise ValueError("eligible_ages: expected 0 <= min <= max")
        if self.young_lyceens_admitted and self.eligible_ages is None:
            raise ValueError("young_lyceens_admitted: a waiver of eligible_ages, which are null")
        return self

    @model_validator(mode="after")
    def _references_resolve(self) -> Scheme:
        item_ids = [item.id for item in self.item_kinds]
        if len(set(item_ids)) != len(item_ids):
            raise ValueError("duplicate item kind id")
        category_ids = [category.id for category in self.categories]
        if len(set(category_ids)) != len(category_ids):
            raise ValueError("duplicate category id")
        for category in self.categories:
            unknown = set(category.item_kinds + category.excluded_item_kinds) - set(item_ids)
            if unknown:
                raise ValueError(
                    f"categories.{category.id}.item_kinds: unknown item kinds {sorted(unknown)}"
                )
        for index, rule in enumerate(self.coupons):
            unknown_coupon = set(rule.categories) - set(category_ids)
            if unknown_coupon:
                raise ValueError(
                    f"coupons.{index}.categories: unknown categories {sorted(unknown_coupon)}"
                )
        return self


def normalised(raw: dict[str, Any]) -> dict[str, Any]:
    """The scheme `raw` validated (`pydantic.ValidationError` if not), as plain JSON data with
    every default filled in: the form `pos_app.domain.schemes.scheme_from_data` reads."""
    return Scheme.model_validate(raw).model_dump(mode="json")
