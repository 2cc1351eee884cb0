"""The provider's signed-in area: /akun/masuk, /akun/keluar, /akun/ and /akun/kata-sandi."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lpse_runtime.backoff import wait_message
from lpse_runtime.formmodel import parse_form
from lpse_runtime.security import rotate_csrf
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import local_time, templates_for
from verification.links import document_links
from verification.provider_area import usecases
from verification.provider_area.forms import PasswordChangeForm, SignInForm
from verification.provider_area.rules import (
    COOKIE,
    HOME,
    SIGN_IN_PATH,
    WRONG_CREDENTIALS,
    deactivated_message,
    safe_next,
)
from verification.provider_area.session import (
    ProviderPrincipal,
    clear_session_cookie,
    current_provider,
    require_provider,
    set_session_cookie,
)

templates = templates_for(__file__)
Provider = Annotated[ProviderPrincipal, Depends(require_provider)]


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """An account-area page (the signed-in account, if any, in its header)."""
    provider = getattr(request.state, "provider", None)
    return templates.TemplateResponse(request, name, {"provider": provider} | context, status_code=status_code)


def sign_in_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    """The sign-in form, with the user ID typed and the message of a refusal."""
    form = {"next": HOME, "user_id": "", "error": None, "errors": {}, "notice": None} | context
    return page(request, "sign_in.html", status_code, **form)


def router(runtime: ServiceRuntime) -> APIRouter:
    """The account area's routes."""
    r = APIRouter(prefix="/akun")
    secure = not runtime.settings.development
    receipts = document_links(runtime)

    @r.get("/masuk", response_class=HTMLResponse)
    async def sign_in_form(request: Request, next: str = HOME) -> Response:
        if await current_provider(request) is not None:  # already signed in: straight to the page asked for
            return RedirectResponse(safe_next(next), status_code=303)
        return sign_in_page(request, next=safe_next(next))

    @r.post("/masuk", response_class=HTMLResponse)
    async def sign_in(request: Request) -> Response:
        form, errors = parse_form(SignInForm, await request.form())
        if form is None:  # nothing is looked up or counted for a form no account could have sent
            return sign_in_page(request, 422, errors=errors)
        now, target = runtime.clock.now(), safe_next(form.next)
        result = await usecases.sign_in(
            runtime.pool,
            form.user_id,
            form.password,
            client=request.client.host if request.client else "-",
            secret=runtime.settings.session_secret,
            now=now,
            old_token=request.cookies.get(COOKIE),
        )
        refused = {"next": target, "user_id": form.user_id}
        if result.locked_until is not None:
            return sign_in_page(request, 429, error=wait_message(result.locked_until, now), **refused)
        if result.deactivated:
            profile = runtime.profiles.get(result.lpse or "")
            zone, name = (
                (profile.time_zone, profile.name) if profile else ("Asia/Jakarta", "LPSE tempat Anda mendaftar")
            )
            since = local_time(result.deactivated_at, zone) if result.deactivated_at else None
            return sign_in_page(request, 403, error=deactivated_message(since, name), **refused)
        if result.token is None:
            return sign_in_page(request, 401, error=WRONG_CREDENTIALS, **refused)
        response = RedirectResponse(target, status_code=303)
        set_session_cookie(response, result.token, secure=secure)
        rotate_csrf(response)  # a CSRF token read before signing in (perhaps by someone else) opens nothing after
        return response

    @r.post("/keluar")
    async def sign_out(request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        if token:
            await usecases.sign_out(runtime.pool, token, runtime.clock.now())
        response = RedirectResponse(SIGN_IN_PATH, status_code=303)
        clear_session_cookie(response, secure=secure)
        return response

    @r.get("/", response_class=HTMLResponse)
    async def area(request: Request, provider: Provider) -> Response:
        profile = runtime.profiles.get(provider.lpse)
        found = await usecases.area(runtime.pool, profile, provider.provider_id) if profile else None
        if found is None:  # the session's account is gone: nothing to show, sign in again
            raise HTTPException(404, "Akun penyedia tidak ditemukan")
        receipt = None
        if found.receipt_case_id is not None:
            receipt = f"/akun/dokumen/{receipts.dumps(str(found.receipt_case_id))}"
        return page(request, "area.html", view=found.view, receipt=receipt)

    @r.get("/kata-sandi", response_class=HTMLResponse)
    async def password_form(request: Request, provider: Provider) -> Response:
        return page(request, "password.html", errors={}, done=False)

    @r.post("/kata-sandi", response_class=HTMLResponse)
    async def password_change(request: Request, provider: Provider) -> Response:
        form, errors = parse_form(PasswordChangeForm, await request.form())
        if form is None:
            return page(request, "password.html", 422, errors=errors, done=False)
        errors = await usecases.change_password(
            runtime.pool,
            provider,
            form.current,
            form.password,
            token=request.cookies.get(COOKIE, ""),
            now=runtime.clock.now(),
        )
        if errors:
            return page(request, "password.html", 422, errors=errors, done=False)
        return page(request, "password.html", errors={}, done=True)

    return r
