"""The partner's money at a busy cinema's scale: a season of 100 000 transactions over 10 monthly
batches of the Region, reconciled, exported as CSV, and stated as a PDF with its chart.

Issue 14's targets on this 2-core machine: every period reconciled in under 1 s (raw baseline:
one SQLite GROUP BY of the same rows), the CSV of every row in under 1 s (raw baseline: the same
rows selected and written by `csv.writer`, nothing else), the PDF statement with its chart in
under 3 s, peak RSS under 250 MB.

The till's data folder is built once: the ledger and outbox rows written straight into its
tables (recording 100 000 sales one by one is not what is measured), and the Region's batches
built with the Region's own rule (`pos_app.domain.batches`) — with the mishaps a season brings:
voids, refusals, late uploads, a transaction the Region left out, a short payment. Each figure
is then measured through the services the CLI calls, in this process; the peak RSS is a fresh
child's that does all three once.

    .venv/bin/python bench/bench_money.py [--transactions 100000] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import Report, ratio, summary_us, timed

SCHEME = "atouts-culture-sport-2025-26"
PARIS = ZoneInfo("Europe/Paris")
DEVICE = "D-bench"
MONTHS = [date(2025, 9, 1) + timedelta(days=31 * i) for i in range(10)]  # Sept → June
NOW = "2026-07-20T10:00:00+02:00"


def build(data_dir: Path, count: int, seed: int = 14) -> dict[str, int]:
    """A till with `count` transactions over the ten months and the Region's ten batches."""
    from pos_app.domain.batches import Batch, BatchStatus, RegionTransaction, count_lines
    from pos_app.domain.model import Partner, PartnerId
    from pos_app.domain.periods import month_of
    from pos_app.domain.statements import Statement
    from pos_app.scheme_files import load_schemes
    from pos_app.store.till_store import Device, TillStore

    rng = random.Random(seed)
    scheme = load_schemes()[SCHEME]
    store = TillStore(data_dir)
    partner = Partner(
        PartnerId("P-CINE-LUX"),
        "Cinéma Lux (Caen)",
        "cinema",
        frozenset({"cinema", "spectacle"}),
        "NOR",
        "90112233300015",
        "6 avenue Sainte-Thérèse, 14000 Caen",
    )
    store.save_device(Device("http://127.0.0.1:1", DEVICE, partner, {}, NOW))
    ledger, outbox, region = [], [], []
    sales: list[tuple[str, datetime, int]] = []
    for i in range(count):
        month = MONTHS[i * len(MONTHS) // count]
        month_end = month_of(month).end
        day = month + timedelta(days=rng.randrange((month_end - month).days + 1))
        when = datetime(day.year, day.month, day.day, rng.randrange(10, 23),
                        rng.randrange(60), tzinfo=PARIS)  # fmt: skip
        txn_id = str(uuid.UUID(int=rng.getrandbits(128)))
        amount = rng.randrange(400, 2001, 50)
        price = amount + rng.choice((0, 0, 0, 250, 500))
        voided = sales and rng.random() < 0.02
        if voided:
            original_id, original_when, original_amount = sales.pop(rng.randrange(len(sales)))
            when = max(when, original_when + timedelta(minutes=5))
            ledger.append((txn_id, "void", when.isoformat(), original_amount, original_amount,
                           0, "cinema", original_id))  # fmt: skip
            region.append(RegionTransaction(txn_id, DEVICE, "void", when, original_amount,
                                            SCHEME, True, voids=original_id))  # fmt: skip
            state, reason = "accepted", ""
        else:
            refused = rng.random() < 0.01
            state, reason = ("rejected", "insufficient_balance") if refused else ("accepted", "")
            ledger.append((txn_id, "debit", when.isoformat(), amount, price, price - amount,
                           "place_cinema", None))  # fmt: skip
            region.append(RegionTransaction(txn_id, DEVICE, "debit", when, amount, SCHEME,
                                            not refused, reason))  # fmt: skip
            sales.append((txn_id, when, amount))
        late = rng.random() < 0.003  # reached the Region days later: a later batch counts it
        accepted_at = when + (timedelta(days=rng.randrange(40, 60)) if late else timedelta(0))
        outbox.append((txn_id, state, reason, accepted_at.isoformat()))
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO ledger (txn_id, kind, created_at, partner_id, beneficiary, scheme_id, "
        "category_id, item_kind, amount_cents, price_cents, complement_cents, holder_name, "
        "operator, voids) VALUES (?, ?, ?, 'P-CINE-LUX', 'pk', ?, 'cinema', ?, ?, ?, ?, "
        "'Camille Martin', 'Noé', ?)",
        (
            (t, kind, at, SCHEME, item, amount, price, rest, voids)
            for t, kind, at, amount, price, rest, item, voids in ledger
        ),
    )
    conn.executemany(
        "INSERT INTO outbox (txn_id, state, reason, updated_at) VALUES (?, ?, ?, ?)", outbox
    )
    conn.execute("COMMIT")
    accepted_at = {t: datetime.fromisoformat(at) for t, _, _, at in outbox}
    batches, counted_before, pending = [], {}, list(region)
    for index, month in enumerate(MONTHS):
        period = month_of(month)
        counted_on = period.end + timedelta(days=1)
        taken = [
            t for t in pending
            if t.created_at.astimezone(PARIS).date() <= period.end
            and accepted_at[t.txn_id].astimezone(PARIS).date() < counted_on
        ]  # fmt: skip
        taken_ids = {t.txn_id for t in taken}
        pending = [t for t in pending if t.txn_id not in taken_ids]
        if index == 3:  # the Region leaves one accepted sale of December out of its batch
            left_out = next(
                t for t in taken
                if t.kind == "debit" and t.accepted and period.contains(t.created_at.date())
            )  # fmt: skip
            taken = [t for t in taken if t is not left_out]
        lines = count_lines(scheme, taken, counted_before)
        counted_before.update({line.txn_id: line.amount_cents for line in lines if line.counted})
        total = sum(line.amount_cents for line in lines if line.counted)
        batches.append(
            (
                Batch(
                    id=f"B-LUX-{period.key}",
                    scheme_id=SCHEME,
                    period=period,
                    lines=lines,
                    status=BatchStatus.PAID,
                    counted_on=counted_on,
                    due_by=counted_on + timedelta(days=15),
                    ordered_on=counted_on,
                    paid_on=counted_on + timedelta(days=9),
                    paid_cents=total - (1250 if index == 6 else 0),  # March paid short
                    transfer_ref=f"VIR-{period.key}-LUX",
                ),
                1 + index,
            )
        )
    store.statements.apply(
        Statement("P-CINE-LUX", DEVICE, len(batches), datetime.fromisoformat(NOW), tuple(batches)),
        datetime.fromisoformat(NOW),
    )
    store.close()
    return {"transactions": len(ledger), "batches": len(batches)}


def raw_group_by(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / "till.sqlite3")
    conn.execute(
        "SELECT substr(created_at, 1, 7), kind, o.state, sum(amount_cents), count(*) "
        "FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id GROUP BY 1, 2, 3"
    ).fetchall()
    conn.close()


def raw_csv(data_dir: Path, target: Path) -> None:
    conn = sqlite3.connect(data_dir / "till.sqlite3")
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerows(conn.execute("SELECT * FROM ledger ORDER BY seq"))
    target.write_bytes(text.getvalue().encode("utf-8-sig"))
    conn.close()


def measure_reconcile(till, service, data_dir: Path, runs: int, report) -> None:
    """The raw baseline, then `periods()` with nothing kept (cold), with nothing changed, and
    right after each kind of change (the change itself not timed, finding what it touched is).
    The first run of each is compared with a reconciliation of everything from scratch."""
    from pos_app.domain.reconciliation import reconcile

    def scratch() -> list:
        facts = service.facts()
        return reconcile(till.schemes, facts.lines, facts.batches, device_id=facts.device_id,
                         today=facts.today)  # fmt: skip

    def subject(change, label: str) -> dict[str, float]:
        samples, again = [], []
        for run in range(runs):
            change(run)
            samples.append(timed(service.periods))
            again.append(service.checked_again)
            if run == 0:
                got = [view.check for view in service.periods()]
                if got != scratch():
                    raise SystemExit(f"{label}: the kept checks differ from a fresh reconcile")
        report.figures[f"{label}_checked_again"] = again
        return summary_us(samples)

    rng = random.Random(7)
    june = datetime(2026, 6, 30, 18, 0, tzinfo=PARIS)

    def new_sale(run: int) -> None:
        till.store.record(sale(rng, june + timedelta(minutes=run)))

    def upload_answer(run: int) -> None:
        from pos_app.store.till_store import UploadResult

        txn_id = sale(rng, june + timedelta(minutes=30 + run))
        till.store.record(txn_id)
        service.periods()  # the sale is kept pending; its upload's answer is the change
        result = UploadResult(txn_id.id, "accepted", 10_000 + run, "")
        till.store.mark_uploaded([result], datetime.fromisoformat(NOW))

    stored = {batch.id: batch for batch in till.store.statements.batches(till.schemes)}
    revision = [len(stored) + 1]

    def revise(batch, lines=None) -> None:
        from dataclasses import replace

        from pos_app.domain.statements import Statement

        changed = replace(batch, lines=batch.lines if lines is None else lines)
        revision[0] += 1
        at = datetime.fromisoformat(NOW)
        statement = Statement("P-CINE-LUX", DEVICE, revision[0], at, ((changed, revision[0]),))
        till.store.statements.apply(statement, at)

    def lines_revised(run: int) -> None:
        # The Region corrects June's batch: one line less on even runs, back on odd ones.
        june_batch = stored["B-LUX-2026-06"]
        revise(june_batch, june_batch.lines[1:] if run % 2 == 0 else june_batch.lines)

    def payment_revised(run: int) -> None:
        march = stored["B-LUX-2026-03"]
        revise(march)  # the same lines, a new revision

    def forget(_: int) -> None:
        till.store.period_checks.forget()

    base = summary_us([timed(lambda: raw_group_by(data_dir)) for _ in range(runs)])
    report.timing("raw_group_by", "raw: one SQLite GROUP BY of the rows", base)
    rows = [
        ("reconcile_cold", "reconcile every period, nothing kept (cold)", forget),
        ("reconcile_unchanged", "reconcile, nothing changed", lambda _: None),
        ("reconcile_after_sale", "reconcile after one new sale (June)", new_sale),
        ("reconcile_after_upload", "reconcile after one upload's answer", upload_answer),
        ("reconcile_after_lines", "reconcile after a revision of June's lines", lines_revised),
        ("reconcile_after_payment", "reconcile after a revision, payment only", payment_revised),
    ]
    for key, label, change in rows:
        figure = subject(change, key)
        again = report.figures[f"{key}_checked_again"]
        shown = "all" if again[0] is None else "/".join(str(n) for n in again)
        report.timing(key, label, figure, f"  ×{ratio(figure, base)}  (checked again: {shown})")
    base_after = summary_us([timed(lambda: raw_group_by(data_dir)) for _ in range(runs)])
    report.timing("raw_group_by_after", "raw: the same GROUP BY, measured again", base_after)


def sale(rng: random.Random, when: datetime):
    from pos_app.domain.model import BeneficiaryKey, Cents, PartnerId, Transaction, TxnId, TxnKind

    amount = rng.randrange(400, 2001, 50)
    return Transaction(
        id=TxnId(str(uuid.UUID(int=rng.getrandbits(128)))),
        kind=TxnKind.DEBIT,
        created_at=when,
        partner_id=PartnerId("P-CINE-LUX"),
        beneficiary=BeneficiaryKey("pk"),
        scheme_id=SCHEME,
        category_id="cinema",
        item_kind="place_cinema",
        amount_cents=Cents(amount),
        price_cents=Cents(amount),
        complement_cents=Cents(0),
        holder_name="Camille Martin",
        operator="Noé",
    )


def measure_child(data_dir: Path, out: Path) -> dict[str, float]:
    """Reconcile, export the CSV and write the PDF once in a fresh process: its peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "from pathlib import Path\n"
        "from pos_app.services import Till\n"
        "from pos_app.back_office.reimbursements import Reimbursements\n"
        "from pos_app.back_office.exports import export_csv\n"
        "from pos_app.back_office.statement_pdf import write_statement_pdf\n"
        f"with Till(Path({str(data_dir)!r})) as till:\n"
        "    Reimbursements(till).periods()\n"
        f"    export_csv(till, Path({str(out / 'child.csv')!r}))\n"
        f"    write_statement_pdf(till, Path({str(out / 'child.pdf')!r}))\n"
        # VmHWM, not ru_maxrss: Linux carries the parent's peak over to an exec'd child.
        "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(json.dumps({'maxrss_mb': int(hwm.split()[1]) / 1024}))\n"
    )
    env = {**os.environ, "ATOUTS_POS_NOW": NOW}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["ATOUTS_POS_NOW"] = NOW
    started = time.perf_counter()
    report = Report(to_stderr=args.json, label_width=48)
    from pos_app.back_office.exports import export_csv
    from pos_app.back_office.reimbursements import Reimbursements
    from pos_app.back_office.statement_pdf import write_statement_pdf
    from pos_app.domain.reconciliation import PeriodState
    from pos_app.services import Till

    with tempfile.TemporaryDirectory(prefix="atouts-money-") as tmp:
        data_dir, out = Path(tmp) / "till", Path(tmp) / "out"
        data_dir.mkdir()
        out.mkdir()
        built = build(data_dir, args.transactions)
        report.line(
            f"{built['transactions']} transactions, {built['batches']} monthly batches "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        report.figures["data"] = built
        with Till(data_dir) as till:
            service = Reimbursements(till)
            views = service.periods()  # warm-up, and the check that the mishaps show
            states = {view.key: view.check.state.value for view in views}
            wrong = [k for k, v in states.items() if v == PeriodState.WRONG.value]
            report.line(f"periods: {len(views)}; wrong: {', '.join(wrong) or 'none'}")
            report.figures["wrong_periods"] = wrong
            measure_reconcile(till, service, data_dir, args.runs, report)
            target = out / "raw.csv"
            base_csv = summary_us(
                [timed(lambda: raw_csv(data_dir, target)) for _ in range(args.runs)]
            )
            exp = summary_us(
                [timed(lambda: export_csv(till, out / "all.csv")) for _ in range(args.runs)]
            )
            report.timing("raw_csv", "raw: SELECT * and csv.writer", base_csv)
            report.timing("export_csv", "CSV of every row", exp, f"  ×{ratio(exp, base_csv)}")
            pdf = summary_us(
                [timed(lambda: write_statement_pdf(till, out / "s.pdf")) for _ in range(args.runs)]
            )
            report.timing("statement_pdf", "PDF statement with its chart", pdf)
        child = measure_child(data_dir, out)
        report.figures["child_maxrss_mb"] = round(child["maxrss_mb"], 1)
        report.line(f"peak RSS of a fresh process doing all three: {child['maxrss_mb']:.1f} MB")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report.line(f"(this process, with the generator: {own:.1f} MB)")
    report.finish(started, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
