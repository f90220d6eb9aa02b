"""The local API inside the window's process: started after the first paint when the settings
ask for it, on the till the window has open, stopped with the window. What the partner's own
till software writes (a sale, a void, a close) is announced on the GUI thread (`changed`), so
the history shows it at once.

FastAPI and uvicorn are imported when the API starts, never before the first paint.
"""

from __future__ import annotations

import logging
from typing import Any

from pos_app.counter_settings import load_settings
from pos_app.services import Till, TillError
from pos_app.ui.qt import QObject, Signal

log = logging.getLogger(__name__)


class LocalApiController(QObject):
    changed = Signal(str, object)
    """(kind, transaction ids): emitted from the server's thread, delivered queued."""
    state_changed = Signal()

    def __init__(self, till: Till, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.server: Any = None
        self.error = ""
        """Why the API is not running although asked for (French), or ""."""

    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    @property
    def warning(self) -> str:
        return (self.server.warning or "") if self.server is not None else ""

    def start_from_settings(self) -> None:
        """Serve if the settings say so (the window calls it once on screen)."""
        settings = load_settings(self.till.data_dir)
        if settings.api_enabled:
            self.start()

    def start(self) -> bool:
        from pos_app.local_api.server import LocalApiServer

        self.stop()
        settings = load_settings(self.till.data_dir)
        try:
            self.server = LocalApiServer(
                self.till,
                settings.api_host,
                settings.api_port,
                allow_network=settings.api_allow_network,
                on_change=lambda kind, ids: self.changed.emit(kind, ids),
            ).start()
            self.error = ""
        except TillError as exc:
            log.warning("local API not started: %s", exc.code)
            self.server, self.error = None, exc.message
        self.state_changed.emit()
        return self.server is not None

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()
            self.state_changed.emit()

    def apply(self) -> bool:
        """The saved settings changed: serve as they say now; False if it could not start."""
        if not load_settings(self.till.data_dir).api_enabled:
            self.error = ""
            self.stop()
            self.state_changed.emit()
            return True
        return self.start()
