"""Ubah jadwal (DPK-2c) through the helpdesk's pages on the integration tier's PostgreSQL and NATS: what each step
stores (the request, its letter in the object store, the audit rows, the facts in the outbox, the durable timers)
and what a refusal does not store."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from helpdesk.app import create_app, schedule_deadline_due
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.staff import SESSION_COOKIE
from lpse_runtime.timers import Timer, TimerWorker
from services.helpdesk.tests.fixtures_b import REPORT
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration

LINK_SECRET = "schedule-pages-link-secret"
AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 2 December 2026, 10.00 WIB
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
STAFF: dict[str, tuple[str, str]] = {
    "pokja.depok": ("pokja", "depok"),
    "helpdesk.depok": ("helpdesk", "depok"),
    "adminppe.depok": ("admin_ppe", "depok"),
    "kepala.depok": ("kepala_lpse", "depok"),
    "pokja.temanggung": ("pokja", "temanggung"),
    "auditorpaket.depok": ("auditor_paket", "depok"),
}
REQUEST = {
    "email": "pokja.depok@contoh.go.id",
    "tender_id": "10012345000",
    "tender_name": "Pembangunan Gedung Kantor Kelurahan Beji",
    "stage": "batas_akhir_upload",
    "old_at": "2026-12-04T10:00",
    "new_at": "2026-12-07T10:00",
    "reason": "Adendum dokumen pemilihan memerlukan tambahan waktu bagi penyedia.",
}
LETTER = [("letter", ("surat-permohonan.png", PNG, "image/png"))]


@dataclass
class Site:
    """The running helpdesk, its clock and a signed-in client per staff member."""

    app: FastAPI
    clock: SettableClock
    cookies: dict[str, str]

    def client(self, username: str | None = None) -> SiteClient:
        """A browser-like client signed in as this staff member (or nobody: the requester's status page)."""
        cookies = {SESSION_COOKIE: self.cookies[username]} if username else {}
        transport = httpx.ASGITransport(app=self.app, client=("10.2.0.1", 40000))
        return SiteClient(transport=transport, base_url="http://helpdesk", cookies=cookies, follow_redirects=False)

    @property
    def pool(self) -> asyncpg.Pool:
        pool: asyncpg.Pool = self.app.state.runtime.pool
        return pool

    async def file(self, **changes: str) -> httpx.Response:
        """The Pokja's request sent from the signed-in form, with the signed letter."""
        async with self.client("pokja.depok") as pokja:
            await pokja.get("/helpdesk/staf/jadwal/baru")
            data = {**REQUEST, **changes, "submission_key": str(uuid.uuid4())}
            return await pokja.post("/helpdesk/staf/jadwal/baru", data=data, files=LETTER)

    async def stored(self) -> tuple[int, ...]:
        """How many requests, letters, facts, audit rows and timers there are."""
        return tuple(
            [
                await self.pool.fetchval(f"SELECT count(*) FROM {table}")
                for table in ("schedule_changes", "schedule_change_letters", "outbox", "audit_log", "timers")
            ]
        )

    async def facts(self, kind: str) -> list[dict[str, Any]]:
        """The payloads of one kind of schedule-change fact in the outbox, oldest first."""
        rows = await self.pool.fetch(
            "SELECT payload FROM outbox WHERE subject = $1 ORDER BY id", f"helpdesk.depok.schedule_change.{kind}.v1"
        )
        return [json.loads(r["payload"]) for r in rows]

    async def act(self, username: str, change_id: uuid.UUID, action: str, **data: str | list[str]) -> str:
        """Press a button on the request's staff page; returns where it led (with a refusal, if any)."""
        async with self.client(username) as staff:
            await staff.get(f"/helpdesk/staf/jadwal/{change_id}")
            sent = await staff.post(f"/helpdesk/staf/jadwal/{change_id}/{action}", data=data)
        assert sent.status_code == 303, sent.text
        return unquote(str(sent.headers["location"]))


@pytest.fixture
async def site(infra: Infra, nc: Client) -> AsyncIterator[Site]:
    """The helpdesk with its relay off (facts stay in the outbox), staff sessions from AT."""
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    cookies = {name: await staff_session(infra, name, [grant], now=AT, full_name=name) for name, grant in STAFF.items()}
    settings = Settings(database_url=url, nats_url=infra.nats_url, link_secret=LINK_SECRET, timer_poll_seconds=3600)
    clock = SettableClock(AT)
    app = create_app(settings, clock=clock)
    await app.state.runtime.start(relay=False)
    try:
        yield Site(app, clock, cookies)
    finally:
        await app.state.runtime.stop()


def token_of(location: str) -> str:
    return re.sub(r"^.*/helpdesk/jadwal/", "", location).split("?")[0]


async def filed(site: Site, **changes: str) -> tuple[uuid.UUID, str]:
    """A request filed; (its id, its status token)."""
    sent = await site.file(**changes)
    assert sent.status_code == 303, sent.text
    token = token_of(sent.headers["location"])
    row = await site.pool.fetchrow(
        "SELECT id FROM schedule_changes WHERE tender_id = $1", changes.get("tender_id", REQUEST["tender_id"])
    )
    return row["id"], token


async def test_a_filed_request_is_stored_announced_audited_and_timed(site: Site) -> None:
    change_id, token = await filed(site)
    row = await site.pool.fetchrow("SELECT * FROM schedule_changes WHERE id = $1", change_id)
    assert (row["status"], row["channel"], row["requester_username"]) == ("diajukan", "web", "pokja.depok")
    assert row["due_at"] == AT + timedelta(minutes=15)
    (fact,) = await site.facts("requested")
    assert (fact["tender_id"], fact["stage"], fact["channel"]) == ("10012345000", "batas_akhir_upload", "web")
    assert fact["reference"].startswith("JDW-")
    assert datetime.fromisoformat(fact["due_at"]) == AT + timedelta(minutes=15)
    assert datetime.fromisoformat(fact["new_at"]) == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert "Pembangunan" not in json.dumps(fact) and "Adendum" not in json.dumps(fact)  # text stays in the table
    link = LinkBox(LINK_SECRET).open(fact["status_url"])
    assert link.endswith(f"/helpdesk/jadwal/{token}")
    audit = await site.pool.fetch("SELECT actor_id, action, after FROM audit_log WHERE entity = 'schedule_change'")
    assert [tuple(r) for r in audit] == [("pokja.depok", "ajukan", "diajukan")]
    timers = await site.pool.fetch(
        "SELECT kind, fire_at FROM timers WHERE subject_id = $1 ORDER BY fire_at", str(change_id)
    )
    assert [tuple(t) for t in timers] == [
        ("jadwal.pengingat", AT + timedelta(minutes=12)),
        ("jadwal.tenggat", AT + timedelta(minutes=15)),
    ]
    letter = await site.pool.fetchrow("SELECT * FROM schedule_change_letters WHERE change_id = $1", change_id)
    store = site.app.state.runtime.broker.config.connection_state.stream
    kept = await (await store.object_store("HELPDESK_ATTACHMENTS")).get(letter["object_name"])
    assert kept.data == PNG and letter["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"stage": "penetapan_pemenang"}, "stage", "Pilih tahapan"),
        ({"new_at": "2026-12-01T10:00"}, "new_at", "Waktu baru sudah lewat"),
        ({"new_at": "2026-12-03T10:00"}, "new_at", "Waktu baru harus setelah waktu lama"),
        ({"reason": "Penyedia dengan NIK 3276012345678901 meminta."}, "reason", "Jangan menuliskan NIK/NPWP"),
    ],
)
async def test_a_refused_request_stores_nothing(site: Site, changes: dict[str, str], field: str, says: str) -> None:
    before = await site.stored()
    sent = await site.file(**changes)
    assert sent.status_code == 422
    assert f'id="{field}-error"' in sent.text and says in sent.text
    assert await site.stored() == before


async def test_a_tender_with_an_open_change_is_refused_naming_it(site: Site) -> None:
    await filed(site)
    reference = await site.pool.fetchval("SELECT reference FROM schedule_changes")
    before = await site.stored()
    sent = await site.file(new_at="2026-12-08T10:00")
    assert sent.status_code == 422
    assert f"Perubahan jadwal tender ini masih diproses: {reference}." in sent.text
    assert await site.stored() == before


async def test_a_letter_that_is_not_a_pdf_or_picture_is_refused(site: Site) -> None:
    before = await site.stored()
    async with site.client("pokja.depok") as pokja:
        await pokja.get("/helpdesk/staf/jadwal/baru")
        data = {**REQUEST, "submission_key": str(uuid.uuid4())}
        sent = await pokja.post(
            "/helpdesk/staf/jadwal/baru", data=data, files=[("letter", ("surat.pdf", b"MZ\x90\x00", "application/pdf"))]
        )
    assert sent.status_code == 422 and 'id="letter-error"' in sent.text
    assert await site.stored() == before


async def test_returned_resubmitted_escalated_and_approved(site: Site) -> None:
    change_id, token = await filed(site)
    await site.act("helpdesk.depok", change_id, "klaim")
    site.clock.set(AT + timedelta(minutes=5))
    await site.act("helpdesk.depok", change_id, "kembalikan", kurang=["surat_tidak_terbaca"], catatan="")
    row = await site.pool.fetchrow("SELECT status, clock_stopped_at FROM schedule_changes WHERE id = $1", change_id)
    assert (row["status"], row["clock_stopped_at"]) == ("dikembalikan", AT + timedelta(minutes=5))
    pending = await site.pool.fetchval("SELECT count(*) FROM timers WHERE cancelled_at IS NULL AND fired_at IS NULL")
    assert pending == 0
    (returned,) = await site.facts("returned")
    assert returned["missing"] == ["Surat tidak terbaca"]

    site.clock.set(AT + timedelta(minutes=10))
    async with site.client() as pokja:
        await pokja.get(f"/helpdesk/jadwal/{token}")
        without_letter = await pokja.post(f"/helpdesk/jadwal/{token}/lengkapi", data={**REQUEST})
        assert without_letter.status_code == 422 and 'id="letter-error"' in without_letter.text
        sent = await pokja.post(
            f"/helpdesk/jadwal/{token}/lengkapi", data={**REQUEST, "new_at": "2026-12-08T10:00"}, files=LETTER
        )
    assert sent.status_code == 303, sent.text
    (resubmitted,) = await site.facts("resubmitted")
    assert datetime.fromisoformat(resubmitted["due_at"]) == AT + timedelta(minutes=25)  # a fresh 15 minutes
    assert await site.pool.fetchval("SELECT due_at FROM schedule_changes WHERE id = $1", change_id) == AT + timedelta(
        minutes=25
    )
    fresh = await site.pool.fetch(
        "SELECT kind, fire_at FROM timers WHERE cancelled_at IS NULL AND fired_at IS NULL ORDER BY fire_at"
    )
    assert [tuple(t) for t in fresh] == [
        ("jadwal.pengingat", AT + timedelta(minutes=22)),
        ("jadwal.tenggat", AT + timedelta(minutes=25)),
    ]

    await site.act("helpdesk.depok", change_id, "klaim")
    await site.act("helpdesk.depok", change_id, "eskalasi")
    refused = await site.act("helpdesk.depok", change_id, "klaim")
    assert "galat=Permohonan ini sedang di meja Admin PPE." in refused
    await site.act("adminppe.depok", change_id, "klaim")
    site.clock.set(AT + timedelta(minutes=12))
    await site.act("adminppe.depok", change_id, "setujui", set_at="2026-12-08T10:00", changed_at="2026-12-02T10:11")
    (approved,) = await site.facts("approved")
    assert datetime.fromisoformat(approved["new_at"]) == datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
    assert datetime.fromisoformat(approved["changed_in_spse_at"]) == datetime(2026, 12, 2, 3, 11, tzinfo=UTC)
    assert approved["within_deadline"] is True
    actions = await site.pool.fetch(
        "SELECT actor_id, action FROM audit_log WHERE entity = 'schedule_change' ORDER BY id"
    )
    assert [tuple(a) for a in actions] == [
        ("pokja.depok", "ajukan"),
        ("helpdesk.depok", "klaim"),
        ("helpdesk.depok", "kembalikan"),
        ("pokja.depok", "ajukan_ulang"),
        ("helpdesk.depok", "klaim"),
        ("helpdesk.depok", "eskalasi"),
        ("adminppe.depok", "klaim"),
        ("adminppe.depok", "setujui"),
    ]
    async with site.client() as pokja:
        page = await pokja.get(f"/helpdesk/jadwal/{token}")
    assert "Data jadwal lelang/tender yang diubah" in page.text
    assert "8 Desember 2026 10.00 WIB" in page.text and "2 Desember 2026 10.11 WIB" in page.text
    assert "Dieskalasi ke Admin PPE" in page.text and "Admin PPE (adminppe.depok)" in page.text


async def test_refusal_needs_a_reason_and_reaches_the_status_page(site: Site) -> None:
    change_id, token = await filed(site)
    await site.act("helpdesk.depok", change_id, "klaim")
    await site.act("helpdesk.depok", change_id, "eskalasi")
    await site.act("adminppe.depok", change_id, "klaim")
    before = await site.stored()
    assert "galat=Tuliskan alasan penolakan." in await site.act("adminppe.depok", change_id, "tolak", alasan="")
    assert await site.stored() == before
    await site.act("adminppe.depok", change_id, "tolak", alasan="Tahapan pembukaan penawaran sudah dimulai di SPSE.")
    (refused,) = await site.facts("refused")
    assert refused["reason"] == "Tahapan pembukaan penawaran sudah dimulai di SPSE."
    async with site.client() as pokja:
        page = await pokja.get(f"/helpdesk/jadwal/{token}")
    assert "Ditolak" in page.text and "Tahapan pembukaan penawaran sudah dimulai di SPSE." in page.text
    # the tender is free again for a new request
    assert (await site.file(new_at="2026-12-09T10:00")).status_code == 303


async def test_the_clock_reminds_at_80_percent_and_breaches_at_15_minutes(site: Site) -> None:
    change_id, _ = await filed(site)

    async def fire(conn: asyncpg.Connection, timer: Any, now: datetime) -> None:
        await schedule_deadline_due(site.app.state.runtime, conn, timer, now)

    worker = TimerWorker(
        site.pool, SettableClock(AT + timedelta(minutes=12)), fire, kinds=("jadwal.pengingat", "jadwal.tenggat")
    )
    assert await worker.fire_due() == 1
    assert len(await site.facts("deadline_approaching")) == 1
    assert await site.facts("deadline_breached") == []
    late = TimerWorker(
        site.pool, SettableClock(AT + timedelta(minutes=15)), fire, kinds=("jadwal.pengingat", "jadwal.tenggat")
    )
    assert await late.fire_due() == 1
    (breach,) = await site.facts("deadline_breached")
    assert datetime.fromisoformat(breach["due_at"]) == AT + timedelta(minutes=15)
    assert breach["clock_label"] == "Penyelesaian layanan"
    breached = await site.pool.fetchval("SELECT breached_at FROM schedule_changes WHERE id = $1", change_id)
    assert breached == AT + timedelta(minutes=15)
    site.clock.set(AT + timedelta(minutes=20))
    async with site.client("kepala.depok") as head:
        queue = await head.get("/helpdesk/staf/jadwal/")
    assert "terlambat 5 menit · jatuh tempo 2 Desember 2026 10.15 WIB" in queue.text
    assert '<span class="badge late">Terlambat</span>' in queue.text


async def test_a_timer_of_a_returned_request_publishes_nothing(site: Site) -> None:
    change_id, _ = await filed(site)
    await site.act("helpdesk.depok", change_id, "klaim")
    await site.act("helpdesk.depok", change_id, "kembalikan", kurang=["alasan_belum_diisi"], catatan="")
    before = await site.stored()
    # A breach timer the worker had already locked when the return cancelled it: the request is no longer timed.
    stale = Timer(uuid.uuid4(), "jadwal.tenggat", str(change_id), "penyelesaian", AT + timedelta(minutes=15), {})
    async with site.pool.acquire() as conn:
        await schedule_deadline_due(site.app.state.runtime, conn, stale, AT + timedelta(minutes=15))
    assert await site.stored() == before
    assert await site.pool.fetchval("SELECT breached_at FROM schedule_changes") is None


async def test_the_queue_shows_time_left_and_due_nearest_first(site: Site) -> None:
    await filed(site)
    site.clock.set(AT + timedelta(minutes=3))
    await filed(site, tender_id="10099999000", tender_name="Pengadaan Alat Tulis Kantor")
    site.clock.set(AT + timedelta(minutes=4))
    async with site.client("adminppe.depok") as desk:
        page = await desk.get("/helpdesk/staf/jadwal/")
    assert page.status_code == 200
    first, second = page.text.index("10012345000"), page.text.index("10099999000")
    assert first < second
    assert "sisa 11 menit kerja · jatuh tempo 2 Desember 2026 10.15 WIB" in page.text
    assert "sisa 14 menit kerja · jatuh tempo 2 Desember 2026 10.18 WIB" in page.text


async def test_an_lpse_without_the_service_says_so(site: Site) -> None:
    async with site.client("pokja.temanggung") as pokja:
        page = await pokja.get("/helpdesk/staf/jadwal/baru")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "tidak memuat layanan perubahan jadwal" in page.text


async def test_the_counter_records_a_request_with_nip(site: Site) -> None:
    async with site.client("helpdesk.depok") as desk:
        await desk.get("/helpdesk/staf/jadwal/catat")
        data = {
            **REQUEST,
            "requester_name": "Andi Saputra",
            "nip": "198503152010011003",
            "submission_key": str(uuid.uuid4()),
        }
        bad = await desk.post("/helpdesk/staf/jadwal/catat", data={**data, "nip": "198513152010011003"}, files=LETTER)
        assert bad.status_code == 422 and "NIP tidak valid" in bad.text
        sent = await desk.post("/helpdesk/staf/jadwal/catat", data=data, files=LETTER)
    assert sent.status_code == 303
    row = await site.pool.fetchrow(
        "SELECT channel, requester_nip, recorded_by, requester_username FROM schedule_changes"
    )
    assert tuple(row) == ("datang_langsung", "198503152010011003", "helpdesk.depok", None)
    (fact,) = await site.facts("requested")
    assert fact["channel"] == "datang_langsung" and "198503152010011003" not in json.dumps(fact)


async def test_an_auditor_reads_only_its_tenders_in_its_period_and_every_read_is_audited(
    site: Site, infra: Infra
) -> None:
    change_id, _ = await filed(site)
    other_id, _ = await filed(site, tender_id="10099999000")
    await site.pool.execute(
        """INSERT INTO auditor_access (request_id, lpse, username, tenders, access_from, access_until, granted_at)
           VALUES ($1, 'depok', 'auditorpaket.depok', $2, $3, $4, $5)""",
        uuid.uuid4(), ["10012345000"], date(2026, 12, 1), date(2026, 12, 3), AT,
    )  # fmt: skip
    async with site.client("auditorpaket.depok") as auditor:
        listing = await auditor.get("/helpdesk/staf/audit/jadwal/")
        one = await auditor.get(f"/helpdesk/staf/audit/jadwal/{change_id}")
        outside = await auditor.get(f"/helpdesk/staf/audit/jadwal/{other_id}")
        desk = await auditor.get("/helpdesk/staf/jadwal/")
    assert listing.status_code == 200 and "10012345000" in listing.text and "10099999000" not in listing.text
    assert one.status_code == 200 and "Hanya baca" in one.text
    assert outside.status_code == 404 and "tidak ditemukan" in outside.text
    assert desk.status_code == 403
    reads = await site.pool.fetch(
        "SELECT actor_id, entity_id FROM audit_log WHERE action = 'dibaca_auditor' ORDER BY id"
    )
    assert [tuple(r) for r in reads] == [("auditorpaket.depok", str(change_id))] * 2
    later = AT + timedelta(days=2)  # 4 December: the period has ended
    site.clock.set(later)
    site.cookies["auditorpaket.depok"] = await staff_session(infra, "auditorpaket.depok", [], now=later)
    async with site.client("auditorpaket.depok") as auditor:
        expired = await auditor.get(f"/helpdesk/staf/audit/jadwal/{change_id}")
    assert expired.status_code == 403 and "Masa akses auditor" in expired.text


async def test_the_ticket_form_no_longer_takes_an_ubah_jadwal_report(site: Site) -> None:
    before = await site.stored()
    async with site.client() as reporter:
        await reporter.get("/helpdesk/depok/")
        data = {**REPORT, "category": "ubah_jadwal", "submission_key": str(uuid.uuid4())}
        sent = await reporter.post("/helpdesk/depok/", data=data)
    assert sent.status_code == 422 and "Pilih jenis permasalahan yang dilayani LPSE ini." in sent.text
    assert await site.stored() == before
    assert await site.pool.fetchval("SELECT count(*) FROM tickets") == 0
