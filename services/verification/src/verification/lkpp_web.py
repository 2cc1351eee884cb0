"""LKPP's webhook: its signed answer to an ADP request (`POST /akun/lkpp/adp/callback`, JSON in and out)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from contracts.digests import LKPP_SIGNATURE_HEADER
from lpse_runtime.service import ServiceRuntime
from verification import agregasi_usecases
from verification.agregasi_usecases import CallbackVerdict
from verification.settings import Settings

HTTP_STATUS: dict[CallbackVerdict, int] = {
    CallbackVerdict.FORGED: 401,
    CallbackVerdict.MALFORMED: 422,
    CallbackVerdict.UNKNOWN: 404,
    CallbackVerdict.NOT_APPLICABLE: 409,
    CallbackVerdict.ANSWERED: 200,
}


def router(runtime: ServiceRuntime) -> APIRouter:
    """The callback LKPP (or the dev stack's simulator) posts to, authenticated by its HMAC signature."""
    r = APIRouter()
    settings = runtime.settings
    secret = settings.lkpp_callback_secret if isinstance(settings, Settings) else ""

    @r.post("/akun/lkpp/adp/callback")
    async def lkpp_callback(request: Request) -> JSONResponse:
        outcome = await agregasi_usecases.handle_lkpp_callback(
            runtime.pool,
            runtime.profiles,
            secret,
            await request.body(),
            request.headers.get(LKPP_SIGNATURE_HEADER, ""),
            now=runtime.clock.now(),
        )
        if outcome.status is not None:
            return JSONResponse({"status": outcome.status.value}, status_code=HTTP_STATUS[outcome.verdict])
        return JSONResponse({"error": outcome.detail}, status_code=HTTP_STATUS[outcome.verdict])

    return r
