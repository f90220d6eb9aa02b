"""The Region's rules at issuance (`pos_app.domain.issuance`), pure: no database, no clock.

Read from the regulations of record: seed 001 §2.1, §2.3, §2.4, §3.1 (Culture & Sport: 15–25
years, the lycéen waiver, requests 1 July → 31 May, one membership a season, the 10 € fee),
seed 000 §2.4.3 and §3.2 (work equipment once in a school career), seed 003 art. 3.2
(one NUMÉRISAK voucher per beneficiary).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain import issuance
from pos_app.domain.issuance import Facts, career_key, decide_grant, decide_membership
from pos_app.domain.schemes import Scheme, Season
from pos_app.scheme_files import load_schemes

SCHEMES = load_schemes()
CULTURE = SCHEMES["atouts-culture-sport-2025-26"]
LIVRES = SCHEMES["atouts-livres-ep-2025-26"]
NUMERISAK = SCHEMES["numerisak-2026-27"]
PARIS = ZoneInfo("Europe/Paris")
MID_SEASON = date(2026, 3, 10)


def next_season(scheme: Scheme, new_id: str) -> Scheme:
    """The same scheme one season later: another file of the same family."""
    season = scheme.season

    def later(day: date) -> date:
        return day.replace(year=day.year + 1)

    return dataclasses.replace(
        scheme,
        id=new_id,
        season=Season(
            start=later(season.start),
            end=later(season.end),
            request_deadline=later(season.request_deadline),
        ),
    )


LIVRES_NEXT = next_season(LIVRES, "atouts-livres-ep-2026-27")


def member_facts(**changes: object) -> Facts:
    """A 17-year-old asking for Culture & Sport in mid-season, fee paid."""
    base = Facts(scheme=CULTURE, day=MID_SEASON, birth_date=date(2008, 5, 12), fee_paid=True)
    return dataclasses.replace(base, **changes)


# --- age, on the request's day in the scheme's zone (seed 001 §2.3, §3.1) --------------------


@pytest.mark.parametrize(
    ("birth_date", "lyceen", "codes", "notes"),
    [
        (date(2011, 3, 11), False, ("too_young",), ()),  # 14, 15 tomorrow
        (date(2011, 3, 10), False, (), ()),  # 15 today
        (date(2011, 3, 11), True, (), (issuance.LYCEEN_WAIVER,)),  # 14, lycéen: the waiver
        (date(2013, 9, 1), True, (), (issuance.LYCEEN_WAIVER,)),  # 12, lycéen: no floor
        (date(2000, 3, 11), False, (), ()),  # 25, 26 tomorrow
        (date(2000, 3, 10), False, ("too_old",), ()),  # 26 today
        (date(2000, 3, 10), True, ("too_old",), ()),  # the waiver never lifts the maximum
    ],
    ids=[
        "14-eve-of-15",
        "15-birthday",
        "14-lyceen",
        "12-lyceen",
        "25-eve-of-26",
        "26-birthday",
        "26-lyceen",
    ],
)
def test_age_window_and_lyceen_waiver(
    birth_date: date, lyceen: bool, codes: tuple[str, ...], notes: tuple[str, ...]
) -> None:
    decision = decide_membership(member_facts(birth_date=birth_date, lyceen=lyceen))
    assert decision.codes == codes
    assert decision.notes == notes


def test_the_waiver_is_the_scheme_s_not_everyone_s() -> None:
    """A scheme whose regulation grants no waiver (2017's file has none) refuses a 14-year-old
    lycéen."""
    strict = dataclasses.replace(CULTURE, young_lyceens_admitted=False)
    facts = member_facts(scheme=strict, birth_date=date(2011, 3, 11), lyceen=True)
    assert decide_membership(facts).codes == ("too_young",)


@pytest.mark.parametrize(
    ("instant", "day", "codes"),
    [
        # 23:30 UTC on 9 March is 00:30 on 10 March in Paris: the 15th birthday has come.
        (datetime(2026, 3, 9, 23, 30, tzinfo=UTC), date(2026, 3, 10), ()),
        # 22:30 UTC is still 23:30 on 9 March in Paris: 14.
        (datetime(2026, 3, 9, 22, 30, tzinfo=UTC), date(2026, 3, 9), ("too_young",)),
    ],
    ids=["paris-past-midnight", "paris-before-midnight"],
)
def test_the_age_is_taken_on_the_scheme_s_day_not_utc(
    instant: datetime, day: date, codes: tuple[str, ...]
) -> None:
    assert issuance.request_day(CULTURE, instant) == day
    facts = member_facts(day=issuance.request_day(CULTURE, instant), birth_date=date(2011, 3, 10))
    assert decide_membership(facts).codes == codes


def test_the_26th_birthday_on_the_scheme_s_day() -> None:
    """Born 10 March 2000: at 23:30 UTC on 9 March 2026 it is already the 26th birthday in
    Paris, while UTC still says 25."""
    instant = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    facts = member_facts(day=issuance.request_day(CULTURE, instant), birth_date=date(2000, 3, 10))
    assert decide_membership(facts).codes == ("too_old",)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        issuance.request_day(CULTURE, datetime(2026, 3, 10, 12, 0))


# --- request window (seed 001 §2.4, §3.1; seed 000 §2.4.3) -----------------------------------


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (date(2025, 6, 30), ("season_not_open",)),
        (date(2025, 7, 1), ()),  # "1er jour d'inscription de la saison"
        (date(2026, 5, 31), ()),  # "jusqu'au 31 mai de l'année N+1 au plus tard"
        (date(2026, 6, 1), ("request_deadline_passed",)),
    ],
)
def test_membership_request_window(day: date, codes: tuple[str, ...]) -> None:
    assert decide_membership(member_facts(day=day)).codes == codes


@pytest.mark.parametrize(
    ("day", "codes"),
    [(date(2026, 5, 31), ()), (date(2026, 6, 1), ("request_deadline_passed",))],
)
def test_a_category_request_after_the_deadline_is_refused(
    day: date, codes: tuple[str, ...]
) -> None:
    """Seed 000 §2.4.3: "Les avantages devront être demandés le 31 mai de l'année N+1 au plus
    tard"."""
    facts = Facts(scheme=LIVRES, day=day, birth_date=date(2009, 1, 1))
    assert decide_grant(facts, "livres").codes == codes


def test_reunion_requests_open_on_the_reunion_day() -> None:
    """NUMÉRISAK's season opens on 1 August in Réunion (UTC+4): 20:30 UTC on 31 July is
    already 1 August there."""
    born = date(2010, 5, 5)
    opened = issuance.request_day(NUMERISAK, datetime(2026, 7, 31, 20, 30, tzinfo=UTC))
    closed = issuance.request_day(NUMERISAK, datetime(2026, 7, 31, 19, 30, tzinfo=UTC))
    assert decide_grant(Facts(scheme=NUMERISAK, day=opened, birth_date=born), "numerisak").allowed
    assert decide_grant(
        Facts(scheme=NUMERISAK, day=closed, birth_date=born), "numerisak"
    ).codes == ("season_not_open",)


# --- one membership a season, and its fee (seed 001 §2.1, §3.1) ------------------------------


def test_a_second_membership_in_the_season_is_refused() -> None:
    assert decide_membership(member_facts(member=True)).codes == ("already_member",)


def test_the_membership_waits_for_the_fee() -> None:
    decision = decide_membership(member_facts(fee_paid=False))
    assert decision.codes == ("fee_unpaid",)
    assert "10,00\u00a0€" in decision.refusals[0].message


def test_a_membership_offered_by_the_region_needs_its_reason() -> None:
    assert decide_membership(member_facts(fee_paid=False, free_reason="  ")).codes == (
        "fee_unpaid",
    )
    decision = decide_membership(member_facts(fee_paid=False, free_reason="médiation Caen"))
    assert decision.allowed and decision.notes == (issuance.FREE_MEMBERSHIP,)


def test_every_refusal_at_once_in_rule_order() -> None:
    facts = member_facts(
        day=date(2026, 6, 1), birth_date=date(1990, 1, 1), member=True, fee_paid=False
    )
    assert decide_membership(facts).codes == (
        "request_deadline_passed",
        "too_old",
        "already_member",
        "fee_unpaid",
    )


def test_a_scheme_without_a_fee_has_no_membership() -> None:
    facts = Facts(scheme=LIVRES, day=MID_SEASON, birth_date=date(2009, 1, 1))
    assert decide_membership(facts).codes == ("not_a_membership_scheme",)


def test_wallets_of_a_membership_scheme_go_to_members_only() -> None:
    assert decide_grant(member_facts(), "cinema").codes == ("membership_required",)
    assert decide_grant(member_facts(member=True), "cinema").allowed


def test_a_category_held_this_season_is_not_granted_again() -> None:
    facts = member_facts(member=True, granted=frozenset({"cinema"}))
    assert decide_grant(facts, "cinema").codes == ("already_granted",)
    assert decide_grant(facts, "spectacle").allowed
    assert decide_grant(facts, "bowling").codes == ("unknown_category",)


# --- once in a school career, across season files (seed 000 §2.4.3, §3.2; seed 003 art. 3.2) --


def test_the_career_key_is_the_same_across_seasons() -> None:
    assert career_key(LIVRES.id, "equipement_pro") == "atouts-livres-ep/equipement_pro"
    assert career_key(LIVRES_NEXT.id, "equipement_pro") == career_key(LIVRES.id, "equipement_pro")
    assert career_key(NUMERISAK.id, "numerisak") == "numerisak/numerisak"
    assert issuance.scheme_family("sans-saison") == "sans-saison"


def test_work_equipment_once_in_a_school_career() -> None:
    received = frozenset({career_key(LIVRES.id, "equipement_pro")})
    facts = Facts(
        scheme=LIVRES_NEXT, day=date(2026, 9, 15), birth_date=date(2010, 1, 1),
        career_received=received,
    )  # fmt: skip
    assert decide_grant(facts, "equipement_pro").codes == ("once_per_school_career",)
    assert decide_grant(facts, "livres").allowed  # books: every year of the lycée (§2.4.3)
    fresh = dataclasses.replace(facts, career_received=frozenset())
    assert decide_grant(fresh, "equipement_pro").allowed


def test_a_career_exception_after_the_region_s_review() -> None:
    """Seed 000 §3.2: "exception faite des cas de réorientation ... étude spécifique"."""
    received = frozenset({career_key(LIVRES.id, "equipement_pro")})
    facts = Facts(
        scheme=LIVRES_NEXT, day=date(2026, 9, 15), birth_date=date(2010, 1, 1),
        career_received=received, career_exception="réorientation vers un CAP cuisine",
    )  # fmt: skip
    decision = decide_grant(facts, "equipement_pro")
    assert decision.allowed and decision.notes == (issuance.CAREER_EXCEPTION,)


def test_one_numerisak_voucher_per_beneficiary() -> None:
    later = next_season(NUMERISAK, "numerisak-2027-28")
    facts = Facts(
        scheme=later, day=date(2027, 9, 1), birth_date=date(2011, 4, 18),
        career_received=frozenset({career_key(NUMERISAK.id, "numerisak")}),
    )  # fmt: skip
    assert decide_grant(facts, "numerisak").codes == ("once_per_school_career",)


# --- the day a seed's grant is taken on, and birthdays ----------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "lyceen", "first"),
    [
        (date(2008, 5, 12), False, date(2025, 7, 1)),  # 17 all season
        (date(2010, 9, 3), False, date(2025, 9, 3)),  # 15 on 3 September 2025
        (date(2011, 7, 1), False, None),  # 15 only after the deadline
        (date(2011, 7, 1), True, date(2025, 7, 1)),  # ... unless a lycéen
        (date(1999, 7, 1), False, None),  # 26 on the first day
        (date(1999, 7, 2), False, date(2025, 7, 1)),  # 25 on the first day only
    ],
)
def test_first_eligible_day(birth_date: date, lyceen: bool, first: date | None) -> None:
    assert issuance.first_eligible_day(CULTURE, birth_date, lyceen) == first


def test_a_29_february_birthday() -> None:
    assert issuance.birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert issuance.birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)


def test_every_code_is_declared() -> None:
    """The codes are stable: each one a decision may return is in `REASONS`."""
    seen = set()
    for day in (date(2025, 6, 30), date(2026, 6, 1), MID_SEASON):
        for born in (date(1990, 1, 1), date(2012, 1, 1), date(2008, 1, 1)):
            for member in (False, True):
                facts = member_facts(day=day, birth_date=born, member=member, fee_paid=False)
                seen.update(decide_membership(facts).codes)
                seen.update(decide_grant(facts, "cinema").codes)
    seen.update(
        decide_membership(Facts(scheme=LIVRES, day=MID_SEASON, birth_date=MID_SEASON)).codes
    )
    seen.update(decide_grant(member_facts(), "x").codes)
    seen.update(
        decide_grant(member_facts(member=True, granted=frozenset({"cinema"})), "cinema").codes
    )
    assert seen <= set(issuance.REASONS)
    assert set(issuance.REASONS) - seen == {"once_per_school_career"}  # tested above


def test_a_request_day_is_a_calendar_day_in_paris_on_dst_change() -> None:
    """On the last Sunday of March Paris jumps from UTC+1 to UTC+2: 22:30 UTC is 00:30 the
    next day."""
    instant = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert issuance.request_day(CULTURE, instant) == date(2026, 3, 30)
    assert instant.astimezone(PARIS).utcoffset() == timedelta(hours=2)
