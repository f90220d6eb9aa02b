"""The paper vouchers the reference Region printed, and the extensions it decided.

Seed 003 §3.3: each « Bon NUMÉRISAK » carries its own validity date and may be used until the
date written on it; past it, the beneficiary may ask the Region for an exceptional extension
(« demande exceptionnelle de prorogation », instructed by the DEVL; « la collectivité reste
souveraine »). Art. 7 makes the scheme itself last the 2026/2027 school year, which is why the
voucher's own date, not the season, decides.

So the Region keeps, for every voucher it prints, the date it wrote in it (`issued_vouchers`),
and every extension it decides (`voucher_extensions`, append-only: serial, new last day, when,
why). The date in force is the latest decision's, never earlier than the written one; the tills
learn it from the snapshot (`voucher_extensions` in the header, `docs/snapshot-format.md`).

Printing the same voucher again (a lost sheet, `region-sim voucher B005 …` run twice) signs it
anew with the date first written, not a date recomputed from today's scheme file: a voucher's
date is what was promised to its holder, and two sheets of one serial never disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS issued_vouchers (
    serial TEXT PRIMARY KEY, beneficiary_id TEXT NOT NULL, scheme_id TEXT NOT NULL,
    category_id TEXT NOT NULL, number INTEGER NOT NULL, valid_until TEXT NOT NULL,
    first_printed_at TEXT NOT NULL, last_printed_at TEXT NOT NULL,
    prints INTEGER NOT NULL DEFAULT 1);
CREATE TRIGGER IF NOT EXISTS issued_vouchers_kept
    BEFORE UPDATE OF serial, beneficiary_id, scheme_id, category_id, number, valid_until,
    first_printed_at ON issued_vouchers
    BEGIN SELECT RAISE(ABORT, 'a printed voucher keeps what was written in it'); END;
CREATE TRIGGER IF NOT EXISTS issued_vouchers_no_delete BEFORE DELETE ON issued_vouchers
    BEGIN SELECT RAISE(ABORT, 'a printed voucher is kept'); END;
CREATE TABLE IF NOT EXISTS voucher_extensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    serial TEXT NOT NULL REFERENCES issued_vouchers (serial),
    valid_until TEXT NOT NULL, decided_at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS voucher_extensions_serial ON voucher_extensions (serial, id);
CREATE TRIGGER IF NOT EXISTS voucher_extensions_no_update BEFORE UPDATE ON voucher_extensions
    BEGIN SELECT RAISE(ABORT, 'an extension decided is kept: decide a new one'); END;
CREATE TRIGGER IF NOT EXISTS voucher_extensions_no_delete BEFORE DELETE ON voucher_extensions
    BEGIN SELECT RAISE(ABORT, 'an extension decided is kept: decide a new one'); END;
"""
"""Region schema 14 (`state.SCHEMA_VERSION`)."""


class ExtensionRefused(Exception):
    """An extension the Region cannot record; nothing was written. `code`, French `message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Printed:
    """What the Region wrote in one printed voucher."""

    serial: str
    beneficiary_id: str
    scheme_id: str
    category_id: str
    number: int
    valid_until: date


def record_print(conn: sqlite3.Connection, voucher: Printed, now: datetime) -> date:
    """Note that this voucher is printed (again) and return the date to write in it: the one
    written the first time, whatever `voucher.valid_until` says now."""
    conn.execute(
        "INSERT INTO issued_vouchers (serial, beneficiary_id, scheme_id, category_id, number, "
        "valid_until, first_printed_at, last_printed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (serial) DO UPDATE SET last_printed_at = excluded.last_printed_at, "
        "prints = prints + 1",
        (
            voucher.serial,
            voucher.beneficiary_id,
            voucher.scheme_id,
            voucher.category_id,
            voucher.number,
            voucher.valid_until.isoformat(),
            now.isoformat(),
            now.isoformat(),
        ),
    )
    row = conn.execute(
        "SELECT beneficiary_id, scheme_id, category_id, valid_until FROM issued_vouchers "
        "WHERE serial = ?",
        (voucher.serial,),
    ).fetchone()
    if tuple(row[:3]) != (voucher.beneficiary_id, voucher.scheme_id, voucher.category_id):
        raise ValueError(f"voucher {voucher.serial} was printed for {row[0]} ({row[1]}/{row[2]})")
    return date.fromisoformat(row[3])


IN_FORCE_SQL = (
    "COALESCE((SELECT e.valid_until FROM voucher_extensions e WHERE e.serial = v.serial "
    "ORDER BY e.id DESC LIMIT 1), v.valid_until)"
)
"""SQL for the last day of the printed voucher `v` (a row of `issued_vouchers`): its latest
extension, else the date written in it."""


def written(conn: sqlite3.Connection, serial: str) -> date | None:
    """The date written in a voucher this Region printed, or None."""
    row = conn.execute(
        "SELECT valid_until FROM issued_vouchers WHERE serial = ?", (serial,)
    ).fetchone()
    return date.fromisoformat(row[0]) if row else None


def in_force(conn: sqlite3.Connection, serial: str) -> date | None:
    """A printed voucher's last day: its latest extension, else the date written; None for a
    serial this Region never printed."""
    query = f"SELECT {IN_FORCE_SQL} FROM issued_vouchers v WHERE v.serial = ?"
    found = conn.execute(query, (serial,)).fetchone()
    return date.fromisoformat(found[0]) if found else None


def extend(
    conn: sqlite3.Connection, serial: str, until: date, reason: str, now: datetime
) -> dict[str, Any]:
    """Record the Region's decision that this voucher may be used until `until`. The latest
    decision is in force (a later one may shorten an earlier extension, never below the date
    written in the voucher). KeyError for a serial never printed."""
    first = written(conn, serial)
    if first is None:
        raise KeyError(serial)
    if until < first:
        raise ExtensionRefused(
            "extension_before_written_date",
            f"Prorogation refusée : le {until:%d/%m/%Y} est avant la date de validité écrite "
            f"sur le bon {serial} ({first:%d/%m/%Y}). Une prorogation ne peut que la repousser.",
        )
    previous = in_force(conn, serial)
    conn.execute(
        "INSERT INTO voucher_extensions (serial, valid_until, decided_at, reason) "
        "VALUES (?, ?, ?, ?)",
        (serial, until.isoformat(), now.isoformat(), reason.strip()),
    )
    return {**show(conn, serial), "previous_valid_until": str(previous)}


def show(conn: sqlite3.Connection, serial: str) -> dict[str, Any]:
    """A printed voucher: what was written, the extensions decided, the date in force."""
    row = conn.execute(
        "SELECT beneficiary_id, scheme_id, category_id, number, valid_until, first_printed_at, "
        "prints FROM issued_vouchers WHERE serial = ?",
        (serial,),
    ).fetchone()
    if row is None:
        raise KeyError(serial)
    extensions = [
        {"valid_until": until, "decided_at": decided, "reason": reason}
        for until, decided, reason in conn.execute(
            "SELECT valid_until, decided_at, reason FROM voucher_extensions WHERE serial = ? "
            "ORDER BY id",
            (serial,),
        )
    ]
    return {
        "serial": serial,
        "beneficiary": row[0],
        "scheme": row[1],
        "category": row[2],
        "number": row[3],
        "written_valid_until": row[4],
        "first_printed_at": row[5],
        "prints": row[6],
        "extensions": extensions,
        "valid_until": str(in_force(conn, serial)),
    }


def announced(
    conn: sqlite3.Connection, categories: Sequence[tuple[str, str]]
) -> list[tuple[str, date]]:
    """(serial, last day) of the vouchers of these categories whose date in force is later
    than the one written: what the tills must be told (the written date they read themselves)."""
    if not categories:
        return []
    scope = ", ".join("(?, ?)" for _ in categories)
    rows = conn.execute(
        "SELECT v.serial, e.valid_until FROM issued_vouchers v JOIN voucher_extensions e "
        "ON e.id = (SELECT max(id) FROM voucher_extensions WHERE serial = v.serial) "
        f"WHERE e.valid_until > v.valid_until AND (v.scheme_id, v.category_id) IN "
        f"(VALUES {scope}) ORDER BY v.serial",
        [value for pair in categories for value in pair],
    )
    return [(serial, date.fromisoformat(until)) for serial, until in rows]
