"""The JSON of the local API's answers: the command line's `--json` objects (docs/cli.md), key
for key, built with the command line's own functions where it has them. `tests/test_local_api.py`
compares them with `atouts-pos … --json` on the same till."""

from __future__ import annotations

from typing import Any

from pos_app.cli import (
    NOT_ENROLLED,
    _balance_left,
    _benefit_label,
    _close_json,
    _state_label,
    transaction_json,
    verdict_json,
)
from pos_app.domain.conflicts import conflict_message
from pos_app.domain.model import Transaction, Verdict
from pos_app.services import LedgerEntry, Till, TillStatus

__all__ = [
    "charge_json",
    "close_json",
    "history_json",
    "receipt_json",
    "status_json",
    "verdict_json",
    "void_json",
]


def charge_json(till: Till, payload: str, transaction: Transaction) -> dict[str, Any]:
    """`atouts-pos charge --json`."""
    return {
        "ok": True,
        "transaction": transaction_json(transaction),
        "reference": transaction.id[:8],
        "benefit": _benefit_label(till, transaction),
        "balance_left_cents": _balance_left(till, payload, transaction),
        "receipt": till.receipt(transaction.id),
    }


def void_json(transaction: Transaction) -> dict[str, Any]:
    """`atouts-pos void --json`."""
    return {"ok": True, "transaction": transaction_json(transaction), "voids": transaction.voids}


def receipt_json(till: Till, txn_id: str) -> dict[str, Any]:
    """The receipt's lines, as `charge` gives them (`receipt`)."""
    return {
        "ok": True,
        "transaction": txn_id,
        "reference": txn_id[:8],
        "receipt": till.receipt(txn_id),
    }


def status_json(status: TillStatus) -> dict[str, Any]:
    """`atouts-pos status --json`."""
    data: dict[str, Any] = {
        "ok": status.enrolled,
        "enrolled": status.enrolled,
        "partner": status.partner.name if status.partner else None,
        "server_url": status.server_url,
        "device_id": status.device_id,
        "pending": status.pending,
        "last_sync": status.last_sync.isoformat() if status.last_sync else None,
        "snapshot_version": status.snapshot_version,
        "wallets_known": status.wallet_count,
        "token_location": status.token_location,
        "warnings": list(status.warnings),
    }
    if not status.enrolled:
        data.update(error="not_enrolled", message=NOT_ENROLLED)
    return data


def history_json(till: Till, entries: list[LedgerEntry]) -> dict[str, Any]:
    """`atouts-pos history --json`."""
    rows = []
    for e in entries:
        t = e.transaction
        is_void = t.kind.value == "void"
        rows.append(
            {
                **transaction_json(t),
                "reference": t.id[:8],
                "benefit": _benefit_label(till, t),
                "signed_amount_cents": -t.amount_cents if is_void else t.amount_cents,
                "sync_state": e.state,
                "sync_state_label": _state_label(e),
                "server_reason": e.server_reason,
                "server_reason_text": (
                    str(conflict_message(e.server_reason, t.amount_cents))
                    if e.state == "rejected"
                    else ""
                ),
                "voided_by": e.voided_by,
            }
        )
    counted = [r for r in rows if r["sync_state"] != "rejected"]
    totals = {
        "sales": sum(1 for r in counted if r["kind"] != "void"),
        "voids": sum(1 for r in counted if r["kind"] == "void"),
        "benefit_cents": sum(r["signed_amount_cents"] for r in counted),
        "price_cents": sum(
            -r["price_cents"] if r["kind"] == "void" else r["price_cents"] for r in counted
        ),
        "complement_cents": sum(
            -r["complement_cents"] if r["kind"] == "void" else r["complement_cents"]
            for r in counted
        ),
        "rejected": len(rows) - len(counted),
    }
    return {"ok": True, "transactions": rows, "totals": totals}


def close_json(made: Any) -> dict[str, Any]:
    """`atouts-pos close --json` (a close made now: never provisional)."""
    return {"ok": True, "closes": [{**_close_json(c), "provisional": False} for c in made]}


def check_json(verdict: Verdict) -> dict[str, Any]:
    """`atouts-pos check --json`."""
    return verdict_json(verdict)
