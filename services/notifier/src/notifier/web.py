"""The deliveries staff and operators read: per LPSE, per case, with resend and the suppression list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lpse_runtime.authz import acting_lpse, permits, require
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal, current_staff
from lpse_runtime.text import plain_text_problem
from lpse_runtime.web import templates_for
from notifier import db, usecases
from notifier.domain import STATUS_LABEL, DeliveryStatus

templates = templates_for(__file__)
Reader = Annotated[StaffPrincipal, Depends(require("email.lihat"))]
Resender = Annotated[StaffPrincipal, Depends(require("email.kirim_ulang"))]
Unblocker = Annotated[StaffPrincipal, Depends(require("email.buka_blokir"))]


def router(runtime: ServiceRuntime) -> APIRouter:
    """/notifier/ pages."""
    r = APIRouter(prefix="/notifier")
    box = link_box(runtime.settings)

    @r.get("/", response_class=HTMLResponse)
    async def deliveries(request: Request, staff: Reader, status: str = "") -> Response:
        lpse = acting_lpse(staff, "email.lihat")
        # Only a status the filter offers reaches the query; anything else lists every delivery, as no filter does.
        status = status if status in {s.value for s in DeliveryStatus} else ""
        async with runtime.pool.acquire() as conn:
            rows = await db.recent(conn, lpse, status or None)
            blocked = await db.suppressions(conn, lpse)
        return templates.TemplateResponse(
            request,
            "deliveries.html",
            {
                "rows": rows,
                "staff": staff,
                "labels": STATUS_LABEL,
                "statuses": list(DeliveryStatus),
                "status": status,
                "blocked": blocked,
                "can_unblock": permits(staff, "email.buka_blokir", lpse),
                "can_resend": permits(staff, "email.kirim_ulang", lpse),
                "notice": request.query_params.get("info"),
                "title": None,
            },
        )

    @r.get("/kasus/{correlation_id}", response_class=HTMLResponse)
    async def of_case(request: Request, correlation_id: uuid.UUID, staff: Reader) -> Response:
        async with runtime.pool.acquire() as conn:
            rows = [r for r in await db.of_case(conn, correlation_id) if permits(staff, "email.lihat", r["lpse"])]
        return templates.TemplateResponse(
            request,
            "deliveries.html",
            {
                "rows": rows,
                "staff": staff,
                "labels": STATUS_LABEL,
                "statuses": [],
                "status": "",
                "blocked": [],
                "can_unblock": False,
                "can_resend": permits(staff, "email.kirim_ulang", rows[0]["lpse"]) if rows else False,
                "notice": request.query_params.get("info"),
                "title": "Email untuk kasus ini",
            },
        )

    @r.get("/api/kasus/{correlation_id}")
    async def of_case_json(request: Request, correlation_id: uuid.UUID) -> list[dict[str, object]]:
        staff = await current_staff(request)
        if staff is None:
            raise HTTPException(401, "Masuk sebagai staf terlebih dahulu")
        if not permits(staff, "email.lihat"):
            raise HTTPException(403, "Akun Anda tidak berwenang untuk tindakan ini.")
        async with runtime.pool.acquire() as conn:
            rows = await db.of_case(conn, correlation_id)
        return [
            {
                "id": str(r["id"]),
                "template": r["template"],
                "version": r["template_version"],
                "language": r["language"],
                "recipient": r["recipient"],
                "status": r["status"],
                "attempts": r["attempts"],
                "error": r["last_error"],
                "message_id": r["message_id"],
                "resend_of": str(r["resend_of"]) if r["resend_of"] else None,
            }
            for r in rows
            if permits(staff, "email.lihat", r["lpse"])
        ]

    @r.post("/pengiriman/{delivery_id}/kirim-ulang")
    async def resend(delivery_id: uuid.UUID, staff: Resender) -> Response:
        resent = await usecases.resend(runtime.pool, box, delivery_id, staff, runtime.clock.now())
        if resent is None:
            raise HTTPException(404, "Pengiriman tidak ditemukan")
        return RedirectResponse(f"/notifier/kasus/{resent.correlation_id}?info={resent.info}", status_code=303)

    @r.post("/blokir/{address}/hapus")
    async def unblock(address: str, staff: Unblocker) -> Response:
        lifted = None
        if plain_text_problem(address, 254) is None:  # no blocked address holds a NUL or runs past 254
            lifted = await usecases.lift_suppression(runtime.pool, address, staff, runtime.clock.now())
        if lifted is None:
            raise HTTPException(404, "Alamat tidak ditemukan di daftar blokir LPSE Anda")
        info = f"{address} dihapus dari daftar blokir." if lifted else f"{address} tidak ada di daftar blokir."
        return RedirectResponse(f"/notifier/?info={info}", status_code=303)

    return r
