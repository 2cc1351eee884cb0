"""All of the ubah-jadwal SQL: the request, its letters, its clock columns, the queues and its steps."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from helpdesk.schedule.domain import ENTITY, ScheduleChange, ScheduleStatus
from helpdesk.schedule.forms import Filed

OPEN_STATES = ["diajukan", "dikembalikan", "dieskalasi"]


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The request a form submission already created, if any."""
    return await conn.fetchrow("SELECT id, reference FROM schedule_changes WHERE submission_key = $1", key)


async def open_for_tender(conn: asyncpg.Connection, lpse: str, tender_id: str) -> str | None:
    """The reference of the tender's schedule change still being handled, if one is."""
    value = await conn.fetchval(
        "SELECT reference FROM schedule_changes WHERE lpse = $1 AND tender_id = $2 AND status = ANY($3::text[])",
        lpse,
        tender_id,
        OPEN_STATES,
    )
    return None if value is None else str(value)


async def insert(
    conn: asyncpg.Connection,
    c: ScheduleChange,
    filed: Filed,
    *,
    submission_key: uuid.UUID,
    status_digest: str,
    channel: str,
    requester_username: str | None,
    recorded_by: str | None,
    at: datetime,
) -> None:
    """Store a filed request with what the Pokja wrote."""
    await conn.execute(
        """INSERT INTO schedule_changes (id, lpse, reference, submission_key, status_digest, service_id, channel,
               status, tender_id, tender_name, stage, old_at, new_at, reason, requester_username, requester_name,
               requester_nip, requester_email, recorded_by, filed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)""",
        c.id,
        c.lpse,
        c.reference,
        submission_key,
        status_digest,
        c.service_id,
        channel,
        c.status.value,
        filed.tender_id,
        filed.tender_name,
        filed.stage,
        filed.old_at,
        filed.new_at,
        filed.reason,
        requester_username,
        filed.requester_name,
        filed.nip,
        filed.email,
        recorded_by,
        at,
    )


def change_of(row: asyncpg.Record) -> ScheduleChange:
    """The machine's view of a stored request."""
    return ScheduleChange(
        id=row["id"],
        lpse=row["lpse"],
        reference=row["reference"],
        service_id=row["service_id"],
        tender_id=row["tender_id"],
        stage=row["stage"],
        old_at=row["old_at"],
        new_at=row["new_at"],
        status=ScheduleStatus(row["status"]),
        requester_email=row["requester_email"],
        holder=row["holder"],
        lease_until=row["lease_until"],
        missing=tuple(row["missing"]),
    )


async def lock(conn: asyncpg.Connection, change_id: uuid.UUID) -> asyncpg.Record | None:
    """A request, locked for a decision."""
    return await conn.fetchrow("SELECT * FROM schedule_changes WHERE id = $1 FOR UPDATE", change_id)


async def by_id(conn: asyncpg.Connection, change_id: uuid.UUID) -> asyncpg.Record | None:
    """A request."""
    return await conn.fetchrow("SELECT * FROM schedule_changes WHERE id = $1", change_id)


async def by_digest(conn: asyncpg.Connection, digest: str) -> asyncpg.Record | None:
    """The request whose status page token has this digest."""
    return await conn.fetchrow("SELECT * FROM schedule_changes WHERE status_digest = $1", digest)


async def save(conn: asyncpg.Connection, c: ScheduleChange, at: datetime) -> None:
    """Save a request after a decision (the status, who holds it, what is missing, the times)."""
    await conn.execute(
        """UPDATE schedule_changes SET status = $2, holder = $3, lease_until = $4, missing = $5, old_at = $6,
               new_at = $7, updated_at = $8 WHERE id = $1""",
        c.id,
        c.status.value,
        c.holder,
        c.lease_until,
        list(c.missing),
        c.old_at,
        c.new_at,
        at,
    )


# What a step may write beside the status, each a fixed statement (no column name is ever built from input).
_TEXTS: dict[str, str] = {
    column: f"UPDATE schedule_changes SET {column} = $2 WHERE id = $1"
    for column in ("return_note", "refusal_reason", "set_at", "changed_in_spse_at", "within_deadline", "tender_name",
                   "reason")
}  # fmt: skip


async def save_texts(conn: asyncpg.Connection, change_id: uuid.UUID, **texts: object) -> None:
    """Keep what a step wrote beside the status: a return's note, a refusal's reason, the SPSE record."""
    for column, value in texts.items():
        await conn.execute(_TEXTS[column], change_id, value)


# -- letters ------------------------------------------------------------------------------------------------------


async def add_letter(
    conn: asyncpg.Connection,
    change_id: uuid.UUID,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    object_name: str,
    at: datetime,
) -> int:
    """Record a letter kept in the object store; returns its number on the request."""
    n: int = await conn.fetchval(
        """INSERT INTO schedule_change_letters (change_id, n, filename, content_type, size, sha256, object_name,
               uploaded_at)
           VALUES ($1, (SELECT coalesce(max(n), 0) + 1 FROM schedule_change_letters WHERE change_id = $1),
                   $2, $3, $4, $5, $6, $7) RETURNING n""",
        change_id,
        filename,
        content_type,
        size,
        sha256,
        object_name,
        at,
    )
    return n


async def letters(conn: asyncpg.Connection, change_id: uuid.UUID) -> list[asyncpg.Record]:
    """A request's letters, oldest first."""
    return list(await conn.fetch("SELECT * FROM schedule_change_letters WHERE change_id = $1 ORDER BY n", change_id))


async def letter(conn: asyncpg.Connection, change_id: uuid.UUID, n: int) -> asyncpg.Record | None:
    """One letter of a request."""
    return await conn.fetchrow("SELECT * FROM schedule_change_letters WHERE change_id = $1 AND n = $2", change_id, n)


# -- the clock ----------------------------------------------------------------------------------------------------


async def start_clock(conn: asyncpg.Connection, change_id: uuid.UUID, at: datetime, due: datetime) -> None:
    """A fresh clock from a complete submission."""
    await conn.execute(
        """UPDATE schedule_changes SET clock_started_at = $2, due_at = $3, clock_stopped_at = NULL, breached_at = NULL
           WHERE id = $1""",
        change_id,
        at,
        due,
    )


async def stop_clock(conn: asyncpg.Connection, change_id: uuid.UUID, at: datetime) -> None:
    """The clock stops: returned to the Pokja, or decided."""
    await conn.execute("UPDATE schedule_changes SET clock_stopped_at = $2 WHERE id = $1", change_id, at)


async def mark_breached(conn: asyncpg.Connection, change_id: uuid.UUID, at: datetime) -> None:
    """Record that the deadline passed before a decision."""
    await conn.execute("UPDATE schedule_changes SET breached_at = $2 WHERE id = $1", change_id, at)


# -- lists --------------------------------------------------------------------------------------------------------


async def queue(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The LPSE's requests: open ones by nearest due, then the decided ones, newest first (a desk of tens)."""
    return list(
        await conn.fetch(
            """SELECT * FROM schedule_changes WHERE lpse = $1
               ORDER BY status <> ALL($2::text[]), (CASE WHEN clock_stopped_at IS NULL THEN due_at END) NULLS LAST,
                        filed_at DESC LIMIT 200""",
            lpse,
            OPEN_STATES,
        )
    )


async def mine(conn: asyncpg.Connection, lpse: str, username: str) -> list[asyncpg.Record]:
    """The requests a signed-in Pokja member filed, newest first."""
    return list(
        await conn.fetch(
            """SELECT * FROM schedule_changes WHERE lpse = $1 AND requester_username = $2
               ORDER BY filed_at DESC LIMIT 200""",
            lpse,
            username,
        )
    )


async def of_tenders(conn: asyncpg.Connection, lpse: str, tenders: list[str]) -> list[asyncpg.Record]:
    """The LPSE's requests about these tenders (an auditor's scope), newest first."""
    return list(
        await conn.fetch(
            """SELECT * FROM schedule_changes WHERE lpse = $1 AND tender_id = ANY($2::text[])
               ORDER BY filed_at DESC LIMIT 500""",
            lpse,
            tenders,
        )
    )


async def steps(conn: asyncpg.Connection, change_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every decision on a request from the audit log, oldest first (reads by auditors are not steps)."""
    return list(
        await conn.fetch(
            """SELECT at, actor_id, actor_role, action, before, after, reason FROM audit_log
               WHERE entity = $1 AND entity_id = $2 AND action <> 'dibaca_auditor' ORDER BY id""",
            ENTITY,
            str(change_id),
        )
    )
