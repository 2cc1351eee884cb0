"""What the ubah-jadwal pages read: the status page, the desk's page and queue, the Pokja's list, the auditor's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.lpse import LpseProfile
from helpdesk.schedule import clocks, db
from helpdesk.schedule.domain import (
    DESK_LABEL,
    DESK_ROLE,
    MISSING_ITEMS,
    OPEN,
    STAGE_LABEL,
    STATUS_LABEL,
    ScheduleChange,
    ScheduleStatus,
)
from helpdesk.schedule.usecases import ScheduleDesk, service_of
from lpse_runtime.web import local_time
from lpse_runtime.worktime import describe

ACTION_LABEL: dict[str, str] = {
    "ajukan": "Permohonan diajukan",
    "klaim": "Diklaim",
    "lepas": "Dilepas",
    "kembalikan": "Dikembalikan kepada Pokja",
    "ajukan_ulang": "Dilengkapi dan diajukan kembali",
    "eskalasi": "Dieskalasi ke Admin PPE",
    "setujui": "Disetujui: jadwal diubah di SPSE",
    "tolak": "Ditolak",
}
ROLE_LABEL: dict[str, str] = {
    "pokja": "Pokja Pemilihan",
    "helpdesk": "Helpdesk",
    "admin_ppe": "Admin PPE",
    "kepala_lpse": "Kepala LPSE",
    "system": "Sistem",
}
DECISIONS = frozenset(set(ACTION_LABEL) - {"klaim", "lepas"})


@dataclass(frozen=True)
class StepLine:
    """One step as a person reads it: what, who (role and account) and when in the LPSE's zone."""

    what: str
    who: str
    when: str
    note: str | None


@dataclass(frozen=True)
class View:
    """A request with everything its pages show."""

    profile: LpseProfile
    row: asyncpg.Record
    change: ScheduleChange
    status_label: str
    stage_label: str
    clock_text: str
    steps: tuple[StepLine, ...]
    letters: tuple[asyncpg.Record, ...]
    missing_labels: tuple[str, ...]
    desk_label: str | None
    now: datetime

    @property
    def zone(self) -> str:
        """The LPSE's zone (WIB in Depok)."""
        return self.profile.time_zone


def clock_text(row: asyncpg.Record, profile: LpseProfile, now: datetime) -> str:
    """'sisa 12 menit kerja · jatuh tempo 3 Desember 2026 10.15 WIB', 'dihentikan …' or 'dipenuhi …'."""
    zone, due = profile.time_zone, row["due_at"]
    service = service_of(profile)
    if due is None or service is None:
        return "Standar pelayanan tidak menetapkan jangka waktu."
    if row["clock_stopped_at"] is not None:
        if ScheduleStatus(row["status"]) is ScheduleStatus.DIKEMBALIKAN:
            return "dihentikan: menunggu kelengkapan dari Pokja; 15 menit baru berjalan saat diajukan kembali"
        late = row["clock_stopped_at"] > due
        met = f"diputus {local_time(row['clock_stopped_at'], zone)} (jatuh tempo {local_time(due, zone)})"
        return f"terlambat, {met}" if late else met
    left = clocks.calendar_of(profile, service).working_seconds_between(now, due)
    return f"{describe(left, working=True)} · jatuh tempo {local_time(due, zone)}"


def step_line(r: asyncpg.Record, zone: str) -> StepLine:
    """An audit row as the steps list shows it."""
    who = f"{ROLE_LABEL.get(r['actor_role'], r['actor_role'])} ({r['actor_id']})"
    return StepLine(ACTION_LABEL.get(r["action"], r["action"]), who, local_time(r["at"], zone), r["reason"])


async def _view(desk: ScheduleDesk, conn: asyncpg.Connection, row: asyncpg.Record, *, every_step: bool) -> View:
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    change = db.change_of(row)
    steps = [r for r in await db.steps(conn, change.id) if every_step or r["action"] in DECISIONS]
    role = DESK_ROLE.get(change.status)
    return View(
        profile=profile,
        row=row,
        change=change,
        status_label=STATUS_LABEL[change.status],
        stage_label=STAGE_LABEL[change.stage],
        clock_text=clock_text(row, profile, now),
        steps=tuple(step_line(r, profile.time_zone) for r in steps),
        letters=tuple(await db.letters(conn, change.id)),
        missing_labels=tuple(MISSING_ITEMS[m] for m in change.missing if m in MISSING_ITEMS),
        desk_label=DESK_LABEL[role] if role else None,
        now=now,
    )


async def status_view(desk: ScheduleDesk, token: str) -> View | None:
    """The request a status token opens, as the Pokja sees it (decisions only, no claims)."""
    if not token or len(token) > 200:
        return None
    async with desk.pool.acquire() as conn:
        row = await db.by_digest(conn, token_digest(token))
        return None if row is None else await _view(desk, conn, row, every_step=False)


async def staff_view(desk: ScheduleDesk, change_id: uuid.UUID) -> View | None:
    """A request as the desk sees it, with every claim and release."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, change_id)
        return None if row is None else await _view(desk, conn, row, every_step=True)


async def read_view(desk: ScheduleDesk, conn: asyncpg.Connection, row: asyncpg.Record) -> View:
    """A request as an auditor reads it, on the connection that records the read."""
    return await _view(desk, conn, row, every_step=True)


@dataclass(frozen=True)
class Line:
    """One line of a list of requests."""

    row: asyncpg.Record
    status_label: str
    stage_label: str
    desk_label: str
    clock_text: str


def lines(rows: list[asyncpg.Record], profile: LpseProfile, now: datetime) -> list[Line]:
    """Rows as the lists show them."""
    out = []
    for r in rows:
        status = ScheduleStatus(r["status"])
        desk = DESK_LABEL.get(DESK_ROLE.get(status, ""), "Pokja" if status in OPEN else "—")
        out.append(Line(r, STATUS_LABEL[status], STAGE_LABEL[r["stage"]], desk, clock_text(r, profile, now)))
    return out


async def queue(desk: ScheduleDesk, profile: LpseProfile) -> list[Line]:
    """The LPSE's requests for its desk, nearest due first."""
    async with desk.pool.acquire() as conn:
        rows = await db.queue(conn, profile.code)
    return lines(rows, profile, desk.clock.now())


async def mine(desk: ScheduleDesk, profile: LpseProfile, username: str) -> list[Line]:
    """The requests the signed-in Pokja member filed."""
    async with desk.pool.acquire() as conn:
        rows = await db.mine(conn, profile.code, username)
    return lines(rows, profile, desk.clock.now())
