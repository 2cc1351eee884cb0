"""The desk of the Helpdesk and the Admin PPE: the queue of the LPSE's schedule changes by nearest due, one page per
request, and one POST per button (claim, release, return, escalate, approve, refuse); access is
`lpse_runtime.authz`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from helpdesk.schedule import db, usecases, views
from helpdesk.schedule.domain import MISSING_ITEMS, Step, Trigger
from helpdesk.schedule.forms import ApprovalForm, NoteForm, local
from helpdesk.schedule.usecases import ScheduleDesk
from helpdesk.schedule.web import Desk, templates
from lpse_runtime.authz import acting_lpse, ensure_lpse, permits, require
from lpse_runtime.downloads import download
from lpse_runtime.formmodel import parse_form
from lpse_runtime.staff import StaffPrincipal

BASE = "/helpdesk/staf/jadwal"
router = APIRouter(prefix=BASE)


def change_id_of(raw: str) -> uuid.UUID:
    """The request's id from the path; anything else is not found (never a validation error page)."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise HTTPException(404, "Permohonan perubahan jadwal tidak ditemukan") from None


def answer(change_id: uuid.UUID, outcome: usecases.Outcome) -> Response:
    """Back to the request, with why the action was refused; another LPSE's request is not found."""
    if not outcome.found:
        raise HTTPException(404, "Permohonan perubahan jadwal tidak ditemukan")
    suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
    return RedirectResponse(f"{BASE}/{change_id}{suffix}", status_code=303)


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


async def step(
    schedule_desk: ScheduleDesk, raw_id: str, staff: StaffPrincipal, action: str, s: Step, texts: dict[str, object]
) -> Response:
    """Apply one step to the request, if the staff member may act on its LPSE, and go back to it."""
    change_id = change_id_of(raw_id)
    outcome = await usecases.act(
        schedule_desk, change_id, lambda lpse: permits(staff, action, lpse), staff.actor, s, texts
    )
    return answer(change_id, outcome)


def note_of(data: FormData, field: str) -> tuple[str, str | None]:
    """A short text from the form, or why it cannot be kept (too long, a NIK/NPWP in it)."""
    form, errors = parse_form(NoteForm, {"text": str(data.get(field, ""))})
    return ("", errors.get("text", NoteForm.messages["text"])) if form is None else (form.text, None)


@router.get("/", response_class=HTMLResponse)
async def queue(
    request: Request, staff: Annotated[StaffPrincipal, may("jadwal.antrean")], schedule_desk: Desk
) -> Response:
    """*Antrean perubahan jadwal* of the staff member's LPSE, nearest due first."""
    profile = schedule_desk.profiles[acting_lpse(staff, "jadwal.antrean")]
    rows = await views.queue(schedule_desk, profile)
    context = {"staff": staff, "profile": profile, "rows": rows, "counter": permits(staff, "jadwal.catat")}
    return templates.TemplateResponse(request, "staf_jadwal.html", context)


@router.get("/{raw_id}", response_class=HTMLResponse)
async def page(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.lihat")], schedule_desk: Desk
) -> Response:
    """One request with the buttons of the desk it is at."""
    view = await views.staff_view(schedule_desk, change_id_of(raw_id))
    ensure_lpse(staff, "jadwal.lihat", view.change.lpse if view else None, "Permohonan perubahan jadwal")
    assert view is not None
    context = {
        "staff": staff,
        "v": view,
        "profile": view.profile,
        "error": request.query_params.get("galat"),
        "recorded": request.query_params.get("dicatat") == "1",
        "missing_items": MISSING_ITEMS,
        "can": {a: permits(staff, f"jadwal.{a}", view.change.lpse) for a in ("klaim", "periksa", "putuskan")},
    }
    return templates.TemplateResponse(request, "staf_jadwal_detail.html", context)


@router.get("/{raw_id}/surat/{n}")
async def letter(
    raw_id: str, n: int, staff: Annotated[StaffPrincipal, may("jadwal.lihat")], schedule_desk: Desk
) -> Response:
    """One signed letter of the request, as a download (never shown inline)."""
    change_id = change_id_of(raw_id)
    async with schedule_desk.pool.acquire() as conn:
        row = await db.by_id(conn, change_id)
        ensure_lpse(staff, "jadwal.lihat", row["lpse"] if row else None, "Surat permohonan")
        found = await db.letter(conn, change_id, n)
    if found is None or schedule_desk.store is None:
        raise HTTPException(404, "Surat permohonan tidak ditemukan")
    return download(await schedule_desk.store.get(found["object_name"]), found["content_type"], found["filename"])


@router.post("/{raw_id}/klaim")
async def claim(raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.klaim")], schedule_desk: Desk) -> Response:
    """*Klaim* (the Helpdesk while it is checked, the Admin PPE once escalated)."""
    return await step(schedule_desk, raw_id, staff, "jadwal.klaim", Step(Trigger.KLAIM), {})


@router.post("/{raw_id}/lepas")
async def release(raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.klaim")], schedule_desk: Desk) -> Response:
    """*Lepas*."""
    return await step(schedule_desk, raw_id, staff, "jadwal.klaim", Step(Trigger.LEPAS), {})


@router.post("/{raw_id}/kembalikan")
async def give_back(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.periksa")], schedule_desk: Desk
) -> Response:
    """*Kembalikan kepada Pokja* with the missing items ticked (and a note for 'lainnya')."""
    data = await request.form()
    note, problem = note_of(data, "catatan")
    if problem:
        return answer(change_id_of(raw_id), usecases.Outcome(refusal=problem))
    s = Step(Trigger.KEMBALIKAN, missing=tuple(str(v)[:40] for v in data.getlist("kurang")), note=note)
    return await step(schedule_desk, raw_id, staff, "jadwal.periksa", s, {"return_note": note})


@router.post("/{raw_id}/eskalasi")
async def escalate(
    raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.periksa")], schedule_desk: Desk
) -> Response:
    """*Formulir sudah sesuai: eskalasi ke Admin PPE* (§9.1 step 3)."""
    return await step(schedule_desk, raw_id, staff, "jadwal.periksa", Step(Trigger.ESKALASI), {})


@router.post("/{raw_id}/setujui")
async def approve(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.putuskan")], schedule_desk: Desk
) -> Response:
    """*Setujui*: the time as set in SPSE and when it was changed there (the product, the changed schedule)."""
    form, errors = parse_form(ApprovalForm, await request.form())
    if form is None:
        refusal = next(iter(errors.values()))
        return answer(change_id_of(raw_id), usecases.Outcome(refusal=refusal))
    zone = schedule_desk.profiles[acting_lpse(staff, "jadwal.putuskan")].time_zone
    set_at, changed_at = local(form.set_at, zone), local(form.changed_at, zone)
    s = Step(Trigger.SETUJUI, set_at=set_at, changed_in_spse_at=changed_at)
    texts: dict[str, object] = {"set_at": set_at, "changed_in_spse_at": changed_at}
    return await step(schedule_desk, raw_id, staff, "jadwal.putuskan", s, texts)


@router.post("/{raw_id}/tolak")
async def refuse(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("jadwal.putuskan")], schedule_desk: Desk
) -> Response:
    """*Tolak* with the reason the Pokja reads."""
    reason, problem = note_of(await request.form(), "alasan")
    if problem:
        return answer(change_id_of(raw_id), usecases.Outcome(refusal=problem))
    s = Step(Trigger.TOLAK, reason=reason)
    return await step(schedule_desk, raw_id, staff, "jadwal.putuskan", s, {"refusal_reason": reason})
