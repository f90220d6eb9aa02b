"""The pure part of NUMÉRISAK deposit slips (`pos_app.domain.claims`), as tables."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain.claims import (
    MAX_VOUCHERS,
    ClaimRefusal,
    LineStatus,
    Slip,
    SlipLine,
    acknowledgement_text,
    choose,
    claimable,
    deposit_id,
    read_acknowledgements,
    slip_totals,
)
from pos_app.domain.claims import VoucherSale as Sale
from pos_app.scheme_files import load_schemes

REUNION = ZoneInfo("Indian/Reunion")
SCHEMES = load_schemes()
NUM = "numerisak-2026-27"


def sale(txn: str, day: int = 2, hour: int = 10, **changes: object) -> Sale:
    facts: dict[str, object] = {
        "txn_id": txn,
        "sold_at": datetime(2026, 9, day, hour, tzinfo=REUNION),
        "scheme_id": NUM,
        "voucher_serial": f"NUM2026-{txn}",
        "equipment_serial": "PF3X9K",
        "amount_cents": 35000,
        "price_cents": 59900,
    }
    facts.update(changes)
    return Sale(**facts)  # type: ignore[arg-type]


def test_claimable_are_the_unvoided_voucher_sales_of_a_per_claim_scheme_on_no_slip() -> None:
    sales = [
        sale("aaaaaaaa-1", day=3),
        sale("bbbbbbbb-2", day=2),
        sale("cccccccc-3", voided=True),
        sale("dddddddd-4", scheme_id="atouts-culture-sport-2025-26"),  # counted monthly
        sale("eeeeeeee-5", voucher_serial=""),
        sale("ffffffff-6"),
    ]
    found = claimable(sales, {"ffffffff-6"}, SCHEMES)
    assert [s.txn_id for s in found] == ["bbbbbbbb-2", "aaaaaaaa-1"]  # oldest first


@pytest.mark.parametrize(
    ("wanted", "handed_in", "code"),
    [
        (None, date(2026, 9, 16), "deposit_in_future"),
        (["zzzzzzzz"], date(2026, 9, 15), "not_claimable"),
        (["aaaaaaaa"], date(2026, 9, 15), "ambiguous_reference"),
        (["aaaaaaaa-1"], date(2026, 9, 1), "sold_after_deposit"),
        ([], date(2026, 9, 15), "nothing_to_claim"),  # [] is "every one": there is none
    ],
)
def test_a_slip_that_cannot_be_made(wanted, handed_in: date, code: str) -> None:
    candidates = [sale("aaaaaaaa-1"), sale("aaaaaaaa-2")] if code != "nothing_to_claim" else []
    with pytest.raises(ClaimRefusal) as refused:
        choose(candidates, wanted, handed_in, date(2026, 9, 15), SCHEMES)
    assert refused.value.code == code and refused.value.message


def test_a_slip_takes_ids_or_their_first_8_characters_once_each() -> None:
    candidates = [sale("aaaaaaaa-1"), sale("bbbbbbbb-2"), sale("cccccccc-3")]
    chosen = choose(
        candidates, ["cccccccc", "AAAAAAAA-1", "cccccccc-3"], date(2026, 9, 2), date(2026, 9, 2),
        SCHEMES,
    )  # fmt: skip
    assert [s.txn_id for s in chosen] == ["cccccccc-3", "aaaaaaaa-1"]
    assert len(choose(candidates, None, date(2026, 9, 2), date(2026, 9, 2), SCHEMES)) == 3


def test_the_day_of_sale_is_the_schemes_not_utc() -> None:
    # 1 September 23:30 in La Réunion is 19:30 UTC: sold on the 1st, deposit on the 1st is fine.
    late_evening = sale("aaaaaaaa-1", day=1, hour=23)
    assert choose([late_evening], None, date(2026, 9, 1), date(2026, 9, 1), SCHEMES)
    early = sale("bbbbbbbb-2", sold_at=datetime(2026, 9, 1, 21, 0, tzinfo=ZoneInfo("UTC")))
    with pytest.raises(ClaimRefusal) as refused:  # 2 September 01:00 in La Réunion
        choose([early], None, date(2026, 9, 1), date(2026, 9, 2), SCHEMES)
    assert refused.value.code == "sold_after_deposit" and "02/09/2026" in refused.value.message


def test_a_slip_lists_at_most_what_the_region_takes() -> None:
    many = [sale(f"{n:08d}-x") for n in range(MAX_VOUCHERS + 1)]
    with pytest.raises(ClaimRefusal) as refused:
        choose(many, None, date(2026, 9, 2), date(2026, 9, 2), SCHEMES)
    assert refused.value.code == "too_many_vouchers"


def test_a_slips_totals() -> None:
    lines = [
        SlipLine(sale("a", amount_cents=35000), LineStatus.ACCEPTED),
        SlipLine(sale("b", amount_cents=35000), LineStatus.REFUSED, "annulee"),
        SlipLine(sale("c", amount_cents=30000)),
    ]
    totals = slip_totals(lines)
    assert (totals.vouchers, totals.total_cents) == (3, 100000)
    assert (totals.accepted, totals.accepted_cents) == (1, 35000)
    assert (totals.refused, totals.refused_cents, totals.awaiting) == (1, 35000, 1)
    assert lines[1].status_text == "refusé : vente annulée"
    assert lines[2].status_text == "en attente de l'accusé de la Région"


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("annulee", "vente annulée"),
        ("already_claimed", "bon déjà déposé dans un autre bordereau"),
        ("after_deposit", "vendu après la date de dépôt"),
        ("voucher_used", "bon déjà utilisé"),
        ("nouveau_code", "refusée par la Région (nouveau_code)"),
    ],
)
def test_the_regions_reasons_in_french(reason: str, words: str) -> None:
    assert acknowledgement_text(reason) == words


def test_the_deposit_id_is_the_tills_and_fits_the_region() -> None:
    assert deposit_id("D-5c0f8a1b2e3d", 7) == "DEP-D-5c0f8a1b2e3d-0007"
    assert deposit_id("D-5c0f8a1b2e3d", 12345) == "DEP-D-5c0f8a1b2e3d-12345"


SLIP = Slip(
    1,
    "DEP-D-1-0001",
    date(2026, 9, 15),
    datetime(2026, 9, 15, 9, tzinfo=REUNION),
    (SlipLine(sale("a")), SlipLine(sale("b"))),
)
GOOD = {
    "deposit_id": "DEP-D-1-0001",
    "handed_in": "2026-09-15",
    "batch_ids": ["RB-000001"],
    "acknowledgements": [
        {"txn_id": "a", "status": "accepted", "reason": ""},
        {"txn_id": "b", "status": "refused", "reason": "annulee"},
    ],
}


def test_the_regions_answer_is_read_per_voucher() -> None:
    batch_ids, acks = read_acknowledgements(GOOD, SLIP)
    assert batch_ids == ("RB-000001",)
    assert acks == {"a": (LineStatus.ACCEPTED, ""), "b": (LineStatus.REFUSED, "annulee")}


@pytest.mark.parametrize(
    "changes",
    [
        {"deposit_id": "DEP-D-1-0002"},
        {"handed_in": "2026-09-16"},
        {"acknowledgements": GOOD["acknowledgements"][:1]},
        {"acknowledgements": list(reversed(GOOD["acknowledgements"]))},
        {"acknowledgements": [{"txn_id": "a", "status": "maybe"}, GOOD["acknowledgements"][1]]},
        {"acknowledgements": "all fine"},
        {"batch_ids": "RB-000001"},
    ],
    ids=["other-slip", "other-day", "short", "order", "status", "not-a-list", "batches"],
)
def test_an_answer_that_does_not_fit_the_slip_is_refused(changes: dict) -> None:
    with pytest.raises(ValueError):
        read_acknowledgements({**GOOD, **changes}, SLIP)
