"""The till's check of the Region's batches and the dispute deadlines, as tables (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain.batches import Batch, BatchStatus, RegionTransaction, count_lines, due_for
from pos_app.domain.disputes import DisputeState, dispute_window
from pos_app.domain.periods import month_of
from pos_app.domain.reconciliation import (
    Difference,
    PeriodState,
    TillLine,
    foreign_lines,
    reconcile,
)
from pos_app.scheme_files import load_schemes

SCHEMES = load_schemes()
CULTURE = SCHEMES["atouts-culture-sport-2025-26"]
PARIS = ZoneInfo("Europe/Paris")
DEVICE = "D-1"
MARCH = month_of(date(2026, 3, 1))
APRIL = month_of(date(2026, 4, 1))


def at(day: int, month: int = 3, hour: int = 20) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=PARIS)


def sale(txn_id: str, when: datetime, amount: int = 600, **kw) -> TillLine:
    defaults = {"outbox_state": "accepted", "accepted_at": when + timedelta(minutes=5)}
    return TillLine(txn_id, "debit", when, amount, CULTURE.id, **{**defaults, **kw})


def cancel(txn_id: str, when: datetime, of: TillLine) -> TillLine:
    return TillLine(
        txn_id,
        "void",
        when,
        of.amount_cents,
        CULTURE.id,
        "accepted",
        accepted_at=when,
        voids=of.txn_id,
    )


def region_view(line: TillLine, device: str = DEVICE) -> RegionTransaction:
    return RegionTransaction(
        txn_id=line.txn_id,
        device_id=device,
        kind=line.kind,
        created_at=line.created_at,
        amount_cents=line.amount_cents,
        scheme_id=line.scheme_id,
        accepted=line.outbox_state != "rejected",
        reason=line.region_reason,
        voids=line.voids,
    )


def batch_of(
    period,
    lines,
    *,
    counted_before=None,
    paid: int | None = None,
    status=BatchStatus.PAID,
    counted_on: date | None = None,
) -> Batch:
    taken = due_for(CULTURE, period, lines)
    counted = count_lines(CULTURE, taken, counted_before or {})
    total = sum(line.amount_cents for line in counted if line.counted)
    return Batch(
        id=f"B-{period.key}",
        scheme_id=CULTURE.id,
        period=period,
        lines=counted,
        status=status,
        counted_on=counted_on or period.end + timedelta(days=1),
        due_by=period.end + timedelta(days=16),
        ordered_on=period.end + timedelta(days=1),
        paid_on=period.end + timedelta(days=10) if status is BatchStatus.PAID else None,
        paid_cents=(total if paid is None else paid) if status is BatchStatus.PAID else None,
        transfer_ref=f"VIR-{period.key}",
    )


def check(ledger, batches, today=date(2026, 5, 20)):
    return {
        c.period.key: c for c in reconcile(SCHEMES, ledger, batches, device_id=DEVICE, today=today)
    }


def test_a_period_paid_as_the_ledger_says_is_settled() -> None:
    ledger = [sale("a", at(3)), sale("b", at(14), 450)]
    [march] = check(ledger, [batch_of(MARCH, [region_view(x) for x in ledger])]).values()
    assert (march.state, march.till_cents, march.region_cents, march.paid_cents) == (
        PeriodState.SETTLED,
        1050,
        1050,
        1050,
    )
    assert march.differences == () and march.gap_cents == 0


def test_a_payment_short_of_the_count_is_wrong_by_the_difference() -> None:
    ledger = [sale("a", at(3)), sale("b", at(14), 450)]
    march = check(ledger, [batch_of(MARCH, [region_view(x) for x in ledger], paid=1000)])["2026-03"]
    assert (march.state, march.payment_gap_cents, march.gap_cents) == (PeriodState.WRONG, 50, 50)


def test_a_transaction_the_region_left_out_is_unknown_to_it() -> None:
    ledger = [sale("a", at(3)), sale("b", at(14), 450)]
    march = check(ledger, [batch_of(MARCH, [region_view(ledger[0])])])["2026-03"]
    assert march.state is PeriodState.WRONG
    [missing] = march.differences
    assert (missing.txn_id, missing.difference, missing.gap_cents) == (
        "b",
        Difference.UNKNOWN_TO_REGION,
        450,
    )


def test_a_sale_accepted_after_the_count_is_not_yet_counted_then_counted_later() -> None:
    late = sale("late", at(30), accepted_at=at(2, month=4, hour=9))
    on_time = sale("a", at(3))
    march_batch = batch_of(MARCH, [region_view(on_time)])
    first = check([on_time, late], [march_batch], today=date(2026, 4, 3))["2026-03"]
    assert first.state is PeriodState.PENDING
    assert [d.difference for d in first.differences] == [Difference.NOT_YET_COUNTED]
    april_batch = batch_of(APRIL, [region_view(late)], counted_before={"a": 600})
    later = check([on_time, late], [march_batch, april_batch])
    assert later["2026-03"].state is PeriodState.SETTLED
    assert [d.difference for d in later["2026-03"].differences] == [Difference.COUNTED_LATER]
    assert later["2026-03"].region_cents == 1200
    assert later["2026-04"].till_cents == 0 and later["2026-04"].state is PeriodState.SETTLED


def test_a_sale_still_in_the_queue_keeps_the_period_pending() -> None:
    queued = sale("q", at(20), outbox_state="pending", accepted_at=None)
    march = check([queued], [], today=date(2026, 4, 2))["2026-03"]
    assert (march.state, march.differences[0].difference) == (
        PeriodState.PENDING,
        Difference.NOT_SENT,
    )
    assert check([queued], [], today=date(2026, 3, 25))["2026-03"].state is PeriodState.OPEN


def test_a_refusal_is_shown_with_its_reason_and_costs_but_is_no_payment_error() -> None:
    refused = sale("r", at(5), outbox_state="rejected", region_reason="not_accredited")
    paid = sale("p", at(6), 450)
    batch = batch_of(MARCH, [region_view(refused), region_view(paid)])
    march = check([refused, paid], [batch])["2026-03"]
    [line] = march.differences
    assert (line.difference, line.reason, line.gap_cents) == (
        Difference.REFUSED,
        "not_accredited",
        600,
    )
    assert (march.state, march.refused_cents, march.gap_cents) == (PeriodState.SETTLED, 600, 0)


def test_a_sale_and_its_void_in_one_period_agree_on_nothing_due() -> None:
    original = sale("s", at(10))
    undo = cancel("v", at(10, hour=21), original)
    batch = batch_of(MARCH, [region_view(original), region_view(undo)])
    march = check([original, undo], [batch])["2026-03"]
    assert (march.state, march.till_cents, march.differences) == (PeriodState.SETTLED, 0, ())


def test_a_void_across_the_boundary_is_taken_back_in_the_next_period() -> None:
    original = sale("s", at(31, hour=23))
    undo = cancel("v", at(1, month=4, hour=9), original)
    march_batch = batch_of(MARCH, [region_view(original)])
    april_batch = batch_of(APRIL, [region_view(undo)], counted_before={"s": 600})
    result = check([original, undo], [march_batch, april_batch])
    assert (result["2026-03"].till_cents, result["2026-04"].till_cents) == (600, -600)
    assert result["2026-04"].batch is not None and result["2026-04"].batch.counted_cents == -600
    assert all(c.state is PeriodState.SETTLED for c in result.values())


def test_a_transaction_paid_in_two_batches_is_flagged_as_overpaid() -> None:
    twice = sale("t", at(12))
    march_batch = batch_of(MARCH, [region_view(twice)])
    again = batch_of(APRIL, [region_view(twice)])  # the Region counted it again in April
    march = check([twice], [march_batch, again])["2026-03"]
    [line] = march.differences
    assert (line.difference, line.gap_cents) == (Difference.PAID_TWICE, -600)


def test_an_amount_that_differs_is_wrong_by_the_difference() -> None:
    mine = sale("m", at(8), 1250)
    region = RegionTransaction("m", DEVICE, "debit", at(8), 1000, CULTURE.id, True)
    march = check([mine], [batch_of(MARCH, [region])])["2026-03"]
    [line] = march.differences
    assert (line.difference, line.gap_cents) == (Difference.AMOUNT_DIFFERS, 250)


def test_other_tills_lines_count_in_the_batch_but_are_not_reconciled_here() -> None:
    mine = sale("m", at(8))
    theirs = RegionTransaction("o", "D-2", "debit", at(9), 900, CULTURE.id, True)
    batch = batch_of(MARCH, [region_view(mine), theirs])
    march = check([mine], [batch])["2026-03"]
    assert (march.state, march.till_cents, march.region_cents, batch.counted_cents) == (
        PeriodState.SETTLED,
        600,
        600,
        1500,
    )
    assert foreign_lines([batch], DEVICE, ["m"]) == []
    assert [line.txn_id for line in foreign_lines([batch], DEVICE, [])] == ["m"]


@pytest.mark.parametrize(
    ("received", "today", "state", "days_left"),
    [
        (None, date(2026, 4, 11), DisputeState.OPEN, 29),  # paid 10/04: until 10/05
        (None, date(2026, 5, 3), DisputeState.CLOSING, 7),
        (None, date(2026, 5, 10), DisputeState.CLOSING, 0),
        (None, date(2026, 5, 11), DisputeState.CLOSED, -1),
        (date(2026, 4, 13), date(2026, 5, 11), DisputeState.CLOSING, 2),  # confirmed later
    ],
)
def test_the_dispute_deadline_runs_thirty_days_from_receipt(
    received: date | None, today: date, state: DisputeState, days_left: int
) -> None:
    window = dispute_window(30, date(2026, 4, 10), received, today)
    assert (window.state, window.days_left) == (state, days_left)
    assert window.confirmed is (received is not None)
    if state is DisputeState.CLOSED:
        assert "irrecevable" in window.message
    else:
        assert "recommandée" in window.message


def test_a_scheme_without_a_dispute_delay_says_so() -> None:
    window = dispute_window(None, date(2026, 4, 10), None, date(2027, 1, 1))
    assert window.state is DisputeState.NO_DEADLINE and "ne fixe pas" in window.message


def test_a_late_sale_that_the_next_batch_also_leaves_out_is_unknown_to_the_region() -> None:
    late = sale("late", at(30), accepted_at=at(2, month=4, hour=9))
    on_time = sale("a", at(3))
    march_batch = batch_of(MARCH, [region_view(on_time)])
    april_batch = batch_of(APRIL, [], counted_before={"a": 600})  # counted 1 May, without it
    march = check([on_time, late], [march_batch, april_batch])["2026-03"]
    [missing] = march.differences
    assert (missing.difference, missing.gap_cents, march.state) == (
        Difference.UNKNOWN_TO_REGION,
        600,
        PeriodState.WRONG,
    )
