"""Cashiers' PINs: short, so stored only as a slow salted hash, and guessed at most a few times.

A four-digit PIN has 10 000 values: anyone with the database file could try them all against a
fast hash in a blink, so the hash is scrypt (memory-hard, ~50 ms) with a salt per operator. At
the counter, wrong tries are limited: after `FREE_TRIES` the operator is locked for a time that
doubles with each further failure, so guessing a PIN takes days while a cashier who mistypes
twice loses nothing. Pure: the caller gives the salt, the clock and the stored state.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from pos_app.domain.text import Text

PIN_LENGTHS = range(4, 9)
FREE_TRIES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class OperatorError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    name: str
    pin_hash: bytes
    salt: bytes
    failures: int = 0
    """Wrong PINs in a row since the last right one."""
    last_failure: datetime | None = None


def checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 40:
        raise OperatorError("operator_name", Text("Nom de caissier : de 1 à 40 caractères."))
    return name


def checked_pin(pin: str) -> str:
    if not (pin.isdigit() and pin.isascii() and len(pin) in PIN_LENGTHS):
        raise OperatorError(
            "operator_pin_format", Text("Le code personnel se compose de 4 à 8 chiffres.")
        )
    return pin


def hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(checked_pin(pin).encode("ascii"), salt=salt, **_SCRYPT)


def locked_until(record: OperatorRecord) -> datetime | None:
    """When the operator may try again, or None if not locked."""
    if record.failures < FREE_TRIES or record.last_failure is None:
        return None
    lock = min(FIRST_LOCK * 2 ** (record.failures - FREE_TRIES), LONGEST_LOCK)
    return record.last_failure + lock


def attempt(
    record: OperatorRecord, pin: str, now: datetime
) -> tuple[OperatorRecord, OperatorError | None]:
    """The record to keep after this try, and the refusal if any. Failures reset on success;
    a locked operator's PIN is not even checked, so guesses made while locked never count."""
    until = locked_until(record)
    if until is not None and now < until:
        minutes = max(1, int((until - now).total_seconds() + 59) // 60)
        return record, OperatorError(
            "operator_locked",
            Text(
                "Trop de codes erronés pour {name} : réessayez dans {minutes} min, ou demandez "
                "au responsable de réinitialiser son code.",
                name=record.name,
                minutes=minutes,
            ),
        )
    try:
        right = hmac.compare_digest(hash_pin(pin, record.salt), record.pin_hash)
    except OperatorError as exc:  # not even a PIN's shape: a slip, not a guess
        return record, exc
    if right:
        return OperatorRecord(record.name, record.pin_hash, record.salt), None
    failures = record.failures + 1
    left = FREE_TRIES - failures
    hint = (
        Text("encore {left} essai(s) avant un blocage temporaire.", left=left)
        if left > 0
        else Text("le caissier est bloqué un moment.")
    )
    return (
        OperatorRecord(record.name, record.pin_hash, record.salt, failures, now),
        OperatorError("operator_wrong_pin", Text("Code personnel incorrect : {hint}", hint=hint)),
    )
