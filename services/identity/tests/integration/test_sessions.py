"""Sign-in, sessions and the back-off on identity's app over real PostgreSQL and JetStream."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from identity.app import create_app
from identity.seed import seed_staff
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08.00 WIB
RINA = {"username": "rina", "password": "rina-sandi-2026", "name": "Rina", "full_name": "Rina K., S.Kom."}
BUDI = {"username": "budi", "password": "budi-sandi-2026", "name": "Budi", "full_name": "Budi S., S.Kom."}
LOCKED = "Terlalu banyak percobaan masuk yang gagal."


@pytest.fixture
async def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
async def app(infra: Infra, nc: Client, clock: SettableClock) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "identity")
    await seed_staff(
        url, [{**RINA, "role": "verifikator", "lpse": "depok"}, {**BUDI, "role": "auditor", "lpse": "depok"}]
    )
    built = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=clock)
    async with built.router.lifespan_context(built):
        yield built


def browser(app: FastAPI, address: str = "10.1.1.1", session: str | None = None) -> httpx.AsyncClient:
    """A client at one address, keeping its cookies like a browser (starting with a session cookie, if given)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    cookies = {SESSION_COOKIE: session} if session else None
    return SiteClient(transport=transport, base_url="http://id", cookies=cookies)


async def sign_in(client: httpx.AsyncClient, who: dict[str, str], password: str | None = None) -> httpx.Response:
    data = {"username": who["username"], "password": password or who["password"], "next": "/staf/sandi"}
    return await client.post("/staf/masuk", data=data)


async def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(app: FastAPI) -> None:
    async with browser(app) as client:
        signed = await sign_in(client, RINA)
        assert signed.status_code == 303 and signed.headers["location"] == "/staf/sandi"
        cookie_header = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie_header and "SameSite=lax" in cookie_header
        captured = client.cookies[SESSION_COOKIE]
        assert (await client.get("/staf/sandi")).status_code == 200
        assert (await client.post("/staf/keluar")).headers["location"] == "/staf/masuk"
    async with browser(app, "10.9.9.9", session=captured) as thief:
        replayed = await thief.get("/staf/sandi", follow_redirects=True)
    assert replayed.url.path == "/staf/masuk" and "Masuk ke konsol staf" in replayed.text


async def test_signing_in_again_rotates_the_session_and_ends_the_old_one(app: FastAPI) -> None:
    async with browser(app) as client:
        await sign_in(client, RINA)
        first = client.cookies[SESSION_COOKIE]
        await sign_in(client, RINA)
        second = client.cookies[SESSION_COOKIE]
        assert second != first
        assert (await client.get("/staf/sandi")).status_code == 200
    async with browser(app, session=first) as kept_old_cookie:
        old = await kept_old_cookie.get("/staf/sandi")
    assert old.status_code == 303 and old.headers["location"].startswith("/staf/masuk")


async def test_a_session_ends_after_thirty_idle_minutes_and_after_eight_hours_in_any_case(
    app: FastAPI, clock: SettableClock
) -> None:
    async with browser(app) as client:
        await sign_in(client, RINA)
        for minutes in range(25, 8 * 60, 25):  # busy all day: a page every 25 minutes keeps it alive
            clock.set(START + timedelta(minutes=minutes))
            assert (await client.get("/staf/sandi")).status_code == 200, f"at {minutes} min"
        clock.set(START + timedelta(hours=8))
        assert (await client.get("/staf/sandi")).status_code == 303, "the absolute limit ends a busy day's session"
        await sign_in(client, RINA)
        clock.set(START + timedelta(hours=8, minutes=30, seconds=1))
        assert (await client.get("/staf/sandi")).status_code == 303, "thirty idle minutes end a session"


async def test_an_account_is_locked_after_five_wrong_passwords_even_for_the_right_one(
    app: FastAPI, clock: SettableClock
) -> None:
    async with browser(app) as client:
        for attempt in range(5):
            wrong = await sign_in(client, RINA, password=f"salah-{attempt}")
            assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.text
        locked = await sign_in(client, RINA)
        assert locked.status_code == 429 and f"{LOCKED} Demi keamanan akun, coba lagi dalam 30 detik." in locked.text
        assert SESSION_COOKIE not in client.cookies
    async with browser(app, "10.2.2.2") as elsewhere:
        assert (await sign_in(elsewhere, RINA)).status_code == 429, "the account's lock holds from any address"
        assert (await sign_in(elsewhere, BUDI)).status_code == 303, "other accounts are not locked"
        clock.set(START + timedelta(seconds=31))
        assert (await sign_in(elsewhere, RINA)).status_code == 303, "after the wait the right password works"


async def test_an_address_guessing_many_accounts_is_locked_and_other_addresses_are_not(app: FastAPI) -> None:
    async with browser(app, "10.6.6.6") as guesser:
        for n in range(20):
            answer = await guesser.post("/staf/masuk", data={"username": f"tebak{n}", "password": "123456"})
            assert answer.status_code == 401
        assert (await sign_in(guesser, BUDI)).status_code == 429
    async with browser(app, "10.7.7.7") as office:
        assert (await sign_in(office, BUDI)).status_code == 303


async def test_changing_the_password_ends_every_other_session(app: FastAPI) -> None:
    async with browser(app, "10.3.3.3") as laptop, browser(app, "10.4.4.4") as phone:
        await sign_in(laptop, RINA)
        await sign_in(phone, RINA)
        refused = await laptop.post("/staf/sandi", data={"current": "salah-sekali", "new": "pendek", "repeat": "lain"})
        assert refused.status_code == 422
        assert "Kata sandi saat ini salah." in refused.text and "Kata sandi baru minimal 10 karakter." in refused.text
        assert (await phone.get("/staf/sandi")).status_code == 200, "a refused change ends nothing"
        new = "kopi-pagi-hari-2027"
        changed = await laptop.post("/staf/sandi", data={"current": RINA["password"], "new": new, "repeat": new})
        assert changed.status_code == 200 and "Kata sandi Anda sudah diganti." in changed.text
        assert (await laptop.get("/staf/sandi")).status_code == 200, "the session that changed it carries on"
        assert (await phone.get("/staf/sandi")).status_code == 303, "every other session ended"
        assert (await sign_in(phone, RINA)).status_code == 401
        assert (await sign_in(phone, RINA, password=new)).status_code == 303


async def test_sign_in_only_returns_to_a_path_on_this_site(app: FastAPI) -> None:
    async with browser(app) as client:
        data = {"username": RINA["username"], "password": RINA["password"], "next": "//jahat.example/staf/"}
        signed = await client.post("/staf/masuk", data=data)
    assert signed.headers["location"] == "/staf/"
