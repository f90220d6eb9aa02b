"""Sync of 10 000 queued transactions to the reference Region server (issue 5 item 10: < 3 s),
beside a raw SQLite bulk insert of 10 000 similar rows measured in the same run.

For each server mode (`process`: the server in its own process, as the Region is for a real
till; `thread`: `BackgroundServer` in this process, sharing the GIL with the till), the script
starts a Region seeded with generated beneficiaries, enrolls a cinema till and syncs it once.
Then, round after round: it queues N debits through `TillStore.record` (not timed), times
`Till.sync()` (push N in batches of `sync.engine.BATCH_SIZE`, then pull the snapshot), checks
that the Region holds exactly the debits sent and that the till's outbox is all accepted, and
times a raw `executemany` of N similar rows in one transaction (same folder, same pragmas).

    python bench/bench_sync.py                  # both modes, 5 rounds each
    python bench/bench_sync.py --json > f.json  # the same figures as JSON (lines on stderr)
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import keyring
from baselines import raw_connection, raw_row  # bench/ is on sys.path
from keyring.backends import fail
from timing import Report  # bench/ is on sys.path when run as a script

import sync.engine
from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE
from pos_app.domain.model import BeneficiaryKey, PartnerId, Transaction, TxnId, TxnKind
from pos_app.domain.money import Cents
from pos_app.services import Till
from sync.region_sim.app import MAX_BATCH
from sync.region_sim.runner import BackgroundServer, free_port, open_state

SCHEME = "atouts-culture-sport-2025-26"
CATEGORIES = (("cinema", "place_cinema", 2000), ("spectacle", "billet_spectacle", 3000))
"""The cinema till's two categories: (category, item kind, grant in cents per beneficiary)."""
PARTNER = "P-CINE-BENCH"
ENROLLMENT_CODE = "BENCH-2026"
AMOUNT = 100
"""Each debit takes 1,00 €: every wallet must hold what the rounds take from it."""

RAW_INSERT = (
    "INSERT INTO raw_ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
    "category_id, item_kind, amount_cents, price_cents, complement_cents, forfeited_cents, "
    "serial, holder_name, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# --- set-up ---------------------------------------------------------------------------------


def generated_seed(beneficiaries: int) -> dict[str, Any]:
    """A Region with one cinema partner and `beneficiaries` people holding a cinema and a
    spectacle wallet each (docs/region-seed.md)."""
    return {
        "format": 1,
        "region": "NOR",
        "policy": {},
        "partners": [
            {
                "id": PARTNER,
                "name": "Cinéma du banc d'essai",
                "kind": "cinema",
                "accreditations": ["cinema", "spectacle"],
                "enrollment_code": ENROLLMENT_CODE,
            }
        ],
        "beneficiaries": [
            {
                "id": f"BB{i:06d}",
                "name": f"Bénéficiaire {i}",
                "birth_date": "2008-01-01",
                "serial": f"AT25-B{i:06d}",
                "wallets": [{"scheme": SCHEME, "category": c} for c, _, _ in CATEGORIES],
            }
            for i in range(beneficiaries)
        ],
    }


def debits(pkeys: list[str], n: int, start: int, now: datetime) -> Iterator[Transaction]:
    """N debits of 1,00 €, the k-th from the (k mod wallets)-th wallet: spread evenly."""
    wallets = [(pkey, category) for pkey in pkeys for category in CATEGORIES]
    for k in range(start, start + n):
        pkey, (category, item_kind, _) = wallets[k % len(wallets)]
        yield Transaction(
            id=TxnId(str(uuid.uuid4())),
            kind=TxnKind.DEBIT,
            created_at=now,
            partner_id=PartnerId(PARTNER),
            beneficiary=BeneficiaryKey(pkey),
            scheme_id=SCHEME,
            category_id=category,
            item_kind=item_kind,
            amount_cents=Cents(AMOUNT),
            price_cents=Cents(AMOUNT),
            complement_cents=Cents(0),
            serial=f"AT25-{k:06d}",
            holder_name="Bénéficiaire",
            operator="caisse 1",
        )


@contextmanager
def region_server(mode: str, data_dir: Path, seed_path: Path) -> Iterator[str]:
    """The reference server, in this process (`thread`) or in its own (`process`)."""
    if mode == "thread":
        state = open_state(data_dir, seed_path)
        server = BackgroundServer(state).start()
        try:
            yield server.url
        finally:
            server.stop()
            state.close()
        return
    port = free_port()
    command = [sys.executable, "-m", "pos_app", "region-sim", "serve", "--data-dir",
               str(data_dir), "--seed", str(seed_path), "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"reference server did not start ({command})")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


# --- the bench ------------------------------------------------------------------------------


def verify_round(till: Till, region: sqlite3.Connection, sent: list[TxnId], total: int) -> None:
    """The Region holds exactly the debits sent so far, once each; the till's outbox is all
    accepted; no wallet went below zero."""
    region.execute("CREATE TEMP TABLE IF NOT EXISTS sent (txn_id TEXT PRIMARY KEY)")
    region.execute("DELETE FROM sent")
    region.executemany("INSERT INTO sent VALUES (?)", ((t,) for t in sent))
    rows, distinct, accepted, ours = region.execute(
        "SELECT count(*), count(DISTINCT txn_id), sum(status = 'accepted'), "
        "sum(txn_id IN (SELECT txn_id FROM sent)) FROM transactions"
    ).fetchone()
    assert rows == distinct == accepted == total, (rows, distinct, accepted, total)
    assert ours == len(sent), (ours, len(sent))
    taken = region.execute("SELECT sum(granted_cents - balance_cents) FROM wallets").fetchone()[0]
    assert taken == total * AMOUNT, (taken, total * AMOUNT)
    assert region.execute("SELECT min(balance_cents) FROM wallets").fetchone()[0] >= 0
    states = dict(till.store.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
    assert states == {"accepted": total}, states


def bench_mode(
    mode: str,
    base: Path,
    seed_path: Path,
    pkeys: list[str],
    raw: sqlite3.Connection,
    n: int,
    rounds: int,
    report: Report,
) -> dict[str, Any]:
    """Rounds of: queue N (untimed), time Till.sync(), verify, time the raw bulk insert."""
    syncs: list[float] = []
    bulks: list[float] = []
    queue_s: list[float] = []
    with region_server(mode, base / f"region-{mode}", seed_path) as url:
        region = sqlite3.connect(
            str(base / f"region-{mode}" / "region.sqlite3"), isolation_level=None
        )
        with Till(base / f"till-{mode}") as till:
            till.enroll(url, PARTNER, ENROLLMENT_CODE)
            till.sync()  # the first, full snapshot: not timed
            now = till.now()
            sent: list[TxnId] = []
            for index in range(rounds):
                batch = list(debits(pkeys, n, index * n, now))
                start = time.perf_counter()
                # Queued through the till's own path. synchronous=OFF while queueing only:
                # 10 000 fsyncs would take a minute per round and are not what is measured.
                till.store.conn.execute("PRAGMA synchronous=OFF")
                for txn in batch:
                    till.store.record(txn)
                till.store.conn.execute("PRAGMA synchronous=FULL")
                queue_s.append(time.perf_counter() - start)
                assert till.store.pending_count() == n

                start = time.perf_counter()
                result = till.sync()
                syncs.append(time.perf_counter() - start)
                assert (result.uploaded, result.accepted, result.duplicates) == (n, n, 0), result
                assert not result.rejected, result.rejected[:3]
                sent += [t.id for t in batch]
                verify_round(till, region, sent, (index + 1) * n)

                rows = [raw_row(t) for t in batch]
                start = time.perf_counter()
                raw.execute("BEGIN IMMEDIATE")
                raw.executemany(RAW_INSERT, rows)
                raw.execute("COMMIT")
                bulks.append(time.perf_counter() - start)
        region.close()

    sync_med, bulk_med = statistics.median(syncs), statistics.median(bulks)
    figure = {
        "mode": mode,
        "n": n,
        "rounds": rounds,
        "batch_size": sync.engine.BATCH_SIZE,
        "sync_s_median": round(sync_med, 3),
        "sync_s_p95": round(p95(syncs), 3),
        "sync_s_each": [round(s, 3) for s in syncs],
        "txn_per_s": round(n / sync_med),
        "raw_insert_s_median": round(bulk_med, 4),
        "raw_insert_s_p95": round(p95(bulks), 4),
        "raw_rows_per_s": round(n / bulk_med),
        "sync_over_raw_insert": round(sync_med / bulk_med, 1),
        "queue_s_median": round(statistics.median(queue_s), 2),
    }
    where = {
        "process": "server in its own process",
        "thread": "server in this process (BackgroundServer)",
    }[mode]
    report.line(f"== {where}: {rounds} rounds of N={n}, batches of {figure['batch_size']} ==")
    report.line(
        f"{'raw: SQLite executemany of N rows, 1 txn':<44} median {bulk_med:7.4f} s  "
        f"p95 {figure['raw_insert_s_p95']:7.4f} s  {figure['raw_rows_per_s']:>8} rows/s"
    )
    report.line(
        f"{'Till.sync() (push N + pull snapshot)':<44} median {sync_med:7.3f} s  "
        f"p95 {figure['sync_s_p95']:7.3f} s  {figure['txn_per_s']:>8} txn/s"
    )
    report.line(
        f"{'':<44} each {', '.join(f'{s:.2f}' for s in syncs)} s; "
        f"sync/raw insert {figure['sync_over_raw_insert']}x; target < 3 s: "
        f"{'met' if sync_med < 3 else 'NOT met'}"
    )
    report.line(
        f"{'':<44} checked each round: {n} accepted, 0 duplicate, 0 rejected; the Region "
        f"holds {rounds * n} distinct, the outbox all accepted"
    )
    return figure


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="transactions per sync (10000)")
    parser.add_argument("--rounds", type=int, default=5, help="syncs per mode (default 5)")
    parser.add_argument(
        "--beneficiaries",
        type=int,
        default=5000,
        help="beneficiaries in the generated Region (default 5000, two wallets each)",
    )
    parser.add_argument(
        "--mode",
        choices=("both", "process", "thread"),
        default="both",
        help="where the server runs (default both: its own process, then a thread of this one)",
    )
    parser.add_argument(
        "--batch", type=int, help=f"override sync.engine.BATCH_SIZE ({sync.engine.BATCH_SIZE})"
    )
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder (disk to test)")
    args = parser.parse_args(argv)
    if min(args.n, args.rounds, args.beneficiaries) < 1:
        parser.error("--n, --rounds and --beneficiaries must be positive")
    per_wallet = math.ceil(args.n * args.rounds / (2 * args.beneficiaries)) * AMOUNT
    if per_wallet > min(grant for _, _, grant in CATEGORIES):
        parser.error("too few beneficiaries: the Region would refuse debits beyond a balance")
    if args.batch is not None and not 1 <= args.batch <= MAX_BATCH:
        parser.error(f"--batch: the Region takes 1 to {MAX_BATCH} transactions per upload")
    if args.batch:
        sync.engine.BATCH_SIZE = args.batch

    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()  # inside the 2025-26 season
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    keyring.set_keyring(fail.Keyring())
    report = Report(to_stderr=args.json)
    started = time.perf_counter()
    env = report.figures["environment"] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "httpx": metadata.version("httpx"),
        "fastapi": metadata.version("fastapi"),
        "uvicorn": metadata.version("uvicorn"),
    }
    report.line(
        f"bench_sync {env['date']}  nproc={env['nproc']}  Python {env['python']}  "
        f"SQLite {env['sqlite']}  httpx {env['httpx']}  fastapi {env['fastapi']}  "
        f"uvicorn {env['uvicorn']}"
    )
    report.line(
        f"Region: {args.beneficiaries} generated beneficiaries x 2 wallets; N={args.n} debits of "
        f"{AMOUNT / 100:.2f} EUR per round spread over them, queued untimed"
    )
    modes = ("process", "thread") if args.mode == "both" else (args.mode,)
    with tempfile.TemporaryDirectory(prefix="atouts-bench-sync-", dir=args.dir) as tmp:
        base = Path(tmp)
        seed_path = base / "seed.json"
        seed_path.write_text(json.dumps(generated_seed(args.beneficiaries)), encoding="utf-8")
        for mode in modes:
            # Seeded here, served below: each Region draws its own pseudonym secret, so the
            # keys the till sees are read from it.
            state = open_state(base / f"region-{mode}", seed_path)
            pkeys = [state.pseudonym(b) for b in state.beneficiary_ids()]
            state.close()
            raw = raw_connection(base / f"raw-{mode}.sqlite3")  # a fresh file per mode
            try:
                report.figures[mode] = bench_mode(
                    mode, base, seed_path, pkeys, raw, args.n, args.rounds, report
                )
            finally:
                raw.close()
    if len(modes) == 2:
        ratio = (
            report.figures["thread"]["sync_s_median"] / report.figures["process"]["sync_s_median"]
        )
        report.figures["thread_over_process"] = round(ratio, 2)
        report.line(f"{'in-process / separate process (medians)':<44} {ratio:.2f}x")
    report.finish(started, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
