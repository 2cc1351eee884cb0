"""A complaint's clocks: started at receipt from the LPSE's complaint rules, stopped by the first answer and the
response, paused while the complainant completes the content; each running clock has a reminder at 80 % and a
breach timer at its due instant, through the durable timers (kinds `pengaduan.*`)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import asyncpg

from contracts.complaints import ClockDue
from contracts.lpse import ComplaintRules, LpseProfile
from helpdesk.complaints import db
from helpdesk.complaints.clock_plan import ClockPlan
from lpse_runtime import timers
from lpse_runtime.worktime import ClockState, WorkCalendar, pause, reminder_at, resume, start_clock, stop

REMINDER = "pengaduan.pengingat"
BREACH = "pengaduan.tenggat"
KINDS = (REMINDER, BREACH)


def calendar_of(profile: LpseProfile) -> WorkCalendar:
    """Complaints are counted in the LPSE's own working time (its hours, holidays and zone)."""
    return WorkCalendar.for_service(profile)


async def _schedule(conn: asyncpg.Connection, complaint_id: uuid.UUID, state: ClockState, cal: WorkCalendar) -> None:
    """A reminder when 80 % of the time is used, and a breach timer at the due instant."""
    if state.due is None:
        return
    payload = {"due_at": state.due.isoformat()}
    subject = str(complaint_id)
    remind = reminder_at(state, cal)
    if remind is not None and remind < state.due:
        await timers.schedule(
            conn, kind=REMINDER, subject_id=subject, clock=state.name, fire_at=remind, payload=payload
        )
    await timers.schedule(conn, kind=BREACH, subject_id=subject, clock=state.name, fire_at=state.due, payload=payload)


async def start(
    conn: asyncpg.Connection, complaint_id: uuid.UUID, rules: ComplaintRules, profile: LpseProfile, now: datetime
) -> tuple[ClockDue, ...]:
    """Start every clock the complaint rules set; returns their dues for the received fact."""
    cal = calendar_of(profile)
    dues = []
    for clock in rules.clocks:
        state = start_clock(clock, now, cal)
        await db.insert_clock(conn, complaint_id, state, clock.deadline.text)
        await _schedule(conn, complaint_id, state, cal)
        if state.due is not None:
            dues.append(ClockDue(name=state.name, label=state.label, due_at=state.due))
    return tuple(dues)


async def apply(
    conn: asyncpg.Connection, complaint_id: uuid.UUID, plan: ClockPlan, profile: LpseProfile, now: datetime
) -> tuple[ClockDue, ...]:
    """Stop, pause and resume the named clocks; returns the dues of the clocks resumed."""
    cal = calendar_of(profile)
    resumed = []
    for row in await db.clocks(conn, complaint_id):
        state, name = db.clock_state(row), row["name"]
        if name in plan.stop and state.status != "stopped":
            # Timers before the clock: the timer worker's lock order, so a stop meeting a firing timer waits for it.
            await timers.cancel(conn, str(complaint_id), now, name)
            await db.save_clock(conn, complaint_id, stop(state, now))
        elif name in plan.pause:
            await timers.cancel(conn, str(complaint_id), now, name)
            await db.save_clock(conn, complaint_id, pause(state, now, cal))
        elif name in plan.resume and state.status == "paused":
            running = resume(state, now, cal)
            await db.save_clock(conn, complaint_id, running)
            # The reminder counts from the resume: 80 % of the time that was left.
            await _schedule(conn, complaint_id, replace(running, started_at=now), cal)
            assert running.due is not None
            resumed.append(ClockDue(name=running.name, label=running.label, due_at=running.due))
    return tuple(resumed)


def due_of(rows: list[asyncpg.Record], name: str | None) -> datetime | None:
    """The due instant of a named clock (for a stopped one, when it was due)."""
    return next((r["due_at"] for r in rows if r["name"] == name), None)


def stopped_at(rows: list[asyncpg.Record], name: str | None) -> datetime | None:
    """When a named clock was stopped, if it was (Magelang's one clock stops at the first answer)."""
    return next((r["stopped_at"] for r in rows if r["name"] == name), None)
