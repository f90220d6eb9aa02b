"""Signed `ATP1:` codes: what the Region signs, the till reads; anything else is refused."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import (
    MAX_PAYLOAD_LENGTH,
    PREFIX,
    CredentialError,
    issue_code,
    read_code,
)
from pos_app.domain.model import BeneficiaryKey, Credential, SupportKind
from pos_app.domain.signing import b64url, canonical_json, key_id, public_bytes

# Fixed seeds: the keys, hence every code and signature below, are the same on every run.
REGION_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
REGION_KID = key_id(public_bytes(REGION_KEY))
REGION_KEYS = {REGION_KID: public_bytes(REGION_KEY)}

ISSUED = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
EXPIRES = datetime(2025, 9, 2, 8, 0, tzinfo=UTC)
CLAIMS = {
    "beneficiary": "bk-5f1e0c",
    "serial": "CS25-000123",
    "support": SupportKind.APP,
    "holder_name": "Léa Dupont-Hébert",
    "birth_date": date(2008, 2, 29),
    "issued_at": ISSUED,
    "expires_at": EXPIRES,
}


def code(key: Ed25519PrivateKey = REGION_KEY, **changes: object) -> str:
    return issue_code(key, **{**CLAIMS, **changes})  # type: ignore[arg-type]


def split(payload: str) -> tuple[str, str]:
    body, _, signature = payload.removeprefix(PREFIX).partition(".")
    return body, signature


def claims_of(payload: str) -> dict[str, object]:
    body, _ = split(payload)
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def signed_raw(claims_bytes: bytes, key: Ed25519PrivateKey = REGION_KEY) -> str:
    """A payload whose claims are any bytes, properly signed: a Region-side bug, not a forgery."""
    body = b64url(claims_bytes)
    return f"{PREFIX}{body}.{b64url(key.sign(f'{PREFIX}{body}'.encode('ascii')))}"


def signed_claims(**changes: object) -> str:
    claims = {**claims_of(code()), **changes}
    return signed_raw(canonical_json(claims))


# --- accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize("support", list(SupportKind))
@pytest.mark.parametrize("decorate", [str, lambda p: f"  {p}\r\n", lambda p: f"\t{p}\n"])
def test_region_signed_code_reads_back(
    support: SupportKind, decorate: Callable[[str], str]
) -> None:
    payload = code(support=support)
    assert payload.startswith(PREFIX)
    credential = read_code(decorate(payload), REGION_KEYS)
    assert credential == Credential(
        beneficiary=BeneficiaryKey("bk-5f1e0c"),
        serial="CS25-000123",
        support=support,
        holder_name="Léa Dupont-Hébert",
        birth_date=date(2008, 2, 29),
        issued_at=ISSUED,
        expires_at=EXPIRES,
        key_id=REGION_KID,
    )
    assert credential.issued_at.tzinfo is not None
    assert credential.expires_at.tzinfo is not None


def test_code_is_read_with_any_of_the_snapshot_keys() -> None:
    """Key rotation: the snapshot carries the old and the new key; codes of both verify."""
    keys = {**REGION_KEYS, key_id(public_bytes(OTHER_KEY)): public_bytes(OTHER_KEY)}
    assert read_code(code(), keys).key_id == REGION_KID
    assert read_code(code(OTHER_KEY), keys).key_id == key_id(public_bytes(OTHER_KEY))


def test_issue_code_is_deterministic_and_fits_a_qr_code() -> None:
    assert code() == code()  # Ed25519 signatures are deterministic
    assert len(code(holder_name="X" * 200)) < MAX_PAYLOAD_LENGTH


# --- refused ----------------------------------------------------------------------------------


def _alter_one_claim_character(payload: str) -> str:
    claims_text = canonical_json(claims_of(payload)).decode()
    assert "Léa" in claims_text
    _, signature = split(payload)
    return f"{PREFIX}{b64url(claims_text.replace('Léa', 'Léo').encode())}.{signature}"


def _alter_one_base64_character(payload: str) -> str:
    """Change one character of the claims text so that they still decode as JSON."""
    body, signature = split(payload)
    for index, char in enumerate(body):
        altered = body[:index] + ("A" if char != "A" else "B") + body[index + 1 :]
        try:
            json.loads(base64.urlsafe_b64decode(altered + "=" * (-len(altered) % 4)))
        except ValueError:
            continue
        return f"{PREFIX}{altered}.{signature}"
    raise AssertionError("no decodable one-character alteration")


def _alter_signature(payload: str) -> str:
    body, signature = split(payload)
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[10] ^= 0x01
    return f"{PREFIX}{body}.{b64url(bytes(raw))}"


def _swap_signatures(payload: str) -> str:
    body, _ = split(payload)
    _, other_signature = split(code(serial="CS25-999999"))
    return f"{PREFIX}{body}.{other_signature}"


REFUSALS: list[tuple[str, Callable[[], str], str]] = [
    # Not ours at all: told apart from forgeries.
    ("ean13", lambda: "3760001234567", "not_atouts_code"),
    ("url", lambda: "https://atouts.normandie.fr/jeune/123", "not_atouts_code"),
    ("empty", lambda: "", "not_atouts_code"),
    ("older_format", lambda: "ATP0:" + split(code())[0], "not_atouts_code"),
    ("prefix_only_midway", lambda: "x" + code(), "not_atouts_code"),
    # Damaged in transit (a scanner dropping characters, a torn card): scan again.
    ("prefix_only", lambda: PREFIX, "code_malformed"),
    ("truncated_last_char", lambda: code()[:-1], "code_malformed"),
    ("truncated_last_2_chars", lambda: code()[:-2], "code_malformed"),
    ("truncated_last_3_chars", lambda: code()[:-3], "code_malformed"),
    ("truncated_half_signature", lambda: code()[:-43], "code_malformed"),
    ("truncated_signature_gone", lambda: code()[:-86], "code_malformed"),
    ("truncated_at_the_dot", lambda: code()[:-87], "code_malformed"),
    ("truncated_in_claims", lambda: code()[: len(PREFIX) + 40], "code_malformed"),
    ("garbage_base64", lambda: f"{PREFIX}!!not*base64!!.%%%%", "code_malformed"),
    ("space_inside", lambda: code().replace(".", " ."), "code_malformed"),
    ("claims_not_json", lambda: f"{PREFIX}{b64url(b'hello')}.{split(code())[1]}", "code_malformed"),
    ("signed_not_json", lambda: signed_raw(b"not json at all"), "code_malformed"),
    ("signed_json_list", lambda: signed_raw(b"[1, 2, 3]"), "code_malformed"),
    ("signed_not_utf8", lambda: signed_raw(b"\xff\xfe{}"), "code_malformed"),
    ("signed_without_key_id", lambda: signed_raw(b'{"b": "x"}'), "code_malformed"),
    (
        "signed_missing_claim",
        lambda: signed_raw(canonical_json({"k": REGION_KID})),
        "code_malformed",
    ),
    ("signed_bad_support", lambda: signed_claims(t="pigeon"), "code_malformed"),
    ("signed_bad_birth_date", lambda: signed_claims(d="29/02/2008"), "code_malformed"),
    ("signed_birth_date_not_text", lambda: signed_claims(d=20080229), "code_malformed"),
    ("signed_bad_timestamp", lambda: signed_claims(i="yesterday"), "code_malformed"),
    ("signed_huge_timestamp", lambda: signed_claims(e=10**20), "code_malformed"),
    ("signed_year_out_of_range", lambda: signed_claims(e=10**12), "code_malformed"),
    ("signed_most_negative_timestamp", lambda: signed_claims(i=-(2**63)), "code_malformed"),
    ("too_long_garbage", lambda: PREFIX + "A" * MAX_PAYLOAD_LENGTH, "code_malformed"),
    ("too_long_signed", lambda: code(holder_name="X" * MAX_PAYLOAD_LENGTH), "code_malformed"),
    # Not signed by a key of this till's snapshot.
    ("other_key", lambda: code(OTHER_KEY), "unknown_key"),
    ("signed_unknown_kid", lambda: signed_claims(k="0123456789abcdef"), "unknown_key"),
    # Forged or altered.
    ("claims_one_character_altered", lambda: _alter_one_claim_character(code()), "bad_signature"),
    ("base64_one_character_altered", lambda: _alter_one_base64_character(code()), "bad_signature"),
    ("signature_altered", lambda: _alter_signature(code()), "bad_signature"),
    ("signature_of_another_code", lambda: _swap_signatures(code()), "bad_signature"),
]


@pytest.mark.parametrize(
    ("make_payload", "expected"),
    [pytest.param(make, expected, id=name) for name, make, expected in REFUSALS],
)
def test_refusals(make_payload: Callable[[], str], expected: str) -> None:
    with pytest.raises(CredentialError) as caught:
        read_code(make_payload(), REGION_KEYS)
    assert caught.value.code == expected
    assert caught.value.message  # French, for the cashier


def test_kid_pointing_at_another_public_key_is_a_bad_signature() -> None:
    """A key id is only a label: the signature is checked with the key the snapshot holds."""
    keys = {REGION_KID: public_bytes(OTHER_KEY)}
    with pytest.raises(CredentialError) as caught:
        read_code(code(), keys)
    assert caught.value.code == "bad_signature"


def test_no_keys_at_all_is_unknown_key() -> None:
    with pytest.raises(CredentialError) as caught:
        read_code(code(), {})
    assert caught.value.code == "unknown_key"


@pytest.mark.parametrize(
    "payloads",
    [("3760001234567", code()[:-1], code(OTHER_KEY), _alter_signature(code()))],
)
def test_each_kind_of_refusal_tells_the_cashier_something_different(
    payloads: tuple[str, ...],
) -> None:
    messages = set()
    for payload in payloads:
        with pytest.raises(CredentialError) as caught:
            read_code(payload, REGION_KEYS)
        messages.add(caught.value.message)
    assert len(messages) == len(payloads)
