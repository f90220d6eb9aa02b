"""The rules that decide whether a debit may be paid, written once for the till and the Region.

A till that is buggy, old or altered must not be paid for what the regulation forbids, and a till
and the Region must never disagree silently about the same transaction. So both sides gather
the facts of one debit once (`DebitFacts`: the scheme, the partner's accreditations and region,
the holder's birth date, the wallet before the debit, the voucher's own last day, what the
cashier confirmed) and ask the same function, `debit_refusal`; the till before it records a
sale (`rules.charge`), the reference Region server when the sale is uploaded. `availability`
is the part of it that needs no price, which the till asks at the scan for each wallet.

What only one side can know stays on that side: the code's signature, freshness and
revocation, the ID check and the offline limits at the till (`rules`); a voucher or coupon
already paid elsewhere, the balance after other tills' sales, at the Region. docs/schemes.md
says which side enforces each field of the scheme files.

Nothing here reads a clock or a store: every date is given, and read in the scheme's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pos_app.domain.money import MAX_CHARGE_CENTS
from pos_app.domain.schemes import Category, CategoryForm, Scheme
from pos_app.domain.text import Euros, Text, template

REASONS: dict[str, str] = {
    "unknown_category": template("avantage inconnu du dispositif"),
    "wrong_region": template("avantage d'un dispositif que la région du partenaire ne gère pas"),
    "not_accredited": template("catégorie pour laquelle le partenaire n'est pas agréé"),
    "season_not_started": template("enregistrée avant l'ouverture de la saison"),
    "season_over": template("enregistrée après la fin de la saison"),
    "voucher_expired": template("bon utilisé après sa date de validité"),
    "item_excluded": template("article exclu de l'avantage"),
    "item_not_covered": template("article que l'avantage ne prend pas en charge"),
    "age_unknown": template("âge du jeune inconnu pour un avantage réservé à partir d'un âge"),
    "too_young": template("jeune trop jeune pour cet avantage"),
    "guardian_consent_missing": template(
        "autorisation du représentant légal non vérifiée pour un mineur"
    ),
    "equipment_serial_missing": template("numéro de série du matériel non relevé"),
    "amount_invalid": template("montant incohérent"),
    "whole_transfer_required": template(
        "avantage à verser en une seule fois, pour son montant total"
    ),
    "amount_mismatch": template(
        "montant pris sur l'avantage différent de celui que les règles donnent"
    ),
    "wallet_used": template("avantage à usage unique déjà utilisé"),
    "wallet_empty": template("solde épuisé"),
    "insufficient_balance": template("solde du jeune insuffisant à la Région"),
}
"""Every code the rulebook gives, with the clause a statement or the history shows after
« refusée : »; the cashier at the counter gets the longer sentence of `Refusal.message`."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the rules forbid something: a stable code (`REASONS`) and a French sentence that
    tells the cashier what to do instead."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class WalletFacts:
    """The wallet a debit draws on, before it: what the side judging it knows.

    A paper voucher draws on its own value only (`balance_cents` at most its face); a prepaid
    coupon on the amount the Region reserved."""

    balance_cents: int
    face_cents: int = 0
    """The value of one single-use voucher of the wallet (`voucher_face`); 0 if divisible."""


@dataclass(frozen=True, slots=True)
class Holder:
    """What the rules need of the beneficiary and of the partner serving them."""

    accreditations: frozenset[str]
    partner_region: str
    birth_date: date | None
    """None only at a till, for a typed code (the Region always knows it)."""


@dataclass(frozen=True, slots=True)
class DebitFacts:
    """One debit and everything the rules need to judge it, gathered once by the side asking."""

    scheme: Scheme
    category: Category
    holder: Holder
    wallet: WalletFacts
    created_at: datetime
    """When the sale was made (aware): the day is read in the scheme's time zone."""
    item_kind: str
    price_cents: int
    amount_cents: int
    forfeited_cents: int
    complement_cents: int
    """What the beneficiary paid by other means: always the price less the amount."""
    voucher_valid_until: date | None = None
    """The last day written in the signed voucher, or its extension by the Region."""
    guardian_checked: bool = False
    """The cashier confirmed the legal representative's authorisation (or presence)."""
    equipment_serial: str = ""


def age_on(birth_date: date, day: date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def local_day(moment: datetime, scheme: Scheme) -> date:
    """The day at the scheme's counter: 00:30 on 1 July in Paris is July, whatever UTC says."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment must be timezone-aware: a naive time has no meaning here")
    return moment.astimezone(scheme.zone).date()


def single_use(category: Category) -> bool:
    """Vouchers and one-go benefits are never spent in several times."""
    return category.form is CategoryForm.VOUCHER or category.single_payment


def voucher_face(category: Category, granted_cents: int, units: int) -> int:
    """The value of one single-use voucher of a grant made of `units` of them (2017 sport: two
    of 15 €), or of the whole one-go balance; 0 for a divisible wallet."""
    return granted_cents // max(units, 1) if single_use(category) else 0


def needs_guardian(category: Category, birth_date: date | None, day: date) -> bool:
    """Below the scheme's age, the legal representative authorises (RolloN, seed 001 §3.2.1)
    or collects (NUMÉRISAK, seed 003 art. 2). An unknown age asks for it too."""
    limit = category.guardian_consent_below_age
    if limit is None:
        return False
    return birth_date is None or age_on(birth_date, day) < limit


def availability(
    scheme: Scheme,
    category: Category,
    holder: Holder,
    day: date,
    voucher_valid_until: date | None = None,
) -> Refusal | None:
    """Why this wallet cannot be used by this holder here on `day` (the scheme's local day),
    whatever the price and the balance, or None."""
    label = category.label
    if holder.partner_region != scheme.region_code:
        return Refusal(
            "wrong_region",
            Text(
                "{label} : avantage de la région {region}, que votre structure ne peut pas "
                "encaisser.",
                label=label,
                region=scheme.region,
            ),
        )
    if voucher_valid_until is not None:
        refusal = voucher_refusal(voucher_valid_until, day)
        if refusal is not None:
            return refusal
    if not holder.accreditations & set(category.accepted_by):
        return Refusal(
            "not_accredited",
            Text(
                "Votre structure n'est pas agréée pour les avantages de ce jeune ({label}).",
                label=label,
            ),
        )
    if day < scheme.season.start:
        return Refusal(
            "season_not_started",
            Text(
                "{label} : pas encore ouvert, la saison commence le {start}.",
                label=label,
                start=scheme.season.start,
            ),
        )
    if voucher_valid_until is None and day > scheme.last_day(category):
        return Refusal(
            "season_over",
            Text("{label} : la saison est terminée, cet avantage ne peut plus être utilisé.",
                 label=label),
        )  # fmt: skip
    if category.min_age is not None:
        if holder.birth_date is None:
            return Refusal(
                "age_unknown",
                Text(
                    "{label} : réservé aux jeunes d'au moins {min_age} ans, âge inconnu avec un "
                    "code saisi. Scannez le QR code du support.",
                    label=label,
                    min_age=category.min_age,
                ),
            )
        if age_on(holder.birth_date, day) < category.min_age:
            return Refusal(
                "too_young",
                Text(
                    "{label} : réservé aux jeunes d'au moins {min_age} ans.",
                    label=label,
                    min_age=category.min_age,
                ),
            )
    return None


def balance_refusal(category: Category, balance_cents: int) -> Refusal | None:
    """A wallet with nothing left, said at the scan. A debit's own balance check is
    `insufficient_balance`: at the Region, an empty wallet was spent elsewhere meanwhile."""
    if balance_cents > 0:
        return None
    if single_use(category):
        return Refusal(
            "wallet_used",
            Text("{label} : avantage à usage unique, déjà utilisé.", label=category.label),
        )
    return Refusal("wallet_empty", Text("{label} : le solde est épuisé.", label=category.label))


def voucher_refusal(valid_until: date, day: date) -> Refusal | None:
    """A voucher past the last day written in it (or its extension): refused whatever else,
    and said first, since no sync can make it good."""
    if day <= valid_until:
        return None
    return Refusal(
        "voucher_expired",
        Text(
            "Bon périmé depuis le {day} (date de validité du bon) : il ne peut plus être "
            "accepté. Seule la Région peut le proroger.",
            day=valid_until,
        ),
    )


def item_refusal(scheme: Scheme, category: Category, item_kind: str) -> Refusal | None:
    """An article the regulation excludes (confiserie at a cinema) or that the benefit does
    not pay for (a calculator from the books wallet)."""
    if item_kind in category.excluded_item_kinds:
        return Refusal(
            "item_excluded",
            Text(
                "« {item} » est exclu de l'avantage {category} : encaissez cet article hors "
                "Atouts.",
                item=scheme.item_label(item_kind),
                category=category.label,
            ),
        )
    if item_kind not in category.item_kinds:
        return Refusal(
            "item_not_covered",
            Text(
                "« {item} » n'est pas pris en charge par l'avantage {category}.",
                item=scheme.item_label(item_kind),
                category=category.label,
            ),
        )
    return None


def split(category: Category, wallet: WalletFacts, price_cents: int) -> tuple[int, int]:
    """What the benefit pays of `price_cents` and what a single-use voucher forfeits; the rest
    is the complement the beneficiary pays by other means."""
    balance = wallet.balance_cents
    if balance <= 0:
        return 0, 0
    if category.form is CategoryForm.VOUCHER:
        # Whole vouchers only, never more than the price covers (a 16 € licence takes one 15 €
        # voucher and 1 € from the beneficiary, not two vouchers with 14 € lost); at least one.
        face = wallet.face_cents
        face = face if 0 < face <= balance else balance
        vouchers = min(max(1, price_cents // face), balance // face)
        consumed = vouchers * face
        amount = min(price_cents, consumed)
        return amount, consumed - amount
    return min(price_cents, balance), 0


def price_refusal(category: Category, wallet: WalletFacts, price_cents: int) -> Refusal | None:
    """A price the rules cannot take: out of range, or not the whole one-go transfer."""
    if not 0 < price_cents <= MAX_CHARGE_CENTS:
        return Refusal("amount_invalid", Text("Montant invalide : vérifiez le prix saisi."))
    if category.single_payment and price_cents != wallet.balance_cents:
        # "le transfert du montant total de l'aide … est réalisé en une seule fois" (seed 001
        # §3.2.1): never a part of it, never a part lost.
        return Refusal(
            "whole_transfer_required",
            Text(
                "{label} : le transfert porte sur le montant total de l'aide, en une seule "
                "fois. Saisissez {amount}.",
                label=category.label,
                amount=Euros(wallet.balance_cents),
            ),
        )
    return None


def debit_refusal(facts: DebitFacts) -> Refusal | None:
    """Why the rules forbid this debit, or None: the one answer of the till and the Region."""
    scheme, category, wallet = facts.scheme, facts.category, facts.wallet
    day = local_day(facts.created_at, scheme)
    refusal = (
        availability(scheme, category, facts.holder, day, facts.voucher_valid_until)
        or balance_refusal(category, wallet.balance_cents)
        or item_refusal(scheme, category, facts.item_kind)
    )
    if refusal is not None:
        return refusal
    if needs_guardian(category, facts.holder.birth_date, day) and not facts.guardian_checked:
        return Refusal(
            "guardian_consent_missing",
            Text(
                "{label} : bénéficiaire mineur, vérifiez l'autorisation du représentant légal "
                "et cochez la case.",
                label=category.label,
            ),
        )
    if category.records_equipment_serial and not facts.equipment_serial.strip():
        return Refusal(
            "equipment_serial_missing",
            Text("Saisissez le numéro de série du PC remis : la Région inventorie le matériel."),
        )
    refusal = price_refusal(category, wallet, facts.price_cents)
    if refusal is not None:
        return refusal
    if facts.amount_cents + facts.forfeited_cents > wallet.balance_cents:
        return Refusal(
            "insufficient_balance",
            Text(
                "Solde insuffisant : il reste {balance} sur cet avantage.",
                balance=Euros(wallet.balance_cents),
            ),
        )
    if not _consistent(category, wallet, facts):
        return Refusal(
            "amount_mismatch",
            Text(
                "Montant pris sur l'avantage incohérent avec le prix : la vente n'est pas "
                "conforme aux règles du dispositif."
            ),
        )
    return None


def _consistent(category: Category, wallet: WalletFacts, facts: DebitFacts) -> bool:
    """Whether the amounts are ones `split` could give for some balance up to the one known.

    Not `split` of this balance exactly: a till that knew a lower balance (a top-up or another
    till's void it had not seen yet) rightly took less, and must still be paid."""
    price, amount, forfeited = facts.price_cents, facts.amount_cents, facts.forfeited_cents
    if amount < 0 or forfeited < 0 or amount > price:
        return False
    if facts.complement_cents != price - amount:
        return False
    if category.form is not CategoryForm.VOUCHER:
        return forfeited == 0 and (amount == price or not category.single_payment)
    # A wallet's odd remainder (less than a face) goes in one go, as `split` spends it.
    face = wallet.face_cents
    face = face if 0 < face <= wallet.balance_cents else wallet.balance_cents
    consumed = amount + forfeited
    if face <= 0 or consumed <= 0:
        return False
    vouchers, remainder = divmod(consumed, face)
    return (
        remainder == 0 and 1 <= vouchers <= max(1, price // face) and amount == min(price, consumed)
    )
