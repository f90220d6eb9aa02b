"""The Region's signed snapshot: what a till may know to decide offline.

A region holds hundreds of thousands of beneficiaries, and a till on a 4G dongle must fetch,
verify and apply them in seconds without holding them in memory. So the snapshot is a stream of
lines (format 2, `docs/snapshot-format.md`):

    line 1   the header, canonical JSON: versions, partner, policy, keys, the small sets
             (revoked supports, suspended beneficiaries, used vouchers, voucher extensions,
             closed coupons, bons plans), the number of record lines and the SHA-256 of all of them
    line 2   `<key id>.<base64url Ed25519 signature of line 1>`
    then     one line per beneficiary, sorted: `<pkey>\\t<JSON list of wallets>`
    then     one line per typed code, sorted: `<keyed hash of the code>\\t<pkey>\\t<keyed hash
             of the support's serial>`

The signature covers the header, the header covers the records by their hash: the till checks
the signature on a few kilobytes and hashes the rest as it streams, never parsing 100 MB of JSON.
A *delta* has the same shape and carries only the beneficiaries changed since `base_version`.
The records hold pseudonymous keys and balances only, scoped to the partner's accreditations:
no name, no birth date.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pos_app.domain.bons_plans import BonPlan
from pos_app.domain.credentials import RegionKey
from pos_app.domain.model import BeneficiaryKey, Partner, Policy
from pos_app.domain.money import Cents
from pos_app.domain.signing import b64url, canonical_json, unb64url, verify

SNAPSHOT_FORMAT = 2
FULL = "full"
DELTA = "delta"


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
class SnapshotHeader:
    """Everything but the per-beneficiary records: small, signed, parsed whole."""

    kind: str
    """`full` (replaces everything) or `delta` (changes since `base_version`)."""
    version: int
    """The Region's change counter this snapshot reflects; a delta is asked for `since` it."""
    base_version: int
    """For a delta, the version it applies on; 0 for a full snapshot."""
    server_seq: int
    """Highest Region ledger sequence included in these balances."""
    generated_at: datetime
    partner: Partner
    policy: Policy
    keys: Mapping[str, RegionKey]
    """The Region's current and next keys (and retired ones, refused), by key id."""
    salt: bytes
    """Key of the hashes below: serials and typed codes never travel in clear."""
    revoked_serials: Mapping[str, str]
    """Supports the Region withdrew: keyed hash of the serial → `lost`, `stolen`, `replaced`."""
    suspended: frozenset[BeneficiaryKey]
    closed_coupons: frozenset[str]
    """Keyed hashes of this partner's coupons the Region closed (used or cancelled)."""
    used_vouchers: frozenset[str]
    """Keyed hashes of the paper vouchers the Region saw used (at any partner)."""
    bons_plans: tuple[BonPlanList, ...]
    beneficiaries: int
    """Number of beneficiary lines that follow."""
    codes: int
    """Number of typed-code lines after them."""
    records_sha256: str
    voucher_extensions: Mapping[str, date] = field(default_factory=dict)
    """Paper vouchers the Region extended (seed 003 §3.3): keyed hash of the serial → the new
    last day, later than the one written in the voucher. In full and delta snapshots alike."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A whole snapshot parsed in memory: for tests, tools and small regions."""

    header: SnapshotHeader
    wallets: tuple[WalletRow, ...]
    manual_codes: Mapping[str, tuple[BeneficiaryKey, str]] = field(default_factory=dict)
    """Keyed hash of each support's typed code → (beneficiary, keyed hash of the serial)."""


def signature_line(key_id: str, signature: bytes) -> bytes:
    return f"{key_id}.{b64url(signature)}".encode("ascii")


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


# --- writing (the Region's side) -------------------------------------------------------------


def _field(text: str) -> bytes:
    if "\t" in text or "\n" in text:
        raise ValueError(f"a snapshot field cannot hold a tab or a newline: {text!r}")
    return text.encode("utf-8")


def beneficiary_line(pkey: str, wallets: Iterable[tuple[str, str, int, int, int]]) -> bytes:
    """`(scheme, category, balance, granted, units)` per wallet, in the order given."""
    body = ",".join(
        f"[{_pair_json(scheme, category)},{int(balance)},{int(granted)},{int(units)}]"
        for scheme, category, balance, granted, units in wallets
    )
    return _field(pkey) + b"\t[" + body.encode("utf-8") + b"]\n"


@functools.lru_cache(maxsize=256)
def _pair_json(scheme: str, category: str) -> str:
    """A region has a handful of (scheme, category) pairs and hundreds of thousands of lines."""
    return json.dumps([scheme, category], separators=(",", ":"), ensure_ascii=False)[1:-1]


def code_line(lookup: str, pkey: str, serial_hash: str) -> bytes:
    return b"\t".join((_field(lookup), _field(pkey), _field(serial_hash))) + b"\n"


def header_line(fields: Mapping[str, Any]) -> bytes:
    """The header as signed: `fields` plus the format number, canonical JSON, one line."""
    return canonical_json({**fields, "format": SNAPSHOT_FORMAT})


# --- reading (the till's side) ----------------------------------------------------------------


def read_header(
    header: bytes, signature: bytes, trusted_keys: Mapping[str, RegionKey]
) -> SnapshotHeader:
    """Verify then parse the header; any doubt is an error and the till keeps what it had.

    Trusted keys are those the till already holds (from enrollment, then from the previous
    snapshot): a new key reaches the till inside a snapshot signed by a key it trusts.
    """
    kid, _, signature_text = signature.strip().decode("ascii", "replace").partition(".")
    key = trusted_keys.get(kid)
    if key is None or key.retired:
        raise SnapshotError("unknown_key", f"snapshot signed by unknown or retired key {kid!r}")
    try:
        raw_signature = unb64url(signature_text)
    except ValueError as exc:
        raise SnapshotError("bad_signature", "undecodable signature") from exc
    header = header.rstrip(b"\n")
    if not verify(key.public_key, raw_signature, header):
        raise SnapshotError("bad_signature", "snapshot signature does not verify")
    try:
        return parse_header(json.loads(header))
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError("malformed", f"signed snapshot header unusable: {exc}") from exc


def parse_header(data: dict[str, Any]) -> SnapshotHeader:
    if data["format"] != SNAPSHOT_FORMAT:
        raise ValueError(f"unsupported snapshot format {data['format']!r}")
    if data["kind"] not in (FULL, DELTA):
        raise ValueError(f"unknown snapshot kind {data['kind']!r}")
    partner = data["partner"]
    return SnapshotHeader(
        kind=data["kind"],
        version=int(data["version"]),
        base_version=int(data["base_version"]),
        server_seq=int(data["server_seq"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        partner=Partner.from_json(partner),
        policy=Policy(**data["policy"]),
        keys=keys_from_json(data["keys"]),
        salt=unb64url(data["salt"]),
        revoked_serials={str(serial): str(reason) for serial, reason in data["revoked"]},
        suspended=frozenset(BeneficiaryKey(str(b)) for b in data["suspended"]),
        used_vouchers=frozenset(str(serial) for serial in data["used_vouchers"]),
        voucher_extensions=_extensions(data.get("voucher_extensions", [])),
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
        beneficiaries=int(data["beneficiaries"]),
        codes=int(data["codes"]),
        records_sha256=str(data["records_sha256"]),
    )


def _extensions(items: Iterable[Any]) -> dict[str, date]:
    """`[[serial hash, "YYYY-MM-DD"], ...]`; a serial given twice is a malformed header."""
    extensions: dict[str, date] = {}
    for serial, until in items:
        if not isinstance(serial, str) or not isinstance(until, str) or serial in extensions:
            raise ValueError(f"voucher extension unusable: {serial!r} {until!r}")
        extensions[serial] = date.fromisoformat(until)
    return extensions


BENEFICIARY_SECTION = "b"
CODE_SECTION = "c"


def record_blocks(
    header: SnapshotHeader, raw_blocks: Iterable[bytes]
) -> Iterator[tuple[str, bytes]]:
    """Re-cut raw blocks of the records (as read from the file, any size) into blocks of whole
    lines tagged with their section, hashing and counting in C rather than line by line: a
    region is 800 000 lines.

    The caller consumes them inside one database transaction, so a failure here (raised at the
    end, or at the first line too many) rolls back everything and the previous snapshot stays."""
    digest = hashlib.sha256()
    boundary = header.beneficiaries
    expected = header.beneficiaries + header.codes
    count = 0
    carry = b""
    for raw in raw_blocks:
        digest.update(raw)
        data = carry + raw if carry else raw
        cut = data.rfind(b"\n") + 1
        carry = data[cut:]
        whole = data[:cut]
        if not whole:
            continue
        lines = whole.count(b"\n")
        if count + lines > expected:
            raise SnapshotError("records_mismatch", f"more than {expected} record lines")
        if count < boundary < count + lines:
            split = 0
            for _ in range(boundary - count):
                split = whole.index(b"\n", split) + 1
            yield BENEFICIARY_SECTION, whole[:split]
            yield CODE_SECTION, whole[split:]
        else:
            yield (BENEFICIARY_SECTION if count < boundary else CODE_SECTION), whole
        count += lines
    if carry:
        raise SnapshotError("records_mismatch", "the last record line is cut short")
    if count != expected:
        raise SnapshotError("records_mismatch", f"{count} record lines, header says {expected}")
    if digest.hexdigest() != header.records_sha256:
        raise SnapshotError("records_mismatch", "records do not match the signed digest")


def record_key(line: bytes) -> bytes:
    """The sort key of a record line: the beneficiary key, or the typed code's hash."""
    return line[: line.index(b"\t")]


def parse_wallets(line: bytes) -> list[WalletRow]:
    pkey, _, body = line.rstrip(b"\n").partition(b"\t")
    beneficiary = BeneficiaryKey(pkey.decode("utf-8"))
    return [
        WalletRow(beneficiary, str(s), str(c), Cents(int(bal)), Cents(int(g)), int(u))
        for s, c, bal, g, u in json.loads(body)
    ]


def parse_code(line: bytes) -> tuple[str, BeneficiaryKey, str]:
    lookup, pkey, serial = line.rstrip(b"\n").decode("utf-8").split("\t")
    return lookup, BeneficiaryKey(pkey), serial


def split_body(body: bytes) -> tuple[bytes, bytes, list[bytes]]:
    """Header, signature and record lines of a snapshot held whole in memory."""
    lines = body.splitlines(keepends=True)
    if len(lines) < 2:
        raise SnapshotError("malformed", "snapshot shorter than its header")
    return lines[0], lines[1], lines[2:]


def read_snapshot(body: bytes, trusted_keys: Mapping[str, RegionKey]) -> Snapshot:
    """Verify and parse a whole snapshot held in memory (tests, tools, small regions)."""
    first, second, records = split_body(body)
    header = read_header(first, second, trusted_keys)
    sections: dict[str, list[bytes]] = {BENEFICIARY_SECTION: [], CODE_SECTION: []}
    for section, block in record_blocks(header, [b"".join(records)]):
        sections[section] += block.splitlines(keepends=True)
    try:
        wallets = tuple(
            row for line in sections[BENEFICIARY_SECTION] for row in parse_wallets(line)
        )
        codes = {
            lookup: (pkey, serial)
            for lookup, pkey, serial in map(parse_code, sections[CODE_SECTION])
        }
    except (ValueError, TypeError) as exc:
        raise SnapshotError("malformed", f"unreadable record: {exc}") from exc
    return Snapshot(header=header, wallets=wallets, manual_codes=codes)
