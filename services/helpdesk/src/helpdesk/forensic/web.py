"""The Pokja's forensic pages (file a request, the own list, a case, its files and its berita acara), the email-
linked status page (files and digests listed, never served) and the notifier's signed link to the report."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature
from starlette.datastructures import FormData, UploadFile

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from contracts.requests import RequestChannel
from helpdesk.forensic import files, usecases, views
from helpdesk.forensic.desk import REPORT_LINK_AGE, Filing, ForensicDesk, service_of
from helpdesk.forensic.domain import STATUS_LABEL
from helpdesk.forensic.forms import parse_request
from lpse_runtime.authz import acting_lpse, require
from lpse_runtime.downloads import download
from lpse_runtime.forms import submission_key
from lpse_runtime.objects import ObjectBucket
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import LinkSealing
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
BASE = "/helpdesk/staf/forensik"
FIELDS = ("tender_id", "tender_name", "description", "requester_name", "requester_nip", "requester_email")
router = APIRouter()
_buckets: dict[int, ObjectBucket] = {}


def desk_of(runtime: ServiceRuntime) -> ForensicDesk:
    """The forensic desk of a running service (its bucket made once per runtime)."""
    settings = runtime.settings
    secret = settings.link_secret if isinstance(settings, LinkSealing) else LinkSealing().link_secret
    bucket = _buckets.get(id(runtime))
    if bucket is None:
        bucket = _buckets[id(runtime)] = files.ForensicBucket(runtime.broker.config.connection_state.stream)
    return ForensicDesk(runtime.pool, runtime.profiles, runtime.clock, secret, settings.public_base_url, bucket)


def desk(request: Request) -> ForensicDesk:
    """The desk of the service this request reached."""
    return desk_of(request.app.state.runtime)


Desk = Annotated[ForensicDesk, Depends(desk)]
Pokja = Annotated[StaffPrincipal, Depends(require("forensik.ajukan"))]


def test_id_of(raw: str) -> uuid.UUID:
    """The case's id from the path; anything else is not found."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise HTTPException(404, "Permohonan uji forensik tidak ditemukan") from None


def uploads(data: FormData, name: str) -> list[UploadFile]:
    """The files sent under a field name."""
    return [v for v in data.getlist(name) if isinstance(v, UploadFile)]


def form_page(request: Request, ctx: dict[str, Any], *, status_code: int = 200) -> Response:
    """The request form (for the Pokja, or at the counter), with what was typed and a message beside each field."""
    page = {"values": {}, "errors": {}, "submission_key": uuid.uuid4(), "counter": False} | ctx
    return templates.TemplateResponse(request, "forensik_form.html", page, status_code=status_code)


def no_service(request: Request, profile: LpseProfile, back: str) -> Response:
    """An LPSE whose standard has no uji forensik service."""
    context = {"profile": profile, "back": back}
    return templates.TemplateResponse(request, "forensik_tidak_ada.html", context, status_code=404)


async def submit(
    request: Request, d: ForensicDesk, staff: StaffPrincipal, profile: LpseProfile, counter: bool
) -> Response:
    """Parse the form and the files; file the request, or show the form again with each message (nothing kept)."""
    data = await request.form()
    raw = {name: str(data.get(name, "")) for name in FIELDS}
    key = submission_key(data.get("submission_key"))
    form, errors = parse_request(raw, counter=counter)
    form_file = next(iter(uploads(data, files.FORM_FIELD)), None)
    got_form, got, file_errors = await files.receive_all(form_file, uploads(data, files.FILES_FIELD))
    errors |= file_errors
    if form is None or errors or got_form is None:
        ctx = {"staff": staff, "profile": profile, "values": raw, "errors": errors, "submission_key": key}
        return form_page(request, ctx | {"counter": counter}, status_code=422)
    channel: RequestChannel = "datang_langsung" if counter else "web"
    filing = Filing(form, got_form, tuple(got), key, staff.actor, staff.name, channel)
    _, test_id = await usecases.file(d, profile, filing)
    target = f"{BASE}/{test_id}" if counter else f"{BASE}/saya/{test_id}"
    return RedirectResponse(f"{target}?diajukan=1", status_code=303)


@router.get(f"{BASE}/baru", response_class=HTMLResponse)
async def new_request(request: Request, staff: Pokja, d: Desk) -> Response:
    """*Ajukan uji forensik*."""
    profile = d.profiles[acting_lpse(staff, "forensik.ajukan")]
    if service_of(profile) is None:
        return no_service(request, profile, "/staf/")
    return form_page(request, {"staff": staff, "profile": profile})


@router.post(f"{BASE}/baru", response_class=HTMLResponse)
async def file_request(request: Request, staff: Pokja, d: Desk) -> Response:
    """The Pokja files the request with the signed form and the files to test."""
    profile = d.profiles[acting_lpse(staff, "forensik.ajukan")]
    if service_of(profile) is None:
        return no_service(request, profile, "/staf/")
    return await submit(request, d, staff, profile, counter=False)


@router.get(f"{BASE}/saya", response_class=HTMLResponse)
async def my_requests(request: Request, staff: Pokja, d: Desk) -> Response:
    """*Permohonan uji forensik saya*."""
    profile = d.profiles[acting_lpse(staff, "forensik.ajukan")]
    rows = await views.mine(d, staff.username)
    context = {"staff": staff, "profile": profile, "rows": rows, "labels": STATUS_LABEL}
    return templates.TemplateResponse(request, "forensik_saya.html", context)


async def own_case(d: ForensicDesk, raw_id: str, staff: StaffPrincipal) -> views.CaseView:
    """The Pokja's own case; another's is not found."""
    view = await views.case_view(d, test_id_of(raw_id))
    if view is None or view.row["filed_by"] != staff.username:
        raise HTTPException(404, "Permohonan uji forensik tidak ditemukan")
    return view


@router.get(f"{BASE}/saya/{{raw_id}}", response_class=HTMLResponse)
async def my_case(request: Request, raw_id: str, staff: Pokja, d: Desk) -> Response:
    """The Pokja's case: status, files with their digests, the parties, the chain of custody, the report."""
    view = await own_case(d, raw_id, staff)
    context = {"staff": staff, "v": view, "profile": view.profile, "mode": "pokja", "base": f"{BASE}/saya/{raw_id}"}
    context |= {"error": request.query_params.get("galat"), "filed": request.query_params.get("diajukan") == "1"}
    return templates.TemplateResponse(request, "forensik_kasus.html", context)


@router.post(f"{BASE}/saya/{{raw_id}}/lengkapi", response_class=HTMLResponse)
async def complete(request: Request, raw_id: str, staff: Pokja, d: Desk) -> Response:
    """The Pokja completes a returned request with the files asked for."""
    view = await own_case(d, raw_id, staff)
    got, refusal = await files.receive_files(uploads(await request.form(), files.FILES_FIELD))
    if refusal is None:
        outcome = await usecases.complete(d, view.row["id"], staff.username, staff.name, tuple(got))
        refusal = outcome.refusal
    suffix = f"?galat={refusal}" if refusal else ""
    return RedirectResponse(f"{BASE}/saya/{raw_id}{suffix}", status_code=303)


@router.get(f"{BASE}/saya/{{raw_id}}/berkas/{{seq}}")
async def my_file(raw_id: str, seq: int, staff: Pokja, d: Desk) -> Response:
    """One of the Pokja's own files, re-hashed before it is served."""
    view = await own_case(d, raw_id, staff)
    return served(await views.read_file(d, view.row["id"], seq, staff.actor, d.clock.now()), "application/octet-stream")


@router.get(f"{BASE}/saya/{{raw_id}}/berita-acara")
async def my_report(raw_id: str, staff: Pokja, d: Desk) -> Response:
    """The berita acara of the Pokja's own case."""
    view = await own_case(d, raw_id, staff)
    return served(await views.read_report(d, view.row["id"], staff.actor, d.clock.now()), "application/pdf")


def served(got: views.Served | None, content_type: str) -> Response:
    """A file read back, or why not."""
    if got is None:
        raise HTTPException(404, "Berkas tidak ditemukan")
    if got.refusal:
        raise HTTPException(409, got.refusal)
    return download(got.content, content_type, got.name)


@router.get("/helpdesk/forensik/berita-acara/{signed}")
async def report_by_link(signed: str, d: Desk) -> Response:
    """The report behind the signed link a `report_issued` fact carries (the notifier attaches it)."""
    try:
        test_id = uuid.UUID(d.report_links.loads(signed, max_age=REPORT_LINK_AGE))
    except (BadSignature, ValueError):
        raise HTTPException(404, "Tautan dokumen tidak dikenal atau kedaluwarsa") from None
    return served(await views.read_report(d, test_id, Actor.system("notifier"), d.clock.now()), "application/pdf")


@router.get("/helpdesk/forensik/{token}", response_class=HTMLResponse)
async def status(request: Request, token: str, d: Desk) -> Response:
    """The requester's status page by its sealed link: the files and digests are listed, never served."""
    view = await views.status_view(d, token_digest(token))
    if view is None:
        raise HTTPException(404, "Permohonan uji forensik tidak ditemukan")
    error = request.query_params.get("galat")
    context = {"v": view, "profile": view.profile, "mode": "status", "base": f"/helpdesk/forensik/{token}"}
    return templates.TemplateResponse(request, "forensik_kasus.html", context | {"error": error, "filed": False})


@router.post("/helpdesk/forensik/{token}/lengkapi", response_class=HTMLResponse)
async def complete_by_link(request: Request, token: str, d: Desk) -> Response:
    """The requester completes a returned request from its status link (how a counter request comes back)."""
    got, refusal = await files.receive_files(uploads(await request.form(), files.FILES_FIELD))
    if refusal is None:
        outcome = await usecases.complete_by_link(d, token_digest(token), tuple(got))
        if not outcome.found:
            raise HTTPException(404, "Permohonan uji forensik tidak ditemukan")
        refusal = outcome.refusal
    suffix = f"?galat={refusal}" if refusal else ""
    return RedirectResponse(f"/helpdesk/forensik/{token}{suffix}", status_code=303)
