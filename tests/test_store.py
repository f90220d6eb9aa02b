"""The till's SQLite file: migrations, append-only ledger, one process per till, bad files."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos_app.domain.credentials import RegionKey
from pos_app.domain.model import (
    BeneficiaryKey,
    Partner,
    PartnerId,
    Policy,
    Transaction,
    TxnId,
    TxnKind,
)
from pos_app.domain.money import Cents
from pos_app.domain.snapshot import (
    FULL,
    SnapshotError,
    SnapshotHeader,
    beneficiary_line,
    record_blocks,
)
from pos_app.store.db import (
    DB_NAME,
    LOCK_NAME,
    StoreError,
    TillBusyError,
    schema_version,
    split_statements,
)
from pos_app.store.migrations import MIGRATIONS
from pos_app.store.snapshot_store import SnapshotTampered
from pos_app.store.till_store import TillStore, UploadResult

NOW = datetime(2026, 3, 14, 19, 30, tzinfo=UTC)
LEA = BeneficiaryKey("bk-lea")
PARTNER = Partner(PartnerId("P-CINE"), "Cinéma", "cinema", frozenset({"cinema"}))
SCHEME = "atouts-culture-sport-2025-26"


def debit(txn_id: str, amount: int, category: str = "cinema") -> Transaction:
    return Transaction(
        id=TxnId(txn_id),
        kind=TxnKind.DEBIT,
        created_at=NOW,
        partner_id=PARTNER.id,
        beneficiary=LEA,
        scheme_id=SCHEME,
        category_id=category,
        item_kind="place_cinema",
        amount_cents=Cents(amount),
        price_cents=Cents(amount),
        complement_cents=Cents(0),
    )


def blocks(header: SnapshotHeader, lines: list[bytes], size: int = 4096) -> list:
    """The records as the engine hands them over: verified, in blocks of whole lines."""
    data = b"".join(lines)
    return list(record_blocks(header, (data[i : i + size] for i in range(0, len(data), size))))


def snapshot(
    server_seq: int,
    cinema_balance: int,
    version: int = 1,
    *,
    kind: str = FULL,
    base_version: int = 0,
    others: int = 0,
) -> tuple[SnapshotHeader, list[bytes]]:
    """Léa's wallets (plus `others` beneficiaries around her key), as the Region sends them."""
    wallets = [(SCHEME, "cinema", cinema_balance, 2000, 1), (SCHEME, "spectacle", 3000, 3000, 1)]
    people = sorted([LEA, *(f"bk-{i:06d}" for i in range(others))])
    others_wallets = [(SCHEME, "cinema", 2000, 2000, 1)]
    lines = [beneficiary_line(p, wallets if p == LEA else others_wallets) for p in people]
    header = SnapshotHeader(
        kind=kind,
        version=version,
        base_version=base_version,
        server_seq=server_seq,
        generated_at=NOW,
        partner=PARTNER,
        policy=Policy(),
        keys={"k1": RegionKey("k1", b"\x01" * 32, NOW, NOW)},
        salt=b"salt",
        revoked_serials={},
        suspended=frozenset(),
        closed_coupons=frozenset(),
        used_vouchers=frozenset(),
        bons_plans=(),
        beneficiaries=len(lines),
        codes=0,
        records_sha256=hashlib.sha256(b"".join(lines)).hexdigest(),
    )
    return header, blocks(header, lines)


@pytest.fixture
def store(tmp_path: Path):
    with TillStore(tmp_path) as opened:
        opened.snapshots.seal_key = b"k" * 32
        yield opened


def test_new_file_is_migrated_to_the_latest_schema_in_wal(store: TillStore) -> None:
    assert schema_version(store.conn) == len(MIGRATIONS)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    with TillStore(tmp_path) as store:
        store.record(debit("t-1", 500))
    with TillStore(tmp_path) as store:
        assert [e.transaction.id for e in store.entries()] == ["t-1"]
        assert schema_version(store.conn) == len(MIGRATIONS)


def test_ledger_is_append_only(store: TillStore) -> None:
    store.record(debit("t-1", 500))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE ledger SET amount_cents = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM ledger")
    assert store.entry("t-1").transaction.amount_cents == 500


def test_record_queues_the_transaction_and_refuses_the_same_id_twice(store: TillStore) -> None:
    store.record(debit("t-1", 500))
    assert store.pending_count() == 1
    with pytest.raises(StoreError) as refused:
        store.record(debit("t-1", 500))
    assert refused.value.code == "ledger_conflict"
    assert store.pending_count() == 1 and len(store.entries()) == 1


def test_a_failed_write_records_nothing(store: TillStore) -> None:
    # Simulate a disk that refuses writes in the middle: the outbox insert fails.
    store.conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END"
    )
    with pytest.raises(StoreError):
        store.record(debit("t-1", 500))
    assert store.entries() == [] and store.pending_count() == 0


def test_balance_subtracts_only_what_the_snapshot_does_not_include(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=10, cinema_balance=2000), NOW)
    store.record(debit("t-1", 500))
    cinema = {w.category_id: w for w in store.wallets(LEA)}["cinema"]
    assert cinema.balance_cents == 1500  # pending
    store.mark_uploaded([UploadResult(TxnId("t-1"), "accepted", 11)], NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 1500
    # The next snapshot includes seq 11: the debit is not subtracted a second time.
    store.apply_snapshot(*snapshot(server_seq=11, cinema_balance=1500, version=2), NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 1500
    assert {w.category_id: w for w in store.wallets(LEA)}["spectacle"].balance_cents == 3000


def test_a_rejected_transaction_no_longer_counts_but_stays_in_the_ledger(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=10, cinema_balance=2000), NOW)
    store.record(debit("t-1", 500))
    store.mark_uploaded([UploadResult(TxnId("t-1"), "rejected", None, "insufficient_balance")], NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 2000
    entry = store.entry("t-1")
    assert entry.state == "rejected" and entry.server_reason == "insufficient_balance"


def test_applying_a_snapshot_is_all_or_nothing(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
    header, good = snapshot(server_seq=2, cinema_balance=100, version=2, others=500)
    data = b"".join(block for _, block in good)
    forged = data.replace(b'"cinema",2000', b'"cinema",9000')  # past the signed digest
    # The digest fails only at the end, after every chunk was written: all rolled back.
    with pytest.raises(SnapshotError) as refused:
        store.apply_snapshot(header, record_blocks(header, [forged[:5000], forged[5000:]]), NOW)
    assert refused.value.code == "records_mismatch"
    assert store.snapshot_info().version == 1
    assert store.conn.execute("SELECT count(*) FROM snapshot_chunks").fetchone()[0] == 1
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 2000


def test_a_second_process_on_the_same_till_is_refused(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from pos_app.store.till_store import TillStore
            store = TillStore(Path({str(tmp_path)!r}))
            print("open", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(TillBusyError) as busy:
            TillStore(tmp_path)
        assert "déjà ouverte" in busy.value.message
    finally:
        holder.communicate("\n", timeout=10)
    with TillStore(tmp_path):  # free again once the other process is gone
        pass


def test_a_corrupt_file_is_reported_and_left_in_place(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as corrupt:
        TillStore(tmp_path)
    assert corrupt.value.code == "database_corrupt"
    assert "N'effacez rien" in corrupt.value.message
    assert (tmp_path / DB_NAME).read_bytes().startswith(b"this is not")
    with TillStore(tmp_path.parent / "other"):  # and the lock was released
        pass


def test_the_lock_excludes_a_filelock_holder_both_ways(tmp_path: Path) -> None:
    """The till takes its lock with `flock` itself (filelock's imports cost ~20 ms of cold
    start); a version of the app that still uses filelock is excluded, and excludes it."""
    from filelock import FileLock, Timeout

    with TillStore(tmp_path / "till"), pytest.raises(Timeout):
        FileLock(str(tmp_path / "till" / LOCK_NAME)).acquire(timeout=0)
    other = FileLock(str(tmp_path / "till" / LOCK_NAME))
    other.acquire(timeout=0)
    try:
        with pytest.raises(TillBusyError):
            TillStore(tmp_path / "till")
    finally:
        other.release()
    with TillStore(tmp_path / "till"):
        pass


def test_a_file_from_a_newer_version_is_not_touched(tmp_path: Path) -> None:
    with TillStore(tmp_path) as store:
        store.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError) as newer:
        TillStore(tmp_path)
    assert newer.value.code == "database_too_new"


def test_a_version_1_file_is_migrated_with_its_data(tmp_path: Path) -> None:
    """A till installed with schema 1 keeps its ledger and snapshot when it is upgraded."""
    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    for statement in split_statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO snapshot_meta VALUES (1, 3, 7, ?, ?, '{}', ?, 'x')",
        (NOW.isoformat(), NOW.isoformat(),
         '{"id": "P-CINE", "name": "Cinéma", "kind": "cinema", "accreditations": ["cinema"]}'),
    )  # fmt: skip
    conn.execute(
        f"INSERT INTO snapshot_wallets VALUES ('{LEA}', '{SCHEME}', 'cinema', 900, 2000, 1)"
    )
    conn.execute(
        "INSERT INTO ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
        "category_id, item_kind, amount_cents, price_cents, complement_cents) VALUES "
        f"('t-1', 'debit', '{NOW.isoformat()}', 'P-CINE', '{LEA}', '{SCHEME}', 'cinema', "
        "'place_cinema', 500, 500, 0)"
    )
    conn.execute("INSERT INTO outbox (txn_id) VALUES ('t-1')")
    conn.close()
    with TillStore(tmp_path) as store:
        assert schema_version(store.conn) == len(MIGRATIONS) >= 2
        assert [e.transaction.amount_cents for e in store.entries()] == [500]
        assert store.pending_count() == 1
        # Snapshot format 1 is dropped at schema 9: the next sync brings a full one.
        assert store.snapshot_info() is None and store.wallets(LEA) == []
        assert store.snapshots.version_to_ask() == 0


def test_a_damaged_page_is_found_by_the_integrity_check(tmp_path: Path) -> None:
    with TillStore(tmp_path) as store:
        store.snapshots.seal_key = b"k" * 32
        store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
        for i in range(300):
            store.record(debit(f"t-{i}", 1))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page + 100 : 3 * page + 400] = b"\xff" * 300  # scribble over an interior page
    path.write_bytes(bytes(data))
    with TillStore(tmp_path) as store, pytest.raises(StoreError) as damaged:
        store.check_integrity()
    assert damaged.value.code == "database_corrupt"


# --- the snapshot on disk: chunks, deltas, seals ----------------------------------------------


def test_a_large_snapshot_is_stored_in_chunks_and_every_beneficiary_is_found(
    store: TillStore,
) -> None:
    header, lines = snapshot(server_seq=1, cinema_balance=1200, others=1000)
    store.apply_snapshot(header, lines, NOW)
    chunks = store.conn.execute("SELECT count(*) FROM snapshot_chunks").fetchone()[0]
    assert chunks > 10
    assert {w.category_id: w.balance_cents for w in store.wallets(LEA)}["cinema"] == 1200
    for i in (0, 63, 64, 999):
        assert [w.balance_cents for w in store.wallets(BeneficiaryKey(f"bk-{i:06d}"))] == [2000]
    assert store.wallets(BeneficiaryKey("bk-absent")) == []
    assert store.wallets(BeneficiaryKey("aa-before-all")) == []


def test_a_delta_updates_only_the_changed_beneficiaries(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000, others=200), NOW)
    header, lines = snapshot(server_seq=5, cinema_balance=700, version=4, kind="delta",
                             base_version=1)  # fmt: skip
    store.apply_snapshot(header, lines, NOW)
    assert {w.category_id: w.balance_cents for w in store.wallets(LEA)}["cinema"] == 700
    assert store.snapshot_info().version == 4
    assert [w.balance_cents for w in store.wallets(BeneficiaryKey("bk-000150"))] == [2000]
    # A delta on a version the till does not hold is refused; nothing changes.
    stale, lines = snapshot(server_seq=6, cinema_balance=1, version=6, kind="delta", base_version=3)
    with pytest.raises(StoreError) as refused:
        store.apply_snapshot(stale, lines, NOW)
    assert refused.value.code == "delta_base_mismatch"
    assert {w.category_id: w.balance_cents for w in store.wallets(LEA)}["cinema"] == 700


def _edit_chunk(path: Path, old: bytes, new: bytes) -> None:
    """What a partner with a SQLite browser could do to the file."""
    conn = sqlite3.connect(path)
    (lines,) = conn.execute("SELECT lines FROM snapshot_chunks").fetchone()
    conn.execute("UPDATE snapshot_chunks SET lines = ?", (bytes(lines).replace(old, new),))
    conn.commit()
    conn.close()


def test_a_balance_edited_on_disk_is_detected_and_never_used(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
    assert store.snapshots.version_to_ask() == 1
    _edit_chunk(store.data_dir / DB_NAME, b'"cinema",2000', b'"cinema",9000')
    with pytest.raises(SnapshotTampered):
        store.wallets(LEA)
    # Found once, distrusted until a full snapshot replaces it, even if the edit is undone.
    _edit_chunk(store.data_dir / DB_NAME, b'"cinema",9000', b'"cinema",2000')
    with pytest.raises(SnapshotTampered):
        store.snapshot_info()
    assert store.snapshots.version_to_ask() == 0
    store.apply_snapshot(*snapshot(server_seq=2, cinema_balance=1500, version=2), NOW)
    assert {w.category_id: w.balance_cents for w in store.wallets(LEA)}["cinema"] == 1500


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE snapshot_meta SET received_at = '2099-01-01T00:00:00+00:00'",  # looks fresh
        "UPDATE snapshot_meta SET server_seq = 999",  # would hide the queued debits
        "UPDATE snapshot_meta SET policy_json = replace(policy_json, ': ', ': 1')",
        "INSERT INTO snapshot_keys (kid, public_key, not_before, not_after) "
        "VALUES ('evil', 'AAAA', '2020-01-01', '2099-01-01')",  # a forger's key
        "DELETE FROM snapshot_suspended",
        "DELETE FROM snapshot_revoked_serials",
    ],
)
def test_the_snapshot_metadata_and_small_tables_are_sealed(store: TillStore, edit: str) -> None:
    header, lines = snapshot(server_seq=1, cinema_balance=2000)
    header = replace(header, suspended=frozenset({LEA}), revoked_serials={"serial-hash": "stolen"})
    store.apply_snapshot(header, lines, NOW)
    assert store.standing("serial-hash", LEA).suspended
    other = sqlite3.connect(store.data_dir / DB_NAME)
    other.execute(edit)
    other.commit()
    other.close()
    with pytest.raises(SnapshotTampered):
        store.snapshot_info()
    with pytest.raises(SnapshotTampered):
        store.region_keys()


def test_without_the_token_the_snapshot_is_not_used(tmp_path: Path) -> None:
    with TillStore(tmp_path) as store:
        store.snapshots.seal_key = b"k" * 32
        store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
    with TillStore(tmp_path) as store, pytest.raises(StoreError) as refused:
        store.wallets(LEA)
    assert refused.value.code == "token_missing"
    with TillStore(tmp_path) as store:
        store.snapshots.seal_key = b"another token" * 3  # re-enrolled elsewhere: other seals
        with pytest.raises(SnapshotTampered):
            store.wallets(LEA)


def test_a_full_disk_during_the_apply_keeps_the_previous_snapshot(store: TillStore) -> None:
    store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
    store.record(debit("t-1", 500))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up
    with pytest.raises(StoreError) as full:
        store.apply_snapshot(
            *snapshot(server_seq=2, cinema_balance=100, version=2, others=3000), NOW
        )
    assert full.value.code == "disk_full" and "plein" in full.value.message
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.snapshot_info().version == 1
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 1500
    assert store.pending_count() == 1  # the sale is untouched


def test_a_sale_on_a_full_disk_records_nothing_and_says_so(store: TillStore) -> None:
    store.record(debit("t-1", 500))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    for i in range(200):  # until the file would have to grow
        try:
            store.record(debit(f"t-{i + 2}", 1))
        except StoreError as full:
            assert full.code == "ledger_write_failed" and "disque plein" in full.message
            break
    else:
        pytest.fail("the disk never filled up")
    recorded = store.pending_count()
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert len(store.entries()) == recorded  # the refused sale left nothing behind
    store.record(debit("t-after", 1))  # and the till goes on once there is room
    assert store.pending_count() == recorded + 1


def test_only_a_pending_refusal_can_be_acknowledged(store: TillStore) -> None:
    store.record(debit("t-ok", 500))
    store.record(debit("t-refused", 700))
    store.mark_uploaded(
        [
            UploadResult(TxnId("t-ok"), "accepted", 3),
            UploadResult(TxnId("t-refused"), "rejected", None, "insufficient_balance"),
        ],
        NOW,
    )
    assert not store.acknowledge("t-ok", NOW, "Camille")  # accepted: nothing to acknowledge
    assert store.acknowledge("t-refused", NOW, "Camille")
    assert not store.acknowledge("t-refused", NOW, "Camille")  # once
    assert store.entry("t-refused").acknowledged_at == NOW
    assert store.entry("t-ok").acknowledged_at is None


def test_a_snapshot_the_sync_commits_mid_check_is_not_taken_for_tampering(
    store: TillStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync applies a new snapshot on its own connection while the counter checks the seal
    on this one: the check reads the seal and the tables as one snapshot of the file, so the
    new (correctly sealed) data is never compared with the old seal."""
    store.apply_snapshot(*snapshot(server_seq=1, cinema_balance=2000), NOW)
    sync_side = store.companion()
    sync_side.snapshots.seal_key = store.snapshots.seal_key
    checker = store.snapshots
    reads_the_tables = checker._tables_digest
    committed = []

    def tables_read_right_after_a_sync() -> bytes:
        if not committed:  # the seal is already read: a sync commits now
            sync_side.apply_snapshot(*snapshot(server_seq=2, cinema_balance=1500, version=2), NOW)
            committed.append(True)
        return reads_the_tables()

    monkeypatch.setattr(checker, "_tables_digest", tables_read_right_after_a_sync)
    checker._trusted_at = None  # as after another connection's commit
    assert checker.ensure_trusted()  # not SnapshotTampered
    assert committed
    assert {w.category_id: w.balance_cents for w in store.wallets(LEA)}["cinema"] == 1500
    sync_side.close()
