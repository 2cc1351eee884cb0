"""DPK-2d's local clock: 30 minutes of the service's working time from a complete request until the escalation to
LKPP and BSSN is sent (or the report issued locally); stopped when the request is returned, fresh when it comes
back. A reminder at 80 % and a breach timer at the due instant, through the durable timers (kinds `forensik.*`)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import Clock, LpseProfile, ServiceStandard
from helpdesk.forensic import db
from lpse_runtime import timers
from lpse_runtime.worktime import WorkCalendar, reminder_at, start_clock

REMINDER = "forensik.pengingat"
BREACH = "forensik.tenggat"
KINDS = (REMINDER, BREACH)


def clock_of(service: ServiceStandard) -> Clock | None:
    """The service's one clock (DPK-2d: `uji_coba_dan_eskalasi`), if its standard sets one."""
    return service.clocks[0] if service.clocks else None


def instants(profile: LpseProfile, service: ServiceStandard, at: datetime) -> tuple[datetime | None, datetime | None]:
    """When the clock started at `at` reminds (80 %) and falls due, in the service's own working hours."""
    clock = clock_of(service)
    if clock is None:
        return None, None
    cal = WorkCalendar.for_service(profile, service)
    state = start_clock(clock, at, cal)
    remind = reminder_at(state, cal)
    return (remind if remind is not None and state.due is not None and remind < state.due else None), state.due


async def start(
    conn: asyncpg.Connection, test_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, at: datetime
) -> datetime | None:
    """Start the clock afresh, with its reminder and breach timers; returns its due instant."""
    clock = clock_of(service)
    remind, due = instants(profile, service, at)
    if clock is None or due is None:
        return None
    await db.save_clock(conn, test_id, started_at=at, due_at=due, stopped_at=None)
    payload = {"due_at": due.isoformat()}
    if remind is not None:
        await timers.schedule(
            conn, kind=REMINDER, subject_id=str(test_id), clock=clock.name, fire_at=remind, payload=payload
        )
    await timers.schedule(conn, kind=BREACH, subject_id=str(test_id), clock=clock.name, fire_at=due, payload=payload)
    return due


async def stop(conn: asyncpg.Connection, row: asyncpg.Record, at: datetime) -> bool | None:
    """Stop a running clock and its timers; whether it stopped in time (None: no clock was running)."""
    if row["clock_due_at"] is None or row["clock_stopped_at"] is not None:
        return None
    # Timers before the clock: the timer worker's lock order, so a stop meeting a firing timer waits for it.
    await timers.cancel(conn, str(row["id"]), at)
    await db.save_clock(conn, row["id"], started_at=row["clock_started_at"], due_at=row["clock_due_at"], stopped_at=at)
    return bool(at <= row["clock_due_at"])
