"""A provider account as staff see it (`/staf/penyedia/<id>`): its data, status, history and requests; the head of
the LPSE deactivates it with a reason, counter staff record a deactivated account's request to sign in again."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, ClassVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from lpse_runtime.authz import permits, require
from lpse_runtime.formmodel import FormModel, parse_form
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for
from verification.account_requests import desk_usecases as usecases
from verification.account_requests.domain import KIND_LABEL, STATUS_LABEL
from verification.account_requests.staff_web import Desk
from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL

templates = templates_for(__file__)
router = APIRouter()


class WhyForm(FormModel):
    """Why the LPSE deactivates an account, or why a deactivated one asks to sign in again."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Alasan paling banyak 2000 karakter, tanpa karakter kontrol."}

    reason: str = Field(default="", max_length=2000)


def back(provider_id: uuid.UUID, outcome: usecases.Outcome) -> Response:
    """Back to the account, with why the action was refused; another LPSE's account is not found."""
    if not outcome.found:
        raise HTTPException(404, "Akun penyedia tidak ditemukan")
    if outcome.refusal is not None:
        return RedirectResponse(f"/staf/penyedia/{provider_id}?galat={quote(outcome.refusal)}", status_code=303)
    return RedirectResponse(f"/staf/penyedia/{provider_id}", status_code=303)


async def why(request: Request) -> str | None:
    """The reason typed, or None for one that cannot be kept."""
    form, _ = parse_form(WhyForm, await request.form())
    return form.reason if form else None


@router.get("/staf/penyedia/{provider_id}", response_class=HTMLResponse)
async def provider_page(
    request: Request,
    provider_id: uuid.UUID,
    staff: Annotated[StaffPrincipal, Depends(require("penyedia.lihat"))],
    desk: Desk,
) -> Response:
    """The account: data, status, history, requests, and the buttons this staff member may use."""
    view = await usecases.provider_view(desk, provider_id, staff)
    if view is None:
        raise HTTPException(404, "Akun penyedia tidak ditemukan")
    lpse = view.account["lpse"]
    context = {
        "staff": staff,
        "v": view,
        "a": view.account,
        "profile": view.profile,
        "labels": {s.value: text for s, text in STATUS_LABEL.items()},
        "kinds": KIND_LABEL,
        "aggregation": {s.value: text for s, text in AGGREGATION_LABEL.items()},
        "may_deactivate": permits(staff, "penyedia.nonaktifkan", lpse),
        "may_record": permits(staff, "permohonan.catat", lpse),
        "error": request.query_params.get("galat"),
    }
    return templates.TemplateResponse(request, "staff_provider.html", context)


@router.post("/staf/penyedia/{provider_id}/nonaktifkan")
async def deactivate(
    request: Request,
    provider_id: uuid.UUID,
    staff: Annotated[StaffPrincipal, Depends(require("penyedia.nonaktifkan"))],
    desk: Desk,
) -> Response:
    """The head's "Nonaktifkan akun", with a reason."""
    reason = await why(request)
    if reason is None:
        return back(provider_id, usecases.Outcome(refusal=WhyForm.messages["reason"]))
    return back(provider_id, await usecases.deactivate(desk, provider_id, staff, reason))


@router.post("/staf/penyedia/{provider_id}/aktif-kembali")
async def reactivate(
    request: Request,
    provider_id: uuid.UUID,
    staff: Annotated[StaffPrincipal, Depends(require("permohonan.catat"))],
    desk: Desk,
) -> Response:
    """Counter staff's "Catat permohonan aktivasi kembali": a request in hand, to the verifiers' queue."""
    reason = await why(request)
    if reason is None:
        return back(provider_id, usecases.Outcome(refusal=WhyForm.messages["reason"]))
    outcome, request_id = await usecases.record_reactivation_request(desk, provider_id, staff, reason)
    if request_id is not None:
        return RedirectResponse(f"/staf/permohonan/{request_id}", status_code=303)
    return back(provider_id, outcome)
