"""The partner's check of the Region's batches against its own ledger: the work the Region's
partner space and pass Culture's portal leave to the partner.

For each period, given this till's ledger and the Region's batches, it says what the till
recorded, what the Region counted of it, what the Region paid, and every transaction that
differs with why. A period is then *open* (not over yet), *pending* (over, not yet paid, nothing
wrong seen so far), *settled* (paid, and paid what the ledger says) or *wrong* (by how much).

Per transaction, the till's entry is looked up in every batch, since a transaction that reached
the Region late is counted in a later period's batch (see `pos_app.domain.batches`):

- counted for the same amount: agreed (in a later batch: agreed, noted `counted_later`);
- counted for another amount: `amount_differs`; counted in two batches: `paid_twice`;
- refused: `refused`, with the Region's reason — except a sale and its void both refused as
  `annulee`, which is the agreement that nothing is due (a refusal costs the partner money but
  is the Region's stated decision: the period can still be settled, see `WRONG`);
- in no batch: `not_sent` (still in the till's queue), `not_yet_counted` (accepted on or after
  the day the latest batch was counted: the next one will take it), or `unknown_to_region` (the
  Region had accepted it before counting a batch that takes every earlier transaction, and left
  it out).

Lines of this till that the ledger does not have are not reconciled here: the statement that
carries them is refused before (`foreign_lines`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar

from pos_app.domain.batches import VOIDED, Batch, BatchLine, BatchStatus, BatchSummary
from pos_app.domain.periods import Period, is_over, local_day, period_of
from pos_app.domain.schemes import Scheme


class Difference(StrEnum):
    REFUSED = "refused"
    NOT_SENT = "not_sent"
    NOT_YET_COUNTED = "not_yet_counted"
    COUNTED_LATER = "counted_later"
    UNKNOWN_TO_REGION = "unknown_to_region"
    AMOUNT_DIFFERS = "amount_differs"
    PAID_TWICE = "paid_twice"


WRONG = frozenset({Difference.UNKNOWN_TO_REGION, Difference.AMOUNT_DIFFERS, Difference.PAID_TWICE})
"""Differences between the Region's own word and its payment: errors, to be disputed. A
refusal is the Region's decision, stated with its reason: it costs the partner money
(`refused_cents`) and may be disputed too, but the period is settled by what the Region said;
the other differences only explain a delay."""


class PeriodState(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    SETTLED = "settled"
    WRONG = "wrong"


class TillLine(NamedTuple):
    """One ledger entry of this till, as the check needs it (a tuple: a season is 100 000 of
    them, read at every question)."""

    txn_id: str
    kind: str  # "debit" or "void"
    created_at: datetime
    amount_cents: int
    scheme_id: str
    outbox_state: str  # pending, accepted, duplicate, rejected
    region_reason: str = ""
    accepted_at: datetime | None = None
    """When the Region's acceptance reached the till (the outbox's last update)."""
    voids: str | None = None

    @property
    def signed_cents(self) -> int:
        return -self.amount_cents if self.kind == "void" else self.amount_cents


@dataclass(frozen=True, slots=True)
class LineCheck:
    txn_id: str
    kind: str
    created_at: datetime
    difference: Difference
    till_cents: int
    """What the ledger says this line is worth (signed)."""
    region_cents: int
    """What the Region counted of it (signed; 0 when refused or absent)."""
    reason: str = ""
    """The Region's refusal code, for `refused`."""
    batch_id: str = ""
    """The batch that counted or refused it, where there is one."""

    @property
    def gap_cents(self) -> int:
        """What the partner is owed (> 0) or was overpaid (< 0) because of this line."""
        return self.till_cents - self.region_cents


@dataclass(frozen=True, slots=True)
class PeriodCheck:
    scheme_id: str
    period: Period
    state: PeriodState
    till_cents: int
    """Net of the ledger for the period: its sales less its voids."""
    region_cents: int
    """What the Region counted of this till's entries of the period, in whichever batch."""
    batch: BatchSummary | None
    """The Region's batch of this period (it may also count late entries of earlier ones)."""
    differences: tuple[LineCheck, ...]
    payment_gap_cents: int = 0
    """The batch's counted total less what the Region paid (all the partner's tills)."""

    @property
    def paid_cents(self) -> int | None:
        return self.batch.paid_cents if self.batch else None

    @property
    def refused_cents(self) -> int:
        """What the Region refused to pay of this till's entries of the period."""
        return sum(
            line.gap_cents for line in self.differences if line.difference is Difference.REFUSED
        )

    @property
    def gap_cents(self) -> int:
        """How much the partner is owed (> 0) or overpaid (< 0) by the Region's errors."""
        return (
            sum(line.gap_cents for line in self.differences if line.difference in WRONG)
            + self.payment_gap_cents
        )


@dataclass(frozen=True, slots=True)
class PeriodLines:
    """The check of one period's ledger entries, before its state: what `check_lines` found,
    and what it read to find it (for a result kept between questions)."""

    scheme_id: str
    period: Period
    till_cents: int
    region_cents: int
    differences: tuple[LineCheck, ...]
    batch_ids: frozenset[str]
    """Every batch whose lines the check read for an entry of the period: the batches that
    count or refuse one, and the period's own batch (whose id it compared)."""
    reads_latest: bool
    """Some entry of the period is in no batch: it was checked against the scheme's latest
    batch (`latest_batches`)."""


class Agreed(NamedTuple):
    """Entries of one period that `agrees` with: the check counts them in one total, not line
    by line (what a store can find in SQL: a season's 100 000 entries are mostly these)."""

    scheme_id: str
    period: Period
    cents: int
    """Their signed total: what the ledger says and the Region counted alike."""


def agrees(signed_cents: int, found: Sequence[tuple[Batch, BatchLine]], own: Batch | None) -> bool:
    """The common case, in which an entry has no difference and adds its amount to both the
    ledger's and the Region's totals: this till's lines of the batches list it once, counted,
    for the signed amount the ledger says, in the batch of the entry's own period (`own`). An
    entry the store finds so (same rule, in SQL) is passed to `check_lines` in `Agreed`."""
    if len(found) != 1:
        return False
    batch, region = found[0]
    return region.counted and region.amount_cents == signed_cents and batch is own


class _Dated(Protocol):
    @property
    def scheme_id(self) -> str: ...
    @property
    def counted_on(self) -> date: ...


_B = TypeVar("_B", bound=_Dated)


def latest_batches(batches: Iterable[_B]) -> dict[str, _B]:
    """Each scheme's most recently counted batch (the first of equals, in the given order):
    the one that should have taken a line the Region had already accepted when it counted it."""
    latest: dict[str, _B] = {}
    for batch in batches:
        if batch.scheme_id not in latest or batch.counted_on > latest[batch.scheme_id].counted_on:
            latest[batch.scheme_id] = batch
    return latest


def reconcile(
    schemes: Mapping[str, Scheme],
    ledger: Iterable[TillLine],
    batches: Sequence[Batch],
    *,
    device_id: str,
    today: Mapping[str, date] | date,
) -> list[PeriodCheck]:
    """Every period this till or the Region knows of, oldest first. `today` is the local day
    (one per scheme zone, or one for all)."""
    lines = check_lines(schemes, ledger, batches, device_id=device_id)
    return period_checks(lines.values(), [batch.summary() for batch in batches], today)


def check_lines(
    schemes: Mapping[str, Scheme],
    ledger: Iterable[TillLine],
    batches: Sequence[Batch],
    *,
    device_id: str,
    voided: Collection[str | None] | None = None,
    agreed: Iterable[Agreed] = (),
) -> dict[tuple[str, str], PeriodLines]:
    """The check of every entry of `ledger`, and of the entries counted in `agreed` (which
    `agrees` with, left out of `ledger`), per (scheme, period key) they fall in.

    The result for a period depends only on: its entries, the batches' lines of these
    entries' transactions (and the batches' order), the period's own batch's id, the scheme's
    latest batch (where `reads_latest`), which transactions are voided (`voided`: every id a
    void of the ledger cancels; by default those of the voids in `ledger`). So a period can be
    checked from its entries alone, with `batches` carrying only their lines."""
    found: dict[str, list[tuple[Batch, BatchLine]]] = defaultdict(list)
    for batch in batches:
        for line in batch.lines:
            if line.device_id == device_id:
                found[line.txn_id].append((batch, line))
    batch_of = {(batch.scheme_id, batch.period.key): batch for batch in batches}
    latest = latest_batches(batches)
    by_period: dict[tuple[str, str], list[LineCheck]] = defaultdict(list)
    periods: dict[tuple[str, str], Period] = {}
    till_totals: dict[tuple[str, str], int] = defaultdict(int)
    region_totals: dict[tuple[str, str], int] = defaultdict(int)
    read: dict[tuple[str, str], set[str]] = defaultdict(set)
    reads_latest: set[tuple[str, str]] = set()
    lines = list(ledger)
    voided_ids = {line.voids for line in lines if line.kind == "void"} if voided is None else voided
    no_batch: list[tuple[Batch, BatchLine]] = []
    zones = {scheme_id: scheme.zone for scheme_id, scheme in schemes.items()}
    period_of_day: dict[tuple[str, date], Period | None] = {}
    for part in agreed:
        key = (part.scheme_id, part.period.key)
        own = batch_of.get(key)
        if own is None or part.scheme_id not in zones:
            raise ValueError(f"entries agreed without a batch of their period: {key}")
        periods.setdefault(key, part.period)
        read[key].add(own.id)
        till_totals[key] += part.cents
        region_totals[key] += part.cents
    for line in lines:
        zone = zones.get(line.scheme_id)
        if zone is None:
            continue
        scheme = schemes[line.scheme_id]
        in_batches = found.get(line.txn_id, no_batch)
        day_key = (line.scheme_id, line.created_at.astimezone(zone).date())
        if day_key in period_of_day:
            period = period_of_day[day_key]
        else:
            period = period_of_day[day_key] = period_of(scheme, line.created_at)
        if period is None:
            period = _claim_period(in_batches)
            if period is None:
                continue  # a per-claim sale not yet deposited: no period to check it in
        key = (scheme.id, period.key)
        if key not in periods:
            periods[key] = period
            own = batch_of.get(key)
            if own is not None:
                read[key].add(own.id)
        signed = line.signed_cents
        till_totals[key] += signed
        own_batch = batch_of.get(key)
        if agrees(signed, in_batches, own_batch):  # the common case, decided here
            region_totals[key] += signed
            continue
        if in_batches:
            read[key].update(batch.id for batch, _ in in_batches)
        else:
            reads_latest.add(key)
        check = _check_line(
            scheme, line, in_batches, own_batch, voided_ids, latest.get(line.scheme_id)
        )
        if check is None:
            region_totals[key] += signed
        else:
            region_totals[key] += check.region_cents
            by_period[key].append(check)
    return {
        key: PeriodLines(
            scheme_id=key[0],
            period=period,
            till_cents=till_totals[key],
            region_cents=region_totals[key],
            differences=tuple(by_period.get(key, ())),
            batch_ids=frozenset(read.get(key, ())),
            reads_latest=key in reads_latest,
        )
        for key, period in periods.items()
    }


def period_checks(
    lines: Iterable[PeriodLines],
    batches: Sequence[BatchSummary],
    today: Mapping[str, date] | date,
) -> list[PeriodCheck]:
    """Each period's check from its entries' (`check_lines`) and its batch: its state and
    what the Region paid. Every period with entries or a batch, oldest first."""
    batch_of = {(batch.scheme_id, batch.period.key): batch for batch in batches}
    checked = {(part.scheme_id, part.period.key): part for part in lines}
    periods = {key: part.period for key, part in checked.items()}
    for batch in batches:
        periods.setdefault((batch.scheme_id, batch.period.key), batch.period)
    checks = []
    for key in sorted(periods, key=lambda k: (periods[k].start, k)):
        scheme_id, _ = key
        local_today = today if isinstance(today, date) else today.get(scheme_id)
        period = periods[key]
        batch = batch_of.get(key)
        part = checked.get(key)
        differences = part.differences if part else ()
        payment_gap = 0
        if batch is not None and batch.status is BatchStatus.PAID:
            payment_gap = batch.counted_cents - (batch.paid_cents or 0)
        state = _state(period, batch, differences, payment_gap, local_today)
        checks.append(
            PeriodCheck(
                scheme_id=scheme_id,
                period=period,
                state=state,
                till_cents=part.till_cents if part else 0,
                region_cents=part.region_cents if part else 0,
                batch=batch,
                differences=differences,
                payment_gap_cents=payment_gap,
            )
        )
    return checks


def _claim_period(found: list[tuple[Batch, BatchLine]] | None) -> Period | None:
    return found[0][0].period if found else None


def _check_line(
    scheme: Scheme,
    line: TillLine,
    found: list[tuple[Batch, BatchLine]],
    own_batch: Batch | None,
    voided_ids: Collection[str | None],
    latest: Batch | None,
) -> LineCheck | None:
    """None when the Region and the till agree on this line and it is paid where expected.
    `latest` is the scheme's most recently counted batch: one that should have taken a line
    the Region had already accepted when it counted it."""
    if len(found) == 1:  # the common case first: one batch has it
        batch, region = found[0]
        if region.counted:
            if region.amount_cents != line.signed_cents:
                return _differs(line, Difference.AMOUNT_DIFFERS, region.amount_cents, "", batch)
            if own_batch is None or batch.id != own_batch.id:
                return _differs(line, Difference.COUNTED_LATER, region.amount_cents, "", batch)
            return None
    counted = [(batch, region) for batch, region in found if region.counted]
    if len(counted) > 1:
        total = sum(region.amount_cents for _, region in counted)
        return _differs(line, Difference.PAID_TWICE, total, "", counted[-1][0])
    if counted:
        batch, region = counted[0]
        if region.amount_cents != line.signed_cents:
            return _differs(line, Difference.AMOUNT_DIFFERS, region.amount_cents, "", batch)
        if own_batch is None or batch.id != own_batch.id:
            return _differs(line, Difference.COUNTED_LATER, region.amount_cents, "", batch)
        return None
    if found:
        batch, region = found[0]
        agreed_void = region.reason == VOIDED and (line.kind == "void" or line.txn_id in voided_ids)
        if agreed_void:
            return None
        return _differs(line, Difference.REFUSED, 0, region.reason, batch)
    if line.outbox_state == "rejected":
        return _differs(line, Difference.REFUSED, 0, line.region_reason, None)
    if line.outbox_state == "pending":
        return _differs(line, Difference.NOT_SENT, 0, "", None)
    if latest is None or line.accepted_at is None:
        return _differs(line, Difference.NOT_YET_COUNTED, 0, "", own_batch)
    accepted_day = local_day(scheme, line.accepted_at)
    if latest.counted_on > accepted_day and local_day(scheme, line.created_at) <= latest.period.end:
        # The Region had it when it counted a batch that takes every earlier transaction.
        return _differs(line, Difference.UNKNOWN_TO_REGION, 0, "", own_batch or latest)
    # Accepted the day the last batch was counted or after: the next batch will take it.
    return _differs(line, Difference.NOT_YET_COUNTED, 0, "", own_batch)


def _differs(
    line: TillLine, difference: Difference, region_cents: int, reason: str, batch: Batch | None
) -> LineCheck:
    return LineCheck(
        txn_id=line.txn_id,
        kind=line.kind,
        created_at=line.created_at,
        difference=difference,
        till_cents=line.signed_cents,
        region_cents=region_cents,
        reason=reason,
        batch_id=batch.id if batch else "",
    )


def _state(
    period: Period,
    batch: BatchSummary | None,
    differences: tuple[LineCheck, ...],
    payment_gap: int,
    today: date | None,
) -> PeriodState:
    if any(line.difference in WRONG for line in differences) or payment_gap:
        return PeriodState.WRONG
    if batch is None:
        over = today is not None and is_over(period, today)
        return PeriodState.PENDING if over else PeriodState.OPEN
    if batch.status is not BatchStatus.PAID:
        return PeriodState.PENDING
    waiting = {Difference.NOT_SENT, Difference.NOT_YET_COUNTED}
    if any(line.difference in waiting for line in differences):
        return PeriodState.PENDING
    return PeriodState.SETTLED


def foreign_lines(
    batches: Iterable[Batch], device_id: str, known_ids: Iterable[str]
) -> list[BatchLine]:
    """Lines a statement attributes to this till that its ledger never recorded."""
    known = set(known_ids)
    return [
        line
        for batch in batches
        for line in batch.lines
        if line.device_id == device_id and line.txn_id not in known
    ]
