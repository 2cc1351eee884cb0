"""The platform administrator's account pages and the facts they publish, over real PostgreSQL and JetStream.

The oracle is the README ("Staff accounts"): only `admin_platform` manages accounts; an account is created with an
initial password its owner replaces at the first sign-in; disabling ends its sessions at once; each change publishes
one fact on `identity.<lpse>.staff_account.*.v1` and leaves one audit row naming the role that authorized it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from identity import usecases
from identity.app import create_app
from identity.seed import seed_staff
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.security import CSRF_COOKIE
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, eventually, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
ADMIN = {"username": "admin.platform", "password": "admin-platform-2026", "name": "Admin", "full_name": "Admin P."}
# One person who verifies in Depok and administers the platform: the role that authorizes is what is recorded.
TWO_HATS = {"username": "dua.peran", "password": "dua-peran-2026", "name": "Dua", "full_name": "Dua Peran"}
RINA = {"username": "rina", "password": "rina-sandi-2026", "name": "Rina", "full_name": "Rina K., S.Kom."}
SEEDED: list[dict[str, Any]] = [
    {**ADMIN, "role": "admin_platform", "lpse": "*"},
    {**TWO_HATS, "roles": [{"role": "verifikator", "lpse": "depok"}, {"role": "admin_platform", "lpse": "*"}]},
    {**RINA, "role": "verifikator", "lpse": "depok"},
]
NEW: dict[str, Any] = {
    "username": "sari.helpdesk",
    "name": "Sari",
    "full_name": "Sari Lestari, S.Sos.",
    "password": "awal-sandi-12345",
    "repeat": "awal-sandi-12345",
    "grant": ["helpdesk@depok"],
}


@pytest.fixture
async def db_url(infra: Infra) -> str:
    url = await reset_schema(infra, "identity")
    await seed_staff(url, SEEDED, now=START)
    return url


@pytest.fixture
async def app(infra: Infra, nc: Client, db_url: str) -> AsyncIterator[FastAPI]:
    built = create_app(Settings(database_url=db_url, nats_url=infra.nats_url), clock=SettableClock(START))
    async with built.router.lifespan_context(built):
        yield built


def browser(app: FastAPI, address: str = "10.2.2.2") -> httpx.AsyncClient:
    return SiteClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url="http://id")


def credentials(who: dict[str, Any]) -> dict[str, str]:
    return {"username": who["username"], "password": who["password"]}


async def signed_in(app: FastAPI, who: dict[str, Any], address: str = "10.2.2.2") -> httpx.AsyncClient:
    client = browser(app, address)
    answer = await client.post("/staf/masuk", data={"username": who["username"], "password": who["password"]})
    assert answer.status_code == 303, answer.text
    return client


async def published(nc: Client, subject: str) -> list[dict[str, Any]]:
    """Every payload the IDENTITY stream holds on this subject, in order."""
    js = nc.jetstream()
    info = await js.stream_info("IDENTITY", subjects_filter=subject)
    total = sum((info.state.subjects or {}).values())
    if total == 0:
        return []
    reader = await js.pull_subscribe(subject, stream="IDENTITY")
    try:
        messages = await reader.fetch(total, timeout=5)
    finally:
        await reader.unsubscribe()
    return [json.loads(m.data) for m in messages]


async def facts(nc: Client, subject: str, count: int, username: str | None = None) -> list[dict[str, Any]]:
    """Wait until the IDENTITY stream holds `count` facts on this subject (about this account, when given)."""
    found: list[dict[str, Any]] = []

    async def arrived() -> bool:
        nonlocal found
        found = [f for f in await published(nc, subject) if username is None or f["username"] == username]
        return len(found) >= count

    await eventually(arrived, timeout=15, what=f"{count} × {subject}")
    return found


async def audit_rows(db_url: str, username: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(db_url)
    try:
        rows: list[asyncpg.Record] = await conn.fetch(
            """SELECT actor_id, actor_role, action, before, after, reason FROM audit_log
               WHERE entity_id = $1 ORDER BY id""",
            username,
        )
    finally:
        await conn.close()
    return rows


async def test_the_administrator_creates_an_account_whose_owner_must_replace_the_initial_password(
    app: FastAPI, nc: Client, db_url: str
) -> None:
    admin = await signed_in(app, ADMIN)
    form = await admin.get("/staf/pengguna/baru")
    assert form.status_code == 200 and "Buat akun staf baru" in form.text
    assert 'id="grant-helpdesk-depok"' in form.text and "Helpdesk — LPSE" in form.text
    created = await admin.post("/staf/pengguna/baru", data=NEW)
    assert created.status_code == 303 and created.headers["location"] == "/staf/pengguna/?info=dibuat"
    listing = await admin.get(created.headers["location"])
    assert "sari.helpdesk" in listing.text and "wajib menggantinya saat pertama kali masuk" in listing.text

    [fact] = await facts(nc, "identity.depok.staff_account.created.v1", 1, "sari.helpdesk")
    assert fact["username"] == "sari.helpdesk" and fact["grants"] == [{"role": "helpdesk", "lpse": "depok"}]
    assert fact["actor"] == {"id": "admin.platform", "role": "admin_platform"}
    assert NEW["password"] not in json.dumps(fact) and "password_hash" not in json.dumps(fact)

    owner = browser(app, "10.3.3.3")
    first = await owner.post("/staf/masuk", data={"username": "sari.helpdesk", "password": NEW["password"]})
    assert first.status_code == 303 and first.headers["location"] == "/staf/sandi?wajib=1"
    assert "Ganti kata sandi awal" in (await owner.get(first.headers["location"])).text
    changed = await owner.post(
        "/staf/sandi", data={"current": NEW["password"], "new": "sandi-pilihan-sari", "repeat": "sandi-pilihan-sari"}
    )
    assert changed.status_code == 200 and "sudah diganti" in changed.text
    [password_fact] = await facts(nc, "identity.depok.staff_account.password_changed.v1", 1)
    assert password_fact["username"] == "sari.helpdesk" and "sandi-pilihan-sari" not in json.dumps(password_fact)
    again = await browser(app, "10.3.3.4").post(
        "/staf/masuk", data={"username": "sari.helpdesk", "password": "sandi-pilihan-sari"}
    )
    assert again.status_code == 303 and again.headers["location"] == "/staf/"
    rows = await audit_rows(db_url, "sari.helpdesk")
    assert [(r["actor_id"], r["actor_role"], r["action"]) for r in rows] == [
        ("admin.platform", "admin_platform", "created"),
        ("sari.helpdesk", "helpdesk", "password_changed"),
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"username": "A b"}, "username", "Nama pengguna 3–40 karakter"),
        ({"username": "rina"}, "username", "Nama pengguna ini sudah dipakai akun lain."),
        ({"name": ""}, "name", "Nama tampilan wajib diisi"),
        ({"full_name": " "}, "full_name", "Nama lengkap beserta gelar wajib diisi"),
        ({"password": "pendek", "repeat": "pendek"}, "password", "Kata sandi awal minimal 10 karakter."),
        ({"password": "x-sari.helpdesk-x", "repeat": "x-sari.helpdesk-x"}, "password", "tidak boleh memuat nama"),
        ({"repeat": "lain-sekali-123"}, "repeat", "Ulangi kata sandi awal dengan persis sama."),
        ({"email": "kepala@depok"}, "email", "Alamat email tidak valid, contoh: kepala.lpse@kotaanda.go.id."),
        ({"grant": []}, "grants", "Pilih minimal satu peran."),
        ({"grant": ["verifikator@*"]}, "grants", "Pilih peran dari daftar yang tersedia."),
        ({"grant": ["admin_platform@depok"]}, "grants", "Pilih peran dari daftar yang tersedia."),
    ],
)
async def test_bad_input_is_answered_beside_its_field_and_stores_nothing(
    app: FastAPI, nc: Client, db_url: str, change: dict[str, Any], field: str, message: str
) -> None:
    admin = await signed_in(app, ADMIN)
    answer = await admin.post("/staf/pengguna/baru", data={**NEW, **change})
    assert answer.status_code == 422
    assert f'id="{field}-error">' in answer.text and message in answer.text
    assert NEW["password"] not in answer.text, "a password is never written back into the page"
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM staff_accounts WHERE username = 'sari.helpdesk'") == 0
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE subject LIKE '%created%'") == 0
    finally:
        await conn.close()


async def test_disabling_ends_every_session_of_the_account_at_once(app: FastAPI, nc: Client, db_url: str) -> None:
    rina = await signed_in(app, RINA, "10.4.4.4")
    assert (await rina.get("/staf/sandi")).status_code == 200
    admin = await signed_in(app, ADMIN)
    disabled = await admin.post("/staf/pengguna/rina/nonaktifkan")
    assert disabled.status_code == 303 and disabled.headers["location"] == "/staf/pengguna/rina?info=nonaktif"
    page = await admin.get(disabled.headers["location"])
    assert "semua sesinya sudah diakhiri" in page.text and "Aktifkan kembali akun" in page.text
    shut_out = await rina.get("/staf/sandi")
    assert shut_out.status_code == 303 and shut_out.headers["location"].startswith("/staf/masuk")
    refused = await browser(app, "10.4.4.5").post(
        "/staf/masuk", data={"username": "rina", "password": RINA["password"]}
    )
    assert refused.status_code == 401
    [fact] = await facts(nc, "identity.depok.staff_account.changed.v1", 1)
    assert (fact["change"], fact["active"], fact["sessions_ended"]) == ("disabled", False, 1)

    twice = await admin.post("/staf/pengguna/rina/nonaktifkan")
    assert twice.status_code == 422 and "Akun ini sudah nonaktif." in twice.text
    assert (await admin.post("/staf/pengguna/rina/aktifkan")).status_code == 303
    assert (await signed_in(app, RINA, "10.4.4.6")).cookies.get(SESSION_COOKIE)
    changes = await facts(nc, "identity.depok.staff_account.changed.v1", 2)
    assert [(f["change"], f["active"]) for f in changes] == [("disabled", False), ("enabled", True)]
    rows = await audit_rows(db_url, "rina")
    assert [(r["action"], r["before"], r["after"], r["reason"]) for r in rows] == [
        ("created", None, "verifikator@depok", None),
        ("disabled", "aktif", "nonaktif", "1 sesi diakhiri"),
        ("enabled", "nonaktif", "aktif", None),
    ]


async def test_a_role_change_is_published_with_the_role_that_authorized_it(
    app: FastAPI, nc: Client, db_url: str
) -> None:
    two_hats = await signed_in(app, TWO_HATS)
    changed = await two_hats.post(
        "/staf/pengguna/rina/peran", data={"grant": ["verifikator@depok", "kepala_lpse@depok"]}
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/staf/pengguna/rina?info=peran"
    [fact] = await facts(nc, "identity.depok.staff_account.changed.v1", 1)
    assert fact["actor"] == {"id": "dua.peran", "role": "admin_platform"}, "not its first role, verifikator"
    assert fact["grants"] == [{"role": "kepala_lpse", "lpse": "depok"}, {"role": "verifikator", "lpse": "depok"}]
    [*_, row] = await audit_rows(db_url, "rina")
    assert (row["actor_role"], row["action"], row["before"], row["after"]) == (
        "admin_platform",
        "roles",
        "verifikator@depok",
        "kepala_lpse@depok, verifikator@depok",
    )
    moved = await two_hats.post("/staf/pengguna/rina/peran", data={"grant": ["verifikator@banjarmasin"]})
    assert moved.status_code == 303
    [left] = await facts(nc, "identity.platform.staff_account.changed.v1", 1)
    assert left["grants"] == [{"role": "verifikator", "lpse": "banjarmasin"}], "leaving Depok spans two LPSEs"


async def test_the_administrator_cannot_lock_themselves_out(app: FastAPI) -> None:
    admin = await signed_in(app, ADMIN)
    own = await admin.post("/staf/pengguna/admin.platform/nonaktifkan")
    assert own.status_code == 422 and "tidak dapat menonaktifkan atau mengaktifkan akun Anda sendiri" in own.text
    dropped = await admin.post("/staf/pengguna/admin.platform/peran", data={"grant": ["operator@*"]})
    assert dropped.status_code == 422 and "tidak dapat melepas peran admin platform" in dropped.text
    assert (await admin.get("/staf/pengguna/")).status_code == 200


async def test_other_roles_get_no_account_page_and_an_unknown_account_is_404(app: FastAPI) -> None:
    rina = await signed_in(app, RINA)
    assert (await rina.get("/staf/pengguna/")).status_code == 403
    assert (await rina.post("/staf/pengguna/baru", data=NEW)).status_code == 403
    admin = await signed_in(app, ADMIN, "10.5.5.5")
    assert (await admin.get("/staf/pengguna/tidak.ada")).status_code == 404
    assert (await admin.post("/staf/pengguna/tidak.ada/nonaktifkan")).status_code == 404


async def test_the_seed_publishes_each_accounts_facts_once(app: FastAPI, nc: Client, db_url: str) -> None:
    created = await facts(nc, "identity.*.staff_account.created.v1", len(SEEDED))
    assert sorted(f["username"] for f in created) == sorted(a["username"] for a in SEEDED)
    assert {f["actor"]["id"] for f in created} == {"seed"}
    again = await seed_staff(db_url, SEEDED, now=START)
    assert again == {"unchanged": len(SEEDED)}
    moved = await seed_staff(db_url, [{**RINA, "role": "kepala_lpse", "lpse": "depok"}], now=START)
    assert moved == {"changed": 1}
    [change] = await facts(nc, "identity.depok.staff_account.changed.v1", 1)
    assert change["grants"] == [{"role": "kepala_lpse", "lpse": "depok"}]
    info = await nc.jetstream().stream_info("IDENTITY", subjects_filter="identity.>")
    assert sum((info.state.subjects or {}).values()) == len(SEEDED) + 1, "a re-seed publishes nothing new"


async def test_a_csrf_token_read_before_sign_in_is_refused_after_it(app: FastAPI) -> None:
    client = browser(app)
    await client.get("/staf/masuk")
    before = client.cookies[CSRF_COOKIE]
    signed = await client.post("/staf/masuk", data={"username": RINA["username"], "password": RINA["password"]})
    assert signed.status_code == 303
    after = client.cookies[CSRF_COOKIE]
    assert after != before
    stale = await client.post(
        "/staf/sandi", data={"current": "x", "new": "y", "repeat": "z"}, headers={"x-csrftoken": before}
    )
    assert stale.status_code == 403 and "tidak dikirim dari halaman situs ini" in stale.text
    fresh = await client.post("/staf/sandi", data={"current": "x", "new": "y", "repeat": "z"})
    assert fresh.status_code == 422, "the new token works"


async def test_simultaneous_wrong_passwords_are_each_counted(app: FastAPI, db_url: str) -> None:
    pool = app.state.runtime.pool
    attempts = 8
    results = await asyncio.gather(
        *(usecases.sign_in(pool, "rina", f"salah-{i}", f"10.6.6.{i}", START, None) for i in range(attempts))
    )
    assert all(r.token is None for r in results)
    conn = await asyncpg.connect(db_url)
    try:
        counted = await conn.fetchval("SELECT failures FROM sign_in_failures WHERE key = 'akun:rina'")
    finally:
        await conn.close()
    assert counted == attempts
