"""Ordered schema steps of the till database; `PRAGMA user_version` says how many are applied.

Never edit a released step: add a new one. The ledger is append-only, enforced by triggers, so
that not even a bug in this program can rewrite what a cashier recorded.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the ledger, its outbox, the enrolled device, the snapshot, the audit trail.
    """
    CREATE TABLE ledger (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        txn_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('debit', 'void')),
        created_at TEXT NOT NULL,
        partner_id TEXT NOT NULL,
        beneficiary TEXT NOT NULL,
        scheme_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        item_kind TEXT NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        price_cents INTEGER NOT NULL CHECK (price_cents > 0),
        complement_cents INTEGER NOT NULL CHECK (complement_cents >= 0),
        forfeited_cents INTEGER NOT NULL DEFAULT 0 CHECK (forfeited_cents >= 0),
        serial TEXT NOT NULL DEFAULT '',
        holder_name TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL DEFAULT '',
        voids TEXT UNIQUE REFERENCES ledger (txn_id),
        reason TEXT NOT NULL DEFAULT '',
        CHECK ((kind = 'void') = (voids IS NOT NULL))
    );
    CREATE INDEX ledger_beneficiary ON ledger (beneficiary);
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
    BEGIN
        SELECT RAISE(ABORT, 'the ledger is append-only');
    END;
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
    BEGIN
        SELECT RAISE(ABORT, 'the ledger is append-only');
    END;
    CREATE TABLE outbox (
        txn_id TEXT PRIMARY KEY REFERENCES ledger (txn_id),
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'accepted', 'duplicate', 'rejected')),
        server_seq INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT
    );
    CREATE INDEX outbox_state ON outbox (state);
    CREATE TABLE device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        device_id TEXT NOT NULL,
        partner_json TEXT NOT NULL,
        region_keys_json TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
    );
    CREATE TABLE snapshot_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        server_seq INTEGER NOT NULL,
        generated_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        policy_json TEXT NOT NULL,
        partner_json TEXT NOT NULL,
        body_sha256 TEXT NOT NULL
    );
    CREATE TABLE snapshot_wallets (
        beneficiary TEXT NOT NULL,
        scheme_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        balance_cents INTEGER NOT NULL,
        granted_cents INTEGER NOT NULL,
        units INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (beneficiary, scheme_id, category_id)
    ) WITHOUT ROWID;
    CREATE TABLE snapshot_keys (
        kid TEXT PRIMARY KEY,
        public_key TEXT NOT NULL
    );
    CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    """,
    # 2: what a scan needs is indexed or kept: never count 400 000 rows or a whole history.
    """
    ALTER TABLE snapshot_meta ADD COLUMN wallet_count INTEGER NOT NULL DEFAULT 0;
    UPDATE snapshot_meta SET wallet_count = (SELECT count(*) FROM snapshot_wallets);
    CREATE INDEX outbox_server_seq ON outbox (server_seq);
    """,
    # 3: key validity periods and retirement (rotation), and the newest phone presentation
    # accepted per support (an older one shown later is a replayed copy).
    """
    ALTER TABLE snapshot_keys ADD COLUMN not_before TEXT NOT NULL
        DEFAULT '0001-01-01T00:00:00+00:00';
    ALTER TABLE snapshot_keys ADD COLUMN not_after TEXT NOT NULL
        DEFAULT '9999-12-31T23:59:59+00:00';
    ALTER TABLE snapshot_keys ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE presentations (
        serial TEXT PRIMARY KEY,
        presented_at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 4: revocations carried by the snapshot: withdrawn supports (by keyed hash of the serial)
    # and suspended beneficiaries.
    """
    CREATE TABLE snapshot_revoked_serials (
        serial TEXT PRIMARY KEY,
        reason TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE snapshot_suspended (
        beneficiary TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    """,
    # 5: the typed codes of supports, as keyed hashes (never the codes themselves).
    """
    CREATE TABLE snapshot_manual_codes (
        lookup TEXT PRIMARY KEY,
        beneficiary TEXT NOT NULL,
        serial TEXT NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE snapshot_meta ADD COLUMN manual_salt TEXT NOT NULL DEFAULT '';
    """,
    # 6: paper vouchers: which voucher paid, which equipment was sold, and the vouchers the
    # Region saw used elsewhere (keyed hashes).
    """
    ALTER TABLE ledger ADD COLUMN voucher_serial TEXT NOT NULL DEFAULT '';
    ALTER TABLE ledger ADD COLUMN equipment_serial TEXT NOT NULL DEFAULT '';
    CREATE INDEX ledger_voucher ON ledger (voucher_serial) WHERE voucher_serial != '';
    CREATE TABLE snapshot_used_vouchers (
        serial TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    """,
    # 7: prepaid coupons: which coupon a debit settles, and those the Region closed.
    """
    ALTER TABLE ledger ADD COLUMN coupon_id TEXT NOT NULL DEFAULT '';
    CREATE INDEX ledger_coupon ON ledger (coupon_id) WHERE coupon_id != '';
    CREATE TABLE snapshot_closed_coupons (
        coupon TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    """,
    # 8: bons plans: the partner's lists from the snapshot, and this till's check-ins.
    """
    CREATE TABLE snapshot_bons_plans (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL
    );
    CREATE TABLE snapshot_bon_plan_entries (
        bon_plan_id TEXT NOT NULL,
        beneficiary TEXT NOT NULL,
        label TEXT NOT NULL,
        attended INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bon_plan_id, beneficiary)
    ) WITHOUT ROWID;
    CREATE TABLE check_ins (
        bon_plan_id TEXT NOT NULL,
        beneficiary TEXT NOT NULL,
        checked_in_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),
        PRIMARY KEY (bon_plan_id, beneficiary)
    ) WITHOUT ROWID;
    """,
    # 9: snapshot format 2. The beneficiaries' records are kept as the Region sent them, in
    # sealed chunks (a full snapshot) and an overlay of single lines (deltas); the small tables
    # and the metadata carry one seal. Older snapshot rows are dropped: the next sync brings a
    # full snapshot.
    """
    DROP TABLE snapshot_wallets;
    DROP TABLE snapshot_manual_codes;
    CREATE TABLE snapshot_chunks (
        section TEXT NOT NULL,
        first_key TEXT NOT NULL,
        lines BLOB NOT NULL,
        seal BLOB NOT NULL,
        PRIMARY KEY (section, first_key)
    ) WITHOUT ROWID;
    CREATE TABLE snapshot_overrides (
        section TEXT NOT NULL,
        key TEXT NOT NULL,
        line BLOB NOT NULL,
        seal BLOB NOT NULL,
        PRIMARY KEY (section, key)
    ) WITHOUT ROWID;
    DELETE FROM snapshot_meta;
    DELETE FROM snapshot_keys;
    DELETE FROM snapshot_revoked_serials;
    DELETE FROM snapshot_suspended;
    DELETE FROM snapshot_used_vouchers;
    DELETE FROM snapshot_closed_coupons;
    DELETE FROM snapshot_bons_plans;
    DELETE FROM snapshot_bon_plan_entries;
    ALTER TABLE snapshot_meta ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE snapshot_meta ADD COLUMN seal BLOB;
    ALTER TABLE snapshot_meta ADD COLUMN untrusted INTEGER NOT NULL DEFAULT 0;
    """,
    # 10: the cashiers who sign in at this till: a slow salted hash of their PIN (never the PIN)
    # and their wrong tries in a row, for the temporary lock.
    """
    CREATE TABLE operators (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        pin_hash BLOB NOT NULL,
        salt BLOB NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_failure TEXT,
        created_at TEXT NOT NULL
    );
    """,
    # 11: a transaction the Region refused stays shown apart until the partner acknowledges it.
    """
    ALTER TABLE outbox ADD COLUMN acknowledged_at TEXT;
    ALTER TABLE outbox ADD COLUMN acknowledged_by TEXT NOT NULL DEFAULT '';
    """,
    # 12: the receipts issued (printed or saved as PDF), so that a reprint says DUPLICATA.
    # Append-only like the ledger: what was handed to a customer is never rewritten.
    """
    CREATE TABLE receipt_issues (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        txn_id TEXT NOT NULL REFERENCES ledger (txn_id),
        issued_at TEXT NOT NULL,
        output TEXT NOT NULL CHECK (output IN ('escpos', 'system', 'pdf')),
        duplicate INTEGER NOT NULL CHECK (duplicate IN (0, 1)),
        operator TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX receipt_issues_txn ON receipt_issues (txn_id);
    CREATE TRIGGER receipt_issues_no_update BEFORE UPDATE ON receipt_issues
    BEGIN
        SELECT RAISE(ABORT, 'the receipts issued are append-only');
    END;
    CREATE TRIGGER receipt_issues_no_delete BEFORE DELETE ON receipt_issues
    BEGIN
        SELECT RAISE(ABORT, 'the receipts issued are append-only');
    END;
    """,
    # 13: the Region's reimbursement batches as its signed statements gave them (the latest
    # revision of each), the statement version to ask from, and the day the partner confirms
    # it received each payment (the dispute deadline runs from it).
    """
    CREATE TABLE statement_batches (
        batch_id TEXT PRIMARY KEY,
        scheme_id TEXT NOT NULL,
        period_key TEXT NOT NULL,
        revision INTEGER NOT NULL,
        body TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE statement_lines (
        batch_id TEXT NOT NULL REFERENCES statement_batches (batch_id),
        position INTEGER NOT NULL,
        txn_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        counted INTEGER NOT NULL,
        reason TEXT NOT NULL,
        origin TEXT NOT NULL,
        PRIMARY KEY (batch_id, position)
    );
    CREATE TABLE statement_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE TABLE payment_receipts (
        batch_id TEXT PRIMARY KEY,
        received_on TEXT NOT NULL,
        confirmed_at TEXT NOT NULL,
        confirmed_by TEXT NOT NULL DEFAULT ''
    );
    """,
    # 14: the daily, monthly and yearly closes (Z reports). Append-only like the ledger; each
    # close is numbered without gaps per kind, made in one chain (`chain` 1, 2, 3...) linked
    # by SHA-256 (`previous_hash`, `hash`), and a daily close covers the ledger from where the
    # previous one stopped.
    """
    CREATE TABLE closes (
        chain INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('day', 'month', 'year')),
        number INTEGER NOT NULL CHECK (number > 0),
        period TEXT NOT NULL,
        first_seq INTEGER,
        last_seq INTEGER,
        closed_at TEXT NOT NULL,
        content TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        UNIQUE (kind, number),
        UNIQUE (kind, period)
    );
    CREATE TRIGGER closes_no_update BEFORE UPDATE ON closes
    BEGIN
        SELECT RAISE(ABORT, 'closes are append-only');
    END;
    CREATE TRIGGER closes_no_delete BEFORE DELETE ON closes
    BEGIN
        SELECT RAISE(ABORT, 'closes are append-only');
    END;
    CREATE TRIGGER closes_in_order BEFORE INSERT ON closes
    BEGIN
        SELECT RAISE(ABORT, 'closes are made in one chain, without gaps')
        WHERE NEW.chain != (SELECT coalesce(max(chain), 0) + 1 FROM closes)
           OR NEW.previous_hash != coalesce(
                (SELECT hash FROM closes ORDER BY chain DESC LIMIT 1), printf('%064d', 0));
        SELECT RAISE(ABORT, 'closes are numbered without gaps')
        WHERE NEW.number != (SELECT coalesce(max(number), 0) + 1 FROM closes
                             WHERE kind = NEW.kind);
        SELECT RAISE(ABORT, 'a daily close starts where the previous one stopped')
        WHERE NEW.kind = 'day' AND NEW.first_seq IS NOT NULL AND EXISTS (
            SELECT 1 FROM ledger WHERE seq < NEW.first_seq AND seq > (
                SELECT coalesce(max(last_seq), 0) FROM closes WHERE kind = 'day'));
        SELECT RAISE(ABORT, 'a ledger entry is in one daily close only')
        WHERE NEW.kind = 'day' AND NEW.first_seq IS NOT NULL AND NEW.first_seq <= (
            SELECT coalesce(max(last_seq), 0) FROM closes WHERE kind = 'day');
    END;
    """,
    # 15: NUMÉRISAK deposit slips (bordereaux de dépôt, seed 003 §3.4): numbered without gaps
    # per till, each voucher sale on one slip at most, what a slip lists never changes; the
    # Region's acknowledgement of each voucher is written once on its line.
    """
    CREATE TABLE claim_slips (
        number INTEGER PRIMARY KEY CHECK (number > 0),
        deposit_id TEXT NOT NULL UNIQUE,
        handed_in TEXT NOT NULL,
        made_at TEXT NOT NULL,
        operator TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'waiting'
            CHECK (state IN ('waiting', 'acknowledged', 'refused')),
        answered_at TEXT,
        batch_ids TEXT NOT NULL DEFAULT '[]',
        error TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE claim_lines (
        number INTEGER NOT NULL REFERENCES claim_slips (number),
        position INTEGER NOT NULL,
        txn_id TEXT NOT NULL UNIQUE REFERENCES ledger (txn_id),
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'accepted', 'refused')),
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (number, position)
    );
    CREATE TRIGGER claim_slips_numbered BEFORE INSERT ON claim_slips
    BEGIN
        SELECT RAISE(ABORT, 'deposit slips are numbered without gaps')
        WHERE NEW.number != (SELECT coalesce(max(number), 0) + 1 FROM claim_slips);
    END;
    CREATE TRIGGER claim_slips_fixed BEFORE UPDATE OF number, deposit_id, handed_in, made_at,
        operator ON claim_slips
    BEGIN
        SELECT RAISE(ABORT, 'a deposit slip never changes once made');
    END;
    CREATE TRIGGER claim_slips_answered_once BEFORE UPDATE OF state ON claim_slips
        WHEN OLD.state != 'waiting'
    BEGIN
        SELECT RAISE(ABORT, 'the Region answers a deposit slip once');
    END;
    CREATE TRIGGER claim_slips_no_delete BEFORE DELETE ON claim_slips
    BEGIN
        SELECT RAISE(ABORT, 'deposit slips are kept');
    END;
    CREATE TRIGGER claim_lines_fixed BEFORE UPDATE OF number, position, txn_id ON claim_lines
    BEGIN
        SELECT RAISE(ABORT, 'a deposit slip never changes once made');
    END;
    CREATE TRIGGER claim_lines_acknowledged_once BEFORE UPDATE OF status, reason ON claim_lines
        WHEN OLD.status != 'pending'
    BEGIN
        SELECT RAISE(ABORT, 'the Region acknowledges a voucher once');
    END;
    CREATE TRIGGER claim_lines_no_delete BEFORE DELETE ON claim_lines
    BEGIN
        SELECT RAISE(ABORT, 'deposit slips are kept');
    END;
    """,
    # 16: each period's check of the ledger against the Region's batches, kept between
    # questions (`pos_app.back_office.period_cache`) with what it was computed from; a change
    # to the outbox (an upload's answer) is noted while a check is kept, since the outbox is
    # the one input that is rewritten in place. Each batch keeps a digest of its lines, so a
    # new revision that only moves the payment on (counted, ordered, paid) invalidates nothing.
    """
    CREATE TABLE period_checks (
        scheme_id TEXT NOT NULL,
        period_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (scheme_id, period_key)
    ) WITHOUT ROWID;
    CREATE TABLE period_checks_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,
        body TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE period_checks_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        txn_id TEXT NOT NULL
    );
    CREATE TRIGGER outbox_noted_insert AFTER INSERT ON outbox
        WHEN EXISTS (SELECT 1 FROM period_checks_meta)
    BEGIN
        INSERT INTO period_checks_changes (txn_id) VALUES (NEW.txn_id);
    END;
    CREATE TRIGGER outbox_noted_update AFTER UPDATE OF txn_id, state, reason, updated_at ON outbox
        WHEN EXISTS (SELECT 1 FROM period_checks_meta)
    BEGIN
        INSERT INTO period_checks_changes (txn_id) VALUES (OLD.txn_id);
        INSERT INTO period_checks_changes (txn_id) VALUES (NEW.txn_id);
    END;
    CREATE TRIGGER outbox_noted_delete AFTER DELETE ON outbox
        WHEN EXISTS (SELECT 1 FROM period_checks_meta)
    BEGIN
        INSERT INTO period_checks_changes (txn_id) VALUES (OLD.txn_id);
    END;
    ALTER TABLE statement_batches ADD COLUMN lines_digest TEXT;
    CREATE INDEX statement_lines_txn ON statement_lines (txn_id);
    """,
    # 17: the cashier's confirmation of a legal representative's authorisation or presence,
    # recorded with the sale because the Region pays a minor's RolloN transfer or NUMÉRISAK
    # voucher only with it (issue 16).
    """
    ALTER TABLE ledger ADD COLUMN guardian_checked INTEGER NOT NULL DEFAULT 0
        CHECK (guardian_checked IN (0, 1));
    """,
    # 18: the local API's idempotency keys (`pos_app/store/api_requests_store.py`): per key,
    # the fingerprint of the request it first came with, whether it is still running (and on
    # which run of the server), the transaction id a charge or void writes (chosen before it
    # runs, so that a crash between the sale and its stored answer is recovered, never sold
    # twice), and the answer replayed to a retry. Answers are kept `ANSWER_KEPT`.
    """
    CREATE TABLE api_requests (
        idem_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'done')),
        owner TEXT NOT NULL,
        txn_id TEXT,
        status INTEGER,
        answer TEXT,
        created_at TEXT NOT NULL,
        CHECK ((state = 'done') = (answer IS NOT NULL AND status IS NOT NULL))
    ) WITHOUT ROWID;
    CREATE INDEX api_requests_created ON api_requests (created_at);
    """,
    # 19: the paper vouchers the Region extended beyond the date written in them (seed 003
    # §3.3), by keyed hash of the serial, from the snapshot; sealed with the other small tables
    # (an empty table is left out of the seal, so a snapshot sealed before this step stays good).
    """
    CREATE TABLE snapshot_voucher_extensions (
        serial TEXT PRIMARY KEY,
        valid_until TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
)
