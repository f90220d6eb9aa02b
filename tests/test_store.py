"""The till's SQLite file: migrations, append-only ledger, one process per till, bad files."""

from __future__ import annotations

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
from pos_app.domain.snapshot import Snapshot, WalletRow
from pos_app.store.db import DB_NAME, StoreError, TillBusyError, schema_version, split_statements
from pos_app.store.migrations import MIGRATIONS
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


def snapshot(server_seq: int, cinema_balance: int, version: int = 1) -> Snapshot:
    return Snapshot(
        version=version,
        server_seq=server_seq,
        generated_at=NOW,
        partner=PARTNER,
        policy=Policy(),
        keys={"k1": RegionKey("k1", b"\x01" * 32, NOW, NOW)},
        wallets=(
            WalletRow(LEA, SCHEME, "cinema", Cents(cinema_balance), Cents(2000), 1),
            WalletRow(LEA, SCHEME, "spectacle", Cents(3000), Cents(3000), 1),
        ),
    )


@pytest.fixture
def store(tmp_path: Path):
    with TillStore(tmp_path) as opened:
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
    store.apply_snapshot(snapshot(server_seq=10, cinema_balance=2000), b"{}", NOW)
    store.record(debit("t-1", 500))
    cinema = {w.category_id: w for w in store.wallets(LEA)}["cinema"]
    assert cinema.balance_cents == 1500  # pending
    store.mark_uploaded([UploadResult(TxnId("t-1"), "accepted", 11)], NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 1500
    # The next snapshot includes seq 11: the debit is not subtracted a second time.
    store.apply_snapshot(snapshot(server_seq=11, cinema_balance=1500, version=2), b"{}", NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 1500
    assert {w.category_id: w for w in store.wallets(LEA)}["spectacle"].balance_cents == 3000


def test_a_rejected_transaction_no_longer_counts_but_stays_in_the_ledger(store: TillStore) -> None:
    store.apply_snapshot(snapshot(server_seq=10, cinema_balance=2000), b"{}", NOW)
    store.record(debit("t-1", 500))
    store.mark_uploaded([UploadResult(TxnId("t-1"), "rejected", None, "insufficient_balance")], NOW)
    assert {w.category_id: w for w in store.wallets(LEA)}["cinema"].balance_cents == 2000
    entry = store.entry("t-1")
    assert entry.state == "rejected" and entry.server_reason == "insufficient_balance"


def test_applying_a_snapshot_is_all_or_nothing(store: TillStore) -> None:
    store.apply_snapshot(snapshot(server_seq=1, cinema_balance=2000), b"{}", NOW)
    broken = snapshot(server_seq=2, cinema_balance=100, version=2)
    broken = replace(broken, wallets=(*broken.wallets, broken.wallets[0]))  # duplicate key
    with pytest.raises(sqlite3.IntegrityError):
        store.apply_snapshot(broken, b"{}", NOW)
    assert store.snapshot_info().version == 1
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
    conn.close()
    with TillStore(tmp_path) as store:
        assert schema_version(store.conn) == len(MIGRATIONS) >= 2
        info = store.snapshot_info()
        assert (info.version, info.wallet_count) == (3, 1)
        assert store.wallets(LEA)[0].balance_cents == 900


def test_a_damaged_page_is_found_by_the_integrity_check(tmp_path: Path) -> None:
    with TillStore(tmp_path) as store:
        store.apply_snapshot(snapshot(server_seq=1, cinema_balance=2000), b"{}", NOW)
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
