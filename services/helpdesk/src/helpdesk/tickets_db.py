"""The ticket desk's SQL: tickets, their messages, attachments and ratings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.helpdesk import TicketCategory
from helpdesk.domain import Ticket, TicketStatus

COLUMNS = """id, lpse, reference, category, category_label, service_id, status, level, level_label, summary,
             reporter_role, reporter_email, language, status_url, opened_at, holder, lease_until, forwarded_from,
             resolved_level, lkpp_ref, reopen_until, reopen_count, closed_at, claimed_levels, clock_note"""


@dataclass(frozen=True)
class NewTicket:
    """What a report stores beside the machine's view: the description, who reported and how."""

    ticket: Ticket
    submission_key: uuid.UUID
    description: str
    reporter_name: str
    reporter_phone: str
    channel: str
    opened_by: str
    status_digest: str
    deadline_text: str


def ticket_of(row: asyncpg.Record) -> Ticket:
    """A stored ticket as the machine sees it."""
    return Ticket(
        id=row["id"],
        lpse=row["lpse"],
        reference=row["reference"],
        category=TicketCategory(row["category"]),
        category_label=row["category_label"],
        service_id=row["service_id"],
        status=TicketStatus(row["status"]),
        level=row["level"],
        level_label=row["level_label"],
        summary=row["summary"],
        reporter_role=row["reporter_role"],
        reporter_email=row["reporter_email"],
        language=row["language"],
        status_url=row["status_url"],
        opened_at=row["opened_at"],
        holder=row["holder"],
        lease_until=row["lease_until"],
        forwarded_from=row["forwarded_from"],
        resolved_level=row["resolved_level"],
        lkpp_ref=row["lkpp_ref"],
        reopen_until=row["reopen_until"],
        reopen_count=row["reopen_count"],
        closed_at=row["closed_at"],
        claimed_levels=tuple(row["claimed_levels"]),
        clock_note=row["clock_note"],
    )


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The ticket a form submission already created, if any."""
    return await conn.fetchrow(
        "SELECT id, reference, reporter_email, status_url FROM tickets WHERE submission_key = $1", key
    )


async def insert_ticket(conn: asyncpg.Connection, new: NewTicket) -> None:
    """Store a new ticket."""
    t = new.ticket
    await conn.execute(
        """INSERT INTO tickets (id, lpse, reference, submission_key, category, category_label, service_id, summary,
                                description, reporter_email, reporter_role, reporter_name, reporter_phone, channel,
                                language, opened_by, status_url, status_digest, deadline_text, status, level,
                                level_label, clock_note, opened_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                   $22, $23, $24, $24)""",
        t.id,
        t.lpse,
        t.reference,
        new.submission_key,
        t.category.value,
        t.category_label,
        t.service_id,
        t.summary,
        new.description,
        t.reporter_email,
        t.reporter_role,
        new.reporter_name,
        new.reporter_phone,
        new.channel,
        t.language,
        new.opened_by,
        t.status_url,
        new.status_digest,
        new.deadline_text,
        t.status.value,
        t.level,
        t.level_label,
        t.clock_note,
        t.opened_at,
    )


async def save_ticket(conn: asyncpg.Connection, t: Ticket) -> None:
    """Store the machine's view of a ticket after a step."""
    await conn.execute(
        """UPDATE tickets SET status = $2, level = $3, level_label = $4, holder = $5, lease_until = $6,
                              forwarded_from = $7, resolved_level = $8, lkpp_ref = $9, reopen_until = $10,
                              reopen_count = $11, closed_at = $12, claimed_levels = $13, clock_note = $14,
                              updated_at = now()
           WHERE id = $1""",
        t.id,
        t.status.value,
        t.level,
        t.level_label,
        t.holder,
        t.lease_until,
        t.forwarded_from,
        t.resolved_level,
        t.lkpp_ref,
        t.reopen_until,
        t.reopen_count,
        t.closed_at,
        list(t.claimed_levels),
        t.clock_note,
    )


async def lock(conn: asyncpg.Connection, lpse: str, ticket_id: uuid.UUID) -> Ticket | None:
    """One LPSE's ticket, locked for a step (None: missing, or another LPSE's)."""
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM tickets WHERE id = $1 AND lpse = $2 FOR UPDATE", ticket_id, lpse)
    return None if row is None else ticket_of(row)


async def lock_any(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> Ticket | None:
    """A ticket by id, locked (a timer or the gateway's answer names it)."""
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM tickets WHERE id = $1 FOR UPDATE", ticket_id)
    return None if row is None else ticket_of(row)


async def lock_by_digest(conn: asyncpg.Connection, digest: str) -> Ticket | None:
    """The ticket whose status token has this digest, locked."""
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM tickets WHERE status_digest = $1 FOR UPDATE", digest)
    return None if row is None else ticket_of(row)


async def lock_by_reference(conn: asyncpg.Connection, reference: str) -> Ticket | None:
    """A ticket by its reference, locked (LKPP's callback names it)."""
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM tickets WHERE reference = $1 FOR UPDATE", reference)
    return None if row is None else ticket_of(row)


async def set_lkpp_ref(conn: asyncpg.Connection, ticket_id: uuid.UUID, lkpp_ref: str) -> None:
    """LKPP's own number for a forwarded ticket."""
    await conn.execute("UPDATE tickets SET lkpp_ref = $2, updated_at = now() WHERE id = $1", ticket_id, lkpp_ref)


async def add_message(
    conn: asyncpg.Connection,
    message_id: uuid.UUID,
    ticket_id: uuid.UUID,
    kind: str,
    author: str,
    body: str,
    at: datetime,
) -> None:
    """Keep a reply, request, answer or note (never published)."""
    await conn.execute(
        "INSERT INTO ticket_messages (id, ticket_id, kind, author, body, at) VALUES ($1, $2, $3, $4, $5, $6)",
        message_id,
        ticket_id,
        kind,
        author,
        body,
        at,
    )


async def last_message(conn: asyncpg.Connection, ticket_id: uuid.UUID, kind: str) -> asyncpg.Record | None:
    """The latest message of a kind (LKPP's answer, to tell a repeated callback from a different one)."""
    return await conn.fetchrow(
        "SELECT * FROM ticket_messages WHERE ticket_id = $1 AND kind = $2 ORDER BY at DESC LIMIT 1", ticket_id, kind
    )


async def add_rating(conn: asyncpg.Connection, ticket_id: uuid.UUID, rating: int, comment: str, at: datetime) -> None:
    """The reporter's rating of a closed ticket."""
    await conn.execute(
        "INSERT INTO ticket_ratings (ticket_id, rating, comment, rated_at) VALUES ($1, $2, $3, $4)",
        ticket_id,
        rating,
        comment,
        at,
    )


async def add_attachment(
    conn: asyncpg.Connection,
    ticket_id: uuid.UUID,
    n: int,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    object_name: str,
    at: datetime,
) -> None:
    """Record an attachment kept in the object store."""
    await conn.execute(
        """INSERT INTO ticket_attachments (ticket_id, n, filename, content_type, size, sha256, object_name, added_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        ticket_id,
        n,
        filename,
        content_type,
        size,
        sha256,
        object_name,
        at,
    )


async def details(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> asyncpg.Record | None:
    """Every column of one ticket (for its page)."""
    return await conn.fetchrow("SELECT * FROM tickets WHERE id = $1", ticket_id)


async def messages(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> list[asyncpg.Record]:
    """The ticket's messages, oldest first."""
    return list(await conn.fetch("SELECT * FROM ticket_messages WHERE ticket_id = $1 ORDER BY at, id", ticket_id))


async def attachments(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> list[asyncpg.Record]:
    """The ticket's attachments, in the order they came."""
    return list(await conn.fetch("SELECT * FROM ticket_attachments WHERE ticket_id = $1 ORDER BY n", ticket_id))


async def attachment(conn: asyncpg.Connection, ticket_id: uuid.UUID, n: int) -> asyncpg.Record | None:
    """One attachment's row."""
    return await conn.fetchrow("SELECT * FROM ticket_attachments WHERE ticket_id = $1 AND n = $2", ticket_id, n)


async def rating(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> asyncpg.Record | None:
    """The ticket's rating, if given."""
    return await conn.fetchrow("SELECT * FROM ticket_ratings WHERE ticket_id = $1", ticket_id)


async def trail(conn: asyncpg.Connection, ticket_id: uuid.UUID) -> list[asyncpg.Record]:
    """The ticket's audit rows, oldest first."""
    return list(
        await conn.fetch(
            """SELECT at, actor_id, actor_role, action, before, after, reason FROM audit_log
               WHERE entity = 'ticket' AND entity_id = $1 ORDER BY id""",
            str(ticket_id),
        )
    )
