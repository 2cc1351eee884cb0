"""What the forensic pages read: a case with its files, parties, history and chain of custody; the lists; and the
file and report reads, each re-hashed and written to the chain of custody."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from helpdesk.forensic import db
from helpdesk.forensic.desk import ForensicDesk
from helpdesk.forensic.domain import ENTITY, STATUS_LABEL, Status
from helpdesk.forensic.files import intact, report_object_name
from lpse_runtime import audit
from lpse_runtime.decision import AuditEntry

EXTERNAL_NO_DEADLINE = "Proses di LKPP dan BSSN tidak memiliki batas waktu dalam standar pelayanan."
PARTY_STATE = {
    "dikirim": "Dikirim, menunggu diterima",
    "diterima": "Diterima, sedang diuji",
    "dijawab": "Sudah menjawab",
    "ditolak": "Menolak permohonan",
}
CUSTODY_ACTION = {
    "ajukan": "Permohonan diajukan",
    "unggah": "Berkas diterima dan di-hash",
    "unduh": "Berkas diunduh, digest cocok",
    "unduh_ditolak": "Unduhan ditolak: digest tidak cocok",
    "dibaca_auditor": "Dibaca auditor",
    "eskalasi": "Diserahkan ke Admin PPE",
    "teruskan_eksternal": "Diserahkan ke LKPP dan BSSN (digest)",
    "diterima_pihak": "Diterima pihak eksternal",
    "berita_acara": "Berita acara diterbitkan",
}


@dataclass(frozen=True)
class CaseView:
    """One case as its pages show it."""

    row: asyncpg.Record
    profile: LpseProfile
    status: Status
    status_label: str
    form_file: asyncpg.Record | None
    files: list[asyncpg.Record]
    parties: list[asyncpg.Record]
    steps: list[asyncpg.Record]
    custody: list[asyncpg.Record]
    documents: tuple[tuple[str, str], ...]

    @property
    def custody_lines(self) -> list[tuple[datetime, str, str, str]]:
        """The chain of custody as the page lists it: when, who, what, the detail."""
        return [(r["at"], r["actor_id"], custody_label(r["action"]), r["reason"] or "") for r in self.custody]

    @property
    def at_external(self) -> bool:
        """Whether LKPP and BSSN have it now (no local deadline runs)."""
        return self.status is Status.DITERUSKAN_EKSTERNAL


def custody_label(action: str) -> str:
    """How the chain of custody names an audit row."""
    return CUSTODY_ACTION.get(action, action.replace("_", " ").capitalize())


async def case_view(desk: ForensicDesk, test_id: uuid.UUID) -> CaseView | None:
    """A case with everything its page shows."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, test_id)
        if row is None:
            return None
        return await _view(desk, conn, row)


async def status_view(desk: ForensicDesk, digest: str) -> CaseView | None:
    """The case behind a status page token's digest."""
    async with desk.pool.acquire() as conn:
        row = await db.by_digest(conn, digest)
        return None if row is None else await _view(desk, conn, row)


async def _view(desk: ForensicDesk, conn: asyncpg.Connection, row: asyncpg.Record) -> CaseView:
    profile = desk.profiles[row["lpse"]]
    file_rows = await db.files(conn, row["id"])
    service = next((s for s in profile.services if s.id == row["service_id"]), None)
    documents = tuple((d.code, d.name) for d in service.documents) if service else ()
    return CaseView(
        row=row,
        profile=profile,
        status=Status(row["status"]),
        status_label=STATUS_LABEL[Status(row["status"])],
        form_file=next((r for r in file_rows if r["role"] == "formulir"), None),
        files=[r for r in file_rows if r["role"] == "berkas"],
        parties=await db.parties(conn, row["id"]),
        steps=await db.steps(conn, row["id"]),
        custody=await db.custody(conn, row["id"]),
        documents=documents,
    )


async def queue(desk: ForensicDesk, lpse: str) -> list[asyncpg.Record]:
    """The LPSE's requests."""
    async with desk.pool.acquire() as conn:
        return await db.queue(conn, lpse)


async def mine(desk: ForensicDesk, username: str) -> list[asyncpg.Record]:
    """A Pokja's own requests."""
    async with desk.pool.acquire() as conn:
        return await db.filed_by(conn, username)


@dataclass(frozen=True)
class Served:
    """A file read back: its bytes and name, or why it is withheld."""

    content: bytes = b""
    name: str = ""
    refusal: str | None = None


async def read_file(desk: ForensicDesk, test_id: uuid.UUID, seq: int, actor: Actor, now: datetime) -> Served | None:
    """A case's file, re-hashed: served and audited when its digest matches, refused and audited otherwise."""
    async with desk.pool.acquire() as conn:
        f = await conn.fetchrow("SELECT * FROM forensic_files WHERE test_id = $1 AND seq = $2", test_id, seq)
        if f is None:
            return None
        content = await desk.bucket.get(f["object_name"])
        return await _served(conn, test_id, actor, now, f["name"], f["sha256"], content)


async def read_report(desk: ForensicDesk, test_id: uuid.UUID, actor: Actor, now: datetime) -> Served | None:
    """The case's berita acara, re-hashed like every file."""
    async with desk.pool.acquire() as conn:
        row = await db.by_id(conn, test_id)
        if row is None or row["report_sha256"] is None:
            return None
        content = await desk.bucket.get(report_object_name(str(test_id), row["report_sha256"]))
        return await _served(conn, test_id, actor, now, row["report_name"], row["report_sha256"], content)


async def _served(
    conn: asyncpg.Connection, test_id: uuid.UUID, actor: Actor, now: datetime, name: str, sha256: str, content: bytes
) -> Served:
    ok = intact(content, sha256)
    action, reason = ("unduh", f"{name} sha256={sha256} cocok") if ok else ("unduh_ditolak", f"{name}: digest berbeda")
    async with conn.transaction():
        await audit.append(conn, AuditEntry(now, actor, ENTITY, str(test_id), action, None, None, reason))
    if not ok:
        return Served(refusal="Berkas tidak sesuai dengan digest saat diterima; unduhan ditolak dan dicatat.")
    return Served(content, name)
