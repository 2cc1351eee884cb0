"""A case's clocks through its life: started from the standard, paused while the file is with the applicant,
resumed with the time left, stopped when the case is done; each running clock has its reminder and breach timers."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import asyncpg

from contracts.envelope import Event
from contracts.lpse import LpseProfile, ServiceStandard
from lpse_runtime import timers
from lpse_runtime.worktime import ClockState, WorkCalendar, pause, reminder_at, resume, start_clock
from verification import clocks_db as db
from verification.domain import ClockMove
from verification.domain.facts import with_due, with_hand_over


def service_of(profile: LpseProfile, service_id: str) -> ServiceStandard:
    """The service a case was opened under (its LPSE's registration service if the id is unknown)."""
    return next((s for s in profile.services if s.id == service_id), None) or profile.service("registrasi_penyedia")


def calendar_of(profile: LpseProfile, service_id: str) -> WorkCalendar:
    """The working calendar of the case's service."""
    return WorkCalendar.for_service(profile, service_of(profile, service_id))


async def schedule(conn: asyncpg.Connection, case_id: uuid.UUID, state: ClockState, calendar: WorkCalendar) -> None:
    """A reminder before the deadline and a breach timer at it."""
    if state.due is None:
        return
    payload = {"due_at": state.due.isoformat()}
    remind = reminder_at(state, calendar)
    if remind is not None and remind < state.due:
        await timers.schedule(
            conn, kind="reminder", subject_id=str(case_id), clock=state.name, fire_at=remind, payload=payload
        )
    await timers.schedule(
        conn, kind="breach", subject_id=str(case_id), clock=state.name, fire_at=state.due, payload=payload
    )


async def start_all(
    conn: asyncpg.Connection, case_id: uuid.UUID, service: ServiceStandard, calendar: WorkCalendar, now: datetime
) -> list[ClockState]:
    """Start every clock the service standard sets."""
    states = []
    for standard_clock in service.clocks:
        state = start_clock(standard_clock, now, calendar)
        await db.insert_clock(conn, case_id, state, standard_clock.deadline.text)
        await schedule(conn, case_id, state, calendar)
        states.append(state)
    return states


async def pause_all(conn: asyncpg.Connection, case_id: uuid.UUID, calendar: WorkCalendar, now: datetime) -> None:
    """Stop counting, keep the time left, cancel the pending timers."""
    await timers.cancel(conn, str(case_id), now)  # timers before clocks: the worker's lock order (see stop_all)
    for row in (await db.clocks_of(conn, [case_id])).get(case_id, []):
        await db.save_clock(conn, case_id, pause(db.clock_state(row), now, calendar))


async def resume_all(
    conn: asyncpg.Connection, case_id: uuid.UUID, calendar: WorkCalendar, now: datetime
) -> datetime | None:
    """Count again with the time left; new timers for the new due instants; returns the nearest due."""
    dues = []
    for row in (await db.clocks_of(conn, [case_id])).get(case_id, []):
        state = resume(db.clock_state(row), now, calendar)
        await db.save_clock(conn, case_id, state)
        if state.status == "running" and state.due is not None:
            # The reminder counts from the resume (80 % of the time left): counted from the first start, its span
            # would take in the pause and fall early, or already past after a long one.
            await schedule(conn, case_id, replace(state, started_at=now), calendar)
            dues.append(state.due)
    return min(dues, default=None)


async def start_at_hand_over(
    conn: asyncpg.Connection, case_id: uuid.UUID, profile: LpseProfile, service_id: str, now: datetime
) -> tuple[datetime | None, str | None]:
    """The file is at the counter: the service's clocks start now; returns the first one's due and wording."""
    service = service_of(profile, service_id)
    states = await start_all(conn, case_id, service, WorkCalendar.for_service(profile, service), now)
    return (states[0].due if states else None), (service.clocks[0].deadline.text if service.clocks else None)


async def stop_all(conn: asyncpg.Connection, case_id: uuid.UUID, now: datetime) -> None:
    """The case is done: no clock counts, no timer fires."""
    # The timer worker locks a due timer, then its clock: cancelling first takes the same order, so a close that
    # meets a timer being fired waits for it (its breach stands) instead of deadlocking with it.
    await timers.cancel(conn, str(case_id), now)
    await db.stop_clocks(conn, case_id, now)


async def move(
    conn: asyncpg.Connection,
    how: ClockMove,
    case_id: uuid.UUID,
    profile: LpseProfile,
    service_id: str,
    now: datetime,
    facts: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Move the case's clocks as its decision says; the facts come back with the due instant they now carry."""
    calendar = calendar_of(profile, service_id)
    if how is ClockMove.STOP:
        await stop_all(conn, case_id, now)
    elif how is ClockMove.PAUSE:
        await pause_all(conn, case_id, calendar, now)
    elif how is ClockMove.RESUME:
        return with_due(facts, await resume_all(conn, case_id, calendar, now))
    elif how is ClockMove.START:
        return with_hand_over(facts, *await start_at_hand_over(conn, case_id, profile, service_id, now))
    return facts
