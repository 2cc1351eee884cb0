"""Depok DPK-3a on the real PostgreSQL and JetStream: an APIP auditor's request recorded at the counter by the
Helpdesk, decided by the Admin PPE (the Admin Agency is refused), approved with the last day of access; identity's
`created` writes the `auditor_access` row, and the auditor's landing page shows exactly its tenders and period."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.identity import InternalAccountCreatedV1
from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from services.helpdesk.tests.fixtures_b import published
from tests.support import Infra, SiteClient, eventually, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
AT = datetime(2026, 12, 7, 9, 30, tzinfo=WIB)  # Monday 09.30 WIB
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AUDITOR = {
    "service_id": "DPK-3a",
    "name": "Bambang Sutrisno",
    "nip": "197805152005011004",
    "unit": "Inspektorat Kota Depok",
    "role": "auditor",
    "email": "bambang@inspektorat.contoh.id",
    "phone": "081298765432",
    "agency_type": "APIP",
    "agency_name": "Inspektorat Kota Depok",
    "tenders": "10234567, 10234568",
    "access_from": "2026-12-07",
    "access_until": "2027-03-31",
}
STAFF = {
    "helpdesk.depok": [("helpdesk", "depok")],
    "adminagency.depok": [("admin_agency", "depok")],
    "adminppe.depok": [("admin_ppe", "depok")],
    "apip.bambang": [("auditor_paket", "depok")],
    "apip.lain": [("auditor_paket", "depok")],
}


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[tuple[FastAPI, dict[str, str]]]:
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {name: await staff_session(infra, name, grants, now=AT) for name, grants in STAFF.items()}
    created = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(AT))
    async with created.router.lifespan_context(created):
        yield created, cookies


async def test_an_auditors_access_is_scoped_to_its_tenders_and_period(
    app: tuple[FastAPI, dict[str, str]], nc: Client
) -> None:
    site, cookies = app
    pool = site.state.runtime.pool
    transport = httpx.ASGITransport(app=site)

    def as_(username: str) -> SiteClient:
        return SiteClient(transport=transport, base_url="http://helpdesk", cookies={SESSION_COOKIE: cookies[username]})

    async with as_("helpdesk.depok") as front:
        too_long = await front.post(
            "/helpdesk/staf/akun/catat",
            data={**AUDITOR, "access_until": "2027-12-07", "submission_key": str(uuid.uuid4())},
            files=[("doc_formulir_hak_akses_auditor", ("form.pdf", PDF, "application/pdf"))],
        )
        assert too_long.status_code == 422 and "Masa akses paling lama 1 tahun." in too_long.text
        assert await pool.fetchval("SELECT count(*) FROM account_requests") == 0
        recorded = await front.post(
            "/helpdesk/staf/akun/catat",
            data={**AUDITOR, "submission_key": str(uuid.uuid4())},
            files=[("doc_formulir_hak_akses_auditor", ("form.pdf", PDF, "application/pdf"))],
        )
        assert recorded.status_code == 303, recorded.text
        request_id = await pool.fetchval("SELECT id FROM account_requests WHERE channel = 'datang_langsung'")
        base = f"/helpdesk/staf/akun/{request_id}"
        await front.post(f"{base}/periksa", data={"hasil": "lengkap"})
    escalated = (await published(nc, "helpdesk.depok.account_request.escalated.v1"))[0]
    assert (escalated["to_role"], escalated["to_label"]) == ("admin_ppe", "Admin PPE")

    async with as_("adminagency.depok") as agency:
        wrong = await agency.post(f"{base}/siapkan", data={"username": "apip.bambang"}, follow_redirects=True)
        assert "Permohonan ini diputuskan oleh Admin PPE." in wrong.text
    async with as_("adminppe.depok") as ppe:
        await ppe.post(f"{base}/siapkan", data={"username": "apip.bambang"})
    approved = (await published(nc, "helpdesk.depok.account_request.approved.v1"))[0]
    assert (approved["staff_role"], approved["access_until"], approved["checked_by"]) == (
        "auditor_paket",
        "2027-03-31",
        None,
    )

    async with as_("apip.bambang") as auditor:
        before = (await auditor.get("/helpdesk/staf/audit/")).text
        assert 'id="no-scope"' in before, "no access until identity has made the account"
    created = InternalAccountCreatedV1(
        occurred_at=AT,
        lpse="depok",
        correlation_id=request_id,
        actor=Actor.system("identity"),
        account_id=uuid.uuid4(),
        username="apip.bambang",
        request_id=request_id,
        name="Bambang Sutrisno",
        role="auditor_paket",
        email="bambang@inspektorat.contoh.id",
    )
    await nc.jetstream().publish(created.subject, created.model_dump_json().encode())

    async def granted() -> bool:
        return bool(await pool.fetchval("SELECT count(*) FROM auditor_access"))

    await eventually(granted, what="the auditor's grant")
    row = await pool.fetchrow("SELECT * FROM auditor_access")
    assert (row["username"], sorted(row["tenders"]), row["access_from"], row["access_until"]) == (
        "apip.bambang",
        ["10234567", "10234568"],
        date(2026, 12, 7),
        date(2027, 3, 31),
    )
    async with as_("apip.bambang") as auditor:
        page = (await auditor.get("/helpdesk/staf/audit/")).text
    assert "<li>10234567</li><li>10234568</li>" in page and "07/12/2026 s.d. 31/03/2027 (WIB)" in page
    assert 'href="/helpdesk/staf/audit/jadwal/"' in page and 'href="/helpdesk/staf/audit/forensik/"' in page
    async with as_("apip.lain") as other:
        assert 'id="no-scope"' in (await other.get("/helpdesk/staf/audit/")).text
    async with as_("helpdesk.depok") as front:
        assert (await front.get("/helpdesk/staf/audit/")).status_code == 403
