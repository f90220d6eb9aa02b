"""The local API's idempotency keys (migration 18): what a partner's till software asked under
each key, and the answer it was given, replayed to a retry.

Kept apart from `till_store.py`. The local API works on its own connection to the till
(`TillStore.companion()`), so that taking a key never waits for a sale running on the counter's
connection (SQLite's write lock, a few milliseconds at most, is the only thing shared).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from pos_app.store.db import write_transaction


@dataclass(frozen=True, slots=True)
class KeyedRequest:
    """A key already taken: its request's fingerprint, and its answer once done."""

    fingerprint: str
    state: str
    """`running` or `done`."""
    owner: str
    """The run of the local API that took it (a running one of another run died with it)."""
    txn_id: str | None
    status: int | None
    answer: str | None


def _utc(at: datetime) -> str:
    """Compared as text: always UTC, always the same length."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def take(
    conn: sqlite3.Connection,
    key: str,
    fingerprint: str,
    owner: str,
    txn_id: str | None,
    at: datetime,
    forget_before: datetime,
) -> KeyedRequest | None:
    """Take `key` for a request now running (None), or say who has it already: one write
    transaction, so two requests with the same key never both take it. Answers older than
    `forget_before` are forgotten first."""
    with write_transaction(conn):
        conn.execute(
            "DELETE FROM api_requests WHERE state = 'done' AND created_at < ?",
            (_utc(forget_before),),
        )
        row = conn.execute(
            "SELECT fingerprint, state, owner, txn_id, status, answer FROM api_requests "
            "WHERE idem_key = ?",
            (key,),
        ).fetchone()
        if row is not None:
            return KeyedRequest(*row)
        conn.execute(
            "INSERT INTO api_requests (idem_key, fingerprint, state, owner, txn_id, created_at) "
            "VALUES (?, ?, 'running', ?, ?, ?)",
            (key, fingerprint, owner, txn_id, _utc(at)),
        )
    return None


def take_over(conn: sqlite3.Connection, key: str, owner: str, was: str, txn_id: str | None) -> bool:
    """A running key left by a run that died: this run takes it (True), unless another request
    of this run did first."""
    with write_transaction(conn):
        cursor = conn.execute(
            "UPDATE api_requests SET owner = ?, txn_id = ? "
            "WHERE idem_key = ? AND state = 'running' AND owner = ?",
            (owner, txn_id, key, was),
        )
    return cursor.rowcount == 1


def finish(conn: sqlite3.Connection, key: str, owner: str, status: int, answer: str) -> None:
    with write_transaction(conn):
        conn.execute(
            "UPDATE api_requests SET state = 'done', status = ?, answer = ? "
            "WHERE idem_key = ? AND owner = ?",
            (status, answer, key, owner),
        )


def release(conn: sqlite3.Connection, key: str, owner: str) -> None:
    """Nothing was written (a refusal, an error): the key is free for the next try."""
    with write_transaction(conn):
        conn.execute(
            "DELETE FROM api_requests WHERE idem_key = ? AND owner = ? AND state = 'running'",
            (key, owner),
        )


def ledger_has(conn: sqlite3.Connection, txn_id: str) -> bool:
    return conn.execute("SELECT 1 FROM ledger WHERE txn_id = ?", (txn_id,)).fetchone() is not None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM api_requests").fetchone()[0])
