"""All of helpdesk's SQL."""

from __future__ import annotations

import uuid

import asyncpg

from helpdesk.domain import NewTicket, TicketStatus


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The ticket a form submission already created, if any."""
    return await conn.fetchrow("SELECT reference FROM tickets WHERE submission_key = $1", key)


async def insert_ticket(conn: asyncpg.Connection, ticket: NewTicket) -> None:
    """Store a new ticket."""
    form = ticket.form
    await conn.execute(
        """INSERT INTO tickets (id, lpse, reference, submission_key, category, summary, description, reporter_email,
                                status, opened_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)""",
        ticket.id,
        ticket.lpse,
        ticket.reference,
        ticket.submission_key,
        form.category.value,
        form.summary,
        form.description,
        form.email,
        TicketStatus.OPEN.value,
        ticket.opened_at,
    )


async def by_reference(conn: asyncpg.Connection, reference: str) -> asyncpg.Record | None:
    """A ticket by its reference."""
    return await conn.fetchrow("SELECT * FROM tickets WHERE reference = $1", reference)
