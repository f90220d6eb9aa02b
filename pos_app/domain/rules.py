"""The rules a till enforces (SPEC §3.4), written once, as pure functions.

`assess` answers a scan: may this beneficiary spend here, now, and from which wallets?
`charge` turns an accepted verdict and a price into a ledger entry; `void` cancels a handling
mistake with a new entry (`void_refusal` tells beforehand whether it may). Every refusal carries
a stable reason code and a French message that tells the cashier what to do next. Nothing
here reads a clock: `now` is always given, aware, and converted to the scheme's own time zone
before any date is compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pos_app.domain.model import (
    BeneficiaryKey,
    CouponTerms,
    Credential,
    OfflineExposure,
    Partner,
    Policy,
    SupportKind,
    Transaction,
    TxnId,
    TxnKind,
    UsableWallet,
    Verdict,
    VoucherTerms,
    WalletState,
    voucher_code_expiry,
)
from pos_app.domain.money import Cents
from pos_app.domain.rulebook import (
    DebitFacts,
    Holder,
    WalletFacts,
    age_on,
    availability,
    balance_refusal,
    debit_refusal,
    local_day,
    needs_guardian,
    split,
    voucher_face,
    voucher_refusal,
)
from pos_app.domain.schemes import Category, CategoryForm, Scheme
from pos_app.domain.text import Euros, Text, template

DEFAULT_POLICY = Policy()
NO_EXPOSURE = OfflineExposure()
ACCEPTED_MESSAGE = template("{lead}. Disponible : {wallets}.")
"""An accepted verdict's sentence: what to check (`lead`), then the balances; a screen that
lists the balances itself shows only `lead` (`Verdict.message.params`)."""


@dataclass(frozen=True, slots=True)
class Standing:
    """What the Region's snapshot says of a support and its holder, besides the balances."""

    revoked: str | None = None
    """Why the support was withdrawn (`lost`, `stolen`, `replaced`), or None."""
    suspended: bool = False
    voucher_used: bool = False
    """This voucher already paid, here or (after a sync) at another partner."""
    coupon_closed: bool = False
    """This coupon was already used here, or the Region closed it (used or cancelled)."""
    voucher_extended_until: date | None = None
    """The Region extended this voucher's validity to this day (seed 003 §3.3)."""


GOOD_STANDING = Standing()


class RuleRefusal(Exception):
    """A charge or void the rules forbid; nothing must be recorded."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        # `message` is a `Text` (French, translatable) wherever the rules wrote it.
        self.code = code
        self.message = message


# Why a wallet is not usable here, from the most to the least useful to tell the cashier.
_WALLET_REASON_ORDER = (
    "wrong_region",
    "season_over",
    "voucher_expired",
    "season_not_started",
    "too_young",
    "age_unknown",
    "wallet_used",
    "wallet_empty",
    "not_accredited",
)
_NOT_ACCREDITED = template(
    "Votre structure n'est pas agréée pour les avantages de ce jeune ({label})."
)


def assess(
    credential: Credential,
    partner: Partner,
    wallets: Sequence[WalletState],
    schemes: Mapping[str, Scheme],
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    last_presented_at: datetime | None = None,
    standing: Standing = GOOD_STANDING,
    snapshot_taken_at: datetime | None = None,
    exposure: OfflineExposure = NO_EXPOSURE,
) -> Verdict:
    """Decide whether a verified code may be charged here and now.

    `last_presented_at` is the newest phone presentation of this support this till has
    accepted: an older one shown afterwards is a replayed copy. `standing` is what the
    snapshot says of the support and the beneficiary (revoked, replaced, suspended).
    `exposure` is what this till already took offline: near a limit, the verdict says so.
    """
    _require_aware(now)
    credential = _as_extended(credential, standing)
    refusal = code_refusal(credential, partner, now, policy, last_presented_at, standing)
    if refusal is not None:
        return refusal
    if credential.voucher is not None:
        voucher_scheme = schemes.get(credential.voucher.scheme_id)
        if voucher_scheme is None:
            return _wrong_scheme(credential, credential.voucher.scheme_id)
        valid_until = voucher_valid_until(credential, standing)
        assert valid_until is not None
        expired = voucher_refusal(valid_until, local_day(now, voucher_scheme))
        if expired is not None:
            return _refused(expired.code, expired.message, credential)
        wallets = _voucher_wallet(credential.voucher, wallets)
    if credential.coupon is not None:
        refusal = _coupon_refusal(credential, credential.coupon, partner, schemes, standing)
        if refusal is not None:
            return refusal
        wallets = [_coupon_wallet(credential.coupon)]
    if snapshot_taken_at is not None:
        refusal = _stale_snapshot(credential, snapshot_taken_at, now, policy)
        if refusal is not None:
            return refusal

    usable: list[UsableWallet] = []
    obstacles: list[tuple[str, str, str]] = []
    unusable: list[tuple[str, str, str, str]] = []
    for wallet in wallets:
        scheme = schemes.get(wallet.scheme_id)
        category = scheme.category(wallet.category_id) if scheme else None
        if scheme is None or category is None:
            continue  # a scheme this till does not know is not offered, never guessed at
        day = local_day(now, scheme)
        valid_until = voucher_valid_until(credential, standing)
        obstacle = availability(
            scheme, category, _holder(partner, credential), day, valid_until
        ) or balance_refusal(category, wallet.balance_cents)
        if obstacle:
            obstacles.append((obstacle.code, obstacle.message, category.label))
            unusable.append((scheme.id, category.id, obstacle.code, obstacle.message))
        else:
            usable.append(_usable(wallet, scheme, category, credential, day, valid_until))

    if not usable:
        if not obstacles:
            return _refused(
                "no_wallet",
                Text(
                    "{name} — aucun avantage utilisable dans cette caisse. Le jeune paie par "
                    "un autre moyen.",
                    name=credential.holder_name,
                ),
                credential,
            )
        code, message, _label = min(obstacles, key=lambda item: _WALLET_REASON_ORDER.index(item[0]))
        if code == "not_accredited":
            labels = ", ".join(
                sorted({label for reason, _, label in obstacles if reason == "not_accredited"})
            )
            message = Text(_NOT_ACCREDITED, label=labels)
        message = Text(
            "{name} — {reason} Le jeune paie par un autre moyen.",
            name=credential.holder_name,
            reason=message,
        )
        return _refused(code, message, credential)

    listing = Text.joined(
        " ; ",
        (Text("{label} {balance}", label=w.label, balance=Euros(w.balance_cents)) for w in usable),
    )
    static = not credential.proves_freshness
    check = {
        SupportKind.APP: template(
            "Code de l'application : vérifiez la pièce d'identité ({identity}) et cochez la case"
        ),
        SupportKind.VOUCHER: template(
            "Bon à usage unique : vérifiez la pièce d'identité ({identity}) et cochez la case"
        ),
        SupportKind.COUPON: template(
            "Coupon de prépaiement : vérifiez la pièce d'identité ({identity}) et cochez la case"
        ),
    }.get(
        credential.support,
        template(
            "Support papier ou carte : vérifiez la pièce d'identité ({identity}) et cochez la case"
        ),
    )
    if not static:  # signed by the young person's phone just now: no ID to ask for
        check = template(
            "Code signé à l'instant par l'application du jeune ({identity}) : "
            "pas de pièce d'identité à demander"
        )
    if credential.support is SupportKind.TYPED and static:
        lead = Text(
            "Code saisi à la main : vérifiez que la pièce d'identité porte le nom imprimé sur "
            "le support, et cochez la case"
        )
    else:
        lead = Text(
            check, identity=_identity_to_check(credential, schemes[usable[0].scheme_id], now)
        )
    scheme = schemes[usable[0].scheme_id]
    return Verdict(
        accepted=True,
        reason="accepted",
        message=Text(ACCEPTED_MESSAGE, lead=lead, wallets=listing),
        credential=credential,
        wallets=tuple(usable),
        confirm_identity=static,
        cautions=cautions(credential, now, policy, exposure, snapshot_taken_at)
        + guardian_cautions(credential, usable, now, schemes),
        holder_age=(
            age_on(credential.birth_date, local_day(now, scheme)) if credential.birth_date else None
        ),
        unusable=tuple(unusable),
    )


def guardian_cautions(
    credential: Credential,
    wallets: Sequence[UsableWallet],
    now: datetime,
    schemes: Mapping[str, Scheme],
) -> tuple[str, ...]:
    """What the cashier checks for a minor before charging, said once per wallet that needs
    it: the written authorisation of a holder of parental authority for a one-go benefit
    (RolloN from 16 to 18, seed 001 §3.2.1); for a voucher, its legal representative, who
    collects the equipment in person with their own ID (NUMÉRISAK, seed 003 art. 2)."""
    notes = []
    for wallet in wallets:
        if not wallet.needs_guardian:
            continue
        if wallet.voucher:
            guardian = credential.voucher.guardian_name if credential.voucher else None
            notes.append(
                Text(
                    "{label} : bénéficiaire mineur, {guardian}, représentant légal nommé sur "
                    "le bon, retire lui-même l'équipement avec sa propre pièce d'identité.",
                    label=wallet.label,
                    guardian=guardian,
                )
                if guardian
                else Text(
                    "{label} : bénéficiaire mineur, le représentant légal nommé sur le bon "
                    "retire lui-même l'équipement avec sa propre pièce d'identité.",
                    label=wallet.label,
                )
            )
            continue
        scheme = schemes[wallet.scheme_id]
        age = (
            age_on(credential.birth_date, local_day(now, scheme)) if credential.birth_date else None
        )
        notes.append(
            Text(
                "{label} : jeune de {age} ans, demandez l'autorisation écrite d'un titulaire "
                "de l'autorité parentale.",
                label=wallet.label,
                age=age,
            )
            if age is not None
            else Text(
                "{label} : bénéficiaire mineur, demandez l'autorisation écrite d'un titulaire "
                "de l'autorité parentale.",
                label=wallet.label,
            )
        )
    return tuple(notes)


def till_exposure_warnings(exposure: OfflineExposure, policy: Policy) -> list[Text]:
    """The whole till nearing an offline limit: said on every verdict and in the status strip,
    while syncing can still lift it, rather than as a refusal in front of a customer."""
    share = policy.offline_caution_percent / 100
    notes = []
    if exposure.device_cents >= share * policy.max_offline_per_device_cents:
        left_cents = max(0, policy.max_offline_per_device_cents - exposure.device_cents)
        notes.append(
            Text(
                "Plafond hors ligne de la caisse presque atteint (reste {left}) : "
                "synchronisez dès que possible.",
                left=Euros(left_cents),
            )
        )
    if exposure.queued >= share * policy.max_queued_transactions:
        notes.append(
            Text(
                "{queued} transactions attendent d'être envoyées : synchronisez dès que possible.",
                queued=exposure.queued,
            )
        )
    return notes


def cautions(
    credential: Credential,
    now: datetime,
    policy: Policy,
    exposure: OfflineExposure = NO_EXPOSURE,
    snapshot_taken_at: datetime | None = None,
) -> tuple[str, ...]:
    """What the cashier should know before charging an accepted code, in French: nothing here
    refuses, but each one is cheaper to hear now than at the next scan or the next sync."""
    notes = []
    if credential.support not in (SupportKind.APP, SupportKind.TYPED):
        left = credential.expires_at - now
        if timedelta(0) <= left <= timedelta(days=policy.support_expiry_caution_days):
            notes.append(
                Text(
                    "Support valable jusqu'au {day} : rappelez au jeune de demander le nouveau "
                    "à la Région.",
                    day=credential.expires_at.date(),
                )
            )
    share = policy.offline_caution_percent / 100
    if exposure.beneficiary_cents >= share * policy.max_offline_per_beneficiary_cents:
        left_cents = max(0, policy.max_offline_per_beneficiary_cents - exposure.beneficiary_cents)
        notes.append(
            Text(
                "Hors ligne, il reste {left} utilisables pour ce jeune avant la prochaine "
                "synchronisation.",
                left=Euros(left_cents),
            )
        )
    notes += till_exposure_warnings(exposure, policy)
    if snapshot_taken_at is not None:
        allowed = timedelta(hours=policy.max_snapshot_age_hours)
        left = snapshot_taken_at + allowed - now
        # A strict policy (data valid 1 h) would otherwise be amber all the time.
        if left <= min(timedelta(hours=policy.snapshot_caution_hours), allowed / 4):
            seconds = max(0, int(left.total_seconds()))
            delay = (
                Text("{hours} h", hours=seconds // 3600)
                if seconds >= 3600
                else Text("{minutes} min", minutes=seconds // 60)
            )
            notes.append(
                Text(
                    "Données de la Région trop anciennes dans {delay} : synchronisez la caisse "
                    "avant, sinon les encaissements seront refusés.",
                    delay=delay,
                )
            )
    return tuple(notes)


def _coupon_refusal(
    credential: Credential,
    terms: CouponTerms,
    partner: Partner,
    schemes: Mapping[str, Scheme],
    standing: Standing,
) -> Verdict | None:
    scheme = schemes.get(terms.scheme_id)
    if scheme is None:
        return _wrong_scheme(credential, terms.scheme_id)
    if terms.partner_id != partner.id:
        return _refused(
            "coupon_other_partner",
            Text(
                "Ce coupon a été réservé pour un autre partenaire : il ne peut pas être "
                "encaissé ici."
            ),
            credential,
        )
    if not scheme.accepts_coupon(partner.kind, terms.category_id):
        return _refused(
            "coupon_not_accepted_here",
            Text(
                "Votre structure ne peut pas accepter de coupon de prépaiement pour cet "
                "avantage (règlement du dispositif)."
            ),
            credential,
        )
    if standing.coupon_closed:
        return _refused(
            "coupon_used",
            Text("Ce coupon a déjà été utilisé ou annulé : un coupon ne sert qu'une fois."),
            credential,
        )
    return None


def _wrong_scheme(credential: Credential, scheme_id: str) -> Verdict:
    return _refused(
        "wrong_scheme",
        Text(
            "Bon ou coupon d'un dispositif que cette caisse ne gère pas ({scheme}) : "
            "il n'ouvre aucun avantage ici.",
            scheme=scheme_id,
        ),
        credential,
    )


def _coupon_wallet(terms: CouponTerms) -> WalletState:
    """The coupon pays from the amount the Region set aside for this partner."""
    return WalletState(
        scheme_id=terms.scheme_id,
        category_id=terms.category_id,
        balance_cents=Cents(terms.amount_cents),
        granted_cents=Cents(terms.amount_cents),
    )


def _voucher_wallet(terms: VoucherTerms, wallets: Sequence[WalletState]) -> list[WalletState]:
    """A paper voucher draws on its own wallet only, and never more than its face value."""
    return [
        WalletState(
            scheme_id=w.scheme_id,
            category_id=w.category_id,
            balance_cents=Cents(min(terms.face_cents, w.balance_cents)),
            granted_cents=Cents(terms.face_cents),
            units=1,
        )
        for w in wallets
        if (w.scheme_id, w.category_id) == (terms.scheme_id, terms.category_id)
    ]


def _identity_to_check(credential: Credential, scheme: Scheme, now: datetime) -> str:
    """For a minor's voucher, the legal representative named on it collects, with their own ID
    (seed 003 art. 2); otherwise the holder named on the code. "Minor" is the voucher's
    category's `guardian_consent_below_age`, on the scheme's local day."""
    terms = credential.voucher
    category = scheme.category(terms.category_id) if terms else None
    if (
        terms
        and terms.guardian_name
        and category is not None
        and credential.birth_date
        and needs_guardian(category, credential.birth_date, local_day(now, scheme))
    ):
        return Text(
            "{guardian}, représentant légal nommé sur le bon (bénéficiaire mineur : {minor})",
            guardian=terms.guardian_name,
            minor=credential.identity,
        )
    return credential.identity


def voucher_valid_until(credential: Credential, standing: Standing) -> date | None:
    """A voucher's last day: the date written in it, or the Region's later extension."""
    if credential.voucher is None:
        return None
    written = credential.voucher.valid_until
    extended = standing.voucher_extended_until
    return max(written, extended) if extended else written


def _holder(partner: Partner, credential: Credential) -> Holder:
    return Holder(
        accreditations=partner.accreditations,
        partner_region=partner.region,
        birth_date=credential.birth_date,
    )


def _stale_snapshot(
    credential: Credential, taken_at: datetime, now: datetime, policy: Policy
) -> Verdict | None:
    """Beyond the Region's limit, balances and revocations may be too old to trust offline.

    A snapshot received "in the future" means the till's clock was set back after the sync: its
    age is then unknown (it could be weeks old), so it is not trusted either."""
    age = now - taken_at
    if age < -timedelta(minutes=policy.clock_skew_minutes):
        return _refused(
            "clock_went_back",
            Text(
                "L'horloge de la caisse indique une heure antérieure à la dernière "
                "synchronisation : vérifiez la date et l'heure du poste, puis synchronisez "
                "avant d'encaisser."
            ),
            credential,
        )
    if age <= timedelta(hours=policy.max_snapshot_age_hours):
        return None
    return _refused(
        "snapshot_too_old",
        Text(
            "Données de la Région vieilles de {age} h (limite : {limit} h) : connectez la "
            "caisse à Internet et synchronisez avant d'encaisser.",
            age=int(age.total_seconds() // 3600),
            limit=policy.max_snapshot_age_hours,
        ),
        credential,
    )


def offline_refusal(amount: int, exposure: OfflineExposure, policy: Policy) -> RuleRefusal | None:
    """The Region's floor limits: what one till may take before the Region has seen it."""
    if exposure.queued >= policy.max_queued_transactions:
        return RuleRefusal(
            "queue_full",
            Text(
                "{queued} transactions attendent d'être envoyées : synchronisez la caisse "
                "avant d'encaisser à nouveau.",
                queued=exposure.queued,
            ),
        )
    if exposure.beneficiary_cents + amount > policy.max_offline_per_beneficiary_cents:
        return RuleRefusal(
            "offline_limit_beneficiary",
            Text(
                "Plafond hors ligne atteint pour ce jeune ({limit}) : synchronisez la caisse "
                "pour continuer.",
                limit=Euros(policy.max_offline_per_beneficiary_cents),
            ),
        )
    if exposure.device_cents + amount > policy.max_offline_per_device_cents:
        return RuleRefusal(
            "offline_limit_device",
            Text(
                "Plafond hors ligne de la caisse atteint ({limit}) : synchronisez la caisse "
                "pour continuer.",
                limit=Euros(policy.max_offline_per_device_cents),
            ),
        )
    return None


def season_warnings(
    schemes: Mapping[str, Scheme], queued_by_scheme: Mapping[str, int], now: datetime,
    policy: Policy = DEFAULT_POLICY,
) -> list[str]:  # fmt: skip
    """Unsent transactions are not reimbursed after the season: say so while there is time."""
    warnings = []
    for scheme_id, queued in sorted(queued_by_scheme.items()):
        scheme = schemes.get(scheme_id)
        if scheme is None or queued <= 0:
            continue
        days_left = (scheme.season.end - local_day(now, scheme)).days
        if 0 <= days_left <= policy.season_end_warning_days:
            warnings.append(
                Text(
                    "{scheme} : la saison se termine le {end} et {queued} transaction(s) "
                    "attendent d'être envoyées. Synchronisez : après la saison, elles ne "
                    "seront pas remboursées.",
                    scheme=scheme.name,
                    end=scheme.season.end,
                    queued=queued,
                )
            )
    return warnings


def code_refusal(
    credential: Credential,
    partner: Partner,
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    last_presented_at: datetime | None = None,
    standing: Standing = GOOD_STANDING,
) -> Verdict | None:
    """Why this code cannot be used here and now, whatever it would be used for (a charge,
    a bon plan check-in): validity, region, freshness, revocation, suspension."""
    _require_aware(now)
    credential = _as_extended(credential, standing)
    refusal = _code_refusal(credential, partner, now, policy, last_presented_at)
    valid_until = voucher_valid_until(credential, standing)
    if refusal is not None and refusal.reason == "code_expired" and valid_until is not None:
        # Days past its last day: said with the voucher's own date, not as an expired code.
        expired = voucher_refusal(valid_until, valid_until + timedelta(days=1))
        assert expired is not None
        return _refused(expired.code, expired.message, credential)
    return refusal or _standing_refusal(credential, standing)


def _as_extended(credential: Credential, standing: Standing) -> Credential:
    """A voucher the Region extended is a valid code until its new last day: the bound read
    from the date written in it would refuse it as expired (seed 003 §3.3)."""
    valid_until = voucher_valid_until(credential, standing)
    if credential.voucher is None or valid_until is None:
        return credential
    expiry = voucher_code_expiry(valid_until)
    if expiry <= credential.expires_at:
        return credential
    return replace(credential, expires_at=expiry)


def _standing_refusal(credential: Credential, standing: Standing) -> Verdict | None:
    if standing.voucher_used:
        return _refused(
            "voucher_used",
            Text("Ce bon a déjà été utilisé : un bon ne sert qu'une fois. Refusez-le."),
            credential,
        )
    if standing.revoked == "replaced":
        return _refused(
            "support_replaced",
            Text(
                "Ce support a été remplacé (nouvelle carte ou nouveau code) : il n'est plus "
                "valable. Demandez au jeune son nouveau support."
            ),
            credential,
        )
    if standing.revoked is not None:
        return _refused(
            "support_revoked",
            Text(
                "Support déclaré perdu ou volé : refusez-le et gardez-le si possible. "
                "Le titulaire peut demander un nouveau support à la Région."
            ),
            credential,
        )
    if standing.suspended:
        return _refused(
            "beneficiary_suspended",
            Text(
                "Droits suspendus par la Région pour ce jeune : aucun avantage utilisable. "
                "Le jeune doit contacter la Région."
            ),
            credential,
        )
    return None


def _code_refusal(
    credential: Credential,
    partner: Partner,
    now: datetime,
    policy: Policy,
    last_presented_at: datetime | None,
) -> Verdict | None:
    """Why the code itself cannot be used here and now, whatever the wallets."""
    skew = timedelta(minutes=policy.clock_skew_minutes)
    presented = credential.presented_at
    if credential.issued_at > now + skew or (presented is not None and presented > now + skew):
        return _refused(
            "code_not_yet_valid",
            Text(
                "Code pas encore valide : l'heure de cette caisse ou du téléphone est fausse. "
                "Vérifiez la date et l'heure de la caisse."
            ),
            credential,
        )
    if now > credential.expires_at + skew:
        return _refused(
            "code_expired",
            Text(
                "Code expiré. Demandez au jeune d'afficher un code à jour dans l'application "
                "ou de présenter sa carte."
            ),
            credential,
        )
    if partner.region and credential.region != partner.region:
        return _refused(
            "wrong_region",
            Text(
                "Code d'une autre région ({region}) : il n'ouvre aucun avantage ici.",
                region=credential.region,
            ),
            credential,
        )
    if credential.support is SupportKind.APP and presented is None:
        return _refused(
            "dynamic_required",
            Text(
                "Code de l'application figé (capture d'écran ou copie ?) : demandez au jeune "
                "d'ouvrir l'application devant vous, le code change toutes les 30 secondes."
            ),
            credential,
        )
    # No skew allowance here: the age limit already leaves room for a slow scan, and adding
    # minutes of tolerance would let a forwarded screenshot through.
    if presented is not None and now - presented > timedelta(
        seconds=policy.dynamic_code_max_age_seconds
    ):
        return _refused(
            "code_stale",
            Text(
                "Code de l'application trop ancien : capture d'écran, ou heure du téléphone "
                "fausse. Demandez au jeune d'afficher le code en direct (heure du téléphone "
                "automatique)."
            ),
            credential,
        )
    if presented is not None and last_presented_at is not None and presented < last_presented_at:
        return _refused(
            "code_replayed",
            Text(
                "Ce code de l'application a déjà été remplacé par un plus récent : c'est une "
                "copie. Demandez au jeune d'afficher le code en direct."
            ),
            credential,
        )
    return None


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    scheme_id: str
    category_id: str
    price_cents: Cents
    item_kind: str | None = None
    operator: str = ""
    id_checked: bool = False
    """The cashier confirmed the ID matches (required for paper and card supports)."""
    label_number: str | None = None
    """The anti-theft label's number, typed by the cashier (NUMÉRISAK)."""
    equipment_serial: str | None = None
    """The sold equipment's serial (NUMÉRISAK PC)."""
    guardian_checked: bool = False
    """The cashier saw the legal representative's authorisation (RolloN from 16 to 18) or the
    representative in person (a minor's NUMÉRISAK voucher)."""


def charge(
    verdict: Verdict,
    request: ChargeRequest,
    *,
    txn_id: TxnId,
    partner: Partner,
    schemes: Mapping[str, Scheme],
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    exposure: OfflineExposure = NO_EXPOSURE,
) -> Transaction:
    """Turn an accepted verdict and a real public price into a debit; refuse what rules forbid."""
    _require_aware(now)
    if not verdict.accepted or verdict.credential is None:
        raise RuleRefusal(verdict.reason, verdict.message)
    wallet = next(
        (
            w
            for w in verdict.wallets
            if (w.scheme_id, w.category_id) == (request.scheme_id, request.category_id)
        ),
        None,
    )
    scheme = schemes.get(request.scheme_id)
    category = scheme.category(request.category_id) if scheme else None
    if wallet is None or scheme is None or category is None:
        raise RuleRefusal(
            "category_not_usable",
            Text(
                "Cet avantage n'est pas utilisable ici pour ce jeune. Choisissez un avantage "
                "proposé."
            ),
        )
    if verdict.confirm_identity and not request.id_checked:
        credential = verdict.credential
        raise RuleRefusal(
            "id_check_required",
            Text(
                "Confirmez d'abord que la pièce d'identité correspond : {identity}.",
                identity=credential.identity,
            ),
        )
    item = request.item_kind or category.item_kinds[0]
    _check_label(verdict.credential, category, request)
    credential = verdict.credential
    facts = _debit_facts(verdict, wallet, scheme, category, partner, request, item, now)
    refusal = debit_refusal(facts)
    if refusal is not None:
        raise RuleRefusal(refusal.code, refusal.message)
    amount, forfeited = Cents(facts.amount_cents), facts.forfeited_cents
    if (limit := offline_refusal(amount, exposure, policy)) is not None:
        raise limit
    if credential.support is SupportKind.TYPED and amount > policy.manual_entry_max_cents:
        raise RuleRefusal(
            "manual_entry_cap",
            Text(
                "Code saisi à la main : au plus {limit} par achat. Scannez le QR code du "
                "support pour aller au-delà.",
                limit=Euros(policy.manual_entry_max_cents),
            ),
        )
    return Transaction(
        id=txn_id,
        kind=TxnKind.DEBIT,
        created_at=now,
        partner_id=partner.id,
        beneficiary=credential.beneficiary,
        scheme_id=scheme.id,
        category_id=category.id,
        item_kind=item,
        amount_cents=amount,
        price_cents=request.price_cents,
        complement_cents=Cents(request.price_cents - amount),
        forfeited_cents=forfeited,
        serial=credential.serial,
        holder_name=credential.holder_name,
        operator=request.operator,
        voucher_serial=credential.serial if credential.voucher else "",
        coupon_id=credential.coupon.coupon_id if credential.coupon else "",
        equipment_serial=facts.equipment_serial,
        guardian_checked=request.guardian_checked,
    )


def _debit_facts(
    verdict: Verdict,
    wallet: UsableWallet,
    scheme: Scheme,
    category: Category,
    partner: Partner,
    request: ChargeRequest,
    item: str,
    now: datetime,
) -> DebitFacts:
    """The facts the Region will judge this sale on, as this till knows them: the sale is
    recorded only if the rulebook gives the Region's answer, not the till's own."""
    credential = verdict.credential
    assert credential is not None
    facts = WalletFacts(balance_cents=wallet.balance_cents, face_cents=wallet.face_cents)
    amount, forfeited = split(category, facts, request.price_cents)
    return DebitFacts(
        scheme=scheme,
        category=category,
        holder=_holder(partner, credential),
        wallet=facts,
        created_at=now,
        item_kind=item,
        price_cents=request.price_cents,
        amount_cents=amount,
        forfeited_cents=forfeited,
        complement_cents=request.price_cents - amount,
        voucher_valid_until=wallet.voucher_valid_until,
        guardian_checked=request.guardian_checked,
        equipment_serial=(request.equipment_serial or "").strip(),
    )


def void_refusal(
    original: Transaction,
    *,
    already_voided: bool,
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
) -> RuleRefusal | None:
    """Why `original` may not be voided at `now`, whatever the reason the cashier would give,
    or None: asked before the reason (a till greys its void button and says why)."""
    _require_aware(now)
    if original.kind is not TxnKind.DEBIT:
        return RuleRefusal("void_not_debit", Text("Seul un encaissement peut être annulé."))
    if already_voided:
        return RuleRefusal("already_voided", Text("Cette transaction est déjà annulée."))
    if now - original.created_at > timedelta(hours=policy.void_window_hours):
        return RuleRefusal(
            "void_too_late",
            Text(
                "Annulation impossible après {hours} h : faites un avoir au jeune selon vos "
                "conditions commerciales.",
                hours=policy.void_window_hours,
            ),
        )
    return None


def void(
    original: Transaction,
    *,
    txn_id: TxnId,
    reason: str,
    already_voided: bool,
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    operator: str = "",
) -> Transaction:
    """Cancel a handling mistake by a new, opposite entry: the ledger never loses a line.

    Refused for the reasons of `void_refusal`, then without a reason."""
    refusal = void_refusal(original, already_voided=already_voided, now=now, policy=policy)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        raise RuleRefusal("void_reason_missing", Text("Indiquez le motif de l'annulation."))
    return Transaction(
        id=txn_id,
        kind=TxnKind.VOID,
        created_at=now,
        partner_id=original.partner_id,
        beneficiary=original.beneficiary,
        scheme_id=original.scheme_id,
        category_id=original.category_id,
        item_kind=original.item_kind,
        amount_cents=original.amount_cents,
        price_cents=original.price_cents,
        complement_cents=original.complement_cents,
        forfeited_cents=original.forfeited_cents,
        serial=original.serial,
        holder_name=original.holder_name,
        operator=operator,
        voids=original.id,
        reason=reason.strip(),
    )


def wallet_after(
    balance: Cents,
    entries: Sequence[Transaction],
    beneficiary: BeneficiaryKey,
    *,
    scheme_id: str | None = None,
    category_id: str | None = None,
) -> Cents:
    """A balance less the debits (and plus the voids) of `entries` for that beneficiary.

    A balance is one wallet's: given `scheme_id` and `category_id`, the entries of the
    beneficiary's other wallets are skipped (otherwise `entries` must hold that wallet's only).
    """
    total = balance
    for entry in entries:
        if entry.beneficiary != beneficiary:
            continue
        if scheme_id is not None and entry.scheme_id != scheme_id:
            continue
        if category_id is not None and entry.category_id != category_id:
            continue
        moved = entry.amount_cents + entry.forfeited_cents
        total = Cents(total - moved if entry.kind is TxnKind.DEBIT else total + moved)
    return total


def _check_label(credential: Credential, category: Category, request: ChargeRequest) -> None:
    """NUMÉRISAK: the label stuck on the PC must carry the voucher's serial (seed 003 art.
    3.3-3.5). Only the till can see the label; the Region gets the PC's serial, which the
    rulebook requires."""
    if not category.label_must_match_voucher:
        return
    typed = _compact(request.label_number or "")
    if not typed:
        raise RuleRefusal(
            "label_missing",
            Text("Saisissez le numéro de l'étiquette antivol collée sur le PC."),
        )
    if credential.voucher is None or typed != _compact(credential.serial):
        raise RuleRefusal(
            "label_mismatch",
            Text(
                "L'étiquette antivol ({label}) ne porte pas le numéro du bon ({serial}) : "
                "utilisez l'étiquette fournie avec ce bon.",
                label=request.label_number,
                serial=credential.serial,
            ),
        )


def _compact(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper()


def _usable(
    wallet: WalletState,
    scheme: Scheme,
    category: Category,
    credential: Credential,
    day: date,
    valid_until: date | None,
) -> UsableWallet:
    return UsableWallet(
        scheme_id=scheme.id,
        category_id=category.id,
        label=category.label,
        balance_cents=wallet.balance_cents,
        single_payment=category.single_payment,
        voucher=category.form is CategoryForm.VOUCHER,
        item_kinds=tuple((item, scheme.item_label(item)) for item in category.item_kinds),
        face_cents=Cents(voucher_face(category, wallet.granted_cents, wallet.units)),
        needs_label=category.label_must_match_voucher,
        needs_equipment_serial=category.records_equipment_serial,
        needs_guardian=needs_guardian(category, credential.birth_date, day),
        notes=category.notes,
        voucher_valid_until=valid_until,
    )


def _refused(code: str, message: Text, credential: Credential | None) -> Verdict:
    return Verdict(accepted=False, reason=code, message=message, credential=credential)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware: a naive time has no meaning at a counter")
