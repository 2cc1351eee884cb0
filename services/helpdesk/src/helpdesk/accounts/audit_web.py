"""The auditor's landing page (DPK-3a): the tenders and the period of the signed-in `auditor_paket`'s access, and
the ways to the cases it may read (ubah jadwal and uji forensik of those tenders)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from helpdesk.accounts.console import Desk
from helpdesk.accounts.web import templates
from helpdesk.auditing import auditor_scope
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.staff import StaffPrincipal

router = APIRouter(prefix="/helpdesk/staf/audit")


@router.get("/", response_class=HTMLResponse)
async def landing(
    request: Request, staff: Annotated[StaffPrincipal, Depends(require("audit_paket.lihat"))], d: Desk
) -> Response:
    """*Akses auditor*: the scope today, or why there is none."""
    profile = d.profiles[acting_lpse(staff, "audit_paket.lihat")]
    async with d.pool.acquire() as conn:
        scope = await auditor_scope(conn, staff, profile.code, d.clock.now(), ZoneInfo(profile.time_zone))
    context = {"staff": staff, "profile": profile, "scope": scope, "tenders": sorted(scope.tenders) if scope else []}
    return templates.TemplateResponse(request, "staf_audit.html", context)
