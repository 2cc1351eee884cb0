"""Verification's reactions to registration's facts: each application becomes a case in its LPSE's queue."""

from __future__ import annotations

import uuid

import asyncpg

from contracts.envelope import Actor
from contracts.registration import ApplicationSubmittedV1
from contracts.verification import CaseOpenedV1
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.clock import Clock
from lpse_runtime.outbox import enqueue
from verification import db
from verification.domain import CaseStatus


async def on_application_submitted(event: ApplicationSubmittedV1, conn: asyncpg.Connection, *, clock: Clock) -> None:
    """Open a case for the application and announce it."""
    now = clock.now()
    case_id = uuid.uuid5(uuid.NAMESPACE_URL, f"verification-case:{event.application_id}")
    await db.open_case(conn, case_id, event, now)
    actor = Actor.system("verification")
    await enqueue(
        conn,
        CaseOpenedV1(
            occurred_at=now,
            actor=actor,
            case_id=case_id,
            application_id=event.application_id,
            reference=event.reference,
            applicant_email=event.email,
            status_url=event.status_url,
            **event.caused(),
        ),
    )
    await append(
        conn,
        AuditEntry(
            at=now,
            actor=actor,
            entity="case",
            entity_id=str(case_id),
            action="open",
            before=None,
            after=CaseStatus.QUEUED.value,
            reason=f"event {event.event_id}",
        ),
    )
