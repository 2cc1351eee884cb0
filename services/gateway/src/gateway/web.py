"""The parties' webhook for forensic answers: `POST /gateway/{lkpp|bssn}/forensik/callback`, signed by each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import get_args

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from contracts.forensic import ExternalParty
from gateway import usecases
from gateway.forensic import Verdict, callback_path
from gateway.settings import Settings
from lpse_runtime.service import ServiceRuntime

PARTIES: tuple[ExternalParty, ...] = get_args(ExternalParty)
HTTP_STATUS: dict[Verdict, int] = {
    Verdict.FORGED: 401,
    Verdict.MALFORMED: 422,
    Verdict.UNKNOWN: 404,
    Verdict.CONFLICT: 409,
    Verdict.ANSWERED: 200,
    Verdict.REPEATED: 200,
}
# For the party's API client: what went wrong, in the LPSE's language.
ERROR: dict[Verdict, str] = {
    Verdict.FORGED: "tanda tangan tidak sah",
    Verdict.MALFORMED: "isi harus JSON {external_ref, case_ref, finding}",
    Verdict.UNKNOWN: "uji forensik dengan nomor itu tidak dikenal untuk pihak ini",
    Verdict.CONFLICT: "jawaban lain untuk uji forensik ini sudah tercatat",
}


def router(runtime: ServiceRuntime, settings: Settings) -> APIRouter:
    """The callback each party (or the dev stack's simulators) posts its answer to, authenticated by its HMAC.

    One path per party, each exempt from the CSRF check by name (`lpse_runtime.security`); any other path under
    `/gateway/` is refused there like every state-changing request without a token."""
    r = APIRouter()
    for party in PARTIES:
        r.add_api_route(callback_path(party), answer_route(runtime, settings, party), methods=["POST"])
    return r


def answer_route(
    runtime: ServiceRuntime, settings: Settings, party: ExternalParty
) -> Callable[[Request], Awaitable[JSONResponse]]:
    """The route of one party's callback."""

    async def forensic_callback(request: Request) -> JSONResponse:
        verdict = await usecases.party_answered(
            runtime.pool,
            party,
            await request.body(),
            request.headers.get(settings.party_api(party).signature_header, ""),
            settings=settings,
            now=runtime.clock.now(),
        )
        content = {"status": verdict.value} | ({"error": ERROR[verdict]} if verdict in ERROR else {})
        return JSONResponse(content, status_code=HTTP_STATUS[verdict])

    forensic_callback.__name__ = f"{party}_forensic_callback"
    return forensic_callback
