"""Kill -9 and soak: the till killed hundreds of times during charges and syncs, then thousands
of transactions while the server flaps; afterwards the Region's ledger must equal the till's.

Issue 5 item 9. The harness is `tests/crash_harness.py` (the CI tests run it with fewer kills).
Every run is seeded: a failure is replayed with the seed it prints. Exit status 1 when anything
was lost or doubled, or any other difference was found (each one is printed).

    python bench/bench_kill.py                         # 200 kills, then a 20 000-transaction soak
    python bench/bench_kill.py --kills 500 --soak 0    # kills only
    python bench/bench_kill.py --seed 7 --kills 30     # replay a run
"""

from __future__ import annotations

import argparse
import logging
import platform
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the harness

from crash_harness import KillReport, Outcome, kill_run, soak_run

WIDTH = 44


def line(label: str, value: object) -> None:
    print(f"{label:<{WIDTH}} {value}", flush=True)


def outcome_lines(outcome: Outcome | None) -> None:
    if outcome is None:
        line("verification", "not reached")
        return
    line("confirmed to the cashier", outcome.confirmed)
    line("  ... found on the till", outcome.confirmed_on_till)
    line("  ... found on the server (exactly once)", outcome.confirmed_on_server)
    line("transactions on the till / on the server", f"{outcome.on_till} / {outcome.on_server}")
    line("  recorded but never confirmed (killed", outcome.on_till - outcome.confirmed_on_till)
    line("  between the commit and the answer)", "")
    line("lost", len(outcome.lost))
    line("doubled (id twice, wallet over-debited)", len(outcome.doubled))
    line("cents debited (till ledger = Region wallets)", outcome.debited_cents)
    line("final clean sync", outcome.final_sync)
    line("differences found", len(outcome.problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026, help="of the kill run")
    parser.add_argument("--max-delay", type=float, default=0.6,
                        help="seconds a child runs after opening the till, at most")  # fmt: skip
    parser.add_argument("--soak", type=int, default=20_000, help="transactions; 0 skips")
    parser.add_argument("--soak-seed", type=int, default=2027)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the flapping server makes every sync warn
    # The injected faults raise inside the server on purpose; uvicorn would print each trace.
    # (A filter, since uvicorn resets the logger's level and handlers at every start.)
    logging.getLogger("uvicorn.error").addFilter(lambda record: record.levelno >= logging.CRITICAL)

    print(
        f"bench_kill {datetime.now(UTC).isoformat(timespec='seconds')}  "
        f"Python {platform.python_version()}  SQLite {sqlite3.sqlite_version}",
        flush=True,
    )
    clean = True
    if args.kills:
        print(f"== kill -9: {args.kills} kills, seed {args.seed} ==", flush=True)

        def progress(report: KillReport) -> None:
            if report.kills % 25 == 0:
                print(f"  {report.kills} kills, {report.charges} charges confirmed", flush=True)

        with tempfile.TemporaryDirectory(dir=args.dir) as workdir:
            kills = kill_run(
                Path(workdir), args.kills, args.seed, max_delay=args.max_delay, progress=progress
            )
        line("seed", kills.seed)
        line("kills done", kills.kills)
        line("kill points", dict(kills.kill_points.most_common()))
        line("charges / voids confirmed", f"{kills.charges} / {kills.voids}")
        line("syncs finished before a kill", kills.syncs)
        line("txns answered 'duplicate' at a later sync", kills.duplicates_answered)
        line("  (the Region had committed them; the kill", "")
        line("  came before the till recorded its answer)", "")
        line("lock released / integrity_check ok after",
             f"{kills.lock_released} / {kills.integrity_ok} of {kills.kills} kills")  # fmt: skip
        outcome_lines(kills.outcome)
        line("elapsed", f"{kills.elapsed:.1f} s")
        for problem in kills.problems + (kills.outcome.problems if kills.outcome else []):
            print(f"PROBLEM: {problem}", flush=True)
        clean &= kills.clean
    if args.soak:
        print(f"== soak: {args.soak} transactions while the server flaps, "
              f"seed {args.soak_seed} ==", flush=True)  # fmt: skip
        with tempfile.TemporaryDirectory(dir=args.dir) as workdir:
            soak = soak_run(Path(workdir), args.soak, args.soak_seed)
        line("seed", soak.seed)
        line("charges / voids confirmed", f"{soak.charges} / {soak.voids}")
        line("syncs ok / failed", f"{soak.syncs_ok} / {sum(soak.syncs_failed.values())} "
             f"{dict(soak.syncs_failed)}")  # fmt: skip
        line("txns answered 'duplicate' (answer lost)", soak.duplicates_answered)
        line("server behaviours switched", dict(soak.faults.most_common()))
        outcome_lines(soak.outcome)
        line("elapsed", f"{soak.elapsed:.1f} s")
        for problem in soak.problems + (soak.outcome.problems if soak.outcome else []):
            print(f"PROBLEM: {problem}", flush=True)
        clean &= soak.clean
    print("clean: nothing lost, nothing doubled" if clean else "NOT CLEAN: see PROBLEM lines")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
