"""Snapshots at region scale: a full one of 400 000 beneficiaries, then deltas of 5 000 changes.

Issue 5's targets on this 2-core machine: a full snapshot downloaded, verified and applied in
under 3 s with a peak RSS under 200 MB; a delta of 5 000 changes under 100 ms.

The reference server runs in its own process (as the Region does), seeded with the demo plus N
generated beneficiaries holding the cinema and spectacle wallets of the Lux cinema. Each measured
sync runs in a fresh child process, so its peak RSS (`ru_maxrss`) is the till's alone; the child
reports when the download, the verification and the apply ended. Beside them, in the same run:
a raw SQLite bulk insert of as many rows as beneficiaries (same disk, WAL, synchronous=FULL),
and the peak RSS of a child that only imports the till's code.

    .venv/bin/python bench/bench_snapshot.py [--beneficiaries 400000] [--runs 5]
        [--delta 5000] [--delta-runs 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import Report, summary_us

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-03-14T20:30:00+01:00"
SCHEME = "atouts-culture-sport-2025-26"
PARTNER, CODE = "P-CINE-LUX", "LUX-DEMO-2026"


def populate(region_dir: Path, count: int) -> None:
    """The demo seed plus `count` beneficiaries written straight into the server's tables (the
    seed loader issues credentials one by one: minutes for 400 000, and not what is measured)."""
    from pos_app.scheme_files import load_schemes
    from sync.region_sim.state import RegionState

    state = RegionState(region_dir, load_schemes())
    state.load_seed(json.loads((ROOT / "resources/demo/region-seed.json").read_text("utf-8")))
    pseudonyms = [state.pseudonym(f"G{i:07d}") for i in range(count)]
    state.close()
    conn = sqlite3.connect(region_dir / "region.sqlite3", isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO beneficiaries VALUES (?, ?, ?, '2008-05-01', ?, 'card', 'NOR', NULL, 0, ?, "
        "NULL)",
        (
            (f"G{i:07d}", pseudonyms[i], f"Jeune {i}", f"S{i:09d}", f"9{i:011d}")
            for i in range(count)
        ),
    )
    conn.executemany(
        "INSERT INTO wallets VALUES (?, ?, ?, ?, ?, 1)",
        (
            (f"G{i:07d}", SCHEME, category, granted, granted)
            for i in range(count)
            for category, granted in (("cinema", 1600), ("spectacle", 3000))
        ),
    )
    conn.execute("COMMIT")
    conn.close()


def build_cache(region_dir: Path) -> float:
    """The Region prepares a partner's full snapshot ahead of the tills asking for it."""
    from datetime import datetime

    from pos_app.scheme_files import load_schemes
    from sync.region_sim.state import DeviceAuth, RegionState

    state = RegionState(region_dir, load_schemes())
    start = time.perf_counter()
    state.snapshot(DeviceAuth("bench", PARTNER), datetime.fromisoformat(NOW))
    elapsed = time.perf_counter() - start
    state.close()
    return elapsed


def change_wallets(region_dir: Path, count: int, rng: random.Random, total: int) -> None:
    """`count` beneficiaries each spend a cent at another partner (what a delta carries)."""
    conn = sqlite3.connect(region_dir / "region.sqlite3", isolation_level=None, timeout=30)
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "UPDATE wallets SET balance_cents = balance_cents - 1 WHERE beneficiary_id = ? "
        "AND category_id = 'cinema' AND balance_cents > 0",
        ((f"G{i:07d}",) for i in rng.sample(range(total), count)),
    )
    conn.execute("COMMIT")
    conn.close()


def start_server(region_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ATOUTS_POS_NOW": NOW, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "region-sim", "serve", "--data-dir", str(region_dir),
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the reference server did not start")


def peak_rss_kb() -> int:
    """This process's own peak RSS (`VmHWM`): `ru_maxrss` survives `exec` on Linux and would
    report the parent's size for a child forked from a big bench process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(args: argparse.Namespace) -> None:
    """One measured sync in a fresh process: prints its timings and peak RSS as JSON."""
    from pos_app.services import Till

    imported = peak_rss_kb()
    if args.child == "imports":
        print(json.dumps({"maxrss_kb": imported}))
        return
    till = Till(Path(args.till))
    till.status()  # opens the vault: the seal key is read before the clock starts
    till.region_reachable()  # a running till has built its TLS context already
    if args.child == "full":
        till.store.snapshots.forget()
    stamps: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stamps[stage] = time.perf_counter()
        stamps.setdefault("first_byte", stamps[stage])
        if stage == "download" and done == total:
            stamps["downloaded"] = time.perf_counter()

    start = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            till.sync(progress=progress)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(14)
    else:
        till.sync(progress=progress)
    end = time.perf_counter()
    info = till.status()
    till.close()
    print(
        json.dumps(
            {
                "total_s": end - start,
                "server_s": stamps.get("first_byte", end) - start,
                "till_s": end - stamps.get("first_byte", end),
                "download_s": stamps.get("downloaded", end) - start,
                "verify_apply_s": end - stamps.get("downloaded", end),
                "maxrss_kb": peak_rss_kb(),
                "beneficiaries": info.wallet_count,
                "version": info.snapshot_version,
            }
        )
    )


def run_child(mode: str, till_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "ATOUTS_POS_NOW": NOW, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--till", str(till_dir)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if os.environ.get("BENCH_PROFILE"):
        print(done.stderr[-6000:], file=sys.stderr)
    if done.returncode:
        raise RuntimeError(f"child {mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def raw_insert_rate(folder: Path, rows: int) -> float:
    path = folder / "raw.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (key TEXT PRIMARY KEY, line BLOB NOT NULL) WITHOUT ROWID")
    line = b'[["atouts-culture-sport-2025-26","cinema",1600,1600,1],["x","spectacle",3000,3000,1]]'
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?)", ((f"{i:032x}", line) for i in range(rows)))
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    path.unlink()
    return rows / elapsed


def seconds(samples: list[float]) -> dict[str, float]:
    return summary_us([int(s * 1e9) for s in samples])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--beneficiaries", type=int, default=400_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delta", type=int, default=5000)
    parser.add_argument("--delta-runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--till", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    report = Report(args.json)
    base = Path(tempfile.mkdtemp(prefix="bench-snapshot-"))
    server = None
    try:
        region_dir, till_dir = base / "region", base / "till"
        start = time.perf_counter()
        populate(region_dir, args.beneficiaries)
        report.line(f"region seeded with {args.beneficiaries} generated beneficiaries "
                    f"in {time.perf_counter() - start:.1f} s (not measured)")  # fmt: skip
        report.line(f"the server builds its record cache: {build_cache(region_dir):.1f} s "
                    "(once per version, before tills ask; not measured)")  # fmt: skip
        from sync.region_sim.runner import free_port

        port = free_port()
        server = start_server(region_dir, port)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        os.environ["ATOUTS_POS_NOW"] = NOW
        from pos_app.services import Till

        with Till(till_dir) as till:
            till.enroll(f"http://127.0.0.1:{port}", PARTNER, CODE)
        first = run_child("full", till_dir)
        report.line(f"first full sync: {first['total_s']:.2f} s, "
                    f"{first['beneficiaries']} beneficiaries")  # fmt: skip
        size = sum(p.stat().st_size for p in (region_dir / "snapshot-cache").glob("*.records"))
        report.line(f"records: {size / 1e6:.1f} MB on the wire (+ header)")

        imports = [run_child("imports", till_dir)["maxrss_kb"] for _ in range(3)]
        fulls = [run_child("full", till_dir) for _ in range(args.runs)]
        rates = [raw_insert_rate(base, args.beneficiaries) for _ in range(3)]
        report.line(f"== full snapshot, {args.beneficiaries} beneficiaries, {args.runs} runs ==")
        for key, label in (("total_s", "download + verify + apply"),
                           ("download_s", "  download (to a file)"),
                           ("verify_apply_s", "  verify + apply"),
                           ("till_s", "  till: from the first byte")):  # fmt: skip
            report.timing(f"full_{key}", label, seconds([f[key] for f in fulls]))
        peak = max(f["maxrss_kb"] for f in fulls) / 1024
        report.figures["full_peak_rss_mb"] = round(peak, 1)
        report.figures["import_only_rss_mb"] = round(max(imports) / 1024, 1)
        report.line(f"peak RSS of the till process: {peak:.0f} MB (a child that only "
                    f"imports the till: {max(imports) / 1024:.0f} MB)")  # fmt: skip
        raw = sorted(rates)[1]
        report.figures["raw_insert_rows_per_s"] = round(raw)
        median_total = sorted(f["total_s"] for f in fulls)[len(fulls) // 2]
        raw_s = args.beneficiaries / raw
        report.line(f"raw SQLite bulk insert, same run: {raw:,.0f} rows/s → {raw_s:.2f} s "
                    f"for {args.beneficiaries} rows; full sync = {median_total / raw_s:.2f}× "
                    "that")  # fmt: skip

        rng = random.Random(5)
        deltas = []
        for _ in range(args.delta_runs):
            change_wallets(region_dir, args.delta, rng, args.beneficiaries)
            deltas.append(run_child("delta", till_dir))
        report.line(f"== delta of {args.delta} changed beneficiaries, {args.delta_runs} runs ==")
        for key, label in (("total_s", "sync round (push nothing + delta)"),
                           ("server_s", "  until the first byte (server builds)"),
                           ("till_s", "  till: receive + verify + apply"),
                           ("verify_apply_s", "    of which verify + apply")):  # fmt: skip
            report.timing(f"delta_{key}", label, seconds([d[key] for d in deltas]))
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(base, ignore_errors=True)
    if args.json:
        print(json.dumps(report.figures, indent=2))


if __name__ == "__main__":
    main()
