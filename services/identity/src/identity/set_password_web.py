"""The page an internal account's person opens from the email to set a first password: /identitas/sandi/{token}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from identity.forms import FirstPasswordForm
from identity.internal_accounts_usecases import LinkState, link_state, set_first_password
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
SIGNED_IN_AFTER = "/staf/masuk?sandi=baru"
# A token is 43 characters; anything much longer was never issued and is not looked up.
LONGEST_TOKEN = 200

GONE: dict[LinkState, tuple[int, str]] = {
    LinkState.USED: (410, "Tautan ini sudah dipakai. Kata sandi akun ini sudah dibuat; silakan masuk."),
    LinkState.EXPIRED: (
        410,
        "Tautan ini sudah kedaluwarsa. Hubungi Helpdesk LPSE Anda untuk meminta tautan baru.",
    ),
    LinkState.UNKNOWN: (
        404,
        "Tautan tidak dikenal. Periksa kembali tautan di email Anda, atau hubungi Helpdesk LPSE Anda.",
    ),
}


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET shows the form (or why the link opens nothing); POST stores the password and uses the link."""
    r = APIRouter(prefix="/identitas/sandi")

    def page(request: Request, token: str, username: str, errors: FieldErrors, status: int = 200) -> Response:
        context = {"token": token, "username": username, "errors": errors}
        return templates.TemplateResponse(request, "set_password.html", context, status_code=status)

    def gone(request: Request, state: LinkState) -> Response:
        status, message = GONE[state]
        return templates.TemplateResponse(request, "set_password_gone.html", {"message": message}, status_code=status)

    @r.get("/{token}", response_class=HTMLResponse)
    async def form(request: Request, token: str) -> Response:
        if len(token) > LONGEST_TOKEN:
            return gone(request, LinkState.UNKNOWN)
        state, username = await link_state(runtime.pool, token, runtime.clock.now())
        if state is not LinkState.OPEN or username is None:
            return gone(request, state)
        return page(request, token, username, {})

    @r.post("/{token}", response_class=HTMLResponse)
    async def submit(request: Request, token: str) -> Response:
        if len(token) > LONGEST_TOKEN:
            return gone(request, LinkState.UNKNOWN)
        form, errors = parse_form(FirstPasswordForm, await request.form())
        if form is None:
            state, username = await link_state(runtime.pool, token, runtime.clock.now())
            if state is not LinkState.OPEN or username is None:
                return gone(request, state)
            return page(request, token, username, errors, status=422)
        outcome = await set_first_password(runtime.pool, token, form.new, form.repeat, runtime.clock.now())
        if outcome.done:
            return RedirectResponse(SIGNED_IN_AFTER, status_code=303)
        if outcome.state is not LinkState.OPEN:
            return gone(request, outcome.state)
        return page(request, token, outcome.username or "", outcome.errors, status=422)

    return r
