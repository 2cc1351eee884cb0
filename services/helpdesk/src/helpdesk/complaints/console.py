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
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
BASE = "/helpdesk/staf/pengaduan"


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


def router(runtime: ServiceRuntime) -> APIRouter:
    """/helpdesk/staf/pengaduan/…"""
    r = APIRouter(prefix=BASE)

    async def step(raw_id: str, staff: StaffPrincipal, action: str, s: Step, texts: dict[str, str]) -> Response:
        complaint_id = complaint_id_of(raw_id)
        outcome = await usecases.act(
            desk_of(runtime), complaint_id, lambda lpse: permits(staff, action, lpse), staff.actor, s, texts
        )
        return answer(complaint_id, outcome)

    async def text_of(request: Request, model: type[TextForm] | type[SummaryForm] = TextForm) -> str | None:
        form, _ = parse_form(model, await request.form())
        return form.text if form else None

    @r.get("/", response_class=HTMLResponse)
    async def queue(
        request: Request, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.antrean"))]
    ) -> Response:
        profile = runtime.profiles[acting_lpse(staff, "pengaduan.antrean")]
        rows = await views.queue(desk_of(runtime), profile)
        return templates.TemplateResponse(
            request, "staf_pengaduan.html", {"staff": staff, "profile": profile, "rows": rows}
        )

    @r.get("/{raw_id}", response_class=HTMLResponse)
    async def page(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.lihat"))]
    ) -> Response:
        view = await views.staff_view(desk_of(runtime), complaint_id_of(raw_id))
        ensure_lpse(staff, "pengaduan.lihat", view.complaint.lpse if view else None, "Pengaduan")
        assert view is not None
        context = {"staff": staff, "v": view, "profile": view.profile, "error": request.query_params.get("galat")}
        return templates.TemplateResponse(request, "staf_pengaduan_detail.html", context)

    @r.post("/{raw_id}/klaim")
    async def claim(raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.klaim"))]) -> Response:
        return await step(raw_id, staff, "pengaduan.klaim", Step(Trigger.CLAIM), {})

    @r.post("/{raw_id}/lepas")
    async def release(raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.lepas"))]) -> Response:
        return await step(raw_id, staff, "pengaduan.lepas", Step(Trigger.RELEASE), {})

    @r.post("/{raw_id}/tanggapi")
    async def acknowledge(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.tanggapi"))]
    ) -> Response:
        """'Materi lengkap' or 'Materi belum lengkap' with the items ticked (Pasal 8(5))."""
        form = await request.form()
        if form.get("hasil") == "lengkap":
            return await step(raw_id, staff, "pengaduan.tanggapi", Step(Trigger.ACKNOWLEDGE_COMPLETE), {})
        missing = tuple(str(v)[:2] for v in form.getlist("kurang"))
        s = Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=missing)
        return await step(raw_id, staff, "pengaduan.tanggapi", s, {})

    @r.post("/{raw_id}/eskalasi")
    async def escalate(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.eskalasi"))]
    ) -> Response:
        """'Eskalasi ke {label}': inside the LPSE, or to LKPP where the chain ends there."""
        trigger = Trigger.FORWARD_TO_LKPP if (await request.form()).get("ke") == "lkpp" else Trigger.ESCALATE
        return await step(raw_id, staff, "pengaduan.eskalasi", Step(trigger), {})

    @r.post("/{raw_id}/hasil-lkpp")
    async def lkpp_outcome(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.catat_lkpp"))]
    ) -> Response:
        """'Catat hasil LKPP'."""
        text = await text_of(request)
        if text is None:
            return answer(complaint_id_of(raw_id), usecases.Outcome(refusal=TextForm.messages["text"]))
        return await step(raw_id, staff, "pengaduan.catat_lkpp", Step(Trigger.LKPP_OUTCOME), {"hasil_lkpp": text})

    @r.post("/{raw_id}/respon")
    async def respond(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.respon"))]
    ) -> Response:
        """'Kirim respon' (from a complaint not yet acknowledged, with 'Materi pengaduan lengkap' ticked)."""
        text = await text_of(request)
        if text is None:
            return answer(complaint_id_of(raw_id), usecases.Outcome(refusal=TextForm.messages["text"]))
        complete = (await request.form()).get("lengkap") == "ya"
        s = Step(Trigger.RESPOND, content_complete=complete)
        return await step(raw_id, staff, "pengaduan.respon", s, {"respon": text})

    @r.post("/{raw_id}/selesaikan")
    async def resolve(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.selesaikan"))]
    ) -> Response:
        """'Selesaikan' with the resolution's summary."""
        text = await text_of(request, SummaryForm)
        if text is None:
            return answer(complaint_id_of(raw_id), usecases.Outcome(refusal=SummaryForm.messages["text"]))
        return await step(raw_id, staff, "pengaduan.selesaikan", Step(Trigger.RESOLVE), {"penyelesaian": text})

    @r.post("/{raw_id}/catatan")
    async def note(
        request: Request, raw_id: str, staff: Annotated[StaffPrincipal, Depends(require("pengaduan.catatan"))]
    ) -> Response:
        """'Tambah catatan internal' (never shown to the complainant)."""
        text = await text_of(request)
        if text is None:
            return answer(complaint_id_of(raw_id), usecases.Outcome(refusal=TextForm.messages["text"]))
        return await step(raw_id, staff, "pengaduan.catatan", Step(Trigger.NOTE), {"catatan": text})

    return r
