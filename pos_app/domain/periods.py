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
from datetime import date, datetime, timedelta
from functools import lru_cache

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
