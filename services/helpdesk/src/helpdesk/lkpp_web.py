"""LKPP's webhook for forwarded tickets: `POST /helpdesk/lkpp/tiket/callback`, signed like the ADP callback."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from contracts.digests import LKPP_SIGNATURE_HEADER
from helpdesk.settings import Settings
from helpdesk.usecases import lkpp
from helpdesk.usecases.lkpp import Verdict
from lpse_runtime.service import ServiceRuntime

HTTP_STATUS: dict[Verdict, int] = {
    Verdict.FORGED: 401,
    Verdict.MALFORMED: 422,
    Verdict.UNKNOWN: 404,
    Verdict.CONFLICT: 409,
    Verdict.ANSWERED: 200,
}


def router(runtime: ServiceRuntime) -> APIRouter:
    """The callback LKPP (or the dev stack's simulator) posts to, authenticated by its HMAC signature."""
    r = APIRouter()

    @r.post("/helpdesk/lkpp/tiket/callback")
    async def lkpp_ticket_callback(request: Request) -> JSONResponse:
        settings = runtime.settings
        assert isinstance(settings, Settings)
        verdict = await lkpp.lkpp_callback(
            runtime.pool,
            runtime.profiles,
            await request.body(),
            request.headers.get(LKPP_SIGNATURE_HEADER, ""),
            now=runtime.clock.now(),
            settings=settings,
        )
        return JSONResponse({"status": verdict.value}, status_code=HTTP_STATUS[verdict])

    return r
