"""Prepaid coupons (seeds 000/001 §4.3.1): reserved online for one partner and one amount,
accepted only where the rules allow, single use, paid from the Region's reservation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import RegionKey, issue_coupon, read_code
from pos_app.domain.model import Partner, PartnerId, WalletState
from pos_app.domain.rules import assess
from pos_app.domain.signing import key_id, public_bytes
from pos_app.scheme_files import load_schemes
from pos_app.services import Till

CLUB = "P-CLUB-HAVRE"


def enrolled(path: Path, server, demo_seed, partner_id: str) -> Till:
    partner = next(p for p in demo_seed["partners"] if p["id"] == partner_id)
    till = Till(path)
    till.enroll(server.url, partner_id, partner["enrollment_code"])
    till.sync()
    return till


@pytest.fixture
def club(tmp_path: Path, region, demo_seed) -> Iterator[Till]:
    _, server = region
    till = enrolled(tmp_path / "club", server, demo_seed, CLUB)
    yield till
    till.close()


def pratique(state, beneficiary: str = "B001") -> int:
    return next(
        w["balance_cents"] for w in state.balances(beneficiary)["wallets"]
        if w["category"] == "pratique"
    )  # fmt: skip


def test_a_coupon_pays_from_its_reservation_once(club: Till, region, fixed_now) -> None:
    state, _ = region
    coupon = state.issue_coupon("B001", CLUB, "pratique", 2000, fixed_now)
    assert pratique(state) == 1000  # 30 € less the 20 € set aside
    verdict = club.check(coupon)
    assert verdict.accepted and verdict.confirm_identity
    assert "Coupon de prépaiement" in verdict.message and "Léa Martin-Lefèvre" in verdict.message
    assert [(w.category_id, w.balance_cents) for w in verdict.wallets] == [("pratique", 2000)]

    transaction = club.charge(coupon, "pratique", "25", "licence_sportive", id_checked=True)
    assert (transaction.amount_cents, transaction.complement_cents) == (2000, 500)
    assert transaction.coupon_id.startswith("CP-")
    assert club.check(coupon).reason == "coupon_used"
    club.sync()
    assert pratique(state) == 1000
    assert club.check(coupon).reason == "coupon_used"


def test_the_unused_part_of_a_coupon_goes_back_to_the_wallet(club: Till, region, fixed_now) -> None:
    state, _ = region
    coupon = state.issue_coupon("B001", CLUB, "pratique", 2000, fixed_now)
    club.sync()
    paper = state.qr_payload("B001", fixed_now)
    before = {w.category_id: w.balance_cents for w in club.check(paper).wallets}
    assert before == {"pratique": 1000}  # the reservation is not spendable twice
    club.charge(coupon, "pratique", "15", "licence_sportive", id_checked=True)
    club.sync()
    assert pratique(state) == 1500


def test_a_coupon_reserved_for_another_partner(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    coupon = state.issue_coupon("B001", CLUB, "pratique", 1000, fixed_now)
    assert cinema_till.check(coupon).reason == "coupon_other_partner"


def test_the_region_refuses_coupons_where_the_rules_do_not_allow(region, fixed_now) -> None:
    state, _ = region
    with pytest.raises(ValueError, match="does not take coupons"):
        state.issue_coupon("B001", "P-CINE-LUX", "cinema", 1000, fixed_now)
    with pytest.raises(ValueError, match="outside"):
        state.issue_coupon("B001", CLUB, "pratique", 9000, fixed_now)


def test_a_second_till_learns_the_coupon_was_used(
    club: Till, region, fixed_now, demo_seed, tmp_path: Path
) -> None:
    state, server = region
    coupon = state.issue_coupon("B001", CLUB, "pratique", 1000, fixed_now)
    club.charge(coupon, "pratique", "10", "licence_sportive", id_checked=True)
    club.sync()
    with enrolled(tmp_path / "club-2", server, demo_seed, CLUB) as second:
        assert second.check(coupon).reason == "coupon_used"


def test_only_the_partner_kinds_of_the_rules_take_coupons() -> None:
    """Seed 000 §4.3.1: parents' associations take book coupons, never work-equipment ones."""
    schemes = load_schemes()
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    keys = {
        key_id(public_bytes(key)): RegionKey(
            key_id(public_bytes(key)), public_bytes(key),
            datetime(2000, 1, 1).astimezone(), datetime(2100, 1, 1).astimezone(),
        )
    }  # fmt: skip
    now = datetime(2025, 9, 2, 17, 0).astimezone()
    parents = Partner(PartnerId("P-APE"), "APE", "association_parents", frozenset({"livres",
                      "equipement_pro"}), "NOR")  # fmt: skip

    def verdict(category: str):
        payload = issue_coupon(
            key, region="NOR", coupon_id="CP-1", beneficiary="ab" * 16, partner_id="P-APE",
            scheme_id="atouts-livres-ep-2025-26", category_id=category, amount_cents=3000,
            holder_name="Léa", issued_at=now - timedelta(days=1),
            expires_at=now + timedelta(days=9),
        )  # fmt: skip
        wallet = WalletState("atouts-livres-ep-2025-26", category, 0, 5000)
        return assess(read_code(payload, keys), parents, [wallet], schemes, now)

    assert verdict("livres").accepted
    assert verdict("equipement_pro").reason == "coupon_not_accepted_here"
