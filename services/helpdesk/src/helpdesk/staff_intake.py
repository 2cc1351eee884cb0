"""Staff record a report for someone who walked in, phoned or emailed: the same ticket as the public form's, with
the channel recorded and the status page's link handed over when there is no email to send it to."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from contracts.lpse import LpseProfile
from helpdesk.attachments import FIELD, LIMIT_TEXT, MAX_BYTES, AttachmentStore, Upload
from helpdesk.domain import StaffTicketForm
from helpdesk.domain.labels import CHANNEL_LABEL, REPORTER_ROLE_LABEL
from helpdesk.settings import Settings
from helpdesk.staff_page import may, profile_of, store_of
from helpdesk.staff_views import ROLE_LABEL
from helpdesk.usecases import intake
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.forms import submission_key
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
FIELDS = ("channel", "category", "reporter_role", "name", "email", "phone", "summary", "description", "language")


def refusals(profile: LpseProfile, form: StaffTicketForm) -> FieldErrors:
    """What this LPSE does not take, beside the field: a channel, category or reporter its standard does not name."""
    rules, errors = profile.helpdesk, {}
    if form.channel not in rules.channels:
        errors["channel"] = "Saluran ini tidak tercantum dalam standar pelayanan LPSE ini."
    if rules.category(form.category) is None:
        errors["category"] = "Pilih jenis permasalahan yang dilayani LPSE ini."
    if form.reporter_role not in rules.reporter_roles:
        errors["reporter_role"] = "Peran ini tidak dilayani helpdesk LPSE ini."
    return errors


async def uploads_of(files: list[UploadFile | str]) -> list[Upload]:
    """The files handed over, each read no further than one byte past the limit."""
    sent = [f for f in files if isinstance(f, UploadFile) and f.filename]
    return [Upload(f.filename or "", await f.read(MAX_BYTES + 1), f.size) for f in sent]


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET|POST /helpdesk/staf/tiket/baru."""
    r = APIRouter()
    files: list[AttachmentStore] = []

    def page(
        request: Request, staff: StaffPrincipal, values: Mapping[str, str], errors: FieldErrors, key: uuid.UUID
    ) -> Response:
        profile = profile_of(runtime, staff, "tiket.catat")
        rules = profile.helpdesk
        context = {
            "staff": staff,
            "role_label": ROLE_LABEL.get(staff.role, staff.role),
            "profile": profile,
            "values": values,
            "errors": errors,
            "submission_key": key,
            "channels": [(c, CHANNEL_LABEL.get(c, c)) for c in rules.channels],
            "categories": [(c.code.value, c.label) for c in rules.categories],
            "roles": [(role, REPORTER_ROLE_LABEL[role]) for role in rules.reporter_roles],
            "limit_text": LIMIT_TEXT,
        }
        return templates.TemplateResponse(request, "staf_tiket_baru.html", context, status_code=422 if errors else 200)

    @r.get("/tiket/baru", response_class=HTMLResponse)
    async def blank(request: Request, staff: Annotated[StaffPrincipal, may("tiket.catat")]) -> Response:
        """The form for a report taken at the counter, by phone or by email."""
        return page(request, staff, {}, {}, uuid.uuid4())

    @r.post("/tiket/baru", response_class=HTMLResponse)
    async def record(request: Request, staff: Annotated[StaffPrincipal, may("tiket.catat")]) -> Response:
        """Open the ticket on the reporter's behalf; the receipt gives the reference and the status page."""
        profile, settings = profile_of(runtime, staff, "tiket.catat"), runtime.settings
        assert isinstance(settings, Settings)
        data = await request.form()
        raw = {name: str(data.get(name, "")) for name in FIELDS}
        key = submission_key(data.get("submission_key"))
        form, errors = parse_form(StaffTicketForm, raw)
        errors = errors if form is None else refusals(profile, form)
        if form is None or errors:
            return page(request, staff, raw, errors, key)
        uploads = await uploads_of(list(data.getlist(FIELD)))
        try:
            receipt = await intake.record_for_reporter(
                runtime.pool, profile, form, key, runtime.clock.now(), actor=staff.actor, settings=settings,
                files=uploads, store=store_of(runtime, files) if uploads else None,
            )  # fmt: skip
        except intake.AttachmentsRefused as refused:
            return page(request, staff, raw, {FIELD: str(refused)}, key)
        context = {"staff": staff, "role_label": ROLE_LABEL.get(staff.role, staff.role), "profile": profile}
        context |= {"receipt": receipt, "channel": CHANNEL_LABEL.get(form.channel, form.channel)}
        return templates.TemplateResponse(request, "staf_tiket_dicatat.html", context)

    return r
