"""The staff console's actions on a case, one function per button: load under lock, decide, commit once."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

import asyncpg

from lpse_runtime.authz import permits
from lpse_runtime.commit import commit
from lpse_runtime.staff import StaffPrincipal
from verification import checklist_db, clocks, db
from verification.domain import (
    ACTIVATING_TRIGGERS,
    COUNTER_TRIGGERS,
    ChecklistItem,
    Finding,
    Refused,
    Trigger,
    clock_move,
    decide,
    gaps,
    record_findings,
    return_codes,
    return_reason,
)
from verification.usecases import approval
from verification.usecases.approval import PreparedReceipt
from verification.usecases.desk import DONE, NOT_FOUND, CaseDesk, Outcome


async def act(
    desk: CaseDesk,
    case_id: uuid.UUID,
    staff: StaffPrincipal,
    action: str,
    trigger: Trigger,
    *,
    note: str = "",
    new_assignee: str | None = None,
) -> Outcome:
    """One action on a case as `lpse_runtime.authz` names it: a case of another LPSE is not found."""
    now = desk.now()
    prepared = await approval.prepare_receipt(desk, case_id, staff, trigger, now)
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock_case(conn, case_id)
        if row is None or not permits(staff, action, row["lpse"]):
            return NOT_FOUND
        try:
            await decide_and_commit(conn, desk, row, staff, trigger, note, new_assignee, prepared, now)
        except Refused as refused:
            return Outcome(refusal=str(refused))
    return DONE


async def decide_and_commit(
    conn: asyncpg.Connection,
    desk: CaseDesk,
    row: asyncpg.Record,
    staff: StaffPrincipal,
    trigger: Trigger,
    note: str,
    new_assignee: str | None,
    prepared: PreparedReceipt | None,
    now: datetime,
) -> None:
    """Decide on the locked case, or raise Refused before anything is written; then store it all at once."""
    case = db.to_case(row)
    profile = desk.profiles[case.lpse]
    service = clocks.service_of(profile, row["service_id"])
    items = await checklist_db.checklist(conn, case.case_id)
    if trigger is Trigger.APPROVE and service.four_eyes:
        trigger = Trigger.VERIFY  # the standard asks a second officer to confirm before activation
    account = None
    if trigger in ACTIVATING_TRIGGERS:
        account = approval.new_account(desk, case.case_id, await approval.still_holds(conn, prepared, row, items), now)
    decided = decide(
        case,
        trigger,
        actor=staff.actor,
        actor_lpse=case.lpse,  # authorized for this LPSE by the caller
        now=now,
        activation=account.activation if account else None,
        reason=return_reason(items, note) if trigger is Trigger.RETURN else note.strip(),
        gaps_left=gaps(items),
        new_assignee=await known_verifier(conn, case.lpse, new_assignee),
        four_eyes=service.four_eyes,
        returned_items=return_codes(items) if trigger is Trigger.RETURN else (),
    )
    if account is not None:
        await approval.store(conn, account, row, now)
    how = clock_move(case.status, decided.state.status, trigger)
    facts = await clocks.move(conn, how, case.case_id, profile, row["service_id"], now, decided.facts)
    if trigger in COUNTER_TRIGGERS:
        await db.record_visit(conn, case.case_id, trigger.value, staff.username, now)
    await commit(conn, decided.publishing(facts), db.save_case)


async def known_verifier(conn: asyncpg.Connection, lpse: str, username: str | None) -> str | None:
    """The verifier chosen, if the LPSE has one by that name ('' when not, so the choice is refused)."""
    if username is None:
        return None
    return username if username in {v["username"] for v in await db.verifiers_of(conn, lpse)} else ""


async def check_in(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """Counter staff record that the applicant came."""
    return await act(desk, case_id, staff, "kasus.datang", Trigger.CHECK_IN)


async def hand_over(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """Counter staff receive the file: the service's clocks start."""
    return await act(desk, case_id, staff, "kasus.terima_berkas", Trigger.HAND_OVER)


async def claim(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """A verifier takes a case (or one whose claim lapsed)."""
    return await act(desk, case_id, staff, "kasus.klaim", Trigger.CLAIM)


async def release(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """The holder puts the case back in the queue."""
    return await act(desk, case_id, staff, "kasus.lepas", Trigger.RELEASE)


async def reassign(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal, verifier: str) -> Outcome:
    """The head of the LPSE hands the case to one of its verifiers."""
    return await act(desk, case_id, staff, "kasus.alihkan", Trigger.REASSIGN, new_assignee=verifier)


async def return_file(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal, note: str) -> Outcome:
    """The file goes back to the applicant with what is missing; the clocks pause."""
    return await act(desk, case_id, staff, "kasus.kembalikan", Trigger.RETURN, note=note)


async def resume(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """The verifier resumes a returned file (brought back at the counter); the clocks count on."""
    return await act(desk, case_id, staff, "kasus.lanjutkan", Trigger.RESUME)


async def reject(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal, note: str) -> Outcome:
    """The application is refused, with why."""
    return await act(desk, case_id, staff, "kasus.tolak", Trigger.REJECT, note=note)


async def approve(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """Approve and activate, or verify for a second officer where the standard asks one."""
    return await act(desk, case_id, staff, "kasus.setujui", Trigger.APPROVE)


async def confirm(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> Outcome:
    """The second officer confirms the verified file and the account is activated."""
    return await act(desk, case_id, staff, "kasus.konfirmasi", Trigger.CONFIRM)


async def check_documents(
    desk: CaseDesk,
    case_id: uuid.UUID,
    staff: StaffPrincipal,
    findings: Mapping[str, Finding],
    unreadable: Mapping[str, str],
) -> Outcome:
    """The holder records the checklist's findings, all or none, and the claim's lease is renewed."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock_case(conn, case_id)
        if row is None or not permits(staff, "kasus.periksa", row["lpse"]):
            return NOT_FOUND
        items = await checklist_db.checklist(conn, case_id)
        try:
            recorded = record_findings(
                db.to_case(row), items, findings, actor=staff.actor, now=now, unreadable=unreadable
            )
        except Refused as refused:
            return Outcome(refusal=str(refused))

        async def save_item(conn: asyncpg.Connection, item: ChecklistItem) -> None:
            await checklist_db.save_item(conn, case_id, item, staff.username, now)

        for finding in recorded.items:
            await commit(conn, finding, save_item)
        await commit(conn, recorded.case, db.save_case)
    return DONE
