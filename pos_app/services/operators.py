"""The till's cashiers: added, listed, removed, signed in with their PIN."""

from __future__ import annotations

import logging
import os

from pos_app.domain.operators import (
    OperatorError,
    OperatorRecord,
    attempt,
    checked_name,
    hash_pin,
)
from pos_app.domain.text import Text
from pos_app.services.base import TillBase
from pos_app.services.errors import REFUSAL, TillError, _serialized

log = logging.getLogger(__name__)


class OperatorServices(TillBase):
    """The cashiers who sign in at this till."""

    @_serialized
    def add_operator(self, name: str, pin: str, *, replace: bool = False) -> str:
        """A cashier of this till, or a new PIN for one (`replace`: the manager resets it)."""
        try:
            name = checked_name(name)
            exists = self.store.operator(name) is not None
            if exists and not replace:
                raise OperatorError(
                    "operator_exists", Text("Le caissier {name} existe déjà.", name=name)
                )
            if replace and not exists:
                raise OperatorError(
                    "operator_unknown", Text("Caissier inconnu : {name}.", name=name)
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
            raise TillError("operator_unknown", Text("Caissier inconnu : {name}.", name=name))

    @_serialized
    def sign_in(self, name: str, pin: str) -> str:
        """Who is at the till: the name every transaction records until the next sign-in."""
        record = self.store.operator(" ".join(name.split()))
        if record is None:
            raise TillError(
                "operator_unknown", Text("Caissier inconnu : {name}.", name=name), REFUSAL
            )
        now = self.now()
        kept, refusal = attempt(record, pin, now)
        if kept != record:
            self.store.save_operator(kept, now)
        if refusal is not None:
            log.warning("operator %s: sign-in refused (%s)", record.name, refusal.code)
            raise TillError(refusal.code, refusal.message, REFUSAL)
        return record.name
