"""Enrollment and synchronisation with the Region: the only services that talk to the network."""

from __future__ import annotations

import logging
import platform
from urllib.parse import urlsplit

from pos_app.domain.model import (
    Partner,
)
from pos_app.domain.snapshot import keys_from_json
from pos_app.domain.text import Text, template
from pos_app.services.base import TillBase
from pos_app.services.errors import REFUSAL, TillError, _serialized
from pos_app.store.db import StoreError
from pos_app.store.snapshot_store import seal_key_from_token
from pos_app.store.till_store import Device
from sync.client import RegionRefused, RegionResponseInvalid, RegionUnreachable
from sync.engine import Progress as SyncProgress
from sync.engine import SyncReport, sync_once

log = logging.getLogger(__name__)


class SyncServices(TillBase):
    """Enrollment, the Region's address, and the sync rounds."""

    @_serialized
    def enroll(self, server_url: str, partner_id: str, code: str) -> Device:
        server_url, partner_id, code = server_url.strip(), partner_id.strip(), code.strip()
        missing = [
            Text(label)
            for label, value in (
                (template("adresse du serveur"), server_url),
                (template("identifiant partenaire"), partner_id),
                (template("code d'activation"), code),
            )
            if not value
        ]
        if missing:
            raise TillError(
                "enrollment_incomplete",
                Text("Il manque : {missing}.", missing=Text.joined(", ", missing)),
            )
        address = urlsplit(server_url)
        if address.scheme not in ("http", "https") or not address.netloc:
            raise TillError("server_url_invalid", _SERVER_URL_INVALID)
        previous = self.store.device()
        if previous is not None and self.store.pending_count():
            raise TillError(
                "pending_before_reenroll",
                Text(
                    "Des transactions attendent d'être envoyées : synchronisez avant de réactiver."
                ),
            )
        with self._client_factory(server_url, None) as client:
            try:
                answer = client.enroll(partner_id, code, platform.node() or "caisse")
                partner = answer["partner"]
                device = Device(
                    server_url=server_url,
                    device_id=str(answer["device_id"]),
                    partner=Partner.from_json(partner),
                    region_keys=keys_from_json(answer["region_keys"]),
                    enrolled_at=self.now().isoformat(),
                )
                token = str(answer["device_token"])
            except RegionRefused as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except RegionUnreachable as exc:
                raise TillError("offline", _ENROLL_OFFLINE, REFUSAL) from exc
            except (RegionResponseInvalid, KeyError, TypeError, ValueError) as exc:
                log.error("enrollment answer unusable: %s", exc)
                raise TillError("server_invalid", _INVALID, REFUSAL) from exc
        if previous is not None:
            self._vault(previous.device_id).erase()  # the old token must not linger
        self._vault(device.device_id).store(token)
        self.store.save_device(device)
        self.store.snapshots.forget()  # sealed with the old token; a full one comes next
        self.store.snapshots.seal_key = seal_key_from_token(token)
        log.info("enrolled as device %s of partner %s", device.device_id, device.partner.id)
        return device

    @_serialized
    def relocate_server(self, server_url: str) -> None:
        """Point an enrolled till at a new address of the same Region (the demo's free port)."""
        device = self._device()
        self.store.save_device(
            Device(
                server_url, device.device_id, device.partner, device.region_keys, device.enrolled_at
            )
        )

    def sync(self, progress: SyncProgress | None = None) -> SyncReport:
        """One round with the Region; `progress` hears of a long snapshot download.

        The round runs on its own connection and outside the till's operation lock: a scan
        or a sale during a slow upload goes ahead at once. Two rounds never overlap (one at a
        time in this process; one process per till)."""
        with self._busy:
            self._load_seal_key()
            device = self._device()
            token = self._token(device)
            now = self.now()
        with self._syncing:
            try:
                companion = self.store.companion()
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
            try:
                with self._client_factory(device.server_url, token) as client:
                    return sync_once(companion, client, now, progress, self.schemes)
            except RegionRefused as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except RegionUnreachable as exc:
                raise TillError("offline", _OFFLINE, REFUSAL, exc.retry_after) from exc
            except RegionResponseInvalid as exc:
                raise TillError("server_invalid", _INVALID, REFUSAL) from exc
            except StoreError as exc:
                raise TillError(exc.code, exc.message) from exc
            finally:
                companion.close()

    def region_reachable(self, timeout: float = 2.0) -> bool:
        """Is the Region answering now? (A captive portal's page does not count.) The sync
        loop asks while offline, to sync as soon as the network is back."""
        with self._busy:  # the counter's connection: read it in turn, never during a sale
            device = self.store.device()
        if device is None:
            return False
        with self._client_factory(device.server_url, None) as client:
            return client.healthy(timeout)


_OFFLINE = Text(
    "Serveur de la Région injoignable : la caisse continue hors ligne et enverra "
    "les transactions dès que la connexion reviendra."
)


_ENROLL_OFFLINE = Text(
    "Serveur de la Région injoignable : vérifiez l'adresse du serveur et la connexion "
    "Internet de la caisse, puis réessayez."
)


_SERVER_URL_INVALID = Text(
    "Adresse du serveur invalide : elle commence par https:// (par exemple "
    "https://atouts.region.fr). Recopiez-la depuis votre espace partenaire."
)


_INVALID = Text(
    "Réponse du serveur de la Région inutilisable : rien n'a été modifié. "
    "Réessayez plus tard ; si cela persiste, contactez l'assistance."
)
