"""The staff ticket page, rendered for a GET and again beside a refused or mistyped form (nothing stored then),
and the object store its attachments are read from."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response

from contracts.lpse import LpseProfile
from helpdesk.attachments import AttachmentStore
from helpdesk.domain import TicketStatus, Trigger
from helpdesk.domain.labels import CLOSE_REASON_LABEL, LKPP_RESULT_LABEL
from helpdesk.domain.ladder import next_step
from helpdesk.staff_views import ROLE_LABEL, clock_words, desk_title
from helpdesk.usecases import reading
from lpse_runtime.authz import acting_as, acting_lpse, permits, require
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
T = Trigger
# The page's buttons: the trigger the reading use case offers → the form's key and the action `authz` checks.
BUTTONS: dict[Trigger, tuple[str, str]] = {
    T.CLAIM: ("klaim", "tiket.klaim"),
    T.RELEASE: ("lepas", "tiket.lepas"),
    T.REPLY: ("balas", "tiket.balas"),
    T.REQUEST_INFO: ("minta_info", "tiket.minta_info"),
    T.ESCALATE: ("eskalasi", "tiket.eskalasi"),
    T.LKPP_ANSWER: ("jawaban_lkpp", "tiket.catat_jawaban_lkpp"),
    T.RESOLVE: ("selesaikan", "tiket.selesaikan"),
    T.CLOSE: ("tutup", "tiket.tutup"),
    T.NOTE: ("catatan", "tiket.catatan"),
}
VIEWING_AS = "tiket.catatan"  # the widest of the desk's roles (Helpdesk, Admin PPE, Kepala LPSE): its buttons


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


def profile_of(runtime: ServiceRuntime, staff: StaffPrincipal, action: str) -> LpseProfile:
    """The LPSE whose tickets the staff member works through this action (their role's LPSE)."""
    return runtime.profiles[acting_lpse(staff, action)]


def store_of(runtime: ServiceRuntime, cache: list[AttachmentStore]) -> AttachmentStore:
    """The attachments' object store on the service's JetStream connection, opened on first use."""
    if not cache:
        cache.append(AttachmentStore(runtime.broker.config.connection_state.stream))
    return cache[0]


def close_reasons(status: TicketStatus) -> list[tuple[str, str]]:
    """A solved ticket closes as solved; an open one for one of the three reasons the desk may give."""
    codes = ("selesai",) if status is TicketStatus.RESOLVED else ("duplikat", "di_luar_layanan", "tidak_ada_tanggapan")
    return [(code, CLOSE_REASON_LABEL[code]) for code in codes]


def offered(staff: StaffPrincipal, view: reading.TicketView) -> frozenset[str]:
    """The buttons shown: what the ticket's table and guards allow the viewer now, and their role may do."""
    keys = {BUTTONS[t][0] for t in view.triggers if t in BUTTONS and permits(staff, BUTTONS[t][1], view.ticket.lpse)}
    if view.ticket.holder == staff.username:
        keys.discard("klaim")  # the holder's own claim is renewed by working, not by claiming again
    return frozenset(keys)


async def ticket_page(
    request: Request,
    runtime: ServiceRuntime,
    ticket_id: uuid.UUID,
    staff: StaffPrincipal,
    *,
    done: str | None = None,
    refusal: str | None = None,
    errors: Mapping[str, FieldErrors] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    status: int = 200,
) -> Response:
    """A ticket of the staff member's LPSE (404 for another LPSE's or a missing one), with a message if any."""
    profile = profile_of(runtime, staff, "tiket.lihat")
    viewer = acting_as(staff, VIEWING_AS).actor
    now = runtime.clock.now()
    view = await reading.ticket_for_staff(
        runtime.pool, profile.code, ticket_id, now=now, profile=profile, viewer=viewer
    )
    if view is None:
        raise HTTPException(404, "Tiket tidak ditemukan")
    t, rules = view.ticket, profile.helpdesk
    step = next_step(rules.ladder_for(t.category), t.forwarded_from or t.level)
    context = {
        "staff": staff,
        "role_label": ROLE_LABEL.get(staff.role, staff.role),
        "profile": profile,
        "v": view,
        "t": t,
        "queue_level": t.forwarded_from or t.level,
        "queue_title": desk_title(profile, t.forwarded_from or t.level),
        "deadline": clock_words(t.status.value, view.clock.state, view.clock.text, view.clock.due_at, rules),
        "conversation": [m for m in view.messages if m.kind != "catatan_internal"],
        "notes": [m for m in view.messages if m.kind == "catatan_internal"],
        "can": offered(staff, view),
        "next_step": step,
        "lkpp_results": list(LKPP_RESULT_LABEL.items()),
        "close_reasons": close_reasons(t.status),
        "done": done,
        "refusal": refusal,
        "errors": errors or {},
        "values": values or {},
        "now": now,
        "roles": ROLE_LABEL,
    }
    return templates.TemplateResponse(request, "staf_tiket.html", context, status_code=status)
