"""All of the gateway's SQL: the forwards table (one row per escalation or account change, and party) and the parties'
answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from contracts.forensic import ExternalParty
from gateway.domain import Forward, ForwardKind, ForwardStatus, Recorded
from gateway.forensic import Answered


async def insert_forward(conn: asyncpg.Connection, forward: Forward) -> bool:
    """Record an escalation to forward to a party; False when it was recorded before (the same escalation again)."""
    inserted = await conn.fetchval(
        """INSERT INTO forwards (escalation_event_id, party, kind, target, idempotency_key, case_id, reference, lpse,
                                 body, status, attempts, next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
           ON CONFLICT (escalation_event_id, party) DO NOTHING RETURNING true""",
        forward.escalation_event_id,
        forward.party,
        forward.kind.value,
        forward.target,
        forward.idempotency_key,
        forward.case_id,
        forward.reference,
        forward.lpse,
        forward.body,
        forward.status.value,
        forward.attempts,
        forward.next_attempt_at,
    )
    return bool(inserted)


async def claim_due(
    conn: asyncpg.Connection, now: datetime, limit: int, lease: timedelta, party: ExternalParty
) -> list[Forward]:
    """Take one party's forwards that are due (or whose forwarder died mid-request): mark them sending, count it."""
    rows = await conn.fetch(
        """UPDATE forwards SET status = 'sending', attempts = attempts + 1, last_attempt_at = $1,
                               lease_until = $1 + $3::interval
           WHERE (escalation_event_id, party) IN (
               SELECT escalation_event_id, party FROM forwards
               WHERE party = $4
                 AND ((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1))
               ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING *""",
        now,
        limit,
        lease,
        party,
    )
    return [stored_forward(row) for row in rows]


def stored_forward(row: asyncpg.Record) -> Forward:
    """A stored row as the domain's forward."""
    return Forward(
        escalation_event_id=row["escalation_event_id"],
        case_id=row["case_id"],
        reference=row["reference"],
        lpse=row["lpse"],
        body=row["body"],
        status=ForwardStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        party=row["party"],
        kind=ForwardKind(row["kind"]),
        target=row["target"],
        idempotency_key=row["idempotency_key"],
    )


async def still_claimed(conn: asyncpg.Connection, forward: Forward) -> bool:
    """Lock the row and say whether it is still this attempt's (no other forwarder took it after a lapsed lease)."""
    return bool(
        await conn.fetchval(
            """SELECT true FROM forwards
               WHERE escalation_event_id = $1 AND party = $2 AND status = 'sending' AND attempts = $3
               FOR UPDATE""",
            forward.escalation_event_id,
            forward.party,
            forward.attempts,
        )
    )


async def save_recorded(conn: asyncpg.Connection, recorded: Recorded) -> None:
    """Store an attempt's outcome (the caller checked the row is still this attempt's)."""
    forward = recorded.forward
    await conn.execute(
        """UPDATE forwards SET status = $3, next_attempt_at = $4, lease_until = NULL, decided_at = $5,
                               http_status = $6, external_ref = COALESCE($7, external_ref), last_error = $8
           WHERE escalation_event_id = $1 AND party = $2""",
        forward.escalation_event_id,
        forward.party,
        forward.status.value,
        forward.next_attempt_at,
        recorded.decided_at,
        recorded.http_status,
        recorded.external_ref,
        recorded.error,
    )


async def overdue_count(conn: asyncpg.Connection, before: datetime) -> int:
    """How many forwards (of any kind, to any party) made before this instant are still unaccepted."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM forwards WHERE status IN ('pending', 'sending') AND created_at < $1", before
        )
    )


async def lock_answerable(
    conn: asyncpg.Connection, party: ExternalParty, external_ref: str, reference: str
) -> Answered | None:
    """The forensic test this party accepted under that number, for that case, locked; None: it has no such case."""
    row = await conn.fetchrow(
        """SELECT * FROM forwards
           WHERE kind = 'forensic' AND party = $1 AND external_ref = $2 AND reference = $3 AND status = 'forwarded'
           ORDER BY created_at LIMIT 1 FOR UPDATE""",
        party,
        external_ref,
        reference,
    )
    if row is None:
        return None
    return Answered(
        escalation_event_id=row["escalation_event_id"],
        party=row["party"],
        case_id=row["case_id"],
        reference=row["reference"],
        lpse=row["lpse"],
        external_ref=row["external_ref"],
        idempotency_key=row["idempotency_key"],
        finding=row["finding"],
        answered_at=row["answered_at"],
    )


async def save_answered(conn: asyncpg.Connection, answered: Answered) -> None:
    """Store the party's first answer on its forward."""
    await conn.execute(
        "UPDATE forwards SET finding = $3, answered_at = $4 WHERE escalation_event_id = $1 AND party = $2",
        answered.escalation_event_id,
        answered.party,
        answered.finding,
        answered.answered_at,
    )
