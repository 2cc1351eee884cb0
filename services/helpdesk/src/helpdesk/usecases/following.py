"""The reporter on the status page (reached by the token of the emailed link): reply, reopen, confirm the close,
rate the handling."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg
from pydantic import BaseModel

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from helpdesk import tickets_db
from helpdesk.domain import RatingForm, TicketRefused, Trigger
from helpdesk.settings import Settings
from helpdesk.usecases.desk import TicketNotFound
from helpdesk.usecases.steps import attempt_for, take

__all__ = ["REPORTER_STEPS", "TicketNotFound", "TicketRefused", "act_as_reporter", "reporter"]

REPORTER_STEPS = frozenset({Trigger.REPORTER_REPLY, Trigger.REOPEN, Trigger.CLOSE, Trigger.RATE})


def reporter(reference: str) -> Actor:
    """The reporter as an actor: named by the ticket, never by an email address."""
    return Actor(id=f"pelapor:{reference}", role="pelapor")


async def act_as_reporter(
    pool: asyncpg.Pool,
    profile: LpseProfile | Mapping[str, LpseProfile],
    token: str,
    trigger: Trigger | str,
    *,
    form: BaseModel | None,
    now: datetime,
    settings: Settings,
) -> None:
    """Take one of the reporter's steps on the ticket the token opens; TicketNotFound for an unknown token,
    TicketRefused (nothing stored) when the ticket's table or guards refuse it."""
    step = Trigger(trigger)
    if step not in REPORTER_STEPS:
        raise TicketRefused("Tindakan ini tidak tersedia di halaman status.")
    async with pool.acquire() as conn, conn.transaction():
        ticket = await tickets_db.lock_by_digest(conn, token_digest(token))
        if ticket is None:
            raise TicketNotFound("token")
        own = profile.get(ticket.lpse) if isinstance(profile, Mapping) else profile
        if own is None or own.code != ticket.lpse:
            raise TicketNotFound("token")
        attempt = attempt_for(own, ticket, step, reporter(ticket.reference), form, now)
        comment = form.comment if isinstance(form, RatingForm) else ""
        await take(conn, own, ticket, attempt, settings, comment=comment)
