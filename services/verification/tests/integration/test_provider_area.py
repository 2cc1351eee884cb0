"""The provider's signed-in area on real PostgreSQL and JetStream, through the service's own routes.

The README ("Signing in and the account area"): a provider signs in at /akun/masuk with its user ID (any case) and
password; a wrong password and an unknown user ID hear the same 401; the right password of a deactivated account
hears 403 with the date in the LPSE's zone; the session cookie `lpse_penyedia` opens /akun/ and nothing under
/staf/, and the staff's cookie opens nothing under /akun/.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE, hash_password
from tests.support import Infra, SiteClient, application_submitted, reset_identity, reset_schema, staff_session
from verification import activation_db, db
from verification.app import create_app
from verification.provider_area import session_db
from verification.settings import Settings

pytestmark = pytest.mark.integration
PASSWORD = "kata-sandi-penyedia-1"
START = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 7 December 2026, 09.00 WIB


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
async def app(infra: Infra, nc: Client, clock: SettableClock) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema, on a clock the test moves."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=clock)
    async with service.router.lifespan_context(service):
        yield service


async def provider(app: FastAPI, lpse: str, user_id: str, *, password: str | None = PASSWORD) -> uuid.UUID:
    """An activated provider account of the LPSE with this password; its id."""
    event = application_submitted(lpse, f"CV {user_id.title()}")
    case_id, provider_id = uuid.uuid4(), uuid.uuid4()
    async with app.state.runtime.pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, START - timedelta(days=3), "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id=user_id, case=case, now=START)
        if password is not None:
            await conn.execute(
                "UPDATE providers SET password_hash = $2 WHERE id = $1", provider_id, hash_password(password)
            )
    return provider_id


def browser(app: FastAPI, **cookies: str) -> SiteClient:
    return SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://verification", cookies=cookies)


async def sign_in(client: SiteClient, user_id: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
    return await client.post("/akun/masuk", data={"user_id": user_id, "password": password, **extra})


async def test_a_provider_signs_in_with_its_user_id_in_any_case_and_reaches_its_area(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        first = await client.get("/akun/")
        assert (first.status_code, first.headers["location"]) == (303, "/akun/masuk?next=%2Fakun%2F")
        form = await client.get("/akun/masuk")
        assert 'href="/akun/lupa-sandi"' in form.text and "Lupa kata sandi?" in form.text
        signed = await sign_in(client, "cvmaju")
        assert (signed.status_code, signed.headers["location"]) == (303, "/akun/")
        cookie = signed.headers["set-cookie"]
        assert cookie.startswith("lpse_penyedia=") and "HttpOnly" in cookie and "Path=/akun" in cookie
        assert "samesite=lax" in cookie.lower()
        area = await client.get("/akun/")
        assert area.status_code == 200 and "<h1>Akun penyedia</h1>" in area.text and "CVMAJU" in area.text
    token = client.cookies["lpse_penyedia"]
    stored = await app.state.runtime.pool.fetchval("SELECT token_hash FROM provider_sessions")
    assert stored != token and len(stored) == 64, "only the token's SHA-256 is kept"


async def test_a_wrong_password_and_an_unknown_user_id_hear_the_same_refusal(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    await provider(app, "depok", "CVBARU", password=None)  # activated, its password never set
    async with browser(app) as client:
        for user_id, password in (("CVMAJU", "bukan-kata-sandinya"), ("CVTIDAKADA", PASSWORD), ("CVBARU", "")):
            refused = await sign_in(client, user_id, password)
            assert refused.status_code == 401
            assert "User ID atau kata sandi tidak sesuai." in refused.text
            assert "lpse_penyedia" not in client.cookies
    assert await app.state.runtime.pool.fetchval("SELECT count(*) FROM provider_sessions") == 0


async def test_repeated_failures_back_off_with_429_even_for_the_right_password(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        for _ in range(4):
            assert (await sign_in(client, "CVMAJU", "salah-salah-salah")).status_code == 401
        fifth = await sign_in(client, "cvmaju", "salah-salah-salah")
        assert fifth.status_code == 401, "the fifth failure is answered, and earns the first wait"
        locked = await sign_in(client, "CVMAJU")
        assert locked.status_code == 429
        assert "Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam 30 detik." in locked.text
    keys = await app.state.runtime.pool.fetch("SELECT key FROM provider_sign_in_failures")
    assert all("cvmaju" not in r["key"].lower() for r in keys), "keys are keyed digests, never the user ID typed"


async def test_the_right_password_of_a_deactivated_account_hears_since_when_and_whom_to_ask(app: FastAPI) -> None:
    provider_id = await provider(app, "banjarmasin", "CVTUTUP")
    await app.state.runtime.pool.execute(
        """UPDATE providers SET status = 'nonaktif', deactivated_at = $2, deactivated_by = 'lpse',
           deactivation_reason = 'Uji' WHERE id = $1""",
        provider_id,
        datetime(2026, 12, 4, 7, 30, tzinfo=UTC),
    )
    async with browser(app) as client:
        refused = await sign_in(client, "CVTUTUP")
        assert refused.status_code == 403
        assert (
            "Akun ini telah dinonaktifkan sejak 4 Desember 2026 15.30 WITA. "
            "Hubungi LPSE Kota Banjarmasin untuk aktivasi kembali." in refused.text
        )
        wrong = await sign_in(client, "CVTUTUP", "bukan-kata-sandinya")
        assert wrong.status_code == 401, "a wrong password learns nothing about the account"


async def test_a_session_ends_when_the_account_is_deactivated_even_before_its_sessions_are_ended(
    app: FastAPI, clock: SettableClock
) -> None:
    provider_id = await provider(app, "depok", "CVMAJU")
    pool = app.state.runtime.pool
    async with browser(app) as client:
        await sign_in(client, "CVMAJU")
        assert (await client.get("/akun/")).status_code == 200
        await pool.execute("UPDATE providers SET status = 'nonaktif' WHERE id = $1", provider_id)
        assert (await client.get("/akun/")).status_code == 303, "the account's status is read on every request"
        await pool.execute("UPDATE providers SET status = 'active' WHERE id = $1", provider_id)
        assert (await client.get("/akun/")).status_code == 200
        async with pool.acquire() as conn:
            assert await session_db.end_sessions(conn, provider_id, clock.now()) == 1
        assert (await client.get("/akun/")).status_code == 303


async def test_a_session_lasts_thirty_idle_minutes_and_eight_hours_at_most(app: FastAPI, clock: SettableClock) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        await sign_in(client, "CVMAJU")
        for minutes in range(29, 8 * 60, 29):  # used every 29 minutes: alive until the eighth hour
            clock.set(START + timedelta(minutes=minutes))
            assert (await client.get("/akun/")).status_code == 200, minutes
        clock.set(START + timedelta(hours=8))
        assert (await client.get("/akun/")).status_code == 303
        await sign_in(client, "CVMAJU")
        clock.set(START + timedelta(hours=8, minutes=30))
        assert (await client.get("/akun/")).status_code == 303, "thirty minutes unused end it"


async def test_signing_out_ends_the_session_wherever_the_cookie_was_copied(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        await sign_in(client, "CVMAJU")
        token = client.cookies["lpse_penyedia"]
        out = await client.post("/akun/keluar")
        assert (out.status_code, out.headers["location"]) == (303, "/akun/masuk")
    async with browser(app, lpse_penyedia=token) as copy:
        assert (await copy.get("/akun/")).status_code == 303


async def test_a_provider_session_opens_no_staff_page_and_a_staff_session_no_provider_page(
    infra: Infra, app: FastAPI
) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        await sign_in(client, "CVMAJU")
        token = client.cookies["lpse_penyedia"]
    async with browser(app, lpse_penyedia=token) as penyedia:
        staff_page = await penyedia.get("/staf/")
        assert staff_page.status_code == 303 and staff_page.headers["location"].startswith("/staf/masuk")
    cookie = await staff_session(infra, "verifikator.depok", [("verifikator", "depok")], now=START)
    async with browser(app, **{SESSION_COOKIE: cookie}) as staff:
        assert (await staff.get("/staf/")).status_code == 200, "the staff session itself is live"
        area = await staff.get("/akun/")
        assert area.status_code == 303 and area.headers["location"].startswith("/akun/masuk")


async def test_after_sign_in_it_goes_back_to_the_account_page_asked_for_and_never_elsewhere(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    async with browser(app) as client:
        back = await sign_in(client, "CVMAJU", next="/akun/kata-sandi")
        assert back.headers["location"] == "/akun/kata-sandi"
        for elsewhere in ("https://contoh.com/", "//contoh.com/akun/", "/staf/"):
            assert (await sign_in(client, "CVMAJU", next=elsewhere)).headers["location"] == "/akun/"
