"""The Region's reimbursement statements as the till keeps them, and the ledger as the check of
them reads it.

A statement is applied whole or not at all, in one transaction: each batch it carries replaces
the stored one only if its revision is higher (a statement received twice, or an older one
replayed, changes nothing), and the version to ask next moves forward only with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime

from pos_app.domain.batches import Batch, BatchLine
from pos_app.domain.reconciliation import TillLine
from pos_app.domain.schemes import Scheme
from pos_app.domain.statements import Statement, batch_from_json, batch_to_json


class StatementTables:
    """The statements part of a till's database, on the connection of its `TillStore`."""

    def __init__(
        self, conn: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self.conn = conn
        self._transaction = transaction

    def version(self) -> int:
        row = self.conn.execute("SELECT version FROM statement_meta WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def fetched_at(self) -> datetime | None:
        row = self.conn.execute("SELECT fetched_at FROM statement_meta WHERE id = 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def apply(self, statement: Statement, at: datetime) -> int:
        """Store what is new in `statement`; returns how many batches changed."""
        changed = 0
        with self._transaction():
            known = dict(self.conn.execute("SELECT batch_id, revision FROM statement_batches"))
            for batch, revision in statement.batches:
                if known.get(batch.id, -1) >= revision:
                    continue
                header = batch_to_json(batch, revision)
                del header["lines"]  # kept in their own table, read in one query
                self.conn.execute("DELETE FROM statement_lines WHERE batch_id = ?", (batch.id,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO statement_batches VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        batch.id,
                        batch.scheme_id,
                        batch.period.key,
                        revision,
                        json.dumps(header, ensure_ascii=False),
                        at.isoformat(),
                    ),
                )
                self.conn.executemany(
                    "INSERT INTO statement_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            batch.id,
                            position,
                            line.txn_id,
                            line.device_id,
                            line.kind,
                            line.created_at.isoformat(),
                            line.amount_cents,
                            int(line.counted),
                            line.reason,
                            line.origin,
                        )
                        for position, line in enumerate(batch.lines)
                    ),
                )
                changed += 1
            self.conn.execute(
                "INSERT INTO statement_meta VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "version = max(version, excluded.version), fetched_at = excluded.fetched_at",
                (statement.version, at.isoformat()),
            )
        return changed

    def batches(self, schemes: Mapping[str, Scheme]) -> list[Batch]:
        """The stored batches, oldest period first; a batch of a scheme this till no longer
        knows is left out (it stays stored)."""
        lines: dict[str, list[BatchLine]] = defaultdict(list)
        parse = datetime.fromisoformat
        for batch_id, *line in self.conn.execute(
            "SELECT batch_id, txn_id, device_id, kind, created_at, amount_cents, counted, "
            "reason, origin FROM statement_lines ORDER BY batch_id, position"
        ):
            txn_id, device_id, kind, created_at, amount, counted, reason, origin = line
            lines[batch_id].append(
                BatchLine(
                    txn_id,
                    device_id,
                    kind,
                    parse(created_at),
                    amount,
                    bool(counted),
                    reason,
                    origin,
                )
            )
        batches = []
        for (body,) in self.conn.execute("SELECT body FROM statement_batches"):
            header = json.loads(body)
            if header["scheme_id"] in schemes:
                batch = batch_from_json({**header, "lines": []}, schemes, checked=True)[0]
                batches.append(replace(batch, lines=tuple(lines.get(batch.id, ()))))
        return sorted(batches, key=lambda b: (b.period.start, b.id))

    def confirm_receipt(self, batch_id: str, received_on: date, at: datetime, by: str) -> None:
        with self._transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO payment_receipts VALUES (?, ?, ?, ?)",
                (batch_id, received_on.isoformat(), at.isoformat(), by),
            )

    def receipts(self) -> dict[str, date]:
        """The day the partner confirmed receiving each batch's payment."""
        return {
            batch_id: date.fromisoformat(day)
            for batch_id, day in self.conn.execute(
                "SELECT batch_id, received_on FROM payment_receipts"
            )
        }

    def ledger_lines(self) -> list[TillLine]:
        """Every ledger entry, as the reconciliation reads it: one query, no per-row lookups
        (a busy cinema's season is 100 000 rows)."""
        rows = self.conn.execute(
            "SELECT l.txn_id, l.kind, l.created_at, l.amount_cents, l.scheme_id, o.state, "
            "o.reason, o.updated_at, l.voids FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id "
            "ORDER BY l.seq"
        )
        return list(_lines(rows))

    def export_rows(self) -> list[dict[str, object]]:
        """Every ledger entry with what an accountant's export shows, in ledger order."""
        cursor = self.conn.execute(
            "SELECT l.seq, l.txn_id, l.kind, l.created_at, l.scheme_id, l.category_id, "
            "l.item_kind, l.price_cents, l.amount_cents, l.complement_cents, l.holder_name, "
            "l.operator, l.voids FROM ledger l ORDER BY l.seq"
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def ledger_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT txn_id FROM ledger")}


def _lines(rows: Iterable[tuple]) -> Iterable[TillLine]:
    parse = datetime.fromisoformat
    for txn_id, kind, created, amount, scheme, state, reason, updated, voids in rows:
        yield TillLine(
            txn_id=txn_id,
            kind=kind,
            created_at=parse(created),
            amount_cents=amount,
            scheme_id=scheme,
            outbox_state=state,
            region_reason=reason,
            accepted_at=parse(updated) if updated and state in ("accepted", "duplicate") else None,
            voids=voids,
        )
