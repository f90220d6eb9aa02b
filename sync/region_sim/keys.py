"""The reference Region's signing keys: the current one, the next one, the retired ones.

Rotation without a failed scan: a new key is announced in the snapshot before it starts
signing (`not_before` in the future), so every till already trusts it on the day it is used;
the old key stops signing then, and the codes it signed stay valid. A compromised key is
retired: every till refuses all its codes from the next snapshot on.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import RegionKey
from pos_app.domain.signing import b64url, key_id, public_bytes, unb64url

SCHEMA = """
CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY, private_key TEXT NOT NULL, not_before TEXT NOT NULL,
    not_after TEXT NOT NULL, retired INTEGER NOT NULL DEFAULT 0);
"""
FIRST_KEY_FROM = datetime(2000, 1, 1, tzinfo=UTC)
FOREVER = datetime(2100, 1, 1, tzinfo=UTC)


class UnknownKey(LookupError):
    pass


def raw_private_key(key: Ed25519PrivateKey) -> str:
    """The reference server keeps private keys (its own, and the phones' it plays) as text."""
    return b64url(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )


def ensure_first_key(conn: sqlite3.Connection) -> None:
    if conn.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 0:
        add_key(conn, Ed25519PrivateKey.generate(), FIRST_KEY_FROM, FOREVER)


def add_key(
    conn: sqlite3.Connection, key: Ed25519PrivateKey, not_before: datetime, not_after: datetime
) -> str:
    kid = key_id(public_bytes(key))
    conn.execute(
        "INSERT INTO signing_keys VALUES (?, ?, ?, ?, 0)",
        (kid, raw_private_key(key), not_before.isoformat(), not_after.isoformat()),
    )
    return kid


def rotate(conn: sqlite3.Connection, starts: datetime) -> str:
    """Announce a new key that signs from `starts`; the current one stops signing then."""
    current = signing_key(conn, starts - timedelta(seconds=1))
    conn.execute(
        "UPDATE signing_keys SET not_after = ? WHERE kid = ?",
        (starts.isoformat(), key_id(public_bytes(current))),
    )
    return add_key(conn, Ed25519PrivateKey.generate(), starts, FOREVER)


def retire(conn: sqlite3.Connection, kid: str) -> None:
    if conn.execute("UPDATE signing_keys SET retired = 1 WHERE kid = ?", (kid,)).rowcount != 1:
        raise UnknownKey(kid)


def signing_key(conn: sqlite3.Connection, now: datetime) -> Ed25519PrivateKey:
    """The newest non-retired key whose period has begun."""
    rows = conn.execute(
        "SELECT private_key, not_before FROM signing_keys WHERE retired = 0 "
        "ORDER BY not_before DESC"
    ).fetchall()
    for private, not_before in rows:
        if datetime.fromisoformat(not_before) <= now:
            return Ed25519PrivateKey.from_private_bytes(unb64url(private))
    raise UnknownKey("no usable signing key")


def public_keys(conn: sqlite3.Connection) -> dict[str, RegionKey]:
    keys = {}
    for kid, private, not_before, not_after, retired in conn.execute(
        "SELECT kid, private_key, not_before, not_after, retired FROM signing_keys"
    ):
        public = public_bytes(Ed25519PrivateKey.from_private_bytes(unb64url(private)))
        keys[kid] = RegionKey(
            kid,
            public,
            datetime.fromisoformat(not_before),
            datetime.fromisoformat(not_after),
            bool(retired),
        )
    return keys
