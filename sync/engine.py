"""One synchronisation round: push the outbox, then pull and apply the signed snapshot.

Push comes first so that the snapshot pulled afterwards already includes this till's accepted
debits. If the round stops anywhere, nothing is lost or counted twice: an upload the server
committed but whose answer was lost is retried and answered "duplicate", and the local balance
view (`TillStore.wallets`) only subtracts entries the current snapshot does not include.
"""

from __future__ import annotations

import contextlib
import errno
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, BinaryIO

from pos_app.domain.claims import LineStatus, read_acknowledgements
from pos_app.domain.model import Transaction, TxnId
from pos_app.domain.reconciliation import foreign_lines
from pos_app.domain.schemes import Scheme
from pos_app.domain.snapshot import (
    DELTA,
    SnapshotError,
    SnapshotHeader,
    read_header,
    record_blocks,
)
from pos_app.domain.statements import StatementError, read_statement
from pos_app.domain.text import Text
from pos_app.store.db import StoreError
from pos_app.store.snapshot_store import SnapshotTampered
from pos_app.store.till_store import TillStore, UploadResult
from sync.client import RegionClient, RegionRefused, RegionResponseInvalid

log = logging.getLogger(__name__)

BATCH_SIZE = 500
CHUNK_BYTES = 8192
"""Bytes of records per stored chunk: what a scan reads and checks to find one beneficiary."""
VERIFY_READ = 1 << 20
DOWNLOAD_NAME = "snapshot.download"
"""The snapshot being received, in the till's data folder; deleted once applied or refused."""

Progress = Callable[[str, int, int], None]
"""Called with (stage: `download` in bytes or `apply` in records, done, total — 0 if unknown)."""


@dataclass(slots=True)
class SyncReport:
    uploaded: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[UploadResult] = field(default_factory=list)
    snapshot_version: int | None = None
    check_ins: int = 0
    statements: int = 0
    """Reimbursement batches that changed."""
    statement_error: str = ""
    """French: why the Region's statement was refused this round (the previous one is kept)."""
    claims: int = 0
    """NUMÉRISAK deposit slips the Region acknowledged this round."""
    claim_errors: list[str] = field(default_factory=list)
    """French: why a slip did not go or was refused (the others went all the same)."""


_TRANSACTION_FIELDS = tuple(f.name for f in fields(Transaction))


def transaction_payload(transaction: Transaction) -> dict[str, Any]:
    # The fields are all scalars: a shallow copy, not `asdict`'s recursive deep copy, which
    # took a quarter of a 10 000-transaction sync.
    data = {name: getattr(transaction, name) for name in _TRANSACTION_FIELDS}
    data["kind"] = transaction.kind.value
    data["created_at"] = transaction.created_at.isoformat()
    data.pop("holder_name")  # the Region knows who it is; no identity travels back
    data.pop("serial")
    return data


def push_outbox(store: TillStore, client: RegionClient, now: datetime) -> SyncReport:
    report = SyncReport()
    while batch := store.pending_upload(BATCH_SIZE):
        answers = client.upload([transaction_payload(t) for t in batch])
        expected = {t.id for t in batch}
        results = []
        for answer in answers:
            if answer.get("id") not in expected or answer.get("status") not in (
                "accepted",
                "duplicate",
                "rejected",
            ):
                raise RegionResponseInvalid(f"unexpected upload result {answer!r}")
            results.append(
                UploadResult(
                    txn_id=TxnId(answer["id"]),
                    status=answer["status"],
                    server_seq=answer.get("server_seq"),
                    reason=answer.get("reason") or "",
                )
            )
        store.mark_uploaded(results, now)
        report.uploaded += len(results)
        report.accepted += sum(r.status == "accepted" for r in results)
        report.duplicates += sum(r.status == "duplicate" for r in results)
        report.rejected += [r for r in results if r.status == "rejected"]
        for rejected in (r for r in results if r.status == "rejected"):
            log.warning("Region rejected %s: %s", rejected.txn_id, rejected.reason)
    return report


def pull_snapshot(
    store: TillStore, client: RegionClient, now: datetime, progress: Progress | None = None
) -> int:
    """Download to a file, verify the signature and the records' digest, then apply in one
    transaction. A delta is asked for when the local snapshot is intact; if the Region's
    delta does not fit what the till holds, a full snapshot follows at once."""
    since = store.snapshots.version_to_ask()
    try:
        header = _download_and_apply(store, client, now, since, progress)
    except _DeltaMismatch as exc:
        log.warning("%s: asking for a full snapshot", exc)
        header = _download_and_apply(store, client, now, 0, progress)
    log.info(
        "snapshot v%d applied (%s, %d beneficiaries)", header.version, header.kind,
        header.beneficiaries,
    )  # fmt: skip
    return header.version


class _DeltaMismatch(Exception):
    pass


def _download_and_apply(
    store: TillStore, client: RegionClient, now: datetime, since: int, progress: Progress | None
) -> SnapshotHeader:
    part = store.data_dir / DOWNLOAD_NAME
    try:
        with part.open("w+b") as file:
            client.download_snapshot(
                file, since, progress and (lambda done, total: progress("download", done, total))
            )
            file.seek(0)
            header = _verified_header(store, file)
            if header.kind == DELTA and (since == 0 or header.base_version != since):
                raise _DeltaMismatch(f"delta on version {header.base_version}, till on {since}")
            store.apply_snapshot(
                header,
                record_blocks(header, iter(lambda: file.read(CHUNK_BYTES), b"")),
                now,
                progress and (lambda done, total: progress("apply", done, total)),
            )
    except SnapshotError as exc:
        log.error("snapshot refused (%s): %s", exc.code, exc.detail)
        raise RegionResponseInvalid(f"snapshot refused: {exc.code}") from exc
    except OSError as exc:
        log.error("snapshot download could not be written to %s: %s", part, exc)
        raise StoreError(
            "disk_full" if exc.errno == errno.ENOSPC else "disk_error",
            Text(
                "Le disque de la caisse est plein ou inaccessible : les données de la Région "
                "n'ont pas été mises à jour (les ventes enregistrées ne sont pas touchées)."
            ),
        ) from exc
    finally:
        part.unlink(missing_ok=True)
    return header


def _verified_header(store: TillStore, file: BinaryIO) -> SnapshotHeader:
    """The signed header, after a first pass proves the records match it: nothing unverified
    reaches the database."""
    device = store.device()
    trusted = dict(device.region_keys) if device else {}
    # A modified snapshot's keys are not trusted either: the enrollment's must vouch.
    with contextlib.suppress(SnapshotTampered):
        trusted.update(store.region_keys())
    header = read_header(file.readline(), file.readline(), trusted)
    start = file.tell()
    for _ in record_blocks(header, iter(lambda: file.read(VERIFY_READ), b"")):
        pass
    file.seek(start)
    return header


def push_check_ins(store: TillStore, client: RegionClient) -> int:
    """Bon plan attendance: a check-in the Region already has is answered as such, so a
    retried upload never counts anyone twice."""
    pending = store.pending_check_ins()
    if not pending:
        return 0
    answers = client.upload_check_ins(
        [{"bon_plan_id": plan, "beneficiary": who, "at": at} for plan, who, at in pending]
    )
    done = []
    for (plan, who, _), answer in zip(pending, answers, strict=True):
        if answer.get("status") not in ("accepted", "duplicate", "rejected"):
            raise RegionResponseInvalid(f"unexpected check-in result {answer!r}")
        if answer["status"] == "rejected":
            log.warning("Region refused the check-in of %s at %s: %s", who, plan,
                        answer.get("reason"))  # fmt: skip
        done.append((plan, who))
    store.mark_check_ins_sent(done)
    return len(done)


def push_claims(store: TillStore, client: RegionClient, now: datetime) -> tuple[int, list[str]]:
    """Send the NUMÉRISAK deposit slips the Region has not answered, oldest first, and keep its
    acknowledgement of each voucher. A slip goes once all its sales have been uploaded (the
    outbox goes first in a round). A slip the Region refuses does not stop the next ones; an
    answer lost on the way is asked again next round and is the same (`deposit_id` is the
    Region's idempotency key)."""
    acknowledged, problems = 0, []
    for slip in store.claims.waiting():
        if any(line.sale.region_state == "pending" for line in slip.lines):
            continue
        try:
            answer = client.claim(
                slip.deposit_id, slip.handed_in, [line.sale.txn_id for line in slip.lines]
            )
        except RegionRefused as exc:
            if exc.status in (401, 403):  # the device itself: the whole round stops
                raise
            message = Text(
                "Bordereau {deposit} refusé par la Région : {why}",
                deposit=slip.deposit_id,
                why=exc.message,
            )
            if exc.code == "claim_conflict":
                store.claims.refuse(slip.number, exc.code, message, now)
            else:  # a date the Region finds in the future, a Region without deposits yet...
                store.claims.note_failure(slip.number, message)
            log.warning("deposit slip %s refused: %s", slip.deposit_id, exc)
            problems.append(message)
            continue
        try:
            batch_ids, acks = read_acknowledgements(answer, slip)
        except ValueError as exc:
            raise RegionResponseInvalid(f"claim answer unusable: {exc}") from exc
        store.claims.acknowledge(slip.number, batch_ids, acks, now)
        log.info(
            "deposit slip %s acknowledged: %d accepted of %d",
            slip.deposit_id, sum(s is LineStatus.ACCEPTED for s, _ in acks.values()), len(acks),
        )  # fmt: skip
        acknowledged += 1
    return acknowledged, problems


def pull_statements(
    store: TillStore, client: RegionClient, schemes: Mapping[str, Scheme], now: datetime
) -> int:
    """Fetch the reimbursement batches changed since the last statement and keep them, whole
    or not at all. A statement that cannot be trusted (`StatementError`) is not kept: not its
    batches, nor its version, so the next round asks again from where the till was."""
    device = store.device()
    if device is None:
        return 0
    try:
        body = client.reimbursements(store.statements.version())
    except RegionRefused as exc:
        if exc.status == 404:  # a Region that does not publish statements (yet)
            log.info("the Region publishes no reimbursement statement (404)")
            return 0
        raise
    statement = read_statement(
        body, store.region_keys(), schemes, partner_id=device.partner.id, device_id=device.device_id
    )
    foreign = foreign_lines(
        [batch for batch, _ in statement.batches], device.device_id, store.statements.ledger_ids()
    )
    if foreign:
        raise StatementError(
            "statement_foreign_lines",
            Text(
                "Relevé de remboursement refusé : il attribue à cette caisse {count} "
                "transaction(s) qu'elle n'a jamais enregistrée(s) (par exemple {example}).",
                count=len(foreign),
                example=foreign[0].txn_id,
            ),
        )
    return store.statements.apply(statement, now)


def sync_once(
    store: TillStore,
    client: RegionClient,
    now: datetime,
    progress: Progress | None = None,
    schemes: Mapping[str, Scheme] | None = None,
) -> SyncReport:
    try:
        report = push_outbox(store, client, now)
        report.check_ins = push_check_ins(store, client)
        report.claims, report.claim_errors = push_claims(store, client, now)
        report.snapshot_version = pull_snapshot(store, client, now, progress)
        if schemes is not None:
            try:
                report.statements = pull_statements(store, client, schemes, now)
            except StatementError as exc:
                log.error("reimbursement statement refused: %s (%s)", exc.message, exc.code)
                report.statement_error = exc.message
    except Exception as exc:
        store.log_sync(now, ok=False, detail=f"{type(exc).__name__}: {exc}")
        raise
    store.log_sync(now, ok=True, detail=f"uploaded {report.uploaded}")
    return report
