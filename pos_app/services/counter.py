"""The counter's services: what happens between a scan and a recorded sale or void."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import datetime

from pos_app.domain.bons_plans import BonPlan, check_in
from pos_app.domain.conflicts import conflict_message
from pos_app.domain.credentials import CredentialError, read_code
from pos_app.domain.manual_codes import ManualCodeError, looks_typed, normalise
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
from pos_app.domain.receipts import TicketFacts, receipt_lines
from pos_app.domain.rules import (
    DEFAULT_POLICY,
    ChargeRequest,
    RuleRefusal,
    assess,
    charge,
    void,
    void_refusal,
)
from pos_app.domain.text import Text
from pos_app.services.base import TillBase
from pos_app.services.errors import REFUSAL, TillError, _serialized
from pos_app.store.db import StoreError
from pos_app.store.receipt_issues import matching_ids
from pos_app.store.till_store import LedgerEntry

log = logging.getLogger(__name__)


class CounterServices(TillBase):
    """The counter: verdicts, charges, voids, the Region's refusals, history, receipts and
    bons plans check-ins."""

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
                voucher_extended_until=self.store.voucher_extended_until(credential.serial)
                if credential.voucher is not None
                else None,
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
        guardian_checked: bool = False,
        txn_id: str | None = None,
    ) -> Transaction:
        """Debit a wallet for a real public price; the beneficiary pays any complement.

        `id_checked`: the cashier confirmed the ID document matches the name on the code
        (required for paper and card supports, which cannot prove who holds them).
        `guardian_checked`: the cashier saw the legal representative's authorisation (or the
        representative) where the holder is below the category's guardian age.
        `txn_id`: the new transaction's id, chosen by the caller (the local API chooses it
        before the sale, to find it again after a crash); a fresh UUID otherwise."""
        transaction = self._priced(
            payload,
            category,
            amount_text,
            ChargeRequest(
                "",
                "",
                0,
                item_kind,
                operator,
                id_checked,
                label_number,
                equipment_serial,
                guardian_checked,
            ),
            TxnId(txn_id) if txn_id else None,
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
        guardian_checked: bool = False,
    ) -> Transaction:
        """What `charge` would record with the same answers, without recording it: the split
        the cashier reads before confirming ("Atouts : 20,00 € — reste à payer : 4,50 €").
        The same rules decide, so the preview never promises what the charge would refuse;
        its refusal (an ID not ticked, a label not typed) says what is still missing."""
        return self._priced(
            payload,
            category,
            amount_text,
            ChargeRequest(
                "",
                "",
                0,
                item_kind,
                "",
                id_checked,
                label_number,
                equipment_serial,
                guardian_checked,
            ),
        )

    def _priced(
        self,
        payload: str,
        category: str,
        amount_text: str,
        details: ChargeRequest,
        txn_id: TxnId | None = None,
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
                txn_id=txn_id or _new_txn_id(),
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
    def void(
        self, txn_id: str, reason: str, operator: str = "", *, new_id: str | None = None
    ) -> Transaction:
        """`new_id`: the void's own id, chosen by the caller (see `charge`'s `txn_id`)."""
        entry, policy = self._to_void(txn_id)
        try:
            transaction = void(
                entry.transaction,
                txn_id=TxnId(new_id) if new_id else _new_txn_id(),
                reason=reason,
                already_voided=entry.voided_by is not None,
                now=self.now(),
                policy=policy,
                operator=operator,
            )
        except RuleRefusal as exc:
            raise TillError(exc.code, exc.message, REFUSAL) from exc
        self._record(transaction)
        log.info("void %s of %s: %s", transaction.id, entry.transaction.id, reason)
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

    @_serialized
    def resolve_reference(self, reference: str) -> TxnId:
        """The transaction id for a full id or the short reference the window shows (its
        first 8 characters, or more): `unknown_transaction`, or `reference_ambiguous` when
        two transactions start so (give a few characters more)."""
        found = matching_ids(self.store.conn, reference)
        if len(found) == 1:
            return TxnId(found[0])
        if not found:
            raise TillError(
                "unknown_transaction",
                Text("Transaction inconnue dans cette caisse : {txn}.", txn=reference.strip()),
            )
        raise TillError(
            "reference_ambiguous",
            Text(
                "Plusieurs transactions commencent par {txn} : donnez quelques caractères de plus.",
                txn=reference.strip(),
            ),
        )

    def _to_void(self, txn_id: str) -> tuple[LedgerEntry, Policy]:
        """The entry a void would cancel, and the policy that decides (the snapshot's)."""
        found = matching_ids(self.store.conn, txn_id)
        entry = self.store.entry(found[0]) if len(found) == 1 else None
        if len(found) > 1:
            self.resolve_reference(txn_id)  # raises reference_ambiguous
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
        kept_out = [
            (code, message)
            for scheme_id, category_id, code, message in verdict.unusable
            if category_id == category_part and scheme_part in ("", scheme_id)
        ]
        if not matches and len(kept_out) == 1:  # the rules' own reason, not a bare "no"
            code, message = kept_out[0]
            raise TillError(code, message, REFUSAL)
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
