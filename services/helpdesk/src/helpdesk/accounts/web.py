"""The requester's pages: the public account request form of an LPSE (the person has no account yet), the status
page by its sealed link, and completing a returned file there."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from contracts.envelope import Actor
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.requests import RequestChannel
from helpdesk.accounts import usecases, views
from helpdesk.accounts.forms import (
    CHANGE_LABEL,
    MAX_BYTES,
    ROLE_LABEL,
    ROLES_OF_SERVICE,
    account_services,
    check_documents,
    kind_of,
    required_documents,
    uploaded_documents,
    validate_request,
)
from helpdesk.accounts.usecases import AccountDesk
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import LinkSealing
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = (
    "service_id",
    "name",
    "nip",
    "unit",
    "role",
    "email",
    "phone",
    "username",
    "change_kind",
    "new_email",
    "agency_type",
    "agency_name",
    "tenders",
    "access_from",
    "access_until",
    "language",
)


def desk_of(runtime: ServiceRuntime) -> AccountDesk:
    """The account desk of a running service."""
    settings = runtime.settings
    secret = settings.link_secret if isinstance(settings, LinkSealing) else LinkSealing().link_secret
    return AccountDesk(runtime.pool, runtime.profiles, runtime.clock, secret, settings.public_base_url)


def chosen_service(profile: LpseProfile, service_id: str | None) -> ServiceStandard | None:
    """The account service picked (by id), if the LPSE's standard has it."""
    return next((s for s in account_services(profile) if s.id == service_id), None)


def form_page(
    request: Request,
    profile: LpseProfile,
    service: ServiceStandard | None,
    values: Mapping[str, str],
    errors: FieldErrors,
    key: uuid.UUID,
    *,
    action: str,
    staff: object = None,
) -> Response:
    """The choice of service, or the form of the chosen one with a message beside each bad field."""
    if not account_services(profile):
        return templates.TemplateResponse(request, "akun_tidak_ada.html", {"profile": profile}, status_code=404)
    role = values.get("role", "")
    context = {
        "profile": profile,
        "services": account_services(profile),
        "service": service,
        "kind": kind_of(service.id) if service else None,
        "roles": [(r, ROLE_LABEL[r]) for r in ROLES_OF_SERVICE[service.id]] if service else [],
        "changes": list(CHANGE_LABEL.items()),
        "documents": uploaded_documents(service) if service else (),
        "required": required_documents(service, role) if service else frozenset(),
        "values": values,
        "errors": errors,
        "submission_key": key,
        "action": action,
        "staff": staff,
        "max_mb": MAX_BYTES // (1024 * 1024),
    }
    return templates.TemplateResponse(request, "akun_form.html", context, status_code=422 if errors else 200)


async def files_of(data: FormData, service: ServiceStandard) -> dict[str, tuple[str, bytes]]:
    """The uploaded documents by code (at most `MAX_BYTES + 1` bytes read of each)."""
    files: dict[str, tuple[str, bytes]] = {}
    for code, _ in uploaded_documents(service):
        upload = data.get(f"doc_{code}")
        if isinstance(upload, UploadFile) and upload.filename:
            files[code] = (upload.filename, await upload.read(MAX_BYTES + 1))
    return files


async def file_request(
    request: Request,
    desk: AccountDesk,
    profile: LpseProfile,
    *,
    actor: Actor | None,
    channel: RequestChannel,
    action: str,
    staff: object = None,
) -> Response:
    """Validate the form and its documents; file it, or show every refusal beside its field (nothing stored)."""
    data = await request.form()
    raw = {name: str(data.get(name, "")) for name in FIELDS}
    key = submission_key(data.get("submission_key"))
    service = chosen_service(profile, raw["service_id"])
    form, errors = validate_request(raw, profile, usecases.today(desk, profile))
    if service is not None:
        documents, problems = check_documents(await files_of(data, service), service, raw["role"])
        errors = {**errors, **problems}
    if form is None or service is None or errors:
        return form_page(request, profile, service, raw, errors, key, action=action, staff=staff)
    who = actor or Actor(id=form.email, role="pelapor")
    request_id = await usecases.submit(desk, profile, form, documents, key, actor=who, channel=channel)
    return RedirectResponse(f"{desk.status_path(request_id)}?diajukan=1", status_code=303)


def router(runtime: ServiceRuntime) -> APIRouter:
    """/helpdesk/{lpse}/akun/, /helpdesk/akun/{token}…"""
    r = APIRouter(prefix="/helpdesk")

    @r.get("/{lpse}/akun/", response_class=HTMLResponse)
    async def form(request: Request, lpse: str) -> Response:
        profile = profile_or_404(runtime.profiles, lpse)
        service = chosen_service(profile, request.query_params.get("layanan"))
        values = {"service_id": service.id} if service else {}
        return form_page(request, profile, service, values, {}, uuid.uuid4(), action=f"/helpdesk/{lpse}/akun/")

    @r.post("/{lpse}/akun/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile = profile_or_404(runtime.profiles, lpse)
        return await file_request(
            request, desk_of(runtime), profile, actor=None, channel="web", action=f"/helpdesk/{lpse}/akun/"
        )

    @r.get("/akun/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        return await status_page(request, desk_of(runtime), token, {})

    @r.post("/akun/{token}/lengkapi", response_class=HTMLResponse)
    async def complete(request: Request, token: str) -> Response:
        desk = desk_of(runtime)
        view = await views.status_view(desk, token)
        if view is None:
            raise HTTPException(404, "Permohonan tidak ditemukan")
        documents, errors = check_documents(
            await files_of(await request.form(), view.service), view.service, view.request.role, complete=False
        )
        if errors:
            return await status_page(request, desk, token, errors)
        outcome = await usecases.resubmit(desk, token, documents)
        suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
        return RedirectResponse(f"/helpdesk/akun/{token}{suffix}", status_code=303)

    return r


async def status_page(request: Request, desk: AccountDesk, token: str, errors: FieldErrors) -> Response:
    """The requester's status page: steps with who and when, what is missing, the username once created."""
    view = await views.status_view(desk, token)
    if view is None:
        raise HTTPException(404, "Permohonan tidak ditemukan")
    context = {
        "v": view,
        "profile": view.profile,
        "token": token,
        "filed": request.query_params.get("diajukan") == "1",
        "error": request.query_params.get("galat"),
        "errors": errors,
    }
    return templates.TemplateResponse(request, "akun_status.html", context, status_code=422 if errors else 200)
