"""Helpdesk's public intake: report a problem to an LPSE's helpdesk, with up to three attachments."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from contracts.lpse import LpseProfile, describe_hours
from helpdesk.attachments import FIELD, LIMIT_TEXT, MAX_BYTES, AttachmentStore, Upload
from helpdesk.domain import validate_ticket
from helpdesk.domain.labels import REPORTER_ROLE_LABEL
from helpdesk.domain.opening import deadline_text
from helpdesk.settings import Settings
from helpdesk.usecases import intake
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.forms import profile_or_404, submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = ("category", "reporter_role", "name", "email", "phone", "summary", "description", "language")
# Categories with a form of their own (signed-in internal users): the ticket form links to it instead of offering it.
OWN_FORMS: dict[str, tuple[str, str]] = {
    "ubah_jadwal": ("Ajukan perubahan jadwal tender", "/helpdesk/staf/jadwal/baru"),
    "uji_forensik": ("Ajukan uji forensik", "/helpdesk/staf/forensik/baru"),
}


def form_page(
    request: Request,
    profile: LpseProfile,
    values: Mapping[str, str],
    errors: FieldErrors,
    key: uuid.UUID,
    status: int = 200,
) -> Response:
    """The report form, with what was typed and a message beside each bad field."""
    rules = profile.helpdesk
    context = {
        "profile": profile,
        "values": values,
        "errors": errors,
        "submission_key": key,
        "categories": [
            (c.code.value, c.label, deadline_text(profile, c.code))
            for c in rules.categories
            if c.code.value not in OWN_FORMS
        ],
        "own_forms": [OWN_FORMS[c.code.value] for c in rules.categories if c.code.value in OWN_FORMS],
        "roles": [(r, REPORTER_ROLE_LABEL[r]) for r in rules.reporter_roles],
        "deadline": deadline_text(profile, rules.categories[0].code),
        "hours": describe_hours(profile.office_hours, profile.zone_label),
        "limit_text": LIMIT_TEXT,
    }
    return templates.TemplateResponse(request, "ticket_form.html", context, status_code=status)


async def uploads_of(files: list[UploadFile | str]) -> list[Upload]:
    """The files sent, each read no further than one byte past the limit."""
    read = []
    for file in files:
        if isinstance(file, UploadFile) and file.filename:
            read.append(Upload(file.filename, await file.read(MAX_BYTES + 1), file.size))
    return read


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /helpdesk intake pages."""
    r = APIRouter(prefix="/helpdesk")
    store: list[AttachmentStore] = []

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(runtime.profiles, lpse)

    def attachment_store() -> AttachmentStore:
        if not store:
            store.append(AttachmentStore(runtime.broker.config.connection_state.stream))
        return store[0]

    @r.get("/", response_class=HTMLResponse)
    async def choose(request: Request) -> Response:
        return templates.TemplateResponse(request, "choose.html", {"profiles": runtime.profiles.values()})

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def form(request: Request, lpse: str) -> Response:
        return form_page(request, profile_of(lpse), {}, {}, uuid.uuid4())

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def submit(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        valid, errors = validate_ticket(raw)
        if valid is not None and (profile.helpdesk.category(valid.category) is None or valid.category in OWN_FORMS):
            valid, errors = None, {"category": "Pilih jenis permasalahan yang dilayani LPSE ini."}
        if valid is not None and valid.reporter_role not in profile.helpdesk.reporter_roles:
            valid, errors = None, {"reporter_role": "Peran ini tidak dilayani helpdesk LPSE ini."}
        if valid is None:
            return form_page(request, profile, raw, errors, key, status=422)
        settings = runtime.settings
        assert isinstance(settings, Settings)
        files = await uploads_of(list(data.getlist(FIELD)))
        try:
            receipt = await intake.report(
                runtime.pool, profile, valid, key, runtime.clock.now(), settings=settings, files=files,
                store=attachment_store() if files else None,
            )  # fmt: skip
        except intake.AttachmentsRefused as refused:
            return form_page(request, profile, raw, {FIELD: str(refused)}, key, status=422)
        context = {"profile": profile, "reference": receipt.reference, "email": receipt.email}
        return templates.TemplateResponse(request, "ticket_received.html", context)

    return r
