"""The local API's HTTP application (FastAPI): what a partner's own till software may ask the
till, in the till's own process, with its rules and its French. docs/local-api.md describes it;
its OpenAPI document is `pos_app/local_api/openapi.json` (`scripts/export_local_api_openapi.py`).

It calls the till's services and nothing else (like the command line, whose `--json` objects
it answers: `pos_app.local_api.shapes`). Every write carries an idempotency key
(`pos_app.services.local_api.IdempotentWrites`); every request the partner's secret.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pos_app.back_office.closes import DailyCloses, parse_day
from pos_app.local_api import shapes
from pos_app.local_api.models import (
    ChargeIn,
    ChargeOut,
    CheckIn,
    CloseIn,
    CloseOut,
    ErrorOut,
    HealthOut,
    HistoryOut,
    ReceiptOut,
    StatusOut,
    VerdictOut,
    VoidIn,
    VoidOut,
)
from pos_app.services import REFUSAL, Till, TillError
from pos_app.services.local_api import (
    Answer,
    ApiSecret,
    IdempotentWrites,
    fingerprint,
    recorded,
)

log = logging.getLogger(__name__)

API_VERSION = "1.0.0"
MAX_BODY = 64 * 1024
"""Bytes a request body may have: a QR code's content is a few hundred."""
DRAIN_LIMIT = 16 * 1024 * 1024
"""Bytes of a refused body read and dropped so that its refusal is read; beyond, closed."""
KEY_HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
NOT_FOUND = {"unknown_transaction", "txn_unknown", "close_unknown", "period_empty"}
UNAVAILABLE = {"keyring_unresponsive", "ledger_write_failed", "sync_crashed"}
"""Nothing wrong with the request: the till cannot do it now (503, with Retry-After)."""

Changed = Callable[[str, tuple[str, ...]], None]
"""Told after a write that happened (not a replay): its kind and the transaction ids."""

_HINTS = {
    "id_check_required": "Par l'API : vérifiez la pièce d'identité, puis renvoyez la demande "
    "avec « id_checked »: true.",
    "guardian_consent_missing": "Par l'API : vérifiez l'autorisation ou la présence du "
    "représentant légal, puis renvoyez la demande avec « guardian_checked »: true.",
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def _error(
    status: int,
    code: str,
    message: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    content: dict[str, Any] = {"ok": False, "error": code, "message": message}
    if detail is not None:
        content["detail"] = detail
    return JSONResponse(status_code=status, content=content, headers=headers)


def status_of(exc: TillError) -> int:
    """The HTTP status of a till's refusal (docs/local-api.md, "Errors")."""
    if exc.retry_after is not None and exc.code == "request_in_progress":
        return 409
    if exc.code == "idempotency_key_reused":
        return 422
    if exc.code in NOT_FOUND:
        return 404
    if exc.code in UNAVAILABLE:
        return 503
    return 402 if exc.exit_code == REFUSAL else 422


class BodyLimit:
    """Refuse a body over `limit` bytes (413) before the application sees it, whether it
    announces its length or comes in chunks. The rest of a refused body is read and dropped
    (up to `DRAIN_LIMIT`), so that the client reads the refusal: a socket closed on unread
    data is reset, and the answer lost with it. Beyond that, the connection is closed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = 0
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    announced = 0
        if announced > DRAIN_LIMIT:
            await _too_large(self.limit, close=True)(scope, receive, send)
            return
        # Read the whole body first (it is small): a body sent in chunks, without a length,
        # is counted as it comes.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            more = message.get("more_body", False)
            if seen > DRAIN_LIMIT:
                await _too_large(self.limit, close=True)(scope, receive, send)
                return
            if seen <= self.limit and announced <= self.limit:
                chunks.append(chunk)
        if seen > self.limit or announced > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large(limit: int, *, close: bool = False) -> JSONResponse:
    return _error(
        413,
        "body_too_large",
        f"Demande trop volumineuse : {limit // 1024} Ko au plus.",
        headers={"Connection": "close"} if close else None,
    )


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No secret, or not this till's (`unauthorized`)"},
    402: {"model": ErrorOut, "description": "The till refuses: read `error` (a rule's code)"},
    413: {"model": ErrorOut, "description": "Body over 64 KiB (`body_too_large`)"},
    422: {
        "model": ErrorOut,
        "description": "Malformed JSON, a wrong type or value (`invalid_request`), a bad "
        "amount or reference, an idempotency key missing or used for another request",
    },
    503: {"model": ErrorOut, "description": "The till cannot do it now; see `Retry-After`"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {
        "model": ErrorOut,
        "description": "The same key's first request is still running (`request_in_progress`)"
        "; see `Retry-After`",
    },
}


def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=KEY_HEADER,
            description="One per operation, the same for its retries (1 to 128 visible "
            "ASCII characters; a UUID is fine)",
        ),
    ] = None,
    legacy: Annotated[
        str | None, Header(alias="X-Idempotency-Key", include_in_schema=False)
    ] = None,
) -> str:
    value = key or legacy
    if value is None:
        raise ApiError(
            422,
            "idempotency_key_missing",
            f"En-tête « {KEY_HEADER} » manquant : chaque écriture porte une clé (un UUID "
            "par opération, le même pour ses nouveaux essais).",
        )
    if not _KEY.match(value):
        raise ApiError(
            422,
            "idempotency_key_invalid",
            f"En-tête « {KEY_HEADER} » invalide : de 1 à 128 caractères ASCII visibles.",
        )
    return value


Key = Annotated[str, Depends(idempotency_key)]
Reference = Annotated[
    str, Path(min_length=8, max_length=64, description="Transaction id or its 8 first chars")
]


def create_app(
    till: Till,
    *,
    secret: ApiSecret | None = None,
    writes: IdempotentWrites | None = None,
    on_change: Changed | None = None,
) -> FastAPI:
    secret = secret or ApiSecret(till)
    writes = writes or IdempotentWrites(till)
    changed: Changed = on_change or (lambda _kind, _ids: None)
    app = FastAPI(
        title="Atouts POS local API",
        version=API_VERSION,
        description="What a partner's own till software may ask the till, on this computer: "
        "check a code, charge, void, receipts, history, status, daily close. "
        "See docs/local-api.md.",
    )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        if first.get("type") == "json_invalid":
            where = "body"
        return _error(
            422,
            "invalid_request",
            "Demande refusée : données invalides (voir « detail »).",
            f"{where}: {first.get('msg', '')}",
        )

    @app.exception_handler(TillError)
    async def _refused(_: Request, exc: TillError) -> JSONResponse:
        status = status_of(exc)
        headers = {}
        if status in (409, 503):
            headers["Retry-After"] = str(int(exc.retry_after or 1))
        return _error(status, exc.code, exc.message, headers=headers)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _error(404, "not_found", "Adresse inconnue de l'API locale (voir la doc).")
        if exc.status_code == 405:
            return _error(405, "method_not_allowed", "Méthode non permise pour cette adresse.")
        return _error(exc.status_code, f"http_{exc.status_code}", "Demande refusée.")

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("local API: unexpected error", exc_info=exc)
        return _error(
            500,
            "internal_error",
            "Erreur inattendue de la caisse : rien n'a été enregistré par cette demande si elle "
            "n'apparaît pas dans l'historique. Le détail est dans le journal de la caisse.",
        )

    def authorized(
        authorization: Annotated[
            str | None, Header(description="`Bearer <secret>` (the settings page shows it)")
        ] = None,
    ) -> None:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secret.matches(token.strip()):
            raise ApiError(
                401,
                "unauthorized",
                "Secret de l'API locale absent ou incorrect : copiez-le depuis les réglages "
                "de la caisse (Réglages, « API locale ») et envoyez-le en "
                "« Authorization: Bearer … ».",
                {"WWW-Authenticate": "Bearer"},
            )

    def answer(result: Answer) -> JSONResponse:
        if result.changed and not result.replayed:
            try:
                changed(*_change_of(result))
            except Exception:  # the window's refresh never fails a sale already made
                log.exception("local API: change listener failed")
        headers = {"Idempotent-Replayed": "true"} if result.replayed else None
        return JSONResponse(status_code=result.status, content=result.body, headers=headers)

    auth = [Depends(authorized)]

    @app.get("/v1/health", response_model=HealthOut)
    def health() -> dict[str, str]:
        """No secret needed: is the till's API there?"""
        return {"status": "ok"}

    @app.get("/v1/status", dependencies=auth, responses={200: {"model": StatusOut}, **ERRORS})
    def status() -> JSONResponse:
        """`atouts-pos status --json`: `ok` false (still 200) while the till is not activated."""
        return JSONResponse(shapes.status_json(till.status()))

    @app.post("/v1/check", dependencies=auth, responses={200: {"model": VerdictOut}, **ERRORS})
    def check(body: CheckIn) -> JSONResponse:
        """Read a code and say, offline, what it may pay for here (`atouts-pos check
        --json`). A refused code is a verdict (200, `accepted` false, its `reason`)."""
        return JSONResponse(shapes.check_json(till.check(body.code)))

    @app.post(
        "/v1/charges",
        dependencies=auth,
        status_code=201,
        responses={201: {"model": ChargeOut}, **WRITE_ERRORS},
    )
    def charge(body: ChargeIn, key: Key) -> JSONResponse:
        """Debit a benefit for a real public price (`atouts-pos charge --json`): the young
        person pays `complement_cents`. The sale appears at once in the window's history."""
        request = body.model_dump()

        def work(txn_id: str | None) -> Answer:
            with till.operation():  # the answer's balance and receipt are this sale's
                try:
                    transaction = till.charge(
                        body.code,
                        body.category,
                        _amount_text(body.price_cents),
                        body.item_kind,
                        body.operator,
                        id_checked=body.id_checked,
                        label_number=body.label_number,
                        equipment_serial=body.equipment_serial,
                        guardian_checked=body.guardian_checked,
                        txn_id=txn_id,
                    )
                except TillError as exc:
                    if exc.code in _HINTS:
                        raise TillError(
                            exc.code, f"{exc.message} {_HINTS[exc.code]}", exc.exit_code
                        ) from exc
                    raise
                data = shapes.charge_json(till, body.code, transaction)
            return Answer(201, data, changed=("charge", transaction.id))

        def recover(txn_id: str) -> Answer:
            transaction = recorded(till, txn_id)
            assert transaction is not None
            return Answer(201, shapes.charge_json(till, body.code, transaction))

        return answer(
            writes.run(
                key,
                fingerprint("POST", "/v1/charges", request),
                work,
                with_txn=True,
                recover=recover,
            )
        )

    @app.post(
        "/v1/transactions/{reference}/void",
        dependencies=auth,
        status_code=201,
        responses={201: {"model": VoidOut}, 404: {"model": ErrorOut}, **WRITE_ERRORS},
    )
    def void(reference: Reference, body: VoidIn, key: Key) -> JSONResponse:
        """Cancel a handling mistake (`atouts-pos void --json`): a new ledger entry that gives
        the amount back; the rules decide whether it is still allowed."""

        def work(txn_id: str | None) -> Answer:
            transaction = till.void(reference, body.reason, body.operator, new_id=txn_id)
            return Answer(201, shapes.void_json(transaction), changed=("void", transaction.id))

        def recover(txn_id: str) -> Answer:
            transaction = recorded(till, txn_id)
            assert transaction is not None
            return Answer(201, shapes.void_json(transaction))

        print_ = fingerprint("POST", f"/v1/transactions/{reference}/void", body.model_dump())
        return answer(writes.run(key, print_, work, with_txn=True, recover=recover))

    @app.get(
        "/v1/transactions/{reference}/receipt",
        dependencies=auth,
        responses={200: {"model": ReceiptOut}, 404: {"model": ErrorOut}, **ERRORS},
    )
    def receipt(reference: Reference) -> JSONResponse:
        """The receipt's lines of a sale or a void, as printed (the till software prints
        them, or not: paper only when the customer asks)."""
        return JSONResponse(shapes.receipt_json(till, till.resolve_reference(reference)))

    @app.get("/v1/history", dependencies=auth, responses={200: {"model": HistoryOut}, **ERRORS})
    def history(
        limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
        today: bool = False,
        search: Annotated[str, Query(max_length=200)] = "",
    ) -> JSONResponse:
        """`atouts-pos history --json`, newest first: the window's sales and the API's."""
        entries = till.history(limit, today_only=today, search=search)
        return JSONResponse(shapes.history_json(till, entries))

    @app.post(
        "/v1/closes",
        dependencies=auth,
        status_code=201,
        responses={201: {"model": CloseOut}, **WRITE_ERRORS},
    )
    def close(body: CloseIn, key: Key) -> JSONResponse:
        """The daily close (Z report) of today, or of `date`, after any earlier day left
        unclosed, and the month and year it completes (`atouts-pos close --json`)."""

        def work(_: str | None) -> Answer:
            made = DailyCloses(till).close(parse_day(body.date) if body.date else None)
            return Answer(201, shapes.close_json(made), changed=("close",))

        return answer(writes.run(key, fingerprint("POST", "/v1/closes", body.model_dump()), work))

    return app


def _change_of(result: Answer) -> tuple[str, tuple[str, ...]]:
    kind, *ids = result.changed
    return kind, tuple(ids)


def _amount_text(cents: int) -> str:
    """The till's services take the amount as the cashier types it."""
    return f"{cents // 100},{cents % 100:02d}"


def wrap(app: FastAPI, limit: int = MAX_BODY) -> ASGIApp:
    """The application behind its body limit, as served."""
    return BodyLimit(app, limit)
