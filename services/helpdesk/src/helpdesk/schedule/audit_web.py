"""What an external auditor (APIP/APH, DPK-3a) reads of the ubah-jadwal desk: the LPSE's schedule changes of the
tenders and period of its access, read-only, every page view recorded in the audit log."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from helpdesk.auditing import auditor_scope, record_read
from helpdesk.schedule import db, views
from helpdesk.schedule.console import change_id_of
from helpdesk.schedule.domain import ENTITY
from helpdesk.schedule.web import Desk, templates
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.staff import StaffPrincipal

ACTION = "audit_paket.lihat"
OUTSIDE_PERIOD = "Masa akses auditor Anda tidak berlaku hari ini, atau belum ada paket yang dibuka untuk Anda."
router = APIRouter(prefix="/helpdesk/staf/audit/jadwal")
Auditor = Annotated[StaffPrincipal, Depends(require(ACTION))]


@router.get("/", response_class=HTMLResponse)
async def listing(request: Request, staff: Auditor, schedule_desk: Desk) -> Response:
    """*Perubahan jadwal paket yang diaudit*: the LPSE's requests about the tenders in the auditor's scope."""
    profile = schedule_desk.profiles[acting_lpse(staff, ACTION)]
    now = schedule_desk.clock.now()
    async with schedule_desk.pool.acquire() as conn, conn.transaction():
        scope = await auditor_scope(conn, staff, profile.code, now, ZoneInfo(profile.time_zone))
        if scope is None:
            raise HTTPException(403, OUTSIDE_PERIOD)
        rows = await db.of_tenders(conn, profile.code, sorted(scope.tenders))
        what = f"daftar perubahan jadwal paket {', '.join(sorted(scope.tenders))}"
        for row in rows:
            await record_read(conn, staff, entity=ENTITY, entity_id=row["id"], what=what, now=now)
    context = {"staff": staff, "profile": profile, "rows": views.lines(rows, profile, now), "scope": scope}
    return templates.TemplateResponse(request, "audit_jadwal.html", context)


@router.get("/{raw_id}", response_class=HTMLResponse)
async def one(request: Request, raw_id: str, staff: Auditor, schedule_desk: Desk) -> Response:
    """One request, read-only, with its steps and letters listed (a tender outside the scope is not found)."""
    profile = schedule_desk.profiles[acting_lpse(staff, ACTION)]
    now, change_id = schedule_desk.clock.now(), change_id_of(raw_id)
    async with schedule_desk.pool.acquire() as conn, conn.transaction():
        scope = await auditor_scope(conn, staff, profile.code, now, ZoneInfo(profile.time_zone))
        if scope is None:
            raise HTTPException(403, OUTSIDE_PERIOD)
        row = await db.by_id(conn, change_id)
        if row is None or row["lpse"] != profile.code or row["tender_id"] not in scope.tenders:
            raise HTTPException(404, "Permohonan perubahan jadwal tidak ditemukan")
        await record_read(
            conn, staff, entity=ENTITY, entity_id=change_id, what=f"perubahan jadwal {row['reference']}", now=now
        )
        view = await views.read_view(schedule_desk, conn, row)
    context = {"staff": staff, "profile": profile, "v": view}
    return templates.TemplateResponse(request, "audit_jadwal_detail.html", context)
