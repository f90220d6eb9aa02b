"""The closes' SQL: append the closes a close of day makes, read them back, verify the chain.

The `closes` table is append-only (triggers refuse UPDATE and DELETE, and an insert out of
order, numbered with a gap, or covering the ledger with a gap or twice). Each row keeps the
close's canonical content as made and its SHA-256 hash chained to the previous one; reading
recomputes the chain, so a close edited on disk (triggers dropped) is refused, never shown.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime

from pos_app.domain.closes import GENESIS, Close, CloseEntry, CloseKind, Ledgers, verify_chain
from pos_app.domain.text import Text
from pos_app.store.db import StoreError, write_transaction

log = logging.getLogger(__name__)

_COLUMNS = "content, hash"


class ClosesStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _transaction(self) -> AbstractContextManager[None]:
        return write_transaction(self.conn)

    def append(self, closes: Sequence[Close]) -> None:
        """All or nothing: the closes one close of day makes (missed days, roll-ups)."""
        try:
            with self._transaction():
                chain = self.conn.execute("SELECT coalesce(max(chain), 0) FROM closes").fetchone()[
                    0
                ]
                for offset, close in enumerate(closes, start=1):
                    self.conn.execute(
                        "INSERT INTO closes (chain, kind, number, period, first_seq, last_seq, "
                        "closed_at, content, previous_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            chain + offset,
                            close.kind.value,
                            close.number,
                            close.period,
                            close.first_seq,
                            close.last_seq,
                            close.closed_at.isoformat(),
                            close.canonical().decode("utf-8"),
                            close.previous_hash,
                            close.hash,
                        ),
                    )
        except sqlite3.IntegrityError as exc:  # another close was made meanwhile
            log.error("close refused by the database: %s", exc)
            raise StoreError(
                "close_conflict",
                Text(
                    "Une autre clôture vient d'être faite sur cette caisse : rien n'a été "
                    "enregistré, affichez les clôtures puis recommencez si besoin."
                ),
            ) from exc
        except sqlite3.OperationalError as exc:
            log.error("could not record the close: %s", exc)
            raise StoreError(
                "close_write_failed",
                Text(
                    "Impossible d'enregistrer la clôture (disque plein ou protégé ?) : rien "
                    "n'a été clôturé. Libérez de l'espace puis recommencez."
                ),
            ) from exc

    def all(self) -> list[Close]:
        """Every close in the order made, the chain verified."""
        closes = [
            _close(content, hash_)
            for content, hash_ in self.conn.execute(f"SELECT {_COLUMNS} FROM closes ORDER BY chain")
        ]
        broken = verify_chain(closes)
        if broken is not None:
            log.error("close chain broken at close %d (chain order)", broken + 1)
            raise StoreError(
                "closes_tampered",
                Text(
                    "Les clôtures enregistrées dans cette caisse ont été modifiées (clôture "
                    "{kind} n° {number}) : n'effacez rien et contactez l'assistance.",
                    kind=_KIND_WORD[closes[broken].kind],
                    number=closes[broken].number,
                ),
            )
        return closes

    def ledgers(self) -> tuple[Ledgers, list[Close]]:
        """What the next close needs to know, and all closes (verified)."""
        closes = self.all()
        days = [c for c in closes if c.kind is CloseKind.DAY]
        months = [c for c in closes if c.kind is CloseKind.MONTH]
        years = [c for c in closes if c.kind is CloseKind.YEAR]
        rolled_months = {m.period for m in months}
        rolled_years = {y.period for y in years}
        return (
            Ledgers(
                last_hash=closes[-1].hash if closes else GENESIS,
                last_day=days[-1] if days else None,
                last_month_number=months[-1].number if months else 0,
                last_year_number=years[-1].number if years else 0,
                open_days=tuple(d for d in days if d.period[:7] not in rolled_months),
                open_months=tuple(m for m in months if m.period[:4] not in rolled_years),
            ),
            closes,
        )

    def last_closed_seq(self) -> int:
        return int(
            self.conn.execute(
                "SELECT coalesce(max(last_seq), 0) FROM closes WHERE kind = 'day'"
            ).fetchone()[0]
        )

    def unclosed(self, after_seq: int) -> list[CloseEntry]:
        """The ledger entries after `after_seq`, in ledger order, with their outbox state."""
        return [
            CloseEntry(
                seq,
                txn_id,
                kind,
                datetime.fromisoformat(created_at),
                scheme_id,
                category_id,
                item_kind,
                amount,
                price,
                complement,
                operator,
                state,
            )
            for (
                seq,
                txn_id,
                kind,
                created_at,
                scheme_id,
                category_id,
                item_kind,
                amount,
                price,
                complement,
                operator,
                state,
            ) in self.conn.execute(
                "SELECT l.seq, l.txn_id, l.kind, l.created_at, l.scheme_id, l.category_id, "
                "l.item_kind, l.amount_cents, l.price_cents, l.complement_cents, l.operator, "
                "o.state FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id "
                "WHERE l.seq > ? ORDER BY l.seq",
                (after_seq,),
            )
        ]

    def first_unclosed_at(self) -> datetime | None:
        """When the oldest entry not yet in a daily close was made (two index lookups)."""
        row = self.conn.execute(
            "SELECT created_at FROM ledger WHERE seq > (SELECT coalesce(max(last_seq), 0) "
            "FROM closes WHERE kind = 'day') ORDER BY seq LIMIT 1"
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None


_KIND_WORD = {
    CloseKind.DAY: "journalière",
    CloseKind.MONTH: "mensuelle",
    CloseKind.YEAR: "annuelle",
}


def _close(content: str, hash_: str) -> Close:
    try:
        return Close.from_content(json.loads(content), hash_)
    except (ValueError, KeyError, TypeError) as exc:
        log.error("close unreadable: %s", exc)
        raise StoreError(
            "closes_tampered",
            Text(
                "Une clôture enregistrée dans cette caisse est illisible : n'effacez rien et "
                "contactez l'assistance."
            ),
        ) from exc
