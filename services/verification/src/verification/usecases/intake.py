"""What the service does when a fact or a timer arrives: open a case, take back a resubmitted file, announce a
deadline. Each runs in the handler's inbox transaction, so a redelivery is a no-op."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from lpse_runtime.commit import commit
from lpse_runtime.consumer import PermanentError
from lpse_runtime.timers import Timer
from lpse_runtime.worktime import WorkCalendar
from verification import checklist_db, clocks, clocks_db, db
from verification.domain import Refused, Trigger, checklist_for, clock_move, decide
from verification.domain.deadlines import RunningClock, deadline_reached, timer_applies
from verification.domain.opening import case_id_of, opening

log = logging.getLogger(__name__)


async def open_case(
    conn: asyncpg.Connection, event: ApplicationSubmittedV1, *, now: datetime, profiles: dict[str, LpseProfile]
) -> None:
    """Open a case and announce it: online, every clock starts now; at the counter, the applicant is invited and
    the clocks wait for the hand-over of the file."""
    profile = profiles.get(event.lpse)
    if profile is None:
        raise PermanentError(f"unknown LPSE {event.lpse!r}: no service standard to open a case under")
    if await db.lock_case_of_application(conn, event.application_id) is not None:
        # The same application announced again under a new event id: its case is open, nothing more to do.
        log.info("application announced again (event %s): its case is already open", event.event_id)
        return
    service = profile.service("registrasi_penyedia")
    mode = service.lane_for(event.verification_mode)
    case_id = case_id_of(event.application_id)
    await db.open_case(conn, case_id, event, now, service.id, mode)
    await checklist_db.insert_checklist(
        conn, case_id, checklist_for(service.documents, event.provider_type, by_proxy=event.by_proxy)
    )
    await db.set_documents(conn, case_id, [d.model_dump() for d in event.documents])
    await db.set_director_nik(conn, case_id, event.director_nik)
    await db.set_by_proxy(conn, case_id, event.by_proxy)
    states = []
    if mode == "unggahan":
        states = await clocks.start_all(conn, case_id, service, WorkCalendar.for_service(profile, service), now)
    due_at = states[0].due if states else None
    await commit(conn, opening(event, service=service, mode=mode, now=now, due_at=due_at))


async def take_back(
    conn: asyncpg.Connection, event: ApplicationResubmittedV1, *, now: datetime, profiles: dict[str, LpseProfile]
) -> None:
    """The applicant uploaded again what was returned: the documents go back on the checklist, the clocks resume."""
    row = await db.lock_case_of_application(conn, event.application_id)
    if row is None:
        raise PermanentError(f"no case for application {event.application_id}")
    case = db.to_case(row)
    codes = [d.code for d in event.documents]
    try:
        decided = decide(
            case, Trigger.RESUBMIT, actor=event.actor, actor_lpse=case.lpse, now=now, reuploaded=tuple(codes)
        )
    except Refused:
        return  # the case moved on (a verifier resumed it at the counter): nothing to do
    await checklist_db.reset_items(conn, case.case_id, codes)
    await db.merge_documents(conn, case.case_id, [d.model_dump() for d in event.documents])
    how = clock_move(case.status, decided.state.status, Trigger.RESUBMIT)
    facts = await clocks.move(conn, how, case.case_id, profiles[case.lpse], row["service_id"], now, decided.facts)
    await commit(conn, decided.publishing(facts), db.save_case)


async def deadline_due(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A reminder or breach timer is due: announce it if its clock still runs towards that deadline."""
    case_id = uuid.UUID(timer.subject_id)
    row = await clocks_db.lock_clock(conn, case_id, timer.clock)
    clock = (
        None
        if row is None
        else RunningClock(row["name"], row["label"], row["deadline_text"], row["status"], row["due_at"])
    )
    if clock is None or not timer_applies(clock, datetime.fromisoformat(timer.payload["due_at"])):
        return  # the clock stopped, paused or moved since this timer was set
    case = await db.get_case(conn, case_id)
    assert case is not None
    name = clock.name

    async def mark(conn: asyncpg.Connection, breached: bool) -> None:
        if breached:
            await clocks_db.mark_breached(conn, case_id, name, now)

    await commit(conn, deadline_reached(db.to_case(case), clock, breach=timer.kind == "breach", now=now), mark)
