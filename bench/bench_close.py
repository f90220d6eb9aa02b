"""Daily close (Z report) of a 2 000-sale day (issue 14 item 12: < 100 ms), beside a raw
SQLite GROUP BY over the same rows measured in the same run.

A till folder is filled with one busy day in Paris: 2 000 debits (and 50 voids) spread over
four operators, three benefits and six item kinds, a quarter still waiting to be sent, a few
refused by the Region, after 30 earlier daily closes (so the chain read and verified on every
close is a month long). Then, run after run and alternating:

- `close`: `DailyCloses.close()` on a fresh copy of that folder (read the closes and verify
  their chain, read the day's entries with their outbox state, compute the totals, hash, write
  the close with its triggers, commit with synchronous=FULL);
- `running`: `DailyCloses.running()` on the same till (what the close page shows before
  closing: everything but the write);
- `raw`: one `SELECT … GROUP BY operator, scheme, category, item, kind` over the same rows
  (ledger joined to the outbox), no Python objects.

    python bench/bench_close.py                 # 30 closes, 100 running totals
    python bench/bench_close.py --json > f.json
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from timing import Report, ratio, summary_us, timed  # bench/ is on sys.path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pos_app.back_office.closes import DailyCloses
from pos_app.domain.model import Partner, PartnerId
from pos_app.services import Till
from pos_app.store.till_store import Device

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2026, 3, 10)
SCHEME = "atouts-culture-sport-2025-26"
ITEMS = [
    ("cinema", "place_cinema"),
    ("cinema", "abonnement_cinema"),
    ("spectacle", "billet_spectacle"),
    ("spectacle", "abonnement_spectacle"),
    ("pratique", "licence_sportive"),
    ("pratique", "adhesion_annuelle"),
]
OPERATORS = ["Camille", "Noé", "Inès", "Yanis"]
RAW = """
SELECT l.operator, l.scheme_id, l.category_id, l.item_kind, l.kind, count(*),
       sum(l.amount_cents), sum(l.price_cents), sum(l.complement_cents),
       sum(o.state = 'pending'), sum(o.state = 'rejected'), min(l.seq), max(l.seq)
FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id
WHERE l.seq > ?
GROUP BY l.operator, l.scheme_id, l.category_id, l.item_kind, l.kind
"""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def fill(folder: Path, sales: int) -> int:
    """The till of the bench: 30 closed days, then today's `sales`; returns the last closed
    ledger seq (where today's entries start)."""
    clock = Clock(datetime(2026, 2, 8, 20, tzinfo=PARIS))
    partner = Partner(
        PartnerId("P-CINE-LUX"), "Cinéma Lux", "cinema", frozenset({"cinema", "spectacle"})
    )
    with Till(folder, clock=clock) as till:
        till.store.save_device(Device("http://127.0.0.1:9", "D1", partner, {}, "2026-01-01"))
        closes = DailyCloses(till)
        conn = till.store.conn
        for offset in range(30):
            day = DAY - timedelta(days=30 - offset)
            rows(conn, day, 20)
            clock.now = datetime(day.year, day.month, day.day, 20, tzinfo=PARIS)
            closes.close()
        closed = closes.store.last_closed_seq()
        rows(conn, DAY, sales, voids=50)
    return closed


def rows(conn, day: date, count: int, voids: int = 0) -> None:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=PARIS)
    conn.execute("BEGIN IMMEDIATE")
    debits = []
    for i in range(count):
        category, item = ITEMS[i % len(ITEMS)]
        txn = uuid.uuid4().hex
        debits.append((txn, category, item))
        moment = start + timedelta(seconds=i * 20)
        conn.execute(
            "INSERT INTO ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
            "category_id, item_kind, amount_cents, price_cents, complement_cents, operator) "
            "VALUES (?, 'debit', ?, 'P-CINE-LUX', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                txn,
                moment.isoformat(),
                f"b{i}",
                SCHEME,
                category,
                item,
                800 + i % 700,
                1000 + i % 700,
                200,
                OPERATORS[i % 4],
            ),
        )
        state = "pending" if i % 4 == 0 else ("rejected" if i % 97 == 0 else "accepted")
        conn.execute("INSERT INTO outbox (txn_id, state) VALUES (?, ?)", (txn, state))
    for i in range(voids):
        txn, category, item = debits[i * 7]
        moment = start + timedelta(seconds=count * 20 + i)
        void = uuid.uuid4().hex
        conn.execute(
            "INSERT INTO ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
            "category_id, item_kind, amount_cents, price_cents, complement_cents, operator, "
            "voids, reason) VALUES (?, 'void', ?, 'P-CINE-LUX', 'b', ?, ?, ?, 800, 1000, 200, "
            "'Camille', ?, 'erreur')",
            (void, moment.isoformat(), SCHEME, category, item, txn),
        )
        conn.execute("INSERT INTO outbox (txn_id, state) VALUES (?, 'pending')", (void,))
    conn.execute("COMMIT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=2000)
    parser.add_argument("--closes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    report = Report(to_stderr=args.json, label_width=52)
    with tempfile.TemporaryDirectory(prefix="bench-close-") as work:
        base = Path(work) / "base"
        closed = fill(base, args.sales)
        copies = []
        for i in range(args.closes):
            copy = Path(work) / f"copy-{i}"
            shutil.copytree(base, copy, ignore=shutil.ignore_patterns("till.lock"))
            copies.append(copy)
        evening = datetime(DAY.year, DAY.month, DAY.day, 21, tzinfo=PARIS)
        close_ns, running_ns, raw_ns = [], [], []
        with Till(base, clock=Clock(evening)) as till:
            closes = DailyCloses(till)
            (preview,) = closes.running()
            assert preview.totals.sales == args.sales and preview.totals.voids == 50
            for i in range(args.runs):
                running_ns.append(timed(closes.running))
                raw_ns.append(timed(lambda: till.store.conn.execute(RAW, (closed,)).fetchall()))
                if i < len(copies):
                    with Till(copies[i], clock=Clock(evening)) as other:
                        made: list = []
                        close_ns.append(
                            timed(lambda o=other, m=made: m.extend(DailyCloses(o).close()))
                        )
                        assert made[0].totals == preview.totals and made[0].number == 31
        raw = summary_us(raw_ns)
        report.line(f"a {args.sales}-sale day (+50 voids) after 30 daily closes, Europe/Paris")
        report.timing("raw_group_by", "raw: one SQLite GROUP BY of the day's rows", raw)
        running = summary_us(running_ns)
        report.timing(
            "running",
            "DailyCloses.running() (the page's preview)",
            running,
            f"  ×{ratio(running, raw)} raw",
        )
        close = summary_us(close_ns)
        report.timing(
            "close",
            "DailyCloses.close() (read, verify, compute, write)",
            close,
            f"  ×{ratio(close, raw)} raw",
        )
        target_ok = close["p95_us"] < 100_000
        report.line(f"target < 100 ms (p95): {'met' if target_ok else 'MISSED'}")
    report.finish(started, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
