"""The staff console: queue, case, claim/release/approve (sign-in is identity's, access is `lpse_runtime.authz`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import secrets
import uuid
from datetime import datetime
from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.digests import token_digest
from contracts.envelope import AttachmentRef
from contracts.lpse import LpseProfile
from contracts.registration import ProviderType
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.authz import acting_lpse, ensure_lpse, require
from lpse_runtime.outbox import enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for
from lpse_runtime.worktime import describe, time_left
from verification import clocks, db, queue_db
from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL
from verification.audit_view import audit_line
from verification.clocks import with_due
from verification.domain import (
    ACTIVATING_TRIGGERS,
    CLAIM_LEASE,
    CLOSED_STATUSES,
    COUNTER_TRIGGERS,
    PAUSED_STATUSES,
    SET_PASSWORD_VALIDITY,
    STATUS_LABEL,
    Activation,
    CaseStatus,
    ChecklistItem,
    ItemResult,
    Refused,
    Trigger,
    check_item,
    decide,
    finding_labels,
    gaps,
    return_codes,
    return_list,
    status_label,
    user_id_candidate,
)
from verification.links import document_links, pdf_response
from verification.queue import QueueFilter, QueueKey, count_text, parse_search, parse_status
from verification.receipt import Receipt, render_receipt

templates = templates_for(__file__)


def may(action: str) -> object:
    """The signed-in staff member allowed this action by `lpse_runtime.authz.ACTIONS`."""
    return Depends(require(action))


async def allocate_user_id(conn: asyncpg.Connection, company_name: str) -> str:
    """A user ID no provider of any LPSE has yet."""
    for attempt in range(50):
        candidate = user_id_candidate(company_name, attempt, secrets.randbelow(10_000))
        if not await db.user_id_taken(conn, candidate):
            return candidate
    raise RuntimeError("could not allocate a unique user ID")


CHANGED_WHILE_PREPARING = "Kasus berubah saat tanda terima disiapkan. Periksa lalu ulangi tindakan ini."


@dataclasses.dataclass(frozen=True)
class PreparedReceipt:
    """An activation's receipt rendered from the case as it stood, and what it was rendered from."""

    updated_at: datetime
    verified_by: str | None
    items: tuple[ChecklistItem, ...]
    user_id: str
    receipt: Receipt


async def prepared_still_holds(
    conn: asyncpg.Connection, prepared: PreparedReceipt | None, row: asyncpg.Record, items: list[ChecklistItem]
) -> bool:
    """Whether the locked case is the one the receipt was rendered from and its user ID is still free."""
    return (
        prepared is not None
        and prepared.updated_at == row["updated_at"]
        and prepared.verified_by == row["verified_by"]
        and prepared.items == tuple(items)
        and not await db.user_id_taken(conn, prepared.user_id)
    )


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /staf and /akun pages."""
    r = APIRouter()
    links = document_links(runtime)

    @r.get("/staf/", response_class=HTMLResponse)
    async def queue(
        request: Request,
        staff: Annotated[StaffPrincipal, may("kasus.antrean")],
        status: str = "",
        cari: str = "",
        setelah: str = "",
        sebelum: str = "",
    ) -> Response:
        lpse = acting_lpse(staff, "kasus.antrean")
        search = parse_search(cari)
        view = QueueFilter(lpse, parse_status(status), search.reference, search.npwp, search.name)
        async with runtime.pool.acquire() as conn:
            after, before = QueueKey.parse(setelah), QueueKey.parse(sebelum)
            found = await queue_db.page(conn, view, after=after, before=before)
            total = await queue_db.count_of(conn, view, found, first=after is None and before is None)
            case_clocks = await db.clocks_of(conn, [r["id"] for r in found.rows])
        profile = runtime.profiles[lpse]
        now = runtime.clock.now()
        return templates.TemplateResponse(
            request,
            "queue.html",
            {
                "staff": staff,
                "profile": profile,
                "cases": [(row, clock_views(profile, row, case_clocks.get(row["id"], []), now)) for row in found.rows],
                "status": view.status or "",
                "search": cari,
                "search_error": search.error,
                "count": count_text(*total),
                "previous": found.previous.token() if found.previous else None,
                "next": found.next.token() if found.next else None,
                "labels": STATUS_LABEL,
                "step_of": lambda row: status_label(CaseStatus(row["status"]), row["verification_mode"]),
            },
        )

    @r.get("/staf/kasus/{case_id}", response_class=HTMLResponse)
    async def case_page(
        request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lihat")]
    ) -> Response:
        async with runtime.pool.acquire() as conn:
            row = await db.get_case(conn, case_id)
            ensure_lpse(staff, "kasus.lihat", row["lpse"] if row else None, "Kasus")
            assert row is not None
            audit = await conn.fetch(
                "SELECT * FROM audit_log WHERE entity = 'case' AND entity_id = $1 ORDER BY id", str(case_id)
            )
            case_clocks = await db.clocks_of(conn, [case_id])
            items = await db.checklist(conn, case_id)
            verifiers = await db.verifiers_of(conn, row["lpse"])
            provider = await conn.fetchrow("SELECT * FROM providers WHERE case_id = $1", case_id)
        profile = runtime.profiles[row["lpse"]]
        rules = clocks.service_of(profile, row["service_id"]).documents_for(ProviderType(row["provider_type"]))
        originals = {rule.code: rule.original for rule in rules}
        return templates.TemplateResponse(
            request,
            "case.html",
            {
                "staff": staff,
                "c": row,
                "labels": STATUS_LABEL,
                "audit": [audit_line(a, {i.code: i.name for i in items}) for a in audit],
                "profile": profile,
                "clocks": clock_views(profile, row, case_clocks.get(case_id, []), runtime.clock.now()),
                "error": request.query_params.get("galat"),
                "items": items,
                "item_labels": {
                    item.code: finding_labels(row["verification_mode"], originals.get(item.code, True))
                    for item in items
                },
                "step_label": status_label(CaseStatus(row["status"]), row["verification_mode"]),
                "gaps": gaps(items),
                "verifiers": verifiers,
                "four_eyes": clocks.service_of(profile, row["service_id"]).four_eyes,
                "provider": provider,
                "uploads": {d["code"]: d for d in json.loads(row["documents"])},
                "aggregation_labels": AGGREGATION_LABEL,
                "now": runtime.clock.now(),
            },
        )

    async def prepare_receipt(
        case_id: uuid.UUID, staff: StaffPrincipal, trigger: Trigger, now: datetime
    ) -> PreparedReceipt | None:
        """Render an activation's receipt before its transaction, so the PDF never holds the case row locked."""
        async with runtime.pool.acquire() as conn:
            row = await db.get_case(conn, case_id)
            if row is None or row["lpse"] != staff.lpse:
                return None
            profile = runtime.profiles[row["lpse"]]
            service = clocks.service_of(profile, row["service_id"])
            if trigger not in ACTIVATING_TRIGGERS or (trigger is Trigger.APPROVE and service.four_eyes):
                return None
            items = await db.checklist(conn, case_id)
            user_id = await allocate_user_id(conn, row["company_name"])
            verifier = await db.full_name_of(conn, row["verified_by"] or staff.username)
            confirmer = await db.full_name_of(conn, staff.username) if trigger is Trigger.CONFIRM else None
        issued = await asyncio.to_thread(
            render_receipt,
            profile,
            service,
            dict(row),
            items,
            user_id=user_id,
            verifier=verifier,
            confirmer=confirmer,
            at=now,
        )
        return PreparedReceipt(row["updated_at"], row["verified_by"], tuple(items), user_id, issued)

    async def act(
        case_id: uuid.UUID,
        staff: StaffPrincipal,
        action: str,
        trigger: Trigger,
        *,
        note: str = "",
        new_assignee: str | None = None,
    ) -> Response:
        now = runtime.clock.now()
        prepared = await prepare_receipt(case_id, staff, trigger, now)
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.lock_case(conn, case_id)
            ensure_lpse(staff, action, row["lpse"] if row else None, "Kasus")
            assert row is not None
            case = db.to_case(row)
            items = await db.checklist(conn, case_id)
            reason = note.strip()
            if trigger is Trigger.RETURN:
                reason = "; ".join([*return_list(items), *([note.strip()] if note.strip() else [])])
            if new_assignee is not None and new_assignee not in {
                v["username"] for v in await db.verifiers_of(conn, case.lpse)
            }:
                new_assignee = ""
            activation: Activation | None = None
            token: str | None = None
            four_eyes = clocks.service_of(runtime.profiles[case.lpse], row["service_id"]).four_eyes
            if trigger is Trigger.APPROVE and four_eyes:
                trigger = Trigger.VERIFY  # the standard asks a second officer to confirm before activation
            issued: Receipt | None = None
            if trigger in ACTIVATING_TRIGGERS:
                if not await prepared_still_holds(conn, prepared, row, items):
                    return RedirectResponse(f"/staf/kasus/{case_id}?galat={CHANGED_WHILE_PREPARING}", status_code=303)
                assert prepared is not None
                token = secrets.token_urlsafe(32)
                user_id, issued = prepared.user_id, prepared.receipt
                activation = Activation(
                    provider_id=uuid.uuid4(),
                    user_id=user_id,
                    set_password_url=f"{runtime.settings.public_base_url}/akun/sandi/{token}",
                    expires_at=now + SET_PASSWORD_VALIDITY,
                    attachments=(
                        AttachmentRef(
                            filename=issued.filename,
                            content_type="application/pdf",
                            sha256=issued.sha256,
                            url=f"{runtime.settings.public_base_url}/akun/dokumen/{links.dumps(str(case_id))}",
                        ),
                    ),
                )
            try:
                decision = decide(
                    case,
                    trigger,
                    actor=staff.actor,
                    actor_lpse=case.lpse,  # authorized for this LPSE above
                    now=now,
                    activation=activation,
                    reason=reason,
                    gaps_left=gaps(items),
                    new_assignee=new_assignee,
                    four_eyes=four_eyes,
                    returned_items=return_codes(items) if trigger is Trigger.RETURN else (),
                )
            except Refused as refused:
                return RedirectResponse(f"/staf/kasus/{case_id}?galat={refused}", status_code=303)
            if activation is not None and token is not None:
                await db.insert_provider(
                    conn, provider_id=activation.provider_id, user_id=activation.user_id, case=row, now=now
                )
                await db.insert_password_token(conn, token_digest(token), activation.provider_id, activation.expires_at)
            if issued is not None and decision.status is CaseStatus.ACTIVATED:
                await db.save_receipt(conn, case_id, issued.title, issued.filename, issued.content, issued.sha256, now)
            await db.save_case(conn, case_id, decision.status, decision.assignee, decision.lease_until, now)
            if trigger is Trigger.VERIFY:
                await db.set_verified_by(conn, case_id, staff.username)
            calendar = clocks.calendar_of(runtime.profiles[case.lpse], row["service_id"])
            if decision.status in CLOSED_STATUSES:
                await clocks.stop_all(conn, case_id, now)
            elif decision.status in PAUSED_STATUSES and case.status not in PAUSED_STATUSES:
                await clocks.pause_all(conn, case_id, calendar, now)
            elif case.status in PAUSED_STATUSES and decision.status not in PAUSED_STATUSES:
                due_at = await clocks.resume_all(conn, case_id, calendar, now)
                decision = dataclasses.replace(decision, events=with_due(decision.events, due_at))
            if trigger in COUNTER_TRIGGERS:
                await db.record_visit(conn, case_id, trigger.value, staff.username, now)
            if trigger is Trigger.HAND_OVER:  # counter mode: the service clock runs from the hand-over of the file
                due, text = await clocks.start_at_hand_over(
                    conn, case_id, runtime.profiles[case.lpse], row["service_id"], now
                )
                decision = dataclasses.replace(decision, events=clocks.with_hand_over(decision.events, due, text))
            await enqueue(conn, *decision.events)
            await append(
                conn,
                AuditEntry(
                    at=now,
                    actor=staff.actor,
                    entity="case",
                    entity_id=str(case_id),
                    action=trigger.value,
                    before=f"{case.status.value} ({case.assignee or '-'})",
                    after=f"{decision.status.value} ({decision.assignee or '-'})",
                    reason=f"user_id {activation.user_id}" if activation else (reason or None),
                ),
            )
        return RedirectResponse(f"/staf/kasus/{case_id}", status_code=303)

    @r.post("/staf/kasus/{case_id}/datang")
    async def check_in(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.datang")]) -> Response:
        return await act(case_id, staff, "kasus.datang", Trigger.CHECK_IN)

    @r.post("/staf/kasus/{case_id}/terima-berkas")
    async def hand_over(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.terima_berkas")]) -> Response:
        return await act(case_id, staff, "kasus.terima_berkas", Trigger.HAND_OVER)

    @r.post("/staf/kasus/{case_id}/klaim")
    async def claim(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.klaim")]) -> Response:
        return await act(case_id, staff, "kasus.klaim", Trigger.CLAIM)

    @r.post("/staf/kasus/{case_id}/lepas")
    async def release(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lepas")]) -> Response:
        return await act(case_id, staff, "kasus.lepas", Trigger.RELEASE)

    @r.post("/staf/kasus/{case_id}/alihkan")
    async def reassign(
        request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.alihkan")]
    ) -> Response:
        form = await request.form()
        return await act(case_id, staff, "kasus.alihkan", Trigger.REASSIGN, new_assignee=str(form.get("verifier", "")))

    @r.post("/staf/kasus/{case_id}/periksa")
    async def check(
        request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.periksa")]
    ) -> Response:
        form = await request.form()
        now = runtime.clock.now()
        async with runtime.pool.acquire() as conn, conn.transaction():
            row = await db.lock_case(conn, case_id)
            ensure_lpse(staff, "kasus.periksa", row["lpse"] if row else None, "Kasus")
            assert row is not None
            if row["status"] != CaseStatus.IN_REVIEW.value or row["assignee"] != staff.username:
                return RedirectResponse(f"/staf/kasus/{case_id}?galat=Klaim kasus ini untuk memeriksa dokumen.", 303)
            for item in await db.checklist(conn, case_id):
                chosen = str(form.get(f"result_{item.code}", item.result.value))
                note = str(form.get(f"note_{item.code}", ""))
                try:
                    checked = check_item(item, ItemResult(chosen), note)
                except (Refused, ValueError) as refused:
                    return RedirectResponse(f"/staf/kasus/{case_id}?galat={refused}", status_code=303)
                if checked != item:
                    await db.save_item(conn, case_id, checked, staff.username, now)
                    await append(
                        conn,
                        AuditEntry(
                            at=now,
                            actor=staff.actor,
                            entity="case",
                            entity_id=str(case_id),
                            action="check",
                            before=f"{item.code}: {item.result.value}",
                            after=f"{item.code}: {checked.result.value}",
                            reason=checked.note or None,
                        ),
                    )
            await db.save_case(conn, case_id, CaseStatus.IN_REVIEW, staff.username, now + CLAIM_LEASE, now)
        return RedirectResponse(f"/staf/kasus/{case_id}", status_code=303)

    @r.post("/staf/kasus/{case_id}/kembalikan")
    async def return_file(
        request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.kembalikan")]
    ) -> Response:
        form = await request.form()
        return await act(case_id, staff, "kasus.kembalikan", Trigger.RETURN, note=str(form.get("reason", "")))

    @r.post("/staf/kasus/{case_id}/lanjutkan")
    async def resume_file(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.lanjutkan")]) -> Response:
        return await act(case_id, staff, "kasus.lanjutkan", Trigger.RESUME)

    @r.post("/staf/kasus/{case_id}/tolak")
    async def reject(
        request: Request, case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.tolak")]
    ) -> Response:
        form = await request.form()
        return await act(case_id, staff, "kasus.tolak", Trigger.REJECT, note=str(form.get("reason", "")))

    @r.post("/staf/kasus/{case_id}/setujui")
    async def approve(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.setujui")]) -> Response:
        return await act(case_id, staff, "kasus.setujui", Trigger.APPROVE)

    @r.get("/staf/kasus/{case_id}/tanda-terima.pdf")
    async def receipt_for_staff(
        case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.tanda_terima")]
    ) -> Response:
        async with runtime.pool.acquire() as conn:
            row = await db.get_case(conn, case_id)
            stored = await db.receipt(conn, case_id)
        ensure_lpse(staff, "kasus.tanda_terima", row["lpse"] if row else None, "Tanda terima")
        if stored is None:
            raise HTTPException(404, "Tanda terima tidak ditemukan")
        return pdf_response(stored)

    @r.post("/staf/kasus/{case_id}/konfirmasi")
    async def confirm(case_id: uuid.UUID, staff: Annotated[StaffPrincipal, may("kasus.konfirmasi")]) -> Response:
        return await act(case_id, staff, "kasus.konfirmasi", Trigger.CONFIRM)

    return r


def clock_views(
    profile: LpseProfile, case: asyncpg.Record, clock_rows: list[asyncpg.Record], now: datetime
) -> list[dict[str, object]]:
    """What the queue shows of each clock: its deadline, when it is due, the working time left, a breach."""
    calendar = clocks.calendar_of(profile, case["service_id"])
    views = []
    for row in clock_rows:
        state = db.clock_state(row)
        # A stopped clock shows "selesai": its time left would be computed only to be thrown away.
        left = time_left(state, now, calendar) if state.status != "stopped" else 0.0
        views.append(
            {
                "label": row["label"],
                "deadline": row["deadline_text"],
                "status": row["status"],
                "due": row["due_at"],
                "left": describe(left, working=state.working) if state.status != "stopped" else "selesai",
                "breached": row["breached_at"] is not None or (state.status == "running" and left < 0),
            }
        )
    return views
