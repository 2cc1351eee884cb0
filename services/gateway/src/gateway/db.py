"""All of the gateway's SQL: the forwards table."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from gateway.domain import Forward, ForwardStatus, Recorded


async def insert_forward(conn: asyncpg.Connection, forward: Forward) -> bool:
    """Record an escalation to forward; False when it was recorded before (the same escalation again)."""
    inserted = await conn.fetchval(
        """INSERT INTO forwards (escalation_event_id, ticket_id, reference, lpse, body, status, attempts,
                                 next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
           ON CONFLICT (escalation_event_id) DO NOTHING RETURNING true""",
        forward.escalation_event_id,
        forward.ticket_id,
        forward.reference,
        forward.lpse,
        forward.body,
        forward.status.value,
        forward.attempts,
        forward.next_attempt_at,
    )
    return bool(inserted)


async def claim_due(conn: asyncpg.Connection, now: datetime, limit: int, lease: timedelta) -> list[Forward]:
    """Take forwards that are due (or whose forwarder died mid-request): mark them sending, count the attempt."""
    rows = await conn.fetch(
        """UPDATE forwards SET status = 'sending', attempts = attempts + 1, last_attempt_at = $1,
                               lease_until = $1 + $3::interval
           WHERE escalation_event_id IN (
               SELECT escalation_event_id FROM forwards
               WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
               ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING *""",
        now,
        limit,
        lease,
    )
    return [stored_forward(row) for row in rows]


def stored_forward(row: asyncpg.Record) -> Forward:
    """A stored row as the domain's forward."""
    return Forward(
        escalation_event_id=row["escalation_event_id"],
        ticket_id=row["ticket_id"],
        reference=row["reference"],
        lpse=row["lpse"],
        body=row["body"],
        status=ForwardStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
    )


async def still_claimed(conn: asyncpg.Connection, forward: Forward) -> bool:
    """Lock the row and say whether it is still this attempt's (no other forwarder took it after a lapsed lease)."""
    return bool(
        await conn.fetchval(
            """SELECT true FROM forwards WHERE escalation_event_id = $1 AND status = 'sending' AND attempts = $2
               FOR UPDATE""",
            forward.escalation_event_id,
            forward.attempts,
        )
    )


async def save_recorded(conn: asyncpg.Connection, recorded: Recorded) -> None:
    """Store an attempt's outcome (the caller checked the row is still this attempt's)."""
    forward = recorded.forward
    await conn.execute(
        """UPDATE forwards SET status = $2, next_attempt_at = $3, lease_until = NULL, decided_at = $4,
                               http_status = $5, lkpp_ref = COALESCE($6, lkpp_ref), last_error = $7
           WHERE escalation_event_id = $1""",
        forward.escalation_event_id,
        forward.status.value,
        forward.next_attempt_at,
        recorded.decided_at,
        recorded.http_status,
        recorded.lkpp_ref,
        recorded.error,
    )


async def overdue_count(conn: asyncpg.Connection, before: datetime) -> int:
    """How many escalations made before this instant LKPP has still not accepted."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM forwards WHERE status IN ('pending', 'sending') AND created_at < $1", before
        )
    )
