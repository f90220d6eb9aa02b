"""The till and the reference Region give the same answer to the same transaction (issue 16).

Cases are generated (dates around the seasons' edges in Paris and Réunion time, items accepted,
excluded and foreign, ages around 15, 16, 18 and 25 and their birthdays, amounts around the
balance, single-payment and voucher categories, partners of the wrong region or accreditation,
a guardian's authorisation seen or not). For each, the till decides through its own path
(`assess` then `charge`, pure); the Region is sent the transaction an altered till would send
without any check, through `RegionState.upload` on a real SQLite file, and decides through its
own. Both answers must be the same code: "" (paid) or the same reason.

The generator is seeded and deterministic, so a failure names its case and replays.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from pos_app.domain.model import (
    BeneficiaryKey,
    Credential,
    Partner,
    PartnerId,
    SupportKind,
    TxnId,
    VoucherTerms,
    WalletState,
)
from pos_app.domain.money import Cents
from pos_app.domain.rulebook import WalletFacts, age_on, split, voucher_face
from pos_app.domain.rules import ChargeRequest, RuleRefusal, assess, charge
from pos_app.domain.schemes import Category, CategoryForm, Scheme
from pos_app.scheme_files import load_schemes
from sync.region_sim.state import RegionState

SCHEMES: dict[str, Scheme] = load_schemes()
CASES = 20_000
SEEDS = (16, 1616)
REGIONS = ("NOR", "REU")
ALL_ACCREDITATIONS = sorted(
    {a for s in SCHEMES.values() for c in s.categories for a in c.accepted_by}
)


@dataclass(frozen=True)
class Case:
    number: int
    scheme: Scheme
    category: Category
    accreditations: frozenset[str]
    partner_region: str
    birth_date: date
    moment: datetime
    item_kind: str
    balance_cents: int
    granted_cents: int
    units: int
    price_cents: int
    guardian_checked: bool
    equipment_serial: str

    @property
    def beneficiary_id(self) -> str:
        return f"PT{self.number:06d}"

    @property
    def serial(self) -> str:
        return f"SER-{self.number:06d}"

    @property
    def by_voucher(self) -> bool:
        """Vouchers whose label must carry their serial are only ever shown as vouchers."""
        return self.category.label_must_match_voucher


def _moment(rng: random.Random, scheme: Scheme, category: Category) -> datetime:
    """Near a season's first or last day, at times where UTC and local days differ."""
    edge = rng.choice([scheme.season.start, scheme.last_day(category), None])
    if edge is None:
        day = scheme.season.start + timedelta(days=rng.randrange(1, 300))
    else:
        day = edge + timedelta(days=rng.choice([-1, 0, 0, 1]))
    clock = rng.choice(
        [time(0, 0, 30), time(0, 30), time(3, 0), time(12, 0), time(21, 0), time(23, 30),
         time(23, 59, 30)]
    )  # fmt: skip
    local = datetime.combine(day, clock, tzinfo=scheme.zone)
    return local.astimezone(UTC)


def _birth_date(rng: random.Random, scheme: Scheme, moment: datetime) -> date:
    """Ages around the rules' edges, often on the eve or the day of a birthday; within the
    scheme's age window where it has one, since the Region issues nothing outside it
    (`tests/test_region_issuance.py`)."""
    day = moment.astimezone(scheme.zone).date()
    ages = [15, 15, 16, 16, 17, 18, 18, 19, 24, 25]
    age = rng.choice(ages if scheme.eligible_ages else [14, 26, *ages])
    shift = rng.choice([-1, 0, 1, 40])
    try:
        birthday = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        birthday = day.replace(year=day.year - age, day=28)
    born = birthday + timedelta(days=shift)
    if scheme.eligible_ages:
        low, high = scheme.eligible_ages
        window = scheme.season
        if age_on(born, window.request_deadline) < low or age_on(born, window.start) > high:
            return _birth_date(rng, scheme, moment)  # never a member: draw again
    return born


def _item(rng: random.Random, scheme: Scheme, category: Category) -> str:
    roll = rng.random()
    if roll < 0.7 or not (category.excluded_item_kinds or len(scheme.item_kinds) > 1):
        return rng.choice(category.item_kinds)
    if roll < 0.85 and category.excluded_item_kinds:
        return rng.choice(category.excluded_item_kinds)
    return rng.choice(scheme.item_kinds).id


def _balance(rng: random.Random, category: Category) -> tuple[int, int, int]:
    allowance = rng.choice(category.allowances)
    granted = allowance.amount_cents * allowance.count
    units = allowance.count
    roll = rng.random()
    if roll < 0.55:
        balance = granted
    elif roll < 0.65:
        balance = 0
    elif category.form is CategoryForm.VOUCHER:
        face = granted // units
        balance = rng.choice([face * rng.randrange(1, units + 1), rng.randrange(1, granted + 1)])
    else:
        balance = rng.randrange(1, granted + 1)
    return balance, granted, units


def _price(rng: random.Random, balance: int, granted: int) -> int:
    around = balance or granted
    return max(
        0,
        rng.choice(
            [around, around, around - 1, around + 1, around // 2, around * 2 + 7,
             rng.randrange(1, 2 * around + 2), 400, 1, 0]
        ),
    )  # fmt: skip


def generate(seed: int, count: int, first: int) -> list[Case]:
    rng = random.Random(seed)
    categories = [(s, c) for s in SCHEMES.values() for c in s.categories]
    cases = []
    for number in range(first, first + count):
        scheme, category = rng.choice(categories)
        moment = _moment(rng, scheme, category)
        roll = rng.random()
        if roll < 0.8:
            accreditations = frozenset(category.accepted_by)
        elif roll < 0.9:
            accreditations = frozenset(ALL_ACCREDITATIONS)
        else:
            accreditations = frozenset(
                {rng.choice([a for a in ALL_ACCREDITATIONS if a not in category.accepted_by])}
            )
        region = scheme.region_code if rng.random() < 0.92 else rng.choice(REGIONS)
        balance, granted, units = _balance(rng, category)
        cases.append(
            Case(
                number=number,
                scheme=scheme,
                category=category,
                accreditations=accreditations,
                partner_region=region,
                birth_date=_birth_date(rng, scheme, moment),
                moment=moment,
                item_kind=_item(rng, scheme, category),
                balance_cents=balance,
                granted_cents=granted,
                units=units,
                price_cents=_price(rng, balance, granted),
                guardian_checked=rng.random() < 0.6,
                equipment_serial="" if rng.random() < 0.1 else f"PC{number}",
            )
        )
    return cases


# --- the till's answer ----------------------------------------------------------------------


def partner_id(case: Case) -> str:
    return f"P-{case.partner_region}-" + "-".join(sorted(case.accreditations))


def till_answer(case: Case) -> str:
    """ "" if the till records the sale, else the code it refuses it with."""
    beneficiary = BeneficiaryKey("ab" * 16)
    voucher = (
        VoucherTerms(
            scheme_id=case.scheme.id,
            category_id=case.category.id,
            face_cents=case.granted_cents // case.units,
            valid_until=case.scheme.last_day(case.category),
        )
        if case.by_voucher
        else None
    )
    credential = Credential(
        beneficiary=beneficiary,
        serial=case.serial,
        support=SupportKind.VOUCHER if voucher else SupportKind.CARD,
        holder_name="Camille Martin",
        birth_date=case.birth_date,
        issued_at=case.moment - timedelta(days=400),
        expires_at=case.moment + timedelta(days=400),
        key_id="0011223344556677",
        region=case.scheme.region_code,
        voucher=voucher,
    )
    partner = Partner(
        id=PartnerId(partner_id(case)),
        name="Partenaire",
        kind="commerce",
        accreditations=case.accreditations,
        region=case.partner_region,
    )
    wallet = WalletState(
        case.scheme.id,
        case.category.id,
        Cents(case.balance_cents),
        Cents(case.granted_cents),
        case.units,
    )
    verdict = assess(credential, partner, [wallet], SCHEMES, case.moment)
    if not verdict.accepted:
        return verdict.reason
    request = ChargeRequest(
        case.scheme.id,
        case.category.id,
        Cents(case.price_cents),
        case.item_kind,
        id_checked=True,
        label_number=case.serial,
        equipment_serial=case.equipment_serial,
        guardian_checked=case.guardian_checked,
    )
    try:
        charge(
            verdict,
            request,
            txn_id=TxnId("t"),
            partner=partner,
            schemes=SCHEMES,
            now=case.moment,
        )
    except RuleRefusal as refusal:
        return refusal.code
    return ""


# --- the Region's answer ----------------------------------------------------------------------


def unchecked_transaction(case: Case, region: RegionState) -> dict[str, Any]:
    """What a till that checks nothing would send: the honest split of the price, no more."""
    category = case.category
    face = voucher_face(category, case.granted_cents, case.units)
    balance = min(face, case.balance_cents) if case.by_voucher else case.balance_cents
    amount, forfeited = split(category, WalletFacts(balance, face), max(case.price_cents, 1))
    if case.price_cents <= 0:
        amount, forfeited = 0, 0
    return {
        "id": str(uuid.uuid4()),
        "kind": "debit",
        "created_at": case.moment.isoformat(),
        "partner_id": partner_id(case),
        "beneficiary": region.pseudonym(case.beneficiary_id),
        "scheme_id": case.scheme.id,
        "category_id": category.id,
        "item_kind": case.item_kind,
        "amount_cents": amount,
        "price_cents": case.price_cents,
        "complement_cents": case.price_cents - amount,
        "forfeited_cents": forfeited,
        "voucher_serial": case.serial if case.by_voucher else "",
        "equipment_serial": case.equipment_serial,
        "guardian_checked": case.guardian_checked,
    }


def region_answers(tmp_path: Path, cases: list[Case]) -> dict[int, str]:
    region = RegionState(tmp_path / "region", SCHEMES)
    partners = {}
    for case in cases:
        partners[partner_id(case)] = {
            "id": partner_id(case),
            "name": "Partenaire",
            "kind": "commerce",
            "accreditations": sorted(case.accreditations),
            "enrollment_code": "CODE-" + partner_id(case),
            "region": case.partner_region,
        }
    region.load_seed(
        {
            "partners": list(partners.values()),
            "beneficiaries": [
                {
                    "id": case.beneficiary_id,
                    "name": "Camille Martin",
                    "birth_date": case.birth_date.isoformat(),
                    "serial": case.serial,
                    "support": "card",
                    "region": case.scheme.region_code,
                    "wallets": [
                        {
                            "scheme": case.scheme.id,
                            "category": case.category.id,
                            "profile": next(
                                a.profile
                                for a in case.category.allowances
                                if a.amount_cents * a.count == case.granted_cents
                            ),
                            "balance_cents": case.balance_cents,
                        }
                    ],
                }
                for case in cases
            ],
        }
    )
    devices = {
        pid: region.authenticate(
            region.enroll(pid, p["enrollment_code"], "caisse", datetime.now(UTC))["device_token"]
        )
        for pid, p in partners.items()
    }
    by_partner: dict[str, list[Case]] = {}
    for case in cases:
        by_partner.setdefault(partner_id(case), []).append(case)
    answers: dict[int, str] = {}
    for pid, group in by_partner.items():
        for start in range(0, len(group), 500):
            chunk = group[start : start + 500]
            results = region.upload(
                devices[pid],
                [unchecked_transaction(case, region) for case in chunk],
                datetime.now(UTC),
            )
            for case, result in zip(chunk, results, strict=True):
                answers[case.number] = result["reason"] if result["status"] == "rejected" else ""
    region.close()
    return answers


@pytest.mark.parametrize("seed", SEEDS)
def test_the_till_and_the_region_agree_on_every_generated_transaction(
    tmp_path: Path, seed: int
) -> None:
    cases = generate(seed, CASES // len(SEEDS), first=seed * 100_000)
    region = region_answers(tmp_path, cases)
    disagreements = [
        (case, till_answer(case), region[case.number])
        for case in cases
        if till_answer(case) != region[case.number]
    ]
    assert not disagreements, "\n".join(
        f"case {c.number} {c.scheme.id}/{c.category.id} {c.moment.isoformat()} born "
        f"{c.birth_date} item {c.item_kind} balance {c.balance_cents} price {c.price_cents} "
        f"partner {partner_id(c)} guardian {c.guardian_checked}: till {t!r}, Region {r!r}"
        for c, t, r in disagreements[:20]
    )
    # The generator reaches every rule, not just the easy answers.
    outcomes = Counter(region.values())
    for code in (
        "",
        "season_over",
        "season_not_started",
        "item_excluded",
        "item_not_covered",
        "too_young",
        "guardian_consent_missing",
        "not_accredited",
        "wrong_region",
        "whole_transfer_required",
        "wallet_empty",
        "wallet_used",
        "amount_invalid",
    ):
        assert outcomes[code] > 0, (code, outcomes)
