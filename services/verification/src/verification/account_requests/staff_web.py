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
from lpse_runtime.authz import acting_lpse, require
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


def step_route(path: str, action: str, trigger: RequestTrigger, *, needs_reason: bool = False) -> None:
    """One POST button on a request: its authz action, its trigger, and a reason where one is asked."""

    async def route(
        request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may(action)], desk: Desk
    ) -> Response:
        reason = ""
        if needs_reason:
            typed = await reason_of(request)
            if typed is None:
                return answer(request_id, Outcome(refusal=ReasonForm.messages["reason"]))
            reason = typed
        return answer(request_id, await usecases.act(desk, request_id, staff, action, trigger, reason))

    route.__name__ = f"permohonan_{path.replace('-', '_')}"
    router.add_api_route(f"/staf/permohonan/{{request_id}}/{path}", route, methods=["POST"])


step_route("datang", "permohonan.datang", RequestTrigger.CHECK_IN)
step_route("terima-berkas", "permohonan.terima_berkas", RequestTrigger.HAND_OVER)
step_route("klaim", "permohonan.klaim", RequestTrigger.CLAIM)
step_route("lepas", "permohonan.klaim", RequestTrigger.RELEASE)
step_route("kembalikan", "permohonan.periksa", RequestTrigger.RETURN, needs_reason=True)
step_route("lanjutkan", "permohonan.periksa", RequestTrigger.RESUME)
step_route("setujui", "permohonan.putuskan", RequestTrigger.APPROVE)
step_route("tolak", "permohonan.putuskan", RequestTrigger.REJECT, needs_reason=True)
step_route("kirim-lkpp", "permohonan.putuskan", RequestTrigger.SEND_TO_LKPP)


@router.post("/staf/permohonan/{request_id}/periksa")
async def check(
    request: Request, request_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("permohonan.periksa")], desk: Desk
) -> Response:
    """The checklist form ("Simpan pemeriksaan")."""
    findings = findings_of(await request.form())
    return answer(request_id, await usecases.check_documents(desk, request_id, staff, findings))
