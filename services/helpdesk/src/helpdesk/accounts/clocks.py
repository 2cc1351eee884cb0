"""An account request's clock: the service's clock from the profile, in the service's working time, started when
the file is received, stopped when it is returned (a resubmission starts a fresh round) and when the account is
approved or the INAPROC file verified (the product then depends on identity / INAPROC); a reminder at 80 % and a
breach timer at the due instant, through the durable timers (kinds `akun.*`)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile, ServiceStandard
from helpdesk.accounts import db
from helpdesk.accounts.tables import Status, Trigger
from lpse_runtime import timers
from lpse_runtime.worktime import WorkCalendar, reminder_at, start_clock, stop

REMINDER = "akun.pengingat"
BREACH = "akun.tenggat"
KINDS = (REMINDER, BREACH)

# The steps after which no clock runs: the file went back, the account was approved or refused, the INAPROC file
# was verified.
STOPS = frozenset({Status.DIKEMBALIKAN, Status.DISETUJUI, Status.DIVERIFIKASI, Status.DITOLAK, Status.SELESAI})


def calendar_of(profile: LpseProfile, service: ServiceStandard) -> WorkCalendar:
    """The service's own working time (Depok 2a/2b/2e: Monday–Thursday; 3a: the LPSE's Monday–Friday)."""
    return WorkCalendar.for_service(profile, service)


def timer_clock(name: str, round_: int) -> str:
    """A round's timers are its own: an old round's reminder never fires on a fresh one."""
    return f"{name}#{round_}"


async def start(
    conn: asyncpg.Connection, request_id: uuid.UUID, profile: LpseProfile, service: ServiceStandard, now: datetime
) -> tuple[datetime | None, str]:
    """Start a round of the service's clock (if its standard sets one); its due instant and the standard's wording."""
    if not service.clocks:
        return None, service.deadline_note
    clock, cal = service.clocks[0], calendar_of(profile, service)
    round_ = len(await db.clocks(conn, request_id)) + 1
    state = start_clock(clock, now, cal)
    await db.insert_clock(conn, request_id, round_, state, clock.deadline.text)
    if state.due is not None:
        payload = {"due_at": state.due.isoformat(), "round": round_}
        name = timer_clock(state.name, round_)
        remind = reminder_at(state, cal)
        if remind is not None and remind < state.due:
            await timers.schedule(
                conn, kind=REMINDER, subject_id=str(request_id), clock=name, fire_at=remind, payload=payload
            )
        await timers.schedule(
            conn, kind=BREACH, subject_id=str(request_id), clock=name, fire_at=state.due, payload=payload
        )
    return state.due, clock.deadline.text


async def stop_running(conn: asyncpg.Connection, request_id: uuid.UUID, now: datetime) -> bool | None:
    """Stop the running round; whether it met its due instant (None: none was running)."""
    for row in await db.clocks(conn, request_id):
        state = db.clock_state(row)
        if state.status == "running":
            # Timers before the clock: the timer worker's lock order, so a stop meeting a firing timer waits for it.
            await timers.cancel(conn, str(request_id), now, timer_clock(state.name, row["round"]))
            await db.save_clock(conn, request_id, row["round"], stop(state, now))
            return state.due is None or now <= state.due
    return None


def moves_clock(trigger: Trigger, after: Status) -> str:
    """'start' on a resubmission, 'stop' where no clock runs after the step, else ''."""
    if trigger is Trigger.AJUKAN_ULANG:
        return "start"
    return "stop" if after in STOPS else ""


def met_deadline(rows: list[asyncpg.Record]) -> bool | None:
    """Whether the last round was stopped in time (None: no clock ran)."""
    if not rows:
        return None
    last = rows[-1]
    if last["due_at"] is None:
        return None
    return last["stopped_at"] is not None and last["stopped_at"] <= last["due_at"]
