"""Each period's check, kept between questions, and the reads that tell what changed since
(schema 16). What the check means and when it is trusted is `pos_app.back_office.period_cache`'s
business: here only the SQL.

The inputs of a check are the ledger (append-only: what is new is above a `seq`), the outbox
(rewritten in place: the triggers of schema 16 note each change in `period_checks_changes`
while a check is kept) and the Region's batches (each stored with its revision and a digest of
its lines).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from sys import intern
from typing import Any, NamedTuple

from pos_app.domain.batches import BatchLine
from pos_app.domain.reconciliation import TillLine

log = logging.getLogger(__name__)

_SENT = frozenset({"accepted", "duplicate"})


class KeptChecks(NamedTuple):
    generation: int
    body: str
    """'' while nothing is kept."""
    rows: dict[tuple[str, str], str]


class Span(NamedTuple):
    """Ledger entries of one scheme made from `start` (included) to `end` (excluded), compared
    as the ISO text they are stored as: a span is always taken wider than the period it is read
    for, and the entries are then sorted into periods in Python."""

    scheme_id: str
    start: str
    end: str


class Bucket(NamedTuple):
    """The entries of `scheme_id` made from `start` (included) to `end` (excluded), in POSIX
    seconds: one period's (or part of one: a period is cut where the zone's offset changes),
    `own_batch` the id of that period's batch."""

    scheme_id: str
    start: int
    end: int
    own_batch: str


class Agreement(NamedTuple):
    """What `agreed_read` found: the signed total of the entries agreed per bucket (by index in
    the buckets given), and every other entry of `schemes` with this till's lines of them."""

    cents: dict[int, int]
    rest: list[TillLine]
    lines: dict[str, list[BatchLine]]


INSTANT = (
    "CASE WHEN length({c}) = 25 AND substr({c}, 20, 1) IN ('+', '-') "
    "AND substr({c}, 23, 1) = ':' THEN unixepoch({c}) "
    "WHEN length({c}) = 32 AND substr({c}, 20, 1) = '.' AND substr({c}, 27, 1) IN ('+', '-') "
    "AND substr({c}, 30, 1) = ':' THEN unixepoch(substr({c}, 1, 19) || substr({c}, 27)) END"
)
"""The POSIX second of an ISO timestamp as `datetime.isoformat` writes an aware one (with or
without microseconds, an offset in hours and minutes), rounded down: NULL for any other text.
The fraction is cut off before SQLite reads it, since SQLite rounds it to the millisecond (and
23:59:59.9996 would then be the next day)."""


class PeriodCacheTables:
    """The kept checks on the connection of a `TillStore`."""

    def __init__(
        self, conn: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self.conn = conn
        self._transaction = transaction

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same state of the file, whatever
        the sync writes meanwhile on its own connection."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def noting(self) -> bool:
        return self.conn.execute("SELECT 1 FROM period_checks_meta").fetchone() is not None

    def start_noting(self) -> None:
        """From now on, every change to the outbox is noted (before the first check is read,
        so that none made while it is computed is missed)."""
        try:
            with self._transaction():
                self.conn.execute(
                    "INSERT OR IGNORE INTO period_checks_meta (id, generation, body) "
                    "VALUES (1, 0, '')"
                )
        except sqlite3.OperationalError as exc:  # nothing is kept then: every period is checked
            log.warning("period checks not kept: %s", exc)

    def kept(self) -> KeptChecks | None:
        row = self.conn.execute(
            "SELECT generation, body FROM period_checks_meta WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        rows = {
            (scheme_id, key): body
            for scheme_id, key, body in self.conn.execute(
                "SELECT scheme_id, period_key, body FROM period_checks"
            )
        }
        return KeptChecks(int(row[0]), row[1], rows)

    def high_water(self) -> tuple[int, int]:
        """The last ledger `seq` and the last noted outbox change."""
        seq = self.conn.execute("SELECT coalesce(max(seq), 0) FROM ledger").fetchone()[0]
        change = self.conn.execute(
            "SELECT coalesce(max(id), 0) FROM period_checks_changes"
        ).fetchone()[0]
        return int(seq), int(change)

    def entries_after(self, seq: int, change: int) -> list[tuple[str, datetime]]:
        """(scheme, made at) of each entry recorded after `seq`, of the debit each of these
        cancels, and of each entry whose outbox row changed after the noted `change`."""
        parse = datetime.fromisoformat
        found = []
        for scheme, created, voided_scheme, voided_created in self.conn.execute(
            "SELECT l.scheme_id, l.created_at, v.scheme_id, v.created_at FROM ledger l "
            "LEFT JOIN ledger v ON v.txn_id = l.voids WHERE l.seq > ?",
            (seq,),
        ):
            found.append((scheme, parse(created)))
            if voided_scheme is not None:
                found.append((voided_scheme, parse(voided_created)))
        found += [
            (scheme, parse(created))
            for scheme, created in self.conn.execute(
                "SELECT l.scheme_id, l.created_at FROM period_checks_changes c "
                "JOIN ledger l ON l.txn_id = c.txn_id WHERE c.id > ?",
                (change,),
            )
        ]
        return found

    def entries_in_batch(self, batch_id: str, device_id: str) -> list[tuple[str, datetime]]:
        """(scheme, made at) of the ledger entries of this till that a stored batch lists."""
        parse = datetime.fromisoformat
        return [
            (scheme, parse(created))
            for scheme, created in self.conn.execute(
                "SELECT DISTINCT l.scheme_id, l.created_at FROM statement_lines s "
                "JOIN ledger l ON l.txn_id = s.txn_id WHERE s.batch_id = ? AND s.device_id = ?",
                (batch_id, device_id),
            )
        ]

    def ledger_lines(self, spans: Sequence[Span], schemes: Sequence[str]) -> list[TillLine]:
        """The ledger entries in `spans` or of `schemes` (whole), in ledger order, as
        `StatementTables.ledger_lines` reads them."""
        where, params = _where(spans, schemes)
        parse = datetime.fromisoformat
        lines = []
        rows = self.conn.execute(
            "SELECT l.txn_id, l.kind, l.created_at, l.amount_cents, l.scheme_id, l.voids, "
            "o.state, o.reason, o.updated_at FROM ledger l CROSS JOIN outbox o "
            "ON o.txn_id = l.txn_id "
            f"WHERE {where} ORDER BY l.seq",
            params,
        )
        for txn_id, kind, created, amount, scheme, voids, state, reason, updated in rows:
            state = intern(state)
            accepted = parse(updated) if updated and state in _SENT else None
            lines.append(
                TillLine(
                    intern(txn_id),
                    intern(kind),
                    parse(created),
                    amount,
                    intern(scheme),
                    state,
                    intern(reason),
                    accepted,
                    voids,
                )
            )
        return lines

    def batch_lines(
        self, spans: Sequence[Span], schemes: Sequence[str], device_id: str
    ) -> dict[str, list[BatchLine]]:
        """Per batch, in its order, the lines of this till that list an entry of `spans` or
        `schemes` (the ledger scanned, each entry's lines found by the index of schema 16:
        `CROSS JOIN` keeps SQLite from scanning the 100 000 lines instead)."""
        where, params = _where(spans, schemes)
        lines: dict[str, list[BatchLine]] = defaultdict(list)
        parse = datetime.fromisoformat
        for batch_id, *line in self.conn.execute(
            "SELECT s.batch_id, s.txn_id, s.device_id, s.kind, s.created_at, s.amount_cents, "
            "s.counted, s.reason, s.origin FROM ledger l CROSS JOIN statement_lines s "
            f"ON s.txn_id = l.txn_id WHERE s.device_id = ? AND ({where}) "
            "ORDER BY s.batch_id, s.position",
            (device_id, *params),
        ):
            txn_id, device, kind, created_at, amount, counted, reason, origin = line
            lines[batch_id].append(
                BatchLine(
                    intern(txn_id),
                    intern(device),
                    intern(kind),
                    parse(created_at),
                    amount,
                    bool(counted),
                    intern(reason),
                    intern(origin),
                )
            )
        return lines

    def agreed_read(
        self,
        device_id: str,
        buckets: Sequence[Bucket],
        schemes: Sequence[str],
    ) -> Agreement:
        """Every entry of the ledger, the common case counted in SQL: an entry in a bucket that
        one line of all the batches lists, this till's, counted, for its signed amount, in the
        bucket's own batch (so `pos_app.domain.reconciliation.agrees` with it) is added to its
        bucket's total; every other entry of `schemes` is read, in ledger order, with this
        till's lines of it. An entry whose time SQLite cannot read exactly (`INSTANT`) is in no
        bucket: read, for the domain to decide."""
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS agreed_buckets (scheme_id TEXT NOT NULL, "
            "start INTEGER NOT NULL, end INTEGER NOT NULL, bucket INTEGER NOT NULL, "
            "own_batch TEXT NOT NULL, PRIMARY KEY (scheme_id, start)) WITHOUT ROWID"
        )
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS agreed_listed_again (txn_id TEXT PRIMARY KEY) "
            "WITHOUT ROWID"
        )
        try:
            self.conn.executemany(
                "INSERT INTO temp.agreed_buckets VALUES (?, ?, ?, ?, ?)",
                ((b.scheme_id, b.start, b.end, i, b.own_batch) for i, b in enumerate(buckets)),
            )
            self.conn.execute(
                "INSERT INTO temp.agreed_listed_again SELECT txn_id FROM statement_lines "
                "INDEXED BY statement_lines_txn GROUP BY txn_id HAVING count(*) > 1"
            )
            cents: dict[int, int] = {}
            rest_seqs = "[]"
            for bucket, total, seqs in self.conn.execute(_AGREED, (device_id,)):
                if bucket is None:
                    rest_seqs = f"[{seqs}]"
                else:
                    cents[bucket] = total
            schemes_json = json.dumps(list(schemes))
            rest = [
                _till_line(row)
                for row in self.conn.execute(
                    "SELECT l.txn_id, l.kind, l.created_at, l.amount_cents, l.scheme_id, l.voids, "
                    "o.state, o.reason, o.updated_at FROM ledger l CROSS JOIN outbox o "
                    "ON o.txn_id = l.txn_id WHERE l.seq IN (SELECT value FROM json_each(?)) "
                    "AND l.scheme_id IN (SELECT value FROM json_each(?)) ORDER BY l.seq",
                    (rest_seqs, schemes_json),
                )
            ]
            lines: dict[str, list[BatchLine]] = defaultdict(list)
            for batch_id, *line in self.conn.execute(
                "SELECT s.batch_id, s.txn_id, s.device_id, s.kind, s.created_at, s.amount_cents, "
                "s.counted, s.reason, s.origin FROM ledger l CROSS JOIN statement_lines s "
                "ON s.txn_id = l.txn_id WHERE l.seq IN (SELECT value FROM json_each(?)) "
                "AND s.device_id = ? ORDER BY s.batch_id, s.position",
                (rest_seqs, device_id),
            ):
                lines[batch_id].append(_batch_line(line))
        finally:
            self.conn.execute("DELETE FROM temp.agreed_buckets")
            self.conn.execute("DELETE FROM temp.agreed_listed_again")
        return Agreement(cents, rest, lines)

    def voided_ids(self) -> set[str]:
        """Every transaction a void of the ledger cancels."""
        return {
            row[0] for row in self.conn.execute("SELECT voids FROM ledger WHERE voids IS NOT NULL")
        }

    def keep(
        self,
        generation: int,
        body: str,
        rows: dict[tuple[str, str], str],
        gone: Sequence[tuple[str, str]],
        *,
        everything: bool,
        change: int,
    ) -> bool:
        """Keep these checks, if nothing else kept any since `generation` was read (else
        False: the other's are newer). `everything`: they replace all those kept. The noted
        changes up to `change` are then taken into account and forgotten. A write that fails
        (a full disk) is logged, not raised: the checks are only kept to answer faster."""
        try:
            with self._transaction():
                updated = self.conn.execute(
                    "UPDATE period_checks_meta SET generation = generation + 1, body = ? "
                    "WHERE id = 1 AND generation = ?",
                    (body, generation),
                ).rowcount
                if not updated:
                    return False
                if everything:
                    self.conn.execute("DELETE FROM period_checks")
                self.conn.executemany(
                    "DELETE FROM period_checks WHERE scheme_id = ? AND period_key = ?", gone
                )
                self.conn.executemany(
                    "INSERT OR REPLACE INTO period_checks VALUES (?, ?, ?)",
                    ((scheme, key, text) for (scheme, key), text in rows.items()),
                )
                self.conn.execute("DELETE FROM period_checks_changes WHERE id <= ?", (change,))
        except sqlite3.OperationalError as exc:
            log.warning("period checks not kept: %s", exc)
            return False
        return True

    def forget(self) -> None:
        """Keep nothing any more (the next question checks every period again)."""
        with self._transaction():
            self.conn.execute("DELETE FROM period_checks")
            self.conn.execute("DELETE FROM period_checks_meta")
            self.conn.execute("DELETE FROM period_checks_changes")


_AGREED = (
    "WITH e AS (SELECT l.seq, l.txn_id, l.scheme_id, "
    "CASE l.kind WHEN 'void' THEN -l.amount_cents ELSE l.amount_cents END AS signed, "
    f"{INSTANT.format(c='l.created_at')} AS t FROM ledger l), "
    "f AS (SELECT e.seq, e.txn_id, e.signed, e.t, b.bucket, b.end, b.own_batch FROM e "
    "LEFT JOIN temp.agreed_buckets b ON b.scheme_id = e.scheme_id AND b.start = "
    "(SELECT max(x.start) FROM temp.agreed_buckets x WHERE x.scheme_id = e.scheme_id "
    "AND x.start <= e.t)), "
    "g AS (SELECT f.seq, f.signed, CASE WHEN f.t < f.end AND EXISTS (SELECT 1 FROM "
    "statement_lines s WHERE s.txn_id = f.txn_id AND s.device_id = ? "
    "AND s.batch_id = f.own_batch AND s.counted != 0 AND s.amount_cents = f.signed) "
    "AND f.txn_id NOT IN temp.agreed_listed_again THEN f.bucket END AS agreed FROM f) "
    "SELECT agreed, sum(signed), CASE WHEN agreed IS NULL THEN group_concat(seq) END "
    "FROM g GROUP BY agreed"
)
"""Per bucket, the signed total of its entries that agree; the other entries' `seq`s. An
entry agrees when a line of this till lists it in the bucket's batch, counted, for its signed
amount, and no other line of any batch lists it (`agreed_listed_again`: a few, found from the
index; counting lines of other devices and batches too only leaves more entries to the
domain, never fewer)."""


def _till_line(row: tuple[Any, ...]) -> TillLine:
    txn_id, kind, created, amount, scheme, voids, state, reason, updated = row
    state = intern(state)
    accepted = datetime.fromisoformat(updated) if updated and state in _SENT else None
    return TillLine(
        intern(txn_id),
        intern(kind),
        datetime.fromisoformat(created),
        amount,
        intern(scheme),
        state,
        intern(reason),
        accepted,
        voids,
    )


def _batch_line(row: Sequence[Any]) -> BatchLine:
    txn_id, device, kind, created_at, amount, counted, reason, origin = row
    return BatchLine(
        intern(txn_id),
        intern(device),
        intern(kind),
        datetime.fromisoformat(created_at),
        amount,
        bool(counted),
        intern(reason),
        intern(origin),
    )


def _where(spans: Sequence[Span], schemes: Sequence[str]) -> tuple[str, list[str]]:
    parts = ["l.scheme_id = ? AND l.created_at >= ? AND l.created_at < ?"] * len(spans)
    params = [value for span in spans for value in span]
    if schemes:
        parts.append(f"l.scheme_id IN ({', '.join('?' * len(schemes))})")
        params += schemes
    return (" OR ".join(f"({part})" for part in parts) or "0"), params
