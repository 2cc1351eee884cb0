"""Registration's public pages: choose the LPSE, fill in the form, follow the case on the status page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from contracts.digests import token_digest
from contracts.lpse import DocumentRule, LpseProfile, describe_hours
from contracts.verification import DocumentToBring
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from registration import db
from registration.domain import (
    STATUS_LABEL,
    STEPS,
    ApplicationStatus,
    shown_label,
    step_of,
)

templates = templates_for(__file__)
FIELDS = ("provider_type", "company_name", "npwp", "nib", "email", "director_name", "language")


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


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /daftar pages."""
    r = APIRouter(prefix="/daftar")

    @r.get("/", response_class=HTMLResponse)
    async def choose_lpse(request: Request) -> Response:
        return templates.TemplateResponse(request, "choose.html", {"profiles": runtime.profiles.values()})

    @r.get("/status/{token}", response_class=HTMLResponse)
    async def status(request: Request, token: str) -> Response:
        async with runtime.pool.acquire() as conn:
            row = await db.by_token_hash(conn, token_digest(token))
            if row is None:
                raise HTTPException(404, "Tautan status tidak dikenal")
            history = await db.steps(conn, row["id"])
        profile = runtime.profiles[row["lpse"]]
        current = ApplicationStatus(row["status"])
        resubmitted = (
            row["resubmitted_at"] is not None
            and row["returned_at"] is not None
            and row["resubmitted_at"] > row["returned_at"]
            # said while the file waits for the verifier, and once more on the page right after the upload
            and (current is ApplicationStatus.RETURNED or request.query_params.get("dilengkapi") == "1")
        )
        return templates.TemplateResponse(
            request,
            "status.html",
            {
                "a": row,
                "profile": profile,
                "current": current,
                "label": shown_label(current, resubmitted),
                "steps": [
                    (s, STATUS_LABEL[s], STEPS.index(s) < STEPS.index(step_of(current)), s == step_of(current))
                    for s in STEPS
                ],
                "returned_note": history[-1]["note"] if current is ApplicationStatus.RETURNED and history else None,
                "rejected_note": history[-1]["note"] if current is ApplicationStatus.REJECTED and history else None,
                "reupload": reupload_slots(profile, row) if current is ApplicationStatus.RETURNED else [],
                "token": token,
                "error": None if resubmitted else request.query_params.get("galat"),
                "resubmitted": resubmitted,
                "history": history,
                "labels": STATUS_LABEL,
                "fresh": request.query_params.get("baru") == "1",
                **counter_visit(profile, row),
            },
        )

    @r.get("/api/status/{token}")
    async def status_json(token: str) -> dict[str, str | None]:
        async with runtime.pool.acquire() as conn:
            row = await db.by_token_hash(conn, token_digest(token))
        if row is None:
            raise HTTPException(404, "Tautan status tidak dikenal")
        return {"reference": row["reference"], "status": row["status"], "user_id": row["user_id"]}

    return r
