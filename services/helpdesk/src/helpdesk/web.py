"""Helpdesk's public intake: report a problem to an LPSE's helpdesk."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.lpse import LpseProfile
from helpdesk import usecases
from helpdesk.domain import CATEGORY_LABEL, validate_ticket
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = ("category", "summary", "description", "email")


def form_page(
    request: Request,
    profile: LpseProfile,
    values: Mapping[str, str],
    errors: FieldErrors,
    key: uuid.UUID,
    status: int = 200,
) -> Response:
    """The report form, with what was typed and a message beside each bad field."""
    context = {
        "profile": profile,
        "values": values,
        "errors": errors,
        "submission_key": key,
        "categories": CATEGORY_LABEL,
    }
    return templates.TemplateResponse(request, "ticket_form.html", context, status_code=status)


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
        return form_page(request, profile_of(lpse), {}, {}, uuid.uuid4())

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        valid, errors = validate_ticket(raw)
        if valid is None:
            return form_page(request, profile, raw, errors, key, status=422)
        reference = await usecases.report(runtime.pool, profile, valid, key, runtime.clock.now())
        context = {"profile": profile, "reference": reference, "email": valid.email}
        return templates.TemplateResponse(request, "ticket_received.html", context)

    return r
