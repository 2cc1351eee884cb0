"""Helpdesk's public intake: report a problem to an LPSE's helpdesk."""

from __future__ import annotations

import secrets
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.lpse import LpseProfile
from helpdesk import db
from helpdesk.domain import CATEGORY_LABEL, TicketStatus, opened_event, validate_ticket
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.outbox import enqueue
from lpse_runtime.references import new_reference
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = ("category", "summary", "description", "email")


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /helpdesk pages."""
    r = APIRouter(prefix="/helpdesk")

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(runtime.profiles, lpse)

    @r.get("/", response_class=HTMLResponse)
    async def choose(request: Request) -> Response:
        return templates.TemplateResponse(request, "choose.html", {"profiles": runtime.profiles.values()})

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def form(request: Request, lpse: str) -> Response:
        return templates.TemplateResponse(
            request,
            "ticket_form.html",
            {
                "profile": profile_of(lpse),
                "values": {},
                "errors": {},
                "submission_key": uuid.uuid4(),
                "categories": CATEGORY_LABEL,
            },
        )

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        valid, errors = validate_ticket(raw)
        if valid is None:
            return templates.TemplateResponse(
                request,
                "ticket_form.html",
                {
                    "profile": profile,
                    "values": raw,
                    "errors": errors,
                    "submission_key": key,
                    "categories": CATEGORY_LABEL,
                },
                status_code=422,
            )
        now = runtime.clock.now()
        async with runtime.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(key))
            existing = await db.find_by_submission_key(conn, key)
            if existing is not None:
                reference = existing["reference"]
            else:
                ticket_id = uuid.uuid4()
                reference = new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="TIK")
                await db.insert_ticket(
                    conn,
                    ticket_id=ticket_id,
                    lpse=profile.code,
                    reference=reference,
                    submission_key=key,
                    form=valid,
                    now=now,
                )
                event = opened_event(valid, profile=profile, ticket_id=ticket_id, reference=reference, now=now)
                await enqueue(conn, event)
                await append(
                    conn,
                    AuditEntry(
                        at=now,
                        actor=event.actor,
                        entity="ticket",
                        entity_id=str(ticket_id),
                        action="open",
                        before=None,
                        after=TicketStatus.OPEN.value,
                    ),
                )
        return templates.TemplateResponse(
            request, "ticket_received.html", {"profile": profile, "reference": reference, "email": valid.email}
        )

    return r
