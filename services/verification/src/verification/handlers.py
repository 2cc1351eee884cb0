"""Verification's reactions: each application becomes a case with its clocks; due timers announce deadlines."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from contracts.envelope import Actor
from contracts.lpse import LpseProfile, Requirement, requirement
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from contracts.verification import CaseDeadlineApproachingV1, CaseDeadlineBreachedV1, CaseInvitedV1, CaseOpenedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import PermanentError
from lpse_runtime.outbox import enqueue
from lpse_runtime.timers import Timer
from lpse_runtime.worktime import WorkCalendar
from verification import clocks, db
from verification.domain import OPENING_STATUS, Refused, Trigger, checklist_for, decide, documents_to_bring

TIMER_ACTOR = Actor.system("verification-timers")


async def on_application_submitted(
    event: ApplicationSubmittedV1, conn: asyncpg.Connection, *, clock: Clock, profiles: dict[str, LpseProfile]
) -> None:
    """Open a case and announce it: online, every clock starts now; at the counter, the applicant is invited and
    the clocks wait for the hand-over of the file."""
    now = clock.now()
    profile = profiles[event.lpse]
    service = profile.service("registrasi_penyedia")
    mode = service.lane_for(event.verification_mode)
    case_id = uuid.uuid5(uuid.NAMESPACE_URL, f"verification-case:{event.application_id}")
    await db.open_case(conn, case_id, event, now, service.id, mode)
    rules = [
        r
        for r in service.documents
        if requirement(r, event.provider_type, by_proxy=event.by_proxy) is not Requirement.NOT_ASKED
    ]
    await db.insert_checklist(
        conn, case_id, checklist_for(service.documents, event.provider_type, by_proxy=event.by_proxy)
    )
    await db.set_documents(conn, case_id, [d.model_dump() for d in event.documents])
    await db.set_director_nik(conn, case_id, event.director_nik)
    await db.set_by_proxy(conn, case_id, event.by_proxy)
    states = []
    if mode == "unggahan":
        states = await clocks.start_all(conn, case_id, service, WorkCalendar.for_service(profile, service), now)
    actor = Actor.system("verification")
    about = {
        "occurred_at": now,
        "actor": actor,
        "case_id": case_id,
        "application_id": event.application_id,
        "reference": event.reference,
        "applicant_email": event.email,
        "director_name": event.director_name,
        "status_url": event.status_url,
        "language": event.language,
        "deadline_text": service.clocks[0].deadline.text if service.clocks else None,
        **event.caused(),
    }
    opened = CaseOpenedV1(**about, due_at=states[0].due if states else None)
    invited = (
        (CaseInvitedV1(**about, service_id=service.id, bring=documents_to_bring(rules)),) if mode == "loket" else ()
    )
    await enqueue(conn, opened, *invited)
    await append(
        conn,
        AuditEntry(
            at=now,
            actor=actor,
            entity="case",
            entity_id=str(case_id),
            action="open",
            before=None,
            after=OPENING_STATUS[mode].value,
            reason=f"event {event.event_id}",
        ),
    )


async def on_timer(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A reminder or breach timer is due: announce it if its clock still runs towards that deadline."""
    case_id = uuid.UUID(timer.subject_id)
    row = await db.lock_clock(conn, case_id, timer.clock)
    if row is None or row["status"] != "running" or row["due_at"] != datetime.fromisoformat(timer.payload["due_at"]):
        return  # the clock stopped, paused or moved since this timer was set
    case = await db.get_case(conn, case_id)
    assert case is not None
    fact = CaseDeadlineBreachedV1 if timer.kind == "breach" else CaseDeadlineApproachingV1
    await enqueue(
        conn,
        fact(
            occurred_at=now,
            lpse=case["lpse"],
            correlation_id=case["application_id"],
            actor=TIMER_ACTOR,
            case_id=case_id,
            reference=case["reference"],
            clock=row["name"],
            clock_label=row["label"],
            due_at=row["due_at"],
        ),
    )
    if timer.kind == "breach":
        await db.mark_breached(conn, case_id, row["name"], now)
        await append(
            conn,
            AuditEntry(
                at=now,
                actor=TIMER_ACTOR,
                entity="case",
                entity_id=str(case_id),
                action="deadline_breached",
                before=case["status"],
                after=case["status"],
                reason=f"{row['label']} ({row['deadline_text']}) jatuh tempo {row['due_at']}",
            ),
        )


async def on_application_resubmitted(
    event: ApplicationResubmittedV1, conn: asyncpg.Connection, *, clock: Clock, profiles: dict[str, LpseProfile]
) -> None:
    """The applicant uploaded again what was returned: the documents go back on the checklist, the clocks resume."""
    now = clock.now()
    row = await db.lock_case_of_application(conn, event.application_id)
    if row is None:
        raise PermanentError(f"no case for application {event.application_id}")
    case = db.to_case(row)
    try:
        decision = decide(case, Trigger.RESUBMIT, actor=event.actor, actor_lpse=case.lpse, now=now)
    except Refused:
        return  # the case moved on (a verifier resumed it at the counter): nothing to do
    await db.save_case(conn, case.case_id, decision.status, decision.assignee, decision.lease_until, now)
    codes = [d.code for d in event.documents]
    await db.reset_items(conn, case.case_id, codes)
    await db.merge_documents(conn, case.case_id, [d.model_dump() for d in event.documents])
    due_at = await clocks.resume_all(
        conn, case.case_id, clocks.calendar_of(profiles[case.lpse], row["service_id"]), now
    )
    await enqueue(conn, *clocks.with_due(decision.events, due_at))
    await append(
        conn,
        AuditEntry(
            at=now,
            actor=event.actor,
            entity="case",
            entity_id=str(case.case_id),
            action=Trigger.RESUBMIT.value,
            before=case.status.value,
            after=decision.status.value,
            reason="dokumen diunggah ulang: " + ", ".join(codes),
        ),
    )
