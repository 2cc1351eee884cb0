"""Magelang MGL-O on the pages: an office (.go.id) email is refused beside its field and nothing is stored; the
Petugas verifies the checklist (an unticked item is refused) and records the INAPROC account verified, and the
status page says the account lives at akun.inaproc.id. Banjarmasin, whose standard has no such service, says so;
another LPSE's officer, a forged link and a malformed id find nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
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
AT = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BENDAHARA = {
    "service_id": "MGL-O",
    "name": "Rudi Hartono",
    "nip": "198205172009011002",
    "unit": "Dinas Kesehatan Kota Magelang",
    "role": "bendahara",
    "email": "rudi.hartono@gmail.com",
    "phone": "081377778888",
}
DOCS = [
    (f"doc_{code}", (f"{code}.pdf", PDF, "application/pdf"))
    for code in ("ktp_asli", "sk_penugasan", "sertifikat_pbj", "npwp_satker")
]
CHECKLIST = ["ktp_asli", "sk_penugasan", "sertifikat_pbj", "npwp_satker", "email_hp_aktif"]


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[tuple[FastAPI, dict[str, str]]]:
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {
        "helpdesk.magelang": await staff_session(infra, "helpdesk.magelang", [("helpdesk", "magelang")], now=AT),
        "helpdesk.depok": await staff_session(infra, "helpdesk.depok", [("helpdesk", "depok")], now=AT),
    }
    created = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(AT))
    async with created.router.lifespan_context(created):
        yield created, cookies


async def test_an_inaproc_request_is_verified_and_never_makes_a_platform_account(
    app: tuple[FastAPI, dict[str, str]], nc: Client
) -> None:
    site, cookies = app
    pool = site.state.runtime.pool
    transport = httpx.ASGITransport(app=site)

    def client(username: str | None = None) -> SiteClient:
        jar = {SESSION_COOKIE: cookies[username]} if username else {}
        return SiteClient(transport=transport, base_url="http://helpdesk", cookies=jar)

    async with client() as person:
        none = await person.get("/helpdesk/banjarmasin/akun/")
        assert none.status_code == 404 and "tidak memuat layanan pembuatan akun internal" in none.text
        assert 'href="/helpdesk/"' in none.text
        form = (await person.get("/helpdesk/magelang/akun/?layanan=MGL-O")).text
        assert "akun.inaproc.id" in form and 'for="email">Email pribadi (bukan email kantor)' in form
        office = await person.post(
            "/helpdesk/magelang/akun/",
            data={**BENDAHARA, "email": "rudi@magelangkota.go.id", "submission_key": str(uuid.uuid4())},
            files=DOCS,
        )
        assert office.status_code == 422
        assert 'id="email-error">Gunakan email pribadi, bukan email kantor (.go.id)' in office.text
        assert await pool.fetchval("SELECT count(*) FROM account_requests") == 0
        sent = await person.post(
            "/helpdesk/magelang/akun/", data={**BENDAHARA, "submission_key": str(uuid.uuid4())}, files=DOCS
        )
        assert sent.status_code == 303, sent.text
        status_path = sent.headers["location"].split("?")[0]
        assert (await person.get("/helpdesk/akun/TokenPalsu")).status_code == 404
    request_id = await pool.fetchval("SELECT id FROM account_requests")
    base = f"/helpdesk/staf/akun/{request_id}"

    async with client("helpdesk.depok") as other:
        assert (await other.get(base)).status_code == 404, "another LPSE's request is not found"
        assert (await other.post(f"{base}/verifikasi", data={"cek": CHECKLIST})).status_code == 404
        assert (await other.get("/helpdesk/staf/akun/bukan-uuid")).status_code == 404
    async with client("helpdesk.magelang") as officer:
        short = await officer.post(f"{base}/verifikasi", data={"cek": CHECKLIST[:-1]}, follow_redirects=True)
        assert "Centang setiap persyaratan MGL-O yang sudah diperiksa." in short.text
        verified = await officer.post(f"{base}/verifikasi", data={"cek": CHECKLIST}, follow_redirects=True)
        assert "Berkas diverifikasi, menunggu verifikasi akun INAPROC" in verified.text
        done = await officer.post(f"{base}/inaproc", follow_redirects=True)
        assert 'id="status">Selesai<' in done.text
    completed = (await published(nc, "helpdesk.magelang.account_request.completed.v1"))[0]
    assert (completed["username"], completed["within_deadline"]) == (None, True)
    info = await nc.jetstream().stream_info("HELPDESK", subjects_filter="helpdesk.magelang.account_request.>")
    assert "helpdesk.magelang.account_request.approved.v1" not in (info.state.subjects or {}), "no platform account"
    async with client() as person:
        page = (await person.get(status_path)).text
    assert "Akun INAPROC Anda berada di <strong>akun.inaproc.id</strong>" in page and 'id="username"' not in page
