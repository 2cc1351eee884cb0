"""The staff's account desk: the queue, the counter intake, a request's page and one POST per button; each parses
its form, calls one use case and goes back to the request (access is `lpse_runtime.authz`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from helpdesk.accounts import usecases, views
from helpdesk.accounts.domain import Step
from helpdesk.accounts.forms import MGL_CHECKLIST, ReasonForm, UsernameForm
from helpdesk.accounts.tables import Path, Trigger
from helpdesk.accounts.web import chosen_service, desk_of, file_request, form_page, templates
from lpse_runtime.authz import acting_lpse, ensure_lpse, permits, require
from lpse_runtime.downloads import safe_filename
from lpse_runtime.formmodel import parse_form
from lpse_runtime.staff import StaffPrincipal

BASE = "/helpdesk/staf/akun"
router = APIRouter(prefix=BASE)
OTHER_MISSING = "lainnya"


def request_id_of(raw: str) -> uuid.UUID:
    """The request's id from the path; anything else is not found."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise HTTPException(404, "Permohonan tidak ditemukan") from None


def desk(request: Request) -> usecases.AccountDesk:
    """The account desk of the running service."""
    return desk_of(request.app.state.runtime)


Desk = Annotated[usecases.AccountDesk, Depends(desk)]


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


async def step(d: usecases.AccountDesk, raw_id: str, staff: StaffPrincipal, action: str, s: Step) -> Response:
    """Apply one step, if the staff member may act on the request's LPSE, and go back to it with any refusal."""
    request_id = request_id_of(raw_id)
    outcome = await usecases.act(d, request_id, lambda lpse: permits(staff, action, lpse), staff.actor, s)
    if not outcome.found:
        raise HTTPException(404, "Permohonan tidak ditemukan")
    suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
    return RedirectResponse(f"{BASE}/{request_id}{suffix}", status_code=303)


def refused(raw_id: str, message: str) -> Response:
    """Back to the request with a form's message."""
    return RedirectResponse(f"{BASE}/{request_id_of(raw_id)}?galat={message}", status_code=303)


@router.get("/", response_class=HTMLResponse)
async def queue(request: Request, staff: Annotated[StaffPrincipal, may("akun.antrean")], d: Desk) -> Response:
    """*Antrean permohonan akun* of the staff member's LPSE."""
    profile = d.profiles[acting_lpse(staff, "akun.antrean")]
    rows = await views.queue(d, profile)
    context = {"staff": staff, "profile": profile, "rows": rows, "may_record": permits(staff, "akun.catat")}
    return templates.TemplateResponse(request, "staf_akun.html", context)


@router.get("/catat", response_class=HTMLResponse)
async def intake_form(request: Request, staff: Annotated[StaffPrincipal, may("akun.catat")], d: Desk) -> Response:
    """The same form, filled by the Helpdesk at the counter."""
    profile = d.profiles[acting_lpse(staff, "akun.catat")]
    service = chosen_service(profile, request.query_params.get("layanan"))
    values = {"service_id": service.id} if service else {}
    return form_page(request, profile, service, values, {}, uuid.uuid4(), action=f"{BASE}/catat", staff=staff)


@router.post("/catat", response_class=HTMLResponse)
async def intake(request: Request, staff: Annotated[StaffPrincipal, may("akun.catat")], d: Desk) -> Response:
    """*Catat permohonan* brought to the counter."""
    profile = d.profiles[acting_lpse(staff, "akun.catat")]
    return await file_request(
        request, d, profile, actor=staff.actor, channel="datang_langsung", action=f"{BASE}/catat", staff=staff
    )


@router.get("/{raw_id}", response_class=HTMLResponse)
async def page(request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.lihat")], d: Desk) -> Response:
    """One request with the buttons its state and the staff member's role allow."""
    view = await views.staff_view(d, request_id_of(raw_id))
    ensure_lpse(staff, "akun.lihat", view.request.lpse if view else None, "Permohonan")
    assert view is not None
    context = {"staff": staff, "v": view, "profile": view.profile, "error": request.query_params.get("galat")}
    return templates.TemplateResponse(request, "staf_akun_detail.html", context)


@router.get("/{raw_id}/berkas/{code}")
async def document(raw_id: str, code: str, staff: Annotated[StaffPrincipal, may("akun.lihat")], d: Desk) -> Response:
    """A document of the request, as uploaded."""
    found = await views.document(d, request_id_of(raw_id), code)
    ensure_lpse(staff, "akun.lihat", found[0] if found else None, "Berkas")
    assert found is not None
    row = found[1]
    headers = {"Content-Disposition": f'attachment; filename="{safe_filename(row["filename"])}"'}
    return Response(bytes(row["content"]), media_type=row["content_type"], headers=headers)


@router.post("/{raw_id}/klaim")
async def claim(raw_id: str, staff: Annotated[StaffPrincipal, may("akun.klaim")], d: Desk) -> Response:
    """*Klaim* for 30 minutes."""
    return await step(d, raw_id, staff, "akun.klaim", Step(Trigger.KLAIM))


@router.post("/{raw_id}/periksa")
async def check(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.periksa")], d: Desk
) -> Response:
    """'Berkas lengkap' or 'Kembalikan' with what is missing ticked (and any other item written)."""
    data = await request.form()
    if data.get("hasil") == "lengkap":
        return await step(d, raw_id, staff, "akun.periksa", Step(Trigger.LENGKAP))
    missing = [str(v)[:200] for v in data.getlist("kurang") if str(v) != OTHER_MISSING]
    other, _ = parse_form(ReasonForm, {"reason": str(data.get("lainnya", ""))})
    if other is not None:
        missing.append(other.reason[:200])
    return await step(d, raw_id, staff, "akun.periksa", Step(Trigger.KEMBALIKAN, missing=tuple(missing[:12])))


@router.post("/{raw_id}/verifikasi")
async def verify(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.periksa")], d: Desk
) -> Response:
    """MGL-O: the checklist ticked ('Persyaratan lengkap dan sesuai')."""
    ticked = set((await request.form()).getlist("cek"))
    complete = all(code in ticked for code, _ in MGL_CHECKLIST)
    return await step(d, raw_id, staff, "akun.periksa", Step(Trigger.VERIFIKASI, checklist_complete=complete))


@router.post("/{raw_id}/inaproc")
async def inaproc(raw_id: str, staff: Annotated[StaffPrincipal, may("akun.periksa")], d: Desk) -> Response:
    """MGL-O: 'Akun INAPROC terverifikasi'."""
    return await step(d, raw_id, staff, "akun.periksa", Step(Trigger.INAPROC_TERVERIFIKASI))


@router.post("/{raw_id}/disposisi")
async def disposition(raw_id: str, staff: Annotated[StaffPrincipal, may("akun.disposisi")], d: Desk) -> Response:
    """TMG-2 c: 'Disposisikan kepada Admin Agency'."""
    return await step(d, raw_id, staff, "akun.disposisi", Step(Trigger.DISPOSISI))


@router.post("/{raw_id}/siapkan")
async def prepare(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.siapkan")], d: Desk
) -> Response:
    """'Siapkan akun' (four-eyes: for a second officer's check) or 'Setujui dan buat akun', with the username."""
    form, errors = parse_form(UsernameForm, await request.form())
    if form is None:
        return refused(raw_id, errors.get("username", UsernameForm.messages["username"]))
    view = await views.staff_view(d, request_id_of(raw_id))
    trigger = Trigger.SIAPKAN if view is not None and view.request.path is Path.BERJENJANG else Trigger.SETUJUI
    return await step(d, raw_id, staff, "akun.siapkan", Step(trigger, username=form.username))


@router.post("/{raw_id}/cek-ulang")
async def second_check(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.cek_ulang")], d: Desk
) -> Response:
    """'Akun benar, sahkan' or 'Kembalikan ke pembuat' with what is wrong."""
    data = await request.form()
    if data.get("hasil") == "benar":
        return await step(d, raw_id, staff, "akun.cek_ulang", Step(Trigger.KONFIRMASI))
    form, _ = parse_form(ReasonForm, data)
    reason = form.reason if form is not None else None
    return await step(d, raw_id, staff, "akun.cek_ulang", Step(Trigger.KEMBALIKAN_KE_PEMBUAT, reason=reason))


@router.post("/{raw_id}/tolak")
async def refuse(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("akun.siapkan")], d: Desk
) -> Response:
    """'Tolak permohonan' with the reason the requester reads."""
    form, errors = parse_form(ReasonForm, await request.form())
    if form is None:
        return refused(raw_id, errors.get("reason", ReasonForm.messages["reason"]))
    return await step(d, raw_id, staff, "akun.siapkan", Step(Trigger.TOLAK, reason=form.reason))
