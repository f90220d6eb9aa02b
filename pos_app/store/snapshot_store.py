"""The snapshot on disk: applied atomically, read per scan, and sealed against tampering.

Applying 400 000 beneficiaries one row each costs seconds of SQLite inserts, so a full snapshot
is stored as it came: its sorted record lines in blocks of a few kilobytes (`CHUNK_BYTES` in the
engine), one row per block, found with a range query on the block's first key. A delta goes
into an overlay of single lines, read before the chunks, until the next full snapshot replaces
both.

Anyone with the file could raise a balance with a SQLite browser. Every chunk and overlay line
therefore carries a seal (a keyed BLAKE2b) made with a key derived from the device token, which
is in the keyring, not in the file; the small tables and the snapshot's metadata carry one seal
together, checked again whenever another connection has written to the file. A broken seal
refuses the snapshot and makes the next sync fetch a full one. A seal does not stop someone
from putting back rows this till itself sealed earlier (an older balance): the Region's check
of every uploaded debit remains the last word, as for any offline terminal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pos_app.domain.model import Partner
from pos_app.domain.signing import b64url
from pos_app.domain.snapshot import (
    BENEFICIARY_SECTION,
    CODE_SECTION,
    FULL,
    SnapshotHeader,
    record_key,
)
from pos_app.domain.text import Text
from pos_app.store.db import StoreError

log = logging.getLogger(__name__)

BENEFICIARIES = BENEFICIARY_SECTION
CODES = CODE_SECTION
SEALED_TABLES = {
    "snapshot_meta": "id",
    "snapshot_keys": "kid",
    "snapshot_revoked_serials": "serial",
    "snapshot_suspended": "beneficiary",
    "snapshot_used_vouchers": "serial",
    "snapshot_voucher_extensions": "serial",
    "snapshot_closed_coupons": "coupon",
    "snapshot_bons_plans": "id",
    "snapshot_bon_plan_entries": "bon_plan_id, beneficiary",
}
"""The small tables a snapshot fills, with their order: sealed together as one digest."""
SEALED_WHEN_FILLED = frozenset({"snapshot_voucher_extensions"})
"""Tables added after the seals were (till migration 18): left out of the digest while empty,
so a snapshot sealed by the previous version stays trusted after the upgrade. Filling one, or
emptying one that was sealed filled, still changes the digest."""
UNSEALED_META = ("seal", "untrusted")

Progress = Callable[[int, int], None]
"""Called with (record lines applied, record lines in the snapshot)."""

TAMPERED_MESSAGE = Text(
    "Les données de la Région enregistrées sur ce poste ont été modifiées : elles ne sont plus "
    "utilisées. Connectez la caisse à Internet et synchronisez pour les recharger."
)


class SnapshotTampered(StoreError):
    def __init__(self, detail: str) -> None:
        super().__init__("snapshot_tampered", TAMPERED_MESSAGE)
        self.detail = detail


class SealKeyMissing(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "token_missing",
            Text("Le jeton de cette caisse est introuvable : activez-la à nouveau."),
        )


def _counting(
    blocks: Iterable[tuple[str, bytes]], total: int, progress: Progress | None
) -> Iterator[tuple[str, bytes]]:
    done = reported = 0
    for block in blocks:
        yield block
        done += block[1].count(b"\n")
        if progress is not None and done - reported >= 20_000:
            progress(done, total)
            reported = done
    if progress is not None:
        progress(total, total)


def seal_key_from_token(token: str) -> bytes:
    return hmac.digest(token.encode("utf-8"), b"atouts-pos snapshot seal v1", "sha256")


class SnapshotTables:
    """The snapshot part of a till's database, on the connection of its `TillStore`."""

    def __init__(
        self, conn: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self.conn = conn
        self._transaction = transaction
        self.seal_key: bytes | None = None
        """Set by the application from the device token before the snapshot is used."""
        self._trusted_at: int | None = None
        """`PRAGMA data_version` when the sealed tables were last found intact."""

    # --- seals ---------------------------------------------------------------------------

    def _seal(self, epoch: bytes, section: bytes, key: bytes, data: bytes) -> bytes:
        """Keyed hash of a stored record block; its place (snapshot epoch, section, first key)
        is part of it, so a sealed block moved elsewhere or kept from an older snapshot fails."""
        if self.seal_key is None:
            raise SealKeyMissing()
        return hashlib.blake2b(
            b"%s\0%s\0%s\0%s" % (epoch, section, key, data), key=self.seal_key, digest_size=16
        ).digest()

    def _tables_digest(self) -> bytes:
        parts = []
        for table, order in SEALED_TABLES.items():
            columns = [
                row[1]
                for row in self.conn.execute(f"PRAGMA table_info({table})")
                if row[1] not in UNSEALED_META
            ]
            rows = self.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
            ).fetchall()
            if table in SEALED_WHEN_FILLED and not rows:
                continue
            parts.append(repr((table, columns, rows)).encode("utf-8"))
        return self._seal(b"tables", b"", b"", b"\n".join(parts))

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def ensure_trusted(self) -> bool:
        """False when there is no snapshot; raises `SnapshotTampered` when there is one that
        was modified outside this program (or was found modified before)."""
        if self._trusted_at == self._data_version():
            return True
        with self._one_read():
            version = self._data_version()
            row = self.conn.execute(
                "SELECT seal, untrusted FROM snapshot_meta WHERE id = 1"
            ).fetchone()
            if row is None:
                return False
            seal, untrusted = row
            if untrusted:
                raise SnapshotTampered("snapshot already found modified")
            intact = seal is not None and seal == self._tables_digest()
        if not intact:
            self.distrust("the seal of the snapshot's tables does not match")
        self._trusted_at = version
        return True

    @contextmanager
    def _one_read(self) -> Iterator[None]:
        """The seal and the tables it covers, read as one snapshot of the file: the sync
        commits on another connection, and a commit between the two reads would otherwise
        look like tampering (and distrust a good snapshot until the next full one)."""
        if self.conn.in_transaction:  # already inside the caller's transaction
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")  # nothing was written: ends the read

    def distrust(self, detail: str) -> None:
        """Stop using the snapshot until a full one replaces it, and say why in the log."""
        log.error("local snapshot modified outside Atouts POS: %s", detail)
        self._trusted_at = None
        with self._transaction():
            self.conn.execute("UPDATE snapshot_meta SET untrusted = 1 WHERE id = 1")
        raise SnapshotTampered(detail)

    def forget(self) -> None:
        """Drop the whole snapshot (a new enrollment: other token, other seals)."""
        with self._transaction():
            for table in (*SEALED_TABLES, "snapshot_chunks", "snapshot_overrides"):
                self.conn.execute(f"DELETE FROM {table}")
        self._trusted_at = None

    def version_to_ask(self) -> int:
        """The `since` of the next download: 0 (a full snapshot) unless ours is intact."""
        try:
            if not self.ensure_trusted():
                return 0
        except SnapshotTampered:
            return 0
        row = self.conn.execute("SELECT version FROM snapshot_meta WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    # --- reading a line -------------------------------------------------------------------

    def _epoch(self) -> bytes:
        row = self.conn.execute("SELECT epoch FROM snapshot_meta WHERE id = 1").fetchone()
        return str(row[0] if row else 0).encode()

    def line(self, section: str, key: str) -> bytes | None:
        """The record line of a beneficiary (or of a typed code's hash), seal checked."""
        if not self.ensure_trusted():
            return None
        epoch = self._epoch()
        wanted = key.encode("utf-8")
        override = self.conn.execute(
            "SELECT line, seal FROM snapshot_overrides WHERE section = ? AND key = ?",
            (section, key),
        ).fetchone()
        if override is not None:
            line, seal = override
            if not isinstance(line, bytes) or seal != self._seal(
                epoch, section.encode(), wanted, line
            ):
                self.distrust(f"overlay line {section}:{key} does not match its seal")
            return line
        chunk = self.conn.execute(
            "SELECT first_key, lines, seal FROM snapshot_chunks WHERE section = ? "
            "AND first_key <= ? ORDER BY first_key DESC LIMIT 1",
            (section, key),
        ).fetchone()
        if chunk is None:
            return None
        first_key, lines, seal = chunk
        if not isinstance(lines, bytes) or seal != self._seal(
            epoch, section.encode(), str(first_key).encode("utf-8"), lines
        ):
            self.distrust(f"chunk {section}:{first_key} does not match its seal")
        needle = wanted + b"\t"
        start = 0 if lines.startswith(needle) else lines.find(b"\n" + needle) + 1
        if start == 0 and not lines.startswith(needle):
            return None
        return lines[start : lines.index(b"\n", start) + 1]

    # --- applying --------------------------------------------------------------------------

    def apply(
        self,
        header: SnapshotHeader,
        blocks: Iterable[tuple[str, bytes]],
        received_at: datetime,
        progress: Progress | None = None,
    ) -> None:
        """Everything in one transaction: a failure anywhere (records that do not match the
        signed digest, a full disk, the process killed) leaves the previous snapshot.

        `blocks` are whole record lines tagged with their section (`record_blocks`): a full
        snapshot stores each block as one sealed chunk, a delta each line as an overlay."""
        total = header.beneficiaries + header.codes
        counted = _counting(blocks, total, progress)
        try:
            self._apply(header, counted, received_at)
        except sqlite3.OperationalError as exc:
            log.error("snapshot v%d not applied: %s", header.version, exc)
            full = "full" in str(exc)
            raise StoreError(
                "disk_full" if full else "database_error",
                Text(
                    "Le disque de la caisse est plein : les données de la Région n'ont pas été "
                    "mises à jour (les ventes enregistrées ne sont pas touchées)."
                )
                if full
                else Text(
                    "La base de données de la caisse n'a pas pu être écrite : les données de la "
                    "Région n'ont pas été mises à jour (les ventes enregistrées ne sont pas "
                    "touchées)."
                ),
            ) from exc
        self._trusted_at = self._data_version()

    def _apply(
        self, header: SnapshotHeader, counted: Iterable[tuple[str, bytes]], received_at: datetime
    ) -> None:
        with self._transaction():
            current = self.conn.execute(
                "SELECT version, epoch, untrusted FROM snapshot_meta WHERE id = 1"
            ).fetchone()
            if header.kind == FULL:
                epoch = header.version
                self.conn.execute("DELETE FROM snapshot_chunks")
                self.conn.execute("DELETE FROM snapshot_overrides")
                self.conn.executemany(
                    "INSERT INTO snapshot_chunks VALUES (?, ?, ?, ?)",
                    self._chunks(counted, str(epoch).encode()),
                )
                count = header.beneficiaries
            else:
                if current is None or current[2] or current[0] != header.base_version:
                    raise StoreError(
                        "delta_base_mismatch",
                        Text("Mise à jour partielle des données refusée : une complète va suivre."),
                    )
                epoch = current[1]
                self.conn.executemany(
                    "INSERT OR REPLACE INTO snapshot_overrides VALUES (?, ?, ?, ?)",
                    self._overrides(counted, str(epoch).encode()),
                )
                count = self.conn.execute(
                    "SELECT wallet_count FROM snapshot_meta WHERE id = 1"
                ).fetchone()[0]
            self._replace_small_tables(header)
            self._write_meta(header, received_at, epoch, count)
            self.conn.execute(
                "UPDATE snapshot_meta SET seal = ?, untrusted = 0 WHERE id = 1",
                (self._tables_digest(),),
            )

    def _chunks(
        self, blocks: Iterable[tuple[str, bytes]], epoch: bytes
    ) -> Iterator[tuple[str, str, bytes, bytes]]:
        for section, blob in blocks:
            first = record_key(blob)
            seal = self._seal(epoch, section.encode(), first, blob)
            yield section, first.decode("utf-8"), blob, seal

    def _overrides(
        self, blocks: Iterable[tuple[str, bytes]], epoch: bytes
    ) -> Iterator[tuple[str, str, bytes, bytes]]:
        for section, blob in blocks:
            for line in blob.splitlines(keepends=True):
                key = record_key(line)
                yield (
                    section,
                    key.decode("utf-8"),
                    line,
                    self._seal(epoch, section.encode(), key, line),
                )

    def _replace_small_tables(self, header: SnapshotHeader) -> None:
        execute, many = self.conn.execute, self.conn.executemany
        for table in SEALED_TABLES:
            if table != "snapshot_meta":
                execute(f"DELETE FROM {table}")
        many("INSERT INTO snapshot_revoked_serials VALUES (?, ?)", header.revoked_serials.items())
        many("INSERT INTO snapshot_suspended VALUES (?)", ((b,) for b in header.suspended))
        many(
            "INSERT INTO snapshot_closed_coupons VALUES (?)", ((c,) for c in header.closed_coupons)
        )
        many("INSERT INTO snapshot_used_vouchers VALUES (?)", ((v,) for v in header.used_vouchers))
        many(
            "INSERT INTO snapshot_voucher_extensions VALUES (?, ?)",
            ((serial, day.isoformat()) for serial, day in header.voucher_extensions.items()),
        )
        for item in header.bons_plans:
            plan = item.plan
            execute(
                "INSERT INTO snapshot_bons_plans VALUES (?, ?, ?)",
                (plan.id, plan.title, plan.starts_at.isoformat()),
            )
            many(
                "INSERT INTO snapshot_bon_plan_entries VALUES (?, ?, ?, ?)",
                (
                    (plan.id, beneficiary, label, int(beneficiary in item.attended))
                    for beneficiary, label in plan.entries.items()
                ),
            )
        many(
            "INSERT INTO snapshot_keys (kid, public_key, not_before, not_after, retired) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                (
                    kid,
                    b64url(key.public_key),
                    key.not_before.isoformat(),
                    key.not_after.isoformat(),
                    int(key.retired),
                )
                for kid, key in header.keys.items()
            ),
        )

    def _write_meta(
        self, header: SnapshotHeader, received_at: datetime, epoch: int, count: int
    ) -> None:
        row = {
            "id": 1,
            "version": header.version,
            "server_seq": header.server_seq,
            "generated_at": header.generated_at.isoformat(),
            "received_at": received_at.isoformat(),
            "policy_json": json.dumps(asdict(header.policy)),
            "partner_json": json.dumps(partner_to_json(header.partner)),
            "body_sha256": header.records_sha256,
            "wallet_count": count,
            "manual_salt": b64url(header.salt),
            "epoch": epoch,
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT OR REPLACE INTO snapshot_meta ({columns}) VALUES ({marks})",
            tuple(row.values()),
        )


def partner_to_json(partner: Partner) -> dict[str, Any]:
    return partner.to_json()


def partner_from_json(data: dict[str, Any]) -> Partner:
    return Partner.from_json(data)
