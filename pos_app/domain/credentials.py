"""The signed code a beneficiary shows, version 1: `ATP1:<claims>.<signature>`.

The prefix says at a glance that a scanned string is ours and which format it follows, so a
supermarket barcode or a URL is refused as "not an Atouts code" rather than as a forgery. The
claims are canonical JSON in URL-safe base64 and the Ed25519 signature covers the prefix and the
claims text exactly as scanned. Issue 4 replaces this simple encoding with a denser one; the
verification contract (payload + Region keys → `Credential` or a reasoned refusal) stays.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.model import BeneficiaryKey, Credential, SupportKind
from pos_app.domain.signing import b64url, canonical_json, key_id, public_bytes, sign, unb64url
from pos_app.domain.signing import verify as verify_signature

PREFIX = "ATP1:"
MAX_PAYLOAD_LENGTH = 2000
SIGNATURE_LENGTH = 64  # bytes of an Ed25519 signature


class CredentialError(Exception):
    """A code that cannot be trusted; `code` is stable, `message` is for the cashier (French)."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or message}")
        self.code = code
        self.message = message
        self.detail = detail


def issue_code(
    private_key: Ed25519PrivateKey,
    *,
    beneficiary: str,
    serial: str,
    support: SupportKind,
    holder_name: str,
    birth_date: date,
    issued_at: datetime,
    expires_at: datetime,
) -> str:
    """Sign a code as the Region does (used by the reference server and the tests)."""
    claims = {
        "b": beneficiary,
        "s": serial,
        "t": support.value,
        "n": holder_name,
        "d": birth_date.isoformat(),
        "i": int(issued_at.timestamp()),
        "e": int(expires_at.timestamp()),
        "k": key_id(public_bytes(private_key)),
    }
    body = b64url(canonical_json(claims))
    signature = sign(private_key, f"{PREFIX}{body}".encode("ascii"))
    return f"{PREFIX}{body}.{b64url(signature)}"


def read_code(payload: str, region_keys: Mapping[str, bytes]) -> Credential:
    """Check a scanned payload's form and signature against the Region's public keys.

    Validity in time is the rules' business (it needs `now` and the scheme's time zone); here we
    only answer "did the Region sign exactly this?".
    """
    text = payload.strip()
    if not text.upper().startswith(PREFIX):
        raise CredentialError(
            "not_atouts_code",
            "Ce code n'est pas un code Atouts. "
            "Demandez le QR code de l'application ou de la carte.",
            f"unknown prefix {text[:8]!r}",
        )
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise CredentialError("code_malformed", _DAMAGED, f"payload of {len(text)} characters")
    body, _, signature_text = text[len(PREFIX) :].partition(".")
    try:
        claims_bytes = unb64url(body)
        signature = unb64url(signature_text)
        if len(signature) != SIGNATURE_LENGTH:
            # A cut-off scan, not a forgery: the cashier should scan again.
            raise ValueError(f"signature of {len(signature)} bytes")
        claims = json.loads(claims_bytes)
        kid = str(claims["k"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise CredentialError("code_malformed", _DAMAGED, f"undecodable: {exc}") from exc
    public_key = region_keys.get(kid)
    if public_key is None:
        raise CredentialError(
            "unknown_key",
            "Code signé par une clé inconnue de cette caisse : synchronisez la caisse, "
            "puis scannez à nouveau. Si le refus persiste, le code n'est pas authentique.",
            f"key id {kid!r} not in snapshot",
        )
    if not verify_signature(public_key, signature, f"{PREFIX}{body}".encode("ascii")):
        raise CredentialError(
            "bad_signature",
            "Code falsifié ou altéré : signature invalide. Refusez ce code.",
            f"signature check failed for key {kid}",
        )
    try:
        return Credential(
            beneficiary=BeneficiaryKey(str(claims["b"])),
            serial=str(claims["s"]),
            support=SupportKind(claims["t"]),
            holder_name=str(claims["n"]),
            birth_date=date.fromisoformat(claims["d"]),
            issued_at=datetime.fromtimestamp(int(claims["i"]), UTC),
            expires_at=datetime.fromtimestamp(int(claims["e"]), UTC),
            key_id=kid,
        )
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        # Signed but unusable: a Region-side bug, not a forgery; still refused.
        raise CredentialError("code_malformed", _DAMAGED, f"signed claims invalid: {exc}") from exc


_DAMAGED = "Code illisible ou incomplet. Scannez à nouveau ou tapez le code imprimé sur le support."
