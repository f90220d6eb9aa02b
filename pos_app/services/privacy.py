"""The end of a partnership: `purge` destroys the till's personal data (docs/privacy.md)."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.text import Text
from pos_app.logs import LOG_DIR, log_dir
from pos_app.services.base import SCHEME_CACHE, TillBase
from pos_app.services.errors import REFUSAL, TillError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    transactions: int
    unsent: int
    removed: tuple[Path, ...]


PURGE_RECEIPT = "purged.json"
"""What remains after a purge: when, and how many transactions were destroyed. Nothing personal."""


class PrivacyServices(TillBase):
    """The end of the partnership: personal data destroyed (docs/privacy.md)."""

    def purge(self, force: bool = False) -> PurgeReport:
        """Destroy the personal data this till holds (GDPR: the scheme's purpose is over).

        Refused while transactions wait to be sent, since unsent transactions are never
        reimbursed; `force` destroys them too, and the report says how many. The till is closed
        and unusable afterwards."""
        with self._busy:
            pending = self.store.pending_count()
            if pending and not force:
                raise TillError(
                    "purge_pending",
                    Text(
                        "{pending} transaction(s) pas encore envoyée(s) à la Région : "
                        "synchronisez d'abord (sinon elles ne seront jamais remboursées), ou "
                        "forcez la purge.",
                        pending=pending,
                    ),
                    REFUSAL,
                )
            device = self.store.device()
            count = len(self.store.entries())
            if device is not None:
                self._vault(device.device_id).erase()
            removed = self.store.destroy()
            scheme_cache = self.data_dir / SCHEME_CACHE  # no personal data, but nothing to keep
            if scheme_cache.exists():
                scheme_cache.unlink()
                removed.append(scheme_cache)
            # The journal: the platform's log folder for the default till, else DIR/logs (and
            # an earlier version's DIR/logs, should it still be there).
            for logs in dict.fromkeys((log_dir(self.data_dir), self.data_dir / LOG_DIR)):
                if not logs.exists():
                    continue
                for handler in list(logging.getLogger().handlers):
                    if getattr(handler, "baseFilename", "").startswith(str(logs)):
                        logging.getLogger().removeHandler(handler)
                        handler.close()
                shutil.rmtree(logs)
                removed.append(logs)
            (self.data_dir / PURGE_RECEIPT).write_text(
                json.dumps(
                    {
                        "purged_at": self.now().isoformat(),
                        "transactions_destroyed": count,
                        "unsent_destroyed": pending,
                    }
                ),
                encoding="utf-8",
            )
        log.info("till purged: %d transactions destroyed, %d unsent", count, pending)
        return PurgeReport(transactions=count, unsent=pending, removed=tuple(removed))
