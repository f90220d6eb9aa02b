"""The open till: data folder, store, schemes, clock, locks and device token, shared by every
capability of `pos_app.services.Till`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Self

from pos_app import clock as clock_module
from pos_app.domain.schemes import Scheme
from pos_app.domain.text import Text
from pos_app.paths import DataDirError, resolve_data_dir
from pos_app.scheme_files import SchemeFileError, load_schemes
from pos_app.secrets_vault import KeyringUnresponsive, TokenVault
from pos_app.services.errors import REFUSAL, TillError, _serialized
from pos_app.store.db import StoreError
from pos_app.store.snapshot_store import seal_key_from_token
from pos_app.store.till_store import Device, TillStore
from sync.client import RegionClient

log = logging.getLogger(__name__)

SCHEME_CACHE = "schemes-validated.json"
"""In the data folder: the scheme files already validated (see `pos_app.scheme_files`)."""


ClientFactory = Callable[[str, str | None], RegionClient]


class TillBase:
    """What every capability of a till shares: its data folder and store, its schemes, its
    clock, its locks, and the device token."""

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        clock: clock_module.Clock | None = None,
        schemes: Mapping[str, Scheme] | None = None,
        client_factory: ClientFactory = RegionClient,
    ) -> None:
        try:
            self.data_dir = resolve_data_dir(data_dir)
        except DataDirError as exc:
            raise TillError(exc.code, exc.message) from exc
        try:
            self.store = TillStore(self.data_dir)
        except StoreError as exc:
            raise TillError(exc.code, exc.message) from exc
        try:
            self.schemes = (
                dict(schemes)
                if schemes is not None
                else load_schemes(cache=self.data_dir / SCHEME_CACHE)
            )
            self._schemes_from_cache = schemes is None
        except SchemeFileError as exc:
            self.store.close()
            log.error("scheme files unusable: %s", exc)
            raise TillError(
                "scheme_file_invalid",
                Text(
                    "Un fichier de dispositif livré avec l'application est illisible ou "
                    "invalide : réinstallez l'application. Détail : {detail}",
                    detail=exc,
                ),
            ) from exc
        self._clock = clock or clock_module.for_data_dir(self.data_dir)
        self._busy = threading.RLock()
        self._syncing = threading.Lock()
        self._client_factory = client_factory

    def close(self) -> None:
        with self._busy:  # never under a back-office reading still running on a worker thread
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @_serialized
    def check_integrity(self) -> None:
        """Read the whole database once (the window does this at start)."""
        try:
            self.store.check_integrity()
        except StoreError as exc:
            raise TillError(exc.code, exc.message) from exc

    def operation(self) -> threading.RLock:
        """The lock every operation on the counter's connection takes: back-office services
        (`pos_app.back_office`) read the store inside it, in turn with the sales."""
        return self._busy

    def training_date(self) -> datetime | None:
        """The frozen date of a training till (the demo's), shown in the window's banner."""
        return clock_module.training_date(self.data_dir)

    def now(self) -> datetime:
        try:
            return self._clock()
        except clock_module.ClockSettingError as exc:
            raise TillError("clock_invalid", str(exc)) from exc

    def _device(self) -> Device:
        device = self.store.device()
        if device is None:
            raise TillError(
                "not_enrolled",
                Text(
                    "Cette caisse n'est pas encore activée : saisissez le code partenaire "
                    "fourni par la Région (atouts-pos enroll)."
                ),
                REFUSAL,
            )
        return device

    def _load_seal_key(self) -> None:
        """The snapshot's seals are keyed by the device token (keyring, not the database):
        read it once per open till. Without it the snapshot is not used (`SealKeyMissing`,
        told to the cashier by `_serialized`), but the rest of the till works."""
        if self.store.snapshots.seal_key is not None:
            return
        device = self.store.device()
        if device is None:
            return
        try:
            token = self._vault(device.device_id).load()
        except KeyringUnresponsive:
            log.warning("keyring unresponsive: the snapshot cannot be checked for now")
            return
        if token:
            self.store.snapshots.seal_key = seal_key_from_token(token)

    def _token(self, device: Device) -> str:
        try:
            token = self._vault(device.device_id).load()
        except KeyringUnresponsive as exc:
            raise TillError("keyring_unresponsive", _KEYRING_UNRESPONSIVE, REFUSAL) from exc
        if not token:
            raise TillError("token_missing", _TOKEN_MISSING)
        return token

    def _vault(self, device_id: str) -> TokenVault:
        return TokenVault(self.data_dir, f"{device_id}@{self.data_dir}")


_TOKEN_MISSING = Text("Le jeton de cette caisse est introuvable : activez-la à nouveau.")


_KEYRING_UNRESPONSIVE = Text(
    "Le trousseau du système ne répond pas : déverrouillez-le puis réessayez."
)
