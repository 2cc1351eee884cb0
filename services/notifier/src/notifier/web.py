"""The deliveries page staff and operators read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import current_staff
from lpse_runtime.web import templates_for
from notifier import db

templates = templates_for(__file__)


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET /notifier/: the newest deliveries with their status (staff only)."""
    r = APIRouter(prefix="/notifier")

    @r.get("/", response_class=HTMLResponse)
    async def deliveries(request: Request) -> Response:
        staff = current_staff(request)
        if staff is None:
            return Response(status_code=303, headers={"Location": "/staf/masuk?next=/notifier/"})
        async with runtime.pool.acquire() as conn:
            rows = await db.recent(conn)
        return templates.TemplateResponse(request, "deliveries.html", {"rows": rows, "staff": staff})

    return r
