"""The helpdesk in-process on the integration tier's PostgreSQL and NATS, with Depok's staff, a Pokja and an
auditor signed in, for the forensic test's tests: filing with files, the desk's steps, what the outbox holds."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session

LINK_SECRET = "forensic-pages-link-secret"
AT = datetime(2026, 12, 14, 2, 10, tzinfo=UTC)  # Monday 14 Dec 2026, 09.10 WIB: DPK-2d is open
TENDER = "10023456"
STAFF: dict[str, tuple[str, str]] = {
    "pokja.depok": ("pokja", "depok"),
    "pokja2.depok": ("pokja", "depok"),
    "helpdesk.depok": ("helpdesk", "depok"),
    "adminppe.depok": ("admin_ppe", "depok"),
    "kepala.depok": ("kepala_lpse", "depok"),
    "audit.bpkp": ("auditor_paket", "depok"),
    "audit.lain": ("auditor_paket", "depok"),
    "pokja.temanggung": ("pokja", "temanggung"),
    "adminppe.temanggung": ("admin_ppe", "temanggung"),
}
NAMES = {"pokja.depok": "Siti Pokja", "helpdesk.depok": "Budi Helpdesk", "adminppe.depok": "Andi Admin PPE"}
FORM_PDF = b"%PDF-1.7\n% Formulir Permohonan Uji Forensik, ditandatangani\n%%EOF\n"
BID_A = b"APENDO\x00\x01encrypted bid of PT Maju Jaya" * 4000
BID_B = b"APENDO\x00\x02encrypted bid of CV Sentosa" * 3000
REQUEST = {
    "tender_id": TENDER,
    "tender_name": "Rehabilitasi Jalan Lingkungan",
    "description": "Dokumen penawaran dua peserta tidak dapat dibuka pada tahap pembukaan penawaran.",
    "requester_nip": "198001012005011001",
    "requester_email": "pokja.depok@contoh.go.id",
}


def sha(content: bytes) -> str:
    """The digest as the test computes it, never the code under test."""
    return hashlib.sha256(content).hexdigest()


@dataclass
class Site:
    """The running app, its clock and a signed-in client per person."""

    app: FastAPI
    clock: SettableClock
    cookies: dict[str, str]

    def client(self, username: str | None = None) -> SiteClient:
        """A browser-like client, signed in as this person or nobody."""
        cookies = {SESSION_COOKIE: self.cookies[username]} if username else {}
        transport = httpx.ASGITransport(app=self.app, client=("10.2.0.1", 40000))
        return SiteClient(transport=transport, base_url="http://helpdesk", cookies=cookies, follow_redirects=False)

    @property
    def pool(self) -> asyncpg.Pool:
        """The helpdesk's own pool."""
        pool: asyncpg.Pool = self.app.state.runtime.pool
        return pool

    async def file(self, who: str = "pokja.depok", files: tuple[bytes, ...] = (BID_A, BID_B)) -> uuid.UUID:
        """The Pokja files a request with the signed form and these files; the new case's id."""
        uploads: list[tuple[str, tuple[str, bytes, str]]] = [
            ("formulir", ("formulir.pdf", FORM_PDF, "application/pdf"))
        ]
        uploads += [("berkas", (f"penawaran-{i}.rhs", f, "application/octet-stream")) for i, f in enumerate(files)]
        async with self.client(who) as pokja:
            sent = await pokja.post("/helpdesk/staf/forensik/baru", data=REQUEST, files=uploads)
        assert sent.status_code == 303, sent.text
        return uuid.UUID(sent.headers["location"].split("/")[-1].split("?")[0])

    async def step(self, who: str, case_id: uuid.UUID, action: str, **form: str) -> str | None:
        """A staff button on the case; the refusal shown, or None."""
        async with self.client(who) as staff:
            sent = await staff.post(f"/helpdesk/staf/forensik/{case_id}/{action}", data=form)
        assert sent.status_code == 303, sent.text
        location = httpx.URL(sent.headers["location"])
        assert location.path == f"/helpdesk/staf/forensik/{case_id}", "back on the case (not the sign-in page)"
        refusal: str | None = location.params.get("galat")
        return refusal

    async def facts(self, kind: str) -> list[dict[str, Any]]:
        """The facts of this kind in the outbox (the relay is off), oldest first."""
        rows = await self.pool.fetch(
            "SELECT payload FROM outbox WHERE subject = $1 ORDER BY id", f"helpdesk.depok.forensic.{kind}.v1"
        )
        return [json.loads(r["payload"]) for r in rows]

    async def custody(self, case_id: uuid.UUID) -> list[tuple[str, str, str | None]]:
        """The case's audit rows: who, what, the detail."""
        rows = await self.pool.fetch(
            """SELECT actor_id, action, reason FROM audit_log
               WHERE entity = 'forensic_test' AND entity_id = $1 ORDER BY id""",
            str(case_id),
        )
        return [(r["actor_id"], r["action"], r["reason"]) for r in rows]

    async def grant_auditor(self, username: str, tenders: list[str]) -> None:
        """An auditor's access (DPK-3a) as the account-request desk writes it."""
        await self.pool.execute(
            """INSERT INTO auditor_access (request_id, lpse, username, tenders, access_from, access_until, granted_at)
               VALUES ($1, 'depok', $2, $3, $4, $5, $6)""",
            uuid.uuid4(),
            username,
            tenders,
            date(2026, 12, 1),
            date(2026, 12, 31),
            AT,
        )


@pytest.fixture
async def site(infra: Infra, nc: Client) -> AsyncIterator[Site]:
    """The helpdesk with its relay off (facts stay in the outbox) and its consumers on, staff sessions from AT."""
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {
        name: await staff_session(infra, name, [grant], now=AT, full_name=NAMES.get(name, name))
        for name, grant in STAFF.items()
    }
    settings = Settings(database_url=url, nats_url=infra.nats_url, link_secret=LINK_SECRET, timer_poll_seconds=3600)
    clock = SettableClock(AT)
    app = create_app(settings, clock=clock)
    await app.state.runtime.start(relay=False)
    try:
        yield Site(app, clock, cookies)
    finally:
        await app.state.runtime.stop()
