"""The reporter's private status page: where the ticket stands, the conversation, and what the reporter may do
(reply, reopen, confirm it is solved, rate), by the token of the link they were mailed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from helpdesk.attachments import MAX_FILES, AttachmentStore
from helpdesk.domain import CloseConfirmForm, RatingForm, ReopenForm, ReporterReplyForm, TicketRefused, Trigger
from helpdesk.domain.labels import TRAIL_WORDS
from helpdesk.settings import Settings
from helpdesk.staff_views import clock_words
from helpdesk.status_views import reporter_steps
from helpdesk.survey_link import survey_path
from helpdesk.usecases import following, reading
from lpse_runtime.downloads import download
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
NOT_FOUND = "Laporan tidak ditemukan. Buka tautan lengkap dari email yang Anda terima."
ACTION_OF = {words: trigger.value for trigger, words in TRAIL_WORDS.items()}  # the trail comes in words


@dataclass(frozen=True)
class ReporterButton:
    """One form of the status page: its path, the trigger, its form, what it did."""

    path: str
    trigger: Trigger
    form: type[FormModel]
    done: str

    @property
    def key(self) -> str:
        """The form's name in the template ('buka-kembali' → 'buka_kembali')."""
        return self.path.replace("-", "_")


BUTTONS: tuple[ReporterButton, ...] = (
    ReporterButton("balas", Trigger.REPORTER_REPLY, ReporterReplyForm, "Balasan Anda terkirim kepada petugas."),
    ReporterButton("buka-kembali", Trigger.REOPEN, ReopenForm, "Laporan dibuka kembali dan masuk antrean petugas."),
    ReporterButton("tutup", Trigger.CLOSE, CloseConfirmForm, "Laporan ditutup. Terima kasih telah mengonfirmasi."),
    ReporterButton("nilai", Trigger.RATE, RatingForm, "Terima kasih atas penilaian Anda."),
)
DONE: dict[str, str] = {b.path: b.done for b in BUTTONS}  # `?ok=<path>` names the notice, never carries text
KEY_OF: dict[Trigger, str] = {b.trigger: b.key for b in BUTTONS}


def settings_of(runtime: ServiceRuntime) -> Settings:
    """The helpdesk's own settings (the link secret the survey path is signed with)."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return settings


async def status_page(
    request: Request,
    runtime: ServiceRuntime,
    token: str,
    *,
    done: str | None = None,
    refusal: str | None = None,
    errors: Mapping[str, FieldErrors] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    status: int = 200,
) -> Response:
    """The status page of the ticket this token opens (404 for any other token), with a message if any."""
    now = runtime.clock.now()
    view = await reading.ticket_for_reporter(runtime.pool, token, now=now, profiles=runtime.profiles)
    if view is None or view.ticket.lpse not in runtime.profiles:
        raise HTTPException(404, NOT_FOUND)
    t, profile = view.ticket, runtime.profiles[view.ticket.lpse]
    closed = t.status.value in ("closed", "rated")
    trail = [(ACTION_OF.get(e.words, e.words), e.at) for e in view.trail]
    context = {
        "profile": profile,
        "token": token,
        "v": view,
        "t": t,
        "deadline": clock_words(
            t.status.value, view.clock.state, view.clock.text, view.clock.due_at, profile.helpdesk, for_reporter=True
        ),
        "steps": reporter_steps(t.status.value, trail, profile.helpdesk.ladder_for(t.category)),
        "can": frozenset(KEY_OF[trigger] for trigger in view.triggers if trigger in KEY_OF),
        "survey_href": survey_path(settings_of(runtime).link_secret, t.lpse, "tiket", t.id) if closed else None,
        "done": done,
        "refusal": refusal,
        "errors": errors or {},
        "values": values or {},
    }
    return templates.TemplateResponse(request, "status.html", context, status_code=status)


def handler(runtime: ServiceRuntime, button: ReporterButton) -> Callable[[Request, str], Awaitable[Response]]:
    """The route of one form of the status page."""

    async def post(request: Request, token: str) -> Response:
        raw = {k: str(v) for k, v in (await request.form()).items()}
        form, errors = parse_form(button.form, raw)
        if form is None:
            return await status_page(
                request, runtime, token, errors={button.key: errors}, values={button.key: raw}, status=422
            )
        try:
            await following.act_as_reporter(
                runtime.pool,
                runtime.profiles,
                token,
                button.trigger,
                form=form,
                now=runtime.clock.now(),
                settings=settings_of(runtime),
            )
        except following.TicketNotFound as missing:
            raise HTTPException(404, NOT_FOUND) from missing
        except TicketRefused as refused:
            values = {button.key: raw}
            return await status_page(request, runtime, token, refusal=str(refused), values=values, status=409)
        return RedirectResponse(f"/helpdesk/tiket/{token}?ok={button.path}", status_code=303)

    post.__doc__ = f"The status page's '{button.path}' form."
    return post


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /helpdesk/tiket/{token} pages."""
    r = APIRouter(prefix="/helpdesk/tiket")
    files: list[AttachmentStore] = []

    @r.get("/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        """Where the reporter's ticket stands."""
        return await status_page(request, runtime, token, done=DONE.get(request.query_params.get("ok", "")))

    @r.get("/{token}/lampiran/{n}")
    async def attachment(token: str, n: int) -> Response:
        """One attachment of the reporter's ticket, as a download."""
        found = await reading.reporter_attachment(runtime.pool, token, n) if 1 <= n <= MAX_FILES else None
        if found is None:
            raise HTTPException(404, "Lampiran tidak ditemukan")
        if not files:
            files.append(AttachmentStore(runtime.broker.config.connection_state.stream))
        return download(await files[0].get(found.object_name), found.content_type, found.filename)

    for button in BUTTONS:
        r.add_api_route(f"/{{token}}/{button.path}", handler(runtime, button), methods=["POST"])
    return r
