"""What the local API (`pos_app.local_api`) needs from the till beyond the counter's services:
its secret, and its idempotency keys. Both take an open `Till` and never grow it.

- `ApiSecret`: the secret a partner's own till software sends as `Authorization: Bearer …`.
  Generated per till, stored like the device token (the OS keyring, else a protected file of
  the data folder: `pos_app.secrets_vault`), shown, copied and regenerated on the settings
  page. Read once per open till and kept in memory, so that checking a request costs a
  constant-time comparison; regenerating it replaces it at once for the server of the same
  process (the window's).
- `IdempotentWrites`: every write of the API carries a key. The first request with a key takes
  it (a row of `api_requests`, migration 18) and runs; its answer is stored and replayed to any
  later request with the same key and the same body (`ANSWER_KEPT`); a request arriving while
  the first still runs is told to come back (409, `Retry-After`); the same key with another
  body is refused. A refusal writes nothing, so its key is freed: the retry is decided again.
  A charge's or void's transaction id is chosen before it runs and kept with the key, so a
  crash between the sale and its stored answer is recovered from the ledger, never sold twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pos_app.domain.model import Transaction
from pos_app.secrets_vault import KeyringUnresponsive, TokenVault
from pos_app.services.errors import INPUT_ERROR, REFUSAL, TillError
from pos_app.store import api_requests_store as keys
from pos_app.store.db import StoreError

if TYPE_CHECKING:
    from pos_app.services import Till
    from pos_app.store.till_store import TillStore

log = logging.getLogger(__name__)

SECRET_FILE = "local-api-secret"
"""The protected file of the data folder where the secret goes when there is no keyring."""
ANSWER_KEPT = timedelta(hours=48)
"""How long an answer is replayed for its key (then the key may be used again)."""
RETRY_AFTER = 1
"""Seconds a request whose key is still running is told to wait."""

_SECRETS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
"""Per open till (the same object for the window and its server): the secret in use."""
_SECRETS_LOCK = threading.Lock()


class ApiSecret:
    """The local API's secret of one open till."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self._vault = TokenVault(till.data_dir, f"local-api@{till.data_dir}", file_name=SECRET_FILE)

    def current(self) -> str:
        """The secret, made and stored the first time it is asked for."""
        with _SECRETS_LOCK:
            known = _SECRETS.get(self.till)
            if known is not None:
                return known
            try:
                stored = self._vault.load()
            except KeyringUnresponsive as exc:
                raise TillError("keyring_unresponsive", _KEYRING_UNRESPONSIVE, REFUSAL) from exc
            if not stored:
                stored = _new_secret()
                self._vault.store(stored)
                log.info("local API: a new secret was made for this till")
            _SECRETS[self.till] = stored
            return stored

    def regenerate(self) -> str:
        """A new secret; the old one stops working at once (in this process's server too)."""
        with _SECRETS_LOCK:
            fresh = _new_secret()
            self._vault.store(fresh)
            _SECRETS[self.till] = fresh
        log.warning("local API: secret regenerated, the previous one no longer works")
        return fresh

    def matches(self, candidate: str | None) -> bool:
        """Constant-time comparison (never says how much of it was right)."""
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self.current().encode("utf-8"))

    @property
    def location(self) -> str:
        """Where it is kept, in French (the settings page says it)."""
        return self._vault.location


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer of the API: its status and JSON body; `replayed` when it is the stored
    answer of an earlier request with the same key."""

    status: int
    body: dict[str, Any]
    replayed: bool = False
    changed: tuple[str, ...] = field(default=())
    """The transaction ids this request wrote (the window's history shows them at once)."""


class RequestRunning(TillError):
    """The key's first request has not finished: try again after `retry_after` seconds."""


class KeyReused(TillError):
    """The key was used for another request (other body, other endpoint)."""


def fingerprint(method: str, path: str, body: Any) -> str:
    """What tells two requests apart: the endpoint and the body as validated (so the order
    of its keys or its spacing do not count)."""
    canonical = json.dumps([method.upper(), path, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class IdempotentWrites:
    """The idempotency keys of one run of the local API on an open till (see the module)."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self.owner = uuid.uuid4().hex
        """This run: a key left running by another run was left by a run that died."""
        self._lock = threading.Lock()
        self._store: TillStore | None = None

    def _conn(self) -> Any:
        if self._store is None:
            try:
                self._store = self.till.store.companion()
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
        return self._store.conn

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def run(
        self,
        key: str,
        print_: str,
        work: Callable[[str | None], Answer],
        *,
        with_txn: bool = False,
        recover: Callable[[str], Answer] | None = None,
    ) -> Answer:
        """Run `work` once for `key` (given the transaction id chosen for it when `with_txn`)
        and store its answer if it wrote something (2xx); replay the stored one otherwise.
        `recover(txn_id)`: the answer of a request whose run died after its transaction was
        recorded."""
        txn_id = str(uuid.uuid4()) if with_txn else None
        now = self.till.now()
        with self._lock:
            conn = self._conn()
            try:
                taken = keys.take(conn, key, print_, self.owner, txn_id, now, now - ANSWER_KEPT)
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
            if taken is not None:
                if taken.fingerprint != print_:
                    raise KeyReused("idempotency_key_reused", _KEY_REUSED, INPUT_ERROR)
                if taken.state == "done":
                    assert taken.status is not None and taken.answer is not None
                    return Answer(taken.status, json.loads(taken.answer), replayed=True)
                if taken.owner == self.owner or not keys.take_over(
                    conn, key, self.owner, taken.owner, taken.txn_id or txn_id
                ):
                    raise RequestRunning(
                        "request_in_progress", _IN_PROGRESS, REFUSAL, retry_after=RETRY_AFTER
                    )
                log.warning("local API: key left running by a stopped run, taken over")
                txn_id = taken.txn_id or txn_id
                if taken.txn_id and recover is not None and keys.ledger_has(conn, taken.txn_id):
                    recovered = recover(taken.txn_id)
                    keys.finish(conn, key, self.owner, recovered.status, json.dumps(recovered.body))
                    return Answer(recovered.status, recovered.body, replayed=True)
        try:
            answer = work(txn_id)
        except BaseException:
            with self._lock:
                keys.release(self._conn(), key, self.owner)
            raise
        with self._lock:
            if 200 <= answer.status < 300:
                keys.finish(
                    self._conn(),
                    key,
                    self.owner,
                    answer.status,
                    json.dumps(answer.body, ensure_ascii=False),
                )
            else:
                keys.release(self._conn(), key, self.owner)
        return answer

    def stored_count(self) -> int:
        """How many keys are kept (tests, diagnostics)."""
        with self._lock:
            return keys.count(self._conn())


def recorded(till: Till, txn_id: str) -> Transaction | None:
    """A transaction of this till's ledger by its full id, or None."""
    entry = till.with_store(lambda store: store.entry(txn_id))
    return entry.transaction if entry is not None else None


_KEYRING_UNRESPONSIVE = "Le trousseau du système ne répond pas : déverrouillez-le puis réessayez."
_KEY_REUSED = (
    "Cette clé d'idempotence a déjà servi pour une autre demande : utilisez une nouvelle clé "
    "pour chaque nouvelle opération, et la même clé seulement pour renvoyer la même demande."
)
_IN_PROGRESS = (
    "La même demande (même clé d'idempotence) est encore en cours : réessayez dans un instant."
)
