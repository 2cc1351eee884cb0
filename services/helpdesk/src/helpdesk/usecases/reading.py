"""What the ticket pages read: a ticket for staff (with internal notes and the trail), for the reporter (without),
a desk's queue page, and an attachment to download."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from helpdesk import clocks, clocks_db, queue_db, tickets_db
from helpdesk.attachments import Storage
from helpdesk.domain import Ticket, TicketStatus, Trigger, check
from helpdesk.domain.guards import first_refusal
from helpdesk.domain.labels import CHANNEL_LABEL, REPORTER_ROLE_LABEL, TRAIL_WORDS, status_label
from helpdesk.domain.ladder import escalation_label, escalation_trigger
from helpdesk.domain.machine import refusal_for_table
from helpdesk.domain.views import (
    MESSAGE_LABEL,
    STAFF_ONLY,
    AttachmentView,
    ClockView,
    MessageView,
    QueuePage,
    QueueRow,
    TicketView,
    TrailEntry,
)
from helpdesk.usecases.following import REPORTER_STEPS, reporter
from helpdesk.usecases.steps import TICKET, attempt_for
from lpse_runtime.uploads import megabytes
from lpse_runtime.worktime import describe, time_left

__all__ = ["QueuePage", "StoredAttachment", "TicketView", "attachment", "download", "queue_page",
           "reporter_attachment", "ticket_for_reporter", "ticket_for_staff"]  # fmt: skip

DESK_STEPS = (Trigger.CLAIM, Trigger.RELEASE, Trigger.REPLY, Trigger.REQUEST_INFO, Trigger.ESCALATE,
              Trigger.LKPP_ANSWER, Trigger.RESOLVE, Trigger.NOTE, Trigger.CLOSE)  # fmt: skip
# Guards that read what is typed: a button is offered before anything is typed, the form then says what is missing.
FORM_GUARDS = frozenset({"text_required", "no_identifiers"})


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment's bytes lookup: where it lives and how to serve it."""

    object_name: str
    filename: str
    content_type: str
    sha256: str


async def ticket_for_staff(
    pool: asyncpg.Pool,
    lpse: str,
    ticket_id: uuid.UUID,
    *,
    now: datetime,
    profile: LpseProfile,
    viewer: Actor | None = None,
) -> TicketView | None:
    """One LPSE's ticket for its staff (None: missing or another LPSE's); `triggers` are the viewer's."""
    async with pool.acquire() as conn:
        row = await tickets_db.details(conn, ticket_id)
        if row is None or row["lpse"] != lpse:
            return None
        ticket = tickets_db.ticket_of(row)
        triggers = _staff_triggers(profile, ticket, viewer, now) if viewer is not None else ()
        return await _view(conn, row, ticket, profile, now, staff=True, triggers=triggers)


async def ticket_for_reporter(
    pool: asyncpg.Pool, token: str, *, now: datetime, profiles: Mapping[str, LpseProfile] | None = None
) -> TicketView | None:
    """The ticket a status token opens, without internal notes, staff-only messages or the staff trail."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT * FROM tickets WHERE status_digest = $1", token_digest(token))
        if row is None:
            return None
        ticket = tickets_db.ticket_of(row)
        profile = (profiles or {}).get(ticket.lpse)
        triggers: tuple[Trigger, ...] = ()
        if profile is not None:
            actor = reporter(ticket.reference)
            triggers = tuple(t for t in REPORTER_STEPS if _allowed(profile, ticket, t, actor, now))
        return await _view(conn, row, ticket, profile, now, staff=False, triggers=triggers)


def _allowed(profile: LpseProfile, ticket: Ticket, trigger: Trigger, actor: Actor, now: datetime) -> bool:
    attempt = attempt_for(profile, ticket, trigger, actor, None, now, rating=5, close_reason="duplikat")
    if check(ticket, attempt) == refusal_for_table(ticket.status, trigger):
        return False
    return first_refusal(ticket, attempt, skip=FORM_GUARDS) is None


def _staff_triggers(profile: LpseProfile, ticket: Ticket, viewer: Actor, now: datetime) -> tuple[Trigger, ...]:
    ladder = profile.helpdesk.ladder_for(ticket.category)
    offered = []
    for trigger in DESK_STEPS:
        real = escalation_trigger(ladder, ticket.level) if trigger is Trigger.ESCALATE else trigger
        if _allowed(profile, ticket, real, viewer, now):
            offered.append(trigger)
    return tuple(offered)


async def _view(
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    ticket: Ticket,
    profile: LpseProfile | None,
    now: datetime,
    *,
    staff: bool,
    triggers: tuple[Trigger, ...],
) -> TicketView:
    messages = tuple(
        MessageView(
            m["id"], m["kind"], MESSAGE_LABEL[m["kind"]], m["author"], m["body"], m["at"], m["kind"] in STAFF_ONLY
        )
        for m in await tickets_db.messages(conn, ticket.id)
        if staff or m["kind"] not in STAFF_ONLY
    )
    files = tuple(
        AttachmentView(a["n"], a["filename"], a["content_type"], a["size"], megabytes(a["size"]), a["sha256"])
        for a in await tickets_db.attachments(conn, ticket.id)
    )
    trail = tuple(
        TrailEntry(r["at"], r["actor_id"], r["actor_role"], TRAIL_WORDS.get(Trigger(r["action"]), r["action"]))
        for r in await tickets_db.trail(conn, ticket.id)
        if staff or r["action"] != Trigger.NOTE.value
    )
    rated = await tickets_db.rating(conn, ticket.id)
    ladder = profile.helpdesk.ladder_for(ticket.category) if profile else ()
    return TicketView(
        ticket=ticket,
        description=row["description"],
        reporter_name=row["reporter_name"],
        reporter_phone=row["reporter_phone"] if staff else "",
        reporter_role_label=REPORTER_ROLE_LABEL.get(ticket.reporter_role, ticket.reporter_role),
        channel=row["channel"],
        channel_label=CHANNEL_LABEL.get(row["channel"], row["channel"]),
        status_label=status_label(ticket.status),
        messages=messages,
        attachments=files,
        trail=trail,
        clock=await _clock(conn, ticket, profile, row["deadline_text"], now),
        next_step_label=escalation_label(ladder, ticket.level) if ladder else None,
        triggers=triggers,
        lkpp_note=profile.helpdesk.lkpp_note if profile else ticket.clock_note,
        zone_label=profile.zone_label if profile else "WIB",
        time_zone=profile.time_zone if profile else "Asia/Jakarta",
        rating=None if rated is None else int(rated["rating"]),
    )


async def _clock(
    conn: asyncpg.Connection, ticket: Ticket, profile: LpseProfile | None, deadline_text: str, now: datetime
) -> ClockView:
    if ticket.status is TicketStatus.AT_LKPP:
        return ClockView("di_lkpp", None, ticket.clock_note or "Di Helpdesk LKPP", deadline_text)
    rows = await clocks_db.clocks_of(conn, TICKET, ticket.id)
    if not rows or profile is None:
        return ClockView("tanpa_batas", None, deadline_text, deadline_text)
    states = [clocks_db.clock_state(r) for r in rows]
    running = [s for s in states if s.status == "running" and s.due is not None]
    calendar = clocks.calendar_of(profile, ticket.service_id)
    if running:
        nearest = min(running, key=lambda s: s.due or now)
        return ClockView(
            "berjalan", nearest.due, describe(time_left(nearest, now, calendar), working=nearest.working), deadline_text
        )
    if any(s.status == "paused" for s in states):
        return ClockView(
            "dihentikan_sementara", None, "dihentikan sementara: menunggu informasi dari pelapor", deadline_text
        )
    return ClockView("berhenti", None, "tenggat tidak lagi berjalan", deadline_text)


async def queue_page(
    pool: asyncpg.Pool,
    lpse: str,
    level: str,
    *,
    status: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
    profile: LpseProfile | None = None,
) -> QueuePage:
    """One page of a desk's queue; `after` is the previous page's `next_after`; with `now` and the LPSE's profile
    each row says the working time left ('sisa 3 jam 10 menit kerja') or how late it is."""
    async with pool.acquire() as conn:
        rows = await queue_db.page(
            conn, lpse, level, status=status or None, search=(search or "").strip() or None,
            after=queue_db.decode(after), limit=limit + 1,
        )  # fmt: skip
    shown = rows[:limit]
    cursor = None
    if len(rows) > limit:
        last = shown[-1]
        cursor = queue_db.encode((last["closed"], last["sort_due"], last["opened_at"], last["id"]))
    return QueuePage(tuple(_queue_row(r, now, profile) for r in shown), cursor)


_MAX = datetime.fromisoformat("9999-12-31T00:00:00+00:00")


def _queue_row(row: asyncpg.Record, now: datetime | None, profile: LpseProfile | None) -> QueueRow:
    status = TicketStatus(row["status"])
    due = row["sort_due"] if row["sort_due"] < _MAX else None
    if status is TicketStatus.AT_LKPP:
        text = f"Di LKPP: {row['clock_note']}" if row["clock_note"] else "Di LKPP"
    elif due is None:
        text = "dihentikan sementara" if status is TicketStatus.INFO_REQUESTED else "-"
    elif now is not None and profile is not None:
        calendar = clocks.calendar_of(profile, row["service_id"])
        text = describe(calendar.working_seconds_between(now, due), working=True)
    else:
        text = f"{due.astimezone(ZoneInfo(profile.time_zone if profile else 'Asia/Jakarta')):%d-%m-%Y %H.%M}"
    role = REPORTER_ROLE_LABEL.get(row["reporter_role"], row["reporter_role"])
    return QueueRow(row["id"], row["reference"], row["category_label"], role, status_label(status), row["holder"],
                    row["level"], due, text, row["opened_at"])  # fmt: skip


async def attachment(pool: asyncpg.Pool, lpse: str, ticket_id: uuid.UUID, n: int) -> StoredAttachment | None:
    """An attachment of one LPSE's ticket (None: missing, or another LPSE's)."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            """SELECT a.* FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id
               WHERE a.ticket_id = $1 AND a.n = $2 AND t.lpse = $3""",
            ticket_id,
            n,
            lpse,
        )
    if row is None:
        return None
    return StoredAttachment(row["object_name"], row["filename"], row["content_type"], row["sha256"])


async def reporter_attachment(pool: asyncpg.Pool, token: str, n: int) -> StoredAttachment | None:
    """An attachment of the ticket a status token opens."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            """SELECT a.* FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id
               WHERE t.status_digest = $1 AND a.n = $2""",
            token_digest(token),
            n,
        )
    return (
        None
        if row is None
        else StoredAttachment(row["object_name"], row["filename"], row["content_type"], row["sha256"])
    )


async def download(
    pool: asyncpg.Pool, store: Storage, lpse: str, ticket_id: uuid.UUID, n: int
) -> tuple[StoredAttachment, bytes] | None:
    """An attachment of one LPSE's ticket with its bytes, for staff (None: missing or another LPSE's)."""
    found = await attachment(pool, lpse, ticket_id, n)
    return None if found is None else (found, await store.get(found.object_name))
