"""Temanggung TMG-2 on the real PostgreSQL and JetStream, worked on the pages: a PPK's file without the Sertifikat
Dasar PBJ is refused beside the field and stores nothing; the complete file goes Front Office → Kabag PBJ's
disposition → Admin Agency prepares → the same officer's check is refused → a second officer confirms; identity's
`created` (delivered twice) completes it once, and the status page shows the username and never a password."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
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
AT = datetime(2026, 12, 3, 10, 0, tzinfo=WIB)  # Thursday 10.00 WIB: due Monday 08.00 (2 x 24 jam)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSON = {
    "service_id": "TMG-2",
    "name": "Siti Rahayu",
    "nip": "198703122010012003",
    "unit": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "role": "ppk",
    "email": "siti.rahayu@contoh.id",
    "phone": "081234567890",
}
DOCS = {"surat_tugas_sk_penunjukan": PDF, "formulir_pengajuan_akun": PDF}
STAFF = {
    "helpdesk.temanggung": "helpdesk",
    "kepala.temanggung": "kepala_lpse",
    "adminagency.temanggung": "admin_agency",
    "adminagency2.temanggung": "admin_agency",
}


@dataclass
class Desk:
    """The helpdesk app and a signed-in client per officer."""

    app: FastAPI
    transport: httpx.ASGITransport
    cookies: dict[str, str]

    def client(self, username: str | None = None) -> SiteClient:
        cookies = {SESSION_COOKIE: self.cookies[username]} if username else {}
        return SiteClient(transport=self.transport, base_url="http://helpdesk", cookies=cookies)

    @property
    def pool(self) -> asyncpg.Pool:
        pool: asyncpg.Pool = self.app.state.runtime.pool
        return pool


@pytest.fixture
async def desk(infra: Infra, nc: Client) -> AsyncIterator[Desk]:
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {name: await staff_session(infra, name, [(role, "temanggung")], now=AT) for name, role in STAFF.items()}
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(AT))
    async with app.router.lifespan_context(app):
        yield Desk(app, httpx.ASGITransport(app=app), cookies)


def uploads(docs: dict[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [(f"doc_{code}", (f"{code}.pdf", content, "application/pdf")) for code, content in docs.items()]


async def counts(pool: asyncpg.Pool) -> tuple[int, int, int]:
    return (
        await pool.fetchval("SELECT count(*) FROM account_requests"),
        await pool.fetchval("SELECT count(*) FROM account_request_documents"),
        await pool.fetchval("SELECT count(*) FROM outbox"),
    )


async def test_a_ppk_account_with_the_second_officers_check(desk: Desk, nc: Client) -> None:
    async with desk.client() as person:
        form = await person.get("/helpdesk/temanggung/akun/?layanan=TMG-2")
        assert "Sertifikat Dasar Pengadaan Barang/Jasa" in form.text and "Ajukan permohonan" in form.text
        missing = await person.post(
            "/helpdesk/temanggung/akun/", data={**PERSON, "submission_key": str(uuid.uuid4())}, files=uploads(DOCS)
        )
        assert missing.status_code == 422
        assert 'id="doc_sertifikat_dasar_pbj-error">Unggah Sertifikat Dasar Pengadaan Barang/Jasa.<' in missing.text
        assert await counts(desk.pool) == (0, 0, 0), "a refused form stores nothing"
        sent = await person.post(
            "/helpdesk/temanggung/akun/",
            data={**PERSON, "submission_key": str(uuid.uuid4())},
            files=uploads({**DOCS, "sertifikat_dasar_pbj": PDF}),
        )
        assert sent.status_code == 303, sent.text
        status_path = sent.headers["location"].split("?")[0]
        page = (await person.get(status_path)).text
        assert "Berkas lengkap" not in page and "paling lambat 7 Desember 2026 08.00 WIB" in page
    request_id = await desk.pool.fetchval("SELECT id FROM account_requests")
    requested = (await published(nc, "helpdesk.temanggung.account_request.requested.v1"))[0]
    assert datetime.fromisoformat(requested["due_at"]) == datetime(2026, 12, 7, 8, 0, tzinfo=WIB)
    assert "198703122010012003" not in json.dumps(requested), "no NIP on the bus"
    base = f"/helpdesk/staf/akun/{request_id}"

    async with desk.client("helpdesk.temanggung") as front:
        await front.post(f"{base}/klaim")
        checked = await front.post(f"{base}/periksa", data={"hasil": "lengkap"}, follow_redirects=True)
        assert "Berkas lengkap, menunggu disposisi Kabag PBJ" in checked.text
    async with desk.client("kepala.temanggung") as kabag:
        await kabag.post(f"{base}/disposisi")
    async with desk.client("adminagency.temanggung") as preparer:
        await preparer.post(f"{base}/siapkan", data={"username": "siti.ppk"})
        own = await preparer.post(f"{base}/cek-ulang", data={"hasil": "benar"}, follow_redirects=True)
        assert "Pengecekan ulang harus dilakukan oleh petugas lain, bukan pembuat akun" in own.text
        assert "Akun disiapkan, menunggu pengecekan ulang petugas lain" in own.text
    async with desk.client("adminagency2.temanggung") as checker:
        confirmed = await checker.post(f"{base}/cek-ulang", data={"hasil": "benar"}, follow_redirects=True)
        assert "Disetujui, akun sedang dibuat" in confirmed.text
    approved = (await published(nc, "helpdesk.temanggung.account_request.approved.v1"))[0]
    assert (approved["username"], approved["staff_role"], approved["account_email"]) == (
        "siti.ppk",
        "ppk",
        "siti.rahayu@contoh.id",
    )
    assert (approved["prepared_by"], approved["checked_by"]) == ("adminagency.temanggung", "adminagency2.temanggung")

    created = InternalAccountCreatedV1(
        occurred_at=AT,
        lpse="temanggung",
        correlation_id=request_id,
        actor=Actor.system("identity"),
        account_id=uuid.uuid4(),
        username="siti.ppk",
        request_id=request_id,
        name="Siti Rahayu",
        role="ppk",
        email="siti.rahayu@contoh.id",
    )
    js = nc.jetstream()
    await js.publish(created.subject, created.model_dump_json().encode())
    again = created.model_copy(update={"event_id": uuid.uuid4()})  # a second word of the same account
    await js.publish(again.subject, again.model_dump_json().encode())

    async def handled_both() -> bool:
        return bool(await desk.pool.fetchval("SELECT count(*) = 2 FROM inbox"))

    await eventually(handled_both, what="identity's two answers handled")
    completed = (await published(nc, "helpdesk.temanggung.account_request.completed.v1", count=1))[0]
    assert (completed["username"], completed["within_deadline"]) == ("siti.ppk", True)
    assert await desk.pool.fetchval("SELECT status FROM account_requests") == "selesai"
    audit = [
        tuple(r)
        for r in await desk.pool.fetch(
            "SELECT action, before, after FROM audit_log WHERE entity = 'account_request' ORDER BY id"
        )
    ]
    assert [a for a in audit if a[0] != "klaim"] == [
        ("ajukan", None, "diajukan"),
        ("lengkap", "diajukan", "menunggu_disposisi"),
        ("disposisi", "menunggu_disposisi", "didisposisi"),
        ("siapkan", "didisposisi", "disiapkan"),
        ("konfirmasi", "disiapkan", "disetujui"),
        ("akun_dibuat", "disetujui", "selesai"),
    ]
    async with desk.client() as person:
        page = (await person.get(status_path)).text
    assert 'id="username"><strong>siti.ppk</strong>' in page
    assert "Tautan untuk mengatur kata sandi dikirim terpisah" in page
    assert re.search(r"Kabag PBJ selaku Kepala LPSE · \d+ Desember 2026 \d\d\.\d\d WIB", page)
    assert "adminagency" not in page, "the requester reads the post that acted, not the officer's account"
