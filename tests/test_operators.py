"""Cashiers sign in with a short PIN: hashed, tries limited, every transaction names them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pos_app.domain.operators import (
    FREE_TRIES,
    OperatorError,
    OperatorRecord,
    attempt,
    hash_pin,
    locked_until,
)
from pos_app.services import Till, TillError

T0 = datetime(2026, 3, 14, 19, 30, tzinfo=UTC)
SALT = b"0123456789abcdef"


def record(failures: int = 0, last: datetime | None = None) -> OperatorRecord:
    return OperatorRecord("Camille", hash_pin("2468", SALT), SALT, failures, last)


def test_the_pin_is_kept_as_a_salted_slow_hash() -> None:
    assert hash_pin("2468", SALT) != hash_pin("2468", b"another salt....")
    assert b"2468" not in hash_pin("2468", SALT) and len(hash_pin("2468", SALT)) == 32


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "１２３４", "12 34"])
def test_a_pin_is_four_to_eight_digits(pin: str) -> None:
    with pytest.raises(OperatorError) as refused:
        hash_pin(pin, SALT)
    assert refused.value.code == "operator_pin_format"


def test_the_right_pin_signs_in_and_clears_the_failures() -> None:
    kept, refusal = attempt(record(failures=3, last=T0), "2468", T0)
    assert refusal is None and (kept.failures, kept.last_failure) == (0, None)


def test_wrong_pins_count_and_say_how_many_tries_are_left() -> None:
    current = record()
    for tried in range(1, FREE_TRIES + 1):
        current, refusal = attempt(current, "1111", T0)
        assert refusal is not None and refusal.code == "operator_wrong_pin"
        assert current.failures == tried
    assert "encore 1 essai" in attempt(record(FREE_TRIES - 2, T0), "1111", T0)[1].message


@pytest.mark.parametrize(
    ("failures", "lock"),
    [(1, None), (4, None), (5, timedelta(minutes=1)), (6, timedelta(minutes=2)),
     (8, timedelta(minutes=8)), (20, timedelta(hours=1))],
)  # fmt: skip
def test_the_lock_doubles_with_each_failure_up_to_an_hour(
    failures: int, lock: timedelta | None
) -> None:
    until = locked_until(record(failures, T0))
    assert until == (T0 + lock if lock else None)


def test_while_locked_even_the_right_pin_waits_and_no_guess_counts() -> None:
    locked = record(FREE_TRIES, T0)
    kept, refusal = attempt(locked, "2468", T0 + timedelta(seconds=30))
    assert refusal.code == "operator_locked" and "réessayez dans 1 min" in refusal.message
    assert kept == locked  # the try made while locked did not count
    kept, refusal = attempt(locked, "2468", T0 + timedelta(minutes=1))
    assert refusal is None and kept.failures == 0


def test_a_malformed_pin_is_a_slip_not_a_guess() -> None:
    kept, refusal = attempt(record(), "12", T0)
    assert refusal.code == "operator_pin_format" and kept.failures == 0


# --- through the till -------------------------------------------------------------------------


def test_operators_sign_in_and_their_sales_carry_their_name(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    cinema_till.add_operator("  Camille   Durand ", "73918264")
    cinema_till.add_operator("Noé", "5555")
    assert cinema_till.operators() == ["Camille Durand", "Noé"]
    with pytest.raises(TillError) as exists:
        cinema_till.add_operator("camille durand", "1234")
    assert exists.value.code == "operator_exists"
    who = cinema_till.sign_in("camille durand", "73918264")
    assert who == "Camille Durand"
    sale = cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "4", operator=who)
    assert cinema_till.history()[0].transaction.operator == "Camille Durand" == sale.operator
    database = (cinema_till.data_dir / "till.sqlite3").read_bytes()
    assert b"73918264" not in database


def test_failures_survive_a_restart_and_lock_the_operator(cinema_till: Till, fixed_now) -> None:
    cinema_till.add_operator("Noé", "5555")
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(TillError) as wrong:
            cinema_till.sign_in("Noé", "0000")
        assert wrong.value.code == "operator_wrong_pin" and wrong.value.exit_code == 1
    data_dir = cinema_till.data_dir
    cinema_till.close()
    with Till(data_dir) as reopened:
        with pytest.raises(TillError):
            reopened.sign_in("Noé", "0000")  # the fifth: now locked
        with pytest.raises(TillError) as locked:
            reopened.sign_in("Noé", "5555")
        assert locked.value.code == "operator_locked"
        reopened.add_operator("Noé", "6666", replace=True)  # the manager resets the PIN
        assert reopened.sign_in("Noé", "6666") == "Noé"


def test_unknown_operators_and_bad_names_are_told(cinema_till: Till) -> None:
    with pytest.raises(TillError) as unknown:
        cinema_till.sign_in("Personne", "1234")
    assert unknown.value.code == "operator_unknown" and "inconnu" in unknown.value.message
    with pytest.raises(TillError) as bad:
        cinema_till.add_operator("   ", "1234")
    assert bad.value.code == "operator_name"
    with pytest.raises(TillError) as bad_pin:
        cinema_till.add_operator("Lou", "12")
    assert bad_pin.value.code == "operator_pin_format"
    with pytest.raises(TillError):
        cinema_till.remove_operator("Personne")
    cinema_till.add_operator("Lou", "1234")
    cinema_till.remove_operator("lou")
    assert cinema_till.operators() == []


def test_the_operator_table_arrives_by_migration(tmp_path: Path) -> None:
    from pos_app.store.till_store import TillStore

    with TillStore(tmp_path) as store:
        assert store.operator_names() == [] and store.operator("x") is None


def test_operators_through_the_cli(cinema_till: Till, capsys) -> None:
    import json

    from pos_app.cli import main

    data_dir = str(cinema_till.data_dir)
    cinema_till.close()
    assert main(["operator", "add", "Camille", "--pin", "2468", "--data-dir", data_dir]) == 0
    assert main(["operator", "add", "Camille", "--pin", "2468", "--data-dir", data_dir]) == 2
    assert "existe déjà" in capsys.readouterr().err
    assert main(["operator", "reset", "Camille", "--pin", "1357", "--data-dir", data_dir]) == 0
    assert main(["operator", "list", "--json", "--data-dir", data_dir]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["operators"] == ["Camille"]
    assert main(["operator", "remove", "Camille", "--data-dir", data_dir]) == 0
    assert main(["operator", "remove", "--data-dir", data_dir]) == 2
