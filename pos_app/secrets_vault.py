"""Where the device token lives: the OS keyring, or a protected file when there is none.

Headless Linux has no keyring backend, and keyring's `null` backend silently drops secrets (a
token would vanish with no error), so both count as "no keyring". The fallback is a file only
its owner can read (mode 0600) in the till's data folder, and the till says so in its status.
The token never goes into the database, a log line or an error message.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import keyring
from keyring.errors import KeyringError

log = logging.getLogger(__name__)

SERVICE = "atouts-pos"
FALLBACK_NAME = "device-token"
_NO_STORAGE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")


class TokenVault:
    def __init__(self, data_dir: Path, account: str) -> None:
        self._file = data_dir / FALLBACK_NAME
        self._account = account

    @property
    def uses_keyring(self) -> bool:
        backend = keyring.get_keyring()
        module = type(backend).__module__
        if module.startswith(_NO_STORAGE_BACKENDS):
            return False
        if module.startswith("keyring.backends.chainer"):  # a chain of nothing stores nothing
            return bool(getattr(backend, "backends", ()))
        return True

    @property
    def location(self) -> str:
        """Where the token is, in French, for the settings and `status` screens."""
        if self.uses_keyring:
            return "trousseau du système"
        return f"fichier protégé {self._file} (aucun trousseau disponible sur ce poste)"

    def store(self, token: str) -> None:
        if self.uses_keyring:
            try:
                keyring.set_password(SERVICE, self._account, token)
                if keyring.get_password(SERVICE, self._account) == token:
                    self._file.unlink(missing_ok=True)
                    return
                log.warning("keyring did not keep the device token; using the protected file")
            except KeyringError as exc:
                log.warning("keyring unusable (%s); using the protected file", type(exc).__name__)
        self._write_file(token)

    def load(self) -> str | None:
        if self.uses_keyring:
            try:
                token = keyring.get_password(SERVICE, self._account)
                if token:
                    return token
            except KeyringError as exc:
                log.warning(
                    "keyring unreadable (%s); trying the protected file", type(exc).__name__
                )
        try:
            return self._file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def erase(self) -> None:
        """Forget the token everywhere it may be (end of partnership, re-enrollment)."""
        if self.uses_keyring:
            try:
                keyring.delete_password(SERVICE, self._account)
            except KeyringError as exc:  # PasswordDeleteError when absent: nothing to erase
                log.info("keyring erase: %s", type(exc).__name__)
        self._file.unlink(missing_ok=True)

    def _write_file(self, token: str) -> None:
        tmp = self._file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self._file)
        log.warning("device token stored in protected file %s (no OS keyring)", self._file)
