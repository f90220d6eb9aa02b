"""Syncing in the background, all day: on a schedule, soon after a sale, and again as soon as
the network is back — backing off (with jitter) while it is not, and never sooner than the
Region's `Retry-After`.

One sync at a time is guaranteed by the till itself: one process per data folder (the store's
lock) and one sync round at a time inside it (`Till.sync`). A sync interrupted anywhere is
simply run again: every transaction carries its own id, so the Region counts it once.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.services import Till, TillError
from sync.engine import Progress as SyncProgress
from sync.engine import SyncReport

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Backoff:
    interval: float = 60.0
    """Between two successful syncs."""
    first_retry: float = 5.0
    max_delay: float = 600.0
    after_sale: float = 2.0
    """A sale is sent this soon (several sales in a burst go together)."""
    max_retry_after: float = 3600.0
    """A `Retry-After` beyond this (a misconfigured server, a clock days off) is capped: a till
    silent for days would let its snapshot expire and its queue grow."""
    probe_every: float = 5.0
    """While the Region is unreachable, ask it this often whether it is back (a health check
    of a few hundred bytes), to sync at once rather than at the end of a long backoff."""


def next_delay(
    failures: int, retry_after: float | None, backoff: Backoff, rng: random.Random
) -> float:
    """Exponential backoff with full jitter between half and the whole delay; the Region's
    `Retry-After` is a floor (a till must not hammer a server that asked for quiet)."""
    if failures <= 0:
        return backoff.interval
    ceiling = min(backoff.max_delay, backoff.first_retry * 2 ** (failures - 1))
    delay = rng.uniform(ceiling / 2, ceiling)
    return max(delay, min(retry_after or 0.0, backoff.max_retry_after))


DEFAULT_BACKOFF = Backoff()


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    report: SyncReport | None
    error: TillError | None
    next_in: float


class SyncLoop:
    """Runs `till.sync()` on a daemon thread until `stop()`; reports each outcome."""

    def __init__(
        self,
        till: Till,
        on_outcome: Callable[[SyncOutcome], None] = lambda outcome: None,
        backoff: Backoff = DEFAULT_BACKOFF,
        rng: random.Random | None = None,
        on_progress: SyncProgress | None = None,
    ) -> None:
        self._till = till
        self._on_progress = on_progress
        """Download and apply progress of each round (the window's bar), from this thread."""
        self._on_outcome = on_outcome
        self._backoff = backoff
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-loop", daemon=True)
        self.failures = 0
        self._probe_at: float | None = None
        """When to ask again whether the Region is back; None while it is not being probed."""

    def start(self) -> SyncLoop:
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def nudge(self) -> None:
        """A sale was recorded: sync soon rather than at the next tick (unless offline, where
        the backoff stands: a sale does not make the network come back)."""
        self._wake.set()

    def _run(self) -> None:
        deadline = time.monotonic()  # a first sync at once
        while not self._stopping.is_set():
            now = time.monotonic()
            wait = max(0.0, deadline - now)
            probing = self._probe_at is not None
            if probing:
                wait = min(wait, max(0.0, self._probe_at - now))
            if self._wake.wait(wait):
                self._wake.clear()
                if not self.failures:
                    deadline = min(deadline, time.monotonic() + self._backoff.after_sale)
                continue
            if probing and time.monotonic() < deadline and not self._network_back():
                continue
            deadline = time.monotonic() + self._sync_once()

    def _network_back(self) -> bool:
        """Probe (never before the Region's Retry-After); true when the Region answers again."""
        back = self._reachable()
        if back:
            log.info("the Region answers again: syncing now")
            self._probe_at = None
        else:
            self._probe_at = time.monotonic() + self._backoff.probe_every
        return back

    def _reachable(self) -> bool:
        try:
            return self._till.region_reachable()
        except Exception:  # a probe must never kill the loop
            log.exception("reachability probe failed")
            return False

    def _sync_once(self) -> float:
        report, error, retry_after = None, None, None
        try:
            report = self._till.sync(progress=self._on_progress)
            self.failures = 0
        except TillError as exc:
            error = exc
            self.failures += 1
            retry_after = exc.retry_after
            log.info("sync failed (%s), attempt %d", exc.code, self.failures)
        except Exception:  # never let the loop die: the counter must keep syncing
            log.exception("sync crashed")
            error = TillError("sync_crashed", "Erreur inattendue pendant la synchronisation.")
            self.failures += 1
        delay = next_delay(self.failures, retry_after, self._backoff, self._rng)
        self._probe_at = None
        # Probe only when the Region is really out of reach: if it answers its health check
        # but refuses the sync (a 503), the backoff alone decides, or a probe every few
        # seconds would hammer a server that is struggling.
        offline = error is not None and error.code == "offline"
        if offline and self._backoff.probe_every and not self._reachable():
            self._probe_at = time.monotonic() + min(
                retry_after or 0.0, self._backoff.max_retry_after
            )
        self._on_outcome(SyncOutcome(report, error, delay))
        return delay
