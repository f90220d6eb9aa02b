"""Running the reference server: in the foreground (`region-sim serve`) or in a thread (demo)."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import uvicorn

from pos_app.clock import Clock, now
from pos_app.scheme_files import load_schemes
from sync.region_sim.app import create_app
from sync.region_sim.faults import Faults, with_faults
from sync.region_sim.state import RegionState

HOST = "127.0.0.1"


def open_state(data_dir: Path, seed: Path | None = None) -> RegionState:
    """The server's state in `data_dir`, seeded from `seed` the first time only."""
    state = RegionState(data_dir, load_schemes())
    if seed is not None and not state.is_seeded():
        state.load_seed(json.loads(seed.read_text(encoding="utf-8")))
    return state


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _server(state: RegionState, port: int, clock: Clock, faults: Faults) -> uvicorn.Server:
    """The app behind its fault switches (all off unless set). The server reads its clock
    through them, and its `Date` header with it, so that a clock set far off is off everywhere."""
    server_clock = faults.skewed(clock)
    config = uvicorn.Config(
        with_faults(create_app(state, server_clock), faults, server_clock),
        host=HOST,
        port=port,
        log_level="warning",
        access_log=False,
        date_header=False,
    )
    return uvicorn.Server(config)


def serve_forever(
    state: RegionState, port: int, clock: Clock = now, faults: Faults | None = None
) -> None:
    _server(state, port, clock, faults or Faults()).run()


class BackgroundServer:
    """The server on a loopback port in a daemon thread; `stop()` shuts it down cleanly."""

    def __init__(self, state: RegionState, port: int = 0, clock: Clock = now) -> None:
        self.port = port or free_port()
        self.faults = Faults()
        """Switch these on in a test to make the server misbehave (`faults.py`)."""
        self._server = _server(state, self.port, clock, self.faults)
        self._thread = threading.Thread(target=self._server.run, name="region-sim", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        self._thread.start()
        waited = 0.0
        while not self._server.started:
            if not self._thread.is_alive() or waited > timeout:
                raise RuntimeError(f"reference server did not start on port {self.port}")
            self._thread.join(0.02)
            waited += 0.02
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
