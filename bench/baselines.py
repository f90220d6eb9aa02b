"""Raw SQLite baselines shared by the bench scripts: the same rows as the ledger, no till code."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from pos_app.domain.model import Transaction

RAW_SCHEMA = """
CREATE TABLE raw_ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, txn_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    created_at TEXT NOT NULL, partner_id TEXT NOT NULL, beneficiary TEXT NOT NULL,
    scheme_id TEXT NOT NULL, category_id TEXT NOT NULL, item_kind TEXT NOT NULL,
    amount_cents INTEGER NOT NULL, price_cents INTEGER NOT NULL,
    complement_cents INTEGER NOT NULL, forfeited_cents INTEGER NOT NULL,
    serial TEXT NOT NULL, holder_name TEXT NOT NULL, operator TEXT NOT NULL)
"""


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 file with the till's own pragmas (WAL, synchronous=FULL)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(RAW_SCHEMA)
    return conn


def raw_row(txn: Transaction) -> tuple[object, ...]:
    return (
        str(uuid.uuid4()),
        txn.kind.value,
        txn.created_at.isoformat(),
        txn.partner_id,
        txn.beneficiary,
        txn.scheme_id,
        txn.category_id,
        txn.item_kind,
        txn.amount_cents,
        txn.price_cents,
        txn.complement_cents,
        txn.forfeited_cents,
        txn.serial,
        txn.holder_name,
        txn.operator,
    )
