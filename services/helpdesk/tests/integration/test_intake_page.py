"""The public report page through the real app: the category's deadline as its standard writes it, a message beside
a bad field with nothing kept, a report with an attachment answered by the receipt naming where the link went."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client
from PIL import Image

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from services.helpdesk.tests.fixtures_b import REPORT, SETTINGS
from tests.support import Infra, SiteClient, reset_schema

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The helpdesk app on a fresh schema and topology."""
    settings = Settings(
        database_url=await reset_schema(infra, "helpdesk"), nats_url=infra.nats_url, link_secret=SETTINGS.link_secret
    )
    created = create_app(settings, clock=SettableClock(AT))
    async with created.router.lifespan_context(created):
        yield created


def client(app: FastAPI) -> SiteClient:
    return SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://helpdesk")


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


async def test_the_form_states_each_categorys_deadline_and_links_the_complaint_form(app: FastAPI) -> None:
    async with client(app) as person:
        page = (await person.get("/helpdesk/depok/")).text
    assert "Laporan ke helpdesk · LPSE Kota Depok" in page
    assert "batas waktu: 1 x 24 jam (DPK-1c)" in page
    # ubah jadwal (DPK-2c) and uji forensik (DPK-2d) have forms of their own: linked, no longer offered as categories
    assert 'value="ubah_jadwal"' not in page and 'value="uji_forensik"' not in page
    assert '<a href="/helpdesk/staf/jadwal/baru">Ajukan perubahan jadwal tender</a>' in page
    assert '<a href="/helpdesk/staf/forensik/baru">Ajukan uji forensik</a>' in page
    assert 'href="/helpdesk/depok/pengaduan/"' in page and "Pengaduan atas pelayanan" in page
    for label in ("Peran Anda", "Nama", "Nomor telepon (opsional)", "Uraian permasalahan", "Bahasa email"):
        assert f">{label}</label>" in page or f">{label} (" in page


async def test_a_bad_field_gets_its_message_and_nothing_is_kept(app: FastAPI) -> None:
    async with client(app) as person:
        answer = await person.post("/helpdesk/depok/", data={**REPORT, "summary": "NPWP 091234567891000 error"})
    assert answer.status_code == 422
    assert 'id="summary-error">Jangan menuliskan NIK/NPWP' in answer.text
    assert await app.state.runtime.pool.fetchval("SELECT count(*) FROM tickets") == 0


async def test_a_report_with_an_attachment_gets_its_receipt(app: FastAPI) -> None:
    async with client(app) as person:
        page = await person.get("/helpdesk/temanggung/")
        key = re.search(r'name="submission_key" value="([^"]+)"', page.text)
        assert key
        answer = await person.post(
            "/helpdesk/temanggung/",
            data={**REPORT, "submission_key": key.group(1)},
            files={"attachments": ("layar.png", png(), "image/png")},
        )
    assert answer.status_code == 200
    reference = re.search(r'id="ticket-reference">([A-Z0-9-]+)<', answer.text)
    assert reference and "Tautan halaman status telah dikirim ke admin@cvsentosa.co.id" in answer.text
    pool = app.state.runtime.pool
    assert await pool.fetchval("SELECT content_type FROM ticket_attachments") == "image/png"
    assert await pool.fetchval("SELECT reference FROM tickets") == reference.group(1)
