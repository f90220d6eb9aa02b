"""Real `AT…` payloads for the scanner's image tests and bench: signed like the Region signs.

Deterministic: the keys and claims come from a seed, so the same seed gives the same payloads
(Ed25519 signatures are deterministic). Paper and card credentials are about 240 characters, the
phone app's presentations (the credential plus the holder's signature of the instant) about 400:
QR versions 10 to 13 at error-correction level M, as the till meets them.

Lives beside the tests (not in `scanner/`), because `scanner` must not import `pos_app`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import issue_code, present
from pos_app.domain.model import SupportKind
from pos_app.domain.signing import public_bytes

FIRST = ["Léa", "Noé", "Chloé", "Maël", "Inès", "Théo", "Anaïs", "Gaël", "Zoé", "Loïc"]
LAST = ["Lefèvre", "Marchand", "Hébert", "Duchêne", "Lacroix", "Benoît", "Payet", "Hoarau"]


def real_payloads(count: int, seed: int = 6) -> list[str]:
    """`count` distinct payloads: half paper/card credentials, half app presentations."""
    rng = random.Random(seed)
    region_key = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
    issued = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
    payloads: list[str] = []
    for index in range(count):
        app = index % 2 == 1
        holder = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32)) if app else None
        name = f"{rng.choice(FIRST)}-{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
        if rng.random() < 0.5:
            name += f" de {rng.choice(LAST)}"
        static = issue_code(
            region_key,
            region=rng.choice(["NOR", "REU"]),
            beneficiary=rng.randbytes(16).hex(),
            serial=f"{rng.randrange(10**11, 10**12)}",
            support=SupportKind.APP if app else rng.choice([SupportKind.PAPER, SupportKind.CARD]),
            holder_name=name,
            birth_date=date(2006, 1, 1) + timedelta(days=rng.randrange(3000)),
            issued_at=issued,
            expires_at=issued + timedelta(days=365),
            holder_key=public_bytes(holder) if holder is not None else None,
        )
        if holder is not None:
            at = issued + timedelta(days=rng.randrange(300), seconds=rng.randrange(86400))
            static = present(static, holder, at)
        payloads.append(static)
    return payloads
