"""The provider's own agregasi pages (mandiri): sign in with user ID, password and LPSE, check the data, activate."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from contracts.lpse import LpseProfile
from lpse_runtime.formmodel import parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from verification import agregasi_usecases
from verification.agregasi_forms import ACTIVATION_EXPIRED, SIGN_IN_REFUSED, ActivationForm, AggregationSignInForm

templates = templates_for(__file__)
ACTIVATION_WINDOW = 15 * 60  # seconds between signing in and "Lakukan Aktivasi"


def agregasi_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    """The page at each step: the sign-in form, the data to check, or the account aggregated."""
    page = {"profiles": [], "provider": None, "error": None, "errors": {}, "done": False} | context
    return templates.TemplateResponse(request, "agregasi.html", page, status_code=status_code)


def router(runtime: ServiceRuntime) -> APIRouter:
    """/akun/agregasi and its activation."""
    r = APIRouter()
    activation_tokens = URLSafeTimedSerializer(runtime.settings.session_secret, salt="verification-agregasi")

    def self_service_lpses() -> list[LpseProfile]:
        return [p for p in runtime.profiles.values() if p.agregasi == "mandiri"]

    @r.get("/akun/agregasi", response_class=HTMLResponse)
    async def self_service_page(request: Request) -> Response:
        return agregasi_page(request, profiles=self_service_lpses())

    @r.post("/akun/agregasi", response_class=HTMLResponse)
    async def self_service_login(request: Request) -> Response:
        form, errors = parse_form(AggregationSignInForm, await request.form())
        if form is None:  # nothing is looked up for an entry no account could have
            return agregasi_page(request, 422, profiles=self_service_lpses(), errors=errors)
        account = await agregasi_usecases.sign_in(runtime.pool, form)
        if account is None:
            return agregasi_page(request, 401, profiles=self_service_lpses(), error=SIGN_IN_REFUSED)
        token = activation_tokens.dumps(str(account.provider_id))
        return agregasi_page(
            request, profiles=self_service_lpses(), provider=account, status_label=account.status_label, token=token
        )

    @r.post("/akun/agregasi/aktivasi", response_class=HTMLResponse)
    async def self_activate(request: Request) -> Response:
        form, _ = parse_form(ActivationForm, await request.form())
        try:
            provider_id = uuid.UUID(activation_tokens.loads(form.token if form else "", max_age=ACTIVATION_WINDOW))
        except (BadSignature, ValueError):
            raise HTTPException(403, ACTIVATION_EXPIRED) from None
        account, refusal = await agregasi_usecases.self_activate(
            runtime.pool, runtime.profiles, provider_id, now=runtime.clock.now()
        )
        if account is None:
            raise HTTPException(403, ACTIVATION_EXPIRED)
        if refusal is not None:
            return agregasi_page(request, 409, error=refusal)
        return agregasi_page(request, provider=account, done=True)

    return r
