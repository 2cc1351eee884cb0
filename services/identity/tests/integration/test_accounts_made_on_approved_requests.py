"""Identity acts on the helpdesk's approved account requests over the real JetStream and PostgreSQL: it makes the
account once, refuses a taken username, and the person sets a first password by the sealed link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from identity.app import create_app
from identity.seed import seed_staff
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.staff import SESSION_COOKIE
from services.identity.tests.approved_requests import LINK_SECRET, approved, publish, published
from tests.support import Infra, SiteClient, eventually, reset_schema, staff_session

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB
CREATED = "identity.depok.internal_account.created.v1"
REFUSED = "identity.depok.internal_account.refused.v1"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "identity")
    await seed_staff(
        url,
        [
            {
                "username": "rina",
                "password": "rina-sandi-2026",
                "name": "Rina",
                "full_name": "Rina",
                "role": "helpdesk",
                "lpse": "depok",
            }
        ],
    )
    settings = Settings(
        database_url=url, nats_url=infra.nats_url, link_secret=LINK_SECRET, public_base_url="https://lpse.test"
    )
    built = create_app(settings, clock=SettableClock(AT))
    async with built.router.lifespan_context(built):
        yield built


def browser(app: FastAPI) -> httpx.AsyncClient:
    return SiteClient(transport=httpx.ASGITransport(app=app, client=("10.2.2.2", 40000)), base_url="http://id")


async def test_an_approved_request_makes_the_account_once_and_the_link_sets_its_password(
    app: FastAPI, nc: Client
) -> None:
    pool = app.state.runtime.pool
    fact = approved(at=AT, username="sari.ppk")
    await publish(nc, fact)
    await publish(nc, fact)  # redelivered: the inbox makes it once

    async def both_handled() -> bool:
        skipped = app.state.runtime.registry.get_sample_value(
            "consumer_duplicates_total", {"consumer": "identity-from-helpdesk"}
        )
        return skipped == 1 and bool(await pool.fetchval("SELECT count(*) = 1 FROM inbox"))

    await eventually(both_handled, what="the approved request and its repeat handled")

    async def announced() -> bool:
        return len(await published(nc, CREATED)) == 1

    await eventually(announced, what="the created fact")
    row = await pool.fetchrow("SELECT * FROM staff_accounts WHERE username = 'sari.ppk'")
    assert (row["name"], row["email"], row["password_hash"], row["request_id"], row["expires_at"]) == (
        "Sari Wulandari",
        "ppk.baru@contoh.go.id",
        None,
        fact.case_id,
        None,
    )
    grants = await pool.fetch("SELECT role, lpse FROM staff_roles WHERE username = 'sari.ppk'")
    assert [tuple(g) for g in grants] == [("ppk", "depok")]
    [created] = await published(nc, CREATED)
    assert (created["username"], created["role"], created["request_id"], created["actor"]) == (
        "sari.ppk",
        "ppk",
        str(fact.case_id),
        {"id": "adminagency.depok", "role": "admin_agency"},
    )
    link = LinkBox(LINK_SECRET).open(created["set_password_url"])
    assert link.startswith("https://lpse.test/identitas/sandi/")
    path = link.removeprefix("https://lpse.test")

    async with browser(app) as client:
        no_password_yet = await client.post("/staf/masuk", data={"username": "sari.ppk", "password": ""})
        assert no_password_yet.status_code == 401
        form = await client.get(path)
        assert form.status_code == 200 and "Atur kata sandi" in form.text and "sari.ppk" in form.text
        short = await client.post(path, data={"new": "pendek", "repeat": "pendek"})
        assert short.status_code == 422 and "Kata sandi baru minimal 10 karakter." in short.text
        done = await client.post(path, data={"new": "sandi-sari-2026", "repeat": "sandi-sari-2026"})
        assert done.status_code == 303 and done.headers["location"] == "/staf/masuk?sandi=baru"
        assert "Kata sandi Anda sudah disimpan" in (await client.get(done.headers["location"])).text
        signed = await client.post("/staf/masuk", data={"username": "sari.ppk", "password": "sandi-sari-2026"})
        assert signed.status_code == 303
        reused = await client.get(path)
        assert reused.status_code == 410 and "sudah dipakai" in reused.text
        again = await client.post(path, data={"new": "sandi-lain-2026", "repeat": "sandi-lain-2026"})
        assert again.status_code == 410
        forged = await client.get(path[:-4] + "AAAA")
        assert (
            forged.status_code == 404 and "Tautan tidak dikenal" in forged.text and 'href="/staf/masuk"' in forged.text
        )


async def test_a_taken_username_is_refused_and_nothing_is_made(app: FastAPI, nc: Client) -> None:
    pool = app.state.runtime.pool
    fact = approved(at=AT, username="rina", email="orang.lain@contoh.go.id")
    shouted = approved(at=AT, username="RINA", email="orang.lain@contoh.go.id")  # one name, however it is cased
    await publish(nc, fact)
    await publish(nc, shouted)

    async def refused() -> bool:
        return len(await published(nc, REFUSED)) == 2

    await eventually(refused, what="both refused facts")
    answers = await published(nc, REFUSED)
    assert [(a["username"], a["reason"], a["request_id"]) for a in answers] == [
        ("rina", "Nama pengguna sudah dipakai", str(fact.case_id)),
        ("RINA", "Nama pengguna sudah dipakai", str(shouted.case_id)),
    ]
    assert await pool.fetchval("SELECT count(*) FROM staff_accounts") == 1
    assert await pool.fetchval("SELECT email FROM staff_accounts WHERE username = 'rina'") is None
    assert await pool.fetchval("SELECT count(*) FROM set_password_links") == 0
    assert await published(nc, CREATED) == []


async def test_the_administrator_sees_an_auditors_end_of_access_in_its_lpses_zone_and_its_request(
    app: FastAPI, nc: Client, infra: Infra
) -> None:
    fact = approved(
        at=AT,
        username="auditor.bjm",
        lpse="banjarmasin",
        kind="auditor",
        role="auditor",
        staff_role="auditor_paket",
        access_until=date(2026, 12, 10),
    )
    await publish(nc, fact)

    async def announced() -> bool:
        return len(await published(nc, "identity.banjarmasin.internal_account.created.v1")) == 1

    await eventually(announced, what="the auditor's account")
    [created] = await published(nc, "identity.banjarmasin.internal_account.created.v1")
    assert created["expires_at"] == "2026-12-10T16:00:00Z"  # the start of 11 December in Banjarmasin (WITA)
    admin = await staff_session(infra, "admin.platform", [("admin_platform", "*")], now=AT)
    transport = httpx.ASGITransport(app=app, client=("10.2.2.2", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://id", cookies={SESSION_COOKIE: admin}) as c:
        shown = await c.get("/staf/pengguna/auditor.bjm")
    assert shown.status_code == 200
    assert "Akses berakhir</dt><dd>11 Desember 2026 00.00 WITA" in shown.text
    assert "Dibuat atas permohonan</dt><dd>AKN-2026-0001" in shown.text
    assert "Auditor APIP/APH (terbatas paket)" in shown.text
