"""Application services: what the window, the CLI and a partner's own till software can ask.

Each method reads the clock once, gathers the state from the store, asks the domain core for a
decision and records the outcome. No rule lives here: this layer only wires the core to the
store, the clock and the Region client, and turns every failure into a `TillError` that carries
a French message for the cashier and a stable code for logs and scripts.

The services are split by capability, one module each: `counter`, `sync`, `operators`,
`privacy`, on the shared `base.TillBase`; back-office capabilities live in `pos_app.back_office`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pos_app.domain.manual_codes import preload as preload_manual_codes
from pos_app.domain.model import (
    BeneficiaryKey,
    Partner,
)
from pos_app.domain.rules import (
    DEFAULT_POLICY,
    season_warnings,
    till_exposure_warnings,
)
from pos_app.scheme_files import SchemeFileError, load_schemes
from pos_app.services.base import SCHEME_CACHE, ClientFactory
from pos_app.services.counter import CounterServices
from pos_app.services.errors import INPUT_ERROR, REFUSAL, TillError, _serialized
from pos_app.services.operators import OperatorServices
from pos_app.services.privacy import PURGE_RECEIPT, PrivacyServices, PurgeReport
from pos_app.services.sync import SyncServices
from pos_app.store.db import StoreError
from pos_app.store.db import warm_up as warm_up_store
from pos_app.store.till_store import LedgerEntry, TillStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TillStatus:
    enrolled: bool
    partner: Partner | None
    server_url: str
    device_id: str
    pending: int
    last_sync: datetime | None
    last_sync_failed: datetime | None
    snapshot_version: int | None
    snapshot_generated_at: datetime | None
    wallet_count: int
    token_location: str
    warnings: tuple[str, ...] = ()
    """What the partner must act on: a season ending with transactions still unsent."""


class Till(CounterServices, SyncServices, OperatorServices, PrivacyServices):
    """One open till (holds its data folder's lock until `close()`): every capability, each
    in its own module of this package."""

    def warm_up(self) -> None:
        """Load ahead what the first charge or typed code would otherwise load (sqlite-utils,
        ≈ 0.1 s; python-stdnum's check digit, ≈ 8 ms): the window calls it off the GUI thread
        once it is on screen. Touches no till data; checks the cache of validated scheme
        files against the files themselves (see `_check_scheme_cache`)."""
        warm_up_store()
        preload_manual_codes()  # the first typed code's check digit (python-stdnum)
        if self._schemes_from_cache:
            self._check_scheme_cache()

    def _check_scheme_cache(self) -> None:
        """The schemes came from the cache of validated files, which sits in the data folder,
        writable by whoever uses this computer: validate the files again (≈ 0.2 s, off the
        window's thread) and, if the cache told anything else, say so in the log, use the
        files' rules from now on and drop the cache (the next start validates again)."""
        cache = self.data_dir / SCHEME_CACHE
        try:
            validated = load_schemes()
        except SchemeFileError as exc:  # the files changed since the start: keep what is in use
            log.error("scheme files unusable while checking the cache: %s", exc)
            return
        if validated == self.schemes:
            return
        log.error(
            "scheme cache %s does not match the scheme files (modified on this computer?): "
            "the rules of the files are used from now on, and the cache is dropped",
            cache,
        )
        with self._busy:
            self.schemes = validated
            self._schemes_from_cache = False
        cache.unlink(missing_ok=True)

    @_serialized
    def with_store(self, work: Callable[[TillStore], _T]) -> _T:
        """Run `work` on this till's store under its operation lock: for the capability
        modules kept out of this one (`pos_app.printing.service`)."""
        return work(self.store)

    @_serialized
    def status(self, *, token_location: bool = True) -> TillStatus:
        """`token_location=False`: leave `TillStatus.token_location` empty and do not ask the
        keyring (which can take up to `KEYRING_TIMEOUT`): for the window's status strip, which
        does not show it; the settings page and the CLI ask for it."""
        device = self.store.device()
        alerts = []
        try:
            info = self.store.snapshot_info()
        except StoreError as exc:  # modified on disk, or no token to check it with
            info = None
            alerts.append(exc.message)
        return TillStatus(
            enrolled=device is not None,
            partner=info.partner if info else (device.partner if device else None),
            server_url=device.server_url if device else "",
            device_id=device.device_id if device else "",
            pending=self.store.pending_count(),
            last_sync=self.store.last_sync(ok=True),
            last_sync_failed=self.store.last_sync(ok=False),
            snapshot_version=info.version if info else None,
            snapshot_generated_at=info.generated_at if info else None,
            wallet_count=info.wallet_count if info else 0,
            token_location=(
                self._vault(device.device_id).location if device and token_location else ""
            ),
            warnings=tuple(alerts)
            + tuple(
                till_exposure_warnings(
                    self.store.offline_exposure(BeneficiaryKey("")),
                    info.policy if info else DEFAULT_POLICY,
                )
            )
            + tuple(
                season_warnings(
                    self.schemes,
                    self.store.queued_by_scheme(),
                    self.now(),
                    info.policy if info else DEFAULT_POLICY,
                )
            ),
        )


_T = TypeVar("_T")

__all__ = [
    "INPUT_ERROR",
    "PURGE_RECEIPT",
    "REFUSAL",
    "SCHEME_CACHE",
    "ClientFactory",
    "LedgerEntry",
    "PurgeReport",
    "Till",
    "TillError",
    "TillStatus",
]
