"""The bundled scheme files: they load, they say what the seeds say, and broken files are named.

Facts are checked against the regulations in /work/shared/seeds (000 Livres/EP 2025-26,
001 Culture & Sport 2025-26, 002 Atouts Normandie 2017, 003 NUMÉRISAK 2026-27).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pos_app.domain.schemes import Category, CategoryForm, ReimbursementRhythm, Scheme
from pos_app.scheme_files import SchemeFileError, bundled_scheme_dir, load_scheme_file, load_schemes

LIVRES = "atouts-livres-ep-2025-26"
CULTURE = "atouts-culture-sport-2025-26"
NORMANDIE_2017 = "atouts-normandie-2017-18"
NUMERISAK = "numerisak-2026-27"


@pytest.fixture(scope="module")
def schemes() -> dict[str, Scheme]:
    return load_schemes()


def category(schemes: dict[str, Scheme], scheme_id: str, category_id: str) -> Category:
    found = schemes[scheme_id].category(category_id)
    assert found is not None, f"{scheme_id} has no category {category_id!r}"
    return found


# --- (a) every bundled file loads -------------------------------------------------------------


def test_bundled_schemes_all_load(schemes: dict[str, Scheme]) -> None:
    assert set(schemes) == {LIVRES, CULTURE, NORMANDIE_2017, NUMERISAK}


@pytest.mark.parametrize("path", sorted(bundled_scheme_dir().glob("*.json")), ids=lambda p: p.name)
def test_each_file_is_named_after_its_scheme_id_and_cites_its_seed(path: Path) -> None:
    scheme = load_scheme_file(path)
    assert path.stem == scheme.id
    assert "seeds/00" in scheme.source


# --- (b) key facts per seed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme_id", "start", "end", "deadline", "zone", "rhythm", "fee"),
    [
        (
            LIVRES,
            date(2025, 7, 1),
            date(2026, 6, 30),
            date(2026, 5, 31),
            "Europe/Paris",
            ReimbursementRhythm.WEEKLY,
            0,
        ),
        (
            CULTURE,
            date(2025, 7, 1),
            date(2026, 6, 30),
            date(2026, 5, 31),
            "Europe/Paris",
            ReimbursementRhythm.MONTHLY,
            1000,
        ),
        (
            NORMANDIE_2017,
            date(2017, 7, 1),
            date(2018, 6, 30),
            date(2018, 6, 30),
            "Europe/Paris",
            ReimbursementRhythm.MONTHLY,
            1000,
        ),
        (
            NUMERISAK,
            date(2026, 8, 1),
            date(2027, 7, 31),
            date(2027, 7, 31),
            "Indian/Reunion",
            ReimbursementRhythm.PER_CLAIM,
            0,
        ),
    ],
)
def test_season_zone_reimbursement_and_membership(
    schemes: dict[str, Scheme],
    scheme_id: str,
    start: date,
    end: date,
    deadline: date,
    zone: str,
    rhythm: ReimbursementRhythm,
    fee: int,
) -> None:
    scheme = schemes[scheme_id]
    assert (scheme.season.start, scheme.season.end) == (start, end)
    assert scheme.season.request_deadline == deadline
    assert scheme.time_zone == zone
    assert scheme.zone.key == zone
    assert scheme.reimbursement is rhythm
    assert scheme.membership_fee_cents == fee


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "profile", "amount_cents", "count"),
    [
        (LIVRES, "livres", "general", 5000, 1),
        (LIVRES, "livres", "vocational", 4000, 1),
        (LIVRES, "equipement_pro", "vocational", 10000, 1),
        (CULTURE, "spectacle", "all", 3000, 1),
        (CULTURE, "cinema", "all", 2000, 1),
        (CULTURE, "pratique", "all", 3000, 1),
        (CULTURE, "dispositif_local", "all", 500, 1),
        (CULTURE, "rollon", "all", 1000, 1),
        (NORMANDIE_2017, "cinema", "all", 1600, 1),
        (NORMANDIE_2017, "spectacle", "all", 3000, 1),
        (NORMANDIE_2017, "sport_bon", "all", 1500, 2),
        (NORMANDIE_2017, "secourisme", "all", 4000, 1),
        (NORMANDIE_2017, "livres", "general", 7000, 1),
        (NORMANDIE_2017, "livres", "vocational", 4000, 1),
        (NORMANDIE_2017, "livres", "apprentice", 3000, 1),
        (NORMANDIE_2017, "equipement_pro", "vocational", 10000, 1),
        (NORMANDIE_2017, "equipement_pro", "apprentice", 10000, 1),
        (NORMANDIE_2017, "dispositif_local", "all", 500, 1),
        (NUMERISAK, "numerisak", "all", 35000, 1),
    ],
)
def test_amounts_per_category_and_profile(
    schemes: dict[str, Scheme],
    scheme_id: str,
    category_id: str,
    profile: str,
    amount_cents: int,
    count: int,
) -> None:
    allowances = {a.profile: a for a in category(schemes, scheme_id, category_id).allowances}
    assert (allowances[profile].amount_cents, allowances[profile].count) == (amount_cents, count)


@pytest.mark.parametrize(
    ("scheme_id", "category_ids"),
    [
        (LIVRES, ["livres", "equipement_pro"]),
        (CULTURE, ["spectacle", "cinema", "pratique", "dispositif_local", "rollon"]),
        (
            NORMANDIE_2017,
            [
                "livres",
                "equipement_pro",
                "cinema",
                "spectacle",
                "sport_bon",
                "secourisme",
                "dispositif_local",
            ],
        ),
        (NUMERISAK, ["numerisak"]),
    ],
)
def test_category_ids(schemes: dict[str, Scheme], scheme_id: str, category_ids: list[str]) -> None:
    assert [c.id for c in schemes[scheme_id].categories] == category_ids


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "accepted_by", "form"),
    [
        (LIVRES, "livres", ("livres",), CategoryForm.WALLET),
        (LIVRES, "equipement_pro", ("equipement_pro",), CategoryForm.WALLET),
        (CULTURE, "cinema", ("cinema",), CategoryForm.WALLET),
        (CULTURE, "rollon", ("rollon",), CategoryForm.WALLET),
        (NORMANDIE_2017, "sport_bon", ("pratique",), CategoryForm.VOUCHER),
        (NORMANDIE_2017, "secourisme", ("secourisme",), CategoryForm.VOUCHER),
        (NUMERISAK, "numerisak", ("numerisak",), CategoryForm.VOUCHER),
    ],
)
def test_accreditation_and_form(
    schemes: dict[str, Scheme],
    scheme_id: str,
    category_id: str,
    accepted_by: tuple[str, ...],
    form: CategoryForm,
) -> None:
    found = category(schemes, scheme_id, category_id)
    assert found.accepted_by == accepted_by
    assert found.form is form


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "accepted", "excluded"),
    [
        (LIVRES, "livres", "manuel_scolaire", "calculatrice"),
        (LIVRES, "livres", "annales", "magazine"),
        (LIVRES, "livres", "licence_numerique", "caution_adhesion_association"),
        (LIVRES, "equipement_pro", "equipement_protection", "calculatrice"),
        (LIVRES, "equipement_pro", "vetement_travail", "materiel_informatique"),
        (LIVRES, "equipement_pro", "outillage_personnel", "consommables"),
        (CULTURE, "cinema", "place_cinema", "confiserie"),
        (CULTURE, "cinema", "abonnement_cinema", "boisson"),
        (NUMERISAK, "numerisak", "pc_convertible", "especes"),
    ],
)
def test_item_kinds_accepted_and_excluded(
    schemes: dict[str, Scheme], scheme_id: str, category_id: str, accepted: str, excluded: str
) -> None:
    found = category(schemes, scheme_id, category_id)
    assert accepted in found.item_kinds
    assert excluded in found.excluded_item_kinds


@pytest.mark.parametrize(
    ("scheme_id", "category_id", "single", "min_age", "consent_below", "once"),
    [
        (CULTURE, "rollon", True, 16, 18, False),
        (CULTURE, "cinema", False, None, None, False),
        (LIVRES, "equipement_pro", False, None, None, True),
        (LIVRES, "livres", False, None, None, False),
        (NUMERISAK, "numerisak", False, None, 18, True),
    ],
)
def test_age_and_payment_rules(
    schemes: dict[str, Scheme],
    scheme_id: str,
    category_id: str,
    single: bool,
    min_age: int | None,
    consent_below: int | None,
    once: bool,
) -> None:
    found = category(schemes, scheme_id, category_id)
    assert found.single_payment is single
    assert found.min_age == min_age
    assert found.guardian_consent_below_age == consent_below
    assert found.once_per_school_career is once


@pytest.mark.parametrize(
    ("scheme_id", "partner_kind", "category_id", "accepted"),
    [
        (LIVRES, "etablissement_scolaire", "livres", True),
        (LIVRES, "etablissement_scolaire", "equipement_pro", True),
        (LIVRES, "association_parents", "livres", True),
        (LIVRES, "association_parents", "equipement_pro", False),  # seed 000 §4.3.1
        (LIVRES, "librairie", "livres", False),
        (CULTURE, "club_sportif", "pratique", True),
        (CULTURE, "structure_artistique", "pratique", True),
        (CULTURE, "cinema", "cinema", False),
        (CULTURE, "club_sportif", "cinema", False),
        (NORMANDIE_2017, "club_sportif", "sport_bon", False),
        (NUMERISAK, "revendeur_informatique", "numerisak", False),
    ],
)
def test_who_takes_prepaid_coupons(
    schemes: dict[str, Scheme], scheme_id: str, partner_kind: str, category_id: str, accepted: bool
) -> None:
    assert schemes[scheme_id].accepts_coupon(partner_kind, category_id) is accepted


@pytest.mark.parametrize(
    ("scheme_id", "ages"),
    [(LIVRES, None), (CULTURE, (15, 25)), (NORMANDIE_2017, (15, 25)), (NUMERISAK, None)],
)
def test_eligible_ages(schemes: dict[str, Scheme], scheme_id: str, ages: object) -> None:
    assert schemes[scheme_id].eligible_ages == ages


@pytest.mark.parametrize(
    ("scheme_id", "admitted"),
    [(LIVRES, False), (CULTURE, True), (NORMANDIE_2017, False), (NUMERISAK, False)],
)
def test_young_lyceens_waiver(schemes: dict[str, Scheme], scheme_id: str, admitted: bool) -> None:
    """Seed 001 §3.1: lycéens under 15 eligible to Atouts Livres et EP are admitted; seed 002
    (2017) says nothing of it."""
    assert schemes[scheme_id].young_lyceens_admitted is admitted


def test_spectacle_note_says_normandy_only(schemes: dict[str, Scheme]) -> None:
    assert "Normandie uniquement" in category(schemes, CULTURE, "spectacle").notes


# --- (c) broken files name the file and the field ---------------------------------------------


@pytest.fixture(scope="module")
def valid_raw() -> dict[str, Any]:
    return json.loads((bundled_scheme_dir() / f"{CULTURE}.json").read_text(encoding="utf-8"))


def negative_amount(raw: dict[str, Any]) -> None:
    raw["categories"][0]["allowances"][0]["amount_cents"] = -100


def unknown_zone(raw: dict[str, Any]) -> None:
    raw["time_zone"] = "Europe/Atlantis"


def unknown_item_kind(raw: dict[str, Any]) -> None:
    raw["categories"][1]["item_kinds"].append("popcorn")


def missing_season(raw: dict[str, Any]) -> None:
    del raw["season"]


def deadline_after_end(raw: dict[str, Any]) -> None:
    raw["season"]["request_deadline"] = "2026-07-15"


def ages_reversed(raw: dict[str, Any]) -> None:
    raw["eligible_ages"] = [25, 15]


def waiver_without_ages(raw: dict[str, Any]) -> None:
    raw["eligible_ages"] = None
    raw["young_lyceens_admitted"] = True


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (negative_amount, ["categories.0.allowances.0.amount_cents", "greater than 0"]),
        (unknown_zone, ["time_zone", "Europe/Atlantis"]),
        (unknown_item_kind, ["categories.cinema.item_kinds", "unknown item kinds", "popcorn"]),
        (missing_season, ["season", "Field required"]),
        (deadline_after_end, ["season", "request_deadline <= end"]),
        (ages_reversed, ["eligible_ages", "min <= max"]),
        (waiver_without_ages, ["young_lyceens_admitted", "eligible_ages"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_broken_field_is_named(
    tmp_path: Path,
    valid_raw: dict[str, Any],
    break_it: Callable[[dict[str, Any]], None],
    expected: list[str],
) -> None:
    raw = copy.deepcopy(valid_raw)
    break_it(raw)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SchemeFileError) as caught:
        load_scheme_file(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": "x", ', "not valid JSON at line 1"),
        ("[]", "(root): expected one JSON object"),
        ('["atouts"]', "(root): expected one JSON object"),
    ],
    ids=["invalid_json", "empty_list", "list"],
)
def test_unusable_documents_are_named(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeFileError) as caught:
        load_schemes(tmp_path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_duplicate_scheme_id_across_files(tmp_path: Path, valid_raw: dict[str, Any]) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(valid_raw), encoding="utf-8")
    with pytest.raises(SchemeFileError) as caught:
        load_schemes(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "b.json") in message
    assert f"id: scheme {CULTURE!r} is defined twice" in message


def test_valid_copy_loads_from_another_folder(tmp_path: Path, valid_raw: dict[str, Any]) -> None:
    (tmp_path / "copy.json").write_text(json.dumps(valid_raw), encoding="utf-8")
    assert list(load_schemes(tmp_path)) == [CULTURE]


# --- (d) the cache of validated files (the window's cold start imports no pydantic) ------------


def cached_amount(cache: Path) -> int:
    document = json.loads(cache.read_text(encoding="utf-8"))
    (entry,) = document["files"].values()
    return entry["data"]["categories"][0]["allowances"][0]["amount_cents"]


def tamper_cached_amount(cache: Path, amount: int, *, recheck: bool, validator: str = "") -> None:
    """Changes the cached form of the (only) file; `recheck` also fixes the entry's digest."""
    document = json.loads(cache.read_text(encoding="utf-8"))
    (entry,) = document["files"].values()
    entry["data"]["categories"][0]["allowances"][0]["amount_cents"] = amount
    if recheck:
        text = json.dumps(entry["data"], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        entry["check"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if validator:
        document["validator"] = validator
    cache.write_text(json.dumps(document), encoding="utf-8")


def test_the_cache_gives_the_schemes_validation_gives(tmp_path: Path) -> None:
    cache = tmp_path / "schemes-validated.json"
    validated = load_schemes()
    assert load_schemes(cache=cache) == validated  # validates, writes the cache
    assert cache.exists()
    written = cache.read_bytes()
    assert load_schemes(cache=cache) == validated  # from the cache, which stays as it was
    assert cache.read_bytes() == written


def test_a_file_changed_after_it_was_cached_is_validated_again(
    tmp_path: Path, valid_raw: dict[str, Any]
) -> None:
    folder, cache = tmp_path / "schemes", tmp_path / "cache.json"
    folder.mkdir()
    path = folder / "copy.json"
    path.write_text(json.dumps(valid_raw), encoding="utf-8")
    load_schemes(folder, cache=cache)
    broken = copy.deepcopy(valid_raw)
    negative_amount(broken)
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(SchemeFileError) as caught:
        load_schemes(folder, cache=cache)
    assert "categories.0.allowances.0.amount_cents" in str(caught.value)
    path.write_bytes(path.read_bytes()[:-40])  # truncated on disk
    with pytest.raises(SchemeFileError, match="not valid JSON"):
        load_schemes(folder, cache=cache)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "entry_changed", "entry_changed_and_rechecked_by_another_validator"],
)
def test_a_damaged_or_foreign_cache_is_not_trusted(
    tmp_path: Path, valid_raw: dict[str, Any], damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder, cache = tmp_path / "schemes", tmp_path / "cache.json"
    folder.mkdir()
    (folder / "copy.json").write_text(json.dumps(valid_raw), encoding="utf-8")
    expected = load_schemes(folder)
    load_schemes(folder, cache=cache)
    amount = cached_amount(cache)
    if damage == "garbage":
        cache.write_bytes(cache.read_bytes()[:100])
    elif damage == "entry_changed":
        tamper_cached_amount(cache, 1, recheck=False)
    else:
        tamper_cached_amount(cache, 1, recheck=True, validator="0" * 64)
    with caplog.at_level("INFO", logger="pos_app.scheme_files"):
        assert load_schemes(folder, cache=cache) == expected
    assert "validated" in caplog.text  # the file was validated again (and the cache damage
    if damage != "entry_changed_and_rechecked_by_another_validator":  # logged)
        assert "scheme cache" in caplog.text
    assert cached_amount(cache) == amount  # rewritten from the file


def test_a_cache_rewritten_on_this_computer_is_caught_after_the_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone edits the cached form of a scheme and fixes its digests: the start trusts it
    (that is the point of the cache), but the warm-up, off the window's thread, validates the
    files again, logs it, puts the files' rules back and drops the cache."""
    from pos_app.services import SCHEME_CACHE, Till

    data_dir = tmp_path / "till"
    with Till(data_dir) as till:
        assert till._schemes_from_cache
        till.warm_up()  # a clean cache: nothing said, nothing changed
        validated = till.schemes
    cache = data_dir / SCHEME_CACHE
    assert cache.exists() and "does not match" not in caplog.text
    document = json.loads(cache.read_text(encoding="utf-8"))
    entry = next(iter(document["files"].values()))
    entry["data"]["categories"][0]["allowances"][0]["amount_cents"] = 99_999
    text = json.dumps(entry["data"], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    entry["check"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cache.write_text(json.dumps(document), encoding="utf-8")

    with Till(data_dir) as till:
        assert till.schemes != validated  # believed at start
        with caplog.at_level("ERROR", logger="pos_app.services"):
            till.warm_up()
        assert till.schemes == validated
    assert "does not match the scheme files" in caplog.text
    assert not cache.exists()


def test_the_domain_view_has_exactly_the_validator_fields() -> None:
    """A field added to the validator but not to the view (or the reverse) would make every
    validated file unreadable by the view: the two lists must stay the same."""
    from dataclasses import fields

    from pos_app.domain import scheme_models, schemes

    for name in ("ItemKind", "Allowance", "Category", "Season", "CouponRule", "Scheme"):
        model = getattr(scheme_models, name)
        view = getattr(schemes, name)
        assert set(model.model_fields) == {field.name for field in fields(view)}, name
