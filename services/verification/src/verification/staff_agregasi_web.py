"""The verifier's ADP actions on a case (via_lkpp): send the request to LKPP, record LKPP's answer by hand."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from lpse_runtime.authz import require
from lpse_runtime.formmodel import parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from verification import agregasi_usecases
from verification.agregasi_forms import LkppAnswerForm


def back_to_case(case_id: uuid.UUID, refusal: str | None = None) -> Response:
    """Back to the case page, with why the step did not apply when it did not."""
    return RedirectResponse(f"/staf/kasus/{case_id}" + (f"?galat={refusal}" if refusal else ""), status_code=303)


def router(runtime: ServiceRuntime) -> APIRouter:
    """POST /staf/kasus/{id}/adp and /adp/jawaban."""
    r = APIRouter()

    @r.post("/staf/kasus/{case_id}/adp")
    async def request_adp(
        case_id: uuid.UUID, staff: Annotated[StaffPrincipal, Depends(require("agregasi.minta"))]
    ) -> Response:
        refusal = await agregasi_usecases.send_to_adp(
            runtime.pool, runtime.profiles, staff, case_id, now=runtime.clock.now()
        )
        return back_to_case(case_id, refusal)

    @r.post("/staf/kasus/{case_id}/adp/jawaban")
    async def record_answer(
        request: Request,
        case_id: uuid.UUID,
        staff: Annotated[StaffPrincipal, Depends(require("agregasi.catat_jawaban"))],
    ) -> Response:
        answer, errors = parse_form(LkppAnswerForm, await request.form())
        if answer is None:
            await agregasi_usecases.ensure_may_answer(runtime.pool, staff, case_id)
            return back_to_case(case_id, next(iter(errors.values())))
        refusal = await agregasi_usecases.record_lkpp_answer(
            runtime.pool, runtime.profiles, staff, case_id, answer, now=runtime.clock.now()
        )
        return back_to_case(case_id, refusal)

    return r
