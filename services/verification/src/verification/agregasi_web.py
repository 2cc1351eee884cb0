"""Agregasi (ADP) pages and the LKPP callback: the verifier's request, LKPP's answer, the provider's self-service."""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime
from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature_valid
from contracts.envelope import Actor
from contracts.verification import AggregationRefusedV1, AggregationRequestedV1, ProviderAggregatedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.authz import ensure_lpse, require
from lpse_runtime.outbox import enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal, password_matches_off_loop
from lpse_runtime.web import templates_for
from verification import db
from verification.agregasi import (
    STATUS_LABEL,
    AggregationRefused,
    AggregationStatus,
    AggregationTrigger,
    decide,
)
from verification.settings import Settings

templates = templates_for(__file__)
LKPP = Actor(id="lkpp", role="system")
ACTIVATION_WINDOW = 15 * 60


async def apply(
    conn: asyncpg.Connection,
    provider: asyncpg.Record,
    mode: str,
    trigger: AggregationTrigger,
    *,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
    lkpp_ref: str | None = None,
) -> AggregationStatus:
    """Decide, save, announce and audit one aggregation step, in the caller's transaction."""
    before = AggregationStatus(provider["aggregation_status"])
    after = decide(mode, before, trigger)
    request_ref = (
        f"ADP-{provider['reference']}-{secrets.token_hex(3).upper()}" if trigger is AggregationTrigger.REQUEST else None
    )
    await db.save_aggregation(
        conn,
        provider["id"],
        after.value,
        ref=request_ref,
        reason=reason,
        lkpp_ref=lkpp_ref,
        at=now if after is AggregationStatus.AGGREGATED else None,
    )
    common: dict[str, Any] = {
        "occurred_at": now,
        "lpse": provider["case_lpse"],
        "correlation_id": provider["application_id"],
        "actor": actor,
        "case_id": provider["case_id"],
        "application_id": provider["application_id"],
        "reference": provider["reference"],
        "applicant_email": provider["applicant_email"],
        "director_name": provider["director_name"],
        "status_url": provider["status_url"],
        "language": provider["language"],
        "provider_id": provider["id"],
        "user_id": provider["user_id"],
    }
    if after is AggregationStatus.REQUESTED:
        assert request_ref is not None
        await enqueue(
            conn,
            AggregationRequestedV1(
                **common, request_ref=request_ref, npwp=provider["npwp"], company_name=provider["company_name"]
            ),
        )
    elif after is AggregationStatus.AGGREGATED:
        mode_name = "mandiri" if trigger is AggregationTrigger.SELF_ACTIVATE else "via_lkpp"
        await enqueue(conn, ProviderAggregatedV1(**common, mode=mode_name, lkpp_ref=lkpp_ref))
    else:
        await enqueue(conn, AggregationRefusedV1(**common, reason=reason or "tanpa alasan", lkpp_ref=lkpp_ref))
    await append(
        conn,
        AuditEntry(
            at=now,
            actor=actor,
            entity="provider",
            entity_id=str(provider["id"]),
            action=f"agregasi:{trigger.value}",
            before=before.value,
            after=after.value,
            reason=reason or request_ref,
        ),
    )
    return after


def router(runtime: ServiceRuntime) -> APIRouter:
    """Agregasi routes under /staf and /akun."""
    r = APIRouter()
    settings = runtime.settings
    secret = settings.lkpp_callback_secret if isinstance(settings, Settings) else ""
    activation_tokens = URLSafeTimedSerializer(settings.session_secret, salt="verification-agregasi")

    def mode_of(lpse: str) -> str:
        return runtime.profiles[lpse].agregasi

    async def staff_step(
        case_id: uuid.UUID,
        staff: StaffPrincipal,
        action: str,
        trigger: AggregationTrigger,
        reason: str | None = None,
        lkpp_ref: str | None = None,
    ) -> Response:
        async with runtime.pool.acquire() as conn, conn.transaction():
            provider = await db.provider_of_case(conn, case_id)
            ensure_lpse(staff, action, provider["case_lpse"] if provider else None, "Akun penyedia")
            assert provider is not None
            try:
                await apply(
                    conn,
                    provider,
                    mode_of(provider["case_lpse"]),
                    trigger,
                    actor=staff.actor,
                    now=runtime.clock.now(),
                    reason=reason,
                    lkpp_ref=lkpp_ref,
                )
            except AggregationRefused as refused:
                return RedirectResponse(f"/staf/kasus/{case_id}?galat={refused}", status_code=303)
        return RedirectResponse(f"/staf/kasus/{case_id}", status_code=303)

    @r.post("/staf/kasus/{case_id}/adp")
    async def request_adp(
        case_id: uuid.UUID, staff: Annotated[StaffPrincipal, Depends(require("agregasi.minta"))]
    ) -> Response:
        return await staff_step(case_id, staff, "agregasi.minta", AggregationTrigger.REQUEST)

    @r.post("/staf/kasus/{case_id}/adp/jawaban")
    async def record_answer(
        request: Request,
        case_id: uuid.UUID,
        staff: Annotated[StaffPrincipal, Depends(require("agregasi.catat_jawaban"))],
    ) -> Response:
        form = await request.form()
        reason = str(form.get("reason", "")).strip()
        async with runtime.pool.acquire() as conn:
            provider = await db.provider_of_case(conn, case_id)
        ensure_lpse(staff, "agregasi.catat_jawaban", provider["case_lpse"] if provider else None, "Akun penyedia")
        if form.get("result") == "refused":
            if not reason:
                return RedirectResponse(f"/staf/kasus/{case_id}?galat=Sebutkan alasan penolakan LKPP.", 303)
            return await staff_step(
                case_id,
                staff,
                "agregasi.catat_jawaban",
                AggregationTrigger.LKPP_REFUSED,
                reason=reason,
                lkpp_ref=str(form.get("lkpp_ref", "")) or None,
            )
        return await staff_step(
            case_id,
            staff,
            "agregasi.catat_jawaban",
            AggregationTrigger.LKPP_AGGREGATED,
            lkpp_ref=str(form.get("lkpp_ref", "")) or None,
        )

    @r.post("/akun/lkpp/adp/callback")
    async def lkpp_callback(request: Request) -> JSONResponse:
        body = await request.body()
        if not lkpp_signature_valid(secret, body, request.headers.get(LKPP_SIGNATURE_HEADER, "")):
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        try:
            answer = json.loads(body)
            ref, result = str(answer["request_ref"]), str(answer["result"])
        except (ValueError, KeyError):
            return JSONResponse({"error": "body must carry request_ref and result"}, status_code=422)
        trigger = AggregationTrigger.LKPP_AGGREGATED if result == "aggregated" else AggregationTrigger.LKPP_REFUSED
        async with runtime.pool.acquire() as conn, conn.transaction():
            provider = await db.provider_by_request(conn, ref)
            if provider is None:
                return JSONResponse({"error": "unknown request_ref"}, status_code=404)
            if provider["aggregation_status"] != AggregationStatus.REQUESTED.value:
                return JSONResponse({"status": provider["aggregation_status"]})  # a repeated callback changes nothing
            try:
                status = await apply(
                    conn,
                    provider,
                    mode_of(provider["case_lpse"]),
                    trigger,
                    actor=LKPP,
                    now=runtime.clock.now(),
                    reason=answer.get("reason"),
                    lkpp_ref=answer.get("lkpp_ref"),
                )
            except AggregationRefused as refused:
                return JSONResponse({"error": str(refused)}, status_code=409)
        return JSONResponse({"status": status.value})

    @r.get("/akun/agregasi", response_class=HTMLResponse)
    async def self_service_page(request: Request) -> Response:
        profiles = [p for p in runtime.profiles.values() if p.agregasi == "mandiri"]
        return templates.TemplateResponse(
            request, "agregasi.html", {"profiles": profiles, "provider": None, "error": None, "done": False}
        )

    @r.post("/akun/agregasi", response_class=HTMLResponse)
    async def self_service_login(request: Request) -> Response:
        form = await request.form()
        user_id, password, lpse = (str(form.get(k, "")).strip() for k in ("user_id", "password", "lpse"))
        profiles = [p for p in runtime.profiles.values() if p.agregasi == "mandiri"]
        async with runtime.pool.acquire() as conn, conn.transaction():
            provider = await db.provider_by_user_id(conn, user_id)
        if (
            provider is None
            or not provider["password_hash"]
            or provider["case_lpse"] != lpse
            or not await password_matches_off_loop(provider["password_hash"], password)
        ):
            return templates.TemplateResponse(
                request,
                "agregasi.html",
                {
                    "profiles": profiles,
                    "provider": None,
                    "done": False,
                    "error": "User ID, kata sandi atau LPSE tempat mendaftar tidak sesuai.",
                },
                status_code=401,
            )
        return templates.TemplateResponse(
            request,
            "agregasi.html",
            {
                "profiles": profiles,
                "provider": provider,
                "error": None,
                "done": False,
                "status_label": STATUS_LABEL[AggregationStatus(provider["aggregation_status"])],
                "token": activation_tokens.dumps(str(provider["id"])),
            },
        )

    @r.post("/akun/agregasi/aktivasi", response_class=HTMLResponse)
    async def self_activate(request: Request) -> Response:
        form = await request.form()
        try:
            provider_id = uuid.UUID(activation_tokens.loads(str(form.get("token", "")), max_age=ACTIVATION_WINDOW))
        except (BadSignature, ValueError):
            raise HTTPException(403, "Sesi aktivasi kedaluwarsa; masuk kembali.") from None
        async with runtime.pool.acquire() as conn, conn.transaction():
            provider = await conn.fetchrow("SELECT user_id FROM providers WHERE id = $1", provider_id)
            assert provider is not None
            provider = await db.provider_by_user_id(conn, provider["user_id"])
            assert provider is not None
            try:
                await apply(
                    conn,
                    provider,
                    mode_of(provider["case_lpse"]),
                    AggregationTrigger.SELF_ACTIVATE,
                    actor=Actor(id=provider["user_id"], role="penyedia"),
                    now=runtime.clock.now(),
                )
            except AggregationRefused as refused:
                return templates.TemplateResponse(
                    request,
                    "agregasi.html",
                    {"profiles": [], "provider": None, "error": str(refused), "done": False},
                    status_code=409,
                )
        return templates.TemplateResponse(
            request, "agregasi.html", {"profiles": [], "provider": provider, "error": None, "done": True}
        )

    return r
