"""Schemes and seasons as data.

A scheme file describes one benefit scheme for one season (seed 000, 001, 002, 003). Every
amount, date, category and acceptance rule the till enforces comes from such a file, so that a
new season or a new region is a new file, never a code change. The classes below are the
domain's read-only view of a scheme; `pos_app.domain.scheme_models` is the validator of the
files (a broken file names its field), and `scheme_from_data` builds the view from its
validated, normalised output. The view needs no pydantic: the window's cold start builds it from
files validated before (`pos_app.scheme_files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class CategoryForm(StrEnum):
    """How the money of a category reaches the beneficiary."""

    WALLET = "wallet"  # divisible balance, spent in one or several times
    VOUCHER = "voucher"  # fixed face value, single use, never split nor given change


class ReimbursementRhythm(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    PER_CLAIM = "per_claim"  # the partner files each voucher for payment (NUMÉRISAK, seed 003)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemKind:
    """A kind of article a partner may sell (schoolbook, cinema ticket, confectionery...)."""

    id: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Allowance:
    """One amount a category grants, for one beneficiary profile (e.g. general vs vocational)."""

    profile: str
    label: str
    amount_cents: int
    count: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    id: str
    label: str
    form: CategoryForm
    allowances: tuple[Allowance, ...]
    accepted_by: tuple[str, ...]
    """Partner accreditations under which a partner may debit this category."""
    item_kinds: tuple[str, ...]
    """Item kinds this category pays for; the first is the default at the till."""
    excluded_item_kinds: tuple[str, ...] = ()
    """Item kinds the regulation excludes: the till refuses them with their own reason."""
    single_payment: bool = False
    """The whole balance must be spent in one go (e.g. RolloN: one transfer)."""
    min_age: int | None = None
    guardian_consent_below_age: int | None = None
    once_per_school_career: bool = False
    """Granted once in a school career, across seasons (EP, NUMÉRISAK): the Region refuses a
    second grant at issuance (`pos_app.domain.issuance.career_key`)."""
    valid_until: date | None = None
    """Last day of use when it differs from the season's end (e.g. a voucher valid longer)."""
    label_must_match_voucher: bool = False
    """NUMÉRISAK: the anti-theft label stuck on the PC carries the voucher's serial."""
    records_equipment_serial: bool = False
    """NUMÉRISAK: the sold PC's serial is recorded (the Region inventories the equipment)."""
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Season:
    start: date
    end: date
    request_deadline: date
    """Last day (included) the Region takes a request or a membership; it takes none before
    `start` either (`pos_app.domain.issuance`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CouponRule:
    """Prepaid coupons (seeds 000/001 §4.3.1): which partner kinds take them, for which categories.

    Seed 000 gives two rules: school partners for books and work equipment, parents'
    associations for books only.
    """

    partner_kinds: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme:
    format: int = 1
    id: str
    name: str
    region: str
    region_code: str
    """The Region's code, as on its partners and beneficiaries (`NOR`, `REU`): a partner of
    another region cannot debit this scheme."""
    time_zone: str
    season: Season
    reimbursement: ReimbursementRhythm
    payment_delay_days: int | None = None
    """Days from the payment order (the day after a period ends) to the transfer at the latest
    (seeds 000 and 001 §4.3.2: "dans les 15 jours"); None where the regulation sets none."""
    dispute_delay_days: int | None = None
    """Days after receiving a payment within which a dispute about its amount is admissible,
    by registered letter (seeds 000 and 001 §4.3.2); None where the regulation sets none."""
    dispute_address: str = ""
    """Where the Region receives disputes by registered letter ("" where the regulation names
    no address: the letter leaves it to the partner)."""
    membership_fee_cents: int = 0
    """The membership fee, paid to the Region (never at the till); above 0 the scheme's
    categories are granted to members only, once the fee is collected."""
    eligible_ages: tuple[int, int] | None = None
    """Age range of the public, both ends included, on the request's day; the Region checks it
    when it grants (`pos_app.domain.issuance`)."""
    young_lyceens_admitted: bool = False
    """Lycéens below the minimum age who are eligible to the Livres/EP scheme are admitted
    (seed 001 §3.1); checked by the Region when it grants."""
    item_kinds: tuple[ItemKind, ...]
    categories: tuple[Category, ...]
    coupons: tuple[CouponRule, ...] = ()
    source: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def accepts_coupon(self, partner_kind: str, category_id: str) -> bool:
        return any(
            partner_kind in rule.partner_kinds and category_id in rule.categories
            for rule in self.coupons
        )

    def item_label(self, item_id: str) -> str:
        return next((i.label for i in self.item_kinds if i.id == item_id), item_id)

    def last_day(self, category: Category) -> date:
        return category.valid_until or self.season.end


def _day(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date, got {type(value).__name__}")
    return date.fromisoformat(value)


def _strings(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise TypeError("expected a list of strings")
    return tuple(values)


def _pair(values: Any) -> tuple[int, int]:
    low, high = values
    return low, high


def _exact(data: Mapping[str, Any], keys: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping) or data.keys() != keys:
        raise ValueError(f"expected exactly the keys {sorted(keys)}")
    return data


def _keys(view: type) -> frozenset[str]:
    """The keys of a view's normalised form: its fields, which are the validator's
    (`tests/test_scheme_data.py` checks that the two lists match)."""
    return frozenset(field.name for field in fields(view))


_ITEM_KIND = _keys(ItemKind)
_ALLOWANCE = _keys(Allowance)
_CATEGORY = _keys(Category)
_SEASON = _keys(Season)
_COUPON = _keys(CouponRule)
_SCHEME = _keys(Scheme)


def _category(data: Mapping[str, Any]) -> Category:
    data = _exact(data, _CATEGORY)
    return Category(
        id=data["id"],
        label=data["label"],
        form=CategoryForm(data["form"]),
        allowances=tuple(
            Allowance(**_exact(allowance, _ALLOWANCE)) for allowance in data["allowances"]
        ),
        accepted_by=_strings(data["accepted_by"]),
        item_kinds=_strings(data["item_kinds"]),
        excluded_item_kinds=_strings(data["excluded_item_kinds"]),
        single_payment=data["single_payment"],
        min_age=data["min_age"],
        guardian_consent_below_age=data["guardian_consent_below_age"],
        once_per_school_career=data["once_per_school_career"],
        valid_until=None if data["valid_until"] is None else _day(data["valid_until"]),
        label_must_match_voucher=data["label_must_match_voucher"],
        records_equipment_serial=data["records_equipment_serial"],
        notes=data["notes"],
    )


def scheme_from_data(data: Mapping[str, Any]) -> Scheme:
    """The view of a scheme from its validated, normalised form (every key present, dates as
    ISO strings: what `scheme_models.normalised` returns). Not a validator: it checks the shape
    only (KeyError, TypeError or ValueError if it is not that form)."""
    data = _exact(data, _SCHEME)
    season = _exact(data["season"], _SEASON)
    ages = data["eligible_ages"]
    return Scheme(
        format=data["format"],
        id=data["id"],
        name=data["name"],
        region=data["region"],
        region_code=data["region_code"],
        time_zone=data["time_zone"],
        season=Season(
            start=_day(season["start"]),
            end=_day(season["end"]),
            request_deadline=_day(season["request_deadline"]),
        ),
        reimbursement=ReimbursementRhythm(data["reimbursement"]),
        payment_delay_days=data["payment_delay_days"],
        dispute_delay_days=data["dispute_delay_days"],
        dispute_address=data["dispute_address"],
        membership_fee_cents=data["membership_fee_cents"],
        eligible_ages=None if ages is None else _pair(ages),
        young_lyceens_admitted=data["young_lyceens_admitted"],
        item_kinds=tuple(ItemKind(**_exact(item, _ITEM_KIND)) for item in data["item_kinds"]),
        categories=tuple(_category(category) for category in data["categories"]),
        coupons=tuple(
            CouponRule(
                partner_kinds=_strings(_exact(rule, _COUPON)["partner_kinds"]),
                categories=_strings(rule["categories"]),
            )
            for rule in data["coupons"]
        ),
        source=data["source"],
    )
