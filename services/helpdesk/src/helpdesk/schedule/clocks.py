"""DPK-2c's one clock: 15 minutes of the service's working time (Monday–Thursday 09.00–16.00 WIB) from a complete
submission to the Admin PPE's decision. Stopped when the form is returned, a fresh 15 minutes on resubmission;
a reminder at 80 % and a breach timer at the due instant, through the durable timers (kinds `jadwal.*`)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import Clock, LpseProfile, ServiceStandard
from helpdesk.schedule import db
from helpdesk.schedule.domain import Trigger
from lpse_runtime import timers
from lpse_runtime.worktime import WorkCalendar, reminder_at, start_clock

REMINDER = "jadwal.pengingat"
BREACH = "jadwal.tenggat"
KINDS = (REMINDER, BREACH)

STARTS = frozenset({Trigger.AJUKAN_ULANG})  # the submission itself starts it too (`start`)
STOPS = frozenset({Trigger.KEMBALIKAN, Trigger.SETUJUI, Trigger.TOLAK})


def calendar_of(profile: LpseProfile, service: ServiceStandard) -> WorkCalendar:
    """The service's own hours (DPK-2c: Monday–Thursday), the LPSE's holidays and zone."""
    return WorkCalendar.for_service(profile, service)


def clock_of(service: ServiceStandard) -> Clock | None:
    """The service's completion clock, if its standard sets one."""
    return service.clocks[0] if service.clocks else None


def due_of(profile: LpseProfile, service: ServiceStandard, at: datetime) -> tuple[datetime, datetime] | None:
    """(reminder, due) of a clock started at `at`: 80 % and 100 % of the time, in working time."""
    clock = clock_of(service)
    if clock is None:
        return None
    cal = calendar_of(profile, service)
    state = start_clock(clock, at, cal)
    assert state.due is not None
    remind = reminder_at(state, cal)
    assert remind is not None
    return remind, state.due


async def start(
    conn: asyncpg.Connection, change_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, at: datetime
) -> datetime | None:
    """Start a fresh clock and its two timers; returns the due instant (None: the standard sets no clock)."""
    dues = due_of(profile, service, at)
    clock = clock_of(service)
    if dues is None or clock is None:
        return None
    remind, due = dues
    subject, payload = str(change_id), {"due_at": due.isoformat()}
    await timers.cancel(conn, subject, at, clock.name)
    await db.start_clock(conn, change_id, at, due)
    if remind < due:
        await timers.schedule(
            conn, kind=REMINDER, subject_id=subject, clock=clock.name, fire_at=remind, payload=payload
        )
    await timers.schedule(conn, kind=BREACH, subject_id=subject, clock=clock.name, fire_at=due, payload=payload)
    return due


async def stop(conn: asyncpg.Connection, change_id: uuid.UUID, at: datetime) -> None:
    """Stop the clock: its pending timers cancelled (timers before the row: the timer worker's lock order)."""
    await timers.cancel(conn, str(change_id), at)
    await db.stop_clock(conn, change_id, at)
