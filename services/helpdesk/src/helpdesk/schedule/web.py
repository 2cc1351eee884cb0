"""The Pokja's pages: the signed-in request form and list, and the status page a request's link opens (where a
returned request is completed). Routes at module level, the desk as a dependency."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from contracts.lpse import LpseProfile
from helpdesk.attachments import MAX_BYTES, AttachmentStore, Upload
from helpdesk.schedule import usecases, views
from helpdesk.schedule.domain import STAGE_LABEL
from helpdesk.schedule.forms import LETTER_MISSING, validate_correction, validate_request
from helpdesk.schedule.usecases import LETTER_FIELD, Filer, ScheduleDesk
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.forms import submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import LinkSealing
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.uploads import megabytes
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
LIMIT_TEXT = f"Satu berkas PDF, JPEG atau PNG, paling besar {megabytes(MAX_BYTES)}."
FIELDS = ("tender_id", "tender_name", "stage", "old_at", "new_at", "reason", "email", "requester_name", "nip")
_stores: dict[int, AttachmentStore] = {}


def local_input(value: datetime, zone: str) -> str:
    """An instant as a datetime-local field shows it in the LPSE's zone."""
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


templates.env.filters["local_input"] = local_input


def desk_of(runtime: ServiceRuntime) -> ScheduleDesk:
    """The ubah-jadwal desk of a running service (the letters go to the helpdesk's attachments bucket)."""
    settings = runtime.settings
    secret = settings.link_secret if isinstance(settings, LinkSealing) else LinkSealing().link_secret
    key = id(runtime)
    if key not in _stores:
        _stores[key] = AttachmentStore(runtime.broker.config.connection_state.stream)
    return ScheduleDesk(
        runtime.pool, runtime.profiles, runtime.clock, secret, settings.public_base_url, _stores.get(key)
    )


def desk(request: Request) -> ScheduleDesk:
    """The desk of the running service (its runtime is on the app)."""
    return desk_of(request.app.state.runtime)


Desk = Annotated[ScheduleDesk, Depends(desk)]
router = APIRouter(prefix="/helpdesk")


def no_service_page(request: Request, profile: LpseProfile, staff: StaffPrincipal | None) -> Response:
    """An LPSE whose standard has no schedule-change service says so (a page, never an error dump)."""
    context = {"profile": profile, "staff": staff}
    return templates.TemplateResponse(request, "jadwal_tidak_ada.html", context, status_code=404)


def form_page(
    request: Request,
    profile: LpseProfile,
    staff: StaffPrincipal,
    values: Mapping[str, str],
    errors: FieldErrors,
    key: uuid.UUID,
    *,
    counter: bool,
) -> Response:
    """The request form (the Pokja's, or the counter's with the Pokja's name and NIP), a message beside each bad
    field."""
    context = {
        "profile": profile,
        "staff": staff,
        "values": values,
        "errors": errors,
        "submission_key": key,
        "stages": STAGE_LABEL,
        "counter": counter,
        "limit_text": LIMIT_TEXT,
        "action": "/helpdesk/staf/jadwal/catat" if counter else "/helpdesk/staf/jadwal/baru",
    }
    return templates.TemplateResponse(request, "jadwal_form.html", context, status_code=422 if errors else 200)


async def letters_of(data: FormData) -> list[Upload]:
    """The letter sent, read no further than one byte past the limit."""
    read = []
    for file in data.getlist(LETTER_FIELD):
        if isinstance(file, UploadFile) and file.filename:
            read.append(Upload(file.filename, await file.read(MAX_BYTES + 1), file.size))
    return read


async def submit_form(
    request: Request, schedule_desk: ScheduleDesk, staff: StaffPrincipal, action: str, *, counter: bool
) -> Response:
    """Parse, refuse beside the field or file the request, and open its status page."""
    profile = schedule_desk.profiles[acting_lpse(staff, action)]
    if usecases.service_of(profile) is None:
        return no_service_page(request, profile, staff)
    data = await request.form()
    raw = {name: str(data.get(name, "")) for name in FIELDS}
    key = submission_key(data.get("submission_key"))
    now = schedule_desk.clock.now()
    filed, errors = validate_request(raw, profile.time_zone, now, counter=counter, requester_name=staff.name)
    letters = await letters_of(data)
    if filed is None:
        # A missing letter is named with the other fields (its content is checked once the form is valid).
        missing = {} if letters else {LETTER_FIELD: LETTER_MISSING}
        return form_page(request, profile, staff, raw, {**errors, **missing}, key, counter=counter)
    who = (
        Filer(staff.actor, "datang_langsung", None, staff.username)
        if counter
        else Filer(staff.actor, "web", staff.username, None)
    )
    outcome = await usecases.file_request(schedule_desk, profile, filed, key, letters, who)
    if outcome.errors or outcome.change_id is None:
        return form_page(request, profile, staff, raw, outcome.errors or {}, key, counter=counter)
    if counter:
        return RedirectResponse(f"/helpdesk/staf/jadwal/{outcome.change_id}?dicatat=1", status_code=303)
    return RedirectResponse(f"{schedule_desk.status_path(outcome.change_id)}?diterima=1", status_code=303)


@router.get("/staf/jadwal/baru", response_class=HTMLResponse)
async def new(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("jadwal.ajukan"))], schedule_desk: Desk
) -> Response:
    """*Ajukan perubahan jadwal tender* (a signed-in Pokja member)."""
    profile = schedule_desk.profiles[acting_lpse(staff, "jadwal.ajukan")]
    if usecases.service_of(profile) is None:
        return no_service_page(request, profile, staff)
    return form_page(request, profile, staff, {}, {}, uuid.uuid4(), counter=False)


@router.post("/staf/jadwal/baru", response_class=HTMLResponse)
async def file(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("jadwal.ajukan"))], schedule_desk: Desk
) -> Response:
    """The Pokja's request sent."""
    return await submit_form(request, schedule_desk, staff, "jadwal.ajukan", counter=False)


@router.get("/staf/jadwal/saya", response_class=HTMLResponse)
async def mine(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("jadwal.ajukan"))], schedule_desk: Desk
) -> Response:
    """*Permohonan perubahan jadwal saya*: the requests this Pokja member filed, each with its status link."""
    profile = schedule_desk.profiles[acting_lpse(staff, "jadwal.ajukan")]
    rows = await views.mine(schedule_desk, profile, staff.username)
    context = {"profile": profile, "staff": staff, "rows": rows, "status_path": schedule_desk.status_path}
    return templates.TemplateResponse(request, "jadwal_saya.html", context)


@router.get("/staf/jadwal/catat", response_class=HTMLResponse)
async def counter_form(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("jadwal.catat"))], schedule_desk: Desk
) -> Response:
    """*Catat permohonan ubah jadwal* brought to the counter (the Pokja's name, NIP and signed letter)."""
    profile = schedule_desk.profiles[acting_lpse(staff, "jadwal.catat")]
    if usecases.service_of(profile) is None:
        return no_service_page(request, profile, staff)
    return form_page(request, profile, staff, {}, {}, uuid.uuid4(), counter=True)


@router.post("/staf/jadwal/catat", response_class=HTMLResponse)
async def counter_file(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("jadwal.catat"))], schedule_desk: Desk
) -> Response:
    """The counter's record sent."""
    return await submit_form(request, schedule_desk, staff, "jadwal.catat", counter=True)


def status_page(request: Request, view: views.View, token: str, errors: FieldErrors, status: int = 200) -> Response:
    """The requester's status page."""
    context = {
        "v": view,
        "profile": view.profile,
        "token": token,
        "errors": errors,
        "received": request.query_params.get("diterima") == "1",
        "limit_text": LIMIT_TEXT,
    }
    return templates.TemplateResponse(request, "jadwal_status.html", context, status_code=status)


@router.get("/jadwal/{token}", response_class=HTMLResponse)
async def status(request: Request, token: str, schedule_desk: Desk) -> Response:
    """The request, every step with who and when, and the changed schedule once approved."""
    view = await views.status_view(schedule_desk, token)
    if view is None:
        raise HTTPException(404, "Permohonan perubahan jadwal tidak ditemukan")
    return status_page(request, view, token, {})


@router.post("/jadwal/{token}/lengkapi", response_class=HTMLResponse)
async def complete(request: Request, token: str, schedule_desk: Desk) -> Response:
    """*Ajukan kembali*: the returned request with its corrections and, where asked, a new signed letter."""
    view = await views.status_view(schedule_desk, token)
    if view is None:
        raise HTTPException(404, "Permohonan perubahan jadwal tidak ditemukan")
    data = await request.form()
    raw = {name: str(data.get(name, "")) for name in FIELDS}
    corrected, errors = validate_correction(raw, current_values(view), view.profile.time_zone, view.now)
    if corrected is None:
        return status_page(request, view, token, errors, 422)
    outcome = await usecases.resubmit(schedule_desk, token, corrected, await letters_of(data))
    if outcome.errors or outcome.refusal:
        refreshed = await views.status_view(schedule_desk, token)
        assert refreshed is not None
        return status_page(request, refreshed, token, outcome.errors or {"form": outcome.refusal or ""}, 422)
    return RedirectResponse(f"/helpdesk/jadwal/{token}", status_code=303)


def current_values(view: views.View) -> dict[str, str]:
    """The request as filed, in the form's own shapes (local datetime-local values)."""
    row, zone = view.row, view.zone
    return {
        "tender_id": row["tender_id"],
        "tender_name": row["tender_name"],
        "stage": row["stage"],
        "old_at": local_input(row["old_at"], zone),
        "new_at": local_input(row["new_at"], zone),
        "reason": row["reason"],
        "email": row["requester_email"],
        "requester_name": row["requester_name"],
    }
