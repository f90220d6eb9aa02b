"""Reading each kind of code, and looking it up in a region-size snapshot, beside raw baselines.

1. parse + verify of each kind of code (`read_code`; `normalise` for a typed code) beside one
   raw Ed25519 verify of 64 bytes, and the payload length and QR version (error correction M)
   of the longest realistic payload of each kind;
2. a till whose snapshot holds N beneficiaries (default 400 000: 2 wallets each, a typed-code
   hash each, a few thousand revoked serials), applied through `TillStore.apply_snapshot`: the
   time to apply it, peak RSS, database size, opening the till, then `Till.check` of a scanned
   paper code and of a typed code beside a raw `SELECT lines FROM snapshot_chunks WHERE
   first_key <= ? ... LIMIT 1` (the fetch of the beneficiary's chunk) in the same database.

The machines are shared and noisy: timings are medians and 95th percentiles over many runs,
and the subjects and their baselines are interleaved run by run so that a noisy second hits
all of them. Everything lives in a temporary folder; the keyring is keyring's `fail` backend
and the clock is `ATOUTS_POS_NOW` = the demo's training date. No server is started: the
snapshot's records are built in memory and applied as the engine does (verified blocks):
downloading the signed body over HTTP belongs to `bench_snapshot.py`.

    python bench/bench_codes.py                   # one line per figure
    python bench/bench_codes.py --json > f.json   # the same figures as JSON (lines on stderr)
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import hmac
import logging
import os
import platform
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import keyring
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backends import fail
from timing import Report, ratio, summary_us, us  # bench/ is on sys.path when run as a script

from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE
from pos_app.domain.credentials import (
    RegionKey,
    issue_code,
    issue_coupon,
    issue_voucher,
    present,
    read_code,
)
from pos_app.domain.manual_codes import display, keyed_hash, normalise, with_check_digit
from pos_app.domain.model import BeneficiaryKey, Partner, PartnerId, Policy, SupportKind
from pos_app.domain.signing import key_id, public_bytes, verify
from pos_app.domain.snapshot import (
    FULL,
    SnapshotHeader,
    beneficiary_line,
    code_line,
    record_blocks,
)
from pos_app.services import Till
from pos_app.store.db import DB_NAME
from pos_app.store.till_store import Device, TillStore
from sync.engine import CHUNK_BYTES

WARMUP = 50
NOW = DEMO_TRAINING_DATE  # 2026-03-14 20:30 +01:00, inside the 2025-26 season

# The longest realistic payloads (docs/qr-format.md measures its table with the same name and
# serial): a long French double-barrelled name, a long serial, the longest ids in the seed.
NAME = "Marie-Geneviève de La Tour-d'Auvergne-Lauraguais"
GUARDIAN = "Jean-Christophe de La Tour-d'Auvergne-Lauraguais"
SERIAL = "AT25-0001234567"
VOUCHER_SERIAL = "NUM2026-0001234567"
COUPON_ID = "CP-9F3A1C07E2"  # as the Region issues them: CP- and 10 hex digits
BORN = date(2008, 2, 29)
ISSUED = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
SEASON_END = datetime(2026, 6, 30, 22, 0, tzinfo=UTC)  # 1 July 00:00 in Paris
SCHEME = "atouts-culture-sport-2025-26"
CATEGORIES = ("cinema", "spectacle")
SEAL_KEY = b"bench seal key, no device token here"
PARTNER = Partner(
    PartnerId("P-CINE-LUX"),
    "Cinéma Lux (Caen)",
    "cinema",
    frozenset(CATEGORIES),
    "NOR",
)
REVOKED = 5_000


# --- measuring ------------------------------------------------------------------------------


def interleaved(steps: dict[str, Callable[[int], object]], runs: int) -> dict[str, list[int]]:
    """Each run times every step once, in turn; step(i) gets the run number."""
    samples: dict[str, list[int]] = {name: [] for name in steps}
    for i in range(WARMUP):
        for step in steps.values():
            step(i)
    for i in range(runs):
        for name, step in steps.items():
            start = time.perf_counter_ns()
            step(i)
            samples[name].append(time.perf_counter_ns() - start)
    return samples


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_rss_mb() -> float | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError):
        return None


# --- 1. reading each kind of code -----------------------------------------------------------


def region_key(private_key: Ed25519PrivateKey) -> RegionKey:
    public = public_bytes(private_key)
    return RegionKey(
        key_id(public),
        public,
        datetime(2025, 7, 1, tzinfo=UTC),
        datetime(2027, 12, 31, tzinfo=UTC),
    )


def longest_payloads(region: Ed25519PrivateKey) -> dict[str, str]:
    """One payload of each kind, with the longest fields a real one would carry."""
    phone = Ed25519PrivateKey.generate()
    beneficiary = hashlib.sha256(b"bench").hexdigest()[:32]
    common = {"region": "NOR", "beneficiary": beneficiary, "holder_name": NAME}
    paper = issue_code(
        region,
        **common,
        serial=SERIAL,
        support=SupportKind.PAPER,
        birth_date=BORN,
        issued_at=ISSUED,
        expires_at=SEASON_END,
    )
    app = issue_code(
        region,
        **common,
        serial=SERIAL,
        support=SupportKind.APP,
        birth_date=BORN,
        issued_at=NOW.astimezone(UTC) - timedelta(days=3),
        expires_at=NOW.astimezone(UTC) + timedelta(days=4),
        holder_key=public_bytes(phone),
    )
    voucher = issue_voucher(
        region,
        region="REU",
        beneficiary=beneficiary,
        serial=VOUCHER_SERIAL,
        scheme_id="numerisak-2026-27",
        category_id="numerisak",
        face_cents=35_000,
        valid_until=date(2027, 7, 31),
        holder_name=NAME,
        birth_date=BORN,
        guardian_name=GUARDIAN,  # a minor's voucher names the legal representative too
        issued_at=datetime(2026, 8, 20, 6, 0, tzinfo=UTC),
    )
    coupon = issue_coupon(
        region,
        **common,
        coupon_id=COUPON_ID,
        partner_id="P-LYCEE-CAEN",
        scheme_id="atouts-livres-ep-2025-26",  # with equipement_pro: the longest ids in a coupon
        category_id="equipement_pro",
        amount_cents=15_000,
        issued_at=ISSUED,
        expires_at=ISSUED + timedelta(days=30),
    )
    return {
        "paper": paper,
        "app_static": app,
        "app_dynamic": present(app, phone, NOW),
        "voucher": voucher,
        "coupon": coupon,
        "typed": display(with_check_digit("73019284655")),  # "7301 9284 655x", as typed
    }


def bench_parse(runs: int, report: Report) -> None:
    """read_code of each kind beside one raw Ed25519 verify of 64 bytes."""
    private = Ed25519PrivateKey.generate()
    key = region_key(private)
    keys = {key.kid: key}
    payloads = longest_payloads(private)
    kinds = {
        "paper": SupportKind.PAPER,
        "app_dynamic": SupportKind.APP,
        "voucher": SupportKind.VOUCHER,
        "coupon": SupportKind.COUPON,
    }
    for name, support in kinds.items():
        credential = read_code(payloads[name], keys)
        assert credential.support is support, (name, credential)
    assert read_code(payloads["app_dynamic"], keys).presented_at is not None
    assert len(normalise(payloads["typed"])) == 12

    message = os.urandom(64)
    signature = private.sign(message)
    loaded = private.public_key()  # the raw baseline: a key object already loaded
    public = key.public_key
    assert verify(public, signature, message)

    def raw_verify(_: int) -> None:
        loaded.verify(signature, message)  # raises if it does not verify

    steps: dict[str, Callable[[int], object]] = {
        "raw_verify": raw_verify,
        "signing_verify": lambda _: verify(public, signature, message),
        **{name: (lambda _, p=payloads[name]: read_code(p, keys)) for name in kinds},
        "typed": lambda _: normalise(payloads["typed"]),
    }
    figures = {name: summary_us(values) for name, values in interleaved(steps, runs).items()}
    raw = figures["raw_verify"]

    report.line("== 1. parse + verify, per kind of code (longest realistic payloads) ==")
    report.timing("raw_verify", "raw: one Ed25519 verify of 64 bytes", raw)
    labels = {
        "signing_verify": "signing.verify (loads the key, then verifies)",
        "paper": "read_code: paper static code (1 signature)",
        "app_dynamic": "read_code: phone app presentation (2 sign.)",
        "voucher": "read_code: NUMÉRISAK voucher (1 signature)",
        "coupon": "read_code: prepaid coupon (1 signature)",
        "typed": "typed 12-digit code: normalise + Damm",
    }
    report.figures["parse_ratios_over_raw_verify"] = {}
    for name, label in labels.items():
        report.timing(f"parse_{name}", label, figures[name], f"  {ratio(figures[name], raw)}x raw")
        report.figures["parse_ratios_over_raw_verify"][name] = ratio(figures[name], raw)

    report.line("-- payload length and QR version at error correction M --")
    sizes: dict[str, dict[str, Any]] = {}
    size_labels = {
        "paper": "paper or card, static",
        "app_static": "phone app credential (static, never shown)",
        "app_dynamic": "phone app presentation (dynamic)",
        "voucher": "NUMÉRISAK voucher (with a guardian)",
        "coupon": "prepaid coupon",
        "typed": "typed code, as printed (not a QR code)",
    }
    for name, label in size_labels.items():
        payload = payloads[name]
        version = None if name == "typed" else segno.make_qr(payload, error="m").version
        sizes[name] = {"characters": len(payload), "qr_version_m": version}
        shown = f"version {version}" if version is not None else "-"
        report.line(f"{label:<46} {len(payload):>4} characters  {shown}")
    report.figures["payload_sizes"] = sizes


# --- 2. a region-size snapshot --------------------------------------------------------------


class Population:
    """N fictional beneficiaries as the Region would describe them to a cinema's till."""

    def __init__(self, count: int, salt: bytes) -> None:
        rng = random.Random(2026)
        secret = rng.randbytes(32)
        self.count = count
        self.salt = salt
        # Pseudonyms as the Region makes them (a keyed hash of its own id, 32 hex digits).
        self.pkeys = [
            BeneficiaryKey(hmac.new(secret, f"B{i:07d}".encode(), hashlib.sha256).hexdigest()[:32])
            for i in range(count)
        ]
        self.serials = [f"AT25-{i:010d}" for i in range(count)]
        # Typed codes are unique in the Region (11 random digits and a Damm digit): redraw
        # the rare duplicate, as the UNIQUE column of the Region's table demands.
        codes: dict[str, None] = {}
        while len(codes) < count:
            codes[with_check_digit("".join(rng.choices("0123456789", k=11)))] = None
        self.codes = list(codes)
        self.balances = [(rng.randrange(0, 2001), rng.randrange(0, 3001)) for _ in range(count)]
        self.suspended = frozenset(self.pkeys[i] for i in range(7, count, count // 300 + 1))

    def snapshot(
        self, keys: dict[str, RegionKey], people: list[int] | None = None, version: int = 1
    ) -> tuple[SnapshotHeader, bytes]:
        """The snapshot of everyone (or of `people` only) as the Region sends it (format 2):
        the signed header's content and the record lines, sorted."""
        chosen = people if people is not None else range(self.count)
        salt = self.salt
        lines = sorted(
            beneficiary_line(
                self.pkeys[i],
                [
                    (SCHEME, category, self.balances[i][c], (2000, 3000)[c], 1)
                    for c, category in enumerate(CATEGORIES)
                ],
            )
            for i in chosen
        )
        codes = sorted(
            code_line(
                keyed_hash(salt, self.codes[i]),
                self.pkeys[i],
                keyed_hash(salt, self.serials[i]),
            )
            for i in chosen
        )
        records = b"".join(lines) + b"".join(codes)
        header = SnapshotHeader(
            kind=FULL,
            version=version,
            base_version=0,
            server_seq=1_000_000,
            generated_at=NOW,
            partner=PARTNER,
            policy=Policy(),
            keys=keys,
            salt=salt,
            revoked_serials={
                keyed_hash(salt, f"AT24-{i:010d}"): ("lost", "stolen", "replaced")[i % 3]
                for i in range(REVOKED)
            },
            suspended=self.suspended if people is None else frozenset(),
            closed_coupons=frozenset(),
            used_vouchers=frozenset(),
            bons_plans=(),
            beneficiaries=len(lines),
            codes=len(codes),
            records_sha256=hashlib.sha256(records).hexdigest(),
        )
        return header, records


def apply(store: TillStore, header: SnapshotHeader, records: bytes) -> None:
    """As the sync engine does: verified blocks of `CHUNK_BYTES`, in one transaction."""
    blocks = (records[i : i + CHUNK_BYTES] for i in range(0, len(records), CHUNK_BYTES))
    store.apply_snapshot(header, record_blocks(header, blocks), NOW)


def database_mb(data_dir: Path) -> dict[str, float]:
    sizes = {}
    for suffix in ("", "-wal"):
        path = data_dir / f"{DB_NAME}{suffix}"
        sizes["db" if not suffix else "wal"] = (
            round(path.stat().st_size / 2**20, 1) if path.exists() else 0.0
        )
    return sizes


def new_store(data_dir: Path, keys: dict[str, RegionKey]) -> TillStore:
    """An enrolled till's store, as `Till.enroll` leaves it (no server needed)."""
    data_dir.mkdir()
    store = TillStore(data_dir)
    store.snapshots.seal_key = SEAL_KEY
    store.save_device(
        Device(
            server_url="http://127.0.0.1:9",
            device_id="bench-device",
            partner=PARTNER,
            region_keys=keys,
            enrolled_at=NOW.isoformat(),
        )
    )
    return store


def bench_scale(base: Path, count: int, runs: int, distinct: int, report: Report) -> None:
    """apply_snapshot of N beneficiaries, then Till.check in it beside a raw SELECT.

    A second till holds a small snapshot of only the beneficiaries scanned: its checks are
    interleaved with the full till's, run by run, so the two can be compared.
    """
    report.line(f"== 2. a till whose snapshot holds {count} beneficiaries ==")
    private = Ed25519PrivateKey.generate()
    key = region_key(private)
    keys = {key.kid: key}
    rss_before = current_rss_mb()
    start = time.perf_counter()
    people = Population(count, os.urandom(16))
    header, records = people.snapshot(keys)
    build_s = time.perf_counter() - start
    rss_built = current_rss_mb()
    shape = {
        "beneficiaries": count,
        "wallet_rows": 2 * header.beneficiaries,
        "typed_code_hashes": header.codes,
        "revoked_serial_hashes": len(header.revoked_serials),
        "suspended": len(header.suspended),
        "records_mb": round(len(records) / 2**20, 1),
    }

    # The beneficiaries the counter sees: spread over the whole population and scanned in
    # turn, so that a lookup does not keep finding the same pages in SQLite's own cache.
    eligible = [i for i in range(count) if people.pkeys[i] not in people.suspended]
    sample = eligible[:: max(1, len(eligible) // distinct)][:distinct]
    papers = [
        issue_code(
            private,
            region="NOR",
            beneficiary=people.pkeys[i],
            serial=people.serials[i],
            support=SupportKind.PAPER,
            holder_name=NAME,
            birth_date=BORN,
            issued_at=ISSUED,
            expires_at=SEASON_END,
        )
        for i in sample
    ]
    typed = [display(people.codes[i]) for i in sample]
    pkeys = [people.pkeys[i] for i in sample]

    small_dir, full_dir = base / "till-small", base / "till-full"
    with new_store(small_dir, keys) as store:
        apply(store, *people.snapshot(keys, sample))
    with new_store(full_dir, keys) as store:
        start = time.perf_counter()
        apply(store, header, records)
        apply_s = time.perf_counter() - start
        rss_peak = peak_rss_mb()
        sizes_open = database_mb(full_dir)
        # A full snapshot again (a delta is the usual case: bench_snapshot.py).
        start = time.perf_counter()
        apply(store, replace(header, version=2), records)
        reapply_s = time.perf_counter() - start
        sizes_reapplied = database_mb(full_dir)
    sizes_closed = database_mb(full_dir)
    del records
    gc.collect()

    opens: dict[str, list[int]] = {"small": [], "full": []}
    for _ in range(5):
        for name, folder in (("small", small_dir), ("full", full_dir)):
            start = time.perf_counter_ns()
            TillStore(folder).close()
            opens[name].append(time.perf_counter_ns() - start)
    open_small, open_full = (summary_us(opens[name]) for name in ("small", "full"))

    with Till(full_dir) as full, Till(small_dir) as small:
        steps: dict[str, Callable[[int], object]] = {}
        for name, till in (("full", full), ("small", small)):
            till.store.snapshots.seal_key = SEAL_KEY  # no device token in this bench
            first = till.check(papers[0])
            assert first.accepted, first
            assert {w.category_id for w in first.wallets} == set(CATEGORIES), first
            first = till.check(typed[0])
            assert first.accepted and first.credential is not None, first
            assert first.credential.support is SupportKind.TYPED, first
            steps |= _lookups(name, till, papers, typed, pkeys)
        checks = {name: summary_us(values) for name, values in interleaved(steps, runs).items()}
        assert full.check(papers[-1]).accepted and full.check(typed[-1]).accepted

    report.figures["scale"] = {
        **shape,
        "build_in_memory_s": round(build_s, 1),
        "rss_mb_before_build": rss_before,
        "rss_mb_snapshot_built": rss_built,
        "peak_rss_mb_after_apply": rss_peak,
        "apply_s": round(apply_s, 2),
        "reapply_s": round(reapply_s, 2),
        "database_mb_after_apply": sizes_open,
        "database_mb_after_reapply": sizes_reapplied,
        "database_mb_closed": sizes_closed,
        "open_store_full": open_full,
        "open_store_small": open_small,
        "distinct_beneficiaries_scanned": len(sample),
    }
    report.line(
        f"{'snapshot records (format 2, built in memory)':<46} {shape['wallet_rows']} wallet "
        f"rows, {shape['typed_code_hashes']} typed-code hashes,"
    )
    report.line(
        f"{'':<46} {shape['revoked_serial_hashes']} revoked serial hashes, "
        f"{shape['suspended']} suspended; built in {build_s:.1f} s (not timed below)"
    )
    report.line(
        f"{'RSS (current)':<46} {rss_before} MB before building it, {rss_built} MB once built"
    )
    report.line(
        f"{'TillStore.apply_snapshot, empty till (once)':<46} {apply_s:.2f} s  "
        f"({round(shape['wallet_rows'] / apply_s)} wallet rows/s)"
    )
    report.line(f"{'peak RSS after it (getrusage ru_maxrss)':<46} {rss_peak} MB")
    report.line(
        f"{'database size after it':<46} {sizes_open['db']} MB + WAL {sizes_open['wal']} MB"
    )
    report.line(
        f"{'apply_snapshot again (replace, as each sync)':<46} {reapply_s:.2f} s; then "
        f"{sizes_reapplied['db']} MB + WAL {sizes_reapplied['wal']} MB"
    )
    report.line(
        f"{'database size once the till is closed':<46} {sizes_closed['db']} MB + WAL "
        f"{sizes_closed['wal']} MB"
    )
    report.timing(
        "open_store_full",
        "opening the full till (TillStore: connect...)",
        open_full,
        f"  small one: {us(open_small['median_us'])}",
    )

    report.line(
        f"-- lookups: {len(sample)} beneficiaries spread over the snapshot, scanned in turn --"
    )
    raw = checks["full_raw"]
    report.timing("raw_select", "raw: SELECT the chunk of a beneficiary", raw)
    for kind in ("paper", "typed"):
        figure = checks[f"full_{kind}"]
        report.timing(
            f"check_{kind}_at_scale",
            f"Till.check({kind} code)",
            figure,
            f"  {ratio(figure, raw)}x raw",
        )
    report.line(
        f"-- the same {len(sample)} in a till holding only them (interleaved with the above) --"
    )
    small_raw = checks["small_raw"]
    report.timing("raw_select_small", "raw: SELECT, small snapshot", small_raw)
    for kind in ("paper", "typed"):
        figure = checks[f"small_{kind}"]
        report.timing(
            f"check_{kind}_small",
            f"Till.check({kind} code), small snapshot",
            figure,
            f"  {ratio(figure, small_raw)}x raw",
        )
    ratios = {
        "paper_over_raw": ratio(checks["full_paper"], raw),
        "typed_over_raw": ratio(checks["full_typed"], raw),
        "paper_full_over_small": ratio(checks["full_paper"], checks["small_paper"]),
        "typed_full_over_small": ratio(checks["full_typed"], checks["small_typed"]),
        "raw_full_over_small": ratio(raw, small_raw),
    }
    report.figures["scale_ratios"] = ratios
    report.line(
        f"{'ratios (medians), full / small snapshot':<46} paper "
        f"{ratios['paper_full_over_small']}x  typed {ratios['typed_full_over_small']}x  "
        f"raw SELECT {ratios['raw_full_over_small']}x"
    )


def _lookups(
    name: str, till: Till, papers: list[str], typed: list[str], pkeys: list[str]
) -> dict[str, Callable[[int], object]]:
    """Till.check of a paper code and of a typed code, and the raw wallet SELECT, on one till."""
    conn = till.store.conn
    n = len(papers)

    def raw(i: int) -> None:
        conn.execute(
            "SELECT lines FROM snapshot_chunks WHERE section = 'b' AND first_key <= ? "
            "ORDER BY first_key DESC LIMIT 1",
            (pkeys[i % n],),
        ).fetchall()

    return {
        f"{name}_raw": raw,
        f"{name}_paper": lambda i: till.check(papers[i % n]),
        f"{name}_typed": lambda i: till.check(typed[i % n]),
    }


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3000, help="runs of each timing, at least 2000 (3000)"
    )
    parser.add_argument(
        "--beneficiaries",
        type=int,
        default=400_000,
        help="beneficiaries in the snapshot of section 2 (default 400000; 0 skips it)",
    )
    parser.add_argument(
        "--distinct", type=int, default=1000, help="beneficiaries scanned in turn (1000)"
    )
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder (disk to test)")
    args = parser.parse_args(argv)
    if args.runs < 2000:
        parser.error("--runs must be at least 2000")
    if args.beneficiaries < 0 or args.distinct < 1:
        parser.error("--beneficiaries must be 0 or more, --distinct positive")
    if 0 < args.beneficiaries < args.distinct:
        parser.error("--beneficiaries must be at least --distinct")

    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()  # inside the 2025-26 season
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    keyring.set_keyring(fail.Keyring())
    report = Report(to_stderr=args.json, label_width=46)
    started = time.perf_counter()
    report.figures["environment"] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cryptography": metadata.version("cryptography"),
        "segno": metadata.version("segno"),
        "platform": platform.platform(),
    }
    env = report.figures["environment"]
    report.line(
        f"bench_codes {env['date']}  nproc={env['nproc']}  Python {env['python']}  "
        f"SQLite {env['sqlite']}  cryptography {env['cryptography']}  segno {env['segno']}"
    )
    bench_parse(args.runs, report)
    if args.beneficiaries:
        with tempfile.TemporaryDirectory(prefix="atouts-bench-codes-", dir=args.dir) as tmp:
            bench_scale(Path(tmp), args.beneficiaries, args.runs, args.distinct, report)
    report.finish(started, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
