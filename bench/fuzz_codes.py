"""Fuzz `read_code` with random and mutated `AT2:` payloads: only refusals, never a forgery.

    python bench/fuzz_codes.py [--n 1000000] [--seed 2025] [--show 5]

Each payload is drawn by one mutation kind: random text, random Base45, random CBOR, or a
mutation of a genuine code (paper, card, the app's credential and presentations, vouchers): bit
flips, byte insertions and deletions, truncations, splices of two codes, recombined parts,
re-encoded bodies... Every payload goes
through `read_code` with a till's keys (two Region keys in rotation and a retired one). The
outcome is the refusal code, or one of:

- `accepted`: exactly a genuine code, up to surrounding whitespace and letter case;
- `accepted_variant`: another payload carrying the same signed parts as a genuine code
  (body, Region signature and, for the phone app, time and holder signature byte for byte);
- `accepted_signed`: a body the fuzzer itself signed with a Region key (kind `signed_body`,
  which feeds odd signed fields to the parser; its acceptance proves nothing).

Anything else is a failure: a payload that reads with any other content is a **forgery**, and any
exception other than `CredentialError` is a **crash**. The script prints the counts per kind,
the outcomes, the failures (payload included), the elapsed time and the rate, and exits 1 on any
failure. The run is deterministic for a given `--seed`.

`tests/test_credentials_fuzz.py` loads this file by path and runs a short fuzz of the same code.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import struct
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import base45
import cbor2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import (
    CREDENTIAL_CONTEXT,
    PREFIX,
    PRESENTATION_CONTEXT,
    CredentialError,
    RegionKey,
    issue_code,
    issue_voucher,
    present,
    read_code,
)
from pos_app.domain.model import Credential, SupportKind
from pos_app.domain.signing import key_id, public_bytes

DEFAULT_N = 1_000_000
DEFAULT_SEED = 2025

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
ODD_CHARS = "éèÉßıſﬀ\u00a0\u2028\u200b\x00\t\r\n€😀ÿ"
TEXT_ALPHABET = BASE45_ALPHABET + BASE45_ALPHABET.lower() + "!\"#&'(),;<=>?@[\\]^_`{|}~" + ODD_CHARS
PREFIXES = ("AT2:", "at2:", "At2:", " AT2:", "AT2", "AT1:", "ATP1:", "AT2;", "HC1:", "")
EDGE_INTS = (2**63, -(2**63), 2**64 - 1, -(2**64), 10**20, 2**100, -(2**100))
ODD_DATES = (19000101, 20080229, 20261340, 20250229, 99991231, 0, -1)
ODD_SCALARS = (None, True, False, 1.5, float("nan"), float("inf"), -0.0, 1e300, cbor2.undefined)
TAGS = (0, 1, 2, 3, 4, 5, 21, 24, 25, 28, 29, 30, 32, 35, 36, 37, 100, 256, 258, 260, 261, 55799)


def _key(label: str) -> Ed25519PrivateKey:
    """A fixed key: every code, hence every run with the same seed, is the same."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


def _at(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def _region_key(private: Ed25519PrivateKey, start: datetime, end: datetime, retired: bool = False):
    public = public_bytes(private)
    return RegionKey(key_id(public), public, start, end, retired)


@dataclass
class Corpus:
    """The genuine codes the fuzzer mutates and the till's keys it reads them with."""

    keys: dict[str, RegionKey]
    payloads: list[str]
    """Every genuine payload: readable ones, and some a till refuses (retired, unknown key)."""
    genuine: dict[tuple[Any, ...], Credential]
    """Signed parts of each readable genuine payload -> the credential it must read as."""
    normalized: set[str]
    """Readable genuine payloads, stripped and upper-cased."""
    raws: list[bytes]
    """The CBOR bytes of every genuine payload."""
    envelopes: list[list[Any]]
    """The decoded parts of every genuine payload."""
    bodies: list[list[Any]]
    """The decoded fields of every genuine body."""
    trusted: Ed25519PrivateKey
    """A Region key the till trusts (for `signed_body` only)."""
    holder: Ed25519PrivateKey


def build_corpus() -> Corpus:
    old, new, retired, unknown = (_key(f"fuzz region {n}") for n in ("old", "new", "retired", "x"))
    holder = _key("fuzz holder")
    keys = {
        k.kid: k
        for k in (
            _region_key(old, _at(2024, 9, 1), _at(2026, 1, 31)),
            _region_key(new, _at(2026, 1, 1), _at(2028, 1, 1)),
            _region_key(retired, _at(2024, 9, 1), _at(2028, 1, 1), retired=True),
        )
    }
    people = [
        ("Marie-Geneviève de La Tour-d'Auvergne-Lauraguais", date(2008, 2, 29), "AT25-0001234567"),
        ("Léa Dupont", date(2010, 12, 31), "AT26-0000000001"),
        ("Noé N'Diaye-Ésposito", date(2007, 1, 1), "RE26-9876543210"),
    ]
    readable: list[str] = []
    refused: list[str] = []
    for n, (name, born, serial) in enumerate(people):
        for signer, issued in ((old, _at(2025, 9, 1, 8)), (new, _at(2026, 3, 2, 9))):
            claims = {
                "region": ("NOR", "La Réunion")[n % 2],
                "beneficiary": hashlib.sha256(serial.encode()).digest()[:16].hex(),
                "serial": serial,
                "holder_name": name,
                "birth_date": born,
                "issued_at": issued + timedelta(minutes=n),
                "expires_at": issued + timedelta(days=300),
            }
            for support in (SupportKind.PAPER, SupportKind.CARD):
                readable.append(issue_code(signer, support=support, **claims))
            app = issue_code(
                signer, support=SupportKind.APP, holder_key=public_bytes(holder), **claims
            )
            readable.append(app)
            for seconds in (0, 30, 3600):
                readable.append(present(app, holder, issued + timedelta(seconds=seconds)))
            readable.append(
                issue_voucher(
                    signer,
                    region=claims["region"],
                    beneficiary=claims["beneficiary"],
                    serial=f"V-{serial}",
                    scheme_id="numerisak-2026-27",
                    category_id="numerique",
                    face_cents=(1500, 3000, 10000)[n],
                    valid_until=date(2027, 6, 30),
                    holder_name=name,
                    birth_date=born,
                    guardian_name=(None, "Paul Dupont", "Aïcha N'Diaye")[n],
                    issued_at=claims["issued_at"],
                )
            )
        refused.append(issue_code(retired, support=SupportKind.PAPER, **claims))
        refused.append(issue_code(unknown, support=SupportKind.CARD, **claims))
    genuine = {tuple(envelope(p)): read_code(p, keys) for p in readable}
    every = readable + refused
    raws = [base45.b45decode(p[len(PREFIX) :]) for p in every]
    if any(encode_raw(raw) != p for raw, p in zip(raws, every, strict=True)):
        raise RuntimeError("encode_raw differs from base45.b45encode")
    envelopes = [cbor2.loads(raw) for raw in raws]
    return Corpus(
        keys=keys,
        payloads=every,
        genuine=genuine,
        normalized={p.strip().upper() for p in readable},
        raws=raws,
        envelopes=envelopes,
        bodies=[cbor2.loads(e[0]) for e in envelopes],
        trusted=old,
        holder=holder,
    )


def envelope(payload: str) -> list[Any]:
    """The CBOR parts of a payload (the fuzzer's own decoding; raises on anything odd)."""
    text = payload.strip().upper()
    if not text.startswith(PREFIX):
        raise ValueError("no prefix")
    parts = cbor2.loads(base45.b45decode(text[len(PREFIX) :]))
    if not isinstance(parts, list):
        raise ValueError("not a list")
    return parts


def encode(parts: Any) -> str:
    return encode_raw(cbor2.dumps(parts))


_PAIRS = [
    BASE45_ALPHABET[x % 45] + BASE45_ALPHABET[x // 45 % 45] + BASE45_ALPHABET[x // 2025]
    for x in range(65536)
]
"""Base45 of every 2-byte group: the library's pure-Python encoder dominated the fuzz time."""


def encode_raw(raw: bytes) -> str:
    """`PREFIX` + Base45 of `raw`, as `base45.b45encode` (checked when the corpus is built)."""
    even = len(raw) & ~1
    text = "".join([_PAIRS[x] for x in struct.unpack(f">{even // 2}H", raw[:even])])
    if len(raw) & 1:
        text += BASE45_ALPHABET[raw[-1] % 45] + BASE45_ALPHABET[raw[-1] // 45]
    return PREFIX + text


# --- random material ------------------------------------------------------------------------


def random_bytes(rng: random.Random, low: int = 0, high: int = 80) -> bytes:
    return rng.randbytes(rng.randint(low, high))


def random_int(rng: random.Random) -> int:
    branch = rng.randrange(6)
    if branch == 0:
        return rng.randint(-30, 30)
    if branch == 1:
        return rng.randint(0, 2**32)
    if branch == 2:
        return rng.randint(-(2**64), 2**64 - 1)
    if branch == 3:
        return rng.choice(EDGE_INTS)
    if branch == 4:
        return rng.randint(1_700_000_000, 1_900_000_000)
    return rng.choice(ODD_DATES)


def random_value(rng: random.Random, corpus: Corpus, depth: int = 0) -> Any:
    """Any CBOR value cbor2 can encode, biased towards what a code holds."""
    roll = rng.random()
    if depth > 3 or roll < 0.25:
        branch = rng.randrange(5)
        if branch == 0:
            return random_bytes(rng)
        if branch == 1:
            return rng.randbytes(rng.choice((8, 16, 32, 63, 64, 65)))
        if branch == 2:
            return random_int(rng)
        if branch == 3:
            return "".join(rng.choices(TEXT_ALPHABET, k=rng.randint(0, 20)))
        return rng.choice(ODD_SCALARS)
    if roll < 0.45:
        source = rng.choice(corpus.envelopes)
        return rng.choice(source)
    if roll < 0.6:
        fields = list(rng.choice(corpus.bodies))
        fields[rng.randrange(len(fields))] = random_value(rng, corpus, depth + 1)
        return cbor2.dumps(fields) if rng.random() < 0.7 else fields
    if roll < 0.75:
        return [random_value(rng, corpus, depth + 1) for _ in range(rng.randint(0, 12))]
    if roll < 0.85:
        return {
            rng.choice((random_int(rng), "k", b"k", None)): random_value(rng, corpus, depth + 1)
            for _ in range(rng.randint(0, 3))
        }
    return cbor2.CBORTag(rng.choice(TAGS), random_value(rng, corpus, depth + 1))


# --- mutation kinds: each returns one payload -------------------------------------------------


def text_random(rng: random.Random, corpus: Corpus) -> str:
    text = "".join(rng.choices(TEXT_ALPHABET, k=rng.randint(0, 300)))
    return rng.choice(PREFIXES) + text if rng.random() < 0.7 else text


def base45_random(rng: random.Random, corpus: Corpus) -> str:
    """Base45 characters in any number and order: most are not valid Base45."""
    return PREFIX + "".join(rng.choices(BASE45_ALPHABET, k=rng.randint(0, 500)))


def base45_bytes(rng: random.Random, corpus: Corpus) -> str:
    """Valid Base45 of random bytes, often behind a CBOR array header."""
    head = rng.choice((b"", b"\x82", b"\x84", b"\x82\x58", b"\x84\x58\x40", b"\x9f", b"\x82\x59"))
    return encode_raw(head + random_bytes(rng, 0, 300))


def cbor_random(rng: random.Random, corpus: Corpus) -> str:
    """Valid CBOR of random structures, mostly envelope-shaped."""
    if rng.random() < 0.8:
        parts = [random_value(rng, corpus) for _ in range(rng.choice((0, 1, 2, 2, 3, 4, 4, 5)))]
    else:
        parts = random_value(rng, corpus)
    return encode(parts)


def bit_flip(rng: random.Random, corpus: Corpus) -> str:
    raw = bytearray(rng.choice(corpus.raws))
    for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return encode_raw(bytes(raw))


def byte_insert(rng: random.Random, corpus: Corpus) -> str:
    raw = bytearray(rng.choice(corpus.raws))
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(raw))
        raw[at:at] = rng.randbytes(rng.choice((1, 1, 2, 3, 64)))
    return encode_raw(bytes(raw))


def byte_delete(rng: random.Random, corpus: Corpus) -> str:
    raw = bytearray(rng.choice(corpus.raws))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(raw))
        del raw[at : at + rng.choice((1, 1, 2, 5, 30))]
        if not raw:
            break
    return encode_raw(bytes(raw))


def byte_replace(rng: random.Random, corpus: Corpus) -> str:
    raw = bytearray(rng.choice(corpus.raws))
    for _ in range(rng.randint(1, 3)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return encode_raw(bytes(raw))


def truncate(rng: random.Random, corpus: Corpus) -> str:
    """Cut the text (a partial scan) or the bytes, or append to them."""
    at = rng.randrange(len(corpus.payloads))
    roll = rng.random()
    if roll < 0.4:
        return corpus.payloads[at][: rng.randrange(len(corpus.payloads[at]))]
    raw = corpus.raws[at]
    if roll < 0.8:
        return encode_raw(raw[: rng.randrange(len(raw))])
    return encode_raw(raw + rng.randbytes(rng.choice((1, 2, 3, 64))))


def text_edit(rng: random.Random, corpus: Corpus) -> str:
    """Change, insert or delete characters of the Base45 text (a misread module)."""
    text = list(rng.choice(corpus.payloads))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(PREFIX), len(text) + 1)
        char = rng.choice(BASE45_ALPHABET if rng.random() < 0.9 else TEXT_ALPHABET)
        op = rng.randrange(3)
        if op == 0 and at < len(text):
            text[at] = char
        elif op == 1:
            text.insert(at, char)
        elif at < len(text):
            del text[at]
    return "".join(text)


def splice(rng: random.Random, corpus: Corpus) -> str:
    """The start of one code and the end of another, in bytes or in text."""
    first, second = rng.randrange(len(corpus.payloads)), rng.randrange(len(corpus.payloads))
    if rng.random() < 0.5:
        a, b = corpus.payloads[first], corpus.payloads[second]
        return a[: rng.randrange(len(a))] + b[rng.randrange(len(b)) :]
    a, b = corpus.raws[first], corpus.raws[second]
    if rng.random() < 0.5:
        cut = rng.randrange(min(len(a), len(b)))
        return encode_raw(a[:cut] + b[cut:])
    return encode_raw(a[: rng.randrange(len(a))] + b[rng.randrange(len(b)) :])


def part_swap(rng: random.Random, corpus: Corpus) -> str:
    """Well-formed envelopes of parts taken from different genuine codes."""
    dynamic = [e for e in corpus.envelopes if len(e) == 4]
    body = rng.choice(corpus.envelopes)[0]
    signature = rng.choice(corpus.envelopes)[1]
    parts: list[Any] = [body, signature]
    if rng.random() < 0.6:
        a, b = rng.choice(dynamic), rng.choice(dynamic)
        parts += [a[2], b[3]] if rng.random() < 0.5 else [a[2], a[3]]
    if rng.random() < 0.1:
        rng.shuffle(parts)
    return encode(parts)


def part_mutate(rng: random.Random, corpus: Corpus) -> str:
    """A well-formed envelope whose one part is changed: body, signature, time or proof."""
    parts = list(rng.choice(corpus.envelopes))
    index = rng.randrange(len(parts))
    value = parts[index]
    if isinstance(value, bytes) and rng.random() < 0.8:
        data = bytearray(value)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        parts[index] = bytes(data)
    elif isinstance(value, int) and rng.random() < 0.8:
        parts[index] = value + rng.choice((-3600, -30, -1, 1, 30, 3600, 2**40, -(2**40)))
    else:
        parts[index] = random_value(rng, corpus)
    return encode(parts)


def body_reencode(rng: random.Random, corpus: Corpus) -> str:
    """A genuine code whose body was decoded, changed (one field) and encoded again."""
    at = rng.randrange(len(corpus.envelopes))
    parts = list(corpus.envelopes[at])
    fields = list(corpus.bodies[at])
    index = rng.randrange(len(fields))
    same_kind = [body for body in corpus.bodies if len(body) == len(fields)]
    choices: list[Any] = [random_value(rng, corpus), rng.choice(same_kind)[index]]
    if isinstance(fields[index], int):
        choices.append(fields[index] + rng.choice((-1, 1, 86400, 10**6)))
    if isinstance(fields[index], str):
        choices.append(fields[index].upper())
    fields[index] = rng.choice(choices)
    parts[0] = cbor2.dumps(fields)
    return encode(parts)


def variant(rng: random.Random, corpus: Corpus) -> str:
    """A genuine code with whitespace around it, or in other letter case: still genuine."""
    payload = rng.choice(corpus.payloads)
    if rng.random() < 0.5:
        payload = payload.lower() if rng.random() < 0.5 else _random_case(rng, payload)
    space = (" ", "\t", "\n", "\r\n", "", "", "  ")
    return rng.choice(space) + payload + rng.choice(space)


def _random_case(rng: random.Random, text: str) -> str:
    return "".join(c.lower() if rng.random() < 0.5 else c for c in text)


def signed_body(rng: random.Random, corpus: Corpus) -> str:
    """Odd fields signed with a trusted Region key, at times presented by the holder key.
    A Region-side bug rather than a forgery: the parser must refuse or read, never crash."""
    fields = list(rng.choice(corpus.bodies))
    fields[1] = bytes.fromhex(key_id(public_bytes(corpus.trusted)))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(2, len(fields))
        fields[at] = _alike(rng, fields[at]) if rng.random() < 0.6 else random_value(rng, corpus)
    if rng.random() < 0.3:
        fields[10] = public_bytes(corpus.holder)
    body = cbor2.dumps(fields)
    signature = corpus.trusted.sign(CREDENTIAL_CONTEXT + body)
    if rng.random() < 0.6:
        return encode([body, signature])
    presented = rng.choice((random_int(rng), random_value(rng, corpus)))
    try:
        message = PRESENTATION_CONTEXT + signature + presented.to_bytes(8, "big", signed=True)
        proof = corpus.holder.sign(message)
    except (AttributeError, OverflowError, TypeError):
        proof = rng.randbytes(64)
    return encode([body, signature, presented, proof])


def _alike(rng: random.Random, value: Any) -> Any:
    """A value of the same CBOR type: what reaches the deeper checks of the signed fields."""
    if isinstance(value, int):
        return random_int(rng)
    if isinstance(value, str):
        return "".join(rng.choices(TEXT_ALPHABET, k=rng.randint(0, 60)))
    return rng.randbytes(rng.choice((0, 15, 16, 17, 31, 32, 33)))


MUTATORS: dict[str, tuple[Callable[[random.Random, Corpus], str], int]] = {
    "text_random": (text_random, 6),
    "base45_random": (base45_random, 5),
    "base45_bytes": (base45_bytes, 5),
    "cbor_random": (cbor_random, 10),
    "bit_flip": (bit_flip, 12),
    "byte_insert": (byte_insert, 6),
    "byte_delete": (byte_delete, 6),
    "byte_replace": (byte_replace, 6),
    "truncate": (truncate, 8),
    "text_edit": (text_edit, 8),
    "splice": (splice, 8),
    "part_swap": (part_swap, 6),
    "part_mutate": (part_mutate, 8),
    "body_reencode": (body_reencode, 6),
    "variant": (variant, 3),
    "signed_body": (signed_body, 5),
}
"""Mutation kind -> (generator, weight)."""

SIGNED_KINDS = frozenset({"signed_body"})
"""Kinds whose payloads the fuzzer signed itself with a trusted key: acceptance proves nothing."""


# --- running ---------------------------------------------------------------------------------


class Forgery(Exception):
    """A payload read as a credential that no genuine code carries."""


@dataclass
class Failure:
    kind: str
    payload: str
    problem: str


@dataclass
class Report:
    kinds: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    """The first `KEPT_FAILURES` failures (the outcomes count them all)."""
    elapsed: float = 0.0
    reading: float = 0.0
    """Time spent in `read_code` and the forgery check, without generating the payloads."""

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    @property
    def forgeries(self) -> int:
        return self.outcomes["FORGERY"]

    @property
    def crashes(self) -> int:
        return sum(n for name, n in self.outcomes.items() if name.startswith("CRASH"))


KEPT_FAILURES = 100


def outcome(kind: str, payload: str, corpus: Corpus) -> str:
    """The refusal code or acceptance class of one payload; raises Forgery on a forgery.
    Any exception other than CredentialError propagates (the caller records it as a crash)."""
    try:
        credential = read_code(payload, corpus.keys)
    except CredentialError as error:
        return error.code
    if kind in SIGNED_KINDS:
        return "accepted_signed"
    try:
        parts = tuple(envelope(payload))
    except Exception as exc:
        raise Forgery(f"forgery: read_code accepted what cbor2 cannot decode: {exc!r}") from exc
    expected = corpus.genuine.get(parts)
    if expected is None:
        raise Forgery(f"forgery: no genuine code has these parts, read as {credential!r}")
    if credential != expected:
        raise Forgery(f"forgery: read as {credential!r}, the genuine code is {expected!r}")
    return "accepted" if payload.strip().upper() in corpus.normalized else "accepted_variant"


def run(n: int, seed: int = DEFAULT_SEED, corpus: Corpus | None = None) -> Report:
    corpus = corpus or build_corpus()
    rng = random.Random(seed)
    names = list(MUTATORS)
    generators = [MUTATORS[name][0] for name in names]
    weights = [MUTATORS[name][1] for name in names]
    report = Report(by_kind={name: Counter() for name in names})
    clock = time.perf_counter
    start = clock()
    for index in rng.choices(range(len(names)), weights=weights, k=n):
        kind = names[index]
        payload = generators[index](rng, corpus)
        before = clock()
        try:
            result = outcome(kind, payload, corpus)
        except Forgery as exc:
            result = "FORGERY"
            problem = str(exc)
        except Exception as exc:
            result = f"CRASH {type(exc).__name__}"
            problem = f"crash: {exc!r}"
        report.reading += clock() - before
        if result.isupper() and len(report.failures) < KEPT_FAILURES:
            report.failures.append(Failure(kind, payload, problem))
        report.kinds[kind] += 1
        report.outcomes[result] += 1
        report.by_kind[kind][result] += 1
    report.elapsed = clock() - start
    return report


def print_report(report: Report, show: int) -> None:
    columns = sorted(report.outcomes, key=lambda name: -report.outcomes[name])
    print(f"{'kind':<14}{'count':>9}  " + "  ".join(columns))
    for kind, count in report.kinds.most_common():
        cells = "  ".join(f"{report.by_kind[kind][c]:>{len(c)}}" for c in columns)
        print(f"{kind:<14}{count:>9}  {cells}")
    cells = "  ".join(f"{report.outcomes[c]:>{len(c)}}" for c in columns)
    print(f"{'all':<14}{report.total:>9}  {cells}")
    print()
    print("outcomes:")
    for name, count in report.outcomes.most_common():
        print(f"  {name:<20}{count:>9}  {100 * count / report.total:6.2f} %")
    print(
        f"accepted {report.outcomes['accepted'] + report.outcomes['accepted_variant']} "
        f"(exactly a genuine code {report.outcomes['accepted']}, other payload with a genuine "
        f"code's signed parts {report.outcomes['accepted_variant']}); fuzzer-signed accepted "
        f"{report.outcomes['accepted_signed']}; FORGERIES {report.forgeries}; "
        f"CRASHES {report.crashes}"
    )
    for failure in report.failures[:show]:
        print(f"FAILURE [{failure.kind}] {failure.problem}\n  payload: {failure.payload!r}")
    if report.forgeries + report.crashes > show:
        print(f"... and {report.forgeries + report.crashes - show} more failures")
    rate = report.total / report.elapsed if report.elapsed else 0.0
    read_rate = report.total / report.reading if report.reading else 0.0
    print(
        f"elapsed {report.elapsed:.1f} s, {rate:,.0f} payloads/s "
        f"(reading alone {report.reading:.1f} s, {read_rate:,.0f} payloads/s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="payloads to try")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--show", type=int, default=5, help="failures printed in full")
    args = parser.parse_args(argv)
    print(
        f"fuzz_codes {datetime.now(UTC).isoformat(timespec='seconds')}  n={args.n}  "
        f"seed={args.seed}  Python {platform.python_version()}  cbor2 {_version('cbor2')}"
    )
    report = run(args.n, args.seed)
    print_report(report, args.show)
    return 1 if report.forgeries or report.crashes else 0


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
