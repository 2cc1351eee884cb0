"""A case's clocks through its life, over (case_kind, case_id): started from the service's standard, paused while
the case waits on the reporter, resumed with the time left, stopped when the desk is done or LKPP has it. Each
running clock has a reminder timer at 80 % and a breach timer at its due instant (durable, fired once)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile, ServiceStandard
from helpdesk import clocks_db as db
from lpse_runtime import timers
from lpse_runtime.worktime import ClockState, WorkCalendar, pause, reminder_at, resume, start_clock, stop, time_left


def subject_id(kind: str, case_id: uuid.UUID) -> str:
    """The timers' subject of a case: its kind and id, so a ticket's and a complaint's timers never mix."""
    return f"{kind}:{case_id}"


def case_of(subject: str) -> tuple[str, uuid.UUID]:
    """A timer's subject back to (kind, id)."""
    kind, _, raw = subject.partition(":")
    return kind, uuid.UUID(raw)


def service_of(profile: LpseProfile, service_id: str | None) -> ServiceStandard | None:
    """The service whose clocks run on the case (None: no service, no clock)."""
    return next((s for s in profile.services if s.id == service_id), None)


def calendar_of(profile: LpseProfile, service_id: str | None) -> WorkCalendar:
    """The working calendar of the case's service (the LPSE's hours when it has none)."""
    return WorkCalendar.for_service(profile, service_of(profile, service_id))


async def schedule(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, state: ClockState, calendar: WorkCalendar
) -> None:
    """A reminder at 80 % of the time and a breach timer at the due instant."""
    if state.due is None:
        return
    subject, payload = subject_id(kind, case_id), {"due_at": state.due.isoformat()}
    remind = reminder_at(state, calendar)
    if remind is not None and remind < state.due:
        await timers.schedule(
            conn, kind="reminder", subject_id=subject, clock=state.name, fire_at=remind, payload=payload
        )
    await timers.schedule(conn, kind="breach", subject_id=subject, clock=state.name, fire_at=state.due, payload=payload)


async def start_all(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, profile: LpseProfile, service_id: str | None, now: datetime
) -> datetime | None:
    """Start every clock the service sets (fresh ones on a reopen); returns the nearest due, None without a clock."""
    service = service_of(profile, service_id)
    if service is None:
        return None
    calendar = WorkCalendar.for_service(profile, service)
    dues = []
    for standard_clock in service.clocks:
        state = start_clock(standard_clock, now, calendar)
        await db.insert_clock(conn, kind, case_id, state, service.id, standard_clock.deadline.text)
        await schedule(conn, kind, case_id, state, calendar)
        if state.due is not None:
            dues.append(state.due)
    return min(dues, default=None)


async def pause_all(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, calendar: WorkCalendar, now: datetime
) -> float | None:
    """Stop counting, keep the time left, cancel the reminder and breach; returns the least time kept."""
    await cancel_deadline_timers(conn, kind, case_id, now)
    kept = []
    for row in await db.clocks_of(conn, kind, case_id):
        state = pause(db.clock_state(row), now, calendar)
        await db.save_clock(conn, kind, case_id, state)
        if state.status == "paused" and state.remaining_seconds is not None:
            kept.append(state.remaining_seconds)
    return min(kept, default=None)


async def resume_all(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, calendar: WorkCalendar, now: datetime
) -> datetime | None:
    """Count again with the time left; new timers for the new due instants; returns the nearest due."""
    dues = []
    for row in await db.clocks_of(conn, kind, case_id):
        state = resume(db.clock_state(row), now, calendar)
        if state.status == "running" and state.due is not None:
            dues.append(state.due)
            # The reminder counts from the resume (80 % of the time left), as verification's clocks do.
            state = replace(state, started_at=now)
            await db.save_clock(conn, kind, case_id, state)
            await schedule(conn, kind, case_id, state, calendar)
    return min(dues, default=None)


async def stop_all(conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, now: datetime) -> None:
    """No clock counts, no reminder or breach fires (timers first: the timer worker's lock order)."""
    await cancel_deadline_timers(conn, kind, case_id, now)
    for row in await db.clocks_of(conn, kind, case_id):
        if row["status"] != "stopped":
            await db.save_clock(conn, kind, case_id, stop(db.clock_state(row), now))


async def cancel_deadline_timers(conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, now: datetime) -> None:
    """Cancel the reminder and breach timers of every clock, keeping any other timer of the case."""
    for row in await db.clocks_of(conn, kind, case_id):
        await timers.cancel(conn, subject_id(kind, case_id), now, clock=row["name"])


async def within_deadline(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, calendar: WorkCalendar, now: datetime
) -> bool | None:
    """Whether every clock still had time at `now` (None: no clock ran)."""
    rows = await db.clocks_of(conn, kind, case_id)
    if not rows:
        return None
    return all(time_left(db.clock_state(r), now, calendar) >= 0 for r in rows)


async def nearest_due(conn: asyncpg.Connection, kind: str, case_id: uuid.UUID) -> datetime | None:
    """The nearest due instant of the case's running clocks."""
    due: datetime | None = await conn.fetchval(
        "SELECT min(due_at) FROM case_clocks WHERE case_kind = $1 AND case_id = $2 AND status = 'running'",
        kind,
        case_id,
    )
    return due
