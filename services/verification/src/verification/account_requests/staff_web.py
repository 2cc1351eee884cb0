"""The verifiers' desk pages: the queue of providers' requests, one request, its documents and one POST per button;
each parses its form, calls one use case and answers (access is `lpse_runtime.authz`'s `permohonan.*`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, ClassVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from contracts.lpse import Requirement
from lpse_runtime.authz import acting_lpse, permits, require
from lpse_runtime.formmodel import FormModel, parse_form
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for
from verification.account_requests import desk_usecases as usecases
from verification.account_requests.desk import FINDING_LABEL, Finding
from verification.account_requests.desk_usecases import Outcome, RequestDesk
from verification.account_requests.domain import KIND_LABEL, STATUS_LABEL, RequestStatus, RequestTrigger

templates = templates_for(str(Path(__file__).parent.parent / "app.py"))
FINDING, NOTE = "finding_", "note_"


class ReasonForm(FormModel):
    """Why a request goes back or is refused."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Alasan paling banyak 2000 karakter, tanpa karakter kontrol."}

    reason: str = Field(default="", max_length=2000)


def may(action: str) -> object:
    """The signed-in staff member allowed this action."""
    return Depends(require(action))


def desk_of(request: Request) -> RequestDesk:
    """The desk the composition root set on the app."""
    desk: RequestDesk = request.app.state.request_desk
    return desk


Desk = Annotated[RequestDesk, Depends(desk_of)]


def answer(request_id: uuid.UUID, outcome: Outcome) -> Response:
    """Back to the request, with why the action was refused; another LPSE's request is not found."""
    if not outcome.found:
        raise HTTPException(404, "Permohonan tidak ditemukan")
    if outcome.refusal is not None:
        return RedirectResponse(f"/staf/permohonan/{request_id}?galat={quote(outcome.refusal)}", status_code=303)
    return RedirectResponse(f"/staf/permohonan/{request_id}", status_code=303)


async def reason_of(request: Request) -> str | None:
    """The reason typed, or None for one that cannot be kept."""
    form, _ = parse_form(ReasonForm, await request.form())
    return form.reason if form else None


def findings_of(form: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    """The checklist's rows by document code: the finding chosen and the note beside it."""
    codes = [k.removeprefix(FINDING) for k in form if k.startswith(FINDING)]
    codes += [k.removeprefix(NOTE) for k in form if k.startswith(NOTE)]
    return {c: (str(form.get(FINDING + c, "")), str(form.get(NOTE + c, ""))) for c in dict.fromkeys(codes)}


router = APIRouter()


@router.get("/staf/permohonan/", response_class=HTMLResponse)
async def queue(
    request: Request, staff: Annotated[StaffPrincipal, may("permohonan.antrean")], desk: Desk, status: str = ""
) -> Response:
    """The LPSE's open requests, nearest running deadline first."""
    page = await usecases.queue_page(desk, acting_lpse(staff, "permohonan.antrean"), status)
    context = {
        "staff": staff,
        "profile": page.profile,
        "rows": page.rows,
        "status": page.status,
        "labels": STATUS_LABEL,
        "kinds": KIND_LABEL,
        "statuses": RequestStatus,
    }
    return templates.TemplateResponse(request, "staff_requests.html", context)


@router.get("/staf/permohonan/{request_id}", response_class=HTMLResponse)
async def request_page(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.lihat")], desk: Desk
) -> Response:
    """One request: the account beside the change asked, documents, checklist, clocks, history, buttons."""
    view = await usecases.request_view(desk, request_id, staff)
    if view is None:
        raise HTTPException(404, "Permohonan tidak ditemukan")
    context = {
        "staff": staff,
        "v": view,
        "r": view.request,
        "a": view.account,
        "profile": view.profile,
        "labels": STATUS_LABEL,
        "kinds": KIND_LABEL,
        "findings": FINDING_LABEL,
        "Finding": Finding,
        "MANDATORY": Requirement.MANDATORY,
        "error": request.query_params.get("galat"),
        "mine": view.holder == staff.username,
        "may_counter": permits(staff, "permohonan.datang", view.request.lpse),
        "may_verify": permits(staff, "permohonan.klaim", view.request.lpse),
    }
    return templates.TemplateResponse(request, "staff_request.html", context)


@router.get("/staf/permohonan/{request_id}/dokumen/{code}")
async def download(
    request_id: uuid.UUID, code: str, staff: Annotated[StaffPrincipal, may("permohonan.lihat")], desk: Desk
) -> Response:
    """An uploaded document, as a download."""
    found = await usecases.document(desk, request_id, code, staff)
    if found is None:
        raise HTTPException(404, "Dokumen tidak ditemukan")
    name, content_type, content = found
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-") or code
    headers = {"Content-Disposition": f'attachment; filename="{safe}"', "X-Content-Type-Options": "nosniff"}
    return Response(content, media_type=content_type, headers=headers)


async def step(
    request: Request,
    request_id: uuid.UUID,
    staff: StaffPrincipal,
    desk: RequestDesk,
    action: str,
    trigger: RequestTrigger,
) -> Response:
    """One POST button on a request: its trigger, with the reason typed where the step asks one."""
    reason = ""
    if trigger in (RequestTrigger.RETURN, RequestTrigger.REJECT):
        typed = await reason_of(request)
        if typed is None:
            return answer(request_id, Outcome(refusal=ReasonForm.messages["reason"]))
        reason = typed
    return answer(request_id, await usecases.act(desk, request_id, staff, action, trigger, reason))


@router.post("/staf/permohonan/{request_id}/datang")
async def check_in(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.datang")], desk: Desk
) -> Response:
    """The "Catat kedatangan" button."""
    return await step(request, request_id, staff, desk, "permohonan.datang", RequestTrigger.CHECK_IN)


@router.post("/staf/permohonan/{request_id}/terima-berkas")
async def hand_over(
    request: Request,
    request_id: uuid.UUID,
    staff: Annotated[StaffPrincipal, may("permohonan.terima_berkas")],
    desk: Desk,
) -> Response:
    """The "Terima berkas" button: the clock starts."""
    return await step(request, request_id, staff, desk, "permohonan.terima_berkas", RequestTrigger.HAND_OVER)


@router.post("/staf/permohonan/{request_id}/klaim")
async def claim(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.klaim")], desk: Desk
) -> Response:
    """The "Klaim permohonan" button."""
    return await step(request, request_id, staff, desk, "permohonan.klaim", RequestTrigger.CLAIM)


@router.post("/staf/permohonan/{request_id}/lepas")
async def release(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.klaim")], desk: Desk
) -> Response:
    """The "Lepaskan permohonan" button."""
    return await step(request, request_id, staff, desk, "permohonan.klaim", RequestTrigger.RELEASE)


@router.post("/staf/permohonan/{request_id}/kembalikan")
async def return_file(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.periksa")], desk: Desk
) -> Response:
    """The "Kembalikan kepada pemohon" form, with the reason."""
    return await step(request, request_id, staff, desk, "permohonan.periksa", RequestTrigger.RETURN)


@router.post("/staf/permohonan/{request_id}/lanjutkan")
async def resume(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.periksa")], desk: Desk
) -> Response:
    """The "Berkas lengkap diterima di loket" button: the clock counts on."""
    return await step(request, request_id, staff, desk, "permohonan.periksa", RequestTrigger.RESUME)


@router.post("/staf/permohonan/{request_id}/setujui")
async def approve(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.putuskan")], desk: Desk
) -> Response:
    """The "Setujui dan terapkan perubahan" button."""
    return await step(request, request_id, staff, desk, "permohonan.putuskan", RequestTrigger.APPROVE)


@router.post("/staf/permohonan/{request_id}/tolak")
async def reject(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.putuskan")], desk: Desk
) -> Response:
    """The "Tolak permohonan" form, with the reason."""
    return await step(request, request_id, staff, desk, "permohonan.putuskan", RequestTrigger.REJECT)


@router.post("/staf/permohonan/{request_id}/kirim-lkpp")
async def send_to_lkpp(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.putuskan")], desk: Desk
) -> Response:
    """The "Kirim permohonan ADP ke LKPP" button (agregasi)."""
    return await step(request, request_id, staff, desk, "permohonan.putuskan", RequestTrigger.SEND_TO_LKPP)


@router.post("/staf/permohonan/{request_id}/periksa")
async def check(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.periksa")], desk: Desk
) -> Response:
    """The checklist form ("Simpan pemeriksaan")."""
    findings = findings_of(await request.form())
    return answer(request_id, await usecases.check_documents(desk, request_id, staff, findings))
