"""What the complaint pages read: the status page, the staff's complaint page and queue, the register."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.lpse import ComplaintLevel, LpseProfile
from helpdesk.complaints import db
from helpdesk.complaints.clocks import calendar_of
from helpdesk.complaints.domain import STATUS_LABEL, Complaint, ComplaintStatus, levels_for, service_of
from helpdesk.complaints.usecases import ComplaintDesk
from helpdesk.survey_link import survey_path
from lpse_runtime.web import local_time
from lpse_runtime.worktime import describe, time_left


@dataclass(frozen=True)
class ClockLine:
    """One clock as a person reads it: its label, the standard's wording and where it stands."""

    name: str
    label: str
    deadline_text: str
    state: str


@dataclass(frozen=True)
class View:
    """A complaint with everything its pages show."""

    profile: LpseProfile
    row: asyncpg.Record
    complaint: Complaint
    status_label: str
    service_name: str
    levels: tuple[ComplaintLevel, ...]
    clocks: tuple[ClockLine, ...]
    messages: tuple[asyncpg.Record, ...]
    missing_items: tuple[tuple[str, str], ...]
    content_items: tuple[tuple[str, str], ...]
    survey_path: str | None
    now: datetime

    @property
    def level_label(self) -> str:
        """Where the complaint is handled now."""
        if self.complaint.status is ComplaintStatus.AT_LKPP:
            return "LKPP"
        return self.levels[self.complaint.level].label

    @property
    def next_level(self) -> ComplaintLevel | None:
        """The level above, if the standard names one."""
        nxt = self.complaint.level + 1
        return self.levels[nxt] if nxt < len(self.levels) else None


def clock_line(row: asyncpg.Record, profile: LpseProfile, now: datetime) -> ClockLine:
    """'paling lambat 21 Agustus 2026 08.00 WITA (sisa …)', 'dihentikan sementara …' or 'terpenuhi …'."""
    zone, state = profile.time_zone, db.clock_state(row)
    if state.status == "paused":
        text = "dihentikan sementara: menunggu kelengkapan materi dari pengadu"
    elif state.status == "stopped":
        late = state.due is not None and state.stopped_at is not None and state.stopped_at > state.due
        met = f"dipenuhi {local_time(state.stopped_at, zone)} (tenggat {local_time(state.due, zone)})"
        text = f"terlambat, {met}" if late else met
    else:
        left = describe(time_left(state, now, calendar_of(profile)), working=state.working)
        text = f"paling lambat {local_time(state.due, zone)} ({left})"
    return ClockLine(state.name, state.label, row["deadline_text"], text)


async def _view(desk: ComplaintDesk, conn: asyncpg.Connection, row: asyncpg.Record, *, internal: bool) -> View:
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    complaint = db.complaint_of(row)
    service = service_of(profile, complaint.service_id)
    items = tuple(zip(profile.complaints.content_codes, profile.complaints.required_content, strict=True))
    resolved = complaint.status is ComplaintStatus.RESOLVED
    return View(
        profile=profile,
        row=row,
        complaint=complaint,
        status_label=STATUS_LABEL[complaint.status],
        service_name=f"{service.id} {service.name}" if service else complaint.service_id,
        levels=levels_for(profile, complaint.service_id),
        clocks=tuple(clock_line(r, profile, now) for r in await db.clocks(conn, complaint.id)),
        messages=tuple(await db.messages(conn, complaint.id, internal=internal)),
        missing_items=tuple((c, t) for c, t in items if c in complaint.missing),
        content_items=items,
        survey_path=survey_path(desk.link_secret, complaint.lpse, "pengaduan", complaint.id) if resolved else None,
        now=now,
    )


async def status_view(desk: ComplaintDesk, token: str) -> View | None:
    """The complaint a status token opens, as its complainant sees it (no internal note)."""
    if not token or len(token) > 200:
        return None
    async with desk.pool.acquire() as conn:
        row = await db.by_digest(conn, token_digest(token))
        return None if row is None else await _view(desk, conn, row, internal=False)


async def staff_view(desk: ComplaintDesk, complaint_id: uuid.UUID) -> View | None:
    """A complaint as staff see it, with the internal notes."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, complaint_id)
        return None if row is None else await _view(desk, conn, row, internal=True)


@dataclass(frozen=True)
class QueueRow:
    """One line of the complaint queue."""

    row: asyncpg.Record
    status_label: str
    level_label: str
    due_text: str


async def queue(desk: ComplaintDesk, profile: LpseProfile) -> list[QueueRow]:
    """The LPSE's complaints for its desk, nearest running deadline first."""
    async with desk.pool.acquire() as conn:
        rows = await db.queue(conn, profile.code)
    lines = []
    for row in rows:
        levels = levels_for(profile, row["service_id"])
        status = ComplaintStatus(row["status"])
        level = "LKPP" if status is ComplaintStatus.AT_LKPP else levels[min(row["level"], len(levels) - 1)].label
        due = f"paling lambat {local_time(row['next_due'], profile.time_zone)}" if row["next_due"] else "—"
        lines.append(QueueRow(row, STATUS_LABEL[status], level, due))
    return lines


@dataclass(frozen=True)
class RegisterRow:
    """One anonymised line of the register: no name, contact or text."""

    reference: str
    month: str
    service_id: str
    status_label: str
    response_days: str


async def register(desk: ComplaintDesk, profile: LpseProfile) -> list[RegisterRow]:
    """The LPSE's complaints, anonymised, newest first."""
    async with desk.pool.acquire() as conn:
        rows = await db.register(conn, profile.code)
    cal = calendar_of(profile)
    lines = []
    for r in rows:
        worked = cal.working_seconds_between(r["received_at"], r["responded_at"]) if r["responded_at"] else None
        days = "—" if worked is None else f"{worked / 3600:.1f} jam kerja"
        month = local_time(r["received_at"], profile.time_zone).split(" ", 1)[1].rsplit(" ", 2)[0]
        lines.append(
            RegisterRow(r["reference"], month, r["service_id"], STATUS_LABEL[ComplaintStatus(r["status"])], days)
        )
    return lines
