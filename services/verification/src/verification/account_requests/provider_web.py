"""The provider's request pages: file one (/akun/permohonan/baru), follow it, print its letter, withdraw it, upload
again what was returned; and the email link that proves a new address (/akun/email/<token>, no sign-in)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.datastructures import FormData, UploadFile

from contracts.provider_account import ProviderRequestKind
from lpse_runtime.downloads import download, safe_filename
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.uploads import check_upload
from lpse_runtime.web import templates_for
from verification.account_requests import filing_usecases as uc
from verification.account_requests import views
from verification.account_requests.filing import asked_documents, missing_documents
from verification.account_requests.forms import FIELDS, FORMS, by_proxy_ticked, parse_request_form
from verification.provider_area.session import ProviderPrincipal, current_provider, require_provider

templates = templates_for(__file__)
_area = Path(__file__).parents[1] / "provider_area" / "templates"  # the account area's layout (akun_base.html)
templates.env.loader = ChoiceLoader([templates.env.loader, FileSystemLoader(_area)]) if templates.env.loader else None
Provider = Annotated[ProviderPrincipal, Depends(require_provider)]
NOT_FOUND = "Permohonan tidak ditemukan."
REFERENCE = re.compile(r"PRM-[A-Z]{3}-[0-9]{4}-[0-9A-Z]{6}")
TEXT_FIELDS = ("new_email", "new_npwp", "new_company_name", "deed_number", "deed_date", "sk_number", "address",
               "phone", "pkp_number", "director_name", "reason", "by_proxy")  # fmt: skip


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """An account-area page, the signed-in account (if any) in its header."""
    provider = getattr(request.state, "provider", None)
    return templates.TemplateResponse(request, name, {"provider": provider} | context, status_code=status_code)


def checked(reference: str) -> str:
    """A reference as the platform makes them (PRM-BJM-2612-7K3Q9P); anything else is not found."""
    if not REFERENCE.fullmatch(reference):
        raise HTTPException(404, NOT_FOUND)
    return reference


def kind_of(raw: str) -> ProviderRequestKind:
    """The kind asked in `?jenis=`; one that cannot be filed online is not found."""
    if raw not in FORMS:
        raise HTTPException(404, "Jenis permohonan tidak dikenal.")
    return raw


async def read_uploads(
    data: FormData, codes: Iterable[str], names: dict[str, str], limit: int
) -> tuple[dict[str, uc.Upload], FieldErrors]:
    """Each file sent as `doc_<code>`, checked by content and size; a message beside each refused one."""
    got: dict[str, uc.Upload] = {}
    errors: FieldErrors = {}
    for code in codes:
        field = data.get(f"doc_{code}")
        if not isinstance(field, UploadFile) or not field.filename:
            continue
        content = await field.read(limit + 1)  # never more than the limit in memory
        checked = await asyncio.to_thread(check_upload, content, limit, size=field.size)
        if isinstance(checked, str):
            errors[f"doc_{code}"] = f"{names.get(code, code)}: {checked}"
            continue
        got[code] = uc.Upload(code, safe_filename(field.filename), content, checked)
    return got, errors


def new_form_page(request: Request, prepared: uc.Prepared, kind: ProviderRequestKind, **context: Any) -> Response:
    """The new-request form (or the page-level refusal in its place)."""
    refused = prepared.refused
    status = refused.status_code if refused is not None else int(context.pop("status_code", 200))
    if refused is not None and refused.status_code == 404:
        return page(request, "request_not_offered.html", 404, message=refused.errors["form"], profile=prepared.profile)
    ctx = views.new_form(prepared, kind) | {"values": {}, "errors": {}, "fields": FIELDS[kind]} | context
    return page(request, "request_new.html", status, **ctx)


def router(runtime: ServiceRuntime) -> APIRouter:
    """The request routes of the account area."""
    r = APIRouter(prefix="/akun")

    def desk() -> uc.RequestDesk:  # per request: the bucket needs the broker's connection, made at start-up
        return uc.RequestDesk.of(runtime)

    @r.get("/permohonan/baru", response_class=HTMLResponse)
    async def new_request(request: Request, provider: Provider, jenis: str = "") -> Response:
        kind = kind_of(jenis)
        return new_form_page(request, await uc.prepare(desk(), provider.provider_id, provider.lpse, kind), kind)

    @r.post("/permohonan/baru", response_class=HTMLResponse)
    async def file_request(request: Request, provider: Provider, jenis: str = "") -> Response:
        kind = kind_of(jenis)
        prepared = await uc.prepare(desk(), provider.provider_id, provider.lpse, kind)
        if prepared.refused is not None or prepared.service is None or prepared.account is None:
            return new_form_page(request, prepared, kind)
        data = await request.form()
        values = {name: str(data.get(name, "")) for name in TEXT_FIELDS}
        form, errors = parse_request_form(kind, values)
        names = {d.rule.code: d.rule.name for d in views.slots(prepared)}
        uploads, upload_errors = await read_uploads(data, names, names, desk().max_upload_bytes)
        if form is not None and not upload_errors:
            filed = await uc.file(desk(), provider.provider_id, kind, form, uploads)
            if isinstance(filed, str):
                return RedirectResponse(f"/akun/permohonan/{filed}?diajukan=1", status_code=303)
            errors, code = filed.errors, filed.status_code
        else:
            by_proxy = by_proxy_ticked(values["by_proxy"])
            asked = asked_documents(prepared.service, prepared.account, by_proxy=by_proxy)
            errors, code = errors | missing_documents(asked, uploads) | upload_errors, 422
        return new_form_page(request, prepared, kind, values=values, errors=errors, status_code=code)

    @r.get("/permohonan/{reference}", response_class=HTMLResponse)
    async def request_page(request: Request, reference: str, provider: Provider) -> Response:
        reference = checked(reference)
        found = await uc.request_page(desk(), provider.provider_id, reference)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        flags = {k: request.query_params.get(k) == "1" for k in ("diajukan", "dibatalkan", "diunggah")}
        return page(request, "request_page.html", **views.request_view(found), **flags, galat=None, errors={})

    @r.get("/permohonan/{reference}/surat.pdf")
    async def request_letter(reference: str, provider: Provider) -> Response:
        reference = checked(reference)
        letter = await uc.letter(desk(), provider.provider_id, reference)
        if letter is None:
            raise HTTPException(404, NOT_FOUND)
        return download(letter.content, "application/pdf", letter.filename)

    @r.post("/permohonan/{reference}/batalkan", response_class=HTMLResponse)
    async def withdraw(request: Request, reference: str, provider: Provider) -> Response:
        reference = checked(reference)
        try:
            refusal = await uc.withdraw_request(desk(), provider.provider_id, reference)
        except LookupError:
            raise HTTPException(404, NOT_FOUND) from None
        if refusal is None:
            return RedirectResponse(f"/akun/permohonan/{reference}?dibatalkan=1", status_code=303)
        return await _page_with(request, reference, provider, {"form": refusal}, 409)

    @r.post("/permohonan/{reference}/unggah-ulang", response_class=HTMLResponse)
    async def upload_again(request: Request, reference: str, provider: Provider) -> Response:
        reference = checked(reference)
        found = await uc.request_page(desk(), provider.provider_id, reference)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        names = {item.code: item.name for item in views.returned(found)}
        uploads, errors = await read_uploads(await request.form(), names, names, desk().max_upload_bytes)
        if not errors:
            refused = await uc.resubmit(desk(), provider.provider_id, reference, uploads)
            if refused is None:
                return RedirectResponse(f"/akun/permohonan/{reference}?diunggah=1", status_code=303)
            errors = refused.errors
        return await _page_with(request, reference, provider, errors, 422)

    async def _page_with(
        request: Request, reference: str, provider: ProviderPrincipal, errors: FieldErrors, status: int
    ) -> Response:
        found = await uc.request_page(desk(), provider.provider_id, reference)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        view = views.request_view(found)
        return page(request, "request_page.html", status, **view, galat=errors.get("form"), errors=errors)

    @r.get("/email/{token}", response_class=HTMLResponse)
    async def email_proof(request: Request, token: str) -> Response:
        await current_provider(request)
        return _proof_page(request, await uc.proof_view(desk(), token[:200]))

    @r.post("/email/{token}", response_class=HTMLResponse)
    async def prove_email(request: Request, token: str) -> Response:
        await current_provider(request)
        return _proof_page(request, await uc.prove(desk(), token[:200]))

    return r


def _proof_page(request: Request, view: uc.ProofView) -> Response:
    if view.state is uc.ProofState.UNKNOWN:
        raise HTTPException(404, "Tautan konfirmasi email tidak dikenal.")
    status = 410 if view.state is uc.ProofState.GONE else 200
    return page(request, "request_email_proof.html", status, view=view, states=uc.ProofState)
