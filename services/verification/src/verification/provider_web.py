"""The provider's password pages and the documents lent by signed link: /akun/lupa-sandi, /akun/sandi, /akun/dokumen."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature

from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from verification import accounts_usecases
from verification.accounts import PasswordLink, SetPasswordForm
from verification.links import DOCUMENT_LINK_AGE, document_links, pdf_response
from verification.recovery import ForgotPasswordForm, ResetAnswer

templates = templates_for(__file__)
# Every "lupa kata sandi" answer takes at least this long, so a known account (a token and a fact written) and an
# unknown one (a request counted) cannot be told apart by the time the page takes.
RESET_ANSWER_FLOOR_SECONDS = 0.4


def forgot_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    """The 'lupa kata sandi' page: the form, its message, or the same answer for every identifier."""
    page = {"value": "", "error": None, "sent": False, "busy": False} | context
    return templates.TemplateResponse(request, "forgot_password.html", page, status_code=status_code)


def password_page(request: Request, link: PasswordLink | None, status_code: int = 200, **context: Any) -> Response:
    """The set-password page of a one-time link: the form, a spent link, or the password set."""
    page = {"row": link, "usable": False, "errors": {}, "done": False} | context
    return templates.TemplateResponse(request, "set_password.html", page, status_code=status_code)


def router(runtime: ServiceRuntime) -> APIRouter:
    """The provider's /akun pages of this service."""
    r = APIRouter()
    links = document_links(runtime)

    @r.get("/akun/dokumen/{signed}")
    async def receipt_by_link(signed: str) -> Response:
        try:
            case_id = uuid.UUID(links.loads(signed, max_age=DOCUMENT_LINK_AGE))
        except (BadSignature, ValueError):
            raise HTTPException(404, "Tautan dokumen tidak dikenal atau kedaluwarsa") from None
        stored = await accounts_usecases.receipt(runtime.pool, case_id)
        if stored is None:
            raise HTTPException(404, "Tanda terima tidak ditemukan")
        return pdf_response(stored)

    @r.get("/akun/lupa-sandi", response_class=HTMLResponse)
    async def forgot_password_page(request: Request) -> Response:
        return forgot_page(request)

    @r.post("/akun/lupa-sandi", response_class=HTMLResponse)
    async def forgot_password(request: Request) -> Response:
        """The same answer, in about the same time, whether or not the account exists."""
        started = time.monotonic()
        raw = await request.form()
        typed = str(raw.get("identifier", ""))[:200]
        form, errors = parse_form(ForgotPasswordForm, raw)
        if form is None:
            return forgot_page(request, 422, value=typed, error=errors["identifier"])
        answer = await accounts_usecases.request_reset(
            runtime.pool,
            form,
            client=request.client.host if request.client else "-",
            secret=runtime.settings.session_secret,
            seal_link=lambda path: link_box(runtime.settings).seal(runtime.settings.public_base_url + path),
            now=runtime.clock.now(),
        )
        await asyncio.sleep(max(0.0, RESET_ANSWER_FLOOR_SECONDS - (time.monotonic() - started)))
        if answer is ResetAnswer.TOO_MANY:
            return forgot_page(request, 429, value=typed, busy=True)
        return forgot_page(request, sent=True)

    @r.get("/akun/sandi/{token}", response_class=HTMLResponse)
    async def set_password_page(request: Request, token: str) -> Response:
        link = await accounts_usecases.password_link(runtime.pool, token)
        return password_page(request, link, usable=link is not None and link.usable(runtime.clock.now()))

    @r.post("/akun/sandi/{token}", response_class=HTMLResponse)
    async def set_password(request: Request, token: str) -> Response:
        form, errors = parse_form(SetPasswordForm, await request.form())
        if form is None:
            return await refused_password(request, token, errors)
        outcome = await accounts_usecases.set_password(runtime.pool, token, form, now=runtime.clock.now())
        if not outcome.done:
            return password_page(request, outcome.link, 410)
        return password_page(request, outcome.link, done=True)

    async def refused_password(request: Request, token: str, errors: FieldErrors) -> Response:
        """A spent link says so first (410); a usable one shows what is wrong beside the field (422)."""
        link = await accounts_usecases.password_link(runtime.pool, token)
        if link is None or not link.usable(runtime.clock.now()):
            return password_page(request, link, 410)
        return password_page(request, link, 422, usable=True, errors=errors)

    return r
