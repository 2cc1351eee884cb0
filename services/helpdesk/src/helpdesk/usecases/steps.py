"""One step on a locked ticket, however it came (staff, the reporter, LKPP, a timer): decide, keep what was
written, move the clocks, and commit state, facts and audit row together."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
from pydantic import BaseModel

from contracts.envelope import Actor, Event
from contracts.lpse import LpseProfile
from helpdesk import clocks, tickets_db
from helpdesk.domain import (
    Attempt,
    ClockMove,
    CloseForm,
    EscalateForm,
    LkppAnswerForm,
    RatingForm,
    ReopenForm,
    Ticket,
    Trigger,
    decide,
)
from helpdesk.domain.facts import with_due, with_paused_seconds
from helpdesk.settings import Settings
from helpdesk.survey_link import survey_path
from lpse_runtime import timers
from lpse_runtime.commit import commit
from lpse_runtime.sealing import link_box
from lpse_runtime.worktime import due

TICKET = "tiket"
REOPEN_CLOCK = "buka_kembali"  # the auto-close timer's clock name, apart from the deadline clocks
T = Trigger
MESSAGE_KIND: dict[Trigger, str] = {
    T.REPLY: "balasan_petugas",
    T.NOTE: "catatan_internal",
    T.REQUEST_INFO: "permintaan_info",
    T.REPORTER_REPLY: "balasan_pelapor",
    T.ESCALATE: "alasan_eskalasi",
    T.FORWARD_TO_LKPP: "alasan_eskalasi",
    T.LKPP_ANSWER: "jawaban_lkpp",
    T.RESOLVE: "penyelesaian",
    T.REOPEN: "alasan_buka_kembali",
    T.CLOSE: "alasan_penutupan",
}


def attempt_for(
    profile: LpseProfile,
    ticket: Ticket,
    trigger: Trigger,
    actor: Actor,
    form: BaseModel | None,
    now: datetime,
    **extra: object,
) -> Attempt:
    """The step as `decide` reads it: the profile's ladder and notes, and what the form holds."""
    fields: dict[str, object] = {}
    if isinstance(form, EscalateForm):
        fields = {"text": form.reason, "lkpp_note": form.lkpp_note or None}
    elif isinstance(form, LkppAnswerForm):
        fields = {"result": form.result, "lkpp_ref": form.lkpp_ref or None, "text": form.answer}
    elif isinstance(form, CloseForm):
        fields = {"close_reason": form.reason, "text": form.text}
    elif isinstance(form, ReopenForm):
        fields = {"text": form.reason}
    elif isinstance(form, RatingForm):
        fields = {"rating": form.rating}
    elif isinstance(text := getattr(form, "text", None), str):
        fields = {"text": text}
    rules = profile.helpdesk
    return Attempt(
        trigger=trigger,
        actor=actor,
        now=now,
        ladder=rules.ladder_for(ticket.category),
        lpse_name=profile.name,
        zone=ZoneInfo(profile.time_zone),
        zone_label=profile.zone_label,
        actor_lpses=(profile.code,),
        service_id=ticket.service_id,
        lkpp_clock_note=rules.lkpp_note,
        rating_window_days=rules.rating_window_days,
        message_id=uuid.uuid4(),
        **fields,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def survey_url(settings: Settings, ticket: Ticket) -> str:
    """The SKM invitation of a closed ticket, sealed for the notifier."""
    path = survey_path(settings.link_secret, ticket.lpse, "tiket", ticket.id)
    return link_box(settings).seal(f"{settings.public_base_url}{path}")


async def take(
    conn: asyncpg.Connection,
    profile: LpseProfile,
    ticket: Ticket,
    attempt: Attempt,
    settings: Settings,
    *,
    comment: str = "",
) -> Ticket:
    """Decide the step on the locked ticket and store everything it changes, in the caller's transaction."""
    now = attempt.now
    if attempt.trigger is T.RESOLVE:
        calendar = clocks.calendar_of(profile, ticket.service_id)
        reopen_until = due(now, profile.helpdesk.reopen_window, calendar)
        kept = await clocks.within_deadline(conn, TICKET, ticket.id, calendar, now)
        attempt = _with(attempt, reopen_until=reopen_until, within_deadline=kept)
    if attempt.trigger is T.CLOSE:
        attempt = _with(attempt, survey_url=survey_url(settings, ticket))
    step = decide(ticket, attempt)
    decided = step.decided
    facts = await _move_clocks(conn, profile, ticket, step.clock, now, decided.facts)
    if attempt.trigger is T.ESCALATE:
        facts = with_due(facts, await clocks.nearest_due(conn, TICKET, ticket.id))
    decided = decided.publishing(facts)
    await _keep_writing(conn, ticket, attempt, comment)
    if attempt.trigger is T.RESOLVE and attempt.reopen_until is not None:
        subject = clocks.subject_id(TICKET, ticket.id)
        await timers.schedule(
            conn, kind="auto_close", subject_id=subject, clock=REOPEN_CLOCK, fire_at=attempt.reopen_until
        )
    return await commit(conn, decided, tickets_db.save_ticket)


async def _move_clocks(
    conn: asyncpg.Connection,
    profile: LpseProfile,
    ticket: Ticket,
    move: ClockMove,
    now: datetime,
    facts: tuple[Event, ...],
) -> tuple[Event, ...]:
    calendar = clocks.calendar_of(profile, ticket.service_id)
    if move is ClockMove.PAUSE:
        return with_paused_seconds(facts, await clocks.pause_all(conn, TICKET, ticket.id, calendar, now))
    if move is ClockMove.RESUME:
        return with_due(facts, await clocks.resume_all(conn, TICKET, ticket.id, calendar, now))
    if move is ClockMove.STOP:
        await timers.cancel(conn, clocks.subject_id(TICKET, ticket.id), now, clock=REOPEN_CLOCK)
        await clocks.stop_all(conn, TICKET, ticket.id, now)
    if move is ClockMove.RESTART:
        await timers.cancel(conn, clocks.subject_id(TICKET, ticket.id), now, clock=REOPEN_CLOCK)
        return with_due(facts, await clocks.start_all(conn, TICKET, ticket.id, profile, ticket.service_id, now))
    return facts


async def _keep_writing(conn: asyncpg.Connection, ticket: Ticket, attempt: Attempt, comment: str) -> None:
    """What the step wrote stays in the helpdesk's tables (the facts carry none of it)."""
    kind = MESSAGE_KIND.get(attempt.trigger)
    author = attempt.actor.id
    if kind is not None and attempt.text and attempt.message_id is not None:
        await tickets_db.add_message(conn, attempt.message_id, ticket.id, kind, author, attempt.text, attempt.now)
    if attempt.trigger is T.FORWARD_TO_LKPP and attempt.lkpp_note:
        await tickets_db.add_message(
            conn, uuid.uuid4(), ticket.id, "catatan_lkpp", author, attempt.lkpp_note, attempt.now
        )
    if attempt.trigger is T.RATE and attempt.rating is not None:
        await tickets_db.add_rating(conn, ticket.id, attempt.rating, comment, attempt.now)


def _with(attempt: Attempt, **changes: object) -> Attempt:
    return replace(attempt, **changes)  # type: ignore[arg-type]
