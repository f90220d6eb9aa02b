"""Serving the local API: on 127.0.0.1 unless the partner explicitly asks for another address
(with a warning), in a thread of the window's process or in the foreground of
`atouts-pos serve-api`. Always on the till already open in this process: one process per till.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading

import uvicorn

from pos_app.local_api.app import Changed, create_app, wrap
from pos_app.services import INPUT_ERROR, Till, TillError
from pos_app.services.local_api import ApiSecret, IdempotentWrites

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8780


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def network_warning(host: str) -> str:
    return (
        f"ATTENTION : l'API locale écoute sur {host}, pas seulement sur cet ordinateur. "
        "Toute machine qui l'atteint peut tenter d'encaisser avec le secret : réservez-la à "
        "un réseau de confiance (pare-feu), et régénérez le secret s'il a pu circuler."
    )


def check_host(host: str, allow_network: bool) -> str | None:
    """The French warning to show and log for an address other than loopback, which is
    refused unless the partner asked for it explicitly (`allow_network`)."""
    if is_loopback(host):
        return None
    if not allow_network:
        raise TillError(
            "api_host_refused",
            f"L'API locale n'écoute que sur cet ordinateur (127.0.0.1). Pour l'ouvrir sur "
            f"{host}, demandez-le explicitement (--allow-network, ou « api_allow_network » "
            "dans les réglages), en connaissant le risque.",
            INPUT_ERROR,
        )
    return network_warning(host)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise TillError(
            "api_port_busy",
            f"L'API locale ne peut pas écouter sur {host}:{port} ({exc.strerror or exc}) : "
            "le port est-il déjà pris par un autre programme ? Choisissez-en un autre.",
            INPUT_ERROR,
        ) from exc
    sock.listen(128)
    sock.setblocking(False)
    return sock


class LocalApiServer:
    """The local API on `host:port` (port 0: any free one), for the open `till`.

    `start()` serves in a daemon thread (the window); `run()` in the calling thread, until
    interrupted (`atouts-pos serve-api`). `on_change(kind, txn_ids)` is called after each write
    that happened, from the server's thread."""

    def __init__(
        self,
        till: Till,
        host: str = LOOPBACK,
        port: int = DEFAULT_PORT,
        *,
        allow_network: bool = False,
        on_change: Changed | None = None,
    ) -> None:
        self.warning = check_host(host, allow_network)
        if self.warning:
            log.warning("local API bound to %s: %s", host, self.warning)
        self.host = host
        self.till = till
        self.secret = ApiSecret(till)
        self.secret.current()  # made now if need be, not on the first request
        self.writes = IdempotentWrites(till)
        self._socket = _bind(host, port)
        self.port = int(self._socket.getsockname()[1])
        app = create_app(till, secret=self.secret, writes=self.writes, on_change=on_change)
        config = uvicorn.Config(
            wrap(app),
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=5,
            limit_concurrency=64,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._close()

    def start(self, timeout: float = 10.0) -> LocalApiServer:
        self._thread = threading.Thread(
            target=lambda: self._server.run(sockets=[self._socket]),
            name="local-api",
            daemon=True,
        )
        self._thread.start()
        waited = 0.0
        while not self._server.started:
            if not self._thread.is_alive() or waited > timeout:
                self._close()
                raise TillError(
                    "api_not_started",
                    f"L'API locale n'a pas démarré sur {self.url} : voir le journal.",
                )
            self._thread.join(0.02)
            waited += 0.02
        log.info("local API serving on %s", self.url)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._close()

    def _close(self) -> None:
        self.writes.close()
        self._socket.close()  # never raises for a socket already closed
