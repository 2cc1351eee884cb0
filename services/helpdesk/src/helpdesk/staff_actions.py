"""The ticket page's buttons: one POST route each, which parses its form, calls the desk's use case once and goes
back to the ticket; a mistyped form or a refusal is shown on the page and nothing is stored."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from helpdesk.domain import (
    CloseForm,
    EscalateForm,
    LkppAnswerForm,
    NoteForm,
    ReplyForm,
    RequestInfoForm,
    ResolveForm,
    TicketRefused,
    Trigger,
)
from helpdesk.settings import Settings
from helpdesk.staff_page import profile_of, ticket_page
from helpdesk.usecases import desk
from lpse_runtime.authz import require
from lpse_runtime.formmodel import FormModel, parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal


@dataclass(frozen=True)
class Button:
    """One button of the ticket page: its path, the action `authz` checks, the trigger, its form, what it did."""

    path: str
    action: str
    trigger: Trigger
    form: type[FormModel] | None
    done: str


T = Trigger
BUTTONS: tuple[Button, ...] = (
    Button("klaim", "tiket.klaim", T.CLAIM, None, "Tiket diklaim; Anda yang menanganinya sekarang."),
    Button("lepas", "tiket.lepas", T.RELEASE, None, "Tiket dilepas dan kembali ke antrean."),
    Button("balas", "tiket.balas", T.REPLY, ReplyForm, "Balasan terkirim kepada pelapor."),
    Button("minta-info", "tiket.minta_info", T.REQUEST_INFO, RequestInfoForm, "Permintaan informasi terkirim."),
    Button("eskalasi", "tiket.eskalasi", T.ESCALATE, EscalateForm, "Tiket dieskalasi ke tingkat berikutnya."),
    Button("jawaban-lkpp", "tiket.catat_jawaban_lkpp", T.LKPP_ANSWER, LkppAnswerForm, "Jawaban LKPP dicatat."),
    Button("selesaikan", "tiket.selesaikan", T.RESOLVE, ResolveForm, "Tiket ditandai selesai."),
    Button("tutup", "tiket.tutup", T.CLOSE, CloseForm, "Tiket ditutup."),
    Button("catatan", "tiket.catatan", T.NOTE, NoteForm, "Catatan internal disimpan."),
)
DONE: dict[str, str] = {b.path: b.done for b in BUTTONS}  # `?ok=<path>` names the notice, never carries text


def form_key(button: Button) -> str:
    """The name the template gives the button's form ('minta-info' → 'minta_info')."""
    return button.path.replace("-", "_")


def handler(runtime: ServiceRuntime, button: Button) -> Callable[..., Awaitable[Response]]:
    """The route of one button."""

    # The role each button needs is only known per button, so the dependency is built here, as a default.
    async def post(
        request: Request,
        ticket_id: uuid.UUID,
        staff: StaffPrincipal = Depends(require(button.action)),  # noqa: B008
    ) -> Response:
        raw = {k: str(v) for k, v in (await request.form()).items()}
        form = None
        if button.form is not None:
            form, errors = parse_form(button.form, raw)
            if form is None:
                key = form_key(button)
                return await ticket_page(
                    request, runtime, ticket_id, staff, errors={key: errors}, values={key: raw}, status=422
                )
        profile, settings = profile_of(runtime, staff, button.action), runtime.settings
        assert isinstance(settings, Settings)
        try:
            await desk.act(
                runtime.pool,
                profile,
                ticket_id,
                button.trigger,
                actor=staff.actor,
                form=form,
                now=runtime.clock.now(),
                settings=settings,
            )
        except desk.TicketNotFound as missing:
            raise HTTPException(404, "Tiket tidak ditemukan") from missing
        except TicketRefused as refused:
            kept = {form_key(button): raw}
            return await ticket_page(request, runtime, ticket_id, staff, refusal=str(refused), values=kept, status=409)
        return RedirectResponse(f"/helpdesk/staf/tiket/{ticket_id}?ok={button.path}", status_code=303)

    post.__doc__ = f"The '{button.path}' button."
    return post


def add_routes(r: APIRouter, runtime: ServiceRuntime) -> None:
    """One POST route per button under /tiket/{id}/."""
    for button in BUTTONS:
        r.add_api_route(f"/tiket/{{ticket_id}}/{button.path}", handler(runtime, button), methods=["POST"])
