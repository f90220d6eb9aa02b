"""Daily closes (Z reports) and their monthly and yearly roll-ups, as pure functions.

What a French accountant expects of a till's close (the practice of certified tills, e.g.
Odoo's `l10n_fr_pos_cert`):

- a daily close per business day, numbered without gaps, that never changes once made;
- it covers the ledger entries not yet closed, *by ledger sequence*: the contiguous run of
  entries after the previous close whose local date is that day or earlier. So a void made after
  a close (even the same evening, or the next morning for yesterday's sale) is in the next close,
  as a negative amount; a close made at 00:30 for the day before leaves the first sales of the
  new day to the next close; a day with no close is closed, on its own, before a later day;
- the day is the local calendar day of the scheme's time zone (a day of 23 or 25 hours at the
  clock changes; Réunion has no clock change);
- monthly and yearly closes add up the daily ones, with the period total and a perpetual grand
  total (all closes since the first);
- each close is chained to the previous one by SHA-256 over its canonical content and the
  previous hash, so an edit on disk is detected when closes are read.

No SQL, no clock, no files: the entries, the day, the zone and `closed_at` are given.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pos_app.domain.text import Text

GENESIS = "0" * 64
"""The `previous_hash` of the first close of a till."""

FALLBACK_ZONE = "Europe/Paris"


class CloseKind(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class CloseRefusal(Exception):
    """A close the rules forbid (nothing is recorded); `message` is French, `code` stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class CloseEntry:
    """One ledger entry as a close sees it, with its outbox state at the time of closing."""

    seq: int
    txn_id: str
    kind: str
    """`debit` (a sale) or `void`."""
    created_at: datetime
    scheme_id: str
    category_id: str
    item_kind: str
    amount_cents: int
    """Paid by the benefit (a void: given back)."""
    price_cents: int
    complement_cents: int = 0
    """Paid by the beneficiary by other means."""
    operator: str = ""
    state: str = "pending"
    """pending (not yet sent to the Region), accepted, duplicate or rejected."""


@dataclass(frozen=True, slots=True)
class Totals:
    """Counts and net amounts in cents (sales minus voids)."""

    sales: int = 0
    voids: int = 0
    benefit_cents: int = 0
    price_cents: int = 0
    complement_cents: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.sales + other.sales,
            self.voids + other.voids,
            self.benefit_cents + other.benefit_cents,
            self.price_cents + other.price_cents,
            self.complement_cents + other.complement_cents,
        )

    @classmethod
    def of(cls, entry: CloseEntry) -> Totals:
        if entry.kind == "void":
            return cls(0, 1, -entry.amount_cents, -entry.price_cents, -entry.complement_cents)
        return cls(1, 0, entry.amount_cents, entry.price_cents, entry.complement_cents)

    def to_json(self) -> dict[str, int]:
        return {
            "sales": self.sales,
            "voids": self.voids,
            "benefit_cents": self.benefit_cents,
            "price_cents": self.price_cents,
            "complement_cents": self.complement_cents,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Totals:
        return cls(
            int(data["sales"]),
            int(data["voids"]),
            int(data["benefit_cents"]),
            int(data["price_cents"]),
            int(data["complement_cents"]),
        )


@dataclass(frozen=True, slots=True)
class CloseLine:
    """Totals of one operator for one scheme, benefit (category) and item kind."""

    operator: str
    scheme_id: str
    category_id: str
    item_kind: str
    totals: Totals

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.operator, self.scheme_id, self.category_id, self.item_kind)


@dataclass(frozen=True, slots=True)
class Close:
    """A daily, monthly or yearly close: frozen, and chained to the previous close."""

    kind: CloseKind
    number: int
    """Without gaps, per kind (daily n° 1, 2, 3…; monthly n° 1, 2…)."""
    period: str
    """`2026-03-29`, `2026-03` or `2026`."""
    time_zone: str
    closed_at: datetime
    totals: Totals
    """The period's total."""
    grand_total: Totals
    """Perpetual: every daily close of this till up to the end of this one."""
    lines: tuple[CloseLine, ...] = ()
    first_seq: int | None = None
    last_seq: int | None = None
    """The ledger sequence numbers covered (None for a close with no entry)."""
    first_txn: str = ""
    last_txn: str = ""
    pending: int = 0
    """Entries still waiting to be sent to the Region when the close was made."""
    rejected: int = 0
    """Entries the Region had refused when the close was made."""
    rejected_cents: int = 0
    days: int = 0
    """How many daily closes a monthly or yearly close adds up (1 for a daily close)."""
    previous_hash: str = GENESIS
    hash: str = field(default="", compare=False)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.period)

    def by_item(self) -> list[tuple[tuple[str, str, str], Totals]]:
        """The lines of all operators added per (scheme, benefit, item kind)."""
        merged: dict[tuple[str, str, str], Totals] = {}
        for line in self.lines:
            key = (line.scheme_id, line.category_id, line.item_kind)
            merged[key] = merged.get(key, Totals()) + line.totals
        return sorted(merged.items())

    def by_operator(self) -> list[tuple[str, Totals]]:
        merged: dict[str, Totals] = {}
        for line in self.lines:
            merged[line.operator] = merged.get(line.operator, Totals()) + line.totals
        return sorted(merged.items())

    def content(self) -> dict[str, Any]:
        """Everything the hash covers (not the hash itself)."""
        return {
            "kind": self.kind.value,
            "number": self.number,
            "period": self.period,
            "time_zone": self.time_zone,
            "closed_at": self.closed_at.astimezone(UTC).isoformat(),
            "totals": self.totals.to_json(),
            "grand_total": self.grand_total.to_json(),
            "lines": [
                {
                    "operator": line.operator,
                    "scheme_id": line.scheme_id,
                    "category_id": line.category_id,
                    "item_kind": line.item_kind,
                    **line.totals.to_json(),
                }
                for line in self.lines
            ],
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "first_txn": self.first_txn,
            "last_txn": self.last_txn,
            "pending": self.pending,
            "rejected": self.rejected,
            "rejected_cents": self.rejected_cents,
            "days": self.days,
            "previous_hash": self.previous_hash,
        }

    def canonical(self) -> bytes:
        return json.dumps(
            self.content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")

    def sealed(self) -> Close:
        return replace(self, hash=chain_hash(self.previous_hash, self.canonical()))

    @classmethod
    def from_content(cls, data: Mapping[str, Any], hash_: str) -> Close:
        return cls(
            kind=CloseKind(data["kind"]),
            number=int(data["number"]),
            period=str(data["period"]),
            time_zone=str(data["time_zone"]),
            closed_at=datetime.fromisoformat(data["closed_at"]),
            totals=Totals.from_json(data["totals"]),
            grand_total=Totals.from_json(data["grand_total"]),
            lines=tuple(
                CloseLine(
                    line["operator"],
                    line["scheme_id"],
                    line["category_id"],
                    line["item_kind"],
                    Totals.from_json(line),
                )
                for line in data["lines"]
            ),
            first_seq=data["first_seq"],
            last_seq=data["last_seq"],
            first_txn=data["first_txn"],
            last_txn=data["last_txn"],
            pending=int(data["pending"]),
            rejected=int(data["rejected"]),
            rejected_cents=int(data["rejected_cents"]),
            days=int(data["days"]),
            previous_hash=str(data["previous_hash"]),
            hash=hash_,
        )


def chain_hash(previous_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + canonical).hexdigest()


def verify_chain(closes: Sequence[Close]) -> int | None:
    """The index of the first close whose hash or link does not hold (closes in the order they
    were made, from the first), or None when the whole chain holds."""
    previous = GENESIS
    for index, close in enumerate(closes):
        if close.previous_hash != previous or chain_hash(previous, close.canonical()) != close.hash:
            return index
        previous = close.hash
    return None


# --- days in a time zone ------------------------------------------------------------------


def local_day(moment: datetime, zone: str) -> date:
    """The calendar day of `moment` in `zone` (an aware datetime, whatever its offset)."""
    return moment.astimezone(ZoneInfo(zone)).date()


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) of a local day, in UTC: 23 h on the last Sunday of March in Paris, 25 h on
    the last Sunday of October, always 24 h in Réunion."""
    tz = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def till_zone(accreditations: Iterable[str], schemes: Iterable[Any]) -> str:
    """The time zone of a till: that of the schemes its partner is accredited for (a partner
    belongs to one region). Several zones (should not happen) or none: Paris, the first."""
    wanted = set(accreditations)
    zones = sorted(
        {
            scheme.time_zone
            for scheme in schemes
            if any(wanted.intersection(c.accepted_by) for c in scheme.categories)
        }
    )
    return zones[0] if len(zones) == 1 else FALLBACK_ZONE


# --- the daily close ----------------------------------------------------------------------


def split_for_day(
    pending: Sequence[CloseEntry], day: date, zone: str
) -> tuple[Sequence[CloseEntry], Sequence[CloseEntry]]:
    """The entries a close of `day` covers, and those left to the next close.

    `pending` are the entries after the previous close, in ledger order. The close takes the
    longest run from the start whose local date is `day` or earlier, so the covered sequence
    numbers never leave a gap (an entry dated later stops the run, even if the clock went back
    after it)."""
    end = 0
    for entry in pending:
        if local_day(entry.created_at, zone) > day:
            break
        end += 1
    return pending[:end], pending[end:]


def day_close(
    entries: Sequence[CloseEntry],
    *,
    day: date,
    zone: str,
    number: int,
    closed_at: datetime,
    grand_total_before: Totals,
    previous_hash: str,
) -> Close:
    """The daily close of `entries` (those `split_for_day` gave): totals per operator, scheme,
    benefit and item kind; sales still to send and refused by the Region; first and last
    reference. An empty close is allowed: numbered, all zero."""
    lines: dict[tuple[str, str, str, str], Totals] = {}
    total = Totals()
    pending = rejected = rejected_cents = 0
    for entry in entries:
        amounts = Totals.of(entry)
        key = (entry.operator, entry.scheme_id, entry.category_id, entry.item_kind)
        lines[key] = lines.get(key, Totals()) + amounts
        total = total + amounts
        if entry.state == "pending":
            pending += 1
        elif entry.state == "rejected":
            rejected += 1
            rejected_cents += amounts.benefit_cents
    first, last = (entries[0], entries[-1]) if entries else (None, None)
    return Close(
        kind=CloseKind.DAY,
        number=number,
        period=day.isoformat(),
        time_zone=zone,
        closed_at=closed_at,
        totals=total,
        grand_total=grand_total_before + total,
        lines=tuple(CloseLine(*key, totals) for key, totals in sorted(lines.items())),
        first_seq=first.seq if first else None,
        last_seq=last.seq if last else None,
        first_txn=first.txn_id if first else "",
        last_txn=last.txn_id if last else "",
        pending=pending,
        rejected=rejected,
        rejected_cents=rejected_cents,
        days=1,
        previous_hash=previous_hash,
    ).sealed()


def roll_up(
    parts: Sequence[Close],
    *,
    kind: CloseKind,
    period: str,
    number: int,
    closed_at: datetime,
    previous_hash: str,
) -> Close:
    """A monthly close of daily closes, or a yearly close of monthly ones: the period total,
    the perpetual grand total at the period's end, the ledger range and the counts."""
    if not parts:
        raise ValueError("a roll-up needs at least one close")
    lines: dict[tuple[str, str, str, str], Totals] = {}
    total = Totals()
    for part in parts:
        total = total + part.totals
        for line in part.lines:
            lines[line.key] = lines.get(line.key, Totals()) + line.totals
    covered = [part for part in parts if part.first_seq is not None]
    return Close(
        kind=kind,
        number=number,
        period=period,
        time_zone=parts[-1].time_zone,
        closed_at=closed_at,
        totals=total,
        grand_total=parts[-1].grand_total,
        lines=tuple(CloseLine(*key, totals) for key, totals in sorted(lines.items())),
        first_seq=covered[0].first_seq if covered else None,
        last_seq=covered[-1].last_seq if covered else None,
        first_txn=covered[0].first_txn if covered else "",
        last_txn=covered[-1].last_txn if covered else "",
        pending=sum(part.pending for part in parts),
        rejected=sum(part.rejected for part in parts),
        rejected_cents=sum(part.rejected_cents for part in parts),
        days=sum(part.days for part in parts),
        previous_hash=previous_hash,
    ).sealed()


@dataclass(frozen=True, slots=True)
class Ledgers:
    """What the closes already made say, as the store reads it."""

    last_hash: str = GENESIS
    last_day: Close | None = None
    """The newest daily close (its day, number, grand total and ledger range)."""
    last_month_number: int = 0
    last_year_number: int = 0
    open_days: tuple[Close, ...] = ()
    """Daily closes not yet added up into a monthly close, oldest first."""
    open_months: tuple[Close, ...] = ()
    """Monthly closes not yet added up into a yearly close, oldest first."""


def month_of(period: str) -> str:
    return period[:7]


def _last_day_of_month(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def plan_closes(
    state: Ledgers,
    pending: Sequence[CloseEntry],
    *,
    day: date,
    zone: str,
    closed_at: datetime,
) -> tuple[Close, ...]:
    """Every close to append, in order, to close `day`: first each earlier day that has
    entries and was never closed (each its own close), then `day` itself; a monthly close as
    soon as a month's last day is closed or a later month's first close is made, a yearly one
    the same way. Refused for a day not yet begun or already closed."""
    today = local_day(closed_at, zone)
    if day > today:
        raise CloseRefusal(
            "close_day_in_future",
            Text(
                "Impossible de clôturer le {day} : cette journée n'a pas encore commencé.",
                day=day,
            ),
        )
    last_day = state.last_day.day if state.last_day else None
    if last_day is not None and day <= last_day:
        raise CloseRefusal(
            "close_already_done",
            Text(
                "La journée du {day} est déjà clôturée (clôture n° {number} du {last}) : une "
                "clôture ne se refait pas. Les opérations faites depuis seront dans la "
                "prochaine.",
                day=day,
                number=state.last_day.number,  # type: ignore[union-attr]
                last=last_day,
            ),
        )
    days = sorted(
        {
            local_day(entry.created_at, zone)
            for entry in pending
            if (last_day is None or local_day(entry.created_at, zone) > last_day)
            and local_day(entry.created_at, zone) < day
        }
    )
    made: list[Close] = []
    previous_hash = state.last_hash
    grand_total = state.last_day.grand_total if state.last_day else Totals()
    day_number = state.last_day.number if state.last_day else 0
    month_number, year_number = state.last_month_number, state.last_year_number
    open_days, open_months = list(state.open_days), list(state.open_months)

    def close_month(month: str) -> None:
        nonlocal previous_hash, month_number
        parts = [part for part in open_days if month_of(part.period) == month]
        if not parts:
            return
        month_number += 1
        close = roll_up(
            parts,
            kind=CloseKind.MONTH,
            period=month,
            number=month_number,
            closed_at=closed_at,
            previous_hash=previous_hash,
        )
        previous_hash = close.hash
        made.append(close)
        open_days[:] = [part for part in open_days if month_of(part.period) != month]
        open_months.append(close)

    def close_year(year: str) -> None:
        nonlocal previous_hash, year_number
        parts = [part for part in open_months if part.period[:4] == year]
        if not parts:
            return
        year_number += 1
        close = roll_up(
            parts,
            kind=CloseKind.YEAR,
            period=year,
            number=year_number,
            closed_at=closed_at,
            previous_hash=previous_hash,
        )
        previous_hash = close.hash
        made.append(close)
        open_months[:] = [part for part in open_months if part.period[:4] != year]

    rest: Sequence[CloseEntry] = pending
    for each in [*days, day]:
        # A month (a year) is over once a later one is being closed.
        for month in sorted({month_of(part.period) for part in open_days}):
            if month < each.isoformat()[:7]:
                close_month(month)
        for year in sorted({part.period[:4] for part in open_months}):
            if year < str(each.year):
                close_year(year)
        covered, rest = split_for_day(rest, each, zone)
        day_number += 1
        close = day_close(
            covered,
            day=each,
            zone=zone,
            number=day_number,
            closed_at=closed_at,
            grand_total_before=grand_total,
            previous_hash=previous_hash,
        )
        previous_hash, grand_total = close.hash, close.grand_total
        made.append(close)
        open_days.append(close)
        if _last_day_of_month(each):
            close_month(month_of(close.period))
            if each.month == 12:
                close_year(str(each.year))
    return tuple(made)


def preview(
    state: Ledgers, pending: Sequence[CloseEntry], *, day: date, zone: str, at: datetime
) -> tuple[Close, ...]:
    """What closing `day` now would make (the running totals shown before closing), or ()
    when the day is already closed; nothing is recorded."""
    try:
        return plan_closes(state, pending, day=day, zone=zone, closed_at=at)
    except CloseRefusal:
        return ()


def unclosed_day(first_unclosed: datetime | None, today: date, zone: str) -> date | None:
    """The day to name when the till was left unclosed: the local day of the oldest entry not
    yet closed, if it is before today (a void made after its day's close waits for the next
    close, and names that day too)."""
    if first_unclosed is None:
        return None
    day = local_day(first_unclosed, zone)
    return day if day < today else None


def unclosed_notice(day: date) -> Text:
    return Text(
        "La journée du {day} n'est pas clôturée : faites sa clôture (page Clôture, F7).", day=day
    )
