"""An external auditor's forensic pages (DPK-3a scope): only the cases of the tenders and the period of its access;
every list, case and file read is written to the audit log (and so to the case's chain of custody)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from helpdesk.auditing import AuditorScope, auditor_scope, record_read
from helpdesk.forensic import db, views
from helpdesk.forensic.desk import ForensicDesk
from helpdesk.forensic.domain import ENTITY, STATUS_LABEL
from helpdesk.forensic.web import Desk, served, test_id_of
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
BASE = "/helpdesk/staf/audit/forensik"
router = APIRouter(prefix=BASE)
Auditor = Annotated[StaffPrincipal, Depends(require("audit_paket.lihat"))]
NOT_FOUND = "Permohonan uji forensik tidak ditemukan"


async def scope_of(d: ForensicDesk, staff: StaffPrincipal) -> AuditorScope | None:
    """The auditor's scope today in the LPSE of its grant."""
    lpse = acting_lpse(staff, "audit_paket.lihat")
    zone = ZoneInfo(d.profiles[lpse].time_zone)
    async with d.pool.acquire() as conn:
        return await auditor_scope(conn, staff, lpse, d.clock.now(), zone)


async def case_in_scope(d: ForensicDesk, staff: StaffPrincipal, raw_id: str) -> views.CaseView:
    """A case whose tender the auditor's access covers today; any other is not found."""
    scope = await scope_of(d, staff)
    view = await views.case_view(d, test_id_of(raw_id))
    today = d.clock.now().astimezone(ZoneInfo(view.profile.time_zone)).date() if view else None
    if view is None or scope is None or today is None or view.row["lpse"] != scope.lpse:
        raise HTTPException(404, NOT_FOUND)
    if not scope.covers(view.row["tender_id"], today):
        raise HTTPException(404, NOT_FOUND)
    return view


@router.get("/", response_class=HTMLResponse)
async def cases(request: Request, staff: Auditor, d: Desk) -> Response:
    """The forensic tests of the tenders the auditor may read."""
    scope = await scope_of(d, staff)
    async with d.pool.acquire() as conn:
        rows = await db.of_tenders(conn, scope.lpse, sorted(scope.tenders)) if scope else []
    profile = d.profiles[acting_lpse(staff, "audit_paket.lihat")]
    context = {"staff": staff, "profile": profile, "rows": rows, "scope": scope, "labels": STATUS_LABEL}
    return templates.TemplateResponse(request, "audit_forensik.html", context)


@router.get("/{raw_id}", response_class=HTMLResponse)
async def case(request: Request, raw_id: str, staff: Auditor, d: Desk) -> Response:
    """One case, read-only, with its files to download; the read is audited."""
    view = await case_in_scope(d, staff, raw_id)
    async with d.pool.acquire() as conn:
        what = f"halaman {view.row['reference']}"
        await record_read(conn, staff, entity=ENTITY, entity_id=view.row["id"], what=what, now=d.clock.now())
    context = {"staff": staff, "v": view, "profile": view.profile, "mode": "audit", "base": f"{BASE}/{raw_id}"}
    context |= {"bytes": True, "error": None, "filed": False}
    return templates.TemplateResponse(request, "forensik_kasus.html", context)


@router.get("/{raw_id}/berkas/{seq}")
async def file_bytes(raw_id: str, seq: int, staff: Auditor, d: Desk) -> Response:
    """A file of a case in scope, re-hashed; the read is audited."""
    view = await case_in_scope(d, staff, raw_id)
    async with d.pool.acquire() as conn:
        what = f"berkas {seq} {view.row['reference']}"
        await record_read(conn, staff, entity=ENTITY, entity_id=view.row["id"], what=what, now=d.clock.now())
    return served(await views.read_file(d, view.row["id"], seq, staff.actor, d.clock.now()), "application/octet-stream")


@router.get("/{raw_id}/berita-acara")
async def report_pdf(raw_id: str, staff: Auditor, d: Desk) -> Response:
    """The berita acara of a case in scope; the read is audited."""
    view = await case_in_scope(d, staff, raw_id)
    return served(await views.read_report(d, view.row["id"], staff.actor, d.clock.now()), "application/pdf")
