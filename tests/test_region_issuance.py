"""The reference Region grants only what the rules of issuance allow: through the real
`region-sim membership request|show` and `region-sim grant` commands (`main()`, a real SQLite
data folder), and through the seed loader, which applies the same rules.

The rules themselves are tested in `tests/test_issuance.py`; here, one test per rule shows the
Region applying it, and that a refused request records nothing.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from crash_harness import generated_seed

from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.demo import demo_seed_path
from pos_app.scheme_files import bundled_scheme_dir, load_schemes
from sync.region_sim import runner
from sync.region_sim.memberships import IssuanceRefused, Request
from sync.region_sim.runner import open_state
from sync.region_sim.state import DB_NAME, SCHEMA_VERSION, RegionState

CULTURE = "atouts-culture-sport-2025-26"
LIVRES = "atouts-livres-ep-2025-26"
LIVRES_NEXT = "atouts-livres-ep-2026-27"
SEED: dict[str, Any] = json.loads(demo_seed_path().read_text(encoding="utf-8"))

Run = Callable[..., tuple[int, str, str]]


def schemes_with_next_season(directory: Path) -> Path:
    """The bundled files plus a second Livres/EP season (2026-27): the same family."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in bundled_scheme_dir().glob("*.json"):
        (directory / path.name).write_bytes(path.read_bytes())
    raw = json.loads((bundled_scheme_dir() / f"{LIVRES}.json").read_text(encoding="utf-8"))
    raw["id"] = LIVRES_NEXT
    raw["season"] = {"start": "2026-07-01", "end": "2027-06-30", "request_deadline": "2027-05-31"}
    (directory / f"{LIVRES_NEXT}.json").write_text(json.dumps(raw), encoding="utf-8")
    return directory


@pytest.fixture
def region_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "region"
    open_state(data_dir, demo_seed_path()).close()
    return data_dir


@pytest.fixture
def run(
    region_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """`atouts-pos region-sim ARGS --data-dir …` at the instant `at` (ISO 8601)."""

    def run(*args: str, at: str = "2026-03-14T20:30:00+01:00") -> tuple[int, str, str]:
        monkeypatch.setenv(ENV_NOW, at)
        capsys.readouterr()
        code = main(["region-sim", *args, "--data-dir", str(region_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def request(
    run: Run, beneficiary: str, born: str, *extra: str, at: str = ""
) -> tuple[int, str, str]:
    args = [
        "membership", "request", "--beneficiary", beneficiary, "--name", "Camille Essai",
        "--birth-date", born, "--scheme", CULTURE, *extra,
    ]  # fmt: skip
    return run(*args, at=at) if at else run(*args)


def refusal_codes(out: str) -> list[str]:
    answer = json.loads(out)
    assert answer["status"] == "refused"
    return [refusal["code"] for refusal in answer["refusals"]]


def balances(run: Run, beneficiary: str) -> dict[str, int]:
    code, out, _ = run("balance", beneficiary, "--json")
    assert code == 0
    return {w["category"]: w["balance_cents"] for w in json.loads(out)["wallets"]}


# --- memberships through the CLI, one rule each --------------------------------------------------


def test_a_membership_credits_the_scheme_s_wallets(run: Run) -> None:
    code, out, _ = request(run, "B100", "2008-05-12", "--fee-paid")
    assert code == 0
    assert "Adhésion enregistrée le 14/03/2026" in out and "10,00" in out
    assert "Crédité : Cinéma 20,00" in out
    assert balances(run, "B100") == {
        "cinema": 2000, "dispositif_local": 500, "pratique": 3000, "rollon": 1000,
        "spectacle": 3000,
    }  # fmt: skip
    code, out, _ = run("membership", "show", "B100", "--json")
    assert json.loads(out)["memberships"] == [
        {
            "scheme": CULTURE, "requested_on": "2026-03-14", "fee_paid_cents": 1000,
            "free_reason": "", "lyceen_waiver": False, "origin": "request",
        }
    ]  # fmt: skip


def test_the_age_is_taken_on_the_paris_day(run: Run) -> None:
    """Born 10 March 2011: 15 from 00:00 in Paris on 10 March 2026, i.e. 23:00 UTC on 9 March."""
    code, out, err = request(
        run, "B101", "2011-03-10", "--fee-paid", "--json", at="2026-03-09T22:30:00+00:00"
    )
    assert code == 1 and refusal_codes(out) == ["too_young"]
    assert "14 ans le 09/03/2026" in err
    code, _, err = run("balance", "B101")
    assert code == 2  # nothing recorded, not even the applicant
    code, out, _ = request(run, "B101", "2011-03-10", "--fee-paid", at="2026-03-09T23:30:00+00:00")
    assert code == 0 and "Adhésion enregistrée le 10/03/2026" in out


def test_26_years_old_is_refused_even_as_a_lyceen(run: Run) -> None:
    code, out, err = request(run, "B102", "2000-03-14", "--fee-paid", "--lyceen", "--json")
    assert code == 1 and refusal_codes(out) == ["too_old"]
    assert "26 ans le 14/03/2026" in err and "de 15 à 25 ans" in err
    code, out, _ = request(run, "B102", "2000-03-15", "--fee-paid")  # 25, 26 tomorrow
    assert code == 0


def test_the_lyceen_waiver_under_15(run: Run) -> None:
    code, out, _ = request(run, "B103", "2011-09-01", "--fee-paid", "--json")
    assert code == 1 and refusal_codes(out) == ["too_young"]
    code, out, _ = request(run, "B103", "2011-09-01", "--fee-paid", "--lyceen")
    assert code == 0 and "Dérogation : lycéen" in out
    _, out, _ = run("membership", "show", "B103", "--json")
    assert json.loads(out)["memberships"][0]["lyceen_waiver"] is True


@pytest.mark.parametrize(
    ("at", "code", "reason"),
    [
        ("2025-06-30T23:30:00+02:00", 1, "season_not_open"),
        ("2025-07-01T00:30:00+02:00", 0, None),
        ("2026-05-31T23:30:00+02:00", 0, None),
        ("2026-06-01T00:30:00+02:00", 1, "request_deadline_passed"),
    ],
    ids=["eve-of-opening", "opening-day", "deadline-day", "day-after-deadline"],
)
def test_the_request_window(run: Run, at: str, code: int, reason: str | None) -> None:
    got, out, _ = request(run, "B104", "2005-01-01", "--fee-paid", "--json", at=at)
    assert got == code
    if reason:
        assert refusal_codes(out) == [reason]


def test_one_membership_a_season(run: Run) -> None:
    assert request(run, "B105", "2005-01-01", "--fee-paid")[0] == 0
    code, out, err = run(
        "membership", "request", "--beneficiary", "B105", "--scheme", CULTURE, "--fee-paid",
        "--json",
    )  # fmt: skip
    assert code == 1 and refusal_codes(out) == ["already_member"]
    assert "une seule adhésion par saison" in err
    # A seeded member too (the demo's B001).
    code, out, _ = run(
        "membership", "request", "--beneficiary", "B001", "--scheme", CULTURE, "--fee-paid",
        "--json",
    )  # fmt: skip
    assert code == 1 and refusal_codes(out) == ["already_member"]


def test_no_wallet_before_the_fee_is_collected(run: Run) -> None:
    code, out, err = request(run, "B106", "2005-01-01", "--json")
    assert code == 1 and refusal_codes(out) == ["fee_unpaid"]
    assert "Adhésion refusée" in err
    assert run("balance", "B106")[0] == 2
    code, out, _ = request(run, "B106", "2005-01-01", "--free", "action de médiation, Caen")
    assert code == 0 and "offerte par la Région (action de médiation, Caen)" in out
    _, out, _ = run("membership", "show", "B106", "--json")
    assert json.loads(out)["memberships"][0]["fee_paid_cents"] == 0


def test_a_wallet_of_a_membership_scheme_needs_the_membership(run: Run) -> None:
    code, out, _ = run(
        "grant", "--beneficiary", "B003", "--scheme", CULTURE, "--category", "cinema", "--json"
    )
    assert code == 1 and refusal_codes(out) == ["membership_required"]


def test_a_known_beneficiary_s_birth_date_must_match(run: Run) -> None:
    code, _, err = run(
        "membership", "request", "--beneficiary", "B001", "--scheme", CULTURE,
        "--birth-date", "2001-01-01", "--fee-paid",
    )  # fmt: skip
    assert code == 2 and "autre date de naissance" in err
    code, _, err = run("membership", "request", "--beneficiary", "B999", "--scheme", CULTURE)
    assert code == 2 and "--name et --birth-date" in err


# --- category grants and the school career -----------------------------------------------------


@pytest.fixture
def two_seasons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Region serving two Livres/EP season files (the commands open the state with these)."""
    directory = schemes_with_next_season(tmp_path / "schemes")
    monkeypatch.setattr(runner, "load_schemes", lambda: load_schemes(directory))


def test_work_equipment_once_in_a_school_career(run: Run, two_seasons: None) -> None:
    """B003 received the EP wallet in 2025-26 (demo seed); in 2026-27 the Region refuses it,
    grants books, and grants EP again only with an exception after review."""
    args = ("grant", "--beneficiary", "B003", "--scheme", LIVRES_NEXT, "--json")
    at = "2026-09-15T10:00:00+02:00"
    code, out, err = run(*args, "--category", "equipement_pro", at=at)
    assert code == 1 and refusal_codes(out) == ["once_per_school_career"]
    assert "une seule fois dans la scolarité" in err
    code, out, _ = run(*args, "--category", "livres", "--profile", "vocational", at=at)
    assert code == 0 and json.loads(out)["wallets"][0]["granted_cents"] == 4000
    code, out, _ = run(
        *args, "--category", "equipement_pro", "--exception", "réorientation (CAP cuisine)", at=at
    )
    assert code == 0 and json.loads(out)["notes"] == ["career_exception"]
    _, out, _ = run("membership", "show", "B003", "--json")
    grants = json.loads(out)["career_grants"]
    assert [(g["scheme"], g["exception_reason"]) for g in grants] == [
        (LIVRES, ""),
        (LIVRES_NEXT, "réorientation (CAP cuisine)"),
    ]


def test_a_category_is_granted_once_a_season(run: Run) -> None:
    code, out, _ = run(
        "grant", "--beneficiary", "B005", "--scheme", "numerisak-2026-27",
        "--category", "numerisak", "--json", at="2026-09-01T10:00:00+04:00",
    )  # fmt: skip
    assert code == 1 and refusal_codes(out) == ["already_granted"]


def test_a_grant_after_the_deadline_is_refused(run: Run) -> None:
    args = (
        "grant", "--beneficiary", "B200", "--name", "Noé Essai", "--birth-date", "2009-01-01",
        "--scheme", LIVRES, "--category", "livres", "--profile", "general",
    )  # fmt: skip
    code, out, _ = run(*args, "--json", at="2026-06-01T09:00:00+02:00")
    assert code == 1 and refusal_codes(out) == ["request_deadline_passed"]
    code, out, _ = run(*args, at="2026-05-31T09:00:00+02:00")
    assert code == 0 and "Crédité : Livres 50,00" in out


# --- the seed loader applies the same rules ------------------------------------------------------


def person(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "S001", "name": "Alix Graine", "birth_date": "2008-05-12", "serial": "AT25-S001",
        "wallets": [{"scheme": CULTURE, "category": "cinema"}],
    }  # fmt: skip
    return base | changes


def seed_of(*people: dict[str, Any]) -> dict[str, Any]:
    seed = copy.deepcopy(SEED)
    seed["beneficiaries"] = list(people)
    seed["bons_plans"] = []
    return seed


@pytest.fixture
def empty_state(tmp_path: Path) -> Iterator[Callable[..., RegionState]]:
    opened: list[RegionState] = []

    def make(schemes_dir: Path | None = None) -> RegionState:
        state = RegionState(tmp_path / f"region-{len(opened)}", load_schemes(schemes_dir))
        opened.append(state)
        return state

    yield make
    for state in opened:
        state.close()


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"birth_date": "1999-06-30"}, "too_old"),  # 26 on the season's first day
        ({"birth_date": "2011-07-01"}, "too_young"),  # 15 only after the deadline
        ({"memberships": [{"scheme": CULTURE, "requested_on": "2026-06-01"}]}, "request_deadline"),
        ({"memberships": [{"scheme": CULTURE, "requested_on": "2025-06-30"}]}, "season_not_open"),
        ({"memberships": [{"scheme": CULTURE, "fee_paid": False}]}, "fee_unpaid"),
        (
            {"wallets": [{"scheme": CULTURE, "category": "cinema"}] * 2},
            "already_granted",
        ),
    ],
    ids=["too-old", "too-young", "after-deadline", "before-opening", "fee-unpaid", "twice"],
)
def test_a_seed_that_grants_against_a_rule_fails_and_names_the_person(
    empty_state: Callable[..., RegionState], changes: dict[str, Any], rule: str
) -> None:
    state = empty_state()
    with pytest.raises(ValueError, match=rf"S001 \(Alix Graine\).*{rule}"):
        state.load_seed(seed_of(person(**changes)))
    assert not state.is_seeded()  # all or nothing


def test_a_seed_s_young_lyceen_and_offered_membership(
    empty_state: Callable[..., RegionState],
) -> None:
    state = empty_state()
    state.load_seed(
        seed_of(
            person(
                birth_date="2011-07-01",
                memberships=[{"scheme": CULTURE, "lyceen": True, "free_reason": "projet lycée"}],
            )
        )
    )
    [membership] = state.issuance_records("S001")["memberships"]
    assert membership["lyceen_waiver"] is True and membership["fee_paid_cents"] == 0
    assert membership["requested_on"] == "2025-07-01" and membership["origin"] == "seed"


def test_a_seed_cannot_give_work_equipment_twice_in_a_career(
    tmp_path: Path, empty_state: Callable[..., RegionState]
) -> None:
    directory = schemes_with_next_season(tmp_path / "schemes")
    twice = [
        {"scheme": LIVRES, "category": "equipement_pro"},
        {"scheme": LIVRES_NEXT, "category": "equipement_pro"},
    ]
    with pytest.raises(ValueError, match=r"S001 \(Alix Graine\).*once_per_school_career"):
        empty_state(directory).load_seed(seed_of(person(wallets=twice)))
    twice[1]["career_exception"] = "réorientation"
    state = empty_state(directory)
    state.load_seed(seed_of(person(wallets=twice)))
    assert len(state.issuance_records("S001")["career_grants"]) == 2


def test_the_demo_and_test_seeds_still_load(empty_state: Callable[..., RegionState]) -> None:
    state = empty_state()
    state.load_seed(SEED)
    b002 = state.issuance_records("B002")["memberships"]  # 14 on 1 July 2025, 15 on 3 September
    assert [m["requested_on"] for m in b002] == ["2025-09-03"]
    assert state.issuance_records("B003")["career_grants"][0]["career_key"] == (
        "atouts-livres-ep/equipement_pro"
    )
    empty_state().load_seed(generated_seed(3))  # the crash harness's seed


def test_a_version_11_region_is_migrated_with_its_records(tmp_path: Path) -> None:
    """Version 12 adds the memberships and career grants: a version 11 Region's wallets are
    taken as granted by the rules, so its history refuses a second EP."""
    data_dir = tmp_path / "region"
    open_state(data_dir, demo_seed_path()).close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:  # what main wrote before issuance
        conn.executescript(
            "DROP TABLE memberships; DROP TABLE career_grants; PRAGMA user_version = 11;"
        )
    directory = schemes_with_next_season(tmp_path / "schemes")
    state = RegionState(data_dir, load_schemes(directory))
    try:
        records = state.issuance_records("B001")
        assert records["memberships"][0]["origin"] == "migration"
        assert records["memberships"][0]["fee_paid_cents"] == 1000
        assert state.issuance_records("B003")["career_grants"][0]["origin"] == "migration"
        second_ep = Request(
            beneficiary_id="B003", scheme_id=LIVRES_NEXT, category_id="equipement_pro"
        )
        with pytest.raises(IssuanceRefused) as refused:
            state.grant_category(second_ep, datetime(2026, 9, 15, 10, 0, tzinfo=UTC))
        assert [r.code for r in refused.value.refusals] == ["once_per_school_career"]
    finally:
        state.close()
    with sqlite3.connect(data_dir / DB_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 14
