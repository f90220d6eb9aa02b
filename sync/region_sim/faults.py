"""Bad networks on demand: the reference server can be told to misbehave, per test.

Shop Wi-Fi, 4G dongles and captive portals do all of this; the till must lose nothing and count
nothing twice through each. The faults are plain ASGI middleware around the real application,
so a request really reaches the real handlers (or does not), over real HTTP on loopback.

The server's clock can be set far off too (`clock_offset`): its `now` (snapshot `generated_at`,
ledger `received_at`, enrollment code expiry, `/v1/health`) and its HTTP `Date` header move
together, as on a server whose clock drifted; the till must not take it for its own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Clock = Callable[[], datetime]


@dataclass
class Faults:
    """What the server does wrong from now on; `clear()` makes it behave again."""

    latency_seconds: float = 0.0
    """Delay before any answer (a slow 4G link)."""
    status: int | None = None
    """Answer this error (500, 503, 429) without handling the request."""
    retry_after_seconds: int | None = None
    """With `status`: the `Retry-After` header the till must honour."""
    retry_after_as_date: bool = False
    """Send that `Retry-After` as an HTTP date by the server's clock instead of seconds."""
    truncate_body: bool = False
    """Handle the request, then send only half of the answer's body (a dropped link)."""
    drop_before_handling: bool = False
    """Cut the connection before the request reaches the server (nothing is committed)."""
    handle_twice: bool = False
    """Deliver the request twice, as a retrying proxy does; the till gets the second answer."""
    clock_offset: timedelta = timedelta(0)
    """The server's clock is this far off (on every path: `paths` does not limit it)."""
    paths: tuple[str, ...] = ()
    """Limit the faults to these paths (e.g. only `/v1/transactions`); empty means all."""
    requests_seen: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def clear(self) -> None:
        with self._lock:
            self.latency_seconds = 0.0
            self.status = None
            self.retry_after_seconds = None
            self.truncate_body = False
            self.drop_before_handling = False
            self.handle_twice = False
            self.retry_after_as_date = False
            self.clock_offset = timedelta(0)
            self.paths = ()

    def applies_to(self, path: str) -> bool:
        return not self.paths or path in self.paths

    def skewed(self, clock: Clock) -> Clock:
        """`clock` as this server reads it: `clock_offset` is read at each call, so a test can
        move the server's clock while it runs."""

        def read() -> datetime:
            return clock() + self.clock_offset

        return read

    def active(self) -> list[str]:
        """What is switched on, for the banner of `region-sim serve`."""
        retry_after, offset = self.retry_after_seconds, self.clock_offset.total_seconds()
        switched = {
            "latency": f"{self.latency_seconds:g} s" if self.latency_seconds else "",
            "status": str(self.status or ""),
            "retry-after": "" if retry_after is None else f"{retry_after} s",
            "truncate": "on" if self.truncate_body else "",
            "drop": "on" if self.drop_before_handling else "",
            "handle-twice": "on" if self.handle_twice else "",
            "clock-offset": f"{offset:+g} s" if offset else "",
        }
        faults = [f"{name} {value}" for name, value in switched.items() if value]
        if faults and self.paths:
            faults.append(f"paths {', '.join(self.paths)}")
        return faults


def with_faults(app: ASGIApp, faults: Faults, clock: Clock | None = None) -> ASGIApp:
    """`app` misbehaving as `faults` say; with `clock` (the server's, skewed), every answer
    carries a `Date` header read from it (uvicorn's own must then be off)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if clock is not None:
            send = _dated(send, clock)
        if not faults.applies_to(scope["path"]):
            await app(scope, receive, send)
            return
        faults.requests_seen += 1
        if faults.latency_seconds:
            await asyncio.sleep(faults.latency_seconds)
        if faults.status is not None:
            headers = [(b"content-type", b"application/json")]
            if faults.retry_after_seconds is not None:
                retry_after = str(faults.retry_after_seconds)
                if faults.retry_after_as_date:
                    server_now = clock() if clock is not None else datetime.now(UTC)
                    when = server_now + timedelta(seconds=faults.retry_after_seconds)
                    retry_after = _http_date(when)
                headers.append((b"retry-after", retry_after.encode()))
            body = b'{"error": "injected", "message": "Panne simul\\u00e9e."}'
            await send({"type": "http.response.start", "status": faults.status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if faults.drop_before_handling:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"100")],
                }
            )
            raise ConnectionResetError("injected: connection dropped before handling")
        if faults.truncate_body:
            await app(scope, receive, _truncating(send))
            return
        if faults.handle_twice:
            body = await _read_body(receive)
            await app(scope, _replaying(body, receive), _discarding)
            await app(scope, _replaying(body, receive), send)
            return
        await app(scope, receive, send)

    return middleware


def _http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _dated(send: Send, clock: Clock) -> Send:
    async def with_date(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
            headers.append((b"date", _http_date(clock()).encode()))
            message = {**message, "headers": headers}
        await send(message)

    return with_date


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


def _replaying(body: bytes, then: Receive) -> Receive:
    """The request body once; afterwards the real channel, which says when the client left.
    (Answering the body forever would spin the event loop: a streaming response keeps asking
    `receive()` to notice a disconnect.)"""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _discarding(message: Message) -> None:
    """The first delivery's answer goes nowhere, as behind a proxy that retried."""


def _truncating(send: Send) -> Send:
    """Pass the head through; cut the body in half and stop: the client sees a short read.
    The request was handled in full before, as when a link drops after the server committed."""
    state: dict[str, Any] = {"body": b""}

    async def cut(message: Message) -> None:
        if message["type"] == "http.response.start":
            await send(message)
            return
        state["body"] += message.get("body", b"")
        if message.get("more_body"):
            return
        await send({"type": "http.response.body", "body": state["body"][: len(state["body"]) // 2]})
        raise ConnectionAbortedError("injected: link dropped after the server committed")

    return cut
