"""Reimbursement periods and the Region's batch rule, as tables (pure domain, no I/O)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain.batches import (
    OUT_OF_SEASON,
    VOIDED,
    RegionTransaction,
    count_lines,
    due_for,
    rejection_text,
)
from pos_app.domain.periods import (
    PeriodError,
    claim,
    local_day,
    month_of,
    parse_period,
    payment_due_by,
    payment_ordered_on,
    period_of,
    week_of,
)
from pos_app.domain.schemes import ReimbursementRhythm
from pos_app.scheme_files import load_schemes

SCHEMES = load_schemes()
CULTURE = SCHEMES["atouts-culture-sport-2025-26"]
LIVRES = SCHEMES["atouts-livres-ep-2025-26"]
NUMERISAK = SCHEMES["numerisak-2026-27"]
PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("day", "key", "start", "end"),
    [
        (date(2026, 1, 1), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),  # week 1 in Dec
        (date(2025, 12, 31), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        (date(2021, 1, 3), "2020-W53", date(2020, 12, 28), date(2021, 1, 3)),  # week 53
        (date(2026, 12, 31), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        (date(2026, 3, 29), "2026-W13", date(2026, 3, 23), date(2026, 3, 29)),  # DST Sunday
        (date(2026, 10, 25), "2026-W43", date(2026, 10, 19), date(2026, 10, 25)),
    ],
)
def test_iso_weeks_run_monday_to_sunday(day: date, key: str, start: date, end: date) -> None:
    week = week_of(day)
    assert (week.key, week.start, week.end) == (key, start, end)
    assert parse_period(ReimbursementRhythm.WEEKLY, key) == week


@pytest.mark.parametrize(
    ("day", "key", "end"),
    [
        (date(2026, 2, 14), "2026-02", date(2026, 2, 28)),
        (date(2028, 2, 29), "2028-02", date(2028, 2, 29)),
        (date(2025, 12, 31), "2025-12", date(2025, 12, 31)),
        (date(2026, 6, 30), "2026-06", date(2026, 6, 30)),
    ],
)
def test_months_are_calendar_months(day: date, key: str, end: date) -> None:
    month = month_of(day)
    assert (month.key, month.start, month.end) == (key, day.replace(day=1), end)
    assert parse_period(ReimbursementRhythm.MONTHLY, key) == month


@pytest.mark.parametrize(
    ("instant", "scheme", "key"),
    [
        # The season's last evening: 30 June 23:30 Paris is June; 00:30 on 1 July is July.
        (datetime(2026, 6, 30, 21, 30, tzinfo=UTC), CULTURE, "2026-06"),
        (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), CULTURE, "2026-07"),
        # Sunday 23:30 in Paris is still that ISO week, whatever UTC says.
        (datetime(2026, 3, 29, 23, 30, tzinfo=PARIS), LIVRES, "2026-W13"),
        (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), LIVRES, "2026-W14"),  # 00:30 Monday CEST
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), LIVRES, "2026-W43"),  # 23:30 CET Sunday
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), LIVRES, "2026-W44"),
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), CULTURE, "2026-01"),  # 00:30 on 1 Jan
    ],
)
def test_a_transaction_belongs_to_the_period_of_its_local_day(
    instant: datetime, scheme, key: str
) -> None:
    period = period_of(scheme, instant)
    assert period is not None and period.key == key


def test_a_per_claim_scheme_has_no_period_but_deposits() -> None:
    assert period_of(NUMERISAK, datetime(2026, 9, 1, 10, tzinfo=REUNION)) is None
    deposit = claim("DEP-2026-0001", date(2026, 9, 15))
    assert (deposit.start, deposit.end, deposit.key) == (
        date(2026, 9, 15),
        date(2026, 9, 15),
        "claim-DEP-2026-0001",
    )
    with pytest.raises(PeriodError):
        claim("../../etc", date(2026, 9, 15))


@pytest.mark.parametrize(
    ("rhythm", "key"),
    [
        (ReimbursementRhythm.WEEKLY, "2026-W54"),
        (ReimbursementRhythm.WEEKLY, "2025-W53"),  # 2025 has 52 weeks
        (ReimbursementRhythm.WEEKLY, "2026-03"),
        (ReimbursementRhythm.MONTHLY, "2026-13"),
        (ReimbursementRhythm.MONTHLY, "2026-W01"),
        (ReimbursementRhythm.MONTHLY, "mars"),
        (ReimbursementRhythm.PER_CLAIM, "claim-x"),  # a claim needs its deposit date
    ],
)
def test_an_unknown_period_is_refused(rhythm: ReimbursementRhythm, key: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(rhythm, key)


def test_payment_is_ordered_the_next_day_and_due_within_the_schemes_delay() -> None:
    june = month_of(date(2026, 6, 1))
    assert payment_ordered_on(june) == date(2026, 7, 1)
    assert payment_due_by(CULTURE, june) == date(2026, 7, 16)
    week = week_of(date(2026, 1, 1))
    assert payment_ordered_on(week) == date(2026, 1, 5)  # the Monday after
    assert payment_due_by(LIVRES, week) == date(2026, 1, 20)
    assert payment_due_by(NUMERISAK, claim("D1", date(2026, 9, 1))) is None  # none set


def test_an_instant_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        local_day(CULTURE, datetime(2026, 3, 1, 12))


# --- the batch rule ---------------------------------------------------------------------------


def txn(
    txn_id: str,
    when: datetime,
    amount: int = 600,
    *,
    kind: str = "debit",
    accepted: bool = True,
    reason: str = "",
    voids: str | None = None,
) -> RegionTransaction:
    return RegionTransaction(
        txn_id=txn_id,
        device_id="D-1",
        kind=kind,
        created_at=when,
        amount_cents=amount,
        scheme_id=CULTURE.id,
        accepted=accepted,
        reason=reason,
        voids=voids,
    )


MARCH = month_of(date(2026, 3, 1))
APRIL = month_of(date(2026, 4, 1))


def at(day: int, hour: int = 20, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=PARIS)


def test_a_batch_takes_its_period_and_late_arrivals_but_not_the_next_period() -> None:
    late = txn("late", at(27, month=2))
    here = txn("here", at(31, 23))
    next_month = txn("next", datetime(2026, 3, 31, 22, 30, tzinfo=UTC))  # 00:30 on 1 April
    taken = due_for(CULTURE, MARCH, [late, here, next_month])
    assert [t.txn_id for t in taken] == ["late", "here"]
    lines = count_lines(CULTURE, taken, {})
    assert [(line.txn_id, line.origin, line.counted) for line in lines] == [
        ("late", "2026-02", True),
        ("here", "2026-03", True),
    ]


def test_a_sale_voided_in_the_same_batch_is_shown_and_not_paid() -> None:
    sale = txn("s1", at(10))
    cancel = txn("v1", at(10, 21), kind="void", voids="s1")
    other = txn("s2", at(12), 450)
    lines = count_lines(CULTURE, [sale, cancel, other], {})
    assert [(line.txn_id, line.counted, line.reason) for line in lines] == [
        ("s1", False, VOIDED),
        ("v1", False, VOIDED),
        ("s2", True, ""),
    ]
    assert sum(line.amount_cents for line in lines if line.counted) == 450


def test_a_sale_voided_across_a_period_boundary_is_taken_back_in_the_next_batch() -> None:
    sale = txn("s1", at(31, 23))
    [first] = count_lines(CULTURE, due_for(CULTURE, MARCH, [sale]), {})
    assert first.counted and first.amount_cents == 600
    cancel = txn("v1", at(1, 0, month=4) + timedelta(minutes=15), kind="void", voids="s1")
    [second] = count_lines(CULTURE, due_for(CULTURE, APRIL, [cancel]), {"s1": 600})
    assert (second.counted, second.amount_cents, second.origin) == (True, -600, "2026-04")


def test_a_void_of_a_sale_never_paid_takes_nothing_back() -> None:
    cancel = txn("v1", at(2, month=4), kind="void", voids="refused-before")
    [line] = count_lines(CULTURE, [cancel], {})
    assert (line.counted, line.reason) == (False, VOIDED)


def test_the_seasons_last_evening_is_paid_and_the_first_minutes_after_are_not() -> None:
    last_evening = txn("in", datetime(2026, 6, 30, 23, 30, tzinfo=PARIS))
    after = txn("out", datetime(2026, 7, 1, 0, 30, tzinfo=PARIS))
    lines = count_lines(CULTURE, [last_evening, after], {})
    assert [(line.txn_id, line.counted, line.reason) for line in lines] == [
        ("in", True, ""),
        ("out", False, OUT_OF_SEASON),
    ]


def test_a_debit_with_its_own_last_day_is_in_season_until_that_day_only() -> None:
    """A printed voucher's date (or its extension) replaces the season's end, not its start."""
    own_end = date(2026, 7, 15)
    within = replace(txn("in", datetime(2026, 7, 15, 23, 30, tzinfo=PARIS)), usable_until=own_end)
    after = replace(txn("out", datetime(2026, 7, 16, 0, 30, tzinfo=PARIS)), usable_until=own_end)
    before = replace(txn("early", datetime(2025, 6, 1, 12, tzinfo=PARIS)), usable_until=own_end)
    lines = count_lines(CULTURE, [before, within, after], {})
    assert [(line.txn_id, line.counted, line.reason) for line in lines] == [
        ("early", False, OUT_OF_SEASON),
        ("in", True, ""),
        ("out", False, OUT_OF_SEASON),
    ]


def test_a_refusal_at_upload_keeps_its_reason_in_words() -> None:
    refused = txn("r1", at(5), accepted=False, reason="not_accredited")
    [line] = count_lines(CULTURE, [refused], {})
    assert (line.counted, line.reason) == (False, "not_accredited")
    assert "agréé" in rejection_text(line.reason)
    assert "zz_new" in rejection_text("zz_new")


def test_the_same_transactions_give_the_same_lines_in_any_order() -> None:
    items = [txn(f"t{i}", at(1 + i % 28, 10 + i % 12), 100 + i) for i in range(30)]
    assert count_lines(CULTURE, items, {}) == count_lines(CULTURE, list(reversed(items)), {})
