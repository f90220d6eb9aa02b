"""Signed `AT2:` codes (format 2): what the Region signs, the till reads; anything else is refused.

A payload is `AT2:` + Base45(CBOR array): `[body, region_signature]` for a static code (paper,
card, the phone app's credential) or `[body, region_signature, presented_unix_time,
holder_signature]` for the phone app's presentation. Every refusal has its own stable code.
Time validity, region, staleness and replay are the rules' business (`tests/test_rules.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import base45
import cbor2
import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.credentials import (
    CREDENTIAL_CONTEXT,
    MAX_PAYLOAD_LENGTH,
    NAME_FIELD,
    PREFIX,
    PRESENTATION_CONTEXT,
    CredentialError,
    RegionKey,
    issue_code,
    present,
    read_code,
)
from pos_app.domain.model import BeneficiaryKey, Credential, SupportKind
from pos_app.domain.signing import key_id, public_bytes


def _key(seed: int) -> Ed25519PrivateKey:
    """A fixed key: every code and signature below is the same on every run."""
    return Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


def _region_key(
    private: Ed25519PrivateKey, not_before: datetime, not_after: datetime, retired: bool = False
) -> RegionKey:
    public = public_bytes(private)
    return RegionKey(key_id(public), public, not_before, not_after, retired)


OLD_KEY, NEXT_KEY, RETIRED_KEY, UNKNOWN_KEY = _key(1), _key(2), _key(3), _key(4)
HOLDER, OTHER_HOLDER = _key(10), _key(11)
HOLDER_PUBLIC = public_bytes(HOLDER)

OLD = _region_key(OLD_KEY, datetime(2024, 9, 1, tzinfo=UTC), datetime(2026, 1, 31, tzinfo=UTC))
NEXT = _region_key(NEXT_KEY, datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
"""The Region's next key: its period overlaps the old one's by a month (rotation)."""
RETIRED = _region_key(
    RETIRED_KEY, datetime(2024, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC), retired=True
)
KEYS = {key.kid: key for key in (OLD, NEXT, RETIRED)}
"""What the till's snapshot holds; UNKNOWN_KEY is not in it."""

ISSUED = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
EXPIRES = datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
PRESENTED = datetime(2025, 10, 4, 15, 30, tzinfo=UTC)
NAME = "Marie-Geneviève de La Tour-d'Auvergne-Lauraguais"
"""A long French double-barrelled name: the QR size limits below are measured with it."""
BENEFICIARY = "5f1e0c2a9b8d7e6f0011223344556677"
SERIAL = "AT25-0001234567"
BORN = date(2008, 2, 29)
CLAIMS: dict[str, Any] = {
    "region": "NOR",
    "beneficiary": BENEFICIARY,
    "serial": SERIAL,
    "holder_name": NAME,
    "birth_date": BORN,
    "issued_at": ISSUED,
    "expires_at": EXPIRES,
}

FIELDS = (
    "kind",
    "kid",
    "region",
    "beneficiary",
    "serial",
    "support",
    "issued",
    "expires",
    "name",
    "born",
    "holder_key",
)
"""The 11 items of a credential body, in order."""
F = {name: index for index, name in enumerate(FIELDS)}

REFUSALS = {
    "not_atouts_code",
    "code_malformed",
    "unknown_key",
    "bad_signature",
    "key_retired",
    "key_not_valid_then",
    "bad_presentation",
}
BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def code(
    support: SupportKind = SupportKind.PAPER, key: Ed25519PrivateKey = OLD_KEY, **changes: Any
) -> str:
    return issue_code(key, support=support, **{**CLAIMS, **changes})


def app_code(key: Ed25519PrivateKey = OLD_KEY, **changes: Any) -> str:
    """The phone app's static credential: it certifies the holder's public key."""
    return code(SupportKind.APP, key, **{"holder_key": HOLDER_PUBLIC, **changes})


def presentation(at: datetime = PRESENTED, static: str | None = None) -> str:
    return present(static or app_code(), HOLDER, at)


def expected(support: SupportKind = SupportKind.PAPER, **changes: Any) -> Credential:
    credential = Credential(
        beneficiary=BeneficiaryKey(BENEFICIARY),
        serial=SERIAL,
        support=support,
        holder_name=NAME,
        birth_date=BORN,
        issued_at=ISSUED,
        expires_at=EXPIRES,
        key_id=OLD.kid,
        region="NOR",
    )
    return replace(credential, **changes)


def raw_of(payload: str) -> bytes:
    return base45.b45decode(payload.removeprefix(PREFIX))


def parts_of(payload: str) -> list[Any]:
    return cbor2.loads(raw_of(payload))


def fields_of(payload: str) -> list[Any]:
    return cbor2.loads(parts_of(payload)[0])


def wrap_raw(raw: bytes) -> str:
    return PREFIX + base45.b45encode(raw).decode("ascii")


def wrap(parts: Any) -> str:
    return wrap_raw(cbor2.dumps(parts))


def signed_body(body: bytes, key: Ed25519PrivateKey = OLD_KEY) -> str:
    """Any body bytes, properly signed: a Region-side bug, not a forgery."""
    return wrap([body, key.sign(CREDENTIAL_CONTEXT + body)])


def signed_fields(fields: list[Any], key: Ed25519PrivateKey = OLD_KEY) -> str:
    return signed_body(cbor2.dumps(fields), key)


def with_field(name: str, value: Any, payload: str | None = None) -> str:
    """A code whose one field is changed, signed again by the Region's key."""
    fields = fields_of(payload or code())
    fields[F[name]] = value
    return signed_fields(fields)


def refusal(payload: str, keys: dict[str, RegionKey] = KEYS) -> str:
    with pytest.raises(CredentialError) as caught:
        read_code(payload, keys)
    assert caught.value.message, "the cashier always gets a message"
    return caught.value.code


# --- the format -------------------------------------------------------------------------------


def test_static_code_layout() -> None:
    parts = parts_of(app_code())
    assert [type(p) for p in parts] == [bytes, bytes]
    assert len(parts[1]) == 64
    assert fields_of(app_code()) == [
        1,
        bytes.fromhex(OLD.kid),
        "NOR",
        bytes.fromhex(BENEFICIARY),
        SERIAL,
        0,
        int(ISSUED.timestamp()),
        int(EXPIRES.timestamp()),
        NAME,
        20080229,
        HOLDER_PUBLIC,
    ]
    assert FIELDS[NAME_FIELD] == "name"
    assert fields_of(code(SupportKind.PAPER))[F["support"]] == 1
    assert fields_of(code(SupportKind.CARD))[F["support"]] == 2
    assert fields_of(code(SupportKind.CARD))[F["holder_key"]] is None


def test_presentation_layout() -> None:
    static = parts_of(app_code())
    parts = parts_of(presentation())
    assert parts[:2] == static
    assert parts[2] == int(PRESENTED.timestamp())
    assert len(parts[3]) == 64


# --- accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize("support", [SupportKind.PAPER, SupportKind.CARD])
def test_paper_and_card_codes_read_back(support: SupportKind) -> None:
    payload = code(support)
    assert payload.startswith(PREFIX)
    assert read_code(payload, KEYS) == expected(support)


def test_app_credential_reads_back_with_its_holder_key() -> None:
    credential = read_code(app_code(), KEYS)
    assert credential == expected(SupportKind.APP, holder_key=HOLDER_PUBLIC)
    assert credential.presented_at is None
    assert not credential.proves_freshness


def test_app_presentation_reads_back_with_its_time() -> None:
    credential = read_code(presentation(), KEYS)
    assert credential == expected(SupportKind.APP, holder_key=HOLDER_PUBLIC, presented_at=PRESENTED)
    assert credential.proves_freshness


def test_the_app_redraws_every_30_seconds() -> None:
    for seconds in (0, 30, 60, 90):
        at = PRESENTED + timedelta(seconds=seconds)
        assert read_code(presentation(at), KEYS).presented_at == at


def test_presentation_time_is_whole_seconds() -> None:
    at = PRESENTED + timedelta(seconds=12, microseconds=999_999)
    assert read_code(presentation(at), KEYS).presented_at == PRESENTED + timedelta(seconds=12)


DECORATIONS: list[Callable[[str], str]] = [
    lambda p: f"  {p}  ",
    lambda p: f"{p}\n",
    lambda p: f"{p}\r\n",
    lambda p: f"\n\t{p}\r\n",
    str.lower,
    lambda p: f" {p.lower()}\n",
]


@pytest.mark.parametrize("decorate", DECORATIONS)
@pytest.mark.parametrize("make", [code, app_code, presentation])
def test_whitespace_around_and_letter_case_accepted(
    decorate: Callable[[str], str], make: Callable[[], str]
) -> None:
    """Scanners in keyboard mode add a newline; some send the text in lower case."""
    payload = make()
    assert read_code(decorate(payload), KEYS) == read_code(payload, KEYS)


# --- not an Atouts code -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "3017620422003",
        "https://atouts.normandie.fr/jeune?b=5f1e0c",
        "",
        " \r\n\t",
        "ATP1:eyJiIjoiYmstNWYxZTBjIiwicyI6IkNTMjUtMDAwMTIzIn0.c2lnbmF0dXJlLW9mLWZvcm1hdC0x",
        "AT1:NLG0XED70$+AWKB3UAR09",
        "AT3:NLG0XED70$+AWKB3UAR09",
        "AT2",
        "AT2;NLG0XED70$+AWKB3UAR09",
        "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOO6+IDOEZ:T1Z6",
        "WIFI:S:cinema;T:WPA;P:secret;;",
    ],
)
def test_other_codes_are_not_atouts_codes(payload: str) -> None:
    assert refusal(payload) == "not_atouts_code"


def test_a_genuine_code_behind_other_text_is_not_an_atouts_code() -> None:
    assert refusal("x" + code()) == "not_atouts_code"
    assert refusal("ATP1:" + code()) == "not_atouts_code"


# --- malformed: damaged scans ---------------------------------------------------------------


@pytest.mark.parametrize("make", [code, presentation])
def test_every_truncation_is_malformed(make: Callable[[], str]) -> None:
    payload = make()
    for cut in range(len(PREFIX), len(payload)):
        assert refusal(payload[:cut]) == "code_malformed", cut


@pytest.mark.parametrize("make", [code, presentation])
def test_bytes_after_the_code_are_malformed(make: Callable[[], str]) -> None:
    raw = raw_of(make())
    for extra in (b"\x00", b"\xf6", b"\x00\x00", b"\x82\x41a\x41b", raw):
        assert refusal(wrap_raw(raw + extra)) == "code_malformed", extra


def test_every_misread_character_is_refused() -> None:
    """One module misread: each character of the Base45 text in turn, replaced by the next."""
    payload = code()
    for at in range(len(PREFIX), len(payload)):
        char = BASE45_ALPHABET[(BASE45_ALPHABET.index(payload[at]) + 1) % 45]
        assert refusal(payload[:at] + char + payload[at + 1 :]) in REFUSALS - {"key_retired"}


@pytest.mark.parametrize(
    "text",
    [
        "A",
        "ABCD",
        ":::",
        "GGW",
        "!!!",
        "é",
        "NLG0XED70$+AWKB3UAR09_",
        "NLG\tXED",
        "NLG0XED70$+A\x00WKB",
    ],
)
def test_garbage_base45_is_malformed(text: str) -> None:
    assert refusal(PREFIX + text) == "code_malformed"


def test_an_overlong_payload_is_refused_before_decoding() -> None:
    assert refusal(PREFIX + "0" * MAX_PAYLOAD_LENGTH) == "code_malformed"
    assert len(presentation()) < MAX_PAYLOAD_LENGTH / 2


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xff",
        b"\x1c",
        b"\x9f",
        b"\x5f\x41",
        b"\x82\x41",
        b"\x82\x62\xff\xfe\x40",
        b"\x82\x5b\xff\xff\xff\xff\xff\xff\xff\xff",
        b"\x9b\x7f\xff\xff\xff\xff\xff\xff\xff",
        b"\xc1\x1b\x7f\xff\xff\xff\xff\xff\xff\xff",
        b"\xd8\x1e\x82\x01\x00",
        b"\x81" * 5000,
    ],
)
def test_valid_base45_of_broken_cbor_is_malformed(raw: bytes) -> None:
    assert refusal(wrap_raw(raw)) == "code_malformed"


@pytest.mark.parametrize(
    "value",
    [
        {"body": b"x", "signature": b"y"},
        b"\x00" * 80,
        42,
        "AT2",
        None,
        cbor2.CBORTag(55799, [b"x", b"y"]),
    ],
    ids=repr,
)
def test_cbor_that_is_not_a_list_is_malformed(value: Any) -> None:
    assert refusal(wrap(value)) == "code_malformed"


def _envelopes() -> dict[str, list[Any]]:
    body, signature = parts_of(app_code())
    _, _, presented, proof = parts_of(presentation())
    return {
        "no parts": [],
        "body only": [body],
        "three parts": [body, signature, presented],
        "five parts": [body, signature, presented, proof, b""],
        "body as text": [body.hex(), signature],
        "body as fields": [cbor2.loads(body), signature],
        "signature as text": [body, signature.hex()],
        "no signature": [body, None],
        "signature of 63 bytes": [body, signature[:63]],
        "signature of 65 bytes": [body, signature + b"\x00"],
        "empty signature": [body, b""],
        "presented as ISO text": [body, signature, PRESENTED.isoformat(), proof],
        "presented as a float": [body, signature, float(presented), proof],
        "presented as bytes": [body, signature, presented.to_bytes(8, "big"), proof],
        "presented as null": [body, signature, None, proof],
        "presented far too late": [body, signature, 2**63 - 1, proof],
        "presented far too early": [body, signature, -(2**63), proof],
        "presented in year 33658": [body, signature, 10**12, proof],
        "presented as a bignum": [body, signature, 2**80, proof],
        "proof of 63 bytes": [body, signature, presented, proof[:63]],
        "proof as text": [body, signature, presented, proof.hex()],
        "no proof": [body, signature, presented, None],
    }


@pytest.mark.parametrize("name", list(_envelopes()))
def test_malformed_envelopes(name: str) -> None:
    assert refusal(wrap(_envelopes()[name])) == "code_malformed"


def test_a_presentation_of_a_credential_without_holder_key_is_malformed() -> None:
    """Paper and cards certify no phone: a 'presentation' of one is no app code."""
    for support in (SupportKind.PAPER, SupportKind.CARD):
        assert refusal(present(code(support), HOLDER, PRESENTED)) == "code_malformed"


def test_a_presentation_at_an_absurd_time_is_malformed_even_when_signed() -> None:
    body, signature = parts_of(app_code())
    for presented in (2**63 - 1, -(2**63), 10**12, -(10**12)):
        message = PRESENTATION_CONTEXT + signature + presented.to_bytes(8, "big", signed=True)
        payload = wrap([body, signature, presented, HOLDER.sign(message)])
        assert refusal(payload) == "code_malformed", presented


# --- malformed: bodies that are no credential -------------------------------------------------


def _bodies() -> dict[str, bytes]:
    fields = fields_of(app_code())

    def changed(name: str, value: Any) -> bytes:
        return cbor2.dumps([value if n == F[name] else v for n, v in enumerate(fields)])

    return {
        "undecodable": b"\xff",
        "truncated": cbor2.dumps(fields)[:-3],
        "a map": cbor2.dumps(dict(zip(FIELDS, fields, strict=True))),
        "10 fields": cbor2.dumps(fields[:10]),
        "12 fields": cbor2.dumps([*fields, None]),
        "kind 2": changed("kind", 2),
        "kind as text": changed("kind", "1"),
        "kind as a list": changed("kind", [1]),
        "kind as a map": changed("kind", {1: 1}),
        "kind of a voucher": changed("kind", 3),
        "kid of 7 bytes": changed("kid", fields[1][:7]),
        "kid as text": changed("kid", OLD.kid),
    }


@pytest.mark.parametrize("name", list(_bodies()))
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_a_body_that_is_no_credential_is_malformed(name: str, signed: bool) -> None:
    body = _bodies()[name]
    payload = signed_body(body) if signed else wrap([body, bytes(64)])
    assert refusal(payload) == "code_malformed"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("region", 7),
        ("region", None),
        ("beneficiary", bytes(15)),
        ("beneficiary", bytes(17)),
        ("beneficiary", BENEFICIARY),
        ("serial", SERIAL.encode()),
        ("support", 3),
        ("support", -1),
        ("support", "paper"),
        ("support", None),
        ("support", [0]),
        ("issued", 2**64 - 1),
        ("issued", -(2**64)),
        ("issued", 10**12),
        ("issued", 2**200),
        ("issued", ISSUED.isoformat()),
        ("issued", float("nan")),
        ("issued", float("inf")),
        ("expires", 2**64 - 1),
        ("expires", -(10**12)),
        ("expires", None),
        ("name", None),
        ("name", NAME.encode()),
        ("born", 20261340),
        ("born", 20250229),
        ("born", 20081200),
        ("born", 0),
        ("born", -20080229),
        ("born", 10**30),
        ("born", "2008-02-29"),
        ("born", 20080229.0),
        ("holder_key", bytes(31)),
        ("holder_key", bytes(33)),
        ("holder_key", HOLDER_PUBLIC.hex()),
        ("holder_key", [HOLDER_PUBLIC]),
    ],
    ids=repr,
)
def test_signed_fields_of_the_wrong_type_or_range_are_malformed(name: str, value: Any) -> None:
    """Signed but unusable: a bug at the Region, still refused, and never a crash."""
    assert refusal(with_field(name, value, app_code())) == "code_malformed"


def test_the_field_checks_accept_what_issue_code_makes() -> None:
    """The controls of the test above: the same re-signing, with sane values, reads."""
    assert read_code(with_field("born", 20080229, app_code()), KEYS).birth_date == BORN
    assert read_code(with_field("holder_key", None, app_code()), KEYS).holder_key is None
    assert read_code(with_field("region", "", app_code()), KEYS).region == ""


# --- unknown key ------------------------------------------------------------------------------


def test_a_code_signed_by_a_key_the_till_does_not_hold_is_unknown() -> None:
    assert refusal(code(key=UNKNOWN_KEY)) == "unknown_key"
    assert refusal(present(app_code(UNKNOWN_KEY), HOLDER, PRESENTED)) == "unknown_key"
    assert refusal(code(), {}) == "unknown_key"


# --- bad signature ----------------------------------------------------------------------------


def _refusal_of_unsigned_body(body: bytes) -> str:
    """What reading `body` with a signature not its own must answer (a body is a list of 11
    items of kind 1, a credential, or of 13 items of kind 3, a voucher)."""
    try:
        fields = cbor2.loads(body)
    except Exception:
        return "code_malformed"
    if not (
        isinstance(fields, list)
        and len(fields) in (11, 13)
        and fields[0] == {11: 1, 13: 3}[len(fields)]
        and isinstance(fields[1], bytes)
        and len(fields[1]) == 8
    ):
        return "code_malformed"
    return "bad_signature" if fields[1].hex() in KEYS else "unknown_key"


@pytest.mark.parametrize("make", [code, app_code], ids=["paper", "app"])
def test_every_bit_of_the_body_is_signed(make: Callable[[], str]) -> None:
    """Flip each bit of the body in turn: never accepted, and a bad signature whenever the
    changed body still looks like a credential of a key the till holds."""
    body, signature = parts_of(make())
    found: dict[str, int] = {}
    for bit in range(len(body) * 8):
        flipped = bytearray(body)
        flipped[bit // 8] ^= 1 << (bit % 8)
        answer = refusal(wrap([bytes(flipped), signature]))
        assert answer == _refusal_of_unsigned_body(bytes(flipped)), bit
        found[answer] = found.get(answer, 0) + 1
    assert sum(found.values()) == len(body) * 8
    assert found["bad_signature"] > len(body) * 8 // 2, found


def test_every_bit_of_the_signature_counts() -> None:
    body, signature = parts_of(code())
    for bit in range(len(signature) * 8):
        flipped = bytearray(signature)
        flipped[bit // 8] ^= 1 << (bit % 8)
        assert refusal(wrap([body, bytes(flipped)])) == "bad_signature", bit


def test_a_signature_from_another_code_is_refused() -> None:
    paper_body, _ = parts_of(code(SupportKind.PAPER))
    _, card_signature = parts_of(code(SupportKind.CARD))
    assert refusal(wrap([paper_body, card_signature])) == "bad_signature"
    _, other_day_signature = parts_of(code(expires_at=EXPIRES + timedelta(days=1)))
    assert refusal(wrap([paper_body, other_day_signature])) == "bad_signature"


def test_an_unsigned_change_of_one_field_is_refused() -> None:
    body, signature = parts_of(code())
    for name, value in [("name", "Léa Dupont"), ("expires", 2**31), ("support", 2)]:
        fields = cbor2.loads(body)
        fields[F[name]] = value
        assert refusal(wrap([cbor2.dumps(fields), signature])) == "bad_signature", name


def test_a_signature_by_another_key_or_without_context_is_refused() -> None:
    """The body names the Region's key: the signature must be that key's, over that context."""
    body, _ = parts_of(code())
    assert refusal(wrap([body, UNKNOWN_KEY.sign(CREDENTIAL_CONTEXT + body)])) == "bad_signature"
    assert refusal(wrap([body, NEXT_KEY.sign(CREDENTIAL_CONTEXT + body)])) == "bad_signature"
    assert refusal(wrap([body, OLD_KEY.sign(body)])) == "bad_signature"
    assert refusal(wrap([body, OLD_KEY.sign(PRESENTATION_CONTEXT + body)])) == "bad_signature"


# --- retired keys and key periods -------------------------------------------------------------


def test_a_code_of_a_retired_key_is_refused() -> None:
    assert refusal(code(key=RETIRED_KEY)) == "key_retired"
    assert refusal(present(app_code(RETIRED_KEY), HOLDER, PRESENTED)) == "key_retired"


def test_retiring_a_key_refuses_its_codes_only() -> None:
    keys = {**KEYS, OLD.kid: replace(OLD, retired=True)}
    assert refusal(code(), keys) == "key_retired"
    assert refusal(presentation(), keys) == "key_retired"
    issued = datetime(2026, 3, 1, tzinfo=UTC)
    assert read_code(code(key=NEXT_KEY, issued_at=issued), keys).key_id == NEXT.kid


@pytest.mark.parametrize(
    "issued",
    [
        OLD.not_before - timedelta(seconds=1),
        OLD.not_after + timedelta(seconds=1),
        datetime(2020, 1, 1, tzinfo=UTC),
        datetime(2030, 1, 1, tzinfo=UTC),
    ],
)
def test_a_code_issued_outside_its_key_period_is_refused(issued: datetime) -> None:
    assert refusal(code(issued_at=issued)) == "key_not_valid_then"
    assert refusal(presentation(static=app_code(issued_at=issued))) == "key_not_valid_then"


@pytest.mark.parametrize("issued", [OLD.not_before, OLD.not_after])
def test_a_key_period_includes_its_bounds(issued: datetime) -> None:
    assert read_code(code(issued_at=issued), KEYS).issued_at == issued


# --- key rotation -----------------------------------------------------------------------------


def test_old_and_next_key_codes_both_read_during_rotation() -> None:
    in_old_period = code(key=OLD_KEY, issued_at=ISSUED)
    in_next_period = code(key=NEXT_KEY, issued_at=datetime(2026, 3, 1, tzinfo=UTC))
    overlap = datetime(2026, 1, 15, tzinfo=UTC)
    assert read_code(in_old_period, KEYS).key_id == OLD.kid
    assert read_code(in_next_period, KEYS).key_id == NEXT.kid
    for key, kid in ((OLD_KEY, OLD.kid), (NEXT_KEY, NEXT.kid)):
        assert read_code(code(key=key, issued_at=overlap), KEYS).key_id == kid
        static = app_code(key, issued_at=overlap)
        assert read_code(presentation(static=static), KEYS).key_id == kid


def test_rotation_once_the_old_key_left_the_snapshot() -> None:
    only_next = {NEXT.kid: NEXT}
    assert refusal(code(key=OLD_KEY), only_next) == "unknown_key"
    assert read_code(code(key=NEXT_KEY, issued_at=datetime(2026, 3, 1, tzinfo=UTC)), only_next)


def test_the_next_key_cannot_sign_before_its_period() -> None:
    assert refusal(code(key=NEXT_KEY, issued_at=ISSUED)) == "key_not_valid_then"


# --- bad presentation -------------------------------------------------------------------------


def test_a_presentation_signed_by_another_phone_is_refused() -> None:
    assert refusal(present(app_code(), OTHER_HOLDER, PRESENTED)) == "bad_presentation"


@pytest.mark.parametrize("shift", [1, -1, 30, -30, 3600, -86400, 10**9])
def test_a_presentation_time_changed_after_signing_is_refused(shift: int) -> None:
    """A screenshot whose time is moved forward to look fresh."""
    parts = parts_of(presentation())
    parts[2] += shift
    assert refusal(wrap(parts)) == "bad_presentation"


def test_every_bit_of_the_holder_signature_counts() -> None:
    parts = parts_of(presentation())
    for bit in range(0, 512, 7):
        proof = bytearray(parts[3])
        proof[bit // 8] ^= 1 << (bit % 8)
        assert refusal(wrap([*parts[:3], bytes(proof)])) == "bad_presentation", bit


def test_a_presentation_is_bound_to_its_credential() -> None:
    """The phone's signature covers the Region's signature: it cannot be moved to another
    credential certifying the same phone."""
    other = app_code(expires_at=EXPIRES + timedelta(days=7))
    moved = parts_of(other)[:2] + parts_of(presentation())[2:]
    assert refusal(wrap(moved)) == "bad_presentation"
    assert read_code(presentation(static=other), KEYS).expires_at == EXPIRES + timedelta(days=7)


def test_a_holder_signature_without_context_is_refused() -> None:
    body, signature = parts_of(app_code())
    presented = int(PRESENTED.timestamp())
    bare = signature + presented.to_bytes(8, "big", signed=True)
    assert refusal(wrap([body, signature, presented, HOLDER.sign(bare)])) == "bad_presentation"
    fake = HOLDER.sign(CREDENTIAL_CONTEXT + bare)
    assert refusal(wrap([body, signature, presented, fake])) == "bad_presentation"


# --- QR code sizes ----------------------------------------------------------------------------

PAPER_QR_VERSION = 10
"""Measured: version of the paper code of NAME / SERIAL, error correction M (282 characters)."""
PAPER_QR_LIMIT = 10
"""Printed at a few centimetres, a paper code must stay at version 10 or below."""
PRESENTATION_QR_VERSION = 13
"""Measured: version of the phone app's presentation of the same person (438 characters)."""
PRESENTATION_QR_LIMIT = 13
"""A phone screen, read by a webcam: version 13 or below."""


def _qr(payload: str) -> segno.QRCode:
    qr = segno.make_qr(payload, error="m")
    assert qr.mode == "alphanumeric", "Base45 is the QR alphanumeric alphabet"
    return qr


def test_paper_code_fits_its_qr_version() -> None:
    qr = _qr(code(SupportKind.PAPER))
    assert qr.version == PAPER_QR_VERSION, "measured figure changed: update the constant"
    assert qr.version <= PAPER_QR_LIMIT


def test_app_presentation_fits_its_qr_version() -> None:
    qr = _qr(presentation())
    assert qr.version == PRESENTATION_QR_VERSION, "measured figure changed: update the constant"
    assert qr.version <= PRESENTATION_QR_LIMIT


# --- properties -------------------------------------------------------------------------------

_cbor_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64 - 1)
    | st.binary(max_size=80)
    | st.text(max_size=20)
    | st.floats(),
    lambda children: st.lists(children, max_size=12) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
_GENUINE = [code(), code(SupportKind.CARD), app_code(), presentation()]


@st.composite
def _edited_genuine(draw: st.DrawFn) -> str:
    payload = draw(st.sampled_from(_GENUINE))
    start = draw(st.integers(0, len(payload)))
    end = draw(st.integers(start, min(len(payload), start + 5)))
    return payload[:start] + draw(st.text(BASE45_ALPHABET, max_size=5)) + payload[end:]


_payloads = st.one_of(
    st.text(),
    st.text().map(lambda text: PREFIX + text),
    st.text(BASE45_ALPHABET, max_size=600).map(lambda text: PREFIX + text),
    st.binary(max_size=400).map(wrap_raw),
    _cbor_values.map(wrap),
    st.lists(_cbor_values, min_size=2, max_size=4).map(wrap),
    st.tuples(
        st.lists(_cbor_values, max_size=14).map(cbor2.dumps), st.binary(min_size=64, max_size=64)
    ).map(lambda parts: wrap(list(parts))),
    _edited_genuine(),
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(_payloads)
def test_any_text_is_read_or_refused_never_a_crash(payload: str) -> None:
    try:
        credential = read_code(payload, KEYS)
    except CredentialError as error:
        assert error.code in REFUSALS
    else:
        assert isinstance(credential, Credential)


_NAME_CHARS = st.characters(categories=["L"]) | st.sampled_from(" -'")
_KEY_PERIOD = (int(OLD.not_before.timestamp()), int(OLD.not_after.timestamp()))


@st.composite
def _claims(draw: st.DrawFn) -> dict[str, Any]:
    issued = draw(st.integers(*_KEY_PERIOD))
    return {
        "region": draw(st.sampled_from(["NOR", "La Réunion", ""])),
        "beneficiary": draw(st.binary(min_size=16, max_size=16)).hex(),
        "serial": draw(st.from_regex(r"[A-Z]{2}[0-9]{2}-[0-9]{10}", fullmatch=True)),
        "support": draw(st.sampled_from([SupportKind.APP, SupportKind.PAPER, SupportKind.CARD])),
        "holder_name": draw(st.text(_NAME_CHARS, min_size=1, max_size=60)),
        "birth_date": draw(st.dates(date(1990, 1, 1), date(2015, 12, 31))),
        "issued_at": datetime.fromtimestamp(issued, UTC),
        "expires_at": datetime.fromtimestamp(issued + draw(st.integers(0, 400 * 86400)), UTC),
    }


@settings(derandomize=True, max_examples=150, deadline=None)
@given(_claims(), st.none() | st.integers(0, 30 * 86400))
def test_issued_codes_read_back_exactly(claims: dict[str, Any], after: int | None) -> None:
    app = claims["support"] is SupportKind.APP
    payload = issue_code(OLD_KEY, holder_key=HOLDER_PUBLIC if app else None, **claims)
    presented = None
    if app and after is not None:
        presented = claims["issued_at"] + timedelta(seconds=after)
        payload = present(payload, HOLDER, presented)
    assert read_code(payload, KEYS) == Credential(
        beneficiary=BeneficiaryKey(claims["beneficiary"]),
        serial=claims["serial"],
        support=claims["support"],
        holder_name=claims["holder_name"],
        birth_date=claims["birth_date"],
        issued_at=claims["issued_at"],
        expires_at=claims["expires_at"],
        key_id=OLD.kid,
        region=claims["region"],
        holder_key=HOLDER_PUBLIC if app else None,
        presented_at=presented,
    )
