"""Reimbursement periods: which week or month a transaction is counted in, and when it is paid.

The Region counts a partner's transactions per period, in the scheme's time zone (seeds 000 and
001 §4.3.2): Livres & Équipement pro per ISO week (Monday to Sunday), "mises en paiement au début
de la semaine suivante"; Culture & Sport per calendar month, "mises en paiement au début du mois
suivant"; both paid "dans les 15 jours". NUMÉRISAK has no period: each voucher deposited is its
own claim (seed 003 §3.4). The till and the reference Region both call these functions, so they
never disagree about the period of a transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from pos_app.domain.schemes import ReimbursementRhythm, Scheme
from pos_app.domain.text import FRENCH_MONTHS, Text

_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_CLAIM_KEY = re.compile(r"^claim-[A-Za-z0-9_.-]{1,64}$")


class PeriodError(ValueError):
    """A period key that names no period of the rhythm (a statement to refuse)."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One counting period, in local days of the scheme's zone, both ends included."""

    start: date
    end: date
    rhythm: ReimbursementRhythm
    key: str
    """Stable name: `2026-W01` (ISO week), `2026-03` (month), `claim-<deposit id>`."""

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> Text:
        """French, for the partner: "semaine 1 de 2026 (29/12/2025 – 04/01/2026)", "mars 2026"."""
        if self.rhythm is ReimbursementRhythm.WEEKLY:
            year, week, _ = self.start.isocalendar()
            return Text(
                "semaine {week} de {year} ({start} – {end})",
                week=week,
                year=year,
                start=self.start,
                end=self.end,
            )
        if self.rhythm is ReimbursementRhythm.MONTHLY:
            return Text(
                "{month} {year}", month=FRENCH_MONTHS[self.start.month - 1], year=self.start.year
            )
        return Text("dépôt {key}", key=self.key.removeprefix("claim-"))


@lru_cache(maxsize=8192)  # a season's ledger asks for the same few hundred days over and over
def week_of(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    start = day - timedelta(days=weekday - 1)
    return Period(
        start, start + timedelta(days=6), ReimbursementRhythm.WEEKLY, f"{year}-W{week:02d}"
    )


@lru_cache(maxsize=8192)
def month_of(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start, following - timedelta(days=1), ReimbursementRhythm.MONTHLY, f"{day:%Y-%m}")


def claim(deposit_id: str, handed_in: date) -> Period:
    """A NUMÉRISAK deposit: its own period, the day the vouchers were handed in."""
    key = f"claim-{deposit_id}"
    if not _CLAIM_KEY.match(key):
        raise PeriodError(f"identifiant de dépôt invalide : {deposit_id!r}")
    return Period(handed_in, handed_in, ReimbursementRhythm.PER_CLAIM, key)


def local_day(scheme: Scheme, instant: datetime) -> date:
    """The scheme's calendar day of an instant (00:30 on 1 July in Paris is 1 July, whatever UTC
    says). A naive datetime is refused: its zone would be a guess."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant without a time zone")
    return instant.astimezone(scheme.zone).date()


def period_of(scheme: Scheme, instant: datetime) -> Period | None:
    """The period a transaction made at `instant` is counted in; None for a per-claim scheme,
    where the deposit decides (see `claim`)."""
    day = local_day(scheme, instant)
    if scheme.reimbursement is ReimbursementRhythm.WEEKLY:
        return week_of(day)
    if scheme.reimbursement is ReimbursementRhythm.MONTHLY:
        return month_of(day)
    return None


def parse_period(rhythm: ReimbursementRhythm, key: str, handed_in: date | None = None) -> Period:
    """The period a statement names, checked: `2026-W53` exists only in a year that has one."""
    if rhythm is ReimbursementRhythm.WEEKLY:
        match = _WEEK_KEY.match(key)
        if match:
            try:
                monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            except ValueError:
                monday = None
            if monday is not None:
                return week_of(monday)
    elif rhythm is ReimbursementRhythm.MONTHLY:
        match = _MONTH_KEY.match(key)
        if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
            return month_of(date(int(match[1]), int(match[2]), 1))
    elif _CLAIM_KEY.match(key) and handed_in is not None:
        return Period(handed_in, handed_in, rhythm, key)
    raise PeriodError(f"période inconnue pour un rythme {rhythm.value} : {key!r}")


def payment_ordered_on(period: Period) -> date:
    """ "Mises en paiement au début de la semaine / du mois suivant": the day after the period
    (a claim: the day after its deposit)."""
    return period.end + timedelta(days=1)


def payment_due_by(scheme: Scheme, period: Period) -> date | None:
    """The last day the transfer should arrive by, or None where the regulation sets no delay."""
    if scheme.payment_delay_days is None:
        return None
    return payment_ordered_on(period) + timedelta(days=scheme.payment_delay_days)


def is_over(period: Period, today: date) -> bool:
    """Whether the period has ended on the scheme's local `today` (it can be counted)."""
    return today > period.end


class UtcSpan(NamedTuple):
    """Instants from `start` (included) to `end` (excluded), in whole POSIX seconds, whose local
    day in the scheme's zone falls in `period`, and whose zone offset is `offset` seconds
    throughout: what lets a store sort timestamps into periods, and show their local time,
    without a time-zone database."""

    start: int
    end: int
    offset: int
    period: Period


_SCAN = 3600
"""Offsets are sampled hourly and each change is then found to the second: two changes of a
zone's offset less than an hour apart would be missed (no zone has had any)."""


def utc_spans(scheme: Scheme, first: date, last: date) -> list[UtcSpan] | None:
    """Every period of the scheme from the one of local day `first` to the one of `last`, cut
    into spans of one offset, oldest first: an instant `t` of these periods is in `period` of
    the span with `start <= t < end` (a fraction of a second below `end` too, since `end` is
    whole), and its local wall-clock time is `t + offset`. None for a per-claim scheme, or
    where the zone's local day goes back in that stretch (an offset falling back across
    midnight): there a period is not an interval of time, and only `period_of` can say."""
    if scheme.reimbursement is ReimbursementRhythm.PER_CLAIM or last < first:
        return None
    weekly = scheme.reimbursement is ReimbursementRhythm.WEEKLY
    periods = [week_of(first) if weekly else month_of(first)]
    while periods[-1].end < last:
        periods.append(_following(periods[-1]))
    zone = scheme.zone
    origin = date(1970, 1, 1)
    low = (periods[0].start - origin).days * 86400 - 3 * 86400
    high = (periods[-1].end - origin).days * 86400 + 4 * 86400
    segments = _offset_segments(zone, low, high)
    for (_, change, before), (_, _, after) in pairwise(segments):
        if after < before and (change - 1 + before) // 86400 > (change + after) // 86400:
            return None  # the local day goes back at `change`
    spans = []
    for period in periods:
        start = _first_instant(segments, (period.start - origin).days * 86400)
        end = _first_instant(segments, (period.end - origin).days * 86400 + 86400)
        if start is None or end is None or not _starts_day(zone, start, period.start):
            return None
        for seg_start, seg_end, offset in segments:
            if seg_start < end and start < seg_end:
                spans.append(UtcSpan(max(start, seg_start), min(end, seg_end), offset, period))
    return spans


def _following(period: Period) -> Period:
    day = period.end + timedelta(days=1)
    return week_of(day) if period.rhythm is ReimbursementRhythm.WEEKLY else month_of(day)


def _offset_at(zone: tzinfo, instant: int) -> int:
    offset = datetime.fromtimestamp(instant, zone).utcoffset()
    assert offset is not None
    return offset // timedelta(seconds=1)


def _offset_segments(zone: tzinfo, low: int, high: int) -> list[tuple[int, int, int]]:
    """[start, end) and offset of each stretch of one offset from `low` to `high`."""
    segments = []
    start, offset = low, _offset_at(zone, low)
    probe = low
    while probe < high:
        step = min(probe + _SCAN, high)
        if _offset_at(zone, step) != offset:
            before, after = probe, step  # the change is in (before, after]
            while after - before > 1:
                middle = (before + after) // 2
                if _offset_at(zone, middle) == offset:
                    before = middle
                else:
                    after = middle
            segments.append((start, after, offset))
            start, offset = after, _offset_at(zone, after)
        probe = step
    segments.append((start, high, offset))
    return segments


def _first_instant(segments: list[tuple[int, int, int]], local_midnight: int) -> int | None:
    """The first instant whose local time is `local_midnight` or later (local seconds)."""
    for start, end, offset in segments:
        candidate = max(start, local_midnight - offset)
        if candidate < end:
            return candidate
    return None


def _starts_day(zone: tzinfo, instant: int, day: date) -> bool:
    """The zone database's own word: `instant` is on `day`, the second before is not."""
    return (
        datetime.fromtimestamp(instant, zone).date() == day
        and datetime.fromtimestamp(instant - 1, zone).date() < day
    )
