"""The till's client of the Region API (`sync/openapi.json`). The one place the till speaks HTTP.

Every call has a timeout, and every failure becomes one of three typed errors so that callers
branch on meaning, not on exception classes of the HTTP library: the Region could not be
reached (retry later, keep working offline), it refused (tell the partner why), or it answered
something unusable (log it precisely, keep the previous state).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import ssl

    import httpx

# httpx is imported where it is used, not here: with its command-line extras (rich, click,
# pygments) it costs ~0.1 s, which the counter window would pay before its first paint
# (`bench/bench_window.py`); the first sync, in the background after that paint, pays it.

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_CONNECT_TIMEOUT_S = 3.0
DOWNLOAD_CHUNK = 256 * 1024


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~50 ms; the background sync opens a client every round.
    `ssl` and `certifi` are imported here (≈ 10 ms), like httpx: not before the first paint."""
    import ssl

    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class RegionUnreachable(Exception):
    """No usable answer from the network: offline, timeout, server error. Retry later —
    not before `retry_after` seconds when the server said so."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class RegionRefused(Exception):
    """The Region answered and said no; `message` is French and safe to show."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class RegionResponseInvalid(Exception):
    """The Region answered something the till cannot trust (truncated, not JSON...)."""


Progress = Callable[[int, int], None]
"""Called with (bytes received, bytes expected — 0 when the server did not say)."""


def _http_date(text: str | None) -> datetime | None:
    """An HTTP date (always GMT), aware; None if absent or odd."""
    from email.utils import parsedate_to_datetime  # ~15 ms of imports: not at the window's start

    try:
        when = parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError):
        return None
    return when.replace(tzinfo=UTC) if when and when.tzinfo is None else when


def _retry_after(value: str | None, server_date: str | None = None) -> float | None:
    """Seconds from a `Retry-After` header (seconds or an HTTP date); None if absent or odd.

    An HTTP date is the server's clock: it is measured from the answer's own `Date` header
    when there is one, so that a server whose clock is days off does not silence the till
    for days (nor make it retry at once)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    when = _http_date(value)
    if when is None:
        return None
    reference = _http_date(server_date) or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


class RegionClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        if timeout is None:
            timeout = httpx.Timeout(DEFAULT_TIMEOUT_S, connect=DEFAULT_CONNECT_TIMEOUT_S)
        headers = {"User-Agent": "atouts-pos/0.1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            transport=transport,
            verify=_tls_context(),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegionClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def enroll(self, partner_id: str, code: str, device_name: str) -> dict[str, Any]:
        response = self._request(
            "POST",
            "/v1/enrollments",
            json={"partner_id": partner_id, "code": code, "device_name": device_name},
        )
        return self._json(response)

    def snapshot(self, since: int = 0) -> bytes:
        """The whole snapshot in memory: for tests and small regions; the till streams it."""
        return self._request("GET", "/v1/snapshot", params={"since": since}).content

    def download_snapshot(
        self, destination: BinaryIO, since: int = 0, progress: Progress | None = None
    ) -> int:
        """Stream the snapshot into `destination` (a file: a region is tens of megabytes);
        return its size. A body cut short raises `RegionUnreachable`, like no answer at all."""
        import httpx

        try:
            with self._http.stream("GET", "/v1/snapshot", params={"since": since}) as response:
                self._check_status(response, "GET", "/v1/snapshot")
                expected = int(response.headers.get("Content-Length") or 0)
                received = 0
                for chunk in response.iter_bytes(DOWNLOAD_CHUNK):
                    destination.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, expected)
        except httpx.TransportError as exc:
            log.warning("GET /v1/snapshot failed: %s: %s", type(exc).__name__, exc)
            raise RegionUnreachable(f"{type(exc).__name__}: {exc}") from exc
        if expected and received != expected:
            raise RegionUnreachable(f"snapshot cut short: {received} of {expected} bytes")
        return received

    def healthy(self, timeout: float = 2.0) -> bool:
        """The Region's own answer to a health check, quickly: not just any web page (a captive
        portal answers everything) and never an exception."""
        import httpx

        try:
            response = self._http.get("/v1/health", timeout=timeout)
            return response.status_code == 200 and response.json().get("status") == "ok"
        except (httpx.HTTPError, ValueError, AttributeError):
            return False

    def upload(self, transactions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self._request("POST", "/v1/transactions", json={"transactions": transactions})
        data = self._json(response)
        results = data.get("results")
        if not isinstance(results, list) or len(results) != len(transactions):
            raise RegionResponseInvalid(
                f"upload answered {type(results).__name__} for {len(transactions)} transactions"
            )
        return results

    def reimbursements(self, since: int = 0) -> dict[str, Any]:
        """The signed statement of the partner's reimbursement batches changed since `since`
        (checked by the caller: `pos_app.domain.statements.read_statement`)."""
        return self._json(self._request("GET", "/v1/reimbursements", params={"since": since}))

    def claim(
        self, deposit_id: str, handed_in: date, transactions: Sequence[str]
    ) -> dict[str, Any]:
        """Send a NUMÉRISAK deposit slip; the Region's acknowledgement of each voucher (checked
        by the caller: `pos_app.domain.claims.read_acknowledgements`). The same slip sent again
        gets the same answer."""
        response = self._request(
            "POST",
            "/v1/claims",
            json={
                "deposit_id": deposit_id,
                "handed_in": handed_in.isoformat(),
                "transactions": list(transactions),
            },
        )
        return self._json(response)

    def upload_check_ins(self, check_ins: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self._request("POST", "/v1/check-ins", json={"check_ins": check_ins})
        results = self._json(response).get("results")
        if not isinstance(results, list) or len(results) != len(check_ins):
            raise RegionResponseInvalid("check-in answer does not match the request")
        return results

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        import httpx

        try:
            response = self._http.request(method, path, **kwargs)
            response.read()
        except httpx.TransportError as exc:
            # Connection refused, DNS, timeouts, and bodies cut short by the network.
            log.warning("%s %s failed: %s: %s", method, path, type(exc).__name__, exc)
            raise RegionUnreachable(f"{type(exc).__name__}: {exc}") from exc
        self._check_status(response, method, path)
        return response

    @staticmethod
    def _check_status(response: httpx.Response, method: str, path: str) -> None:
        if response.status_code >= 500 or response.status_code in (408, 429):
            log.warning("%s %s answered %s", method, path, response.status_code)
            raise RegionUnreachable(
                f"HTTP {response.status_code}",
                _retry_after(response.headers.get("Retry-After"), response.headers.get("Date")),
            )
        if response.status_code >= 400:
            import httpx

            try:
                response.read()
                error = response.json()
                code, message = str(error["error"]), str(error["message"])
            except (ValueError, KeyError, TypeError, httpx.HTTPError):
                code, message = f"http_{response.status_code}", "Refus du serveur de la Région."
            log.warning("%s %s refused: %s %s", method, path, response.status_code, code)
            raise RegionRefused(response.status_code, code, message)

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise RegionResponseInvalid(f"not JSON ({len(response.content)} bytes)") from exc
        if not isinstance(data, dict):
            raise RegionResponseInvalid(f"expected an object, got {type(data).__name__}")
        return data
