"""The staff's complaint desk: the queue of the LPSE's complaints and one POST per button of a complaint's page;
each parses its form, calls one use case and goes back to the complaint (access is `lpse_runtime.authz`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from helpdesk.complaints import usecases, views
from helpdesk.complaints.domain import Step, Trigger
from helpdesk.complaints.forms import SummaryForm, TextForm
from helpdesk.complaints.web import desk_of
from lpse_runtime.authz import acting_lpse, ensure_lpse, permits, require
from lpse_runtime.formmodel import parse_form
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
BASE = "/helpdesk/staf/pengaduan"
router = APIRouter(prefix=BASE)


def complaint_id_of(raw: str) -> uuid.UUID:
    """The complaint's id from the path; anything else is not found (never a validation error page)."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise HTTPException(404, "Pengaduan tidak ditemukan") from None


def answer(complaint_id: uuid.UUID, outcome: usecases.Outcome) -> Response:
    """Back to the complaint, with why the action was refused; another LPSE's complaint is not found."""
    if not outcome.found:
        raise HTTPException(404, "Pengaduan tidak ditemukan")
    suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
    return RedirectResponse(f"{BASE}/{complaint_id}{suffix}", status_code=303)


def desk(request: Request) -> usecases.ComplaintDesk:
    """The complaint desk of the running service (its runtime is on the app)."""
    return desk_of(request.app.state.runtime)


Desk = Annotated[usecases.ComplaintDesk, Depends(desk)]


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


async def step(
    complaint_desk: usecases.ComplaintDesk,
    raw_id: str,
    staff: StaffPrincipal,
    action: str,
    s: Step,
    texts: dict[str, str],
) -> Response:
    """Apply one step to the complaint, if the staff member may act on its LPSE, and go back to it."""
    complaint_id = complaint_id_of(raw_id)
    outcome = await usecases.act(
        complaint_desk, complaint_id, lambda lpse: permits(staff, action, lpse), staff.actor, s, texts
    )
    return answer(complaint_id, outcome)


async def text_step(
    request: Request,
    complaint_desk: usecases.ComplaintDesk,
    raw_id: str,
    staff: StaffPrincipal,
    action: str,
    s: Step,
    key: str,
    model: type[TextForm] | type[SummaryForm] = TextForm,
) -> Response:
    """A step that carries a text: a text that cannot be kept sends back its message and changes nothing."""
    form, _ = parse_form(model, await request.form())
    if form is None:
        return answer(complaint_id_of(raw_id), usecases.Outcome(refusal=model.messages["text"]))
    return await step(complaint_desk, raw_id, staff, action, s, {key: form.text})


@router.get("/", response_class=HTMLResponse)
async def queue(
    request: Request, staff: Annotated[StaffPrincipal, may("pengaduan.antrean")], complaint_desk: Desk
) -> Response:
    """*Antrean pengaduan* of the staff member's LPSE."""
    profile = complaint_desk.profiles[acting_lpse(staff, "pengaduan.antrean")]
    rows = await views.queue(complaint_desk, profile)
    return templates.TemplateResponse(
        request, "staf_pengaduan.html", {"staff": staff, "profile": profile, "rows": rows}
    )


@router.get("/{raw_id}", response_class=HTMLResponse)
async def page(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.lihat")], complaint_desk: Desk
) -> Response:
    """One complaint with the buttons of its desk."""
    view = await views.staff_view(complaint_desk, complaint_id_of(raw_id))
    ensure_lpse(staff, "pengaduan.lihat", view.complaint.lpse if view else None, "Pengaduan")
    assert view is not None
    context = {"staff": staff, "v": view, "profile": view.profile, "error": request.query_params.get("galat")}
    return templates.TemplateResponse(request, "staf_pengaduan_detail.html", context)


@router.post("/{raw_id}/klaim")
async def claim(
    raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.klaim")], complaint_desk: Desk
) -> Response:
    """*Klaim*."""
    return await step(complaint_desk, raw_id, staff, "pengaduan.klaim", Step(Trigger.CLAIM), {})


@router.post("/{raw_id}/lepas")
async def release(
    raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.lepas")], complaint_desk: Desk
) -> Response:
    """*Lepas*."""
    return await step(complaint_desk, raw_id, staff, "pengaduan.lepas", Step(Trigger.RELEASE), {})


@router.post("/{raw_id}/tanggapi")
async def acknowledge(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.tanggapi")], complaint_desk: Desk
) -> Response:
    """'Materi lengkap' or 'Materi belum lengkap' with the items ticked (Pasal 8(5))."""
    form = await request.form()
    if form.get("hasil") == "lengkap":
        s = Step(Trigger.ACKNOWLEDGE_COMPLETE)
    else:
        s = Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=tuple(str(v)[:2] for v in form.getlist("kurang")))
    return await step(complaint_desk, raw_id, staff, "pengaduan.tanggapi", s, {})


@router.post("/{raw_id}/eskalasi")
async def escalate(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.eskalasi")], complaint_desk: Desk
) -> Response:
    """'Eskalasi ke {label}': inside the LPSE, or to LKPP where the chain ends there."""
    trigger = Trigger.FORWARD_TO_LKPP if (await request.form()).get("ke") == "lkpp" else Trigger.ESCALATE
    return await step(complaint_desk, raw_id, staff, "pengaduan.eskalasi", Step(trigger), {})


@router.post("/{raw_id}/hasil-lkpp")
async def lkpp_outcome(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.catat_lkpp")], complaint_desk: Desk
) -> Response:
    """'Catat hasil LKPP'."""
    s = Step(Trigger.LKPP_OUTCOME)
    return await text_step(request, complaint_desk, raw_id, staff, "pengaduan.catat_lkpp", s, "hasil_lkpp")


@router.post("/{raw_id}/respon")
async def respond(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.respon")], complaint_desk: Desk
) -> Response:
    """'Kirim respon' (from a complaint not yet acknowledged, with 'Materi pengaduan lengkap' ticked)."""
    s = Step(Trigger.RESPOND, content_complete=(await request.form()).get("lengkap") == "ya")
    return await text_step(request, complaint_desk, raw_id, staff, "pengaduan.respon", s, "respon")


@router.post("/{raw_id}/selesaikan")
async def resolve(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.selesaikan")], complaint_desk: Desk
) -> Response:
    """'Selesaikan' with the resolution's summary."""
    s = Step(Trigger.RESOLVE)
    return await text_step(
        request, complaint_desk, raw_id, staff, "pengaduan.selesaikan", s, "penyelesaian", SummaryForm
    )


@router.post("/{raw_id}/catatan")
async def note(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("pengaduan.catatan")], complaint_desk: Desk
) -> Response:
    """'Tambah catatan internal' (never shown to the complainant)."""
    return await text_step(request, complaint_desk, raw_id, staff, "pengaduan.catatan", Step(Trigger.NOTE), "catatan")
