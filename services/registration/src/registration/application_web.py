"""The way to an application: the email first, then the form through the private link, saved as a draft."""

from __future__ import annotations

import json
import secrets
import uuid

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from contracts.registration import EmailVerificationRequestedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.forms import normalized_email, profile_or_404
from lpse_runtime.outbox import enqueue
from lpse_runtime.references import new_reference
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from registration import db
from registration.domain import (
    DRAFT_VALIDITY,
    ApplicationStatus,
    duplicate_errors,
    submitted_event,
    token_digest,
    validate_form,
)

templates = templates_for(__file__)
FIELDS = ("provider_type", "company_name", "npwp", "nib", "director_name", "language")


def router(runtime: ServiceRuntime) -> APIRouter:
    """/daftar/{lpse}/ (the email) and /daftar/draf/{token} (the form)."""
    r = APIRouter(prefix="/daftar")

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(runtime.profiles, lpse)

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def email_step(request: Request, lpse: str) -> Response:
        return templates.TemplateResponse(
            request, "email.html", {"profile": profile_of(lpse), "error": None, "email": ""}
        )

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def send_link(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        entered = str((await request.form()).get("email", ""))
        email = normalized_email(entered)
        if email is None:
            return templates.TemplateResponse(
                request,
                "email.html",
                {
                    "profile": profile,
                    "email": entered,
                    "error": "Alamat email tidak valid, contoh: direktur@perusahaan.co.id.",
                },
                status_code=422,
            )
        now = runtime.clock.now()
        token = secrets.token_urlsafe(24)
        draft_id = uuid.uuid4()
        async with runtime.pool.acquire() as conn, conn.transaction():
            duplicate = await db.find_duplicate(conn, npwp=None, nib=None, email=email)
            if duplicate is not None:
                error = duplicate_errors(False, False, True, runtime.profiles[duplicate["lpse"]].name)["email"]
                return templates.TemplateResponse(
                    request, "email.html", {"profile": profile, "email": entered, "error": error}, status_code=409
                )
            await db.insert_draft(
                conn,
                draft_id=draft_id,
                lpse=profile.code,
                email=email,
                token_hash=token_digest(token),
                now=now,
                expires_at=now + DRAFT_VALIDITY,
            )
            await enqueue(
                conn,
                EmailVerificationRequestedV1(
                    occurred_at=now,
                    lpse=profile.code,
                    correlation_id=draft_id,
                    actor=Actor(id=email, role="penyedia"),
                    draft_id=draft_id,
                    email=email,
                    draft_url=f"{runtime.settings.public_base_url}/daftar/draf/{token}",
                    expires_at=now + DRAFT_VALIDITY,
                ),
            )
        return templates.TemplateResponse(request, "email_sent.html", {"profile": profile, "email": email})

    async def load(token: str) -> tuple[dict[str, object], LpseProfile]:
        async with runtime.pool.acquire() as conn, conn.transaction():
            draft = await db.draft_by_token(conn, token_digest(token))
            if draft is None or draft["expires_at"] < runtime.clock.now():
                raise HTTPException(404, "Tautan pendaftaran tidak dikenal atau kedaluwarsa; mulai lagi dari email.")
            await db.open_draft(conn, draft["id"], runtime.clock.now())
        return dict(draft), profile_of(draft["lpse"])

    def page(
        request: Request,
        draft: dict[str, object],
        profile: LpseProfile,
        values: dict[str, str],
        errors: dict[str, str],
        notice: str | None = None,
        status_code: int = 200,
    ) -> Response:
        return templates.TemplateResponse(
            request,
            "form.html",
            {
                "profile": profile,
                "values": values,
                "errors": errors,
                "email": draft["email"],
                "notice": notice,
                "action": request.url.path,
            },
            status_code=status_code,
        )

    @r.get("/draf/{token}", response_class=HTMLResponse)
    async def draft_form(request: Request, token: str) -> Response:
        draft, profile = await load(token)
        if draft["application_id"] is not None:
            return await already(request, draft)
        return page(request, draft, profile, json.loads(str(draft["fields"])), {})

    async def already(request: Request, draft: dict[str, object]) -> Response:
        async with runtime.pool.acquire() as conn:
            reference = await db.application_reference(conn, uuid.UUID(str(draft["application_id"])))
        return templates.TemplateResponse(request, "already.html", {"reference": reference})

    @r.post("/draf/{token}", response_class=HTMLResponse)
    async def save_or_submit(request: Request, token: str) -> Response:
        draft, profile = await load(token)
        data = await request.form()
        values = {name: str(data.get(name, "")) for name in FIELDS}
        now = runtime.clock.now()
        draft_id = uuid.UUID(str(draft["id"]))
        if data.get("action") != "kirim":
            async with runtime.pool.acquire() as conn:
                await db.save_draft(conn, draft_id, values, now)
            return page(
                request,
                draft,
                profile,
                values,
                {},
                notice="Draf tersimpan. Lanjutkan kapan saja lewat tautan di email Anda.",
            )
        valid, errors = validate_form({**values, "email": str(draft["email"])}, profile)
        async with runtime.pool.acquire() as conn, conn.transaction():
            locked = await db.draft_by_token(conn, token_digest(token))  # a second click waits here, then sees it
            assert locked is not None
            if locked["application_id"] is not None:
                return await already(request, dict(locked))
            await db.save_draft(conn, draft_id, values, now)
            if valid is not None:
                duplicate = await db.find_duplicate(conn, npwp=valid.npwp, nib=valid.nib, email=valid.email)
                if duplicate is not None:
                    errors = duplicate_errors(
                        duplicate["same_npwp"],
                        duplicate["same_nib"],
                        duplicate["same_email"],
                        runtime.profiles[duplicate["lpse"]].name,
                    )
            if valid is None or errors:
                return page(request, draft, profile, values, errors, status_code=422)
            status_token = secrets.token_urlsafe(24)
            application_id = uuid.uuid4()
            reference = new_reference(profile.short_code, now, secrets.token_bytes(5))
            await db.insert_application(
                conn,
                application_id=application_id,
                lpse=profile.code,
                reference=reference,
                submission_key=draft_id,
                token_hash=token_digest(status_token),
                form=valid,
                now=now,
            )
            await db.mark_draft_submitted(conn, draft_id, application_id)
            event = submitted_event(
                valid,
                profile=profile,
                application_id=application_id,
                reference=reference,
                status_url=f"{runtime.settings.public_base_url}/daftar/status/{status_token}",
                now=now,
            )
            await enqueue(conn, event)
            await append(
                conn,
                AuditEntry(
                    at=now,
                    actor=event.actor,
                    entity="application",
                    entity_id=str(application_id),
                    action="submit",
                    before=None,
                    after=ApplicationStatus.SUBMITTED.value,
                ),
            )
        return RedirectResponse(f"/daftar/status/{status_token}?baru=1", status_code=303)

    return r
