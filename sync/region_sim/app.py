"""The reference Region server's HTTP API (FastAPI). Its OpenAPI document is `sync/openapi.json`.

For the demo, the tests and staff training only. The till's client (`sync/client.py`) follows
the same document; `tests/test_openapi.py` fails when the two drift apart.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from sync.region_sim.reimbursements import ReimbursementError
from sync.region_sim.state import DeviceAuth, RegionError, RegionState

API_VERSION = "1.0.0"
MAX_BATCH = 1000


class EnrollmentRequest(BaseModel):
    partner_id: Annotated[str, Field(min_length=1, max_length=64)]
    code: Annotated[str, Field(min_length=1, max_length=64)]
    device_name: Annotated[str, Field(max_length=120)] = ""


class PartnerOut(BaseModel):
    id: str
    name: str
    kind: str
    accreditations: list[str]
    region: str
    siret: str = Field("", description="SIRET (14 digits) as the Region knows it; may be empty")
    address: str = Field("", description="Postal address, parts separated by ', '")


class RegionKeyOut(BaseModel):
    """A Region public key (base64url, raw Ed25519) and the period it signs codes in."""

    public_key: str
    not_before: str
    not_after: str
    retired: bool


class EnrollmentResponse(BaseModel):
    device_id: str
    device_token: str
    partner: PartnerOut
    region_keys: dict[str, RegionKeyOut]


class TransactionIn(BaseModel):
    id: Annotated[str, Field(min_length=8, max_length=64)]
    kind: Literal["debit", "void"]
    created_at: str
    partner_id: str
    beneficiary: str
    scheme_id: str
    category_id: str
    item_kind: str
    amount_cents: Annotated[int, Field(ge=0, le=1_000_000)]
    price_cents: Annotated[int, Field(gt=0, le=1_000_000)]
    complement_cents: Annotated[int, Field(ge=0)]
    forfeited_cents: Annotated[int, Field(ge=0)] = 0
    voids: str | None = None
    operator: str = ""
    reason: str = ""
    voucher_serial: str = ""
    equipment_serial: str = ""
    coupon_id: str = ""
    guardian_checked: bool = False
    """The cashier confirmed the legal representative's authorisation or presence: the Region
    pays a minor's debit of a category with `guardian_consent_below_age` only with it."""


class UploadRequest(BaseModel):
    transactions: Annotated[list[TransactionIn], Field(max_length=MAX_BATCH)]


class TransactionResult(BaseModel):
    id: str
    status: Literal["accepted", "duplicate", "rejected"]
    server_seq: int | None
    reason: str


class UploadResponse(BaseModel):
    results: list[TransactionResult]


class CheckInIn(BaseModel):
    bon_plan_id: Annotated[str, Field(min_length=1, max_length=64)]
    beneficiary: Annotated[str, Field(min_length=1, max_length=64)]
    at: str


class CheckInRequest(BaseModel):
    check_ins: Annotated[list[CheckInIn], Field(max_length=MAX_BATCH)]


class CheckInResult(BaseModel):
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str


class CheckInResponse(BaseModel):
    results: list[CheckInResult]


class PeriodOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="`2026-W01` (ISO week), `2026-03` (month) or `claim-<deposit id>`")
    start: str = Field(description="First local day of the period, ISO date")
    end: str = Field(description="Last local day of the period, ISO date (included)")


class StatementLineOut(BaseModel):
    """One transaction a batch took: counted, or refused with a reason."""

    model_config = ConfigDict(extra="forbid")

    txn_id: str
    device_id: str = Field(description="The till that sent it (a batch holds every till's)")
    kind: Literal["debit", "void"]
    created_at: str = Field(description="Till time of the sale (ISO 8601 with offset)")
    amount_cents: int = Field(
        description="Signed: what the line adds to the batch when counted (a void is negative)"
    )
    counted: bool
    reason: str = Field(
        description="'' when counted; else `annulee`, `hors_saison`, `malformed` or the "
        "upload's rejection reason (`not_accredited`...)"
    )
    origin: str = Field(
        description="Period key of the transaction itself (differs from the batch's when it "
        "reached the Region late; '' for a per-claim scheme)"
    )


class BatchOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    revision: int = Field(description="Global counter, raised on every change of the batch")
    scheme_id: str
    period: PeriodOut
    status: Literal["counted", "payment_ordered", "paid"]
    counted_on: str
    due_by: str | None = Field(description="Last day the transfer should arrive by, if any")
    ordered_on: str | None
    paid_on: str | None
    paid_cents: int | None = Field(description="What the transfer paid (may differ from counted)")
    transfer_ref: str
    counted_cents: int = Field(description="Sum of the counted lines")
    rejected_cents: int = Field(description="Sum of the refused debit lines")
    lines: list[StatementLineOut]


class StatementOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1]
    partner_id: str
    device_id: str = Field(description="The till that asked")
    version: int = Field(description="Highest revision in the Region: the next `since`")
    generated_at: str
    batches: list[BatchOut]


class SignedStatementOut(BaseModel):
    """Ed25519 signature (base64url) over the canonical JSON of `statement` (sorted keys, no
    spaces, UTF-8), by the Region key `key_id` (one of the snapshot's keys)."""

    model_config = ConfigDict(extra="forbid")

    statement: StatementOut
    key_id: str
    signature: str


class ClaimRequest(BaseModel):
    deposit_id: Annotated[
        str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="The slip's number")
    ]
    handed_in: date = Field(description="Day the vouchers were handed in to the Region")
    transactions: Annotated[
        list[Annotated[str, Field(min_length=8, max_length=64)]],
        Field(min_length=1, max_length=MAX_BATCH, description="Ids of the voucher sales"),
    ]


class AcknowledgementOut(BaseModel):
    txn_id: str
    status: Literal["accepted", "refused"]
    reason: str


class ClaimResponse(BaseModel):
    deposit_id: str
    handed_in: str
    batch_ids: list[str] = Field(description="The deposit's batch (none if nothing was taken)")
    acknowledgements: list[AcknowledgementOut]


class ErrorOut(BaseModel):
    error: str
    message: str
    detail: str = ""


class Health(BaseModel):
    status: str
    time: str


def create_app(state: RegionState, clock: Callable[[], datetime]) -> FastAPI:
    app = FastAPI(
        title="Atouts Region API (reference server)",
        version=API_VERSION,
        description="What a till needs from the Region: enrollment, snapshot, transactions, "
        "reimbursement statements, NUMÉRISAK deposits.",
    )

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return JSONResponse(
            status_code=422,
            content={
                "error": "invalid_request",
                "message": "Requête refusée par la Région : données invalides.",
                "detail": f"{where}: {first.get('msg', '')}",
            },
        )

    @app.exception_handler(RegionError)
    @app.exception_handler(ReimbursementError)
    async def _region_error(_: Request, exc: RegionError | ReimbursementError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": exc.code, "message": exc.message}
        )

    def device(authorization: Annotated[str | None, Header()] = None) -> DeviceAuth:
        token = None
        if authorization and authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        return state.authenticate(token)

    errors = {401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {"model": ErrorOut}}

    @app.get("/v1/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", time=clock().isoformat())

    @app.post(
        "/v1/enrollments",
        response_model=EnrollmentResponse,
        status_code=201,
        responses={403: {"model": ErrorOut}, 409: {"model": ErrorOut}},
    )
    def enroll(request: EnrollmentRequest) -> EnrollmentResponse:
        result = state.enroll(request.partner_id, request.code, request.device_name, clock())
        return EnrollmentResponse.model_validate(result)

    @app.get(
        "/v1/snapshot",
        responses={
            200: {
                "description": "Snapshot, format 2 (docs/snapshot-format.md): a signed header "
                "line, its `<key id>.<base64url signature>` line, then the record lines; a delta "
                "when `since` names a recent version, else a full snapshot",
                "content": {"application/x-atouts-snapshot": {}},
            },
            **errors,
        },
    )
    def snapshot(
        auth: Annotated[DeviceAuth, Depends(device)],
        since: Annotated[int, Query(ge=0, description="The version the till holds")] = 0,
    ) -> StreamingResponse:
        signed = state.snapshot(auth, clock(), since)
        return StreamingResponse(
            signed.chunks(),
            media_type="application/x-atouts-snapshot",
            headers={
                "Content-Length": str(len(signed.prelude) + signed.records.size),
            },
        )

    @app.post("/v1/transactions", response_model=UploadResponse, responses=errors)
    def upload(
        request: UploadRequest, auth: Annotated[DeviceAuth, Depends(device)]
    ) -> UploadResponse:
        results = state.upload(auth, (t.model_dump() for t in request.transactions), clock())
        return UploadResponse.model_validate({"results": results})

    @app.post("/v1/check-ins", response_model=CheckInResponse, responses=errors)
    def check_ins(
        request: CheckInRequest, auth: Annotated[DeviceAuth, Depends(device)]
    ) -> CheckInResponse:
        results = state.check_ins(auth, (c.model_dump() for c in request.check_ins))
        return CheckInResponse.model_validate({"results": results})

    @app.get("/v1/reimbursements", response_model=SignedStatementOut, responses=errors)
    def reimbursements(
        auth: Annotated[DeviceAuth, Depends(device)],
        since: Annotated[
            int, Query(ge=0, description="The statement version the till holds (0: all)")
        ] = 0,
    ) -> JSONResponse:
        # Sent as signed: the body is exactly the bytes' source the signature covers.
        return JSONResponse(state.reimbursement_statement(auth, clock(), since))

    @app.post(
        "/v1/claims",
        response_model=ClaimResponse,
        responses={**errors, 409: {"model": ErrorOut}},
    )
    def claims(
        request: ClaimRequest, auth: Annotated[DeviceAuth, Depends(device)]
    ) -> ClaimResponse:
        answer = state.claim_deposit(
            auth, request.deposit_id, request.handed_in, request.transactions, clock()
        )
        return ClaimResponse.model_validate(answer)

    return app
