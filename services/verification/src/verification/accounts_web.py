"""The provider's own pages of this service: the one-time set-password link and documents lent by signed link."""

from __future__ import annotations

import uuid

import asyncpg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature

from contracts.envelope import Actor
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import hash_password
from lpse_runtime.web import templates_for
from verification import db
from verification.links import DOCUMENT_LINK_AGE, digest, document_links, pdf_response

templates = templates_for(__file__)
MIN_PASSWORD = 10


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

    @r.get("/akun/sandi/{token}", response_class=HTMLResponse)
    async def set_password_page(request: Request, token: str) -> Response:
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.lock_password_token(conn, digest(token))
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
            row = await db.lock_password_token(conn, digest(token))
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
            await db.set_provider_password(conn, digest(token), row["provider_id"], hash_password(password), now)
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
