"""The reference Region's own state: partners, devices, beneficiaries, wallets, its ledger.

For the demo, the tests and staff training only — never production. It is nevertheless strict
where the real server must be: a transaction id is unique (a retried upload is counted once),
a wallet never goes below zero, a void only cancels an accepted debit of the same partner.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from stdnum.fr import siret

from pos_app.domain.credentials import issue_code, issue_coupon, issue_voucher, present
from pos_app.domain.manual_codes import keyed_hash, with_check_digit
from pos_app.domain.model import Partner, Policy, SupportKind
from pos_app.domain.rulebook import DebitFacts, Holder, WalletFacts, debit_refusal, voucher_face
from pos_app.domain.schemes import Category, Scheme
from pos_app.domain.signing import b64url, canonical_json, key_id, public_bytes, sign, unb64url
from pos_app.domain.snapshot import DELTA, FULL, header_line, keys_to_json, signature_line
from pos_app.domain.statements import signed, statement_to_json
from sync.region_sim import keys, memberships, reimbursements, snapshots, vouchers

DB_NAME = "region.sqlite3"
DEFAULT_REGION = "NOR"
APP = SupportKind.APP
APP_CREDENTIAL_DAYS = 7
"""The phone app's credential (which certifies its holder key) is renewed online weekly; each
presentation it draws is fresh for seconds."""
SCHEMA_VERSION = 14

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS partners (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    accreditations TEXT NOT NULL, enrollment_code TEXT NOT NULL, region TEXT NOT NULL,
    siret TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners (id),
    name TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS beneficiaries (
    id TEXT PRIMARY KEY, pkey TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    birth_date TEXT NOT NULL, serial TEXT NOT NULL, support TEXT NOT NULL,
    region TEXT NOT NULL, holder_private_key TEXT, suspended INTEGER NOT NULL DEFAULT 0,
    manual_code TEXT NOT NULL UNIQUE, guardian TEXT);
CREATE TABLE IF NOT EXISTS bons_plans (
    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, title TEXT NOT NULL, starts_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bon_plan_entries (
    bon_plan_id TEXT NOT NULL, beneficiary_id TEXT NOT NULL, attended_at TEXT,
    checked_in_by TEXT, PRIMARY KEY (bon_plan_id, beneficiary_id));
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_sha256 TEXT PRIMARY KEY, partner_id TEXT NOT NULL, expires_at TEXT NOT NULL,
    used_at TEXT);
CREATE TABLE IF NOT EXISTS coupons (
    id TEXT PRIMARY KEY, beneficiary_id TEXT NOT NULL, partner_id TEXT NOT NULL,
    scheme_id TEXT NOT NULL, category_id TEXT NOT NULL, amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL, issued_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revocations (
    serial TEXT PRIMARY KEY, reason TEXT NOT NULL, revoked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wallets (
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id), scheme_id TEXT NOT NULL,
    category_id TEXT NOT NULL, granted_cents INTEGER NOT NULL,
    balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0), units INTEGER NOT NULL,
    PRIMARY KEY (beneficiary_id, scheme_id, category_id));
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, txn_id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL, partner_id TEXT NOT NULL, kind TEXT NOT NULL,
    beneficiary TEXT NOT NULL, scheme_id TEXT NOT NULL, category_id TEXT NOT NULL,
    item_kind TEXT NOT NULL, amount_cents INTEGER NOT NULL, forfeited_cents INTEGER NOT NULL,
    price_cents INTEGER NOT NULL, created_at TEXT NOT NULL, received_at TEXT NOT NULL,
    voids TEXT, status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
    voucher_serial TEXT NOT NULL DEFAULT '', equipment_serial TEXT NOT NULL DEFAULT '',
    coupon_id TEXT NOT NULL DEFAULT '', guardian_checked INTEGER NOT NULL DEFAULT 0);
"""


class RegionError(Exception):
    """A request the Region refuses; `status` is the HTTP status, `message` French."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class SignedSnapshot:
    prelude: bytes
    """The header line and its signature line."""
    records: snapshots.Records

    def chunks(self) -> Iterator[bytes]:
        yield self.prelude
        yield from self.records.chunks()

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks())


@dataclass(frozen=True, slots=True)
class DeviceAuth:
    device_id: str
    partner_id: str


class RegionState:
    def __init__(self, data_dir: Path, schemes: dict[str, Scheme]) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.schemes = schemes
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(data_dir / DB_NAME), isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA busy_timeout=5000")
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if has_tables and version == 8:  # 9 only adds the change log of deltas: start it
            self._conn.executescript(snapshots.CHANGES_SCHEMA)
            self._conn.execute("INSERT INTO changes (beneficiary_id) SELECT id FROM beneficiaries")
            version = 9
        if has_tables and version == 9:  # 10 adds the partner's SIRET and address
            self._conn.executescript(
                "ALTER TABLE partners ADD COLUMN siret TEXT NOT NULL DEFAULT '';"
                "ALTER TABLE partners ADD COLUMN address TEXT NOT NULL DEFAULT '';"
            )
            version = 10
        if has_tables and version == 10:  # 11 adds the reimbursement batches (created below)
            version = 11
        backfill = has_tables and version == 11  # 12 adds memberships and career grants
        if backfill:
            version = 12
        if has_tables and version == 12:  # 13 keeps the cashier's guardian confirmation
            columns = {row[1] for row in self._conn.execute("PRAGMA table_info(transactions)")}
            if "guardian_checked" not in columns:
                self._conn.execute(
                    "ALTER TABLE transactions ADD COLUMN guardian_checked INTEGER NOT NULL "
                    "DEFAULT 0"
                )
            version = 13
        if has_tables and version == 13:  # 14 keeps the vouchers printed and their extensions
            version = SCHEMA_VERSION  # (sync/region_sim/vouchers.py, created below)
        if has_tables and version != SCHEMA_VERSION:
            self._conn.close()
            raise RegionError(
                500,
                "state_outdated",
                f"Données du serveur de référence d'une autre version dans {data_dir} : "
                "supprimez ce dossier (serveur de démonstration, aucune donnée réelle).",
            )
        self._conn.executescript(
            _SCHEMA
            + keys.SCHEMA
            + snapshots.CHANGES_SCHEMA
            + reimbursements.SCHEMA
            + memberships.SCHEMA
            + vouchers.SCHEMA
        )
        self._data_dir = data_dir
        with self._tx():
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if backfill:
                memberships.backfill(self._conn, schemes)
            keys.ensure_first_key(self._conn)
            if self._meta("pseudonym_secret") is None:
                self._set_meta("pseudonym_secret", secrets.token_hex(32))
                self._set_meta("manual_salt", b64url(secrets.token_bytes(16)))

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:  # SQLite already rolled back after a full disk
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- keys and identities ------------------------------------------------------------

    def public_keys(self) -> dict[str, dict[str, Any]]:
        """All keys with their periods (retired ones flagged), as snapshots carry them."""
        return keys_to_json(keys.public_keys(self._conn))

    def signing_key(self, now: datetime) -> Ed25519PrivateKey:
        return keys.signing_key(self._conn, now)

    def rotate_key(self, starts: datetime) -> str:
        with self._tx() as conn:
            return keys.rotate(conn, starts)

    def retire_key(self, kid: str) -> None:
        with self._tx() as conn:
            keys.retire(conn, kid)

    def pseudonym(self, beneficiary_id: str) -> str:
        """Keyed hash: the till learns a stable key, never who it belongs to."""
        secret = bytes.fromhex(self._meta("pseudonym_secret") or "")
        return hmac.new(secret, beneficiary_id.encode(), hashlib.sha256).hexdigest()[:32]

    # --- seed ---------------------------------------------------------------------------

    def is_seeded(self) -> bool:
        return self._conn.execute("SELECT count(*) FROM partners").fetchone()[0] > 0

    def load_seed(self, seed: dict[str, Any]) -> None:
        """Load a seed file (docs/region-seed.md); refuses unknown schemes or categories, and what
        the rules of issuance forbid (`memberships.admit_seed_person`)."""
        with self._tx() as conn:
            for partner in seed["partners"]:
                if partner.get("siret") and not siret.is_valid(partner["siret"]):
                    raise ValueError(f"seed gives an invalid SIRET for {partner['id']!r}")
                conn.execute(
                    "INSERT INTO partners VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        partner["id"],
                        partner["name"],
                        partner["kind"],
                        json.dumps(sorted(partner["accreditations"])),
                        partner["enrollment_code"],
                        partner.get("region", DEFAULT_REGION),
                        partner.get("siret", ""),
                        partner.get("address", ""),
                    ),
                )
            for person in seed["beneficiaries"]:
                self._add_beneficiary(conn, person)
                memberships.admit_seed_person(conn, self.schemes, person, self._grant)
                for wallet in person["wallets"]:
                    granted, units = self._grant(wallet)
                    balance = int(wallet.get("balance_cents", granted))
                    conn.execute(
                        "INSERT INTO wallets VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            person["id"],
                            wallet["scheme"],
                            wallet["category"],
                            granted,
                            balance,
                            units,
                        ),
                    )
            policy = seed.get("policy", {})
            Policy(**policy)  # a misspelt key would make every till refuse the snapshot
            self._set_meta("policy", json.dumps(policy))
            for plan in seed.get("bons_plans", []):
                conn.execute(
                    "INSERT INTO bons_plans VALUES (?, ?, ?, ?)",
                    (plan["id"], plan["partner"], plan["title"], plan["starts_at"]),
                )
                conn.executemany(
                    "INSERT INTO bon_plan_entries (bon_plan_id, beneficiary_id) VALUES (?, ?)",
                    ((plan["id"], beneficiary) for beneficiary in plan["entries"]),
                )
            self._set_meta("region", seed.get("region", ""))

    def _add_beneficiary(self, conn: sqlite3.Connection, person: dict[str, Any]) -> None:
        date.fromisoformat(person["birth_date"])
        support = SupportKind(person.get("support", "paper"))
        # The reference server plays the phone app too, so it keeps the holder key.
        phone = keys.raw_private_key(Ed25519PrivateKey.generate()) if support is APP else None
        conn.execute(
            "INSERT INTO beneficiaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                person["id"],
                self.pseudonym(person["id"]),
                person["name"],
                person["birth_date"],
                person["serial"],
                support.value,
                person.get("region", DEFAULT_REGION),
                phone,
                _new_manual_code(conn),
                person.get("guardian"),
            ),
        )

    # --- issuance (sync/region_sim/memberships.py, rules in pos_app/domain/issuance.py) ---

    def request_membership(
        self, request: memberships.Request, now: datetime, person: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Record a membership and credit its wallets, or raise `memberships.IssuanceRefused`
        (nothing recorded). `person` (seed form) adds a new applicant first."""
        with self._tx() as conn:
            if person is not None:
                self._add_beneficiary(conn, person)
            return memberships.request_membership(conn, self.schemes, request, now, self._grant)

    def grant_category(
        self, request: memberships.Request, now: datetime, person: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Grant one category, or raise `memberships.IssuanceRefused` (nothing recorded)."""
        with self._tx() as conn:
            if person is not None:
                self._add_beneficiary(conn, person)
            return memberships.grant_category(conn, self.schemes, request, now, self._grant)

    def issuance_records(self, beneficiary_id: str) -> dict[str, Any]:
        with self._lock:
            return memberships.records(self._conn, beneficiary_id)

    def birth_date(self, beneficiary_id: str) -> date | None:
        """The birth date the Region holds, or None for an unknown beneficiary."""
        row = self._conn.execute(
            "SELECT birth_date FROM beneficiaries WHERE id = ?", (beneficiary_id,)
        ).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def _grant(self, wallet: dict[str, Any]) -> tuple[int, int]:
        scheme = self.schemes.get(wallet["scheme"])
        category = scheme.category(wallet["category"]) if scheme else None
        if scheme is None or category is None:
            raise ValueError(f"seed names unknown scheme/category {wallet!r}")
        profile = wallet.get("profile", category.allowances[0].profile)
        allowance = next((a for a in category.allowances if a.profile == profile), None)
        if allowance is None:
            raise ValueError(f"seed names unknown profile {profile!r} for {wallet!r}")
        return allowance.amount_cents * allowance.count, allowance.count

    # --- enrollment and auth ------------------------------------------------------------

    def enroll(self, partner_id: str, code: str, device_name: str, now: datetime) -> dict[str, Any]:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT name, kind, accreditations, enrollment_code FROM partners WHERE id = ?",
                (partner_id,),
            ).fetchone()
            # The seed's code is a training code, usable by every demo till; codes issued by
            # `issue_enrollment_code` are one-time and expire, as the Region's partner space.
            if row is None or not (
                hmac.compare_digest(row[3], code)
                or self._use_one_time_code(conn, partner_id, code, now)
            ):
                raise RegionError(
                    403,
                    "bad_enrollment_code",
                    "Identifiant de partenaire ou code d'activation incorrect.",
                )
            device_id = f"D-{secrets.token_hex(6)}"
            token = secrets.token_urlsafe(32)
            conn.execute(
                "INSERT INTO devices VALUES (?, ?, ?, ?, ?, 0)",
                (device_id, partner_id, device_name, _sha256(token), now.isoformat()),
            )
        return {
            "device_id": device_id,
            "device_token": token,
            "partner": self._partner(partner_id),
            "region_keys": self.public_keys(),
        }

    def issue_enrollment_code(self, partner_id: str, now: datetime, days: int = 7) -> str:
        """A one-time activation code for one more till of a partner."""
        code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM partners WHERE id = ?", (partner_id,)).fetchone():
                raise KeyError(partner_id)
            conn.execute(
                "INSERT INTO enrollment_codes VALUES (?, ?, ?, NULL)",
                (_sha256(code), partner_id, (now + timedelta(days=days)).isoformat()),
            )
        return code

    def _use_one_time_code(
        self, conn: sqlite3.Connection, partner_id: str, code: str, now: datetime
    ) -> bool:
        row = conn.execute(
            "SELECT expires_at, used_at FROM enrollment_codes WHERE code_sha256 = ? "
            "AND partner_id = ?",
            (_sha256(code), partner_id),
        ).fetchone()
        if row is None:
            return False
        if row[1] is not None:
            raise RegionError(
                409,
                "enrollment_code_used",
                "Ce code d'activation a déjà servi : demandez-en un nouveau dans votre espace "
                "partenaire.",
            )
        if datetime.fromisoformat(row[0]) < now:
            raise RegionError(
                403,
                "enrollment_code_expired",
                "Ce code d'activation a expiré : demandez-en un nouveau dans votre espace "
                "partenaire.",
            )
        conn.execute(
            "UPDATE enrollment_codes SET used_at = ? WHERE code_sha256 = ?",
            (now.isoformat(), _sha256(code)),
        )
        return True

    def revoke_device(self, device_id: str) -> None:
        with self._tx() as conn:
            if (
                conn.execute("UPDATE devices SET revoked = 1 WHERE id = ?", (device_id,)).rowcount
                != 1
            ):
                raise KeyError(device_id)

    def authenticate(self, token: str | None) -> DeviceAuth:
        row = None
        if token:
            row = self._conn.execute(
                "SELECT id, partner_id, revoked FROM devices WHERE token_sha256 = ?",
                (_sha256(token),),
            ).fetchone()
        if row is None:
            raise RegionError(401, "unknown_device", "Caisse inconnue : activez-la à nouveau.")
        if row[2]:
            raise RegionError(403, "device_revoked", "Cette caisse a été désactivée par la Région.")
        return DeviceAuth(device_id=row[0], partner_id=row[1])

    def _partner(self, partner_id: str) -> dict[str, Any]:
        name, kind, accreditations, region, siret, address = self._conn.execute(
            "SELECT name, kind, accreditations, region, siret, address FROM partners WHERE id = ?",
            (partner_id,),
        ).fetchone()
        return {
            "id": partner_id,
            "name": name,
            "kind": kind,
            "accreditations": json.loads(accreditations),
            "region": region,
            "siret": siret,
            "address": address,
        }

    # --- snapshot -----------------------------------------------------------------------

    def snapshot(self, auth: DeviceAuth, now: datetime, since: int = 0) -> SignedSnapshot:
        """The partner's signed snapshot: a delta since `since` when the till has a recent
        version, else a full one (records cached per version, header signed afresh)."""
        partner = self._partner(auth.partner_id)
        categories = [
            (scheme.id, category.id)
            for scheme in self.schemes.values()
            for category in scheme.categories
            if set(category.accepted_by) & set(partner["accreditations"])
        ]
        salt = unb64url(self._meta("manual_salt") or "")
        with self._tx() as conn:
            server_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM transactions").fetchone()[
                0
            ]
            version = snapshots.current_version(conn)
            if snapshots.delta_possible(conn, since, version):
                kind, base = DELTA, since
                records = snapshots.delta_records(conn, categories, salt, since)
            else:
                kind, base = FULL, 0
                records = snapshots.full_records(
                    conn, self._data_dir / "snapshot-cache", f"{auth.partner_id}-{version}",
                    categories, salt,
                )  # fmt: skip
            revoked = [
                [keyed_hash(salt, serial), reason]
                for serial, reason in conn.execute("SELECT serial, reason FROM revocations")
            ]
            suspended = [
                row[0] for row in conn.execute("SELECT pkey FROM beneficiaries WHERE suspended")
            ]
            used_vouchers = [
                keyed_hash(salt, serial)
                for (serial,) in conn.execute(
                    "SELECT DISTINCT voucher_serial FROM transactions d WHERE voucher_serial != '' "
                    "AND kind = 'debit' AND status = 'accepted' AND NOT EXISTS (SELECT 1 FROM "
                    "transactions v WHERE v.voids = d.txn_id AND v.status = 'accepted')"
                )
            ]
            closed_coupons = [
                keyed_hash(salt, coupon_id)
                for (coupon_id,) in conn.execute(
                    "SELECT id FROM coupons WHERE partner_id = ? AND status != 'open'",
                    (auth.partner_id,),
                )
            ]
            bons_plans = self._bons_plans(conn, auth.partner_id)
            extensions = [
                [keyed_hash(salt, serial), until.isoformat()]
                for serial, until in vouchers.announced(conn, categories)
            ]
        header = header_line(
            {
                "kind": kind,
                "version": version,
                "base_version": base,
                "server_seq": server_seq,
                "generated_at": now.isoformat(),
                "partner": partner,
                "policy": json.loads(self._meta("policy") or "{}"),
                "keys": self.public_keys(),
                "salt": b64url(salt),
                "revoked": sorted(revoked),
                "suspended": sorted(suspended),
                "used_vouchers": sorted(used_vouchers),
                "voucher_extensions": sorted(extensions),
                "closed_coupons": sorted(closed_coupons),
                "bons_plans": bons_plans,
                "beneficiaries": records.beneficiaries,
                "codes": records.codes,
                "records_sha256": records.sha256,
            }
        )
        key = self.signing_key(now)
        signature = signature_line(key_id(public_bytes(key)), sign(key, header))
        return SignedSnapshot(header + b"\n" + signature + b"\n", records)

    # --- reimbursements (sync/region_sim/reimbursements.py) ----------------------------

    def reimbursement_statement(
        self, auth: DeviceAuth, now: datetime, since: int = 0
    ) -> dict[str, Any]:
        """The partner's batches changed since revision `since`, signed for the asking till.
        The batches whose period is over are built first; a `since` the Region never issued
        (its data was reset) is answered with every batch."""
        with self._tx() as conn:
            reimbursements.build_due(conn, self.schemes, now, auth.partner_id)
            version = reimbursements.current_version(conn)
            batches = reimbursements.changed_since(
                conn, self.schemes, auth.partner_id, since if since <= version else 0
            )
        statement = statement_to_json(auth.partner_id, auth.device_id, version, now, batches)
        key = self.signing_key(now)
        return signed(statement, key_id(public_bytes(key)), sign(key, canonical_json(statement)))

    def count_reimbursements(self, now: datetime, partner_id: str | None = None) -> list[str]:
        """Build the batches of every ended period (`region-sim reimbursements count`)."""
        with self._tx() as conn:
            if (
                partner_id is not None
                and not conn.execute(
                    "SELECT 1 FROM partners WHERE id = ?", (partner_id,)
                ).fetchone()
            ):
                raise KeyError(partner_id)
            return reimbursements.build_due(conn, self.schemes, now, partner_id)

    def reimbursement_batches(self, partner_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                s.to_json() for s in reimbursements.summaries(self._conn, self.schemes, partner_id)
            ]

    def order_payment(self, batch_id: str, now: datetime, day: date | None = None) -> None:
        with self._tx() as conn:
            day = day or reimbursements.scheme_today(conn, self.schemes, batch_id, now)
            reimbursements.order(conn, self.schemes, batch_id, day)

    def mark_paid(
        self, batch_id: str, now: datetime, day: date | None = None, **how: Any
    ) -> dict[str, Any]:
        """Paid on `day` (default today); `how`: `transfer_ref`, `amount_cents`, `omit`, `twice`."""
        with self._tx() as conn:
            day = day or reimbursements.scheme_today(conn, self.schemes, batch_id, now)
            reimbursements.pay(conn, self.schemes, batch_id, day, **how)
        return next(b for b in self.reimbursement_batches() if b["id"] == batch_id)

    def claim_deposit(
        self,
        auth: DeviceAuth,
        deposit_id: str,
        handed_in: date,
        txn_ids: list[str],
        now: datetime,
    ) -> dict[str, Any]:
        """A NUMÉRISAK deposit slip: its batch and the acknowledgement of each voucher."""
        with self._tx() as conn:
            return reimbursements.claim_deposit(
                conn, self.schemes, auth.partner_id, deposit_id, handed_in, txn_ids, now
            )

    # --- transactions -------------------------------------------------------------------

    def upload(
        self, auth: DeviceAuth, transactions: Iterable[dict[str, Any]], now: datetime
    ) -> list[dict[str, Any]]:
        """Apply a batch; each transaction id is counted once, whatever the retries."""
        results = []
        with self._tx() as conn:
            # Read once per batch, not once per transaction (it cannot change within one).
            partner = Partner.from_json(self._partner(auth.partner_id))
            for txn in transactions:
                results.append(self._apply(conn, auth, partner, txn, now))
        return results

    def _apply(
        self,
        conn: sqlite3.Connection,
        auth: DeviceAuth,
        partner: Partner,
        txn: dict[str, Any],
        now: datetime,
    ) -> dict[str, Any]:
        txn_id = txn["id"]
        known = conn.execute(
            "SELECT seq, status, reason, partner_id FROM transactions WHERE txn_id = ?", (txn_id,)
        ).fetchone()
        if known is not None:
            seq, status, reason, partner_id = known
            if partner_id != auth.partner_id:
                # Another partner's id: "duplicate" would tell this till it had been counted.
                status, reason = "rejected", "wrong_partner"
            if status == "accepted":
                return {"id": txn_id, "status": "duplicate", "server_seq": seq, "reason": ""}
            return {"id": txn_id, "status": "rejected", "server_seq": None, "reason": reason}
        reason = self._refusal(conn, auth, partner, txn)
        cursor = conn.execute(
            "INSERT INTO transactions (txn_id, device_id, partner_id, kind, beneficiary, "
            "scheme_id, category_id, item_kind, amount_cents, forfeited_cents, price_cents, "
            "created_at, received_at, voids, status, reason, voucher_serial, equipment_serial, "
            "coupon_id, guardian_checked) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                txn_id,
                auth.device_id,
                txn["partner_id"],
                txn["kind"],
                txn["beneficiary"],
                txn["scheme_id"],
                txn["category_id"],
                txn["item_kind"],
                txn["amount_cents"],
                txn["forfeited_cents"],
                txn["price_cents"],
                txn["created_at"],
                now.isoformat(),
                txn.get("voids"),
                "rejected" if reason else "accepted",
                reason,
                txn.get("voucher_serial") or "",
                txn.get("equipment_serial") or "",
                txn.get("coupon_id") or "",
                int(txn.get("guardian_checked") is True),
            ),
        )
        if reason:
            return {"id": txn_id, "status": "rejected", "server_seq": None, "reason": reason}
        moved = txn["amount_cents"] + txn["forfeited_cents"]
        if txn["kind"] == "debit" and txn.get("coupon_id"):
            # Paid from the reservation: close the coupon, give the unused part back.
            reserved = conn.execute(
                "SELECT amount_cents FROM coupons WHERE id = ?", (txn["coupon_id"],)
            ).fetchone()[0]
            conn.execute("UPDATE coupons SET status = 'used' WHERE id = ?", (txn["coupon_id"],))
            moved = -(reserved - moved)
        conn.execute(
            "UPDATE wallets SET balance_cents = balance_cents + ? WHERE beneficiary_id = "
            "(SELECT id FROM beneficiaries WHERE pkey = ?) AND scheme_id = ? AND category_id = ?",
            (
                -moved if txn["kind"] == "debit" else moved,
                txn["beneficiary"],
                txn["scheme_id"],
                txn["category_id"],
            ),
        )
        return {"id": txn_id, "status": "accepted", "server_seq": cursor.lastrowid, "reason": ""}

    def _refusal(
        self,
        conn: sqlite3.Connection,
        auth: DeviceAuth,
        partner: Partner,
        txn: dict[str, Any],
    ) -> str:
        """Why the Region would not pay for this transaction, or '' when it accepts it."""
        if txn["partner_id"] != auth.partner_id:
            return "wrong_partner"
        # One read of what the Region knows of the holder and the wallet.
        row = conn.execute(
            "SELECT w.balance_cents, w.granted_cents, w.units, b.birth_date FROM wallets w "
            "JOIN beneficiaries b ON b.id = w.beneficiary_id "
            "WHERE b.pkey = ? AND w.scheme_id = ? AND w.category_id = ?",
            (txn["beneficiary"], txn["scheme_id"], txn["category_id"]),
        ).fetchone()
        scheme = self.schemes.get(txn["scheme_id"])
        category = scheme.category(txn["category_id"]) if scheme else None
        if row is None or scheme is None or category is None:
            return "unknown_wallet"
        wallet = (row[0], row[1], row[2])
        holder = Holder(
            accreditations=partner.accreditations,
            partner_region=partner.region,
            birth_date=date.fromisoformat(row[3]),
        )
        if txn["kind"] != "debit" and not set(category.accepted_by) & partner.accreditations:
            return "not_accredited"  # a debit's accreditation is the rulebook's
        if txn["kind"] == "void":
            original = conn.execute(
                "SELECT partner_id, kind, status, amount_cents, forfeited_cents, beneficiary, "
                "scheme_id, category_id FROM transactions WHERE txn_id = ?",
                (txn.get("voids"),),
            ).fetchone()
            already = conn.execute(
                "SELECT 1 FROM transactions WHERE voids = ? AND kind = 'void' "
                "AND status = 'accepted'",
                (txn.get("voids"),),
            ).fetchone()
            if (
                original is None
                or original[:3] != (auth.partner_id, "debit", "accepted")
                or already
                or original[3:5] != (txn["amount_cents"], txn["forfeited_cents"])
                or original[5:] != (txn["beneficiary"], txn["scheme_id"], txn["category_id"])
            ):
                return "void_invalid"
            return ""
        if txn["kind"] != "debit":
            return "malformed"
        if txn.get("voucher_serial") and _voucher_paid(conn, txn["voucher_serial"]):
            return "voucher_used"
        if txn.get("coupon_id"):
            refusal = _coupon_refusal(conn, auth, txn)
            if refusal:
                return refusal
        facts = self._debit_facts(conn, holder, scheme, category, wallet, txn)
        if facts is None:
            return "malformed"
        refusal = debit_refusal(facts)
        return refusal.code if refusal else ""

    def _debit_facts(
        self,
        conn: sqlite3.Connection,
        holder: Holder,
        scheme: Scheme,
        category: Category,
        wallet: tuple[int, int, int],
        txn: dict[str, Any],
    ) -> DebitFacts | None:
        """The facts the rulebook judges an uploaded debit on, as the Region knows them: its
        own balance and birth date, never the till's word for them. None if malformed."""
        try:
            created_at = datetime.fromisoformat(txn["created_at"])
        except (TypeError, ValueError):
            return None
        if created_at.tzinfo is None:
            return None
        balance, granted, units = wallet
        face = voucher_face(category, granted, units)
        valid_until = None
        if txn.get("coupon_id"):
            balance = conn.execute(
                "SELECT amount_cents FROM coupons WHERE id = ?", (txn["coupon_id"],)
            ).fetchone()[0]
            face = 0
        elif txn.get("voucher_serial"):
            balance = min(face or balance, balance)
            valid_until = self.voucher_valid_until(conn, scheme, category, txn["voucher_serial"])
        return DebitFacts(
            scheme=scheme,
            category=category,
            holder=holder,
            wallet=WalletFacts(balance_cents=balance, face_cents=face),
            created_at=created_at,
            item_kind=str(txn["item_kind"]),
            price_cents=txn["price_cents"],
            amount_cents=txn["amount_cents"],
            forfeited_cents=txn["forfeited_cents"],
            complement_cents=txn.get("complement_cents", txn["price_cents"] - txn["amount_cents"]),
            voucher_valid_until=valid_until,
            guardian_checked=txn.get("guardian_checked") is True,
            equipment_serial=str(txn.get("equipment_serial") or ""),
        )

    def voucher_valid_until(
        self, conn: sqlite3.Connection, scheme: Scheme, category: Category, serial: str
    ) -> date:
        """A voucher's last day: its extension in force, else the date written in it, else
        (a serial this server never printed) the date it would write."""
        return vouchers.in_force(conn, serial) or scheme.last_day(category)

    def _bons_plans(self, conn: sqlite3.Connection, partner_id: str) -> list[dict[str, Any]]:
        """The organiser's lists: pseudonymous key and a short label (first name, initial)."""
        plans = []
        for plan_id, title, starts_at in conn.execute(
            "SELECT id, title, starts_at FROM bons_plans WHERE partner_id = ? ORDER BY id",
            (partner_id,),
        ).fetchall():
            entries = [
                [pkey, _short_label(name), attended is not None]
                for pkey, name, attended in conn.execute(
                    "SELECT b.pkey, b.name, e.attended_at FROM bon_plan_entries e "
                    "JOIN beneficiaries b ON b.id = e.beneficiary_id WHERE e.bon_plan_id = ? "
                    "ORDER BY b.pkey",
                    (plan_id,),
                )
            ]
            plans.append(
                {"id": plan_id, "title": title, "starts_at": starts_at, "entries": entries}
            )
        return plans

    def check_ins(
        self, auth: DeviceAuth, check_ins: Iterable[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Attendance from a till: the first check-in counts, a repeat is a duplicate."""
        results = []
        with self._tx() as conn:
            for item in check_ins:
                row = conn.execute(
                    "SELECT e.attended_at, p.partner_id FROM bon_plan_entries e "
                    "JOIN bons_plans p ON p.id = e.bon_plan_id "
                    "JOIN beneficiaries b ON b.id = e.beneficiary_id "
                    "WHERE e.bon_plan_id = ? AND b.pkey = ?",
                    (item["bon_plan_id"], item["beneficiary"]),
                ).fetchone()
                if row is None or row[1] != auth.partner_id:
                    results.append({"status": "rejected", "reason": "not_registered"})
                    continue
                if row[0] is not None:
                    results.append({"status": "duplicate", "reason": ""})
                    continue
                conn.execute(
                    "UPDATE bon_plan_entries SET attended_at = ?, checked_in_by = ? "
                    "WHERE bon_plan_id = ? AND beneficiary_id = "
                    "(SELECT id FROM beneficiaries WHERE pkey = ?)",
                    (item["at"], auth.device_id, item["bon_plan_id"], item["beneficiary"]),
                )
                results.append({"status": "accepted", "reason": ""})
        return results

    # --- administration (region-sim commands) -------------------------------------------

    def create_bon_plan(
        self, plan_id: str, partner_id: str, title: str, starts_at: datetime, entries: list[str]
    ) -> None:
        """An organising partner's list of winners or registrants (sent with its snapshot)."""
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM partners WHERE id = ?", (partner_id,)).fetchone():
                raise KeyError(partner_id)
            known = {row[0] for row in conn.execute("SELECT id FROM beneficiaries")}
            if unknown := sorted(set(entries) - known):
                raise KeyError(", ".join(unknown))
            conn.execute(
                "INSERT INTO bons_plans VALUES (?, ?, ?, ?)",
                (plan_id, partner_id, title, starts_at.isoformat()),
            )
            conn.executemany(
                "INSERT INTO bon_plan_entries (bon_plan_id, beneficiary_id) VALUES (?, ?)",
                ((plan_id, beneficiary) for beneficiary in dict.fromkeys(entries)),
            )

    def attendance(self, bon_plan_id: str) -> dict[str, Any]:
        rows = self._conn.execute(
            "SELECT e.beneficiary_id, e.attended_at FROM bon_plan_entries e "
            "WHERE e.bon_plan_id = ? ORDER BY e.beneficiary_id",
            (bon_plan_id,),
        ).fetchall()
        if not rows:
            raise KeyError(bon_plan_id)
        return {
            "bon_plan": bon_plan_id,
            "came": [b for b, at in rows if at],
            "did_not_come": [b for b, at in rows if not at],
        }

    def revoke(self, serial: str, reason: str, now: datetime) -> None:
        """A support declared lost or stolen: every till refuses it after its next sync."""
        if reason not in ("lost", "stolen"):
            raise ValueError(f"unknown revocation reason {reason!r}")
        with self._tx() as conn:
            if not conn.execute(
                "SELECT 1 FROM beneficiaries WHERE serial = ?", (serial,)
            ).fetchone():
                raise KeyError(serial)
            conn.execute(
                "INSERT OR REPLACE INTO revocations VALUES (?, ?, ?)",
                (serial, reason, now.isoformat()),
            )

    def replace_support(self, beneficiary_id: str, now: datetime) -> str:
        """A new card or code: the old serial is refused everywhere, the new one accepted."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT serial FROM beneficiaries WHERE id = ?", (beneficiary_id,)
            ).fetchone()
            if row is None:
                raise KeyError(beneficiary_id)
            old = row[0]
            base, _, number = old.rpartition("-R")
            new = f"{base}-R{int(number) + 1}" if base and number.isdigit() else f"{old}-R1"
            conn.execute(
                "INSERT OR REPLACE INTO revocations VALUES (?, 'replaced', ?)",
                (old, now.isoformat()),
            )
            conn.execute(
                "UPDATE beneficiaries SET serial = ?, manual_code = ? WHERE id = ?",
                (new, _new_manual_code(conn), beneficiary_id),
            )
        return new

    def issue_coupon(
        self,
        beneficiary_id: str,
        partner_id: str,
        category_id: str,
        amount_cents: int,
        now: datetime,
        days: int = 30,
    ) -> str:
        """The beneficiary reserves part of a wallet for one partner, where the rules allow it;
        the amount leaves the wallet at once (the coupon pays from the reservation)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT b.pkey, b.name, b.region, w.scheme_id, w.balance_cents, p.kind "
                "FROM beneficiaries b JOIN wallets w ON w.beneficiary_id = b.id "
                "JOIN partners p ON p.id = ? WHERE b.id = ? AND w.category_id = ?",
                (partner_id, beneficiary_id, category_id),
            ).fetchone()
            if row is None:
                raise KeyError(f"{beneficiary_id}/{partner_id}/{category_id}")
            pkey, name, region, scheme_id, balance, partner_kind = row
            if not self.schemes[scheme_id].accepts_coupon(partner_kind, category_id):
                raise ValueError(f"a {partner_kind} does not take coupons for {category_id}")
            if not 0 < amount_cents <= balance:
                raise ValueError(f"amount {amount_cents} outside 1..{balance}")
            coupon_id = f"CP-{secrets.token_hex(5).upper()}"
            expires = now + timedelta(days=days)
            conn.execute(
                "INSERT INTO coupons VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                (coupon_id, beneficiary_id, partner_id, scheme_id, category_id, amount_cents,
                 now.isoformat(), expires.isoformat()),
            )  # fmt: skip
            conn.execute(
                "UPDATE wallets SET balance_cents = balance_cents - ? WHERE beneficiary_id = ? "
                "AND scheme_id = ? AND category_id = ?",
                (amount_cents, beneficiary_id, scheme_id, category_id),
            )
        return issue_coupon(
            self.signing_key(now),
            region=region,
            coupon_id=coupon_id,
            beneficiary=pkey,
            partner_id=partner_id,
            scheme_id=scheme_id,
            category_id=category_id,
            amount_cents=amount_cents,
            holder_name=name,
            issued_at=now,
            expires_at=expires,
        )

    def voucher_payload(
        self,
        beneficiary_id: str,
        category_id: str,
        number: int,
        now: datetime,
        *,
        valid_until: date | None = None,
    ) -> str:
        """The `number`-th paper voucher of a voucher-form wallet (NUMÉRISAK: the only one),
        signed with the date written the first time it was printed (`vouchers.py`): the
        category's last day, or `valid_until` when the Region writes another one."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT b.pkey, b.name, b.birth_date, b.serial, b.region, b.guardian, "
                "w.scheme_id, w.units, w.granted_cents FROM beneficiaries b JOIN wallets w "
                "ON w.beneficiary_id = b.id WHERE b.id = ? AND w.category_id = ?",
                (beneficiary_id, category_id),
            ).fetchone()
            if row is None:
                raise KeyError(f"{beneficiary_id}/{category_id}")
            pkey, name, birth_date, serial, region, guardian, scheme_id, units, granted = row
            if not 1 <= number <= units:
                raise ValueError(f"voucher number {number} outside 1..{units}")
            scheme = self.schemes[scheme_id]
            voucher_serial = serial if units == 1 else f"{serial}-B{number}"
            asked = valid_until or scheme.last_day(scheme.category(category_id))
            written = vouchers.record_print(
                conn,
                vouchers.Printed(
                    voucher_serial, beneficiary_id, scheme_id, category_id, number, asked
                ),
                now,
            )
            if valid_until is not None and written != valid_until:
                raise ValueError(
                    f"bon {voucher_serial} déjà imprimé avec la date {written:%d/%m/%Y} : "
                    "utilisez « region-sim voucher extend » pour la repousser"
                )
        return issue_voucher(
            self.signing_key(now),
            region=region,
            beneficiary=pkey,
            serial=voucher_serial,
            scheme_id=scheme_id,
            category_id=category_id,
            face_cents=granted // units,
            valid_until=written,
            holder_name=name,
            birth_date=date.fromisoformat(birth_date),
            guardian_name=guardian,
            issued_at=now,
        )

    def extend_voucher(
        self, serial: str, until: date, reason: str, now: datetime
    ) -> dict[str, Any]:
        """The Region extends a printed voucher to `until` (seed 003 §3.3); every till accepts
        it until then after its next sync. KeyError for a serial never printed,
        `vouchers.ExtensionRefused` for a day before the one written in it."""
        with self._tx() as conn:
            return vouchers.extend(conn, serial, until, reason, now)

    def voucher_record(self, serial: str) -> dict[str, Any]:
        with self._lock:
            return vouchers.show(self._conn, serial)

    def manual_code(self, beneficiary_id: str) -> str:
        """The short code printed on the beneficiary's current support."""
        row = self._conn.execute(
            "SELECT manual_code FROM beneficiaries WHERE id = ?", (beneficiary_id,)
        ).fetchone()
        if row is None:
            raise KeyError(beneficiary_id)
        return str(row[0])

    def set_suspended(self, beneficiary_id: str, suspended: bool) -> None:
        with self._tx() as conn:
            if (
                conn.execute(
                    "UPDATE beneficiaries SET suspended = ? WHERE id = ?",
                    (int(suspended), beneficiary_id),
                ).rowcount
                != 1
            ):
                raise KeyError(beneficiary_id)

    def balances(self, beneficiary_id: str) -> dict[str, Any]:
        rows = self._conn.execute(
            "SELECT scheme_id, category_id, granted_cents, balance_cents FROM wallets "
            "WHERE beneficiary_id = ? ORDER BY scheme_id, category_id",
            (beneficiary_id,),
        ).fetchall()
        if not rows:
            raise KeyError(beneficiary_id)
        return {
            "beneficiary": beneficiary_id,
            "wallets": [
                {"scheme": s, "category": c, "granted_cents": g, "balance_cents": b}
                for s, c, g, b in rows
            ],
        }

    def transaction_count(self) -> int:
        return self._conn.execute(
            "SELECT count(*) FROM transactions WHERE status = 'accepted'"
        ).fetchone()[0]

    def transactions(self, device_id: str | None = None) -> list[dict[str, Any]]:
        """The Region's ledger, one till's (`device_id`) or all, in the order it was received:
        what the crash and soak tests compare with a till's own ledger."""
        columns = (
            "seq", "txn_id", "device_id", "kind", "beneficiary", "scheme_id", "category_id",
            "amount_cents", "forfeited_cents", "voids", "status", "reason",
        )  # fmt: skip
        with self._lock:  # never in the middle of an upload the server thread is applying
            rows = self._conn.execute(
                f"SELECT {', '.join(columns)} FROM transactions "
                "WHERE ? IS NULL OR device_id = ? ORDER BY seq",
                (device_id, device_id),
            ).fetchall()
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def beneficiary_ids(self) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT id FROM beneficiaries ORDER BY id")]

    def qr_payload(
        self,
        beneficiary_id: str,
        now: datetime,
        support: SupportKind | None = None,
        *,
        static: bool = False,
    ) -> str:
        """The code a beneficiary shows at `now`: for the phone app, a presentation the app
        would draw at that instant (unless `static`, what a screenshot of the credential is)."""
        row = self._conn.execute(
            "SELECT pkey, name, birth_date, serial, support, region, holder_private_key "
            "FROM beneficiaries WHERE id = ?",
            (beneficiary_id,),
        ).fetchone()
        if row is None:
            raise KeyError(beneficiary_id)
        pkey, name, birth_date, serial, default_support, region, phone = row
        support = support or SupportKind(default_support)
        phone_key = Ed25519PrivateKey.from_private_bytes(unb64url(phone)) if phone else None
        code = issue_code(
            self.signing_key(now),
            region=region,
            beneficiary=pkey,
            serial=serial,
            support=support,
            holder_name=name,
            birth_date=date.fromisoformat(birth_date),
            issued_at=now,
            expires_at=self._expiry(beneficiary_id, support, now),
            holder_key=public_bytes(phone_key) if phone_key and support is APP else None,
        )
        if support is APP and phone_key is not None and not static:
            return present(code, phone_key, now)
        return code

    def _expiry(self, beneficiary_id: str, support: SupportKind, now: datetime) -> datetime:
        """The phone app's code lives minutes; paper and cards last until their season's end."""
        if support is APP:
            return now + timedelta(days=APP_CREDENTIAL_DAYS)
        ends = [
            datetime.combine(
                self.schemes[scheme_id].last_day(self.schemes[scheme_id].category(category_id))
                + timedelta(days=1),
                time(0, 0),
                tzinfo=self.schemes[scheme_id].zone,
            )
            for scheme_id, category_id in self._conn.execute(
                "SELECT scheme_id, category_id FROM wallets WHERE beneficiary_id = ?",
                (beneficiary_id,),
            )
        ]
        return max(ends, default=now + timedelta(days=1)).astimezone(UTC)


def _coupon_refusal(conn: sqlite3.Connection, auth: DeviceAuth, txn: dict[str, Any]) -> str:
    coupon = conn.execute(
        "SELECT partner_id, scheme_id, category_id, amount_cents, status, b.pkey "
        "FROM coupons c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.id = ?",
        (txn["coupon_id"],),
    ).fetchone()
    if coupon is None or coupon[:3] != (auth.partner_id, txn["scheme_id"], txn["category_id"]):
        return "coupon_invalid"
    if coupon[5] != txn["beneficiary"] or txn["amount_cents"] + txn["forfeited_cents"] > coupon[3]:
        return "coupon_invalid"
    if coupon[4] != "open":
        return "coupon_used"
    return ""


def _short_label(name: str) -> str:
    """'Léa Martin-Lefèvre' → 'Léa M.': enough to call someone at a desk, no more."""
    first, _, rest = name.partition(" ")
    return f"{first} {rest[:1]}." if rest else first


def _voucher_paid(conn: sqlite3.Connection, voucher_serial: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM transactions d WHERE voucher_serial = ? AND kind = 'debit' "
            "AND status = 'accepted' AND NOT EXISTS (SELECT 1 FROM transactions v "
            "WHERE v.voids = d.txn_id AND v.status = 'accepted')",
            (voucher_serial,),
        ).fetchone()
        is not None
    )


def _new_manual_code(conn: sqlite3.Connection) -> str:
    """Random, and unique among the Region's supports (10^11 codes: clashes are rare, not
    impossible at 400 000 beneficiaries)."""
    while True:
        code = with_check_digit("".join(secrets.choice("0123456789") for _ in range(11)))
        if not conn.execute(
            "SELECT 1 FROM beneficiaries WHERE manual_code = ?", (code,)
        ).fetchone():
            return code


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
