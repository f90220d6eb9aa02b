"""The periods' checks kept between questions (schema 16): after each kind of change, the
answer is the one a reconciliation of everything from scratch gives, and only the periods the
change touched were checked again.

A real till file: sales recorded and answered through the store, statements applied through
it, questions asked through `Reimbursements`, as the window and the CLI ask them.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.back_office import period_cache
from pos_app.back_office.reimbursements import PeriodView, Reimbursements
from pos_app.domain.batches import VOIDED, Batch, BatchLine, BatchStatus
from pos_app.domain.model import (
    BeneficiaryKey,
    Partner,
    PartnerId,
    Transaction,
    TxnId,
    TxnKind,
)
from pos_app.domain.money import Cents
from pos_app.domain.periods import month_of
from pos_app.domain.reconciliation import Difference, PeriodCheck, PeriodState, reconcile
from pos_app.domain.statements import Statement
from pos_app.services import Till
from pos_app.store.till_store import Device, TillStore, UploadResult

CULTURE = "atouts-culture-sport-2025-26"
PARIS = ZoneInfo("Europe/Paris")
DEVICE = "D-kept"
NOW = "2026-03-20T10:00:00+01:00"
JAN, FEB, MAR = (month_of(date(2026, m, 1)) for m in (1, 2, 3))


def at(day: str, hour: int = 15) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=PARIS)


def txn(when: datetime, cents: int, voids: str | None = None) -> Transaction:
    return Transaction(
        id=TxnId(str(uuid.uuid4())),
        kind=TxnKind.VOID if voids else TxnKind.DEBIT,
        created_at=when,
        partner_id=PartnerId("P-CINE-LUX"),
        beneficiary=BeneficiaryKey("pk"),
        scheme_id=CULTURE,
        category_id="cinema",
        item_kind="place_cinema",
        amount_cents=Cents(cents),
        price_cents=Cents(cents),
        complement_cents=Cents(0),
        voids=TxnId(voids) if voids else None,
    )


def line(t: Transaction, counted: bool = True, reason: str = "", origin: str = "") -> BatchLine:
    signed = -t.amount_cents if t.kind is TxnKind.VOID else t.amount_cents
    period = origin or month_of(t.created_at.astimezone(PARIS).date()).key
    return BatchLine(t.id, DEVICE, t.kind.value, t.created_at, signed, counted, reason, period)


def batch(period, lines: tuple[BatchLine, ...], paid_short: int = 0) -> Batch:
    counted = sum(x.amount_cents for x in lines if x.counted)
    end = period.end + timedelta(days=1)
    return Batch(
        id=f"B-{period.key}",
        scheme_id=CULTURE,
        period=period,
        lines=lines,
        status=BatchStatus.PAID,
        counted_on=end,
        due_by=end + timedelta(days=15),
        ordered_on=end,
        paid_on=end + timedelta(days=9),
        paid_cents=counted - paid_short,
        transfer_ref=f"VIR-{period.key}",
    )


class Season:
    """A sale a month from October, each month counted and paid; in January and February
    more: one January sale reached the Region late and is in February's batch, one the Region
    refused as voided; March still open."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.revision = 0
        with TillStore(data_dir) as store:
            partner = Partner(
                PartnerId("P-CINE-LUX"),
                "Cinéma Lux (Caen)",
                "cinema",
                frozenset({"cinema"}),
                "NOR",
                "90112233300015",
                "6 avenue Sainte-Thérèse, 14000 Caen",
            )
            store.save_device(Device("http://127.0.0.1:1", DEVICE, partner, {}, NOW))
            self.jan = [txn(at("2026-01-05"), 600), txn(at("2026-01-20"), 450)]
            self.late = txn(at("2026-01-31", 23), 800)  # 23:00 in Paris, 22:00 UTC
            self.refused = txn(at("2026-01-25"), 500)
            self.feb = [txn(at("2026-02-02"), 700), txn(at("2026-02-27"), 300)]
            self.mar = [txn(at("2026-03-03"), 900)]
            self.autumn = [txn(at(f"2025-{m}-1{m[1]}"), 1000 + int(m)) for m in ("10", "11", "12")]
            everything = [*self.autumn, *self.jan, self.late, self.refused, *self.feb, *self.mar]
            for t in everything:
                store.record(t)
            self.answer(store, everything, "accepted")
            self.jan_batch = batch(JAN, (*map(line, self.jan), line(self.refused, False, VOIDED)))
            self.feb_batch = batch(FEB, (line(self.late), *map(line, self.feb)))
            autumn = [batch(month_of(t.created_at.date()), (line(t),)) for t in self.autumn]
            self.apply(store, *autumn, self.jan_batch, self.feb_batch)

    def answer(self, store: TillStore, txns: list[Transaction], status: str) -> None:
        results = [UploadResult(t.id, status, None, "") for t in txns]
        store.mark_uploaded(results, datetime.fromisoformat(NOW))

    def apply(self, store: TillStore, *batches: Batch) -> None:
        self.revision += 1
        statement = Statement(
            "P-CINE-LUX",
            DEVICE,
            self.revision,
            datetime.fromisoformat(NOW),
            tuple((b, self.revision) for b in batches),
        )
        store.statements.apply(statement, datetime.fromisoformat(NOW))


@pytest.fixture
def season(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Season:
    monkeypatch.setenv("ATOUTS_POS_NOW", NOW)
    return Season(tmp_path / "till")


@pytest.fixture
def till(season: Season) -> Till:
    with Till(season.data_dir) as till:
        yield till


def scratch(service: Reimbursements) -> list[PeriodCheck]:
    """Every period reconciled from every entry and every batch line, nothing kept."""
    facts = service.facts()
    return reconcile(
        service.till.schemes,
        facts.lines,
        facts.batches,
        device_id=facts.device_id,
        today=facts.today,
    )


def asked(till: Till) -> tuple[list[PeriodView], int | None]:
    service = Reimbursements(till)
    views = service.periods()
    assert [view.check for view in views] == scratch(service)
    return views, service.checked_again


def by_key(views: list[PeriodView]) -> dict[str, PeriodCheck]:
    return {view.key: view.check for view in views}


def test_the_first_question_checks_every_period_and_the_next_one_none(till: Till) -> None:
    views, again = asked(till)
    assert again is None
    checks = by_key(views)
    assert [checks[k].state for k in ("2026-01", "2026-02", "2026-03")] == [
        PeriodState.SETTLED,
        PeriodState.SETTLED,
        PeriodState.OPEN,
    ]
    assert [d.difference for d in checks["2026-01"].differences] == [
        Difference.COUNTED_LATER,
        Difference.REFUSED,
    ]
    assert asked(till)[1] == 0


def test_a_new_sale_checks_its_period_again_and_no_other(till: Till) -> None:
    asked(till)
    till.store.record(txn(at("2026-03-10"), 1000))
    views, again = asked(till)
    assert again == 1
    assert by_key(views)["2026-03"].till_cents == 1900
    assert by_key(views)["2026-03"].differences[-1].difference is Difference.NOT_SENT


def test_a_void_in_a_later_period_checks_the_voided_sale_again(till: Till, season: Season) -> None:
    # January's batch refused a sale as voided that the till had not voided: a difference.
    before = by_key(asked(till)[0])["2026-01"]
    assert Difference.REFUSED in {d.difference for d in before.differences}
    till.store.record(txn(at("2026-02-10"), 500, voids=season.refused.id))
    views, again = asked(till)
    assert again == 2  # February (the void) and January (the sale it cancels)
    after = by_key(views)["2026-01"]
    assert Difference.REFUSED not in {d.difference for d in after.differences}


def test_an_upload_answer_checks_the_period_of_its_entry_again(till: Till, season: Season) -> None:
    sale = txn(at("2026-03-11"), 400)
    till.store.record(sale)
    assert by_key(asked(till)[0])["2026-03"].differences[-1].difference is Difference.NOT_SENT
    till.store.mark_uploaded(
        [UploadResult(TxnId(sale.id), "rejected", None, "insufficient_balance")],
        datetime.fromisoformat(NOW),
    )
    views, again = asked(till)
    assert again == 1
    last = by_key(views)["2026-03"].differences[-1]
    assert (last.difference, last.reason) == (Difference.REFUSED, "insufficient_balance")


def test_a_revision_of_a_batch_lines_checks_the_periods_of_its_old_and_new_lines(
    till: Till, season: Season
) -> None:
    asked(till)
    with_late = season.feb_batch
    # The Region takes the late January sale out of February's batch: not counted any more.
    without = replace(with_late, lines=with_late.lines[1:])
    without = replace(without, paid_cents=sum(x.amount_cents for x in without.lines))
    season.apply(till.store, without)
    views, again = asked(till)
    assert again == 2  # February (its own batch) and January (a line it read there)
    january = by_key(views)["2026-01"]
    assert january.state is PeriodState.PENDING
    assert (season.late.id, Difference.NOT_YET_COUNTED) in {
        (d.txn_id, d.difference) for d in january.differences
    }
    # ... then counts it in February's batch again: January is read again for that line.
    season.apply(till.store, with_late)
    views, again = asked(till)
    assert again == 2
    assert by_key(views)["2026-01"].state is PeriodState.SETTLED


def test_a_new_latest_batch_checks_again_the_periods_with_an_entry_in_no_batch(
    till: Till, season: Season, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = replace(season.feb_batch, lines=season.feb_batch.lines[1:])
    season.apply(till.store, replace(without, paid_cents=without.paid_cents - 800))
    january = by_key(asked(till)[0])["2026-01"]
    assert Difference.NOT_YET_COUNTED in {d.difference for d in january.differences}
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-04-05T10:00:00+02:00")
    # March's batch takes every transaction up to 31 March, and not the late January sale the
    # Region had accepted on 20 March: it left it out.
    season.apply(till.store, batch(MAR, tuple(map(line, season.mar))))
    views, again = asked(till)
    assert again == 2  # March (its batch) and January (checked against the latest batch)
    january = by_key(views)["2026-01"]
    assert january.state is PeriodState.WRONG
    assert Difference.UNKNOWN_TO_REGION in {d.difference for d in january.differences}


def test_a_revision_that_only_moves_the_payment_checks_nothing_again(
    till: Till, season: Season
) -> None:
    asked(till)
    season.apply(till.store, replace(season.feb_batch, paid_cents=season.feb_batch.paid_cents - 50))
    views, again = asked(till)
    assert again == 0
    february = by_key(views)["2026-02"]
    assert (february.state, february.payment_gap_cents) == (PeriodState.WRONG, 50)


def test_a_batch_for_a_period_that_had_none_checks_it_again(till: Till, season: Season) -> None:
    asked(till)
    season.apply(till.store, batch(MAR, tuple(map(line, season.mar))))
    views, again = asked(till)
    assert again is not None and again >= 1
    assert by_key(views)["2026-03"].state is PeriodState.SETTLED


def test_a_receipt_date_moves_the_dispute_deadline_without_checking_again(
    till: Till, season: Season
) -> None:
    season.apply(till.store, replace(season.feb_batch, paid_cents=season.feb_batch.paid_cents - 50))
    [february] = [v for v in asked(till)[0] if v.key == "2026-02"]
    assert february.dispute is not None
    service = Reimbursements(till)
    service.confirm_receipt("B-2026-02", date(2026, 3, 14))
    [moved] = [v for v in service.periods() if v.key == "2026-02"]
    assert service.checked_again == 0
    assert moved.dispute is not None and moved.dispute != february.dispute
    assert moved.dispute == service._view(moved.check, {"B-2026-02": date(2026, 3, 14)},
                                          service._today()).dispute  # fmt: skip


def test_the_day_passing_changes_the_state_of_a_kept_period(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert by_key(asked(till)[0])["2026-03"].state is PeriodState.OPEN
    monkeypatch.setenv("ATOUTS_POS_NOW", "2026-04-02T10:00:00+02:00")
    views, again = asked(till)
    assert again == 0
    assert by_key(views)["2026-03"].state is PeriodState.PENDING


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE period_checks SET body = replace(body, '\"till_cents\": 900', "
        "'\"till_cents\": 901') WHERE period_key = '2026-03'",
        "UPDATE period_checks SET body = 'not json' WHERE period_key = '2026-03'",
        "DELETE FROM period_checks WHERE period_key = '2026-03'",
        "UPDATE period_checks SET body = (SELECT body FROM period_checks "
        "WHERE period_key = '2026-02') WHERE period_key = '2026-03'",
    ],
)
def test_a_damaged_or_missing_kept_check_is_checked_again_not_trusted(
    till: Till, damage: str
) -> None:
    asked(till)
    till.store.conn.execute(damage)
    views, again = asked(till)
    assert again == 1
    assert by_key(views)["2026-03"].till_cents == 900


def test_an_unreadable_list_of_kept_checks_checks_everything_again(till: Till) -> None:
    asked(till)
    till.store.conn.execute("UPDATE period_checks_meta SET body = '{'")
    assert asked(till)[1] is None
    assert asked(till)[1] == 0


def test_checks_kept_by_an_older_question_never_overwrite_newer_ones(
    till: Till, season: Season
) -> None:
    store, schemes = till.store, till.schemes
    asked(till)
    with store.period_checks.reading():
        old = period_cache.read(store, schemes, DEVICE)
    till.store.record(txn(at("2026-03-12"), 200))
    asked(till)  # a newer question keeps the checks with this sale
    stale = period_cache.compute(old, schemes)
    assert not period_cache.keep(store, schemes, old, stale)
    views, again = asked(till)
    assert again == 0 and by_key(views)["2026-03"].till_cents == 1100


def test_a_change_made_while_the_first_checks_are_computed_is_not_missed(
    till: Till, season: Season
) -> None:
    store, schemes = till.store, till.schemes
    period_cache.prepare(store)
    with store.period_checks.reading():
        plan = period_cache.read(store, schemes, DEVICE)
    sale = season.mar[0]  # its upload's answer changes while the first checks are computed
    with TillStore(season.data_dir, _companion_of=store) as companion:  # as the sync does
        companion.conn.execute("UPDATE outbox SET state = 'pending' WHERE txn_id = ?", (sale.id,))
    assert period_cache.keep(store, schemes, plan, period_cache.compute(plan, schemes))
    views, again = asked(till)
    assert again == 1
    assert by_key(views)["2026-03"].differences[-1].difference is Difference.NOT_SENT
