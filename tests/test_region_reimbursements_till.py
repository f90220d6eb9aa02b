"""A real till against the real reference Region: the statement the server builds, signs and
serves is the one the till's sync keeps and reconciles (the two halves of one contract)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pos_app.back_office.reimbursements import Reimbursements
from pos_app.cli import main
from pos_app.domain.reconciliation import Difference, PeriodState
from pos_app.services import Till
from sync.region_sim.runner import BackgroundServer
from sync.region_sim.state import RegionState

Region = tuple[RegionState, BackgroundServer]


def sell(till: Till, region: Region, now: datetime, *amounts: str) -> None:
    state, _ = region
    for amount in amounts:
        till.charge(state.qr_payload("B002", now), "spectacle", amount)


def sim(tmp_path: Path, *args: str) -> int:
    return main(["region-sim", "reimbursements", *args, "--data-dir", str(tmp_path / "region")])


def test_a_batch_paid_as_counted_settles_the_tills_period(
    cinema_till: Till,
    region: Region,
    fixed_now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-04-10T10:00:00+02:00")  # till and Region
    report = cinema_till.sync()
    assert (report.statements, report.statement_error) == (1, "")
    [march] = Reimbursements(cinema_till).periods()
    assert (march.key, march.check.state, march.check.region_cents) == (
        "2026-03",
        PeriodState.PENDING,
        1050,
    )
    assert sim(tmp_path, "pay", march.check.batch.id) == 0
    assert cinema_till.sync().statements == 1
    [march] = Reimbursements(cinema_till).periods()
    assert (march.check.state, march.check.paid_cents) == (PeriodState.SETTLED, 1050)
    assert cinema_till.sync().statements == 0  # nothing changed since: nothing again


def test_a_transaction_left_out_of_the_payment_is_found_by_the_till(
    cinema_till: Till,
    region: Region,
    fixed_now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    sell(cinema_till, region, fixed_now, "6", "4,50")
    cinema_till.sync()
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-04-10T10:00:00+02:00")
    cinema_till.sync()
    [march] = Reimbursements(cinema_till).periods()
    [batch] = Reimbursements(cinema_till).facts().batches  # a period's check has no lines
    [left_out] = [line.txn_id for line in batch.lines if line.amount_cents == 450]
    args = ["pay", march.check.batch.id, "--omit", left_out, "--amount", "5,00"]
    assert sim(tmp_path, *args) == 0
    assert cinema_till.sync().statement_error == ""
    [march] = Reimbursements(cinema_till).periods()
    assert march.check.state is PeriodState.WRONG
    assert [(d.txn_id, d.difference) for d in march.check.differences] == [
        (left_out, Difference.UNKNOWN_TO_REGION)
    ]
    assert march.check.payment_gap_cents == 100  # the Region counted 6,00 € and paid 5,00 €
