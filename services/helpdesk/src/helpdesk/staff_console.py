"""The desk's pages for staff: a desk's queue, one ticket, its attachments (sign-in is identity's, access is
`lpse_runtime.authz`; the buttons are `staff_actions`, recording a walk-in is `staff_intake`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from contracts.lpse import LpseProfile
from helpdesk import clocks, staff_actions, staff_intake
from helpdesk.attachments import MAX_FILES, AttachmentStore
from helpdesk.domain import TicketStatus
from helpdesk.domain.labels import STATUS_LABEL
from helpdesk.domain.views import QueueRow
from helpdesk.staff_page import may, profile_of, store_of, ticket_page
from helpdesk.staff_views import ROLE_LABEL, desk_for, desks_of, queue_words
from helpdesk.usecases import reading
from lpse_runtime.authz import permits
from lpse_runtime.downloads import download
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.text import plain_text_problem
from lpse_runtime.web import templates_for
from lpse_runtime.worktime import WORKING_UNITS

templates = templates_for(__file__)
STATUS_CHOICES = [(s.value, STATUS_LABEL[s]) for s in TicketStatus]
SEARCH_LIMIT = 40  # longer than any reference (TIK-TMG-2612-7K3Q9P)


def queue_clock(profile: LpseProfile) -> tuple[bool, str]:
    """Whether the LPSE's problem-handling clock counts working time, and what the queue says about it."""
    service = clocks.service_of(profile, profile.helpdesk.service)
    if service is None or not service.clocks:
        return False, profile.helpdesk.deadline_note
    deadline = service.clocks[0].deadline
    working = deadline.unit in WORKING_UNITS
    hours = "jam kerja" if working else "jam"
    return working, f"Tenggat {service.id}: {deadline.text}, dihitung dalam {hours} {profile.zone_label}."


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /helpdesk/staf pages."""
    r = APIRouter(prefix="/helpdesk/staf")
    files: list[AttachmentStore] = []
    r.include_router(staff_intake.router(runtime))  # before /tiket/{id}: 'baru' is no ticket id

    @r.get("/", response_class=HTMLResponse)
    async def queue(
        request: Request,
        staff: Annotated[StaffPrincipal, may("tiket.antrean")],
        meja: str = "",
        status: str = "",
        cari: str = "",
        setelah: str = "",
    ) -> Response:
        """One desk's queue of the staff member's LPSE: open first, nearest deadline, oldest; 50 a page."""
        profile = profile_of(runtime, staff, "tiket.antrean")
        desk = desk_for(profile, meja, staff.role)
        chosen = status if status in STATUS_LABEL else ""
        search_error = plain_text_problem(cari, SEARCH_LIMIT)
        term = "" if search_error else cari.strip()
        now = runtime.clock.now()
        page = await reading.queue_page(
            runtime.pool, profile.code, desk.level, status=chosen, search=term, after=setelah, now=now
        )
        working, hint = queue_clock(profile)
        calendar = clocks.calendar_of(profile, profile.helpdesk.service)
        rules = profile.helpdesk
        words = {row.id: queue_words(_status(row), row.due_at, now, calendar, working, rules) for row in page.rows}
        context = {
            "staff": staff,
            "role_label": ROLE_LABEL.get(staff.role, staff.role),
            "profile": profile,
            "desk": desk,
            "desks": desks_of(profile),
            "statuses": STATUS_CHOICES,
            "status": chosen,
            "search": cari if search_error is None else "",
            "search_error": search_error,
            "rows": page.rows,
            "words": words,
            "next": page.next_after,
            "after": setelah,
            "clock_hint": hint,
            "may_record": permits(staff, "tiket.catat"),
        }
        return templates.TemplateResponse(request, "staf_antrean.html", context)

    @r.get("/tiket/{ticket_id}", response_class=HTMLResponse)
    async def ticket(
        request: Request, ticket_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("tiket.lihat")]
    ) -> Response:
        """One ticket: the reporter, the conversation, the internal notes, the clock, the buttons, the trail."""
        done = staff_actions.DONE.get(request.query_params.get("ok", ""))
        return await ticket_page(request, runtime, ticket_id, staff, done=done)

    @r.get("/tiket/{ticket_id}/lampiran/{n}")
    async def attachment(
        ticket_id: uuid.UUID, n: int, staff: Annotated[StaffPrincipal, may("tiket.lihat")]
    ) -> Response:
        """One attachment of a ticket of the staff member's LPSE, as a download (never shown inline)."""
        if not 1 <= n <= MAX_FILES:  # a number no ticket has (nor the database's integer) is simply not found
            raise HTTPException(404, "Lampiran tidak ditemukan")
        lpse = profile_of(runtime, staff, "tiket.lihat").code
        found = await reading.download(runtime.pool, store_of(runtime, files), lpse, ticket_id, n)
        if found is None:
            raise HTTPException(404, "Lampiran tidak ditemukan")
        stored, content = found
        return download(content, stored.content_type, stored.filename)

    staff_actions.add_routes(r, runtime)
    return r


def _status(row: QueueRow) -> str:
    """A queue row's status code, from the label it carries (each status has its own label)."""
    return next((s.value for s, label in STATUS_LABEL.items() if label == row.status_label), "")
