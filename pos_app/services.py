"""Application services: what the window, the CLI and a partner's own till software can ask.

Each method reads the clock once, gathers the state from the store, asks the domain core for a
decision and records the outcome. No rule lives here: this layer only wires the core to the
store, the clock and the Region client, and turns every failure into a `TillError` that carries
a French message for the cashier and a stable code for logs and scripts.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import platform
import shutil
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pos_app import clock as clock_module
from pos_app.domain.bons_plans import BonPlan, check_in
from pos_app.domain.conflicts import conflict_message
from pos_app.domain.credentials import CredentialError, read_code
from pos_app.domain.manual_codes import ManualCodeError, looks_typed, normalise
from pos_app.domain.manual_codes import preload as preload_manual_codes
from pos_app.domain.model import (
    BeneficiaryKey,
    Credential,
    Partner,
    Policy,
    SupportKind,
    Transaction,
    TxnId,
    Verdict,
)
from pos_app.domain.money import AmountError, format_euros, parse_amount
from pos_app.domain.operators import (
    OperatorError,
    OperatorRecord,
    attempt,
    checked_name,
    hash_pin,
)
from pos_app.domain.receipts import TicketFacts, receipt_lines
from pos_app.domain.rules import (
    DEFAULT_POLICY,
    ChargeRequest,
    RuleRefusal,
    assess,
    charge,
    season_warnings,
    till_exposure_warnings,
    void,
    void_refusal,
)
from pos_app.domain.schemes import Scheme
from pos_app.domain.snapshot import keys_from_json
from pos_app.domain.text import Text, template
from pos_app.logs import LOG_DIR
from pos_app.paths import resolve_data_dir
from pos_app.scheme_files import SchemeFileError, load_schemes
from pos_app.secrets_vault import KeyringUnresponsive, TokenVault
from pos_app.store.db import StoreError
from pos_app.store.db import warm_up as warm_up_store
from pos_app.store.snapshot_store import SealKeyMissing, SnapshotTampered, seal_key_from_token
from pos_app.store.till_store import Device, LedgerEntry, TillStore
from sync.client import RegionClient, RegionRefused, RegionResponseInvalid, RegionUnreachable
from sync.engine import Progress as SyncProgress
from sync.engine import SyncReport, sync_once

log = logging.getLogger(__name__)

SCHEME_CACHE = "schemes-validated.json"
"""In the data folder: the scheme files already validated (see `pos_app.scheme_files`)."""

REFUSAL = 1
INPUT_ERROR = 2


class TillError(Exception):
    """A failure safe to show the cashier: French `message`, stable `code`, CLI `exit_code`."""

    def __init__(
        self,
        code: str,
        message: str,
        exit_code: int = INPUT_ERROR,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.exit_code = exit_code
        self.retry_after = retry_after
        """Seconds the Region asked the till to wait before trying again, if it said so."""


@dataclass(frozen=True, slots=True)
class TillStatus:
    enrolled: bool
    partner: Partner | None
    server_url: str
    device_id: str
    pending: int
    last_sync: datetime | None
    last_sync_failed: datetime | None
    snapshot_version: int | None
    snapshot_generated_at: datetime | None
    wallet_count: int
    token_location: str
    warnings: tuple[str, ...] = ()
    """What the partner must act on: a season ending with transactions still unsent."""


@dataclass(frozen=True, slots=True)
class PurgeReport:
    transactions: int
    unsent: int
    removed: tuple[Path, ...]


PURGE_RECEIPT = "purged.json"
"""What remains after a purge: when, and how many transactions were destroyed. Nothing personal."""

ClientFactory = Callable[[str, str | None], RegionClient]
_T = TypeVar("_T")


def _serialized(method: Callable[..., _T]) -> Callable[..., _T]:
    """One operation at a time on a till: the window syncs on a worker thread while the
    cashier scans, and both use the same SQLite connection and its transactions."""

    @functools.wraps(method)
    def run(self: Till, *args: Any, **kwargs: Any) -> _T:
        with self._busy:
            self._load_seal_key()
            try:
                return method(self, *args, **kwargs)
            except SnapshotTampered as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except SealKeyMissing as exc:
                device = self.store.device()
                try:  # say which: a keyring that does not answer, or no token at all
                    self._token(device) if device else None
                except TillError as missing:
                    raise missing from exc
                raise TillError(exc.code, exc.message, REFUSAL) from exc

    return run


class Till:
    """One open till (holds its data folder's lock until `close()`)."""

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        clock: clock_module.Clock | None = None,
        schemes: Mapping[str, Scheme] | None = None,
        client_factory: ClientFactory = RegionClient,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        try:
            self.store = TillStore(self.data_dir)
        except StoreError as exc:
            raise TillError(exc.code, exc.message) from exc
        try:
            self.schemes = (
                dict(schemes)
                if schemes is not None
                else load_schemes(cache=self.data_dir / SCHEME_CACHE)
            )
            self._schemes_from_cache = schemes is None
        except SchemeFileError as exc:
            self.store.close()
            log.error("scheme files unusable: %s", exc)
            raise TillError(
                "scheme_file_invalid",
                Text(
                    "Un fichier de dispositif livré avec l'application est illisible ou "
                    "invalide : réinstallez l'application. Détail : {detail}",
                    detail=exc,
                ),
            ) from exc
        self._clock = clock or clock_module.for_data_dir(self.data_dir)
        self._busy = threading.RLock()
        self._syncing = threading.Lock()
        self._client_factory = client_factory

    def close(self) -> None:
        with self._busy:  # never under a back-office reading still running on a worker thread
            self.store.close()

    def __enter__(self) -> Till:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @_serialized
    def check_integrity(self) -> None:
        """Read the whole database once (the window does this at start)."""
        try:
            self.store.check_integrity()
        except StoreError as exc:
            raise TillError(exc.code, exc.message) from exc

    def warm_up(self) -> None:
        """Load ahead what the first charge or typed code would otherwise load (sqlite-utils,
        ≈ 0.1 s; python-stdnum's check digit, ≈ 8 ms): the window calls it off the GUI thread
        once it is on screen. Touches no till data; checks the cache of validated scheme
        files against the files themselves (see `_check_scheme_cache`)."""
        warm_up_store()
        preload_manual_codes()  # the first typed code's check digit (python-stdnum)
        if self._schemes_from_cache:
            self._check_scheme_cache()

    def _check_scheme_cache(self) -> None:
        """The schemes came from the cache of validated files, which sits in the data folder,
        writable by whoever uses this computer: validate the files again (≈ 0.2 s, off the
        window's thread) and, if the cache told anything else, say so in the log, use the
        files' rules from now on and drop the cache (the next start validates again)."""
        cache = self.data_dir / SCHEME_CACHE
        try:
            validated = load_schemes()
        except SchemeFileError as exc:  # the files changed since the start: keep what is in use
            log.error("scheme files unusable while checking the cache: %s", exc)
            return
        if validated == self.schemes:
            return
        log.error(
            "scheme cache %s does not match the scheme files (modified on this computer?): "
            "the rules of the files are used from now on, and the cache is dropped",
            cache,
        )
        with self._busy:
            self.schemes = validated
            self._schemes_from_cache = False
        cache.unlink(missing_ok=True)

    def operation(self) -> threading.RLock:
        """The lock every operation on the counter's connection takes: back-office services
        (`pos_app.back_office`) read the store inside it, in turn with the sales."""
        return self._busy

    def training_date(self) -> datetime | None:
        """The frozen date of a training till (the demo's), shown in the window's banner."""
        return clock_module.training_date(self.data_dir)

    def now(self) -> datetime:
        try:
            return self._clock()
        except clock_module.ClockSettingError as exc:
            raise TillError("clock_invalid", str(exc)) from exc

    # --- enrollment and sync ------------------------------------------------------------

    @_serialized
    def enroll(self, server_url: str, partner_id: str, code: str) -> Device:
        server_url, partner_id, code = server_url.strip(), partner_id.strip(), code.strip()
        missing = [
            Text(label)
            for label, value in (
                (template("adresse du serveur"), server_url),
                (template("identifiant partenaire"), partner_id),
                (template("code d'activation"), code),
            )
            if not value
        ]
        if missing:
            raise TillError(
                "enrollment_incomplete",
                Text("Il manque : {missing}.", missing=Text.joined(", ", missing)),
            )
        address = urlsplit(server_url)
        if address.scheme not in ("http", "https") or not address.netloc:
            raise TillError("server_url_invalid", _SERVER_URL_INVALID)
        previous = self.store.device()
        if previous is not None and self.store.pending_count():
            raise TillError(
                "pending_before_reenroll",
                Text(
                    "Des transactions attendent d'être envoyées : synchronisez avant de réactiver."
                ),
            )
        with self._client_factory(server_url, None) as client:
            try:
                answer = client.enroll(partner_id, code, platform.node() or "caisse")
                partner = answer["partner"]
                device = Device(
                    server_url=server_url,
                    device_id=str(answer["device_id"]),
                    partner=Partner.from_json(partner),
                    region_keys=keys_from_json(answer["region_keys"]),
                    enrolled_at=self.now().isoformat(),
                )
                token = str(answer["device_token"])
            except RegionRefused as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except RegionUnreachable as exc:
                raise TillError("offline", _ENROLL_OFFLINE, REFUSAL) from exc
            except (RegionResponseInvalid, KeyError, TypeError, ValueError) as exc:
                log.error("enrollment answer unusable: %s", exc)
                raise TillError("server_invalid", _INVALID, REFUSAL) from exc
        if previous is not None:
            self._vault(previous.device_id).erase()  # the old token must not linger
        self._vault(device.device_id).store(token)
        self.store.save_device(device)
        self.store.snapshots.forget()  # sealed with the old token; a full one comes next
        self.store.snapshots.seal_key = seal_key_from_token(token)
        log.info("enrolled as device %s of partner %s", device.device_id, device.partner.id)
        return device

    @_serialized
    def relocate_server(self, server_url: str) -> None:
        """Point an enrolled till at a new address of the same Region (the demo's free port)."""
        device = self._device()
        self.store.save_device(
            Device(
                server_url, device.device_id, device.partner, device.region_keys, device.enrolled_at
            )
        )

    def sync(self, progress: SyncProgress | None = None) -> SyncReport:
        """One round with the Region; `progress` hears of a long snapshot download.

        The round runs on its own connection and outside the till's operation lock: a scan
        or a sale during a slow upload goes ahead at once. Two rounds never overlap (one at a
        time in this process; one process per till)."""
        with self._busy:
            self._load_seal_key()
            device = self._device()
            token = self._token(device)
            now = self.now()
        with self._syncing:
            try:
                companion = self.store.companion()
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
            try:
                with self._client_factory(device.server_url, token) as client:
                    return sync_once(companion, client, now, progress, self.schemes)
            except RegionRefused as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except RegionUnreachable as exc:
                raise TillError("offline", _OFFLINE, REFUSAL, exc.retry_after) from exc
            except RegionResponseInvalid as exc:
                raise TillError("server_invalid", _INVALID, REFUSAL) from exc
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
            finally:
                companion.close()

    def region_reachable(self, timeout: float = 2.0) -> bool:
        """Is the Region answering now? (A captive portal's page does not count.) The sync
        loop asks while offline, to sync as soon as the network is back."""
        with self._busy:  # the counter's connection: read it in turn, never during a sale
            device = self.store.device()
        if device is None:
            return False
        with self._client_factory(device.server_url, None) as client:
            return client.healthy(timeout)

    # --- the counter --------------------------------------------------------------------

    @_serialized
    def check(self, payload: str) -> Verdict:
        """Read a scanned or typed code and decide, offline, what it may pay for here."""
        return self._assess(payload, self.now())

    def _assess(self, payload: str, now: datetime) -> Verdict:
        device = self._device()
        info = self.store.snapshot_info()
        if info is None:
            raise TillError(
                "no_snapshot",
                Text(
                    "La caisse n'a pas encore reçu les données de la Région : "
                    "connectez-la à Internet et synchronisez."
                ),
                REFUSAL,
            )
        partner = info.partner or device.partner
        try:
            if looks_typed(payload):
                credential, serial_key = self._typed_credential(payload, partner, now)
            else:
                credential = read_code(payload, self.store.region_keys())
                serial_key = self.store.serial_key(credential.serial)
        except (CredentialError, ManualCodeError) as exc:
            log.info("code refused: %s", exc)
            return Verdict(accepted=False, reason=exc.code, message=exc.message)
        wallets = self.store.wallets(credential.beneficiary)
        verdict = assess(
            credential,
            partner,
            wallets,
            self.schemes,
            now,
            info.policy,
            self.store.last_presentation(credential.serial),
            replace(
                self.store.standing(serial_key, credential.beneficiary),
                voucher_used=credential.voucher is not None
                and self.store.voucher_used(credential.serial),
                coupon_closed=credential.coupon is not None
                and self.store.coupon_closed(credential.coupon.coupon_id),
            ),
            info.received_at,  # by this till's own clock, not the server's
            self.store.offline_exposure(credential.beneficiary),
        )
        if verdict.accepted and credential.presented_at is not None:
            self.store.note_presentation(credential.serial, credential.presented_at)
        return verdict

    def _typed_credential(
        self, text: str, partner: Partner, now: datetime
    ) -> tuple[Credential, str]:
        """A support's short code typed by the cashier: it finds the wallets, not the person
        (nor the support's serial: only its keyed hash, for the revocation check)."""
        digits = normalise(text)
        found = self.store.find_typed_code(digits)
        if found is None:
            raise ManualCodeError(
                "manual_code_unknown",
                Text(
                    "Code inconnu de cette caisse : vérifiez la saisie, ou synchronisez la caisse "
                    "si le support est récent."
                ),
            )
        beneficiary, serial_key = found
        credential = Credential(
            beneficiary=beneficiary,
            serial="",
            support=SupportKind.TYPED,
            holder_name="",
            birth_date=None,
            issued_at=now,
            expires_at=now,
            key_id="",
            region=partner.region,
        )
        return credential, serial_key

    @_serialized
    def charge(
        self,
        payload: str,
        category: str,
        amount_text: str,
        item_kind: str | None = None,
        operator: str = "",
        *,
        id_checked: bool = False,
        label_number: str | None = None,
        equipment_serial: str | None = None,
    ) -> Transaction:
        """Debit a wallet for a real public price; the beneficiary pays any complement.

        `id_checked`: the cashier confirmed the ID document matches the name on the code
        (required for paper and card supports, which cannot prove who holds them)."""
        transaction = self._priced(
            payload,
            category,
            amount_text,
            ChargeRequest(
                "", "", 0, item_kind, operator, id_checked, label_number, equipment_serial
            ),
        )
        self._record(transaction)
        log.info(
            "debit %s: %d cents from %s/%s",
            transaction.id,
            transaction.amount_cents,
            transaction.scheme_id,
            transaction.category_id,
        )
        return transaction

    @_serialized
    def quote(
        self,
        payload: str,
        category: str,
        amount_text: str,
        item_kind: str | None = None,
        *,
        id_checked: bool = False,
        label_number: str | None = None,
        equipment_serial: str | None = None,
    ) -> Transaction:
        """What `charge` would record with the same answers, without recording it: the split
        the cashier reads before confirming ("Atouts : 20,00 € — reste à payer : 4,50 €").
        The same rules decide, so the preview never promises what the charge would refuse;
        its refusal (an ID not ticked, a label not typed) says what is still missing."""
        return self._priced(
            payload,
            category,
            amount_text,
            ChargeRequest("", "", 0, item_kind, "", id_checked, label_number, equipment_serial),
        )

    def _priced(
        self, payload: str, category: str, amount_text: str, details: ChargeRequest
    ) -> Transaction:
        try:
            price = parse_amount(amount_text)
        except AmountError as exc:
            raise TillError(exc.code, exc.message) from exc
        now = self.now()  # one instant for the decision and the entry: no midnight in between
        verdict = self._assess(payload, now)
        if not verdict.accepted:
            raise TillError(verdict.reason, verdict.message, REFUSAL)
        scheme_id, category_id = self._pick_wallet(verdict, category)
        info = self.store.snapshot_info()
        assert info is not None  # _assess refused without a snapshot
        try:
            return charge(
                verdict,
                replace(details, scheme_id=scheme_id, category_id=category_id, price_cents=price),
                txn_id=_new_txn_id(),
                partner=info.partner,
                schemes=self.schemes,
                now=now,
                policy=info.policy,
                exposure=self.store.offline_exposure(verdict.credential.beneficiary),  # type: ignore[union-attr]
            )
        except RuleRefusal as exc:
            raise TillError(exc.code, exc.message, REFUSAL) from exc

    @_serialized
    def can_void(self, txn_id: str) -> str | None:
        """Why `void` would refuse this transaction now whatever the reason given (the rules'
        French message), or None: asked when the cashier picks a sale in the history, so
        reads only that sale's row."""
        try:
            entry, policy = self._to_void(txn_id)
            refusal = void_refusal(
                entry.transaction,
                already_voided=entry.voided_by is not None,
                now=self.now(),
                policy=policy,
            )
        except TillError as exc:
            return exc.message
        return refusal.message if refusal else None

    @_serialized
    def void(self, txn_id: str, reason: str, operator: str = "") -> Transaction:
        entry, policy = self._to_void(txn_id)
        try:
            transaction = void(
                entry.transaction,
                txn_id=_new_txn_id(),
                reason=reason,
                already_voided=entry.voided_by is not None,
                now=self.now(),
                policy=policy,
                operator=operator,
            )
        except RuleRefusal as exc:
            raise TillError(exc.code, exc.message, REFUSAL) from exc
        self._record(transaction)
        log.info("void %s of %s: %s", transaction.id, txn_id, reason)
        return transaction

    @_serialized
    def conflicts(self, *, acknowledged: bool = False) -> list[tuple[LedgerEntry, str]]:
        """Transactions the Region refused, each with what to tell the partner: those not yet
        acknowledged (shown apart at the counter), or all of them."""
        return [
            (entry, conflict_message(entry.server_reason, entry.transaction.amount_cents))
            for entry in self.store.rejected_entries(acknowledged=acknowledged)
        ]

    @_serialized
    def acknowledge(self, txn_id: str, operator: str = "") -> None:
        """The partner has seen a refusal: it leaves the list shown apart, stays in history."""
        if not self.store.acknowledge(txn_id, self.now(), operator):
            raise TillError(
                "not_a_conflict",
                Text(
                    "Cette transaction n'est pas un refus de la Région en attente : rien à "
                    "confirmer."
                ),
            )

    @_serialized
    def history(
        self, limit: int | None = None, *, today_only: bool = False, search: str = ""
    ) -> list[LedgerEntry]:
        """Newest first. `today_only`: since midnight by the till's clock. `search`: words
        that must all appear in the reference, name, cashier, benefit or amount ("12,50")."""
        entries = self.store.entries(None if (today_only or search) else limit)
        if today_only:
            now = self.now()
            entries = [
                e for e in entries if e.transaction.created_at.astimezone(now.tzinfo).date()
                == now.date()
            ]  # fmt: skip
        words = search.casefold().split()
        if words:
            entries = [e for e in entries if all(w in _searchable(e) for w in words)]
        return entries[:limit] if limit else entries

    @_serialized
    def receipt(self, txn_id: str) -> list[str]:
        """The receipt of a sale or a void, to show or print (`domain/receipts.py`)."""
        entry = self.store.entry(txn_id)
        if entry is None:
            raise TillError(
                "unknown_transaction", Text("Transaction inconnue : {txn}.", txn=txn_id)
            )
        info = self.store.snapshot_info()
        device = self._device()
        voided = self.store.entry(entry.transaction.voids) if entry.transaction.voids else None
        facts = TicketFacts(entry.seq, device.device_id, voided.seq if voided else None)
        return receipt_lines(entry.transaction, info.partner if info else device.partner,
                             self.schemes, facts)  # fmt: skip

    @_serialized
    def with_store(self, work: Callable[[TillStore], _T]) -> _T:
        """Run `work` on this till's store under its operation lock: for the capability
        modules kept out of this one (`pos_app.printing.service`)."""
        return work(self.store)

    @_serialized
    def status(self, *, token_location: bool = True) -> TillStatus:
        """`token_location=False`: leave `TillStatus.token_location` empty and do not ask the
        keyring (which can take up to `KEYRING_TIMEOUT`): for the window's status strip, which
        does not show it; the settings page and the CLI ask for it."""
        device = self.store.device()
        alerts = []
        try:
            info = self.store.snapshot_info()
        except StoreError as exc:  # modified on disk, or no token to check it with
            info = None
            alerts.append(exc.message)
        return TillStatus(
            enrolled=device is not None,
            partner=info.partner if info else (device.partner if device else None),
            server_url=device.server_url if device else "",
            device_id=device.device_id if device else "",
            pending=self.store.pending_count(),
            last_sync=self.store.last_sync(ok=True),
            last_sync_failed=self.store.last_sync(ok=False),
            snapshot_version=info.version if info else None,
            snapshot_generated_at=info.generated_at if info else None,
            wallet_count=info.wallet_count if info else 0,
            token_location=(
                self._vault(device.device_id).location if device and token_location else ""
            ),
            warnings=tuple(alerts)
            + tuple(
                till_exposure_warnings(
                    self.store.offline_exposure(BeneficiaryKey("")),
                    info.policy if info else DEFAULT_POLICY,
                )
            )
            + tuple(
                season_warnings(
                    self.schemes,
                    self.store.queued_by_scheme(),
                    self.now(),
                    info.policy if info else DEFAULT_POLICY,
                )
            ),
        )

    # --- bons plans -----------------------------------------------------------------------

    @_serialized
    def bons_plans(self) -> list[tuple[BonPlan, frozenset[BeneficiaryKey]]]:
        """The partner's bons plans, each with who came (here or at its other tills)."""
        return self.store.bons_plans()

    @_serialized
    def check_in(self, bon_plan_id: str, payload: str, *, id_checked: bool = False) -> Verdict:
        """A winner or registrant collects a bon plan: the code is checked as for a charge,
        then their presence is recorded and sent to the Region with the next sync."""
        plans = {plan.id: (plan, came) for plan, came in self.store.bons_plans()}
        if bon_plan_id not in plans:
            raise TillError(
                "bon_plan_unknown",
                Text(
                    "Bon plan inconnu de cette caisse : {bon_plan}. Synchronisez la caisse.",
                    bon_plan=bon_plan_id,
                ),
            )
        plan, came = plans[bon_plan_id]
        now = self.now()
        info = self.store.snapshot_info()
        assert info is not None  # a bon plan only reaches the till with a snapshot
        try:
            credential = read_code(payload, self.store.region_keys())
        except CredentialError as exc:
            return Verdict(accepted=False, reason=exc.code, message=exc.message)
        verdict = check_in(
            credential,
            plan,
            info.partner,
            credential.beneficiary in came,
            id_checked,
            now,
            info.policy,
            self.store.last_presentation(credential.serial),
            self.store.standing(self.store.serial_key(credential.serial), credential.beneficiary),
        )
        if verdict.accepted:
            try:
                self.store.record_check_in(plan.id, credential.beneficiary, now)
            except StoreError as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
        return verdict

    # --- end of partnership -------------------------------------------------------------

    def purge(self, force: bool = False) -> PurgeReport:
        """Destroy the personal data this till holds (GDPR: the scheme's purpose is over).

        Refused while transactions wait to be sent, since unsent transactions are never
        reimbursed; `force` destroys them too, and the report says how many. The till is closed
        and unusable afterwards."""
        with self._busy:
            pending = self.store.pending_count()
            if pending and not force:
                raise TillError(
                    "purge_pending",
                    Text(
                        "{pending} transaction(s) pas encore envoyée(s) à la Région : "
                        "synchronisez d'abord (sinon elles ne seront jamais remboursées), ou "
                        "forcez la purge.",
                        pending=pending,
                    ),
                    REFUSAL,
                )
            device = self.store.device()
            count = len(self.store.entries())
            if device is not None:
                self._vault(device.device_id).erase()
            removed = self.store.destroy()
            scheme_cache = self.data_dir / SCHEME_CACHE  # no personal data, but nothing to keep
            if scheme_cache.exists():
                scheme_cache.unlink()
                removed.append(scheme_cache)
            logs = self.data_dir / LOG_DIR
            if logs.exists():
                for handler in list(logging.getLogger().handlers):
                    if getattr(handler, "baseFilename", "").startswith(str(logs)):
                        logging.getLogger().removeHandler(handler)
                        handler.close()
                shutil.rmtree(logs)
                removed.append(logs)
            (self.data_dir / PURGE_RECEIPT).write_text(
                json.dumps(
                    {
                        "purged_at": self.now().isoformat(),
                        "transactions_destroyed": count,
                        "unsent_destroyed": pending,
                    }
                ),
                encoding="utf-8",
            )
        log.info("till purged: %d transactions destroyed, %d unsent", count, pending)
        return PurgeReport(transactions=count, unsent=pending, removed=tuple(removed))

    # --- operators ----------------------------------------------------------------------

    @_serialized
    def add_operator(self, name: str, pin: str, *, replace: bool = False) -> str:
        """A cashier of this till, or a new PIN for one (`replace`: the manager resets it)."""
        try:
            name = checked_name(name)
            exists = self.store.operator(name) is not None
            if exists and not replace:
                raise OperatorError(
                    "operator_exists", Text("L'opérateur {name} existe déjà.", name=name)
                )
            if replace and not exists:
                raise OperatorError(
                    "operator_unknown", Text("Opérateur inconnu : {name}.", name=name)
                )
            salt = os.urandom(16)
            self.store.save_operator(OperatorRecord(name, hash_pin(pin, salt), salt), self.now())
        except OperatorError as exc:
            raise TillError(exc.code, exc.message) from exc
        log.info("operator %s %s", name, "PIN reset" if replace else "added")
        return name

    @_serialized
    def operators(self) -> list[str]:
        return self.store.operator_names()

    @_serialized
    def remove_operator(self, name: str) -> None:
        if not self.store.remove_operator(name):
            raise TillError("operator_unknown", Text("Opérateur inconnu : {name}.", name=name))

    @_serialized
    def sign_in(self, name: str, pin: str) -> str:
        """Who is at the till: the name every transaction records until the next sign-in."""
        record = self.store.operator(" ".join(name.split()))
        if record is None:
            raise TillError(
                "operator_unknown", Text("Opérateur inconnu : {name}.", name=name), REFUSAL
            )
        now = self.now()
        kept, refusal = attempt(record, pin, now)
        if kept != record:
            self.store.save_operator(kept, now)
        if refusal is not None:
            log.warning("operator %s: sign-in refused (%s)", record.name, refusal.code)
            raise TillError(refusal.code, refusal.message, REFUSAL)
        return record.name

    # --- helpers ------------------------------------------------------------------------

    def _device(self) -> Device:
        device = self.store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text(
                    "Cette caisse n'est pas encore activée : saisissez le code partenaire "
                    "fourni par la Région (atouts-pos enroll)."
                ),
                REFUSAL,
            )
        return device

    def _load_seal_key(self) -> None:
        """The snapshot's seals are keyed by the device token (keyring, not the database):
        read it once per open till. Without it the snapshot is not used (`SealKeyMissing`,
        told to the cashier by `_serialized`), but the rest of the till works."""
        if self.store.snapshots.seal_key is not None:
            return
        device = self.store.device()
        if device is None:
            return
        try:
            token = self._vault(device.device_id).load()
        except KeyringUnresponsive:
            log.warning("keyring unresponsive: the snapshot cannot be checked for now")
            return
        if token:
            self.store.snapshots.seal_key = seal_key_from_token(token)

    def _token(self, device: Device) -> str:
        try:
            token = self._vault(device.device_id).load()
        except KeyringUnresponsive as exc:
            raise TillError("keyring_unresponsive", _KEYRING_UNRESPONSIVE, REFUSAL) from exc
        if not token:
            raise TillError("token_missing", _TOKEN_MISSING)
        return token

    def _vault(self, device_id: str) -> TokenVault:
        return TokenVault(self.data_dir, f"{device_id}@{self.data_dir}")

    def _to_void(self, txn_id: str) -> tuple[LedgerEntry, Policy]:
        """The entry a void would cancel, and the policy that decides (the snapshot's)."""
        entry = self.store.entry(txn_id)
        if entry is None:
            raise TillError(
                "txn_unknown", Text("Transaction inconnue dans cette caisse : {txn}.", txn=txn_id)
            )
        info = self.store.snapshot_info()
        return entry, info.policy if info else DEFAULT_POLICY

    def _record(self, transaction: Transaction) -> None:
        try:
            self.store.record(transaction)
        except StoreError as exc:
            raise TillError(exc.code, exc.message) from exc

    def _pick_wallet(self, verdict: Verdict, wanted: str) -> tuple[str, str]:
        """`cinema` or `scheme-id:cinema`; ambiguity is an error, never a guess."""
        scheme_part, _, category_part = wanted.rpartition(":")
        matches = [
            (w.scheme_id, w.category_id)
            for w in verdict.wallets
            if w.category_id == category_part and scheme_part in ("", w.scheme_id)
        ]
        if len(matches) == 1:
            return matches[0]
        offered = ", ".join(f"{w.scheme_id}:{w.category_id}" for w in verdict.wallets)
        if not matches:
            raise TillError(
                "category_not_usable",
                Text(
                    "Avantage « {wanted} » non utilisable ici pour ce jeune. Possibles : "
                    "{offered}.",
                    wanted=wanted,
                    offered=offered,
                ),
                REFUSAL,
            )
        raise TillError(
            "category_ambiguous",
            Text(
                "Plusieurs avantages « {wanted} » : précisez, parmi {offered}.",
                wanted=wanted,
                offered=offered,
            ),
        )


def _searchable(entry: LedgerEntry) -> str:
    """Amounts both as "12,50 €" and "12.50": the cashier types what their window shows."""
    t = entry.transaction
    return " ".join(
        (t.id, t.holder_name, t.operator, t.category_id, t.item_kind, t.reason,
         format_euros(t.amount_cents), format_euros(t.price_cents),
         _decimal(t.amount_cents), _decimal(t.price_cents), entry.state)
    ).casefold()  # fmt: skip


def _decimal(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _new_txn_id() -> TxnId:
    return TxnId(str(uuid.uuid4()))


_OFFLINE = Text(
    "Serveur de la Région injoignable : la caisse continue hors ligne et enverra "
    "les transactions dès que la connexion reviendra."
)
_ENROLL_OFFLINE = Text(
    "Serveur de la Région injoignable : vérifiez l'adresse du serveur et la connexion "
    "Internet de la caisse, puis réessayez."
)
_SERVER_URL_INVALID = Text(
    "Adresse du serveur invalide : elle commence par https:// (par exemple "
    "https://atouts.region.fr). Recopiez-la depuis votre espace partenaire."
)
_INVALID = Text(
    "Réponse du serveur de la Région inutilisable : rien n'a été modifié. "
    "Réessayez plus tard ; si cela persiste, contactez l'assistance."
)
_KEYRING_UNRESPONSIVE = Text(
    "Le trousseau du système ne répond pas : déverrouillez-le puis réessayez."
)
_TOKEN_MISSING = Text("Le jeton de cette caisse est introuvable : activez-la à nouveau.")
