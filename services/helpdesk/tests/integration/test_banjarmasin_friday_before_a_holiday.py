"""Complaints on their clocks over real PostgreSQL and JetStream, driven through the helpdesk's pages.

Banjarmasin (WITA, Mon–Thu 08–16, Fri 08–16 with a break 11:30–13:00; national holidays Mon 17 Aug 2026 HUT RI and
Tue 25 Aug 2026 Maulid Nabi) runs two clocks from receipt: `tanggapan` 3 hari kerja (Pasal 8(5)) and `respon`
6 hari kerja (lampiran). The instants below were computed by hand (README, *Complaints*).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
import yaml
from fastapi import FastAPI
from nats.aio.client import Client

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.settings import REPO_ROOT
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, eventually, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
WITA, WIB = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jakarta")

COMPLAINT = {
    "name": "Rahmat Hidayat",
    "address": "Jl. Lambung Mangkurat No. 1, Banjarmasin",
    "email": "rahmat@contoh.co.id",
    "service_id": "BJM-1",
    "service_date": "2026-08-13",
    "description": "Aktivasi user ID tidak selesai dalam 30 menit seperti standar pelayanan.",
    "losses": "Tidak dapat mengikuti tender yang ditutup hari itu.",
    "remedy": "Aktivasi segera dan penjelasan tertulis.",
    "place": "Banjarmasin",
    "declaration": "ya",
    "signature": "Rahmat Hidayat",
}


@pytest.fixture
def lpse_dir(tmp_path: Path) -> Iterator[Path]:
    """The shipped profiles, copied so that a test may publish Banjarmasin's register."""
    target = tmp_path / "lpse"
    shutil.copytree(REPO_ROOT / "deploy" / "lpse", target)
    yield target


@asynccontextmanager
async def helpdesk(infra: Infra, clock: SettableClock, lpse_dir: Path) -> AsyncIterator[tuple[FastAPI, asyncpg.Pool]]:
    """The helpdesk service on fresh schemas, its timers polled often."""
    await reset_identity(infra, "helpdesk")
    url = await reset_schema(infra, "helpdesk")
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.05, lpse_dir=lpse_dir)
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        yield app, app.state.runtime.pool


def client(app: FastAPI, cookie: str | None = None) -> SiteClient:
    """A browser on the in-process service."""
    cookies = {SESSION_COOKIE: cookie} if cookie else None
    return SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://helpdesk", cookies=cookies)


async def submit(app: FastAPI, lpse: str, **fields: str) -> str:
    """Send the public complaint form; returns the status page's path."""
    async with client(app) as person:
        sent = await person.post(f"/helpdesk/{lpse}/pengaduan/", data={**COMPLAINT, **fields})
        assert sent.status_code == 303, sent.text
        return str(sent.headers["location"]).split("?")[0]


async def dues(pool: asyncpg.Pool) -> dict[str, datetime]:
    return {r["name"]: r["due_at"] for r in await pool.fetch("SELECT name, due_at FROM complaint_clocks")}


async def published(nc: Client, subject: str) -> dict[str, Any]:
    """The last fact published on a subject."""
    message = await nc.jetstream().get_last_msg("HELPDESK", subject)
    found: dict[str, Any] = json.loads(message.data or b"{}")
    return found


def named_dues(fact: dict[str, Any]) -> list[tuple[str, datetime]]:
    """The (clock, due instant) pairs a fact carries."""
    return [(d["name"], datetime.fromisoformat(d["due_at"])) for d in fact["dues"]]


async def test_both_clocks_fall_due_on_the_hand_computed_instants(infra: Infra, nc: Client, lpse_dir: Path) -> None:
    friday_1430 = datetime(2026, 8, 14, 14, 30, tzinfo=WITA)
    clock = SettableClock(friday_1430)
    async with helpdesk(infra, clock, lpse_dir) as (app, pool):
        status_path = await submit(app, "banjarmasin")
        # Sat/Sun closed, Mon 17 holiday → Tue 18 (1), Wed 19 (2), Thu 20 (3); Fri 21 (4), Mon 24 (5), Tue 25
        # holiday, Wed 26 (6).
        thursday_20_1430 = datetime(2026, 8, 20, 14, 30, tzinfo=WITA)
        wednesday_26_1430 = datetime(2026, 8, 26, 14, 30, tzinfo=WITA)
        assert await dues(pool) == {"tanggapan": thursday_20_1430, "respon": wednesday_26_1430}
        timers = {(r["clock"], r["kind"]): r["fire_at"] for r in await pool.fetch("SELECT * FROM timers")}
        assert timers == {
            ("tanggapan", "pengaduan.tenggat"): thursday_20_1430,
            ("respon", "pengaduan.tenggat"): wednesday_26_1430,
            # 80 % of 21 working hours (16.8 h) from Fri 14:30; of 41.5 h (33.2 h).
            ("tanggapan", "pengaduan.pengingat"): datetime(2026, 8, 20, 9, 18, tzinfo=WITA),
            ("respon", "pengaduan.pengingat"): datetime(2026, 8, 24, 13, 12, tzinfo=WITA),
        }

        async def announced() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

        await eventually(announced, what="the received fact to be published")
        fact = await published(nc, "helpdesk.banjarmasin.complaint.received.v1")
        assert named_dues(fact) == [("tanggapan", thursday_20_1430), ("respon", wednesday_26_1430)]
        assert (fact["late"], fact["days_since_service"], fact["service_id"]) == (False, 1, "BJM-1")
        assert "Rahmat" not in json.dumps(fact) and "Lambung" not in json.dumps(fact), "no name or address on the bus"
        async with client(app) as person:
            page = (await person.get(status_path)).text
        assert "paling lambat 20 Agustus 2026 14.30 WITA" in page and "paling lambat 26 Agustus 2026 14.30 WITA" in page

        # Tue 18 Aug 10:00: the verifier finds item b incomplete. The first answer is given (tanggapan stops);
        # respon pauses with what is left: Tue 5 + Wed 7 + Thu 7 + Fri 6.5 + Mon 7 + Wed 5.5 = 38 working hours.
        clock.set(datetime(2026, 8, 18, 10, 0, tzinfo=WITA))
        cookie = await staff_session(
            infra, "verifikator.banjarmasin", [("verifikator", "banjarmasin")], now=clock.now()
        )
        complaint_id = await pool.fetchval("SELECT id FROM complaints")
        async with client(app, cookie) as verifier:
            await verifier.post(f"/helpdesk/staf/pengaduan/{complaint_id}/klaim")
            found = await verifier.post(
                f"/helpdesk/staf/pengaduan/{complaint_id}/tanggapi", data={"hasil": "belum_lengkap", "kurang": ["b"]}
            )
            assert found.status_code == 303 and "galat" not in found.headers["location"], found.headers
        clocks = {r["name"]: r for r in await pool.fetch("SELECT * FROM complaint_clocks")}
        assert clocks["tanggapan"]["status"] == "stopped"
        assert (clocks["respon"]["status"], clocks["respon"]["remaining_seconds"]) == ("paused", 38 * 3600)
        assert await pool.fetchval("SELECT count(*) FROM timers WHERE cancelled_at IS NULL AND fired_at IS NULL") == 0

        # Wed 19 Aug 10:00: the complainant completes item b on the status page; respon runs again with 38 h:
        # Wed 5, Thu 7, Fri 6.5, Mon 7, (Tue 25 holiday), Wed 7, Thu 27 08:00–12:00 4 + 13:00–14:30 → 14:30.
        clock.set(datetime(2026, 8, 19, 10, 0, tzinfo=WITA))
        async with client(app) as person:
            page = (await person.get(status_path)).text
            assert "Lengkapi pengaduan" in page and "dihentikan sementara" in page
            done = await person.post(f"{status_path}/lengkapi", data={"item_b": "Kerugian: biaya perjalanan."})
            assert done.status_code == 303 and "galat" not in done.headers["location"]
        thursday_27_1430 = datetime(2026, 8, 27, 14, 30, tzinfo=WITA)
        assert (await dues(pool))["respon"] == thursday_27_1430
        assert await pool.fetchval("SELECT status FROM complaints") == "acknowledged"

        async def completed_published() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

        await eventually(completed_published, what="the completed fact to be published")
        completed = await published(nc, "helpdesk.banjarmasin.complaint.completed.v1")
        assert named_dues(completed) == [("respon", thursday_27_1430)]


async def test_after_closing_both_count_from_tuesdays_opening(infra: Infra, nc: Client, lpse_dir: Path) -> None:
    clock = SettableClock(datetime(2026, 8, 14, 16, 45, tzinfo=WITA))
    async with helpdesk(infra, clock, lpse_dir) as (app, pool):
        await submit(app, "banjarmasin", service_date="2026-07-10")
        # From Tue 18 Aug 08:00: Wed 19 (1), Thu 20 (2), Fri 21 (3); Mon 24 (4), Wed 26 (5), Thu 27 (6).
        assert await dues(pool) == {
            "tanggapan": datetime(2026, 8, 21, 8, 0, tzinfo=WITA),
            "respon": datetime(2026, 8, 27, 8, 0, tzinfo=WITA),
        }
        row = await pool.fetchrow("SELECT late, days_since_service FROM complaints")
        assert (row["late"], row["days_since_service"]) == (True, 35), "late is flagged, the complaint is kept"

        # Nobody answers: at Fri 21 Aug 08:00 the first answer's breach fires, once, with its reminder before it.
        clock.set(datetime(2026, 8, 21, 8, 0, 1, tzinfo=WITA))

        async def breached() -> bool:
            return await pool.fetchval("SELECT breached_at FROM complaint_clocks WHERE name = 'tanggapan'") is not None

        await eventually(breached, what="the tanggapan breach")
        await eventually(lambda: _drained(pool), what="the deadline facts to be published")
        fact = await published(nc, "helpdesk.banjarmasin.complaint.deadline_breached.v1")
        due = datetime.fromisoformat(fact["due_at"])
        assert (fact["clock"], due) == ("tanggapan", datetime(2026, 8, 21, 8, 0, tzinfo=WITA))
        assert await pool.fetchval("SELECT breached_at FROM complaint_clocks WHERE name = 'respon'") is None


async def _drained(pool: asyncpg.Pool) -> bool:
    return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))


async def test_magelang_responds_within_two_working_days(infra: Infra, nc: Client, lpse_dir: Path) -> None:
    clock = SettableClock(datetime(2026, 8, 14, 14, 30, tzinfo=WIB))
    async with helpdesk(infra, clock, lpse_dir) as (app, pool):
        bare = {"name": "Sri Lestari", "email": "sri@contoh.co.id", "service_id": "MGL-M"}
        for item in ("address", "losses", "remedy", "place", "declaration", "signature"):
            bare[item] = ""
        await submit(app, "magelang", **bare)
        # Mon 17 Aug holiday: Tue 18 (1), Wed 19 (2).
        assert await dues(pool) == {"respon": datetime(2026, 8, 19, 14, 30, tzinfo=WIB)}


async def test_a_refused_complaint_stores_nothing(infra: Infra, nc: Client, lpse_dir: Path) -> None:
    clock = SettableClock(datetime(2026, 8, 14, 14, 30, tzinfo=WITA))
    async with helpdesk(infra, clock, lpse_dir) as (app, pool):
        async with client(app) as person:
            refused = await person.post("/helpdesk/banjarmasin/pengaduan/", data={**COMPLAINT, "remedy": ""})
        assert refused.status_code == 422
        assert re.search(r'<div class="error" id="remedy-error">Tuliskan penyelesaian yang diminta', refused.text)
        assert "Belum ada data yang disimpan" in refused.text
        for table in ("complaints", "complaint_clocks", "timers", "outbox", "audit_log"):
            assert await pool.fetchval(f"SELECT count(*) FROM {table}") == 0, table


async def test_the_register_is_404_unless_the_standard_asks_for_it(infra: Infra, nc: Client, lpse_dir: Path) -> None:
    clock = SettableClock(datetime(2026, 8, 14, 14, 30, tzinfo=WITA))
    async with helpdesk(infra, clock, lpse_dir) as (app, _pool), client(app) as person:
        assert (await person.get("/helpdesk/banjarmasin/pengaduan/register")).status_code == 404
        assert (await person.get("/helpdesk/depok/pengaduan/register")).status_code == 404
    profile = lpse_dir / "banjarmasin.yaml"
    raw = yaml.safe_load(profile.read_text(encoding="utf-8"))
    raw["complaints"]["publish_register"] = True
    profile.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    async with helpdesk(infra, clock, lpse_dir) as (app, pool):
        await submit(app, "banjarmasin")
        reference = await pool.fetchval("SELECT reference FROM complaints")
        async with client(app) as person:
            page = await person.get("/helpdesk/banjarmasin/pengaduan/register")
        assert page.status_code == 200 and reference in page.text and "Agustus 2026" in page.text
        for private in ("Rahmat", "Lambung", "rahmat@contoh.co.id", "Aktivasi user ID tidak selesai"):
            assert private not in page.text
