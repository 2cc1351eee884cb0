"""The provider's own pages of this service: the one-time set-password link, a forgotten password, and documents
lent by signed link."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from datetime import datetime

import asyncpg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.verification import PasswordResetRequestedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.outbox import enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import hash_password
from lpse_runtime.web import templates_for
from verification import db
from verification.links import DOCUMENT_LINK_AGE, document_links, pdf_response
from verification.recovery import (
    RESET_LINK_VALIDITY,
    RESET_WINDOW,
    ResetAnswer,
    ResetCounts,
    keyed,
    normalized_identifier,
    reset_answer,
)

templates = templates_for(__file__)
MIN_PASSWORD = 10
# Every "lupa kata sandi" answer takes at least this long, so a known account (a token and a fact written) and an
# unknown one (a request counted) cannot be told apart by the time the page takes.
RESET_ANSWER_FLOOR_SECONDS = 0.4


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /akun pages."""
    r = APIRouter()
    links = document_links(runtime)

    @r.get("/akun/dokumen/{signed}")
    async def receipt_by_link(signed: str) -> Response:
        try:
            case_id = uuid.UUID(links.loads(signed, max_age=DOCUMENT_LINK_AGE))
        except (BadSignature, ValueError):
            raise HTTPException(404, "Tautan dokumen tidak dikenal atau kedaluwarsa") from None
        async with runtime.pool.acquire() as conn:
            stored = await db.receipt(conn, case_id)
        if stored is None:
            raise HTTPException(404, "Tanda terima tidak ditemukan")
        return pdf_response(stored)

    @r.get("/akun/lupa-sandi", response_class=HTMLResponse)
    async def forgot_password_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "forgot_password.html", {"value": "", "error": None, "sent": False})

    @r.post("/akun/lupa-sandi", response_class=HTMLResponse)
    async def forgot_password(request: Request) -> Response:
        """The same answer, in about the same time, whether or not the account exists."""
        started = time.monotonic()
        typed = str((await request.form()).get("identifier", ""))[:200]
        identifier = normalized_identifier(typed)
        if not identifier:
            return templates.TemplateResponse(
                request,
                "forgot_password.html",
                {"value": typed, "error": "Isi User ID atau email yang terdaftar.", "sent": False},
                status_code=422,
            )
        answer = await request_reset(identifier, request.client.host if request.client else "-")
        await asyncio.sleep(max(0.0, RESET_ANSWER_FLOOR_SECONDS - (time.monotonic() - started)))
        if answer is ResetAnswer.TOO_MANY:
            return templates.TemplateResponse(
                request,
                "forgot_password.html",
                {"value": typed, "error": None, "sent": False, "busy": True},
                status_code=429,
            )
        return templates.TemplateResponse(request, "forgot_password.html", {"value": "", "error": None, "sent": True})

    async def request_reset(identifier: str, client: str) -> ResetAnswer:
        """Count the request and, for a known account under both limits, issue a link and the fact that mails it."""
        now = runtime.clock.now()
        secret = runtime.settings.session_secret
        async with runtime.pool.acquire() as conn, conn.transaction():
            provider = await db.provider_for_reset(conn, identifier)
            account_key = keyed(secret, "account", str(provider["id"]) if provider else identifier)
            client_key = keyed(secret, "client", client)
            account_sent, client_requests = await db.reset_counts(conn, account_key, client_key, now - RESET_WINDOW)
            answer = reset_answer(provider is not None, ResetCounts(account_sent, client_requests))
            await db.record_reset_request(conn, now, account_key, client_key, answer is ResetAnswer.SEND)
            if answer is ResetAnswer.SEND and provider is not None:
                await send_reset_link(conn, provider, now)
        return answer

    async def send_reset_link(conn: asyncpg.Connection, provider: asyncpg.Record, now: datetime) -> None:
        token = secrets.token_urlsafe(32)
        expires_at = now + RESET_LINK_VALIDITY
        await db.insert_password_token(conn, token_digest(token), provider["id"], expires_at, purpose="reset")
        actor = Actor(id=provider["user_id"], role="penyedia")
        await enqueue(
            conn,
            PasswordResetRequestedV1(
                occurred_at=now,
                lpse=provider["lpse"],
                correlation_id=provider["id"],
                actor=actor,
                provider_id=provider["id"],
                user_id=provider["user_id"],
                email=provider["email"],
                set_password_url=f"{runtime.settings.public_base_url}/akun/sandi/{token}",
                set_password_expires_at=expires_at,
                director_name=provider["director_name"],
                language="en" if provider["language"] == "en" else "id",
            ),
        )
        await append(
            conn,
            AuditEntry(
                at=now,
                actor=actor,
                entity="provider",
                entity_id=str(provider["id"]),
                action="reset_password",
                before=None,
                after="reset_link_sent",
            ),
        )

    @r.get("/akun/sandi/{token}", response_class=HTMLResponse)
    async def set_password_page(request: Request, token: str) -> Response:
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.lock_password_token(conn, token_digest(token))
        return templates.TemplateResponse(
            request,
            "set_password.html",
            {
                "row": row,
                "usable": _usable(row, runtime),
                "error": None,
                "done": False,
            },
        )

    @r.post("/akun/sandi/{token}", response_class=HTMLResponse)
    async def set_password(request: Request, token: str) -> Response:
        form = await request.form()
        password, repeat = str(form.get("password", "")), str(form.get("repeat", ""))
        now = runtime.clock.now()
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.lock_password_token(conn, token_digest(token))
            if not _usable(row, runtime):
                return templates.TemplateResponse(
                    request,
                    "set_password.html",
                    {"row": row, "usable": False, "error": None, "done": False},
                    status_code=410,
                )
            error = None
            if len(password) < MIN_PASSWORD:
                error = f"Kata sandi minimal {MIN_PASSWORD} karakter."
            elif password != repeat:
                error = "Kedua kata sandi tidak sama."
            if error:
                return templates.TemplateResponse(
                    request,
                    "set_password.html",
                    {"row": row, "usable": True, "error": error, "done": False},
                    status_code=422,
                )
            assert row is not None
            await db.set_provider_password(
                conn, token_digest(token), row["provider_id"], await asyncio.to_thread(hash_password, password), now
            )
            await append(
                conn,
                AuditEntry(
                    at=now,
                    actor=Actor(id=row["user_id"], role="penyedia"),
                    entity="provider",
                    entity_id=str(row["provider_id"]),
                    action="set_password",
                    before=None,
                    after="password_set",
                ),
            )
        return templates.TemplateResponse(
            request, "set_password.html", {"row": row, "usable": False, "error": None, "done": True}
        )

    return r


def _usable(row: asyncpg.Record | None, runtime: ServiceRuntime) -> bool:
    return row is not None and row["used_at"] is None and row["expires_at"] > runtime.clock.now()
