"""The rules the Region applies when it grants benefits (issuance), as pure functions.

The till enforces what a partner may debit (`pos_app.domain.rules`); the Region decides what
a young person is granted in the first place. These are its rules, from the regulations of
record (`../shared/seeds/`):

- **age** (`eligible_ages`, seed 001 §2.3 and §3.1 "âgés de 15 à 25 ans"): the age in
  completed years on the day of the request, in the scheme's time zone, within the range,
  both ends included (25 years and 364 days is still 25). The regulation checks eligibility
  when the account is created and the membership recorded (§3.1 "Une adhésion n'est
  enregistrée qu'après validation de l'éligibilité"), so the request's day is the one that
  counts; turning 26 later in the season takes nothing away.
- **the lycéen waiver** (`young_lyceens_admitted`, seed 001 §3.1 "Une dérogation est accordée
  aux lycéens de moins de 15 ans éligibles au dispositif Atouts Livre et Equipement
  professionnel"): below the minimum age only, for a pupil the Livres/EP regulation covers
  (seed 000 §2.3: lycéens, pupils of écoles de production, 4e/3e prépa métiers in a lycée...).
  It never lifts the maximum age. Seed 000 does not cover apprentices (CFA): no waiver for them.
- **request window** (`season.start` … `season.request_deadline`, seed 001 §2.4 and §3.1,
  seed 000 §2.4.3): a request is taken from the season's first day ("1er juillet de l'année N,
  1er jour d'inscription de la saison") to the deadline included ("jusqu'au 31 mai de l'année
  N+1 au plus tard"); the day before the start and the day after the deadline are refused.
- **one membership per season** (seed 001 §3.1 "qu'une seule fois par saison"): a season is a
  scheme file, so one membership per beneficiary and scheme id.
- **the membership fee** (`membership_fee_cents`, seed 001 §2.1 and §3.1): the membership is
  recorded, and the wallets credited, only once the fee is collected ("après ... encaissement
  du paiement") — or when the Region offers the membership (§3.1 "La Région se réserve le droit
  d'offrir des adhésions gratuites"), which needs a stated reason. A scheme with a fee is a
  membership scheme: its categories are granted to members only.
- **once in a school career** (`once_per_school_career`, seed 000 §2.4.3 and §3.2 for the
  work-equipment wallet, seed 003 art. 3.2 "Il ne peut y avoir qu'un bon par Bénéficiaire"):
  never granted again in another season of the same scheme family (`career_key`), unless the
  Region grants an exception after its own review (seed 000 §3.2 "exception faite des cas de
  réorientation ... qui feront l'objet d'une étude spécifique"), which needs a stated reason.

Every refusal carries a stable code (`REASONS`) and a French message. Nothing here reads a
clock, a file or a database: the facts are gathered once by the caller (the reference Region
server's `sync/region_sim/memberships.py`) and `day` is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pos_app.domain.money import format_euros
from pos_app.domain.rules import age_on
from pos_app.domain.schemes import Scheme

REASONS = (
    "not_a_membership_scheme",
    "membership_required",
    "season_not_open",
    "request_deadline_passed",
    "too_young",
    "too_old",
    "already_member",
    "fee_unpaid",
    "unknown_category",
    "already_granted",
    "once_per_school_career",
)
"""Every refusal code this module may return (stable: scripts and tests compare them)."""

LYCEEN_WAIVER = "lyceen_waiver"
FREE_MEMBERSHIP = "free_membership"
CAREER_EXCEPTION = "career_exception"
NOTES = (LYCEEN_WAIVER, FREE_MEMBERSHIP, CAREER_EXCEPTION)
"""What an accepted decision relied on, for the Region's record (codes, stable)."""

_SEASON_SUFFIX = re.compile(r"-\d{4}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether the Region may issue; `refusals` says why not (all of them, in rule order);
    `notes` what an accepted decision relied on (`NOTES`)."""

    refusals: tuple[Refusal, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(refusal.code for refusal in self.refusals)


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """What the Region knows of one request, gathered once before deciding."""

    scheme: Scheme
    day: date
    """The request's day in the scheme's time zone (`request_day`)."""
    birth_date: date
    lyceen: bool = False
    """The applicant is a pupil the Livres/EP regulation covers (seed 000 §2.3), as the
    Region checked it (school certificate): the waiver of seed 001 §3.1."""
    member: bool = False
    """A membership of this scheme (this season) is already recorded."""
    fee_paid: bool = False
    """The membership fee is collected (card online, or the cheque cashed)."""
    free_reason: str = ""
    """Why the Region offers the membership (seed 001 §3.1), or "" when it does not."""
    granted: frozenset[str] = frozenset()
    """Categories of this scheme the person already holds (this season)."""
    career_received: frozenset[str] = frozenset()
    """`career_key`s of once-per-career categories received in other seasons."""
    career_exception: str = ""
    """Why the Region grants a once-per-career category again after its review, or ""."""


def request_day(scheme: Scheme, now: datetime) -> date:
    """The request's day in the scheme's time zone: 23:30 UTC on 9 March is 10 March in Paris.
    A naive datetime is refused: its zone would be a guess."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("instant without a time zone")
    return now.astimezone(scheme.zone).date()


def scheme_family(scheme_id: str) -> str:
    """The scheme without its season: `atouts-livres-ep-2025-26` → `atouts-livres-ep`.
    Scheme ids end with their season by convention (docs/schemes.md); an id that does not
    is its own family."""
    return _SEASON_SUFFIX.sub("", scheme_id)


def career_key(scheme_id: str, category_id: str) -> str:
    """The key under which the Region remembers a once-per-career grant across season files:
    `atouts-livres-ep/equipement_pro`, `numerisak/numerisak`."""
    return f"{scheme_family(scheme_id)}/{category_id}"


def is_membership_scheme(scheme: Scheme) -> bool:
    """Benefits granted after a paid membership (Culture & Sport): the fee says so."""
    return scheme.membership_fee_cents > 0


def decide_membership(facts: Facts) -> Decision:
    """May the Region record this membership (and so credit the scheme's wallets)?"""
    scheme = facts.scheme
    if not is_membership_scheme(scheme):
        return Decision(
            (
                Refusal(
                    "not_a_membership_scheme",
                    f"{scheme.name} ne fonctionne pas par adhésion : demandez directement "
                    "l'avantage.",
                ),
            )
        )
    refusals = [*_window(facts), *_age(facts)]
    notes = _age_notes(facts)
    if facts.member:
        refusals.append(
            Refusal(
                "already_member",
                f"Adhésion déjà enregistrée pour {scheme.name} : une seule adhésion par saison.",
            )
        )
    if facts.free_reason.strip():
        notes += (FREE_MEMBERSHIP,)
    elif not facts.fee_paid:
        refusals.append(
            Refusal(
                "fee_unpaid",
                f"Adhésion non enregistrée : la cotisation de "
                f"{format_euros(scheme.membership_fee_cents)} n'est pas encaissée. Les avantages "
                "ne sont crédités qu'après son paiement.",
            )
        )
    return Decision(tuple(refusals), () if refusals else notes)


def decide_grant(facts: Facts, category_id: str) -> Decision:
    """May the Region grant this category of the scheme (a wallet or a voucher)?

    In a membership scheme the membership must be recorded (its age check was made then);
    elsewhere the age range, when the scheme states one, is checked on the request's day."""
    scheme = facts.scheme
    category = scheme.category(category_id)
    if category is None:
        return Decision(
            (Refusal("unknown_category", f"{scheme.name} n'a pas d'avantage « {category_id} »."),)
        )
    refusals = list(_window(facts))
    notes: tuple[str, ...] = ()
    if is_membership_scheme(scheme):
        if not facts.member:
            refusals.append(
                Refusal(
                    "membership_required",
                    f"{category.label} : réservé aux adhérents de {scheme.name} ; l'adhésion "
                    f"({format_euros(scheme.membership_fee_cents)}) n'est pas enregistrée.",
                )
            )
    else:
        refusals.extend(_age(facts))
        notes += _age_notes(facts)
    if category_id in facts.granted:
        refusals.append(
            Refusal(
                "already_granted",
                f"{category.label} : déjà attribué pour {scheme.name}.",
            )
        )
    if category.once_per_school_career and (
        career_key(scheme.id, category_id) in facts.career_received
    ):
        if facts.career_exception.strip():
            notes += (CAREER_EXCEPTION,)
        else:
            refusals.append(
                Refusal(
                    "once_per_school_career",
                    f"{category.label} : attribué une seule fois dans la scolarité, déjà reçu "
                    "lors d'une saison précédente. Seule une dérogation de la Région après étude "
                    "(réorientation, cas particulier signalé par l'établissement) le permet.",
                )
            )
    return Decision(tuple(refusals), () if refusals else notes)


def first_eligible_day(scheme: Scheme, birth_date: date, lyceen: bool = False) -> date | None:
    """The first day of the request window on which this person may ask, or None if there is
    none (a seed that says nothing of the day a benefit was requested: `load_seed`)."""
    first, last = scheme.season.start, scheme.season.request_deadline
    if scheme.eligible_ages is not None:
        low, high = scheme.eligible_ages
        if not (lyceen and scheme.young_lyceens_admitted):
            first = max(first, birthday(birth_date, low))
        last = min(last, birthday(birth_date, high + 1) - timedelta(days=1))
    return first if first <= last else None


def birthday(birth_date: date, years: int) -> date:
    """The day someone born on `birth_date` turns `years` (29 February: 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 3, 1)


def _window(facts: Facts) -> list[Refusal]:
    season = facts.scheme.season
    if facts.day < season.start:
        return [
            Refusal(
                "season_not_open",
                f"Demande trop tôt : les demandes pour {facts.scheme.name} ouvrent le "
                f"{season.start:%d/%m/%Y}.",
            )
        ]
    if facts.day > season.request_deadline:
        return [
            Refusal(
                "request_deadline_passed",
                f"Demande trop tardive : les demandes pour {facts.scheme.name} étaient "
                f"possibles jusqu'au {season.request_deadline:%d/%m/%Y}.",
            )
        ]
    return []


def _age(facts: Facts) -> list[Refusal]:
    scheme = facts.scheme
    if scheme.eligible_ages is None:
        return []
    low, high = scheme.eligible_ages
    age = age_on(facts.birth_date, facts.day)
    on = f"le {facts.day:%d/%m/%Y}"
    if age > high:
        return [
            Refusal(
                "too_old",
                f"{age} ans {on} : {scheme.name} est réservé aux jeunes de {low} à {high} ans.",
            )
        ]
    if age < low and not _waived(facts):
        waiver = (
            f", sauf dérogation pour un lycéen de moins de {low} ans éligible à Atouts Livres "
            "et Équipement professionnel"
            if scheme.young_lyceens_admitted
            else ""
        )
        return [
            Refusal(
                "too_young",
                f"{max(age, 0)} ans {on} : {scheme.name} est réservé aux jeunes de {low} à "
                f"{high} ans{waiver}.",
            )
        ]
    return []


def _waived(facts: Facts) -> bool:
    return facts.lyceen and facts.scheme.young_lyceens_admitted


def _age_notes(facts: Facts) -> tuple[str, ...]:
    ages = facts.scheme.eligible_ages
    if ages is not None and age_on(facts.birth_date, facts.day) < ages[0] and _waived(facts):
        return (LYCEEN_WAIVER,)
    return ()
