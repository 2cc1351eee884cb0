"""Temanggung TMG-1 (§11.3): Front office → Verifikator LPSE → "difasilitasi untuk diselesaikan di LKPP", worked on
the staff's complaint pages: each level claims it, LKPP's outcome is recorded by staff, the response and the
resolution reach the status page (the survey invited, sealed), and internal notes never do."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from nats.aio.client import Client

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.settings import REPO_ROOT
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, eventually, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")


async def test_front_office_verifier_lkpp_and_back_to_a_resolution(infra: Infra, nc: Client) -> None:
    await reset_identity(infra, "helpdesk")
    url = await reset_schema(infra, "helpdesk")
    settings = Settings(database_url=url, nats_url=infra.nats_url, lpse_dir=Path(REPO_ROOT / "deploy" / "lpse"))
    clock = SettableClock(datetime(2026, 12, 7, 9, 0, tzinfo=WIB))
    app = create_app(settings, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app):
        pool = app.state.runtime.pool
        async with SiteClient(transport=transport, base_url="http://helpdesk") as pengadu:
            sent = await pengadu.post(
                "/helpdesk/temanggung/pengaduan/",
                data={
                    "name": "Sri Lestari",
                    "email": "sri@contoh.co.id",
                    "service_id": "TMG-1",
                    "service_date": "2026-12-01",
                    "description": "Verifikasi berkas tidak selesai dalam 10 menit.",
                },
            )
            status_path = sent.headers["location"].split("?")[0]
            page = (await pengadu.get(status_path)).text
            assert 'id="level">Front office<' in page
            assert "tidak menetapkan jangka waktu tanggapan pengaduan" in page, "Temanggung states no clock"
        complaint = str(await pool.fetchval("SELECT id FROM complaints"))
        base = f"/helpdesk/staf/pengaduan/{complaint}"

        async def as_staff(username: str, role: str) -> SiteClient:
            cookie = await staff_session(infra, username, [(role, "temanggung")], now=clock.now())
            return SiteClient(transport=transport, base_url="http://helpdesk", cookies={SESSION_COOKIE: cookie})

        async with await as_staff("helpdesk.temanggung", "helpdesk") as front:
            queue = (await front.get("/helpdesk/staf/pengaduan/")).text
            assert "Antrean pengaduan · LPSE Kabupaten Temanggung" in queue and complaint in queue
            await front.post(f"{base}/klaim")
            await front.post(f"{base}/tanggapi", data={"hasil": "lengkap"})
            page = (await front.get(base)).text
            assert "Eskalasi ke Verifikator LPSE" in page
            await front.post(f"{base}/catatan", data={"text": "Berkas asli tertinggal di meja depan."})
            escalated = await front.post(f"{base}/eskalasi", data={"ke": "lpse"}, follow_redirects=True)
            assert 'id="level">Verifikator LPSE<' in escalated.text and 'id="holder">—<' in escalated.text
            refused = await front.post(f"{base}/klaim", follow_redirects=True)
            assert "Pengaduan ini sedang di tingkat Verifikator LPSE." in refused.text

        async with await as_staff("verifikator.temanggung", "verifikator") as verifier:
            await verifier.post(f"{base}/klaim")
            page = (await verifier.get(base)).text
            assert "Eskalasi ke LKPP" in page
            at_lkpp = await verifier.post(f"{base}/eskalasi", data={"ke": "lkpp"}, follow_redirects=True)
            assert "Difasilitasi untuk diselesaikan di LKPP" in at_lkpp.text
            await verifier.post(f"{base}/hasil-lkpp", data={"text": "LKPP: akun diaktifkan dari pusat."})
            await verifier.post(f"{base}/respon", data={"text": "Akun Anda sudah aktif, difasilitasi LKPP."})
            resolved = await verifier.post(f"{base}/selesaikan", data={"text": "Selesai."}, follow_redirects=True)
            assert '<span class="badge" id="status">Selesai</span>' in resolved.text

        async with SiteClient(transport=transport, base_url="http://helpdesk") as pengadu:
            page = (await pengadu.get(status_path)).text
        assert "Akun Anda sudah aktif, difasilitasi LKPP." in page and "LKPP: akun diaktifkan dari pusat." in page
        assert "Berkas asli tertinggal" not in page, "an internal note stays internal"
        assert "Isi Survei Kepuasan Masyarakat" in page and "/helpdesk/survei/temanggung/pengaduan/" in page

        async def drained() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

        await eventually(drained, what="the complaint's facts to be published")
        js = nc.jetstream()
        escalation = json.loads(
            (await js.get_last_msg("HELPDESK", "helpdesk.temanggung.complaint.escalated.v1")).data or b"{}"
        )
        assert (escalation["from_label"], escalation["to_label"], escalation["to_role"]) == (
            "Verifikator LPSE",
            "LKPP",
            "lkpp",
        )
        done = json.loads(
            (await js.get_last_msg("HELPDESK", "helpdesk.temanggung.complaint.resolved.v1")).data or b"{}"
        )
        survey = LinkBox(settings.link_secret).open(done["survey_url"])
        assert survey.startswith(f"{settings.public_base_url}/helpdesk/survei/temanggung/pengaduan/{complaint}/")
        steps = [
            tuple(r) for r in await pool.fetch("SELECT actor_id, action, before, after FROM audit_log ORDER BY id")
        ]
        assert steps == [
            ("sri@contoh.co.id", "submit", None, "received"),
            ("helpdesk.temanggung", "claim", "received", "received"),
            ("helpdesk.temanggung", "acknowledge_complete", "received", "acknowledged"),
            ("helpdesk.temanggung", "note", "acknowledged", "acknowledged"),
            ("helpdesk.temanggung", "escalate", "acknowledged", "acknowledged"),
            ("verifikator.temanggung", "claim", "acknowledged", "acknowledged"),
            ("verifikator.temanggung", "forward_to_lkpp", "acknowledged", "at_lkpp"),
            ("verifikator.temanggung", "lkpp_outcome", "at_lkpp", "acknowledged"),
            ("verifikator.temanggung", "respond", "acknowledged", "responded"),
            ("verifikator.temanggung", "resolve", "responded", "resolved"),
        ]
