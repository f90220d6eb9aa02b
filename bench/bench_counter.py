"""Counter-side timings of Atouts POS, each beside a raw baseline measured in the same run.

1. scan-to-verdict: `Till.check(payload)` against one Ed25519 verify and `read_code` alone;
2. `assess()` alone (the pure rules);
3. a charge (parse + check + rules + SQLite record, WAL, synchronous=FULL) against a plain
   sqlite3 INSERT + COMMIT of a similar row with the same pragmas in the same folder;
4. a sync of N queued transactions to the reference server on loopback against a raw SQLite
   bulk insert of N rows;
5. scan-to-verdict as the till fills up: a long synced history of one beneficiary, then a
   snapshot padded to a region's worth of wallets (SPEC §7; `--scale 0` skips it).

The machines are shared and noisy: timings are medians and 95th percentiles over many runs,
and the subject and its baseline are interleaved run by run so that a noisy second hits both.
Everything lives in a temporary folder; the keyring is keyring's `fail` backend (the device
token goes to the till's protected fallback file), so no real keyring is touched.

    python bench/bench_counter.py                 # one line per figure
    python bench/bench_counter.py --json > f.json # the same figures as JSON (lines on stderr)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from importlib import metadata
from pathlib import Path

import base45
import cbor2
import keyring
from baselines import raw_connection, raw_row  # bench/ is on sys.path
from keyring.backends import fail
from timing import (  # bench/ is on sys.path when run as a script
    Report,
    ratio,
    summary_us,
    timed,
)

from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_PARTNER, DEMO_TRAINING_DATE, demo_seed_path
from pos_app.domain.credentials import CREDENTIAL_CONTEXT, PREFIX, read_code
from pos_app.domain.manual_codes import keyed_hash
from pos_app.domain.model import Transaction, TxnId, Verdict
from pos_app.domain.money import Cents
from pos_app.domain.rules import ChargeRequest, assess, charge
from pos_app.domain.signing import verify
from pos_app.domain.snapshot import (
    FULL,
    SnapshotHeader,
    beneficiary_line,
    code_line,
    parse_wallets,
    read_header,
    record_blocks,
    record_key,
    split_body,
)
from pos_app.services import Till
from sync.engine import CHUNK_BYTES
from sync.region_sim.runner import BackgroundServer, open_state
from sync.region_sim.state import DeviceAuth, RegionState

SCHEME = "atouts-culture-sport-2025-26"
WARMUP = 20

# A row shaped like a ledger entry, for the raw SQLite baselines.
RAW_INSERT = (
    "INSERT INTO raw_ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
    "category_id, item_kind, amount_cents, price_cents, complement_cents, forfeited_cents, "
    "serial, holder_name, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# --- measuring ------------------------------------------------------------------------------


# --- set-up ---------------------------------------------------------------------------------


def one_cent_debit(till: Till, verdict: Verdict, category: str, now: datetime) -> Transaction:
    """A 0,01 € debit built by the rules, exactly as `Till.charge` builds it."""
    return charge(
        verdict,
        ChargeRequest(SCHEME, category, Cents(1), id_checked=True),
        txn_id=TxnId(str(uuid.uuid4())),
        partner=till.store.snapshot_info().partner,  # type: ignore[union-attr]
        schemes=till.schemes,
        now=now,
    )


# --- the benches ----------------------------------------------------------------------------


def bench_check(till: Till, payload: str, runs: int, report: Report) -> None:
    """Till.check beside its parts: one Ed25519 verify, read_code alone, assess alone."""
    keys = till.store.region_keys()
    body, signature = cbor2.loads(base45.b45decode(payload[len(PREFIX) :]))[:2]
    message = CREDENTIAL_CONTEXT + body
    now = till.now()
    credential = read_code(payload, keys)
    public_key = keys[credential.key_id].public_key
    info = till.store.snapshot_info()
    assert info is not None
    wallets = till.store.wallets(credential.beneficiary)
    assert verify(public_key, signature, message)
    assert assess(credential, info.partner, wallets, till.schemes, now, info.policy).accepted
    assert till.check(payload).accepted

    steps: dict[str, Callable[[], object]] = {
        "verify": lambda: verify(public_key, signature, message),
        "read_code": lambda: read_code(payload, keys),
        "assess": lambda: assess(credential, info.partner, wallets, till.schemes, now, info.policy),
        "check": lambda: till.check(payload),
    }
    samples: dict[str, list[int]] = {name: [] for name in steps}
    for _ in range(WARMUP):
        for step in steps.values():
            step()
    for _ in range(runs):  # interleaved: a noisy moment hits the subject and its baselines alike
        for name, step in steps.items():
            samples[name].append(timed(step))
    figures = {name: summary_us(values) for name, values in samples.items()}

    report.line("== 1. scan-to-verdict (B001's paper QR code, cinema till, offline) ==")
    report.timing("verify_raw", "raw: one Ed25519 verify (signing.verify)", figures["verify"])
    report.timing("read_code", "raw: read_code alone (decode + verify)", figures["read_code"])
    report.timing("check", "Till.check(payload)", figures["check"])
    ratios = {
        "check_over_verify": ratio(figures["check"], figures["verify"]),
        "check_over_read_code": ratio(figures["check"], figures["read_code"]),
        "read_code_over_verify": ratio(figures["read_code"], figures["verify"]),
    }
    report.figures["check_ratios"] = ratios
    report.line(
        f"{'ratios (medians)':<44} check/verify {ratios['check_over_verify']}x  "
        f"check/read_code {ratios['check_over_read_code']}x  "
        f"read_code/verify {ratios['read_code_over_verify']}x"
    )
    report.line("== 2. rules alone ==")
    report.timing("assess", "assess() alone (5 wallets, 2 usable)", figures["assess"])


def bench_charge(
    till: Till, payload: str, raw: sqlite3.Connection, runs: int, report: Report
) -> None:
    """Till.charge of 0,01 € against a plain INSERT + COMMIT of a similar row."""
    first = till.charge(
        payload, "cinema", "0,01", id_checked=True
    )  # warms the path; its row makes the raw row
    row = raw_row(first)

    def raw_insert() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(RAW_INSERT, (str(uuid.uuid4()), *row[1:]))
        raw.execute("COMMIT")

    for _ in range(5):
        raw_insert()
    charges: list[int] = []
    inserts: list[int] = []
    for _ in range(runs):
        charges.append(timed(lambda: till.charge(payload, "cinema", "0,01", id_checked=True)))
        inserts.append(timed(raw_insert))
    # The check alone again, now that the ledger holds `runs` unsynced debits of this wallet.
    checks_after = [timed(lambda: till.check(payload)) for _ in range(min(runs, 200))]

    charge_figure, insert_figure = summary_us(charges), summary_us(inserts)
    report.line("== 3. charge 0,01 € (parse + check + rules + record, WAL, synchronous=FULL) ==")
    report.timing("insert_raw", "raw: sqlite3 INSERT + COMMIT, similar row", insert_figure)
    report.timing("charge", "Till.charge(payload, 'cinema', '0,01')", charge_figure)
    report.figures["charge_over_insert"] = ratio(charge_figure, insert_figure)
    report.line(f"{'ratio (medians)':<44} charge/raw insert {ratio(charge_figure, insert_figure)}x")
    after = summary_us(checks_after)
    report.timing(
        "check_after_charges",
        f"Till.check with {runs + 1} unsynced debits",
        after,
        f"  ({ratio(after, report.figures['check'])}x the check of section 1)",
    )


def bench_sync(
    till: Till,
    state: RegionState,
    raw: sqlite3.Connection,
    n: int,
    rounds: int,
    report: Report,
) -> None:
    """till.sync() of N queued 0,01 € debits (push + snapshot) against a raw bulk insert."""
    till.sync()  # the charges of section 3 leave the queue; the snapshot reflects them
    # One payable cent after another from B001's and B002's cinema and spectacle wallets, so
    # that N × rounds debits stay within what the Region will accept.
    cents = []
    for beneficiary in ("B001", "B002"):
        verdict = till.check(state.qr_payload(beneficiary, till.now()))
        cents += [(verdict, w.category_id) for w in verdict.wallets for _ in range(w.balance_cents)]
    capacity = len(cents)
    now = till.now()
    totals: list[int] = []
    bulks: list[int] = []
    accepted = rejected = queued = 0
    queue_s = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):  # queued through the store's own path, untimed
            verdict, category = cents[queued % capacity]
            till.store.record(one_cent_debit(till, verdict, category, now))
            queued += 1
        queue_s += time.perf_counter() - start
        assert till.store.pending_count() == n
        sync_start = time.perf_counter_ns()
        result = till.sync()
        totals.append(time.perf_counter_ns() - sync_start)
        assert result.uploaded == n, result
        accepted += result.accepted
        rejected += len(result.rejected)

        rows = [raw_row(one_cent_debit(till, *cents[0], now)) for _ in range(n)]
        bulk_start = time.perf_counter_ns()
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(RAW_INSERT, rows)
        raw.execute("COMMIT")
        bulks.append(time.perf_counter_ns() - bulk_start)

    total_s = statistics.median(totals) / 1e9
    bulk_s = statistics.median(bulks) / 1e9
    figure = {
        "n": n,
        "rounds": rounds,
        "total_s_median": round(total_s, 3),
        "total_s_each": [round(t / 1e9, 3) for t in totals],
        "txn_per_s": round(n / total_s),
        "accepted": accepted,
        "rejected": rejected,
        "queue_build_s_per_round": round(queue_s / rounds, 2),
    }
    raw_figure = {
        "n": n,
        "total_s_median": round(bulk_s, 4),
        "rows_per_s": round(n / bulk_s),
    }
    report.figures["sync"] = figure
    report.figures["bulk_insert_raw"] = raw_figure
    report.line(f"== 4. sync of N={n} queued transactions to the reference server (loopback) ==")
    report.line(
        f"{'raw: SQLite bulk insert of N rows':<44} median {bulk_s:.4f} s  "
        f"{raw_figure['rows_per_s']:>9} rows/s  (rounds={rounds})"
    )
    report.line(
        f"{'Till.sync() (push N + pull snapshot)':<44} median {total_s:.3f} s  "
        f"{figure['txn_per_s']:>9} txn/s   (rounds={rounds}, each "
        f"{', '.join(f'{t:.2f}' for t in figure['total_s_each'])} s)"
    )
    report.line(
        f"{'':<44} accepted {accepted}, rejected {rejected}; raw insert is "
        f"{round(raw_figure['rows_per_s'] / figure['txn_per_s'])}x faster"
    )
    if n * rounds > capacity:
        report.line(f"note: N×rounds > {capacity} payable cents: the server rejects the excess")


def padded_snapshot(
    till: Till, state: RegionState, wallets: int
) -> tuple[SnapshotHeader, list[bytes], int]:
    """The Region's current full snapshot for this till, padded to a region's worth.

    The header is the one the Region signed for this till (same version, keys, policy, small
    sets); the records are the real ones plus `wallets // 2` pseudonymous beneficiaries with
    a cinema and a spectacle wallet and a typed code each, sorted as the Region sends them.
    Only the counts and the records' digest change, so it is a valid full snapshot for
    `TillStore.apply_snapshot` (which the engine calls after checking the signature).
    """
    device = till.store.device()
    assert device is not None
    signed = state.snapshot(DeviceAuth(device.device_id, device.partner.id), till.now())
    first, second, records = split_body(signed.body)
    header = read_header(first, second, till.store.region_keys())
    people = list(records[: header.beneficiaries])
    codes = list(records[header.beneficiaries :])
    total = sum(len(parse_wallets(line)) for line in people) + 2 * (wallets // 2)
    grant = [(SCHEME, "cinema", 2000, 2000, 1), (SCHEME, "spectacle", 3000, 3000, 1)]
    for i in range(wallets // 2):
        pkey = f"bench{i:027x}"
        people.append(beneficiary_line(pkey, grant))
        codes.append(
            code_line(
                keyed_hash(header.salt, f"{i:012d}"), pkey, keyed_hash(header.salt, f"BN-{i}")
            )
        )
    people.sort(key=record_key)
    codes.sort(key=record_key)
    lines = people + codes
    padded = replace(
        header,
        kind=FULL,
        base_version=0,
        beneficiaries=len(people),
        codes=len(codes),
        records_sha256=hashlib.sha256(b"".join(lines)).hexdigest(),
    )
    return padded, lines, total


def bench_scale(
    till: Till, state: RegionState, payload: str, wallets: int, runs: int, report: Report
) -> None:
    """Till.check as the till fills up: a long synced history, then a region-size snapshot.

    After section 4 the ledger holds thousands of synced debits of B001. Then the till applies
    a full snapshot padded with pseudonymous beneficiaries of other people (the demo Region
    has five) up to what a full snapshot of a cinema would hold (SPEC §7), through
    `TillStore.apply_snapshot`, as a sync does.
    """
    conn = till.store.conn
    beneficiary = read_code(payload, till.store.region_keys()).beneficiary
    history = conn.execute(
        "SELECT count(*) FROM ledger WHERE beneficiary = ?", (beneficiary,)
    ).fetchone()[0]
    assert till.store.pending_count() == 0
    for _ in range(WARMUP):
        till.check(payload)
    with_history = summary_us([timed(lambda: till.check(payload)) for _ in range(runs)])

    header, lines, total = padded_snapshot(till, state, wallets)
    before = till.check(payload)
    # Till sets the seal key from the device token when it first needs the snapshot; every
    # Till call above has done so.
    assert till.store.snapshots.seal_key is not None
    apply_start = time.perf_counter()
    data = b"".join(lines)
    blocks = (data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES))
    till.store.apply_snapshot(header, record_blocks(header, blocks), till.now())
    apply_s = time.perf_counter() - apply_start
    info_now = till.store.snapshot_info()
    assert info_now is not None and info_now.wallet_count == header.beneficiaries
    after = till.check(payload)
    assert (after.reason, after.wallets) == (before.reason, before.wallets), (before, after)
    for _ in range(WARMUP):
        till.check(payload)
    checks: list[int] = []
    infos: list[int] = []
    for _ in range(runs):
        checks.append(timed(lambda: till.check(payload)))
        infos.append(timed(till.store.snapshot_info))
    at_scale, info = summary_us(checks), summary_us(infos)

    first = report.figures["check"]
    report.figures["history_entries"] = history
    report.figures["check_at_scale_ratios"] = {
        "with_history_over_check": ratio(with_history, first),
        "at_scale_over_check": ratio(at_scale, first),
        "at_scale_over_with_history": ratio(at_scale, with_history),
    }
    report.figures["scale_wallets"] = total
    report.figures["scale_beneficiaries"] = header.beneficiaries
    report.figures["scale_apply_s"] = round(apply_s, 2)
    # Section 4 spends B001's cinema and spectacle wallets first: with the defaults they are
    # empty by now, and the verdict timed here is that refusal (same lookups and rules).
    report.figures["scale_verdict"] = after.reason
    report.line(f"== 5. scan-to-verdict as the till fills up (verdict: {after.reason}) ==")
    report.timing(
        "check_with_history",
        f"Till.check, {history} synced entries of B001",
        with_history,
        f"  ({ratio(with_history, first)}x section 1)",
    )
    report.line(
        f"{'  apply_snapshot, padded full snapshot':<44} {apply_s:.2f} s  "
        f"({header.beneficiaries} beneficiaries, {total} wallets, {header.codes} typed codes)"
    )
    report.timing(
        "check_at_scale",
        f"  ... and {total} wallets in the snapshot",
        at_scale,
        f"  ({ratio(at_scale, first)}x section 1, {ratio(at_scale, with_history)}x the line above)",
    )
    report.timing("snapshot_info_at_scale", "  TillStore.snapshot_info() alone, idem", info)


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="check runs (default 1000)")
    parser.add_argument(
        "--charges", type=int, default=300, help="charge runs, at most 1500 (default 300)"
    )
    parser.add_argument("--n", type=int, default=1000, help="transactions per sync (1000)")
    parser.add_argument("--sync-rounds", type=int, default=5, help="sync rounds (default 5)")
    parser.add_argument(
        "--scale",
        type=int,
        default=300_000,
        help="wallets in the snapshot for section 5 (default 300000; 0 skips it)",
    )
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder (disk to test)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.charges < 1 or args.n < 1 or args.sync_rounds < 1:
        parser.error("--runs, --charges, --n and --sync-rounds must be positive")
    if args.charges > 1500:
        parser.error("--charges: B001's cinema wallet holds 2000 cents, one per charge")
    if args.scale < 0:
        parser.error("--scale must be 0 or more")

    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()  # inside the 2025-26 season
    # The app's own warnings (token in the fallback file, rejected uploads) would drown the
    # figures; errors still show.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    keyring.set_keyring(fail.Keyring())
    report = Report(to_stderr=args.json)
    started = time.perf_counter()
    report.figures["environment"] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cryptography": metadata.version("cryptography"),
        "platform": platform.platform(),
    }
    env = report.figures["environment"]
    report.line(
        f"bench_counter {env['date']}  nproc={env['nproc']}  Python {env['python']}  "
        f"SQLite {env['sqlite']}  cryptography {env['cryptography']}"
    )

    seed = json.loads(demo_seed_path().read_text(encoding="utf-8"))
    code = next(p["enrollment_code"] for p in seed["partners"] if p["id"] == DEMO_PARTNER)
    with tempfile.TemporaryDirectory(prefix="atouts-bench-", dir=args.dir) as tmp:
        base = Path(tmp)
        state = open_state(base / "region", demo_seed_path())
        server = BackgroundServer(state).start()
        raw = raw_connection(base / "raw.sqlite3")
        try:
            with Till(base / "till") as till:
                till.enroll(server.url, DEMO_PARTNER, code)
                till.sync()
                payload = state.qr_payload("B001", till.now())
                bench_check(till, payload, args.runs, report)
                bench_charge(till, payload, raw, args.charges, report)
                bench_sync(till, state, raw, args.n, args.sync_rounds, report)
                if args.scale:
                    bench_scale(till, state, payload, args.scale, min(args.runs, 200), report)
        finally:
            raw.close()
            server.stop()
            state.close()
    report.finish(started, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
