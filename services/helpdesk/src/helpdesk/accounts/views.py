"""What the account request pages read: the requester's status page, the staff's request page and queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.lpse import LpseProfile, ServiceStandard
from helpdesk.accounts import db
from helpdesk.accounts.clocks import calendar_of
from helpdesk.accounts.domain import AccountRequest
from helpdesk.accounts.forms import CHANGE_LABEL, MGL_CHECKLIST, ROLE_LABEL, uploaded_documents
from helpdesk.accounts.tables import STATUS_LABEL, Path, Status
from helpdesk.accounts.usecases import AccountDesk
from lpse_runtime.web import local_time
from lpse_runtime.worktime import describe, time_left

STEP_LABEL: dict[str, str] = {
    "ajukan": "Permohonan diajukan",
    "kembalikan": "Berkas dikembalikan: belum lengkap",
    "ajukan_ulang": "Berkas dilengkapi dan diajukan kembali",
    "lengkap": "Berkas lengkap dan diteruskan",
    "disposisi": "Disposisi Kabag PBJ kepada Admin Agency",
    "siapkan": "Akun disiapkan",
    "kembalikan_ke_pembuat": "Dikembalikan kepada pembuat akun",
    "konfirmasi": "Akun dicek ulang dan disahkan petugas lain",
    "setujui": "Akun disetujui",
    "tolak": "Permohonan ditolak",
    "verifikasi": "Persyaratan diverifikasi",
    "inaproc_terverifikasi": "Akun INAPROC terverifikasi",
    "akun_dibuat": "Akun dibuat oleh sistem",
    "akun_ditolak": "Sistem belum dapat membuat akun",
}
# The officer's name stays inside the LPSE: the requester reads the post that acted.
ROLE_OF_ACTOR = {
    "pelapor": "Pemohon",
    "helpdesk": "Helpdesk / Front Office",
    "kepala_lpse": "Kabag PBJ selaku Kepala LPSE",
    "admin_agency": "Admin Agency",
    "admin_ppe": "Admin PPE",
    "system": "Sistem",
}


@dataclass(frozen=True)
class StepLine:
    """One step as the status page shows it."""

    label: str
    who: str
    when: str
    note: str | None


@dataclass(frozen=True)
class View:
    """A request with everything its pages show."""

    profile: LpseProfile
    service: ServiceStandard
    row: asyncpg.Record
    request: AccountRequest
    status_label: str
    role_label: str
    change_label: str
    clock_text: str | None
    steps: tuple[StepLine, ...]
    documents: tuple[asyncpg.Record, ...]
    document_slots: tuple[tuple[str, str], ...]
    checklist: tuple[tuple[str, str], ...]
    now: datetime

    @property
    def is_inaproc(self) -> bool:
        """The account lives at akun.inaproc.id; the platform makes none."""
        return self.request.path is Path.INAPROC

    @property
    def open(self) -> bool:
        """Still on the desk."""
        return self.request.status not in (Status.SELESAI, Status.DITOLAK)


def clock_text(rows: list[asyncpg.Record], profile: LpseProfile, service: ServiceStandard, now: datetime) -> str | None:
    """'paling lambat … (sisa …)', 'dihentikan …' for the last round; None when the standard sets no clock."""
    if not rows:
        return None
    zone, state = profile.time_zone, db.clock_state(rows[-1])
    if state.status == "stopped":
        late = state.due is not None and state.stopped_at is not None and state.stopped_at > state.due
        met = f"dihentikan {local_time(state.stopped_at, zone)} (tenggat {local_time(state.due, zone)})"
        return f"terlambat, {met}" if late else met
    left = describe(time_left(state, now, calendar_of(profile, service)), working=state.working)
    return f"paling lambat {local_time(state.due, zone)} ({left})"


async def _view(desk: AccountDesk, conn: asyncpg.Connection, row: asyncpg.Record, *, staff: bool) -> View:
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    r, service = db.request_of(row), desk.service(row["lpse"], row["service_id"])
    steps = tuple(
        StepLine(
            STEP_LABEL.get(s["step"], s["step"]),
            f"{ROLE_OF_ACTOR.get(s['actor_role'], s['actor_role'])}" + (f" ({s['actor']})" if staff else ""),
            local_time(s["at"], profile.time_zone),
            s["note"],
        )
        for s in await db.steps(conn, r.id)
    )
    return View(
        profile=profile,
        service=service,
        row=row,
        request=r,
        status_label=STATUS_LABEL[r.status],
        role_label=ROLE_LABEL.get(r.role, r.role),
        change_label=CHANGE_LABEL.get(r.change_kind or "", ""),
        clock_text=clock_text(await db.clocks(conn, r.id), profile, service, now),
        steps=steps,
        documents=tuple(await db.documents(conn, r.id)),
        document_slots=uploaded_documents(service),
        checklist=MGL_CHECKLIST if r.path is Path.INAPROC else (),
        now=now,
    )


async def status_view(desk: AccountDesk, token: str) -> View | None:
    """The request a status token opens, as its requester sees it."""
    if not token or len(token) > 200:
        return None
    async with desk.pool.acquire() as conn:
        row = await db.by_digest(conn, token_digest(token))
        return None if row is None else await _view(desk, conn, row, staff=False)


async def staff_view(desk: AccountDesk, request_id: uuid.UUID) -> View | None:
    """A request as staff see it, with the officers' names."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, request_id)
        return None if row is None else await _view(desk, conn, row, staff=True)


@dataclass(frozen=True)
class QueueRow:
    """One line of the account request queue."""

    row: asyncpg.Record
    status_label: str
    role_label: str
    due_text: str


async def queue(desk: AccountDesk, profile: LpseProfile) -> list[QueueRow]:
    """The LPSE's requests for its desk, nearest running deadline first."""
    async with desk.pool.acquire() as conn:
        rows = await db.queue(conn, profile.code)
    return [
        QueueRow(
            row,
            STATUS_LABEL[Status(row["status"])],
            ROLE_LABEL.get(row["role"], row["role"]),
            f"paling lambat {local_time(row['next_due'], profile.time_zone)}" if row["next_due"] else "—",
        )
        for row in rows
    ]


async def document(desk: AccountDesk, request_id: uuid.UUID, code: str) -> tuple[str, asyncpg.Record] | None:
    """A request's document with the request's LPSE (the staff route checks it may read that LPSE)."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, request_id)
        found = await db.document(conn, request_id, code[:60]) if row is not None else None
    return None if row is None or found is None else (str(row["lpse"]), found)
