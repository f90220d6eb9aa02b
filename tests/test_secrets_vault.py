"""The device token vault when the OS keyring hangs (a locked Secret Service waiting for an
unlock prompt): every operation comes back within its timeout, and the token never shows."""

from __future__ import annotations

import logging
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from pos_app import secrets_vault
from pos_app.secrets_vault import FALLBACK_NAME, SERVICE, KeyringUnresponsive, TokenVault
from pos_app.services import Till, TillError

TIMEOUT = 0.2
PROMPT = 1.5
"""Well under a hung call's lifetime, well over TIMEOUT: "came back in time"."""


class HangingKeyring(KeyringBackend):
    """A keyring whose chosen operations block until `release` is set, like a locked one."""

    priority = 10  # type: ignore[assignment]

    def __init__(self, hangs: frozenset[str]) -> None:
        super().__init__()
        self.hangs = hangs
        self.release = threading.Event()
        self.secrets: dict[tuple[str, str], str] = {}

    def _wait(self, operation: str) -> None:
        if operation in self.hangs:
            self.release.wait()

    def get_password(self, service: str, username: str) -> str | None:
        self._wait("get")
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait("set")
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._wait("delete")
        self.secrets.pop((service, username), None)


@pytest.fixture
def hanging(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[HangingKeyring]:
    """Install a hanging keyring (hangs chosen per test); release it and restore afterwards."""
    monkeypatch.setattr(secrets_vault, "KEYRING_TIMEOUT", TIMEOUT)
    caplog.set_level(logging.DEBUG)
    previous = keyring.get_keyring()
    backend = HangingKeyring(frozenset({"get", "set", "delete"}))
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()
    assert secrets_vault._KEYRING.settle(5.0)  # the next test starts with an idle keyring
    keyring.set_keyring(previous)


def timed(function, *args):
    start = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - start


def test_a_hung_store_falls_back_to_the_protected_file_visibly(
    tmp_path: Path, hanging: HangingKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    vault = TokenVault(tmp_path, "device@till")
    _, elapsed = timed(vault.store, "s3cret-token")
    assert elapsed < PROMPT
    path = tmp_path / FALLBACK_NAME
    assert path.read_text(encoding="utf-8") == "s3cret-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "fichier protégé" in vault.location and "n'a pas répondu" in vault.location
    assert "not answering" in caplog.text
    assert "s3cret-token" not in caplog.text


def test_after_a_hung_store_an_older_keyring_token_is_never_believed(
    tmp_path: Path, hanging: HangingKeyring
) -> None:
    hanging.hangs = frozenset({"set"})
    hanging.secrets[(SERVICE, "device@till")] = "old-token"
    vault = TokenVault(tmp_path, "device@till")
    vault.store("new-token")
    assert vault.load() == "new-token"
    hanging.release.set()  # the keyring comes back
    assert secrets_vault._KEYRING.settle(5.0)
    assert vault.load() == "new-token"
    vault.store("newer-token")  # a keyring that answers takes over again, the file goes
    assert hanging.secrets[(SERVICE, "device@till")] == "newer-token"
    assert not (tmp_path / FALLBACK_NAME).exists()
    assert vault.load() == "newer-token"
    assert vault.location == "trousseau du système"


def test_a_hung_load_without_a_file_raises_in_time_without_the_token(
    tmp_path: Path, hanging: HangingKeyring
) -> None:
    hanging.hangs = frozenset({"get"})
    hanging.secrets[(SERVICE, "device@till")] = "s3cret-token"
    vault = TokenVault(tmp_path, "device@till")
    start = time.monotonic()
    with pytest.raises(KeyringUnresponsive) as raised:
        vault.load()
    assert time.monotonic() - start < PROMPT
    assert "s3cret-token" not in str(raised.value)
    assert "ne répond pas" in vault.location


def test_a_hung_load_uses_the_protected_file_when_there_is_one(
    tmp_path: Path, hanging: HangingKeyring
) -> None:
    (tmp_path / FALLBACK_NAME).write_text("s3cret-token", encoding="utf-8")
    token, elapsed = timed(TokenVault(tmp_path, "device@till").load)
    assert token == "s3cret-token" and elapsed < PROMPT


def test_while_a_call_is_hung_later_calls_answer_at_once(
    tmp_path: Path, hanging: HangingKeyring
) -> None:
    with pytest.raises(KeyringUnresponsive):
        TokenVault(tmp_path, "device@till").load()
    patient = TokenVault(tmp_path, "device@till", timeout=30.0)
    start = time.monotonic()
    with pytest.raises(KeyringUnresponsive):
        patient.load()
    assert time.monotonic() - start < PROMPT


def test_a_hung_erase_returns_in_time_and_removes_the_file(
    tmp_path: Path, hanging: HangingKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / FALLBACK_NAME).write_text("s3cret-token", encoding="utf-8")
    hanging.secrets[(SERVICE, "device@till")] = "s3cret-token"
    _, elapsed = timed(TokenVault(tmp_path, "device@till").erase)
    assert elapsed < PROMPT
    assert not (tmp_path / FALLBACK_NAME).exists()
    assert "may remain" in caplog.text
    assert "s3cret-token" not in caplog.text


def test_sync_tells_the_cashier_to_unlock_a_hung_keyring(
    cinema_till: Till, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(secrets_vault, "KEYRING_TIMEOUT", TIMEOUT)
    caplog.set_level(logging.DEBUG)
    device_id = cinema_till.status().device_id
    token_file = cinema_till.data_dir / FALLBACK_NAME
    token = token_file.read_text(encoding="utf-8")  # enrolled without a keyring
    token_file.unlink()
    backend = HangingKeyring(frozenset({"get"}))
    backend.secrets[(SERVICE, f"{device_id}@{cinema_till.data_dir}")] = token
    keyring.set_keyring(backend)  # the autouse fixture restores the previous one
    try:
        start = time.monotonic()
        with pytest.raises(TillError) as refused:
            cinema_till.sync()
        assert time.monotonic() - start < PROMPT
        assert refused.value.code == "keyring_unresponsive"
        assert refused.value.message == (
            "Le trousseau du système ne répond pas : déverrouillez-le puis réessayez."
        )
    finally:
        backend.release.set()
        assert secrets_vault._KEYRING.settle(5.0)
    cinema_till.sync()  # unlocked: it works again
    assert token not in caplog.text


def test_enrolling_with_a_hung_keyring_keeps_the_token_in_the_file(
    tmp_path: Path,
    region,
    demo_seed: dict,
    hanging: HangingKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")
    with Till(tmp_path / "till") as till:
        start = time.monotonic()
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        assert time.monotonic() - start < 5.0  # the Region round trip included
        till.sync()  # the keyring still hangs; the file answers
        token = (till.data_dir / FALLBACK_NAME).read_text(encoding="utf-8")
        assert "fichier protégé" in till.status().token_location
    assert token not in caplog.text
