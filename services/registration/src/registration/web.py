"""Registration's public pages: choose the LPSE, fill in the form, follow the case on the status page."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from contracts.lpse import DocumentRule, LpseProfile, describe_hours
from contracts.verification import DocumentToBring
from lpse_runtime.web import templates_for
from registration.domain import (
    STATUS_LABEL,
    STEPS,
    ApplicationStatus,
    shown_label,
    step_of,
)
from registration.usecases import applying
from registration.usecases.desk import Desk

templates = templates_for(__file__)
UNKNOWN_STATUS = "Tautan status tidak dikenal"


COUNTER_LABEL = {"invited": "Menunggu kedatangan Anda di loket", "checked_in": "Di loket, menunggu penyerahan berkas"}


def counter_visit(profile: LpseProfile, application: Any) -> dict[str, Any]:
    """What the status page says while the case waits for the applicant at the counter: where, when, what."""
    waiting = application["counter_step"] in {"invited", "checked_in"}
    bring = json.loads(application["counter_bring"])
    return {
        "counter_step": application["counter_step"] if waiting else None,
        "counter_label": COUNTER_LABEL.get(application["counter_step"]) if waiting else None,
        "counter_hours": describe_hours(profile.hours_for(profile.service("registrasi_penyedia")), profile.zone_label),
        "counter_bring": [DocumentToBring.model_validate(d).describe() for d in bring],
    }


def reupload_slots(profile: LpseProfile, application: Any) -> list[DocumentRule]:
    """The documents a returned file asks the applicant to upload again."""
    asked = set(json.loads(application["returned_items"]))
    offered = {t.type.value: t.type for t in profile.provider_types}
    chosen = offered.get(application["provider_type"])
    if chosen is None:
        return []
    return [r for r in profile.service("registrasi_penyedia").documents_for(chosen) if r.code in asked]


def resubmitted(application: Any, current: ApplicationStatus, just_uploaded: bool) -> bool:
    """Whether what the return asked came back: said while the file waits for the verifier, and once more on the
    page right after the upload."""
    return (
        application["resubmitted_at"] is not None
        and application["returned_at"] is not None
        and application["resubmitted_at"] > application["returned_at"]
        and (current is ApplicationStatus.RETURNED or just_uploaded)
    )


def status_context(profile: LpseProfile, application: Any, history: list[Any], returned: bool) -> dict[str, Any]:
    """What the status page shows of where the application stands and how it got there."""
    current = ApplicationStatus(application["status"])
    last_note = history[-1]["note"] if history else None
    return {
        "a": application,
        "profile": profile,
        "current": current,
        "label": shown_label(current, returned),
        "steps": [
            (s, STATUS_LABEL[s], STEPS.index(s) < STEPS.index(step_of(current)), s == step_of(current)) for s in STEPS
        ],
        "returned_note": last_note if current is ApplicationStatus.RETURNED else None,
        "rejected_note": last_note if current is ApplicationStatus.REJECTED else None,
        "reupload": reupload_slots(profile, application) if current is ApplicationStatus.RETURNED else [],
        "resubmitted": returned,
        "history": history,
        "labels": STATUS_LABEL,
        **counter_visit(profile, application),
    }


def router(desk: Desk) -> APIRouter:
    """The /daftar pages: choose the LPSE, the status page and its re-upload form."""
    r = APIRouter(prefix="/daftar")

    @r.get("/", response_class=HTMLResponse)
    async def choose_lpse(request: Request) -> Response:
        return templates.TemplateResponse(request, "choose.html", {"profiles": desk.profiles.values()})

    @r.get("/status/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        found = await applying.status_of(desk, token)
        if found is None:
            raise HTTPException(404, UNKNOWN_STATUS)
        application, history = found
        current = ApplicationStatus(application["status"])
        returned = resubmitted(application, current, request.query_params.get("dilengkapi") == "1")
        context = {
            **status_context(desk.profiles[application["lpse"]], application, history, returned),
            "token": token,
            "error": None if returned else request.query_params.get("galat"),
            "fresh": request.query_params.get("baru") == "1",
        }
        return templates.TemplateResponse(request, "status.html", context)

    @r.get("/api/status/{token}")
    async def status_json(token: str) -> dict[str, str | None]:
        found = await applying.status_of(desk, token)
        if found is None:
            raise HTTPException(404, UNKNOWN_STATUS)
        application, _ = found
        return {
            "reference": application["reference"],
            "status": application["status"],
            "user_id": application["user_id"],
        }

    @r.post("/status/{token}/lengkapi", response_class=HTMLResponse)
    async def upload_again(request: Request, token: str) -> Response:
        """Upload again exactly what the verifier returned; the case resumes when all of it is in."""
        data = await request.form()
        files = {name: value for name, value in data.items() if isinstance(value, UploadFile)}
        outcome = await applying.upload_again(desk, token, files)
        if outcome is None:
            raise HTTPException(404, UNKNOWN_STATUS)
        back = f"/daftar/status/{token}"
        if outcome.accepted:
            return RedirectResponse(f"{back}?dilengkapi=1", status_code=303)
        if outcome.problem:
            return RedirectResponse(f"{back}?{urlencode({'galat': outcome.problem})}", status_code=303)
        return RedirectResponse(back, status_code=303)

    return r
