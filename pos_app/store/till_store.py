"""The till's persistence: ledger, outbox, enrolled device, snapshot. The one place with SQL.

A debit and its outbox row are written in one transaction: a sale is either recorded and queued
for the Region, or not recorded at all. Wallet balances are computed as the snapshot's balance
minus this till's debits the snapshot does not include yet, so a sale is never counted twice
whether or not the last sync got through.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.domain.bons_plans import BonPlan
from pos_app.domain.credentials import RegionKey
from pos_app.domain.manual_codes import keyed_hash
from pos_app.domain.model import (
    BeneficiaryKey,
    OfflineExposure,
    Partner,
    PartnerId,
    Policy,
    Transaction,
    TxnId,
    TxnKind,
    WalletState,
)
from pos_app.domain.money import Cents
from pos_app.domain.operators import OperatorRecord
from pos_app.domain.rules import Standing
from pos_app.domain.signing import unb64url
from pos_app.domain.snapshot import (
    SnapshotHeader,
    keys_from_json,
    keys_to_json,
    parse_code,
    parse_wallets,
)
from pos_app.domain.text import Text
from pos_app.store.claims_store import ClaimTables
from pos_app.store.db import (
    DB_NAME,
    StoreError,
    acquire_lock,
    check_integrity,
    connect,
    wrap,
    write_transaction,
)
from pos_app.store.period_cache_store import PeriodCacheTables
from pos_app.store.snapshot_store import (
    BENEFICIARIES,
    CODES,
    Progress,
    SnapshotTables,
    partner_from_json,
    partner_to_json,
)
from pos_app.store.statements_store import StatementTables

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Device:
    server_url: str
    device_id: str
    partner: Partner
    region_keys: dict[str, RegionKey]
    enrolled_at: str


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    version: int
    server_seq: int
    generated_at: datetime
    received_at: datetime
    policy: Policy
    partner: Partner
    wallet_count: int


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    transaction: Transaction
    state: str
    """Outbox state: pending, accepted, duplicate or rejected."""
    server_reason: str
    voided_by: TxnId | None
    acknowledged_at: datetime | None = None
    """When the partner saw the Region's refusal (refusals stay shown apart until then)."""
    seq: int = 0
    """The entry's place in this till's ledger, without gaps: its receipt's ticket number."""


@dataclass(frozen=True, slots=True)
class UploadResult:
    txn_id: TxnId
    status: str
    server_seq: int | None = None
    reason: str = ""


class TillStore:
    """An open till: holds the process lock on its data folder until `close()`."""

    def __init__(self, data_dir: Path, *, _companion_of: TillStore | None = None) -> None:
        self.data_dir = data_dir
        self._lock = acquire_lock(data_dir) if _companion_of is None else None
        try:
            self.conn: sqlite3.Connection = connect(data_dir / DB_NAME)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        self._db: sqlite_utils.Database | None = None
        self.snapshots = SnapshotTables(self.conn, self._transaction)
        self.statements = StatementTables(self.conn, self._transaction)
        self.period_checks = PeriodCacheTables(self.conn, self._transaction)
        self.claims = ClaimTables(self.conn)
        if _companion_of is not None:
            self.snapshots.seal_key = _companion_of.snapshots.seal_key
        self._closed = False

    @property
    def db(self) -> sqlite_utils.Database:
        """`conn` wrapped by sqlite-utils, made on first use (see `pos_app.store.db.wrap`)."""
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    def companion(self) -> TillStore:
        """A second connection to this till, under the same process lock: the sync works on
        it, so that the counter's scans (on this one) never wait for the network, and only
        wait for SQLite's write lock while a snapshot is being applied."""
        return TillStore(self.data_dir, _companion_of=self)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.conn.close()
        if self._lock is not None:
            self._lock.release()

    def destroy(self) -> list[Path]:
        """Delete the database files while still holding the till's lock; return what went.

        The ledger is append-only, so the only way to destroy the personal data it keeps for
        receipts is to delete the whole file — which purge does once everything is synced."""
        self._closed = True
        self.conn.close()
        removed = []
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = self.data_dir / f"{DB_NAME}{suffix}"
            if path.exists():
                path.unlink()
                removed.append(path)
        self._lock.release()
        return removed

    def __enter__(self) -> TillStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _transaction(self) -> AbstractContextManager[None]:
        return write_transaction(self.conn)

    # --- device -------------------------------------------------------------------------

    def save_device(self, device: Device) -> None:
        with self._transaction():
            self.db["device"].upsert(
                {
                    "id": 1,
                    "server_url": device.server_url,
                    "device_id": device.device_id,
                    "partner_json": json.dumps(partner_to_json(device.partner)),
                    "region_keys_json": json.dumps(keys_to_json(device.region_keys)),
                    "enrolled_at": device.enrolled_at,
                },
                pk="id",
            )

    def device(self) -> Device | None:
        row = self.conn.execute(
            "SELECT server_url, device_id, partner_json, region_keys_json, enrolled_at "
            "FROM device WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        return Device(
            server_url=row[0],
            device_id=row[1],
            partner=partner_from_json(json.loads(row[2])),
            region_keys=keys_from_json(json.loads(row[3])),
            enrolled_at=row[4],
        )

    # --- ledger -------------------------------------------------------------------------

    def record(self, transaction: Transaction) -> None:
        """Append to the ledger and queue for the Region, atomically."""
        row = asdict(transaction)
        row["txn_id"] = row.pop("id")
        row["kind"] = transaction.kind.value
        row["created_at"] = transaction.created_at.isoformat()
        try:
            with self._transaction():
                self.db["ledger"].insert(row)
                self.db["outbox"].insert({"txn_id": transaction.id, "state": "pending"})
        except sqlite3.IntegrityError as exc:
            log.error("ledger refused %s: %s", transaction.id, exc)
            raise StoreError(
                "ledger_conflict",
                Text("Cette opération est déjà enregistrée : rien n'a été compté deux fois."),
            ) from exc
        except sqlite3.OperationalError as exc:
            log.error("could not record %s: %s", transaction.id, exc)
            raise StoreError(
                "ledger_write_failed",
                Text(
                    "Impossible d'enregistrer la transaction (disque plein ou protégé ?). "
                    "Rien n'a été débité : libérez de l'espace puis recommencez."
                ),
            ) from exc

    def entry(self, txn_id: str) -> LedgerEntry | None:
        rows = self._entries("WHERE l.txn_id = :txn_id", {"txn_id": txn_id})
        return rows[0] if rows else None

    def entries(self, limit: int | None = None) -> list[LedgerEntry]:
        suffix = "ORDER BY l.seq DESC" + (f" LIMIT {int(limit)}" if limit else "")
        return self._entries(suffix, {})

    def rejected_entries(self, *, acknowledged: bool = False) -> list[LedgerEntry]:
        """The Region's refusals (those not yet acknowledged, or all), newest first: read by
        the window after every sale and sync, so only these rows, not the whole ledger."""
        unseen = "" if acknowledged else "AND o.acknowledged_at IS NULL "
        return self._entries(f"WHERE o.state = 'rejected' {unseen}ORDER BY l.seq DESC", {})

    def _entries(self, where: str, params: dict[str, Any]) -> list[LedgerEntry]:
        cursor = self.conn.execute(
            f"""
            SELECT l.*, o.state, o.reason AS server_reason, o.acknowledged_at,
                   (SELECT v.txn_id FROM ledger v WHERE v.voids = l.txn_id) AS voided_by
            FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id {where}
            """,
            params,
        )
        names = [column[0] for column in cursor.description]
        return [_entry_from(dict(zip(names, row, strict=True))) for row in cursor]

    def offline_exposure(self, beneficiary: BeneficiaryKey) -> OfflineExposure:
        """What this till took that the Region has not acknowledged: for the floor limits."""
        moved = "CASE l.kind WHEN 'debit' THEN 1 ELSE -1 END * (l.amount_cents + l.forfeited_cents)"
        device, person, queued = self.conn.execute(
            f"SELECT coalesce(sum({moved}), 0), "
            f"coalesce(sum(CASE WHEN l.beneficiary = ? THEN {moved} ELSE 0 END), 0), count(*) "
            "FROM outbox o JOIN ledger l ON l.txn_id = o.txn_id WHERE o.state = 'pending'",
            (beneficiary,),
        ).fetchone()
        return OfflineExposure(max(person, 0), max(device, 0), queued)

    def queued_by_scheme(self) -> dict[str, int]:
        return dict(
            self.conn.execute(
                "SELECT l.scheme_id, count(*) FROM outbox o JOIN ledger l ON l.txn_id = o.txn_id "
                "WHERE o.state = 'pending' GROUP BY l.scheme_id"
            ).fetchall()
        )

    def pending_count(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
        )

    def pending_upload(self, limit: int) -> list[Transaction]:
        """The oldest queued transactions, in the order they were recorded (a void after the
        debit it cancels). Only the ledger's columns: no per-row lookup of voids or outbox
        state, which a sync of thousands would pay for every batch."""
        cursor = self.conn.execute(
            "SELECT l.* FROM outbox o JOIN ledger l ON l.txn_id = o.txn_id "
            "WHERE o.state = 'pending' ORDER BY l.seq LIMIT ?",
            (limit,),
        )
        names = [column[0] for column in cursor.description]
        return [_transaction_from(dict(zip(names, row, strict=True))) for row in cursor]

    def mark_uploaded(self, results: Sequence[UploadResult], at: datetime) -> None:
        updated_at = at.isoformat()
        with self._transaction():
            self.conn.executemany(
                "UPDATE outbox SET state = ?, server_seq = ?, reason = ?, "
                "attempts = attempts + 1, updated_at = ? WHERE txn_id = ? "
                "AND state = 'pending'",
                (
                    (result.status, result.server_seq, result.reason, updated_at, result.txn_id)
                    for result in results
                ),
            )

    # --- snapshot -----------------------------------------------------------------------

    def apply_snapshot(
        self,
        header: SnapshotHeader,
        blocks: Iterable[tuple[str, bytes]],
        received_at: datetime,
        progress: Progress | None = None,
    ) -> None:
        """Replace (full) or update (delta) the snapshot in one transaction."""
        self.snapshots.apply(header, blocks, received_at, progress)

    def check_integrity(self) -> None:
        check_integrity(self.conn, self.data_dir / DB_NAME)

    def snapshot_info(self) -> SnapshotInfo | None:
        """None before the first snapshot; raises `SnapshotTampered` if it was modified."""
        if not self.snapshots.ensure_trusted():
            return None
        row = self.conn.execute(
            "SELECT version, server_seq, generated_at, received_at, policy_json, partner_json, "
            "wallet_count FROM snapshot_meta WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        return SnapshotInfo(
            version=row[0],
            server_seq=row[1],
            generated_at=datetime.fromisoformat(row[2]),
            received_at=datetime.fromisoformat(row[3]),
            policy=Policy(**json.loads(row[4])),
            partner=partner_from_json(json.loads(row[5])),
            wallet_count=row[6],
        )

    def region_keys(self) -> dict[str, RegionKey]:
        """The snapshot's keys, or the enrollment's until a first snapshot arrives."""
        if not self.snapshots.ensure_trusted():
            device = self.device()
            return dict(device.region_keys) if device else {}
        keys = {
            kid: RegionKey(
                kid,
                unb64url(public),
                datetime.fromisoformat(not_before),
                datetime.fromisoformat(not_after),
                bool(retired),
            )
            for kid, public, not_before, not_after, retired in self.conn.execute(
                "SELECT kid, public_key, not_before, not_after, retired FROM snapshot_keys"
            )
        }
        if not keys and (device := self.device()):
            keys = dict(device.region_keys)
        return keys

    def _salt(self) -> bytes:
        self.snapshots.ensure_trusted()
        row = self.conn.execute("SELECT manual_salt FROM snapshot_meta WHERE id = 1").fetchone()
        return unb64url(row[0]) if row and row[0] else b""

    def serial_key(self, serial: str) -> str:
        """How the snapshot names a support: a keyed hash of its serial."""
        return keyed_hash(self._salt(), serial)

    def find_typed_code(self, digits: str) -> tuple[BeneficiaryKey, str] | None:
        """The beneficiary and serial key of a support's typed code, if the snapshot knows it."""
        salt = self._salt()
        if not salt:
            return None
        line = self.snapshots.line(CODES, keyed_hash(salt, digits))
        if line is None:
            return None
        _, beneficiary, serial = parse_code(line)
        return beneficiary, serial

    # --- bons plans -----------------------------------------------------------------------

    def bons_plans(self) -> list[tuple[BonPlan, frozenset[BeneficiaryKey]]]:
        """Each bon plan with who came (seen by the Region, or checked in here)."""
        self.snapshots.ensure_trusted()
        plans = []
        for plan_id, title, starts_at in self.conn.execute(
            "SELECT id, title, starts_at FROM snapshot_bons_plans ORDER BY starts_at, id"
        ).fetchall():
            entries = {}
            came = set()
            for beneficiary, label, attended, here in self.conn.execute(
                "SELECT e.beneficiary, e.label, e.attended, c.beneficiary IS NOT NULL "
                "FROM snapshot_bon_plan_entries e LEFT JOIN check_ins c "
                "ON c.bon_plan_id = e.bon_plan_id AND c.beneficiary = e.beneficiary "
                "WHERE e.bon_plan_id = ? ORDER BY e.label",
                (plan_id,),
            ):
                entries[BeneficiaryKey(beneficiary)] = label
                if attended or here:
                    came.add(BeneficiaryKey(beneficiary))
            plans.append(
                (
                    BonPlan(plan_id, title, datetime.fromisoformat(starts_at), entries),
                    frozenset(came),
                )
            )
        return plans

    def record_check_in(self, bon_plan_id: str, beneficiary: BeneficiaryKey, at: datetime) -> None:
        try:
            with self._transaction():
                self.conn.execute(
                    "INSERT INTO check_ins (bon_plan_id, beneficiary, checked_in_at) "
                    "VALUES (?, ?, ?)",
                    (bon_plan_id, beneficiary, at.isoformat()),
                )
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                "already_checked_in", Text("Présence déjà enregistrée : ne remettez rien.")
            ) from exc

    def pending_check_ins(self) -> list[tuple[str, BeneficiaryKey, str]]:
        return [
            (plan, BeneficiaryKey(beneficiary), at)
            for plan, beneficiary, at in self.conn.execute(
                "SELECT bon_plan_id, beneficiary, checked_in_at FROM check_ins "
                "WHERE state = 'pending' ORDER BY checked_in_at"
            )
        ]

    def mark_check_ins_sent(self, sent: Sequence[tuple[str, str]]) -> None:
        with self._transaction():
            self.conn.executemany(
                "UPDATE check_ins SET state = 'sent' WHERE bon_plan_id = ? AND beneficiary = ?",
                sent,
            )

    def coupon_closed(self, coupon_id: str) -> bool:
        """Used here (a debit the Region did not refuse; voiding it returns the money to the
        wallet, not the coupon), or closed by the Region."""
        self.snapshots.ensure_trusted()
        here = self.conn.execute(
            "SELECT 1 FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id "
            "WHERE l.coupon_id = ? AND l.kind = 'debit' AND o.state != 'rejected'",
            (coupon_id,),
        ).fetchone()
        closed = self.conn.execute(
            "SELECT 1 FROM snapshot_closed_coupons WHERE coupon = ?",
            (self.serial_key(coupon_id),),
        ).fetchone()
        return bool(here or closed)

    def voucher_used(self, voucher_serial: str) -> bool:
        """Paid here (a debit neither voided nor refused by the Region), or seen used by the
        Region at another partner."""
        self.snapshots.ensure_trusted()
        here = self.conn.execute(
            "SELECT 1 FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id "
            "WHERE l.voucher_serial = ? AND l.kind = 'debit' AND o.state != 'rejected' "
            "AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.voids = l.txn_id)",
            (voucher_serial,),
        ).fetchone()
        elsewhere = self.conn.execute(
            "SELECT 1 FROM snapshot_used_vouchers WHERE serial = ?",
            (self.serial_key(voucher_serial),),
        ).fetchone()
        return bool(here or elsewhere)

    def voucher_extended_until(self, voucher_serial: str) -> date | None:
        """The later last day the Region gave this paper voucher (seed 003 §3.3), or None."""
        self.snapshots.ensure_trusted()
        row = self.conn.execute(
            "SELECT valid_until FROM snapshot_voucher_extensions WHERE serial = ?",
            (self.serial_key(voucher_serial),),
        ).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def standing(self, serial_key: str, beneficiary: BeneficiaryKey) -> Standing:
        self.snapshots.ensure_trusted()
        revoked = self.conn.execute(
            "SELECT reason FROM snapshot_revoked_serials WHERE serial = ?", (serial_key,)
        ).fetchone()
        suspended = self.conn.execute(
            "SELECT 1 FROM snapshot_suspended WHERE beneficiary = ?", (beneficiary,)
        ).fetchone()
        return Standing(revoked=revoked[0] if revoked else None, suspended=suspended is not None)

    def last_presentation(self, serial: str) -> datetime | None:
        row = self.conn.execute(
            "SELECT presented_at FROM presentations WHERE serial = ?", (serial,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def note_presentation(self, serial: str, presented_at: datetime) -> None:
        """Remember the newest phone presentation accepted for a support."""
        with self._transaction():
            self.conn.execute(
                "INSERT INTO presentations VALUES (?, ?) ON CONFLICT (serial) DO UPDATE "
                "SET presented_at = max(presented_at, excluded.presented_at)",
                (serial, presented_at.astimezone(UTC).isoformat()),
            )

    def wallets(self, beneficiary: BeneficiaryKey) -> list[WalletState]:
        """The snapshot's wallets of one beneficiary less this till's unreflected entries."""
        info = self.snapshot_info()
        snapshot_seq = info.server_seq if info else 0
        # Start from the few unreflected entries (the queue, and what the Region accepted after
        # the snapshot), not from the beneficiary's whole history: a scan stays constant-time.
        unreflected = dict(
            ((scheme_id, category_id), moved)
            for scheme_id, category_id, moved in self.conn.execute(
                """
                WITH unreflected AS (
                    SELECT txn_id FROM outbox WHERE state = 'pending'
                    UNION ALL
                    SELECT txn_id FROM outbox WHERE server_seq > :snapshot_seq  -- accepted only
                )
                SELECT l.scheme_id, l.category_id,
                       sum(CASE l.kind WHEN 'debit' THEN 1 ELSE -1 END
                           * (l.amount_cents + l.forfeited_cents))
                FROM unreflected u JOIN ledger l ON l.txn_id = u.txn_id
                WHERE l.beneficiary = :beneficiary
                  AND l.coupon_id = ''  -- a coupon pays from a reservation, not the balance
                GROUP BY l.scheme_id, l.category_id
                """,
                {"beneficiary": beneficiary, "snapshot_seq": snapshot_seq},
            )
        )
        line = self.snapshots.line(BENEFICIARIES, beneficiary)
        rows = parse_wallets(line) if line is not None else []
        return [
            WalletState(
                scheme_id=row.scheme_id,
                category_id=row.category_id,
                balance_cents=Cents(
                    row.balance_cents - unreflected.get((row.scheme_id, row.category_id), 0)
                ),
                granted_cents=row.granted_cents,
                units=row.units,
            )
            for row in rows
        ]

    def acknowledge(self, txn_id: str, at: datetime, by: str) -> bool:
        """Mark a refused transaction as seen by the partner; False if it is not a refusal."""
        with self._transaction():
            return bool(
                self.conn.execute(
                    "UPDATE outbox SET acknowledged_at = ?, acknowledged_by = ? "
                    "WHERE txn_id = ? AND state = 'rejected' AND acknowledged_at IS NULL",
                    (at.isoformat(), by, txn_id),
                ).rowcount
            )

    # --- operators ------------------------------------------------------------------------

    def operator(self, name: str) -> OperatorRecord | None:
        row = self.conn.execute(
            "SELECT name, pin_hash, salt, failures, last_failure FROM operators WHERE name = ?",
            (name,),
        ).fetchone()
        if row is None:
            return None
        last = datetime.fromisoformat(row[4]) if row[4] else None
        return OperatorRecord(row[0], bytes(row[1]), bytes(row[2]), row[3], last)

    def operator_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM operators ORDER BY name")]

    def save_operator(self, record: OperatorRecord, at: datetime) -> None:
        """Create or replace (a new PIN clears the failures)."""
        with self._transaction():
            self.conn.execute(
                "INSERT INTO operators (name, pin_hash, salt, failures, last_failure, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "pin_hash = excluded.pin_hash, salt = excluded.salt, "
                "failures = excluded.failures, last_failure = excluded.last_failure",
                (
                    record.name,
                    record.pin_hash,
                    record.salt,
                    record.failures,
                    record.last_failure.isoformat() if record.last_failure else None,
                    at.isoformat(),
                ),
            )

    def remove_operator(self, name: str) -> bool:
        with self._transaction():
            return bool(self.conn.execute("DELETE FROM operators WHERE name = ?", (name,)).rowcount)

    # --- sync log -----------------------------------------------------------------------

    def log_sync(self, at: datetime, ok: bool, detail: str = "") -> None:
        with self._transaction():
            self.conn.execute(
                "INSERT INTO sync_log (at, ok, detail) VALUES (?, ?, ?)",
                (at.isoformat(), int(ok), detail),
            )

    def last_sync(self, ok: bool = True) -> datetime | None:
        row = self.conn.execute(
            "SELECT at FROM sync_log WHERE ok = ? ORDER BY id DESC LIMIT 1", (int(ok),)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None


def _entry_from(row: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        transaction=_transaction_from(row),
        state=row["state"],
        server_reason=row["server_reason"],
        voided_by=TxnId(row["voided_by"]) if row["voided_by"] else None,
        acknowledged_at=(
            datetime.fromisoformat(row["acknowledged_at"]) if row["acknowledged_at"] else None
        ),
        seq=row["seq"],
    )


def _transaction_from(row: dict[str, Any]) -> Transaction:
    return Transaction(
        id=TxnId(row["txn_id"]),
        kind=TxnKind(row["kind"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        partner_id=PartnerId(row["partner_id"]),
        beneficiary=BeneficiaryKey(row["beneficiary"]),
        scheme_id=row["scheme_id"],
        category_id=row["category_id"],
        item_kind=row["item_kind"],
        amount_cents=Cents(row["amount_cents"]),
        price_cents=Cents(row["price_cents"]),
        complement_cents=Cents(row["complement_cents"]),
        forfeited_cents=row["forfeited_cents"],
        serial=row["serial"],
        holder_name=row["holder_name"],
        operator=row["operator"],
        voids=TxnId(row["voids"]) if row["voids"] else None,
        reason=row["reason"],
        voucher_serial=row["voucher_serial"],
        equipment_serial=row["equipment_serial"],
        coupon_id=row["coupon_id"],
        guardian_checked=bool(row["guardian_checked"]),
    )
