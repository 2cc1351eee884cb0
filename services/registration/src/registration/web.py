"""Registration's public pages: choose the LPSE, fill in the form, follow the case on the status page."""

from __future__ import annotations

import secrets
import uuid

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.lpse import LpseProfile
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.outbox import enqueue
from lpse_runtime.references import new_reference
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from registration import db
from registration.domain import (
    STATUS_LABEL,
    STEPS,
    ApplicationStatus,
    step_of,
    submitted_event,
    token_digest,
    validate_form,
)

templates = templates_for(__file__)
FIELDS = ("provider_type", "company_name", "npwp", "nib", "email", "director_name", "language")


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /daftar pages."""
    r = APIRouter(prefix="/daftar")

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(runtime.profiles, lpse)

    @r.get("/", response_class=HTMLResponse)
    async def choose_lpse(request: Request) -> Response:
        return templates.TemplateResponse(request, "choose.html", {"profiles": runtime.profiles.values()})

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def form(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        return templates.TemplateResponse(
            request,
            "form.html",
            {
                "profile": profile,
                "values": {},
                "errors": {},
                "submission_key": uuid.uuid4(),
            },
        )

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        valid, errors = validate_form(raw, profile)
        if valid is None:
            return templates.TemplateResponse(
                request,
                "form.html",
                {
                    "profile": profile,
                    "values": raw,
                    "errors": errors,
                    "submission_key": key,
                },
                status_code=422,
            )
        now = runtime.clock.now()
        token = secrets.token_urlsafe(24)
        application_id = uuid.uuid4()
        reference = new_reference(profile.short_code, now, secrets.token_bytes(5))
        status_url = f"{runtime.settings.public_base_url}/daftar/status/{token}"
        async with runtime.pool.acquire() as conn, conn.transaction():
            # The same form posted twice (double click, browser retry) creates one application.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(key))
            existing = await db.find_by_submission_key(conn, key)
            if existing is not None:
                return templates.TemplateResponse(request, "already.html", {"reference": existing["reference"]})
            await db.insert_application(
                conn,
                application_id=application_id,
                lpse=profile.code,
                reference=reference,
                submission_key=key,
                token_hash=token_digest(token),
                form=valid,
                now=now,
            )
            event = submitted_event(
                valid,
                profile=profile,
                application_id=application_id,
                reference=reference,
                status_url=status_url,
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
        return RedirectResponse(f"/daftar/status/{token}?baru=1", status_code=303)

    @r.get("/status/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        async with runtime.pool.acquire() as conn:
            row = await db.by_token_hash(conn, token_digest(token))
            if row is None:
                raise HTTPException(404, "Tautan status tidak dikenal")
            history = await db.steps(conn, row["id"])
        profile = runtime.profiles[row["lpse"]]
        current = ApplicationStatus(row["status"])
        return templates.TemplateResponse(
            request,
            "status.html",
            {
                "a": row,
                "profile": profile,
                "current": current,
                "label": STATUS_LABEL[current],
                "steps": [
                    (s, STATUS_LABEL[s], STEPS.index(s) < STEPS.index(step_of(current)), s == step_of(current))
                    for s in STEPS
                ],
                "returned_note": history[-1]["note"] if current is ApplicationStatus.RETURNED and history else None,
                "rejected_note": history[-1]["note"] if current is ApplicationStatus.REJECTED and history else None,
                "history": history,
                "labels": STATUS_LABEL,
                "fresh": request.query_params.get("baru") == "1",
            },
        )

    @r.get("/api/status/{token}")
    async def status_json(token: str) -> dict[str, str | None]:
        async with runtime.pool.acquire() as conn:
            row = await db.by_token_hash(conn, token_digest(token))
        if row is None:
            raise HTTPException(404, "Tautan status tidak dikenal")
        return {"reference": row["reference"], "status": row["status"], "user_id": row["user_id"]}

    return r
