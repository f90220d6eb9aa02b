"""The Region's reimbursement statement as it travels: signed JSON, read strictly.

`GET /v1/reimbursements?since=N` answers `{"statement": {...}, "key_id": "...", "signature":
"..."}`; the signature is Ed25519 over `canonical_json(statement)` with a Region key the till
already trusts (the snapshot's). A statement lists the partner's batches whose `revision` is
above N, each whole; `version` is the highest revision in the Region, which the till sends back
as `since` next time. Applying the same statement twice changes nothing; a batch is only ever
replaced by a higher revision of itself (counted → payment ordered → paid).

The Region writes it with `statement_to_json` and signs it; the till verifies it with
`read_statement`, which refuses any statement it cannot fully trust (bad signature, unknown key,
another partner's or another till's, a period that does not exist, a line of this till the till
never made is checked by the caller, who has the ledger).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pos_app.domain.batches import Batch, BatchLine, BatchStatus
from pos_app.domain.credentials import RegionKey
from pos_app.domain.periods import PeriodError, parse_period
from pos_app.domain.schemes import Scheme
from pos_app.domain.signing import b64url, canonical_json, unb64url, verify

STATEMENT_FORMAT = 1


class StatementError(ValueError):
    """A statement the till must not believe; `code` is stable, the message French."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Statement:
    partner_id: str
    device_id: str
    version: int
    generated_at: datetime
    batches: tuple[tuple[Batch, int], ...]
    """Each batch with its revision."""


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def batch_to_json(batch: Batch, revision: int) -> dict[str, Any]:
    return {
        "id": batch.id,
        "revision": revision,
        "scheme_id": batch.scheme_id,
        "period": {
            "key": batch.period.key,
            "start": batch.period.start.isoformat(),
            "end": batch.period.end.isoformat(),
        },
        "status": batch.status.value,
        "counted_on": batch.counted_on.isoformat(),
        "due_by": _day(batch.due_by),
        "ordered_on": _day(batch.ordered_on),
        "paid_on": _day(batch.paid_on),
        "paid_cents": batch.paid_cents,
        "transfer_ref": batch.transfer_ref,
        "counted_cents": batch.counted_cents,
        "rejected_cents": batch.rejected_cents,
        "lines": [
            {
                "txn_id": line.txn_id,
                "device_id": line.device_id,
                "kind": line.kind,
                "created_at": line.created_at.isoformat(),
                "amount_cents": line.amount_cents,
                "counted": line.counted,
                "reason": line.reason,
                "origin": line.origin,
            }
            for line in batch.lines
        ],
    }


def statement_to_json(
    partner_id: str,
    device_id: str,
    version: int,
    generated_at: datetime,
    batches: Iterable[tuple[Batch, int]],
) -> dict[str, Any]:
    return {
        "format": STATEMENT_FORMAT,
        "partner_id": partner_id,
        "device_id": device_id,
        "version": version,
        "generated_at": generated_at.isoformat(),
        "batches": [batch_to_json(batch, revision) for batch, revision in batches],
    }


def signed(statement: dict[str, Any], kid: str, signature: bytes) -> dict[str, Any]:
    return {"statement": statement, "key_id": kid, "signature": b64url(signature)}


def read_statement(
    body: Mapping[str, Any],
    trusted_keys: Mapping[str, RegionKey],
    schemes: Mapping[str, Scheme],
    *,
    partner_id: str,
    device_id: str,
) -> Statement:
    """The statement, verified and parsed, or `StatementError` (nothing of it is to be kept)."""
    try:
        data = body["statement"]
        kid = str(body["key_id"])
        signature = unb64url(str(body["signature"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise StatementError("statement_malformed", "Relevé de la Région illisible.") from exc
    key = trusted_keys.get(kid)
    if key is None or key.retired or not verify(key.public_key, signature, canonical_json(data)):
        raise StatementError(
            "statement_signature",
            "Relevé de remboursement refusé : sa signature n'est pas celle de la Région.",
        )
    try:
        if data["format"] != STATEMENT_FORMAT:
            raise ValueError(f"format {data['format']!r}")
        statement = Statement(
            partner_id=str(data["partner_id"]),
            device_id=str(data["device_id"]),
            version=_count(data["version"]),
            generated_at=_instant(data["generated_at"]),
            batches=tuple(batch_from_json(item, schemes) for item in data["batches"]),
        )
    except PeriodError as exc:
        raise StatementError(
            "statement_period", f"Relevé de remboursement refusé : {exc}."
        ) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise StatementError(
            "statement_malformed", f"Relevé de remboursement illisible ({exc})."
        ) from exc
    if (statement.partner_id, statement.device_id) != (partner_id, device_id):
        raise StatementError(
            "statement_wrong_till", "Relevé de remboursement refusé : il est d'une autre caisse."
        )
    return statement


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number ≥ 0, got {value!r}")
    return value


def _cents(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**11:
        raise ValueError(f"expected an amount in cents, got {value!r}")
    return value


def _instant(value: Any) -> datetime:
    instant = datetime.fromisoformat(str(value))
    if instant.tzinfo is None:
        raise ValueError(f"instant without a time zone: {value!r}")
    return instant


def _optional_day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def batch_from_json(
    item: Mapping[str, Any], schemes: Mapping[str, Scheme], *, checked: bool = False
) -> tuple[Batch, int]:
    """One batch of a statement, checked field by field (raises ValueError); `checked=True`
    for a batch the till stored after checking it: its lines are read without the checks
    (a season is 100 000 lines, read at every question)."""
    scheme = schemes.get(str(item["scheme_id"]))
    if scheme is None:
        raise PeriodError(f"dispositif inconnu {item['scheme_id']!r}")
    period_data = item["period"]
    start = date.fromisoformat(str(period_data["start"]))
    period = parse_period(scheme.reimbursement, str(period_data["key"]), handed_in=start)
    if (period.start.isoformat(), period.end.isoformat()) != (
        str(period_data["start"]),
        str(period_data["end"]),
    ):
        raise PeriodError(f"dates de la période {period.key} incohérentes")
    lines = (
        _stored_lines(item["lines"])
        if checked
        else tuple(
            BatchLine(
                txn_id=str(line["txn_id"]),
                device_id=str(line["device_id"]),
                kind=_kind(line["kind"]),
                created_at=_instant(line["created_at"]),
                amount_cents=_cents(line["amount_cents"]),
                counted=_flag(line["counted"]),
                reason=str(line["reason"]),
                origin=str(line["origin"]),
            )
            for line in item["lines"]
        )
    )
    paid_cents = item["paid_cents"]
    batch = Batch(
        id=str(item["id"]),
        scheme_id=scheme.id,
        period=period,
        lines=lines,
        status=BatchStatus(item["status"]),
        counted_on=date.fromisoformat(str(item["counted_on"])),
        due_by=_optional_day(item["due_by"]),
        ordered_on=_optional_day(item["ordered_on"]),
        paid_on=_optional_day(item["paid_on"]),
        paid_cents=None if paid_cents is None else _cents(paid_cents),
        transfer_ref=str(item["transfer_ref"]),
    )
    if batch.status is BatchStatus.PAID and (batch.paid_on is None or batch.paid_cents is None):
        raise ValueError(f"batch {batch.id} paid without a date or an amount")
    if not checked and (item["counted_cents"], item["rejected_cents"]) != (
        batch.counted_cents,
        batch.rejected_cents,
    ):
        raise ValueError(f"batch {batch.id}: its totals are not the sum of its lines")
    return batch, _count(item["revision"])


def _stored_lines(lines: list[dict[str, Any]]) -> tuple[BatchLine, ...]:
    parse = datetime.fromisoformat
    return tuple(
        BatchLine(
            line["txn_id"],
            line["device_id"],
            line["kind"],
            parse(line["created_at"]),
            line["amount_cents"],
            line["counted"],
            line["reason"],
            line["origin"],
        )
        for line in lines
    )


def _kind(value: Any) -> str:
    if value not in ("debit", "void"):
        raise ValueError(f"unknown transaction kind {value!r}")
    return str(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value
