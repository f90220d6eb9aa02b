"""Crash and bad-network harness: a till killed with SIGKILL, a server that flaps.

Issue 5 item 9: whatever point a till process is killed at during a charge or a sync, and
however the Region's server misbehaves, once a clean sync has run the Region's ledger equals
the till's: nothing a cashier saw confirmed is lost, nothing is counted twice.

Used by `tests/test_crash.py` (a few kills, a few thousand transactions, in CI) and by
`bench/bench_kill.py` (hundreds of kills, a longer soak). Everything is seeded, so a failing
run is replayed with its seed. Only public interfaces are used: `Till` methods, the
`RegionState` methods, `BackgroundServer` and its `faults`.

The kill test (`kill_run`):
  the reference server runs in this process; a till is enrolled in a temporary folder; then,
  again and again, a child process (this file run as a script) opens the till and charges,
  voids and syncs in a loop, printing one line per operation begun and one per operation
  finished, flushed, *after* the `Till` call returned. The parent kills it with SIGKILL after
  a seeded random delay, then checks that the folder's lock was released and that SQLite's
  `PRAGMA integrity_check` passes. A transaction the child printed as recorded is one the
  cashier saw confirmed: it must be on the till and, after the final clean sync, on the server
  exactly once.
The soak (`soak_run`): thousands of charges (and some voids) in this process, syncs every few
  dozen, while a thread makes the server flap: 503, 500 with Retry-After, connections dropped
  before the request is handled, answers cut after the server committed, requests delivered
  twice, answers slower than the till's timeout, and outages where nothing listens at all.
Both end with `verify`: a final clean sync, then the till's ledger against the server's.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # the child: run as a script, import the working copy's packages
    sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backends import fail  # noqa: E402

from pos_app.clock import ENV_NOW  # noqa: E402
from pos_app.demo import DEMO_TRAINING_DATE  # noqa: E402
from pos_app.scheme_files import load_schemes  # noqa: E402
from pos_app.services import Till, TillError  # noqa: E402
from pos_app.store.db import DB_NAME, StoreError, acquire_lock  # noqa: E402
from sync.client import RegionClient  # noqa: E402
from sync.region_sim.runner import BackgroundServer  # noqa: E402
from sync.region_sim.state import RegionState  # noqa: E402

NOW = DEMO_TRAINING_DATE
"""A Saturday evening inside the 2025-26 season; the clock of till, children and server."""
SCHEME = "atouts-culture-sport-2025-26"
CATEGORIES = ("cinema", "spectacle")
"""What a cinema is accredited for: 20 € and 30 € per beneficiary (the scheme's allowances)."""
PARTNER = "P-CINE-CRASH"
ENROLLMENT_CODE = "CRASH-2026"
KILLED = -signal.SIGKILL


def training_clock() -> datetime:
    return NOW


# --- the Region ---------------------------------------------------------------------------


def generated_seed(beneficiaries: int) -> dict[str, Any]:
    """A cinema partner and `beneficiaries` paper supports, each with the full cinema and
    show allowances (5 000 cents). The offline policy lets a till queue what a long outage
    queues; the amounts and categories stay within the scheme's rules."""
    return {
        "format": 1,
        "region": "Normandie (tests de panne, personnes fictives)",
        "policy": {"max_queued_transactions": 100_000, "max_offline_per_device_cents": 10**9},
        "partners": [
            {
                "id": PARTNER,
                "name": "Cinéma des tests de panne",
                "kind": "cinema",
                "accreditations": list(CATEGORIES),
                "enrollment_code": ENROLLMENT_CODE,
            }
        ],
        "beneficiaries": [
            {
                "id": f"K{n:05d}",
                "name": f"Personne Fictive {n}",
                "birth_date": "2008-05-12",  # 17 on the training date
                "support": "paper",
                "serial": f"AT25-9{n:05d}",
                "wallets": [{"scheme": SCHEME, "category": c} for c in CATEGORIES],
            }
            for n in range(1, beneficiaries + 1)
        ],
    }


class Region:
    """The reference server on loopback in this process; `restart()` for a real outage."""

    def __init__(self, data_dir: Path, beneficiaries: int) -> None:
        self.state = RegionState(data_dir, load_schemes())
        self.state.load_seed(generated_seed(beneficiaries))
        self.server = BackgroundServer(self.state, clock=training_clock).start()
        self.port = self.server.port

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        """Listen again on the same port (the till keeps the URL it enrolled with)."""
        for attempt in range(50):
            try:
                self.server = BackgroundServer(self.state, self.port, training_clock).start()
                return
            except RuntimeError:  # the port is still being released
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def close(self) -> None:
        self.server.stop()
        self.state.close()


@contextmanager
def no_os_keyring() -> Iterator[None]:
    """The device token goes to the till's protected file, where the children find it too."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def enroll_till(region: Region, data_dir: Path) -> str:
    """A till enrolled and synced (it holds the snapshot); returns its device id."""
    with no_os_keyring(), Till(data_dir, clock=training_clock) as till:
        device = till.enroll(region.url, PARTNER, ENROLLMENT_CODE)
        till.sync()
        return device.device_id


@dataclass(frozen=True, slots=True)
class Support:
    beneficiary: str
    payload: str
    """The paper QR code."""
    typed: str
    """The 12-digit code printed on it."""


def supports(region: Region) -> list[Support]:
    return [
        Support(b, region.state.qr_payload(b, NOW), region.state.manual_code(b))
        for b in region.state.beneficiary_ids()
    ]


# --- what the cashier was told ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confirmed:
    """A transaction whose `Till` call returned (the cashier saw it confirmed)."""

    txn_id: str
    kind: str
    amount_cents: int
    voids: str | None = None


@dataclass
class Outcome:
    """The final comparison of the till's ledger with the Region's."""

    confirmed: int = 0
    on_till: int = 0
    on_server: int = 0
    confirmed_on_till: int = 0
    confirmed_on_server: int = 0
    lost: list[str] = field(default_factory=list)
    """Confirmed to the cashier, missing from the till or from the server."""
    doubled: list[str] = field(default_factory=list)
    """An id twice in a ledger, or a wallet debited more than the till's ledger says."""
    problems: list[str] = field(default_factory=list)
    """Every difference found, lost and doubled included; empty means the run is clean."""
    debited_cents: int = 0
    final_sync: dict[str, int] = field(default_factory=dict)

    def problem(self, text: str) -> None:
        self.problems.append(text)


def verify(
    region: Region,
    data_dir: Path,
    device_id: str,
    confirmed: dict[str, Confirmed],
    codes: list[Support],
) -> Outcome:
    """A final clean sync, then everything the till holds against everything the Region holds."""
    region.server.faults.clear()
    outcome = Outcome(confirmed=len(confirmed))
    with no_os_keyring(), Till(data_dir, clock=training_clock) as till:
        till.check_integrity()
        report = till.sync()
        outcome.final_sync = {
            "uploaded": report.uploaded,
            "accepted": report.accepted,
            "duplicates": report.duplicates,
            "rejected": len(report.rejected),
        }
        entries = till.history()
        till_view = {
            code.beneficiary: {
                w.category_id: w.balance_cents for w in till.check(code.payload).wallets
            }
            for code in codes
        }
    server_rows = region.state.transactions(device_id)
    outcome.on_till, outcome.on_server = len(entries), len(server_rows)

    till_ids = Counter(e.transaction.id for e in entries)
    server_ids = Counter(row["txn_id"] for row in server_rows)
    for ids, where in ((till_ids, "till"), (server_ids, "server")):
        for txn_id, count in ids.items():
            if count > 1:
                outcome.doubled.append(txn_id)
                outcome.problem(f"{txn_id} is {count} times in the {where}'s ledger")
    for entry in entries:
        if entry.state not in ("accepted", "duplicate"):
            outcome.problem(
                f"{entry.transaction.id} is {entry.state} on the till after a clean sync "
                f"({entry.server_reason or 'no reason'})"
            )
    for row in server_rows:
        if row["status"] != "accepted":
            outcome.problem(f"the Region {row['status']} {row['txn_id']}: {row['reason']}")

    # Nothing the cashier saw confirmed is lost, nor changed.
    on_till = {e.transaction.id: e.transaction for e in entries}
    on_server = {row["txn_id"]: row for row in server_rows}
    for txn_id, seen in confirmed.items():
        local = on_till.get(txn_id)
        if local is None:
            outcome.lost.append(txn_id)
            outcome.problem(f"{seen.kind} {txn_id} was confirmed but is not on the till")
        else:
            outcome.confirmed_on_till += 1
        if local is not None and (local.kind.value, local.amount_cents, local.voids) != (
            seen.kind,
            seen.amount_cents,
            seen.voids,
        ):
            outcome.problem(f"{txn_id} on the till differs from what was confirmed: {local}")
        if txn_id in on_server:
            outcome.confirmed_on_server += 1
        elif local is not None:
            outcome.lost.append(txn_id)
            outcome.problem(f"{seen.kind} {txn_id} was confirmed but never reached the Region")

    # The two ledgers are the same, transaction by transaction.
    for txn_id in sorted(set(on_till) - set(on_server)):
        outcome.problem(f"{txn_id} is on the till only (state {on_till[txn_id]})")
    for txn_id in sorted(set(on_server) - set(on_till)):
        outcome.problem(f"{txn_id} is on the server only: {on_server[txn_id]}")
    for txn_id in sorted(set(on_till) & set(on_server)):
        local, row = on_till[txn_id], on_server[txn_id]
        mine = (local.kind.value, local.beneficiary, local.scheme_id, local.category_id,
                local.amount_cents, local.forfeited_cents, local.voids)  # fmt: skip
        theirs = (row["kind"], row["beneficiary"], row["scheme_id"], row["category_id"],
                  row["amount_cents"], row["forfeited_cents"], row["voids"])  # fmt: skip
        if mine != theirs:
            outcome.problem(f"{txn_id} differs: till {mine}, server {theirs}")

    # Every wallet: granted less the accepted debits, plus the accepted voids; the till's own
    # view of it agrees.
    moved: Counter[tuple[str, str]] = Counter()
    for local in on_till.values():
        sign = 1 if local.kind.value == "debit" else -1
        moved[(local.beneficiary, local.category_id)] += sign * (
            local.amount_cents + local.forfeited_cents
        )
    outcome.debited_cents = sum(moved.values())
    taken = 0
    for code in codes:
        pkey = region.state.pseudonym(code.beneficiary)
        for wallet in region.state.balances(code.beneficiary)["wallets"]:
            category = wallet["category"]
            expected = wallet["granted_cents"] - moved[(pkey, category)]
            taken += wallet["granted_cents"] - wallet["balance_cents"]
            if wallet["balance_cents"] != expected:
                if wallet["balance_cents"] < expected:
                    outcome.doubled.append(f"{code.beneficiary}/{category}")
                outcome.problem(
                    f"{code.beneficiary} {category}: the Region holds {wallet['balance_cents']}, "
                    f"granted {wallet['granted_cents']} less the till's ledger is {expected}"
                )
            shown = till_view[code.beneficiary].get(category, 0)  # an empty wallet is not offered
            if shown != wallet["balance_cents"]:
                outcome.problem(
                    f"{code.beneficiary} {category}: the till shows {shown}, the Region "
                    f"{wallet['balance_cents']}"
                )
    if taken != outcome.debited_cents:
        outcome.problem(f"the Region took {taken} cents in all, the till's ledger says "
                        f"{outcome.debited_cents}")  # fmt: skip
    if region.state.transaction_count() != len(server_rows):
        outcome.problem("the Region holds transactions of another device")
    return outcome


def sqlite_integrity(data_dir: Path) -> str:
    """`PRAGMA integrity_check` of the till's file, as the next process would find it."""
    conn = sqlite3.connect(str(data_dir / DB_NAME))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# --- the child: a till that charges, voids and syncs until it is killed --------------------


def child_main(data_dir: Path, codes_file: Path, seed: int) -> int:
    """One line per operation begun and one per operation done, written and flushed *after*
    the `Till` call returned; the parent reads them after the kill."""
    rng = random.Random(seed)
    codes = [Support(**c) for c in json.loads(codes_file.read_text(encoding="utf-8"))]
    out = sys.stdout

    def say(*words: object) -> None:
        out.write(" ".join(str(w) for w in words) + "\n")
        out.flush()

    try:
        till = Till(data_dir)
    except TillError as exc:
        say("busy", exc.code)
        return 3
    say("open")
    while True:
        roll = rng.random()
        if roll < 0.06:
            say("sync-begin")
            try:
                report = till.sync()
            except TillError as exc:
                say("sync-failed", exc.code)
            else:
                say("sync", report.accepted, report.duplicates, len(report.rejected))
        elif roll < 0.09:
            say("void-begin")
            debits = [
                e.transaction
                for e in till.history(40)
                if e.transaction.kind.value == "debit" and e.voided_by is None
            ]
            if not debits:
                say("void-none")
                continue
            target = rng.choice(debits)
            void = till.void(target.id, "erreur de saisie (test de panne)")
            say("void", void.id, void.amount_cents, target.id)
        else:
            code = rng.choice(codes)
            typed = rng.random() < 0.2
            category = rng.choice(CATEGORIES)
            amount = rng.randint(1, 25)
            say("charge-begin")
            try:
                txn = till.charge(
                    code.typed if typed else code.payload,
                    category,
                    f"{amount // 100},{amount % 100:02d}",
                    "place_cinema" if category == "cinema" else "billet_spectacle",
                    id_checked=True,
                )
            except TillError as exc:
                say("refused", exc.code)
            else:
                say("charge", txn.id, txn.amount_cents)


# --- the kill test ------------------------------------------------------------------------


@dataclass
class ChildRun:
    lines: list[str]
    returncode: int
    stderr: str
    opened_after: float | None

    @property
    def kill_point(self) -> str:
        """Where the kill landed: the last operation begun and not finished."""
        if self.opened_after is None:
            return "startup"
        begun = None
        for line in self.lines:
            word = line.split()[0]
            begun = word.removesuffix("-begin") if word.endswith("-begin") else None
        return begun or "between"


@dataclass
class KillReport:
    seed: int
    kills: int = 0
    charges: int = 0
    voids: int = 0
    syncs: int = 0
    syncs_failed: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    duplicates_answered: int = 0
    """Uploads the Region had already counted: each one a kill between the server's commit
    and the till marking the transaction sent."""
    kill_points: Counter[str] = field(default_factory=Counter)
    lock_released: int = 0
    """Kills after which this process could take the till's lock at once."""
    integrity_ok: int = 0
    """Kills after which `PRAGMA integrity_check` answered ok."""
    problems: list[str] = field(default_factory=list)
    """Found between kills: lock not released, integrity check failed, a child that died
    of something else than the kill."""
    outcome: Outcome | None = None
    elapsed: float = 0.0

    @property
    def clean(self) -> bool:
        return not self.problems and self.outcome is not None and not self.outcome.problems


def child_env() -> dict[str, str]:
    return {
        **os.environ,
        ENV_NOW: NOW.isoformat(),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def run_child(
    data_dir: Path, codes_file: Path, seed: int, kill_after: Callable[[bool], float]
) -> ChildRun:
    """Start a child, kill it with SIGKILL `kill_after(opened)` seconds after it opened the till
    (or, when that returns a delay before the opening, after it started)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:  # a pipe unread could fill
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "child", str(data_dir),
             str(codes_file), str(seed)],
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )  # fmt: skip
        lines: list[str] = []
        opened = threading.Event()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                if line.endswith("\n"):  # a line cut by the kill was never confirmed
                    lines.append(line.strip())
                    if line.startswith("open"):
                        opened.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        started = time.monotonic()
        before_open = kill_after(False)
        opened_after = None
        if before_open > 0:
            time.sleep(before_open)
        else:
            if not opened.wait(30):
                process.kill()
            opened_after = time.monotonic() - started
            time.sleep(kill_after(True))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        returncode = process.wait(30)
        reader.join(30)
        process.stdout.close()  # type: ignore[union-attr]
        errors.seek(0)
        stderr = errors.read()
    if opened_after is None and opened.is_set():
        opened_after = 0.0  # it opened before the early kill landed
    return ChildRun(lines, returncode, stderr, opened_after)


def kill_run(
    workdir: Path,
    kills: int,
    seed: int,
    beneficiaries: int = 200,
    max_delay: float = 0.6,
    early_kills: float = 0.1,
    progress: Callable[[KillReport], None] | None = None,
) -> KillReport:
    """`kills` children killed at seeded random points, then the final verification.

    Each child runs for a delay drawn uniformly in [0, `max_delay`] seconds after it opened
    the till; a share `early_kills` are killed while starting, before or while opening it."""
    rng = random.Random(seed)
    report = KillReport(seed=seed)
    began = time.monotonic()
    region = Region(workdir / "region", beneficiaries)
    try:
        till_dir = workdir / "till"
        till_dir.mkdir(parents=True, exist_ok=True)
        device_id = enroll_till(region, till_dir)
        codes = supports(region)
        codes_file = workdir / "codes.json"
        codes_file.write_text(
            json.dumps([{"beneficiary": c.beneficiary, "payload": c.payload, "typed": c.typed}
                        for c in codes]),
            encoding="utf-8",
        )  # fmt: skip
        confirmed: dict[str, Confirmed] = {}
        startup = 0.5
        for number in range(kills):
            early = rng.random() < early_kills
            delay = rng.uniform(0, max_delay)
            early_delay = rng.uniform(0.05, startup * 1.2)

            def kill_after(opened: bool, early=early, delay=delay, late=early_delay) -> float:
                return delay if opened else (late if early else 0.0)

            child = run_child(till_dir, codes_file, rng.randrange(2**32), kill_after)
            report.kills += 1
            if child.opened_after and not early:
                startup = 0.8 * startup + 0.2 * child.opened_after
            point = child.kill_point
            report.kill_points[point] += 1
            where = f"kill {number + 1} (at {point})"
            if child.returncode != KILLED:
                report.problems.append(
                    f"{where}: the child ended with {child.returncode}, not the kill: "
                    f"{child.lines[-3:]} {child.stderr[-2000:]}"
                )
            for line in child.lines:
                word, *rest = line.split()
                if word == "charge":
                    confirmed[rest[0]] = Confirmed(rest[0], "debit", int(rest[1]))
                    report.charges += 1
                elif word == "void":
                    confirmed[rest[0]] = Confirmed(rest[0], "void", int(rest[1]), rest[2])
                    report.voids += 1
                elif word == "sync":
                    report.syncs += 1
                    report.duplicates_answered += int(rest[1])
                    if int(rest[2]):
                        report.problems.append(f"{where}: the Region rejected {rest[2]}")
                elif word == "sync-failed":
                    report.syncs_failed += 1
                    report.problems.append(f"{where}: a sync failed ({rest[0]}), server up")
                elif word in ("refused", "busy"):
                    report.refused[rest[0]] += 1
                    report.problems.append(f"{where}: {line}")
            try:  # flock: the kernel releases it with the killed process
                acquire_lock(till_dir).release()
                report.lock_released += 1
            except StoreError as exc:
                report.problems.append(f"{where}: the till's lock was not released ({exc.code})")
            check = sqlite_integrity(till_dir)
            if check == "ok":
                report.integrity_ok += 1
            else:
                report.problems.append(f"{where}: integrity_check says {check}")
            if progress:
                progress(report)
        report.outcome = verify(region, till_dir, device_id, confirmed, codes)
    finally:
        region.close()
    report.elapsed = time.monotonic() - began
    return report


# --- the soak -----------------------------------------------------------------------------

FAULTS = (
    "normal",
    "status_503",
    "status_500_retry_after",
    "drop_before_handling",
    "truncate_body",
    "truncate_upload_answer",
    "handle_twice",
    "slower_than_timeout",
    "slow",
    "outage",
)
CLIENT_TIMEOUT = 0.4


def impatient_client(base_url: str, token: str | None) -> RegionClient:
    return RegionClient(base_url, token, timeout=httpx.Timeout(CLIENT_TIMEOUT))


class Flapper:
    """A thread that switches the server's behaviour every few tens of milliseconds."""

    def __init__(self, region: Region, seed: int, period: tuple[float, float]) -> None:
        self.region = region
        self.rng = random.Random(seed)
        self.period = period
        self.applied: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="flapper", daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> Flapper:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(30)
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                mode = self.rng.choices(FAULTS, weights=(8, 2, 1, 2, 2, 2, 2, 1, 1, 1))[0]
                self.applied[mode] += 1
                faults = self.region.server.faults
                faults.clear()
                if mode == "outage":
                    self.region.stop()
                    self._stop.wait(self.rng.uniform(*self.period))
                    self.region.start()
                    continue
                if mode.startswith("status_"):
                    faults.status = int(mode.split("_")[1])
                    if mode.endswith("retry_after"):
                        faults.retry_after_seconds = 1
                elif mode == "truncate_upload_answer":
                    faults.truncate_body, faults.paths = True, ("/v1/transactions",)
                elif mode in ("drop_before_handling", "truncate_body", "handle_twice"):
                    setattr(faults, mode, True)
                elif mode == "slower_than_timeout":
                    faults.latency_seconds = CLIENT_TIMEOUT * 1.5
                elif mode == "slow":
                    faults.latency_seconds = CLIENT_TIMEOUT / 4
                self._stop.wait(self.rng.uniform(*self.period))
            self.region.server.faults.clear()
        except BaseException as exc:  # pragma: no cover - reported by __exit__
            self.error = exc


@dataclass
class SoakReport:
    seed: int
    charges: int = 0
    voids: int = 0
    syncs_ok: int = 0
    syncs_failed: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    duplicates_answered: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    outcome: Outcome | None = None
    elapsed: float = 0.0

    @property
    def clean(self) -> bool:
        return not self.problems and self.outcome is not None and not self.outcome.problems


def soak_run(
    workdir: Path,
    transactions: int,
    seed: int,
    beneficiaries: int | None = None,
    sync_every: tuple[int, int] = (10, 60),
    period: tuple[float, float] = (0.02, 0.25),
) -> SoakReport:
    """`transactions` charges and voids in this process while the server flaps, a sync every
    `sync_every` of them (drawn at random), then the final verification."""
    rng = random.Random(seed)
    report = SoakReport(seed=seed)
    began = time.monotonic()
    # About 13 cents a charge: each wallet stays far from empty (charges never refused).
    region = Region(workdir / "region", beneficiaries or max(100, transactions // 40))
    try:
        till_dir = workdir / "till"
        till_dir.mkdir(parents=True, exist_ok=True)
        device_id = enroll_till(region, till_dir)
        codes = supports(region)
        confirmed: dict[str, Confirmed] = {}
        debits: list[str] = []
        with (
            no_os_keyring(),
            Till(till_dir, clock=training_clock, client_factory=impatient_client) as till,
            Flapper(region, rng.randrange(2**32), period) as flapper,
        ):
            next_sync = rng.randint(*sync_every)
            for number in range(1, transactions + 1):
                if debits and rng.random() < 0.03:
                    target = debits.pop(rng.randrange(len(debits)))
                    void = till.void(target, "erreur de saisie (test d'endurance)")
                    confirmed[void.id] = Confirmed(void.id, "void", void.amount_cents, target)
                    report.voids += 1
                else:
                    code = rng.choice(codes)
                    category = rng.choice(CATEGORIES)
                    amount = rng.randint(1, 25)
                    try:
                        txn = till.charge(
                            code.typed if rng.random() < 0.2 else code.payload,
                            category,
                            f"0,{amount:02d}",
                            id_checked=True,
                        )
                    except TillError as exc:
                        report.problems.append(f"charge {number} refused: {exc.code}")
                        continue
                    confirmed[txn.id] = Confirmed(txn.id, "debit", txn.amount_cents)
                    debits.append(txn.id)
                    report.charges += 1
                if number in (next_sync, transactions):
                    next_sync += rng.randint(*sync_every)
                    try:
                        synced = till.sync()
                    except TillError as exc:
                        report.syncs_failed[exc.code] += 1
                    else:
                        report.syncs_ok += 1
                        report.accepted += synced.accepted
                        report.duplicates_answered += synced.duplicates
                        if synced.rejected:
                            report.problems.append(f"the Region rejected {synced.rejected}")
            report.faults = flapper.applied
        report.outcome = verify(region, till_dir, device_id, confirmed, codes)
    finally:
        region.close()
    report.elapsed = time.monotonic() - began
    return report


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "child":
        sys.exit("usage: crash_harness.py child DATA_DIR CODES_JSON SEED")
    sys.exit(child_main(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
