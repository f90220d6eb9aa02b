"""The signed codes a beneficiary shows, format 2 (`docs/qr-format.md`).

`AT2:` then Base45 (the QR alphanumeric alphabet, as the EU COVID certificate) of a small CBOR
array. The Region signs the credential body with Ed25519; the signature covers the body bytes
exactly as carried, so nothing is re-encoded before verifying. Paper and PVC supports show the
static credential. The phone app holds a private key the Region certified inside its credential
and redraws the code every 30 s with its own signature over the current time: a screenshot is
stale within a minute, and checking it needs no network.

Reading a code answers "did the Region (and the phone) sign exactly this?"; whether it may be
used here and now is the rules' business (`rules.assess`), which gets `now`.
"""

from __future__ import annotations

import binascii
import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import IntEnum
from typing import Any

import base45
import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.model import (
    BeneficiaryKey,
    CouponTerms,
    Credential,
    SupportKind,
    VoucherTerms,
    voucher_code_expiry,
)
from pos_app.domain.signing import key_id, public_bytes, sign, verify
from pos_app.domain.text import Text

PREFIX = "AT2:"
MAX_PAYLOAD_LENGTH = 1200
"""Longer than any code we issue (a dynamic code is ~400 characters): refuse before decoding."""

CREDENTIAL_CONTEXT = b"ATOUTS-CREDENTIAL-2\x00"
PRESENTATION_CONTEXT = b"ATOUTS-PRESENTATION-2\x00"
"""Domain separation: a signature made for one purpose never verifies for another."""


class BodyKind(IntEnum):
    CREDENTIAL = 1
    COUPON = 2
    VOUCHER = 3


_BODY_LENGTHS = {BodyKind.CREDENTIAL: 11, BodyKind.COUPON: 12, BodyKind.VOUCHER: 13}


NAME_FIELD = 8
"""Position of the holder's name in a credential body (see docs/qr-format.md)."""


_SUPPORT_CODES = {SupportKind.APP: 0, SupportKind.PAPER: 1, SupportKind.CARD: 2}
_SUPPORTS = {code: support for support, code in _SUPPORT_CODES.items()}


class CredentialError(Exception):
    """A code that cannot be trusted; `code` is stable, `message` is for the cashier (French)."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or message}")
        self.code = code
        self.message = message
        self.detail = detail


@dataclass(frozen=True, slots=True)
class RegionKey:
    """A Region public key as the snapshot carries it: the period it signs codes in, and
    whether it was withdrawn (a compromised key is retired: all its codes are refused)."""

    kid: str
    public_key: bytes
    not_before: datetime
    not_after: datetime
    retired: bool = False


def issue_code(
    private_key: Ed25519PrivateKey,
    *,
    region: str,
    beneficiary: str,
    serial: str,
    support: SupportKind,
    holder_name: str,
    birth_date: date,
    issued_at: datetime,
    expires_at: datetime,
    holder_key: bytes | None = None,
) -> str:
    """The Region's static credential (the reference server and the tests sign with this)."""
    body = cbor2.dumps(
        [
            BodyKind.CREDENTIAL,
            bytes.fromhex(key_id(public_bytes(private_key))),
            region,
            bytes.fromhex(beneficiary),
            serial,
            _SUPPORT_CODES[support],
            int(issued_at.timestamp()),
            int(expires_at.timestamp()),
            holder_name,
            _date_number(birth_date),
            holder_key,
        ]
    )
    signature = sign(private_key, CREDENTIAL_CONTEXT + body)
    return _encode([body, signature])


def issue_voucher(
    private_key: Ed25519PrivateKey,
    *,
    region: str,
    beneficiary: str,
    serial: str,
    scheme_id: str,
    category_id: str,
    face_cents: int,
    valid_until: date,
    holder_name: str,
    birth_date: date,
    guardian_name: str | None,
    issued_at: datetime,
) -> str:
    """A paper voucher of fixed value (NUMÉRISAK, the 2017 sport and first-aid vouchers)."""
    body = cbor2.dumps(
        [
            BodyKind.VOUCHER,
            bytes.fromhex(key_id(public_bytes(private_key))),
            region,
            bytes.fromhex(beneficiary),
            serial,
            scheme_id,
            category_id,
            face_cents,
            _date_number(valid_until),
            holder_name,
            _date_number(birth_date),
            guardian_name,
            int(issued_at.timestamp()),
        ]
    )
    return _encode([body, sign(private_key, CREDENTIAL_CONTEXT + body)])


def issue_coupon(
    private_key: Ed25519PrivateKey,
    *,
    region: str,
    coupon_id: str,
    beneficiary: str,
    partner_id: str,
    scheme_id: str,
    category_id: str,
    amount_cents: int,
    holder_name: str,
    issued_at: datetime,
    expires_at: datetime,
) -> str:
    """A prepaid coupon: part of a wallet reserved online for one partner, single use."""
    body = cbor2.dumps(
        [
            BodyKind.COUPON,
            bytes.fromhex(key_id(public_bytes(private_key))),
            region,
            coupon_id,
            bytes.fromhex(beneficiary),
            partner_id,
            scheme_id,
            category_id,
            amount_cents,
            holder_name,
            int(issued_at.timestamp()),
            int(expires_at.timestamp()),
        ]
    )
    return _encode([body, sign(private_key, CREDENTIAL_CONTEXT + body)])


def _date_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _number_date(number: int) -> date:
    return date(number // 10000, number // 100 % 100, number % 100)


def present(static_code: str, holder_private_key: Ed25519PrivateKey, at: datetime) -> str:
    """What the phone app draws at `at`: its credential plus its own signature of the time."""
    body, signature = _decode(static_code)[:2]
    presented = int(at.timestamp())
    proof = sign(holder_private_key, _presentation_message(signature, presented))
    return _encode([body, signature, presented, proof])


def read_code(payload: str, region_keys: Mapping[str, RegionKey]) -> Credential:
    """Check a scanned payload's form and signatures against the Region's keys."""
    parts = _decode(payload)
    if (
        len(parts) not in (2, 4)
        or not all(isinstance(p, bytes) for p in parts[:2])
        or len(parts[1]) != 64
    ):
        raise CredentialError("code_malformed", _DAMAGED, f"{len(parts)} parts")
    body, signature = parts[0], parts[1]
    fields = _body_fields(body)
    kid = fields[1].hex()
    key = region_keys.get(kid)
    if key is None:
        raise CredentialError(
            "unknown_key",
            Text(
                "Code signé par une clé inconnue de cette caisse : synchronisez la caisse, "
                "puis scannez à nouveau. Si le refus persiste, le code n'est pas authentique."
            ),
            f"key id {kid!r} not in snapshot",
        )
    if not verify(key.public_key, signature, CREDENTIAL_CONTEXT + body):
        raise CredentialError(
            "bad_signature",
            Text("Code falsifié ou altéré : signature invalide. Refusez ce code."),
            f"signature check failed for key {kid}",
        )
    credential = _READERS[fields[0]](fields, kid)
    if key.retired:
        raise CredentialError(
            "key_retired",
            Text(
                "Code signé par une clé retirée par la Région : demandez au jeune un nouveau "
                "code (application à jour ou nouvelle carte)."
            ),
            f"key {kid} is retired",
        )
    if not key.not_before <= credential.issued_at <= key.not_after:
        raise CredentialError(
            "key_not_valid_then",
            Text("Code émis hors de la période de validité de sa clé : refusez ce code."),
            f"issued {credential.issued_at.isoformat()} outside key {kid} validity",
        )
    if len(parts) == 2:
        return credential
    if credential.support is not SupportKind.APP:
        raise CredentialError("code_malformed", _DAMAGED, "only app credentials are presented")
    return _with_presentation(credential, signature, parts[2], parts[3])


def _with_presentation(
    credential: Credential, region_signature: bytes, presented: Any, proof: Any
) -> Credential:
    if credential.holder_key is None:
        raise CredentialError(
            "code_malformed", _DAMAGED, "presentation of a credential with no holder key"
        )
    if not isinstance(presented, int) or not isinstance(proof, bytes) or len(proof) != 64:
        raise CredentialError("code_malformed", _DAMAGED, "presentation fields invalid")
    try:
        presented_at = datetime.fromtimestamp(presented, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"presentation time {exc}") from exc
    if not verify(credential.holder_key, proof, _presentation_message(region_signature, presented)):
        raise CredentialError(
            "bad_presentation",
            Text(
                "Code de l'application falsifié : refusez-le et demandez au jeune d'ouvrir "
                "l'application devant vous."
            ),
            "holder signature check failed",
        )
    return replace(credential, presented_at=presented_at)


def _presentation_message(region_signature: bytes, presented: int) -> bytes:
    return PRESENTATION_CONTEXT + region_signature + presented.to_bytes(8, "big", signed=True)


def _encode(parts: list[Any]) -> str:
    return PREFIX + base45.b45encode(cbor2.dumps(parts)).decode("ascii")


def _decode(payload: str) -> list[Any]:
    text = payload.strip()
    if not text.upper().startswith(PREFIX):
        raise CredentialError(
            "not_atouts_code",
            Text(
                "Ce code n'est pas un code Atouts. "
                "Demandez le QR code de l'application ou de la carte."
            ),
            f"unknown prefix {text[:8]!r}",
        )
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise CredentialError("code_malformed", _DAMAGED, f"payload of {len(text)} characters")
    try:
        raw = base45.b45decode(text[len(PREFIX) :].upper())
        with io.BytesIO(raw) as stream:
            parts = cbor2.load(stream)
            trailing = len(raw) - stream.tell()
    except (ValueError, binascii.Error, cbor2.CBORError, RecursionError, TypeError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"undecodable: {exc!r}") from exc
    if trailing:
        raise CredentialError("code_malformed", _DAMAGED, f"{trailing} bytes after the code")
    if not isinstance(parts, list) or len(parts) < 2:
        raise CredentialError("code_malformed", _DAMAGED, "not a code envelope")
    return parts


def _body_fields(body: bytes) -> list[Any]:
    try:
        fields = cbor2.loads(body)
    except (ValueError, cbor2.CBORError, RecursionError, TypeError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"body undecodable: {exc!r}") from exc
    if (
        not isinstance(fields, list)
        or not fields
        or not isinstance(fields[0], int)
        or _BODY_LENGTHS.get(fields[0]) != len(fields)
        or not isinstance(fields[1], bytes)
        or len(fields[1]) != 8
    ):
        raise CredentialError("code_malformed", _DAMAGED, "not a credential body")
    return fields


def _credential(fields: list[Any], kid: str) -> Credential:
    """Signed but unusable fields are a Region-side bug, not a forgery; still refused."""
    _, _, region, beneficiary, serial, support, issued, expires, name, born, holder = fields
    try:
        if not (isinstance(region, str) and isinstance(serial, str) and isinstance(name, str)):
            raise TypeError("text fields")
        if holder is not None and (not isinstance(holder, bytes) or len(holder) != 32):
            raise ValueError("holder key")
        if not isinstance(beneficiary, bytes) or len(beneficiary) != 16:
            raise ValueError("beneficiary key")
        return Credential(
            beneficiary=BeneficiaryKey(beneficiary.hex()),
            serial=serial,
            support=_SUPPORTS[support],
            holder_name=name,
            birth_date=_number_date(born),
            issued_at=datetime.fromtimestamp(issued, UTC),
            expires_at=datetime.fromtimestamp(expires, UTC),
            key_id=kid,
            region=region,
            holder_key=holder,
        )
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"signed fields invalid: {exc}") from exc


def _voucher(fields: list[Any], kid: str) -> Credential:
    (
        _,
        _,
        region,
        beneficiary,
        serial,
        scheme,
        category,
        face,
        until,
        name,
        born,
        guardian,
        issued,
    ) = fields
    try:
        texts = (region, serial, scheme, category, name)
        if not all(isinstance(text, str) for text in texts) or not isinstance(face, int):
            raise TypeError("voucher fields")
        if guardian is not None and not isinstance(guardian, str):
            raise TypeError("guardian")
        if not isinstance(beneficiary, bytes) or len(beneficiary) != 16 or face <= 0:
            raise ValueError("beneficiary key or value")
        valid_until = _number_date(until)
        issued_at = datetime.fromtimestamp(issued, UTC)
        return Credential(
            beneficiary=BeneficiaryKey(beneficiary.hex()),
            serial=serial,
            support=SupportKind.VOUCHER,
            holder_name=name,
            birth_date=_number_date(born),
            issued_at=issued_at,
            expires_at=voucher_code_expiry(valid_until),
            key_id=kid,
            region=region,
            voucher=VoucherTerms(scheme, category, face, valid_until, guardian),
        )
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"voucher fields invalid: {exc}") from exc


def _coupon(fields: list[Any], kid: str) -> Credential:
    _, _, region, coupon_id, beneficiary, partner, scheme, category, amount, name, issued, ends = (
        fields
    )
    try:
        texts = (region, coupon_id, partner, scheme, category, name)
        if not all(isinstance(text, str) for text in texts) or not isinstance(amount, int):
            raise TypeError("coupon fields")
        if not isinstance(beneficiary, bytes) or len(beneficiary) != 16 or amount <= 0:
            raise ValueError("beneficiary key or amount")
        return Credential(
            beneficiary=BeneficiaryKey(beneficiary.hex()),
            serial=coupon_id,
            support=SupportKind.COUPON,
            holder_name=name,
            birth_date=None,
            issued_at=datetime.fromtimestamp(issued, UTC),
            expires_at=datetime.fromtimestamp(ends, UTC),
            key_id=kid,
            region=region,
            coupon=CouponTerms(coupon_id, partner, scheme, category, amount),
        )
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"coupon fields invalid: {exc}") from exc


_READERS = {BodyKind.CREDENTIAL: _credential, BodyKind.COUPON: _coupon, BodyKind.VOUCHER: _voucher}
_DAMAGED = Text(
    "Code illisible ou incomplet. Scannez à nouveau ou tapez le code imprimé sur le support."
)
