"""What LKPP and BSSN say back through the gateway (accepted, answered, refused), and the local clock's timers.

Each handler runs in the consumer's transaction beside its inbox row, so a redelivered fact changes nothing; the
handlers also check the case's own record, so a fact that arrives twice under another id is kept once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from contracts.envelope import Actor
from contracts.forensic import ForensicDeadlineApproachingV1, ForensicDeadlineBreachedV1
from contracts.gateway import ForensicAnsweredV1, ForensicForwardedV1, ForensicForwardRefusedV1
from helpdesk.forensic import clocks, db
from helpdesk.forensic.desk import ForensicDesk
from helpdesk.forensic.domain import ENTITY, ForensicRefused, Status, Step, Trigger, decide
from lpse_runtime import audit
from lpse_runtime.commit import commit
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.timers import Timer

GATEWAY = Actor.system("gateway")
PARTY_NAME = {"lkpp": "LKPP", "bssn": "BSSN"}


def _party_row(rows: list[asyncpg.Record], party: str) -> asyncpg.Record | None:
    return next((r for r in rows if r["party"] == party), None)


async def on_forwarded(event: ForensicForwardedV1, conn: asyncpg.Connection) -> None:
    """A party accepted the escalation and gave it its number: the hand-over is recorded in the custody chain."""
    row = await db.lock(conn, event.case_id)
    if row is None:
        return
    current = _party_row(await db.parties(conn, row["id"]), event.party)
    if current is None or current["state"] != "dikirim":
        return  # already accepted, answered or refused: the fact is a repeat
    await db.set_party(conn, row["id"], event.party, "diterima", event.occurred_at, external_ref=event.external_ref)
    reason = f"{PARTY_NAME[event.party]} menerima berkas (nomor {event.external_ref}) berdasarkan digest SHA-256"
    await audit.append(
        conn, AuditEntry(event.occurred_at, GATEWAY, ENTITY, str(row["id"]), "diterima_pihak", None, None, reason)
    )


async def on_answered(desk: ForensicDesk, event: ForensicAnsweredV1, conn: asyncpg.Connection) -> None:
    """A party's finding: kept on the case and announced once; the Admin PPE issues the report when both answered."""
    row = await db.lock(conn, event.case_id)
    if row is None:
        return
    current = _party_row(await db.parties(conn, row["id"]), event.party)
    if current is not None and current["state"] == "dijawab":
        return
    case = db.case_of(row, await db.files(conn, row["id"]), await db.parties(conn, row["id"]))
    step = Step(Trigger.JAWABAN_PIHAK, party=event.party, external_ref=event.external_ref)
    await db.set_party(
        conn,
        row["id"],
        event.party,
        "dijawab",
        event.occurred_at,
        external_ref=event.external_ref,
        finding=event.finding,
    )
    try:
        decided = decide(
            case, step, at=event.occurred_at, actor=GATEWAY, status_url=desk.sealed(desk.status_path(row["id"]))
        )
    except (ForensicRefused, TransitionRefused):
        return  # a late answer to a case no longer waiting: kept on the party's row, no fact
    what = f"Jawaban {PARTY_NAME[event.party]} diterima (nomor {event.external_ref})"
    await db.add_step(conn, row["id"], what, GATEWAY.id, PARTY_NAME[event.party], event.occurred_at)
    await commit(conn, decided, lambda c, s: db.save(c, s, event.occurred_at))


async def on_forward_refused(desk: ForensicDesk, event: ForensicForwardRefusedV1, conn: asyncpg.Connection) -> None:
    """A party refused the escalation: the case goes back to the Admin PPE with the party's reason."""
    row = await db.lock(conn, event.case_id)
    if row is None or row["status"] != Status.DITERUSKAN_EKSTERNAL.value:
        return
    case = db.case_of(row, await db.files(conn, row["id"]), await db.parties(conn, row["id"]))
    reason = f"{PARTY_NAME[event.party]} menolak (HTTP {event.http_status}): {event.reason or 'tanpa alasan'}"
    step = Step(Trigger.PENOLAKAN_PIHAK, party=event.party, text=reason)
    try:
        decided = decide(
            case, step, at=event.occurred_at, actor=GATEWAY, status_url=desk.sealed(desk.status_path(row["id"]))
        )
    except (ForensicRefused, TransitionRefused):
        return
    await db.set_party(conn, row["id"], event.party, "ditolak", event.occurred_at, refusal=reason[:500])
    await db.add_step(conn, row["id"], reason[:200], GATEWAY.id, PARTY_NAME[event.party], event.occurred_at)
    await commit(conn, decided, lambda c, s: db.save(c, s, event.occurred_at))


async def deadline_due(desk: ForensicDesk, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """The local clock's reminder or breach: the fact for the desk and the heads of the LPSE."""
    row = await db.by_id(conn, uuid.UUID(timer.subject_id))
    if row is None or row["clock_due_at"] is None or row["clock_stopped_at"] is not None:
        return
    breach = timer.kind == clocks.BREACH
    if breach:
        await db.mark_breached(conn, row["id"], now)
    fact_class = ForensicDeadlineBreachedV1 if breach else ForensicDeadlineApproachingV1
    profile = desk.profiles[row["lpse"]]
    service = next(s for s in profile.services if s.id == row["service_id"])
    clock = clocks.clock_of(service)
    fact = fact_class(
        occurred_at=now,
        lpse=row["lpse"],
        correlation_id=row["id"],
        actor=Actor.system("timer"),
        case_id=row["id"],
        reference=row["reference"],
        service_id=row["service_id"],
        tender_id=row["tender_id"],
        requester_email=row["requester_email"],
        status_url=desk.sealed(desk.status_path(row["id"])),
        clock=timer.clock,
        clock_label=clock.label if clock else timer.clock,
        due_at=row["clock_due_at"],
    )
    await commit(conn, Decided(None, facts=(fact,)))
