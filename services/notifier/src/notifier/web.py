"""The deliveries staff and operators read: per LPSE, per case, with resend and the suppression list."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal, current_staff
from lpse_runtime.web import templates_for
from notifier import db
from notifier.domain import STATUS_LABEL, DeliveryStatus
from notifier.render import RenderedEmail

templates = templates_for(__file__)


def router(runtime: ServiceRuntime) -> APIRouter:
    """/notifier/ pages."""
    r = APIRouter(prefix="/notifier")

    def staff_or_redirect(request: Request) -> StaffPrincipal | Response:
        staff = current_staff(request)
        if staff is None:
            return RedirectResponse(f"/staf/masuk?next={request.url.path}", status_code=303)
        return staff

    @r.get("/", response_class=HTMLResponse)
    async def deliveries(request: Request, status: str = "") -> Response:
        staff = staff_or_redirect(request)
        if isinstance(staff, Response):
            return staff
        async with runtime.pool.acquire() as conn:
            rows = await db.recent(conn, staff.lpse, status or None)
            blocked = await db.suppressions(conn)
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
                "notice": request.query_params.get("info"),
                "title": None,
            },
        )

    @r.get("/kasus/{correlation_id}", response_class=HTMLResponse)
    async def of_case(request: Request, correlation_id: uuid.UUID) -> Response:
        staff = staff_or_redirect(request)
        if isinstance(staff, Response):
            return staff
        async with runtime.pool.acquire() as conn:
            rows = [r for r in await db.of_case(conn, correlation_id) if r["lpse"] == staff.lpse]
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
                "notice": request.query_params.get("info"),
                "title": "Email untuk kasus ini",
            },
        )

    @r.get("/api/kasus/{correlation_id}")
    async def of_case_json(request: Request, correlation_id: uuid.UUID) -> list[dict[str, object]]:
        staff = current_staff(request)
        if staff is None:
            raise HTTPException(401, "Masuk sebagai staf terlebih dahulu")
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
            if r["lpse"] == staff.lpse
        ]

    @r.post("/pengiriman/{delivery_id}/kirim-ulang")
    async def resend(request: Request, delivery_id: uuid.UUID) -> Response:
        staff = staff_or_redirect(request)
        if isinstance(staff, Response):
            return staff
        now = runtime.clock.now()
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.get(conn, delivery_id)
            if row is None or row["lpse"] != staff.lpse:
                raise HTTPException(404, "Pengiriman tidak ditemukan")
            if await db.is_suppressed(conn, row["recipient"]):
                info = "Alamat ada di daftar blokir; hapus dari daftar blokir sebelum mengirim ulang."
            elif not row["message_id"]:
                info = "Email ini gagal dibuat (gagal teknis); tidak ada yang bisa dikirim ulang."
            else:
                new_id = uuid.uuid4()
                await db.insert_delivery(
                    conn,
                    delivery_id=new_id,
                    trigger_event_id=row["trigger_event_id"],
                    template=row["template"],
                    version=row["template_version"],
                    language=row["language"],
                    lpse=row["lpse"],
                    correlation_id=row["correlation_id"],
                    sender=row["sender"],
                    email=RenderedEmail(
                        row["recipient"],
                        row["subject"],
                        row["text_body"],
                        row["html_body"],
                        f"<{new_id}@lpse-platform.local>",
                    ),
                    now=now,
                    resend_of=row["id"],
                    requested_by=staff.username,
                )
                await db.copy_attachments(conn, row["id"], new_id)
                info = f"Dikirim ulang ke {row['recipient']}."
        return RedirectResponse(f"/notifier/kasus/{row['correlation_id']}?info={info}", status_code=303)

    @r.post("/blokir/{address}/hapus")
    async def unblock(request: Request, address: str) -> Response:
        staff = staff_or_redirect(request)
        if isinstance(staff, Response):
            return staff
        async with runtime.pool.acquire() as conn:
            lifted = await db.lift_suppression(conn, address)
        info = f"{address} dihapus dari daftar blokir." if lifted else f"{address} tidak ada di daftar blokir."
        return RedirectResponse(f"/notifier/?info={info}", status_code=303)

    return r
