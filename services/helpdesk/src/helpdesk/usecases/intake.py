"""Helpdesk's use cases: a report opens one ticket, however often its form is sent."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile
from helpdesk import db
from helpdesk.domain import TicketForm, open_ticket
from lpse_runtime.commit import commit
from lpse_runtime.references import new_reference


async def report(
    pool: asyncpg.Pool, profile: LpseProfile, form: TicketForm, submission_key: uuid.UUID, now: datetime
) -> str:
    """Open a ticket for a valid report and return its reference; the same form sent again returns the first
    ticket's reference and opens nothing."""
    async with pool.acquire() as conn, conn.transaction():
        # Two sends of one form at once: the second waits here and then finds the first's ticket.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(submission_key))
        existing = await db.find_by_submission_key(conn, submission_key)
        if existing is not None:
            return str(existing["reference"])
        decided = open_ticket(
            form,
            profile=profile,
            ticket_id=uuid.uuid4(),
            reference=new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="TIK"),
            submission_key=submission_key,
            now=now,
        )
        ticket = await commit(conn, decided, db.insert_ticket)
    return ticket.reference
