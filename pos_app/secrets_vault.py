"""Where the device token lives: the OS keyring, or a protected file when there is none.

Headless Linux has no keyring backend, and keyring's `null` backend silently drops secrets (a
token would vanish with no error), so both count as "no keyring". The fallback is a file only
its owner can read (mode 0600) in the till's data folder, and the till says so in its status.
The token never goes into the database, a log line or an error message.

A locked Secret Service can block forever (it waits for an unlock prompt nobody answers), so
every call that reaches the keyring runs on one daemon thread and the caller waits at most
`KEYRING_TIMEOUT` seconds. One thread, in order: a call that hangs and completes later can
never land after, and so overwrite, a call made after it. While a call is still hung, further
calls are refused at once rather than each waiting out its own timeout (the status screen
asks where the token is). On timeout:

- `store` writes the protected file, with a warning. The file, when present, is the
  authoritative copy: it exists only when the last store could not confirm the keyring kept
  the token (a successful keyring store deletes it), so `load` reads it first and a keyring
  that comes back with an older token is never believed.
- `load` uses the file if there is one; otherwise it raises `KeyringUnresponsive`, which the
  services turn into a French message (unlock the keyring, try again), not "token missing".
- `erase` deletes the file anyway and logs that the keyring entry may remain. Re-enrollment
  stores the new token under a new account name, so a leftover can never be loaded as the
  new till's token.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from pos_app.domain.text import Text

log = logging.getLogger(__name__)

SERVICE = "atouts-pos"
FALLBACK_NAME = "device-token"
KEYRING_TIMEOUT = 3.0
"""Seconds a keyring call may take before the till stops waiting for it."""
_NO_STORAGE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")

T = TypeVar("T")


def _keyring() -> ModuleType:
    """The `keyring` package, imported on first use (≈ 35 ms): a till whose token is in the
    protected file, and the window's start, do not load it."""
    import keyring

    return keyring


def _keyring_error() -> type[Exception]:
    """`keyring.errors.KeyringError`, for `except` clauses (evaluated only when an exception
    reaches them, by which time the keyring has been imported)."""
    from keyring.errors import KeyringError

    return KeyringError


class KeyringUnresponsive(Exception):
    """The OS keyring did not answer in time (typically locked, waiting for an unlock)."""


class _KeyringThread:
    """Runs keyring calls one at a time, in order, on a daemon thread (never blocks exit)."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._hung: Future[Any] | None = None

    def call(self, function: Callable[[], T], timeout: float) -> T:
        with self._lock:
            if self._hung is not None and not self._hung.done():
                raise KeyringUnresponsive("an earlier keyring call has not returned yet")
            self._hung = None
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="keyring-calls", daemon=True
                )
                self._thread.start()
            future: Future[T] = Future()
            self._calls.put((future, function))
        try:
            return future.result(timeout)
        except FutureTimeout:
            if not future.cancel():  # already running: it is the hung one
                with self._lock:
                    self._hung = future
            raise KeyringUnresponsive(f"no answer within {timeout:g} s") from None

    def settle(self, timeout: float) -> bool:
        """Wait for a hung call to come back; True when none is left (tests, diagnostics)."""
        with self._lock:
            hung = self._hung
        if hung is None:
            return True
        try:
            hung.exception(timeout)
        except FutureTimeout:
            return False
        return True

    def _serve(self) -> None:
        while True:
            future, function = self._calls.get()
            if not future.set_running_or_notify_cancel():
                continue  # its caller gave up before it started: do not run it late
            try:
                future.set_result(function())
            except BaseException as exc:  # handed to the caller, who decides
                future.set_exception(exc)


_KEYRING = _KeyringThread()


class TokenVault:
    def __init__(
        self,
        data_dir: Path,
        account: str,
        timeout: float | None = None,
        *,
        file_name: str = FALLBACK_NAME,
    ) -> None:
        """`file_name`: the protected file's name in the data folder (another secret than
        the device token: the local API's, `pos_app.services.local_api`)."""
        self._file = data_dir / file_name
        self._account = account
        self._timeout = timeout

    def _call(self, function: Callable[[], T]) -> T:
        timeout = KEYRING_TIMEOUT if self._timeout is None else self._timeout
        return _KEYRING.call(function, timeout)

    @property
    def uses_keyring(self) -> bool:
        """Whether a keyring that really stores secrets is there; raises KeyringUnresponsive."""
        backend = self._call(_keyring().get_keyring)  # the first call probes D-Bus
        module = type(backend).__module__
        if module.startswith(_NO_STORAGE_BACKENDS):
            return False
        if module.startswith("keyring.backends.chainer"):  # a chain of nothing stores nothing
            return bool(getattr(backend, "backends", ()))
        return True

    @property
    def location(self) -> str:
        """Where the token is, in French, for the settings and `status` screens."""
        try:
            in_keyring: bool | None = self.uses_keyring
        except KeyringUnresponsive:
            in_keyring = None
        if in_keyring is False:
            return Text(
                "fichier protégé {file} (aucun trousseau disponible sur ce poste)",
                file=self._file,
            )
        if self._file.exists():
            return Text(
                "fichier protégé {file} (le trousseau du système n'a pas répondu ou n'a pas "
                "gardé le jeton)",
                file=self._file,
            )
        if in_keyring is None:
            return Text("trousseau du système (il ne répond pas : déverrouillez-le)")
        return Text("trousseau du système")

    def store(self, token: str) -> None:
        """Keep the token; never raises for the keyring's sake (the file takes over)."""
        try:
            if self.uses_keyring:
                keyring = _keyring()
                self._call(lambda: keyring.set_password(SERVICE, self._account, token))
                if self._call(lambda: keyring.get_password(SERVICE, self._account)) == token:
                    self._file.unlink(missing_ok=True)
                    return
                log.warning("keyring did not keep the device token; using the protected file")
        except KeyringUnresponsive as exc:
            log.warning("keyring not answering (%s); using the protected file", exc)
        except _keyring_error() as exc:
            log.warning("keyring unusable (%s); using the protected file", type(exc).__name__)
        self._write_file(token)

    def load(self) -> str | None:
        """The token, or None; raises KeyringUnresponsive if only the keyring could say."""
        try:
            return self._file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            pass  # the usual case with a keyring: the file exists only as a fallback
        if not self.uses_keyring:
            return None
        keyring = _keyring()
        try:
            return self._call(lambda: keyring.get_password(SERVICE, self._account)) or None
        except _keyring_error() as exc:
            log.warning("keyring unreadable (%s)", type(exc).__name__)
            return None

    def erase(self) -> None:
        """Forget the token everywhere it may be (end of partnership, re-enrollment)."""
        self._file.unlink(missing_ok=True)
        try:
            if self.uses_keyring:
                keyring = _keyring()
                self._call(lambda: keyring.delete_password(SERVICE, self._account))
        except KeyringUnresponsive as exc:
            log.warning("keyring not answering (%s); its entry for this till may remain", exc)
        except _keyring_error() as exc:  # PasswordDeleteError when absent: nothing to erase
            log.info("keyring erase: %s", type(exc).__name__)

    def _write_file(self, token: str) -> None:
        tmp = self._file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self._file)
        log.warning("secret stored in protected file %s (keyring not used)", self._file)
