"""The staff's forensic desk: the queue, the counter's form, a case's page and one POST per button; the Admin PPE
reads the files and the report (access is `lpse_runtime.authz`; Helpdesk and the head see the case, not the bytes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.forensic import TrialOutcome
from helpdesk.forensic import usecases, views
from helpdesk.forensic.desk import ForensicDesk, service_of
from helpdesk.forensic.domain import STATUS_LABEL, Step, Trigger
from helpdesk.forensic.forms import parse_note
from helpdesk.forensic.web import BASE, Desk, form_page, no_service, served, submit, test_id_of
from lpse_runtime.authz import acting_lpse, ensure_lpse, permits, require
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
router = APIRouter(prefix=BASE)
OUTCOMES: dict[str, TrialOutcome] = {"terbuka": "terbuka", "tidak_terbuka": "tidak_terbuka"}


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


async def step(d: ForensicDesk, raw_id: str, staff: StaffPrincipal, action: str, s: Step) -> Response:
    """Apply one step to the case, if the staff member may act on its LPSE, and go back to it."""
    test_id = test_id_of(raw_id)
    allowed = {lpse for lpse in d.profiles if permits(staff, action, lpse)}
    outcome = await usecases.act(d, test_id, allowed, staff.actor, staff.name, s)
    if not outcome.found:
        raise HTTPException(404, "Permohonan uji forensik tidak ditemukan")
    suffix = f"?galat={outcome.refusal}" if outcome.refusal else ""
    return RedirectResponse(f"{BASE}/{test_id}{suffix}", status_code=303)


async def text_step(
    request: Request, d: ForensicDesk, raw_id: str, staff: StaffPrincipal, action: str, s: Step
) -> Response:
    """A step that carries a text: a text that cannot be kept sends back its message and changes nothing."""
    data = await request.form()
    text, problem = parse_note(data)
    if text is None:
        return RedirectResponse(f"{BASE}/{test_id_of(raw_id)}?galat={problem}", status_code=303)
    return await step(d, raw_id, staff, action, Step(s.trigger, missing=s.missing, outcome=s.outcome, text=text))


@router.get("/", response_class=HTMLResponse)
async def queue(request: Request, staff: Annotated[StaffPrincipal, may("forensik.antrean")], d: Desk) -> Response:
    """*Antrean uji forensik* of the staff member's LPSE."""
    profile = d.profiles[acting_lpse(staff, "forensik.antrean")]
    rows = await views.queue(d, profile.code)
    context = {"staff": staff, "profile": profile, "rows": rows, "labels": STATUS_LABEL}
    return templates.TemplateResponse(request, "staf_forensik.html", context)


@router.get("/catat", response_class=HTMLResponse)
async def counter_form(request: Request, staff: Annotated[StaffPrincipal, may("forensik.catat")], d: Desk) -> Response:
    """*Catat permohonan di loket*: the Helpdesk records a Pokja's request brought in person or by email."""
    profile = d.profiles[acting_lpse(staff, "forensik.catat")]
    if service_of(profile) is None:
        return no_service(request, profile, f"{BASE}/")
    return form_page(request, {"staff": staff, "profile": profile, "counter": True})


@router.post("/catat", response_class=HTMLResponse)
async def counter_file(request: Request, staff: Annotated[StaffPrincipal, may("forensik.catat")], d: Desk) -> Response:
    """The counter's request is filed with the Pokja's name, NIP and email."""
    profile = d.profiles[acting_lpse(staff, "forensik.catat")]
    if service_of(profile) is None:
        return no_service(request, profile, f"{BASE}/")
    return await submit(request, d, staff, profile, counter=True)


@router.get("/{raw_id}", response_class=HTMLResponse)
async def page(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.lihat")], d: Desk
) -> Response:
    """One case with the buttons of its desk."""
    view = await views.case_view(d, test_id_of(raw_id))
    ensure_lpse(staff, "forensik.lihat", view.row["lpse"] if view else None, "Permohonan uji forensik")
    assert view is not None
    context = {
        "staff": staff,
        "v": view,
        "profile": view.profile,
        "mode": "staf",
        "base": f"{BASE}/{raw_id}",
        "bytes": permits(staff, "forensik.berkas", view.row["lpse"]),
        "error": request.query_params.get("galat"),
        "filed": request.query_params.get("diajukan") == "1",
    }
    return templates.TemplateResponse(request, "forensik_kasus.html", context)


@router.post("/{raw_id}/klaim")
async def claim(raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.klaim")], d: Desk) -> Response:
    """*Klaim* (a lease of 30 minutes)."""
    return await step(d, raw_id, staff, "forensik.klaim", Step(Trigger.KLAIM))


@router.post("/{raw_id}/lepas")
async def release(raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.klaim")], d: Desk) -> Response:
    """*Lepas*."""
    return await step(d, raw_id, staff, "forensik.klaim", Step(Trigger.LEPAS))


@router.post("/{raw_id}/kembalikan")
async def give_back(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.periksa")], d: Desk
) -> Response:
    """*Kembalikan*: what is missing, ticked, with a note for the Pokja."""
    missing = tuple(str(v)[:60] for v in (await request.form()).getlist("kurang"))
    s = Step(Trigger.KEMBALIKAN, missing=missing)
    return await text_step(request, d, raw_id, staff, "forensik.periksa", s)


@router.post("/{raw_id}/eskalasi")
async def escalate(raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.periksa")], d: Desk) -> Response:
    """*Formulir sesuai, eskalasi ke Admin PPE*."""
    return await step(d, raw_id, staff, "forensik.periksa", Step(Trigger.ESKALASI))


@router.post("/{raw_id}/uji")
async def trial(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.uji")], d: Desk
) -> Response:
    """*Catat uji coba enkripsi*: what was tried and the outcome."""
    outcome = OUTCOMES.get(str((await request.form()).get("hasil", "")))
    return await text_step(request, d, raw_id, staff, "forensik.uji", Step(Trigger.CATAT_UJI, outcome=outcome))


@router.post("/{raw_id}/teruskan")
async def forward(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.uji")], d: Desk
) -> Response:
    """*Teruskan ke LKPP dan BSSN* with a note (the files travel as their digests)."""
    return await text_step(request, d, raw_id, staff, "forensik.uji", Step(Trigger.TERUSKAN_EKSTERNAL))


@router.post("/{raw_id}/berita-acara")
async def issue(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.uji")], d: Desk
) -> Response:
    """*Terbitkan Berita Acara Hasil Uji Forensik* with the conclusion."""
    return await text_step(request, d, raw_id, staff, "forensik.uji", Step(Trigger.TERBITKAN_BERITA_ACARA))


@router.post("/{raw_id}/tolak")
async def refuse(
    request: Request, raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.uji")], d: Desk
) -> Response:
    """*Tolak* with the reason the Pokja reads."""
    return await text_step(request, d, raw_id, staff, "forensik.uji", Step(Trigger.TOLAK))


@router.get("/{raw_id}/berkas/{seq}")
async def file_bytes(
    raw_id: str, seq: int, staff: Annotated[StaffPrincipal, may("forensik.berkas")], d: Desk
) -> Response:
    """A file of the case for the Admin PPE, re-hashed before it is served."""
    view = await views.case_view(d, test_id_of(raw_id))
    ensure_lpse(staff, "forensik.berkas", view.row["lpse"] if view else None, "Permohonan uji forensik")
    assert view is not None
    got = await views.read_file(d, view.row["id"], seq, staff.actor, d.clock.now())
    return served(got, "application/octet-stream")


@router.get("/{raw_id}/berita-acara")
async def report_pdf(raw_id: str, staff: Annotated[StaffPrincipal, may("forensik.berkas")], d: Desk) -> Response:
    """The berita acara for the Admin PPE."""
    view = await views.case_view(d, test_id_of(raw_id))
    ensure_lpse(staff, "forensik.berkas", view.row["lpse"] if view else None, "Permohonan uji forensik")
    assert view is not None
    return served(await views.read_report(d, view.row["id"], staff.actor, d.clock.now()), "application/pdf")
