"""Registration's reactions to verification's facts: the status page follows the case."""

from __future__ import annotations

import logging
from typing import Any

import asyncpg

from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseFact,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseOpenedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.consumer import Dispatch, PermanentError
from lpse_runtime.machine import TransitionRefused
from registration import db
from registration.domain import ApplicationStatus, Trigger, decide

log = logging.getLogger(__name__)


async def _apply(
    conn: asyncpg.Connection, event: CaseFact, trigger: Trigger, note: str, user_id: str | None = None
) -> None:
    row = await db.lock_application(conn, event.application_id)
    if row is None:
        raise PermanentError(f"no application {event.application_id}")
    before = ApplicationStatus(row["status"])
    try:
        after = decide(before, trigger)
    except TransitionRefused:
        # Facts arrive in commit order, so this is a repeat of a step already shown (a claim after a release) or
        # a replayed dead letter the application has moved past: nothing changes on the status page.
        log.info("application %s: %s does not apply in status %s", event.application_id, trigger.value, before.value)
        return
    await db.set_status(conn, event.application_id, after, event.occurred_at, user_id=user_id)
    await db.add_step(conn, event.application_id, after, event.occurred_at, note)
    await append(
        conn,
        AuditEntry(
            at=event.occurred_at,
            actor=event.actor,
            entity="application",
            entity_id=str(event.application_id),
            action=trigger.value,
            before=before.value,
            after=after.value,
            reason=f"event {event.event_id}",
        ),
    )


async def on_case_claimed(event: CaseClaimedV1, conn: asyncpg.Connection) -> None:
    """A verifier took the case: the application is being verified."""
    await _apply(conn, event, Trigger.VERIFICATION_STARTED, "Berkas sedang diperiksa oleh verifikator.")


async def on_account_activated(event: AccountActivatedV1, conn: asyncpg.Connection) -> None:
    """The account is active: the status page shows it, with the user ID."""
    await _apply(
        conn, event, Trigger.ACCOUNT_ACTIVATED, f"Akun aktif dengan User ID {event.user_id}.", user_id=event.user_id
    )


async def on_case_returned(event: CaseReturnedV1, conn: asyncpg.Connection) -> None:
    """The verifier returned the file: the status page says what to complete and offers those uploads again."""
    await _apply(conn, event, Trigger.DOCUMENTS_RETURNED, f"Berkas dikembalikan: {event.reason}")
    await db.set_returned(conn, event.application_id, list(event.items), event.occurred_at)


async def on_case_opened(event: CaseOpenedV1, conn: asyncpg.Connection) -> None:
    """The case is in the LPSE's queue: the status page shows its service deadline (none yet for a counter visit,
    whose clock starts at hand-over)."""
    await db.set_deadline(conn, event.application_id, event.due_at, event.deadline_text)


async def _counter_step(conn: asyncpg.Connection, event: CaseFact, step: str, note: str, **fields: Any) -> None:
    row = await db.lock_application(conn, event.application_id)
    if row is None:
        raise PermanentError(f"no application {event.application_id}")
    await db.set_counter_step(conn, event.application_id, step, **fields)
    await db.add_step(conn, event.application_id, ApplicationStatus(row["status"]), event.occurred_at, note)


async def on_case_invited(event: CaseInvitedV1, conn: asyncpg.Connection) -> None:
    """The LPSE invites the applicant to its counter: the status page says what to bring."""
    bring = [d.model_dump() for d in event.bring]
    await _counter_step(conn, event, "invited", "Undangan ke loket LPSE dikirim ke email Anda.", bring=bring)


async def on_case_checked_in(event: CaseCheckedInV1, conn: asyncpg.Connection) -> None:
    """The applicant arrived at the counter."""
    await _counter_step(conn, event, "checked_in", "Kedatangan Anda di loket tercatat.")


async def on_case_handed_over(event: CaseHandedOverV1, conn: asyncpg.Connection) -> None:
    """The file was received at the counter: the service deadline runs from now."""
    await _counter_step(
        conn,
        event,
        "handed_over",
        "Berkas diterima di loket; tenggat layanan mulai berjalan.",
        due_at=event.due_at,
        deadline_text=event.deadline_text,
    )


async def on_case_resumed(event: CaseResumedV1, conn: asyncpg.Connection) -> None:
    """The completed file was received: verification goes on, with the deadline running again."""
    await db.set_deadline(conn, event.application_id, event.due_at, None)
    await _apply(conn, event, Trigger.VERIFICATION_RESUMED, "Berkas yang dilengkapi diterima; verifikasi dilanjutkan.")


async def on_case_rejected(event: CaseRejectedV1, conn: asyncpg.Connection) -> None:
    """The verifier rejected the application: the status page gives the reason."""
    await _apply(conn, event, Trigger.APPLICATION_REJECTED, f"Permohonan ditolak: {event.reason}")


async def on_aggregation_requested(event: AggregationRequestedV1, conn: asyncpg.Connection) -> None:
    """The verifier sent the ADP request to LKPP."""
    await _apply(
        conn, event, Trigger.AGGREGATION_REQUESTED, f"Permohonan agregasi {event.request_ref} dikirim ke LKPP."
    )


async def on_aggregation_completed(event: ProviderAggregatedV1, conn: asyncpg.Connection) -> None:
    """The account is aggregated: valid at every LPSE."""
    await _apply(conn, event, Trigger.AGGREGATION_COMPLETED, "Akun teragregasi; dapat digunakan di seluruh LPSE.")


async def on_aggregation_refused(event: AggregationRefusedV1, conn: asyncpg.Connection) -> None:
    """LKPP refused the aggregation: the status page gives its reason."""
    await _apply(conn, event, Trigger.AGGREGATION_REFUSED, f"Agregasi ditolak LKPP: {event.reason}")


def from_verification() -> Dispatch:
    """Verification's facts that move the status page, each to its handler."""
    return (
        Dispatch()
        .on(CaseOpenedV1, on_case_opened)
        .on(CaseInvitedV1, on_case_invited)
        .on(CaseCheckedInV1, on_case_checked_in)
        .on(CaseHandedOverV1, on_case_handed_over)
        .on(CaseClaimedV1, on_case_claimed)
        .on(CaseReturnedV1, on_case_returned)
        .on(CaseResumedV1, on_case_resumed)
        .on(CaseRejectedV1, on_case_rejected)
        .on(AccountActivatedV1, on_account_activated)
        .on(AggregationRequestedV1, on_aggregation_requested)
        .on(ProviderAggregatedV1, on_aggregation_completed)
        .on(AggregationRefusedV1, on_aggregation_refused)
    )
