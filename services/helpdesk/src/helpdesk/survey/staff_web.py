"""The head of the LPSE's page of survey results: a period, a kind of case, the nine means, the IKM and its chart."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

import helpdesk
from helpdesk.survey import usecases
from helpdesk.survey.chart import bar_chart
from helpdesk.survey.domain import CASE_KINDS, CaseKind
from helpdesk.survey.periods import Period, choices, current_year, parse_period
from helpdesk.survey.skm import CATEGORIES, ELEMENTS, decimal_id, verdict
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(helpdesk.__file__)
ACTION = "skm.lihat"
BAD_PERIOD = "Pilih periode dari daftar."
BAD_KIND = "Pilih jenis layanan dari daftar."


def chosen(periode: str, layanan: str, default: Period) -> tuple[Period, CaseKind | None, FieldErrors]:
    """The period and kind of case asked for; a value not on the lists gets its message and the default."""
    errors: FieldErrors = {}
    period = parse_period(periode) if periode else default
    if period is None:
        errors["periode"], period = BAD_PERIOD, default
    kind: CaseKind | None = None
    if layanan in ("tiket", "pengaduan"):
        kind = "tiket" if layanan == "tiket" else "pengaduan"
    elif layanan:
        errors["layanan"] = BAD_KIND
    return period, kind, errors


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET /helpdesk/staf/skm/."""
    r = APIRouter(prefix="/helpdesk/staf/skm")

    @r.get("/", response_class=HTMLResponse)
    async def results(
        request: Request,
        staff: Annotated[StaffPrincipal, Depends(require(ACTION))],
        periode: str = "",
        layanan: str = "",
    ) -> Response:
        profile = runtime.profiles.get(acting_lpse(staff, ACTION))
        if profile is None:
            raise HTTPException(404, "LPSE tidak ditemukan")
        today = runtime.clock.now().astimezone(ZoneInfo(profile.time_zone)).date()
        period, kind, errors = chosen(periode, layanan, current_year(today))
        summary, per_kind = await usecases.results(runtime.pool, profile.code, period, profile.time_zone, kind)
        scope = CASE_KINDS[kind] if kind else "semua layanan"
        title = f"Nilai rata-rata unsur SKM {profile.name}, {period.label}, {scope}"
        chart = bar_chart(summary.means, summary.index, title) if summary.means and summary.index else None
        context = {
            "staff": staff,
            "profile": profile,
            "period": period,
            "kind": kind or "",
            "scope": scope,
            "errors": errors,
            "choices": choices(today),
            "kinds": CASE_KINDS,
            "summary": summary,
            "per_kind": per_kind,
            "chart": chart,
            "elements": ELEMENTS,
            "categories": CATEGORIES,
            "dec": decimal_id,
            "verdict": verdict,
        }
        return templates.TemplateResponse(request, "staf_skm.html", context)

    return r
