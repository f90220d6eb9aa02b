"""Paper vouchers of fixed value through one mechanism: NUMÉRISAK (seed 003: anti-theft label,
the PC's serial, the legal representative of a minor) and the 2017 sport vouchers (seed 002)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.clock import ENV_NOW
from pos_app.domain.credentials import RegionKey, issue_voucher, read_code
from pos_app.domain.model import Partner, PartnerId, WalletState
from pos_app.domain.money import Cents
from pos_app.domain.rules import ChargeRequest, RuleRefusal, assess, charge
from pos_app.domain.signing import key_id, public_bytes
from pos_app.scheme_files import load_schemes
from pos_app.services import Till, TillError

REUNION = ZoneInfo("Indian/Reunion")
IN_SEASON = datetime(2026, 10, 15, 10, 0, tzinfo=REUNION)
TEST_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
"""A Region key of the domain-level tests (the till tests use the reference server's)."""
TEST_KEYS = {
    key_id(public_bytes(TEST_KEY)): RegionKey(
        key_id(public_bytes(TEST_KEY)),
        public_bytes(TEST_KEY),
        datetime(2000, 1, 1, tzinfo=REUNION),
        datetime(2100, 1, 1, tzinfo=REUNION),
    )
}


@pytest.fixture
def shop(tmp_path: Path, region, demo_seed, monkeypatch: pytest.MonkeyPatch) -> Iterator[Till]:
    """The IT retailer of the demo, in La Réunion, during the NUMÉRISAK school year."""
    monkeypatch.setenv(ENV_NOW, IN_SEASON.isoformat())
    _, server = region
    code = next(p for p in demo_seed["partners"] if p["id"] == "P-INFO-REUNION")
    with Till(tmp_path / "shop") as till:
        till.enroll(server.url, code["id"], code["enrollment_code"])
        till.sync()
        yield till


def sell_pc(till: Till, voucher: str, **changes: object) -> object:
    facts = {"id_checked": True, "label_number": "NUM2026-000005", "equipment_serial": "PF3X9K"}
    facts.update(changes)
    return till.charge(voucher, "numerisak", "599", "pc_convertible", **facts)  # type: ignore[arg-type]


def test_an_adults_voucher_pays_350_for_the_pc_and_only_once(shop: Till, region) -> None:
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    verdict = shop.check(voucher)
    assert verdict.accepted and verdict.confirm_identity
    assert "Maëlys Hoarau" in verdict.message and "représentant" not in verdict.message
    assert [(w.category_id, w.balance_cents) for w in verdict.wallets] == [("numerisak", 35000)]

    transaction = sell_pc(shop, voucher)
    assert (transaction.amount_cents, transaction.complement_cents) == (35000, 24900)
    assert transaction.voucher_serial == "NUM2026-000005"
    assert transaction.equipment_serial == "PF3X9K"
    assert shop.check(voucher).reason == "voucher_used"
    shop.sync()
    assert state.balances("B005")["wallets"][0]["balance_cents"] == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"label_number": None}, "label_missing"),
        ({"label_number": "NUM2026-000099"}, "label_mismatch"),
        ({"equipment_serial": "  "}, "equipment_serial_missing"),
        ({"id_checked": False}, "id_check_required"),
    ],
)
def test_the_label_the_pc_serial_and_the_id_are_required(
    shop: Till, region, changes: dict, reason: str
) -> None:
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    with pytest.raises(TillError) as refused:
        sell_pc(shop, voucher, **changes)
    assert refused.value.code == reason
    assert shop.history() == []


def test_the_label_number_is_read_loosely(shop: Till, region) -> None:
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    assert sell_pc(shop, voucher, label_number="num 2026 000005").amount_cents == 35000


def test_a_minors_voucher_names_the_legal_representative(shop: Till, region) -> None:
    state, _ = region
    verdict = shop.check(state.voucher_payload("B006", "numerisak", 1, IN_SEASON))
    assert verdict.accepted
    assert "Sandrine Payet, représentant légal nommé sur le bon" in verdict.message
    assert "Kylian Payet" in verdict.message


def test_a_voucher_used_at_another_shop_is_refused_after_sync(
    shop: Till, region, demo_seed, tmp_path: Path
) -> None:
    state, server = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-INFO-REUNION")
    with Till(tmp_path / "second-till") as other:
        other.enroll(server.url, partner["id"], partner["enrollment_code"])
        other.sync()
        sell_pc(other, voucher)
        other.sync()
    shop.sync()
    assert shop.check(voucher).reason == "voucher_used"


def test_a_voucher_past_its_date_is_refused(
    shop: Till, region, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    voucher = state.voucher_payload("B005", "numerisak", 1, IN_SEASON)
    monkeypatch.setenv(ENV_NOW, datetime(2027, 8, 1, 0, 30, tzinfo=REUNION).isoformat())
    verdict = shop.check(voucher)
    assert verdict.reason == "voucher_expired" and "31/07/2027" in verdict.message


def test_a_voucher_is_never_taken_at_a_cinema(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    verdict = cinema_till.check(state.voucher_payload("B005", "numerisak", 1, fixed_now))
    assert verdict.reason == "wrong_region"


# --- 2017 sport vouchers, through the domain core -------------------------------------------


def test_each_2017_sport_voucher_pays_at_most_its_15_euros() -> None:
    schemes = load_schemes()
    now = datetime(2017, 10, 2, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
    club = Partner(PartnerId("P-CLUB"), "Club", "club_sportif", frozenset({"pratique"}), "NOR")
    balance = Cents(3000)
    for number in (1, 2):
        payload = issue_voucher(
            TEST_KEY, region="NOR", beneficiary="ab" * 16, serial=f"AT17-000042-B{number}",
            scheme_id="atouts-normandie-2017-18", category_id="sport_bon", face_cents=1500,
            valid_until=date(2018, 6, 30), holder_name="Léo Martin", birth_date=date(2001, 5, 4),
            guardian_name=None, issued_at=now - timedelta(days=30),
        )  # fmt: skip
        credential = read_code(payload, TEST_KEYS)
        wallets = [WalletState("atouts-normandie-2017-18", "sport_bon", balance, Cents(3000), 2)]
        verdict = assess(credential, club, wallets, schemes, now)
        assert verdict.accepted and verdict.wallets[0].balance_cents == 1500
        transaction = charge(
            verdict,
            ChargeRequest("atouts-normandie-2017-18", "sport_bon", Cents(4000), id_checked=True),
            txn_id=f"t-{number}", partner=club, schemes=schemes, now=now,
        )  # fmt: skip
        assert (transaction.amount_cents, transaction.complement_cents) == (1500, 2500)
        assert transaction.voucher_serial == f"AT17-000042-B{number}"
        balance = Cents(balance - transaction.amount_cents)
    assert balance == 0
    with pytest.raises(RuleRefusal):
        charge(
            assess(credential, club, [WalletState("atouts-normandie-2017-18", "sport_bon",
                   Cents(0), Cents(3000), 2)], schemes, now),
            ChargeRequest("atouts-normandie-2017-18", "sport_bon", Cents(1000), id_checked=True),
            txn_id="t-3", partner=club, schemes=schemes, now=now,
        )  # fmt: skip


def test_a_voucher_of_a_scheme_this_till_does_not_know() -> None:
    schemes = load_schemes()
    payload = issue_voucher(
        TEST_KEY, region="REU", beneficiary="cd" * 16, serial="XX2030-1", scheme_id="pass-2030",
        category_id="pc", face_cents=1000, valid_until=date(2031, 1, 1), holder_name="Léa",
        birth_date=date(2008, 1, 1), guardian_name=None, issued_at=IN_SEASON,
    )  # fmt: skip
    shop = Partner(
        PartnerId("P"), "Shop", "revendeur_informatique", frozenset({"numerisak"}), "REU"
    )
    credential = read_code(payload, TEST_KEYS)
    verdict = assess(credential, shop, [], schemes, IN_SEASON + timedelta(hours=1))
    assert verdict.reason == "wrong_scheme"


def test_the_2017_first_aid_voucher_pays_once_up_to_40_euros() -> None:
    schemes = load_schemes()
    now = datetime(2017, 11, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    trainer = Partner(
        PartnerId("P-BAFA"), "Centre BAFA", "formation", frozenset({"secourisme"}), "NOR"
    )
    payload = issue_voucher(
        TEST_KEY, region="NOR", beneficiary="ef" * 16, serial="AT17-000077", scheme_id=
        "atouts-normandie-2017-18", category_id="secourisme", face_cents=4000,
        valid_until=date(2018, 6, 30), holder_name="Inès B.", birth_date=date(1999, 2, 1),
        guardian_name=None, issued_at=now - timedelta(days=3),
    )  # fmt: skip
    credential = read_code(payload, TEST_KEYS)
    wallet = WalletState("atouts-normandie-2017-18", "secourisme", Cents(4000), Cents(4000))
    verdict = assess(credential, trainer, [wallet], schemes, now)
    assert verdict.accepted and verdict.wallets[0].balance_cents == 4000
    psc1 = charge(
        verdict,
        ChargeRequest("atouts-normandie-2017-18", "secourisme", Cents(6000), id_checked=True),
        txn_id="t-psc1", partner=trainer, schemes=schemes, now=now,
    )  # fmt: skip
    assert (psc1.amount_cents, psc1.complement_cents, psc1.voucher_serial) == (
        4000, 2000, "AT17-000077",
    )  # fmt: skip
