"""A network ticket printer on loopback, for the receipt tests."""

from __future__ import annotations

import socket
import threading
import time

from pos_app.counter_settings import CounterSettings


class PrinterServer:
    """A network ticket printer on loopback: keeps every connection's bytes."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
                self.jobs.append(b"".join(chunks))

    def wait_jobs(self, count: int) -> list[bytes]:
        deadline = time.monotonic() + 5
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.jobs

    def close(self) -> None:
        self.sock.close()


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]  # closed when the block ends: nothing listens there


def network(port: int, width: int = 80) -> CounterSettings:
    return CounterSettings(
        printer_kind="network", printer_host=f"127.0.0.1:{port}", paper_width=width
    )
