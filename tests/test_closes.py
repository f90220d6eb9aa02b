"""Daily closes on a real till file: numbering, immutability, voids after a close, roll-ups,
the unclosed-day notice, the PDF (read back) and every error path (issue 14 item 4)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import date
from pathlib import Path

import pypdf
import pytest
from close_fixtures import MovingClock, enrolled_till, paris, record_sale, record_void

from pos_app.back_office.closes import DailyCloses, parse_day, parse_period
from pos_app.domain.closes import CloseKind, Totals
from pos_app.services import Till, TillError
from pos_app.store.db import DB_NAME
from pos_app.store.migrations import MIGRATIONS


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(paris("2026-03-10T09:00"))


@pytest.fixture
def till(tmp_path: Path, clock: MovingClock):
    with enrolled_till(tmp_path / "till", clock) as opened:
        yield opened


def test_closes_are_numbered_without_gaps_and_a_void_after_a_close_is_in_the_next(
    till: Till, clock: MovingClock
) -> None:
    closes = DailyCloses(till)
    sale = record_sale(till, paris("2026-03-10T10:00"), 1500)
    record_sale(till, paris("2026-03-10T11:00"), 800, operator="Noé")
    clock.now = paris("2026-03-10T19:00")
    (first,) = closes.close()
    assert (first.number, first.period, first.totals.benefit_cents) == (1, "2026-03-10", 2300)
    assert first.pending == 2 and first.first_seq == 1 and first.last_seq == 2
    # The cashier voids after the close, the same evening: the close does not change.
    clock.now = paris("2026-03-10T19:30")
    record_void(till, sale, clock.now)
    with pytest.raises(TillError) as again:
        closes.close()
    assert again.value.code == "close_already_done" and again.value.exit_code == 1
    clock.now = paris("2026-03-11T18:00")
    (second,) = closes.close()
    assert (second.number, second.totals, second.first_seq) == (
        2,
        Totals(0, 1, -1500, -1700, -200),
        3,
    )
    assert second.grand_total.benefit_cents == 800
    assert [c.number for c in closes.closes()] == [1, 2]
    assert closes.closes()[0] == first  # unchanged


def test_a_close_cannot_be_altered_deleted_or_inserted_out_of_order(
    till: Till, clock: MovingClock
) -> None:
    record_sale(till, paris("2026-03-10T10:00"))
    clock.now = paris("2026-03-10T19:00")
    DailyCloses(till).close()
    conn = till.store.conn
    for statement in (
        "UPDATE closes SET content = '{}'",
        "DELETE FROM closes",
        "INSERT INTO closes VALUES (5, 'day', 2, '2026-03-12', NULL, NULL, 'x', '{}', 'x', 'y')",
        "INSERT INTO closes SELECT 2, 'day', 3, '2026-03-13', NULL, NULL, 'x', '{}', hash, 'z' "
        "FROM closes",  # numbered with a gap
        "INSERT INTO closes SELECT 2, 'day', 2, '2026-03-13', 1, 1, 'x', '{}', hash, 'z' "
        "FROM closes",  # the same ledger entry twice
    ):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(statement)
    # A gap in the ledger: entry 2 exists, a close cannot start at 3.
    record_sale(till, paris("2026-03-11T10:00"))
    record_sale(till, paris("2026-03-11T11:00"))
    with pytest.raises(sqlite3.DatabaseError, match="where the previous one stopped"):
        conn.execute(
            "INSERT INTO closes SELECT 2, 'day', 2, '2026-03-11', 3, 3, 'x', '{}', hash, 'z' "
            "FROM closes"
        )


def test_a_close_edited_on_disk_is_refused_when_read(till: Till, clock: MovingClock) -> None:
    record_sale(till, paris("2026-03-10T10:00"), 1000)
    clock.now = paris("2026-03-10T19:00")
    closes = DailyCloses(till)
    closes.close()
    conn = till.store.conn
    conn.execute("DROP TRIGGER closes_no_update")
    content = json.loads(conn.execute("SELECT content FROM closes").fetchone()[0])
    content["totals"]["benefit_cents"] = 100
    conn.execute("UPDATE closes SET content = ?", (json.dumps(content),))
    with pytest.raises(TillError) as tampered:
        closes.closes()
    assert tampered.value.code == "closes_tampered"
    assert "journalière n° 1" in tampered.value.message
    conn.execute("UPDATE closes SET content = 'pas du JSON'")
    with pytest.raises(TillError) as unreadable:
        closes.close()
    assert unreadable.value.code == "closes_tampered"


def test_monthly_and_yearly_closes_carry_the_period_and_grand_totals(
    till: Till, clock: MovingClock
) -> None:
    closes = DailyCloses(till)
    for moment, cents in (("2025-12-30T10:00", 100), ("2025-12-31T23:59", 200)):
        record_sale(till, paris(moment), cents)
    clock.now = paris("2026-01-01T00:20")  # closing the 31st just after midnight
    record_sale(till, paris("2026-01-01T00:10"), 400)
    made = closes.close(date(2025, 12, 31))
    assert [(c.kind.value, c.period, c.totals.benefit_cents) for c in made] == [
        ("day", "2025-12-30", 100),
        ("day", "2025-12-31", 200),
        ("month", "2025-12", 300),
        ("year", "2025", 300),
    ]
    clock.now = paris("2026-01-01T19:00")
    (day,) = closes.close()
    assert (day.totals.benefit_cents, day.grand_total.benefit_cents) == (400, 700)
    year = closes.period(CloseKind.YEAR, "2025")
    assert not year.provisional and year.close.grand_total.benefit_cents == 300
    january = closes.period(CloseKind.MONTH, "2026-01")
    assert january.provisional and january.close.totals.benefit_cents == 400
    assert january.close.grand_total.benefit_cents == 700
    with pytest.raises(TillError) as empty:
        closes.period(CloseKind.MONTH, "2026-02")
    assert empty.value.code == "period_empty"
    assert closes.find(CloseKind.MONTH, 1).period == "2025-12"
    with pytest.raises(TillError) as unknown:
        closes.find(CloseKind.DAY, 9)
    assert unknown.value.code == "close_unknown" and unknown.value.exit_code == 1


def test_a_till_left_unclosed_says_so_at_the_next_days_first_sale(
    till: Till, clock: MovingClock
) -> None:
    closes = DailyCloses(till)
    record_sale(till, paris("2026-03-10T18:00"))
    clock.now = paris("2026-03-10T18:30")
    assert closes.unclosed_notice() is None  # the same day: nothing to say
    clock.now = paris("2026-03-11T09:00")
    record_sale(till, clock.now)
    notice = closes.unclosed_notice()
    assert (
        notice == "La journée du 10/03/2026 n'est pas clôturée : faites sa clôture "
        "(page Clôture, F7)."
    )
    made = closes.close(date(2026, 3, 10))
    assert [c.period for c in made] == ["2026-03-10"]
    assert closes.unclosed_notice() is None
    assert [c.totals.sales for c in closes.running()] == [1]  # today's sale, not yet closed


def test_a_close_without_sale_and_a_day_not_begun(till: Till, clock: MovingClock) -> None:
    closes = DailyCloses(till)
    (empty,) = closes.close()
    assert (empty.number, empty.totals, empty.first_seq) == (1, Totals(), None)
    with pytest.raises(TillError) as future:
        closes.close(date(2026, 3, 12))
    assert future.value.code == "close_day_in_future"
    assert closes.running() == ()


def test_a_reunion_till_closes_on_reunion_days(tmp_path: Path) -> None:
    from close_fixtures import CINEMA

    shop = CINEMA.__class__(
        CINEMA.id, "Informatique Réunion", "revendeur_informatique", frozenset({"numerisak"})
    )
    clock = MovingClock(paris("2026-09-10T21:30"))  # 23:30 in Réunion
    with enrolled_till(tmp_path / "reu", clock, shop) as till:
        record_sale(
            till,
            clock.now,
            35_000,
            category="numerisak",
            item="pc_convertible",
            scheme="numerisak-2026-27",
        )
        closes = DailyCloses(till)
        assert closes.zone() == "Indian/Reunion"
        clock.now = paris("2026-09-10T22:30")  # 00:30 on the 11th in Réunion
        record_sale(
            till,
            clock.now,
            35_000,
            category="numerisak",
            item="pc_convertible",
            scheme="numerisak-2026-27",
        )
        (close,) = closes.close(date(2026, 9, 10))
        assert (close.period, close.totals.sales, close.time_zone) == (
            "2026-09-10",
            1,
            "Indian/Reunion",
        )


def test_the_pdf_reads_back_with_the_totals(till: Till, clock: MovingClock, tmp_path) -> None:
    record_sale(till, paris("2026-03-10T10:00"), 1250, operator="Noé")
    clock.now = paris("2026-03-10T19:00")
    closes = DailyCloses(till)
    (close,) = closes.close()
    target = closes.write_pdf(close, tmp_path / "z1.pdf")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "Clôture journalière n° 1" in text and "Journée du 10/03/2026" in text
    assert "Cinéma Lux (Caen)" in text and "SIRET 41234567800012" in text
    assert "12,50" in text and "Noé" in text and "Grand total perpétuel" in text
    assert close.hash in text.replace("\n", "")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partiel")] == []


def test_an_unwritable_pdf_target_says_so_and_leaves_nothing(
    till: Till, clock: MovingClock, tmp_path: Path
) -> None:
    closes = DailyCloses(till)
    (close,) = closes.close()
    if os.geteuid() == 0:  # root writes into read-only folders: sysfs refuses even root
        locked = Path("/sys")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
    before = set(locked.iterdir())
    try:
        with pytest.raises(TillError) as refused:
            closes.write_pdf(close, locked / "z.pdf")
    finally:
        if locked != Path("/sys"):
            locked.chmod(0o700)
    assert refused.value.code == "pdf_write_failed" and refused.value.exit_code == 2
    assert "protégé en écriture" in refused.value.message
    assert set(locked.iterdir()) == before


def test_a_full_disk_or_a_missing_folder_leaves_no_half_written_pdf(
    till: Till, clock: MovingClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closes = DailyCloses(till)
    (close,) = closes.close()
    target = tmp_path / "z.pdf"
    target.write_bytes(b"previous export")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(TillError) as refused:
        closes.write_pdf(close, target)
    assert "disque est plein" in refused.value.message
    assert target.read_bytes() == b"previous export"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["till", "z.pdf"]
    monkeypatch.undo()
    with pytest.raises(TillError) as missing:
        closes.write_pdf(close, tmp_path / "nowhere" / "z.pdf")
    assert "n'existe pas" in missing.value.message
    with pytest.raises(TillError) as folder:
        closes.write_pdf(close, tmp_path)
    assert "c'est un dossier" in folder.value.message


def test_a_full_disk_while_closing_records_nothing(
    till: Till, clock: MovingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    closes = DailyCloses(till)

    original = closes.store.conn
    monkeypatch.setattr(
        closes.store, "_transaction", _failing_transaction(original, sqlite3.OperationalError)
    )
    with pytest.raises(TillError) as refused:
        closes.close()
    assert refused.value.code == "close_write_failed"
    monkeypatch.undo()
    assert closes.closes() == []


def _failing_transaction(conn: sqlite3.Connection, error: type[Exception]):
    from contextlib import contextmanager

    @contextmanager
    def failing():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            raise error("database or disk is full")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    return failing


def test_an_unenrolled_till_has_nothing_to_close(tmp_path: Path, clock: MovingClock) -> None:
    with Till(tmp_path / "new", clock=clock) as till:
        closes = DailyCloses(till)
        assert closes.unclosed_notice() is None
        with pytest.raises(TillError) as refused:
            closes.close()
        assert refused.value.code == "not_enrolled"


@pytest.mark.parametrize(
    ("text", "kind", "ok"),
    [
        ("2026-03", CloseKind.MONTH, True),
        ("2026-13", CloseKind.MONTH, False),
        ("2026-3", CloseKind.MONTH, False),
        ("mars", CloseKind.MONTH, False),
        ("2026", CloseKind.YEAR, True),
        ("26", CloseKind.YEAR, False),
    ],
)
def test_periods_and_dates_are_checked(text: str, kind: CloseKind, ok: bool) -> None:
    if ok:
        assert parse_period(text, kind) == text
    else:
        with pytest.raises(TillError) as bad:
            parse_period(text, kind)
        assert bad.value.code == "period_invalid" and bad.value.exit_code == 2
    with pytest.raises(TillError) as day:
        parse_day("31/03/2026")
    assert day.value.code == "date_invalid"


def test_the_closes_migration_applies_on_an_existing_till(tmp_path: Path) -> None:
    """Whatever its number at merge: a till at the step before gets the closes table, and
    its ledger stays."""
    step = next(i for i, script in enumerate(MIGRATIONS) if "CREATE TABLE closes" in script)
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    from pos_app.store.db import migrate, split_statements

    for version, script in enumerate(MIGRATIONS[:step], start=1):
        for statement in split_statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    assert "closes" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert migrate(conn) == len(MIGRATIONS)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"closes", "closes_no_update", "closes_no_delete", "closes_in_order"} <= names
    conn.close()
