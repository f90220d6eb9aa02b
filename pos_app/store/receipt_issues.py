"""Which receipts this till issued (printed or saved as PDF), so that a reprint says DUPLICATA,
and finding a ledger entry by the short reference a receipt or the window shows.

Kept apart from `till_store.py`; it works on the till's connection, inside the till's operation
lock (`Till.with_store`). The table (migration 12) is append-only, enforced by triggers.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import datetime

from pos_app.domain.text import Text
from pos_app.store.db import StoreError

log = logging.getLogger(__name__)

OUTPUTS = ("escpos", "system", "pdf")
SHORT_REFERENCE = 8
"""The window and the CLI show the first 8 characters of a transaction's id."""
_REFERENCE = re.compile(r"^[0-9a-fA-F-]+$")


def matching_ids(conn: sqlite3.Connection, reference: str) -> list[str]:
    """The ledger ids equal to `reference`, or starting with it when it is at least
    `SHORT_REFERENCE` characters of an id (hex digits and dashes): at most two, enough to tell
    an ambiguous reference."""
    reference = reference.strip()
    exact = conn.execute("SELECT txn_id FROM ledger WHERE txn_id = ?", (reference,)).fetchone()
    if exact:
        return [exact[0]]
    if len(reference) < SHORT_REFERENCE or not _REFERENCE.match(reference):
        return []
    low = reference.lower()
    return [
        row[0]
        for row in conn.execute(  # an index range on the primary key's unique index
            "SELECT txn_id FROM ledger WHERE txn_id >= ? AND txn_id < ? ORDER BY txn_id LIMIT 2",
            (low, low + "\U0010ffff"),
        )
    ]


def ticket_of(conn: sqlite3.Connection, txn_id: str) -> int | None:
    row = conn.execute("SELECT seq FROM ledger WHERE txn_id = ?", (txn_id,)).fetchone()
    return int(row[0]) if row else None


def issued_count(conn: sqlite3.Connection, txn_id: str) -> int:
    return int(
        conn.execute("SELECT count(*) FROM receipt_issues WHERE txn_id = ?", (txn_id,)).fetchone()[
            0
        ]
    )


def record_issue(
    conn: sqlite3.Connection,
    txn_id: str,
    at: datetime,
    output: str,
    *,
    duplicate: bool,
    operator: str = "",
) -> None:
    """Note that a receipt of `txn_id` was handed out (after the printer or the file took it)."""
    if output not in OUTPUTS:
        raise ValueError(output)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO receipt_issues (txn_id, issued_at, output, duplicate, operator) "
                "VALUES (?, ?, ?, ?, ?)",
                (txn_id, at.isoformat(), output, int(duplicate), operator),
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        log.error("could not note the receipt of %s as issued: %s", txn_id, exc)
        raise StoreError(
            "receipt_issue_not_recorded",
            Text(
                "Le reçu est sorti, mais la caisse n'a pas pu noter qu'il a été remis (disque "
                "plein ou protégé ?) : une réimpression ne portera pas la mention DUPLICATA."
            ),
        ) from exc
