"""The ticket desk's durable timers: the reminder at 80 % and the breach at the due instant of a running clock, and
the auto-close of a resolved ticket when its reopen window ends. Each fires once, whichever replica takes it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg

from contracts.envelope import Actor
from contracts.helpdesk import TicketDeadlineApproachingV1, TicketDeadlineBreachedV1
from contracts.lpse import LpseProfile
from helpdesk import clocks, clocks_db, tickets_db
from helpdesk.domain import Ticket, TicketStatus, Trigger
from helpdesk.domain.facts import about
from helpdesk.settings import Settings
from helpdesk.usecases.steps import TICKET, attempt_for, take
from lpse_runtime.commit import commit
from lpse_runtime.decision import Decided
from lpse_runtime.timers import Timer

SYSTEM = Actor.system("helpdesk")


async def on_timer(
    conn: asyncpg.Connection, timer: Timer, now: datetime, *, profiles: Mapping[str, LpseProfile], settings: Settings
) -> None:
    """Fire one of the ticket desk's timers (other case kinds' timers are not the ticket desk's)."""
    kind, case_id = clocks.case_of(timer.subject_id)
    if kind != TICKET:
        return
    if timer.kind == "auto_close":
        ticket = await tickets_db.lock_any(conn, case_id)
        profile = profiles.get(ticket.lpse) if ticket is not None else None
        if ticket is None or profile is None or ticket.status is not TicketStatus.RESOLVED:
            return  # reopened or closed before the window ended
        await take(conn, profile, ticket, attempt_for(profile, ticket, Trigger.CLOSE, SYSTEM, None, now), settings)
        return
    # No row lock on the ticket here: a step that stops the clock cancels this timer and waits on its row lock.
    row = await tickets_db.details(conn, case_id)
    if row is None:
        return
    await _deadline(conn, tickets_db.ticket_of(row), timer, now)


async def _deadline(conn: asyncpg.Connection, ticket: Ticket, timer: Timer, now: datetime) -> None:
    clock = next((r for r in await clocks_db.clocks_of(conn, TICKET, ticket.id) if r["name"] == timer.clock), None)
    if clock is None or clock["status"] != "running" or clock["due_at"] is None:
        return
    scheduled = timer.payload.get("due_at")
    if scheduled is None or datetime.fromisoformat(scheduled) != clock["due_at"]:
        return  # an older timer of a clock that has since been paused and resumed
    fields = {
        "occurred_at": now,
        "lpse": ticket.lpse,
        "correlation_id": ticket.id,
        "actor": SYSTEM,
        **about(ticket),
        "clock": clock["name"],
        "clock_label": clock["label"],
        "due_at": clock["due_at"],
    }
    fact = TicketDeadlineBreachedV1(**fields) if timer.kind == "breach" else TicketDeadlineApproachingV1(**fields)
    await commit(conn, Decided(ticket, facts=(fact,)))
