"""Daily closes (Z reports) of an open till: preview, close, list, show, PDF, the notice.

The rules are `pos_app.domain.closes` (pure); the SQL is `pos_app.store.closes_store`. This
module reads the clock once per operation (`till.now()`), works under the till's operation
lock, and turns every failure into a `TillError` with a French message and a stable code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pos_app.back_office.close_pdf import close_pdf
from pos_app.back_office.pdf_files import DocumentWriteError, write_atomically
from pos_app.domain.close_report import WIDTH, close_lines
from pos_app.domain.closes import (
    Close,
    CloseKind,
    CloseRefusal,
    local_day,
    plan_closes,
    preview,
    roll_up,
    till_zone,
    unclosed_day,
    unclosed_notice,
)
from pos_app.domain.model import Partner
from pos_app.domain.text import Text
from pos_app.services import INPUT_ERROR, REFUSAL, Till, TillError
from pos_app.store.closes_store import ClosesStore
from pos_app.store.db import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodView:
    """A monthly or yearly view: the close made, or, while the period runs, the running
    roll-up of its daily closes so far (`provisional`, not numbered, not recorded)."""

    close: Close
    provisional: bool


class DailyCloses:
    def __init__(self, till: Till) -> None:
        self.till = till
        self.store = ClosesStore(till.store.conn)

    # --- reading --------------------------------------------------------------------------

    def partner(self) -> Partner:
        device = self.till.store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text("Cette caisse n'est pas encore activée : il n'y a rien à clôturer."),
                REFUSAL,
            )
        return device.partner

    def zone(self) -> str:
        """The scheme's time zone of this till's region (Paris, or Réunion for NUMÉRISAK)."""
        return till_zone(self.partner().accreditations, self.till.schemes.values())

    def today(self) -> date:
        return local_day(self.till.now(), self.zone())

    def closes(self) -> list[Close]:
        """Every close, in the order made (the chain verified)."""
        with self.till._busy:
            return self._read(self.store.all)

    def running(self) -> tuple[Close, ...]:
        """What closing today now would make (the running totals shown before closing); ()
        once today is closed."""
        with self.till._busy:
            zone, now = self.zone(), self.till.now()
            state, _ = self._read(self.store.ledgers)
            pending = self.store.unclosed(self.store.last_closed_seq())
            return preview(state, pending, day=local_day(now, zone), zone=zone, at=now)

    def find(self, kind: CloseKind, number: int) -> Close:
        for close in self.closes():
            if close.kind is kind and close.number == number:
                return close
        raise TillError(
            "close_unknown",
            Text(
                "Aucune clôture {kind} n° {number} dans cette caisse.",
                kind=_WORD[kind],
                number=number,
            ),
            REFUSAL,
        )

    def period(self, kind: CloseKind, period: str) -> PeriodView:
        """The monthly (`2026-03`) or yearly (`2026`) close, or its running roll-up."""
        closes = self.closes()
        made = next((c for c in closes if c.kind is kind and c.period == period), None)
        if made is not None:
            return PeriodView(made, provisional=False)
        days = [c for c in closes if c.kind is CloseKind.DAY and c.period.startswith(period)]
        if not days:
            raise TillError(
                "period_empty",
                Text("Aucune clôture journalière pour {period} dans cette caisse.", period=period),
                REFUSAL,
            )
        running = roll_up(
            days,
            kind=kind,
            period=period,
            number=1,
            closed_at=self.till.now(),
            previous_hash=days[-1].hash,
        )
        return PeriodView(running, provisional=True)

    def lines(self, close: Close, width: int = WIDTH) -> list[str]:
        """The close as plain lines for a ticket printer of `width` characters."""
        return close_lines(close, self.partner(), self.till.schemes, width)

    def unclosed_notice(self) -> Text | None:
        """Said (never in a dialog) when an earlier day's entries are not closed yet: cheap
        enough for every refresh of the status strip (two index lookups)."""
        with self.till._busy:
            if self.till.store.device() is None:
                return None
            zone = self.zone()
            day = unclosed_day(
                self.store.first_unclosed_at(), local_day(self.till.now(), zone), zone
            )
            return unclosed_notice(day) if day else None

    # --- closing --------------------------------------------------------------------------

    def close(self, day: date | None = None) -> tuple[Close, ...]:
        """Close `day` (default: today, in the scheme's zone), after any earlier day left
        unclosed, and the month and year it completes; returns every close made."""
        with self.till._busy:
            zone, now = self.zone(), self.till.now()
            state, _ = self._read(self.store.ledgers)
            pending = self.store.unclosed(self.store.last_closed_seq())
            try:
                made = plan_closes(
                    state, pending, day=day or local_day(now, zone), zone=zone, closed_at=now
                )
            except CloseRefusal as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            try:
                self.store.append(made)
            except StoreError as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            for close in made:
                log.info("close %s n° %d (%s) made", close.kind, close.number, close.period)
            return made

    def write_pdf(self, close: Close, path: Path | str) -> Path:
        data = close_pdf(close, self.partner(), self.till.schemes)
        try:
            return write_atomically(Path(path), data)
        except DocumentWriteError as exc:
            raise TillError("pdf_write_failed", exc.message, INPUT_ERROR) from exc

    # --- helpers --------------------------------------------------------------------------

    def _read(self, read):  # type: ignore[no-untyped-def]
        try:
            return read()
        except StoreError as exc:
            raise TillError(exc.code, exc.message, REFUSAL) from exc


_WORD = {CloseKind.DAY: "journalière", CloseKind.MONTH: "mensuelle", CloseKind.YEAR: "annuelle"}


def parse_period(text: str, kind: CloseKind) -> str:
    """`2026-03` for a month, `2026` for a year; anything else is an input error."""
    shape = "AAAA-MM, ex. 2026-03" if kind is CloseKind.MONTH else "AAAA, ex. 2026"
    try:
        if kind is CloseKind.MONTH:
            year, month = text.split("-")
            ok = len(year) == 4 and len(month) == 2 and 1 <= int(month) <= 12 and int(year) > 0
        else:
            ok = len(text) == 4 and int(text) > 0
    except ValueError:
        ok = False
    if not ok:
        raise TillError(
            "period_invalid",
            Text("Période illisible : « {typed} ». Écrivez-la {shape}.", typed=text, shape=shape),
        )
    return text


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise TillError(
            "date_invalid",
            Text(
                "Date illisible : « {typed} ». Écrivez-la AAAA-MM-JJ, ex. 2026-03-31.", typed=text
            ),
        ) from exc
