"""The reporter's survey page: opened from the signed link in the closing email, answered once per case."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

import helpdesk
from contracts.lpse import LpseProfile
from helpdesk.survey import usecases
from helpdesk.survey.domain import CASE_KINDS, CaseKind
from helpdesk.survey.skm import ELEMENTS, SurveyForm
from helpdesk.survey_link import survey_link_holds
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import LinkSealing
from lpse_runtime.web import templates_for

templates = templates_for(helpdesk.__file__)  # the helpdesk's templates folder, beside its other pages
NOT_FOUND = "Survei tidak ditemukan. Periksa kembali tautan pada email Anda."
MAC_LENGTH = 32


def survey_page(
    request: Request,
    profile: LpseProfile,
    kind: CaseKind,
    values: Mapping[str, str],
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    """The nine questions, with what was chosen and a message beside each unanswered one."""
    context = {"profile": profile, "kind_label": CASE_KINDS[kind], "elements": ELEMENTS}
    context |= {"values": values, "errors": errors}
    return templates.TemplateResponse(request, "survei.html", context, status_code=status)


def answered_page(request: Request, profile: LpseProfile, kind: CaseKind, template: str) -> Response:
    """The thank-you page, or the one saying this case's survey was answered before."""
    context = {"profile": profile, "kind_label": CASE_KINDS[kind]}
    return templates.TemplateResponse(request, template, context)


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET|POST /helpdesk/survei/{lpse}/{tiket|pengaduan}/{case_id}/{mac}."""
    if not isinstance(runtime.settings, LinkSealing):
        raise TypeError("the survey checks its links with the helpdesk's LINK_SECRET")
    secret = runtime.settings.link_secret
    r = APIRouter(prefix="/helpdesk/survei")

    def opened(lpse: str, case_kind: str, case_id: uuid.UUID, mac: str) -> tuple[LpseProfile, CaseKind]:
        """The case a genuine link names; any other link is not found, whatever part of it is wrong."""
        profile = runtime.profiles.get(lpse)
        kind: CaseKind | None = "tiket" if case_kind == "tiket" else "pengaduan" if case_kind == "pengaduan" else None
        # compare_digest refuses non-ASCII text: such a MAC is no MAC of ours, so it is not found, not a crash.
        genuine = len(mac) == MAC_LENGTH and mac.isascii()
        if profile is None or kind is None or not genuine or not survey_link_holds(secret, lpse, kind, case_id, mac):
            raise HTTPException(404, NOT_FOUND)
        return profile, kind

    @r.get("/{lpse}/{case_kind}/{case_id}/{mac}", response_class=HTMLResponse)
    async def form(request: Request, lpse: str, case_kind: str, case_id: uuid.UUID, mac: str) -> Response:
        profile, kind = opened(lpse, case_kind, case_id, mac)
        if await usecases.already_answered(runtime.pool, kind, case_id):
            return answered_page(request, profile, kind, "survei_sudah_diisi.html")
        return survey_page(request, profile, kind, {}, {})

    @r.post("/{lpse}/{case_kind}/{case_id}/{mac}", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str, case_kind: str, case_id: uuid.UUID, mac: str) -> Response:
        profile, kind = opened(lpse, case_kind, case_id, mac)
        data = await request.form()
        answers, errors = parse_form(SurveyForm, data)
        if answers is None:
            values = {name: str(data.get(name, "")) for name in (*(e.field for e in ELEMENTS), "saran")}
            return survey_page(request, profile, kind, values, errors, status=422)
        stored = await usecases.submit(runtime.pool, profile.code, kind, case_id, answers, runtime.clock.now())
        page = "survei_terima_kasih.html" if stored else "survei_sudah_diisi.html"
        return answered_page(request, profile, kind, page)

    return r
