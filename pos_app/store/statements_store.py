"""The Region's reimbursement statements as the till keeps them, and the ledger as the check of
them reads it.

A statement is applied whole or not at all, in one transaction: each batch it carries replaces
the stored one only if its revision is higher (a statement received twice, or an older one
replayed, changes nothing), and the version to ask next moves forward only with it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime
from sys import intern
from typing import Any, NamedTuple

from pos_app.domain.batches import Batch, BatchLine, BatchSummary
from pos_app.domain.reconciliation import TillLine
from pos_app.domain.schemes import Scheme
from pos_app.domain.statements import Statement, batch_from_json, batch_to_json


class StoredBatch(NamedTuple):
    batch: Batch
    """Without its lines."""
    summary: BatchSummary
    revision: int
    lines_digest: str | None
    """SHA-256 of its lines as stored (None for a batch stored before schema 16)."""


def lines_digest(lines: Iterable[BatchLine]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(
            f"{line.txn_id}\x1f{line.device_id}\x1f{line.kind}\x1f{line.created_at.isoformat()}"
            f"\x1f{line.amount_cents}\x1f{int(line.counted)}\x1f{line.reason}\x1f{line.origin}"
            "\x1e".encode()
        )
    return digest.hexdigest()


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
                    "INSERT OR REPLACE INTO statement_batches (batch_id, scheme_id, period_key, "
                    "revision, body, received_at, lines_digest) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        batch.id,
                        batch.scheme_id,
                        batch.period.key,
                        revision,
                        json.dumps(header, ensure_ascii=False),
                        at.isoformat(),
                        lines_digest(batch.lines),
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
                    intern(txn_id),  # one string for the ledger's and the batch's line
                    intern(device_id),
                    intern(kind),
                    parse(created_at),
                    amount,
                    bool(counted),
                    intern(reason),
                    intern(origin),
                )
            )
        batches = []
        for (body,) in self.conn.execute("SELECT body FROM statement_batches"):
            header = json.loads(body)
            if header["scheme_id"] in schemes:
                batch = batch_from_json({**header, "lines": []}, schemes, checked=True)[0]
                batches.append(replace(batch, lines=tuple(lines.get(batch.id, ()))))
        return sorted(batches, key=lambda b: (b.period.start, b.id))

    def headers(self, schemes: Mapping[str, Scheme]) -> list[StoredBatch]:
        """The stored batches without their lines (their totals as the statement stated
        them, checked when it was received), in the order of `batches`."""
        stored = []
        for body, revision, digest in self.conn.execute(
            "SELECT body, revision, lines_digest FROM statement_batches"
        ):
            header = json.loads(body)
            if header["scheme_id"] in schemes:
                batch = batch_from_json({**header, "lines": []}, schemes, checked=True)[0]
                summary = replace(
                    batch.summary(),
                    counted_cents=int(header["counted_cents"]),
                    rejected_cents=int(header["rejected_cents"]),
                )
                stored.append(StoredBatch(batch, summary, int(revision), digest))
        return sorted(stored, key=lambda b: (b.batch.period.start, b.batch.id))

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
        """Every ledger entry, as the reconciliation reads it: two plain scans, no join and no
        per-row lookups (a busy cinema's season is 100 000 rows). Repeated words (kinds,
        states, schemes) and the ids shared with the batches' lines are one string each."""
        outbox = {
            txn_id: (intern(state), intern(reason), updated)
            for txn_id, state, reason, updated in self.conn.execute(
                "SELECT txn_id, state, reason, updated_at FROM outbox"
            )
        }
        parse = datetime.fromisoformat
        lines = []
        for txn_id, kind, created, amount, scheme, voids in self.conn.execute(
            "SELECT txn_id, kind, created_at, amount_cents, scheme_id, voids FROM ledger "
            "ORDER BY seq"
        ):
            state, reason, updated = outbox[txn_id]
            accepted = parse(updated) if updated and state in _SENT else None
            lines.append(
                TillLine(
                    intern(txn_id),
                    intern(kind),
                    parse(created),
                    amount,
                    intern(scheme),
                    state,
                    reason,
                    accepted,
                    voids,
                )
            )
        return lines

    def export_rows(self) -> list[tuple[Any, ...]]:
        """Every ledger entry with what an accountant's export shows, in ledger order: seq,
        txn_id, kind, created_at, scheme_id, category_id, item_kind, price_cents,
        amount_cents, complement_cents, holder_name, operator, voids."""
        return self.conn.execute(
            "SELECT seq, txn_id, kind, created_at, scheme_id, category_id, item_kind, "
            "price_cents, amount_cents, complement_cents, holder_name, operator, voids "
            "FROM ledger ORDER BY seq"
        ).fetchall()

    def device_lines(self, device_id: str) -> list[tuple[str, str, int, int, str]]:
        """(batch, txn, amount, counted, reason) of every stored line of this till, each
        batch's in its order (the export's reading: no dates parsed)."""
        return self.conn.execute(
            "SELECT batch_id, txn_id, amount_cents, counted, reason FROM statement_lines "
            "WHERE device_id = ? ORDER BY batch_id, position",
            (device_id,),
        ).fetchall()

    def ledger_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT txn_id FROM ledger")}


_SENT = frozenset({"accepted", "duplicate"})
