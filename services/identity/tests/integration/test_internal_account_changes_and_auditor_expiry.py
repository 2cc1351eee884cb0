"""DPK-2e changes and DPK-3a's end of access over the real JetStream, PostgreSQL and timer worker, on a settable
clock: a pensiun or mutasi ends the account's sessions; an auditor signs in until the end of its last day in the
LPSE's zone and is refused one second after, the timer's fact emitted once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.account_requests import AccountRequestApprovedV1
from identity.app import create_app
from identity.internal_accounts import EXPIRY_TIMER
from identity.internal_accounts_usecases import on_expiry
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.staff import SESSION_COOKIE
from lpse_runtime.timers import Timer, TimerWorker
from services.identity.tests.approved_requests import LINK_SECRET, approved, publish, published
from tests.support import Infra, SiteClient, eventually, reset_schema

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB
ENDS = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)  # the start of 11 December in Depok (WIB)
PASSWORD = "sandi-rahasia-2026"
ACCESS_ENDED = "Masa akses akun ini sudah berakhir"


@pytest.fixture
async def clock() -> SettableClock:
    return SettableClock(AT)


@pytest.fixture
async def app(infra: Infra, nc: Client, clock: SettableClock) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "identity")
    # The service's own timer worker waits an hour between polls: the test fires it when it chooses to, so a
    # sign-in after the end of access is seen both before and after the timer.
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        link_secret=LINK_SECRET,
        public_base_url="https://lpse.test",
        timer_poll_seconds=3600,
    )
    built = create_app(settings, clock=clock)
    async with built.router.lifespan_context(built):
        yield built


def browser(app: FastAPI) -> httpx.AsyncClient:
    return SiteClient(transport=httpx.ASGITransport(app=app, client=("10.3.3.3", 40000)), base_url="http://id")


async def facts(nc: Client, subject: str, count: int) -> list[dict[str, Any]]:
    """Wait until the IDENTITY stream holds `count` facts on this subject."""

    async def arrived() -> bool:
        return len(await published(nc, subject)) >= count

    await eventually(arrived, what=f"{count} × {subject}")
    return await published(nc, subject)


async def made(app: FastAPI, nc: Client, fact: AccountRequestApprovedV1, count: int = 1) -> dict[str, Any]:
    """Publish an approved request, wait for its account, set its password by the emailed link."""
    await publish(nc, fact)
    created = (await facts(nc, f"identity.{fact.lpse}.internal_account.created.v1", count))[-1]
    path = LinkBox(LINK_SECRET).open(created["set_password_url"]).removeprefix("https://lpse.test")
    async with browser(app) as client:
        answer = await client.post(path, data={"new": PASSWORD, "repeat": PASSWORD})
    assert answer.status_code == 303, answer.text
    return created


async def sign_in(app: FastAPI, username: str) -> httpx.Response:
    async with browser(app) as client:
        return await client.post("/staf/masuk", data={"username": username, "password": PASSWORD})


async def session_works(app: FastAPI, token: str) -> bool:
    transport = httpx.ASGITransport(app=app, client=("10.3.3.3", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://id", cookies={SESSION_COOKIE: token}) as c:
        return (await c.get("/staf/sandi")).status_code == 200


async def test_an_auditor_signs_in_until_the_end_of_the_last_day_and_is_refused_one_second_after(
    app: FastAPI, nc: Client, clock: SettableClock
) -> None:
    pool: asyncpg.Pool = app.state.runtime.pool
    fact = approved(
        at=AT,
        username="auditor.bpkp",
        kind="auditor",
        role="auditor",
        staff_role="auditor_paket",
        access_until=date(2026, 12, 10),
    )
    created = await made(app, nc, fact)
    assert created["expires_at"] == "2026-12-10T17:00:00Z" and created["role"] == "auditor_paket"

    clock.set(ENDS - timedelta(seconds=1))
    before = await sign_in(app, "auditor.bpkp")
    assert before.status_code == 303
    token = before.cookies[SESSION_COOKIE]
    assert await session_works(app, token)

    clock.set(ENDS + timedelta(seconds=1))  # the timer has not fired yet
    assert not await session_works(app, token)
    after = await sign_in(app, "auditor.bpkp")
    assert after.status_code == 403 and ACCESS_ENDED in after.text and SESSION_COOKIE not in after.cookies
    assert await pool.fetchval("SELECT active FROM staff_accounts WHERE username = 'auditor.bpkp'") is True

    worker = TimerWorker(pool, clock, on_expiry, kinds=(EXPIRY_TIMER,))
    assert await worker.fire_due() == 1
    assert await worker.fire_due() == 0
    [ended] = await facts(nc, "identity.depok.internal_account.deactivated.v1", 1)
    assert (ended["username"], ended["reason"], ended["request_id"], ended["sessions_ended"]) == (
        "auditor.bpkp",
        "masa_akses_berakhir",
        None,
        1,
    )
    assert ended["actor"] == {"id": "identity", "role": "system"} and ended["email"] == "ppk.baru@contoh.go.id"
    assert await pool.fetchval("SELECT active FROM staff_accounts WHERE username = 'auditor.bpkp'") is False
    still = await sign_in(app, "auditor.bpkp")
    assert still.status_code == 403 and ACCESS_ENDED in still.text

    # a timer delivered again (late, or by a second replica) finds the account ended and changes nothing
    timer = Timer(uuid.uuid4(), EXPIRY_TIMER, "x", "masa_akses", ENDS, {"username": "auditor.bpkp", "lpse": "depok"})
    outbox_before = await pool.fetchval("SELECT count(*) FROM outbox")
    async with pool.acquire() as conn, conn.transaction():
        await on_expiry(conn, timer, ENDS + timedelta(days=3))
    assert await pool.fetchval("SELECT count(*) FROM outbox") == outbox_before
    assert len(await published(nc, "identity.depok.internal_account.deactivated.v1")) == 1


async def test_a_pensiun_ends_the_account_and_its_sessions(app: FastAPI, nc: Client) -> None:
    await made(app, nc, approved(at=AT, username="budi.ppk"))
    signed = await sign_in(app, "budi.ppk")
    assert signed.status_code == 303
    token = signed.cookies[SESSION_COOKIE]
    await publish(nc, approved(at=AT, username="budi.ppk", kind="perubahan", change_kind="pensiun", staff_role=None))
    [ended] = await facts(nc, "identity.depok.internal_account.deactivated.v1", 1)
    assert (ended["reason"], ended["sessions_ended"], ended["actor"]["id"]) == ("pensiun", 1, "adminagency.depok")
    assert not await session_works(app, token)
    assert (await sign_in(app, "budi.ppk")).status_code == 401


async def test_a_mutasi_ends_this_lpses_role_and_a_new_email_is_kept(app: FastAPI, nc: Client) -> None:
    pool: asyncpg.Pool = app.state.runtime.pool
    await made(app, nc, approved(at=AT, username="citra.pokja", staff_role="pokja", role="pokja"))
    await publish(
        nc,
        approved(
            at=AT,
            username="citra.pokja",
            kind="perubahan",
            change_kind="email",
            email="citra@depok.go.id",
            staff_role=None,
        ),
    )
    [changed] = await facts(nc, "identity.depok.internal_account.changed.v1", 1)
    assert (changed["change"], changed["email"]) == ("email", "citra@depok.go.id")
    assert await pool.fetchval("SELECT email FROM staff_accounts WHERE username = 'citra.pokja'") == "citra@depok.go.id"

    token = (await sign_in(app, "citra.pokja")).cookies[SESSION_COOKIE]
    await publish(nc, approved(at=AT, username="citra.pokja", kind="perubahan", change_kind="mutasi", staff_role=None))
    [ended] = await facts(nc, "identity.depok.internal_account.deactivated.v1", 1)
    assert (ended["reason"], ended["sessions_ended"], ended["email"]) == ("mutasi", 1, "citra@depok.go.id")
    assert await pool.fetch("SELECT * FROM staff_roles WHERE username = 'citra.pokja'") == []
    assert await pool.fetchval("SELECT active FROM staff_accounts WHERE username = 'citra.pokja'") is False
    assert not await session_works(app, token)


async def test_a_change_of_an_unknown_account_is_refused_and_an_inaproc_request_is_left_alone(
    app: FastAPI, nc: Client
) -> None:
    pool: asyncpg.Pool = app.state.runtime.pool
    unknown = approved(at=AT, username="tidak.ada", kind="perubahan", change_kind="pensiun", staff_role=None)
    inaproc = approved(at=AT, username="pa.inaproc", kind="inaproc", role="pa", staff_role="pa")
    await publish(nc, inaproc)
    await publish(nc, unknown)
    [refused] = await facts(nc, "identity.depok.internal_account.refused.v1", 1)
    assert (refused["username"], refused["reason"]) == ("tidak.ada", "Akun dengan nama pengguna ini tidak ditemukan")

    async def both_acked() -> bool:
        return bool(await pool.fetchval("SELECT count(*) = 2 FROM inbox"))

    await eventually(both_acked, what="both requests handled")
    assert await pool.fetchval("SELECT count(*) FROM staff_accounts") == 0
    assert await published(nc, "identity.depok.internal_account.created.v1") == []


async def test_a_link_past_its_three_days_opens_nothing(app: FastAPI, nc: Client, clock: SettableClock) -> None:
    await publish(nc, approved(at=AT, username="dina.pp", staff_role="pejabat_pengadaan", role="pejabat_pengadaan"))
    [created] = await facts(nc, "identity.depok.internal_account.created.v1", 1)
    path = LinkBox(LINK_SECRET).open(created["set_password_url"]).removeprefix("https://lpse.test")
    clock.set(AT + timedelta(hours=72))
    async with browser(app) as client:
        shown = await client.get(path)
        assert shown.status_code == 410 and "kedaluwarsa" in shown.text and 'href="/staf/masuk"' in shown.text
        posted = await client.post(path, data={"new": PASSWORD, "repeat": PASSWORD})
        assert posted.status_code == 410
    assert (await sign_in(app, "dina.pp")).status_code == 401
