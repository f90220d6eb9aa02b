"""One synchronisation round: push the outbox, then pull and apply the signed snapshot.

Push comes first so that the snapshot pulled afterwards already includes this till's accepted
debits. If the round stops anywhere, nothing is lost or counted twice: an upload the server
committed but whose answer was lost is retried and answered "duplicate", and the local balance
view (`TillStore.wallets`) only subtracts entries the current snapshot does not include.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pos_app.domain.model import Transaction, TxnId
from pos_app.domain.snapshot import SnapshotError, read_snapshot
from pos_app.store.till_store import TillStore, UploadResult
from sync.client import RegionClient, RegionResponseInvalid

log = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass(slots=True)
class SyncReport:
    uploaded: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[UploadResult] = field(default_factory=list)
    snapshot_version: int | None = None
    check_ins: int = 0


def transaction_payload(transaction: Transaction) -> dict[str, Any]:
    data = asdict(transaction)
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


def pull_snapshot(store: TillStore, client: RegionClient, now: datetime) -> int:
    signed = client.snapshot()
    device = store.device()
    trusted = dict(device.region_keys) if device else {}
    trusted.update(store.region_keys())
    try:
        snapshot = read_snapshot(signed.body, signed.signature, trusted)
    except SnapshotError as exc:
        log.error("snapshot refused (%s): %s", exc.code, exc.detail)
        raise RegionResponseInvalid(f"snapshot refused: {exc.code}") from exc
    store.apply_snapshot(snapshot, signed.body, now)
    log.info("snapshot v%d applied: %d wallets", snapshot.version, len(snapshot.wallets))
    return snapshot.version


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


def sync_once(store: TillStore, client: RegionClient, now: datetime) -> SyncReport:
    try:
        report = push_outbox(store, client, now)
        report.check_ins = push_check_ins(store, client)
        report.snapshot_version = pull_snapshot(store, client, now)
    except Exception as exc:
        store.log_sync(now, ok=False, detail=f"{type(exc).__name__}: {exc}")
        raise
    store.log_sync(now, ok=True, detail=f"uploaded {report.uploaded}")
    return report
