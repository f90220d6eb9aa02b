"""The first check of every period counts the entries that agree with the Region in SQL
(`PeriodCacheTables.agreed_read`, the periods' instants from `periods.utc_spans`) and leaves
only the others to the domain: the answer must be the pure `check_lines`' on every entry, for
every kind of line and on the days where a period's bounds are easy to get wrong.

A monthly and a weekly scheme (both Europe/Paris), each entry in its own period's batch
(agreed) and a twin of it counted in the batch before or after (`counted_later`, or the wrong
period if the SQL put it there): on 31 December, in ISO weeks 1 and 53, on the last Sundays of
March and October, on the season's last evening (30 June 23:30 in, 1 July 00:30 out), a second
before and at midnight, and every kind of difference.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from pos_app.back_office import period_cache
from pos_app.back_office.reimbursements import Reimbursements
from pos_app.domain.batches import VOIDED, Batch, BatchLine, BatchStatus
from pos_app.domain.model import BeneficiaryKey, Partner, PartnerId, Transaction, TxnId, TxnKind
from pos_app.domain.money import Cents
from pos_app.domain.periods import Period, month_of, period_of, utc_spans, week_of
from pos_app.domain.reconciliation import Difference, agrees, check_lines
from pos_app.domain.schemes import ReimbursementRhythm
from pos_app.domain.statements import Statement
from pos_app.scheme_files import load_schemes
from pos_app.services import Till
from pos_app.store.till_store import Device, TillStore, UploadResult

MONTHLY = "atouts-culture-sport-2025-26"
WEEKLY = "atouts-livres-ep-2025-26"
PARIS = ZoneInfo("Europe/Paris")
DEVICE = "D-sql"
NOW = "2027-02-20T10:00:00+01:00"

EDGES = [
    datetime(2025, 10, 26, 1, 30, tzinfo=PARIS),  # last Sunday of October, before 03:00 → 02:00
    datetime(2025, 10, 26, 2, 30, tzinfo=PARIS, fold=1),  # the hour lived twice, second time
    datetime(2025, 10, 31, 23, 59, 59, 999_700, tzinfo=PARIS),  # SQLite would round it to Nov.
    datetime(2025, 11, 1, 0, 0, tzinfo=PARIS),
    datetime(2025, 12, 28, 23, 30, tzinfo=PARIS),  # Sunday of ISO week 52 of 2025
    datetime(2025, 12, 29, 0, 30, tzinfo=PARIS),  # Monday of ISO week 1 of 2026
    datetime(2025, 12, 31, 23, 30, tzinfo=PARIS),  # 31 December: December, week 1 of 2026
    datetime(2026, 1, 1, 0, 30, tzinfo=PARIS),
    datetime(2026, 3, 29, 1, 59, 59, tzinfo=PARIS),  # last Sunday of March, 02:00 → 03:00
    datetime(2026, 3, 29, 3, 0, tzinfo=PARIS),
    datetime(2026, 3, 31, 23, 59, 59, tzinfo=PARIS),
    datetime(2026, 6, 30, 23, 30, tzinfo=PARIS),  # the season's last evening: June
    datetime(2026, 7, 1, 0, 30, tzinfo=PARIS),  # 22:30 UTC on 30 June: July
    datetime(2026, 12, 28, 0, 0, tzinfo=PARIS),  # Monday of ISO week 53 of 2026
    datetime(2027, 1, 3, 23, 59, 59, tzinfo=PARIS),  # its Sunday, in 2027
    datetime(2027, 1, 4, 0, 0, tzinfo=PARIS),  # week 1 of 2027
    datetime(2026, 5, 10, 12, 0, tzinfo=UTC),  # recorded at another offset than the zone's
]


def txn(scheme: str, when: datetime, cents: int, voids: str | None = None) -> Transaction:
    return Transaction(
        id=TxnId(str(uuid.uuid4())),
        kind=TxnKind.VOID if voids else TxnKind.DEBIT,
        created_at=when,
        partner_id=PartnerId("P-LIB"),
        beneficiary=BeneficiaryKey("pk"),
        scheme_id=scheme,
        category_id="livres",
        item_kind="",
        amount_cents=Cents(cents),
        price_cents=Cents(cents),
        complement_cents=Cents(0),
        voids=TxnId(voids) if voids else None,
    )


def line(t: Transaction, cents: int | None = None, counted: bool = True, reason: str = ""):
    signed = -t.amount_cents if t.kind is TxnKind.VOID else t.amount_cents
    return BatchLine(
        t.id, DEVICE, t.kind.value, t.created_at, signed if cents is None else cents, counted,
        reason, "",
    )  # fmt: skip


class Ledger:
    """Entries of every kind in both schemes, and each period's batch."""

    def __init__(self, data_dir: Path) -> None:
        self.schemes = load_schemes()
        self.lines: dict[tuple[str, str], list[BatchLine]] = {}
        self.periods: dict[tuple[str, str], Period] = {}
        self.accepted: list[tuple[Transaction, datetime]] = []
        self.rejected: list[Transaction] = []
        self.txns: list[Transaction] = []
        self.data_dir = data_dir
        for scheme in (MONTHLY, WEEKLY):
            self.edges(scheme)
            self.differences(scheme)
        with TillStore(data_dir) as store:
            partner = Partner(
                PartnerId("P-LIB"), "Librairie ; « Le Port »", "librairie",
                frozenset({"livres"}), "NOR", "90112233300015", "1 quai, 14000 Caen",
            )  # fmt: skip
            store.save_device(Device("http://127.0.0.1:1", DEVICE, partner, {}, NOW))
            for t in self.txns:
                store.record(t)
            for t, at in self.accepted:
                store.mark_uploaded([UploadResult(t.id, "accepted", None, "")], at)
            for t in self.rejected:
                refusal = UploadResult(t.id, "rejected", None, "insufficient_balance")
                store.mark_uploaded([refusal], t.created_at + timedelta(minutes=1))
            batches = []
            for (scheme, key), period in sorted(self.periods.items()):
                end = period.end + timedelta(days=1)
                lines = tuple(self.lines.get((scheme, key), ()))
                counted = sum(x.amount_cents for x in lines if x.counted)
                batch = Batch(
                    id=f"B-{scheme[:12]}-{key}", scheme_id=scheme, period=period, lines=lines,
                    status=BatchStatus.PAID, counted_on=end, due_by=end + timedelta(days=15),
                    ordered_on=end, paid_on=end + timedelta(days=9), paid_cents=counted,
                    transfer_ref=f"VIR-{key}",
                )  # fmt: skip
                batches.append((batch, 1))
            at = datetime.fromisoformat(NOW)
            store.statements.apply(Statement("P-LIB", DEVICE, 1, at, tuple(batches)), at)

    def period(self, scheme: str, when: datetime, shift: int = 0) -> tuple[str, str]:
        own = period_of(self.schemes[scheme], when)
        assert own is not None
        day = own.start + timedelta(days=shift * 7) if shift >= 0 else own.start - timedelta(1)
        if shift > 0:
            day = own.end + timedelta(days=1)
        weekly = scheme == WEEKLY
        period = week_of(day) if weekly else month_of(day)
        self.periods[(scheme, period.key)] = period
        return (scheme, period.key)

    def add(self, t: Transaction, *, accepted: datetime | None = None) -> Transaction:
        self.txns.append(t)
        self.accepted.append((t, accepted or t.created_at + timedelta(minutes=1)))
        return t

    def counted_in(self, key: tuple[str, str], *lines: BatchLine) -> None:
        self.lines.setdefault(key, []).extend(lines)

    def edges(self, scheme: str) -> None:
        for when in EDGES:
            agreed = self.add(txn(scheme, when, 700))
            self.counted_in(self.period(scheme, when), line(agreed))
            for shift in (-1, 1):  # a twin counted in the batch before, one in the batch after
                twin = self.add(txn(scheme, when, 300))
                self.period(scheme, when)  # its own period has a batch too
                self.counted_in(self.period(scheme, when, shift), line(twin))

    def differences(self, scheme: str) -> None:
        when = datetime(2026, 2, 10, 15, 0, tzinfo=PARIS)
        own = self.period(scheme, when)
        differs = self.add(txn(scheme, when, 800))
        twice = self.add(txn(scheme, when, 900))
        listed_refused = self.add(txn(scheme, when, 450))
        voided = self.add(txn(scheme, when, 650))
        void = self.add(txn(scheme, when + timedelta(minutes=5), 650, voided.id))
        across = self.add(txn(scheme, datetime(2026, 2, 28, 22, 0, tzinfo=PARIS), 550))
        cancel = txn(scheme, datetime(2026, 3, 2, 10, 0, tzinfo=PARIS), 550, across.id)
        self.add(cancel)  # a void in the next period, both counted (sale, then its void)
        self.period(scheme, cancel.created_at)
        counted_and_refused = self.add(txn(scheme, when, 350))
        self.counted_in(
            own,
            line(differs, 750),
            line(twice),
            line(listed_refused, counted=False, reason="insufficient_balance"),
            line(voided, counted=False, reason=VOIDED),
            line(void, counted=False, reason=VOIDED),
            line(across),
            line(counted_and_refused),
            line(counted_and_refused, counted=False, reason="duplicate"),
        )
        self.counted_in(self.period(scheme, when, 1), line(twice))  # paid twice
        self.counted_in(self.period(scheme, cancel.created_at), line(cancel))
        other_device = self.add(txn(scheme, when, 250))  # listed once, for another till
        self.counted_in(own, line(other_device)._replace(device_id="D-other"))
        self.add(txn(scheme, when, 200), accepted=when + timedelta(minutes=1))  # left out
        refused = txn(scheme, when, 150)
        self.txns.append(refused)
        self.rejected.append(refused)
        pending = txn(scheme, when, 120)
        self.txns.append(pending)  # never answered: not sent
        late = self.add(txn(scheme, datetime(2027, 1, 20, 10, 0, tzinfo=PARIS), 130))
        self.period(scheme, late.created_at)  # accepted after the latest batch: not yet counted
        self.accepted[-1] = (late, datetime(2027, 2, 19, 10, 0, tzinfo=PARIS))
        no_batch = datetime(2025, 8, 15, 12, 0, tzinfo=PARIS)  # a period without any batch
        self.add(txn(scheme, no_batch, 100))
        # The first second of a period without a batch (September 2026; the week of 7
        # September), listed in the batch before: in no bucket, whatever the one before.
        first = datetime(2026, 9, 1 if scheme == MONTHLY else 7, tzinfo=PARIS)
        after_gap = self.add(txn(scheme, first, 110))
        before = self.period(scheme, first - timedelta(seconds=1))
        self.counted_in(before, line(after_gap))


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ledger:
    monkeypatch.setenv("ATOUTS_POS_NOW", NOW)
    return Ledger(tmp_path / "till")


def test_counting_the_agreed_entries_in_sql_gives_the_pure_check(ledger: Ledger) -> None:
    with Till(ledger.data_dir) as till:
        service = Reimbursements(till)
        facts = service.facts()
        pure = check_lines(till.schemes, facts.lines, facts.batches, device_id=facts.device_id)
        store = till.store
        period_cache.prepare(store)
        with store.period_checks.reading():
            plan = period_cache.read(store, till.schemes, facts.device_id)
        assert plan.dirty is None  # nothing kept: every period, through the SQL
        fast = period_cache.compute(plan, till.schemes)
        assert fast == pure
        kinds = {line.difference for part in pure.values() for line in part.differences}
        assert kinds == set(Difference)  # every kind of line is there
        agreed = sum(1 for t in ledger.txns if t.amount_cents == 700)
        # The SQL counted the agreed entries (each edge's own, listed once in its period's
        # batch), the domain was left the others: every edge's twins and the differences.
        assert not [line for line in plan.ledger if line.amount_cents == 700]
        assert len(plan.ledger) <= len(ledger.txns) - agreed
        # Exactly the entries the domain's rule does not agree with were left to it.
        assert {line.txn_id for line in plan.ledger} == not_agreed(till, facts)
        # And the whole answer, kept and asked again, is a reconciliation from scratch's.
        views = service.periods()
        again = service.periods()
        assert [view.check for view in views] == [view.check for view in again]


def not_agreed(till: Till, facts) -> set[str]:
    """The entries `agrees` says no to, by the pure rule on every line."""
    found: dict[str, list[tuple[Batch, BatchLine]]] = {}
    for batch in facts.batches:
        for line in batch.lines:
            if line.device_id == facts.device_id:
                found.setdefault(line.txn_id, []).append((batch, line))
    own = {(b.scheme_id, b.period.key): b for b in facts.batches}
    left = set()
    for entry in facts.lines:
        period = period_of(till.schemes[entry.scheme_id], entry.created_at)
        assert period is not None
        batch = own.get((entry.scheme_id, period.key))
        if not agrees(entry.signed_cents, found.get(entry.txn_id, []), batch):
            left.add(entry.txn_id)
    return left


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(2025, 8, 1), date(2026, 7, 31)), (date(2025, 12, 1), date(2027, 1, 31))],
)
@pytest.mark.parametrize("scheme_id", [MONTHLY, WEEKLY])
def test_each_span_is_the_instants_the_zone_database_puts_in_its_period(
    scheme_id: str, first: date, last: date
) -> None:
    scheme = load_schemes()[scheme_id]
    spans = utc_spans(scheme, first, last)
    assert spans is not None
    assert all(a.end == b.start for a, b in pairwise(spans))  # no gap
    for span in spans:
        for instant in (span.start, span.start + 1, span.end - 1):
            local = datetime.fromtimestamp(instant, PARIS)
            assert period_of(scheme, local) == span.period
            assert local.utcoffset() == timedelta(seconds=span.offset)
    keys = [span.period.key for span in spans]
    if scheme_id == WEEKLY and last.year == 2027:
        assert "2026-W53" in keys and "2026-W01" in keys


class _FallsBackAcrossMidnight(tzinfo):
    """UTC+1 until 1 May 2030 00:30 local (23:30 UTC on 30 April), UTC after: 30 April's
    last half hour comes back after 1 May began. (Santiago's fall-backs at 24:00 do not go
    back a day: 23:59:59 -03 is followed by 23:00 -04 of the same day.)"""

    change = datetime(2030, 4, 30, 23, 30, tzinfo=UTC)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        assert dt is not None
        naive = dt.replace(tzinfo=None)
        if naive < datetime(2030, 4, 30, 23, 30):
            return timedelta(hours=1)
        if naive >= datetime(2030, 5, 1, 0, 30):
            return timedelta(0)
        return timedelta(0) if dt.fold else timedelta(hours=1)  # the half hour lived twice

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=UTC)
        if utc < self.change:
            return (dt + timedelta(hours=1)).replace(tzinfo=self)
        local = dt.replace(tzinfo=self)
        return (
            local.replace(fold=1)
            if local.replace(tzinfo=None) < datetime(2030, 5, 1, 0, 30)
            else local
        )


def test_a_zone_whose_day_goes_back_has_no_spans() -> None:
    zone = _FallsBackAcrossMidnight()
    assert datetime.fromtimestamp(_FallsBackAcrossMidnight.change.timestamp(), zone).day == 30
    scheme = SimpleNamespace(reimbursement=ReimbursementRhythm.MONTHLY, zone=zone)
    assert utc_spans(scheme, date(2030, 4, 1), date(2030, 5, 31)) is None  # type: ignore[arg-type]
    assert utc_spans(scheme, date(2030, 6, 1), date(2030, 7, 31)) is not None  # type: ignore[arg-type]
