"""The provider's signed-in area on real PostgreSQL and JetStream, through the service's own routes.

The README ("Signing in and the account area"): a provider signs in at /akun/masuk with its user ID (any case) and
password; a wrong password and an unknown user ID hear the same 401; the right password of a deactivated account
hears 403 with the date in the LPSE's zone; the session cookie `lpse_penyedia` opens /akun/ and nothing under
/staf/, and the staff's cookie opens nothing under /akun/.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.registration import ProviderType
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE, dummy_hash, hash_password, password_matches, password_matches_off_loop
from tests.support import (
    Infra,
    SiteClient,
    application_submitted,
    eventually,
    reset_identity,
    reset_schema,
    staff_session,
)
from verification import activation_db, db
from verification.app import create_app
from verification.provider_area import session_db, usecases
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


async def provider(
    app: FastAPI, lpse: str, user_id: str, *, password: str | None = PASSWORD, **fields: object
) -> uuid.UUID:
    """An activated provider account of the LPSE with this password; its id."""
    event = application_submitted(lpse, f"CV {user_id.title()}", **fields)
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
        again = await client.get("/akun/masuk?next=/akun/kata-sandi")
        assert (again.status_code, again.headers["location"]) == (303, "/akun/kata-sandi"), "already signed in"
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


def section(page: str, title: str) -> str:
    """The text of one h2 section of the account page, up to the next section."""
    start = page.index(f">{title}</h2>")
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


def links(html: str) -> list[str]:
    """Every link's visible text, in order."""
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", html, re.S)]


async def test_a_banjarmasin_cv_reads_its_account_documents_requests_and_history(app: FastAPI) -> None:
    sha = "ab12cd34ef56" + "0" * 52
    provider_id = await provider(app, "banjarmasin", "CVMAJU", provider_type=ProviderType.BADAN_USAHA_CV)
    pool = app.state.runtime.pool
    async with pool.acquire() as conn, conn.transaction():
        case_id = await conn.fetchval("SELECT case_id FROM providers WHERE id = $1", provider_id)
        docs = [
            {
                "code": "ktp_direktur",
                "filename": "ktp.pdf",
                "content_type": "application/pdf",
                "size": 1258291,
                "sha256": sha,
            }
        ]
        await conn.execute("UPDATE cases SET documents = $2::jsonb WHERE id = $1", case_id, json.dumps(docs))
        await conn.execute(
            "UPDATE providers SET address = 'Jl. Lambung Mangkurat 1', phone = '0511-123456' WHERE id = $1",
            provider_id,
        )
        await conn.execute(
            """INSERT INTO receipts (case_id, title, filename, content, sha256, created_at)
               VALUES ($1, 'Tanda terima', 'tanda-terima.pdf', '%PDF-1.4 uji', 'x', $2)""",
            case_id,
            START,
        )
        request_id = uuid.uuid4()
        await conn.execute(
            """INSERT INTO account_requests (id, reference, provider_id, lpse, kind, service_id, channel, status,
                   filed_at, updated_at) VALUES ($1, 'PRM-BJM-2612-ABCDEF', $2, 'banjarmasin', 'email', 'BJM-2', 'web',
                   'menunggu_kunjungan', $3, $3)""",
            request_id,
            provider_id,
            START + timedelta(hours=1),
        )
        await conn.executemany(
            "INSERT INTO account_history (provider_id, at, what, detail, actor) VALUES ($1, $2, $3, $4, $5)",
            [
                (provider_id, START + timedelta(hours=2), "Nomor telepon diubah", "— → 0511-123456", "Verifikator"),
                (provider_id, START + timedelta(hours=3), "Alamat perusahaan diubah", "— → Jl. Lambung", "Verifikator"),
            ],
        )
    async with browser(app) as client:
        await sign_in(client, "CVMAJU")
        page = (await client.get("/akun/")).text
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", page) == [
        "Data akun",
        "Dokumen",
        "Agregasi",
        "Permohonan",
        "Riwayat perubahan",
    ]
    data = section(page, "Data akun")
    for shown in (
        "CVMAJU",
        "Perusahaan (CV)",
        "01.***.***.*-***.000",
        "1234567890123",
        "direktur@contoh.co.id",
        "Jl. Lambung Mangkurat 1",
        "0511-123456",
        "Aktif",
        "LPSE Kota Banjarmasin",
        "7 Desember 2026 10.00 WITA",
    ):
        assert shown in data, shown
    assert "012345678901000" not in page, "the NPWP is never shown whole"
    assert "Ubah kata sandi" in links(data)
    documents = section(page, "Dokumen")
    assert "KTP Direktur" in documents and "1,2 MB" in documents and "ab12cd34ef56" in documents
    receipt = re.search(r'href="(/akun/dokumen/[^"]+)"', documents)
    assert receipt is not None
    async with browser(app) as anyone:
        pdf = await anyone.get(receipt.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    agregasi = section(page, "Agregasi")
    assert "Belum diagregasi" in agregasi and "Ajukan agregasi data penyedia" in links(agregasi)
    requests = section(page, "Permohonan")
    assert 'href="/akun/permohonan/PRM-BJM-2612-ABCDEF"' in requests
    assert "Perubahan email" in requests and "Menunggu kedatangan pemohon di loket" in requests
    assert "7 Desember 2026 11.00 WITA" in requests
    assert links(requests) == [
        "PRM-BJM-2612-ABCDEF",
        "Ajukan perubahan email",
        "Ajukan perubahan NPWP",
        "Ajukan perubahan status CV ke PT",
        "Ajukan penonaktifan user ID",
    ], "Banjarmasin's standard has BJM-2..5 and no service for other data"
    history = section(page, "Riwayat perubahan")
    assert history.index("Alamat perusahaan diubah") < history.index("Nomor telepon diubah"), "newest first"


async def test_depok_says_agregasi_is_implicit_and_temanggung_links_its_self_service(app: FastAPI) -> None:
    await provider(app, "depok", "PTDEPOK")
    await provider(app, "temanggung", "CVTMG")
    async with browser(app) as depok:
        await sign_in(depok, "PTDEPOK")
        page = (await depok.get("/akun/")).text
    agregasi = section(page, "Agregasi")
    assert "Standar pelayanan LPSE Kota Depok tidak mengatur layanan agregasi" in agregasi
    assert links(agregasi) == []
    assert links(section(page, "Permohonan")) == [
        "Ajukan perubahan email",
        "Ajukan perubahan NPWP",
        "Ajukan perubahan data lainnya",
    ], "DPK-1b for every data change; CV → PT only for a CV; no deactivation service"
    async with browser(app) as temanggung:
        await sign_in(temanggung, "CVTMG")
        page = (await temanggung.get("/akun/")).text
    assert re.search(r'<a href="/akun/agregasi"[^>]*>Lakukan aktivasi agregasi</a>', section(page, "Agregasi"))
    assert links(section(page, "Permohonan")) == [
        "Ajukan perubahan email",
        "Ajukan perubahan NPWP",
        "Ajukan perubahan data lainnya",
    ], "Temanggung's data changes follow TMG-1P (CV → PT only for a CV); no deactivation, agregasi is self-service"


async def test_changing_the_password_ends_the_other_sessions_and_is_announced(app: FastAPI, nc: Client) -> None:
    provider_id = await provider(app, "depok", "CVMAJU")
    pool = app.state.runtime.pool
    async with browser(app) as phone, browser(app) as office:
        await sign_in(phone, "CVMAJU")
        await sign_in(office, "CVMAJU")
        form = await office.get("/akun/kata-sandi")
        for label in ("Kata sandi sekarang", "Kata sandi baru", "Ulangi kata sandi baru", "Simpan kata sandi"):
            assert label in form.text
        refusals = {
            ("salah-salah-salah", "baru-baru-baru-1", "baru-baru-baru-1"): "Kata sandi sekarang tidak sesuai.",
            (PASSWORD, PASSWORD, PASSWORD): "Kata sandi baru harus berbeda dari kata sandi sekarang.",
            (PASSWORD, "pendek", "pendek"): "Kata sandi minimal 10 karakter.",
            (PASSWORD, "baru-baru-baru-1", "baru-baru-baru-2"): "Kedua kata sandi tidak sama.",
        }
        for (current, new, repeat), message in refusals.items():
            refused = await office.post(
                "/akun/kata-sandi", data={"current": current, "password": new, "repeat": repeat}
            )
            assert refused.status_code == 422 and message in refused.text, message
        assert await pool.fetchval("SELECT count(*) FROM account_history") == 0, "a refusal stores nothing"
        done = await office.post(
            "/akun/kata-sandi", data={"current": PASSWORD, "password": "baru-baru-baru-1", "repeat": "baru-baru-baru-1"}
        )
        assert done.status_code == 200 and "Kata sandi Anda telah diubah." in done.text
        assert (await office.get("/akun/")).status_code == 200, "the session that changed it stays"
        assert (await phone.get("/akun/")).status_code == 303, "every other session of the account ends"
    stored = await pool.fetchval("SELECT password_hash FROM providers WHERE id = $1", provider_id)
    assert password_matches(stored, "baru-baru-baru-1")
    history = await pool.fetch("SELECT what, actor FROM account_history WHERE provider_id = $1", provider_id)
    assert [tuple(r) for r in history] == [("Kata sandi diubah", "Anda")]
    audit = await pool.fetch("SELECT actor_id, action, entity_id FROM audit_log")
    assert [tuple(r) for r in audit] == [("CVMAJU", "change_password", str(provider_id))]

    async def published() -> bool:
        return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

    await eventually(published, what="the password change to be published")
    fact = await nc.jetstream().get_last_msg("VERIFICATION", "verification.depok.account.password_changed.v1")
    body = json.loads(fact.data or b"{}")
    assert (body["provider_id"], body["user_id"], body["email"]) == (
        str(provider_id),
        "CVMAJU",
        "direktur@contoh.co.id",
    )
    assert "baru-baru-baru-1" not in (fact.data or b"").decode() and "password_hash" not in body


async def test_hostile_input_gets_a_message_beside_the_field_and_stores_nothing(app: FastAPI) -> None:
    await provider(app, "depok", "CVMAJU")
    pool = app.state.runtime.pool
    async with browser(app) as client:
        too_long = await sign_in(client, "X" * 201)
        assert too_long.status_code == 422 and 'id="user_id-error"' in too_long.text
        odd = await sign_in(client, "CVMAJU\x00", next="/akun/" + "é" * 3000)
        assert odd.status_code == 422 and 'id="user_id-error"' in odd.text
        assert await pool.fetchval("SELECT count(*) FROM provider_sign_in_failures") == 0, "nothing counted"
        await sign_in(client, "CVMAJU")
        control = await client.post(
            "/akun/kata-sandi", data={"current": PASSWORD, "password": "a\x07" * 6, "repeat": ""}
        )
        assert control.status_code == 422 and 'id="password-error"' in control.text
    assert await pool.fetchval("SELECT count(*) FROM account_history") == 0


async def test_an_unknown_user_id_costs_the_same_argon2_check_as_a_wrong_password(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    async def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return await password_matches_off_loop(stored, password)

    monkeypatch.setattr(usecases, "password_matches_off_loop", counted)
    provider_id = await provider(app, "depok", "CVMAJU")
    known = await app.state.runtime.pool.fetchval("SELECT password_hash FROM providers WHERE id = $1", provider_id)
    async with browser(app) as client:
        for user_id in ("CVTIDAKADA", "CVMAJU"):
            assert (await sign_in(client, user_id, "salah-sekali-123")).status_code == 401
    assert checked == [dummy_hash(), known], "one argon2 check each: the unknown one against a hash of the same cost"
