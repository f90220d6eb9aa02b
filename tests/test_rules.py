"""The rules a till enforces (SPEC §3.4), on the bundled scheme files, through the public API.

Every `now` is aware and explicit; dates are compared in the scheme's own time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain.model import (
    BeneficiaryKey,
    Credential,
    Partner,
    PartnerId,
    Policy,
    SupportKind,
    Transaction,
    TxnId,
    TxnKind,
    Verdict,
    VoucherTerms,
    WalletState,
)
from pos_app.domain.money import MAX_CHARGE_CENTS, Cents
from pos_app.domain.rules import (
    ChargeRequest,
    RuleRefusal,
    assess,
    charge,
    local_day,
    void,
    void_refusal,
    wallet_after,
)
from pos_app.domain.schemes import CategoryForm, Scheme
from pos_app.scheme_files import load_schemes

LIVRES = "atouts-livres-ep-2025-26"
CULTURE = "atouts-culture-sport-2025-26"
NORMANDIE_2017 = "atouts-normandie-2017-18"
NUMERISAK = "numerisak-2026-27"

SCHEMES: dict[str, Scheme] = load_schemes()
ALL_ACCREDITATIONS = frozenset(
    accreditation
    for scheme in SCHEMES.values()
    for category in scheme.categories
    for accreditation in category.accepted_by
)
PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
CEST = timezone(timedelta(hours=2))
BENEFICIARY = BeneficiaryKey("bk-0001")


# --- builders -----------------------------------------------------------------------------------


def mid_season(scheme_id: str) -> datetime:
    scheme = SCHEMES[scheme_id]
    day = scheme.season.start + timedelta(days=75)
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=scheme.zone)


def credential(
    now: datetime,
    *,
    birth_date: date | None = None,
    issued_at: datetime | None = None,
    expires_at: datetime | None = None,
    beneficiary: BeneficiaryKey = BENEFICIARY,
    region: str = "NOR",
) -> Credential:
    return Credential(
        beneficiary=beneficiary,
        region=region,
        serial="S-000042",
        support=SupportKind.APP,
        holder_name="Camille Martin",
        birth_date=birth_date or date(now.year - 17, 1, 15),
        issued_at=issued_at or now - timedelta(hours=1),
        expires_at=expires_at or now + timedelta(hours=1),
        key_id="0011223344556677",
        holder_key=bytes(32),
        presented_at=now - timedelta(seconds=10),  # the phone app, drawn just now
    )


def granted(scheme_id: str, category_id: str) -> tuple[int, int]:
    """The first allowance of a category: (total cents, number of single-use units)."""
    category = SCHEMES[scheme_id].category(category_id)
    assert category is not None, f"{scheme_id} has no category {category_id!r}"
    allowance = category.allowances[0]
    return allowance.amount_cents * allowance.count, allowance.count


def wallet(scheme_id: str, category_id: str, balance: int | None = None) -> WalletState:
    total, units = granted(scheme_id, category_id)
    return WalletState(
        scheme_id=scheme_id,
        category_id=category_id,
        balance_cents=Cents(total if balance is None else balance),
        granted_cents=Cents(total),
        units=units,
    )


def partner(*accreditations: str, region: str | None = None) -> Partner:
    """A partner of the region whose schemes its accreditations belong to (NUMÉRISAK is La
    Réunion's, the rest Normandy's) unless `region` says otherwise."""
    return Partner(
        id=PartnerId("p-caen-01"),
        name="Partenaire de Caen",
        kind="commerce",
        accreditations=frozenset(accreditations),
        region=region or ("REU" if "numerisak" in accreditations else "NOR"),
    )


def accredited_for(scheme_id: str, category_id: str) -> Partner:
    category = SCHEMES[scheme_id].category(category_id)
    assert category is not None
    return partner(category.accepted_by[0])


def accepted_verdict(
    scheme_id: str, category_id: str, balance: int | None = None, now: datetime | None = None
) -> tuple[Verdict, datetime]:
    now = now or mid_season(scheme_id)
    verdict = assess(
        credential(now, region=SCHEMES[scheme_id].region_code),
        accredited_for(scheme_id, category_id),
        [wallet(scheme_id, category_id, balance)],
        SCHEMES,
        now,
    )
    assert verdict.accepted, verdict
    return verdict, now


def pay(
    scheme_id: str,
    category_id: str,
    price: int,
    *,
    balance: int | None = None,
    item_kind: str | None = None,
    txn_id: str = "t-1",
) -> Transaction:
    category = SCHEMES[scheme_id].category(category_id)
    if category is not None and category.label_must_match_voucher:
        return pay_with_voucher(
            scheme_id, category_id, price, balance=balance, item_kind=item_kind, txn_id=txn_id
        )
    verdict, now = accepted_verdict(scheme_id, category_id, balance)
    return charge(
        verdict,
        # The holder is 17: the cashier saw the guardian's authorisation where one is needed.
        ChargeRequest(
            scheme_id,
            category_id,
            Cents(price),
            item_kind,
            operator="caisse-1",
            guardian_checked=True,
        ),
        txn_id=TxnId(txn_id),
        partner=accredited_for(scheme_id, category_id),
        schemes=SCHEMES,
        now=now,
    )


def voucher_credential(now: datetime, scheme_id: str, category_id: str, face: int) -> Credential:
    """A paper voucher (NUMÉRISAK): the credential plus the wallet it draws on."""
    return replace(
        credential(now, region=SCHEMES[scheme_id].region_code),
        support=SupportKind.VOUCHER,
        serial="NUM2026-000042",
        presented_at=None,
        holder_key=None,
        voucher=VoucherTerms(scheme_id, category_id, face, SCHEMES[scheme_id].season.end),
    )


def pay_with_voucher(
    scheme_id: str,
    category_id: str,
    price: int,
    *,
    balance: int | None,
    item_kind: str | None,
    txn_id: str,
) -> Transaction:
    now = mid_season(scheme_id)
    total, _ = granted(scheme_id, category_id)
    verdict = assess(
        voucher_credential(now, scheme_id, category_id, total),
        accredited_for(scheme_id, category_id),
        [wallet(scheme_id, category_id, balance)],
        SCHEMES,
        now,
    )
    assert verdict.accepted and verdict.confirm_identity, verdict
    request = ChargeRequest(
        scheme_id,
        category_id,
        Cents(price),
        item_kind,
        id_checked=True,
        guardian_checked=True,
        label_number="num2026 000042",
        equipment_serial="PF3X9K2Z",
    )
    return charge(
        verdict,
        request,
        txn_id=TxnId(txn_id),
        partner=accredited_for(scheme_id, category_id),
        schemes=SCHEMES,
        now=now,
    )


ALL_CATEGORIES = [
    pytest.param(scheme.id, category.id, id=f"{scheme.id}:{category.id}")
    for scheme in SCHEMES.values()
    for category in scheme.categories
]


def test_the_four_bundled_schemes_are_there() -> None:
    assert {LIVRES, CULTURE, NORMANDIE_2017, NUMERISAK} <= set(SCHEMES)


# --- assess: accepted / not accredited ---------------------------------------------------------


@pytest.mark.parametrize(("scheme_id", "category_id"), ALL_CATEGORIES)
def test_accepted_at_an_accredited_partner(scheme_id: str, category_id: str) -> None:
    scheme = SCHEMES[scheme_id]
    category = scheme.category(category_id)
    assert category is not None
    now = mid_season(scheme_id)
    total, units = granted(scheme_id, category_id)
    who = credential(now, region=SCHEMES[scheme_id].region_code)

    verdict = assess(
        who, accredited_for(scheme_id, category_id), [wallet(scheme_id, category_id)], SCHEMES, now
    )

    assert (verdict.accepted, verdict.reason) == (True, "accepted")
    assert verdict.credential == who
    assert not verdict.confirm_identity  # a live phone code: no extra confirmation
    assert "Camille Martin" in verdict.message
    assert who.birth_date.strftime("%d/%m/%Y") in verdict.message
    (usable,) = verdict.wallets
    assert (usable.scheme_id, usable.category_id) == (scheme_id, category_id)
    assert usable.label == category.label
    assert usable.balance_cents == total
    assert usable.voucher is (category.form is CategoryForm.VOUCHER)
    assert usable.single_payment is category.single_payment
    single_use = usable.voucher or usable.single_payment
    assert usable.face_cents == (total // units if single_use else 0)
    assert [item for item, _ in usable.item_kinds] == list(category.item_kinds)
    assert dict(usable.item_kinds)[category.item_kinds[0]] == scheme.item_label(
        category.item_kinds[0]
    )


@pytest.mark.parametrize(("scheme_id", "category_id"), ALL_CATEGORIES)
def test_not_accredited_partner_is_refused(scheme_id: str, category_id: str) -> None:
    category = SCHEMES[scheme_id].category(category_id)
    assert category is not None
    now = mid_season(scheme_id)
    elsewhere = partner(
        *(ALL_ACCREDITATIONS - set(category.accepted_by)), region=SCHEMES[scheme_id].region_code
    )

    verdict = assess(
        credential(now, region=SCHEMES[scheme_id].region_code),
        elsewhere,
        [wallet(scheme_id, category_id)],
        SCHEMES,
        now,
    )

    assert (verdict.accepted, verdict.reason) == (False, "not_accredited")
    assert category.label in verdict.message
    assert verdict.wallets == ()


def test_sport_vouchers_2017_are_accepted_by_practice_partners() -> None:
    verdict, _ = accepted_verdict(NORMANDIE_2017, "sport_bon")
    assert verdict.wallets[0].category_id == "sport_bon"
    assert accredited_for(NORMANDIE_2017, "sport_bon").accreditations == {"pratique"}


def test_only_the_wallets_of_the_partners_accreditations_are_offered() -> None:
    now = mid_season(CULTURE)
    wallets = [wallet(CULTURE, c) for c in ("spectacle", "cinema", "pratique", "rollon")]
    verdict = assess(credential(now), partner("cinema", "spectacle"), wallets, SCHEMES, now)
    assert verdict.accepted
    assert [w.category_id for w in verdict.wallets] == ["spectacle", "cinema"]


def test_not_accredited_names_every_category_concerned() -> None:
    now = mid_season(CULTURE)
    wallets = [wallet(CULTURE, "spectacle"), wallet(CULTURE, "cinema")]
    verdict = assess(credential(now), partner("livres"), wallets, SCHEMES, now)
    assert verdict.reason == "not_accredited"
    assert "Cinéma, Spectacle" in verdict.message


# --- assess: seasons, in the scheme's own time zone --------------------------------------------


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "now", "reason"),
    [
        # Culture & Sport ends on 30 June 2026 in Paris.
        (CULTURE, "cinema", datetime(2026, 6, 30, 23, 30, tzinfo=CEST), "accepted"),
        (CULTURE, "cinema", datetime(2026, 6, 30, 23, 59, 59, tzinfo=PARIS), "accepted"),
        (CULTURE, "cinema", datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC), "accepted"),
        (CULTURE, "cinema", datetime(2026, 6, 30, 22, 0, tzinfo=UTC), "season_over"),
        (CULTURE, "cinema", datetime(2026, 7, 1, 0, 30, tzinfo=CEST), "season_over"),
        (CULTURE, "cinema", datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "season_over"),
        (CULTURE, "rollon", datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "season_over"),
        # ... and starts on 1 July 2025 in Paris.
        (CULTURE, "spectacle", datetime(2025, 6, 30, 23, 30, tzinfo=CEST), "season_not_started"),
        (CULTURE, "spectacle", datetime(2025, 6, 30, 22, 30, tzinfo=UTC), "accepted"),
        (CULTURE, "spectacle", datetime(2025, 7, 1, 0, 0, tzinfo=PARIS), "accepted"),
        (CULTURE, "spectacle", datetime(2024, 12, 25, 12, 0, tzinfo=PARIS), "season_not_started"),
        # Livres & EP 2025-26 likewise.
        (LIVRES, "livres", datetime(2026, 6, 30, 23, 30, tzinfo=CEST), "accepted"),
        (LIVRES, "equipement_pro", datetime(2026, 7, 1, 0, 30, tzinfo=CEST), "season_over"),
        # NUMÉRISAK: 1 August 2026 to 31 July 2027 at La Réunion (UTC+4, no summer time).
        (NUMERISAK, "numerisak", datetime(2027, 7, 31, 23, 30, tzinfo=REUNION), "accepted"),
        (NUMERISAK, "numerisak", datetime(2027, 7, 31, 19, 59, 59, tzinfo=UTC), "accepted"),
        (NUMERISAK, "numerisak", datetime(2027, 7, 31, 20, 0, tzinfo=UTC), "season_over"),
        (NUMERISAK, "numerisak", datetime(2027, 7, 31, 20, 30, tzinfo=UTC), "season_over"),
        # 22:30 in Paris is already 1 August at the Réunion counter.
        (NUMERISAK, "numerisak", datetime(2027, 7, 31, 22, 30, tzinfo=CEST), "season_over"),
        (
            NUMERISAK,
            "numerisak",
            datetime(2026, 7, 31, 23, 30, tzinfo=REUNION),
            "season_not_started",
        ),
        (NUMERISAK, "numerisak", datetime(2026, 7, 31, 19, 30, tzinfo=UTC), "season_not_started"),
        (NUMERISAK, "numerisak", datetime(2026, 7, 31, 20, 30, tzinfo=UTC), "accepted"),
        (NUMERISAK, "numerisak", datetime(2026, 8, 1, 0, 0, tzinfo=REUNION), "accepted"),
        # The 2017 season is long over.
        (NORMANDIE_2017, "sport_bon", datetime(2018, 6, 30, 23, 30, tzinfo=CEST), "accepted"),
        (NORMANDIE_2017, "sport_bon", datetime(2018, 7, 1, 0, 30, tzinfo=CEST), "season_over"),
        (NORMANDIE_2017, "cinema", datetime(2026, 1, 10, 15, 0, tzinfo=PARIS), "season_over"),
    ],
)
def test_season_boundaries(scheme_id: str, category_id: str, now: datetime, reason: str) -> None:
    verdict = assess(
        credential(now, region=SCHEMES[scheme_id].region_code),
        accredited_for(scheme_id, category_id),
        [wallet(scheme_id, category_id)],
        SCHEMES,
        now,
    )
    assert verdict.reason == reason
    assert verdict.accepted is (reason == "accepted")


def test_season_not_started_says_when_it_starts() -> None:
    now = datetime(2025, 6, 30, 23, 30, tzinfo=CEST)
    verdict = assess(credential(now), partner("cinema"), [wallet(CULTURE, "cinema")], SCHEMES, now)
    assert verdict.reason == "season_not_started"
    assert "01/07/2025" in verdict.message


@pytest.mark.parametrize(
    ("scheme_id", "now", "day"),
    [
        (CULTURE, datetime(2026, 6, 30, 22, 30, tzinfo=UTC), date(2026, 7, 1)),
        (CULTURE, datetime(2026, 6, 30, 21, 30, tzinfo=UTC), date(2026, 6, 30)),
        (CULTURE, datetime(2026, 1, 31, 23, 30, tzinfo=UTC), date(2026, 2, 1)),  # winter, UTC+1
        (NUMERISAK, datetime(2027, 7, 31, 20, 30, tzinfo=UTC), date(2027, 8, 1)),
        (NUMERISAK, datetime(2027, 7, 31, 19, 30, tzinfo=UTC), date(2027, 7, 31)),
    ],
)
def test_local_day_is_the_schemes_day(scheme_id: str, now: datetime, day: date) -> None:
    assert local_day(now, SCHEMES[scheme_id]) == day


# --- assess: the code's own validity, with the policy's clock-skew tolerance -------------------

NOW = mid_season(CULTURE)
SECOND = timedelta(seconds=1)
MINUTES_5 = timedelta(minutes=5)


@pytest.mark.parametrize(
    ("issued_at", "expires_at", "policy", "reason"),
    [
        (NOW - timedelta(days=1), NOW + timedelta(days=1), Policy(), "accepted"),
        # Issued "in the future": the clocks disagree by up to the tolerance.
        (NOW + MINUTES_5, NOW + timedelta(days=1), Policy(), "accepted"),
        (NOW + MINUTES_5 + SECOND, NOW + timedelta(days=1), Policy(), "code_not_yet_valid"),
        (NOW + timedelta(hours=3), NOW + timedelta(days=1), Policy(), "code_not_yet_valid"),
        (NOW + SECOND, NOW + timedelta(days=1), Policy(clock_skew_minutes=0), "code_not_yet_valid"),
        (NOW, NOW + timedelta(days=1), Policy(clock_skew_minutes=0), "accepted"),
        (
            NOW + timedelta(minutes=29),
            NOW + timedelta(days=1),
            Policy(clock_skew_minutes=30),
            "accepted",
        ),
        # Expired: likewise tolerated for a few minutes.
        (NOW - timedelta(days=1), NOW - MINUTES_5, Policy(), "accepted"),
        (NOW - timedelta(days=1), NOW - MINUTES_5 - SECOND, Policy(), "code_expired"),
        (NOW - timedelta(days=2), NOW - timedelta(days=1), Policy(), "code_expired"),
        (NOW - timedelta(days=1), NOW, Policy(clock_skew_minutes=0), "accepted"),
        (NOW - timedelta(days=1), NOW - SECOND, Policy(clock_skew_minutes=0), "code_expired"),
        (
            NOW - timedelta(days=1),
            NOW - timedelta(minutes=29),
            Policy(clock_skew_minutes=30),
            "accepted",
        ),
        # The instants compare whatever zone they are written in.
        (
            NOW.astimezone(UTC) - timedelta(days=1),
            (NOW - MINUTES_5 - SECOND).astimezone(REUNION),
            Policy(),
            "code_expired",
        ),
    ],
)
def test_code_validity_in_time(
    issued_at: datetime, expires_at: datetime, policy: Policy, reason: str
) -> None:
    who = credential(NOW, issued_at=issued_at, expires_at=expires_at)
    verdict = assess(who, partner("cinema"), [wallet(CULTURE, "cinema")], SCHEMES, NOW, policy)
    assert verdict.reason == reason
    assert verdict.accepted is (reason == "accepted")
    assert verdict.credential == who
    if not verdict.accepted:
        assert verdict.wallets == ()


def test_an_expired_code_is_refused_before_anything_else() -> None:
    who = credential(NOW, issued_at=NOW - timedelta(days=2), expires_at=NOW - timedelta(days=1))
    verdict = assess(who, partner("livres"), [], SCHEMES, NOW)
    assert verdict.reason == "code_expired"


# --- assess: age, wallets -----------------------------------------------------------------------

BORN_16_ON_15_MARCH = date(2010, 3, 15)


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        (datetime(2026, 3, 15, 0, 30, tzinfo=PARIS), "accepted"),  # 16 today: counts
        (datetime(2026, 3, 15, 12, 0, tzinfo=PARIS), "accepted"),
        (datetime(2026, 3, 14, 23, 30, tzinfo=PARIS), "too_young"),  # one more night
        (datetime(2026, 3, 14, 23, 30, tzinfo=UTC), "accepted"),  # already the 15th in Paris
        (datetime(2026, 3, 14, 22, 30, tzinfo=UTC), "too_young"),  # still the 14th in Paris
        (datetime(2025, 9, 1, 12, 0, tzinfo=PARIS), "too_young"),
        (datetime(2026, 6, 1, 12, 0, tzinfo=PARIS), "accepted"),
    ],
)
def test_rollon_not_under_16(now: datetime, reason: str) -> None:
    verdict = assess(
        credential(now, birth_date=BORN_16_ON_15_MARCH),
        partner("rollon"),
        [wallet(CULTURE, "rollon")],
        SCHEMES,
        now,
    )
    assert verdict.reason == reason
    if reason == "too_young":
        assert "16" in verdict.message


def test_too_young_for_rollon_still_has_the_other_wallets() -> None:
    now = datetime(2026, 3, 14, 12, 0, tzinfo=PARIS)
    verdict = assess(
        credential(now, birth_date=BORN_16_ON_15_MARCH),
        partner("rollon", "cinema"),
        [wallet(CULTURE, "rollon"), wallet(CULTURE, "cinema")],
        SCHEMES,
        now,
    )
    assert verdict.accepted
    assert [w.category_id for w in verdict.wallets] == ["cinema"]


def test_a_minor_s_rollon_verdict_says_whose_authorisation_to_see() -> None:
    """Issue 16: the verdict itself says what the cashier checks for a 16-17-year-old's
    RolloN (seed 001 §3.2.1), amber even for a phone code; not for an adult, nor for a
    benefit without a guardian rule."""
    now = datetime(2026, 3, 14, 12, 0, tzinfo=PARIS)
    wallets = [wallet(CULTURE, "rollon"), wallet(CULTURE, "cinema")]
    minor = assess(
        credential(now, birth_date=date(2009, 1, 10)),
        partner("rollon", "cinema"),
        wallets,
        SCHEMES,
        now,
    )
    assert minor.cautions == (
        "RolloN : jeune de 17 ans, demandez l'autorisation écrite d'un titulaire de "
        "l'autorité parentale.",
    )
    assert minor.tone == "attention"
    adult = assess(
        credential(now, birth_date=date(2007, 1, 10)),
        partner("rollon", "cinema"),
        wallets,
        SCHEMES,
        now,
    )
    assert adult.cautions == () and adult.tone == "accepted"


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "reason"),
    [
        (CULTURE, "cinema", "wallet_empty"),
        (CULTURE, "spectacle", "wallet_empty"),
        (LIVRES, "livres", "wallet_empty"),
        (NORMANDIE_2017, "dispositif_local", "wallet_empty"),
        (CULTURE, "rollon", "wallet_used"),  # one go
        (NUMERISAK, "numerisak", "wallet_used"),  # single voucher
        (NORMANDIE_2017, "sport_bon", "wallet_used"),
        (NORMANDIE_2017, "secourisme", "wallet_used"),
    ],
)
def test_spent_wallets(scheme_id: str, category_id: str, reason: str) -> None:
    now = mid_season(scheme_id)
    verdict = assess(
        credential(now, region=SCHEMES[scheme_id].region_code),
        accredited_for(scheme_id, category_id),
        [wallet(scheme_id, category_id, balance=0)],
        SCHEMES,
        now,
    )
    assert (verdict.accepted, verdict.reason) == (False, reason)


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "price"),
    [
        (CULTURE, "rollon", 1000),
        (NUMERISAK, "numerisak", 59_900),
        (NUMERISAK, "numerisak", 34_900),  # the rest of the voucher is forfeited
        (NORMANDIE_2017, "secourisme", 4000),
    ],
)
def test_a_one_go_wallet_is_used_after_one_charge(
    scheme_id: str, category_id: str, price: int
) -> None:
    txn = pay(scheme_id, category_id, price)
    total, _ = granted(scheme_id, category_id)
    left = wallet_after(Cents(total), [txn], BENEFICIARY)
    assert left == 0
    now = mid_season(scheme_id)
    verdict = assess(
        credential(now, region=SCHEMES[scheme_id].region_code),
        accredited_for(scheme_id, category_id),
        [wallet(scheme_id, category_id, balance=left)],
        SCHEMES,
        now,
    )
    assert verdict.reason == "wallet_used"


def test_empty_wallet_is_explained_rather_than_accreditation() -> None:
    now = mid_season(CULTURE)
    wallets = [wallet(CULTURE, "cinema", balance=0), wallet(CULTURE, "spectacle")]
    verdict = assess(credential(now), partner("cinema"), wallets, SCHEMES, now)
    assert verdict.reason == "wallet_empty"


@pytest.mark.parametrize(
    "wallets",
    [
        pytest.param([], id="none"),
        pytest.param(
            [WalletState("unknown-scheme", "cinema", Cents(2000), Cents(2000))], id="unknown_scheme"
        ),
        pytest.param(
            [WalletState(CULTURE, "unknown_category", Cents(2000), Cents(2000))],
            id="unknown_category",
        ),
    ],
)
def test_no_wallet(wallets: list[WalletState]) -> None:
    now = mid_season(CULTURE)
    verdict = assess(
        credential(now), partner(*ALL_ACCREDITATIONS, region="NOR"), wallets, SCHEMES, now
    )
    assert (verdict.accepted, verdict.reason, verdict.wallets) == (False, "no_wallet", ())
    assert verdict.message


# --- charge -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "balance", "price", "amount", "complement", "forfeited"),
    [
        # A divisible wallet pays all or part of the price; the beneficiary pays the rest.
        (CULTURE, "cinema", None, 2500, 2000, 500, 0),
        (CULTURE, "cinema", None, 900, 900, 0, 0),
        (CULTURE, "cinema", None, 2000, 2000, 0, 0),
        (CULTURE, "cinema", 300, 900, 300, 600, 0),
        (CULTURE, "spectacle", None, 4500, 3000, 1500, 0),
        (LIVRES, "livres", None, 3490, 3490, 0, 0),
        (LIVRES, "equipement_pro", None, 14_990, 10_000, 4990, 0),
        # 2017 sport: two 15 € vouchers, cumulable, never split nor given change.
        (NORMANDIE_2017, "sport_bon", None, 4000, 3000, 1000, 0),
        (NORMANDIE_2017, "sport_bon", None, 3000, 3000, 0, 0),
        (NORMANDIE_2017, "sport_bon", None, 1500, 1500, 0, 0),
        (NORMANDIE_2017, "sport_bon", None, 1200, 1200, 0, 300),
        # 16 €: one voucher and 1 € from the beneficiary, not two vouchers with 14 € lost.
        (NORMANDIE_2017, "sport_bon", None, 1600, 1500, 100, 0),
        (NORMANDIE_2017, "sport_bon", None, 2999, 1500, 1499, 0),
        (NORMANDIE_2017, "sport_bon", 1000, 1200, 1000, 200, 0),  # odd remainder: one go
        (NORMANDIE_2017, "sport_bon", 1500, 4000, 1500, 2500, 0),  # one voucher left
        (NORMANDIE_2017, "sport_bon", 1500, 1000, 1000, 0, 500),
        (NORMANDIE_2017, "secourisme", None, 3500, 3500, 0, 500),
        # NUMÉRISAK: one 350 € voucher.
        (NUMERISAK, "numerisak", None, 59_900, 35_000, 24_900, 0),
        (NUMERISAK, "numerisak", None, 35_000, 35_000, 0, 0),
        (NUMERISAK, "numerisak", None, 34_900, 34_900, 0, 100),
        # RolloN: the 10 € go in one transfer.
        (CULTURE, "rollon", None, 1000, 1000, 0, 0),
    ],
)
def test_charge_splits_the_price(
    scheme_id: str,
    category_id: str,
    balance: int | None,
    price: int,
    amount: int,
    complement: int,
    forfeited: int,
) -> None:
    txn = pay(scheme_id, category_id, price, balance=balance)
    assert (txn.amount_cents, txn.complement_cents, txn.forfeited_cents) == (
        amount,
        complement,
        forfeited,
    )
    assert txn.price_cents == price == txn.amount_cents + txn.complement_cents
    assert txn.amount_cents <= (
        balance if balance is not None else granted(scheme_id, category_id)[0]
    )


def test_charge_records_who_what_where_when() -> None:
    verdict, now = accepted_verdict(CULTURE, "cinema")
    txn = charge(
        verdict,
        ChargeRequest(CULTURE, "cinema", Cents(750), operator="Sam"),
        txn_id=TxnId("0190-abcd"),
        partner=partner("cinema"),
        schemes=SCHEMES,
        now=now,
    )
    assert txn == Transaction(
        id=TxnId("0190-abcd"),
        kind=TxnKind.DEBIT,
        created_at=now,
        partner_id=PartnerId("p-caen-01"),
        beneficiary=BENEFICIARY,
        scheme_id=CULTURE,
        category_id="cinema",
        item_kind="place_cinema",  # the category's default item
        amount_cents=Cents(750),
        price_cents=Cents(750),
        complement_cents=Cents(0),
        forfeited_cents=0,
        serial="S-000042",
        holder_name="Camille Martin",
        operator="Sam",
    )


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "item_kind"),
    [
        (CULTURE, "cinema", "abonnement_cinema"),
        (LIVRES, "livres", "dictionnaire"),
        (LIVRES, "equipement_pro", "vetement_travail"),
        (CULTURE, "pratique", "cycle_artistique"),
        (NORMANDIE_2017, "sport_bon", "adhesion_annuelle"),
    ],
)
def test_charge_an_allowed_item(scheme_id: str, category_id: str, item_kind: str) -> None:
    assert pay(scheme_id, category_id, 1000, item_kind=item_kind).item_kind == item_kind


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "item_kind", "code"),
    [
        (CULTURE, "cinema", "confiserie", "item_excluded"),
        (CULTURE, "cinema", "boisson", "item_excluded"),
        (LIVRES, "livres", "calculatrice", "item_excluded"),
        (LIVRES, "livres", "magazine", "item_excluded"),
        (LIVRES, "livres", "fournitures_scolaires", "item_excluded"),
        (LIVRES, "equipement_pro", "materiel_informatique", "item_excluded"),
        (LIVRES, "equipement_pro", "consommables", "item_excluded"),
        (NUMERISAK, "numerisak", "accessoire", "item_excluded"),
        (NUMERISAK, "numerisak", "especes", "item_excluded"),
        (NUMERISAK, "numerisak", "pc_non_conforme", "item_excluded"),
        (CULTURE, "cinema", "licence_sportive", "item_not_covered"),
        (LIVRES, "livres", "equipement_protection", "item_not_covered"),
        (CULTURE, "cinema", "popcorn", "item_not_covered"),
    ],
)
def test_charge_refuses_items(scheme_id: str, category_id: str, item_kind: str, code: str) -> None:
    with pytest.raises(RuleRefusal) as caught:
        pay(scheme_id, category_id, 500, item_kind=item_kind)
    assert caught.value.code == code
    assert caught.value.message


def test_item_excluded_message_names_the_item() -> None:
    with pytest.raises(RuleRefusal) as caught:
        pay(CULTURE, "cinema", 500, item_kind="confiserie")
    assert "Confiserie" in caught.value.message
    assert "Cinéma" in caught.value.message


@pytest.mark.parametrize(
    ("scheme_id", "category_id"),
    [
        (CULTURE, "spectacle"),  # the beneficiary has one, but it is not in this verdict
        (LIVRES, "livres"),
        (CULTURE, "no_such_category"),
        ("no-such-scheme", "cinema"),
    ],
)
def test_charge_refuses_a_category_not_in_the_verdict(scheme_id: str, category_id: str) -> None:
    verdict, now = accepted_verdict(CULTURE, "cinema")
    with pytest.raises(RuleRefusal) as caught:
        charge(
            verdict,
            ChargeRequest(scheme_id, category_id, Cents(500)),
            txn_id=TxnId("t-1"),
            partner=partner("cinema"),
            schemes=SCHEMES,
            now=now,
        )
    assert caught.value.code == "category_not_usable"


@pytest.mark.parametrize("price", [0, -100, MAX_CHARGE_CENTS + 1])
def test_charge_refuses_an_invalid_price(price: int) -> None:
    with pytest.raises(RuleRefusal) as caught:
        pay(CULTURE, "cinema", price)
    assert caught.value.code == "amount_invalid"


def test_charge_refuses_a_refused_verdict_with_its_reason() -> None:
    now = mid_season(CULTURE)
    verdict = assess(credential(now), partner("livres"), [wallet(CULTURE, "cinema")], SCHEMES, now)
    assert not verdict.accepted
    with pytest.raises(RuleRefusal) as caught:
        charge(
            verdict,
            ChargeRequest(CULTURE, "cinema", Cents(500)),
            txn_id=TxnId("t-1"),
            partner=partner("livres"),
            schemes=SCHEMES,
            now=now,
        )
    assert caught.value.code == "not_accredited"


def test_two_sport_vouchers_used_one_after_the_other() -> None:
    """A 12 € licence takes one 15 € voucher (3 € lost); the other voucher pays 15 € later."""
    first = pay(NORMANDIE_2017, "sport_bon", 1200)
    assert (first.amount_cents, first.forfeited_cents, first.complement_cents) == (1200, 300, 0)
    left = wallet_after(Cents(3000), [first], BENEFICIARY)
    assert left == 1500

    verdict, now = accepted_verdict(NORMANDIE_2017, "sport_bon", balance=left)
    assert verdict.wallets[0].face_cents == 1500
    second = charge(
        verdict,
        ChargeRequest(NORMANDIE_2017, "sport_bon", Cents(4000)),
        txn_id=TxnId("t-2"),
        partner=partner("pratique"),
        schemes=SCHEMES,
        now=now,
    )
    assert (second.amount_cents, second.forfeited_cents, second.complement_cents) == (1500, 0, 2500)
    assert wallet_after(Cents(3000), [first, second], BENEFICIARY) == 0


# --- void ---------------------------------------------------------------------------------------


def debit(created_at: datetime = NOW, txn_id: str = "t-1") -> Transaction:
    return replace(pay(CULTURE, "cinema", 900, txn_id=txn_id), created_at=created_at)


@pytest.mark.parametrize(
    ("after", "policy"),
    [
        (timedelta(minutes=2), Policy()),
        (timedelta(hours=23, minutes=59), Policy()),
        (timedelta(hours=24), Policy()),
        (timedelta(hours=47), Policy(void_window_hours=48)),
        (timedelta(0), Policy(void_window_hours=0)),
    ],
)
def test_void_within_the_window(after: timedelta, policy: Policy) -> None:
    original = debit()
    now = NOW + after
    cancel = void(
        original,
        txn_id=TxnId("t-2"),
        reason="  Mauvais tarif saisi ",
        already_voided=False,
        now=now,
        policy=policy,
        operator="Sam",
    )
    assert cancel.kind is TxnKind.VOID
    assert cancel.id == "t-2"
    assert cancel.voids == original.id
    assert cancel.reason == "Mauvais tarif saisi"
    assert cancel.created_at == now
    assert cancel.operator == "Sam"
    assert (cancel.amount_cents, cancel.price_cents, cancel.complement_cents) == (
        original.amount_cents,
        original.price_cents,
        original.complement_cents,
    )
    assert (cancel.beneficiary, cancel.scheme_id, cancel.category_id, cancel.partner_id) == (
        original.beneficiary,
        original.scheme_id,
        original.category_id,
        original.partner_id,
    )
    assert original.kind is TxnKind.DEBIT  # the original line stays as it was


def _void_of_a_void() -> Transaction:
    return void(debit(), txn_id=TxnId("t-2"), reason="erreur", already_voided=False, now=NOW)


@pytest.mark.parametrize(
    ("make_original", "reason", "already_voided", "after", "policy", "code"),
    [
        (debit, "erreur", False, timedelta(hours=24, seconds=1), Policy(), "void_too_late"),
        (debit, "erreur", False, timedelta(days=30), Policy(), "void_too_late"),
        (debit, "erreur", False, timedelta(hours=2), Policy(void_window_hours=1), "void_too_late"),
        (debit, "erreur", True, timedelta(minutes=1), Policy(), "already_voided"),
        (debit, "", False, timedelta(minutes=1), Policy(), "void_reason_missing"),
        (debit, "   ", False, timedelta(minutes=1), Policy(), "void_reason_missing"),
        (_void_of_a_void, "erreur", False, timedelta(minutes=1), Policy(), "void_not_debit"),
    ],
)
def test_void_refusals(
    make_original: Callable[[], Transaction],
    reason: str,
    already_voided: bool,
    after: timedelta,
    policy: Policy,
    code: str,
) -> None:
    original = make_original()
    with pytest.raises(RuleRefusal) as caught:
        void(
            original,
            txn_id=TxnId("t-3"),
            reason=reason,
            already_voided=already_voided,
            now=NOW + after,
            policy=policy,
        )
    assert caught.value.code == code
    assert caught.value.message


@pytest.mark.parametrize(
    ("make_original", "already_voided", "after", "policy", "code"),
    [
        (debit, False, timedelta(hours=24, seconds=1), Policy(), "void_too_late"),
        (debit, False, timedelta(days=30), Policy(), "void_too_late"),
        (debit, False, timedelta(hours=2), Policy(void_window_hours=1), "void_too_late"),
        (debit, True, timedelta(minutes=1), Policy(), "already_voided"),
        (debit, True, timedelta(days=30), Policy(), "already_voided"),  # the first thing to fix
        (_void_of_a_void, False, timedelta(minutes=1), Policy(), "void_not_debit"),
        (_void_of_a_void, True, timedelta(days=30), Policy(), "void_not_debit"),
    ],
)
def test_void_refusal_says_why_before_any_reason(
    make_original: Callable[[], Transaction],
    already_voided: bool,
    after: timedelta,
    policy: Policy,
    code: str,
) -> None:
    """What a till asks when a sale is picked: the same refusal `void` would raise."""
    original = make_original()
    refusal = void_refusal(original, already_voided=already_voided, now=NOW + after, policy=policy)
    assert refusal is not None and refusal.code == code and refusal.message
    with pytest.raises(RuleRefusal) as caught:
        void(
            original,
            txn_id=TxnId("t-3"),
            reason="erreur",
            already_voided=already_voided,
            now=NOW + after,
            policy=policy,
        )
    assert (caught.value.code, caught.value.message) == (refusal.code, refusal.message)


@pytest.mark.parametrize(
    ("after", "policy"),
    [
        (timedelta(0), Policy()),
        (timedelta(hours=24), Policy()),
        (timedelta(hours=47), Policy(void_window_hours=48)),
        (timedelta(0), Policy(void_window_hours=0)),
    ],
)
def test_void_refusal_is_none_within_the_window(after: timedelta, policy: Policy) -> None:
    assert void_refusal(debit(), already_voided=False, now=NOW + after, policy=policy) is None


def test_void_refusal_does_not_ask_for_a_reason_that_would_not_help() -> None:
    """A sale too old is refused as such, not for its missing reason: typing one is useless."""
    too_late = NOW + timedelta(days=2)
    with pytest.raises(RuleRefusal) as caught:
        void(debit(), txn_id=TxnId("t-3"), reason="", already_voided=False, now=too_late)
    assert caught.value.code == "void_too_late"
    with pytest.raises(RuleRefusal) as caught:
        void(debit(), txn_id=TxnId("t-3"), reason=" ", already_voided=False, now=NOW)
    assert caught.value.code == "void_reason_missing"


# --- wallet_after -------------------------------------------------------------------------------


def _entries(*names: str) -> list[Transaction]:
    first = debit(txn_id="d-1")  # 9 € of cinema
    second = debit(txn_id="d-2")
    voucher = pay(NORMANDIE_2017, "sport_bon", 1200, txn_id="d-3")  # 12 € + 3 € forfeited
    stranger = replace(debit(txn_id="d-4"), beneficiary=BeneficiaryKey("bk-9999"))
    made = {
        "debit": first,
        "debit2": second,
        "void": void(first, txn_id=TxnId("v-1"), reason="erreur", already_voided=False, now=NOW),
        "voucher": voucher,
        "voucher_void": void(
            voucher,
            txn_id=TxnId("v-3"),
            reason="erreur",
            already_voided=False,
            now=voucher.created_at,
        ),
        "stranger": stranger,
    }
    return [made[name] for name in names]


@pytest.mark.parametrize(
    ("balance", "entries", "expected"),
    [
        (2000, (), 2000),
        (2000, ("debit",), 1100),
        (2000, ("debit", "debit2"), 200),
        (2000, ("debit", "void"), 2000),
        (2000, ("debit", "void", "debit2"), 1100),
        (2000, ("stranger",), 2000),
        (2000, ("debit", "stranger"), 1100),
        (3000, ("voucher",), 1500),  # the forfeited part of the voucher is gone too
        (3000, ("voucher", "voucher_void"), 3000),
    ],
)
def test_wallet_after(balance: int, entries: tuple[str, ...], expected: int) -> None:
    assert wallet_after(Cents(balance), _entries(*entries), BENEFICIARY) == expected


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "balance", "expected"),
    [
        (CULTURE, "cinema", 2000, 2000 - 900 - 900 + 900),
        (NORMANDIE_2017, "sport_bon", 3000, 1500),
        (CULTURE, "spectacle", 3000, 3000),
        (NORMANDIE_2017, "cinema", 1600, 1600),  # same category id, another scheme
    ],
)
def test_wallet_after_counts_only_the_wallets_own_entries(
    scheme_id: str, category_id: str, balance: int, expected: int
) -> None:
    """One beneficiary, several wallets: a wallet's balance moves with its own entries only."""
    entries = _entries("debit", "debit2", "void", "voucher", "stranger")
    left = wallet_after(
        Cents(balance), entries, BENEFICIARY, scheme_id=scheme_id, category_id=category_id
    )
    assert left == expected


# --- time must be aware -------------------------------------------------------------------------

NAIVE = datetime(2025, 10, 1, 12, 0)


def test_naive_now_is_refused_by_assess() -> None:
    with pytest.raises(ValueError, match="aware"):
        assess(credential(NOW), partner("cinema"), [wallet(CULTURE, "cinema")], SCHEMES, NAIVE)


def test_naive_now_is_refused_by_charge() -> None:
    verdict, _ = accepted_verdict(CULTURE, "cinema")
    with pytest.raises(ValueError, match="aware"):
        charge(
            verdict,
            ChargeRequest(CULTURE, "cinema", Cents(500)),
            txn_id=TxnId("t-1"),
            partner=partner("cinema"),
            schemes=SCHEMES,
            now=NAIVE,
        )


def test_naive_now_is_refused_by_void() -> None:
    with pytest.raises(ValueError, match="aware"):
        void(debit(), txn_id=TxnId("t-2"), reason="erreur", already_voided=False, now=NAIVE)


def test_naive_now_is_refused_by_void_refusal() -> None:
    with pytest.raises(ValueError, match="aware"):
        void_refusal(debit(), already_voided=False, now=NAIVE)


def test_naive_now_is_refused_by_local_day() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_day(NAIVE, SCHEMES[CULTURE])
