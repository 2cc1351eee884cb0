"""All of the complaints' SQL: the complaint, its clocks, its messages, the queue and the register."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from helpdesk.complaints.domain import Complaint, ComplaintStatus
from helpdesk.complaints.forms import ComplaintForm
from lpse_runtime.worktime import ClockState, stored_clock


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The complaint a form submission already created, if any."""
    return await conn.fetchrow("SELECT id, reference FROM complaints WHERE submission_key = $1", key)


async def insert_complaint(
    conn: asyncpg.Connection,
    c: Complaint,
    form: ComplaintForm,
    *,
    submission_key: uuid.UUID,
    status_digest: str,
    late: bool,
    days_since_service: int,
    at: datetime,
) -> None:
    """Store a received complaint with what the complainant wrote."""
    await conn.execute(
        """INSERT INTO complaints (id, lpse, reference, submission_key, status_digest, service_id, status, level,
               name, address, email, language, service_date, description, losses, remedy, place, declaration,
               signature, late, days_since_service, received_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                   $21, $21)""",
        c.id,
        c.lpse,
        c.reference,
        submission_key,
        status_digest,
        c.service_id,
        c.status.value,
        form.name,
        form.address,
        form.email,
        form.language,
        form.service_date,
        form.description,
        form.losses,
        form.remedy,
        form.place,
        form.declaration,
        form.signature,
        late,
        days_since_service,
        at,
    )


def complaint_of(row: asyncpg.Record) -> Complaint:
    """The machine's view of a stored complaint."""
    return Complaint(
        id=row["id"],
        lpse=row["lpse"],
        reference=row["reference"],
        service_id=row["service_id"],
        status=ComplaintStatus(row["status"]),
        level=row["level"],
        holder=row["holder"],
        complainant_email=row["email"],
        language=row["language"],
        missing=tuple(row["missing"]),
        content_complete=row["content_complete"],
    )


async def lock(conn: asyncpg.Connection, complaint_id: uuid.UUID) -> asyncpg.Record | None:
    """A complaint, locked for a decision."""
    return await conn.fetchrow("SELECT * FROM complaints WHERE id = $1 FOR UPDATE", complaint_id)


async def by_id(conn: asyncpg.Connection, complaint_id: uuid.UUID) -> asyncpg.Record | None:
    """A complaint."""
    return await conn.fetchrow("SELECT * FROM complaints WHERE id = $1", complaint_id)


async def by_digest(conn: asyncpg.Connection, digest: str) -> asyncpg.Record | None:
    """The complaint whose status page token has this digest."""
    return await conn.fetchrow("SELECT * FROM complaints WHERE status_digest = $1", digest)


async def save(conn: asyncpg.Connection, c: Complaint, at: datetime) -> None:
    """Save a complaint after a decision."""
    await conn.execute(
        """UPDATE complaints SET status = $2, level = $3, holder = $4, missing = $5, content_complete = $6,
               responded_at = CASE WHEN $2 = 'responded' THEN $7 ELSE responded_at END,
               resolved_at = CASE WHEN $2 = 'resolved' THEN $7 ELSE resolved_at END, updated_at = $7
           WHERE id = $1""",
        c.id,
        c.status.value,
        c.level,
        c.holder,
        list(c.missing),
        c.content_complete,
        at,
    )


async def add_message(
    conn: asyncpg.Connection, complaint_id: uuid.UUID, kind: str, author: str, body: str, at: datetime
) -> None:
    """Keep a text written on the complaint; a note is internal."""
    await conn.execute(
        """INSERT INTO complaint_messages (complaint_id, kind, author, internal, body, at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        complaint_id,
        kind,
        author,
        kind == "catatan",
        body,
        at,
    )


async def messages(conn: asyncpg.Connection, complaint_id: uuid.UUID, *, internal: bool) -> list[asyncpg.Record]:
    """The texts of a complaint, oldest first; internal notes only when asked for (staff)."""
    return list(
        await conn.fetch(
            "SELECT * FROM complaint_messages WHERE complaint_id = $1 AND (internal = false OR $2) ORDER BY id",
            complaint_id,
            internal,
        )
    )


async def queue(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The LPSE's complaints: open first, nearest running deadline, oldest (a desk of tens, not thousands)."""
    return list(
        await conn.fetch(
            """SELECT c.*, (SELECT min(due_at) FROM complaint_clocks k
                            WHERE k.complaint_id = c.id AND k.status = 'running') AS next_due
               FROM complaints c WHERE c.lpse = $1
               ORDER BY c.status = 'resolved', next_due NULLS LAST, c.received_at LIMIT 200""",
            lpse,
        )
    )


async def register(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The anonymised register: reference, month, service, status, time to the response; no name or text."""
    return list(
        await conn.fetch(
            """SELECT reference, service_id, status, received_at, responded_at
               FROM complaints WHERE lpse = $1 ORDER BY received_at DESC LIMIT 500""",
            lpse,
        )
    )


# -- clocks -----------------------------------------------------------------------------------------------------


async def insert_clock(conn: asyncpg.Connection, complaint_id: uuid.UUID, state: ClockState, text: str) -> None:
    """Store a started clock."""
    await conn.execute(
        """INSERT INTO complaint_clocks (complaint_id, name, label, deadline_text, working, status, started_at, due_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        complaint_id,
        state.name,
        state.label,
        text,
        state.working,
        state.status,
        state.started_at,
        state.due,
    )


def clock_state(row: asyncpg.Record) -> ClockState:
    """The calculator's view of a stored clock."""
    return stored_clock(row)


async def clocks(conn: asyncpg.Connection, complaint_id: uuid.UUID) -> list[asyncpg.Record]:
    """A complaint's clocks, in the order they were started."""
    return list(
        await conn.fetch(
            "SELECT * FROM complaint_clocks WHERE complaint_id = $1 ORDER BY started_at, due_at NULLS LAST, name",
            complaint_id,
        )
    )


async def save_clock(conn: asyncpg.Connection, complaint_id: uuid.UUID, state: ClockState) -> None:
    """Save a clock after a stop, a pause or a resume."""
    await conn.execute(
        """UPDATE complaint_clocks SET status = $3, due_at = $4, remaining_seconds = $5, stopped_at = $6
           WHERE complaint_id = $1 AND name = $2""",
        complaint_id,
        state.name,
        state.status,
        state.due,
        state.remaining_seconds,
        state.stopped_at,
    )


async def mark_breached(conn: asyncpg.Connection, complaint_id: uuid.UUID, name: str, at: datetime) -> None:
    """Record that a clock's deadline passed."""
    await conn.execute(
        "UPDATE complaint_clocks SET breached_at = $3 WHERE complaint_id = $1 AND name = $2", complaint_id, name, at
    )
