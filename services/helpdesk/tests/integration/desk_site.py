"""The helpdesk app in-process on the integration tier's PostgreSQL and NATS, with staff signed in, for the tests
of the desk's pages (the staff console and the reporter's status page)."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.staff import SESSION_COOKIE
from services.helpdesk.tests.fixtures_b import REPORT
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session

LINK_SECRET = "helpdesk-pages-link-secret"
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
PNG = (  # a 1 × 1 picture, as registration's upload tests send it
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)  # Wednesday 2 Dec 2026, 09.00 WIB / 10.00 WITA
# Who signs in: (role, LPSE) grants, as deploy/seed/staff.yaml names them.
STAFF: dict[str, tuple[str, str]] = {
    "helpdesk.temanggung": ("helpdesk", "temanggung"),
    "adminppe.temanggung": ("admin_ppe", "temanggung"),
    "kepala.temanggung": ("kepala_lpse", "temanggung"),
    "auditor.temanggung": ("auditor", "temanggung"),
    "verifikator.temanggung": ("verifikator", "temanggung"),
    "helpdesk.banjarmasin": ("helpdesk", "banjarmasin"),
    "adminppe.banjarmasin": ("admin_ppe", "banjarmasin"),
    "kepala.banjarmasin": ("kepala_lpse", "banjarmasin"),
    "auditor.banjarmasin": ("auditor", "banjarmasin"),
    "helpdesk.magelang": ("helpdesk", "magelang"),
}


@dataclass
class Site:
    """The running app, its clock and a signed-in client per staff member."""

    app: FastAPI
    clock: SettableClock
    cookies: dict[str, str]

    def client(self, username: str | None = None) -> SiteClient:
        """A browser-like client: signed in as this staff member, or nobody (the reporter, anonymous)."""
        cookies = {SESSION_COOKIE: self.cookies[username]} if username else {}
        transport = httpx.ASGITransport(app=self.app, client=("10.2.0.1", 40000))
        return SiteClient(transport=transport, base_url="http://helpdesk", cookies=cookies, follow_redirects=False)

    async def report(
        self, lpse: str = "temanggung", *, files: tuple[tuple[str, bytes, str], ...] = (), **changes: str
    ) -> tuple[str, uuid.UUID]:
        """A report sent on the public form, with attachments (name, bytes, type); (status token, ticket id)."""
        key = uuid.uuid4()
        data = {**REPORT, **changes, "submission_key": str(key)}
        uploads = [("attachments", file) for file in files]
        async with self.client() as reporter:
            sent = await reporter.post(f"/helpdesk/{lpse}/", data=data, files=uploads or None)
            assert sent.status_code == 200, sent.text
        # The status link travels sealed in the opened fact (the reporter reads it in the email).
        row = await self.pool.fetchrow("SELECT id, status_url FROM tickets WHERE submission_key = $1", key)
        link = LinkBox(LINK_SECRET).open(row["status_url"])
        return re.sub(r".*/helpdesk/tiket/", "", link), row["id"]

    @property
    def pool(self) -> asyncpg.Pool:
        """The helpdesk's own pool, to read what the pages stored."""
        pool: asyncpg.Pool = self.app.state.runtime.pool
        return pool

    async def stored(self) -> tuple[object, ...]:
        """Everything a step would change: tickets, messages, ratings, outbox and audit rows."""
        async with self.pool.acquire() as conn:
            return (
                tuple(tuple(r) for r in await conn.fetch("SELECT * FROM tickets ORDER BY id")),
                await conn.fetchval("SELECT count(*) FROM ticket_messages"),
                await conn.fetchval("SELECT count(*) FROM ticket_ratings"),
                await conn.fetchval("SELECT count(*) FROM outbox"),
                await conn.fetchval("SELECT count(*) FROM audit_log"),
            )


@pytest.fixture
async def site(infra: Infra, nc: Client) -> AsyncIterator[Site]:
    """The helpdesk with its relay off (facts stay in the outbox to be read), staff sessions from AT."""
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {name: await staff_session(infra, name, [grant], now=AT, full_name=name) for name, grant in STAFF.items()}
    # Timers fire only when a test moves the clock and asks (an hourly poll): no auto-close races a reopen.
    settings = Settings(database_url=url, nats_url=infra.nats_url, link_secret=LINK_SECRET, timer_poll_seconds=3600)
    clock = SettableClock(AT)
    app = create_app(settings, clock=clock)
    await app.state.runtime.start(relay=False)
    try:
        yield Site(app, clock, cookies)
    finally:
        await app.state.runtime.stop()
