"""The way to an application: the email first, then the form through the private link, saved as a draft."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from contracts.lpse import LpseProfile, Requirement
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.forms import profile_or_404
from lpse_runtime.web import templates_for
from registration.form import (
    EmailProof,
    asked_documents,
    brought_by_proxy,
    draft_problems,
    lanes_offered,
    proxy_only_codes,
    validate_form,
)
from registration.submission import Draft, upload_problem
from registration.usecases import applying, uploads
from registration.usecases.applying import AlreadySent, Refused, Sent
from registration.usecases.desk import Desk

templates = templates_for(__file__)
FIELDS = (
    "provider_type",
    "company_name",
    "npwp",
    "nib",
    "director_name",
    "director_nik",
    "language",
    "by_proxy",
    "verification_mode",
)
SAVED = "Draf tersimpan. Lanjutkan kapan saja lewat tautan di email Anda."


def form_context(profile: LpseProfile, values: Mapping[str, str], uploaded: Mapping[str, object]) -> dict[str, object]:
    """The form's document slots and choices for what was entered so far."""
    # Proxy slots are rendered even when not chosen (hidden), so a script can show them without a round trip.
    proxy_codes = proxy_only_codes(profile, values)
    slots = [
        (rule, need, uploaded.get(rule.code)) for rule, need in asked_documents(profile, {**values, "by_proxy": "ya"})
    ]
    return {
        "slots": [slot for slot in slots if slot[0].code not in proxy_codes],
        "proxy_slots": [slot for slot in slots if slot[0].code in proxy_codes],
        "offers_proxy": any(d.condition == "jika_dikuasakan" for d in profile.service("registrasi_penyedia").documents),
        "by_proxy": brought_by_proxy(values),
        "lanes": lanes_offered(profile),
        "optional": Requirement.OPTIONAL,
    }


def router(desk: Desk) -> APIRouter:
    """/daftar/{lpse}/ (the email) and /daftar/draf/{token} (the form)."""
    r = APIRouter(prefix="/daftar")

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(desk.profiles, lpse)

    def email_page(request: Request, profile: LpseProfile, email: str, error: str | None, status: int) -> Response:
        context = {"profile": profile, "email": email, "error": error}
        return templates.TemplateResponse(request, "email.html", context, status_code=status)

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def email_step(request: Request, lpse: str) -> Response:
        return email_page(request, profile_of(lpse), "", None, 200)

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def send_link(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        entered = str((await request.form()).get("email", ""))
        form, errors = parse_form(EmailProof, {"email": entered})
        if form is None:
            return email_page(request, profile, entered, errors["email"], 422)
        taken = await applying.ask_email_proof(desk, profile, form)
        if taken is not None:
            return email_page(request, profile, entered, taken, 409)
        return templates.TemplateResponse(request, "email_sent.html", {"profile": profile, "email": form.email})

    async def opened(token: str) -> Draft:
        draft = await applying.open_draft(desk, token)
        if draft is None:
            raise HTTPException(404, applying.UNKNOWN_DRAFT)
        return draft

    async def page(
        request: Request, draft: Draft, values: Mapping[str, str], errors: FieldErrors, notice: str | None = None
    ) -> Response:
        profile = profile_of(draft.lpse)
        context = {
            "profile": profile,
            "values": values,
            "errors": errors,
            "email": draft.email,
            "notice": notice,
            "action": request.url.path,
            "max_mb": desk.max_upload_bytes // (1024 * 1024),
            **form_context(profile, values, await uploads.uploaded_to(desk, draft.id)),
        }
        status = 422 if errors else 200
        return templates.TemplateResponse(request, "form.html", context, status_code=status)

    async def already(request: Request, draft: Draft, token: str) -> Response:
        """A sent form's draft link leads to its status page, or says which application it became."""
        sent = await applying.sent_application(desk, token, draft)
        if isinstance(sent, Sent):
            return RedirectResponse(f"/daftar/status/{sent.status_token}", status_code=303)
        return templates.TemplateResponse(request, "already.html", {"reference": sent})

    @r.get("/draf/{token}", response_class=HTMLResponse)
    async def draft_form(request: Request, token: str) -> Response:
        draft = await opened(token)
        if draft.application_id is not None:
            return await already(request, draft, token)
        return await page(request, draft, dict(draft.fields), {})

    @r.post("/draf/{token}", response_class=HTMLResponse)
    async def save_or_submit(request: Request, token: str) -> Response:
        draft = await opened(token)
        data = await request.form()
        values = {name: str(data.get(name, "")) for name in FIELDS}
        if draft.application_id is not None:
            return await already(request, draft, token)
        problems = draft_problems(values)
        if problems:  # nothing of this post is kept: neither the fields nor the files that came with it
            return await page(request, draft, values, problems)
        asked = [rule for rule, _ in asked_documents(profile_of(draft.lpse), values)]
        files = {name: value for name, value in data.items() if isinstance(value, UploadFile)}
        refused = await uploads.upload_documents(desk, draft.id, asked, files)
        upload_errors = {f"doc_{r.code}": upload_problem(r.name, refused[r.code]) for r in asked if r.code in refused}
        if data.get("action") != "kirim":
            await applying.keep_draft(desk, draft, values)
            return await page(request, draft, values, upload_errors, notice=SAVED)
        form, errors = validate_form({**values, "email": draft.email}, profile_of(draft.lpse))
        outcome = await applying.send_form(desk, token, draft, values, form, {**errors, **upload_errors})
        if isinstance(outcome, AlreadySent):
            return await already(request, outcome.draft, token)
        if isinstance(outcome, Refused):
            return await page(request, draft, values, outcome.errors)
        return RedirectResponse(f"/daftar/status/{outcome.status_token}?baru=1", status_code=303)

    return r
