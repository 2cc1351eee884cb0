"""The staff console's routes: the queue, a case and its receipt, and one POST per button; each parses its form,
calls one use case and answers (sign-in is identity's, access is `lpse_runtime.authz`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lpse_runtime.authz import acting_as, first_desk, permits, require
from lpse_runtime.formmodel import parse_form
from lpse_runtime.staff import StaffPrincipal, require_staff
from lpse_runtime.web import templates_for
from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL
from verification.domain import STATUS_LABEL, CaseStatus, status_label
from verification.domain.forms import ReasonForm, ReassignForm, findings_of
from verification.links import pdf_response
from verification.usecases import case_actions, views
from verification.usecases.desk import CaseDesk, Outcome

templates = templates_for(__file__)
router = APIRouter()


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


def desk_of(request: Request) -> CaseDesk:
    """The case desk the composition root set on the app."""
    desk: CaseDesk = request.app.state.case_desk
    return desk


Desk = Annotated[CaseDesk, Depends(desk_of)]


def answer(case_id: uuid.UUID, outcome: Outcome) -> Response:
    """Back to the case, with why the action was refused; another LPSE's case is not found."""
    if not outcome.found:
        raise HTTPException(404, "Kasus tidak ditemukan")
    if outcome.refusal is not None:
        return RedirectResponse(f"/staf/kasus/{case_id}?galat={outcome.refusal}", status_code=303)
    return RedirectResponse(f"/staf/kasus/{case_id}", status_code=303)


async def reason_of(request: Request) -> str | None:
    """The reason typed (the case's rules say when one is needed), or None for one that cannot be kept."""
    form, _ = parse_form(ReasonForm, await request.form())
    return form.reason if form else None


def bad_reason(case_id: uuid.UUID) -> Response:
    """Back to the case with the reason's own message; the case is left as it was."""
    return answer(case_id, Outcome(found=True, refusal=ReasonForm.messages["reason"]))


async def queue_reader(request: Request) -> StaffPrincipal | RedirectResponse:
    """Who may read the queue; anyone else signed in is sent to the first desk its roles open (sign-in lands here)."""
    staff = await require_staff(request)
    if not permits(staff, "kasus.antrean"):
        desk = first_desk(staff)
        if desk is None:
            raise HTTPException(403, "Akun Anda tidak berwenang untuk tindakan ini.")
        return RedirectResponse(desk, status_code=303)
    return acting_as(staff, "kasus.antrean")


@router.get("/staf/", response_class=HTMLResponse)
async def queue(
    request: Request,
    reader: Annotated[StaffPrincipal | RedirectResponse, Depends(queue_reader)],
    desk: Desk,
    status: str = "",
    cari: str = "",
    setelah: str = "",
    sebelum: str = "",
) -> Response:
    """The queue of the staff member's LPSE: one page, nearest deadline first, filtered and searched."""
    if isinstance(reader, RedirectResponse):
        return reader
    staff = reader
    page = await views.queue_page(desk, staff, status, cari, setelah, sebelum)
    return templates.TemplateResponse(
        request,
        "queue.html",
        {
            "staff": staff,
            "profile": page.profile,
            "cases": page.cases,
            "status": page.status,
            "search": cari,
            "search_error": page.search.error,
            "count": page.count,
            "previous": page.previous,
            "next": page.next,
            "labels": STATUS_LABEL,
            "step_of": lambda row: status_label(CaseStatus(row["status"]), row["verification_mode"]),
        },
    )


@router.get("/staf/kasus/{case_id}", response_class=HTMLResponse)
async def case_page(
    request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lihat")], desk: Desk
) -> Response:
    """One case: its checklist, clocks, the buttons its status allows, the audit trail."""
    view = await views.case_view(desk, case_id, staff)
    if view is None:
        raise HTTPException(404, "Kasus tidak ditemukan")
    c = view.row
    return templates.TemplateResponse(
        request,
        "case.html",
        {
            "staff": staff,
            "c": c,
            "labels": STATUS_LABEL,
            "audit": view.audit,
            "profile": view.profile,
            "clocks": view.clocks,
            "error": request.query_params.get("galat"),
            "items": view.items,
            "item_labels": view.item_labels,
            "step_label": status_label(CaseStatus(c["status"]), c["verification_mode"]),
            "gaps": view.gaps,
            "verifiers": view.verifiers,
            "four_eyes": view.four_eyes,
            "provider": view.provider,
            "uploads": view.uploads,
            "aggregation_labels": AGGREGATION_LABEL,
            "now": view.now,
        },
    )


@router.get("/staf/kasus/{case_id}/tanda-terima.pdf")
async def receipt_for_staff(
    case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.tanda_terima")], desk: Desk
) -> Response:
    """The receipt an activation issued, as a PDF download."""
    stored = await views.receipt_for_staff(desk, case_id, staff)
    if stored is None:
        raise HTTPException(404, "Tanda terima tidak ditemukan")
    return pdf_response(stored)


@router.post("/staf/kasus/{case_id}/datang")
async def check_in(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.datang")], desk: Desk) -> Response:
    """The "Catat kedatangan" button."""
    return answer(case_id, await case_actions.check_in(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/terima-berkas")
async def hand_over(
    case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.terima_berkas")], desk: Desk
) -> Response:
    """The "Terima berkas" button."""
    return answer(case_id, await case_actions.hand_over(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/klaim")
async def claim(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.klaim")], desk: Desk) -> Response:
    """The "Klaim kasus" button."""
    return answer(case_id, await case_actions.claim(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/lepas")
async def release(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lepas")], desk: Desk) -> Response:
    """The "Lepaskan" button."""
    return answer(case_id, await case_actions.release(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/alihkan")
async def reassign(
    request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.alihkan")], desk: Desk
) -> Response:
    """The head's "Alihkan kepada verifikator" form."""
    form, _ = parse_form(ReassignForm, await request.form())
    return answer(case_id, await case_actions.reassign(desk, case_id, staff, form.verifier if form else ""))


@router.post("/staf/kasus/{case_id}/periksa")
async def check(
    request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.periksa")], desk: Desk
) -> Response:
    """The checklist form ("Simpan hasil pemeriksaan")."""
    findings, unreadable = findings_of(await request.form())
    return answer(case_id, await case_actions.check_documents(desk, case_id, staff, findings, unreadable))


@router.post("/staf/kasus/{case_id}/kembalikan")
async def return_file(
    request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.kembalikan")], desk: Desk
) -> Response:
    """The "Kembalikan berkas" form, with what is missing."""
    reason = await reason_of(request)
    if reason is None:
        return bad_reason(case_id)
    return answer(case_id, await case_actions.return_file(desk, case_id, staff, reason))


@router.post("/staf/kasus/{case_id}/lanjutkan")
async def resume_file(
    case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lanjutkan")], desk: Desk
) -> Response:
    """The "Lanjutkan verifikasi" button."""
    return answer(case_id, await case_actions.resume(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/tolak")
async def reject(
    request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.tolak")], desk: Desk
) -> Response:
    """The "Tolak permohonan" form, with why."""
    reason = await reason_of(request)
    if reason is None:
        return bad_reason(case_id)
    return answer(case_id, await case_actions.reject(desk, case_id, staff, reason))


@router.post("/staf/kasus/{case_id}/setujui")
async def approve(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.setujui")], desk: Desk) -> Response:
    """The "Setujui" button (verify for a second officer where the standard asks one)."""
    return answer(case_id, await case_actions.approve(desk, case_id, staff))


@router.post("/staf/kasus/{case_id}/konfirmasi")
async def confirm(
    case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.konfirmasi")], desk: Desk
) -> Response:
    """The second officer's "Konfirmasi dan aktifkan akun" button."""
    return answer(case_id, await case_actions.confirm(desk, case_id, staff))
