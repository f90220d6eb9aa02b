"""What the services raise: French for the cashier, a stable code for scripts, an exit code;
and `_serialized`, which makes an operation wait for the one before it on the same till.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pos_app.store.snapshot_store import SealKeyMissing, SnapshotTampered

if TYPE_CHECKING:
    from pos_app.services.base import TillBase


REFUSAL = 1


INPUT_ERROR = 2


class TillError(Exception):
    """A failure safe to show the cashier: French `message`, stable `code`, CLI `exit_code`."""

    def __init__(
        self,
        code: str,
        message: str,
        exit_code: int = INPUT_ERROR,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.exit_code = exit_code
        self.retry_after = retry_after
        """Seconds the Region asked the till to wait before trying again, if it said so."""


_T = TypeVar("_T")


def _serialized(method: Callable[..., _T]) -> Callable[..., _T]:
    """One operation at a time on a till: the window syncs on a worker thread while the
    cashier scans, and both use the same SQLite connection and its transactions."""

    @functools.wraps(method)
    def run(self: TillBase, *args: Any, **kwargs: Any) -> _T:
        with self._busy:
            self._load_seal_key()
            try:
                return method(self, *args, **kwargs)
            except SnapshotTampered as exc:
                raise TillError(exc.code, exc.message, REFUSAL) from exc
            except SealKeyMissing as exc:
                device = self.store.device()
                try:  # say which: a keyring that does not answer, or no token at all
                    self._token(device) if device else None
                except TillError as missing:
                    raise missing from exc
                raise TillError(exc.code, exc.message, REFUSAL) from exc

    return run
