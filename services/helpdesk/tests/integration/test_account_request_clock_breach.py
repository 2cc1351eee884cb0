"""An account request's clock on the real durable timers: Depok DPK-2a's 15 menit from Monday 09.00 WIB is due
09.15; the reminder fires at 80 % (09.12) and the breach at 09.15 with its fact for the heads; a file returned before
its due instant stops the clock, and its resubmission starts a fresh round from then."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from services.helpdesk.tests.fixtures_b import published
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
AT = datetime(2026, 12, 7, 9, 0, tzinfo=WIB)  # Monday 09.00 WIB
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PPK = {
    "service_id": "DPK-2a",
    "name": "Dewi Anggraini",
    "nip": "198904202014022001",
    "unit": "Dinas Pendidikan",
    "role": "pokja",
    "email": "dewi@contoh.id",
    "phone": "081311112222",
}


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[tuple[FastAPI, SettableClock, str]]:
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookie = await staff_session(infra, "helpdesk.depok", [("helpdesk", "depok")], now=AT)
    clock = SettableClock(AT)
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.2)
    created = create_app(settings, clock=clock)
    async with created.router.lifespan_context(created):
        yield created, clock, cookie


async def file(client: SiteClient) -> str:
    sent = await client.post(
        "/helpdesk/depok/akun/",
        data={**PPK, "submission_key": str(uuid.uuid4())},
        files=[("doc_formulir_layanan_akun_asn", ("form.pdf", PDF, "application/pdf"))],
    )
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"].split("?")[0])


async def test_the_reminder_and_the_breach_fire_at_80_percent_and_at_the_due_instant(
    app: tuple[FastAPI, SettableClock, str], nc: Client
) -> None:
    site, clock, _ = app
    async with SiteClient(transport=httpx.ASGITransport(app=site), base_url="http://helpdesk") as person:
        await file(person)
    clock.set(AT + timedelta(minutes=12, seconds=1))
    reminder = (await published(nc, "helpdesk.depok.account_request.deadline_approaching.v1"))[0]
    assert datetime.fromisoformat(reminder["due_at"]) == AT + timedelta(minutes=15)
    clock.set(AT + timedelta(minutes=15, seconds=1))
    breach = (await published(nc, "helpdesk.depok.account_request.deadline_breached.v1"))[0]
    assert (breach["clock"], breach["clock_label"]) == ("penyelesaian", "Penyelesaian layanan")
    assert await site.state.runtime.pool.fetchval("SELECT breached_at IS NOT NULL FROM account_request_clocks")


async def test_a_returned_file_stops_the_clock_and_its_resubmission_starts_a_fresh_round(
    app: tuple[FastAPI, SettableClock, str], nc: Client
) -> None:
    site, clock, cookie = app
    pool = site.state.runtime.pool
    transport = httpx.ASGITransport(app=site)
    async with SiteClient(transport=transport, base_url="http://helpdesk") as person:
        status_path = await file(person)
        request_id = await pool.fetchval("SELECT id FROM account_requests")
        clock.set(AT + timedelta(minutes=5))
        async with SiteClient(transport=transport, base_url="http://helpdesk", cookies={SESSION_COOKIE: cookie}) as hd:
            await hd.post(
                f"/helpdesk/staf/akun/{request_id}/periksa",
                data={"hasil": "kembalikan", "kurang": "Formulir Layanan Akun SPSE", "lainnya": "Tanda tangan atasan"},
            )
        returned = (await published(nc, "helpdesk.depok.account_request.returned.v1"))[0]
        assert returned["missing"] == ["Formulir Layanan Akun SPSE", "Tanda tangan atasan"]
        page = (await person.get(status_path)).text
        assert "<li>Tanda tangan atasan</li>" in page and "Ajukan kembali" in page
        clock.set(AT + timedelta(minutes=40))  # long after the first round's due: no breach, it was stopped
        resent = await person.post(
            f"{status_path}/lengkapi", files=[("doc_formulir_layanan_akun_asn", ("baru.pdf", PDF, "application/pdf"))]
        )
        assert resent.status_code == 303
    resubmitted = (await published(nc, "helpdesk.depok.account_request.resubmitted.v1"))[0]
    assert datetime.fromisoformat(resubmitted["due_at"]) == AT + timedelta(minutes=55)
    rounds = [tuple(r) for r in await pool.fetch("SELECT round, status FROM account_request_clocks ORDER BY round")]
    assert rounds == [(1, "stopped"), (2, "running")]
    info = await nc.jetstream().stream_info("HELPDESK", subjects_filter="helpdesk.depok.account_request.>")
    assert "helpdesk.depok.account_request.deadline_breached.v1" not in (info.state.subjects or {})
