"""The Region's signed snapshot: what a till may know to decide offline.

The signature covers the body bytes exactly as sent, so the till verifies before it parses and
never re-encodes a large document. The body holds pseudonymous keys and balances only, scoped to
the partner's accreditations: no name, no birth date.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pos_app.domain.bons_plans import BonPlan
from pos_app.domain.credentials import RegionKey
from pos_app.domain.model import BeneficiaryKey, Partner, PartnerId, Policy
from pos_app.domain.money import Cents
from pos_app.domain.signing import b64url, unb64url, verify

SNAPSHOT_FORMAT = 1


class SnapshotError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class WalletRow:
    beneficiary: BeneficiaryKey
    scheme_id: str
    category_id: str
    balance_cents: Cents
    granted_cents: Cents
    units: int


@dataclass(frozen=True, slots=True)
class BonPlanList:
    plan: BonPlan
    attended: frozenset[BeneficiaryKey]
    """Check-ins the Region already received (from any of the partner's tills)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    server_seq: int
    """Highest Region ledger sequence included in these balances."""
    generated_at: datetime
    partner: Partner
    policy: Policy
    keys: Mapping[str, RegionKey]
    """The Region's current and next keys (and retired ones, refused), by key id."""
    wallets: tuple[WalletRow, ...]
    salt: bytes = b""
    """Key of the hashes below: serials and typed codes never travel in clear."""
    revoked_serials: Mapping[str, str] = field(default_factory=dict)
    """Supports the Region withdrew: keyed hash of the serial → `lost`, `stolen`, `replaced`."""
    suspended: frozenset[BeneficiaryKey] = frozenset()
    """Beneficiaries whose rights the Region suspended."""
    closed_coupons: frozenset[str] = frozenset()
    """Keyed hashes of this partner's coupons the Region closed (used or cancelled)."""
    used_vouchers: frozenset[str] = frozenset()
    """Keyed hashes of the paper vouchers the Region saw used (at any partner)."""
    bons_plans: tuple[BonPlanList, ...] = ()
    """This partner's bons plans, with who is registered and who already came."""
    manual_codes: Mapping[str, tuple[BeneficiaryKey, str]] = field(default_factory=dict)
    """Keyed hash of each support's typed code → (beneficiary, keyed hash of the serial)."""


def signature_header(key_id: str, signature: bytes) -> str:
    return f"{key_id}.{b64url(signature)}"


def keys_to_json(keys: Mapping[str, RegionKey]) -> dict[str, dict[str, Any]]:
    return {
        kid: {
            "public_key": b64url(key.public_key),
            "not_before": key.not_before.isoformat(),
            "not_after": key.not_after.isoformat(),
            "retired": key.retired,
        }
        for kid, key in keys.items()
    }


def keys_from_json(data: Mapping[str, Mapping[str, Any]]) -> dict[str, RegionKey]:
    return {
        str(kid): RegionKey(
            kid=str(kid),
            public_key=unb64url(key["public_key"]),
            not_before=datetime.fromisoformat(key["not_before"]),
            not_after=datetime.fromisoformat(key["not_after"]),
            retired=bool(key.get("retired", False)),
        )
        for kid, key in data.items()
    }


def read_snapshot(body: bytes, signature: str, trusted_keys: Mapping[str, RegionKey]) -> Snapshot:
    """Verify then parse; any doubt is an error, and the caller keeps its previous snapshot.

    Trusted keys are those the till already holds (from enrollment, then from the previous
    snapshot): a new key reaches the till inside a snapshot signed by a key it trusts.
    """
    kid, _, signature_text = signature.partition(".")
    key = trusted_keys.get(kid)
    if key is None or key.retired:
        raise SnapshotError("unknown_key", f"snapshot signed by unknown or retired key {kid!r}")
    public_key = key.public_key
    try:
        raw_signature = unb64url(signature_text)
    except ValueError as exc:
        raise SnapshotError("bad_signature", "undecodable signature") from exc
    if not verify(public_key, raw_signature, body):
        raise SnapshotError("bad_signature", "snapshot signature does not verify")
    try:
        data = json.loads(body)
        return parse_snapshot(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError("malformed", f"signed snapshot unusable: {exc}") from exc


def parse_snapshot(data: dict[str, Any]) -> Snapshot:
    if data["format"] != SNAPSHOT_FORMAT:
        raise ValueError(f"unsupported snapshot format {data['format']!r}")
    partner = data["partner"]
    return Snapshot(
        version=int(data["version"]),
        server_seq=int(data["server_seq"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        partner=Partner(
            id=PartnerId(partner["id"]),
            name=str(partner["name"]),
            kind=str(partner["kind"]),
            accreditations=frozenset(partner["accreditations"]),
            region=str(partner.get("region", "")),
        ),
        policy=Policy(**data["policy"]),
        keys=keys_from_json(data["keys"]),
        wallets=tuple(
            WalletRow(BeneficiaryKey(b), s, c, Cents(int(bal)), Cents(int(g)), int(u))
            for b, s, c, bal, g, u in data["wallets"]
        ),
        revoked_serials={str(serial): str(reason) for serial, reason in data["revoked"]},
        suspended=frozenset(BeneficiaryKey(str(b)) for b in data["suspended"]),
        salt=unb64url(data["salt"]),
        used_vouchers=frozenset(str(serial) for serial in data["used_vouchers"]),
        closed_coupons=frozenset(str(coupon) for coupon in data["closed_coupons"]),
        bons_plans=tuple(
            BonPlanList(
                plan=BonPlan(
                    id=str(item["id"]),
                    title=str(item["title"]),
                    starts_at=datetime.fromisoformat(item["starts_at"]),
                    entries={BeneficiaryKey(str(b)): str(label) for b, label, _ in item["entries"]},
                ),
                attended=frozenset(
                    BeneficiaryKey(str(b)) for b, _, came in item["entries"] if came
                ),
            )
            for item in data["bons_plans"]
        ),
        manual_codes={
            str(key): (BeneficiaryKey(str(beneficiary)), str(serial))
            for key, beneficiary, serial in data["manual_codes"]
        },
    )
