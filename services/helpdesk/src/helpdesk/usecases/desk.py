"""Staff at the ticket desk: claim, release, reply, note, ask for information, escalate up the ladder (to the next
local level or to LKPP, as the LPSE's standard says), record LKPP's answer, resolve, close."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg
from pydantic import BaseModel

from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from helpdesk import tickets_db
from helpdesk.domain import TicketRefused, Trigger
from helpdesk.domain.ladder import escalation_trigger
from helpdesk.settings import Settings
from helpdesk.usecases.steps import attempt_for, take

__all__ = ["STAFF_TRIGGERS", "TicketNotFound", "TicketRefused", "act"]

STAFF_TRIGGERS = frozenset(
    {
        Trigger.CLAIM,
        Trigger.RELEASE,
        Trigger.REPLY,
        Trigger.NOTE,
        Trigger.REQUEST_INFO,
        Trigger.ESCALATE,
        Trigger.FORWARD_TO_LKPP,
        Trigger.LKPP_ANSWER,
        Trigger.RESOLVE,
        Trigger.CLOSE,
    }
)


class TicketNotFound(Exception):
    """No such ticket in this LPSE (another LPSE's ticket is not found either: its staff learn nothing)."""


async def act(
    pool: asyncpg.Pool,
    profile: LpseProfile,
    ticket_id: uuid.UUID,
    trigger: Trigger | str,
    *,
    actor: Actor,
    form: BaseModel | None,
    now: datetime,
    settings: Settings,
) -> None:
    """Take one staff step on one of the LPSE's tickets; TicketRefused (its message in Indonesian) stores nothing.

    `escalate` is the one button *Eskalasi ke {next label}*: it goes to the ladder's next local level, or forwards
    to LKPP when that is the next step.
    """
    step = Trigger(trigger)
    if step not in STAFF_TRIGGERS:
        raise TicketRefused("Tindakan ini bukan tindakan petugas.")
    async with pool.acquire() as conn, conn.transaction():
        ticket = await tickets_db.lock(conn, profile.code, ticket_id)
        if ticket is None:
            raise TicketNotFound(str(ticket_id))
        if step is Trigger.ESCALATE:
            step = escalation_trigger(profile.helpdesk.ladder_for(ticket.category), ticket.level)
        await take(conn, profile, ticket, attempt_for(profile, ticket, step, actor, form, now), settings)
