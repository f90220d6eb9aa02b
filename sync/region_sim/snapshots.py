"""The reference Region's snapshots: full or delta record files, and the signed header.

A full snapshot of a region is tens of megabytes: its records are written once per partner and
version into a cache file and streamed from there, while the small header (policy, keys,
revocations, coupons...) is rebuilt and signed on every request, so it is never stale. A till
that already holds version V gets only the beneficiaries changed since V (a delta), unless so
many changed that a full snapshot is cheaper.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.manual_codes import keyed_hash
from pos_app.domain.snapshot import beneficiary_line, code_line

CHANGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, beneficiary_id TEXT NOT NULL,
    what TEXT NOT NULL DEFAULT 'wallet' CHECK (what IN ('wallet', 'support')));
CREATE TRIGGER IF NOT EXISTS wallet_added AFTER INSERT ON wallets
    BEGIN INSERT INTO changes (beneficiary_id) VALUES (NEW.beneficiary_id); END;
CREATE TRIGGER IF NOT EXISTS wallet_changed AFTER UPDATE ON wallets
    BEGIN INSERT INTO changes (beneficiary_id) VALUES (NEW.beneficiary_id); END;
CREATE TRIGGER IF NOT EXISTS support_changed AFTER UPDATE OF serial, manual_code ON beneficiaries
    BEGIN INSERT INTO changes (beneficiary_id, what) VALUES (NEW.id, 'support'); END;
CREATE INDEX IF NOT EXISTS beneficiaries_suspended ON beneficiaries (suspended) WHERE suspended;
"""
"""Every change to what a snapshot line shows gets a sequence number: the snapshot version is
the highest one, and a delta since V lists the beneficiaries with a change after V (with their
typed-code lines only when their support changed). A suspension travels in the header."""

DELTA_SHARE = 0.25
"""Beyond this share of the beneficiaries changed, a full snapshot is sent instead of a delta."""


@dataclass(frozen=True, slots=True)
class Records:
    """The record lines of one snapshot: in a cache file (full) or in memory (delta)."""

    beneficiaries: int
    codes: int
    sha256: str
    path: Path | None = None
    data: bytes = b""

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.data)

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        if self.path is None:
            yield self.data
            return
        with self.path.open("rb") as source:
            while chunk := source.read(size):
                yield chunk


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])


def changed_since(conn: sqlite3.Connection, since: int) -> int:
    return int(
        conn.execute(
            "SELECT count(DISTINCT beneficiary_id) FROM changes WHERE seq > ?", (since,)
        ).fetchone()[0]
    )


def delta_possible(conn: sqlite3.Connection, since: int, version: int) -> bool:
    if since <= 0 or since > version:
        return False  # a new till, or one that knows a version this server never issued
    total = conn.execute("SELECT count(*) FROM beneficiaries").fetchone()[0]
    return changed_since(conn, since) <= max(1000, int(total * DELTA_SHARE))


def _lines(
    conn: sqlite3.Connection,
    categories: Sequence[tuple[str, str]],
    salt: bytes,
    since: int | None,
) -> Iterator[bytes]:
    """Beneficiary lines sorted by key, then typed-code lines sorted by their hash."""
    if not categories:
        return
    scope = ", ".join("(?, ?)" for _ in categories)
    params: list[object] = [value for pair in categories for value in pair]
    if since:  # the few changed beneficiaries first, then their wallets by primary key
        source = (
            "(SELECT DISTINCT beneficiary_id AS id FROM changes WHERE seq > ?) c "
            "JOIN beneficiaries b ON b.id = c.id JOIN wallets w ON w.beneficiary_id = c.id"
        )
        params.insert(0, since)
    else:
        source = "wallets w JOIN beneficiaries b ON b.id = w.beneficiary_id"
    new_supports = (
        {
            row[0]
            for row in conn.execute(
                "SELECT beneficiary_id FROM changes WHERE seq > ? AND what = 'support'", (since,)
            )
        }
        if since
        else None
    )
    rows = conn.execute(
        "SELECT b.pkey, b.manual_code, b.serial, b.id, w.scheme_id, w.category_id, "
        f"w.balance_cents, w.granted_cents, w.units FROM {source} "
        f"WHERE (w.scheme_id, w.category_id) IN (VALUES {scope}) "
        "ORDER BY b.pkey, w.scheme_id, w.category_id",
        params,
    )
    codes = []
    for (pkey, code, serial, key), wallets in itertools.groupby(rows, key=lambda row: row[:4]):
        yield beneficiary_line(pkey, (row[4:] for row in wallets))
        if new_supports is None or key in new_supports:
            codes.append(code_line(keyed_hash(salt, code), pkey, keyed_hash(salt, serial)))
    codes.sort()
    yield from codes


def full_records(
    conn: sqlite3.Connection,
    cache_dir: Path,
    cache_name: str,
    categories: Sequence[tuple[str, str]],
    salt: bytes,
) -> Records:
    """The records of a full snapshot, written to the cache the first time they are asked."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{cache_name}.records"
    meta = cache_dir / f"{cache_name}.meta"
    if path.exists() and meta.exists():
        beneficiaries, codes, sha256 = meta.read_text(encoding="ascii").split()
        return Records(int(beneficiaries), int(codes), sha256, path=path)
    for stale in cache_dir.glob(f"{cache_name.rsplit('-', 1)[0]}-*"):
        stale.unlink(missing_ok=True)  # older versions of this partner's snapshot
    digest = hashlib.sha256()
    counts = {"b": 0, "c": 0}
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        section = "b"
        for line in _lines(conn, categories, salt, since=None):
            if line.count(b"\t") == 2:
                section = "c"
            counts[section] += 1
            digest.update(line)
            out.write(line)
    os.replace(partial, path)
    meta.write_text(f"{counts['b']} {counts['c']} {digest.hexdigest()}", encoding="ascii")
    return Records(counts["b"], counts["c"], digest.hexdigest(), path=path)


def delta_records(
    conn: sqlite3.Connection, categories: Sequence[tuple[str, str]], salt: bytes, since: int
) -> Records:
    lines = list(_lines(conn, categories, salt, since=since))
    codes = sum(1 for line in lines if line.count(b"\t") == 2)
    data = b"".join(lines)
    return Records(len(lines) - codes, codes, hashlib.sha256(data).hexdigest(), data=data)
