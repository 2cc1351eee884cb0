"""A request's clocks, as a case's: started from the standard when the counter receives the file (or when staff
record a request in hand), paused while the file is back with the provider, resumed with the time left, stopped by
any decision (for agregasi: when it is sent to LKPP; LKPP's leg has no clock). Each running clock has a reminder at
80 % and a breach timer at its due instant (durable timers of kinds `permohonan.*`), each announced once."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

import asyncpg

from contracts.envelope import Event
from contracts.lpse import LpseProfile, ServiceStandard, load_profiles
from contracts.provider_account import ProviderRequestHandedOverV1, ProviderRequestResumedV1
from lpse_runtime import timers
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.worktime import ClockState, WorkCalendar, pause, reminder_at, resume, start_clock, stored_clock
from verification.account_requests import desk_db as db
from verification.account_requests.desk import ClockMove

REMINDER = "permohonan.pengingat"
BREACH = "permohonan.tenggat"
KINDS = (REMINDER, BREACH)


def service_of(profile: LpseProfile, service_id: str) -> ServiceStandard:
    """The service a request follows (its LPSE's data-change service if the id is unknown)."""
    found = next((s for s in profile.services if s.id == service_id), None)
    if found is not None:
        return found
    return next((s for s in profile.services if s.kind == "perubahan_data"), profile.services[0])


def calendar_of(profile: LpseProfile, service: ServiceStandard) -> WorkCalendar:
    """The service's working calendar."""
    return WorkCalendar.for_service(profile, service)


async def schedule(conn: asyncpg.Connection, request_id: uuid.UUID, state: ClockState, cal: WorkCalendar) -> None:
    """A reminder at 80 % of the time and a breach timer at the due instant."""
    if state.due is None:
        return
    payload = {"due_at": state.due.isoformat()}
    remind = reminder_at(state, cal)
    if remind is not None and remind < state.due:
        await timers.schedule(
            conn, kind=REMINDER, subject_id=str(request_id), clock=state.name, fire_at=remind, payload=payload
        )
    await timers.schedule(
        conn, kind=BREACH, subject_id=str(request_id), clock=state.name, fire_at=state.due, payload=payload
    )


async def start(
    conn: asyncpg.Connection, request_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, now: datetime
) -> datetime | None:
    """Start every clock the service sets; returns the first one's due instant."""
    cal = calendar_of(profile, service)
    dues = []
    for standard_clock in service.clocks:
        state = start_clock(standard_clock, now, cal)
        await db.insert_clock(conn, request_id, state, standard_clock.deadline.text)
        await schedule(conn, request_id, state, cal)
        dues.append(state.due)
    return dues[0] if dues else None


async def pause_all(
    conn: asyncpg.Connection, request_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, now: datetime
) -> None:
    """Stop counting, keep the time left, cancel the pending timers."""
    await timers.cancel(conn, str(request_id), now)  # timers before clocks: the timer worker's lock order
    cal = calendar_of(profile, service)
    for row in (await db.clocks_of(conn, [request_id])).get(request_id, []):
        await db.save_clock(conn, request_id, pause(stored_clock(row), now, cal))


async def resume_all(
    conn: asyncpg.Connection, request_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, now: datetime
) -> datetime | None:
    """Count again with the time left, with fresh timers; returns the nearest due instant."""
    cal = calendar_of(profile, service)
    dues = []
    for row in (await db.clocks_of(conn, [request_id])).get(request_id, []):
        state = resume(stored_clock(row), now, cal)
        await db.save_clock(conn, request_id, state)
        if state.status == "running" and state.due is not None:
            # The reminder counts from the resume: 80 % of the time left.
            await schedule(conn, request_id, replace(state, started_at=now), cal)
            dues.append(state.due)
    return min(dues, default=None)


async def stop_all(conn: asyncpg.Connection, request_id: uuid.UUID, now: datetime) -> None:
    """No clock counts, no timer fires."""
    await timers.cancel(conn, str(request_id), now)
    await db.stop_clocks(conn, request_id, now)


async def move(
    conn: asyncpg.Connection,
    how: ClockMove,
    request_id: uuid.UUID,
    profile: LpseProfile,
    service: ServiceStandard,
    now: datetime,
    facts: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Move the request's clocks as the step says; the facts come back with the due instant they now carry."""
    if how is ClockMove.STOP:
        await stop_all(conn, request_id, now)
    elif how is ClockMove.PAUSE:
        await pause_all(conn, request_id, profile, service, now)
    elif how is ClockMove.RESUME:
        return with_due(facts, await resume_all(conn, request_id, profile, service, now))
    elif how is ClockMove.START:
        return with_due(facts, await start(conn, request_id, profile, service, now))
    return facts


def with_due(facts: tuple[Event, ...], due: datetime | None) -> tuple[Event, ...]:
    """The hand-over and resume facts with the due instant their clock now counts to."""
    return tuple(
        f.model_copy(update={"due_at": due})
        if isinstance(f, ProviderRequestHandedOverV1 | ProviderRequestResumedV1)
        else f
        for f in facts
    )


@functools.cache
def _standards() -> dict[str, LpseProfile]:
    return load_profiles(ServiceSettings().lpse_dir)


async def resume_clocks(
    conn: asyncpg.Connection,
    request_id: uuid.UUID,
    now: datetime,
    profiles: Mapping[str, LpseProfile] | None = None,
) -> datetime | None:
    """The provider uploaded again what was returned: the request's clocks count on with the time left (called in
    the resubmission's transaction). Returns the nearest due instant, for `ProviderRequestResumedV1.due_at`."""
    row = await db.get_request(conn, request_id)
    if row is None:
        return None
    profile = (profiles or _standards())[row["lpse"]]
    return await resume_all(conn, request_id, profile, service_of(profile, row["service_id"]), now)
