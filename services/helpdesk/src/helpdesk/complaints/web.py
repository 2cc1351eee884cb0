"""The complainant's pages: the public complaint form of an LPSE, the receipt, the private status page (complete
the content, reply) and the anonymised register where the LPSE's standard asks for one."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.lpse import LpseProfile
from helpdesk.complaints import usecases, views
from helpdesk.complaints.domain import Step, Trigger
from helpdesk.complaints.forms import DECLARATION, TextForm, required_fields, validate_complaint, validate_completion
from helpdesk.complaints.usecases import ComplaintDesk
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import LinkSealing
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = (
    "name",
    "address",
    "email",
    "service_id",
    "service_date",
    "description",
    "losses",
    "remedy",
    "place",
    "declaration",
    "signature",
    "language",
)


def desk_of(runtime: ServiceRuntime) -> ComplaintDesk:
    """The complaint desk of a running service."""
    settings = runtime.settings
    secret = settings.link_secret if isinstance(settings, LinkSealing) else LinkSealing().link_secret
    return ComplaintDesk(runtime.pool, runtime.profiles, runtime.clock, secret, settings.public_base_url)


def form_page(
    request: Request, profile: LpseProfile, values: Mapping[str, str], errors: FieldErrors, key: uuid.UUID
) -> Response:
    """The complaint form, with what was typed and a message beside each bad field."""
    context = {
        "profile": profile,
        "values": values,
        "errors": errors,
        "submission_key": key,
        "required": required_fields(profile),
        "declaration": DECLARATION,
        "rules": profile.complaints,
    }
    return templates.TemplateResponse(request, "pengaduan_form.html", context, status_code=422 if errors else 200)


def router(runtime: ServiceRuntime) -> APIRouter:
    """/helpdesk/{lpse}/pengaduan/…, /helpdesk/pengaduan/{token}…"""
    r = APIRouter(prefix="/helpdesk")

    @r.get("/{lpse}/pengaduan/", response_class=HTMLResponse)
    async def form(request: Request, lpse: str) -> Response:
        return form_page(request, profile_or_404(runtime.profiles, lpse), {}, {}, uuid.uuid4())

    @r.post("/{lpse}/pengaduan/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile, desk = profile_or_404(runtime.profiles, lpse), desk_of(runtime)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        valid, errors = validate_complaint(raw, profile, usecases.today(desk, profile))
        if valid is None:
            return form_page(request, profile, raw, errors, key)
        _, complaint_id = await usecases.submit(desk, profile, valid, key)
        return RedirectResponse(f"{desk.status_path(complaint_id)}?diterima=1", status_code=303)

    @r.get("/{lpse}/pengaduan/register", response_class=HTMLResponse)
    async def register(request: Request, lpse: str) -> Response:
        profile = profile_or_404(runtime.profiles, lpse)
        if not profile.complaints.publish_register:
            raise HTTPException(404, "Register pengaduan tidak dipublikasikan oleh LPSE ini")
        rows = await views.register(desk_of(runtime), profile)
        return templates.TemplateResponse(request, "pengaduan_register.html", {"profile": profile, "rows": rows})

    @r.get("/pengaduan/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        view = await views.status_view(desk_of(runtime), token)
        if view is None:
            raise HTTPException(404, "Pengaduan tidak ditemukan")
        context = {
            "v": view,
            "profile": view.profile,
            "token": token,
            "received": request.query_params.get("diterima") == "1",
            "error": request.query_params.get("galat"),
            "errors": {},
        }
        return templates.TemplateResponse(request, "pengaduan_status.html", context)

    @r.post("/pengaduan/{token}/lengkapi", response_class=HTMLResponse)
    async def complete(request: Request, token: str) -> Response:
        desk = desk_of(runtime)
        view = await views.status_view(desk, token)
        if view is None:
            raise HTTPException(404, "Pengaduan tidak ditemukan")
        data = await request.form()
        filled, errors = validate_completion({k: str(v) for k, v in data.items()}, view.complaint.missing)
        if filled is None:
            context = {"v": view, "profile": view.profile, "token": token, "errors": errors, "received": False}
            return templates.TemplateResponse(request, "pengaduan_status.html", context, status_code=422)
        step = Step(Trigger.COMPLAINANT_COMPLETES, filled=tuple(filled))
        texts = {"kelengkapan": "\n\n".join(f"{code}. {text}" for code, text in filled.items())}
        return answer(token, await usecases.complainant_act(desk, token, step, texts))

    @r.post("/pengaduan/{token}/balas", response_class=HTMLResponse)
    async def reply(request: Request, token: str) -> Response:
        form, _ = parse_form(TextForm, await request.form())
        if form is None:
            return answer(token, usecases.Outcome(refusal=TextForm.messages["text"]))
        step = Step(Trigger.COMPLAINANT_REPLY)
        return answer(token, await usecases.complainant_act(desk_of(runtime), token, step, {"balasan": form.text}))

    return r


def answer(token: str, outcome: usecases.Outcome) -> Response:
    """Back to the status page, with why the step was refused."""
    if not outcome.found:
        raise HTTPException(404, "Pengaduan tidak ditemukan")
    suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
    return RedirectResponse(f"/helpdesk/pengaduan/{token}{suffix}", status_code=303)
