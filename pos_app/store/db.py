"""Opening the till's SQLite file: one process per till, WAL, versioned migrations.

Two windows on one till could both spend the same wallet before either syncs (Odoo POS doubled
orders that way), so a till's data folder is locked for the life of the process. The file is
opened with WAL and `synchronous=FULL`: a sale the cashier saw confirmed survives a power cut.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pos_app.domain.text import Text
from pos_app.store.migrations import MIGRATIONS

try:
    import fcntl
except ImportError:  # Windows: filelock, see `acquire_lock`
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:  # imported on first use (~0.1 s with NumPy and dateutil), see `wrap`
    import sqlite_utils

log = logging.getLogger(__name__)

DB_NAME = "till.sqlite3"
WAL_SIZE_LIMIT = 32 * 1024 * 1024
"""After a checkpoint the WAL is truncated to this, so a large snapshot does not double the disk."""
LOCK_NAME = "till.lock"


class StoreError(Exception):
    """The till's database cannot be used; `message` is French, for the cashier."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TillBusyError(StoreError):
    pass


class DataDirLock(Protocol):
    def release(self) -> None: ...


class _FlockLock:
    """An exclusive `flock` on the lock file, held while its descriptor is open: the lock
    filelock takes on POSIX (same file, same call, so the two exclude each other), without its
    ~20 ms of imports on the window's cold start."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _busy() -> TillBusyError:
    return TillBusyError(
        "till_busy",
        Text(
            "Cette caisse est déjà ouverte dans une autre fenêtre ou un autre programme. "
            "Fermez-le d'abord : deux fenêtres sur une même caisse pourraient encaisser "
            "deux fois."
        ),
    )


def acquire_lock(data_dir: Path) -> DataDirLock:
    """The till's process lock on `data_dir`, or TillBusyError at once if another holds it."""
    path = data_dir / LOCK_NAME
    if fcntl is None:
        from filelock import FileLock, Timeout

        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=0)
        except Timeout as exc:
            raise _busy() from exc
        return lock
    data_dir.mkdir(parents=True, exist_ok=True)  # as filelock does
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
            raise _busy() from exc
        raise
    return _FlockLock(fd)


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) a till database and bring its schema up to date.

    `recursive_triggers` is set here, as `sqlite_utils.Database` sets it, so the connection
    behaves the same before and after `wrap` is first called."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA recursive_triggers=on")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        migrate(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        log.error("till database %s unusable: %s", path, exc)
        raise StoreError(
            "database_corrupt",
            Text(
                "La base de données de la caisse est endommagée ({file}). N'effacez rien : "
                "contactez l'assistance, les transactions enregistrées peuvent être récupérées.",
                file=path.name,
            ),
        ) from exc
    return conn


def wrap(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """`conn` as a `sqlite_utils.Database` (the store's writes of whole rows). sqlite-utils is
    imported here, not at the top: opening the till (the window's cold start, every CLI call)
    does not pay its import; `warm_up` can pay it ahead, off the GUI thread."""
    import sqlite_utils

    # The pragma is already set by `connect`; not again here, where a transaction may be open.
    return sqlite_utils.Database(conn, recursive_triggers=False)


def warm_up() -> None:
    """Import sqlite-utils and load its plugins now (≈ 0.1 s), so the first `wrap` (the first
    charge) is instant. Touches no till connection: safe on any thread."""
    import sqlite_utils

    sqlite_utils.Database(sqlite3.connect(":memory:")).close()


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """A full read of the file (`quick_check`): run when the window opens, not on every CLI
    call — it costs a quarter of a second with a region-size snapshot."""
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        log.error("till database %s failed quick_check: %s", path, check)
        raise StoreError(
            "database_corrupt",
            Text(
                "La base de données de la caisse est endommagée ({file}). N'effacez rien : "
                "contactez l'assistance.",
                file=path.name,
            ),
        )


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migration steps in order, each in its own transaction."""
    current = schema_version(conn)
    if current > len(MIGRATIONS):
        raise StoreError(
            "database_too_new",
            Text(
                "Cette caisse a été ouverte par une version plus récente d'Atouts POS : "
                "installez la dernière version."
            ),
        )
    for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
        log.info("migrating till database to schema %d", version)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            if conn.in_transaction:  # SQLite already rolled back after a full disk
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)


def split_statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (which contain ';') whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on a till's connection (taken at once, so two writers never
    deadlock half-way): committed whole, or rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite already rolled back after a full disk
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
