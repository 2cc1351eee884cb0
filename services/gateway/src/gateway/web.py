"""The parties' webhook for forensic answers: `POST /gateway/{lkpp|bssn}/forensik/callback`, signed by each."""

from __future__ import annotations

from typing import get_args

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from contracts.forensic import ExternalParty
from gateway import usecases
from gateway.forensic import Verdict
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
    """The callback each party (or the dev stack's simulators) posts its answer to, authenticated by its HMAC."""
    r = APIRouter()

    @r.post("/gateway/{party}/forensik/callback")
    async def forensic_callback(party: str, request: Request) -> JSONResponse:
        if party not in PARTIES:
            return JSONResponse({"status": "unknown", "error": "pihak tidak dikenal"}, status_code=404)
        known: ExternalParty = "bssn" if party == "bssn" else "lkpp"
        verdict = await usecases.party_answered(
            runtime.pool,
            known,
            await request.body(),
            request.headers.get(settings.party_api(known).signature_header, ""),
            settings=settings,
            now=runtime.clock.now(),
        )
        content = {"status": verdict.value} | ({"error": ERROR[verdict]} if verdict in ERROR else {})
        return JSONResponse(content, status_code=HTTP_STATUS[verdict])

    return r
