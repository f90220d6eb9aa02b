"""Shared fixtures: an isolated keyring, a fixed clock, a real reference server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from printer_fakes import PrinterServer

from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE, demo_seed_path
from pos_app.services import Till
from sync.region_sim.runner import BackgroundServer, open_state
from sync.region_sim.state import RegionState

TRAINING_NOW = DEMO_TRAINING_DATE.isoformat()
"""A Saturday evening inside the 2025-26 season of the bundled Normandy schemes."""


@pytest.fixture(autouse=True)
def no_os_keyring() -> Iterator[None]:
    """Never touch the developer's real keyring; CI has none either (the fallback path)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


class MemoryKeyring(KeyringBackend):
    """An OS keyring stand-in: keeps secrets in a dict, as a working backend would."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A working OS keyring stand-in for the tests that need one."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setenv(ENV_NOW, TRAINING_NOW)
    return datetime.fromisoformat(TRAINING_NOW)


@pytest.fixture
def demo_seed() -> dict:
    return json.loads(demo_seed_path().read_text(encoding="utf-8"))


@pytest.fixture
def region(tmp_path: Path, fixed_now: datetime) -> Iterator[tuple[RegionState, BackgroundServer]]:
    state = open_state(tmp_path / "region", demo_seed_path())
    server = BackgroundServer(state).start()
    yield state, server
    server.stop()
    state.close()


@pytest.fixture
def cinema_till(
    tmp_path: Path, region: tuple[RegionState, BackgroundServer], demo_seed: dict
) -> Iterator[Till]:
    """The demo cinema's till, enrolled and synced against a live reference server."""
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")
    with Till(tmp_path / "till") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
        yield till


@pytest.fixture
def printer_server() -> Iterator[PrinterServer]:
    """A network ticket printer listening on loopback (`tests/printer_fakes.py`)."""
    server = PrinterServer()
    yield server
    server.close()
