"""The staff sign-in, sign-out and password pages, under /staf/ as staff know them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from identity import usecases
from identity.domain import SESSION_ABSOLUTE, wait_message
from identity.forms import PasswordChangeForm, SignInForm
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.security import rotate_csrf
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import SESSION_COOKIE, SIGN_IN_PATH, StaffPrincipal, require_staff
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
Staff = Annotated[StaffPrincipal, Depends(require_staff)]
HOME = "/staf/"
FIRST_PASSWORD = "/staf/sandi?wajib=1"
PASSWORD_SET = "Kata sandi Anda sudah disimpan. Silakan masuk dengan nama pengguna dan kata sandi baru Anda."


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME


def router(runtime: ServiceRuntime) -> APIRouter:
    """/staf/masuk, /staf/keluar and /staf/sandi."""
    r = APIRouter(prefix="/staf")
    secure = not runtime.settings.development  # Secure outside a development trial, as every cookie of the site

    def set_session_cookie(response: Response, token: str) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=int(SESSION_ABSOLUTE.total_seconds()),
            path="/",
            httponly=True,
            samesite="lax",
            secure=secure,
        )

    def sign_in_page(
        request: Request,
        next_: str,
        error: str | None,
        username: str = "",
        status: int = 200,
        errors: FieldErrors | None = None,
        notice: str | None = None,
    ) -> Response:
        context = {"next": next_, "error": error, "username": username, "errors": errors or {}, "notice": notice}
        return templates.TemplateResponse(request, "sign_in.html", context, status_code=status)

    @r.get("/masuk", response_class=HTMLResponse)
    async def sign_in_form(request: Request, next: str = HOME, sandi: str = "") -> Response:
        notice = PASSWORD_SET if sandi == "baru" else None  # back from the emailed set-password page
        return sign_in_page(request, safe_next(next), None, notice=notice)

    @r.post("/masuk", response_class=HTMLResponse)
    async def sign_in_submit(request: Request) -> Response:
        form, errors = parse_form(SignInForm, await request.form())
        if form is None:  # nothing is looked up, counted or kept for a form that cannot be what was meant
            return sign_in_page(request, HOME, None, status=422, errors=errors)
        username, password, target = form.username, form.password, safe_next(form.next or HOME)
        now = runtime.clock.now()
        address = request.client.host if request.client else "unknown"
        old = request.cookies.get(SESSION_COOKIE)
        result = await usecases.sign_in(runtime.pool, username, password, address, now, old)
        if result.locked_until is not None:
            return sign_in_page(request, target, wait_message(result.locked_until, now), username, status=429)
        if result.access_ended:
            return sign_in_page(request, target, usecases.ACCESS_ENDED, username, status=403)
        if result.token is None:
            return sign_in_page(request, target, usecases.WRONG_CREDENTIALS, username, status=401)
        # An initial password set by the administrator is replaced before anything else.
        response = RedirectResponse(FIRST_PASSWORD if result.must_change_password else target, status_code=303)
        set_session_cookie(response, result.token)
        rotate_csrf(response)  # a CSRF token read before signing in (perhaps by someone else) opens nothing after
        return response

    @r.post("/keluar")
    async def sign_out(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await usecases.sign_out(runtime.pool, token, runtime.clock.now())
        response = RedirectResponse(SIGN_IN_PATH, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
        return response

    @r.get("/sandi", response_class=HTMLResponse)
    async def password_form(request: Request, staff: Staff, wajib: str = "") -> Response:
        context = {"staff": staff, "errors": {}, "done": False, "first": wajib == "1"}
        return templates.TemplateResponse(request, "password.html", context)

    @r.post("/sandi", response_class=HTMLResponse)
    async def password_submit(request: Request, staff: Staff) -> Response:
        form, errors = parse_form(PasswordChangeForm, await request.form())
        if form is None:
            context = {"staff": staff, "errors": errors, "done": False}
            return templates.TemplateResponse(request, "password.html", context, status_code=422)
        now = runtime.clock.now()
        change = await usecases.change_password(runtime.pool, staff, form.current, form.new, form.repeat, now)
        context = {"staff": staff, "errors": change.errors, "done": change.token is not None}
        response = templates.TemplateResponse(
            request, "password.html", context, status_code=422 if change.errors else 200
        )
        if change.token is not None:
            set_session_cookie(response, change.token)
        return response

    return r
