"""The way to an application: the email first, then the form through the private link, saved as a draft."""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import DocumentRule, LpseProfile, Requirement
from contracts.registration import ApplicationResubmittedV1, DocumentRef, EmailVerificationRequestedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.authz import permits
from lpse_runtime.forms import profile_or_404
from lpse_runtime.outbox import enqueue
from lpse_runtime.references import new_reference
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import current_staff
from lpse_runtime.text import normalized_email
from lpse_runtime.web import templates_for
from registration import db
from registration.documents import DocumentStore, check_upload, object_name
from registration.domain import (
    DRAFT_VALIDITY,
    ApplicationStatus,
    asked_documents,
    brought_by_proxy,
    duplicate_errors,
    lanes_offered,
    missing_documents,
    proxy_only_codes,
    reupload_problems,
    status_token_for,
    submitted_event,
    upload_problem,
    validate_form,
)

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


def router(runtime: ServiceRuntime) -> APIRouter:
    """/daftar/{lpse}/ (the email) and /daftar/draf/{token} (the form)."""
    r = APIRouter(prefix="/daftar")

    def profile_of(lpse: str) -> LpseProfile:
        return profile_or_404(runtime.profiles, lpse)

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def email_step(request: Request, lpse: str) -> Response:
        return templates.TemplateResponse(
            request, "email.html", {"profile": profile_of(lpse), "error": None, "email": ""}
        )

    @r.post("/{lpse}/", response_class=HTMLResponse)
    async def send_link(request: Request, lpse: str) -> Response:
        profile = profile_of(lpse)
        entered = str((await request.form()).get("email", ""))
        email = normalized_email(entered)
        if email is None:
            return templates.TemplateResponse(
                request,
                "email.html",
                {
                    "profile": profile,
                    "email": entered,
                    "error": "Alamat email tidak valid, contoh: direktur@perusahaan.co.id.",
                },
                status_code=422,
            )
        now = runtime.clock.now()
        token = secrets.token_urlsafe(24)
        draft_id = uuid.uuid4()
        async with runtime.pool.acquire() as conn, conn.transaction():
            duplicate = await db.find_duplicate(conn, npwp=None, nib=None, email=email)
            if duplicate is not None:
                error = duplicate_errors(False, False, True, runtime.profiles[duplicate["lpse"]].name)["email"]
                return templates.TemplateResponse(
                    request, "email.html", {"profile": profile, "email": entered, "error": error}, status_code=409
                )
            await db.insert_draft(
                conn,
                draft_id=draft_id,
                lpse=profile.code,
                email=email,
                token_hash=token_digest(token),
                now=now,
                expires_at=now + DRAFT_VALIDITY,
            )
            await enqueue(
                conn,
                EmailVerificationRequestedV1(
                    occurred_at=now,
                    lpse=profile.code,
                    correlation_id=draft_id,
                    actor=Actor(id=email, role="penyedia"),
                    draft_id=draft_id,
                    email=email,
                    draft_url=f"{runtime.settings.public_base_url}/daftar/draf/{token}",
                    expires_at=now + DRAFT_VALIDITY,
                ),
            )
        return templates.TemplateResponse(request, "email_sent.html", {"profile": profile, "email": email})

    async def load(token: str) -> tuple[dict[str, object], LpseProfile]:
        async with runtime.pool.acquire() as conn, conn.transaction():
            draft = await db.draft_by_token(conn, token_digest(token))
            if draft is None or draft["expires_at"] < runtime.clock.now():
                raise HTTPException(404, "Tautan pendaftaran tidak dikenal atau kedaluwarsa; mulai lagi dari email.")
            await db.open_draft(conn, draft["id"], runtime.clock.now())
        return dict(draft), profile_of(draft["lpse"])

    def max_bytes() -> int:
        return getattr(runtime.settings, "max_upload_bytes", 5 * 1024 * 1024)

    async def page(
        request: Request,
        draft: dict[str, object],
        profile: LpseProfile,
        values: dict[str, str],
        errors: dict[str, str],
        notice: str | None = None,
        status_code: int = 200,
    ) -> Response:
        async with runtime.pool.acquire() as conn:
            uploaded = await db.documents_of_draft(conn, uuid.UUID(str(draft["id"])))
        # Proxy slots are rendered even when not chosen (hidden), so a script can show them without a round trip.
        proxy_codes = proxy_only_codes(profile, values)
        slots = [
            (rule, need, uploaded.get(rule.code))
            for rule, need in asked_documents(profile, {**values, "by_proxy": "ya"})
        ]
        return templates.TemplateResponse(
            request,
            "form.html",
            {
                "profile": profile,
                "values": values,
                "errors": errors,
                "email": draft["email"],
                "notice": notice,
                "action": request.url.path,
                "slots": [slot for slot in slots if slot[0].code not in proxy_codes],
                "proxy_slots": [slot for slot in slots if slot[0].code in proxy_codes],
                "offers_proxy": any(
                    d.condition == "jika_dikuasakan" for d in profile.service("registrasi_penyedia").documents
                ),
                "by_proxy": brought_by_proxy(values),
                "lanes": lanes_offered(profile),
                "optional": Requirement.OPTIONAL,
                "max_mb": max_bytes() // (1024 * 1024),
            },
            status_code=status_code,
        )

    store_holder: dict[str, DocumentStore] = {}

    def store() -> DocumentStore:
        if "store" not in store_holder:
            store_holder["store"] = DocumentStore(runtime.broker.config.connection_state.stream)
        return store_holder["store"]

    async def take_uploads(data: Any, draft_id: uuid.UUID, rules: list[DocumentRule]) -> dict[str, str]:
        """Keep each acceptable file; of a refused one keep nothing and return its reason, by document code."""
        refused: dict[str, str] = {}
        for rule in rules:
            upload = data.get(f"doc_{rule.code}")
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            content = await upload.read(max_bytes() + 1)  # never more than the limit in memory
            checked = check_upload(content, max_bytes(), size=upload.size)  # the parser spooled it all
            if isinstance(checked, str):
                refused[rule.code] = checked
                continue
            name = object_name(str(draft_id), rule.code, checked.sha256)
            await store().put(name, content)
            async with runtime.pool.acquire() as conn:
                replaced = await db.upsert_document(
                    conn,
                    draft_id=draft_id,
                    code=rule.code,
                    filename=upload.filename[:200],
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                    object_name=name,
                    now=runtime.clock.now(),
                )
            if replaced:
                await store().delete(replaced)
        return refused

    @r.get("/draf/{token}", response_class=HTMLResponse)
    async def draft_form(request: Request, token: str) -> Response:
        draft, profile = await load(token)
        if draft["application_id"] is not None:
            return await already(request, draft, token)
        return await page(request, draft, profile, json.loads(str(draft["fields"])), {})

    async def already(request: Request, draft: dict[str, object], token: str) -> Response:
        """A sent form's draft link leads to its status page (found from the link itself, nothing stored)."""
        status_token = status_token_for(token)
        async with runtime.pool.acquire() as conn:
            application = await db.by_token_hash(conn, token_digest(status_token))
            reference = await db.application_reference(conn, uuid.UUID(str(draft["application_id"])))
        if application is not None and application["id"] == draft["application_id"]:
            return RedirectResponse(f"/daftar/status/{status_token}", status_code=303)
        return templates.TemplateResponse(request, "already.html", {"reference": reference})

    @r.post("/draf/{token}", response_class=HTMLResponse)
    async def save_or_submit(request: Request, token: str) -> Response:
        draft, profile = await load(token)
        data = await request.form()
        values = {name: str(data.get(name, "")) for name in FIELDS}
        now = runtime.clock.now()
        draft_id = uuid.UUID(str(draft["id"]))
        if draft["application_id"] is not None:
            return await already(request, draft, token)
        asked = asked_documents(profile, values)
        refused = await take_uploads(data, draft_id, [rule for rule, _ in asked])
        upload_errors = {
            f"doc_{r.code}": upload_problem(r.name, refused[r.code]) for r, _ in asked if r.code in refused
        }
        if data.get("action") != "kirim":
            async with runtime.pool.acquire() as conn:
                await db.save_draft(conn, draft_id, values, now)
            notice = "Draf tersimpan. Lanjutkan kapan saja lewat tautan di email Anda."
            return await page(
                request, draft, profile, values, upload_errors, notice=notice, status_code=422 if upload_errors else 200
            )
        valid, errors = validate_form({**values, "email": str(draft["email"])}, profile)
        errors.update(upload_errors)
        async with runtime.pool.acquire() as conn, conn.transaction():
            locked = await db.draft_by_token(conn, token_digest(token))  # a second click waits here, then sees it
            assert locked is not None
            if locked["application_id"] is not None:
                return await already(request, dict(locked), token)
            await db.save_draft(conn, draft_id, values, now)
            uploaded = await db.documents_of_draft(conn, draft_id)
            errors.update(missing_documents(asked, uploaded))
            if valid is not None:
                duplicate = await db.find_duplicate(conn, npwp=valid.npwp, nib=valid.nib, email=valid.email)
                if duplicate is not None:
                    errors.update(
                        duplicate_errors(
                            duplicate["same_npwp"],
                            duplicate["same_nib"],
                            duplicate["same_email"],
                            runtime.profiles[duplicate["lpse"]].name,
                        )
                    )
            if valid is None or errors:
                return await page(request, draft, profile, values, errors, status_code=422)
            status_token = status_token_for(token)
            application_id = uuid.uuid4()
            reference = new_reference(profile.short_code, now, secrets.token_bytes(5))
            await db.insert_application(
                conn,
                application_id=application_id,
                lpse=profile.code,
                reference=reference,
                submission_key=draft_id,
                token_hash=token_digest(status_token),
                form=valid,
                now=now,
            )
            await db.mark_draft_submitted(conn, draft_id, application_id)
            event = submitted_event(
                valid,
                profile=profile,
                application_id=application_id,
                reference=reference,
                status_url=f"{runtime.settings.public_base_url}/daftar/status/{status_token}",
                now=now,
                documents=[document_ref(uploaded[rule.code]) for rule, _ in asked if rule.code in uploaded],
            )
            await enqueue(conn, event)
            await append(
                conn,
                AuditEntry(
                    at=now,
                    actor=event.actor,
                    entity="application",
                    entity_id=str(application_id),
                    action="submit",
                    before=None,
                    after=ApplicationStatus.SUBMITTED.value,
                ),
            )
        return RedirectResponse(f"/daftar/status/{status_token}?baru=1", status_code=303)

    @r.post("/status/{token}/lengkapi", response_class=HTMLResponse)
    async def upload_again(request: Request, token: str) -> Response:
        """Upload again exactly what the verifier returned; the case resumes when all of it is in."""
        data = await request.form()
        now = runtime.clock.now()
        async with runtime.pool.acquire() as conn:
            application = await db.by_token_hash(conn, token_digest(token))
            draft = await db.draft_of_application(conn, application["id"]) if application else None
        if application is None or draft is None:
            raise HTTPException(404, "Tautan status tidak dikenal")
        profile = profile_of(application["lpse"])
        asked = set(json.loads(application["returned_items"]))
        rules = [rule for rule, _ in asked_documents(profile, json.loads(str(draft["fields"]))) if rule.code in asked]
        back = f"/daftar/status/{token}"
        if application["status"] != ApplicationStatus.RETURNED.value or not rules:
            return RedirectResponse(back, status_code=303)
        refused = await take_uploads(data, draft["id"], rules)
        async with runtime.pool.acquire() as conn, conn.transaction():
            uploaded = await db.documents_of_draft(conn, draft["id"])
            fresh = {
                code: row
                for code, row in uploaded.items()
                if code in asked and row["uploaded_at"] > application["returned_at"]
            }
            problem = reupload_problems([(r.code, r.name) for r in rules], refused, set(fresh))
            if problem:
                return RedirectResponse(f"{back}?{urlencode({'galat': problem})}", status_code=303)
            await db.set_resubmitted(conn, application["id"], now)
            await enqueue(
                conn,
                ApplicationResubmittedV1(
                    occurred_at=now,
                    lpse=application["lpse"],
                    correlation_id=application["id"],
                    actor=Actor(id=application["email"], role="penyedia"),
                    application_id=application["id"],
                    documents=tuple(document_ref(row) for row in fresh.values()),
                ),
            )
        return RedirectResponse(f"{back}?dilengkapi=1", status_code=303)

    @r.get("/draf/{token}/dokumen/{code}")
    async def own_document(token: str, code: str) -> Response:
        draft, _ = await load(token)
        async with runtime.pool.acquire() as conn:
            found = (await db.documents_of_draft(conn, uuid.UUID(str(draft["id"])))).get(code)
        if found is None:
            raise HTTPException(404, "Dokumen tidak ditemukan")
        return await document_response(found)

    @r.get("/dokumen/{application_id}/{code}")
    async def staff_document(request: Request, application_id: uuid.UUID, code: str) -> Response:
        staff = await current_staff(request)
        async with runtime.pool.acquire() as conn:
            found = await db.document_of_application(conn, application_id, code)
        if staff is None or found is None or not permits(staff, "dokumen.lihat", found["lpse"]):
            raise HTTPException(404, "Dokumen tidak ditemukan")  # staff of other LPSEs learn nothing either
        return await document_response(found)

    async def document_response(found: Any) -> Response:
        content = await store().get(found["object_name"])
        return Response(
            content,
            media_type=found["content_type"],
            headers={"Content-Disposition": f'inline; filename="{found["filename"]}"'},
        )

    return r


def document_ref(row: Any) -> DocumentRef:
    """An upload as the event carries it: by reference."""
    return DocumentRef(
        code=row["code"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
    )
